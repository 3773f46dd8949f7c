/**
 * The reference POSIX message queue: a transcription of the clauses in
 * `spec/mq.ts`. Every step that enforces a clause cites its ID.
 *
 * Three layers, as in a kernel:
 *
 * - The calls ({@link mqOpen}, {@link mqUnlink}) check the name and the
 *   options, look the name up in the system's queue namespace
 *   ({@link mqueuesOf}) and check permission with the one rule of every
 *   named object (`requireAccess`, `reference/namespace.ts`).
 * - {@link ReferenceMqDescriptor} is the descriptor (`mqd_t`). It checks
 *   what belongs to the descriptor and the arguments (closed, access, types,
 *   priority, deadline, an aborted signal, sizes) before anything changes,
 *   then calls the queue. Its open description (access and nonblocking
 *   flag) is shared with the copies `fork` makes.
 * - {@link ReferenceMqQueue} is the queue object a name points to: its
 *   owner and mode, its attributes, its messages (a {@link PriorityQueue}),
 *   the receives and sends waiting on it and the registration for
 *   notification.
 *
 * Everything is synchronous except waiting. A call that makes progress
 * possible does the waiting calls' work itself, before it returns: a send
 * hands its message straight to the receive that has waited longest, and a
 * receive that frees a slot lets the send that has waited longest into the
 * queue. So receives wait only while the queue is empty, and sends only
 * while it is full; a `try` form, which never waits, can therefore never
 * overtake them.
 *
 * Choices where the clauses are silent:
 *
 * - A receive that frees a slot in a queue of one message and lets a waiting
 *   send in leaves the queue non-empty throughout: no notification, as in
 *   Linux, whose `pipelined_receive` moves the sender's message in directly.
 * - A deadline is kept by a timer that is cleared as soon as its call
 *   settles; the timer checks the clock when it fires and waits again if it
 *   came early, so a call never fails `ETIMEDOUT` before its deadline.
 * - A waiting send or receive is registered with the process that holds
 *   its handle (the wait queue's `blocker`), which is blocked in it: a
 *   handler that process runs interrupts it through the abort path, so it
 *   fails `EINTR` having moved nothing (MQ-BLK-6); under `restart` it is
 *   left where it waits, its timer still armed (MQ-BLK-7).
 * - A pending send keeps its own copy of the message (made at the call,
 *   MQ-ORD-2); a pending receive writes into the caller's buffer when it is
 *   handed its message, as the kernel copies to user memory.
 * - An exception thrown by a notification callback is not caught: it
 *   surfaces as an uncaught error of the microtask, as a thread's would.
 * - `fork` gives the child a copy of each handle on the same open
 *   description, so the copies share the access and the nonblocking flag
 *   (`fork(2)`). No clause states it: the API gives the caller no way to
 *   reach a child's copies, so no conformance test could observe it.
 *
 * @module
 */

import { ROOT_UID } from "../spec/constants.ts";
import { IpcError } from "../spec/errors.ts";
import {
  MQ_DEFAULT_MAX_MESSAGES,
  MQ_DEFAULT_MESSAGE_SIZE,
  MQ_HARD_MAX_MESSAGES,
  MQ_HARD_MAX_MESSAGE_SIZE,
  MQ_MAX_MESSAGES,
  MQ_MAX_MESSAGE_SIZE,
  MQ_PRIO_MAX,
} from "../spec/mq.ts";
import type { MessageQueue, MqAttributes, MqOpenOptions, MqReceived, MqWaitOptions } from "../spec/mq.ts";
import { NAME_MAX, PERMISSION_BITS } from "../spec/namespace.ts";
import type { Access, Ownership } from "../spec/namespace.ts";
import { parseBlocking } from "./base/blocking.ts";
import { MessagePool } from "./message-pool.ts";
import type { MqMessage } from "./message-pool.ts";
export type { MqMessage } from "./message-pool.ts";
import { Namespace, creationMode, requireAccess } from "./base/namespace.ts";
import type { MutableOwnership } from "./base/namespace.ts";
import { PriorityQueue } from "./base/priority-queue.ts";
import type { MessageStore } from "./base/priority-queue.ts";
import type { Descriptor, ProcessCore } from "./kernel/process.ts";
import { StateKey } from "./base/state-key.ts";
import {
  describeType,
  requireIntegerInRange,
  requireOptionalObject,
  requirePositiveInteger,
  requirePosixName,
  requireUint8Array,
} from "./base/validate.ts";
import type { PosixNameRules } from "./base/validate.ts";
import { WaitQueue } from "./base/wait-queue.ts";
import { canceled } from "./base/interrupt.ts";

/** The mode of a queue created without one, before the umask (MQ-PERM-2). */
const DEFAULT_MQ_MODE = 0o600;

/** The accesses an open may ask for (MQ-ERR-9). */
const ACCESSES: ReadonlySet<unknown> = new Set<Access>(["read", "write", "readwrite"]);

/**
 * How queue names are checked (MQ-ERR-1, MQ-ERR-2): Linux's errors, from a
 * filesystem of queues, for "/" alone (ENOENT) and for ".", ".." or a further
 * "/" (EACCES); at most NAME_MAX bytes after the "/".
 */
const MQ_NAME_RULES: PosixNameRules = { noun: "a queue name", maxBytes: NAME_MAX, empty: "ENOENT", nested: "EACCES", dots: "EACCES" };


/**
 * The attributes a queue is created with, fixed for its life (MQ-CAP-5).
 *
 * @example The default attributes
 * ```ts
 * import type { MqQueueAttributes } from "ipckit/reference";
 * const attributes: MqQueueAttributes = { maxMessages: 10, messageSize: 8192 };
 * console.assert(attributes.maxMessages * attributes.messageSize === 81920);
 * ```
 */
export interface MqQueueAttributes {
  /** `mq_maxmsg`: the most messages the queue holds (MQ-CAP-2). */
  readonly maxMessages: number;
  /** `mq_msgsize`: the largest message in bytes (MQ-ERR-3, MQ-ERR-4). */
  readonly messageSize: number;
}

/**
 * How a blocking call may wait: what the handle's flag and the call's
 * options say, already checked.
 *
 * @example A call that may wait until a deadline
 * ```ts
 * import type { MqWait } from "ipckit/reference";
 * const wait: MqWait = { nonblocking: false, signal: undefined, deadline: Date.now() + 1000 };
 * console.assert(!wait.nonblocking);
 * ```
 */
export interface MqWait {
  /** The handle's nonblocking flag at the call (MQ-NB-3). */
  readonly nonblocking: boolean;
  /** Stops the wait when it fires; not aborted at the call (MQ-BLK-5). */
  readonly signal: AbortSignal | undefined;
  /** The absolute deadline in ms since the epoch, checked (MQ-TMO-3). */
  readonly deadline: number | undefined;
}

/** The open description behind one or more descriptors: what `mq_open` made (MQ-LIFE-8), shared by `fork`'s copies. */
interface OpenDescription {
  /** What the descriptors may do (MQ-ERR-6). */
  readonly access: Access;
  /** `O_NONBLOCK` (MQ-NB-3). */
  nonblocking: boolean;
}

