/**
 * One System V message queue (a `msqid`): its ownership and mode, its
 * messages (`messages.ts`), and the blocked senders and receivers (each in the
 * one `WaitQueue` every blocking call uses). Its operations are the
 * queue-level halves of `msgsnd(2)`, `msgrcv(2)` and `msgctl(2)`.
 *
 * Everything is synchronous except waiting. A call that makes progress
 * possible does the waiting calls' work itself before it returns: a send hands
 * its message straight to the receiver that has waited longest among those it
 * matches, and a receive that frees room admits the blocked senders, in order.
 * So a receiver is blocked only while no queued message matches it.
 *
 * Choices where the clauses are silent:
 *
 * - The room is checked on every send, even when a blocked receiver would
 *   take the message at once, as Linux does (`msg_fits_inqueue` comes first).
 * - `tryMsgsnd` never queues: a message that fits is sent at once, even while
 *   blocking sends wait (the first of them does not fit, or it would not
 *   wait). A blocking send queues behind them (MSG-ORD-8).
 * - A send looks through the blocked receivers in the order they came and
 *   stops at the first that matches: linear in the number blocked, as
 *   Linux's `pipelined_send`. A blocked receiver whose buffer is too short
 *   fails `E2BIG` and the message goes on to the next (MSG-ERR-3).
 * - A blocked receive copies into the caller's buffer when it is served; a
 *   send copies the caller's text once, when called (MSG-ATOM-2).
 * - A blocked call is registered with its caller (the wait queue's
 *   `blocker`): a handler the caller runs interrupts it with `EINTR`,
 *   `restart` or not (MSG-BLK-6), and the caller's end interrupts it too,
 *   so the call of a process that has exited leaves the queue at once and
 *   is never served (MSG-LIFE-8).
 *
 * @module
 */

import { ROOT_UID } from "../../spec/constants.ts";
import { IpcError } from "../../spec/errors.ts";
import type { MsgQueueSet, MsgQueueStat, MsgReceived } from "../../spec/msg.ts";
import { MSGMNB } from "../../spec/msg.ts";
import { checkAccess } from "../../spec/namespace.ts";
import type { Access, Ownership } from "../../spec/namespace.ts";
import type { Credentials } from "../../spec/system.ts";
import { canceled } from "../base/interrupt.ts";
import { requireAccess } from "../base/namespace.ts";
import { WaitQueue } from "../base/wait-queue.ts";
import type { Waiter } from "../base/wait-queue.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import { MessageIndex, copyOut, receiveMatches } from "./messages.ts";
import type { QueuedMessage } from "./messages.ts";

/**
 * What a new queue is made from: its identifier and key, and its creator,
 * who is also its first owner (MSG-PERM-7).
 */
export interface MsgQueueInit {
  /** The identifier, fresh from the table's `allocateId`. */
  readonly id: number;
  /** The key, or `IPC_PRIVATE`. */
  readonly key: number;
  /** The creator's uid and gid. */
  readonly creator: Pick<Credentials, "uid" | "gid">;
  /** The permission bits, exactly as asked (no umask). */
  readonly mode: number;
}

/** What a blocked receive carries while it waits. */
export interface PendingReceive {
  /** The receiving process (MSG-LIFE-8, MSG-PERM-9). */
  readonly caller: ProcessCore;
  /** Where the text goes, copied when served. */
  readonly buffer: Uint8Array;
  /** The type asked for. */
  readonly type: number;
  /** `MSG_EXCEPT`. */
  readonly except: boolean;
  /** `MSG_NOERROR`. */
  readonly noerror: boolean;
}

/** What a blocked send carries while it waits. */
export interface PendingSend {
  /** The sending process (MSG-LIFE-8, MSG-PERM-9). */
  readonly caller: ProcessCore;
  /** The message's type. */
  readonly type: number;
  /** The message's text, already copied (MSG-ATOM-2). */
  readonly text: Uint8Array;
}

/** The receive flags, checked. */
export interface MsgReceiveFlags {
  /** `MSG_NOERROR` (MSG-ERR-4). */
  readonly noerror: boolean;
  /** `MSG_EXCEPT` (MSG-ORD-3); only with a positive type. */
  readonly except: boolean;
}

