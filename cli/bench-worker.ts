/**
 * Runtime edge: the worker thread that loads a module's implementation and
 * measures one workload at a time on request. If a workload hangs or spins,
 * the main thread kills this worker and starts another.
 *
 * @module
 */

import process from "node:process";
import { parentPort, workerData } from "node:worker_threads";
import { measureWorkload } from "../conformance/bench/harness.ts";
import { WORKLOADS } from "../conformance/bench/workloads.ts";
import type { BenchMainMessage, BenchWorkerInput, BenchWorkerMessage } from "./bench-protocol.ts";
import { loadAdapter, plainSupports } from "./load.ts";

const port = parentPort;
if (port === null) throw new Error("ipckit: cli/bench-worker must run in a worker thread");
const input = workerData as BenchWorkerInput;
const post = (message: BenchWorkerMessage): void => port.postMessage(message);

// A rejection nobody handled is the implementation's; it must not end the thread.
process.on("unhandledRejection", () => {});


const adapter = await loadAdapter(input.moduleUrl, (message) => post({ type: "load-error", message }));
if (adapter !== undefined) {
  post({ type: "ready", name: String(adapter.name), supports: plainSupports(adapter.supports) });
  port.on("message", async (message: BenchMainMessage) => {
    if (message.type !== "measure") return;
    const workload = WORKLOADS.find((w) => w.id === message.workload);
    const measurement =
      workload === undefined
        ? { status: "error" as const, message: `no workload ${message.workload}`, durationMs: 0 }
        : await measureWorkload(() => workload.prepare(adapter), message.profile);
    post({ type: "measured", workload: message.workload, measurement });
  });
}
