// Unit tests of the reference's signals: the kernel's ProcessSignals table
// (reference/kernel/signal-state.ts), generateSignal and deliverPending on edge
// cases the API cannot reach directly, raiseSigpipe
// (reference/kernel/signal-delivery.ts), the process status, and the timers and
// interruptions of sigwait (reference/signal/). The conformance suite checks the rules through
// the API; these check the parts it cannot see.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  SIGCHLD,
  SIGCONT,
  SIGHUP,
  SIGKILL,
  SIGPIPE,
  SIGQUEUE_MAX,
  SIGRTMAX,
  SIGRTMIN,
  SIGSTOP,
  SIGTERM,
  SIGTSTP,
  SIGUSR1,
  SIGUSR2,
  SIGWINCH,
} from "../../spec/signal.ts";
import type { SignalInfo } from "../../spec/signal.ts";
import { codeOf, follow, microtasks, thrownCode } from "../../test/helpers.ts";
import type { BlockedCall } from "../base/interrupt.ts";
import { deliverPending, generateSignal, raiseSigpipe } from "../kernel/signal-delivery.ts";
import { ProcessSignals, SIGNAL_SLOTS } from "../kernel/signal-state.ts";
import { createSystem } from "../system.ts";
import type { ReferenceProcess } from "../system.ts";
import { kill, sigaction, sigpending, sigprocmask, sigqueue, sigwait, trySigwait } from "./index.ts";

afterEach(() => {
  vi.useRealTimers();
});

/** An instance sent by kill from `pid`. */
function user(signal: number, pid = 1): SignalInfo {
  return { signal, code: "user", pid, uid: 0, value: undefined };
}

/** An instance sent by sigqueue from pid 1 with `value`. */
function queued(signal: number, value: number): SignalInfo {
  return { signal, code: "queue", pid: 1, uid: 0, value };
}

/** Installs a handler recording the signals delivered to `proc` in `log`. */
function record(proc: ReferenceProcess, log: number[], ...signals: number[]): void {
  for (const signal of signals) proc.sigaction(signal, { handler: (info) => log.push(info.signal) });
}

