/**
 * Running one test: its options, whether the implementation can run it,
 * the run itself behind the membrane (with its timeout, its systems settled
 * by the drain step and torn down after), and the classification of what
 * happened into a status with its cause. It runs in whatever thread it is
 * called from; containment of code that spins synchronously is the job of
 * the executor that calls it (the CLI runs it inside a worker it can kill).
 *
 * @module
 */

import { getClause, hasClause } from "../spec/registry.ts";
import { FEATURES, FEATURE_NAMES } from "../spec/features.ts";
import type { Feature, FeatureName } from "../spec/features.ts";
import { IpcError } from "../spec/errors.ts";
import type { Adapter } from "./adapter.ts";
import { withActiveTest } from "./active.ts";
import { AssertionFailure, describeValue } from "./assert.ts";
import { FAILING_STATUSES } from "./events.ts";
import type { Cause, ErrorInfo, Status, TestResultEvent } from "./events.ts";
import { OPTIONAL_FEATURES, isSupported } from "./harness.ts";
import type { Supports, TestContext, TestDefinition, TestSystem } from "./harness.ts";
import { Membrane } from "./membrane.ts";
import type { CallGate, Observations } from "./membrane.ts";
import { RunsShortfall } from "./property.ts";
import { SetupFailure, SuiteFault } from "./setup.ts";

/** The per-test timeout in milliseconds when none is given. */
export const DEFAULT_TIMEOUT_MS = 2000;

/** The number of runs of each property-based test when none is given. */
export const DEFAULT_NUM_RUNS = 100;

/** Which tests to run. */
export interface Selection {
  /** Run only tests whose key contains this text or matches this pattern. */
  readonly grep?: string | RegExp;
  /**
   * Run only tests of these clauses. An entry ending in `-` or a bare
   * mechanism/category prefix selects by prefix (`PIPE-EOF` selects every
   * PIPE-EOF clause).
   */
  readonly clauses?: readonly string[];
}

/** The longest timer a runtime keeps: 2^31 - 1 ms; a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** How to run tests. */
export interface RunOptions extends Selection {
  /** Seed for property-based tests; random when absent. */
  readonly seed?: number;
  /** Runs per property-based test; default {@link DEFAULT_NUM_RUNS}. */
  readonly numRuns?: number;
  /** Per-test timeout in milliseconds; default {@link DEFAULT_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
  /** Multiplies every timeout, for slow machines; default 1. */
  readonly timeoutMultiplier?: number;
  /**
   * The most the whole run may take, in milliseconds; once spent, the
   * tests not yet run are TIMEOUT without running. Default: no limit.
   */
  readonly maxTimeMs?: number;
  /**
   * After this many consecutive TIMEOUTs of one mechanism, its remaining
   * tests are TIMEOUT without running; default {@link DEFAULT_TIMEOUT_STREAK}.
   */
  readonly timeoutStreak?: number;
}

/** Consecutive TIMEOUTs of one mechanism after which its other tests are not run. */
export const DEFAULT_TIMEOUT_STREAK = 3;

/** Options resolved to concrete values. */
export interface ResolvedRunOptions {
  readonly seed: number;
  readonly numRuns: number;
  /** The per-test timeout, multiplier included. */
  readonly timeoutMs: number;
  readonly timeoutMultiplier: number;
}

/**
 * Fills in defaults: a random seed, the default run count and timeout.
 *
 * @param options - what the caller gave
 * @returns concrete options
 * @throws {RangeError} for a timeout, multiplier or run count that is not
 *   positive, or a scaled timeout longer than a timer can wait ({@link MAX_TIMER_MS})
 *
 * @example
 * ```ts
 * import { resolveRunOptions } from "ipckit/conformance";
 * console.assert(resolveRunOptions({ seed: 7, timeoutMultiplier: 2 }).timeoutMs === 4000);
 * ```
 */
