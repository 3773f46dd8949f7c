/**
 * Words shared by the grading outputs: what a test's result was, with the
 * rule, what was expected, what happened and the command that replays it.
 * Runtime-neutral and pure.
 *
 * @module
 */

import type { TestResultEvent } from "../events.ts";
import type { GradePlan } from "./plan.ts";
import { rerunCommand } from "./score.ts";
import type { ScoredClause } from "./score.ts";

/** The longest a message, expected or actual value is shown, in characters. */
export const FIELD_LIMIT = 2000;

/**
 * Cuts a text to a length, saying so.
 *
 * @param text - the text
 * @param limit - the most characters kept
 * @returns the text, or its beginning and a note
 */
export function clip(text: string, limit = FIELD_LIMIT): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length - limit} more characters)`;
}

/** The lines of a stack trace worth showing: the first few frames. */
function stackLines(stack: string): string[] {
  return stack
    .split("\n")
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => line.startsWith("at "))
    .slice(0, 4);
}

/**
 * The details of a result that did not pass, one fact a line: the
 * message, expected and actual values, where an error came from, notes.
 *
 * @param result - the test's result
 * @returns the lines (no rerun command)
 */
export function resultDetails(result: TestResultEvent): string[] {
  const lines: string[] = [];
  if (result.message !== undefined) lines.push(clip(result.message));
  if (result.expected !== undefined) lines.push(`expected: ${clip(result.expected)}`);
  if (result.actual !== undefined) lines.push(`actual:   ${clip(result.actual)}`);
  const cause = result.cause;
  if (cause?.kind === "setup") lines.push(`the setup relied on ${cause.clause} (${cause.what}); ${result.clause} itself is not blamed for it`);
  if ((cause?.kind === "crash" || cause?.kind === "unhandled-rejection") && cause.error.stack !== undefined) {
    for (const frame of stackLines(cause.error.stack)) lines.push(`  ${clip(frame, 300)}`);
  }
  for (const note of result.notes ?? []) lines.push(`note: ${clip(note, 300)}`);
  return lines;
}

/**
 * Whether a result's test can be replayed: it ran (or was cut short), as
 * opposed to being left out because the run could not load or had no time.
 *
 * @param result - the test's result
 * @returns `true` when a rerun command helps
 */
export function replayable(result: TestResultEvent): boolean {
  const kind = result.cause?.kind;
  return !(kind === "budget" || kind === "unsupported" || (kind === "exit" && result.message?.startsWith("not run:") === true));
}

/** The results of a clause that did not pass, with the tests that were not run grouped by why. */
export type ResultItem =
  | { readonly kind: "ran"; readonly result: TestResultEvent }
  | { readonly kind: "not-run"; readonly status: TestResultEvent["status"]; readonly message: string; readonly titles: readonly string[] };

/**
 * The results that did not pass, in order, with the tests that were not run
 * (no time left, the submission did not load or stopped) folded into one
 * item per reason.
 *
 * @param results - a clause's results
 * @returns the items
 */
export function failedItems(results: readonly TestResultEvent[]): ResultItem[] {
  const items: ResultItem[] = [];
  const groups = new Map<string, { status: TestResultEvent["status"]; message: string; titles: string[] }>();
  for (const result of results) {
    if (result.status === "PASS") continue;
    if (replayable(result)) {
      items.push({ kind: "ran", result });
      continue;
    }
    const message = result.message ?? result.status;
    const key = `${result.status}\n${message}`;
    const group = groups.get(key);
    if (group !== undefined) {
      group.titles.push(result.title);
      continue;
    }
    const created = { status: result.status, message, titles: [result.title] };
    groups.set(key, created);
    items.push({ kind: "not-run", ...created, titles: created.titles });
  }
  return items;
}

/**
 * A clause's result in one phrase: `PASS`, `FAIL, 1 of 3 tests passed`.
 *
 * @param clause - the scored clause
 * @returns the phrase
 */
export function clauseSummary(clause: ScoredClause): string {
  const total = clause.results.length;
  if (clause.status === "PASS") return total === 1 ? "PASS" : `PASS, ${total} tests`;
  return total === 1 ? clause.status : `${clause.status}, ${clause.passed} of ${total} tests passed`;
}

/**
 * A clause's result as plain text: the summary, then each test that did not
 * pass with its details and the command to replay it.
 *
 * @param clause - the scored clause
 * @param plan - the assignment's plan (for the replay command)
 * @param entryName - the adapter's file name
 * @returns the text
 */
export function clauseText(clause: ScoredClause, plan: GradePlan, entryName: string): string {
  const lines = [`${clauseSummary(clause)}${clause.results.length > 1 && clause.partialCredit === "all" && clause.status !== "PASS" ? " (every test of the clause must pass)" : ""}`];
  lines.push(`Rule: ${clause.rule}`);
  for (const item of failedItems(clause.results)) {
    if (item.kind === "not-run") {
      lines.push("", `${item.status}: ${item.titles.length === 1 ? item.titles[0] : `${item.titles.length} tests`}`, `  ${clip(item.message)}`);
      continue;
    }
    const { result } = item;
    lines.push("", `${result.status}: ${result.title}`);
    for (const detail of resultDetails(result)) lines.push(`  ${detail}`);
    lines.push(`  rerun: ${rerunCommand(plan, entryName, result.key)}`);
  }
  return lines.join("\n");
}

/**
 * Formats points without trailing zeros: `1`, `0.5`, `2.3333`.
 *
 * @param points - a number of points
 * @returns the text
 */
export function formatPoints(points: number): string {
  return String(Math.round(points * 10_000) / 10_000);
}
