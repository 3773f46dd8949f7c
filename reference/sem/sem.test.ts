import { afterEach, describe, expect, it, vi } from "vitest";
import { SEM_VALUE_MAX } from "../../spec/sem.ts";
import { SIGUSR1 } from "../../spec/signal.ts";
import { codeOf, follow, microtasks, thrownCode } from "../../test/helpers.ts";
import { DeadlineTimer, deadlinePassed, requireOptionalDeadline } from "../base/deadline.ts";
import { ReferenceSemaphore, requireSemName, requireSemOpenOptions, semNamespaceOf } from "./index.ts";
import { createSystem } from "../system.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe("reference semaphores: the fast path", () => {
  it("a wait that completes at once returns the same settled promise every time (no allocation)", () => {
    const proc = createSystem().spawn();
    const sem = proc.semInit(2);
    const first = proc.semWait(sem);
    const second = proc.semWait(sem);
    expect(first).toBe(second);
    expect(sem.value).toBe(0);
  });

  it("post hands the unit to the head waiter synchronously: the value never rises while waits are pending", async () => {
    const proc = createSystem().spawn();
    const sem = proc.semInit(0);
    const waits = [follow(proc.semWait(sem)), follow(proc.semWait(sem)), follow(proc.semWait(sem))];
    expect(sem.pendingWaits).toBe(3);
    proc.semPost(sem);
    expect(sem.pendingWaits).toBe(2);
    expect(sem.value).toBe(0);
    await microtasks();
    expect(waits.map((w) => w.current.state)).toEqual(["fulfilled", "pending", "pending"]);
  });

  it("keeps 10 000 waits in order and serves them all with 10 000 posts", async () => {
    const proc = createSystem().spawn();
    const sem = proc.semInit(0);
    const order: number[] = [];
    const all = Array.from({ length: 10000 }, (_, i) => proc.semWait(sem).then(() => order.push(i)));
    for (let i = 0; i < 10000; i++) proc.semPost(sem);
    await Promise.all(all);
    expect(order.every((value, index) => value === index)).toBe(true);
    expect(sem.value).toBe(0);
  });

  it("normalises -0 to 0", () => {
    const proc = createSystem().spawn();
    expect(Object.is(proc.semInit(-0).value, 0)).toBe(true);
    expect(Object.is(proc.semOpen("/z", { create: true, value: -0 }).value, 0)).toBe(true);
  });
});

