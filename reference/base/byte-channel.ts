/**
 * One direction of a byte stream: what a pipe is (`reference/pipe/`), and each
 * direction of a stream connection (`reference/socket/`). A {@link ByteChannel}
 * holds the bytes written and not yet read (a {@link RingBuffer}), the reads
 * waiting on it while it is empty and the writes waiting for room, and moves
 * bytes between them by the rules the two share: first come, first served,
 * no byte overtaking another (PIPE-ORD-1, PIPE-ORD-3, PIPE-ORD-4; ST-ORD-1,
 * ST-BLK-1), partial reads and writes (PIPE-BLK-2, PIPE-ATOM-3; ST-ORD-2,
 * ST-BLK-3), and the count a write already moved when it is cut short
 * (PIPE-BLK-5; ST-BLK-4).
 *
 * What differs is a parameter: whether short writes are atomic (a pipe's of
 * at most `PIPE_BUF` bytes: PIPE-ATOM-2; a stream's never are), what a read of
 * the empty channel gets instead of waiting (end of file, a reset), and the
 * names of the calls. What ends a channel (the last writer's close, a
 * shutdown) is the owner's: it settles the waiting calls through
 * {@link ByteChannel.settleReads} and {@link ByteChannel.settleWrites}.
 *
 * Everything is synchronous except waiting: a write hands its bytes straight
 * to the waiting reads, and a read that frees room moves the waiting writes'
 * bytes in, before they return. So reads wait only while the buffer is empty,
 * and writes only while the first of them does not fit.
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import { assert } from "./assert.ts";
import type { Blocker } from "./interrupt.ts";
import { Interruption, canceled } from "./interrupt.ts";
import { RingBuffer } from "./ring-buffer.ts";
import { WaitQueue } from "./wait-queue.ts";
import type { Waiter } from "./wait-queue.ts";

/** A read waiting on the empty channel. */
export interface PendingRead<Tag> {
  /** Where its bytes go; never empty. */
  readonly buffer: Uint8Array;
  /** What its owner knows it by (the end it was made through). */
  readonly tag: Tag;
}

/** A write waiting for room. */
export interface PendingWrite<Tag> {
  /** All its bytes; never empty. */
  readonly data: Uint8Array;
  /** How many of them are already in the channel. */
  written: number;
  /** What its owner knows it by (the end it was made through, who to raise SIGPIPE on). */
  readonly tag: Tag;
}

/** How a waiting call is settled by {@link ByteChannel.settleReads} or {@link ByteChannel.settleWrites}. */
export type Settlement = number | IpcError | undefined;

/** What differs between the channels of a pipe and of a stream connection. */
export interface ChannelRules {
  /**
   * Writes of at most this many bytes move whole or not at all (PIPE-ATOM-1,
   * PIPE-ATOM-2: `PIPE_BUF`); 0 when any write may move in parts (ST-BLK-3).
   */
  readonly atomic: number;
  /** The read call, for the registration of a waiting read and its errors (`"read"`, `"recv"`). */
  readonly read: string;
  /** The write call (`"write"`, `"send"`). */
  readonly write: string;
  /** The detail of the `EAGAIN` of a non-blocking read of the empty channel. */
  readonly empty: string;
  /** The detail of the `EAGAIN` of a non-blocking write into the full channel. */
  readonly full: string;
  /**
   * What a read of the empty channel gets instead of waiting: a count (0 at
   * end of file), or `undefined` to wait. It may throw (a reset reported once).
   */
  readonly whenEmpty: () => number | undefined;
}

/**
 * The error of a waiting call settled early (PIPE-BLK-4, PIPE-BLK-7; ST-BLK-4,
 * ST-BLK-5): `EINTR` for a handler's interruption, `ECANCELED` for an abort.
 * The end of the caller's process interrupts its calls too; nobody awaits
 * those, so their rejection is marked handled.
 */
export function settledEarly(waiter: Waiter<unknown, unknown>, syscall: string, reason: unknown): IpcError {
  if (reason instanceof Interruption && reason.cause === "exit") waiter.promise.catch(() => undefined);
  return canceled(syscall, reason);
}

/** The `EAGAIN` of a non-blocking call that would wait (kept out of the hot paths, which stay small enough to inline). */
function wouldBlock(syscall: string, detail: string): IpcError {
  return new IpcError("EAGAIN", syscall, { detail });
}

