/**
 * Runtime edge: starting this package's own modules in a worker thread or a
 * child process, from source (`.ts`, through tsx on Node) or built (`.js`).
 *
 * @module
 */

import { createRequire } from "node:module";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { WorkerOptions } from "node:worker_threads";
import { runtimeKind } from "../load.ts";

const require = createRequire(import.meta.url);

/**
 * The URL of a module of this folder, in the form this code runs in (source
 * `.ts` or built `.js`).
 *
 * @param name - the module's name without extension
 * @returns its URL
 */
export function remoteModuleUrl(name: string): string {
  // The path, not the URL: a module loaded by tsImport carries a query.
  const extension = new URL(import.meta.url).pathname.endsWith(".ts") ? ".ts" : ".js";
  return new URL(`./${name}${extension}`, import.meta.url).href;
}

/**
 * Starts a worker thread running a module; on Node, a TypeScript module is
 * loaded through tsx.
 *
 * @param url - the module's URL
 * @param options - the worker's options (`workerData`...)
 * @returns the worker
 */
export function moduleWorker(url: string, options: WorkerOptions): Worker {
  if (runtimeKind() === "node" && url.endsWith(".ts")) {
    // The ESM build of tsx's API (require.resolve would name the CommonJS one).
    const api = new URL("dist/esm/api/index.mjs", pathToFileURL(require.resolve("tsx/package.json"))).href;
    const code = `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(url)}, ${JSON.stringify(url)})).catch((error) => { process.nextTick(() => { throw error; }); });`;
    return new Worker(code, { ...options, eval: true });
  }
  return new Worker(new URL(url), options);
}

/**
 * The command that runs a module of this package in a new process with this
 * runtime: Node (through tsx for TypeScript), Deno or Bun.
 *
 * @param url - the module's URL
 * @returns the executable and its arguments, before the module's own
 */
export function moduleCommand(url: string): { command: string; args: string[] } {
  const kind = runtimeKind();
  if (kind === "deno") {
    const deno = (globalThis as unknown as { Deno: { execPath(): string } }).Deno;
    return { command: deno.execPath(), args: ["run", "-A", url] };
  }
  if (kind === "node" && url.endsWith(".ts")) {
    const loader = pathToFileURL(require.resolve("tsx")).href;
    return { command: process.execPath, args: ["--import", loader, new URL(url).pathname] };
  }
  return { command: process.execPath, args: [new URL(url).pathname] };
}