describe("reference semaphores: deadlines", () => {
  it("cancels the timer of a timed wait served by a post", () => {
    vi.useFakeTimers();
    const proc = createSystem().spawn();
    const sem = proc.semInit(0);
    void proc.semWait(sem, { deadline: Date.now() + 1000 });
    expect(vi.getTimerCount()).toBe(1);
    proc.semPost(sem);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("cancels the timer of a timed wait that is aborted", async () => {
    vi.useFakeTimers();
    const proc = createSystem().spawn();
    const sem = proc.semInit(0);
    const controller = new AbortController();
    const wait = follow(proc.semWait(sem, { deadline: Date.now() + 1000, signal: controller.signal }));
    controller.abort();
    expect(vi.getTimerCount()).toBe(0);
    await microtasks();
    expect(codeOf(wait.current)).toBe("ECANCELED");
  });

  it("times a wait out at its deadline and not before, and the wait leaves the queue", async () => {
    vi.useFakeTimers();
    const proc = createSystem().spawn();
    const sem = proc.semInit(0);
    const wait = follow(proc.semWait(sem, { deadline: Date.now() + 100 }));
    await vi.advanceTimersByTimeAsync(99);
    expect(wait.current.state).toBe("pending");
    await vi.advanceTimersByTimeAsync(1);
    expect(codeOf(wait.current)).toBe("ETIMEDOUT");
    expect(sem.pendingWaits).toBe(0);
    proc.semPost(sem);
    expect(sem.value).toBe(1);
  });

  it("reaches a deadline beyond the longest timer delay in several steps", async () => {
    vi.useFakeTimers();
    const proc = createSystem().spawn();
    const sem = proc.semInit(0);
    const far = 2 ** 31 - 1 + 5000;
    const wait = follow(proc.semWait(sem, { deadline: Date.now() + far }));
    await vi.advanceTimersByTimeAsync(2 ** 31 - 1);
    expect(wait.current.state).toBe("pending");
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(codeOf(wait.current)).toBe("ETIMEDOUT");
  });

  it("re-arms a timer that fires before the clock reaches the deadline", () => {
    vi.useFakeTimers();
    const start = Date.now();
    let fired = 0;
    const timer = new DeadlineTimer(start + 10, () => (fired += 1));
    vi.setSystemTime(start - 5); // the clock falls back: the timer fires with 5 ms to go
    vi.advanceTimersByTime(10);
    expect(fired).toBe(0);
    expect(timer.armed).toBe(true);
    vi.advanceTimersByTime(10);
    expect(fired).toBe(1);
    expect(timer.armed).toBe(false);
  });

  it("checks deadlines", () => {
    expect(requireOptionalDeadline(12.5, "x", "d")).toBe(12.5);
    expect(thrownCode(() => requireOptionalDeadline(-0.5, "x", "d"))).toBe("EINVAL");
    expect(thrownCode(() => requireOptionalDeadline(10n, "x", "d"))).toBe("EINVAL");
    expect(deadlinePassed(Date.now())).toBe(true);
  });
});

describe("reference semaphores: signal handlers", () => {
  it("[SEM-BLK-6] registers a pending wait with its caller, named by its form and restartable", () => {
    const proc = createSystem().spawn();
    const sem = proc.semInit(0);
    void proc.semWait(sem);
    void proc.semWait(sem, { deadline: Date.now() + 60_000 }).catch(() => undefined);
    expect(proc.oldestBlockedCall()).toMatchObject({ syscall: "sem_wait", restart: "restart" });
    proc.semPost(sem);
    expect(proc.oldestBlockedCall()).toMatchObject({ syscall: "sem_timedwait", restart: "restart" });
    proc.semPost(sem);
    expect(proc.oldestBlockedCall()).toBeUndefined();
  });

  it("[SEM-BLK-6] a handler without restart ends a timed wait EINTR and cancels its timer, taking no unit", async () => {
    vi.useFakeTimers();
    const proc = createSystem().spawn();
    proc.sigaction(SIGUSR1, { handler: () => undefined });
    const sem = proc.semInit(0);
    const wait = follow(proc.semWait(sem, { deadline: Date.now() + 1000 }));
    proc.kill(proc.pid, SIGUSR1);
    expect(vi.getTimerCount()).toBe(0);
    expect(sem.pendingWaits).toBe(0);
    await microtasks();
    expect(codeOf(wait.current)).toBe("EINTR");
    proc.semPost(sem);
    expect(sem.value).toBe(1);
  });

  it("[SEM-BLK-7] a handler with restart leaves a timed wait waiting, with its timer, until its deadline", async () => {
    vi.useFakeTimers();
    const proc = createSystem().spawn();
    proc.sigaction(SIGUSR1, { handler: () => undefined, restart: true });
    const sem = proc.semInit(0);
    const wait = follow(proc.semWait(sem, { deadline: Date.now() + 100 }));
    proc.kill(proc.pid, SIGUSR1);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(wait.current.state).toBe("pending");
    await vi.advanceTimersByTimeAsync(1);
    expect(codeOf(wait.current)).toBe("ETIMEDOUT");
  });
});

describe("reference semaphores: names and options", () => {
  it("rejects malformed names before long ones", () => {
    expect(thrownCode(() => requireSemName(`/${"a".repeat(300)}/`, "sem_open"))).toBe("EINVAL");
    expect(thrownCode(() => requireSemName(`/${"a".repeat(300)}`, "sem_open"))).toBe("ENAMETOOLONG");
    expect(thrownCode(() => requireSemName(`/${"😀".repeat(63)}`, "sem_open"))).toBe("ENAMETOOLONG");
    expect(requireSemName(`/${"😀".repeat(62)}abc`, "sem_open")).toHaveLength(128);
  });

  it("checks every option whether or not it is used", () => {
    expect(thrownCode(() => requireSemOpenOptions({ mode: 0o600, value: SEM_VALUE_MAX + 1 }, "sem_open"))).toBe("EINVAL");
    expect(requireSemOpenOptions({ create: true, exclusive: false, mode: 0, value: SEM_VALUE_MAX }, "sem_open")).toEqual({
      create: true,
      exclusive: false,
      mode: 0,
      value: SEM_VALUE_MAX,
    });
  });

  it("checks the name before the options, and bad input creates nothing", () => {
    const system = createSystem();
    const proc = system.spawn();
    expect(thrownCode(() => proc.semOpen("nope", { create: "yes" } as never))).toBe("EINVAL");
    expect(thrownCode(() => proc.semOpen(`/${"n".repeat(252)}`, { create: "yes" } as never))).toBe("ENAMETOOLONG");
    expect(semNamespaceOf(system).values()).toEqual([]);
    expect(proc.descriptors).toEqual([]);
  });

  it("checks EEXIST before permission and permission before opening", () => {
    const system = createSystem();
    system.spawn({ uid: 1000 }).semOpen("/s", { create: true, mode: 0o600 });
    const stranger = system.spawn({ uid: 2000, gid: 2000 });
    expect(thrownCode(() => stranger.semOpen("/s", { create: true, exclusive: true }))).toBe("EEXIST");
    expect(thrownCode(() => stranger.semOpen("/s"))).toBe("EACCES");
    expect(stranger.descriptors).toEqual([]);
  });
});

describe("reference semaphores: opens, fork and exit", () => {
  it("keeps one descriptor per open, and exit closes them", () => {
    const proc = createSystem().spawn();
    const sem = proc.semOpen("/s", { create: true });
    proc.semOpen("/s");
    expect(proc.descriptors).toHaveLength(2);
    expect(sem.opensIn(proc)).toBe(2);
    proc.exit();
    expect(proc.descriptors).toHaveLength(0);
    expect(sem.opensIn(proc)).toBe(0);
  });

  it("gives a forked child as many opens as its parent", () => {
    const parent = createSystem().spawn();
    const sem = parent.semOpen("/s", { create: true });
    parent.semOpen("/s");
    const child = parent.fork();
    expect(sem.opensIn(child)).toBe(2);
    child.semClose(sem);
    child.semClose(sem);
    expect(thrownCode(() => child.semClose(sem))).toBe("EINVAL");
    expect(sem.opensIn(parent)).toBe(2);
  });

  it("fails ESRCH for every call of an exited process", async () => {
    const proc = createSystem().spawn();
    const sem = proc.semInit(1);
    proc.exit();
    expect(thrownCode(() => proc.semInit(0))).toBe("ESRCH");
    expect(thrownCode(() => proc.semPost(sem))).toBe("ESRCH");
    expect(thrownCode(() => proc.semOpen("/s", { create: true }))).toBe("ESRCH");
    const wait = follow(proc.semWait(sem));
    await microtasks();
    expect(codeOf(wait.current)).toBe("ESRCH");
  });

  it("[SEM-LIFE-11] ends the wait of a process as it exits, so semDestroy does not count it", async () => {
    const system = createSystem();
    const owner = system.spawn();
    const waiter = system.spawn();
    const sem = owner.semInit(0);
    const wait = follow(waiter.semWait(sem));
    waiter.exit();
    expect(sem.pendingWaits).toBe(0);
    owner.semDestroy(sem);
    await microtasks();
    expect(codeOf(wait.current)).toBe("EINTR");
  });

  it("leaves a wait pending when its process closes the semaphore", async () => {
    const proc = createSystem().spawn();
    const other = proc.fork();
    const sem = proc.semOpen("/s", { create: true });
    const wait = follow(proc.semWait(sem));
    proc.semClose(sem);
    await microtasks();
    expect(wait.current.state).toBe("pending");
    other.semOpen("/s");
    other.semPost(sem);
    await microtasks();
    expect(wait.current.state).toBe("fulfilled");
  });

  it("makes a distinct object for a name created again after unlink", () => {
    const proc = createSystem().spawn();
    const first = proc.semOpen("/s", { create: true });
    proc.semUnlink("/s");
    const second = proc.semOpen("/s", { create: true });
    expect(second).not.toBe(first);
    expect(second).toBeInstanceOf(ReferenceSemaphore);
  });
});
