/**
 * The reference POSIX semaphores: a transcription of the clauses in
 * `spec/sem.ts`. Every step that enforces a clause cites its ID.
 *
 * Two layers, as in a kernel:
 *
 * - The calls ({@link semInit}, {@link semOpen}, {@link semClose},
 *   {@link semUnlink}, {@link semWait}, {@link semTryWait}, {@link semPost},
 *   {@link semGetValue}, {@link semDestroy}) are what `ReferenceProcess`
 *   delegates to. They check that the caller is alive, then the name or the
 *   semaphore ({@link requireSemaphore}), then every other argument, before
 *   anything changes; then they call the semaphore.
 * - The {@link ReferenceSemaphore} is one semaphore: its value, the waits
 *   pending on it (in the one `WaitQueue` every blocking call uses) and, for
 *   a named one, its name, owner and mode, and which processes have it open.
 *
 * Named semaphores live in a namespace of their own, the one `Namespace`
 * every named object uses, kept under the key {@link SEM_STATE_KEY} of the
 * system's state; every open is checked by the one permission rule
 * (`requireAccess`). Each open of a named semaphore is a descriptor in the
 * opening process's table, so that `fork` gives the child its own opens and
 * `exit` closes them (SEM-LIFE-10).
 *
 * Everything is synchronous except waiting. A post that finds waits pending
 * does the waiting call's work itself before it returns: it hands its unit
 * straight to the wait that has waited longest, which resolves. So waits are
 * pending only while the value is 0, a wait that finds a positive value
 * takes a unit at once without overtaking anybody, and `semGetValue` reads
 * 0 while waits are pending (SEM-BLK-5).
 *
 * Choices where the clauses are silent:
 *
 * - The checks run in this order, the first failing one deciding the error:
 *   the caller has exited (`ESRCH`); the name (`EINVAL`, `ENAMETOOLONG`) or
 *   the semaphore (`EINVAL`: not a semaphore, destroyed, a named one the
 *   caller does not have open); the other arguments (`EINVAL`); an aborted
 *   signal (`ECANCELED`); then the state (`EEXIST`, `EACCES`, `ENOENT`,
 *   `EPERM`, `EAGAIN`, `EOVERFLOW`, `EBUSY`, `ETIMEDOUT`, or waiting).
 * - A wait stays pending when its process closes the semaphore (it already
 *   entered the wait); only later calls fail `EINVAL`.
 * - semOpen returns the same object to every process that opens the same
 *   semaphore, and counts each process's opens (as glibc counts the opens
 *   of each mapping); after `semUnlink` a create makes a new object.
 * - A wait that completes at once returns one shared, already resolved
 *   promise: it allocates nothing.
 * - A pending wait is registered with its caller (the wait queue's
 *   `blocker`): a handler the caller runs interrupts it with `EINTR`
 *   (SEM-BLK-6) unless the handler has `restart` (SEM-BLK-7), and the
 *   caller's end interrupts it too, so the wait of a process that has
 *   exited leaves the queue at once: no post serves it, and `semDestroy`
 *   does not count it (SEM-LIFE-11).
 *
 * @module
 */

import { ROOT_UID } from "../spec/constants.ts";
import { IpcError } from "../spec/errors.ts";
import { PERMISSION_BITS } from "../spec/namespace.ts";
import type { Ownership } from "../spec/namespace.ts";
import { SEM_NAME_MAX, SEM_VALUE_MAX } from "../spec/sem.ts";
import type { SemOpenOptions, SemWaitOptions, Semaphore } from "../spec/sem.ts";
import { parseBlocking } from "./base/blocking.ts";
import { timedOut } from "./base/deadline.ts";
import { Namespace, creationMode, requireAccess } from "./base/namespace.ts";
import type { Descriptor, ProcessCore } from "./kernel/process.ts";
import { StateKey } from "./base/state-key.ts";
import { describeType, requireIntegerInRange, requireOptionalObject, requirePosixName } from "./base/validate.ts";
import type { PosixNameRules } from "./base/validate.ts";
import { WaitQueue } from "./base/wait-queue.ts";
import { canceled } from "./base/interrupt.ts";

/** The key of a system's namespace of named semaphores. */
export const SEM_STATE: StateKey<Namespace<string, ReferenceSemaphore>> = new StateKey("sem", () => new Namespace<string, ReferenceSemaphore>());

/** The mode of a named semaphore created without one (SEM-PERM-2). */
const DEFAULT_SEM_MODE = 0o600;

/** What every wait that completes at once returns: one promise, allocated once. */
const TAKEN: Promise<void> = Promise.resolve();

/** How semaphore names are checked (SEM-ERR-3): every malformation EINVAL; "/." and "/.." allowed. */
const SEM_NAME_RULES: PosixNameRules = { noun: "a semaphore name", maxBytes: SEM_NAME_MAX, empty: "EINVAL", nested: "EINVAL", dots: undefined };

/** What a pending wait carries while it waits. */
interface PendingWait {
  /** The waiting process (SEM-LIFE-11). */
  readonly caller: ProcessCore;
}

