/**
 * The command line: parsing `ipckit` arguments into a command and options,
 * and the help text of each command. Pure (no I/O), so it is tested on its
 * own. Every value is checked here, so that a bad one stops the command
 * before anything runs, with one line that says what is wrong.
 *
 * @module
 */

import { GRADE_USAGE } from "./grade/usage.ts";
import { resolve } from "node:path";
import { BENCH_MECHANISMS, BENCH_REPORTERS } from "../conformance/bench/types.ts";
import { hint } from "../conformance/harness.ts";
import { REPORTERS } from "../conformance/report/index.ts";
import { MECHANISMS } from "../spec/features.ts";
import { CLAUSES } from "../spec/registry.ts";

/** Where one report goes: a format and, optionally, a file (else standard output). */
export interface ReportTarget {
  readonly format: string;
  readonly file?: string;
}

/** A parsed `ipckit test` command. */
export interface TestCommand {
  readonly command: "test";
  /** The adapter module, as the user typed it; absent: the reference implementation. */
  readonly module?: string;
  readonly grep?: string;
  /** Clause IDs and prefixes, each one known to the registry. */
  readonly clauses: readonly string[];
  readonly reporters: readonly ReportTarget[];
  readonly seed?: number;
  readonly numRuns?: number;
  readonly timeoutMs?: number;
  readonly timeoutMultiplier?: number;
  /**
   * The most the whole run may take, in seconds; 0: no limit. Absent: the
   * default, which depends on whether standard output is a terminal
   * ({@link DEFAULT_MAX_TIME_S}).
   */
  readonly maxTimeS?: number;
  /** Consecutive TIMEOUTs of one mechanism after which its other tests are not run; 0: never give up. */
  readonly timeoutStreak?: number;
  /** Run in this thread instead of a killable worker (for debugging). */
  readonly isolate: boolean;
  readonly color?: boolean;
  /** Show every test in the pretty report, those not run included. */
  readonly verbose?: boolean;
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
  /** Only this mechanism's clauses (a name from the feature registry). */
  readonly mechanism?: string;
  readonly format: "text" | "json" | "markdown";
}

/** A parsed `ipckit demo` command. */
export interface DemoCommand {
  readonly command: "demo";
  /** The demonstration to run; absent: list them. */
  readonly name?: string;
}

/** A parsed `ipckit grade` command: its arguments, parsed by the grader. */
export interface GradeCommand {
  readonly command: "grade";
  /** The arguments after `grade`. */
  readonly args: readonly string[];
}

/** A parsed `ipckit help` command. */
export interface HelpCommand {
  readonly command: "help";
  /** The command whose options to show; absent: the overview. */
  readonly topic?: HelpTopic;
}

/** Other commands. */
export interface SimpleCommand {
  readonly command: "version";
}

/** Any parsed command. */
export type Command = TestCommand | BenchCommand | ClausesCommand | DemoCommand | GradeCommand | HelpCommand | SimpleCommand;

/** The commands `ipckit help` knows. */
export const HELP_TOPICS = ["test", "clauses", "bench", "demo", "grade"] as const;

/** A command `ipckit help` can explain. */
export type HelpTopic = (typeof HELP_TOPICS)[number];

/**
 * A command line that cannot be parsed. The CLI prints one line, the
 * message and where to read more (`ipckit help <topic>`), and exits 2.
 */
export class UsageError extends Error {
  /** The help topic that explains the option at fault; absent: the overview. */
  readonly topic: HelpTopic | undefined;

  /**
   * Creates a usage error.
   *
   * @param message - what is wrong, in one line
   * @param topic - the command whose help explains it
   */
  constructor(message: string, topic?: HelpTopic) {
    super(message);
    this.name = "UsageError";
    this.topic = topic;
  }

  /**
   * The line the CLI prints. (Not named `line`: Bun gives every error an own
   * `line` property, the source line it was thrown at.)
   *
   * @returns `ipckit: <message> (see ipckit help <topic>)`
   */
  summary(): string {
    return `ipckit: ${this.message} (see ipckit help${this.topic === undefined ? "" : ` ${this.topic}`})`;
  }
}

/** The longest per-test timeout `--timeout` accepts, in ms: one hour. */
export const MAX_TIMEOUT_MS = 3_600_000;
/** The smallest and largest `--timeout-multiplier`. */
export const MULTIPLIER_RANGE = [0.01, 100] as const;
/**
 * The longest scaled timeout (`--timeout` times the multiplier), in ms: one
 * day. With a test's own factor and the worker's grace it stays far below
 * the longest timer a runtime keeps (2^31 - 1 ms), past which a timer fires
 * at once (checked by cli/args.test.ts against the suite's largest factor).
 */
