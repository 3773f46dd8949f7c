// The ipckit command end to end, as a user runs it: the built CLI (dist/,
// made by `npm run build`, which `npm test` runs first) in a child process.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_TIME_S, parseArgs } from "../cli/args.ts";
import type { TestCommand } from "../cli/args.ts";
import { runOptionsOf } from "../cli/main.ts";
import type { RunEndEvent, RunEvent, RunStartEvent, TestResultEvent } from "../conformance/events.ts";

const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "bin/ipckit.js");
const out = mkdtempSync(join(tmpdir(), "ipckit-cli-"));

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time, in seconds. */
  readonly seconds: number;
}

function ipckit(args: readonly string[], options: { cwd?: string; timeout?: number } = {}): Run {
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: options.cwd ?? root, encoding: "utf8", timeout: options.timeout ?? 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, seconds: (performance.now() - started) / 1000 };
}

function events(file: string): { start: RunStartEvent; tests: TestResultEvent[]; end: RunEndEvent } {
  const all = readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line) as RunEvent);
  const [start] = all;
  const end = all.at(-1);
  if (start?.type !== "start" || end?.type !== "end") throw new Error(`the report ${file} is not a whole run`);
  return { start, tests: all.filter((e): e is TestResultEvent => e.type === "test"), end };
}

const statusOf = (tests: TestResultEvent[], clause: string): string[] => tests.filter((t) => t.clause === clause).map((t) => t.status);

/** A usage error: exit 2, one line on stderr naming the help to read, nothing on stdout. */
function expectUsageError(run: Run, what: string): void {
  expect(run.status, `${what}: exit status (stderr: ${run.stderr})`).toBe(2);
  expect(run.stdout, `${what}: nothing ran`).toBe("");
  expect(run.stderr.trim().split("\n").length, `${what}: one line: ${run.stderr}`).toBe(1);
  expect(run.stderr, `${what}: a hint`).toMatch(/^ipckit: .*\(see ipckit help( \w+)?\)\n$/);
}

/** A module that cannot load: exit 2, one line on stderr with the cause, no test reported. */
function expectCannotLoad(run: Run, what: string, cause: RegExp): void {
  expect(run.status, `${what}: exit status (stderr: ${run.stderr})`).toBe(2);
  expect(run.stdout, `${what}: no test reported`).not.toContain('"type":"test"');
  expect(run.stderr.trim().split("\n").length, `${what}: one line: ${run.stderr}`).toBe(1);
  expect(run.stderr, `${what}: the cause`).toMatch(cause);
}

