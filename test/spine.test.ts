// The spine holds: every clause is well formed, has a test, is cited in the
// reference code and in the TSDoc of the API it governs; every test names an
// existing clause; the core stays runtime-neutral.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allTests } from "../conformance/suite.ts";
import { checkClauseShape } from "../spec/clause.ts";
import { CLAUSES, hasClause } from "../spec/registry.ts";

const root = new URL("..", import.meta.url).pathname;

function sources(dir: string, filter: (file: string) => boolean = (f) => f.endsWith(".ts") && !f.endsWith(".test.ts")): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...sources(path, filter));
    else if (filter(name)) out.push(path);
  }
  return out;
}

const read = (files: string[]): string => files.map((file) => readFileSync(join(root, file), "utf8")).join("\n");

describe("clause registry", () => {
  it("holds well-formed clauses with unique IDs", () => {
    const problems = CLAUSES.flatMap((clause) => checkClauseShape(clause));
    expect(problems, "no clause with a malformed ID, rule or source").toEqual([]);
    const ids = CLAUSES.map((clause) => clause.id);
    expect(new Set(ids).size, "every clause ID unique").toBe(ids.length);
  });

  it("has at least one conformance test for every clause", () => {
    const tested = new Set(allTests().map((test) => test.clause));
    const untested = CLAUSES.map((clause) => clause.id).filter((id) => !tested.has(id));
    expect(untested, "clauses without a test").toEqual([]);
  });

  it("has no conformance test that names a clause missing from the registry", () => {
    const unknown = allTests().filter((test) => !hasClause(test.clause)).map((test) => test.key);
    expect(unknown, "tests naming unknown clauses").toEqual([]);
  });

  it("has test titles that are sentences stating a rule, unique within their clause", () => {
    const bad = allTests().filter((test) => test.title.trim().length < 10 || /^\[/.test(test.title)).map((t) => t.key);
    expect(bad, "titles too short or carrying their own ID").toEqual([]);
  });

  it("cites every clause in the reference implementation", () => {
    const code = read(sources("reference"));
    const uncited = CLAUSES.map((clause) => clause.id).filter((id) => !new RegExp(`\\b${id}\\b`).test(code));
    expect(uncited, "clauses the reference code never cites").toEqual([]);
  });

  it("cites every clause in the TSDoc of the spec's API", () => {
    const api = read(sources("spec")).replace(/export const [A-Z_]+_CLAUSES[\s\S]*?\]\);/g, "");
    const uncited = CLAUSES.map((clause) => clause.id).filter((id) => !new RegExp(`\\b${id}\\b`).test(api));
    expect(uncited, "clauses no API documentation cites").toEqual([]);
  });

  it("cites only existing clauses anywhere in the code", () => {
    const code = read([...sources("spec"), ...sources("reference"), ...sources("conformance"), ...sources("cli")]);
    const cited = new Set(code.match(/\b(?:PIPE|FIFO|MQ|MSG|SHM|SEM|MUTEX|SIG|ST|DG|UX)-[A-Z]+-\d+\b/g) ?? []);
    const unknown = [...cited].filter((id) => !hasClause(id));
    expect(unknown, "cited IDs that are not in the registry").toEqual([]);
  });
});

describe("runtime neutrality", () => {
  it("keeps node: imports, process and Buffer out of spec/, reference/ and the suite's core", () => {
    const core = [...sources("spec"), ...sources("reference"), ...sources("conformance")].filter((f) => f !== "conformance/vitest.ts");
    const offenders = core.filter((file) => {
      const text = readFileSync(join(root, file), "utf8");
      // A global used directly, not a property (g.Deno) or a feature name ("process.fork").
      return /from\s+["']node:|\brequire\(|(?<![.\w"'`])(?:Buffer|process|Deno|Bun)\./.test(text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ""));
    });
    expect(offenders, "core files using runtime-specific APIs").toEqual([]);
  });
});
