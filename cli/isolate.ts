/**
 * Runtime edge: an executor that runs the implementation in a worker thread
 * that can be killed. A test whose implementation spins synchronously is
 * TIMEOUT; one that crashes or ends its thread is ERROR; either way a fresh
 * worker takes over (loading the module again, which counts against the
 * run's time) and the run goes on.
 *
 * @module
 */

import type { Executor, LoadedImplementation } from "../conformance/orchestrator.ts";
import { LoadError, orchestrate } from "../conformance/orchestrator.ts";
import type { RunEvent } from "../conformance/events.ts";
import type { TestDefinition } from "../conformance/harness.ts";
import { resolveRunOptions } from "../conformance/runner.ts";
import type { ResolvedRunOptions, RunOptions, TestOutcome } from "../conformance/runner.ts";
import type { MainMessage, WorkerInput, WorkerMessage } from "./protocol.ts";
import { WorkerHost } from "./worker-host.ts";

/**
 * Extra time the main thread allows past a test's own timeout before it kills
 * the worker: half the timeout, at least 200 ms and at most 1 s.
 *
 * @param timeoutMs - the test's timeout
 * @returns the grace, in milliseconds
 */
export function killGraceMs(timeoutMs: number): number {
  return Math.min(1000, Math.max(200, timeoutMs / 2));
}

/** Time allowed to load the module under test, before the timeout multiplier. */
export const LOAD_TIMEOUT_MS = 15_000;

/** The worker that runs tests (cli/worker.ts). */
type TestWorker = WorkerHost<WorkerMessage, MainMessage>;

/** Starts a worker and waits for it to load the module; throws {@link LoadError} when it cannot. */
async function startWorker(input: WorkerInput, loadTimeoutMs: number): Promise<{ host: TestWorker; loaded: LoadedImplementation }> {
  const host: TestWorker = new WorkerHost("./worker", input);
  const outcome = await host.next(loadTimeoutMs);
  if (outcome.kind === "message" && outcome.message.type === "ready") {
    const { name, supports, missing } = outcome.message;
    return { host, loaded: { name, supports, missing } };
  }
  await host.kill();
  if (outcome.kind === "timeout") throw new LoadError(`loading the module took longer than ${loadTimeoutMs} ms`);
  if (outcome.kind === "crash") throw new LoadError(outcome.message);
  throw new LoadError(outcome.message.type === "load-error" ? outcome.message.message : "the worker answered out of turn");
}

/**
 * An executor that runs each test in a worker thread holding the
 * implementation, killing and replacing the worker when a test spins or the
 * implementation ends its thread.
 *
 * @param moduleUrl - the adapter module's URL
 * @param options - the run's options (the worker needs the seed, runs and
 *   timeout; `maxTimeMs`, counted from now, also bounds every wait: a test
 *   running when it is spent is stopped and reported TIMEOUT, cause `budget`)
 * @returns the executor
 */
export function workerExecutor(moduleUrl: string, options: RunOptions = {}): Executor {
  const resolved: ResolvedRunOptions = resolveRunOptions(options);
  const input: WorkerInput = { moduleUrl, options: resolved };
  const loadTimeoutMs = LOAD_TIMEOUT_MS * resolved.timeoutMultiplier;
  // The run's time limit holds inside a test too: no wait (a load, a reload
  // after a kill, a test) outlasts it.
  const deadline = options.maxTimeMs === undefined ? Infinity : performance.now() + options.maxTimeMs;
  const left = (): number => deadline - performance.now();
  const spent = `the run's time limit of ${Math.round((options.maxTimeMs ?? 0) / 1000)} s was spent`;
  const budget = (durationMs: number, detail: string): TestOutcome => ({ status: "TIMEOUT", durationMs, cause: { kind: "budget", detail }, message: detail });
  let host: TestWorker | undefined;
  return {
    async load() {
      try {
        const started = await startWorker(input, Math.min(loadTimeoutMs, Math.max(left(), 0)));
        host = started.host;
        return started.loaded;
      } catch (error) {
        if (left() <= 0) throw new LoadError(`loading the module did not finish before ${spent}`);
        throw error;
      }
    },
    async run(test: TestDefinition, runOptions: ResolvedRunOptions): Promise<TestOutcome> {
      if (left() <= 0) return budget(0, `not run: ${spent}`);
      if (host === undefined) {
        const restarted = performance.now();
        try {
          host = (await startWorker(input, Math.min(loadTimeoutMs, left()))).host;
        } catch (error) {
          if (left() <= 0) return budget(0, `not run: ${spent} while the module was loaded again after a killed test`);
          const durationMs = performance.now() - restarted;
          return { status: "ERROR", durationMs, cause: { kind: "exit", detail: String(error) }, message: `could not start the implementation again: ${error instanceof Error ? error.message : String(error)}` };
        }
      }
      const own = runOptions.timeoutMs * test.timeoutFactor + killGraceMs(runOptions.timeoutMs);
      const limit = Math.min(own, left());
      const started = performance.now();
      host.send({ type: "run", key: test.key });
      const outcome = await host.next(limit);
      const durationMs = performance.now() - started;
      if (outcome.kind === "message" && outcome.message.type === "outcome" && outcome.message.key === test.key) return outcome.message.outcome;
      // The worker is dead, or busy with something it will not finish: replace it.
      await host.kill();
      host = undefined;
      if (outcome.kind === "timeout" && limit < own) return budget(durationMs, `stopped: ${spent} while this test ran`);
      if (outcome.kind === "timeout") {
        return {
          status: "TIMEOUT",
          durationMs,
          cause: { kind: "killed", ms: limit },
          message: `the implementation did not return control within ${Math.round(limit)} ms (a synchronous loop?); its worker was terminated`,
        };
      }
      const detail = outcome.kind === "crash" ? outcome.message : "the worker answered out of turn";
      return { status: "ERROR", durationMs, cause: { kind: "exit", detail }, message: detail };
    },
    async close() {
      await host?.kill();
      host = undefined;
    },
  };
}

/**
 * Runs the suite against the adapter exported by a module, in a killable
 * worker, yielding the event stream.
 *
 * @param moduleUrl - the adapter module's URL
 * @param options - selection, seed, runs, timeouts and the run's budget
 * @returns the events: start, one per selected test, end
 * @throws {LoadError} (from the first step) when the module cannot be loaded
 */
export function runIsolated(moduleUrl: string, options: RunOptions = {}): AsyncGenerator<RunEvent> {
  return orchestrate(workerExecutor(moduleUrl, options), options);
}
