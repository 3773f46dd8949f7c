/**
 * Conformance tests for POSIX semaphores: at least one test for every clause
 * of {@link SEM_CLAUSES}, each named by the clause it checks and titled with
 * the rule it checks, plus a property-based race under fast-check's
 * scheduler (random interleavings of waits, timed waits, tryWaits, posts and
 * aborts, checked for lost or invented units and for the order of service).
 *
 * Blocking is proven without sleeps: a wait is {@link track}ed, the task
 * queue drained, and the wait found still pending; then the test acts (a
 * post, an abort) and checks that it settles. Only the deadline tests use
 * real time, a few milliseconds. Every test builds a fresh system through
 * its {@link TestContext}.
 *
 * Tests of named semaphores (`semOpen`, `semClose`, `semUnlink`) require
 * `"sem.named"`. Permission tests use five processes of one system: the
 * owner (uid 1000, gid 100), a member of the owning group by its primary gid
 * (uid 1001), one by a supplementary group (uid 1002), another user
 * (uid 1003, gid 200) and root; tests that set a umask require
 * `"process.umask"`, tests that fork or exit require `"process.fork"` or
 * `"process.exit"`, and tests of signal handlers (and of a process killed by
 * a signal) require `"signal"`.
 *
 * @module
 */

import fc from "fast-check";
import type { Arbitrary, Scheduler } from "fast-check";

import { IpcError } from "../spec/errors.ts";
import type { SEM_CLAUSES, SemApi, Semaphore } from "../spec/sem.ts";
import { SEM_NAME_MAX, SEM_VALUE_MAX } from "../spec/sem.ts";
import { SIGKILL, SIGUSR1 } from "../spec/signal.ts";
import type { SignalInfo } from "../spec/signal.ts";
import type { IpcProcess } from "../spec/system.ts";
import {
  AssertionFailure,
  describeValue,
  drain,
  expectEqual,
  expectOutcomes,
  expectPending,
  expectRejectsCode,
  expectSync,
  expectThrowsCode,
  expectTrue,
  isThenable,
  operationChecks,
  outcome,
  track,
  expectServedInOrder,
} from "./assert.ts";
import type { Tracked } from "./assert.ts";
import { PERMISSION_USERS, badDeadlines, catchSignal, interruptWithSigusr1, requireCalls, setUmask, signalProcess, spawnProcesses, users } from "./fixtures/index.ts";
import type { BadValue } from "./fixtures/index.ts";
import type { Common, TestContext, TestFunction } from "./harness.ts";
import { checkProperty } from "./property.ts";

// ---------------------------------------------------------------------------
// Local helpers
// ---------------------------------------------------------------------------

const NAMED = ["sem.named"] as const;
const NAMED_UMASK = ["sem.named", "process.umask"] as const;
const NAMED_FORK = ["sem.named", "process.fork"] as const;
const EXIT = ["process.exit"] as const;
const SIGNAL = ["signal"] as const;
const NAME = "/ipckit-sem";

/** Waits must return promises: every operation started here is checked to be one. */
const { start, expectDoneNow, expectRejectsNow, expectSettledNow } = operationChecks({ requirePromise: true });

/** A process with the semaphore calls. */
type SemProcess = IpcProcess & SemApi;

/** Fails unless the process has the calls of unnamed semaphores (and, with `named`, of named ones). */
function withSems(proc: IpcProcess, named = false): SemProcess {
  const calls = ["semInit", "semWait", "semTryWait", "semPost", "semGetValue", "semDestroy"] as const;
  const namedCalls = ["semOpen", "semClose", "semUnlink"] as const;
  return requireCalls<SemProcess>(proc, named ? [...calls, ...namedCalls] : calls, named ? "sem.named" : "sem");
}

/** A fresh system and one process in it. */
async function semProcess(t: TestContext, named = false): Promise<SemProcess> {
  return withSems(await t.process({ uid: 1000, gid: 100 }), named);
}

/** Fails unless the semaphore's value, read by `proc`, is `expected`. */
function expectValue(proc: SemProcess, sem: Semaphore, expected: number, what: string): void {
  expectEqual(proc.semGetValue(sem), expected, what);
}

/**
 * Has `killer` send `SIGUSR1` to `target`, and fails unless `target`'s
 * handler ran for it, once, before `kill` returned.
 */
function interrupt(killer: IpcProcess, target: IpcProcess, caught: readonly SignalInfo[], what: string): void {
  interruptWithSigusr1(killer, target, caught, what);
}

/** Resolves after `ms` milliseconds of real time (deadline tests only). */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Values that are not semaphores (SEM-ERR-1); the caller adds the implementation's other objects. */
function notSemaphores(): BadValue[] {
  return [
    { label: "null", value: null },
    { label: "undefined", value: undefined },
    { label: "a number", value: 1 },
    { label: "a string", value: "/ipckit-sem" },
    { label: "a plain object", value: {} },
    { label: "an object shaped like a semaphore", value: { name: undefined } },
  ];
}

// ---------------------------------------------------------------------------
// The scheduled race (SEM-ATOM-1 and SEM-ORD-1 properties)
// ---------------------------------------------------------------------------

type RaceOp =
  | { readonly kind: "wait"; readonly proc: number }
  | { readonly kind: "timed"; readonly proc: number; readonly delay: number }
  | { readonly kind: "try"; readonly proc: number }
  | { readonly kind: "post"; readonly proc: number }
  | { readonly kind: "abort"; readonly target: number };

interface RaceCase {
  readonly initial: number;
  readonly ops: readonly RaceOp[];
}

function describeOp(op: RaceOp): string {
  switch (op.kind) {
    case "wait":
      return `semWait by process #${op.proc}`;
    case "timed":
      return `semWait by process #${op.proc} with a deadline ${op.delay} ms away`;
    case "try":
      return `semTryWait by process #${op.proc}`;
    case "post":
      return `semPost by process #${op.proc}`;
    case "abort":
      return `abort of wait #${op.target}`;
  }
}

function raceCase(): Arbitrary<RaceCase> {
  const proc = fc.nat(2);
  const op: Arbitrary<RaceOp> = fc.oneof(
    { weight: 4, arbitrary: proc.map((p): RaceOp => ({ kind: "wait", proc: p })) },
    { weight: 2, arbitrary: fc.tuple(proc, fc.constantFrom(-5, 1, 3)).map(([p, delay]): RaceOp => ({ kind: "timed", proc: p, delay })) },
    { weight: 2, arbitrary: proc.map((p): RaceOp => ({ kind: "try", proc: p })) },
    { weight: 4, arbitrary: proc.map((p): RaceOp => ({ kind: "post", proc: p })) },
    { weight: 2, arbitrary: fc.nat(15).map((target): RaceOp => ({ kind: "abort", target })) },
  );
  return fc.record({ initial: fc.nat(2), ops: fc.array(op, { minLength: 1, maxLength: 14 }) });
}

/** One wait started during a race. */
interface RaceWait {
  readonly controller: AbortController;
  readonly tracked: Tracked<void>;
  readonly deadline: number | undefined;
}

/**
 * Runs the operations in the order the scheduler picks, then checks the
 * units (SEM-ATOM-1: initial + posts = value + units taken, and no wait left
 * pending while the value is positive) or the order (SEM-ORD-1: waits
 * resolve in the order they were called).
 */
