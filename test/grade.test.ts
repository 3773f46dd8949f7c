// ipckit grade's pure parts (configuration, plan, scoring, Gradescope results,
// feedback, summary, the published JSON Schema) and the command's own logic
// with a fake runner: nothing here starts a submission (test/grade-class and
// test/grade-hostile do, through the built CLI).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Status, TestResultEvent } from "../conformance/events.ts";
import { CONFIG_FIELDS, GradeConfigError, expandFeatures, resolveGradeConfig } from "../conformance/grade/config.ts";
import { feedbackMarkdown } from "../conformance/grade/feedback.ts";
import { formatResults, gradescopeResults } from "../conformance/grade/gradescope.ts";
import { planGrade } from "../conformance/grade/plan.ts";
import type { GradePlan } from "../conformance/grade/plan.ts";
import type { Submission, SubmissionRun, SubmissionRunner } from "../conformance/grade/runner.ts";
import { rerunCommand, scoreSubmission } from "../conformance/grade/score.ts";
import { clauseStandings, csvField, summaryCsv, summaryHtml } from "../conformance/grade/summary.ts";
import { allTests } from "../conformance/suite.ts";
import { featureNames } from "../spec/features.ts";
import { CLAUSES } from "../spec/registry.ts";
import { runGradeCommand } from "../cli/grade/index.ts";
import { githubClassroomWorkflow, gradescopeBundle, starterConfig } from "../cli/grade/init.ts";
import { expandGlob, findEntry, findSubmissions, SubmissionsError } from "../cli/grade/submissions.ts";

const root = new URL("..", import.meta.url).pathname;

function problemsOf(value: unknown): readonly string[] {
  try {
    resolveGradeConfig(value, "test.json");
  } catch (error) {
    if (error instanceof GradeConfigError) return error.problems;
    throw error;
  }
  return [];
}

/** A plan over a few real clauses, one test each unless told. */
function smallPlan(config: unknown, ids: readonly string[] = ["PIPE-EOF-1", "PIPE-EOF-2", "PIPE-NB-1"]): GradePlan {
  const tests = allTests().filter((t) => ids.includes(t.clause));
  return planGrade(resolveGradeConfig(config), tests, CLAUSES);
}

function result(plan: GradePlan, key: string, status: Status, extra: Partial<TestResultEvent> = {}): TestResultEvent {
  const test = plan.tests.find((t) => t.key === key)!;
  const clause = plan.clauses.find((c) => c.id === test.clause)!;
  return { type: "test", clause: test.clause, rule: clause.rule, level: clause.level, title: test.title, key, status, durationMs: 1, ...extra };
}

const ann: Submission = { student: "ann", entry: "/nowhere/ann/adapter.ts", entryName: "adapter.ts" };
const run = (events: TestResultEvent[], extra: Partial<SubmissionRun> = {}): SubmissionRun => ({ events, durationMs: 1234, notes: [], ...extra });

