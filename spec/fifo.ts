/**
 * Named pipes (FIFOs): a pipe with a name in the system's file namespace
 * (`fifo(7)`). `mkfifo` makes the name; opening it for reading or writing
 * gives a {@link PipeEnd} of the one pipe behind that name, and from then on
 * every pipe clause holds (FIFO-LIFE-1).
 *
 * The clauses below are the rules; {@link FifoApi} is the API they govern.
 * Names are file paths, checked by one rule (FIFO-ERR-3); who may open a
 * FIFO is decided by the one permission rule of every named object,
 * `checkAccess` (FIFO-PERM-1).
 *
 * @module
 */

import type { Clause } from "./clause.ts";
import type { Access, NAME_MAX } from "./namespace.ts";
import type { BlockingOptions, PipeEnd } from "./pipe.ts";

/**
 * The longest path, in bytes of its UTF-8 encoding, counting the
 * terminating NUL a C string would carry (`PATH_MAX`): a path may be at most
 * `PATH_MAX - 1` = 4095 bytes long (FIFO-ERR-3). Each component between
 * slashes is at most {@link NAME_MAX} (255) bytes.
 *
 * @example The longest path that fits
 * ```ts
 * import { PATH_MAX } from "ipckit/spec";
 * import { createSystem } from "ipckit/reference";
 * const longest = "/" + Array.from({ length: 16 }, () => "d".repeat(254)).join("/") + "/" + "f".repeat(PATH_MAX - 1 - 16 * 255 - 1);
 * console.assert(longest.length === PATH_MAX - 1);
 * createSystem().spawn().mkfifo(longest);
 * ```
 */
export const PATH_MAX = 4096;

/**
 * Options for {@link FifoApi.openFifo} and {@link FifoApi.tryOpenFifo}: what
 * to open the FIFO for and, for the blocking form, a signal to stop waiting.
 *
 * An options argument that is not an object, an `access` that is not one of
 * the three, or a `signal` that is not an `AbortSignal` fails `EINVAL`
 * (FIFO-ERR-4). An aborted signal stops a waiting open (FIFO-BLK-3) or keeps
 * one from starting (FIFO-BLK-4).
 *
 * @example Open for reading, ready to give up
 * ```ts
 * import type { FifoOpenOptions } from "ipckit/spec";
 * const controller = new AbortController();
 * const options: FifoOpenOptions = { access: "read", signal: controller.signal };
 * console.assert(options.access === "read");
 * ```
 */
export interface FifoOpenOptions extends BlockingOptions {
  /**
   * Read end (`O_RDONLY`), write end (`O_WRONLY`), or one end that does both
   * (`O_RDWR`; FIFO-EOF-2). Each needs its permission (FIFO-PERM-1).
   */
  readonly access: Access;
}

/**
 * The FIFO calls of a process. An implementation that provides FIFOs (its
 * manifest says `fifo`) gives its processes these methods.
 *
 * Every call is made as the process, whose credentials decide permission
 * (FIFO-PERM-1, FIFO-PERM-4) and whose umask shapes a new FIFO's mode
 * (FIFO-PERM-2). Paths are checked first by FIFO-ERR-3, the other arguments
 * by FIFO-ERR-4; bad input changes nothing.
 */
export interface FifoApi {
  /**
   * Creates a FIFO named `path` (`mkfifo(3)`), owned by the calling process's
   * uid and gid, with permission bits `mode & ~umask` (FIFO-PERM-2). No end
   * is opened and no pipe is made until someone opens it.
   *
   * At a path whose FIFO was unlinked it makes a new, distinct FIFO
   * (FIFO-LIFE-4).
   *
   * @param path - an absolute path in canonical form, such as `"/tmp/fifo"` (FIFO-ERR-3)
   * @param mode - permission bits, an integer from `0o000` to `0o777`; default `0o666` (FIFO-ERR-4)
   * @throws {IpcError} `EEXIST` when the name exists (FIFO-ERR-1); `EINVAL`
   *   for a malformed path (FIFO-ERR-3) or a bad mode (FIFO-ERR-4);
   *   `ENAMETOOLONG` for a path or component too long (FIFO-ERR-3); `ESRCH`
   *   when the process has exited
   *
   * @example Make a FIFO, then fail to make it again
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const alice = createSystem().spawn({ uid: 1000, gid: 1000 });
   * alice.mkfifo("/tmp/fifo", 0o600);
   * let exists = false;
   * try { alice.mkfifo("/tmp/fifo"); } catch (error) { exists = IpcError.is(error, "EEXIST"); }
   * console.assert(exists);
   * ```
   */
  mkfifo(path: string, mode?: number): void;

