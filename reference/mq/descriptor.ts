/**
 * A message queue descriptor (`mqd_t`), held by one process. It checks what
 * belongs to the descriptor and the arguments (closed, access, types,
 * priority, deadline, an aborted signal, sizes) before anything changes, then
 * calls the queue (`queue.ts`). Its open description (access and nonblocking
 * flag) is shared with the copies `fork` makes: no clause states it, and the
 * API gives the caller no way to reach a child's copies, so no conformance
 * test could observe it (`fork(2)`).
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import { MQ_PRIO_MAX } from "../../spec/mq.ts";
import type { MessageQueue, MqAttributes, MqReceived, MqWaitOptions } from "../../spec/mq.ts";
import type { Access } from "../../spec/namespace.ts";
import { parseBlocking } from "../base/blocking.ts";
import { closeOnDispose } from "../base/dispose.ts";
import { canceled } from "../base/interrupt.ts";
import { describeType, requireIntegerInRange, requireOptionalObject, requireUint8Array } from "../base/validate.ts";
import type { Descriptor, ProcessCore } from "../kernel/process-core.ts";
import type { ReferenceMqQueue } from "./queue.ts";

/** The open description behind one or more descriptors: what `mq_open` made (MQ-LIFE-8), shared by `fork`'s copies. */
interface OpenDescription {
  /** What the descriptors may do (MQ-ERR-6). */
  readonly access: Access;
  /** `O_NONBLOCK` (MQ-NB-3). */
  nonblocking: boolean;
}

/**
 * Opens a new descriptor of `queue` held by `owner`, on a new open
 * description: the queue's half of `mq_open`.
 *
 * @param queue - the queue
 * @param owner - the process that holds the descriptor
 * @param access - what it may do (MQ-ERR-6)
 * @param nonblocking - its `O_NONBLOCK` flag (MQ-NB-3, MQ-LIFE-8)
 * @returns the descriptor, registered in `owner`'s descriptor table
 * @throws {IpcError} `ESRCH` when `owner` has exited
 */
export function openMqDescriptor(queue: ReferenceMqQueue, owner: ProcessCore, access: Access, nonblocking: boolean): ReferenceMqDescriptor {
  // MQ-LIFE-8: each open has an open description, and a flag, of its own.
  return ReferenceMqDescriptor.open(queue, { access, nonblocking }, owner);
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
 * `IpcProcess.mqOpen` and `fork`; never constructed directly. With a runtime
 * that has `Symbol.dispose`, `using` closes it.
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
   * Makes the descriptor object. Only `open` calls it, which registers it
   * with its process.
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
   * process: what `mq_open` (through `openMqDescriptor`) and `fork` (through
   * `dupInto`) come down to.
   *
   * @internal
   * @param queue - the queue
   * @param description - the open description: a new one, or one shared with a copy
   * @param owner - the process that will hold the descriptor
   * @returns the descriptor
   * @throws {IpcError} `ESRCH` when `owner` has exited
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
   * @internal
   * @returns the queue object, shared by every handle of the queue
   */
  get queue(): ReferenceMqQueue {
    return this.#queue;
  }

  /** {@inheritDoc spec!MessageQueue.send} */
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

  /** {@inheritDoc spec!MessageQueue.trySend} */
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

  /** {@inheritDoc spec!MessageQueue.receive} */
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

  /** {@inheritDoc spec!MessageQueue.tryReceive} */
  tryReceive(buffer: Uint8Array): MqReceived {
    this.#checkAccess("mq_receive", "read");
    // MQ-ERR-8
    requireUint8Array(buffer, "mq_receive", "buffer");
    // MQ-ERR-4
    this.#requireBufferFits(buffer, "mq_receive");
    // MQ-NB-4: no promise on any path.
    return this.#queue.tryReceive(buffer);
  }

  /** {@inheritDoc spec!MessageQueue.getAttributes} */
  getAttributes(): MqAttributes {
    // MQ-ERR-7
    this.#checkOpen("mq_getattr");
    return this.#attributes();
  }

  /** {@inheritDoc spec!MessageQueue.setAttributes} */
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

  /** {@inheritDoc spec!MessageQueue.notify} */
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

  /** {@inheritDoc Descriptor.dupInto} */
  dupInto(process: ProcessCore): ReferenceMqDescriptor {
    this.#checkOpen("fork");
    // fork(2): the same open description, so the same access and flag.
    return ReferenceMqDescriptor.open(this.#queue, this.#description, process);
  }

  /** {@inheritDoc spec!MessageQueue.close} */
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

closeOnDispose(ReferenceMqDescriptor);
