/**
 * Argument checks shared by every operation. Each one throws an
 * `IpcError` `EINVAL` naming the system call and the argument, and
 * changes nothing, so an operation that validates all its arguments before
 * acting never leaves state half changed by bad input.
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { ErrorCode } from "../../spec/errors.ts";
import { PATH_MAX } from "../../spec/fifo.ts";
import { NAME_MAX } from "../../spec/namespace.ts";

/**
 * Describes a value's type for an error's detail: `"a string"`, `"null"`,
 * `"an Array"`, `"a Uint16Array"`.
 *
 * @param value - anything
 * @returns a short phrase naming its type
 */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "object" || typeof value === "function") {
    // A Proxy's traps, or a revoked Proxy, may throw on any look: the
    // description is best effort and never throws.
    let name: unknown;
    try {
      name = typedArrayName(value) ?? (value as { constructor?: { name?: unknown } }).constructor?.name;
    } catch {
      name = undefined;
    }
    if (typeof name === "string" && name.length > 0) return `${/^[AEIOU]/.test(name) ? "an" : "a"} ${name}`;
    return typeof value === "function" ? "a function" : "an object";
  }
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "symbol") return "a symbol";
  if (typeof value === "bigint") return `a bigint (${value}n)`;
  const text = String(value);
  return `a ${typeof value} (${text.length > 40 ? `${text.slice(0, 37)}...` : text})`;
}

/** The `%TypedArray%.prototype[Symbol.toStringTag]` getter: a typed array's real kind, whatever its realm. */
const typedArrayTag = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype) as object, Symbol.toStringTag)
  ?.get as ((this: unknown) => string | undefined) | undefined;

function typedArrayName(value: unknown): string | undefined {
  return typedArrayTag?.call(value);
}

/** The `%TypedArray%.prototype.byteLength` getter: a view's real length, whatever its own properties say. */
const typedArrayByteLength = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype) as object, "byteLength")
  ?.get as (this: unknown) => number;

/**
 * The real byte length of a `Uint8Array`: read through the typed array's
 * intrinsic getter, never a `length` or `byteLength` the caller may have
 * overridden on the object. A view whose buffer was detached has 0; one over
 * a resizable buffer that shrank has what is left.
 *
 * @param view - a `Uint8Array` (checked by {@link requireUint8Array})
 * @returns its length in bytes
 * @internal
 */
export function byteLengthOf(view: Uint8Array): number {
  return typedArrayByteLength.call(view);
}

/**
 * Whether a value is a `Uint8Array` (a subclass such as Node's `Buffer`
 * counts; a `Uint8ClampedArray`, `DataView` or array does not). The check
 * reads the typed array's internal kind, so it also holds for arrays made in
 * another realm.
 *
 * @param value - anything
 * @returns `true` when `value` is a `Uint8Array`
 */
export function isUint8Array(value: unknown): value is Uint8Array {
  return typedArrayName(value) === "Uint8Array";
}

/**
 * Fails unless `value` is a `Uint8Array`.
 *
 * @param value - the argument
 * @param syscall - the operation, for the error
 * @param argName - the argument's name, for the error's detail
 * @throws {IpcError} `EINVAL` when `value` is not a `Uint8Array`
 */
export function requireUint8Array(value: unknown, syscall: string, argName: string): asserts value is Uint8Array {
  if (!isUint8Array(value)) {
    throw new IpcError("EINVAL", syscall, { detail: `${argName} must be a Uint8Array, got ${describeType(value)}` });
  }
}

/**
 * Returns `value` when it is a positive safe integer (1, 2, ... 2^53 - 1).
 *
 * @param value - the argument
 * @param syscall - the operation, for the error
 * @param argName - the argument's name, for the error's detail
 * @returns `value`, typed as a number
 * @throws {IpcError} `EINVAL` when `value` is not a positive safe integer
 *   (zero, negative, fractional, `NaN`, infinite or not a number)
 */
export function requirePositiveInteger(value: unknown, syscall: string, argName: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw new IpcError("EINVAL", syscall, {
      detail: `${argName} must be a positive integer, got ${describeType(value)}`,
    });
  }
  return value;
}

/**
 * Returns `value` when it is a user or group id: a non-negative safe integer.
 *
 * @param value - the argument
 * @param syscall - the operation, for the error
 * @param argName - the argument's name, for the error's detail
 * @returns `value`, typed as a number
 * @throws {IpcError} `EINVAL` when `value` is not a non-negative safe integer
 */
export function requireIdInteger(value: unknown, syscall: string, argName: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new IpcError("EINVAL", syscall, {
      detail: `${argName} must be a non-negative integer, got ${describeType(value)}`,
    });
  }
  return value;
}

/**
 * Returns `value` when it is an integer from `min` to `max` inclusive.
 *
 * @param value - the argument
 * @param min - the smallest value allowed
 * @param max - the largest value allowed
 * @param syscall - the operation, for the error
 * @param argName - the argument's name, for the error's detail
 * @returns `value`, typed as a number
 * @throws {IpcError} `EINVAL` when `value` is not an integer in the range
 */
