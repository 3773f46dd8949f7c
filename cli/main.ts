/**
 * Runtime edge: the `ipckit` command. Parses arguments, checks everything
 * it can before running anything (the module exists, every report
 * destination can be written, the selection matches tests), runs the suite
 * (isolated in a worker unless told otherwise) within the run's time limit,
 * writes the reports to standard output and files, and sets the exit status.
 *
 * @module
 */

import { runGradeCommand } from "./grade/index.ts";
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { describeValue } from "../conformance/assert.ts";
import type { RunEvent } from "../conformance/events.ts";
import { LoadError, runSuite } from "../conformance/orchestrator.ts";
import { createReporter, rerunCommand, shellWord } from "../conformance/report/index.ts";
import type { Reporter } from "../conformance/report/index.ts";
import { isSelected } from "../conformance/runner.ts";
import type { RunOptions } from "../conformance/runner.ts";
import { allTests } from "../conformance/suite.ts";
import { CLAUSES } from "../spec/registry.ts";
import { DEFAULT_MAX_TIME_S, UsageError, helpText, parseArgs } from "./args.ts";
import type { BenchCommand, ClausesCommand, HelpTopic, ReportTarget, TestCommand } from "./args.ts";
import { formatClauses } from "./clauses.ts";
import { runBenchCommand } from "./bench.ts";
import { runDemoCommand } from "./demo.ts";
import { runIsolated } from "./isolate.ts";
import { adapterOf, importModule, siblingUrl, toModuleUrl } from "./load.ts";

/** Where the CLI writes; replaceable in tests. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether standard output is a terminal (colours, and no default time limit). */
  readonly isTty: boolean;
}

/**
 * A reader of standard output that goes away (`ipckit test | head`) ends the
 * command quietly, as a shell tool does on SIGPIPE, instead of an unhandled
 * EPIPE with a stack trace.
 */
function stdoutWrite(text: string): void {
  if (!stdoutGuarded) {
    stdoutGuarded = true;
    process.stdout.on("error", (error: unknown) => {
      if (codeOf(error) === "EPIPE") process.exit(process.exitCode ?? 1);
      throw error;
    });
  }
  process.stdout.write(text);
}
let stdoutGuarded = false;

const processIo: Io = {
  stdout: stdoutWrite,
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  isTty: process.stdout.isTTY === true,
};

/** The package version, from the nearest package.json named ipckit. */
export function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const file = `${dir}/package.json`;
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (manifest.name === "ipckit") return manifest.version ?? "unknown";
    }
    dir = dirname(dir);
  }
  return "unknown";
}

