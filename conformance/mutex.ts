/**
 * Conformance tests for process-shared, error-checking mutexes: at least one
 * test for every clause of {@link MUTEX_CLAUSES}, each named by the clause
 * it checks and titled with the rule it checks, plus property-based races
 * under fast-check's scheduler (read-modify-write updates of a shared
 * counter by several processes, checked for lost updates and for the order
 * in which pending locks are served).
 *
 * Blocking is proven without sleeps: a lock is {@link track}ed, the task
 * queue drained, and the lock found still pending; then the test acts (an
 * unlock, an abort) and checks that it settles. Only the deadline tests use
 * real time, a few milliseconds. Who holds the mutex is observed through the
 * calls alone: a holder's unlock succeeds, anyone else's tryLock fails
 * `EBUSY`. Every test builds a fresh system through its {@link TestContext};
 * tests that fork or exit require `"process.fork"` or `"process.exit"`, and
 * tests of signal handlers (and of a process killed by a signal) `"signal"`.
 *
 * @module
 */

import fc from "fast-check";
import type { Arbitrary, Scheduler } from "fast-check";

import { IpcError } from "../spec/errors.ts";
import type { MUTEX_CLAUSES, Mutex, MutexApi } from "../spec/mutex.ts";
import { SIGKILL, SIGUSR1 } from "../spec/signal.ts";
import type { SignalInfo } from "../spec/signal.ts";
import type { IpcProcess } from "../spec/system.ts";
import {
  describeValue,
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
import { badDeadlines, catchSignal, interruptWithSigusr1, requireCalls, signalProcess, spawnProcesses } from "./fixtures/index.ts";
import type { BadValue } from "./fixtures/index.ts";
import type { Common, TestContext, TestFunction } from "./harness.ts";
import { checkProperty } from "./property.ts";

// ---------------------------------------------------------------------------
// Local helpers
// ---------------------------------------------------------------------------

const EXIT = ["process.exit"] as const;
const FORK = ["process.fork"] as const;
const SIGNAL = ["signal"] as const;

/** Locks must return promises: every operation started here is checked to be one. */
const { start, expectDoneNow, expectRejectsNow, expectSettledNow } = operationChecks({ requirePromise: true });

/** A process with the mutex calls. */
type MutexProcess = IpcProcess & MutexApi;

/** Fails unless the process has the five mutex calls. */
function withMutexes(proc: IpcProcess): MutexProcess {
  return requireCalls<MutexProcess>(proc, ["mutexInit", "mutexLock", "mutexTryLock", "mutexUnlock", "mutexDestroy"], "mutex");
}

/** Fails unless `holder` holds the mutex: `other`'s tryLock fails EBUSY, then `holder`'s unlock succeeds (so it no longer holds it). */
function expectHeldThenRelease(holder: MutexProcess, other: MutexProcess, mutex: Mutex, what: string): void {
  expectThrowsCode(() => other.mutexTryLock(mutex), "EBUSY", `another process's tryLock while ${what}`);
  const got = outcome(() => holder.mutexUnlock(mutex));
  expectTrue(got === "ok", `the holder's unlock while ${what}`, "success", got);
}

/** Fails unless the mutex is unlocked: `proc`'s tryLock succeeds (and its unlock then releases it again). */
function expectUnlocked(proc: MutexProcess, mutex: Mutex, what: string): void {
  const got = outcome(() => proc.mutexTryLock(mutex));
  expectTrue(got === "ok", `tryLock ${what}`, "success (the mutex unlocked)", got);
  proc.mutexUnlock(mutex);
}

/**
 * Has `killer` send `SIGUSR1` to `target`, and fails unless `target`'s
 * handler ran for it, once, before `kill` returned.
 */
function interrupt(killer: IpcProcess, target: IpcProcess, caught: readonly SignalInfo[], what: string): void {
  interruptWithSigusr1(killer, target, caught, what);
}

/** Values that are not mutexes (MUTEX-ERR-3); the caller adds the implementation's other objects. */
function notMutexes(): BadValue[] {
  return [
    { label: "null", value: null },
    { label: "undefined", value: undefined },
    { label: "a number", value: 7 },
    { label: "a string", value: "mutex" },
    { label: "a plain object", value: {} },
    { label: "an object shaped like a mutex", value: { kind: "errorcheck" } },
  ];
}

// ---------------------------------------------------------------------------
// The scheduled race of read-modify-write updates (MUTEX-ATOM-1, MUTEX-ORD-1)
// ---------------------------------------------------------------------------

/** How a worker takes the mutex for one update. */
type Taking = "lock" | "timed" | "try";

interface CounterRace {
  /** One entry per worker process: how it takes the mutex for each of its updates. */
  readonly workers: readonly (readonly Taking[])[];
}

function counterRace(): Arbitrary<CounterRace> {
  const taking = fc.constantFrom<Taking>("lock", "lock", "timed", "try");
  return fc.record({ workers: fc.array(fc.array(taking, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 4 }) });
}

/**
 * Several processes each add 1 to a shared counter several times, reading
 * it, yielding to the scheduler, then writing it back, under the mutex.
 * Checks that no update is lost (MUTEX-ATOM-1: never two holders inside
 * the update) or that pending locks are served in the order they started
 * (MUTEX-ORD-1).
 */
async function runCounterRace(t: TestContext, s: Scheduler, race: CounterRace, check: "updates" | "order"): Promise<void> {
  const system = await t.system();
  const procs = race.workers.map(() => withMutexes(system.spawn({ uid: 1000, gid: 100 })));
  const mutex = procs[0]!.mutexInit();
  const counter = { value: 0, inside: 0, most: 0 };
  const served: number[] = [];
  let calls = 0;
  let updates = 0;
  const worker = async (proc: MutexProcess, plan: readonly Taking[], w: number): Promise<void> => {
    for (const [k, taking] of plan.entries()) {
      await s.schedule(Promise.resolve(), `worker #${w} takes the mutex for update #${k + 1} (${taking})`);
      if (taking === "try") {
        // A tryLock that finds the mutex held skips its update.
        if (outcome(() => proc.mutexTryLock(mutex)) !== "ok") continue;
      } else {
        const index = calls;
        calls += 1;
        const promise = proc.mutexLock(mutex, taking === "timed" ? { deadline: Date.now() + 60000 } : undefined);
        promise.then(
          () => served.push(index),
          () => undefined,
        );
        await promise;
      }
      counter.inside += 1;
      counter.most = Math.max(counter.most, counter.inside);
      const read = counter.value;
      await s.schedule(Promise.resolve(), `worker #${w} writes update #${k + 1}`);
      counter.value = read + 1;
      counter.inside -= 1;
      updates += 1;
      proc.mutexUnlock(mutex);
    }
  };
  const all = Promise.all(procs.map((proc, w) => worker(proc, race.workers[w]!, w)));
  await s.waitFor(all);
  if (check === "updates") {
    expectEqual(counter.most, 1, "the most processes inside the mutex at once");
    expectEqual(counter.value, updates, `the counter after ${updates} read-modify-write updates under the mutex`);
    expectUnlocked(procs[0]!, mutex, "after every worker finished");
  } else {
    expectServedInOrder(served, "the order pending locks were served in", "locks");
  }
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

/**
 * Registers the conformance tests of mutexes: one or more tests for each
 * clause of {@link MUTEX_CLAUSES}, including scheduled races of
 * read-modify-write updates under the mutex.
 *
 * Tests that fork or exit require `"process.fork"` or `"process.exit"`, and
 * tests of signal handlers `"signal"`; every other test uses only `spawn`
 * and the mutex calls.
 *
 * @param test - registers one test against a clause
 * @param common - what the implementation under test supports: every test
 *   states its needs in `requires`, and the runner skips what is missing; the
 *   one use is to offer a semaphore as a non-mutex only when semaphores exist
 * @returns nothing; the tests are registered through `test`
 *
 * @example Collect the mutex tests
 * ```ts
 * import { collectTests, mutexTests } from "ipckit/conformance";
 * const tests = collectTests([{ feature: "mutex", suite: mutexTests }], { supports: () => true });
 * console.assert(tests.some((entry) => entry.clause === "MUTEX-ERR-1"));
 * ```
 */
export function mutexTests(test: TestFunction, common: Common): void {

  // ----- Ordering -----------------------------------------------------------

  test("MUTEX-ORD-1", "pending locks are served first come, first served, one per unlock", async (t) => {
    const [a, b, c, d] = await spawnProcesses(t, 4, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    const lb = start(() => b!.mutexLock(mutex), "the first pending lock");
    const lc = start(() => c!.mutexLock(mutex), "the second pending lock");
    const ld = start(() => d!.mutexLock(mutex), "the third pending lock");
    for (const [i, l] of [lb, lc, ld].entries()) await expectPending(l, `pending lock #${i + 1}`);
    a!.mutexUnlock(mutex);
    await expectDoneNow(lb, "the first pending lock, after one unlock");
    await expectPending(lc, "the second pending lock, after one unlock");
    await expectPending(ld, "the third pending lock, after one unlock");
    b!.mutexUnlock(mutex);
    await expectDoneNow(lc, "the second pending lock, after the first holder's unlock");
    await expectPending(ld, "the third pending lock");
    c!.mutexUnlock(mutex);
    await expectDoneNow(ld, "the third pending lock, after the second holder's unlock");
    expectHeldThenRelease(d!, a!, mutex, "the third waiter holds it");
  });

  test(
    "MUTEX-ORD-1",
    "under any interleaving of locks, timed locks and tryLocks, pending locks are served in the order they started",
    async (t) => {
      await checkProperty(
        t,
        fc.asyncProperty(fc.scheduler(), counterRace(), async (s, race) => runCounterRace(t, s, race, "order")),
        "scheduled race of updates under the mutex",
        "locks served first come, first served",
        { limitTime: false },
      );
    },
    { timeoutFactor: 4 },
  );

  // ----- Blocking -----------------------------------------------------------

  test("MUTEX-BLK-1", "a lock of an unlocked mutex resolves at once and makes the caller the holder", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = a!.mutexInit();
    await expectDoneNow(() => a!.mutexLock(mutex), "a lock of an unlocked mutex");
    expectHeldThenRelease(a!, b!, mutex, "the locker holds it");
    expectUnlocked(b!, mutex, "after the holder's unlock");
  });

  test("MUTEX-BLK-1", "a lock of a mutex another process holds stays pending until the holder unlocks, then holds it", async (t) => {
    const [a, b, c] = await spawnProcesses(t, 3, withMutexes);
    const mutex = a!.mutexInit();
    await a!.mutexLock(mutex);
    const l = start(() => b!.mutexLock(mutex), "a lock of a held mutex");
    await expectPending(l, "the lock while another process holds the mutex");
    expectThrowsCode(() => b!.mutexUnlock(mutex), "EPERM", "the waiting process's unlock (it does not hold the mutex yet)");
    a!.mutexUnlock(mutex);
    await expectDoneNow(l, "the pending lock, once the holder unlocked");
    expectHeldThenRelease(b!, c!, mutex, "the woken process holds it");
  });

  test("MUTEX-BLK-2", "an aborted pending lock rejects ECANCELED without taking the mutex: the holder's unlock leaves it unlocked", async (t) => {
    const [a, b, c] = await spawnProcesses(t, 3, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    const controller = new AbortController();
    const l = start(() => b!.mutexLock(mutex, { signal: controller.signal }), "a lock of a held mutex with a signal");
    await expectPending(l, "the lock before the abort");
    const reason = new Error("give up");
    controller.abort(reason);
    const error = await expectRejectsNow(l, "ECANCELED", "the lock once aborted");
    expectEqual(error.cause, reason, "the cause of the ECANCELED (the signal's reason)");
    a!.mutexUnlock(mutex);
    expectThrowsCode(() => b!.mutexUnlock(mutex), "EPERM", "the aborted process's unlock (it never held the mutex)");
    expectUnlocked(c!, mutex, "by a third process after the holder's unlock");
  });

  test("MUTEX-BLK-2", "aborting the first of two pending locks hands the mutex to the second at the next unlock", async (t) => {
    const [a, b, c] = await spawnProcesses(t, 3, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    const controller = new AbortController();
    const lb = start(() => b!.mutexLock(mutex, { signal: controller.signal }), "the first pending lock, with a signal");
    const lc = start(() => c!.mutexLock(mutex), "the second pending lock");
    await expectPending(lc, "the second pending lock");
    controller.abort();
    await expectRejectsNow(lb, "ECANCELED", "the first lock once aborted");
    a!.mutexUnlock(mutex);
    await expectDoneNow(lc, "the second lock, served by the unlock after the abort");
    expectHeldThenRelease(c!, b!, mutex, "the second waiter holds it");
  });

  for (const restart of [false, true]) {
    const how = restart ? "with restart" : "without restart";
    test("MUTEX-BLK-4", `a handler ${how} run while a lock waits does not interrupt it: the lock waits on and holds the mutex after the unlock`, async (t) => {
      const [a, b] = await spawnProcesses(t, 2, withMutexes);
      const mutex = a!.mutexInit();
      a!.mutexTryLock(mutex);
      const caught = catchSignal(b!, SIGUSR1, { restart });
      const l = start(() => b!.mutexLock(mutex), "a lock of a held mutex");
      await expectPending(l, "the lock before the signal");
      interrupt(a!, b!, caught, "the lock waits");
      await expectPending(l, `the lock after a handler ${how} ran (never EINTR)`);
      a!.mutexUnlock(mutex);
      await expectDoneNow(l, "the lock, once the holder unlocked");
      expectHeldThenRelease(b!, a!, mutex, "the signalled process's lock took the mutex");
    }, { requires: SIGNAL });
  }

  test("MUTEX-BLK-4", "a handler does not interrupt a timed lock either: it waits on until an unlock hands it the mutex", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    const caught = catchSignal(b!, SIGUSR1);
    const l = start(() => b!.mutexLock(mutex, { deadline: Date.now() + 60000 }), "a timed lock of a held mutex, its deadline a minute away");
    await expectPending(l, "the timed lock before the signal");
    interrupt(a!, b!, caught, "the timed lock waits");
    interrupt(a!, b!, caught, "the timed lock still waits");
    await expectPending(l, "the timed lock after two handlers ran");
    a!.mutexUnlock(mutex);
    await expectDoneNow(l, "the timed lock, once the holder unlocked");
    expectHeldThenRelease(b!, a!, mutex, "the signalled process's timed lock took the mutex");
  }, { requires: SIGNAL });

  test("MUTEX-BLK-4", "a lock keeps its place through a handler: the unlock hands the mutex to it, not to a lock that started after it", async (t) => {
    const [a, b, c] = await spawnProcesses(t, 3, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    const caught = catchSignal(b!, SIGUSR1);
    const lb = start(() => b!.mutexLock(mutex), "the first pending lock, of the process signalled");
    const lc = start(() => c!.mutexLock(mutex), "the second pending lock");
    await expectPending(lb, "the first pending lock");
    interrupt(a!, b!, caught, "both locks wait");
    a!.mutexUnlock(mutex);
    await expectDoneNow(lb, "the first lock, handed the mutex");
    await expectPending(lc, "the second lock");
    b!.mutexUnlock(mutex);
    await expectDoneNow(lc, "the second lock, at the next unlock");
    c!.mutexUnlock(mutex);
  }, { requires: SIGNAL });

  test("MUTEX-BLK-3", "a lock with an already aborted signal rejects ECANCELED and takes nothing, though the mutex is unlocked", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = a!.mutexInit();
    const reason = new Error("already");
    const error = await expectRejectsNow(() => a!.mutexLock(mutex, { signal: AbortSignal.abort(reason) }), "ECANCELED", "a lock of an unlocked mutex with an aborted signal");
    expectEqual(error.cause, reason, "the cause of the ECANCELED (the signal's reason)");
    await expectRejectsNow(
      () => a!.mutexLock(mutex, { signal: AbortSignal.abort(), deadline: 0 }),
      "ECANCELED",
      "a timed lock of an unlocked mutex with an aborted signal and a passed deadline",
    );
    expectUnlocked(b!, mutex, "by another process after the aborted locks");
  });

  test("MUTEX-BLK-3", "a lock of a held mutex with an already aborted signal rejects at once instead of waiting", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    await expectRejectsNow(() => b!.mutexLock(mutex, { signal: AbortSignal.abort() }), "ECANCELED", "a lock of a held mutex with an aborted signal");
    a!.mutexUnlock(mutex);
    expectUnlocked(a!, mutex, "after the holder's unlock (no lock was queued)");
  });

  // ----- Non-blocking -------------------------------------------------------

  test("MUTEX-NB-1", "tryLock of an unlocked mutex makes the caller the holder", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    expectHeldThenRelease(a!, b!, mutex, "the tryLock's caller holds it");
    b!.mutexTryLock(mutex);
    expectHeldThenRelease(b!, a!, mutex, "the second tryLock's caller holds it");
  });

  test("MUTEX-NB-1", "tryLock of a locked mutex fails EBUSY, by the holder too, and changes nothing", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = a!.mutexInit();
    await a!.mutexLock(mutex);
    expectThrowsCode(() => b!.mutexTryLock(mutex), "EBUSY", "another process's tryLock");
    expectThrowsCode(() => a!.mutexTryLock(mutex), "EBUSY", "the holder's own tryLock");
    expectThrowsCode(() => b!.mutexUnlock(mutex), "EPERM", "the refused process's unlock (it holds nothing)");
    a!.mutexUnlock(mutex);
    expectThrowsCode(() => a!.mutexUnlock(mutex), "EPERM", "a second unlock by the holder (one unlock released it)");
  });

  test("MUTEX-NB-2", "tryLock, unlock, init and destroy return at once, never promises", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = expectSync(a!.mutexInit(), "mutexInit");
    expectEqual(expectSync(a!.mutexTryLock(mutex), "mutexTryLock of an unlocked mutex"), undefined, "mutexTryLock's result");
    let thrown: unknown;
    let returned: unknown;
    try {
      returned = b!.mutexTryLock(mutex);
    } catch (error) {
      thrown = error;
    }
    expectTrue(!isThenable(returned) && IpcError.is(thrown, "EBUSY"), "mutexTryLock of a held mutex", "a synchronous EBUSY", thrown === undefined ? describeValue(returned) : describeValue(thrown));
    expectEqual(expectSync(a!.mutexUnlock(mutex), "mutexUnlock"), undefined, "mutexUnlock's result");
    expectEqual(expectSync(a!.mutexDestroy(mutex), "mutexDestroy"), undefined, "mutexDestroy's result");
  });

  // ----- Timeouts -----------------------------------------------------------

  test("MUTEX-TMO-1", "a timed lock of a held mutex fails ETIMEDOUT once its deadline passes, not holding the mutex", async (t) => {
    const [a, b, c] = await spawnProcesses(t, 3, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    const deadline = Date.now() + 15;
    const l = start(() => b!.mutexLock(mutex, { deadline }), "a lock of a held mutex with a deadline 15 ms away");
    await expectPending(l, "the timed lock before its deadline");
    await expectRejectsCode(l.promise, "ETIMEDOUT", "the timed lock once its deadline passed");
    expectTrue(Date.now() >= deadline, "when the lock timed out", `at or after its deadline (${deadline})`, `at ${Date.now()}`);
    expectHeldThenRelease(a!, c!, mutex, "the first holder still holds it");
    expectUnlocked(c!, mutex, "after the holder's unlock (the timed-out lock took nothing)");
  });

  test("MUTEX-TMO-1", "a timed lock whose deadline has passed already fails ETIMEDOUT at once when it must wait", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    await expectRejectsNow(() => b!.mutexLock(mutex, { deadline: Date.now() - 1000 }), "ETIMEDOUT", "a lock of a held mutex with a deadline a second ago");
    await expectRejectsNow(() => b!.mutexLock(mutex, { deadline: 0 }), "ETIMEDOUT", "a lock of a held mutex with the deadline 0");
    a!.mutexUnlock(mutex);
    expectUnlocked(a!, mutex, "after the holder's unlock (no lock was queued)");
  });

  test("MUTEX-TMO-1", "a timed lock is served by an unlock before its deadline, as an untimed lock is", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    const l = start(() => b!.mutexLock(mutex, { deadline: Date.now() + 60000 }), "a lock with a deadline a minute away");
    await expectPending(l, "the timed lock");
    a!.mutexUnlock(mutex);
    await expectDoneNow(l, "the timed lock, once the holder unlocked");
    expectHeldThenRelease(b!, a!, mutex, "the timed lock's process holds it");
  });

  test("MUTEX-TMO-1", "a lock that timed out leaves the queue: the next unlock hands the mutex to the lock behind it", async (t) => {
    const [a, b, c] = await spawnProcesses(t, 3, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    const timed = start(() => b!.mutexLock(mutex, { deadline: Date.now() + 10 }), "a lock with a deadline 10 ms away");
    const plain = start(() => c!.mutexLock(mutex), "an untimed lock behind it");
    await expectRejectsCode(timed.promise, "ETIMEDOUT", "the timed lock once its deadline passed");
    await expectPending(plain, "the untimed lock after the timed one left");
    a!.mutexUnlock(mutex);
    await expectDoneNow(plain, "the untimed lock, served by the next unlock");
    expectHeldThenRelease(c!, b!, mutex, "the untimed lock's process holds it");
  });

  test("MUTEX-TMO-2", "a lock that can take the mutex at once does so even when its deadline has passed", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = a!.mutexInit();
    await expectDoneNow(() => a!.mutexLock(mutex, { deadline: 0 }), "a lock of an unlocked mutex with the deadline 0");
    expectHeldThenRelease(a!, b!, mutex, "the timed lock's process holds it");
    await expectDoneNow(() => b!.mutexLock(mutex, { deadline: Date.now() - 1000 }), "a lock of an unlocked mutex with a deadline a second ago");
    expectHeldThenRelease(b!, a!, mutex, "the second timed lock's process holds it");
  });

  test("MUTEX-TMO-3", "a deadline that is not a finite number of at least 0 fails EINVAL and takes nothing, though the mutex is unlocked", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = a!.mutexInit();
    for (const { label, value } of badDeadlines("later", ["a Date"])) {
      await expectRejectsNow(() => a!.mutexLock(mutex, { deadline: value as number }), "EINVAL", `a lock of an unlocked mutex with the deadline ${label}`);
    }
    expectUnlocked(b!, mutex, "by another process after the refused locks");
  });

  test("MUTEX-TMO-3", "a bad deadline on a held mutex is refused at once instead of waiting", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    await expectRejectsNow(() => b!.mutexLock(mutex, { deadline: Number.NaN }), "EINVAL", "a lock of a held mutex with the deadline NaN");
    a!.mutexUnlock(mutex);
    expectUnlocked(a!, mutex, "after the holder's unlock (no lock was queued)");
  });

  // ----- Atomicity ----------------------------------------------------------

  test("MUTEX-ATOM-1", "read-modify-write updates of a shared counter by several processes under the mutex are never lost", async (t) => {
    const procs = await spawnProcesses(t, 4, withMutexes);
    const mutex = procs[0]!.mutexInit();
    const counter = { value: 0 };
    const rounds = 5;
    const work = async (proc: MutexProcess): Promise<void> => {
      for (let i = 0; i < rounds; i++) {
        await proc.mutexLock(mutex);
        const read = counter.value;
        // Yield between the read and the write, so that the others run.
        for (let k = 0; k < 3; k++) await Promise.resolve();
        await new Promise((resolve) => setTimeout(resolve, 0));
        counter.value = read + 1;
        proc.mutexUnlock(mutex);
      }
    };
    await Promise.all(procs.map(work));
    expectEqual(counter.value, procs.length * rounds, `the counter after ${procs.length * rounds} updates under the mutex`);
  });

  test("MUTEX-ATOM-1", "while one process holds the mutex, every other process's lock waits and every tryLock fails EBUSY", async (t) => {
    const [a, b, c] = await spawnProcesses(t, 3, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    const lb = start(() => b!.mutexLock(mutex), "another process's lock");
    const lc = start(() => c!.mutexLock(mutex, { deadline: Date.now() + 60000 }), "a third process's timed lock");
    await expectPending(lb, "the second process's lock");
    await expectPending(lc, "the third process's lock");
    expectThrowsCode(() => b!.mutexTryLock(mutex), "EBUSY", "the second process's tryLock");
    expectThrowsCode(() => c!.mutexTryLock(mutex), "EBUSY", "the third process's tryLock");
    a!.mutexUnlock(mutex);
    await expectDoneNow(lb, "the second process's lock after the unlock");
    await expectPending(lc, "the third process's lock while the second holds the mutex");
    b!.mutexUnlock(mutex);
    await expectDoneNow(lc, "the third process's lock after the second unlock");
    c!.mutexUnlock(mutex);
  });

  test(
    "MUTEX-ATOM-1",
    "under any interleaving of locks, timed locks and tryLocks, read-modify-write updates under the mutex are never lost",
    async (t) => {
      await checkProperty(
        t,
        fc.asyncProperty(fc.scheduler(), counterRace(), async (s, race) => runCounterRace(t, s, race, "updates")),
        "scheduled race of updates under the mutex",
        "one holder at a time and every update counted",
        { limitTime: false },
      );
    },
    { timeoutFactor: 4 },
  );

  test("MUTEX-ATOM-2", "an unlock with a lock pending hands the mutex over at once: nobody else's tryLock or lock gets in between", async (t) => {
    const [a, b, c] = await spawnProcesses(t, 3, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    const lb = start(() => b!.mutexLock(mutex), "a pending lock");
    await expectPending(lb, "the pending lock");
    a!.mutexUnlock(mutex);
    expectThrowsCode(() => c!.mutexTryLock(mutex), "EBUSY", "a third process's tryLock right after the unlock, before any task ran");
    expectThrowsCode(() => a!.mutexTryLock(mutex), "EBUSY", "the unlocking process's own tryLock right after its unlock");
    const lc = start(() => c!.mutexLock(mutex), "a third process's lock right after the unlock");
    await expectDoneNow(lb, "the pending lock, handed the mutex");
    await expectPending(lc, "the third process's lock, behind the new holder");
    expectThrowsCode(() => a!.mutexUnlock(mutex), "EPERM", "the former holder's unlock after the hand-over");
    b!.mutexUnlock(mutex);
    await expectDoneNow(lc, "the third process's lock after the new holder's unlock");
    c!.mutexUnlock(mutex);
  });

  test("MUTEX-ATOM-2", "the woken lock's process holds the mutex when unlock returns, before its promise is even awaited", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    const lb = start(() => b!.mutexLock(mutex), "a pending lock");
    await expectPending(lb, "the pending lock");
    a!.mutexUnlock(mutex);
    const got = outcome(() => b!.mutexUnlock(mutex));
    expectTrue(got === "ok", "the woken process's unlock, right after the hand-over", "success (it holds the mutex)", got);
    await expectDoneNow(lb, "the woken lock");
    expectUnlocked(a!, mutex, "after the woken process's unlock");
  });

  // ----- Errors -------------------------------------------------------------

  test("MUTEX-ERR-1", "a lock by the holder rejects EDEADLK at once, and it still holds the mutex", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = a!.mutexInit();
    await a!.mutexLock(mutex);
    await expectRejectsNow(() => a!.mutexLock(mutex), "EDEADLK", "the holder's second lock");
    await expectRejectsNow(() => a!.mutexLock(mutex, { deadline: Date.now() + 60000 }), "EDEADLK", "the holder's timed lock");
    await expectRejectsNow(() => a!.mutexLock(mutex, { deadline: 0 }), "EDEADLK", "the holder's timed lock with a passed deadline");
    expectHeldThenRelease(a!, b!, mutex, "the holder's relocks were refused");
    expectUnlocked(b!, mutex, "after the holder's one unlock");
  });

  test("MUTEX-ERR-1", "the holder's relock is refused even while other locks wait, and they are still served in turn", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    const lb = start(() => b!.mutexLock(mutex), "another process's pending lock");
    await expectRejectsNow(() => a!.mutexLock(mutex), "EDEADLK", "the holder's relock with a lock pending");
    await expectPending(lb, "the other process's lock");
    a!.mutexUnlock(mutex);
    await expectDoneNow(lb, "the other process's lock after the holder's unlock");
    b!.mutexUnlock(mutex);
  });

  test("MUTEX-ERR-2", "an unlock by a process that does not hold the mutex fails EPERM, and the holder keeps it", async (t) => {
    const [a, b, c] = await spawnProcesses(t, 3, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    expectThrowsCode(() => b!.mutexUnlock(mutex), "EPERM", "an unlock by another process");
    expectThrowsCode(() => c!.mutexUnlock(mutex), "EPERM", "an unlock by a third process");
    expectHeldThenRelease(a!, b!, mutex, "the refused unlocks changed nothing");
  });

  test("MUTEX-ERR-2", "an unlock of an unlocked mutex fails EPERM, whoever calls it, and the mutex stays usable", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = a!.mutexInit();
    expectThrowsCode(() => a!.mutexUnlock(mutex), "EPERM", "an unlock of a new mutex");
    a!.mutexTryLock(mutex);
    a!.mutexUnlock(mutex);
    expectThrowsCode(() => a!.mutexUnlock(mutex), "EPERM", "a second unlock by the former holder");
    expectThrowsCode(() => b!.mutexUnlock(mutex), "EPERM", "an unlock of the unlocked mutex by another process");
    expectUnlocked(b!, mutex, "after the refused unlocks");
  });

  test("MUTEX-ERR-3", "every call given something that is not a mutex fails EINVAL", async (t) => {
    const [proc] = await spawnProcesses(t, 1, withMutexes);
    const values: { label: string; value: unknown }[] = notMutexes();
    // Handles of other mechanisms are offered only when the implementation has them.
    if (t.supports("pipe")) values.push({ label: "a pipe end", value: proc!.pipe()[0] });
    if (t.supports("sem")) values.push({ label: "a semaphore", value: proc!.semInit!(1) });
    for (const { label, value } of values) {
      const mutex = value as Mutex;
      expectOutcomes(
        [
          [`mutexTryLock(${label})`, () => proc!.mutexTryLock(mutex), "EINVAL"],
          [`mutexUnlock(${label})`, () => proc!.mutexUnlock(mutex), "EINVAL"],
          [`mutexDestroy(${label})`, () => proc!.mutexDestroy(mutex), "EINVAL"],
        ],
        `the calls given ${label}`,
      );
      await expectRejectsNow(() => proc!.mutexLock(mutex), "EINVAL", `mutexLock(${label}), as a rejection`);
    }
  });

  test("MUTEX-ERR-4", "lock options that are not an object, or a signal that is not an AbortSignal, fail EINVAL and take nothing", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = a!.mutexInit();
    const bad: readonly [string, unknown][] = [
      ["options 1", 1],
      ['options "now"', "now"],
      ["options null", null],
      ["a signal {}", { signal: {} }],
      ['a signal "abort"', { signal: "abort" }],
      ["a signal null", { signal: null }],
    ];
    for (const [label, options] of bad) {
      await expectRejectsNow(() => a!.mutexLock(mutex, options as never), "EINVAL", `a lock of an unlocked mutex with ${label}`);
    }
    expectUnlocked(b!, mutex, "by another process after the refused locks");
  });

  // ----- Lifecycle ----------------------------------------------------------

  test("MUTEX-LIFE-1", "a mutex made by one process is locked and unlocked by others, and excludes them from each other", async (t) => {
    const [maker, b, c] = await spawnProcesses(t, 3, withMutexes);
    const mutex = maker!.mutexInit();
    await expectDoneNow(() => b!.mutexLock(mutex), "another process's lock of a new mutex");
    expectThrowsCode(() => c!.mutexTryLock(mutex), "EBUSY", "a third process's tryLock");
    expectThrowsCode(() => maker!.mutexTryLock(mutex), "EBUSY", "the maker's tryLock");
    b!.mutexUnlock(mutex);
    expectUnlocked(c!, mutex, "by the third process");
  });

  test("MUTEX-LIFE-1", "each mutexInit makes a new, independent, unlocked mutex", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const first = a!.mutexInit();
    const second = a!.mutexInit();
    expectTrue(first !== second, "two mutexInit calls", "two mutexes", "the same object");
    a!.mutexTryLock(first);
    expectUnlocked(b!, second, "of the second mutex while the first is held");
    a!.mutexUnlock(first);
  });

  test("MUTEX-LIFE-2", "after mutexDestroy every call on the mutex fails EINVAL, mutexDestroy included", async (t) => {
    const [a, b] = await spawnProcesses(t, 2, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    a!.mutexUnlock(mutex);
    a!.mutexDestroy(mutex);
    expectOutcomes(
      [
        ["mutexTryLock", () => b!.mutexTryLock(mutex), "EINVAL"],
        ["mutexUnlock", () => a!.mutexUnlock(mutex), "EINVAL"],
        ["mutexDestroy again", () => a!.mutexDestroy(mutex), "EINVAL"],
      ],
      "calls on a destroyed mutex",
    );
    await expectRejectsNow(() => b!.mutexLock(mutex), "EINVAL", "mutexLock of a destroyed mutex");
    await expectRejectsNow(() => b!.mutexLock(mutex, { deadline: 0 }), "EINVAL", "a timed mutexLock of a destroyed mutex");
  });

  test("MUTEX-LIFE-3", "mutexDestroy of a locked mutex fails EBUSY, and it stays held with its pending lock waiting", async (t) => {
    const [a, b, c] = await spawnProcesses(t, 3, withMutexes);
    const mutex = a!.mutexInit();
    a!.mutexTryLock(mutex);
    expectThrowsCode(() => a!.mutexDestroy(mutex), "EBUSY", "the holder's mutexDestroy");
    const lb = start(() => b!.mutexLock(mutex), "a pending lock");
    await expectPending(lb, "the pending lock");
    expectThrowsCode(() => c!.mutexDestroy(mutex), "EBUSY", "another process's mutexDestroy with a lock pending");
    await expectPending(lb, "the pending lock after the refused destroys");
    a!.mutexUnlock(mutex);
    await expectDoneNow(lb, "the pending lock, served after the refused destroys");
    b!.mutexUnlock(mutex);
    c!.mutexDestroy(mutex);
  });

  test(
    "MUTEX-LIFE-4",
    "a mutex whose holder exits stays locked: tryLock fails EBUSY, unlocks fail EPERM, and a lock waits until aborted or timed out",
    async (t) => {
      const [a, b, c] = await spawnProcesses(t, 3, withMutexes);
      const mutex = a!.mutexInit();
      a!.mutexTryLock(mutex);
      a!.exit();
      expectThrowsCode(() => b!.mutexTryLock(mutex), "EBUSY", "tryLock after the holder exited");
      expectThrowsCode(() => b!.mutexUnlock(mutex), "EPERM", "another process's unlock after the holder exited");
      expectThrowsCode(() => c!.mutexDestroy(mutex), "EBUSY", "mutexDestroy after the holder exited");
      const controller = new AbortController();
      const l = start(() => b!.mutexLock(mutex, { signal: controller.signal }), "a lock after the holder exited");
      await expectPending(l, "the lock of the abandoned mutex");
      controller.abort();
      await expectRejectsNow(l, "ECANCELED", "the lock once aborted");
      await expectRejectsCode(c!.mutexLock(mutex, { deadline: Date.now() + 5 }), "ETIMEDOUT", "a timed lock of the abandoned mutex");
    },
    { requires: EXIT },
  );

  // The same rule whichever way the waiting process ends: by exit, or killed by a signal.
  for (const ending of [
    { how: "exited", requires: EXIT, end: (a: MutexProcess, b: MutexProcess) => b.exit() },
    { how: "was killed by a signal", requires: SIGNAL, end: (a: MutexProcess, b: MutexProcess) => signalProcess(a).kill(b.pid, SIGKILL) },
  ]) {
    test(
      "MUTEX-LIFE-5",
      `an unlock after a waiting process ${ending.how} hands the mutex to the next waiting process`,
      async (t) => {
        const [a, b, c] = await spawnProcesses(t, 3, withMutexes);
        const mutex = a!.mutexInit();
        a!.mutexTryLock(mutex);
        const dead = track(b!.mutexLock(mutex));
        dead.promise.catch(() => undefined);
        const alive = start(() => c!.mutexLock(mutex), "the lock of the process that stays");
        await expectPending(alive, "the second pending lock");
        ending.end(a!, b!);
        a!.mutexUnlock(mutex);
        await expectDoneNow(alive, `the living process's lock, served by the unlock after the other ${ending.how}`);
        expectTrue(dead.state !== "fulfilled", "the ended process's lock", "never served", "served");
        expectHeldThenRelease(c!, a!, mutex, "the living waiter holds it");
      },
      { requires: ending.requires },
    );
  }

  test(
    "MUTEX-LIFE-5",
    "an unlock after the only waiting process exited leaves the mutex unlocked",
    async (t) => {
      const [a, b, c] = await spawnProcesses(t, 3, withMutexes);
      const mutex = a!.mutexInit();
      a!.mutexTryLock(mutex);
      const dead = track(b!.mutexLock(mutex));
      dead.promise.catch(() => undefined);
      await expectPending(dead, "the pending lock");
      b!.exit();
      a!.mutexUnlock(mutex);
      expectUnlocked(c!, mutex, "by a third process after the unlock");
      c!.mutexDestroy(mutex);
    },
    { requires: EXIT },
  );

  test(
    "MUTEX-LIFE-6",
    "a child made by fork does not hold its parent's mutex: its unlock fails EPERM, its tryLock EBUSY, and its lock waits for the parent",
    async (t) => {
      const [parent] = await spawnProcesses(t, 1, withMutexes);
      const mutex = parent!.mutexInit();
      await parent!.mutexLock(mutex);
      const child = withMutexes(parent!.fork());
      expectThrowsCode(() => child.mutexUnlock(mutex), "EPERM", "the child's unlock");
      expectThrowsCode(() => child.mutexTryLock(mutex), "EBUSY", "the child's tryLock");
      const l = start(() => child.mutexLock(mutex), "the child's lock");
      await expectPending(l, "the child's lock while the parent holds the mutex");
      parent!.mutexUnlock(mutex);
      await expectDoneNow(l, "the child's lock after the parent's unlock");
      expectHeldThenRelease(child, parent!, mutex, "the child holds it");
    },
    { requires: FORK },
  );
}
