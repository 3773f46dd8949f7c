/**
 * Names and permissions, shared by every named IPC object (FIFOs, POSIX
 * message queues, System V queues, and later shared memory, named semaphores
 * and Unix-path sockets).
 *
 * Each named object records its owner (uid, gid) and 9 permission bits
 * (`rwxrwxrwx`: owner, group, other). Every open or access is checked
 * against the calling process's credentials by one rule, {@link checkAccess}:
 *
 * 1. uid 0 (root) is always allowed;
 * 2. if the caller's uid is the owner's, the owner bits decide;
 * 3. else if the owner's gid is the caller's gid or one of its supplementary
 *    groups, the group bits decide;
 * 4. else the other bits decide.
 *
 * Only the first matching class counts (an owner denied by the owner bits is
 * denied even when the other bits allow). Denied access is `EACCES`.
 *
 * A new object's mode is the requested mode with the creating process's umask
 * cleared from it (`mode & ~umask`).
 *
 * @module
 */

import type { Credentials } from "./system.ts";
import { ROOT_UID } from "./constants.ts";

/**
 * How an object is opened: for reading, writing, or both (`O_RDONLY`,
 * `O_WRONLY`, `O_RDWR`).
 */
export type Access = "read" | "write" | "readwrite";

/** The umask of a new process: group and other lose write permission. */
export const DEFAULT_UMASK = 0o022;

/** The longest name component (`NAME_MAX`). */
export const NAME_MAX = 255;

/** The permission bits a mode may carry (`0o777`). */
export const PERMISSION_BITS = 0o777;

/**
 * Who owns a named object and what its permission bits allow.
 */
export interface Ownership {
  /** The owner's uid. */
  readonly uid: number;
  /** The owning group's gid. */
  readonly gid: number;
  /** The permission bits, `0o000` to `0o777`. */
  readonly mode: number;
}

/**
 * The permission rule shared by every named object (see the module
 * documentation): root is always allowed; otherwise the owner, group or other
 * bits decide, whichever class the caller falls in first.
 *
 * @param credentials - the calling process's credentials
 * @param object - the object's owner and mode
 * @param access - what the caller asks for
 * @returns `true` when allowed
 *
 * @example Owner, group member and other
 * ```ts
 * import { checkAccess } from "ipckit/spec";
 * const fifo = { uid: 1000, gid: 100, mode: 0o640 };
 * console.assert(checkAccess({ uid: 1000, gid: 1000, groups: [] }, fifo, "readwrite"));
 * console.assert(checkAccess({ uid: 1001, gid: 1001, groups: [100] }, fifo, "read"));
 * console.assert(!checkAccess({ uid: 1001, gid: 1001, groups: [100] }, fifo, "write"));
 * console.assert(!checkAccess({ uid: 1002, gid: 1002, groups: [] }, fifo, "read"));
 * console.assert(checkAccess({ uid: 0, gid: 0, groups: [] }, fifo, "readwrite"));
 * ```
 */
export function checkAccess(credentials: Credentials, object: Ownership, access: Access): boolean {
  if (credentials.uid === ROOT_UID) return true;
  let bits: number;
  if (credentials.uid === object.uid) bits = (object.mode >> 6) & 7;
  else if (credentials.gid === object.gid || credentials.groups.includes(object.gid)) bits = (object.mode >> 3) & 7;
  else bits = object.mode & 7;
  const needed = access === "read" ? 4 : access === "write" ? 2 : 6;
  return (bits & needed) === needed;
}

/**
 * The umask call of a process (`umask(2)`). An implementation that provides
 * it (manifest `process.umask`) gives its processes this method; a new
 * process starts with {@link DEFAULT_UMASK} and a forked child inherits its
 * parent's.
 */
export interface UmaskApi {
  /**
   * Sets the bits cleared from the mode of every object this process creates.
   *
   * @param mask - the new mask, `0o000` to `0o777`
   * @returns the previous mask
   * @throws {IpcError} `EINVAL` when `mask` is not an integer from 0 to 0o777
   */
  umask(mask: number): number;
}
