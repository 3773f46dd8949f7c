import { afterEach, describe, expect, it, vi } from "vitest";
import { SIGUSR1, SIGUSR2 } from "../../spec/signal.ts";
import { codeOf, follow, microtasks, thrownCode } from "../../test/helpers.ts";
import { ReferenceMutex, requireMutex } from "./index.ts";
import { createSystem } from "../system.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe("reference mutexes", () => {
  it("a lock that takes a free mutex returns the same settled promise every time (no allocation)", () => {
    const system = createSystem();
    const a = system.spawn();
    const b = system.spawn();
    const mutex = a.mutexInit();
    const first = a.mutexLock(mutex);
    a.mutexUnlock(mutex);
    const second = b.mutexLock(mutex);
    expect(first).toBe(second);
    expect(mutex.holder).toBe(b);
  });

  it("unlock makes the head waiter the holder before its promise settles", () => {
    const system = createSystem();
    const [a, b, c] = [system.spawn(), system.spawn(), system.spawn()];
    const mutex = a.mutexInit();
    a.mutexTryLock(mutex);
    void b.mutexLock(mutex);
    void c.mutexLock(mutex);
    a.mutexUnlock(mutex);
    expect(mutex.holder).toBe(b);
    expect(mutex.pendingLocks).toBe(1);
  });

  it("hands the mutex round 1 000 waiting processes in order", async () => {
    const system = createSystem();
    const first = system.spawn();
    const mutex = first.mutexInit();
    first.mutexTryLock(mutex);
    const procs = Array.from({ length: 1000 }, () => system.spawn());
    const order: number[] = [];
    const all = procs.map((proc, i) =>
      proc.mutexLock(mutex).then(() => {
        order.push(i);
        proc.mutexUnlock(mutex);
      }),
    );
    first.mutexUnlock(mutex);
    await Promise.all(all);
    expect(order.every((value, index) => value === index)).toBe(true);
    expect(mutex.locked).toBe(false);
  });

  it("cancels the timer of a timed lock that is served, and times out one that is not", async () => {
    vi.useFakeTimers();
    const system = createSystem();
    const [a, b, c] = [system.spawn(), system.spawn(), system.spawn()];
    const mutex = a.mutexInit();
    a.mutexTryLock(mutex);
    const served = follow(b.mutexLock(mutex, { deadline: Date.now() + 1000 }));
    const late = follow(c.mutexLock(mutex, { deadline: Date.now() + 50 }));
    expect(vi.getTimerCount()).toBe(2);
    a.mutexUnlock(mutex);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(50);
    expect(served.current.state).toBe("fulfilled");
    expect(codeOf(late.current)).toBe("ETIMEDOUT");
    expect(mutex.pendingLocks).toBe(0);
    b.mutexUnlock(mutex);
    expect(mutex.locked).toBe(false);
  });

  it("checks the mutex before the options, and the options before the state", async () => {
    const proc = createSystem().spawn();
    const mutex = proc.mutexInit();
    proc.mutexTryLock(mutex);
    const badMutex = follow(proc.mutexLock({} as never, { deadline: -1 }));
    const badDeadline = follow(proc.mutexLock(mutex, { deadline: -1 }));
    const aborted = follow(proc.mutexLock(mutex, { signal: AbortSignal.abort() }));
    const relock = follow(proc.mutexLock(mutex));
    await microtasks();
    expect([badMutex, badDeadline, aborted, relock].map((o) => codeOf(o.current))).toEqual(["EINVAL", "EINVAL", "ECANCELED", "EDEADLK"]);
  });

  it("fails ESRCH for every call of an exited process, and its holding stays", async () => {
    const proc = createSystem().spawn();
    const mutex = proc.mutexInit();
    proc.mutexTryLock(mutex);
    proc.exit();
    expect(thrownCode(() => proc.mutexUnlock(mutex))).toBe("ESRCH");
    expect(thrownCode(() => proc.mutexInit())).toBe("ESRCH");
    const lock = follow(proc.mutexLock(mutex));
    await microtasks();
    expect(codeOf(lock.current)).toBe("ESRCH");
    expect(mutex.holder).toBe(proc);
  });

  it("[MUTEX-LIFE-5] ends the pending lock of a process as it exits, and the unlock leaves the mutex unlocked", async () => {
    const system = createSystem();
    const [a, b] = [system.spawn(), system.spawn()];
    const mutex = a.mutexInit();
    a.mutexTryLock(mutex);
    const lock = follow(b.mutexLock(mutex));
    b.exit();
    expect(mutex.pendingLocks).toBe(0);
    await microtasks();
    expect(codeOf(lock.current)).toBe("EINTR");
    a.mutexUnlock(mutex);
    expect(mutex.locked).toBe(false);
  });

  it("[MUTEX-BLK-4] registers a pending lock as uninterruptible: handlers run, with or without restart, and it waits on", async () => {
    vi.useFakeTimers();
    const system = createSystem();
    const [a, b] = [system.spawn(), system.spawn()];
    let runs = 0;
    b.sigaction(SIGUSR1, { handler: () => (runs += 1) });
    b.sigaction(SIGUSR2, { handler: () => (runs += 1), restart: true });
    const mutex = a.mutexInit();
    a.mutexTryLock(mutex);
    const lock = follow(b.mutexLock(mutex, { deadline: Date.now() + 1000 }));
    expect(b.oldestBlockedCall()).toMatchObject({ syscall: "pthread_mutex_timedlock", restart: "uninterruptible" });
    a.kill(b.pid, SIGUSR1);
    a.kill(b.pid, SIGUSR2);
    expect(runs).toBe(2);
    expect(vi.getTimerCount()).toBe(1);
    await microtasks();
    expect(lock.current.state).toBe("pending");
    a.mutexUnlock(mutex);
    expect(vi.getTimerCount()).toBe(0);
    await microtasks();
    expect(lock.current.state).toBe("fulfilled");
    expect(mutex.holder).toBe(b);
  });

  it("recognises only its own mutexes", () => {
    expect(requireMutex(new ReferenceMutex(), "x")).toBeInstanceOf(ReferenceMutex);
    const destroyed = new ReferenceMutex();
    destroyed.destroy();
    expect(thrownCode(() => requireMutex(destroyed, "x"))).toBe("EINVAL");
    expect(thrownCode(() => requireMutex(Object.create(ReferenceMutex.prototype), "x"))).toBe("EINVAL");
  });
});
