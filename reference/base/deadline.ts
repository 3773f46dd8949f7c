/**
 * Timed waits: the absolute deadlines of `mq_timedsend(3)`,
 * `mq_timedreceive(3)`, `sem_timedwait(3)` and `pthread_mutex_timedlock(3p)`
 * (and the relative timeout of `sigtimedwait(2)`, turned into one), in
 * milliseconds on the clock of `Date.now()` (the JavaScript analogue of
 * `CLOCK_REALTIME`).
 *
 * A timed call checks its deadline with {@link requireOptionalDeadline}
 * (through `parseBlocking`, `reference/base/blocking.ts`) before anything
 * else changes, and hands it to the wait queue with its waiter: the queue
 * fails the wait at once when the deadline has passed ({@link deadlinePassed}),
 * and otherwise arms a {@link DeadlineTimer} that it cancels when the waiter
 * settles. {@link timedOut} is the error of every timed wait that expires.
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import { describeType } from "./validate.ts";

/**
 * The longest delay `setTimeout` honours (2^31 - 1 ms, about 24.8 days);
 * longer delays fire at once in some runtimes, so a far deadline is reached
 * in several steps.
 */
const MAX_TIMER_DELAY = 2147483647;

/**
 * Returns a deadline option when it is absent or a finite number of at least
 * 0 (MQ-TMO-3, SEM-TMO-3, MUTEX-TMO-3).
 *
 * @param value - the option
 * @param syscall - the operation, for the error
 * @param argName - the option's name, for the error's detail
 * @returns the deadline, or `undefined` when absent
 * @throws {IpcError} `EINVAL` when `value` is present and not a finite number of at least 0
 */
export function requireOptionalDeadline(value: unknown, syscall: string, argName: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new IpcError("EINVAL", syscall, {
      detail: `${argName} must be a finite number of milliseconds since the epoch, at least 0, got ${describeType(value)}`,
    });
  }
  return value;
}

/**
 * The `ETIMEDOUT` of a timed call whose deadline passed while it would wait
 * (MQ-TMO-1, SEM-TMO-1, MUTEX-TMO-1): the default error of a timed wait in
 * a wait queue.
 *
 * @param syscall - the call, such as `"mq_timedsend"`
 * @param detail - what did not happen in time
 * @returns the error
 */
export function timedOut(syscall: string, detail = "the deadline passed while the call waited"): IpcError {
  return new IpcError("ETIMEDOUT", syscall, { detail });
}

/**
 * Whether a deadline has passed: `Date.now()` has reached it.
 *
 * @param deadline - milliseconds since the epoch
 * @returns `true` once the deadline is reached
 */
export function deadlinePassed(deadline: number): boolean {
  return Date.now() >= deadline;
}

/**
 * A timer that calls its callback once `Date.now()` reaches a deadline,
 * unless cancelled first. A timer that fires early (some runtimes round
 * delays) or a deadline beyond the longest delay a timer honours is re-armed
 * until the deadline is really reached.
 */
export class DeadlineTimer {
  readonly #deadline: number;
  readonly #onExpiry: () => void;
  #handle: ReturnType<typeof setTimeout> | undefined = undefined;

  /**
   * Arms the timer.
   *
   * @param deadline - milliseconds since the epoch, already checked by {@link requireOptionalDeadline}
   * @param onExpiry - called once, from a timer task, when the deadline is reached
   */
  constructor(deadline: number, onExpiry: () => void) {
    this.#deadline = deadline;
    this.#onExpiry = onExpiry;
    this.#arm();
  }

  /**
   * Whether the timer will still fire.
   *
   * @returns `false` once it fired or was cancelled
   */
  get armed(): boolean {
    return this.#handle !== undefined;
  }

  /**
   * Stops the timer; the callback is never called. Cancelling twice, or
   * after it fired, does nothing.
   */
  cancel(): void {
    if (this.#handle !== undefined) clearTimeout(this.#handle);
    this.#handle = undefined;
  }

  #arm(): void {
    const delay = Math.min(Math.max(0, this.#deadline - Date.now()), MAX_TIMER_DELAY);
    this.#handle = setTimeout(() => {
      // Timers may fire a little early, and a far deadline takes several steps.
      if (!deadlinePassed(this.#deadline)) {
        this.#arm();
        return;
      }
      this.#handle = undefined;
      this.#onExpiry();
    }, delay);
  }
}
