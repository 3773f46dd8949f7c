/**
 * What the example class's submissions are built on. A real student writes
 * the implementation; here each submission is this repository's reference
 * implementation (imported from its sources, so the grader prepares it as the
 * submission's own code) with one student's mistakes put in front of it,
 * which keeps every submission a few lines long and its score exact.
 *
 * `studentAdapter` wraps each process, pipe end and queue handle of a
 * reference system in a Proxy that answers the members a submission
 * replaces and hands everything else to the reference object (methods bound
 * to it, since it keeps its state in private fields).
 */
import { defineAdapter } from "ipckit/conformance";
import type { Adapter, Supports } from "ipckit/conformance";
import type { IpcProcess, IpcSystem, MessageQueue, PipeEnd, SpawnOptions } from "ipckit/spec";
import { createSystem } from "../../../reference/index.ts";

/** The members a submission replaces, given the real object underneath. */
export interface Mistakes {
  readonly end?: (real: PipeEnd) => Partial<PipeEnd>;
  readonly queue?: (real: MessageQueue) => Partial<MessageQueue>;
}

function overlay<T extends object>(target: T, replaced: Partial<Record<PropertyKey, unknown>>): T {
  return new Proxy(target, {
    get(t, property) {
      if (Object.hasOwn(replaced, property)) return replaced[property];
      const value: unknown = Reflect.get(t, property, t);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(t) : value;
    },
  });
}

function wrapEnd(real: PipeEnd, mistakes: Mistakes): PipeEnd {
  return overlay(real, { dup: () => wrapEnd(real.dup(), mistakes), ...mistakes.end?.(real) });
}

function wrapProcess(real: IpcProcess, mistakes: Mistakes): IpcProcess {
  const calls = real as IpcProcess & { mqOpen?: (...args: unknown[]) => MessageQueue; fork?: () => IpcProcess };
  return overlay(real, {
    pipe: (...args: Parameters<IpcProcess["pipe"]>) => real.pipe(...args).map((end) => wrapEnd(end, mistakes)),
    ...(calls.fork === undefined ? {} : { fork: () => wrapProcess(calls.fork!(), mistakes) }),
    ...(calls.mqOpen === undefined ? {} : { mqOpen: (...args: unknown[]) => { const queue = calls.mqOpen!(...args); return overlay(queue, mistakes.queue?.(queue) ?? {}); } }),
  });
}

/**
 * A submission: the reference with `mistakes` in front of it.
 *
 * @param name - the adapter's name
 * @param supports - its manifest
 * @param mistakes - what it does differently
 * @returns the adapter
 */
export function studentAdapter(name: string, supports: Supports, mistakes: Mistakes = {}): Adapter {
  return defineAdapter({
    name,
    supports,
    createSystem(): IpcSystem {
      const system = createSystem();
      return { spawn: (options?: SpawnOptions) => wrapProcess(system.spawn(options), mistakes) };
    },
  });
}
