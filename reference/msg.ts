/**
 * System V message queues in the reference implementation. Not implemented
 * yet: every call fails `ENOSYS`, which the suite reports as NOT IMPLEMENTED.
 *
 * @module
 */

import { IpcError } from "../spec/errors.ts";
import type { MsgGetOptions, MsgQueueSet, MsgQueueStat, MsgReceiveOptions, MsgReceived } from "../spec/msg.ts";
import type { BlockingOptions } from "../spec/pipe.ts";
import type { ReferenceProcess } from "./system.ts";

/** `msgget(2)` as `process`. */
export function msgget(_process: ReferenceProcess, _key: number, _options?: MsgGetOptions): number {
  throw new IpcError("ENOSYS", "msgget");
}

/** `msgsnd(2)` as `process`. */
export function msgsnd(_process: ReferenceProcess, _id: number, _type: number, _data: Uint8Array, _options?: BlockingOptions): Promise<void> {
  return Promise.reject(new IpcError("ENOSYS", "msgsnd"));
}

/** `msgsnd(2)` with `IPC_NOWAIT` as `process`. */
export function tryMsgsnd(_process: ReferenceProcess, _id: number, _type: number, _data: Uint8Array): void {
  throw new IpcError("ENOSYS", "msgsnd");
}

/** `msgrcv(2)` as `process`. */
export function msgrcv(
  _process: ReferenceProcess,
  _id: number,
  _buffer: Uint8Array,
  _type: number,
  _options?: MsgReceiveOptions & BlockingOptions,
): Promise<MsgReceived> {
  return Promise.reject(new IpcError("ENOSYS", "msgrcv"));
}

/** `msgrcv(2)` with `IPC_NOWAIT` as `process`. */
export function tryMsgrcv(_process: ReferenceProcess, _id: number, _buffer: Uint8Array, _type: number, _options?: MsgReceiveOptions): MsgReceived {
  throw new IpcError("ENOSYS", "msgrcv");
}

/** `msgctl(2)` as `process`. */
export function msgctl(_process: ReferenceProcess, _id: number, _command: "stat" | "set" | "remove", _changes?: MsgQueueSet): MsgQueueStat | undefined {
  throw new IpcError("ENOSYS", "msgctl");
}
