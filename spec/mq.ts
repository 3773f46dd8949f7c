/**
 * POSIX message queues (`mq_overview(7)`): named queues of whole messages,
 * each with a priority; a receive takes the oldest message of the highest
 * priority. The clauses in {@link MQ_CLAUSES} are the rules; {@link MqApi}
 * (the calls of a process) and {@link MessageQueue} (an open descriptor) are
 * the API they govern.
 *
 * @module
 */

import type { Clause } from "./clause.ts";
import type { Access } from "./namespace.ts";
import type { BlockingOptions } from "./pipe.ts";

/**
 * The number of message priorities: a priority is an integer from 0 to
 * `MQ_PRIO_MAX - 1` (MQ-ERR-5). Linux's value, 32768.
 *
 * @example The highest priority
 * ```ts
 * import { MQ_PRIO_MAX } from "ipckit/spec";
 * console.assert(MQ_PRIO_MAX - 1 === 32767);
 * ```
 */
export const MQ_PRIO_MAX = 32768;

/**
 * `mq_maxmsg` of a queue created without attributes (MQ-CAP-1).
 *
 * @example The default depth
 * ```ts
 * import { MQ_DEFAULT_MAX_MESSAGES } from "ipckit/spec";
 * console.assert(MQ_DEFAULT_MAX_MESSAGES === 10);
 * ```
 */
export const MQ_DEFAULT_MAX_MESSAGES = 10;

/**
 * `mq_msgsize` of a queue created without attributes (MQ-CAP-1).
 *
 * @example The default message size
 * ```ts
 * import { MQ_DEFAULT_MESSAGE_SIZE } from "ipckit/spec";
 * console.assert(MQ_DEFAULT_MESSAGE_SIZE === 8192);
 * ```
 */
export const MQ_DEFAULT_MESSAGE_SIZE = 8192;

/**
 * The largest `mq_maxmsg` a process that is not root may ask for (Linux's
 * `/proc/sys/fs/mqueue/msg_max`; MQ-CAP-4).
 *
 * @example The unprivileged ceiling
 * ```ts
 * import { MQ_MAX_MESSAGES } from "ipckit/spec";
 * console.assert(MQ_MAX_MESSAGES === 10);
 * ```
 */
export const MQ_MAX_MESSAGES = 10;

/**
 * The largest `mq_msgsize` a process that is not root may ask for (Linux's
 * `/proc/sys/fs/mqueue/msgsize_max`; MQ-CAP-4).
 *
 * @example The unprivileged ceiling
 * ```ts
 * import { MQ_MAX_MESSAGE_SIZE } from "ipckit/spec";
 * console.assert(MQ_MAX_MESSAGE_SIZE === 8192);
 * ```
 */
export const MQ_MAX_MESSAGE_SIZE = 8192;

/**
 * The largest `mq_maxmsg` even root may ask for (Linux's `HARD_MSGMAX`; MQ-CAP-4).
 *
 * @example The hard ceiling
 * ```ts
 * import { MQ_HARD_MAX_MESSAGES } from "ipckit/spec";
 * console.assert(MQ_HARD_MAX_MESSAGES === 65536);
 * ```
 */
export const MQ_HARD_MAX_MESSAGES = 65536;

/**
 * The largest `mq_msgsize` even root may ask for (Linux's `HARD_MSGSIZEMAX`; MQ-CAP-4).
 *
 * @example The hard ceiling
 * ```ts
 * import { MQ_HARD_MAX_MESSAGE_SIZE } from "ipckit/spec";
 * console.assert(MQ_HARD_MAX_MESSAGE_SIZE === 16 * 1024 * 1024);
 * ```
 */
export const MQ_HARD_MAX_MESSAGE_SIZE = 16777216;

/**
 * Options for {@link MqApi.mqOpen} (`mq_open(3)`'s `oflag`, `mode` and
 * `attr`). Every field is checked on every call, whether or not the queue
 * exists (MQ-ERR-9, MQ-CAP-3); `mode`, `maxMessages` and `messageSize` are
 * used only when the call creates the queue (MQ-LIFE-3).
 */
export interface MqOpenOptions {
  /** `O_RDONLY`, `O_WRONLY` or `O_RDWR`: what the handle may do (MQ-PERM-1, MQ-ERR-6). */
  readonly access: Access;
  /** `O_CREAT`: create the queue when the name is absent (MQ-LIFE-1). */
  readonly create?: boolean;
  /** `O_EXCL`: with `create`, fail `EEXIST` when the name exists; without it, ignored (MQ-LIFE-2). */
  readonly exclusive?: boolean;
  /** Permission bits for a new queue, before the umask: an integer from 0 to 0o777; default `0o600` (MQ-PERM-2). */
  readonly mode?: number;
  /** `mq_maxmsg` for a new queue, a positive integer; default {@link MQ_DEFAULT_MAX_MESSAGES} (MQ-CAP-1, MQ-CAP-3, MQ-CAP-4). */
  readonly maxMessages?: number;
  /** `mq_msgsize` for a new queue, a positive integer; default {@link MQ_DEFAULT_MESSAGE_SIZE} (MQ-CAP-1, MQ-CAP-3, MQ-CAP-4). */
  readonly messageSize?: number;
  /** `O_NONBLOCK`: the blocking calls of this handle fail `EAGAIN` instead of waiting (MQ-NB-3). */
  readonly nonblocking?: boolean;
}

/** A queue's attributes as seen through one handle (`struct mq_attr`; MQ-CAP-5). */
export interface MqAttributes {
  /** `mq_maxmsg`: the most messages the queue holds, fixed at creation. */
  readonly maxMessages: number;
  /** `mq_msgsize`: the largest message, in bytes, fixed at creation. */
  readonly messageSize: number;
  /** `mq_curmsgs`: messages now in the queue. */
  readonly currentMessages: number;
  /** `O_NONBLOCK` of this handle's open description (MQ-LIFE-8). */
  readonly nonblocking: boolean;
}

