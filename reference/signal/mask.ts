/**
 * Dispositions and the mask: `sigaction(2)`, `sigprocmask(2)` and
 * `sigpending(2)`, the calls behind the `ReferenceProcess` methods of the same
 * names (see the spec's `SignalApi`).
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { MaskHow, SignalAction } from "../../spec/signal.ts";
import { SIGKILL, SIGSTOP } from "../../spec/signal.ts";
import { describeType } from "../base/validate.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import { DEFAULT_SIGNAL_ACTION, deliverPending } from "../kernel/signal-delivery.ts";
import { SIGNAL_SLOTS } from "../kernel/signal-state.ts";
import { requireAction, requireSignalNumber, requireSignalSet } from "./checks.ts";

/** `sigaction(2)` as `proc`; see `SignalApi.sigaction` in the spec. */
export function sigaction(proc: ProcessCore, signal: number, action?: SignalAction): SignalAction {
  proc.requireAlive("sigaction");
  const checked = requireSignalNumber(signal, "sigaction", false);
  const signals = proc.signals;
  const previous = signals.action(checked) ?? DEFAULT_SIGNAL_ACTION;
  if (action === undefined) return previous;
  const next = requireAction(action);
  // SIG-PERM-2: SIGKILL and SIGSTOP keep their default action.
  if (checked === SIGKILL || checked === SIGSTOP) {
    throw new IpcError("EINVAL", "sigaction", { detail: "the action of SIGKILL and SIGSTOP cannot be changed" });
  }
  const isDefault = next.handler === "default" && next.mask.length === 0 && !next.restart && !next.resetHand && !next.noDefer;
  signals.setAction(checked, isDefault ? undefined : next);
  // SIG-LIFE-4: ignoring a signal discards its pending instances, blocked or not.
  if (signals.isIgnored(checked)) signals.discardPending(checked);
  return previous;
}

/** `sigprocmask(2)` as `proc`; see `SignalApi.sigprocmask` in the spec. */
export function sigprocmask(proc: ProcessCore, how: MaskHow, set?: readonly number[]): readonly number[] {
  proc.requireAlive("sigprocmask");
  const signals = proc.signals;
  const previous = Object.freeze(signals.blockedList());
  if (set === undefined) return previous;
  // SIG-ERR-2: check everything before changing anything.
  if (how !== "block" && how !== "unblock" && how !== "set") {
    throw new IpcError("EINVAL", "sigprocmask", { detail: `how must be "block", "unblock" or "set", got ${describeType(how)}` });
  }
  const given = requireSignalSet(set, "sigprocmask", "set"); // SIG-PERM-3: without SIGKILL and SIGSTOP
  const next = how === "set" ? given : signals.maskCopy();
  if (how !== "set") {
    for (let signal = 1; signal < SIGNAL_SLOTS; signal += 1) {
      if (given[signal] === 1) next[signal] = how === "block" ? 1 : 0;
    }
  }
  signals.replaceMask(next);
  // SIG-BLK-1: what this unblocked is delivered before sigprocmask returns.
  deliverPending(proc);
  return previous;
}

/** `sigpending(2)` as `proc`; see `SignalApi.sigpending` in the spec. */
export function sigpending(proc: ProcessCore): readonly number[] {
  proc.requireAlive("sigpending");
  return Object.freeze(proc.signals.pendingList());
}
