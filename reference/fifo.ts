/**
 * Named pipes (FIFOs) in the reference implementation. Not implemented yet:
 * every call fails `ENOSYS`, which the suite reports as NOT IMPLEMENTED.
 *
 * @module
 */

import { IpcError } from "../spec/errors.ts";
import type { FifoOpenOptions } from "../spec/fifo.ts";
import type { Access } from "../spec/namespace.ts";
import type { ReferencePipeEnd } from "./pipe.ts";
import type { ReferenceProcess } from "./system.ts";

/** `mkfifo(3)` as `process`. */
export function mkfifo(_process: ReferenceProcess, _path: string, _mode?: number): void {
  throw new IpcError("ENOSYS", "mkfifo");
}

/** `open(2)` of a FIFO as `process`, waiting for the other side. */
export function openFifo(_process: ReferenceProcess, _path: string, _options: FifoOpenOptions): Promise<ReferencePipeEnd> {
  return Promise.reject(new IpcError("ENOSYS", "open"));
}

/** `open(2)` of a FIFO with `O_NONBLOCK` as `process`. */
export function tryOpenFifo(_process: ReferenceProcess, _path: string, _options: { readonly access: Access }): ReferencePipeEnd {
  throw new IpcError("ENOSYS", "open");
}

/** `unlink(2)` as `process`. */
export function unlink(_process: ReferenceProcess, _path: string): void {
  throw new IpcError("ENOSYS", "unlink");
}