/** A receive waiting on the empty queue. */
interface PendingReceive {
  /** The handle it was made through (MQ-LIFE-9). */
  readonly handle: ReferenceMqDescriptor;
  /** Where its message goes; at least `messageSize` bytes (MQ-ERR-4). */
  readonly buffer: Uint8Array;
}

/** A send waiting on the full queue. */
interface PendingSend {
  /** The handle it was made through (MQ-LIFE-9). */
  readonly handle: ReferenceMqDescriptor;
  /** Its message, copied at the call (MQ-ORD-2). */
  readonly message: MqMessage;
}

/** A process's registration for notification (MQ-LIFE-10). */
interface Registration {
  /** The registered process. */
  readonly process: ProcessCore;
  /** What to call. */
  readonly callback: () => void;
}

/** The key of a system's message queue namespace (apart from the file namespace). */
export const MQ_STATE = new StateKey("mqueue", () => new Namespace<string, ReferenceMqQueue>());

/**
 * The system's message queue namespace: names to queues, one per system,
 * kept under {@link MQ_STATE}. It is
 * apart from the file namespace of FIFOs.
 *
 * @param system - the system
 * @returns its queue namespace, made on first use
 *
 * @example A name appears with a create and goes with unlink
 * ```ts
 * import { createSystem, mqueuesOf } from "ipckit/reference";
 * const process = createSystem().spawn();
 * process.mqOpen("/q", { access: "read", create: true });
 * console.assert(mqueuesOf(process.system).lookup("/q") !== undefined);
 * process.mqUnlink("/q");
 * console.assert(mqueuesOf(process.system).lookup("/q") === undefined);
 * ```
 */
export function mqueuesOf(system: object): Namespace<string, ReferenceMqQueue> {
  return MQ_STATE.of(system);
}

/**
 * Returns `value` when it is a well-formed queue name: `"/"` followed by 1
 * to `NAME_MAX` bytes (in UTF-8), none of them `"/"` or NUL, and not `.` or
 * `..`. The checks run in the order of the clauses' rules.
 *
 * @param value - the argument
 * @param syscall - the operation, for the error
 * @returns `value`, typed as a string
 * @throws {IpcError} `EINVAL` when it is not a string, does not begin with
 *   `"/"` or holds NUL (MQ-ERR-1); `ENOENT` when nothing follows the slash,
 *   `EACCES` for `.`, `..` or another slash, `ENAMETOOLONG` beyond
 *   `NAME_MAX` bytes (MQ-ERR-2)
 *
 * @example Good and bad names
 * ```ts
 * import { requireMqName } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * console.assert(requireMqName("/jobs", "mq_open") === "/jobs");
 * const codeOf = (name: string): string => { try { requireMqName(name, "mq_open"); return "ok"; } catch (error) { return IpcError.is(error) ? error.code : "?"; } };
 * console.assert(codeOf("jobs") === "EINVAL" && codeOf("/") === "ENOENT" && codeOf("/a/b") === "EACCES");
 * console.assert(codeOf("/" + "x".repeat(256)) === "ENAMETOOLONG");
 * ```
 */
export function requireMqName(value: unknown, syscall: string): string {
  // MQ-ERR-1: a string that begins with "/" and holds no NUL (EINVAL).
  // MQ-ERR-2: Linux resolves the rest in the queue filesystem: nothing after
  // the slash is no name at all (getname of ""), ENOENT; ".", ".." or another
  // slash are not one file name there, EACCES; at most NAME_MAX bytes.
  return requirePosixName(value, syscall, MQ_NAME_RULES);
}

/** The options of `mq_open`, checked and with their defaults. */
interface CheckedOpenOptions {
  readonly access: Access;
  readonly create: boolean;
  readonly exclusive: boolean;
  readonly nonblocking: boolean;
  readonly mode: number;
  readonly maxMessages: number;
  readonly messageSize: number;
}

/** An optional boolean option, checked (MQ-ERR-9). */
function optionalFlag(options: Readonly<Record<string, unknown>>, field: string): boolean {
  const value = options[field];
  if (value === undefined) return false;
  if (typeof value !== "boolean") {
    throw new IpcError("EINVAL", "mq_open", { detail: `options.${field} must be a boolean, got ${describeType(value)}` });
  }
  return value;
}

/** Checks every option of `mq_open`, whether or not the queue exists (MQ-ERR-9, MQ-CAP-3). */
function checkOpenOptions(options: unknown): CheckedOpenOptions {
  // MQ-ERR-9: the options are an object (they carry the access, so they are required).
  if (options === undefined) throw new IpcError("EINVAL", "mq_open", { detail: "options (with an access) are required" });
  const given = requireOptionalObject(options, "mq_open", "options")!;
  // MQ-ERR-9: an access of read, write or readwrite.
  const access = given["access"];
  if (!ACCESSES.has(access)) {
    throw new IpcError("EINVAL", "mq_open", { detail: `options.access must be "read", "write" or "readwrite", got ${describeType(access)}` });
  }
  // MQ-ERR-9: flags are booleans.
  const create = optionalFlag(given, "create");
  const exclusive = optionalFlag(given, "exclusive");
  const nonblocking = optionalFlag(given, "nonblocking");
  // MQ-ERR-9: a mode is an integer from 0 to 0o777; MQ-PERM-2: 0o600 when none.
  const mode = given["mode"] === undefined ? DEFAULT_MQ_MODE : requireIntegerInRange(given["mode"], 0, PERMISSION_BITS, "mq_open", "options.mode");
  // MQ-CAP-3: attributes are positive safe integers, on every call;
  // MQ-CAP-1: a missing one takes its default.
  const maxMessages =
    given["maxMessages"] === undefined ? MQ_DEFAULT_MAX_MESSAGES : requirePositiveInteger(given["maxMessages"], "mq_open", "options.maxMessages");
  const messageSize =
    given["messageSize"] === undefined ? MQ_DEFAULT_MESSAGE_SIZE : requirePositiveInteger(given["messageSize"], "mq_open", "options.messageSize");
  return { access: access as Access, create, exclusive, nonblocking, mode, maxMessages, messageSize };
}

/** Checks the attributes of a queue `caller` is about to create against the limits (MQ-CAP-4). */
function requireWithinLimits(caller: ProcessCore, { maxMessages, messageSize }: MqQueueAttributes): void {
  const root = caller.credentials.uid === ROOT_UID;
  // MQ-CAP-4: unprivileged up to msg_max and msgsize_max; root up to the hard ceilings.
  const messageLimit = root ? MQ_HARD_MAX_MESSAGES : MQ_MAX_MESSAGES;
  const sizeLimit = root ? MQ_HARD_MAX_MESSAGE_SIZE : MQ_MAX_MESSAGE_SIZE;
  if (maxMessages > messageLimit) {
    throw new IpcError("EINVAL", "mq_open", { detail: `maxMessages ${maxMessages} is above ${messageLimit}, the most uid ${caller.credentials.uid} may ask for` });
  }
  if (messageSize > sizeLimit) {
    throw new IpcError("EINVAL", "mq_open", { detail: `messageSize ${messageSize} is above ${sizeLimit}, the most uid ${caller.credentials.uid} may ask for` });
  }
}

