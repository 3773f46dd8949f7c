/**
 * Sockets, stream and datagram, with internet-style and Unix-path addresses:
 * a transcription of the clauses in `spec/stream.ts`, `spec/dgram.ts` and
 * `spec/unix.ts`, in layers, as in a kernel:
 *
 * - the descriptor (`descriptor.ts`, {@link ReferenceSocket}) checks, then calls
 * - the socket itself (`core.ts`), shared by the descriptors `fork` makes: its
 *   state, its address, its end of a connection, its listener (`listener.ts`)
 *   or its datagram queue (`dgram-queue.ts`);
 * - a connection is two byte channels, one per direction (`stream.ts`, over
 *   the pipe's `reference/base/byte-channel.ts`); addresses are in `address.ts`.
 *
 * Everything is synchronous except waiting. A call that makes progress
 * possible does the waiting calls' work before it returns: a send hands its
 * bytes to the waiting receives, a receive that frees room moves waiting
 * sends' bytes in, a connect hands its connection to a waiting accept, an
 * accept admits a connect waiting on a full backlog.
 *
 * Choices where the clauses are silent:
 *
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
 * send that fails `EPIPE` raises `SIGPIPE` on its process first, unless it was
 * given `noSignal` (ST-ERR-11); one cut short after moving bytes returns the
 * count and raises nothing (ST-ERR-10).
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { SocketFamily, SocketType } from "../../spec/socket.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import { SocketCore } from "./core.ts";
import { ReferenceSocket } from "./descriptor.ts";
import { connection } from "./stream.ts";

export { ReferenceSocket } from "./descriptor.ts";

/** `socket(2)` as `caller`; see `SocketApi.socket` in the spec. */
export function socket(caller: ProcessCore, family: SocketFamily, type: SocketType): ReferenceSocket {
  caller.requireAlive("socket");
  // ST-ERR-8: a known family and type.
  if (family !== "inet" && family !== "unix") throw new IpcError("EINVAL", "socket", { detail: `unknown family ${String(family)}` });
  if (type !== "stream" && type !== "dgram") throw new IpcError("EINVAL", "socket", { detail: `unknown type ${String(type)}` });
  return ReferenceSocket.open(new SocketCore(caller.system, family, type), caller);
}

/** `socketpair(2)` as `caller`: two connected, unnamed Unix-family sockets (UX-LIFE-3); see `SocketApi.socketpair` in the spec. */
export function socketpair(caller: ProcessCore, type: SocketType): readonly [ReferenceSocket, ReferenceSocket] {
  caller.requireAlive("socketpair");
  // ST-ERR-8
  if (type !== "stream" && type !== "dgram") throw new IpcError("EINVAL", "socketpair", { detail: `unknown type ${String(type)}` });
  // UX-LIFE-3: connected to each other, both unnamed.
  const a = new SocketCore(caller.system, "unix", type);
  const b = new SocketCore(caller.system, "unix", type);
  if (type === "stream") {
    const [sideA, sideB] = connection(undefined, undefined);
    a.connectTo(sideA);
    b.connectTo(sideB);
  } else {
    // UX-LIFE-3: each datagram socket's peer is the other, unnamed.
    a.pairWith(b);
  }
  return [ReferenceSocket.open(a, caller), ReferenceSocket.open(b, caller)] as const;
}
