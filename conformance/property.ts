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
import { IpcError } from "../spec/errors.ts";
import { AssertionFailure, describeValue } from "./assert.ts";
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
 * A property-based test ran fewer runs than its minimum in its time: not a
 * PASS, whatever those runs found. The runner reports it as TIMEOUT.
 */
export class RunsShortfall extends Error {
  /** Runs done. */
  readonly done: number;
  /** Runs asked for. */
  readonly wanted: number;
  /** The fewest runs that count. */
  readonly minimum: number;

  /**
   * Creates the report of a shortfall.
   *
   * @param done - runs done
   * @param wanted - runs asked for
   * @param minimum - the fewest that count
   */
  constructor(done: number, wanted: number, minimum: number) {
    super(`the property ran ${done} of ${wanted} runs before its time ran out; at least ${minimum} are needed`);
    this.name = "RunsShortfall";
    this.done = done;
    this.wanted = wanted;
    this.minimum = minimum;
  }
}

/**
 * The fewest runs of a property that count as having checked it: a tenth
 * of those asked for, at least 10 (or all of them, when fewer are asked).
 *
 * @param wanted - runs asked for
 * @returns the minimum
 *
 * @example
 * ```ts
 * import { minimumRuns } from "ipckit/conformance";
 * console.assert(minimumRuns(100) === 10 && minimumRuns(5) === 5 && minimumRuns(1_000_000) === 100_000);
 * ```
 */
export function minimumRuns(wanted: number): number {
  return Math.min(wanted, Math.max(10, Math.ceil(wanted / 10)));
}

/**
 * Runs a property with the test's seed and run count. Unless
 * `options.limitTime` is `false`, the runs and the shrinking of a failure
 * stop before the test's timeout, so a failing property is reported as FAIL
 * with the smallest counterexample found so far, not as TIMEOUT. The runs
 * done are noted in the report ("62 of 100 runs"); a run cut short before
 * {@link minimumRuns} is a {@link RunsShortfall}, not a pass.
 *
 * @param t - the test's context (seed, run count, timeout, notes)
 * @param property - the property, sync or async
 * @param what - the check, as a phrase
 * @param expected - what every run must satisfy, in words
 * @param options - whether the test's time limits the run
 * @throws {AssertionFailure} when a run fails, with the failed check and fast-check's report (seed, path, counterexample) as `actual`
 * @throws {RunsShortfall} when time ran out before the minimum number of runs
 *
 * @example A property that holds
 * ```ts
 * import fc from "fast-check";
 * import { checkProperty } from "ipckit/conformance";
 * const notes: string[] = [];
 * const t = { seed: 1, numRuns: 20, timeoutMs: 1000, note: (n: string) => void notes.push(n) };
 * await checkProperty(t, fc.property(fc.nat(), (n) => n >= 0), "naturals", "never negative");
 * await checkProperty(t, fc.property(fc.nat(), (n) => n + 1 > n), "successors", "larger", { limitTime: false });
 * console.assert(notes[0] === "20 runs");
 * ```
 */
export async function checkProperty<Ts>(
  t: Pick<TestContext, "seed" | "numRuns" | "timeoutMs" | "note">,
  property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>,
  what: string,
  expected: string,
  options: PropertyCheckOptions = {},
): Promise<void> {
  const details = await fc.check(
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
  if (details.failed) {
    const error: unknown = details.errorInstance;
    // A failed check, an error code where success was due, or a property
    // that returned false is the clause's failure: report the check itself,
    // then fast-check's report (seed, path, counterexample). Anything else
    // (a setup step that did not hold, a crash) keeps its own kind.
    let check: string;
    if (error instanceof AssertionFailure) check = error.message;
    else if (IpcError.is(error)) check = `expected success, got ${describeValue(error)}`;
    else if (error === undefined || (error instanceof Error && error.name === "Error")) check = error?.message ?? "the property failed";
    else throw error;
    const report = fc.defaultReportMessage(details) ?? "";
    throw new AssertionFailure(what, expected, `${check}\n${report}`);
  }
  const done = details.numRuns;
  t.note(done < t.numRuns ? `${done} of ${t.numRuns} runs` : `${done} runs`);
  if (details.interrupted && done < minimumRuns(t.numRuns)) throw new RunsShortfall(done, t.numRuns, minimumRuns(t.numRuns));
}
