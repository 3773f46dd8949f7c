/**
 * Runtime edge: loading the module under test. Deno and Bun import
 * TypeScript themselves; on Node, a `.ts` module is compiled to JavaScript
 * by TypeScript's own `transpileModule`, through module hooks this module
 * registers once per thread (no package with an install script is needed).
 *
 * @module
 */

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import Module, { createRequire, register } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { adapterFromModule, adapterProblem } from "../conformance/adapter.ts";
import type { Adapter } from "../conformance/adapter.ts";
import { describeValue } from "../conformance/assert.ts";

/**
 * Which runtime this is.
 *
 * @returns `deno`, `bun` or `node`
 */
export function runtimeKind(): "deno" | "bun" | "node" {
  const g = globalThis as { Deno?: unknown; Bun?: unknown };
  if (g.Deno !== undefined) return "deno";
  if (g.Bun !== undefined) return "bun";
  return "node";
}

/**
 * Turns a path (relative to the working directory) or a URL into a file URL.
 *
 * @param specifier - a path or a `file:` URL
 * @returns the URL
 */
export function toModuleUrl(specifier: string): string {
  return specifier.startsWith("file:") ? specifier : pathToFileURL(resolve(specifier)).href;
}

/**
 * The module hooks that let Node import TypeScript: `load` compiles a
 * `.ts` or `.mts` file (as an ES module) with TypeScript's `transpileModule`
 * (types erased, enums and the like compiled; no type check; a syntax error
 * is thrown with its file, line and column), hands a `.cts` file to the
 * CommonJS loader (which compiles it with {@link installCommonJsTypeScript}),
 * and `resolve` lets a TypeScript file import a sibling as `./x.js` or `./x`
 * when the file is `./x.ts`, as TypeScript projects write them. Compiled files
 * are cached by content in the temporary folder, as tsx does, so that a worker
 * started again after a TIMEOUT or an ERROR does not load TypeScript again.
 * Given as a `data:` URL so that it needs no file of its own; it receives
 * TypeScript's URL and the cache folder. Each output carries an inline source
 * map: with source maps enabled, stacks point at the TypeScript lines.
 */
const TYPESCRIPT_HOOKS = `
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
let ts;
let typescript = "";
let version = "";
let cache = "";
const TS = /\\.m?ts$/;
export async function initialize(data) {
  typescript = data.typescript;
  cache = data.cache;
  version = JSON.parse(await readFile(new URL("../package.json", typescript), "utf8")).version;
}
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const parent = context.parentURL ?? "";
    if (error?.code !== "ERR_MODULE_NOT_FOUND" || parent === "" || !/^\\.{1,2}\\//.test(specifier) || !TS.test(new URL(parent).pathname)) throw error;
    const candidates = /\\.[cm]?js$/.test(specifier)
      ? [specifier.replace(/js$/, "ts")]
      : [specifier + ".ts", specifier + "/index.ts"];
    for (const candidate of candidates) {
      try {
        return await next(candidate, context);
      } catch {}
    }
    throw error;
  }
}
async function compile(text, fileName) {
  const key = createHash("sha256").update(version + "\\0esm\\0" + fileName + "\\0" + text).digest("hex");
  const cached = cache + "/" + key + ".js";
  try {
    return await readFile(cached, "utf8");
  } catch {}
  ts ??= (await import(typescript)).default;
  const result = ts.transpileModule(text, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, inlineSourceMap: true, inlineSources: true },
  });
  const error = (result.diagnostics ?? []).find((d) => d.category === ts.DiagnosticCategory.Error);
  if (error !== undefined) {
    const where = error.file && error.start !== undefined ? error.file.getLineAndCharacterOfPosition(error.start) : undefined;
    const at = where === undefined ? fileName : fileName + ":" + (where.line + 1) + ":" + (where.character + 1);
    throw new SyntaxError(at + ": " + ts.flattenDiagnosticMessageText(error.messageText, " "));
  }
  const output = result.outputText;
  try {
    await mkdir(cache, { recursive: true });
    const partial = cached + "." + Math.random().toString(36).slice(2);
    await writeFile(partial, output);
    await rename(partial, cached);
  } catch {}
  return output;
}
export async function load(url, context, next) {
  if (!url.startsWith("file:")) return next(url, context);
  const path = new URL(url).pathname;
  if (/\\.cts$/.test(path)) return { format: "commonjs", source: null, shortCircuit: true };
  if (!TS.test(path)) return next(url, context);
  const source = await compile(await readFile(new URL(url), "utf8"), path);
  return { format: "module", source, shortCircuit: true };
}
`;

