/**
 * POSIX semaphores (`sem_overview(7)`): a counter that never goes below
 * zero, shared between processes. A wait takes one unit, waiting while there
 * is none; a post gives one back, waking one waiter. Unnamed semaphores
 * (`sem_init(3)`) are shared by handing the object to other processes, as
 * memory shared between them; named ones (`sem_open(3)`) are found by name
 * and checked against the caller's permissions. The clauses in
 * {@link SEM_CLAUSES} are the rules; {@link SemApi} (the calls of a process)
 * is the API they govern.
 *
 * @module
 */

import type { Clause } from "./clause.ts";
import type { BlockingOptions } from "./pipe.ts";

/**
 * The largest value a semaphore holds (`SEM_VALUE_MAX`; glibc's value,
 * 2147483647). A post at this value fails `EOVERFLOW` (SEM-CAP-1); an
 * initial value above it fails `EINVAL` (SEM-CAP-2).
 *
 * @example The largest value
 * ```ts
 * import { SEM_VALUE_MAX } from "ipckit/spec";
 * console.assert(SEM_VALUE_MAX === 2 ** 31 - 1);
 * ```
 */
export const SEM_VALUE_MAX = 2147483647;

/**
 * The most bytes (in UTF-8) a semaphore name holds after its leading `"/"`
 * (`NAME_MAX - 4`: Linux keeps a named semaphore as the file
 * `/dev/shm/sem.NAME`; SEM-ERR-3).
 *
 * @example The longest name
 * ```ts
 * import { SEM_NAME_MAX } from "ipckit/spec";
 * console.assert(("/" + "s".repeat(SEM_NAME_MAX)).length === 252);
 * ```
 */
export const SEM_NAME_MAX = 251;

/**
 * A semaphore, as the calls of {@link SemApi} take it: made by
 * {@link SemApi.semInit} (unnamed) or {@link SemApi.semOpen} (named). It is a
 * handle with no methods of its own: every operation is a call of the
 * process that makes it, as `sem_wait(&sem)` is called by a thread.
 */
export interface Semaphore {
  /** The name it was opened by, for a named semaphore (it stays after `semUnlink`); `undefined` for an unnamed one. */
  readonly name: string | undefined;
}

/**
 * Options for {@link SemApi.semOpen} (`sem_open(3)`'s `oflag`, `mode` and
 * `value`). Every field is checked on every call, whether or not the
 * semaphore exists (SEM-ERR-2, SEM-CAP-2); `mode` and `value` are used only
 * when the call creates the semaphore (SEM-LIFE-5).
 */
export interface SemOpenOptions {
  /** `O_CREAT`: create the semaphore when the name is absent (SEM-LIFE-4). */
  readonly create?: boolean;
  /** `O_EXCL`: with `create`, fail `EEXIST` when the name exists; without it, ignored (SEM-LIFE-5). */
  readonly exclusive?: boolean;
  /** Permission bits for a new semaphore, before the umask: an integer from 0 to 0o777; default `0o600` (SEM-PERM-2). */
  readonly mode?: number;
  /** The value of a new semaphore: an integer from 0 to {@link SEM_VALUE_MAX}; default 0 (SEM-CAP-2, SEM-LIFE-4). */
  readonly value?: number;
}

/** Options for {@link SemApi.semWait}: a signal, and the timed form's deadline. */
export interface SemWaitOptions extends BlockingOptions {
  /**
   * `sem_timedwait(3)`: an absolute deadline, in milliseconds since the
   * epoch (the clock of `Date.now()`). Once it passes while the wait is
   * pending, or when it has passed already and the wait must wait, the wait
   * fails `ETIMEDOUT` (SEM-TMO-1); a wait that can decrement at once ignores
   * it (SEM-TMO-2). It must be a finite number of at least 0, checked on
   * every call (SEM-TMO-3).
   */
  readonly deadline?: number;
}

