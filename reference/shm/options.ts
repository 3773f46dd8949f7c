/**
 * The options of `shm_open(3)` (SHM-ERR-2) and `mmap(2)` (SHM-ERR-4), checked
 * whole before anything changes, with their defaults.
 *
 * @module
 */

import { PAGE_SIZE } from "../../spec/constants.ts";
import { IpcError } from "../../spec/errors.ts";
import { PERMISSION_BITS } from "../../spec/namespace.ts";
import { SHM_SIZE_MAX } from "../../spec/shm.ts";
import type { ShmAccess } from "../../spec/shm.ts";
import { describeType, requireIntegerInRange, requireOptionalObject } from "../base/validate.ts";

/** The mode of an object made without one, before the umask (SHM-PERM-2). */
const DEFAULT_SHM_MODE = 0o600;

/** The accesses a descriptor or a mapping may have (SHM-ERR-2, SHM-ERR-4). */
const ACCESSES: ReadonlySet<unknown> = new Set<ShmAccess>(["read", "readwrite"]);

/** Returns `value` when it is `"read"` or `"readwrite"`. */
function requireShmAccess(value: unknown, syscall: string, argName: string): ShmAccess {
  if (!ACCESSES.has(value)) {
    throw new IpcError("EINVAL", syscall, { detail: `${argName} must be "read" or "readwrite", got ${describeType(value)}` });
  }
  return value as ShmAccess;
}

/** Returns a flag when it is a boolean, `false` when absent. */
function requireFlag(value: unknown, syscall: string, argName: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") {
    throw new IpcError("EINVAL", syscall, { detail: `${argName} must be a boolean, got ${describeType(value)}` });
  }
  return value;
}

/**
 * The options of an open, checked and with their defaults filled in: what
 * {@link requireShmOpenOptions} returns.
 */
export interface CheckedShmOpenOptions {
  /** `"read"` or `"readwrite"` (SHM-ERR-2). */
  readonly access: ShmAccess;
  /** `O_CREAT` (SHM-LIFE-1); `false` when absent. */
  readonly create: boolean;
  /** `O_EXCL` (SHM-LIFE-2); `false` when absent. */
  readonly exclusive: boolean;
  /** `O_TRUNC` (SHM-LIFE-7); `false` when absent. */
  readonly truncate: boolean;
  /** The permission bits for a new object, before the umask; `0o600` when absent (SHM-PERM-2). */
  readonly mode: number;
}

/**
 * Checks the options of an open (SHM-ERR-2): an object with an `access` of
 * `"read"` or `"readwrite"`, flags that are booleans or absent, and a mode
 * from 0 to 0o777 (default 0o600) or absent.
 *
 * @param options - the argument
 * @param syscall - the operation, for errors
 * @returns the options with their defaults
 * @throws {IpcError} `EINVAL` when any of them is bad
 */
export function requireShmOpenOptions(options: unknown, syscall: string): CheckedShmOpenOptions {
  const checked = requireOptionalObject(options, syscall, "options");
  if (checked === undefined) throw new IpcError("EINVAL", syscall, { detail: "options with an access are required" });
  // SHM-ERR-2: O_RDONLY or O_RDWR; shm_open has no write-only access.
  const access = requireShmAccess(checked["access"], syscall, "options.access");
  const create = requireFlag(checked["create"], syscall, "options.create");
  const exclusive = requireFlag(checked["exclusive"], syscall, "options.exclusive");
  const truncate = requireFlag(checked["truncate"], syscall, "options.truncate");
  // SHM-ERR-2: a plain permission mode, checked whether or not it is used.
  const mode = checked["mode"] === undefined ? DEFAULT_SHM_MODE : requireIntegerInRange(checked["mode"], 0, PERMISSION_BITS, syscall, "options.mode");
  return { access, create, exclusive, truncate, mode };
}

/**
 * Checks the options of a map (SHM-ERR-4): an object with an `access` of
 * `"read"` or `"readwrite"`, an offset that is a non-negative multiple of
 * the page size (default 0), and a positive length (default the object's
 * size less the offset), the range ending no further than
 * {@link SHM_SIZE_MAX}.
 *
 * @param options - the argument
 * @param size - the object's size now, for the default length
 * @param syscall - the operation, for errors
 * @returns the access, offset and length
 * @throws {IpcError} `EINVAL` when any of them is bad
 */
export function requireMapOptions(
  options: unknown,
  size: number,
  syscall: string,
): { readonly access: ShmAccess; readonly offset: number; readonly length: number } {
  const checked = requireOptionalObject(options, syscall, "options");
  if (checked === undefined) throw new IpcError("EINVAL", syscall, { detail: "options with an access are required" });
  // SHM-ERR-4: PROT_READ or PROT_READ | PROT_WRITE.
  const access = requireShmAccess(checked["access"], syscall, "options.access");
  // SHM-ERR-4: the offset is a non-negative multiple of the page size.
  const offset = checked["offset"] === undefined ? 0 : requireIntegerInRange(checked["offset"], 0, SHM_SIZE_MAX, syscall, "options.offset");
  if (offset % PAGE_SIZE !== 0) {
    throw new IpcError("EINVAL", syscall, { detail: `options.offset ${offset} is not a multiple of the page size, ${PAGE_SIZE}` });
  }
  // SHM-ERR-4: the length is at least 1, given or by default (the rest of the object).
  let length: number;
  if (checked["length"] === undefined) {
    length = size - offset;
    if (length <= 0) {
      throw new IpcError("EINVAL", syscall, { detail: `no length given, and the object's size ${size} leaves nothing past offset ${offset}` });
    }
  } else {
    length = requireIntegerInRange(checked["length"], 1, SHM_SIZE_MAX, syscall, "options.length");
  }
  // SHM-ERR-4: the range ends no further than SHM_SIZE_MAX.
  if (offset + length > SHM_SIZE_MAX) {
    throw new IpcError("EINVAL", syscall, { detail: `the range ends at ${offset + length}, past SHM_SIZE_MAX (${SHM_SIZE_MAX})` });
  }
  return { access, offset, length };
}

