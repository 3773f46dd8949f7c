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
 * export `adapter`.
 *
 * @param moduleNamespace - the imported module
 * @returns the adapter
 * @throws {TypeError} when the module exports no valid adapter
 *
 * @example
 * ```ts
 * import { adapterFromModule } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * const adapter = adapterFromModule({ default: { name: "x", supports: {}, createSystem } });
 * console.assert(adapter.name === "x");
 * ```
 */
export function adapterFromModule(moduleNamespace: Record<string, unknown>): Adapter {
  const candidate = moduleNamespace["default"] ?? moduleNamespace["adapter"];
  const problem = adapterProblem(candidate);
  if (problem !== undefined) {
    throw new TypeError(`ipckit: the module's default export (or export "adapter") is not an adapter: ${problem}`);
  }
  return candidate as Adapter;
}
