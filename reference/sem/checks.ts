/**
 * The argument checks of the semaphore calls: names (SEM-ERR-3), `semOpen`'s
 * options (SEM-ERR-2, SEM-CAP-2) and the semaphore itself (SEM-ERR-1,
 * SEM-LIFE-2, SEM-LIFE-9).
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import { PERMISSION_BITS } from "../../spec/namespace.ts";
import { SEM_NAME_MAX, SEM_VALUE_MAX } from "../../spec/sem.ts";
import { describeType, requireIntegerInRange, requireOptionalObject, requirePosixName } from "../base/validate.ts";
import type { PosixNameRules } from "../base/validate.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import { ReferenceSemaphore } from "./semaphore.ts";

/** The mode of a named semaphore created without one (SEM-PERM-2). */
const DEFAULT_SEM_MODE = 0o600;

/** How semaphore names are checked (SEM-ERR-3): every malformation EINVAL; "/." and "/.." allowed. */
const SEM_NAME_RULES: PosixNameRules = { noun: "a semaphore name", maxBytes: SEM_NAME_MAX, empty: "EINVAL", nested: "EINVAL", dots: undefined };

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

