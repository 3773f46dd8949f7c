// The implementation protocol's proof: the whole conformance suite against
// the reference, run directly and through the TypeScript server in a worker
// thread and in a child process, gives exactly the same status for every
// test (every one PASS, on Node).
import { describe, expect, it } from "vitest";
import { startProcessServer, startWorkerServer } from "../cli/remote/worker.ts";
import type { RemoteServer } from "../cli/remote/worker.ts";
import type { Adapter } from "../conformance/adapter.ts";
import { runSuite } from "../conformance/orchestrator.ts";
import { referenceAdapter } from "../reference/adapter.ts";

const SEED = 20_261_203;
/**
 * The same for both runs: every call through a server is a round trip
 * between threads (tens of microseconds on a loaded two-core machine), and
 * one property test makes over 100,000 calls; a correct implementation's
 * statuses do not depend on the multiplier.
 */
const TIMEOUT_MULTIPLIER = 4;
const reference = new URL("../reference/adapter.ts", import.meta.url).href;

/** Every test's status, by key. */
async function statuses(adapter: Adapter): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for await (const event of runSuite(adapter, { seed: SEED, timeoutMultiplier: TIMEOUT_MULTIPLIER })) {
    if (event.type === "test") result.set(event.key, event.message === undefined ? event.status : `${event.status}: ${event.message}`);
  }
  return result;
}

let direct: Promise<Map<string, string>> | undefined;
const directStatuses = (): Promise<Map<string, string>> => (direct ??= statuses(referenceAdapter));

async function throughServer(start: () => Promise<RemoteServer>): Promise<void> {
  const server = await start();
  let remote: Map<string, string>;
  try {
    remote = await statuses(server.adapter);
  } finally {
    await server.close();
  }
  const expected = await directStatuses();
  expect(remote.size, "tests run through the server").toBe(expected.size);
  expect(expected.size, "tests run").toBeGreaterThan(800);
  const differing = [...expected].filter(([key, status]) => remote.get(key) !== status).map(([key, status]) => `${key}: direct ${status}, remote ${remote.get(key)}`);
  expect(differing, "tests whose status differs between the direct run and the run through the server").toEqual([]);
  const notPassed = [...remote].filter(([, status]) => status !== "PASS").map(([key, status]) => `${key}: ${status}`);
  expect(notPassed, "tests other than PASS through the server").toEqual([]);
}

describe("the suite through the implementation protocol", () => {
  it("gives the reference exactly its direct statuses through the worker-thread server", { timeout: 600_000 }, async () => {
    await throughServer(() => startWorkerServer(reference));
  });

  it("gives the reference exactly its direct statuses through the child-process server", { timeout: 900_000 }, async () => {
    await throughServer(() => startProcessServer(reference, { output: "inherit" }));
  });
});
