/**
 * The messages between the CLI's main thread and the worker that runs the
 * implementation under test. Plain data only: it crosses a thread boundary.
 *
 * @module
 */

import type { Supports } from "../conformance/harness.ts";
import type { ResolvedRunOptions, TestOutcome } from "../conformance/runner.ts";

/** What the worker is started with. */
export interface WorkerInput {
  /** URL of the adapter module. */
  readonly moduleUrl: string;
  readonly options: ResolvedRunOptions;
}

/** Worker to main. */
export type WorkerMessage =
  | { readonly type: "ready"; readonly name: string; readonly supports: Supports; readonly missing: readonly string[] }
  | { readonly type: "load-error"; readonly message: string }
  | { readonly type: "outcome"; readonly key: string; readonly outcome: TestOutcome };

/** Main to worker. */
export type MainMessage = { readonly type: "run"; readonly key: string };
