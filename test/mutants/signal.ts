// Deliberately wrong signal implementations: each is the reference with one
// step broken, and each must be rejected by the conformance tests of the
// clause it names (test/mutants.test.ts checks that it is).
//
// A mutant wraps every process of a reference system in a Proxy that replaces
// some of its signal calls (or its `status`), with overrideProcess
// (test/fixtures/wrap.ts); or it gives every process a signal state of its
// own (a subclass of ProcessSignals, installed through the system's
// SIGNAL_STATE key before any process is made, or a state with a member
// replaced), or replaces how the process registers its blocked calls. Signals
// travel between the real processes underneath, so a broken delivery lives in
// the receiver's state, and a broken send in the sender's kill. The broken
// calls are built from the reference's own steps (generateSignal,
// deliverPending, the ProcessSignals methods), with one step changed. No
// mutant spins: a broken wait is at worst a promise that never settles.
import type { BlockedCall } from "../../reference/base/interrupt.ts";
import { deliverPending, generateSignal } from "../../reference/kernel/signal-delivery.ts";
import { ProcessSignals, SIGNAL_STATE } from "../../reference/kernel/signal-state.ts";
import type { ReferenceProcess, ReferenceSystem } from "../../reference/system.ts";
import { IpcError } from "../../spec/errors.ts";
import type { MaskHow, SignalAction, SignalInfo, SigwaitOptions } from "../../spec/signal.ts";
import { FIRST_REALTIME_SIGNAL, SIGCHLD, SIGCONT, SIGKILL, SIGRTMAX, SIGSTOP, isRealtimeSignal, isSignal } from "../../spec/signal.ts";
import type { Overrides } from "../fixtures/wrap.ts";
import { rejecting } from "../fixtures/wrap.ts";
import { processMutant, referenceMutant } from "./mutant.ts";
import type { Mutant } from "./mutant.ts";

/** The calls a mutant may replace. */
interface SignalCalls {
  kill(pid: number, signal: number): void;
  sigqueue(pid: number, signal: number, value: number): void;
  sigaction(signal: number, action?: SignalAction): SignalAction;
  sigprocmask(how: MaskHow, set?: readonly number[]): readonly number[];
  sigwait(set: readonly number[], options?: SigwaitOptions): Promise<SignalInfo>;
  trySigwait(set: readonly number[]): unknown;
}

/** What a mutant's system shares between its processes. */
interface World {
  readonly system: ReferenceSystem;
}

type Mutation = (target: ReferenceProcess, world: World) => Partial<SignalCalls> | Overrides;

function mutant(name: string, breaks: string, bug: string, mutation: Mutation, onFork?: (child: ReferenceProcess, parent: ReferenceProcess) => void): Mutant {
  return processMutant(name, breaks, bug, (system): World => ({ system }), mutation as (target: ReferenceProcess, world: World) => Overrides, onFork);
}

/** A mutant whose every process (spawned or forked) keeps its signals in a state `make()` makes. */
function stateMutant(name: string, breaks: string, bug: string, make: () => ProcessSignals): Mutant {
  return referenceMutant(name, breaks, bug, (system) => {
    SIGNAL_STATE.of(system, () => make);
    return system;
  });
}

/** The process a positive pid names, if any. */
function processOf(world: World, pid: unknown): ReferenceProcess | undefined {
  return typeof pid === "number" && pid > 0 ? world.system.processByPid(pid) : undefined;
}

/** What kill from `sender` carries. */
function userInfo(sender: ReferenceProcess, signal: number): SignalInfo {
  return Object.freeze({ signal, code: "user", pid: sender.pid, uid: sender.credentials.uid, value: undefined });
}

/** The handler `target` has for `signal`, if it is a function. */
function handlerOf(target: ReferenceProcess, signal: number): ((info: SignalInfo) => void) | undefined {
  const handler = target.signals.action(signal)?.handler;
  return typeof handler === "function" ? handler : undefined;
}

/** The pending instances of one signal, oldest first. */
function pendingOf(signals: ProcessSignals, signal: number): SignalInfo[] {
  return signals.pendingInstances(signal);
}

/** Blocks or unblocks one signal straight in a process's mask (no delivery, unlike sigprocmask). */
function setBlocked(target: ReferenceProcess, signal: number, blocked: boolean): void {
  const mask = target.signals.maskCopy();
  mask[signal] = blocked ? 1 : 0;
  target.signals.replaceMask(mask);
}

