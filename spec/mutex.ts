/**
 * Process-shared, error-checking mutexes (`pthread_mutex_lock(3p)` on a
 * mutex made with `PTHREAD_PROCESS_SHARED` and `PTHREAD_MUTEX_ERRORCHECK`):
 * a lock that at most one process holds at a time. The holder is the process
 * that locked it (processes stand for threads); only it may unlock, and its
 * mistakes (locking twice, unlocking what it does not hold) are reported
 * rather than deadlocking or corrupting the mutex. The clauses in
 * {@link MUTEX_CLAUSES} are the rules; {@link MutexApi} (the calls of a
 * process) is the API they govern.
 *
 * @module
 */

import type { Clause } from "./clause.ts";
import type { BlockingOptions } from "./pipe.ts";

/**
 * A mutex, as the calls of {@link MutexApi} take it: made by
 * {@link MutexApi.mutexInit} and shared by handing it to other processes, as
 * memory shared between them. It is a handle with no methods of its own:
 * every operation is a call of the process that makes it, whose identity
 * decides who holds the mutex.
 */
export interface Mutex {
  /** The mutex's kind: always `"errorcheck"` (`PTHREAD_MUTEX_ERRORCHECK`; MUTEX-ERR-1, MUTEX-ERR-2). */
  readonly kind: "errorcheck";
}

/** Options for {@link MutexApi.mutexLock}: a signal, and the timed form's deadline. */
export interface MutexLockOptions extends BlockingOptions {
  /**
   * `pthread_mutex_timedlock(3p)`: an absolute deadline, in milliseconds
   * since the epoch (the clock of `Date.now()`). Once it passes while the
   * lock is pending, or when it has passed already and the lock must wait,
   * the lock fails `ETIMEDOUT` (MUTEX-TMO-1); a lock that can be taken at
   * once ignores it (MUTEX-TMO-2). It must be a finite number of at least 0,
   * checked on every call (MUTEX-TMO-3).
   */
  readonly deadline?: number;
}

/**
 * The mutex calls of a process. An implementation that provides them
 * (manifest `mutex`) gives its processes these methods.
 *
 * A mutex is held by the process that locked it (MUTEX-BLK-1, MUTEX-ATOM-1):
 * only that process may unlock it (MUTEX-ERR-2), and its own second lock
 * fails `EDEADLK` (MUTEX-ERR-1). A child made by `fork` holds none of its
 * parent's mutexes (MUTEX-LIFE-6). A mutex whose holder exits stays locked
 * (MUTEX-LIFE-4).
 *
 * The checks of a call run in this order, the first failing one deciding
 * the error: the process is alive (`ESRCH`); the mutex (`EINVAL`:
 * MUTEX-ERR-3, MUTEX-LIFE-2); the options (`EINVAL`: MUTEX-ERR-4,
 * MUTEX-TMO-3); an already aborted signal (`ECANCELED`: MUTEX-BLK-3); only
 * then the state of the mutex (`EDEADLK`, `EBUSY`, `EPERM`, or waiting). Bad
 * input changes nothing.
 *
 * `mutexLock` is the only call that waits; every other call is synchronous,
 * returning or throwing and never returning a promise (MUTEX-NB-2).
 */
export interface MutexApi {
  /**
   * Makes a new unlocked mutex (`pthread_mutex_init(3p)` with
   * `PTHREAD_PROCESS_SHARED` and `PTHREAD_MUTEX_ERRORCHECK`), which every
   * process it is handed to may lock (MUTEX-LIFE-1).
   *
   * @returns the mutex
   * @throws {IpcError} `ESRCH` when the process has exited
   *
   * @example A mutex shared by two processes
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const system = createSystem();
   * const a = system.spawn();
   * const b = system.spawn();
   * const mutex = a.mutexInit();
   * a.mutexTryLock(mutex);
   * let busy = false;
   * try { b.mutexTryLock(mutex); } catch (error) { busy = IpcError.is(error, "EBUSY"); }
   * console.assert(busy && mutex.kind === "errorcheck");
   * ```
   */
  mutexInit(): Mutex;

