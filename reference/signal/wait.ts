/**
 * Taking signals: `sigwaitinfo(2)`, `sigtimedwait(2)` and its zero-timeout
 * poll, the calls behind `ReferenceProcess.sigwait` and `.trySigwait` (see
 * the spec's `SignalApi`). A waiting call sits in its process's
 * `signals.waits`, where `generateSignal` hands it a signal of its set.
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { SignalInfo, SigwaitOptions } from "../../spec/signal.ts";
import { SIGKILL, SIGSTOP, isSignal } from "../../spec/signal.ts";
import { parseBlocking } from "../base/blocking.ts";
import { canceled } from "../base/interrupt.ts";
import { describeType } from "../base/validate.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import type { ProcessSignals } from "../kernel/signal-state.ts";
import { SIGNAL_SLOTS } from "../kernel/signal-state.ts";
import { requireWaitSet } from "./checks.ts";

/** SIG-BLK-2: takes the lowest pending signal of `set`, or `undefined`. */
function takeFromSet(signals: ProcessSignals, set: Uint8Array): SignalInfo | undefined {
  for (let signal = 1; signal < SIGNAL_SLOTS; signal += 1) {
    if (set[signal] === 1 && signals.isPending(signal)) return signals.takePending(signal);
  }
  return undefined;
}

/** The `EAGAIN` of a sigwait that found nothing (SIG-TMO-1). */
function nothingPending(syscall: string): IpcError {
  return new IpcError("EAGAIN", syscall, { detail: "no signal of the set was generated in time" });
}

/** `sigwaitinfo(2)` and `sigtimedwait(2)` as `proc`; see `SignalApi.sigwait` in the spec. */
export function sigwait(proc: ProcessCore, set: readonly number[], options?: SigwaitOptions): Promise<SignalInfo> {
  const timed = (options as { timeout?: unknown } | undefined)?.timeout !== undefined;
  const syscall = timed ? "sigtimedwait" : "sigwaitinfo";
  try {
    proc.requireAlive(syscall);
    const wanted = requireWaitSet(set, syscall);
    // SIG-ERR-2: options an object, a signal an AbortSignal, a timeout a
    // finite number of at least 0; SIG-TMO-1: relative to the call.
    const { signal, deadline } = parseBlocking(options, syscall, { timeout: true });
    // SIG-BLK-4: an already aborted wait takes nothing.
    if (signal?.aborted === true) return Promise.reject(canceled(syscall, signal.reason));
    const signals = proc.signals;
    // SIG-BLK-2: a pending signal of the set is taken at once.
    const taken = takeFromSet(signals, wanted);
    if (taken !== undefined) return Promise.resolve(taken);
    // SIG-BLK-3: a handler interrupts the wait (EINTR, the wait queue's
    // default), never restarted; SIG-BLK-4: an abort ECANCELED. SIG-TMO-1: the
    // timeout ends it with EAGAIN (a zero timeout at once: it polls).
    return signals.waits.enqueue(
      { set: wanted },
      {
        signal,
        blocker: proc,
        syscall,
        restart: "never",
        deadline,
        expired: () => nothingPending(syscall),
      },
    ).promise;
  } catch (error) {
    return Promise.reject(error);
  }
}

/** `sigtimedwait(2)` with a zero timeout as `proc`; see `SignalApi.trySigwait` in the spec. */
export function trySigwait(proc: ProcessCore, set: readonly number[]): SignalInfo {
  proc.requireAlive("sigtimedwait");
  const signals = proc.signals;
  const lowest = lowestPendingOf(signals, set, "sigtimedwait");
  // SIG-TMO-1, SIG-NB-1: nothing of the set is pending: EAGAIN at once.
  if (lowest === 0) throw nothingPending("sigtimedwait");
  return signals.takePending(lowest) as SignalInfo;
}

/**
 * trySigwait's half of requireWaitSet and takeFromSet, without building a
 * table (polling is a hot path): checks every member of `value` (SIG-ERR-2,
 * SIGKILL and SIGSTOP left out: SIG-PERM-3) and finds its lowest pending
 * signal (SIG-ORD-3), or 0.
 */
function lowestPendingOf(signals: ProcessSignals, value: unknown, syscall: string): number {
  if (!Array.isArray(value)) {
    throw new IpcError("EINVAL", syscall, { detail: `set must be an array of signal numbers, got ${describeType(value)}` });
  }
  let lowest = 0;
  let waitable = false;
  for (const signal of value) {
    if (!isSignal(signal)) throw new IpcError("EINVAL", syscall, { detail: `set holds ${describeType(signal)}, not a signal number` });
    if (signal === SIGKILL || signal === SIGSTOP) continue;
    waitable = true;
    if ((lowest === 0 || signal < lowest) && signals.isPending(signal)) lowest = signal;
  }
  if (!waitable) throw new IpcError("EINVAL", syscall, { detail: "set holds no signal that can be waited for" });
  return lowest;
}
