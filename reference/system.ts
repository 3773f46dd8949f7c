/**
 * The reference system and process model: a transcription of
 * `spec/system.ts`.
 *
 * A {@link ReferenceSystem} hands out {@link ReferenceProcess}es with pids
 * counted from 1 and never reused. Each process keeps a descriptor table:
 * the set of open handles it holds. Every mechanism's handle (pipe ends now;
 * FIFO ends, queue and socket handles later) implements {@link Descriptor},
 * so `fork` can duplicate them and `exit` can close them without knowing
 * what they are.
 *
 * @module
 */

import { IpcError } from "../spec/errors.ts";
import type { FifoOpenOptions } from "../spec/fifo.ts";
import type { MessageQueue, MqOpenOptions } from "../spec/mq.ts";
import type { MsgGetOptions, MsgQueueSet, MsgQueueStat, MsgReceiveOptions, MsgReceived } from "../spec/msg.ts";
import type { Mutex, MutexLockOptions } from "../spec/mutex.ts";
import type { SemOpenOptions, SemWaitOptions, Semaphore } from "../spec/sem.ts";
import type { ShmOpenOptions } from "../spec/shm.ts";
import type { Socket, SocketFamily, SocketType } from "../spec/socket.ts";
import { DEFAULT_UMASK, PERMISSION_BITS } from "../spec/namespace.ts";
import type { Access } from "../spec/namespace.ts";
import type { BlockingOptions, PipeOptions } from "../spec/pipe.ts";
import type { MaskHow, ProcessStatus, SignalAction, SignalInfo, SigwaitOptions } from "../spec/signal.ts";
import type { Credentials, IpcProcess, IpcSystem, SpawnOptions } from "../spec/system.ts";
import type { BlockedCall, Blocker } from "./base/interrupt.ts";
import { Interruption } from "./base/interrupt.ts";
import * as signals from "./signal.ts";
import { ProcessSignals } from "./signal.ts";
import * as fifo from "./fifo.ts";
import * as mq from "./mq.ts";
import * as msg from "./msg.ts";
import * as mutexes from "./mutex.ts";
import type { ReferenceMutex } from "./mutex.ts";
import * as semaphores from "./sem.ts";
import type { ReferenceSemaphore } from "./sem.ts";
import * as shm from "./shm.ts";
import * as sockets from "./socket.ts";
import type { ReferenceSharedMemory } from "./shm.ts";
import { createPipe } from "./pipe.ts";
import type { ReferencePipeEnd } from "./pipe.ts";
import { requireIdInteger, requireIdList, requireIntegerInRange, requireOptionalObject } from "./base/validate.ts";

/**
 * What a process's descriptor table holds: an open handle of any mechanism.
 *
 * A descriptor registers itself with its process when it is opened
 * ({@link ReferenceProcess.addDescriptor}) and removes itself when it is
 * closed ({@link ReferenceProcess.removeDescriptor}).
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
  dupInto(process: ReferenceProcess): Descriptor;

  /**
   * Closes this descriptor, removing it from its process's table (what
   * `exit` does for each descriptor the process holds).
   *
   * @throws {IpcError} `EBADF` when already closed
   */
  close(): void;
}

/**
 * Creates a fresh, independent system with no processes.
 *
 * @returns the system
 *
 * @example Pids start at 1
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const system = createSystem();
 * console.assert(system.spawn().pid === 1);
 * ```
 */
export function createSystem(): ReferenceSystem {
  return new ReferenceSystem();
}

/**
 * One simulated machine: the reference implementation of `IpcSystem` (from `ipckit/spec`).
 *
 * @example Two users' processes
 * ```ts
 * import { ReferenceSystem } from "ipckit/reference";
 * const system = new ReferenceSystem();
 * const alice = system.spawn({ uid: 1000, gid: 1000 });
 * const bob = system.spawn({ uid: 1001, gid: 1001, groups: [1000] });
 * console.assert(alice.pid === 1 && bob.pid === 2 && bob.credentials.groups[0] === 1000);
 * ```
 */
export class ReferenceSystem implements IpcSystem {
  /** The pid the next process gets: pids start at 1 and are never reused. */
  #nextPid = 1;
  /** Each mechanism's system-wide state (its namespace, its tables), by mechanism. */
  readonly #state = new Map<string, unknown>();
  /** Every process ever made, by pid: exited ones stay, as zombies (SIG-ERR-4). */
  readonly #processes = new Map<number, ReferenceProcess>();