/**
 * The POSIX semaphore calls of a process. An implementation that provides
 * them (manifest `sem`) gives its processes these methods; the named calls
 * (`semOpen`, `semClose`, `semUnlink`) are the manifest's part `sem.named`.
 *
 * Every call is made as the process: its credentials decide permission on a
 * named semaphore (SEM-PERM-1, SEM-PERM-3), its umask shapes a new one's
 * mode (SEM-PERM-2), and only the processes that have a named semaphore open
 * may use it (SEM-LIFE-9). An unnamed semaphore is shared by handing the
 * object to another process, as memory shared between them (SEM-LIFE-1).
 *
 * The checks of a call run in this order, the first failing one deciding
 * the error: the process is alive (`ESRCH`); the name (`EINVAL`,
 * `ENAMETOOLONG`: SEM-ERR-3) or the semaphore (`EINVAL`: SEM-ERR-1,
 * SEM-LIFE-2, SEM-LIFE-9, SEM-ERR-4); the other arguments (`EINVAL`:
 * SEM-ERR-2, SEM-TMO-3, SEM-CAP-2); an already aborted signal (`ECANCELED`:
 * SEM-BLK-4); only then the state of the semaphore. Bad input changes nothing.
 *
 * `semWait` is the only call that waits; every other call is synchronous,
 * returning or throwing and never returning a promise (SEM-NB-2).
 */
export interface SemApi {
  /**
   * Makes a new unnamed semaphore with the value given (`sem_init(3)` with
   * `pshared` set): every process it is handed to may wait on it and post
   * it (SEM-LIFE-1).
   *
   * @param value - the initial value, an integer from 0 to {@link SEM_VALUE_MAX} (SEM-CAP-2)
   * @returns the semaphore
   * @throws {IpcError} `EINVAL` when `value` is not an integer from 0 to
   *   {@link SEM_VALUE_MAX} (SEM-CAP-2), `ESRCH` when the process has exited
   *
   * @example A semaphore shared by two processes
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const parent = system.spawn();
   * const worker = system.spawn();
   * const done = parent.semInit(0);
   * const finished = parent.semWait(done); // waits: the value is 0
   * worker.semPost(done); // hands the unit to the waiting parent
   * await finished;
   * console.assert(parent.semGetValue(done) === 0);
   * ```
   */
  semInit(value: number): Semaphore;

  /**
   * Opens the named semaphore `name` (`sem_open(3)`), creating it with
   * `create`.
   *
   * An absent name fails `ENOENT` without `create`; with it, a new
   * semaphore is made with the value asked (SEM-LIFE-4), owned by the caller
   * with the mode asked less the umask (SEM-PERM-2); the creating process
   * gets it open whatever that mode. A name that exists fails `EEXIST` with
   * `create` and `exclusive`; otherwise the semaphore is opened as it is, the
   * mode and value given being ignored (SEM-LIFE-5), when the caller has read
   * and write permission on it (SEM-PERM-1).
   *
   * Each open counts: the process may use the semaphore until it has closed
   * it as many times as it opened it (SEM-LIFE-9); a child made by `fork`
   * gets opens of its own (SEM-LIFE-10), and `exit` closes them. A named
   * semaphore keeps its value while nobody has it open, until it is unlinked
   * (SEM-LIFE-8).
   *
   * @param name - `"/"` followed by 1 to {@link SEM_NAME_MAX} bytes, none of them `"/"` or NUL (SEM-ERR-3)
   * @param options - creation flags, mode and initial value (SEM-ERR-2, SEM-CAP-2)
   * @returns the semaphore, open in the calling process
   * @throws {IpcError} `EINVAL` (SEM-ERR-3, SEM-ERR-2, SEM-CAP-2),
   *   `ENAMETOOLONG` (SEM-ERR-3), `ENOENT` (SEM-LIFE-4), `EEXIST`
   *   (SEM-LIFE-5), `EACCES` (SEM-PERM-1), `ESRCH` when the process has exited
   *
   * @example Two users share a named semaphore
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const alice = system.spawn({ uid: 1000, gid: 100 });
   * const bob = system.spawn({ uid: 1001, gid: 100 });
   * alice.umask(0o002);
   * const made = alice.semOpen("/ready", { create: true, mode: 0o660, value: 1 });
   * const found = bob.semOpen("/ready"); // group members may read and write
   * bob.semTryWait(found);
   * console.assert(alice.semGetValue(made) === 0);
   * ```
   */
  semOpen(name: string, options?: SemOpenOptions): Semaphore;