describe("ProcessSignals", () => {
  it("starts with every disposition default, nothing blocked, nothing pending, not stopped", () => {
    const signals = new ProcessSignals();
    for (let signal = 1; signal < SIGNAL_SLOTS; signal += 1) expect(signals.action(signal)).toBeUndefined();
    expect(signals.blockedList()).toEqual([]);
    expect(signals.pendingList()).toEqual([]);
    expect(signals.queued).toBe(0);
    expect(signals.stoppedBy).toBeUndefined();
    expect(signals.waits.isEmpty).toBe(true);
  });

  it("keeps the first pending instance of a standard signal and queues every real-time one", () => {
    const signals = new ProcessSignals();
    signals.addPending(user(SIGUSR1, 1));
    signals.addPending(user(SIGUSR1, 2));
    signals.addPending(queued(SIGRTMIN, 1));
    signals.addPending(queued(SIGRTMIN, 2));
    signals.addPending(queued(SIGRTMAX, 3));
    expect(signals.pendingList()).toEqual([SIGUSR1, SIGRTMIN, SIGRTMAX]);
    expect(signals.queued).toBe(3);
    expect(signals.takePending(SIGUSR1)?.pid).toBe(1);
    expect(signals.isPending(SIGUSR1)).toBe(false);
    expect(signals.takePending(SIGUSR1)).toBeUndefined();
    expect(signals.takePending(SIGRTMIN)?.value).toBe(1);
    expect(signals.takePending(SIGRTMIN)?.value).toBe(2);
    expect(signals.queued).toBe(1);
    expect(signals.takePending(SIGRTMIN)).toBeUndefined();
    expect(signals.queued).toBe(1);
  });

  it("discards the instances of one signal, keeping the queue count right, or everything", () => {
    const signals = new ProcessSignals();
    for (const value of [1, 2, 3]) signals.addPending(queued(SIGRTMIN, value));
    signals.addPending(queued(SIGRTMAX, 4));
    signals.addPending(user(SIGHUP));
    signals.discardPending(SIGRTMIN);
    expect(signals.queued).toBe(1);
    signals.discardPending(SIGHUP);
    expect(signals.pendingList()).toEqual([SIGRTMAX]);
    signals.addPending(user(SIGTERM));
    signals.discardAll();
    expect(signals.pendingList()).toEqual([]);
    expect(signals.queued).toBe(0);
  });

  it("counts as ignored the ignore disposition and the default of CHLD, URG, WINCH and CONT, not a handler or a terminating default", () => {
    const signals = new ProcessSignals();
    expect([SIGCHLD, 23, SIGWINCH, SIGCONT].map((s) => signals.isIgnored(s))).toEqual([true, true, true, true]);
    expect([SIGTERM, SIGTSTP, SIGKILL, SIGRTMIN].map((s) => signals.isIgnored(s))).toEqual([false, false, false, false]);
    signals.setAction(SIGTERM, { handler: "ignore" });
    signals.setAction(SIGCHLD, { handler: () => undefined });
    expect(signals.isIgnored(SIGTERM)).toBe(true);
    expect(signals.isIgnored(SIGCHLD)).toBe(false);
  });

  it("inheritFrom copies the dispositions and a mask of its own, not the pending set, the queue count or the stop", () => {
    const parent = new ProcessSignals();
    const handler = (): void => undefined;
    parent.setAction(SIGUSR1, { handler });
    const mask = parent.maskCopy();
    mask[SIGUSR2] = 1;
    parent.replaceMask(mask);
    parent.addPending(user(SIGUSR2));
    parent.addPending(queued(SIGRTMIN, 1));
    parent.stop(SIGSTOP);
    const child = new ProcessSignals();
    child.inheritFrom(parent);
    expect(child.action(SIGUSR1)?.handler).toBe(handler);
    expect(child.blockedList()).toEqual([SIGUSR2]);
    expect(child.pendingList()).toEqual([]);
    expect(child.queued).toBe(0);
    expect(child.stoppedBy).toBeUndefined();
    child.replaceMask(child.maskCopy().fill(1));
    expect(parent.blockedList()).toEqual([SIGUSR2]);
  });

  it("lists the pending instances of a signal without taking them, and finds the lowest deliverable one", () => {
    const signals = new ProcessSignals();
    signals.addPending(queued(SIGRTMIN, 1));
    signals.addPending(queued(SIGRTMIN, 2));
    signals.addPending(user(SIGUSR2));
    signals.addPending(user(SIGHUP));
    expect(signals.pendingInstances(SIGRTMIN).map((info) => info.value)).toEqual([1, 2]);
    expect(signals.pendingInstances(SIGUSR2)).toHaveLength(1);
    expect(signals.pendingInstances(SIGUSR1)).toEqual([]);
    expect(signals.queued).toBe(2);
    const mask = signals.maskCopy();
    mask[SIGHUP] = 1;
    signals.replaceMask(mask);
    expect(signals.lowestDeliverable()).toBe(SIGUSR2);
    expect(signals.isBlocked(SIGHUP)).toBe(true);
  });
});

