/**
 * The one orchestrator of a conformance run: it takes an executor (which
 * runs a test in this thread, in a worker, or over the implementation
 * protocol), loads the implementation through it, checks the manifest,
 * decides which tests run, keeps the run within its time, and yields the
 * event stream: start, one result per selected test, end.
 *
 * @module
 */

import type { Adapter } from "./adapter.ts";
import { adapterProblem } from "./adapter.ts";
import { summarize } from "./events.ts";
import type { RunEvent, TestResultEvent } from "./events.ts";
import { manifestProblems } from "./harness.ts";
import type { Supports, TestDefinition } from "./harness.ts";
import { declaredCallsMissing } from "./manifest.ts";
import { DEFAULT_TIMEOUT_STREAK, executeTest, isSelected, resolveRunOptions, resultFor, runtimeName, unsupportedOutcome } from "./runner.ts";
import type { ResolvedRunOptions, RunOptions, TestOutcome } from "./runner.ts";
import { allTests } from "./suite.ts";

/** An implementation loaded by an executor. */
export interface LoadedImplementation {
  /** The adapter's name. */
  readonly name: string;
  /** Its manifest, as plain data. */
  readonly supports: Supports;
  /**
   * Calls its processes lack although the manifest declares the features
   * that provide them, in words ("mq: mqUnlink"); empty when none.
   */
  readonly missing: readonly string[];
}

/**
 * Runs tests somewhere: in this thread, in a worker it can kill, or over
 * the implementation protocol. The orchestrator calls `load` once, then
 * `run` for each test the manifest allows, then `close`.
 */
export interface Executor {
  /**
   * Loads the implementation.
   *
   * @returns its name, manifest and the declared calls it lacks
   * @throws {LoadError} when it cannot be loaded
   */
  load(): Promise<LoadedImplementation>;
  /**
   * Runs one test whose requirements the manifest meets.
   *
   * @param test - the test
   * @param options - seed, runs and timeout
   * @returns what running it came to; never throws
   */
  run(test: TestDefinition, options: ResolvedRunOptions): Promise<TestOutcome>;
  /** Releases what the executor holds. */
  close(): Promise<void>;
}

/**
 * The implementation under test could not be loaded, or its adapter or
 * manifest is wrong: the run does not start.
 */
export class LoadError extends Error {
  /**
   * Creates a load error.
   *
   * @param message - why, in one sentence
   */
  constructor(message: string) {
    super(message);
    this.name = "LoadError";
  }
}

/**
 * An executor that runs tests in this thread. A synchronous infinite loop in
 * the implementation hangs it: the command line runs untrusted code in a
 * worker instead.
 *
 * @param adapter - the implementation
 * @returns the executor
 *
 * @example
 * ```ts
 * import { inThreadExecutor } from "ipckit/conformance";
 * import { referenceAdapter } from "ipckit/reference";
 * const loaded = await inThreadExecutor(referenceAdapter).load();
 * console.assert(loaded.name === referenceAdapter.name && loaded.missing.length === 0);
 * ```
 */
export function inThreadExecutor(adapter: Adapter): Executor {
  return {
    async load() {
      const problem = adapterProblem(adapter);
      if (problem !== undefined) throw new LoadError(`not an adapter: ${problem}`);
      return { name: adapter.name, supports: adapter.supports, missing: await declaredCallsMissing(adapter) };
    },
    run: (test, options) => executeTest(test, adapter, options),
    close: async () => undefined,
  };
}

/**
 * Runs the suite (or a selection) through an executor, yielding the event
 * stream. Tests the manifest rules out are reported without running. Once
 * the run's time budget is spent, or one mechanism has timed out in
 * `timeoutStreak` tests in a row, the tests left (of that mechanism) are
 * TIMEOUT without running, and their result says why.
 *
 * @param executor - where tests run
 * @param options - selection, seed, runs, timeouts and the run's budget
 * @returns the events: start, one per selected test, end
 * @throws {LoadError} (from the first step) when the implementation cannot
 *   be loaded, or its manifest names features that do not exist or
 *   declares features whose calls it lacks
 *
 * @example
 * ```ts
 * import { inThreadExecutor, orchestrate } from "ipckit/conformance";
 * import { referenceAdapter } from "ipckit/reference";
 * for await (const event of orchestrate(inThreadExecutor(referenceAdapter), { clauses: ["PIPE-EOF-1"], seed: 1 })) {
 *   if (event.type === "end") console.assert(event.ok);
 * }
 * ```
 */
export async function* orchestrate(executor: Executor, options: RunOptions = {}): AsyncGenerator<RunEvent> {
  const resolved = resolveRunOptions(options);
  const tests = allTests().filter((test) => isSelected(test, options));
  const started = performance.now();
  let loaded: LoadedImplementation;
  try {
    loaded = await executor.load();
    const problems = manifestProblems(loaded.supports);
    if (problems.length > 0) throw new LoadError(`the adapter's manifest is wrong: ${problems.join("; ")}`);
    if (loaded.missing.length > 0) {
      throw new LoadError(`the manifest declares features whose calls the processes lack: ${loaded.missing.join("; ")}`);
    }
  } catch (error) {
    await executor.close();
    throw error instanceof LoadError ? error : new LoadError(error instanceof Error ? error.message : String(error));
  }
  yield {
    type: "start",
    implementation: loaded.name,
    runtime: runtimeName(),
    seed: resolved.seed,
    total: tests.length,
    timeoutMs: resolved.timeoutMs,
    startedAt: new Date().toISOString(),
  };
  const results: TestResultEvent[] = [];
  const streaks = new Map<string, number>();
  const streakLimit = options.timeoutStreak ?? DEFAULT_TIMEOUT_STREAK;
  try {
    for (const test of tests) {
      const mechanism = test.requires[0]!;
      const elapsed = performance.now() - started;
      const streak = streaks.get(mechanism) ?? 0;
      let outcome = unsupportedOutcome(test, loaded.supports);
      if (outcome === undefined && options.maxTimeMs !== undefined && elapsed >= options.maxTimeMs) {
        outcome = budget(`not run: the run's time limit of ${Math.round(options.maxTimeMs / 1000)} s was spent`);
      }
      if (outcome === undefined && streak >= streakLimit) {
        outcome = budget(`not run: ${mechanism} tests timed out ${streak} times in a row, so the rest of them were not run`);
      }
      if (outcome === undefined) {
        outcome = await executor.run(test, resolved);
        const timedOut = outcome.status === "TIMEOUT" && (outcome.cause?.kind === "timeout" || outcome.cause?.kind === "killed");
        streaks.set(mechanism, timedOut ? streak + 1 : 0);
      }
      const result = resultFor(test, outcome);
      results.push(result);
      yield result;
    }
  } finally {
    await executor.close();
  }
  yield summarize(results, performance.now() - started);
}

function budget(detail: string): TestOutcome {
  return { status: "TIMEOUT", durationMs: 0, cause: { kind: "budget", detail }, message: detail };
}

/**
 * Runs the whole suite (or a selection) against an adapter in this thread,
 * yielding the event stream: the orchestrator with the in-thread executor.
 * A synchronous infinite loop in the implementation hangs it: use the
 * command line, which isolates, for untrusted code.
 *
 * @param adapter - the implementation
 * @param options - selection, seed, runs and timeouts
 * @returns the events: start, one per selected test, end
 * @throws {LoadError} when the adapter or its manifest is wrong
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
export function runSuite(adapter: Adapter, options: RunOptions = {}): AsyncGenerator<RunEvent> {
  return orchestrate(inThreadExecutor(adapter), options);
}
