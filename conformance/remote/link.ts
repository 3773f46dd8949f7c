/**
 * Links: how frames travel between the two ends of a connection. A link
 * moves whole frames in order, lets its end block until a frame arrives (so
 * that a synchronous call can wait for its answer) and wait for one without
 * blocking (so that an idle end still notices settlements and callbacks).
 *
 * Two links are provided: {@link RingLink}, two rings of bytes in
 * `SharedArrayBuffer`s with `Atomics.wait`/`Atomics.notify`/`Atomics.waitAsync`
 * (between threads, and to a bridge thread that carries them to another
 * process), and {@link linkPair}, two ends in one thread, where waiting runs
 * the other end (for examples and tests).
 *
 * Runtime-neutral: web-standard APIs only.
 *
 * @module
 */

import { DEFAULT_MAX_FRAME_BYTES, ProtocolError } from "./codec.ts";

/**
 * One end of a connection, as the protocol engine uses it.
 */
export interface Link {
  /**
   * Sends one frame. It may block while the other end's inbox is full, never
   * past the link's closing.
   *
   * @param frame - the frame's bytes (copied before it returns)
   * @throws {ProtocolError} when the link is closed
   */
  send(frame: Uint8Array): void;
  /**
   * Takes the next whole frame, without blocking.
   *
   * @returns the frame, or `undefined` when none has arrived
   * @throws {ProtocolError} when an arriving frame is larger than the limit
   */
  receive(): Uint8Array | undefined;
  /**
   * Blocks until a frame may have arrived, the link closes, or `timeoutMs`
   * passes.
   *
   * @param timeoutMs - the longest wait
   */
  wait(timeoutMs: number): void;
  /**
   * Resolves when a frame may have arrived or the link closed, without
   * blocking; the promise does not keep the runtime alive by itself.
   *
   * @returns a promise
   */
  readable(): Promise<void>;
  /** Why the link closed, once it has; `undefined` while open. */
  readonly closed: string | undefined;
  /**
   * Closes both directions; frames already sent may still be received.
   *
   * @param reason - why, for every call that fails because of it
   */
  close(reason: string): void;
  /**
   * For a link whose other end runs in this thread: how to run that end while
   * this one waits. Other links ignore it.
   *
   * @param pump - runs the frames waiting for this end's engine
   */
  attach?(pump: () => void): void;
}

