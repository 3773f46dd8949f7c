/**
 * A pipe's capacity: the rules that `pipe({ capacity })` and `setCapacity`
 * (`fcntl(F_SETPIPE_SZ)`) share (PIPE-CAP-1 to PIPE-CAP-6).
 *
 * @module
 */

import { PAGE_SIZE, PIPE_MAX_SIZE, PIPE_MAX_SIZE_PRIVILEGED, ROOT_UID } from "../../spec/constants.ts";
import { IpcError } from "../../spec/errors.ts";
import { requirePositiveInteger } from "../base/validate.ts";
import type { ProcessCore } from "../kernel/process-core.ts";

/**
 * Rounds a requested capacity as `F_SETPIPE_SZ` does: up to a power-of-two
 * number of pages, at least one page (PIPE-CAP-2). The request is assumed
 * to be a positive integer no larger than `PIPE_MAX_SIZE_PRIVILEGED`.
 *
 * @param bytes - the capacity asked for
 * @returns the capacity the pipe gets
 */
export function roundPipeCapacity(bytes: number): number {
  const pages = Math.max(1, Math.ceil(bytes / PAGE_SIZE));
  // The smallest power of two >= pages (pages <= 2^19, so 32-bit arithmetic is exact).
  const powerOfTwoPages = pages === 1 ? 1 : 2 ** (32 - Math.clz32(pages - 1));
  return powerOfTwoPages * PAGE_SIZE;
}

/**
 * Checks a capacity request made by `caller` and rounds it.
 *
 * @param bytes - the capacity asked for
 * @param caller - the process asking, whose credentials decide `EPERM`
 * @param syscall - `"pipe"` or `"fcntl"`, for errors
 * @returns the rounded capacity
 * @throws {IpcError} `EINVAL` (PIPE-CAP-5, PIPE-CAP-3), `EPERM` (PIPE-CAP-3)
 */
export function requestedCapacity(bytes: unknown, caller: ProcessCore, syscall: string): number {
  // PIPE-CAP-5: a capacity must be a positive safe integer.
  const asked = requirePositiveInteger(bytes, syscall, "capacity");
  // PIPE-CAP-3: above PIPE_MAX_SIZE_PRIVILEGED nobody may ask...
  if (asked > PIPE_MAX_SIZE_PRIVILEGED) {
    throw new IpcError("EINVAL", syscall, {
      detail: `capacity ${asked} is above the largest pipe size, ${PIPE_MAX_SIZE_PRIVILEGED}`,
    });
  }
  // PIPE-CAP-2: rounded up to a power-of-two number of pages, at least one.
  const capacity = roundPipeCapacity(asked);
  // PIPE-CAP-3: ...and above PIPE_MAX_SIZE only root may.
  if (capacity > PIPE_MAX_SIZE && caller.credentials.uid !== ROOT_UID) {
    throw new IpcError("EPERM", syscall, {
      detail: `capacity ${asked} is above ${PIPE_MAX_SIZE}, the most an unprivileged process may ask for`,
    });
  }
  return capacity;
}