/**
 * One System V message queue: the reference implementation of a `msqid`.
 * Its operations are the queue-level halves of `msgsnd(2)`, `msgrcv(2)` and
 * `msgctl(2)`: the calls have checked the caller and the arguments when they
 * call them. They throw synchronously what fails at once; a blocking
 * operation's promise rejects for what happens while it waits.
 *
 * The methods {@link ReferenceMsgQueue.select}, {@link ReferenceMsgQueue.fits},
 * {@link ReferenceMsgQueue.requirePermission},
 * {@link ReferenceMsgQueue.controls}, {@link ReferenceMsgQueue.waitingReceivers}
 * and {@link ReferenceMsgQueue.destroy} are the named steps of the rules; a
 * subclass may override one to model a different (or broken) implementation.
 */
export class ReferenceMsgQueue {
  /** The identifier (MSG-LIFE-3). */
  readonly id: number;
  /** The key, or {@link IPC_PRIVATE}. */
  readonly key: number;
  /** Owner, group and mode: what every access check reads (MSG-PERM-8); set replaces it. */
  #ownership: Ownership;
  /** The creator, who may always set and remove (MSG-PERM-5). */
  readonly #cuid: number;
  readonly #cgid: number;
  /** `msg_qbytes` (MSG-CAP-1). */
  #maxBytes = MSGMNB;
  /** The messages, by type and by age (MSG-ORD-1 to MSG-ORD-5), and their counts (MSG-CAP-2). */
  readonly #messages = new MessageIndex();
  /** Blocked receives, first come first served among those that match (MSG-ORD-7). */
  readonly #receivers = new WaitQueue<PendingReceive, MsgReceived>();
  /** Blocked sends, strictly first come first served (MSG-ORD-8). */
  readonly #senders = new WaitQueue<PendingSend, void>();
  #lastSendPid = 0;
  #lastReceivePid = 0;
  #removed = false;

  /**
   * Makes a queue. {@link MsgTable.create} calls it (through the table's
   * factory) when `msgget` creates a queue.
   *
   * @param init - identifier, key, creator and mode
   */
  constructor(init: MsgQueueInit) {
    this.id = init.id;
    this.key = init.key;
    // MSG-PERM-7: the creator is the first owner, and the mode is as asked.
    this.#ownership = Object.freeze({ uid: init.creator.uid, gid: init.creator.gid, mode: init.mode });
    this.#cuid = init.creator.uid;
    this.#cgid = init.creator.gid;
  }

  /** The current owner, group and mode. */
  get ownership(): Ownership {
    return this.#ownership;
  }

  /** Bytes of text queued (`msg_cbytes`). */
  get bytes(): number {
    return this.#messages.bytes;
  }

  /** Messages queued (`msg_qnum`). */
  get messages(): number {
    return this.#messages.count;
  }

  /** The capacity in bytes (`msg_qbytes`). */
  get maxBytes(): number {
    return this.#maxBytes;
  }

  /** The number of blocked receives. */
  get pendingReceives(): number {
    return this.#receivers.size;
  }

  /** The number of blocked sends. */
  get pendingSends(): number {
    return this.#senders.size;
  }

  /** `true` once the queue has been removed. */
  get removed(): boolean {
    return this.#removed;
  }

  /**
   * Every queued message, oldest first: for inspection (it sorts, so it is
   * O(n log n); no operation uses it).
   *
   * @returns the messages in the order they arrived
   */
  messagesInOrder(): QueuedMessage[] {
    return this.#messages.inOrder();
  }

  // ---- The named steps --------------------------------------------------

  /**
   * The step of `msgrcv` that chooses a message (Linux `find_msg`): the one a
   * receive of `type` takes, or `undefined` when none matches.
   *
   * @param type - the type asked for, a safe integer
   * @param except - `MSG_EXCEPT`, with a positive type only
   * @returns the message, still queued
   */
  select(type: number, except: boolean): QueuedMessage | undefined {
    // MSG-ORD-1 to MSG-ORD-4 (MSG-ORD-6): the index's choice (reference/msg/messages.ts).
    return this.#messages.select(type, except);
  }

  /**
   * The step of `msgsnd` that decides whether a message fits (Linux
   * `msg_fits_inqueue`).
   *
   * @param length - the text's length in bytes
   * @returns `true` when `bytes + length <= maxBytes` and `messages + 1 <= maxBytes`
   */
  fits(length: number): boolean {
    // MSG-CAP-1: the bytes of text, against maxBytes (MSGMNB for a new queue)...
    // MSG-CAP-2: ...and the number of messages, against the same maxBytes.
    return this.#messages.bytes + length <= this.#maxBytes && this.#messages.count + 1 <= this.#maxBytes;
  }

