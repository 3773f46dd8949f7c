import { describe, expect, it } from "vitest";
import type { RunEvent, RunStartEvent, TestResultEvent } from "../events.ts";
import { summarize } from "../events.ts";
import { describeFailure } from "../vitest.ts";
import { implementationStack, rerunCommand, resultDetails, shellWord } from "./detail.ts";
import { createReporter } from "./index.ts";
import type { ReporterOptions } from "./index.ts";

const base = { type: "test", rule: "Bytes are read in order.", level: "core", durationMs: 1.2 } as const;
const stack = [
  "TypeError: Cannot read properties of undefined (reading 'count')",
  "    at Proxy.dup (/home/student/my-pipes.ts:12:30)",
  "    at #call (file:///x/node_modules/ipckit/dist/conformance/membrane.js:311:30)",
  "    at Object.body (file:///x/node_modules/ipckit/dist/conformance/pipe.js:917:29)",
].join("\n");
const results: TestResultEvent[] = [
  { ...base, clause: "PIPE-ORD-1", title: "bytes come back in order", key: "[PIPE-ORD-1] bytes come back in order", status: "PASS", notes: ["62 of 100 runs"] },
  {
    ...base, clause: "PIPE-EOF-1", title: "a dup keeps <EOF> & away", key: "[PIPE-EOF-1] a dup keeps <EOF> & away", status: "FAIL",
    cause: { kind: "assertion" }, message: "the pending read after close: expected still pending, got resolved with 0", expected: "still pending", actual: "resolved with 0",
  },
  {
    ...base, clause: "PIPE-BLK-1", title: "a read blocks", key: "[PIPE-BLK-1] a read blocks", status: "TIMEOUT",
    cause: { kind: "killed", ms: 3000 }, message: "killed: spun",
  },
  {
    ...base, clause: "PIPE-ORD-2", title: "no boundaries", key: "[PIPE-ORD-2] no boundaries", status: "UNRESOLVED",
    cause: { kind: "setup", clause: "PIPE-CAP-1", what: "a pipe filled to its capacity" }, message: "the setup did not hold: a pipe filled to its capacity",
    expected: "65536 bytes written", actual: "4096 bytes written",
  },
  {
    ...base, clause: "PIPE-LIFE-1", title: "dup crashes", key: "[PIPE-LIFE-1] dup crashes", status: "ERROR",
    cause: { kind: "crash", call: "dup", error: { name: "TypeError", message: "Cannot read properties of undefined (reading 'count')", stack } },
    message: "the implementation threw TypeError from dup(): Cannot read properties of undefined (reading 'count')",
  },
  { ...base, clause: "PIPE-CAP-2", title: "capacity rounds", key: "[PIPE-CAP-2] capacity rounds", status: "SKIPPED", cause: { kind: "unsupported", features: ["pipe.capacity"] }, message: "declined", durationMs: 0 },
  { ...base, clause: "PIPE-LIFE-3", title: "fork dups", key: "[PIPE-LIFE-3] fork dups", status: "NOT IMPLEMENTED", cause: { kind: "unsupported", features: ["process.fork"] }, message: "no fork", durationMs: 0 },
  { ...base, clause: "FIFO-BLK-1", title: "open waits", key: "[FIFO-BLK-1] open waits", status: "NOT IMPLEMENTED", cause: { kind: "unsupported", features: ["fifo"] }, message: "needs fifo", durationMs: 0 },
  { ...base, clause: "FIFO-BLK-2", title: "open waits too", key: "[FIFO-BLK-2] open waits too", status: "NOT IMPLEMENTED", cause: { kind: "unsupported", features: ["fifo"] }, message: "needs fifo", durationMs: 0 },
  { ...base, clause: "MQ-ORD-1", title: "priority order", key: "[MQ-ORD-1] priority order", status: "NOT IMPLEMENTED", cause: { kind: "enosys", call: "mqOpen" }, message: "ENOSYS from mqOpen" },
];
const start: RunStartEvent = { type: "start", implementation: "student #7", runtime: "node 20", seed: 99, total: results.length, timeoutMs: 2000, startedAt: "2026-01-01T00:00:00Z" };
const events: RunEvent[] = [start, ...results, summarize(results, 1234)];