export const MAX_SCALED_TIMEOUT_MS = 86_400_000;
/** The most runs `--num-runs` accepts per property-based test. */
export const MAX_NUM_RUNS = 1_000_000;
/** The longest `--max-time`, in seconds: a week. */
export const MAX_MAX_TIME_S = 604_800;
/** The run's time limit when standard output is not a terminal (CI, a grading loop), in seconds: 30 minutes. */
export const DEFAULT_MAX_TIME_S = 1800;

/** The overview `ipckit help` prints. */
const OVERVIEW = `Usage: ipckit <command> [options]

Commands:
  test [module]       Run the conformance suite against the adapter exported by
                      module (default export or export "adapter"); without a
                      module, against ipckit's reference implementation.
  clauses             List the clauses of the specification.
  bench [module]      Measure the standard workloads of every mechanism the
                      implementation supports (default: the reference).
  demo [name]         Run a demonstration on the reference implementation,
                      with narrated output; without a name, list them.
  grade <submissions> Grade a class: every submission's adapter in a process
                      of its own, scores, Gradescope results, feedback and a
                      class summary.
  help [command]      Show this text, or the options of one command.
  version             Show the version.

Run "ipckit help test" (or bench, clauses, demo, grade) for a command's options.`;

const EXIT_TEST = `Exit status: 0 when at least one test applied and every test that ran passed;
1 when a test failed, was unresolved, timed out or errored, or when no
selected test applied to the implementation; 2 for a usage error, a report
destination that cannot be written, a selection that matches no test, or a
module that cannot be loaded (one line on stderr says why).`;

/** The help of each command. */
const TOPICS: Readonly<Record<HelpTopic, string>> = {
  test: `Usage: ipckit test [module] [options]

Run the conformance suite against the adapter the module exports (default
export or export "adapter"); without a module, against the reference.

Options:
  --clause ID[,ID...]     Run only these clauses; a prefix such as PIPE-EOF
                          selects a group. May be repeated.
  --grep TEXT             Run only tests whose "[CLAUSE] title" contains TEXT.
  --reporter NAME[:FILE]  pretty (default), json, junit or tap; with :FILE the
                          report goes to FILE (checked before the run). May be
                          repeated; one report at most on standard output.
  --seed N                Seed for the property-based tests (every run prints
                          its seed; pass it back to replay).
  --num-runs N            Runs per property-based test (default 100, at most
                          ${MAX_NUM_RUNS}).
  --timeout MS            Time allowed per test (default 2000, at most ${MAX_TIMEOUT_MS}).
  --timeout-multiplier X  Multiply every timeout, for slow machines: a decimal
                          from ${MULTIPLIER_RANGE[0]} to ${MULTIPLIER_RANGE[1]} (also the
                          IPCKIT_TIMEOUT_MULTIPLIER environment variable).
  --max-time SECONDS      The most the whole run may take; the tests not run by
                          then are reported TIMEOUT, "not run" (default: no
                          limit at a terminal, ${DEFAULT_MAX_TIME_S} s otherwise; 0: no limit).
  --timeout-streak N      After N consecutive TIMEOUTs of one mechanism, report
                          its other tests TIMEOUT without running them
                          (default 3; 0: never give up).
  --verbose               List every test, those not run included (by default
                          they fold into one line per mechanism).
  --no-isolate            Run in this thread instead of a worker that can be
                          killed (a spinning implementation then hangs the run,
                          and --max-time only applies between tests).
  --color / --no-color    Force colours on or off.
  --bench                 After the run, measure the same implementation with
                          the quick benchmarks and print their report.

${EXIT_TEST}`,
  clauses: `Usage: ipckit clauses [options]

List the clauses of the specification.

Options:
  --mechanism NAME        Only this mechanism: ${MECHANISMS.join(", ")}.
  --format text|json|markdown

Exit status: 0, or 2 for a usage error.`,
  bench: `Usage: ipckit bench [module] [options]

Measure the standard workloads of every mechanism the implementation supports
(default: the reference).

Options:
  --compare               Also measure the reference (beside a module) and what a
                          user would pick without ipckit (stream.PassThrough,
                          TransformStream, MessageChannel, the seed's queue),
                          and print the ratios.
  --quick                 A smoke run of a few seconds (fewer workloads, short
                          samples: indicative numbers only).
  --mechanism LIST        Only these mechanisms (${BENCH_MECHANISMS.join(",")}).
  --reporter NAME[:FILE]  pretty (default), json, markdown or html; with :FILE the
                          report goes to FILE. May be repeated.
  --timeout MS            Time allowed per workload of a module, which runs in a
                          worker that is killed past it (default 10000 with
                          --quick, else 30000).
  --color / --no-color    Force colours on or off.

Exit status: 0 when every measurement finished (a missed performance target is
reported, not a failure), 1 when a workload hung or threw, 2 for a usage error,
a report destination that cannot be written or a module that cannot be loaded.`,
  grade: GRADE_USAGE,
  demo: `Usage: ipckit demo [name]

Run one of the classic IPC demonstrations on the reference implementation,
with narrated output; without a name, list them.

Exit status: 0 after a listing or a demonstration that ran to its end, 2 for an
unknown name.`,
};