/**
 * Opens (and with `create`, creates) a message queue as `caller`
 * (`mq_open(3)`): the operation behind `ReferenceProcess.mqOpen`. See
 * `MqApi.mqOpen` in `ipckit/spec` for the rules and the order of the checks.
 *
 * @param caller - the process opening the queue; it holds the descriptor
 * @param name - the queue's name (MQ-ERR-1, MQ-ERR-2)
 * @param options - access, flags, mode and attributes (MQ-ERR-9, MQ-CAP-3)
 * @returns the descriptor
 * @throws {IpcError} `ESRCH` when `caller` has exited; `EINVAL` (MQ-ERR-1,
 *   MQ-ERR-9, MQ-CAP-3, MQ-CAP-4); `ENOENT` (MQ-ERR-2, MQ-LIFE-1); `EACCES`
 *   (MQ-ERR-2, MQ-PERM-1); `ENAMETOOLONG` (MQ-ERR-2); `EEXIST` (MQ-LIFE-2)
 *
 * @example Create a queue for a process
 * ```ts
 * import { createSystem, mqOpen } from "ipckit/reference";
 * const queue = mqOpen(createSystem().spawn(), "/work", { access: "readwrite", create: true, maxMessages: 4 });
 * console.assert(queue.getAttributes().maxMessages === 4);
 * ```
 */
export function mqOpen(caller: ProcessCore, name: string, options: MqOpenOptions): ReferenceMqDescriptor {
  caller.requireAlive("mq_open");
  // MQ-ERR-1, MQ-ERR-2: the name first.
  requireMqName(name, "mq_open");
  // MQ-ERR-9, MQ-CAP-3: then every option, before anything changes.
  const checked = checkOpenOptions(options);
  const names = mqueuesOf(caller.system);
  const existing = names.lookup(name);
  if (existing !== undefined) {
    // MQ-LIFE-2: create with exclusive on a name that exists: EEXIST, before permission.
    if (checked.create && checked.exclusive) throw new IpcError("EEXIST", "mq_open", { path: name });
    // MQ-PERM-1: the access asked must be allowed by the one permission rule.
    requireAccess(caller.credentials, existing.ownership, checked.access, "mq_open", name);
    // MQ-LIFE-3: the mode and attributes given are ignored: the queue is opened as it is.
    return existing.openDescriptor(caller, checked.access, checked.nonblocking);
  }
  // MQ-LIFE-1: an absent name without create: ENOENT. (MQ-LIFE-2: exclusive
  // without create is ignored, so it changes nothing here.)
  if (!checked.create) throw new IpcError("ENOENT", "mq_open", { path: name, detail: "no queue has this name" });
  const attributes: MqQueueAttributes = { maxMessages: checked.maxMessages, messageSize: checked.messageSize };
  // MQ-CAP-4: the limits bind whoever creates the queue.
  requireWithinLimits(caller, attributes);
  // MQ-PERM-2: owned by the creator, with the mode asked less its umask.
  const ownership: Ownership = {
    uid: caller.credentials.uid,
    gid: caller.credentials.gid,
    mode: creationMode(checked.mode, caller.currentUmask),
  };
  // MQ-LIFE-1: a new, empty queue under the name.
  const queue = new ReferenceMqQueue(ownership, attributes);
  names.bind(name, queue);
  // MQ-PERM-2: the creating open gets the access it asked, whatever the mode.
  return queue.openDescriptor(caller, checked.access, checked.nonblocking);
}

/**
 * Removes a queue's name as `caller` (`mq_unlink(3)`): the operation behind
 * `ReferenceProcess.mqUnlink`.
 *
 * @param caller - the process unlinking
 * @param name - the queue's name (MQ-ERR-1, MQ-ERR-2)
 * @throws {IpcError} `ESRCH` when `caller` has exited; `EINVAL`, `EACCES`,
 *   `ENAMETOOLONG`, `ENOENT` for a bad name (MQ-ERR-1, MQ-ERR-2); `ENOENT`
 *   when no queue has the name (MQ-LIFE-6); `EPERM` when `caller` is
 *   neither owner nor root (MQ-PERM-3)
 *
 * @example Unlink a queue
 * ```ts
 * import { createSystem, mqUnlink, mqueuesOf } from "ipckit/reference";
 * const process = createSystem().spawn();
 * process.mqOpen("/gone", { access: "read", create: true });
 * mqUnlink(process, "/gone");
 * console.assert(mqueuesOf(process.system).lookup("/gone") === undefined);
 * ```
 */
export function mqUnlink(caller: ProcessCore, name: string): void {
  caller.requireAlive("mq_unlink");
  // MQ-ERR-1, MQ-ERR-2
  requireMqName(name, "mq_unlink");
  const names = mqueuesOf(caller.system);
  const queue = names.lookup(name);
  // MQ-LIFE-6: no queue has the name.
  if (queue === undefined) throw new IpcError("ENOENT", "mq_unlink", { path: name, detail: "no queue has this name" });
  // MQ-PERM-3: only the owner or root may remove it (the sticky /dev/mqueue).
  const { uid } = caller.credentials;
  if (uid !== ROOT_UID && uid !== queue.ownership.uid) {
    throw new IpcError("EPERM", "mq_unlink", { path: name, detail: `uid ${uid} does not own the queue (owner uid ${queue.ownership.uid})` });
  }
  // MQ-LIFE-4: the name goes at once; the queue lives on for its open handles.
  names.remove(name);
}

/**
 * A message queue: what a name made by a creating `mqOpen` points to. It
 * records its owner, mode and attributes, keeps its messages in priority
 * order, and holds the receives and sends that wait and the process
 * registered for notification.
 *
 * Its operations are the queue's halves of `mq_send`, `mq_receive`,
 * `mq_notify` and `mq_close`: {@link ReferenceMqDescriptor} has already
 * checked the descriptor and the arguments when it calls them, so they are
 * not meant to be called directly. The getters are for inspection.
 *
 * @example Inspect a queue through a handle
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const queue = createSystem().spawn().mqOpen("/look", { access: "readwrite", create: true });
 * queue.trySend(new Uint8Array(3), 1);
 * void queue.receive(new Uint8Array(8192));
 * console.assert(queue.queue.currentMessages === 0 && queue.queue.pendingReceives === 0);
 * ```
 */
export class ReferenceMqQueue {
  /** The owner and permission bits (MQ-PERM-1, MQ-PERM-2, MQ-PERM-3). */
  readonly ownership: MutableOwnership;
  /** `mq_maxmsg` (MQ-CAP-2), fixed at creation (MQ-LIFE-7). */
  readonly maxMessages: number;
  /** `mq_msgsize` (MQ-ERR-3, MQ-ERR-4), fixed at creation (MQ-LIFE-7). */
  readonly messageSize: number;
  /** The messages, highest priority first and oldest first within one (MQ-ORD-1). */
  readonly #messages: MessageStore<MqMessage>;
  /** Receives waiting on the empty queue, first come first served (MQ-ORD-3). */
  readonly #pendingReceives = new WaitQueue<PendingReceive, MqReceived>();
  /** Sends waiting on the full queue, first come first served (MQ-ORD-4). */
  readonly #pendingSends = new WaitQueue<PendingSend, void>();
  /** The one registration for notification, if any (MQ-LIFE-10). */
  #registration: Registration | undefined = undefined;
  /** Storage for the messages' copies, reused once they are received (MQ-ORD-2). */
  readonly #pool: MessagePool;

