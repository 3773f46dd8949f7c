// Deliberately wrong POSIX message queue implementations: each is the
// reference with one step broken, and each must be rejected by the
// conformance tests of the clause it names (test/mutants/mq.test.ts checks
// that it is).
//
// A mutant wraps every process of a reference system, and every queue handle
// it opens, in a Proxy that replaces some calls (overrideProcess and overlay,
// in test/fixtures/wrap.ts). The broken calls are
// built from the reference's own steps (mqOpen, mqUnlink, mqueuesOf,
// ReferenceMqQueue and its openDescriptor/notify), with one step changed; the
// two ordering mutants give a new queue a wrong message store.
//
// The signal mutants change what a handler does to a blocked call instead:
// blockedCallMutant (test/mutants/mutant.ts) patches `block` and `unblock` on each real process (the
// wait queues register blocked calls through them), so that the calls it
// picks are registered with another restart rule, or not at all. The other
// corpora (msg, sem, mutex) build theirs with it too.
import { ReferenceMqQueue, mqOpen, mqUnlink, mqueuesOf, openMqDescriptor } from "../../reference/mq/index.ts";
import type { MqMessage, ReferenceMqDescriptor } from "../../reference/mq/index.ts";
import type { MessageStore } from "../../reference/base/priority-queue.ts";
import type { BlockedCall, RestartRule } from "../../reference/base/interrupt.ts";
import type { ProcessCore } from "../../reference/kernel/process-core.ts";
import { ReferenceProcess } from "../../reference/system.ts";
import type { ReferenceSystem } from "../../reference/system.ts";
import { isUint8Array } from "../../reference/base/validate.ts";
import { IpcError } from "../../spec/errors.ts";
import { MQ_PRIO_MAX } from "../../spec/mq.ts";
import type { MessageQueue, MqAttributes, MqOpenOptions, MqReceived, MqWaitOptions } from "../../spec/mq.ts";
import { overlay } from "../fixtures/wrap.ts";
import type { Overrides } from "../fixtures/wrap.ts";
import { blockedCallMutant, processMutant } from "./mutant.ts";
import type { Mutant } from "./mutant.ts";


/** The process calls a mutant may replace; they return the raw reference handle. */
interface MqCalls {
  mqOpen(name: string, options: MqOpenOptions): ReferenceMqDescriptor;
  mqUnlink(name: string): void;
}

/** What a mutant's system shares between its processes. */
interface World {
  readonly system: ReferenceSystem;
  /** Every handle opened through the mutant, by queue. */
  readonly handles: Map<ReferenceMqQueue, Set<ReferenceMqDescriptor>>;
  /** Scratch state of the mutation. */
  readonly memory: Map<unknown, unknown>;
}

interface Mutation {
  /** Replaces process calls. */
  readonly process?: (target: ReferenceProcess, world: World) => Partial<MqCalls>;
  /** Replaces handle methods. */
  readonly handle?: (target: ReferenceMqDescriptor, world: World) => Partial<MessageQueue>;
}

/** The process calls of a mutant: its `mqOpen` records the handles it opens and wraps them; its `mqUnlink`, if any. */
function processCalls(target: ReferenceProcess, world: World, mutation: Mutation): Overrides {
  const calls: Partial<MqCalls> = mutation.process?.(target, world) ?? {};
  const open = calls.mqOpen ?? ((name: string, options: MqOpenOptions) => mqOpen(target, name, options));
  const overrides: Overrides = {
    mqOpen: (name: string, options: MqOpenOptions): MessageQueue => {
      const handle = open(name, options);
      let handles = world.handles.get(handle.queue);
      if (handles === undefined) world.handles.set(handle.queue, (handles = new Set()));
      handles.add(handle);
      return overlay(handle, mutation.handle?.(handle, world) ?? {}) as MessageQueue;
    },
  };
  if (calls.mqUnlink !== undefined) overrides["mqUnlink"] = calls.mqUnlink;
  return overrides;
}

