/**
 * The pretty report, for people at a terminal: one line per test as it
 * finishes (the progress), each failure explained where it happens, then the
 * verdict per clause and the totals.
 *
 * @module
 */

import type { RunEvent, RunStartEvent, Status, TestResultEvent } from "../events.ts";
import { STATUSES } from "../events.ts";
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

/**
 * Creates the pretty reporter.
 *
 * @param write - where text goes
 * @param options - colour and the rerun command
 * @returns the reporter
 *
 * @example
 * ```ts
 * import { prettyReporter } from "ipckit/conformance";
 * let out = "";
 * prettyReporter((text) => { out += text; }).event({ type: "start", implementation: "mine", runtime: "node 20", seed: 1, total: 3, timeoutMs: 2000, startedAt: "" });
 * console.assert(out.includes("mine"));
 * ```
 */
export function prettyReporter(write: Write, options: ReporterOptions = {}): Reporter {
  const paint = (status: Status, text: string): string => (options.color ? `\u001b[${COLORS[status]}m${text}\u001b[0m` : text);
  const bold = (text: string): string => (options.color ? `\u001b[1m${text}\u001b[0m` : text);
  let start: RunStartEvent | undefined;
  let done = 0;
  const rules = new Map<string, TestResultEvent>();
  const width = String(STATUSES.reduce((max, s) => Math.max(max, s.length), 0));

  return {
    event(event: RunEvent): void {
      switch (event.type) {
        case "start":
          start = event;
          write(
            `${bold("ipckit conformance")}: ${event.implementation} on ${event.runtime}\n` +
              `${event.total} tests, seed ${event.seed}, timeout ${event.timeoutMs} ms per test\n\n`,
          );
          break;
        case "test": {
          done++;
          if (!rules.has(event.clause)) rules.set(event.clause, event);
          const progress = start === undefined ? "" : `${String(done).padStart(String(start.total).length)}/${start.total} `;
          const time = event.status === "PASS" || event.status === "FAIL" || event.status === "TIMEOUT" ? ` (${Math.round(event.durationMs)} ms)` : "";
          write(`${progress}${paint(event.status, event.status.padEnd(Number(width)))} ${event.key}${time}\n`);
          if (event.status === "FAIL" || event.status === "UNRESOLVED" || event.status === "TIMEOUT" || event.status === "ERROR") {
            write(`      rule:     ${event.clause}: ${event.rule}\n`);
            if (event.expected !== undefined) write(`      expected: ${event.expected}\n`);
            if (event.actual !== undefined) write(`      actual:   ${event.actual.replaceAll("\n", "\n                ")}\n`);
            if (event.expected === undefined && event.message !== undefined) write(`      what:     ${event.message}\n`);
            if (options.rerun !== undefined && start !== undefined) write(`      rerun:    ${options.rerun(event.clause, start.seed)}\n`);
          } else if (event.status !== "PASS" && event.message !== undefined) {
            write(`      ${event.message}\n`);
          }
          break;
        }
        case "end": {
          write(`\n${bold("By clause")}\n`);
          for (const [clause, verdict] of Object.entries(event.clauses)) {
            const rule = rules.get(clause);
            write(`  ${paint(verdict.status, verdict.status.padEnd(Number(width)))} ${clause.padEnd(12)} ${rule?.level.padEnd(8) ?? ""} ${rule?.rule ?? ""}\n`);
          }
          const counts = STATUSES.filter((s) => event.counts[s] > 0).map((s) => paint(s, `${event.counts[s]} ${s.toLowerCase()}`));
          const total = STATUSES.reduce((sum, s) => sum + event.counts[s], 0);
          write(`\n${total} tests: ${counts.join(", ") || "none"} in ${(event.durationMs / 1000).toFixed(2)} s\n`);
          const failed = event.counts.FAIL + event.counts.UNRESOLVED + event.counts.TIMEOUT + event.counts.ERROR;
          write(event.ok ? `${bold("OK")}: every test run passed\n` : `${bold("FAILED")}: ${event.problem ?? `${failed} tests did not pass`}\n`);
          break;
        }
      }
    },
  };
}
