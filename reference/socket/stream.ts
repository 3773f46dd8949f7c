/**
 * A stream connection: two {@link StreamChannel}s, one per direction, each a
 * byte channel (`reference/base/byte-channel.ts`, the pipe's) with what a
 * connection adds: the sender's end of data (ST-EOF-1), the receiver's
 * (ST-EOF-3, ST-ERR-1), and the reset a close with bytes unread leaves
 * (ST-ERR-2). Each end holds a {@link Side}: its receive channel, its send
 * channel and the two addresses, so every step of a connection is O(1).
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { SocketAddress } from "../../spec/socket.ts";
import { STREAM_BUFFER_SIZE } from "../../spec/stream.ts";
import { ByteChannel } from "../base/byte-channel.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import { raiseSigpipe } from "../kernel/signal-delivery.ts";
import { UNNAMED } from "./address.ts";

/** The `EPIPE` of a send that may not send (ST-EOF-2, ST-EOF-3, ST-ERR-1). */
export function brokenPipe(detail: string): IpcError {
  return new IpcError("EPIPE", "send", { detail });
}

/**
 * ST-ERR-10: raises SIGPIPE on each process whose send failed EPIPE having
 * sent nothing. Called once the sockets are settled, since a process it
 * terminates closes its own sockets.
 */
export function raiseSigpipes(senders: readonly ProcessCore[]): void {
  for (const sender of senders) raiseSigpipe(sender);
}

/**
 * One direction of a connection: the receiver's buffer and the calls waiting
 * on it. A waiting send knows the process SIGPIPE goes to (ST-ERR-10), or
 * nobody for a send given noSignal (ST-ERR-11).
 */
export class StreamChannel {
  /** The bytes sent and not yet received, oldest first (ST-ORD-1), and the waiting calls. */
  readonly #bytes: ByteChannel<undefined, ProcessCore | undefined>;
  /** The sender shut down its write side or closed (ST-EOF-1). */
  #writerDone = false;
  /** The receiver shut down its read side or closed (ST-EOF-3, ST-ERR-1). */
  #readerDone = false;
  /** The sender closed with bytes of its own unread: one ECONNRESET due (ST-ERR-2). */
  #reset = false;

