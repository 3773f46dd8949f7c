/**
 * Runtime edge: phase A's {@link SubmissionRunner}. Each submission is
 * prepared by the grader (compiled and copied, without running it; see
 * ./bundle.ts), then run in child processes
 * of its own through {@link processExecutor}: the grader's orchestrator
 * keeps the plan, the budget and the timeout streaks and builds the event
 * stream; the child runs one test at a time beside the implementation.
 * Phase B swaps the executor for the implementation protocol (the tests
 * then run in the grader and only the implementation in the child).
 *
 * @module
 */

import { chmodSync, mkdirSync, realpathSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { RunEvent } from "../../conformance/events.ts";
import type { GradePlan } from "../../conformance/grade/plan.ts";
import type { RunStop, Submission, SubmissionRun, SubmissionRunner } from "../../conformance/grade/runner.ts";
import { LoadError, orchestrate } from "../../conformance/orchestrator.ts";
import { resolveRunOptions } from "../../conformance/runner.ts";
import { killGraceMs } from "../isolate.ts";
import { BuildError, bundleSubmission, packageRoot, runtimeReadPaths } from "./bundle.ts";
import { processExecutor } from "./process-executor.ts";

/** How the runner starts children. */
export interface ProcessRunnerOptions {
  /** A folder of the grader's for prepared submissions (one subfolder each). */
  readonly scratch: string;
  /**
   * When the grader runs as root, children run as unprivileged users: each
   * submission running at once gets its own user ID (and group ID), from
   * this one up, so that none can signal the grader or another submission;
   * default {@link DEFAULT_BASE_UID}. Ignored when the grader is not root.
   */
  readonly uid?: number;
}

/** The first user ID given to submissions when the grader runs as root. */
export const DEFAULT_BASE_UID = 61000;

/**
 * Why a user other than the owner could not read a path: a folder on the
 * way that others cannot enter, or the path itself not readable by others.
 *
 * @param path - an absolute path
 * @returns the reason, or `undefined` when others can read it
 */
export function unreachable(path: string): string | undefined {
  const parts = path.split("/").filter((part) => part !== "");
  for (let i = 0; i <= parts.length; i++) {
    const prefix = `/${parts.slice(0, i).join("/")}`;
    let mode: number;
    let directory: boolean;
    try {
      const stats = statSync(prefix);
      mode = stats.mode;
      directory = stats.isDirectory();
    } catch {
      return `${prefix} does not exist`;
    }
    if (directory && (mode & 0o001) === 0) return `others cannot enter ${prefix}`;
    if (i === parts.length && (mode & 0o004) === 0) return `others cannot read ${prefix}`;
  }
  return undefined;
}

/** Escapes text for a regular expression. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Replaces the grader's private paths in a text a student will read: the
 * submission's own folder (and its prepared copy) becomes `.`, the rest of the grader's folder `<prepared>`.
 */
function scrub(value: unknown, replacements: readonly (readonly [string, string])[]): unknown {
  if (typeof value === "string") {
    let text = value;
    for (const [from, to] of replacements) text = text.split(from).join(to);
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => scrub(item, replacements));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item, replacements)]));
  }
  return value;
}

/** The child entry module: always the built one, also when the grader runs from source. */
function childEntry(root: string): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith(".ts") ? join(root, "dist", "cli", "grade", "child.js") : join(dirname(here), "child.js");
}

/**
 * Phase A's runner (see the module's summary).
 *
 * @param options - the scratch folder and who children run as
 * @returns the runner
 */
