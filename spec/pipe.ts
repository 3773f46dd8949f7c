/**
 * Anonymous pipes: a one-way byte stream with a bounded buffer, a read end
 * and a write end (`pipe(7)`). The clauses below are the rules; the
 * {@link PipeEnd} interface is the API they govern.
 *
 * @module
 */

import type { Clause } from "./clause.ts";
import type {
  DEFAULT_PIPE_CAPACITY,
  PIPE_BUF,
  PIPE_MAX_SIZE,
  PIPE_MAX_SIZE_PRIVILEGED,
} from "./constants.ts";

/**
 * Options for an operation that may block.
 */
export interface BlockingOptions {
  /**
   * Aborts the operation while it waits. An aborted operation that moved no
   * data rejects with `ECANCELED` (its `cause` is the signal's reason); one
   * already aborted when called moves no data (PIPE-BLK-4, PIPE-BLK-5, PIPE-BLK-6).
   */
  readonly signal?: AbortSignal;
}

/**
 * Options for {@link IpcProcess.pipe}.
 */
export interface PipeOptions {
  /**
   * The capacity to ask for, in bytes; rounded as {@link PipeEnd.setCapacity}
   * rounds it. Default {@link DEFAULT_PIPE_CAPACITY}.
   */
  readonly capacity?: number;
}

/**
 * One end of a pipe, as a descriptor: the read end reads, the write end
 * writes, and each fails `EBADF` for the other direction (PIPE-ERR-3). FIFOs
 * open to the same kind of end (FIFO-LIFE-1), or to one end that both reads
 * and writes (FIFO-EOF-2).
 *
 * Every blocking operation has a synchronous `try` form that never waits
 * and fails `EAGAIN` where the blocking form would wait (PIPE-NB-5).
 */
export interface PipeEnd {
  /** `true` for a read end, and for a FIFO end opened `readwrite` (FIFO-EOF-2). */
  readonly readable: boolean;
  /** `true` for a write end, and for a FIFO end opened `readwrite` (FIFO-EOF-2). */
  readonly writable: boolean;
  /** `true` once this end (this descriptor, not its duplicates) is closed. */
  readonly closed: boolean;

  /**
   * Reads up to `buffer.length` bytes into `buffer` (`read(2)`).
   *
   * Resolves as soon as any byte is available, with the count read
   * (PIPE-BLK-2); the bytes come in the order written, and may span several
   * writes or part of one (PIPE-ORD-1, PIPE-ORD-2). It waits while the pipe is
   * empty and a write end is open (PIPE-BLK-1); waiting reads are served in
   * the order they started (PIPE-ORD-3). It resolves 0 at end of file, once no
   * write end is open anywhere and the buffer is drained (PIPE-EOF-1,
   * PIPE-EOF-2, PIPE-EOF-3).
   *
   * A signal handler run for the process holding the end interrupts a read
   * that waits: it rejects `EINTR` having taken nothing (PIPE-BLK-7), unless
   * the handler was installed with `restart`, when it goes on waiting
   * (PIPE-BLK-8).
   *
   * @param buffer - where the bytes go; a zero-length buffer resolves 0 at once (PIPE-ERR-5)
   * @param options - an `AbortSignal` to stop waiting (PIPE-BLK-4)
   * @returns the number of bytes read, 0 at end of file
   * @throws {IpcError} (as a rejection) `EBADF` on a write end (PIPE-ERR-3) or a
   *   closed end (PIPE-ERR-4, PIPE-LIFE-4), `EINVAL` when `buffer` is not a
   *   `Uint8Array` (PIPE-ERR-7), `ECANCELED` when aborted (PIPE-BLK-4, PIPE-BLK-6),
   *   `EINTR` when a handler interrupts it (PIPE-BLK-7)
   *
   * @example A short read
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader, writer] = createSystem().spawn().pipe();
   * const pending = reader.read(new Uint8Array(10));
   * await writer.write(new Uint8Array([7, 8]));
   * console.assert((await pending) === 2);
   * ```
   */
  read(buffer: Uint8Array, options?: BlockingOptions): Promise<number>;

