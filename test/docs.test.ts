// The guides stay in step with the registry: each mechanism's guide carries
// the generated clause table, and the README's commands exist.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatClauses } from "../cli/clauses.ts";
import { clausesOf } from "../spec/registry.ts";

const root = new URL("..", import.meta.url);
const readText = (path: string): string => readFileSync(new URL(path, root), "utf8");

describe("docs", () => {
  it("docs/pipe.md carries the pipe clause table as the registry generates it", () => {
    const guide = readText("docs/pipe.md");
    const match = /<!-- clauses:pipe:start -->\n([\s\S]*?)<!-- clauses:pipe:end -->/.exec(guide);
    expect(match, "the guide has the clause table markers").not.toBeNull();
    expect(match?.[1], "table up to date (regenerate with: node scripts/docs-clauses.mjs)").toBe(formatClauses(clausesOf("pipe"), "markdown"));
  });

  it("the README's quick start names the scripts package.json defines", () => {
    const readme = readText("README.md");
    const scripts = (JSON.parse(readText("package.json")) as { scripts: Record<string, string> }).scripts;
    expect(readme, "quick start installs and starts").toContain("npm install && npm start");
    expect(readme, "quick start tests").toContain("npm test");
    expect(scripts["start"], "start runs the suite against the reference").toBe("node bin/ipckit.js test");
    expect(readText(".ci/run"), ".ci/run runs the README's test command").toMatch(/^npm test$/m);
  });
});