  /**
   * Closes the calling process's open of a named semaphore (`sem_close(3)`).
   * The semaphore and its value stay (SEM-LIFE-8); once the process has
   * closed it as many times as it opened it, its calls on it fail `EINVAL`,
   * while other processes' use is unaffected (SEM-LIFE-9).
   *
   * @param sem - a named semaphore the process has open
   * @throws {IpcError} `EINVAL` when `sem` is not a semaphore (SEM-ERR-1), is
   *   not open in the process (SEM-LIFE-9) or is unnamed (SEM-ERR-4),
   *   `ESRCH` when the process has exited
   *
   * @example Closed, and no longer usable by this process
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const process = createSystem().spawn();
   * const sem = process.semOpen("/once", { create: true, value: 1 });
   * process.semClose(sem);
   * let code = "";
   * try { process.semPost(sem); } catch (error) { code = IpcError.is(error) ? error.code : ""; }
   * console.assert(code === "EINVAL");
   * ```
   */
  semClose(sem: Semaphore): void;

  /**
   * Removes a semaphore's name (`sem_unlink(3)`). The name goes at once: a
   * later open without `create` fails `ENOENT` and a later create makes a
   * new semaphore, while the processes that have the old one open keep using
   * it (SEM-LIFE-6). Only the owner or root may remove it (SEM-PERM-3).
   *
   * @param name - the semaphore's name (SEM-ERR-3)
   * @throws {IpcError} `ENOENT` when no semaphore has the name (SEM-LIFE-7),
   *   `EPERM` when the caller is neither owner nor root (SEM-PERM-3),
   *   `EINVAL`, `ENAMETOOLONG` for a bad name (SEM-ERR-3), `ESRCH` when the
   *   process has exited
   *
   * @example Unlink, and the open semaphore keeps working
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const sem = process.semOpen("/tmp", { create: true });
   * process.semUnlink("/tmp");
   * process.semPost(sem);
   * const fresh = process.semOpen("/tmp", { create: true, value: 5 });
   * console.assert(process.semGetValue(sem) === 1 && process.semGetValue(fresh) === 5);
   * ```
   */
  semUnlink(name: string): void;

  /**
   * Takes one unit (`sem_wait(3)`, or `sem_timedwait(3)` with a deadline),
   * waiting while the value is 0.
   *
   * A positive value is decremented at once and the promise resolves
   * (SEM-BLK-1). At 0 the wait stays pending until a post gives it a unit
   * (SEM-BLK-1, SEM-BLK-2); pending waits are served in the order they
   * started (SEM-ORD-1). A deadline bounds the wait (SEM-TMO-1, SEM-TMO-2);
   * aborting it stops the wait having taken nothing, and no unit is lost
   * (SEM-BLK-3, SEM-BLK-4). A signal handler the process runs while the wait
   * is pending ends it with `EINTR`, having taken nothing (SEM-BLK-6), unless
   * the handler has `restart`: then the wait goes on, in its place and with
   * its deadline (SEM-BLK-7). The value never goes below 0 (SEM-ATOM-1). The
   * pending wait of a process that exits is never served (SEM-LIFE-11).
   *
   * @param sem - the semaphore (SEM-ERR-1)
   * @param options - a signal and a deadline (SEM-ERR-2, SEM-TMO-3)
   * @returns a promise that resolves once the unit is taken
   * @throws {IpcError} (as a rejection, never synchronously) `EINVAL`
   *   (SEM-ERR-1, SEM-ERR-2, SEM-TMO-3, SEM-LIFE-2, SEM-LIFE-9), `ETIMEDOUT`
   *   (SEM-TMO-1), `ECANCELED` (SEM-BLK-3, SEM-BLK-4), `EINTR` when a signal
   *   handler interrupts the wait (SEM-BLK-6), `ESRCH` when the process has
   *   exited
   *
   * @example A wait with a deadline that passes
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const process = createSystem().spawn();
   * const sem = process.semInit(0);
   * let code = "";
   * try { await process.semWait(sem, { deadline: Date.now() + 5 }); } catch (error) { code = IpcError.is(error) ? error.code : ""; }
   * console.assert(code === "ETIMEDOUT" && process.semGetValue(sem) === 0);
   * ```
   */
  semWait(sem: Semaphore, options?: SemWaitOptions): Promise<void>;

