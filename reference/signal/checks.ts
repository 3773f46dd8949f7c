/**
 * The argument checks of the signal calls (SIG-ERR-1, SIG-ERR-2, SIG-ERR-3):
 * each fails `EINVAL` and changes nothing.
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { SignalAction } from "../../spec/signal.ts";
import { SIGKILL, SIGRTMAX, SIGSTOP, isSignal } from "../../spec/signal.ts";
import { describeType, requireOptionalObject } from "../base/validate.ts";
import { SIGNAL_SLOTS } from "../kernel/signal-state.ts";

/** SIG-ERR-1: a signal number from 1 to 64, or 0 where the call allows a check. */
export function requireSignalNumber(value: unknown, syscall: string, allowZero: boolean): number {
  if (isSignal(value) || (allowZero && value === 0)) return value as number;
  throw new IpcError("EINVAL", syscall, { detail: `signal must be an integer from ${allowZero ? 0 : 1} to ${SIGRTMAX}, got ${describeType(value)}` });
}

/**
 * SIG-ERR-2: a set of signal numbers, as a per-signal table, SIGKILL and
 * SIGSTOP left out silently (SIG-PERM-3).
 */
export function requireSignalSet(value: unknown, syscall: string, argName: string): Uint8Array {
  if (!Array.isArray(value)) {
    throw new IpcError("EINVAL", syscall, { detail: `${argName} must be an array of signal numbers, got ${describeType(value)}` });
  }
  const set = new Uint8Array(SIGNAL_SLOTS);
  for (const signal of value) {
    if (!isSignal(signal)) {
      throw new IpcError("EINVAL", syscall, { detail: `${argName} holds ${describeType(signal)}, not a signal number` });
    }
    if (signal !== SIGKILL && signal !== SIGSTOP) set[signal] = 1;
  }
  return set;
}

/** SIG-ERR-2: a sigwait set, not empty once SIGKILL and SIGSTOP are left out. */
export function requireWaitSet(value: unknown, syscall: string): Uint8Array {
  const set = requireSignalSet(value, syscall, "set");
  if (!set.includes(1)) throw new IpcError("EINVAL", syscall, { detail: "set holds no signal that can be waited for" });
  return set;
}

/** The signal numbers of a per-signal table, ascending. */
function listOf(set: Uint8Array): number[] {
  const list: number[] = [];
  for (let signal = 1; signal < SIGNAL_SLOTS; signal += 1) if (set[signal] === 1) list.push(signal);
  return list;
}

/** SIG-ERR-3: a `SignalAction`, checked whole and frozen, its mask without SIGKILL and SIGSTOP. */
export function requireAction(value: unknown): Required<SignalAction> {
  const action = requireOptionalObject(value, "sigaction", "action");
  if (action === undefined) throw new IpcError("EINVAL", "sigaction", { detail: "action must be an object" });
  const handler = action["handler"];
  if (handler !== "default" && handler !== "ignore" && typeof handler !== "function") {
    throw new IpcError("EINVAL", "sigaction", {
      detail: `action.handler must be "default", "ignore" or a function, got ${describeType(handler)}`,
    });
  }
  const mask = action["mask"] === undefined ? [] : listOf(requireSignalSet(action["mask"], "sigaction", "action.mask"));
  const flags: Record<"restart" | "resetHand" | "noDefer", boolean> = { restart: false, resetHand: false, noDefer: false };
  for (const flag of ["restart", "resetHand", "noDefer"] as const) {
    const given = action[flag];
    if (given !== undefined && typeof given !== "boolean") {
      throw new IpcError("EINVAL", "sigaction", { detail: `action.${flag} must be a boolean, got ${describeType(given)}` });
    }
    flags[flag] = given === true;
  }
  return Object.freeze({ handler: handler as SignalAction["handler"], mask: Object.freeze(mask), ...flags });
}
