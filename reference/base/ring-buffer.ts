/**
 * A bounded FIFO of bytes: the storage of a byte channel
 * (`byte-channel.ts`), behind pipes and stream sockets alike.
 *
 * Bytes live in a circular `Uint8Array`: `head` is where the oldest byte
 * sits and `length` how many are held, so the free space starts at
 * `(head + length) % storage.length` and may wrap past the end. Every read
 * and write is at most two block copies (`subarray` + `set`), one up to the
 * end of the storage and one from its start; no byte is copied on its own.
 *
 * The storage is allocated lazily: it starts empty and doubles as bytes
 * arrive, up to the capacity, so a pipe allowed 1 MiB (or root's 2 GiB)
 * costs nothing until it is filled. Changing the capacity linearises the
 * content into fresh storage when the old one no longer fits.
 *
 * @module
 */

/**
 * The first storage allocation, in bytes (or the capacity, when smaller):
 * one page, what a pipe that carries a few short messages needs.
 */
export const INITIAL_RING_STORAGE = 4096;

/**
 * A byte ring buffer with a changeable capacity and lazily grown storage.
 */
export class RingBuffer {
  /** The circular storage; shorter than the capacity until the content needs more. */
  #storage: Uint8Array = new Uint8Array(0);
  /** Index in `#storage` of the oldest byte held. */
  #head = 0;
  /** Number of bytes held. */
  #length = 0;
  /** The most bytes the buffer may hold. */
  #capacity: number;

  /**
   * Creates an empty ring buffer. No storage is allocated until the first write.
   *
   * @param capacity - the most bytes it may hold, a non-negative safe integer
   * @throws {RangeError} when `capacity` is not a non-negative safe integer
   */
  constructor(capacity: number) {
    this.#capacity = checkCapacity(capacity);
  }

  /**
   * The most bytes the buffer may hold.
   *
   * @returns the capacity in bytes
   */
  get capacity(): number {
    return this.#capacity;
  }

  /**
   * The number of bytes held, waiting to be read.
   *
   * @returns the count
   */
  get length(): number {
    return this.#length;
  }

  /**
   * The room left: `capacity - length`.
   *
   * @returns the number of bytes a write may still add
   */
  get free(): number {
    return this.#capacity - this.#length;
  }

  /**
   * The bytes of storage allocated now (at most the capacity): how far the
   * lazy growth has gone.
   *
   * @returns the storage size in bytes
   */
  get storageSize(): number {
    return this.#storage.length;
  }

  /**
   * Appends as much of `source` as fits: `min(source.length, free)` bytes,
   * taken from its start.
   *
   * @param source - the bytes to append
   * @returns the number of bytes appended
   */
  write(source: Uint8Array): number {
    const count = Math.min(source.length, this.#capacity - this.#length);
    if (count === 0) return 0;
    this.#reserve(this.#length + count);
    const storage = this.#storage;
    const size = storage.length;
    let tail = this.#head + this.#length;
    if (tail >= size) tail -= size;
    // First copy: from the tail up to the end of the storage.
    const first = Math.min(count, size - tail);
    storage.set(first === source.length ? source : source.subarray(0, first), tail);
    // Second copy, when the free space wraps: the rest at the start.
    if (first < count) storage.set(source.subarray(first, count), 0);
    this.#length += count;
    return count;
  }

  /**
   * Removes the oldest `min(target.length, length)` bytes into the start of `target`.
   *
   * @param target - where the bytes go
   * @returns the number of bytes moved
   */
  read(target: Uint8Array): number {
    const count = Math.min(target.length, this.#length);
    if (count === 0) return 0;
    const storage = this.#storage;
    const size = storage.length;
    const head = this.#head;
    // First copy: from the head up to the end of the storage.
    const first = Math.min(count, size - head);
    target.set(storage.subarray(head, head + first), 0);
    // Second copy, when the content wraps: the rest from the start.
    if (first < count) target.set(storage.subarray(0, count - first), first);
    this.#length -= count;
    // An empty buffer restarts at 0, so the next content is contiguous.
    if (this.#length === 0) this.#head = 0;
    else this.#head = head + count >= size ? head + count - size : head + count;
    return count;
  }

  /**
   * Changes the capacity, keeping the content. Storage larger than the new
   * capacity is replaced by a smaller one holding the content linearised.
   *
   * @param capacity - the new capacity, at least {@link RingBuffer.length}
   * @throws {RangeError} when `capacity` is not a non-negative safe integer
   *   or is less than the bytes held
   */
  setCapacity(capacity: number): void {
    checkCapacity(capacity);
    if (capacity < this.#length) {
      throw new RangeError(`RingBuffer: capacity ${capacity} is less than the ${this.#length} bytes held`);
    }
    this.#capacity = capacity;
    if (this.#storage.length > capacity) this.#relocate(capacity);
  }

  /**
   * Discards every byte held (the storage is kept).
   */
  clear(): void {
    this.#head = 0;
    this.#length = 0;
  }

  /** Makes sure the storage can hold `needed` bytes: doubles it up to the capacity. */
  #reserve(needed: number): void {
    const size = this.#storage.length;
    if (needed <= size) return;
    let next = Math.max(size, Math.min(this.#capacity, INITIAL_RING_STORAGE));
    while (next < needed) next *= 2;
    this.#relocate(Math.min(next, this.#capacity));
  }

  /** Moves the content to the start of fresh storage of `size` bytes (at least `#length`). */
  #relocate(size: number): void {
    const storage = new Uint8Array(size);
    const old = this.#storage;
    const head = this.#head;
    const first = Math.min(this.#length, old.length - head);
    storage.set(old.subarray(head, head + first), 0);
    if (first < this.#length) storage.set(old.subarray(0, this.#length - first), first);
    this.#storage = storage;
    this.#head = 0;
  }
}

function checkCapacity(capacity: number): number {
  if (!Number.isSafeInteger(capacity) || capacity < 0) {
    throw new RangeError(`RingBuffer: capacity must be a non-negative safe integer, got ${String(capacity)}`);
  }
  return capacity;
}