describe("grading configuration", () => {
  it("fills every default when there is none: every clause, one point each, nothing hidden", () => {
    const config = resolveGradeConfig(undefined);
    expect(config.features).toEqual(featureNames());
    expect(config.points.default).toBe(1);
    expect(config.hidden).toEqual([]);
    const plan = planGrade(config, allTests(), CLAUSES);
    expect(plan.clauses.length, "every clause of the registry counts").toBe(CLAUSES.length);
    expect(plan.maxScore).toBe(CLAUSES.length);
    expect(plan.tests.length).toBe(allTests().length);
  });

  it("lists every problem with the field, and a did-you-mean for near misses", () => {
    const problems = problemsOf({
      feature: ["pipe"],
      features: ["pipes"],
      clauses: ["PIPE-EOF-99"],
      points: { clauses: { "PIPE-ATOM": -1 }, level: {} },
      partialCredit: "some",
      seed: 1.5,
      hidden: "PIPE",
      hiddenVisibility: "later",
      memoryMb: 64,
      entry: "../adapter.ts",
    });
    expect(problems).toContain('unknown field "feature" (did you mean "features"?)');
    expect(problems).toContain('features[0]: unknown feature "pipes" (did you mean "pipe"?)');
    expect(problems).toContain('clauses[0]: no clause has the ID or prefix "PIPE-EOF-99" (did you mean "PIPE-EOF-1"?)');
    expect(problems).toContain('points: unknown field "level" (did you mean "levels"?)');
    expect(problems.some((p) => p.startsWith('points.clauses["PIPE-ATOM"] must be a number of points'))).toBe(true);
    expect(problems.some((p) => p.startsWith("partialCredit must be"))).toBe(true);
    expect(problems.some((p) => p.startsWith("seed must be a whole number"))).toBe(true);
    expect(problems).toContain("hidden must be a list of clause IDs or prefixes");
    expect(problems.some((p) => p.startsWith("hiddenVisibility must be one of"))).toBe(true);
    expect(problems.some((p) => p.startsWith("memoryMb must be"))).toBe(true);
    expect(problems.some((p) => p.startsWith("entry must be"))).toBe(true);
    expect(problems.length).toBe(11);
    expect(() => resolveGradeConfig([1], "x.json")).toThrow(/x\.json: the configuration must be a JSON object/);
  });

  it("asks for a mechanism's parts that are not optional, the process operations always, optional parts only by name", () => {
    const asked = expandFeatures(["pipe", "mq"]);
    expect(asked).toEqual(["pipe", "mq", "mq.notify", "process", "process.fork", "process.exit", "process.umask"]);
    expect(expandFeatures(["pipe.capacity"])).toContain("pipe");
    expect(expandFeatures(["pipe.capacity"])).toContain("pipe.capacity");
  });
});

describe("the plan", () => {
  it("runs only the tests of covered clauses whose features the assignment asks for", () => {
    const plan = planGrade(resolveGradeConfig({ features: ["pipe"] }), allTests(), CLAUSES);
    expect(plan.tests.every((t) => t.requires.every((f) => f === "pipe" || f.startsWith("process")))).toBe(true);
    // PIPE-ERR-4 has tests that need the capacity extension; the others count.
    const err4 = plan.clauses.find((c) => c.id === "PIPE-ERR-4");
    const all4 = allTests().filter((t) => t.clause === "PIPE-ERR-4");
    expect(err4 !== undefined && err4.tests.length > 0 && err4.tests.length < all4.length).toBe(true);
    // A clause all of whose tests need what is not asked for is not counted.
    expect(plan.clauses.some((c) => c.id === "PIPE-CAP-2")).toBe(false);
    expect(planGrade(resolveGradeConfig({ features: ["pipe", "pipe.capacity"] }), allTests(), CLAUSES).clauses.some((c) => c.id === "PIPE-CAP-2")).toBe(true);
  });

  it("gives each clause the most specific points, its partial credit and its visibility", () => {
    const plan = planGrade(
      resolveGradeConfig({
        features: ["pipe"],
        exclude: ["PIPE-LIFE"],
        points: { default: 2, levels: { extended: 5 }, clauses: { PIPE: 3, "PIPE-EOF": 4, "PIPE-EOF-1": 10 } },
        partialCredit: { default: "all", clauses: { "PIPE-ORD": "proportional" } },
        hidden: ["PIPE-ATOM"],
        hiddenVisibility: "after_published",
      }),
      allTests(),
      CLAUSES,
    );
    const clause = (id: string) => plan.clauses.find((c) => c.id === id)!;
    expect(clause("PIPE-EOF-1").points).toBe(10);
    expect(clause("PIPE-EOF-2").points).toBe(4);
    expect(clause("PIPE-NB-1").points).toBe(3);
    expect(clause("PIPE-ORD-1").partialCredit).toBe("proportional");
    expect(clause("PIPE-NB-1").partialCredit).toBe("all");
    expect(clause("PIPE-ATOM-1").visibility).toBe("after_published");
    expect(clause("PIPE-ATOM-1").hidden).toBe(true);
    expect(clause("PIPE-EOF-1").visibility).toBe("visible");
    expect(plan.clauses.some((c) => c.id.startsWith("PIPE-LIFE"))).toBe(false);
    expect(plan.maxScore).toBe(plan.clauses.reduce((sum, c) => sum + c.points, 0));
  });
});

