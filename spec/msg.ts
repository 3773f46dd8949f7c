/**
 * System V message queues (`msgget(2)`, `msgop(2)`, `msgctl(2)`, `sysvipc(7)`):
 * queues found by a numeric key, holding typed messages; a receive may pick
 * by type. A queue is named by its identifier, not by a descriptor: it exists
 * until it is removed, whoever opened it, and removing it destroys it at once.
 *
 * The seed this project comes from had a queue whose messages carried a
 * receiver id and whose receivers waited only for their own messages: here
 * that is a message whose type is the receiver's pid, received by type
 * (MSG-ORD-6).
 *
 * The clauses below are the rules; {@link MsgApi} is the API they govern.
 *
 * @module
 */

import type { Clause } from "./clause.ts";
import type { BlockingOptions } from "./pipe.ts";

/**
 * The key that always makes a new queue (`IPC_PRIVATE`), one no later
 * `msgget` finds by key (MSG-LIFE-2).
 *
 * @example Two private queues are two queues
 * ```ts
 * import { IPC_PRIVATE } from "ipckit/spec";
 * import { createSystem } from "ipckit/reference";
 * const process = createSystem().spawn();
 * console.assert(process.msgget(IPC_PRIVATE) !== process.msgget(IPC_PRIVATE));
 * ```
 */
export const IPC_PRIVATE = 0;

/**
 * The largest message text, in bytes (`MSGMAX`); a longer one fails `EINVAL`
 * (MSG-ERR-2).
 *
 * @example The largest text is accepted
 * ```ts
 * import { MSGMAX } from "ipckit/spec";
 * import { createSystem } from "ipckit/reference";
 * const process = createSystem().spawn();
 * const id = process.msgget(0);
 * process.tryMsgsnd(id, 1, new Uint8Array(MSGMAX));
 * console.assert(MSGMAX === 8192 && process.msgctl(id, "stat")?.bytes === 8192);
 * ```
 */
export const MSGMAX = 8192;

/**
 * The capacity of a new queue, in bytes of text (`MSGMNB`): its first
 * `maxBytes` (MSG-CAP-1), and the most anyone but root may set (MSG-PERM-6).
 *
 * @example A new queue's capacity
 * ```ts
 * import { MSGMNB } from "ipckit/spec";
 * import { createSystem } from "ipckit/reference";
 * const process = createSystem().spawn();
 * console.assert(process.msgctl(process.msgget(0), "stat")?.maxBytes === MSGMNB);
 * ```
 */
export const MSGMNB = 16384;

/** Options for {@link MsgApi.msgget}. */
export interface MsgGetOptions {
  /** `IPC_CREAT`: create a queue when none has the key (MSG-LIFE-1). */
  readonly create?: boolean;
  /**
   * `IPC_EXCL`, only with `create`: fail `EEXIST` when a queue has the key
   * (MSG-ERR-6); without `create` it fails `EINVAL` (MSG-ERR-7).
   */
  readonly exclusive?: boolean;
  /**
   * Permission bits of a new queue, an integer from `0o000` to `0o777`;
   * default `0o600`. The umask does not apply (MSG-PERM-7). Ignored when the
   * queue exists.
   */
  readonly mode?: number;
}

/** Options for {@link MsgApi.msgrcv} and {@link MsgApi.tryMsgrcv}. */
export interface MsgReceiveOptions {
  /**
   * `MSG_NOERROR`: truncate a longer text to the buffer instead of failing
   * `E2BIG`; the message is removed and the rest of its text lost (MSG-ERR-4).
   */
  readonly noerror?: boolean;
  /**
   * `MSG_EXCEPT` (Linux), only with a positive type: take the oldest message
   * of any other type (MSG-ORD-3). With a type of 0 or below it fails
   * `EINVAL` (MSG-ERR-8).
   */
  readonly except?: boolean;
}

/** What a receive returns. */
export interface MsgReceived {
  /** The message's type (`mtype`). */
  readonly type: number;
  /** The bytes of text copied to the start of the buffer (MSG-ERR-4). */
  readonly length: number;
}

/** A queue's state (`struct msqid_ds`), as `msgctl(IPC_STAT)` reports it (MSG-LIFE-7). */
export interface MsgQueueStat {
  /** The owner's uid (`msg_perm.uid`); the creator's until a `set` changes it. */
  readonly uid: number;
  /** The owning group's gid (`msg_perm.gid`). */
  readonly gid: number;
  /** The permission bits, `0o000` to `0o777` (`msg_perm.mode`). */
  readonly mode: number;
  /** The creator's uid (`msg_perm.cuid`); never changes. */
  readonly cuid: number;
  /** The creator's gid (`msg_perm.cgid`); never changes. */
  readonly cgid: number;
  /** Bytes of text in the queue (`msg_cbytes`). */
  readonly bytes: number;
  /** Messages in the queue (`msg_qnum`). */
  readonly messages: number;
  /** The capacity in bytes of text (`msg_qbytes`). */
  readonly maxBytes: number;
  /** Pid of the last process to send (`msg_lspid`); 0 before any send. */
  readonly lastSendPid: number;
  /** Pid of the last process to receive (`msg_lrpid`); 0 before any receive. */
  readonly lastReceivePid: number;
}

