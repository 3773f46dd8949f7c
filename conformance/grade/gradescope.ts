/**
 * A submission's score in Gradescope's `results.json` format: one test per
 * counted clause, with its score, maximum, status, visibility and the
 * output a student reads. Everything but `execution_time` is a function of
 * the inputs, so identical inputs give identical files once that field is
 * set aside. Runtime-neutral and pure.
 *
 * @module
 */

import { STATUSES } from "../events.ts";
import type { Status } from "../events.ts";
import type { Visibility } from "./config.ts";
import { clauseText, formatPoints } from "./describe.ts";
import type { GradePlan } from "./plan.ts";
import type { SubmissionScore } from "./score.ts";

/** One test of Gradescope's results: here, one clause. */
export interface GradescopeTest {
  readonly score: number;
  readonly max_score: number;
  /** `passed` when every counted test of the clause passed. */
  readonly status: "passed" | "failed";
  /** `[CLAUSE] rule`. */
  readonly name: string;
  /** The clause ID (Gradescope orders and labels tests by it). */
  readonly number: string;
  readonly output: string;
  readonly visibility: Visibility;
  /** The mechanism and the clause's level. */
  readonly tags: readonly string[];
}

/** Gradescope's `results.json`. */
export interface GradescopeResults {
  readonly score: number;
  readonly max_score: number;
  /** Seconds the grading took: the one timing field. */
  readonly execution_time: number;
  /** What the student reads above the tests. */
  readonly output: string;
  /** The autograder's own standard output is for the instructor. */
  readonly stdout_visibility: "hidden";
  /** The run's facts, for the instructor and for tools. */
  readonly extra_data: {
    readonly ipckit: {
      readonly version: string;
      readonly seed: number;
      readonly student: string;
      readonly implementation: string;
      readonly counts: Readonly<Record<Status, number>>;
      readonly stopped?: string;
      /** Facts about the run for the instructor (restarts, ignored lines on the report channel). */
      readonly notes?: readonly string[];
    };
  };
  readonly tests: readonly GradescopeTest[];
}

/** What the results record about the grader. */
export interface ResultsMeta {
  /** ipckit's version. */
  readonly version: string;
  /** Wall time of the grading, in seconds. */
  readonly executionTime: number;
  /** Facts about the run for the instructor. */
  readonly notes?: readonly string[];
}

/**
 * Builds Gradescope's results for one submission.
 *
 * @param score - the submission's score
 * @param plan - the assignment's plan
 * @param meta - the grader's version and the time it took
 * @returns the results object (serialize it with {@link formatResults})
 *
 * @example
 * ```ts
 * import { resolveGradeConfig } from "../../conformance/grade/config.ts";
 * import { gradescopeResults } from "../../conformance/grade/gradescope.ts";
 * import { scoreSubmission } from "../../conformance/grade/score.ts";
 * const plan = { config: resolveGradeConfig({ seed: 3 }), tests: [{ key: "[A-B-1] t", clause: "A-B-1", title: "t", requires: [] }], clauses: [{ id: "A-B-1", mechanism: "pipe", level: "core", rule: "r.", points: 1, partialCredit: "all", visibility: "visible", hidden: false, tests: ["[A-B-1] t"] }], maxScore: 1 } as const;
 * const score = scoreSubmission(plan, { student: "ann", entryName: "adapter.ts" }, { events: [], stopped: { kind: "load", detail: "SyntaxError" }, durationMs: 0, notes: [] });
 * const results = gradescopeResults(score, plan, { version: "1.0.0", executionTime: 1 });
 * console.assert(results.score === 0 && results.tests[0]?.status === "failed" && results.output.includes("could not be loaded"));
 * ```
 */
export function gradescopeResults(score: SubmissionScore, plan: GradePlan, meta: ResultsMeta): GradescopeResults {
  const visible = score.clauses.filter((c) => !c.hidden);
  const hidden = score.clauses.filter((c) => c.hidden);
  const counts: Record<Status, number> = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const clause of visible) for (const result of clause.results) counts[result.status]++;
  const lines = [
    `ipckit ${meta.version} grade${plan.config.title === "" ? "" : `: ${plan.config.title}`}`,
    `Score: ${formatPoints(score.score)} of ${formatPoints(score.maxScore)} points. Seed ${score.seed}.`,
  ];
  if (score.problem !== undefined) lines.push("", `Your submission could not be graded: ${score.problem}`);
  const shown = STATUSES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  if (shown.length > 0) lines.push(`Tests: ${shown.join(", ")}${hidden.length > 0 ? " (visible clauses)" : ""}.`);
  if (hidden.length > 0) {
    const points = hidden.reduce((sum, c) => sum + c.points, 0);
    lines.push(`${hidden.length} more ${hidden.length === 1 ? "clause" : "clauses"} (${formatPoints(points)} points) ${hidden.length === 1 ? "is" : "are"} graded and shown after the due date.`);
  }
  if (score.clauses.some((c) => !c.hidden && c.status !== "PASS")) lines.push("Each failed test below gives the command that replays it on your machine.");
  return {
    score: score.score,
    max_score: score.maxScore,
    execution_time: meta.executionTime,
    output: lines.join("\n"),
    stdout_visibility: "hidden",
    extra_data: {
      ipckit: {
        version: meta.version,
        seed: score.seed,
        student: score.student,
        implementation: score.implementation,
        counts: score.counts,
        ...(score.stopped === undefined ? {} : { stopped: `${score.stopped.kind}: ${score.stopped.detail}` }),
        ...(meta.notes === undefined || meta.notes.length === 0 ? {} : { notes: meta.notes }),
      },
    },
    tests: score.clauses.map((clause) => ({
      score: clause.earned,
      max_score: clause.points,
      status: clause.status === "PASS" ? "passed" : "failed",
      name: `[${clause.id}] ${clause.rule}`,
      number: clause.id,
      output: clauseText(clause, plan, score.entryName),
      visibility: clause.visibility,
      tags: [clause.mechanism, clause.level],
    })),
  };
}

/**
 * Serializes results as the file is written: two-space JSON and a final
 * newline, fields in a fixed order.
 *
 * @param results - the results
 * @returns the file's text
 */
export function formatResults(results: GradescopeResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}
