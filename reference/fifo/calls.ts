/**
 * The FIFO calls of the spec's `FifoApi`, as the process layer calls them:
 * `mkfifo`, `openFifo`, `tryOpenFifo` and `unlink`. They check the arguments,
 * resolve the name in the system's file namespace
 * (`reference/kernel/files.ts`) and check permission with the one rule of
 * every named object (`requireAccess`, `reference/base/namespace.ts`), then
 * call the FIFO (`reference/fifo/fifo.ts`).
 *
 * The checks run in this order, the first failing one deciding the error: the
 * process is alive (`ESRCH`), the path (`EINVAL`, `ENAMETOOLONG`), the other
 * arguments (`EINVAL`), the name (`ENOENT`; `ENXIO` when it names something
 * that is not a FIFO, as `open(2)` of a socket does), the permission
 * (`EACCES`), the signal (`ECANCELED`), and last the reader check (`ENXIO`)
 * of a non-blocking open for writing.
 *
 * @module
 */

import { ROOT_UID } from "../../spec/constants.ts";
import { IpcError } from "../../spec/errors.ts";
import type { FifoOpenOptions } from "../../spec/fifo.ts";
import { PERMISSION_BITS } from "../../spec/namespace.ts";
import type { Access } from "../../spec/namespace.ts";
import { parseBlocking } from "../base/blocking.ts";
import { canceled } from "../base/interrupt.ts";
import { creationMode, requireAccess } from "../base/namespace.ts";
import { requireFilePath, requireIntegerInRange, requireOptionalObject } from "../base/validate.ts";
import { filesOf } from "../kernel/files.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import type { ReferencePipeEnd } from "../pipe/index.ts";
import { ReferenceFifo } from "./fifo.ts";

/** The mode of a FIFO made without one, before the umask (FIFO-PERM-2). */
const DEFAULT_FIFO_MODE = 0o666;

/** The accesses an open may ask for (FIFO-ERR-4). */
const ACCESSES: ReadonlySet<unknown> = new Set<Access>(["read", "write", "readwrite"]);

/**
 * Resolves a path to the FIFO it names: the lookup step of every open.
 *
 * @param system - the system whose namespace to search
 * @param path - a path, already checked (FIFO-ERR-3)
 * @param syscall - the operation, for errors
 * @returns the FIFO
 * @throws {IpcError} `ENOENT` when the path names nothing (FIFO-ERR-2);
 *   `ENXIO` when it names something that is not a FIFO
 */
export function lookupFifo(system: object, path: string, syscall: string): ReferenceFifo {
  const node = filesOf(system).lookup(path);
  // FIFO-ERR-2, FIFO-LIFE-3: no such name (never made, or unlinked).
  if (node === undefined) throw new IpcError("ENOENT", syscall, { path });
  if (!(node instanceof ReferenceFifo)) throw new IpcError("ENXIO", syscall, { path, detail: "not a FIFO" });
  return node;
}

/**
 * Checks the options of an open (FIFO-ERR-4): an object whose `access` is
 * `"read"`, `"write"` or `"readwrite"` and, for the blocking form, whose
 * `signal` is absent or an `AbortSignal`.
 *
 * @param options - the argument
 * @param syscall - the operation, for errors
 * @param withSignal - whether the call takes a signal (the blocking form); default `true`
 * @returns the access and the signal (`undefined` when absent or not taken)
 * @throws {IpcError} `EINVAL` for options that are not an object, a bad access or a bad signal
 */
export function requireOpenOptions(
  options: unknown,
  syscall: string,
  withSignal = true,
): { readonly access: Access; readonly signal: AbortSignal | undefined } {
  const checked = requireOptionalObject(options, syscall, "options");
  if (checked === undefined) {
    throw new IpcError("EINVAL", syscall, { detail: "options with an access are required" });
  }
  const access = checked["access"];
  if (!ACCESSES.has(access)) {
    throw new IpcError("EINVAL", syscall, { detail: `options.access must be "read", "write" or "readwrite", got ${String(access)}` });
  }
  const signal = withSignal ? parseBlocking(checked, syscall).signal : undefined;
  return { access: access as Access, signal };
}

/**
 * `mkfifo(3)` as `process`: the operation behind `ReferenceProcess.mkfifo`.
 *
 * @param caller - the process making the call
 * @param path - the name (FIFO-ERR-3)
 * @param mode - the permission bits; default `0o666` (FIFO-ERR-4)
 * @throws {IpcError} `EEXIST` (FIFO-ERR-1), `EINVAL` (FIFO-ERR-3,
 *   FIFO-ERR-4), `ENAMETOOLONG` (FIFO-ERR-3), `ESRCH` when `caller` has exited
 */
