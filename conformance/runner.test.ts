import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IpcError } from "../spec/errors.ts";
import type { FeatureName } from "../spec/features.ts";
import type { IpcSystem } from "../spec/system.ts";
import { createSystem } from "../reference/system.ts";
import type { Adapter } from "./adapter.ts";
import { AssertionFailure, drain, expectEqual, expectPending, track } from "./assert.ts";
import { clauseVerdicts, describeVerdict, summarize } from "./events.ts";
import type { TestResultEvent } from "./events.ts";
import type { Supports, TestDefinition } from "./harness.ts";
import { manifestProblems } from "./harness.ts";
import { LoadError, orchestrate, inThreadExecutor } from "./orchestrator.ts";
import { checkProperty } from "./property.ts";
import { isSelected, resolveRunOptions, runTest, unsupportedOutcome } from "./runner.ts";
import { given } from "./setup.ts";

const noSystem: Adapter = { name: "none", supports: { pipe: true }, createSystem: (): IpcSystem => ({ spawn: () => { throw new IpcError("ENOSYS", "spawn"); } }) as unknown as IpcSystem };
const reference: Adapter = { name: "reference", supports: { pipe: true, process: true, sem: true, signal: true }, createSystem };

function fake(body: TestDefinition["body"], clause = "PIPE-ORD-1", requires: FeatureName[] = ["pipe"]): TestDefinition {
  return { clause, title: "a rule for the runner's own test", key: `[${clause}] a rule`, requires, timeoutFactor: 1, body };
}

/** The reference with one process call replaced. */
function patched(call: string, replacement: (original: (...args: unknown[]) => unknown) => (...args: unknown[]) => unknown): Adapter {
  return {
    ...reference,
    createSystem: () => {
      const system = createSystem();
      const spawn = system.spawn.bind(system);
      return {
        spawn: (options?: Parameters<typeof spawn>[0]) => {
          const proc = spawn(options) as unknown as Record<string, unknown>;
          const original = (proc[call] as (...args: unknown[]) => unknown).bind(proc);
          proc[call] = replacement(original);
          return proc;
        },
      } as unknown as IpcSystem;
    },
  };
}

const options = resolveRunOptions({ seed: 1, timeoutMs: 200 });

