// The ipckit command end to end, as a user runs it: the built CLI (dist/,
// made by `npm run build`, which `npm test` runs first) in a child process.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunEndEvent, RunEvent, TestResultEvent } from "../conformance/events.ts";

const root = new URL("..", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "ipckit-cli-"));

function ipckit(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["bin/ipckit.js", ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function events(file: string): { tests: TestResultEvent[]; end: RunEndEvent } {
  const all = readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line) as RunEvent);
  const end = all.at(-1);
  if (end?.type !== "end") throw new Error(`the report ${file} does not end with an end event`);
  return { tests: all.filter((e): e is TestResultEvent => e.type === "test"), end };
}

const statusOf = (tests: TestResultEvent[], clause: string): string[] => tests.filter((t) => t.clause === clause).map((t) => t.status);

describe("ipckit test", () => {
  it("passes every selected clause of the reference and exits 0", () => {
    const report = join(out, "reference.ndjson");
    const run = ipckit("test", "--clause", "PIPE-EOF,PIPE-ATOM", "--reporter", `json:${report}`, "--no-color");
    expect(run.status, `exit status (stderr: ${run.stderr})`).toBe(0);
    const { tests, end } = events(report);
    expect(tests.length, "some tests ran").toBeGreaterThan(5);
    expect(tests.filter((t) => t.status !== "PASS"), "no test other than PASS").toEqual([]);
    expect(end.ok, "run ok").toBe(true);
    expect(run.stdout, "pretty report on stdout").toMatch(/OK: every test run passed/);
  });

  it("passes the from-scratch example, skipping the capacity extension it declines", () => {
    const report = join(out, "scratch.ndjson");
    const run = ipckit("test", "examples/from-scratch-pipe.ts", "--clause", "PIPE", "--reporter", `json:${report}`, "--num-runs", "30");
    expect(run.status, `exit status (stderr: ${run.stderr})`).toBe(0);
    const { tests } = events(report);
    // The pipe clauses about signals (EINTR, SIGPIPE) need the signal feature the example does not provide.
    const signalClauses = new Set(["PIPE-BLK-7", "PIPE-BLK-8", "PIPE-ERR-8", "PIPE-ERR-9"]);
    const notImplemented = tests.filter((t) => t.status === "NOT IMPLEMENTED");
    expect(notImplemented.length, "NOT IMPLEMENTED tests (the signal clauses)").toBeGreaterThan(0);
    expect(notImplemented.filter((t) => !signalClauses.has(t.clause)).map((t) => t.key), "NOT IMPLEMENTED outside the signal clauses").toEqual([]);
    expect(tests.filter((t) => !["PASS", "SKIPPED", "NOT IMPLEMENTED"].includes(t.status)).map((t) => t.key), "nothing but PASS, SKIPPED and NOT IMPLEMENTED").toEqual([]);
    expect(statusOf(tests, "PIPE-CAP-2").every((s) => s === "SKIPPED"), "declined optional clause SKIPPED").toBe(true);
  });

  it("reports the mechanisms an implementation does not provide as NOT IMPLEMENTED, not as failures", () => {
    const report = join(out, "scratch-fifo.ndjson");
    const run = ipckit("test", "examples/from-scratch-pipe.ts", "--clause", "PIPE-EOF-1,FIFO-BLK-1", "--reporter", `json:${report}`);
    expect(run.status, `exit status (stderr: ${run.stderr})`).toBe(0);
    const { tests } = events(report);
    expect(statusOf(tests, "FIFO-BLK-1").every((s) => s === "NOT IMPLEMENTED"), "FIFO tests NOT IMPLEMENTED").toBe(true);
    expect(statusOf(tests, "PIPE-EOF-1").every((s) => s === "PASS"), "pipe tests PASS").toBe(true);
  });

  it("names the clauses a broken implementation breaks and exits 1", () => {
    const report = join(out, "broken.ndjson");
    const run = ipckit("test", "examples/broken-pipe.ts", "--clause", "PIPE-EOF-1,PIPE-NB-2,PIPE-ERR-6,PIPE-BLK-1", "--reporter", `json:${report}`, "--seed", "1");
    expect(run.status, "exit status").toBe(1);
    const { tests, end } = events(report);
    for (const clause of ["PIPE-EOF-1", "PIPE-NB-2", "PIPE-ERR-6"]) {
      expect(end.clauses[clause]?.status, `clause ${clause} reported as failing`).toBe("FAIL");
    }
    expect(statusOf(tests, "PIPE-BLK-1").every((s) => s === "PASS"), "unbroken clause still PASS").toBe(true);
    const failure = tests.find((t) => t.clause === "PIPE-EOF-1" && t.status === "FAIL");
    expect(failure?.expected, "the failure says what was expected").toBeTruthy();
    expect(run.stdout, "the pretty report shows how to rerun the clause").toContain("--clause PIPE-EOF-1 --seed 1");
  });

  it("reports a spinning method as TIMEOUT, kills its worker and finishes the run", () => {
    const report = join(out, "spin.ndjson");
    const run = ipckit("test", "examples/spinning-pipe.ts", "--clause", "PIPE-NB-1,PIPE-EOF-2", "--timeout", "300", "--reporter", `json:${report}`);
    expect(run.status, "exit status").toBe(1);
    const { tests, end } = events(report);
    expect(statusOf(tests, "PIPE-NB-1").every((s) => s === "TIMEOUT"), "tryRead on an empty pipe spins: TIMEOUT").toBe(true);
    expect(tests.some((t) => t.status === "PASS"), "tests after the killed ones still ran and passed").toBe(true);
    expect(end.counts.TIMEOUT, "timeouts counted").toBeGreaterThan(0);
  });

  it("reports process.exit, a thrown string and an unhandled rejection as ERROR, and goes on", () => {
    // Each fixture breaks one method; the second clause's tests run later and never call it.
    const cases = [
      ["exits", "PIPE-CAP-1", "PIPE-LIFE-1"],
      ["throws-string", "PIPE-EOF-1", "PIPE-CAP-5"],
      ["unhandled", "PIPE-CAP-1", "PIPE-LIFE-1"],
    ] as const;
    for (const [fixture, broken, healthy] of cases) {
      const report = join(out, `${fixture}.ndjson`);
      const run = ipckit("test", `test/fixtures/${fixture}.ts`, "--clause", `${broken},${healthy}`, "--reporter", `json:${report}`);
      expect(run.status, `${fixture}: exit status`).toBe(1);
      const { tests } = events(report);
      expect(statusOf(tests, broken), `${fixture}: ${broken} is ERROR`).toContain("ERROR");
      const after = statusOf(tests, healthy);
      expect(after.length > 0 && after.every((s) => s === "PASS"), `${fixture}: the tests that follow still pass`).toBe(true);
    }
  });

  it("exits 2 with the reason once on stderr, and no test results, when the module has no adapter or never finishes loading", () => {
    const missing = ipckit("test", "test/fixtures/not-an-adapter.ts", "--clause", "PIPE-EOF-1", "--reporter", "json");
    expect(missing.status, "module without adapter").toBe(2);
    expect(missing.stdout, "no test reported").not.toContain('"type":"test"');
    expect(missing.stderr.trim().split("\n").length, `one line on stderr: ${missing.stderr}`).toBe(1);
    expect(missing.stderr, "the reason").toMatch(/not an adapter/);
    const spinning = ipckit("test", "test/fixtures/spins-on-load.ts", "--clause", "PIPE-EOF-1", "--timeout-multiplier", "0.05");
    expect(spinning.status, "module that spins while loading").toBe(2);
  });

  it("writes JUnit and TAP reports next to the pretty one", () => {
    const junit = join(out, "r.xml");
    const tap = join(out, "r.tap");
    const run = ipckit("test", "--clause", "PIPE-ERR-3", "--reporter", `junit:${junit}`, "--reporter", `tap:${tap}`);
    expect(run.status, "exit status").toBe(0);
    expect(readFileSync(junit, "utf8"), "JUnit document").toMatch(/^<\?xml[\s\S]*<testsuite name="PIPE"[\s\S]*<\/testsuites>\n$/);
    expect(readFileSync(tap, "utf8"), "TAP plan").toMatch(/^TAP version 13\n1\.\.\d+\n/);
    expect(run.stdout, "pretty on stdout").toContain("[PIPE-ERR-3]");
  });

  it("exits 2 for usage errors and for a selection that matches nothing", () => {
    expect(ipckit("test", "--reporter", "xml").status, "unknown reporter").toBe(2);
    expect(ipckit("test", "--clause", "NOPE-X-1").status, "empty selection").toBe(2);
  });
});

describe("ipckit clauses, bench, version", () => {
  it("lists the registry as JSON", () => {
    const run = ipckit("clauses", "--mechanism", "pipe", "--format", "json");
    const clauses = JSON.parse(run.stdout) as { id: string }[];
    expect(clauses.map((c) => c.id), "pipe clauses listed").toContain("PIPE-EOF-1");
  });

  it("rejects bench options that do not exist, with the usage (cli/bench.test.ts runs bench itself)", () => {
    const run = ipckit("bench", "--mechanism", "sockets");
    expect(run.status, "exit status").toBe(2);
    expect(run.stderr, "says why").toContain('no benchmarks for "sockets"');
  });

  it("prints the version from package.json", () => {
    expect(ipckit("--version").stdout.trim(), "version line").toMatch(/^ipckit \d+\.\d+\.\d+$/);
  });
});
