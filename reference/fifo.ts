/**
 * The reference named pipe (FIFO): a transcription of the clauses in
 * `spec/fifo.ts`. Every step that enforces a clause cites its ID.
 *
 * Three layers, as in a kernel:
 *
 * - The calls (`mkfifo`, `openFifo`, `tryOpenFifo`, `unlink`) check the
 *   arguments, resolve the name in the system's file namespace
 *   ({@link filesOf}) and check permission with the one rule of every named
 *   object (`requireAccess`, `reference/namespace.ts`).
 * - {@link ReferenceFifo} is the FIFO itself, the object a name points to:
 *   its owner and mode, the pipe behind it while it is in use, and the opens
 *   waiting for a peer. Its methods are the FIFO's half of `open(2)`.
 * - The pipe is the anonymous pipe's own {@link ReferencePipe}, and the ends
 *   are {@link ReferencePipeEnd}s: once open, a FIFO end is a pipe end and
 *   every pipe clause holds (FIFO-LIFE-1).
 *
 * Wake-ups are synchronous, as in the pipe: an open that brings the peer
 * that waiting opens need completes them before it returns.
 *
 * Choices where the clauses are silent:
 *
 * - The checks run in this order, the first failing one deciding the error:
 *   the process is alive (`ESRCH`), the path (`EINVAL`, `ENAMETOOLONG`), the
 *   other arguments (`EINVAL`), the name (`ENOENT`; `ENXIO` when it names
 *   something that is not a FIFO, as `open(2)` of a socket does), the
 *   permission (`EACCES`), the signal (`ECANCELED`), and last the reader
 *   check (`ENXIO`) of a non-blocking open for writing.
 * - A waiting open is registered with the process opening, so a handler
 *   run for it interrupts the open with `EINTR` (FIFO-BLK-5), and the end of
 *   the process drops it (with `EINTR`, a rejection marked handled, since
 *   nobody is left to await it). Should a peer arrive while the process is
 *   ending, before its blocked calls are dropped (a handler run as its
 *   descriptors close), the open is rejected `ESRCH` instead and opens no
 *   end.
 * - A new pipe has the default capacity, whatever an earlier pipe of the
 *   same FIFO was set to.
 *
 * @module
 */

import { DEFAULT_PIPE_CAPACITY, ROOT_UID } from "../spec/constants.ts";
import { IpcError } from "../spec/errors.ts";
import type { FifoOpenOptions } from "../spec/fifo.ts";
import { PERMISSION_BITS } from "../spec/namespace.ts";
import type { Access, Ownership } from "../spec/namespace.ts";
import { Namespace, creationMode, requireAccess } from "./base/namespace.ts";
import type { MutableOwnership } from "./base/namespace.ts";
import { ReferencePipe, openEnd } from "./pipe/index.ts";
import type { ReferencePipeEnd } from "./pipe/index.ts";
import type { ProcessCore } from "./kernel/process.ts";
import { filesOf } from "./kernel/files.ts";
import type { FileNode } from "./kernel/files.ts";
import { parseBlocking } from "./base/blocking.ts";
import { requireFilePath, requireIntegerInRange, requireOptionalObject } from "./base/validate.ts";
import { WaitQueue } from "./base/wait-queue.ts";
import type { Waiter } from "./base/wait-queue.ts";
import { Interruption, canceled } from "./base/interrupt.ts";

/** The mode of a FIFO made without one, before the umask (FIFO-PERM-2). */
const DEFAULT_FIFO_MODE = 0o666;

/** The accesses an open may ask for (FIFO-ERR-4). */
const ACCESSES: ReadonlySet<unknown> = new Set<Access>(["read", "write", "readwrite"]);

/** An open waiting for its peer. */
interface WaitingOpen {
  /** The process opening the FIFO, which will hold the end. */
  readonly opener: ProcessCore;
}

