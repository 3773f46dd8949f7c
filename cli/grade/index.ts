/**
 * Runtime edge: `ipckit grade`, grading a class with the conformance suite.
 *
 * ```
 * ipckit grade <submissions> [--config FILE] [--out DIR] [-j N] [--reveal-hidden]
 * ipckit grade --gradescope [--config FILE] [--autograder-root DIR]
 * ipckit grade --github-classroom [<folder>] [--config FILE] [--out DIR]
 * ipckit grade init --gradescope | --github-classroom [--config FILE] [--out DIR] [--force]
 * ipckit grade check <results.json> <CLAUSE>
 * ```
 *
 * Each submission runs in child processes of its own (see
 * ./process-runner.ts); the grader scores it and writes every output.
 *
 * @module
 */

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import process from "node:process";
import { GradeConfigError, resolveGradeConfig } from "../../conformance/grade/config.ts";
import type { ResolvedGradeConfig } from "../../conformance/grade/config.ts";
import { feedbackMarkdown } from "../../conformance/grade/feedback.ts";
import { formatResults } from "../../conformance/grade/gradescope.ts";
import { planGrade } from "../../conformance/grade/plan.ts";
import type { GradePlan } from "../../conformance/grade/plan.ts";
import type { SubmissionRunner } from "../../conformance/grade/runner.ts";
import { allTests } from "../../conformance/suite.ts";
import { CLAUSES } from "../../spec/registry.ts";
import { runtimeKind } from "../load.ts";
import { packageRoot } from "./bundle.ts";
import { GRADE_USAGE } from "./usage.ts";

export { GRADE_USAGE } from "./usage.ts";
import { folderName, gradeClass, gradeOne, progressLine, writeSubmissionFiles, writeSummary } from "./grade.ts";
import { CONFIG_FILE, githubClassroomWorkflow, gradescopeBundle, starterConfig, writeFiles } from "./init.ts";
import { processRunner } from "./process-runner.ts";
import { SubmissionsError, findSubmissions, submissionOf } from "./submissions.ts";

/** Where the command writes. */
export interface GradeIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
}



class UsageError extends Error {}

/** The parsed command. */
interface Parsed {
  readonly mode: "class" | "gradescope" | "github-classroom" | "init-gradescope" | "init-github-classroom" | "check" | "help";
  readonly positional: readonly string[];
  readonly config?: string;
  readonly out?: string;
  readonly jobs?: number;
  readonly revealHidden: boolean;
  readonly force: boolean;
  readonly autograderRoot?: string;
  readonly uid?: number;
}