/**
 * One direction of a byte stream: its buffer and its waiting reads and writes.
 *
 * @typeParam ReadTag - what a waiting read is known by
 * @typeParam WriteTag - what a waiting write is known by
 */
export class ByteChannel<ReadTag, WriteTag> {
  /** The bytes written and not yet read, oldest first (PIPE-ORD-1, ST-ORD-1). */
  readonly #buffer: RingBuffer;
  /** Reads waiting on the empty channel, first come first served (PIPE-ORD-3, ST-BLK-1). */
  readonly #reads = new WaitQueue<PendingRead<ReadTag>, number>();
  /** Writes waiting for room, first come first served (PIPE-ORD-4, ST-ORD-1). */
  readonly #writes = new WaitQueue<PendingWrite<WriteTag>, number>();
  /** The rules, kept field by field: the atomic limit is read on every write. */
  readonly #atomic: number;
  readonly #rules: ChannelRules;

  /**
   * Makes an empty channel.
   *
   * @param capacity - the bytes it holds, already checked
   * @param rules - what differs between a pipe's and a stream's
   */
  constructor(capacity: number, rules: ChannelRules) {
    this.#buffer = new RingBuffer(capacity);
    this.#atomic = rules.atomic;
    this.#rules = rules;
  }

  /** The bytes the channel holds at most. */
  get capacity(): number {
    return this.#buffer.capacity;
  }

  /** The bytes written and not yet read. */
  get buffered(): number {
    return this.#buffer.length;
  }

  /** The room left. */
  get room(): number {
    return this.#buffer.free;
  }

  /** The reads waiting on the empty channel. */
  get pendingReads(): number {
    return this.#reads.size;
  }

  /** The writes waiting for room. */
  get pendingWrites(): number {
    return this.#writes.size;
  }

