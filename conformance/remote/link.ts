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
  /**
   * `true` when the other end runs in this thread: this end may wait for an
   * answer the other end gives at once, never for one it gives later (after
   * timers of its own), which only an asynchronous wait can get.
   */
  readonly inThread?: boolean;
}

/** `Atomics.waitAsync` (ES2024), as far as the code needs it. */
interface AtomicsWaitAsync {
  waitAsync(array: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
}

/** Header words of a ring, as `Int32Array` indexes. */
const WRITE = 0;
const READ = 1;
const CLOSED = 2;
/** How many threads sleep (or wait asynchronously) for bytes to arrive: the writer wakes them only then. */
const READERS_ASLEEP = 3;
/** How many threads sleep for room to write. */
const WRITERS_ASLEEP = 4;
const HEADER_BYTES = 64;

/** The default capacity of one ring: 1 MiB. */
export const DEFAULT_RING_BYTES = 1 << 20;

/**
 * How long a blocked end polls before it sleeps, by default, in
 * microseconds: none. Polling saves the cost of waking a sleeping thread
 * when both ends have a core each, and costs the other end its core when
 * they do not (a loaded two-core machine, where it measured slower).
 */
export const DEFAULT_SPIN_MICROSECONDS = 0;

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
  /**
   * How long {@link RingLink.wait} polls before it sleeps, in microseconds;
   * default {@link DEFAULT_SPIN_MICROSECONDS}. Waking a sleeping thread
   * costs tens of microseconds on a virtual machine; an answer that comes
   * within the poll costs none.
   */
  readonly spinMicroseconds?: number;
}

/** `Atomics.waitAsync` (ES2024), as far as the code needs it. */
interface AtomicsWaitAsync {
  waitAsync(array: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
}

/**
 * A link over two rings of shared memory. Each ring has one writer and one
 * reader: a header of 32-bit words (bytes written, bytes read, closed, and
 * how many readers and writers sleep) and the data. A frame is its length
 * (4 bytes, little-endian) and its bytes, wrapping at the ring's end,
 * published at once when it fits; a frame larger than the free space goes in
 * pieces, the reader taking each as it comes. A reader waiting polls the
 * written-bytes word for a moment, then sleeps on it (`Atomics.wait`) or
 * waits for it (`Atomics.waitAsync`), counted in the header so that the
 * writer calls `Atomics.notify` only when someone sleeps. A writer waiting
 * for room reads its own inbox meanwhile, so two ends filling each other's
 * ring cannot deadlock.
 *
 * @example
 * ```ts
 * import { RingLink, createRings, swapRings } from "ipckit/conformance";
 * const rings = createRings(64);
 * const a = new RingLink(rings);
 * const b = new RingLink(swapRings(rings));
 * a.send(new Uint8Array(40).fill(7));
 * console.assert(b.receive()?.length === 40 && b.receive() === undefined);
 * a.close("done");
 * console.assert(b.closed !== undefined);
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
  readonly #spinMaxMs: number;
  /** The poll time now: it halves each time the poll ends empty-handed, and doubles back when a poll succeeds. */
  #spinMs: number;
  #waits = 0;
  readonly #header = new Uint8Array(4);
  readonly #headerView = new DataView(this.#header.buffer);
  /** Frames read while waiting for room to write. */
  readonly #stash: Uint8Array[] = [];
  /** A frame being read in pieces, and how much of it has arrived. */
  #partial: Uint8Array | undefined;
  #partialFilled = 0;
  #reason: string | undefined;