  /**
   * Reads what is available without waiting (`read(2)` with `O_NONBLOCK`).
   *
   * @param buffer - where the bytes go
   * @returns the number of bytes read (at most `buffer.length`), 0 at end of file (PIPE-EOF-4)
   * @throws {IpcError} `EAGAIN` when the pipe is empty and a write end is open
   *   (PIPE-NB-1), `EBADF` (PIPE-ERR-3, PIPE-ERR-4), `EINVAL` (PIPE-ERR-7)
   *
   * @example Nothing to read yet
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const [reader] = createSystem().spawn().pipe();
   * try { reader.tryRead(new Uint8Array(1)); } catch (error) { console.assert(IpcError.is(error, "EAGAIN")); }
   * ```
   */
  tryRead(buffer: Uint8Array): number;

  /**
   * Writes all of `data` (`write(2)`), waiting for room as needed.
   *
   * A write that does not fit waits for readers to make room (PIPE-BLK-3);
   * waiting writes are served in the order they started (PIPE-ORD-4). A write
   * of at most {@link PIPE_BUF} bytes waits until all of it fits, then lands
   * in one piece (PIPE-ATOM-1, PIPE-ATOM-2); a longer one may be split and
   * resolves when every byte is written (PIPE-ATOM-3).
   *
   * A signal handler run for the process holding the end interrupts a write
   * that waits: it resolves with the count already moved, or rejects `EINTR`
   * when none was (PIPE-BLK-7), unless the handler was installed with
   * `restart`, when it goes on waiting (PIPE-BLK-8). A write with no read end
   * open raises `SIGPIPE` on the process before it fails (PIPE-ERR-8), and so
   * does a waiting write that the last reader's close cuts short (PIPE-ERR-9).
   *
   * @param data - the bytes to write; a zero-length write resolves 0 at once (PIPE-ERR-6)
   * @param options - an `AbortSignal` to stop waiting (PIPE-BLK-5)
   * @returns `data.length`, or the count already moved when aborted,
   *   interrupted, or when the last reader left mid-write (PIPE-BLK-5,
   *   PIPE-BLK-7, PIPE-ERR-2)
   * @throws {IpcError} (as a rejection) `EPIPE` when no read end is open
   *   (PIPE-ERR-1, PIPE-ERR-2, PIPE-ERR-8, PIPE-ERR-9), `EBADF` (PIPE-ERR-3,
   *   PIPE-ERR-4), `EINVAL` (PIPE-ERR-7), `ECANCELED` (PIPE-BLK-5,
   *   PIPE-BLK-6), `EINTR` when a handler interrupts it having moved nothing
   *   (PIPE-BLK-7)
   *
   * @example A write larger than the pipe completes once a reader drains it
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader, writer] = createSystem().spawn().pipe({ capacity: 4096 });
   * const pending = writer.write(new Uint8Array(6000));
   * await reader.read(new Uint8Array(4096));
   * console.assert((await pending) === 6000);
   * ```
   */
  write(data: Uint8Array, options?: BlockingOptions): Promise<number>;

  /**
   * Writes without waiting (`write(2)` with `O_NONBLOCK`).
   *
   * @param data - the bytes to write
   * @returns the count written: all of a write of at most {@link PIPE_BUF}
   *   bytes, or `min(data.length, room)` for a longer one (PIPE-NB-4)
   * @throws {IpcError} `EAGAIN` when a write of at most {@link PIPE_BUF} bytes
   *   does not fit whole (PIPE-NB-2) or the pipe is full (PIPE-NB-3), `EPIPE`
   *   after raising `SIGPIPE` (PIPE-ERR-1, PIPE-ERR-8), `EBADF` (PIPE-ERR-3,
   *   PIPE-ERR-4), `EINVAL` (PIPE-ERR-7)
   *
   * @example Fill a one-page pipe
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [, writer] = createSystem().spawn().pipe({ capacity: 4096 });
   * console.assert(writer.tryWrite(new Uint8Array(5000)) === 4096);
   * ```
   */
  tryWrite(data: Uint8Array): number;