  constructor() {
    this.#bytes = new ByteChannel(STREAM_BUFFER_SIZE, {
      // ST-BLK-3: a send may move in parts; no size is atomic.
      atomic: 0,
      read: "recv",
      write: "send",
      empty: "nothing is buffered",
      full: "the peer's receive buffer is full",
      whenEmpty: () => this.#emptyOutcome(),
    });
  }

  /**
   * Whether the receiver will receive no more (ST-EOF-3, ST-ERR-1).
   *
   * @returns `true` once it shut down reading or closed
   */
  get readerDone(): boolean {
    return this.#readerDone;
  }

  /** The outcome of a receive that finds the buffer empty, or undefined to wait. */
  #emptyOutcome(): number | undefined {
    // ST-ERR-2: the reset is reported once, then end of file.
    if (this.#reset) {
      this.#reset = false;
      throw new IpcError("ECONNRESET", "recv", { detail: "the peer closed with bytes unread" });
    }
    // ST-EOF-1, ST-EOF-3: drained, and no more will come: 0, every time.
    if (this.#writerDone || this.#readerDone) return 0;
    return undefined;
  }

  /** A blocking receive into a non-empty buffer (ST-ORD-2, ST-BLK-1), registered with `receiver` (ST-BLK-5). */
  recv(buffer: Uint8Array, signal: AbortSignal | undefined, receiver: ProcessCore): Promise<number> {
    return this.#bytes.read(buffer, signal, receiver, undefined);
  }

  /** A non-blocking receive into a non-empty buffer (ST-NB-1). */
  tryRecv(buffer: Uint8Array): number {
    return this.#bytes.tryRead(buffer);
  }

  /** A blocking send of a non-empty array (ST-ORD-1, ST-BLK-3), registered with `sender` (ST-BLK-5). */
  send(data: Uint8Array, signal: AbortSignal | undefined, sender: ProcessCore, noSignal: boolean): Promise<number> {
    // ST-ERR-11: a send given noSignal names nobody to raise SIGPIPE on.
    return this.#bytes.write(data, signal, sender, noSignal ? undefined : sender);
  }

  /** A non-blocking send of a non-empty array (ST-NB-2). */
  trySend(data: Uint8Array): number {
    return this.#bytes.tryWrite(data);
  }

  /** The sender will send no more: shutdown("write") or close (ST-EOF-1). */
  endWrites(): void {
    this.#writerDone = true;
    this.#bytes.settleReads(() => {
      // ST-ERR-2: the first waiting receive reports the reset...
      if (!this.#reset) return 0;
      this.#reset = false;
      return new IpcError("ECONNRESET", "recv", { detail: "the peer closed with bytes unread" });
    });
    // ST-EOF-1: ...the others (or all, without one) resolve 0.
  }

  /**
   * The receiver will receive no more: shutdown("read") or close (ST-EOF-3,
   * ST-ERR-1). Returns the senders owed a SIGPIPE (ST-ERR-10).
   */
  endReads(): ProcessCore[] {
    this.#readerDone = true;
    // ST-EOF-3: its waiting receives (on an empty buffer) resolve 0.
    this.#bytes.settleReads(() => 0);
    // ST-ERR-1, ST-EOF-3: waiting sends resolve the count moved, or fail EPIPE.
    return this.failSends(() => brokenPipe("the peer no longer receives"));
  }

  /**
   * Settles every waiting send: the count moved, or the error when none was.
   * Returns the senders whose send failed having sent nothing: those a
   * SIGPIPE is owed when the error is EPIPE (ST-ERR-10).
   */
  failSends(error: () => IpcError): ProcessCore[] {
    const failed: ProcessCore[] = [];
    this.#bytes.settleWrites((write) => {
      if (write.written > 0) return write.written;
      if (write.tag !== undefined) failed.push(write.tag);
      return error();
    });
    return failed;
  }

  /** Rejects every waiting receive with `error` (the receiving socket closed: ST-ERR-9). */
  failReceives(error: IpcError): void {
    this.#bytes.settleReads(() => error);
  }

  /**
   * Discards what is buffered, as the receiver closes (ST-ERR-2).
   *
   * @returns whether bytes were left unread
   */
  discardUnread(): boolean {
    const unread = this.#bytes.buffered > 0;
    this.#bytes.clear();
    return unread;
  }

  /** The sender closed with bytes unread on its own side: the receiver's next receive on the empty buffer fails ECONNRESET, once (ST-ERR-2). */
  markReset(): void {
    this.#reset = true;
  }
}

/** One end of a connection. */
export interface Side {
  /** What this end receives. */
  readonly rx: StreamChannel;
  /** What this end sends. */
  readonly tx: StreamChannel;
  readonly local: SocketAddress | undefined;
  readonly peer: SocketAddress;
}

/** Makes a connection: the two sides, each the other's mirror. */
export function connection(a: SocketAddress | undefined, b: SocketAddress | undefined): readonly [Side, Side] {
  const ab = new StreamChannel();
  const ba = new StreamChannel();
  return [
    { rx: ba, tx: ab, local: a, peer: b ?? UNNAMED },
    { rx: ab, tx: ba, local: b, peer: a ?? UNNAMED },
  ];
}

/** The last close of one end: the peer learns of it (ST-EOF-1, ST-ERR-1, ST-ERR-2). */
export function closeSide(side: Side): void {
  const own = (call: string): IpcError => new IpcError("EBADF", call, { detail: "the socket was closed while the call waited" });
  // ST-ERR-9: this end's own waiting calls fail EBADF.
  side.rx.failReceives(own("recv"));
  side.tx.failSends(() => own("send"));
  // ST-ERR-2: unread bytes here reset the peer (reported after what it has buffered).
  if (side.rx.discardUnread()) side.tx.markReset();
  // ST-EOF-1: the peer reads what is buffered, then 0.
  side.tx.endWrites();
  // ST-ERR-1: the peer's sends fail EPIPE; ST-ERR-10: with SIGPIPE, last.
  raiseSigpipes(side.rx.endReads());
}
