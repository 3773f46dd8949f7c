/**
 * The reference sockets, stream and datagram, with internet-style and
 * Unix-path addresses: a transcription of the clauses in `spec/stream.ts`,
 * `spec/dgram.ts` and `spec/unix.ts`. Every step that enforces a clause cites its ID.
 *
 * Three layers, as in a kernel:
 *
 * - {@link ReferenceSocket} is the descriptor. It checks the descriptor and
 *   the arguments (closed, types, addresses, an aborted signal) before
 *   anything changes, then calls its socket.
 * - `SocketCore` is the socket itself (the open file description), shared by
 *   the descriptors `fork` duplicates: its state (idle, listening,
 *   connected), its address, and its end of a connection or its listener.
 * - `Channel` is one direction of a connection: a byte ring
 *   ({@link RingBuffer}, the pipe's) with the pipe's waiting rules through
 *   {@link WaitQueue}. A connection is two channels; each end holds a
 *   `Side` (its receive channel, its send channel and the two addresses),
 *   so every step of a connection is O(1).
 * - `DgramQueue` is a datagram socket's receive queue of whole datagrams,
 *   each its own copy: internet-style queues drop what does not fit
 *   (DG-CAP-2), Unix-path ones make senders wait (UX-BLK-1).
 *
 * Internet-style ports live in the system (under the key `PORTS`), one table per
 * socket type; Unix-path names are nodes of the file namespace of
 * `reference/fifo.ts` ({@link filesOf}), checked with the one permission
 * rule of `reference/namespace.ts`. A FIFO's name is not a socket's
 * (connect: `ECONNREFUSED`), and `openFifo` on a socket's name fails `ENXIO`
 * (UX-ERR-3), since `lookupFifo` accepts only FIFOs.
 *
 * Everything is synchronous except waiting. A call that makes progress
 * possible does the waiting calls' work before it returns: a send hands its
 * bytes to the pending receives, a receive that frees room moves pending
 * sends' bytes in, a connect hands its connection to a pending accept, an
 * accept admits a connect waiting on a full backlog.
 *
 * Choices where the clauses are silent:
 *
 * - Checks run in this order: closed descriptor (`EBADF`), argument types
 *   and addresses (`EINVAL`), an aborted signal (`ECANCELED`), the socket's
 *   state (`ENOTCONN`, `EISCONN`, `EINVAL`), then the call's own errors.
 * - Bytes buffered before `ECONNRESET` are received first; then the reset is
 *   reported once (as Linux's `sk_err`).
 * - A datagram sent to a connected datagram socket by another sender is
 *   dropped (DG-LIFE-1); a send waiting on a full Unix queue whose receiver
 *   closes fails `ECONNREFUSED`.
 *
 * Signals: every call that waits (receive, send, accept, connect, and their
 * datagram forms) is registered with the process holding the descriptor it
 * was made through, so a handler run for that process interrupts it through
 * the same path as an abort: `EINTR`, or the count a send already moved
 * (ST-BLK-5, DG-BLK-2, UX-BLK-2), unless the handler restarts it. A stream
 * send that fails `EPIPE` raises `SIGPIPE` on its process first; one cut
 * short after moving bytes returns the count and raises nothing (ST-ERR-10).
 * There is no `MSG_NOSIGNAL`: a process that wants `EPIPE` alone ignores
 * `SIGPIPE`.
 *
 * @module
 */

import { IpcError } from "../spec/errors.ts";
import type { BlockingOptions } from "../spec/pipe.ts";
import type { Datagram, SendFlags, SendOptions, Socket, SocketAddress, SocketFamily, SocketType } from "../spec/socket.ts";
import { DGRAM_BUFFER_SIZE, DGRAM_MAX, UNIX_DGRAM_QUEUE } from "../spec/dgram.ts";
import { DEFAULT_BACKLOG, STREAM_BUFFER_SIZE } from "../spec/stream.ts";
import { UNIX_PATH_MAX } from "../spec/unix.ts";
import { filesOf } from "./kernel/files.ts";
import type { FileNode } from "./kernel/files.ts";
import { StateKey } from "./base/state-key.ts";
import { creationMode, requireAccess } from "./base/namespace.ts";
import type { MutableOwnership } from "./base/namespace.ts";
import { RingBuffer } from "./base/ring-buffer.ts";
import type { Descriptor, ProcessCore } from "./kernel/process.ts";
import { parseBlocking } from "./base/blocking.ts";
import { describeType, requireFilePath, requireIntegerInRange, requireOptionalObject, requireUint8Array } from "./base/validate.ts";
import { WaitQueue } from "./base/wait-queue.ts";
import type { Waiter } from "./base/wait-queue.ts";
import { Interruption, canceled } from "./base/interrupt.ts";
import { raiseSigpipe } from "./kernel/signal-delivery.ts";

/** The first and last ephemeral ports (Linux's `ip_local_port_range`; ST-LIFE-1). */
const EPHEMERAL_FIRST = 32768;
const EPHEMERAL_LAST = 60999;

/** The peer address of an unnamed Unix socket (UX-LIFE-3). */
const UNNAMED: SocketAddress = Object.freeze({ family: "unix", path: "" });

const encoder = new TextEncoder();

/** The `EPIPE` of a send that may not send (ST-EOF-2, ST-EOF-3, ST-ERR-1). */
function brokenPipe(detail: string): IpcError {
  return new IpcError("EPIPE", "send", { detail });
}

/**
 * ST-ERR-10: raises SIGPIPE on each process whose send failed EPIPE having
 * sent nothing. Called once the sockets are settled, since a process it
 * terminates closes its own sockets.
 */
function raiseSigpipes(senders: readonly ProcessCore[]): void {
  for (const sender of senders) raiseSigpipe(sender);
}

/**
 * The error of a waiting call settled early (ST-BLK-4, ST-BLK-5): `EINTR`
 * for a handler's interruption, `ECANCELED` for an abort. The end of the
 * caller's process interrupts its calls too; nobody awaits those, so their
 * rejection is marked handled.
 */
function settledEarly(waiter: Waiter<unknown, unknown>, syscall: string, reason: unknown): IpcError {
  if (reason instanceof Interruption && reason.cause === "exit") waiter.promise.catch(() => undefined);
  return canceled(syscall, reason);
}

/** A receive waiting on an empty channel. */
interface PendingRecv {
  readonly buffer: Uint8Array;
}

/** A send waiting for room. */
interface PendingSend {
  readonly data: Uint8Array;
  written: number;
  /** The process sending, which SIGPIPE goes to (ST-ERR-10); `undefined` for a send given noSignal (ST-ERR-11). */
  readonly sigpipeTo: ProcessCore | undefined;
}

/**
 * One direction of a connection: the receiver's buffer and the calls
 * waiting on it. Pending receives exist only while the buffer is empty,
 * pending sends only while it is full.
 */
class Channel {
  /** The bytes sent and not yet received, oldest first (ST-ORD-1). */
  readonly buffer = new RingBuffer(STREAM_BUFFER_SIZE);
  readonly reads = new WaitQueue<PendingRecv, number>();
  readonly writes = new WaitQueue<PendingSend, number>();
  /** The sender shut down its write side or closed (ST-EOF-1). */
  writerDone = false;
  /** The receiver shut down its read side or closed (ST-EOF-3, ST-ERR-1). */
  readerDone = false;
  /** The sender closed with bytes of its own unread: one ECONNRESET due (ST-ERR-2). */
  reset = false;