describe("runTest: statuses say what happened", () => {
  it("reports PASS for a body that returns", async () => {
    expect((await runTest(fake(() => {}), noSystem, options)).status, "status of a passing body").toBe("PASS");
  });

  it("reports FAIL with expected and actual for an assertion failure", async () => {
    const result = await runTest(fake(() => { throw new AssertionFailure("x", "1", "2"); }), noSystem, options);
    expect([result.status, result.expected, result.actual, result.cause?.kind], "status and details").toEqual(["FAIL", "1", "2", "assertion"]);
    expect(result.rule, "the clause's rule is attached").toMatch(/order/);
  });

  it("reports an IpcError where success was due as a FAIL naming the call and the code", async () => {
    const result = await runTest(fake(async (t) => { (await t.process()).pipe()[0].tryRead(new Uint8Array(1)); }), reference, options);
    expect([result.status, result.cause], "status and cause").toEqual(["FAIL", { kind: "error-code", call: "read", code: "EAGAIN" }]);
    expect(result.actual, "what happened").toMatch(/EAGAIN/);
  });

  it("reports ERROR for a throw of a non-Error and for an error of the test's own", async () => {
    expect((await runTest(fake(() => { throw "boom"; }), noSystem, options)).status, "non-Error throw").toBe("ERROR");
    expect((await runTest(fake(async () => { throw new TypeError("x"); }), noSystem, options)).status, "TypeError").toBe("ERROR");
  });

  it("reports a TypeError thrown by the implementation as ERROR with its stack and call, even when a check caught it", async () => {
    const adapter = patched("pipe", () => () => { throw new TypeError("student bug"); });
    const result = await runTest(fake(async (t) => {
      const proc = await t.process();
      try { proc.pipe(); } catch (error) { throw new AssertionFailure("pipe()", "a pipe", String(error)); }
    }), adapter, options);
    expect(result.status, "status").toBe("ERROR");
    expect(result.cause?.kind === "crash" && result.cause.call, "the call that crashed").toBe("pipe");
    expect(result.cause?.kind === "crash" && result.cause.error.stack, "its stack").toMatch(/runner\.test\.ts/);
  });

  it("reports NOT IMPLEMENTED wherever ENOSYS surfaces, even inside a helper that turns it into a failed check", async () => {
    expect((await runTest(fake(async (t) => { await t.process(); }), noSystem, options)).status, "ENOSYS from spawn").toBe("NOT IMPLEMENTED");
    const adapter = patched("pipe", () => () => { throw new IpcError("ENOSYS", "pipe"); });
    const result = await runTest(fake(async (t) => {
      const proc = await t.process();
      try { proc.pipe(); } catch (error) { throw new AssertionFailure("pipe()", "a pipe", String(error)); }
    }), adapter, options);
    expect([result.status, result.cause], "caught ENOSYS").toEqual(["NOT IMPLEMENTED", { kind: "enosys", call: "pipe" }]);
  });

  it("reports NOT IMPLEMENTED for an ENOSYS rejection seen by a pending check", async () => {
    const adapter = patched("pipe", (original) => () => {
      const [reader, writer] = original() as [Record<string, unknown>, unknown];
      reader["read"] = () => Promise.reject(new IpcError("ENOSYS", "read"));
      return [reader, writer];
    });
    const result = await runTest(fake(async (t) => {
      const [reader] = (await t.process()).pipe();
      await expectPending(track(reader.read(new Uint8Array(1))), "a read of an empty pipe");
    }), adapter, options);
    expect(result.status, "status").toBe("NOT IMPLEMENTED");
  });

  it("reports a failed setup step as UNRESOLVED naming the clause it relied on, and as FAIL when that is the clause under test", async () => {
    const body = (): void => given("PIPE-CAP-1", "fill the pipe", () => expectEqual(4096, 65536, "bytes written"));
    const other = await runTest(fake(body, "PIPE-ORD-1"), noSystem, options);
    expect([other.status, other.cause], "another clause's setup").toEqual(["UNRESOLVED", { kind: "setup", clause: "PIPE-CAP-1", what: "fill the pipe" }]);
    expect((await runTest(fake(body, "PIPE-CAP-1"), noSystem, options)).status, "its own clause's setup").toBe("FAIL");
  });

  it("reports a blocking call that returns a plain value as FAIL", async () => {
    const adapter = patched("pipe", (original) => () => {
      const [reader, writer] = original() as [Record<string, unknown>, Record<string, unknown>];
      writer["write"] = (data: Uint8Array) => data.length;
      return [reader, writer];
    });
    const result = await runTest(fake(async (t) => { await (await t.process()).pipe()[1].write(new Uint8Array(3)); }), adapter, options);
    expect([result.status, result.cause], "status").toEqual(["FAIL", { kind: "not-a-promise", call: "write" }]);
  });

  it("reports a test that calls a feature it does not require as the suite's fault", async () => {
    const result = await runTest(fake(async (t) => { (await t.process()).semInit(1); }), reference, options);
    expect([result.status, result.cause?.kind], "status").toEqual(["ERROR", "suite"]);
    const asked = await runTest(fake(async (t) => { const p = await t.process(); if (t.supports("sem")) p.semInit(1); }), reference, options);
    expect(asked.status, "a feature asked about and supported may be used").toBe("PASS");
  });

  it("reports TIMEOUT for a body that never settles, and aborts its signal", async () => {
    let signal: AbortSignal | undefined;
    const result = await runTest(fake((t) => { signal = t.signal; return new Promise(() => {}); }), noSystem, options);
    expect([result.status, result.cause?.kind], "hanging body").toEqual(["TIMEOUT", "timeout"]);
    expect(signal?.aborted, "the test's signal is aborted on timeout").toBe(true);
  });

  it("keeps the identity of handles and the test's callbacks across the membrane", async () => {
    const result = await runTest(fake(async (t) => {
      const proc = await t.process();
      const handler = (): void => {};
      proc.sigaction(10, { handler });
      expectEqual(proc.sigaction(10).handler, handler, "the handler read back");
      const [reader] = proc.pipe();
      expectEqual(reader.dup().constructor, reader.constructor, "a duplicate's class");
      await drain();
    }, "PIPE-ORD-1", ["pipe", "signal"]), reference, options);
    expect(result.status, `status (${result.message ?? ""})`).toBe("PASS");
  });

  it("settles every system a test made in its drain step, and tears them down after", async () => {
    const calls: string[] = [];
    const adapter: Adapter = {
      ...reference,
      createSystem: () => Object.assign(createSystem(), {
        settle: async () => void calls.push("settle"),
        teardown: () => void calls.push("teardown"),
      }),
    };
    await runTest(fake(async (t) => { await t.process(); await drain(); calls.push("body done"); }), adapter, options);
    expect(calls, "settle in the drain, teardown after the body").toEqual(["settle", "body done", "teardown"]);
  });

  it("reports NOT IMPLEMENTED for a missing feature of a core clause and SKIPPED for an optional one", () => {
    const supports: Supports = { pipe: { capacity: false } };
    expect(unsupportedOutcome(fake(() => {}, "PIPE-ORD-1", ["pipe", "process.fork"]), supports)?.status, "core clause").toBe("NOT IMPLEMENTED");
    expect(unsupportedOutcome(fake(() => {}, "PIPE-CAP-2", ["pipe", "pipe.capacity"]), supports)?.status, "optional clause").toBe("SKIPPED");
    expect(unsupportedOutcome(fake(() => {}, "PIPE-ORD-1", ["pipe"]), supports), "supported").toBeUndefined();
    expect(unsupportedOutcome(fake(() => {}, "PIPE-ERR-4", ["pipe", "pipe.capacity"]), supports)?.status, "core clause, optional extension").toBe("SKIPPED");
  });
});

