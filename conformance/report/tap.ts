/**
 * The TAP report (Test Anything Protocol, version 13).
 *
 * @module
 */

import type { RunEvent } from "../events.ts";
import type { Reporter, Write } from "./reporter.ts";

/** Makes a string safe for one YAML double-quoted scalar. */
function yamlString(text: string): string {
  return JSON.stringify(text);
}

/**
 * Creates a reporter that writes TAP 13: a plan, then `ok`/`not ok` a test,
 * with a YAML block for each test that did not pass (status, rule, cause
 * kind, the clause a setup relied on, message, expected, actual, notes and
 * the implementation's stack); NOT IMPLEMENTED and SKIPPED tests are
 * `# SKIP`.
 *
 * @param write - where text goes
 * @returns the reporter
 *
 * @example
 * ```ts
 * import { tapReporter } from "ipckit/conformance";
 * let out = "";
 * tapReporter((text) => { out += text; }).event({ type: "start", implementation: "x", runtime: "node", seed: 1, total: 0, timeoutMs: 1, startedAt: "" });
 * console.assert(out.startsWith("TAP version 13\n1..0"));
 * ```
 */
export function tapReporter(write: Write): Reporter {
  let index = 0;
  return {
    event(event: RunEvent): void {
      switch (event.type) {
        case "start":
          write(`TAP version 13\n1..${event.total}\n# ipckit conformance: ${event.implementation} on ${event.runtime}, seed ${event.seed}\n`);
          break;
        case "test": {
          index++;
          const name = event.key.replaceAll("#", "\\#");
          if (event.status === "PASS") {
            write(`ok ${index} - ${name}\n`);
            if (event.notes !== undefined && event.notes.length > 0) write(`# ${event.notes.join("; ")}\n`);
          } else if (event.status === "SKIPPED" || event.status === "NOT IMPLEMENTED") {
            write(`ok ${index} - ${name} # SKIP ${event.status.toLowerCase()}: ${event.message ?? ""}\n`);
          } else {
            write(`not ok ${index} - ${name}\n`);
            write("  ---\n");
            write(`  status: ${event.status}\n`);
            write(`  rule: ${yamlString(event.rule)}\n`);
            const cause = event.cause;
            if (cause !== undefined) write(`  cause: ${cause.kind}\n`);
            if (cause?.kind === "setup") write(`  relied_on: ${yamlString(cause.clause)}\n  setup: ${yamlString(cause.what)}\n`);
            if (event.message !== undefined) write(`  message: ${yamlString(event.message)}\n`);
            if (event.expected !== undefined) write(`  expected: ${yamlString(event.expected)}\n`);
            if (event.actual !== undefined) write(`  actual: ${yamlString(event.actual)}\n`);
            if (event.notes !== undefined && event.notes.length > 0) write(`  notes: ${yamlString(event.notes.join("; "))}\n`);
            if ((cause?.kind === "crash" || cause?.kind === "unhandled-rejection") && cause.error.stack !== undefined) {
              write(`  stack: ${yamlString(cause.error.stack)}\n`);
            }
            write("  ...\n");
          }
          break;
        }
        case "end":
          write(`# pass ${event.counts.PASS}\n# fail ${event.counts.FAIL + event.counts.UNRESOLVED + event.counts.TIMEOUT + event.counts.ERROR}\n`);
          write(`# not implemented ${event.counts["NOT IMPLEMENTED"]}\n# skipped ${event.counts.SKIPPED}\n`);
          if (event.problem !== undefined) write(`# ${event.problem}\n`);
          break;
      }
    },
  };
}
