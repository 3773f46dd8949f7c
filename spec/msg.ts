/**
 * System V message queues (`msgget(2)`, `msgop(2)`, `msgctl(2)`): queues
 * found by a numeric key, holding typed messages; a receive may pick by type.
 * A queue is named by its identifier, not by a descriptor: it exists until it
 * is removed, whoever opened it.
 *
 * The seed this project comes from had a queue whose messages carried a
 * receiver id and whose receivers waited only for their own messages: here
 * that is a message whose type is the receiver's pid, received by type.
 *
 * @module
 */

import type { Clause } from "./clause.ts";
import type { BlockingOptions } from "./pipe.ts";

/** The key that always makes a new queue (`IPC_PRIVATE`). */
export const IPC_PRIVATE = 0;

/** The largest message text, in bytes (`MSGMAX`). */
export const MSGMAX = 8192;

/** The default capacity of a queue, in bytes of text (`MSGMNB`). */
export const MSGMNB = 16384;

/** Options for {@link MsgApi.msgget}. */
export interface MsgGetOptions {
  /** `IPC_CREAT`: create a queue when none has the key. */
  readonly create?: boolean;
  /** `IPC_EXCL` (with `create`): fail `EEXIST` when a queue has the key. */
  readonly exclusive?: boolean;
  /** Permission bits of a new queue (the umask does not apply); default `0o600`. */
  readonly mode?: number;
}

/** Options for {@link MsgApi.msgrcv} and {@link MsgApi.tryMsgrcv}. */
export interface MsgReceiveOptions {
  /** `MSG_NOERROR`: truncate a longer message to the buffer instead of failing `E2BIG`. */
  readonly noerror?: boolean;
  /** `MSG_EXCEPT` (Linux): with a positive type, take the first message of any other type. */
  readonly except?: boolean;
}

/** What a receive returns. */
export interface MsgReceived {
  /** The message's type (`mtype`). */
  readonly type: number;
  /** The bytes of text copied to the start of the buffer. */
  readonly length: number;
}

/** A queue's state (`struct msqid_ds`), as `msgctl(IPC_STAT)` reports it. */
export interface MsgQueueStat {
  /** Owner uid and gid, and permission bits. */
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
  /** Creator uid and gid. */
  readonly cuid: number;
  readonly cgid: number;
  /** Bytes of text in the queue (`msg_cbytes`). */
  readonly bytes: number;
  /** Messages in the queue (`msg_qnum`). */
  readonly messages: number;
  /** The capacity in bytes of text (`msg_qbytes`). */
  readonly maxBytes: number;
  /** Pid of the last send and of the last receive; 0 before any. */
  readonly lastSendPid: number;
  readonly lastReceivePid: number;
}

/** What `msgctl(IPC_SET)` may change. */
export interface MsgQueueSet {
  readonly uid?: number;
  readonly gid?: number;
  readonly mode?: number;
  readonly maxBytes?: number;
}

/**
 * The System V message queue calls of a process. An implementation that
 * provides them (manifest `msg`) gives its processes these methods.
 */
export interface MsgApi {
  /**
   * Finds or creates the queue with `key` (`msgget(2)`).
   *
   * @param key - a non-negative integer, or {@link IPC_PRIVATE} for a new queue
   * @param options - creation flags and mode
   * @returns the queue's identifier
   * @throws {IpcError} `ENOENT`, `EEXIST`, `EACCES`, `EINVAL`
   */
  msgget(key: number, options?: MsgGetOptions): number;

  /**
   * Sends a message of type `type` (`msgsnd(2)`), waiting while the queue is full.
   *
   * @param id - the queue's identifier
   * @param type - a positive integer
   * @param data - the text, at most {@link MSGMAX} bytes; empty is allowed
   * @param options - a signal to stop waiting
   * @throws {IpcError} (as a rejection) `EINVAL`, `EACCES`, `EIDRM`, `ECANCELED`
   */
  msgsnd(id: number, type: number, data: Uint8Array, options?: BlockingOptions): Promise<void>;

  /**
   * Sends without waiting (`msgsnd(2)` with `IPC_NOWAIT`).
   *
   * @param id - the queue's identifier
   * @param type - a positive integer
   * @param data - the text
   * @throws {IpcError} `EAGAIN` when full, `EINVAL`, `EACCES`, `EIDRM`
   */
  tryMsgsnd(id: number, type: number, data: Uint8Array): void;

  /**
   * Receives a message chosen by `type` (`msgrcv(2)`): 0 takes the oldest;
   * a positive type the oldest of that type (or, with `except`, of any
   * other); a negative type the oldest of the lowest type not above its
   * absolute value. Waits while no message matches.
   *
   * @param id - the queue's identifier
   * @param buffer - where the text goes; its length is `msgsz`
   * @param type - which message to take
   * @param options - truncation, except, and a signal to stop waiting
   * @returns the message's type and length
   * @throws {IpcError} (as a rejection) `E2BIG`, `EINVAL`, `EACCES`, `EIDRM`, `ECANCELED`
   */
  msgrcv(id: number, buffer: Uint8Array, type: number, options?: MsgReceiveOptions & BlockingOptions): Promise<MsgReceived>;

  /**
   * Receives without waiting (`msgrcv(2)` with `IPC_NOWAIT`).
   *
   * @param id - the queue's identifier
   * @param buffer - where the text goes
   * @param type - which message to take
   * @param options - truncation and except
   * @returns the message's type and length
   * @throws {IpcError} `ENOMSG` when no message matches, `E2BIG`, `EINVAL`, `EACCES`, `EIDRM`
   */
  tryMsgrcv(id: number, buffer: Uint8Array, type: number, options?: MsgReceiveOptions): MsgReceived;

  /**
   * Controls a queue (`msgctl(2)`): `stat` reports it, `set` changes owner,
   * mode or capacity, `remove` destroys it at once.
   *
   * @param id - the queue's identifier
   * @param command - `"stat"`, `"set"` or `"remove"`
   * @param changes - for `"set"`, what to change
   * @returns the state, for `"stat"`; otherwise `undefined`
   * @throws {IpcError} `EACCES`, `EPERM`, `EINVAL`, `EIDRM`
   */
  msgctl(id: number, command: "stat" | "set" | "remove", changes?: MsgQueueSet): MsgQueueStat | undefined;
}

/**
 * The clauses of System V message queues.
 */
export const MSG_CLAUSES: readonly Clause[] = Object.freeze([]);
