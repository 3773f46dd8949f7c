/**
 * Runtime edge: loading the module under test. Deno and Bun import
 * TypeScript themselves; on Node, a `.ts` module goes through tsx.
 *
 * @module
 */

import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { adapterFromModule } from "../conformance/adapter.ts";
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
 * Imports a module by path or URL, TypeScript included.
 *
 * @param specifier - a path or a `file:` URL
 * @returns the module's namespace
 * @throws whatever the import throws (not found, syntax error, a throw at load)
 */
export async function importModule(specifier: string): Promise<Record<string, unknown>> {
  const url = toModuleUrl(specifier);
  if (runtimeKind() === "node" && /\.[cm]?tsx?$/.test(new URL(url).pathname)) {
    const { tsImport } = await import("tsx/esm/api");
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  }
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
 * Loads the adapter a module exports, in a worker: the first thing the test
 * and bench workers do.
 *
 * @param moduleUrl - the module's URL
 * @param report - told why, when the module cannot be loaded or exports no adapter
 * @returns the adapter, or `undefined` after reporting the reason
 */
export async function loadAdapter(moduleUrl: string, report: (message: string) => void): Promise<Adapter | undefined> {
  try {
    return adapterFromModule(await importModule(moduleUrl));
  } catch (error) {
    report(describeValue(error));
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