  /**
   * Opens the FIFO named `path` (`open(2)` without `O_NONBLOCK`) and returns
   * the end as a {@link PipeEnd}, an end of the one pipe behind the FIFO
   * (FIFO-LIFE-1).
   *
   * Opening for reading waits until the FIFO is opened for writing, and for
   * writing until it is opened for reading; an open completes at once when
   * such a peer is already open or waiting, and completes every open of the
   * other kind that waits (FIFO-BLK-1). `readwrite` never waits (FIFO-BLK-2).
   * Aborting the signal stops the wait with `ECANCELED`, leaving nothing
   * open (FIFO-BLK-3); an already aborted signal opens nothing (FIFO-BLK-4).
   * A signal handler run for the process stops the wait with `EINTR` the
   * same way, unless it was installed with `restart`, when the open goes on
   * waiting (FIFO-BLK-5).
   * Bytes left in the FIFO by earlier ends are there only while some end or
   * waiting open has kept it in use (FIFO-LIFE-2).
   *
   * The checks run in this order, the first failing one deciding the error:
   * the arguments (`EINVAL`, `ENAMETOOLONG`), the name (`ENOENT`), the
   * permission (`EACCES`), then the signal (`ECANCELED`).
   *
   * @param path - the FIFO's name (FIFO-ERR-3)
   * @param options - the access asked for, and a signal to stop waiting (FIFO-ERR-4)
   * @returns the end: readable for `read`, writable for `write`, both for
   *   `readwrite` (FIFO-EOF-2)
   * @throws {IpcError} (as a rejection, never synchronously) `ENOENT` when
   *   no FIFO has that name (FIFO-ERR-2, FIFO-LIFE-3); `EACCES` when the mode
   *   bits deny the access (FIFO-PERM-1); `ECANCELED` when aborted
   *   (FIFO-BLK-3, FIFO-BLK-4); `EINTR` when a handler interrupts the wait
   *   (FIFO-BLK-5); `EINVAL` (FIFO-ERR-3, FIFO-ERR-4);
   *   `ENAMETOOLONG` (FIFO-ERR-3); `ESRCH` when the process has exited
   *
   * @example A reader waits for a writer
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const alice = system.spawn({ uid: 1000, gid: 1000 });
   * const bob = system.spawn({ uid: 1001, gid: 1001 });
   * alice.mkfifo("/tmp/fifo", 0o644);
   * const opening = bob.openFifo("/tmp/fifo", { access: "read" }); // waits for a writer
   * const writer = await alice.openFifo("/tmp/fifo", { access: "write" }); // a reader waits: at once
   * const reader = await opening;
   * await writer.write(new Uint8Array([1, 2, 3]));
   * console.assert((await reader.read(new Uint8Array(8))) === 3);
   * ```
   */
  openFifo(path: string, options: FifoOpenOptions): Promise<PipeEnd>;

  /**
   * Opens the FIFO named `path` without waiting (`open(2)` with
   * `O_NONBLOCK`). Synchronous: it returns the end or throws, and never
   * returns a promise (FIFO-NB-3).
   *
   * For reading it succeeds at once (FIFO-NB-1), and the end reads end of
   * file until a writer opens the FIFO (FIFO-EOF-1). For writing it fails
   * `ENXIO` when no reader has the FIFO open or is waiting to open it
   * (FIFO-NB-2), but only after the permission check (FIFO-PERM-3). For
   * `readwrite` it succeeds at once (FIFO-BLK-2). Like a blocking open, it
   * completes the opens of the other kind that wait (FIFO-BLK-1). A
   * `signal` in `options` is ignored.
   *
   * @param path - the FIFO's name (FIFO-ERR-3)
   * @param options - the access asked for (FIFO-ERR-4)
   * @returns the end
   * @throws {IpcError} `ENXIO` (FIFO-NB-2); `ENOENT` (FIFO-ERR-2,
   *   FIFO-LIFE-3); `EACCES` (FIFO-PERM-1, FIFO-PERM-3); `EINVAL` (FIFO-ERR-3,
   *   FIFO-ERR-4); `ENAMETOOLONG` (FIFO-ERR-3); `ESRCH` when the process has exited
   *
   * @example No reader yet: ENXIO; then a reader, and the write end opens
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const process = createSystem().spawn();
   * process.mkfifo("/tmp/fifo");
   * let noReader = false;
   * try { process.tryOpenFifo("/tmp/fifo", { access: "write" }); } catch (error) { noReader = IpcError.is(error, "ENXIO"); }
   * const reader = process.tryOpenFifo("/tmp/fifo", { access: "read" });
   * console.assert(reader.tryRead(new Uint8Array(1)) === 0); // no writer: end of file
   * const writer = process.tryOpenFifo("/tmp/fifo", { access: "write" });
   * console.assert(noReader && writer.writable);
   * ```
   */
  tryOpenFifo(path: string, options: { readonly access: Access }): PipeEnd;