export function mkfifo(caller: ProcessCore, path: string, mode?: number): void {
  caller.requireAlive("mkfifo");
  // FIFO-ERR-3: a well-formed path.
  const name = requireFilePath(path, "mkfifo");
  // FIFO-ERR-4: a plain permission mode.
  const bits = mode === undefined ? DEFAULT_FIFO_MODE : requireIntegerInRange(mode, 0, PERMISSION_BITS, "mkfifo", "mode");
  const files = filesOf(caller.system);
  // FIFO-ERR-1: the name is taken: EEXIST, and the existing FIFO is untouched.
  // (After unlink it is free again, for a new FIFO: FIFO-LIFE-4.)
  if (files.lookup(name) !== undefined) throw new IpcError("EEXIST", "mkfifo", { path: name });
  // FIFO-PERM-2: owned by the caller's uid and gid, mode less the caller's umask now.
  const { uid, gid } = caller.credentials;
  files.bind(name, new ReferenceFifo({ uid, gid, mode: creationMode(bits, caller.currentUmask) }));
}

/**
 * `open(2)` of a FIFO as `process`, waiting for the peer: the operation
 * behind `ReferenceProcess.openFifo`.
 *
 * @param caller - the process making the call
 * @param path - the FIFO's name (FIFO-ERR-3)
 * @param options - the access and a signal (FIFO-ERR-4)
 * @returns the end
 * @throws {IpcError} (as a rejection, never synchronously) `ENOENT`
 *   (FIFO-ERR-2), `EACCES` (FIFO-PERM-1), `ECANCELED` (FIFO-BLK-3,
 *   FIFO-BLK-4), `EINTR` (FIFO-BLK-5), `EINVAL` (FIFO-ERR-3, FIFO-ERR-4),
 *   `ENAMETOOLONG` (FIFO-ERR-3), `ESRCH` when `caller` has exited
 */
export function openFifo(caller: ProcessCore, path: string, options: FifoOpenOptions): Promise<ReferencePipeEnd> {
  try {
    caller.requireAlive("open");
    // FIFO-ERR-3, FIFO-ERR-4: the arguments, before anything else.
    const name = requireFilePath(path, "open");
    const { access, signal } = requireOpenOptions(options, "open");
    // FIFO-ERR-2: the name.
    const fifo = lookupFifo(caller.system, name, "open");
    // FIFO-PERM-1: r for reading, w for writing, both for readwrite, by the one rule.
    requireAccess(caller.credentials, fifo.ownership, access, "open", name);
    // FIFO-BLK-4: called with an aborted signal: ECANCELED, nothing opened.
    if (signal?.aborted === true) throw canceled("open", signal.reason);
    return fifo.open(caller, access, signal);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `open(2)` of a FIFO with `O_NONBLOCK` as `process`: the operation behind
 * `ReferenceProcess.tryOpenFifo`. Synchronous: it returns the end or
 * throws (FIFO-NB-3).
 *
 * @param caller - the process making the call
 * @param path - the FIFO's name (FIFO-ERR-3)
 * @param options - the access (FIFO-ERR-4); a signal is ignored
 * @returns the end
 * @throws {IpcError} `ENXIO` (FIFO-NB-2), `ENOENT` (FIFO-ERR-2), `EACCES`
 *   (FIFO-PERM-1, FIFO-PERM-3), `EINVAL` (FIFO-ERR-3, FIFO-ERR-4),
 *   `ENAMETOOLONG` (FIFO-ERR-3), `ESRCH` when `caller` has exited
 */
export function tryOpenFifo(caller: ProcessCore, path: string, options: { readonly access: Access }): ReferencePipeEnd {
  caller.requireAlive("open");
  // FIFO-ERR-3, FIFO-ERR-4
  const name = requireFilePath(path, "open");
  const { access } = requireOpenOptions(options, "open", false);
  // FIFO-ERR-2
  const fifo = lookupFifo(caller.system, name, "open");
  // FIFO-PERM-1; FIFO-PERM-3: before the reader check, so EACCES wins over ENXIO.
  requireAccess(caller.credentials, fifo.ownership, access, "open", name);
  // FIFO-NB-3: no promise on any path.
  return fifo.tryOpen(caller, access);
}

/**
 * `unlink(2)` as `process`: the operation behind `ReferenceProcess.unlink`.
 *
 * @param caller - the process making the call
 * @param path - the name to remove (FIFO-ERR-3)
 * @throws {IpcError} `ENOENT` (FIFO-ERR-2), `EPERM` (FIFO-PERM-4), `EINVAL`,
 *   `ENAMETOOLONG` (FIFO-ERR-3), `ESRCH` when `caller` has exited
 */
export function unlink(caller: ProcessCore, path: string): void {
  caller.requireAlive("unlink");
  // FIFO-ERR-3
  const name = requireFilePath(path, "unlink");
  const files = filesOf(caller.system);
  const node = files.lookup(name);
  // FIFO-ERR-2: no such name.
  if (node === undefined) throw new IpcError("ENOENT", "unlink", { path: name });
  // FIFO-PERM-4: only the owner or root (every name is as in a sticky /tmp).
  const { uid } = caller.credentials;
  if (uid !== ROOT_UID && uid !== node.ownership.uid) {
    throw new IpcError("EPERM", "unlink", { path: name, detail: `uid ${uid} is neither the owner (uid ${node.ownership.uid}) nor root` });
  }
  // FIFO-LIFE-3: only the name goes. The FIFO lives on for its open ends and
  // waiting opens, out of reach of any later open (FIFO-LIFE-4).
  files.remove(name);
}

