/**
 * Property-based checks for conformance tests: a fast-check property run
 * with the test's seed and run count, within the test's time (unless told
 * otherwise), whose failure becomes an {@link AssertionFailure} carrying
 * fast-check's report (the seed, the path and the shrunk counterexample, to
 * replay with `--seed`).
 *
 * @module
 */

import fc from "fast-check";
import { AssertionFailure } from "./assert.ts";
import type { TestContext } from "./harness.ts";

/**
 * How {@link checkProperty} runs a property.
 *
 * @example Every run, however long it takes
 * ```ts
 * import type { PropertyCheckOptions } from "ipckit/conformance";
 * const options: PropertyCheckOptions = { limitTime: false };
 * console.assert(options.limitTime === false);
 * ```
 */
export interface PropertyCheckOptions {
  /**
   * Whether the run and the shrinking of a failure stop at three quarters of
   * the test's time (default `true`), so that a failing property is reported
   * as FAIL, not TIMEOUT; with `false`, fast-check runs every run and shrinks
   * to the end, however long it takes.
   */
  readonly limitTime?: boolean;
}

/**
 * Runs a property with the test's seed and run count. Unless
 * `options.limitTime` is `false`, shrinking a failure stops before the
 * test's timeout, so a failing property is reported as FAIL with the
 * smallest counterexample found so far, not as TIMEOUT.
 *
 * @param t - the test's context (seed, run count, timeout)
 * @param property - the property, sync or async
 * @param what - the check, as a phrase
 * @param expected - what every run must satisfy, in words
 * @param options - whether the test's time limits the run
 * @throws {AssertionFailure} when a run fails, with fast-check's report as `actual`
 *
 * @example A property that holds
 * ```ts
 * import fc from "fast-check";
 * import { checkProperty } from "ipckit/conformance";
 * const t = { seed: 1, numRuns: 20, timeoutMs: 1000 };
 * await checkProperty(t, fc.property(fc.nat(), (n) => n >= 0), "naturals", "never negative");
 * await checkProperty(t, fc.property(fc.nat(), (n) => n + 1 > n), "successors", "larger", { limitTime: false });
 * ```
 */
export async function checkProperty<Ts>(
  t: Pick<TestContext, "seed" | "numRuns" | "timeoutMs">,
  property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>,
  what: string,
  expected: string,
  options: PropertyCheckOptions = {},
): Promise<void> {
  try {
    await fc.assert(
      property,
      options.limitTime === false
        ? { seed: t.seed, numRuns: t.numRuns }
        : {
            seed: t.seed,
            numRuns: t.numRuns,
            // Leave a quarter of the test's time for the report.
            interruptAfterTimeLimit: Math.max(1, Math.floor(t.timeoutMs * 0.75)),
          },
    );
  } catch (error) {
    throw new AssertionFailure(what, expected, error instanceof Error ? error.message : String(error));
  }
}
