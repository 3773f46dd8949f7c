/**
 * Numeric limits of the specified system, with Linux's values.
 *
 * @module
 */

/**
 * The size of a memory page in bytes; pipe capacities are whole numbers of pages.
 *
 * @example Capacity in pages
 * ```ts
 * import { DEFAULT_PIPE_CAPACITY, PAGE_SIZE } from "ipckit/spec";
 * console.assert(DEFAULT_PIPE_CAPACITY / PAGE_SIZE === 16);
 * ```
 */
export const PAGE_SIZE = 4096;

/**
 * The largest write to a pipe that is atomic (PIPE-ATOM-1): its bytes are never
 * interleaved with another writer's.
 *
 * @example The atomic limit
 * ```ts
 * import { PIPE_BUF } from "ipckit/spec";
 * console.assert(PIPE_BUF === 4096);
 * ```
 */
export const PIPE_BUF = 4096;

/**
 * The capacity of a new pipe in bytes when none is asked for (PIPE-CAP-1).
 *
 * @example The default capacity
 * ```ts
 * import { DEFAULT_PIPE_CAPACITY } from "ipckit/spec";
 * console.assert(DEFAULT_PIPE_CAPACITY === 65536);
 * ```
 */
export const DEFAULT_PIPE_CAPACITY = 65536;

/**
 * The smallest pipe capacity: one page. Smaller requests are rounded up (PIPE-CAP-2).
 *
 * @example The smallest capacity
 * ```ts
 * import { MIN_PIPE_CAPACITY } from "ipckit/spec";
 * console.assert(MIN_PIPE_CAPACITY === 4096);
 * ```
 */
export const MIN_PIPE_CAPACITY = PAGE_SIZE;

/**
 * The largest capacity an unprivileged process may ask for (Linux's
 * `/proc/sys/fs/pipe-max-size`); above it the request fails `EPERM`
 * unless the caller is root (PIPE-CAP-3).
 *
 * @example The unprivileged ceiling
 * ```ts
 * import { PIPE_MAX_SIZE } from "ipckit/spec";
 * console.assert(PIPE_MAX_SIZE === 1048576);
 * ```
 */
export const PIPE_MAX_SIZE = 1048576;

/**
 * The largest capacity anyone, root included, may ask for; above it the request
 * fails `EINVAL` (PIPE-CAP-3). Linux's bound is 2^31 bytes.
 *
 * @example The absolute ceiling
 * ```ts
 * import { PIPE_MAX_SIZE_PRIVILEGED } from "ipckit/spec";
 * console.assert(PIPE_MAX_SIZE_PRIVILEGED === 2 ** 31);
 * ```
 */
export const PIPE_MAX_SIZE_PRIVILEGED = 2 ** 31;

/**
 * The user id of the superuser, who bypasses permission checks and limits.
 *
 * @example Root's id
 * ```ts
 * import { ROOT_UID } from "ipckit/spec";
 * console.assert(ROOT_UID === 0);
 * ```
 */
export const ROOT_UID = 0;
