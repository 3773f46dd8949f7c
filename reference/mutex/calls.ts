/**
 * The mutex calls of the spec's `MutexApi`, as the process layer calls them
 * (the caller is the holder). Each checks that the caller is alive, then the
 * mutex ({@link requireMutex}) and the options, before anything changes; then
 * it calls the mutex (`mutex.ts`).
 *
 * Choices where the clauses are silent:
 *
 * - The checks run in this order, the first failing one deciding the error:
 *   the caller has exited (`ESRCH`); the mutex (`EINVAL`: not a mutex, or
 *   destroyed); the options (`EINVAL`); an aborted signal (`ECANCELED`);
 *   then the state (`EDEADLK`, `EBUSY`, `EPERM`, `ETIMEDOUT`, or waiting).
 *   So the holder's own lock with an aborted signal rejects `ECANCELED`.
 * - A pending lock is registered with its caller (the wait queue's
 *   `blocker`) as uninterruptible: a handler the caller runs leaves it
 *   waiting (MUTEX-BLK-4), but the caller's end ends it, so the lock of a
 *   process that has exited leaves the queue at once and no unlock serves
 *   it (MUTEX-LIFE-5).
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { Mutex, MutexLockOptions } from "../../spec/mutex.ts";
import { parseBlocking } from "../base/blocking.ts";
import { canceled } from "../base/interrupt.ts";
import { describeType } from "../base/validate.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import { ReferenceMutex } from "./mutex.ts";

/**
 * Returns `value` when it is a mutex the caller may use: a mutex of this
 * implementation (MUTEX-ERR-3), not destroyed (MUTEX-LIFE-2).
 *
 * @param value - the argument
 * @param syscall - the operation, for the error
 * @returns the mutex
 * @throws {IpcError} `EINVAL` when it is not such a mutex
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
 * `pthread_mutex_init(3p)` as `caller`: the operation behind
 * `ReferenceProcess.mutexInit`.
 *
 * @param caller - the process making the call
 * @returns the new mutex, unlocked (MUTEX-LIFE-1)
 * @throws {IpcError} `ESRCH` when `caller` has exited
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
 */
export function mutexDestroy(caller: ProcessCore, mutex: Mutex): void {
  caller.requireAlive("pthread_mutex_destroy");
  // MUTEX-ERR-3, MUTEX-LIFE-2
  const checked = requireMutex(mutex, "pthread_mutex_destroy");
  // MUTEX-LIFE-3, MUTEX-LIFE-2
  checked.destroy();
}
