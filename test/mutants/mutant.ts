// What every corpus of deliberately wrong implementations holds, and how most
// of them are built: a reference system whose processes are wrapped.
import type { Adapter } from "../../conformance/adapter.ts";
import { referenceAdapter } from "../../reference/adapter.ts";
import type { BlockedCall, RestartRule } from "../../reference/base/interrupt.ts";
import { ReferenceProcess, createSystem } from "../../reference/system.ts";
import type { ReferenceSystem } from "../../reference/system.ts";
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

// ----- Signal mutants: reference processes patched in place -----------------

/** Changes one reference process in place; applied to every process, spawned or forked. */
export type ProcessPatch = (process: ReferenceProcess, system: ReferenceSystem) => void;

/**
 * A mutant of the reference whose every process (spawned, and forked from
 * one) is first changed by `patch`. Its manifest is the reference's, signals
 * included.
 */
export function signalMutant(name: string, breaks: string, bug: string, patch: ProcessPatch): Mutant {
  return referenceMutant(name, breaks, bug, (system) => {
    const prepare = (process: ReferenceProcess): ReferenceProcess => {
      patch(process, system);
      const fork = process.fork.bind(process);
      process.fork = () => prepare(fork());
      return process;
    };
    return { spawn: (options) => prepare(system.spawn(options)) };
  });
}

/**
 * Registers a process's blocked calls through `change`: each call the process
 * would register is replaced by what `change` returns for it (`undefined`:
 * not registered at all, so no handler, nor the process's end, reaches it).
 * The wait queues call `block` and `unblock` on the real process, so own
 * properties shadowing the class's methods are enough.
 */
export function registerBlockedCallsAs(process: ReferenceProcess, change: (call: BlockedCall) => BlockedCall | undefined): void {
  const standIns = new Map<BlockedCall, BlockedCall>();
  const { block, unblock } = ReferenceProcess.prototype;
  process.block = (call) => {
    const standIn = change(call);
    if (standIn === undefined) return;
    standIns.set(call, standIn);
    block.call(process, standIn);
  };
  process.unblock = (call) => {
    unblock.call(process, standIns.get(call) ?? call);
    standIns.delete(call);
  };
}

/**
 * Makes `process` register the blocked calls `pick` selects with the restart
 * rule `rule` instead of their own, or (`"unregistered"`) not at all; the
 * stand-in call interrupts the real one.
 */
export function rewireBlockedCalls(process: ReferenceProcess, pick: (syscall: string) => boolean, rule: RestartRule | "unregistered"): void {
  registerBlockedCallsAs(process, (call) => {
    if (!pick(call.syscall)) return call;
    if (rule === "unregistered") return undefined;
    return { syscall: call.syscall, restart: rule, interrupt: (reason) => call.interrupt(reason) };
  });
}

/** A patch under which the calls named cannot be interrupted: a handler runs and they go on waiting. */
export function uninterruptible(...syscalls: readonly string[]): ProcessPatch {
  return (process) => rewireBlockedCalls(process, (syscall) => syscalls.includes(syscall), "unregistered");
}

/** A patch under which the calls named are never restarted: SA_RESTART is ignored, and they fail EINTR. */
export function neverRestarted(...syscalls: readonly string[]): ProcessPatch {
  return (process) => rewireBlockedCalls(process, (syscall) => syscalls.includes(syscall), "never");
}

/**
 * A mutant of the reference whose processes register the blocked calls named
 * in `syscalls` with the restart rule `rule` instead of their own, or (with
 * `"unregistered"`) not at all: a handler then restarts, interrupts or misses
 * them where the clause says otherwise.
 */
export function blockedCallMutant(name: string, breaks: string, bug: string, syscalls: readonly string[], rule: RestartRule | "unregistered"): Mutant {
  return signalMutant(name, breaks, bug, (process) => rewireBlockedCalls(process, (syscall) => syscalls.includes(syscall), rule));
}
