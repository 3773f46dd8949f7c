// The benchmark harness, workloads, peers and runner: that they run, check
// their own results and report what happened. No assertion here is about
// time: how fast anything is belongs to `ipckit bench`, not to a unit test.
import { describe, expect, it } from "vitest";
import type { Adapter } from "../adapter.ts";
import { referenceAdapter } from "../../reference/adapter.ts";
import { IpcError } from "../../spec/errors.ts";
import { measureCase, measureWorkload } from "./harness.ts";
import { PEER_NAMES, SeedQueue, peerSubject, streamCase, webPeers } from "./peers.ts";
import { adapterSubject, collectBenchReport, runBench } from "./run.ts";
import { TARGETS, evaluateTargets } from "./targets.ts";
import type { BenchEvent, BenchProfile, BenchResultEvent, BenchSubject } from "./types.ts";
import { BENCH_MECHANISMS } from "./types.ts";
import { WORKLOADS, selectWorkloads } from "./workloads.ts";

/** A profile of a few milliseconds: enough to exercise every step. */
const TINY: BenchProfile = { name: "quick", timeMs: 2, warmupMs: 1, minSamples: 2, sampleMs: 0.05, limitMs: 5000 };

async function collect(events: AsyncIterable<BenchEvent>): Promise<BenchEvent[]> {
  const all: BenchEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe("the harness", () => {
  it("batches operations, samples and reports per operation", async () => {
    let ops = 0;
    const measured = await measureCase({ async: false, run: (n) => void (ops += n), verify: () => {} }, TINY);
    expect(measured.status, "status").toBe("ok");
    expect(measured.batch, "a batch of operations per sample").toBeGreaterThan(1);
    expect(measured.samples, "at least the minimum samples").toBeGreaterThanOrEqual(TINY.minSamples);
    expect(measured.opsPerSecond, "a rate").toBeGreaterThan(0);
    expect(measured.latency!.median <= measured.latency!.p99, "median at most p99").toBe(true);
    expect(ops, "the operations ran").toBeGreaterThan(measured.batch! * TINY.minSamples);
  });

  it("measures an async case", async () => {
    let ops = 0;
    const measured = await measureCase({ async: true, run: async (n) => void (ops += n), verify: () => {} }, TINY);
    expect(measured.status, "status").toBe("ok");
    expect(ops, "the operations ran").toBeGreaterThan(0);
  });

  it("reports a throw, a failed check and ENOSYS as statuses, and closes the case", async () => {
    let closed = 0;
    const throwing = await measureWorkload(
      () => ({ async: false, run: () => { throw new IpcError("EAGAIN", "write"); }, verify: () => {}, close: () => void closed++ }),
      TINY,
    );
    expect(throwing.status, "a throw is an error").toBe("error");
    expect(throwing.message, "with its code once").toMatch(/^EAGAIN: /);
    const unchecked = await measureWorkload(() => ({ async: false, run: () => {}, verify: () => { throw new Error("3 bytes lost"); }, close: () => void closed++ }), TINY);
    expect(unchecked, "a failed check is an error").toMatchObject({ status: "error", message: "3 bytes lost" });
    expect(closed, "both cases closed").toBe(2);
    const missing = await measureWorkload(() => { throw new IpcError("ENOSYS", "pipe"); }, TINY);
    expect(missing.status, "ENOSYS: unsupported").toBe("unsupported");
    const odd = await measureWorkload(() => { throw "a string"; }, TINY);
    expect(odd.message, "a non-Error").toContain("a non-Error value was thrown");
  });
});

describe("the workloads", () => {
  it("have unique IDs, every mechanism, and a quick subset", () => {
    const ids = WORKLOADS.map((w) => w.id);
    expect(new Set(ids).size, "unique IDs").toBe(ids.length);
    expect(new Set(WORKLOADS.map((w) => w.mechanism)), "every mechanism").toEqual(new Set(BENCH_MECHANISMS));
    for (const mechanism of BENCH_MECHANISMS) {
      expect(selectWorkloads({ quick: true, mechanisms: [mechanism] }).length, `quick ${mechanism}`).toBeGreaterThan(0);
    }
    expect(() => selectWorkloads({ mechanisms: ["unix"] }), "no benchmarks of Unix-path sockets apart").toThrow(RangeError);
  });

  it.each(WORKLOADS.map((w) => [w.id, w] as const))("%s runs on the reference and checks its result", async (_id, workload) => {
    const prepared = await workload.prepare(referenceAdapter);
    await prepared.run(1);
    await prepared.run(300);
    prepared.verify();
    await prepared.close?.();
  });

  it("a pipe that loses bytes fails the streaming check", async () => {
    const lossy: Adapter = {
      ...referenceAdapter,
      createSystem: () => {
        const system = referenceAdapter.createSystem() as ReturnType<typeof import("../../reference/system.ts").createSystem>;
        const spawn = system.spawn.bind(system);
        system.spawn = (options) => {
          const process = spawn(options);
          const pipe = process.pipe.bind(process);
          process.pipe = (pipeOptions) => {
            const [reader, writer] = pipe(pipeOptions);
            const tryWrite = writer.tryWrite.bind(writer);
            writer.tryWrite = (data) => tryWrite(data.subarray(0, data.length - 1)) + 1;
            return [reader, writer];
          };
          return process;
        };
        return system;
      },
    };
    const streaming = await WORKLOADS.find((w) => w.id === "pipe.stream.4KiB")!.prepare(lossy);
    expect(() => {
      streaming.run(40);
      streaming.verify();
    }, "bytes written but not read: the drain finds the pipe empty").toThrow(/EAGAIN|ipckit bench/);
  });
});

describe("the signal workloads", () => {
  type ReferenceProcess = ReturnType<ReturnType<typeof import("../../reference/system.ts").createSystem>["spawn"]>;
  /** The reference with each spawned process changed by `change`: a deliberately wrong implementation. */
  const patched = (change: (proc: ReferenceProcess) => void): Adapter => ({
    ...referenceAdapter,
    createSystem: () => {
      const system = referenceAdapter.createSystem() as ReturnType<typeof import("../../reference/system.ts").createSystem>;
      const spawn = system.spawn.bind(system);
      system.spawn = (options) => {
        const proc = spawn(options);
        change(proc);
        return proc;
      };
      return system;
    },
  });
  const prepare = (id: string, adapter: Adapter) => WORKLOADS.find((w) => w.id === id)!.prepare(adapter);

  it("are gated by the manifest: the interruption also needs pipes", () => {
    const signalOnly = adapterSubject({ name: "signals only", supports: { signal: true }, createSystem: referenceAdapter.createSystem });
    const has = WORKLOADS.filter((w) => w.mechanism === "signal").map((w) => `${w.id} ${signalOnly.has(w)}`);
    expect(has, "every signal workload but the interruption").toEqual(["signal.handler true", "signal.queue.d0 true", "signal.queue.d16 true", "signal.interrupt false"]);
    expect(adapterSubject({ name: "pipes only", supports: { pipe: true }, createSystem: referenceAdapter.createSystem }).has(WORKLOADS.find((w) => w.id === "signal.handler")!), "no signal feature").toBe(false);
  });

  it("a delivery put off past kill's return fails the handler check", async () => {
    const late = await prepare("signal.handler", patched((proc) => {
      const kill = proc.kill.bind(proc);
      proc.kill = (pid, signal) => queueMicrotask(() => kill(pid, signal));
    }));
    expect(() => late.run(40), "the handler has not run when kill returns").toThrow(/40 kills returned but the handler ran 0 times/);
  });

  it("a sigqueue that loses the value fails the queue check", async () => {
    const lossy = await prepare("signal.queue.d16", patched((proc) => {
      proc.sigqueue = (pid, signal) => proc.kill(pid, signal);
    }));
    expect(() => lossy.run(40), "taken without its value").toThrow(/took user undefined, expected queue 0/);
  });

  it("a read that an interruption ends as end of file fails the interruption check", async () => {
    const wrong = await prepare("signal.interrupt", patched((proc) => {
      const pipe = proc.pipe.bind(proc);
      proc.pipe = (options) => {
        const [reader, writer] = pipe(options);
        const read = reader.read.bind(reader);
        reader.read = (buffer, readOptions) => read(buffer, readOptions).catch(() => 0);
        return [reader, writer];
      };
    }));
    await expect(wrong.run(3), "0 bytes, not EINTR").rejects.toThrow(/ended with read 0 bytes, not EINTR/);
  });
});

describe("the peers", () => {
  it("the seed queue keeps priority order, copies, and rejects when full or empty", async () => {
    const queue = new SeedQueue(2, 4);
    const bytes = new Uint8Array([1]);
    await queue.send(bytes, 1);
    bytes[0] = 9;
    await queue.send(new Uint8Array([2]), 3);
    await expect(queue.send(new Uint8Array([3]), 0), "full").rejects.toThrow(/EAGAIN/);
    const buffer = new Uint8Array(4);
    expect(await queue.receive(buffer), "highest first").toEqual({ length: 1, priority: 3 });
    expect(await queue.receive(buffer), "then the copy of the first").toEqual({ length: 1, priority: 1 });
    expect(buffer[0], "copied at send").toBe(1);
    await expect(queue.receive(buffer), "empty").rejects.toThrow(/EAGAIN/);
    await expect(queue.send(new Uint8Array(5), 0), "too long").rejects.toThrow(/EMSGSIZE/);
  });

  it("a stream case drains and writes the rest of a partial write", () => {
    let held = 0;
    const streaming = streamCase(100, {
      write: (chunk) => {
        const taken = Math.min(chunk.length, 150 - held);
        held += taken;
        return taken;
      },
      read: () => {
        const got = held;
        held = 0;
        return got;
      },
    }, 1000);
    streaming.run(20);
    streaming.verify();
    expect(held, "everything read").toBe(0);
  });

  it("each web peer's cases run and check themselves", async () => {
    const peers = webPeers();
    expect(peers.map((p) => p.name), "the peers").toEqual([PEER_NAMES.transformStream, PEER_NAMES.messageChannel, PEER_NAMES.seedQueue]);
    for (const peer of peers) {
      for (const workload of WORKLOADS.filter((w) => peer.has(w))) {
        const measured = await peer.measure(workload, TINY);
        expect(measured.status, `${peer.name} on ${workload.id}: ${measured.message ?? ""}`).toBe("ok");
      }
    }
  });

  it("a peer without a workload says so", async () => {
    const peer = peerSubject("empty", {});
    const measured = await peer.measure(WORKLOADS[0]!, TINY);
    expect(measured.status, "unsupported").toBe("unsupported");
  });
});

describe("runBench", () => {
  const semOnly: Adapter = { name: "sem only", supports: { sem: true }, createSystem: referenceAdapter.createSystem };
  const failing: BenchSubject = {
    name: "failing peer",
    role: "peer",
    has: (w) => w.id === "sem.uncontended",
    measure: () => Promise.resolve({ status: "error", message: "boom", durationMs: 0 }),
  };

  it("measures the implementation, reports what it lacks as unsupported and leaves peers out where they have nothing", async () => {
    const events = await collect(runBench([adapterSubject(semOnly), failing], { profile: TINY, mechanisms: ["sem", "mutex"], environment: { cpu: "CPU", cores: 2, version: "0.0.0" } }));
    const report = collectBenchReport(events);
    expect(report.start, "start").toMatchObject({ implementation: "sem only", profile: "quick", mechanisms: ["sem", "mutex"], cpu: "CPU", cores: 2, version: "0.0.0" });
    const rows = report.results.map((r) => `${r.workload} ${r.subject} ${r.status}`);
    expect(rows, "every quick sem and mutex workload, the peer only where it has one").toEqual([
      "sem.uncontended sem only ok",
      "sem.uncontended failing peer error",
      "sem.handoff sem only ok",
      "mutex.uncontended sem only unsupported",
      "mutex.handoff sem only unsupported",
    ]);
    expect(report.start.total, "the plan counted every result").toBe(5);
    expect(report.end.ok, "an error makes the run not ok").toBe(false);
    expect(report.end.targets, "no targets without the reference").toEqual([]);
    expect(report.end.notes.join("\n"), "notes").toMatch(/unix[\s\S]*run with --compare[\s\S]*sem only: mutex not supported/);
    expect(report.end.notes.join("\n"), "signals are measured now").not.toContain("signals");
  });

  it("leaves out of the run, and so out of the reports, a peer that has no workload among the selected mechanisms", async () => {
    const pipeOnly = peerSubject("pipe-only peer", { "pipe.stream.64B": () => ({ async: false, run: () => {}, verify: () => {} }) });
    const subjectsOf = async (mechanism: string): Promise<string[]> => {
      const first = (await runBench([adapterSubject(semOnly), pipeOnly], { profile: TINY, mechanisms: [mechanism] }).next()).value;
      return first?.type === "bench-start" ? first.subjects.map((subject: { name: string }) => subject.name) : [];
    };
    expect(await subjectsOf("sem"), "--mechanism sem").toEqual(["sem only"]);
    expect(await subjectsOf("pipe"), "--mechanism pipe").toEqual(["sem only", "pipe-only peer"]);
  });

  it("checks the targets against the reference, with bytes per second where a workload moves bytes", async () => {
    const events = await collect(runBench([adapterSubject(referenceAdapter, "reference")], { profile: TINY, mechanisms: ["pipe"] }));
    const report = collectBenchReport(events);
    const stream = report.results.find((r) => r.workload === "pipe.stream.64B") as BenchResultEvent;
    expect(stream.bytesPerSecond, "bytes/s is ops/s × 64").toBeCloseTo(stream.opsPerSecond! * 64, 0);
    expect(report.end.targets.map((t) => t.id), "every pipe target checked, and only those (--mechanism pipe)").toEqual(
      TARGETS.filter((t) => t.workload.startsWith("pipe.")).map((t) => t.id),
    );
    const passThrough = report.end.targets.find((t) => t.id === "pipe-vs-passthrough-64B")!;
    expect(passThrough.met, "not measured without the peer").toBeUndefined();
    expect(passThrough.detail, "says why").toContain("run with --compare");
    expect(report.end.ok, "all measured").toBe(true);
  });

  it("needs a subject", async () => {
    await expect(collect(runBench([])), "no subject").rejects.toThrow(RangeError);
  });
});

describe("evaluateTargets", () => {
  const row = (workload: string, subject: string, role: BenchResultEvent["role"], opsPerSecond: number): BenchResultEvent => ({
    type: "bench-result", workload, mechanism: "mq", title: "", unit: "", params: {}, subject, role, status: "ok", opsPerSecond, durationMs: 1,
  });

  it("computes ratios to the target and to peers, and the growth of a cost with depth", () => {
    const results = [
      row("mq.pair.64B.d0", "ref", "reference", 12e6),
      row("mq.pair.64B.d0", PEER_NAMES.seedQueue, "peer", 6e6),
      row("mq.pair.64B.d16", "ref", "reference", 11e6),
      row("mq.pair.64B.d4096", "ref", "reference", 10e6),
    ];
    const checks = new Map(evaluateTargets(results, "ref").map((c) => [c.id, c]));
    expect(checks.get("mq-64B"), "rate").toMatchObject({ met: true, measured: 12e6, ratio: 1.2 });
    expect(checks.get("mq-vs-seed"), "ratio to the seed").toMatchObject({ met: false, measured: 2 });
    expect(checks.get("mq-vs-seed")!.detail, "how far short").toContain("33% short");
    expect(checks.get("mq-priority-order")!.measured, "growth").toBeCloseTo(1.1, 5);
    expect(checks.get("mq-priority-order")!.met, "well under log n").toBe(true);
    expect(checks.get("sem-uncontended")!.met, "not in the run").toBeUndefined();
  });

  it("says when the workload failed", () => {
    const failed: BenchResultEvent = { ...row("sem.uncontended", "ref", "reference", 0), status: "timeout", message: "killed" };
    const check = evaluateTargets([failed], "ref").find((c) => c.id === "sem-uncontended")!;
    expect(check.met, "not measured").toBeUndefined();
    expect(check.detail, "why").toContain("timeout (killed)");
  });
});