/**
 * The help text: the overview, or one command's options.
 *
 * @param topic - the command; absent: the overview
 * @returns the text, without a final newline
 */
export function helpText(topic?: HelpTopic): string {
  return topic === undefined ? OVERVIEW : TOPICS[topic];
}

/** The whole help: the overview and every command's options. */
export const USAGE = [OVERVIEW, ...HELP_TOPICS.map((topic) => TOPICS[topic])].join("\n\n");

/**
 * Reads a whole number written in decimal digits (a leading `-` when
 * negatives are allowed), within a range: `0x10`, `1e3`, `1.5`, ` 7` and
 * the like are refused, not converted.
 */
function integer(flag: string, text: string | undefined, min: number, max: number, topic: HelpTopic, unit = ""): number {
  const range = `a whole number${unit} from ${min} to ${max}`;
  if (text === undefined) throw new UsageError(`${flag} needs a value: ${range}`, topic);
  const pattern = min < 0 ? /^-?[0-9]+$/ : /^[0-9]+$/;
  const value = pattern.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${flag} must be ${range} (got ${JSON.stringify(text)})`, topic);
  return value;
}

/** Reads a positive decimal such as `2`, `0.5` or `2.25`, within a range (no exponents, no hex). */
function decimal(flag: string, text: string | undefined, min: number, max: number, topic: HelpTopic): number {
  const range = `a decimal number from ${min} to ${max}`;
  if (text === undefined) throw new UsageError(`${flag} needs a value: ${range}`, topic);
  const value = /^([0-9]+(\.[0-9]+)?|\.[0-9]+)$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${flag} must be ${range} (got ${JSON.stringify(text)})`, topic);
  return value;
}

/** Splits `--flag=value`; a value-taking flag otherwise reads the next argument. */
function splitFlag(arg: string): [string, string | undefined] {
  if (!arg.startsWith("--") || !arg.includes("=")) return [arg, undefined];
  const at = arg.indexOf("=");
  return [arg.slice(0, at), arg.slice(at + 1)];
}

