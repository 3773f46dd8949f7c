/**
 * The reference anonymous pipe: a transcription of the clauses in
 * `spec/pipe.ts`. Every step that enforces a clause cites its ID.
 *
 * Two layers, as in a kernel:
 *
 * - {@link ReferencePipeEnd} is the descriptor. It checks what belongs to
 *   the descriptor and the arguments (closed, direction, types, an aborted
 *   signal, zero lengths) before anything changes, then calls the pipe.
 * - {@link ReferencePipe} is the shared pipe object: the buffer, the counts
 *   of open read and write ends across all processes, and the queues of
 *   pending reads and writes.
 *
 * Named pipes (`reference/fifo.ts`) reuse both layers: a FIFO keeps one
 * {@link ReferencePipe} while it is in use and opens its ends here, with one
 * more direction, `"readwrite"`, for an end that counts as a reader and as a
 * writer (FIFO-EOF-2).
 *
 * Everything is synchronous except waiting. A call that makes progress
 * possible does the waiting operations' work itself, before it returns:
 * a write hands its bytes straight to the pending reads (first come, first
 * served), and a read that frees room moves the pending writes' bytes into
 * the buffer. So pending reads exist only while the buffer is empty, and
 * pending writes only while it is too full for the first of them.
 *
 * Choices where the clauses are silent:
 *
 * - `tryRead` sees only the buffer. While reads are pending the buffer is
 *   empty, so `tryRead` fails `EAGAIN` and never takes bytes ahead of them.
 * - `tryWrite` never queues. It may land ahead of pending writes when there
 *   is room (the first pending write is then one of at most `PIPE_BUF`
 *   bytes waiting for all of its room); it never splits one of them, since
 *   they move nothing until they fit.
 * - Closing an end rejects its own pending operations with `EBADF` even when
 *   a write had already moved bytes; those bytes stay in the pipe.
 * - The capacity checks (`EPERM` above `PIPE_MAX_SIZE`) use the credentials
 *   of the process holding the end (for `setCapacity`) or calling `pipe`.
 * - The checks run in this order, the first failing one deciding the error:
 *   closed end (`EBADF`), wrong direction (`EBADF`), argument types and
 *   options (`EINVAL`, also for options that are not an object or a
 *   `signal` that is not an `AbortSignal`), an aborted signal
 *   (`ECANCELED`), zero length (0), no read end (`EPIPE`). So a zero-length
 *   call with an aborted signal rejects `ECANCELED` (PIPE-BLK-6 wins over
 *   PIPE-ERR-5 and PIPE-ERR-6), and an aborted write with no reader rejects
 *   `ECANCELED`, not `EPIPE`.
 * - A pending write keeps a reference to the caller's array and copies from
 *   it as room appears; a pending read writes into the caller's array when
 *   it resolves (as the kernel copies from and to user memory).
 *
 * Signals: a pending read or write is registered with the process holding
 * its end, so a handler run for that process interrupts it through the same
 * path as an abort (`EINTR` instead of `ECANCELED`, or the partial count:
 * PIPE-BLK-7), unless the handler restarts it (PIPE-BLK-8). A write that
 * fails for want of a reader raises `SIGPIPE` on its process first
 * (PIPE-ERR-8); a pending write cut short by the last reader's close raises
 * it during that close, once the write has settled (PIPE-ERR-9).
 *
 * @module
 */

import { DEFAULT_PIPE_CAPACITY, PAGE_SIZE, PIPE_BUF, PIPE_MAX_SIZE, PIPE_MAX_SIZE_PRIVILEGED, ROOT_UID } from "../spec/constants.ts";
import { IpcError } from "../spec/errors.ts";
import type { BlockingOptions, PipeEnd, PipeOptions } from "../spec/pipe.ts";
import { RingBuffer } from "./base/ring-buffer.ts";
import type { Descriptor, ProcessCore } from "./kernel/process.ts";
import { parseBlocking } from "./base/blocking.ts";
import { requireOptionalObject, requirePositiveInteger, requireUint8Array } from "./base/validate.ts";
import { WaitQueue } from "./base/wait-queue.ts";
import type { Waiter } from "./base/wait-queue.ts";
import { canceled } from "./base/interrupt.ts";
import { raiseSigpipe } from "./kernel/signal-delivery.ts";

/**
 * Which way a pipe end moves bytes: `"read"` for a read end, `"write"` for a
 * write end, `"readwrite"` for a FIFO end opened for both (FIFO-EOF-2), which
 * counts as a reader and as a writer.
 *
 * @example Open a read end
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * import type { PipeDirection } from "ipckit/reference";
 * const process = createSystem().spawn();
 * const [reader] = process.pipe();
 * const direction: PipeDirection = "read";
 * console.assert(reader.pipe.openEnd(direction, process, "dup").readable);
 * ```
 */
export type PipeDirection = "read" | "write" | "readwrite";

/** The two transfers, which name the system calls `read(2)` and `write(2)`. */
type Transfer = "read" | "write";

/** A read waiting on an empty pipe. */
interface PendingRead {
  /** The end it was made through (PIPE-LIFE-4). */
  readonly end: ReferencePipeEnd;
  /** Where its bytes go; never empty (PIPE-ERR-5). */
  readonly buffer: Uint8Array;
}

/** A write waiting for room. */
interface PendingWrite {
  /** The end it was made through (PIPE-LIFE-4). */
  readonly end: ReferencePipeEnd;
  /** All its bytes; never empty (PIPE-ERR-6). */
  readonly data: Uint8Array;
  /** How many of them are already in the pipe (PIPE-ATOM-3, PIPE-BLK-5, PIPE-ERR-2). */
  written: number;
}

