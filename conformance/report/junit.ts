/**
 * The JUnit XML report, for CI systems and grading tools that read it.
 *
 * @module
 */

import type { RunEvent, RunStartEvent, TestResultEvent } from "../events.ts";
import type { Reporter, Write } from "./reporter.ts";

/** Escapes text for XML content and attribute values. */
function xml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    // Characters XML 1.0 cannot hold at all.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

/** The facts of a result as JUnit properties: status, cause kind, the clause a setup relied on. */
function properties(result: TestResultEvent): string {
  const facts: [string, string][] = [["status", result.status]];
  if (result.cause !== undefined) facts.push(["cause", result.cause.kind]);
  if (result.cause?.kind === "setup") facts.push(["relied-on", result.cause.clause]);
  if (result.cause?.kind === "error-code") facts.push(["code", result.cause.code]);
  if (result.notes !== undefined && result.notes.length > 0) facts.push(["notes", result.notes.join("; ")]);
  const list = facts.map(([name, value]) => `<property name="${name}" value="${xml(value)}"/>`).join("");
  return `      <properties>${list}</properties>\n`;
}

/** The body of a failure or error: every fact a reader needs, one a line. */
function detail(result: TestResultEvent): string {
  const cause = result.cause;
  const lines = [
    `status: ${result.status}`,
    `rule: ${result.clause}: ${result.rule}`,
    cause && `cause: ${cause.kind}`,
    cause?.kind === "setup" && `relied on: ${cause.clause} (${cause.what})`,
    result.message && `checked: ${result.message}`,
    result.expected !== undefined && `expected: ${result.expected}`,
    result.actual !== undefined && `actual: ${result.actual}`,
    result.notes !== undefined && result.notes.length > 0 && `notes: ${result.notes.join("; ")}`,
    (cause?.kind === "crash" || cause?.kind === "unhandled-rejection") && cause.error.stack !== undefined && `stack: ${cause.error.stack}`,
  ];
  return xml(lines.filter((line): line is string => typeof line === "string" && line !== "").join("\n"));
}

function testcase(result: TestResultEvent): string {
  const open = `    <testcase classname="${xml(result.clause)}" name="${xml(result.key)}" time="${(result.durationMs / 1000).toFixed(3)}"`;
  const props = properties(result);
  switch (result.status) {
    case "PASS":
      if (result.notes === undefined || result.notes.length === 0) return `${open}/>\n`;
      return `${open}>\n${props}      <system-out>${xml(`notes: ${result.notes.join("; ")}`)}</system-out>\n    </testcase>\n`;
    case "SKIPPED":
    case "NOT IMPLEMENTED":
      return `${open}>\n${props}      <skipped message="${xml(`${result.status}: ${result.message ?? ""}`)}"/>\n    </testcase>\n`;
    case "FAIL":
    case "UNRESOLVED":
      return `${open}>\n${props}      <failure message="${xml(result.message ?? "failed")}" type="${result.status}">${detail(result)}</failure>\n    </testcase>\n`;
    case "TIMEOUT":
    case "ERROR":
      return `${open}>\n${props}      <error message="${xml(result.message ?? result.status)}" type="${result.status}">${detail(result)}</error>\n    </testcase>\n`;
  }
}

/**
 * Creates a reporter that writes one JUnit XML document when the run ends:
 * a `testsuite` per mechanism, a `testcase` per test, FAIL and UNRESOLVED
 * as `failure`, TIMEOUT and ERROR as `error`, NOT IMPLEMENTED and SKIPPED as
 * `skipped`. Each testcase that did not simply pass carries its status,
 * cause kind, the clause a setup relied on and its notes as properties, and
 * a failure or error holds the rule, what was checked, expected, actual and
 * the implementation's stack.
 *
 * @param write - where the document goes
 * @returns the reporter
 *
 * @example
 * ```ts
 * import { junitReporter } from "ipckit/conformance";
 * let out = "";
 * const reporter = junitReporter((text) => { out += text; });
 * reporter.event({ type: "start", implementation: "x", runtime: "node", seed: 1, total: 0, timeoutMs: 1, startedAt: "" });
 * reporter.event({ type: "end", counts: { PASS: 0, FAIL: 0, UNRESOLVED: 0, TIMEOUT: 0, ERROR: 0, "NOT IMPLEMENTED": 0, SKIPPED: 0 }, clauses: {}, ok: true, durationMs: 1 });
 * console.assert(out.includes("<testsuites"));
 * ```
 */
export function junitReporter(write: Write): Reporter {
  let start: RunStartEvent | undefined;
  const results: TestResultEvent[] = [];
  return {
    event(event: RunEvent): void {
      if (event.type === "start") start = event;
      else if (event.type === "test") results.push(event);
      else {
        const groups = new Map<string, TestResultEvent[]>();
        for (const result of results) {
          const mechanism = result.clause.split("-")[0] ?? "UNKNOWN";
          groups.set(mechanism, [...(groups.get(mechanism) ?? []), result]);
        }
        const name = xml(`ipckit conformance: ${start?.implementation ?? "?"}`);
        let out = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${name}" tests="${results.length}" failures="${event.counts.FAIL + event.counts.UNRESOLVED}" errors="${event.counts.ERROR + event.counts.TIMEOUT}" time="${(event.durationMs / 1000).toFixed(3)}">\n`;
        for (const [mechanism, group] of groups) {
          const count = (statuses: string[]) => group.filter((r) => statuses.includes(r.status)).length;
          out += `  <testsuite name="${xml(mechanism)}" tests="${group.length}" failures="${count(["FAIL", "UNRESOLVED"])}" errors="${count(["ERROR", "TIMEOUT"])}" skipped="${count(["SKIPPED", "NOT IMPLEMENTED"])}">\n`;
          out += `    <properties><property name="seed" value="${start?.seed ?? ""}"/><property name="runtime" value="${xml(start?.runtime ?? "")}"/></properties>\n`;
          for (const result of group) out += testcase(result);
          out += "  </testsuite>\n";
        }
        out += "</testsuites>\n";
        write(out);
      }
    },
  };
}
