/**
 * Development-mode assertions: the invariants the reference's comments state
 * ("reads wait only while the buffer is empty") are checked where they are
 * relied on. A check is one comparison and a call with a constant message, so
 * it costs nothing measurable; `setAssertions(false)` turns them off.
 *
 * @module
 */

/** An invariant of the reference does not hold: a bug in the reference, never the caller's error. */
export class AssertionError extends Error {
  override readonly name = "AssertionError";
}

let enabled = true;

/**
 * Fails when an invariant does not hold (while assertions are on).
 *
 * @param condition - the invariant
 * @param message - what it says, as a constant string (build no string for a check that passes)
 * @throws {AssertionError} when `condition` is falsy and assertions are on
 */
export function assert(condition: unknown, message: string): asserts condition {
  if (enabled && !condition) throw new AssertionError(message);
}

/**
 * Turns the assertions on or off (they start on).
 *
 * @param on - whether to check
 * @returns whether they were on
 */
export function setAssertions(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}
