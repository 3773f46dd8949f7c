/**
 * A priority queue that is first in, first out within each priority: the
 * order a POSIX message queue keeps its messages in (MQ-ORD-1).
 *
 * Items of one priority wait in a FIFO of their own (a circular array); a
 * binary max-heap holds the FIFOs that have items. Adding an item is O(1)
 * amortised when its priority already has items and O(log p) otherwise (p:
 * the priorities in use); taking the next one is O(1), plus O(log p) when
 * its priority runs out. No step is O(n) in the number of items, and a FIFO
 * that empties is kept for its priority's next item, so a queue drained
 * after each message allocates nothing in its store.
 *
 * @module
 */

/**
 * What a queue of messages needs from its store: add an item at a priority,
 * take the next one. {@link PriorityQueue} is the store of the reference
 * message queue; other orders (a plain FIFO, say) fit the same shape.
 *
 * @typeParam T - the items stored
 */
export interface MessageStore<T> {
  /** How many items are stored. */
  readonly size: number;
  /**
   * Adds an item.
   *
   * @param priority - its priority
   * @param item - the item
   */
  push(priority: number, item: T): void;
  /**
   * Removes and returns the next item.
   *
   * @returns the item, or `undefined` when the store is empty
   */
  shift(): T | undefined;
}

/** A bucket that has emptied keeps its storage up to this many slots, for reuse. */
const KEPT_SLOTS = 64;

/** The most emptied buckets a queue keeps for reuse (so that a queue that has seen many priorities stays small). */
const KEPT_BUCKETS = 64;

/** Priorities below this (integers from 0) find their bucket by index rather than in a map: the usual message priorities. */
const INDEXED_PRIORITIES = 1024;

/**
 * The items of one priority, oldest first: a circular array whose length is
 * a power of two, so that adding and taking are O(1) and allocate nothing
 * once it has grown. A bucket stays with its queue when it empties, ready
 * for the next item of its priority (a queue that is drained after each
 * message, the common case, then allocates no bucket at all).
 */
class Bucket<T> {
  /** The priority of its items. */
  readonly priority: number;
  /** The slots; `head` is the oldest item's, and `count` items follow it, wrapping around. */
  slots: (T | undefined)[] = [undefined, undefined, undefined, undefined];
  head = 0;
  count = 0;
  constructor(priority: number) {
    this.priority = priority;
  }

  push(item: T): void {
    const slots = this.slots;
    if (this.count === slots.length) {
      this.#grow();
      this.slots[this.count] = item;
    } else {
      slots[(this.head + this.count) & (slots.length - 1)] = item;
    }
    this.count += 1;
  }

  shift(): T | undefined {
    const slots = this.slots;
    const head = this.head;
    const item = slots[head];
    slots[head] = undefined;
    this.count -= 1;
    if (this.count === 0) {
      this.head = 0;
      // An empty bucket keeps only small storage.
      if (slots.length > KEPT_SLOTS) this.slots = [undefined, undefined, undefined, undefined];
    } else {
      this.head = (head + 1) & (slots.length - 1);
    }
    return item;
  }

  /** Doubles the slots, the items moved to the start in order. */
  #grow(): void {
    const old = this.slots;
    const slots: (T | undefined)[] = new Array<T | undefined>(old.length * 2).fill(undefined);
    for (let i = 0; i < this.count; i++) slots[i] = old[(this.head + i) & (old.length - 1)];
    this.slots = slots;
    this.head = 0;
  }
}

/**
 * Items ordered by priority, highest first, and by arrival within one
 * priority, oldest first.
 *
 * @typeParam T - the items stored
 */
export class PriorityQueue<T> implements MessageStore<T> {
  /** One FIFO per priority that has had items (an emptied one is kept for reuse)... */
  readonly #buckets = new Map<number, Bucket<T>>();
  /** ...found by index for the priorities from 0 to INDEXED_PRIORITIES - 1. */
  readonly #indexed: (Bucket<T> | undefined)[] = [];
  /** The buckets that have items, as a binary max-heap on their priority. */
  readonly #heap: Bucket<T>[] = [];
  #size = 0;

  /**
   * How many items are stored.
   *
   * @returns the count
   */
  get size(): number {
    return this.#size;
  }

  /**
   * The highest priority that has items.
   *
   * @returns the priority, or `undefined` when the queue is empty
   */
  get highestPriority(): number | undefined {
    return this.#heap[0]?.priority;
  }

  /**
   * Adds an item behind the items of the same priority.
   *
   * @param priority - its priority: any number; higher comes out first
   * @param item - the item
   */
  push(priority: number, item: T): void {
    const indexed = priority >>> 0 === priority && priority < INDEXED_PRIORITIES;
    let bucket = indexed ? this.#indexed[priority] : this.#buckets.get(priority);
    if (bucket === undefined) {
      bucket = new Bucket<T>(priority);
      if (indexed) {
        while (this.#indexed.length < priority) this.#indexed.push(undefined);
        this.#indexed[priority] = bucket;
      }
      this.#buckets.set(priority, bucket);
    }
    // A bucket enters the heap when it gets its first item: O(log p).
    if (bucket.count === 0) this.#heapPush(bucket);
    bucket.push(item);
    this.#size += 1;
  }

  /**
   * Removes and returns the oldest item of the highest priority.
   *
   * @returns the item, or `undefined` when the queue is empty
   */
  shift(): T | undefined {
    const bucket = this.#heap[0];
    if (bucket === undefined) return undefined;
    const item = bucket.shift();
    this.#size -= 1;
    if (bucket.count === 0) {
      // It leaves the heap when it runs out: O(log p). It stays in the map
      // for the next item of its priority, unless many emptied ones are kept.
      this.#heapPop();
      if (this.#buckets.size - this.#heap.length > KEPT_BUCKETS) {
        this.#buckets.delete(bucket.priority);
        if (this.#indexed[bucket.priority] === bucket) this.#indexed[bucket.priority] = undefined;
      }
    }
    return item;
  }

  #heapPush(bucket: Bucket<T>): void {
    const heap = this.#heap;
    const priority = bucket.priority;
    let index = heap.length;
    heap.push(bucket);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent]!;
      if (above.priority >= priority) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = bucket;
  }

  #heapPop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    const length = heap.length;
    if (length === 0) return;
    const priority = last.priority;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && heap[right]!.priority > heap[left]!.priority ? right : left;
      if (heap[child]!.priority <= priority) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = last;
  }
}
