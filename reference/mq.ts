/**
 * POSIX message queues in the reference implementation. Not implemented yet:
 * every call fails `ENOSYS`, which the suite reports as NOT IMPLEMENTED.
 *
 * @module
 */

import { IpcError } from "../spec/errors.ts";
import type { MessageQueue, MqOpenOptions } from "../spec/mq.ts";
import type { ReferenceProcess } from "./system.ts";

/** `mq_open(3)` as `process`. */
export function mqOpen(_process: ReferenceProcess, _name: string, _options: MqOpenOptions): MessageQueue {
  throw new IpcError("ENOSYS", "mq_open");
}

/** `mq_unlink(3)` as `process`. */
export function mqUnlink(_process: ReferenceProcess, _name: string): void {
  throw new IpcError("ENOSYS", "mq_unlink");
}