  /**
   * A blocking read into a non-empty buffer: what is buffered, up to
   * `buffer.length`, now (PIPE-BLK-2, ST-ORD-2); else what the rules say of
   * the empty channel; else it waits, registered with `reader` (PIPE-BLK-1,
   * ST-BLK-1).
   *
   * @param buffer - where the bytes go, not empty
   * @param signal - stops the wait, not yet aborted
   * @param reader - the process blocked in the read
   * @param tag - what the read is known by while it waits
   * @returns the count read
   * @throws {IpcError} (as a rejection) `ECANCELED` when aborted, `EINTR` when
   *   interrupted; and what `whenEmpty` throws, synchronously
   */
  read(buffer: Uint8Array, signal: AbortSignal | undefined, reader: Blocker, tag: ReadTag): Promise<number> {
    // PIPE-BLK-2, ST-ORD-2: bytes are available: take them now, without waiting
    // to fill the buffer. (Reads wait only while the buffer is empty, so this
    // takes nothing from under them: PIPE-ORD-3.)
    if (this.#buffer.length > 0) return Promise.resolve(this.#take(buffer));
    // PIPE-EOF-1, ST-EOF-1, ST-ERR-2: end of file, or a reset, instead of waiting.
    const outcome = this.#rules.whenEmpty();
    if (outcome !== undefined) return Promise.resolve(outcome);
    // PIPE-BLK-1, ST-BLK-1: wait behind the reads already waiting, registered
    // with the reader's process so a handler may interrupt it (PIPE-BLK-7,
    // ST-BLK-5) or restart it (PIPE-BLK-8).
    const syscall = this.#rules.read;
    const reads = this.#reads;
    return reads.enqueue(
      { buffer, tag },
      {
        signal,
        blocker: reader,
        syscall,
        restart: "restart",
        // PIPE-BLK-4, ST-BLK-4: an aborted read rejects ECANCELED; PIPE-BLK-7,
        // ST-BLK-5: an interrupted one EINTR. It consumed no byte: bytes reach a
        // waiting read only as it resolves (see #deliver).
        onAbort: (aborted, reason) => reads.reject(aborted, settledEarly(aborted, syscall, reason)),
      },
    ).promise;
  }

  /**
   * A non-blocking read into a non-empty buffer (PIPE-NB-1, ST-NB-1).
   *
   * @param buffer - where the bytes go, not empty
   * @returns the count read
   * @throws {IpcError} `EAGAIN` when the channel is empty and the rules say to wait
   */
  tryRead(buffer: Uint8Array): number {
    if (this.#buffer.length > 0) return this.#take(buffer);
    // PIPE-EOF-4: at end of file, 0 (every time), not EAGAIN.
    const outcome = this.#rules.whenEmpty();
    if (outcome !== undefined) return outcome;
    // PIPE-NB-1, ST-NB-1: empty, and more may come: EAGAIN. (With reads waiting
    // the buffer is always empty, so this never overtakes them.)
    throw wouldBlock(this.#rules.read, this.#rules.empty);
  }

  /**
   * A blocking write of a non-empty array: it moves what the rules let it now
   * and waits for room for the rest, registered with `writer` (PIPE-BLK-3,
   * ST-BLK-3).
   *
   * @param data - the bytes, not empty
   * @param signal - stops the wait, not yet aborted
   * @param writer - the process blocked in the write
   * @param tag - what the write is known by while it waits
   * @returns `data.length`, or the count moved when it is cut short
   * @throws {IpcError} (as a rejection) `ECANCELED` or `EINTR` when cut short having moved nothing
   */
  write(data: Uint8Array, signal: AbortSignal | undefined, writer: Blocker, tag: WriteTag): Promise<number> {
    const length = data.length;
    let written = 0;
    // PIPE-ORD-4, ST-ORD-1: while writes wait, a new write queues behind them,
    // even when it would fit: it never lands before an earlier one.
    if (this.#writes.isEmpty) {
      if (length <= this.#atomic) {
        // PIPE-ATOM-2: a short write lands only when all of it fits, and then
        // all at once, so nothing interleaves (PIPE-ATOM-1).
        if (length <= this.#buffer.free) {
          this.#deliver(data);
          return Promise.resolve(length);
        }
      } else {
        // PIPE-ATOM-3, ST-BLK-3: a longer write moves what fits now and waits
        // for room for the rest; it resolves only once every byte is written.
        written = this.#deliver(data);
        if (written === length) return Promise.resolve(length);
      }
    }
    // PIPE-BLK-3, ST-BLK-3: it does not fit (or others wait first): wait until
    // reads make room, registered with the writer's process (PIPE-BLK-7,
    // PIPE-BLK-8, ST-BLK-5).
    return this.#writes.enqueue(
      { data, written, tag },
      { signal, blocker: writer, syscall: this.#rules.write, restart: "restart", onAbort: (aborted, reason) => this.#abortWrite(aborted, reason) },
    ).promise;
  }

  /**
   * A non-blocking write of a non-empty array (PIPE-NB-2, PIPE-NB-3,
   * PIPE-NB-4, ST-NB-2). It never waits behind waiting writes, so it may land
   * before them when there is room.
   *
   * @param data - the bytes, not empty
   * @returns the count written
   * @throws {IpcError} `EAGAIN` when an atomic write does not fit whole, or nothing fits
   */
  tryWrite(data: Uint8Array): number {
    const length = data.length;
    const room = this.#buffer.free;
    if (length <= this.#atomic) {
      // PIPE-NB-2: all of it (PIPE-ATOM-1) or EAGAIN, nothing written.
      if (length > room) throw wouldBlock(this.#rules.write, `${length} bytes (at most PIPE_BUF) must be written whole and only ${room} are free`);
      this.#deliver(data);
      return length;
    }
    // PIPE-NB-3, ST-NB-2: nothing fits: EAGAIN.
    if (room === 0) throw wouldBlock(this.#rules.write, this.#rules.full);
    // PIPE-NB-4, ST-NB-2: otherwise fill the room: min(length, room) bytes.
    const count = Math.min(length, room);
    this.#deliver(count === length ? data : data.subarray(0, count));
    return count;
  }

  /**
   * Changes the capacity (a pipe's `F_SETPIPE_SZ`); a raise lets the waiting
   * writes that now fit proceed (PIPE-CAP-6).
   *
   * @param capacity - the new capacity, at least the bytes buffered (PIPE-CAP-4, checked by the caller)
   */
  setCapacity(capacity: number): void {
    assert(capacity >= this.#buffer.length, "the capacity is never set below the bytes buffered");
    const raised = capacity > this.#buffer.capacity;
    this.#buffer.setCapacity(capacity);
    if (raised) this.admitWrites();
  }

  /** Discards the bytes buffered (a stream socket closed with bytes unread: ST-ERR-2). */
  clear(): void {
    this.#buffer.clear();
  }

  /**
   * Settles waiting reads, oldest first: `settle` says, for each, the count to
   * resolve with, the error to reject with, or `undefined` to leave it waiting.
   *
   * @param settle - the outcome of each waiting read
   */
  settleReads(settle: (read: PendingRead<ReadTag>) => Settlement): void {
    for (const waiter of this.#reads) {
      const outcome = settle(waiter.payload);
      if (typeof outcome === "number") this.#reads.resolve(waiter, outcome);
      else if (outcome !== undefined) this.#reads.reject(waiter, outcome);
    }
  }

  /**
   * Settles waiting writes, oldest first: `settle` says, for each, the count to
   * resolve with (such as the bytes it moved), the error to reject with, or
   * `undefined` to leave it waiting. The writes left waiting are not admitted:
   * call {@link ByteChannel.admitWrites} when one that went may let them in.
   *
   * @param settle - the outcome of each waiting write
   */
  settleWrites(settle: (write: PendingWrite<WriteTag>) => Settlement): void {
    for (const waiter of this.#writes) {
      const outcome = settle(waiter.payload);
      if (typeof outcome === "number") this.#writes.resolve(waiter, outcome);
      else if (outcome !== undefined) this.#writes.reject(waiter, outcome);
    }
  }

  /** Moves the waiting writes into the room there is, strictly in order (PIPE-ORD-4, ST-ORD-1). */
  admitWrites(): void {
    const atomic = this.#atomic;
    for (let writer = this.#writes.peek(); writer !== undefined; writer = this.#writes.peek()) {
      const pending = writer.payload;
      const length = pending.data.length;
      if (length <= atomic) {
        // PIPE-ATOM-2: nothing moves until all of it fits; then all of it does
        // (PIPE-ATOM-1). PIPE-ORD-4: the writes behind it keep waiting too.
        if (length > this.#buffer.free) return;
        this.#deliver(pending.data);
        pending.written = length;
      } else {
        // PIPE-ATOM-3, ST-BLK-3: as much as fits; it resolves only once all is written.
        pending.written += this.#deliver(pending.written === 0 ? pending.data : pending.data.subarray(pending.written));
        if (pending.written < length) return;
      }
      this.#writes.resolve(writer, length);
    }
  }

  /** Reads buffered bytes into `target`, then lets the waiting writes into the room freed. */
  #take(target: Uint8Array): number {
    // PIPE-ORD-1, PIPE-ORD-2, ST-ORD-1: the oldest bytes, whichever writes they came from.
    const count = this.#buffer.read(target);
    // PIPE-BLK-3, ST-BLK-3: the room this read made goes to the waiting writes, now.
    if (!this.#writes.isEmpty) this.admitWrites();
    return count;
  }

  /**
   * Moves bytes into the channel: first straight into the reads waiting on
   * the empty channel, then into the buffer, as far as there is room.
   *
   * @returns the count moved
   */
  #deliver(source: Uint8Array): number {
    let offset = 0;
    // PIPE-ORD-3, ST-BLK-1: reads waiting on the empty channel get the bytes
    // first, in the order they started waiting, each as many as its buffer
    // holds (PIPE-BLK-2).
    for (let reader = this.#reads.peek(); reader !== undefined && offset < source.length; reader = this.#reads.peek()) {
      assert(this.#buffer.length === 0, "reads wait only while the buffer is empty");
      const { buffer } = reader.payload;
      const count = Math.min(buffer.length, source.length - offset);
      buffer.set(source.subarray(offset, offset + count));
      offset += count;
      this.#reads.resolve(reader, count);
    }
    // PIPE-ORD-1, ST-ORD-1: the rest goes behind the bytes already buffered.
    if (offset < source.length) offset += this.#buffer.write(offset === 0 ? source : source.subarray(offset));
    return offset;
  }

  /** A waiting write's signal fired, or a handler interrupted it. */
  #abortWrite(waiter: Waiter<PendingWrite<WriteTag>, number>, reason: unknown): void {
    const { written } = waiter.payload;
    // PIPE-BLK-5, ST-BLK-4: resolve with the count already written, which stays
    // readable exactly once, or reject ECANCELED when none was; PIPE-BLK-7,
    // ST-BLK-5: the same for a handler's interruption, with EINTR.
    if (written > 0) this.#writes.resolve(waiter, written);
    else this.#writes.reject(waiter, settledEarly(waiter, this.#rules.write, reason));
    // PIPE-ORD-4, ST-ORD-1: with it gone from the head, the next write may fit.
    this.admitWrites();
  }
}