  /**
   * Locks the mutex (`pthread_mutex_lock(3p)`, or
   * `pthread_mutex_timedlock(3p)` with a deadline), waiting while another
   * process holds it.
   *
   * An unlocked mutex is taken at once and the promise resolves
   * (MUTEX-BLK-1). Held by another process, the lock stays pending until an
   * unlock hands the mutex to it (MUTEX-BLK-1, MUTEX-ATOM-2); pending locks
   * are served in the order they started (MUTEX-ORD-1). A deadline bounds the
   * wait (MUTEX-TMO-1, MUTEX-TMO-2); aborting it stops the wait having taken
   * nothing (MUTEX-BLK-2, MUTEX-BLK-3). A signal handler the process runs
   * while the lock waits does not interrupt it: the lock goes on waiting and
   * never fails `EINTR` (MUTEX-BLK-4). A lock by the holder fails `EDEADLK`
   * (MUTEX-ERR-1). The pending lock of a process that exits is never served
   * (MUTEX-LIFE-5).
   *
   * @param mutex - the mutex (MUTEX-ERR-3)
   * @param options - a signal and a deadline (MUTEX-ERR-4, MUTEX-TMO-3)
   * @returns a promise that resolves once the caller holds the mutex
   * @throws {IpcError} (as a rejection, never synchronously) `EDEADLK`
   *   (MUTEX-ERR-1), `EINVAL` (MUTEX-ERR-3, MUTEX-ERR-4, MUTEX-TMO-3,
   *   MUTEX-LIFE-2), `ETIMEDOUT` (MUTEX-TMO-1), `ECANCELED` (MUTEX-BLK-2,
   *   MUTEX-BLK-3), `ESRCH` when the process has exited
   *
   * @example A lock waits for the unlock
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const a = system.spawn();
   * const b = system.spawn();
   * const mutex = a.mutexInit();
   * await a.mutexLock(mutex);
   * const pending = b.mutexLock(mutex); // waits: a holds it
   * a.mutexUnlock(mutex); // hands it to b
   * await pending;
   * b.mutexUnlock(mutex);
   * ```
   */
  mutexLock(mutex: Mutex, options?: MutexLockOptions): Promise<void>;

  /**
   * Locks the mutex without waiting (`pthread_mutex_trylock(3p)`).
   * Synchronous: it returns or throws, and never returns a promise
   * (MUTEX-NB-2).
   *
   * @param mutex - the mutex (MUTEX-ERR-3)
   * @throws {IpcError} `EBUSY` when the mutex is held, by the caller too
   *   (MUTEX-NB-1), `EINVAL` (MUTEX-ERR-3, MUTEX-LIFE-2), `ESRCH` when the
   *   process has exited
   *
   * @example Busy even for the holder
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const process = createSystem().spawn();
   * const mutex = process.mutexInit();
   * process.mutexTryLock(mutex);
   * let busy = false;
   * try { process.mutexTryLock(mutex); } catch (error) { busy = IpcError.is(error, "EBUSY"); }
   * console.assert(busy);
   * ```
   */
  mutexTryLock(mutex: Mutex): void;

  /**
   * Unlocks the mutex the caller holds (`pthread_mutex_unlock(3p)`). While
   * locks are pending the mutex goes straight to the one that has waited
   * longest, which holds it when `mutexUnlock` returns (MUTEX-ATOM-2,
   * MUTEX-ORD-1); otherwise it is left unlocked. Synchronous (MUTEX-NB-2).
   *
   * @param mutex - the mutex (MUTEX-ERR-3)
   * @throws {IpcError} `EPERM` when the caller does not hold it, whether
   *   another process does or nobody does (MUTEX-ERR-2), `EINVAL`
   *   (MUTEX-ERR-3, MUTEX-LIFE-2), `ESRCH` when the process has exited
   *
   * @example Only the holder unlocks
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const system = createSystem();
   * const a = system.spawn();
   * const b = system.spawn();
   * const mutex = a.mutexInit();
   * a.mutexTryLock(mutex);
   * let refused = false;
   * try { b.mutexUnlock(mutex); } catch (error) { refused = IpcError.is(error, "EPERM"); }
   * a.mutexUnlock(mutex);
   * console.assert(refused);
   * ```
   */
  mutexUnlock(mutex: Mutex): void;

