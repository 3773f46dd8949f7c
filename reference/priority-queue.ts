/**
 * A priority queue that is first in, first out within each priority: the
 * order a POSIX message queue keeps its messages in (MQ-ORD-1).
 *
 * Items of one priority wait in a FIFO of their own; a binary max-heap holds
 * the priorities that have items. Adding an item is O(1) when its priority
 * already has items and O(log p) otherwise (p: the priorities in use);
 * taking the next one is O(1) amortised, plus O(log p) when its priority
 * runs out. No step is O(n) in the number of items.
 *
 * @module
 */

/**
 * What a queue of messages needs from its store: add an item at a priority,
 * take the next one. {@link PriorityQueue} is the store of the reference
 * message queue; other orders (a plain FIFO, say) fit the same shape.
 *
 * @typeParam T - the items stored
 *
 * @example A priority queue is a message store
 * ```ts
 * import { PriorityQueue } from "ipckit/reference";
 * import type { MessageStore } from "ipckit/reference";
 * const store: MessageStore<string> = new PriorityQueue<string>();
 * store.push(1, "low");
 * store.push(9, "high");
 * console.assert(store.shift() === "high" && store.size === 1);
 * ```
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

/** The items of one priority, oldest first: an array with a moving head. */
class Bucket<T> {
  items: (T | undefined)[] = [];
  head = 0;

  get isEmpty(): boolean {
    return this.head === this.items.length;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head += 1;
    // Drop the consumed prefix once it is most of the array: amortised O(1).
    if (this.head >= 32 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

/**
 * Items ordered by priority, highest first, and by arrival within one
 * priority, oldest first.
 *
 * @typeParam T - the items stored
 *
 * @example Highest priority first, oldest first within a priority
 * ```ts
 * import { PriorityQueue } from "ipckit/reference";
 * const queue = new PriorityQueue<string>();
 * for (const [priority, name] of [[1, "A"], [5, "B"], [5, "C"], [0, "D"], [31, "E"], [1, "F"]] as const) queue.push(priority, name);
 * const order: string[] = [];
 * for (let item = queue.shift(); item !== undefined; item = queue.shift()) order.push(item);
 * console.assert(order.join("") === "EBCAFD");
 * ```
 */
export class PriorityQueue<T> implements MessageStore<T> {
  /** One FIFO per priority that has items. */
  readonly #buckets = new Map<number, Bucket<T>>();
  /** The priorities that have items, as a binary max-heap. */
  readonly #heap: number[] = [];
  #size = 0;

  /**
   * How many items are stored.
   *
   * @returns the count
   *
   * @example Count the items
   * ```ts
   * import { PriorityQueue } from "ipckit/reference";
   * const queue = new PriorityQueue<number>();
   * queue.push(3, 30);
   * queue.push(3, 31);
   * console.assert(queue.size === 2);
   * ```
   */
  get size(): number {
    return this.#size;
  }

  /**
   * The highest priority that has items.
   *
   * @returns the priority, or `undefined` when the queue is empty
   *
   * @example The top priority
   * ```ts
   * import { PriorityQueue } from "ipckit/reference";
   * const queue = new PriorityQueue<string>();
   * queue.push(2, "a");
   * queue.push(7, "b");
   * console.assert(queue.highestPriority === 7);
   * ```
   */
  get highestPriority(): number | undefined {
    return this.#heap[0];
  }

  /**
   * Adds an item behind the items of the same priority.
   *
   * @param priority - its priority: any number; higher comes out first
   * @param item - the item
   *
   * @example Same priority: first in, first out
   * ```ts
   * import { PriorityQueue } from "ipckit/reference";
   * const queue = new PriorityQueue<string>();
   * queue.push(4, "first");
   * queue.push(4, "second");
   * console.assert(queue.shift() === "first" && queue.shift() === "second");
   * ```
   */
  push(priority: number, item: T): void {
    let bucket = this.#buckets.get(priority);
    if (bucket === undefined) {
      bucket = new Bucket<T>();
      this.#buckets.set(priority, bucket);
      this.#heapPush(priority);
    }
    bucket.push(item);
    this.#size += 1;
  }

  /**
   * Removes and returns the oldest item of the highest priority.
   *
   * @returns the item, or `undefined` when the queue is empty
   *
   * @example Take from an empty queue
   * ```ts
   * import { PriorityQueue } from "ipckit/reference";
   * console.assert(new PriorityQueue<string>().shift() === undefined);
   * ```
   */
  shift(): T | undefined {
    const top = this.#heap[0];
    if (top === undefined) return undefined;
    const bucket = this.#buckets.get(top)!;
    const item = bucket.shift();
    this.#size -= 1;
    if (bucket.isEmpty) {
      this.#buckets.delete(top);
      this.#heapPop();
    }
    return item;
  }

  #heapPush(priority: number): void {
    const heap = this.#heap;
    let index = heap.length;
    heap.push(priority);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent]!;
      if (above >= priority) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = priority;
  }

  #heapPop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let index = 0;
    const length = heap.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && heap[right]! > heap[left]! ? right : left;
      if (heap[child]! <= last) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = last;
  }
}