function mutant(name: string, breaks: string, bug: string, mutation: Mutation): Mutant {
  return processMutant(
    name,
    breaks,
    bug,
    (system): World => ({ system, handles: new Map(), memory: new Map() }),
    (target, world) => processCalls(target, world, mutation),
  );
}

/** Runs a call; EAGAIN gives `false`, any other error is thrown. */
function attempt(call: () => void): boolean {
  try {
    call();
    return true;
  } catch (error) {
    if (IpcError.is(error, "EAGAIN")) return false;
    throw error;
  }
}

/** `mqOpen` that gives every queue it creates the message store `make` returns. */
function withStore(make: () => MessageStore<MqMessage>): Mutation {
  return {
    process: (target) => ({
      mqOpen(name, options) {
        const names = mqueuesOf(target.system);
        const existed = typeof name === "string" && names.lookup(name) !== undefined;
        const handle = mqOpen(target, name, options);
        if (existed) return handle;
        // The reference made the queue (after every check): swap in the broken one.
        const made = handle.queue;
        handle.close();
        const broken = new ReferenceMqQueue(made.ownership, made, make());
        names.remove(name);
        names.bind(name, broken);
        return openMqDescriptor(broken, target, handle.access, options.nonblocking === true);
      },
    }),
  };
}

/** A store that keeps messages in arrival order, leaving which one leaves next to `shift`. */
abstract class ArrivalOrderStore implements MessageStore<MqMessage> {
  protected readonly items: MqMessage[] = [];
  get size(): number {
    return this.items.length;
  }
  push(_priority: number, item: MqMessage): void {
    this.items.push(item);
  }
  abstract shift(): MqMessage | undefined;
}

/** A store that ignores priorities: first in, first out. */
class FifoStore extends ArrivalOrderStore {
  override shift(): MqMessage | undefined {
    return this.items.shift();
  }
}

/** A store that keeps priorities but gives the newest message of the highest one. */
class LifoWithinPriorityStore extends ArrivalOrderStore {
  override shift(): MqMessage | undefined {
    let best = -1;
    this.items.forEach((item, index) => {
      if (best === -1 || item.priority >= this.items[best]!.priority) best = index;
    });
    return best === -1 ? undefined : this.items.splice(best, 1)[0];
  }
}

/** Whether a deadline is one the reference accepts (MQ-TMO-3). */
function validDeadline(deadline: unknown): boolean {
  return typeof deadline === "number" && Number.isFinite(deadline) && deadline >= 0;
}

/** A registration for notification, as the notify-on-non-empty mutant mirrors it. */
interface Mirrored {
  readonly process: ProcessCore;
  readonly callback: () => void;
}

