/**
 * Runtime edge: runs the suite with the implementation in a worker thread
 * that can be killed. A test whose implementation spins synchronously is
 * TIMEOUT; one that crashes or ends its thread is ERROR; either way a fresh
 * worker takes over and the run goes on.
 *
 * @module
 */

import type { Adapter } from "../conformance/adapter.ts";
import type { RunEvent, TestResultEvent } from "../conformance/events.ts";
import { summarize } from "../conformance/events.ts";
import type { TestDefinition } from "../conformance/harness.ts";
import { isSelected, resolveRunOptions, resultFor, runtimeName, unsupportedResult } from "../conformance/runner.ts";
import type { ResolvedRunOptions, RunOptions } from "../conformance/runner.ts";
import { allTests } from "../conformance/suite.ts";
import type { MainMessage, WorkerInput, WorkerMessage } from "./protocol.ts";
import { WorkerHost } from "./worker-host.ts";

/**
 * Extra time the main thread allows past a test's own timeout before it kills
 * the worker: half the timeout, at least 200 ms and at most 1 s.
 */
export function killGraceMs(timeoutMs: number): number {
  return Math.min(1000, Math.max(200, timeoutMs / 2));
}

/** Time allowed to load the module under test, before the timeout multiplier. */
export const LOAD_TIMEOUT_MS = 15_000;

/** The worker that runs tests (cli/worker.ts). */
type TestWorker = WorkerHost<WorkerMessage, MainMessage>;

/** A worker that has loaded the adapter, or why it could not. */
type Started =
  | { readonly ok: true; readonly host: TestWorker; readonly name: string; readonly supports: Adapter["supports"] }
  | { readonly ok: false; readonly message: string };

async function startWorker(input: WorkerInput, loadTimeoutMs: number): Promise<Started> {
  const host: TestWorker = new WorkerHost("./worker", input);
  const outcome = await host.next(loadTimeoutMs);
  if (outcome.kind === "message" && outcome.message.type === "ready") {
    return { ok: true, host, name: outcome.message.name, supports: outcome.message.supports };
  }
  await host.kill();
  if (outcome.kind === "timeout") return { ok: false, message: `loading the module took longer than ${loadTimeoutMs} ms` };
  if (outcome.kind === "crash") return { ok: false, message: outcome.message };
  return { ok: false, message: outcome.message.type === "load-error" ? outcome.message.message : "unexpected message" };
}

/** Options for {@link runIsolated}. */
export interface IsolatedRunOptions extends RunOptions {
  /** Name to report when the module cannot be loaded. */
  readonly label?: string;
}

/**
 * Runs the suite against the adapter exported by a module, in a killable
 * worker, yielding the event stream.
 *
 * @param moduleUrl - the adapter module's URL
 * @param options - selection, seed, runs and timeouts
 * @returns the events: start, one per selected test, end; when the module
 *   cannot be loaded, every selected test is ERROR with the reason
 */
export async function* runIsolated(moduleUrl: string, options: IsolatedRunOptions = {}): AsyncGenerator<RunEvent> {
  const resolved: ResolvedRunOptions = resolveRunOptions(options);
  const multiplier = options.timeoutMultiplier ?? 1;
  const input: WorkerInput = { moduleUrl, options: resolved };
  const tests: TestDefinition[] = allTests().filter((test) => isSelected(test, options));
  const started = performance.now();
  const results: TestResultEvent[] = [];

  let current = await startWorker(input, LOAD_TIMEOUT_MS * multiplier);
  yield {
    type: "start",
    implementation: current.ok ? current.name : (options.label ?? moduleUrl),
    runtime: runtimeName(),
    seed: resolved.seed,
    total: tests.length,
    timeoutMs: resolved.timeoutMs,
    startedAt: new Date().toISOString(),
  };

  for (const test of tests) {
    let result: TestResultEvent;
    if (!current.ok) {
      result = resultFor(test, "ERROR", 0, { message: `could not load the implementation: ${current.message}` });
    } else {
      result = unsupportedResult(test, current) ?? (await runOne(current.host, test, resolved));
      if (result.status === "TIMEOUT" || result.status === "ERROR") {
        // The worker may be dead or hold leftovers of a spinning test: start afresh.
        if (result.message?.startsWith("killed:") || result.message?.startsWith("crashed:")) {
          await current.host.kill();
          current = await startWorker(input, LOAD_TIMEOUT_MS * multiplier);
        }
      }
    }
    results.push(result);
    yield result;
  }
  if (current.ok) await current.host.kill();
  yield summarize(results, performance.now() - started);
}

async function runOne(host: TestWorker, test: TestDefinition, options: ResolvedRunOptions): Promise<TestResultEvent> {
  const limit = options.timeoutMs * test.timeoutFactor + killGraceMs(options.timeoutMs);
  const started = performance.now();
  host.send({ type: "run", key: test.key });
  const outcome = await host.next(limit);
  const durationMs = performance.now() - started;
  if (outcome.kind === "timeout") {
    return resultFor(test, "TIMEOUT", durationMs, {
      message: `killed: the implementation did not return control within ${Math.round(limit)} ms (a synchronous loop?); the test's worker was terminated`,
    });
  }
  if (outcome.kind === "crash") {
    return resultFor(test, "ERROR", durationMs, { message: `crashed: ${outcome.message}` });
  }
  if (outcome.message.type === "result" && outcome.message.key === test.key) return outcome.message.result;
  return resultFor(test, "ERROR", durationMs, { message: "crashed: the worker answered out of turn" });
}
