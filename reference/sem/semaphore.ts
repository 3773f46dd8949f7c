/**
 * One semaphore, unnamed or named (the kernel's `sem_t` in shared memory):
 * its value, the waits pending on it (in the one `WaitQueue` every blocking
 * call uses) and, for a named one, its name, owner and mode, and which
 * processes have it open. Each open of a named semaphore is a descriptor in
 * the opening process's table, so that `fork` gives the child its own opens
 * and `exit` closes them (SEM-LIFE-10).
 *
 * Everything is synchronous except waiting. A post that finds waits pending
 * does the waiting call's work itself before it returns: it hands its unit
 * straight to the wait that has waited longest, which resolves. So waits are
 * pending only while the value is 0, a wait that finds a positive value
 * takes a unit at once without overtaking anybody, and `semGetValue` reads
 * 0 while waits are pending (SEM-BLK-5). A wait that completes at once
 * returns one shared, already resolved promise: it allocates nothing.
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { Ownership } from "../../spec/namespace.ts";
import { SEM_VALUE_MAX } from "../../spec/sem.ts";
import type { Semaphore } from "../../spec/sem.ts";
import { assert } from "../base/assert.ts";
import { timedOut } from "../base/deadline.ts";
import { WaitQueue } from "../base/wait-queue.ts";
import type { Descriptor, ProcessCore } from "../kernel/process-core.ts";

/** What every wait that completes at once returns: one promise, allocated once. */
const TAKEN: Promise<void> = Promise.resolve();

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
   * @internal
   * @param value - the initial value, an integer from 0 to `SEM_VALUE_MAX`
   * @param named - the name and the owner and mode of a named semaphore; absent for an unnamed one
   */
  constructor(value: number, named?: NamedSemInit) {
    this.#value = value;
    this.name = named?.name;
    this.#ownership = named === undefined ? undefined : Object.freeze({ ...named.ownership });
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
   * @internal
   * @param holder - the process that opens it
   * @returns the open, as a descriptor
   * @throws {IpcError} `ESRCH` when `holder` has exited; `EINVAL` for an unnamed semaphore
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
   * @internal
   * @param holder - the process closing it
   * @throws {IpcError} `EINVAL` when `holder` does not have it open (SEM-LIFE-9)
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
   * @internal
   * @param caller - the waiting process
   * @param signal - stops the wait when it fires, not yet aborted
   * @param deadline - the timed form's deadline, already checked (SEM-TMO-3)
   * @returns a promise that resolves once the unit is taken
   * @throws {IpcError} (as a rejection) `ETIMEDOUT` (SEM-TMO-1), `ECANCELED`
   *   (SEM-BLK-3), `EINTR` when a handler of `caller` (SEM-BLK-6) or its end
   *   (SEM-LIFE-11) interrupts the wait
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
        // SEM-BLK-3, SEM-BLK-6: ECANCELED when aborted, EINTR when interrupted
        // (the wait queue's default), and no unit taken: a unit reaches a wait
        // only as the wait resolves (see post), so a later post goes to the next one.
        deadline,
        expired: () => timedOut(syscall, "the deadline passed before a unit was posted"),
      },
    );
    return waiter.promise;
  }

  /**
   * The semaphore's half of `sem_trywait(3)`.
   *
   * @internal
   * @throws {IpcError} `EAGAIN` when the value is 0 (SEM-NB-1)
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
   * @internal
   * @throws {IpcError} `EOVERFLOW` at `SEM_VALUE_MAX` (SEM-CAP-1)
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
      assert(this.#value === 0, "waits are pending only while the value is 0");
      this.#waits.resolve(head, undefined);
      return;
    }
    // SEM-ATOM-1: nobody waits: the value grows by exactly one.
    this.#value += 1;
  }

  /**
   * The semaphore's half of `sem_destroy(3)`.
   *
   * @internal
   * @throws {IpcError} `EBUSY` while waits are pending (SEM-LIFE-3)
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