describe("scoring", () => {
  const plan = smallPlan({ points: 2, partialCredit: { clauses: { "PIPE-NB-1": "proportional" } } });
  const keys = (id: string) => plan.clauses.find((c) => c.id === id)!.tests;

  it("gives PASS its points and every other status none, all-or-nothing or in proportion", () => {
    const [nb1a, nb1b] = keys("PIPE-NB-1") as [string, string];
    const events = [
      ...keys("PIPE-EOF-1").map((k) => result(plan, k, "PASS")),
      ...keys("PIPE-EOF-2").map((k, i) => result(plan, k, i === 0 ? "UNRESOLVED" : "PASS")),
      result(plan, nb1a, "PASS"),
      result(plan, nb1b, "NOT IMPLEMENTED"),
    ];
    expect(keys("PIPE-NB-1").length).toBe(2);
    const score = scoreSubmission(plan, ann, run(events));
    const clause = (id: string) => score.clauses.find((c) => c.id === id)!;
    expect(clause("PIPE-EOF-1")).toMatchObject({ status: "PASS", earned: 2 });
    expect(clause("PIPE-EOF-2")).toMatchObject({ status: "UNRESOLVED", earned: 0 });
    expect(clause("PIPE-NB-1")).toMatchObject({ status: "NOT IMPLEMENTED", earned: 1 });
    expect(score.score).toBe(3);
    expect(score.maxScore).toBe(6);
    for (const status of ["FAIL", "TIMEOUT", "ERROR", "UNRESOLVED", "NOT IMPLEMENTED", "SKIPPED"] as const) {
      const only = scoreSubmission(plan, ann, run(plan.tests.map((t) => result(plan, t.key, status))));
      expect(only.score, `${status} earns nothing`).toBe(0);
    }
  });

  it("gives tests the run did not report the status that says why", () => {
    const cases = [
      [{ kind: "budget", detail: "the budget was spent" }, "TIMEOUT", "budget"],
      [{ kind: "crash", detail: "it died" }, "ERROR", "exit"],
      [{ kind: "out-of-memory", detail: "1 GiB" }, "ERROR", "exit"],
      [{ kind: "load", detail: "SyntaxError" }, "ERROR", "exit"],
    ] as const;
    for (const [stopped, status, cause] of cases) {
      const score = scoreSubmission(plan, ann, run([], { stopped }));
      const results = score.clauses.flatMap((c) => c.results);
      expect(results.every((r) => r.status === status && r.cause?.kind === cause && r.message?.startsWith("not run")), stopped.kind).toBe(true);
    }
    expect(scoreSubmission(plan, ann, run([], { stopped: { kind: "load", detail: "SyntaxError: x" } })).problem).toBe("the submission could not be loaded: SyntaxError: x");
  });

  it("gives the command that replays a test with the class's seed and limits, quoted for a shell", () => {
    const custom = smallPlan({ seed: 7, numRuns: 20, timeoutMs: 500, timeoutMultiplier: 2 });
    expect(rerunCommand(custom, "lab 2.ts", '[PIPE-EOF-1] a "quoted" $title')).toBe(
      'npx ipckit test "./lab 2.ts" --grep "[PIPE-EOF-1] a \\"quoted\\" \\$title" --seed 7 --num-runs 20 --timeout 500 --timeout-multiplier 2',
    );
  });
});

