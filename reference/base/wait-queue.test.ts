import { describe, expect, it, vi } from "vitest";
import { WaitQueue } from "./wait-queue.ts";

/** Records how a promise settles, readable synchronously after a microtask turn. */
function settleState<T>(promise: Promise<T>): { state: "pending" | "fulfilled" | "rejected"; value?: T; reason?: unknown } {
  const record: { state: "pending" | "fulfilled" | "rejected"; value?: T; reason?: unknown } = { state: "pending" };
  promise.then(
    (value) => {
      record.state = "fulfilled";
      record.value = value;
    },
    (reason: unknown) => {
      record.state = "rejected";
      record.reason = reason;
    },
  );
  return record;
}

describe("WaitQueue", () => {
  it("wakes waiters first come, first served", async () => {
    const queue = new WaitQueue<string, number>();
    const a = queue.enqueue("a");
    const b = queue.enqueue("b");
    const c = queue.enqueue("c");
    expect(queue.size).toBe(3);
    expect(queue.peek()).toBe(a);
    expect(queue.resolveHead(1)).toBe(a);
    expect(queue.peek()).toBe(b);
    queue.resolveHead(2);
    queue.resolveHead(3);
    expect(queue.isEmpty).toBe(true);
    expect(queue.resolveHead(4)).toBeUndefined();
    expect(await Promise.all([a.promise, b.promise, c.promise])).toEqual([1, 2, 3]);
  });

  it("removes a waiter from the middle, the head and the tail, keeping the order of the rest", () => {
    const queue = new WaitQueue<number, number>();
    const waiters = [0, 1, 2, 3, 4].map((n) => queue.enqueue(n));
    queue.resolve(waiters[2]!, 0);
    queue.resolve(waiters[0]!, 0);
    queue.resolve(waiters[4]!, 0);
    expect([...queue].map((w) => w.payload)).toEqual([1, 3]);
    expect(queue.size).toBe(2);
    queue.enqueue(5);
    expect([...queue].map((w) => w.payload)).toEqual([1, 3, 5]);
  });

  it("marks waiters settled and refuses to settle one twice", () => {
    const queue = new WaitQueue<null, number>();
    const waiter = queue.enqueue(null);
    expect(waiter.settled).toBe(false);
    queue.resolve(waiter, 1);
    expect(waiter.settled).toBe(true);
    expect(() => queue.resolve(waiter, 2)).toThrow();
    expect(() => queue.reject(waiter, new Error("x"))).toThrow();
  });

  it("refuses a waiter of another queue", () => {
    const one = new WaitQueue<null, number>();
    const other = new WaitQueue<null, number>();
    const waiter = one.enqueue(null);
    expect(() => other.resolve(waiter, 1)).toThrow();
    expect(one.size).toBe(1);
  });

  it("settles synchronously: the promise reactions run on the next microtask", async () => {
    const queue = new WaitQueue<null, number>();
    const waiter = queue.enqueue(null);
    const record = settleState(waiter.promise);
    queue.resolveHead(9);
    await Promise.resolve();
    expect(record).toEqual({ state: "fulfilled", value: 9 });
  });

  it("an abort removes the waiter and rejects it ECANCELED by default, with the signal's reason as the cause", async () => {
    const queue = new WaitQueue<string, number>();
    const controller = new AbortController();
    queue.enqueue("before");
    const waiter = queue.enqueue("aborted", { signal: controller.signal });
    queue.enqueue("after");
    const reason = new Error("stop");
    controller.abort(reason);
    expect(waiter.settled).toBe(true);
    expect([...queue].map((w) => w.payload)).toEqual(["before", "after"]);
    await expect(waiter.promise).rejects.toMatchObject({ code: "ECANCELED", syscall: "wait", cause: reason });
  });

  it("an abort calls onAbort, which settles the waiter as it likes", async () => {
    const queue = new WaitQueue<{ moved: number }, number>();
    const controller = new AbortController();
    const onAbort = vi.fn((waiter: { payload: { moved: number } }, _reason: unknown) => {
      queue.resolve(waiter as never, waiter.payload.moved);
    });
    const waiter = queue.enqueue({ moved: 5 }, { signal: controller.signal, onAbort });
    controller.abort("why");
    expect(onAbort).toHaveBeenCalledTimes(1);
    expect(onAbort.mock.calls[0]?.[1]).toBe("why");
    expect(await waiter.promise).toBe(5);
  });

  it("an onAbort that does not settle falls back to rejecting ECANCELED, with the reason as the cause", async () => {
    const queue = new WaitQueue<null, number>();
    const controller = new AbortController();
    const waiter = queue.enqueue(null, { signal: controller.signal, onAbort: () => undefined });
    controller.abort("reason");
    expect(queue.isEmpty).toBe(true);
    await expect(waiter.promise).rejects.toMatchObject({ code: "ECANCELED", cause: "reason" });
  });

  it("an already aborted signal settles the waiter at once, through onAbort", async () => {
    const queue = new WaitQueue<null, string>();
    const signal = AbortSignal.abort("early");
    const waiter = queue.enqueue(null, { signal, onAbort: (w, reason) => queue.resolve(w, `aborted: ${String(reason)}`) });
    expect(waiter.settled).toBe(true);
    expect(queue.isEmpty).toBe(true);
    expect(await waiter.promise).toBe("aborted: early");
  });

  it("removes the abort listener once the waiter settles, and a later abort does nothing", async () => {
    const queue = new WaitQueue<null, number>();
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, "removeEventListener");
    const waiter = queue.enqueue(null, { signal: controller.signal });
    queue.resolveHead(1);
    expect(remove).toHaveBeenCalledTimes(1);
    controller.abort();
    expect(await waiter.promise).toBe(1);
  });

  it("rejectAll rejects every waiter head first and empties the queue", async () => {
    const queue = new WaitQueue<number, number>();
    const order: number[] = [];
    const waiters = [1, 2, 3].map((n) => {
      const waiter = queue.enqueue(n);
      waiter.promise.catch(() => order.push(n));
      return waiter;
    });
    const reason = new Error("gone");
    expect(queue.rejectAll(reason)).toBe(3);
    expect(queue.isEmpty).toBe(true);
    for (const waiter of waiters) await expect(waiter.promise).rejects.toBe(reason);
    expect(order).toEqual([1, 2, 3]);
  });

  it("iteration tolerates settling any waiter during the loop and skips those already settled", () => {
    const queue = new WaitQueue<number, number>();
    const waiters = [0, 1, 2, 3].map((n) => queue.enqueue(n));
    const seen: number[] = [];
    for (const waiter of queue) {
      seen.push(waiter.payload);
      queue.resolve(waiter, 0);
      // Settle the one after next as well: the loop must skip it.
      if (waiter.payload === 0) queue.resolve(waiters[2]!, 0);
    }
    expect(seen).toEqual([0, 1, 3]);
    expect(queue.isEmpty).toBe(true);
  });

  it("keeps order through 200 000 waiters with removals from the middle", async () => {
    const queue = new WaitQueue<number, number>();
    const waiters = [];
    for (let i = 0; i < 200_000; i++) waiters.push(queue.enqueue(i));
    // Remove every other one from the middle, then wake the rest from the head.
    for (let i = 1; i < waiters.length; i += 2) queue.resolve(waiters[i]!, -1);
    let expected = 0;
    let outOfOrder = 0;
    for (let head = queue.peek(); head !== undefined; head = queue.peek()) {
      if (head.payload !== expected) outOfOrder += 1;
      queue.resolve(head, head.payload);
      expected += 2;
    }
    expect(outOfOrder).toBe(0);
    expect(expected).toBe(200_000);
    expect(await waiters[199_998]!.promise).toBe(199_998);
  });
});

