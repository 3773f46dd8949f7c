/**
 * The vitest helper: run the conformance suite inside a library's own vitest
 * run, one vitest test per conformance test.
 *
 * @module
 */

import { describe, it } from "vitest";
import type { Adapter } from "./adapter.ts";
import { isSelected, resolveRunOptions, runTest } from "./runner.ts";
import type { RunOptions } from "./runner.ts";
import { allTests } from "./suite.ts";

/**
 * Registers the conformance suite as vitest tests: a `describe` block named
 * after the adapter, an `it` per test titled `[CLAUSE] rule`. PASS passes;
 * FAIL, TIMEOUT and ERROR fail with the clause, expected and actual; NOT
 * IMPLEMENTED and SKIPPED are skipped. Tests run in vitest's worker, not
 * isolated: use the CLI for code that may spin.
 *
 * @param adapter - the implementation under test
 * @param options - selection, seed, runs and timeouts
 *
 * @example In a test file of your library
 * ```ts
 * import { conformanceTests } from "ipckit/vitest";
 * import { referenceAdapter } from "ipckit/reference";
 * conformanceTests(referenceAdapter, { clauses: ["PIPE"] });
 * ```
 */
export function conformanceTests(adapter: Adapter, options: RunOptions = {}): void {
  const resolved = resolveRunOptions(options);
  const tests = allTests(adapter.supports).filter((test) => isSelected(test, options));
  describe(`ipckit conformance: ${adapter.name} (seed ${resolved.seed})`, () => {
    for (const test of tests) {
      it(
        test.key,
        async (context) => {
          const result = await runTest(test, adapter, resolved);
          if (result.status === "NOT IMPLEMENTED" || result.status === "SKIPPED") {
            context.skip(`${result.status}: ${result.message ?? ""}`);
            return;
          }
          if (result.status !== "PASS") {
            const lines = [`${result.status} ${result.key}`, `rule: ${result.clause}: ${result.rule}`];
            if (result.expected !== undefined) lines.push(`expected: ${result.expected}`, `actual: ${result.actual ?? ""}`);
            else if (result.message !== undefined) lines.push(result.message);
            lines.push(`replay with seed ${resolved.seed}`);
            throw new Error(lines.join("\n"));
          }
        },
        resolved.timeoutMs * test.timeoutFactor + 1000,
      );
    }
  });
}