  /**
   * Removes the name `path` (`unlink(2)`). Only the name goes: ends already
   * open keep working, and a later open of the path fails `ENOENT`
   * (FIFO-LIFE-3); a later `mkfifo` there makes a distinct FIFO
   * (FIFO-LIFE-4). Only the FIFO's owner or root may unlink it (FIFO-PERM-4).
   *
   * @param path - the name to remove (FIFO-ERR-3)
   * @throws {IpcError} `ENOENT` when no such name exists (FIFO-ERR-2); `EPERM`
   *   when the caller is neither the owner nor root (FIFO-PERM-4); `EINVAL`,
   *   `ENAMETOOLONG` for a bad path (FIFO-ERR-3); `ESRCH` when the process has exited
   *
   * @example Unlink the name, keep using the ends
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * process.mkfifo("/tmp/fifo");
   * const end = process.tryOpenFifo("/tmp/fifo", { access: "readwrite" });
   * process.unlink("/tmp/fifo");
   * end.tryWrite(new Uint8Array([42]));
   * console.assert(end.tryRead(new Uint8Array(1)) === 1);
   * ```
   */
  unlink(path: string): void;
}

/** Shorthand for a FIFO clause's fixed fields. */
type FifoClause = Omit<Clause, "mechanism"> & { readonly mechanism?: "fifo" };

function fifoClauses(list: readonly FifoClause[]): readonly Clause[] {
  return Object.freeze(list.map((clause) => Object.freeze({ ...clause, mechanism: "fifo" as const })));
}

/**
 * The clauses of named pipes (FIFOs). IDs are stable and never reused.
 *
 * @example Find the rule for a non-blocking write open
 * ```ts
 * import { FIFO_CLAUSES } from "ipckit/spec";
 * console.assert(FIFO_CLAUSES.some((clause) => clause.id === "FIFO-NB-2" && clause.rule.includes("ENXIO")));
 * ```
 */
