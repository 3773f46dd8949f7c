/**
 * The one small thing an implementation writes to be tested: an adapter that
 * names it, says what it supports and makes fresh systems.
 *
 * @module
 */

import type { IpcSystem } from "../spec/system.ts";
import type { Supports } from "./harness.ts";

/**
 * How the suite reaches an implementation. A module under test exports one
 * as its default export (or as a named export `adapter`).
 */
export interface Adapter {
  /** A name for reports, such as `"my-pipes"`. */
  readonly name: string;
  /** What the implementation provides; everything else is NOT IMPLEMENTED. */
  readonly supports: Supports;
  /**
   * Makes a fresh system that shares nothing with any other: the suite calls
   * it for every test.
   *
   * @returns the system (or a promise of it)
   */
  createSystem(): IpcSystem | Promise<IpcSystem>;
}

/**
 * Checks an adapter's shape and returns it, typed. Use it as the default
 * export of the module you hand to `ipckit test`.
 *
 * @param adapter - the adapter
 * @returns the same adapter
 * @throws {TypeError} when a field is missing or of the wrong type
 *
 * @example An adapter for the reference implementation
 * ```ts
 * import { defineAdapter } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * export default defineAdapter({ name: "reference", supports: { pipe: true, process: true }, createSystem });
 * ```
 */
export function defineAdapter(adapter: Adapter): Adapter {
  const problem = adapterProblem(adapter);
  if (problem !== undefined) throw new TypeError(`ipckit: invalid adapter: ${problem}`);
  return adapter;
}

/**
 * Says what is wrong with a value offered as an adapter.
 *
 * @param value - the candidate
 * @returns a description of the first problem, or `undefined` when it is a valid adapter
 *
 * @example
 * ```ts
 * import { adapterProblem } from "ipckit/conformance";
 * console.assert(adapterProblem({}) !== undefined);
 * ```
 */
export function adapterProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return "not an object";
  const candidate = value as Partial<Record<keyof Adapter, unknown>>;
  if (typeof candidate.name !== "string" || candidate.name.length === 0) return "name must be a non-empty string";
  if (typeof candidate.createSystem !== "function") return "createSystem must be a function";
  if (typeof candidate.supports !== "object" || candidate.supports === null) return "supports must be an object";
  return undefined;
}

/**
 * Finds the adapter among a module's exports: the default export, or a named
 * export `adapter`. A CommonJS module (a `.cts` file, or a `.ts` file in a
 * package without `"type": "module"`) reaches an ES import wrapped in one
 * more `default`: `export default adapter` compiled to CommonJS, or
 * `module.exports = { default: adapter }`, is unwrapped the same way.
 *
 * @param moduleNamespace - the imported module
 * @returns the adapter
 * @throws {TypeError} when the module exports no valid adapter
 *
 * @example An ES module, and a CommonJS one seen through an ES import
 * ```ts
 * import { adapterFromModule } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * const adapter = { name: "x", supports: {}, createSystem };
 * console.assert(adapterFromModule({ default: adapter }) === adapter);
 * console.assert(adapterFromModule({ default: { __esModule: true, default: adapter } }) === adapter);
 * ```
 */
export function adapterFromModule(moduleNamespace: Record<string, unknown>): Adapter {
  const candidates: unknown[] = [moduleNamespace["default"], moduleNamespace["adapter"]];
  // The CommonJS interop layer: module.exports arrives as the default export.
  for (const outer of [moduleNamespace["default"], moduleNamespace["module.exports"]]) {
    if (typeof outer === "object" && outer !== null) {
      candidates.push((outer as Record<string, unknown>)["default"], (outer as Record<string, unknown>)["adapter"]);
    }
  }
  const found = candidates.find((candidate) => candidate !== undefined && adapterProblem(candidate) === undefined);
  if (found !== undefined) return found as Adapter;
  const first = candidates.find((candidate) => candidate !== undefined);
  const problem = first === undefined ? "the module has no default export and no export named adapter" : adapterProblem(first);
  throw new TypeError(`ipckit: the module's default export (or export "adapter") is not an adapter: ${problem}`);
}