/**
 * Rounds a requested capacity as `F_SETPIPE_SZ` does: up to a power-of-two
 * number of pages, at least one page (PIPE-CAP-2). The request is assumed
 * to be a positive integer no larger than `PIPE_MAX_SIZE_PRIVILEGED`.
 *
 * @param bytes - the capacity asked for
 * @returns the capacity the pipe gets
 *
 * @example Round requests to pages
 * ```ts
 * import { roundPipeCapacity } from "ipckit/reference";
 * console.assert(roundPipeCapacity(1) === 4096 && roundPipeCapacity(5000) === 8192 && roundPipeCapacity(65536) === 65536);
 * ```
 */
export function roundPipeCapacity(bytes: number): number {
  const pages = Math.max(1, Math.ceil(bytes / PAGE_SIZE));
  // The smallest power of two >= pages (pages <= 2^19, so 32-bit arithmetic is exact).
  const powerOfTwoPages = pages === 1 ? 1 : 2 ** (32 - Math.clz32(pages - 1));
  return powerOfTwoPages * PAGE_SIZE;
}

/**
 * Checks a capacity request made by `caller` and rounds it: the rules that
 * `pipe({ capacity })` and `setCapacity` share.
 *
 * @param bytes - the capacity asked for
 * @param caller - the process asking, whose credentials decide `EPERM`
 * @param syscall - `"pipe"` or `"fcntl"`, for errors
 * @returns the rounded capacity
 * @throws {IpcError} `EINVAL` (PIPE-CAP-5, PIPE-CAP-3), `EPERM` (PIPE-CAP-3)
 */
function requestedCapacity(bytes: unknown, caller: ProcessCore, syscall: string): number {
  // PIPE-CAP-5: a capacity must be a positive safe integer.
  const asked = requirePositiveInteger(bytes, syscall, "capacity");
  // PIPE-CAP-3: above PIPE_MAX_SIZE_PRIVILEGED nobody may ask...
  if (asked > PIPE_MAX_SIZE_PRIVILEGED) {
    throw new IpcError("EINVAL", syscall, {
      detail: `capacity ${asked} is above the largest pipe size, ${PIPE_MAX_SIZE_PRIVILEGED}`,
    });
  }
  // PIPE-CAP-2: rounded up to a power-of-two number of pages, at least one.
  const capacity = roundPipeCapacity(asked);
  // PIPE-CAP-3: ...and above PIPE_MAX_SIZE only root may.
  if (capacity > PIPE_MAX_SIZE && caller.credentials.uid !== ROOT_UID) {
    throw new IpcError("EPERM", syscall, {
      detail: `capacity ${asked} is above ${PIPE_MAX_SIZE}, the most an unprivileged process may ask for`,
    });
  }
  return capacity;
}

/**
 * Creates an anonymous pipe held by `caller` (`pipe(2)`): the operation
 * behind {@link ReferenceProcess.pipe}, which checks first that the caller
 * is alive.
 *
 * @param caller - the process creating the pipe; it holds both ends
 * @param options - the capacity to ask for (PIPE-CAP-1, PIPE-CAP-2)
 * @returns the read end and the write end, in that order
 * @throws {IpcError} `EINVAL` for options that are not an object or a bad
 *   capacity (PIPE-CAP-5, PIPE-CAP-3), `EPERM` for a capacity above
 *   `PIPE_MAX_SIZE` asked by a process that is not root (PIPE-CAP-3),
 *   `ESRCH` when `caller` has exited
 *
 * @example Create a pipe for a process
 * ```ts
 * import { createPipe, createSystem } from "ipckit/reference";
 * const [reader, writer] = createPipe(createSystem().spawn(), { capacity: 4096 });
 * console.assert(reader.readable && writer.writable && reader.getCapacity() === 4096);
 * ```
 */
export function createPipe(caller: ProcessCore, options?: PipeOptions): readonly [ReferencePipeEnd, ReferencePipeEnd] {
  caller.requireAlive("pipe");
  const checked = requireOptionalObject(options, "pipe", "options");
  const asked = checked?.["capacity"];
  // PIPE-CAP-1: without a request the capacity is DEFAULT_PIPE_CAPACITY (65536).
  const capacity = asked === undefined ? DEFAULT_PIPE_CAPACITY : requestedCapacity(asked, caller, "pipe");
  const pipe = new ReferencePipe(capacity);
  return [pipe.openEnd("read", caller, "pipe"), pipe.openEnd("write", caller, "pipe")] as const;
}

/**
 * The pipe object shared by all the ends of one pipe: the buffer, the
 * counts of open ends and the queues of pending operations.
 *
 * Its operations are the pipe-level halves of `read(2)`, `write(2)` and
 * `close(2)`: {@link ReferencePipeEnd} has already checked the descriptor
 * and the arguments when it calls them, so they are not meant to be called
 * directly. The getters are for inspection.
 *
 * @example Inspect a pipe through one of its ends
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const [reader, writer] = createSystem().spawn().pipe();
 * writer.tryWrite(new Uint8Array(10));
 * console.assert(reader.pipe.buffered === 10 && reader.pipe.readers === 1 && reader.pipe.writers === 1);
 * ```
 */
export class ReferencePipe {
  /** The bytes written and not yet read, oldest first (PIPE-ORD-1); its capacity is the pipe's. */
  readonly #buffer: RingBuffer;
  /** Open read ends, in every process (PIPE-ERR-1, PIPE-ERR-2). */
  #readers = 0;
  /** Open write ends, in every process (PIPE-EOF-1). */
  #writers = 0;
  /** Reads waiting on the empty pipe, first come first served (PIPE-ORD-3). */
  readonly #pendingReads = new WaitQueue<PendingRead, number>();
  /** Writes waiting for room, first come first served (PIPE-ORD-4). */
  readonly #pendingWrites = new WaitQueue<PendingWrite, number>();
  /** Called when the last open end closes (a FIFO's pipe: FIFO-LIFE-2). */
  readonly #onLastClose: (() => void) | undefined;

