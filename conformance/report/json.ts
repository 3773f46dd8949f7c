/**
 * The JSON report: the event stream itself, one JSON object a line (NDJSON).
 *
 * @module
 */

import type { RunEvent } from "../events.ts";
import type { Reporter, Write } from "./reporter.ts";

/**
 * Creates a reporter that writes each event as one line of JSON.
 *
 * @param write - where lines go
 * @returns the reporter
 *
 * @example
 * ```ts
 * import { jsonReporter } from "ipckit/conformance";
 * let out = "";
 * jsonReporter((text) => { out += text; }).event({ type: "end", counts: { PASS: 1, FAIL: 0, UNRESOLVED: 0, TIMEOUT: 0, ERROR: 0, "NOT IMPLEMENTED": 0, SKIPPED: 0 }, clauses: {}, ok: true, durationMs: 1 });
 * console.assert(JSON.parse(out).type === "end");
 * ```
 */
export function jsonReporter(write: Write): Reporter {
  return {
    event(event: RunEvent): void {
      write(`${JSON.stringify(event)}\n`);
    },
  };
}
