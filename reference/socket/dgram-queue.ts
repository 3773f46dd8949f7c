/**
 * A datagram socket's receive queue of whole datagrams, each its own copy
 * (DG-ORD-1): internet-style queues hold `DGRAM_BUFFER_SIZE` bytes of payload
 * and drop what does not fit (DG-CAP-2); Unix-path ones hold
 * `UNIX_DGRAM_QUEUE` datagrams and make senders wait (UX-BLK-1).
 *
 * @module
 */

import { DGRAM_BUFFER_SIZE, UNIX_DGRAM_QUEUE } from "../../spec/dgram.ts";
import { IpcError } from "../../spec/errors.ts";
import type { Datagram, SocketAddress } from "../../spec/socket.ts";
import { settledEarly } from "../base/byte-channel.ts";
import { assert } from "../base/assert.ts";
import { WaitQueue } from "../base/wait-queue.ts";
import type { ProcessCore } from "../kernel/process-core.ts";

/** A datagram in a receive queue. */
export interface Queued {
  /** Its own copy of the bytes (DG-ORD-1). */
  readonly data: Uint8Array;
  readonly from: SocketAddress | undefined;
}

/** A receive waiting on an empty datagram queue. */
interface PendingDatagramRecv {
  readonly buffer: Uint8Array;
}

/** Copies one datagram into `buffer` (DG-ORD-1, DG-ERR-1, DG-EOF-1). */
function received(item: Queued, buffer: Uint8Array): Datagram {
  const length = Math.min(item.data.length, buffer.length);
  // DG-ERR-1: what fits is copied, the tail discarded, and truncated says so.
  buffer.set(length === item.data.length ? item.data : item.data.subarray(0, length));
  // DG-EOF-1: a zero-length datagram is received as 0 bytes, never taken as end of file.
  return Object.freeze({ length, truncated: item.data.length > length, from: item.from });
}

/** A datagram socket's receive queue, and the calls waiting on it. */
export class DgramQueue {
  #items: Queued[] = [];
  #head = 0;
  #bytes = 0;
  readonly #reads = new WaitQueue<PendingDatagramRecv, Datagram>();
  readonly #writes = new WaitQueue<Queued, number>();
  /** Unix-path datagrams are reliable (UX-BLK-1); internet-style ones may drop (DG-CAP-2). */
  readonly #reliable: boolean;
  /** Datagrams dropped because the queue was full (DG-CAP-2). */
  #dropped = 0;

  constructor(reliable: boolean) {
    this.#reliable = reliable;
  }

  /** The datagrams queued. */
  get count(): number {
    return this.#items.length - this.#head;
  }

  /** The datagrams dropped because the queue was full (DG-CAP-2). */
  get dropped(): number {
    return this.#dropped;
  }

  #fits(item: Queued): boolean {
    // UX-BLK-1: a Unix queue counts datagrams; DG-CAP-2: an internet-style one bytes.
    return this.#reliable ? this.count < UNIX_DGRAM_QUEUE : this.#bytes + item.data.length <= DGRAM_BUFFER_SIZE;
  }

  /** Queues `item`, or hands it to a waiting receive; `false` when it does not fit. */
  #offer(item: Queued): boolean {
    const reader = this.#reads.peek();
    // DG-BLK-1: a waiting receive (only while the queue is empty) takes it at once.
    if (reader !== undefined) {
      assert(this.count === 0, "datagram receives wait only while the queue is empty");
      this.#reads.resolve(reader, received(item, reader.payload.buffer));
      return true;
    }
    if (!this.#fits(item)) return false;
    // DG-ORD-1: behind the datagrams already queued, whole.
    this.#items.push(item);
    this.#bytes += item.data.length;
    return true;
  }

  /** A blocking send: queued, dropped (DG-CAP-2) or waiting for room (UX-BLK-1), registered with `sender` (UX-BLK-2). */
  send(item: Queued, signal: AbortSignal | undefined, sender: ProcessCore, syscall: string): Promise<number> {
    // UX-BLK-1: behind the senders already waiting.
    if ((this.#writes.isEmpty || !this.#reliable) && this.#offer(item)) return Promise.resolve(item.data.length);
    if (!this.#reliable) {
      // DG-CAP-2: an internet-style datagram that does not fit is dropped; the send succeeds.
      this.#dropped += 1;
      return Promise.resolve(item.data.length);
    }
    // UX-BLK-1: a full Unix queue: wait for a receive, registered with the
    // sending process (UX-BLK-2).
    const writes = this.#writes;
    return writes.enqueue(item, {
      signal,
      blocker: sender,
      syscall,
      restart: "restart",
      // ST-BLK-4, UX-BLK-2: an aborted or interrupted send sent nothing.
      onAbort: (waiter, reason) => writes.reject(waiter, settledEarly(waiter, syscall, reason)),
    }).promise;
  }

  /** A non-blocking send (UX-BLK-1, DG-CAP-2). */
  trySend(item: Queued): number {
    if ((this.#writes.isEmpty || !this.#reliable) && this.#offer(item)) return item.data.length;
    // UX-BLK-1: a full Unix queue: EAGAIN, nothing sent.
    if (this.#reliable) throw new IpcError("EAGAIN", "sendto", { detail: "the receiver's queue is full" });
    // DG-CAP-2: dropped, and counted.
    this.#dropped += 1;
    return item.data.length;
  }

  /** The oldest datagram, or undefined when none. */
  #shift(): Queued | undefined {
    if (this.count === 0) return undefined;
    const item = this.#items[this.#head];
    this.#head += 1;
    if (this.#head > 64 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    if (item !== undefined) this.#bytes -= item.data.length;
    // UX-BLK-1: the room made goes to the first waiting sender.
    const writer = this.#writes.peek();
    if (writer !== undefined && this.#offer(writer.payload)) this.#writes.resolve(writer, writer.payload.data.length);
    return item;
  }

  /** A blocking receive (DG-ORD-1, DG-BLK-1), registered with `receiver` (DG-BLK-2). */
  recv(buffer: Uint8Array, signal: AbortSignal | undefined, receiver: ProcessCore, syscall: string): Promise<Datagram> {
    const item = this.#shift();
    // DG-ORD-1: exactly one datagram, the oldest.
    if (item !== undefined) return Promise.resolve(received(item, buffer));
    // DG-BLK-1: none queued: wait, registered with the receiving process
    // (DG-BLK-2); an aborted or interrupted receive takes nothing.
    const reads = this.#reads;
    return reads.enqueue(
      { buffer },
      { signal, blocker: receiver, syscall, restart: "restart", onAbort: (waiter, reason) => reads.reject(waiter, settledEarly(waiter, syscall, reason)) },
    ).promise;
  }

  /** A non-blocking receive (DG-BLK-1). */
  tryRecv(buffer: Uint8Array): Datagram {
    const item = this.#shift();
    // DG-BLK-1: none queued: EAGAIN.
    if (item === undefined) throw new IpcError("EAGAIN", "recvfrom", { detail: "no datagram is queued" });
    return received(item, buffer);
  }

  /** The socket closed: its waiting receives fail EBADF, the senders waiting on it ECONNREFUSED. */
  close(): void {
    this.#reads.rejectAll(new IpcError("EBADF", "recvfrom", { detail: "the socket was closed while the call waited" }));
    this.#writes.rejectAll(new IpcError("ECONNREFUSED", "sendto", { detail: "the receiver closed" }));
  }
}
