/**
 * The shapes of a benchmark run: workloads and the cases they prepare, the
 * subjects measured (an implementation, the reference, the peers a user
 * would pick without ipckit), the timing profile, and the results as one
 * stream of events that every report format renders.
 *
 * @module
 */

import type { FeatureName } from "../../spec/features.ts";
import type { Adapter } from "../adapter.ts";

/**
 * The mechanisms `ipckit bench` measures, in report order.
 *
 * @example
 * ```ts
 * import { BENCH_MECHANISMS } from "ipckit/conformance";
 * console.assert(BENCH_MECHANISMS.includes("signal") && !(BENCH_MECHANISMS as readonly string[]).includes("unix"));
 * ```
 */
export const BENCH_MECHANISMS = ["pipe", "fifo", "mq", "msg", "shm", "sem", "mutex", "stream", "dgram", "signal"] as const;

/** A mechanism `ipckit bench` measures. */
export type BenchMechanism = (typeof BENCH_MECHANISMS)[number];

/**
 * The names of the benchmark report formats.
 *
 * @example
 * ```ts
 * import { BENCH_REPORTERS } from "ipckit/conformance";
 * console.assert(BENCH_REPORTERS.join() === "pretty,json,markdown,html");
 * ```
 */
export const BENCH_REPORTERS = ["pretty", "json", "markdown", "html"] as const;

/** A benchmark report format's name. */
export type BenchReporterName = (typeof BENCH_REPORTERS)[number];

/**
 * What ipckit does not measure, and why; every report says so rather than
 * leaving the reader to wonder.
 *
 * @example
 * ```ts
 * import { NOT_MEASURED } from "ipckit/conformance";
 * console.assert(NOT_MEASURED.some((entry) => entry.mechanism === "unix"));
 * ```
 */
export const NOT_MEASURED: readonly { readonly mechanism: string; readonly reason: string }[] = [
  { mechanism: "unix", reason: "not measured apart: Unix-path sockets move data as the stream and datagram workloads do; only their addresses differ" },
];

/**
 * One prepared workload: a system (or a peer's objects) set up, ready to
 * perform operations in batches.
 */
export interface BenchCase {
  /** `true` when {@link BenchCase.run} returns a promise (the operations wait). */
  readonly async: boolean;
  /**
   * Performs `ops` operations of the workload.
   *
   * @param ops - how many, at least 1
   * @returns nothing, or a promise when the case is async
   */
  run(ops: number): void | Promise<void>;
  /**
   * Checks that the operations did what they should (bytes and messages
   * counted at both ends); throws when not. This also keeps a JIT from
   * dropping work whose result nobody reads.
   */
  verify(): void;
  /** Releases what the case holds (closes ports and descriptors). */
  close?(): void | Promise<void>;
}

/**
 * A standard workload, written against the spec API: fixed sizes and
 * depths, so that runs on different machines and implementations compare.
 */
export interface Workload {
  /** Stable ID, such as `pipe.stream.64B` or `mq.pair.64B.d16`. */
  readonly id: string;
  /** The mechanism it measures. */
  readonly mechanism: BenchMechanism;
  /** What it does, in a few words. */
  readonly title: string;
  /** What one operation is, such as `write`, `send+receive` or `round trip`. */
  readonly unit: string;
  /** Bytes one operation moves, for bytes/s; absent when bytes/s does not apply. */
  readonly bytesPerOp?: number;
  /** Its fixed parameters (message size, queue depth...), for reports. */
  readonly params: Readonly<Record<string, number>>;
  /** Whether the quick profile runs it. */
  readonly quick: boolean;
  /** Features of the adapter manifest it needs, as dotted names. */
  readonly requires: readonly FeatureName[];
  /**
   * Sets the workload up on a fresh system of the adapter.
   *
   * @param adapter - the implementation
   * @returns the prepared case
   */
  prepare(adapter: Adapter): Promise<BenchCase>;
}

/**
 * Timing: how long to warm up and measure each workload, the fewest samples
 * to take, and the least time one sample (one batch of operations) lasts.
 */
export interface BenchProfile {
  /** `quick` for a smoke run in seconds, `full` for the real numbers. */
  readonly name: "quick" | "full";
  /** Time to measure each workload, in ms. */
  readonly timeMs: number;
  /** Time to warm up first, in ms. */
  readonly warmupMs: number;
  /** The fewest samples to take. */
  readonly minSamples: number;
  /** The least time one sample lasts, in ms: operations are batched to reach it. */
  readonly sampleMs: number;
  /** The most one workload may take before it is stopped (where it can be: in a worker), in ms. */
  readonly limitMs: number;
}

/** What a subject is: the implementation under test, ipckit's reference, or a peer. */
export type SubjectRole = "implementation" | "reference" | "peer";

/** The outcome of measuring one workload on one subject. */
export type BenchStatus = "ok" | "unsupported" | "timeout" | "error";

/** Per-operation latency, in nanoseconds. */
export interface LatencyStats {
  /** The median sample, per operation. */
  readonly median: number;
  /** The 99th percentile sample, per operation. */
  readonly p99: number;
  /** The mean, per operation. */
  readonly mean: number;
  /** The fastest sample, per operation. */
  readonly min: number;
  /** The slowest sample, per operation. */
  readonly max: number;
}