describe("Gradescope results, feedback and summary", () => {
  const plan = smallPlan({ title: "Lab <2>", seed: 11, hidden: ["PIPE-NB"] });
  const failing = (key: string) =>
    result(plan, key, "FAIL", { message: "the read after close: expected 0, got 3", expected: "0", actual: "3", cause: { kind: "assertion" } });
  const events = plan.tests.map((t) => (t.clause === "PIPE-EOF-2" ? failing(t.key) : t.clause === "PIPE-NB-1" ? result(plan, t.key, "TIMEOUT", { message: "secret timeout" }) : result(plan, t.key, "PASS")));
  const score = scoreSubmission(plan, ann, run(events, { notes: ["restarted once"] }));

  it("writes one Gradescope test per clause, with the clause's visibility, and the fields Gradescope reads", () => {
    const results = gradescopeResults(score, plan, { version: "9.9.9", executionTime: 1.2, notes: ["restarted once"] });
    expect(Object.keys(results)).toEqual(["score", "max_score", "execution_time", "output", "stdout_visibility", "extra_data", "tests"]);
    expect(results.score).toBe(1);
    expect(results.max_score).toBe(3);
    // In registry order.
    expect(results.tests.map((t) => [t.number, t.status, t.score, t.max_score, t.visibility])).toEqual([
      ["PIPE-NB-1", "failed", 0, 1, "after_due_date"],
      ["PIPE-EOF-1", "passed", 1, 1, "visible"],
      ["PIPE-EOF-2", "failed", 0, 1, "visible"],
    ]);
    const eof2 = results.tests[2]!;
    expect(eof2.name).toBe(`[PIPE-EOF-2] ${CLAUSES.find((c) => c.id === "PIPE-EOF-2")!.rule}`);
    expect(eof2.output).toContain("expected: 0");
    expect(eof2.output).toContain("actual:   3");
    expect(eof2.output).toContain('--grep "[PIPE-EOF-2]');
    expect(eof2.output).toContain("--seed 11");
    expect(results.extra_data.ipckit).toMatchObject({ version: "9.9.9", seed: 11, student: "ann", notes: ["restarted once"] });
    // The summary above the tests says nothing of the hidden clause's result.
    expect(results.output).not.toContain("secret");
    expect(results.output).not.toContain("TIMEOUT");
    expect(results.output).toContain("1 more clause (1 points) is graded and shown after the due date");
    // Identical inputs, identical text; only execution_time is timing.
    expect(formatResults(gradescopeResults(score, plan, { version: "9.9.9", executionTime: 1.2 }))).toBe(
      formatResults(gradescopeResults(scoreSubmission(plan, ann, run(events, { durationMs: 99 })), plan, { version: "9.9.9", executionTime: 1.2 })),
    );
  });

  it("writes the feedback page: each lost point with rule, expected, actual and rerun; hidden clauses summed up unless revealed", () => {
    const page = feedbackMarkdown(score, plan);
    expect(page).toContain("# Feedback for ann: Lab \\<2\\>");
    expect(page).toContain("**Score: 1 of 3 points.** Seed 11");
    expect(page).toContain("### PIPE-EOF-2: 0 of 1 point");
    expect(page).toContain(`Rule: ${CLAUSES.find((c) => c.id === "PIPE-EOF-2")!.rule}`);
    expect(page).toContain("expected: 0");
    expect(page).toContain("actual:   3");
    expect(page).toMatch(/Rerun: `npx ipckit test \.\/adapter\.ts --grep "\[PIPE-EOF-2\] [^"]+" --seed 11`/);
    expect(page).not.toContain("PIPE-NB-1");
    expect(page).toContain("1 clause worth 1 point is graded too and shown after the due date.");
    const revealed = feedbackMarkdown(score, plan, { revealHidden: true });
    expect(revealed).toContain("### PIPE-NB-1: 0 of 1 point (hidden until after the due date)");
    expect(revealed).toContain("secret timeout");
  });

  it("folds tests that did not run into one line per reason", () => {
    const stopped = scoreSubmission(plan, ann, run([], { stopped: { kind: "budget", detail: "the submission's time budget was spent" } }));
    const page = feedbackMarkdown(stopped, plan);
    expect(page).toContain("### Not run: 2 points over 2 clauses");
    expect(page).toContain("PIPE-EOF-1, PIPE-EOF-2");
    expect(page).not.toContain("Rerun:");
  });

  it("writes the class summary: CSV with a column per clause, HTML with pass rates lowest first", () => {
    const perfect = scoreSubmission(plan, { ...ann, student: "bo,b" }, run(plan.tests.map((t) => result(plan, t.key, "PASS"))));
    const csv = summaryCsv([score, perfect], plan);
    expect(csv).toBe("student,score,max_score,problem,PIPE-NB-1,PIPE-EOF-1,PIPE-EOF-2\nann,1,3,,0,1,0\n\"bo,b\",3,3,,1,1,1\n");
    expect(csvField("=cmd()")).toBe("'=cmd()");
    const standings = clauseStandings([score, perfect], plan);
    expect(standings.map((s) => [s.id, s.passed])).toEqual([
      ["PIPE-NB-1", 1],
      ["PIPE-EOF-2", 1],
      ["PIPE-EOF-1", 2],
    ]);
    const html = summaryHtml([score, perfect], plan, { version: "9.9.9" });
    expect(html).toContain("ipckit grade: Lab &lt;2&gt;");
    expect(html.indexOf("PIPE-EOF-2")).toBeLessThan(html.indexOf("<td>PIPE-EOF-1"));
    expect(html).toContain("bo,b");
  });
});

