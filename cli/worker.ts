/**
 * Runtime edge: the worker thread that loads the implementation under test
 * and runs tests one at a time on request. If the implementation spins, the
 * main thread kills this worker and starts another.
 *
 * @module
 */

import process from "node:process";
import { parentPort, workerData } from "node:worker_threads";
import { describeValue, drain } from "../conformance/assert.ts";
import { runTest } from "../conformance/runner.ts";
import { allTests } from "../conformance/suite.ts";
import { loadAdapter, plainSupports } from "./load.ts";
import type { MainMessage, WorkerInput, WorkerMessage } from "./protocol.ts";

const port = parentPort;
if (port === null) throw new Error("ipckit: cli/worker must run in a worker thread");
const input = workerData as WorkerInput;
const post = (message: WorkerMessage): void => port.postMessage(message);

// Rejections nobody handled, raised by the implementation during a test.
const unhandled: string[] = [];
process.on("unhandledRejection", (reason: unknown) => {
  unhandled.push(describeValue(reason));
});



const adapter = await loadAdapter(input.moduleUrl, (message) => post({ type: "load-error", message }));
if (adapter !== undefined) {
  const tests = new Map(allTests(adapter.supports).map((test) => [test.key, test]));
  post({ type: "ready", name: String(adapter.name), supports: plainSupports(adapter.supports) });

  port.on("message", async (message: MainMessage) => {
    if (message.type !== "run") return;
    const test = tests.get(message.key);
    if (test === undefined) throw new Error(`ipckit: unknown test ${message.key}`);
    unhandled.length = 0;
    let result = await runTest(test, adapter, input.options);
    await drain(1);
    if (unhandled.length > 0 && (result.status === "PASS" || result.status === "TIMEOUT")) {
      result = { ...result, status: "ERROR", message: `unhandled rejection in the implementation: ${unhandled.join("; ")}` };
    }
    post({ type: "result", key: message.key, result });
  });
}
