/**
 * One process's signal state: its dispositions, its mask, its pending set (a
 * slot per standard signal, a queue per real-time one), whether a signal has
 * stopped it, and its `sigwait` callers. The kernel keeps one per process
 * (`ProcessCore.signals`); generation and delivery (`signal-delivery.ts`) and
 * the signal calls (`reference/signal/`) change it only through these
 * methods.
 *
 * @module
 */

import type { SignalAction, SignalInfo } from "../../spec/signal.ts";
import { FIRST_REALTIME_SIGNAL, SIGRTMAX, defaultAction, isRealtimeSignal } from "../../spec/signal.ts";
import { assert } from "../base/assert.ts";
import { StateKey } from "../base/state-key.ts";
import { WaitQueue } from "../base/wait-queue.ts";

/** The number of slots a per-signal table needs: signals are 1 to 64. */
export const SIGNAL_SLOTS = SIGRTMAX + 1;

/** A `sigwait` caller, as {@link ProcessSignals.waits} holds it: the signals it takes. */
export interface WaitSet {
  /** `set[signal]` is 1 for each signal the wait takes. */
  readonly set: Uint8Array;
}

/**
 * One process's signal state. Every process has one.
 *
 * The methods are the named steps of the signal clauses; a subclass may
 * override one to model a different (or broken) implementation, as the mutant
 * corpora do (`reference/base/state-key.ts`'s seam: `SIGNAL_STATE`).
 */
export class ProcessSignals {
  /** The action of each signal; `undefined` is the default disposition. */
  readonly #actions: (SignalAction | undefined)[] = new Array<SignalAction | undefined>(SIGNAL_SLOTS).fill(undefined);
  /** The mask: `#blocked[signal]` is 1 while the signal is blocked. */
  #blocked: Uint8Array = new Uint8Array(SIGNAL_SLOTS);
  /** SIG-ORD-1: one slot per standard signal, holding the first pending instance. */
  readonly #standard: (SignalInfo | undefined)[] = new Array<SignalInfo | undefined>(FIRST_REALTIME_SIGNAL).fill(undefined);
  /** SIG-ORD-2: one queue per real-time signal, in the order sent. */
  readonly #realtime: SignalInfo[][] = Array.from({ length: SIGNAL_SLOTS - FIRST_REALTIME_SIGNAL }, () => []);
  /** How many real-time instances are queued, against SIGQUEUE_MAX (SIG-CAP-1). */
  #queued = 0;
  /** The signal that stopped the process, while it is stopped (SIG-LIFE-5). */
  #stoppedBy: number | undefined = undefined;
  /** The `sigwait` callers, oldest first (SIG-BLK-2). */
  readonly waits = new WaitQueue<WaitSet, SignalInfo>();
  /** The masks in force when each running handler was entered, innermost last (SIG-ATOM-1). */
  readonly #handlerMasks: Uint8Array[] = [];

  /**
   * Takes a parent's dispositions and mask, as a forked child does
   * (SIG-LIFE-7); nothing pending comes along.
   *
   * @param parent - the parent's state
   */
  inheritFrom(parent: ProcessSignals): void {
    for (let signal = 1; signal < SIGNAL_SLOTS; signal += 1) this.#actions[signal] = parent.#actions[signal];
    this.#blocked = parent.#blocked.slice();
  }

  /**
   * The action installed for `signal`.
   *
   * @param signal - a signal number
   * @returns the action, or `undefined` for the default disposition
   */
  action(signal: number): SignalAction | undefined {
    return this.#actions[signal];
  }

  /**
   * Installs an action, or with `undefined` the default disposition.
   *
   * @param signal - a signal number
   * @param action - the action, checked
   */
  setAction(signal: number, action: SignalAction | undefined): void {
    this.#actions[signal] = action;
  }

  /**
   * Whether `signal` is blocked.
   *
   * @param signal - a signal number
   * @returns `true` while blocked
   */
  isBlocked(signal: number): boolean {
    return this.#blocked[signal] === 1;
  }