/** What `msgctl(IPC_SET)` may change; an absent field stays as it is. */
export interface MsgQueueSet {
  /** The new owner's uid, a non-negative integer. */
  readonly uid?: number;
  /** The new owning group's gid, a non-negative integer. */
  readonly gid?: number;
  /** The new permission bits, `0o000` to `0o777`. */
  readonly mode?: number;
  /** The new capacity in bytes, a non-negative integer; above {@link MSGMNB} only for root (MSG-PERM-6). */
  readonly maxBytes?: number;
}

/**
 * The System V message queue calls of a process. An implementation that
 * provides them (manifest `msg`) gives its processes these methods.
 *
 * Every call is made as the process it is called on: its credentials decide
 * the permission checks, and its pid is what `msgctl("stat")` reports. The
 * blocking calls have synchronous `try` forms that never wait
 * (MSG-NB-3): `tryMsgsnd` fails `EAGAIN` where `msgsnd` would wait, and
 * `tryMsgrcv` fails `ENOMSG` where `msgrcv` would.
 *
 * Every argument is checked before anything changes: a call that fails
 * `EINVAL` for its arguments has no effect (MSG-ERR-7, MSG-ERR-8, MSG-ERR-9).
 *
 * Queues belong to the system, not to processes: a queue outlives the
 * processes that made and used it (MSG-LIFE-6), and `fork` and `exit` leave
 * it alone, except that a blocked call of a process that exits is never
 * served (MSG-LIFE-8).
 */
export interface MsgApi {
  /**
   * Finds or creates the queue with `key` (`msgget(2)`).
   *
   * With `create`, a key no queue has gets a new queue, owned and created by
   * the caller, with exactly the mode asked for (MSG-LIFE-1, MSG-PERM-7);
   * a key a queue has returns that queue's identifier, to a caller with read
   * or write permission on it (MSG-PERM-3). {@link IPC_PRIVATE} makes a new
   * queue every time (MSG-LIFE-2). Identifiers are positive and never reused
   * (MSG-LIFE-3).
   *
   * @param key - a non-negative safe integer, or {@link IPC_PRIVATE} for a new queue
   * @param options - `create`, `exclusive` and the mode of a new queue
   * @returns the queue's identifier
   * @throws {IpcError} `ENOENT` for a key no queue has without `create`,
   *   `EEXIST` for a key a queue has with `create` and `exclusive`
   *   (MSG-ERR-6), `EACCES` without read or write permission (MSG-PERM-3),
   *   `EINVAL` for a bad key, mode or flag (MSG-ERR-7)
   *
   * @example Create by key, then find it again
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const alice = system.spawn({ uid: 1000, gid: 100 });
   * const bob = system.spawn({ uid: 1001, gid: 100 });
   * const id = alice.msgget(0x5eed, { create: true, mode: 0o660 });
   * console.assert(bob.msgget(0x5eed) === id);
   * ```
   */
  msgget(key: number, options?: MsgGetOptions): number;

  /**
   * Sends a message of type `type` (`msgsnd(2)`), waiting while the queue is
   * too full for it.
   *
   * The text is copied when called (MSG-ATOM-2) and queued whole (MSG-ATOM-1).
   * A message that fits goes to the receiver that has waited longest among
   * those blocked whose type matches it, or is queued (MSG-ORD-7). It fits
   * when `bytes + data.length <= maxBytes` and `messages + 1 <= maxBytes`
   * (MSG-CAP-1, MSG-CAP-2); otherwise the send waits until receives (or a
   * raised `maxBytes`) make room (MSG-BLK-2, MSG-CAP-3), behind the sends
   * already waiting (MSG-ORD-8). A signal handler the process runs while the
   * send waits ends it with `EINTR`, its message never queued, even when the
   * handler has `restart`: `msgsnd` is never restarted (MSG-BLK-6).
   *
   * @param id - the queue's identifier
   * @param type - a positive safe integer (MSG-ERR-1)
   * @param data - the text, 0 to {@link MSGMAX} bytes (MSG-ERR-2)
   * @param options - a signal to stop waiting (MSG-BLK-4, MSG-BLK-5)
   * @returns a promise that resolves once the message is queued or handed to a receiver
   * @throws {IpcError} (as a rejection) `EINVAL` for a bad type, text or
   *   argument (MSG-ERR-1, MSG-ERR-2, MSG-ERR-8) or an unknown identifier
   *   (MSG-ERR-5), `EACCES` without write permission (MSG-PERM-1) or when a
   *   `set` takes it away while waiting (MSG-PERM-9), `EIDRM` when the queue
   *   is removed while waiting (MSG-LIFE-5), `ECANCELED` when aborted
   *   (MSG-BLK-4, MSG-BLK-5), `EINTR` when a signal handler interrupts the
   *   wait (MSG-BLK-6)
   *
   * @example A send into a full queue waits for a receive
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const id = process.msgget(0);
   * process.msgctl(id, "set", { maxBytes: 4 });
   * process.tryMsgsnd(id, 1, new Uint8Array(4));
   * const pending = process.msgsnd(id, 2, new Uint8Array(3));
   * process.tryMsgrcv(id, new Uint8Array(4), 1);
   * await pending;
   * console.assert(process.tryMsgrcv(id, new Uint8Array(4), 0).type === 2);
   * ```
   */
  msgsnd(id: number, type: number, data: Uint8Array, options?: BlockingOptions): Promise<void>;

