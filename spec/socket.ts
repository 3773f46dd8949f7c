/**
 * Sockets: stream and datagram endpoints with internet-style addresses
 * (a host and a port, within one simulated system: no real network) or
 * Unix-path addresses (a name in the system's file namespace). The clauses
 * are in three lists: stream sockets (`ST_CLAUSES` in spec/stream.ts),
 * datagram sockets (`DG_CLAUSES` in spec/dgram.ts) and Unix-path addresses
 * (`UX_CLAUSES` in spec/unix.ts). This file is the API they govern.
 *
 * The simulated system is one host: every IPv4 address names it, and a port
 * is taken per socket type whatever the host (ST-ERR-6).
 *
 * @module
 */

import type { BlockingOptions } from "./pipe.ts";

/**
 * Flags of a send (`send(2)`'s `flags`).
 */
export interface SendFlags {
  /**
   * `MSG_NOSIGNAL`: a send that fails `EPIPE` raises no `SIGPIPE` (ST-ERR-11);
   * it still fails `EPIPE`. A boolean; default `false`.
   */
  readonly noSignal?: boolean;
}

/** Options for {@link Socket.send}: an abort signal, and the send's flags. */
export interface SendOptions extends BlockingOptions, SendFlags {}

/**
 * The socket's communication semantics (`SOCK_STREAM`, `SOCK_DGRAM`).
 *
 * @example Name a type
 * ```ts
 * import type { SocketType } from "ipckit/spec";
 * const type: SocketType = "stream";
 * console.assert(type === "stream");
 * ```
 */
export type SocketType = "stream" | "dgram";

/**
 * The address family (`AF_INET`, `AF_UNIX`).
 *
 * @example Name a family
 * ```ts
 * import type { SocketFamily } from "ipckit/spec";
 * const family: SocketFamily = "unix";
 * console.assert(family === "unix");
 * ```
 */
export type SocketFamily = "inet" | "unix";

/**
 * An internet-style address: a host and a port (0 in `bind` picks an
 * ephemeral port: ST-LIFE-1). A malformed host or a port outside 0 to 65535
 * fails `EINVAL` (ST-ERR-8).
 *
 * @example The loopback address
 * ```ts
 * import type { InetAddress } from "ipckit/spec";
 * const address: InetAddress = { family: "inet", host: "127.0.0.1", port: 8080 };
 * console.assert(address.port === 8080);
 * ```
 */
export interface InetAddress {
  readonly family: "inet";
  /** A dotted IPv4 address such as `"127.0.0.1"`; `"0.0.0.0"` binds every address. */
  readonly host: string;
  /** An integer from 0 to 65535. */
  readonly port: number;
}

/**
 * A Unix-path address: a name in the file namespace (UX-LIFE-1). An unnamed
 * socket (one that never bound, or either end of a `socketpair`) has the
 * path `""` as its peer address (UX-LIFE-3).
 *
 * @example A Unix-path address
 * ```ts
 * import type { UnixAddress } from "ipckit/spec";
 * const address: UnixAddress = { family: "unix", path: "/tmp/server.sock" };
 * console.assert(address.path.length < 108);
 * ```
 */
export interface UnixAddress {
  readonly family: "unix";
  /** An absolute, canonical path of at most 107 bytes (`sun_path` less its NUL: UX-CAP-1). */
  readonly path: string;
}

/**
 * Any socket address.
 *
 * @example Either family
 * ```ts
 * import type { SocketAddress } from "ipckit/spec";
 * const addresses: SocketAddress[] = [{ family: "inet", host: "0.0.0.0", port: 0 }, { family: "unix", path: "/tmp/s" }];
 * console.assert(addresses.length === 2);
 * ```
 */
export type SocketAddress = InetAddress | UnixAddress;

/**
 * What a datagram receive returns.
 *
 * @example The shape of a received datagram
 * ```ts
 * import type { Datagram } from "ipckit/spec";
 * const datagram: Datagram = { length: 3, truncated: false, from: undefined };
 * console.assert(datagram.length === 3 && !datagram.truncated);
 * ```
 */
