// The implementation protocol under Deno and Bun: the suite against the
// reference through the TypeScript server in a worker thread (node:worker_threads,
// which both provide), and a part of it through the child-process server,
// run by scripts/bench-protocol.mjs under each runtime. Every test must PASS,
// as it does when the suite runs directly there (test/runtimes.test.ts).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "ipckit-remote-runtimes-"));
const bin = (name: string): string => join(root, "node_modules", ".bin", name);

const RUNTIMES = {
  deno: [bin("deno"), "run", "-A", "scripts/bench-protocol.mjs"],
  bun: [bin("bun"), "scripts/bench-protocol.mjs"],
} as const;

interface Summary {
  readonly runtime: string;
  readonly statuses: Record<string, Record<string, number>[]>;
}

function bench(runtime: keyof typeof RUNTIMES, args: readonly string[]): Promise<{ status: number | null; output: string; summary: Summary | undefined }> {
  const [command, ...prefix] = RUNTIMES[runtime];
  const json = join(out, `${runtime}-${args.join("_").replace(/[^\w]+/g, "-")}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, "--runs", "1", "--json", json, ...args], { cwd: root, env: { ...process.env, NO_COLOR: "1" } });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => {
      let summary: Summary | undefined;
      try {
        summary = JSON.parse(readFileSync(json, "utf8")) as Summary;
      } catch {
        summary = undefined;
      }
      resolve({ status, output, summary });
    });
  });
}

describe.each(["deno", "bun"] as const)("the suite through the implementation protocol under %s", (runtime) => {
  it("passes every clause against the reference through the worker-thread server", { timeout: 600_000 }, async () => {
    const { status, output, summary } = await bench(runtime, ["--kinds", "worker"]);
    expect(status, `exit status; output:\n${output.slice(-3000)}`).toBe(0);
    expect(summary?.runtime, "the runtime that ran it").toMatch(new RegExp(`^${runtime} `));
    const [counts] = summary?.statuses["worker"] ?? [];
    expect(Object.keys(counts ?? {}), `statuses; output:\n${output.slice(-3000)}`).toEqual(["PASS"]);
    expect(counts?.["PASS"], "tests passed").toBeGreaterThan(800);
  });

  it("passes the signal, shared memory and blocking clauses through the child-process server", { timeout: 600_000 }, async () => {
    const { status, output, summary } = await bench(runtime, ["--kinds", "process", "--clause", "SIG,SHM,PIPE-BLK,MQ-LIFE"]);
    expect(status, `exit status; output:\n${output.slice(-3000)}`).toBe(0);
    const [counts] = summary?.statuses["process"] ?? [];
    expect(Object.keys(counts ?? {}), `statuses; output:\n${output.slice(-3000)}`).toEqual(["PASS"]);
    expect(counts?.["PASS"], "tests passed").toBeGreaterThan(150);
  });
});
