/**
 * The reference process-shared, error-checking mutexes: a transcription of
 * the clauses in `spec/mutex.ts`. Every step that enforces a clause cites
 * its ID.
 *
 * Two layers, as in a kernel:
 *
 * - The calls ({@link mutexInit}, {@link mutexLock}, {@link mutexTryLock},
 *   {@link mutexUnlock}, {@link mutexDestroy}) are what `ReferenceProcess`
 *   delegates to. They check that the caller is alive, then the mutex
 *   ({@link requireMutex}) and the options, before anything changes; then
 *   they call the mutex.
 * - The {@link ReferenceMutex} is one mutex: its holder (the process that
 *   locked it) and the locks pending on it, in the one `WaitQueue` every
 *   blocking call uses.
 *
 * Everything is synchronous except waiting. An unlock that finds locks
 * pending does the waiting call's work itself before it returns: it makes
 * the lock that has waited longest the holder and resolves it. So the mutex
 * is never free while locks are pending, and nobody can take it between the
 * unlock and the woken lock (MUTEX-ATOM-2).
 *
 * Choices where the clauses are silent:
 *
 * - The checks run in this order, the first failing one deciding the error:
 *   the caller has exited (`ESRCH`); the mutex (`EINVAL`: not a mutex, or
 *   destroyed); the options (`EINVAL`); an aborted signal (`ECANCELED`);
 *   then the state (`EDEADLK`, `EBUSY`, `EPERM`, `ETIMEDOUT`, or waiting).
 *   So the holder's own lock with an aborted signal rejects `ECANCELED`.
 * - A lock that takes an unlocked mutex at once returns one shared, already
 *   resolved promise: it allocates nothing.
 * - A pending lock is registered with its caller (the wait queue's
 *   `blocker`) as uninterruptible: a handler the caller runs leaves it
 *   waiting (MUTEX-BLK-4), but the caller's end ends it, so the lock of a
 *   process that has exited leaves the queue at once and no unlock serves
 *   it (MUTEX-LIFE-5).
 *
 * @module
 */

import { IpcError } from "../spec/errors.ts";
import type { Mutex, MutexLockOptions } from "../spec/mutex.ts";
import { parseBlocking } from "./base/blocking.ts";
import { timedOut } from "./base/deadline.ts";
import type { ProcessCore } from "./kernel/process.ts";
import { describeType } from "./base/validate.ts";
import { WaitQueue } from "./base/wait-queue.ts";
import { canceled } from "./base/interrupt.ts";

/** What every lock that takes the mutex at once returns: one promise, allocated once. */
const TAKEN: Promise<void> = Promise.resolve();

/** What a pending lock carries while it waits. */
interface PendingLock {
  /** The locking process, the holder once served (MUTEX-BLK-1, MUTEX-LIFE-5). */
  readonly caller: ProcessCore;
}

/**
 * Returns `value` when it is a mutex the caller may use: a mutex of this
 * implementation (MUTEX-ERR-3), not destroyed (MUTEX-LIFE-2).
 *
 * @param value - the argument
 * @param syscall - the operation, for the error
 * @returns the mutex
 * @throws {IpcError} `EINVAL` when it is not such a mutex
 *
 * @example A semaphore is not a mutex
 * ```ts
 * import { createSystem, requireMutex } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const process = createSystem().spawn();
 * const mutex = process.mutexInit();
 * console.assert(requireMutex(mutex, "pthread_mutex_lock") === mutex);
 * let bad = false;
 * try { requireMutex(process.semInit(1), "pthread_mutex_lock"); } catch (error) { bad = IpcError.is(error, "EINVAL"); }
 * console.assert(bad);
 * ```
 */
