/**
 * The reference implementation's performance targets (for a 2-core
 * machine), and their check against a run: each target's measured value,
 * how far past (or short of) the target it is, and its ratio to every peer
 * measured on the same workload in the same run. A target is a fact to
 * report, never a test that fails.
 *
 * @module
 */

import { formatBytesRate, formatRate, formatRatio } from "./format.ts";
import { PEER_NAMES } from "./peers.ts";
import type { BenchResultEvent, TargetCheck } from "./types.ts";

/** A performance target. */
export interface BenchTarget {
  /** Stable ID. */
  readonly id: string;
  /** The target in words. */
  readonly description: string;
  /** The workload it reads. */
  readonly workload: string;
  /** What is compared (see {@link TargetCheck.metric}). */
  readonly metric: TargetCheck["metric"];
  /** The minimum (the maximum, for `growth`). */
  readonly target: number;
  /** For `ratio`: the peer compared with. */
  readonly peer?: string;
  /** For `growth`: the workload whose cost per operation is the base. */
  readonly baseline?: string;
}

/**
 * The targets: pipe streaming bandwidth and its ratio to `stream.PassThrough`,
 * POSIX queue pairs per second, its ratio to the seed's queue and the growth
 * of its cost with depth (O(log n) or better), and uncontended semaphore
 * pairs per second.
 *
 * @example Every target names a workload
 * ```ts
 * import { TARGETS, WORKLOADS } from "ipckit/conformance";
 * console.assert(TARGETS.every((t) => WORKLOADS.some((w) => w.id === t.workload)));
 * ```
 */
export const TARGETS: readonly BenchTarget[] = Object.freeze([
  { id: "pipe-64KiB", description: "pipe streaming, 64 KiB writes: ≥ 10 GB/s", workload: "pipe.stream.64KiB", metric: "bytesPerSecond", target: 10e9 },
  { id: "pipe-64B", description: "pipe streaming, 64 B writes: ≥ 1 GB/s", workload: "pipe.stream.64B", metric: "bytesPerSecond", target: 1e9 },
  ...[
    ["64B", "64 B"],
    ["4KiB", "4 KiB"],
    ["64KiB", "64 KiB"],
  ].map(([label, words]): BenchTarget => ({
    id: `pipe-vs-passthrough-${label}`,
    description: `pipe streaming, ${words} writes: ≥ 2× stream.PassThrough in bytes/s`,
    workload: `pipe.stream.${label}`,
    metric: "ratio",
    target: 2,
    peer: PEER_NAMES.passThrough,
  })),
  { id: "mq-64B", description: "POSIX queue, 64 B, nobody blocks: ≥ 10 M send+receive pairs/s", workload: "mq.pair.64B.d0", metric: "opsPerSecond", target: 10e6 },
  {
    id: "mq-vs-seed",
    description: "POSIX queue, 64 B: ≥ 3× the seed's promise-per-op array queue",
    workload: "mq.pair.64B.d0",
    metric: "ratio",
    target: 3,
    peer: PEER_NAMES.seedQueue,
  },
  {
    id: "mq-priority-order",
    description: "POSIX queue priority order O(log n) or better: the cost of a pair from 16 to 4096 queued grows no more than log n",
    workload: "mq.pair.64B.d4096",
    baseline: "mq.pair.64B.d16",
    metric: "growth",
    target: Math.log2(4097) / Math.log2(17),
  },
  { id: "sem-uncontended", description: "semaphore, uncontended: ≥ 50 M wait+post pairs/s", workload: "sem.uncontended", metric: "opsPerSecond", target: 50e6 },
]);

function measuredText(metric: TargetCheck["metric"], value: number): string {
  switch (metric) {
    case "bytesPerSecond":
      return formatBytesRate(value);
    case "opsPerSecond":
      return formatRate(value);
    case "ratio":
    case "growth":
      return formatRatio(value);
  }
}

/**
 * Checks the targets against a run's results for one subject.
 *
 * @param results - the run's results
 * @param subject - the subject the targets are for (the reference's name)
 * @param targets - the targets; default {@link TARGETS}
 * @returns one check per target, met, missed or not measured
 *
 * @example A target met, with the ratio to a peer
 * ```ts
 * import { evaluateTargets } from "ipckit/conformance";
 * const base = { type: "bench-result", workload: "sem.uncontended", mechanism: "sem", title: "", unit: "wait+post", params: {}, status: "ok", durationMs: 1 } as const;
 * const [check] = evaluateTargets(
 *   [{ ...base, subject: "ref", role: "reference", opsPerSecond: 60e6 }, { ...base, subject: "peer", role: "peer", opsPerSecond: 20e6 }],
 *   "ref",
 *   [{ id: "sem", description: "", workload: "sem.uncontended", metric: "opsPerSecond", target: 50e6 }],
 * );
 * console.assert(check!.met === true && check!.ratio === 1.2 && check!.peers[0]!.ratio === 3);
 * ```
 */
export function evaluateTargets(results: readonly BenchResultEvent[], subject: string, targets: readonly BenchTarget[] = TARGETS): TargetCheck[] {
  const find = (workload: string, name: string): BenchResultEvent | undefined =>
    results.find((result) => result.workload === workload && result.subject === name);
  return targets.map((target): TargetCheck => {
    const base = { id: target.id, description: target.description, workload: target.workload, metric: target.metric, target: target.target };
    const own = find(target.workload, subject);
    const ops = own?.status === "ok" ? own.opsPerSecond : undefined;
    const peers =
      ops === undefined
        ? []
        : results
            .filter((r) => r.workload === target.workload && r.role === "peer" && r.status === "ok" && (r.opsPerSecond ?? 0) > 0)
            .map((r) => ({ name: r.subject, ratio: ops / r.opsPerSecond! }));
    if (own === undefined) return { ...base, met: undefined, peers, detail: `not measured: ${target.workload} was not in this run` };
    if (ops === undefined) return { ...base, met: undefined, peers, detail: `not measured: ${target.workload} ${own.status}${own.message ? ` (${own.message})` : ""}` };
    let measured: number | undefined;
    let missing = "";
    switch (target.metric) {
      case "opsPerSecond":
        measured = ops;
        break;
      case "bytesPerSecond":
        measured = own.bytesPerSecond;
        break;
      case "ratio":
        measured = peers.find((peer) => peer.name === target.peer)?.ratio;
        missing = `${target.peer ?? "the peer"} was not measured (run with --compare)`;
        break;
      case "growth": {
        const baseline = target.baseline === undefined ? undefined : find(target.baseline, subject);
        if (baseline?.status === "ok" && (baseline.opsPerSecond ?? 0) > 0 && ops > 0) measured = baseline.opsPerSecond! / ops;
        missing = `${target.baseline ?? "the baseline"} was not measured`;
        break;
      }
    }
    if (measured === undefined) return { ...base, met: undefined, peers, detail: `not measured: ${missing}` };
    const ratio = target.metric === "growth" ? target.target / measured : measured / target.target;
    const met = ratio >= 1;
    const verdict = met ? `met, ${formatRatio(ratio)} the target` : `missed: ${formatRatio(ratio)} the target, ${(100 * (1 - ratio)).toFixed(0)}% short`;
    const what = target.metric === "growth" ? `cost grew ${formatRatio(measured)} (log bound ${formatRatio(target.target)})` : measuredText(target.metric, measured);
    return { ...base, measured, ratio, met, peers, detail: `${what}: ${verdict}` };
  });
}
