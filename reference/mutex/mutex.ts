/**
 * One process-shared, error-checking mutex: its holder (the process that
 * locked it) and the locks pending on it, in the one `WaitQueue` every
 * blocking call uses. Its methods are the mutex-level halves of
 * `pthread_mutex_lock(3p)` and the rest; the calls (`calls.ts`) have checked
 * their arguments.
 *
 * Everything is synchronous except waiting. An unlock that finds locks
 * pending makes the lock that has waited longest the holder and resolves it.
 * So the mutex is never free while locks are pending, and nobody can take it
 * between the unlock and the woken lock (MUTEX-ATOM-2). A lock that takes an
 * unlocked mutex at once returns one shared, already resolved promise: it
 * allocates nothing.
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { Mutex } from "../../spec/mutex.ts";
import { assert } from "../base/assert.ts";
import { timedOut } from "../base/deadline.ts";
import { WaitQueue } from "../base/wait-queue.ts";
import type { ProcessCore } from "../kernel/process-core.ts";

/** What every lock that takes the mutex at once returns: one promise, allocated once. */
const TAKEN: Promise<void> = Promise.resolve();

/** What a pending lock carries while it waits. */
interface PendingLock {
  /** The locking process, the holder once served (MUTEX-BLK-1, MUTEX-LIFE-5). */
  readonly caller: ProcessCore;
}

/**
 * One mutex: the reference implementation of `Mutex` (from `ipckit/spec`).
 * Made by `IpcProcess.mutexInit`; the calls of `MutexApi` check their
 * arguments and call its methods, which are the mutex-level halves of
 * `pthread_mutex_lock(3p)` and the rest and are not meant to be called
 * directly. The getters are for inspection.
 *
 * @example Inspect a mutex with a pending lock
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const system = createSystem();
 * const a = system.spawn();
 * const b = system.spawn();
 * const mutex = a.mutexInit();
 * a.mutexTryLock(mutex);
 * void b.mutexLock(mutex);
 * console.assert(mutex.holder === a && mutex.pendingLocks === 1 && mutex.locked);
 * ```
 */
export class ReferenceMutex implements Mutex {
  /** Always `"errorcheck"`: relocking and foreign unlocks are errors (MUTEX-ERR-1, MUTEX-ERR-2). */
  readonly kind = "errorcheck" as const;
  /** The process holding the mutex, `undefined` when unlocked; at most one (MUTEX-ATOM-1). */
  #holder: ProcessCore | undefined = undefined;
  /** Locks pending while another process holds it, first come first served (MUTEX-ORD-1). */
  readonly #locks = new WaitQueue<PendingLock, void>();
  /** Set by mutexDestroy (MUTEX-LIFE-2). */
  #destroyed = false;

  /**
   * Whether a value is a mutex made by this class (a brand check on its
   * private state, which a look-alike object or one made with
   * `Object.create` does not pass).
   *
   * @param value - anything
   * @returns `true` for a `ReferenceMutex`
   *
   * @example Look-alikes are not mutexes
   * ```ts
   * import { ReferenceMutex } from "ipckit/reference";
   * console.assert(ReferenceMutex.is(new ReferenceMutex()));
   * console.assert(!ReferenceMutex.is({ kind: "errorcheck" }) && !ReferenceMutex.is(Object.create(ReferenceMutex.prototype)));
   * ```
   */
  static is(value: unknown): value is ReferenceMutex {
    return typeof value === "object" && value !== null && #locks in value;
  }

  /**
   * The process holding the mutex.
   *
   * @returns the holder, or `undefined` when the mutex is unlocked
   *
   * @example The holder after a tryLock
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const mutex = process.mutexInit();
   * process.mutexTryLock(mutex);
   * console.assert(mutex.holder === process);
   * ```
   */
  get holder(): ProcessCore | undefined {
    return this.#holder;
  }

  /**
   * Whether a process holds the mutex (an exited one included: MUTEX-LIFE-4).
   *
   * @returns `true` while locked
   *
   * @example A new mutex is unlocked
   * ```ts
   * import { ReferenceMutex } from "ipckit/reference";
   * console.assert(!new ReferenceMutex().locked);
   * ```
   */
  get locked(): boolean {
    return this.#holder !== undefined;
  }

  /**
   * The number of locks pending (an exited process has none: MUTEX-LIFE-5).
   *
   * @returns the count
   *
   * @example One pending lock
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const mutex = system.spawn().mutexInit();
   * void system.spawn().mutexLock(mutex);
   * void system.spawn().mutexLock(mutex);
   * console.assert(mutex.pendingLocks === 1);
   * ```
   */
  get pendingLocks(): number {
    return this.#locks.size;
  }