  /**
   * Takes one unit without waiting (`sem_trywait(3)`). Synchronous: it
   * returns or throws, and never returns a promise (SEM-NB-2).
   *
   * @param sem - the semaphore (SEM-ERR-1)
   * @throws {IpcError} `EAGAIN` when the value is 0 (SEM-NB-1), `EINVAL`
   *   (SEM-ERR-1, SEM-LIFE-2, SEM-LIFE-9), `ESRCH` when the process has exited
   *
   * @example Take the units there are
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const process = createSystem().spawn();
   * const sem = process.semInit(1);
   * process.semTryWait(sem);
   * let empty = false;
   * try { process.semTryWait(sem); } catch (error) { empty = IpcError.is(error, "EAGAIN"); }
   * console.assert(empty);
   * ```
   */
  semTryWait(sem: Semaphore): void;

  /**
   * Gives one unit back (`sem_post(3)`). While waits are pending the unit
   * goes straight to the one that has waited longest, which resolves, and
   * the value stays 0 (SEM-BLK-2, SEM-ORD-1); otherwise the value grows by
   * one (SEM-ATOM-1), up to {@link SEM_VALUE_MAX} (SEM-CAP-1). Synchronous
   * (SEM-NB-2).
   *
   * @param sem - the semaphore (SEM-ERR-1)
   * @throws {IpcError} `EOVERFLOW` at {@link SEM_VALUE_MAX} (SEM-CAP-1),
   *   `EINVAL` (SEM-ERR-1, SEM-LIFE-2, SEM-LIFE-9), `ESRCH` when the process
   *   has exited
   *
   * @example Post twice, take twice
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const sem = process.semInit(0);
   * process.semPost(sem);
   * process.semPost(sem);
   * console.assert(process.semGetValue(sem) === 2);
   * ```
   */
  semPost(sem: Semaphore): void;

  /**
   * The semaphore's value (`sem_getvalue(3)`): 0 while waits are pending,
   * never a negative count of them (SEM-BLK-5). Synchronous (SEM-NB-2).
   *
   * @param sem - the semaphore (SEM-ERR-1)
   * @returns the value, from 0 to {@link SEM_VALUE_MAX}
   * @throws {IpcError} `EINVAL` (SEM-ERR-1, SEM-LIFE-2, SEM-LIFE-9), `ESRCH`
   *   when the process has exited
   *
   * @example Zero, not negative, while a wait is pending
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const sem = process.semInit(0);
   * void process.semWait(sem);
   * console.assert(process.semGetValue(sem) === 0);
   * ```
   */
  semGetValue(sem: Semaphore): number;

  /**
   * Destroys an unnamed semaphore (`sem_destroy(3)`): every later call on it
   * fails `EINVAL` (SEM-LIFE-2). While waits are pending it fails `EBUSY`
   * and changes nothing (SEM-LIFE-3). A named semaphore is closed and
   * unlinked instead, never destroyed (SEM-ERR-4).
   *
   * @param sem - an unnamed semaphore (SEM-ERR-1, SEM-ERR-4)
   * @throws {IpcError} `EBUSY` while waits are pending (SEM-LIFE-3), `EINVAL`
   *   (SEM-ERR-1, SEM-ERR-4, SEM-LIFE-2), `ESRCH` when the process has exited
   *
   * @example Destroyed, then unusable
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const process = createSystem().spawn();
   * const sem = process.semInit(3);
   * process.semDestroy(sem);
   * let code = "";
   * try { process.semGetValue(sem); } catch (error) { code = IpcError.is(error) ? error.code : ""; }
   * console.assert(code === "EINVAL");
   * ```
   */
  semDestroy(sem: Semaphore): void;
}

/** Shorthand for a semaphore clause's fixed fields. */
type SemClause = Omit<Clause, "mechanism"> & { readonly mechanism?: "sem" };

function semClauses(list: readonly SemClause[]): readonly Clause[] {
  return Object.freeze(list.map((clause) => Object.freeze({ ...clause, mechanism: "sem" as const })));
}

