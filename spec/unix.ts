/**
 * The clauses of Unix-path socket addresses (the API is in spec/socket.ts,
 * whose TSDoc cites them).
 *
 * @module
 */

import type { Clause } from "./clause.ts";

/** A Unix-path clause before its mechanism is filled in. */
type UnixClause = Omit<Clause, "mechanism">;

/** Freezes the list, each clause tagged as a Unix-path clause. */
function unixClauses(list: readonly UnixClause[]): readonly Clause[] {
  return Object.freeze(list.map((clause) => Object.freeze({ ...clause, mechanism: "unix" as const })));
}

/**
 * The longest Unix socket path in bytes: `sun_path` holds 108 bytes, the
 * last a NUL (UX-CAP-1).
 *
 * @example The limit
 * ```ts
 * import { UNIX_PATH_MAX } from "ipckit/spec";
 * console.assert(UNIX_PATH_MAX === 107);
 * ```
 */
export const UNIX_PATH_MAX = 107;

/**
 * The clauses of Unix-path socket addresses. IDs are stable and never reused.
 *
 * @example Find the permission rule
 * ```ts
 * import { UX_CLAUSES } from "ipckit/spec";
 * console.assert(UX_CLAUSES.some((clause) => clause.id === "UX-PERM-1"));
 * ```
 */
export const UX_CLAUSES: readonly Clause[] = unixClauses([
  {
    id: "UX-LIFE-1",
    category: "lifecycle",
    level: "core",
    rule: "bind to a Unix path makes a name in the file namespace owned by the caller with mode 0o777 less the umask, which outlives the socket until it is unlinked.",
    source: "unix(7); bind(2)",
    catalogue: ["UX-03", "UX-04"],
  },
  {
    id: "UX-LIFE-2",
    category: "lifecycle",
    level: "core",
    rule: "Unlinking a socket's name leaves its connections working, makes later connects fail with ENOENT, and frees the path for a new bind.",
    source: "unix(7)",
    catalogue: ["UX-03"],
  },
  {
    id: "UX-LIFE-3",
    category: "lifecycle",
    level: "core",
    rule: "socketpair returns two connected, unnamed Unix-family sockets, each the other's peer, either of which may send to the other.",
    source: "socketpair(2); unix(7)",
    catalogue: ["UX-11"],
  },
  {
    id: "UX-ERR-1",
    category: "errors",
    level: "core",
    rule: "bind to a path that exists (a socket's name, a stale one whose socket closed, or a FIFO) fails with EADDRINUSE and changes nothing.",
    source: "unix(7); bind(2)",
    catalogue: ["UX-03"],
  },
  {
    id: "UX-ERR-2",
    category: "errors",
    level: "core",
    rule: "connect to a path that does not exist fails with ENOENT.",
    source: "unix(7); connect(2)",
    catalogue: ["UX-06"],
  },
  {
    id: "UX-ERR-3",
    category: "errors",
    level: "core",
    rule: "connect to a path that is not a socket's name, or whose socket closed or is not listening, fails with ECONNREFUSED; opening a socket's name as a FIFO fails with ENXIO.",
    source: "unix(7); connect(2); open(2)",
    catalogue: ["UX-06"],
  },
  {
    id: "UX-PERM-1",
    category: "permission",
    level: "core",
    rule: "connect to a Unix path needs write permission on the name by the one permission rule, root bypassing it; without it connect fails with EACCES.",
    source: "unix(7); connect(2)",
    choice: "Linux checks it; POSIX is silent and old BSDs ignore the mode.",
    catalogue: ["UX-05"],
  },
  {
    id: "UX-CAP-1",
    category: "capacity",
    level: "core",
    rule: "A Unix path is absolute and at most 107 bytes; a longer or malformed path fails with EINVAL and changes nothing.",
    source: "unix(7); K net/unix/af_unix.c unix_validate_addr",
    choice: "No working directory, so relative paths are malformed (as for FIFO names).",
    catalogue: ["UX-08"],
  },
  {
    id: "UX-BLK-1",
    category: "blocking",
    level: "core",
    rule: "Unix-path datagrams are never dropped: a send to a receiver whose queue holds UNIX_DGRAM_QUEUE datagrams stays pending until a receive makes room, and trySendTo fails with EAGAIN.",
    source: "unix(7); K commit 3c73419c (af_unix)",
    choice: "Linux admits max_dgram_qlen + 1 (11) datagrams before EAGAIN; ipckit does the same.",
    catalogue: ["UX-01", "UX-02"],
  },
  {
    id: "UX-BLK-2",
    category: "blocking",
    level: "core",
    rule: "A signal handler installed without restart, run for a process whose send to a full Unix datagram queue waits, interrupts it: it rejects with EINTR and sends nothing; under restart (SA_RESTART) it goes on waiting and sends its datagram once a receive makes room.",
    source: "send(2) EINTR; signal(7); K net/unix/af_unix.c unix_wait_for_peer",
    choice: "The handler interrupts the call its process has waited in longest (SIG-BLK-5).",
    catalogue: ["UX-02", "SIG-12"],
  },
  {
    id: "UX-ERR-4",
    category: "errors",
    level: "core",
    rule: "connect or sendTo to the name of a socket of the other type fails with EPROTOTYPE.",
    source: "connect(2); unix(7)",
    catalogue: ["UX-07"],
  },
]);
