// The guides stay in step with the registry: each mechanism's guide carries
// the generated clause table, and the README's commands exist.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatClauses } from "../cli/clauses.ts";
import { CLAUSES, clausesOf } from "../spec/registry.ts";

const root = new URL("..", import.meta.url);
const readText = (path: string): string => readFileSync(new URL(path, root), "utf8");

describe("docs", () => {
  const mechanisms = [...new Set(CLAUSES.map((clause) => clause.mechanism))];

  it.each(mechanisms)("docs/%s.md carries the clause table as the registry generates it", (mechanism) => {
    const guide = readText(`docs/${mechanism}.md`);
    const match = new RegExp(`<!-- clauses:${mechanism}:start -->\n([\\s\\S]*?)<!-- clauses:${mechanism}:end -->`).exec(guide);
    expect(match, "the guide has the clause table markers").not.toBeNull();
    expect(match?.[1], "table up to date (regenerate with: npm run build && node scripts/docs-clauses.mjs)").toBe(
      formatClauses(clausesOf(mechanism), "markdown"),
    );
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
