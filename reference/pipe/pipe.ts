/**
 * The pipe object shared by every end of one pipe (the kernel's
 * `pipe_inode_info`): a {@link ByteChannel} and the counts of open read and
 * write ends across all processes. Its operations are the pipe-level halves
 * of `read(2)`, `write(2)`, `fcntl(F_SETPIPE_SZ)` and `close(2)`; the end
 * (`reference/pipe/end.ts`) has checked the descriptor and the arguments
 * when it calls them.
 *
 * Named pipes (`reference/fifo/`) keep one of these while they are in use,
 * with one more direction, `"readwrite"`, for an end that counts as a reader
 * and as a writer (FIFO-EOF-2).
 *
 * @module
 */

import { DEFAULT_PIPE_CAPACITY, PIPE_BUF } from "../../spec/constants.ts";
import { IpcError } from "../../spec/errors.ts";
import { assert } from "../base/assert.ts";
import { ByteChannel } from "../base/byte-channel.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import { raiseSigpipe } from "../kernel/signal-delivery.ts";

/**
 * Which way a pipe end moves bytes: `"read"` for a read end, `"write"` for a
 * write end, `"readwrite"` for a FIFO end opened for both (FIFO-EOF-2), which
 * counts as a reader and as a writer.
 */
export type PipeDirection = "read" | "write" | "readwrite";

/** What the pipe knows of one of its ends: its process and its direction. */
export interface EndOfPipe {
  /** The process holding the end: a waiting call's process, and SIGPIPE's (PIPE-ERR-9). */
  readonly owner: ProcessCore;
  /** Whether it counts as a reader. */
  readonly readable: boolean;
  /** Whether it counts as a writer. */
  readonly writable: boolean;
}

/**
 * The pipe object: one {@link ByteChannel}, and how many ends of each kind
 * are open.
 */
export class ReferencePipe {
  /** The bytes and the waiting reads and writes; each waiting call knows its end (PIPE-LIFE-4). */
  readonly #channel: ByteChannel<EndOfPipe, EndOfPipe>;
  /** Open read ends, in every process (PIPE-ERR-1, PIPE-ERR-2). */
  #readers = 0;
  /** Open write ends, in every process (PIPE-EOF-1). */
  #writers = 0;
  /** Called when the last open end closes (a FIFO's pipe: FIFO-LIFE-2). */
  readonly #onLastClose: (() => void) | undefined;

