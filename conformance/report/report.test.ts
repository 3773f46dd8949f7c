import { describe, expect, it } from "vitest";
import type { RunEvent, TestResultEvent } from "../events.ts";
import { summarize } from "../events.ts";
import { createReporter } from "./index.ts";

const base = { type: "test", rule: "Bytes are read in order.", level: "core", durationMs: 1.2 } as const;
const results: TestResultEvent[] = [
  { ...base, clause: "PIPE-ORD-1", title: "bytes come back in order", key: "[PIPE-ORD-1] bytes come back in order", status: "PASS" },
  { ...base, clause: "PIPE-EOF-1", title: "a dup keeps <EOF> & away", key: "[PIPE-EOF-1] a dup keeps <EOF> & away", status: "FAIL", message: "m", expected: "still pending", actual: "resolved with 0" },
  { ...base, clause: "PIPE-BLK-1", title: "a read blocks", key: "[PIPE-BLK-1] a read blocks", status: "TIMEOUT", message: "killed: spun" },
  { ...base, clause: "PIPE-CAP-2", title: "capacity rounds", key: "[PIPE-CAP-2] capacity rounds", status: "SKIPPED", message: "declined" },
  { ...base, clause: "PIPE-LIFE-3", title: "fork dups", key: "[PIPE-LIFE-3] fork dups", status: "NOT IMPLEMENTED", message: "no fork" },
];
const events: RunEvent[] = [
  { type: "start", implementation: "student #7", runtime: "node 20", seed: 99, total: results.length, timeoutMs: 2000, startedAt: "2026-01-01T00:00:00Z" },
  ...results,
  summarize(results, 1234),
];

function render(format: string): string {
  let out = "";
  const reporter = createReporter(format, (text) => { out += text; }, { rerun: (clause, seed) => `ipckit test x.ts --clause ${clause} --seed ${seed}` });
  for (const event of events) reporter.event(event);
  return out;
}

describe("reporters", () => {
  it("summarise the worst status of each clause and whether the run is ok", () => {
    const end = summarize(results, 1);
    expect(end.ok, "a FAIL makes the run fail").toBe(false);
    expect(end.clauses["PIPE-EOF-1"]?.status, "clause status").toBe("FAIL");
    expect(end.counts, "counts").toEqual({ PASS: 1, FAIL: 1, UNRESOLVED: 0, TIMEOUT: 1, ERROR: 0, "NOT IMPLEMENTED": 1, SKIPPED: 1 });
  });

  it("json writes the event stream as one JSON object a line", () => {
    const lines = render("json").trim().split("\n").map((line) => JSON.parse(line) as RunEvent);
    expect(lines, "same events back").toEqual(events);
  });

  it("pretty shows each failure with its clause, expected, actual and rerun command, then a line per clause", () => {
    const out = render("pretty");
    expect(out, "failure detail").toContain("expected: still pending");
    expect(out, "actual").toContain("actual:   resolved with 0");
    expect(out, "rerun").toContain("ipckit test x.ts --clause PIPE-EOF-1 --seed 99");
    expect(out, "by-clause line").toMatch(/FAIL\s+PIPE-EOF-1\s+core/);
    expect(out, "closing verdict").toContain("FAILED: 2 tests did not pass");
  });

  it("tap writes a plan, not ok for failures and SKIP for unsupported tests", () => {
    const out = render("tap");
    expect(out.split("\n").slice(0, 2), "header and plan").toEqual(["TAP version 13", "1..5"]);
    expect(out, "failure").toContain("not ok 2 - [PIPE-EOF-1]");
    expect(out, "skip").toContain("ok 5 - [PIPE-LIFE-3] fork dups # SKIP not implemented: no fork");
  });

  it("junit writes escaped XML with failures, errors and skips", () => {
    const out = render("junit");
    expect(out, "escaped name").toContain("a dup keeps &lt;EOF&gt; &amp; away");
    expect(out, "suite counts").toContain('tests="5" failures="1" errors="1" skipped="2"');
    expect(out, "timeout as error").toContain('<error message="killed: spun" type="TIMEOUT">');
    expect(out.match(/<testcase /g)?.length, "one testcase per test").toBe(5);
  });

  it("rejects an unknown format", () => {
    expect(() => createReporter("xml", () => {}), "unknown reporter").toThrow(RangeError);
  });
});
