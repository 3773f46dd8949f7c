/**
 * The peers: what a user would pick without ipckit, measured on the same
 * workloads so that reports can print ratios. The web-standard ones live
 * here (`TransformStream` for byte streams, `MessageChannel` for messages),
 * with the seed's design of a POSIX queue kept as a baseline; runtime
 * specific peers (Node's `stream.PassThrough`) live in the CLI's edge and
 * are built with {@link peerSubject} and {@link streamCase} like these.
 *
 * @module
 */

import { measureWorkload } from "./harness.ts";
import type { BenchCase, BenchSubject, Workload } from "./types.ts";
import { MIXED_PRIORITIES } from "./workloads.ts";

/**
 * The peers' names, as reports show them.
 *
 * @example
 * ```ts
 * import { PEER_NAMES, webPeers } from "ipckit/conformance";
 * console.assert(webPeers().some((peer) => peer.name === PEER_NAMES.seedQueue));
 * ```
 */
export const PEER_NAMES = Object.freeze({
  passThrough: "node:stream PassThrough",
  transformStream: "web TransformStream",
  messageChannel: "web MessageChannel",
  seedQueue: "promise-per-call queue",
});

/**
 * Each peer in a sentence: what it is, why a user would pick it, and what it
 * does differently from an ipckit mechanism that a ratio does not show. The
 * reports print it beside the numbers.
 *
 * @example
 * ```ts
 * import { PEER_NAMES, PEER_NOTES } from "ipckit/conformance";
 * console.assert(PEER_NOTES[PEER_NAMES.passThrough]!.includes("without copying"));
 * ```
 */
export const PEER_NOTES: Readonly<Record<string, string>> = Object.freeze({
  [PEER_NAMES.passThrough]:
    "Node's stream.PassThrough, the in-process byte stream a Node program reaches for: it hands each written chunk to the reader as the same object, without copying it (joining small chunks when read), while a pipe copies every byte in and out as write(2) and read(2) do, so its writer must not reuse its buffer.",
  [PEER_NAMES.transformStream]:
    "The web-standard identity TransformStream, the portable byte stream of every runtime: chunks pass by reference, with one promise per write and one per read.",
  [PEER_NAMES.messageChannel]:
    "The web-standard MessageChannel, how a program passes messages between workers: each message is structured-cloned (copied) and delivered as an event on a later turn of the event loop.",
  [PEER_NAMES.seedQueue]:
    "A POSIX message queue written the straightforward way, as this project's first design (its seed) did and kept as a baseline: an async function, so one promise, per send and per receive, over a sorted array (insertion by scanning, receive by shift).",
});

/** The bytes a stream workload lets pile up before the reader drains them: a default pipe's capacity. */
const STREAM_WINDOW = 65536;

/** How a peer prepares each workload it has, by workload ID. */
export type PeerCases = Readonly<Record<string, (workload: Workload) => BenchCase | Promise<BenchCase>>>;

/**
 * Makes a peer subject from the cases it has.
 *
 * @param name - the name in reports
 * @param cases - a case factory per workload ID
 * @returns the subject; it has exactly the workloads given
 *
 * @example A peer with one workload
 * ```ts
 * import { WORKLOADS, peerSubject } from "ipckit/conformance";
 * const peer = peerSubject("no-op", { "sem.uncontended": () => ({ async: false, run: () => {}, verify: () => {} }) });
 * console.assert(peer.has(WORKLOADS.find((w) => w.id === "sem.uncontended")!) && peer.role === "peer");
 * ```
 */
export function peerSubject(name: string, cases: PeerCases): BenchSubject {
  return {
    name,
    role: "peer",
    has: (workload) => Object.hasOwn(cases, workload.id),
    measure: (workload, profile) => {
      const prepare = cases[workload.id];
      if (prepare === undefined) return Promise.resolve({ status: "unsupported", message: `${name} has no ${workload.id}`, durationMs: 0 });
      return measureWorkload(() => prepare(workload), profile);
    },
  };
}

/**
 * A synchronous byte channel: what a streaming case drives. `write` may take
 * fewer bytes than offered; `read` returns how many it read, 0 when nothing
 * is there.
 */
