#!/usr/bin/env node
// The flake check: the whole suite against the reference, run again and again
// with one core kept busy by another process, on Node, Deno and Bun. Every test of
// every run must PASS; a single other status is a flaky test, which is a bug.
//
//   node scripts/flake.mjs [--node 50] [--deno 5] [--bun 5] [--no-busy] [--clause PREFIX]
//
// Needs `npm run build` first (it runs bin/ipckit.js). Prints one line per run and,
// at the end, every test that did not pass with its run, seed and message; exits 1
// when any did. Each run gets a fresh random seed, printed, so a failure replays with
// `--seed`.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args[i + 1];
};
const counts = { node: Number(option("--node", "50")), deno: Number(option("--deno", "5")), bun: Number(option("--bun", "5")) };
const clause = option("--clause", undefined);
const busy = !args.includes("--no-busy");
const bin = (name) => join(root, "node_modules", ".bin", name);
const commands = {
  node: [process.execPath, "bin/ipckit.js"],
  deno: [bin("deno"), "run", "-A", "bin/ipckit.js"],
  bun: [bin("bun"), "bin/ipckit.js"],
};

// One core kept busy: a process that spins until this script ends.
const spinner = busy ? spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }) : undefined;
process.on("exit", () => spinner?.kill("SIGKILL"));

function run(runtime, report) {
  const [command, ...prefix] = commands[runtime];
  const selection = clause === undefined ? [] : ["--clause", clause];
  return new Promise((resolve) => {
    const child = spawn(command, [...prefix, "test", "--no-color", ...selection, "--reporter", `json:${report}`], {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

const dir = mkdtempSync(join(tmpdir(), "ipckit-flake-"));
const bad = [];
let runs = 0;
const started = Date.now();
for (const runtime of ["node", "deno", "bun"]) {
  for (let i = 1; i <= counts[runtime]; i++) {
    const report = join(dir, `${runtime}-${i}.ndjson`);
    const t0 = Date.now();
    const { status, stderr } = await run(runtime, report);
    runs++;
    let events = [];
    try {
      events = readFileSync(report, "utf8").trim().split("\n").map((line) => JSON.parse(line));
    } catch {
      bad.push({ runtime, run: i, key: "(the run)", status: `exit ${status}`, message: stderr.trim().slice(-500) });
      console.log(`${runtime} #${i}: no report (exit ${status})`);
      continue;
    }
    const start = events.find((e) => e.type === "start");
    const tests = events.filter((e) => e.type === "test");
    const notPassed = tests.filter((e) => e.status !== "PASS");
    for (const t of notPassed) bad.push({ runtime, run: i, seed: start?.seed, key: t.key, status: t.status, message: t.message ?? "" });
    console.log(`${runtime} #${i}: ${tests.length} tests, ${notPassed.length} not passed, seed ${start?.seed}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`\n${runs} runs in ${((Date.now() - started) / 60000).toFixed(1)} min${busy ? ", one core kept busy" : ""}`);
for (const b of bad) console.log(`  ${b.runtime} #${b.run} seed ${b.seed ?? "?"}: ${b.status} ${b.key}\n      ${b.message}`);
console.log(bad.length === 0 ? "no flake: every test of every run passed" : `${bad.length} results other than PASS`);
process.exit(bad.length === 0 ? 0 : 1);
