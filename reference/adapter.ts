/**
 * The reference implementation's adapter: what `ipckit test` runs when no
 * module is given, and the model for writing one of your own.
 *
 * @module
 */

import type { Adapter } from "../conformance/adapter.ts";
import { createSystem } from "./system.ts";

/**
 * The adapter of the reference implementation: it supports every feature.
 *
 * @example Run one clause against the reference
 * ```ts
 * import { runSuite } from "ipckit/conformance";
 * import { referenceAdapter } from "ipckit/reference";
 * for await (const event of runSuite(referenceAdapter, { clauses: ["PIPE-ORD-1"], seed: 1 })) {
 *   if (event.type === "end") console.assert(event.ok);
 * }
 * ```
 */
export const referenceAdapter: Adapter = {
  name: "ipckit reference",
  supports: { pipe: true, process: true, fifo: true, mq: true, msg: true, shm: true, sem: true, mutex: true, stream: true, dgram: true, unix: true, signal: true },
  createSystem,
};

export default referenceAdapter;
