// The package stands alone: `npm pack` it, install only the tarball in a fresh
// folder (its dependencies come from the registry or npm's cache), and follow
// the README as a user would: `npx ipckit test` against the reference, then an
// adapter written as the README shows over the from-scratch example the README
// says to start from. The install must not warn about install scripts, and the
// package must hold every file the README and the guides link to.
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAGES, linksOf } from "../scripts/markdown-links.ts";

const root = new URL("..", import.meta.url).pathname;
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

interface Run {
  readonly status: number;
  readonly output: string;
}

/** Runs a command; resolves with its exit status and its stdout and stderr together. */
async function run(command: string, args: readonly string[], cwd: string): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      cwd,
      env: { ...process.env, NO_COLOR: "1", npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" },
      maxBuffer: 64 << 20,
    });
    return { status: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { status: typeof failed.code === "number" ? failed.code : 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

/** The first ```ts block of the README that follows a line containing `marker`. */
function readmeBlock(marker: string): string {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const at = readme.indexOf(marker);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  if (at === -1 || block === null) throw new Error(`README.md has no ts block after "${marker}"`);
  return block[1] ?? "";
}

describe("the packed package, installed alone in a fresh folder", () => {
  let work = "";
  let app = "";
  let tarball = "";
  let install: Run = { status: -1, output: "" };

  beforeAll(async () => {
    // `npm pack` would build first (prepack); the build is left to `npm test`,
    // which builds before it runs the tests, so that no test reads dist/ while
    // it is being rewritten.
    if (!existsSync(join(root, "dist", "cli", "main.js"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    work = mkdtempSync(join(tmpdir(), "ipckit-package-"));
    const packed = await run(npm, ["pack", "--ignore-scripts", "--pack-destination", work, "--silent"], root);
    expect(packed.status, `npm pack:\n${packed.output}`).toBe(0);
    const name = readdirSync(work).find((file) => file.endsWith(".tgz"));
    if (name === undefined) throw new Error(`npm pack made no tarball:\n${packed.output}`);
    tarball = join(work, name);
    app = join(work, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), `${JSON.stringify({ name: "my-ipc", version: "1.0.0", private: true, type: "module" }, null, 2)}\n`);
    install = await run(npm, ["install", tarball, "--no-audit", "--no-fund"], app);
  }, 600_000);

  afterAll(() => {
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  it("installs from the tarball with no warning about install scripts", () => {
    expect(install.status, `npm install:\n${install.output}`).toBe(0);
    expect(install.output, "npm's output").not.toMatch(/install[- ]scripts?|allowScripts|prepare/i);
    expect(existsSync(join(app, "node_modules", "ipckit", "dist", "cli", "main.js")), "the build ships in the package").toBe(true);
  });

  it("holds every file the README, the guides and the examples' README link to, and its LICENSE", () => {
    const installed = join(app, "node_modules", "ipckit");
    const missing: string[] = [];
    for (const page of PAGES) {
      expect(existsSync(join(installed, page)), `${page} is in the package`).toBe(true);
      for (const link of linksOf(readFileSync(join(root, page), "utf8"))) {
        if (/^[a-z]+:/.test(link)) continue;
        const path = link.split("#")[0] ?? "";
        if (path !== "" && !existsSync(normalize(join(installed, dirname(page), decodeURI(path))))) missing.push(`${page}: ${link}`);
      }
    }
    expect(missing).toEqual([]);
    expect(readFileSync(join(installed, "LICENSE"), "utf8")).toMatch(/^MIT License/);
    const pkg = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as { repository?: { url?: string }; license?: string };
    expect(pkg.repository?.url).toBe("git+https://github.com/ipckit/ipckit.git");
    expect(pkg.license).toBe("MIT");
  });

  it("npx ipckit test passes every clause against the reference", { timeout: 300_000 }, async () => {
    const result = await run("npx", ["--no-install", "ipckit", "test", "--no-color"], app);
    expect(result.status, result.output.slice(-3000)).toBe(0);
    const summary = /(\d+) tests: (\d+) pass/.exec(result.output);
    expect(summary?.[1], `every test ran and passed:\n${result.output.slice(-1500)}`).toBe(summary?.[2]);
    expect(Number(summary?.[1]), "the whole suite").toBeGreaterThan(800);
  });

  it("npx ipckit test checks an adapter written as the README shows, over the example it says to start from", { timeout: 300_000 }, async () => {
    // "start there": the from-scratch example, shipped in the package, becomes the user's implementation.
    copyFileSync(join(app, "node_modules", "ipckit", "examples", "from-scratch-pipe.ts"), join(app, "my-pipes.ts"));
    writeFileSync(join(app, "my-pipes.ts"), `${readFileSync(join(app, "my-pipes.ts"), "utf8")}\nexport { ExampleSystem as MySystem };\n`);
    const adapter = readmeBlock("## Test your own implementation");
    expect(adapter, "the README's adapter").toContain('from "./my-pipes.ts"');
    writeFileSync(join(app, "my-adapter.ts"), adapter);
    const result = await run("npx", ["--no-install", "ipckit", "test", "./my-adapter.ts", "--no-color", "--reporter", "json:report.ndjson"], app);
    expect(result.status, result.output.slice(-3000)).toBe(0);
    const events = readFileSync(join(app, "report.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; status?: string; clause?: string });
    const tests = events.filter((event) => event.type === "test");
    const pipe = tests.filter((event) => event.clause?.startsWith("PIPE-"));
    expect(pipe.filter((event) => event.status === "PASS").length, "the pipe tests pass").toBeGreaterThan(20);
    expect(tests.filter((event) => event.status === "FAIL" || event.status === "ERROR"), "nothing fails").toEqual([]);
    expect(tests.some((event) => event.status === "NOT IMPLEMENTED"), "what it does not declare is NOT IMPLEMENTED").toBe(true);
  });
});