/** Options for a blocking queue call: a signal, and the timed form's deadline. */
export interface MqWaitOptions extends BlockingOptions {
  /**
   * `mq_timedsend`/`mq_timedreceive`: an absolute deadline, in milliseconds
   * since the epoch (the clock of `Date.now()`). Once it passes while the
   * call waits, or when it has passed already and the call would wait, the
   * call fails `ETIMEDOUT` (MQ-TMO-1); a call that can complete at once
   * ignores it (MQ-TMO-2). It must be a finite number of at least 0, checked
   * on every call (MQ-TMO-3).
   */
  readonly deadline?: number;
}

/** What a receive returns. */
export interface MqReceived {
  /** The message's length in bytes; the message is copied to the start of the buffer (MQ-ORD-2). */
  readonly length: number;
  /** The message's priority (MQ-ORD-2). */
  readonly priority: number;
}

/**
 * An open message queue descriptor (`mqd_t`), held by the process that
 * opened it. Its access (`read`, `write`, `readwrite`) and its nonblocking
 * flag belong to its open description (MQ-LIFE-8), which `fork` shares with
 * the child's copy (`fork(2)`: the copies share one open description).
 *
 * Every blocking call has a synchronous `try` form that never waits and
 * fails `EAGAIN` where the blocking form would wait (MQ-NB-4). The checks
 * of a call run in this order, the first failing one deciding the error:
 * the handle is open (`EBADF`, MQ-ERR-7), its access allows the call
 * (`EBADF`, MQ-ERR-6), the arguments (`EINVAL`: MQ-ERR-8, MQ-ERR-5,
 * MQ-TMO-3), an already aborted signal (`ECANCELED`, MQ-BLK-5), the message
 * or buffer size (`EMSGSIZE`, MQ-ERR-3, MQ-ERR-4); only then the state of
 * the queue.
 */
export interface MessageQueue {
  /**
   * Sends a message (`mq_send(3)`, or `mq_timedsend(3)` with a deadline),
   * waiting while the queue is full.
   *
   * The message's bytes are copied when the call is made (MQ-ORD-2). When a
   * receive waits on the empty queue, the message goes straight to the one
   * that has waited longest (MQ-ORD-3); otherwise it joins the queue in
   * priority order (MQ-ORD-1). The queue is full when it holds
   * `maxMessages` messages (MQ-CAP-2); on a full queue the send waits (MQ-BLK-2)
   * behind the sends already waiting (MQ-ORD-4), or rejects `EAGAIN` at once
   * through a nonblocking handle (MQ-NB-3). A deadline bounds the wait
   * (MQ-TMO-1, MQ-TMO-2); aborting it stops the wait and the message never
   * enters the queue (MQ-BLK-4, MQ-BLK-5). A signal handler run by the
   * process holding this handle while the send waits ends it with `EINTR`,
   * the message never entering (MQ-BLK-6), unless the handler has `restart`:
   * then the send goes on waiting (MQ-BLK-7). Closing this handle while the send
   * waits rejects it `EBADF` (MQ-LIFE-9). A message arriving in an empty
   * queue may trigger a notification (MQ-LIFE-11).
   *
   * @param data - the message, at most `messageSize` bytes; empty is allowed (MQ-ERR-3)
   * @param priority - an integer from 0 to `MQ_PRIO_MAX - 1` (MQ-ERR-5)
   * @param options - a signal and a deadline (MQ-ERR-8, MQ-TMO-3)
   * @returns a promise that resolves once the message is in the queue or taken by a receive
   * @throws {IpcError} (as a rejection, never synchronously) `EAGAIN` through a
   *   nonblocking handle on a full queue (MQ-NB-3), `EMSGSIZE` (MQ-ERR-3),
   *   `EINVAL` (MQ-ERR-5, MQ-ERR-8, MQ-TMO-3), `EBADF` (MQ-ERR-6, MQ-ERR-7,
   *   MQ-LIFE-9), `ETIMEDOUT` (MQ-TMO-1), `ECANCELED` (MQ-BLK-4, MQ-BLK-5),
   *   `EINTR` when a handler interrupts the wait (MQ-BLK-6)
   *
   * @example A send waits for room
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const queue = createSystem().spawn().mqOpen("/jobs", { access: "readwrite", create: true, maxMessages: 1, messageSize: 16 });
   * queue.trySend(new Uint8Array([1]), 0);
   * const pending = queue.send(new Uint8Array([2]), 0); // the queue is full: waits
   * queue.tryReceive(new Uint8Array(16)); // makes room: the waiting send lands
   * await pending;
   * console.assert(queue.getAttributes().currentMessages === 1);
   * ```
   */
  send(data: Uint8Array, priority: number, options?: MqWaitOptions): Promise<void>;

  /**
   * Sends without waiting (`mq_send(3)` with `O_NONBLOCK`). Synchronous:
   * it returns or throws, and never returns a promise (MQ-NB-4).
   *
   * @param data - the message, at most `messageSize` bytes (MQ-ERR-3)
   * @param priority - an integer from 0 to `MQ_PRIO_MAX - 1` (MQ-ERR-5)
   * @throws {IpcError} `EAGAIN` when the queue is full, holding `maxMessages`
   *   messages (MQ-NB-2, MQ-CAP-2), `EMSGSIZE` (MQ-ERR-3), `EINVAL` (MQ-ERR-5,
   *   MQ-ERR-8), `EBADF` (MQ-ERR-6, MQ-ERR-7)
   *
   * @example Fill a queue of two
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const queue = createSystem().spawn().mqOpen("/pair", { access: "write", create: true, maxMessages: 2 });
   * queue.trySend(new Uint8Array([1]), 0);
   * queue.trySend(new Uint8Array([2]), 0);
   * let full = false;
   * try { queue.trySend(new Uint8Array([3]), 0); } catch (error) { full = IpcError.is(error, "EAGAIN"); }
   * console.assert(full);
   * ```
   */
  trySend(data: Uint8Array, priority: number): void;