  /**
   * Destroys an unlocked mutex (`pthread_mutex_destroy(3p)`): every later
   * call on it fails `EINVAL` (MUTEX-LIFE-2). A locked mutex fails `EBUSY`
   * and stays as it was (MUTEX-LIFE-3).
   *
   * @param mutex - the mutex (MUTEX-ERR-3)
   * @throws {IpcError} `EBUSY` when the mutex is locked (MUTEX-LIFE-3),
   *   `EINVAL` (MUTEX-ERR-3, MUTEX-LIFE-2), `ESRCH` when the process has exited
   *
   * @example Destroyed, then unusable
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const process = createSystem().spawn();
   * const mutex = process.mutexInit();
   * process.mutexDestroy(mutex);
   * let code = "";
   * try { process.mutexTryLock(mutex); } catch (error) { code = IpcError.is(error) ? error.code : ""; }
   * console.assert(code === "EINVAL");
   * ```
   */
  mutexDestroy(mutex: Mutex): void;
}

/** Shorthand for a mutex clause's fixed fields. */
type MutexClause = Omit<Clause, "mechanism"> & { readonly mechanism?: "mutex" };

function mutexClauses(list: readonly MutexClause[]): readonly Clause[] {
  return Object.freeze(list.map((clause) => Object.freeze({ ...clause, mechanism: "mutex" as const })));
}

/**
 * The clauses of process-shared error-checking mutexes. IDs are stable and
 * never reused.
 *
 * @example Find the relock rule
 * ```ts
 * import { MUTEX_CLAUSES } from "ipckit/spec";
 * console.assert(MUTEX_CLAUSES.some((clause) => clause.id === "MUTEX-ERR-1" && clause.category === "errors"));
 * ```
 */
