/**
 * The vitest helper: run the conformance suite inside a library's own vitest
 * run, one vitest test per conformance test.
 *
 * @module
 */

import { describe, it } from "vitest";
import type { Adapter } from "./adapter.ts";
import type { TestResultEvent } from "./events.ts";
import { formatDetails, rerunCommand, resultDetails } from "./report/detail.ts";
import { isSelected, resolveRunOptions, runTest } from "./runner.ts";
import type { RunOptions } from "./runner.ts";
import { allTests } from "./suite.ts";

/**
 * The whole story of a test that did not pass, as the failure vitest shows:
 * status and test, the rule, the clause a setup relied on (UNRESOLVED), what
 * was checked, expected and actual, the implementation's stack for an
 * ERROR, notes, and the command that reruns it (as the pretty report says
 * it: one formatter, `resultDetails`, serves both).
 *
 * @param result - the result
 * @param seed - the run's seed
 * @returns the lines, joined
 *
 * @example
 * ```ts
 * import { describeFailure } from "ipckit/vitest";
 * const text = describeFailure({ type: "test", clause: "PIPE-EOF-1", rule: "r.", level: "core", title: "t", key: "[PIPE-EOF-1] t", status: "FAIL", durationMs: 1, message: "read: expected 0, got 1", expected: "0", actual: "1" }, 7);
 * console.assert(text.includes("expected: 0") && text.includes("--seed 7") && text.includes('--grep "[PIPE-EOF-1] t"'));
 * ```
 */
export function describeFailure(result: TestResultEvent, seed: number): string {
  const details = resultDetails(result, rerunCommand(result.key, seed, "./my-adapter.ts"));
  return `${result.status} ${result.key}\n${formatDetails(details)}`;
}

/**
 * Registers the conformance suite as vitest tests: a `describe` block named
 * after the adapter, an `it` per test titled `[CLAUSE] rule`. PASS passes;
 * FAIL, UNRESOLVED, TIMEOUT and ERROR fail with the clause, what was
 * checked, expected and actual; NOT IMPLEMENTED and SKIPPED are skipped.
 * Tests run in vitest's worker, not isolated: use the CLI for code that may
 * spin.
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
  const tests = allTests().filter((test) => isSelected(test, options));
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
          if (result.status !== "PASS") throw new Error(describeFailure(result, resolved.seed));
        },
        resolved.timeoutMs * test.timeoutFactor + 1000,
      );
    }
  });
}
