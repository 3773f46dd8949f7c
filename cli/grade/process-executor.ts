/**
 * Runtime edge: an executor (see conformance/orchestrator.ts) whose tests
 * run in a child process holding the submission, so the grader never loads
 * submission code. The orchestrator, in the grader, decides which tests
 * run, keeps the budget and the timeout streaks, and builds every result
 * event; the child only answers "what did this test come to".
 *
 * A test that does not answer in its time plus a grace is TIMEOUT and its
 * child is killed (a fresh one takes over for the next test); once
 * `killLimit` tests of one mechanism were stopped so, its other tests are
 * TIMEOUT without running. A child that
 * dies during a test makes that test ERROR; after {@link CRASH_STREAK}
 * deaths in a row, or one out-of-memory death, the submission's remaining
 * tests are ERROR without running. Past the submission's hard deadline
 * (its budget plus a grace) the test in flight is TIMEOUT with cause
 * `budget`.
 *
 * @module
 */

import { STATUSES } from "../../conformance/events.ts";
import type { Cause, Status } from "../../conformance/events.ts";
import type { TestDefinition } from "../../conformance/harness.ts";
import type { Executor, LoadedImplementation } from "../../conformance/orchestrator.ts";
import { LoadError } from "../../conformance/orchestrator.ts";
import type { ResolvedRunOptions, TestOutcome } from "../../conformance/runner.ts";
import { killGraceMs } from "../isolate.ts";
import { ChildHost } from "./child-host.ts";
import type { ChildSpec } from "./child-host.ts";

/** Child deaths in a row after which the rest of a submission is not run. */
export const CRASH_STREAK = 3;

/** An error message that says memory ran out. */
const OUT_OF_MEMORY = /Array buffer allocation failed|allocation failed|out of memory/i;

/** The longest text kept from any field of an answer. */
const TEXT_LIMIT = 4000;

/** What the executor needs besides the child's spec. */
export interface ProcessExecutorOptions {
  /** The submission's prepared entry module, as a `file:` URL. */
  readonly moduleUrl: string;
  /** Seed, runs and the (scaled) per-test timeout. */
  readonly options: ResolvedRunOptions;
  /** Time allowed to load, in milliseconds (scaled). */
  readonly loadTimeoutMs: number;
  /** When the submission's time is up, on `performance.now()`'s clock; past it the test in flight is cut. */
  readonly deadline: number;
  /**
   * After this many tests of one mechanism had to be stopped by killing the
   * process (a synchronous loop), in a row or not, the mechanism's other
   * tests are TIMEOUT without running: each costs a core for its whole
   * time limit, and a restart.
   */
  readonly killLimit: number;
}

/** The executor, with what it measured. */
export interface ProcessExecutor extends Executor {
  /** The highest peak resident memory of its children, in MiB, when measured. */
  peakRssMb(): number | undefined;
  /** The CPU time its children used, in milliseconds, when measured. */
  cpuMs(): number | undefined;
  /** Facts for the instructor: restarts, dropped lines. */
  notes(): string[];
}

/** Cuts strings, arrays and depth of a value that came from the child. */
function bounded(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return value.length <= TEXT_LIMIT ? value : `${value.slice(0, TEXT_LIMIT)}… (${value.length - TEXT_LIMIT} more characters)`;
  if (typeof value !== "object" || value === null) return typeof value === "number" || typeof value === "boolean" ? value : undefined;
  if (depth > 4) return undefined;
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => bounded(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value).slice(0, 30)) {
    const kept = bounded(item, depth + 1);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

/**
 * Checks an outcome that came from the child and keeps only the fields an
 * outcome has, bounded.
 *
 * @param value - what the child sent
 * @returns the outcome, or `undefined` when it is not one
 */
export function checkedOutcome(value: unknown): TestOutcome | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  if (typeof raw["status"] !== "string" || !(STATUSES as readonly string[]).includes(raw["status"])) return undefined;
  const text = (key: string): string | undefined => (typeof raw[key] === "string" ? (bounded(raw[key]) as string) : undefined);
  const cause = bounded(raw["cause"]) as Cause | undefined;
  const notes = Array.isArray(raw["notes"]) ? (bounded(raw["notes"]) as unknown[]).filter((n): n is string => typeof n === "string") : undefined;
  const message = text("message");
  const expected = text("expected");
  const actual = text("actual");
  const validCause = cause !== undefined && typeof (cause as { kind?: unknown }).kind === "string";
  return {
    status: raw["status"] as Status,
    durationMs: typeof raw["durationMs"] === "number" && Number.isFinite(raw["durationMs"]) ? raw["durationMs"] : 0,
    ...(validCause ? { cause } : {}),
    ...(message === undefined ? {} : { message }),
    ...(expected === undefined ? {} : { expected }),
    ...(actual === undefined ? {} : { actual }),
    ...(notes === undefined || notes.length === 0 ? {} : { notes }),
  };
}

