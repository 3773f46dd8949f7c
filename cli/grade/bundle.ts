/**
 * Runtime edge: turning a submission into one JavaScript module the child
 * can load without reading the submission's folder. The grader bundles the
 * adapter and everything it imports (TypeScript included) with esbuild, in
 * the grader's process but without running any of it; imports of `ipckit`
 * point at the grader's own installed copy, and a source map keeps the
 * student's file names and lines in stack traces. The child then needs to
 * read only ipckit and the bundle.
 *
 * @module
 */

import { existsSync, mkdirSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The package's root folder: the nearest one up whose package.json is named ipckit. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, "package.json");
    if (existsSync(file) && (JSON.parse(readFileSync(file, "utf8")) as { name?: string }).name === "ipckit") return dir;
    dir = dirname(dir);
  }
  throw new Error("ipckit grade: cannot find ipckit's package.json");
}

/**
 * The built module for each `ipckit/...` import, from the package's exports.
 *
 * @param root - the package root
 * @returns absolute paths by specifier (`ipckit/spec` → `.../dist/spec/index.js`)
 */
export function ipckitEntries(root: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports?: Record<string, unknown> };
  const entries = new Map<string, string>();
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    const file = typeof target === "string" ? target : (target as { default?: unknown } | null)?.default;
    if (typeof file !== "string") continue;
    const specifier = subpath === "." ? "ipckit" : `ipckit/${subpath.replace(/^\.\//, "")}`;
    entries.set(specifier, resolve(root, file));
  }
  return entries;
}

/**
 * The folders the child must be able to read: the package (by its real
 * path) and the folder its dependencies are installed in.
 *
 * @param root - the package root
 * @returns real paths, without repeats
 */
export function runtimeReadPaths(root: string): string[] {
  const paths = new Set<string>([realpathSync(root)]);
  // fast-check is the one dependency the suite loads at run time; its
  // folder's parent holds its own dependencies too.
  let dir = realpathSync(root);
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, "node_modules", "fast-check");
    if (existsSync(candidate)) {
      paths.add(dirname(realpathSync(candidate)));
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return [...paths];
}

/** A submission that could not be bundled: the compiler's first errors, in words. */
export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BuildError";
  }
}

/**
 * Bundles a submission's adapter into `<outDir>/submission.mjs`.
 *
 * @param entry - the adapter module's absolute path
 * @param outDir - a folder of the grader's to write the bundle in
 * @param root - ipckit's package root (whose `dist/` the bundle imports)
 * @returns the bundle's `file:` URL
 * @throws {BuildError} when it does not compile or imports what cannot be found
 */
export async function bundleSubmission(entry: string, outDir: string, root: string): Promise<string> {
  const { build } = await import("esbuild");
  const entries = ipckitEntries(root);
  mkdirSync(outDir, { recursive: true, mode: 0o755 });
  const outfile = join(outDir, "submission.mjs");
  const base = dirname(entry);
  try {
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      sourcemap: "inline",
      logLevel: "silent",
      absWorkingDir: base,
      // A CommonJS submission's require() of a Node module or of ipckit.
      banner: { js: 'import { createRequire as __ipckitCreateRequire } from "node:module"; const require = __ipckitCreateRequire(import.meta.url);' },
      plugins: [
        {
          name: "ipckit",
          setup(pluginBuild) {
            pluginBuild.onResolve({ filter: /^ipckit(\/.*)?$/ }, (args) => {
              const file = entries.get(args.path);
              if (file === undefined) return { errors: [{ text: `ipckit has no entry point "${args.path}" (use ${[...entries.keys()].join(", ")})` }] };
              return { path: pathToFileURL(file).href, external: true };
            });
          },
        },
      ],
    });
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors ?? [];
    const described = errors.slice(0, 3).map((e) => (e.location ? `${relative(base, resolve(base, e.location.file)) || e.location.file}:${e.location.line}:${e.location.column + 1}: ${e.text}` : e.text));
    throw new BuildError(described.length > 0 ? described.join("; ") : error instanceof Error ? error.message : String(error));
  }
  return pathToFileURL(outfile).href;
}