  /**
   * Whether `mutexDestroy` destroyed it (MUTEX-LIFE-2).
   *
   * @returns `true` once destroyed
   *
   * @example Destroyed
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const mutex = process.mutexInit();
   * process.mutexDestroy(mutex);
   * console.assert(mutex.destroyed);
   * ```
   */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /**
   * The mutex's half of `pthread_mutex_lock(3p)` and
   * `pthread_mutex_timedlock(3p)`: takes the mutex now, or waits for it.
   *
   * @internal
   * @param caller - the locking process
   * @param signal - stops the wait when it fires, not yet aborted
   * @param deadline - the timed form's deadline, already checked (MUTEX-TMO-3)
   * @returns a promise that resolves once `caller` holds the mutex
   * @throws {IpcError} (as a rejection) `EDEADLK` (MUTEX-ERR-1), `ETIMEDOUT`
   *   (MUTEX-TMO-1), `ECANCELED` (MUTEX-BLK-2), `EINTR` when `caller` ended
   *   while it waited (MUTEX-LIFE-5), never for a handler (MUTEX-BLK-4)
   */
  lock(caller: ProcessCore, signal: AbortSignal | undefined, deadline: number | undefined): Promise<void> {
    const syscall = deadline === undefined ? "pthread_mutex_lock" : "pthread_mutex_timedlock";
    // MUTEX-ERR-1: the holder's own lock: EDEADLK at once, deadline or not; it still holds the mutex.
    if (this.#holder === caller) {
      return Promise.reject(new IpcError("EDEADLK", syscall, { detail: `process ${caller.pid} already holds the mutex` }));
    }
    // MUTEX-BLK-1: unlocked: the caller holds it now (MUTEX-TMO-2: whatever the
    // deadline). Locks are pending only while it is held (MUTEX-ATOM-2), so
    // this overtakes none of them (MUTEX-ORD-1).
    if (this.#holder === undefined) {
      this.#holder = caller;
      return TAKEN;
    }
    // MUTEX-BLK-1: another process holds it: wait for an unlock to hand it
    // over, behind the locks already pending (MUTEX-ORD-1). MUTEX-TMO-1: until
    // the deadline, if any: the queue fails the lock ETIMEDOUT once it passes
    // (at once when it has passed already), not holding the mutex.
    const waiter = this.#locks.enqueue(
      { caller },
      {
        signal,
        // MUTEX-BLK-4: the caller is blocked in the lock, but a handler it runs
        // never interrupts it: the lock goes on waiting, restart or not.
        // MUTEX-LIFE-5: the caller's end still ends it, so the lock of an
        // exited process leaves the queue at once, never served.
        blocker: caller,
        syscall,
        restart: "uninterruptible",
        // MUTEX-BLK-2: ECANCELED (the wait queue's default), not holding the
        // mutex: a lock becomes the holder only as it resolves (see unlock), so
        // a later unlock goes on. (MUTEX-LIFE-5: the end of the caller gives
        // EINTR, seen by no one.)
        deadline,
        expired: () => timedOut(syscall, "the deadline passed before the mutex was unlocked"),
      },
    );
    return waiter.promise;
  }

  /**
   * The mutex's half of `pthread_mutex_trylock(3p)`.
   *
   * @internal
   * @param caller - the locking process
   * @throws {IpcError} `EBUSY` when the mutex is held, by `caller` too (MUTEX-NB-1)
   */
  tryLock(caller: ProcessCore): void {
    // MUTEX-NB-1: held, even by the caller: EBUSY, nothing changes. (While
    // locks are pending it is held (MUTEX-ATOM-2), so tryLock never barges in.)
    if (this.#holder !== undefined) {
      throw new IpcError("EBUSY", "pthread_mutex_trylock", { detail: `process ${this.#holder.pid} holds the mutex` });
    }
    // MUTEX-NB-1, MUTEX-ATOM-1: the caller is the one holder.
    this.#holder = caller;
  }

  /**
   * The mutex's half of `pthread_mutex_unlock(3p)`.
   *
   * @internal
   * @param caller - the unlocking process
   * @throws {IpcError} `EPERM` when `caller` does not hold the mutex (MUTEX-ERR-2)
   */
  unlock(caller: ProcessCore): void {
    // MUTEX-ERR-2: only the holder unlocks; otherwise EPERM and nothing changes
    // (MUTEX-LIFE-4: nobody may unlock for a holder that exited; MUTEX-LIFE-6:
    // a child made by fork is another process, which holds none of its parent's mutexes).
    if (this.#holder !== caller) {
      const who = this.#holder === undefined ? "nobody holds the mutex" : `process ${this.#holder.pid} holds the mutex`;
      throw new IpcError("EPERM", "pthread_mutex_unlock", { detail: `process ${caller.pid} does not hold it: ${who}` });
    }
    // MUTEX-ATOM-2: locks are pending: the mutex goes straight to one of them,
    // which holds it before unlock returns; MUTEX-ORD-1: the one that has waited longest.
    const head = this.#locks.peek();
    if (head !== undefined) {
      assert(head.payload.caller !== caller, "a holder never waits for its own mutex");
      const next = head.payload.caller;
      // MUTEX-ATOM-1: one holder, set before the lock resolves. (MUTEX-LIFE-5:
      // an exited process's lock left the queue as the process ended.)
      this.#holder = next;
      this.#locks.resolve(head, undefined);
      return;
    }
    // Nobody waits: unlocked.
    this.#holder = undefined;
  }

  /**
   * The mutex's half of `pthread_mutex_destroy(3p)`.
   *
   * @internal
   * @throws {IpcError} `EBUSY` when the mutex is locked (MUTEX-LIFE-3)
   */
  destroy(): void {
    // MUTEX-LIFE-3: locked (and so, maybe, with locks pending): EBUSY, and it stays as it was.
    if (this.#holder !== undefined) {
      throw new IpcError("EBUSY", "pthread_mutex_destroy", { detail: `process ${this.#holder.pid} holds the mutex` });
    }
    // MUTEX-LIFE-2: every later call fails EINVAL (requireMutex).
    this.#destroyed = true;
  }
}