describe("property-based checks say how much they ran", () => {
  it("notes the runs done, and a run cut short below its minimum is TIMEOUT", async () => {
    const slow = fake(async (t) => {
      await checkProperty(t, fc.asyncProperty(fc.nat(), async () => { await new Promise((resolve) => setTimeout(resolve, 30)); }), "slow runs", "anything");
    });
    const short = await runTest(slow, noSystem, resolveRunOptions({ seed: 1, timeoutMs: 100, numRuns: 1000 }));
    expect([short.status, short.cause?.kind], "too few runs").toEqual(["TIMEOUT", "runs"]);
    const quick = await runTest(fake(async (t) => { await checkProperty(t, fc.property(fc.nat(), () => true), "quick runs", "anything"); }), noSystem, resolveRunOptions({ seed: 1, numRuns: 25 }));
    expect([quick.status, quick.notes], "all runs").toEqual(["PASS", ["25 runs"]]);
  });

  it("keeps the failed check in the failure, not only the counterexample", async () => {
    const result = await runTest(fake(async (t) => {
      await checkProperty(t, fc.property(fc.nat(), (n) => expectEqual(n < 5, true, "a small number")), "numbers", "small");
    }), noSystem, options);
    expect(result.status, "status").toBe("FAIL");
    expect(result.actual, "the failed check").toMatch(/a small number: expected true, got false/);
    expect(result.actual, "the counterexample").toMatch(/Counterexample/);
  });
});

