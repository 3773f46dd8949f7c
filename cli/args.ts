/**
 * The command line: parsing `ipckit` arguments into a command and options.
 * Pure (no I/O), so it is tested on its own.
 *
 * @module
 */

import { BENCH_MECHANISMS, BENCH_REPORTERS } from "../conformance/bench/types.ts";
import { REPORTERS } from "../conformance/report/index.ts";

/** Where one report goes: a format and, optionally, a file (else standard output). */
export interface ReportTarget {
  readonly format: string;
  readonly file?: string;
}

/** A parsed `ipckit test` command. */
export interface TestCommand {
  readonly command: "test";
  /** The adapter module; absent: the reference implementation. */
  readonly module?: string;
  readonly grep?: string;
  readonly clauses: readonly string[];
  readonly reporters: readonly ReportTarget[];
  readonly seed?: number;
  readonly numRuns?: number;
  readonly timeoutMs?: number;
  readonly timeoutMultiplier?: number;
  /** Run in this thread instead of a killable worker (for debugging). */
  readonly isolate: boolean;
  readonly color?: boolean;
  /** After the run, measure the same implementation with the quick benchmarks and print their report. */
  readonly bench?: boolean;
}

/** A parsed `ipckit bench` command. */
export interface BenchCommand {
  readonly command: "bench";
  /** The adapter module; absent: the reference implementation. */
  readonly module?: string;
  /** Also measure the reference (beside a module) and the peers a user would pick without ipckit, and print ratios. */
  readonly compare: boolean;
  /** The quick profile: a smoke run of a few seconds. */
  readonly quick: boolean;
  /** Only these mechanisms; empty: all. */
  readonly mechanisms: readonly string[];
  readonly reporters: readonly ReportTarget[];
  /** Time allowed per workload of a module, in ms; default the profile's. */
  readonly timeoutMs?: number;
  readonly color?: boolean;
}

/** A parsed `ipckit clauses` command. */
export interface ClausesCommand {
  readonly command: "clauses";
  readonly mechanism?: string;
  readonly format: "text" | "json" | "markdown";
}

/** Other commands. */
export interface SimpleCommand {
  readonly command: "help" | "version";
}

/** Any parsed command. */
export type Command = TestCommand | BenchCommand | ClausesCommand | SimpleCommand;

/** A command line that cannot be parsed; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The help text. */
export const USAGE = `Usage: ipckit <command> [options]

Commands:
  test [module]       Run the conformance suite against the adapter exported by
                      module (default export or export "adapter"); without a
                      module, against ipckit's reference implementation.
  clauses             List the clauses of the specification.
  bench [module]      Measure the standard workloads of every mechanism the
                      implementation supports (default: the reference).
  help                Show this text.
  version             Show the version.

Options for test:
  --grep TEXT             Run only tests whose "[CLAUSE] title" contains TEXT.
  --clause ID[,ID...]     Run only these clauses; a prefix such as PIPE-EOF selects
                          a group. May be repeated.
  --reporter NAME[:FILE]  pretty (default), json, junit or tap; with :FILE the report
                          goes to FILE. May be repeated.
  --seed N                Seed for the property-based tests (printed by every run).
  --num-runs N            Runs per property-based test (default 100).
  --timeout MS            Time allowed per test (default 2000).
  --timeout-multiplier X  Multiply every timeout, for slow machines (also the
                          IPCKIT_TIMEOUT_MULTIPLIER environment variable).
  --no-isolate            Run in this thread instead of a worker that can be
                          killed (a spinning implementation then hangs the run).
  --color / --no-color    Force colours on or off.
  --bench                 After the run, measure the same implementation with
                          the quick benchmarks and print their report.

Options for bench:
  --compare               Also measure the reference (beside a module) and what a
                          user would pick without ipckit (stream.PassThrough,
                          TransformStream, MessageChannel, the seed's queue),
                          and print the ratios.
  --quick                 A smoke run of a few seconds (fewer workloads, short
                          samples: indicative numbers only).
  --mechanism LIST        Only these mechanisms (pipe,fifo,mq,msg,shm,sem,mutex,stream,dgram).
  --reporter NAME[:FILE]  pretty (default), json, markdown or html; with :FILE the
                          report goes to FILE. May be repeated.
  --timeout MS            Time allowed per workload of a module, which runs in a
                          worker that is killed past it (default 10000 with
                          --quick, else 30000).
  --color / --no-color    Force colours on or off.

Options for clauses:
  --mechanism NAME        Only this mechanism (pipe, fifo, mq, ...).
  --format text|json|markdown

Exit status: 0 when every test run passed, 1 when any failed, timed out or
errored, 2 for a usage error or a module that cannot be loaded. For bench: 0
when every measurement finished (a missed performance target is reported, not
a failure), 1 when a workload hung or threw, 2 as for test.`;