describe("generateSignal", () => {
  it("does nothing to a process that has ended", () => {
    const proc = createSystem().spawn();
    proc.exit(0);
    generateSignal(proc, user(SIGTERM));
    expect(proc.status).toEqual({ state: "exited", exitStatus: 0 });
    expect(proc.signals.pendingList()).toEqual([]);
  });

  it("terminates with SIGKILL whatever the state: stopped, blocking everything, sigwaiting", async () => {
    const proc = createSystem().spawn();
    proc.signals.replaceMask(proc.signals.maskCopy().fill(1));
    proc.signals.stop(SIGSTOP);
    const wait = follow(proc.sigwait([SIGUSR1]));
    generateSignal(proc, user(SIGKILL));
    await microtasks();
    expect(proc.status).toEqual({ state: "signaled", signal: SIGKILL, core: false });
    expect(codeOf(wait.current)).toBe("EINTR");
  });

  it("discards a blocked pending stop signal on SIGCONT, and a blocked pending SIGCONT on a stop signal", () => {
    const proc = createSystem().spawn();
    proc.sigprocmask("block", [SIGTSTP, SIGCONT]);
    generateSignal(proc, user(SIGTSTP));
    generateSignal(proc, user(SIGCONT));
    expect(proc.sigpending()).toEqual([SIGCONT]);
    generateSignal(proc, user(SIGTSTP));
    expect(proc.sigpending()).toEqual([SIGTSTP]);
  });

  it("resumes a stopped process on an ignored SIGCONT and delivers what was pending, lowest first", () => {
    const proc = createSystem().spawn();
    const log: number[] = [];
    record(proc, log, SIGUSR2, SIGUSR1);
    proc.sigaction(SIGCONT, { handler: "ignore" });
    generateSignal(proc, user(SIGSTOP));
    generateSignal(proc, user(SIGUSR2));
    generateSignal(proc, user(SIGUSR1));
    expect(log).toEqual([]);
    generateSignal(proc, user(SIGCONT));
    expect(proc.status.state).toBe("running");
    expect(log).toEqual([SIGUSR1, SIGUSR2]);
  });

  it("resumes a stopped process whose sigwait takes the SIGCONT, and delivers what was pending", async () => {
    const proc = createSystem().spawn();
    const log: number[] = [];
    record(proc, log, SIGUSR1);
    const wait = follow(proc.sigwait([SIGCONT]));
    generateSignal(proc, user(SIGSTOP));
    generateSignal(proc, user(SIGUSR1));
    generateSignal(proc, user(SIGCONT, 7));
    await microtasks();
    expect(proc.status.state).toBe("running");
    expect(log).toEqual([SIGUSR1]);
    expect(wait.current).toEqual({ state: "fulfilled", value: user(SIGCONT, 7) });
  });

  it("hands a signal to a waiting sigwait even when it is ignored, the oldest matching wait first", async () => {
    const proc = createSystem().spawn();
    proc.sigaction(SIGWINCH, { handler: "ignore" });
    const other = follow(proc.sigwait([SIGUSR1]));
    const first = follow(proc.sigwait([SIGWINCH, SIGUSR2]));
    const second = follow(proc.sigwait([SIGWINCH]));
    generateSignal(proc, user(SIGWINCH));
    await microtasks();
    expect(first.current.state).toBe("fulfilled");
    expect([other.current.state, second.current.state]).toEqual(["pending", "pending"]);
    expect(proc.signals.waits.size).toBe(2);
  });

  it("keeps a signal pending while stopped, and SIGKILL still ends the stopped process", () => {
    const proc = createSystem().spawn();
    generateSignal(proc, user(SIGSTOP));
    generateSignal(proc, user(SIGTERM));
    expect(proc.status).toEqual({ state: "stopped", signal: SIGSTOP });
    expect(proc.sigpending()).toEqual([SIGTERM]);
    generateSignal(proc, user(SIGKILL));
    expect(proc.status.state).toBe("signaled");
    expect(proc.signals.pendingList()).toEqual([]);
  });
});

describe("deliverPending", () => {
  it("delivers nothing while stopped or after the end, and the lowest unblocked signal first otherwise", () => {
    const proc = createSystem().spawn();
    const log: number[] = [];
    record(proc, log, SIGHUP, SIGUSR1, SIGRTMIN);
    proc.signals.addPending(queued(SIGRTMIN, 1));
    proc.signals.addPending(user(SIGUSR1));
    proc.signals.addPending(user(SIGHUP));
    const mask = proc.signals.maskCopy();
    mask[SIGUSR1] = 1;
    proc.signals.replaceMask(mask);
    proc.signals.stop(SIGTSTP);
    deliverPending(proc);
    expect(log).toEqual([]);
    proc.signals.resume();
    deliverPending(proc);
    expect(log).toEqual([SIGHUP, SIGRTMIN]);
    expect(proc.sigpending()).toEqual([SIGUSR1]);
  });

  it("stops delivering once a handler ends the process", () => {
    const proc = createSystem().spawn();
    const log: number[] = [];
    proc.sigaction(SIGHUP, { handler: () => proc.exit(4) });
    record(proc, log, SIGUSR1);
    proc.signals.addPending(user(SIGHUP));
    proc.signals.addPending(user(SIGUSR1));
    deliverPending(proc);
    expect(log).toEqual([]);
    expect(proc.status).toEqual({ state: "exited", exitStatus: 4 });
  });

  it("runs a handler stored without a mask, and a stored default action with flags takes the default action", () => {
    const proc = createSystem().spawn();
    const seen: number[][] = [];
    proc.signals.setAction(SIGUSR1, { handler: () => seen.push(proc.signals.blockedList()) });
    proc.signals.setAction(SIGTERM, { handler: "default", restart: true });
    proc.signals.addPending(user(SIGUSR1));
    deliverPending(proc);
    expect(seen).toEqual([[SIGUSR1]]);
    proc.signals.addPending(user(SIGTERM));
    deliverPending(proc);
    expect(proc.status).toEqual({ state: "signaled", signal: SIGTERM, core: false });
  });

  it("restores the mask when a handler throws, and the error reaches the caller", () => {
    const proc = createSystem().spawn();
    proc.sigaction(SIGUSR1, { handler: () => {
      throw new Error("handler failed");
    }, mask: [SIGUSR2] });
    expect(() => proc.kill(proc.pid, SIGUSR1)).toThrow("handler failed");
    expect(proc.sigprocmask("block")).toEqual([]);
  });
});

