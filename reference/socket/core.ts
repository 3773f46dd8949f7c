/**
 * The socket itself (the open file description), shared by the descriptors
 * `fork` duplicates: its type and family, its address, and its end of a
 * connection, its listener or its datagram queue. Internet-style ports live
 * in the system, one table per socket type (`PORTS`); Unix-path names are
 * nodes of the file namespace (`reference/kernel/files.ts`), checked with the
 * one permission rule of `reference/base/namespace.ts`. A FIFO's name is not a
 * socket's (connect: `ECONNREFUSED`), and `openFifo` on a socket's name fails
 * `ENXIO` (UX-ERR-3), since the FIFO lookup accepts only FIFOs.
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { Ownership } from "../../spec/namespace.ts";
import type { Socket, SocketAddress, SocketFamily, SocketType } from "../../spec/socket.ts";
import { DEFAULT_BACKLOG } from "../../spec/stream.ts";
import { assert } from "../base/assert.ts";
import { creationMode, requireAccess } from "../base/namespace.ts";
import { StateKey } from "../base/state-key.ts";
import { filesOf } from "../kernel/files.ts";
import type { FileNode } from "../kernel/files.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import { UNNAMED } from "./address.ts";
import { DgramQueue } from "./dgram-queue.ts";
import { Listener } from "./listener.ts";
import type { Side } from "./stream.ts";
import { brokenPipe, closeSide, raiseSigpipes } from "./stream.ts";

/** The first and last ephemeral ports (Linux's `ip_local_port_range`; ST-LIFE-1). */
const EPHEMERAL_FIRST = 32768;
const EPHEMERAL_LAST = 60999;

/** The key of a system's internet-style ports: the socket bound at each `type/port`. */
const PORTS = new StateKey("inet", () => new Map<string, SocketCore>());

/** The key of a system's cursor over the ephemeral ports (ST-LIFE-1). */
const EPHEMERAL = new StateKey("inet-ephemeral", () => ({ next: EPHEMERAL_FIRST }));

function portKey(type: SocketType, port: number): string {
  return `${type}/${port}`;
}

/** A Unix-path name in the file namespace (UX-LIFE-1). */
class UnixName implements FileNode {
  readonly ownership: Ownership;
  readonly type: SocketType;
  /** The bound socket, undefined once it closed (a stale name: UX-ERR-1, UX-ERR-3). */
  #core: SocketCore | undefined;

  constructor(ownership: Ownership, type: SocketType, core: SocketCore) {
    this.ownership = Object.freeze({ ...ownership });
    this.type = type;
    this.#core = core;
  }

  /**
   * The socket bound to the name.
   *
   * @returns it, or `undefined` for a stale name
   */
  get core(): SocketCore | undefined {
    return this.#core;
  }

  /** The socket closed: the name stays, stale, until unlinked (UX-LIFE-1). */
  release(): void {
    this.#core = undefined;
  }
}

/** The socket itself: what the descriptors `fork` duplicates share. */
export class SocketCore {
  readonly family: SocketFamily;
  readonly type: SocketType;
  /** The system, under which the ports and names are kept. */
  readonly system: object;
  /** How many descriptors refer to it. */
  #refs = 0;
  #local: SocketAddress | undefined = undefined;
  #side: Side | undefined = undefined;
  #listener: Listener | undefined = undefined;
  #closed = false;
  #unixName: UnixName | undefined = undefined;
  /** Local shutdowns (ST-EOF-1, ST-EOF-2, ST-EOF-3). */
  #shutRead = false;
  #shutWrite = false;
  /** A datagram socket's receive queue (DG-ORD-1). */
  readonly #queue: DgramQueue | undefined;
  /** A datagram socket's default peer, set by connect (DG-LIFE-1). */
  #dgramPeer: SocketAddress | undefined = undefined;
  /** Ends a connect waiting on a full backlog (ST-ERR-9). */
  #stopConnecting: (() => void) | undefined = undefined;
  /** The other datagram socket of a socketpair (UX-LIFE-3). */
  #pairedWith: SocketCore | undefined = undefined;

  constructor(system: object, family: SocketFamily, type: SocketType) {
    this.system = system;
    this.family = family;
    this.type = type;
    // UX-BLK-1, DG-CAP-2: Unix-path datagrams are reliable; internet-style ones may drop.
    this.#queue = type === "dgram" ? new DgramQueue(family === "unix") : undefined;
  }

  /** @returns whether the last descriptor closed */
  get closed(): boolean {
    return this.#closed;
  }

  /** @returns the address it is bound to, if any */
  get local(): SocketAddress | undefined {
    return this.#local;
  }