export interface SyncByteChannel {
  /**
   * Writes what fits of `chunk`.
   *
   * @param chunk - the bytes
   * @returns how many were taken
   */
  write(chunk: Uint8Array): number;
  /**
   * Reads what is there.
   *
   * @returns how many bytes were read, 0 when none
   */
  read(): number;
}

/**
 * A streaming case: writes of `size` bytes, with the reader draining
 * everything each time `window` bytes have piled up, as a consumer that reads
 * what is there would: the loop of the pipe and FIFO workloads, for a peer
 * that is a synchronous byte stream (Node's `PassThrough` in the CLI).
 *
 * @param size - bytes per write
 * @param channel - the channel
 * @param window - bytes written between drains; default 64 KiB
 * @returns the case; an operation is one write of `size` bytes
 *
 * @example Stream through an array of chunks
 * ```ts
 * import { streamCase } from "ipckit/conformance";
 * const chunks: Uint8Array[] = [];
 * const streaming = streamCase(64, {
 *   write: (chunk) => {
 *     chunks.push(chunk.slice());
 *     return chunk.length;
 *   },
 *   read: () => chunks.shift()?.length ?? 0,
 * });
 * streaming.run(5000);
 * streaming.verify();
 * console.assert(chunks.length === 0);
 * ```
 */
export function streamCase(size: number, channel: SyncByteChannel, window: number = STREAM_WINDOW): BenchCase {
  const chunk = new Uint8Array(size).fill(0x5a);
  let buffered = 0;
  let written = 0;
  let read = 0;
  const drain = (): void => {
    while (buffered > 0) {
      const count = channel.read();
      if (!(count > 0)) fail(`a read returned ${count} while ${buffered} bytes were buffered`);
      buffered -= count;
      read += count;
    }
  };
  return {
    async: false,
    run(ops: number): void {
      for (let i = 0; i < ops; i++) {
        if (buffered + size > window) drain();
        let offset = 0;
        for (;;) {
          const count = channel.write(offset === 0 ? chunk : chunk.subarray(offset));
          if (!(count >= 0)) fail(`a write returned ${count}`);
          if (count === 0 && buffered === 0) fail("a write into an empty channel took nothing");
          buffered += count;
          written += count;
          offset += count;
          if (offset >= size) break;
          // A partial write (the room ran out): let the reader take everything, then write the rest.
          drain();
        }
      }
    },
    verify(): void {
      drain();
      if (read !== written || buffered !== 0) fail(`${written} bytes written but ${read} read`);
    },
  };
}

function fail(message: string): never {
  throw new Error(`ipckit bench: ${message}`);
}

const noop = (): void => {};

/**
 * The seed's design of a POSIX message queue, kept as the baseline the
 * reference is measured against: every operation is an `async` function (a
 * promise per call, even when it completes at once), a send inserts by
 * scanning an array for its place in priority order, and a receive shifts
 * the array. Both are O(n) in the messages queued.
 *
 * @example Highest priority first
 * ```ts
 * import { SeedQueue } from "ipckit/conformance";
 * const queue = new SeedQueue(4, 8);
 * await queue.send(new Uint8Array([1]), 1);
 * await queue.send(new Uint8Array([2]), 5);
 * const buffer = new Uint8Array(8);
 * console.assert((await queue.receive(buffer)).priority === 5 && buffer[0] === 2);
 * ```
 */
export class SeedQueue {
  readonly #messages: { readonly data: Uint8Array; readonly priority: number }[] = [];
  readonly #maxMessages: number;
  readonly #messageSize: number;

  /**
   * Makes an empty queue.
   *
   * @param maxMessages - the most messages it holds
   * @param messageSize - the largest message, in bytes
   */
  constructor(maxMessages: number, messageSize: number) {
    this.#maxMessages = maxMessages;
    this.#messageSize = messageSize;
  }

  /**
   * The messages queued.
   *
   * @returns the count
   */
  get size(): number {
    return this.#messages.length;
  }