const rerun: ReporterOptions["rerun"] = (result, begun) => rerunCommand(result.key, begun.seed, shellWord("./my adapter.ts"));

function render(format: string, options: ReporterOptions = {}, stream: readonly RunEvent[] = events): string {
  let out = "";
  const reporter = createReporter(format, (text) => { out += text; }, { rerun, ...options });
  for (const event of stream) reporter.event(event);
  return out;
}

describe("reporters", () => {
  it("summarise the worst status of each clause and whether the run is ok", () => {
    const end = summarize(results, 1);
    expect(end.ok, "a FAIL makes the run fail").toBe(false);
    expect(end.clauses["PIPE-EOF-1"]?.status, "clause status").toBe("FAIL");
    expect(end.counts, "counts").toEqual({ PASS: 1, FAIL: 1, UNRESOLVED: 1, TIMEOUT: 1, ERROR: 1, "NOT IMPLEMENTED": 4, SKIPPED: 1 });
  });

  it("json writes the event stream as one JSON object a line", () => {
    const lines = render("json").trim().split("\n").map((line) => JSON.parse(line) as RunEvent);
    expect(lines, "same events back").toEqual(events);
  });

  it("rerun is called with the result and the start event", () => {
    const seen: [string, number][] = [];
    render("pretty", { rerun: (result, begun) => (seen.push([result.key, begun.seed]), "x") });
    expect(seen.map(([key]) => key), "each test that did not pass, then the recap's").toContain("[PIPE-EOF-1] a dup keeps <EOF> & away");
    expect(seen.every(([, seed]) => seed === 99), "the run's seed").toBe(true);
  });
});