function parse(args: readonly string[]): Parsed {
  const positional: string[] = [];
  let config: string | undefined;
  let out: string | undefined;
  let jobs: number | undefined;
  let revealHidden = false;
  let force = false;
  let autograderRoot: string | undefined;
  let uid: number | undefined;
  let gradescope = false;
  let classroom = false;
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const value = (): string => {
      const v = eq === -1 ? args[++i] : arg.slice(eq + 1);
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const integer = (min: number): number => {
      const text = value();
      const n = Number(text);
      if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag}: invalid value "${text}"`);
      return n;
    };
    switch (flag) {
      case "--config":
        config = value();
        break;
      case "--out":
        out = value();
        break;
      case "-j":
      case "--jobs":
        jobs = integer(1);
        break;
      case "--reveal-hidden":
        revealHidden = true;
        break;
      case "--force":
        force = true;
        break;
      case "--gradescope":
        gradescope = true;
        break;
      case "--github-classroom":
        classroom = true;
        break;
      case "--autograder-root":
        autograderRoot = value();
        break;
      case "--uid":
        uid = integer(0);
        break;
      case "--help":
      case "-h":
        help = true;
        break;
      default:
        if (arg.startsWith("-")) throw new UsageError(`unknown option for grade: ${arg}`);
        positional.push(arg);
    }
  }
  if (help) return { mode: "help", positional, revealHidden, force };
  if (gradescope && classroom) throw new UsageError("--gradescope and --github-classroom do not go together");
  const common = {
    ...(config === undefined ? {} : { config }),
    ...(out === undefined ? {} : { out }),
    ...(jobs === undefined ? {} : { jobs }),
    ...(autograderRoot === undefined ? {} : { autograderRoot }),
    ...(uid === undefined ? {} : { uid }),
    revealHidden,
    force,
  };
  if (positional[0] === "init") {
    if (positional.length > 1) throw new UsageError(`grade init takes no folder (got "${positional[1]}"); use --out`);
    if (!gradescope && !classroom) throw new UsageError("grade init needs --gradescope or --github-classroom");
    return { mode: gradescope ? "init-gradescope" : "init-github-classroom", positional: [], ...common };
  }
  if (positional[0] === "check") {
    if (positional.length !== 3) throw new UsageError("grade check needs a results file and a clause: ipckit grade check RESULTS.json CLAUSE");
    return { mode: "check", positional: positional.slice(1), ...common };
  }
  if (gradescope) {
    if (positional.length > 0) throw new UsageError("grade --gradescope reads /autograder/submission (or --autograder-root); it takes no submissions argument");
    return { mode: "gradescope", positional, ...common };
  }
  if (classroom) {
    if (positional.length > 1) throw new UsageError("grade --github-classroom takes one folder at most");
    return { mode: "github-classroom", positional, ...common };
  }
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? "grade needs the submissions: a folder or a glob" : `one submissions argument at a time (got ${positional.length}); quote a glob`);
  return { mode: "class", positional, ...common };
}

/** ipckit's version, from its package.json. */
function version(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** Reads and checks a configuration file (none: every default). */
function loadConfig(file: string | undefined): ResolvedGradeConfig {
  if (file === undefined) return resolveGradeConfig(undefined);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new GradeConfigError(file, [`cannot read it: ${error instanceof Error ? error.message : String(error)}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new GradeConfigError(file, [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
  return resolveGradeConfig(json, file);
}

function defaultJobs(): number {
  return typeof availableParallelism === "function" ? availableParallelism() : Math.max(1, cpus().length);
}

/** Makes a scratch folder for prepared submissions, removed when `work` is done. */
async function withScratch<T>(work: (scratch: string) => Promise<T>): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), "ipckit-grade-"));
  try {
    return await work(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Makes the runner; replaceable by tests of this module. */
export type RunnerFactory = (options: { scratch: string; uid?: number }) => SubmissionRunner;

const defaultRunner: RunnerFactory = (options) => processRunner({ scratch: options.scratch, ...(options.uid === undefined ? {} : { uid: options.uid }) });

/**
 * Runs `ipckit grade`.
 *
 * @param args - the arguments after `ipckit grade`
 * @param io - where output goes, and the environment
 * @param makeRunner - how submissions are run (default: phase A's child processes)
 * @returns the exit status: 0 graded, 1 the grader failed on a submission, 2 a usage or configuration error
 */
export async function runGradeCommand(args: readonly string[], io: GradeIo, makeRunner: RunnerFactory = defaultRunner): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parse(args);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`ipckit grade: ${error.message} (see ipckit help grade)\n`);
      return 2;
    }
    throw error;
  }
  if (parsed.mode === "help") {
    io.stdout(`${GRADE_USAGE}\n`);
    return 0;
  }
  if (parsed.mode === "check") return check(parsed.positional[0]!, parsed.positional[1]!, io);
  const grading = parsed.mode === "class" || parsed.mode === "gradescope" || parsed.mode === "github-classroom";
  if (grading && process.platform === "win32") {
    io.stderr("ipckit grade: grading runs submissions in process groups under a POSIX shell; it needs Linux or macOS\n");
    return 2;
  }
  if (grading && runtimeKind() !== "node") {
    io.stderr(`ipckit grade: grading starts each submission under Node's permission model; run it with Node (not ${runtimeKind()})\n`);
    return 2;
  }
  const autograderRoot = resolve(parsed.autograderRoot ?? io.env["IPCKIT_AUTOGRADER_ROOT"] ?? "/autograder");
  const configFile = parsed.config ?? (parsed.mode === "gradescope" && existsSync(join(autograderRoot, "source", CONFIG_FILE)) ? join(autograderRoot, "source", CONFIG_FILE) : undefined);
  let plan: GradePlan;
  try {
    plan = planGrade(loadConfig(configFile), allTests(), CLAUSES);
  } catch (error) {
    if (error instanceof GradeConfigError) {
      io.stderr(`ipckit grade: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const v = version();
  try {
    return await runMode(parsed, plan, configFile, autograderRoot, v, io, makeRunner);
  } catch (error) {
    // The grader could not start grading at all (a folder it cannot write,
    // a package the submissions' users cannot read): say why, exit 2.
    io.stderr(`ipckit grade: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

async function runMode(
  parsed: Parsed,
  plan: GradePlan,
  configFile: string | undefined,
  autograderRoot: string,
  v: string,
  io: GradeIo,
  makeRunner: RunnerFactory,
): Promise<number> {
  const runnerOptions = (scratch: string): { scratch: string; uid?: number } => ({ scratch, ...(parsed.uid === undefined ? {} : { uid: parsed.uid }) });

  switch (parsed.mode) {
    case "init-gradescope": {
      const configText = configFile === undefined ? starterConfig(Math.floor(Math.random() * 0x7fffffff)) : readFileSync(configFile, "utf8");
      return init(parsed.out ?? "ipckit-autograder", gradescopeBundle(configText, v), parsed.force, io, "zip this folder's files and upload the zip as the Gradescope autograder");
    }
    case "init-github-classroom": {
      const files = githubClassroomWorkflow(plan, v);
      const configText = configFile === undefined ? starterConfig(Math.floor(Math.random() * 0x7fffffff)) : readFileSync(configFile, "utf8");
      const out = parsed.out ?? ".";
      const withConfig = existsSync(join(out, CONFIG_FILE)) && !parsed.force ? files : [...files, { path: CONFIG_FILE, text: configText }];
      if (configFile === undefined) io.stderr(`ipckit grade: the workflow gives every clause 1 point; edit ${CONFIG_FILE} and run init again with --config ${CONFIG_FILE} --force to match it\n`);
      return init(out, withConfig, parsed.force, io, "commit these files to the assignment's starter repository");
    }
    case "gradescope": {
      const submission = submissionOf(join(autograderRoot, "submission"), plan.config.entry, "submission", 2);
      const graded = await withScratch((scratch) => gradeOne(submission, plan, makeRunner(runnerOptions(scratch)), v));
      const resultsDir = join(autograderRoot, "results");
      writeSubmissionFiles(graded, plan, resultsDir, false);
      io.stdout(`${progressLine(graded)}\n\n${feedbackMarkdown(graded.score, plan, { revealHidden: true })}`);
      if (graded.graderError !== undefined) io.stderr(`ipckit grade: the grader failed: ${graded.graderError}\n`);
      return graded.graderError === undefined ? 0 : 1;
    }
    case "github-classroom": {
      const folder = parsed.positional[0] ?? ".";
      const submission = submissionOf(folder, plan.config.entry, "submission", 2);
      const graded = await withScratch((scratch) => gradeOne(submission, plan, makeRunner(runnerOptions(scratch)), v));
      writeSubmissionFiles(graded, plan, parsed.out ?? ".ipckit-grade", false);
      io.stdout(`${progressLine(graded)}\n\n${feedbackMarkdown(graded.score, plan)}`);
      if (graded.graderError !== undefined) io.stderr(`ipckit grade: the grader failed: ${graded.graderError}\n`);
      return graded.graderError === undefined ? 0 : 1;
    }
    case "class": {
      let submissions;
      try {
        submissions = findSubmissions(parsed.positional[0]!, plan.config.entry);
      } catch (error) {
        if (error instanceof SubmissionsError) {
          io.stderr(`ipckit grade: ${error.message}\n`);
          return 2;
        }
        throw error;
      }
      const out = parsed.out ?? "grades";
      const jobs = parsed.jobs ?? defaultJobs();
      const started = performance.now();
      io.stdout(`Grading ${submissions.length} ${submissions.length === 1 ? "submission" : "submissions"}, ${jobs} at a time: ${plan.tests.length} tests over ${plan.clauses.length} clauses, ${plan.maxScore} points, seed ${plan.config.seed}.\n`);
      const graded = await withScratch((scratch) =>
        gradeClass({
          submissions,
          plan,
          runner: makeRunner(runnerOptions(scratch)),
          jobs,
          version: v,
          onGraded: (one) => {
            writeSubmissionFiles(one, plan, join(out, folderName(one.submission.student)), parsed.revealHidden);
            io.stdout(`${progressLine(one)}\n`);
            if (one.graderError !== undefined) io.stderr(`ipckit grade: the grader failed on ${one.submission.student}: ${one.graderError}\n`);
          },
        }),
      );
      writeSummary(graded, plan, out, v);
      const failed = graded.filter((g) => g.graderError !== undefined).length;
      io.stdout(`Graded ${graded.length} in ${((performance.now() - started) / 1000).toFixed(1)} s. Summary: ${join(out, "summary.html")}, ${join(out, "summary.csv")}\n`);
      return failed === 0 ? 0 : 1;
    }
    case "help":
    case "check":
      throw new Error(`ipckit grade: mode ${parsed.mode} is handled before grading`);
  }
}

function init(out: string, files: Parameters<typeof writeFiles>[1], force: boolean, io: GradeIo, next: string): number {
  try {
    const written = writeFiles(out, files, force);
    io.stdout(`Wrote ${written.join(", ")}\nNext: ${next}.\n`);
    return 0;
  } catch (error) {
    io.stderr(`ipckit grade init: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

/** `grade check`: exit 0 when the clause earned all its points. */
function check(file: string, clause: string, io: GradeIo): number {
  let results: { tests?: { number?: string; score?: number; max_score?: number; status?: string; output?: string }[] };
  try {
    results = JSON.parse(readFileSync(file, "utf8")) as typeof results;
  } catch (error) {
    io.stderr(`ipckit grade check: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const test = results.tests?.find((t) => t.number === clause);
  if (test === undefined) {
    io.stderr(`ipckit grade check: ${file} has no clause ${clause}\n`);
    return 2;
  }
  io.stdout(`${test.output ?? ""}\n`);
  return test.status === "passed" ? 0 : 1;
}
