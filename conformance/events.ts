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
 * - `FAIL`: one of the clause's own checks did not hold: a wrong value, or
 *   an `IpcError` where the clause wants success or another code (expected
 *   and actual are given).
 * - `UNRESOLVED`: a step that sets the scene, relying on another rule, did
 *   not hold (the Open POSIX test suite's word); the result names the clause
 *   that step relied on, and the clause under test is not blamed.
 * - `TIMEOUT`: it did not finish in time (a hang, or a synchronous spin that
 *   was killed), or was not run because the run's time budget was spent.
 * - `ERROR`: the implementation did not answer: an exception that is not an
 *   `IpcError` (with its stack), a throw of a non-Error, an unhandled
 *   rejection, a crashed worker or an exit.
 * - `NOT IMPLEMENTED`: it does not provide what the test needs (its manifest
 *   says so, or it threw `ENOSYS` somewhere in the test).
 * - `SKIPPED`: the clause is optional, or needs an optional extension, and
 *   the implementation declines it.
 */
export type Status = "PASS" | "FAIL" | "UNRESOLVED" | "TIMEOUT" | "ERROR" | "NOT IMPLEMENTED" | "SKIPPED";

/** Every status, in report order. */
export const STATUSES: readonly Status[] = ["PASS", "FAIL", "UNRESOLVED", "TIMEOUT", "ERROR", "NOT IMPLEMENTED", "SKIPPED"];

/** Statuses that make a run fail. */
export const FAILING_STATUSES: ReadonlySet<Status> = new Set<Status>(["FAIL", "UNRESOLVED", "TIMEOUT", "ERROR"]);

/** An error as data: what an implementation threw, for an ERROR. */
export interface ErrorInfo {
  /** The error's name (`TypeError`), or the type of a thrown non-Error. */
  readonly name: string;
  /** Its message. */
  readonly message: string;
  /** Its stack trace, when it has one. */
  readonly stack?: string;
}

/**
 * Why a test ended as it did, as data: reports, grading and the command
 * line decide from this, never from message text.
 */
export type Cause =
  /** FAIL: a check of the clause did not hold. */
  | { readonly kind: "assertion" }
  /** FAIL: a call failed with an `IpcError` where the clause wants success. */
  | { readonly kind: "error-code"; readonly call: string; readonly code: string }
  /** FAIL: a blocking call returned a plain value instead of a promise. */
  | { readonly kind: "not-a-promise"; readonly call: string }
  /** UNRESOLVED: a step that set the scene did not hold; it relied on `clause`. */
  | { readonly kind: "setup"; readonly clause: string; readonly what: string }
  /** NOT IMPLEMENTED or SKIPPED: the manifest lacks these features; the test did not run. */
  | { readonly kind: "unsupported"; readonly features: readonly string[] }
  /** NOT IMPLEMENTED: the implementation threw or rejected with `ENOSYS`. */
  | { readonly kind: "enosys"; readonly call: string }
  /** ERROR: a call threw (or rejected with) something that is not an `IpcError`. */
  | { readonly kind: "crash"; readonly call?: string; readonly error: ErrorInfo }
  /** ERROR: a rejection nobody handled, raised by the implementation. */
  | { readonly kind: "unhandled-rejection"; readonly error: ErrorInfo }
  /** ERROR: the thread or process running the implementation ended or crashed. */
  | { readonly kind: "exit"; readonly detail: string }
  /** ERROR: the suite itself is wrong (a test used a feature it does not require). */
  | { readonly kind: "suite"; readonly detail: string }
  /** TIMEOUT: the test did not finish in its time. */
  | { readonly kind: "timeout"; readonly ms: number }
  /** TIMEOUT: the implementation did not return control (a synchronous loop); its worker was terminated. */
  | { readonly kind: "killed"; readonly ms: number }
  /** TIMEOUT: a property-based test ran fewer runs than its minimum in its time. */
  | { readonly kind: "runs"; readonly done: number; readonly wanted: number; readonly minimum: number }
  /** TIMEOUT: not run: the run's time budget was spent, or the mechanism kept timing out. */
  | { readonly kind: "budget"; readonly detail: string };

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
  /** Why the test ended so, as data; absent on PASS. */
  readonly cause?: Cause;
  /** What went wrong or why it was not run, in words: the check that failed, for a FAIL; absent on PASS. */
  readonly message?: string;
  /** What the clause requires, for a FAIL or UNRESOLVED. */
  readonly expected?: string;
  /** What happened, for a FAIL or UNRESOLVED. */
  readonly actual?: string;
  /** Facts about the run of a test that passed or failed ("62 of 100 runs"). */
  readonly notes?: readonly string[];
}