  /** @returns its end of a connection, once connected */
  get side(): Side | undefined {
    return this.#side;
  }

  /** @returns its listener, while it listens */
  get listener(): Listener | undefined {
    return this.#listener;
  }

  /** @returns a datagram socket's receive queue */
  get queue(): DgramQueue | undefined {
    return this.#queue;
  }

  /** @returns a datagram socket's default peer (DG-LIFE-1) */
  get dgramPeer(): SocketAddress | undefined {
    return this.#dgramPeer;
  }

  /** @returns the other datagram socket of a socketpair (UX-LIFE-3) */
  get pairedWith(): SocketCore | undefined {
    return this.#pairedWith;
  }

  /** @returns whether this side shut down writing (ST-EOF-2) */
  get shutWrite(): boolean {
    return this.#shutWrite;
  }

  /** One more descriptor refers to it. */
  hold(): void {
    this.#refs += 1;
  }

  /** One descriptor fewer; the last one closes the socket (ST-EOF-1, ST-ERR-1, ST-ERR-2, ST-ERR-9). */
  release(): void {
    this.#refs -= 1;
    assert(this.#refs >= 0, "a socket is released at most once per descriptor");
    if (this.#refs === 0) this.#close();
  }

  /** Takes its side of a new connection (a connect, a socketpair). */
  connectTo(side: Side): void {
    this.#side = side;
  }

  /** Becomes the server side of an accepted connection, with the listener's address (ST-LIFE-1). */
  adoptAccepted(side: Side): void {
    this.#local = side.local;
    this.#side = side;
  }

  /** Makes two datagram sockets each other's unnamed peer (UX-LIFE-3). */
  pairWith(other: SocketCore): void {
    this.#dgramPeer = other.#dgramPeer = UNNAMED;
    this.#pairedWith = other;
    other.#pairedWith = this;
  }

  /** What a connect waiting on a full backlog does when the socket closes (ST-ERR-9). */
  onCloseStopConnecting(stop: () => void): void {
    this.#stopConnecting = stop;
  }

  /**
   * The socket a datagram to `address` goes to, or undefined for an
   * internet-style port nobody bound (dropped, as UDP does).
   */
  findReceiver(address: SocketAddress, caller: ProcessCore, syscall: string): SocketCore | undefined {
    if (address.family === "inet") return PORTS.of(this.system).get(portKey("dgram", address.port));
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

  /** `bind(2)`'s half on the socket: the port or the name (ST-ERR-6, ST-LIFE-1, UX-ERR-1, UX-LIFE-1). */
  bind(address: SocketAddress, caller: ProcessCore): void {
    // ST-ERR-6: bound once only.
    if (this.#local !== undefined) throw new IpcError("EINVAL", "bind", { detail: "the socket is already bound" });
    if (address.family === "inet") {
      const ports = PORTS.of(this.system);
      let port = address.port;
      if (port === 0) {
        // ST-LIFE-1: port 0 picks a free ephemeral port.
        port = this.#ephemeralPort("bind");
      } else if (ports.has(portKey(this.type, port))) {
        // ST-ERR-6: the port is taken.
        throw new IpcError("EADDRINUSE", "bind", { detail: `port ${port} is in use` });
      }
      ports.set(portKey(this.type, port), this);
      this.#local = Object.freeze({ family: "inet", host: address.host, port });
      return;
    }
    const files = filesOf(this.system);
    // UX-ERR-1: any existing name, stale sockets and FIFOs included.
    if (files.lookup(address.path) !== undefined) throw new IpcError("EADDRINUSE", "bind", { path: address.path });
    // UX-LIFE-1: owned by the caller, mode 0o777 less the umask.
    const { uid, gid } = caller.credentials;
    const name = new UnixName({ uid, gid, mode: creationMode(0o777, caller.currentUmask) }, this.type, this);
    // UX-LIFE-2: connections never refer to the name, so unlink leaves them
    // working, and frees the path for a new bind.
    files.bind(address.path, name);
    this.#unixName = name;
    this.#local = Object.freeze({ family: "unix", path: address.path });
  }

  /** Binds an unbound internet-style socket to an ephemeral port (ST-LIFE-1). */
  autobind(syscall: string): void {
    if (this.#local !== undefined || this.family !== "inet") return;
    const port = this.#ephemeralPort(syscall);
    PORTS.of(this.system).set(portKey(this.type, port), this);
    this.#local = Object.freeze({ family: "inet", host: "0.0.0.0", port });
  }

  #ephemeralPort(syscall: string): number {
    const ports = PORTS.of(this.system);
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

  /**
   * `listen(2)`'s half on a stream socket, its backlog checked (ST-ERR-8).
   *
   * @param backlog - the backlog, capped at SOMAXCONN
   * @param accepted - opens the socket an accept returns
   */
  listen(backlog: number, accepted: (side: Side, owner: ProcessCore) => Socket): void {
    if (this.#side !== undefined) throw new IpcError("EINVAL", "listen", { detail: "the socket is connected" });
    if (this.#listener !== undefined) return;
    if (this.family === "unix" && this.#local === undefined) throw new IpcError("EINVAL", "listen", { detail: "bind a Unix socket first" });
    // ST-LIFE-1: an unbound internet-style socket gets an ephemeral port.
    this.autobind("listen");
    const local = this.#local;
    if (local === undefined) throw new IpcError("EINVAL", "listen");
    this.#listener = new Listener(Math.min(backlog, DEFAULT_BACKLOG), local, this.family, accepted);
  }

  /**
   * The listener a connect to `address` reaches, the socket made ready to
   * connect (ST-ERR-5, ST-LIFE-1).
   */
  prepareConnect(address: SocketAddress, caller: ProcessCore): Listener {
    // ST-ERR-5: connected already, or a listener.
    if (this.#side !== undefined) throw new IpcError("EISCONN", "connect", { detail: "the socket is already connected" });
    if (this.#listener !== undefined) throw new IpcError("EINVAL", "connect", { detail: "the socket is listening" });
    const listener = this.#findListener(address, caller);
    // ST-LIFE-1: an unbound client gets an ephemeral port.
    this.autobind("connect");
    return listener;
  }

  /** Finds the listener at `address` for `caller` (ST-ERR-4, UX-ERR-2, UX-ERR-3, UX-PERM-1). */
  #findListener(address: SocketAddress, caller: ProcessCore): Listener {
    let target: SocketCore | undefined;
    if (address.family === "inet") {
      target = PORTS.of(this.system).get(portKey(this.type, address.port));
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
    const listener = target === undefined ? undefined : target.#listener;
    if (listener === undefined) throw new IpcError("ECONNREFUSED", "connect", { detail: "nobody listens at that address" });
    return listener;
  }

  /** `connect(2)` of a datagram socket: its default peer (DG-LIFE-1). */
  connectDgram(address: SocketAddress, caller: ProcessCore): void {
    // UX-ERR-2, UX-ERR-3, UX-ERR-4, UX-PERM-1: the name must lead to a datagram socket.
    this.findReceiver(address, caller, "connect");
    // ST-LIFE-1: an unbound socket gets an ephemeral port.
    this.autobind("connect");
    this.#pairedWith = undefined;
    // DG-LIFE-1: the default destination and the only sender received from; connect may be repeated.
    this.#dgramPeer =
      address.family === "inet" ? Object.freeze({ family: "inet", host: address.host, port: address.port }) : Object.freeze({ family: "unix", path: address.path });
  }

  /**
   * `shutdown(2)`'s half on a connected stream socket.
   *
   * @param side - its side of the connection
   * @param how - the directions to shut down, checked
   */
  shutdown(side: Side, how: "read" | "write" | "both"): void {
    // ST-ERR-10: the senders owed a SIGPIPE, raised once the socket is settled.
    const broken: ProcessCore[] = [];
    if (how !== "write" && !this.#shutRead) {
      this.#shutRead = true;
      // ST-EOF-3: receives drain, then 0; the peer's sends fail EPIPE.
      broken.push(...side.rx.endReads());
    }
    if (how !== "read" && !this.#shutWrite) {
      this.#shutWrite = true;
      // ST-EOF-2: this side's own waiting sends fail EPIPE (or resolve the count moved)...
      broken.push(...side.tx.failSends(() => brokenPipe("the socket's write side was shut down")));
      // ST-EOF-1: ...and the peer reads what is buffered, then 0.
      side.tx.endWrites();
    }
    raiseSigpipes(broken);
  }

  /** The last descriptor closed. */
  #close(): void {
    this.#closed = true;
    // ST-ERR-9: a connect waiting on a full backlog fails EBADF.
    this.#stopConnecting?.();
    // ST-ERR-1, ST-ERR-2, ST-EOF-1, ST-ERR-9
    if (this.#side !== undefined) closeSide(this.#side);
    this.#listener?.close();
    this.#listener = undefined;
    this.#queue?.close();
    if (this.#local?.family === "inet") {
      const ports = PORTS.of(this.system);
      const key = portKey(this.type, this.#local.port);
      if (ports.get(key) === this) ports.delete(key);
    }
    // UX-LIFE-1: the name stays, stale, until unlinked.
    this.#unixName?.release();
  }
}
