/**
 * The kernel's process: what every mechanism sees of the process that calls
 * it, holds a descriptor or waits. A {@link ProcessCore} keeps the pid and
 * credentials, the umask and process group, the descriptor table, the calls
 * blocked in it, its signal state and how it ended; the public process
 * (`ReferenceProcess`, `reference/system.ts`) extends it with the calls of
 * every mechanism.
 *
 * Mechanisms depend on this module and never on the public process, so the
 * layers import one way: base, kernel, mechanisms, process and system.
 *
 * @module
 */

import { DEFAULT_UMASK, PERMISSION_BITS } from "../../spec/namespace.ts";
import { IpcError } from "../../spec/errors.ts";
import type { ProcessStatus } from "../../spec/signal.ts";
import type { Credentials } from "../../spec/system.ts";
import type { BlockedCall } from "../base/interrupt.ts";
import { Interruption } from "../base/interrupt.ts";
import { requireIntegerInRange } from "../base/validate.ts";
import { ProcessSignals } from "./signal-state.ts";

/**
 * What a process's descriptor table holds: an open handle of any mechanism.
 * A descriptor registers itself with its process when it is opened and
 * removes itself when it is closed, so `fork` can duplicate them and `exit`
 * can close them without knowing what they are.
 *
 * @example A pipe end is a descriptor
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * import type { Descriptor } from "ipckit/reference";
 * const [reader] = createSystem().spawn().pipe();
 * const descriptor: Descriptor = reader;
 * console.assert(!descriptor.closed);
 * ```
 */
export interface Descriptor {
  /** `true` once this descriptor is closed. */
  readonly closed: boolean;

  /**
   * Opens a duplicate of this descriptor held by `process` (what `fork`
   * does for each descriptor of the parent). The duplicate registers itself
   * in `process`'s table.
   *
   * @param process - the process that will hold the duplicate
   * @returns the duplicate
   * @throws {IpcError} `EBADF` when this descriptor is closed
   */
  dupInto(process: ProcessCore): Descriptor;

  /**
   * Closes this descriptor, removing it from its process's table (what
   * `exit` does for each descriptor the process holds).
   *
   * @throws {IpcError} `EBADF` when already closed
   */
  close(): void;
}

/**
 * The system as the kernel sees it: the table of its processes, for the calls
 * that name processes by pid (`kill`, `sigqueue`).
 *
 * @example The reference system is a process table
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * import type { ProcessTable } from "ipckit/reference";
 * const system = createSystem();
 * const table: ProcessTable = system;
 * console.assert(table.processByPid(system.spawn().pid)?.pid === 1 && table.processList().length === 1);
 * ```
 */
export interface ProcessTable {
  /**
   * The process with this pid, alive or exited (a zombie: SIG-ERR-4).
   *
   * @param pid - the pid
   * @returns the process, or `undefined` when no process ever had this pid
   */
  processByPid(pid: number): ProcessCore | undefined;

  /**
   * Every process the system made, alive or exited, in pid order.
   *
   * @returns a snapshot of the process table
   */
  processList(): ProcessCore[];
}

/** The status of a process that runs. */
const RUNNING: ProcessStatus = Object.freeze({ state: "running" });

/**
 * A process as the kernel keeps it. Mechanisms take it as their caller and
 * hold it as the owner of their descriptors and waits; `ReferenceProcess`
 * extends it with the system calls.
 *
 * @example A handle's owner is its process
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * import type { ProcessCore } from "ipckit/reference";
 * const process = createSystem().spawn({ uid: 1000 });
 * const [reader] = process.pipe();
 * const owner: ProcessCore = reader.owner;
 * console.assert(owner === process && owner.credentials.uid === 1000 && owner.pgid === process.pid);
 * ```
 */