export interface Datagram {
  /** Bytes copied to the start of the buffer. */
  readonly length: number;
  /** `true` when the datagram was longer than the buffer and its tail was discarded (`MSG_TRUNC`). */
  readonly truncated: boolean;
  /** The sender's address (unnamed senders have none). */
  readonly from: SocketAddress | undefined;
}

/**
 * An open socket descriptor. Every call on a closed socket fails `EBADF`
 * (ST-ERR-9); arguments are checked before anything changes, and bad ones
 * fail `EINVAL` (ST-ERR-8). The datagram calls `sendTo`, `trySendTo`,
 * `recvFrom` and `tryRecvFrom` fail `EOPNOTSUPP` on a stream socket;
 * `listen`, `accept` and `shutdown` fail `EOPNOTSUPP` on a datagram socket
 * (DG-ERR-3).
 *
 * Blocking calls return promises, take an `AbortSignal` (aborted before or
 * while waiting: `ECANCELED`, nothing moved: ST-BLK-4) and have a
 * synchronous `try` form that fails `EAGAIN` instead of waiting. A call that
 * makes progress possible completes the waiting calls before it returns. A
 * signal handler run for the process holding the descriptor interrupts a
 * call that waits with `EINTR` (a send that moved bytes resolves with their
 * count), unless the handler was installed with `restart`, when the call goes
 * on waiting (ST-BLK-5, DG-BLK-2, UX-BLK-2). A stream send that fails
 * `EPIPE` raises `SIGPIPE` on the process first (ST-ERR-10); there is no
 * `MSG_NOSIGNAL`.
 *
 * @example A connection over the loopback address
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const process = createSystem().spawn();
 * const server = process.socket("inet", "stream");
 * server.bind({ family: "inet", host: "127.0.0.1", port: 7000 });
 * server.listen(4);
 * const client = process.socket("inet", "stream");
 * await client.connect({ family: "inet", host: "127.0.0.1", port: 7000 });
 * const peer = await server.accept();
 * await client.send(new Uint8Array([1, 2, 3]));
 * const buffer = new Uint8Array(8);
 * console.assert((await peer.recv(buffer)) === 3 && buffer[2] === 3);
 * ```
 */
export interface Socket {
  /** The address family it was made with. */
  readonly family: SocketFamily;
  /** Its type. */
  readonly type: SocketType;
  /** `true` once this descriptor is closed. */
  readonly closed: boolean;

  /**
   * Gives the socket a local address (`bind(2)`). Port 0 picks a free
   * ephemeral port (ST-LIFE-1). A Unix path becomes a name in the file
   * namespace owned by the caller, with mode `0o777 & ~umask`, which outlives
   * the socket until it is unlinked (UX-LIFE-1); `unlink` removes the name
   * and leaves the socket's connections working (UX-LIFE-2).
   *
   * @param address - the address, of the socket's family
   * @throws {IpcError} `EINVAL` when already bound (ST-ERR-6) or for a
   *   malformed address or one of the wrong family (ST-ERR-8), `EADDRINUSE`
   *   when the port is taken (ST-ERR-6) or the path exists (UX-ERR-1),
   *   `EINVAL` for a path longer than 107 bytes (UX-CAP-1), `EBADF` (ST-ERR-9)
   *
   * @example Bind to an ephemeral port
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const s = createSystem().spawn().socket("inet", "stream");
   * s.bind({ family: "inet", host: "127.0.0.1", port: 0 });
   * const local = s.localAddress();
   * console.assert(local?.family === "inet" && local.port >= 32768);
   * ```
   */
  bind(address: SocketAddress): void;

  /**
   * Makes a bound stream socket a listener (`listen(2)`) holding at most
   * `backlog + 1` connections not yet accepted (ST-CAP-1). An unbound
   * internet-style socket is first bound to an ephemeral port.
   *
   * @param backlog - a non-negative integer, 128 by default
   * @throws {IpcError} `EINVAL` for a bad backlog or a connected socket
   *   (ST-ERR-8), `EOPNOTSUPP` on a datagram socket (DG-ERR-3), `EBADF` (ST-ERR-9)
   *
   * @example Listen
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const s = createSystem().spawn().socket("inet", "stream");
   * s.bind({ family: "inet", host: "0.0.0.0", port: 9000 });
   * s.listen(1);
   * console.assert(!s.closed);
   * ```
   */
  listen(backlog?: number): void;