/**
 * An executor over a child process (see the module's summary).
 *
 * @param spec - how to start each child
 * @param options - the prepared module, run options, load time and deadline
 * @returns the executor
 */
export function processExecutor(spec: ChildSpec, options: ProcessExecutorOptions): ProcessExecutor {
  let host: ChildHost | undefined;
  let peak: number | undefined;
  /** CPU time of the children retired so far, and of the one running at its last measure. */
  let cpuRetired: number | undefined;
  let cpuCurrent: number | undefined;
  let restarts = 0;
  let dropped = 0;
  let crashes = 0;
  /** Tests stopped by killing the process, by mechanism. */
  const kills = new Map<string, number>();
  /** Why the rest of the submission is not run, once it is not. */
  let finished: TestOutcome | undefined;

  const measure = (): void => {
    const rss = host?.peakRssMb();
    if (rss !== undefined) peak = Math.max(peak ?? 0, rss);
    const cpu = host?.cpuMs();
    if (cpu !== undefined) cpuCurrent = cpu;
  };
  const retire = async (): Promise<void> => {
    if (host === undefined) return;
    measure();
    if (cpuCurrent !== undefined) cpuRetired = (cpuRetired ?? 0) + cpuCurrent;
    cpuCurrent = undefined;
    dropped += host.dropped;
    const old = host;
    host = undefined;
    await old.kill();
  };
  const start = async (): Promise<LoadedImplementation> => {
    const child = new ChildHost(spec);
    host = child;
    child.send({ type: "load", moduleUrl: options.moduleUrl, options: options.options });
    const limit = Math.min(options.loadTimeoutMs, options.deadline - performance.now());
    const result = await child.next(limit);
    if (result.kind === "answer" && result.answer.type === "ready") {
      child.pid = result.answer.pid;
      const { name, supports, missing } = result.answer;
      return { name: String(name), supports, missing: Array.isArray(missing) ? missing.map(String) : [] };
    }
    await retire();
    if (result.kind === "timeout") {
      throw new LoadError(limit < options.loadTimeoutMs ? "the submission's time ran out while it loaded" : `loading the submission took longer than ${Math.round(options.loadTimeoutMs)} ms`);
    }
    if (result.kind === "closed") throw new LoadError(result.outOfMemory ? `it ran out of memory while loading (${result.detail})` : `${result.detail} while loading`);
    if (result.answer.type === "load-error") throw new LoadError(String(bounded(result.answer.message)));
    if (result.answer.type === "crash") throw new LoadError(`an exception nobody caught while loading: ${result.answer.error.name}: ${String(bounded(result.answer.error.message))}`);
    throw new LoadError("the submission's process answered out of turn while loading");
  };
  const error = (detail: string, message: string, durationMs = 0): TestOutcome => ({ status: "ERROR", durationMs, cause: { kind: "exit", detail }, message });
  const died = (detail: string, durationMs: number): TestOutcome => {
    crashes++;
    if (crashes >= CRASH_STREAK) {
      finished = error(detail, `not run: the submission's process ended during ${CRASH_STREAK} tests in a row (last: ${detail})`);
    }
    return error(detail, `${detail} during the test`, durationMs);
  };

  return {
    load: start,
    async run(test: TestDefinition, runOptions: ResolvedRunOptions): Promise<TestOutcome> {
      if (finished !== undefined) return finished;
      const mechanism = test.requires[0] ?? "";
      const killed = kills.get(mechanism) ?? 0;
      if (killed >= options.killLimit) {
        const detail = `not run: ${mechanism} tests had to be stopped ${killed} times (a synchronous loop?), so the rest of them were not run`;
        return { status: "TIMEOUT", durationMs: 0, cause: { kind: "budget", detail }, message: detail };
      }
      if (options.deadline - performance.now() <= 0) {
        return { status: "TIMEOUT", durationMs: 0, cause: { kind: "budget", detail: "the submission's time budget was spent" }, message: "not run: the submission's time budget was spent" };
      }
      if (host === undefined) {
        restarts++;
        try {
          await start();
        } catch (failure) {
          const detail = failure instanceof Error ? failure.message : String(failure);
          if (/ran out of memory/.test(detail)) {
            finished = error(`out of memory: ${detail}`, `not run: the submission ran out of memory (${detail})`);
            return finished;
          }
          return died(`the submission could not be started again: ${detail}`, 0);
        }
      }
      const child = host!;
      const limit = runOptions.timeoutMs * test.timeoutFactor + killGraceMs(runOptions.timeoutMs);
      const remaining = options.deadline - performance.now();
      const wait = Math.min(limit, remaining);
      const started = performance.now();
      child.send({ type: "run", key: test.key });
      const result = await child.next(wait);
      const durationMs = performance.now() - started;
      if (result.kind === "answer" && result.answer.type === "outcome" && result.answer.key === test.key) {
        measure();
        const outcome = checkedOutcome(result.answer.outcome);
        if (outcome !== undefined) {
          crashes = 0;
          // Memory outside the heap (array buffers) ran out under the address-space cap.
          if (outcome.status === "ERROR" && outcome.cause?.kind === "crash" && OUT_OF_MEMORY.test(outcome.cause.error.message)) {
            await retire();
            const detail = `out of memory (cap ${spec.memoryMb} MiB): ${outcome.cause.error.name}: ${outcome.cause.error.message}`;
            finished = error(detail, `not run: the submission ran out of memory (cap ${spec.memoryMb} MiB)`);
            return { ...outcome, message: `the submission ran out of memory during the test (cap ${spec.memoryMb} MiB): ${outcome.cause.error.message}` };
          }
          return outcome;
        }
        await retire();
        return error("the submission's process sent a malformed answer", "the submission's process sent a malformed answer; it was stopped", durationMs);
      }
      if (result.kind === "answer" && result.answer.type === "crash") {
        await retire();
        crashes++;
        const info = bounded(result.answer.error) as { name?: string; message?: string; stack?: string } | undefined;
        const errorInfo = { name: String(info?.name ?? "Error"), message: String(info?.message ?? ""), ...(typeof info?.stack === "string" ? { stack: info.stack } : {}) };
        if (crashes >= CRASH_STREAK) finished = error("uncaught exceptions", `not run: an exception nobody caught ended the submission's process during ${CRASH_STREAK} tests in a row`);
        return { status: "ERROR", durationMs, cause: { kind: "crash", error: errorInfo }, message: `an exception nobody caught ended the submission's process: ${errorInfo.name}: ${errorInfo.message}` };
      }
      await retire();
      if (result.kind === "timeout") {
        if (wait < limit) {
          return { status: "TIMEOUT", durationMs, cause: { kind: "budget", detail: "the submission's time budget ran out during this test" }, message: "the submission's time budget ran out during this test; its process was stopped" };
        }
        kills.set(mechanism, killed + 1);
        return {
          status: "TIMEOUT",
          durationMs,
          cause: { kind: "killed", ms: limit },
          message: `the implementation did not return control within ${Math.round(limit)} ms (a synchronous loop?); its process was stopped`,
        };
      }
      if (result.kind === "closed") {
        if (result.outOfMemory) {
          const detail = `out of memory (cap ${spec.memoryMb} MiB): ${result.detail}`;
          finished = error(detail, `not run: the submission ran out of memory (cap ${spec.memoryMb} MiB)`);
          return error(detail, `the submission ran out of memory during the test (cap ${spec.memoryMb} MiB)`, durationMs);
        }
        return died(result.detail, durationMs);
      }
      return died("the submission's process answered out of turn", durationMs);
    },
    async close() {
      await retire();
    },
    peakRssMb: () => peak,
    cpuMs: () => (cpuRetired === undefined && cpuCurrent === undefined ? undefined : (cpuRetired ?? 0) + (cpuCurrent ?? 0)),
    notes() {
      const notes: string[] = [];
      if (restarts > 0) notes.push(`the submission's process was started again ${restarts} ${restarts === 1 ? "time" : "times"}`);
      const lines = dropped + (host?.dropped ?? 0);
      if (lines > 0) notes.push(`${lines} ${lines === 1 ? "line" : "lines"} on the report channel answered no request and were ignored`);
      return notes;
    },
  };
}