  /**
   * Creates a pipe with no ends; `openEnd` (`reference/pipe/end.ts`) opens them.
   *
   * @param capacity - the capacity in bytes, already checked and rounded
   * @param onLastClose - called each time the last open end closes (a FIFO
   *   uses it to drop its pipe: FIFO-LIFE-2); an anonymous pipe has none
   */
  constructor(capacity: number = DEFAULT_PIPE_CAPACITY, onLastClose?: () => void) {
    this.#channel = new ByteChannel(capacity, {
      // PIPE-ATOM-1, PIPE-ATOM-2: writes of at most PIPE_BUF bytes are atomic.
      atomic: PIPE_BUF,
      read: "read",
      write: "write",
      empty: "the pipe is empty and a write end is open",
      full: "the pipe is full",
      // PIPE-EOF-1, PIPE-EOF-2: empty, and no write end open anywhere: end of
      // file (PIPE-EOF-4: every time; FIFO-EOF-1: for a FIFO read end no
      // writer has opened yet too).
      whenEmpty: () => (this.#writers === 0 ? 0 : undefined),
    });
    this.#onLastClose = onLastClose;
  }

  /** The capacity in bytes (PIPE-CAP-1). */
  get capacity(): number {
    return this.#channel.capacity;
  }

  /** The bytes written and not yet read. */
  get buffered(): number {
    return this.#channel.buffered;
  }

  /** The room left: capacity minus the bytes buffered. */
  get room(): number {
    return this.#channel.room;
  }

  /** The number of open read ends, in every process. */
  get readers(): number {
    return this.#readers;
  }

  /** The number of open write ends, in every process. */
  get writers(): number {
    return this.#writers;
  }

  /** The number of reads waiting on the empty pipe. */
  get pendingReads(): number {
    return this.#channel.pendingReads;
  }

  /** The number of writes waiting for room. */
  get pendingWrites(): number {
    return this.#channel.pendingWrites;
  }

  /**
   * Counts a new end: `pipe(2)`, `dup(2)`, `fork(2)` and a FIFO's `open(2)`
   * come down to this (through `openEnd`).
   *
   * @param end - the end, just made
   */
  addEnd(end: EndOfPipe): void {
    // FIFO-EOF-2: a readwrite end counts as a reader and as a writer.
    if (end.readable) this.#readers += 1;
    if (end.writable) this.#writers += 1;
  }

  /**
   * The pipe's half of a blocking `read(2)` into a non-empty buffer.
   *
   * @param end - the read end it is made through
   * @param buffer - where the bytes go, not empty
   * @param signal - stops the wait when it fires, not yet aborted
   * @returns the count read, 0 at end of file
   */
  read(end: EndOfPipe, buffer: Uint8Array, signal: AbortSignal | undefined): Promise<number> {
    return this.#channel.read(buffer, signal, end.owner, end);
  }

  /**
   * The pipe's half of a non-blocking `read(2)` into a non-empty buffer.
   *
   * @param buffer - where the bytes go, not empty
   * @returns the count read, 0 at end of file (PIPE-EOF-4)
   * @throws {IpcError} `EAGAIN` when the pipe is empty and a write end is open (PIPE-NB-1)
   */
  tryRead(buffer: Uint8Array): number {
    return this.#channel.tryRead(buffer);
  }

  /**
   * The pipe's half of a blocking `write(2)` of a non-empty array while a
   * read end is open.
   *
   * @param end - the write end it is made through
   * @param data - the bytes, not empty
   * @param signal - stops the wait when it fires, not yet aborted
   * @returns `data.length`, or the count moved when cut short
   */
  write(end: EndOfPipe, data: Uint8Array, signal: AbortSignal | undefined): Promise<number> {
    return this.#channel.write(data, signal, end.owner, end);
  }

  /**
   * The pipe's half of a non-blocking `write(2)` of a non-empty array while a
   * read end is open.
   *
   * @param data - the bytes, not empty
   * @returns the count written
   * @throws {IpcError} `EAGAIN` (PIPE-NB-2, PIPE-NB-3)
   */
  tryWrite(data: Uint8Array): number {
    return this.#channel.tryWrite(data);
  }

  /**
   * Sets the capacity (the pipe's half of `fcntl(F_SETPIPE_SZ)`).
   *
   * @param capacity - the new capacity, already checked and rounded (PIPE-CAP-2)
   * @returns the capacity set
   * @throws {IpcError} `EBUSY` when below the bytes buffered (PIPE-CAP-4)
   */
  setCapacity(capacity: number): number {
    // PIPE-CAP-4: never below the bytes buffered; the capacity stays as it was.
    if (capacity < this.#channel.buffered) {
      throw new IpcError("EBUSY", "fcntl", {
        detail: `capacity ${capacity} is below the ${this.#channel.buffered} bytes buffered`,
      });
    }
    // PIPE-CAP-6: a raise takes effect at once: waiting writes that now fit proceed.
    this.#channel.setCapacity(capacity);
    return capacity;
  }

  /**
   * The pipe's half of `close(2)`: `end` no longer counts, its own waiting
   * calls end, and the pipe tells the other side when `end` was the last of
   * its kind (the last reader's close raises `SIGPIPE` on the writers it cuts
   * short: PIPE-ERR-9).
   *
   * @param end - an end of this pipe, just marked closed
   */
  closeEnd(end: EndOfPipe): void {
    const channel = this.#channel;
    // PIPE-LIFE-4: the calls waiting through this end reject EBADF (even a
    // write that moved bytes: those stay in the pipe); those made through
    // other ends keep waiting. A readwrite FIFO end (FIFO-EOF-2) ends both kinds
    // of its own before it stops counting as a reader and a writer.
    if (end.readable) {
      channel.settleReads((read) => (read.tag === end ? new IpcError("EBADF", "read", { detail: "the end was closed while the read waited" }) : undefined));
    }
    if (end.writable) {
      channel.settleWrites((write) => (write.tag === end ? new IpcError("EBADF", "write", { detail: "the end was closed while the write waited" }) : undefined));
    }
    // PIPE-ERR-9: the processes whose waiting writes the last reader cut short.
    const brokenWriters: ProcessCore[] = [];
    if (end.readable) {
      this.#readers -= 1;
      assert(this.#readers >= 0, "a pipe never counts fewer than no readers");
      if (this.#readers === 0) {
        // PIPE-ERR-2: the last read end closed: every waiting write resolves
        // with the count it already moved, or fails EPIPE when none.
        channel.settleWrites((write) => {
          brokenWriters.push(write.tag.owner);
          return write.written > 0 ? write.written : new IpcError("EPIPE", "write", { detail: "the last read end closed" });
        });
      }
    }
    if (end.writable) {
      this.#writers -= 1;
      assert(this.#writers >= 0, "a pipe never counts fewer than no writers");
      if (this.#writers === 0) {
        // PIPE-EOF-3: the last write end closed: every waiting read resolves 0.
        // (They wait only on an empty buffer, so no byte is left for them: PIPE-EOF-2.)
        channel.settleReads(() => 0);
      } else {
        // PIPE-ORD-4: with a closed end's write gone from the head, the next may fit.
        channel.admitWrites();
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
}
