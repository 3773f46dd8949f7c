/**
 * A first-come, first-served queue of blocked operations: the reference
 * implementation's one mechanism for "wait until something happens".
 *
 * A blocking operation that cannot complete at once enqueues a
 * {@link Waiter} carrying its own state (its `payload`: the buffer to fill,
 * the bytes still to write...) and hands the waiter's promise to its caller.
 * Whoever later makes progress possible looks at the head with
 * {@link WaitQueue.peek}, does the work and settles the waiter with
 * {@link WaitQueue.resolve} or {@link WaitQueue.reject}, synchronously.
 * An `AbortSignal` given at enqueue time removes the waiter when it fires.
 *
 * The queue is an intrusive doubly linked list, so enqueueing, waking the
 * head and removing any waiter (on abort, or when its descriptor closes) are
 * all O(1). Every blocking call of the reference waits in one.
 *
 * A waiter may name the process blocked in it (`blocker`): it is then
 * registered with that process while it waits, so that a signal handler can
 * interrupt it (see `reference/base/interrupt.ts`), through the same
 * `onAbort` path an abort takes.
 *
 * A timed wait gives its absolute `deadline`: the queue arms the one timer of
 * the wait ({@link DeadlineTimer}) when the waiter is queued, rejects the
 * waiter with the call's timeout error when the deadline passes (at once when
 * it has passed already), and disarms the timer whatever settles the waiter
 * first. No mechanism arms a timer of its own.
 *
 * @module
 */

import { DeadlineTimer, deadlinePassed, timedOut } from "./deadline.ts";
import { canceled } from "./interrupt.ts";
import type { BlockedCall, Blocker, Interruption, RestartRule } from "./interrupt.ts";

/**
 * One blocked operation in a {@link WaitQueue}: the state it carries and the
 * promise its caller awaits.
 *
 * @typeParam Payload - what the operation carries while it waits
 * @typeParam Result - what its promise resolves to
 */
export interface Waiter<Payload, Result> {
  /** The operation's own state, as given to {@link WaitQueue.enqueue}; the queue never reads it. */
  readonly payload: Payload;
  /** Settles once the operation completes, fails or is aborted. */
  readonly promise: Promise<Result>;
  /** `true` once the waiter has been resolved or rejected (and so left its queue). */
  readonly settled: boolean;
}

/**
 * Options for {@link WaitQueue.enqueue}.
 *
 * @typeParam Payload - what the operation carries while it waits
 * @typeParam Result - what its promise resolves to
 */
export interface WaitOptions<Payload, Result> {
  /** Stops the wait when it fires; the listener is removed once the waiter settles. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Called (synchronously, from the signal's `abort` event) when `signal`
   * fires while the waiter is still queued; it must settle the waiter. When
   * absent, the waiter is rejected with the call's `ECANCELED`, or `EINTR`
   * for an `Interruption` (`canceled(syscall, reason)`): the outcome of every
   * blocked call that an abort or a handler ends having done nothing.
   *
   * It is also what settles a waiter a signal handler interrupts, with an
   * `Interruption` as the reason (see {@link WaitOptions.blocker}).
   *
   * @param waiter - the waiter being aborted, still queued
   * @param reason - the signal's reason, or an `Interruption`
   */
  readonly onAbort?: ((waiter: Waiter<Payload, Result>, reason: unknown) => void) | undefined;
  /**
   * The process blocked in this wait: the waiter is registered with it
   * (as a `BlockedCall` named `syscall`, handled by `restart`) until it
   * settles, so that a signal handler, or the process's end, can interrupt it.
   */
  readonly blocker?: Blocker | undefined;
  /** The call waiting, for the registration; default `"wait"`. */
  readonly syscall?: string | undefined;
  /** What a signal handler does to the call; default `"restart"`. */
  readonly restart?: RestartRule | undefined;
  /**
   * The wait's absolute deadline, in milliseconds on the clock of
   * `Date.now()`, already checked (`requireOptionalDeadline`); absent for an
   * untimed wait. Once it passes while the waiter is queued, the waiter is
   * rejected with `expired()`; when it has passed already, at once.
   */
  readonly deadline?: number | undefined;
  /** The error a waiter whose deadline passed rejects with; default the call's `ETIMEDOUT` ({@link timedOut}). */
  readonly expired?: (() => unknown) | undefined;
}

/** The registration of a waiter with its process (see {@link WaitOptions.blocker}). */
class WaiterCall implements BlockedCall {
  readonly syscall: string;
  readonly restart: RestartRule;
  readonly blocker: Blocker;
  readonly #interrupt: (reason: Interruption) => void;

