/**
 * The benchmark runner: measures every selected workload on every subject
 * that has it, in order, and yields the run as a stream of events (start,
 * one result per workload and subject, end with the targets checked), which
 * the reports render. It runs subjects wherever they measure: an adapter
 * subject in this thread, a subject the CLI backs with a worker in that
 * worker.
 *
 * @module
 */

import type { Adapter } from "../adapter.ts";
import { isSupported } from "../harness.ts";
import { runtimeName } from "../runner.ts";
import { FULL_PROFILE, measureWorkload } from "./harness.ts";
import { PEER_NOTES } from "./peers.ts";
import { TARGETS, evaluateTargets } from "./targets.ts";
import type { BenchEndEvent, BenchEvent, BenchProfile, BenchReport, BenchResultEvent, BenchStartEvent, BenchSubject, Workload } from "./types.ts";
import { BENCH_MECHANISMS, NOT_MEASURED } from "./types.ts";
import { WORKLOADS, selectWorkloads } from "./workloads.ts";

/**
 * Makes a subject of an adapter, measured in this thread. Use it for code
 * you trust; the CLI measures other modules in a worker it can stop.
 *
 * @param adapter - the implementation
 * @param role - `implementation` (default) or `reference`
 * @returns the subject; it has the workloads whose features the manifest declares
 *
 * @example The reference measures pipes
 * ```ts
 * import { WORKLOADS, adapterSubject } from "ipckit/conformance";
 * import { referenceAdapter } from "ipckit/reference";
 * const subject = adapterSubject(referenceAdapter, "reference");
 * console.assert(subject.has(WORKLOADS[0]!) && subject.name === referenceAdapter.name);
 * ```
 */
export function adapterSubject(adapter: Adapter, role: "implementation" | "reference" = "implementation"): BenchSubject {
  return {
    name: adapter.name,
    role,
    has: (workload) => workload.requires.every((feature) => isSupported(adapter.supports, feature)),
    measure: (workload, profile) => measureWorkload(() => workload.prepare(adapter), profile),
  };
}

/** Options for {@link runBench}. */
export interface BenchRunOptions {
  /** The timing, and with it the workloads (the quick profile runs fewer); default {@link FULL_PROFILE}. */
  readonly profile?: BenchProfile;
  /** Only these mechanisms; default all. */
  readonly mechanisms?: readonly string[];
  /** What the runtime-neutral core cannot find out itself, for the report: the ipckit version, the CPU. */
  readonly environment?: { readonly version?: string; readonly cpu?: string; readonly cores?: number };
}

/**
 * Measures the selected workloads on every subject that has them, yielding
 * the run's events. The first subject is the one the run is about; an
 * implementation (or the reference) that lacks a workload is reported
 * `unsupported`, a peer that lacks it is left out.
 *
 * @param subjects - the implementation first, then the reference and peers to compare with
 * @param options - profile, mechanisms and environment
 * @returns the events: start, one result per workload and subject, end
 * @throws {RangeError} for an unknown mechanism, or no subject
 *
 * @example Measure one workload of the reference, quickly
 * ```ts
 * import { QUICK_PROFILE, adapterSubject, runBench } from "ipckit/conformance";
 * import { referenceAdapter } from "ipckit/reference";
 * const profile = { ...QUICK_PROFILE, timeMs: 5, warmupMs: 1 };
 * for await (const event of runBench([adapterSubject(referenceAdapter, "reference")], { profile, mechanisms: ["sem"] })) {
 *   if (event.type === "bench-result") console.assert(event.status === "ok" && event.opsPerSecond! > 0);
 * }
 * ```
 */
