/**
 * Checking a manifest against the implementation it describes: every call
 * of every declared feature must be a function on its processes.
 *
 * @module
 */

import { FEATURE_NAMES, FEATURES, callsOf } from "../spec/features.ts";
import type { FeatureName } from "../spec/features.ts";
import type { Adapter } from "./adapter.ts";
import { isSupported } from "./harness.ts";

/**
 * The calls an implementation's processes lack although its manifest
 * declares the features that provide them. It makes one system and one
 * process to look; when that fails (the implementation throws), it reports
 * nothing: the tests will say more. A factory that does not answer within
 * `limitMs` is not waited for.
 *
 * @param adapter - the implementation
 * @returns one entry per feature with missing calls, such as `"mq: mqOpen, mqUnlink"`
 *
 * @example The reference lacks nothing
 * ```ts
 * import { declaredCallsMissing } from "ipckit/conformance";
 * import { referenceAdapter } from "ipckit/reference";
 * console.assert((await declaredCallsMissing(referenceAdapter)).length === 0);
 * const pipesOnly = { name: "x", supports: { mq: true }, createSystem: () => ({ spawn: () => ({ pid: 1 }) }) };
 * console.assert((await declaredCallsMissing(pipesOnly as never))[0] === "mq: mqOpen, mqUnlink");
 * ```
 */
export async function declaredCallsMissing(adapter: Pick<Adapter, "supports" | "createSystem">, limitMs = 5000): Promise<string[]> {
  let proc: Readonly<Record<string, unknown>>;
  let system: Awaited<ReturnType<Adapter["createSystem"]>> | undefined;
  try {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), limitMs)));
    system = await Promise.race([Promise.resolve(adapter.createSystem()), late]).finally(() => clearTimeout(timer));
    if (system === undefined) return [];
    proc = system.spawn() as unknown as Readonly<Record<string, unknown>>;
    if (typeof proc !== "object" || proc === null) return [];
  } catch {
    return [];
  } finally {
    try {
      await system?.teardown?.();
    } catch {
      // Releasing the system used for the look is best effort; the tests will say more.
    }
  }
  const missing: string[] = [];
  for (const feature of FEATURE_NAMES) {
    const names: FeatureName[] = [feature, ...Object.keys(FEATURES[feature].parts).map((part) => `${feature}.${part}` as FeatureName)];
    const lacking = new Set<string>();
    for (const name of names) {
      if (!isSupported(adapter.supports, name)) continue;
      for (const call of callsOf(name)) if (typeof proc[call] !== "function") lacking.add(call);
    }
    if (lacking.size > 0) missing.push(`${feature}: ${[...lacking].join(", ")}`);
  }
  return missing;
}