/** Runs `step` with delivery held back (the process looks stopped to the delivery loop), restoring the stop after. */
function withoutDelivery<T>(target: ReferenceProcess, step: () => T): T {
  const held = target.signals.stoppedBy === undefined;
  if (held) target.signals.stop(0);
  try {
    return step();
  } finally {
    if (held) target.signals.resume();
  }
}

/** Standard signals that queue like real-time ones: every instance is kept. */
class QueueingStandardSignals extends ProcessSignals {
  readonly #later: SignalInfo[][] = Array.from({ length: FIRST_REALTIME_SIGNAL }, () => []);
  override addPending(info: SignalInfo): void {
    if (!isRealtimeSignal(info.signal) && this.isPending(info.signal)) this.#later[info.signal]!.push(info);
    else super.addPending(info);
  }
  override takePending(signal: number): SignalInfo | undefined {
    const info = super.takePending(signal);
    const next = isRealtimeSignal(signal) ? undefined : this.#later[signal]!.shift();
    if (next !== undefined) super.addPending(next);
    return info;
  }
  override discardPending(signal: number): void {
    if (!isRealtimeSignal(signal)) this.#later[signal]!.length = 0;
    super.discardPending(signal);
  }
}

/** Real-time signals that coalesce: an instance sent while one is queued is dropped. */
class CoalescingRealtimeSignals extends ProcessSignals {
  override addPending(info: SignalInfo): void {
    if (isRealtimeSignal(info.signal) && this.isPending(info.signal)) return;
    super.addPending(info);
  }
}

/** Real-time signals queued newest first. */
class NewestFirstSignals extends ProcessSignals {
  override addPending(info: SignalInfo): void {
    if (!isRealtimeSignal(info.signal)) return super.addPending(info);
    const older: SignalInfo[] = [];
    for (let taken = super.takePending(info.signal); taken !== undefined; taken = super.takePending(info.signal)) older.push(taken);
    super.addPending(info);
    for (const each of older) super.addPending(each);
  }
}

/** While `reversed`, the delivery loop takes the highest deliverable signal instead of the lowest. */
class HighestFirstSignals extends ProcessSignals {
  reversed = false;
  override lowestDeliverable(): number {
    if (!this.reversed) return super.lowestDeliverable();
    for (let signal = SIGRTMAX; signal >= 1; signal--) if (!this.isBlocked(signal) && this.isPending(signal)) return signal;
    return 0;
  }
}

/** Registers `target`'s blocked calls in a list of its own, and lets `pick` choose the one a handler interrupts. */
function pickBlockedCall(target: ReferenceProcess, pick: (calls: readonly BlockedCall[]) => BlockedCall | undefined): void {
  const calls: BlockedCall[] = [];
  const block = target.block.bind(target);
  const unblock = target.unblock.bind(target);
  Object.assign(target, {
    block: (call: BlockedCall) => {
      calls.push(call);
      block(call);
    },
    unblock: (call: BlockedCall) => {
      const index = calls.indexOf(call);
      if (index >= 0) calls.splice(index, 1);
      unblock(call);
    },
    oldestBlockedCall: () => pick(calls),
  });
}