export async function* runBench(subjects: readonly BenchSubject[], options: BenchRunOptions = {}): AsyncGenerator<BenchEvent> {
  const first = subjects[0];
  if (first === undefined) throw new RangeError("ipckit: runBench needs at least one subject");
  const profile = options.profile ?? FULL_PROFILE;
  const workloads = selectWorkloads({ quick: profile.name === "quick", ...(options.mechanisms === undefined ? {} : { mechanisms: options.mechanisms }) });
  const plan: (readonly [Workload, BenchSubject])[] = [];
  for (const workload of workloads) {
    for (const subject of subjects) {
      if (subject.role !== "peer" || subject.has(workload)) plan.push([workload, subject]);
    }
  }
  // A peer with no workload in this run (`--mechanism sem` leaves the byte
  // streams out) is not part of it: the reports do not list or explain it.
  const present = subjects.filter((subject) => subject.role !== "peer" || plan.some(([, planned]) => planned === subject));
  const started = performance.now();
  const environment = options.environment ?? {};
  const mechanisms = BENCH_MECHANISMS.filter((m) => workloads.some((w) => w.mechanism === m));
  const start: BenchStartEvent = {
    type: "bench-start",
    implementation: first.name,
    subjects: present.map(({ name, role }) => {
      const note = role === "peer" ? PEER_NOTES[name] : undefined;
      return note === undefined ? { name, role } : { name, role, note };
    }),
    runtime: runtimeName(),
    ...(environment.version === undefined ? {} : { version: environment.version }),
    ...(environment.cpu === undefined ? {} : { cpu: environment.cpu }),
    ...(environment.cores === undefined ? {} : { cores: environment.cores }),
    profile: profile.name,
    mechanisms,
    total: plan.length,
    startedAt: new Date().toISOString(),
  };
  yield start;
  const results: BenchResultEvent[] = [];
  for (const [workload, subject] of plan) {
    const measured = subject.has(workload)
      ? await subject.measure(workload, profile)
      : { status: "unsupported" as const, message: `${subject.name} does not support ${workload.requires.join(", ")}`, durationMs: 0 };
    const result: BenchResultEvent = {
      type: "bench-result",
      workload: workload.id,
      mechanism: workload.mechanism,
      title: workload.title,
      unit: workload.unit,
      params: workload.params,
      subject: subject.name,
      role: subject.role,
      ...measured,
      ...(measured.status === "ok" && workload.bytesPerOp !== undefined && measured.opsPerSecond !== undefined
        ? { bytesPerSecond: measured.opsPerSecond * workload.bytesPerOp }
        : {}),
    };
    results.push(result);
    yield result;
  }
  const reference = subjects.find((subject) => subject.role === "reference");
  const notes = NOT_MEASURED.map(({ mechanism, reason }) => `${mechanism}: ${reason}`);
  if (reference === undefined) notes.push("the performance targets are the reference's: run with --compare to measure it beside this implementation");
  const unsupported = new Set(results.filter((r) => r.status === "unsupported" && r.role !== "peer").map((r) => `${r.subject}: ${r.mechanism}`));
  for (const entry of unsupported) notes.push(`${entry} not supported (not in the adapter's manifest), not measured`);
  const end: BenchEndEvent = {
    type: "bench-end",
    // Only the targets of the mechanisms this run measures (`--mechanism`).
    targets:
      reference === undefined
        ? []
        : evaluateTargets(
            results,
            reference.name,
            TARGETS.filter((target) => WORKLOADS.some((w) => w.id === target.workload && mechanisms.includes(w.mechanism))),
          ),
    notes,
    ok: results.every((r) => r.status === "ok" || r.status === "unsupported"),
    durationMs: performance.now() - started,
  };
  yield end;
}

/**
 * Gathers a run's events into one report.
 *
 * @param events - the events of one run, in order
 * @returns the report
 * @throws {Error} when the start or end event is missing
 *
 * @example
 * ```ts
 * import { collectBenchReport } from "ipckit/conformance";
 * const report = collectBenchReport([
 *   { type: "bench-start", implementation: "x", subjects: [], runtime: "node 20", profile: "quick", mechanisms: [], total: 0, startedAt: "" },
 *   { type: "bench-end", targets: [], notes: [], ok: true, durationMs: 1 },
 * ]);
 * console.assert(report.results.length === 0 && report.end.ok);
 * ```
 */
export function collectBenchReport(events: Iterable<BenchEvent>): BenchReport {
  let start: BenchStartEvent | undefined;
  let end: BenchEndEvent | undefined;
  const results: BenchResultEvent[] = [];
  for (const event of events) {
    if (event.type === "bench-start") start = event;
    else if (event.type === "bench-result") results.push(event);
    else end = event;
  }
  if (start === undefined || end === undefined) throw new Error("ipckit: a benchmark report needs the run's start and end events");
  return { start, results, end };
}
