// The suite and the benchmarks on the other runtimes, as a user runs them there:
// the command line under Deno and Bun against the reference, and the quick
// benchmark run under Node, Deno and Bun. Each run is one test here, so vitest's
// own summary counts every step of `npm test` and is the last thing it prints.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunEndEvent, RunEvent, TestResultEvent } from "../conformance/events.ts";

const root = new URL("..", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "ipckit-runtimes-"));
const bin = (name: string): string => join(root, "node_modules", ".bin", name);

/** The command that runs bin/ipckit.js under a runtime. */
const RUNTIMES = {
  node: [process.execPath, "bin/ipckit.js"],
  deno: [bin("deno"), "run", "-A", "bin/ipckit.js"],
  bun: [bin("bun"), "bin/ipckit.js"],
} as const;

/** Runs ipckit under a runtime; resolves with the exit status and output. */
function run(runtime: keyof typeof RUNTIMES, args: readonly string[]): Promise<{ status: number | null; output: string }> {
  const [command, ...prefix] = RUNTIMES[runtime];
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, ...args], { cwd: root, env: { ...process.env, NO_COLOR: "1" } });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, output }));
  });
}

function events(file: string): { tests: TestResultEvent[]; end: RunEndEvent | undefined } {
  const all = readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line) as RunEvent);
  return { tests: all.filter((e): e is TestResultEvent => e.type === "test"), end: all.find((e): e is RunEndEvent => e.type === "end") };
}

describe.each(["deno", "bun"] as const)("the suite under %s", (runtime) => {
  it("passes every clause against the reference", { timeout: 600_000 }, async () => {
    const report = join(out, `suite-${runtime}.ndjson`);
    const { status, output } = await run(runtime, ["test", "--no-color", "--reporter", `json:${report}`]);
    const { tests, end } = events(report);
    const notPassed = tests.filter((t) => t.status !== "PASS").map((t) => `${t.status} ${t.key}: ${t.message ?? ""}`);
    expect(notPassed, "tests other than PASS").toEqual([]);
    expect(tests.length, "tests run").toBeGreaterThan(800);
    expect(end?.ok, "the run ended ok").toBe(true);
    expect(status, `exit status; output:\n${output.slice(-2000)}`).toBe(0);
  });
});

describe.each(["node", "deno", "bun"] as const)("the quick benchmarks under %s", (runtime) => {
  it("measure every workload of the reference and its peers", { timeout: 300_000 }, async () => {
    const report = join(out, `bench-${runtime}.json`);
    const { status, output } = await run(runtime, ["bench", "--quick", "--compare", "--no-color", "--reporter", `json:${report}`]);
    expect(status, `exit status; output:\n${output.slice(-2000)}`).toBe(0);
    const parsed = JSON.parse(readFileSync(report, "utf8")) as { results?: unknown[] };
    expect(Array.isArray(parsed.results) && parsed.results.length > 20, "measurements in the report").toBe(true);
  });
});
