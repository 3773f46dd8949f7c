/**
 * What every report format shares: a reporter takes the run's events one by
 * one and writes text through a sink.
 *
 * @module
 */

import type { RunEvent } from "../events.ts";

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
   * Builds the command that reruns one clause with the run's seed, for
   * failure reports; default: none shown.
   */
  readonly rerun?: (clause: string, seed: number) => string;
}
