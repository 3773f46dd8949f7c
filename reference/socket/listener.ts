/**
 * A listening socket's queue of established connections not yet accepted
 * (ST-ORD-3), with the accepts waiting for one (ST-BLK-2) and the connects
 * waiting for room in a full backlog (ST-CAP-1).
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { Socket, SocketAddress, SocketFamily } from "../../spec/socket.ts";
import { settledEarly } from "../base/byte-channel.ts";
import { WaitQueue } from "../base/wait-queue.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import type { Side } from "./stream.ts";
import { closeSide, connection } from "./stream.ts";

/** A socket connecting: its address, and how it takes its side of the connection. */
export interface Connecting {
  /** Its local address, once bound. */
  readonly local: SocketAddress | undefined;
  /**
   * Takes its side of a new connection.
   *
   * @param side - the client's side
   */
  connectTo(side: Side): void;
}

/** A connect waiting on a full backlog. */
interface PendingConnect {
  readonly client: Connecting;
}

/** An accept waiting for a connection. */
interface PendingAccept {
  /** The process accepting, which will hold the new socket. */
  readonly owner: ProcessCore;
}

/** A listening socket's backlog. */
export class Listener {
  readonly backlog: number;
  readonly address: SocketAddress;
  readonly family: SocketFamily;
  /** Server sides not yet accepted, oldest first (ST-ORD-3); head index for O(1) removal. */
  #queue: Side[] = [];
  #head = 0;
  /** Accepts waiting for a connection (ST-BLK-2). */
  readonly #accepts = new WaitQueue<PendingAccept, Socket>();
  /** Connects waiting for room in the backlog (ST-CAP-1). */
  readonly #connects = new WaitQueue<PendingConnect, void>();
  /** Opens the socket an accept returns: the server side of a connection, held by `owner`. */
  readonly #accepted: (side: Side, owner: ProcessCore) => Socket;

  constructor(backlog: number, address: SocketAddress, family: SocketFamily, accepted: (side: Side, owner: ProcessCore) => Socket) {
    this.backlog = backlog;
    this.address = address;
    this.family = family;
    this.#accepted = accepted;
  }

  /** Connections established and not yet accepted. */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  /** ST-CAP-1: room for one more connection not yet accepted (backlog + 1, as Linux). */
  get hasRoom(): boolean {
    return this.queued < this.backlog + 1;
  }

  /** Makes the connection of `client` and hands it to an accept or queues it. */
  establish(client: Connecting): void {
    const [clientSide, serverSide] = connection(client.local, this.address);
    client.connectTo(clientSide);
    const accepter = this.#accepts.peek();
    // ST-BLK-2: a waiting accept takes it at once.
    if (accepter !== undefined) {
      this.#accepts.resolve(accepter, this.#accepted(serverSide, accepter.payload.owner));
      return;
    }
    this.#queue.push(serverSide);
  }

  /**
   * Takes the oldest queued connection (ST-ORD-3), then admits a waiting connect (ST-CAP-1).
   *
   * @returns the server side, or `undefined` when none is queued
   */
  take(): Side | undefined {
    if (this.queued === 0) return undefined;
    const side = this.#queue[this.#head];
    this.#head += 1;
    if (this.#head > 64 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    // ST-CAP-1: the room made goes to the connects waiting on the full backlog.
    const waiting = this.#connects.peek();
    if (waiting !== undefined) {
      this.establish(waiting.payload.client);
      this.#connects.resolve(waiting, undefined);
    }
    return side;
  }

  /**
   * Accepts the oldest queued connection for `owner` (ST-ORD-3).
   *
   * @param owner - the process that will hold the socket
   * @returns the socket, or `undefined` when none is queued
   */
  acceptQueued(owner: ProcessCore): Socket | undefined {
    const side = this.take();
    return side === undefined ? undefined : this.#accepted(side, owner);
  }

  /**
   * Waits for a connection to accept (ST-BLK-2), registered with the
   * accepting process (ST-BLK-5).
   *
   * @param owner - the process accepting, which will hold the socket
   * @param signal - stops the wait, not yet aborted
   * @returns the accepted socket
   */
  waitToAccept(owner: ProcessCore, signal: AbortSignal | undefined): Promise<Socket> {
    const accepts = this.#accepts;
    return accepts.enqueue(
      { owner },
      {
        signal,
        blocker: owner,
        syscall: "accept",
        restart: "restart",
        // ST-BLK-4, ST-BLK-5: an aborted or interrupted accept takes no connection.
        onAbort: (waiter, reason) => accepts.reject(waiter, settledEarly(waiter, "accept", reason)),
      },
    ).promise;
  }

  /**
   * Waits for room in the full backlog, then connects `client` (ST-CAP-1),
   * registered with the connecting process (ST-BLK-5); an interrupted connect
   * makes no connection.
   *
   * @param client - the socket connecting
   * @param connector - the process connecting
   * @param signal - stops the wait, not yet aborted
   * @returns the wait's promise, and what ends it when the socket closes (ST-ERR-9: EBADF)
   */
  waitForRoom(client: Connecting, connector: ProcessCore, signal: AbortSignal | undefined): { readonly promise: Promise<void>; readonly stop: () => void } {
    const connects = this.#connects;
    const waiter = connects.enqueue(
      { client },
      {
        signal,
        blocker: connector,
        syscall: "connect",
        restart: "restart",
        onAbort: (aborted, reason) => connects.reject(aborted, settledEarly(aborted, "connect", reason)),
      },
    );
    const stop = (): void => {
      if (!waiter.settled) connects.reject(waiter, new IpcError("EBADF", "connect", { detail: "the socket was closed while it waited" }));
    };
    return { promise: waiter.promise, stop };
  }

  /** The listener closed: waiting calls fail, unaccepted connections close. */
  close(): void {
    this.#accepts.rejectAll(new IpcError("EBADF", "accept", { detail: "the listener was closed" }));
    this.#connects.rejectAll(new IpcError("ECONNREFUSED", "connect", { detail: "the listener was closed" }));
    for (let side = this.take(); side !== undefined; side = this.take()) closeSide(side);
  }
}
