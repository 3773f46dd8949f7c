/**
 * The clauses of datagram sockets (the API is in spec/socket.ts, whose TSDoc
 * cites them). The rules particular to Unix-path datagrams (reliable,
 * blocking when full) are in spec/unix.ts.
 *
 * @module
 */

import type { Clause } from "./clause.ts";

/** A datagram clause before its mechanism is filled in. */
type DgramClause = Omit<Clause, "mechanism">;

/** Freezes the list, each clause tagged as a datagram clause. */
function dgramClauses(list: readonly DgramClause[]): readonly Clause[] {
  return Object.freeze(list.map((clause) => Object.freeze({ ...clause, mechanism: "dgram" as const })));
}

/**
 * The largest datagram payload in bytes, for both families (UDP over IPv4:
 * 65535 less the IP and UDP headers); a longer send fails `EMSGSIZE` (DG-CAP-1).
 *
 * @example The limit
 * ```ts
 * import { DGRAM_MAX } from "ipckit/spec";
 * console.assert(DGRAM_MAX === 65507);
 * ```
 */
export const DGRAM_MAX = 65507;

/**
 * The payload bytes an internet-style datagram socket's receive queue holds;
 * a datagram that does not fit is dropped (DG-CAP-2).
 *
 * @example The receive buffer
 * ```ts
 * import { DGRAM_BUFFER_SIZE } from "ipckit/spec";
 * console.assert(DGRAM_BUFFER_SIZE === 212992);
 * ```
 */
export const DGRAM_BUFFER_SIZE = 212992;

/**
 * The datagrams a Unix-path datagram socket's receive queue holds (Linux's
 * `max_dgram_qlen` 10, plus the one Linux admits beyond it); a sender to a
 * full queue waits, or `trySendTo` fails `EAGAIN` (UX-BLK-1).
 *
 * @example The queue length
 * ```ts
 * import { UNIX_DGRAM_QUEUE } from "ipckit/spec";
 * console.assert(UNIX_DGRAM_QUEUE === 11);
 * ```
 */
export const UNIX_DGRAM_QUEUE = 11;

/**
 * The clauses of datagram sockets. IDs are stable and never reused.
 *
 * @example Find the boundary rule
 * ```ts
 * import { DG_CLAUSES } from "ipckit/spec";
 * console.assert(DG_CLAUSES.some((clause) => clause.id === "DG-ORD-1"));
 * ```
 */
export const DG_CLAUSES: readonly Clause[] = dgramClauses([
  {
    id: "DG-ORD-1",
    category: "ordering",
    level: "core",
    rule: "Each receive returns exactly one whole datagram, the oldest queued: datagrams are never merged or split.",
    source: "udp(7); unix(7); recv(2)",
    choice: "On the one simulated host, datagrams that are not dropped arrive in the order sent (UDP may reorder).",
    catalogue: ["DG-01", "UX-01"],
  },
  {
    id: "DG-ERR-1",
    category: "errors",
    level: "core",
    rule: "A datagram longer than the receive buffer is consumed whole: its first bytes are copied, the rest discarded, and truncated is true.",
    source: "recv(2) MSG_TRUNC; udp(7)",
    catalogue: ["DG-02"],
  },
  {
    id: "DG-EOF-1",
    category: "eof",
    level: "core",
    rule: "A zero-length datagram is received as a datagram of length 0, not as end of file, and later datagrams follow it.",
    source: "recv(2)",
    catalogue: ["DG-03"],
  },
  {
    id: "DG-CAP-1",
    category: "capacity",
    level: "core",
    rule: "A datagram longer than DGRAM_MAX (65507 bytes) is not sent: the send fails with EMSGSIZE.",
    source: "udp(7); send(2)",
    choice: "The UDP limit for both families (Linux AF_UNIX allows up to about twice SO_SNDBUF).",
    catalogue: ["DG-04"],
  },
  {
    id: "DG-CAP-2",
    category: "capacity",
    level: "extended",
    rule: "An internet-style datagram that does not fit in the receiver's queue of DGRAM_BUFFER_SIZE bytes, or is sent to a port nobody bound, is dropped while the send succeeds.",
    source: "udp(7); send(2)",
    choice: "Drops happen only when the queue is full (or nobody is bound) and never reorder; no ECONNREFUSED is reported for a port nobody bound (Linux reports it once, later).",
    catalogue: ["DG-07", "DG-08"],
  },
  {
    id: "DG-BLK-1",
    category: "blocking",
    level: "core",
    rule: "A receive on an empty datagram queue stays pending until a datagram arrives; tryRecvFrom fails with EAGAIN.",
    source: "recv(2)",
    catalogue: ["DG-01"],
  },
  {
    id: "DG-BLK-2",
    category: "blocking",
    level: "core",
    rule: "A signal handler installed without restart, run for a process waiting in a datagram receive, interrupts it: it rejects with EINTR and takes no datagram, the next one staying for a later receive; under restart (SA_RESTART) the receive goes on waiting and gets the next datagram.",
    source: "recv(2) EINTR; signal(7) Interruption of system calls by signal handlers",
    choice: "The handler interrupts the call its process has waited in longest (SIG-BLK-5).",
    catalogue: ["SIG-12"],
  },
  {
    id: "DG-ERR-2",
    category: "errors",
    level: "core",
    rule: "send without an address on an unconnected datagram socket fails with EDESTADDRREQ for the internet family and ENOTCONN for the Unix family.",
    source: "send(2); unix(7)",
    catalogue: ["DG-05"],
  },
  {
    id: "DG-ERR-3",
    category: "errors",
    level: "core",
    rule: "listen, accept and shutdown on a datagram socket fail with EOPNOTSUPP.",
    source: "listen(2); accept(2)",
    choice: "shutdown too, since ipckit's datagram sockets have no connection to shut down (Linux accepts it).",
    catalogue: ["ST-13"],
  },
  {
    id: "DG-LIFE-1",
    category: "lifecycle",
    level: "core",
    rule: "connect sets a datagram socket's default destination and peer address, may be repeated, and makes the socket receive only from that peer; recvFrom reports each datagram's sender.",
    source: "connect(2); recv(2)",
    choice: "Datagrams from other senders to a connected socket are dropped (as UDP does; Linux AF_UNIX fails the send with EPERM).",
    catalogue: ["DG-06"],
  },
]);