  /**
   * A copy of the mask: `mask[signal]` is 1 for each blocked signal.
   *
   * @returns the copy
   */
  maskCopy(): Uint8Array {
    return this.#blocked.slice();
  }

  /**
   * Installs a new mask, which the state then owns (sigprocmask never changes
   * a mask in place: it installs a new one).
   *
   * @param mask - `mask[signal]` is 1 for each signal to block
   */
  replaceMask(mask: Uint8Array): void {
    this.#blocked = mask;
  }

  /**
   * Blocks what a handler of `signal` runs with: its signal (unless
   * `noDefer`) and its action's mask (SIG-ATOM-1). The bits are set in place
   * and remembered, so nothing is copied; {@link ProcessSignals.leaveHandler}
   * undoes them. Handlers nest: each leave undoes its own enter.
   *
   * @param signal - the signal being handled
   * @param action - its action
   * @returns the signals this blocked, to hand to `leaveHandler`
   */
  enterHandler(signal: number, action: SignalAction): number[] {
    const mask = this.#blocked;
    this.#handlerMasks.push(mask);
    const added: number[] = [];
    for (const blocked of action.mask ?? []) {
      if (mask[blocked] !== 1) {
        mask[blocked] = 1;
        added.push(blocked);
      }
    }
    if (action.noDefer !== true && mask[signal] !== 1) {
      mask[signal] = 1;
      added.push(signal);
    }
    return added;
  }

  /**
   * Restores the mask in force before the handler, even if the handler
   * installed another (SIG-ATOM-1): sigprocmask never changes a mask in place,
   * so the one in force at entry, less the bits the entry set, is it.
   *
   * @param added - what `enterHandler` returned
   */
  leaveHandler(added: readonly number[]): void {
    const mask = this.#handlerMasks.pop();
    assert(mask !== undefined, "a handler leaves only after it entered");
    for (const blocked of added) mask[blocked] = 0;
    this.#blocked = mask;
  }

  /** How many real-time instances are queued (SIG-CAP-1). */
  get queued(): number {
    return this.#queued;
  }

  /** The signal that stopped the process (SIG-LIFE-5). */
  get stoppedBy(): number | undefined {
    return this.#stoppedBy;
  }

  /**
   * Stops the process (SIG-LIFE-5): nothing is delivered until it resumes.
   *
   * @param signal - the stop signal
   */
  stop(signal: number): void {
    this.#stoppedBy = signal;
  }

  /**
   * Resumes a stopped process (SIG-LIFE-6).
   *
   * @returns `true` when it was stopped
   */
  resume(): boolean {
    const stopped = this.#stoppedBy !== undefined;
    this.#stoppedBy = undefined;
    return stopped;
  }