/** What makes a semaphore named: its name, and its owner and mode (SEM-PERM-2). */
export interface NamedSemInit {
  /** The name, already checked (SEM-ERR-3). */
  readonly name: string;
  /** The creator's uid and gid, and the mode less the creator's umask. */
  readonly ownership: Ownership;
}

/**
 * A system's namespace of named semaphores, made on first use.
 *
 * @param system - the system
 * @returns its namespace, from names to semaphores
 *
 * @example An unlinked name is gone from the namespace
 * ```ts
 * import { createSystem, semNamespaceOf } from "ipckit/reference";
 * const system = createSystem();
 * const process = system.spawn();
 * process.semOpen("/gone", { create: true });
 * process.semUnlink("/gone");
 * console.assert(semNamespaceOf(system).lookup("/gone") === undefined);
 * ```
 */
export function semNamespaceOf(system: object): Namespace<string, ReferenceSemaphore> {
  return SEM_STATE.of(system);
}

/**
 * Returns `value` when it is a well-formed semaphore name (SEM-ERR-3): a
 * string of `"/"` followed by 1 to `SEM_NAME_MAX` (251) bytes in UTF-8,
 * none of them `"/"` or NUL (`"/."` and `"/.."` are names like any other).
 * Malformed names are checked before lengths.
 *
 * @param value - the argument
 * @param syscall - the operation, for the error
 * @returns `value`, typed as a string
 * @throws {IpcError} `EINVAL` when `value` is not a string or is malformed;
 *   `ENAMETOOLONG` when it is too long
 *
 * @example Good and bad names
 * ```ts
 * import { requireSemName } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * console.assert(requireSemName("/ready", "sem_open") === "/ready");
 * let slash = false;
 * try { requireSemName("/a/b", "sem_open"); } catch (error) { slash = IpcError.is(error, "EINVAL"); }
 * let long = false;
 * try { requireSemName("/" + "s".repeat(252), "sem_open"); } catch (error) { long = IpcError.is(error, "ENAMETOOLONG"); }
 * console.assert(slash && long);
 * ```
 */
export function requireSemName(value: unknown, syscall: string): string {
  // SEM-ERR-3: a string, "/" and at least one more byte, no other "/", no NUL
  // (EINVAL); at most SEM_NAME_MAX bytes after the "/" (ENAMETOOLONG).
  return requirePosixName(value, syscall, SEM_NAME_RULES);
}

/** {@link SemOpenOptions} after checking, with the defaults filled in. */
export interface CheckedSemOpenOptions {
  /** `O_CREAT`. */
  readonly create: boolean;
  /** `O_EXCL`. */
  readonly exclusive: boolean;
  /** The permission bits asked for a new semaphore, before the umask. */
  readonly mode: number;
  /** The value asked for a new semaphore. */
  readonly value: number;
}

/**
 * Checks `semOpen`'s options, every field on every call, and fills in the
 * defaults: no flags, mode `0o600`, value 0 (SEM-ERR-2, SEM-CAP-2).
 *
 * @param options - the argument
 * @param syscall - the operation, for the error
 * @returns the options, checked
 * @throws {IpcError} `EINVAL` when `options` is not an object, a flag is not
 *   a boolean, the mode is not an integer from 0 to 0o777 (SEM-ERR-2) or the
 *   value not an integer from 0 to `SEM_VALUE_MAX` (SEM-CAP-2)
 *
 * @example The defaults, and a bad value
 * ```ts
 * import { requireSemOpenOptions } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const checked = requireSemOpenOptions(undefined, "sem_open");
 * console.assert(!checked.create && checked.mode === 0o600 && checked.value === 0);
 * let bad = false;
 * try { requireSemOpenOptions({ create: true, value: -1 }, "sem_open"); } catch (error) { bad = IpcError.is(error, "EINVAL"); }
 * console.assert(bad);
 * ```
 */
export function requireSemOpenOptions(options: unknown, syscall: string): CheckedSemOpenOptions {
  // SEM-ERR-2: an object, when given.
  const checked = requireOptionalObject(options, syscall, "options");
  const flag = (field: "create" | "exclusive"): boolean => {
    const value = checked?.[field];
    if (value === undefined) return false;
    // SEM-ERR-2: flags are booleans.
    if (typeof value !== "boolean") {
      throw new IpcError("EINVAL", syscall, { detail: `options.${field} must be a boolean, got ${describeType(value)}` });
    }
    return value;
  };
  const create = flag("create");
  const exclusive = flag("exclusive");
  // SEM-ERR-2: a plain permission mode.
  const mode = checked?.["mode"] === undefined ? DEFAULT_SEM_MODE : requireIntegerInRange(checked["mode"], 0, PERMISSION_BITS, syscall, "options.mode");
  // SEM-CAP-2: a value from 0 to SEM_VALUE_MAX, checked whether or not it is used.
  const value = checked?.["value"] === undefined ? 0 : requireIntegerInRange(checked["value"], 0, SEM_VALUE_MAX, syscall, "options.value");
  return { create, exclusive, mode, value: value + 0 };
}