  /**
   * Makes an empty queue nobody has open. Only {@link mqOpen} calls it,
   * which binds it to its name.
   *
   * @param ownership - the owner's uid and gid and the mode, already masked
   * @param attributes - `maxMessages` and `messageSize`, already checked
   * @param store - where the messages are kept; default a {@link PriorityQueue}
   *   (MQ-ORD-1). Another store gives another order, which breaks the clause:
   *   the parameter is there to build such deliberately wrong queues for
   *   testing the suite.
   *
   * @example An empty queue
   * ```ts
   * import { ReferenceMqQueue } from "ipckit/reference";
   * const queue = new ReferenceMqQueue({ uid: 1000, gid: 1000, mode: 0o600 }, { maxMessages: 5, messageSize: 64 });
   * console.assert(queue.currentMessages === 0 && queue.maxMessages === 5);
   * ```
   */
  constructor(ownership: Ownership, attributes: MqQueueAttributes, store: MessageStore<MqMessage> = new PriorityQueue<MqMessage>()) {
    const { uid, gid, mode } = ownership;
    this.ownership = { uid, gid, mode };
    this.maxMessages = attributes.maxMessages;
    this.messageSize = attributes.messageSize;
    this.#messages = store;
    this.#pool = new MessagePool(attributes.messageSize);
  }

  /**
   * Copies a message's bytes for this queue (MQ-ORD-2), into storage the
   * queue reuses once the message is received: the message to hand to
   * {@link ReferenceMqQueue.send} or {@link ReferenceMqQueue.trySend}.
   *
   * @param data - the bytes, at most `messageSize` of them (already checked)
   * @param priority - its priority (already checked)
   * @returns the message
   *
   * @example The copy does not change with the caller's array
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const handle = createSystem().spawn().mqOpen("/copy", { access: "readwrite", create: true, messageSize: 4 });
   * const bytes = new Uint8Array([7]);
   * handle.queue.trySend(handle.queue.copyMessage(bytes, 2));
   * bytes[0] = 0;
   * const buffer = new Uint8Array(4);
   * console.assert(handle.tryReceive(buffer).priority === 2 && buffer[0] === 7);
   * ```
   */
  copyMessage(data: Uint8Array, priority: number): MqMessage {
    return this.#pool.copyIn(data, priority);
  }

  /**
   * `mq_curmsgs`: the messages in the queue now (MQ-CAP-5).
   *
   * @returns the count
   *
   * @example Count the messages
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const queue = createSystem().spawn().mqOpen("/count", { access: "write", create: true });
   * queue.trySend(new Uint8Array(1), 0);
   * console.assert(queue.queue.currentMessages === 1);
   * ```
   */
  get currentMessages(): number {
    return this.#messages.size;
  }

  /**
   * The receives waiting on the empty queue.
   *
   * @returns the count
   *
   * @example A receive waits
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const queue = createSystem().spawn().mqOpen("/wait", { access: "read", create: true });
   * void queue.receive(new Uint8Array(8192));
   * console.assert(queue.queue.pendingReceives === 1);
   * ```
   */
  get pendingReceives(): number {
    return this.#pendingReceives.size;
  }

  /**
   * The sends waiting on the full queue.
   *
   * @returns the count
   *
   * @example A send waits
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const queue = createSystem().spawn().mqOpen("/full", { access: "write", create: true, maxMessages: 1 });
   * queue.trySend(new Uint8Array(1), 0);
   * void queue.send(new Uint8Array(1), 0);
   * console.assert(queue.queue.pendingSends === 1);
   * ```
   */
  get pendingSends(): number {
    return this.#pendingSends.size;
  }

  /**
   * The process registered for notification.
   *
   * @returns the process, or `undefined` when none is
   *
   * @example Register and look
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const queue = process.mqOpen("/who", { access: "read", create: true });
   * queue.notify(() => {});
   * console.assert(queue.queue.registeredProcess === process);
   * ```
   */
  get registeredProcess(): ProcessCore | undefined {
    return this.#registration?.process;
  }

  /**
   * Opens a new descriptor of this queue held by `owner`, on a new open
   * description: the queue's half of `mq_open`.
   *
   * @param owner - the process that holds the descriptor
   * @param access - what it may do (MQ-ERR-6)
   * @param nonblocking - its `O_NONBLOCK` flag (MQ-NB-3, MQ-LIFE-8)
   * @returns the descriptor, registered in `owner`'s descriptor table
   * @throws {IpcError} `ESRCH` when `owner` has exited
   *
   * @example Open a second handle on a queue
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const first = process.mqOpen("/two", { access: "readwrite", create: true });
   * const second = first.queue.openDescriptor(process, "read", true);
   * console.assert(second.getAttributes().nonblocking && !first.getAttributes().nonblocking);
   * ```
   */
  openDescriptor(owner: ProcessCore, access: Access, nonblocking: boolean): ReferenceMqDescriptor {
    // MQ-LIFE-8: each open has an open description, and a flag, of its own.
    return ReferenceMqDescriptor.open(this, { access, nonblocking }, owner);
  }