  /**
   * Duplicates this end (`dup(2)`): a new descriptor for the same pipe and
   * direction, held by the same process. The pipe stays open for that
   * direction while any duplicate is open (PIPE-LIFE-1, PIPE-EOF-1).
   *
   * @returns the new end
   * @throws {IpcError} `EBADF` when this end is closed (PIPE-ERR-4)
   *
   * @example A duplicate keeps the pipe open
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const [reader, writer] = createSystem().spawn().pipe();
   * const copy = writer.dup();
   * writer.close();
   * try { reader.tryRead(new Uint8Array(1)); } catch (error) { console.assert(IpcError.is(error, "EAGAIN")); }
   * copy.close();
   * console.assert(reader.tryRead(new Uint8Array(1)) === 0);
   * ```
   */
  dup(): PipeEnd;

  /**
   * Closes this descriptor (`close(2)`). Its own pending operations reject
   * `EBADF` (PIPE-LIFE-4); when it was the last read end, pending writes end
   * (PIPE-ERR-2), each raising `SIGPIPE` on its writer's process before
   * `close` returns (PIPE-ERR-9); when it was the last write end, pending
   * reads resolve 0 (PIPE-EOF-3).
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
  close(): void;

  /**
   * The pipe's capacity in bytes (`fcntl(F_GETPIPE_SZ)`; PIPE-CAP-1, PIPE-CAP-2).
   *
   * @returns the capacity in bytes
   * @throws {IpcError} `EBADF` when this end is closed (PIPE-ERR-4)
   *
   * @example The default capacity
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader] = createSystem().spawn().pipe();
   * console.assert(reader.getCapacity() === 65536);
   * ```
   */
  getCapacity(): number;

  /**
   * Sets the pipe's capacity (`fcntl(F_SETPIPE_SZ)`): rounded up to a
   * power-of-two number of pages, at least one (PIPE-CAP-2). Raising it lets
   * pending writes that now fit proceed (PIPE-CAP-6).
   *
   * @param bytes - the capacity to ask for
   * @returns the capacity set
   * @throws {IpcError} `EINVAL` when `bytes` is not a positive integer or is above
   *   {@link PIPE_MAX_SIZE_PRIVILEGED} (PIPE-CAP-5, PIPE-CAP-3), `EPERM` above
   *   {@link PIPE_MAX_SIZE} for a process that is not root (PIPE-CAP-3), `EBUSY`
   *   below the bytes buffered (PIPE-CAP-4), `EBADF` when closed (PIPE-ERR-4)
   *
   * @example Rounding up
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader] = createSystem().spawn().pipe();
   * console.assert(reader.setCapacity(5000) === 8192);
   * ```
   */
  setCapacity(bytes: number): number;
}

/** Shorthand for a pipe clause's fixed fields. */
type PipeClause = Omit<Clause, "mechanism"> & { readonly mechanism?: "pipe" };

function pipeClauses(list: readonly PipeClause[]): readonly Clause[] {
  return Object.freeze(list.map((clause) => Object.freeze({ ...clause, mechanism: "pipe" as const })));
}

/**
 * The clauses of the anonymous pipe. IDs are stable and never reused.
 *
 * @example Find the end-of-file rule
 * ```ts
 * import { PIPE_CLAUSES } from "ipckit/spec";
 * console.assert(PIPE_CLAUSES.some((clause) => clause.id === "PIPE-EOF-1"));
 * ```
 */
