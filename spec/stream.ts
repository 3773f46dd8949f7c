/**
 * The clauses of stream sockets (the API is in spec/socket.ts, whose TSDoc
 * cites them). They hold for both address families; the rules of Unix-path
 * names are in spec/unix.ts.
 *
 * @module
 */

import type { Clause } from "./clause.ts";

/** A stream clause before its mechanism is filled in. */
type StreamClause = Omit<Clause, "mechanism">;

/** Freezes the list, each clause tagged as a stream-socket clause. */
function streamClauses(list: readonly StreamClause[]): readonly Clause[] {
  return Object.freeze(list.map((clause) => Object.freeze({ ...clause, mechanism: "stream" as const })));
}

/**
 * The receive buffer of each direction of a stream connection, in bytes
 * (Linux's default `SO_SNDBUF`/`SO_RCVBUF`, 212992): a send waits, or a
 * `trySend` stops, once this many bytes are unread (ST-BLK-3, ST-NB-2).
 *
 * @example The buffer size
 * ```ts
 * import { STREAM_BUFFER_SIZE } from "ipckit/spec";
 * console.assert(STREAM_BUFFER_SIZE === 212992);
 * ```
 */
export const STREAM_BUFFER_SIZE = 212992;

/**
 * The backlog `listen` uses when none is given (Linux's `SOMAXCONN`).
 *
 * @example The default backlog
 * ```ts
 * import { DEFAULT_BACKLOG } from "ipckit/spec";
 * console.assert(DEFAULT_BACKLOG === 128);
 * ```
 */
export const DEFAULT_BACKLOG = 128;

/**
 * The clauses of stream sockets. IDs are stable and never reused.
 *
 * @example Find the end-of-file rule
 * ```ts
 * import { ST_CLAUSES } from "ipckit/spec";
 * console.assert(ST_CLAUSES.some((clause) => clause.id === "ST-EOF-1"));
 * ```
 */
