/**
 * A queue's registration for notification (`mq_notify(3)`): at most one
 * process at a time (MQ-LIFE-10), told once when a message arrives in the
 * empty queue (MQ-LIFE-11), after the send returns (MQ-LIFE-15).
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { ProcessCore } from "../kernel/process-core.ts";

/** A process's registration for notification (MQ-LIFE-10). */
interface Registration {
  /** The registered process. */
  readonly process: ProcessCore;
  /** What to call. */
  readonly callback: () => void;
}

/** One queue's notification. */
export class Notification {
  #registration: Registration | undefined = undefined;

  /**
   * The process registered.
   *
   * @returns the process, or `undefined` when none is
   */
  get process(): ProcessCore | undefined {
    return this.#registration?.process;
  }

  /**
   * `mq_notify`: registers `process`, or removes its registration when
   * `callback` is `null`.
   *
   * @param process - the calling process
   * @param callback - what to call, or `null`
   * @throws {IpcError} `EBUSY` when a registration exists (MQ-LIFE-10)
   */
  notify(process: ProcessCore, callback: (() => void) | null): void {
    if (callback === null) {
      // MQ-LIFE-13: null removes the caller's registration; anyone else's stays.
      this.forget(process);
      return;
    }
    // MQ-LIFE-10: one registration per queue, even for the registered process.
    if (this.#registration !== undefined) {
      throw new IpcError("EBUSY", "mq_notify", { detail: `process ${this.#registration.process.pid} is registered` });
    }
    this.#registration = { process, callback };
  }

  /**
   * Removes `process`'s registration, if it has the one (MQ-LIFE-13, MQ-LIFE-14).
   *
   * @param process - the process
   */
  forget(process: ProcessCore): void {
    if (this.#registration?.process === process) this.#registration = undefined;
  }

  /** A message arrived in the empty queue: the registration is called once and removed (MQ-LIFE-11). */
  fire(): void {
    const registration = this.#registration;
    if (registration === undefined) return;
    this.#registration = undefined;
    // MQ-LIFE-15: after the send returns, never inside it, with no arguments.
    // An exception the callback throws is not caught: it surfaces as an
    // uncaught error of the microtask, as a thread's would.
    queueMicrotask(() => registration.callback.call(undefined));
  }
}