/**
 * Runs the `ipckit` command.
 *
 * @param argv - the arguments after `ipckit`
 * @param io - where output goes; default the process's streams
 * @returns the exit status
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    const command = parseArgs(argv, io.env);
    switch (command.command) {
      case "help":
        io.stdout(`${helpText(command.topic)}\n`);
        return 0;
      case "version":
        io.stdout(`ipckit ${version()}\n`);
        return 0;
      case "demo":
        return await runDemoCommand(command.name, io);
      case "grade":
        return await runGradeCommand(command.args, io);
      case "bench":
        return await runBench(command, io);
      case "clauses":
        io.stdout(listClauses(command));
        return 0;
      case "test":
        return await runTestCommand(command, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.summary()}\n`);
      return 2;
    }
    throw error;
  }
}

function colorOf(command: { readonly color?: boolean }, io: Io): boolean {
  return command.color ?? (io.isTty && io.env["NO_COLOR"] === undefined);
}

async function runBench(command: BenchCommand, io: Io): Promise<number> {
  checkDestinations(command.reporters, "bench");
  if (command.module !== undefined) {
    const problem = moduleProblem(command.module);
    if (problem !== undefined) return cannotLoad(io, command.module, problem);
  }
  return runBenchCommand(
    {
      ...(command.module === undefined ? {} : { moduleUrl: toModuleUrl(command.module), label: command.module }),
      compare: command.compare,
      quick: command.quick,
      mechanisms: command.mechanisms,
      reporters: command.reporters,
      color: colorOf(command, io),
      ...(command.timeoutMs === undefined ? {} : { timeoutMs: command.timeoutMs }),
      version: version(),
    },
    io,
  );
}

function listClauses(command: ClausesCommand): string {
  return formatClauses(
    CLAUSES.filter((clause) => command.mechanism === undefined || clause.mechanism === command.mechanism),
    command.format,
  );
}

/** The error code of a Node file-system error, if it has one. */
function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** A file-system error in a few words: its code, or its message. */
function brief(error: unknown): string {
  return codeOf(error) ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Makes sure a report can be written to `file` before the run: the folders
 * on the way are created (one at a time: Node's recursive `mkdir` never
 * returns for a missing folder under `/proc`, which answers ENOENT for a
 * child of a folder that exists), and the file is opened for appending (and
 * removed again when it did not exist).
 *
 * @returns what is wrong, or `undefined` when a report can go there
 */
function destinationProblem(file: string): string | undefined {
  const path = resolve(file);
  let existed = false;
  try {
    existed = lstatSync(path) !== undefined;
    if (statSync(path).isDirectory()) return `${path} is a folder`;
  } catch (error) {
    if (codeOf(error) !== "ENOENT" && codeOf(error) !== "ENOTDIR") return `cannot write ${path} (${brief(error)})`;
  }
  const missing: string[] = [];
  for (let dir = dirname(path); ; ) {
    try {
      if (!statSync(dir).isDirectory()) return `${dir} is not a folder`;
      break;
    } catch (error) {
      if (codeOf(error) === "ENOTDIR") {
        missing.length = 0;
      } else if (codeOf(error) !== "ENOENT") {
        return `cannot reach the folder ${dir} (${brief(error)})`;
      } else {
        missing.push(dir);
      }
      const up = dirname(dir);
      if (up === dir) return `cannot reach the folder ${dir}`;
      dir = up;
    }
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (error) {
      if (codeOf(error) !== "EEXIST") return `cannot create the folder ${dir} (${brief(error)})`;
    }
  }
  try {
    closeSync(openSync(path, "a"));
  } catch (error) {
    return `cannot write ${path} (${brief(error)})`;
  }
  if (!existed) {
    try {
      unlinkSync(path);
    } catch {
      // The empty file stays; the report overwrites it.
    }
  }
  return undefined;
}

/** Checks every report destination; a bad one is a usage error. */
function checkDestinations(reporters: readonly ReportTarget[], topic: HelpTopic): void {
  for (const target of reporters) {
    if (target.file === undefined) continue;
    const problem = destinationProblem(target.file);
    if (problem !== undefined) throw new UsageError(`--reporter ${target.format}:${target.file}: ${problem}`, topic);
  }
}

/** What is wrong with the module path before anything tries to import it: missing, or a folder. */
function moduleProblem(specifier: string): string | undefined {
  let path: string;
  try {
    path = fileURLToPath(toModuleUrl(specifier));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  try {
    if (statSync(path).isDirectory()) return `${path} is a folder, not a module (name the file that exports the adapter)`;
  } catch (error) {
    return codeOf(error) === "ENOENT" || codeOf(error) === "ENOTDIR" ? `no such file: ${path}` : `cannot read ${path} (${brief(error)})`;
  }
  return undefined;
}

/** Says on one line why the module cannot be loaded; exit status 2. */
function cannotLoad(io: Io, shown: string, reason: string): number {
  const line = reason
    .split("\n")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .join(" ");
  io.stderr(`ipckit: could not load ${shown}: ${line}\n`);
  return 2;
}

/** The options a rerun needs to reproduce a test as it ran (the ones given on the command line). */
function rerunOptions(command: TestCommand): string[] {
  return [
    ...(command.numRuns === undefined ? [] : ["--num-runs", String(command.numRuns)]),
    ...(command.timeoutMs === undefined ? [] : ["--timeout", String(command.timeoutMs)]),
    ...(command.timeoutMultiplier === undefined ? [] : ["--timeout-multiplier", String(command.timeoutMultiplier)]),
  ];
}

/** The run's options, from the command and whether standard output is a terminal. */
export function runOptionsOf(command: TestCommand, isTty: boolean): RunOptions {
  const maxTimeS = command.maxTimeS ?? (isTty ? 0 : DEFAULT_MAX_TIME_S);
  return {
    ...(command.grep === undefined ? {} : { grep: command.grep }),
    clauses: command.clauses,
    ...(command.seed === undefined ? {} : { seed: command.seed }),
    ...(command.numRuns === undefined ? {} : { numRuns: command.numRuns }),
    ...(command.timeoutMs === undefined ? {} : { timeoutMs: command.timeoutMs }),
    ...(command.timeoutMultiplier === undefined ? {} : { timeoutMultiplier: command.timeoutMultiplier }),
    ...(maxTimeS > 0 ? { maxTimeMs: maxTimeS * 1000 } : {}),
    ...(command.timeoutStreak === undefined ? {} : { timeoutStreak: command.timeoutStreak === 0 ? Infinity : command.timeoutStreak }),
  };
}

async function runTestCommand(command: TestCommand, io: Io): Promise<number> {
  const shown = command.module ?? "";
  if (command.module !== undefined) {
    const problem = moduleProblem(command.module);
    if (problem !== undefined) return cannotLoad(io, shown, problem);
  }
  const options = runOptionsOf(command, io.isTty);
  if (!allTests().some((test) => isSelected(test, options))) {
    throw new UsageError(`no test matches the selection${command.grep === undefined ? "" : ` (--grep ${JSON.stringify(command.grep)})`}`, "test");
  }
  checkDestinations(command.reporters, "test");

  const moduleUrl = command.module === undefined ? siblingUrl("../reference/adapter") : toModuleUrl(command.module);
  const color = colorOf(command, io);
  const moduleWord = command.module === undefined ? undefined : shellWord(command.module);
  const extra = rerunOptions(command);
  const files = new Map<string, string>();
  const reporters: Reporter[] = command.reporters.map((target) => {
    const file = target.file;
    const write = file === undefined ? io.stdout : (text: string) => void files.set(file, (files.get(file) ?? "") + text);
    return createReporter(target.format, write, {
      color: file === undefined && color,
      rerun: (result, start) => rerunCommand(result.key, start.seed, moduleWord, extra),
      ...(command.verbose === true ? { verbose: true } : {}),
    });
  });

  let events: AsyncGenerator<RunEvent>;
  if (command.isolate) {
    events = runIsolated(moduleUrl, options);
  } else {
    let namespace: Record<string, unknown>;
    try {
      namespace = await importModule(moduleUrl);
    } catch (error) {
      return cannotLoad(io, shown || moduleUrl, describeValue(error));
    }
    try {
      events = runSuite(adapterOf(namespace), options);
    } catch (error) {
      return cannotLoad(io, shown || moduleUrl, error instanceof Error ? error.message : describeValue(error));
    }
  }
  let ok = false;
  try {
    for await (const event of events) {
      for (const reporter of reporters) reporter.event(event);
      if (event.type === "end") ok = event.ok;
    }
  } catch (error) {
    if (error instanceof LoadError) return cannotLoad(io, shown || "the reference", error.message);
    throw error;
  }
  for (const [file, text] of files) {
    try {
      writeFileSync(file, text);
    } catch (error) {
      io.stderr(`ipckit: could not write the report ${file} (${brief(error)})\n`);
      return 2;
    }
  }
  if (command.bench === true) {
    // The quick benchmarks of the same implementation, after the report: on
    // standard output beside a pretty report, else on standard error so that
    // a machine-readable report on standard output stays whole.
    const prettyOnStdout = command.reporters.some((r) => r.file === undefined && r.format === "pretty");
    const write = prettyOnStdout ? io.stdout : io.stderr;
    write("\n");
    await runBenchCommand(
      {
        ...(command.module === undefined ? {} : { moduleUrl, label: command.module }),
        compare: false,
        quick: true,
        mechanisms: [],
        reporters: [{ format: "pretty" }],
        color: prettyOnStdout && color,
        version: version(),
      },
      { stdout: write, stderr: io.stderr },
    );
  }
  return ok ? 0 : 1;
}
