/**
 * Scoring a submission from its run: the verdicts as they stand (PASS
 * earns a clause's points; FAIL, TIMEOUT, ERROR, UNRESOLVED, NOT
 * IMPLEMENTED and SKIPPED earn none), per clause with all-or-nothing or
 * proportional credit, over the tests the plan counts. Tests the run did not
 * report (it could not load, spent its budget, crashed or ran out of
 * memory) are given the status that says why. Runtime-neutral and pure.
 *
 * @module
 */

import { STATUSES, worseStatus } from "../events.ts";
import type { Cause, RunEvent, Status, TestResultEvent } from "../events.ts";
import type { PlannedClause, GradePlan, PlannedTest } from "./plan.ts";
import { roundPoints } from "./plan.ts";
import type { RunStop, Submission, SubmissionRun } from "./runner.ts";

/** A counted clause with what the submission earned on it. */
export interface ScoredClause extends PlannedClause {
  /** Points earned. */
  readonly earned: number;
  /** PASS when every counted test passed; else the worst status among them. */
  readonly status: Status;
  /** Counted tests that passed. */
  readonly passed: number;
  /** The results of its counted tests, in suite order. */
  readonly results: readonly TestResultEvent[];
}

/** A submission's score. */
export interface SubmissionScore {
  readonly student: string;
  /** The adapter's name, when it loaded. */
  readonly implementation: string;
  /** The adapter's file name as the student knows it. */
  readonly entryName: string;
  /** The class's seed. */
  readonly seed: number;
  /** Points earned. */
  readonly score: number;
  /** Points possible. */
  readonly maxScore: number;
  /** Every counted clause, in registry order. */
  readonly clauses: readonly ScoredClause[];
  /** Counted tests by status. */
  readonly counts: Readonly<Record<Status, number>>;
  /** Why the submission could not be graded normally (it did not load), in a sentence. */
  readonly problem?: string;
  /** How the run stopped early, when it did. */
  readonly stopped?: RunStop;
}

/** The status and cause of a planned test the run did not report. */
function missingOutcome(stop: RunStop | undefined): { status: Status; cause: Cause; message: string } {
  switch (stop?.kind) {
    case "load":
      return { status: "ERROR", cause: { kind: "exit", detail: stop.detail }, message: `not run: the submission could not be loaded: ${stop.detail}` };
    case "budget":
      return { status: "TIMEOUT", cause: { kind: "budget", detail: stop.detail }, message: `not run: ${stop.detail}` };
    case "out-of-memory":
      return { status: "ERROR", cause: { kind: "exit", detail: stop.detail }, message: `not run: the submission ran out of memory: ${stop.detail}` };
    case "crash":
      return { status: "ERROR", cause: { kind: "exit", detail: stop.detail }, message: `not run: ${stop.detail}` };
    default:
      return { status: "ERROR", cause: { kind: "exit", detail: "the run did not report this test" }, message: "not run: the run did not report this test" };
  }
}

/**
 * The result of a planned test the run did not report.
 *
 * @param test - the planned test
 * @param clause - its clause in the plan
 * @param stop - why the run stopped, if it said
 * @returns a result whose status and cause say why it was not run
 */
export function unreportedResult(test: PlannedTest, clause: Pick<PlannedClause, "rule" | "level">, stop: RunStop | undefined): TestResultEvent {
  const { status, cause, message } = missingOutcome(stop);
  return { type: "test", clause: test.clause, rule: clause.rule, level: clause.level, title: test.title, key: test.key, status, durationMs: 0, cause, message };
}

/**
 * Scores one submission.
 *
 * @param plan - the assignment's plan
 * @param submission - the submission
 * @param run - what running it came to
 * @returns its score, clause by clause
 *
 * @example Two of three clauses pass
 * ```ts
 * import { resolveGradeConfig } from "../../conformance/grade/config.ts";
 * import { scoreSubmission } from "../../conformance/grade/score.ts";
 * const config = resolveGradeConfig({ features: ["pipe"], points: 2 });
 * const test = (clause: string) => ({ key: `[${clause}] t`, clause, title: "t", requires: ["pipe"] as const });
 * const clause = (id: string) => ({ id, mechanism: "pipe", level: "core", rule: "r.", points: 2, partialCredit: "all", visibility: "visible", hidden: false, tests: [`[${id}] t`] }) as const;
 * const plan = { config, tests: [test("A-B-1"), test("A-B-2"), test("A-B-3")], clauses: [clause("A-B-1"), clause("A-B-2"), clause("A-B-3")], maxScore: 6 };
 * const result = (clause: string, status: "PASS" | "FAIL") => ({ type: "test", clause, rule: "r.", level: "core", title: "t", key: `[${clause}] t`, status, durationMs: 1 }) as const;
 * const score = scoreSubmission(plan, { student: "ann", entryName: "adapter.ts" }, { events: [result("A-B-1", "PASS"), result("A-B-2", "FAIL")], stopped: { kind: "budget", detail: "the budget was spent" }, durationMs: 5, notes: [] });
 * console.assert(score.score === 2 && score.maxScore === 6);
 * console.assert(score.clauses[2]?.status === "TIMEOUT" && score.counts.TIMEOUT === 1);
 * ```
 */
