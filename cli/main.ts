/**
 * Runtime edge: the `ipckit` command. Parses arguments, runs the suite
 * (isolated in a worker unless told otherwise), writes the reports to
 * standard output and files, and sets the exit status.
 *
 * @module
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { adapterFromModule } from "../conformance/adapter.ts";
import type { RunEvent } from "../conformance/events.ts";
import { createReporter } from "../conformance/report/index.ts";
import type { Reporter } from "../conformance/report/index.ts";
import { LoadError, runSuite } from "../conformance/orchestrator.ts";
import { CLAUSES } from "../spec/registry.ts";
import { USAGE, UsageError, parseArgs } from "./args.ts";
import { formatClauses } from "./clauses.ts";
import type { BenchCommand, ClausesCommand, TestCommand } from "./args.ts";
import { runBenchCommand } from "./bench.ts";
import { runIsolated } from "./isolate.ts";
import { importModule, siblingUrl, toModuleUrl } from "./load.ts";

/** Where the CLI writes; replaceable in tests. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTty: boolean;
}

const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
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
  let command;
  try {
    command = parseArgs(argv, io.env);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`ipckit: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  switch (command.command) {
    case "help":
      io.stdout(`${USAGE}\n`);
      return 0;
    case "version":
      io.stdout(`ipckit ${version()}\n`);
      return 0;
    case "bench":
      return runBench(command, io);
    case "clauses":
      io.stdout(listClauses(command));
      return 0;
    case "test":
      return runTestCommand(command, io);
  }
}

function colorOf(command: { readonly color?: boolean }, io: Io): boolean {
  return command.color ?? (io.isTty && io.env["NO_COLOR"] === undefined);
}

function runBench(command: BenchCommand, io: Io): Promise<number> {
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

async function runTestCommand(command: TestCommand, io: Io): Promise<number> {
  const moduleUrl = command.module === undefined ? siblingUrl("../reference/adapter") : toModuleUrl(command.module);
  const shown = command.module ?? "";
  const color = colorOf(command, io);
  const rerun = (clause: string, seed: number): string =>
    `ipckit test ${shown ? `${shown} ` : ""}--clause ${clause} --seed ${seed}`;
  const files = new Map<string, string>();
  const reporters: Reporter[] = command.reporters.map((target) => {
    const file = target.file;
    const write =
      file === undefined ? io.stdout : (text: string) => void files.set(file, (files.get(file) ?? "") + text);
    return createReporter(target.format, write, { color: file === undefined && color, rerun });
  });
  const options = {
    ...(command.grep === undefined ? {} : { grep: command.grep }),
    clauses: command.clauses,
    ...(command.seed === undefined ? {} : { seed: command.seed }),
    ...(command.numRuns === undefined ? {} : { numRuns: command.numRuns }),
    ...(command.timeoutMs === undefined ? {} : { timeoutMs: command.timeoutMs }),
    ...(command.timeoutMultiplier === undefined ? {} : { timeoutMultiplier: command.timeoutMultiplier }),
  };

  const cannotLoad = (error: unknown): number => {
    io.stderr(`ipckit: could not load ${shown || moduleUrl}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  };
  let events: AsyncGenerator<RunEvent>;
  if (command.isolate) {
    events = runIsolated(moduleUrl, options);
  } else {
    try {
      events = runSuite(adapterFromModule(await importModule(moduleUrl)), options);
    } catch (error) {
      return cannotLoad(error);
    }
  }
  let ok = false;
  let total = 0;
  try {
    for await (const event of events) {
      for (const reporter of reporters) reporter.event(event);
      if (event.type === "start") total = event.total;
      if (event.type === "end") ok = event.ok;
    }
  } catch (error) {
    if (error instanceof LoadError) return cannotLoad(error);
    throw error;
  }
  for (const [file, text] of files) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  if (total === 0) {
    io.stderr("ipckit: no test matched the selection\n");
    return 2;
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
