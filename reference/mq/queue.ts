/**
 * The message queue object a name points to (the kernel's mqueue inode): its
 * owner and mode, its attributes, its messages (a `PriorityQueue`), the
 * receives and sends waiting on it and its notification (`notify.ts`). Its
 * operations are the queue's halves of `mq_send`, `mq_receive`, `mq_notify`
 * and `mq_close`: the descriptor (`descriptor.ts`) has checked the descriptor
 * and the arguments when it calls them.
 *
 * Everything is synchronous except waiting. A call that makes progress
 * possible does the waiting calls' work itself, before it returns: a send
 * hands its message straight to the receive that has waited longest, and a
 * receive that frees a slot lets the send that has waited longest into the
 * queue. So receives wait only while the queue is empty, and sends only
 * while it is full; a `try` form, which never waits, can therefore never
 * overtake them.
 *
 * Choices where the clauses are silent:
 *
 * - A receive that frees a slot in a queue of one message and lets a waiting
 *   send in leaves the queue non-empty throughout: no notification, as in
 *   Linux, whose `pipelined_receive` moves the sender's message in directly.
 * - A waiting send or receive is registered with the process that holds
 *   its handle (the wait queue's `blocker`), which is blocked in it: a
 *   handler that process runs interrupts it through the abort path, so it
 *   fails `EINTR` having moved nothing (MQ-BLK-6); under `restart` it is
 *   left where it waits, its deadline still running (MQ-BLK-7).
 * - A waiting send keeps its own copy of the message (made at the call,
 *   MQ-ORD-2); a waiting receive writes into the caller's buffer when it is
 *   handed its message, as the kernel copies to user memory.
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { MqReceived } from "../../spec/mq.ts";
import type { Ownership } from "../../spec/namespace.ts";
import { assert } from "../base/assert.ts";
import { PriorityQueue } from "../base/priority-queue.ts";
import type { MessageStore } from "../base/priority-queue.ts";
import { WaitQueue } from "../base/wait-queue.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import { MessagePool } from "./message-pool.ts";
import type { MqMessage } from "./message-pool.ts";
import { Notification } from "./notify.ts";

/** What the queue knows of the handle a call is made through: the process holding it. */
export interface MqHandle {
  /** The process holding the handle, blocked in a call that waits (MQ-BLK-6). */
  readonly owner: ProcessCore;
}

/**
 * The attributes a queue is created with, fixed for its life (MQ-CAP-5).
 */
export interface MqQueueAttributes {
  /** `mq_maxmsg`: the most messages the queue holds (MQ-CAP-2). */
  readonly maxMessages: number;
  /** `mq_msgsize`: the largest message in bytes (MQ-ERR-3, MQ-ERR-4). */
  readonly messageSize: number;
}

/**
 * How a blocking call may wait: what the handle's flag and the call's
 * options say, already checked.
 */
export interface MqWait {
  /** The handle's nonblocking flag at the call (MQ-NB-3). */
  readonly nonblocking: boolean;
  /** Stops the wait when it fires; not aborted at the call (MQ-BLK-5). */
  readonly signal: AbortSignal | undefined;
  /** The absolute deadline in ms since the epoch, checked (MQ-TMO-3). */
  readonly deadline: number | undefined;
}

/** A receive waiting on the empty queue. */
interface PendingReceive {
  /** The handle it was made through (MQ-LIFE-9). */
  readonly handle: MqHandle;
  /** Where its message goes; at least `messageSize` bytes (MQ-ERR-4). */
  readonly buffer: Uint8Array;
}

/** A send waiting on the full queue. */
interface PendingSend {
  /** The handle it was made through (MQ-LIFE-9). */
  readonly handle: MqHandle;
  /** Its message, copied at the call (MQ-ORD-2). */
  readonly message: MqMessage;
}