/**
 * Returns `value` when the caller may use it as a semaphore: a semaphore of
 * this implementation (SEM-ERR-1), not destroyed (SEM-LIFE-2), and, when
 * named, open in the caller (SEM-LIFE-9).
 *
 * @param value - the argument
 * @param caller - the process making the call
 * @param syscall - the operation, for the error
 * @returns the semaphore
 * @throws {IpcError} `EINVAL` when it is not such a semaphore
 *
 * @example A plain object is not a semaphore
 * ```ts
 * import { createSystem, requireSemaphore } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const process = createSystem().spawn();
 * const sem = process.semInit(1);
 * console.assert(requireSemaphore(sem, process, "sem_post") === sem);
 * let bad = false;
 * try { requireSemaphore({ name: undefined }, process, "sem_post"); } catch (error) { bad = IpcError.is(error, "EINVAL"); }
 * console.assert(bad);
 * ```
 */
export function requireSemaphore(value: unknown, caller: ProcessCore, syscall: string): ReferenceSemaphore {
  // SEM-ERR-1: a semaphore of this implementation.
  if (!ReferenceSemaphore.is(value)) {
    throw new IpcError("EINVAL", syscall, { detail: `not a semaphore: ${describeType(value)}` });
  }
  // SEM-LIFE-2: a destroyed semaphore is no longer one.
  if (value.destroyed) throw new IpcError("EINVAL", syscall, { detail: "the semaphore was destroyed" });
  // SEM-LIFE-9: a named semaphore is usable only by the processes that have it open.
  if (value.name !== undefined && value.opensIn(caller) === 0) {
    throw new IpcError("EINVAL", syscall, { path: value.name, detail: `process ${caller.pid} does not have the semaphore open` });
  }
  return value;
}

/**
 * One open of a named semaphore, as a descriptor in the opening process's
 * table: `fork` duplicates it into the child and `exit` closes it
 * (SEM-LIFE-10).
 */
class SemOpening implements Descriptor {
  readonly #semaphore: ReferenceSemaphore;
  readonly #owner: ProcessCore;
  readonly #release: (opening: SemOpening) => void;
  #closed = false;

  constructor(semaphore: ReferenceSemaphore, owner: ProcessCore, release: (opening: SemOpening) => void) {
    this.#semaphore = semaphore;
    this.#owner = owner;
    this.#release = release;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get owner(): ProcessCore {
    return this.#owner;
  }

