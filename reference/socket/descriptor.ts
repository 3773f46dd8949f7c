/**
 * A socket descriptor held by one process. It checks the descriptor and the
 * arguments before anything changes, then calls its socket
 * (`reference/socket/core.ts`), its connection (`stream.ts`) or its datagram
 * queue (`dgram-queue.ts`).
 *
 * Checks run in this order: closed descriptor (`EBADF`), argument types and
 * addresses (`EINVAL`), an aborted signal (`ECANCELED`), the socket's state
 * (`ENOTCONN`, `EISCONN`, `EINVAL`), then the call's own errors.
 *
 * @module
 */

import { DGRAM_MAX } from "../../spec/dgram.ts";
import { IpcError } from "../../spec/errors.ts";
import type { BlockingOptions } from "../../spec/pipe.ts";
import type { Datagram, SendFlags, SendOptions, Socket, SocketAddress, SocketFamily, SocketType } from "../../spec/socket.ts";
import { DEFAULT_BACKLOG } from "../../spec/stream.ts";
import { parseBlocking } from "../base/blocking.ts";
import { closeOnDispose } from "../base/dispose.ts";
import { canceled } from "../base/interrupt.ts";
import { requireIntegerInRange, requireUint8Array } from "../base/validate.ts";
import type { Descriptor, ProcessCore } from "../kernel/process-core.ts";
import { raiseSigpipe } from "../kernel/signal-delivery.ts";
import { noSignalOf, requireAddress, sameAddress } from "./address.ts";
import { SocketCore } from "./core.ts";
import type { DgramQueue, Queued } from "./dgram-queue.ts";
import type { Listener } from "./listener.ts";
import type { Side, StreamChannel } from "./stream.ts";
import { brokenPipe } from "./stream.ts";

/** Opens a descriptor for an accepted connection's server side, held by `owner`. */
function acceptedSocket(side: Side, owner: ProcessCore, family: SocketFamily): ReferenceSocket {
  const core = new SocketCore(owner.system, family, "stream");
  core.adoptAccepted(side);
  return ReferenceSocket.open(core, owner);
}

