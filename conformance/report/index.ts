/**
 * The report formats, by name.
 *
 * @module
 */

import { jsonReporter } from "./json.ts";
import { junitReporter } from "./junit.ts";
import { prettyReporter } from "./pretty.ts";
import type { Reporter, ReporterOptions, Write } from "./reporter.ts";
import { formatDetails, implementationStack, rerunCommand, resultDetails, shellWord } from "./detail.ts";
import type { DetailLine } from "./detail.ts";
import { tapReporter } from "./tap.ts";

/** The names of the report formats. */
export const REPORTERS = ["pretty", "json", "junit", "tap"] as const;

/** A report format's name. */
export type ReporterName = (typeof REPORTERS)[number];

/**
 * Creates a reporter by name.
 *
 * @param name - `pretty`, `json`, `junit` or `tap`
 * @param write - where text goes
 * @param options - colour, the rerun command and verbosity (pretty only)
 * @returns the reporter
 * @throws {RangeError} for an unknown name
 *
 * @example
 * ```ts
 * import { createReporter } from "ipckit/conformance";
 * const reporter = createReporter("tap", () => {});
 * console.assert(typeof reporter.event === "function");
 * ```
 */
export function createReporter(name: string, write: Write, options: ReporterOptions = {}): Reporter {
  switch (name) {
    case "pretty":
      return prettyReporter(write, options);
    case "json":
      return jsonReporter(write);
    case "junit":
      return junitReporter(write);
    case "tap":
      return tapReporter(write);
    default:
      throw new RangeError(`ipckit: unknown reporter "${name}" (choose one of ${REPORTERS.join(", ")})`);
  }
}

export { formatDetails, implementationStack, jsonReporter, junitReporter, prettyReporter, rerunCommand, resultDetails, shellWord, tapReporter };
export type { DetailLine, Reporter, ReporterOptions, Write };