describe("ipckit test", { timeout: 120_000 }, () => {
  it("passes every selected clause of the reference and exits 0", () => {
    const report = join(out, "reference.ndjson");
    const run = ipckit(["test", "--clause", "PIPE-EOF,PIPE-ATOM", "--reporter", `json:${report}`, "--no-color"]);
    expect(run.status, `exit status (stderr: ${run.stderr})`).toBe(0);
    const { tests, end } = events(report);
    expect(tests.length, "some tests ran").toBeGreaterThan(5);
    expect(tests.filter((t) => t.status !== "PASS"), "no test other than PASS").toEqual([]);
    expect(end.ok, "run ok").toBe(true);
    expect(run.stdout, "pretty report on stdout").toMatch(/OK: every test that applied passed/);
  });

  it("passes the from-scratch example, skipping the capacity extension it declines, and folds what it lacks", () => {
    const report = join(out, "scratch.ndjson");
    const run = ipckit(["test", "examples/from-scratch-pipe.ts", "--clause", "PIPE", "--reporter", `json:${report}`, "--num-runs", "30"]);
    expect(run.status, `exit status (stderr: ${run.stderr})`).toBe(0);
    const { tests } = events(report);
    // The pipe clauses about signals (EINTR, SIGPIPE) need the signal feature the example does not provide.
    const signalClauses = new Set(["PIPE-BLK-7", "PIPE-BLK-8", "PIPE-ERR-8", "PIPE-ERR-9"]);
    const notImplemented = tests.filter((t) => t.status === "NOT IMPLEMENTED");
    expect(notImplemented.length, "NOT IMPLEMENTED tests (the signal clauses)").toBeGreaterThan(0);
    expect(notImplemented.filter((t) => !signalClauses.has(t.clause)).map((t) => t.key), "NOT IMPLEMENTED outside the signal clauses").toEqual([]);
    expect(tests.filter((t) => !["PASS", "SKIPPED", "NOT IMPLEMENTED"].includes(t.status)).map((t) => t.key), "nothing but PASS, SKIPPED and NOT IMPLEMENTED").toEqual([]);
    expect(statusOf(tests, "PIPE-CAP-2").every((s) => s === "SKIPPED"), "declined optional clause SKIPPED").toBe(true);
    // The pretty report: one folded line for the pipe tests not run, none per test.
    expect(run.stdout.match(/^ {2}pipe +\d+ tests? of \d+ clauses? /gm)?.length, "one folded line for pipe").toBe(1);
    expect(run.stdout, "no line per test not run").not.toMatch(/NOT IMPLEMENTED +\[PIPE-/);
    const verbose = ipckit(["test", "examples/from-scratch-pipe.ts", "--clause", "PIPE-BLK-7", "--verbose"]);
    expect(verbose.stdout, "--verbose lists them").toMatch(/NOT IMPLEMENTED +\[PIPE-BLK-7\]/);
  });

  it("reports the mechanisms an implementation does not provide as NOT IMPLEMENTED, not as failures", () => {
    const report = join(out, "scratch-fifo.ndjson");
    const run = ipckit(["test", "examples/from-scratch-pipe.ts", "--clause", "PIPE-EOF-1,FIFO-BLK-1", "--reporter", `json:${report}`]);
    expect(run.status, `exit status (stderr: ${run.stderr})`).toBe(0);
    const { tests } = events(report);
    expect(statusOf(tests, "FIFO-BLK-1").every((s) => s === "NOT IMPLEMENTED"), "FIFO tests NOT IMPLEMENTED").toBe(true);
    expect(statusOf(tests, "PIPE-EOF-1").every((s) => s === "PASS"), "pipe tests PASS").toBe(true);
  });

  it("says when no selected test applied: not OK, exit 1", () => {
    const report = join(out, "nothing-applied.ndjson");
    const run = ipckit(["test", "examples/from-scratch-pipe.ts", "--clause", "FIFO-BLK-1", "--reporter", `json:${report}`]);
    expect(run.status, "exit status").toBe(1);
    const { end } = events(report);
    expect(end.problem, "the end says why").toBeDefined();
    expect(run.stdout, "the pretty report prints it").toContain(`FAILED: ${end.problem}`);
  });

  it("names the clauses a broken implementation breaks, with a rerun of each failing test, and exits 1", () => {
    const report = join(out, "broken.ndjson");
    const run = ipckit(["test", "examples/broken-pipe.ts", "--clause", "PIPE-EOF-1,PIPE-NB-2,PIPE-ERR-6,PIPE-BLK-1", "--reporter", `json:${report}`, "--seed", "1"]);
    expect(run.status, "exit status").toBe(1);
    const { tests, end } = events(report);
    for (const clause of ["PIPE-EOF-1", "PIPE-NB-2", "PIPE-ERR-6"]) {
      expect(end.clauses[clause]?.status, `clause ${clause} reported as failing`).toBe("FAIL");
    }
    expect(statusOf(tests, "PIPE-BLK-1").every((s) => s === "PASS"), "unbroken clause still PASS").toBe(true);
    const failure = tests.find((t) => t.clause === "PIPE-EOF-1" && t.status === "FAIL");
    expect(failure?.expected, "the failure says what was expected").toBeTruthy();
    expect(run.stdout, "the pretty report says what was checked").toContain(`checked:  ${failure?.message ?? "?"}`);
    const rerun = `npx ipckit test examples/broken-pipe.ts --grep "${failure?.key ?? "?"}" --seed 1`;
    expect(run.stdout, "the pretty report shows how to rerun that test").toContain(`rerun:    ${rerun}`);
    expect(run.stdout, "the recap of failing clauses").toMatch(/Failing clauses \(3\)[\s\S]*PIPE-EOF-1 +FAIL/);
    // The rerun command does what it says: that one test, with the same seed, fails the same way.
    const again = join(out, "rerun.ndjson");
    const replay = ipckit(["test", "examples/broken-pipe.ts", "--grep", failure?.key ?? "?", "--seed", "1", "--reporter", `json:${again}`]);
    expect(replay.status, "rerun exit status").toBe(1);
    expect(events(again).tests.map((t) => [t.key, t.status, t.actual]), "the same test, the same failure").toEqual([[failure?.key, "FAIL", failure?.actual]]);
  }, 90_000);

  it("shows an ERROR's stack at the implementation's file and line", () => {
    const report = join(out, "type-error.ndjson");
    const run = ipckit(["test", "test/fixtures/type-error.ts", "--clause", "PIPE-EOF-1", "--reporter", `json:${report}`, "--seed", "3"]);
    expect(run.status, "exit status").toBe(1);
    const { tests } = events(report);
    const error = tests.find((t) => t.status === "ERROR");
    expect(error?.cause?.kind, "a crash").toBe("crash");
    expect(run.stdout, "the stack points at the fixture's line").toMatch(/stack: +TypeError: [^\n]*\n +at [^\n]*test\/fixtures\/type-error\.ts:12:\d+/);
    expect(run.stdout, "ipckit's own frames are cut").not.toMatch(/at [^\n]*conformance[/\\]membrane/);
  });

  it("reports a spinning method as TIMEOUT, kills its worker and finishes the run", () => {
    const report = join(out, "spin.ndjson");
    const run = ipckit(["test", "examples/spinning-pipe.ts", "--clause", "PIPE-NB-1,PIPE-EOF-2", "--timeout", "300", "--reporter", `json:${report}`]);
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
      const run = ipckit(["test", `test/fixtures/${fixture}.ts`, "--clause", `${broken},${healthy}`, "--reporter", `json:${report}`]);
      expect(run.status, `${fixture}: exit status`).toBe(1);
      const { tests } = events(report);
      expect(statusOf(tests, broken), `${fixture}: ${broken} is ERROR`).toContain("ERROR");
      const after = statusOf(tests, healthy);
      expect(after.length > 0 && after.every((s) => s === "PASS"), `${fixture}: the tests that follow still pass`).toBe(true);
    }
  }, 120_000);

  it("writes JUnit and TAP reports next to the pretty one, creating their folders", () => {
    const junit = join(out, "deep/er/r.xml");
    const tap = join(out, "r.tap");
    const run = ipckit(["test", "--clause", "PIPE-ERR-3", "--reporter", `junit:${junit}`, "--reporter", `tap:${tap}`]);
    expect(run.status, "exit status").toBe(0);
    expect(readFileSync(junit, "utf8"), "JUnit document").toMatch(/^<\?xml[\s\S]*<testsuite name="PIPE"[\s\S]*<\/testsuites>\n$/);
    expect(readFileSync(tap, "utf8"), "TAP plan").toMatch(/^TAP version 13\n1\.\.\d+\n/);
    expect(run.stdout, "pretty on stdout").toContain("[PIPE-ERR-3]");
  });

  it("ends quietly when the reader of its output goes away", () => {
    const result = spawnSync("sh", ["-c", `"${process.execPath}" "${bin}" test --clause PIPE | head -n 1`], { cwd: root, encoding: "utf8", timeout: 120_000 });
    expect(result.stdout.trim().split("\n").length, "head's one line").toBe(1);
    expect(result.stderr, "no EPIPE stack").not.toMatch(/EPIPE|Error/);
  });
});

