/**
 * A FIFO: what a name made by `mkfifo` points to (the kernel's FIFO inode).
 * It records its owner and mode, keeps the one pipe behind it while the FIFO
 * is in use, and holds the opens that wait for a peer. Its methods are the
 * FIFO's half of `open(2)`: the calls (`reference/fifo/calls.ts`) have already
 * checked the arguments, the name and the permission when they call them.
 *
 * Wake-ups are synchronous, as in the pipe: an open that brings the peer
 * that waiting opens need completes them before it returns. A new pipe has
 * the default capacity, whatever an earlier pipe of the same FIFO was set to.
 *
 * @module
 */

import { DEFAULT_PIPE_CAPACITY } from "../../spec/constants.ts";
import { IpcError } from "../../spec/errors.ts";
import type { Access, Ownership } from "../../spec/namespace.ts";
import { settledEarly } from "../base/byte-channel.ts";
import { WaitQueue } from "../base/wait-queue.ts";
import type { Waiter } from "../base/wait-queue.ts";
import type { FileNode } from "../kernel/files.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import { ReferencePipe, openEnd } from "../pipe/index.ts";
import type { ReferencePipeEnd } from "../pipe/index.ts";

/** An open waiting for its peer. */
interface WaitingOpen {
  /** The process opening the FIFO, which will hold the end. */
  readonly opener: ProcessCore;
}

/** A FIFO: its owner and mode, the pipe behind it while in use, and the opens waiting for a peer. */
export class ReferenceFifo implements FileNode {
  /** The owner and the permission bits (FIFO-PERM-1, FIFO-PERM-2), fixed at creation. */
  readonly ownership: Ownership;
  /** The one pipe behind the FIFO while it is in use (FIFO-LIFE-1, FIFO-LIFE-2). */
  #pipe: ReferencePipe | undefined = undefined;
  /** Blocking opens for reading waiting for a writer (FIFO-BLK-1). */
  readonly #waitingReaders = new WaitQueue<WaitingOpen, ReferencePipeEnd>();
  /** Blocking opens for writing waiting for a reader (FIFO-BLK-1). */
  readonly #waitingWriters = new WaitQueue<WaitingOpen, ReferencePipeEnd>();

  /**
   * Makes a FIFO nobody has open. Only `mkfifo` calls it, which binds
   * it to its name.
   *
   * @param ownership - the owner's uid and gid and the mode, already checked and masked
   */
  constructor(ownership: Ownership) {
    const { uid, gid, mode } = ownership;
    this.ownership = Object.freeze({ uid, gid, mode });
  }

  /** The pipe behind the FIFO, while any end is open or any open waits. */
  get pipe(): ReferencePipe | undefined {
    return this.#pipe;
  }

