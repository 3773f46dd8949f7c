/**
 * The options of a blocking call, read in one place: its abort signal and,
 * for a timed call, its absolute `deadline` or (for `sigtimedwait`) its
 * relative `timeout`, turned into a deadline. The wait queue
 * (`reference/base/wait-queue.ts`) takes both.
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import { requireOptionalDeadline } from "./deadline.ts";
import { describeType, requireOptionalObject, requireOptionalSignal } from "./validate.ts";

/** A blocking call's options, checked. */
export interface Blocking {
  /** Stops the wait when it fires; it may be aborted already (each call decides when that is checked). */
  readonly signal: AbortSignal | undefined;
  /** The absolute deadline of a timed call, in milliseconds since the epoch; `undefined` when untimed. */
  readonly deadline: number | undefined;
}

/** Which timing a call takes besides its signal. */
export type Timing =
  /** An absolute `deadline`; its errors name `syscall` (the timed form, such as `"sem_timedwait"`). */
  | { readonly deadline: string }
  /** A relative `timeout` in milliseconds (`sigtimedwait`), from now. */
  | { readonly timeout: true };

/** What an untimed call without options gets: nothing to stop it, no deadline. */
const UNTIMED: Blocking = Object.freeze({ signal: undefined, deadline: undefined });

/**
 * Checks a blocking call's options: an object or absent, its `signal` an
 * `AbortSignal` or absent, then its timing, when the call takes one (a
 * deadline a finite number of at least 0: MQ-TMO-3, SEM-TMO-3, MUTEX-TMO-3; a
 * timeout likewise: SIG-ERR-2).
 *
 * @param options - the argument
 * @param syscall - the call, named in the errors about the object and its signal
 * @param timing - the timing the call takes; absent for an untimed call
 * @returns the signal and the absolute deadline
 * @throws {IpcError} `EINVAL` when `options` is not an object, `signal` not an
 *   `AbortSignal`, or the deadline or timeout not a finite number of at least 0
 */
export function parseBlocking(options: unknown, syscall: string, timing?: Timing): Blocking {
  if (options === undefined) return UNTIMED;
  const checked = requireOptionalObject(options, syscall, "options");
  const signal = requireOptionalSignal(checked?.["signal"], syscall, "options.signal");
  if (timing === undefined) return signal === undefined ? UNTIMED : { signal, deadline: undefined };
  if ("deadline" in timing) return { signal, deadline: requireOptionalDeadline(checked?.["deadline"], timing.deadline, "options.deadline") };
  const timeout = checked?.["timeout"];
  if (timeout === undefined) return { signal, deadline: undefined };
  if (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout < 0) {
    throw new IpcError("EINVAL", syscall, { detail: `options.timeout must be a finite number of at least 0, got ${describeType(timeout)}` });
  }
  // SIG-TMO-1: the timeout runs from the call.
  return { signal, deadline: Date.now() + timeout };
}