  /**
   * Sends without waiting (`msgsnd(2)` with `IPC_NOWAIT`). Synchronous: it
   * returns or throws, and never returns a promise (MSG-NB-3). It does not
   * queue behind waiting sends: a message that fits is sent at once.
   *
   * @param id - the queue's identifier
   * @param type - a positive safe integer (MSG-ERR-1)
   * @param data - the text, 0 to {@link MSGMAX} bytes (MSG-ERR-2)
   * @throws {IpcError} `EAGAIN` when the message does not fit (MSG-NB-2),
   *   `EINVAL` (MSG-ERR-1, MSG-ERR-2, MSG-ERR-5, MSG-ERR-8), `EACCES` (MSG-PERM-1)
   *
   * @example Fill a small queue
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const process = createSystem().spawn();
   * const id = process.msgget(0);
   * process.msgctl(id, "set", { maxBytes: 2 });
   * process.tryMsgsnd(id, 1, new Uint8Array(2));
   * try { process.tryMsgsnd(id, 1, new Uint8Array(1)); } catch (error) { console.assert(IpcError.is(error, "EAGAIN")); }
   * ```
   */
  tryMsgsnd(id: number, type: number, data: Uint8Array): void;

  /**
   * Receives a message chosen by `type` (`msgrcv(2)`), waiting while no
   * message matches.
   *
   * Type 0 takes the oldest message (MSG-ORD-1); a positive type the oldest
   * of that type (MSG-ORD-2) or, with `except`, of any other (MSG-ORD-3); a
   * negative type the oldest of the lowest type not above its absolute value
   * (MSG-ORD-4). Messages of one type leave in the order sent, each exactly
   * once (MSG-ORD-5), so a process receiving its own pid as the type gets
   * only the messages addressed to it (MSG-ORD-6). With no match it waits
   * until a matching message is sent (MSG-BLK-1); waiting receivers get new
   * messages longest-waiting first among those that match (MSG-ORD-7). The
   * text of one message is copied to the start of `buffer` (MSG-ATOM-1). A
   * signal handler the process runs while the receive waits ends it with
   * `EINTR`, having taken nothing, even when the handler has `restart`:
   * `msgrcv` is never restarted (MSG-BLK-6).
   *
   * @param id - the queue's identifier
   * @param buffer - where the text goes; its length is `msgsz`
   * @param type - which message to take, a safe integer
   * @param options - `noerror`, `except`, and a signal to stop waiting (MSG-BLK-3, MSG-BLK-5)
   * @returns the message's type and the length of text copied
   * @throws {IpcError} (as a rejection) `E2BIG` when the text is longer than
   *   `buffer` without `noerror`, leaving the message queued (MSG-ERR-3),
   *   `EINVAL` (MSG-ERR-5, MSG-ERR-8), `EACCES` without read permission
   *   (MSG-PERM-2, MSG-PERM-9), `EIDRM` when the queue is removed while
   *   waiting (MSG-LIFE-5), `ECANCELED` when aborted (MSG-BLK-3, MSG-BLK-5),
   *   `EINTR` when a signal handler interrupts the wait (MSG-BLK-6)
   *
   * @example A receive waits for its type
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const id = process.msgget(0);
   * const buffer = new Uint8Array(8);
   * const pending = process.msgrcv(id, buffer, 7);
   * process.tryMsgsnd(id, 3, new Uint8Array([3]));
   * process.tryMsgsnd(id, 7, new Uint8Array([7, 7]));
   * const received = await pending;
   * console.assert(received.type === 7 && received.length === 2 && buffer[0] === 7);
   * ```
   */
  msgrcv(id: number, buffer: Uint8Array, type: number, options?: MsgReceiveOptions & BlockingOptions): Promise<MsgReceived>;