  /** The readers the FIFO counts: its open read ends (readwrite ends included) and its opens for reading still waiting (FIFO-NB-2). */
  get readers(): number {
    return (this.#pipe?.readers ?? 0) + this.#waitingReaders.size;
  }

  /** The writers the FIFO counts: its open write ends (readwrite ends included) and its opens for writing still waiting. */
  get writers(): number {
    return (this.#pipe?.writers ?? 0) + this.#waitingWriters.size;
  }

  /** The blocking opens for reading waiting for a writer. */
  get waitingReaders(): number {
    return this.#waitingReaders.size;
  }

  /** The blocking opens for writing waiting for a reader. */
  get waitingWriters(): number {
    return this.#waitingWriters.size;
  }

  /**
   * The FIFO's half of a blocking `open(2)`: opens the end now when the
   * access allows, or waits for the peer.
   *
   * @param caller - the process opening it, alive, its permission checked
   * @param access - what it is opened for
   * @param signal - stops the wait when it fires, not yet aborted
   * @returns the end
   * @throws {IpcError} (as a rejection) `ECANCELED` when aborted while
   *   waiting (FIFO-BLK-3); `EINTR` when a signal handler interrupts the wait
   *   (FIFO-BLK-5) or the process ends while it waits; `ESRCH` when a peer
   *   arrives while the process is ending
   */
  open(caller: ProcessCore, access: Access, signal: AbortSignal | undefined): Promise<ReferencePipeEnd> {
    this.#forgetExited();
    // FIFO-BLK-2: an open for reading and writing never waits.
    if (access === "readwrite") return Promise.resolve(this.attach("readwrite", caller));
    // FIFO-BLK-1: the peer is already open or waiting: complete at once (and
    // complete the peer's waiting opens with it).
    const peers = access === "read" ? this.writers : this.readers;
    if (peers > 0) return Promise.resolve(this.attach(access, caller));
    // FIFO-BLK-1: otherwise wait for the peer. While it waits the open counts
    // as a reader or a writer (FIFO-NB-2) and keeps the pipe (FIFO-LIFE-2).
    // FIFO-BLK-5: it waits registered with the opening process, so a handler
    // interrupts it, or restarts it (it then keeps waiting, in its place).
    const queue = access === "read" ? this.#waitingReaders : this.#waitingWriters;
    const waiter = queue.enqueue(
      { opener: caller },
      {
        signal,
        blocker: caller,
        syscall: "open",
        restart: "restart",
        onAbort: (aborted, reason) => {
          // FIFO-BLK-3: ECANCELED, nothing opened, and it no longer counts;
          // the other waiting opens keep waiting. FIFO-BLK-5: EINTR when a
          // handler interrupted it, the same otherwise. The end of the process
          // interrupts it too, and nobody awaits that rejection.
          queue.reject(aborted, settledEarly(aborted, "open", reason));
          this.#releaseIfUnused();
        },
      },
    );
    return waiter.promise;
  }

  /**
   * The FIFO's half of a non-blocking `open(2)`.
   *
   * @param caller - the process opening it, alive, its permission checked
   * @param access - what it is opened for
   * @returns the end
   * @throws {IpcError} `ENXIO` for writing when no reader is open or waiting (FIFO-NB-2)
   */
  tryOpen(caller: ProcessCore, access: Access): ReferencePipeEnd {
    this.#forgetExited();
    // FIFO-NB-2: for writing, a reader must have the FIFO open or be waiting
    // to open it; otherwise ENXIO, and nothing is opened.
    if (access === "write" && this.readers === 0) {
      throw new IpcError("ENXIO", "open", { detail: "no reader has the FIFO open or is waiting to open it" });
    }
    // FIFO-NB-1: for reading, at once, writer or not; with no writer the end
    // reads end of file, by the pipe's own rule (FIFO-EOF-1, PIPE-EOF-4).
    // FIFO-BLK-2: readwrite at once too.
    return this.attach(access, caller);
  }

  /**
   * Opens an end on the FIFO's pipe now (making the pipe when the FIFO is not
   * in use), then completes the opens of the other kind that wait for it.
   * The last step of every successful open; it checks nothing.
   *
   * @param direction - the end's direction
   * @param caller - the process that will hold the end, alive
   * @returns the end
   * @throws {IpcError} `ESRCH` when `caller` has exited
   */
  attach(direction: Access, caller: ProcessCore): ReferencePipeEnd {
    // FIFO-LIFE-1: every end is an end of the one pipe behind the FIFO.
    // FIFO-LIFE-2: a FIFO that was not in use gets a new, empty pipe.
    let pipe = this.#pipe;
    if (pipe === undefined) {
      const created = new ReferencePipe(DEFAULT_PIPE_CAPACITY, () => {
        if (this.#pipe === created) this.#releaseIfUnused();
      });
      pipe = this.#pipe = created;
    }
    const end = openEnd(pipe, direction, caller, "open");
    // FIFO-BLK-1: the peer has arrived: every open of the other kind that
    // waits completes now (a readwrite end is both: FIFO-BLK-2).
    if (end.readable) this.#complete(this.#waitingWriters, "write", pipe);
    if (end.writable) this.#complete(this.#waitingReaders, "read", pipe);
    return end;
  }

  /** Completes every waiting open in `queue` with an end of `pipe` (FIFO-BLK-1). */
  #complete(queue: WaitQueue<WaitingOpen, ReferencePipeEnd>, direction: "read" | "write", pipe: ReferencePipe): void {
    for (const waiter of queue) {
      const { opener } = waiter.payload;
      if (opener.alive) queue.resolve(waiter, openEnd(pipe, direction, opener, "open"));
      else forget(queue, waiter);
    }
  }

  /**
   * Drops the waiting opens of processes that have ended: they no longer
   * count. (The end of a process drops its waiting opens itself; one is left
   * only in the moment a process closes its descriptors as it ends.)
   */
  #forgetExited(): void {
    for (const queue of [this.#waitingReaders, this.#waitingWriters]) {
      for (const waiter of queue) if (!waiter.payload.opener.alive) forget(queue, waiter);
    }
    this.#releaseIfUnused();
  }

  /** FIFO-LIFE-2: no end open and no open waiting: drop the pipe and the bytes in it. */
  #releaseIfUnused(): void {
    const pipe = this.#pipe;
    if (pipe === undefined || pipe.readers > 0 || pipe.writers > 0) return;
    if (this.#waitingReaders.isEmpty && this.#waitingWriters.isEmpty) this.#pipe = undefined;
  }
}

/** Rejects the waiting open of an exited process with `ESRCH`, marked handled: nobody awaits it. */
function forget(queue: WaitQueue<WaitingOpen, ReferencePipeEnd>, waiter: Waiter<WaitingOpen, ReferencePipeEnd>): void {
  waiter.promise.catch(() => undefined);
  queue.reject(waiter, new IpcError("ESRCH", "open", { detail: `process ${waiter.payload.opener.pid} exited while its open waited` }));
}

