import { describe, expect, it } from "vitest";
import { UsageError, parseArgs } from "./args.ts";

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
  ])("rejects %j with a usage error", (argv) => {
    expect(() => parseArgs(argv), `usage error for ${argv.join(" ")}`).toThrow(UsageError);
  });

  it("parses clauses, help and version", () => {
    expect(parseArgs(["clauses", "--mechanism", "pipe", "--format", "markdown"]), "clauses").toEqual({ command: "clauses", mechanism: "pipe", format: "markdown" });
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