  /**
   * The queue's half of a blocking `mq_send` of a checked message.
   *
   * @param handle - the descriptor it is made through
   * @param message - the message, copied, at most `messageSize` bytes
   * @param wait - the nonblocking flag, a signal not yet aborted, a checked deadline
   * @returns a promise resolved once the message is in the queue or taken by a receive
   * @throws {IpcError} (as a rejection) `EAGAIN` (MQ-NB-3), `ETIMEDOUT`
   *   (MQ-TMO-1), `ECANCELED` (MQ-BLK-4), `EINTR` when a handler of the
   *   handle's process interrupts it (MQ-BLK-6), `EBADF` when `handle` closes
   *   while the send waits (MQ-LIFE-9)
   *
   * @example The queue's send into a queue with room
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const handle = createSystem().spawn().mqOpen("/half", { access: "write", create: true });
   * await handle.queue.send(handle, { data: new Uint8Array(2), priority: 0 }, { nonblocking: false, signal: undefined, deadline: undefined });
   * console.assert(handle.queue.currentMessages === 1);
   * ```
   */
  send(handle: ReferenceMqDescriptor, message: MqMessage, wait: MqWait): Promise<void> {
    // MQ-CAP-2: room for one more: it enters now, whatever the deadline
    // (MQ-TMO-2). (Sends wait only while the queue is full, so none waits
    // ahead of this one: MQ-ORD-4.)
    if (this.#messages.size < this.maxMessages) {
      this.#deliver(message);
      return Promise.resolve();
    }
    // MQ-NB-3: full, through a nonblocking handle: EAGAIN, deadline or not.
    if (wait.nonblocking) return Promise.reject(new IpcError("EAGAIN", "mq_send", { detail: "the queue is full and the handle is nonblocking" }));
    // MQ-BLK-2: full: wait for a receive to make room, behind the sends
    // already waiting (MQ-ORD-4). MQ-TMO-1: until the deadline, if any: the
    // queue fails the wait ETIMEDOUT once it passes (at once when it has
    // passed already), having moved nothing.
    const syscall = wait.deadline === undefined ? "mq_send" : "mq_timedsend";
    const waiter = this.#pendingSends.enqueue(
      { handle, message },
      {
        signal: wait.signal,
        // MQ-BLK-6: the process holding the handle is blocked in the call, so
        // a handler it runs interrupts it; MQ-BLK-7: unless the handler has
        // restart, which leaves it waiting in its place, deadline and all.
        blocker: handle.owner,
        syscall,
        restart: "restart",
        // MQ-BLK-4, MQ-BLK-6: an aborted send rejects ECANCELED, an
        // interrupted one EINTR; its message enters the queue only as the
        // send resolves (see #take), so it never does.
        onAbort: (aborted, reason) => this.#pendingSends.reject(aborted, canceled(syscall, reason)),
        deadline: wait.deadline,
      },
    );
    return waiter.promise;
  }

  /**
   * The queue's half of a non-blocking `mq_send` of a checked message.
   *
   * @param message - the message, copied, at most `messageSize` bytes
   * @throws {IpcError} `EAGAIN` when the queue is full (MQ-NB-2)
   *
   * @example The queue's trySend
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const handle = createSystem().spawn().mqOpen("/halftry", { access: "write", create: true });
   * handle.queue.trySend({ data: new Uint8Array(1), priority: 3 });
   * console.assert(handle.queue.currentMessages === 1);
   * ```
   */
  trySend(message: MqMessage): void {
    // MQ-NB-2: full: EAGAIN, and nothing added. (MQ-CAP-2: full means
    // maxMessages messages; sends wait only then, so this never overtakes one.)
    if (this.#messages.size >= this.maxMessages) {
      throw new IpcError("EAGAIN", "mq_send", { detail: `the queue holds its ${this.maxMessages} messages` });
    }
    this.#deliver(message);
  }

  /**
   * The queue's half of a blocking `mq_receive` into a checked buffer.
   *
   * @param handle - the descriptor it is made through
   * @param buffer - where the message goes, at least `messageSize` bytes
   * @param wait - the nonblocking flag, a signal not yet aborted, a checked deadline
   * @returns the message's length and priority
   * @throws {IpcError} (as a rejection) `EAGAIN` (MQ-NB-3), `ETIMEDOUT`
   *   (MQ-TMO-1), `ECANCELED` (MQ-BLK-3), `EINTR` when a handler of the
   *   handle's process interrupts it (MQ-BLK-6), `EBADF` when `handle` closes
   *   while the receive waits (MQ-LIFE-9)
   *
   * @example The queue's receive of a waiting message
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const handle = createSystem().spawn().mqOpen("/halfrecv", { access: "readwrite", create: true, messageSize: 4 });
   * handle.trySend(new Uint8Array([5]), 2);
   * const received = await handle.queue.receive(handle, new Uint8Array(4), { nonblocking: false, signal: undefined, deadline: undefined });
   * console.assert(received.priority === 2 && received.length === 1);
   * ```
   */
  receive(handle: ReferenceMqDescriptor, buffer: Uint8Array, wait: MqWait): Promise<MqReceived> {
    // MQ-ORD-1: a message is there: take it now, whatever the deadline
    // (MQ-TMO-2). (Receives wait only while the queue is empty, so none waits
    // ahead of this one: MQ-ORD-3.)
    if (this.#messages.size > 0) return Promise.resolve(this.#take(buffer));
    // MQ-NB-3: empty, through a nonblocking handle: EAGAIN, deadline or not.
    if (wait.nonblocking) return Promise.reject(new IpcError("EAGAIN", "mq_receive", { detail: "the queue is empty and the handle is nonblocking" }));
    // MQ-BLK-1: empty: wait for a message, behind the receives already waiting
    // (MQ-ORD-3). MQ-TMO-1: until the deadline, if any, having taken nothing.
    const syscall = wait.deadline === undefined ? "mq_receive" : "mq_timedreceive";
    const waiter = this.#pendingReceives.enqueue(
      { handle, buffer },
      {
        signal: wait.signal,
        // MQ-BLK-6, MQ-BLK-7: the handle's process is blocked in the call: a
        // handler interrupts it, unless it has restart (Linux restarts mq_*).
        blocker: handle.owner,
        syscall,
        restart: "restart",
        // MQ-BLK-3, MQ-BLK-6: an aborted receive rejects ECANCELED, an
        // interrupted one EINTR, having taken nothing: a message reaches a
        // waiting receive only as it resolves (#deliver), and a resolved
        // receive can no longer be aborted, so none is lost.
        onAbort: (aborted, reason) => this.#pendingReceives.reject(aborted, canceled(syscall, reason)),
        deadline: wait.deadline,
      },
    );
    return waiter.promise;
  }

  /**
   * The queue's half of a non-blocking `mq_receive` into a checked buffer.
   *
   * @param buffer - where the message goes, at least `messageSize` bytes
   * @returns the message's length and priority
   * @throws {IpcError} `EAGAIN` when the queue is empty (MQ-NB-1)
   *
   * @example The queue's tryReceive
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const handle = createSystem().spawn().mqOpen("/halftryrecv", { access: "readwrite", create: true, messageSize: 4 });
   * handle.trySend(new Uint8Array([1, 2]), 0);
   * console.assert(handle.queue.tryReceive(new Uint8Array(4)).length === 2);
   * ```
   */
  tryReceive(buffer: Uint8Array): MqReceived {
    // MQ-NB-1: empty: EAGAIN. (Receives wait only while it is empty, so this
    // never takes a message ahead of them.)
    if (this.#messages.size === 0) throw new IpcError("EAGAIN", "mq_receive", { detail: "the queue is empty" });
    return this.#take(buffer);
  }

  /**
   * The queue's half of `mq_notify`: registers `process`, or removes its
   * registration when `callback` is `null`.
   *
   * @param process - the calling process
   * @param callback - what to call, or `null`
   * @throws {IpcError} `EBUSY` when a registration exists (MQ-LIFE-10)
   *
   * @example Register twice: EBUSY
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const process = createSystem().spawn();
   * const handle = process.mqOpen("/busy", { access: "read", create: true });
   * handle.queue.notify(process, () => {});
   * let busy = false;
   * try { handle.queue.notify(process, () => {}); } catch (error) { busy = IpcError.is(error, "EBUSY"); }
   * console.assert(busy);
   * ```
   */
  notify(process: ProcessCore, callback: (() => void) | null): void {
    if (callback === null) {
      // MQ-LIFE-13: null removes the caller's registration; anyone else's stays.
      if (this.#registration?.process === process) this.#registration = undefined;
      return;
    }
    // MQ-LIFE-10: one registration per queue, even for the registered process.
    if (this.#registration !== undefined) {
      throw new IpcError("EBUSY", "mq_notify", { detail: `process ${this.#registration.process.pid} is registered` });
    }
    this.#registration = { process, callback };
  }

  /**
   * The queue's half of `mq_close`: the calls waiting through `handle` end,
   * and the registration of its process, if any, is removed.
   *
   * @param handle - a descriptor of this queue, just marked closed
   *
   * @example Closing removes the registration
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const handle = process.mqOpen("/closing", { access: "read", create: true });
   * handle.notify(() => {});
   * const queue = handle.queue;
   * handle.close(); // calls queue.closeDescriptor(handle)
   * console.assert(queue.registeredProcess === undefined);
   * ```
   */
  closeDescriptor(handle: ReferenceMqDescriptor): void {
    // MQ-LIFE-9: the calls waiting through this handle reject EBADF; those
    // through other handles keep waiting. (The queue does not change, so no
    // other waiting call can complete now.)
    for (const waiter of this.#pendingReceives) {
      if (waiter.payload.handle === handle) {
        this.#pendingReceives.reject(waiter, new IpcError("EBADF", "mq_receive", { detail: "the handle was closed while the receive waited" }));
      }
    }
    for (const waiter of this.#pendingSends) {
      if (waiter.payload.handle === handle) {
        this.#pendingSends.reject(waiter, new IpcError("EBADF", "mq_send", { detail: "the handle was closed while the send waited" }));
      }
    }
    // MQ-LIFE-14: the registered process closing any handle of the queue
    // removes its registration (Linux's mqueue_flush_file).
    if (this.#registration?.process === handle.owner) this.#registration = undefined;
  }

  /** Takes the next message into `buffer`, then lets the longest-waiting send in. */
  #take(buffer: Uint8Array): MqReceived {
    // MQ-ORD-1: the oldest message of the highest priority.
    const message = this.#messages.shift()!;
    const priority = message.priority;
    // MQ-ORD-2: copied whole to the start of the buffer, with its length and
    // priority (its storage then serves a later send).
    const length = this.#pool.copyOut(message, buffer);
    // MQ-BLK-2, MQ-ORD-4: the slot freed goes to the send that has waited
    // longest, now, whatever its priority; its message takes its place by
    // priority (MQ-ORD-1). The queue was not empty, so no receive waits.
    const sender = this.#pendingSends.peek();
    if (sender !== undefined) {
      this.#messages.push(sender.payload.message.priority, sender.payload.message);
      this.#pendingSends.resolve(sender, undefined);
    }
    return { length, priority };
  }

  /** Puts a message that has room in: to the longest-waiting receive, else into the queue. */
  #deliver(message: MqMessage): void {
    // MQ-ORD-3: a receive waits (so the queue is empty): the message goes to
    // the one that has waited longest, straight into its buffer (MQ-ORD-2).
    // MQ-LIFE-12: no notification then, and the registration stays.
    const receiver = this.#pendingReceives.peek();
    if (receiver !== undefined) {
      const priority = message.priority;
      const length = this.#pool.copyOut(message, receiver.payload.buffer);
      this.#pendingReceives.resolve(receiver, { length, priority });
      return;
    }
    // MQ-ORD-1: behind the messages of its priority.
    this.#messages.push(message.priority, message);
    // MQ-LIFE-11: a message arriving in the empty queue (it is the only one
    // now) calls the registered callback once and removes the registration;
    // MQ-LIFE-12: in a queue that was not empty, nothing happens.
    const registration = this.#registration;
    if (registration !== undefined && this.#messages.size === 1) {
      this.#registration = undefined;
      // MQ-LIFE-15: after the send returns, never inside it, with no arguments.
      queueMicrotask(() => registration.callback.call(undefined));
    }
  }
}