describe("clause verdicts", () => {
  const base = { type: "test", clause: "PIPE-ERR-4", rule: "", level: "core", title: "", durationMs: 0 } as const;
  const result = (key: string, status: TestResultEvent["status"], features?: string[]): TestResultEvent =>
    ({ ...base, key, status, ...(features === undefined ? {} : { cause: { kind: "unsupported", features } }) }) as TestResultEvent;

  it("come from the tests that applied", () => {
    const verdict = clauseVerdicts([result("a", "PASS"), result("b", "PASS"), result("c", "PASS"), result("d", "NOT IMPLEMENTED", ["signal"])])["PIPE-ERR-4"]!;
    expect(describeVerdict(verdict), "3 of 4 applied").toBe("PASS, 3 of 4 tests; 1 needs signal");
    expect(clauseVerdicts([result("a", "SKIPPED", ["pipe.capacity"])])["PIPE-ERR-4"]?.status, "none applied").toBe("SKIPPED");
    expect(clauseVerdicts([result("a", "PASS"), result("b", "UNRESOLVED")])["PIPE-ERR-4"]?.status, "an unresolved test").toBe("UNRESOLVED");
  });

  it("a run where no test applied is not OK", () => {
    const end = summarize([result("a", "NOT IMPLEMENTED", ["pipe"])], 1);
    expect([end.ok, end.problem !== undefined], "not ok, with the reason").toEqual([false, true]);
  });
});

describe("the orchestrator", () => {
  it("refuses a manifest with an unknown feature, with a hint", async () => {
    const events = orchestrate(inThreadExecutor({ ...reference, supports: { pipes: true } as unknown as Supports }), { clauses: ["PIPE-EOF-1"] });
    await expect(events.next(), "the first step").rejects.toThrow(LoadError);
    expect(manifestProblems({ pipe: { capacty: false } })[0], "a misspelt part").toMatch(/did you mean "pipe.capacity"/);
  });

  it("refuses a manifest that declares calls the processes lack", async () => {
    const adapter: Adapter = { name: "x", supports: { pipe: true, mq: true }, createSystem: () => ({ spawn: () => createSystem().spawn() }) as unknown as IpcSystem };
    const stripped: Adapter = { ...adapter, createSystem: () => ({ spawn: () => ({ ...Object.fromEntries(Object.entries(createSystem().spawn())), pipe: () => [] }) }) as unknown as IpcSystem };
    await expect(orchestrate(inThreadExecutor(stripped), { clauses: ["PIPE-EOF-1"] }).next(), "missing mqOpen").rejects.toThrow(/mq: mqOpen, mqUnlink/);
  });

  it("stops running a mechanism that keeps timing out, and says so", async () => {
    // The first system (the manifest check's) is real; every test's never comes.
    let made = 0;
    const hanging: Adapter = { ...reference, createSystem: () => (made++ === 0 ? createSystem() : new Promise<IpcSystem>(() => {})) };
    const results: TestResultEvent[] = [];
    for await (const event of orchestrate(inThreadExecutor(hanging), { clauses: ["PIPE-EOF"], timeoutMs: 20, timeoutStreak: 2 })) {
      if (event.type === "test") results.push(event);
    }
    expect(results.slice(0, 2).map((r) => r.cause?.kind), "the first two ran and timed out").toEqual(["timeout", "timeout"]);
    expect(results.slice(2).every((r) => r.status === "TIMEOUT" && r.cause?.kind === "budget"), "the rest were not run").toBe(true);
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

  it("rejects non-positive timeouts and run counts, and timeouts no timer can wait", () => {
    expect(() => resolveRunOptions({ timeoutMs: 0 }), "zero timeout").toThrow(RangeError);
    expect(() => resolveRunOptions({ numRuns: 0 }), "zero runs").toThrow(RangeError);
    expect(() => resolveRunOptions({ timeoutMs: 1e12 }), "beyond 2^31-1 ms").toThrow(RangeError);
    expect(resolveRunOptions({ timeoutMs: 100, timeoutMultiplier: 3 }).timeoutMs, "multiplier applies").toBe(300);
  });
});