  /**
   * Receives the oldest message of the highest priority (`mq_receive(3)`,
   * or `mq_timedreceive(3)` with a deadline), waiting while the queue is
   * empty.
   *
   * The message is copied to the start of `buffer` (MQ-ORD-1, MQ-ORD-2). The
   * buffer must hold `messageSize` bytes, whatever the next message's length
   * (MQ-ERR-4). On an empty queue the receive waits (MQ-BLK-1) behind the
   * receives already waiting (MQ-ORD-3), or rejects `EAGAIN` at once through
   * a nonblocking handle (MQ-NB-3). A deadline bounds the wait (MQ-TMO-1,
   * MQ-TMO-2); aborting it stops the wait having taken nothing (MQ-BLK-3,
   * MQ-BLK-5), and so does a signal handler run by the process holding this
   * handle, with `EINTR` (MQ-BLK-6), unless the handler has `restart`: then
   * the receive goes on waiting (MQ-BLK-7). Taking a message from a full queue lets the longest-waiting
   * send in (MQ-BLK-2, MQ-ORD-4). Closing this handle while the receive
   * waits rejects it `EBADF` (MQ-LIFE-9).
   *
   * @param buffer - where the message goes; at least `messageSize` bytes (MQ-ERR-4, MQ-ERR-8)
   * @param options - a signal and a deadline (MQ-ERR-8, MQ-TMO-3)
   * @returns the message's length and priority
   * @throws {IpcError} (as a rejection, never synchronously) `EMSGSIZE`
   *   (MQ-ERR-4), `EAGAIN` through a nonblocking handle on an empty queue
   *   (MQ-NB-3), `EBADF` (MQ-ERR-6, MQ-ERR-7, MQ-LIFE-9), `EINVAL` (MQ-ERR-8,
   *   MQ-TMO-3), `ETIMEDOUT` (MQ-TMO-1), `ECANCELED` (MQ-BLK-3, MQ-BLK-5),
   *   `EINTR` when a handler interrupts the wait (MQ-BLK-6)
   *
   * @example A receive waits for a message
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const queue = createSystem().spawn().mqOpen("/inbox", { access: "readwrite", create: true, messageSize: 64 });
   * const buffer = new Uint8Array(64);
   * const pending = queue.receive(buffer); // empty: waits
   * queue.trySend(new Uint8Array([7, 8, 9]), 3); // goes straight to the waiting receive
   * const { length, priority } = await pending;
   * console.assert(length === 3 && priority === 3 && buffer[2] === 9);
   * ```
   */
  receive(buffer: Uint8Array, options?: MqWaitOptions): Promise<MqReceived>;

  /**
   * Receives without waiting (`mq_receive(3)` with `O_NONBLOCK`).
   * Synchronous: it returns or throws, and never returns a promise (MQ-NB-4).
   *
   * @param buffer - where the message goes; at least `messageSize` bytes (MQ-ERR-4)
   * @returns the message's length and priority (MQ-ORD-1, MQ-ORD-2)
   * @throws {IpcError} `EAGAIN` when the queue is empty (MQ-NB-1), `EMSGSIZE`
   *   (MQ-ERR-4), `EBADF` (MQ-ERR-6, MQ-ERR-7), `EINVAL` (MQ-ERR-8)
   *
   * @example Higher priority first
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const queue = createSystem().spawn().mqOpen("/prio", { access: "readwrite", create: true, messageSize: 8 });
   * queue.trySend(new Uint8Array([1]), 1);
   * queue.trySend(new Uint8Array([2]), 5);
   * const buffer = new Uint8Array(8);
   * console.assert(queue.tryReceive(buffer).priority === 5 && buffer[0] === 2);
   * console.assert(queue.tryReceive(buffer).priority === 1 && buffer[0] === 1);
   * ```
   */
  tryReceive(buffer: Uint8Array): MqReceived;

  /**
   * The queue's attributes and this handle's nonblocking flag (`mq_getattr(3)`;
   * MQ-CAP-5, MQ-LIFE-8).
   *
   * @returns the attributes, a fresh object
   * @throws {IpcError} `EBADF` when the handle is closed (MQ-ERR-7)
   *
   * @example The default attributes
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const queue = createSystem().spawn().mqOpen("/defaults", { access: "read", create: true });
   * const { maxMessages, messageSize, currentMessages, nonblocking } = queue.getAttributes();
   * console.assert(maxMessages === 10 && messageSize === 8192 && currentMessages === 0 && !nonblocking);
   * ```
   */
  getAttributes(): MqAttributes;

  /**
   * Sets the handle's nonblocking flag, the only attribute that can change
   * (`mq_setattr(3)`; MQ-LIFE-7). The flag belongs to the open description:
   * handles opened separately keep their own (MQ-LIFE-8), a copy made by
   * `fork` shares it, as `fork(2)` shares the open description.
   *
   * @param attributes - an object with exactly one field, `nonblocking`, a boolean
   * @returns the attributes before the change
   * @throws {IpcError} `EBADF` when the handle is closed (MQ-ERR-7), `EINVAL`
   *   for an argument that is not such an object (MQ-LIFE-7)
   *
   * @example Make a handle nonblocking
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const queue = createSystem().spawn().mqOpen("/nb", { access: "readwrite", create: true });
   * const before = queue.setAttributes({ nonblocking: true });
   * let code = "";
   * try { await queue.receive(new Uint8Array(8192)); } catch (error) { code = IpcError.is(error) ? error.code : ""; }
   * console.assert(!before.nonblocking && queue.getAttributes().nonblocking && code === "EAGAIN");
   * ```
   */
  setAttributes(attributes: { readonly nonblocking: boolean }): MqAttributes;

