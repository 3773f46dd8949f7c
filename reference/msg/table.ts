/**
 * A system's System V message queues: the namespace of keys (the one
 * `Namespace` every named object uses) and the table of identifiers, handed
 * out in increasing order and never reused (MSG-LIFE-3).
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import { IPC_PRIVATE } from "../../spec/msg.ts";
import type { Credentials } from "../../spec/system.ts";
import { Namespace } from "../base/namespace.ts";
import { StateKey } from "../base/state-key.ts";
import { ReferenceMsgQueue } from "./queue.ts";
import type { MsgQueueInit } from "./queue.ts";

/**
 * A system's System V message queues: the namespace of keys and the table
 * of identifiers. Each {@link ReferenceSystem} has one, made on first use
 * ({@link msgTableOf}).
 */
export class MsgTable {
  /** Keys to queues: the one namespace every named object uses. */
  readonly #keys = new Namespace<number, ReferenceMsgQueue>();
  /** Identifiers to queues. */
  readonly #ids = new Map<number, ReferenceMsgQueue>();
  /** The last identifier handed out (MSG-LIFE-3). */
  #lastId = 0;
  readonly #createQueue: (init: MsgQueueInit) => ReferenceMsgQueue;

  /**
   * Makes an empty table.
   *
   * @param createQueue - makes each new queue; by default a {@link ReferenceMsgQueue}
   */
  constructor(createQueue: (init: MsgQueueInit) => ReferenceMsgQueue = (init) => new ReferenceMsgQueue(init)) {
    this.#createQueue = createQueue;
  }

  /** The number of queues in the system. */
  get size(): number {
    return this.#ids.size;
  }

  /**
   * The queue with an identifier.
   *
   * @param id - the identifier
   * @returns the queue, or `undefined` when no queue has it (MSG-ERR-5)
   */
  byId(id: number): ReferenceMsgQueue | undefined {
    return this.#ids.get(id);
  }

  /**
   * The queue with a key; private queues have none.
   *
   * @param key - the key
   * @returns the queue, or `undefined` when no queue has it
   */
  byKey(key: number): ReferenceMsgQueue | undefined {
    return this.#keys.lookup(key);
  }

  /**
   * The step that picks a new queue's identifier: one more than the last,
   * so identifiers are positive and never reused (MSG-LIFE-3).
   *
   * @returns the identifier
   */
  allocateId(): number {
    // MSG-LIFE-3: positive, distinct, never reused, even after a removal.
    this.#lastId += 1;
    return this.#lastId;
  }

  /**
   * Creates a queue (the table's half of `msgget` with `IPC_CREAT`, or of
   * {@link IPC_PRIVATE}): a fresh identifier, the key bound unless private.
   *
   * @param key - a free key, or {@link IPC_PRIVATE}
   * @param creator - the creating process's credentials
   * @param mode - the permission bits, used as given (MSG-PERM-7)
   * @returns the new queue
   * @throws {IpcError} `EEXIST` when `key` is taken
   */
  create(key: number, creator: Credentials, mode: number): ReferenceMsgQueue {
    // MSG-ERR-6: a taken key is refused before an identifier is spent.
    if (key !== IPC_PRIVATE && this.#keys.lookup(key) !== undefined) {
      throw new IpcError("EEXIST", "msgget", { detail: `key ${key} has a queue` });
    }
    const id = this.allocateId();
    // MSG-PERM-7: the creator owns it, with exactly the mode asked (no umask).
    const queue = this.#createQueue({ id, key, creator: { uid: creator.uid, gid: creator.gid }, mode });
    // MSG-LIFE-2: a private queue is never bound to a key.
    if (key !== IPC_PRIVATE) this.#keys.bind(key, queue);
    // MSG-LIFE-6: the queue belongs to the system's table, not to the
    // creating process (no descriptor is registered), so it outlives every
    // process until it is removed.
    this.#ids.set(id, queue);
    return queue;
  }

  /**
   * Forgets a removed queue: its identifier names nothing from now on and
   * its key is free (MSG-LIFE-4).
   *
   * @param queue - a queue of this table
   */
  forget(queue: ReferenceMsgQueue): void {
    // MSG-LIFE-4, MSG-ERR-5: the identifier fails EINVAL from now on...
    if (this.#ids.get(queue.id) === queue) this.#ids.delete(queue.id);
    // ...and the key is free for a new queue with a new identifier.
    if (queue.key !== IPC_PRIVATE && this.#keys.lookup(queue.key) === queue) this.#keys.remove(queue.key);
  }
}

/**
 * A system's System V message queue table, made on first use.
 *
 * @param system - the system
 * @returns its table
 */
export function msgTableOf(system: object): MsgTable {
  return MSG_STATE.of(system);
}

/**
 * The key of a system's System V message queue table. Tests give a system a
 * table of broken queues by making it first: `MSG_STATE.of(system, () => new MsgTable(...))`.
 */
export const MSG_STATE: StateKey<MsgTable> = new StateKey("sysv-msg", () => new MsgTable());

