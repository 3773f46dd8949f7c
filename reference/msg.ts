/**
 * The reference System V message queues: a transcription of the clauses in
 * `spec/msg.ts`. Every step that enforces a clause cites its ID.
 *
 * Three layers, as in a kernel:
 *
 * - The calls ({@link msgget}, {@link msgsnd}, {@link tryMsgsnd},
 *   {@link msgrcv}, {@link tryMsgrcv}, {@link msgctl}) are what
 *   `ReferenceProcess` delegates to. They check that the caller is alive and
 *   check every argument before anything changes, then find the queue by
 *   identifier in the system's {@link MsgTable} and call it.
 * - The {@link MsgTable} is the system-wide state: the namespace of keys
 *   (the one `Namespace` every named object uses) and the table of
 *   identifiers, handed out in increasing order and never reused.
 * - The {@link ReferenceMsgQueue} is one queue: its ownership and mode, its
 *   messages, and the blocked senders and receivers (each in the one
 *   `WaitQueue` every blocking call uses).
 *
 * Everything is synchronous except waiting. A call that makes progress
 * possible does the waiting calls' work itself before it returns: a send hands
 * its message straight to the receiver that has waited longest among those it
 * matches, and a receive that frees room admits the blocked senders, in order.
 * So a receiver is blocked only while no queued message matches it.
 *
 * How messages are found. Each type has its own FIFO of messages (a doubly
 * linked list), and two binary heaps hold the types that have messages: one
 * ordered by the age of each type's oldest message, one by type. Type 0 takes
 * the head of the oldest type's FIFO (the root of the first heap); `except`
 * takes the root, or when that is the excluded type, the older of the root's
 * two children (the second-oldest head); a negative type takes the root of
 * the second heap when it is not above the bound. Choosing is O(1); sending
 * and taking are O(1) plus O(log k) heap upkeep, k the number of types queued.
 * No step is linear in the number of messages.
 *
 * Choices where the clauses are silent:
 *
 * - The checks run in this order, the first failing one deciding the error:
 *   the caller has exited (`ESRCH`); the arguments (`EINVAL`: identifier,
 *   then type, data or buffer, then options); the identifier names no queue
 *   (`EINVAL`); permission (`EACCES`, or `EPERM` for `msgctl` set and
 *   remove); an aborted signal (`ECANCELED`); then the operation itself
 *   (`E2BIG`, `ENOMSG`, `EAGAIN`, or waiting).
 * - The room is checked on every send, even when a blocked receiver would
 *   take the message at once, as Linux does (`msg_fits_inqueue` comes first).
 * - `tryMsgsnd` never queues: a message that fits is sent at once, even while
 *   blocking sends wait (the first of them does not fit, or it would not
 *   wait). A blocking send queues behind them (MSG-ORD-8).
 * - A send looks through the blocked receivers in the order they came and
 *   stops at the first that matches: linear in the number blocked, as
 *   Linux's `pipelined_send`. A blocked receiver whose buffer is too short
 *   fails `E2BIG` and the message goes on to the next (MSG-ERR-3).
 * - A blocked receive copies into the caller's buffer when it is served; a
 *   send copies the caller's text once, when called (MSG-ATOM-2).
 * - A blocked call is registered with its caller (the wait queue's
 *   `blocker`): a handler the caller runs interrupts it with `EINTR`,
 *   `restart` or not (MSG-BLK-6), and the caller's end interrupts it too,
 *   so the call of a process that has exited leaves the queue at once and
 *   is never served (MSG-LIFE-8).
 *
 * @module
 */

import { ROOT_UID } from "../spec/constants.ts";
import { IpcError } from "../spec/errors.ts";
import type { MsgGetOptions, MsgQueueSet, MsgQueueStat, MsgReceiveOptions, MsgReceived } from "../spec/msg.ts";
import { IPC_PRIVATE, MSGMAX, MSGMNB } from "../spec/msg.ts";
import { PERMISSION_BITS, checkAccess } from "../spec/namespace.ts";
import type { Access, Ownership } from "../spec/namespace.ts";
import type { BlockingOptions } from "../spec/pipe.ts";
import type { Credentials } from "../spec/system.ts";
import { Namespace, requireAccess } from "./base/namespace.ts";
import type { MutableOwnership } from "./base/namespace.ts";
import type { ProcessCore } from "./kernel/process.ts";
import { StateKey } from "./base/state-key.ts";
import {
  describeType,
  requireIdInteger,
  requireIntegerInRange,
  requireOptionalObject,
  requireUint8Array,
} from "./base/validate.ts";
import { parseBlocking } from "./base/blocking.ts";
import { WaitQueue } from "./base/wait-queue.ts";
import type { Waiter } from "./base/wait-queue.ts";
import { canceled } from "./base/interrupt.ts";

/**
 * The key of a system's System V message queue table. Tests give a system a
 * table of broken queues by making it first: `MSG_STATE.of(system, () => new MsgTable(...))`.
 */
export const MSG_STATE: StateKey<MsgTable> = new StateKey("sysv-msg", () => new MsgTable());

/** The mode of a queue created without one (MSG-PERM-7). */
const DEFAULT_MSG_MODE = 0o600;

/**
 * What a new queue is made from: its identifier and key, and its creator,
 * who is also its first owner (MSG-PERM-7).
 */
export interface MsgQueueInit {
  /** The identifier, fresh from {@link MsgTable.allocateId}. */
  readonly id: number;
  /** The key, or {@link IPC_PRIVATE}. */
  readonly key: number;
  /** The creator's uid and gid. */
  readonly creator: Pick<Credentials, "uid" | "gid">;
  /** The permission bits, exactly as asked (no umask). */
  readonly mode: number;
}

/** A message in a queue, as {@link ReferenceMsgQueue.select} finds it. */
export interface QueuedMessage {
  /** Its type (`mtype`), a positive safe integer. */
  readonly type: number;
  /** Its text: the queue's own copy, never changed. */
  readonly text: Uint8Array;
  /** Its arrival number in the queue: older messages have smaller ones. */
  readonly seq: number;
}

/** What a blocked receive carries while it waits. */
export interface PendingReceive {
  /** The receiving process (MSG-LIFE-8, MSG-PERM-9). */
  readonly caller: ProcessCore;
  /** Where the text goes, copied when served. */
  readonly buffer: Uint8Array;
  /** The type asked for. */
  readonly type: number;
  /** `MSG_EXCEPT`. */
  readonly except: boolean;
  /** `MSG_NOERROR`. */
  readonly noerror: boolean;
}

/** What a blocked send carries while it waits. */
export interface PendingSend {
  /** The sending process (MSG-LIFE-8, MSG-PERM-9). */
  readonly caller: ProcessCore;
  /** The message's type. */
  readonly type: number;
  /** The message's text, already copied (MSG-ATOM-2). */
  readonly text: Uint8Array;
}

/** The receive flags, checked. */
export interface MsgReceiveFlags {
  /** `MSG_NOERROR` (MSG-ERR-4). */
  readonly noerror: boolean;
  /** `MSG_EXCEPT` (MSG-ORD-3); only with a positive type. */
  readonly except: boolean;
}

/** A message in its type's FIFO. */
class MessageNode implements QueuedMessage {
  readonly type: number;
  readonly text: Uint8Array;
  readonly seq: number;
  previous: MessageNode | undefined = undefined;
  next: MessageNode | undefined = undefined;

  constructor(type: number, text: Uint8Array, seq: number) {
    this.type = type;
    this.text = text;
    this.seq = seq;
  }
}

/** The FIFO of one type's messages, never empty while it exists, and its places in the two heaps. */
class TypeBucket {
  readonly type: number;
  head: MessageNode;
  tail: MessageNode;
  /** Index in the heap by age of the head; -1 when not in it. */
  ageSlot = -1;
  /** Index in the heap by type; -1 when not in it. */
  typeSlot = -1;

  constructor(first: MessageNode) {
    this.type = first.type;
    this.head = first;
    this.tail = first;
  }
}

/** A binary min-heap of buckets that records each bucket's index in it, so any bucket is removed or re-placed in O(log k). */
class BucketHeap {
  readonly #items: TypeBucket[] = [];
  readonly #slot: "ageSlot" | "typeSlot";
  readonly #before: (a: TypeBucket, b: TypeBucket) => boolean;