describe("arguments fail early and clearly", { timeout: 120_000 }, () => {
  // cli/args.test.ts covers every rule of parsing; here, a sample as the built CLI prints it.
  it("makes a bad value, clause, mechanism or selection a one-line usage error with a hint, exit 2, nothing run", () => {
    const cases: [string[], RegExp?][] = [
      [["test", "--timeout", "0x10"]],
      [["test", "--timeout", "1e12"]],
      [["test", "--num-runs", "1e9"]],
      [["test", "--timeout-multiplier", "1e3"]],
      [["test", "--clause", ",,"]],
      [["test", "--clause", "PIPE-EOF-99"], /did you mean "PIPE-EOF-\d"\?/],
      [["test", "--reporter", `json:${join(out, "same.json")}`, "--reporter", `tap:${join(out, ".", "same.json")}`], /write the same file/],
      [["test", "--grep", "no test has this in its title"], /no test matches/],
      [["clauses", "--mechanism", "nope"]],
      [["clauses", "--mechanism", "pipes"], /did you mean "pipe"\?/],
      [["help", "nope"]],
      [["frobnicate"]],
    ];
    for (const [argv, hint] of cases) {
      const run = ipckit(argv, { timeout: 30_000 });
      expectUsageError(run, argv.join(" "));
      if (hint !== undefined) expect(run.stderr, `${argv.join(" ")}: says why`).toMatch(hint);
    }
  }, 120_000);

  it("checks every report destination before the run (no hang, no stack trace)", () => {
    const file = join(out, "a-file");
    writeFileSync(file, "");
    const destinations = [
      "json:/etc/passwd/x.ndjson", // under a file
      "junit:/proc/nope/x.xml", // a folder that cannot be created (Node's recursive mkdir spins here)
      `tap:${out}`, // a folder
      `json:${file}/sub/x.ndjson`, // deeper under a file
    ];
    for (const destination of destinations) {
      const run = ipckit(["test", "--clause", "PIPE-EOF-1", "--reporter", destination], { timeout: 30_000 });
      expectUsageError(run, destination);
      expect(run.stderr, `${destination}: names it`).toContain(destination);
    }
    const bench = ipckit(["bench", "--reporter", "json:/proc/nope/b.json"], { timeout: 30_000 });
    expectUsageError(bench, "bench destination");
  }, 120_000);

  it("prints the help of a command with ipckit help <command> or --help", () => {
    for (const argv of [["help", "test"], ["test", "--help"]]) {
      const run = ipckit(argv);
      expect(run.status, `${argv.join(" ")}: exit status`).toBe(0);
      expect(run.stdout, `${argv.join(" ")}: test's options`).toMatch(/Usage: ipckit test[\s\S]*--max-time SECONDS[\s\S]*Exit status/);
    }
    expect(ipckit(["help"]).stdout, "overview").toMatch(/Commands:[\s\S]*demo \[name\]/);
  });

  it("wires ipckit demo to the demo command (test/demo.test.ts checks each demo)", () => {
    const list = ipckit(["demo"]);
    expect(list.status, `list: exit status (stderr: ${list.stderr})`).toBe(0);
    expect(list.stdout, "the demonstrations listed").toMatch(/^ {2}pipe +/m);
    const unknown = ipckit(["demo", "pipes"]);
    expect(unknown.status, "unknown demo: exit status").toBe(2);
    expect(unknown.stderr, "the demo command's hint, not the parser's").toContain("did you mean pipe?");
  });

  it("lists the clauses of a mechanism as JSON", () => {
    const run = ipckit(["clauses", "--mechanism", "pipe", "--format", "json"]);
    const clauses = JSON.parse(run.stdout) as { id: string }[];
    expect(clauses.map((c) => c.id), "pipe clauses listed").toContain("PIPE-EOF-1");
    expect(clauses.every((c) => c.id.startsWith("PIPE-")), "only pipe clauses").toBe(true);
  });

  it("prints the version from package.json", () => {
    expect(ipckit(["--version"]).stdout.trim(), "version line").toMatch(/^ipckit \d+\.\d+\.\d+$/);
  });
});