  /**
   * Registers the calling process for one notification, or removes its
   * registration with `null` (`mq_notify(3)` with `SIGEV_THREAD`).
   *
   * A queue has at most one registration: while one exists, registering
   * again (from any process, the registered one included) fails `EBUSY`
   * (MQ-LIFE-10). The callback is called once, when a message arrives in the
   * empty queue and no receive waits for it, and the registration is then
   * removed (MQ-LIFE-11); a message arriving in a non-empty queue or handed
   * to a waiting receive leaves it in place (MQ-LIFE-12). `null` removes the
   * caller's registration and does nothing otherwise (MQ-LIFE-13); closing a
   * handle of the queue in the registered process removes it too
   * (MQ-LIFE-14). The callback runs after the triggering send has returned,
   * never inside it, with no arguments (MQ-LIFE-15).
   *
   * @param callback - called once, with no arguments; `null` unregisters
   * @throws {IpcError} `EBUSY` when a registration exists (MQ-LIFE-10),
   *   `EBADF` when the handle is closed (MQ-ERR-7), `EINVAL` when `callback`
   *   is neither a function nor `null` (MQ-ERR-8)
   *
   * @example Be told when the empty queue gets a message
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const queue = createSystem().spawn().mqOpen("/events", { access: "readwrite", create: true });
   * let calls = 0;
   * queue.notify(() => { calls += 1; });
   * queue.trySend(new Uint8Array([1]), 0);
   * console.assert(calls === 0); // not inside the send
   * await Promise.resolve();
   * console.assert(calls === 1);
   * ```
   */
  notify(callback: (() => void) | null): void;

  /**
   * Closes the descriptor (`mq_close(3)`). The queue and its messages stay
   * (MQ-LIFE-5); the calls pending through this handle reject `EBADF`
   * (MQ-LIFE-9); the process's registration for notification, if any, ends
   * (MQ-LIFE-14).
   *
   * @throws {IpcError} `EBADF` when already closed (MQ-ERR-7)
   *
   * @example Close, and the messages stay
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const queue = process.mqOpen("/kept", { access: "write", create: true });
   * queue.trySend(new Uint8Array([1]), 0);
   * queue.close();
   * console.assert(process.mqOpen("/kept", { access: "read" }).getAttributes().currentMessages === 1);
   * ```
   */
  close(): void;
}

/**
 * The POSIX message queue calls of a process. An implementation that
 * provides them (manifest `mq`) gives its processes these methods; `notify`
 * on the handles is the manifest's part `mq.notify`.
 *
 * Queues live in a namespace of their own, apart from file paths. Every call
 * is made as the process, whose credentials decide permission (MQ-PERM-1,
 * MQ-PERM-3) and limits (MQ-CAP-4), and whose umask shapes a new queue's
 * mode (MQ-PERM-2). Names are checked first (MQ-ERR-1, MQ-ERR-2), then the
 * other arguments (MQ-ERR-9, MQ-CAP-3); bad input changes nothing.
 */
export interface MqApi {
  /**
   * Opens the queue named `name` (`mq_open(3)`), creating it with `create`.
   *
   * An absent name fails `ENOENT` without `create`; with it, a new empty
   * queue is made (MQ-LIFE-1) with the attributes asked (MQ-CAP-1, MQ-CAP-4),
   * owned by the caller with the mode asked less the umask (MQ-PERM-2); the
   * creating open gets the access it asked whatever that mode. A name that
   * exists fails `EEXIST` with `create` and `exclusive` (MQ-LIFE-2);
   * otherwise it is opened as it is, the mode and attributes given being
   * ignored (MQ-LIFE-3), when the caller has the permission the access needs
   * (MQ-PERM-1).
   *
   * The checks run in this order: the process is alive (`ESRCH`), the name
   * (MQ-ERR-1, MQ-ERR-2), the options (MQ-ERR-9, MQ-CAP-3), then `EEXIST`,
   * `EACCES` or `ENOENT`, and last the limits of a new queue (MQ-CAP-4).
   *
   * @param name - `"/"` followed by 1 to 255 bytes, none of them `"/"` (MQ-ERR-1, MQ-ERR-2)
   * @param options - access, creation flags, mode, attributes and the nonblocking flag
   * @returns the descriptor, held by the calling process
   * @throws {IpcError} `EINVAL` (MQ-ERR-1, MQ-ERR-9, MQ-CAP-3, MQ-CAP-4),
   *   `ENOENT` (MQ-ERR-2, MQ-LIFE-1), `EACCES` (MQ-ERR-2, MQ-PERM-1),
   *   `ENAMETOOLONG` (MQ-ERR-2), `EEXIST` (MQ-LIFE-2), `ESRCH` when the
   *   process has exited
   *
   * @example Two users share a queue
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const alice = system.spawn({ uid: 1000, gid: 100 });
   * const bob = system.spawn({ uid: 1001, gid: 1001, groups: [100] });
   * const out = alice.mqOpen("/chat", { access: "write", create: true, mode: 0o640, messageSize: 32 });
   * const into = bob.mqOpen("/chat", { access: "read" }); // group members may read
   * out.trySend(new TextEncoder().encode("hi"), 1);
   * console.assert(into.tryReceive(new Uint8Array(32)).length === 2);
   * ```
   */
  mqOpen(name: string, options: MqOpenOptions): MessageQueue;

  /**
   * Removes the name (`mq_unlink(3)`). The queue lives on, with its
   * messages, for the handles already open; a later open of the name fails
   * `ENOENT` and a later create makes a new queue (MQ-LIFE-4). Only the
   * queue's owner or root may remove it (MQ-PERM-3).
   *
   * @param name - the queue's name (MQ-ERR-1, MQ-ERR-2)
   * @throws {IpcError} `ENOENT` when no queue has the name (MQ-LIFE-6,
   *   MQ-ERR-2), `EPERM` when the caller is neither owner nor root
   *   (MQ-PERM-3), `EINVAL`, `EACCES`, `ENAMETOOLONG` for a bad name
   *   (MQ-ERR-1, MQ-ERR-2), `ESRCH` when the process has exited
   *
   * @example Unlink, and the open handle keeps working
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const process = createSystem().spawn();
   * const queue = process.mqOpen("/tmp", { access: "readwrite", create: true, messageSize: 8 });
   * process.mqUnlink("/tmp");
   * queue.trySend(new Uint8Array([1]), 0);
   * let gone = false;
   * try { process.mqOpen("/tmp", { access: "read" }); } catch (error) { gone = IpcError.is(error, "ENOENT"); }
   * console.assert(gone && queue.tryReceive(new Uint8Array(8)).length === 1);
   * ```
   */
  mqUnlink(name: string): void;
}