/**
 * A FIFO: what a name made by `mkfifo` points to. It records its owner and
 * mode, keeps the one pipe behind it while the FIFO is in use, and holds the
 * opens that wait for a peer.
 *
 * Its methods are the FIFO's half of `open(2)`: `openFifo` and
 * `tryOpenFifo` have already checked the arguments, the name and the
 * permission when they call them. The getters are for inspection.
 *
 * @example Inspect a FIFO while a reader waits
 * ```ts
 * import { createSystem, lookupFifo } from "ipckit/reference";
 * const process = createSystem().spawn();
 * process.mkfifo("/tmp/fifo");
 * void process.openFifo("/tmp/fifo", { access: "read" });
 * const fifo = lookupFifo(process.system, "/tmp/fifo", "open");
 * console.assert(fifo.waitingReaders === 1 && fifo.readers === 1 && fifo.pipe === undefined);
 * ```
 */
export class ReferenceFifo implements FileNode {
  /** The owner and the permission bits (FIFO-PERM-1, FIFO-PERM-2). */
  readonly ownership: MutableOwnership;
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
   *
   * @example A FIFO that is not in use has no pipe
   * ```ts
   * import { ReferenceFifo } from "ipckit/reference";
   * const fifo = new ReferenceFifo({ uid: 1000, gid: 1000, mode: 0o644 });
   * console.assert(fifo.pipe === undefined && fifo.readers === 0 && fifo.ownership.mode === 0o644);
   * ```
   */
  constructor(ownership: Ownership) {
    const { uid, gid, mode } = ownership;
    this.ownership = { uid, gid, mode };
  }

  /**
   * The pipe behind the FIFO, while any end is open or any open waits.
   *
   * @returns the pipe, or `undefined` when the FIFO is not in use
   *
   * @example Every end shares the one pipe
   * ```ts
   * import { createSystem, lookupFifo } from "ipckit/reference";
   * const process = createSystem().spawn();
   * process.mkfifo("/tmp/fifo");
   * const reader = process.tryOpenFifo("/tmp/fifo", { access: "read" });
   * const writer = process.tryOpenFifo("/tmp/fifo", { access: "write" });
   * console.assert(reader.pipe === writer.pipe && lookupFifo(process.system, "/tmp/fifo", "open").pipe === reader.pipe);
   * ```
   */
  get pipe(): ReferencePipe | undefined {
    return this.#pipe;
  }

