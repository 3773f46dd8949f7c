/**
 * What every report format shares: a reporter takes the run's events one by
 * one and writes text through a sink.
 *
 * @module
 */

import type { RunEvent, RunStartEvent, TestResultEvent } from "../events.ts";

/** Where a reporter writes its text. */
export type Write = (text: string) => void;

/** A view of the event stream in one format. */
export interface Reporter {
  /**
   * Takes the next event of the run.
   *
   * @param event - the event
   */
  event(event: RunEvent): void;
}

/** Options every reporter accepts. */
export interface ReporterOptions {
  /** Use ANSI colours (pretty only); default false. */
  readonly color?: boolean;
  /**
   * Builds the command that reruns one test of the run (with its seed), shown
   * beside each failure and in the recap of failing clauses; default: none
   * shown. See `rerunCommand`.
   *
   * @param result - the test to rerun
   * @param start - the run's start event (its seed)
   * @returns the command
   */
  readonly rerun?: (result: TestResultEvent, start: RunStartEvent) => string;
  /**
   * Show every test (pretty only): by default the tests that did not run
   * (NOT IMPLEMENTED, SKIPPED, and those the run's time budget left out)
   * fold into one line per mechanism, and so do the clauses none of whose
   * tests applied.
   */
  readonly verbose?: boolean;
}
