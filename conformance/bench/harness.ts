/**
 * The measuring harness: a thin wrapper around tinybench. tinybench warms
 * up, keeps sampling until both a time budget and a sample count are met, and
 * computes the statistics (median, p99, margin of error); this wrapper adds
 * what nanosecond-scale operations need: it batches operations so that one
 * sample lasts long enough for the clock to resolve it, reports everything
 * per operation, and checks the case's own invariants afterwards, so that
 * the work cannot have been skipped.
 *
 * @module
 */

import { Bench } from "tinybench";
import type { BenchCase, BenchMeasurement, BenchProfile } from "./types.ts";

/**
 * The quick profile: a smoke run of a few seconds for every workload
 * together. Its numbers are indicative only.
 *
 * @example Quick is shorter than full
 * ```ts
 * import { FULL_PROFILE, QUICK_PROFILE } from "ipckit/conformance";
 * console.assert(QUICK_PROFILE.timeMs < FULL_PROFILE.timeMs);
 * ```
 */
export const QUICK_PROFILE: BenchProfile = Object.freeze({
  name: "quick",
  timeMs: 40,
  warmupMs: 15,
  minSamples: 8,
  sampleMs: 0.5,
  limitMs: 10_000,
});

/**
 * The full profile: what `ipckit bench` runs by default, about a second per
 * workload and subject.
 *
 * @example Samples of at least a millisecond
 * ```ts
 * import { FULL_PROFILE } from "ipckit/conformance";
 * console.assert(FULL_PROFILE.sampleMs >= 1);
 * ```
 */
export const FULL_PROFILE: BenchProfile = Object.freeze({
  name: "full",
  timeMs: 600,
  warmupMs: 150,
  minSamples: 30,
  sampleMs: 1,
  limitMs: 30_000,
});

/** The largest batch: about a second of operations at 60 M/s. */
const MAX_BATCH = 1 << 26;

function timed(benchCase: BenchCase, ops: number): number | Promise<number> {
  const started = performance.now();
  const done = benchCase.run(ops);
  if (done === undefined) return performance.now() - started;
  return done.then(() => performance.now() - started);
}

/**
 * Finds how many operations one sample needs to last `sampleMs`: scales the
 * batch up until a run of it takes that long. Each size is run twice and the
 * faster run counts, so that a cold first run (the code not yet compiled, a
 * collection) does not stop the search early; the runs warm the code up.
 */
async function calibrate(benchCase: BenchCase, sampleMs: number): Promise<number> {
  let batch = 1;
  for (;;) {
    const first = await timed(benchCase, batch);
    const elapsed = Math.min(first, await timed(benchCase, batch));
    if (elapsed >= sampleMs || batch >= MAX_BATCH) return batch;
    const factor = elapsed <= 0 ? 16 : Math.min(16, Math.max(2, Math.ceil((sampleMs * 1.2) / elapsed)));
    batch = Math.min(MAX_BATCH, batch * factor);
  }
}

/**
 * Measures a prepared case: calibrates the batch, lets tinybench warm up
 * and sample it for the profile's time, then verifies the case.
 *
 * @param benchCase - the prepared case
 * @param profile - the timing
 * @returns the measurement, per operation
 * @throws whatever the case throws, or an `Error` when tinybench cannot complete
 *
 * @example Measure a trivial synchronous case
 * ```ts
 * import { QUICK_PROFILE, measureCase } from "ipckit/conformance";
 * let count = 0;
 * const measured = await measureCase({ async: false, run: (ops) => { count += ops; }, verify: () => {} }, { ...QUICK_PROFILE, timeMs: 5, warmupMs: 1 });
 * console.assert(measured.status === "ok" && measured.opsPerSecond! > 0 && count > 0);
 * ```
 */
export async function measureCase(benchCase: BenchCase, profile: BenchProfile): Promise<BenchMeasurement> {
  const started = performance.now();
  const batch = await calibrate(benchCase, profile.sampleMs);
  const bench = new Bench({
    time: profile.timeMs,
    warmupTime: profile.warmupMs,
    iterations: profile.minSamples,
    warmupIterations: Math.max(1, Math.floor(profile.minSamples / 4)),
    throws: true,
  });
  if (benchCase.async) {
    bench.add("case", async () => {
      await benchCase.run(batch);
    }, { async: true });
  } else {
    bench.add("case", () => {
      benchCase.run(batch);
    }, { async: false });
  }
  await bench.run();
  const task = bench.tasks[0];
  const result = task?.result;
  if (result === undefined || result.state === "errored") throw result?.error ?? new Error("ipckit bench: the task did not run");
  if (result.state !== "completed") throw new Error(`ipckit bench: the task ended ${result.state}`);
  benchCase.verify();
  const { latency } = result;
  // Samples are milliseconds per batch; report nanoseconds per operation.
  const perOp = (ms: number): number => (ms * 1e6) / batch;
  return {
    status: "ok",
    opsPerSecond: latency.mean > 0 ? (batch * 1000) / latency.mean : 0,
    latency: {
      median: perOp(latency.p50),
      p99: perOp(latency.p99),
      mean: perOp(latency.mean),
      min: perOp(latency.min),
      max: perOp(latency.max),
    },
    samples: latency.samplesCount,
    rmePercent: Number.isFinite(latency.rme) ? latency.rme : 0,
    batch,
    durationMs: performance.now() - started,
  };
}

/**
 * Prepares a case, measures it and closes it; a failure anywhere becomes a
 * measurement with status `error` (or `unsupported` for `ENOSYS`), never a
 * rejection.
 *
 * @param prepare - makes the case
 * @param profile - the timing
 * @returns the measurement
 *
 * @example A case that throws is reported, not thrown
 * ```ts
 * import { QUICK_PROFILE, measureWorkload } from "ipckit/conformance";
 * const measured = await measureWorkload(() => { throw new Error("no pipes today"); }, QUICK_PROFILE);
 * console.assert(measured.status === "error" && measured.message!.includes("no pipes today"));
 * ```
 */
export async function measureWorkload(prepare: () => BenchCase | Promise<BenchCase>, profile: BenchProfile): Promise<BenchMeasurement> {
  const started = performance.now();
  let benchCase: BenchCase | undefined;
  try {
    benchCase = await prepare();
    return await measureCase(benchCase, profile);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return {
      status: code === "ENOSYS" ? "unsupported" : "error",
      message: describeError(error),
      durationMs: performance.now() - started,
    };
  } finally {
    try {
      await benchCase?.close?.();
    } catch {
      // A case that cannot close has been measured already; nothing to add.
    }
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const prefix = typeof code === "string" && !error.message.startsWith(code) ? `${code}: ` : "";
    return `${prefix}${error.message}`;
  }
  return `a non-Error value was thrown: ${String(error)}`;
}