describe("handlers and blocked calls", () => {
  /** A blocked call registered by hand, recording its interruptions. */
  function blockedCall(proc: ReferenceProcess, restart: BlockedCall["restart"]): { readonly call: BlockedCall; readonly reasons: unknown[] } {
    const reasons: unknown[] = [];
    const call: BlockedCall = { syscall: "test", restart, interrupt: (reason) => reasons.push(reason) };
    proc.block(call);
    return { call, reasons };
  }

  it("interrupts the oldest blocked call with an Interruption of cause signal, unless it is uninterruptible", () => {
    const proc = createSystem().spawn();
    proc.sigaction(SIGUSR1, { handler: () => undefined, restart: true });
    const stuck = blockedCall(proc, "uninterruptible");
    const later = blockedCall(proc, "never");
    proc.kill(proc.pid, SIGUSR1);
    expect(stuck.reasons).toEqual([]);
    expect(later.reasons).toEqual([]);
    proc.unblock(stuck.call);
    proc.kill(proc.pid, SIGUSR1);
    expect(later.reasons).toHaveLength(1);
    expect((later.reasons[0] as { cause: string }).cause).toBe("signal");
  });

  it("leaves a restartable call alone under restart, and interrupts it without", () => {
    const proc = createSystem().spawn();
    const restartable = blockedCall(proc, "restart");
    proc.sigaction(SIGUSR1, { handler: () => undefined, restart: true });
    proc.kill(proc.pid, SIGUSR1);
    expect(restartable.reasons).toEqual([]);
    proc.sigaction(SIGUSR1, { handler: () => undefined });
    proc.kill(proc.pid, SIGUSR1);
    expect(restartable.reasons).toHaveLength(1);
  });

  it("interrupts nothing when the signal is ignored or takes a default action", () => {
    const proc = createSystem().spawn();
    const call = blockedCall(proc, "never");
    proc.sigaction(SIGUSR1, { handler: "ignore" });
    proc.kill(proc.pid, SIGUSR1);
    proc.kill(proc.pid, SIGCHLD);
    proc.kill(proc.pid, SIGTSTP);
    expect(call.reasons).toEqual([]);
  });
});

describe("raiseSigpipe", () => {
  it("sends SIGPIPE as the kernel: code kernel, pid 0, uid 0, no value", () => {
    const proc = createSystem().spawn({ uid: 1000 });
    const seen: SignalInfo[] = [];
    proc.sigaction(SIGPIPE, { handler: (info) => seen.push(info) });
    raiseSigpipe(proc);
    expect(seen).toEqual([{ signal: SIGPIPE, code: "kernel", pid: 0, uid: 0, value: undefined }]);
  });

  it("leaves SIGPIPE pending when blocked, does nothing when ignored, and terminates by default", () => {
    const system = createSystem();
    const blocked = system.spawn();
    blocked.sigprocmask("block", [SIGPIPE]);
    raiseSigpipe(blocked);
    expect(blocked.sigpending()).toEqual([SIGPIPE]);
    const ignoring = system.spawn();
    ignoring.sigaction(SIGPIPE, { handler: "ignore" });
    raiseSigpipe(ignoring);
    expect(ignoring.status.state).toBe("running");
    const plain = system.spawn();
    raiseSigpipe(plain);
    expect(plain.status).toEqual({ state: "signaled", signal: SIGPIPE, core: false });
  });
});

