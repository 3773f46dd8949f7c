/**
 * The top layer: the system, which hands out processes, and the public
 * process, which makes every call of the spec's `IpcProcess` by handing it
 * to its mechanism (`reference/<mechanism>/`) as itself. The kernel's
 * process (`reference/kernel/process-core.ts`) holds what every mechanism shares;
 * this layer only composes.
 *
 * @module
 */

import type { FifoApi, FifoOpenOptions } from "../spec/fifo.ts";
import type { MqApi, MqOpenOptions } from "../spec/mq.ts";
import type { MsgApi, MsgGetOptions, MsgQueueSet, MsgQueueStat, MsgReceiveOptions, MsgReceived } from "../spec/msg.ts";
import type { Mutex, MutexApi, MutexLockOptions } from "../spec/mutex.ts";
import type { Access } from "../spec/namespace.ts";
import type { BlockingOptions, PipeOptions } from "../spec/pipe.ts";
import type { SemApi, SemOpenOptions, SemWaitOptions, Semaphore } from "../spec/sem.ts";
import type { ShmApi, ShmOpenOptions } from "../spec/shm.ts";
import type { MaskHow, SignalAction, SignalApi, SignalInfo, SigwaitOptions } from "../spec/signal.ts";
import type { SocketApi, SocketFamily, SocketType } from "../spec/socket.ts";
import type { Credentials, IpcProcess, IpcSystem, SpawnOptions } from "../spec/system.ts";
import { requireIdInteger, requireIdList, requireOptionalObject } from "./base/validate.ts";
import { ProcessCore } from "./kernel/process-core.ts";
import type { ProcessTable } from "./kernel/process-core.ts";
import { SIGNAL_STATE } from "./kernel/signal-state.ts";
import * as fifo from "./fifo/index.ts";
import type { ReferencePipeEnd } from "./pipe/index.ts";
import { createPipe } from "./pipe/index.ts";
import * as mq from "./mq/index.ts";
import type { ReferenceMqDescriptor } from "./mq/index.ts";
import * as msg from "./msg/index.ts";
import * as mutexes from "./mutex/index.ts";
import type { ReferenceMutex } from "./mutex/index.ts";
import * as semaphores from "./sem/index.ts";
import type { ReferenceSemaphore } from "./sem/index.ts";
import * as shm from "./shm/index.ts";
import type { ReferenceSharedMemory } from "./shm/index.ts";
import * as signals from "./signal/index.ts";
import * as sockets from "./socket/index.ts";
import type { ReferenceSocket } from "./socket/index.ts";

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
 * One simulated machine: the reference implementation of `IpcSystem` (from
 * `ipckit/spec`). Each mechanism keeps its system-wide state (its namespace,
 * its tables) under a key of its own, so systems share nothing.
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
export class ReferenceSystem implements IpcSystem, ProcessTable {
  /** The pid the next process gets: pids start at 1 and are never reused. */
  #nextPid = 1;
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

  /** {@inheritDoc spec!IpcSystem.spawn} */
  spawn(options?: SpawnOptions): ReferenceProcess {
    // Check everything before taking a pid: bad input changes nothing.
    const checked = requireOptionalObject(options, "spawn", "options");
    const uid = checked?.["uid"] === undefined ? 0 : requireIdInteger(checked["uid"], "spawn", "uid");
    const gid = checked?.["gid"] === undefined ? 0 : requireIdInteger(checked["gid"], "spawn", "gid");
    const groups = checked?.["groups"] === undefined ? Object.freeze([]) : requireIdList(checked["groups"], "spawn", "groups");
    const credentials: Credentials = Object.freeze({ uid, gid, groups });
    const pid = this.#nextPid;
    this.#nextPid += 1;
    const process = new ReferenceProcess(this, pid, credentials);
    this.#processes.set(pid, process);
    return process;
  }
}

