// Deliberately wrong System V message queue implementations: each is the
// reference with one step broken, and each must be rejected by the
// conformance tests of the clause it names (test/mutants/msg.test.ts checks
// that it is).
//
// Two kinds of mutation:
//
// - A queue mutant subclasses ReferenceMsgQueue and overrides one of its named
//   steps (select, fits, requirePermission, controls, waitingReceivers); its
//   system is a reference system whose MsgTable makes queues of the subclass
//   (the table is put in the system's state before any call makes one). A
//   table mutant subclasses MsgTable the same way.
// - A call mutant wraps every process in a Proxy that replaces some of its
//   System V calls (overrideProcess, in test/fixtures/wrap.ts).
// - A blocked-call mutant registers msgsnd and msgrcv with another restart
//   rule (blockedCallMutant, in test/mutants/mq.ts).
import { MSG_STATE, MsgTable, ReferenceMsgQueue, msgTableOf } from "../../reference/msg/index.ts";
import type { MsgQueueInit, PendingReceive, QueuedMessage } from "../../reference/msg/index.ts";
import type { ReferenceProcess, ReferenceSystem } from "../../reference/system.ts";
import type { Waiter } from "../../reference/base/wait-queue.ts";
import { IpcError } from "../../spec/errors.ts";
import { IPC_PRIVATE, MSGMAX } from "../../spec/msg.ts";
import type { MsgApi, MsgGetOptions, MsgReceiveOptions, MsgReceived } from "../../spec/msg.ts";
import type { Access } from "../../spec/namespace.ts";
import { blockedCallMutant } from "./mutant.ts";
import { processMutant, referenceMutant } from "./mutant.ts";
import type { Mutant } from "./mutant.ts";


/** A mutant whose table makes queues of a broken subclass. */
function queueMutant(name: string, breaks: string, bug: string, Queue: new (init: MsgQueueInit) => ReferenceMsgQueue): Mutant {
  return tableMutant(name, breaks, bug, () => new MsgTable((init) => new Queue(init)));
}

/** A mutant whose system keeps a broken table. */
function tableMutant(name: string, breaks: string, bug: string, makeTable: () => MsgTable): Mutant {
  return referenceMutant(name, breaks, bug, (system) => {
    MSG_STATE.of(system, makeTable);
    return system;
  });
}

/** What a call mutant's processes share: their system, and scratch state. */
interface World {
  readonly system: ReferenceSystem;
  readonly memory: Map<unknown, unknown>;
}

type Mutation = (target: ReferenceProcess, world: World) => Partial<MsgApi>;

/** A mutant whose processes have some calls replaced. */
function callMutant(name: string, breaks: string, bug: string, mutation: Mutation): Mutant {
  return processMutant(name, breaks, bug, (system): World => ({ system, memory: new Map() }), mutation);
}

// ---------------------------------------------------------------------------
// Broken queues
// ---------------------------------------------------------------------------

/** Type 0 takes the oldest message of the lowest type, not the oldest message. */
class LowestFirstQueue extends ReferenceMsgQueue {
  override select(type: number, except: boolean): QueuedMessage | undefined {
    return type === 0 ? super.select(-Number.MAX_SAFE_INTEGER, false) : super.select(type, except);
  }
}

/** A positive type takes the oldest message, whatever its type. */
class TypeBlindQueue extends ReferenceMsgQueue {
  override select(type: number, except: boolean): QueuedMessage | undefined {
    return type > 0 && !except ? super.select(0, false) : super.select(type, except);
  }
}

/** except is ignored: a positive type with except takes that type. */
class NoExceptQueue extends ReferenceMsgQueue {
  override select(type: number): QueuedMessage | undefined {
    return super.select(type, false);
  }
}

/** A negative type takes the highest type not above its absolute value. */
class HighestFirstQueue extends ReferenceMsgQueue {
  override select(type: number, except: boolean): QueuedMessage | undefined {
    if (type >= 0) return super.select(type, except);
    let best: QueuedMessage | undefined;
    for (const message of this.messagesInOrder()) {
      if (message.type <= -type && (best === undefined || message.type > best.type)) best = message;
    }
    return best;
  }
}

/** The capacity is never reached: every message fits. */
class BottomlessQueue extends ReferenceMsgQueue {
  override fits(): boolean {
    return true;
  }
}

/** Sending skips the write permission check. */
class OpenSendQueue extends ReferenceMsgQueue {
  override requirePermission(caller: ReferenceProcess, access: Access, syscall: string): void {
    if (access !== "write") super.requirePermission(caller, access, syscall);
  }
}

/** Anyone may set and remove. */
class AnarchyQueue extends ReferenceMsgQueue {
  override controls(): boolean {
    return true;
  }
}

/** Blocked receivers are offered messages newest first. */
class LifoReceiversQueue extends ReferenceMsgQueue {
  override waitingReceivers(): Iterable<Waiter<PendingReceive, MsgReceived>> {
    return [...super.waitingReceivers()].reverse();
  }
}

/** Identifiers are recycled: a new queue gets the smallest identifier not in use. */
class RecyclingTable extends MsgTable {
  override allocateId(): number {
    let id = 1;
    while (this.byId(id) !== undefined) id += 1;
    return id;
  }
}

// ---------------------------------------------------------------------------
// Broken calls
// ---------------------------------------------------------------------------

/** tryMsgrcv reports no match as EAGAIN. */
const enomsgAsEagain: Mutation = (target) => ({
  tryMsgrcv(id: number, buffer: Uint8Array, type: number, options?: MsgReceiveOptions): MsgReceived {
    try {
      return target.tryMsgrcv(id, buffer, type, options);
    } catch (error) {
      if (IpcError.is(error, "ENOMSG")) throw new IpcError("EAGAIN", "msgrcv");
      throw error;
    }
  },
});