export const PIPE_CLAUSES: readonly Clause[] = pipeClauses([
  // Ordering
  {
    id: "PIPE-ORD-1",
    category: "ordering",
    level: "core",
    rule: "Bytes are read in exactly the order they were written, none lost and none repeated.",
    source: "pipe(7) I/O on pipes and FIFOs",
    catalogue: ["PIPE-01"],
  },
  {
    id: "PIPE-ORD-2",
    category: "ordering",
    level: "core",
    rule: "A pipe keeps no message boundaries: one read may return the bytes of several writes, and the bytes of one write may be split across several reads.",
    source: "pipe(7) I/O on pipes and FIFOs",
    catalogue: ["PIPE-01"],
  },
  {
    id: "PIPE-ORD-3",
    category: "ordering",
    level: "extended",
    rule: "Reads pending on an empty pipe are served in the order they started waiting.",
    source: "pipe(7); POSIX read()",
    choice: "POSIX does not say which waiting reader is served first; ipckit serves them first come, first served.",
  },
  {
    id: "PIPE-ORD-4",
    category: "ordering",
    level: "extended",
    rule: "Writes pending on a full pipe are served in the order they started waiting, and a later blocking write never lands before an earlier pending one.",
    source: "pipe(7); POSIX write()",
    choice: "POSIX does not say which waiting writer is served first; ipckit serves them first come, first served.",
  },
  // Blocking
  {
    id: "PIPE-BLK-1",
    category: "blocking",
    level: "core",
    rule: "A read on an empty pipe while a write end is open stays pending until data arrives or the last write end closes.",
    source: "pipe(7); read(2)",
    catalogue: ["PIPE-02"],
  },
  {
    id: "PIPE-BLK-2",
    category: "blocking",
    level: "core",
    rule: "A read returns as soon as any byte is available, with min(buffer length, bytes available), and does not wait to fill its buffer.",
    source: "pipe(7); read(2) RETURN VALUE",
    catalogue: ["PIPE-02"],
  },
  {
    id: "PIPE-BLK-3",
    category: "blocking",
    level: "core",
    rule: "A write that does not fit in the room left stays pending until reads make room for it.",
    source: "pipe(7) Pipe capacity; write(2)",
    catalogue: ["PIPE-07", "PIPE-10"],
  },
  {
    id: "PIPE-BLK-4",
    category: "blocking",
    level: "core",
    rule: "Aborting a pending read rejects it with ECANCELED and consumes no byte.",
    source: "signal(7) Interruption of system calls (analogue)",
    choice: "Abort is ipckit's JavaScript form of interruption; it behaves as EINTR does for a read that moved nothing, with its own code ECANCELED so it cannot be mistaken for a signal.",
    catalogue: ["PIPE-11"],
  },
  {
    id: "PIPE-BLK-5",
    category: "blocking",
    level: "core",
    rule: "Aborting a pending write resolves it with the count of bytes already written, or rejects it with ECANCELED when none was, and every byte written stays readable exactly once.",
    source: "signal(7); write(2) (a write interrupted after moving data returns the count)",
    choice: "As PIPE-BLK-4, modelled on a signal interrupting a partly done write.",
    catalogue: ["PIPE-11"],
  },
  {
    id: "PIPE-BLK-6",
    category: "blocking",
    level: "core",
    rule: "A read or write called with an already aborted signal rejects with ECANCELED and moves no byte, even when it could complete at once.",
    source: "DOM Standard, AbortSignal (the web platform's convention)",
    choice: "POSIX has no counterpart; ipckit follows the web platform, where an operation given an aborted signal does not start.",
  },
  {
    id: "PIPE-BLK-7",
    category: "blocking",
    level: "core",
    rule: "A signal handler installed without restart, run for the process waiting in a read or write, interrupts it: the read rejects with EINTR having consumed no byte; the write resolves with the count it already moved, which stays readable exactly once, or rejects with EINTR when it moved none.",
    source: "signal(7) Interruption of system calls by signal handlers; read(2), write(2) EINTR",
    choice: "The handler interrupts the call its process has waited in longest (SIG-BLK-5).",
    catalogue: ["PIPE-11", "SIG-12"],
  },
  {
    id: "PIPE-BLK-8",
    category: "blocking",
    level: "core",
    rule: "A read or write interrupted by a handler installed with restart (SA_RESTART) goes on waiting, in its place, and completes as it would have without the signal.",
    source: "signal(7) Interruption of system calls by signal handlers (read, write on slow devices are restarted)",
    choice: "A restarted write keeps the bytes it already moved and resolves with the full count once every byte is written.",
    catalogue: ["PIPE-11", "SIG-12"],
  },
  // Non-blocking
  {
    id: "PIPE-NB-1",
    category: "nonblocking",
    level: "core",
    rule: "tryRead on an empty pipe while a write end is open fails with EAGAIN.",
    source: "read(2) EAGAIN; pipe(7)",
    catalogue: ["PIPE-03"],
  },
  {
    id: "PIPE-NB-2",
    category: "nonblocking",
    level: "core",
    rule: "tryWrite of at most PIPE_BUF bytes when fewer bytes than that are free fails with EAGAIN and writes nothing.",
    source: "pipe(7) O_NONBLOCK enabled, n <= PIPE_BUF",
    choice: "Room is counted in bytes. Linux frees room a page at a time, so it may refuse a write that ipckit accepts; the byte rule is the one POSIX states.",
    catalogue: ["PIPE-08"],
  },
  {
    id: "PIPE-NB-3",
    category: "nonblocking",
    level: "core",
    rule: "tryWrite of more than PIPE_BUF bytes into a full pipe fails with EAGAIN.",
    source: "pipe(7) O_NONBLOCK enabled, n > PIPE_BUF",
    catalogue: ["PIPE-09"],
  },
  {
    id: "PIPE-NB-4",
    category: "nonblocking",
    level: "core",
    rule: "tryWrite of more than PIPE_BUF bytes into a pipe with some room writes min(length, room) bytes and returns that count.",
    source: "pipe(7) O_NONBLOCK enabled, n > PIPE_BUF",
    choice: "POSIX allows any partial count from 1 to n; ipckit fills the room, as Linux does.",
    catalogue: ["PIPE-09"],
  },
  {
    id: "PIPE-NB-5",
    category: "nonblocking",
    level: "core",
    rule: "tryRead and tryWrite complete synchronously: they return a number or throw, and never return a promise or wait.",
    source: "read(2), write(2) with O_NONBLOCK",
  },
  // End of file
  {
    id: "PIPE-EOF-1",
    category: "eof",
    level: "core",
    rule: "A read reports end of file (0) only when no write end is open anywhere: one open duplicate keeps readers waiting.",
    source: "pipe(7) I/O on pipes and FIFOs",
    catalogue: ["PIPE-04"],
  },
  {
    id: "PIPE-EOF-2",
    category: "eof",
    level: "core",
    rule: "Bytes still buffered when the last write end closes are read before end of file.",
    source: "pipe(7); read(2)",
    catalogue: ["PIPE-04"],
  },
  {
    id: "PIPE-EOF-3",
    category: "eof",
    level: "core",
    rule: "Closing the last write end resolves every pending read with 0.",
    source: "pipe(7)",
    catalogue: ["PIPE-04"],
  },
  {
    id: "PIPE-EOF-4",
    category: "eof",
    level: "core",
    rule: "At end of file tryRead returns 0 rather than failing with EAGAIN, and every later read returns 0 again.",
    source: "read(2); pipe(7)",
    catalogue: ["PIPE-03", "PIPE-04"],
  },
  // Errors
  {
    id: "PIPE-ERR-1",
    category: "errors",
    level: "core",
    rule: "A write of one or more bytes when no read end is open fails with EPIPE and writes nothing.",
    source: "pipe(7); write(2) EPIPE",
    choice: "The SIGPIPE raised with it is PIPE-ERR-8; where signals are not supported, only the error is observable.",
    catalogue: ["PIPE-05"],
  },
  {
    id: "PIPE-ERR-2",
    category: "errors",
    level: "extended",
    rule: "A write pending on a full pipe when the last read end closes resolves with the count already written, or fails with EPIPE when none was.",
    source: "Linux fs/pipe.c pipe_write",
    choice: "POSIX does not say; ipckit follows Linux, which returns the partial count.",
    catalogue: ["PIPE-06"],
  },
  {
    id: "PIPE-ERR-3",
    category: "errors",
    level: "core",
    rule: "Pipe ends are one-way: reading from the write end or writing to the read end fails with EBADF.",
    source: "pipe(7); read(2) EBADF; write(2) EBADF",
    catalogue: ["PIPE-13"],
  },
  {
    id: "PIPE-ERR-4",
    category: "errors",
    level: "core",
    rule: "Every operation on a closed end (read, write, their try forms, dup, close, getCapacity, setCapacity) fails with EBADF.",
    source: "close(2); read(2) EBADF",
  },
  {
    id: "PIPE-ERR-5",
    category: "errors",
    level: "core",
    rule: "A read into a zero-length buffer returns 0 at once and consumes nothing, even on an empty pipe.",
    source: "read(2) (count 0)",
    catalogue: ["PIPE-13"],
  },
  {
    id: "PIPE-ERR-6",
    category: "errors",
    level: "core",
    rule: "A zero-length write returns 0 at once, even when no read end is open.",
    source: "write(2) (count 0)",
    choice: "POSIX leaves a zero-length write to a pipe open; ipckit follows Linux, which returns 0 and raises no EPIPE (nor SIGPIPE: PIPE-ERR-8).",
    catalogue: ["PIPE-13"],
  },
  {
    id: "PIPE-ERR-7",
    category: "errors",
    level: "core",
    rule: "A buffer or data argument that is not a Uint8Array fails with EINVAL and changes nothing.",
    source: "read(2), write(2) (EFAULT for a bad buffer)",
    choice: "C reports a bad buffer as EFAULT; a JavaScript value of the wrong type is a bad argument, so ipckit uses EINVAL.",
  },
  {
    id: "PIPE-ERR-8",
    category: "errors",
    level: "core",
    rule: "A write or tryWrite of one or more bytes with no read end open raises SIGPIPE on the writer's process before it fails with EPIPE: by default the writer is terminated (status signaled by 13, every descriptor it held closed); a handler runs before the call fails; ignored or blocked (then left pending), it fails with EPIPE alone. A zero-length write raises nothing.",
    source: "pipe(7); write(2) EPIPE; signal(7) SIGPIPE",
    choice: "POSIX leaves a zero-length write open; ipckit follows Linux, which raises no SIGPIPE for it. The signal is delivered before the call returns (SIG-ATOM-2).",
    catalogue: ["PIPE-05", "PIPE-13"],
  },
  {
    id: "PIPE-ERR-9",
    category: "errors",
    level: "core",
    rule: "A write pending when the last read end closes raises SIGPIPE on its writer's process once, during that close, whether it resolves with the count already moved or fails with EPIPE.",
    source: "Linux fs/pipe.c pipe_write (SIGPIPE is sent whenever the readers are gone, the partial count returned if any)",
    choice: "POSIX does not say; ipckit follows Linux, seen to raise SIGPIPE once even when the write returns a partial count.",
    catalogue: ["PIPE-06"],
  },
  // Atomicity
  {
    id: "PIPE-ATOM-1",
    category: "atomicity",
    level: "core",
    rule: "The bytes of a write of at most PIPE_BUF bytes are never interleaved with another write's bytes.",
    source: "pipe(7) PIPE_BUF",
    catalogue: ["PIPE-07"],
  },
  {
    id: "PIPE-ATOM-2",
    category: "atomicity",
    level: "core",
    rule: "A blocking write of at most PIPE_BUF bytes writes nothing until all its bytes fit, then writes them at once.",
    source: "pipe(7) O_NONBLOCK disabled, n <= PIPE_BUF",
    catalogue: ["PIPE-07"],
  },
  {
    id: "PIPE-ATOM-3",
    category: "atomicity",
    level: "core",
    rule: "A blocking write of more than PIPE_BUF bytes resolves only after all its bytes are written, with the full count.",
    source: "pipe(7) O_NONBLOCK disabled, n > PIPE_BUF",
    catalogue: ["PIPE-10"],
  },
  // Capacity
  {
    id: "PIPE-CAP-1",
    category: "capacity",
    level: "core",
    rule: "A new pipe holds DEFAULT_PIPE_CAPACITY (65536) bytes: that many fit with nobody reading, and one more does not.",
    source: "pipe(7) Pipe capacity",
  },
  {
    id: "PIPE-CAP-2",
    category: "capacity",
    level: "optional",
    rule: "A requested capacity is rounded up to a power-of-two number of pages, at least one page, and the size set is returned and then reported.",
    source: "fcntl(2) F_SETPIPE_SZ; pipe(7)",
    choice: "A Linux extension; the pipe() option takes the same rule as F_SETPIPE_SZ.",
    catalogue: ["PIPE-12"],
  },
  {
    id: "PIPE-CAP-3",
    category: "capacity",
    level: "optional",
    rule: "A capacity above PIPE_MAX_SIZE fails with EPERM for a process that is not root, and a capacity above PIPE_MAX_SIZE_PRIVILEGED fails with EINVAL for everyone.",
    source: "fcntl(2) F_SETPIPE_SZ EPERM; pipe(7) /proc/sys/fs/pipe-max-size",
    choice: "Root stands for CAP_SYS_RESOURCE.",
    catalogue: ["PIPE-12"],
  },
  {
    id: "PIPE-CAP-4",
    category: "capacity",
    level: "optional",
    rule: "Setting a capacity below the bytes buffered fails with EBUSY and leaves the capacity unchanged.",
    source: "fcntl(2) F_SETPIPE_SZ EBUSY",
    catalogue: ["PIPE-12"],
  },
  {
    id: "PIPE-CAP-5",
    category: "capacity",
    level: "optional",
    rule: "A capacity that is not a positive safe integer (zero, negative, fractional, NaN or not a number) fails with EINVAL.",
    source: "fcntl(2) EINVAL",
    choice: "Linux reads the argument as an unsigned int; ipckit rejects what is not a positive integer instead of wrapping it.",
  },
  {
    id: "PIPE-CAP-6",
    category: "capacity",
    level: "optional",
    rule: "Raising the capacity takes effect at once: pending writes that now fit proceed.",
    source: "Linux fs/pipe.c pipe_resize_ring (wakes writers)",
  },
  // Lifecycle
  {
    id: "PIPE-LIFE-1",
    category: "lifecycle",
    level: "core",
    rule: "dup returns a new end for the same pipe and direction, and closing either copy leaves the other working.",
    source: "dup(2)",
  },
  {
    id: "PIPE-LIFE-2",
    category: "lifecycle",
    level: "extended",
    rule: "A process's exit closes every end it holds, so readers of its pipes see end of file and writers see EPIPE.",
    source: "_exit(2) (all open file descriptors are closed)",
  },
  {
    id: "PIPE-LIFE-3",
    category: "lifecycle",
    level: "extended",
    rule: "fork gives the child its own duplicate of every open end of the parent, which keeps the pipe open until the child closes it or exits.",
    source: "fork(2) (the child inherits copies of the parent's descriptors)",
    catalogue: ["PIPE-04"],
  },
  {
    id: "PIPE-LIFE-4",
    category: "lifecycle",
    level: "core",
    rule: "Closing an end rejects the pending operations made through that end with EBADF, and leaves those made through other ends pending.",
    source: "close(2) NOTES",
    choice: "POSIX leaves a close that races a blocked call on the same descriptor unspecified; ipckit ends the blocked call with EBADF.",
  },
]);