  /**
   * The readers the FIFO counts: its open read ends (readwrite ends
   * included) and its opens for reading still waiting (FIFO-NB-2).
   *
   * @returns the count
   *
   * @example A waiting open counts as a reader
   * ```ts
   * import { createSystem, lookupFifo } from "ipckit/reference";
   * const process = createSystem().spawn();
   * process.mkfifo("/tmp/fifo");
   * void process.openFifo("/tmp/fifo", { access: "read" });
   * console.assert(lookupFifo(process.system, "/tmp/fifo", "open").readers === 1);
   * ```
   */
  get readers(): number {
    return (this.#pipe?.readers ?? 0) + this.#waitingReaders.size;
  }

  /**
   * The writers the FIFO counts: its open write ends (readwrite ends
   * included) and its opens for writing still waiting.
   *
   * @returns the count
   *
   * @example A readwrite end counts as a writer
   * ```ts
   * import { createSystem, lookupFifo } from "ipckit/reference";
   * const process = createSystem().spawn();
   * process.mkfifo("/tmp/fifo");
   * process.tryOpenFifo("/tmp/fifo", { access: "readwrite" });
   * const fifo = lookupFifo(process.system, "/tmp/fifo", "open");
   * console.assert(fifo.writers === 1 && fifo.readers === 1);
   * ```
   */
  get writers(): number {
    return (this.#pipe?.writers ?? 0) + this.#waitingWriters.size;
  }

  /**
   * The blocking opens for reading waiting for a writer.
   *
   * @returns the count
   *
   * @example Two readers wait
   * ```ts
   * import { createSystem, lookupFifo } from "ipckit/reference";
   * const process = createSystem().spawn();
   * process.mkfifo("/tmp/fifo");
   * void process.openFifo("/tmp/fifo", { access: "read" });
   * void process.openFifo("/tmp/fifo", { access: "read" });
   * console.assert(lookupFifo(process.system, "/tmp/fifo", "open").waitingReaders === 2);
   * ```
   */
  get waitingReaders(): number {
    return this.#waitingReaders.size;
  }

  /**
   * The blocking opens for writing waiting for a reader.
   *
   * @returns the count
   *
   * @example A writer waits
   * ```ts
   * import { createSystem, lookupFifo } from "ipckit/reference";
   * const process = createSystem().spawn();
   * process.mkfifo("/tmp/fifo");
   * void process.openFifo("/tmp/fifo", { access: "write" });
   * console.assert(lookupFifo(process.system, "/tmp/fifo", "open").waitingWriters === 1);
   * ```
   */
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
   *
   * @example A writer's open completes the waiting reader's
   * ```ts
   * import { createSystem, lookupFifo } from "ipckit/reference";
   * const process = createSystem().spawn();
   * process.mkfifo("/tmp/fifo");
   * const fifo = lookupFifo(process.system, "/tmp/fifo", "open");
   * const reading = fifo.open(process, "read", undefined);
   * const writer = await fifo.open(process, "write", undefined);
   * const reader = await reading;
   * console.assert(reader.readable && writer.writable && reader.pipe === writer.pipe);
   * ```
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
          if (reason instanceof Interruption && reason.cause === "exit") aborted.promise.catch(() => undefined);
          queue.reject(aborted, canceled("open", reason));
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
   *
   * @example Opening for reading never fails for want of a writer
   * ```ts
   * import { createSystem, lookupFifo } from "ipckit/reference";
   * const process = createSystem().spawn();
   * process.mkfifo("/tmp/fifo");
   * const reader = lookupFifo(process.system, "/tmp/fifo", "open").tryOpen(process, "read");
   * console.assert(reader.readable && reader.tryRead(new Uint8Array(1)) === 0);
   * ```
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
   *
   * @example A readwrite end completes a waiting writer
   * ```ts
   * import { createSystem, lookupFifo } from "ipckit/reference";
   * const process = createSystem().spawn();
   * process.mkfifo("/tmp/fifo");
   * const writing = process.openFifo("/tmp/fifo", { access: "write" });
   * lookupFifo(process.system, "/tmp/fifo", "open").attach("readwrite", process);
   * console.assert((await writing).writable);
   * ```
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

/**
 * Resolves a path to the FIFO it names: the lookup step of every open.
 *
 * @param system - the system whose namespace to search
 * @param path - a path, already checked (FIFO-ERR-3)
 * @param syscall - the operation, for errors
 * @returns the FIFO
 * @throws {IpcError} `ENOENT` when the path names nothing (FIFO-ERR-2);
 *   `ENXIO` when it names something that is not a FIFO
 *
 * @example Find a FIFO, miss another
 * ```ts
 * import { createSystem, lookupFifo } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const process = createSystem().spawn();
 * process.mkfifo("/tmp/fifo");
 * console.assert(lookupFifo(process.system, "/tmp/fifo", "open").readers === 0);
 * let missing = false;
 * try { lookupFifo(process.system, "/tmp/other", "open"); } catch (error) { missing = IpcError.is(error, "ENOENT"); }
 * console.assert(missing);
 * ```
 */
export function lookupFifo(system: object, path: string, syscall: string): ReferenceFifo {
  const node = filesOf(system).lookup(path);
  // FIFO-ERR-2, FIFO-LIFE-3: no such name (never made, or unlinked).
  if (node === undefined) throw new IpcError("ENOENT", syscall, { path });
  if (!(node instanceof ReferenceFifo)) throw new IpcError("ENXIO", syscall, { path, detail: "not a FIFO" });
  return node;
}

/**
 * Checks the options of an open (FIFO-ERR-4): an object whose `access` is
 * `"read"`, `"write"` or `"readwrite"` and, for the blocking form, whose
 * `signal` is absent or an `AbortSignal`.
 *
 * @param options - the argument
 * @param syscall - the operation, for errors
 * @param withSignal - whether the call takes a signal (the blocking form); default `true`
 * @returns the access and the signal (`undefined` when absent or not taken)
 * @throws {IpcError} `EINVAL` for options that are not an object, a bad access or a bad signal
 *
 * @example Options checked
 * ```ts
 * import { requireOpenOptions } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * console.assert(requireOpenOptions({ access: "write" }, "open").access === "write");
 * let bad = false;
 * try { requireOpenOptions({ access: "append" }, "open"); } catch (error) { bad = IpcError.is(error, "EINVAL"); }
 * console.assert(bad);
 * ```
 */
export function requireOpenOptions(
  options: unknown,
  syscall: string,
  withSignal = true,
): { readonly access: Access; readonly signal: AbortSignal | undefined } {
  const checked = requireOptionalObject(options, syscall, "options");
  if (checked === undefined) {
    throw new IpcError("EINVAL", syscall, { detail: "options with an access are required" });
  }
  const access = checked["access"];
  if (!ACCESSES.has(access)) {
    throw new IpcError("EINVAL", syscall, { detail: `options.access must be "read", "write" or "readwrite", got ${String(access)}` });
  }
  const signal = withSignal ? parseBlocking(checked, syscall).signal : undefined;
  return { access: access as Access, signal };
}

/**
 * `mkfifo(3)` as `process`: the operation behind `ReferenceProcess.mkfifo`.
 *
 * @param caller - the process making the call
 * @param path - the name (FIFO-ERR-3)
 * @param mode - the permission bits; default `0o666` (FIFO-ERR-4)
 * @throws {IpcError} `EEXIST` (FIFO-ERR-1), `EINVAL` (FIFO-ERR-3,
 *   FIFO-ERR-4), `ENAMETOOLONG` (FIFO-ERR-3), `ESRCH` when `caller` has exited
 *
 * @example The umask clears bits from the mode
 * ```ts
 * import { createSystem, lookupFifo } from "ipckit/reference";
 * const process = createSystem().spawn({ uid: 1000, gid: 1000 });
 * process.mkfifo("/tmp/fifo", 0o666);
 * console.assert(lookupFifo(process.system, "/tmp/fifo", "open").ownership.mode === 0o644);
 * ```
 */
export function mkfifo(caller: ProcessCore, path: string, mode?: number): void {
  caller.requireAlive("mkfifo");
  // FIFO-ERR-3: a well-formed path.
  const name = requireFilePath(path, "mkfifo");
  // FIFO-ERR-4: a plain permission mode.
  const bits = mode === undefined ? DEFAULT_FIFO_MODE : requireIntegerInRange(mode, 0, PERMISSION_BITS, "mkfifo", "mode");
  const files = filesOf(caller.system);
  // FIFO-ERR-1: the name is taken: EEXIST, and the existing FIFO is untouched.
  // (After unlink it is free again, for a new FIFO: FIFO-LIFE-4.)
  if (files.lookup(name) !== undefined) throw new IpcError("EEXIST", "mkfifo", { path: name });
  // FIFO-PERM-2: owned by the caller's uid and gid, mode less the caller's umask now.
  const { uid, gid } = caller.credentials;
  files.bind(name, new ReferenceFifo({ uid, gid, mode: creationMode(bits, caller.currentUmask) }));
}

/**
 * `open(2)` of a FIFO as `process`, waiting for the peer: the operation
 * behind `ReferenceProcess.openFifo`.
 *
 * @param caller - the process making the call
 * @param path - the FIFO's name (FIFO-ERR-3)
 * @param options - the access and a signal (FIFO-ERR-4)
 * @returns the end
 * @throws {IpcError} (as a rejection, never synchronously) `ENOENT`
 *   (FIFO-ERR-2), `EACCES` (FIFO-PERM-1), `ECANCELED` (FIFO-BLK-3,
 *   FIFO-BLK-4), `EINTR` (FIFO-BLK-5), `EINVAL` (FIFO-ERR-3, FIFO-ERR-4),
 *   `ENAMETOOLONG` (FIFO-ERR-3), `ESRCH` when `caller` has exited
 *
 * @example A readwrite open never waits
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const process = createSystem().spawn();
 * process.mkfifo("/tmp/fifo");
 * const end = await process.openFifo("/tmp/fifo", { access: "readwrite" });
 * console.assert(end.readable && end.writable);
 * ```
 */
export function openFifo(caller: ProcessCore, path: string, options: FifoOpenOptions): Promise<ReferencePipeEnd> {
  try {
    caller.requireAlive("open");
    // FIFO-ERR-3, FIFO-ERR-4: the arguments, before anything else.
    const name = requireFilePath(path, "open");
    const { access, signal } = requireOpenOptions(options, "open");
    // FIFO-ERR-2: the name.
    const fifo = lookupFifo(caller.system, name, "open");
    // FIFO-PERM-1: r for reading, w for writing, both for readwrite, by the one rule.
    requireAccess(caller.credentials, fifo.ownership, access, "open", name);
    // FIFO-BLK-4: called with an aborted signal: ECANCELED, nothing opened.
    if (signal?.aborted === true) throw canceled("open", signal.reason);
    return fifo.open(caller, access, signal);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `open(2)` of a FIFO with `O_NONBLOCK` as `process`: the operation behind
 * `ReferenceProcess.tryOpenFifo`. Synchronous: it returns the end or
 * throws (FIFO-NB-3).
 *
 * @param caller - the process making the call
 * @param path - the FIFO's name (FIFO-ERR-3)
 * @param options - the access (FIFO-ERR-4); a signal is ignored
 * @returns the end
 * @throws {IpcError} `ENXIO` (FIFO-NB-2), `ENOENT` (FIFO-ERR-2), `EACCES`
 *   (FIFO-PERM-1, FIFO-PERM-3), `EINVAL` (FIFO-ERR-3, FIFO-ERR-4),
 *   `ENAMETOOLONG` (FIFO-ERR-3), `ESRCH` when `caller` has exited
 *
 * @example Permission before the reader check
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const system = createSystem();
 * system.spawn({ uid: 1000, gid: 1000 }).mkfifo("/tmp/fifo", 0o644);
 * let denied = false;
 * try { system.spawn({ uid: 1001, gid: 1001 }).tryOpenFifo("/tmp/fifo", { access: "write" }); } catch (error) { denied = IpcError.is(error, "EACCES"); }
 * console.assert(denied);
 * ```
 */
export function tryOpenFifo(caller: ProcessCore, path: string, options: { readonly access: Access }): ReferencePipeEnd {
  caller.requireAlive("open");
  // FIFO-ERR-3, FIFO-ERR-4
  const name = requireFilePath(path, "open");
  const { access } = requireOpenOptions(options, "open", false);
  // FIFO-ERR-2
  const fifo = lookupFifo(caller.system, name, "open");
  // FIFO-PERM-1; FIFO-PERM-3: before the reader check, so EACCES wins over ENXIO.
  requireAccess(caller.credentials, fifo.ownership, access, "open", name);
  // FIFO-NB-3: no promise on any path.
  return fifo.tryOpen(caller, access);
}

/**
 * `unlink(2)` as `process`: the operation behind `ReferenceProcess.unlink`.
 *
 * @param caller - the process making the call
 * @param path - the name to remove (FIFO-ERR-3)
 * @throws {IpcError} `ENOENT` (FIFO-ERR-2), `EPERM` (FIFO-PERM-4), `EINVAL`,
 *   `ENAMETOOLONG` (FIFO-ERR-3), `ESRCH` when `caller` has exited
 *
 * @example Another user may not unlink
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const system = createSystem();
 * system.spawn({ uid: 1000, gid: 1000 }).mkfifo("/tmp/fifo");
 * let refused = false;
 * try { system.spawn({ uid: 1001, gid: 1000 }).unlink("/tmp/fifo"); } catch (error) { refused = IpcError.is(error, "EPERM"); }
 * system.spawn().unlink("/tmp/fifo"); // root may
 * console.assert(refused);
 * ```
 */
export function unlink(caller: ProcessCore, path: string): void {
  caller.requireAlive("unlink");
  // FIFO-ERR-3
  const name = requireFilePath(path, "unlink");
  const files = filesOf(caller.system);
  const node = files.lookup(name);
  // FIFO-ERR-2: no such name.
  if (node === undefined) throw new IpcError("ENOENT", "unlink", { path: name });
  // FIFO-PERM-4: only the owner or root (every name is as in a sticky /tmp).
  const { uid } = caller.credentials;
  if (uid !== ROOT_UID && uid !== node.ownership.uid) {
    throw new IpcError("EPERM", "unlink", { path: name, detail: `uid ${uid} is neither the owner (uid ${node.ownership.uid}) nor root` });
  }
  // FIFO-LIFE-3: only the name goes. The FIFO lives on for its open ends and
  // waiting opens, out of reach of any later open (FIFO-LIFE-4).
  files.remove(name);
}