export const FIFO_CLAUSES: readonly Clause[] = fifoClauses([
  // Blocking
  {
    id: "FIFO-BLK-1",
    category: "blocking",
    level: "core",
    rule: "A blocking open for reading waits until the FIFO is opened for writing, and one for writing until it is opened for reading; an open completes at once when such a peer is already open or waiting, and then completes every open of the other kind that waits.",
    source: "fifo(7); open(2) (FIFOs); Linux fs/pipe.c fifo_open",
    catalogue: ["FIFO-02"],
  },
  {
    id: "FIFO-BLK-2",
    category: "blocking",
    level: "core",
    rule: "An open for reading and writing (readwrite), blocking or not, never waits and succeeds even when no other end is open.",
    source: "fifo(7) (under Linux, opening a FIFO for read and write succeeds in both modes)",
    choice: "POSIX leaves O_RDWR on a FIFO undefined; ipckit follows Linux, where it succeeds at once.",
    catalogue: ["FIFO-05"],
  },
  {
    id: "FIFO-BLK-3",
    category: "blocking",
    level: "core",
    rule: "Aborting a waiting open rejects it with ECANCELED and leaves nothing open: the FIFO no longer counts it as a reader or a writer, and the other waiting opens keep waiting.",
    source: "signal(7) Interruption of system calls (a FIFO open is interrupted with EINTR; analogue); Linux fs/pipe.c fifo_open (err_rd, err_wr)",
    choice: "Abort is ipckit's JavaScript form of interruption (as PIPE-BLK-4), with its own code ECANCELED; a signal handler's interruption is FIFO-BLK-5.",
    catalogue: ["FIFO-02"],
  },
  {
    id: "FIFO-BLK-4",
    category: "blocking",
    level: "core",
    rule: "openFifo called with an already aborted signal rejects with ECANCELED and opens nothing, even when it could complete at once.",
    source: "DOM Standard, AbortSignal (the web platform's convention)",
    choice: "POSIX has no counterpart; as PIPE-BLK-6, an operation given an aborted signal does not start. The name and permission checks come first, as they do before a real open sleeps.",
  },
  {
    id: "FIFO-BLK-5",
    category: "blocking",
    level: "core",
    rule: "A signal handler installed without restart, run for a process whose open of a FIFO waits, interrupts it: it rejects with EINTR, leaves nothing open and no longer counts as a reader or a writer; under restart (SA_RESTART) the open goes on waiting and completes when the peer comes.",
    source: "fifo(7); open(2) EINTR; signal(7) Interruption of system calls by signal handlers (open of a FIFO is restarted)",
    choice: "The handler interrupts the call its process has waited in longest (SIG-BLK-5).",
    catalogue: ["FIFO-02", "SIG-12"],
  },
  // Non-blocking
  {
    id: "FIFO-NB-1",
    category: "nonblocking",
    level: "core",
    rule: "tryOpenFifo for reading succeeds at once, whether or not a writer has the FIFO open.",
    source: "fifo(7); open(2) O_NONBLOCK",
    catalogue: ["FIFO-03"],
  },
  {
    id: "FIFO-NB-2",
    category: "nonblocking",
    level: "core",
    rule: "tryOpenFifo for writing fails with ENXIO and opens nothing when no reader has the FIFO open or is waiting to open it, and succeeds when one has or is.",
    source: "open(2) ENXIO; fifo(7); Linux fs/pipe.c fifo_open (a waiting reader is counted)",
    choice: "An open for reading still waiting counts as a reader, as on Linux, where a blocked open is counted among the FIFO's readers.",
    catalogue: ["FIFO-04"],
  },
  {
    id: "FIFO-NB-3",
    category: "nonblocking",
    level: "core",
    rule: "tryOpenFifo completes synchronously: it returns an end or throws, and never returns a promise or waits.",
    source: "open(2) O_NONBLOCK",
  },
  // End of file
  {
    id: "FIFO-EOF-1",
    category: "eof",
    level: "core",
    rule: "A read end of a FIFO that no writer has open reads end of file (0), fails tryRead with EAGAIN once a writer opens it while it is empty, and reads 0 again once the last writer closes.",
    source: "POSIX read() (no process has the FIFO open for writing: 0); fifo(7)",
    catalogue: ["FIFO-03"],
  },
  {
    id: "FIFO-EOF-2",
    category: "eof",
    level: "core",
    rule: "An end opened readwrite both reads and writes and counts as a reader and a writer, so while it is open no read of the FIFO sees end of file and no write fails with EPIPE.",
    source: "fifo(7); open(2) O_RDWR",
    choice: "POSIX leaves O_RDWR on a FIFO undefined; ipckit follows Linux, where the one description is both a reader and a writer of the pipe.",
    catalogue: ["FIFO-05"],
  },
  // Permission
  {
    id: "FIFO-PERM-1",
    category: "permission",
    level: "core",
    rule: "Opening a FIFO for reading needs read permission, for writing write permission and for readwrite both, as the one permission rule decides them (root always; otherwise the owner, group or other bits of the first class the caller falls in), and a denied open fails with EACCES.",
    source: "open(2) EACCES; path_resolution(7) Permission checking; credentials(7)",
    catalogue: ["FIFO-06"],
  },
  {
    id: "FIFO-PERM-2",
    category: "permission",
    level: "core",
    rule: "A new FIFO is owned by the uid and gid of the process that made it, and its permission bits are the mode asked for (0o666 when none) less that process's umask at that moment.",
    source: "mkfifo(3) (mode & ~umask); mknod(2) (owner and group); umask(2)",
    choice: "The group is always the creator's gid: ipckit has no directories, so no set-group-ID directory can give its own.",
    catalogue: ["FIFO-06"],
  },
  {
    id: "FIFO-PERM-3",
    category: "permission",
    level: "core",
    rule: "The permission check comes before the check for a reader: tryOpenFifo for writing by a process without write permission fails with EACCES even when no reader is open.",
    source: "open(2) (permission is checked during path resolution, before the FIFO is opened); Linux fs/namei.c may_open",
    choice: "POSIX does not order the two errors; ipckit follows Linux, seen to return EACCES there.",
    catalogue: ["FIFO-06", "FIFO-04"],
  },
  {
    id: "FIFO-PERM-4",
    category: "permission",
    level: "core",
    rule: "Only the FIFO's owner or root may unlink it; any other process fails with EPERM and the name stays.",
    source: "unlink(2) EPERM (sticky directory); inode(7) (the sticky bit on directories)",
    choice: "ipckit has no directories, so every name behaves as in a world-writable directory with the sticky bit such as /tmp, where only the file's owner or a privileged process may remove it.",
  },
  // Lifecycle
  {
    id: "FIFO-LIFE-1",
    category: "lifecycle",
    level: "core",
    rule: "Every end opened on a FIFO, by any process, is an end of the one pipe behind it, and every pipe clause holds for it.",
    source: "fifo(7); pipe(7)",
    catalogue: ["FIFO-07"],
  },
  {
    id: "FIFO-LIFE-2",
    category: "lifecycle",
    level: "core",
    rule: "The bytes in a FIFO last while any end of it is open or any open of it waits, and are dropped once none is, so a later open starts with an empty pipe.",
    source: "fifo(7) (the FIFO has no contents on the file system); Linux fs/pipe.c fifo_open, put_pipe_info",
    choice: "POSIX says only that nothing is written to the file system; ipckit follows Linux, where an open still waiting holds the pipe as an open end does.",
    catalogue: ["FIFO-07"],
  },
  {
    id: "FIFO-LIFE-3",
    category: "lifecycle",
    level: "core",
    rule: "unlink removes only the name: ends already open keep working, and a later open of the path fails with ENOENT.",
    source: "unlink(2)",
    catalogue: ["FIFO-08"],
  },
  {
    id: "FIFO-LIFE-4",
    category: "lifecycle",
    level: "core",
    rule: "mkfifo at a path whose FIFO was unlinked makes a distinct FIFO that shares no pipe, no bytes and no waiting opens with the old one.",
    source: "unlink(2); mkfifo(3)",
    catalogue: ["FIFO-08"],
  },
  // Errors
  {
    id: "FIFO-ERR-1",
    category: "errors",
    level: "core",
    rule: "mkfifo at a path that already names a FIFO fails with EEXIST and leaves that FIFO, its owner, mode, bytes and open ends as they were.",
    source: "mkfifo(3) EEXIST",
    catalogue: ["FIFO-01"],
  },
  {
    id: "FIFO-ERR-2",
    category: "errors",
    level: "core",
    rule: "openFifo, tryOpenFifo and unlink of a path that names nothing fail with ENOENT.",
    source: "open(2) ENOENT; unlink(2) ENOENT",
    catalogue: ["FIFO-08"],
  },
  {
    id: "FIFO-ERR-3",
    category: "errors",
    level: "core",
    rule: "A path that is not a string starting with a slash in canonical form (no empty, \".\" or \"..\" component, no trailing slash, no NUL) fails with EINVAL, and one of PATH_MAX (4096) or more UTF-8 bytes or with a component over NAME_MAX (255) bytes fails with ENAMETOOLONG, in every call and changing nothing.",
    source: "path_resolution(7); open(2) ENAMETOOLONG; mkfifo(3) ENAMETOOLONG; limits.h PATH_MAX, NAME_MAX",
    choice: "ipckit's processes have no working directory and its namespace no directories, so relative, empty and non-canonical paths are EINVAL where Linux would resolve them or fail ENOENT; lengths are counted as Linux counts them, in bytes, PATH_MAX including the terminating NUL.",
  },
  {
    id: "FIFO-ERR-4",
    category: "errors",
    level: "core",
    rule: "A mode that is not an integer from 0 to 0o777, open options that are not an object, an access other than read, write or readwrite, or a signal that is not an AbortSignal fail with EINVAL and change nothing.",
    source: "mkfifo(3); open(2) EINVAL",
    choice: "C masks a mode to its permission bits (and takes any int); ipckit rejects what is not a plain permission mode instead of masking it.",
  },
]);