  /**
   * @param rings - this end's rings
   * @param options - the frame size limit and the poll time
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
    this.#spinMaxMs = (options.spinMicroseconds ?? DEFAULT_SPIN_MICROSECONDS) / 1000;
    this.#spinMs = this.#spinMaxMs;
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
    this.#headerView.setUint32(0, frame.length, true);
    const written = Atomics.load(this.#out, WRITE);
    const free = this.#capacity - ((written - Atomics.load(this.#out, READ)) | 0);
    if (free >= 4 + frame.length && this.closed === undefined) {
      // The usual case: the whole frame fits, and is published at once.
      this.#copyIn(written, this.#header);
      this.#copyIn((written + 4) | 0, frame);
      this.#publish((written + 4 + frame.length) | 0);
      return;
    }
    this.#write(this.#header.slice());
    this.#write(frame);
  }

  #copyIn(at: number, bytes: Uint8Array): void {
    const start = at & this.#mask;
    const first = Math.min(bytes.length, this.#capacity - start);
    this.#outData.set(first === bytes.length ? bytes : bytes.subarray(0, first), start);
    if (first < bytes.length) this.#outData.set(bytes.subarray(first), 0);
  }

  #publish(written: number): void {
    Atomics.store(this.#out, WRITE, written);
    if (Atomics.load(this.#out, READERS_ASLEEP) > 0) Atomics.notify(this.#out, WRITE);
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
        else {
          Atomics.add(this.#out, WRITERS_ASLEEP, 1);
          Atomics.wait(this.#out, READ, read, 1);
          Atomics.sub(this.#out, WRITERS_ASLEEP, 1);
        }
        continue;
      }
      const count = Math.min(free, bytes.length - offset);
      this.#copyIn(written, bytes.subarray(offset, offset + count));
      offset += count;
      this.#publish((written + count) | 0);
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
      if (Atomics.load(this.#in, WRITERS_ASLEEP) > 0) Atomics.notify(this.#in, READ);
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
   * Blocks until a frame may have arrived, the link closes, or the timeout:
   * polls for a moment, then sleeps.
   *
   * @param timeoutMs - the longest wait
   */
  wait(timeoutMs: number): void {
    if (this.#stash.length > 0 || this.closed !== undefined) return;
    const seen = Atomics.load(this.#in, READ);
    if (Atomics.load(this.#in, WRITE) !== seen) return;
    // A poll that keeps failing (the other end is slow, or not running:
    // a loaded machine) shrinks to nothing; one in 64 waits probes again.
    this.#waits += 1;
    const budget = this.#spinMaxMs === 0 ? 0 : this.#spinMs > 0.002 ? this.#spinMs : (this.#waits & 63) === 0 ? this.#spinMaxMs / 4 : 0;
    const spin = Math.min(budget, timeoutMs);
    if (spin > 0) {
      const until = performance.now() + spin;
      do {
        for (let i = 0; i < 64; i++) {
          if (Atomics.load(this.#in, WRITE) !== seen) {
            this.#spinMs = Math.min(this.#spinMaxMs, Math.max(this.#spinMs * 2, 0.004));
            return;
          }
        }
      } while (performance.now() < until);
      this.#spinMs /= 2;
      if (timeoutMs <= spin) return;
    }
    Atomics.add(this.#in, READERS_ASLEEP, 1);
    try {
      if (Atomics.load(this.#in, CLOSED) === 0 && Atomics.load(this.#out, CLOSED) === 0) Atomics.wait(this.#in, WRITE, seen, timeoutMs - spin);
    } finally {
      Atomics.sub(this.#in, READERS_ASLEEP, 1);
    }
  }

  /**
   * Resolves when a frame may have arrived or the link closed.
   *
   * @returns a promise that does not keep the runtime alive
   */
  readable(): Promise<void> {
    if (this.#stash.length > 0 || this.closed !== undefined) return Promise.resolve();
    const seen = Atomics.load(this.#in, READ);
    Atomics.add(this.#in, READERS_ASLEEP, 1);
    const waiting = (Atomics as unknown as AtomicsWaitAsync).waitAsync(this.#in, WRITE, seen);
    if (!waiting.async) {
      Atomics.sub(this.#in, READERS_ASLEEP, 1);
      return Promise.resolve();
    }
    return waiting.value.then(() => {
      Atomics.sub(this.#in, READERS_ASLEEP, 1);
    });
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
  readonly inThread = true;
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
