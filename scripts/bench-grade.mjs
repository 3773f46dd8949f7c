#!/usr/bin/env node
// Measures `ipckit grade` on a generated class: N submissions of a pipes-and-
// queues assignment (features pipe and mq), mostly wrappers of the reference
// with assorted bugs, 5% that spin (tryReceive on an empty queue loops
// forever) and 5% that hang (a blocking pipe read that never settles). It
// grades them with the built grader (run `npm run build` first) and prints the
// wall time, the time per submission, the peak memory of each submission's
// process (the kernel's VmHWM, Linux only) and of the grader, and the
// extrapolation to 200 submissions. The target (issue 16): 200 submissions in
// at most 10 minutes on a 2-core machine, at most 1 GiB per worker.
//
//   node scripts/bench-grade.mjs [--n 200] [-j 2] [--num-runs 25] [--timeout-multiplier 1] [--keep]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";

const dist = new URL("../dist/", import.meta.url);
const { resolveGradeConfig } = await import(new URL("conformance/grade/config.js", dist).href);
const { planGrade } = await import(new URL("conformance/grade/plan.js", dist).href);
const { allTests } = await import(new URL("conformance/suite.js", dist).href);
const { CLAUSES } = await import(new URL("spec/registry.js", dist).href);
const { processRunner } = await import(new URL("cli/grade/process-runner.js", dist).href);
const { findSubmissions } = await import(new URL("cli/grade/submissions.js", dist).href);
const { gradeClass, writeSubmissionFiles, writeSummary, folderName } = await import(new URL("cli/grade/grade.js", dist).href);

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}
const n = option("--n", 200);
const jobs = option("-j", availableParallelism());
const numRuns = option("--num-runs", 25);
const timeoutMultiplier = option("--timeout-multiplier", 1);
const keep = process.argv.includes("--keep");

// What each generated submission does differently from the reference.
const BUGS = {
  none: "",
  epipe: `end: (real) => ({
      write: (data, options) => real.write(data, options).catch((e) => Promise.reject(IpcError.is(e, "EPIPE") ? new IpcError("EBADF", "write") : e)),
    }),`,
  partial: `end: (real) => ({
      tryWrite: (data) => real.tryWrite(data.length > 1 && data.length <= 4096 ? data.subarray(0, Math.max(1, data.length - 1)) : data),
    }),`,
  dropsWhenFull: `queue: (real) => ({
      trySend: (data, priority) => { if (real.getAttributes().currentMessages < real.getAttributes().maxMessages) real.trySend(data, priority); },
    }),`,
  noPriority: `queue: (real) => ({
      trySend: (data) => real.trySend(data, 0),
      send: (data, _priority, options) => real.send(data, 0, options),
    }),`,
  pipesOnly: "pipesOnly: true,",
  blockingEnosys: `end: () => ({ read: () => { throw new IpcError("ENOSYS", "read"); } }),`,
  spin: `queue: (real) => ({
      tryReceive: (buffer) => { while (real.getAttributes().currentMessages === 0) { /* spin */ } return real.tryReceive(buffer); },
    }),`,
  hang: `end: () => ({ read: () => new Promise(() => {}) }),`,
};
const ORDINARY = ["none", "none", "none", "epipe", "none", "partial", "dropsWhenFull", "none", "noPriority", "pipesOnly", "none", "blockingEnosys"];

function bugOf(i) {
  if (i % 20 === 7) return "spin";
  if (i % 20 === 13) return "hang";
  return ORDINARY[i % ORDINARY.length];
}

function adapterSource(bug) {
  return `import { defineAdapter } from "ipckit/conformance";
import { createSystem } from "ipckit/reference";
import { IpcError } from "ipckit/spec";

const mistakes = {
  ${BUGS[bug]}
};

function overlay(target, replaced) {
  return new Proxy(target, {
    get(t, property) {
      if (Object.hasOwn(replaced, property)) return replaced[property];
      const value = Reflect.get(t, property, t);
      return typeof value === "function" ? value.bind(t) : value;
    },
  });
}
const wrapEnd = (real) => overlay(real, { dup: () => wrapEnd(real.dup()), ...mistakes.end?.(real) });
const wrapProcess = (real) =>
  overlay(real, {
    pipe: (...args) => real.pipe(...args).map(wrapEnd),
    fork: () => wrapProcess(real.fork()),
    mqOpen: (...args) => { const queue = real.mqOpen(...args); return overlay(queue, mistakes.queue?.(queue) ?? {}); },
  });

export default defineAdapter({
  name: "generated (${bug})",
  supports: mistakes.pipesOnly ? { pipe: true, signal: true, process: true } : { pipe: true, mq: true, signal: true, process: true },
  createSystem() {
    const system = createSystem();
    return { spawn: (options) => wrapProcess(system.spawn(options)) };
  },
});
`;
}

const work = mkdtempSync(join(tmpdir(), "ipckit-bench-grade-"));
const subs = join(work, "submissions");
const bugs = new Map();
for (let i = 0; i < n; i++) {
  const student = `s${String(i).padStart(4, "0")}`;
  bugs.set(student, bugOf(i));
  mkdirSync(join(subs, student), { recursive: true });
  writeFileSync(join(subs, student, "adapter.ts"), adapterSource(bugOf(i)));
}

