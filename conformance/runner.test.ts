import { describe, expect, it } from "vitest";
import { IpcError } from "../spec/errors.ts";
import type { IpcSystem } from "../spec/system.ts";
import { AssertionFailure } from "./assert.ts";
import type { TestDefinition } from "./harness.ts";
import { classifyThrown, isSelected, resolveRunOptions, runTest, unsupportedResult } from "./runner.ts";

const noSystem = { name: "none", supports: { pipe: true }, createSystem: (): IpcSystem => ({ spawn: () => { throw new IpcError("ENOSYS", "spawn"); } }) };

function fake(body: TestDefinition["body"], clause = "PIPE-ORD-1", requires: string[] = ["pipe"]): TestDefinition {
  return { clause, title: "a rule for the runner's own test", key: `[${clause}] a rule`, requires, timeoutFactor: 1, body };
}

const options = resolveRunOptions({ seed: 1, timeoutMs: 100 });

describe("runTest", () => {
  it("reports PASS for a body that returns", async () => {
    expect((await runTest(fake(() => {}), noSystem, options)).status, "status of a passing body").toBe("PASS");
  });

  it("reports FAIL with expected and actual for an assertion failure", async () => {
    const result = await runTest(fake(() => { throw new AssertionFailure("x", "1", "2"); }), noSystem, options);
    expect([result.status, result.expected, result.actual], "status and details").toEqual(["FAIL", "1", "2"]);
    expect(result.rule, "the clause's rule is attached").toMatch(/order/);
  });

  it("reports ERROR for a throw of a non-Error and for an unexpected error", async () => {
    expect((await runTest(fake(() => { throw "boom"; }), noSystem, options)).status, "non-Error throw").toBe("ERROR");
    expect((await runTest(fake(async () => { throw new TypeError("x"); }), noSystem, options)).status, "TypeError").toBe("ERROR");
  });

  it("reports NOT IMPLEMENTED when the implementation throws ENOSYS", async () => {
    const result = await runTest(fake(async (t) => { await t.process(); }), noSystem, options);
    expect(result.status, "ENOSYS from spawn").toBe("NOT IMPLEMENTED");
  });

  it("reports TIMEOUT for a body that never settles, and aborts its signal", async () => {
    let signal: AbortSignal | undefined;
    const result = await runTest(fake((t) => { signal = t.signal; return new Promise(() => {}); }), noSystem, options);
    expect(result.status, "hanging body").toBe("TIMEOUT");
    expect(signal?.aborted, "the test's signal is aborted on timeout").toBe(true);
  });

  it("reports NOT IMPLEMENTED for a missing feature of a core clause and SKIPPED for an optional one", () => {
    const adapter = { supports: { pipe: { capacity: false } } };
    expect(unsupportedResult(fake(() => {}, "PIPE-ORD-1", ["pipe", "process.fork"]), adapter)?.status, "core clause").toBe("NOT IMPLEMENTED");
    expect(unsupportedResult(fake(() => {}, "PIPE-CAP-2", ["pipe", "pipe.capacity"]), adapter)?.status, "optional clause").toBe("SKIPPED");
    expect(unsupportedResult(fake(() => {}, "PIPE-ORD-1", ["pipe"]), adapter), "supported").toBeUndefined();
    expect(unsupportedResult(fake(() => {}, "PIPE-ERR-4", ["pipe", "pipe.capacity"]), adapter)?.status, "core clause, optional extension").toBe("SKIPPED");
  });
});

describe("classifyThrown", () => {
  it("tells failures, unimplemented parts and errors apart", () => {
    expect(classifyThrown(new AssertionFailure("a", "b", "c")).status, "assertion").toBe("FAIL");
    expect(classifyThrown(new IpcError("ENOSYS", "pipe")).status, "ENOSYS").toBe("NOT IMPLEMENTED");
    expect(classifyThrown(new IpcError("EAGAIN", "read")).status, "other IpcError").toBe("ERROR");
    expect(classifyThrown(undefined).status, "undefined").toBe("ERROR");
  });
});

describe("selection", () => {
  const test = { clause: "PIPE-EOF-1", key: "[PIPE-EOF-1] a read waits while a duplicate is open" };
  it("selects by exact clause, by prefix and by grep", () => {
    expect(isSelected(test, {}), "no filter").toBe(true);
    expect(isSelected(test, { clauses: ["PIPE-EOF-1"] }), "exact").toBe(true);
    expect(isSelected(test, { clauses: ["PIPE-EOF"] }), "group prefix").toBe(true);
    expect(isSelected(test, { clauses: ["PIPE"] }), "mechanism prefix").toBe(true);
    expect(isSelected(test, { clauses: ["PIPE-EOF-10"] }), "another clause").toBe(false);
    expect(isSelected(test, { clauses: ["PIPE-E"] }), "a partial segment is not a prefix").toBe(false);
    expect(isSelected(test, { grep: "duplicate" }), "grep text").toBe(true);
    expect(isSelected(test, { grep: /ATOM/ }), "grep pattern").toBe(false);
  });

  it("rejects non-positive timeouts and run counts", () => {
    expect(() => resolveRunOptions({ timeoutMs: 0 }), "zero timeout").toThrow(RangeError);
    expect(() => resolveRunOptions({ numRuns: 0 }), "zero runs").toThrow(RangeError);
    expect(resolveRunOptions({ timeoutMs: 100, timeoutMultiplier: 3 }).timeoutMs, "multiplier applies").toBe(300);
  });
});