  constructor(blocker: Blocker, syscall: string, restart: RestartRule, interrupt: (reason: Interruption) => void) {
    this.blocker = blocker;
    this.syscall = syscall;
    this.restart = restart;
    this.#interrupt = interrupt;
  }

  interrupt(reason: Interruption): void {
    this.#interrupt(reason);
  }
}

/** The list node behind each {@link Waiter}; never handed out under this type. */
class WaiterNode<Payload, Result> implements Waiter<Payload, Result> {
  readonly payload: Payload;
  readonly promise: Promise<Result>;
  settled = false;
  /** The queue holding the node; `undefined` once it left. */
  queue: WaitQueue<Payload, Result> | undefined;
  previous: WaiterNode<Payload, Result> | undefined = undefined;
  next: WaiterNode<Payload, Result> | undefined = undefined;
  fulfil!: (value: Result) => void;
  fail!: (reason: unknown) => void;
  signal: AbortSignal | undefined = undefined;
  abortListener: (() => void) | undefined = undefined;
  call: WaiterCall | undefined = undefined;
  /** The timer of a timed wait, armed while it is queued. */
  timer: DeadlineTimer | undefined = undefined;

  constructor(queue: WaitQueue<Payload, Result>, payload: Payload) {
    this.queue = queue;
    this.payload = payload;
    this.promise = new Promise<Result>((resolve, reject) => {
      this.fulfil = resolve;
      this.fail = reject;
    });
  }
}

/**
 * A FIFO queue of {@link Waiter}s with O(1) enqueue, wake and removal.
 *
 * @typeParam Payload - what each waiting operation carries
 * @typeParam Result - what each waiter's promise resolves to
 */
export class WaitQueue<Payload, Result> {
  #head: WaiterNode<Payload, Result> | undefined = undefined;
  #tail: WaiterNode<Payload, Result> | undefined = undefined;
  #size = 0;

  /**
   * The number of waiters queued.
   *
   * @returns the count
   */
  get size(): number {
    return this.#size;
  }

  /**
   * Whether no waiter is queued.
   *
   * @returns `true` when the queue is empty
   */
  get isEmpty(): boolean {
    return this.#size === 0;
  }

  /**
   * Queues a new waiter at the tail.
   *
   * When `options.signal` is already aborted the waiter is settled at once,
   * by `options.onAbort` or the default rejection, as if the signal fired
   * right after it was queued. Callers that must not start an aborted
   * operation check the signal first.
   *
   * @param payload - the operation's state, returned as {@link Waiter.payload}
   * @param options - an abort signal and what to do when it fires
   * @returns the waiter; await its `promise`
   */
  enqueue(payload: Payload, options: WaitOptions<Payload, Result> = {}): Waiter<Payload, Result> {
    const node = new WaiterNode(this, payload);
    this.#link(node);
    const { signal, onAbort, blocker, deadline } = options;
    const syscall = options.syscall ?? "wait";
    if (blocker !== undefined) {
      // SIG-BLK-5: the process learns of the call, to interrupt it through onAbort.
      node.call = new WaiterCall(blocker, syscall, options.restart ?? "restart", (reason) => {
        if (node.queue === this) this.#abort(node, reason, onAbort, syscall);
      });
      blocker.block(node.call);
    }
    if (signal !== undefined) {
      if (signal.aborted) {
        // Aborted before it could wait: settle it at once, as the listener would.
        this.#abort(node, signal.reason, onAbort, syscall);
        return node;
      }
      node.signal = signal;
      node.abortListener = () => {
        if (node.queue === this) this.#abort(node, signal.reason, onAbort, syscall);
      };
      signal.addEventListener("abort", node.abortListener, { once: true });
    }
    if (deadline !== undefined) this.#arm(node, deadline, options.expired ?? (() => timedOut(syscall)));
    return node;
  }

  /**
   * The waiter at the head: the one that has waited longest.
   *
   * @returns the head waiter, or `undefined` when the queue is empty
   */
  peek(): Waiter<Payload, Result> | undefined {
    return this.#head;
  }

  /**
   * Removes a queued waiter, wherever it stands, and fulfils its promise.
   *
   * @param waiter - a waiter of this queue that has not settled
   * @param value - what its promise resolves to
   * @throws {Error} when `waiter` is not queued in this queue
   */
  resolve(waiter: Waiter<Payload, Result>, value: Result): void {
    const node = this.#own(waiter);
    this.#release(node);
    node.fulfil(value);
  }

