import { afterEach, describe, expect, it, vi } from "vitest";
import { runSuite } from "../../conformance/orchestrator.ts";
import { IpcError } from "../../spec/errors.ts";
import { MQ_HARD_MAX_MESSAGES, MQ_PRIO_MAX } from "../../spec/mq.ts";
import { SIGUSR1 } from "../../spec/signal.ts";
import { codeOf, follow, microtasks, thrownCode } from "../../test/helpers.ts";
import { referenceAdapter } from "../adapter.ts";
import { ReferenceMqDescriptor, ReferenceMqQueue, mqueuesOf, requireMqName, openMqDescriptor } from "./index.ts";
import type { MqMessage } from "./index.ts";
import type { MessageStore } from "../base/priority-queue.ts";
import { createSystem } from "../system.ts";

function openQueue(maxMessages = 4, messageSize = 16): { process: ReturnType<ReturnType<typeof createSystem>["spawn"]>; handle: ReferenceMqDescriptor } {
  const process = createSystem().spawn();
  const handle = process.mqOpen("/q", { access: "readwrite", create: true, maxMessages, messageSize }) as ReferenceMqDescriptor;
  return { process, handle };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("reference POSIX message queues", () => {
  it("passes every MQ conformance test", async () => {
    const failures: string[] = [];
    let count = 0;
    for await (const event of runSuite(referenceAdapter, { clauses: ["MQ"], seed: 1, numRuns: 50 })) {
      if (event.type !== "test") continue;
      count += 1;
      if (event.status !== "PASS") failures.push(`${event.status} ${event.key}: ${event.message ?? ""}`);
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(100);
  });

  it("returns its own descriptor class and registers it with the process", () => {
    const { process, handle } = openQueue();
    expect(handle).toBeInstanceOf(ReferenceMqDescriptor);
    expect(process.descriptors).toContain(handle);
    expect(handle.access).toBe("readwrite");
    expect(handle.owner).toBe(process);
    handle.close();
    expect(process.descriptors).not.toContain(handle);
    expect(handle.closed).toBe(true);
  });

  it("keeps queues in a namespace of their own, apart from FIFOs", () => {
    const process = createSystem().spawn();
    process.mkfifo("/q");
    process.mqOpen("/q", { access: "read", create: true });
    expect(mqueuesOf(process.system).lookup("/q")).toBeInstanceOf(ReferenceMqQueue);
    process.unlink("/q");
    expect(mqueuesOf(process.system).lookup("/q")).toBeDefined();
  });

  it("counts waiting calls and drops them as they settle", async () => {
    const { handle } = openQueue(1);
    const receive = follow(handle.receive(new Uint8Array(16)));
    expect(handle.queue.pendingReceives).toBe(1);
    handle.trySend(new Uint8Array([1]), 0);
    expect(handle.queue.pendingReceives).toBe(0);
    await microtasks();
    expect(receive.current.state).toBe("fulfilled");
    handle.trySend(new Uint8Array([2]), 0);
    const send = follow(handle.send(new Uint8Array([3]), 0));
    expect(handle.queue.pendingSends).toBe(1);
    handle.tryReceive(new Uint8Array(16));
    expect(handle.queue.pendingSends).toBe(0);
    await microtasks();
    expect(send.current.state).toBe("fulfilled");
  });

  it("rejects a waiting receive EBADF when its process exits, and the queue lives on", async () => {
    const system = createSystem();
    const owner = system.spawn();
    const writer = owner.mqOpen("/q", { access: "write", create: true });
    const reader = system.spawn();
    const pending = follow(reader.mqOpen("/q", { access: "read" }).receive(new Uint8Array(8192)));
    reader.exit();
    await microtasks();
    expect(codeOf(pending.current)).toBe("EBADF");
    writer.trySend(new Uint8Array([1]), 0);
    expect(writer.getAttributes().currentMessages).toBe(1);
  });

  it("gives a forked child a copy on the same open description", () => {
    const parent = createSystem().spawn();
    const handle = parent.mqOpen("/q", { access: "read", create: true });
    const child = parent.fork();
    const copy = child.descriptors.find((descriptor): descriptor is ReferenceMqDescriptor => descriptor instanceof ReferenceMqDescriptor);
    expect(copy).toBeDefined();
    expect(copy!.queue).toBe((handle as ReferenceMqDescriptor).queue);
    expect(copy!.owner).toBe(child);
    copy!.setAttributes({ nonblocking: true });
    expect(handle.getAttributes().nonblocking).toBe(true);
    handle.close();
    expect(copy!.getAttributes().currentMessages).toBe(0);
  });

  it("keeps the registration when a forked child closes its copy, and drops it when the registrant does", () => {
    const parent = createSystem().spawn();
    const handle = parent.mqOpen("/q", { access: "read", create: true }) as ReferenceMqDescriptor;
    handle.notify(() => {});
    const child = parent.fork();
    child.exit();
    expect(handle.queue.registeredProcess).toBe(parent);
    handle.close();
    expect(handle.queue.registeredProcess).toBeUndefined();
  });

  it("checks names in the clauses' order", () => {
    const code = (name: unknown): string => {
      try {
        requireMqName(name, "mq_open");
        return "ok";
      } catch (error) {
        return IpcError.is(error) ? error.code : "?";
      }
    };
    expect(code(5)).toBe("EINVAL");
    expect(code("a/b")).toBe("EINVAL");
    expect(code("/\0")).toBe("EINVAL");
    expect(code("/")).toBe("ENOENT");
    expect(code("/a/" + "x".repeat(300))).toBe("EACCES");
    expect(code("/" + "x".repeat(300))).toBe("ENAMETOOLONG");
    expect(code("/" + "€".repeat(85))).toBe("ok");
    expect(code("/" + "€".repeat(86))).toBe("ENAMETOOLONG");
  });

  it("uses the store it is given", () => {
    class Fifo implements MessageStore<MqMessage> {
      readonly items: MqMessage[] = [];
      get size(): number {
        return this.items.length;
      }
      push(_priority: number, item: MqMessage): void {
        this.items.push(item);
      }
      shift(): MqMessage | undefined {
        return this.items.shift();
      }
    }
    const store = new Fifo();
    const queue = new ReferenceMqQueue({ uid: 0, gid: 0, mode: 0o600 }, { maxMessages: 4, messageSize: 8 }, store);
    const process = createSystem().spawn();
    const handle = openMqDescriptor(queue, process, "readwrite", false);
    handle.trySend(new Uint8Array([1]), 1);
    handle.trySend(new Uint8Array([2]), 9);
    expect(store.items.length).toBe(2);
    expect(handle.tryReceive(new Uint8Array(8)).priority).toBe(1);
  });

  it("clears a deadline's timer once the call settles", async () => {
    vi.useFakeTimers();
    const { handle } = openQueue();
    const pending = follow(handle.receive(new Uint8Array(16), { deadline: Date.now() + 1000 }));
    expect(vi.getTimerCount()).toBe(1);
    handle.trySend(new Uint8Array([1]), 0);
    await microtasks();
    expect(pending.current.state).toBe("fulfilled");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("never fails ETIMEDOUT before the deadline, even when its timer fires early", async () => {
    vi.useFakeTimers();
    const { handle } = openQueue();
    const deadline = Date.now() + 100;
    const pending = follow(handle.receive(new Uint8Array(16), { deadline }));
    // The clock lags the timer: the timer fires at +100 while Date.now() says +60.
    vi.setSystemTime(deadline - 40 - 100);
    await vi.advanceTimersByTimeAsync(100);
    expect(pending.current.state).toBe("pending");
    await vi.advanceTimersByTimeAsync(40);
    expect(codeOf(pending.current)).toBe("ETIMEDOUT");
    expect(Date.now()).toBeGreaterThanOrEqual(deadline);
  });

  it("arms a deadline further off than setTimeout's limit in steps", async () => {
    vi.useFakeTimers();
    const { handle } = openQueue();
    const pending = follow(handle.receive(new Uint8Array(16), { deadline: Date.now() + 3 * 2 ** 31 }));
    await vi.advanceTimersByTimeAsync(2 ** 31);
    expect(pending.current.state).toBe("pending");
    await vi.advanceTimersByTimeAsync(2 * 2 ** 31);
    expect(codeOf(pending.current)).toBe("ETIMEDOUT");
  });

  it("a deadline's timer does not outlive an abort", async () => {
    vi.useFakeTimers();
    const { handle } = openQueue();
    const controller = new AbortController();
    const pending = follow(handle.receive(new Uint8Array(16), { deadline: Date.now() + 1000, signal: controller.signal }));
    controller.abort();
    await microtasks();
    expect(codeOf(pending.current)).toBe("ECANCELED");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("[MQ-BLK-6] registers a waiting call with the process holding the handle, named by its form", () => {
    const parent = createSystem().spawn();
    const handle = parent.mqOpen("/q", { access: "readwrite", create: true, maxMessages: 1, messageSize: 16 });
    const child = parent.fork();
    const copy = child.descriptors.find((descriptor): descriptor is ReferenceMqDescriptor => descriptor instanceof ReferenceMqDescriptor)!;
    void copy.receive(new Uint8Array(16), { deadline: Date.now() + 60_000 });
    expect(parent.oldestBlockedCall()).toBeUndefined();
    expect(child.oldestBlockedCall()).toMatchObject({ syscall: "mq_timedreceive", restart: "restart" });
    handle.trySend(new Uint8Array([1]), 0);
    handle.trySend(new Uint8Array([2]), 0);
    void handle.send(new Uint8Array([3]), 0);
    expect(child.oldestBlockedCall()).toBeUndefined();
    expect(parent.oldestBlockedCall()).toMatchObject({ syscall: "mq_send", restart: "restart" });
  });

  it("[MQ-BLK-6] a handler ends a timed send EINTR, drops its timer, and its message never enters", async () => {
    vi.useFakeTimers();
    const { process, handle } = openQueue(1);
    process.sigaction(SIGUSR1, { handler: () => undefined });
    handle.trySend(new Uint8Array([1]), 0);
    const pending = follow(handle.send(new Uint8Array([2]), 0, { deadline: Date.now() + 1000 }));
    process.kill(process.pid, SIGUSR1);
    expect(handle.queue.pendingSends).toBe(0);
    await microtasks();
    expect(codeOf(pending.current)).toBe("EINTR");
    expect((pending.current as { reason: IpcError }).reason.syscall).toBe("mq_timedsend");
    expect(vi.getTimerCount()).toBe(0);
    handle.tryReceive(new Uint8Array(16));
    expect(handle.getAttributes().currentMessages).toBe(0);
  });

  it("[MQ-BLK-7] under restart a timed receive waits on with its timer, and times out at its deadline", async () => {
    vi.useFakeTimers();
    const { process, handle } = openQueue();
    process.sigaction(SIGUSR1, { handler: () => undefined, restart: true });
    const pending = follow(handle.receive(new Uint8Array(16), { deadline: Date.now() + 100 }));
    process.kill(process.pid, SIGUSR1);
    await microtasks();
    expect(pending.current.state).toBe("pending");
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(codeOf(pending.current)).toBe("ETIMEDOUT");
  });

  it("reports a bad deadline before an aborted signal and after a closed handle", async () => {
    const { handle } = openQueue();
    const controller = new AbortController();
    controller.abort();
    const bad = follow(handle.receive(new Uint8Array(16), { deadline: Number.NaN, signal: controller.signal }));
    await microtasks();
    expect(codeOf(bad.current)).toBe("EINVAL");
    handle.close();
    const closed = follow(handle.receive(new Uint8Array(16), { deadline: Number.NaN }));
    await microtasks();
    expect(codeOf(closed.current)).toBe("EBADF");
  });

  it("reports EBADF for a wrong-direction call before a bad argument", () => {
    const process = createSystem().spawn();
    const reader = process.mqOpen("/q", { access: "read", create: true });
    expect(thrownCode(() => reader.trySend("x" as unknown as Uint8Array, -1))).toBe("EBADF");
  });

  it("fails ESRCH for a process that has exited", () => {
    const process = createSystem().spawn();
    process.exit();
    expect(thrownCode(() => process.mqOpen("/q", { access: "read", create: true }))).toBe("ESRCH");
    expect(thrownCode(() => process.mqUnlink("/q"))).toBe("ESRCH");
  });

  it("calls a notification callback with this undefined", async () => {
    const { handle } = openQueue();
    let self: unknown = "unset";
    handle.notify(function (this: unknown) {
      self = this;
    });
    handle.trySend(new Uint8Array(1), 0);
    await microtasks();
    expect(self).toBeUndefined();
  });

  it("does not notify when a waiting send refills a queue of one emptied by a receive", async () => {
    const { handle } = openQueue(1);
    handle.trySend(new Uint8Array([1]), 0);
    const send = follow(handle.send(new Uint8Array([2]), 0));
    let calls = 0;
    expect(thrownCode(() => handle.notify(() => void (calls += 1)))).toBeUndefined();
    handle.tryReceive(new Uint8Array(16));
    await microtasks();
    expect(send.current.state).toBe("fulfilled");
    expect(calls).toBe(0);
    expect(handle.queue.registeredProcess).toBe(handle.owner);
  });

  it("moves a deep queue of root's at the hard limit in priority order", () => {
    const process = createSystem().spawn();
    const handle = process.mqOpen("/deep", { access: "readwrite", create: true, maxMessages: MQ_HARD_MAX_MESSAGES, messageSize: 4 });
    const data = new Uint8Array(4);
    for (let i = 0; i < MQ_HARD_MAX_MESSAGES; i++) handle.trySend(data, (i * 7919) % MQ_PRIO_MAX);
    expect(thrownCode(() => handle.trySend(data, 0))).toBe("EAGAIN");
    const buffer = new Uint8Array(4);
    let previous = MQ_PRIO_MAX;
    let ordered = true;
    for (let i = 0; i < MQ_HARD_MAX_MESSAGES; i++) {
      const { priority } = handle.tryReceive(buffer);
      if (priority > previous) ordered = false;
      previous = priority;
    }
    expect(ordered).toBe(true);
  });
});