/**
 * A clause's verdict: the worst status of the tests that applied to the
 * implementation, and how many there were. Tests the manifest ruled out
 * (a part declined, a mechanism absent) do not count against a clause that
 * other tests checked; when none applied, the clause is NOT IMPLEMENTED
 * (or SKIPPED when only optional parts were missing).
 */
export interface ClauseVerdict {
  /** The verdict. */
  readonly status: Status;
  /** Tests of the clause in the run. */
  readonly tests: number;
  /** Of those, the tests that applied (ran). */
  readonly applied: number;
  /** Of those, the tests that passed. */
  readonly passed: number;
  /** The features the tests that did not apply needed, without repeats. */
  readonly needs: readonly string[];
}

/** The last event of a run. */
export interface RunEndEvent {
  readonly type: "end";
  /** How many tests ended in each status. */
  readonly counts: Readonly<Record<Status, number>>;
  /** Per clause: its verdict. */
  readonly clauses: Readonly<Record<string, ClauseVerdict>>;
  /**
   * `true` when at least one test applied and nothing failed, was
   * unresolved, timed out or errored.
   */
  readonly ok: boolean;
  /** Why the run is not ok although no test failed (no test applied, say). */
  readonly problem?: string;
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
  UNRESOLVED: 3,
  FAIL: 4,
  TIMEOUT: 5,
  ERROR: 6,
};

/**
 * The worse of two statuses.
 *
 * @param a - a status
 * @param b - another
 * @returns the one that counts more against the implementation
 *
 * @example
 * ```ts
 * import { worseStatus } from "ipckit/conformance";
 * console.assert(worseStatus("PASS", "FAIL") === "FAIL" && worseStatus("UNRESOLVED", "NOT IMPLEMENTED") === "UNRESOLVED");
 * ```
 */