export function requireMutex(value: unknown, syscall: string): ReferenceMutex {
  // MUTEX-ERR-3: a mutex of this implementation.
  if (!ReferenceMutex.is(value)) {
    throw new IpcError("EINVAL", syscall, { detail: `not a mutex: ${describeType(value)}` });
  }
  // MUTEX-LIFE-2: a destroyed mutex is no longer one.
  if (value.destroyed) throw new IpcError("EINVAL", syscall, { detail: "the mutex was destroyed" });
  return value;
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
   * @param caller - the locking process
   * @param signal - stops the wait when it fires, not yet aborted
   * @param deadline - the timed form's deadline, already checked (MUTEX-TMO-3)
   * @returns a promise that resolves once `caller` holds the mutex
   * @throws {IpcError} (as a rejection) `EDEADLK` (MUTEX-ERR-1), `ETIMEDOUT`
   *   (MUTEX-TMO-1), `ECANCELED` (MUTEX-BLK-2), `EINTR` when `caller` ended
   *   while it waited (MUTEX-LIFE-5), never for a handler (MUTEX-BLK-4)
   *
   * @example The mutex's lock takes a free mutex
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const mutex = process.mutexInit();
   * await mutex.lock(process, undefined, undefined);
   * console.assert(mutex.holder === process);
   * ```
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
        // MUTEX-BLK-2: ECANCELED, not holding the mutex: a lock becomes the
        // holder only as it resolves (see unlock), so a later unlock goes on.
        // (MUTEX-LIFE-5: the end of the caller gives EINTR, seen by no one.)
        onAbort: (aborted, reason) => this.#locks.reject(aborted, canceled(syscall, reason)),
        deadline,
        expired: () => timedOut(syscall, "the deadline passed before the mutex was unlocked"),
      },
    );
    return waiter.promise;
  }

  /**
   * The mutex's half of `pthread_mutex_trylock(3p)`.
   *
   * @param caller - the locking process
   * @throws {IpcError} `EBUSY` when the mutex is held, by `caller` too (MUTEX-NB-1)
   *
   * @example Take a free mutex
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const mutex = process.mutexInit();
   * mutex.tryLock(process);
   * console.assert(mutex.holder === process);
   * ```
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
   * @param caller - the unlocking process
   * @throws {IpcError} `EPERM` when `caller` does not hold the mutex (MUTEX-ERR-2)
   *
   * @example Unlock hands the mutex to the pending lock
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const a = system.spawn();
   * const b = system.spawn();
   * const mutex = a.mutexInit();
   * a.mutexTryLock(mutex);
   * const pending = b.mutexLock(mutex);
   * mutex.unlock(a);
   * console.assert(mutex.holder === b);
   * await pending;
   * ```
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
   * @throws {IpcError} `EBUSY` when the mutex is locked (MUTEX-LIFE-3)
   *
   * @example Destroy an unlocked mutex
   * ```ts
   * import { ReferenceMutex } from "ipckit/reference";
   * const mutex = new ReferenceMutex();
   * mutex.destroy();
   * console.assert(mutex.destroyed);
   * ```
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

/**
 * `pthread_mutex_init(3p)` as `caller`: the operation behind
 * `ReferenceProcess.mutexInit`.
 *
 * @param caller - the process making the call
 * @returns the new mutex, unlocked (MUTEX-LIFE-1)
 * @throws {IpcError} `ESRCH` when `caller` has exited
 *
 * @example A new mutex is unlocked
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const mutex = createSystem().spawn().mutexInit();
 * console.assert(!mutex.locked && mutex.kind === "errorcheck");
 * ```
 */
export function mutexInit(caller: ProcessCore): ReferenceMutex {
  caller.requireAlive("pthread_mutex_init");
  // MUTEX-LIFE-1: unlocked, process-shared and error-checking.
  return new ReferenceMutex();
}

/**
 * `pthread_mutex_lock(3p)`, or `pthread_mutex_timedlock(3p)` with a
 * deadline, as `caller`: the operation behind `ReferenceProcess.mutexLock`.
 *
 * @param caller - the process making the call
 * @param mutex - the mutex (MUTEX-ERR-3)
 * @param options - a signal and a deadline (MUTEX-ERR-4, MUTEX-TMO-3)
 * @returns a promise that resolves once `caller` holds the mutex
 * @throws {IpcError} (as a rejection, never synchronously) `EDEADLK`
 *   (MUTEX-ERR-1), `EINVAL` (MUTEX-ERR-3, MUTEX-ERR-4, MUTEX-TMO-3,
 *   MUTEX-LIFE-2), `ETIMEDOUT` (MUTEX-TMO-1), `ECANCELED` (MUTEX-BLK-2,
 *   MUTEX-BLK-3), `ESRCH`
 *
 * @example Relocking is an error
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const process = createSystem().spawn();
 * const mutex = process.mutexInit();
 * await process.mutexLock(mutex);
 * let code = "";
 * try { await process.mutexLock(mutex); } catch (error) { code = IpcError.is(error) ? error.code : ""; }
 * console.assert(code === "EDEADLK" && mutex.holder === process);
 * ```
 */
export function mutexLock(caller: ProcessCore, mutex: Mutex, options?: MutexLockOptions): Promise<void> {
  try {
    caller.requireAlive("pthread_mutex_lock");
    // MUTEX-ERR-3, MUTEX-LIFE-2
    const checkedMutex = requireMutex(mutex, "pthread_mutex_lock");
    // MUTEX-ERR-4: options an object, the signal an AbortSignal; MUTEX-TMO-3:
    // the deadline, checked even when the mutex could be taken at once.
    const { signal, deadline } = parseBlocking(options, "pthread_mutex_lock", { deadline: "pthread_mutex_timedlock" });
    // MUTEX-BLK-3: called with an aborted signal: ECANCELED, nothing taken.
    if (signal?.aborted === true) throw canceled(deadline === undefined ? "pthread_mutex_lock" : "pthread_mutex_timedlock", signal.reason);
    return checkedMutex.lock(caller, signal, deadline);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `pthread_mutex_trylock(3p)` as `caller`: the operation behind
 * `ReferenceProcess.mutexTryLock`. Synchronous: it returns or throws (MUTEX-NB-2).
 *
 * @param caller - the process making the call
 * @param mutex - the mutex (MUTEX-ERR-3)
 * @throws {IpcError} `EBUSY` (MUTEX-NB-1), `EINVAL` (MUTEX-ERR-3, MUTEX-LIFE-2), `ESRCH`
 *
 * @example A free mutex is taken
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const process = createSystem().spawn();
 * const mutex = process.mutexInit();
 * process.mutexTryLock(mutex);
 * console.assert(mutex.holder === process);
 * ```
 */
export function mutexTryLock(caller: ProcessCore, mutex: Mutex): void {
  caller.requireAlive("pthread_mutex_trylock");
  // MUTEX-ERR-3, MUTEX-LIFE-2
  const checked = requireMutex(mutex, "pthread_mutex_trylock");
  // MUTEX-NB-1, MUTEX-NB-2: no promise on any path.
  checked.tryLock(caller);
}

/**
 * `pthread_mutex_unlock(3p)` as `caller`: the operation behind
 * `ReferenceProcess.mutexUnlock`. Synchronous: it returns or throws (MUTEX-NB-2).
 *
 * @param caller - the process making the call
 * @param mutex - the mutex (MUTEX-ERR-3)
 * @throws {IpcError} `EPERM` (MUTEX-ERR-2), `EINVAL` (MUTEX-ERR-3, MUTEX-LIFE-2), `ESRCH`
 *
 * @example Unlocking an unlocked mutex is an error
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const process = createSystem().spawn();
 * let refused = false;
 * try { process.mutexUnlock(process.mutexInit()); } catch (error) { refused = IpcError.is(error, "EPERM"); }
 * console.assert(refused);
 * ```
 */
export function mutexUnlock(caller: ProcessCore, mutex: Mutex): void {
  caller.requireAlive("pthread_mutex_unlock");
  // MUTEX-ERR-3, MUTEX-LIFE-2
  const checked = requireMutex(mutex, "pthread_mutex_unlock");
  // MUTEX-ERR-2, MUTEX-ATOM-2, MUTEX-ORD-1, MUTEX-NB-2
  checked.unlock(caller);
}

/**
 * `pthread_mutex_destroy(3p)` as `caller`: the operation behind
 * `ReferenceProcess.mutexDestroy`. Synchronous (MUTEX-NB-2).
 *
 * @param caller - the process making the call
 * @param mutex - the mutex (MUTEX-ERR-3)
 * @throws {IpcError} `EBUSY` (MUTEX-LIFE-3), `EINVAL` (MUTEX-ERR-3, MUTEX-LIFE-2), `ESRCH`
 *
 * @example Busy while locked
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const process = createSystem().spawn();
 * const mutex = process.mutexInit();
 * process.mutexTryLock(mutex);
 * let busy = false;
 * try { process.mutexDestroy(mutex); } catch (error) { busy = IpcError.is(error, "EBUSY"); }
 * process.mutexUnlock(mutex);
 * process.mutexDestroy(mutex);
 * console.assert(busy && mutex.destroyed);
 * ```
 */
export function mutexDestroy(caller: ProcessCore, mutex: Mutex): void {
  caller.requireAlive("pthread_mutex_destroy");
  // MUTEX-ERR-3, MUTEX-LIFE-2
  const checked = requireMutex(mutex, "pthread_mutex_destroy");
  // MUTEX-LIFE-3, MUTEX-LIFE-2
  checked.destroy();
}
