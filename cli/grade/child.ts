/**
 * Runtime edge: the child process that holds one submission while it is
 * graded. The grader starts it under Node's permission model (no writes,
 * no child processes, no workers, reads only of ipckit and the
 * submission's prepared copy), with capped memory, in a process group of its own.
 * It loads the submission on request, then runs one test at a time: requests
 * come on file descriptor 4, answers go on 3 (see ./protocol.ts). It never decides a grade.
 *
 * @module
 */

import { writeSync } from "node:fs";
import { Socket } from "node:net";
import process from "node:process";
import { adapterFromModule } from "../../conformance/adapter.ts";
import type { Adapter } from "../../conformance/adapter.ts";
import { describeValue, drain } from "../../conformance/assert.ts";
import { declaredCallsMissing } from "../../conformance/manifest.ts";
import { errorInfo, executeTest } from "../../conformance/runner.ts";
import type { ResolvedRunOptions, TestOutcome } from "../../conformance/runner.ts";
import { allTests } from "../../conformance/suite.ts";
import { plainSupports } from "../load.ts";
import type { ChildAnswer, GraderRequest } from "./protocol.ts";
import { REPORT_FD, REQUEST_FD } from "./protocol.ts";

/** Writes one answer, whole, on the report channel. */
function answer(message: ChildAnswer): void {
  const bytes = new TextEncoder().encode(`${JSON.stringify(message)}\n`);
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(REPORT_FD, bytes, offset);
    } catch (error) {
      if ((error as { code?: string }).code !== "EAGAIN") throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

let adapter: Adapter | undefined;
let options: ResolvedRunOptions | undefined;
let current = "";
const tests = new Map(allTests().map((test) => [test.key, test]));

// Rejections nobody handled, raised by the implementation during a test.
const unhandled: unknown[] = [];
process.on("unhandledRejection", (reason: unknown) => {
  unhandled.push(reason);
});
process.on("uncaughtException", (error: unknown) => {
  answer({ type: "crash", nonce: current, error: errorInfo(error) });
  process.exit(70);
});

async function handle(request: GraderRequest): Promise<void> {
  current = request.nonce;
  if (request.type === "load") {
    options = request.options;
    try {
      adapter = adapterFromModule((await import(request.moduleUrl)) as Record<string, unknown>);
    } catch (error) {
      answer({ type: "load-error", nonce: request.nonce, message: describeValue(error) });
      return;
    }
    answer({
      type: "ready",
      nonce: request.nonce,
      name: String(adapter.name),
      supports: plainSupports(adapter.supports),
      missing: await declaredCallsMissing(adapter),
      pid: process.pid,
    });
    return;
  }
  const test = tests.get(request.key);
  if (adapter === undefined || options === undefined || test === undefined) {
    throw new Error(`ipckit grade child: cannot run ${request.key}`);
  }
  unhandled.length = 0;
  let outcome: TestOutcome = await executeTest(test, adapter, options);
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
  answer({ type: "outcome", nonce: request.nonce, key: request.key, outcome, maxRssKb: process.resourceUsage().maxRSS });
}

// Requests, one JSON object a line, handled one after another.
let buffered = "";
let queue: Promise<void> = Promise.resolve();
const requests = new Socket({ fd: REQUEST_FD, readable: true, writable: false });
requests.setEncoding("utf8");
requests.on("data", (chunk: string) => {
  buffered += chunk;
  let newline: number;
  while ((newline = buffered.indexOf("\n")) !== -1) {
    const line = buffered.slice(0, newline);
    buffered = buffered.slice(newline + 1);
    const request = JSON.parse(line) as GraderRequest;
    queue = queue.then(() => handle(request));
  }
});
// The grader closed the channel: nothing more to do.
requests.on("end", () => process.exit(0));
requests.on("error", () => process.exit(0));