  /**
   * Whether `signal` has an instance pending.
   *
   * @param signal - a signal number
   * @returns `true` when one is pending
   */
  isPending(signal: number): boolean {
    return signal < FIRST_REALTIME_SIGNAL
      ? this.#standard[signal] !== undefined
      : (this.#realtime[signal - FIRST_REALTIME_SIGNAL] as SignalInfo[]).length > 0;
  }

  /**
   * The lowest pending signal that is not blocked (SIG-ORD-3, SIG-BLK-1).
   * Every delivery point scans for it, so the scan reads the tables directly
   * and skips the real-time signals when none is queued.
   *
   * @returns the signal, or 0 when none is deliverable
   */
  lowestDeliverable(): number {
    const blocked = this.#blocked;
    const standard = this.#standard;
    for (let signal = 1; signal < FIRST_REALTIME_SIGNAL; signal += 1) {
      if (blocked[signal] !== 1 && standard[signal] !== undefined) return signal;
    }
    if (this.#queued === 0) return 0;
    const realtime = this.#realtime;
    for (let signal = FIRST_REALTIME_SIGNAL; signal < SIGNAL_SLOTS; signal += 1) {
      if (blocked[signal] !== 1 && (realtime[signal - FIRST_REALTIME_SIGNAL] as SignalInfo[]).length > 0) return signal;
    }
    return 0;
  }

  /**
   * The pending instances of `signal`, oldest first, left pending.
   *
   * @param signal - a signal number
   * @returns a copy of the list
   */
  pendingInstances(signal: number): SignalInfo[] {
    if (isRealtimeSignal(signal)) return [...(this.#realtime[signal - FIRST_REALTIME_SIGNAL] ?? [])];
    const info = this.#standard[signal];
    return info === undefined ? [] : [info];
  }

  /**
   * The pending signals, each once, ascending (`sigpending(2)`).
   *
   * @returns the signal numbers
   */
  pendingList(): number[] {
    const list: number[] = [];
    for (let signal = 1; signal < SIGNAL_SLOTS; signal += 1) if (this.isPending(signal)) list.push(signal);
    return list;
  }

  /**
   * The blocked signals, ascending.
   *
   * @returns the signal numbers
   */
  blockedList(): number[] {
    const list: number[] = [];
    for (let signal = 1; signal < SIGNAL_SLOTS; signal += 1) if (this.#blocked[signal] === 1) list.push(signal);
    return list;
  }

  /**
   * Adds an instance to the pending set: a real-time one queues behind the
   * others (SIG-ORD-2); a standard one is kept only when none is pending,
   * so the first instance's information wins (SIG-ORD-1).
   *
   * @param info - the instance
   */
  addPending(info: SignalInfo): void {
    const { signal } = info;
    if (isRealtimeSignal(signal)) {
      (this.#realtime[signal - FIRST_REALTIME_SIGNAL] as SignalInfo[]).push(info);
      this.#queued += 1;
    } else if (this.#standard[signal] === undefined) {
      this.#standard[signal] = info;
    }
  }

  /**
   * Removes and returns the oldest pending instance of `signal`.
   *
   * @param signal - a signal number
   * @returns the instance, or `undefined` when none is pending
   */
  takePending(signal: number): SignalInfo | undefined {
    if (signal < FIRST_REALTIME_SIGNAL) {
      const info = this.#standard[signal];
      this.#standard[signal] = undefined;
      return info;
    }
    const info = (this.#realtime[signal - FIRST_REALTIME_SIGNAL] as SignalInfo[]).shift();
    if (info !== undefined) this.#queued -= 1;
    return info;
  }

  /**
   * Discards every pending instance of `signal` (SIG-LIFE-4, SIG-LIFE-6).
   *
   * @param signal - a signal number
   */
  discardPending(signal: number): void {
    if (signal < FIRST_REALTIME_SIGNAL) {
      this.#standard[signal] = undefined;
      return;
    }
    const queue = this.#realtime[signal - FIRST_REALTIME_SIGNAL] as SignalInfo[];
    this.#queued -= queue.length;
    queue.length = 0;
  }

  /** Discards everything pending: what the end of the process does. */
  discardAll(): void {
    for (let signal = 1; signal < SIGNAL_SLOTS; signal += 1) this.discardPending(signal);
  }

  /**
   * Whether `signal` is ignored now: by disposition, or by a default action
   * of ignore (SIGCONT's continue counts, its effect being taken at
   * generation: SIG-LIFE-6).
   *
   * @param signal - a signal number
   * @returns `true` when delivering it would do nothing
   */
  isIgnored(signal: number): boolean {
    const handler = this.#actions[signal]?.handler ?? "default";
    if (handler === "ignore") return true;
    if (handler !== "default") return false;
    const action = defaultAction(signal);
    return action === "ignore" || action === "continue";
  }
}

/**
 * The key of what makes each new process's signal state in a system: plain
 * {@link ProcessSignals}. Tests give a system broken signal state by making it
 * first: `SIGNAL_STATE.of(system, () => () => new BrokenSignals())`.
 */
export const SIGNAL_STATE: StateKey<() => ProcessSignals> = new StateKey("signal-state", () => () => new ProcessSignals());