/**
 * A socket descriptor held by one process: the reference implementation of
 * `Socket` (from `ipckit/spec`). Made by `socket`, `socketpair`, `accept` and
 * `fork`; never constructed directly. With a runtime that has
 * `Symbol.dispose`, `using` closes it.
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
   */
  static open(core: SocketCore, owner: ProcessCore): ReferenceSocket {
    owner.requireAlive("socket");
    const socket = new ReferenceSocket(core, owner);
    core.hold();
    owner.addDescriptor(socket);
    return socket;
  }

  /** {@inheritDoc spec!Socket.family} */
  get family(): SocketFamily {
    return this.#core.family;
  }

  /** {@inheritDoc spec!Socket.type} */
  get type(): SocketType {
    return this.#core.type;
  }

  /** {@inheritDoc spec!Socket.closed} */
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

  /** {@inheritDoc spec!Socket.bind} */
  bind(address: SocketAddress): void {
    this.#checkOpen("bind");
    const checked = requireAddress(address, this.#core.family, "bind");
    this.#core.bind(checked, this.#owner);
  }

  /** {@inheritDoc spec!Socket.listen} */
  listen(backlog: number = DEFAULT_BACKLOG): void {
    this.#checkOpen("listen");
    // DG-ERR-3: no listening on a datagram socket.
    if (this.#core.type === "dgram") throw new IpcError("EOPNOTSUPP", "listen", { detail: "a datagram socket does not listen" });
    // ST-ERR-8: a backlog from 0 (Linux caps it at SOMAXCONN; so do we).
    const asked = requireIntegerInRange(backlog, 0, Number.MAX_SAFE_INTEGER, "listen", "backlog");
    const family = this.#core.family;
    this.#core.listen(asked, (side, owner) => acceptedSocket(side, owner, family));
  }

  /** {@inheritDoc spec!Socket.accept} */
  accept(options?: BlockingOptions): Promise<Socket> {
    try {
      this.#checkOpen("accept");
      const { signal } = parseBlocking(options, "accept");
      // ST-BLK-4
      if (signal?.aborted === true) throw canceled("accept", signal.reason);
      const listener = this.#listenerFor();
      // ST-ORD-3: the oldest pending connection.
      const accepted = listener.acceptQueued(this.#owner);
      if (accepted !== undefined) return Promise.resolve(accepted);
      // ST-BLK-2: none pending: wait for a connect, registered with the
      // accepting process (ST-BLK-5).
      return listener.waitToAccept(this.#owner, signal);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** {@inheritDoc spec!Socket.tryAccept} */
  tryAccept(): Socket {
    this.#checkOpen("accept");
    // ST-ORD-3
    const accepted = this.#listenerFor().acceptQueued(this.#owner);
    // ST-NB-1: none pending: EAGAIN.
    if (accepted === undefined) throw new IpcError("EAGAIN", "accept", { detail: "no connection is pending" });
    return accepted;
  }

  /** {@inheritDoc spec!Socket.connect} */
  connect(address: SocketAddress, options?: BlockingOptions): Promise<void> {
    try {
      this.#checkOpen("connect");
      const checked = requireAddress(address, this.#core.family, "connect");
      const { signal } = parseBlocking(options, "connect");
      // ST-BLK-4
      if (signal?.aborted === true) throw canceled("connect", signal.reason);
      if (this.#core.type === "dgram") {
        this.#core.connectDgram(checked, this.#owner);
        return Promise.resolve();
      }
      const listener = this.#core.prepareConnect(checked, this.#owner);
      // ST-CAP-1: room in the backlog: connected now.
      if (listener.hasRoom) {
        listener.establish(this.#core);
        return Promise.resolve();
      }
      // ST-CAP-1: the backlog is full: wait for an accept to make room,
      // registered with the connecting process (ST-BLK-5).
      const wait = listener.waitForRoom(this.#core, this.#owner, signal);
      // ST-ERR-9: closing the socket ends the wait with EBADF.
      this.#core.onCloseStopConnecting(wait.stop);
      return wait.promise;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** {@inheritDoc spec!Socket.tryConnect} */
  tryConnect(address: SocketAddress): void {
    this.#checkOpen("connect");
    const checked = requireAddress(address, this.#core.family, "connect");
    if (this.#core.type === "dgram") {
      this.#core.connectDgram(checked, this.#owner);
      return;
    }
    const listener = this.#core.prepareConnect(checked, this.#owner);
    // ST-CAP-1: a full backlog: EAGAIN (as AF_UNIX).
    if (!listener.hasRoom) throw new IpcError("EAGAIN", "connect", { detail: "the listener's backlog is full" });
    listener.establish(this.#core);
  }

  /** {@inheritDoc spec!Socket.send} */
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

  /** {@inheritDoc spec!Socket.trySend} */
  trySend(data: Uint8Array, flags?: SendFlags): number {
    const noSignal = noSignalOf(flags);
    if (this.#core.type === "dgram") return this.#trySendDatagram(data, undefined, "send");
    const tx = this.#sendChannel(data, noSignal);
    if (data.length === 0) return 0;
    return tx.trySend(data);
  }

  /** {@inheritDoc spec!Socket.sendTo} */
  sendTo(data: Uint8Array, address: SocketAddress, options?: BlockingOptions): Promise<number> {
    try {
      if (this.#core.type === "dgram") return this.#sendDatagram(data, address, options, "sendto");
      return this.#datagramOnly("sendto");
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** {@inheritDoc spec!Socket.trySendTo} */
  trySendTo(data: Uint8Array, address: SocketAddress): number {
    if (this.#core.type === "dgram") return this.#trySendDatagram(data, address, "sendto");
    return this.#datagramOnly("sendto");
  }

  /** {@inheritDoc spec!Socket.recv} */
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

  /** {@inheritDoc spec!Socket.tryRecv} */
  tryRecv(buffer: Uint8Array): number {
    if (this.#core.type === "dgram") return this.#tryRecvDatagram(buffer, "recv").length;
    const rx = this.#recvChannel(buffer);
    if (buffer.length === 0) return 0;
    return rx.tryRecv(buffer);
  }

  /** {@inheritDoc spec!Socket.recvFrom} */
  recvFrom(buffer: Uint8Array, options?: BlockingOptions): Promise<Datagram> {
    try {
      if (this.#core.type === "dgram") return this.#recvDatagram(buffer, options, "recvfrom");
      return this.#datagramOnly("recvfrom");
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** {@inheritDoc spec!Socket.tryRecvFrom} */
  tryRecvFrom(buffer: Uint8Array): Datagram {
    if (this.#core.type === "dgram") return this.#tryRecvDatagram(buffer, "recvfrom");
    return this.#datagramOnly("recvfrom");
  }

  /** {@inheritDoc spec!Socket.shutdown} */
  shutdown(how: "read" | "write" | "both"): void {
    this.#checkOpen("shutdown");
    // ST-ERR-8: one of the three directions.
    if (how !== "read" && how !== "write" && how !== "both") {
      throw new IpcError("EINVAL", "shutdown", { detail: `how must be "read", "write" or "both", got ${String(how)}` });
    }
    // DG-ERR-3: a datagram socket has no connection to shut down.
    if (this.#core.type === "dgram") throw new IpcError("EOPNOTSUPP", "shutdown", { detail: "a datagram socket has no connection" });
    // ST-ERR-3, ST-EOF-1, ST-EOF-2, ST-EOF-3, ST-ERR-10
    this.#core.shutdown(this.#side("shutdown"), how);
  }

  /** {@inheritDoc spec!Socket.localAddress} */
  localAddress(): SocketAddress | undefined {
    this.#checkOpen("getsockname");
    // ST-LIFE-1
    return this.#core.side?.local ?? this.#core.local;
  }

  /** {@inheritDoc spec!Socket.peerAddress} */
  peerAddress(): SocketAddress {
    this.#checkOpen("getpeername");
    const peer = this.#core.dgramPeer;
    // DG-LIFE-1: a datagram socket's peer is the address it connected to.
    if (peer !== undefined) return peer;
    // ST-LIFE-1, UX-LIFE-3
    return this.#side("getpeername").peer;
  }

  /** {@inheritDoc Descriptor.dupInto} */
  dupInto(holder: ProcessCore): ReferenceSocket {
    this.#checkOpen("fork");
    return ReferenceSocket.open(this.#core, holder);
  }

  /** {@inheritDoc spec!Socket.close} */
  close(): void {
    this.#checkOpen("close");
    this.#closed = true;
    this.#owner.removeDescriptor(this);
    // The last descriptor closes the socket (ST-EOF-1, ST-ERR-1, ST-ERR-2, ST-ERR-9).
    this.#core.release();
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

  #sendChannel(data: Uint8Array, noSignal: boolean): StreamChannel {
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

  #recvChannel(buffer: Uint8Array): StreamChannel {
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

closeOnDispose(ReferenceSocket);