/** TypeScript's compiler API, as far as the CommonJS hook uses it. */
interface TypeScriptApi {
  readonly version: string;
  readonly ModuleKind: { readonly CommonJS: number };
  readonly ScriptTarget: { readonly ES2022: number };
  readonly DiagnosticCategory: { readonly Error: number };
  transpileModule(
    text: string,
    options: { fileName: string; reportDiagnostics: boolean; compilerOptions: Record<string, unknown> },
  ): {
    outputText: string;
    diagnostics?: readonly {
      category: number;
      start?: number;
      file?: { getLineAndCharacterOfPosition(position: number): { line: number; character: number } };
      messageText: unknown;
    }[];
  };
  flattenDiagnosticMessageText(message: unknown, newLine: string): string;
}

/** A CommonJS module as the loader's extension hooks see it. */
interface CommonJsModule {
  _compile(source: string, filename: string): void;
}

/**
 * Teaches Node's CommonJS loader TypeScript: a `.cts` file (and a `.ts` file
 * that CommonJS code requires) is compiled to CommonJS by `transpileModule`,
 * cached like the ES module hooks' output. This is how a `.cts` adapter
 * loads, whether it writes `export default adapter` or
 * `module.exports = { default: adapter }`, and whatever it requires.
 *
 * @param cache - the folder of compiled files
 */
function installCommonJsTypeScript(cache: string): void {
  const require = createRequire(import.meta.url);
  const extensions = (Module as unknown as { _extensions: Record<string, (module: CommonJsModule, filename: string) => void> })._extensions;
  let ts: TypeScriptApi | undefined;
  const compile = (module: CommonJsModule, filename: string): void => {
    const text = readFileSync(filename, "utf8");
    ts ??= require("typescript") as TypeScriptApi;
    const key = createHash("sha256").update(`${ts.version}\0cjs\0${filename}\0${text}`).digest("hex");
    const cached = join(cache, `${key}.cjs`);
    let output: string | undefined;
    try {
      output = readFileSync(cached, "utf8");
    } catch {
      const result = ts.transpileModule(text, {
        fileName: filename,
        reportDiagnostics: true,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true, inlineSources: true },
      });
      const error = (result.diagnostics ?? []).find((d) => d.category === ts!.DiagnosticCategory.Error);
      if (error !== undefined) {
        const where = error.file !== undefined && error.start !== undefined ? error.file.getLineAndCharacterOfPosition(error.start) : undefined;
        throw new SyntaxError(`${where === undefined ? filename : `${filename}:${where.line + 1}:${where.character + 1}`}: ${ts.flattenDiagnosticMessageText(error.messageText, " ")}`);
      }
      output = result.outputText;
      try {
        mkdirSync(cache, { recursive: true });
        const partial = `${cached}.${Math.random().toString(36).slice(2)}`;
        writeFileSync(partial, output);
        renameSync(partial, cached);
      } catch {
        // The cache is best effort.
      }
    }
    module._compile(output, filename);
  };
  extensions[".cts"] = compile;
  extensions[".ts"] ??= compile;
}

let hooksRegistered = false;

/**
 * Registers {@link TYPESCRIPT_HOOKS} and the CommonJS compile hook in this
 * thread, once, and turns source maps on so that a stack thrown from the
 * module under test names its TypeScript file and line.
 */
function registerTypeScriptHooks(): void {
  if (hooksRegistered) return;
  const uid = typeof process.getuid === "function" ? `-${process.getuid()}` : "";
  const cache = join(tmpdir(), `ipckit-ts${uid}`);
  register(`data:text/javascript,${encodeURIComponent(TYPESCRIPT_HOOKS)}`, {
    data: { typescript: import.meta.resolve("typescript"), cache },
  });
  installCommonJsTypeScript(cache);
  process.setSourceMapsEnabled(true);
  hooksRegistered = true;
}

