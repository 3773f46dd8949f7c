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

/** The tests of one mechanism folded under one status: how many, of which clauses, and why. */
interface FoldGroup {
  count: number;
  readonly clauses: Set<string>;
  /** Features the manifest lacks. */
  readonly features: Set<string>;
  /** Calls that threw ENOSYS. */
  readonly calls: Set<string>;
  /** Other reasons, in words (the time budget's). */
  readonly details: Set<string>;
}

/** The label of a folded test's status: `not implemented`, `timed out, not run`. */
function foldLabel(result: TestResultEvent): string {
  return result.status === "TIMEOUT" ? "timed out, not run" : result.status.toLowerCase();
}

/** Why a fold group's tests did not run: `need fifo; ENOSYS from mqOpen`. */
function foldReasons(group: FoldGroup): string {
  const reasons = [
    ...(group.features.size > 0 ? [`need ${[...group.features].join(", ")}`] : []),
    ...(group.calls.size > 0 ? [`ENOSYS from ${[...group.calls].join(", ")}`] : []),
    ...group.details,
  ];
  return reasons.length > 0 ? ` (${reasons.join("; ")})` : "";
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
  const folds = new Map<string, Map<string, FoldGroup>>();
  const rerunOf = (result: TestResultEvent): string | undefined =>
    options.rerun !== undefined && start !== undefined ? options.rerun(result, start) : undefined;

  const fold = (result: TestResultEvent): void => {
    const mechanism = mechanismOfClause(result.clause);
    let groups = folds.get(mechanism);
    if (groups === undefined) folds.set(mechanism, (groups = new Map()));
    const label = foldLabel(result);
    let group = groups.get(label);
    if (group === undefined) {
      groups.set(label, (group = { count: 0, clauses: new Set(), features: new Set(), calls: new Set(), details: new Set() }));
    }
    group.count++;
    group.clauses.add(result.clause);
    const cause = result.cause;
    if (cause?.kind === "unsupported") for (const feature of cause.features) group.features.add(feature);
    else if (cause?.kind === "enosys") group.calls.add(cause.call);
    else if (cause?.kind === "budget") group.details.add(cause.detail.replace(/^not run: /, ""));
    else if (result.message !== undefined) group.details.add(result.message);
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
    for (const [mechanism, groups] of folds) {
      const parts = [...groups].map(([label, group]) => {
        count += group.count;
        return `${plural(group.count, "test")} of ${plural(group.clauses.size, "clause")} ${label}${foldReasons(group)}`;
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