describe("the published JSON Schema", () => {
  const schema = JSON.parse(readFileSync(join(root, "schema/grade-config.schema.json"), "utf8")) as {
    properties: Record<string, { items?: { enum?: string[] } }>;
  };

  it("has the configuration's fields and the registry's feature names", () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...CONFIG_FIELDS].sort());
    expect(schema.properties["features"]?.items?.enum).toEqual(featureNames());
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { files: string[] };
    expect(manifest.files).toContain("schema");
  });

  it("agrees with the checker on valid and invalid configurations", async () => {
    const { default: Ajv2020 } = (await import("ajv/dist/2020.js")) as unknown as { default: new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } } };
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    const valid = [
      JSON.parse(readFileSync(join(root, "examples/class/grade.config.json"), "utf8")),
      JSON.parse(starterConfig(5)),
      {},
      { points: 2, partialCredit: "proportional", entry: ["lab.ts", "lab.js"] },
    ];
    for (const config of valid) {
      expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
      expect(problemsOf(config)).toEqual([]);
    }
    const invalid = [{ features: ["pipes"] }, { seed: -1 }, { points: { levels: { core: "2" } } }, { partialCredit: "half" }, { hidden: "PIPE" }, { timeoutMs: 0 }, { extra: 1 }, { features: [] }];
    for (const config of invalid) {
      expect(validate(config), JSON.stringify(config)).toBe(false);
      expect(problemsOf(config).length, JSON.stringify(config)).toBeGreaterThan(0);
    }
  });
});

describe("finding submissions", () => {
  const dir = mkdtempSync(join(tmpdir(), "ipckit-grade-find-"));
  for (const [path, text] of [
    ["class/ann/adapter.ts", ""],
    ["class/bo/adapter.mjs", ""],
    ["class/cy/notes.txt", ""],
    ["class/.git/adapter.ts", ""],
    ["zips/dee/lab2/adapter.js", ""],
    ["files/one.ts", ""],
    ["files/two.ts", ""],
  ] as const) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }

  it("takes one folder per student, and says which have no adapter", () => {
    const found = findSubmissions(join(dir, "class"), ["adapter.ts", "adapter.mjs"]);
    expect(found.map((s) => [s.student, s.entryName, s.problem])).toEqual([
      ["ann", "adapter.ts", undefined],
      ["bo", "adapter.mjs", undefined],
      ["cy", "adapter.ts", "no adapter.ts, adapter.mjs in its folder"],
    ]);
    expect(findSubmissions(join(dir, "class", "ann"), ["adapter.ts"]).map((s) => s.student)).toEqual(["ann"]);
  });

  it("expands globs, naming students after folders or files", () => {
    expect(findSubmissions(join(dir, "class/*/adapter.*"), ["adapter.ts"]).map((s) => s.student)).toEqual(["ann", "bo"]);
    expect(findSubmissions(join(dir, "files/*.ts"), ["adapter.ts"]).map((s) => s.student)).toEqual(["one", "two"]);
    expect(expandGlob(join(dir, "**/adapter.{js,mjs}")).map((p) => p.slice(dir.length))).toEqual(["/class/bo/adapter.mjs", "/zips/dee/lab2/adapter.js"]);
    expect(() => findSubmissions(join(dir, "none/*.ts"), ["adapter.ts"])).toThrow(SubmissionsError);
    expect(findSubmissions(join(dir, "class/{ann,cy}/*"), ["adapter.ts"]).map((s) => s.student)).toEqual(["ann", "cy"]);
  });

  it("looks below the top of a Gradescope submission when asked", () => {
    expect(findEntry(join(dir, "zips/dee"), ["adapter.js"])).toBeUndefined();
    expect(findEntry(join(dir, "zips/dee"), ["adapter.js"], 2)).toBe("lab2/adapter.js");
  });
});