export function resolveRunOptions(options: RunOptions = {}): ResolvedRunOptions {
  const multiplier = options.timeoutMultiplier ?? 1;
  if (!(multiplier > 0) || !Number.isFinite(multiplier)) throw new RangeError("ipckit: the timeout multiplier must be a positive number");
  const timeoutMs = (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) * multiplier;
  const numRuns = options.numRuns ?? DEFAULT_NUM_RUNS;
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) throw new RangeError("ipckit: the timeout must be a positive number");
  if (timeoutMs > MAX_TIMER_MS) throw new RangeError(`ipckit: the timeout, scaled, must be at most ${MAX_TIMER_MS} ms`);
  if (!Number.isSafeInteger(numRuns) || numRuns < 1) throw new RangeError("ipckit: numRuns must be a positive integer");
  const seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff);
  if (!Number.isSafeInteger(seed)) throw new RangeError("ipckit: the seed must be an integer");
  return { seed, numRuns, timeoutMs, timeoutMultiplier: multiplier };
}

/**
 * Whether a test is in the selection.
 *
 * @param test - the test
 * @param selection - grep and clause filters
 * @returns `true` when selected
 *
 * @example
 * ```ts
 * import { isSelected } from "ipckit/conformance";
 * const test = { clause: "PIPE-EOF-1", key: "[PIPE-EOF-1] x" };
 * console.assert(isSelected(test, { clauses: ["PIPE-EOF"] }) && !isSelected(test, { grep: "ATOM" }));
 * ```
 */
export function isSelected(test: Pick<TestDefinition, "clause" | "key">, selection: Selection): boolean {
  const { grep, clauses } = selection;
  if (grep !== undefined) {
    const matches = typeof grep === "string" ? test.key.includes(grep) : grep.test(test.key);
    if (!matches) return false;
  }
  if (clauses !== undefined && clauses.length > 0) {
    return clauses.some((wanted) => test.clause === wanted || test.clause.startsWith(wanted.endsWith("-") ? wanted : `${wanted}-`));
  }
  return true;
}

/** What running a test came to, before it is labelled with its clause. */
export interface TestOutcome {
  readonly status: Status;
  readonly durationMs: number;
  readonly cause?: Cause;
  readonly message?: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly notes?: readonly string[];
}

/**
 * An error as data, for an ERROR's cause.
 *
 * @param error - what was thrown
 * @returns its name, message and stack
 *
 * @example
 * ```ts
 * import { errorInfo } from "ipckit/conformance";
 * console.assert(errorInfo(new TypeError("x")).name === "TypeError" && errorInfo("boom").name === "string");
 * ```
 */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, ...(typeof error.stack === "string" ? { stack: error.stack } : {}) };
  }
  return { name: error === null ? "null" : typeof error, message: describeValue(error) };
}

/** Marks "the body returned" apart from any value it could throw. */
const RETURNED: unique symbol = Symbol("returned");

/**
 * Classifies how a test ended, from what its body threw (or that it
 * returned or timed out) and what the membrane saw:
 *
 * 1. a call of a feature the test does not require: ERROR, the suite's fault;
 * 2. `ENOSYS` anywhere: NOT IMPLEMENTED;
 * 3. out of time: TIMEOUT;
 * 4. returned: PASS, unless a blocking call returned a plain value (FAIL);
 * 5. threw, after the implementation threw something that is not an
 *    `IpcError`: ERROR with that error and its stack;
 * 6. a property-based test that ran too few runs: TIMEOUT;
 * 7. a setup step that relied on another clause: UNRESOLVED (FAIL when it
 *    relied on the clause under test);
 * 8. a failed check: FAIL;
 * 9. an `IpcError` the test did not expect: FAIL (the clause wants success);
 * 10. anything else: ERROR.
 *
 * @param clause - the clause under test
 * @param thrown - what the body threw (a private marker stands for "it returned")
 * @param observations - what the membrane saw
 * @param timedOutMs - the timeout, when the test ran out of time
 * @returns the status, its cause and the words for the report
 *
 * @example A wrong error code is a FAIL that names the call
 * ```ts
 * import { classifyOutcome } from "ipckit/conformance";
 * import { IpcError } from "ipckit/spec";
 * const outcome = classifyOutcome("PIPE-EOF-1", new IpcError("EPIPE", "write"), {});
 * console.assert(outcome.status === "FAIL" && outcome.cause?.kind === "error-code");
 * console.assert(classifyOutcome("PIPE-EOF-1", new TypeError("x"), {}).status === "ERROR");
 * ```
 */