  /**
   * Takes the oldest pending connection (`accept(2)`; ST-ORD-3) as a new
   * connected socket held by the caller, waiting while none is pending
   * (ST-BLK-2). Its local address is the listener's; its peer address the
   * client's (ST-LIFE-1).
   *
   * @param options - an `AbortSignal` to stop waiting (ST-BLK-4)
   * @returns the new socket
   * @throws {IpcError} (as a rejection) `EINVAL` when not listening
   *   (ST-ERR-7), `ECANCELED` (ST-BLK-4), `EINTR` when a handler interrupts
   *   the wait (ST-BLK-5), `EBADF` (ST-ERR-9)
   *
   * @example Accept waits for a client
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const server = process.socket("inet", "stream");
   * server.bind({ family: "inet", host: "127.0.0.1", port: 7001 });
   * server.listen();
   * const accepting = server.accept();
   * process.socket("inet", "stream").tryConnect({ family: "inet", host: "127.0.0.1", port: 7001 });
   * console.assert((await accepting).type === "stream");
   * ```
   */
  accept(options?: BlockingOptions): Promise<Socket>;

  /**
   * `accept` without waiting.
   *
   * @returns the new socket
   * @throws {IpcError} `EAGAIN` when no connection is pending (ST-NB-1),
   *   `EINVAL` when not listening (ST-ERR-7), `EBADF` (ST-ERR-9)
   *
   * @example Nothing to accept
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const s = createSystem().spawn().socket("inet", "stream");
   * s.bind({ family: "inet", host: "127.0.0.1", port: 7002 });
   * s.listen();
   * try { s.tryAccept(); } catch (error) { console.assert(IpcError.is(error, "EAGAIN")); }
   * ```
   */
  tryAccept(): Socket;

  /**
   * Connects to a listener (`connect(2)`). On a datagram socket it sets the
   * default destination and the only peer received from, and may be repeated
   * (DG-LIFE-1); a Unix path of a socket of the other type fails
   * `EPROTOTYPE` (UX-ERR-4). The connection is made at once,
   * and the client may send before it is accepted, unless the listener's
   * backlog is full: then it waits for an accept to make room (ST-CAP-1).
   * An unbound internet-style socket gets an ephemeral port (ST-LIFE-1). A
   * Unix path needs write permission on the name (UX-PERM-1).
   *
   * @param address - the listener's address, of the socket's family
   * @param options - an `AbortSignal` to stop waiting (ST-BLK-4)
   * @throws {IpcError} (as a rejection) `ECONNREFUSED` when nobody listens
   *   there (ST-ERR-4, UX-ERR-3), `EISCONN` when already connected
   *   (ST-ERR-5), `ENOENT` for a missing path (UX-ERR-2), `EACCES`
   *   (UX-PERM-1), `EINVAL` (ST-ERR-8, UX-CAP-1), `ECANCELED` (ST-BLK-4),
   *   `EINTR` when a handler interrupts the wait on a full backlog (ST-BLK-5),
   *   `EBADF` (ST-ERR-9)
   *
   * @example Nobody listening
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const s = createSystem().spawn().socket("inet", "stream");
   * await s.connect({ family: "inet", host: "127.0.0.1", port: 1 }).catch((error) => console.assert(IpcError.is(error, "ECONNREFUSED")));
   * ```
   */
  connect(address: SocketAddress, options?: BlockingOptions): Promise<void>;

  /**
   * `connect` without waiting.
   *
   * @param address - the listener's address
   * @throws {IpcError} `EAGAIN` when the listener's backlog is full
   *   (ST-CAP-1), and the errors of `connect`
   *
   * @example Connect without waiting
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const server = process.socket("inet", "stream");
   * server.bind({ family: "inet", host: "127.0.0.1", port: 7003 });
   * server.listen(0);
   * const client = process.socket("inet", "stream");
   * client.tryConnect({ family: "inet", host: "127.0.0.1", port: 7003 });
   * console.assert(client.peerAddress().family === "inet");
   * ```
   */
  tryConnect(address: SocketAddress): void;