export function scoreSubmission(plan: GradePlan, submission: Submission, run: SubmissionRun): SubmissionScore {
  const reported = new Map<string, TestResultEvent>();
  let implementation = "";
  for (const event of run.events as readonly RunEvent[]) {
    if (event.type === "test" && !reported.has(event.key)) reported.set(event.key, event);
    else if (event.type === "start") implementation = event.implementation;
  }
  const tests = new Map(plan.tests.map((test) => [test.key, test]));
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const clauses: ScoredClause[] = plan.clauses.map((clause) => {
    const results = clause.tests.map((key) => reported.get(key) ?? unreportedResult(tests.get(key)!, clause, run.stopped));
    let status: Status = "PASS";
    let passed = 0;
    for (const result of results) {
      counts[result.status]++;
      if (result.status === "PASS") passed++;
      else status = status === "PASS" ? result.status : worseStatus(status, result.status);
    }
    const share = results.length === 0 ? 0 : passed / results.length;
    const earned = clause.partialCredit === "proportional" ? roundPoints(clause.points * share) : passed === results.length ? clause.points : 0;
    return { ...clause, earned, status, passed, results };
  });
  const score = roundPoints(clauses.reduce((sum, c) => sum + c.earned, 0));
  const problem = submission.problem ?? (run.stopped?.kind === "load" ? `the submission could not be loaded: ${run.stopped.detail}` : undefined);
  return {
    student: submission.student,
    implementation,
    entryName: submission.entryName,
    seed: plan.config.seed,
    score,
    maxScore: plan.maxScore,
    clauses,
    counts,
    ...(problem === undefined ? {} : { problem }),
    ...(run.stopped === undefined ? {} : { stopped: run.stopped }),
  };
}

/**
 * Quotes a word for a POSIX shell, in double quotes.
 *
 * @param text - the word
 * @returns it, quoted
 */
export function shellQuote(text: string): string {
  return `"${text.replace(/(["\\$`])/g, "\\$1")}"`;
}

/**
 * The command a student runs to replay one test on their own machine, with
 * the class's seed and time limits.
 *
 * @param plan - the assignment's plan
 * @param entryName - the adapter's file name (`adapter.ts`)
 * @param key - the test's key (`[PIPE-EOF-1] ...`)
 * @returns the command line
 *
 * @example
 * ```ts
 * import { resolveGradeConfig } from "../../conformance/grade/config.ts";
 * import { rerunCommand } from "../../conformance/grade/score.ts";
 * const plan = { config: resolveGradeConfig({ seed: 42 }), tests: [], clauses: [], maxScore: 0 };
 * console.assert(rerunCommand(plan, "adapter.ts", "[PIPE-EOF-1] a read") === 'npx ipckit test ./adapter.ts --grep "[PIPE-EOF-1] a read" --seed 42');
 * ```
 */
export function rerunCommand(plan: GradePlan, entryName: string, key: string): string {
  const { seed, numRuns, timeoutMs, timeoutMultiplier } = plan.config;
  const extra = [
    numRuns === 100 ? "" : ` --num-runs ${numRuns}`,
    timeoutMs === 2000 ? "" : ` --timeout ${timeoutMs}`,
    timeoutMultiplier === 1 ? "" : ` --timeout-multiplier ${timeoutMultiplier}`,
  ].join("");
  const file = /^[\w./-]+$/.test(entryName) ? `./${entryName}` : shellQuote(`./${entryName}`);
  return `npx ipckit test ${file} --grep ${shellQuote(key)} --seed ${seed}${extra}`;
}