/** The corpus: each entry breaks one step of the reference. */
export const MQ_MUTANTS: readonly Mutant[] = [
  mutant(
    "priority-ignored",
    "MQ-ORD-1",
    "messages come out in the order they were sent, whatever their priority",
    withStore(() => new FifoStore()),
  ),
  mutant(
    "lifo-within-priority",
    "MQ-ORD-1",
    "among messages of the highest priority, the newest comes out first",
    withStore(() => new LifoWithinPriorityStore()),
  ),
  mutant("drop-when-full", "MQ-BLK-2", "a blocking send on a full queue resolves at once and its message is dropped", {
    handle: (target) => ({
      send(data: Uint8Array, priority: number, options?: MqWaitOptions): Promise<void> {
        const { queue } = target;
        if (!target.closed && target.access !== "read" && !target.getAttributes().nonblocking && queue.currentMessages >= queue.maxMessages) {
          return Promise.resolve();
        }
        return target.send(data, priority, options);
      },
    }),
  }),
  mutant("timeout-never-fires", "MQ-TMO-1", "a valid deadline is checked and then forgotten: timed calls wait forever", {
    handle: (target) => {
      const strip = (options: MqWaitOptions | undefined): MqWaitOptions | undefined =>
        options !== null && typeof options === "object" && validDeadline(options.deadline)
          ? options.signal === undefined
            ? {}
            : { signal: options.signal }
          : options;
      return {
        send: (data: Uint8Array, priority: number, options?: MqWaitOptions): Promise<void> => target.send(data, priority, strip(options)),
        receive: (buffer: Uint8Array, options?: MqWaitOptions): Promise<MqReceived> => target.receive(buffer, strip(options)),
      };
    },
  }),
  mutant("emsgsize-consumes-message", "MQ-ERR-4", "a receive into a buffer shorter than messageSize takes the next message before failing EMSGSIZE", {
    handle: (target) => {
      const consume = (buffer: unknown): void => {
        const size = target.queue.messageSize;
        if (!target.closed && target.access !== "write" && isUint8Array(buffer) && buffer.length < size) {
          attempt(() => target.tryReceive(new Uint8Array(size)));
        }
      };
      return {
        tryReceive(buffer: Uint8Array): MqReceived {
          consume(buffer);
          return target.tryReceive(buffer);
        },
        receive(buffer: Uint8Array, options?: MqWaitOptions): Promise<MqReceived> {
          consume(buffer);
          return target.receive(buffer, options);
        },
      };
    },
  }),
  mutant("permission-skipped", "MQ-PERM-1", "opening an existing queue never checks the mode bits", {
    process: (target) => ({
      mqOpen(name, options) {
        try {
          return mqOpen(target, name, options);
        } catch (error) {
          if (!IpcError.is(error, "EACCES")) throw error;
          const queue = mqueuesOf(target.system).lookup(name);
          if (queue === undefined) throw error;
          return openMqDescriptor(queue, target, options.access, options.nonblocking === true);
        }
      },
    }),
  }),
  mutant("unlink-destroys-open-handles", "MQ-LIFE-4", "mqUnlink closes every handle open on the queue", {
    process: (target, world) => ({
      mqUnlink(name) {
        const queue = typeof name === "string" ? mqueuesOf(target.system).lookup(name) : undefined;
        mqUnlink(target, name);
        for (const handle of world.handles.get(queue!) ?? []) if (!handle.closed) handle.close();
      },
    }),
  }),
  mutant("priority-32768-accepted", "MQ-ERR-5", "a priority of MQ_PRIO_MAX is taken as MQ_PRIO_MAX - 1 instead of failing EINVAL", {
    handle: (target) => {
      const clamp = (priority: number): number => (priority === MQ_PRIO_MAX ? MQ_PRIO_MAX - 1 : priority);
      return {
        trySend: (data: Uint8Array, priority: number): void => target.trySend(data, clamp(priority)),
        send: (data: Uint8Array, priority: number, options?: MqWaitOptions): Promise<void> => target.send(data, clamp(priority), options),
      };
    },
  }),
  mutant("nonblocking-ignored", "MQ-NB-3", "the nonblocking flag is reported but never used: send and receive always wait", {
    process: (target, world) => ({
      mqOpen(name, options) {
        const asked = options !== null && typeof options === "object" ? options.nonblocking : undefined;
        if (asked !== undefined && typeof asked !== "boolean") return mqOpen(target, name, options);
        const handle = mqOpen(target, name, { ...options, nonblocking: false });
        world.memory.set(handle, asked === true);
        return handle;
      },
    }),
    handle: (target, world) => ({
      getAttributes(): MqAttributes {
        return { ...target.getAttributes(), nonblocking: world.memory.get(target) === true };
      },
      setAttributes(attributes: { readonly nonblocking: boolean }): MqAttributes {
        const before = target.setAttributes(attributes);
        target.setAttributes({ nonblocking: false });
        const was = world.memory.get(target) === true;
        world.memory.set(target, attributes.nonblocking);
        return { ...before, nonblocking: was };
      },
    }),
  }),
  mutant("notify-on-non-empty-queue", "MQ-LIFE-12", "a message arriving in a queue that already holds messages calls the registered callback", {
    handle: (target, world) => {
      const { queue } = target;
      const fireIfNonEmpty = (before: number): void => {
        const registration = world.memory.get(queue) as Mirrored | undefined;
        if (before === 0 || queue.currentMessages !== before + 1 || registration === undefined) return;
        world.memory.delete(queue);
        queue.notify(registration.process, null);
        queueMicrotask(() => registration.callback());
      };
      return {
        trySend(data: Uint8Array, priority: number): void {
          const before = queue.currentMessages;
          target.trySend(data, priority);
          fireIfNonEmpty(before);
        },
        send(data: Uint8Array, priority: number, options?: MqWaitOptions): Promise<void> {
          const before = queue.currentMessages;
          const sent = target.send(data, priority, options);
          fireIfNonEmpty(before);
          return sent;
        },
        notify(callback: (() => void) | null): void {
          if (callback === null || typeof callback !== "function") {
            target.notify(callback);
            if ((world.memory.get(queue) as Mirrored | undefined)?.process === target.owner) world.memory.delete(queue);
            return;
          }
          const mirrored: Mirrored = { process: target.owner, callback };
          target.notify(() => {
            if (world.memory.get(queue) === mirrored) world.memory.delete(queue);
            callback();
          });
          world.memory.set(queue, mirrored);
        },
      };
    },
  }),
  mutant("notify-not-removed", "MQ-LIFE-11", "the registration stays after its callback is called, so it is called again and again", {
    handle: (target) => ({
      notify(callback: (() => void) | null): void {
        if (callback === null || typeof callback !== "function") {
          target.notify(callback);
          return;
        }
        const again = (): void => {
          callback();
          if (!target.closed) attempt(() => target.notify(again));
        };
        target.notify(again);
      },
    }),
  }),
  mutant("setattributes-changes-maxmessages", "MQ-LIFE-7", "setAttributes accepts a maxMessages and reports it from then on", {
    handle: (target, world) => ({
      getAttributes(): MqAttributes {
        const attributes = target.getAttributes();
        const changed = world.memory.get(target) as number | undefined;
        return changed === undefined ? attributes : { ...attributes, maxMessages: changed };
      },
      setAttributes(attributes: { readonly nonblocking: boolean }): MqAttributes {
        if (attributes === null || typeof attributes !== "object" || !("maxMessages" in attributes)) return target.setAttributes(attributes);
        const { maxMessages, ...rest } = attributes as { nonblocking: boolean; maxMessages: number };
        const before = Object.keys(rest).length > 0 ? target.setAttributes(rest) : target.getAttributes();
        world.memory.set(target, maxMessages);
        return before;
      },
    }),
  }),
  blockedCallMutant(
    "receive-not-interruptible",
    "MQ-BLK-6",
    "a waiting receive is never registered with its process, so a handler leaves it waiting instead of failing EINTR",
    ["mq_receive", "mq_timedreceive"],
    "unregistered",
  ),
  mutant("interrupted-send-lands-later", "MQ-BLK-6", "a send a handler interrupts fails EINTR, but its message still enters the queue once there is room", {
    handle: (target) => ({
      send(data: Uint8Array, priority: number, options?: MqWaitOptions): Promise<void> {
        const copy = isUint8Array(data) ? data.slice() : data;
        const sent = target.send(data, priority, options);
        sent.catch((error: unknown) => {
          if (IpcError.is(error, "EINTR")) target.send(copy, priority).catch(() => undefined);
        });
        return sent;
      },
    }),
  }),
  blockedCallMutant(
    "restart-ignored",
    "MQ-BLK-7",
    "sends and receives are never restarted: a handler with restart still makes them fail EINTR",
    ["mq_send", "mq_timedsend", "mq_receive", "mq_timedreceive"],
    "never",
  ),
];
