// The reference's modules import one way: base (shared pieces) <- kernel (the
// process core, signal state and delivery, the file namespace) <- mechanisms
// <- the process and system layer (system.ts) <- the entry points (index.ts,
// adapter.ts). This test reads every import and re-export of reference/ (type
// imports included: a type cycle is still a knot for the reader) and fails on
// an import that goes up a layer and on any cycle.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;

/** A module graph: each file, and the files it imports. */
type Graph = ReadonlyMap<string, readonly string[]>;

/** Every source file of reference/, tests left out, relative to the repository. */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

/** The relative specifiers a source text imports or re-exports, comments left out. */
function specifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  const found: string[] = [];
  for (const match of code.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+["']([^"']+)["']/gm)) found.push(match[1] ?? "");
  for (const match of code.matchAll(/^\s*import\s+["']([^"']+)["']/gm)) found.push(match[1] ?? "");
  return found.filter((specifier) => specifier.startsWith("."));
}

/** A file's layer: 0 base, 1 kernel, 2 a mechanism, 3 the process and system layer, 4 an entry point. */
function layerOf(file: string): number {
  const path = relative("reference", file);
  if (path.startsWith("base/")) return 0;
  if (path.startsWith("kernel/")) return 1;
  if (path === "system.ts") return 3;
  if (path === "index.ts" || path === "adapter.ts") return 4;
  return 2;
}

/** The imports that go from a lower layer to a higher one, as "from -> to". */
function upwardImports(graph: Graph): string[] {
  return [...graph].flatMap(([file, targets]) =>
    targets.filter((target) => target.startsWith("reference/") && layerOf(target) > layerOf(file)).map((target) => `${file} -> ${target}`),
  );
}

/** The import cycles, each as "a -> b -> ... -> a". */
function cycles(graph: Graph): string[] {
  const found: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (state.get(target) === "open") found.push([...stack.slice(stack.indexOf(target)), target].join(" -> "));
      else if (state.get(target) === undefined) visit(target);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (state.get(file) === undefined) visit(file);
  return found;
}

const files = sources("reference");
const graph: Graph = new Map(
  files.map((file) => [file, specifiers(readFileSync(join(root, file), "utf8")).map((specifier) => normalize(join(dirname(file), specifier)))]),
);

describe("the reference's layers", () => {
  it("reads every module and its imports, type imports and re-exports included", () => {
    expect(files.length, "source files in reference/").toBeGreaterThan(40);
    expect(graph.get("reference/system.ts"), "imports of system.ts").toContain("reference/kernel/process-core.ts");
    expect(specifiers('import type { A } from "./a.ts";\nexport { B } from "../b.ts";\n// import { C } from "./c.ts";')).toEqual(["./a.ts", "../b.ts"]);
  });

  it("imports nothing outside reference/ but the spec (and the adapter type of the suite, in adapter.ts)", () => {
    const outside = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((target) => !target.startsWith("reference/") && !target.startsWith("spec/"))
        .filter((target) => !(file === "reference/adapter.ts" && target === "conformance/adapter.ts"))
        .map((target) => `${file} -> ${target}`),
    );
    expect(outside).toEqual([]);
  });

  it("never imports a higher layer", () => {
    expect(upwardImports(graph), "imports from a lower layer into a higher one").toEqual([]);
  });

  it("has no import cycle", () => {
    expect(cycles(graph), "import cycles").toEqual([]);
  });

  it("would see an upward import and a cycle (the checks can fail)", () => {
    const broken: Graph = new Map([
      ["reference/base/wait-queue.ts", ["reference/kernel/process-core.ts"]],
      ["reference/kernel/process-core.ts", ["reference/base/wait-queue.ts"]],
      ["reference/pipe/end.ts", ["reference/pipe/pipe.ts"]],
      ["reference/pipe/pipe.ts", ["reference/pipe/end.ts", "reference/system.ts"]],
      ["reference/system.ts", []],
    ]);
    expect(upwardImports(broken)).toEqual(["reference/base/wait-queue.ts -> reference/kernel/process-core.ts", "reference/pipe/pipe.ts -> reference/system.ts"]);
    expect(cycles(broken)).toEqual([
      "reference/base/wait-queue.ts -> reference/kernel/process-core.ts -> reference/base/wait-queue.ts",
      "reference/pipe/end.ts -> reference/pipe/pipe.ts -> reference/pipe/end.ts",
    ]);
  });
});
