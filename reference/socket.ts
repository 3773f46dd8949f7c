/**
 * Sockets in the reference implementation. Not implemented yet: every call
 * fails `ENOSYS`, which the suite reports as NOT IMPLEMENTED.
 *
 * @module
 */

import { IpcError } from "../spec/errors.ts";
import type { Socket, SocketFamily, SocketType } from "../spec/socket.ts";
import type { ReferenceProcess } from "./system.ts";

/** `socket(2)` as `process`. */
export function socket(_process: ReferenceProcess, _family: SocketFamily, _type: SocketType): Socket {
  throw new IpcError("ENOSYS", "socket");
}

/** `socketpair(2)` as `process`. */
export function socketpair(_process: ReferenceProcess, _type: SocketType): readonly [Socket, Socket] {
  throw new IpcError("ENOSYS", "socketpair");
}
