/**
 * Runtime edge: `ipckit bench`. Measures a module's implementation in a
 * worker it can kill (the reference in this thread), with Node's
 * `stream.PassThrough` as a peer beside the web-standard ones when
 * comparing, and writes the reports to standard output and files. The CPU
 * model and the files come from Node's APIs, which Deno and Bun provide too.
 *
 * @module
 */

import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname } from "node:path";
import { PassThrough } from "node:stream";
import type { Adapter } from "../conformance/adapter.ts";
import { isSupported } from "../conformance/harness.ts";
import { FULL_PROFILE, QUICK_PROFILE } from "../conformance/bench/harness.ts";
import { PEER_NAMES, peerSubject, streamCase, webPeers } from "../conformance/bench/peers.ts";
import type { PeerCases } from "../conformance/bench/peers.ts";
import { createBenchReporter } from "../conformance/bench/report.ts";
import type { BenchReporter } from "../conformance/bench/report.ts";
import { adapterSubject, runBench } from "../conformance/bench/run.ts";
import type { BenchMeasurement, BenchProfile, BenchSubject, Workload } from "../conformance/bench/types.ts";
import { referenceAdapter } from "../reference/adapter.ts";
import type { ReportTarget } from "./args.ts";
import type { BenchMainMessage, BenchWorkerInput, BenchWorkerMessage } from "./bench-protocol.ts";
import { LOAD_TIMEOUT_MS } from "./isolate.ts";
import { WorkerHost } from "./worker-host.ts";

/** Where `ipckit bench` writes. */
export interface BenchIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** What to measure and how to report it: a parsed `ipckit bench`. */
export interface BenchRequest {
  /** The adapter module's URL; absent: the reference. */
  readonly moduleUrl?: string;
  /** The module as the user named it, for messages. */
  readonly label?: string;
  /** Also measure the reference (beside a module) and the peers. */
  readonly compare: boolean;
  /** The quick profile. */
  readonly quick: boolean;
  /** Only these mechanisms; empty: all. */
  readonly mechanisms: readonly string[];
  /** The reports. */
  readonly reporters: readonly ReportTarget[];
  /** Colours for a pretty report on standard output. */
  readonly color: boolean;
  /** Time allowed per workload of a module, in ms; default the profile's `limitMs`. */
  readonly timeoutMs?: number;
  /** The ipckit version, for the report. */
  readonly version: string;
}

/**
 * Node's `stream.PassThrough` as a peer of the pipe streaming workloads:
 * writes go in with `write`, and the reader takes what is there with
 * `read()`, in paused mode, so that it runs as synchronously as a pipe's try
 * forms do.
 *
 * @returns the peer subject
 */
export function passThroughPeer(): BenchSubject {
  const passThroughCase = (workload: Workload) => {
    const stream = new PassThrough();
    const streaming = streamCase(workload.params["size"] ?? 64, {
      write: (chunk) => {
        stream.write(chunk);
        return chunk.length;
      },
      read: () => (stream.read() as Uint8Array | null)?.length ?? 0,
    });
    return { ...streaming, close: () => void stream.destroy() };
  };
  const cases: PeerCases = {
    "pipe.stream.64B": passThroughCase,
    "pipe.stream.4KiB": passThroughCase,
    "pipe.stream.64KiB": passThroughCase,
  };
  return peerSubject(PEER_NAMES.passThrough, cases);
}

/** The machine, for the report. */
function environment(version: string): { version: string; cpu?: string; cores?: number } {
  try {
    const cpus = os.cpus();
    const model = cpus[0]?.model.trim();
    const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : cpus.length;
    return { version, ...(model ? { cpu: model } : {}), ...(cores > 0 ? { cores } : {}) };
  } catch {
    return { version };
  }
}

type BenchWorker = WorkerHost<BenchWorkerMessage, BenchMainMessage>;

/** A module's implementation, measured in a worker; the worker is replaced after a workload that hangs or crashes. */
interface ModuleSubject {
  readonly subject: BenchSubject;
  close(): Promise<void>;
}

