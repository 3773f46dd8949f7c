/**
 * Runtime edge: preparing a submission so that its child can load it
 * without reading the submission's folder. The grader follows the adapter's
 * imports from the entry file, compiles each module it reaches with
 * TypeScript's `transpileModule` (types erased, no type check; plain
 * JavaScript passes through the same way), points each import at the
 * prepared copy of its target, and writes the copies into a folder of its
 * own, mirroring their paths. Nothing of the submission runs in the grader.
 * Imports of `ipckit/...` point at the grader's installed copy; Node's
 * modules stay as they are; a package the submission imports is read where
 * it is installed. Inline source maps keep the student's file names and
 * lines in stack traces.
 *
 * @module
 */

import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { dirname, extname, join, relative, resolve, sep } from "node:path";
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

/** The folder of the installed package a file belongs to (`.../node_modules/name` or `.../node_modules/@scope/name`). */
function packageFolder(file: string): string | undefined {
  const parts = file.split(sep);
  const at = parts.lastIndexOf("node_modules");
  if (at === -1 || at + 1 >= parts.length) return undefined;
  const scoped = parts[at + 1]!.startsWith("@");
  return parts.slice(0, at + (scoped ? 3 : 2)).join(sep);
}

/**
 * The folders the child must be able to read besides its bundle: the
 * package (by its real path) and the folder its run-time dependencies are
 * installed in.
 *
 * @param root - the package root
 * @returns real paths, without repeats
 */
export function runtimeReadPaths(root: string): string[] {
  const paths = new Set<string>([realpathSync(root)]);
  // fast-check is the dependency the suite loads at run time; the
  // node_modules folder it is installed in holds its own dependencies too.
  const fastCheck = packageFolder(realpathSync(createRequire(join(root, "package.json")).resolve("fast-check")));
  if (fastCheck !== undefined) paths.add(dirname(fastCheck));
  return [...paths];
}

/** A submission that could not be prepared: the first problems, in words. */
export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BuildError";
  }
}

/** What preparing a submission came to. */
export interface PreparedSubmission {
  /** The prepared entry module's `file:` URL. */
  readonly url: string;
  /** Installed packages the submission imports, which the child must read. */
  readonly readPaths: readonly string[];
}

/** TypeScript's API, as far as it is used here. */
interface TypeScript {
  readonly version: string;
  readonly ModuleKind: { readonly ESNext: number; readonly CommonJS: number };
  readonly ScriptTarget: { readonly ES2022: number; readonly Latest: number };
  transpileModule(
    input: string,
    options: { fileName: string; reportDiagnostics: boolean; compilerOptions: Record<string, unknown> },
  ): { outputText: string; diagnostics?: readonly { messageText: unknown; start?: number; file?: { getLineAndCharacterOfPosition(pos: number): { line: number; character: number } } }[] };
  preProcessFile(text: string, readImportFiles: boolean, detectJavaScriptImports: boolean): { importedFiles: readonly { fileName: string; pos: number }[] };
  createSourceFile(fileName: string, text: string, target: number): unknown;
  isExternalModule(file: unknown): boolean;
  flattenDiagnosticMessageText(message: unknown, newline: string): string;
}

const EXTENSIONS_TRIED = [".ts", ".mts", ".js", ".mjs", ".cjs", ".json"];