export class ProcessCore {
  /** Process id, unique within its system and never reused. */
  readonly pid: number;
  /** The identity used for permission checks. */
  readonly credentials: Credentials;
  readonly #table: ProcessTable;
  /** The descriptor table: every open handle this process holds, in the order opened. */
  readonly #descriptors = new Set<Descriptor>();
  #alive = true;
  #exitStatus: number | undefined = undefined;
  /** How the process ended, once it has (SIG-LIFE-2). */
  #ended: ProcessStatus | undefined = undefined;
  /** The calls blocked in this process, oldest first (SIG-BLK-5). */
  readonly #blocked = new Set<BlockedCall>();
  /** The process group (SIG-ORD-4). */
  #pgid: number;
  /** The bits cleared from the mode of every object this process creates. */
  #umask: number;
  /** Dispositions, mask, pending signals and sigwait callers. */
  readonly #signals: ProcessSignals;

  /**
   * Makes the process. Only the system's `spawn` calls it.
   *
   * @internal
   * @param table - the system it belongs to
   * @param pid - its pid, fresh from the system
   * @param credentials - its identity, already checked and frozen
   * @param signals - its signal state, fresh
   */
  constructor(table: ProcessTable, pid: number, credentials: Credentials, signals: ProcessSignals) {
    this.#table = table;
    this.pid = pid;
    this.credentials = credentials;
    this.#umask = DEFAULT_UMASK;
    // SIG-ORD-4: a spawned process leads a new group.
    this.#pgid = pid;
    this.#signals = signals;
  }

  /** {@inheritDoc spec!SignalApi.pgid} */
  get pgid(): number {
    return this.#pgid;
  }

  /**
   * The system this process lives in, as a table of processes; mechanisms
   * also key their system-wide state by it.
   *
   * @returns the system
   *
   * @example The process is in its system's table
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * console.assert(process.system.processByPid(process.pid) === process);
   * ```
   */
  get system(): ProcessTable {
    return this.#table;
  }

  /**
   * The process's signal state: its dispositions, mask, pending signals and
   * sigwait callers (`reference/kernel/signal-state.ts`).
   *
   * @internal
   * @returns the state, the process's own
   */
  get signals(): ProcessSignals {
    return this.#signals;
  }

