/**
 * The semaphore calls of the spec's `SemApi`, as the process layer calls
 * them. Each checks that the caller is alive, then the name or the semaphore
 * (`checks.ts`), then every other argument, before anything changes; then it
 * calls the semaphore (`semaphore.ts`). Named semaphores live in a namespace of
 * their own, the one `Namespace` every named object uses, checked with the one
 * permission rule (`requireAccess`).
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
 * - A pending wait is registered with its caller (the wait queue's
 *   `blocker`): a handler the caller runs interrupts it with `EINTR`
 *   (SEM-BLK-6) unless the handler has `restart` (SEM-BLK-7), and the
 *   caller's end interrupts it too, so the wait of a process that has
 *   exited leaves the queue at once: no post serves it, and `semDestroy`
 *   does not count it (SEM-LIFE-11).
 *
 * @module
 */

import { ROOT_UID } from "../../spec/constants.ts";
import { IpcError } from "../../spec/errors.ts";
import type { Ownership } from "../../spec/namespace.ts";
import { SEM_VALUE_MAX } from "../../spec/sem.ts";
import type { SemOpenOptions, SemWaitOptions, Semaphore } from "../../spec/sem.ts";
import { parseBlocking } from "../base/blocking.ts";
import { canceled } from "../base/interrupt.ts";
import { Namespace, creationMode, requireAccess } from "../base/namespace.ts";
import { StateKey } from "../base/state-key.ts";
import { requireIntegerInRange } from "../base/validate.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import { requireSemName, requireSemOpenOptions, requireSemaphore } from "./checks.ts";
import { ReferenceSemaphore } from "./semaphore.ts";

/** The key of a system's namespace of named semaphores. */
export const SEM_STATE: StateKey<Namespace<string, ReferenceSemaphore>> = new StateKey("sem", () => new Namespace<string, ReferenceSemaphore>());

/**
 * A system's namespace of named semaphores, made on first use.
 *
 * @param system - the system
 * @returns its namespace, from names to semaphores
 */
export function semNamespaceOf(system: object): Namespace<string, ReferenceSemaphore> {
  return SEM_STATE.of(system);
}

/**
 * `sem_init(3)` as `caller`: the operation behind `ReferenceProcess.semInit`.
 *
 * @param caller - the process making the call
 * @param value - the initial value (SEM-CAP-2)
 * @returns the new unnamed semaphore (SEM-LIFE-1)
 * @throws {IpcError} `EINVAL` (SEM-CAP-2), `ESRCH` when `caller` has exited
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