function number(flag: string, text: string | undefined, check: (n: number) => boolean): number {
  if (text === undefined) throw new UsageError(`${flag} needs a value`);
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || !check(value)) throw new UsageError(`${flag}: invalid value "${text}"`);
  return value;
}

/**
 * Parses the arguments after `ipckit`.
 *
 * @param argv - the arguments, without the runtime and script
 * @param env - environment variables (for `IPCKIT_TIMEOUT_MULTIPLIER`)
 * @returns the command
 * @throws {UsageError} for an unknown command or option, or a bad value
 */
export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Command {
  const [command = "help", ...rest] = argv;
  switch (command) {
    case "help":
    case "--help":
    case "-h":
      return { command: "help" };
    case "version":
    case "--version":
    case "-v":
      return { command: "version" };
    case "bench":
      return parseBench(rest);
    case "clauses":
      return parseClauses(rest);
    case "test":
      return parseTest(rest, env);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function parseClauses(rest: readonly string[]): ClausesCommand {
  let mechanism: string | undefined;
  let format: ClausesCommand["format"] = "text";
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--mechanism") {
      mechanism = rest[++i];
      if (mechanism === undefined) throw new UsageError("--mechanism needs a value");
    } else if (arg === "--format") {
      const value = rest[++i];
      if (value !== "text" && value !== "json" && value !== "markdown") throw new UsageError(`--format: invalid value "${value ?? ""}"`);
      format = value;
    } else {
      throw new UsageError(`unknown option for clauses: ${arg}`);
    }
  }
  return { command: "clauses", ...(mechanism === undefined ? {} : { mechanism }), format };
}

function parseTest(rest: readonly string[], env: Readonly<Record<string, string | undefined>>): TestCommand {
  let module: string | undefined;
  let grep: string | undefined;
  const clauses: string[] = [];
  const reporters: ReportTarget[] = [];
  let seed: number | undefined;
  let numRuns: number | undefined;
  let timeoutMs: number | undefined;
  let timeoutMultiplier: number | undefined;
  let isolate = true;
  let color: boolean | undefined;
  let bench = false;
  const envMultiplier = env["IPCKIT_TIMEOUT_MULTIPLIER"];
  if (envMultiplier !== undefined && envMultiplier !== "") {
    timeoutMultiplier = number("IPCKIT_TIMEOUT_MULTIPLIER", envMultiplier, (n) => n > 0);
  }
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? rest[++i];
    switch (flag) {
      case "--grep": {
        const text = value();
        if (text === undefined || text === "") throw new UsageError("--grep needs a value");
        grep = text;
        break;
      }
      case "--clause":
      case "--clauses": {
        const text = value();
        if (text === undefined || text === "") throw new UsageError("--clause needs a value");
        clauses.push(...text.split(",").map((s) => s.trim()).filter(Boolean));
        break;
      }
      case "--reporter":
        reporters.push(reportTarget(value(), REPORTERS));
        break;
      case "--seed":
        seed = number("--seed", value(), Number.isSafeInteger);
        break;
      case "--num-runs":
        numRuns = number("--num-runs", value(), (n) => Number.isSafeInteger(n) && n > 0);
        break;
      case "--timeout":
        timeoutMs = number("--timeout", value(), (n) => n > 0);
        break;
      case "--timeout-multiplier":
        timeoutMultiplier = number("--timeout-multiplier", value(), (n) => n > 0);
        break;
      case "--no-isolate":
        isolate = false;
        break;
      case "--color":
        color = true;
        break;
      case "--no-color":
        color = false;
        break;
      case "--bench":
        bench = true;
        break;
      default:
        if (arg.startsWith("-")) throw new UsageError(`unknown option for test: ${arg}`);
        if (module !== undefined) throw new UsageError(`one module at a time (got "${module}" and "${arg}")`);
        module = arg;
    }
  }
  settleReporters(reporters);
  return {
    command: "test",
    ...(module === undefined ? {} : { module }),
    ...(grep === undefined ? {} : { grep }),
    clauses,
    reporters,
    ...(seed === undefined ? {} : { seed }),
    ...(numRuns === undefined ? {} : { numRuns }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(timeoutMultiplier === undefined ? {} : { timeoutMultiplier }),
    isolate,
    ...(color === undefined ? {} : { color }),
    ...(bench ? { bench } : {}),
  };
}

