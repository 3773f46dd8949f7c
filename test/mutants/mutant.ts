// What every corpus of deliberately wrong implementations holds, and how most
// of them are built: a reference system whose processes are wrapped.
import type { Adapter } from "../../conformance/adapter.ts";
import { referenceAdapter } from "../../reference/adapter.ts";
import { createSystem } from "../../reference/system.ts";
import type { ReferenceProcess, ReferenceSystem } from "../../reference/system.ts";
import type { IpcSystem, SpawnOptions } from "../../spec/system.ts";
import { overrideProcess } from "../fixtures/wrap.ts";
import type { Overrides } from "../fixtures/wrap.ts";

/** A deliberately wrong implementation, and the clause that must reject it. */
export interface Mutant {
  /** A short, unique name. */
  readonly name: string;
  /** The clause ID whose conformance tests must reject it (FAIL, TIMEOUT or ERROR). */
  readonly breaks: string;
  /** The bug, in one sentence. */
  readonly bug: string;
  /** The wrong implementation. */
  readonly adapter: Adapter;
}

/**
 * A mutant of the reference: each system its adapter makes is a fresh
 * reference system, handed to `prepare` to break before the suite gets it.
 */
export function referenceMutant(name: string, breaks: string, bug: string, prepare: (system: ReferenceSystem) => IpcSystem): Mutant {
  return {
    name,
    breaks,
    bug,
    adapter: { name: `mutant ${name}`, supports: referenceAdapter.supports, createSystem: () => prepare(createSystem()) },
  };
}

/**
 * A mutant whose processes have the calls `mutation` returns replaced
 * (overrideProcess): `world` makes, for each new system, the state its
 * processes share; `onFork` hears of each fork.
 */
export function processMutant<World>(
  name: string,
  breaks: string,
  bug: string,
  world: (system: ReferenceSystem) => World,
  mutation: (target: ReferenceProcess, world: World) => Overrides,
  onFork?: (child: ReferenceProcess, parent: ReferenceProcess, world: World) => void,
): Mutant {
  return referenceMutant(name, breaks, bug, (system) => {
    const shared = world(system);
    const forked = onFork === undefined ? undefined : (child: ReferenceProcess, parent: ReferenceProcess) => onFork(child, parent, shared);
    return { spawn: (options?: SpawnOptions) => overrideProcess(system.spawn(options), (target) => mutation(target, shared), forked) };
  });
}
