/**
 * A pipe end: the descriptor a process holds (the kernel's `struct file`). It
 * checks what belongs to the descriptor and the arguments, then calls its
 * pipe (`reference/pipe/pipe.ts`). FIFO ends are pipe ends too (FIFO-LIFE-1).
 *
 * The checks run in this order, the first failing one deciding the error:
 * closed end (`EBADF`), wrong direction (`EBADF`), argument types and options
 * (`EINVAL`, also for options that are not an object or a `signal` that is not
 * an `AbortSignal`), an aborted signal (`ECANCELED`), zero length (0), no read
 * end (`EPIPE`). So a zero-length call with an aborted signal rejects
 * `ECANCELED` (PIPE-BLK-6 wins over PIPE-ERR-5 and PIPE-ERR-6), and an aborted
 * write with no reader rejects `ECANCELED`, not `EPIPE`.
 *
 * A waiting write keeps a reference to the caller's array and copies from it
 * as room appears; a waiting read writes into the caller's array when it
 * resolves (as the kernel copies from and to user memory).
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { BlockingOptions, PipeEnd } from "../../spec/pipe.ts";
import { parseBlocking } from "../base/blocking.ts";
import { closeOnDispose } from "../base/dispose.ts";
import { canceled } from "../base/interrupt.ts";
import { requireUint8Array } from "../base/validate.ts";
import type { Descriptor, ProcessCore } from "../kernel/process-core.ts";
import { raiseSigpipe } from "../kernel/signal-delivery.ts";
import { requestedCapacity } from "./capacity.ts";
import type { PipeDirection, ReferencePipe } from "./pipe.ts";

/**
 * Opens a new end of `pipe` held by `owner`: `pipe(2)`, `dup(2)`, `fork(2)`
 * and a FIFO's `open(2)` all come down to this. The end counts towards the
 * readers or writers until it is closed.
 *
 * @param pipe - the pipe
 * @param direction - `"read"`, `"write"` or (for a FIFO) `"readwrite"`
 * @param owner - the process that holds the new end
 * @param syscall - the call opening it, for errors
 * @returns the new end, in `owner`'s descriptor table
 * @throws {IpcError} `ESRCH` when `owner` has exited
 */
export function openEnd(pipe: ReferencePipe, direction: PipeDirection, owner: ProcessCore, syscall: string): ReferencePipeEnd {
  owner.requireAlive(syscall);
  const end = new ReferencePipeEnd(pipe, direction, owner);
  pipe.addEnd(end);
  owner.addDescriptor(end);
  return end;
}

/**
 * One end of a pipe, as a descriptor held by one process: the reference
 * implementation of `PipeEnd` (from `ipckit/spec`). Made by `IpcProcess.pipe`,
 * `dup`, `fork` and a FIFO's open; never constructed directly. With a runtime
 * that has `Symbol.dispose`, `using` closes it.
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
   * Makes the end object; `openEnd` counts it and registers it with its process.
   *
   * @internal
   * @param pipe - the pipe it is an end of
   * @param direction - `"read"`, `"write"` or (for a FIFO) `"readwrite"`
   * @param owner - the process that holds it
   */
  constructor(pipe: ReferencePipe, direction: PipeDirection, owner: ProcessCore) {
    this.#pipe = pipe;
    this.#direction = direction;
    this.#owner = owner;
  }

  /** {@inheritDoc spec!PipeEnd.readable} */
  get readable(): boolean {
    // FIFO-EOF-2: a readwrite end reads too.
    return this.#direction !== "write";
  }

  /** {@inheritDoc spec!PipeEnd.writable} */
  get writable(): boolean {
    // FIFO-EOF-2: a readwrite end writes too.
    return this.#direction !== "read";
  }

  /** {@inheritDoc spec!PipeEnd.closed} */
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
   * The pipe this is an end of, shared by every end of the pipe.
   *
   * @internal
   * @returns the pipe object
   */
  get pipe(): ReferencePipe {
    return this.#pipe;
  }

  /** {@inheritDoc spec!PipeEnd.read} */
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

  /** {@inheritDoc spec!PipeEnd.tryRead} */
  tryRead(buffer: Uint8Array): number {
    this.#checkDescriptor("read");
    // PIPE-ERR-7
    requireUint8Array(buffer, "read", "buffer");
    // PIPE-ERR-5
    if (buffer.length === 0) return 0;
    // PIPE-NB-5: no promise on any path.
    return this.#pipe.tryRead(buffer);
  }

  /** {@inheritDoc spec!PipeEnd.write} */
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

  /** {@inheritDoc spec!PipeEnd.tryWrite} */
  tryWrite(data: Uint8Array): number {
    this.#checkDescriptor("write");
    // PIPE-ERR-7
    requireUint8Array(data, "write", "data");
    // PIPE-ERR-6
    if (data.length === 0) return 0;
    // PIPE-ERR-1, PIPE-ERR-8
    if (this.#pipe.readers === 0) throw this.#brokenPipe();
    // PIPE-NB-5: no promise on any path. It never waits behind waiting writes,
    // so it may land before them when there is room.
    return this.#pipe.tryWrite(data);
  }

  /** {@inheritDoc spec!PipeEnd.dup} */
  dup(): ReferencePipeEnd {
    // PIPE-ERR-4
    this.#checkOpen("dup");
    // PIPE-LIFE-1: same pipe, same direction, same process; it keeps that
    // direction open until it is closed itself (PIPE-EOF-1).
    return openEnd(this.#pipe, this.#direction, this.#owner, "dup");
  }

  /** {@inheritDoc Descriptor.dupInto} */
  dupInto(process: ProcessCore): ReferencePipeEnd {
    this.#checkOpen("fork");
    // PIPE-LIFE-3: the child's own duplicate keeps the pipe open until the child closes it or exits.
    return openEnd(this.#pipe, this.#direction, process, "fork");
  }

  /** {@inheritDoc spec!PipeEnd.close} */
  close(): void {
    // PIPE-ERR-4: closing twice fails EBADF.
    this.#checkOpen("close");
    this.#closed = true;
    this.#owner.removeDescriptor(this);
    // PIPE-LIFE-4, PIPE-ERR-2, PIPE-EOF-3: the pipe's half.
    this.#pipe.closeEnd(this);
  }

  /** {@inheritDoc spec!PipeEnd.getCapacity} */
  getCapacity(): number {
    // PIPE-ERR-4
    this.#checkOpen("fcntl");
    return this.#pipe.capacity;
  }

  /** {@inheritDoc spec!PipeEnd.setCapacity} */
  setCapacity(bytes: number): number {
    // PIPE-ERR-4
    this.#checkOpen("fcntl");
    // PIPE-CAP-5, PIPE-CAP-3, PIPE-CAP-2: checked and rounded before anything
    // changes; the EPERM rule reads the credentials of the process holding this end.
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

  #checkDescriptor(syscall: "read" | "write"): void {
    this.#checkOpen(syscall);
    // PIPE-ERR-3: pipe ends are one-way (FIFO-EOF-2: a readwrite FIFO end goes both ways).
    if (syscall === "read" ? !this.readable : !this.writable) {
      throw new IpcError("EBADF", syscall, { detail: `cannot ${syscall} through the ${this.#direction} end` });
    }
  }
}

closeOnDispose(ReferencePipeEnd);
