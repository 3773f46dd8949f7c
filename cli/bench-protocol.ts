/**
 * The messages between `ipckit bench`'s main thread and the worker that
 * measures a module's implementation. Plain data only: it crosses a thread
 * boundary.
 *
 * @module
 */

import type { BenchMeasurement, BenchProfile } from "../conformance/bench/types.ts";
import type { Supports } from "../conformance/harness.ts";

/** What the worker is started with. */
export interface BenchWorkerInput {
  /** URL of the adapter module. */
  readonly moduleUrl: string;
}

/** Worker to main. */
export type BenchWorkerMessage =
  | { readonly type: "ready"; readonly name: string; readonly supports: Supports }
  | { readonly type: "load-error"; readonly message: string }
  | { readonly type: "measured"; readonly workload: string; readonly measurement: BenchMeasurement };

/** Main to worker: measure one workload. */
export type BenchMainMessage = { readonly type: "measure"; readonly workload: string; readonly profile: BenchProfile };