/**
 * A process: the reference implementation of `IpcProcess` (from
 * `ipckit/spec`). Each call checks that the process is alive and hands
 * itself, as the caller, to its mechanism; the kernel part it extends keeps
 * the descriptor table, the blocked calls and the signal state.
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
export class ReferenceProcess
  extends ProcessCore
  implements IpcProcess, FifoApi, MqApi, MsgApi, ShmApi, SemApi, MutexApi, SocketApi, SignalApi
{
  readonly #system: ReferenceSystem;

  /**
   * Makes the process. Only {@link ReferenceSystem.spawn} calls it.
   *
   * @internal
   * @param system - the system it belongs to
   * @param pid - its pid, fresh from the system
   * @param credentials - its identity, already checked and frozen
   */
  constructor(system: ReferenceSystem, pid: number, credentials: Credentials) {
    // SIG-ORD-4: a spawned process leads a new group (the kernel's default).
    super(system, pid, credentials, SIGNAL_STATE.of(system)());
    this.#system = system;
  }

  /**
   * The system this process lives in.
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
  override get system(): ReferenceSystem {
    return this.#system;
  }

  /** {@inheritDoc spec!IpcProcess.pipe} */
  pipe(options?: PipeOptions): readonly [ReferencePipeEnd, ReferencePipeEnd] {
    this.requireAlive("pipe");
    return createPipe(this, options);
  }

  /** {@inheritDoc spec!IpcProcess.fork} */
  fork(): ReferenceProcess {
    this.requireAlive("fork");
    const { uid, gid, groups } = this.credentials;
    const child = this.#system.spawn({ uid, gid, groups });
    // SIG-ORD-4, SIG-LIFE-7, PIPE-LIFE-3: the group, the dispositions and
    // mask, and a duplicate of every descriptor.
    this.forkInto(child);
    return child;
  }

  // Signals (reference/signal/).

  /** {@inheritDoc spec!SignalApi.kill} */
  kill(pid: number, signal: number): void {
    signals.kill(this, pid, signal);
  }

  /** {@inheritDoc spec!SignalApi.sigqueue} */
  sigqueue(pid: number, signal: number, value: number): void {
    signals.sigqueue(this, pid, signal, value);
  }

  /** {@inheritDoc spec!SignalApi.sigaction} */
  sigaction(signal: number, action?: SignalAction): SignalAction {
    return signals.sigaction(this, signal, action);
  }

  /** {@inheritDoc spec!SignalApi.sigprocmask} */
  sigprocmask(how: MaskHow, set?: readonly number[]): readonly number[] {
    return signals.sigprocmask(this, how, set);
  }

  /** {@inheritDoc spec!SignalApi.sigpending} */
  sigpending(): readonly number[] {
    return signals.sigpending(this);
  }

  /** {@inheritDoc spec!SignalApi.sigwait} */
  sigwait(set: readonly number[], options?: SigwaitOptions): Promise<SignalInfo> {
    return signals.sigwait(this, set, options);
  }

  /** {@inheritDoc spec!SignalApi.trySigwait} */
  trySigwait(set: readonly number[]): SignalInfo {
    return signals.trySigwait(this, set);
  }

  // FIFOs (reference/fifo/).

  /** {@inheritDoc spec!FifoApi.mkfifo} */
  mkfifo(path: string, mode?: number): void {
    fifo.mkfifo(this, path, mode);
  }

  /** {@inheritDoc spec!FifoApi.openFifo} */
  openFifo(path: string, options: FifoOpenOptions): Promise<ReferencePipeEnd> {
    return fifo.openFifo(this, path, options);
  }

  /** {@inheritDoc spec!FifoApi.tryOpenFifo} */
  tryOpenFifo(path: string, options: { readonly access: Access }): ReferencePipeEnd {
    return fifo.tryOpenFifo(this, path, options);
  }

  /** {@inheritDoc spec!FifoApi.unlink} */
  unlink(path: string): void {
    fifo.unlink(this, path);
  }

  // POSIX message queues (reference/mq/).

  /** {@inheritDoc spec!MqApi.mqOpen} */
  mqOpen(name: string, options: MqOpenOptions): ReferenceMqDescriptor {
    return mq.mqOpen(this, name, options);
  }

  /** {@inheritDoc spec!MqApi.mqUnlink} */
  mqUnlink(name: string): void {
    mq.mqUnlink(this, name);
  }

  // System V message queues (reference/msg/).

  /** {@inheritDoc spec!MsgApi.msgget} */
  msgget(key: number, options?: MsgGetOptions): number {
    return msg.msgget(this, key, options);
  }

  /** {@inheritDoc spec!MsgApi.msgsnd} */
  msgsnd(id: number, type: number, data: Uint8Array, options?: BlockingOptions): Promise<void> {
    return msg.msgsnd(this, id, type, data, options);
  }

  /** {@inheritDoc spec!MsgApi.tryMsgsnd} */
  tryMsgsnd(id: number, type: number, data: Uint8Array): void {
    msg.tryMsgsnd(this, id, type, data);
  }

  /** {@inheritDoc spec!MsgApi.msgrcv} */
  msgrcv(id: number, buffer: Uint8Array, type: number, options?: MsgReceiveOptions & BlockingOptions): Promise<MsgReceived> {
    return msg.msgrcv(this, id, buffer, type, options);
  }

  /** {@inheritDoc spec!MsgApi.tryMsgrcv} */
  tryMsgrcv(id: number, buffer: Uint8Array, type: number, options?: MsgReceiveOptions): MsgReceived {
    return msg.tryMsgrcv(this, id, buffer, type, options);
  }

  /** {@inheritDoc spec!MsgApi.msgctl} */
  msgctl(id: number, command: "stat" | "set" | "remove", changes?: MsgQueueSet): MsgQueueStat | undefined {
    return msg.msgctl(this, id, command, changes);
  }

  // Shared memory (reference/shm/).

  /** {@inheritDoc spec!ShmApi.shmOpen} */
  shmOpen(name: string, options: ShmOpenOptions): ReferenceSharedMemory {
    return shm.shmOpen(this, name, options);
  }

  /** {@inheritDoc spec!ShmApi.shmUnlink} */
  shmUnlink(name: string): void {
    shm.shmUnlink(this, name);
  }

  // POSIX semaphores (reference/sem/).

  /** {@inheritDoc spec!SemApi.semInit} */
  semInit(value: number): ReferenceSemaphore {
    return semaphores.semInit(this, value);
  }

  /** {@inheritDoc spec!SemApi.semOpen} */
  semOpen(name: string, options?: SemOpenOptions): ReferenceSemaphore {
    return semaphores.semOpen(this, name, options);
  }

  /** {@inheritDoc spec!SemApi.semClose} */
  semClose(sem: Semaphore): void {
    semaphores.semClose(this, sem);
  }

  /** {@inheritDoc spec!SemApi.semUnlink} */
  semUnlink(name: string): void {
    semaphores.semUnlink(this, name);
  }

  /** {@inheritDoc spec!SemApi.semWait} */
  semWait(sem: Semaphore, options?: SemWaitOptions): Promise<void> {
    return semaphores.semWait(this, sem, options);
  }

  /** {@inheritDoc spec!SemApi.semTryWait} */
  semTryWait(sem: Semaphore): void {
    semaphores.semTryWait(this, sem);
  }

  /** {@inheritDoc spec!SemApi.semPost} */
  semPost(sem: Semaphore): void {
    semaphores.semPost(this, sem);
  }

  /** {@inheritDoc spec!SemApi.semGetValue} */
  semGetValue(sem: Semaphore): number {
    return semaphores.semGetValue(this, sem);
  }

  /** {@inheritDoc spec!SemApi.semDestroy} */
  semDestroy(sem: Semaphore): void {
    semaphores.semDestroy(this, sem);
  }

  // Process-shared mutexes (reference/mutex/): the caller is the holder.

  /** {@inheritDoc spec!MutexApi.mutexInit} */
  mutexInit(): ReferenceMutex {
    return mutexes.mutexInit(this);
  }

  /** {@inheritDoc spec!MutexApi.mutexLock} */
  mutexLock(mutex: Mutex, options?: MutexLockOptions): Promise<void> {
    return mutexes.mutexLock(this, mutex, options);
  }

  /** {@inheritDoc spec!MutexApi.mutexTryLock} */
  mutexTryLock(mutex: Mutex): void {
    mutexes.mutexTryLock(this, mutex);
  }

  /** {@inheritDoc spec!MutexApi.mutexUnlock} */
  mutexUnlock(mutex: Mutex): void {
    mutexes.mutexUnlock(this, mutex);
  }

  /** {@inheritDoc spec!MutexApi.mutexDestroy} */
  mutexDestroy(mutex: Mutex): void {
    mutexes.mutexDestroy(this, mutex);
  }

  // Sockets (reference/socket/).

  /** {@inheritDoc spec!SocketApi.socket} */
  socket(family: SocketFamily, type: SocketType): ReferenceSocket {
    return sockets.socket(this, family, type);
  }

  /** {@inheritDoc spec!SocketApi.socketpair} */
  socketpair(type: SocketType): readonly [ReferenceSocket, ReferenceSocket] {
    return sockets.socketpair(this, type);
  }
}

