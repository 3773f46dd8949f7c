import { describe, expect, it } from "vitest";
import { IpcError } from "../../spec/errors.ts";
import { Interruption, canceled } from "./interrupt.ts";
import type { BlockedCall, Blocker } from "./interrupt.ts";
import { WaitQueue } from "./wait-queue.ts";

/** A blocker that keeps its calls in a set, in the order they blocked. */
function recordingBlocker(): Blocker & { readonly calls: Set<BlockedCall> } {
  const calls = new Set<BlockedCall>();
  return { calls, block: (call) => calls.add(call), unblock: (call) => calls.delete(call) };
}

describe("canceled", () => {
  it("turns an Interruption into EINTR, for a handler and for the end of the process", () => {
    for (const cause of ["signal", "exit"] as const) {
      const error = canceled("read", new Interruption(cause));
      expect(error).toBeInstanceOf(IpcError);
      expect(error.code).toBe("EINTR");
      expect(error.syscall).toBe("read");
      expect(error.cause).toBeUndefined();
    }
  });

  it("turns any other reason into ECANCELED, with the reason as its cause", () => {
    const reason = new Error("stop");
    const error = canceled("mq_receive", reason);
    expect(error.code).toBe("ECANCELED");
    expect(error.cause).toBe(reason);
  });
});

describe("WaitQueue with a blocker", () => {
  it("registers a waiter while it waits and unregisters it once settled", async () => {
    const blocker = recordingBlocker();
    const queue = new WaitQueue<null, number>();
    const waiter = queue.enqueue(null, { blocker, syscall: "sem_wait", restart: "never" });
    const [call] = [...blocker.calls];
    expect(call?.syscall).toBe("sem_wait");
    expect(call?.restart).toBe("never");
    queue.resolve(waiter, 1);
    expect(blocker.calls.size).toBe(0);
    expect(await waiter.promise).toBe(1);
  });

  it("names the call 'wait' and restarts it by default", () => {
    const blocker = recordingBlocker();
    new WaitQueue<null, number>().enqueue(null, { blocker });
    const [call] = [...blocker.calls];
    expect(call?.syscall).toBe("wait");
    expect(call?.restart).toBe("restart");
  });

  it("settles an interrupted waiter through onAbort, with the Interruption as reason", async () => {
    const blocker = recordingBlocker();
    const queue = new WaitQueue<{ moved: number }, number>();
    const reasons: unknown[] = [];
    const waiter = queue.enqueue(
      { moved: 3 },
      {
        blocker,
        syscall: "write",
        onAbort: (aborted, reason) => {
          reasons.push(reason);
          queue.resolve(aborted, aborted.payload.moved);
        },
      },
    );
    const [call] = [...blocker.calls];
    call?.interrupt(new Interruption("signal"));
    expect(await waiter.promise).toBe(3);
    expect(reasons[0]).toBeInstanceOf(Interruption);
    expect(blocker.calls.size).toBe(0);
  });

  it("rejects an interrupted waiter EINTR, naming its call, when there is no onAbort", async () => {
    const blocker = recordingBlocker();
    const queue = new WaitQueue<null, number>();
    const waiter = queue.enqueue(null, { blocker });
    const reason = new Interruption("exit");
    [...blocker.calls][0]?.interrupt(reason);
    await expect(waiter.promise).rejects.toMatchObject({ code: "EINTR" });
  });

  it("does nothing when a call is interrupted after it settled", async () => {
    const blocker = recordingBlocker();
    const queue = new WaitQueue<null, number>();
    const waiter = queue.enqueue(null, { blocker });
    const [call] = [...blocker.calls];
    queue.resolve(waiter, 7);
    call?.interrupt(new Interruption("signal"));
    expect(await waiter.promise).toBe(7);
  });

  it("unregisters a waiter that an AbortSignal settles", async () => {
    const blocker = recordingBlocker();
    const controller = new AbortController();
    const waiter = new WaitQueue<null, number>().enqueue(null, { blocker, signal: controller.signal });
    controller.abort(new Error("stop"));
    await expect(waiter.promise).rejects.toMatchObject({ code: "ECANCELED" });
    expect(blocker.calls.size).toBe(0);
  });
});