  /**
   * Sends all of `data` on a connected stream socket, waiting while the
   * peer's receive buffer is full (ST-BLK-3). The bytes arrive in order
   * (ST-ORD-1).
   *
   * @param data - the bytes; a zero-length send resolves 0 at once
   * @param options - an `AbortSignal` to stop waiting (ST-BLK-4), and
   *   `noSignal` (`MSG_NOSIGNAL`: EPIPE without SIGPIPE, ST-ERR-11)
   * @returns `data.length`, or the count already moved when aborted,
   *   interrupted (ST-BLK-5) or cut short by the peer's close
   * @throws {IpcError} (as a rejection) `EPIPE`, after raising `SIGPIPE`
   *   unless `noSignal` (ST-ERR-10, ST-ERR-11), after a local `shutdown("write")` (ST-EOF-2), after the
   *   peer closed (ST-ERR-1) or shut its read side (ST-EOF-3); `ENOTCONN`
   *   (ST-ERR-3); `EINVAL` (ST-ERR-8); `ECANCELED` (ST-BLK-4); `EINTR` when
   *   a handler interrupts it having moved nothing (ST-BLK-5); `EBADF` (ST-ERR-9)
   *
   * @example Send on a socket pair
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [a, b] = createSystem().spawn().socketpair("stream");
   * console.assert((await a.send(new Uint8Array(5))) === 5 && b.tryRecv(new Uint8Array(9)) === 5);
   * ```
   */
  send(data: Uint8Array, options?: SendOptions): Promise<number>;

  /**
   * Sends what fits now.
   *
   * @param data - the bytes
   * @param flags - `noSignal` (`MSG_NOSIGNAL`: EPIPE without SIGPIPE, ST-ERR-11)
   * @returns the count sent: all of `data`, or as many as fit (ST-NB-2)
   * @throws {IpcError} `EAGAIN` when nothing fits (ST-NB-2), and the errors of
   *   `send` (`EPIPE` after raising `SIGPIPE` unless `noSignal`: ST-ERR-10, ST-ERR-11)
   *
   * @example A partial send
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [a] = createSystem().spawn().socketpair("stream");
   * console.assert(a.trySend(new Uint8Array(300000)) === 212992);
   * ```
   */
  trySend(data: Uint8Array, flags?: SendFlags): number;

  /**
   * Sends one datagram to `address` (`sendto(2)`); on a stream socket it fails
   * `EOPNOTSUPP`. The datagram arrives whole (DG-ORD-1) with the sender's
   * address (DG-LIFE-1); an unbound internet-style sender gets an ephemeral
   * port (ST-LIFE-1). An internet-style datagram that does not fit the
   * receiver's queue, or goes to a port nobody bound, is dropped while the
   * send succeeds (DG-CAP-2); a Unix-path one waits for room, or `trySendTo`
   * fails `EAGAIN` (UX-BLK-1). A Unix path needs write permission (UX-PERM-1)
   * and a datagram socket there (UX-ERR-4: `EPROTOTYPE`). `send` and `trySend`
   * on a datagram socket send to the connected peer, and fail `EDESTADDRREQ`
   * (internet) or `ENOTCONN` (Unix) without one (DG-ERR-2). Longer than
   * `DGRAM_MAX`: `EMSGSIZE` (DG-CAP-1).
   *
   * @param data - the datagram
   * @param address - where to send it
   * @param options - an `AbortSignal`
   * @returns the count sent
   * @throws {IpcError} `EOPNOTSUPP` on a stream socket; `EMSGSIZE` (DG-CAP-1);
   *   `EAGAIN` from `trySendTo` to a full Unix queue (UX-BLK-1); `EINTR` when
   *   a handler interrupts a send waiting on a full Unix queue (UX-BLK-2);
   *   `ENOENT`, `EACCES`, `ECONNREFUSED`, `EPROTOTYPE` for a Unix path
   *   (UX-ERR-2, UX-PERM-1, UX-ERR-3, UX-ERR-4); `EINVAL` (ST-ERR-8); `EBADF` (ST-ERR-9)
   *
   * @example Not for streams
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const s = createSystem().spawn().socket("inet", "stream");
   * await s.sendTo(new Uint8Array(1), { family: "inet", host: "127.0.0.1", port: 1 }).catch((e) => console.assert(IpcError.is(e, "EOPNOTSUPP")));
   * ```
   */
  sendTo(data: Uint8Array, address: SocketAddress, options?: BlockingOptions): Promise<number>;