  /** The outcome of a receive that finds the buffer empty, or undefined to wait. */
  #emptyOutcome(): number | undefined {
    // ST-ERR-2: the reset is reported once, then end of file.
    if (this.reset) {
      this.reset = false;
      throw new IpcError("ECONNRESET", "recv", { detail: "the peer closed with bytes unread" });
    }
    // ST-EOF-1, ST-EOF-3: drained, and no more will come: 0, every time.
    if (this.writerDone || this.readerDone) return 0;
    return undefined;
  }

  recv(buffer: Uint8Array, signal: AbortSignal | undefined, receiver: ProcessCore): Promise<number> {
    // ST-ORD-2: what is buffered, up to buffer.length, without waiting for more.
    if (this.buffer.length > 0) return Promise.resolve(this.#take(buffer));
    const outcome = this.#emptyOutcome();
    if (outcome !== undefined) return Promise.resolve(outcome);
    // ST-BLK-1: nothing buffered on a live connection: wait, registered with
    // the receiving process (ST-BLK-5).
    return this.reads.enqueue(
      { buffer },
      {
        signal,
        blocker: receiver,
        syscall: "recv",
        restart: "restart",
        // ST-BLK-4, ST-BLK-5: an aborted or interrupted receive took nothing.
        onAbort: (waiter, reason) => this.reads.reject(waiter, settledEarly(waiter, "recv", reason)),
      },
    ).promise;
  }

  tryRecv(buffer: Uint8Array): number {
    if (this.buffer.length > 0) return this.#take(buffer);
    const outcome = this.#emptyOutcome();
    if (outcome !== undefined) return outcome;
    // ST-NB-1: nothing buffered and no end of file: EAGAIN.
    throw new IpcError("EAGAIN", "recv", { detail: "nothing is buffered" });
  }

  send(data: Uint8Array, signal: AbortSignal | undefined, sender: ProcessCore, noSignal: boolean): Promise<number> {
    let written = 0;
    // ST-ORD-1: behind the sends already waiting, never before them.
    if (this.writes.isEmpty) {
      written = this.#deliver(data);
      if (written === data.length) return Promise.resolve(written);
    }
    // ST-BLK-3: the rest waits for receives to make room, registered with the
    // sending process (ST-BLK-5).
    return this.writes.enqueue(
      // ST-ERR-11: a send given noSignal names nobody to raise SIGPIPE on.
      { data, written, sigpipeTo: noSignal ? undefined : sender },
      { signal, blocker: sender, syscall: "send", restart: "restart", onAbort: (waiter, reason) => this.#abortSend(waiter, reason) },
    ).promise;
  }

  trySend(data: Uint8Array): number {
    const room = this.buffer.free;
    // ST-NB-2: nothing fits: EAGAIN (pending receives mean an empty buffer, so room).
    if (room === 0) throw new IpcError("EAGAIN", "send", { detail: "the peer's receive buffer is full" });
    // ST-NB-2: as many as fit.
    return this.#deliver(data.length <= room ? data : data.subarray(0, room));
  }

  /** The sender will send no more: shutdown("write") or close (ST-EOF-1). */
  endWrites(): void {
    this.writerDone = true;
    for (const waiter of this.reads) {
      // ST-ERR-2: the first pending receive reports the reset...
      if (this.reset) {
        this.reset = false;
        this.reads.reject(waiter, new IpcError("ECONNRESET", "recv", { detail: "the peer closed with bytes unread" }));
      } else {
        // ST-EOF-1: ...the others (or all, without one) resolve 0.
        this.reads.resolve(waiter, 0);
      }
    }
  }

  /**
   * The receiver will receive no more: shutdown("read") or close (ST-EOF-3,
   * ST-ERR-1). Returns the senders owed a SIGPIPE (ST-ERR-10).
   */
  endReads(): ProcessCore[] {
    this.readerDone = true;
    // ST-EOF-3: its pending receives (on an empty buffer) resolve 0.
    for (const waiter of this.reads) this.reads.resolve(waiter, 0);
    // ST-ERR-1, ST-EOF-3: pending sends resolve the count moved, or fail EPIPE.
    return this.failSends(() => brokenPipe("the peer no longer receives"));
  }

  /**
   * Settles every pending send: the count moved, or the error when none was.
   * Returns the senders whose send failed having sent nothing: those a
   * SIGPIPE is owed when the error is EPIPE (ST-ERR-10).
   */
  failSends(error: () => IpcError): ProcessCore[] {
    const failed: ProcessCore[] = [];
    for (const waiter of this.writes) {
      const { written, sigpipeTo } = waiter.payload;
      if (written > 0) {
        this.writes.resolve(waiter, written);
      } else {
        this.writes.reject(waiter, error());
        if (sigpipeTo !== undefined) failed.push(sigpipeTo);
      }
    }
    return failed;
  }

  #take(target: Uint8Array): number {
    // ST-ORD-1: the oldest bytes first.
    const count = this.buffer.read(target);
    // ST-BLK-3: the room made goes to the pending sends now.
    this.#admitSends();
    return count;
  }

  #deliver(source: Uint8Array): number {
    let offset = 0;
    // ST-BLK-1: waiting receives (only while the buffer is empty) get the bytes first, in order.
    for (let reader = this.reads.peek(); reader !== undefined && offset < source.length; reader = this.reads.peek()) {
      const { buffer } = reader.payload;
      const count = Math.min(buffer.length, source.length - offset);
      buffer.set(source.subarray(offset, offset + count));
      offset += count;
      this.reads.resolve(reader, count);
    }
    // ST-ORD-1: the rest behind the bytes buffered.
    if (offset < source.length) offset += this.buffer.write(offset === 0 ? source : source.subarray(offset));
    return offset;
  }

  #admitSends(): void {
    for (let writer = this.writes.peek(); writer !== undefined; writer = this.writes.peek()) {
      const pending = writer.payload;
      pending.written += this.#deliver(pending.data.subarray(pending.written));
      // ST-BLK-3: it completes once every byte is in.
      if (pending.written < pending.data.length) return;
      this.writes.resolve(writer, pending.written);
    }
  }

  #abortSend(waiter: Waiter<PendingSend, number>, reason: unknown): void {
    const { written } = waiter.payload;
    // ST-BLK-4: the count already moved, or ECANCELED when none was;
    // ST-BLK-5: the same when a handler interrupted it, with EINTR.
    if (written > 0) this.writes.resolve(waiter, written);
    else this.writes.reject(waiter, settledEarly(waiter, "send", reason));
    this.#admitSends();
  }
}

/** One end of a connection. */
interface Side {
  readonly rx: Channel;
  readonly tx: Channel;
  readonly local: SocketAddress | undefined;
  readonly peer: SocketAddress;
}

/** Makes a connection: the two sides, each the other's mirror. */
function connection(a: SocketAddress | undefined, b: SocketAddress | undefined): readonly [Side, Side] {
  const ab = new Channel();
  const ba = new Channel();
  return [
    { rx: ba, tx: ab, local: a, peer: b ?? UNNAMED },
    { rx: ab, tx: ba, local: b, peer: a ?? UNNAMED },
  ];
}

/** The last close of one end: the peer learns of it (ST-EOF-1, ST-ERR-1, ST-ERR-2). */
function closeSide(side: Side): void {
  const own = (call: string): IpcError => new IpcError("EBADF", call, { detail: "the socket was closed while the call waited" });
  // ST-ERR-9: this end's own pending calls fail EBADF.
  side.rx.reads.rejectAll(own("recv"));
  side.tx.failSends(() => own("send"));
  // ST-ERR-2: unread bytes here reset the peer (reported after what it has buffered).
  if (side.rx.buffer.length > 0) side.tx.reset = true;
  side.rx.buffer.clear();
  // ST-EOF-1: the peer reads what is buffered, then 0.
  side.tx.endWrites();
  // ST-ERR-1: the peer's sends fail EPIPE; ST-ERR-10: with SIGPIPE, last.
  raiseSigpipes(side.rx.endReads());
}

/** A connect waiting on a full backlog. */
interface PendingConnect {
  readonly client: SocketCore;
}

/** An accept waiting for a connection. */
interface PendingAccept {
  /** The process accepting, which will hold the new socket. */
  readonly owner: ProcessCore;
}

/** A listening socket's queue of established connections not yet accepted. */
class Listener {
  readonly backlog: number;
  readonly address: SocketAddress;
  /** Server sides not yet accepted, oldest first (ST-ORD-3); head index for O(1) removal. */
  #queue: Side[] = [];
  #head = 0;
  readonly accepts = new WaitQueue<PendingAccept, ReferenceSocket>();
  readonly connects = new WaitQueue<PendingConnect, void>();
  readonly family: SocketFamily;

  constructor(backlog: number, address: SocketAddress, family: SocketFamily) {
    this.backlog = backlog;
    this.address = address;
    this.family = family;
  }

  get queued(): number {
    return this.#queue.length - this.#head;
  }

  /** ST-CAP-1: room for one more connection not yet accepted (backlog + 1, as Linux). */
  get hasRoom(): boolean {
    return this.queued < this.backlog + 1;
  }

  /** Makes the connection of `client` and hands it to an accept or queues it. */
  establish(client: SocketCore): void {
    const [clientSide, serverSide] = connection(client.local, this.address);
    client.connectTo(clientSide);
    const accepter = this.accepts.peek();
    // ST-BLK-2: a pending accept takes it at once.
    if (accepter !== undefined) {
      this.accepts.resolve(accepter, acceptedSocket(serverSide, accepter.payload.owner, this.family));
      return;
    }
    this.#queue.push(serverSide);
  }

