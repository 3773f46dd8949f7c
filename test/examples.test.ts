// Every titled @example in the TSDoc of spec/, reference/ and conformance/
// runs, with `console.assert` made to throw, so the documentation cannot
// drift from the code. The examples are written against the package's public
// entry points; here those resolve to the sources.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const outDir = join(root, "test/.examples");

const ENTRY_POINTS: Record<string, string> = {
  "ipckit/spec": "spec/index.ts",
  "ipckit/reference": "reference/index.ts",
  "ipckit/conformance": "conformance/index.ts",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

interface Example {
  readonly file: string;
  readonly line: number;
  readonly title: string;
  readonly code: string;
}

function examplesOf(file: string): Example[] {
  const text = readFileSync(join(root, file), "utf8");
  const examples: Example[] = [];
  const pattern = /@example([^\n]*)\n((?:\s*\*[^\n]*\n)*?)\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g;
  for (const match of text.matchAll(pattern)) {
    const code = (match[3] ?? "")
      .split("\n")
      .map((line) => line.replace(/^\s*\* ?/, ""))
      .join("\n");
    const line = text.slice(0, match.index).split("\n").length;
    examples.push({ file, line, title: (match[1] ?? "").trim() || "(untitled)", code });
  }
  return examples;
}

const files = [...sourceFiles("spec"), ...sourceFiles("reference"), ...sourceFiles("conformance")].filter(
  (file) => file !== "conformance/vitest.ts",
);
const examples = files.flatMap(examplesOf);

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

describe("TSDoc examples", () => {
  it("exist in number", () => {
    expect(examples.length, "examples found in the sources").toBeGreaterThan(40);
  });

  examples.forEach((example, index) => {
    it(`${example.file}:${example.line} ${example.title}`, async () => {
      let code = example.code;
      for (const [specifier, path] of Object.entries(ENTRY_POINTS)) {
        code = code.replaceAll(`"${specifier}"`, JSON.stringify(relative(outDir, join(root, path)).replace(/^(?!\.)/, "./")));
      }
      const prelude =
        'const console = { ...globalThis.console, assert(condition: unknown, ...message: unknown[]): void { if (!condition) throw new Error(`example assertion failed ${message.join(" ")}`); } };\n';
      // Imports must stay first; put the prelude after them.
      const lines = code.split("\n");
      const lastImport = lines.reduce((last, line, i) => (/^import\b/.test(line) ? i : last), -1);
      lines.splice(lastImport + 1, 0, prelude);
      const path = join(outDir, `example-${index}.ts`);
      writeFileSync(path, `${lines.join("\n")}\nexport {};\n`);
      await import(path);
    });
  });
});