  /**
   * Removes a queued waiter, wherever it stands, and rejects its promise.
   *
   * @param waiter - a waiter of this queue that has not settled
   * @param reason - what its promise rejects with
   * @throws {Error} when `waiter` is not queued in this queue
   */
  reject(waiter: Waiter<Payload, Result>, reason: unknown): void {
    const node = this.#own(waiter);
    this.#release(node);
    node.fail(reason);
  }

  /**
   * Wakes the head waiter: removes it and fulfils its promise.
   *
   * @param value - what its promise resolves to
   * @returns the waiter woken, or `undefined` when the queue was empty
   */
  resolveHead(value: Result): Waiter<Payload, Result> | undefined {
    const head = this.#head;
    if (head !== undefined) this.resolve(head, value);
    return head;
  }

  /**
   * Rejects every queued waiter, head first, leaving the queue empty.
   *
   * @param reason - what every promise rejects with
   * @returns how many waiters were rejected
   */
  rejectAll(reason: unknown): number {
    let count = 0;
    for (let head = this.#head; head !== undefined; head = this.#head) {
      this.reject(head, reason);
      count += 1;
    }
    return count;
  }

  /**
   * Iterates over the waiters queued when the loop starts, from head to
   * tail. The loop body may settle any waiter (and so remove it); a waiter
   * settled before its turn is skipped. Waiters enqueued during the loop are
   * not visited. Takes O(size) time, so it belongs on slow paths (closing a
   * descriptor), never on a hot one.
   *
   * @returns an iterator over the waiters still queued
   */
  *[Symbol.iterator](): IterableIterator<Waiter<Payload, Result>> {
    // A snapshot: settling a waiter unlinks it, which must not derail the walk.
    const snapshot: WaiterNode<Payload, Result>[] = [];
    for (let node = this.#head; node !== undefined; node = node.next) snapshot.push(node);
    for (const node of snapshot) {
      if (node.queue === this) yield node;
    }
  }

  #own(waiter: Waiter<Payload, Result>): WaiterNode<Payload, Result> {
    if (!(waiter instanceof WaiterNode) || waiter.queue !== this) {
      throw new Error("WaitQueue: the waiter is not queued here (already settled, or from another queue)");
    }
    return waiter as WaiterNode<Payload, Result>;
  }

  /**
   * Arms the timer of a timed wait: the waiter is rejected with `expired()`
   * once the deadline passes, or at once when it has passed already (MQ-TMO-1,
   * SEM-TMO-1, MUTEX-TMO-1, SIG-TMO-1). #release disarms it.
   */
  #arm(node: WaiterNode<Payload, Result>, deadline: number, expired: () => unknown): void {
    const expire = (): void => {
      if (node.queue === this) this.reject(node, expired());
    };
    if (deadlinePassed(deadline)) expire();
    else node.timer = new DeadlineTimer(deadline, expire);
  }

  #abort(node: WaiterNode<Payload, Result>, reason: unknown, onAbort: WaitOptions<Payload, Result>["onAbort"], syscall: string): void {
    if (onAbort !== undefined) onAbort(node, reason);
    // The default, and the fallback for an onAbort that did not settle the
    // waiter: the call's ECANCELED, or EINTR for an Interruption, having done nothing.
    if (node.queue === this) this.reject(node, canceled(syscall, reason));
  }

  #link(node: WaiterNode<Payload, Result>): void {
    node.previous = this.#tail;
    node.next = undefined;
    if (this.#tail === undefined) this.#head = node;
    else this.#tail.next = node;
    this.#tail = node;
    this.#size += 1;
  }

  /** Unlinks a node, marks it settled and drops its abort listener. */
  #release(node: WaiterNode<Payload, Result>): void {
    const { previous, next } = node;
    if (previous === undefined) this.#head = next;
    else previous.next = next;
    if (next === undefined) this.#tail = previous;
    else next.previous = previous;
    node.previous = undefined;
    node.next = undefined;
    node.queue = undefined;
    node.settled = true;
    this.#size -= 1;
    if (node.signal !== undefined && node.abortListener !== undefined) {
      node.signal.removeEventListener("abort", node.abortListener);
    }
    node.signal = undefined;
    node.abortListener = undefined;
    if (node.call !== undefined) {
      node.call.blocker.unblock(node.call);
      node.call = undefined;
    }
    if (node.timer !== undefined) {
      // The timer goes as soon as the wait settles, however it does.
      node.timer.cancel();
      node.timer = undefined;
    }
  }
}