  /** Takes the oldest queued connection (ST-ORD-3), then admits a waiting connect (ST-CAP-1). */
  take(): Side | undefined {
    if (this.queued === 0) return undefined;
    const side = this.#queue[this.#head];
    this.#head += 1;
    if (this.#head > 64 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    // ST-CAP-1: the room made goes to the connects waiting on the full backlog.
    const waiting = this.connects.peek();
    if (waiting !== undefined) {
      this.establish(waiting.payload.client);
      this.connects.resolve(waiting, undefined);
    }
    return side;
  }

  /** The listener closed: waiting calls fail, unaccepted connections close. */
  close(): void {
    this.accepts.rejectAll(new IpcError("EBADF", "accept", { detail: "the listener was closed" }));
    this.connects.rejectAll(new IpcError("ECONNREFUSED", "connect", { detail: "the listener was closed" }));
    for (let side = this.take(); side !== undefined; side = this.take()) closeSide(side);
  }
}

/** A Unix-path name in the file namespace (UX-LIFE-1). */
class UnixName implements FileNode {
  readonly ownership: MutableOwnership;
  readonly type: SocketType;
  /** The bound socket, undefined once it closed (a stale name: UX-ERR-1, UX-ERR-3). */
  core: SocketCore | undefined;

  constructor(ownership: MutableOwnership, type: SocketType, core: SocketCore) {
    this.ownership = ownership;
    this.type = type;
    this.core = core;
  }
}


/** A datagram in a receive queue. */
interface Queued {
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

/**
 * A datagram socket's receive queue. Internet-style queues hold
 * DGRAM_BUFFER_SIZE bytes of payload and drop what does not fit (DG-CAP-2);
 * Unix-path queues hold UNIX_DGRAM_QUEUE datagrams and make senders wait
 * (UX-BLK-1).
 */
class DgramQueue {
  #items: Queued[] = [];
  #head = 0;
  #bytes = 0;
  readonly reads = new WaitQueue<PendingDatagramRecv, Datagram>();
  readonly writes = new WaitQueue<Queued, number>();
  readonly reliable: boolean;
  /** Datagrams dropped because the queue was full (DG-CAP-2). */
  dropped = 0;

  constructor(reliable: boolean) {
    this.reliable = reliable;
  }

  get count(): number {
    return this.#items.length - this.#head;
  }

  #fits(item: Queued): boolean {
    // UX-BLK-1: a Unix queue counts datagrams; DG-CAP-2: an internet-style one bytes.
    return this.reliable ? this.count < UNIX_DGRAM_QUEUE : this.#bytes + item.data.length <= DGRAM_BUFFER_SIZE;
  }

  /** Queues `item`, or hands it to a pending receive; `false` when it does not fit. */
  #offer(item: Queued): boolean {
    const reader = this.reads.peek();
    // DG-BLK-1: a pending receive (only while the queue is empty) takes it at once.
    if (reader !== undefined) {
      this.reads.resolve(reader, received(item, reader.payload.buffer));
      return true;
    }
    if (!this.#fits(item)) return false;
    // DG-ORD-1: behind the datagrams already queued, whole.
    this.#items.push(item);
    this.#bytes += item.data.length;
    return true;
  }