  /**
   * Copies a message in, behind those of its priority and higher.
   *
   * @param data - the bytes
   * @param priority - the priority; higher comes out first
   * @returns a promise that resolves once it is queued
   * @throws {Error} (as a rejection) when the queue is full or the message too long
   */
  async send(data: Uint8Array, priority: number): Promise<void> {
    if (this.#messages.length >= this.#maxMessages) throw new Error("EAGAIN: the queue is full");
    if (data.length > this.#messageSize) throw new Error("EMSGSIZE: the message is too long");
    const messages = this.#messages;
    let index = 0;
    while (index < messages.length && messages[index]!.priority >= priority) index++;
    messages.splice(index, 0, { data: data.slice(), priority });
  }

  /**
   * Takes the oldest message of the highest priority into `buffer`.
   *
   * @param buffer - where the bytes go
   * @returns its length and priority
   * @throws {Error} (as a rejection) when the queue is empty
   */
  async receive(buffer: Uint8Array): Promise<{ readonly length: number; readonly priority: number }> {
    const message = this.#messages.shift();
    if (message === undefined) throw new Error("EAGAIN: the queue is empty");
    buffer.set(message.data);
    return { length: message.data.length, priority: message.priority };
  }
}

function seedQueueCase(workload: Workload): BenchCase {
  const size = workload.params["size"] ?? 64;
  const depth = workload.params["depth"] ?? 0;
  const queue = new SeedQueue(depth + 1, size);
  const data = new Uint8Array(size).fill(3);
  const buffer = new Uint8Array(size);
  let pairs = 0;
  let bytes = 0;
  let next = 0;
  let filled = false;
  return {
    async: true,
    async run(ops: number): Promise<void> {
      if (!filled) {
        for (let i = 0; i < depth; i++) await queue.send(data, MIXED_PRIORITIES[i % MIXED_PRIORITIES.length]!);
        filled = true;
      }
      for (let i = 0; i < ops; i++) {
        await queue.send(data, MIXED_PRIORITIES[next]!);
        next = (next + 1) & 63;
        bytes += (await queue.receive(buffer)).length;
      }
      pairs += ops;
    },
    verify(): void {
      if (bytes !== pairs * size || queue.size !== depth) fail(`${pairs} receives brought ${bytes} bytes; ${queue.size} left queued`);
    },
  };
}

function transformStreamCase(size: number): BenchCase {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const reader = readable.getReader();
  const chunk = new Uint8Array(size).fill(0x5a);
  const perDrain = Math.max(1, Math.floor(STREAM_WINDOW / size));
  let written = 0;
  let read = 0;
  return {
    async: true,
    async run(ops: number): Promise<void> {
      let pending = 0;
      let last: Promise<void> | undefined;
      for (let i = 0; i < ops; i++) {
        last = writer.write(chunk);
        written += size;
        pending += 1;
        if (pending === perDrain || i === ops - 1) {
          for (; pending > 0; pending--) {
            const { done, value } = await reader.read();
            if (done) fail("the stream ended");
            read += value.length;
          }
        }
      }
      await last;
    },
    verify(): void {
      if (read !== written) fail(`${written} bytes written but ${read} read`);
    },
    async close(): Promise<void> {
      await reader.cancel().catch(noop);
      await writer.abort().catch(noop);
    },
  };
}

function transformStreamPingPongCase(size: number): BenchCase {
  const forth = new TransformStream<Uint8Array, Uint8Array>();
  const back = new TransformStream<Uint8Array, Uint8Array>();
  const forthWriter = forth.writable.getWriter();
  const forthReader = forth.readable.getReader();
  const backWriter = back.writable.getWriter();
  const backReader = back.readable.getReader();
  const message = new Uint8Array(size).fill(7);
  let trips = 0;
  let bytes = 0;
  const echo = async (ops: number): Promise<void> => {
    let last: Promise<void> | undefined;
    for (let i = 0; i < ops; i++) {
      const { done, value } = await forthReader.read();
      if (done) fail("the stream ended");
      last = backWriter.write(value);
    }
    await last;
  };
  return {
    async: true,
    async run(ops: number): Promise<void> {
      const echoing = echo(ops);
      let last: Promise<void> | undefined;
      for (let i = 0; i < ops; i++) {
        last = forthWriter.write(message);
        const { done, value } = await backReader.read();
        if (done) fail("the stream ended");
        bytes += value.length;
        trips += 1;
      }
      await Promise.all([last, echoing]);
    },
    verify(): void {
      if (bytes !== trips * size || trips === 0) fail(`${trips} round trips brought back ${bytes} bytes`);
    },
    async close(): Promise<void> {
      for (const reader of [forthReader, backReader]) await reader.cancel().catch(noop);
      for (const writer of [forthWriter, backWriter]) await writer.abort().catch(noop);
    },
  };
}

function messageChannelPingPongCase(size: number): BenchCase {
  const { port1, port2 } = new MessageChannel();
  const message = new Uint8Array(size).fill(7);
  let left = 0;
  let trips = 0;
  let bytes = 0;
  let done: (() => void) | undefined;
  port2.onmessage = (event: MessageEvent<Uint8Array>) => port2.postMessage(event.data);
  port1.onmessage = (event: MessageEvent<Uint8Array>) => {
    trips += 1;
    bytes += event.data.length;
    left -= 1;
    if (left === 0) done?.();
    else port1.postMessage(message);
  };
  return {
    async: true,
    run(ops: number): Promise<void> {
      return new Promise((resolve) => {
        left = ops;
        done = resolve;
        port1.postMessage(message);
      });
    },
    verify(): void {
      if (bytes !== trips * size || trips === 0) fail(`${trips} round trips brought back ${bytes} bytes`);
    },
    close(): void {
      port1.close();
      port2.close();
    },
  };
}

function messageChannelPairCase(size: number): BenchCase {
  const { port1, port2 } = new MessageChannel();
  const data = new Uint8Array(size).fill(3);
  let sent = 0;
  let received = 0;
  let bytes = 0;
  let target = 0;
  let done: (() => void) | undefined;
  port2.onmessage = (event: MessageEvent<Uint8Array>) => {
    received += 1;
    bytes += event.data.length;
    if (received === target) done?.();
  };
  return {
    async: true,
    run(ops: number): Promise<void> {
      return new Promise((resolve) => {
        target = received + ops;
        done = resolve;
        for (let i = 0; i < ops; i++) port1.postMessage(data);
        sent += ops;
      });
    },
    verify(): void {
      if (received !== sent || bytes !== sent * size) fail(`${sent} messages posted, ${received} received`);
    },
    close(): void {
      port1.close();
      port2.close();
    },
  };
}

/**
 * The web-standard peers this runtime has, and the seed queue: a
 * `TransformStream` for the pipe workloads, a `MessageChannel` for the pipe
 * round trip and the empty-queue message workloads, and {@link SeedQueue}
 * for every POSIX queue workload.
 *
 * @returns the peer subjects
 *
 * @example The peers of the POSIX queue
 * ```ts
 * import { WORKLOADS, webPeers } from "ipckit/conformance";
 * const pair = WORKLOADS.find((w) => w.id === "mq.pair.64B.d0")!;
 * console.assert(webPeers().filter((peer) => peer.has(pair)).length === 2);
 * ```
 */
export function webPeers(): BenchSubject[] {
  const peers: BenchSubject[] = [];
  const size = (workload: Workload): number => workload.params["size"] ?? 64;
  if (typeof TransformStream === "function") {
    peers.push(
      peerSubject(PEER_NAMES.transformStream, {
        "pipe.stream.64B": (w) => transformStreamCase(size(w)),
        "pipe.stream.4KiB": (w) => transformStreamCase(size(w)),
        "pipe.stream.64KiB": (w) => transformStreamCase(size(w)),
        "pipe.pingpong": (w) => transformStreamPingPongCase(size(w)),
      }),
    );
  }
  if (typeof MessageChannel === "function") {
    peers.push(
      peerSubject(PEER_NAMES.messageChannel, {
        "pipe.pingpong": (w) => messageChannelPingPongCase(size(w)),
        "mq.pair.64B.d0": (w) => messageChannelPairCase(size(w)),
        "mq.pair.4KiB.d0": (w) => messageChannelPairCase(size(w)),
      }),
    );
  }
  const seed: Record<string, (workload: Workload) => BenchCase> = {};
  for (const id of ["mq.pair.64B.d0", "mq.pair.64B.d16", "mq.pair.64B.d4096", "mq.pair.4KiB.d0", "mq.pair.4KiB.d16", "mq.pair.4KiB.d4096", "mq.blocking.64B"]) {
    seed[id] = seedQueueCase;
  }
  peers.push(peerSubject(PEER_NAMES.seedQueue, seed));
  return peers;
}