  /**
   * Sends one datagram to `address` (`sendto(2)`); on a stream socket it fails
   * `EOPNOTSUPP`. The datagram arrives whole (DG-ORD-1) with the sender's
   * address (DG-LIFE-1); an unbound internet-style sender gets an ephemeral
   * port (ST-LIFE-1). An internet-style datagram that does not fit the
   * receiver's queue, or goes to a port nobody bound, is dropped while the
   * send succeeds (DG-CAP-2); a Unix-path one waits for room, or `trySendTo`
   * fails `EAGAIN` (UX-BLK-1). A Unix path needs write permission (UX-PERM-1)
   * and a datagram socket there (UX-ERR-4: `EPROTOTYPE`). `send` and `trySend`
   * on a datagram socket send to the connected peer, and fail `EDESTADDRREQ`
   * (internet) or `ENOTCONN` (Unix) without one (DG-ERR-2). Longer than
   * `DGRAM_MAX`: `EMSGSIZE` (DG-CAP-1).
   *
   * @param data - the datagram
   * @param address - where to send it
   * @returns the count sent
   * @throws {IpcError} `EOPNOTSUPP` on a stream socket; `EMSGSIZE` (DG-CAP-1);
   *   `EAGAIN` from `trySendTo` to a full Unix queue (UX-BLK-1); `ENOENT`,
   *   `EACCES`, `ECONNREFUSED`, `EPROTOTYPE` for a Unix path (UX-ERR-2,
   *   UX-PERM-1, UX-ERR-3, UX-ERR-4); `EINVAL` (ST-ERR-8); `EBADF` (ST-ERR-9)
   *
   * @example Not for streams
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const s = createSystem().spawn().socket("inet", "stream");
   * try { s.trySendTo(new Uint8Array(1), { family: "inet", host: "127.0.0.1", port: 1 }); } catch (e) { console.assert(IpcError.is(e, "EOPNOTSUPP")); }
   * ```
   */
  trySendTo(data: Uint8Array, address: SocketAddress): number;

  /**
   * Receives up to `buffer.length` bytes: whatever is buffered, without
   * waiting to fill the buffer (ST-ORD-2). Waits while nothing is buffered
   * (ST-BLK-1). Resolves 0 at end of file: once the peer shut its write side
   * or closed and the buffer is drained, or after a local `shutdown("read")`
   * (ST-EOF-1, ST-EOF-3).
   *
   * @param buffer - where the bytes go; a zero-length buffer resolves 0 at once
   * @param options - an `AbortSignal` to stop waiting (ST-BLK-4)
   * @returns the count received, 0 at end of file
   * @throws {IpcError} (as a rejection) `ECONNRESET` once, when the peer
   *   closed with bytes unread (ST-ERR-2); `ENOTCONN` (ST-ERR-3); `EINVAL`
   *   (ST-ERR-8); `ECANCELED` (ST-BLK-4); `EINTR` when a handler interrupts
   *   the wait (ST-BLK-5); `EBADF` (ST-ERR-9)
   *
   * @example Receive what is there
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [a, b] = createSystem().spawn().socketpair("stream");
   * a.trySend(new Uint8Array([1, 2]));
   * a.trySend(new Uint8Array([3]));
   * console.assert((await b.recv(new Uint8Array(10))) === 3);
   * ```
   */
  recv(buffer: Uint8Array, options?: BlockingOptions): Promise<number>;