describe("the process status", () => {
  it("is how the process ended once it has, else stopped with the signal, else running", () => {
    const proc = createSystem().spawn();
    expect(proc.status).toEqual({ state: "running" });
    expect(Object.isFrozen(proc.status)).toBe(true);
    proc.signals.stop(SIGTSTP);
    expect(proc.status).toEqual({ state: "stopped", signal: SIGTSTP });
    proc.signals.resume();
    proc.exit(1);
    expect(proc.status).toBe(proc.status);
    expect(proc.status).toEqual({ state: "exited", exitStatus: 1 });
  });
});

describe("the calls, made as a process", () => {
  it("fail ESRCH once the caller has ended, sigwait as a rejection", async () => {
    const proc = createSystem().spawn();
    proc.exit();
    expect(thrownCode(() => kill(proc, proc.pid, 0))).toBe("ESRCH");
    expect(thrownCode(() => sigqueue(proc, proc.pid, SIGRTMIN, 1))).toBe("ESRCH");
    expect(thrownCode(() => sigaction(proc, SIGUSR1))).toBe("ESRCH");
    expect(thrownCode(() => sigprocmask(proc, "block"))).toBe("ESRCH");
    expect(thrownCode(() => sigpending(proc))).toBe("ESRCH");
    expect(thrownCode(() => trySigwait(proc, [SIGUSR1]))).toBe("ESRCH");
    const wait = follow(sigwait(proc, [SIGUSR1]));
    await microtasks();
    expect(codeOf(wait.current)).toBe("ESRCH");
  });

  it("name the call in their errors: sigwaitinfo without a timeout, sigtimedwait with one and for trySigwait", async () => {
    const proc = createSystem().spawn();
    const errors = await Promise.all([sigwait(proc, []).catch((e: unknown) => e), sigwait(proc, [], { timeout: 1 }).catch((e: unknown) => e)]);
    expect(errors.map((e) => (e as { syscall: string }).syscall)).toEqual(["sigwaitinfo", "sigtimedwait"]);
    let syscall = "";
    try {
      trySigwait(proc, [SIGUSR1]);
    } catch (error) {
      syscall = (error as { syscall: string }).syscall;
    }
    expect(syscall).toBe("sigtimedwait");
  });

  it("kill refuses a real-time signal to a group when any live member's queue is full, sending nothing", () => {
    const system = createSystem();
    const leader = system.spawn();
    const child = leader.fork();
    leader.sigprocmask("block", [SIGRTMIN]);
    child.sigprocmask("block", [SIGRTMIN]);
    for (let i = 0; i < SIGQUEUE_MAX; i++) leader.sigqueue(child.pid, SIGRTMIN, i);
    expect(thrownCode(() => leader.kill(0, SIGRTMIN))).toBe("EAGAIN");
    expect(leader.sigpending()).toEqual([]);
    child.exit();
    leader.kill(0, SIGRTMIN);
    expect(leader.sigpending()).toEqual([SIGRTMIN]);
  });

  it("sigaction stores the action checked and frozen, and a plain default reads back as the shared default", () => {
    const proc = createSystem().spawn();
    const handler = (): void => undefined;
    proc.sigaction(SIGUSR1, { handler, mask: [SIGKILL, SIGUSR2, SIGSTOP, SIGHUP] });
    const stored = proc.sigaction(SIGUSR1);
    expect(stored).toEqual({ handler, mask: [SIGHUP, SIGUSR2], restart: false, resetHand: false, noDefer: false });
    expect(Object.isFrozen(stored) && Object.isFrozen(stored.mask)).toBe(true);
    proc.sigaction(SIGUSR1, { handler: "default" });
    expect(proc.signals.action(SIGUSR1)).toBeUndefined();
    expect(proc.sigaction(SIGUSR1)).toBe(proc.sigaction(SIGUSR2));
    proc.sigaction(SIGUSR1, { handler: "default", restart: true });
    expect(proc.signals.action(SIGUSR1)?.restart).toBe(true);
  });

  it("sigprocmask returns a frozen copy of the mask before", () => {
    const proc = createSystem().spawn();
    const before = proc.sigprocmask("block", [SIGUSR1]);
    expect(before).toEqual([]);
    expect(Object.isFrozen(before)).toBe(true);
    expect(Object.isFrozen(proc.sigpending())).toBe(true);
  });
});

