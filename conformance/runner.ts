/**
 * The suite's core runner: selects tests, runs one test against an adapter
 * with a timeout, and classifies what happened. It runs in whatever thread
 * it is called from; containment of code that spins synchronously is the job
 * of the isolating edge (the CLI runs this core inside a worker it can kill).
 *
 * @module
 */

import { getClause, hasClause } from "../spec/registry.ts";
import { IpcError } from "../spec/errors.ts";
import type { Adapter } from "./adapter.ts";
import { describeValue } from "./assert.ts";
import { FAILING_STATUSES, summarize } from "./events.ts";
import type { RunEvent, Status, TestResultEvent } from "./events.ts";
import { OPTIONAL_FEATURES, isSupported } from "./harness.ts";
import type { TestContext, TestDefinition } from "./harness.ts";
import { allTests } from "./suite.ts";

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
}

/** Options resolved to concrete values. */
export interface ResolvedRunOptions {
  readonly seed: number;
  readonly numRuns: number;
  readonly timeoutMs: number;
}

/**
 * Fills in defaults: a random seed, the default run count and timeout.
 *
 * @param options - what the caller gave
 * @returns concrete options
 * @throws {RangeError} for a timeout, multiplier or run count that is not positive
 *
 * @example
 * ```ts
 * import { resolveRunOptions } from "ipckit/conformance";
 * console.assert(resolveRunOptions({ seed: 7, timeoutMultiplier: 2 }).timeoutMs === 4000);
 * ```
 */
export function resolveRunOptions(options: RunOptions = {}): ResolvedRunOptions {
  const multiplier = options.timeoutMultiplier ?? 1;
  const timeoutMs = (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) * multiplier;
  const numRuns = options.numRuns ?? DEFAULT_NUM_RUNS;
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) throw new RangeError("ipckit: the timeout must be a positive number");
  if (!Number.isSafeInteger(numRuns) || numRuns < 1) throw new RangeError("ipckit: numRuns must be a positive integer");
  const seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff);
  if (!Number.isSafeInteger(seed)) throw new RangeError("ipckit: the seed must be an integer");
  return { seed, numRuns, timeoutMs };
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

/**
 * Classifies what a test body threw: an assertion failure is FAIL, `ENOSYS`
 * is NOT IMPLEMENTED, anything else (including a throw of a non-Error) is ERROR.
 *
 * @param thrown - the value thrown
 * @returns the status and the words for the report
 *
 * @example
 * ```ts
 * import { classifyThrown } from "ipckit/conformance";
 * import { IpcError } from "ipckit/spec";
 * console.assert(classifyThrown(new IpcError("ENOSYS", "pipe")).status === "NOT IMPLEMENTED");
 * console.assert(classifyThrown("boom").status === "ERROR");
 * ```
 */
export function classifyThrown(thrown: unknown): { status: Status; message: string; expected?: string; actual?: string } {
  if (
    thrown instanceof Error &&
    thrown.name === "AssertionFailure" &&
    typeof (thrown as { expected?: unknown }).expected === "string"
  ) {
    const failure = thrown as Error & { expected: string; actual: string };
    return { status: "FAIL", message: failure.message, expected: failure.expected, actual: failure.actual };
  }
  if (IpcError.is(thrown, "ENOSYS")) {
    return { status: "NOT IMPLEMENTED", message: `the implementation reports ENOSYS from ${thrown.syscall}` };
  }
  if (!(thrown instanceof Error)) {
    return { status: "ERROR", message: `the implementation threw a non-Error value: ${describeValue(thrown)}` };
  }
  return { status: "ERROR", message: `unexpected ${describeValue(thrown)}` };
}

/** Builds a result for a test. */
export function resultFor(
  test: Pick<TestDefinition, "clause" | "title" | "key">,
  status: Status,
  durationMs: number,
  detail: { message?: string; expected?: string; actual?: string } = {},
): TestResultEvent {
  const clause = hasClause(test.clause) ? getClause(test.clause) : undefined;
  return {
    type: "test",
    clause: test.clause,
    rule: clause?.rule ?? "(no such clause in the registry)",
    level: clause?.level ?? "core",
    title: test.title,
    key: test.key,
    status,
    durationMs,
    ...detail,
  };
}