/** The nearest package.json's `type` above a file. */
function packageType(file: string): string | undefined {
  let dir = dirname(file);
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, "utf8")) as { type?: string }).type;
      } catch {
        return undefined;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

/**
 * Finds the file a relative import names, as Node does and as TypeScript
 * projects write them: the path itself, `./x.js` for `./x.ts`, `./x` for
 * `./x.ts` (or another extension), `./x/index.ts`.
 */
function resolveRelative(specifier: string, importer: string): string | undefined {
  const path = specifier.startsWith("file:") ? fileURLToPath(specifier) : resolve(dirname(importer), specifier);
  const candidates = [path];
  const ext = extname(path);
  if (ext === ".js" || ext === ".mjs" || ext === ".cjs") {
    const stem = path.slice(0, -ext.length);
    candidates.push(`${stem}${ext.replace("j", "t")}`);
  }
  candidates.push(...EXTENSIONS_TRIED.map((e) => `${path}${e}`), ...EXTENSIONS_TRIED.map((e) => join(path, `index${e}`)));
  return candidates.find(isFile);
}

/**
 * Prepares a submission (see the module's summary) into `<outDir>/files/`,
 * mirroring each module's absolute path.
 *
 * @param entry - the adapter module's absolute path
 * @param outDir - a folder of the grader's to write into
 * @param root - ipckit's package root (whose `dist/` the submission's ipckit imports load)
 * @returns the prepared entry's URL and the installed packages it reads
 * @throws {BuildError} when a module does not parse, or imports what cannot be found
 */
export async function bundleSubmission(entry: string, outDir: string, root: string): Promise<PreparedSubmission> {
  const ts = ((await import("typescript")) as unknown as { default: TypeScript }).default;
  const entries = ipckitEntries(root);
  const files = join(outDir, "files");
  mkdirSync(files, { recursive: true, mode: 0o755 });
  const base = dirname(entry);
  const shown = (file: string): string => (file.startsWith(`${base}${sep}`) ? relative(base, file) : file);

  /** Where a module's prepared copy goes, and whether it is CommonJS. */
  const planned = new Map<string, { out: string; commonjs: boolean; json: boolean }>();
  const plan = (file: string): { out: string; commonjs: boolean; json: boolean } => {
    const known = planned.get(file);
    if (known !== undefined) return known;
    const ext = extname(file);
    const json = ext === ".json";
    let commonjs = ext === ".cjs" || ext === ".cts";
    if (ext === ".js") {
      const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
      commonjs = packageType(file) !== "module" && !ts.isExternalModule(source);
    }
    const stem = join(files, file.slice(0, file.length - ext.length));
    const entry_ = { out: json ? `${stem}.json` : `${stem}${commonjs ? ".cjs" : ".mjs"}`, commonjs, json };
    planned.set(file, entry_);
    return entry_;
  };

  const readPaths = new Set<string>();
  const queue = [realpathSync(entry)];
  const done = new Set<string>();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (done.has(file)) continue;
    done.add(file);
    const target = plan(file);
    mkdirSync(dirname(target.out), { recursive: true, mode: 0o755 });
    const text = readFileSync(file, "utf8");
    if (target.json) {
      writeFileSync(target.out, text);
      continue;
    }
    const compiled = ts.transpileModule(text, {
      fileName: file,
      reportDiagnostics: true,
      compilerOptions: {
        module: target.commonjs ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        allowJs: true,
        inlineSourceMap: true,
        inlineSources: true,
      },
    });
    const errors = (compiled.diagnostics ?? []).slice(0, 3).map((d) => {
      const at = d.file !== undefined && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      return `${shown(file)}${at === undefined ? "" : `:${at.line + 1}:${at.character + 1}`}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    });
    if (errors.length > 0) throw new BuildError(errors.join("; "));
    // Point every import at its prepared copy, from the last to the first so
    // that positions stay true.
    let output = compiled.outputText;
    const imports = [...ts.preProcessFile(output, true, true).importedFiles].sort((a, b) => b.pos - a.pos);
    for (const { fileName: specifier, pos } of imports) {
      const quote = output[pos];
      if ((quote !== '"' && quote !== "'") || output.slice(pos + 1, pos + 1 + specifier.length) !== specifier) continue;
      let replacement: string;
      // An ES module imports by URL; CommonJS requires by path.
      const located = (path: string): string => (target.commonjs ? path : pathToFileURL(path).href);
      if (entries.has(specifier)) {
        replacement = located(entries.get(specifier)!);
      } else if (specifier === "ipckit" || specifier.startsWith("ipckit/")) {
        throw new BuildError(`${shown(file)}: ipckit has no entry point "${specifier}" (use ${[...entries.keys()].join(", ")})`);
      } else if (isBuiltin(specifier)) {
        continue;
      } else if (/^(\.{1,2}\/|\/|file:)/.test(specifier)) {
        const found = resolveRelative(specifier, file);
        if (found === undefined) throw new BuildError(`${shown(file)}: cannot find "${specifier}"`);
        const real = realpathSync(found);
        queue.push(real);
        const to = plan(real).out;
        const path = relative(dirname(target.out), to).split(sep).join("/");
        replacement = path.startsWith(".") ? path : `./${path}`;
      } else {
        // An installed package: loaded where it is installed.
        let found: string;
        try {
          found = realpathSync(createRequire(file).resolve(specifier));
        } catch {
          throw new BuildError(`${shown(file)}: cannot find the package "${specifier}" (install it beside the submission)`);
        }
        const folder = packageFolder(found);
        if (folder !== undefined) readPaths.add(folder);
        replacement = located(found);
      }
      const literal = replacement.replace(/\\/g, "\\\\").replace(new RegExp(quote, "g"), `\\${quote}`);
      output = `${output.slice(0, pos + 1)}${literal}${output.slice(pos + 1 + specifier.length)}`;
    }
    writeFileSync(target.out, output);
  }
  return { url: pathToFileURL(plan(realpathSync(entry)).out).href, readPaths: [...readPaths] };
}
