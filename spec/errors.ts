/**
 * Errors as data: every failure of an ipckit operation is an {@link IpcError}
 * carrying a POSIX error `code`, its Linux `errno` number and the `syscall`
 * that raised it, in the shape Node users know from `SystemError`.
 *
 * @module
 */

/**
 * Linux (x86-64) errno numbers for the POSIX error codes ipckit uses.
 *
 * The numbers are informative: conformance tests compare the string
 * {@link IpcError.code}, never the number.
 *
 * @example Look up a number
 * ```ts
 * import { ERRNO } from "ipckit/spec";
 * console.assert(ERRNO.EAGAIN === 11);
 * ```
 */
export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  ENXIO: 6,
  E2BIG: 7,
  EBADF: 9,
  EFAULT: 14,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EBUSY: 16,
  EEXIST: 17,
  EINVAL: 22,
  EMFILE: 24,
  ESPIPE: 29,
  EPIPE: 32,
  ERANGE: 34,
  EDEADLK: 35,
  ENAMETOOLONG: 36,
  ENOSYS: 38,
  ENOMSG: 42,
  EIDRM: 43,
  EOVERFLOW: 75,
  EDESTADDRREQ: 89,
  EMSGSIZE: 90,
  EPROTOTYPE: 91,
  EOPNOTSUPP: 95,
  EADDRINUSE: 98,
  ECONNRESET: 104,
  EISCONN: 106,
  ENOTCONN: 107,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EALREADY: 114,
  EINPROGRESS: 115,
  ECANCELED: 125,
} as const;

/**
 * A POSIX error code that an ipckit operation may fail with.
 */
export type ErrorCode = keyof typeof ERRNO;

/** Short descriptions, as `strerror(3)` gives them on Linux. */
const DESCRIPTIONS: Readonly<Record<ErrorCode, string>> = {
  EPERM: "operation not permitted",
  ENOENT: "no such file or directory",
  ESRCH: "no such process",
  EINTR: "interrupted system call",
  ENXIO: "no such device or address",
  E2BIG: "argument list too long",
  EBADF: "bad file descriptor",
  EFAULT: "bad address",
  EAGAIN: "resource temporarily unavailable",
  ENOMEM: "cannot allocate memory",
  EACCES: "permission denied",
  EBUSY: "device or resource busy",
  EEXIST: "file exists",
  EINVAL: "invalid argument",
  EMFILE: "too many open files",
  ESPIPE: "illegal seek",
  EPIPE: "broken pipe",
  ERANGE: "numerical result out of range",
  EDEADLK: "resource deadlock avoided",
  ENAMETOOLONG: "file name too long",
  ENOSYS: "function not implemented",
  ENOMSG: "no message of desired type",
  EIDRM: "identifier removed",
  EOVERFLOW: "value too large for defined data type",
  EDESTADDRREQ: "destination address required",
  EMSGSIZE: "message too long",
  EPROTOTYPE: "protocol wrong type for socket",
  EOPNOTSUPP: "operation not supported",
  EADDRINUSE: "address already in use",
  ECONNRESET: "connection reset by peer",
  EISCONN: "transport endpoint is already connected",
  ENOTCONN: "transport endpoint is not connected",
  ETIMEDOUT: "connection timed out",
  ECONNREFUSED: "connection refused",
  EALREADY: "operation already in progress",
  EINPROGRESS: "operation now in progress",
  ECANCELED: "operation canceled",
};

/**
 * Options for {@link IpcError}.
 */
export interface IpcErrorOptions {
  /** Detail appended to the standard message, such as which argument was wrong. */
  readonly detail?: string;
  /** The underlying cause, such as an `AbortSignal`'s reason. */
  readonly cause?: unknown;
  /** The name the operation acted on, for named objects. */
  readonly path?: string;
}

/**
 * Whether a string is one of the error codes in {@link ERRNO}.
 *
 * @param code - the string to test
 * @returns `true` when `code` is an {@link ErrorCode}
 *
 * @example Check a code
 * ```ts
 * import { isErrorCode } from "ipckit/spec";
 * console.assert(isErrorCode("EPIPE") && !isErrorCode("EWHATEVER"));
 * ```
 */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && Object.hasOwn(ERRNO, code);
}

/**
 * The error every ipckit operation fails with: a POSIX `code`, its `errno`
 * number and the `syscall` that raised it, shaped like Node's `SystemError`.
 *
 * The message reads `CODE: description, syscall` (plus detail), as Node's
 * file system errors do; tests compare {@link IpcError.code}, never the message.
 *
 * @example Raise and inspect an error
 * ```ts
 * import { IpcError } from "ipckit/spec";
 * const error = new IpcError("EPIPE", "write");
 * console.assert(error.code === "EPIPE" && error.errno === 32 && error.syscall === "write");
 * ```
 */
export class IpcError extends Error {
  /** The POSIX error code, such as `"EAGAIN"`. */
  readonly code: ErrorCode;
  /** The Linux errno number of {@link IpcError.code} (positive, as in C). */
  readonly errno: number;
  /** The operation that failed, named after its POSIX call (`"read"`, `"write"`, `"pipe"`...). */
  readonly syscall: string;
  /** The name the operation acted on, when there is one. */
  readonly path: string | undefined;

  /**
   * Creates an error for a failed operation.
   *
   * @param code - the POSIX error code
   * @param syscall - the operation that failed, named after its POSIX call
   * @param options - detail, cause and path
   * @throws {TypeError} when `code` is not a known {@link ErrorCode}
   */
  constructor(code: ErrorCode, syscall: string, options: IpcErrorOptions = {}) {
    if (!isErrorCode(code)) {
      throw new TypeError(`IpcError: unknown error code ${String(code)}`);
    }
    const detail = options.detail === undefined ? "" : ` (${options.detail})`;
    const path = options.path === undefined ? "" : ` '${options.path}'`;
    super(`${code}: ${DESCRIPTIONS[code]}, ${syscall}${path}${detail}`, { cause: options.cause });
    this.name = "IpcError";
    this.code = code;
    this.errno = ERRNO[code];
    this.syscall = syscall;
    this.path = options.path;
  }

  /**
   * Whether a value is an ipckit error, optionally with a given code.
   *
   * The check looks at the shape (`code` and `syscall` strings), not at
   * `instanceof`, so it holds for errors that crossed a worker boundary or
   * come from another copy of the package.
   *
   * @param value - any caught value
   * @param code - when given, the code the error must have
   * @returns `true` when `value` is shaped like an {@link IpcError} (with `code`)
   *
   * @example Branch on a code
   * ```ts
   * import { IpcError } from "ipckit/spec";
   * const caught: unknown = new IpcError("EAGAIN", "read");
   * console.assert(IpcError.is(caught, "EAGAIN"));
   * ```
   */
  static is(value: unknown, code?: ErrorCode): value is IpcError {
    if (typeof value !== "object" || value === null) return false;
    const candidate = value as { code?: unknown; syscall?: unknown };
    if (!isErrorCode(candidate.code) || typeof candidate.syscall !== "string") return false;
    return code === undefined || candidate.code === code;
  }
}