export function requireIntegerInRange(value: unknown, min: number, max: number, syscall: string, argName: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new IpcError("EINVAL", syscall, {
      detail: `${argName} must be an integer from ${min} to ${max}, got ${describeType(value)}`,
    });
  }
  return value;
}

/**
 * Returns `value` when it is an array of user or group ids, as a frozen copy.
 *
 * @param value - the argument
 * @param syscall - the operation, for the error
 * @param argName - the argument's name, for the error's detail
 * @returns a frozen copy of the ids
 * @throws {IpcError} `EINVAL` when `value` is not an array of non-negative safe integers
 */
export function requireIdList(value: unknown, syscall: string, argName: string): readonly number[] {
  if (!Array.isArray(value)) {
    throw new IpcError("EINVAL", syscall, { detail: `${argName} must be an array of ids, got ${describeType(value)}` });
  }
  const ids = (value as readonly unknown[]).map((id, index) => requireIdInteger(id, syscall, `${argName}[${index}]`));
  return Object.freeze(ids);
}

/**
 * Returns an options argument when it is absent or an object.
 *
 * @param value - the argument
 * @param syscall - the operation, for the error
 * @param argName - the argument's name, for the error's detail
 * @returns the options as a record of unknown fields, or `undefined` when absent
 * @throws {IpcError} `EINVAL` when `value` is neither `undefined` nor a non-null object
 */
export function requireOptionalObject(
  value: unknown,
  syscall: string,
  argName: string,
): Readonly<Record<string, unknown>> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null) {
    throw new IpcError("EINVAL", syscall, { detail: `${argName} must be an object, got ${describeType(value)}` });
  }
  // A snapshot of its own enumerable fields, read once: a Proxy whose traps
  // throw, or a getter that throws or answers differently each time, is bad
  // input (EINVAL), never an exception of its own or a value that changes
  // between the check and the use.
  let fields: Record<string, unknown>;
  try {
    fields = { ...(value as Record<string, unknown>) };
  } catch {
    throw new IpcError("EINVAL", syscall, { detail: `${argName} could not be read` });
  }
  return fields;
}

/**
 * Returns an optional `AbortSignal` argument. Any object with a boolean
 * `aborted`, a `reason` and `addEventListener`/`removeEventListener`
 * methods is accepted, so signals from other realms and polyfills work.
 *
 * @param value - the argument
 * @param syscall - the operation, for the error
 * @param argName - the argument's name, for the error's detail
 * @returns the signal, or `undefined` when absent
 * @throws {IpcError} `EINVAL` when `value` is present and not signal-shaped
 */
export function requireOptionalSignal(value: unknown, syscall: string, argName: string): AbortSignal | undefined {
  if (value === undefined) return undefined;
  const bad = (): IpcError => new IpcError("EINVAL", syscall, { detail: `${argName} must be an AbortSignal, got ${describeType(value)}` });
  if (typeof value !== "object" || value === null) throw bad();
  const candidate = value as Partial<Record<"aborted" | "addEventListener" | "removeEventListener", unknown>>;
  let shaped: boolean;
  try {
    // A getter or trap that throws is bad input, not an exception that escapes.
    shaped =
      typeof candidate.aborted === "boolean" &&
      typeof candidate.addEventListener === "function" &&
      typeof candidate.removeEventListener === "function";
  } catch {
    shaped = false;
  }
  if (!shaped) throw bad();
  return value as AbortSignal;
}

/** Encodes paths and names to count their bytes as the kernel does. */
const pathEncoder = new TextEncoder();

/**
 * Returns `value` when it is a well-formed path of the file namespace
 * (FIFO-ERR-3): a string starting with `/`, in canonical form (no empty,
 * `.` or `..` component, so no `//` and no trailing slash; not `/` alone),
 * without NUL; at most `PATH_MAX - 1` bytes in UTF-8, each component at most
 * `NAME_MAX` bytes. Malformed paths are checked before lengths.
 *
 * @param value - the argument
 * @param syscall - the operation, for the error
 * @returns `value`, typed as a string
 * @throws {IpcError} `EINVAL` when `value` is not a string or is malformed;
 *   `ENAMETOOLONG` when it or one of its components is too long
 */
export function requireFilePath(value: unknown, syscall: string): string {
  const malformed = (why: string): IpcError =>
    new IpcError("EINVAL", syscall, { detail: `path ${why}, got ${describeType(value)}` });
  if (typeof value !== "string") throw malformed("must be a string");
  // FIFO-ERR-3: no working directory, so only absolute paths (and "" is none).
  if (!value.startsWith("/")) throw malformed("must be absolute (start with /)");
  if (value.includes("\0")) throw malformed("must not contain NUL");
  // FIFO-ERR-3: no directories to resolve, so only canonical paths.
  const components = value.slice(1).split("/");
  if (components.some((component) => component === "" || component === "." || component === "..")) {
    throw malformed("must be canonical (no empty, . or .. component, no trailing slash)");
  }
  // FIFO-ERR-3: lengths in bytes; PATH_MAX counts the NUL a C string ends with.
  // (A string has at least as many UTF-8 bytes as UTF-16 code units.)
  let bytes = value.length >= PATH_MAX ? value.length : components.length;
  for (const component of components) {
    if (bytes >= PATH_MAX) break;
    const length = pathEncoder.encode(component).length;
    if (length > NAME_MAX) {
      throw new IpcError("ENAMETOOLONG", syscall, { path: value, detail: `a component is ${length} bytes, more than NAME_MAX (${NAME_MAX})` });
    }
    bytes += length;
  }
  if (bytes >= PATH_MAX) {
    throw new IpcError("ENAMETOOLONG", syscall, { detail: `the path is ${PATH_MAX} bytes or more (PATH_MAX counts the terminating NUL)` });
  }
  return value;
}

