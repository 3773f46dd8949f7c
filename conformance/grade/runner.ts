/**
 * How a submission's tests are run for grading, as an interface: the
 * command line's runner starts each submission in a child process of its
 * own (phase A); the implementation protocol will run the tests in the
 * grader and only the implementation on the far side (phase B). Either way
 * the grader gets back the run's event stream and, when the run stopped
 * early, why. Runtime-neutral: types only.
 *
 * @module
 */

import type { RunEvent } from "../events.ts";
import type { GradePlan } from "./plan.ts";

/** One submission of the class. */
export interface Submission {
  /** The student's name: the submission's folder (or file) name. */
  readonly student: string;
  /** The adapter module's absolute path; absent when none was found. */
  readonly entry?: string;
  /** The adapter's file name as the student knows it (`adapter.ts`), for rerun commands. */
  readonly entryName: string;
  /** Why the submission cannot be run at all (no adapter in its folder). */
  readonly problem?: string;
}

/** Why a run did not report every planned test. */
export type RunStop =
  /** The submission could not be loaded (or built): no test ran. */
  | { readonly kind: "load"; readonly detail: string }
  /** Its wall-time budget was spent. */
  | { readonly kind: "budget"; readonly detail: string }
  /** Its process ended and could not go on. */
  | { readonly kind: "crash"; readonly detail: string }
  /** It went over its memory cap. */
  | { readonly kind: "out-of-memory"; readonly detail: string };

/** What running one submission came to. */
export interface SubmissionRun {
  /** The events received: start, then test results, then end when the run finished. */
  readonly events: readonly RunEvent[];
  /** Why tests are missing, when the run stopped before reporting them all. */
  readonly stopped?: RunStop;
  /** Wall time of the run, in milliseconds (a timing field: not part of any comparison). */
  readonly durationMs: number;
  /** Peak resident memory of the submission's processes in MiB, when measured. */
  readonly peakRssMb?: number;
  /** CPU time the submission's processes used in milliseconds, when measured (a timing field). */
  readonly cpuMs?: number;
  /** Facts for the instructor about the run (lines on the report channel that were dropped, restarts). */
  readonly notes: readonly string[];
}

/**
 * Runs one submission's planned tests somewhere the grader's own state is
 * out of its reach, and hands back the results. It never throws for what
 * the submission does: a submission that cannot load, crashes, spins or
 * runs out of memory is a {@link SubmissionRun} that says so.
 */
export interface SubmissionRunner {
  /**
   * Runs the tests the plan selects against one submission.
   *
   * @param submission - the submission
   * @param plan - the tests to run, the seed, the time and memory allowed
   * @returns the events and how the run ended
   */
  run(submission: Submission, plan: GradePlan): Promise<SubmissionRun>;
}