describe("ipckit grade, with a fake runner", () => {
  const io = () => {
    const out = { stdout: "", stderr: "" };
    return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), env: {} } };
  };

  it("rejects bad arguments and bad configurations with status 2", async () => {
    const a = io();
    expect(await runGradeCommand([], a.io)).toBe(2);
    expect(a.out.stderr).toContain("grade needs the submissions");
    const b = io();
    expect(await runGradeCommand(["x", "--frobnicate"], b.io)).toBe(2);
    expect(b.out.stderr).toContain("unknown option for grade: --frobnicate");
    const c = io();
    const bad = join(mkdtempSync(join(tmpdir(), "ipckit-grade-cfg-")), "bad.json");
    writeFileSync(bad, JSON.stringify({ feature: ["pipe"] }));
    expect(await runGradeCommand(["x", "--config", bad], c.io)).toBe(2);
    expect(c.out.stderr).toContain('unknown field "feature" (did you mean "features"?)');
    const d = io();
    expect(await runGradeCommand(["init"], d.io)).toBe(2);
    expect(d.out.stderr).toContain("needs --gradescope or --github-classroom");
  });

  it("grades a class through the runner it is given and writes every file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ipckit-grade-fake-"));
    for (const student of ["ann", "bo"]) {
      mkdirSync(join(dir, "subs", student), { recursive: true });
      writeFileSync(join(dir, "subs", student, "adapter.ts"), "");
    }
    writeFileSync(join(dir, "config.json"), JSON.stringify({ features: ["pipe"], clauses: ["PIPE-EOF-1", "PIPE-EOF-2"], seed: 5 }));
    const seen: string[] = [];
    const fake: SubmissionRunner = {
      async run(submission, plan) {
        seen.push(submission.student);
        const events = plan.tests.map((t) => {
          const clause = plan.clauses.find((c) => c.id === t.clause)!;
          const status: Status = submission.student === "ann" || t.clause === "PIPE-EOF-1" ? "PASS" : "FAIL";
          return { type: "test", clause: t.clause, rule: clause.rule, level: clause.level, title: t.title, key: t.key, status, durationMs: 1 } as const;
        });
        return { events, durationMs: 10, notes: [] };
      },
    };
    const { io: cli, out } = io();
    const status = await runGradeCommand([join(dir, "subs"), "--config", join(dir, "config.json"), "--out", join(dir, "out"), "-j", "2"], cli, () => fake);
    expect(status, out.stderr).toBe(0);
    expect(seen.sort()).toEqual(["ann", "bo"]);
    const results = (student: string) => JSON.parse(readFileSync(join(dir, "out", student, "results.json"), "utf8")) as { score: number; max_score: number };
    expect([results("ann").score, results("ann").max_score]).toEqual([2, 2]);
    expect([results("bo").score, results("bo").max_score]).toEqual([1, 2]);
    expect(readFileSync(join(dir, "out", "bo", "feedback.md"), "utf8")).toContain("### PIPE-EOF-2: 0 of 1 point");
    expect(readFileSync(join(dir, "out", "summary.csv"), "utf8")).toBe("student,score,max_score,problem,PIPE-EOF-1,PIPE-EOF-2\nann,2,2,,1,1\nbo,1,2,,1,0\n");
    expect(existsSync(join(dir, "out", "summary.html"))).toBe(true);
    expect(out.stdout).toMatch(/bo: 1\/2 in/);

    // grade check, as GitHub Classroom's steps use it.
    const checked = io();
    expect(await runGradeCommand(["check", join(dir, "out", "bo", "results.json"), "PIPE-EOF-1"], checked.io)).toBe(0);
    expect(await runGradeCommand(["check", join(dir, "out", "bo", "results.json"), "PIPE-EOF-2"], checked.io)).toBe(1);
    expect(await runGradeCommand(["check", join(dir, "out", "bo", "results.json"), "PIPE-XYZ-1"], checked.io)).toBe(2);
  });

  it("grades a Gradescope container's one submission into results/results.json", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ipckit-grade-gs-"));
    mkdirSync(join(dir, "submission", "lab"), { recursive: true });
    writeFileSync(join(dir, "submission", "lab", "adapter.js"), "");
    mkdirSync(join(dir, "source"), { recursive: true });
    writeFileSync(join(dir, "source", "ipckit-grade.json"), JSON.stringify({ features: ["pipe"], clauses: ["PIPE-EOF-1"] }));
    const entries: string[] = [];
    const fake: SubmissionRunner = {
      async run(submission) {
        entries.push(submission.entryName);
        return { events: [], stopped: { kind: "load", detail: "it does not build" }, durationMs: 1, notes: [] };
      },
    };
    const { io: cli, out } = io();
    expect(await runGradeCommand(["--gradescope", "--autograder-root", dir], cli, () => fake)).toBe(0);
    expect(entries).toEqual(["lab/adapter.js"]);
    const results = JSON.parse(readFileSync(join(dir, "results", "results.json"), "utf8")) as { score: number; output: string; tests: unknown[] };
    expect(results.score).toBe(0);
    expect(results.tests.length).toBe(1);
    expect(results.output).toContain("could not be loaded: it does not build");
    expect(out.stdout).toContain("# Feedback for submission");
  });

  it("writes Gradescope's bundle and GitHub Classroom's workflow, and will not replace files unless forced", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ipckit-grade-init-"));
    const config = join(dir, "lab.json");
    writeFileSync(config, JSON.stringify({ features: ["pipe"], clauses: ["PIPE-EOF"], points: { clauses: { "PIPE-EOF-1": 3 } } }));
    const first = io();
    expect(await runGradeCommand(["init", "--gradescope", "--config", config, "--out", join(dir, "gs")], first.io)).toBe(0);
    expect(readFileSync(join(dir, "gs", "run_autograder"), "utf8")).toContain("grade --gradescope --config /autograder/source/ipckit-grade.json");
    expect(readFileSync(join(dir, "gs", "ipckit-grade.json"), "utf8")).toBe(readFileSync(config, "utf8"));
    expect(readFileSync(join(dir, "gs", "setup.sh"), "utf8")).toMatch(/npm install .*ipckit@/);
    const again = io();
    expect(await runGradeCommand(["init", "--gradescope", "--config", config, "--out", join(dir, "gs")], again.io)).toBe(2);
    expect(again.out.stderr).toContain("--force");
    expect(await runGradeCommand(["init", "--gradescope", "--config", config, "--out", join(dir, "gs"), "--force"], io().io)).toBe(0);

    expect(await runGradeCommand(["init", "--github-classroom", "--config", config, "--out", join(dir, "gh")], io().io)).toBe(0);
    const workflow = readFileSync(join(dir, "gh", ".github", "workflows", "classroom.yml"), "utf8");
    const clauses = CLAUSES.filter((c) => c.id.startsWith("PIPE-EOF-"));
    expect(workflow.match(/uses: classroom-resources\/autograding-command-grader@v1/g)?.length).toBe(clauses.length);
    expect(workflow).toContain("command: npx --no-install ipckit grade check .ipckit-grade/results.json PIPE-EOF-1\n          timeout: 1\n          max-score: 3");
    expect(workflow).toContain(`runners: ${clauses.map((c) => c.id.toLowerCase()).join(",")}`);
    expect(workflow).toContain('PIPE-EOF-1_RESULTS: "${{steps.pipe-eof-1.outputs.result}}"');
  });

  it("builds the bundle files from the plan and the version alone", () => {
    const plan = smallPlan({ points: 2 });
    expect(gradescopeBundle("{}\n", "1.2.3").map((f) => [f.path, f.executable === true])).toEqual([
      ["setup.sh", true],
      ["run_autograder", true],
      ["ipckit-grade.json", false],
      ["README.md", false],
    ]);
    expect(githubClassroomWorkflow(plan, "1.2.3")[0]!.text).toContain("ipckit@1.2.3");
  });
});