/** Shorthand for a message queue clause's fixed fields. */
type MqClause = Omit<Clause, "mechanism"> & { readonly mechanism?: "mq" };

function mqClauses(list: readonly MqClause[]): readonly Clause[] {
  return Object.freeze(list.map((clause) => Object.freeze({ ...clause, mechanism: "mq" as const })));
}

/**
 * The clauses of POSIX message queues. IDs are stable and never reused.
 *
 * @example Find the ordering rule
 * ```ts
 * import { MQ_CLAUSES } from "ipckit/spec";
 * console.assert(MQ_CLAUSES.some((clause) => clause.id === "MQ-ORD-1" && clause.category === "ordering"));
 * ```
 */
export const MQ_CLAUSES: readonly Clause[] = mqClauses([
  // Ordering
  {
    id: "MQ-ORD-1",
    category: "ordering",
    level: "core",
    rule: "A receive takes the oldest message of the highest priority in the queue: every message of a higher priority comes out before any of a lower one, and messages of one priority come out in the order they entered the queue.",
    source: "mq_send(3) (the queue is ordered by decreasing priority, FIFO within a priority); mq_receive(3)",
    catalogue: ["MQ-06"],
  },
  {
    id: "MQ-ORD-2",
    category: "ordering",
    level: "core",
    rule: "A receive returns one whole message as it was when sent, its bytes copied to the start of the buffer (later changes to the sender's array do not show), with its length and its priority.",
    source: "mq_receive(3) RETURN VALUE; mq_send(3)",
    choice: "C copies the message in during mq_send; ipckit copies the bytes when send is called, so a send that waits carries the message as it was at the call.",
    catalogue: ["MQ-06"],
  },
  {
    id: "MQ-ORD-3",
    category: "ordering",
    level: "extended",
    rule: "Receives waiting on an empty queue are served in the order they started waiting: each message that arrives goes to the one that has waited longest.",
    source: "POSIX mq_receive (under priority scheduling, the highest-priority, longest-waiting thread); Linux ipc/mqueue.c wq_add",
    choice: "POSIX orders waiters only under priority scheduling, and Linux by task priority first; processes here have no scheduling priority, so ipckit serves them first come, first served.",
    catalogue: ["MQ-14"],
  },
  {
    id: "MQ-ORD-4",
    category: "ordering",
    level: "extended",
    rule: "Sends waiting on a full queue enter it in the order they started waiting, one for each message received, whatever their messages' priorities.",
    source: "POSIX mq_send; Linux ipc/mqueue.c wq_add, pipelined_receive",
    choice: "As MQ-ORD-3: first come, first served; the priority of a message orders the queue, not the senders waiting to enter it.",
    catalogue: ["MQ-14"],
  },
  // Capacity
  {
    id: "MQ-CAP-1",
    category: "capacity",
    level: "core",
    rule: "A queue created without attributes has maxMessages MQ_DEFAULT_MAX_MESSAGES (10) and messageSize MQ_DEFAULT_MESSAGE_SIZE (8192), and one created with only one of them gets the default for the other.",
    source: "mq_overview(7) /proc/sys/fs/mqueue/msg_default, msgsize_default; mq_open(3)",
    choice: "C gives both attributes or neither; ipckit's options are separate fields, so a missing one takes its default.",
    catalogue: ["MQ-03"],
  },
  {
    id: "MQ-CAP-2",
    category: "capacity",
    level: "core",
    rule: "A queue holds at most maxMessages messages: that many sends complete with nobody receiving, and the next one finds the queue full.",
    source: "mq_send(3) (the queue is full when it holds mq_maxmsg messages)",
    catalogue: ["MQ-10"],
  },
  {
    id: "MQ-CAP-3",
    category: "capacity",
    level: "core",
    rule: "A maxMessages or messageSize that is not a positive safe integer (zero, negative, fractional, NaN, infinite or not a number) fails with EINVAL and opens and creates nothing, whether or not the queue exists.",
    source: "mq_open(3) EINVAL (both fields must be greater than zero)",
    choice: "Linux checks the attributes only when it creates the queue; ipckit rejects a malformed value on every call, as it rejects all bad input, and only the limits of MQ-CAP-4 depend on creating.",
    catalogue: ["MQ-04"],
  },
  {
    id: "MQ-CAP-4",
    category: "capacity",
    level: "core",
    rule: "Creating a queue with maxMessages above MQ_MAX_MESSAGES (10) or messageSize above MQ_MAX_MESSAGE_SIZE (8192) fails with EINVAL for a process that is not root, root may go up to MQ_HARD_MAX_MESSAGES (65536) and MQ_HARD_MAX_MESSAGE_SIZE (16777216), and above those it fails with EINVAL too.",
    source: "mq_open(3) EINVAL; mq_overview(7) msg_max, msgsize_max, HARD_MSGMAX",
    choice: "Root stands for CAP_SYS_RESOURCE; the limits are Linux's defaults for msg_max and msgsize_max and its hard ceilings.",
    catalogue: ["MQ-04"],
  },
  {
    id: "MQ-CAP-5",
    category: "capacity",
    level: "core",
    rule: "getAttributes reports the maxMessages and messageSize the queue was created with and currentMessages, the number of messages in the queue at that moment.",
    source: "mq_getattr(3)",
    catalogue: ["MQ-15"],
  },
  // Permission
  {
    id: "MQ-PERM-1",
    category: "permission",
    level: "core",
    rule: "Opening an existing queue needs read permission for read, write permission for write and both for readwrite, as the one permission rule of named objects decides them (root always; otherwise the owner, group or other bits of the first class the caller falls in), and a denied open fails with EACCES.",
    source: "mq_open(3) EACCES; mq_overview(7); credentials(7)",
    catalogue: ["MQ-05"],
  },
  {
    id: "MQ-PERM-2",
    category: "permission",
    level: "core",
    rule: "A new queue is owned by the uid and gid of the process that created it, its permission bits are the mode asked for (0o600 when none) less that process's umask, and the creating open gets the access it asked for whatever those bits allow.",
    source: "mq_open(3) (mode, as for open(2), masked by the umask); open(2) O_CREAT",
    choice: "C requires a mode with O_CREAT; ipckit defaults it to 0o600, so a queue is private unless asked otherwise.",
    catalogue: ["MQ-05"],
  },
  {
    id: "MQ-PERM-3",
    category: "permission",
    level: "core",
    rule: "Only the queue's owner or root may unlink it; any other process fails with EPERM and the name stays.",
    source: "Linux ipc/mqueue.c mq_unlink (vfs_unlink in the sticky /dev/mqueue); unlink(2) EPERM; mq_unlink(3) EACCES",
    choice: "POSIX leaves who may unlink to the implementation and names EACCES; Linux keeps queues in a sticky directory, so only the owner or a privileged process may remove one, and it fails EPERM; ipckit follows Linux, as FIFO-PERM-4 does for files.",
  },
  // Blocking
  {
    id: "MQ-BLK-1",
    category: "blocking",
    level: "core",
    rule: "A receive on an empty queue stays pending until a message arrives, and then resolves with that message.",
    source: "mq_receive(3) (blocks until a message becomes available)",
    catalogue: ["MQ-11"],
  },
  {
    id: "MQ-BLK-2",
    category: "blocking",
    level: "core",
    rule: "A send on a full queue stays pending until a receive makes room, and then its message enters the queue and the send resolves.",
    source: "mq_send(3) (blocks until sufficient space becomes available)",
    catalogue: ["MQ-10"],
  },
  {
    id: "MQ-BLK-3",
    category: "blocking",
    level: "core",
    rule: "Aborting a pending receive rejects it with ECANCELED and takes no message: a message sent afterwards stays for the next receive, and one handed to the receive before the abort is not lost.",
    source: "mq_receive(3) EINTR; signal(7) Interruption of system calls (analogue)",
    choice: "Abort is ipckit's JavaScript form of interruption, with its own code ECANCELED, as for pipes (PIPE-BLK-4).",
    catalogue: ["MQ-11"],
  },
  {
    id: "MQ-BLK-4",
    category: "blocking",
    level: "core",
    rule: "Aborting a pending send rejects it with ECANCELED, and its message never enters the queue.",
    source: "mq_send(3) EINTR; signal(7) (analogue)",
    choice: "As MQ-BLK-3.",
    catalogue: ["MQ-10"],
  },
  {
    id: "MQ-BLK-5",
    category: "blocking",
    level: "core",
    rule: "A send or receive called with an already aborted signal rejects with ECANCELED and moves no message, even when it could complete at once.",
    source: "DOM Standard, AbortSignal (the web platform's convention)",
    choice: "POSIX has no counterpart; ipckit follows the web platform, as for pipes (PIPE-BLK-6).",
  },
  {
    id: "MQ-BLK-6",
    category: "blocking",
    level: "core",
    rule: "A signal handler run by the process holding the handle while a send or receive (timed or not) waits through it ends the call with EINTR, unless restart applies (MQ-BLK-7), having moved no message: the send's message never enters the queue, and a message sent afterwards stays for the next receive.",
    source: "mq_send(3) EINTR; mq_receive(3) EINTR; signal(7) Interruption of system calls by signal handlers",
    catalogue: ["MQ-10", "MQ-11", "SIG-12"],
  },
  {
    id: "MQ-BLK-7",
    category: "blocking",
    level: "core",
    rule: "A send or receive (timed or not) that a handler installed with restart (SA_RESTART) interrupts goes on waiting in its place, with its deadline unchanged, and completes as if no signal had come.",
    source: "signal(7) (mq_receive, mq_timedreceive, mq_send and mq_timedsend are restarted after a handler with SA_RESTART)",
    choice: "POSIX leaves restarting to the implementation; ipckit follows Linux, which restarts every mq_* call, the timed forms with the same absolute deadline. Linux re-enters a restarted call behind the others waiting; ipckit leaves it where it waited, as if it had never left.",
    catalogue: ["SIG-12"],
  },
  // Non-blocking
  {
    id: "MQ-NB-1",
    category: "nonblocking",
    level: "core",
    rule: "tryReceive on an empty queue fails with EAGAIN.",
    source: "mq_receive(3) EAGAIN",
    catalogue: ["MQ-11"],
  },
  {
    id: "MQ-NB-2",
    category: "nonblocking",
    level: "core",
    rule: "trySend on a full queue fails with EAGAIN and adds nothing to the queue.",
    source: "mq_send(3) EAGAIN",
    catalogue: ["MQ-10"],
  },
  {
    id: "MQ-NB-3",
    category: "nonblocking",
    level: "core",
    rule: "Through a handle whose nonblocking flag is set, at open or by setAttributes, send on a full queue and receive on an empty one reject with EAGAIN at once instead of waiting, deadline or not.",
    source: "mq_open(3) O_NONBLOCK; mq_send(3) EAGAIN; mq_receive(3) EAGAIN",
    catalogue: ["MQ-10", "MQ-11", "MQ-15"],
  },
  {
    id: "MQ-NB-4",
    category: "nonblocking",
    level: "core",
    rule: "trySend and tryReceive complete synchronously: they return or throw, and never return a promise or wait.",
    source: "mq_send(3), mq_receive(3) with O_NONBLOCK",
  },
  // Timeouts
  {
    id: "MQ-TMO-1",
    category: "timeout",
    level: "core",
    rule: "A send or receive given a deadline that must wait fails with ETIMEDOUT, having moved no message, once the deadline passes, or at once when it has passed already; until then it stays pending and completes as an untimed call would.",
    source: "mq_send(3) ETIMEDOUT; mq_receive(3) ETIMEDOUT (abs_timeout is absolute, on CLOCK_REALTIME)",
    choice: "The deadline is in milliseconds on the clock of Date.now(), the JavaScript analogue of CLOCK_REALTIME.",
    catalogue: ["MQ-12"],
  },
  {
    id: "MQ-TMO-2",
    category: "timeout",
    level: "core",
    rule: "A send or receive that can complete at once does so even when its deadline has passed.",
    source: "mq_send(3), mq_receive(3) (the timeout applies only when the call would block)",
    catalogue: ["MQ-12"],
  },
  {
    id: "MQ-TMO-3",
    category: "timeout",
    level: "core",
    rule: "A deadline that is not a finite number of at least 0 (NaN, negative, infinite or not a number) fails with EINVAL and moves nothing, even when the call could complete at once or the handle is nonblocking.",
    source: "Linux ipc/mqueue.c mq_timedsend, mq_timedreceive (prepare_timeout); POSIX mq_send [EINVAL]",
    choice: "POSIX checks the timeout only when the call would block; the Linux system call checks it first, and so does ipckit, so that a bad deadline never goes unnoticed.",
    catalogue: ["MQ-13"],
  },
  // Errors
  {
    id: "MQ-ERR-1",
    category: "errors",
    level: "core",
    rule: "A queue name that is not a string, does not begin with \"/\" or contains NUL fails with EINVAL, in mqOpen and mqUnlink alike.",
    source: "mq_open(3) EINVAL (name does not begin with a slash); mq_overview(7) Message queue names",
    choice: "C cannot pass a NUL inside a name (it ends the string); ipckit rejects one rather than cut the name there.",
    catalogue: ["MQ-01"],
  },
  {
    id: "MQ-ERR-2",
    category: "errors",
    level: "core",
    rule: "After its leading \"/\", a name that is empty fails with ENOENT, one that is \".\" or \"..\" or holds another \"/\" fails with EACCES, and one longer than NAME_MAX (255) bytes in UTF-8 fails with ENAMETOOLONG, in mqOpen and mqUnlink alike.",
    source: "mq_open(3) EACCES, ENOENT, ENAMETOOLONG; Linux ipc/mqueue.c do_mq_open (getname, lookup_one_len)",
    choice: "POSIX leaves names with more slashes implementation-defined; ipckit follows Linux, which looks the name up as one file name in its own filesystem.",
    catalogue: ["MQ-01"],
  },
  {
    id: "MQ-ERR-3",
    category: "errors",
    level: "core",
    rule: "Sending a message longer than messageSize fails with EMSGSIZE at once, on a full queue too, and queues nothing, while an empty message is a valid message.",
    source: "mq_send(3) EMSGSIZE; mq_overview(7)",
    catalogue: ["MQ-08"],
  },
  {
    id: "MQ-ERR-4",
    category: "errors",
    level: "core",
    rule: "A receive into a buffer shorter than messageSize fails with EMSGSIZE at once and removes nothing, even when the next message would fit and even on an empty queue.",
    source: "mq_receive(3) EMSGSIZE",
    catalogue: ["MQ-09"],
  },
  {
    id: "MQ-ERR-5",
    category: "errors",
    level: "core",
    rule: "A priority that is not an integer from 0 to MQ_PRIO_MAX - 1 (32767) fails with EINVAL and sends nothing.",
    source: "mq_send(3) EINVAL; Linux ipc/mqueue.c (msg_prio >= MQ_PRIO_MAX)",
    choice: "C takes an unsigned int; ipckit rejects negative, fractional and non-numeric priorities instead of converting them.",
    catalogue: ["MQ-07"],
  },
  {
    id: "MQ-ERR-6",
    category: "errors",
    level: "core",
    rule: "Sending through a handle opened for read only, or receiving through one opened for write only, fails with EBADF.",
    source: "mq_send(3) EBADF; mq_receive(3) EBADF",
    catalogue: ["MQ-05"],
  },
  {
    id: "MQ-ERR-7",
    category: "errors",
    level: "core",
    rule: "Every operation on a closed handle (send, receive, their try forms, getAttributes, setAttributes, notify and close) fails with EBADF.",
    source: "mq_close(3); mq_send(3) EBADF; mq_getattr(3) EBADF",
  },
  {
    id: "MQ-ERR-8",
    category: "errors",
    level: "core",
    rule: "Data or a buffer that is not a Uint8Array, options that are not an object or hold a signal that is not an AbortSignal, or a notify callback that is neither a function nor null fail with EINVAL and change nothing.",
    source: "mq_send(3), mq_receive(3) (EFAULT for a bad buffer); mq_notify(3) EINVAL",
    choice: "C reports a bad buffer as EFAULT; a JavaScript value of the wrong type is a bad argument, so ipckit uses EINVAL, as for pipes (PIPE-ERR-7).",
  },
  {
    id: "MQ-ERR-9",
    category: "errors",
    level: "core",
    rule: "mqOpen options that are not an object, an access other than read, write or readwrite, a create, exclusive or nonblocking flag that is not a boolean, or a mode that is not an integer from 0 to 0o777 fail with EINVAL and open and create nothing.",
    source: "mq_open(3) EINVAL",
    choice: "C masks the mode and the flags to their bits; ipckit rejects what is not a plain value instead of masking it, as for FIFOs (FIFO-ERR-4).",
  },
  // Lifecycle
  {
    id: "MQ-LIFE-1",
    category: "lifecycle",
    level: "core",
    rule: "Opening a name that does not exist fails with ENOENT without create, and with create makes a new, empty queue under that name.",
    source: "mq_open(3) ENOENT, O_CREAT",
    catalogue: ["MQ-02"],
  },
  {
    id: "MQ-LIFE-2",
    category: "lifecycle",
    level: "core",
    rule: "With create and exclusive, opening a name that exists fails with EEXIST, before any permission check, while exclusive without create is ignored.",
    source: "mq_open(3) EEXIST, O_EXCL; Linux ipc/mqueue.c prepare_open",
    choice: "POSIX leaves O_EXCL without O_CREAT undefined; ipckit follows Linux, which ignores it.",
    catalogue: ["MQ-02"],
  },
  {
    id: "MQ-LIFE-3",
    category: "lifecycle",
    level: "core",
    rule: "Opening an existing queue with create (and without exclusive) opens that queue as it is: the mode and attributes given are ignored, the limits of MQ-CAP-4 included.",
    source: "mq_open(3) (O_CREAT on an existing queue has no effect beyond opening it)",
    catalogue: ["MQ-02"],
  },
  {
    id: "MQ-LIFE-4",
    category: "lifecycle",
    level: "core",
    rule: "mqUnlink removes the name at once: later opens without create fail with ENOENT and a later create makes a new, distinct queue, while handles already open keep the old queue and its messages.",
    source: "mq_unlink(3); mq_overview(7)",
    catalogue: ["MQ-16"],
  },
  {
    id: "MQ-LIFE-5",
    category: "lifecycle",
    level: "core",
    rule: "A queue outlives its handles: with no handle open it keeps its messages until it is unlinked, and a later open of its name finds them.",
    source: "mq_overview(7) (queues have kernel persistence); mq_close(3)",
    catalogue: ["MQ-16"],
  },
  {
    id: "MQ-LIFE-6",
    category: "lifecycle",
    level: "core",
    rule: "mqUnlink of a name that no queue has fails with ENOENT.",
    source: "mq_unlink(3) ENOENT",
    catalogue: ["MQ-16"],
  },
  {
    id: "MQ-LIFE-7",
    category: "lifecycle",
    level: "core",
    rule: "setAttributes changes only the handle's nonblocking flag and returns the attributes as they were before, and an argument that is not an object with exactly one field, a boolean nonblocking, fails with EINVAL and changes nothing.",
    source: "mq_setattr(3) (only O_NONBLOCK can change; other flag bits EINVAL)",
    choice: "Linux ignores the other fields of mq_attr; ipckit's argument has named fields, so a field other than nonblocking is the analogue of a flag bit other than O_NONBLOCK, and fails EINVAL rather than being silently ignored.",
    catalogue: ["MQ-15"],
  },
  {
    id: "MQ-LIFE-8",
    category: "lifecycle",
    level: "core",
    rule: "The nonblocking flag belongs to the open description: each mqOpen gets its own, and setting it through one handle does not change another handle opened separately on the same queue.",
    source: "mq_overview(7); mq_getattr(3) (mq_flags is a property of the open message queue description)",
    catalogue: ["MQ-15"],
  },
  {
    id: "MQ-LIFE-9",
    category: "lifecycle",
    level: "core",
    rule: "Closing a handle rejects the sends and receives pending through it with EBADF, and leaves those pending through other handles waiting.",
    source: "mq_close(3); close(2) NOTES",
    choice: "POSIX leaves a close that races a blocked call on the same descriptor unspecified; ipckit ends the blocked call with EBADF, as for pipes (PIPE-LIFE-4).",
  },
  {
    id: "MQ-LIFE-10",
    category: "lifecycle",
    level: "extended",
    rule: "notify with a callback registers the calling process, and while a registration exists any notify with a callback, the registered process's own included, fails with EBUSY.",
    source: "mq_notify(3) EBUSY",
    catalogue: ["MQ-17"],
  },
  {
    id: "MQ-LIFE-11",
    category: "lifecycle",
    level: "extended",
    rule: "The registered callback is called once when a message arrives in the empty queue while no receive waits for it, and the registration is then removed, so a later message calls nothing and another process may register.",
    source: "mq_notify(3) (notification occurs when a new message arrives on a previously empty queue; the registration is then removed)",
    catalogue: ["MQ-17"],
  },
  {
    id: "MQ-LIFE-12",
    category: "lifecycle",
    level: "extended",
    rule: "A message that arrives in a queue that is not empty, or that goes straight to a waiting receive, calls no callback and leaves the registration in place.",
    source: "mq_notify(3) (a thread blocked in mq_receive takes precedence, and the registration remains)",
    catalogue: ["MQ-17", "MQ-18"],
  },
  {
    id: "MQ-LIFE-13",
    category: "lifecycle",
    level: "extended",
    rule: "notify(null) removes the calling process's registration, and does nothing when another process, or none, is registered.",
    source: "mq_notify(3) (sevp NULL removes the calling process's registration)",
    choice: "POSIX allows EINVAL when the caller is not registered; ipckit follows Linux, which returns success and changes nothing.",
    catalogue: ["MQ-18"],
  },
  {
    id: "MQ-LIFE-14",
    category: "lifecycle",
    level: "extended",
    rule: "Closing a handle of the queue in the registered process, or that process's exit, removes its registration, while a close in another process does not.",
    source: "mq_close(3) (a notification request attached through the descriptor is removed); Linux ipc/mqueue.c mqueue_flush_file",
    choice: "Linux removes the registration when the registered process closes any descriptor of the queue, not only the one it registered through; ipckit does the same.",
    catalogue: ["MQ-18"],
  },
  {
    id: "MQ-LIFE-15",
    category: "lifecycle",
    level: "extended",
    rule: "The callback is called with no arguments, after the send that triggers it has returned and never inside it.",
    source: "mq_notify(3) SIGEV_THREAD (the function runs in a new thread); sigevent(7)",
    choice: "SIGEV_THREAD runs the function asynchronously; ipckit calls the callback from a microtask queued by the send, so it runs as soon as the sender yields.",
    catalogue: ["MQ-17"],
  },
]);