  dupInto(child: ProcessCore): Descriptor {
    if (this.#closed) throw new IpcError("EBADF", "fork", { detail: "the semaphore's open is closed" });
    // SEM-LIFE-10: the child gets the parent's open named semaphores.
    return this.#semaphore.attach(child);
  }

  close(): void {
    if (this.#closed) throw new IpcError("EBADF", "sem_close", { detail: "the semaphore's open is already closed" });
    this.#closed = true;
    this.#owner.removeDescriptor(this);
    this.#release(this);
  }
}

/**
 * One semaphore, unnamed or named: the reference implementation of
 * `Semaphore` (from `ipckit/spec`). Made by `IpcProcess.semInit` and
 * `IpcProcess.semOpen`; the calls of `SemApi` check their arguments and
 * call its methods, which are the semaphore-level halves of `sem_wait(3)`,
 * `sem_post(3)` and the rest and are not meant to be called directly. The
 * getters are for inspection.
 *
 * @example Inspect a semaphore with a pending wait
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const process = createSystem().spawn();
 * const sem = process.semInit(0);
 * void process.semWait(sem);
 * console.assert(sem.value === 0 && sem.pendingWaits === 1 && sem.name === undefined);
 * ```
 */
export class ReferenceSemaphore implements Semaphore {
  /** The name it was opened by, for a named semaphore; `undefined` for an unnamed one. */
  readonly name: string | undefined;
  /** The owner and mode of a named semaphore (SEM-PERM-1, SEM-PERM-2, SEM-PERM-3). */
  readonly #ownership: Ownership | undefined;
  /** The value: never below 0 (SEM-ATOM-1), at most SEM_VALUE_MAX (SEM-CAP-1), 0 while waits are pending. */
  #value: number;
  /** Waits pending on the value 0, first come first served (SEM-ORD-1). */
  readonly #waits = new WaitQueue<PendingWait, void>();
  /** Set by semDestroy (SEM-LIFE-2). */
  #destroyed = false;
  /** Each process's opens of a named semaphore (SEM-LIFE-9). */
  readonly #opens = new Map<ProcessCore, SemOpening[]>();

  /**
   * Makes the semaphore object. `semInit` and `semOpen` call it, with a
   * value already checked (SEM-CAP-2); a named semaphore is then bound in the
   * namespace and opened.
   *
   * @param value - the initial value, an integer from 0 to `SEM_VALUE_MAX`
   * @param named - the name and the owner and mode of a named semaphore; absent for an unnamed one
   *
   * @example An unnamed semaphore
   * ```ts
   * import { ReferenceSemaphore } from "ipckit/reference";
   * const sem = new ReferenceSemaphore(2);
   * console.assert(sem.value === 2 && sem.name === undefined && sem.ownership === undefined);
   * ```
   */
  constructor(value: number, named?: NamedSemInit) {
    this.#value = value;
    this.name = named?.name;
    this.#ownership = named?.ownership;
  }

  /**
   * Whether a value is a semaphore made by this class (a brand check on its
   * private state, which a look-alike object or one made with
   * `Object.create` does not pass).
   *
   * @param value - anything
   * @returns `true` for a `ReferenceSemaphore`
   *
   * @example Look-alikes are not semaphores
   * ```ts
   * import { ReferenceSemaphore } from "ipckit/reference";
   * console.assert(ReferenceSemaphore.is(new ReferenceSemaphore(0)));
   * console.assert(!ReferenceSemaphore.is({ name: undefined }) && !ReferenceSemaphore.is(Object.create(ReferenceSemaphore.prototype)));
   * ```
   */
  static is(value: unknown): value is ReferenceSemaphore {
    return typeof value === "object" && value !== null && #waits in value;
  }

  /**
   * The value (SEM-BLK-5).
   *
   * @returns the value, 0 while waits are pending
   *
   * @example The value after a post
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const sem = process.semInit(0);
   * process.semPost(sem);
   * console.assert(sem.value === 1);
   * ```
   */
  get value(): number {
    return this.#value;
  }

  /**
   * The number of waits pending (an exited process has none: SEM-LIFE-11).
   *
   * @returns the count
   *
   * @example Two pending waits
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const sem = process.semInit(0);
   * void process.semWait(sem);
   * void process.semWait(sem);
   * console.assert(sem.pendingWaits === 2);
   * ```
   */
  get pendingWaits(): number {
    return this.#waits.size;
  }

  /**
   * Whether `semDestroy` destroyed it (SEM-LIFE-2).
   *
   * @returns `true` once destroyed
   *
   * @example Destroyed
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const sem = process.semInit(0);
   * process.semDestroy(sem);
   * console.assert(sem.destroyed);
   * ```
   */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /**
   * The owner and mode of a named semaphore.
   *
   * @returns the ownership, or `undefined` for an unnamed semaphore
   *
   * @example The umask clears bits from the mode
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn({ uid: 1000, gid: 100 });
   * const sem = process.semOpen("/s", { create: true, mode: 0o666 });
   * console.assert(sem.ownership?.uid === 1000 && sem.ownership.gid === 100 && sem.ownership.mode === 0o644);
   * ```
   */
  get ownership(): Ownership | undefined {
    return this.#ownership;
  }

  /**
   * How many times `holder` has this named semaphore open (SEM-LIFE-9).
   *
   * @param holder - a process
   * @returns its count of opens not yet closed; 0 for an unnamed semaphore
   *
   * @example Opened twice, closed once
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const sem = process.semOpen("/twice", { create: true });
   * process.semOpen("/twice");
   * process.semClose(sem);
   * console.assert(sem.opensIn(process) === 1);
   * ```
   */
  opensIn(holder: ProcessCore): number {
    return this.#opens.get(holder)?.length ?? 0;
  }

  /**
   * Opens this named semaphore once more in `holder` (the step of
   * `semOpen` after its checks, and of `fork`): a descriptor in the
   * process's table, which `semClose` or `exit` closes (SEM-LIFE-9,
   * SEM-LIFE-10).
   *
   * @param holder - the process that opens it
   * @returns the open, as a descriptor
   * @throws {IpcError} `ESRCH` when `holder` has exited; `EINVAL` for an unnamed semaphore
   *
   * @example Open a named semaphore in another process, checks skipped
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const sem = system.spawn().semOpen("/s", { create: true });
   * const other = system.spawn({ uid: 1000 });
   * sem.attach(other);
   * console.assert(sem.opensIn(other) === 1 && other.descriptors.length === 1);
   * ```
   */
  attach(holder: ProcessCore): Descriptor {
    if (this.name === undefined) throw new IpcError("EINVAL", "sem_open", { detail: "an unnamed semaphore is not opened" });
    const opening = new SemOpening(this, holder, (closed) => this.#release(closed));
    // SEM-LIFE-10: a descriptor in the holder's table, duplicated by fork and closed by exit.
    holder.addDescriptor(opening);
    // SEM-LIFE-9: every open counts.
    const list = this.#opens.get(holder);
    if (list === undefined) this.#opens.set(holder, [opening]);
    else list.push(opening);
    return opening;
  }

  /**
   * Closes one of `holder`'s opens of this named semaphore (the
   * semaphore-level half of `sem_close(3)`).
   *
   * @param holder - the process closing it
   * @throws {IpcError} `EINVAL` when `holder` does not have it open (SEM-LIFE-9)
   *
   * @example Close the last open
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const sem = process.semOpen("/s", { create: true });
   * sem.detach(process);
   * console.assert(sem.opensIn(process) === 0 && process.descriptors.length === 0);
   * ```
   */
  detach(holder: ProcessCore): void {
    const opening = this.#opens.get(holder)?.at(-1);
    // SEM-LIFE-9: closing more often than opening is using a semaphore not open.
    if (opening === undefined) throw new IpcError("EINVAL", "sem_close", { detail: `process ${holder.pid} does not have the semaphore open` });
    opening.close();
  }

  /**
   * The semaphore's half of `sem_wait(3)` and `sem_timedwait(3)`: takes one
   * unit now, or waits for a post.
   *
   * @param caller - the waiting process
   * @param signal - stops the wait when it fires, not yet aborted
   * @param deadline - the timed form's deadline, already checked (SEM-TMO-3)
   * @returns a promise that resolves once the unit is taken
   * @throws {IpcError} (as a rejection) `ETIMEDOUT` (SEM-TMO-1), `ECANCELED`
   *   (SEM-BLK-3), `EINTR` when a handler of `caller` (SEM-BLK-6) or its end
   *   (SEM-LIFE-11) interrupts the wait
   *
   * @example The semaphore's wait takes a unit
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const sem = process.semInit(1);
   * await sem.wait(process, undefined, undefined);
   * console.assert(sem.value === 0);
   * ```
   */
  wait(caller: ProcessCore, signal: AbortSignal | undefined, deadline: number | undefined): Promise<void> {
    // SEM-BLK-1: a positive value: take one unit now (SEM-ATOM-1), and never
    // time out (SEM-TMO-2). Waits are pending only while the value is 0, so
    // this overtakes none of them (SEM-ORD-1).
    if (this.#value > 0) {
      this.#value -= 1;
      return TAKEN;
    }
    const syscall = deadline === undefined ? "sem_wait" : "sem_timedwait";
    // SEM-BLK-1: the value is 0: wait for a post, behind the waits already
    // pending (SEM-ORD-1). SEM-TMO-1: until the deadline, if any: the queue
    // fails the wait ETIMEDOUT once it passes (at once when it has passed
    // already), with no unit taken.
    const waiter = this.#waits.enqueue(
      { caller },
      {
        signal,
        // SEM-BLK-6: the caller is blocked in the wait, and a handler it runs
        // interrupts it; SEM-BLK-7: unless the handler has restart, which leaves
        // it waiting in its place, its deadline still running (Linux >= 2.6.22
        // restarts both forms). SEM-LIFE-11: the caller's end interrupts it too,
        // so the wait of an exited process leaves the queue at once, never served.
        blocker: caller,
        syscall,
        restart: "restart",
        // SEM-BLK-3, SEM-BLK-6: ECANCELED when aborted, EINTR when interrupted,
        // and no unit taken: a unit reaches a wait only as the wait resolves
        // (see post), so a later post goes to the next one.
        onAbort: (aborted, reason) => this.#waits.reject(aborted, canceled(syscall, reason)),
        deadline,
        expired: () => timedOut(syscall, "the deadline passed before a unit was posted"),
      },
    );
    return waiter.promise;
  }

  /**
   * The semaphore's half of `sem_trywait(3)`.
   *
   * @throws {IpcError} `EAGAIN` when the value is 0 (SEM-NB-1)
   *
   * @example Take the only unit
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const sem = createSystem().spawn().semInit(1);
   * sem.tryWait();
   * console.assert(sem.value === 0);
   * ```
   */
  tryWait(): void {
    // SEM-NB-1: at 0, EAGAIN and nothing changes (with waits pending the value
    // is 0, so tryWait never takes a unit ahead of them).
    if (this.#value === 0) throw new IpcError("EAGAIN", "sem_trywait", { detail: "the value is 0" });
    // SEM-NB-1, SEM-ATOM-1: one unit.
    this.#value -= 1;
  }

  /**
   * The semaphore's half of `sem_post(3)`.
   *
   * @throws {IpcError} `EOVERFLOW` at `SEM_VALUE_MAX` (SEM-CAP-1)
   *
   * @example A post wakes the pending wait
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const sem = process.semInit(0);
   * const pending = process.semWait(sem);
   * sem.post();
   * await pending;
   * console.assert(sem.value === 0 && sem.pendingWaits === 0);
   * ```
   */
  post(): void {
    // SEM-CAP-1: at SEM_VALUE_MAX, EOVERFLOW and the value stays. (A positive
    // value means no wait is pending, so there is nobody to hand the unit to.)
    if (this.#value === SEM_VALUE_MAX) {
      throw new IpcError("EOVERFLOW", "sem_post", { detail: `the value is SEM_VALUE_MAX (${SEM_VALUE_MAX})` });
    }
    // SEM-BLK-2: waits are pending: the unit goes to exactly one, which
    // completes its decrement, so the value stays 0; SEM-ORD-1: the one that
    // has waited longest.
    const head = this.#waits.peek();
    if (head !== undefined) {
      this.#waits.resolve(head, undefined);
      return;
    }
    // SEM-ATOM-1: nobody waits: the value grows by exactly one.
    this.#value += 1;
  }

  /**
   * The semaphore's half of `sem_destroy(3)`.
   *
   * @throws {IpcError} `EBUSY` while waits are pending (SEM-LIFE-3)
   *
   * @example Destroy an idle semaphore
   * ```ts
   * import { ReferenceSemaphore } from "ipckit/reference";
   * const sem = new ReferenceSemaphore(1);
   * sem.destroy();
   * console.assert(sem.destroyed);
   * ```
   */
  destroy(): void {
    // SEM-LIFE-3: waits are pending: EBUSY, and the semaphore and its waits stay.
    if (!this.#waits.isEmpty) {
      throw new IpcError("EBUSY", "sem_destroy", { detail: `${this.#waits.size} waits are pending` });
    }
    // SEM-LIFE-2: every later call fails EINVAL (requireSemaphore).
    this.#destroyed = true;
  }

  /** An open of `opening`'s process closed (semClose or exit). */
  #release(opening: SemOpening): void {
    const list = this.#opens.get(opening.owner);
    if (list === undefined) return;
    const index = list.lastIndexOf(opening);
    if (index !== -1) list.splice(index, 1);
    // SEM-LIFE-9: with its last open closed, the process may no longer use it;
    // SEM-LIFE-8: the semaphore and its value stay.
    if (list.length === 0) this.#opens.delete(opening.owner);
  }
}

/**
 * `sem_init(3)` as `caller`: the operation behind `ReferenceProcess.semInit`.
 *
 * @param caller - the process making the call
 * @param value - the initial value (SEM-CAP-2)
 * @returns the new unnamed semaphore (SEM-LIFE-1)
 * @throws {IpcError} `EINVAL` (SEM-CAP-2), `ESRCH` when `caller` has exited
 *
 * @example Values out of range
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const process = createSystem().spawn();
 * let bad = 0;
 * for (const value of [-1, 1.5, Number.NaN, 2 ** 31]) {
 *   try { process.semInit(value); } catch (error) { if (IpcError.is(error, "EINVAL")) bad += 1; }
 * }
 * console.assert(bad === 4 && process.semInit(2 ** 31 - 1).value === 2 ** 31 - 1);
 * ```
 */
export function semInit(caller: ProcessCore, value: number): ReferenceSemaphore {
  caller.requireAlive("sem_init");
  // SEM-CAP-2: an integer from 0 to SEM_VALUE_MAX (-0 counts as 0).
  const initial = requireIntegerInRange(value, 0, SEM_VALUE_MAX, "sem_init", "value") + 0;
  // SEM-LIFE-1: a new unnamed semaphore, usable by every process it is handed to.
  return new ReferenceSemaphore(initial);
}

/**
 * `sem_open(3)` as `caller`: the operation behind `ReferenceProcess.semOpen`.
 *
 * @param caller - the process making the call
 * @param name - the semaphore's name (SEM-ERR-3)
 * @param options - creation flags, mode and value (SEM-ERR-2, SEM-CAP-2)
 * @returns the semaphore, open once more in `caller`
 * @throws {IpcError} `EINVAL` (SEM-ERR-2, SEM-ERR-3, SEM-CAP-2),
 *   `ENAMETOOLONG` (SEM-ERR-3), `EEXIST` (SEM-LIFE-5), `EACCES` (SEM-PERM-1),
 *   `ENOENT` (SEM-LIFE-4), `ESRCH` when `caller` has exited
 *
 * @example Create, then open as it is
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const process = createSystem().spawn();
 * const made = process.semOpen("/s", { create: true, value: 3 });
 * const again = process.semOpen("/s", { create: true, value: 9 });
 * console.assert(again === made && process.semGetValue(again) === 3);
 * ```
 */
export function semOpen(caller: ProcessCore, name: string, options?: SemOpenOptions): ReferenceSemaphore {
  caller.requireAlive("sem_open");
  // SEM-ERR-3: a well-formed name.
  const path = requireSemName(name, "sem_open");
  // SEM-ERR-2, SEM-CAP-2: every option, whether or not the semaphore exists.
  const { create, exclusive, mode, value } = requireSemOpenOptions(options, "sem_open");
  const names = semNamespaceOf(caller.system);
  const existing = names.lookup(path);
  if (existing !== undefined) {
    // SEM-LIFE-5: create and exclusive: EEXIST, before any permission check.
    if (create && exclusive) throw new IpcError("EEXIST", "sem_open", { path, detail: "create and exclusive, and the name exists" });
    // SEM-PERM-1: read and write permission, by the one rule (root always).
    requireAccess(caller.credentials, existing.ownership as Ownership, "readwrite", "sem_open", path);
    // SEM-LIFE-5: opened as it is, the mode and value given ignored; SEM-LIFE-9: one more open.
    existing.attach(caller);
    return existing;
  }
  // SEM-LIFE-4: absent without create: ENOENT.
  if (!create) throw new IpcError("ENOENT", "sem_open", { path, detail: "no semaphore has this name" });
  // SEM-LIFE-4: a new semaphore with the value asked; SEM-PERM-2: owned by the
  // caller, its mode less the caller's umask, and open in the caller whatever the mode.
  const { uid, gid } = caller.credentials;
  const semaphore = new ReferenceSemaphore(value, { name: path, ownership: { uid, gid, mode: creationMode(mode, caller.currentUmask) } });
  names.bind(path, semaphore);
  semaphore.attach(caller);
  return semaphore;
}

/**
 * `sem_close(3)` as `caller`: the operation behind `ReferenceProcess.semClose`.
 *
 * @param caller - the process making the call
 * @param sem - a named semaphore open in `caller` (SEM-ERR-1, SEM-LIFE-9, SEM-ERR-4)
 * @throws {IpcError} `EINVAL` (SEM-ERR-1, SEM-ERR-4, SEM-LIFE-9), `ESRCH` when `caller` has exited
 *
 * @example Close leaves the value
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const process = createSystem().spawn();
 * process.semClose(process.semOpen("/kept", { create: true, value: 4 }));
 * console.assert(process.semGetValue(process.semOpen("/kept")) === 4);
 * ```
 */
export function semClose(caller: ProcessCore, sem: Semaphore): void {
  caller.requireAlive("sem_close");
  // SEM-ERR-1, SEM-LIFE-2, SEM-LIFE-9
  const semaphore = requireSemaphore(sem, caller, "sem_close");
  // SEM-ERR-4: an unnamed semaphore is never closed.
  if (semaphore.name === undefined) throw new IpcError("EINVAL", "sem_close", { detail: "an unnamed semaphore is destroyed, not closed" });
  // SEM-LIFE-9: one open fewer; SEM-LIFE-8: the semaphore and its value stay.
  semaphore.detach(caller);
}

/**
 * `sem_unlink(3)` as `caller`: the operation behind `ReferenceProcess.semUnlink`.
 *
 * @param caller - the process making the call
 * @param name - the name to remove (SEM-ERR-3)
 * @throws {IpcError} `ENOENT` (SEM-LIFE-7), `EPERM` (SEM-PERM-3), `EINVAL`,
 *   `ENAMETOOLONG` (SEM-ERR-3), `ESRCH` when `caller` has exited
 *
 * @example Another user may not unlink
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const system = createSystem();
 * system.spawn({ uid: 1000, gid: 100 }).semOpen("/s", { create: true, mode: 0o666 });
 * let refused = false;
 * try { system.spawn({ uid: 1001, gid: 100 }).semUnlink("/s"); } catch (error) { refused = IpcError.is(error, "EPERM"); }
 * system.spawn().semUnlink("/s"); // root may
 * console.assert(refused);
 * ```
 */
export function semUnlink(caller: ProcessCore, name: string): void {
  caller.requireAlive("sem_unlink");
  // SEM-ERR-3
  const path = requireSemName(name, "sem_unlink");
  const names = semNamespaceOf(caller.system);
  const semaphore = names.lookup(path);
  // SEM-LIFE-7: no such name.
  if (semaphore === undefined) throw new IpcError("ENOENT", "sem_unlink", { path, detail: "no semaphore has this name" });
  // SEM-PERM-3: only the owner or root (as in the sticky /dev/shm).
  const { uid } = caller.credentials;
  const owner = (semaphore.ownership as Ownership).uid;
  if (uid !== ROOT_UID && uid !== owner) {
    throw new IpcError("EPERM", "sem_unlink", { path, detail: `uid ${uid} is neither the owner (uid ${owner}) nor root` });
  }
  // SEM-LIFE-6: only the name goes; the processes that have the semaphore
  // open keep it, and a later create makes a new one.
  names.remove(path);
}

/**
 * `sem_wait(3)`, or `sem_timedwait(3)` with a deadline, as `caller`: the
 * operation behind `ReferenceProcess.semWait`.
 *
 * @param caller - the process making the call
 * @param sem - the semaphore (SEM-ERR-1)
 * @param options - a signal and a deadline (SEM-ERR-2, SEM-TMO-3)
 * @returns a promise that resolves once the unit is taken
 * @throws {IpcError} (as a rejection, never synchronously) `EINVAL`
 *   (SEM-ERR-1, SEM-ERR-2, SEM-TMO-3, SEM-LIFE-2, SEM-LIFE-9), `ETIMEDOUT`
 *   (SEM-TMO-1), `ECANCELED` (SEM-BLK-3, SEM-BLK-4), `EINTR` (SEM-BLK-6), `ESRCH`
 *
 * @example A deadline already passed does not stop a wait that can complete
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const process = createSystem().spawn();
 * const sem = process.semInit(1);
 * await process.semWait(sem, { deadline: 0 });
 * console.assert(process.semGetValue(sem) === 0);
 * ```
 */
export function semWait(caller: ProcessCore, sem: Semaphore, options?: SemWaitOptions): Promise<void> {
  try {
    caller.requireAlive("sem_wait");
    // SEM-ERR-1, SEM-LIFE-2, SEM-LIFE-9
    const semaphore = requireSemaphore(sem, caller, "sem_wait");
    // SEM-ERR-2: options an object, the signal an AbortSignal; SEM-TMO-3: the
    // deadline, checked even when the wait could complete at once.
    const { signal, deadline } = parseBlocking(options, "sem_wait", { deadline: "sem_timedwait" });
    // SEM-BLK-4: called with an aborted signal: ECANCELED, no unit taken.
    if (signal?.aborted === true) throw canceled(deadline === undefined ? "sem_wait" : "sem_timedwait", signal.reason);
    return semaphore.wait(caller, signal, deadline);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `sem_trywait(3)` as `caller`: the operation behind
 * `ReferenceProcess.semTryWait`. Synchronous: it returns or throws (SEM-NB-2).
 *
 * @param caller - the process making the call
 * @param sem - the semaphore (SEM-ERR-1)
 * @throws {IpcError} `EAGAIN` (SEM-NB-1), `EINVAL` (SEM-ERR-1, SEM-LIFE-2, SEM-LIFE-9), `ESRCH`
 *
 * @example Nothing to take
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const process = createSystem().spawn();
 * let empty = false;
 * try { process.semTryWait(process.semInit(0)); } catch (error) { empty = IpcError.is(error, "EAGAIN"); }
 * console.assert(empty);
 * ```
 */
export function semTryWait(caller: ProcessCore, sem: Semaphore): void {
  caller.requireAlive("sem_trywait");
  // SEM-ERR-1, SEM-LIFE-2, SEM-LIFE-9
  const semaphore = requireSemaphore(sem, caller, "sem_trywait");
  // SEM-NB-1, SEM-NB-2: no promise on any path.
  semaphore.tryWait();
}

/**
 * `sem_post(3)` as `caller`: the operation behind `ReferenceProcess.semPost`.
 * Synchronous: it returns or throws (SEM-NB-2).
 *
 * @param caller - the process making the call
 * @param sem - the semaphore (SEM-ERR-1)
 * @throws {IpcError} `EOVERFLOW` (SEM-CAP-1), `EINVAL` (SEM-ERR-1, SEM-LIFE-2, SEM-LIFE-9), `ESRCH`
 *
 * @example At the largest value
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const process = createSystem().spawn();
 * const sem = process.semInit(2 ** 31 - 1);
 * let overflow = false;
 * try { process.semPost(sem); } catch (error) { overflow = IpcError.is(error, "EOVERFLOW"); }
 * console.assert(overflow && process.semGetValue(sem) === 2 ** 31 - 1);
 * ```
 */
export function semPost(caller: ProcessCore, sem: Semaphore): void {
  caller.requireAlive("sem_post");
  // SEM-ERR-1, SEM-LIFE-2, SEM-LIFE-9
  const semaphore = requireSemaphore(sem, caller, "sem_post");
  // SEM-BLK-2, SEM-ORD-1, SEM-CAP-1, SEM-NB-2
  semaphore.post();
}

/**
 * `sem_getvalue(3)` as `caller`: the operation behind
 * `ReferenceProcess.semGetValue`. Synchronous (SEM-NB-2).
 *
 * @param caller - the process making the call
 * @param sem - the semaphore (SEM-ERR-1)
 * @returns the value, 0 while waits are pending (SEM-BLK-5)
 * @throws {IpcError} `EINVAL` (SEM-ERR-1, SEM-LIFE-2, SEM-LIFE-9), `ESRCH`
 *
 * @example The initial value
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const process = createSystem().spawn();
 * console.assert(process.semGetValue(process.semInit(7)) === 7);
 * ```
 */
export function semGetValue(caller: ProcessCore, sem: Semaphore): number {
  caller.requireAlive("sem_getvalue");
  // SEM-ERR-1, SEM-LIFE-2, SEM-LIFE-9
  const semaphore = requireSemaphore(sem, caller, "sem_getvalue");
  // SEM-BLK-5: the value itself, 0 while waits are pending, never their negative count.
  return semaphore.value;
}

/**
 * `sem_destroy(3)` as `caller`: the operation behind
 * `ReferenceProcess.semDestroy`. Synchronous (SEM-NB-2).
 *
 * @param caller - the process making the call
 * @param sem - an unnamed semaphore (SEM-ERR-1, SEM-ERR-4)
 * @throws {IpcError} `EBUSY` (SEM-LIFE-3), `EINVAL` (SEM-ERR-1, SEM-ERR-4, SEM-LIFE-2), `ESRCH`
 *
 * @example Busy while a wait is pending
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const process = createSystem().spawn();
 * const sem = process.semInit(0);
 * const pending = process.semWait(sem);
 * let busy = false;
 * try { process.semDestroy(sem); } catch (error) { busy = IpcError.is(error, "EBUSY"); }
 * process.semPost(sem);
 * await pending;
 * process.semDestroy(sem);
 * console.assert(busy && sem.destroyed);
 * ```
 */
export function semDestroy(caller: ProcessCore, sem: Semaphore): void {
  caller.requireAlive("sem_destroy");
  // SEM-ERR-1, SEM-LIFE-2
  const semaphore = requireSemaphore(sem, caller, "sem_destroy");
  // SEM-ERR-4: a named semaphore is closed and unlinked, never destroyed.
  if (semaphore.name !== undefined) throw new IpcError("EINVAL", "sem_destroy", { path: semaphore.name, detail: "a named semaphore is closed, not destroyed" });
  // SEM-LIFE-3, SEM-LIFE-2
  semaphore.destroy();
}