  /**
   * `recv` without waiting.
   *
   * @param buffer - where the bytes go
   * @returns the count received, 0 at end of file
   * @throws {IpcError} `EAGAIN` when nothing is buffered and no end of file
   *   has come (ST-NB-1), and the errors of `recv`
   *
   * @example Nothing buffered
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const [a] = createSystem().spawn().socketpair("stream");
   * try { a.tryRecv(new Uint8Array(1)); } catch (e) { console.assert(IpcError.is(e, "EAGAIN")); }
   * ```
   */
  tryRecv(buffer: Uint8Array): number;

  /**
   * Receives one datagram (`recvfrom(2)`): exactly one, the oldest (DG-ORD-1),
   * waiting while none is queued (DG-BLK-1); on a stream socket it fails
   * `EOPNOTSUPP`. A longer datagram is truncated and says so (DG-ERR-1); a
   * zero-length one is a datagram of length 0, not end of file (DG-EOF-1).
   * `recv` and `tryRecv` on a datagram socket do the same and return the
   * length. `from` is the sender's address (DG-LIFE-1).
   *
   * @param buffer - where the datagram goes
   * @param options - an `AbortSignal`
   * @returns the datagram's length, truncation and sender
   * @throws {IpcError} `EOPNOTSUPP` on a stream socket; `EAGAIN` from
   *   `tryRecvFrom` when none is queued (DG-BLK-1); `ECANCELED` (ST-BLK-4);
   *   `EINTR` when a handler interrupts the wait (DG-BLK-2); `EINVAL`
   *   (ST-ERR-8); `EBADF` (ST-ERR-9)
   *
   * @example Not for streams
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const [a] = createSystem().spawn().socketpair("stream");
   * await a.recvFrom(new Uint8Array(1)).catch((e) => console.assert(IpcError.is(e, "EOPNOTSUPP")));
   * ```
   */
  recvFrom(buffer: Uint8Array, options?: BlockingOptions): Promise<Datagram>;

  /**
   * Receives one datagram (`recvfrom(2)`): exactly one, the oldest (DG-ORD-1),
   * waiting while none is queued (DG-BLK-1); on a stream socket it fails
   * `EOPNOTSUPP`. A longer datagram is truncated and says so (DG-ERR-1); a
   * zero-length one is a datagram of length 0, not end of file (DG-EOF-1).
   * `recv` and `tryRecv` on a datagram socket do the same and return the
   * length. `from` is the sender's address (DG-LIFE-1).
   *
   * @param buffer - where the datagram goes
   * @returns the datagram's length, truncation and sender
   * @throws {IpcError} `EOPNOTSUPP` on a stream socket; `EAGAIN` from
   *   `tryRecvFrom` when none is queued (DG-BLK-1); `ECANCELED` (ST-BLK-4);
   *   `EINVAL` (ST-ERR-8); `EBADF` (ST-ERR-9)
   *
   * @example Not for streams
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const [a] = createSystem().spawn().socketpair("stream");
   * try { a.tryRecvFrom(new Uint8Array(1)); } catch (e) { console.assert(IpcError.is(e, "EOPNOTSUPP")); }
   * ```
   */
  tryRecvFrom(buffer: Uint8Array): Datagram;

  /**
   * Shuts down one or both directions of a connection (`shutdown(2)`).
   * `"write"`: the peer reads the bytes sent and then 0, this socket's sends
   * fail `EPIPE`, and the other direction keeps working (ST-EOF-2).
   * `"read"`: this socket's receives drain the buffer and then return 0,
   * and the peer's sends fail `EPIPE` (ST-EOF-3). Sends waiting that fail
   * so raise `SIGPIPE` on their process before `shutdown` returns (ST-ERR-10).
   *
   * @param how - `"read"`, `"write"` or `"both"`
   * @throws {IpcError} `ENOTCONN` when not connected (ST-ERR-3), `EINVAL`
   *   for another `how` (ST-ERR-8), `EBADF` (ST-ERR-9)
   *
   * @example Half-close
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [a, b] = createSystem().spawn().socketpair("stream");
   * a.shutdown("write");
   * console.assert(b.tryRecv(new Uint8Array(1)) === 0 && b.trySend(new Uint8Array(1)) === 1);
   * ```
   */
  shutdown(how: "read" | "write" | "both"): void;