/** A message queue: its owner, mode and attributes, its messages, the calls waiting on it and its notification. */
export class ReferenceMqQueue {
  /** The owner and permission bits (MQ-PERM-1, MQ-PERM-2, MQ-PERM-3), fixed at creation. */
  readonly ownership: Ownership;
  /** `mq_maxmsg` (MQ-CAP-2), fixed at creation (MQ-LIFE-7). */
  readonly maxMessages: number;
  /** `mq_msgsize` (MQ-ERR-3, MQ-ERR-4), fixed at creation (MQ-LIFE-7). */
  readonly messageSize: number;
  /** The messages, highest priority first and oldest first within one (MQ-ORD-1). */
  readonly #messages: MessageStore<MqMessage>;
  /** Receives waiting on the empty queue, first come first served (MQ-ORD-3). */
  readonly #pendingReceives = new WaitQueue<PendingReceive, MqReceived>();
  /** Sends waiting on the full queue, first come first served (MQ-ORD-4). */
  readonly #pendingSends = new WaitQueue<PendingSend, void>();
  /** The one registration for notification, if any (MQ-LIFE-10). */
  readonly #notification = new Notification();
  /** Storage for the messages' copies, reused once they are received (MQ-ORD-2). */
  readonly #pool: MessagePool;

  /**
   * Makes an empty queue nobody has open. Only `mqOpen` calls it, which
   * binds it to its name.
   *
   * @param ownership - the owner's uid and gid and the mode, already masked
   * @param attributes - `maxMessages` and `messageSize`, already checked
   * @param store - where the messages are kept; default a {@link PriorityQueue}
   *   (MQ-ORD-1). Another store gives another order, which breaks the clause:
   *   the parameter is there to build such deliberately wrong queues for
   *   testing the suite.
   */
  constructor(ownership: Ownership, attributes: MqQueueAttributes, store: MessageStore<MqMessage> = new PriorityQueue<MqMessage>()) {
    const { uid, gid, mode } = ownership;
    this.ownership = Object.freeze({ uid, gid, mode });
    this.maxMessages = attributes.maxMessages;
    this.messageSize = attributes.messageSize;
    this.#messages = store;
    this.#pool = new MessagePool(attributes.messageSize);
  }

  /**
   * Copies a message's bytes for this queue (MQ-ORD-2), into storage the
   * queue reuses once the message is received: the message to hand to
   * {@link ReferenceMqQueue.send} or {@link ReferenceMqQueue.trySend}.
   *
   * @param data - the bytes, at most `messageSize` of them (already checked)
   * @param priority - its priority (already checked)
   * @returns the message
   */
  copyMessage(data: Uint8Array, priority: number): MqMessage {
    return this.#pool.copyIn(data, priority);
  }

  /** `mq_curmsgs`: the messages in the queue now (MQ-CAP-5). */
  get currentMessages(): number {
    return this.#messages.size;
  }

  /** The receives waiting on the empty queue. */
  get pendingReceives(): number {
    return this.#pendingReceives.size;
  }

  /** The sends waiting on the full queue. */
  get pendingSends(): number {
    return this.#pendingSends.size;
  }

  /** The process registered for notification. */
  get registeredProcess(): ProcessCore | undefined {
    return this.#notification.process;
  }

  /**
   * The queue's half of a blocking `mq_send` of a checked message.
   *
   * @param handle - the descriptor it is made through
   * @param message - the message, copied, at most `messageSize` bytes
   * @param wait - the nonblocking flag, a signal not yet aborted, a checked deadline
   * @returns a promise resolved once the message is in the queue or taken by a receive
   * @throws {IpcError} (as a rejection) `EAGAIN` (MQ-NB-3), `ETIMEDOUT`
   *   (MQ-TMO-1), `ECANCELED` (MQ-BLK-4), `EINTR` when a handler of the
   *   handle's process interrupts it (MQ-BLK-6), `EBADF` when `handle` closes
   *   while the send waits (MQ-LIFE-9)
   */
  send(handle: MqHandle, message: MqMessage, wait: MqWait): Promise<void> {
    // MQ-CAP-2: room for one more: it enters now, whatever the deadline
    // (MQ-TMO-2). (Sends wait only while the queue is full, so none waits
    // ahead of this one: MQ-ORD-4.)
    if (this.#messages.size < this.maxMessages) {
      this.#deliver(message);
      return Promise.resolve();
    }
    // MQ-NB-3: full, through a nonblocking handle: EAGAIN, deadline or not.
    if (wait.nonblocking) return Promise.reject(new IpcError("EAGAIN", "mq_send", { detail: "the queue is full and the handle is nonblocking" }));
    // MQ-BLK-2: full: wait for a receive to make room, behind the sends
    // already waiting (MQ-ORD-4). MQ-TMO-1: until the deadline, if any: the
    // queue fails the wait ETIMEDOUT once it passes (at once when it has
    // passed already), having moved nothing.
    // MQ-BLK-4, MQ-BLK-6: an aborted send rejects ECANCELED, an interrupted
    // one EINTR; its message enters the queue only as the send resolves (see
    // #take), so it never does.
    return this.#wait(this.#pendingSends, { handle, message }, handle, wait, wait.deadline === undefined ? "mq_send" : "mq_timedsend");
  }