function isHelpFlag(arg: string): boolean {
  return arg === "--help" || arg === "-h";
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
  const known = ["test", "clauses", "bench", "demo", "grade", "help", "version"];
  if ((HELP_TOPICS as readonly string[]).includes(command) && rest.some(isHelpFlag)) {
    return { command: "help", topic: command as HelpTopic };
  }
  switch (command) {
    case "help":
    case "--help":
    case "-h":
      return parseHelp(rest);
    case "version":
    case "--version":
    case "-v":
      if (rest.length > 0) throw new UsageError(`version takes no arguments (got ${JSON.stringify(rest[0])})`);
      return { command: "version" };
    case "bench":
      return parseBench(rest);
    case "clauses":
      return parseClauses(rest);
    case "demo":
      return parseDemo(rest);
    case "grade":
      return { command: "grade", args: rest };
    case "test":
      return parseTest(rest, env);
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}${hint(command, known)}`);
  }
}

function parseHelp(rest: readonly string[]): HelpCommand {
  const [topic, extra] = rest;
  if (topic === undefined) return { command: "help" };
  if (extra !== undefined) throw new UsageError(`help takes one command at most (got ${JSON.stringify(extra)})`);
  if (!(HELP_TOPICS as readonly string[]).includes(topic)) {
    throw new UsageError(`no help for ${JSON.stringify(topic)}${hint(topic, HELP_TOPICS)}; commands: ${HELP_TOPICS.join(", ")}`);
  }
  return { command: "help", topic: topic as HelpTopic };
}

function parseDemo(rest: readonly string[]): DemoCommand {
  let name: string | undefined;
  for (const arg of rest) {
    if (arg.startsWith("-")) throw new UsageError(`unknown option for demo: ${arg}`, "demo");
    if (name !== undefined) throw new UsageError(`one demo at a time (got ${JSON.stringify(name)} and ${JSON.stringify(arg)})`, "demo");
    name = arg;
  }
  return name === undefined ? { command: "demo" } : { command: "demo", name };
}

function parseClauses(rest: readonly string[]): ClausesCommand {
  let mechanism: string | undefined;
  let format: ClausesCommand["format"] = "text";
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = splitFlag(rest[i] as string);
    const value = (): string | undefined => inline ?? rest[++i];
    if (flag === "--mechanism") {
      const name = value();
      if (name === undefined || name === "") throw new UsageError(`--mechanism needs a value: one of ${MECHANISMS.join(", ")}`, "clauses");
      if (!(MECHANISMS as readonly string[]).includes(name)) {
        throw new UsageError(`--mechanism: no mechanism named ${JSON.stringify(name)}${hint(name, MECHANISMS)}; mechanisms: ${MECHANISMS.join(", ")}`, "clauses");
      }
      mechanism = name;
    } else if (flag === "--format") {
      const text = value();
      if (text !== "text" && text !== "json" && text !== "markdown") {
        throw new UsageError(`--format must be text, json or markdown (got ${JSON.stringify(text ?? "")})`, "clauses");
      }
      format = text;
    } else {
      throw new UsageError(`unknown option for clauses: ${rest[i]}`, "clauses");
    }
  }
  return { command: "clauses", ...(mechanism === undefined ? {} : { mechanism }), format };
}

/** Every clause ID and every prefix of one (`PIPE`, `PIPE-EOF`): what `--clause` accepts. */
const SELECTABLE: ReadonlySet<string> = (() => {
  const names = new Set<string>();
  for (const { id } of CLAUSES) {
    const parts = id.split("-");
    for (let i = 1; i <= parts.length; i++) names.add(parts.slice(0, i).join("-"));
  }
  return names;
})();

/** Reads one `--clause` value: a comma-separated list of clause IDs or prefixes, each known to the registry. */
function clauseList(text: string | undefined): string[] {
  if (text === undefined) throw new UsageError("--clause needs a value: clause IDs or prefixes, such as PIPE-EOF-1,FIFO", "test");
  const entries = text.split(",").map((s) => s.trim());
  if (entries.every((entry) => entry === "")) throw new UsageError(`--clause names no clause (got ${JSON.stringify(text)})`, "test");
  const clauses: string[] = [];
  for (const entry of entries) {
    if (entry === "") continue;
    const bare = entry.endsWith("-") ? entry.slice(0, -1) : entry;
    if (!SELECTABLE.has(bare)) {
      throw new UsageError(`--clause: no clause or group ${JSON.stringify(entry)}${hint(bare, [...SELECTABLE])}; ipckit clauses lists them`, "test");
    }
    clauses.push(entry);
  }
  return clauses;
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
  let maxTimeS: number | undefined;
  let timeoutStreak: number | undefined;
  let isolate = true;
  let color: boolean | undefined;
  let verbose = false;
  let bench = false;
  const envMultiplier = env["IPCKIT_TIMEOUT_MULTIPLIER"];
  if (envMultiplier !== undefined && envMultiplier !== "") {
    timeoutMultiplier = decimal("IPCKIT_TIMEOUT_MULTIPLIER", envMultiplier, ...MULTIPLIER_RANGE, "test");
  }
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const [flag, inline] = splitFlag(arg);
    const value = (): string | undefined => inline ?? rest[++i];
    switch (flag) {
      case "--grep": {
        const text = value();
        if (text === undefined || text === "") throw new UsageError("--grep needs a value", "test");
        grep = text;
        break;
      }
      case "--clause":
      case "--clauses":
        clauses.push(...clauseList(value()));
        break;
      case "--reporter":
        reporters.push(reportTarget(value(), REPORTERS, "test"));
        break;
      case "--seed":
        seed = integer("--seed", value(), -(2 ** 31), 2 ** 31 - 1, "test");
        break;
      case "--num-runs":
        numRuns = integer("--num-runs", value(), 1, MAX_NUM_RUNS, "test");
        break;
      case "--timeout":
        timeoutMs = integer("--timeout", value(), 1, MAX_TIMEOUT_MS, "test", " of milliseconds");
        break;
      case "--timeout-multiplier":
        timeoutMultiplier = decimal("--timeout-multiplier", value(), ...MULTIPLIER_RANGE, "test");
        break;
      case "--max-time":
        maxTimeS = integer("--max-time", value(), 0, MAX_MAX_TIME_S, "test", " of seconds");
        break;
      case "--timeout-streak":
        timeoutStreak = integer("--timeout-streak", value(), 0, 1_000_000, "test");
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
      case "--verbose":
        verbose = true;
        break;
      case "--bench":
        bench = true;
        break;
      default:
        if (arg.startsWith("-")) throw new UsageError(`unknown option for test: ${arg}${hint(flag, TEST_FLAGS)}`, "test");
        if (module !== undefined) throw new UsageError(`one module at a time (got ${JSON.stringify(module)} and ${JSON.stringify(arg)})`, "test");
        module = arg;
    }
  }
  const scaled = (timeoutMs ?? 2000) * (timeoutMultiplier ?? 1);
  if (scaled > MAX_SCALED_TIMEOUT_MS) {
    throw new UsageError(`the timeout times the multiplier must be at most ${MAX_SCALED_TIMEOUT_MS} ms (got ${scaled} ms)`, "test");
  }
  settleReporters(reporters, "test");
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
    ...(maxTimeS === undefined ? {} : { maxTimeS }),
    ...(timeoutStreak === undefined ? {} : { timeoutStreak }),
    isolate,
    ...(color === undefined ? {} : { color }),
    ...(verbose ? { verbose } : {}),
    ...(bench ? { bench } : {}),
  };
}

const TEST_FLAGS = [
  "--clause", "--grep", "--reporter", "--seed", "--num-runs", "--timeout", "--timeout-multiplier", "--max-time",
  "--timeout-streak", "--verbose", "--no-isolate", "--color", "--no-color", "--bench", "--help",
];

/** Reads `NAME[:FILE]` for `--reporter`, checking the name against the formats allowed. */
function reportTarget(text: string | undefined, formats: readonly string[], topic: HelpTopic): ReportTarget {
  if (text === undefined || text === "") throw new UsageError(`--reporter needs a value: one of ${formats.join(", ")}, with :FILE to write a file`, topic);
  const colon = text.indexOf(":");
  const format = colon === -1 ? text : text.slice(0, colon);
  const file = colon === -1 ? undefined : text.slice(colon + 1);
  if (!formats.includes(format)) {
    throw new UsageError(`--reporter: unknown format ${JSON.stringify(format)}${hint(format, formats)}; formats: ${formats.join(", ")}`, topic);
  }
  if (file === "") throw new UsageError(`--reporter ${format}: empty file name after the colon`, topic);
  return file === undefined ? { format } : { format, file };
}

/**
 * At most one report on standard output and one report per file; pretty on
 * standard output when every other report goes to a file.
 */
function settleReporters(reporters: ReportTarget[], topic: HelpTopic): void {
  if (reporters.filter((r) => r.file === undefined).length > 1) {
    throw new UsageError("only one reporter can write to standard output; give the others a :FILE", topic);
  }
  const seen = new Map<string, ReportTarget>();
  for (const target of reporters) {
    if (target.file === undefined) continue;
    const path = resolve(target.file);
    const earlier = seen.get(path);
    if (earlier !== undefined) {
      throw new UsageError(`--reporter ${earlier.format}:${earlier.file} and ${target.format}:${target.file} write the same file`, topic);
    }
    seen.set(path, target);
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
    const [flag, inline] = splitFlag(arg);
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
        if (text === undefined || text === "") throw new UsageError(`--mechanism needs a value: some of ${BENCH_MECHANISMS.join(",")}`, "bench");
        const names = text.split(",").map((s) => s.trim()).filter(Boolean);
        if (names.length === 0) throw new UsageError(`--mechanism names no mechanism (got ${JSON.stringify(text)})`, "bench");
        for (const name of names) {
          if (!(BENCH_MECHANISMS as readonly string[]).includes(name)) {
            throw new UsageError(`--mechanism: no benchmarks for ${JSON.stringify(name)}${hint(name, BENCH_MECHANISMS)}; choose from ${BENCH_MECHANISMS.join(", ")}`, "bench");
          }
          if (!mechanisms.includes(name)) mechanisms.push(name);
        }
        break;
      }
      case "--reporter":
        reporters.push(reportTarget(value(), BENCH_REPORTERS, "bench"));
        break;
      case "--timeout":
        timeoutMs = integer("--timeout", value(), 1, MAX_TIMEOUT_MS, "bench", " of milliseconds");
        break;
      case "--color":
        color = true;
        break;
      case "--no-color":
        color = false;
        break;
      default:
        if (arg.startsWith("-")) throw new UsageError(`unknown option for bench: ${arg}`, "bench");
        if (module !== undefined) throw new UsageError(`one module at a time (got ${JSON.stringify(module)} and ${JSON.stringify(arg)})`, "bench");
        module = arg;
    }
  }
  settleReporters(reporters, "bench");
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