  constructor(slot: "ageSlot" | "typeSlot", before: (a: TypeBucket, b: TypeBucket) => boolean) {
    this.#slot = slot;
    this.#before = before;
  }

  /** The first bucket in the heap's order. */
  peek(): TypeBucket | undefined {
    return this.#items[0];
  }

  /** The second bucket in the heap's order: one of the root's two children. */
  runnerUp(): TypeBucket | undefined {
    const left = this.#items[1];
    const right = this.#items[2];
    if (left === undefined || right === undefined) return left;
    return this.#before(right, left) ? right : left;
  }

  push(bucket: TypeBucket): void {
    this.#items.push(bucket);
    this.#up(this.#items.length - 1);
  }

  remove(bucket: TypeBucket): void {
    const index = bucket[this.#slot];
    const last = this.#items.pop();
    bucket[this.#slot] = -1;
    if (last === undefined || last === bucket) return;
    this.#items[index] = last;
    this.#down(index);
    this.#up(last[this.#slot]);
  }

  /** Re-places a bucket whose key changed. */
  update(bucket: TypeBucket): void {
    this.#down(bucket[this.#slot]);
    this.#up(bucket[this.#slot]);
  }

  clear(): void {
    for (const bucket of this.#items) bucket[this.#slot] = -1;
    this.#items.length = 0;
  }

  #up(start: number): void {
    const items = this.#items;
    const item = items[start]!;
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex]!;
      if (!this.#before(item, parent)) break;
      items[index] = parent;
      parent[this.#slot] = index;
      index = parentIndex;
    }
    items[index] = item;
    item[this.#slot] = index;
  }

  #down(start: number): void {
    const items = this.#items;
    const item = items[start]!;
    let index = start;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= items.length) break;
      const right = items[child + 1];
      if (right !== undefined && this.#before(right, items[child]!)) child += 1;
      const smaller = items[child]!;
      if (!this.#before(smaller, item)) break;
      items[index] = smaller;
      smaller[this.#slot] = index;
      index = child;
    }
    items[index] = item;
    item[this.#slot] = index;
  }
}

/** Whether a message of `messageType` is one a receive of `type` (with `except`) takes. */
function receiveMatches(type: number, except: boolean, messageType: number): boolean {
  // MSG-ORD-1: type 0 takes any message.
  if (type === 0) return true;
  // MSG-ORD-2, MSG-ORD-3: a positive type takes that type, or with except any other.
  if (type > 0) return except ? messageType !== type : messageType === type;
  // MSG-ORD-4: a negative type takes types not above its absolute value.
  return messageType <= -type;
}

/** Copies as much of `text` as fits to the start of `buffer` (MSG-ATOM-1, MSG-ERR-4). */
function copyOut(text: Uint8Array, buffer: Uint8Array): number {
  const length = Math.min(text.length, buffer.length);
  buffer.set(length === text.length ? text : text.subarray(0, length));
  return length;
}

/**
 * One System V message queue: the reference implementation of a `msqid`.
 * Its operations are the queue-level halves of `msgsnd(2)`, `msgrcv(2)` and
 * `msgctl(2)`: the calls have checked the caller and the arguments when they
 * call them. They throw synchronously what fails at once; a blocking
 * operation's promise rejects for what happens while it waits.
 *
 * The methods {@link ReferenceMsgQueue.select}, {@link ReferenceMsgQueue.fits},
 * {@link ReferenceMsgQueue.requirePermission},
 * {@link ReferenceMsgQueue.controls}, {@link ReferenceMsgQueue.waitingReceivers}
 * and {@link ReferenceMsgQueue.destroy} are the named steps of the rules; a
 * subclass may override one to model a different (or broken) implementation.
 *
 * @example Find a queue through the system's table
 * ```ts
 * import { createSystem, msgTableOf } from "ipckit/reference";
 * const system = createSystem();
 * const process = system.spawn();
 * const id = process.msgget(0);
 * process.tryMsgsnd(id, 1, new Uint8Array(5));
 * const queue = msgTableOf(system).byId(id);
 * console.assert(queue?.messages === 1 && queue.bytes === 5);
 * ```
 */
export class ReferenceMsgQueue {
  /** The identifier (MSG-LIFE-3). */
  readonly id: number;
  /** The key, or {@link IPC_PRIVATE}. */
  readonly key: number;
  /** Owner, group and mode: what every access check reads (MSG-PERM-8). */
  readonly #ownership: MutableOwnership;
  /** The creator, who may always set and remove (MSG-PERM-5). */
  readonly #cuid: number;
  readonly #cgid: number;
  /** `msg_qbytes` (MSG-CAP-1). */
  #maxBytes = MSGMNB;
  /** `msg_cbytes` and `msg_qnum` (MSG-CAP-2). */
  #bytes = 0;
  #count = 0;
  /** The arrival number of the next message. */
  #nextSeq = 1;
  /** Each type's FIFO of messages (MSG-ORD-2, MSG-ORD-5). */
  readonly #buckets = new Map<number, TypeBucket>();
  /** The types queued, by the age of their oldest message (MSG-ORD-1, MSG-ORD-3). */
  readonly #byAge = new BucketHeap("ageSlot", (a, b) => a.head.seq < b.head.seq);
  /** The types queued, by type (MSG-ORD-4). */
  readonly #byType = new BucketHeap("typeSlot", (a, b) => a.type < b.type);
  /** Blocked receives, first come first served among those that match (MSG-ORD-7). */
  readonly #receivers = new WaitQueue<PendingReceive, MsgReceived>();
  /** Blocked sends, strictly first come first served (MSG-ORD-8). */
  readonly #senders = new WaitQueue<PendingSend, void>();
  #lastSendPid = 0;
  #lastReceivePid = 0;
  #removed = false;

  /**
   * Makes a queue. {@link MsgTable.create} calls it (through the table's
   * factory) when `msgget` creates a queue.
   *
   * @param init - identifier, key, creator and mode
   *
   * @example A queue made by hand is empty
   * ```ts
   * import { ReferenceMsgQueue } from "ipckit/reference";
   * const queue = new ReferenceMsgQueue({ id: 1, key: 42, creator: { uid: 1000, gid: 100 }, mode: 0o600 });
   * console.assert(queue.messages === 0 && queue.maxBytes === 16384);
   * ```
   */
  constructor(init: MsgQueueInit) {
    this.id = init.id;
    this.key = init.key;
    // MSG-PERM-7: the creator is the first owner, and the mode is as asked.
    this.#ownership = { uid: init.creator.uid, gid: init.creator.gid, mode: init.mode };
    this.#cuid = init.creator.uid;
    this.#cgid = init.creator.gid;
  }

  /**
   * The current owner, group and mode.
   *
   * @returns a snapshot
   *
   * @example The creator owns a new queue
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const id = system.spawn({ uid: 7, gid: 8 }).msgget(0, { mode: 0o640 });
   * const owner = msgTableOf(system).byId(id)?.ownership;
   * console.assert(owner?.uid === 7 && owner.gid === 8 && owner.mode === 0o640);
   * ```
   */
  get ownership(): Ownership {
    return { ...this.#ownership };
  }

  /**
   * Bytes of text queued (`msg_cbytes`).
   *
   * @returns the count
   *
   * @example Bytes of two messages
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const process = system.spawn();
   * const id = process.msgget(0);
   * process.tryMsgsnd(id, 1, new Uint8Array(3));
   * process.tryMsgsnd(id, 2, new Uint8Array(4));
   * console.assert(msgTableOf(system).byId(id)?.bytes === 7);
   * ```
   */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Messages queued (`msg_qnum`).
   *
   * @returns the count
   *
   * @example An empty message counts
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const process = system.spawn();
   * const id = process.msgget(0);
   * process.tryMsgsnd(id, 1, new Uint8Array(0));
   * console.assert(msgTableOf(system).byId(id)?.messages === 1);
   * ```
   */
  get messages(): number {
    return this.#count;
  }

  /**
   * The capacity in bytes (`msg_qbytes`).
   *
   * @returns the capacity
   *
   * @example The default capacity
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const id = system.spawn().msgget(0);
   * console.assert(msgTableOf(system).byId(id)?.maxBytes === 16384);
   * ```
   */
  get maxBytes(): number {
    return this.#maxBytes;
  }

  /**
   * The number of blocked receives.
   *
   * @returns the count
   *
   * @example A receive on an empty queue waits
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const process = system.spawn();
   * const id = process.msgget(0);
   * void process.msgrcv(id, new Uint8Array(1), 0);
   * console.assert(msgTableOf(system).byId(id)?.pendingReceives === 1);
   * ```
   */
  get pendingReceives(): number {
    return this.#receivers.size;
  }

  /**
   * The number of blocked sends.
   *
   * @returns the count
   *
   * @example A send into a full queue waits
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const process = system.spawn();
   * const id = process.msgget(0);
   * process.msgctl(id, "set", { maxBytes: 0 });
   * void process.msgsnd(id, 1, new Uint8Array(0));
   * console.assert(msgTableOf(system).byId(id)?.pendingSends === 1);
   * ```
   */
  get pendingSends(): number {
    return this.#senders.size;
  }

  /**
   * `true` once the queue has been removed.
   *
   * @returns whether it is removed
   *
   * @example Removed by msgctl
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const process = system.spawn();
   * const id = process.msgget(0);
   * const queue = msgTableOf(system).byId(id);
   * process.msgctl(id, "remove");
   * console.assert(queue?.removed === true);
   * ```
   */
  get removed(): boolean {
    return this.#removed;
  }

  /**
   * Every queued message, oldest first: for inspection (it sorts, so it is
   * O(n log n); no operation uses it).
   *
   * @returns the messages in the order they arrived
   *
   * @example Arrival order across types
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const process = system.spawn();
   * const id = process.msgget(0);
   * process.tryMsgsnd(id, 2, new Uint8Array(0));
   * process.tryMsgsnd(id, 1, new Uint8Array(0));
   * console.assert(msgTableOf(system).byId(id)?.messagesInOrder().map((m) => m.type).join() === "2,1");
   * ```
   */
  messagesInOrder(): QueuedMessage[] {
    const all: QueuedMessage[] = [];
    for (const bucket of this.#buckets.values()) {
      for (let node: MessageNode | undefined = bucket.head; node !== undefined; node = node.next) all.push(node);
    }
    return all.sort((a, b) => a.seq - b.seq);
  }

  // ---- The named steps --------------------------------------------------

  /**
   * The step of `msgrcv` that chooses a message (Linux `find_msg`): the one a
   * receive of `type` takes, or `undefined` when none matches.
   *
   * @param type - the type asked for, a safe integer
   * @param except - `MSG_EXCEPT`, with a positive type only
   * @returns the message, still queued
   *
   * @example Each kind of type
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const process = system.spawn();
   * const id = process.msgget(0);
   * for (const type of [3, 1, 2]) process.tryMsgsnd(id, type, new Uint8Array(0));
   * const queue = msgTableOf(system).byId(id)!;
   * console.assert(queue.select(0, false)?.type === 3 && queue.select(2, false)?.type === 2);
   * console.assert(queue.select(3, true)?.type === 1 && queue.select(-2, false)?.type === 1 && queue.select(1, true)?.type === 3);
   * ```
   */
  select(type: number, except: boolean): QueuedMessage | undefined {
    // MSG-ORD-1: type 0 takes the oldest message: the head of the type whose head is oldest.
    if (type === 0) return this.#byAge.peek()?.head;
    if (type > 0) {
      // MSG-ORD-2: the oldest message of exactly that type: the head of its FIFO.
      // (MSG-ORD-6: so a process receiving its own pid as the type gets only
      // the messages addressed to it, and the others stay queued.)
      if (!except) return this.#buckets.get(type)?.head;
      // MSG-ORD-3: the oldest message of any other type: the oldest head, or
      // when that is of this type, the second-oldest head.
      const oldest = this.#byAge.peek();
      if (oldest === undefined) return undefined;
      return (oldest.type !== type ? oldest : this.#byAge.runnerUp())?.head;
    }
    // MSG-ORD-4: the oldest message of the lowest type queued, when that type
    // is not above |type|; if the lowest is above, every type is.
    const lowest = this.#byType.peek();
    return lowest !== undefined && lowest.type <= -type ? lowest.head : undefined;
  }

  /**
   * The step of `msgsnd` that decides whether a message fits (Linux
   * `msg_fits_inqueue`).
   *
   * @param length - the text's length in bytes
   * @returns `true` when `bytes + length <= maxBytes` and `messages + 1 <= maxBytes`
   *
   * @example The byte rule and the count rule
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const process = system.spawn();
   * const id = process.msgget(0);
   * process.msgctl(id, "set", { maxBytes: 2 });
   * const queue = msgTableOf(system).byId(id)!;
   * console.assert(queue.fits(2) && !queue.fits(3));
   * process.tryMsgsnd(id, 1, new Uint8Array(0));
   * process.tryMsgsnd(id, 1, new Uint8Array(0));
   * console.assert(!queue.fits(0));
   * ```
   */
  fits(length: number): boolean {
    // MSG-CAP-1: the bytes of text, against maxBytes (MSGMNB for a new queue)...
    // MSG-CAP-2: ...and the number of messages, against the same maxBytes.
    return this.#bytes + length <= this.#maxBytes && this.#count + 1 <= this.#maxBytes;
  }

  /**
   * The permission check of a send, receive or stat (Linux `ipcperms`):
   * the one rule every named object uses, against the current owner, group
   * and mode (MSG-PERM-8).
   *
   * @param caller - the calling process
   * @param access - `"read"` to receive or stat, `"write"` to send
   * @param syscall - the operation, for the error
   * @throws {IpcError} `EACCES` when denied
   *
   * @example Others may not write a 0644 queue
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const system = createSystem();
   * const id = system.spawn({ uid: 1000, gid: 100 }).msgget(0, { mode: 0o644 });
   * const other = system.spawn({ uid: 1002, gid: 1002 });
   * const queue = msgTableOf(system).byId(id)!;
   * queue.requirePermission(other, "read", "msgrcv");
   * try { queue.requirePermission(other, "write", "msgsnd"); } catch (error) { console.assert(IpcError.is(error, "EACCES")); }
   * ```
   */
  requirePermission(caller: ProcessCore, access: Access, syscall: string): void {
    requireAccess(caller.credentials, this.#ownership, access, syscall, `msqid ${this.id}`);
  }

  /**
   * Whether `caller` may set and remove the queue (Linux
   * `ipcctl_obtain_check`): its owner, its creator, or root (MSG-PERM-5).
   *
   * @param caller - the calling process
   * @returns `true` when allowed
   *
   * @example Owner, creator, root and a stranger
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const creator = system.spawn({ uid: 1000, gid: 100 });
   * const id = creator.msgget(0);
   * creator.msgctl(id, "set", { uid: 1001 });
   * const queue = msgTableOf(system).byId(id)!;
   * console.assert(queue.controls(creator) && queue.controls(system.spawn({ uid: 1001 })) && queue.controls(system.spawn()));
   * console.assert(!queue.controls(system.spawn({ uid: 1002 })));
   * ```
   */
  controls(caller: ProcessCore): boolean {
    const { uid } = caller.credentials;
    return uid === ROOT_UID || uid === this.#ownership.uid || uid === this.#cuid;
  }

  /**
   * The order in which a send offers its message to the blocked receivers:
   * the order they started waiting (MSG-ORD-7). The list is a snapshot.
   *
   * @returns the blocked receives, longest waiting first
   *
   * @example Two receivers, in the order they came
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const process = system.spawn();
   * const id = process.msgget(0);
   * void process.msgrcv(id, new Uint8Array(1), 5);
   * void process.msgrcv(id, new Uint8Array(1), 6);
   * const types = [...msgTableOf(system).byId(id)!.waitingReceivers()].map((waiter) => waiter.payload.type);
   * console.assert(types.join() === "5,6");
   * ```
   */
  waitingReceivers(): Iterable<Waiter<PendingReceive, MsgReceived>> {
    return this.#receivers;
  }

  /**
   * Destroys the queue (the queue's half of `msgctl(IPC_RMID)`): its
   * messages are discarded (MSG-LIFE-4) and every blocked send and receive
   * rejects `EIDRM` (MSG-LIFE-5). The table forgets the queue separately.
   *
   * @example Blocked receivers learn of the removal
   * ```ts
   * import { ReferenceMsgQueue, createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const queue = new ReferenceMsgQueue({ id: 1, key: 0, creator: { uid: 0, gid: 0 }, mode: 0o600 });
   * const pending = queue.receive(createSystem().spawn(), new Uint8Array(1), 0, { noerror: false, except: false }, undefined);
   * queue.destroy();
   * await pending.catch((error) => console.assert(IpcError.is(error, "EIDRM")));
   * ```
   */
  destroy(): void {
    this.#removed = true;
    // MSG-LIFE-4: the messages go with the queue, at once.
    this.#buckets.clear();
    this.#byAge.clear();
    this.#byType.clear();
    this.#bytes = 0;
    this.#count = 0;
    // MSG-LIFE-5: every blocked call ends with EIDRM.
    this.#receivers.rejectAll(new IpcError("EIDRM", "msgrcv", { detail: `msqid ${this.id} was removed while the receive waited` }));
    this.#senders.rejectAll(new IpcError("EIDRM", "msgsnd", { detail: `msqid ${this.id} was removed while the send waited` }));
  }

  // ---- The operations ---------------------------------------------------

  /**
   * The queue's half of `msgget(2)` on an existing queue: admits a caller
   * with read or write permission (MSG-PERM-3).
   *
   * @param caller - the calling process
   * @throws {IpcError} `EACCES` when the caller may neither read nor write
   *
   * @example A write-only user may attach
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const id = system.spawn({ uid: 1000, gid: 100 }).msgget(0, { mode: 0o602 });
   * msgTableOf(system).byId(id)?.requireAttach(system.spawn({ uid: 1002, gid: 1002 }));
   * ```
   */
  requireAttach(caller: ProcessCore): void {
    this.#requireLive("msgget");
    // MSG-PERM-3: read permission, or else write permission, admits the caller.
    if (checkAccess(caller.credentials, this.#ownership, "read")) return;
    this.requirePermission(caller, "write", "msgget");
  }

  /**
   * The queue's half of a blocking `msgsnd(2)`.
   *
   * @param caller - the sending process
   * @param type - the message's type, checked
   * @param text - the message's text, checked and already copied (MSG-ATOM-2); the queue keeps it
   * @param signal - stops the wait when it fires
   * @returns a promise that resolves once the message is queued or received
   * @throws {IpcError} `EACCES` (MSG-PERM-1), `ECANCELED` for an aborted
   *   signal (MSG-BLK-5); the promise rejects `ECANCELED` (MSG-BLK-4),
   *   `EIDRM` (MSG-LIFE-5), `EACCES` (MSG-PERM-9) or `EINTR` when a handler
   *   of the caller, or its end, interrupts it (MSG-BLK-6, MSG-LIFE-8)
   *
   * @example A send with room completes at once
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const process = system.spawn();
   * const queue = msgTableOf(system).byId(process.msgget(0))!;
   * await queue.send(process, 1, new Uint8Array(2), undefined);
   * console.assert(queue.messages === 1);
   * ```
   */
  send(caller: ProcessCore, type: number, text: Uint8Array, signal: AbortSignal | undefined): Promise<void> {
    this.#requireLive("msgsnd");
    // MSG-PERM-1: sending needs write permission.
    this.requirePermission(caller, "write", "msgsnd");
    // MSG-BLK-5: an already aborted signal: ECANCELED, nothing sent.
    if (signal?.aborted === true) throw canceled("msgsnd", signal.reason);
    // MSG-ORD-8: while sends wait, a new blocking send queues behind them,
    // even when it would fit.
    if (this.#senders.isEmpty && this.fits(text.length)) {
      this.#deliver(caller, type, text);
      return Promise.resolve();
    }
    // MSG-BLK-2: it does not fit: wait until receives make room.
    const waiter = this.#senders.enqueue(
      { caller, type, text },
      {
        signal,
        // MSG-BLK-6: the caller is blocked in the call, and a handler it runs
        // interrupts it, restart or not (msgsnd is never restarted).
        // MSG-LIFE-8: its end interrupts it too, so it is never served.
        blocker: caller,
        syscall: "msgsnd",
        restart: "never",
        onAbort: (aborted, reason) => {
          // MSG-BLK-4, MSG-BLK-6: an aborted send rejects ECANCELED, an
          // interrupted one EINTR; its message was never queued.
          this.#senders.reject(aborted, canceled("msgsnd", reason));
          // MSG-ORD-8: with it gone from the line, the next may fit.
          this.#admitSenders();
        },
      },
    );
    return waiter.promise;
  }

  /**
   * The queue's half of `msgsnd(2)` with `IPC_NOWAIT`.
   *
   * @param caller - the sending process
   * @param type - the message's type, checked
   * @param text - the message's text, checked and already copied; the queue keeps it
   * @throws {IpcError} `EACCES` (MSG-PERM-1), `EAGAIN` when it does not fit (MSG-NB-2)
   *
   * @example Send without waiting
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const process = system.spawn();
   * const queue = msgTableOf(system).byId(process.msgget(0))!;
   * queue.trySend(process, 4, new Uint8Array(1));
   * console.assert(queue.select(4, false)?.text.length === 1);
   * ```
   */
  trySend(caller: ProcessCore, type: number, text: Uint8Array): void {
    this.#requireLive("msgsnd");
    // MSG-PERM-1
    this.requirePermission(caller, "write", "msgsnd");
    // MSG-NB-2: no room: EAGAIN, nothing queued.
    if (!this.fits(text.length)) {
      throw new IpcError("EAGAIN", "msgsnd", {
        detail: `${text.length} bytes do not fit: ${this.#count} messages and ${this.#bytes} of ${this.#maxBytes} bytes queued`,
      });
    }
    this.#deliver(caller, type, text);
  }

  /**
   * The queue's half of a blocking `msgrcv(2)`.
   *
   * @param caller - the receiving process
   * @param buffer - where the text goes
   * @param type - the type asked for, checked
   * @param flags - `noerror` and `except`, checked
   * @param signal - stops the wait when it fires
   * @returns the message's type and the length copied
   * @throws {IpcError} `EACCES` (MSG-PERM-2), `ECANCELED` for an aborted
   *   signal (MSG-BLK-5), `E2BIG` (MSG-ERR-3); the promise rejects
   *   `E2BIG` (MSG-ERR-3), `ECANCELED` (MSG-BLK-3), `EIDRM` (MSG-LIFE-5),
   *   `EACCES` (MSG-PERM-9) or `EINTR` when a handler of the caller, or its
   *   end, interrupts it (MSG-BLK-6, MSG-LIFE-8)
   *
   * @example A receive served by a later send
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const process = system.spawn();
   * const queue = msgTableOf(system).byId(process.msgget(0))!;
   * const pending = queue.receive(process, new Uint8Array(4), 9, { noerror: false, except: false }, undefined);
   * queue.trySend(process, 9, new Uint8Array(3));
   * console.assert((await pending).length === 3);
   * ```
   */
  receive(
    caller: ProcessCore,
    buffer: Uint8Array,
    type: number,
    flags: MsgReceiveFlags,
    signal: AbortSignal | undefined,
  ): Promise<MsgReceived> {
    this.#requireLive("msgrcv");
    // MSG-PERM-2: receiving needs read permission.
    this.requirePermission(caller, "read", "msgrcv");
    // MSG-BLK-5: an already aborted signal: ECANCELED, nothing taken.
    if (signal?.aborted === true) throw canceled("msgrcv", signal.reason);
    const received = this.#takeMatching(caller, buffer, type, flags);
    if (received !== undefined) return Promise.resolve(received);
    // MSG-BLK-1: no message matches: wait for one that does.
    const waiter = this.#receivers.enqueue(
      { caller, buffer, type, except: flags.except, noerror: flags.noerror },
      {
        signal,
        // MSG-BLK-6: a handler the caller runs interrupts it, restart or not
        // (msgrcv is never restarted). MSG-LIFE-8: so does the caller's end.
        blocker: caller,
        syscall: "msgrcv",
        restart: "never",
        // MSG-BLK-3, MSG-BLK-6: an aborted receive rejects ECANCELED, an
        // interrupted one EINTR. It took nothing: a message reaches a blocked
        // receive only as it resolves (#deliver).
        onAbort: (aborted, reason) => this.#receivers.reject(aborted, canceled("msgrcv", reason)),
      },
    );
    return waiter.promise;
  }

  /**
   * The queue's half of `msgrcv(2)` with `IPC_NOWAIT`.
   *
   * @param caller - the receiving process
   * @param buffer - where the text goes
   * @param type - the type asked for, checked
   * @param flags - `noerror` and `except`, checked
   * @returns the message's type and the length copied
   * @throws {IpcError} `EACCES` (MSG-PERM-2), `ENOMSG` when none matches (MSG-NB-1), `E2BIG` (MSG-ERR-3)
   *
   * @example Nothing of that type
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const system = createSystem();
   * const process = system.spawn();
   * const queue = msgTableOf(system).byId(process.msgget(0))!;
   * queue.trySend(process, 1, new Uint8Array(1));
   * try { queue.tryReceive(process, new Uint8Array(1), 2, { noerror: false, except: false }); } catch (error) { console.assert(IpcError.is(error, "ENOMSG")); }
   * ```
   */
  tryReceive(caller: ProcessCore, buffer: Uint8Array, type: number, flags: MsgReceiveFlags): MsgReceived {
    this.#requireLive("msgrcv");
    // MSG-PERM-2
    this.requirePermission(caller, "read", "msgrcv");
    const received = this.#takeMatching(caller, buffer, type, flags);
    // MSG-NB-1: no match: ENOMSG (not EAGAIN), nothing taken.
    if (received === undefined) {
      throw new IpcError("ENOMSG", "msgrcv", { detail: `no message matches type ${type}${flags.except ? " with except" : ""}` });
    }
    return received;
  }

  /**
   * The queue's half of `msgctl(IPC_STAT)`.
   *
   * @param caller - the calling process
   * @returns the queue's state (MSG-LIFE-7)
   * @throws {IpcError} `EACCES` without read permission (MSG-PERM-4)
   *
   * @example The state of a new queue
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const process = system.spawn({ uid: 5, gid: 6 });
   * const stat = msgTableOf(system).byId(process.msgget(0))!.stat(process);
   * console.assert(stat.cuid === 5 && stat.cgid === 6 && stat.messages === 0 && stat.lastSendPid === 0);
   * ```
   */
  stat(caller: ProcessCore): MsgQueueStat {
    this.#requireLive("msgctl");
    // MSG-PERM-4: stat needs read permission.
    this.requirePermission(caller, "read", "msgctl");
    // MSG-LIFE-7: owner, creator, mode, contents, capacity and the last pids.
    return Object.freeze({
      uid: this.#ownership.uid,
      gid: this.#ownership.gid,
      mode: this.#ownership.mode,
      cuid: this.#cuid,
      cgid: this.#cgid,
      bytes: this.#bytes,
      messages: this.#count,
      maxBytes: this.#maxBytes,
      lastSendPid: this.#lastSendPid,
      lastReceivePid: this.#lastReceivePid,
    });
  }

  /**
   * The queue's half of `msgctl(IPC_SET)`.
   *
   * @param caller - the calling process
   * @param changes - the fields to change, checked
   * @throws {IpcError} `EPERM` for a caller that is not the owner, the
   *   creator or root (MSG-PERM-5), or `maxBytes` above {@link MSGMNB} set
   *   by a process that is not root (MSG-PERM-6)
   *
   * @example Hand the queue to another user
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const process = system.spawn({ uid: 1000, gid: 100 });
   * const queue = msgTableOf(system).byId(process.msgget(0))!;
   * queue.set(process, { uid: 1001, mode: 0o640 });
   * console.assert(queue.ownership.uid === 1001 && queue.ownership.mode === 0o640);
   * ```
   */
  set(caller: ProcessCore, changes: MsgQueueSet): void {
    this.#requireLive("msgctl");
    // MSG-PERM-5: only the owner, the creator or root.
    this.#requireControl(caller);
    // MSG-PERM-6: above MSGMNB only root.
    if (changes.maxBytes !== undefined && changes.maxBytes > MSGMNB && caller.credentials.uid !== ROOT_UID) {
      throw new IpcError("EPERM", "msgctl", { detail: `maxBytes ${changes.maxBytes} is above MSGMNB (${MSGMNB}); only root may set it` });
    }
    // MSG-PERM-8: the new ownership decides every later check.
    if (changes.uid !== undefined) this.#ownership.uid = changes.uid;
    if (changes.gid !== undefined) this.#ownership.gid = changes.gid;
    if (changes.mode !== undefined) this.#ownership.mode = changes.mode;
    // MSG-CAP-3: a new capacity takes effect at once; a cut keeps every message.
    if (changes.maxBytes !== undefined) this.#maxBytes = changes.maxBytes;
    // MSG-PERM-9: blocked calls check their permission again; those that
    // lost it fail EACCES, the others keep waiting.
    for (const waiter of this.#receivers) {
      if (!checkAccess(waiter.payload.caller.credentials, this.#ownership, "read")) {
        this.#receivers.reject(waiter, new IpcError("EACCES", "msgrcv", { detail: "read permission was taken away while the receive waited" }));
      }
    }
    for (const waiter of this.#senders) {
      if (!checkAccess(waiter.payload.caller.credentials, this.#ownership, "write")) {
        this.#senders.reject(waiter, new IpcError("EACCES", "msgsnd", { detail: "write permission was taken away while the send waited" }));
      }
    }
    // MSG-CAP-3: a raise lets the sends that now fit proceed (and a send the
    // recheck removed may have been holding up the line: MSG-ORD-8).
    this.#admitSenders();
  }

  /**
   * The queue's half of `msgctl(IPC_RMID)`: checks the caller, then
   * {@link ReferenceMsgQueue.destroy}s the queue.
   *
   * @param caller - the calling process
   * @throws {IpcError} `EPERM` for a caller that is not the owner, the creator or root (MSG-PERM-5)
   *
   * @example The creator removes its queue
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * const process = system.spawn({ uid: 1000 });
   * const queue = msgTableOf(system).byId(process.msgget(0))!;
   * queue.remove(process);
   * console.assert(queue.removed);
   * ```
   */
  remove(caller: ProcessCore): void {
    this.#requireLive("msgctl");
    // MSG-PERM-5: only the owner, the creator or root.
    this.#requireControl(caller);
    // MSG-LIFE-4, MSG-LIFE-5
    this.destroy();
  }

  // ---- Internals --------------------------------------------------------

  /** A queue reached after its removal (only by holding the object). */
  #requireLive(syscall: string): void {
    if (this.#removed) throw new IpcError("EIDRM", syscall, { detail: `msqid ${this.id} was removed` });
  }

  #requireControl(caller: ProcessCore): void {
    if (!this.controls(caller)) {
      throw new IpcError("EPERM", "msgctl", {
        detail: `uid ${caller.credentials.uid} is neither the owner (${this.#ownership.uid}) nor the creator (${this.#cuid}) of msqid ${this.id}`,
      });
    }
  }

  /** Takes the message a receive of `type` selects, or returns `undefined` when none matches. */
  #takeMatching(caller: ProcessCore, buffer: Uint8Array, type: number, flags: MsgReceiveFlags): MsgReceived | undefined {
    const message = this.select(type, flags.except);
    if (message === undefined) return undefined;
    // MSG-ERR-3: a text longer than the buffer, without noerror: E2BIG, and the message stays.
    if (message.text.length > buffer.length && !flags.noerror) throw tooBig(message.text.length, buffer.length);
    // MSG-ATOM-1: the text of this one message; MSG-ERR-4: with noerror, cut to the buffer.
    const length = copyOut(message.text, buffer);
    // MSG-ERR-4: the message is removed even when cut; the rest of its text is lost.
    this.#unlink(message);
    this.#lastReceivePid = caller.pid;
    // MSG-BLK-2: the room this receive made goes to the blocked sends, now.
    this.#admitSenders();
    return { type: message.type, length };
  }

  /**
   * A message that fits goes to the receiver that has waited longest among
   * those it matches, or into the queue.
   */
  #deliver(sender: ProcessCore, type: number, text: Uint8Array): void {
    this.#lastSendPid = sender.pid;
    // MSG-ORD-7: offer it to the blocked receivers, longest waiting first;
    // the first that matches takes it. (Blocked receivers match nothing
    // queued, so this never overtakes a queued message: MSG-ORD-5.)
    for (const waiter of this.waitingReceivers()) {
      if (waiter.settled) continue;
      const pending = waiter.payload;
      if (!receiveMatches(pending.type, pending.except, type)) continue;
      // MSG-ERR-3: woken by a message longer than its buffer, without
      // noerror: it fails E2BIG, and the message goes on to the next.
      if (text.length > pending.buffer.length && !pending.noerror) {
        this.#receivers.reject(waiter, tooBig(text.length, pending.buffer.length));
        continue;
      }
      // MSG-ATOM-1, MSG-ERR-4: the text, cut to the buffer with noerror.
      const length = copyOut(text, pending.buffer);
      this.#lastReceivePid = pending.caller.pid;
      this.#receivers.resolve(waiter, { type, length });
      return;
    }
    // Nobody blocked wants it: queue it at the tail of its type's FIFO.
    this.#enqueue(type, text);
  }

  /** Puts a message at the tail of its type's FIFO. */
  #enqueue(type: number, text: Uint8Array): void {
    const node = new MessageNode(type, text, this.#nextSeq);
    this.#nextSeq += 1;
    const bucket = this.#buckets.get(type);
    if (bucket === undefined) {
      const created = new TypeBucket(node);
      this.#buckets.set(type, created);
      this.#byAge.push(created);
      this.#byType.push(created);
    } else {
      // MSG-ORD-5: behind the messages of its type already queued.
      node.previous = bucket.tail;
      bucket.tail.next = node;
      bucket.tail = node;
    }
    this.#bytes += text.length;
    this.#count += 1;
  }

  /** Removes a queued message (always a head, unless a subclass's select says otherwise). */
  #unlink(message: QueuedMessage): void {
    const bucket = this.#buckets.get(message.type);
    if (!(message instanceof MessageNode) || bucket === undefined) {
      throw new Error("ReferenceMsgQueue: select returned a message that is not queued here");
    }
    const node = message;
    if (bucket.head === node && bucket.tail === node) {
      this.#buckets.delete(bucket.type);
      this.#byAge.remove(bucket);
      this.#byType.remove(bucket);
    } else {
      const wasHead = bucket.head === node;
      if (node.previous === undefined) bucket.head = node.next!;
      else node.previous.next = node.next;
      if (node.next === undefined) bucket.tail = node.previous!;
      else node.next.previous = node.previous;
      // Its type's oldest message is now younger: re-place it by age.
      if (wasHead) this.#byAge.update(bucket);
    }
    node.previous = undefined;
    node.next = undefined;
    this.#bytes -= node.text.length;
    this.#count -= 1;
  }

  /** Admits the blocked sends, strictly in order, while the first fits. */
  #admitSenders(): void {
    for (let waiter = this.#senders.peek(); waiter !== undefined; waiter = this.#senders.peek()) {
      const { caller, type, text } = waiter.payload;
      // MSG-ORD-8: the first in line must fit before any behind it may go.
      if (!this.fits(text.length)) return;
      // MSG-BLK-2: it fits now: the whole message goes (MSG-ATOM-1).
      this.#senders.resolve(waiter, undefined);
      this.#deliver(caller, type, text);
    }
  }
}

/** The `E2BIG` of a text longer than the buffer (MSG-ERR-3). */
function tooBig(length: number, room: number): IpcError {
  return new IpcError("E2BIG", "msgrcv", { detail: `the message's text is ${length} bytes and the buffer ${room}; use noerror to truncate` });
}

/**
 * A system's System V message queues: the namespace of keys and the table
 * of identifiers. Each {@link ReferenceSystem} has one, made on first use
 * ({@link msgTableOf}).
 *
 * @example Look a queue up by key and by identifier
 * ```ts
 * import { createSystem, msgTableOf } from "ipckit/reference";
 * const system = createSystem();
 * const id = system.spawn().msgget(77, { create: true });
 * const table = msgTableOf(system);
 * console.assert(table.byKey(77) === table.byId(id) && table.size === 1);
 * ```
 */
export class MsgTable {
  /** Keys to queues: the one namespace every named object uses. */
  readonly #keys = new Namespace<number, ReferenceMsgQueue>();
  /** Identifiers to queues. */
  readonly #ids = new Map<number, ReferenceMsgQueue>();
  /** The last identifier handed out (MSG-LIFE-3). */
  #lastId = 0;
  readonly #createQueue: (init: MsgQueueInit) => ReferenceMsgQueue;

  /**
   * Makes an empty table.
   *
   * @param createQueue - makes each new queue; by default a {@link ReferenceMsgQueue}
   *
   * @example A table whose queues are a subclass
   * ```ts
   * import { MSG_STATE, MsgTable, ReferenceMsgQueue, createSystem } from "ipckit/reference";
   * class Quiet extends ReferenceMsgQueue {}
   * const system = createSystem();
   * const table = MSG_STATE.of(system, () => new MsgTable((init) => new Quiet(init)));
   * console.assert(table.byId(system.spawn().msgget(0)) instanceof Quiet);
   * ```
   */
  constructor(createQueue: (init: MsgQueueInit) => ReferenceMsgQueue = (init) => new ReferenceMsgQueue(init)) {
    this.#createQueue = createQueue;
  }

  /**
   * The number of queues in the system.
   *
   * @returns the count
   *
   * @example No queue yet
   * ```ts
   * import { MsgTable } from "ipckit/reference";
   * console.assert(new MsgTable().size === 0);
   * ```
   */
  get size(): number {
    return this.#ids.size;
  }

  /**
   * The queue with an identifier.
   *
   * @param id - the identifier
   * @returns the queue, or `undefined` when no queue has it (MSG-ERR-5)
   *
   * @example An unknown identifier
   * ```ts
   * import { MsgTable } from "ipckit/reference";
   * console.assert(new MsgTable().byId(1) === undefined);
   * ```
   */
  byId(id: number): ReferenceMsgQueue | undefined {
    return this.#ids.get(id);
  }

  /**
   * The queue with a key; private queues have none.
   *
   * @param key - the key
   * @returns the queue, or `undefined` when no queue has it
   *
   * @example A private queue is not found by key
   * ```ts
   * import { createSystem, msgTableOf } from "ipckit/reference";
   * const system = createSystem();
   * system.spawn().msgget(0);
   * console.assert(msgTableOf(system).byKey(0) === undefined);
   * ```
   */
  byKey(key: number): ReferenceMsgQueue | undefined {
    return this.#keys.lookup(key);
  }

  /**
   * The step that picks a new queue's identifier: one more than the last,
   * so identifiers are positive and never reused (MSG-LIFE-3).
   *
   * @returns the identifier
   *
   * @example Identifiers count up
   * ```ts
   * import { MsgTable } from "ipckit/reference";
   * const table = new MsgTable();
   * console.assert(table.allocateId() === 1 && table.allocateId() === 2);
   * ```
   */
  allocateId(): number {
    // MSG-LIFE-3: positive, distinct, never reused, even after a removal.
    this.#lastId += 1;
    return this.#lastId;
  }

  /**
   * Creates a queue (the table's half of `msgget` with `IPC_CREAT`, or of
   * {@link IPC_PRIVATE}): a fresh identifier, the key bound unless private.
   *
   * @param key - a free key, or {@link IPC_PRIVATE}
   * @param creator - the creating process's credentials
   * @param mode - the permission bits, used as given (MSG-PERM-7)
   * @returns the new queue
   * @throws {IpcError} `EEXIST` when `key` is taken
   *
   * @example Create a keyed queue
   * ```ts
   * import { MsgTable } from "ipckit/reference";
   * const table = new MsgTable();
   * const queue = table.create(5, { uid: 1, gid: 1, groups: [] }, 0o644);
   * console.assert(table.byKey(5) === queue && queue.ownership.mode === 0o644);
   * ```
   */
  create(key: number, creator: Credentials, mode: number): ReferenceMsgQueue {
    // MSG-ERR-6: a taken key is refused before an identifier is spent.
    if (key !== IPC_PRIVATE && this.#keys.lookup(key) !== undefined) {
      throw new IpcError("EEXIST", "msgget", { detail: `key ${key} has a queue` });
    }
    const id = this.allocateId();
    // MSG-PERM-7: the creator owns it, with exactly the mode asked (no umask).
    const queue = this.#createQueue({ id, key, creator: { uid: creator.uid, gid: creator.gid }, mode });
    // MSG-LIFE-2: a private queue is never bound to a key.
    if (key !== IPC_PRIVATE) this.#keys.bind(key, queue);
    // MSG-LIFE-6: the queue belongs to the system's table, not to the
    // creating process (no descriptor is registered), so it outlives every
    // process until it is removed.
    this.#ids.set(id, queue);
    return queue;
  }

  /**
   * Forgets a removed queue: its identifier names nothing from now on and
   * its key is free (MSG-LIFE-4).
   *
   * @param queue - a queue of this table
   *
   * @example The key is free again
   * ```ts
   * import { MsgTable } from "ipckit/reference";
   * const table = new MsgTable();
   * const queue = table.create(5, { uid: 0, gid: 0, groups: [] }, 0o600);
   * table.forget(queue);
   * console.assert(table.byKey(5) === undefined && table.byId(queue.id) === undefined);
   * ```
   */
  forget(queue: ReferenceMsgQueue): void {
    // MSG-LIFE-4, MSG-ERR-5: the identifier fails EINVAL from now on...
    if (this.#ids.get(queue.id) === queue) this.#ids.delete(queue.id);
    // ...and the key is free for a new queue with a new identifier.
    if (queue.key !== IPC_PRIVATE && this.#keys.lookup(queue.key) === queue) this.#keys.remove(queue.key);
  }
}

/**
 * A system's System V message queue table, made on first use.
 *
 * @param system - the system
 * @returns its table
 *
 * @example One table per system
 * ```ts
 * import { createSystem, msgTableOf } from "ipckit/reference";
 * const system = createSystem();
 * console.assert(msgTableOf(system) === msgTableOf(system) && msgTableOf(createSystem()) !== msgTableOf(system));
 * ```
 */
export function msgTableOf(system: object): MsgTable {
  return MSG_STATE.of(system);
}

// ---- The calls ------------------------------------------------------------

/** An optional boolean flag, checked. */
function optionalFlag(value: unknown, syscall: string, argName: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") {
    throw new IpcError("EINVAL", syscall, { detail: `${argName} must be a boolean, got ${describeType(value)}` });
  }
  return value;
}

/** A safe integer (an identifier or a receive type), checked. */
function requireSafeInteger(value: unknown, syscall: string, argName: string): number {
  return requireIntegerInRange(value, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, syscall, argName);
}

/** The queue an identifier names. */
function queueOf(caller: ProcessCore, id: number, syscall: string): ReferenceMsgQueue {
  const queue = msgTableOf(caller.system).byId(id);
  // MSG-ERR-5: never issued, or removed: EINVAL.
  if (queue === undefined) throw new IpcError("EINVAL", syscall, { detail: `no queue has identifier ${id}` });
  return queue;
}

/**
 * `msgget(2)` as `caller`: the operation behind `ReferenceProcess.msgget`.
 *
 * @param caller - the calling process
 * @param key - a non-negative safe integer, or {@link IPC_PRIVATE}
 * @param options - `create`, `exclusive`, `mode`
 * @returns the queue's identifier
 * @throws {IpcError} `ENOENT`, `EEXIST` (MSG-ERR-6), `EACCES` (MSG-PERM-3),
 *   `EINVAL` (MSG-ERR-7), `ESRCH` when `caller` has exited
 *
 * @example Exclusive creation
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const process = createSystem().spawn();
 * process.msgget(9, { create: true, exclusive: true });
 * try { process.msgget(9, { create: true, exclusive: true }); } catch (error) { console.assert(IpcError.is(error, "EEXIST")); }
 * ```
 */
export function msgget(caller: ProcessCore, key: number, options?: MsgGetOptions): number {
  caller.requireAlive("msgget");
  // MSG-ERR-7: every argument is checked before anything changes.
  const wanted = requireIdInteger(key, "msgget", "key");
  const checked = requireOptionalObject(options, "msgget", "options");
  const create = optionalFlag(checked?.["create"], "msgget", "options.create");
  const exclusive = optionalFlag(checked?.["exclusive"], "msgget", "options.exclusive");
  const mode =
    checked?.["mode"] === undefined ? DEFAULT_MSG_MODE : requireIntegerInRange(checked["mode"], 0, PERMISSION_BITS, "msgget", "options.mode");
  if (exclusive && !create) {
    throw new IpcError("EINVAL", "msgget", { detail: "options.exclusive needs options.create" });
  }
  const table = msgTableOf(caller.system);
  // MSG-LIFE-2: IPC_PRIVATE makes a new queue every time, whatever the flags.
  if (wanted === IPC_PRIVATE) return table.create(IPC_PRIVATE, caller.credentials, mode).id;
  const existing = table.byKey(wanted);
  if (existing !== undefined) {
    // MSG-ERR-6: create and exclusive on a key that has a queue: EEXIST.
    if (create && exclusive) throw new IpcError("EEXIST", "msgget", { detail: `key ${wanted} has a queue` });
    // MSG-PERM-3: an existing queue admits a caller with read or write permission.
    existing.requireAttach(caller);
    // MSG-LIFE-1: the same key gives the same identifier.
    return existing.id;
  }
  // MSG-ERR-6: no queue has the key, and no create: ENOENT.
  if (!create) throw new IpcError("ENOENT", "msgget", { detail: `no queue has key ${wanted}` });
  // MSG-LIFE-1, MSG-PERM-7: a new queue, owned by the caller, the mode as asked.
  return table.create(wanted, caller.credentials, mode).id;
}

/** The checked arguments of a send (the queue is looked up afterwards). */
function sendArguments(id: unknown, type: unknown, data: unknown): { id: number; type: number; data: Uint8Array } {
  // MSG-ERR-8: the identifier is a safe integer.
  const msqid = requireSafeInteger(id, "msgsnd", "id");
  // MSG-ERR-1: the type is a positive safe integer.
  if (typeof type !== "number" || !Number.isSafeInteger(type) || type < 1) {
    throw new IpcError("EINVAL", "msgsnd", { detail: `type must be a positive integer, got ${describeType(type)}` });
  }
  // MSG-ERR-8: the data is a Uint8Array.
  requireUint8Array(data, "msgsnd", "data");
  // MSG-ERR-2: 0 to MSGMAX bytes, empty included.
  if (data.length > MSGMAX) {
    throw new IpcError("EINVAL", "msgsnd", { detail: `the text is ${data.length} bytes, more than MSGMAX (${MSGMAX})` });
  }
  return { id: msqid, type, data };
}

/**
 * `msgsnd(2)` as `caller`: the operation behind `ReferenceProcess.msgsnd`.
 * Every failure is a rejection, never a synchronous throw.
 *
 * @param caller - the sending process
 * @param id - the queue's identifier
 * @param type - a positive safe integer
 * @param data - 0 to `MSGMAX` bytes
 * @param options - a signal to stop waiting
 * @returns a promise that resolves once the message is queued or received
 * @throws {IpcError} (as a rejection) `EINVAL` (MSG-ERR-1, MSG-ERR-2,
 *   MSG-ERR-5, MSG-ERR-8), `EACCES` (MSG-PERM-1, MSG-PERM-9), `EIDRM`
 *   (MSG-LIFE-5), `ECANCELED` (MSG-BLK-4, MSG-BLK-5), `EINTR` (MSG-BLK-6), `ESRCH`
 *
 * @example Send and receive
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const process = createSystem().spawn();
 * const id = process.msgget(0);
 * await process.msgsnd(id, 1, new TextEncoder().encode("hi"));
 * console.assert(process.tryMsgrcv(id, new Uint8Array(8), 1).length === 2);
 * ```
 */
export function msgsnd(caller: ProcessCore, id: number, type: number, data: Uint8Array, options?: BlockingOptions): Promise<void> {
  try {
    caller.requireAlive("msgsnd");
    const send = sendArguments(id, type, data);
    // MSG-ERR-8: options that are not an object, or a signal that is not one.
    const { signal } = parseBlocking(options, "msgsnd");
    const queue = queueOf(caller, send.id, "msgsnd");
    // MSG-ATOM-2: the text is copied now; later changes to data do not reach it.
    return queue.send(caller, send.type, send.data.slice(), signal);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `msgsnd(2)` with `IPC_NOWAIT` as `caller`: the operation behind
 * `ReferenceProcess.tryMsgsnd`. Synchronous on every path (MSG-NB-3).
 *
 * @param caller - the sending process
 * @param id - the queue's identifier
 * @param type - a positive safe integer
 * @param data - 0 to `MSGMAX` bytes
 * @throws {IpcError} `EAGAIN` (MSG-NB-2), `EINVAL` (MSG-ERR-1, MSG-ERR-2,
 *   MSG-ERR-5, MSG-ERR-8), `EACCES` (MSG-PERM-1), `ESRCH`
 *
 * @example An empty message
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const process = createSystem().spawn();
 * const id = process.msgget(0);
 * process.tryMsgsnd(id, 3, new Uint8Array(0));
 * console.assert(process.msgctl(id, "stat")?.messages === 1);
 * ```
 */
export function tryMsgsnd(caller: ProcessCore, id: number, type: number, data: Uint8Array): void {
  caller.requireAlive("msgsnd");
  const send = sendArguments(id, type, data);
  const queue = queueOf(caller, send.id, "msgsnd");
  // MSG-NB-3: no promise on any path. MSG-ATOM-2: the text is copied.
  queue.trySend(caller, send.type, send.data.slice());
}

/** The checked arguments of a receive. */
function receiveArguments(
  caller: ProcessCore,
  id: unknown,
  buffer: unknown,
  type: unknown,
  options: unknown,
  blocking: boolean,
): { queue: ReferenceMsgQueue; buffer: Uint8Array; type: number; flags: MsgReceiveFlags; signal: AbortSignal | undefined } {
  // MSG-ERR-8: identifier, buffer, type and options, all before anything changes.
  const msqid = requireSafeInteger(id, "msgrcv", "id");
  requireUint8Array(buffer, "msgrcv", "buffer");
  const wanted = requireSafeInteger(type, "msgrcv", "type");
  const checked = requireOptionalObject(options, "msgrcv", "options");
  const noerror = optionalFlag(checked?.["noerror"], "msgrcv", "options.noerror");
  const except = optionalFlag(checked?.["except"], "msgrcv", "options.except");
  // The try form takes no signal: it never waits, so one given is ignored.
  const signal = blocking ? parseBlocking(checked, "msgrcv").signal : undefined;
  // MSG-ERR-8: except goes with a positive type only.
  if (except && wanted <= 0) {
    throw new IpcError("EINVAL", "msgrcv", { detail: `options.except needs a positive type, got ${wanted}` });
  }
  const queue = queueOf(caller, msqid, "msgrcv");
  return { queue, buffer, type: wanted, flags: { noerror, except }, signal };
}

/**
 * `msgrcv(2)` as `caller`: the operation behind `ReferenceProcess.msgrcv`.
 * Every failure is a rejection, never a synchronous throw.
 *
 * @param caller - the receiving process
 * @param id - the queue's identifier
 * @param buffer - where the text goes
 * @param type - which message to take
 * @param options - `noerror`, `except`, and a signal to stop waiting
 * @returns the message's type and the length copied
 * @throws {IpcError} (as a rejection) `E2BIG` (MSG-ERR-3), `EINVAL`
 *   (MSG-ERR-5, MSG-ERR-8), `EACCES` (MSG-PERM-2, MSG-PERM-9), `EIDRM`
 *   (MSG-LIFE-5), `ECANCELED` (MSG-BLK-3, MSG-BLK-5), `EINTR` (MSG-BLK-6), `ESRCH`
 *
 * @example Truncate with noerror
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const process = createSystem().spawn();
 * const id = process.msgget(0);
 * process.tryMsgsnd(id, 1, new Uint8Array([1, 2, 3, 4]));
 * const received = await process.msgrcv(id, new Uint8Array(2), 0, { noerror: true });
 * console.assert(received.length === 2 && process.msgctl(id, "stat")?.messages === 0);
 * ```
 */
export function msgrcv(
  caller: ProcessCore,
  id: number,
  buffer: Uint8Array,
  type: number,
  options?: MsgReceiveOptions & BlockingOptions,
): Promise<MsgReceived> {
  try {
    caller.requireAlive("msgrcv");
    const receive = receiveArguments(caller, id, buffer, type, options, true);
    return receive.queue.receive(caller, receive.buffer, receive.type, receive.flags, receive.signal);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `msgrcv(2)` with `IPC_NOWAIT` as `caller`: the operation behind
 * `ReferenceProcess.tryMsgrcv`. Synchronous on every path (MSG-NB-3).
 *
 * @param caller - the receiving process
 * @param id - the queue's identifier
 * @param buffer - where the text goes
 * @param type - which message to take
 * @param options - `noerror` and `except`
 * @returns the message's type and the length copied
 * @throws {IpcError} `ENOMSG` (MSG-NB-1), `E2BIG` (MSG-ERR-3), `EINVAL`
 *   (MSG-ERR-5, MSG-ERR-8), `EACCES` (MSG-PERM-2), `ESRCH`
 *
 * @example Any type but one
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const process = createSystem().spawn();
 * const id = process.msgget(0);
 * process.tryMsgsnd(id, 1, new Uint8Array(0));
 * process.tryMsgsnd(id, 2, new Uint8Array(0));
 * console.assert(process.tryMsgrcv(id, new Uint8Array(0), 1, { except: true }).type === 2);
 * ```
 */
export function tryMsgrcv(caller: ProcessCore, id: number, buffer: Uint8Array, type: number, options?: MsgReceiveOptions): MsgReceived {
  caller.requireAlive("msgrcv");
  const receive = receiveArguments(caller, id, buffer, type, options, false);
  // MSG-NB-3: no promise on any path.
  return receive.queue.tryReceive(caller, receive.buffer, receive.type, receive.flags);
}

/** The checked changes of `msgctl` set (MSG-ERR-9). */
function setChanges(changes: unknown): MsgQueueSet {
  if (changes === undefined) throw new IpcError("EINVAL", "msgctl", { detail: "set needs the changes to make" });
  const checked = requireOptionalObject(changes, "msgctl", "changes")!;
  const field = (name: string, check: (value: unknown) => number): Record<string, number> =>
    checked[name] === undefined ? {} : { [name]: check(checked[name]) };
  return {
    ...field("uid", (value) => requireIdInteger(value, "msgctl", "changes.uid")),
    ...field("gid", (value) => requireIdInteger(value, "msgctl", "changes.gid")),
    ...field("mode", (value) => requireIntegerInRange(value, 0, PERMISSION_BITS, "msgctl", "changes.mode")),
    ...field("maxBytes", (value) => requireIdInteger(value, "msgctl", "changes.maxBytes")),
  };
}

/**
 * `msgctl(2)` as `caller`: the operation behind `ReferenceProcess.msgctl`.
 *
 * @param caller - the calling process
 * @param id - the queue's identifier
 * @param command - `"stat"`, `"set"` or `"remove"`
 * @param changes - for `"set"` only, what to change
 * @returns the state for `"stat"`, otherwise `undefined`
 * @throws {IpcError} `EACCES` (MSG-PERM-4), `EPERM` (MSG-PERM-5,
 *   MSG-PERM-6), `EINVAL` (MSG-ERR-5, MSG-ERR-9), `ESRCH`
 *
 * @example Lower the capacity
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const process = createSystem().spawn({ uid: 1000 });
 * const id = process.msgget(0);
 * process.msgctl(id, "set", { maxBytes: 100 });
 * console.assert(process.msgctl(id, "stat")?.maxBytes === 100);
 * ```
 */
export function msgctl(caller: ProcessCore, id: number, command: "stat" | "set" | "remove", changes?: MsgQueueSet): MsgQueueStat | undefined {
  caller.requireAlive("msgctl");
  // MSG-ERR-9, MSG-ERR-5: the arguments, then the identifier.
  const msqid = requireSafeInteger(id, "msgctl", "id");
  if (command !== "stat" && command !== "set" && command !== "remove") {
    throw new IpcError("EINVAL", "msgctl", { detail: `command must be "stat", "set" or "remove", got ${describeType(command)}` });
  }
  if (command !== "set" && changes !== undefined) {
    throw new IpcError("EINVAL", "msgctl", { detail: `${command} takes no changes` });
  }
  const checkedChanges = command === "set" ? setChanges(changes) : undefined;
  const queue = queueOf(caller, msqid, "msgctl");
  switch (command) {
    case "stat":
      return queue.stat(caller);
    case "set":
      queue.set(caller, checkedChanges!);
      return undefined;
    case "remove":
      // MSG-PERM-5, MSG-LIFE-5: checked, then destroyed, waking everyone with EIDRM...
      queue.remove(caller);
      // MSG-LIFE-4: ...and forgotten: the identifier is dead, the key free.
      msgTableOf(caller.system).forget(queue);
      return undefined;
  }
}
