// ipckit grade against submissions that try to fool or break it
// (test/fixtures/grade-hostile/, whose README says what each does): each
// must score exactly what it implements, and the grader must survive them
// all and write every report. The built grader runs in a child process, as
// an instructor runs it.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
// writes-results aims at this folder by name.
const out = "/tmp/ipckit-grade-hostile-out";
const fixtures = join(root, "test/fixtures/grade-hostile");

interface Results {
  score: number;
  max_score: number;
  output: string;
  extra_data: { ipckit: { counts: Record<string, number>; notes?: string[]; stopped?: string } };
  tests: { number: string; score: number; status: string; output: string }[];
}

const results = (student: string): Results => JSON.parse(readFileSync(join(out, student, "results.json"), "utf8")) as Results;
const outputs = (student: string): string => results(student).tests.map((t) => t.output).join("\n");
/** Every process: pid, parent pid, command line. */
function processes(): { pid: string; ppid: string; args: string }[] {
  return execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" })
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: m[1]!, ppid: m[2]!, args: m[3]! }));
}

describe("ipckit grade against hostile submissions", () => {
  let run: { status: number | null; stdout: string; stderr: string };
  let seconds = 0;
  beforeAll(() => {
    rmSync(out, { recursive: true, force: true });
    const config = join(mkdtempSync(join(tmpdir(), "ipckit-grade-hostile-")), "config.json");
    writeFileSync(config, JSON.stringify({ features: ["pipe"], clauses: ["PIPE-EOF", "PIPE-NB"], timeoutMs: 3000, budgetSeconds: 40, memoryMb: 256, loadTimeoutMs: 3000 }));
    const started = performance.now();
    const result = spawnSync(process.execPath, ["dist/cli/grade/bin.js", fixtures, "--config", config, "--out", out, "-j", "2"], { cwd: root, encoding: "utf8", timeout: 300_000 });
    seconds = (performance.now() - started) / 1000;
    run = { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }, 300_000);

  it("survives them all, grades each and writes every report", () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const csv = readFileSync(join(out, "summary.csv"), "utf8");
    expect(csv.startsWith("student,score,max_score,problem,")).toBe(true);
    expect(csv.trim().split("\n").length).toBe(1 + 10);
    expect(seconds, "the whole corpus, spinning and hanging included, in bounded time").toBeLessThan(120);
  });

  it("ignores forged results on stdout, stderr and the report channel", () => {
    const r = results("forged-output");
    expect(r.score).toBe(0);
    expect(r.extra_data.ipckit.counts["NOT IMPLEMENTED"]).toBe(20);
    expect(r.extra_data.ipckit.notes?.some((n) => /lines? on the report channel answered no request/.test(n))).toBe(true);
  });

  it("refuses a submission's writes to its folder, its prepared copy and the output folder", () => {
    expect(existsSync(join(fixtures, "writes-results", "results.json"))).toBe(false);
    const r = results("writes-results");
    expect(r.score).toBe(r.max_score);
    expect(r.output).not.toContain("forged");
    expect(r.extra_data.ipckit).toBeDefined();
  });

  it("stops a spinning submission: three tests killed, the rest not run", () => {
    const r = results("spins");
    expect(r.score).toBe(0);
    expect(r.extra_data.ipckit.counts["TIMEOUT"]).toBe(20);
    expect(outputs("spins").match(/did not return control within/g)?.length).toBe(3);
    expect(outputs("spins")).toContain("pipe tests timed out 3 times in a row");
  });

  it("caps memory: heap and array buffers alike end as ERROR out of memory for the submission", () => {
    for (const student of ["allocates", "allocates-buffers"]) {
      const r = results(student);
      expect(r.score, student).toBe(0);
      // Filling a heap to its cap takes V8 a few seconds of collections; on a
      // loaded machine the first test may be stopped as TIMEOUT before the
      // cap is reached, and the next reaches it.
      const { ERROR = 0, TIMEOUT = 0 } = r.extra_data.ipckit.counts;
      expect(ERROR + TIMEOUT, student).toBe(20);
      expect(TIMEOUT, student).toBeLessThanOrEqual(1);
      expect(outputs(student), student).toContain("the submission ran out of memory during the test (cap 256 MiB)");
      expect(outputs(student), student).toContain("not run: the submission ran out of memory");
    }
  });

  it("writes the report of a submission that exits or kills itself; what remains is ERROR", () => {
    for (const [student, how] of [
      ["exits", "exited with status 3"],
      ["kills-itself", "was killed by SIGKILL"],
    ] as const) {
      const r = results(student);
      expect(r.score, student).toBe(0);
      expect(r.extra_data.ipckit.counts["ERROR"], student).toBe(20);
      expect(outputs(student), student).toContain(`the submission's process ${how} during the test`);
      expect(outputs(student), student).toContain("ended during 3 tests in a row");
    }
  });

  it("is out of reach of a submission that signals its parent", () => {
    const r = results("kills-parent");
    expect(r.score).toBe(r.max_score);
  });

  it("gives up on a submission that never finishes loading", () => {
    const r = results("never-loads");
    expect(r.score).toBe(0);
    expect(r.output).toContain("could not be graded: the submission could not be loaded: loading the submission took longer than 3000 ms");
  });

  it("leaves no process behind: starting one is refused, and each submission's process group is killed", () => {
    expect(results("spawns-child").score).toBe(results("spawns-child").max_score);
    const all = processes();
    expect(all.filter((p) => p.args.includes("ipckit-hostile-survivor"))).toEqual([]);
    // A submission's process whose shell is gone would be an orphan left by
    // this run (other graders running now keep theirs under their shell).
    const byPid = new Map(all.map((p) => [p.pid, p]));
    const orphans = all.filter((p) => p.args.includes("cli/grade/child.js") && !p.args.startsWith("/bin/sh") && !(byPid.get(p.ppid)?.args.includes("ipckit-grade") ?? false));
    expect(orphans).toEqual([]);
  });
});