/** Reads `NAME[:FILE]` for `--reporter`, checking the name against the formats allowed. */
function reportTarget(text: string | undefined, formats: readonly string[]): ReportTarget {
  if (text === undefined) throw new UsageError("--reporter needs a value");
  const colon = text.indexOf(":");
  const format = colon === -1 ? text : text.slice(0, colon);
  const file = colon === -1 ? undefined : text.slice(colon + 1);
  if (!formats.includes(format)) {
    throw new UsageError(`--reporter: unknown format "${format}" (choose one of ${formats.join(", ")})`);
  }
  if (file === "") throw new UsageError(`--reporter ${format}: empty file name`);
  return file === undefined ? { format } : { format, file };
}

/** At most one report on standard output; pretty there when every other report goes to a file. */
function settleReporters(reporters: ReportTarget[]): void {
  if (reporters.filter((r) => r.file === undefined).length > 1) {
    throw new UsageError("only one reporter can write to standard output; give the others a :FILE");
  }
  if (reporters.length === 0 || reporters.every((r) => r.file !== undefined)) {
    reporters.unshift({ format: "pretty" });
  }
}

function parseBench(rest: readonly string[]): BenchCommand {
  let module: string | undefined;
  let compare = false;
  let quick = false;
  const mechanisms: string[] = [];
  const reporters: ReportTarget[] = [];
  let timeoutMs: number | undefined;
  let color: boolean | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? rest[++i];
    switch (flag) {
      case "--compare":
        compare = true;
        break;
      case "--quick":
        quick = true;
        break;
      case "--mechanism":
      case "--mechanisms": {
        const text = value();
        if (text === undefined || text === "") throw new UsageError("--mechanism needs a value");
        for (const name of text.split(",").map((s) => s.trim()).filter(Boolean)) {
          if (!(BENCH_MECHANISMS as readonly string[]).includes(name)) {
            throw new UsageError(`--mechanism: no benchmarks for "${name}" (choose from ${BENCH_MECHANISMS.join(", ")})`);
          }
          if (!mechanisms.includes(name)) mechanisms.push(name);
        }
        break;
      }
      case "--reporter":
        reporters.push(reportTarget(value(), BENCH_REPORTERS));
        break;
      case "--timeout":
        timeoutMs = number("--timeout", value(), (n) => n > 0);
        break;
      case "--color":
        color = true;
        break;
      case "--no-color":
        color = false;
        break;
      default:
        if (arg.startsWith("-")) throw new UsageError(`unknown option for bench: ${arg}`);
        if (module !== undefined) throw new UsageError(`one module at a time (got "${module}" and "${arg}")`);
        module = arg;
    }
  }
  settleReporters(reporters);
  return {
    command: "bench",
    ...(module === undefined ? {} : { module }),
    compare,
    quick,
    mechanisms,
    reporters,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(color === undefined ? {} : { color }),
  };
}
