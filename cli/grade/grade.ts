/**
 * Runtime edge: grading a class. Runs the submissions through a
 * {@link SubmissionRunner}, several at once, scores each, and writes each
 * student's `results.json` (Gradescope's format) and `feedback.md`, then
 * the class's `summary.csv` and `summary.html`.
 *
 * @module
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { feedbackMarkdown } from "../../conformance/grade/feedback.ts";
import { formatResults, gradescopeResults } from "../../conformance/grade/gradescope.ts";
import type { GradescopeResults } from "../../conformance/grade/gradescope.ts";
import type { GradePlan } from "../../conformance/grade/plan.ts";
import type { Submission, SubmissionRun, SubmissionRunner } from "../../conformance/grade/runner.ts";
import { scoreSubmission } from "../../conformance/grade/score.ts";
import type { SubmissionScore } from "../../conformance/grade/score.ts";
import { summaryCsv, summaryHtml } from "../../conformance/grade/summary.ts";
import { formatPoints } from "../../conformance/grade/describe.ts";

/** One graded submission. */
export interface Graded {
  readonly submission: Submission;
  readonly run: SubmissionRun;
  readonly score: SubmissionScore;
  readonly results: GradescopeResults;
  /** The grader itself failed on it (a bug, not the submission's doing). */
  readonly graderError?: string;
}

/** How to grade a class. */
export interface GradeClassOptions {
  readonly submissions: readonly Submission[];
  readonly plan: GradePlan;
  readonly runner: SubmissionRunner;
  /** Submissions run at once. */
  readonly jobs: number;
  /** ipckit's version, recorded in the outputs. */
  readonly version: string;
  /** Called with each submission once graded. */
  readonly onGraded?: (graded: Graded) => void;
}

/**
 * A folder name for a student: their name with anything but letters,
 * digits, `.`, `_` and `-` replaced.
 *
 * @param student - the student's name
 * @returns a safe folder name
 */
export function folderName(student: string): string {
  const safe = student.replace(/[^\w.-]/g, "_");
  return safe === "" || safe === "." || safe === ".." ? `_${safe}` : safe;
}

/**
 * Grades one submission: runs it, scores it, builds its results.
 *
 * @param submission - the submission
 * @param plan - the assignment's plan
 * @param runner - where it runs
 * @param version - ipckit's version
 * @returns the graded submission
 */
export async function gradeOne(submission: Submission, plan: GradePlan, runner: SubmissionRunner, version: string): Promise<Graded> {
  let run: SubmissionRun;
  let graderError: string | undefined;
  try {
    run = await runner.run(submission, plan);
  } catch (error) {
    graderError = error instanceof Error ? (error.stack ?? error.message) : String(error);
    run = { events: [], stopped: { kind: "crash", detail: "the grader failed on this submission (not the submission's fault): grade it again" }, durationMs: 0, notes: [] };
  }
  const score = scoreSubmission(plan, submission, run);
  const results = gradescopeResults(score, plan, { version, executionTime: Math.round(run.durationMs / 100) / 10, notes: run.notes });
  return { submission, run, score, results, ...(graderError === undefined ? {} : { graderError }) };
}

/**
 * Writes a graded submission's files into `<folder>`: `results.json` and
 * `feedback.md`.
 *
 * @param graded - the graded submission
 * @param plan - the assignment's plan
 * @param folder - where
 * @param revealHidden - show hidden clauses in the feedback page
 */
export function writeSubmissionFiles(graded: Graded, plan: GradePlan, folder: string, revealHidden: boolean): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "results.json"), formatResults(graded.results));
  writeFileSync(join(folder, "feedback.md"), feedbackMarkdown(graded.score, plan, { revealHidden }));
}

/**
 * Grades a class, `jobs` submissions at a time, in the order given; calls
 * `onGraded` as each finishes.
 *
 * @param options - the submissions, plan, runner and parallelism
 * @returns every graded submission, in the order given
 */
export async function gradeClass(options: GradeClassOptions): Promise<Graded[]> {
  const { submissions, plan, runner, version } = options;
  const graded: Graded[] = new Array<Graded>(submissions.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < submissions.length) {
      const index = next++;
      const result = await gradeOne(submissions[index]!, plan, runner, version);
      graded[index] = result;
      options.onGraded?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, submissions.length)) }, worker));
  return graded;
}

/**
 * Writes the class's summary files into `out`.
 *
 * @param graded - every graded submission
 * @param plan - the assignment's plan
 * @param out - the output folder
 * @param version - ipckit's version
 */
export function writeSummary(graded: readonly Graded[], plan: GradePlan, out: string, version: string): void {
  mkdirSync(out, { recursive: true });
  const scores = graded.map((g) => g.score);
  writeFileSync(join(out, "summary.csv"), summaryCsv(scores, plan));
  writeFileSync(join(out, "summary.html"), summaryHtml(scores, plan, { version }));
}

/**
 * One line about a graded submission, for the console.
 *
 * @param graded - the graded submission
 * @returns the line, without a newline
 */
export function progressLine(graded: Graded): string {
  const { score, run } = graded;
  const memory = run.peakRssMb === undefined ? "" : `, ${Math.round(run.peakRssMb)} MiB`;
  const why = graded.graderError !== undefined ? " (grader error)" : score.problem !== undefined ? ` (${score.problem})` : run.stopped !== undefined ? ` (${run.stopped.kind}: ${run.stopped.detail})` : "";
  return `${score.student}: ${formatPoints(score.score)}/${formatPoints(score.maxScore)} in ${(run.durationMs / 1000).toFixed(1)} s${memory}${why}`;
}