  send(item: Queued, signal: AbortSignal | undefined, sender: ProcessCore, syscall: string): Promise<number> {
    // UX-BLK-1: behind the senders already waiting.
    if ((this.writes.isEmpty || !this.reliable) && this.#offer(item)) return Promise.resolve(item.data.length);
    if (!this.reliable) {
      // DG-CAP-2: an internet-style datagram that does not fit is dropped; the send succeeds.
      this.dropped += 1;
      return Promise.resolve(item.data.length);
    }
    // UX-BLK-1: a full Unix queue: wait for a receive, registered with the
    // sending process (UX-BLK-2).
    return this.writes.enqueue(item, {
      signal,
      blocker: sender,
      syscall,
      restart: "restart",
      // ST-BLK-4, UX-BLK-2: an aborted or interrupted send sent nothing.
      onAbort: (waiter, reason) => this.writes.reject(waiter, settledEarly(waiter, syscall, reason)),
    }).promise;
  }

  trySend(item: Queued): number {
    if ((this.writes.isEmpty || !this.reliable) && this.#offer(item)) return item.data.length;
    // UX-BLK-1: a full Unix queue: EAGAIN, nothing sent.
    if (this.reliable) throw new IpcError("EAGAIN", "sendto", { detail: "the receiver's queue is full" });
    // DG-CAP-2: dropped, and counted.
    this.dropped += 1;
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
    const writer = this.writes.peek();
    if (writer !== undefined && this.#offer(writer.payload)) this.writes.resolve(writer, writer.payload.data.length);
    return item;
  }

  recv(buffer: Uint8Array, signal: AbortSignal | undefined, receiver: ProcessCore, syscall: string): Promise<Datagram> {
    const item = this.#shift();
    // DG-ORD-1: exactly one datagram, the oldest.
    if (item !== undefined) return Promise.resolve(received(item, buffer));
    // DG-BLK-1: none queued: wait, registered with the receiving process
    // (DG-BLK-2); an aborted or interrupted receive takes nothing.
    return this.reads.enqueue(
      { buffer },
      { signal, blocker: receiver, syscall, restart: "restart", onAbort: (waiter, reason) => this.reads.reject(waiter, settledEarly(waiter, syscall, reason)) },
    ).promise;
  }

  tryRecv(buffer: Uint8Array): Datagram {
    const item = this.#shift();
    // DG-BLK-1: none queued: EAGAIN.
    if (item === undefined) throw new IpcError("EAGAIN", "recvfrom", { detail: "no datagram is queued" });
    return received(item, buffer);
  }

  close(): void {
    this.reads.rejectAll(new IpcError("EBADF", "recvfrom", { detail: "the socket was closed while the call waited" }));
    this.writes.rejectAll(new IpcError("ECONNREFUSED", "sendto", { detail: "the receiver closed" }));
  }
}

/** Whether two addresses are the same. */
function sameAddress(a: SocketAddress | undefined, b: SocketAddress | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.family === "inet" && b.family === "inet") return a.port === b.port;
  return a.family === "unix" && b.family === "unix" && a.path === b.path;
}

/** The key of a system's internet-style ports: the socket bound at each `type/port`. */
const PORTS = new StateKey("inet", () => new Map<string, SocketCore>());

/** The key of a system's cursor over the ephemeral ports (ST-LIFE-1). */
const EPHEMERAL = new StateKey("inet-ephemeral", () => ({ next: EPHEMERAL_FIRST }));

/** The system's internet-style port tables, one per socket type. */
function portsOf(system: object): Map<string, SocketCore> {
  return PORTS.of(system);
}

function portKey(type: SocketType, port: number): string {
  return `${type}/${port}`;
}

/** The socket itself: what the descriptors `fork` duplicates share. */
class SocketCore {
  readonly family: SocketFamily;
  readonly type: SocketType;
  readonly system: object;
  refs = 0;
  local: SocketAddress | undefined = undefined;
  side: Side | undefined = undefined;
  listener: Listener | undefined = undefined;
  closed = false;
  #unixName: UnixName | undefined = undefined;
  /** Local shutdowns. */
  shutRead = false;
  shutWrite = false;
  /** A datagram socket's receive queue (DG-ORD-1). */
  readonly queue: DgramQueue | undefined;
  /** A datagram socket's default peer, set by connect (DG-LIFE-1). */
  dgramPeer: SocketAddress | undefined = undefined;
  /** Ends a connect waiting on a full backlog (ST-ERR-9). */
  stopConnecting: (() => void) | undefined = undefined;
  /** The other datagram socket of a socketpair (UX-LIFE-3). */
  pairedWith: SocketCore | undefined = undefined;

  constructor(system: object, family: SocketFamily, type: SocketType) {
    this.system = system;
    this.family = family;
    this.type = type;
    // UX-BLK-1, DG-CAP-2: Unix-path datagrams are reliable; internet-style ones may drop.
    this.queue = type === "dgram" ? new DgramQueue(family === "unix") : undefined;
  }

  /**
   * The socket a datagram to `address` goes to, or undefined for an
   * internet-style port nobody bound (dropped, as UDP does).
   */
  findReceiver(address: SocketAddress, caller: ProcessCore, syscall: string): SocketCore | undefined {
    if (address.family === "inet") return portsOf(this.system).get(portKey("dgram", address.port));
    const node = filesOf(this.system).lookup(address.path);
    // UX-ERR-2
    if (node === undefined) throw new IpcError("ENOENT", syscall, { path: address.path });
    // UX-PERM-1: sending needs write permission on the name too.
    requireAccess(caller.credentials, node.ownership, "write", syscall, address.path);
    // UX-ERR-3
    if (!(node instanceof UnixName)) throw new IpcError("ECONNREFUSED", syscall, { path: address.path, detail: "not a socket" });
    // UX-ERR-4: a stream socket's name.
    if (node.type !== "dgram") throw new IpcError("EPROTOTYPE", syscall, { path: address.path });
    // UX-ERR-3: a stale name.
    if (node.core === undefined) throw new IpcError("ECONNREFUSED", syscall, { path: address.path, detail: "nobody is bound there" });
    return node.core;
  }

  connectTo(side: Side): void {
    this.side = side;
  }

  bind(address: SocketAddress, caller: ProcessCore): void {
    // ST-ERR-6: bound once only.
    if (this.local !== undefined) throw new IpcError("EINVAL", "bind", { detail: "the socket is already bound" });
    if (address.family === "inet") {
      const ports = portsOf(this.system);
      let port = address.port;
      if (port === 0) {
        // ST-LIFE-1: port 0 picks a free ephemeral port.
        port = this.#ephemeralPort("bind");
      } else if (ports.has(portKey(this.type, port))) {
        // ST-ERR-6: the port is taken.
        throw new IpcError("EADDRINUSE", "bind", { detail: `port ${port} is in use` });
      }
      ports.set(portKey(this.type, port), this);
      this.local = Object.freeze({ family: "inet", host: address.host, port });
      return;
    }
    const files = filesOf(this.system);
    // UX-ERR-1: any existing name, stale sockets and FIFOs included.
    if (files.lookup(address.path) !== undefined) throw new IpcError("EADDRINUSE", "bind", { path: address.path });
    // UX-LIFE-1: owned by the caller, mode 0o777 less the umask.
    const { uid, gid } = caller.credentials;
    const name = new UnixName({ uid, gid, mode: creationMode(0o777, caller.currentUmask) }, this.type, this);
    // UX-LIFE-2: connections never refer to the name, so unlink (reference/fifo.ts)
    // leaves them working, and frees the path for a new bind.
    files.bind(address.path, name);
    this.#unixName = name;
    this.local = Object.freeze({ family: "unix", path: address.path });
  }

  /** Binds an unbound internet-style socket to an ephemeral port (ST-LIFE-1). */
  autobind(syscall: string): void {
    if (this.local !== undefined || this.family !== "inet") return;
    const port = this.#ephemeralPort(syscall);
    portsOf(this.system).set(portKey(this.type, port), this);
    this.local = Object.freeze({ family: "inet", host: "0.0.0.0", port });
  }

  #ephemeralPort(syscall: string): number {
    const ports = portsOf(this.system);
    const cursor = EPHEMERAL.of(this.system);
    const span = EPHEMERAL_LAST - EPHEMERAL_FIRST + 1;
    // ST-LIFE-1: the next free port after the last one given, wrapping around
    // (so a run of binds costs O(1) each while ports are free).
    for (let tried = 0; tried < span; tried += 1) {
      const port = cursor.next;
      cursor.next = port === EPHEMERAL_LAST ? EPHEMERAL_FIRST : port + 1;
      if (!ports.has(portKey(this.type, port))) return port;
    }
    throw new IpcError("EADDRINUSE", syscall, { detail: "no ephemeral port is free" });
  }

  /** Finds the listener at `address` for `caller` (ST-ERR-4, UX-ERR-2, UX-ERR-3, UX-PERM-1). */
  findListener(address: SocketAddress, caller: ProcessCore): Listener {
    let target: SocketCore | undefined;
    if (address.family === "inet") {
      target = portsOf(this.system).get(portKey(this.type, address.port));
    } else {
      const node = filesOf(this.system).lookup(address.path);
      // UX-ERR-2: no such name.
      if (node === undefined) throw new IpcError("ENOENT", "connect", { path: address.path });
      // UX-PERM-1: write permission on the name, by the one rule (root bypasses).
      requireAccess(caller.credentials, node.ownership, "write", "connect", address.path);
      // UX-ERR-3: a FIFO's name is not a socket's.
      if (!(node instanceof UnixName)) throw new IpcError("ECONNREFUSED", "connect", { path: address.path, detail: "not a socket" });
      // UX-ERR-4: a datagram socket's name.
      if (node.type !== this.type) throw new IpcError("EPROTOTYPE", "connect", { path: address.path });
      target = node.core;
    }
    // ST-ERR-4, UX-ERR-3: nobody listening there (or a stale name).
    const listener = target?.listener;
    if (listener === undefined) throw new IpcError("ECONNREFUSED", "connect", { detail: "nobody listens at that address" });
    return listener;
  }

  /** The last descriptor closed. */
  close(): void {
    this.closed = true;
    // ST-ERR-9: a connect waiting on a full backlog fails EBADF.
    this.stopConnecting?.();
    // ST-ERR-1, ST-ERR-2, ST-EOF-1, ST-ERR-9
    if (this.side !== undefined) closeSide(this.side);
    this.listener?.close();
    this.listener = undefined;
    this.queue?.close();
    if (this.local?.family === "inet") {
      const ports = portsOf(this.system);
      const key = portKey(this.type, this.local.port);
      if (ports.get(key) === this) ports.delete(key);
    }
    // UX-LIFE-1: the name stays, stale, until unlinked.
    if (this.#unixName !== undefined) this.#unixName.core = undefined;
  }
}

/** Opens a new descriptor for an accepted connection's server side, held by `owner`. */
function acceptedSocket(side: Side, owner: ProcessCore, family: SocketFamily): ReferenceSocket {
  const core = new SocketCore(owner.system, family, "stream");
  core.local = side.local;
  core.side = side;
  return ReferenceSocket.open(core, owner);
}

/** Checks an address for a socket of `family` (ST-ERR-8, UX-CAP-1). */
function requireAddress(value: unknown, family: SocketFamily, syscall: string): SocketAddress {
  const checked = requireOptionalObject(value, syscall, "address");
  if (checked === undefined) throw new IpcError("EINVAL", syscall, { detail: "an address is required" });
  const given = checked["family"];
  // ST-ERR-8: the socket's own family.
  if (given !== family) throw new IpcError("EINVAL", syscall, { detail: `the address must be of family ${family}, got ${String(given)}` });
  if (family === "inet") {
    const host = checked["host"];
    // ST-ERR-8: a dotted IPv4 address.
    if (typeof host !== "string" || !isDottedQuad(host)) throw new IpcError("EINVAL", syscall, { detail: "host must be a dotted IPv4 address" });
    // ST-ERR-8: a port from 0 to 65535.
    const port = requireIntegerInRange(checked["port"], 0, 65535, syscall, "port");
    return { family: "inet", host, port };
  }
  const path = checked["path"];
  // UX-CAP-1: at most 107 bytes, then a well-formed absolute path.
  if (typeof path === "string" && encoder.encode(path).length > UNIX_PATH_MAX) {
    throw new IpcError("EINVAL", syscall, { detail: `a Unix path is at most ${UNIX_PATH_MAX} bytes` });
  }
  try {
    return { family: "unix", path: requireFilePath(path, syscall) };
  } catch (error) {
    // UX-CAP-1: every malformed path is EINVAL.
    if (error instanceof IpcError && error.code !== "EINVAL") throw new IpcError("EINVAL", syscall, { cause: error });
    throw error;
  }
}

function isDottedQuad(host: string): boolean {
  const parts = host.split(".");
  return parts.length === 4 && parts.every((part) => /^(0|[1-9][0-9]{0,2})$/.test(part) && Number(part) <= 255);
}

/** ST-ERR-11: the `noSignal` flag of a send, a boolean when given (`EINVAL` otherwise). */
function noSignalOf(options: SendFlags | undefined): boolean {
  const checked = requireOptionalObject(options, "send", "options");
  const noSignal = checked?.["noSignal"];
  if (noSignal !== undefined && typeof noSignal !== "boolean") {
    throw new IpcError("EINVAL", "send", { detail: `options.noSignal must be a boolean, got ${describeType(noSignal)}` });
  }
  return noSignal === true;
}

/**
 * A socket descriptor held by one process: the reference implementation
 * of `Socket` (from `ipckit/spec`). Made by `socket`, `socketpair`,
 * `accept` and `fork`; never constructed directly.
 *
 * @example A socket pair
 * ```ts
 * import { createSystem, ReferenceSocket } from "ipckit/reference";
 * const [a, b] = createSystem().spawn().socketpair("stream");
 * console.assert(a instanceof ReferenceSocket && b.family === "unix");
 * ```
 */
export class ReferenceSocket implements Socket, Descriptor {
  readonly #core: SocketCore;
  readonly #owner: ProcessCore;
  #closed = false;

  private constructor(core: SocketCore, owner: ProcessCore) {
    this.#core = core;
    this.#owner = owner;
  }

  /**
   * Opens a descriptor of `core` in `owner`'s table.
   *
   * @internal
   * @param core - the socket
   * @param owner - the process to hold it
   * @returns the descriptor
   * @throws {IpcError} `ESRCH` when `owner` has exited
   *
   * @example Internal: use socket() instead
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const s = process.socket("inet", "stream");
   * console.assert(process.descriptors.includes(s));
   * ```
   */
  static open(core: SocketCore, owner: ProcessCore): ReferenceSocket {
    owner.requireAlive("socket");
    const socket = new ReferenceSocket(core, owner);
    core.refs += 1;
    owner.addDescriptor(socket);
    return socket;
  }

  /**
   * The address family.
   *
   * @returns `"inet"` or `"unix"`
   *
   * @example The family
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * console.assert(createSystem().spawn().socket("inet", "stream").family === "inet");
   * ```
   */
  get family(): SocketFamily {
    return this.#core.family;
  }

  /**
   * The socket type.
   *
   * @returns `"stream"` or `"dgram"`
   *
   * @example The type
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * console.assert(createSystem().spawn().socket("unix", "stream").type === "stream");
   * ```
   */
  get type(): SocketType {
    return this.#core.type;
  }

  /**
   * `true` once this descriptor is closed.
   *
   * @returns whether it is closed
   *
   * @example Closed
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const s = createSystem().spawn().socket("inet", "stream");
   * s.close();
   * console.assert(s.closed);
   * ```
   */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The process holding this descriptor.
   *
   * @returns the owner
   *
   * @example The owner
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * console.assert(process.socket("inet", "stream").owner === process);
   * ```
   */
  get owner(): ProcessCore {
    return this.#owner;
  }

  /**
   * `bind(2)`: see `Socket.bind`.
   *
   * @param address - the address
   * @throws {IpcError} `EINVAL` (ST-ERR-6, ST-ERR-8, UX-CAP-1), `EADDRINUSE` (ST-ERR-6, UX-ERR-1), `EBADF` (ST-ERR-9)
   *
   * @example Bind a Unix path
   * ```ts
   * import { createSystem, filesOf } from "ipckit/reference";
   * const process = createSystem().spawn();
   * process.socket("unix", "stream").bind({ family: "unix", path: "/tmp/s" });
   * console.assert(filesOf(process.system).lookup("/tmp/s")?.ownership.mode === 0o755);
   * ```
   */
  bind(address: SocketAddress): void {
    this.#checkOpen("bind");
    const checked = requireAddress(address, this.#core.family, "bind");
    this.#core.bind(checked, this.#owner);
  }

  /**
   * `listen(2)`: see `Socket.listen`.
   *
   * @param backlog - a non-negative integer
   * @throws {IpcError} `EINVAL` (ST-ERR-8), `EBADF` (ST-ERR-9)
   *
   * @example Listen on an ephemeral port
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const s = createSystem().spawn().socket("inet", "stream");
   * s.listen(0);
   * console.assert(s.localAddress() !== undefined);
   * ```
   */
  listen(backlog: number = DEFAULT_BACKLOG): void {
    this.#checkOpen("listen");
    // DG-ERR-3: no listening on a datagram socket.
    if (this.#core.type === "dgram") throw new IpcError("EOPNOTSUPP", "listen", { detail: "a datagram socket does not listen" });
    // ST-ERR-8: a backlog from 0 (Linux caps it at SOMAXCONN; so do we).
    const asked = Math.min(requireIntegerInRange(backlog, 0, Number.MAX_SAFE_INTEGER, "listen", "backlog"), DEFAULT_BACKLOG);
    const core = this.#core;
    if (core.side !== undefined) throw new IpcError("EINVAL", "listen", { detail: "the socket is connected" });
    if (core.listener !== undefined) return;
    if (core.family === "unix" && core.local === undefined) throw new IpcError("EINVAL", "listen", { detail: "bind a Unix socket first" });
    // ST-LIFE-1: an unbound internet-style socket gets an ephemeral port.
    core.autobind("listen");
    const local = core.local;
    if (local === undefined) throw new IpcError("EINVAL", "listen");
    core.listener = new Listener(asked, local, core.family);
  }

  /**
   * `accept(2)`: see `Socket.accept`.
   *
   * @param options - an `AbortSignal`
   * @returns the accepted socket
   * @throws {IpcError} (as a rejection) `EINVAL` (ST-ERR-7), `ECANCELED` (ST-BLK-4), `EINTR` (ST-BLK-5), `EBADF` (ST-ERR-9)
   *
   * @example Accept a queued connection
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const server = process.socket("inet", "stream");
   * server.listen();
   * const address = server.localAddress();
   * if (address !== undefined) process.socket("inet", "stream").tryConnect(address);
   * console.assert((await server.accept()).peerAddress().family === "inet");
   * ```
   */
  accept(options?: BlockingOptions): Promise<ReferenceSocket> {
    try {
      this.#checkOpen("accept");
      const { signal } = parseBlocking(options, "accept");
      // ST-BLK-4
      if (signal?.aborted === true) throw canceled("accept", signal.reason);
      const listener = this.#listenerFor();
      const side = listener.take();
      // ST-ORD-3: the oldest pending connection.
      if (side !== undefined) return Promise.resolve(acceptedSocket(side, this.#owner, this.#core.family));
      // ST-BLK-2: none pending: wait for a connect, registered with the
      // accepting process (ST-BLK-5).
      return listener.accepts.enqueue(
        { owner: this.#owner },
        {
          signal,
          blocker: this.#owner,
          syscall: "accept",
          restart: "restart",
          onAbort: (waiter, reason) => listener.accepts.reject(waiter, settledEarly(waiter, "accept", reason)),
        },
      ).promise;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * `accept(2)` without waiting: see `Socket.tryAccept`.
   *
   * @returns the accepted socket
   * @throws {IpcError} `EAGAIN` (ST-NB-1), `EINVAL` (ST-ERR-7), `EBADF` (ST-ERR-9)
   *
   * @example Nothing pending
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const s = createSystem().spawn().socket("inet", "stream");
   * s.listen();
   * try { s.tryAccept(); } catch (e) { console.assert(IpcError.is(e, "EAGAIN")); }
   * ```
   */
  tryAccept(): ReferenceSocket {
    this.#checkOpen("accept");
    const side = this.#listenerFor().take();
    // ST-NB-1: none pending: EAGAIN.
    if (side === undefined) throw new IpcError("EAGAIN", "accept", { detail: "no connection is pending" });
    // ST-ORD-3
    return acceptedSocket(side, this.#owner, this.#core.family);
  }

  /**
   * `connect(2)`: see `Socket.connect`.
   *
   * @param address - the listener's address
   * @param options - an `AbortSignal`
   * @throws {IpcError} (as a rejection) `ECONNREFUSED` (ST-ERR-4, UX-ERR-3), `EISCONN` (ST-ERR-5),
   *   `ENOENT` (UX-ERR-2), `EACCES` (UX-PERM-1), `EINVAL` (ST-ERR-8), `ECANCELED` (ST-BLK-4), `EINTR` (ST-BLK-5), `EBADF` (ST-ERR-9)
   *
   * @example Connect to a listener
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const server = process.socket("unix", "stream");
   * server.bind({ family: "unix", path: "/tmp/server" });
   * server.listen();
   * const client = process.socket("unix", "stream");
   * await client.connect({ family: "unix", path: "/tmp/server" });
   * console.assert(client.peerAddress().family === "unix");
   * ```
   */
  connect(address: SocketAddress, options?: BlockingOptions): Promise<void> {
    try {
      this.#checkOpen("connect");
      const checked = requireAddress(address, this.#core.family, "connect");
      const { signal } = parseBlocking(options, "connect");
      // ST-BLK-4
      if (signal?.aborted === true) throw canceled("connect", signal.reason);
      if (this.#core.type === "dgram") {
        this.#connectDgram(checked);
        return Promise.resolve();
      }
      const listener = this.#prepareConnect(checked);
      // ST-CAP-1: room in the backlog: connected now.
      if (listener.hasRoom) {
        listener.establish(this.#core);
        return Promise.resolve();
      }
      // ST-CAP-1: the backlog is full: wait for an accept to make room,
      // registered with the connecting process (ST-BLK-5); an interrupted
      // connect makes no connection.
      const waiter = listener.connects.enqueue(
        { client: this.#core },
        {
          signal,
          blocker: this.#owner,
          syscall: "connect",
          restart: "restart",
          onAbort: (aborted, reason) => listener.connects.reject(aborted, settledEarly(aborted, "connect", reason)),
        },
      );
      // ST-ERR-9: closing the socket ends the wait with EBADF.
      this.#core.stopConnecting = () => {
        if (!waiter.settled) listener.connects.reject(waiter, new IpcError("EBADF", "connect", { detail: "the socket was closed while it waited" }));
      };
      return waiter.promise;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * `connect(2)` without waiting: see `Socket.tryConnect`.
   *
   * @param address - the listener's address
   * @throws {IpcError} `EAGAIN` (ST-CAP-1), and the errors of `connect`
   *
   * @example Connect at once
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const server = process.socket("inet", "stream");
   * server.bind({ family: "inet", host: "127.0.0.1", port: 5000 });
   * server.listen();
   * const client = process.socket("inet", "stream");
   * client.tryConnect({ family: "inet", host: "127.0.0.1", port: 5000 });
   * const peer = client.peerAddress();
   * console.assert(peer.family === "inet" && peer.port === 5000);
   * ```
   */
  tryConnect(address: SocketAddress): void {
    this.#checkOpen("connect");
    const checked = requireAddress(address, this.#core.family, "connect");
    if (this.#core.type === "dgram") {
      this.#connectDgram(checked);
      return;
    }
    const listener = this.#prepareConnect(checked);
    // ST-CAP-1: a full backlog: EAGAIN (as AF_UNIX).
    if (!listener.hasRoom) throw new IpcError("EAGAIN", "connect", { detail: "the listener's backlog is full" });
    listener.establish(this.#core);
  }

  /**
   * `send(2)`: see `Socket.send`.
   *
   * @param data - the bytes
   * @param options - an `AbortSignal`, and `noSignal` (no `SIGPIPE` with the `EPIPE`: ST-ERR-11)
   * @returns the count sent
   * @throws {IpcError} (as a rejection) `EPIPE` after raising `SIGPIPE` (ST-EOF-2, ST-EOF-3, ST-ERR-1,
   *   ST-ERR-10), `ENOTCONN` (ST-ERR-3), `EINVAL` (ST-ERR-8), `ECANCELED` (ST-BLK-4), `EINTR` (ST-BLK-5),
   *   `EBADF` (ST-ERR-9)
   *
   * @example Send
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [a] = createSystem().spawn().socketpair("stream");
   * console.assert((await a.send(new Uint8Array(4))) === 4);
   * ```
   */
  send(data: Uint8Array, options?: SendOptions): Promise<number> {
    try {
      const noSignal = noSignalOf(options);
      if (this.#core.type === "dgram") return this.#sendDatagram(data, undefined, options, "send");
      const tx = this.#sendChannel(data, noSignal);
      const { signal } = parseBlocking(options, "send");
      // ST-BLK-4
      if (signal?.aborted === true) throw canceled("send", signal.reason);
      if (data.length === 0) return Promise.resolve(0);
      return tx.send(data, signal, this.#owner, noSignal);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * `send(2)` without waiting: see `Socket.trySend`.
   *
   * @param data - the bytes
   * @param flags - `noSignal`: fail `EPIPE` without raising `SIGPIPE` (ST-ERR-11)
   * @returns the count sent
   * @throws {IpcError} `EAGAIN` (ST-NB-2), and the errors of `send` (`EPIPE` after raising `SIGPIPE`
   *   unless `noSignal`: ST-ERR-10, ST-ERR-11)
   *
   * @example Send what fits
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [a] = createSystem().spawn().socketpair("stream");
   * console.assert(a.trySend(new Uint8Array(10)) === 10);
   * ```
   */
  trySend(data: Uint8Array, flags?: SendFlags): number {
    const noSignal = noSignalOf(flags);
    if (this.#core.type === "dgram") return this.#trySendDatagram(data, undefined, "send");
    const tx = this.#sendChannel(data, noSignal);
    if (data.length === 0) return 0;
    return tx.trySend(data);
  }

  /**
   * `sendto(2)`: see `Socket.sendTo` (DG-ORD-1, DG-CAP-1, DG-CAP-2, UX-BLK-1);
   * `EOPNOTSUPP` on a stream socket.
   *
   * @param data - the datagram
   * @param address - the destination
   * @param options - an `AbortSignal`
   * @returns the count sent
   * @throws {IpcError} (as a rejection) `EOPNOTSUPP` on a stream socket, and the datagram errors of `Socket.sendTo` / `Socket.recvFrom`, `EBADF` (ST-ERR-9)
   *
   * @example Not for streams
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const [a] = createSystem().spawn().socketpair("stream");
   * await a.sendTo(new Uint8Array(1), { family: "unix", path: "/x" }).catch((e) => console.assert(IpcError.is(e, "EOPNOTSUPP")));
   * ```
   */
  sendTo(data: Uint8Array, address: SocketAddress, options?: BlockingOptions): Promise<number> {
    try {
      if (this.#core.type === "dgram") return this.#sendDatagram(data, address, options, "sendto");
      return this.#datagramOnly("sendto");
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * `sendto(2)`: see `Socket.sendTo` (DG-ORD-1, DG-CAP-1, DG-CAP-2, UX-BLK-1);
   * `EOPNOTSUPP` on a stream socket.
   *
   * @param data - the datagram
   * @param address - the destination
   * @returns the count sent
   * @throws {IpcError} `EOPNOTSUPP` on a stream socket, and the datagram errors of `Socket.trySendTo` / `Socket.tryRecvFrom`, `EBADF` (ST-ERR-9)
   *
   * @example Not for streams
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const [a] = createSystem().spawn().socketpair("stream");
   * try { a.trySendTo(new Uint8Array(1), { family: "unix", path: "/x" }); } catch (e) { console.assert(IpcError.is(e, "EOPNOTSUPP")); }
   * ```
   */
  trySendTo(data: Uint8Array, address: SocketAddress): number {
    if (this.#core.type === "dgram") return this.#trySendDatagram(data, address, "sendto");
    return this.#datagramOnly("sendto");
  }

  /**
   * `recv(2)`: see `Socket.recv`.
   *
   * @param buffer - where the bytes go
   * @param options - an `AbortSignal`
   * @returns the count received, 0 at end of file
   * @throws {IpcError} (as a rejection) `ECONNRESET` (ST-ERR-2), `ENOTCONN` (ST-ERR-3), `EINVAL` (ST-ERR-8),
   *   `ECANCELED` (ST-BLK-4), `EINTR` (ST-BLK-5), `EBADF` (ST-ERR-9)
   *
   * @example Receive
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [a, b] = createSystem().spawn().socketpair("stream");
   * const pending = b.recv(new Uint8Array(4));
   * a.trySend(new Uint8Array([9]));
   * console.assert((await pending) === 1);
   * ```
   */
  recv(buffer: Uint8Array, options?: BlockingOptions): Promise<number> {
    try {
      if (this.#core.type === "dgram") return this.#recvDatagram(buffer, options, "recv").then((datagram) => datagram.length);
      const rx = this.#recvChannel(buffer);
      const { signal } = parseBlocking(options, "recv");
      // ST-BLK-4
      if (signal?.aborted === true) throw canceled("recv", signal.reason);
      if (buffer.length === 0) return Promise.resolve(0);
      return rx.recv(buffer, signal, this.#owner);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * `recv(2)` without waiting: see `Socket.tryRecv`.
   *
   * @param buffer - where the bytes go
   * @returns the count received, 0 at end of file
   * @throws {IpcError} `EAGAIN` (ST-NB-1), and the errors of `recv`
   *
   * @example Nothing yet
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const [a] = createSystem().spawn().socketpair("stream");
   * try { a.tryRecv(new Uint8Array(1)); } catch (e) { console.assert(IpcError.is(e, "EAGAIN")); }
   * ```
   */
  tryRecv(buffer: Uint8Array): number {
    if (this.#core.type === "dgram") return this.#tryRecvDatagram(buffer, "recv").length;
    const rx = this.#recvChannel(buffer);
    if (buffer.length === 0) return 0;
    return rx.tryRecv(buffer);
  }

  /**
   * `recvfrom(2)`: see `Socket.recvFrom` (DG-ORD-1, DG-ERR-1, DG-EOF-1, DG-BLK-1);
   * `EOPNOTSUPP` on a stream socket.
   *
   * @param buffer - where the datagram goes
   * @param options - an `AbortSignal`
   * @returns the datagram's length, truncation and sender
   * @throws {IpcError} (as a rejection) `EOPNOTSUPP` on a stream socket, and the datagram errors of `Socket.sendTo` / `Socket.recvFrom`, `EBADF` (ST-ERR-9)
   *
   * @example Not for streams
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const [a] = createSystem().spawn().socketpair("stream");
   * await a.recvFrom(new Uint8Array(1)).catch((e) => console.assert(IpcError.is(e, "EOPNOTSUPP")));
   * ```
   */
  recvFrom(buffer: Uint8Array, options?: BlockingOptions): Promise<Datagram> {
    try {
      if (this.#core.type === "dgram") return this.#recvDatagram(buffer, options, "recvfrom");
      return this.#datagramOnly("recvfrom");
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * `recvfrom(2)`: see `Socket.recvFrom` (DG-ORD-1, DG-ERR-1, DG-EOF-1, DG-BLK-1);
   * `EOPNOTSUPP` on a stream socket.
   *
   * @param buffer - where the datagram goes
   * @returns the datagram's length, truncation and sender
   * @throws {IpcError} `EOPNOTSUPP` on a stream socket, and the datagram errors of `Socket.trySendTo` / `Socket.tryRecvFrom`, `EBADF` (ST-ERR-9)
   *
   * @example Not for streams
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const [a] = createSystem().spawn().socketpair("stream");
   * try { a.tryRecvFrom(new Uint8Array(1)); } catch (e) { console.assert(IpcError.is(e, "EOPNOTSUPP")); }
   * ```
   */
  tryRecvFrom(buffer: Uint8Array): Datagram {
    if (this.#core.type === "dgram") return this.#tryRecvDatagram(buffer, "recvfrom");
    return this.#datagramOnly("recvfrom");
  }

  /**
   * `shutdown(2)`: see `Socket.shutdown`.
   *
   * @param how - `"read"`, `"write"` or `"both"`
   * @throws {IpcError} `ENOTCONN` (ST-ERR-3), `EINVAL` (ST-ERR-8), `EBADF` (ST-ERR-9)
   *
   * @example Shut down writing
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [a, b] = createSystem().spawn().socketpair("stream");
   * a.shutdown("write");
   * console.assert(b.tryRecv(new Uint8Array(1)) === 0);
   * ```
   */
  shutdown(how: "read" | "write" | "both"): void {
    this.#checkOpen("shutdown");
    // ST-ERR-8: one of the three directions.
    if (how !== "read" && how !== "write" && how !== "both") {
      throw new IpcError("EINVAL", "shutdown", { detail: `how must be "read", "write" or "both", got ${String(how)}` });
    }
    // DG-ERR-3: a datagram socket has no connection to shut down.
    if (this.#core.type === "dgram") throw new IpcError("EOPNOTSUPP", "shutdown", { detail: "a datagram socket has no connection" });
    const side = this.#side("shutdown");
    const core = this.#core;
    // ST-ERR-10: the senders owed a SIGPIPE, raised once the socket is settled.
    const broken: ProcessCore[] = [];
    if (how !== "write" && !core.shutRead) {
      core.shutRead = true;
      // ST-EOF-3: receives drain, then 0; the peer's sends fail EPIPE.
      broken.push(...side.rx.endReads());
    }
    if (how !== "read" && !core.shutWrite) {
      core.shutWrite = true;
      // ST-EOF-2: this side's own pending sends fail EPIPE (or resolve the count moved)...
      broken.push(...side.tx.failSends(() => brokenPipe("the socket's write side was shut down")));
      // ST-EOF-1: ...and the peer reads what is buffered, then 0.
      side.tx.endWrites();
    }
    raiseSigpipes(broken);
  }

  /**
   * `getsockname(2)`: see `Socket.localAddress`.
   *
   * @returns the local address, or `undefined` while unbound
   * @throws {IpcError} `EBADF` (ST-ERR-9)
   *
   * @example After bind
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const s = createSystem().spawn().socket("inet", "stream");
   * s.bind({ family: "inet", host: "127.0.0.1", port: 4000 });
   * console.assert(s.localAddress()?.family === "inet");
   * ```
   */
  localAddress(): SocketAddress | undefined {
    this.#checkOpen("getsockname");
    // ST-LIFE-1
    return this.#core.side?.local ?? this.#core.local;
  }

  /**
   * `getpeername(2)`: see `Socket.peerAddress`.
   *
   * @returns the peer's address
   * @throws {IpcError} `ENOTCONN` (ST-ERR-3), `EBADF` (ST-ERR-9)
   *
   * @example An unnamed peer
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [a] = createSystem().spawn().socketpair("stream");
   * console.assert(a.peerAddress().family === "unix");
   * ```
   */
  peerAddress(): SocketAddress {
    this.#checkOpen("getpeername");
    const peer = this.#core.dgramPeer;
    // DG-LIFE-1: a datagram socket's peer is the address it connected to.
    if (peer !== undefined) return peer;
    // ST-LIFE-1, UX-LIFE-3
    return this.#side("getpeername").peer;
  }

  /**
   * Opens a duplicate of this descriptor in `process` (what `fork` does).
   *
   * @param holder - the process to hold the duplicate
   * @returns the duplicate, sharing this socket
   * @throws {IpcError} `EBADF` when closed (ST-ERR-9)
   *
   * @example A duplicate keeps the socket open
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const [a, b] = system.spawn().socketpair("stream");
   * const copy = a.dupInto(system.spawn());
   * a.close();
   * console.assert(copy.trySend(new Uint8Array(1)) === 1 && b.tryRecv(new Uint8Array(2)) === 1);
   * ```
   */
  dupInto(holder: ProcessCore): ReferenceSocket {
    this.#checkOpen("fork");
    return ReferenceSocket.open(this.#core, holder);
  }

  /**
   * `close(2)`: see `Socket.close`.
   *
   * @throws {IpcError} `EBADF` when already closed (ST-ERR-9)
   *
   * @example Close
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const s = createSystem().spawn().socket("inet", "stream");
   * s.close();
   * console.assert(s.closed);
   * ```
   */
  close(): void {
    this.#checkOpen("close");
    this.#closed = true;
    this.#owner.removeDescriptor(this);
    this.#core.refs -= 1;
    // The last descriptor closes the socket (ST-EOF-1, ST-ERR-1, ST-ERR-2, ST-ERR-9).
    if (this.#core.refs === 0) this.#core.close();
  }

  #checkOpen(syscall: string): void {
    // ST-ERR-9: every call on a closed descriptor fails EBADF.
    if (this.#closed) throw new IpcError("EBADF", syscall, { detail: "the socket is closed" });
  }

  #side(syscall: string): Side {
    const side = this.#core.side;
    // ST-ERR-3: not connected.
    if (side === undefined) throw new IpcError("ENOTCONN", syscall, { detail: "the socket is not connected" });
    return side;
  }

  #sendChannel(data: Uint8Array, noSignal: boolean): Channel {
    this.#checkOpen("send");
    // ST-ERR-8: the data must be a Uint8Array.
    requireUint8Array(data, "send", "data");
    const side = this.#side("send");
    // ST-EOF-2: this side shut down writing; ST-ERR-10: SIGPIPE first.
    if (this.#core.shutWrite) throw this.#brokenPipe("the socket's write side was shut down", noSignal);
    // ST-ERR-1, ST-EOF-3: the peer closed or shut down reading; ST-ERR-10.
    if (side.tx.readerDone) throw this.#brokenPipe("the peer no longer receives", noSignal);
    return side.tx;
  }

  /** ST-ERR-10: a send that may not send raises SIGPIPE on its process (unless noSignal: ST-ERR-11), then fails EPIPE. */
  #brokenPipe(detail: string, noSignal: boolean): IpcError {
    if (!noSignal) raiseSigpipe(this.#owner);
    return brokenPipe(detail);
  }

  #recvChannel(buffer: Uint8Array): Channel {
    this.#checkOpen("recv");
    // ST-ERR-8
    requireUint8Array(buffer, "recv", "buffer");
    return this.#side("recv").rx;
  }

  #listenerFor(): Listener {
    // DG-ERR-3: no accepting on a datagram socket.
    if (this.#core.type === "dgram") throw new IpcError("EOPNOTSUPP", "accept", { detail: "a datagram socket does not accept" });
    const listener = this.#core.listener;
    // ST-ERR-7: not listening.
    if (listener === undefined) throw new IpcError("EINVAL", "accept", { detail: "the socket is not listening" });
    return listener;
  }

  #prepareConnect(address: SocketAddress): Listener {
    const core = this.#core;
    // ST-ERR-5: connected already, or a listener.
    if (core.side !== undefined) throw new IpcError("EISCONN", "connect", { detail: "the socket is already connected" });
    if (core.listener !== undefined) throw new IpcError("EINVAL", "connect", { detail: "the socket is listening" });
    const listener = core.findListener(address, this.#owner);
    // ST-LIFE-1: an unbound client gets an ephemeral port.
    core.autobind("connect");
    return listener;
  }

  #connectDgram(address: SocketAddress): void {
    const core = this.#core;
    // UX-ERR-2, UX-ERR-3, UX-ERR-4, UX-PERM-1: the name must lead to a datagram socket.
    core.findReceiver(address, this.#owner, "connect");
    // ST-LIFE-1: an unbound socket gets an ephemeral port.
    core.autobind("connect");
    core.pairedWith = undefined;
    // DG-LIFE-1: the default destination and the only sender received from; connect may be repeated.
    core.dgramPeer = address.family === "inet" ? Object.freeze({ family: "inet", host: address.host, port: address.port }) : Object.freeze({ family: "unix", path: address.path });
  }

  /** Checks a datagram send and resolves where it goes: the queue, or undefined to drop it. */
  #prepareDatagram(data: Uint8Array, address: SocketAddress | undefined, syscall: string): { readonly queue: DgramQueue | undefined; readonly item: Queued } {
    this.#checkOpen(syscall);
    // ST-ERR-8
    requireUint8Array(data, syscall, "data");
    const core = this.#core;
    let target = address === undefined ? undefined : requireAddress(address, core.family, syscall);
    if (target === undefined) {
      target = core.dgramPeer;
      // DG-ERR-2: no destination on an unconnected socket.
      if (target === undefined) {
        throw new IpcError(core.family === "inet" ? "EDESTADDRREQ" : "ENOTCONN", syscall, { detail: "the socket is not connected and no address was given" });
      }
    }
    // DG-CAP-1: too long for one datagram: EMSGSIZE, nothing sent.
    if (data.length > DGRAM_MAX) throw new IpcError("EMSGSIZE", syscall, { detail: `a datagram carries at most ${DGRAM_MAX} bytes, got ${data.length}` });
    // UX-LIFE-3: a socketpair's datagrams go to the other socket.
    const paired = target === core.dgramPeer ? core.pairedWith : undefined;
    const receiver = paired ?? core.findReceiver(target, this.#owner, syscall);
    // ST-LIFE-1: an unbound internet-style sender gets an ephemeral port.
    core.autobind(syscall);
    const from = core.local;
    // DG-LIFE-1: a connected receiver takes datagrams from its peer only; others are dropped.
    const filtered = paired === undefined && receiver?.dgramPeer !== undefined && !sameAddress(receiver.dgramPeer, from);
    return { queue: receiver === undefined || filtered || receiver.closed ? undefined : receiver.queue, item: { data: data.slice(), from } };
  }

  #sendDatagram(data: Uint8Array, address: SocketAddress | undefined, options: BlockingOptions | undefined, syscall: string): Promise<number> {
    const { queue, item } = this.#prepareDatagram(data, address, syscall);
    const { signal } = parseBlocking(options, syscall);
    // ST-BLK-4
    if (signal?.aborted === true) throw canceled(syscall, signal.reason);
    // DG-CAP-2: nobody there: dropped, and the send succeeds.
    if (queue === undefined) return Promise.resolve(data.length);
    return queue.send(item, signal, this.#owner, syscall);
  }

  #trySendDatagram(data: Uint8Array, address: SocketAddress | undefined, syscall: string): number {
    const { queue, item } = this.#prepareDatagram(data, address, syscall);
    return queue === undefined ? data.length : queue.trySend(item);
  }

  #recvDatagram(buffer: Uint8Array, options: BlockingOptions | undefined, syscall: string): Promise<Datagram> {
    this.#checkOpen(syscall);
    // ST-ERR-8
    requireUint8Array(buffer, syscall, "buffer");
    const { signal } = parseBlocking(options, syscall);
    // ST-BLK-4
    if (signal?.aborted === true) throw canceled(syscall, signal.reason);
    const queue = this.#core.queue;
    if (queue === undefined) throw new IpcError("EOPNOTSUPP", syscall);
    return queue.recv(buffer, signal, this.#owner, syscall);
  }

  #tryRecvDatagram(buffer: Uint8Array, syscall: string): Datagram {
    this.#checkOpen(syscall);
    // ST-ERR-8
    requireUint8Array(buffer, syscall, "buffer");
    const queue = this.#core.queue;
    if (queue === undefined) throw new IpcError("EOPNOTSUPP", syscall);
    return queue.tryRecv(buffer);
  }

  #datagramOnly(syscall: string): never {
    this.#checkOpen(syscall);
    throw new IpcError("EOPNOTSUPP", syscall, { detail: "a datagram call on a stream socket" });
  }
}

/**
 * `socket(2)` as `process`: the operation behind `ReferenceProcess.socket`.
 *
 * @param caller - the caller
 * @param family - `"inet"` or `"unix"`
 * @param type - `"stream"` or `"dgram"`
 * @returns the new socket
 * @throws {IpcError} `EINVAL` (ST-ERR-8), `ESRCH` when the caller exited
 *
 * @example A new socket
 * ```ts
 * import { createSystem, socket } from "ipckit/reference";
 * console.assert(socket(createSystem().spawn(), "inet", "stream").type === "stream");
 * ```
 */
export function socket(caller: ProcessCore, family: SocketFamily, type: SocketType): ReferenceSocket {
  caller.requireAlive("socket");
  // ST-ERR-8: a known family and type.
  if (family !== "inet" && family !== "unix") throw new IpcError("EINVAL", "socket", { detail: `unknown family ${String(family)}` });
  if (type !== "stream" && type !== "dgram") throw new IpcError("EINVAL", "socket", { detail: `unknown type ${String(type)}` });
  return ReferenceSocket.open(new SocketCore(caller.system, family, type), caller);
}

/**
 * `socketpair(2)` as `process`: two connected, unnamed Unix-family sockets (UX-LIFE-3).
 *
 * @param caller - the caller
 * @param type - `"stream"` or `"dgram"`
 * @returns the two sockets
 * @throws {IpcError} `EINVAL` (ST-ERR-8), `ESRCH` when the caller exited
 *
 * @example A pair
 * ```ts
 * import { createSystem, socketpair } from "ipckit/reference";
 * const [a, b] = socketpair(createSystem().spawn(), "stream");
 * a.trySend(new Uint8Array([5]));
 * console.assert(b.tryRecv(new Uint8Array(1)) === 1);
 * ```
 */
export function socketpair(caller: ProcessCore, type: SocketType): readonly [ReferenceSocket, ReferenceSocket] {
  caller.requireAlive("socketpair");
  // ST-ERR-8
  if (type !== "stream" && type !== "dgram") throw new IpcError("EINVAL", "socketpair", { detail: `unknown type ${String(type)}` });
  // UX-LIFE-3: connected to each other, both unnamed.
  const [sideA, sideB] = connection(undefined, undefined);
  const a = new SocketCore(caller.system, "unix", type);
  const b = new SocketCore(caller.system, "unix", type);
  if (type === "stream") {
    a.side = sideA;
    b.side = sideB;
  } else {
    // UX-LIFE-3: each datagram socket's peer is the other, unnamed.
    a.dgramPeer = UNNAMED;
    b.dgramPeer = UNNAMED;
    a.pairedWith = b;
    b.pairedWith = a;
  }
  return [ReferenceSocket.open(a, caller), ReferenceSocket.open(b, caller)] as const;
}