export const MUTEX_CLAUSES: readonly Clause[] = mutexClauses([
  // Ordering
  {
    id: "MUTEX-ORD-1",
    category: "ordering",
    level: "extended",
    rule: "Locks pending on a mutex are served in the order they started waiting: each unlock hands the mutex to the lock that has waited longest.",
    source: "POSIX pthread_mutex_unlock (under SCHED_FIFO or SCHED_RR the scheduling policy decides; otherwise unspecified)",
    choice: "POSIX leaves the choice to the scheduler and Linux futexes promise no order; processes here have no scheduling priority, so ipckit serves them first come, first served.",
  },
  // Blocking
  {
    id: "MUTEX-BLK-1",
    category: "blocking",
    level: "core",
    rule: "mutexLock of an unlocked mutex makes the caller its holder and resolves at once, and of a mutex another process holds stays pending until an unlock hands the mutex to it.",
    source: "pthread_mutex_lock(3p) (if the mutex is already locked by another thread, the calling thread blocks until the mutex becomes available)",
  },
  {
    id: "MUTEX-BLK-2",
    category: "blocking",
    level: "core",
    rule: "Aborting a pending lock rejects it with ECANCELED without taking the mutex: an unlock made after the abort hands the mutex to the next pending lock or leaves it unlocked.",
    source: "pthread_mutex_lock(3p) (a signal handler returns to the wait; the lock is not interrupted); signal(7) (analogue)",
    choice: "A mutex wait cannot be interrupted in POSIX; ipckit lets every blocking call be aborted, with ECANCELED, as for pipes (PIPE-BLK-4).",
  },
  {
    id: "MUTEX-BLK-3",
    category: "blocking",
    level: "core",
    rule: "mutexLock called with an already aborted signal rejects with ECANCELED and takes nothing, even when the mutex is unlocked.",
    source: "DOM Standard, AbortSignal (the web platform's convention)",
    choice: "POSIX has no counterpart; ipckit follows the web platform, as for pipes (PIPE-BLK-6).",
  },
  {
    id: "MUTEX-BLK-4",
    category: "blocking",
    level: "core",
    rule: "A signal handler run by a process while its mutexLock (timed or not) waits does not interrupt the lock, with restart or without: the handler runs, the lock goes on waiting in its place, and it takes the mutex when an unlock hands it over; a lock never fails EINTR.",
    source: "pthread_mutex_lock(3p) (upon return from the signal handler the thread resumes waiting for the mutex as if it was not interrupted; the functions shall not return EINTR); signal(7)",
  },
  // Non-blocking
  {
    id: "MUTEX-NB-1",
    category: "nonblocking",
    level: "core",
    rule: "mutexTryLock of an unlocked mutex makes the caller its holder, and of a locked one fails with EBUSY and changes nothing, even when the caller is the holder.",
    source: "pthread_mutex_trylock(3p) EBUSY; glibc pthread_mutex_trylock (an error-checking mutex held by the caller gives EBUSY)",
  },
  {
    id: "MUTEX-NB-2",
    category: "nonblocking",
    level: "core",
    rule: "mutexTryLock, mutexUnlock, mutexInit and mutexDestroy complete synchronously: they return or throw, and never return a promise or wait.",
    source: "pthread_mutex_trylock(3p); pthread_mutex_unlock(3p)",
  },
  // Timeouts
  {
    id: "MUTEX-TMO-1",
    category: "timeout",
    level: "core",
    rule: "A mutexLock given a deadline that must wait fails with ETIMEDOUT, not holding the mutex, once the deadline passes, or at once when it has passed already; until then it stays pending and is served by an unlock as an untimed lock would be.",
    source: "pthread_mutex_timedlock(3p) ETIMEDOUT (abstime is absolute, on CLOCK_REALTIME)",
    choice: "The deadline is in milliseconds on the clock of Date.now(), the JavaScript analogue of CLOCK_REALTIME.",
  },
  {
    id: "MUTEX-TMO-2",
    category: "timeout",
    level: "core",
    rule: "A mutexLock that can take the mutex at once does so even when its deadline has passed.",
    source: "pthread_mutex_timedlock(3p) (under no circumstance shall the function fail with a timeout if the mutex can be locked immediately)",
  },
  {
    id: "MUTEX-TMO-3",
    category: "timeout",
    level: "core",
    rule: "A deadline that is not a finite number of at least 0 (NaN, negative, infinite or not a number) fails with EINVAL and takes nothing, even when the mutex could be taken at once.",
    source: "pthread_mutex_timedlock(3p) EINVAL",
    choice: "POSIX need not check the deadline when the mutex can be locked at once; ipckit checks it on every call, as for semaphores (SEM-TMO-3), so that a bad deadline never goes unnoticed.",
  },
  // Atomicity
  {
    id: "MUTEX-ATOM-1",
    category: "atomicity",
    level: "core",
    rule: "At most one process holds a mutex at any time, so that read-modify-write updates made under it by several processes, however they interleave, are never lost.",
    source: "pthread_mutex_lock(3p) (mutual exclusion); pthread_mutexattr_setpshared(3p) (PTHREAD_PROCESS_SHARED)",
  },
  {
    id: "MUTEX-ATOM-2",
    category: "atomicity",
    level: "core",
    rule: "An unlock while locks are pending hands the mutex straight to one of them, which holds it when mutexUnlock returns, so that no other lock or tryLock can take the mutex in between.",
    source: "pthread_mutex_unlock(3p) (the scheduling policy determines which thread acquires the mutex)",
    choice: "POSIX lets a newcomer take a mutex just released before a woken waiter does; ipckit hands it over at the unlock, which keeps the first-come, first-served order of MUTEX-ORD-1.",
  },
  // Errors
  {
    id: "MUTEX-ERR-1",
    category: "errors",
    level: "core",
    rule: "mutexLock by the process that holds the mutex rejects with EDEADLK at once, with or without a deadline, and the mutex stays held by it.",
    source: "pthread_mutex_lock(3p) EDEADLK (PTHREAD_MUTEX_ERRORCHECK: relocking returns an error)",
  },
  {
    id: "MUTEX-ERR-2",
    category: "errors",
    level: "core",
    rule: "mutexUnlock by a process that does not hold the mutex fails with EPERM and changes nothing, whether another process holds it or nobody does.",
    source: "pthread_mutex_unlock(3p) EPERM (PTHREAD_MUTEX_ERRORCHECK: unlocking a mutex the thread does not own, or an unlocked one, returns an error)",
  },
  {
    id: "MUTEX-ERR-3",
    category: "errors",
    level: "core",
    rule: "A mutex argument that is not a mutex of the implementation (null, a number, a plain object, a semaphore) fails with EINVAL in every call that takes one.",
    source: "pthread_mutex_lock(3p) EINVAL (the value specified by mutex does not refer to an initialized mutex object)",
  },
  {
    id: "MUTEX-ERR-4",
    category: "errors",
    level: "core",
    rule: "Lock options that are not an object, or hold a signal that is not an AbortSignal, fail with EINVAL and take nothing.",
    source: "pthread_mutex_timedlock(3p) EINVAL",
    choice: "A JavaScript value of the wrong type is a bad argument, so ipckit uses EINVAL, as for pipes (PIPE-ERR-7).",
  },
  // Lifecycle
  {
    id: "MUTEX-LIFE-1",
    category: "lifecycle",
    level: "core",
    rule: "mutexInit makes a new unlocked mutex, shared by every process it is handed to: any of them may lock it, and a lock by one excludes the others.",
    source: "pthread_mutex_init(3p); pthread_mutexattr_setpshared(3p) (PTHREAD_PROCESS_SHARED: any thread with access to the memory may operate on it)",
    choice: "Processes here share JavaScript objects, so handing the mutex over stands for placing it in memory the processes share; every mutex is process-shared and error-checking.",
  },
  {
    id: "MUTEX-LIFE-2",
    category: "lifecycle",
    level: "core",
    rule: "mutexDestroy of an unlocked mutex succeeds, and every later call on it, mutexDestroy included, fails with EINVAL.",
    source: "pthread_mutex_destroy(3p) (a destroyed mutex object becomes, in effect, uninitialized)",
    choice: "POSIX leaves using a destroyed mutex undefined; ipckit reports it as an invalid mutex.",
  },
  {
    id: "MUTEX-LIFE-3",
    category: "lifecycle",
    level: "core",
    rule: "mutexDestroy of a locked mutex fails with EBUSY and leaves it held as it was, with its pending locks still waiting.",
    source: "pthread_mutex_destroy(3p) (destroying a locked mutex is undefined); glibc pthread_mutex_destroy EBUSY",
    choice: "POSIX leaves it undefined; ipckit refuses with EBUSY, as glibc does.",
  },
  {
    id: "MUTEX-LIFE-4",
    category: "lifecycle",
    level: "extended",
    rule: "A mutex whose holder exits stays locked: tryLock fails with EBUSY, an unlock by any process fails with EPERM, and a lock stays pending until it is aborted or times out.",
    source: "pthread_mutexattr_setrobust(3p) (PTHREAD_MUTEX_STALLED: no special action when the owner dies)",
    choice: "POSIX robust mutexes report a dead owner with EOWNERDEAD; ipckit's mutexes are not robust (PTHREAD_MUTEX_STALLED, the default), so a mutex abandoned by its holder stays locked for good.",
  },
  {
    id: "MUTEX-LIFE-5",
    category: "lifecycle",
    level: "extended",
    rule: "A pending lock of a process that has exited is never served: an unlock made afterwards hands the mutex to the next waiting process or leaves it unlocked.",
    source: "_exit(2); pthread_mutex_lock(3p) (a killed waiter takes nothing)",
    choice: "A process killed while it waits takes no mutex; ipckit's exit (or termination by a signal) behaves alike: the pending lock ends with its process, rejecting EINTR, which no one is left to see, as for semaphores (SEM-LIFE-11).",
  },
  {
    id: "MUTEX-LIFE-6",
    category: "lifecycle",
    level: "extended",
    rule: "A child made by fork does not hold the mutexes its parent holds: its unlock fails with EPERM, its tryLock with EBUSY, and its lock waits for the parent's unlock.",
    source: "fork(2) (the child has one thread, and holds none of the parent's locks); pthread_mutex_unlock(3p) EPERM",
  },
]);
