/**
 * The canonical result of a conformance run: one stream of structured events
 * (start, one result per test, end). Every report format (pretty, JSON, JUnit,
 * TAP) is a view of this stream.
 *
 * @module
 */

import type { Level } from "../spec/clause.ts";

/**
 * The outcome of one test.
 *
 * - `PASS`: the implementation did what the clause requires.
 * - `FAIL`: it did something else (expected and actual are given).
 * - `TIMEOUT`: it did not finish in time (a hang, or a synchronous spin that was killed).
 * - `ERROR`: it crashed the test: an unexpected throw, a throw of a non-Error,
 *   an unhandled rejection, an exit or a failure to load.
 * - `NOT IMPLEMENTED`: it does not provide what the test needs (its manifest
 *   says so, or it threw `ENOSYS`).
 * - `SKIPPED`: the clause is optional and the implementation declines it, or
 *   the run's selection left the test out.
 */
export type Status = "PASS" | "FAIL" | "TIMEOUT" | "ERROR" | "NOT IMPLEMENTED" | "SKIPPED";

/** Every status, in report order. */
export const STATUSES: readonly Status[] = ["PASS", "FAIL", "TIMEOUT", "ERROR", "NOT IMPLEMENTED", "SKIPPED"];

/** Statuses that make a run fail. */
export const FAILING_STATUSES: ReadonlySet<Status> = new Set<Status>(["FAIL", "TIMEOUT", "ERROR"]);

/** The first event of a run. */
export interface RunStartEvent {
  readonly type: "start";
  /** The adapter's name. */
  readonly implementation: string;
  /** Runtime name and version, such as `node 20.20.2`. */
  readonly runtime: string;
  /** The seed for this run; pass it back with `--seed` to replay. */
  readonly seed: number;
  /** How many tests will be reported. */
  readonly total: number;
  /** The per-test timeout in milliseconds, before a test's own factor. */
  readonly timeoutMs: number;
  /** ISO time the run started. */
  readonly startedAt: string;
}

/** The result of one test. */
export interface TestResultEvent {
  readonly type: "test";
  /** The clause the test checks. */
  readonly clause: string;
  /** The clause's rule, in one sentence. */
  readonly rule: string;
  /** The clause's level. */
  readonly level: Level;
  /** The test's title: the rule it checks. */
  readonly title: string;
  /** `[CLAUSE] title`, unique within the run. */
  readonly key: string;
  /** The outcome. */
  readonly status: Status;
  /** How long the test took, in milliseconds. */
  readonly durationMs: number;
  /** What went wrong or why it was not run; absent on PASS. */
  readonly message?: string;
  /** What the clause requires, for a FAIL. */
  readonly expected?: string;
  /** What happened, for a FAIL. */
  readonly actual?: string;
}

/** The last event of a run. */
export interface RunEndEvent {
  readonly type: "end";
  /** How many tests ended in each status. */
  readonly counts: Readonly<Record<Status, number>>;
  /** Per clause: its worst status over its tests. */
  readonly clauses: Readonly<Record<string, Status>>;
  /** `true` when nothing failed, timed out or errored. */
  readonly ok: boolean;
  /** Wall time of the run in milliseconds. */
  readonly durationMs: number;
}

/** Any event of a run. */
export type RunEvent = RunStartEvent | TestResultEvent | RunEndEvent;

/** How bad each status is, for aggregating a clause's tests. */
const SEVERITY: Readonly<Record<Status, number>> = {
  PASS: 0,
  SKIPPED: 1,
  "NOT IMPLEMENTED": 2,
  FAIL: 3,
  TIMEOUT: 4,
  ERROR: 5,
};

/**
 * Summarises test results into the end event.
 *
 * @param results - every test result of the run
 * @param durationMs - the run's wall time
 * @returns the end event
 *
 * @example
 * ```ts
 * import { summarize } from "ipckit/conformance";
 * const end = summarize([], 0);
 * console.assert(end.ok && end.counts.PASS === 0);
 * ```
 */
export function summarize(results: readonly TestResultEvent[], durationMs: number): RunEndEvent {
  const counts: Record<Status, number> = {
    PASS: 0,
    FAIL: 0,
    TIMEOUT: 0,
    ERROR: 0,
    "NOT IMPLEMENTED": 0,
    SKIPPED: 0,
  };
  const clauses: Record<string, Status> = {};
  for (const result of results) {
    counts[result.status]++;
    const previous = clauses[result.clause];
    if (previous === undefined || SEVERITY[result.status] > SEVERITY[previous]) {
      clauses[result.clause] = result.status;
    }
  }
  const ok = counts.FAIL + counts.TIMEOUT + counts.ERROR === 0;
  return { type: "end", counts, clauses, ok, durationMs };
}
