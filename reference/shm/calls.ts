/**
 * Opening and removing shared memory objects by name: `shm_open(3)` and
 * `shm_unlink(3)`, the calls behind `ReferenceProcess.shmOpen` and
 * `.shmUnlink` (see the spec's `ShmApi`). They check the arguments, resolve the
 * name in the system's shared memory namespace and check permission with the
 * one rule of every named object (`requireAccess`,
 * `reference/base/namespace.ts`).
 *
 * @module
 */

import { ROOT_UID } from "../../spec/constants.ts";
import { IpcError } from "../../spec/errors.ts";
import type { ShmOpenOptions } from "../../spec/shm.ts";
import { Namespace, creationMode, requireAccess } from "../base/namespace.ts";
import { StateKey } from "../base/state-key.ts";
import { requireShmName } from "../base/validate.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import { openShmDescriptor } from "./descriptor.ts";
import type { ReferenceSharedMemory } from "./descriptor.ts";
import { ReferenceShmObject } from "./object.ts";
import { requireShmOpenOptions } from "./options.ts";

/** The key of a system's shared memory namespace, apart from file paths and queue names. */
export const SHM_STATE: StateKey<Namespace<string, ReferenceShmObject>> = new StateKey("shm", () => new Namespace<string, ReferenceShmObject>());

/**
 * The system's shared memory namespace: names to objects, one per system,
 * kept under {@link SHM_STATE_KEY}. Shared memory names live apart from
 * file paths and from message queue names.
 *
 * @param system - the system
 * @returns its shared memory namespace, made on first use
 */
export function shmNamespaceOf(system: object): Namespace<string, ReferenceShmObject> {
  return SHM_STATE.of(system);
}

/**
 * `shm_open(3)` as `process`: the operation behind `ReferenceProcess.shmOpen`.
 *
 * @param caller - the process making the call
 * @param name - the object's name (SHM-ERR-1)
 * @param options - access, creation flags, truncation and mode (SHM-ERR-2)
 * @returns the descriptor, held by `caller`
 * @throws {IpcError} `ENOENT` (SHM-LIFE-1), `EEXIST` (SHM-LIFE-2), `EACCES`
 *   (SHM-PERM-1, SHM-PERM-3), `EINVAL` (SHM-ERR-1, SHM-ERR-2),
 *   `ENAMETOOLONG` (SHM-ERR-1), `ESRCH` when `caller` has exited
 */
export function shmOpen(caller: ProcessCore, name: string, options: ShmOpenOptions): ReferenceSharedMemory {
  caller.requireAlive("shm_open");
  // SHM-ERR-1: the name, first.
  const checkedName = requireShmName(name, "shm_open");
  // SHM-ERR-2: then every option, whether or not it will be used.
  const { access, create, exclusive, truncate, mode } = requireShmOpenOptions(options, "shm_open");
  const names = shmNamespaceOf(caller.system);
  // SHM-LIFE-2: the lookup and the creation below are one step: nothing else
  // runs between them, so of several exclusive creates exactly one succeeds.
  const existing = names.lookup(checkedName);
  if (existing !== undefined) {
    // SHM-LIFE-2: create and exclusive: EEXIST, before any permission check.
    // (Exclusive without create is ignored.)
    if (create && exclusive) throw new IpcError("EEXIST", "shm_open", { path: checkedName });
    // SHM-PERM-1: r for read, rw for readwrite, by the one rule.
    // SHM-PERM-3: truncate needs w as well, for read access too.
    requireAccess(caller.credentials, existing.ownership, truncate ? "readwrite" : access, "shm_open", checkedName);
    // SHM-LIFE-7: truncate empties the object, with read access too (Linux);
    // its mappings keep their length, all of it now past the end (SHM-CAP-3).
    if (truncate) existing.resize(0);
    // SHM-LIFE-3: otherwise the object as it is; the mode given is ignored.
    return openShmDescriptor(existing, access, caller, checkedName);
  }
  // SHM-LIFE-1: an absent name without create: ENOENT.
  if (!create) throw new IpcError("ENOENT", "shm_open", { path: checkedName });
  // SHM-LIFE-1: a new object of size 0 under the name.
  // SHM-PERM-2: owned by the caller's uid and gid, mode less the caller's umask;
  // the creating open gets the access it asked, whatever the mode.
  const { uid, gid } = caller.credentials;
  const object = new ReferenceShmObject({ uid, gid, mode: creationMode(mode, caller.currentUmask) });
  const descriptor = openShmDescriptor(object, access, caller, checkedName);
  names.bind(checkedName, object);
  return descriptor;
}

/**
 * `shm_unlink(3)` as `process`: the operation behind `ReferenceProcess.shmUnlink`.
 *
 * @param caller - the process making the call
 * @param name - the name to remove (SHM-ERR-1)
 * @throws {IpcError} `ENOENT` (SHM-ERR-3), `EPERM` (SHM-PERM-6), `EINVAL`,
 *   `ENAMETOOLONG` (SHM-ERR-1), `ESRCH` when `caller` has exited
 */
export function shmUnlink(caller: ProcessCore, name: string): void {
  caller.requireAlive("shm_unlink");
  // SHM-ERR-1
  const checkedName = requireShmName(name, "shm_unlink");
  const names = shmNamespaceOf(caller.system);
  const object = names.lookup(checkedName);
  // SHM-ERR-3: no such name.
  if (object === undefined) throw new IpcError("ENOENT", "shm_unlink", { path: checkedName });
  // SHM-PERM-6: only the owner or root (/dev/shm is sticky).
  const { uid } = caller.credentials;
  if (uid !== ROOT_UID && uid !== object.ownership.uid) {
    throw new IpcError("EPERM", "shm_unlink", {
      path: checkedName,
      detail: `uid ${uid} is neither the owner (uid ${object.ownership.uid}) nor root`,
    });
  }
  // SHM-LIFE-4: only the name goes, at once. The object lives on, bytes and
  // all, for its descriptors and mappings, out of reach of any later open.
  names.remove(checkedName);
}
