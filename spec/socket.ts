/**
 * Sockets: stream and datagram endpoints with internet-style addresses
 * (a host and a port, within one simulated system: no real network) or
 * Unix-path addresses (a name in the system's file namespace). The clauses
 * are in three lists: stream sockets (`ST-*`), datagram sockets (`DG-*`) and
 * Unix-path addresses (`UX-*`). Not specified yet.
 *
 * @module
 */

import type { BlockingOptions } from "./pipe.ts";

/** The socket's communication semantics (`SOCK_STREAM`, `SOCK_DGRAM`). */
export type SocketType = "stream" | "dgram";

/** The address family (`AF_INET`, `AF_UNIX`). */
export type SocketFamily = "inet" | "unix";

/** An internet-style address: a host and a port (0 in `bind` picks an ephemeral port). */
export interface InetAddress {
  readonly family: "inet";
  /** A dotted IPv4 address such as `"127.0.0.1"`; `"0.0.0.0"` binds every address. */
  readonly host: string;
  /** 0 to 65535. */
  readonly port: number;
}

/** A Unix-path address: a name in the file namespace. */
export interface UnixAddress {
  readonly family: "unix";
  /** An absolute path, at most 107 bytes (`sun_path` less its NUL). */
  readonly path: string;
}

/** Any socket address. */
export type SocketAddress = InetAddress | UnixAddress;

/** What a datagram receive returns. */
export interface Datagram {
  /** Bytes copied to the start of the buffer. */
  readonly length: number;
  /** `true` when the datagram was longer than the buffer and its tail was discarded (`MSG_TRUNC`). */
  readonly truncated: boolean;
  /** The sender's address (unnamed senders have none). */
  readonly from: SocketAddress | undefined;
}

/**
 * An open socket descriptor. Stream-only and datagram-only calls fail
 * `EOPNOTSUPP` on the other type.
 */
export interface Socket {
  readonly family: SocketFamily;
  readonly type: SocketType;
  /** `true` once closed. */
  readonly closed: boolean;
  bind(address: SocketAddress): void;
  listen(backlog?: number): void;
  accept(options?: BlockingOptions): Promise<Socket>;
  tryAccept(): Socket;
  connect(address: SocketAddress, options?: BlockingOptions): Promise<void>;
  tryConnect(address: SocketAddress): void;
  send(data: Uint8Array, options?: BlockingOptions): Promise<number>;
  trySend(data: Uint8Array): number;
  sendTo(data: Uint8Array, address: SocketAddress, options?: BlockingOptions): Promise<number>;
  trySendTo(data: Uint8Array, address: SocketAddress): number;
  recv(buffer: Uint8Array, options?: BlockingOptions): Promise<number>;
  tryRecv(buffer: Uint8Array): number;
  recvFrom(buffer: Uint8Array, options?: BlockingOptions): Promise<Datagram>;
  tryRecvFrom(buffer: Uint8Array): Datagram;
  shutdown(how: "read" | "write" | "both"): void;
  localAddress(): SocketAddress | undefined;
  peerAddress(): SocketAddress;
  close(): void;
}

/**
 * The socket calls of a process. An implementation that provides them
 * (manifest `stream`, `dgram`, `unix`) gives its processes these methods.
 */
export interface SocketApi {
  socket(family: SocketFamily, type: SocketType): Socket;
  socketpair(type: SocketType): readonly [Socket, Socket];
}
