/**
 * The system and process model: a system makes processes with credentials,
 * and every mechanism is reached through a process, so that the caller of
 * each operation (and so its permissions) is always known.
 *
 * Later mechanisms hang on this model: named objects (FIFOs, queues, shared
 * memory, Unix-path sockets) live in the system's namespace and are checked
 * against the calling process's credentials; signals are sent between
 * processes by pid. Every operation is a method call on a handle that takes
 * and returns plain data (numbers, strings, `Uint8Array`), so an
 * implementation may run each process in a worker of its own.
 *
 * @module
 */

import type { PIPE_MAX_SIZE } from "./constants.ts";
import type { FifoApi } from "./fifo.ts";
import type { MqApi } from "./mq.ts";
import type { MsgApi } from "./msg.ts";
import type { MutexApi } from "./mutex.ts";
import type { SemApi } from "./sem.ts";
import type { ShmApi } from "./shm.ts";
import type { SignalApi } from "./signal.ts";
import type { SocketApi } from "./socket.ts";
import type { UmaskApi } from "./namespace.ts";
import type { PipeEnd, PipeOptions } from "./pipe.ts";

/**
 * Who a process is: the identity every permission check uses.
 */
export interface Credentials {
  /** Numeric user id; 0 is root, who bypasses permission checks. */
  readonly uid: number;
  /** Numeric primary group id. */
  readonly gid: number;
  /** Supplementary group ids. */
  readonly groups: readonly number[];
}

/**
 * Options for {@link IpcSystem.spawn}.
 */
export interface SpawnOptions {
  /** User id of the new process (a non-negative integer); default 0 (root). */
  readonly uid?: number;
  /** Primary group id (a non-negative integer); default 0. */
  readonly gid?: number;
  /** Supplementary group ids; default none. */
  readonly groups?: readonly number[];
}

/**
 * One simulated machine: a set of processes and, later, the namespace of
 * named IPC objects they share. Systems are independent of each other; the
 * conformance suite makes a fresh one for every test.
 */
export interface IpcSystem {
  /**
   * Creates a new process with the given credentials, holding no descriptors.
   *
   * @param options - the credentials of the new process
   * @returns the new process, with a pid unique within this system
   * @throws {IpcError} `EINVAL` when an id is not a non-negative integer
   *
   * @example Make two users' processes
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const alice = system.spawn({ uid: 1000, gid: 1000 });
   * const bob = system.spawn({ uid: 1001, gid: 1001 });
   * console.assert(alice.pid !== bob.pid && alice.credentials.uid === 1000);
   * ```
   */
  spawn(options?: SpawnOptions): IpcProcess;

  /**
   * Resolves once every operation this system runs has either finished or
   * is asleep in a blocking wait: how an implementation whose work goes on
   * outside the caller's task queue (other threads, other processes, the
   * kernel) lets a test prove that a call is still pending. The conformance
   * suite's drain step awaits it on every system a test made. Optional: an
   * implementation that does all its work on the caller's task queue (the
   * reference does) has nothing to settle.
   *
   * @returns a promise that resolves once the system has settled
   *
   * @example A system with nothing running elsewhere settles at once
   * ```ts
   * import type { IpcSystem } from "ipckit/spec";
   * import { createSystem } from "ipckit/reference";
   * const system: IpcSystem = createSystem();
   * await system.settle?.();
   * console.assert(system.spawn().pid === 1);
   * ```
   */
  settle?(): Promise<void>;

  /**
   * Releases whatever the system holds outside the caller's memory
   * (threads, processes, files, kernel objects). The conformance suite
   * calls it once after each test, for every system the test made,
   * whatever the test's outcome. Optional: a system that holds nothing
   * outside memory need not have it.
   *
   * @returns nothing, or a promise that resolves once everything is released
   *
   * @example
   * ```ts
   * import type { IpcSystem } from "ipckit/spec";
   * import { createSystem } from "ipckit/reference";
   * const system: IpcSystem = createSystem();
   * await system.teardown?.();
   * console.assert(typeof system.spawn === "function");
   * ```
   */
  teardown?(): void | Promise<void>;
}