export function processRunner(options: ProcessRunnerOptions): SubmissionRunner {
  const root = packageRoot();
  const readPaths = runtimeReadPaths(root);
  const entry = childEntry(root);
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const baseUid = options.uid ?? DEFAULT_BASE_UID;
  // User IDs of the submissions running now; each takes the lowest free one.
  const inUse = new Set<number>();
  const takeUid = (): number | undefined => {
    if (!asRoot) return undefined;
    let uid = baseUid;
    while (inUse.has(uid)) uid++;
    inUse.add(uid);
    return uid;
  };
  mkdirSync(options.scratch, { recursive: true });
  chmodSync(options.scratch, 0o755);
  if (asRoot) {
    for (const path of [...readPaths, entry, options.scratch]) {
      const problem = unreachable(path);
      if (problem !== undefined) {
        throw new Error(`ipckit grade runs submissions as unprivileged users, who cannot reach ${path} (${problem}); make it readable to all (chmod o+rx), or grade from a folder that is`);
      }
    }
  }
  let count = 0;

  return {
    async run(submission: Submission, plan: GradePlan): Promise<SubmissionRun> {
      const started = performance.now();
      const finish = (events: RunEvent[], stopped: RunStop | undefined, notes: string[] = [], peakRssMb?: number, cpuMs?: number): SubmissionRun => ({
        events,
        ...(stopped === undefined ? {} : { stopped }),
        durationMs: performance.now() - started,
        ...(peakRssMb === undefined ? {} : { peakRssMb }),
        ...(cpuMs === undefined ? {} : { cpuMs }),
        notes,
      });
      if (submission.entry === undefined) return finish([], { kind: "load", detail: submission.problem ?? "no adapter found" });
      const config = plan.config;
      const budgetMs = config.budgetSeconds * 1000 * config.timeoutMultiplier;
      const runOptions = { seed: config.seed, numRuns: config.numRuns, timeoutMs: config.timeoutMs, timeoutMultiplier: config.timeoutMultiplier };
      const resolved = resolveRunOptions(runOptions);
      const outDir = join(options.scratch, String(++count).padStart(4, "0"));
      // Paths a student reads as their own folder: the submission's, as
      // given and real, and its prepared copy's.
      const folders = [...new Set([dirname(submission.entry), dirname(realpathSync(submission.entry))])];
      const replacements: [string, string][] = [];
      for (const folder of [...folders.map((f) => join(outDir, "files", f)), ...folders]) {
        replacements.push([`${pathToFileURL(folder).href}/`, "./"], [`${folder}/`, "./"]);
      }
      replacements.push([outDir, "<prepared>"]);
      let moduleUrl: string;
      let packages: readonly string[];
      try {
        ({ url: moduleUrl, readPaths: packages } = await bundleSubmission(submission.entry, outDir, root));
      } catch (error) {
        const detail = error instanceof BuildError ? `it does not build: ${error.message}` : String(error);
        return finish([], { kind: "load", detail: scrub(detail, replacements) as string });
      }
      const uid = takeUid();
      const executor = processExecutor(
        { entry, readPaths: [...readPaths, ...packages, outDir], cwd: outDir, memoryMb: config.memoryMb, ...(uid === undefined ? {} : { uid, gid: uid }) },
        {
          moduleUrl,
          options: resolved,
          loadTimeoutMs: config.loadTimeoutMs * config.timeoutMultiplier,
          deadline: started + budgetMs + killGraceMs(resolved.timeoutMs),
          killLimit: config.timeoutStreak,
        },
      );
      const keys = plan.tests.map((test) => escapeRegExp(test.key));
      const events: RunEvent[] = [];
      let stopped: RunStop | undefined;
      try {
        const run = orchestrate(executor, {
          grep: new RegExp(`^(?:${keys.join("|")})$`),
          ...runOptions,
          maxTimeMs: budgetMs,
          timeoutStreak: config.timeoutStreak,
        });
        for await (const event of run) events.push(scrub(event, replacements) as RunEvent);
      } catch (error) {
        if (!(error instanceof LoadError)) throw error;
        const outOfMemory = /ran out of memory/.test(error.message);
        stopped = outOfMemory ? { kind: "out-of-memory", detail: scrub(error.message, replacements) as string } : { kind: "load", detail: scrub(error.message, replacements) as string };
      } finally {
        await executor.close();
        if (uid !== undefined) inUse.delete(uid);
      }
      return finish(events, stopped, executor.notes(), executor.peakRssMb(), executor.cpuMs());
    },
  };
}
