/**
 * How a System V queue keeps its messages so that every receive type finds
 * its message at once. Each type has its own FIFO of messages (a doubly
 * linked list), and two binary heaps hold the types that have messages: one
 * ordered by the age of each type's oldest message, one by type. Type 0 takes
 * the head of the oldest type's FIFO (the root of the first heap); `except`
 * takes the root, or when that is the excluded type, the older of the root's
 * two children (the second-oldest head); a negative type takes the root of
 * the second heap when it is not above the bound. Choosing is O(1); sending
 * and taking are O(1) plus O(log k) heap upkeep, k the number of types queued.
 * No step is linear in the number of messages.
 *
 * @module
 */

import { assert } from "../base/assert.ts";

/** A message in a queue, as the queue's `select` finds it. */
export interface QueuedMessage {
  /** Its type (`mtype`), a positive safe integer. */
  readonly type: number;
  /** Its text: the queue's own copy, never changed. */
  readonly text: Uint8Array;
  /** Its arrival number in the queue: older messages have smaller ones. */
  readonly seq: number;
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
export function receiveMatches(type: number, except: boolean, messageType: number): boolean {
  // MSG-ORD-1: type 0 takes any message.
  if (type === 0) return true;
  // MSG-ORD-2, MSG-ORD-3: a positive type takes that type, or with except any other.
  if (type > 0) return except ? messageType !== type : messageType === type;
  // MSG-ORD-4: a negative type takes types not above its absolute value.
  return messageType <= -type;
}

/** Copies as much of `text` as fits to the start of `buffer` (MSG-ATOM-1, MSG-ERR-4). */
export function copyOut(text: Uint8Array, buffer: Uint8Array): number {
  const length = Math.min(text.length, buffer.length);
  buffer.set(length === text.length ? text : text.subarray(0, length));
  return length;
}

/** A queue's messages, indexed by type and by age. */
export class MessageIndex {
  /** Each type's FIFO of messages (MSG-ORD-2, MSG-ORD-5). */
  readonly #buckets = new Map<number, TypeBucket>();
  /** The types queued, by the age of their oldest message (MSG-ORD-1, MSG-ORD-3). */
  readonly #byAge = new BucketHeap("ageSlot", (a, b) => a.head.seq < b.head.seq);
  /** The types queued, by type (MSG-ORD-4). */
  readonly #byType = new BucketHeap("typeSlot", (a, b) => a.type < b.type);
  /** The arrival number of the next message. */
  #nextSeq = 1;
  /** `msg_cbytes` and `msg_qnum` (MSG-CAP-2). */
  #bytes = 0;
  #count = 0;

  /** @returns the bytes of text queued (`msg_cbytes`) */
  get bytes(): number {
    return this.#bytes;
  }

  /** @returns the messages queued (`msg_qnum`) */
  get count(): number {
    return this.#count;
  }

  /**
   * The message a receive of `type` takes (Linux `find_msg`), or `undefined`
   * when none matches.
   *
   * @param type - the type asked for, a safe integer
   * @param except - `MSG_EXCEPT`, with a positive type only
   * @returns the message, still queued
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

  /** Puts a message at the tail of its type's FIFO. */
  append(type: number, text: Uint8Array): void {
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
  remove(message: QueuedMessage): void {
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
    assert(this.#count >= 0 && this.#bytes >= 0, "a queue never counts fewer than no messages");
  }

  /** Discards every message (MSG-LIFE-4). */
  clear(): void {
    this.#buckets.clear();
    this.#byAge.clear();
    this.#byType.clear();
    this.#bytes = 0;
    this.#count = 0;
  }

  /**
   * Every queued message, oldest first: for inspection (it sorts, so it is
   * O(n log n); no operation uses it).
   *
   * @returns the messages in the order they arrived
   */
  inOrder(): QueuedMessage[] {
    const all: QueuedMessage[] = [];
    for (const bucket of this.#buckets.values()) {
      for (let node: MessageNode | undefined = bucket.head; node !== undefined; node = node.next) all.push(node);
    }
    return all.sort((a, b) => a.seq - b.seq);
  }
}
