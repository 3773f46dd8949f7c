// `ipckit bench` end to end, as a user runs it: the built CLI (dist/, made by
// `npm run build`, which `npm test` runs first) in a child process. Nothing
// here asserts how fast anything is: only that the runs finish, report every
// mechanism asked for, write their files and survive a module that hangs.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "ipckit-bench-"));

function ipckit(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["bin/ipckit.js", ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonReport {
  readonly implementation: string;
  readonly cpu?: string;
  readonly results: readonly { workload: string; subject: string; status: string; opsPerSecond?: number; message?: string }[];
  readonly targets: readonly { id: string; met?: boolean }[];
  readonly notes: readonly string[];
  readonly ok: boolean;
}

describe("ipckit bench", () => {
  it("measures the reference and its peers quickly, printing progress and writing JSON, Markdown and HTML", () => {
    const json = join(out, "bench.json");
    const markdown = join(out, "bench.md");
    const html = join(out, "bench.html");
    const run = ipckit("bench", "--quick", "--compare", "--mechanism", "pipe,sem", "--reporter", `json:${json}`, "--reporter", `markdown:${markdown}`, "--reporter", `html:${html}`, "--no-color");
    expect(run.status, `exit status (stderr: ${run.stderr})`).toBe(0);
    expect(run.stdout, "progress lines").toMatch(/1\/\d+ pipe\.stream\.64B · ipckit reference: /);
    expect(run.stdout, "what is not measured").toContain("unix: not measured apart");
    const report = JSON.parse(readFileSync(json, "utf8")) as JsonReport;
    expect(report.implementation, "the reference first").toBe("ipckit reference");
    const subjects = new Set(report.results.map((r) => r.subject));
    expect([...subjects], "the reference and the peers").toEqual(["ipckit reference", "node:stream PassThrough", "web TransformStream", "web MessageChannel"]);
    expect(report.results.filter((r) => r.status !== "ok").map((r) => `${r.workload} ${r.subject}: ${r.message}`), "everything measured").toEqual([]);
    expect(report.results.some((r) => r.workload === "sem.uncontended"), "the semaphores").toBe(true);
    expect(report.targets.find((t) => t.id === "pipe-vs-passthrough-4KiB")?.met, "the PassThrough ratio is checked").toBeTypeOf("boolean");
    expect(readFileSync(markdown, "utf8"), "Markdown table").toContain("| pipe | pipe.stream.64B | ipckit reference |");
    expect(readFileSync(html, "utf8"), "HTML chart").toContain("<svg");
  });

  it("reports a module's workload that hangs as a timeout and one that throws as an error, and goes on", () => {
    const module = join(out, "misbehaving.mjs");
    writeFileSync(
      module,
      `import { createSystem } from ${JSON.stringify(pathToFileURL(join(root, "dist/reference/index.js")).href)};
export default {
  name: "misbehaving",
  supports: { pipe: true, sem: true, mutex: true },
  createSystem() {
    const system = createSystem();
    const spawn = system.spawn.bind(system);
    system.spawn = (options) => {
      const p = spawn(options);
      p.semPost = () => { for (;;) {} };
      p.mutexInit = () => { throw new Error("no mutexes today"); };
      return p;
    };
    return system;
  },
};
`,
    );
    const json = join(out, "misbehaving.json");
    const run = ipckit("bench", module, "--quick", "--mechanism", "sem,mutex,mq", "--timeout", "800", "--reporter", `json:${json}`, "--no-color");
    expect(run.status, `exit status 1 (stderr: ${run.stderr})`).toBe(1);
    const report = JSON.parse(readFileSync(json, "utf8")) as JsonReport;
    const status = Object.fromEntries(report.results.map((r) => [r.workload, r.status]));
    expect(status, "each workload's outcome").toEqual({
      "mq.pair.64B.d0": "unsupported",
      "mq.pair.64B.d16": "unsupported",
      "mq.pair.64B.d4096": "unsupported",
      "mq.pair.4KiB.d0": "unsupported",
      "sem.uncontended": "timeout",
      "sem.handoff": "timeout",
      "mutex.uncontended": "error",
      "mutex.handoff": "error",
    });
    expect(report.results.find((r) => r.workload === "mutex.uncontended")?.message, "the error's message").toContain("no mutexes today");
    expect(report.notes.join("\n"), "the missing mechanism noted").toContain("misbehaving: mq not supported");
    expect(run.stdout, "the pretty report names the timeout").toContain("TIMEOUT (killed:");
  });

  it("says when the module cannot be loaded", () => {
    const run = ipckit("bench", join(out, "no-such-module.ts"), "--quick");
    expect(run.status, "exit status 2").toBe(2);
    expect(run.stderr, "why").toContain("could not load");
  });

  it("test --bench prints the quick benchmarks after the conformance report", () => {
    const run = ipckit("test", "--clause", "SEM-NB", "--bench", "--no-color");
    expect(run.status, `exit status (stderr: ${run.stderr})`).toBe(0);
    const conformance = run.stdout.indexOf("conformance: ");
    const bench = run.stdout.indexOf("ipckit bench: ipckit reference");
    expect(conformance, "the conformance report").toBeGreaterThan(0);
    expect(bench, "then the benchmarks").toBeGreaterThan(conformance);
    expect(run.stdout, "every mechanism").toMatch(/mutex\.handoff/);
  });
});