export const ST_CLAUSES: readonly Clause[] = streamClauses([
  {
    id: "ST-ORD-1",
    category: "ordering",
    level: "core",
    rule: "Bytes sent on a connection arrive at the peer in the order sent, none lost and none repeated, in each direction independently.",
    source: "socket(2); tcp(7); unix(7)",
    catalogue: ["ST-01"],
  },
  {
    id: "ST-ORD-2",
    category: "ordering",
    level: "core",
    rule: "A stream keeps no message boundaries: a receive returns what is buffered up to the buffer's length, which may join several sends or split one.",
    source: "recv(2); tcp(7)",
    catalogue: ["ST-01", "ST-02"],
  },
  {
    id: "ST-ORD-3",
    category: "ordering",
    level: "core",
    rule: "accept returns the oldest pending connection first and leaves the listener listening.",
    source: "accept(2)",
    catalogue: ["ST-15"],
  },
  {
    id: "ST-BLK-1",
    category: "blocking",
    level: "core",
    rule: "A receive on a connected socket with nothing buffered stays pending until bytes arrive, the peer shuts down its write side or the peer closes.",
    source: "recv(2)",
    catalogue: ["ST-02"],
  },
  {
    id: "ST-BLK-2",
    category: "blocking",
    level: "core",
    rule: "accept on a listener with no pending connection stays pending until a client connects.",
    source: "accept(2)",
    catalogue: ["ST-15"],
  },
  {
    id: "ST-BLK-3",
    category: "blocking",
    level: "core",
    rule: "A send stays pending while the peer's receive buffer is full and completes, every byte delivered, once receives make room.",
    source: "send(2)",
    choice: "Each direction buffers STREAM_BUFFER_SIZE (212992) bytes, counted exactly; Linux accounts in skb truesize.",
    catalogue: ["ST-09"],
  },
  {
    id: "ST-BLK-4",
    category: "blocking",
    level: "core",
    rule: "A blocking socket call whose signal is aborted, before or while it waits, rejects with ECANCELED and consumes nothing.",
    source: "ipckit convention (as PIPE-BLK-4)",
    choice: "An AbortSignal is ipckit's JavaScript form of interruption, with its own code ECANCELED; a signal handler's interruption is ST-BLK-5.",
  },
  {
    id: "ST-BLK-5",
    category: "blocking",
    level: "core",
    rule: "A signal handler installed without restart, run for a process waiting in a receive, accept, connect or send, interrupts it: the call rejects with EINTR having taken or made nothing, except a send that already moved bytes, which resolves with that count; under restart (SA_RESTART) the call goes on waiting, in its place, and completes as it would have.",
    source: "signal(7) Interruption of system calls by signal handlers (accept, connect, recv, send are restarted); recv(2), send(2), accept(2), connect(2) EINTR",
    choice: "The handler interrupts the call its process has waited in longest (SIG-BLK-5); an interrupted connect leaves no connection behind.",
    catalogue: ["ST-02", "SIG-12"],
  },
  {
    id: "ST-NB-1",
    category: "nonblocking",
    level: "core",
    rule: "tryRecv with nothing buffered and no end of file, and tryAccept with no pending connection, fail with EAGAIN and change nothing.",
    source: "recv(2); accept(2)",
    choice: "EAGAIN, never EWOULDBLOCK (the same number on Linux).",
    catalogue: ["ST-03", "ST-15"],
  },
  {
    id: "ST-NB-2",
    category: "nonblocking",
    level: "core",
    rule: "trySend sends as many bytes as fit in the peer's receive buffer, and fails with EAGAIN when none fit.",
    source: "send(2)",
    catalogue: ["ST-09"],
  },
  {
    id: "ST-CAP-1",
    category: "capacity",
    level: "extended",
    rule: "A listener holds at most backlog + 1 connections not yet accepted; a further connect stays pending (tryConnect fails with EAGAIN) until an accept makes room.",
    source: "listen(2); K include/net/sock.h sk_acceptq_is_full",
    choice: "POSIX lets a full backlog refuse or ignore a client; ipckit blocks, as Linux AF_UNIX does, for both families, and admits backlog + 1 as Linux does.",
    catalogue: ["ST-14"],
  },
  {
    id: "ST-EOF-1",
    category: "eof",
    level: "core",
    rule: "After the peer shuts down its write side or closes, receives return the bytes still buffered and then 0 every time.",
    source: "recv(2); shutdown(2)",
    catalogue: ["ST-04"],
  },
  {
    id: "ST-EOF-2",
    category: "eof",
    level: "core",
    rule: "After shutdown of its write side a socket's sends fail with EPIPE, while it still receives and the peer may still send (half-close).",
    source: "shutdown(2); send(2)",
    choice: "The SIGPIPE raised with the EPIPE is ST-ERR-10.",
    catalogue: ["ST-05"],
  },
  {
    id: "ST-EOF-3",
    category: "eof",
    level: "extended",
    rule: "After shutdown of its read side a socket's receives return the bytes still buffered and then 0, and the peer's sends fail with EPIPE.",
    source: "shutdown(2); K net/unix/af_unix.c",
    choice: "Linux AF_UNIX behaviour, for both families (Linux TCP keeps accepting the peer's bytes).",
    catalogue: ["ST-06"],
  },
  {
    id: "ST-ERR-1",
    category: "errors",
    level: "core",
    rule: "A send after the peer closed fails with EPIPE at once, and so do sends pending when it closes.",
    source: "unix(7); send(2)",
    choice: "Immediate EPIPE (Linux AF_UNIX); TCP may accept one more send. The SIGPIPE raised with it is ST-ERR-10.",
    catalogue: ["ST-07"],
  },
  {
    id: "ST-ERR-2",
    category: "errors",
    level: "extended",
    rule: "When a socket is closed with received bytes unread, the peer's next receive fails with ECONNRESET once and later receives return 0.",
    source: "K net/unix/af_unix.c unix_release_sock; RFC 1122 4.2.2.13",
    catalogue: ["ST-08"],
  },
  {
    id: "ST-ERR-3",
    category: "errors",
    level: "core",
    rule: "send, receive, shutdown and peerAddress on a stream socket that is not connected fail with ENOTCONN.",
    source: "send(2); recv(2); shutdown(2); getpeername(2)",
    choice: "ENOTCONN for send too (Linux TCP gives EPIPE).",
    catalogue: ["ST-10", "ST-06"],
  },
  {
    id: "ST-ERR-4",
    category: "errors",
    level: "core",
    rule: "connect to an address where no socket listens fails with ECONNREFUSED.",
    source: "connect(2)",
    catalogue: ["ST-11"],
  },
  {
    id: "ST-ERR-5",
    category: "errors",
    level: "core",
    rule: "connect on a socket that is already connected fails with EISCONN, and on a listener with EINVAL.",
    source: "connect(2)",
    catalogue: ["ST-12"],
  },
  {
    id: "ST-ERR-6",
    category: "errors",
    level: "core",
    rule: "bind on a socket that is already bound fails with EINVAL, and bind to a port another socket of the same type holds fails with EADDRINUSE.",
    source: "bind(2); socket(7)",
    choice: "One host: a port is taken per socket type whatever the host; there is no SO_REUSEADDR.",
    catalogue: ["ST-13"],
  },
  {
    id: "ST-ERR-7",
    category: "errors",
    level: "core",
    rule: "accept on a socket that is not listening fails with EINVAL.",
    source: "accept(2)",
    catalogue: ["ST-15"],
  },
  {
    id: "ST-ERR-8",
    category: "errors",
    level: "core",
    rule: "Bad arguments (an unknown family, type or shutdown direction, a malformed address or one of the other family, a port outside 0 to 65535, a bad backlog, data that is not a Uint8Array) fail with EINVAL and change nothing.",
    source: "socket(2); bind(2); connect(2); ip(7)",
    choice: "EINVAL for every malformed argument (Linux gives EAFNOSUPPORT for a wrong family and EFAULT for bad memory).",
  },
  {
    id: "ST-ERR-9",
    category: "errors",
    level: "core",
    rule: "Every call on a closed socket fails with EBADF, and closing a socket rejects its own pending calls with EBADF.",
    source: "close(2); accept(2); recv(2)",
  },
  {
    id: "ST-ERR-10",
    category: "errors",
    level: "core",
    rule: "A send or trySend that fails with EPIPE (after its own shutdown of writing, or once the peer closed or shut down reading, at once or while it waited) raises SIGPIPE on the sending process before it fails: by default the process is terminated; a handler runs before the call fails; ignored or blocked (then left pending), it fails with EPIPE alone. A waiting send cut short after moving bytes resolves with that count and raises nothing.",
    source: "send(2) EPIPE; unix(7); K net/unix/af_unix.c unix_stream_sendmsg",
    choice: "A send that moved bytes raises nothing, as Linux AF_UNIX (a pipe's write raises it still: PIPE-ERR-9). A send given noSignal raises nothing either (ST-ERR-11).",
    catalogue: ["ST-05", "ST-07"],
  },
  {
    id: "ST-ERR-11",
    category: "errors",
    level: "core",
    rule: "A send or trySend given noSignal (MSG_NOSIGNAL) that fails with EPIPE, at once or while it waited, raises no SIGPIPE: the sender lives on whatever its disposition, and the call still fails with EPIPE. A noSignal that is not a boolean fails with EINVAL and sends nothing.",
    source: "send(2) MSG_NOSIGNAL",
    catalogue: ["ST-05", "ST-07"],
  },
  {
    id: "ST-LIFE-1",
    category: "lifecycle",
    level: "core",
    rule: "bind to port 0, listen and connect on an unbound socket take a free ephemeral port, and localAddress and peerAddress of the two ends of a connection name each other.",
    source: "bind(2); ip(7); getsockname(2); getpeername(2)",
    choice: "Ephemeral ports come from 32768 to 60999 (Linux's ip_local_port_range), each the next free one after the last given.",
    catalogue: ["ST-13"],
  },
]);