  /**
   * The process with this pid, alive or exited (a zombie: SIG-ERR-4).
   *
   * @param pid - the pid
   * @returns the process, or `undefined` when no process ever had this pid
   *
   * @example Look up a process
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const process = system.spawn();
   * console.assert(system.processByPid(process.pid) === process && system.processByPid(99) === undefined);
   * ```
   */
  processByPid(pid: number): ReferenceProcess | undefined {
    return this.#processes.get(pid);
  }

  /**
   * Every process this system made, alive or exited, in pid order.
   *
   * @returns a snapshot of the process table
   *
   * @example
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * system.spawn();
   * system.spawn();
   * console.assert(system.processList().length === 2);
   * ```
   */
  processList(): ReferenceProcess[] {
    return [...this.#processes.values()];
  }

  /**
   * A mechanism's system-wide state (its namespace of names, its tables),
   * made on first use. Each mechanism module keeps its state here under its
   * own key, so systems share nothing.
   *
   * @param key - the mechanism's key, such as `"fifo"`
   * @param create - makes the state on first use
   * @returns the state
   *
   * @example State is made once per system
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const first = system.stateOf("example", () => ({ count: 0 }));
   * console.assert(system.stateOf("example", () => ({ count: 1 })) === first);
   * ```
   */
  stateOf<T>(key: string, create: () => T): T {
    if (!this.#state.has(key)) this.#state.set(key, create());
    return this.#state.get(key) as T;
  }

  /**
   * Creates a new process with the given credentials, holding no descriptors.
   *
   * @param options - the credentials; uid and gid default to 0 (root), groups to none
   * @returns the new process, with the next pid
   * @throws {IpcError} `EINVAL` when `options` is not an object or an id is
   *   not a non-negative integer (or `groups` not an array of them)
   *
   * @example A user's process
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn({ uid: 1000 });
   * console.assert(process.credentials.uid === 1000 && process.credentials.gid === 0);
   * ```
   */
  spawn(options?: SpawnOptions): ReferenceProcess {
    // Check everything before taking a pid: bad input changes nothing.
    const checked = requireOptionalObject(options, "spawn", "options");
    const uid = checked?.["uid"] === undefined ? 0 : requireIdInteger(checked["uid"], "spawn", "uid");
    const gid = checked?.["gid"] === undefined ? 0 : requireIdInteger(checked["gid"], "spawn", "gid");
    const groups = checked?.["groups"] === undefined ? Object.freeze([]) : requireIdList(checked["groups"], "spawn", "groups");
    const credentials: Credentials = Object.freeze({ uid, gid, groups });
    const pid = this.#nextPid;
    this.#nextPid += 1;
    // SIG-ORD-4: a spawned process leads a new group.
    const process = new ReferenceProcess(this, pid, credentials, DEFAULT_UMASK, pid);
    this.#processes.set(pid, process);
    return process;
  }
}

/**
 * A process: the reference implementation of `IpcProcess` (from `ipckit/spec`), with a
 * descriptor table of the handles it holds.
 *
 * @example Fork, then exit
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const parent = createSystem().spawn();
 * const [reader, writer] = parent.pipe();
 * const child = parent.fork();
 * console.assert(child.descriptors.length === 2);
 * child.exit(3);
 * console.assert(!child.alive && child.exitStatus === 3 && !reader.closed && !writer.closed);
 * ```
 */
export class ReferenceProcess implements IpcProcess, Blocker {
  /** Process id, unique within its system and never reused. */
  readonly pid: number;
  /** The identity used for permission checks. */
  readonly credentials: Credentials;
  readonly #system: ReferenceSystem;
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
  /** Dispositions, mask and pending signals (reference/signal.ts). */
  signals: ProcessSignals = new ProcessSignals();
  /** The bits cleared from the mode of every object this process creates. */
  #umask: number;

  /**
   * Makes the process object. Only {@link ReferenceSystem.spawn} calls it.
   *
   * @param system - the system it belongs to
   * @param pid - its pid, fresh from the system
   * @param credentials - its identity, already checked and frozen
   * @param umask - its umask
   * @param pgid - its process group; default its pid (a new group)
   *
   * @example Processes come from a system
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * console.assert(createSystem().spawn().alive);
   * ```
   */
  constructor(system: ReferenceSystem, pid: number, credentials: Credentials, umask: number = DEFAULT_UMASK, pgid: number = pid) {
    this.#system = system;
    this.pid = pid;
    this.credentials = credentials;
    this.#umask = umask;
    this.#pgid = pgid;
  }

  /**
   * The process group (SIG-ORD-4): a spawned process leads its own; a
   * forked child is in its parent's.
   *
   * @returns the group id
   *
   * @example A child shares its parent's group
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const parent = createSystem().spawn();
   * console.assert(parent.pgid === parent.pid && parent.fork().pgid === parent.pid);
   * ```
   */
  get pgid(): number {
    return this.#pgid;
  }

  /**
   * Where the process stands: running, stopped, exited, or terminated by a
   * signal (SIG-LIFE-2, SIG-LIFE-5).
   *
   * @returns the status
   *
   * @example Exited with a status
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * process.exit(2);
   * console.assert(process.status.state === "exited" && process.status.exitStatus === 2);
   * ```
   */
  get status(): ProcessStatus {
    return signals.processStatus(this, this.#ended);
  }

  /**
   * The system this process lives in, for mechanisms to reach their state.
   *
   * @returns the system
   *
   * @example
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * console.assert(system.spawn().system === system);
   * ```
   */
  get system(): ReferenceSystem {
    return this.#system;
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

  /**
   * Sets the umask (`umask(2)`).
   *
   * @param mask - the new mask, an integer from 0 to 0o777
   * @returns the previous mask
   * @throws {IpcError} `EINVAL` when `mask` is not an integer from 0 to 0o777,
   *   `ESRCH` when the process has exited
   *
   * @example Set and restore
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const previous = process.umask(0o077);
   * console.assert(previous === 0o022 && process.umask(previous) === 0o077);
   * ```
   */
  umask(mask: number): number {
    this.requireAlive("umask");
    const checked = requireIntegerInRange(mask, 0, PERMISSION_BITS, "umask", "mask");
    const previous = this.#umask;
    this.#umask = checked;
    return previous;
  }

  /**
   * `false` once the process has exited.
   *
   * @returns whether it is alive
   *
   * @example Dead after exit
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * process.exit();
   * console.assert(!process.alive);
   * ```
   */
  get alive(): boolean {
    return this.#alive;
  }

  /**
   * The status the process exited with.
   *
   * @returns the status, or `undefined` while the process is alive
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
   * Creates an anonymous pipe held by this process (`pipe(2)`).
   *
   * @param options - the capacity to ask for (PIPE-CAP-1, PIPE-CAP-2)
   * @returns the read end and the write end, in that order
   * @throws {IpcError} `ESRCH` when the process has exited; `EINVAL`
   *   (PIPE-CAP-5, PIPE-CAP-3); `EPERM` (PIPE-CAP-3)
   *
   * @example Ask for a capacity
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader, writer] = createSystem().spawn().pipe({ capacity: 5000 });
   * console.assert(reader.getCapacity() === 8192 && writer.getCapacity() === 8192);
   * ```
   */
  pipe(options?: PipeOptions): readonly [ReferencePipeEnd, ReferencePipeEnd] {
    this.requireAlive("pipe");
    return createPipe(this, options);
  }

  /**
   * Creates a child with the same credentials holding a duplicate of every
   * descriptor this process holds (`fork(2)`).
   *
   * @returns the child process
   * @throws {IpcError} `ESRCH` when this process has exited
   *
   * @example The child has the parent's credentials and descriptors
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const parent = createSystem().spawn({ uid: 1000 });
   * parent.pipe();
   * const child = parent.fork();
   * console.assert(child.pid !== parent.pid && child.credentials.uid === 1000 && child.descriptors.length === 2);
   * ```
   */
  fork(): ReferenceProcess {
    this.requireAlive("fork");
    const { uid, gid, groups } = this.credentials;
    const child = this.#system.spawn({ uid, gid, groups });
    child.#umask = this.#umask;
    // SIG-ORD-4, SIG-LIFE-7: the child joins the group, with the dispositions
    // and mask but nothing pending.
    child.#pgid = this.#pgid;
    child.signals = this.signals.forkCopy();
    // PIPE-LIFE-3: the child gets its own duplicate of every open descriptor of
    // the parent, which keeps the pipe open until the child closes it or exits.
    for (const descriptor of this.#descriptors) descriptor.dupInto(child);
    return child;
  }

  /**
   * Ends the process: every descriptor it holds is closed. Exiting twice
   * does nothing.
   *
   * @param status - the exit status, an integer from 0 to 255; default 0
   * @throws {IpcError} `EINVAL` when `status` is not an integer from 0 to 255
   *
   * @example Exit closes the descriptors, twice is harmless
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const [reader] = process.pipe();
   * process.exit();
   * process.exit();
   * console.assert(reader.closed && process.descriptors.length === 0);
   * ```
   */
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
   * @param signal - the signal that terminates it
   * @param core - whether the default action dumps core
   *
   * @example Terminated by SIGTERM
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const [reader] = process.pipe();
   * process.terminate(15, false);
   * console.assert(process.status.state === "signaled" && process.status.signal === 15 && reader.closed);
   * ```
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
    this.signals.discardAll();
  }

  /**
   * Registers a call blocked in this process (the wait queue does it; see
   * `reference/interrupt.ts`).
   *
   * @param call - the call, as it starts waiting
   *
   * @example A blocked read is registered
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const [reader] = process.pipe();
   * void reader.read(new Uint8Array(1));
   * console.assert(process.oldestBlockedCall()?.syscall === "read");
   * ```
   */
  block(call: BlockedCall): void {
    this.#blocked.add(call);
  }

  /**
   * Unregisters a blocked call once it has settled.
   *
   * @param call - the call
   *
   * @example
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const call = { syscall: "read", restart: "restart" as const, interrupt: () => undefined };
   * process.block(call);
   * process.unblock(call);
   * console.assert(process.oldestBlockedCall() === undefined);
   * ```
   */
  unblock(call: BlockedCall): void {
    this.#blocked.delete(call);
  }

  /**
   * The call of this process that has been blocked longest (SIG-BLK-5).
   *
   * @returns the call, or `undefined` when none is blocked
   *
   * @example Nothing blocked
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * console.assert(createSystem().spawn().oldestBlockedCall() === undefined);
   * ```
   */
  oldestBlockedCall(): BlockedCall | undefined {
    for (const call of this.#blocked) return call;
    return undefined;
  }

  // Signals (spec/signal.ts): the calls are made as this process.

  /** `kill(2)`; see `SignalApi.kill` in `ipckit/spec`. */
  kill(pid: number, signal: number): void {
    signals.kill(this, pid, signal);
  }

  /** `sigqueue(3)`; see `SignalApi.sigqueue` in `ipckit/spec`. */
  sigqueue(pid: number, signal: number, value: number): void {
    signals.sigqueue(this, pid, signal, value);
  }

  /** `sigaction(2)`; see `SignalApi.sigaction` in `ipckit/spec`. */
  sigaction(signal: number, action?: SignalAction): SignalAction {
    return signals.sigaction(this, signal, action);
  }

  /** `sigprocmask(2)`; see `SignalApi.sigprocmask` in `ipckit/spec`. */
  sigprocmask(how: MaskHow, set?: readonly number[]): readonly number[] {
    return signals.sigprocmask(this, how, set);
  }

  /** `sigpending(2)`; see `SignalApi.sigpending` in `ipckit/spec`. */
  sigpending(): readonly number[] {
    return signals.sigpending(this);
  }

  /** `sigwaitinfo(2)` and `sigtimedwait(2)`; see `SignalApi.sigwait` in `ipckit/spec`. */
  sigwait(set: readonly number[], options?: SigwaitOptions): Promise<SignalInfo> {
    return signals.sigwait(this, set, options);
  }

  /** `sigtimedwait(2)` with a zero timeout; see `SignalApi.trySigwait` in `ipckit/spec`. */
  trySigwait(set: readonly number[]): SignalInfo {
    return signals.trySigwait(this, set);
  }

  // FIFOs (spec/fifo.ts): the calls are made as this process.

  /** `mkfifo(3)`; see `FifoApi.mkfifo` in `ipckit/spec`. */
  mkfifo(path: string, mode?: number): void {
    fifo.mkfifo(this, path, mode);
  }

  /** `open(2)` of a FIFO; see `FifoApi.openFifo` in `ipckit/spec`. */
  openFifo(path: string, options: FifoOpenOptions): Promise<ReferencePipeEnd> {
    return fifo.openFifo(this, path, options);
  }

  /** `open(2)` of a FIFO with `O_NONBLOCK`; see `FifoApi.tryOpenFifo` in `ipckit/spec`. */
  tryOpenFifo(path: string, options: { readonly access: Access }): ReferencePipeEnd {
    return fifo.tryOpenFifo(this, path, options);
  }

  /** `unlink(2)`; see `FifoApi.unlink` in `ipckit/spec`. */
  unlink(path: string): void {
    fifo.unlink(this, path);
  }

  // POSIX message queues (spec/mq.ts).

  /** `mq_open(3)`; see `MqApi.mqOpen` in `ipckit/spec`. */
  mqOpen(name: string, options: MqOpenOptions): MessageQueue {
    return mq.mqOpen(this, name, options);
  }

  /** `mq_unlink(3)`; see `MqApi.mqUnlink` in `ipckit/spec`. */
  mqUnlink(name: string): void {
    mq.mqUnlink(this, name);
  }

  // System V message queues (spec/msg.ts).

  /** `msgget(2)`; see `MsgApi.msgget` in `ipckit/spec`. */
  msgget(key: number, options?: MsgGetOptions): number {
    return msg.msgget(this, key, options);
  }

  /** `msgsnd(2)`; see `MsgApi.msgsnd` in `ipckit/spec`. */
  msgsnd(id: number, type: number, data: Uint8Array, options?: BlockingOptions): Promise<void> {
    return msg.msgsnd(this, id, type, data, options);
  }

  /** `msgsnd(2)` with `IPC_NOWAIT`; see `MsgApi.tryMsgsnd` in `ipckit/spec`. */
  tryMsgsnd(id: number, type: number, data: Uint8Array): void {
    msg.tryMsgsnd(this, id, type, data);
  }

  /** `msgrcv(2)`; see `MsgApi.msgrcv` in `ipckit/spec`. */
  msgrcv(id: number, buffer: Uint8Array, type: number, options?: MsgReceiveOptions & BlockingOptions): Promise<MsgReceived> {
    return msg.msgrcv(this, id, buffer, type, options);
  }

  /** `msgrcv(2)` with `IPC_NOWAIT`; see `MsgApi.tryMsgrcv` in `ipckit/spec`. */
  tryMsgrcv(id: number, buffer: Uint8Array, type: number, options?: MsgReceiveOptions): MsgReceived {
    return msg.tryMsgrcv(this, id, buffer, type, options);
  }

  /** `msgctl(2)`; see `MsgApi.msgctl` in `ipckit/spec`. */
  msgctl(id: number, command: "stat" | "set" | "remove", changes?: MsgQueueSet): MsgQueueStat | undefined {
    return msg.msgctl(this, id, command, changes);
  }

  // Shared memory (spec/shm.ts): delegations to reference/shm.ts go here.

  /** `shm_open(3)`; see `ShmApi.shmOpen` in `ipckit/spec`. */
  shmOpen(name: string, options: ShmOpenOptions): ReferenceSharedMemory {
    return shm.shmOpen(this, name, options);
  }

  /** `shm_unlink(3)`; see `ShmApi.shmUnlink` in `ipckit/spec`. */
  shmUnlink(name: string): void {
    shm.shmUnlink(this, name);
  }

  // POSIX semaphores (spec/sem.ts): the calls are made as this process.

  /** `sem_init(3)`; see `SemApi.semInit` in `ipckit/spec`. */
  semInit(value: number): ReferenceSemaphore {
    return semaphores.semInit(this, value);
  }

  /** `sem_open(3)`; see `SemApi.semOpen` in `ipckit/spec`. */
  semOpen(name: string, options?: SemOpenOptions): ReferenceSemaphore {
    return semaphores.semOpen(this, name, options);
  }

  /** `sem_close(3)`; see `SemApi.semClose` in `ipckit/spec`. */
  semClose(sem: Semaphore): void {
    semaphores.semClose(this, sem);
  }

  /** `sem_unlink(3)`; see `SemApi.semUnlink` in `ipckit/spec`. */
  semUnlink(name: string): void {
    semaphores.semUnlink(this, name);
  }

  /** `sem_wait(3)` and `sem_timedwait(3)`; see `SemApi.semWait` in `ipckit/spec`. */
  semWait(sem: Semaphore, options?: SemWaitOptions): Promise<void> {
    return semaphores.semWait(this, sem, options);
  }

  /** `sem_trywait(3)`; see `SemApi.semTryWait` in `ipckit/spec`. */
  semTryWait(sem: Semaphore): void {
    semaphores.semTryWait(this, sem);
  }

  /** `sem_post(3)`; see `SemApi.semPost` in `ipckit/spec`. */
  semPost(sem: Semaphore): void {
    semaphores.semPost(this, sem);
  }

  /** `sem_getvalue(3)`; see `SemApi.semGetValue` in `ipckit/spec`. */
  semGetValue(sem: Semaphore): number {
    return semaphores.semGetValue(this, sem);
  }

  /** `sem_destroy(3)`; see `SemApi.semDestroy` in `ipckit/spec`. */
  semDestroy(sem: Semaphore): void {
    semaphores.semDestroy(this, sem);
  }

  // Process-shared mutexes (spec/mutex.ts): the caller is the holder.

  /** `pthread_mutex_init(3p)`; see `MutexApi.mutexInit` in `ipckit/spec`. */
  mutexInit(): ReferenceMutex {
    return mutexes.mutexInit(this);
  }

  /** `pthread_mutex_lock(3p)` and `pthread_mutex_timedlock(3p)`; see `MutexApi.mutexLock` in `ipckit/spec`. */
  mutexLock(mutex: Mutex, options?: MutexLockOptions): Promise<void> {
    return mutexes.mutexLock(this, mutex, options);
  }

  /** `pthread_mutex_trylock(3p)`; see `MutexApi.mutexTryLock` in `ipckit/spec`. */
  mutexTryLock(mutex: Mutex): void {
    mutexes.mutexTryLock(this, mutex);
  }

  /** `pthread_mutex_unlock(3p)`; see `MutexApi.mutexUnlock` in `ipckit/spec`. */
  mutexUnlock(mutex: Mutex): void {
    mutexes.mutexUnlock(this, mutex);
  }

  /** `pthread_mutex_destroy(3p)`; see `MutexApi.mutexDestroy` in `ipckit/spec`. */
  mutexDestroy(mutex: Mutex): void {
    mutexes.mutexDestroy(this, mutex);
  }

  // Sockets (spec/socket.ts).

  /** `socket(2)`; see `SocketApi.socket` in `ipckit/spec`. */
  socket(family: SocketFamily, type: SocketType): Socket {
    return sockets.socket(this, family, type);
  }

  /** `socketpair(2)`; see `SocketApi.socketpair` in `ipckit/spec`. */
  socketpair(type: SocketType): readonly [Socket, Socket] {
    return sockets.socketpair(this, type);
  }

  /**
   * Fails unless the process is alive: the first check of every operation
   * made as this process.
   *
   * @param syscall - the operation, for the error
   * @throws {IpcError} `ESRCH` when the process has exited
   *
   * @example An exited process fails ESRCH
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const process = createSystem().spawn();
   * process.exit();
   * try { process.requireAlive("pipe"); } catch (error) { console.assert(IpcError.is(error, "ESRCH")); }
   * ```
   */
  requireAlive(syscall: string): void {
    if (!this.#alive) {
      throw new IpcError("ESRCH", syscall, { detail: `process ${this.pid} has exited` });
    }
  }

  /**
   * Puts a newly opened descriptor in this process's table. Mechanisms call
   * it when they open a handle (after {@link ReferenceProcess.requireAlive}).
   *
   * @param descriptor - the descriptor, open
   * @throws {IpcError} `ESRCH` when the process has exited
   *
   * @example Duplicating into a process registers the end
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const [reader] = system.spawn().pipe();
   * const other = system.spawn();
   * reader.dupInto(other); // calls other.addDescriptor(...)
   * console.assert(other.descriptors.length === 1);
   * ```
   */
  addDescriptor(descriptor: Descriptor): void {
    this.requireAlive("open");
    this.#descriptors.add(descriptor);
  }

  /**
   * Takes a closed descriptor out of this process's table. Mechanisms call
   * it when a handle is closed.
   *
   * @param descriptor - the descriptor being closed
   * @returns `true` when the table held it
   *
   * @example Closing an end unregisters it
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const [reader] = process.pipe();
   * reader.close(); // calls process.removeDescriptor(reader)
   * console.assert(process.descriptors.length === 1);
   * ```
   */
  removeDescriptor(descriptor: Descriptor): boolean {
    return this.#descriptors.delete(descriptor);
  }
}