/** Checks a priority argument (MQ-ERR-5). */
function requirePriority(value: unknown, syscall: string): number {
  // MQ-ERR-5: an integer from 0 to MQ_PRIO_MAX - 1.
  return requireIntegerInRange(value, 0, MQ_PRIO_MAX - 1, syscall, "priority");
}

/** The checked options of a blocking call: its signal and deadline (MQ-ERR-8, MQ-TMO-3). */
function waitOptionsOf(options: unknown, syscall: string): { signal: AbortSignal | undefined; deadline: number | undefined } {
  // MQ-ERR-8: options are an object, with a signal that is an AbortSignal;
  // MQ-TMO-3: a deadline is a finite number of at least 0, checked on every call.
  return parseBlocking(options, syscall, { deadline: syscall });
}

/**
 * An open message queue descriptor held by one process: the reference
 * implementation of `MessageQueue` (from `ipckit/spec`). Made by
 * `IpcProcess.mqOpen` and `fork`; never constructed directly.
 *
 * @example Send and receive through one handle
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const queue = createSystem().spawn().mqOpen("/demo", { access: "readwrite", create: true, messageSize: 16 });
 * await queue.send(new TextEncoder().encode("hello"), 1);
 * const buffer = new Uint8Array(16);
 * const { length } = await queue.receive(buffer);
 * console.assert(new TextDecoder().decode(buffer.subarray(0, length)) === "hello");
 * ```
 */
export class ReferenceMqDescriptor implements MessageQueue, Descriptor {
  readonly #queue: ReferenceMqQueue;
  readonly #description: OpenDescription;
  readonly #owner: ProcessCore;
  #closed = false;

  /**
   * Makes the descriptor object. Only {@link ReferenceMqDescriptor.open}
   * calls it, which registers it with its process.
   *
   * @param queue - the queue it refers to
   * @param description - its open description, shared with `fork`'s copies
   * @param owner - the process that holds it
   */
  private constructor(queue: ReferenceMqQueue, description: OpenDescription, owner: ProcessCore) {
    this.#queue = queue;
    this.#description = description;
    this.#owner = owner;
  }

  /**
   * Opens a descriptor on an open description and registers it with its
   * process: what `mq_open` (through {@link ReferenceMqQueue.openDescriptor})
   * and `fork` (through {@link ReferenceMqDescriptor.dupInto}) come down to.
   *
   * @param queue - the queue
   * @param description - the open description: a new one, or one shared with a copy
   * @param owner - the process that will hold the descriptor
   * @returns the descriptor
   * @throws {IpcError} `ESRCH` when `owner` has exited
   *
   * @example Open through the queue instead
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const handle = process.mqOpen("/open", { access: "read", create: true });
   * console.assert(process.descriptors.includes(handle));
   * ```
   */
  static open(queue: ReferenceMqQueue, description: { readonly access: Access; nonblocking: boolean }, owner: ProcessCore): ReferenceMqDescriptor {
    owner.requireAlive("mq_open");
    const descriptor = new ReferenceMqDescriptor(queue, description, owner);
    owner.addDescriptor(descriptor);
    return descriptor;
  }

  /**
   * `true` once this descriptor is closed.
   *
   * @returns whether it is closed
   *
   * @example Closed after close
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const handle = createSystem().spawn().mqOpen("/c", { access: "read", create: true });
   * handle.close();
   * console.assert(handle.closed);
   * ```
   */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * What this descriptor may do, from its open (MQ-ERR-6).
   *
   * @returns `"read"`, `"write"` or `"readwrite"`
   *
   * @example A write-only handle
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * console.assert(createSystem().spawn().mqOpen("/w", { access: "write", create: true }).access === "write");
   * ```
   */
  get access(): Access {
    return this.#description.access;
  }

  /**
   * The process holding this descriptor.
   *
   * @returns the owner
   *
   * @example The owner
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * console.assert(process.mqOpen("/o", { access: "read", create: true }).owner === process);
   * ```
   */
  get owner(): ProcessCore {
    return this.#owner;
  }

  /**
   * The queue this descriptor refers to, for inspection.
   *
   * @returns the queue object, shared by every handle of the queue
   *
   * @example Two opens, one queue
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const a = process.mqOpen("/same", { access: "read", create: true });
   * const b = process.mqOpen("/same", { access: "write" });
   * console.assert(a.queue === b.queue);
   * ```
   */
  get queue(): ReferenceMqQueue {
    return this.#queue;
  }

