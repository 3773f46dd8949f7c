/**
 * The test running now in this thread, for the few steps that cannot be
 * handed its context: the drain step settles its systems. Tests of one
 * thread run one at a time, so one slot is enough.
 *
 * @module
 * @internal
 */

/** What the running test offers the drain step. */
export interface ActiveTest {
  /** Resolves once every system the test made has settled: to `true` when any had something to settle. */
  settle(): Promise<boolean>;
}

let active: ActiveTest | undefined;

/**
 * Runs `body` with `test` as the active test.
 *
 * @param test - the test's hooks
 * @param body - the test
 * @returns what `body` returns
 * @internal
 */
export async function withActiveTest<T>(test: ActiveTest, body: () => Promise<T>): Promise<T> {
  const previous = active;
  active = test;
  try {
    return await body();
  } finally {
    active = previous;
  }
}

/**
 * Settles the active test's systems; nothing when no test is active.
 *
 * @returns a promise that resolves once they have settled: to `true` when
 *   any system had something to settle
 * @internal
 */
export function settleActive(): Promise<boolean> {
  return active === undefined ? Promise.resolve(false) : active.settle();
}