describe("a module that cannot load", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "ipckit-load-"));
  writeFileSync(join(dir, "syntax-error.ts"), "export default {;\n");
  writeFileSync(join(dir, "throws.ts"), 'throw new Error("this module refuses to load");\nexport {};\n');
  writeFileSync(join(dir, "exits.ts"), "process.exit(3);\nexport {};\n");
  writeFileSync(join(dir, "default-42.ts"), "export default 42;\n");
  writeFileSync(join(dir, "no-default.ts"), "export const something = 1;\n");
  writeFileSync(join(dir, "half.ts"), 'export default { name: "half", supports: {} };\n');
  mkdirSync(join(dir, "a-folder.ts"));

  it.each([
    ["a missing file", join(dir, "nope.ts"), /no such file/],
    ["a folder", join(dir, "a-folder.ts"), /is a folder/],
    ["a syntax error", join(dir, "syntax-error.ts"), /syntax-error\.ts:1:\d+/],
    ["a throw at import", join(dir, "throws.ts"), /this module refuses to load/],
    ["process.exit at import", join(dir, "exits.ts"), /exit code 3/],
    ["export default 42", "test/fixtures/default-42.ts", /default export is 42, not an adapter/],
    ["no default export", "test/fixtures/not-an-adapter.ts", /no default export and no export named adapter \(it exports something\)/],
    // Outside a "type": "module" package, a .ts file is CommonJS: the same answers through the interop layer.
    ["export default 42, as CommonJS", join(dir, "default-42.ts"), /default export is 42, not an adapter/],
    ["no default export, as CommonJS", join(dir, "no-default.ts"), /no default export and no export named adapter/],
    ["an object that is not an adapter", join(dir, "half.ts"), /not an adapter: createSystem must be a function/],
  ])("%s: one line with the cause on stderr, exit 2", (what, module, cause) => {
    expectCannotLoad(ipckit(["test", module, "--clause", "PIPE-EOF-1", "--reporter", "json"], { timeout: 60_000 }), what, cause);
  }, 90_000);

  it("a module that never finishes loading: one line, exit 2", () => {
    const run = ipckit(["test", "test/fixtures/spins-on-load.ts", "--clause", "PIPE-EOF-1", "--timeout-multiplier", "0.05"]);
    expectCannotLoad(run, "spins on load", /loading the module took longer than \d+ ms/);
  });

  it("is said the same way without isolation", () => {
    expectCannotLoad(ipckit(["test", join(dir, "throws.ts"), "--no-isolate", "--clause", "PIPE-EOF-1"]), "no isolate", /this module refuses to load/);
  });
});