const config = resolveGradeConfig({ title: "bench: pipes and queues", features: ["pipe", "mq"], numRuns, seed: 1, budgetSeconds: 60, timeoutMultiplier });
const plan = planGrade(config, allTests(), CLAUSES);
const submissions = findSubmissions(subs, config.entry);
const out = join(work, "out");
const load = loadavg();
process.stdout.write(
  `Grading ${n} generated submissions (${[...bugs.values()].filter((b) => b === "spin").length} spin, ${[...bugs.values()].filter((b) => b === "hang").length} hang), ${jobs} at a time: ${plan.tests.length} tests over ${plan.clauses.length} clauses each, ${numRuns} runs per property test.\n` +
    `Load average before: ${load.map((l) => l.toFixed(2)).join(" ")} on ${availableParallelism()} cores.\n`,
);
// Straight under the temporary folder: submissions run as other users (when
// the grader is root) and must reach their bundles.
const scratch = mkdtempSync(join(tmpdir(), "ipckit-bench-scratch-"));
const graderCpuBefore = process.cpuUsage();
const started = performance.now();
let done = 0;
const graded = await gradeClass({
  submissions,
  plan,
  runner: processRunner({ scratch }),
  jobs,
  version: "bench",
  onGraded: (one) => {
    writeSubmissionFiles(one, plan, join(out, folderName(one.submission.student)), false);
    done++;
    if (done % 10 === 0 || done === n) process.stdout.write(`  ${done}/${n} after ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  },
});
writeSummary(graded, plan, out, "bench");
const wall = (performance.now() - started) / 1000;

const seconds = graded.map((g) => g.run.durationMs / 1000).sort((a, b) => a - b);
const quantile = (q) => seconds[Math.min(seconds.length - 1, Math.floor(q * seconds.length))];
const byBug = new Map();
for (const g of graded) {
  const bug = bugs.get(g.submission.student);
  const entry = byBug.get(bug) ?? { count: 0, seconds: 0, score: 0 };
  entry.count++;
  entry.seconds += g.run.durationMs / 1000;
  entry.score += g.score.score;
  byBug.set(bug, entry);
}
const peaks = graded.map((g) => g.run.peakRssMb).filter((m) => m !== undefined);
const childCpu = graded.reduce((sum, g) => sum + (g.run.cpuMs ?? 0), 0) / 1000;
const graderCpu = (() => {
  const { user, system } = process.cpuUsage(graderCpuBefore);
  return (user + system) / 1e6;
})();
const cores = availableParallelism();
// On an idle machine the run cannot be faster than its CPU time spread over
// the cores, nor than its longest submission.
const idleEstimate = Math.max((childCpu + graderCpu) / Math.min(cores, jobs), seconds.at(-1));
const graderMb = process.resourceUsage().maxRSS / 1024;
const failures = graded.filter((g) => g.graderError !== undefined).length;
// Correct submissions must get full marks: anything less is a false failure
// (on a loaded machine, a time limit too short for it).
const correct = graded.filter((g) => bugs.get(g.submission.student) === "none");
const falseFailures = correct.filter((g) => g.score.score < g.score.maxScore);
const perSubmission = wall / n;
const extrapolated = (perSubmission * 200) / 60;

const lines = [
  "",
  `| measure | value |`,
  `|---|---|`,
  `| submissions | ${n} (${jobs} at a time) |`,
  `| wall time | ${wall.toFixed(1)} s (${perSubmission.toFixed(2)} s per submission) |`,
  `| extrapolated to 200 | ${extrapolated.toFixed(1)} min (target: at most 10) |`,
  `| CPU time | ${childCpu.toFixed(1)} s in the submissions' processes (${(childCpu / n).toFixed(2)} s each), ${graderCpu.toFixed(1)} s in the grader |`,
  `| idle-machine estimate | ${idleEstimate.toFixed(1)} s for these ${n} (CPU time over ${Math.min(cores, jobs)} cores); ${((idleEstimate / n) * 200 / 60).toFixed(1)} min for 200 |`,
  `| time per submission | median ${quantile(0.5).toFixed(1)} s, 95th percentile ${quantile(0.95).toFixed(1)} s, max ${seconds.at(-1).toFixed(1)} s |`,
  `| peak memory of one submission's process | ${peaks.length === 0 ? "not measured" : `${Math.max(...peaks).toFixed(0)} MiB (median ${peaks.sort((a, b) => a - b)[Math.floor(peaks.length / 2)].toFixed(0)} MiB)`} (target: at most 1024) |`,
  `| peak memory of the grader | ${graderMb.toFixed(0)} MiB |`,
  `| grader failures | ${failures} |`,
  `| correct submissions below full marks | ${falseFailures.length} of ${correct.length}${falseFailures.length === 0 ? "" : ` (${[...new Set(falseFailures.flatMap((g) => g.score.clauses.filter((c) => c.status !== "PASS").map((c) => `${c.id} ${c.status}`)))].join(", ")})`} |`,
  `| timeout multiplier | ${timeoutMultiplier} |`,
  `| load average after | ${loadavg().map((l) => l.toFixed(2)).join(" ")} |`,
  "",
  `| kind | submissions | mean time | mean score of ${plan.maxScore} |`,
  `|---|---|---|---|`,
  ...[...byBug].map(([bug, e]) => `| ${bug} | ${e.count} | ${(e.seconds / e.count).toFixed(1)} s | ${(e.score / e.count).toFixed(1)} |`),
  "",
];
process.stdout.write(lines.join("\n"));
rmSync(scratch, { recursive: true, force: true });
if (keep) process.stdout.write(`Kept ${work}\n`);
else rmSync(work, { recursive: true, force: true });
process.exitCode = failures === 0 ? 0 : 1;