  /**
   * Sends a message, waiting while the queue is full: see `MessageQueue.send`.
   *
   * @param data - the message, at most `messageSize` bytes (MQ-ERR-3)
   * @param priority - an integer from 0 to `MQ_PRIO_MAX - 1` (MQ-ERR-5)
   * @param options - a signal and a deadline (MQ-ERR-8, MQ-TMO-3)
   * @returns a promise resolved once the message is in the queue or taken
   * @throws {IpcError} (as a rejection, never synchronously) `EAGAIN`
   *   (MQ-NB-3), `EMSGSIZE` (MQ-ERR-3), `EINVAL` (MQ-ERR-5, MQ-ERR-8,
   *   MQ-TMO-3), `EBADF` (MQ-ERR-6, MQ-ERR-7, MQ-LIFE-9), `ETIMEDOUT`
   *   (MQ-TMO-1), `ECANCELED` (MQ-BLK-4, MQ-BLK-5), `EINTR` (MQ-BLK-6)
   *
   * @example A timed send on a full queue
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const queue = createSystem().spawn().mqOpen("/timed", { access: "write", create: true, maxMessages: 1 });
   * queue.trySend(new Uint8Array(1), 0);
   * let code = "";
   * try { await queue.send(new Uint8Array(1), 0, { deadline: Date.now() + 5 }); } catch (error) { code = IpcError.is(error) ? error.code : ""; }
   * console.assert(code === "ETIMEDOUT");
   * ```
   */
  send(data: Uint8Array, priority: number, options?: MqWaitOptions): Promise<void> {
    try {
      const syscall = options?.deadline === undefined ? "mq_send" : "mq_timedsend";
      this.#checkAccess(syscall, "write");
      // MQ-ERR-8, MQ-ERR-5, MQ-TMO-3: the arguments, before anything changes.
      requireUint8Array(data, syscall, "data");
      requirePriority(priority, syscall);
      const { signal, deadline } = waitOptionsOf(options, syscall);
      // MQ-BLK-5: called with an aborted signal: ECANCELED, nothing sent.
      if (signal?.aborted === true) throw canceled(syscall, signal.reason);
      // MQ-ERR-3: too long for the queue: EMSGSIZE at once, even on a full queue.
      this.#requireMessageFits(data, syscall);
      // MQ-ORD-2: the message is copied now.
      const message = this.#queue.copyMessage(data, priority);
      return this.#queue.send(this, message, { nonblocking: this.#description.nonblocking, signal, deadline });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Sends without waiting: see `MessageQueue.trySend`. Synchronous
   * (MQ-NB-4).
   *
   * @param data - the message, at most `messageSize` bytes (MQ-ERR-3)
   * @param priority - an integer from 0 to `MQ_PRIO_MAX - 1` (MQ-ERR-5)
   * @throws {IpcError} `EAGAIN` (MQ-NB-2), `EMSGSIZE` (MQ-ERR-3), `EINVAL`
   *   (MQ-ERR-5, MQ-ERR-8), `EBADF` (MQ-ERR-6, MQ-ERR-7)
   *
   * @example An empty message is a message
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const queue = createSystem().spawn().mqOpen("/empty", { access: "readwrite", create: true });
   * queue.trySend(new Uint8Array(0), 9);
   * const { length, priority } = queue.tryReceive(new Uint8Array(8192));
   * console.assert(length === 0 && priority === 9);
   * ```
   */
  trySend(data: Uint8Array, priority: number): void {
    this.#checkAccess("mq_send", "write");
    // MQ-ERR-8, MQ-ERR-5
    requireUint8Array(data, "mq_send", "data");
    requirePriority(priority, "mq_send");
    // MQ-ERR-3
    this.#requireMessageFits(data, "mq_send");
    // MQ-NB-4: no promise on any path. MQ-ORD-2: copied now.
    this.#queue.trySend(this.#queue.copyMessage(data, priority));
  }

  /**
   * Receives the next message, waiting while the queue is empty: see
   * `MessageQueue.receive`.
   *
   * @param buffer - at least `messageSize` bytes (MQ-ERR-4, MQ-ERR-8)
   * @param options - a signal and a deadline (MQ-ERR-8, MQ-TMO-3)
   * @returns the message's length and priority
   * @throws {IpcError} (as a rejection, never synchronously) `EMSGSIZE`
   *   (MQ-ERR-4), `EAGAIN` (MQ-NB-3), `EBADF` (MQ-ERR-6, MQ-ERR-7,
   *   MQ-LIFE-9), `EINVAL` (MQ-ERR-8, MQ-TMO-3), `ETIMEDOUT` (MQ-TMO-1),
   *   `ECANCELED` (MQ-BLK-3, MQ-BLK-5), `EINTR` (MQ-BLK-6)
   *
   * @example Abort a waiting receive
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const queue = createSystem().spawn().mqOpen("/abort", { access: "read", create: true });
   * const controller = new AbortController();
   * const pending = queue.receive(new Uint8Array(8192), { signal: controller.signal });
   * controller.abort();
   * let code = "";
   * try { await pending; } catch (error) { code = IpcError.is(error) ? error.code : ""; }
   * console.assert(code === "ECANCELED");
   * ```
   */
  receive(buffer: Uint8Array, options?: MqWaitOptions): Promise<MqReceived> {
    try {
      const syscall = options?.deadline === undefined ? "mq_receive" : "mq_timedreceive";
      this.#checkAccess(syscall, "read");
      // MQ-ERR-8, MQ-TMO-3
      requireUint8Array(buffer, syscall, "buffer");
      const { signal, deadline } = waitOptionsOf(options, syscall);
      // MQ-BLK-5: called with an aborted signal: ECANCELED, nothing taken.
      if (signal?.aborted === true) throw canceled(syscall, signal.reason);
      // MQ-ERR-4: a buffer shorter than messageSize: EMSGSIZE at once, nothing removed.
      this.#requireBufferFits(buffer, syscall);
      return this.#queue.receive(this, buffer, { nonblocking: this.#description.nonblocking, signal, deadline });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Receives without waiting: see `MessageQueue.tryReceive`. Synchronous
   * (MQ-NB-4).
   *
   * @param buffer - at least `messageSize` bytes (MQ-ERR-4)
   * @returns the message's length and priority
   * @throws {IpcError} `EAGAIN` (MQ-NB-1), `EMSGSIZE` (MQ-ERR-4), `EBADF`
   *   (MQ-ERR-6, MQ-ERR-7), `EINVAL` (MQ-ERR-8)
   *
   * @example A buffer shorter than messageSize
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const queue = createSystem().spawn().mqOpen("/short", { access: "readwrite", create: true, messageSize: 16 });
   * queue.trySend(new Uint8Array(1), 0);
   * let code = "";
   * try { queue.tryReceive(new Uint8Array(15)); } catch (error) { code = IpcError.is(error) ? error.code : ""; }
   * console.assert(code === "EMSGSIZE" && queue.getAttributes().currentMessages === 1);
   * ```
   */
  tryReceive(buffer: Uint8Array): MqReceived {
    this.#checkAccess("mq_receive", "read");
    // MQ-ERR-8
    requireUint8Array(buffer, "mq_receive", "buffer");
    // MQ-ERR-4
    this.#requireBufferFits(buffer, "mq_receive");
    // MQ-NB-4: no promise on any path.
    return this.#queue.tryReceive(buffer);
  }

  /**
   * The queue's attributes and this handle's flag: see `MessageQueue.getAttributes`.
   *
   * @returns the attributes (MQ-CAP-5)
   * @throws {IpcError} `EBADF` when closed (MQ-ERR-7)
   *
   * @example After one send
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const queue = createSystem().spawn().mqOpen("/attrs", { access: "write", create: true, maxMessages: 3, messageSize: 100 });
   * queue.trySend(new Uint8Array(1), 0);
   * const attributes = queue.getAttributes();
   * console.assert(attributes.maxMessages === 3 && attributes.messageSize === 100 && attributes.currentMessages === 1);
   * ```
   */
  getAttributes(): MqAttributes {
    // MQ-ERR-7
    this.#checkOpen("mq_getattr");
    return this.#attributes();
  }

  /**
   * Sets this handle's nonblocking flag: see `MessageQueue.setAttributes`.
   *
   * @param attributes - exactly `{ nonblocking: boolean }` (MQ-LIFE-7)
   * @returns the attributes before the change
   * @throws {IpcError} `EBADF` when closed (MQ-ERR-7), `EINVAL` (MQ-LIFE-7)
   *
   * @example Anything but nonblocking is refused
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const queue = createSystem().spawn().mqOpen("/fixed", { access: "read", create: true });
   * let code = "";
   * try { queue.setAttributes({ nonblocking: true, maxMessages: 5 } as { nonblocking: boolean }); } catch (error) { code = IpcError.is(error) ? error.code : ""; }
   * console.assert(code === "EINVAL" && !queue.getAttributes().nonblocking && queue.getAttributes().maxMessages === 10);
   * ```
   */
  setAttributes(attributes: { readonly nonblocking: boolean }): MqAttributes {
    // MQ-ERR-7
    this.#checkOpen("mq_setattr");
    // MQ-LIFE-7: an object with exactly one field, nonblocking, a boolean.
    const given = requireOptionalObject(attributes, "mq_setattr", "attributes");
    const keys = given === undefined ? [] : Reflect.ownKeys(given);
    const nonblocking = given?.["nonblocking"];
    if (keys.length !== 1 || keys[0] !== "nonblocking" || typeof nonblocking !== "boolean") {
      throw new IpcError("EINVAL", "mq_setattr", {
        detail: "only the nonblocking flag can change: pass exactly { nonblocking: true } or { nonblocking: false }",
      });
    }
    const before = this.#attributes();
    // MQ-LIFE-7: only the flag changes. MQ-LIFE-8: it is the open
    // description's, so fork's copies see it and other opens do not.
    this.#description.nonblocking = nonblocking;
    return before;
  }

  /**
   * Registers this process for notification, or removes its registration:
   * see `MessageQueue.notify`.
   *
   * @param callback - a function, or `null` to unregister (MQ-ERR-8)
   * @throws {IpcError} `EBUSY` (MQ-LIFE-10), `EBADF` (MQ-ERR-7), `EINVAL` (MQ-ERR-8)
   *
   * @example Unregister when nobody is registered
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const queue = createSystem().spawn().mqOpen("/quiet", { access: "read", create: true });
   * queue.notify(null); // does nothing
   * console.assert(queue.queue.registeredProcess === undefined);
   * ```
   */
  notify(callback: (() => void) | null): void {
    // MQ-ERR-7
    this.#checkOpen("mq_notify");
    // MQ-ERR-8: a function or null.
    if (callback !== null && typeof callback !== "function") {
      throw new IpcError("EINVAL", "mq_notify", { detail: `the callback must be a function or null, got ${describeType(callback)}` });
    }
    // MQ-LIFE-10, MQ-LIFE-13: the queue's half, as this handle's process.
    this.#queue.notify(this.#owner, callback);
  }

  /**
   * Opens a copy of this descriptor in another process, on the same open
   * description: what `fork(2)` does for each descriptor, whose copies share
   * the open description and so its nonblocking flag (`fork(2)`).
   *
   * @param process - the process that will hold the copy
   * @returns the copy
   * @throws {IpcError} `EBADF` when this descriptor is closed; `ESRCH` when `process` has exited
   *
   * @example The copy shares the flag
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const handle = system.spawn().mqOpen("/shared", { access: "read", create: true });
   * const copy = handle.dupInto(system.spawn());
   * copy.setAttributes({ nonblocking: true });
   * console.assert(handle.getAttributes().nonblocking);
   * ```
   */
  dupInto(process: ProcessCore): ReferenceMqDescriptor {
    this.#checkOpen("fork");
    // fork(2): the same open description, so the same access and flag.
    return ReferenceMqDescriptor.open(this.#queue, this.#description, process);
  }

  /**
   * Closes this descriptor: see `MessageQueue.close`.
   *
   * @throws {IpcError} `EBADF` when already closed (MQ-ERR-7)
   *
   * @example Close twice
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const queue = createSystem().spawn().mqOpen("/twice", { access: "read", create: true });
   * queue.close();
   * let code = "";
   * try { queue.close(); } catch (error) { code = IpcError.is(error) ? error.code : ""; }
   * console.assert(code === "EBADF");
   * ```
   */
  close(): void {
    // MQ-ERR-7: closing twice fails EBADF.
    this.#checkOpen("mq_close");
    this.#closed = true;
    this.#owner.removeDescriptor(this);
    // MQ-LIFE-9, MQ-LIFE-14: the queue's half. MQ-LIFE-5: the queue and its
    // messages stay, named or not, for as long as anything refers to it.
    this.#queue.closeDescriptor(this);
  }

  #attributes(): MqAttributes {
    // MQ-CAP-5: the attributes fixed at creation and the count now.
    // MQ-LIFE-8: the flag of this handle's open description.
    return {
      maxMessages: this.#queue.maxMessages,
      messageSize: this.#queue.messageSize,
      currentMessages: this.#queue.currentMessages,
      nonblocking: this.#description.nonblocking,
    };
  }

  #checkOpen(syscall: string): void {
    // MQ-ERR-7: every operation on a closed handle fails EBADF.
    if (this.#closed) throw new IpcError("EBADF", syscall, { detail: "the queue handle is closed" });
  }

  #checkAccess(syscall: string, needed: "read" | "write"): void {
    this.#checkOpen(syscall);
    // MQ-ERR-6: no sending through a read-only handle, no receiving through a write-only one.
    const { access } = this.#description;
    if (access !== "readwrite" && access !== needed) {
      throw new IpcError("EBADF", syscall, { detail: `the handle was opened for ${access} only` });
    }
  }

  #requireMessageFits(data: Uint8Array, syscall: string): void {
    // MQ-ERR-3: at most messageSize bytes; an empty message is fine.
    if (data.length > this.#queue.messageSize) {
      throw new IpcError("EMSGSIZE", syscall, { detail: `the message has ${data.length} bytes, more than messageSize (${this.#queue.messageSize})` });
    }
  }

  #requireBufferFits(buffer: Uint8Array, syscall: string): void {
    // MQ-ERR-4: the buffer must hold messageSize bytes, whatever the next message.
    if (buffer.length < this.#queue.messageSize) {
      throw new IpcError("EMSGSIZE", syscall, { detail: `the buffer has ${buffer.length} bytes, fewer than messageSize (${this.#queue.messageSize})` });
    }
  }
}