describe("argument checks", () => {
  it("refuse bad input with EINVAL before looking at any target, and check the target after", () => {
    const system = createSystem();
    const proc = system.spawn({ uid: 1000 });
    const other = system.spawn({ uid: 1001 });
    const loose = proc as unknown as Record<"kill" | "sigqueue" | "sigaction" | "sigprocmask", (...args: unknown[]) => unknown>;
    const codes = [
      thrownCode(() => loose.kill(1.5, SIGUSR1)),
      thrownCode(() => loose.kill(99, 65)),
      thrownCode(() => loose.sigqueue(0, SIGUSR1, 1)),
      thrownCode(() => loose.sigqueue(99, 0.5, 1)),
      thrownCode(() => loose.sigqueue(proc.pid, SIGRTMIN, 2 ** 31)),
      thrownCode(() => loose.sigaction(SIGUSR1, null)),
      thrownCode(() => loose.sigaction(SIGUSR1, { handler: "catch" })),
      thrownCode(() => loose.sigaction(SIGUSR1, { handler: "ignore", noDefer: 1 })),
      thrownCode(() => loose.sigaction(SIGKILL, { handler: "ignore" })),
      thrownCode(() => loose.sigprocmask("add", [SIGUSR1])),
      thrownCode(() => loose.sigprocmask("block", "10")),
      thrownCode(() => loose.sigprocmask("block", [SIGUSR1, 0])),
      thrownCode(() => proc.kill(99, SIGUSR1)),
      thrownCode(() => proc.sigqueue(99, SIGUSR1, 1)),
      thrownCode(() => proc.kill(other.pid, SIGUSR1)),
      thrownCode(() => proc.sigqueue(other.pid, SIGUSR1, 1)),
    ];
    expect(codes).toEqual([...Array<string>(12).fill("EINVAL"), "ESRCH", "ESRCH", "EPERM", "EPERM"]);
    expect(proc.sigprocmask("block")).toEqual([]);
    expect(proc.sigaction(SIGUSR1).handler).toBe("default");
  });

  it("signal 0 checks and sends nothing; kill(-1) leaves the caller out", () => {
    const system = createSystem();
    const proc = system.spawn();
    const other = system.spawn();
    const log: number[] = [];
    record(proc, log, SIGUSR1);
    proc.kill(other.pid, 0);
    proc.sigqueue(other.pid, 0, 1);
    proc.kill(-1, SIGUSR1);
    expect(log).toEqual([]);
    expect(other.status).toEqual({ state: "signaled", signal: SIGUSR1, core: false });
  });

  it("sigwait rejects a bad timeout and an aborted signal, taking nothing", async () => {
    const proc = createSystem().spawn();
    proc.sigprocmask("block", [SIGUSR1]);
    proc.kill(proc.pid, SIGUSR1);
    const bad = follow(proc.sigwait([SIGUSR1], { timeout: -1 }));
    const aborted = follow(proc.sigwait([SIGUSR1], { signal: AbortSignal.abort() }));
    await microtasks();
    expect([codeOf(bad.current), codeOf(aborted.current)]).toEqual(["EINVAL", "ECANCELED"]);
    expect(proc.trySigwait([SIGUSR1]).signal).toBe(SIGUSR1);
  });
});