async function runSemRace(t: TestContext, s: Scheduler, race: RaceCase, check: "units" | "order"): Promise<void> {
  const system = await t.system();
  const procs = [0, 1, 2].map((i) => withSems(system.spawn({ uid: 1000 + i, gid: 100 })));
  const sem = procs[0]!.semInit(race.initial);
  const waits: RaceWait[] = [];
  const served: number[] = [];
  let posts = 0;
  let tries = 0;
  const perform = (op: RaceOp): void => {
    if (op.kind === "abort") {
      if (waits.length > 0) waits[op.target % waits.length]!.controller.abort();
      return;
    }
    const proc = procs[op.proc]!;
    if (op.kind === "post") {
      proc.semPost(sem);
      posts += 1;
    } else if (op.kind === "try") {
      try {
        proc.semTryWait(sem);
        tries += 1;
      } catch (error) {
        if (!IpcError.is(error, "EAGAIN")) throw error;
      }
    } else {
      const index = waits.length;
      const controller = new AbortController();
      const deadline = op.kind === "timed" ? Date.now() + op.delay : undefined;
      const promise = proc.semWait(sem, deadline === undefined ? { signal: controller.signal } : { signal: controller.signal, deadline });
      promise.then(
        () => served.push(index),
        () => undefined,
      );
      waits.push({ controller, tracked: track(promise), deadline });
    }
  };
  const tasks = race.ops.map((op, i) => s.schedule(Promise.resolve(), `#${i + 1}: ${describeOp(op)}`).then(() => perform(op)));
  await s.waitIdle();
  await Promise.all(tasks);
  await drain();
  // Let the deadlines of timed waits still pending pass.
  const latest = Math.max(0, ...waits.filter((w) => w.tracked.state === "pending" && w.deadline !== undefined).map((w) => w.deadline!));
  if (latest > 0) {
    await sleep(latest - Date.now() + 2);
    await drain();
  }
  const value = procs[0]!.semGetValue(sem);
  const pending = waits.filter((w) => w.tracked.state === "pending").length;
  for (const w of waits) w.controller.abort();
  await drain();
  for (const [i, w] of waits.entries()) {
    if (w.tracked.state === "rejected" && !IpcError.is(w.tracked.reason, "ECANCELED") && !IpcError.is(w.tracked.reason, "ETIMEDOUT")) {
      throw new AssertionFailure(`wait #${i}`, "resolved, or rejected ECANCELED or ETIMEDOUT", describeValue(w.tracked.reason));
    }
  }
  const taken = waits.filter((w) => w.tracked.state === "fulfilled").length;
  if (check === "units") {
    expectTrue(
      race.initial + posts === value + tries + taken,
      "units after the race",
      `initial ${race.initial} + ${posts} posts = value + ${tries} tryWaits + ${taken} waits served`,
      `value ${value}`,
    );
    expectTrue(pending === 0 || value === 0, "waits left pending after the race", "none, or a value of 0", `${pending} pending with value ${value}`);
    expectValue(procs[1]!, sem, value, "the value once every pending wait was aborted (aborts take nothing)");
  } else {
    expectServedInOrder(served, "the order the waits were served in", "waits");
  }
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

/**
 * Registers the conformance tests of POSIX semaphores: one or more tests for
 * each clause of {@link SEM_CLAUSES}, including a scheduled race of waits,
 * posts, aborts and deadlines.
 *
 * Tests of named semaphores require `"sem.named"`; tests that set a umask,
 * fork or exit require `"process.umask"`, `"process.fork"` or
 * `"process.exit"`; tests of signal handlers require `"signal"`. Every other
 * test uses only `spawn` and the calls of unnamed semaphores.
 *
 * @param test - registers one test against a clause
 * @param common - what the implementation under test supports: every test
 *   states its needs in `requires`, and the runner skips what is missing; the
 *   one use is to offer a mutex as a non-semaphore only when mutexes exist
 * @returns nothing; the tests are registered through `test`
 *
 * @example Collect the semaphore tests
 * ```ts
 * import { collectTests, semTests } from "ipckit/conformance";
 * const tests = collectTests([{ feature: "sem", suite: semTests }], { supports: () => true });
 * console.assert(tests.some((entry) => entry.clause === "SEM-BLK-2"));
 * ```
 */
export function semTests(test: TestFunction, common: Common): void {

  // ----- Ordering -----------------------------------------------------------

  test("SEM-ORD-1", "pending waits are served first come, first served, one per post", async (t) => {
    const [a, b, c] = await spawnProcesses(t, 3, withSems);
    const sem = a!.semInit(0);
    const w1 = start(() => b!.semWait(sem), "the first wait on 0");
    const w2 = start(() => c!.semWait(sem), "the second wait on 0");
    const w3 = start(() => a!.semWait(sem), "the third wait on 0");
    for (const [i, w] of [w1, w2, w3].entries()) await expectPending(w, `wait #${i + 1} on 0`);
    a!.semPost(sem);
    await expectDoneNow(w1, "the first wait, after one post");
    await expectPending(w2, "the second wait, after one post");
    await expectPending(w3, "the third wait, after one post");
    b!.semPost(sem);
    await expectDoneNow(w2, "the second wait, after a second post");
    await expectPending(w3, "the third wait, after a second post");
    c!.semPost(sem);
    await expectDoneNow(w3, "the third wait, after a third post");
    expectValue(a!, sem, 0, "the value after three posts served three waits");
  });

  test("SEM-ORD-1", "a wait started later is not served before an earlier one, whoever posts", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withSems);
    const sem = a!.semInit(0);
    const early = start(() => a!.semWait(sem), "the earlier wait (by the process that will post)");
    const late = start(() => b!.semWait(sem), "the later wait");
    await expectPending(early, "the earlier wait");
    b!.semPost(sem);
    await expectDoneNow(early, "the earlier wait, after a post by the later waiter's process");
    await expectPending(late, "the later wait, after one post");
    a!.semPost(sem);
    await expectDoneNow(late, "the later wait, after a second post");
  });

  test(
    "SEM-ORD-1",
    "under any interleaving of waits, timed waits, tryWaits, posts and aborts, the waits served are served in the order they started",
    async (t) => {
      await checkProperty(
        t,
        fc.asyncProperty(fc.scheduler(), raceCase(), async (s, race) => runSemRace(t, s, race, "order")),
        "scheduled race of waits and posts",
        "waits served first come, first served",
        { limitTime: false },
      );
    },
    { timeoutFactor: 4 },
  );

  // ----- Blocking -----------------------------------------------------------

  test("SEM-BLK-1", "a wait on a positive value takes one unit and resolves at once", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(2);
    await expectDoneNow(() => proc.semWait(sem), "a wait on the value 2");
    expectValue(proc, sem, 1, "the value after one wait on 2");
    await expectDoneNow(() => proc.semWait(sem), "a wait on the value 1");
    expectValue(proc, sem, 0, "the value after two waits on 2");
  });

  test("SEM-BLK-1", "a wait on 0 stays pending until a post, then resolves having taken the unit", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(0);
    const w = start(() => proc.semWait(sem), "a wait on 0");
    await expectPending(w, "a wait on 0 with nobody posting");
    expectValue(proc, sem, 0, "the value while the wait is pending");
    proc.semPost(sem);
    await expectDoneNow(w, "the pending wait, once a unit is posted");
    expectValue(proc, sem, 0, "the value after the post served the wait");
    expectThrowsCode(() => proc.semTryWait(sem), "EAGAIN", "tryWait after the wait took the posted unit");
  });

  test("SEM-BLK-1", "a wait on a value taken to 0 by earlier waits blocks again", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(1);
    await expectDoneNow(() => proc.semWait(sem), "a wait on the value 1");
    const w = start(() => proc.semWait(sem), "a second wait");
    await expectPending(w, "a second wait, the only unit taken");
    proc.semPost(sem);
    await expectDoneNow(w, "the second wait, once a unit is posted");
  });

  test("SEM-BLK-2", "a post with two waits pending wakes exactly one, and the value stays 0", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withSems);
    const sem = a!.semInit(0);
    const w1 = start(() => a!.semWait(sem), "the first wait on 0");
    const w2 = start(() => b!.semWait(sem), "the second wait on 0");
    await expectPending(w1, "the first wait");
    await expectPending(w2, "the second wait");
    a!.semPost(sem);
    await drain();
    const woken = [w1, w2].filter((w) => w.state !== "pending").length;
    expectEqual(woken, 1, "waits settled by one post");
    expectValue(a!, sem, 0, "the value after the post went to a waiting process");
    expectThrowsCode(() => b!.semTryWait(sem), "EAGAIN", "tryWait right after the post (the unit went to the wait)");
  });

  test("SEM-BLK-2", "posts with no wait pending raise the value, and later waits take from it at once", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(0);
    proc.semPost(sem);
    proc.semPost(sem);
    expectValue(proc, sem, 2, "the value after two posts with nobody waiting");
    await expectDoneNow(() => proc.semWait(sem), "a wait after two posts");
    await expectDoneNow(() => proc.semWait(sem), "a second wait after two posts");
    expectValue(proc, sem, 0, "the value after the two waits");
  });

  test("SEM-BLK-2", "a post made synchronously right after a wait started serves that wait, not the value", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(0);
    const w = start(() => proc.semWait(sem), "a wait on 0");
    proc.semPost(sem);
    expectValue(proc, sem, 0, "the value read right after the post, before any task ran");
    await expectDoneNow(w, "the wait served by the post");
  });

  test("SEM-BLK-3", "an aborted pending wait rejects ECANCELED and takes nothing: a later post raises the value", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(0);
    const controller = new AbortController();
    const w = start(() => proc.semWait(sem, { signal: controller.signal }), "a wait on 0 with a signal");
    await expectPending(w, "the wait before the abort");
    const reason = new Error("stop");
    controller.abort(reason);
    const error = await expectRejectsNow(w, "ECANCELED", "the wait once aborted");
    expectEqual(error.cause, reason, "the cause of the ECANCELED (the signal's reason)");
    proc.semPost(sem);
    expectValue(proc, sem, 1, "the value after a post that no wait is left to take");
  });

  test("SEM-BLK-3", "aborting the first of two pending waits passes the next post to the second", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withSems);
    const sem = a!.semInit(0);
    const controller = new AbortController();
    const w1 = start(() => a!.semWait(sem, { signal: controller.signal }), "the first wait, with a signal");
    const w2 = start(() => b!.semWait(sem), "the second wait");
    await expectPending(w2, "the second wait");
    controller.abort();
    await expectRejectsNow(w1, "ECANCELED", "the first wait once aborted");
    await expectPending(w2, "the second wait after the first was aborted");
    a!.semPost(sem);
    await expectDoneNow(w2, "the second wait, served by the post after the abort");
    expectValue(a!, sem, 0, "the value (the unit went to the second wait)");
  });

  test("SEM-BLK-3", "a unit posted to a wait before its abort stays with it: the wait resolves and no unit is lost or made", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(0);
    const controller = new AbortController();
    const w = start(() => proc.semWait(sem, { signal: controller.signal }), "a wait on 0 with a signal");
    await expectPending(w, "the wait before the post");
    proc.semPost(sem);
    controller.abort();
    await expectDoneNow(w, "the wait, posted to before the abort");
    expectValue(proc, sem, 0, "the value (the posted unit was taken by the wait, once)");
  });

  test("SEM-BLK-4", "a wait with an already aborted signal rejects ECANCELED and takes nothing, though the value is positive", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(1);
    const reason = new Error("already");
    const error = await expectRejectsNow(() => proc.semWait(sem, { signal: AbortSignal.abort(reason) }), "ECANCELED", "a wait with an aborted signal on the value 1");
    expectEqual(error.cause, reason, "the cause of the ECANCELED (the signal's reason)");
    await expectRejectsNow(
      () => proc.semWait(sem, { signal: AbortSignal.abort(), deadline: 0 }),
      "ECANCELED",
      "a timed wait with an aborted signal and a passed deadline on the value 1",
    );
    expectValue(proc, sem, 1, "the value after the aborted waits");
  });

  test("SEM-BLK-4", "a wait with an already aborted signal on 0 rejects at once instead of waiting", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(0);
    await expectRejectsNow(() => proc.semWait(sem, { signal: AbortSignal.abort() }), "ECANCELED", "a wait with an aborted signal on 0");
    proc.semPost(sem);
    expectValue(proc, sem, 1, "the value after a post (no wait was queued)");
  });

  test("SEM-BLK-5", "semGetValue reads 0, not a negative count, while waits are pending", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withSems);
    const sem = a!.semInit(0);
    const w1 = start(() => a!.semWait(sem), "a wait on 0");
    const w2 = start(() => b!.semWait(sem), "another wait on 0");
    await expectPending(w1, "the first wait");
    await expectPending(w2, "the second wait");
    expectValue(a!, sem, 0, "the value with two waits pending");
    a!.semPost(sem);
    await expectDoneNow(w1, "the first wait once posted");
    expectValue(b!, sem, 0, "the value with one wait still pending");
    a!.semPost(sem);
    await expectDoneNow(w2, "the second wait once posted");
  });

  test("SEM-BLK-5", "semGetValue reads the value as posts and takes change it", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(3);
    expectValue(proc, sem, 3, "the initial value");
    proc.semTryWait(sem);
    expectValue(proc, sem, 2, "the value after one tryWait");
    proc.semPost(sem);
    proc.semPost(sem);
    expectValue(proc, sem, 4, "the value after two posts");
  });

  test("SEM-BLK-6", "a handler run while a wait is pending ends it with EINTR, having taken nothing: a later post raises the value", async (t) => {
    const [proc, killer] = await spawnProcesses(t, 2, withSems);
    const sem = proc!.semInit(0);
    const caught = catchSignal(proc!, SIGUSR1);
    const w = start(() => proc!.semWait(sem), "a wait on 0");
    await expectPending(w, "the wait before the signal");
    interrupt(killer!, proc!, caught, "the wait is pending");
    await expectRejectsNow(w, "EINTR", "the wait a handler interrupted");
    expectValue(proc!, sem, 0, "the value after the interruption");
    proc!.semPost(sem);
    expectValue(proc!, sem, 1, "the value after a post that no wait is left to take");
  }, { requires: SIGNAL });

  test("SEM-BLK-6", "a handler ends a timed wait with EINTR too, long before its deadline, taking nothing", async (t) => {
    const [proc, killer] = await spawnProcesses(t, 2, withSems);
    const sem = proc!.semInit(0);
    const caught = catchSignal(proc!, SIGUSR1);
    const w = start(() => proc!.semWait(sem, { deadline: Date.now() + 60000 }), "a wait on 0 with a deadline a minute away");
    await expectPending(w, "the timed wait before the signal");
    interrupt(killer!, proc!, caught, "the timed wait is pending");
    await expectRejectsNow(w, "EINTR", "the timed wait a handler interrupted");
    proc!.semPost(sem);
    expectValue(proc!, sem, 1, "the value after a post (the interrupted wait took nothing)");
  }, { requires: SIGNAL });

  test("SEM-BLK-6", "interrupting the first of two pending waits passes the next post to the second, and no unit is lost", async (t) => {
    const [a, b, killer] = await spawnProcesses(t, 3, withSems);
    const sem = a!.semInit(0);
    const caught = catchSignal(a!, SIGUSR1);
    const w1 = start(() => a!.semWait(sem), "the first wait, of the process signalled");
    const w2 = start(() => b!.semWait(sem), "the second wait, of another process");
    await expectPending(w2, "the second wait");
    interrupt(killer!, a!, caught, "both waits are pending");
    await expectRejectsNow(w1, "EINTR", "the first wait, interrupted");
    await expectPending(w2, "the second wait, which no handler touched");
    a!.semPost(sem);
    await expectDoneNow(w2, "the second wait, served by the post after the interruption");
    a!.semPost(sem);
    expectValue(a!, sem, 1, "the value after a second post (nobody left waiting)");
  }, { requires: SIGNAL });

  test("SEM-BLK-7", "under restart a pending wait goes on waiting through the handler and takes the next post", async (t) => {
    const [proc, killer] = await spawnProcesses(t, 2, withSems);
    const sem = proc!.semInit(0);
    const caught = catchSignal(proc!, SIGUSR1, { restart: true });
    const w = start(() => proc!.semWait(sem), "a wait on 0");
    await expectPending(w, "the wait before the signal");
    interrupt(killer!, proc!, caught, "the wait is pending");
    await expectPending(w, "the wait after a handler with restart ran");
    proc!.semPost(sem);
    await expectDoneNow(w, "the restarted wait, served by the post");
    expectValue(proc!, sem, 0, "the value (the restarted wait took the unit)");
  }, { requires: SIGNAL });

  test("SEM-BLK-7", "under restart a timed wait keeps its deadline: it fails ETIMEDOUT once the deadline passes, having taken nothing", async (t) => {
    const [proc, killer] = await spawnProcesses(t, 2, withSems);
    const sem = proc!.semInit(0);
    const caught = catchSignal(proc!, SIGUSR1, { restart: true });
    const w = start(() => proc!.semWait(sem, { deadline: Date.now() + 40 }), "a wait on 0 with a deadline 40 ms away");
    await expectPending(w, "the timed wait before the signal");
    interrupt(killer!, proc!, caught, "the timed wait is pending");
    await expectPending(w, "the timed wait after a handler with restart ran");
    await expectRejectsCode(w.promise, "ETIMEDOUT", "the restarted wait once its deadline passed");
    proc!.semPost(sem);
    expectValue(proc!, sem, 1, "the value after a post (the timed-out wait took nothing)");
  }, { requires: SIGNAL });

  test("SEM-BLK-7", "under restart a wait keeps its place: the next post goes to it, not to a wait that started after it", async (t) => {
    const [a, b, killer] = await spawnProcesses(t, 3, withSems);
    const sem = a!.semInit(0);
    const caught = catchSignal(a!, SIGUSR1, { restart: true });
    const w1 = start(() => a!.semWait(sem), "the first wait, of the process signalled");
    const w2 = start(() => b!.semWait(sem), "the second wait, of another process");
    await expectPending(w1, "the first wait");
    interrupt(killer!, a!, caught, "both waits are pending");
    a!.semPost(sem);
    await expectDoneNow(w1, "the restarted first wait, served by the post");
    await expectPending(w2, "the second wait");
    a!.semPost(sem);
    await expectDoneNow(w2, "the second wait, served by the next post");
  }, { requires: SIGNAL });

  // ----- Non-blocking -------------------------------------------------------

  test("SEM-NB-1", "tryWait on a positive value takes one unit at a time, then fails EAGAIN at 0", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(2);
    proc.semTryWait(sem);
    expectValue(proc, sem, 1, "the value after one tryWait on 2");
    proc.semTryWait(sem);
    expectValue(proc, sem, 0, "the value after two tryWaits on 2");
    expectThrowsCode(() => proc.semTryWait(sem), "EAGAIN", "tryWait at 0");
    expectValue(proc, sem, 0, "the value after the refused tryWait");
  });

  test("SEM-NB-1", "a refused tryWait changes nothing: the next post raises the value to 1", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(0);
    for (let i = 0; i < 3; i++) expectThrowsCode(() => proc.semTryWait(sem), "EAGAIN", `tryWait #${i + 1} at 0`);
    proc.semPost(sem);
    expectValue(proc, sem, 1, "the value after a post following three refused tryWaits");
    proc.semTryWait(sem);
    expectValue(proc, sem, 0, "the value after a tryWait took the posted unit");
  });

  test("SEM-NB-1", "tryWait while waits are pending fails EAGAIN and takes nothing ahead of them", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withSems);
    const sem = a!.semInit(0);
    const w = start(() => a!.semWait(sem), "a wait on 0");
    await expectPending(w, "the wait");
    expectThrowsCode(() => b!.semTryWait(sem), "EAGAIN", "tryWait while a wait is pending");
    b!.semPost(sem);
    await expectDoneNow(w, "the wait, served by the post");
  });

  test("SEM-NB-2", "tryWait, post, getValue, init and destroy return plain values at once, never promises", async (t) => {
    const proc = await semProcess(t);
    const sem = expectSync(proc.semInit(1), "semInit");
    expectEqual(expectSync(proc.semTryWait(sem), "semTryWait on 1"), undefined, "semTryWait's result");
    expectEqual(expectSync(proc.semPost(sem), "semPost"), undefined, "semPost's result");
    expectEqual(expectSync(proc.semGetValue(sem), "semGetValue"), 1, "semGetValue's result");
    proc.semTryWait(sem);
    let thrown: unknown;
    let returned: unknown;
    try {
      returned = proc.semTryWait(sem);
    } catch (error) {
      thrown = error;
    }
    expectTrue(!isThenable(returned) && IpcError.is(thrown, "EAGAIN"), "semTryWait at 0", "a synchronous EAGAIN", thrown === undefined ? describeValue(returned) : describeValue(thrown));
    expectEqual(expectSync(proc.semDestroy(sem), "semDestroy"), undefined, "semDestroy's result");
  });

  test(
    "SEM-NB-2",
    "semOpen, semClose and semUnlink return at once, never promises",
    async (t) => {
      const proc = await semProcess(t, true);
      const sem = expectSync(proc.semOpen(NAME, { create: true }), "semOpen");
      expectEqual(expectSync(proc.semClose(sem), "semClose"), undefined, "semClose's result");
      expectEqual(expectSync(proc.semUnlink(NAME), "semUnlink"), undefined, "semUnlink's result");
    },
    { requires: NAMED },
  );

  // ----- Timeouts -----------------------------------------------------------

  test("SEM-TMO-1", "a timed wait on 0 fails ETIMEDOUT once its deadline passes, having taken nothing", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(0);
    const deadline = Date.now() + 15;
    const w = start(() => proc.semWait(sem, { deadline }), "a wait on 0 with a deadline 15 ms away");
    await expectPending(w, "the timed wait before its deadline");
    await expectRejectsCode(w.promise, "ETIMEDOUT", "the timed wait once its deadline passed");
    expectTrue(Date.now() >= deadline, "when the wait timed out", `at or after its deadline (${deadline})`, `at ${Date.now()}`);
    proc.semPost(sem);
    expectValue(proc, sem, 1, "the value after a post (the timed-out wait took nothing)");
  });

  test("SEM-TMO-1", "a timed wait whose deadline has passed already fails ETIMEDOUT at once when it must wait", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(0);
    await expectRejectsNow(() => proc.semWait(sem, { deadline: Date.now() - 1000 }), "ETIMEDOUT", "a wait on 0 with a deadline a second ago");
    await expectRejectsNow(() => proc.semWait(sem, { deadline: 0 }), "ETIMEDOUT", "a wait on 0 with the deadline 0");
    proc.semPost(sem);
    expectValue(proc, sem, 1, "the value after a post (no wait was queued)");
  });

  test("SEM-TMO-1", "a timed wait is served by a post before its deadline, as an untimed wait is", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(0);
    const w = start(() => proc.semWait(sem, { deadline: Date.now() + 60000 }), "a wait on 0 with a deadline a minute away");
    await expectPending(w, "the timed wait");
    proc.semPost(sem);
    await expectDoneNow(w, "the timed wait, once posted");
    expectValue(proc, sem, 0, "the value after the post served the timed wait");
  });

  test("SEM-TMO-1", "a wait that timed out leaves the queue: the next post goes to the wait behind it", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withSems);
    const sem = a!.semInit(0);
    const timed = start(() => a!.semWait(sem, { deadline: Date.now() + 10 }), "a wait with a deadline 10 ms away");
    const plain = start(() => b!.semWait(sem), "an untimed wait behind it");
    await expectRejectsCode(timed.promise, "ETIMEDOUT", "the timed wait once its deadline passed");
    await expectPending(plain, "the untimed wait after the timed one left");
    a!.semPost(sem);
    await expectDoneNow(plain, "the untimed wait, served by the next post");
    expectValue(a!, sem, 0, "the value (the unit went to the untimed wait)");
  });

  test("SEM-TMO-2", "a wait that can take a unit at once does so even when its deadline has passed", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(2);
    await expectDoneNow(() => proc.semWait(sem, { deadline: 0 }), "a wait on 2 with the deadline 0");
    await expectDoneNow(() => proc.semWait(sem, { deadline: Date.now() - 1000 }), "a wait on 1 with a deadline a second ago");
    expectValue(proc, sem, 0, "the value after the two timed waits");
  });

  test("SEM-TMO-3", "a deadline that is not a finite number of at least 0 fails EINVAL and takes nothing, though the value is positive", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(1);
    for (const { label, value } of badDeadlines("soon", ["-Infinity"])) {
      await expectRejectsNow(() => proc.semWait(sem, { deadline: value as number }), "EINVAL", `a wait on 1 with the deadline ${label}`);
    }
    expectValue(proc, sem, 1, "the value after the refused waits");
  });

  test("SEM-TMO-3", "a bad deadline on 0 is refused at once instead of waiting", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(0);
    await expectRejectsNow(() => proc.semWait(sem, { deadline: Number.NaN }), "EINVAL", "a wait on 0 with the deadline NaN");
    proc.semPost(sem);
    expectValue(proc, sem, 1, "the value after a post (no wait was queued)");
  });

  // ----- Capacity -----------------------------------------------------------

  test("SEM-CAP-1", "a post at SEM_VALUE_MAX fails EOVERFLOW and leaves the value unchanged", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(SEM_VALUE_MAX);
    expectThrowsCode(() => proc.semPost(sem), "EOVERFLOW", "a post at SEM_VALUE_MAX");
    expectValue(proc, sem, SEM_VALUE_MAX, "the value after the refused post");
    proc.semTryWait(sem);
    proc.semPost(sem);
    expectValue(proc, sem, SEM_VALUE_MAX, "the value after a tryWait and a post below the maximum");
    expectThrowsCode(() => proc.semPost(sem), "EOVERFLOW", "a post at SEM_VALUE_MAX again");
  });

  test(
    "SEM-CAP-1",
    "a named semaphore created at SEM_VALUE_MAX refuses a post with EOVERFLOW too",
    async (t) => {
      const proc = await semProcess(t, true);
      const sem = proc.semOpen(NAME, { create: true, value: SEM_VALUE_MAX });
      expectThrowsCode(() => proc.semPost(sem), "EOVERFLOW", "a post at SEM_VALUE_MAX");
      expectValue(proc, sem, SEM_VALUE_MAX, "the value after the refused post");
    },
    { requires: NAMED },
  );

  test("SEM-CAP-2", "semInit with a value that is not an integer from 0 to SEM_VALUE_MAX fails EINVAL", async (t) => {
    const proc = await semProcess(t);
    const bad: readonly [string, unknown][] = [
      ["-1", -1],
      ["1.5", 1.5],
      ["NaN", Number.NaN],
      ["Infinity", Number.POSITIVE_INFINITY],
      ["SEM_VALUE_MAX + 1", SEM_VALUE_MAX + 1],
      ['"1"', "1"],
      ["null", null],
      ["undefined", undefined],
    ];
    expectOutcomes(
      [
        ...bad.map(([label, value]) => [`semInit(${label})`, () => proc.semInit(value as number), "EINVAL"] as const),
        ["semInit(0)", () => proc.semInit(0), "ok"],
        ["semInit(SEM_VALUE_MAX)", () => proc.semInit(SEM_VALUE_MAX), "ok"],
      ],
      "semInit with values in and out of range",
    );
    expectValue(proc, proc.semInit(SEM_VALUE_MAX), SEM_VALUE_MAX, "the value of a semaphore made at SEM_VALUE_MAX");
  });

  test(
    "SEM-CAP-2",
    "semOpen with a bad value fails EINVAL and creates nothing, and is refused on an existing name too",
    async (t) => {
      const proc = await semProcess(t, true);
      for (const [label, value] of [["-1", -1], ["0.5", 0.5], ["SEM_VALUE_MAX + 1", SEM_VALUE_MAX + 1], ['"3"', "3"]] as const) {
        expectThrowsCode(() => proc.semOpen(NAME, { create: true, value: value as number }), "EINVAL", `semOpen creating with the value ${label}`);
      }
      expectThrowsCode(() => proc.semOpen(NAME), "ENOENT", "semOpen of the name after the refused creates (nothing was created)");
      const sem = proc.semOpen(NAME, { create: true, value: 2 });
      expectThrowsCode(() => proc.semOpen(NAME, { create: true, value: -1 }), "EINVAL", "semOpen of the existing name with the value -1");
      expectValue(proc, sem, 2, "the existing semaphore's value");
    },
    { requires: NAMED },
  );

  // ----- Atomicity ----------------------------------------------------------

  test("SEM-ATOM-1", "every successful post and take moves the value by exactly one, and it never goes below 0", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withSems);
    const sem = a!.semInit(1);
    let expected = 1;
    const steps: readonly ("post" | "try" | "wait")[] = ["try", "try", "post", "post", "wait", "try", "try", "post", "wait", "post", "post", "post", "try"];
    for (const [i, step] of steps.entries()) {
      const proc = i % 2 === 0 ? a! : b!;
      if (step === "post") {
        proc.semPost(sem);
        expected += 1;
      } else if (expected === 0) {
        if (step === "try") expectThrowsCode(() => proc.semTryWait(sem), "EAGAIN", `step #${i + 1}, a tryWait at 0`);
        else continue;
      } else {
        if (step === "try") proc.semTryWait(sem);
        else await expectDoneNow(() => proc.semWait(sem), `step #${i + 1}, a wait on ${expected}`);
        expected -= 1;
      }
      expectValue(a!, sem, expected, `the value after step #${i + 1} (${step})`);
    }
  });

  test(
    "SEM-ATOM-1",
    "under any interleaving of waits, timed waits, tryWaits, posts and aborts, no unit is lost or made and no wait is left pending on a positive value",
    async (t) => {
      await checkProperty(
        t,
        fc.asyncProperty(fc.scheduler(), raceCase(), async (s, race) => runSemRace(t, s, race, "units")),
        "scheduled race of waits and posts",
        "initial value + posts = value + units taken",
        { limitTime: false },
      );
    },
    { timeoutFactor: 4 },
  );

  // ----- Errors -------------------------------------------------------------

  test("SEM-ERR-1", "every call given something that is not a semaphore fails EINVAL", async (t) => {
    const proc = await semProcess(t);
    const values: { label: string; value: unknown }[] = notSemaphores();
    // Handles of other mechanisms are offered only when the implementation has them.
    if (t.supports("pipe")) values.push({ label: "a pipe end", value: proc.pipe()[0] });
    if (t.supports("mutex")) values.push({ label: "a mutex", value: proc.mutexInit!() });
    for (const { label, value } of values) {
      const sem = value as Semaphore;
      expectOutcomes(
        [
          [`semTryWait(${label})`, () => proc.semTryWait(sem), "EINVAL"],
          [`semPost(${label})`, () => proc.semPost(sem), "EINVAL"],
          [`semGetValue(${label})`, () => proc.semGetValue(sem), "EINVAL"],
          [`semDestroy(${label})`, () => proc.semDestroy(sem), "EINVAL"],
        ],
        `the calls given ${label}`,
      );
      await expectRejectsNow(() => proc.semWait(sem), "EINVAL", `semWait(${label}), as a rejection`);
    }
  });

  test(
    "SEM-ERR-1",
    "semClose given something that is not a semaphore fails EINVAL",
    async (t) => {
      const proc = await semProcess(t, true);
      const sem = proc.semOpen(NAME, { create: true, value: 1 });
      expectOutcomes(
        notSemaphores().map(({ label, value }) => [`semClose(${label})`, () => proc.semClose(value as Semaphore), "EINVAL"] as const),
        "semClose of values that are not semaphores",
      );
      expectValue(proc, sem, 1, "the open semaphore, still usable");
    },
    { requires: NAMED },
  );

  test("SEM-ERR-2", "wait options that are not an object, or a signal that is not an AbortSignal, fail EINVAL and take nothing", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(1);
    const bad: readonly [string, unknown][] = [
      ["options 1", 1],
      ['options "fast"', "fast"],
      ["options null", null],
      ["a signal {}", { signal: {} }],
      ['a signal "abort"', { signal: "abort" }],
      ["a signal null", { signal: null }],
    ];
    for (const [label, options] of bad) {
      await expectRejectsNow(() => proc.semWait(sem, options as never), "EINVAL", `a wait on 1 with ${label}`);
    }
    expectValue(proc, sem, 1, "the value after the refused waits");
  });

  test(
    "SEM-ERR-2",
    "semOpen options with a bad flag or mode fail EINVAL, and create or open nothing",
    async (t) => {
      const [a, b] = await spawnProcesses(t, 2, (proc) => withSems(proc, true));
      const bad: readonly [string, unknown][] = [
        ["options 5", 5],
        ["options null", null],
        ['create "yes"', { create: "yes" }],
        ["create 1", { create: 1 }],
        ["exclusive 1", { create: true, exclusive: 1 }],
        ["mode -1", { create: true, mode: -1 }],
        ["mode 0o1000", { create: true, mode: 0o1000 }],
        ["mode 1.5", { create: true, mode: 1.5 }],
        ['mode "600"', { create: true, mode: "600" }],
      ];
      for (const [label, options] of bad) {
        expectThrowsCode(() => a!.semOpen(NAME, options as never), "EINVAL", `semOpen with ${label}`);
      }
      expectThrowsCode(() => a!.semOpen(NAME), "ENOENT", "semOpen after the refused creates (nothing was created)");
      const sem = a!.semOpen(NAME, { create: true, mode: 0o666, value: 1 });
      expectThrowsCode(() => b!.semOpen(NAME, { exclusive: "no" } as never), "EINVAL", "another process's semOpen of the existing name with a bad flag");
      expectThrowsCode(() => b!.semPost(sem), "EINVAL", "that process's post (the refused open opened nothing)");
      expectValue(a!, sem, 1, "the value");
    },
    { requires: NAMED },
  );

  test(
    "SEM-ERR-3",
    "names that are not a string, lack the leading slash, are a slash alone, or hold another slash or a NUL fail EINVAL",
    async (t) => {
      const proc = await semProcess(t, true);
      const bad: readonly [string, unknown][] = [
        ["42", 42],
        ["null", null],
        ['""', ""],
        ['"sem"', "sem"],
        ['"/"', "/"],
        ['"/a/b"', "/a/b"],
        ['"//a"', "//a"],
        ['"/a/"', "/a/"],
        ['"/a\\0b"', "/a\0b"],
      ];
      expectOutcomes(
        bad.flatMap(([label, name]) => [
          [`semOpen(${label}) with create`, () => proc.semOpen(name as string, { create: true }), "EINVAL"] as const,
          [`semUnlink(${label})`, () => proc.semUnlink(name as string), "EINVAL"] as const,
        ]),
        "semOpen and semUnlink of malformed names",
      );
    },
    { requires: NAMED },
  );

  test(
    "SEM-ERR-3",
    "a name of more than 251 bytes after the slash fails ENAMETOOLONG, counting UTF-8 bytes, and 251 bytes is allowed",
    async (t) => {
      const proc = await semProcess(t, true);
      const longest = `/${"s".repeat(SEM_NAME_MAX)}`;
      const tooLong = `/${"s".repeat(SEM_NAME_MAX + 1)}`;
      const twoByte = `/${"é".repeat(126)}`; // 252 bytes in UTF-8, 126 characters
      const fits = `/${"é".repeat(125)}s`; // 251 bytes
      expectOutcomes(
        [
          ["semOpen of 252 ASCII bytes", () => proc.semOpen(tooLong, { create: true }), "ENAMETOOLONG"],
          ["semUnlink of 252 ASCII bytes", () => proc.semUnlink(tooLong), "ENAMETOOLONG"],
          ["semOpen of 126 two-byte characters (252 bytes)", () => proc.semOpen(twoByte, { create: true }), "ENAMETOOLONG"],
          ["semOpen of 251 ASCII bytes", () => proc.semOpen(longest, { create: true }), "ok"],
          ["semOpen of 251 bytes in two-byte characters", () => proc.semOpen(fits, { create: true }), "ok"],
          ["semUnlink of 251 ASCII bytes", () => proc.semUnlink(longest), "ok"],
        ],
        "names around the length limit",
      );
    },
    { requires: NAMED },
  );

  test(
    "SEM-ERR-4",
    "semDestroy of a named semaphore and semClose of an unnamed one fail EINVAL and change nothing",
    async (t) => {
      const proc = await semProcess(t, true);
      const named = proc.semOpen(NAME, { create: true, value: 1 });
      const unnamed = proc.semInit(2);
      expectThrowsCode(() => proc.semDestroy(named), "EINVAL", "semDestroy of a named semaphore");
      expectThrowsCode(() => proc.semClose(unnamed), "EINVAL", "semClose of an unnamed semaphore");
      proc.semPost(named);
      proc.semPost(unnamed);
      expectValue(proc, named, 2, "the named semaphore, still open and usable");
      expectValue(proc, unnamed, 3, "the unnamed semaphore, still usable");
      proc.semClose(named);
      proc.semDestroy(unnamed);
    },
    { requires: NAMED },
  );

  // ----- Lifecycle ----------------------------------------------------------

  test("SEM-LIFE-1", "a semaphore made by one process serves the waits and posts of others", async (t) => {
    const [maker, waiter, poster] = await spawnProcesses(t, 3, withSems);
    const sem = maker!.semInit(0);
    const w = start(() => waiter!.semWait(sem), "a wait by another process");
    await expectPending(w, "the other process's wait");
    poster!.semPost(sem);
    await expectDoneNow(w, "the wait, served by a third process's post");
    poster!.semPost(sem);
    expectValue(maker!, sem, 1, "the value read by the maker after a post by another process");
    waiter!.semTryWait(sem);
    expectValue(poster!, sem, 0, "the value after a tryWait by the waiting process");
  });

  test("SEM-LIFE-1", "each semInit makes a new, independent semaphore", async (t) => {
    const proc = await semProcess(t);
    const first = proc.semInit(1);
    const second = proc.semInit(1);
    expectTrue(first !== second, "two semInit calls", "two semaphores", "the same object");
    proc.semTryWait(first);
    expectValue(proc, first, 0, "the first semaphore after a tryWait");
    expectValue(proc, second, 1, "the second semaphore, untouched");
  });

  test("SEM-LIFE-2", "after semDestroy every call on the semaphore fails EINVAL, semDestroy included", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withSems);
    const sem = a!.semInit(3);
    a!.semDestroy(sem);
    expectOutcomes(
      [
        ["semTryWait", () => b!.semTryWait(sem), "EINVAL"],
        ["semPost", () => b!.semPost(sem), "EINVAL"],
        ["semGetValue", () => a!.semGetValue(sem), "EINVAL"],
        ["semDestroy again", () => a!.semDestroy(sem), "EINVAL"],
      ],
      "calls on a destroyed semaphore",
    );
    await expectRejectsNow(() => b!.semWait(sem), "EINVAL", "semWait on a destroyed semaphore");
  });

  test("SEM-LIFE-2", "a semaphore whose waits were all served or aborted can be destroyed", async (t) => {
    const proc = await semProcess(t);
    const sem = proc.semInit(0);
    const controller = new AbortController();
    const served = start(() => proc.semWait(sem), "a wait to be served");
    const aborted = start(() => proc.semWait(sem, { signal: controller.signal }), "a wait to be aborted");
    proc.semPost(sem);
    await expectDoneNow(served, "the served wait");
    controller.abort();
    await expectRejectsNow(aborted, "ECANCELED", "the aborted wait");
    proc.semDestroy(sem);
    expectThrowsCode(() => proc.semGetValue(sem), "EINVAL", "semGetValue after the destroy");
  });

  test("SEM-LIFE-3", "semDestroy while a wait is pending fails EBUSY, and the semaphore and its wait stay", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withSems);
    const sem = a!.semInit(0);
    const w = start(() => b!.semWait(sem), "a wait on 0");
    await expectPending(w, "the wait");
    expectThrowsCode(() => a!.semDestroy(sem), "EBUSY", "semDestroy with a wait pending");
    await expectPending(w, "the wait after the refused destroy");
    a!.semPost(sem);
    await expectDoneNow(w, "the wait, served by a post after the refused destroy");
    a!.semDestroy(sem);
  });

  test(
    "SEM-LIFE-4",
    "semOpen without create of a name that does not exist fails ENOENT",
    async (t) => {
      const proc = await semProcess(t, true);
      expectThrowsCode(() => proc.semOpen(NAME), "ENOENT", "semOpen of an absent name");
      expectThrowsCode(() => proc.semOpen(NAME, { exclusive: true }), "ENOENT", "semOpen of an absent name with exclusive alone");
      expectThrowsCode(() => proc.semOpen(NAME, { create: false, value: 3 }), "ENOENT", "semOpen of an absent name with create false");
    },
    { requires: NAMED },
  );

  test(
    "SEM-LIFE-4",
    "semOpen with create makes a semaphore with the value given, 0 by default, that other processes open and share",
    async (t) => {
      const [a, b] = await spawnProcesses(t, 2, (proc) => withSems(proc, true));
      const three = a!.semOpen(NAME, { create: true, value: 3, mode: 0o666 });
      expectValue(a!, three, 3, "the value of a semaphore created with 3");
      const zero = a!.semOpen(`${NAME}-zero`, { create: true, mode: 0o666 });
      expectValue(a!, zero, 0, "the value of a semaphore created without a value");
      const seen = b!.semOpen(NAME);
      b!.semTryWait(seen);
      expectValue(a!, three, 2, "the value seen by the creator after the other process's tryWait");
      const w = start(() => b!.semWait(b!.semOpen(`${NAME}-zero`)), "the other process's wait on the zero semaphore");
      await expectPending(w, "the wait on 0");
      a!.semPost(zero);
      await expectDoneNow(w, "the wait, served by the creator's post");
    },
    { requires: NAMED },
  );

  test(
    "SEM-LIFE-5",
    "semOpen with create and exclusive of an existing name fails EEXIST, even for a process the mode denies",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, (proc) => withSems(proc, true));
      u.owner.semOpen(NAME, { create: true, mode: 0o600 });
      expectOutcomes(
        [
          ["the owner", () => u.owner.semOpen(NAME, { create: true, exclusive: true }), "EEXIST"],
          ["another user", () => u.other.semOpen(NAME, { create: true, exclusive: true }), "EEXIST"],
          ["root", () => u.root.semOpen(NAME, { create: true, exclusive: true }), "EEXIST"],
        ],
        "exclusive creates of an existing name",
      );
    },
    { requires: NAMED },
  );

  test(
    "SEM-LIFE-5",
    "semOpen with create of an existing name opens it as it is, ignoring the mode and value given",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, (proc) => withSems(proc, true));
      const sem = u.owner.semOpen(NAME, { create: true, mode: 0o600, value: 2 });
      const again = u.owner.semOpen(NAME, { create: true, mode: 0o666, value: 9 });
      expectValue(u.owner, again, 2, "the value after a create of the existing name with value 9");
      expectThrowsCode(() => u.member.semOpen(NAME), "EACCES", "a group member's open (the mode is still 0o600)");
      u.owner.semTryWait(sem);
      expectValue(u.owner, again, 1, "the value, shared by both opens");
    },
    { requires: NAMED },
  );

  test(
    "SEM-LIFE-5",
    "exclusive without create is ignored: an existing name is opened",
    async (t) => {
      const proc = await semProcess(t, true);
      proc.semOpen(NAME, { create: true, value: 4 });
      const sem = proc.semOpen(NAME, { exclusive: true });
      expectValue(proc, sem, 4, "the semaphore opened with exclusive alone");
    },
    { requires: NAMED },
  );

  test(
    "SEM-LIFE-6",
    "after semUnlink the name is gone and a create makes a distinct semaphore, while the old one keeps working for its openers",
    async (t) => {
      const [a, b] = await spawnProcesses(t, 2, (proc) => withSems(proc, true));
      const old = a!.semOpen(NAME, { create: true, value: 1, mode: 0o666 });
      const oldByB = b!.semOpen(NAME);
      const w = start(() => b!.semWait(oldByB, {}), "a wait that will find the value 0");
      await expectDoneNow(w, "a wait taking the only unit");
      const pending = start(() => b!.semWait(oldByB), "a wait on the old semaphore at 0");
      await expectPending(pending, "the wait on the old semaphore");
      a!.semUnlink(NAME);
      expectThrowsCode(() => a!.semOpen(NAME), "ENOENT", "semOpen of the unlinked name");
      const fresh = a!.semOpen(NAME, { create: true, value: 5 });
      expectValue(a!, fresh, 5, "the new semaphore's value");
      expectValue(a!, old, 0, "the old semaphore's value, unchanged by the new one");
      a!.semPost(old);
      await expectDoneNow(pending, "the wait on the old semaphore, served by a post on it after the unlink");
      expectValue(a!, fresh, 5, "the new semaphore, untouched by the post on the old one");
    },
    { requires: NAMED },
  );

  test(
    "SEM-LIFE-6",
    "a process that has the semaphore open keeps posting and taking after another unlinks it",
    async (t) => {
      const [a, b] = await spawnProcesses(t, 2, (proc) => withSems(proc, true));
      a!.semOpen(NAME, { create: true, mode: 0o666 });
      const sem = b!.semOpen(NAME);
      a!.semUnlink(NAME);
      b!.semPost(sem);
      b!.semPost(sem);
      b!.semTryWait(sem);
      expectValue(b!, sem, 1, "the unlinked semaphore's value");
    },
    { requires: NAMED },
  );

  test(
    "SEM-LIFE-7",
    "semUnlink of a name no semaphore has fails ENOENT, and so does a second unlink",
    async (t) => {
      const proc = await semProcess(t, true);
      expectThrowsCode(() => proc.semUnlink(NAME), "ENOENT", "semUnlink of a name never used");
      proc.semOpen(NAME, { create: true });
      proc.semUnlink(NAME);
      expectThrowsCode(() => proc.semUnlink(NAME), "ENOENT", "a second semUnlink of the name");
    },
    { requires: NAMED },
  );

  test(
    "SEM-LIFE-8",
    "a named semaphore keeps its value while nobody has it open: closing every open and reopening finds it",
    async (t) => {
      const [a, b] = await spawnProcesses(t, 2, (proc) => withSems(proc, true));
      const sem = a!.semOpen(NAME, { create: true, mode: 0o666 });
      a!.semPost(sem);
      a!.semPost(sem);
      a!.semPost(sem);
      a!.semClose(sem);
      const again = b!.semOpen(NAME);
      expectValue(b!, again, 3, "the value found by another process after the only open was closed");
      b!.semClose(again);
      expectValue(a!, a!.semOpen(NAME), 3, "the value found by the creator reopening it");
    },
    { requires: NAMED },
  );

  test(
    "SEM-LIFE-9",
    "after semClose the process's calls on the semaphore fail EINVAL, while another process that has it open goes on",
    async (t) => {
      const [a, b] = await spawnProcesses(t, 2, (proc) => withSems(proc, true));
      const sem = a!.semOpen(NAME, { create: true, mode: 0o666, value: 2 });
      const theirs = b!.semOpen(NAME);
      a!.semClose(sem);
      expectOutcomes(
        [
          ["semTryWait", () => a!.semTryWait(sem), "EINVAL"],
          ["semPost", () => a!.semPost(sem), "EINVAL"],
          ["semGetValue", () => a!.semGetValue(sem), "EINVAL"],
          ["semClose again", () => a!.semClose(sem), "EINVAL"],
        ],
        "the closing process's calls",
      );
      await expectRejectsNow(() => a!.semWait(sem), "EINVAL", "the closing process's semWait");
      b!.semTryWait(theirs);
      expectValue(b!, theirs, 1, "the other process's view (nothing taken by the refused calls)");
    },
    { requires: NAMED },
  );

  test(
    "SEM-LIFE-9",
    "a process that opened the semaphore twice may use it until it has closed it twice",
    async (t) => {
      const proc = await semProcess(t, true);
      const sem = proc.semOpen(NAME, { create: true });
      proc.semOpen(NAME);
      proc.semClose(sem);
      proc.semPost(sem);
      expectValue(proc, sem, 1, "the value after a post with one open left");
      proc.semClose(sem);
      expectThrowsCode(() => proc.semPost(sem), "EINVAL", "a post after the second close");
      expectThrowsCode(() => proc.semClose(sem), "EINVAL", "a third close");
    },
    { requires: NAMED },
  );

  test(
    "SEM-LIFE-9",
    "a process that never opened a named semaphore cannot use it, even given the object",
    async (t) => {
      const [a, b] = await spawnProcesses(t, 2, (proc) => withSems(proc, true));
      const sem = a!.semOpen(NAME, { create: true, mode: 0o666, value: 1 });
      expectOutcomes(
        [
          ["semTryWait", () => b!.semTryWait(sem), "EINVAL"],
          ["semPost", () => b!.semPost(sem), "EINVAL"],
          ["semGetValue", () => b!.semGetValue(sem), "EINVAL"],
          ["semClose", () => b!.semClose(sem), "EINVAL"],
        ],
        "calls by a process that never opened the semaphore",
      );
      expectValue(a!, sem, 1, "the value (nothing taken)");
    },
    { requires: NAMED },
  );

  test(
    "SEM-LIFE-10",
    "fork gives the child the parent's open named semaphores, which it keeps using after the parent closes its own",
    async (t) => {
      const parent = await semProcess(t, true);
      const sem = parent.semOpen(NAME, { create: true, value: 1 });
      const child = withSems(parent.fork(), true);
      child.semTryWait(sem);
      expectValue(parent, sem, 0, "the value seen by the parent after the child's tryWait");
      parent.semClose(sem);
      child.semPost(sem);
      expectValue(child, sem, 1, "the value seen by the child after the parent closed its open");
      child.semClose(sem);
      expectThrowsCode(() => child.semPost(sem), "EINVAL", "the child's post after its own close");
    },
    { requires: NAMED_FORK },
  );

  // The same rule whichever way the waiting process ends: by exit, or killed by a signal.
  for (const ending of [
    { how: "exited", requires: EXIT, end: (a: SemProcess, b: SemProcess) => b.exit() },
    { how: "was killed by a signal", requires: SIGNAL, end: (a: SemProcess, b: SemProcess) => signalProcess(a).kill(b.pid, SIGKILL) },
  ]) {
    test(
      "SEM-LIFE-11",
      `a post after a waiting process ${ending.how} goes to the next waiting process`,
      async (t) => {
        const [a, b, c] = await spawnProcesses(t, 3, withSems);
        const sem = a!.semInit(0);
        const dead = track(b!.semWait(sem));
        dead.promise.catch(() => undefined);
        const alive = start(() => c!.semWait(sem), "the wait of the process that stays");
        await expectPending(alive, "the second wait");
        ending.end(a!, b!);
        a!.semPost(sem);
        await expectDoneNow(alive, `the living process's wait, served by the post after the other ${ending.how}`);
        expectValue(a!, sem, 0, "the value (the unit went to the living process)");
        expectTrue(dead.state !== "fulfilled", "the ended process's wait", "never served", "served");
      },
      { requires: ending.requires },
    );
  }

  test(
    "SEM-LIFE-11",
    "a post after the only waiting process exited raises the value",
    async (t) => {
      const [a, b] = await spawnProcesses(t, 2, withSems);
      const sem = a!.semInit(0);
      const dead = track(b!.semWait(sem));
      dead.promise.catch(() => undefined);
      await expectPending(dead, "the wait");
      b!.exit();
      a!.semPost(sem);
      expectValue(a!, sem, 1, "the value after a post with only an exited process waiting");
      a!.semDestroy(sem);
    },
    { requires: EXIT },
  );

  // ----- Permission ---------------------------------------------------------

  /** The outcome rows of `proc` opening the semaphore. */
  const openRow = (label: string, proc: SemProcess, expected: string): readonly [string, () => unknown, string] => [
    label,
    () => proc.semOpen(NAME),
    expected,
  ];

  test(
    "SEM-PERM-1",
    "with mode 0o600 only the owner and root may open: a group member and another user fail EACCES",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, (proc) => withSems(proc, true));
      u.owner.semOpen(NAME, { create: true, mode: 0o600 });
      expectOutcomes(
        [
          openRow("the owner", u.owner, "ok"),
          openRow("a group member", u.member, "EACCES"),
          openRow("a member by a supplementary group", u.supplementary, "EACCES"),
          openRow("another user", u.other, "EACCES"),
          openRow("root", u.root, "ok"),
        ],
        "opens of a 0o600 semaphore",
      );
    },
    { requires: NAMED },
  );

  test(
    "SEM-PERM-1",
    "read permission alone is not enough: with mode 0o644 only the owner and root may open",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, (proc) => withSems(proc, true));
      const sem = u.owner.semOpen(NAME, { create: true, mode: 0o644, value: 1 });
      expectOutcomes(
        [
          openRow("a group member (read only)", u.member, "EACCES"),
          openRow("another user (read only)", u.other, "EACCES"),
          openRow("root", u.root, "ok"),
        ],
        "opens of a 0o644 semaphore",
      );
      expectThrowsCode(() => u.member.semTryWait(sem), "EINVAL", "the denied group member's tryWait (its open failed)");
      expectValue(u.owner, sem, 1, "the value (nothing taken by the denied process)");
    },
    { requires: NAMED },
  );

  test(
    "SEM-PERM-1",
    "with mode 0o660 and no umask the group may open, by primary or supplementary group, and others may not",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, (proc) => withSems(proc, true));
      setUmask(u.owner, 0);
      u.owner.semOpen(NAME, { create: true, mode: 0o660 });
      expectOutcomes(
        [
          openRow("a group member", u.member, "ok"),
          openRow("a member by a supplementary group", u.supplementary, "ok"),
          openRow("another user", u.other, "EACCES"),
        ],
        "opens of a 0o660 semaphore",
      );
    },
    { requires: NAMED_UMASK },
  );

  test(
    "SEM-PERM-1",
    "only the first class that matches counts: with mode 0o606 the group is denied what others may do, and 0o066 denies the owner",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, (proc) => withSems(proc, true));
      setUmask(u.owner, 0);
      u.owner.semOpen(NAME, { create: true, mode: 0o606 });
      u.owner.semOpen(`${NAME}-2`, { create: true, mode: 0o066 });
      expectOutcomes(
        [
          openRow("a group member, mode 0o606", u.member, "EACCES"),
          openRow("another user, mode 0o606", u.other, "ok"),
          ["the owner, mode 0o066", () => u.owner.semOpen(`${NAME}-2`), "EACCES"],
          ["a group member, mode 0o066", () => u.member.semOpen(`${NAME}-2`), "ok"],
          ["another user, mode 0o066", () => u.other.semOpen(`${NAME}-2`), "ok"],
        ],
        "opens decided by the first class that matches",
      );
    },
    { requires: NAMED_UMASK },
  );

  test(
    "SEM-PERM-1",
    "root opens whatever the mode, even 0o000, while the owner is denied",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, (proc) => withSems(proc, true));
      const sem = u.owner.semOpen(NAME, { create: true, mode: 0o000, value: 1 });
      expectOutcomes([openRow("root", u.root, "ok"), openRow("the owner, opening again", u.owner, "EACCES")], "opens of a 0o000 semaphore");
      u.root.semTryWait(sem);
      expectValue(u.owner, sem, 0, "the value after root's tryWait (seen through the creating open)");
    },
    { requires: NAMED },
  );

  test(
    "SEM-PERM-2",
    "a new semaphore's mode is the mode asked less the umask: the default umask keeps the group from opening one made 0o660",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, (proc) => withSems(proc, true));
      u.owner.semOpen(NAME, { create: true, mode: 0o660 });
      expectOutcomes([openRow("a group member", u.member, "EACCES"), openRow("the owner", u.owner, "ok")], "opens of a semaphore made 0o660 under the default umask 0o022");
    },
    { requires: NAMED },
  );

  test(
    "SEM-PERM-2",
    "with umask 0o007 a semaphore made 0o666 is open to the group but not to others",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, (proc) => withSems(proc, true));
      setUmask(u.owner, 0o007);
      u.owner.semOpen(NAME, { create: true, mode: 0o666 });
      expectOutcomes([openRow("a group member", u.member, "ok"), openRow("another user", u.other, "EACCES")], "opens of a semaphore made 0o666 under umask 0o007");
    },
    { requires: NAMED_UMASK },
  );

  test(
    "SEM-PERM-2",
    "the default mode is 0o600, owned by the creator's uid and gid, and the creating open succeeds whatever the mode",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, (proc) => withSems(proc, true));
      const twin = withSems(u.system.spawn({ uid: 1000, gid: 999 }), true);
      const sem = u.owner.semOpen(NAME, { create: true, value: 1 });
      expectOutcomes(
        [
          openRow("another process of the owner's uid", twin, "ok"),
          openRow("a group member", u.member, "EACCES"),
          openRow("another user", u.other, "EACCES"),
        ],
        "opens of a semaphore made without a mode",
      );
      u.owner.semTryWait(sem);
      const locked = u.owner.semOpen(`${NAME}-0`, { create: true, mode: 0o000, value: 1 });
      u.owner.semTryWait(locked);
      expectValue(u.owner, locked, 0, "the value of a 0o000 semaphore, used through its creating open");
    },
    { requires: NAMED },
  );

  test(
    "SEM-PERM-2",
    "a new semaphore is owned by its creator's gid: with mode 0o660 a process of that group may open it, one of another group may not",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, (proc) => withSems(proc, true));
      setUmask(u.other, 0);
      u.other.semOpen(NAME, { create: true, mode: 0o660 });
      const colleague = withSems(u.system.spawn({ uid: 1010, gid: 200 }), true);
      expectOutcomes(
        [openRow("a process in the creator's group 200", colleague, "ok"), openRow("a process in group 100", u.member, "EACCES")],
        "opens of a 0o660 semaphore made by uid 1003, gid 200",
      );
    },
    { requires: NAMED_UMASK },
  );

  test(
    "SEM-PERM-3",
    "only the owner or root may unlink: a group member and another user fail EPERM and the name stays",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, (proc) => withSems(proc, true));
      u.owner.semOpen(NAME, { create: true, mode: 0o644 });
      expectOutcomes(
        [
          ["a group member's unlink", () => u.member.semUnlink(NAME), "EPERM"],
          ["a supplementary member's unlink", () => u.supplementary.semUnlink(NAME), "EPERM"],
          ["another user's unlink", () => u.other.semUnlink(NAME), "EPERM"],
          ["the owner's open after the refused unlinks", () => u.owner.semOpen(NAME), "ok"],
          ["the owner's unlink", () => u.owner.semUnlink(NAME), "ok"],
          ["the owner's open after its unlink", () => u.owner.semOpen(NAME), "ENOENT"],
        ],
        "unlinks of a semaphore owned by uid 1000",
      );
    },
    { requires: NAMED },
  );

  test(
    "SEM-PERM-3",
    "root may unlink a semaphore it does not own, and so may another process of the owner's uid",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, (proc) => withSems(proc, true));
      const twin = withSems(u.system.spawn({ uid: 1000, gid: 999 }), true);
      u.owner.semOpen(NAME, { create: true });
      u.owner.semOpen(`${NAME}-2`, { create: true });
      expectOutcomes(
        [
          ["another user's unlink", () => u.other.semUnlink(NAME), "EPERM"],
          ["root's unlink", () => u.root.semUnlink(NAME), "ok"],
          ["an open after root's unlink", () => u.owner.semOpen(NAME), "ENOENT"],
          ["the owner's other process's unlink", () => twin.semUnlink(`${NAME}-2`), "ok"],
        ],
        "unlinks by root and by the owner's uid",
      );
    },
    { requires: NAMED },
  );
}