export function worseStatus(a: Status, b: Status): Status {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/** Whether a result is a test the manifest ruled out, which did not run. */
function ruledOut(result: TestResultEvent): boolean {
  return result.cause?.kind === "unsupported";
}

/**
 * Each clause's verdict from its tests' results (see {@link ClauseVerdict}).
 *
 * @param results - test results, any order
 * @returns the verdicts, by clause, in the order clauses first appear
 *
 * @example One test applied and passed, one needed signals
 * ```ts
 * import { clauseVerdicts } from "ipckit/conformance";
 * const base = { type: "test", clause: "PIPE-ERR-4", rule: "", level: "core", title: "", durationMs: 0 } as const;
 * const verdicts = clauseVerdicts([
 *   { ...base, key: "a", status: "PASS" },
 *   { ...base, key: "b", status: "NOT IMPLEMENTED", cause: { kind: "unsupported", features: ["signal"] } },
 * ]);
 * console.assert(verdicts["PIPE-ERR-4"]?.status === "PASS" && verdicts["PIPE-ERR-4"]?.needs[0] === "signal");
 * ```
 */
export function clauseVerdicts(results: readonly TestResultEvent[]): Record<string, ClauseVerdict> {
  const byClause = new Map<string, TestResultEvent[]>();
  for (const result of results) {
    const list = byClause.get(result.clause);
    if (list === undefined) byClause.set(result.clause, [result]);
    else list.push(result);
  }
  const verdicts: Record<string, ClauseVerdict> = {};
  for (const [clause, list] of byClause) {
    const applied = list.filter((r) => !ruledOut(r));
    const counted = applied.length > 0 ? applied : list;
    let status: Status = counted[0]!.status;
    for (const result of counted) status = worseStatus(status, result.status);
    const needs = new Set<string>();
    for (const result of list) {
      if (result.cause?.kind === "unsupported") for (const feature of result.cause.features) needs.add(feature);
    }
    verdicts[clause] = {
      status,
      tests: list.length,
      applied: applied.length,
      passed: applied.filter((r) => r.status === "PASS").length,
      needs: [...needs],
    };
  }
  return verdicts;
}

/**
 * A clause's verdict in words: `PASS`, or `PASS, 3 of 4 tests; 1 needs signal`.
 *
 * @param verdict - the verdict
 * @returns the words
 *
 * @example
 * ```ts
 * import { describeVerdict } from "ipckit/conformance";
 * console.assert(describeVerdict({ status: "PASS", tests: 4, applied: 3, passed: 3, needs: ["signal"] }) === "PASS, 3 of 4 tests; 1 needs signal");
 * console.assert(describeVerdict({ status: "FAIL", tests: 2, applied: 2, passed: 1, needs: [] }) === "FAIL, 1 of 2 tests passed");
 * ```
 */
export function describeVerdict(verdict: ClauseVerdict): string {
  const { status, tests, applied, passed, needs } = verdict;
  if (applied === tests) {
    return applied > 1 && passed < applied ? `${status}, ${passed} of ${plural(applied, "test")} passed` : status;
  }
  if (applied === 0) return `${status}: needs ${needs.join(", ")}`;
  const left = tests - applied;
  const ran = status === "PASS" ? `${applied} of ${plural(tests, "test")}` : `${passed} of ${applied} applicable tests passed`;
  return `${status}, ${ran}; ${left} ${left === 1 ? "needs" : "need"} ${needs.join(", ")}`;
}

/**
 * `count` and a noun, pluralised: `1 test`, `2 tests`.
 *
 * @param count - how many
 * @param noun - the singular noun
 * @param pluralForm - the plural, when not `noun` + `s`
 * @returns the phrase
 *
 * @example
 * ```ts
 * import { plural } from "ipckit/conformance";
 * console.assert(plural(1, "test") === "1 test" && plural(2, "test") === "2 tests" && plural(0, "run") === "0 runs");
 * ```
 */
export function plural(count: number, noun: string, pluralForm = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralForm}`;
}

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
 * console.assert(!end.ok && end.counts.PASS === 0 && end.problem !== undefined);
 * ```
 */
export function summarize(results: readonly TestResultEvent[], durationMs: number): RunEndEvent {
  const counts: Record<Status, number> = {
    PASS: 0,
    FAIL: 0,
    UNRESOLVED: 0,
    TIMEOUT: 0,
    ERROR: 0,
    "NOT IMPLEMENTED": 0,
    SKIPPED: 0,
  };
  for (const result of results) counts[result.status]++;
  const failed = results.some((r) => FAILING_STATUSES.has(r.status));
  // A run in which nothing was checked (every test ruled out by the manifest,
  // or not implemented) proves nothing: it is not OK.
  const applied = results.some((r) => r.status !== "NOT IMPLEMENTED" && r.status !== "SKIPPED");
  const problem = applied
    ? undefined
    : results.length === 0
      ? "no test ran"
      : "no test applied: every selected test needs something the implementation does not provide";
  return {
    type: "end",
    counts,
    clauses: clauseVerdicts(results),
    ok: !failed && applied,
    ...(problem === undefined ? {} : { problem }),
    durationMs,
  };
}