/**
 * Imports a module by path or URL, TypeScript included. On Node, `.ts`,
 * `.mts` and `.cts` files are compiled by TypeScript; a `.cts` file (a
 * CommonJS module) arrives as `{ default: module.exports }`, as an ES import
 * of CommonJS does.
 *
 * @param specifier - a path or a `file:` URL
 * @returns the module's namespace
 * @throws whatever the import throws (not found, syntax error, a throw at load)
 */
export async function importModule(specifier: string): Promise<Record<string, unknown>> {
  const url = toModuleUrl(specifier);
  if (runtimeKind() === "node" && /\.[cm]?ts$/.test(new URL(url).pathname)) registerTypeScriptHooks();
  return (await import(url)) as Record<string, unknown>;
}

/**
 * The URL of a sibling module of this one, in the same form (source `.ts`
 * when running from source, `.js` when built).
 *
 * @param relative - the path without extension, relative to this folder
 * @returns the module's URL
 */
export function siblingUrl(relative: string): string {
  const extension = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
  return new URL(`${relative}${extension}`, import.meta.url).href;
}

/**
 * What a module offers as its adapter, seen through the CommonJS interop
 * layer (a `.cts` file, or a `.ts` one in a project without `"type":
 * "module"`, arrives with its `module.exports` as the default export, marked
 * `__esModule` when it was written with ES syntax).
 *
 * @param namespace - the imported module
 * @returns the value offered, or `undefined` when the module offers none
 */
function offered(namespace: Record<string, unknown>): unknown {
  let value: unknown = namespace["default"] ?? namespace["adapter"];
  for (let depth = 0; depth < 3 && typeof value === "object" && value !== null && adapterProblem(value) !== undefined; depth++) {
    const inner = value as Record<string, unknown>;
    if (inner["default"] !== undefined) value = inner["default"];
    else if (inner["adapter"] !== undefined) value = inner["adapter"];
    else if (inner["__esModule"] === true) return undefined; // compiled ES syntax with no default export
    else break;
  }
  return value;
}

/**
 * The adapter a module exports (see `adapterFromModule`), with a message
 * that says what the module offers instead when it exports none: `the
 * module's default export is 42, not an adapter`, or the exports it has.
 *
 * @param namespace - the imported module
 * @returns the adapter
 * @throws {TypeError} when the module exports no valid adapter
 */
export function adapterOf(namespace: Record<string, unknown>): Adapter {
  try {
    return adapterFromModule(namespace);
  } catch (error) {
    const value = offered(namespace);
    if (value === undefined) {
      const names = Object.keys(namespace).filter((name) => name !== "default" && name !== "module.exports");
      throw new TypeError(
        `the module has no default export and no export named adapter${names.length > 0 ? ` (it exports ${names.join(", ")})` : ""}`,
      );
    }
    if (typeof value !== "object" || value === null) {
      throw new TypeError(`the module's default export is ${describeValue(value)}, not an adapter (an object with name, supports and createSystem)`);
    }
    const problem = adapterProblem(value);
    if (problem !== undefined) throw new TypeError(`the module's default export is not an adapter: ${problem}`);
    throw error;
  }
}

/**
 * Loads the adapter a module exports, in a worker: the first thing the test
 * and bench workers do.
 *
 * @param moduleUrl - the module's URL
 * @param report - told why, when the module cannot be loaded or exports no adapter
 * @returns the adapter, or `undefined` after reporting the reason
 */
export async function loadAdapter(moduleUrl: string, report: (message: string) => void): Promise<Adapter | undefined> {
  let namespace: Record<string, unknown>;
  try {
    namespace = await importModule(moduleUrl);
  } catch (error) {
    report(describeValue(error));
    return undefined;
  }
  try {
    return adapterOf(namespace);
  } catch (error) {
    report(error instanceof Error ? error.message : describeValue(error));
    return undefined;
  }
}

/**
 * Keeps only the plain data of a manifest, so it can cross to the main thread.
 *
 * @param supports - the adapter's manifest
 * @returns a copy holding only JSON data
 */
export function plainSupports(supports: unknown): Adapter["supports"] {
  return JSON.parse(JSON.stringify(supports ?? {})) as Adapter["supports"];
}