describe("default actions and dispositions at delivery", () => {
  it("dumps core for SIGQUIT, ignores an unblocked SIGCONT's default, and drops a signal still ignored when unblocked", () => {
    const system = createSystem();
    const quit = system.spawn();
    quit.kill(quit.pid, 3);
    expect(quit.status).toEqual({ state: "signaled", signal: 3, core: true });
    const proc = system.spawn();
    proc.sigprocmask("block", [SIGCONT, SIGUSR1]);
    proc.sigaction(SIGUSR1, { handler: "ignore" });
    proc.kill(proc.pid, SIGCONT);
    proc.kill(proc.pid, SIGUSR1);
    expect(proc.sigpending()).toEqual([SIGUSR1, SIGCONT]);
    proc.sigprocmask("set", []);
    expect(proc.status.state).toBe("running");
    expect(proc.sigpending()).toEqual([]);
  });

  it("resets a resetHand handler to default as it is entered", () => {
    const proc = createSystem().spawn();
    const log: number[] = [];
    proc.sigaction(SIGUSR2, { handler: (info) => log.push(info.signal), resetHand: true });
    proc.kill(proc.pid, SIGUSR2);
    expect(proc.signals.action(SIGUSR2)).toBeUndefined();
    proc.kill(proc.pid, SIGUSR2);
    expect(log).toEqual([SIGUSR2]);
    expect(proc.status.state).toBe("signaled");
  });
});

describe("sigwait's timer", () => {
  it("is cancelled when a signal is taken, and when the wait is aborted or interrupted", async () => {
    vi.useFakeTimers();
    const proc = createSystem().spawn();
    proc.sigprocmask("block", [SIGUSR1]);
    const taken = follow(proc.sigwait([SIGUSR1], { timeout: 1000 }));
    expect(vi.getTimerCount()).toBe(1);
    proc.kill(proc.pid, SIGUSR1);
    expect(vi.getTimerCount()).toBe(0);
    const controller = new AbortController();
    const aborted = follow(proc.sigwait([SIGUSR1], { timeout: 1000, signal: controller.signal }));
    controller.abort();
    expect(vi.getTimerCount()).toBe(0);
    proc.sigaction(SIGUSR2, { handler: () => undefined });
    const interrupted = follow(proc.sigwait([SIGUSR1], { timeout: 1000 }));
    proc.kill(proc.pid, SIGUSR2);
    expect(vi.getTimerCount()).toBe(0);
    await microtasks();
    expect([taken.current.state, codeOf(aborted.current), codeOf(interrupted.current)]).toEqual(["fulfilled", "ECANCELED", "EINTR"]);
  });

  it("fails the wait EAGAIN when it fires, and the wait leaves the queue", async () => {
    vi.useFakeTimers();
    const proc = createSystem().spawn();
    const wait = follow(proc.sigwait([SIGUSR1], { timeout: 50 }));
    vi.advanceTimersByTime(49);
    await microtasks();
    expect(wait.current.state).toBe("pending");
    vi.advanceTimersByTime(1);
    await microtasks();
    expect(codeOf(wait.current)).toBe("EAGAIN");
    expect(proc.signals.waits.isEmpty).toBe(true);
    expect(proc.oldestBlockedCall()).toBeUndefined();
  });

  it("is not started for a zero timeout, which fails at once, nor when a signal is already pending", async () => {
    vi.useFakeTimers();
    const proc = createSystem().spawn();
    const zero = follow(proc.sigwait([SIGUSR1], { timeout: 0 }));
    proc.sigprocmask("block", [SIGUSR1]);
    proc.kill(proc.pid, SIGUSR1);
    const pending = follow(proc.sigwait([SIGUSR1], { timeout: 1000 }));
    expect(vi.getTimerCount()).toBe(0);
    await microtasks();
    expect([codeOf(zero.current), pending.current.state]).toEqual(["EAGAIN", "fulfilled"]);
  });
});

describe("the end of a process", () => {
  it("interrupts its sigwait with EINTR and discards what was pending", async () => {
    const proc = createSystem().spawn();
    proc.sigprocmask("block", [SIGUSR2]);
    proc.kill(proc.pid, SIGUSR2);
    const wait = follow(proc.sigwait([SIGUSR1]));
    proc.kill(proc.pid, SIGTERM);
    await microtasks();
    expect(codeOf(wait.current)).toBe("EINTR");
    expect(proc.signals.pendingList()).toEqual([]);
    expect(proc.signals.waits.isEmpty).toBe(true);
  });
});
