/**
 * The pretty report, for people at a terminal: one line per test as it
 * finishes (the progress), each failure told in full where it happens (rule,
 * what was checked, expected, actual, the clause a setup relied on, the
 * implementation's stack, notes, and the command that reruns that test);
 * the tests that did not run folded into one line per mechanism; the verdict
 * per clause; a recap of the failing clauses; and totals that agree with
 * each other.
 *
 * @module
 */

import type { ClauseVerdict, RunEndEvent, RunEvent, RunStartEvent, Status, TestResultEvent } from "../events.ts";
import { FAILING_STATUSES, STATUSES, describeVerdict, plural } from "../events.ts";
import { formatDetails, mechanismOfClause, resultDetails } from "./detail.ts";
import type { Reporter, ReporterOptions, Write } from "./reporter.ts";

const COLORS: Readonly<Record<Status, number>> = {
  PASS: 32,
  FAIL: 31,
  UNRESOLVED: 33,
  TIMEOUT: 35,
  ERROR: 31,
  "NOT IMPLEMENTED": 33,
  SKIPPED: 90,
};

/** How the totals name each status: `3 passed, 1 failed, 2 errors`. */
function countWords(status: Status, count: number): string {
  switch (status) {
    case "PASS":
      return `${count} passed`;
    case "FAIL":
      return `${count} failed`;
    case "UNRESOLVED":
      return `${count} unresolved`;
    case "TIMEOUT":
      return `${count} timed out`;
    case "ERROR":
      return plural(count, "error");
    case "NOT IMPLEMENTED":
      return `${count} not implemented`;
    case "SKIPPED":
      return `${count} skipped`;
  }
}

/**
 * Whether a result folds into its mechanism's line: a test ruled out by the
 * manifest (NOT IMPLEMENTED or SKIPPED), one that threw ENOSYS (NOT
 * IMPLEMENTED too), or one the run's time budget left out without running.
 */
function folded(result: TestResultEvent): boolean {
  if (result.status === "NOT IMPLEMENTED" || result.status === "SKIPPED") return true;
  return result.cause?.kind === "budget" && result.durationMs === 0;
}

/** Why the tests of one mechanism did not run, accumulated for the folded line. */
interface Folded {
  tests: Map<string, { count: number; clauses: Set<string>; reasons: Set<string> }>;
}

/** The part of a fold's line for one status: `46 not implemented (need fifo)`. */
function foldKey(result: TestResultEvent): { label: string; reason: string } {
  const cause = result.cause;
  const label = result.status === "TIMEOUT" ? "timed out, not run" : result.status.toLowerCase();
  if (cause?.kind === "unsupported") return { label, reason: `need ${cause.features.join(", ")}` };
  if (cause?.kind === "enosys") return { label, reason: `ENOSYS from ${cause.call}` };
  if (cause?.kind === "budget") return { label, reason: cause.detail.replace(/^not run: /, "") };
  return { label, reason: result.message ?? "" };
}

/**
 * Creates the pretty reporter.
 *
 * @param write - where text goes
 * @param options - colour, the rerun command and verbosity
 * @returns the reporter
 *
 * @example
 * ```ts
 * import { prettyReporter } from "ipckit/conformance";
 * let out = "";
 * prettyReporter((text) => { out += text; }).event({ type: "start", implementation: "mine", runtime: "node 20", seed: 1, total: 3, timeoutMs: 2000, startedAt: "" });
 * console.assert(out.includes("mine") && out.includes("3 tests"));
 * ```
 */
