import { describe, expect, it } from "vitest";
import { MAX_TIMER_MS } from "../conformance/runner.ts";
import { allTests } from "../conformance/suite.ts";
import { MECHANISMS } from "../spec/features.ts";
import { HELP_TOPICS, MAX_NUM_RUNS, MAX_SCALED_TIMEOUT_MS, MAX_TIMEOUT_MS, MULTIPLIER_RANGE, USAGE, UsageError, helpText, parseArgs } from "./args.ts";
import { killGraceMs } from "./isolate.ts";

/** The usage error parseArgs throws for argv (fails the test when it does not throw one). */
function usageError(argv: readonly string[], env: Record<string, string> = {}): UsageError {
  try {
    parseArgs(argv, env);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`no usage error for ${argv.join(" ")}`);
}

describe("parseArgs", () => {
  it("defaults test to the reference, the pretty reporter and isolation", () => {
    expect(parseArgs(["test"]), "bare test command").toEqual({ command: "test", clauses: [], reporters: [{ format: "pretty" }], isolate: true });
  });

  it("reads a module, clauses, grep, seed, runs, timeouts and colour", () => {
    const command = parseArgs(
      ["test", "./impl.ts", "--clause", "PIPE-EOF-1,PIPE-ORD", "--clause=PIPE-ATOM-1", "--grep", "dup", "--seed", "42", "--num-runs", "7", "--timeout", "500", "--timeout-multiplier", "3", "--no-isolate", "--no-color"],
    );
    expect(command, "every option parsed").toEqual({
      command: "test",
      module: "./impl.ts",
      clauses: ["PIPE-EOF-1", "PIPE-ORD", "PIPE-ATOM-1"],
      grep: "dup",
      reporters: [{ format: "pretty" }],
      seed: 42,
      numRuns: 7,
      timeoutMs: 500,
      timeoutMultiplier: 3,
      isolate: false,
      color: false,
    });
  });

  it("keeps pretty on standard output when every other reporter writes to a file", () => {
    const command = parseArgs(["test", "--reporter", "junit:out/report.xml"]);
    expect(command.command === "test" && command.reporters, "pretty added before the file reporter").toEqual([
      { format: "pretty" },
      { format: "junit", file: "out/report.xml" },
    ]);
  });

  it("takes the timeout multiplier from the environment, overridden by the flag", () => {
    const fromEnv = parseArgs(["test"], { IPCKIT_TIMEOUT_MULTIPLIER: "2.5" });
    expect(fromEnv.command === "test" && fromEnv.timeoutMultiplier, "multiplier from the environment").toBe(2.5);
    const fromFlag = parseArgs(["test", "--timeout-multiplier", "4"], { IPCKIT_TIMEOUT_MULTIPLIER: "2.5" });
    expect(fromFlag.command === "test" && fromFlag.timeoutMultiplier, "flag wins").toBe(4);
  });

  it.each([
    [["frobnicate"]],
    [["test", "--reporter", "xml"]],
    [["test", "--seed", "1.5"]],
    [["test", "--seed", "0x10"]],
    [["test", "--seed", "4294967296"]],
    [["test", "--timeout", "0x10"]],
    [["test", "--timeout", "1e-9"]],
    [["test", "--timeout", "1e12"]],
    [["test", "--timeout", "0"]],
    [["test", "--timeout", " 500"]],
    [["test", "--timeout", "500ms"]],
    [["test", "--timeout", String(MAX_TIMEOUT_MS + 1)]],
    [["test", "--num-runs", "1e9"]],
    [["test", "--num-runs", "1000000000"]],
    [["test", "--num-runs", "-3"]],
    [["test", "--timeout-multiplier", "0"]],
    [["test", "--timeout-multiplier", "1e3"]],
    [["test", "--timeout-multiplier", "0x2"]],
    [["test", "--timeout-multiplier", "-1"]],
    [["test", "--timeout-multiplier", "1000"]],
    [["test", "--timeout-multiplier", "Infinity"]],
    [["test", "--max-time", "1e3"]],
    [["test", "--max-time", "-1"]],
    [["test", "--max-time", "1.5"]],
    [["test", "--max-time", "604801"]],
    [["test", "--timeout-streak", "x"]],
    [["test", "--timeout", "3600000", "--timeout-multiplier", "100"]],
    [["test", "--clause", ",,"]],
    [["test", "--clause", ""]],
    [["test", "--clause", "PIPE-FOO-9"]],
    [["test", "--clause", "PIPE-EOF-1,NOPE"]],
    [["test", "--clause"]],
    [["test", "--reporter", "json:a.json", "--reporter", "tap:./a.json"]],
    [["test", "--reporter", "json:"]],
    [["clauses", "--mechanism", "nope"]],
    [["clauses", "--mechanism", "pipes"]],
    [["clauses", "--mechanism"]],
    [["help", "nope"]],
    [["help", "test", "bench"]],
    [["demo", "a", "b"]],
    [["demo", "--fast"]],
    [["version", "x"]],
    [["test", "--seed"]],
    [["test", "--timeout", "-1"]],
    [["test", "--num-runs", "0"]],
    [["test", "--reporter", "json", "--reporter", "tap"]],
    [["test", "a.ts", "b.ts"]],
    [["test", "--bogus"]],
    [["clauses", "--format", "yaml"]],
    [["bench", "--reporter", "junit"]],
    [["bench", "--mechanism", "sockets"]],
    [["bench", "--mechanism"]],
    [["bench", "--timeout", "0"]],
    [["bench", "--reporter", "json", "--reporter", "html"]],
    [["bench", "a.ts", "b.ts"]],
    [["bench", "--grep", "x"]],
    [["bench", "--mechanism", ",,"]],
    [["bench", "--timeout", "1e3"]],
    [["bench", "--reporter", "json:r.json", "--reporter", "html:r.json"]],
  ])("rejects %j with a usage error", (argv) => {
    expect(() => parseArgs(argv), `usage error for ${argv.join(" ")}`).toThrow(UsageError);
  });

  it("rejects a bad IPCKIT_TIMEOUT_MULTIPLIER", () => {
    expect(() => parseArgs(["test"], { IPCKIT_TIMEOUT_MULTIPLIER: "1e2" }), "exponent in the environment").toThrow(UsageError);
    expect(() => parseArgs(["test", "--timeout", "3600000"], { IPCKIT_TIMEOUT_MULTIPLIER: "50" }), "scaled past a day").toThrow(UsageError);
  });

  it("says in one line what is wrong and which help to read", () => {
    const error = usageError(["test", "--timeout", "0x10"]);
    expect(error.topic, "the test command's help").toBe("test");
    expect(error.summary(), "one line").not.toContain("\n");
    expect(error.summary(), "names the flag and the value").toMatch(/^ipckit: --timeout .*"0x10".* \(see ipckit help test\)$/);
    expect(usageError(["frobnicate"]).summary(), "an unknown command points at the overview").toMatch(/\(see ipckit help\)$/);
  });

  it("gives a did-you-mean hint for mechanisms, clauses, options, formats and commands", () => {
    expect(usageError(["clauses", "--mechanism", "pipes"]).message, "mechanism").toContain('did you mean "pipe"?');
    expect(usageError(["clauses", "--mechanism", "sems"]).message, "mechanism").toContain('did you mean "sem"?');
    expect(usageError(["test", "--clause", "PIPE-FOO-9"]).message, "clause").toMatch(/did you mean "PIPE-[A-Z]+-\d+"\?/);
    expect(usageError(["test", "--clause", "PIPE-EOF-99"]).message, "clause number").toMatch(/did you mean "PIPE-EOF-\d"\?/);
    expect(usageError(["test", "--timout", "5"]).message, "option").toContain('did you mean "--timeout"?');
    expect(usageError(["test", "--reporter", "junitt"]).message, "format").toContain('did you mean "junit"?');
    expect(usageError(["tset"]).message, "command").toContain('did you mean "test"?');
  });

  it("accepts every mechanism of the feature registry for clauses --mechanism", () => {
    for (const mechanism of MECHANISMS) {
      expect(parseArgs(["clauses", "--mechanism", mechanism]), mechanism).toEqual({ command: "clauses", mechanism, format: "text" });
    }
  });

  it("accepts clause IDs, group prefixes and a trailing dash, and drops empty entries of a list", () => {
    const command = parseArgs(["test", "--clause", "PIPE-EOF-1,,SEM", "--clause", "MQ-TMO-", "--clause=ST-ERR-11"]);
    expect(command.command === "test" && command.clauses, "clauses").toEqual(["PIPE-EOF-1", "SEM", "MQ-TMO-", "ST-ERR-11"]);
  });

  it("reads the run's limits: --max-time, --timeout-streak, and the edges of every number's range", () => {
    const command = parseArgs([
      "test", "--max-time", "0", "--timeout-streak", "0", "--seed", "-2147483648", "--num-runs", String(MAX_NUM_RUNS),
      "--timeout", "1", "--timeout-multiplier", ".5", "--verbose",
    ]);
    expect(command, "limits").toMatchObject({ maxTimeS: 0, timeoutStreak: 0, seed: -(2 ** 31), numRuns: MAX_NUM_RUNS, timeoutMs: 1, timeoutMultiplier: 0.5, verbose: true });
    expect(parseArgs(["test", "--max-time=90"]), "inline value").toMatchObject({ maxTimeS: 90 });
    expect(parseArgs(["test", "--timeout-multiplier", String(MULTIPLIER_RANGE[1])]), "largest multiplier").toMatchObject({ timeoutMultiplier: 100 });
  });

  it("keeps the longest timer the CLI can arm below 2^31 - 1 ms for every accepted timeout", () => {
    // The worker executor waits timeout x multiplier x the test's factor, plus a grace.
    const largestFactor = Math.max(...allTests().map((test) => test.timeoutFactor));
    const longest = MAX_SCALED_TIMEOUT_MS * largestFactor + killGraceMs(MAX_SCALED_TIMEOUT_MS);
    expect(longest, "longest kill timer").toBeLessThanOrEqual(MAX_TIMER_MS);
    expect(MAX_TIMEOUT_MS * MULTIPLIER_RANGE[1] > MAX_SCALED_TIMEOUT_MS, "the product is checked, not only each factor").toBe(true);
  });

  it("shows help for a command, from help or --help", () => {
    for (const topic of HELP_TOPICS) {
      expect(parseArgs(["help", topic]), `help ${topic}`).toEqual({ command: "help", topic });
      expect(parseArgs([topic, "--help"]), `${topic} --help`).toEqual({ command: "help", topic });
      expect(helpText(topic), `${topic}'s help names its usage`).toContain(`Usage: ipckit ${topic}`);
    }
    expect(parseArgs(["help"]), "overview").toEqual({ command: "help" });
    expect(helpText(), "overview lists the commands").toMatch(/test[\s\S]*clauses[\s\S]*bench[\s\S]*demo[\s\S]*help/);
    expect(USAGE, "whole help has every option of test").toContain("--max-time");
  });

  it("parses demo with or without a name", () => {
    expect(parseArgs(["demo"]), "list").toEqual({ command: "demo" });
    expect(parseArgs(["demo", "pipe"]), "one demo").toEqual({ command: "demo", name: "pipe" });
  });

  it("parses clauses, help and version", () => {
    expect(parseArgs(["clauses", "--mechanism", "pipe", "--format", "markdown"]), "clauses").toEqual({ command: "clauses", mechanism: "pipe", format: "markdown" });
    expect(parseArgs(["clauses", "--mechanism=signal"]), "inline mechanism").toEqual({ command: "clauses", mechanism: "signal", format: "text" });
    expect(parseArgs([]).command, "no arguments shows help").toBe("help");
    expect(parseArgs(["--version"]).command, "version flag").toBe("version");
  });

  it("defaults bench to the reference, the full profile and the pretty reporter", () => {
    expect(parseArgs(["bench"]), "bare bench command").toEqual({ command: "bench", compare: false, quick: false, mechanisms: [], reporters: [{ format: "pretty" }] });
  });

  it("reads bench's module, comparison, profile, mechanisms, reporters, timeout and colour", () => {
    const command = parseArgs([
      "bench", "./impl.ts", "--compare", "--quick", "--mechanism", "pipe,mq", "--mechanism=sem,pipe",
      "--reporter", "json:reports/bench.json", "--reporter=markdown:reports/bench.md", "--reporter", "html:reports/bench.html",
      "--timeout", "1500", "--no-color",
    ]);
    expect(command, "every option parsed; pretty kept on standard output").toEqual({
      command: "bench",
      module: "./impl.ts",
      compare: true,
      quick: true,
      mechanisms: ["pipe", "mq", "sem"],
      reporters: [
        { format: "pretty" },
        { format: "json", file: "reports/bench.json" },
        { format: "markdown", file: "reports/bench.md" },
        { format: "html", file: "reports/bench.html" },
      ],
      timeoutMs: 1500,
      color: false,
    });
    expect(parseArgs(["bench", "--reporter", "markdown"]), "markdown alone on standard output").toMatchObject({ reporters: [{ format: "markdown" }] });
  });

  it("reads test --bench", () => {
    expect(parseArgs(["test", "--bench"]), "bench after the tests").toEqual({ command: "test", clauses: [], reporters: [{ format: "pretty" }], isolate: true, bench: true });
  });
});