  /**
   * Receives without waiting (`msgrcv(2)` with `IPC_NOWAIT`). Synchronous: it
   * returns or throws, and never returns a promise (MSG-NB-3).
   *
   * @param id - the queue's identifier
   * @param buffer - where the text goes
   * @param type - which message to take, as for {@link MsgApi.msgrcv}
   * @param options - `noerror` and `except`
   * @returns the message's type and the length of text copied
   * @throws {IpcError} `ENOMSG` when no message matches (MSG-NB-1), `E2BIG`
   *   (MSG-ERR-3), `EINVAL` (MSG-ERR-5, MSG-ERR-8), `EACCES` (MSG-PERM-2)
   *
   * @example Pick the lowest type first
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const id = process.msgget(0);
   * process.tryMsgsnd(id, 5, new Uint8Array(0));
   * process.tryMsgsnd(id, 2, new Uint8Array(0));
   * console.assert(process.tryMsgrcv(id, new Uint8Array(0), -10).type === 2);
   * ```
   */
  tryMsgrcv(id: number, buffer: Uint8Array, type: number, options?: MsgReceiveOptions): MsgReceived;

  /**
   * Controls a queue (`msgctl(2)`).
   *
   * - `"stat"` reports the queue (MSG-LIFE-7); it needs read permission
   *   (MSG-PERM-4).
   * - `"set"` changes owner, group, mode or `maxBytes` (MSG-CAP-3); only the
   *   owner, the creator or root may (MSG-PERM-5), and only root above
   *   {@link MSGMNB} (MSG-PERM-6). The new ownership decides every later
   *   check (MSG-PERM-8), and blocked callers that lose permission fail
   *   `EACCES` (MSG-PERM-9).
   * - `"remove"` destroys the queue at once with its messages (MSG-LIFE-4)
   *   and ends every blocked call on it with `EIDRM` (MSG-LIFE-5); only the
   *   owner, the creator or root may (MSG-PERM-5).
   *
   * @param id - the queue's identifier
   * @param command - `"stat"`, `"set"` or `"remove"`
   * @param changes - for `"set"` only, what to change
   * @returns the state, for `"stat"`; otherwise `undefined`
   * @throws {IpcError} `EACCES` (MSG-PERM-4), `EPERM` (MSG-PERM-5,
   *   MSG-PERM-6), `EINVAL` for an unknown identifier (MSG-ERR-5) or a bad
   *   command or changes (MSG-ERR-9)
   *
   * @example Read the state, then remove
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const process = createSystem().spawn({ uid: 1000, gid: 100 });
   * const id = process.msgget(0, { mode: 0o640 });
   * process.tryMsgsnd(id, 1, new Uint8Array(3));
   * const stat = process.msgctl(id, "stat");
   * console.assert(stat?.uid === 1000 && stat.mode === 0o640 && stat.bytes === 3 && stat.lastSendPid === process.pid);
   * process.msgctl(id, "remove");
   * try { process.msgctl(id, "stat"); } catch (error) { console.assert(IpcError.is(error, "EINVAL")); }
   * ```
   */
  msgctl(id: number, command: "stat" | "set" | "remove", changes?: MsgQueueSet): MsgQueueStat | undefined;
}

/** Shorthand for a System V queue clause's fixed fields. */
type MsgClause = Omit<Clause, "mechanism"> & { readonly mechanism?: "msg" };

function msgClauses(list: readonly MsgClause[]): readonly Clause[] {
  return Object.freeze(list.map((clause) => Object.freeze({ ...clause, mechanism: "msg" as const })));
}

/**
 * The clauses of System V message queues. IDs are stable and never reused.
 *
 * @example Find the rule for type 0
 * ```ts
 * import { MSG_CLAUSES } from "ipckit/spec";
 * console.assert(MSG_CLAUSES.some((clause) => clause.id === "MSG-ORD-1"));
 * ```
 */