/** `Atomics.waitAsync` (ES2024), as far as the code needs it. */
interface AtomicsWaitAsync {
  waitAsync(array: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
}

/** Header words of a ring, as `Int32Array` indexes. */
const WRITE = 0;
const READ = 1;
const CLOSED = 2;
const HEADER_BYTES = 64;

/** The default capacity of one ring: 1 MiB. */
export const DEFAULT_RING_BYTES = 1 << 20;

/**
 * The shared memory of one connection: a ring for each direction. Made by
 * one side, handed to the other (`postMessage`, `workerData`), and opened
 * with {@link RingLink} at each end, the second with the rings swapped.
 */
export interface RingBuffers {
  /** The ring this end reads. */
  readonly inbox: SharedArrayBuffer;
  /** The ring this end writes. */
  readonly outbox: SharedArrayBuffer;
}

/**
 * Makes the rings of a new connection.
 *
 * @param capacity - bytes per ring, a power of two of at least 64
 * @returns the rings, as the first end sees them
 * @throws {RangeError} for a capacity that is not a power of two of at least 64
 *
 * @example Two ends in one thread
 * ```ts
 * import { RingLink, createRings, swapRings } from "ipckit/conformance";
 * const rings = createRings(1024);
 * const a = new RingLink(rings);
 * const b = new RingLink(swapRings(rings));
 * a.send(new Uint8Array([1, 2, 3]));
 * console.assert(b.receive()?.join() === "1,2,3" && b.receive() === undefined);
 * ```
 */
export function createRings(capacity = DEFAULT_RING_BYTES): RingBuffers {
  if (!Number.isInteger(capacity) || capacity < 64 || (capacity & (capacity - 1)) !== 0) {
    throw new RangeError("ipckit remote: a ring's capacity must be a power of two of at least 64 bytes");
  }
  return {
    inbox: new SharedArrayBuffer(HEADER_BYTES + capacity),
    outbox: new SharedArrayBuffer(HEADER_BYTES + capacity),
  };
}

/**
 * The rings as the other end sees them.
 *
 * @param rings - one end's rings
 * @returns the same rings, inbox and outbox swapped
 *
 * @example
 * ```ts
 * import { createRings, swapRings } from "ipckit/conformance";
 * const rings = createRings(64);
 * console.assert(swapRings(rings).inbox === rings.outbox);
 * ```
 */
export function swapRings(rings: RingBuffers): RingBuffers {
  return { inbox: rings.outbox, outbox: rings.inbox };
}

/** Options for a {@link RingLink}. */
export interface RingLinkOptions {
  /** The largest frame accepted; default {@link DEFAULT_MAX_FRAME_BYTES}. */
  readonly maxFrameBytes?: number;
}

/**
 * A link over two rings of shared memory. Each ring is one writer and one
 * reader: a header of 32-bit words (bytes written, bytes read, closed) and
 * the data. A frame is its length (4 bytes, little-endian) and its bytes,
 * wrapping at the ring's end; a frame larger than the free space goes in
 * pieces, the reader taking each as it comes. The writer notifies the
 * written-bytes word; readers block on it (`Atomics.wait`) or wait for it
 * (`Atomics.waitAsync`). A writer waiting for room reads its own inbox
 * meanwhile, so two ends filling each other's ring cannot deadlock.
 *
 * @example
 * ```ts
 * import { RingLink, createRings, swapRings } from "ipckit/conformance";
 * const rings = createRings(64);
 * const a = new RingLink(rings);
 * const b = new RingLink(swapRings(rings));
 * a.close("done");
 * console.assert(b.closed !== undefined && b.receive() === undefined);
 * ```
 */
export class RingLink implements Link {
  readonly #in: Int32Array;
  readonly #inData: Uint8Array;
  readonly #out: Int32Array;
  readonly #outData: Uint8Array;
  readonly #capacity: number;
  readonly #mask: number;
  readonly #maxFrame: number;
  /** Frames read while waiting for room to write. */
  readonly #stash: Uint8Array[] = [];
  /** A frame being read in pieces, and how much of it has arrived. */
  #partial: Uint8Array | undefined;
  #partialFilled = 0;
  #reason: string | undefined;