  /**
   * The permission check of a send, receive or stat (Linux `ipcperms`):
   * the one rule every named object uses, against the current owner, group
   * and mode (MSG-PERM-8).
   *
   * @param caller - the calling process
   * @param access - `"read"` to receive or stat, `"write"` to send
   * @param syscall - the operation, for the error
   * @throws {IpcError} `EACCES` when denied
   */
  requirePermission(caller: ProcessCore, access: Access, syscall: string): void {
    requireAccess(caller.credentials, this.#ownership, access, syscall, `msqid ${this.id}`);
  }

  /**
   * Whether `caller` may set and remove the queue (Linux
   * `ipcctl_obtain_check`): its owner, its creator, or root (MSG-PERM-5).
   *
   * @param caller - the calling process
   * @returns `true` when allowed
   */
  controls(caller: ProcessCore): boolean {
    const { uid } = caller.credentials;
    return uid === ROOT_UID || uid === this.#ownership.uid || uid === this.#cuid;
  }

  /**
   * The order in which a send offers its message to the blocked receivers:
   * the order they started waiting (MSG-ORD-7). The list is a snapshot.
   *
   * @returns the blocked receives, longest waiting first
   */
  waitingReceivers(): Iterable<Waiter<PendingReceive, MsgReceived>> {
    return this.#receivers;
  }

  /**
   * Destroys the queue (the queue's half of `msgctl(IPC_RMID)`): its
   * messages are discarded (MSG-LIFE-4) and every blocked send and receive
   * rejects `EIDRM` (MSG-LIFE-5). The table forgets the queue separately.
   */
  destroy(): void {
    this.#removed = true;
    // MSG-LIFE-4: the messages go with the queue, at once.
    this.#messages.clear();
    // MSG-LIFE-5: every blocked call ends with EIDRM.
    this.#receivers.rejectAll(new IpcError("EIDRM", "msgrcv", { detail: `msqid ${this.id} was removed while the receive waited` }));
    this.#senders.rejectAll(new IpcError("EIDRM", "msgsnd", { detail: `msqid ${this.id} was removed while the send waited` }));
  }

  // ---- The operations ---------------------------------------------------

  /**
   * The queue's half of `msgget(2)` on an existing queue: admits a caller
   * with read or write permission (MSG-PERM-3).
   *
   * @param caller - the calling process
   * @throws {IpcError} `EACCES` when the caller may neither read nor write
   */
  requireAttach(caller: ProcessCore): void {
    this.#requireLive("msgget");
    // MSG-PERM-3: read permission, or else write permission, admits the caller.
    if (checkAccess(caller.credentials, this.#ownership, "read")) return;
    this.requirePermission(caller, "write", "msgget");
  }

  /**
   * The queue's half of a blocking `msgsnd(2)`.
   *
   * @param caller - the sending process
   * @param type - the message's type, checked
   * @param text - the message's text, checked and already copied (MSG-ATOM-2); the queue keeps it
   * @param signal - stops the wait when it fires
   * @returns a promise that resolves once the message is queued or received
   * @throws {IpcError} `EACCES` (MSG-PERM-1), `ECANCELED` for an aborted
   *   signal (MSG-BLK-5); the promise rejects `ECANCELED` (MSG-BLK-4),
   *   `EIDRM` (MSG-LIFE-5), `EACCES` (MSG-PERM-9) or `EINTR` when a handler
   *   of the caller, or its end, interrupts it (MSG-BLK-6, MSG-LIFE-8)
   */
  send(caller: ProcessCore, type: number, text: Uint8Array, signal: AbortSignal | undefined): Promise<void> {
    this.#requireLive("msgsnd");
    // MSG-PERM-1: sending needs write permission.
    this.requirePermission(caller, "write", "msgsnd");
    // MSG-BLK-5: an already aborted signal: ECANCELED, nothing sent.
    if (signal?.aborted === true) throw canceled("msgsnd", signal.reason);
    // MSG-ORD-8: while sends wait, a new blocking send queues behind them,
    // even when it would fit.
    if (this.#senders.isEmpty && this.fits(text.length)) {
      this.#deliver(caller, type, text);
      return Promise.resolve();
    }
    // MSG-BLK-2: it does not fit: wait until receives make room.
    const waiter = this.#senders.enqueue(
      { caller, type, text },
      {
        signal,
        // MSG-BLK-6: the caller is blocked in the call, and a handler it runs
        // interrupts it, restart or not (msgsnd is never restarted).
        // MSG-LIFE-8: its end interrupts it too, so it is never served.
        blocker: caller,
        syscall: "msgsnd",
        restart: "never",
        onAbort: (aborted, reason) => {
          // MSG-BLK-4, MSG-BLK-6: an aborted send rejects ECANCELED, an
          // interrupted one EINTR; its message was never queued.
          this.#senders.reject(aborted, canceled("msgsnd", reason));
          // MSG-ORD-8: with it gone from the line, the next may fit.
          this.#admitSenders();
        },
      },
    );
    return waiter.promise;
  }

  /**
   * The queue's half of `msgsnd(2)` with `IPC_NOWAIT`.
   *
   * @param caller - the sending process
   * @param type - the message's type, checked
   * @param text - the message's text, checked and already copied; the queue keeps it
   * @throws {IpcError} `EACCES` (MSG-PERM-1), `EAGAIN` when it does not fit (MSG-NB-2)
   */
  trySend(caller: ProcessCore, type: number, text: Uint8Array): void {
    this.#requireLive("msgsnd");
    // MSG-PERM-1
    this.requirePermission(caller, "write", "msgsnd");
    // MSG-NB-2: no room: EAGAIN, nothing queued.
    if (!this.fits(text.length)) {
      throw new IpcError("EAGAIN", "msgsnd", {
        detail: `${text.length} bytes do not fit: ${this.#messages.count} messages and ${this.#messages.bytes} of ${this.#maxBytes} bytes queued`,
      });
    }
    this.#deliver(caller, type, text);
  }

  /**
   * The queue's half of a blocking `msgrcv(2)`.
   *
   * @param caller - the receiving process
   * @param buffer - where the text goes
   * @param type - the type asked for, checked
   * @param flags - `noerror` and `except`, checked
   * @param signal - stops the wait when it fires
   * @returns the message's type and the length copied
   * @throws {IpcError} `EACCES` (MSG-PERM-2), `ECANCELED` for an aborted
   *   signal (MSG-BLK-5), `E2BIG` (MSG-ERR-3); the promise rejects
   *   `E2BIG` (MSG-ERR-3), `ECANCELED` (MSG-BLK-3), `EIDRM` (MSG-LIFE-5),
   *   `EACCES` (MSG-PERM-9) or `EINTR` when a handler of the caller, or its
   *   end, interrupts it (MSG-BLK-6, MSG-LIFE-8)
   */
  receive(
    caller: ProcessCore,
    buffer: Uint8Array,
    type: number,
    flags: MsgReceiveFlags,
    signal: AbortSignal | undefined,
  ): Promise<MsgReceived> {
    this.#requireLive("msgrcv");
    // MSG-PERM-2: receiving needs read permission.
    this.requirePermission(caller, "read", "msgrcv");
    // MSG-BLK-5: an already aborted signal: ECANCELED, nothing taken.
    if (signal?.aborted === true) throw canceled("msgrcv", signal.reason);
    const received = this.#takeMatching(caller, buffer, type, flags);
    if (received !== undefined) return Promise.resolve(received);
    // MSG-BLK-1: no message matches: wait for one that does.
    const waiter = this.#receivers.enqueue(
      { caller, buffer, type, except: flags.except, noerror: flags.noerror },
      {
        signal,
        // MSG-BLK-6: a handler the caller runs interrupts it, restart or not
        // (msgrcv is never restarted). MSG-LIFE-8: so does the caller's end.
        blocker: caller,
        syscall: "msgrcv",
        restart: "never",
        // MSG-BLK-3, MSG-BLK-6: an aborted receive rejects ECANCELED, an
        // interrupted one EINTR (the wait queue's default). It took nothing: a
        // message reaches a blocked receive only as it resolves (#deliver).
      },
    );
    return waiter.promise;
  }

  /**
   * The queue's half of `msgrcv(2)` with `IPC_NOWAIT`.
   *
   * @param caller - the receiving process
   * @param buffer - where the text goes
   * @param type - the type asked for, checked
   * @param flags - `noerror` and `except`, checked
   * @returns the message's type and the length copied
   * @throws {IpcError} `EACCES` (MSG-PERM-2), `ENOMSG` when none matches (MSG-NB-1), `E2BIG` (MSG-ERR-3)
   */
  tryReceive(caller: ProcessCore, buffer: Uint8Array, type: number, flags: MsgReceiveFlags): MsgReceived {
    this.#requireLive("msgrcv");
    // MSG-PERM-2
    this.requirePermission(caller, "read", "msgrcv");
    const received = this.#takeMatching(caller, buffer, type, flags);
    // MSG-NB-1: no match: ENOMSG (not EAGAIN), nothing taken.
    if (received === undefined) {
      throw new IpcError("ENOMSG", "msgrcv", { detail: `no message matches type ${type}${flags.except ? " with except" : ""}` });
    }
    return received;
  }

  /**
   * The queue's half of `msgctl(IPC_STAT)`.
   *
   * @param caller - the calling process
   * @returns the queue's state (MSG-LIFE-7)
   * @throws {IpcError} `EACCES` without read permission (MSG-PERM-4)
   */
  stat(caller: ProcessCore): MsgQueueStat {
    this.#requireLive("msgctl");
    // MSG-PERM-4: stat needs read permission.
    this.requirePermission(caller, "read", "msgctl");
    // MSG-LIFE-7: owner, creator, mode, contents, capacity and the last pids.
    return Object.freeze({
      uid: this.#ownership.uid,
      gid: this.#ownership.gid,
      mode: this.#ownership.mode,
      cuid: this.#cuid,
      cgid: this.#cgid,
      bytes: this.#messages.bytes,
      messages: this.#messages.count,
      maxBytes: this.#maxBytes,
      lastSendPid: this.#lastSendPid,
      lastReceivePid: this.#lastReceivePid,
    });
  }

  /**
   * The queue's half of `msgctl(IPC_SET)`.
   *
   * @param caller - the calling process
   * @param changes - the fields to change, checked
   * @throws {IpcError} `EPERM` for a caller that is not the owner, the
   *   creator or root (MSG-PERM-5), or `maxBytes` above {@link MSGMNB} set
   *   by a process that is not root (MSG-PERM-6)
   */
  set(caller: ProcessCore, changes: MsgQueueSet): void {
    this.#requireLive("msgctl");
    // MSG-PERM-5: only the owner, the creator or root.
    this.#requireControl(caller);
    // MSG-PERM-6: above MSGMNB only root.
    if (changes.maxBytes !== undefined && changes.maxBytes > MSGMNB && caller.credentials.uid !== ROOT_UID) {
      throw new IpcError("EPERM", "msgctl", { detail: `maxBytes ${changes.maxBytes} is above MSGMNB (${MSGMNB}); only root may set it` });
    }
    // MSG-PERM-8: the new ownership decides every later check.
    const { uid, gid, mode } = this.#ownership;
    this.#ownership = Object.freeze({ uid: changes.uid ?? uid, gid: changes.gid ?? gid, mode: changes.mode ?? mode });
    // MSG-CAP-3: a new capacity takes effect at once; a cut keeps every message.
    if (changes.maxBytes !== undefined) this.#maxBytes = changes.maxBytes;
    // MSG-PERM-9: blocked calls check their permission again; those that
    // lost it fail EACCES, the others keep waiting.
    for (const waiter of this.#receivers) {
      if (!checkAccess(waiter.payload.caller.credentials, this.#ownership, "read")) {
        this.#receivers.reject(waiter, new IpcError("EACCES", "msgrcv", { detail: "read permission was taken away while the receive waited" }));
      }
    }
    for (const waiter of this.#senders) {
      if (!checkAccess(waiter.payload.caller.credentials, this.#ownership, "write")) {
        this.#senders.reject(waiter, new IpcError("EACCES", "msgsnd", { detail: "write permission was taken away while the send waited" }));
      }
    }
    // MSG-CAP-3: a raise lets the sends that now fit proceed (and a send the
    // recheck removed may have been holding up the line: MSG-ORD-8).
    this.#admitSenders();
  }

  /**
   * The queue's half of `msgctl(IPC_RMID)`: checks the caller, then
   * {@link ReferenceMsgQueue.destroy}s the queue.
   *
   * @param caller - the calling process
   * @throws {IpcError} `EPERM` for a caller that is not the owner, the creator or root (MSG-PERM-5)
   */
  remove(caller: ProcessCore): void {
    this.#requireLive("msgctl");
    // MSG-PERM-5: only the owner, the creator or root.
    this.#requireControl(caller);
    // MSG-LIFE-4, MSG-LIFE-5
    this.destroy();
  }

  // ---- Internals --------------------------------------------------------

  /** A queue reached after its removal (only by holding the object). */
  #requireLive(syscall: string): void {
    if (this.#removed) throw new IpcError("EIDRM", syscall, { detail: `msqid ${this.id} was removed` });
  }

  #requireControl(caller: ProcessCore): void {
    if (!this.controls(caller)) {
      throw new IpcError("EPERM", "msgctl", {
        detail: `uid ${caller.credentials.uid} is neither the owner (${this.#ownership.uid}) nor the creator (${this.#cuid}) of msqid ${this.id}`,
      });
    }
  }

  /** Takes the message a receive of `type` selects, or returns `undefined` when none matches. */
  #takeMatching(caller: ProcessCore, buffer: Uint8Array, type: number, flags: MsgReceiveFlags): MsgReceived | undefined {
    const message = this.select(type, flags.except);
    if (message === undefined) return undefined;
    // MSG-ERR-3: a text longer than the buffer, without noerror: E2BIG, and the message stays.
    if (message.text.length > buffer.length && !flags.noerror) throw tooBig(message.text.length, buffer.length);
    // MSG-ATOM-1: the text of this one message; MSG-ERR-4: with noerror, cut to the buffer.
    const length = copyOut(message.text, buffer);
    // MSG-ERR-4: the message is removed even when cut; the rest of its text is lost.
    this.#messages.remove(message);
    this.#lastReceivePid = caller.pid;
    // MSG-BLK-2: the room this receive made goes to the blocked sends, now.
    this.#admitSenders();
    return { type: message.type, length };
  }

  /**
   * A message that fits goes to the receiver that has waited longest among
   * those it matches, or into the queue.
   */
  #deliver(sender: ProcessCore, type: number, text: Uint8Array): void {
    this.#lastSendPid = sender.pid;
    // MSG-ORD-7: offer it to the blocked receivers, longest waiting first;
    // the first that matches takes it. (Blocked receivers match nothing
    // queued, so this never overtakes a queued message: MSG-ORD-5.)
    for (const waiter of this.waitingReceivers()) {
      if (waiter.settled) continue;
      const pending = waiter.payload;
      if (!receiveMatches(pending.type, pending.except, type)) continue;
      // MSG-ERR-3: woken by a message longer than its buffer, without
      // noerror: it fails E2BIG, and the message goes on to the next.
      if (text.length > pending.buffer.length && !pending.noerror) {
        this.#receivers.reject(waiter, tooBig(text.length, pending.buffer.length));
        continue;
      }
      // MSG-ATOM-1, MSG-ERR-4: the text, cut to the buffer with noerror.
      const length = copyOut(text, pending.buffer);
      this.#lastReceivePid = pending.caller.pid;
      this.#receivers.resolve(waiter, { type, length });
      return;
    }
    // Nobody blocked wants it: queue it at the tail of its type's FIFO.
    this.#messages.append(type, text);
  }

  /** Admits the blocked sends, strictly in order, while the first fits. */
  #admitSenders(): void {
    for (let waiter = this.#senders.peek(); waiter !== undefined; waiter = this.#senders.peek()) {
      const { caller, type, text } = waiter.payload;
      // MSG-ORD-8: the first in line must fit before any behind it may go.
      if (!this.fits(text.length)) return;
      // MSG-BLK-2: it fits now: the whole message goes (MSG-ATOM-1).
      this.#senders.resolve(waiter, undefined);
      this.#deliver(caller, type, text);
    }
  }
}

/** The `E2BIG` of a text longer than the buffer (MSG-ERR-3). */
function tooBig(length: number, room: number): IpcError {
  return new IpcError("E2BIG", "msgrcv", { detail: `the message's text is ${length} bytes and the buffer ${room}; use noerror to truncate` });
}