describe("a whole run has a time limit", { timeout: 120_000 }, () => {
  // Without the limit each of these runs for minutes (every test killed or
  // timed out, every kill reloading the module).
  // The slow module's first load (1.5 s of spinning, plus compiling) counts
  // against the limit too; a busy machine must not make it the whole limit.
  it.each([
    ["spins in every method", "spins-everywhere", 6],
    ["promises never settle", "never-settles", 6],
    ["loads slowly, then spins", "slow-load-then-spins", 10],
  ])("%s: finishes within --max-time and says which tests were not run and why", (what, fixture, limit) => {
    const report = join(out, `${fixture}-budget.ndjson`);
    const run = ipckit(["test", `test/fixtures/${fixture}.ts`, "--max-time", String(limit), "--timeout", "300", "--reporter", `json:${report}`]);
    expect(run.status, `${what}: exit status (stderr: ${run.stderr})`).toBe(1);
    // The run stops at the limit; starting node and writing the report add a little.
    expect(run.seconds, `${what}: wall time`).toBeLessThan(limit + 4);
    const { start, tests, end } = events(report);
    expect(tests.length, `${what}: every test reported`).toBe(start.total);
    const left = tests.filter((t) => t.cause?.kind === "budget");
    expect(left.length, `${what}: tests not run for the limit`).toBeGreaterThan(start.total / 2);
    expect(left.every((t) => t.status === "TIMEOUT"), `${what}: TIMEOUT`).toBe(true);
    expect(left.some((t) => t.message?.includes(`time limit of ${limit} s`)), `${what}: says why`).toBe(true);
    expect(end.ok, `${what}: not ok`).toBe(false);
    expect(run.stdout, `${what}: the pretty report folds them`).toContain(`timed out, not run (the run's time limit of ${limit} s was spent)`);
  }, 60_000);

  it("has a default when standard output is not a terminal, and none at a terminal", () => {
    const command = parseArgs(["test"]) as TestCommand;
    expect(runOptionsOf(command, false).maxTimeMs, "not a terminal").toBe(DEFAULT_MAX_TIME_S * 1000);
    expect(runOptionsOf(command, true).maxTimeMs, "a terminal").toBeUndefined();
    expect(runOptionsOf(parseArgs(["test", "--max-time", "0"]) as TestCommand, false).maxTimeMs, "0: no limit").toBeUndefined();
    expect(runOptionsOf(parseArgs(["test", "--max-time", "90"]) as TestCommand, true).maxTimeMs, "given").toBe(90_000);
    expect(runOptionsOf(parseArgs(["test", "--timeout-streak", "0"]) as TestCommand, true).timeoutStreak, "never give up").toBe(Infinity);
  });
});