  /**
   * @param rings - this end's rings
   * @param options - the frame size limit
   */
  constructor(rings: RingBuffers, options: RingLinkOptions = {}) {
    this.#in = new Int32Array(rings.inbox, 0, HEADER_BYTES / 4);
    this.#inData = new Uint8Array(rings.inbox, HEADER_BYTES);
    this.#out = new Int32Array(rings.outbox, 0, HEADER_BYTES / 4);
    this.#outData = new Uint8Array(rings.outbox, HEADER_BYTES);
    this.#capacity = this.#inData.length;
    if (this.#outData.length !== this.#capacity) throw new RangeError("ipckit remote: the two rings differ in size");
    this.#mask = this.#capacity - 1;
    this.#maxFrame = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  /** Why the link closed, or `undefined` while open. */
  get closed(): string | undefined {
    if (this.#reason === undefined && (Atomics.load(this.#in, CLOSED) !== 0 || Atomics.load(this.#out, CLOSED) !== 0)) {
      this.#reason = "the other end closed the connection";
    }
    return this.#reason;
  }

  /**
   * Sends one frame.
   *
   * @param frame - the bytes
   * @throws {ProtocolError} when the link is closed or the frame is over the limit
   */
  send(frame: Uint8Array): void {
    if (frame.length > this.#maxFrame) throw new ProtocolError(`frame of ${frame.length} bytes over the limit of ${this.#maxFrame}`);
    const header = new Uint8Array(4);
    new DataView(header.buffer).setUint32(0, frame.length, true);
    this.#write(header);
    this.#write(frame);
  }

  #write(bytes: Uint8Array): void {
    let offset = 0;
    while (offset < bytes.length) {
      const closed = this.closed;
      if (closed !== undefined) throw new ProtocolError(`connection closed: ${closed}`);
      const written = Atomics.load(this.#out, WRITE);
      const read = Atomics.load(this.#out, READ);
      const free = this.#capacity - ((written - read) | 0);
      if (free === 0) {
        // Full: take what the other end sent meanwhile, then wait for room.
        const frame = this.#readFrame();
        if (frame !== undefined) this.#stash.push(frame);
        else Atomics.wait(this.#out, READ, read, 1);
        continue;
      }
      const count = Math.min(free, bytes.length - offset);
      const at = written & this.#mask;
      const first = Math.min(count, this.#capacity - at);
      this.#outData.set(bytes.subarray(offset, offset + first), at);
      if (first < count) this.#outData.set(bytes.subarray(offset + first, offset + count), 0);
      offset += count;
      Atomics.store(this.#out, WRITE, (written + count) | 0);
      Atomics.notify(this.#out, WRITE);
    }
  }

  /**
   * Takes the next whole frame, without blocking.
   *
   * @returns the frame, or `undefined`
   * @throws {ProtocolError} for an arriving frame over the size limit
   */
  receive(): Uint8Array | undefined {
    const stashed = this.#stash.shift();
    if (stashed !== undefined) return stashed;
    return this.#readFrame();
  }

  #readFrame(): Uint8Array | undefined {
    const written = Atomics.load(this.#in, WRITE);
    const start = Atomics.load(this.#in, READ);
    let read = start;
    let available = (written - read) | 0;
    if (this.#partial === undefined) {
      if (available < 4) return undefined;
      const length = this.#peekLength(read);
      if (length > this.#maxFrame) {
        this.close(`oversized frame: ${length} bytes over the limit of ${this.#maxFrame}`);
        throw new ProtocolError(`oversized frame: the other end sent ${length} bytes, over the limit of ${this.#maxFrame}`);
      }
      read = (read + 4) | 0;
      available -= 4;
      this.#partial = new Uint8Array(length);
      this.#partialFilled = 0;
    }
    const frame = this.#partial;
    const count = Math.min(available, frame.length - this.#partialFilled);
    if (count > 0) {
      const at = read & this.#mask;
      const first = Math.min(count, this.#capacity - at);
      frame.set(this.#inData.subarray(at, at + first), this.#partialFilled);
      if (first < count) frame.set(this.#inData.subarray(0, count - first), this.#partialFilled + first);
      this.#partialFilled += count;
      read = (read + count) | 0;
    }
    if (read !== start) {
      Atomics.store(this.#in, READ, read);
      Atomics.notify(this.#in, READ);
    }
    if (this.#partialFilled < frame.length) return undefined;
    this.#partial = undefined;
    return frame;
  }

  #peekLength(read: number): number {
    let length = 0;
    for (let i = 3; i >= 0; i--) length = length * 256 + this.#inData[(read + i) & this.#mask]!;
    return length;
  }

  /**
   * Blocks until a frame may have arrived, the link closes, or the timeout.
   *
   * @param timeoutMs - the longest wait
   */
  wait(timeoutMs: number): void {
    if (this.#stash.length > 0 || this.closed !== undefined) return;
    const written = Atomics.load(this.#in, WRITE);
    if (written !== Atomics.load(this.#in, READ)) return;
    Atomics.wait(this.#in, WRITE, written, timeoutMs);
  }

  /**
   * Resolves when a frame may have arrived or the link closed.
   *
   * @returns a promise that does not keep the runtime alive
   */
  readable(): Promise<void> {
    if (this.#stash.length > 0 || this.closed !== undefined) return Promise.resolve();
    const written = Atomics.load(this.#in, WRITE);
    if (written !== Atomics.load(this.#in, READ)) return Promise.resolve();
    const waiting = (Atomics as unknown as AtomicsWaitAsync).waitAsync(this.#in, WRITE, written);
    return waiting.async ? waiting.value.then(() => undefined) : Promise.resolve();
  }

  /**
   * Closes the link for both ends and wakes whoever waits on it.
   *
   * @param reason - why
   */
  close(reason: string): void {
    this.#reason ??= reason;
    for (const header of [this.#in, this.#out]) {
      Atomics.store(header, CLOSED, 1);
      Atomics.notify(header, WRITE);
      Atomics.notify(header, READ);
    }
  }
}

/**
 * Marks the rings of a connection closed from outside both ends (a
 * supervisor that saw the other end's thread or process die), waking
 * whoever waits on them.
 *
 * @param rings - the connection's rings
 *
 * @example
 * ```ts
 * import { RingLink, closeRings, createRings } from "ipckit/conformance";
 * const rings = createRings(64);
 * closeRings(rings);
 * console.assert(new RingLink(rings).closed !== undefined);
 * ```
 */
export function closeRings(rings: RingBuffers): void {
  for (const buffer of [rings.inbox, rings.outbox]) {
    const header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    Atomics.store(header, CLOSED, 1);
    Atomics.notify(header, WRITE);
    Atomics.notify(header, READ);
  }
}

/**
 * Two connected ends in one thread: what one sends, the other receives.
 * Waiting on one end runs the other end's engine (attached with
 * {@link Link.attach}), so a synchronous call made through one end is served
 * inside the call, on the same stack. For examples and tests: nothing
 * crosses a thread, but every frame is encoded and decoded.
 *
 * @returns the two ends
 *
 * @example
 * ```ts
 * import { linkPair } from "ipckit/conformance";
 * const [a, b] = linkPair();
 * a.send(new Uint8Array([9]));
 * console.assert(b.receive()?.[0] === 9);
 * ```
 */
export function linkPair(): [Link, Link] {
  const a = new PairEnd();
  const b = new PairEnd();
  a.other = b;
  b.other = a;
  return [a, b];
}

class PairEnd implements Link {
  other!: PairEnd;
  readonly inbox: Uint8Array[] = [];
  pump: (() => void) | undefined;
  #reason: string | undefined;
  #waiters: (() => void)[] = [];

  get closed(): string | undefined {
    return this.#reason;
  }

  send(frame: Uint8Array): void {
    if (this.#reason !== undefined) throw new ProtocolError(`connection closed: ${this.#reason}`);
    this.other.deliver(frame.slice());
  }

  deliver(frame: Uint8Array): void {
    this.inbox.push(frame);
    this.#wake();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter();
  }

  receive(): Uint8Array | undefined {
    return this.inbox.shift();
  }

  wait(): void {
    if (this.inbox.length > 0 || this.#reason !== undefined) return;
    const pump = this.other.pump;
    if (pump === undefined) throw new ProtocolError("in-thread link: the other end has no engine attached to answer");
    pump();
    if (this.inbox.length === 0 && this.#reason === undefined) {
      throw new ProtocolError("in-thread link: the other end cannot answer without leaving the thread (deadlock)");
    }
  }

  readable(): Promise<void> {
    if (this.inbox.length > 0 || this.#reason !== undefined) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  close(reason: string): void {
    this.shut(reason);
    this.other.shut(reason);
  }

  shut(reason: string): void {
    this.#reason ??= reason;
    this.#wake();
  }

  attach(pump: () => void): void {
    this.pump = pump;
  }
}