/**
 * The clauses of POSIX semaphores. IDs are stable and never reused.
 *
 * @example Find the rule of a post with waiters
 * ```ts
 * import { SEM_CLAUSES } from "ipckit/spec";
 * console.assert(SEM_CLAUSES.some((clause) => clause.id === "SEM-BLK-2" && clause.category === "blocking"));
 * ```
 */
export const SEM_CLAUSES: readonly Clause[] = semClauses([
  // Ordering
  {
    id: "SEM-ORD-1",
    category: "ordering",
    level: "extended",
    rule: "Waits pending on a semaphore are served in the order they started waiting: each post gives its unit to the wait that has waited longest.",
    source: "POSIX sem_post (under SCHED_FIFO or SCHED_RR, the highest-priority, longest-waiting thread); sem_post(3)",
    choice: "POSIX orders waiters only under priority scheduling, and Linux futexes promise no order; processes here have no scheduling priority, so ipckit serves them first come, first served.",
    catalogue: ["SEM-05"],
  },
  // Blocking
  {
    id: "SEM-BLK-1",
    category: "blocking",
    level: "core",
    rule: "semWait on a positive value decrements it by one and resolves at once, and on a value of 0 stays pending until a post gives it a unit.",
    source: "sem_wait(3) (if the value is greater than zero, the decrement proceeds and the function returns immediately; otherwise the call blocks)",
    catalogue: ["SEM-01"],
  },
  {
    id: "SEM-BLK-2",
    category: "blocking",
    level: "core",
    rule: "A post while waits are pending wakes exactly one of them, which completes its decrement, so the value stays 0 and the other waits stay pending.",
    source: "sem_post(3); POSIX sem_post (one of the threads blocked is allowed to return successfully from its call)",
    catalogue: ["SEM-04"],
  },
  {
    id: "SEM-BLK-3",
    category: "blocking",
    level: "core",
    rule: "Aborting a pending wait rejects it with ECANCELED and takes no unit, and no unit is lost: a post made after the abort goes to the next pending wait or to the value.",
    source: "sem_wait(3) EINTR; signal(7) Interruption of system calls (analogue)",
    choice: "Abort is ipckit's JavaScript form of interruption, with its own code ECANCELED, as for pipes (PIPE-BLK-4); a post that reached the wait before the abort has given it its unit, and the wait resolves.",
    catalogue: ["SEM-12"],
  },
  {
    id: "SEM-BLK-4",
    category: "blocking",
    level: "core",
    rule: "semWait called with an already aborted signal rejects with ECANCELED and takes no unit, even when the value is positive.",
    source: "DOM Standard, AbortSignal (the web platform's convention)",
    choice: "POSIX has no counterpart; ipckit follows the web platform, as for pipes (PIPE-BLK-6).",
  },
  {
    id: "SEM-BLK-5",
    category: "blocking",
    level: "core",
    rule: "semGetValue returns the value, which is 0 while waits are pending, never a negative count of the waits.",
    source: "sem_getvalue(3); POSIX sem_getvalue (a zero or a negative number whose absolute value is the count of waiters)",
    choice: "POSIX allows either 0 or minus the number of waiters; ipckit follows Linux, which returns 0.",
    catalogue: ["SEM-08"],
  },
  {
    id: "SEM-BLK-6",
    category: "blocking",
    level: "core",
    rule: "A signal handler run by a process while its semWait (timed or not) waits ends the wait with EINTR, unless restart applies (SEM-BLK-7), having taken no unit, and no unit is lost: a post made afterwards goes to the next pending wait or to the value.",
    source: "sem_wait(3) EINTR; signal(7) Interruption of system calls by signal handlers",
    catalogue: ["SEM-12", "SIG-12"],
  },
  {
    id: "SEM-BLK-7",
    category: "blocking",
    level: "core",
    rule: "A semWait (timed or not) that a handler installed with restart (SA_RESTART) interrupts goes on waiting in its place, with its deadline unchanged, and takes the next post it is due as if no signal had come.",
    source: "signal(7) (sem_wait and sem_timedwait are restarted after a handler with SA_RESTART since Linux 2.6.22)",
    choice: "POSIX says only that a handler interrupting sem_wait makes it fail EINTR; ipckit follows Linux since 2.6.22, which restarts both forms under SA_RESTART (before, they always failed EINTR), sem_timedwait with the same absolute deadline. Linux re-enters a restarted wait behind the others; ipckit leaves it where it waited.",
    catalogue: ["SEM-12", "SIG-12"],
  },
  // Non-blocking
  {
    id: "SEM-NB-1",
    category: "nonblocking",
    level: "core",
    rule: "semTryWait on a positive value decrements it by one, and on a value of 0 fails with EAGAIN and changes nothing.",
    source: "sem_trywait(3) EAGAIN",
    catalogue: ["SEM-02"],
  },
  {
    id: "SEM-NB-2",
    category: "nonblocking",
    level: "core",
    rule: "semTryWait, semPost, semGetValue and the other calls but semWait complete synchronously: they return or throw, and never return a promise or wait.",
    source: "sem_trywait(3); sem_post(3) (async-signal-safe); sem_getvalue(3)",
  },
  // Timeouts
  {
    id: "SEM-TMO-1",
    category: "timeout",
    level: "core",
    rule: "A semWait given a deadline that must wait fails with ETIMEDOUT, having taken no unit, once the deadline passes, or at once when it has passed already; until then it stays pending and is served by a post as an untimed wait would be.",
    source: "sem_timedwait(3) ETIMEDOUT (abs_timeout is absolute, on CLOCK_REALTIME)",
    choice: "The deadline is in milliseconds on the clock of Date.now(), the JavaScript analogue of CLOCK_REALTIME.",
    catalogue: ["SEM-03"],
  },
  {
    id: "SEM-TMO-2",
    category: "timeout",
    level: "core",
    rule: "A semWait that can decrement at once does so even when its deadline has passed.",
    source: "sem_timedwait(3) (if the decrement can be performed immediately, sem_timedwait never fails with a timeout error)",
    catalogue: ["SEM-03"],
  },
  {
    id: "SEM-TMO-3",
    category: "timeout",
    level: "core",
    rule: "A deadline that is not a finite number of at least 0 (NaN, negative, infinite or not a number) fails with EINVAL and takes no unit, even when the wait could decrement at once.",
    source: "sem_timedwait(3) EINVAL; glibc sem_clockwait (observed: checked before the decrement)",
    choice: "sem_timedwait(3) says the deadline is not checked when the decrement can happen at once, but glibc checks it first, as ipckit does for message queues (MQ-TMO-3), so that a bad deadline never goes unnoticed.",
    catalogue: ["SEM-03"],
  },
  // Capacity
  {
    id: "SEM-CAP-1",
    category: "capacity",
    level: "core",
    rule: "semPost at SEM_VALUE_MAX (2147483647) fails with EOVERFLOW and leaves the value unchanged.",
    source: "sem_post(3) EOVERFLOW",
    choice: "POSIX lists no error for it; ipckit follows glibc, musl and FreeBSD.",
    catalogue: ["SEM-06"],
  },
  {
    id: "SEM-CAP-2",
    category: "capacity",
    level: "core",
    rule: "An initial value, given to semInit or to semOpen, that is not an integer from 0 to SEM_VALUE_MAX fails with EINVAL and creates nothing.",
    source: "sem_init(3) EINVAL; sem_open(3) EINVAL (value was greater than SEM_VALUE_MAX)",
    choice: "C takes an unsigned int; ipckit rejects negative, fractional and non-numeric values instead of converting them, and checks semOpen's value on every call, as it checks every option (SEM-ERR-2).",
    catalogue: ["SEM-07"],
  },
  // Atomicity
  {
    id: "SEM-ATOM-1",
    category: "atomicity",
    level: "core",
    rule: "The value never goes below 0 and changes by exactly one unit per successful post or decrement, so that under any interleaving the units taken never exceed the initial value plus the posts and none is lost.",
    source: "sem_overview(7); sem_wait(3); sem_post(3)",
    catalogue: ["SEM-01"],
  },
  // Errors
  {
    id: "SEM-ERR-1",
    category: "errors",
    level: "core",
    rule: "A semaphore argument that is not a semaphore of the implementation (null, a number, a plain object, a mutex) fails with EINVAL in every call that takes one.",
    source: "sem_wait(3) EINVAL; sem_post(3) EINVAL; sem_getvalue(3); sem_destroy(3) EINVAL (sem is not a valid semaphore)",
  },
  {
    id: "SEM-ERR-2",
    category: "errors",
    level: "core",
    rule: "Options that are not an object, a signal that is not an AbortSignal, a create or exclusive flag that is not a boolean, or a mode that is not an integer from 0 to 0o777 fail with EINVAL and change, open and create nothing.",
    source: "sem_open(3) EINVAL; sem_wait(3) (EFAULT for a bad pointer)",
    choice: "C masks the mode and the flags to their bits; ipckit rejects what is not a plain value instead of masking it, as for message queues (MQ-ERR-9).",
  },
  {
    id: "SEM-ERR-3",
    category: "errors",
    level: "core",
    rule: "A name that is not a string, does not begin with \"/\", is \"/\" alone, or holds another \"/\" or a NUL fails with EINVAL, and one of more than 251 bytes in UTF-8 after the \"/\" fails with ENAMETOOLONG, in semOpen and semUnlink alike.",
    source: "sem_overview(7) Named semaphores (up to NAME_MAX-4, 251, characters after an initial slash, none of them slashes); sem_open(3) EINVAL, ENAMETOOLONG",
    choice: "POSIX leaves names with more slashes implementation-defined and glibc strips extra leading slashes; ipckit takes exactly one leading slash and rejects any other, as glibc does inside a name, and uses ENAMETOOLONG for every name too long (glibc gives EINVAL from 254 bytes).",
  },
  {
    id: "SEM-ERR-4",
    category: "errors",
    level: "core",
    rule: "semDestroy of a named semaphore and semClose of an unnamed one fail with EINVAL and change nothing.",
    source: "sem_destroy(3) (only an unnamed semaphore); sem_close(3) (only a named one)",
    choice: "POSIX leaves both undefined; ipckit reports them as invalid semaphores.",
  },
  // Lifecycle
  {
    id: "SEM-LIFE-1",
    category: "lifecycle",
    level: "core",
    rule: "semInit makes a new unnamed semaphore with the value given, shared by every process it is handed to: a post by one process serves a wait by another.",
    source: "sem_init(3) (pshared nonzero: shared between processes, in shared memory)",
    choice: "Processes here share JavaScript objects, so handing the semaphore over stands for placing it in memory the processes share; every unnamed semaphore is process-shared.",
  },
  {
    id: "SEM-LIFE-2",
    category: "lifecycle",
    level: "core",
    rule: "semDestroy of an unnamed semaphore with no pending wait succeeds, and every later call on it, semDestroy included, fails with EINVAL.",
    source: "sem_destroy(3) (using a destroyed semaphore is undefined)",
    choice: "POSIX leaves later use undefined; ipckit reports it as an invalid semaphore.",
    catalogue: ["SEM-11"],
  },
  {
    id: "SEM-LIFE-3",
    category: "lifecycle",
    level: "core",
    rule: "semDestroy while waits are pending fails with EBUSY and leaves the semaphore and its waits as they were.",
    source: "sem_destroy(3) (destroying a semaphore other threads are blocked on is undefined); FreeBSD sem_destroy EBUSY",
    choice: "POSIX leaves it undefined; ipckit refuses with EBUSY, as the BSDs do.",
    catalogue: ["SEM-11"],
  },
  {
    id: "SEM-LIFE-4",
    category: "lifecycle",
    level: "core",
    rule: "semOpen of a name that does not exist fails with ENOENT without create, and with create makes a new named semaphore with the value given (0 by default).",
    source: "sem_open(3) ENOENT, O_CREAT",
    catalogue: ["SEM-09"],
  },
  {
    id: "SEM-LIFE-5",
    category: "lifecycle",
    level: "core",
    rule: "With create and exclusive, semOpen of an existing name fails with EEXIST, before any permission check, while with create alone it opens the existing semaphore as it is, ignoring the mode and value given, and exclusive without create is ignored.",
    source: "sem_open(3) EEXIST, O_CREAT, O_EXCL",
    choice: "POSIX leaves O_EXCL without O_CREAT undefined; ipckit follows glibc, which ignores it.",
    catalogue: ["SEM-09"],
  },
  {
    id: "SEM-LIFE-6",
    category: "lifecycle",
    level: "core",
    rule: "semUnlink removes the name at once: later opens without create fail with ENOENT and a later create makes a new, distinct semaphore, while the processes that have the old one open keep using it.",
    source: "sem_unlink(3) (the name is removed immediately; the semaphore is destroyed once all other processes that have it open close it)",
    catalogue: ["SEM-10"],
  },
  {
    id: "SEM-LIFE-7",
    category: "lifecycle",
    level: "core",
    rule: "semUnlink of a name that no semaphore has fails with ENOENT.",
    source: "sem_unlink(3) ENOENT",
    catalogue: ["SEM-10"],
  },
  {
    id: "SEM-LIFE-8",
    category: "lifecycle",
    level: "core",
    rule: "A named semaphore keeps its value while no process has it open, until it is unlinked: closing every open and opening it again finds the same value.",
    source: "sem_overview(7) (named semaphores have kernel persistence); sem_close(3)",
  },
  {
    id: "SEM-LIFE-9",
    category: "lifecycle",
    level: "core",
    rule: "A process may use a named semaphore only while it has it open: every semOpen counts, and once the process has called semClose as often as semOpen its calls on the semaphore, semClose included, fail with EINVAL, while other processes' use is unaffected.",
    source: "sem_close(3); glibc sem_open, sem_close (a per-process count of opens of each semaphore)",
    choice: "POSIX leaves using a closed semaphore undefined; ipckit counts opens per process as glibc does, and reports a semaphore the caller does not have open as invalid.",
  },
  {
    id: "SEM-LIFE-10",
    category: "lifecycle",
    level: "extended",
    rule: "fork gives the child its own opens of the named semaphores the parent has open: the child may use them, and keeps them after the parent closes its own.",
    source: "sem_overview(7); fork(2) (the child inherits the parent's open named semaphores)",
  },
  {
    id: "SEM-LIFE-11",
    category: "lifecycle",
    level: "extended",
    rule: "A pending wait of a process that has exited is never served: a post made afterwards goes to the next waiting process or to the value.",
    source: "_exit(2); sem_wait(3) (a killed waiter takes nothing)",
    choice: "A process killed in sem_wait takes no unit; ipckit's exit (or termination by a signal) behaves alike: the pending wait ends with its process, rejecting EINTR, which no one is left to see, as for System V queues (MSG-LIFE-8).",
  },
  // Permission
  {
    id: "SEM-PERM-1",
    category: "permission",
    level: "core",
    rule: "Opening an existing named semaphore needs both read and write permission by the one permission rule (root always, else the owner, group or other bits, whichever class matches first), and fails with EACCES otherwise.",
    source: "sem_open(3) EACCES; glibc sem_open (opens the semaphore O_RDWR)",
    choice: "sem_open(3) does not say which permission is needed; glibc opens the semaphore for reading and writing, so both are, as in ipckit.",
    catalogue: ["SEM-09"],
  },
  {
    id: "SEM-PERM-2",
    category: "permission",
    level: "core",
    rule: "A new named semaphore is owned by the uid and gid of the process that created it, with the mode asked (0o600 by default) less that process's umask, and the creating call opens it whatever that mode.",
    source: "sem_open(3) (the permissions are set as for open(2), masked by the umask; the owner is the effective user and group)",
    choice: "sem_open requires a mode with O_CREAT; ipckit defaults to 0o600, as for message queues.",
    catalogue: ["SEM-09"],
  },
  {
    id: "SEM-PERM-3",
    category: "permission",
    level: "core",
    rule: "Only the owner of a named semaphore or root may unlink it: any other process fails with EPERM and the name stays.",
    source: "sem_unlink(3) EACCES; Linux /dev/shm (a sticky directory: unlink(2) EPERM)",
    choice: "POSIX names EACCES; Linux keeps named semaphores in the sticky directory /dev/shm, so only the owner or a privileged process may remove one and others get EPERM; ipckit follows Linux, as for FIFOs (FIFO-PERM-4) and message queues (MQ-PERM-3).",
  },
]);