  /**
   * Creates a pipe with no ends; {@link ReferencePipe.openEnd} opens them.
   * Use {@link createPipe} (or `IpcProcess.pipe`) to make a pipe with both ends.
   *
   * @param capacity - the capacity in bytes, already checked and rounded
   * @param onLastClose - called each time the last open end closes (a FIFO
   *   uses it to drop its pipe: FIFO-LIFE-2); an anonymous pipe has none
   * @throws {RangeError} when `capacity` is not a non-negative safe integer
   *
   * @example A pipe with one read end
   * ```ts
   * import { ReferencePipe, createSystem } from "ipckit/reference";
   * const pipe = new ReferencePipe(4096);
   * const reader = pipe.openEnd("read", createSystem().spawn(), "pipe");
   * console.assert(pipe.readers === 1 && reader.getCapacity() === 4096);
   * ```
   */
  constructor(capacity: number = DEFAULT_PIPE_CAPACITY, onLastClose?: () => void) {
    this.#buffer = new RingBuffer(capacity);
    this.#onLastClose = onLastClose;
  }

  /**
   * The capacity in bytes (PIPE-CAP-1).
   *
   * @returns the capacity
   *
   * @example The default capacity
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader] = createSystem().spawn().pipe();
   * console.assert(reader.pipe.capacity === 65536);
   * ```
   */
  get capacity(): number {
    return this.#buffer.capacity;
  }

  /**
   * The bytes written and not yet read.
   *
   * @returns the count
   *
   * @example Bytes waiting to be read
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader, writer] = createSystem().spawn().pipe();
   * writer.tryWrite(new Uint8Array(3));
   * console.assert(reader.pipe.buffered === 3);
   * ```
   */
  get buffered(): number {
    return this.#buffer.length;
  }

  /**
   * The room left: capacity minus the bytes buffered.
   *
   * @returns the count of bytes that fit now
   *
   * @example Room left after a write
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader, writer] = createSystem().spawn().pipe();
   * writer.tryWrite(new Uint8Array(36));
   * console.assert(reader.pipe.room === 65500);
   * ```
   */
  get room(): number {
    return this.#buffer.free;
  }

  /**
   * The number of open read ends, in every process.
   *
   * @returns the count
   *
   * @example A duplicate counts as a reader
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader] = createSystem().spawn().pipe();
   * reader.dup();
   * console.assert(reader.pipe.readers === 2);
   * ```
   */
  get readers(): number {
    return this.#readers;
  }

  /**
   * The number of open write ends, in every process.
   *
   * @returns the count
   *
   * @example No writer left after close
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader, writer] = createSystem().spawn().pipe();
   * writer.close();
   * console.assert(reader.pipe.writers === 0);
   * ```
   */
  get writers(): number {
    return this.#writers;
  }

  /**
   * The number of reads waiting on the empty pipe.
   *
   * @returns the count
   *
   * @example A read waits on the empty pipe
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader] = createSystem().spawn().pipe();
   * void reader.read(new Uint8Array(1));
   * console.assert(reader.pipe.pendingReads === 1);
   * ```
   */
  get pendingReads(): number {
    return this.#pendingReads.size;
  }

  /**
   * The number of writes waiting for room.
   *
   * @returns the count
   *
   * @example A write waits for room
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [, writer] = createSystem().spawn().pipe({ capacity: 4096 });
   * void writer.write(new Uint8Array(5000));
   * console.assert(writer.pipe.pendingWrites === 1);
   * ```
   */
  get pendingWrites(): number {
    return this.#pendingWrites.size;
  }

  /**
   * Opens a new end of this pipe held by `owner`: `pipe(2)`, `dup(2)` and
   * `fork(2)` all come down to this. The end counts towards the readers or
   * writers until it is closed.
   *
   * @param direction - `"read"`, `"write"` or (for a FIFO) `"readwrite"`
   * @param owner - the process that holds the new end
   * @param syscall - the operation opening it, for errors
   * @returns the new end, registered in `owner`'s descriptor table
   * @throws {IpcError} `ESRCH` when `owner` has exited
   *
   * @example Open one more read end
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const [reader] = process.pipe();
   * const another = reader.pipe.openEnd("read", process, "dup");
   * console.assert(another.readable && reader.pipe.readers === 2);
   * ```
   */
  openEnd(direction: PipeDirection, owner: ProcessCore, syscall: string): ReferencePipeEnd {
    owner.requireAlive(syscall);
    const end = new ReferencePipeEnd(this, direction, owner);
    // FIFO-EOF-2: a readwrite end counts as a reader and as a writer.
    if (end.readable) this.#readers += 1;
    if (end.writable) this.#writers += 1;
    owner.addDescriptor(end);
    return end;
  }

