/**
 * Storage for the messages of a POSIX queue that the queue reuses: a send
 * copies its bytes (MQ-ORD-2) into storage of `messageSize` bytes, and once
 * the message is received, that storage (and the message object) goes back
 * to the pool for the next send. A queue that is drained as it is fed, the
 * common case, then allocates nothing per message; allocating a fresh array
 * per send costs more than the rest of the send.
 *
 * A pool keeps a bounded number of spares (at most 1 MiB of them), so a
 * queue that once held many messages does not hold their memory for ever.
 *
 * @module
 */


/**
 * A message in a queue: its bytes (a copy owned by the queue) and its priority.
 *
 * @example A message as the queue stores it
 * ```ts
 * import type { MqMessage } from "ipckit/reference";
 * const message: MqMessage = { data: new Uint8Array([1, 2]), priority: 5 };
 * console.assert(message.data.length === 2 && message.priority === 5);
 * ```
 */
export interface MqMessage {
  /** The message's bytes, copied when it was sent (MQ-ORD-2). */
  readonly data: Uint8Array;
  /** Its priority, from 0 to `MQ_PRIO_MAX - 1` (MQ-ERR-5). */
  readonly priority: number;
}

/** The most bytes of spare storage one pool keeps. */
const SPARE_BYTES = 1 << 20;

/** The most spares one pool keeps, whatever their size. */
const MAX_SPARES = 64;

/** A message whose bytes are the first `length` of storage owned by a pool. */
class PooledMessage implements MqMessage {
  readonly storage: Uint8Array;
  length = 0;
  priority = 0;

  constructor(size: number) {
    this.storage = new Uint8Array(size);
  }

  /**
   * The message's bytes: a view of the storage, valid until the message is
   * received (then the storage is reused).
   *
   * @returns the bytes
   */
  get data(): Uint8Array {
    return this.storage.subarray(0, this.length);
  }
}

/**
 * Reusable storage for the messages of one queue.
 */
export class MessagePool {
  readonly #size: number;
  readonly #spares: PooledMessage[] = [];
  readonly #maxSpares: number;

  /**
   * Makes an empty pool.
   *
   * @param messageSize - the largest message, in bytes: the size of each storage
   */
  constructor(messageSize: number) {
    this.#size = messageSize;
    this.#maxSpares = Math.min(MAX_SPARES, Math.floor(SPARE_BYTES / Math.max(1, messageSize)));
  }

  /**
   * Copies a message in (MQ-ORD-2): into a spare storage, or a new one.
   *
   * @param data - the bytes, at most `messageSize` of them
   * @param priority - the priority
   * @returns the message, which the queue stores
   */
  copyIn(data: Uint8Array, priority: number): MqMessage {
    const message = this.#spares.pop() ?? new PooledMessage(this.#size);
    message.storage.set(data);
    message.length = data.length;
    message.priority = priority;
    return message;
  }

  /**
   * Copies a message's bytes to the start of `buffer` and, when the message
   * came from this pool, takes its storage back for reuse: the message must
   * not be used afterwards.
   *
   * @param message - the message being received
   * @param buffer - where its bytes go, at least as long as the message
   * @returns the message's length
   */
  copyOut(message: MqMessage, buffer: Uint8Array): number {
    if (!(message instanceof PooledMessage)) {
      buffer.set(message.data);
      return message.data.length;
    }
    const { storage, length } = message;
    buffer.set(length === storage.length ? storage : storage.subarray(0, length));
    if (storage.length === this.#size && this.#spares.length < this.#maxSpares) this.#spares.push(message);
    return length;
  }
}
