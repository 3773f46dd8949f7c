/**
 * How blocked calls are interrupted: by a signal handler (`EINTR`,
 * SIG-BLK-5 and each mechanism's EINTR clause), by an `AbortSignal`
 * (`ECANCELED`), or by the end of their process.
 *
 * Every blocking call of the reference waits in a {@link WaitQueue}; a call
 * that names the process blocked in it (its {@link Blocker}) is registered
 * with that process as a {@link BlockedCall} for as long as it waits. A
 * handler run for the process interrupts the oldest of them: the queue then
 * settles the waiter through the same `onAbort` path an `AbortSignal`
 * takes, with an {@link Interruption} as the reason, so each mechanism
 * decides once what an interrupted call returns (a partial count, or an
 * error) and {@link canceled} turns the reason into `EINTR` or `ECANCELED`.
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";

/**
 * What a signal handler does to a blocked call (signal(7)):
 *
 * - `"restart"`: restarted under `SA_RESTART` (pipe, FIFO and socket I/O,
 *   FIFO open, accept, connect, POSIX queues, semaphores), else `EINTR`;
 * - `"never"`: `EINTR` even under `SA_RESTART` (System V queues, sigwait);
 * - `"uninterruptible"`: the call goes on waiting after the handler
 *   (`pthread_mutex_lock` never fails `EINTR`).
 */
export type RestartRule = "restart" | "never" | "uninterruptible";

/**
 * The reason a blocked call is settled early: a signal handler ran
 * (`"signal"`), or the process it was made by ended (`"exit"`). Mechanisms
 * receive it as the `reason` of their `onAbort` callback.
 */
export class Interruption {
  /** Why: a handler ran, or the process ended. */
  readonly cause: "signal" | "exit";

  /**
   * Makes the reason.
   *
   * @param cause - a handler ran (`"signal"`), or the process ended (`"exit"`)
   */
  constructor(cause: "signal" | "exit") {
    this.cause = cause;
  }
}

/**
 * The error of a blocked call settled early without a result: `EINTR` when
 * `reason` is an {@link Interruption} (a handler ran, or the process ended),
 * else `ECANCELED` with the abort signal's reason as its cause.
 *
 * @param syscall - the call, for the error
 * @param reason - the abort signal's reason, or an {@link Interruption}
 * @returns the error to reject with
 */
export function canceled(syscall: string, reason: unknown): IpcError {
  if (reason instanceof Interruption) {
    const detail = reason.cause === "signal" ? "a signal handler interrupted the call" : "the process ended while the call waited";
    return new IpcError("EINTR", syscall, { detail });
  }
  return new IpcError("ECANCELED", syscall, { cause: reason, detail: "the operation's signal was aborted" });
}

/**
 * A call blocked in a wait queue, as its process sees it.
 */
export interface BlockedCall {
  /** The call, such as `"read"`. */
  readonly syscall: string;
  /** What a handler does to it. */
  readonly restart: RestartRule;
  /**
   * Settles the call early through its queue's `onAbort` path, with
   * `reason` as the abort reason; does nothing once it has settled.
   *
   * @param reason - why
   */
  interrupt(reason: Interruption): void;
}

/**
 * Who is blocked in a call: the process a wait queue registers the call
 * with while it waits (the reference's processes are blockers).
 */
export interface Blocker {
  /**
   * Registers a call as it starts waiting.
   *
   * @param call - the call
   */
  block(call: BlockedCall): void;
  /**
   * Unregisters a call once it has settled.
   *
   * @param call - the call
   */
  unblock(call: BlockedCall): void;
}