/** What measuring one workload on one subject found. */
export interface BenchMeasurement {
  /** `ok`, or why there are no numbers. */
  readonly status: BenchStatus;
  /** Operations per second (total operations over total time). */
  readonly opsPerSecond?: number;
  /** Latency per operation, from samples of {@link BenchMeasurement.batch} operations. */
  readonly latency?: LatencyStats;
  /** How many samples were taken. */
  readonly samples?: number;
  /** The spread: relative margin of error of the mean at 95%, in percent. */
  readonly rmePercent?: number;
  /** Operations per sample. */
  readonly batch?: number;
  /** Why there are no numbers (status other than `ok`). */
  readonly message?: string;
  /** Time the measurement took, set-up included, in ms. */
  readonly durationMs: number;
}

/**
 * Something measured: an implementation through its adapter, or a peer.
 * Subjects whose code is not trusted are measured in a worker the CLI can
 * stop; the runner does not care where.
 */
export interface BenchSubject {
  /** The name in reports. */
  readonly name: string;
  /** What it is. */
  readonly role: SubjectRole;
  /**
   * Whether it has the workload. An implementation that lacks it is reported
   * `unsupported`; a peer that lacks it is left out.
   *
   * @param workload - the workload
   * @returns `true` when it can be measured
   */
  has(workload: Workload): boolean;
  /**
   * Measures a workload.
   *
   * @param workload - the workload
   * @param profile - the timing
   * @returns the measurement (a failure is a status, never a rejection)
   */
  measure(workload: Workload, profile: BenchProfile): Promise<BenchMeasurement>;
}

/** The first event of a run: what is measured, where and how. */
export interface BenchStartEvent {
  /** The event's kind. */
  readonly type: "bench-start";
  /** The name of the first subject: the implementation (or reference) measured. */
  readonly implementation: string;
  /** Every subject, in order, a peer with what it does differently (see `PEER_NOTES`). */
  readonly subjects: readonly { readonly name: string; readonly role: SubjectRole; readonly note?: string }[];
  /** Runtime name and version, such as `node 20.20.2`. */
  readonly runtime: string;
  /** The ipckit version, when known. */
  readonly version?: string;
  /** The CPU model, when known. */
  readonly cpu?: string;
  /** Logical CPUs, when known. */
  readonly cores?: number;
  /** The profile's name. */
  readonly profile: BenchProfile["name"];
  /** The mechanisms selected. */
  readonly mechanisms: readonly BenchMechanism[];
  /** How many results will follow. */
  readonly total: number;
  /** ISO time the run started. */
  readonly startedAt: string;
}

/** One workload measured on one subject. */
export interface BenchResultEvent extends BenchMeasurement {
  /** The event's kind. */
  readonly type: "bench-result";
  /** The workload's ID. */
  readonly workload: string;
  /** Its mechanism. */
  readonly mechanism: BenchMechanism;
  /** Its title. */
  readonly title: string;
  /** What one operation is. */
  readonly unit: string;
  /** Its parameters. */
  readonly params: Readonly<Record<string, number>>;
  /** The subject's name. */
  readonly subject: string;
  /** The subject's role. */
  readonly role: SubjectRole;
  /** Bytes per second, where the workload moves bytes. */
  readonly bytesPerSecond?: number;
}

/** One performance target, checked against a run. */
export interface TargetCheck {
  /** Stable ID, such as `pipe-64KiB`. */
  readonly id: string;
  /** The target in words. */
  readonly description: string;
  /** The workload it reads. */
  readonly workload: string;
  /** What is compared: a rate, a ratio to a peer, or the growth of the cost with depth. */
  readonly metric: "opsPerSecond" | "bytesPerSecond" | "ratio" | "growth";
  /** The target value: a minimum, except for `growth`, a maximum. */
  readonly target: number;
  /** The measured value, when measured. */
  readonly measured?: number;
  /** How far past the target: measured/target (target/measured for `growth`); ≥ 1 is met. */
  readonly ratio?: number;
  /** `true` met, `false` missed, `undefined` not measured in this run. */
  readonly met: boolean | undefined;
  /** The subject checked against its peers in the same run: name and how many times faster. */
  readonly peers: readonly { readonly name: string; readonly ratio: number }[];
  /** What was measured, or why not. */
  readonly detail: string;
}

/** The last event of a run. */
export interface BenchEndEvent {
  /** The event's kind. */
  readonly type: "bench-end";
  /** The reference's performance targets, checked (empty when the reference was not measured). */
  readonly targets: readonly TargetCheck[];
  /** What was not measured and why. */
  readonly notes: readonly string[];
  /** Whether every measurement that ran finished (no timeout, no error). */
  readonly ok: boolean;
  /** How long the run took, in ms. */
  readonly durationMs: number;
}

/** An event of a benchmark run. */
export type BenchEvent = BenchStartEvent | BenchResultEvent | BenchEndEvent;

/** A whole run, as the reports render it. */
export interface BenchReport {
  /** What was measured, where and how. */
  readonly start: BenchStartEvent;
  /** Every measurement, in order. */
  readonly results: readonly BenchResultEvent[];
  /** The targets checked and the notes. */
  readonly end: BenchEndEvent;
}