/** E2BIG still takes the message away (it is received truncated, then E2BIG is reported). */
const e2bigConsumes: Mutation = (target) => ({
  tryMsgrcv(id: number, buffer: Uint8Array, type: number, options?: MsgReceiveOptions): MsgReceived {
    try {
      return target.tryMsgrcv(id, buffer, type, options);
    } catch (error) {
      if (IpcError.is(error, "E2BIG")) target.tryMsgrcv(id, buffer, type, { ...options, noerror: true });
      throw error;
    }
  },
});

/** noerror truncates the text but leaves the message queued (put back at the tail). */
const noerrorKeeps: Mutation = (target) => ({
  tryMsgrcv(id: number, buffer: Uint8Array, type: number, options?: MsgReceiveOptions): MsgReceived {
    if (options?.noerror !== true) return target.tryMsgrcv(id, buffer, type, options);
    try {
      return target.tryMsgrcv(id, buffer, type, { ...options, noerror: false });
    } catch (error) {
      if (!IpcError.is(error, "E2BIG")) throw error;
      const whole = new Uint8Array(MSGMAX);
      const received = target.tryMsgrcv(id, whole, type, { ...options, noerror: false });
      buffer.set(whole.subarray(0, buffer.length));
      target.tryMsgsnd(id, received.type, whole.slice(0, received.length));
      return { type: received.type, length: buffer.length };
    }
  },
});

/** remove forgets the queue without waking its blocked callers. */
const removeLeavesWaiters: Mutation = (target) => ({
  msgctl(id, command, changes) {
    if (command !== "remove") return target.msgctl(id, command, changes);
    const table = msgTableOf(target.system);
    const queue = table.byId(id);
    if (queue === undefined) throw new IpcError("EINVAL", "msgctl");
    if (!queue.controls(target)) throw new IpcError("EPERM", "msgctl");
    table.forget(queue);
    return undefined;
  },
});

/** IPC_PRIVATE hands out the first private queue again while it exists. */
const privateReused: Mutation = (target, world) => ({
  msgget(key: number, options?: MsgGetOptions): number {
    if (key !== IPC_PRIVATE) return target.msgget(key, options);
    const earlier = world.memory.get("private");
    if (typeof earlier === "number" && msgTableOf(world.system).byId(earlier) !== undefined) return earlier;
    const id = target.msgget(key, options);
    world.memory.set("private", id);
    return id;
  },
});

/** A new queue's mode loses the default umask's bits (0o022), as a file's would. */
const umaskApplied: Mutation = (target) => ({
  msgget(key: number, options?: MsgGetOptions): number {
    const mode = options?.mode;
    return target.msgget(key, typeof mode === "number" ? { ...options, mode: mode & ~0o022 } : options);
  },
});

/**
 * The corpus: each mutant with the clause whose tests must reject it.
 */
export const MSG_MUTANTS: readonly Mutant[] = [
  queueMutant("type-zero-takes-lowest-type", "MSG-ORD-1", "a receive of type 0 takes the oldest message of the lowest type instead of the oldest message", LowestFirstQueue),
  queueMutant("positive-type-ignored", "MSG-ORD-2", "a receive of a positive type takes the oldest message whatever its type", TypeBlindQueue),
  queueMutant("except-ignored", "MSG-ORD-3", "except is ignored: a positive type with except takes that type", NoExceptQueue),
  queueMutant("negative-type-takes-highest", "MSG-ORD-4", "a negative type takes the highest type not above its absolute value instead of the lowest", HighestFirstQueue),
  queueMutant("receivers-lifo", "MSG-ORD-7", "blocked receivers are offered a new message newest first", LifoReceiversQueue),
  callMutant("enomsg-as-eagain", "MSG-NB-1", "tryMsgrcv with no match fails EAGAIN instead of ENOMSG", enomsgAsEagain),
  queueMutant("capacity-ignored", "MSG-CAP-1", "the queue never fills: sends never wait and never fail EAGAIN", BottomlessQueue),
  callMutant("e2big-consumes", "MSG-ERR-3", "a receive failing E2BIG still takes the message away", e2bigConsumes),
  callMutant("noerror-keeps", "MSG-ERR-4", "a receive with noerror truncates the text but leaves the message queued", noerrorKeeps),
  queueMutant("send-permission-skipped", "MSG-PERM-1", "msgsnd does not check write permission", OpenSendQueue),
  queueMutant("anyone-may-remove", "MSG-PERM-5", "any user may set and remove a queue", AnarchyQueue),
  callMutant("umask-applied", "MSG-PERM-7", "a new queue's mode loses the umask's bits", umaskApplied),
  callMutant("private-reused", "MSG-LIFE-2", "msgget(IPC_PRIVATE) returns the first private queue again", privateReused),
  tableMutant("ids-recycled", "MSG-LIFE-3", "a new queue reuses the smallest identifier not in use", () => new RecyclingTable()),
  callMutant("remove-leaves-waiters", "MSG-LIFE-5", "remove forgets the queue but leaves its blocked callers waiting forever", removeLeavesWaiters),
  blockedCallMutant("restart-applied", "MSG-BLK-6", "msgsnd and msgrcv are restarted under restart, as POSIX queue calls are, instead of failing EINTR", ["msgsnd", "msgrcv"], "restart"),
  blockedCallMutant("msgrcv-not-interruptible", "MSG-BLK-6", "a blocked msgrcv is never registered with its process, so a handler leaves it waiting", ["msgrcv"], "unregistered"),
];