describe("WaitQueue timed waits", () => {
  it("rejects a waiter whose deadline passes with expired(), and one whose deadline has passed at once", async () => {
    vi.useFakeTimers();
    try {
      const queue = new WaitQueue<null, number>();
      const later = settleState(queue.enqueue(null, { deadline: Date.now() + 50, expired: () => new Error("late") }).promise);
      const past = settleState(queue.enqueue(null, { deadline: Date.now() - 1, expired: () => new Error("past") }).promise);
      await Promise.resolve();
      expect(past.state).toBe("rejected");
      expect((past.reason as Error).message).toBe("past");
      expect(later.state).toBe("pending");
      expect(queue.size).toBe(1);
      await vi.advanceTimersByTimeAsync(60);
      expect(later.state).toBe("rejected");
      expect((later.reason as Error).message).toBe("late");
      expect(queue.isEmpty).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("fails a timed waiter ETIMEDOUT by default, naming its call", async () => {
    const queue = new WaitQueue<null, number>();
    const waiter = queue.enqueue(null, { syscall: "mq_timedsend", deadline: 0 });
    const error = await waiter.promise.catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: "ETIMEDOUT", syscall: "mq_timedsend" });
  });

  it("disarms the timer whatever settles the waiter first", () => {
    vi.useFakeTimers();
    try {
      const queue = new WaitQueue<null, number>();
      const controller = new AbortController();
      queue.enqueue(null, { deadline: Date.now() + 1000 });
      const aborted = queue.enqueue(null, { deadline: Date.now() + 1000, signal: controller.signal });
      aborted.promise.catch(() => undefined);
      expect(vi.getTimerCount()).toBe(2);
      queue.resolveHead(1);
      controller.abort();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
