/**
 * The file namespace: the paths of a system, shared by the objects that have a
 * file name, FIFOs (`reference/fifo/`) and Unix-path sockets
 * (`reference/socket/`). A path names one node whatever its kind: binding a
 * socket where a FIFO is fails `EADDRINUSE` (UX-ERR-1), `connect` to a FIFO's
 * name fails `ECONNREFUSED` and `openFifo` of a socket's name `ENXIO`
 * (UX-ERR-3). `unlink` removes any kind (FIFO-LIFE-3, UX-LIFE-2).
 *
 * @module
 */

import type { Ownership } from "../../spec/namespace.ts";
import { Namespace } from "../base/namespace.ts";
import { StateKey } from "../base/state-key.ts";

/** What the file namespace holds: any object with a file name. */
export interface FileNode {
  /** The owner and the permission bits, checked on every open (FIFO-PERM-1, UX-PERM-1). */
  readonly ownership: Ownership;
}

/** The key of a system's file namespace. */
export const FILES = new StateKey("files", () => new Namespace<string, FileNode>());

/**
 * A system's file namespace: paths to file nodes, made on first use.
 *
 * @param system - the system
 * @returns its file namespace
 */
export function filesOf(system: object): Namespace<string, FileNode> {
  return FILES.of(system);
}