export const MSG_CLAUSES: readonly Clause[] = msgClauses([
  // Ordering and selection by type
  {
    id: "MSG-ORD-1",
    category: "ordering",
    level: "core",
    rule: "A receive of type 0 takes the oldest message in the queue, whatever its type.",
    source: "msgop(2) msgrcv, msgtyp is 0",
    catalogue: ["MSG-04"],
  },
  {
    id: "MSG-ORD-2",
    category: "ordering",
    level: "core",
    rule: "A receive of a positive type takes the oldest message of exactly that type and leaves every message of another type queued in its place.",
    source: "msgop(2) msgrcv, msgtyp is greater than 0",
    catalogue: ["MSG-05"],
  },
  {
    id: "MSG-ORD-3",
    category: "ordering",
    level: "optional",
    rule: "A receive of a positive type with except takes the oldest message of any other type, and finds no match in a queue holding only that type.",
    source: "msgop(2) MSG_EXCEPT (since Linux 2.2)",
    choice: "MSG_EXCEPT is a Linux extension; an implementation may decline it (feature msg.except).",
    catalogue: ["MSG-05"],
  },
  {
    id: "MSG-ORD-4",
    category: "ordering",
    level: "core",
    rule: "A receive of a negative type takes the oldest message of the lowest type not above its absolute value, and finds no match when every queued type is higher.",
    source: "msgop(2) msgrcv, msgtyp is less than 0",
    catalogue: ["MSG-06"],
  },
  {
    id: "MSG-ORD-5",
    category: "ordering",
    level: "core",
    rule: "Whatever mix of receive types is used, every message sent is received at most once with the type and text it was sent with, and messages of one type leave in the order they were sent.",
    source: "msgop(2) msgsnd, msgrcv",
    catalogue: ["MSG-04", "MSG-05", "MSG-06"],
  },
  {
    id: "MSG-ORD-6",
    category: "ordering",
    level: "core",
    rule: "Processes that each receive with their own pid as the type get only the messages sent with that type, in the order sent, while messages addressed to other processes stay queued for them.",
    source: "msgop(2) msgrcv, msgtyp is greater than 0 (the classic client-server pattern: mtype names the receiver)",
    choice: "The seed's queue of messages carrying a receiver id is expressed with a type per receiver rather than a field of its own.",
    catalogue: ["MSG-05"],
  },
  {
    id: "MSG-ORD-7",
    category: "ordering",
    level: "extended",
    rule: "A message sent while receivers are blocked goes to the receiver that has waited longest among those whose type matches it, and is queued only when none matches.",
    source: "Linux ipc/msg.c pipelined_send",
    choice: "POSIX does not say which blocked receiver gets a message; ipckit follows Linux, which hands it to the first blocked receiver whose type matches.",
    catalogue: ["MSG-12"],
  },
  {
    id: "MSG-ORD-8",
    category: "ordering",
    level: "extended",
    rule: "Sends blocked on a full queue are admitted in the order they started waiting, and a later blocking send never lands before an earlier pending one.",
    source: "msgop(2) msgsnd; Linux ipc/msg.c ss_wakeup",
    choice: "Linux wakes every blocked sender whose message now fits, so a short later message may pass a long earlier one; ipckit serves them strictly in order, as it does pipe writes, so that no long message starves.",
    catalogue: ["MSG-03"],
  },
  // Blocking
  {
    id: "MSG-BLK-1",
    category: "blocking",
    level: "core",
    rule: "A msgrcv that finds no matching message stays pending until a matching message is sent, and messages of other types do not wake it.",
    source: "msgop(2) msgrcv (IPC_NOWAIT not given)",
    catalogue: ["MSG-08"],
  },
  {
    id: "MSG-BLK-2",
    category: "blocking",
    level: "core",
    rule: "A msgsnd whose message does not fit stays pending until receives make room for it, then queues the whole message.",
    source: "msgop(2) msgsnd (IPC_NOWAIT not given)",
    catalogue: ["MSG-03"],
  },
  {
    id: "MSG-BLK-3",
    category: "blocking",
    level: "core",
    rule: "Aborting a pending msgrcv rejects it with ECANCELED and takes no message: one sent afterwards stays queued for others.",
    source: "msgop(2) EINTR; signal(7) (analogue)",
    choice: "Abort is ipckit's JavaScript form of interruption; it behaves as EINTR does (a msgrcv is never restarted) with its own code ECANCELED, as for pipes.",
    catalogue: ["MSG-09"],
  },
  {
    id: "MSG-BLK-4",
    category: "blocking",
    level: "core",
    rule: "Aborting a pending msgsnd rejects it with ECANCELED and its message is never queued.",
    source: "msgop(2) EINTR; signal(7) (analogue)",
    choice: "As MSG-BLK-3.",
    catalogue: ["MSG-09"],
  },
  {
    id: "MSG-BLK-5",
    category: "blocking",
    level: "core",
    rule: "A msgsnd or msgrcv called with an already aborted signal rejects with ECANCELED and sends or takes nothing, even when it could complete at once.",
    source: "DOM Standard, AbortSignal (the web platform's convention)",
    choice: "POSIX has no counterpart; ipckit follows the web platform, where an operation given an aborted signal does not start.",
  },
  {
    id: "MSG-BLK-6",
    category: "blocking",
    level: "core",
    rule: "A signal handler run by a process while its msgsnd or msgrcv waits ends the call with EINTR, even when the handler was installed with restart (SA_RESTART): the send's message is never queued, and the receive takes nothing, a message sent afterwards staying queued for others.",
    source: "msgop(2) EINTR; signal(7) (msgsnd and msgrcv are never restarted, whatever SA_RESTART says)",
    catalogue: ["MSG-09", "SIG-12"],
  },
  // Non-blocking
  {
    id: "MSG-NB-1",
    category: "nonblocking",
    level: "core",
    rule: "tryMsgrcv when no message matches its type fails with ENOMSG, not EAGAIN, and takes nothing.",
    source: "msgop(2) ENOMSG (IPC_NOWAIT given)",
    catalogue: ["MSG-08"],
  },
  {
    id: "MSG-NB-2",
    category: "nonblocking",
    level: "core",
    rule: "tryMsgsnd of a message that does not fit fails with EAGAIN and queues nothing.",
    source: "msgop(2) EAGAIN (IPC_NOWAIT given)",
    catalogue: ["MSG-03"],
  },
  {
    id: "MSG-NB-3",
    category: "nonblocking",
    level: "core",
    rule: "tryMsgsnd and tryMsgrcv complete synchronously: they return or throw, and never return a promise or wait.",
    source: "msgop(2) IPC_NOWAIT",
  },
  // Capacity
  {
    id: "MSG-CAP-1",
    category: "capacity",
    level: "core",
    rule: "A new queue's maxBytes is MSGMNB (16384): texts totalling 16384 bytes fit with nobody receiving, and one more byte does not.",
    source: "msgop(2) msgsnd (msg_qbytes); msgget(2) (msg_qbytes is set to MSGMNB)",
    catalogue: ["MSG-03"],
  },
  {
    id: "MSG-CAP-2",
    category: "capacity",
    level: "extended",
    rule: "A queue is also full when it holds maxBytes messages, even with empty texts: a message fits only when bytes + its length <= maxBytes and messages + 1 <= maxBytes.",
    source: "Linux ipc/msg.c msg_fits_inqueue",
    choice: "POSIX limits only the bytes of one queue (and the messages of the whole system); ipckit follows Linux, which also counts each message as at least one byte, so empty messages cannot grow a queue without bound.",
    catalogue: ["MSG-03"],
  },
  {
    id: "MSG-CAP-3",
    category: "capacity",
    level: "core",
    rule: "msgctl set of maxBytes takes effect at once: a raise lets the pending sends that now fit proceed, and a cut below what is queued keeps every message but makes sends wait until they fit the new limit.",
    source: "msgctl(2) IPC_SET msg_qbytes; Linux ipc/msg.c msgctl_down (ss_wakeup)",
    catalogue: ["MSG-03"],
  },
  // Errors
  {
    id: "MSG-ERR-1",
    category: "errors",
    level: "core",
    rule: "A message type that is not a positive safe integer fails with EINVAL and sends nothing.",
    source: "msgop(2) EINVAL (mtype less than 1)",
    choice: "C's mtype is a long; ipckit takes positive safe integers and rejects fractional, infinite and non-numeric types with EINVAL.",
    catalogue: ["MSG-02"],
  },
  {
    id: "MSG-ERR-2",
    category: "errors",
    level: "core",
    rule: "A text of 0 to MSGMAX (8192) bytes is sent, an empty one included, and a longer one fails with EINVAL and sends nothing.",
    source: "msgop(2) EINVAL (msgsz greater than MSGMAX)",
    catalogue: ["MSG-02"],
  },
  {
    id: "MSG-ERR-3",
    category: "errors",
    level: "core",
    rule: "A receive whose buffer is shorter than the text of the message it selects fails with E2BIG and leaves that message queued, whether it finds the message at once or is woken by its arrival.",
    source: "msgop(2) E2BIG; Linux ipc/msg.c pipelined_send",
    catalogue: ["MSG-07"],
  },
  {
    id: "MSG-ERR-4",
    category: "errors",
    level: "core",
    rule: "With noerror a text longer than the buffer is truncated to the buffer's length, the message is removed with the rest of its text lost, and the length returned counts only the bytes copied.",
    source: "msgop(2) MSG_NOERROR",
    catalogue: ["MSG-07"],
  },
  {
    id: "MSG-ERR-5",
    category: "errors",
    level: "core",
    rule: "An identifier that names no queue, never issued or of a removed queue, fails with EINVAL in msgsnd, msgrcv, their try forms and msgctl.",
    source: "msgop(2) EINVAL (invalid msqid); msgctl(2) EINVAL",
    choice: "Identifiers are never reused (MSG-LIFE-3), so a removed queue's identifier stays invalid for good; EIDRM is kept for the calls blocked on the queue when it is removed (MSG-LIFE-5), as Linux does.",
    catalogue: ["MSG-09"],
  },
  {
    id: "MSG-ERR-6",
    category: "errors",
    level: "core",
    rule: "msgget of a key no queue has fails with ENOENT without create, and msgget of a key a queue has fails with EEXIST given create and exclusive.",
    source: "msgget(2) ENOENT, EEXIST",
    catalogue: ["MSG-01"],
  },
  {
    id: "MSG-ERR-7",
    category: "errors",
    level: "core",
    rule: "msgget with a key that is not a non-negative safe integer, a mode that is not an integer from 0 to 0o777, a flag that is not a boolean, options that are not an object, or exclusive without create fails with EINVAL and creates nothing.",
    source: "msgget(2)",
    choice: "C's key_t is a 32-bit int and msgflg an int whose high bits are ignored; ipckit rejects negative, fractional or non-numeric keys and mode bits above 0o777 instead of wrapping them, and rejects exclusive without create (which Linux ignores) as a meaningless combination.",
    catalogue: ["MSG-01"],
  },
  {
    id: "MSG-ERR-8",
    category: "errors",
    level: "core",
    rule: "msgsnd, msgrcv and their try forms fail with EINVAL, sending or taking nothing, when the identifier or receive type is not a safe integer, the data or buffer is not a Uint8Array, an option is of the wrong type, or except comes with a type of 0 or below.",
    source: "msgop(2) EINVAL, EFAULT",
    choice: "C reports a bad buffer as EFAULT; a JavaScript value of the wrong type is a bad argument, so ipckit uses EINVAL. Linux ignores MSG_EXCEPT with a type of 0 or below; ipckit rejects the meaningless combination.",
  },
  {
    id: "MSG-ERR-9",
    category: "errors",
    level: "core",
    rule: "msgctl fails with EINVAL and changes nothing for an unknown command, for set without changes or with a uid, gid or maxBytes that is not a non-negative safe integer or a mode outside 0 to 0o777, and for changes given to stat or remove.",
    source: "msgctl(2) EINVAL",
    choice: "C passes a whole struct to IPC_SET; ipckit takes only the fields to change, checks each, and rejects changes given to a command that takes none.",
  },
  // Permissions
  {
    id: "MSG-PERM-1",
    category: "permission",
    level: "core",
    rule: "msgsnd and tryMsgsnd need write permission on the queue and fail with EACCES without it, sending nothing.",
    source: "msgop(2) EACCES",
    catalogue: ["MSG-10"],
  },
  {
    id: "MSG-PERM-2",
    category: "permission",
    level: "core",
    rule: "msgrcv and tryMsgrcv need read permission on the queue and fail with EACCES without it, taking nothing.",
    source: "msgop(2) EACCES",
    catalogue: ["MSG-10"],
  },
  {
    id: "MSG-PERM-3",
    category: "permission",
    level: "core",
    rule: "msgget of an existing queue returns its identifier to a caller with read or write permission on it and fails with EACCES for one with neither.",
    source: "msgget(2) EACCES; Linux ipc/util.c ipcperms",
    choice: "Linux checks the permission bits given in msgflg against the queue, so a caller asking for none always succeeds; ipckit's msgget has no requested access, and admits a caller holding read or write permission.",
    catalogue: ["MSG-01"],
  },
  {
    id: "MSG-PERM-4",
    category: "permission",
    level: "core",
    rule: "msgctl stat needs read permission on the queue and fails with EACCES without it.",
    source: "msgctl(2) IPC_STAT, EACCES",
  },
  {
    id: "MSG-PERM-5",
    category: "permission",
    level: "core",
    rule: "msgctl set and remove succeed only for the queue's owner, its creator or root, and fail with EPERM for anyone else, changing nothing.",
    source: "msgctl(2) IPC_SET, IPC_RMID, EPERM",
    choice: "Root stands for CAP_SYS_ADMIN.",
    catalogue: ["MSG-10"],
  },
  {
    id: "MSG-PERM-6",
    category: "permission",
    level: "core",
    rule: "Setting maxBytes above MSGMNB needs root: anyone else fails with EPERM and nothing changes.",
    source: "msgctl(2) EPERM (msg_qbytes above MSGMNB without CAP_SYS_RESOURCE)",
    choice: "Root stands for CAP_SYS_RESOURCE.",
    catalogue: ["MSG-10"],
  },
  {
    id: "MSG-PERM-7",
    category: "permission",
    level: "core",
    rule: "A new queue's owner and creator are the creating process's uid and gid, and its mode is exactly the mode asked for (default 0o600), the umask not applying.",
    source: "msgget(2) (the low 9 bits of msgflg become msg_perm.mode); sysvipc(7)",
    choice: "System V objects ignore the umask, unlike FIFOs and POSIX queues. C has no default mode (0 unless given); ipckit defaults to 0o600, owner read and write.",
    catalogue: ["MSG-01"],
  },
  {
    id: "MSG-PERM-8",
    category: "permission",
    level: "core",
    rule: "Access is checked against the queue's current owner, group and mode by the rule every named object uses, so a set that changes them decides every later call.",
    source: "msgctl(2) IPC_SET; Linux ipc/util.c ipcperms",
    choice: "Linux also grants the owner class to the creator and the group class to the creator's group; ipckit applies the one permission rule of every named object to the current owner and group only, and the creator keeps just the right to set and remove (MSG-PERM-5).",
    catalogue: ["MSG-10"],
  },
  {
    id: "MSG-PERM-9",
    category: "permission",
    level: "extended",
    rule: "A set that takes away a blocked caller's permission ends its pending msgsnd or msgrcv with EACCES, while callers that keep their permission keep waiting.",
    source: "Linux ipc/msg.c msgctl_down (expunge_all and ss_wakeup make blocked calls check again)",
    choice: "POSIX does not say; ipckit follows Linux, where blocked calls recheck their permission after IPC_SET.",
    catalogue: ["MSG-10"],
  },
  // Lifecycle
  {
    id: "MSG-LIFE-1",
    category: "lifecycle",
    level: "core",
    rule: "msgget with create makes a new queue for a key no queue has and returns its identifier, and later msgget calls of that key, with or without create, return the same identifier.",
    source: "msgget(2) IPC_CREAT",
    catalogue: ["MSG-01"],
  },
  {
    id: "MSG-LIFE-2",
    category: "lifecycle",
    level: "core",
    rule: "msgget of IPC_PRIVATE (0) creates a new queue every time, whatever its flags, and no later msgget finds that queue by key.",
    source: "msgget(2) IPC_PRIVATE",
    catalogue: ["MSG-01"],
  },
  {
    id: "MSG-LIFE-3",
    category: "lifecycle",
    level: "core",
    rule: "Identifiers are positive integers, distinct for every queue and never reused within a system, even after a queue is removed.",
    source: "sysvipc(7); msgget(2)",
    choice: "Linux recycles slots and changes a sequence number so that a stale identifier rarely names a new queue; ipckit never reuses one at all.",
  },
  {
    id: "MSG-LIFE-4",
    category: "lifecycle",
    level: "core",
    rule: "msgctl remove destroys the queue at once with its messages, its identifier failing with EINVAL afterwards and its key free for a new queue with a new identifier.",
    source: "msgctl(2) IPC_RMID",
    choice: "Unlike POSIX mq_unlink and unlink, which defer destruction until the last user closes, IPC_RMID acts at once.",
    catalogue: ["MSG-11"],
  },
  {
    id: "MSG-LIFE-5",
    category: "lifecycle",
    level: "core",
    rule: "msgctl remove ends every pending msgsnd and msgrcv on the queue with EIDRM.",
    source: "msgop(2) EIDRM; msgctl(2) IPC_RMID",
    catalogue: ["MSG-09", "MSG-11"],
  },
  {
    id: "MSG-LIFE-6",
    category: "lifecycle",
    level: "extended",
    rule: "A queue and its messages outlive the processes that created it and sent to it: the queue exists until it is removed.",
    source: "sysvipc(7) (System V objects persist until removed or reboot)",
  },
  {
    id: "MSG-LIFE-7",
    category: "lifecycle",
    level: "core",
    rule: "msgctl stat reports the owner, creator, mode, bytes and messages queued, maxBytes, and the pids of the last send and last receive (0 before any).",
    source: "msgctl(2) IPC_STAT (struct msqid_ds)",
  },
  {
    id: "MSG-LIFE-8",
    category: "lifecycle",
    level: "extended",
    rule: "A pending msgsnd or msgrcv of a process that has exited is never served: a message sent afterwards goes to the next matching receiver or the queue, and the exited process's pending message is never queued.",
    source: "_exit(2); msgop(2) (a killed caller takes and sends nothing)",
    choice: "A process killed in msgrcv or msgsnd takes and sends nothing; ipckit's exit (or termination by a signal) behaves alike: the pending call ends with its process, rejecting EINTR, which no one is left to see.",
  },
  // Atomicity
  {
    id: "MSG-ATOM-1",
    category: "atomicity",
    level: "core",
    rule: "Messages keep their boundaries: a receive takes the text of exactly one message, never bytes of two, and a send queues the whole text or nothing.",
    source: "msgop(2)",
    catalogue: ["MSG-02", "MSG-07"],
  },
  {
    id: "MSG-ATOM-2",
    category: "atomicity",
    level: "core",
    rule: "msgsnd copies the text when called, so changing the array afterwards, even while the send is pending, does not change the message.",
    source: "msgop(2) msgsnd (the message is copied from msgp); Linux ipc/msg.c do_msgsnd (load_msg before waiting)",
  },
]);