  /**
   * The address the socket is bound to (`getsockname(2)`; ST-LIFE-1).
   *
   * @returns the address, or `undefined` while unbound
   * @throws {IpcError} `EBADF` (ST-ERR-9)
   *
   * @example Unbound
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * console.assert(createSystem().spawn().socket("inet", "stream").localAddress() === undefined);
   * ```
   */
  localAddress(): SocketAddress | undefined;

  /**
   * The address of the connected peer (`getpeername(2)`; ST-LIFE-1); an
   * unnamed Unix peer is `{ family: "unix", path: "" }` (UX-LIFE-3).
   *
   * @returns the peer's address
   * @throws {IpcError} `ENOTCONN` when not connected (ST-ERR-3), `EBADF` (ST-ERR-9)
   *
   * @example A socket pair's peers are unnamed
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [a] = createSystem().spawn().socketpair("stream");
   * const peer = a.peerAddress();
   * console.assert(peer.family === "unix" && peer.path === "");
   * ```
   */
  peerAddress(): SocketAddress;

  /**
   * Closes this descriptor (`close(2)`). When it was the last descriptor of
   * the socket: the peer reads what is buffered and then 0 (ST-EOF-1), the
   * peer's sends fail `EPIPE` (ST-ERR-1; its waiting sends that moved
   * nothing raise `SIGPIPE` before `close` returns: ST-ERR-10), and when bytes were left unread
   * the peer's next receive fails `ECONNRESET` once (ST-ERR-2). The socket's
   * own pending calls reject `EBADF` (ST-ERR-9). A Unix name stays until
   * unlinked (UX-LIFE-1).
   *
   * @throws {IpcError} `EBADF` when already closed (ST-ERR-9)
   *
   * @example Close: the peer reads end of file
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [a, b] = createSystem().spawn().socketpair("stream");
   * a.close();
   * console.assert((await b.recv(new Uint8Array(1))) === 0);
   * ```
   */
  close(): void;
}

/**
 * The socket calls of a process. An implementation that provides them
 * (manifest `stream`, `dgram`, `unix`) gives its processes these methods.
 *
 * @example Make a socket and a pair
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * import type { SocketApi } from "ipckit/spec";
 * const api: SocketApi = createSystem().spawn();
 * const [a, b] = api.socketpair("stream");
 * console.assert(api.socket("inet", "stream").type === "stream" && a.family === "unix" && b.family === "unix");
 * ```
 */
export interface SocketApi {
  /**
   * Makes an unbound, unconnected socket (`socket(2)`).
   *
   * @param family - `"inet"` or `"unix"`
   * @param type - `"stream"` or `"dgram"`
   * @returns the socket, held by the caller
   * @throws {IpcError} `EINVAL` for another family or type (ST-ERR-8)
   *
   * @example A new socket is unconnected
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const s = createSystem().spawn().socket("unix", "stream");
   * try { s.peerAddress(); } catch (e) { console.assert(IpcError.is(e, "ENOTCONN")); }
   * ```
   */
  socket(family: SocketFamily, type: SocketType): Socket;

  /**
   * Makes two connected, unnamed Unix-family sockets (`socketpair(2)`;
   * UX-LIFE-3). Either may send to the other.
   *
   * @param type - `"stream"` or `"dgram"`
   * @returns the two sockets, held by the caller
   * @throws {IpcError} `EINVAL` for another type (ST-ERR-8)
   *
   * @example Both ways
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const [a, b] = createSystem().spawn().socketpair("stream");
   * a.trySend(new Uint8Array([1]));
   * b.trySend(new Uint8Array([2, 2]));
   * console.assert(b.tryRecv(new Uint8Array(4)) === 1 && a.tryRecv(new Uint8Array(4)) === 2);
   * ```
   */
  socketpair(type: SocketType): readonly [Socket, Socket];
}