export function classifyOutcome(
  clause: string,
  thrown: unknown,
  observations: Observations,
  timedOutMs?: number,
): Omit<TestOutcome, "durationMs" | "notes"> {
  if (observations.suiteFault !== undefined) {
    return { status: "ERROR", cause: { kind: "suite", detail: observations.suiteFault }, message: `the suite is at fault: ${observations.suiteFault}` };
  }
  if (thrown instanceof SuiteFault) {
    return { status: "ERROR", cause: { kind: "suite", detail: thrown.message }, message: `the suite is at fault: ${thrown.message}` };
  }
  if (observations.enosys !== undefined) {
    const { call, error } = observations.enosys;
    return { status: "NOT IMPLEMENTED", cause: { kind: "enosys", call }, message: `the implementation reports ENOSYS from ${error.syscall || call}` };
  }
  if (timedOutMs !== undefined) {
    return {
      status: "TIMEOUT",
      cause: { kind: "timeout", ms: timedOutMs },
      message: `the test did not finish within ${Math.round(timedOutMs)} ms (an operation that should have completed is still pending)`,
    };
  }
  if (thrown === RETURNED) {
    const late = observations.notAPromise;
    if (late !== undefined) {
      return {
        status: "FAIL",
        cause: { kind: "not-a-promise", call: late.call },
        message: `${late.call}() is a blocking call: expected a promise, got ${describeValue(late.value)}`,
        expected: "a promise",
        actual: describeValue(late.value),
      };
    }
    return { status: "PASS" };
  }
  if (observations.crash !== undefined) {
    const { call, error } = observations.crash;
    const info = errorInfo(error);
    return { status: "ERROR", cause: { kind: "crash", call, error: info }, message: `the implementation threw ${info.name} from ${call}(): ${info.message}` };
  }
  if (thrown instanceof RunsShortfall) {
    return {
      status: "TIMEOUT",
      cause: { kind: "runs", done: thrown.done, wanted: thrown.wanted, minimum: thrown.minimum },
      message: thrown.message,
    };
  }
  if (thrown instanceof SetupFailure) {
    const detail = { message: thrown.message, expected: thrown.expected, actual: thrown.actual };
    if (thrown.clause === clause) return { status: "FAIL", cause: { kind: "assertion" }, ...detail };
    return {
      status: "UNRESOLVED",
      cause: { kind: "setup", clause: thrown.clause, what: thrown.what },
      ...detail,
      message: `the setup did not hold: ${thrown.message}`,
    };
  }
  if (thrown instanceof AssertionFailure) {
    return { status: "FAIL", cause: { kind: "assertion" }, message: thrown.message, expected: thrown.expected, actual: thrown.actual };
  }
  if (IpcError.is(thrown)) {
    return {
      status: "FAIL",
      cause: { kind: "error-code", call: thrown.syscall, code: thrown.code },
      message: `${thrown.syscall}: expected success, got error ${thrown.code}`,
      expected: "success",
      actual: describeValue(thrown),
    };
  }
  const info = errorInfo(thrown);
  return { status: "ERROR", cause: { kind: "crash", error: info }, message: `unexpected ${info.name} in the test: ${info.message}` };
}

/**
 * Labels an outcome with its test's clause, rule and title.
 *
 * @param test - the test
 * @param outcome - what running it came to
 * @returns the result event
 */
export function resultFor(test: Pick<TestDefinition, "clause" | "title" | "key">, outcome: TestOutcome): TestResultEvent {
  const clause = hasClause(test.clause) ? getClause(test.clause) : undefined;
  return {
    type: "test",
    clause: test.clause,
    rule: clause?.rule ?? "(no such clause in the registry)",
    level: clause?.level ?? "core",
    title: test.title,
    key: test.key,
    ...outcome,
  };
}