  /**
   * The pipe's half of a blocking `read(2)` into a non-empty buffer.
   *
   * @param end - the read end it is made through
   * @param buffer - where the bytes go, not empty
   * @param signal - stops the wait when it fires, not yet aborted
   * @returns the count read, 0 at end of file
   * @throws {IpcError} (as a rejection) `ECANCELED` when aborted (PIPE-BLK-4);
   *   `EINTR` when a handler interrupts it (PIPE-BLK-7); `EBADF` when `end`
   *   closes while the read waits (PIPE-LIFE-4)
   *
   * @example The pipe's read resolves when bytes arrive
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader, writer] = createSystem().spawn().pipe();
   * const pending = reader.pipe.read(reader, new Uint8Array(4), undefined);
   * writer.tryWrite(new Uint8Array([1]));
   * console.assert((await pending) === 1);
   * ```
   */
  read(end: ReferencePipeEnd, buffer: Uint8Array, signal: AbortSignal | undefined): Promise<number> {
    // PIPE-BLK-2: bytes are available: take min(buffer.length, buffered) now,
    // without waiting to fill the buffer. (Pending reads exist only while the
    // buffer is empty, so this takes nothing from under them: PIPE-ORD-3.)
    if (this.#buffer.length > 0) return Promise.resolve(this.#take(buffer));
    // PIPE-EOF-1, PIPE-EOF-2: empty, and no write end open anywhere: end of file.
    if (this.#writers === 0) return Promise.resolve(0);
    // PIPE-BLK-1: empty while a write end is open: wait, behind the reads
    // already waiting (PIPE-ORD-3), registered with the reader's process so a
    // handler may interrupt it (PIPE-BLK-7) or restart it (PIPE-BLK-8).
    const waiter = this.#pendingReads.enqueue(
      { end, buffer },
      {
        signal,
        blocker: end.owner,
        syscall: "read",
        restart: "restart",
        onAbort: (aborted, reason) => {
          // PIPE-BLK-4: an aborted read rejects ECANCELED; PIPE-BLK-7: an
          // interrupted one EINTR (PIPE-BLK-8: unless its handler restarts it,
          // when it is never interrupted and keeps its place). It consumed no
          // byte: bytes reach a pending read only as it resolves (see #deliver).
          this.#pendingReads.reject(aborted, canceled("read", reason));
        },
      },
    );
    return waiter.promise;
  }

  /**
   * The pipe's half of a non-blocking `read(2)` into a non-empty buffer.
   *
   * @param buffer - where the bytes go, not empty
   * @returns the count read, 0 at end of file (PIPE-EOF-4)
   * @throws {IpcError} `EAGAIN` when the pipe is empty and a write end is open (PIPE-NB-1)
   *
   * @example The pipe's tryRead takes what is buffered
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader, writer] = createSystem().spawn().pipe();
   * writer.tryWrite(new Uint8Array([5, 6]));
   * console.assert(reader.pipe.tryRead(new Uint8Array(8)) === 2);
   * ```
   */
  tryRead(buffer: Uint8Array): number {
    // PIPE-BLK-2: whatever is buffered, up to buffer.length.
    if (this.#buffer.length > 0) return this.#take(buffer);
    // PIPE-EOF-4: at end of file, 0 (and 0 again on every later call), not EAGAIN;
    // so too for a FIFO read end no writer has opened yet (FIFO-EOF-1).
    if (this.#writers === 0) return 0;
    // PIPE-NB-1: empty while a write end is open: EAGAIN. (With reads pending
    // the buffer is always empty, so tryRead never overtakes them.)
    throw new IpcError("EAGAIN", "read", { detail: "the pipe is empty and a write end is open" });
  }

  /**
   * The pipe's half of a blocking `write(2)` of a non-empty array while a
   * read end is open.
   *
   * @param end - the write end it is made through
   * @param data - the bytes, not empty
   * @param signal - stops the wait when it fires, not yet aborted
   * @returns `data.length`, or the count moved when aborted, interrupted or
   *   when the last read end closed mid-write
   * @throws {IpcError} (as a rejection) `ECANCELED` (PIPE-BLK-5), `EINTR`
   *   (PIPE-BLK-7), `EPIPE` (PIPE-ERR-2, PIPE-ERR-9), `EBADF` when `end`
   *   closes while the write waits (PIPE-LIFE-4)
   *
   * @example The pipe's write of a short array
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [, writer] = createSystem().spawn().pipe();
   * console.assert((await writer.pipe.write(writer, new Uint8Array(3), undefined)) === 3);
   * ```
   */
  write(end: ReferencePipeEnd, data: Uint8Array, signal: AbortSignal | undefined): Promise<number> {
    const length = data.length;
    let written = 0;
    // PIPE-ORD-4: while writes are pending, a new blocking write queues behind
    // them, even when it would fit: it never lands before an earlier one.
    if (this.#pendingWrites.isEmpty) {
      if (length <= PIPE_BUF) {
        // PIPE-ATOM-2: a write of at most PIPE_BUF bytes lands only when all of
        // it fits, and then all at once, so nothing interleaves (PIPE-ATOM-1).
        if (length <= this.#buffer.free) {
          this.#deliver(data);
          return Promise.resolve(length);
        }
      } else {
        // PIPE-ATOM-3: a longer write moves what fits now and waits for room
        // for the rest; it resolves only once every byte is written.
        written = this.#deliver(data);
        if (written === length) return Promise.resolve(length);
      }
    }
    // PIPE-BLK-3: it does not fit (or others wait first): wait until reads make
    // room, registered with the writer's process (PIPE-BLK-7, PIPE-BLK-8).
    const waiter = this.#pendingWrites.enqueue(
      { end, data, written },
      { signal, blocker: end.owner, syscall: "write", restart: "restart", onAbort: (aborted, reason) => this.#abortWrite(aborted, reason) },
    );
    return waiter.promise;
  }

  /**
   * The pipe's half of a non-blocking `write(2)` of a non-empty array while a
   * read end is open.
   *
   * @param data - the bytes, not empty
   * @returns the count written
   * @throws {IpcError} `EAGAIN` when a write of at most `PIPE_BUF` bytes does
   *   not fit whole (PIPE-NB-2) or the pipe is full (PIPE-NB-3)
   *
   * @example The pipe's tryWrite fills the room
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [, writer] = createSystem().spawn().pipe({ capacity: 4096 });
   * console.assert(writer.pipe.tryWrite(new Uint8Array(10000)) === 4096);
   * ```
   */
  tryWrite(data: Uint8Array): number {
    const length = data.length;
    const room = this.#buffer.free;
    if (length <= PIPE_BUF) {
      // PIPE-NB-2: at most PIPE_BUF bytes: all of them (PIPE-ATOM-1) or EAGAIN, nothing written.
      if (length > room) {
        throw new IpcError("EAGAIN", "write", {
          detail: `${length} bytes (at most PIPE_BUF) must be written whole and only ${room} are free`,
        });
      }
      this.#deliver(data);
      return length;
    }
    // PIPE-NB-3: more than PIPE_BUF bytes into a full pipe: EAGAIN.
    if (room === 0) throw new IpcError("EAGAIN", "write", { detail: "the pipe is full" });
    // PIPE-NB-4: otherwise fill the room: min(length, room) bytes.
    const count = Math.min(length, room);
    this.#deliver(count === length ? data : data.subarray(0, count));
    return count;
  }

  /**
   * Sets the capacity (the pipe's half of `fcntl(F_SETPIPE_SZ)`).
   *
   * @param capacity - the new capacity, already checked and rounded (PIPE-CAP-2)
   * @returns the capacity set
   * @throws {IpcError} `EBUSY` when below the bytes buffered (PIPE-CAP-4)
   *
   * @example Raise the capacity
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader] = createSystem().spawn().pipe();
   * console.assert(reader.pipe.setCapacity(8192) === 8192 && reader.getCapacity() === 8192);
   * ```
   */
  setCapacity(capacity: number): number {
    // PIPE-CAP-4: never below the bytes buffered; the capacity stays as it was.
    if (capacity < this.#buffer.length) {
      throw new IpcError("EBUSY", "fcntl", {
        detail: `capacity ${capacity} is below the ${this.#buffer.length} bytes buffered`,
      });
    }
    const raised = capacity > this.#buffer.capacity;
    this.#buffer.setCapacity(capacity);
    // PIPE-CAP-6: a raise takes effect at once: pending writes that now fit proceed.
    if (raised) this.#admitPendingWrites();
    return capacity;
  }

  /**
   * The pipe's half of `close(2)`: `end` no longer counts, its own pending
   * operations end, and the pipe tells the other side when `end` was the
   * last of its kind (the last reader's close raises `SIGPIPE` on the
   * writers it cuts short: PIPE-ERR-9).
   *
   * @param end - an end of this pipe, just marked closed
   *
   * @example Closing the write end updates the count
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader, writer] = createSystem().spawn().pipe();
   * writer.close(); // calls writer.pipe.closeEnd(writer)
   * console.assert(reader.pipe.writers === 0);
   * ```
   */
  closeEnd(end: ReferencePipeEnd): void {
    // PIPE-LIFE-4: the operations pending through this end reject EBADF (even a
    // write that moved bytes: those stay in the pipe); those made through
    // other ends keep waiting. A readwrite FIFO end (FIFO-EOF-2) ends both kinds
    // of its own before it stops counting as a reader and a writer.
    if (end.readable) {
      for (const waiter of this.#pendingReads) {
        if (waiter.payload.end === end) {
          this.#pendingReads.reject(waiter, new IpcError("EBADF", "read", { detail: "the end was closed while the read waited" }));
        }
      }
    }
    if (end.writable) {
      for (const waiter of this.#pendingWrites) {
        if (waiter.payload.end === end) {
          this.#pendingWrites.reject(waiter, new IpcError("EBADF", "write", { detail: "the end was closed while the write waited" }));
        }
      }
    }
    // PIPE-ERR-9: the processes whose pending writes the last reader cut short.
    const brokenWriters: ProcessCore[] = [];
    if (end.readable) {
      this.#readers -= 1;
      if (this.#readers === 0) {
        // PIPE-ERR-2: the last read end closed: every pending write resolves
        // with the count it already moved, or fails EPIPE when none.
        for (const waiter of this.#pendingWrites) {
          const { written } = waiter.payload;
          brokenWriters.push(waiter.payload.end.owner);
          if (written > 0) this.#pendingWrites.resolve(waiter, written);
          else this.#pendingWrites.reject(waiter, new IpcError("EPIPE", "write", { detail: "the last read end closed" }));
        }
      }
    }
    if (end.writable) {
      this.#writers -= 1;
      if (this.#writers === 0) {
        // PIPE-EOF-3: the last write end closed: every pending read resolves 0.
        // (They wait only on an empty buffer, so no byte is left for them: PIPE-EOF-2.)
        for (const waiter of this.#pendingReads) this.#pendingReads.resolve(waiter, 0);
      } else {
        // PIPE-ORD-4: with a closed end's write gone from the head, the next may fit.
        this.#admitPendingWrites();
      }
    }
    // FIFO-LIFE-2: no end is open any more: tell whoever keeps the pipe (a
    // FIFO drops it, and the bytes in it, unless an open of it still waits).
    if (this.#readers === 0 && this.#writers === 0) this.#onLastClose?.();
    // PIPE-ERR-9: each write cut short raises SIGPIPE on its process, once,
    // whether it returned its partial count or failed EPIPE. Raised last, once
    // the pipe is settled, since a writer it terminates closes its own ends.
    for (const writer of brokenWriters) raiseSigpipe(writer);
  }

  /** Reads buffered bytes into `target`, then lets the pending writes into the room freed. */
  #take(target: Uint8Array): number {
    // PIPE-ORD-1, PIPE-ORD-2: the oldest bytes, whichever writes they came from.
    const count = this.#buffer.read(target);
    // PIPE-BLK-3: the room this read made goes to the pending writes, now.
    this.#admitPendingWrites();
    return count;
  }

  /**
   * Moves bytes into the pipe: first straight into the reads waiting on the
   * empty pipe, then into the buffer, as far as there is room.
   *
   * @returns the count moved
   */
  #deliver(source: Uint8Array): number {
    let offset = 0;
    // PIPE-ORD-3: reads waiting on the empty pipe get the bytes first, in the
    // order they started waiting, each as many as its buffer holds (PIPE-BLK-2).
    // Pending reads mean an empty buffer, so order is kept (PIPE-ORD-1).
    for (let reader = this.#pendingReads.peek(); reader !== undefined && offset < source.length; reader = this.#pendingReads.peek()) {
      const { buffer } = reader.payload;
      const count = Math.min(buffer.length, source.length - offset);
      buffer.set(source.subarray(offset, offset + count));
      offset += count;
      this.#pendingReads.resolve(reader, count);
    }
    // PIPE-ORD-1: the rest goes behind the bytes already buffered.
    if (offset < source.length) offset += this.#buffer.write(offset === 0 ? source : source.subarray(offset));
    return offset;
  }

  /** Moves the pending writes into the room there is, strictly in order. */
  #admitPendingWrites(): void {
    for (let writer = this.#pendingWrites.peek(); writer !== undefined; writer = this.#pendingWrites.peek()) {
      const pending = writer.payload;
      const length = pending.data.length;
      if (length <= PIPE_BUF) {
        // PIPE-ATOM-2: nothing moves until all of it fits; then all of it does
        // (PIPE-ATOM-1). PIPE-ORD-4: the writes behind it keep waiting too.
        if (length > this.#buffer.free) return;
        this.#deliver(pending.data);
        pending.written = length;
      } else {
        // PIPE-ATOM-3: as much as fits; it resolves only once all is written.
        pending.written += this.#deliver(pending.data.subarray(pending.written));
        if (pending.written < length) return;
      }
      this.#pendingWrites.resolve(writer, length);
    }
  }

  /** A pending write's signal fired, or a handler interrupted it. */
  #abortWrite(waiter: Waiter<PendingWrite, number>, reason: unknown): void {
    const { written } = waiter.payload;
    // PIPE-BLK-5: resolve with the count already written, which stays readable
    // exactly once, or reject ECANCELED when none was; PIPE-BLK-7: the same for
    // a handler's interruption, with EINTR.
    if (written > 0) this.#pendingWrites.resolve(waiter, written);
    else this.#pendingWrites.reject(waiter, canceled("write", reason));
    // PIPE-ORD-4: with it gone from the head, the next write may fit.
    this.#admitPendingWrites();
  }
}

/**
 * One end of a pipe, as a descriptor held by one process: the reference
 * implementation of `PipeEnd` (from `ipckit/spec`). Made by `IpcProcess.pipe`, `dup` and
 * `fork`; never constructed directly.
 *
 * @example Move bytes through a pipe
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const [reader, writer] = createSystem().spawn().pipe();
 * await writer.write(new Uint8Array([1, 2, 3]));
 * const buffer = new Uint8Array(8);
 * console.assert((await reader.read(buffer)) === 3 && buffer[2] === 3);
 * ```
 */
export class ReferencePipeEnd implements PipeEnd, Descriptor {
  readonly #pipe: ReferencePipe;
  readonly #direction: PipeDirection;
  readonly #owner: ProcessCore;
  #closed = false;

  /**
   * Makes the end object. Only {@link ReferencePipe.openEnd} calls it: that
   * is where the end is counted and registered with its process.
   *
   * @param pipe - the pipe it is an end of
   * @param direction - `"read"`, `"write"` or (for a FIFO) `"readwrite"`
   * @param owner - the process that holds it
   *
   * @example Open ends through the pipe, not with new
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader] = createSystem().spawn().pipe();
   * console.assert(reader.owner.descriptors.includes(reader));
   * ```
   */
  constructor(pipe: ReferencePipe, direction: PipeDirection, owner: ProcessCore) {
    this.#pipe = pipe;
    this.#direction = direction;
    this.#owner = owner;
  }

  /**
   * `true` for a read end.
   *
   * @returns whether this end reads
   *
   * @example Which end reads
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader, writer] = createSystem().spawn().pipe();
   * console.assert(reader.readable && !writer.readable);
   * ```
   */
  get readable(): boolean {
    // FIFO-EOF-2: a readwrite end reads too.
    return this.#direction !== "write";
  }

  /**
   * `true` for a write end.
   *
   * @returns whether this end writes
   *
   * @example Which end writes
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader, writer] = createSystem().spawn().pipe();
   * console.assert(writer.writable && !reader.writable);
   * ```
   */
  get writable(): boolean {
    // FIFO-EOF-2: a readwrite end writes too.
    return this.#direction !== "read";
  }

  /**
   * `true` once this end (this descriptor, not its duplicates) is closed.
   *
   * @returns whether it is closed
   *
   * @example A closed end says so
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader] = createSystem().spawn().pipe();
   * reader.close();
   * console.assert(reader.closed);
   * ```
   */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The process holding this end.
   *
   * @returns the owner
   *
   * @example The process holding an end
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const [reader] = process.pipe();
   * console.assert(reader.owner === process);
   * ```
   */
  get owner(): ProcessCore {
    return this.#owner;
  }

  /**
   * The pipe this is an end of, for inspection.
   *
   * @returns the pipe object, shared by every end of the pipe
   *
   * @example Both ends share one pipe
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader, writer] = createSystem().spawn().pipe();
   * console.assert(reader.pipe === writer.pipe);
   * ```
   */
  get pipe(): ReferencePipe {
    return this.#pipe;
  }

  /**
   * Reads up to `buffer.length` bytes (`read(2)`): see `PipeEnd.read`.
   *
   * @param buffer - where the bytes go; a zero-length buffer resolves 0 at once (PIPE-ERR-5)
   * @param options - an `AbortSignal` to stop waiting (PIPE-BLK-4)
   * @returns the number of bytes read, 0 at end of file
   * @throws {IpcError} (as a rejection, never synchronously) `EBADF`
   *   (PIPE-ERR-3, PIPE-ERR-4, PIPE-LIFE-4), `EINVAL` (PIPE-ERR-7),
   *   `ECANCELED` (PIPE-BLK-4, PIPE-BLK-6), `EINTR` (PIPE-BLK-7; not under
   *   restart: PIPE-BLK-8)
   *
   * @example A read waits for a write
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader, writer] = createSystem().spawn().pipe();
   * const pending = reader.read(new Uint8Array(10));
   * writer.tryWrite(new Uint8Array([7, 8]));
   * console.assert((await pending) === 2);
   * ```
   */
  read(buffer: Uint8Array, options?: BlockingOptions): Promise<number> {
    try {
      this.#checkDescriptor("read");
      // PIPE-ERR-7: the buffer must be a Uint8Array.
      requireUint8Array(buffer, "read", "buffer");
      const { signal } = parseBlocking(options, "read");
      // PIPE-BLK-6: called with an aborted signal: ECANCELED, nothing read.
      if (signal?.aborted === true) throw canceled("read", signal.reason);
      // PIPE-ERR-5: a zero-length read returns 0 at once, even on an empty pipe.
      if (buffer.length === 0) return Promise.resolve(0);
      return this.#pipe.read(this, buffer, signal);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Reads what is available without waiting: see `PipeEnd.tryRead`.
   * Synchronous: returns a number or throws (PIPE-NB-5).
   *
   * @param buffer - where the bytes go
   * @returns the number of bytes read, 0 at end of file (PIPE-EOF-4)
   * @throws {IpcError} `EAGAIN` (PIPE-NB-1), `EBADF` (PIPE-ERR-3, PIPE-ERR-4), `EINVAL` (PIPE-ERR-7)
   *
   * @example A short non-blocking read
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader, writer] = createSystem().spawn().pipe();
   * writer.tryWrite(new Uint8Array([1, 2, 3]));
   * console.assert(reader.tryRead(new Uint8Array(2)) === 2);
   * ```
   */
  tryRead(buffer: Uint8Array): number {
    this.#checkDescriptor("read");
    // PIPE-ERR-7
    requireUint8Array(buffer, "read", "buffer");
    // PIPE-ERR-5
    if (buffer.length === 0) return 0;
    // PIPE-NB-5: no promise on any path.
    return this.#pipe.tryRead(buffer);
  }

  /**
   * Writes all of `data`, waiting for room: see `PipeEnd.write`.
   *
   * @param data - the bytes; a zero-length write resolves 0 at once (PIPE-ERR-6)
   * @param options - an `AbortSignal` to stop waiting (PIPE-BLK-5)
   * @returns `data.length`, or the count already moved when aborted,
   *   interrupted, or when the last reader left mid-write (PIPE-BLK-5,
   *   PIPE-BLK-7, PIPE-ERR-2)
   * @throws {IpcError} (as a rejection, never synchronously) `EPIPE`, after
   *   raising `SIGPIPE` (PIPE-ERR-1, PIPE-ERR-2, PIPE-ERR-8, PIPE-ERR-9),
   *   `EBADF` (PIPE-ERR-3, PIPE-ERR-4, PIPE-LIFE-4), `EINVAL` (PIPE-ERR-7),
   *   `ECANCELED` (PIPE-BLK-5, PIPE-BLK-6), `EINTR` (PIPE-BLK-7; not under
   *   restart: PIPE-BLK-8)
   *
   * @example A write larger than the pipe
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader, writer] = createSystem().spawn().pipe({ capacity: 4096 });
   * const pending = writer.write(new Uint8Array(6000));
   * await reader.read(new Uint8Array(4096));
   * console.assert((await pending) === 6000);
   * ```
   */
  write(data: Uint8Array, options?: BlockingOptions): Promise<number> {
    try {
      this.#checkDescriptor("write");
      // PIPE-ERR-7: the data must be a Uint8Array.
      requireUint8Array(data, "write", "data");
      const { signal } = parseBlocking(options, "write");
      // PIPE-BLK-6: called with an aborted signal: ECANCELED, nothing written.
      if (signal?.aborted === true) throw canceled("write", signal.reason);
      // PIPE-ERR-6: a zero-length write returns 0 at once, even with no reader
      // (and raises no SIGPIPE: PIPE-ERR-8).
      if (data.length === 0) return Promise.resolve(0);
      // PIPE-ERR-1: no read end open anywhere: EPIPE, nothing written;
      // PIPE-ERR-8: SIGPIPE first.
      if (this.#pipe.readers === 0) throw this.#brokenPipe();
      return this.#pipe.write(this, data, signal);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Writes without waiting: see `PipeEnd.tryWrite`. Synchronous:
   * returns a number or throws (PIPE-NB-5). It never waits behind pending
   * writes, so it may land before them when there is room.
   *
   * @param data - the bytes to write
   * @returns the count written
   * @throws {IpcError} `EAGAIN` (PIPE-NB-2, PIPE-NB-3), `EPIPE` after raising
   *   `SIGPIPE` (PIPE-ERR-1, PIPE-ERR-8), `EBADF` (PIPE-ERR-3, PIPE-ERR-4),
   *   `EINVAL` (PIPE-ERR-7)
   *
   * @example Fill a one-page pipe
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [, writer] = createSystem().spawn().pipe({ capacity: 4096 });
   * console.assert(writer.tryWrite(new Uint8Array(5000)) === 4096);
   * ```
   */
  tryWrite(data: Uint8Array): number {
    this.#checkDescriptor("write");
    // PIPE-ERR-7
    requireUint8Array(data, "write", "data");
    // PIPE-ERR-6
    if (data.length === 0) return 0;
    // PIPE-ERR-1, PIPE-ERR-8
    if (this.#pipe.readers === 0) throw this.#brokenPipe();
    // PIPE-NB-5: no promise on any path.
    return this.#pipe.tryWrite(data);
  }

  /**
   * Duplicates this end (`dup(2)`): a new end of the same pipe and
   * direction, held by the same process (PIPE-LIFE-1).
   *
   * @returns the new end
   * @throws {IpcError} `EBADF` when this end is closed (PIPE-ERR-4)
   *
   * @example A duplicate outlives the original
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader] = createSystem().spawn().pipe();
   * const copy = reader.dup();
   * reader.close();
   * console.assert(!copy.closed && copy.readable);
   * ```
   */
  dup(): ReferencePipeEnd {
    // PIPE-ERR-4
    this.#checkOpen("dup");
    // PIPE-LIFE-1: same pipe, same direction, same process; it keeps that
    // direction open until it is closed itself (PIPE-EOF-1).
    return this.#pipe.openEnd(this.#direction, this.#owner, "dup");
  }

  /**
   * Opens a duplicate of this end in another process: what `fork(2)` does
   * for every end the parent holds (PIPE-LIFE-3).
   *
   * @param process - the process that will hold the duplicate
   * @returns the new end
   * @throws {IpcError} `EBADF` when this end is closed; `ESRCH` when `process` has exited
   *
   * @example Duplicate an end into another process
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const [reader] = system.spawn().pipe();
   * const other = system.spawn();
   * console.assert(reader.dupInto(other).owner === other);
   * ```
   */
  dupInto(process: ProcessCore): ReferencePipeEnd {
    this.#checkOpen("fork");
    // PIPE-LIFE-3: the child's own duplicate keeps the pipe open until the child closes it or exits.
    return this.#pipe.openEnd(this.#direction, process, "fork");
  }

  /**
   * Closes this end (`close(2)`): see `PipeEnd.close`.
   *
   * @throws {IpcError} `EBADF` when already closed (PIPE-ERR-4)
   *
   * @example Close the write end: end of file
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader, writer] = createSystem().spawn().pipe();
   * writer.close();
   * console.assert((await reader.read(new Uint8Array(1))) === 0);
   * ```
   */
  close(): void {
    // PIPE-ERR-4: closing twice fails EBADF.
    this.#checkOpen("close");
    this.#closed = true;
    this.#owner.removeDescriptor(this);
    // PIPE-LIFE-4, PIPE-ERR-2, PIPE-EOF-3: the pipe's half.
    this.#pipe.closeEnd(this);
  }

  /**
   * The pipe's capacity in bytes (`fcntl(F_GETPIPE_SZ)`; PIPE-CAP-1, PIPE-CAP-2).
   *
   * @returns the capacity
   * @throws {IpcError} `EBADF` when this end is closed (PIPE-ERR-4)
   *
   * @example The default capacity
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader] = createSystem().spawn().pipe();
   * console.assert(reader.getCapacity() === 65536);
   * ```
   */
  getCapacity(): number {
    // PIPE-ERR-4
    this.#checkOpen("fcntl");
    return this.#pipe.capacity;
  }

  /**
   * Sets the pipe's capacity (`fcntl(F_SETPIPE_SZ)`): see
   * `PipeEnd.setCapacity`. The `EPERM` rule uses the credentials of
   * the process holding this end.
   *
   * @param bytes - the capacity to ask for
   * @returns the capacity set
   * @throws {IpcError} `EINVAL` (PIPE-CAP-5, PIPE-CAP-3), `EPERM` (PIPE-CAP-3),
   *   `EBUSY` (PIPE-CAP-4), `EBADF` (PIPE-ERR-4)
   *
   * @example Rounding up
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader] = createSystem().spawn().pipe();
   * console.assert(reader.setCapacity(5000) === 8192);
   * ```
   */
  setCapacity(bytes: number): number {
    // PIPE-ERR-4
    this.#checkOpen("fcntl");
    // PIPE-CAP-5, PIPE-CAP-3, PIPE-CAP-2: checked and rounded before anything changes.
    const capacity = requestedCapacity(bytes, this.#owner, "fcntl");
    // PIPE-CAP-4, PIPE-CAP-6
    return this.#pipe.setCapacity(capacity);
  }

  /**
   * A write with no read end open: SIGPIPE is raised on this end's process
   * before the call fails (PIPE-ERR-8), then the `EPIPE` to throw (PIPE-ERR-1),
   * whatever the signal did (a writer it terminated observes nothing).
   */
  #brokenPipe(): IpcError {
    raiseSigpipe(this.#owner);
    return new IpcError("EPIPE", "write", { detail: "no read end is open" });
  }

  #checkOpen(syscall: string): void {
    // PIPE-ERR-4: every operation on a closed end fails EBADF.
    if (this.#closed) throw new IpcError("EBADF", syscall, { detail: `the ${this.#direction} end is closed` });
  }

  #checkDescriptor(syscall: Transfer): void {
    this.#checkOpen(syscall);
    // PIPE-ERR-3: pipe ends are one-way (FIFO-EOF-2: a readwrite FIFO end goes both ways).
    if (syscall === "read" ? !this.readable : !this.writable) {
      throw new IpcError("EBADF", syscall, { detail: `cannot ${syscall} through the ${this.#direction} end` });
    }
  }
}