describe("the README's adapter in a project npm init made", { timeout: 120_000 }, () => {
  /** Builds a project as a newcomer would: npm init -y, ipckit in node_modules, the README's adapter over a small implementation. */
  function project(type: "commonjs" | undefined): string {
    const dir = mkdtempSync(join(tmpdir(), "ipckit-project-"));
    const init = spawnSync("npm", ["init", "-y"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    expect(init.status, `npm init -y (stderr: ${init.stderr})`).toBe(0);
    const manifestPath = join(dir, "package.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { type?: string };
    if (type === undefined) delete manifest.type;
    else expect(manifest.type ?? "commonjs", "npm init makes a CommonJS project").toBe("commonjs");
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(root, join(dir, "node_modules/ipckit"), "dir");
    // The implementation: the from-scratch example, as the student's own file.
    writeFileSync(join(dir, "from-scratch-pipe.ts"), readFileSync(join(root, "examples/from-scratch-pipe.ts"), "utf8"));
    writeFileSync(join(dir, "my-pipes.ts"), 'export { ExampleSystem as MySystem } from "./from-scratch-pipe.ts";\n');
    // The adapter: the README's, word for word.
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const adapter = /```ts\n(\/\/ my-adapter\.ts\n[\s\S]*?)```/.exec(readme)?.[1];
    expect(adapter, "the README's adapter").toBeDefined();
    writeFileSync(join(dir, "my-adapter.ts"), adapter ?? "");
    return dir;
  }

  function passes(dir: string, module: string, what: string): void {
    const report = join(dir, "reports", "run.ndjson");
    const run = ipckit(["test", module, "--clause", "PIPE-EOF-1", "--reporter", `json:${report}`], { cwd: dir });
    expect(run.status, `${what}: exit status (stderr: ${run.stderr}; stdout: ${run.stdout.slice(0, 400)})`).toBe(0);
    const { tests } = events(report);
    expect(tests.length > 0 && tests.every((t) => t.status === "PASS"), `${what}: every PIPE-EOF-1 test passes`).toBe(true);
  }

  it("builds first", () => {
    expect(existsSync(join(root, "dist/conformance/index.js")), "dist/ (npm run build)").toBe(true);
  });

  it('loads in a "type": "commonjs" project, and .cts adapters load either way they export', () => {
    const dir = project("commonjs");
    passes(dir, "./my-adapter.ts", "README adapter");
    writeFileSync(
      join(dir, "esm-style.cts"),
      'import { defineAdapter } from "ipckit/conformance";\nimport { MySystem } from "./my-pipes.ts";\nconst adapter = defineAdapter({ name: "cts", supports: { pipe: { capacity: false }, process: { fork: true, exit: true } }, createSystem: () => new MySystem() });\nexport default adapter;\n',
    );
    passes(dir, "./esm-style.cts", ".cts with export default");
    writeFileSync(
      join(dir, "exports-default.cts"),
      'const { defineAdapter } = require("ipckit/conformance");\nconst { MySystem } = require("./my-pipes.ts");\nconst adapter = defineAdapter({ name: "cts", supports: { pipe: { capacity: false }, process: { fork: true, exit: true } }, createSystem: () => new MySystem() });\nmodule.exports = { default: adapter };\n',
    );
    passes(dir, "./exports-default.cts", ".cts with module.exports = { default }");
  }, 240_000);

  it("loads in a project with no type field", () => {
    passes(project(undefined), "./my-adapter.ts", "README adapter, no type");
  }, 120_000);
});