/**
 * The status of a test the implementation cannot run, or `undefined` when it
 * can: SKIPPED when the clause is optional or every missing feature is an
 * optional extension, NOT IMPLEMENTED otherwise.
 *
 * @param test - the test
 * @param supports - the implementation's manifest
 * @returns the outcome, or `undefined` when every required feature is supported
 *
 * @example
 * ```ts
 * import { unsupportedOutcome } from "ipckit/conformance";
 * const test = { clause: "PIPE-CAP-2", requires: ["pipe", "pipe.capacity"] } as const;
 * console.assert(unsupportedOutcome(test, { pipe: { capacity: false } })?.status === "SKIPPED");
 * console.assert(unsupportedOutcome(test, { pipe: true }) === undefined);
 * ```
 */
export function unsupportedOutcome(test: Pick<TestDefinition, "clause" | "requires">, supports: Supports): TestOutcome | undefined {
  const missing = test.requires.filter((feature) => !isSupported(supports, feature));
  if (missing.length === 0) return undefined;
  const optional =
    (hasClause(test.clause) && getClause(test.clause).level === "optional") ||
    missing.every((feature) => OPTIONAL_FEATURES.has(feature));
  return {
    status: optional ? "SKIPPED" : "NOT IMPLEMENTED",
    durationMs: 0,
    cause: { kind: "unsupported", features: missing },
    message: `needs ${missing.join(", ")}, which the implementation does not provide`,
  };
}

/** Which features list each process call (a call may belong to several). */
const CALL_OWNERS: ReadonlyMap<string, readonly FeatureName[]> = (() => {
  const owners = new Map<string, FeatureName[]>();
  const add = (call: string, owner: FeatureName): void => {
    const list = owners.get(call);
    if (list === undefined) owners.set(call, [owner]);
    else list.push(owner);
  };
  for (const feature of FEATURE_NAMES) {
    const entry = FEATURES[feature] as { readonly calls: readonly string[]; readonly parts: Readonly<Record<string, { readonly calls: readonly string[] }>> };
    for (const call of entry.calls) add(call, feature);
    for (const [part, { calls }] of Object.entries(entry.parts)) for (const call of calls) add(call, `${feature}.${part}` as FeatureName);
  }
  return owners;
})();

/**
 * The gate of a test's membrane: a call on a process is allowed when a
 * feature that provides it is one the test requires (a part implies its
 * feature) or one it asked about and was told is supported.
 */
function gateFor(requires: readonly FeatureName[], asked: ReadonlySet<FeatureName>): CallGate {
  const allows = (owner: FeatureName): boolean =>
    [...requires, ...asked].some((name) => name === owner || name.split(".", 1)[0] === owner);
  return (call) => {
    const owners = CALL_OWNERS.get(call);
    if (owners === undefined || owners.some(allows)) return undefined;
    return `the test calls ${call}() but does not require ${owners.join(" or ")}`;
  };
}

