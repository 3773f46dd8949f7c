// ipckit grade end to end on the worked example class (examples/class/), as an
// instructor runs it: the built grader (dist/, made by `npm run build`, which
// `npm test` runs first) in a child process, each submission in child
// processes of its own. The scores are checked exactly.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "ipckit-grade-class-"));
const config = join(root, "examples/class/grade.config.json");
const expected = JSON.parse(readFileSync(join(root, "examples/class/expected-scores.json"), "utf8")) as Record<string, number>;

function grade(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["dist/cli/grade/bin.js", ...args], { cwd: root, encoding: "utf8", timeout: 300_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Results {
  score: number;
  max_score: number;
  execution_time: number;
  output: string;
  extra_data: { ipckit: { seed: number; student: string } };
  tests: { number: string; score: number; max_score: number; status: string; visibility: string; output: string }[];
}

const results = (dir: string, student: string): Results => JSON.parse(readFileSync(join(dir, student, "results.json"), "utf8")) as Results;
const clause = (r: Results, id: string) => r.tests.find((t) => t.number === id)!;
/** The results file without its one timing field. */
const untimed = (text: string): string => text.replace(/\n {2}"execution_time": [\d.]+,/, "");

describe("ipckit grade on the example class", () => {
  let run: ReturnType<typeof grade>;
  beforeAll(() => {
    run = grade("examples/class/submissions", "--config", config, "--out", join(out, "class"), "-j", "2");
  }, 300_000);

  it("grades every submission and scores each exactly as expected", () => {
    expect(run.status, run.stderr).toBe(0);
    const scores = Object.fromEntries(Object.keys(expected).map((student) => [student, results(join(out, "class"), student).score]));
    expect(scores).toEqual(expected);
    for (const student of Object.keys(expected)) {
      const r = results(join(out, "class"), student);
      expect(r.max_score).toBe(103);
      expect(r.extra_data.ipckit.seed).toBe(4242);
      expect(r.tests.length).toBe(82);
    }
  });

  it("says what each student got wrong, with the clause, the rule, expected, actual and a rerun command", () => {
    const carol = results(join(out, "class"), "carol");
    const err1 = clause(carol, "PIPE-ERR-1");
    expect(err1.status).toBe("failed");
    expect(err1.output).toContain("expected: error EPIPE");
    expect(err1.output).toContain("actual:   error EBADF");
    expect(err1.output).toMatch(/rerun: npx ipckit test \.\/adapter\.ts --grep "\[PIPE-ERR-1\] [^"]+" --seed 4242 --num-runs 25/);
    const feedback = readFileSync(join(out, "class", "carol", "feedback.md"), "utf8");
    expect(feedback).toContain("### PIPE-ERR-1: 0 of 1 point");
    expect(feedback).toContain("Rule: A write of one or more bytes when no read end is open fails with EPIPE and writes nothing.");

    const dave = results(join(out, "class"), "dave");
    expect(clause(dave, "MQ-NB-1").status).toBe("failed");
    expect(dave.tests.map((t) => t.output).join("\n")).toMatch(/tryReceive[^\n]*\n  the implementation did not return control within \d+ ms/);
    expect(readFileSync(join(out, "class", "dave", "feedback.md"), "utf8")).toContain("mq tests had to be stopped 3 times (a synchronous loop?), so the rest of them were not run");
    const bob = results(join(out, "class"), "bob");
    expect(bob.tests.filter((t) => t.number.startsWith("MQ")).every((t) => t.score === 0 && t.output.includes("NOT IMPLEMENTED"))).toBe(true);
    expect(bob.tests.filter((t) => t.number.startsWith("PIPE")).every((t) => t.status === "passed")).toBe(true);
    const erin = results(join(out, "class"), "erin");
    expect(clause(erin, "PIPE-BLK-1").output).toContain("NOT IMPLEMENTED");
    expect(erin.tests.some((t) => t.score > 0 && t.score < t.max_score), "proportional credit").toBe(true);
  });

  it("hides the hidden clauses until after the due date, and keeps them out of the feedback page", () => {
    const alice = results(join(out, "class"), "alice");
    expect(alice.tests.filter((t) => t.visibility !== "visible").map((t) => [t.number, t.visibility])).toEqual([
      ["PIPE-ATOM-2", "after_due_date"],
      ["MQ-TMO-1", "after_due_date"],
      ["MQ-TMO-2", "after_due_date"],
      ["MQ-TMO-3", "after_due_date"],
    ]);
    const dave = readFileSync(join(out, "class", "dave", "feedback.md"), "utf8");
    expect(dave).not.toContain("MQ-TMO");
    expect(dave).toContain("4 clauses worth 6 points are graded too and shown after the due date.");
  });

  it("writes the class summary: one row per student, one column per clause, and the pass rates", () => {
    const csv = readFileSync(join(out, "class", "summary.csv"), "utf8").trim().split("\n");
    expect(csv.length).toBe(6);
    expect(csv[0]!.split(",").length).toBe(4 + 82);
    expect(csv.slice(1).map((row) => row.split(",").slice(0, 2).join(","))).toEqual(Object.entries(expected).map(([s, score]) => `${s},${score}`));
    const html = readFileSync(join(out, "class", "summary.html"), "utf8");
    expect(html).toContain("Lab 3: pipes and POSIX message queues");
    expect(html).toContain("Seed 4242");
    expect(html).toMatch(/<td>MQ-[A-Z]+-\d+<\/td>.*?40%/);
  });

  it("gives byte-identical results for identical inputs, whatever the parallelism (the timing field aside)", () => {
    const again = grade(join("examples/class/submissions/{carol,erin}/adapter.ts"), "--config", config, "--out", join(out, "again"), "-j", "1");
    expect(again.status, again.stderr).toBe(0);
    for (const student of ["carol", "erin"]) {
      const first = readFileSync(join(out, "class", student, "results.json"), "utf8");
      const second = readFileSync(join(out, "again", student, "results.json"), "utf8");
      expect(untimed(second)).toBe(untimed(first));
      expect(readFileSync(join(out, "again", student, "feedback.md"), "utf8")).toBe(readFileSync(join(out, "class", student, "feedback.md"), "utf8"));
    }
  }, 300_000);

  it("grades one submission inside a Gradescope container the same way", () => {
    const autograder = join(out, "autograder");
    mkdirSync(join(autograder, "source"), { recursive: true });
    copyFileSync(config, join(autograder, "source", "ipckit-grade.json"));
    symlinkSync(join(root, "examples/class/submissions/bob"), join(autograder, "submission"));
    const container = grade("--gradescope", "--autograder-root", autograder);
    expect(container.status, container.stderr).toBe(0);
    const inside = readFileSync(join(autograder, "results", "results.json"), "utf8");
    const outside = readFileSync(join(out, "class", "bob", "results.json"), "utf8");
    expect(untimed(inside).replace('"student": "submission"', '"student": "bob"')).toBe(untimed(outside));
  }, 300_000);
});
