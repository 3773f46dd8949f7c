/**
 * Runtime edge: the worker thread that loads the implementation under test
 * and runs tests one at a time on request. If the implementation spins, the
 * main thread kills this worker and starts another.
 *
 * @module
 */

import process from "node:process";
import { parentPort, workerData } from "node:worker_threads";
import { drain } from "../conformance/assert.ts";
import { declaredCallsMissing } from "../conformance/manifest.ts";
import { errorInfo, executeTest } from "../conformance/runner.ts";
import { allTests } from "../conformance/suite.ts";
import { loadAdapter, plainSupports } from "./load.ts";
import type { MainMessage, WorkerInput, WorkerMessage } from "./protocol.ts";

const port = parentPort;
if (port === null) throw new Error("ipckit: cli/worker must run in a worker thread");
const input = workerData as WorkerInput;
const post = (message: WorkerMessage): void => port.postMessage(message);

// Rejections nobody handled, raised by the implementation during a test.
const unhandled: unknown[] = [];
process.on("unhandledRejection", (reason: unknown) => {
  unhandled.push(reason);
});

const adapter = await loadAdapter(input.moduleUrl, (message) => post({ type: "load-error", message }));
if (adapter !== undefined) {
  const tests = new Map(allTests().map((test) => [test.key, test]));
  post({
    type: "ready",
    name: String(adapter.name),
    supports: plainSupports(adapter.supports),
    missing: await declaredCallsMissing(adapter),
  });

  port.on("message", async (message: MainMessage) => {
    if (message.type !== "run") return;
    const test = tests.get(message.key);
    if (test === undefined) throw new Error(`ipckit: unknown test ${message.key}`);
    unhandled.length = 0;
    let outcome = await executeTest(test, adapter, input.options);
    await drain(1);
    const [first] = unhandled;
    if (unhandled.length > 0 && (outcome.status === "PASS" || outcome.status === "TIMEOUT" || outcome.status === "FAIL")) {
      const error = errorInfo(first);
      outcome = {
        status: "ERROR",
        durationMs: outcome.durationMs,
        cause: { kind: "unhandled-rejection", error },
        message: `the implementation left a rejection unhandled: ${error.name}: ${error.message}`,
      };
    }
    post({ type: "outcome", key: message.key, outcome });
  });
}