/**
 * How {@link requirePosixName} checks the names of one kind of POSIX object:
 * the error of each malformation, which differ between mechanisms (Linux's
 * message queues resolve names in a filesystem of their own), and the length
 * limit.
 */
export interface PosixNameRules {
  /** What the error details call the name: `"name"`, `"a queue name"`. */
  readonly noun: string;
  /** The most bytes allowed after the `"/"`, in UTF-8. */
  readonly maxBytes: number;
  /** The error for `"/"` alone. */
  readonly empty: ErrorCode;
  /** The error for a `"/"` after the first. */
  readonly nested: ErrorCode;
  /** The error for `"/."` and `"/.."`, or `undefined` when they are names like any other. */
  readonly dots: ErrorCode | undefined;
}

/**
 * Returns `value` when it is a well-formed name of a POSIX object (a shared
 * memory object, a message queue, a named semaphore): a string of `"/"`
 * then 1 to `rules.maxBytes` bytes in UTF-8, none of them `"/"` or NUL, and
 * (unless `rules.dots` is `undefined`) neither `"."` nor `".."`. The checks
 * run in this order: a string (`EINVAL`), the leading `"/"` (`EINVAL`), no
 * NUL (`EINVAL`), something after the `"/"` (`rules.empty`), no further
 * `"/"` (`rules.nested`), not `"."` or `".."` (`rules.dots`), then the length
 * (`ENAMETOOLONG`).
 *
 * @param value - the argument
 * @param syscall - the operation, for the error
 * @param rules - the errors of the malformations and the length limit
 * @returns `value`, typed as a string
 * @throws {IpcError} `EINVAL` when `value` is not a string, does not begin
 *   with `"/"` or holds NUL; the code `rules` gives for a malformed rest;
 *   `ENAMETOOLONG` when more than `rules.maxBytes` bytes follow the `"/"`
 */
export function requirePosixName(value: unknown, syscall: string, rules: PosixNameRules): string {
  const { noun, maxBytes } = rules;
  if (typeof value !== "string") {
    throw new IpcError("EINVAL", syscall, { detail: `${noun} must be a string, got ${describeType(value)}` });
  }
  const fail = (code: ErrorCode, why: string): IpcError => new IpcError(code, syscall, { path: value, detail: `${noun} ${why}` });
  if (!value.startsWith("/")) throw fail("EINVAL", 'must begin with "/"');
  if (value.includes("\0")) throw fail("EINVAL", "must not contain NUL");
  const rest = value.slice(1);
  if (rest.length === 0) throw fail(rules.empty, 'must have a byte after its "/"');
  if (rest.includes("/")) throw fail(rules.nested, 'must have no "/" after the first');
  if (rules.dots !== undefined && (rest === "." || rest === "..")) throw fail(rules.dots, 'must not be "/." or "/.."');
  // The length in UTF-8 bytes. (A string has at least as many bytes as UTF-16
  // units, and at most three times as many, so most need no encoding.)
  const bytes = rest.length > maxBytes || rest.length * 3 <= maxBytes ? rest.length : pathEncoder.encode(rest).length;
  if (bytes > maxBytes) throw fail("ENAMETOOLONG", `is ${bytes} bytes after its "/", more than ${maxBytes}`);
  return value;
}

/**
 * Returns `value` when it is a well-formed name of a POSIX shared memory
 * object (SHM-ERR-1): a string of `"/"` then 1 to `maxBytes` bytes in
 * UTF-8, none of them `"/"` or NUL, and neither `"."` nor `".."`; every
 * malformation is `EINVAL`. glibc checks the names of named semaphores by
 * the same rule, with 251 bytes (`NAME_MAX` less the `sem.` prefix).
 * Malformed names are checked before lengths.
 *
 * @param value - the argument
 * @param syscall - the operation, for the error
 * @param maxBytes - the most bytes allowed after the `"/"`; default `NAME_MAX` (255)
 * @returns `value`, typed as a string
 * @throws {IpcError} `EINVAL` when `value` is not a string or is malformed;
 *   `ENAMETOOLONG` when more than `maxBytes` bytes follow the `"/"`
 */
export function requireShmName(value: unknown, syscall: string, maxBytes: number = NAME_MAX): string {
  // SHM-ERR-1: the portable form, "/" then one file name (glibc: EINVAL for the
  // rest), at most maxBytes bytes in UTF-8.
  return requirePosixName(value, syscall, { noun: "name", maxBytes, empty: "EINVAL", nested: "EINVAL", dots: "EINVAL" });
}