export const SIG_MUTANTS: readonly Mutant[] = [
  // ----- Ordering and capacity: the pending set -----------------------------

  stateMutant("standard-signals-queue", "SIG-ORD-1", "every instance of a standard signal is kept pending and delivered, as if it were real-time", () => new QueueingStandardSignals()),

  stateMutant("realtime-coalesced", "SIG-ORD-2", "a real-time signal sent while one is queued is dropped, as a standard one", () => new CoalescingRealtimeSignals()),

  stateMutant("realtime-newest-first", "SIG-ORD-2", "queued real-time instances are delivered newest first", () => new NewestFirstSignals()),

  processMutant(
    "unblocked-highest-first",
    "SIG-ORD-3",
    "signals unblocked together by sigprocmask are delivered highest number first",
    (system): World => {
      SIGNAL_STATE.of(system, () => () => new HighestFirstSignals());
      return { system };
    },
    (target) => {
      const state = target.signals as HighestFirstSignals;
      return {
        sigprocmask: (how: MaskHow, set?: readonly number[]) => {
          state.reversed = true;
          try {
            return target.sigprocmask(how, set);
          } finally {
            state.reversed = false;
          }
        },
      };
    },
  ),

  mutant("take-highest-first", "SIG-ORD-3", "sigwait and trySigwait take the highest pending signal of their set first", (target) => {
    const highestFirst = (set: readonly number[]): readonly number[] => (Array.isArray(set) && set.every(isSignal) ? [...set].sort((a, b) => b - a) : set);
    const take = (set: readonly number[]): SignalInfo => {
      for (const signal of highestFirst(set)) if (target.signals.isPending(signal) && signal !== SIGKILL && signal !== SIGSTOP) return target.trySigwait([signal]);
      return target.trySigwait(set);
    };
    return {
      trySigwait: take,
      sigwait: (set: readonly number[], options?: SigwaitOptions) =>
        Array.isArray(set) && set.some((signal) => isSignal(signal) && target.signals.isPending(signal)) && options?.signal?.aborted !== true
          ? rejecting(() => take(set))
          : target.sigwait(set, options),
    };
  }),

  mutant("kill-skips-caller-group", "SIG-ORD-4", "kill(0) signals the other processes of the caller's group but not the caller", (target, world) => ({
    kill: (pid: number, signal: number) => {
      if (pid !== 0) return target.kill(pid, signal);
      const others = world.system.processList().filter((p) => p !== target && p.pgid === target.pgid);
      if (others.length === 0) throw new IpcError("ESRCH", "kill");
      for (const other of others) target.kill(other.pid, signal);
    },
  })),

  mutant("no-queue-limit", "SIG-CAP-1", "real-time signals queue without limit: the count against SIGQUEUE_MAX always reads 0", (target) => {
    Object.defineProperty(target.signals, "queued", { get: () => 0, set: () => undefined, configurable: true });
    return {};
  }),

  // ----- Permission ---------------------------------------------------------

  mutant("permission-skipped", "SIG-PERM-1", "kill of a single process skips the permission check: any user may signal any process", (target, world) => ({
    kill: (pid: number, signal: number) => {
      const other = processOf(world, pid);
      if (other === undefined || !isSignal(signal)) return target.kill(pid, signal);
      target.requireAlive("kill");
      generateSignal(other, userInfo(target, signal));
    },
  })),

  mutant("sigkill-catchable", "SIG-PERM-2", "sigaction on SIGKILL or SIGSTOP is accepted (and forgotten) instead of failing EINVAL", (target) => ({
    sigaction: (signal: number, action?: SignalAction) =>
      (signal === SIGKILL || signal === SIGSTOP) && action !== undefined ? target.sigaction(signal) : target.sigaction(signal, action),
  })),

  mutant("sigstop-blockable", "SIG-PERM-3", "SIGSTOP listed in sigprocmask's set is blocked like any other signal", (target) => ({
    sigprocmask: (how: MaskHow, set?: readonly number[]) => {
      const previous = target.sigprocmask(how, set);
      if (set !== undefined && how !== "unblock" && set.includes(SIGSTOP)) setBlocked(target, SIGSTOP, true);
      return previous;
    },
  })),

  // ----- Lifecycle ----------------------------------------------------------

  mutant("chld-terminates", "SIG-LIFE-1", "SIGCHLD with the default disposition terminates the process instead of being ignored", (target, world) => ({
    kill: (pid: number, signal: number) => {
      const other = processOf(world, pid);
      if (signal !== SIGCHLD || other === undefined || other.signals.action(SIGCHLD) !== undefined || other.signals.isBlocked(SIGCHLD)) {
        return target.kill(pid, signal);
      }
      target.kill(pid, 0);
      other.terminate(SIGCHLD, false);
    },
  })),

  mutant("no-core-flag", "SIG-LIFE-1", "the status of a process killed by a core-dumping signal says it dumped no core", (target) => ({
    get status() {
      const status = target.status;
      return status.state === "signaled" ? { ...status, core: false } : status;
    },
  })),

  mutant("signaled-reported-as-exited", "SIG-LIFE-2", "a process terminated by a signal reports that it exited with status 128 + the signal", (target) => ({
    get status() {
      const status = target.status;
      return status.state === "signaled" ? { state: "exited", exitStatus: 128 + (status.signal ?? 0) } : status;
    },
  })),

  mutant("ignored-signal-kept-pending", "SIG-LIFE-3", "a signal ignored and not blocked when generated is kept pending instead of discarded", (target, world) => ({
    kill: (pid: number, signal: number) => {
      const other = processOf(world, pid);
      if (other === undefined || !isSignal(signal) || other.signals.isBlocked(signal) || !other.signals.isIgnored(signal) || signal === SIGCONT) {
        return target.kill(pid, signal);
      }
      target.kill(pid, 0);
      other.signals.addPending(userInfo(target, signal));
    },
  })),

  mutant("blocked-ignored-discarded", "SIG-LIFE-3", "a blocked signal that is ignored when generated is discarded instead of kept pending", (target, world) => ({
    kill: (pid: number, signal: number) => {
      const other = processOf(world, pid);
      if (other === undefined || !isSignal(signal) || !other.signals.isBlocked(signal) || !other.signals.isIgnored(signal) || signal === SIGCONT) {
        return target.kill(pid, signal);
      }
      target.kill(pid, 0);
    },
  })),

  mutant("ignore-keeps-pending", "SIG-LIFE-4", "setting a pending signal's disposition to ignore keeps its pending instances", (target) => ({
    sigaction: (signal: number, action?: SignalAction) => {
      const kept = isSignal(signal) ? pendingOf(target.signals, signal) : [];
      const previous = target.sigaction(signal, action);
      if (!target.signals.isPending(signal)) for (const info of kept) target.signals.addPending(info);
      return previous;
    },
  })),

  mutant("stopped-still-runs-handlers", "SIG-LIFE-5", "a caught signal sent to a stopped process runs its handler at once instead of staying pending", (target, world) => ({
    kill: (pid: number, signal: number) => {
      const other = processOf(world, pid);
      const handler = other === undefined || !isSignal(signal) ? undefined : handlerOf(other, signal);
      if (other === undefined || handler === undefined || other.signals.stoppedBy === undefined || other.signals.isBlocked(signal)) {
        return target.kill(pid, signal);
      }
      target.kill(pid, 0);
      handler(userInfo(target, signal));
    },
  })),

  mutant("sigkill-waits-for-cont", "SIG-LIFE-5", "SIGKILL sent to a stopped process stays pending until it is continued", (target, world) => ({
    kill: (pid: number, signal: number) => {
      const other = processOf(world, pid);
      if (signal !== SIGKILL || other === undefined || !other.alive || other.signals.stoppedBy === undefined) return target.kill(pid, signal);
      target.kill(pid, 0);
      other.signals.addPending(userInfo(target, signal));
    },
  })),

  mutant("sigcont-keeps-stops", "SIG-LIFE-6", "SIGCONT resumes the process but leaves its pending stop signals pending", (target, world) => ({
    kill: (pid: number, signal: number) => {
      const other = processOf(world, pid);
      if (signal !== SIGCONT || other === undefined) return target.kill(pid, signal);
      const stops = [19, 20, 21, 22].flatMap((stop) => pendingOf(other.signals, stop));
      target.kill(pid, signal);
      if (other.alive) for (const info of stops) other.signals.addPending(info);
    },
  })),

  mutant("fork-copies-pending", "SIG-LIFE-7", "a forked child inherits its parent's pending signals", () => ({}), (child, parent) => {
    for (let signal = 1; signal <= SIGRTMAX; signal++) for (const info of pendingOf(parent.signals, signal)) child.signals.addPending(info);
  }),

  mutant("fork-resets-dispositions", "SIG-LIFE-7", "a forked child starts with default dispositions and an empty mask", () => ({}), (child) => {
    child.signals.inheritFrom(new ProcessSignals());
  }),

  mutant("resethand-ignored", "SIG-LIFE-8", "resetHand is ignored: the handler stays installed after it runs", (target) => ({
    sigaction: (signal: number, action?: SignalAction) =>
      target.sigaction(signal, typeof action === "object" && action !== null && action.resetHand === true ? { ...action, resetHand: false } : action),
  })),

  // ----- Atomicity ----------------------------------------------------------

  mutant("own-signal-not-blocked", "SIG-ATOM-1", "a handler runs with its own signal unblocked, as if every action had noDefer", (target) => ({
    sigaction: (signal: number, action?: SignalAction) =>
      target.sigaction(signal, typeof action === "object" && action !== null && typeof action.handler === "function" ? { ...action, noDefer: true } : action),
  })),

  mutant("action-mask-ignored", "SIG-ATOM-1", "the action's mask is not blocked while its handler runs", (target) => ({
    sigaction: (signal: number, action?: SignalAction) => {
      if (typeof action !== "object" || action === null || action.mask === undefined) return target.sigaction(signal, action);
      const { mask, ...rest } = action;
      void mask;
      return target.sigaction(signal, rest);
    },
  })),

  mutant("delivery-deferred", "SIG-ATOM-2", "kill checks at once but generates the signal in a microtask, after kill has returned", (target) => ({
    kill: (pid: number, signal: number) => {
      if (!isSignal(signal)) return target.kill(pid, signal);
      target.kill(pid, 0);
      queueMicrotask(() => {
        try {
          target.kill(pid, signal);
        } catch {
          // The caller has gone on: nobody hears of it.
        }
      });
    },
  })),

  // ----- Blocking -----------------------------------------------------------

  mutant("mask-ignored", "SIG-BLK-1", "sigprocmask reports the mask but blocks nothing: a blocked signal is delivered at once", (target) => {
    let reported: Uint8Array = new Uint8Array(SIGRTMAX + 1);
    const listOf = (table: Uint8Array): number[] => [...table.keys()].filter((signal) => table[signal] === 1);
    return {
      sigprocmask: (how: MaskHow, set?: readonly number[]) => {
        const previous = listOf(reported);
        target.signals.replaceMask(reported.slice());
        target.sigprocmask(how, set);
        reported = target.signals.maskCopy();
        target.signals.replaceMask(new Uint8Array(SIGRTMAX + 1));
        deliverPending(target);
        return previous;
      },
    };
  }),

  mutant("unblock-delivers-later", "SIG-BLK-1", "what sigprocmask unblocks is delivered in a microtask, after sigprocmask has returned", (target) => ({
    sigprocmask: (how: MaskHow, set?: readonly number[]) => {
      const previous = withoutDelivery(target, () => target.sigprocmask(how, set));
      queueMicrotask(() => deliverPending(target));
      return previous;
    },
  })),

  mutant("sigwait-waits-despite-pending", "SIG-BLK-2", "sigwait ignores the signals of its set already pending and waits for a new one", (target) => ({
    sigwait: (set: readonly number[], options?: SigwaitOptions) => {
      const held: SignalInfo[] = [];
      for (;;) {
        try {
          held.push(target.trySigwait(set));
        } catch {
          break;
        }
      }
      const wait = target.sigwait(set, options);
      for (const info of held) target.signals.addPending(info);
      return wait;
    },
  })),

  mutant("handler-beats-sigwait", "SIG-BLK-2", "a caught, unblocked signal of a waiting sigwait's set goes to the handler instead of the wait", (target, world) => ({
    kill: (pid: number, signal: number) => {
      const other = processOf(world, pid);
      const handler = other === undefined || !isSignal(signal) ? undefined : handlerOf(other, signal);
      const waited = other !== undefined && [...other.signals.waits].some((waiter) => waiter.payload.set[signal] === 1);
      if (other === undefined || handler === undefined || !waited || other.signals.isBlocked(signal)) return target.kill(pid, signal);
      target.kill(pid, 0);
      handler(userInfo(target, signal));
    },
  })),

  mutant("sigwait-restarted", "SIG-BLK-3", "a sigwait interrupted by a handler is restarted instead of failing EINTR", (target) => ({
    sigwait: (set: readonly number[], options?: SigwaitOptions) => {
      const again = (): Promise<SignalInfo> =>
        target.sigwait(set, options).catch((error: unknown) => (IpcError.is(error, "EINTR") && target.alive ? again() : Promise.reject(error)));
      return again();
    },
  })),

  mutant("aborted-wait-takes-next", "SIG-BLK-4", "an aborted sigwait rejects ECANCELED but leaves a wait behind that takes the next signal of its set", (target) => ({
    sigwait: (set: readonly number[], options?: SigwaitOptions) =>
      target.sigwait(set, options).catch((error: unknown) => {
        if (IpcError.is(error, "ECANCELED") && target.alive) target.sigwait(set).catch(() => undefined);
        throw error;
      }),
  })),

  mutant("interrupts-newest", "SIG-BLK-5", "a handler interrupts the blocked call that started waiting last, not the oldest", (target) => {
    pickBlockedCall(target, (calls) => calls.at(-1));
    return {};
  }),

  mutant("interrupts-every-call", "SIG-BLK-5", "a handler interrupts every blocked call of its process, not only the oldest", (target) => {
    pickBlockedCall(target, (calls) => {
      const oldest = calls[0];
      if (oldest === undefined) return undefined;
      return {
        syscall: oldest.syscall,
        restart: oldest.restart,
        interrupt: (reason) => {
          for (const call of [...calls]) if (call.restart !== "uninterruptible") call.interrupt(reason);
        },
      };
    });
    return {};
  }),

  // ----- Timeouts and non-blocking calls ------------------------------------

  mutant("sigwait-timeout-etimedout", "SIG-TMO-1", "a sigwait whose timeout passes fails ETIMEDOUT instead of EAGAIN", (target) => ({
    sigwait: (set: readonly number[], options?: SigwaitOptions) =>
      target.sigwait(set, options).catch((error: unknown) => {
        throw IpcError.is(error, "EAGAIN") && (options?.timeout ?? 0) > 0 ? new IpcError("ETIMEDOUT", error.syscall) : error;
      }),
  })),

  mutant("trysigwait-returns-promise", "SIG-NB-1", "trySigwait returns a promise of its result instead of the result", (target) => ({
    trySigwait: (set: readonly number[]) => rejecting(() => target.trySigwait(set)),
  })),

  // ----- Errors -------------------------------------------------------------

  mutant("bad-signal-accepted", "SIG-ERR-1", "kill with a signal number outside 0 to 64 returns silently instead of failing EINVAL", (target) => ({
    kill: (pid: number, signal: number) => {
      if (!isSignal(signal) && signal !== 0) return;
      target.kill(pid, signal);
    },
  })),

  mutant("bad-how-is-set", "SIG-ERR-2", "sigprocmask takes a how it does not know as set", (target) => ({
    sigprocmask: (how: MaskHow, set?: readonly number[]) => target.sigprocmask(how === "block" || how === "unblock" ? how : "set", set),
  })),

  mutant("flags-coerced", "SIG-ERR-3", "sigaction turns flags that are not booleans into booleans instead of failing EINVAL", (target) => ({
    sigaction: (signal: number, action?: SignalAction) => {
      if (typeof action !== "object" || action === null) return target.sigaction(signal, action);
      const flags = (["restart", "resetHand", "noDefer"] as const).filter((flag) => action[flag] !== undefined);
      return target.sigaction(signal, { ...action, ...Object.fromEntries(flags.map((flag) => [flag, Boolean(action[flag])])) });
    },
  })),

  mutant("kill-unknown-pid-succeeds", "SIG-ERR-4", "kill and sigqueue to a pid nobody has return silently instead of failing ESRCH", (target, world) => ({
    kill: (pid: number, signal: number) => {
      if (typeof pid === "number" && pid > 0 && processOf(world, pid) === undefined && (isSignal(signal) || signal === 0)) return;
      target.kill(pid, signal);
    },
    sigqueue: (pid: number, signal: number, value: number) => {
      if (typeof pid === "number" && pid > 0 && processOf(world, pid) === undefined && (isSignal(signal) || signal === 0)) return;
      target.sigqueue(pid, signal, value);
    },
  })),

  mutant("zombie-unsignalable", "SIG-ERR-4", "kill and sigqueue to a process that has ended fail ESRCH, as if it were gone", (target, world) => ({
    kill: (pid: number, signal: number) => {
      if (processOf(world, pid)?.alive === false) throw new IpcError("ESRCH", "kill");
      target.kill(pid, signal);
    },
    sigqueue: (pid: number, signal: number, value: number) => {
      if (processOf(world, pid)?.alive === false) throw new IpcError("ESRCH", "sigqueue");
      target.sigqueue(pid, signal, value);
    },
  })),

  mutant("zero-skips-checks", "SIG-ERR-5", "signal 0 returns at once without checking that the target exists and may be signalled", (target) => ({
    kill: (pid: number, signal: number) => {
      if (signal === 0) return;
      target.kill(pid, signal);
    },
    sigqueue: (pid: number, signal: number, value: number) => {
      if (signal === 0) return;
      target.sigqueue(pid, signal, value);
    },
  })),

  mutant("zero-sends-sigcont", "SIG-ERR-5", "kill(pid, 0) checks the target and then sends it SIGCONT, resuming it", (target) => ({
    kill: (pid: number, signal: number) => target.kill(pid, signal === 0 ? SIGCONT : signal),
  })),

  mutant("sigqueue-to-group", "SIG-ERR-6", "sigqueue with a pid not above 0 passes it on to kill, sending to a group", (target) => ({
    sigqueue: (pid: number, signal: number, value: number) => (typeof pid === "number" && pid <= 0 ? target.kill(pid, signal) : target.sigqueue(pid, signal, value)),
  })),
];