/**
 * The status of a test the implementation cannot run, or `undefined` when it
 * can: SKIPPED when the clause is optional or every missing feature is an
 * optional extension ({@link OPTIONAL_FEATURES}), NOT IMPLEMENTED otherwise.
 *
 * @param test - the test
 * @param adapter - the implementation's adapter
 * @returns the result, or `undefined` when every required feature is supported
 */
export function unsupportedResult(test: TestDefinition, adapter: Pick<Adapter, "supports">): TestResultEvent | undefined {
  const missing = test.requires.filter((feature) => !isSupported(adapter.supports, feature));
  if (missing.length === 0) return undefined;
  // A declined optional clause, or a declined optional extension, is SKIPPED.
  const optional =
    (hasClause(test.clause) && getClause(test.clause).level === "optional") ||
    missing.every((feature) => OPTIONAL_FEATURES.has(feature));
  return resultFor(test, optional ? "SKIPPED" : "NOT IMPLEMENTED", 0, {
    message: `the implementation does not support ${missing.join(", ")}`,
  });
}

/**
 * Runs one test against an adapter: checks its requirements, makes a context
 * with fresh systems, races the body against the timeout and classifies the
 * outcome. It never throws.
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
  const unsupported = unsupportedResult(test, adapter);
  if (unsupported !== undefined) return unsupported;
  const timeoutMs = options.timeoutMs * test.timeoutFactor;
  const controller = new AbortController();
  const context: TestContext = {
    system: async () => adapter.createSystem(),
    process: async (spawnOptions) => (await adapter.createSystem()).spawn(spawnOptions),
    seed: options.seed,
    numRuns: options.numRuns,
    timeoutMs,
    signal: controller.signal,
  };
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const body = (async () => {
      await test.body(context);
      return "done" as const;
    })();
    const outcome = await Promise.race([body, timedOut]);
    const durationMs = performance.now() - started;
    if (outcome === "timeout") {
      controller.abort(new IpcError("ETIMEDOUT", "test"));
      body.catch(() => undefined);
      return resultFor(test, "TIMEOUT", durationMs, {
        message: `the test did not finish within ${timeoutMs} ms (an operation that should have completed is still pending)`,
      });
    }
    return resultFor(test, "PASS", durationMs);
  } catch (thrown) {
    const { status, ...detail } = classifyThrown(thrown);
    return resultFor(test, status, performance.now() - started, detail);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs the whole suite (or a selection) against an adapter in this thread,
 * yielding the event stream. A synchronous infinite loop in the
 * implementation hangs it: use the CLI, which isolates, for untrusted code.
 *
 * @param adapter - the implementation
 * @param options - selection, seed, runs and timeouts
 * @returns the events: start, one per selected test, end
 *
 * @example
 * ```ts
 * import { runSuite } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * const adapter = { name: "reference", supports: { pipe: true, process: true }, createSystem };
 * for await (const event of runSuite(adapter, { clauses: ["PIPE-EOF-1"], seed: 1 })) {
 *   if (event.type === "end") console.assert(event.ok);
 * }
 * ```
 */
export async function* runSuite(adapter: Adapter, options: RunOptions = {}): AsyncGenerator<RunEvent> {
  const resolved = resolveRunOptions(options);
  const tests = allTests(adapter.supports).filter((test) => isSelected(test, options));
  const started = performance.now();
  yield {
    type: "start",
    implementation: adapter.name,
    runtime: runtimeName(),
    seed: resolved.seed,
    total: tests.length,
    timeoutMs: resolved.timeoutMs,
    startedAt: new Date().toISOString(),
  };
  const results: TestResultEvent[] = [];
  for (const test of tests) {
    const result = await runTest(test, adapter, resolved);
    results.push(result);
    yield result;
  }
  yield summarize(results, performance.now() - started);
}

/**
 * Whether a result counts against the implementation.
 *
 * @param result - a test result
 * @returns `true` for FAIL, TIMEOUT and ERROR
 */
export function isFailure(result: Pick<TestResultEvent, "status">): boolean {
  return FAILING_STATUSES.has(result.status);
}

/**
 * Names the JavaScript runtime this code runs on, from web-visible globals.
 *
 * @returns such as `node 20.20.2`, `deno 2.1.0` or `bun 1.1.0`
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
