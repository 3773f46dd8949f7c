/**
 * Assertions for conformance tests. Each one says what it expected and what
 * happened, compares error `code`s (never messages), and throws an
 * {@link AssertionFailure} that the runner reports as FAIL.
 *
 * Blocking is checked without sleeps: {@link track} a promise, {@link drain}
 * the task queue, then {@link expectPending}; act; then await the result.
 *
 * @module
 */

import { IpcError } from "../spec/errors.ts";
import type { ErrorCode } from "../spec/errors.ts";
import { settleActive } from "./active.ts";

/**
 * A conformance check that did not hold: the runner reports it as FAIL with
 * `expected` and `actual`.
 */
export class AssertionFailure extends Error {
  /** What the clause requires, in words. */
  readonly expected: string;
  /** What the implementation did, in words. */
  readonly actual: string;

  /**
   * Creates a failure.
   *
   * @param what - the check that failed, as a phrase ("read after close")
   * @param expected - what the clause requires
   * @param actual - what happened
   */
  constructor(what: string, expected: string, actual: string) {
    super(`${what}: expected ${expected}, got ${actual}`);
    this.name = "AssertionFailure";
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * Describes any value for a failure message: errors by code, byte arrays by
 * length and first bytes, promises as such.
 *
 * @param value - anything
 * @returns a short description
 *
 * @example Describe an error
 * ```ts
 * import { describeValue } from "ipckit/conformance";
 * import { IpcError } from "ipckit/spec";
 * console.assert(describeValue(new IpcError("EPIPE", "write")) === "error EPIPE (from write)");
 * ```
 */
export function describeValue(value: unknown): string {
  if (IpcError.is(value)) return `error ${value.code} (from ${value.syscall})`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (value instanceof Uint8Array) {
    const head = Array.from(value.subarray(0, 8)).join(",");
    return `${value.length} bytes [${head}${value.length > 8 ? ",..." : ""}]`;
  }
  if (isThenable(value)) return "a promise";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Whether a value is a promise or promise-like.
 *
 * @param value - anything
 * @returns `true` when it has a `then` method
 *
 * @example
 * ```ts
 * import { isThenable } from "ipckit/conformance";
 * console.assert(isThenable(Promise.resolve(1)) && !isThenable(1));
 * ```
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/**
 * Fails unless `actual` is identical (`Object.is`) to `expected`.
 *
 * @param actual - the observed value
 * @param expected - the required value
 * @param what - the check, as a phrase
 * @throws {AssertionFailure} when they differ
 *
 * @example
 * ```ts
 * import { expectEqual } from "ipckit/conformance";
 * expectEqual(1 + 1, 2, "sum");
 * ```
 */
export function expectEqual<T>(actual: T, expected: T, what: string): void {
  if (!Object.is(actual, expected)) {
    throw new AssertionFailure(what, describeValue(expected), describeValue(actual));
  }
}

/**
 * Fails unless `condition` holds.
 *
 * @param condition - the fact to check
 * @param what - the check, as a phrase
 * @param expected - what was required, in words
 * @param actual - what happened, in words
 * @throws {AssertionFailure} when `condition` is false
 *
 * @example
 * ```ts
 * import { expectTrue } from "ipckit/conformance";
 * expectTrue(3 > 2, "ordering", "3 above 2", "3 not above 2");
 * ```
 */
export function expectTrue(condition: boolean, what: string, expected: string, actual: string): asserts condition {
  if (!condition) throw new AssertionFailure(what, expected, actual);
}

/**
 * Fails unless two byte arrays have the same length and content; the message
 * names the first differing offset.
 *
 * @param actual - the bytes observed
 * @param expected - the bytes required
 * @param what - the check, as a phrase
 * @throws {AssertionFailure} when they differ
 *
 * @example
 * ```ts
 * import { expectBytes } from "ipckit/conformance";
 * expectBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2]), "echo");
 * ```
 */
export function expectBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  if (!(actual instanceof Uint8Array)) {
    throw new AssertionFailure(what, describeValue(expected), describeValue(actual));
  }
  const length = Math.min(actual.length, expected.length);
  for (let i = 0; i < length; i++) {
    if (actual[i] !== expected[i]) {
      throw new AssertionFailure(
        what,
        `${expected.length} bytes, byte ${i} = ${expected[i]}`,
        `${actual.length} bytes, byte ${i} = ${actual[i]}`,
      );
    }
  }
  if (actual.length !== expected.length) {
    throw new AssertionFailure(what, `${expected.length} bytes`, `${actual.length} bytes`);
  }
}

function checkCode(outcome: { threw: boolean; value: unknown }, code: ErrorCode, what: string): IpcError {
  if (!outcome.threw) {
    throw new AssertionFailure(what, `error ${code}`, `success with ${describeValue(outcome.value)}`);
  }
  if (!IpcError.is(outcome.value, code)) {
    throw new AssertionFailure(what, `error ${code}`, describeValue(outcome.value));
  }
  return outcome.value;
}

/**
 * Fails unless calling `fn` throws synchronously an error with `code`. A
 * returned promise counts as not throwing (try forms must be synchronous).
 *
 * @param fn - the call to make
 * @param code - the error code required
 * @param what - the check, as a phrase
 * @returns the error thrown
 * @throws {AssertionFailure} when `fn` returns or throws something else
 *
 * @example
 * ```ts
 * import { expectThrowsCode } from "ipckit/conformance";
 * import { IpcError } from "ipckit/spec";
 * expectThrowsCode(() => { throw new IpcError("EAGAIN", "read"); }, "EAGAIN", "empty read");
 * ```
 */
export function expectThrowsCode(fn: () => unknown, code: ErrorCode, what: string): IpcError {
  let outcome: { threw: boolean; value: unknown };
  try {
    const value = fn();
    if (isThenable(value)) {
      // Keep a rejection from surfacing as unhandled; the failure is reported here.
      Promise.resolve(value).catch(() => undefined);
    }
    outcome = { threw: false, value };
  } catch (error) {
    outcome = { threw: true, value: error };
  }
  return checkCode(outcome, code, what);
}

/**
 * Fails unless `promise` rejects with an error with `code`.
 *
 * @param promise - the operation's promise (or a function returning it)
 * @param code - the error code required
 * @param what - the check, as a phrase
 * @returns the error the promise rejected with
 * @throws {AssertionFailure} when it resolves or rejects with something else
 *
 * @example
 * ```ts
 * import { expectRejectsCode } from "ipckit/conformance";
 * import { IpcError } from "ipckit/spec";
 * await expectRejectsCode(Promise.reject(new IpcError("EPIPE", "write")), "EPIPE", "write without reader");
 * ```
 */
export async function expectRejectsCode(
  promise: PromiseLike<unknown> | (() => PromiseLike<unknown>),
  code: ErrorCode,
  what: string,
): Promise<IpcError> {
  let outcome: { threw: boolean; value: unknown };
  try {
    outcome = { threw: false, value: await (typeof promise === "function" ? promise() : promise) };
  } catch (error) {
    outcome = { threw: true, value: error };
  }
  return checkCode(outcome, code, what);
}

/**
 * Fails when `value` is a promise: the synchronous `try` forms must return
 * their result directly (PIPE-NB-5).
 *
 * @param value - what a try form returned
 * @param what - the check, as a phrase
 * @returns `value`, typed as not a promise
 * @throws {AssertionFailure} when `value` is a thenable
 *
 * @example
 * ```ts
 * import { expectSync } from "ipckit/conformance";
 * expectSync(3, "tryRead result");
 * ```
 */
export function expectSync<T>(value: T, what: string): T {
  if (isThenable(value)) {
    Promise.resolve(value).catch(() => undefined);
    throw new AssertionFailure(what, "a synchronous result", "a promise");
  }
  return value;
}

/** A promise whose state can be inspected synchronously. */
export interface Tracked<T> {
  /** The promise itself, to await. */
  readonly promise: Promise<T>;
  /** Where it stands now. */
  readonly state: "pending" | "fulfilled" | "rejected";
  /** The fulfilment value, once fulfilled. */
  readonly value: T | undefined;
  /** The rejection reason, once rejected. */
  readonly reason: unknown;
  /** When it settled (`Date.now()`, the clock deadlines use), once settled. */
  readonly settledAt: number | undefined;
}

/**
 * Wraps a promise so its state can be read synchronously; a rejection of a
 * tracked promise is never reported as unhandled.
 *
 * @param promise - the operation's promise
 * @returns a tracker
 *
 * @example
 * ```ts
 * import { drain, track } from "ipckit/conformance";
 * const tracked = track(Promise.resolve(5));
 * await drain();
 * console.assert(tracked.state === "fulfilled" && tracked.value === 5);
 * ```
 */
export function track<T>(promise: PromiseLike<T>): Tracked<T> {
  const tracked: { promise: Promise<T>; state: Tracked<T>["state"]; value: T | undefined; reason: unknown; settledAt: number | undefined } = {
    promise: Promise.resolve(promise),
    state: "pending",
    value: undefined,
    reason: undefined,
    settledAt: undefined,
  };
  tracked.promise.then(
    (value) => {
      tracked.state = "fulfilled";
      tracked.value = value;
      tracked.settledAt = Date.now();
    },
    (reason: unknown) => {
      tracked.state = "rejected";
      tracked.reason = reason;
      tracked.settledAt = Date.now();
    },
  );
  return tracked;
}

/**
 * Lets every queued task run: microtasks, and a few rounds of macrotasks for
 * implementations that defer wake-ups with timers of 0 ms; then, inside a
 * test, waits for every system the test made to settle (`IpcSystem.settle`)
 * and gives what that woke one more round. After it resolves, an operation
 * that could have completed has completed.
 *
 * @param rounds - macrotask rounds to wait; default 3
 * @returns a promise that resolves once the queue has drained
 *
 * @example
 * ```ts
 * import { drain } from "ipckit/conformance";
 * let ran = false;
 * queueMicrotask(() => { ran = true; });
 * await drain();
 * console.assert(ran);
 * ```
 */
export async function drain(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  // An implementation whose work goes on elsewhere (threads, processes, the
  // kernel) says when it has settled; then what that woke gets its turn.
  if (await settleActive()) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/**
 * Drains the task queue, then fails unless the operation is still pending:
 * proof that it blocks.
 *
 * @param tracked - the tracked operation
 * @param what - the check, as a phrase
 * @throws {AssertionFailure} when it has settled
 *
 * @example
 * ```ts
 * import { expectPending, track } from "ipckit/conformance";
 * await expectPending(track(new Promise(() => {})), "a promise that never settles");
 * ```
 */
export async function expectPending(tracked: Tracked<unknown>, what: string): Promise<void> {
  await drain();
  if (tracked.state === "fulfilled") {
    throw new AssertionFailure(what, "still pending", `resolved with ${describeValue(tracked.value)}`);
  }
  if (tracked.state === "rejected") {
    throw new AssertionFailure(what, "still pending", `rejected with ${describeValue(tracked.reason)}`);
  }
}

/**
 * Awaits a tracked operation and fails unless it resolves to `expected`.
 * A hang is caught by the test's timeout.
 *
 * @param tracked - the tracked operation (or a plain promise)
 * @param expected - the value required
 * @param what - the check, as a phrase
 * @returns the value
 * @throws {AssertionFailure} when it rejects or resolves to another value
 *
 * @example
 * ```ts
 * import { expectResolves } from "ipckit/conformance";
 * await expectResolves(Promise.resolve(4), 4, "count");
 * ```
 */
export async function expectResolves<T>(tracked: Tracked<T> | PromiseLike<T>, expected: T, what: string): Promise<T> {
  const promise = "promise" in tracked && "state" in tracked ? tracked.promise : tracked;
  let value: T;
  try {
    value = await promise;
  } catch (error) {
    throw new AssertionFailure(what, `resolves with ${describeValue(expected)}`, `rejected with ${describeValue(error)}`);
  }
  expectEqual(value, expected, what);
  return value;
}

/**
 * Makes `length` bytes of a recognisable pattern, different for each `seed`,
 * so that misordered or lost bytes show.
 *
 * @param length - how many bytes
 * @param seed - varies the pattern; default 0
 * @returns the bytes
 *
 * @example
 * ```ts
 * import { pattern } from "ipckit/conformance";
 * console.assert(pattern(3, 1)[0] !== pattern(3, 2)[0]);
 * ```
 */
export function pattern(length: number, seed = 0): Uint8Array {
  const bytes = new Uint8Array(length);
  // A small multiplicative sequence: period 251, so offsets within a write differ.
  let x = (seed * 37 + 11) % 251;
  for (let i = 0; i < length; i++) {
    bytes[i] = x;
    x = (x * 7 + 3) % 251;
  }
  return bytes;
}

/**
 * Calls `fn` and fails unless it returns, synchronously and without
 * throwing: for the steps of a test that must succeed before the check that
 * matters. A returned promise fails too (the call must be synchronous).
 *
 * @param fn - the call to make
 * @param what - the check, as a phrase
 * @param expected - what the call should do, in words, for the failure; default `"success"`
 * @returns what `fn` returned
 * @throws {AssertionFailure} when `fn` throws (with `expected` and the error)
 *   or returns a promise
 *
 * @example A step that succeeds, and one that does not
 * ```ts
 * import { AssertionFailure, expectReturns } from "ipckit/conformance";
 * console.assert(expectReturns(() => 2 + 2, "a sum") === 4);
 * let failure: unknown;
 * try { expectReturns(() => { throw new Error("no"); }, "a step", "the step done"); } catch (error) { failure = error; }
 * console.assert(failure instanceof AssertionFailure && failure.expected === "the step done");
 * ```
 */
export function expectReturns<T>(fn: () => T, what: string, expected = "success"): T {
  try {
    return expectSync(fn(), what);
  } catch (error) {
    if (error instanceof AssertionFailure) throw error;
    throw new AssertionFailure(what, expected, describeValue(error));
  }
}

/**
 * The outcome of a synchronous call, as a word: `"ok"` when it returns, the
 * error's code when it throws an `IpcError`, `"a promise"` when it returns
 * one (whose rejection is then never reported as unhandled), and a
 * description of anything else thrown.
 *
 * @param call - the call to make
 * @returns `"ok"`, an error code, `"a promise"`, or what was thrown, described
 *
 * @example Outcomes
 * ```ts
 * import { outcome } from "ipckit/conformance";
 * import { IpcError } from "ipckit/spec";
 * console.assert(outcome(() => 1) === "ok");
 * console.assert(outcome(() => { throw new IpcError("EACCES", "open"); }) === "EACCES");
 * console.assert(outcome(() => Promise.resolve()) === "a promise");
 * ```
 */
export function outcome(call: () => unknown): string {
  try {
    const value = call();
    if (isThenable(value)) {
      Promise.resolve(value).catch(() => undefined);
      return "a promise";
    }
    return "ok";
  } catch (error) {
    return IpcError.is(error) ? error.code : describeValue(error);
  }
}

/**
 * One call of a table checked by {@link expectOutcomes}: its label, the call,
 * and the {@link outcome} it must have.
 *
 * @example A row
 * ```ts
 * import { outcome } from "ipckit/conformance";
 * import type { OutcomeRow } from "ipckit/conformance";
 * const [label, call, expected]: OutcomeRow = ["a call that returns", () => 1, "ok"];
 * console.assert(label.length > 0 && outcome(call) === expected);
 * ```
 */
export type OutcomeRow = readonly [label: string, call: () => unknown, expected: string];

/**
 * Makes every call of a table and fails listing each one whose
 * {@link outcome} differs from the one expected, so that one failure shows
 * the whole picture (of a permission matrix, say).
 *
 * @param rows - the calls, each with its label and the outcome it must have
 * @param what - the check, as a phrase
 * @throws {AssertionFailure} when any outcome differs, naming each with what was expected
 *
 * @example A table of outcomes
 * ```ts
 * import { expectOutcomes } from "ipckit/conformance";
 * import { IpcError } from "ipckit/spec";
 * expectOutcomes(
 *   [
 *     ["a call that returns", () => 1, "ok"],
 *     ["a call that fails", () => { throw new IpcError("EPERM", "unlink"); }, "EPERM"],
 *   ],
 *   "two calls",
 * );
 * ```
 */
export function expectOutcomes(rows: readonly OutcomeRow[], what: string): void {
  const wrong: string[] = [];
  const wanted: string[] = [];
  for (const [label, call, expected] of rows) {
    const got = outcome(call);
    if (got !== expected) {
      wrong.push(`${label}: ${got}`);
      wanted.push(`${label}: ${expected}`);
    }
  }
  if (wrong.length > 0) throw new AssertionFailure(what, wanted.join("; "), wrong.join("; "));
}

/**
 * An operation the checks of {@link operationChecks} take: already
 * {@link track}ed, or a call that starts it.
 *
 * @example Both forms
 * ```ts
 * import { operationChecks, track } from "ipckit/conformance";
 * import type { Operation } from "ipckit/conformance";
 * const { expectResolvesNow } = operationChecks();
 * const ops: Operation<number>[] = [track(Promise.resolve(1)), () => Promise.resolve(1)];
 * for (const op of ops) await expectResolvesNow(op, 1, "an operation that resolves with 1");
 * ```
 */
export type Operation<T> = Tracked<T> | (() => Promise<T>);

/**
 * How the checks of {@link operationChecks} start an operation given as a call.
 *
 * @example A call that returns no promise
 * ```ts
 * import { AssertionFailure, operationChecks } from "ipckit/conformance";
 * const call = (() => 5) as unknown as () => Promise<number>;
 * await operationChecks().expectResolvesNow(call, 5, "tracked as a promise of 5");
 * let failure: unknown;
 * try { operationChecks({ requirePromise: true }).start(call, "a call that must return a promise"); } catch (error) { failure = error; }
 * console.assert(failure instanceof AssertionFailure && failure.expected === "a promise");
 * ```
 */
export interface OperationCheckOptions {
  /**
   * Whether a call that returns something other than a promise fails (with
   * "a promise" expected); default `false`, where the value returned is
   * tracked as a promise resolved with it.
   */
  readonly requirePromise?: boolean;
}

/**
 * Checks of operations that must settle without anything more happening:
 * each drains the task queue ({@link drain}) and fails when the operation is
 * still pending. An operation given as a call is started with `start`, so a
 * synchronous throw fails the check (errors must be rejections).
 *
 * @example A throw where a rejection is due
 * ```ts
 * import { AssertionFailure, operationChecks } from "ipckit/conformance";
 * const checks = operationChecks();
 * let failure: unknown;
 * try { checks.start(() => { throw new Error("sync"); }, "a call that throws"); } catch (error) { failure = error; }
 * console.assert(failure instanceof AssertionFailure);
 * console.assert((await checks.expectFulfilledNow(() => Promise.resolve("x"), "a value", "a call")) === "x");
 * ```
 */
export interface OperationChecks {
  /**
   * Starts an operation and tracks it, turning a synchronous throw into a
   * failure (and, with `requirePromise`, a value that is not a promise).
   *
   * @param fn - the call that starts the operation
   * @param what - the check, as a phrase
   * @returns the operation, tracked
   */
  start<T>(fn: () => Promise<T>, what: string): Tracked<T>;
  /**
   * Drains the task queue and fails unless the operation has settled.
   *
   * @param op - the operation, or the call that starts it
   * @param what - the check, as a phrase
   * @returns the operation, settled
   */
  expectSettledNow<T>(op: Operation<T>, what: string): Promise<Tracked<T>>;
  /**
   * Fails unless the operation resolves at once to `expected` (`Object.is`).
   *
   * @param op - the operation, or the call that starts it
   * @param expected - the value required
   * @param what - the check, as a phrase
   * @returns nothing
   */
  expectResolvesNow<T>(op: Operation<T>, expected: T, what: string): Promise<void>;
  /**
   * Fails unless the operation resolves at once with `undefined`, as the
   * operations that return nothing do.
   *
   * @param op - the operation, or the call that starts it
   * @param what - the check, as a phrase
   * @returns nothing
   */
  expectDoneNow(op: Operation<void>, what: string): Promise<void>;
  /**
   * Fails unless the operation resolves at once, with any value.
   *
   * @param op - the operation, or the call that starts it
   * @param expected - what it should resolve with, in words, for the failure
   * @param what - the check, as a phrase
   * @returns the value it resolved with
   */
  expectFulfilledNow<T>(op: Operation<T>, expected: string, what: string): Promise<T>;
  /**
   * Fails unless the operation rejects at once with an error with `code`.
   *
   * @param op - the operation, or the call that starts it
   * @param code - the error code required
   * @param what - the check, as a phrase
   * @returns the error it rejected with
   */
  expectRejectsNow(op: Operation<unknown>, code: ErrorCode, what: string): Promise<IpcError>;
}

/**
 * Makes the checks of operations that must settle at once (see
 * {@link OperationChecks}), starting operations given as calls as `options`
 * say.
 *
 * @param options - whether a started call must return a promise
 * @returns the checks
 *
 * @example A wait that completes, one that fails, and one that waits
 * ```ts
 * import { AssertionFailure, operationChecks } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * const { expectDoneNow, expectRejectsNow, expectSettledNow } = operationChecks({ requirePromise: true });
 * const proc = createSystem().spawn();
 * const sem = proc.semInit(1);
 * await expectDoneNow(() => proc.semWait(sem), "a wait on 1");
 * await expectRejectsNow(() => proc.semWait(sem, { deadline: 0 }), "ETIMEDOUT", "a wait on 0 whose deadline passed");
 * let failure: unknown;
 * try { await expectSettledNow(() => proc.semWait(sem), "a wait on 0"); } catch (error) { failure = error; }
 * console.assert(failure instanceof AssertionFailure);
 * proc.semPost(sem);
 * ```
 */
export function operationChecks(options: OperationCheckOptions = {}): OperationChecks {
  const requirePromise = options.requirePromise === true;
  const start = <T>(fn: () => Promise<T>, what: string): Tracked<T> => {
    let promise: Promise<T>;
    try {
      promise = fn();
    } catch (error) {
      throw new AssertionFailure(what, "a promise (errors reported as rejections)", `a synchronous throw of ${describeValue(error)}`);
    }
    if (requirePromise && !isThenable(promise)) throw new AssertionFailure(what, "a promise", describeValue(promise));
    return track(promise);
  };
  const expectSettledNow = async <T>(op: Operation<T>, what: string): Promise<Tracked<T>> => {
    const tracked = typeof op === "function" ? start(op, what) : op;
    await drain();
    if (tracked.state === "pending") throw new AssertionFailure(what, "settled at once", "still pending");
    return tracked;
  };
  const expectResolvesNow = async <T>(op: Operation<T>, expected: T, what: string): Promise<void> => {
    const tracked = await expectSettledNow(op, what);
    await expectResolves(tracked, expected, what);
  };
  return {
    start,
    expectSettledNow,
    expectResolvesNow,
    expectDoneNow: (op, what) => expectResolvesNow(op, undefined, what),
    async expectFulfilledNow<T>(op: Operation<T>, expected: string, what: string): Promise<T> {
      const tracked = await expectSettledNow(op, what);
      if (tracked.state === "rejected") throw new AssertionFailure(what, expected, `rejected with ${describeValue(tracked.reason)}`);
      return tracked.value as T;
    },
    async expectRejectsNow(op, code, what) {
      const tracked = await expectSettledNow(op, what);
      return expectRejectsCode(tracked.promise, code, what);
    },
  };
}

/**
 * Fails unless the indices of the calls served appear in the order the calls
 * were made (ascending): first come, first served.
 *
 * @param served - the index of each call, in the order it was served
 * @param what - the check, as a phrase
 * @param calls - what was served, in words (`"waits"`, `"locks"`)
 * @throws {AssertionFailure} when a later call was served before an earlier one
 *
 * @example In order
 * ```ts
 * import { expectServedInOrder } from "ipckit/conformance";
 * expectServedInOrder([0, 2, 5], "the order pending waits were served in", "waits");
 * ```
 */
export function expectServedInOrder(served: readonly number[], what: string, calls: string): void {
  const sorted = [...served].sort((a, b) => a - b);
  expectTrue(
    served.every((index, k) => index === sorted[k]),
    what,
    "the order they were called in",
    `${calls} served in the order ${served.join(", ")}`,
  );
}
