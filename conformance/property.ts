/**
 * Property-based checks for conformance tests: a fast-check property run
 * with the test's seed and run count, within the test's time, whose failure
 * becomes an {@link AssertionFailure} carrying fast-check's report (the seed,
 * the path and the shrunk counterexample, to replay with `--seed`).
 *
 * @module
 */

import fc from "fast-check";
import { AssertionFailure } from "./assert.ts";
import type { TestContext } from "./harness.ts";

/**
 * Runs a property with the test's seed and run count. Shrinking a failure
 * stops before the test's timeout, so a failing property is reported as FAIL
 * with the smallest counterexample found so far, not as TIMEOUT.
 *
 * @param t - the test's context (seed, run count, timeout)
 * @param property - the property, sync or async
 * @param what - the check, as a phrase
 * @param expected - what every run must satisfy, in words
 * @throws {AssertionFailure} when a run fails, with fast-check's report as `actual`
 *
 * @example A property that holds
 * ```ts
 * import fc from "fast-check";
 * import { checkProperty } from "ipckit/conformance";
 * const t = { seed: 1, numRuns: 20, timeoutMs: 1000 };
 * await checkProperty(t, fc.property(fc.nat(), (n) => n >= 0), "naturals", "never negative");
 * ```
 */
export async function checkProperty<Ts>(
  t: Pick<TestContext, "seed" | "numRuns" | "timeoutMs">,
  property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>,
  what: string,
  expected: string,
): Promise<void> {
  try {
    await fc.assert(property, {
      seed: t.seed,
      numRuns: t.numRuns,
      // Leave a quarter of the test's time for the report.
      interruptAfterTimeLimit: Math.max(1, Math.floor(t.timeoutMs * 0.75)),
    });
  } catch (error) {
    throw new AssertionFailure(what, expected, error instanceof Error ? error.message : String(error));
  }
}
