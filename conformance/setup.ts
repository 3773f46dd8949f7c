/**
 * Setting the scene without blaming the clause under test. A test leans on
 * other rules to reach the state it checks (fill a pipe to capacity, find it
 * empty, hold a mutex); a step that does not hold there makes the test
 * UNRESOLVED, naming the rule the step relied on, not a FAIL of the clause
 * the test is about.
 *
 * @module
 */

import { IpcError } from "../spec/errors.ts";
import { AssertionFailure, describeValue, isThenable } from "./assert.ts";

/**
 * A step that set the scene for a test did not hold. The runner reports the
 * test UNRESOLVED with the clause the step relied on, or FAIL when that
 * clause is the one under test.
 */
export class SetupFailure extends Error {
  /** The clause the step relied on. */
  readonly clause: string;
  /** The step, as a phrase. */
  readonly what: string;
  /** What the step needed, in words. */
  readonly expected: string;
  /** What happened, in words. */
  readonly actual: string;

  /**
   * Creates a setup failure.
   *
   * @param clause - the clause the step relied on
   * @param what - the step, as a phrase
   * @param expected - what the step needed
   * @param actual - what happened
   */
  constructor(clause: string, what: string, expected: string, actual: string) {
    super(`${what} (relies on ${clause}): expected ${expected}, got ${actual}`);
    this.name = "SetupFailure";
    this.clause = clause;
    this.what = what;
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * The suite itself is at fault: a test called something it did not declare
 * (a call of a feature it does not require). The runner reports ERROR with
 * this as its cause, never a verdict on the implementation.
 */
export class SuiteFault extends Error {
  /**
   * Creates a fault of the suite.
   *
   * @param detail - what the suite did wrong
   */
  constructor(detail: string) {
    super(detail);
    this.name = "SuiteFault";
  }
}

/** Turns what a setup step threw into a {@link SetupFailure}, or leaves it as it is. */
function asSetupFailure(clause: string, what: string, thrown: unknown): unknown {
  if (thrown instanceof SetupFailure || thrown instanceof SuiteFault) return thrown;
  if (thrown instanceof AssertionFailure) return new SetupFailure(clause, what, thrown.expected, thrown.actual);
  if (IpcError.is(thrown)) return new SetupFailure(clause, what, "success", describeValue(thrown));
  // Anything else (a crash of the implementation) stays what it is: ERROR.
  return thrown;
}

/**
 * Runs a step that sets the scene for a test, relying on `clause`: a check
 * in it that fails, or an `IpcError` it throws or rejects with, becomes a
 * {@link SetupFailure}, so the test is UNRESOLVED (or FAIL when `clause` is
 * the clause under test). A step that returns a promise has its rejection
 * mapped the same way.
 *
 * @param clause - the clause the step relies on (`"PIPE-CAP-1"` for filling a pipe)
 * @param what - the step, as a phrase
 * @param step - the step
 * @returns what the step returned (a promise stays a promise)
 * @throws {SetupFailure} when the step's check fails or the step fails with an `IpcError`
 *
 * @example A step that does not hold
 * ```ts
 * import { SetupFailure, expectEqual, given } from "ipckit/conformance";
 * let failure: unknown;
 * try { given("PIPE-CAP-1", "fill the pipe", () => expectEqual(3, 65536, "bytes written")); } catch (error) { failure = error; }
 * console.assert(failure instanceof SetupFailure && failure.clause === "PIPE-CAP-1");
 * console.assert(given("PIPE-CAP-1", "a step that holds", () => 7) === 7);
 * ```
 */
export function given<T>(clause: string, what: string, step: () => T): T {
  let result: T;
  try {
    result = step();
  } catch (thrown) {
    throw asSetupFailure(clause, what, thrown);
  }
  if (isThenable(result)) {
    return Promise.resolve(result).catch((thrown: unknown) => {
      throw asSetupFailure(clause, what, thrown);
    }) as T;
  }
  return result;
}