export function prettyReporter(write: Write, options: ReporterOptions = {}): Reporter {
  const paint = (status: Status, text: string): string => (options.color ? `\u001b[${COLORS[status]}m${text}\u001b[0m` : text);
  const bold = (text: string): string => (options.color ? `\u001b[1m${text}\u001b[0m` : text);
  const width = STATUSES.reduce((max, s) => Math.max(max, s.length), 0);
  const verbose = options.verbose === true;
  let start: RunStartEvent | undefined;
  let done = 0;
  const results: TestResultEvent[] = [];
  const folds = new Map<string, Folded>();
  const rerunOf = (result: TestResultEvent): string | undefined =>
    options.rerun !== undefined && start !== undefined ? options.rerun(result, start) : undefined;

  const fold = (result: TestResultEvent): void => {
    const mechanism = mechanismOfClause(result.clause);
    let entry = folds.get(mechanism);
    if (entry === undefined) folds.set(mechanism, (entry = { tests: new Map() }));
    const { label, reason } = foldKey(result);
    let group = entry.tests.get(label);
    if (group === undefined) entry.tests.set(label, (group = { count: 0, clauses: new Set(), reasons: new Set() }));
    group.count++;
    group.clauses.add(result.clause);
    if (reason !== "") group.reasons.add(reason);
  };

  const testLine = (event: TestResultEvent): void => {
    const progress = start === undefined ? "" : `${String(done).padStart(String(start.total).length)}/${start.total} `;
    const ran = event.durationMs > 0 && (event.status === "PASS" || event.status === "FAIL" || event.status === "TIMEOUT" || event.status === "UNRESOLVED");
    const time = ran ? ` (${Math.round(event.durationMs)} ms)` : "";
    const notes = event.status === "PASS" && event.notes !== undefined && event.notes.length > 0 ? `: ${event.notes.join("; ")}` : "";
    write(`${progress}${paint(event.status, event.status.padEnd(width))} ${event.key}${time}${notes}\n`);
    if (event.status === "PASS") return;
    const details = resultDetails(event, FAILING_STATUSES.has(event.status) ? rerunOf(event) : undefined);
    if (details.length > 0) write(`${formatDetails(details, "      ")}\n`);
  };

  const writeFolds = (): number => {
    if (folds.size === 0) return 0;
    write(`\n${bold("Not checked")}${verbose ? "" : " (--verbose lists each test)"}\n`);
    const nameWidth = Math.max(...[...folds.keys()].map((m) => m.length));
    let count = 0;
    for (const [mechanism, entry] of folds) {
      const parts = [...entry.tests].map(([label, group]) => {
        count += group.count;
        const reasons = group.reasons.size > 0 ? ` (${[...group.reasons].join("; ")})` : "";
        return `${plural(group.count, "test")} of ${plural(group.clauses.size, "clause")} ${label}${reasons}`;
      });
      write(`  ${mechanism.padEnd(nameWidth)}  ${parts.join(", ")}\n`);
    }
    return count;
  };

  const byClause = (end: RunEndEvent): void => {
    const first = new Map<string, TestResultEvent>();
    const ran = new Set<string>();
    for (const result of results) {
      if (!first.has(result.clause)) first.set(result.clause, result);
      if (result.cause?.kind !== "unsupported" && !(result.cause?.kind === "budget" && result.durationMs === 0)) ran.add(result.clause);
    }
    const shown = Object.entries(end.clauses).filter(([clause]) => verbose || ran.has(clause));
    if (shown.length === 0) return;
    write(`\n${bold("By clause")}\n`);
    for (const [clause, verdict] of shown) {
      const result = first.get(clause);
      const words = describeVerdict(verdict);
      const detail = words === verdict.status ? "" : ` [${words.slice(verdict.status.length).replace(/^[,:] /, "")}]`;
      write(`  ${paint(verdict.status, verdict.status.padEnd(width))} ${clause.padEnd(12)} ${(result?.level ?? "").padEnd(8)} ${result?.rule ?? ""}${detail}\n`);
    }
  };

  const recap = (end: RunEndEvent): string[] => {
    const failing = Object.entries(end.clauses).filter(([, verdict]) => FAILING_STATUSES.has(verdict.status));
    const told: [string, ClauseVerdict, TestResultEvent][] = [];
    const unchecked: string[] = [];
    for (const [clause, verdict] of failing) {
      const bad = results.filter((r) => r.clause === clause && FAILING_STATUSES.has(r.status));
      const checked = bad.filter((r) => !folded(r));
      if (checked.length === 0) unchecked.push(clause);
      else told.push([clause, verdict, checked[0]!]);
    }
    if (told.length === 0 && unchecked.length === 0) return [];
    write(`\n${bold(`Failing clauses (${failing.length})`)}\n`);
    for (const [clause, verdict, result] of told) {
      write(`  ${clause.padEnd(12)} ${paint(verdict.status, describeVerdict(verdict))}\n`);
      write(`  ${" ".repeat(12)} ${result.rule}\n`);
      if (result.cause?.kind === "setup") write(`  ${" ".repeat(12)} setup relied on ${result.cause.clause}\n`);
      const rerun = rerunOf(result);
      if (rerun !== undefined) write(`  ${" ".repeat(12)} rerun: ${rerun}\n`);
    }
    if (unchecked.length > 0) {
      const which = unchecked.length <= 8 ? `: ${unchecked.join(", ")}` : " (see Not checked above)";
      write(`  ${plural(unchecked.length, unchecked.length === 1 ? "more clause" : "more clauses")} not checked, none of ${unchecked.length === 1 ? "its" : "their"} tests run in time${which}\n`);
    }
    return failing.map(([clause]) => clause);
  };

  return {
    event(event: RunEvent): void {
      switch (event.type) {
        case "start":
          start = event;
          write(
            `${bold("ipckit conformance")}: ${event.implementation} on ${event.runtime}\n` +
              `${plural(event.total, "test")}, seed ${event.seed}, timeout ${event.timeoutMs} ms per test\n\n`,
          );
          break;
        case "test":
          done++;
          results.push(event);
          if (!verbose && folded(event)) fold(event);
          else testLine(event);
          break;
        case "end": {
          writeFolds();
          byClause(event);
          const failingClauses = recap(event);
          const total = STATUSES.reduce((sum, s) => sum + event.counts[s], 0);
          const counts = STATUSES.filter((s) => event.counts[s] > 0).map((s) => paint(s, countWords(s, event.counts[s])));
          write(`\n${plural(total, "test")}: ${counts.join(", ") || "none"} in ${(event.durationMs / 1000).toFixed(2)} s\n`);
          const failed = STATUSES.filter((s) => FAILING_STATUSES.has(s)).reduce((sum, s) => sum + event.counts[s], 0);
          if (event.ok) {
            const checked = Object.values(event.clauses).filter((v) => v.applied > 0).length;
            write(`${bold("OK")}: every test that applied passed (${plural(checked, "clause")} checked)\n`);
          } else if (failed > 0) {
            const skipped = results.filter((r) => r.cause?.kind === "budget" && r.durationMs === 0).length;
            const unrun = skipped > 0 ? ` (${skipped} of them not run in time)` : "";
            write(`${bold("FAILED")}: ${plural(failed, "test")} did not pass${unrun}, in ${plural(failingClauses.length, "clause")}\n`);
          } else {
            write(`${bold("FAILED")}: ${event.problem ?? "the run is not OK"}\n`);
          }
          if (failed > 0 && event.problem !== undefined) write(`${event.problem}\n`);
          break;
        }
      }
    },
  };
}