describe("the pretty report", () => {
  const out = render("pretty");

  it("tells a FAIL whole: rule, what was checked, expected, actual and the rerun of that one test", () => {
    expect(out, "rule").toContain("rule:     PIPE-EOF-1: Bytes are read in order.");
    expect(out, "what was checked").toContain("checked:  the pending read after close: expected still pending, got resolved with 0");
    expect(out, "expected").toContain("expected: still pending");
    expect(out, "actual").toContain("actual:   resolved with 0");
    expect(out, "rerun of the test, the module as typed, quoted").toContain('rerun:    npx ipckit test "./my adapter.ts" --grep "[PIPE-EOF-1] a dup keeps <EOF> & away" --seed 99');
  });

  it("names the clause an UNRESOLVED test's setup relied on", () => {
    expect(out, "relied-on clause").toMatch(/setup: +relied on PIPE-CAP-1 \(a pipe filled to its capacity\)/);
    expect(out, "setup's expected and actual").toContain("actual:   4096 bytes written");
  });

  it("shows an ERROR's stack down to the implementation's frames, not ipckit's", () => {
    expect(out, "the implementation's file and line").toContain("at Proxy.dup (/home/student/my-pipes.ts:12:30)");
    expect(out, "ipckit's frames cut").not.toContain("membrane.js");
  });

  it("shows the notes of a test that passed", () => {
    expect(out, "notes").toMatch(/PASS +\[PIPE-ORD-1\] bytes come back in order \(1 ms\): 62 of 100 runs/);
  });

  it("folds NOT IMPLEMENTED and SKIPPED tests into one line per mechanism, with the features they need", () => {
    expect(out, "no line per test not run").not.toContain("[FIFO-BLK-1]");
    expect(out, "fifo's line").toMatch(/^ {2}fifo +2 tests of 2 clauses not implemented \(need fifo\)$/m);
    expect(out, "pipe's line").toMatch(/^ {2}pipe +1 test of 1 clause skipped \(need pipe\.capacity\), 1 test of 1 clause not implemented \(need process\.fork\)$/m);
    expect(out, "ENOSYS folded with its call").toMatch(/^ {2}mq +1 test of 1 clause not implemented \(ENOSYS from mqOpen\)$/m);
  });

  it("names each feature a mechanism's folded tests need once", () => {
    const sem = (key: string, features: string[]): TestResultEvent => ({ ...base, clause: "SEM-ERR-1", title: key, key, status: "NOT IMPLEMENTED", durationMs: 0, cause: { kind: "unsupported", features } });
    const stream = [sem("a", ["sem"]), sem("b", ["sem", "sem.named"])];
    const text = render("pretty", {}, [{ ...start, total: 2 }, ...stream, summarize(stream, 1)]);
    expect(text, "union of the features").toMatch(/^ {2}sem +2 tests of 1 clause not implemented \(need sem, sem\.named\)$/m);
  });

  it("lists every test with --verbose", () => {
    const verbose = render("pretty", { verbose: true });
    expect(verbose, "each test").toContain("[FIFO-BLK-1] open waits");
    expect(verbose, "why").toContain("needs fifo");
    expect(verbose, "no folded section").not.toContain("Not checked");
  });

  it("ends with a recap of the failing clauses: ID, verdict, rule and one rerun line each", () => {
    const recap = out.slice(out.indexOf("Failing clauses"));
    expect(recap, "heading counts the failing clauses").toMatch(/^Failing clauses \(4\)/);
    expect(recap, "verdict").toMatch(/PIPE-EOF-1 +FAIL\n/);
    expect(recap, "rerun line").toContain('rerun: npx ipckit test "./my adapter.ts" --grep "[PIPE-EOF-1] a dup keeps <EOF> & away" --seed 99');
    expect(recap, "the relied-on clause of an UNRESOLVED").toContain("setup relied on PIPE-CAP-1");
    expect(recap.match(/rerun: /g)?.length, "one rerun per failing clause").toBe(4);
  });

  it("totals agree with each other and pluralise", () => {
    expect(out, "one count line").toContain("10 tests: 1 passed, 1 failed, 1 unresolved, 1 timed out, 1 error, 4 not implemented, 1 skipped in 1.23 s");
    expect(out, "verdict line").toContain("FAILED: 4 tests did not pass, in 4 clauses");
    const one = { ...results[1]!, key: "[PIPE-EOF-1] one", durationMs: 1 };
    const single = render("pretty", {}, [{ ...start, total: 1 }, one, summarize([one], 10)]);
    expect(single, "singular").toContain("1 test, seed 99");
    expect(single, "singular total").toContain("1 test: 1 failed in 0.01 s");
    expect(single, "singular verdict").toContain("FAILED: 1 test did not pass, in 1 clause");
  });

  it("prints the end's problem when no test applied", () => {
    const ruledOut = results.slice(6, 9);
    const quiet = render("pretty", {}, [{ ...start, total: 3 }, ...ruledOut, summarize(ruledOut, 5)]);
    expect(quiet, "problem").toMatch(/FAILED: no test applied/);
  });

  it("says OK with the number of clauses checked", () => {
    const passed = [results[0]!];
    expect(render("pretty", {}, [{ ...start, total: 1 }, ...passed, summarize(passed, 5)]), "ok").toContain("OK: every test that applied passed (1 clause checked)");
  });

  it("folds the tests the run's time limit left out, and says so in the verdict", () => {
    const left = { ...results[2]!, clause: "MQ-ORD-2", key: "[MQ-ORD-2] x", durationMs: 0, cause: { kind: "budget", detail: "not run: the run's time limit of 5 s was spent" }, message: "not run: the run's time limit of 5 s was spent" } as const;
    const stream = [results[0]!, left];
    const text = render("pretty", {}, [{ ...start, total: 2 }, ...stream, summarize(stream, 5)]);
    expect(text, "folded line").toMatch(/^ {2}mq +1 test of 1 clause timed out, not run \(the run's time limit of 5 s was spent\)$/m);
    expect(text, "not told test by test").not.toContain("[MQ-ORD-2] x");
    expect(text, "verdict").toContain("FAILED: 1 test did not pass (1 of them not run in time), in 1 clause");
  });
});

describe("the shared failure formatter", () => {
  it("serves the vitest helper too", () => {
    const text = describeFailure(results[3]!, 5);
    expect(text, "relied-on clause").toContain("relied on PIPE-CAP-1");
    expect(text, "rerun with npx").toContain('npx ipckit test ./my-adapter.ts --grep "[PIPE-ORD-2] no boundaries" --seed 5');
    const error = describeFailure(results[4]!, 5);
    expect(error, "stack").toContain("/home/student/my-pipes.ts:12:30");
  });

  it("keeps the stack whole when the membrane is not in it", () => {
    expect(implementationStack("E: x\n    at f (a.ts:1:1)\n    at g (b.ts:2:2)"), "whole").toEqual(["E: x", "    at f (a.ts:1:1)", "    at g (b.ts:2:2)"]);
  });

  it("explains nothing for a plain PASS and only the reason for a test not run", () => {
    expect(resultDetails({ ...results[0]!, notes: undefined }), "PASS").toEqual([]);
    expect(resultDetails(results[6]!).map((l) => l.label), "NOT IMPLEMENTED").toEqual(["why"]);
  });

  it("quotes shell words only when needed", () => {
    expect(shellWord("submissions/a-1/adapter.ts"), "plain path").toBe("submissions/a-1/adapter.ts");
    expect(shellWord("it's $HOME"), "quoted").toBe('"it\'s \\$HOME"');
    expect(rerunCommand('[MQ-ERR-2] a name that is "." fails', 1), "quotes in the key").toBe('npx ipckit test --grep "[MQ-ERR-2] a name that is \\".\\" fails" --seed 1');
  });
});

describe("tap", () => {
  const out = render("tap");

  it("writes a plan, not ok for failures and SKIP for tests not run", () => {
    expect(out.split("\n").slice(0, 2), "header and plan").toEqual(["TAP version 13", "1..10"]);
    expect(out, "failure").toContain("not ok 2 - [PIPE-EOF-1]");
    expect(out, "skip").toContain("ok 7 - [PIPE-LIFE-3] fork dups # SKIP not implemented: no fork");
  });

  it("carries status, cause kind, the relied-on clause, stack and notes", () => {
    expect(out, "status").toContain("  status: UNRESOLVED\n");
    expect(out, "cause").toContain("  cause: setup\n");
    expect(out, "relied-on clause").toContain('  relied_on: "PIPE-CAP-1"\n');
    expect(out, "stack").toContain("my-pipes.ts:12:30");
    expect(out, "notes of a pass").toContain("ok 1 - [PIPE-ORD-1] bytes come back in order\n# 62 of 100 runs\n");
    expect(out, "totals").toContain("# not implemented 4\n# skipped 1\n");
  });
});

describe("junit", () => {
  const out = render("junit");

  it("writes escaped XML with failures, errors and skips", () => {
    expect(out, "escaped name").toContain("a dup keeps &lt;EOF&gt; &amp; away");
    expect(out, "PIPE suite counts: FAIL and UNRESOLVED are failures").toContain('<testsuite name="PIPE" tests="7" failures="2" errors="2" skipped="2">');
    expect(out, "timeout as error").toContain('<error message="killed: spun" type="TIMEOUT">');
    expect(out.match(/<testcase /g)?.length, "one testcase per test").toBe(10);
  });

  it("carries status, cause kind, the relied-on clause, stack and notes", () => {
    expect(out, "properties of an UNRESOLVED").toContain('<property name="status" value="UNRESOLVED"/><property name="cause" value="setup"/><property name="relied-on" value="PIPE-CAP-1"/>');
    expect(out, "relied on in the body").toContain("relied on: PIPE-CAP-1 (a pipe filled to its capacity)");
    expect(out, "stack").toContain("stack: TypeError: Cannot read properties of undefined (reading &apos;count&apos;)".replaceAll("&apos;", "'"));
    expect(out, "notes of a pass").toContain("<system-out>notes: 62 of 100 runs</system-out>");
  });
});

it("rejects an unknown format", () => {
  expect(() => createReporter("xml", () => {}), "unknown reporter").toThrow(RangeError);
});