/** Waits for `promise`, or `ms` at most. */
async function atMost(promise: unknown, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([Promise.resolve(promise).catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs one test's body against an adapter, behind a membrane: makes a
 * context whose systems come from the adapter, races the body against the
 * timeout, tears the systems down and classifies the outcome. It does not
 * look at the manifest (see {@link unsupportedOutcome}) and never throws.
 *
 * @param test - the test to run
 * @param adapter - the implementation
 * @param options - seed, runs and timeout
 * @returns what running it came to
 */
export async function executeTest(test: TestDefinition, adapter: Adapter, options: ResolvedRunOptions): Promise<TestOutcome> {
  const timeoutMs = Math.min(options.timeoutMs * test.timeoutFactor, MAX_TIMER_MS);
  const asked = new Set<FeatureName>();
  const membrane = new Membrane(gateFor(test.requires, asked));
  const systems: TestSystem[] = [];
  const notes: string[] = [];
  const controller = new AbortController();
  const system = async (): Promise<TestSystem> => {
    const made = await membrane.createSystem(() => adapter.createSystem() as TestSystem);
    systems.push(made);
    return made;
  };
  const context: TestContext = {
    system,
    process: async (spawnOptions) => (await system()).spawn(spawnOptions),
    supports: (feature) => {
      const provided = isSupported(adapter.supports, feature);
      if (provided) asked.add(feature);
      return provided;
    },
    ms: (ms) => ms * options.timeoutMultiplier,
    note: (note) => void notes.push(note),
    seed: options.seed,
    numRuns: options.numRuns,
    timeoutMs,
    timeoutMultiplier: options.timeoutMultiplier,
    signal: controller.signal,
  };
  const settle = async (): Promise<boolean> => {
    const settling = systems.filter((s) => typeof s.settle === "function");
    await Promise.all(settling.map((s) => s.settle!()));
    return settling.length > 0;
  };
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  let thrown: unknown = RETURNED;
  let late = false;
  try {
    const body = withActiveTest({ settle }, async () => {
      await test.body(context);
      return "done" as const;
    });
    body.catch(() => undefined);
    if ((await Promise.race([body, timedOut])) === "timeout") {
      late = true;
      controller.abort(new IpcError("ETIMEDOUT", "test"));
    }
  } catch (error) {
    thrown = error;
  } finally {
    clearTimeout(timer);
  }
  const durationMs = performance.now() - started;
  const outcome = classifyOutcome(test.clause, thrown, membrane.observations, late ? timeoutMs : undefined);
  membrane.close();
  // Whatever the outcome, the systems release what they hold outside memory.
  for (const s of systems) {
    if (typeof s.teardown === "function") await atMost(s.teardown(), Math.min(timeoutMs, 1000 * options.timeoutMultiplier));
  }
  return { ...outcome, durationMs, ...(notes.length > 0 ? { notes } : {}) };
}

/**
 * Runs one test against an adapter: checks its requirements against the
 * manifest, then runs it behind the membrane ({@link executeTest}) and
 * labels the outcome. It never throws.
 *
 * @param test - the test to run
 * @param adapter - the implementation
 * @param options - seed, runs and timeout
 * @returns the test's result
 *
 * @example
 * ```ts
 * import { allTests, runTest, resolveRunOptions } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * const adapter = { name: "reference", supports: { pipe: true, process: true }, createSystem };
 * const [first] = allTests();
 * const result = await runTest(first!, adapter, resolveRunOptions({ seed: 1 }));
 * console.assert(result.status === "PASS");
 * ```
 */
export async function runTest(test: TestDefinition, adapter: Adapter, options: ResolvedRunOptions): Promise<TestResultEvent> {
  return resultFor(test, unsupportedOutcome(test, adapter.supports) ?? (await executeTest(test, adapter, options)));
}

/**
 * Whether a result counts against the implementation.
 *
 * @param result - a test result
 * @returns `true` for FAIL, UNRESOLVED, TIMEOUT and ERROR
 *
 * @example
 * ```ts
 * import { isFailure } from "ipckit/conformance";
 * console.assert(isFailure({ status: "UNRESOLVED" }) && !isFailure({ status: "NOT IMPLEMENTED" }));
 * ```
 */
export function isFailure(result: Pick<TestResultEvent, "status">): boolean {
  return FAILING_STATUSES.has(result.status);
}

/**
 * Names the JavaScript runtime this code runs on, from web-visible globals.
 *
 * @returns such as `node 20.20.2`, `deno 2.1.0` or `bun 1.1.0`
 *
 * @example
 * ```ts
 * import { runtimeName } from "ipckit/conformance";
 * console.assert(/^(node|deno|bun|unknown)/.test(runtimeName()));
 * ```
 */
export function runtimeName(): string {
  const g = globalThis as {
    Deno?: { version?: { deno?: string } };
    Bun?: { version?: string };
    process?: { versions?: { node?: string } };
  };
  if (g.Deno?.version?.deno !== undefined) return `deno ${g.Deno.version.deno}`;
  if (g.Bun?.version !== undefined) return `bun ${g.Bun.version}`;
  if (g.process?.versions?.node !== undefined) return `node ${g.process.versions.node}`;
  return "unknown";
}
