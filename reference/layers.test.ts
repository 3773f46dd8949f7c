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
const referenceDir = join(root, "reference");

/** Every source file of reference/, tests left out, relative to the repository. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [relative(root, path)] : [];
  });
}

/** The relative specifiers a file imports or re-exports, comments left out. */
function specifiers(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  const found: string[] = [];
  for (const match of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+["']([^"']+)["']/gm)) found.push(match[1] ?? "");
  for (const match of text.matchAll(/^\s*import\s+["']([^"']+)["']/gm)) found.push(match[1] ?? "");
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

const files = sources(referenceDir);
const graph = new Map(files.map((file) => [file, specifiers(file).map((specifier) => normalize(join(dirname(file), specifier)))]));

describe("the reference's layers", () => {
  it("finds the modules and their imports", () => {
    expect(files.length, "source files in reference/").toBeGreaterThan(20);
    expect(graph.get("reference/system.ts")?.length ?? 0, "imports of system.ts").toBeGreaterThan(5);
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
    const upward = [...graph].flatMap(([file, targets]) =>
      targets.filter((target) => target.startsWith("reference/") && layerOf(target) > layerOf(file)).map((target) => `${file} -> ${target}`),
    );
    expect(upward, "imports from a lower layer into a higher one").toEqual([]);
  });

  it("has no import cycle", () => {
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, "open");
      stack.push(file);
      for (const target of graph.get(file) ?? []) {
        if (!graph.has(target)) continue;
        if (state.get(target) === "open") cycles.push([...stack.slice(stack.indexOf(target)), target].join(" -> "));
        else if (state.get(target) === undefined) visit(target);
      }
      stack.pop();
      state.set(file, "done");
    };
    for (const file of files) if (state.get(file) === undefined) visit(file);
    expect(cycles, "import cycles").toEqual([]);
  });

  it("fails on a cycle and on an upward import when there is one (the checks can fail)", () => {
    expect(layerOf("reference/base/wait-queue.ts")).toBeLessThan(layerOf("reference/kernel/process.ts"));
    expect(layerOf("reference/kernel/process.ts")).toBeLessThan(layerOf("reference/pipe/index.ts"));
    expect(layerOf("reference/pipe/index.ts")).toBeLessThan(layerOf("reference/system.ts"));
    expect(specifiers("reference/system.ts").some((specifier) => specifier.includes("kernel/process"))).toBe(true);
  });
});