async function startBenchWorker(moduleUrl: string): Promise<{ host: BenchWorker; name: string; supports: Adapter["supports"] } | { error: string }> {
  const input: BenchWorkerInput = { moduleUrl };
  const host: BenchWorker = new WorkerHost("./bench-worker", input);
  const outcome = await host.next(LOAD_TIMEOUT_MS);
  if (outcome.kind === "message" && outcome.message.type === "ready") return { host, name: outcome.message.name, supports: outcome.message.supports };
  await host.kill();
  if (outcome.kind === "timeout") return { error: `loading the module took longer than ${LOAD_TIMEOUT_MS} ms` };
  if (outcome.kind === "crash") return { error: outcome.message };
  return { error: outcome.message.type === "load-error" ? outcome.message.message : "unexpected message" };
}

/**
 * Loads a module's adapter in a worker and makes a subject of it. Each
 * workload has the profile's time limit; one that runs past it is reported
 * `timeout` and its worker replaced, one that crashes its worker `error`.
 *
 * @param moduleUrl - the adapter module
 * @returns the subject, or why the module could not be loaded
 */
export async function startModuleSubject(moduleUrl: string): Promise<ModuleSubject | { readonly error: string }> {
  const first = await startBenchWorker(moduleUrl);
  if ("error" in first) return first;
  let host: BenchWorker | undefined = first.host;
  const { name, supports } = first;
  const measure = async (workload: Workload, profile: BenchProfile): Promise<BenchMeasurement> => {
    const started = performance.now();
    if (host === undefined) {
      const again = await startBenchWorker(moduleUrl);
      if ("error" in again) return { status: "error", message: `could not restart the worker: ${again.error}`, durationMs: performance.now() - started };
      host = again.host;
    }
    host.send({ type: "measure", workload: workload.id, profile });
    const outcome = await host.next(profile.limitMs);
    if (outcome.kind === "message" && outcome.message.type === "measured" && outcome.message.workload === workload.id) {
      return outcome.message.measurement;
    }
    await host.kill();
    host = undefined;
    const durationMs = performance.now() - started;
    if (outcome.kind === "timeout") {
      return { status: "timeout", message: `killed: the workload did not finish within ${profile.limitMs} ms (a hang or a synchronous loop?); its worker was terminated`, durationMs };
    }
    return { status: "error", message: `crashed: ${outcome.kind === "crash" ? outcome.message : "the worker answered out of turn"}`, durationMs };
  };
  return {
    subject: {
      name,
      role: "implementation",
      has: (workload) => workload.requires.every((feature) => isSupported(supports, feature)),
      measure,
    },
    close: async () => {
      await host?.kill();
      host = undefined;
    },
  };
}

/**
 * Runs `ipckit bench`: measures, reports, writes the files.
 *
 * @param request - what to measure and report
 * @param io - standard output and error
 * @returns the exit status: 0 when every measurement that ran finished, 1
 *   when one timed out or failed, 2 when the module cannot be loaded
 */
export async function runBenchCommand(request: BenchRequest, io: BenchIo): Promise<number> {
  const subjects: BenchSubject[] = [];
  let module: ModuleSubject | undefined;
  if (request.moduleUrl !== undefined) {
    const started = await startModuleSubject(request.moduleUrl);
    if ("error" in started) {
      io.stderr(`ipckit: could not load ${request.label ?? request.moduleUrl}: ${started.error}\n`);
      return 2;
    }
    module = started;
    subjects.push(started.subject);
  }
  if (module === undefined || request.compare) subjects.push(adapterSubject(referenceAdapter, "reference"));
  if (request.compare) subjects.push(passThroughPeer(), ...webPeers());

  const files = new Map<string, string>();
  const reporters: BenchReporter[] = request.reporters.map((target) => {
    const file = target.file;
    const write = file === undefined ? io.stdout : (text: string) => void files.set(file, (files.get(file) ?? "") + text);
    return createBenchReporter(target.format, write, { color: file === undefined && request.color });
  });
  let ok = true;
  try {
    const profile = request.quick ? QUICK_PROFILE : FULL_PROFILE;
    const events = runBench(subjects, {
      profile: request.timeoutMs === undefined ? profile : { ...profile, limitMs: request.timeoutMs },
      mechanisms: request.mechanisms,
      environment: environment(request.version),
    });
    for await (const event of events) {
      for (const reporter of reporters) reporter.event(event);
      if (event.type === "bench-end") ok = event.ok;
    }
  } finally {
    await module?.close();
  }
  for (const [file, text] of files) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return ok ? 0 : 1;
}
