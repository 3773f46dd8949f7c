/**
 * Runtime edge: one worker thread running code that is not trusted, and the
 * messages it sends, each awaited with a time limit. Shared by `ipckit test`
 * (cli/isolate.ts) and `ipckit bench` (cli/bench.ts): a worker that spins is
 * killed, one that crashes or exits says so, and the caller starts another.
 *
 * @module
 */

import { Worker } from "node:worker_threads";
import { siblingUrl } from "./load.ts";

/** What waiting for a worker's next message came to. */
export type Outcome<Message> =
  | { readonly kind: "message"; readonly message: Message }
  | { readonly kind: "crash"; readonly message: string }
  | { readonly kind: "timeout" };

/** One worker and the messages it sends, in order. */
export class WorkerHost<Incoming, Outgoing> {
  readonly #worker: Worker;
  #waiting: ((outcome: Outcome<Incoming>) => void) | undefined;
  #early: Outcome<Incoming>[] = [];

  /**
   * Starts a worker.
   *
   * @param script - the worker module, a sibling of this one, without extension (`./worker`)
   * @param workerData - what the worker starts with
   */
  constructor(script: string, workerData: unknown) {
    this.#worker = new Worker(new URL(siblingUrl(script)), { workerData });
    this.#worker.on("message", (message: Incoming) => this.#deliver({ kind: "message", message }));
    this.#worker.on("error", (error: unknown) =>
      this.#deliver({ kind: "crash", message: `uncaught exception in the implementation: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` }),
    );
    this.#worker.on("exit", (code: number) =>
      this.#deliver({ kind: "crash", message: `the implementation ended its thread (exit code ${code})` }),
    );
  }

  #deliver(outcome: Outcome<Incoming>): void {
    const waiting = this.#waiting;
    if (waiting === undefined) {
      this.#early.push(outcome);
      return;
    }
    this.#waiting = undefined;
    waiting(outcome);
  }

  /**
   * Waits for the next message, crash or the timeout.
   *
   * @param timeoutMs - how long to wait
   * @returns what happened first
   */
  next(timeoutMs: number): Promise<Outcome<Incoming>> {
    const early = this.#early.shift();
    if (early !== undefined) return Promise.resolve(early);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        resolve({ kind: "timeout" });
      }, timeoutMs);
      this.#waiting = (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
    });
  }

  /**
   * Sends a message to the worker.
   *
   * @param message - plain data
   */
  send(message: Outgoing): void {
    this.#worker.postMessage(message);
  }

  /** Ends the worker, whatever it is doing. */
  async kill(): Promise<void> {
    this.#waiting = undefined;
    await this.#worker.terminate();
  }
}