/**
 * A process: the caller of every IPC operation, holding the descriptors
 * (pipe ends, and later queue and socket handles) it opened or inherited.
 *
 * Pipes, `fork` and `exit` are every implementation's. The calls of the other
 * mechanisms ({@link FifoApi}, {@link MqApi}, {@link MsgApi}, {@link UmaskApi})
 * and of shared memory, semaphores and mutexes ({@link ShmApi}, {@link SemApi},
 * {@link MutexApi}), sockets ({@link SocketApi}) and signals ({@link SignalApi})
 * are optional members: an implementation provides those its manifest
 * declares, so an implementation of pipes alone need not mention them.
 */
export interface IpcProcess
  extends Partial<FifoApi>,
    Partial<MqApi>,
    Partial<MsgApi>,
    Partial<ShmApi>,
    Partial<SemApi>,
    Partial<MutexApi>,
    Partial<SocketApi>,
    Partial<SignalApi>,
    Partial<UmaskApi> {
  /** Process id, unique within its system and never reused. */
  readonly pid: number;
  /** The identity used for permission checks. */
  readonly credentials: Credentials;
  /** `false` once the process has exited. */
  readonly alive: boolean;

  /**
   * Creates an anonymous pipe held by this process (`pipe(2)`).
   *
   * @param options - the capacity to ask for (PIPE-CAP-2)
   * @returns the read end and the write end, in that order
   * @throws {IpcError} `EINVAL` for a capacity that is not a positive integer
   *   (PIPE-CAP-5) or is above `PIPE_MAX_SIZE_PRIVILEGED`, `EPERM` for one above
   *   {@link PIPE_MAX_SIZE} asked by a process that is not root (PIPE-CAP-3),
   *   `ESRCH` when the process has exited
   *
   * @example Make a pipe and move bytes through it
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [reader, writer] = createSystem().spawn().pipe();
   * writer.tryWrite(new Uint8Array([1, 2, 3]));
   * const buffer = new Uint8Array(8);
   * console.assert(reader.tryRead(buffer) === 3);
   * ```
   */
  pipe(options?: PipeOptions): readonly [PipeEnd, PipeEnd];

  /**
   * Creates a child process with the same credentials holding a duplicate of
   * every descriptor this process holds (`fork(2)`; PIPE-LIFE-3).
   *
   * @returns the child process
   * @throws {IpcError} `ESRCH` when this process has exited
   *
   * @example The child's copy keeps the pipe open
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import type { IpcError } from "ipckit/spec";
   * const parent = createSystem().spawn();
   * const [reader, writer] = parent.pipe();
   * const child = parent.fork();
   * writer.close();
   * let code = "";
   * try { reader.tryRead(new Uint8Array(1)); } catch (error) { code = (error as IpcError).code; }
   * console.assert(child.alive && code === "EAGAIN");
   * ```
   */
  fork(): IpcProcess;

  /**
   * Ends the process: every descriptor it holds is closed, so peers see end
   * of file or `EPIPE` (PIPE-LIFE-2), and its calls still waiting end, so a
   * process that is gone takes no unit, message or mutex (SEM-LIFE-11,
   * MSG-LIFE-8, MUTEX-LIFE-5). A process terminated by a signal ends the same
   * way (SIG-LIFE-2). Exiting twice does nothing.
   *
   * @param status - the exit status, an integer from 0 to 255; default 0
   * @throws {IpcError} `EINVAL` when `status` is not an integer from 0 to 255
   *
   * @example Exit closes the write end
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const parent = system.spawn();
   * const [reader, writer] = parent.pipe();
   * const child = parent.fork();
   * writer.close();
   * child.exit();
   * console.assert(reader.tryRead(new Uint8Array(1)) === 0);
   * ```
   */
  exit(status?: number): void;
}