  /** {@inheritDoc spec!SignalApi.status} */
  get status(): ProcessStatus {
    if (this.#ended !== undefined) return this.#ended;
    const stoppedBy = this.#signals.stoppedBy;
    return stoppedBy === undefined ? RUNNING : Object.freeze({ state: "stopped", signal: stoppedBy });
  }

  /**
   * The current umask, without changing it.
   *
   * @returns the umask
   *
   * @example A new process has the default umask
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * console.assert(createSystem().spawn().currentUmask === 0o022);
   * ```
   */
  get currentUmask(): number {
    return this.#umask;
  }

  /** {@inheritDoc spec!UmaskApi.umask} */
  umask(mask: number): number {
    this.requireAlive("umask");
    const checked = requireIntegerInRange(mask, 0, PERMISSION_BITS, "umask", "mask");
    const previous = this.#umask;
    this.#umask = checked;
    return previous;
  }

  /** {@inheritDoc spec!IpcProcess.alive} */
  get alive(): boolean {
    return this.#alive;
  }

  /**
   * The status the process exited with.
   *
   * @returns the status, or `undefined` while the process is alive (or when a signal ended it)
   *
   * @example The status given to exit
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * process.exit(7);
   * console.assert(process.exitStatus === 7);
   * ```
   */
  get exitStatus(): number | undefined {
    return this.#exitStatus;
  }

  /**
   * The descriptors this process holds now, in the order they were opened.
   *
   * @returns a snapshot of the descriptor table
   *
   * @example A pipe adds two descriptors
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const [reader, writer] = process.pipe();
   * console.assert(process.descriptors[0] === reader && process.descriptors[1] === writer);
   * ```
   */
  get descriptors(): readonly Descriptor[] {
    return [...this.#descriptors];
  }

  /**
   * Gives a child just spawned what a forked child inherits (`fork(2)`): the
   * umask, the process group (SIG-ORD-4), the dispositions and mask but
   * nothing pending (SIG-LIFE-7), and a duplicate of every open descriptor
   * (PIPE-LIFE-3: each keeps its object open until the child closes it or
   * exits).
   *
   * @internal
   * @param child - the new process, with this process's credentials
   */
  forkInto(child: ProcessCore): void {
    child.#umask = this.#umask;
    child.#pgid = this.#pgid;
    child.#signals.inheritFrom(this.#signals);
    for (const descriptor of this.#descriptors) descriptor.dupInto(child);
  }

  /** {@inheritDoc spec!IpcProcess.exit} */
  exit(status: number = 0): void {
    const code = requireIntegerInRange(status, 0, 255, "exit", "status");
    if (!this.#alive) return;
    this.#exitStatus = code;
    this.#end(Object.freeze({ state: "exited", exitStatus: code }));
  }

  /**
   * Ends the process by a signal (SIG-LIFE-1, SIG-LIFE-2): as `exit`, but its
   * status says which signal, and whether it dumped core. Ending twice does
   * nothing.
   *
   * @internal
   * @param signal - the signal that terminates it
   * @param core - whether the default action dumps core
   */
  terminate(signal: number, core: boolean): void {
    if (!this.#alive) return;
    this.#end(Object.freeze({ state: "signaled", signal, core }));
  }

  /** What exit and terminate share: the process ends, closing and cancelling everything. */
  #end(status: ProcessStatus): void {
    this.#alive = false;
    this.#ended = status;
    // PIPE-LIFE-2, SIG-LIFE-2: the end closes every descriptor the process
    // holds, so readers of its pipes see end of file and writers see EPIPE
    // (the pipe does the rest).
    for (const descriptor of [...this.#descriptors]) descriptor.close();
    // Its calls still blocked elsewhere (a semaphore, a queue by id) leave
    // their queues: a process that is gone takes no unit and no message.
    for (const call of [...this.#blocked]) call.interrupt(new Interruption("exit"));
    this.#signals.discardAll();
  }

  /**
   * Registers a call blocked in this process (the wait queue does it; see
   * `reference/base/interrupt.ts`).
   *
   * @internal
   * @param call - the call, as it starts waiting
   */
  block(call: BlockedCall): void {
    this.#blocked.add(call);
  }

  /**
   * Unregisters a blocked call once it has settled.
   *
   * @internal
   * @param call - the call
   */
  unblock(call: BlockedCall): void {
    this.#blocked.delete(call);
  }

  /**
   * The call of this process that has been blocked longest (SIG-BLK-5).
   *
   * @internal
   * @returns the call, or `undefined` when none is blocked
   */
  oldestBlockedCall(): BlockedCall | undefined {
    for (const call of this.#blocked) return call;
    return undefined;
  }

  /**
   * Fails unless the process is alive: the first check of every call made as
   * this process.
   *
   * @internal
   * @param syscall - the call, for the error
   * @throws {IpcError} `ESRCH` when the process has exited
   */
  requireAlive(syscall: string): void {
    if (!this.#alive) {
      throw new IpcError("ESRCH", syscall, { detail: `process ${this.pid} has exited` });
    }
  }

  /**
   * Puts a newly opened descriptor in this process's table. Mechanisms call
   * it when they open a handle.
   *
   * @internal
   * @param descriptor - the descriptor, open
   * @throws {IpcError} `ESRCH` when the process has exited
   */
  addDescriptor(descriptor: Descriptor): void {
    this.requireAlive("open");
    this.#descriptors.add(descriptor);
  }

  /**
   * Takes a closed descriptor out of this process's table. Mechanisms call
   * it when a handle is closed.
   *
   * @internal
   * @param descriptor - the descriptor being closed
   * @returns `true` when the table held it
   */
  removeDescriptor(descriptor: Descriptor): boolean {
    return this.#descriptors.delete(descriptor);
  }
}