  /**
   * The queue's half of a non-blocking `mq_send` of a checked message.
   *
   * @param message - the message, copied, at most `messageSize` bytes
   * @throws {IpcError} `EAGAIN` when the queue is full (MQ-NB-2)
   */
  trySend(message: MqMessage): void {
    // MQ-NB-2: full: EAGAIN, and nothing added. (MQ-CAP-2: full means
    // maxMessages messages; sends wait only then, so this never overtakes one.)
    if (this.#messages.size >= this.maxMessages) {
      throw new IpcError("EAGAIN", "mq_send", { detail: `the queue holds its ${this.maxMessages} messages` });
    }
    this.#deliver(message);
  }

  /**
   * The queue's half of a blocking `mq_receive` into a checked buffer.
   *
   * @param handle - the descriptor it is made through
   * @param buffer - where the message goes, at least `messageSize` bytes
   * @param wait - the nonblocking flag, a signal not yet aborted, a checked deadline
   * @returns the message's length and priority
   * @throws {IpcError} (as a rejection) `EAGAIN` (MQ-NB-3), `ETIMEDOUT`
   *   (MQ-TMO-1), `ECANCELED` (MQ-BLK-3), `EINTR` when a handler of the
   *   handle's process interrupts it (MQ-BLK-6), `EBADF` when `handle` closes
   *   while the receive waits (MQ-LIFE-9)
   */
  receive(handle: MqHandle, buffer: Uint8Array, wait: MqWait): Promise<MqReceived> {
    // MQ-ORD-1: a message is there: take it now, whatever the deadline
    // (MQ-TMO-2). (Receives wait only while the queue is empty, so none waits
    // ahead of this one: MQ-ORD-3.)
    if (this.#messages.size > 0) return Promise.resolve(this.#take(buffer));
    // MQ-NB-3: empty, through a nonblocking handle: EAGAIN, deadline or not.
    if (wait.nonblocking) return Promise.reject(new IpcError("EAGAIN", "mq_receive", { detail: "the queue is empty and the handle is nonblocking" }));
    // MQ-BLK-1: empty: wait for a message, behind the receives already waiting
    // (MQ-ORD-3). MQ-TMO-1: until the deadline, if any, having taken nothing.
    // MQ-BLK-3, MQ-BLK-6: an aborted receive rejects ECANCELED, an
    // interrupted one EINTR, having taken nothing: a message reaches a waiting
    // receive only as it resolves (#deliver), and a resolved receive can no
    // longer be aborted, so none is lost.
    return this.#wait(this.#pendingReceives, { handle, buffer }, handle, wait, wait.deadline === undefined ? "mq_receive" : "mq_timedreceive");
  }

  /**
   * The queue's half of a non-blocking `mq_receive` into a checked buffer.
   *
   * @param buffer - where the message goes, at least `messageSize` bytes
   * @returns the message's length and priority
   * @throws {IpcError} `EAGAIN` when the queue is empty (MQ-NB-1)
   */
  tryReceive(buffer: Uint8Array): MqReceived {
    // MQ-NB-1: empty: EAGAIN. (Receives wait only while it is empty, so this
    // never takes a message ahead of them.)
    if (this.#messages.size === 0) throw new IpcError("EAGAIN", "mq_receive", { detail: "the queue is empty" });
    return this.#take(buffer);
  }

  /**
   * The queue's half of `mq_notify`: registers `process`, or removes its
   * registration when `callback` is `null`.
   *
   * @param process - the calling process
   * @param callback - what to call, or `null`
   * @throws {IpcError} `EBUSY` when a registration exists (MQ-LIFE-10)
   */
  notify(process: ProcessCore, callback: (() => void) | null): void {
    // MQ-LIFE-10, MQ-LIFE-13
    this.#notification.notify(process, callback);
  }

  /**
   * The queue's half of `mq_close`: the calls waiting through `handle` end,
   * and the registration of its process, if any, is removed.
   *
   * @param handle - a descriptor of this queue, just marked closed
   */
  closeDescriptor(handle: MqHandle): void {
    // MQ-LIFE-9: the calls waiting through this handle reject EBADF; those
    // through other handles keep waiting. (The queue does not change, so no
    // other waiting call can complete now.)
    for (const waiter of this.#pendingReceives) {
      if (waiter.payload.handle === handle) {
        this.#pendingReceives.reject(waiter, new IpcError("EBADF", "mq_receive", { detail: "the handle was closed while the receive waited" }));
      }
    }
    for (const waiter of this.#pendingSends) {
      if (waiter.payload.handle === handle) {
        this.#pendingSends.reject(waiter, new IpcError("EBADF", "mq_send", { detail: "the handle was closed while the send waited" }));
      }
    }
    // MQ-LIFE-14: the registered process closing any handle of the queue
    // removes its registration (Linux's mqueue_flush_file).
    this.#notification.forget(handle.owner);
  }

  /**
   * Waits in `queue` as the process holding `handle`, which is blocked in the
   * call: a handler it runs interrupts the wait (MQ-BLK-6), unless the handler
   * has restart, which leaves it waiting in its place, deadline and all
   * (MQ-BLK-7). The deadline, if any, ends it ETIMEDOUT having moved nothing
   * (MQ-TMO-1); an abort or an interruption, ECANCELED or EINTR (the wait
   * queue's default).
   */
  #wait<Payload, Result>(queue: WaitQueue<Payload, Result>, payload: Payload, handle: MqHandle, wait: MqWait, syscall: string): Promise<Result> {
    return queue.enqueue(payload, { signal: wait.signal, blocker: handle.owner, syscall, restart: "restart", deadline: wait.deadline }).promise;
  }

  /** Takes the next message into `buffer`, then lets the longest-waiting send in. */
  #take(buffer: Uint8Array): MqReceived {
    // MQ-ORD-1: the oldest message of the highest priority.
    const message = this.#messages.shift()!;
    const priority = message.priority;
    // MQ-ORD-2: copied whole to the start of the buffer, with its length and
    // priority (its storage then serves a later send).
    const length = this.#pool.copyOut(message, buffer);
    // MQ-BLK-2, MQ-ORD-4: the slot freed goes to the send that has waited
    // longest, now, whatever its priority; its message takes its place by
    // priority (MQ-ORD-1). The queue was not empty, so no receive waits.
    const sender = this.#pendingSends.peek();
    if (sender !== undefined) {
      assert(this.#pendingReceives.isEmpty, "receives wait only while the queue is empty");
      this.#messages.push(sender.payload.message.priority, sender.payload.message);
      this.#pendingSends.resolve(sender, undefined);
    }
    return { length, priority };
  }

  /** Puts a message that has room in: to the longest-waiting receive, else into the queue. */
  #deliver(message: MqMessage): void {
    // MQ-ORD-3: a receive waits (so the queue is empty): the message goes to
    // the one that has waited longest, straight into its buffer (MQ-ORD-2).
    // MQ-LIFE-12: no notification then, and the registration stays.
    const receiver = this.#pendingReceives.peek();
    if (receiver !== undefined) {
      assert(this.#messages.size === 0, "receives wait only while the queue is empty");
      const priority = message.priority;
      const length = this.#pool.copyOut(message, receiver.payload.buffer);
      this.#pendingReceives.resolve(receiver, { length, priority });
      return;
    }
    // MQ-ORD-1: behind the messages of its priority.
    this.#messages.push(message.priority, message);
    // MQ-LIFE-11: a message arriving in the empty queue (it is the only one
    // now) fires the notification; MQ-LIFE-12: in a queue that was not empty,
    // nothing happens.
    if (this.#messages.size === 1) this.#notification.fire();
  }
}

