/**
 * POSIX message queues (`mq_overview(7)`): named queues of whole messages,
 * each with a priority; a receive takes the oldest message of the highest
 * priority.
 *
 * @module
 */

import type { Clause } from "./clause.ts";
import type { Access } from "./namespace.ts";
import type { BlockingOptions } from "./pipe.ts";

/** The number of message priorities: 0 to `MQ_PRIO_MAX - 1` (Linux: 32768). */
export const MQ_PRIO_MAX = 32768;

/** `mq_maxmsg` of a queue created without attributes. */
export const MQ_DEFAULT_MAX_MESSAGES = 10;

/** `mq_msgsize` of a queue created without attributes. */
export const MQ_DEFAULT_MESSAGE_SIZE = 8192;

/** The largest `mq_maxmsg` an unprivileged process may ask for (`msg_max`). */
export const MQ_MAX_MESSAGES = 10;

/** The largest `mq_msgsize` an unprivileged process may ask for (`msgsize_max`). */
export const MQ_MAX_MESSAGE_SIZE = 8192;

/** The largest `mq_maxmsg` even root may ask for (`HARD_MSGMAX`). */
export const MQ_HARD_MAX_MESSAGES = 65536;

/** The largest `mq_msgsize` even root may ask for (`HARD_MSGSIZEMAX`). */
export const MQ_HARD_MAX_MESSAGE_SIZE = 16777216;

/** Options for {@link MqApi.mqOpen} (`mq_open(3)`'s `oflag`, `mode` and `attr`). */
export interface MqOpenOptions {
  /** `O_RDONLY`, `O_WRONLY` or `O_RDWR`. */
  readonly access: Access;
  /** `O_CREAT`: create the queue when the name is absent. */
  readonly create?: boolean;
  /** `O_EXCL` (with `create`): fail `EEXIST` when the name exists. */
  readonly exclusive?: boolean;
  /** Permission bits for a new queue (before the umask); default `0o600`. */
  readonly mode?: number;
  /** `mq_maxmsg` for a new queue; default {@link MQ_DEFAULT_MAX_MESSAGES}. */
  readonly maxMessages?: number;
  /** `mq_msgsize` for a new queue; default {@link MQ_DEFAULT_MESSAGE_SIZE}. */
  readonly messageSize?: number;
  /** `O_NONBLOCK`: the blocking calls of this handle fail `EAGAIN` instead of waiting. */
  readonly nonblocking?: boolean;
}

/** A queue's attributes (`struct mq_attr`). */
export interface MqAttributes {
  /** `mq_maxmsg`: the most messages the queue holds. */
  readonly maxMessages: number;
  /** `mq_msgsize`: the largest message, in bytes. */
  readonly messageSize: number;
  /** `mq_curmsgs`: messages now in the queue. */
  readonly currentMessages: number;
  /** `O_NONBLOCK` of this handle's open description. */
  readonly nonblocking: boolean;
}

/** Options for a blocking queue call: a signal, and the timed form's deadline. */
export interface MqWaitOptions extends BlockingOptions {
  /**
   * `mq_timedsend`/`mq_timedreceive`: an absolute deadline, in milliseconds
   * since the epoch (the clock of `Date.now()`); once it passes while the
   * call waits, the call fails `ETIMEDOUT`.
   */
  readonly deadline?: number;
}

/** What a receive returns. */
export interface MqReceived {
  /** The message's length in bytes (copied to the start of the buffer). */
  readonly length: number;
  /** The message's priority. */
  readonly priority: number;
}

/** An open message queue descriptor (`mqd_t`). */
export interface MessageQueue {
  /**
   * Sends a message (`mq_send(3)`, `mq_timedsend(3)` with a deadline),
   * waiting while the queue is full.
   *
   * @param data - the message, at most `messageSize` bytes; empty is allowed
   * @param priority - an integer from 0 to `MQ_PRIO_MAX - 1`
   * @param options - a signal, a deadline
   * @throws {IpcError} (as a rejection) `EAGAIN` (non-blocking and full), `EMSGSIZE`,
   *   `EINVAL`, `EBADF`, `ETIMEDOUT`, `ECANCELED`
   */
  send(data: Uint8Array, priority: number, options?: MqWaitOptions): Promise<void>;

  /**
   * Sends without waiting.
   *
   * @param data - the message
   * @param priority - its priority
   * @throws {IpcError} `EAGAIN` when full, `EMSGSIZE`, `EINVAL`, `EBADF`
   */
  trySend(data: Uint8Array, priority: number): void;

  /**
   * Receives the oldest message of the highest priority (`mq_receive(3)`,
   * `mq_timedreceive(3)` with a deadline), waiting while the queue is empty.
   *
   * @param buffer - where the message goes; at least `messageSize` bytes
   * @param options - a signal, a deadline
   * @returns the message's length and priority
   * @throws {IpcError} (as a rejection) `EMSGSIZE` (buffer smaller than
   *   `messageSize`), `EAGAIN`, `EBADF`, `EINVAL`, `ETIMEDOUT`, `ECANCELED`
   */
  receive(buffer: Uint8Array, options?: MqWaitOptions): Promise<MqReceived>;

  /**
   * Receives without waiting.
   *
   * @param buffer - where the message goes
   * @returns the message's length and priority
   * @throws {IpcError} `EAGAIN` when empty, `EMSGSIZE`, `EBADF`, `EINVAL`
   */
  tryReceive(buffer: Uint8Array): MqReceived;

  /**
   * The queue's attributes (`mq_getattr(3)`).
   *
   * @returns the attributes
   * @throws {IpcError} `EBADF` when closed
   */
  getAttributes(): MqAttributes;

  /**
   * Changes the handle's `O_NONBLOCK` flag, the only attribute that can
   * change (`mq_setattr(3)`).
   *
   * @param attributes - the new flag
   * @returns the attributes before the change
   * @throws {IpcError} `EBADF` when closed, `EINVAL` for anything else asked
   */
  setAttributes(attributes: { readonly nonblocking: boolean }): MqAttributes;

  /**
   * Registers this process for one notification when a message arrives in
   * the empty queue, or unregisters with `null` (`mq_notify(3)`).
   *
   * @param callback - called once, with no arguments; `null` unregisters
   * @throws {IpcError} `EBUSY` when another process is registered, `EBADF`
   */
  notify(callback: (() => void) | null): void;

  /**
   * Closes the descriptor (`mq_close(3)`); a registration of this process
   * for notification ends with it.
   *
   * @throws {IpcError} `EBADF` when already closed
   */
  close(): void;
}

/**
 * The POSIX message queue calls of a process. An implementation that
 * provides them (manifest `mq`) gives its processes these methods.
 */
export interface MqApi {
  /**
   * Opens (and with `create`, creates) the queue named `name` (`mq_open(3)`).
   *
   * @param name - `"/"` followed by 1 to 255 characters, none of them `"/"`
   * @param options - access, creation flags, mode and attributes
   * @returns the descriptor
   * @throws {IpcError} `EINVAL`, `EACCES`, `ENOENT`, `EEXIST`, `ENAMETOOLONG`
   */
  mqOpen(name: string, options: MqOpenOptions): MessageQueue;

  /**
   * Removes the name (`mq_unlink(3)`); the queue lives on until its last
   * descriptor closes.
   *
   * @param name - the queue's name
   * @throws {IpcError} `ENOENT`, `EACCES`, `EINVAL`, `ENAMETOOLONG`
   */
  mqUnlink(name: string): void;
}

/**
 * The clauses of POSIX message queues.
 */
export const MQ_CLAUSES: readonly Clause[] = Object.freeze([]);
