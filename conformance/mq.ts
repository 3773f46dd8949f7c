/**
 * Conformance tests for POSIX message queues: at least one test for every
 * clause of {@link MQ_CLAUSES}, each named by the clause it checks and titled
 * with the rule it checks, plus a model-based property test of the
 * non-blocking forms against a priority-queue model.
 *
 * Blocking is proven without sleeps: an operation is {@link track}ed, the
 * task queue drained, and the operation found still pending; then the test
 * acts and checks that it settles. Only the deadline tests wait for real
 * time, a few tens of milliseconds. Every test builds a fresh system through
 * its {@link TestContext}. Tests of notification require `"mq.notify"`;
 * tests that set a umask or end a process require `"process.umask"` or
 * `"process.exit"`, and tests of signal handlers (and of a process killed
 * by a signal) require `"signal"`. Permission tests use four users: the owner (uid 1000,
 * gid 100), a member of group 100, another user and root.
 *
 * @module
 */

import fc from "fast-check";
import type { Arbitrary, AsyncCommand } from "fast-check";

import { IpcError } from "../spec/errors.ts";
import {
  MQ_DEFAULT_MAX_MESSAGES,
  MQ_DEFAULT_MESSAGE_SIZE,
  MQ_HARD_MAX_MESSAGES,
  MQ_HARD_MAX_MESSAGE_SIZE,
  MQ_MAX_MESSAGES,
  MQ_MAX_MESSAGE_SIZE,
  MQ_PRIO_MAX,
} from "../spec/mq.ts";
import type { MQ_CLAUSES, MessageQueue, MqApi, MqOpenOptions, MqReceived } from "../spec/mq.ts";
import { SIGKILL, SIGUSR1 } from "../spec/signal.ts";
import type { SignalInfo } from "../spec/signal.ts";
import type { IpcProcess, IpcSystem, SpawnOptions } from "../spec/system.ts";
import {
  AssertionFailure,
  describeValue,
  drain,
  expectBytes,
  expectEqual,
  expectPending,
  expectRejectsCode,
  expectSync,
  expectThrowsCode,
  expectTrue,
  operationChecks,
  pattern,
  track,
} from "./assert.ts";
import type { Operation, Tracked } from "./assert.ts";
import { QUEUE_USERS, badDeadlines, catchSignal, interruptWithSigusr1, notByteArrays, signalProcess, users } from "./fixtures/index.ts";
import type { BadValue } from "./fixtures/index.ts";
import type { Common, TestContext, TestFunction } from "./harness.ts";
import { checkProperty } from "./property.ts";

// ---------------------------------------------------------------------------
// Local helpers
// ---------------------------------------------------------------------------

/** The name most tests use; every test has a fresh system, so names never clash. */
const NAME = "/ipckit-mq";
/** The message size of the small queues most tests make. */
const SIZE = 16;
/** The depth of the small queues most tests make. */
const DEPTH = 4;

const NOTIFY = ["mq.notify"] as const;
const NOTIFY_EXIT = ["mq.notify", "process.exit"] as const;
const EXIT = ["process.exit"] as const;
const UMASK = ["process.umask"] as const;
const SIGNAL = ["signal"] as const;

/** The owner of the queues in permission tests, in a group other than the queues'. */
const OWNER_ELSEWHERE: SpawnOptions = { uid: 1000, gid: 999 };

const { start, expectFulfilledNow, expectRejectsNow, expectSettledNow } = operationChecks();

/** The queue calls of a process; `ENOSYS` (NOT IMPLEMENTED) when it has none. */
function mq(proc: IpcProcess): MqApi {
  if (typeof proc.mqOpen !== "function" || typeof proc.mqUnlink !== "function") {
    throw new IpcError("ENOSYS", "mq_open", { detail: "the process has no mqOpen/mqUnlink" });
  }
  return proc as IpcProcess & MqApi;
}

/** A process and a queue it created. */
interface Fixture {
  readonly system: IpcSystem;
  readonly proc: IpcProcess;
  readonly q: MessageQueue;
}

/**
 * A fresh system, a root process and a new readwrite queue of {@link DEPTH}
 * messages of {@link SIZE} bytes (unless `options` say otherwise).
 */
async function openQueue(t: TestContext, options: Partial<MqOpenOptions> = {}): Promise<Fixture> {
  const system = await t.system();
  const proc = system.spawn();
  const q = mq(proc).mqOpen(NAME, { access: "readwrite", create: true, maxMessages: DEPTH, messageSize: SIZE, ...options });
  return { system, proc, q };
}

/** A recognisable message: `length` bytes, different for each `seed`. */
function message(seed: number, length = 4): Uint8Array {
  return pattern(length, seed);
}

/** What a receive delivered: the message's bytes and priority. */
interface Delivered {
  readonly data: Uint8Array;
  readonly priority: number;
}

/** Fails unless `result` is a receive's result that fits a `size`-byte buffer. */
function checkReceived(result: unknown, size: number, what: string): MqReceived {
  const shape = result as Partial<MqReceived> | null | undefined;
  expectTrue(
    typeof shape === "object" &&
      shape !== null &&
      Number.isInteger(shape.length) &&
      (shape.length ?? -1) >= 0 &&
      (shape.length ?? 0) <= size &&
      Number.isInteger(shape.priority),
    what,
    `{ length, priority } with a length from 0 to ${size}`,
    describeValue(result),
  );
  return shape as MqReceived;
}

/** Sends with trySend, turning any error into a failure. */
function sendNow(q: MessageQueue, data: Uint8Array, priority: number, what: string): void {
  try {
    expectSync(q.trySend(data, priority), what);
  } catch (error) {
    if (error instanceof AssertionFailure) throw error;
    throw new AssertionFailure(what, "the message sent", describeValue(error));
  }
}

/** Receives with tryReceive into a `size`-byte buffer, turning any error into a failure. */
function receiveNow(q: MessageQueue, what: string, size = SIZE): Delivered {
  const buffer = new Uint8Array(size);
  let result: unknown;
  try {
    result = expectSync(q.tryReceive(buffer), what);
  } catch (error) {
    if (error instanceof AssertionFailure) throw error;
    throw new AssertionFailure(what, "a message", describeValue(error));
  }
  const { length, priority } = checkReceived(result, size, what);
  return { data: buffer.slice(0, length), priority };
}

/** Fails unless `got` is `data` at `priority`. */
function expectMessage(got: Delivered, data: Uint8Array, priority: number, what: string): void {
  expectBytes(got.data, data, `bytes of ${what}`);
  expectEqual(got.priority, priority, `priority of ${what}`);
}

/** Receives with tryReceive and fails unless it is `data` at `priority`. */
function expectNext(q: MessageQueue, data: Uint8Array, priority: number, what: string, size = SIZE): void {
  expectMessage(receiveNow(q, what, size), data, priority, what);
}

/** Fails unless tryReceive finds the queue empty (EAGAIN). */
function expectEmpty(q: MessageQueue, what: string, size = SIZE): void {
  expectThrowsCode(() => q.tryReceive(new Uint8Array(size)), "EAGAIN", what);
}

/** Fails unless the queue holds `count` messages, as getAttributes reports. */
function expectCount(q: MessageQueue, count: number, what: string): void {
  expectEqual(q.getAttributes().currentMessages, count, what);
}

/** Fills the queue with `count` messages of priority 0 (seeds 100, 101...) and returns them. */
function fill(q: MessageQueue, count: number, length = 4): Uint8Array[] {
  const sent: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const data = message(100 + i, length);
    sendNow(q, data, 0, `trySend #${i + 1} of ${count} filling the queue`);
    sent.push(data);
  }
  return sent;
}

/** Fails unless the send resolves without waiting for anything more. */
async function expectSentNow(op: Operation<void>, what: string): Promise<void> {
  await expectFulfilledNow(op, "the send to resolve", what);
}

/** Fails unless the receive resolves at once with `data` at `priority`, written to the start of `buffer`. */
async function expectReceivedNow(op: Operation<MqReceived>, buffer: Uint8Array, data: Uint8Array, priority: number, what: string): Promise<void> {
  const received = await expectFulfilledNow(op, "a message", what);
  const { length } = checkReceived(received, buffer.length, what);
  expectMessage({ data: buffer.slice(0, length), priority: received.priority }, data, priority, what);
}

/** Awaits a receive (however long it takes) and fails unless it delivers `data` at `priority`. */
async function expectReceived(op: Tracked<MqReceived>, buffer: Uint8Array, data: Uint8Array, priority: number, what: string): Promise<void> {
  let value: unknown;
  try {
    value = await op.promise;
  } catch (error) {
    throw new AssertionFailure(what, "a message", `rejected with ${describeValue(error)}`);
  }
  const { length, priority: got } = checkReceived(value, buffer.length, what);
  expectMessage({ data: buffer.slice(0, length), priority: got }, data, priority, what);
}

/**
 * Has another process of `target`'s user send `SIGUSR1` to `target`, and
 * fails unless `target`'s handler ran for it, once, before `kill` returned.
 */
function interrupt(system: IpcSystem, target: IpcProcess, caught: readonly SignalInfo[], what: string): void {
  const { uid, gid } = target.credentials;
  interruptWithSigusr1(system.spawn({ uid, gid }), target, caught, what);
}

/** A deadline far enough off never to pass during a test. */
function farDeadline(): number {
  return Date.now() + 60_000;
}

/** Attribute values that are not positive safe integers (MQ-CAP-3). */
function badAttributes(): BadValue[] {
  return [
    { label: "0", value: 0 },
    { label: "-1", value: -1 },
    { label: "1.5", value: 1.5 },
    { label: "NaN", value: Number.NaN },
    { label: "Infinity", value: Number.POSITIVE_INFINITY },
    { label: "2^53", value: 2 ** 53 },
    { label: "a string", value: "4" },
    { label: "null", value: null },
    { label: "true", value: true },
  ];
}


// ---------------------------------------------------------------------------
// The priority-queue model (MQ-ORD-1 property)
// ---------------------------------------------------------------------------

/** The queue's depth in the model-based run. */
const MODEL_DEPTH = MQ_DEFAULT_MAX_MESSAGES;

/** What the model knows: the messages in the queue, in the order they entered. */
interface PriorityModel {
  readonly messages: { readonly data: Uint8Array; readonly priority: number }[];
}

class TrySendCommand implements AsyncCommand<PriorityModel, MessageQueue> {
  readonly priority: number;
  readonly length: number;
  readonly seed: number;
  constructor(priority: number, length: number, seed: number) {
    this.priority = priority;
    this.length = length;
    this.seed = seed;
  }
  check(): boolean {
    return true;
  }
  async run(model: PriorityModel, q: MessageQueue): Promise<void> {
    const data = message(this.seed, this.length);
    const what = `${this.toString()} with ${model.messages.length} messages queued`;
    if (model.messages.length >= MODEL_DEPTH) {
      expectThrowsCode(() => q.trySend(data, this.priority), "EAGAIN", what);
      return;
    }
    sendNow(q, data, this.priority, what);
    model.messages.push({ data, priority: this.priority });
  }
  toString(): string {
    return `trySend(${this.length} bytes, seed ${this.seed}, priority ${this.priority})`;
  }
}

class TryReceiveCommand implements AsyncCommand<PriorityModel, MessageQueue> {
  check(): boolean {
    return true;
  }
  async run(model: PriorityModel, q: MessageQueue): Promise<void> {
    const what = `${this.toString()} with ${model.messages.length} messages queued`;
    if (model.messages.length === 0) {
      expectEmpty(q, what);
      return;
    }
    // The oldest message of the highest priority.
    let best = 0;
    model.messages.forEach((entry, index) => {
      if (entry.priority > model.messages[best]!.priority) best = index;
    });
    const [expected] = model.messages.splice(best, 1);
    expectNext(q, expected!.data, expected!.priority, what);
  }
  toString(): string {
    return "tryReceive()";
  }
}

function modelCommands(): Arbitrary<AsyncCommand<PriorityModel, MessageQueue>>[] {
  // Few priorities, so that ties are common, plus the extremes and anything in between.
  const priority = fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 6 },
    { arbitrary: fc.constantFrom(0, MQ_PRIO_MAX - 1), weight: 1 },
    { arbitrary: fc.integer({ min: 0, max: MQ_PRIO_MAX - 1 }), weight: 1 },
  );
  const send: Arbitrary<AsyncCommand<PriorityModel, MessageQueue>> = fc
    .tuple(priority, fc.integer({ min: 0, max: SIZE }), fc.nat(250))
    .map(([p, length, seed]) => new TrySendCommand(p, length, seed));
  const receive: Arbitrary<AsyncCommand<PriorityModel, MessageQueue>> = fc.constant(new TryReceiveCommand());
  return [fc.oneof({ arbitrary: send, weight: 3 }, { arbitrary: receive, weight: 2 })];
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

/**
 * Registers the conformance tests of POSIX message queues: one or more tests
 * for each clause of {@link MQ_CLAUSES}, including a model-based property
 * test of priority order.
 *
 * Tests of notification (MQ-LIFE-10 to MQ-LIFE-15) require `"mq.notify"`;
 * tests that set a umask or end a process require `"process.umask"` or
 * `"process.exit"`; tests of signal handlers require `"signal"`. Every other
 * test uses only `spawn`, `mqOpen`,
 * `mqUnlink` and the {@link MessageQueue} methods.
 *
 * @param test - registers one test against a clause
 * @param common - what the implementation under test supports (unused: every
 *   test states its needs in `requires`, and the runner skips what is missing)
 * @returns nothing; the tests are registered through `test`
 *
 * @example Collect the message queue tests
 * ```ts
 * import { collectTests, mqTests } from "ipckit/conformance";
 * const tests = collectTests([{ feature: "mq", suite: mqTests }], { supports: () => true });
 * console.assert(tests.some((entry) => entry.clause === "MQ-ORD-1"));
 * ```
 */
export function mqTests(test: TestFunction, common: Common): void {
  void common;

  // ----- Ordering -----------------------------------------------------------

  test("MQ-ORD-1", "messages come out highest priority first, and in the order sent within a priority", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 10 });
    const sends = [
      ["A", 1],
      ["B", 5],
      ["C", 5],
      ["D", 0],
      ["E", 31],
      ["F", 1],
    ] as const;
    const data = new Map(sends.map(([name], i) => [name, message(i + 1)]));
    for (const [name, priority] of sends) sendNow(q, data.get(name)!, priority, `trySend of ${name} at priority ${priority}`);
    for (const [name, priority] of [["E", 31], ["B", 5], ["C", 5], ["A", 1], ["F", 1], ["D", 0]] as const) {
      expectNext(q, data.get(name)!, priority, `the receive expected to return ${name} (sent A1 B5 C5 D0 E31 F1)`);
    }
    expectEmpty(q, "tryReceive once all six messages were received");
  });

  test("MQ-ORD-1", "the lowest and highest priorities, 0 and MQ_PRIO_MAX - 1, are ordered like any other", async (t) => {
    const { q } = await openQueue(t);
    const top = MQ_PRIO_MAX - 1;
    sendNow(q, message(1), 0, "trySend at priority 0");
    sendNow(q, message(2), top, `trySend at priority ${top}`);
    sendNow(q, message(3), 1, "trySend at priority 1");
    sendNow(q, message(4), top - 1, `trySend at priority ${top - 1}`);
    expectNext(q, message(2), top, `the first receive (priority ${top})`);
    expectNext(q, message(4), top - 1, `the second receive (priority ${top - 1})`);
    expectNext(q, message(3), 1, "the third receive (priority 1)");
    expectNext(q, message(1), 0, "the fourth receive (priority 0)");
  });

  test("MQ-ORD-1", "blocking receives take the highest priority first too", async (t) => {
    const { q } = await openQueue(t);
    sendNow(q, message(1), 2, "trySend at priority 2");
    sendNow(q, message(2), 7, "trySend at priority 7");
    sendNow(q, message(3), 2, "trySend of a second message at priority 2");
    for (const [seed, priority] of [[2, 7], [1, 2], [3, 2]] as const) {
      const buffer = new Uint8Array(SIZE);
      await expectReceivedNow(() => q.receive(buffer), buffer, message(seed), priority, `a blocking receive expecting priority ${priority}`);
    }
  });

  test("MQ-ORD-1", "a send let in from the wait takes its place among the messages by priority", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 2 });
    sendNow(q, message(1), 1, "trySend of a at priority 1");
    sendNow(q, message(2), 1, "trySend of b at priority 1");
    const s = start(() => q.send(message(3), 9), "send of c at priority 9 on the full queue");
    await expectPending(s, "send of c on the full queue");
    expectNext(q, message(1), 1, "the receive that makes room (a)");
    await expectSentNow(s, "send of c, once a receive made room");
    expectNext(q, message(3), 9, "the next receive: c (priority 9) before b (priority 1)");
    expectNext(q, message(2), 1, "the last receive (b)");
  });

  test(
    "MQ-ORD-1",
    "any sequence of trySend and tryReceive agrees with a model that keeps messages by priority, oldest first within one",
    async (t) => {
      await checkProperty(
        t,
        fc.asyncProperty(fc.commands(modelCommands(), { maxCommands: 60, size: "max" }), async (commands) => {
          const proc = (await t.system()).spawn();
          const q = mq(proc).mqOpen(NAME, { access: "readwrite", create: true, maxMessages: MODEL_DEPTH, messageSize: SIZE });
          await fc.asyncModelRun(() => ({ model: { messages: [] } as PriorityModel, real: q }), commands);
        }),
        "model-based run",
        "every step to agree with the priority-queue model",
      );
    },
    { timeoutFactor: 4 },
  );

  test("MQ-ORD-2", "a receive returns the whole message at the start of the buffer, with its length and priority, leaving the rest of the buffer alone", async (t) => {
    const { q } = await openQueue(t);
    const data = message(7, 5);
    sendNow(q, data, 7, "trySend of 5 bytes at priority 7");
    const buffer = new Uint8Array(2 * SIZE).fill(0xee);
    const result = checkReceived(expectSync(q.tryReceive(buffer), "tryReceive into a 32-byte buffer"), buffer.length, "tryReceive's result");
    expectEqual(result.length, 5, "the length returned");
    expectEqual(result.priority, 7, "the priority returned");
    expectBytes(buffer.subarray(0, 5), data, "the message at the start of the buffer");
    expectBytes(buffer.subarray(5), new Uint8Array(buffer.length - 5).fill(0xee), "the rest of the buffer, untouched");
  });

  test("MQ-ORD-2", "each receive returns exactly one message: boundaries are kept", async (t) => {
    const { q } = await openQueue(t);
    const parts = [message(1, 3), new Uint8Array(0), message(3, SIZE), message(4, 1)];
    for (const [i, part] of parts.entries()) sendNow(q, part, 4, `trySend #${i + 1} (${part.length} bytes)`);
    for (const [i, part] of parts.entries()) expectNext(q, part, 4, `receive #${i + 1} (${part.length} bytes)`);
  });

  test("MQ-ORD-2", "a message is copied when sent: later changes to the sender's array do not show", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 1 });
    const first = message(1);
    const original = first.slice();
    sendNow(q, first, 0, "trySend of the first message");
    first.fill(0);
    const second = message(2);
    const secondOriginal = second.slice();
    const s = start(() => q.send(second, 0), "send of a second message on the full queue");
    await expectPending(s, "send of the second message on the full queue");
    second.fill(0);
    expectNext(q, original, 0, "the first message, changed in the sender's array after trySend");
    await expectSentNow(s, "the waiting send, once room was made");
    expectNext(q, secondOriginal, 0, "the second message, changed in the sender's array while its send waited");
  });

  test("MQ-ORD-2", "a message handed to a waiting receive arrives whole with its priority", async (t) => {
    const { q } = await openQueue(t);
    const buffer = new Uint8Array(SIZE);
    const r = start(() => q.receive(buffer), "receive on the empty queue");
    await expectPending(r, "receive on the empty queue");
    const data = message(5, 11);
    sendNow(q, data, 12, "trySend of 11 bytes at priority 12");
    await expectReceivedNow(r, buffer, data, 12, "the waiting receive");
  });

  test("MQ-ORD-3", "receives waiting on an empty queue are served first come, first served, whatever the priorities", async (t) => {
    const { q } = await openQueue(t);
    const buffers = [new Uint8Array(SIZE), new Uint8Array(SIZE), new Uint8Array(SIZE)];
    const receives = buffers.map((buffer, i) => start(() => q.receive(buffer), `receive #${i + 1} on the empty queue`));
    for (const [i, r] of receives.entries()) await expectPending(r, `receive #${i + 1} on the empty queue`);
    sendNow(q, message(1), 1, "trySend at priority 1");
    await expectReceivedNow(receives[0]!, buffers[0]!, message(1), 1, "the receive that waited longest");
    await expectPending(receives[1]!, "receive #2, after one message went to receive #1");
    sendNow(q, message(2), 30, "trySend at priority 30");
    await expectReceivedNow(receives[1]!, buffers[1]!, message(2), 30, "receive #2");
    await expectPending(receives[2]!, "receive #3");
    sendNow(q, message(3), 0, "trySend at priority 0");
    await expectReceivedNow(receives[2]!, buffers[2]!, message(3), 0, "receive #3");
  });

  test("MQ-ORD-3", "receives waiting through different handles and processes are served in the order they started", async (t) => {
    const { system, q } = await openQueue(t);
    const other = mq(system.spawn()).mqOpen(NAME, { access: "read" });
    const first = new Uint8Array(SIZE);
    const second = new Uint8Array(SIZE);
    const r1 = start(() => other.receive(first), "receive through another process's handle");
    const r2 = start(() => q.receive(second), "receive through the creator's handle");
    await expectPending(r1, "the first receive");
    await expectPending(r2, "the second receive");
    sendNow(q, message(1), 3, "trySend of the first message");
    await expectReceivedNow(r1, first, message(1), 3, "the receive that started first (another process)");
    await expectPending(r2, "the second receive");
    sendNow(q, message(2), 3, "trySend of the second message");
    await expectReceivedNow(r2, second, message(2), 3, "the receive that started second");
  });

  test("MQ-ORD-4", "sends waiting on a full queue enter it first come, first served, whatever their priorities", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 1 });
    sendNow(q, message(1), 5, "trySend filling the queue of one");
    const s1 = start(() => q.send(message(2), 1), "send at priority 1 on the full queue");
    const s2 = start(() => q.send(message(3), 9), "send at priority 9 on the full queue");
    await expectPending(s1, "the first waiting send");
    await expectPending(s2, "the second waiting send");
    expectNext(q, message(1), 5, "the receive that makes room");
    await expectSentNow(s1, "the send that waited longest (priority 1)");
    await expectPending(s2, "the second send (priority 9), with the one slot taken by the first");
    expectNext(q, message(2), 1, "the next receive: the first waiting send's message");
    await expectSentNow(s2, "the second waiting send");
    expectNext(q, message(3), 9, "the last receive: the second waiting send's message");
  });

  test("MQ-ORD-4", "sends waiting through different processes enter in the order they started", async (t) => {
    const { system, q } = await openQueue(t, { maxMessages: 1 });
    const other = mq(system.spawn()).mqOpen(NAME, { access: "write" });
    sendNow(q, message(1), 0, "trySend filling the queue of one");
    const s1 = start(() => other.send(message(2), 0), "send through another process's handle");
    const s2 = start(() => q.send(message(3), 0), "send through the creator's handle");
    await expectPending(s1, "the first waiting send");
    await expectPending(s2, "the second waiting send");
    expectNext(q, message(1), 0, "the receive that makes room");
    await expectSentNow(s1, "the send that started first");
    await expectPending(s2, "the send that started second");
    expectNext(q, message(2), 0, "the message of the send that started first");
    await expectSentNow(s2, "the send that started second");
    expectNext(q, message(3), 0, "the message of the send that started second");
  });

  // ----- Capacity -----------------------------------------------------------

  test("MQ-CAP-1", "a queue created without attributes has maxMessages 10 and messageSize 8192", async (t) => {
    const proc = (await t.system()).spawn(QUEUE_USERS.owner);
    const q = mq(proc).mqOpen(NAME, { access: "readwrite", create: true });
    const attributes = q.getAttributes();
    expectEqual(attributes.maxMessages, MQ_DEFAULT_MAX_MESSAGES, "maxMessages of a queue created without attributes");
    expectEqual(attributes.messageSize, MQ_DEFAULT_MESSAGE_SIZE, "messageSize of a queue created without attributes");
  });

  test("MQ-CAP-1", "a queue created without attributes holds 10 messages of 8192 bytes, and no more and no longer", async (t) => {
    const proc = (await t.system()).spawn(QUEUE_USERS.owner);
    const q = mq(proc).mqOpen(NAME, { access: "readwrite", create: true });
    expectThrowsCode(() => q.trySend(new Uint8Array(MQ_DEFAULT_MESSAGE_SIZE + 1), 0), "EMSGSIZE", "trySend of 8193 bytes");
    for (let i = 0; i < MQ_DEFAULT_MAX_MESSAGES; i++) sendNow(q, pattern(MQ_DEFAULT_MESSAGE_SIZE, i), 0, `trySend #${i + 1} of 8192 bytes`);
    expectThrowsCode(() => q.trySend(new Uint8Array(1), 0), "EAGAIN", "trySend of an 11th message");
    expectNext(q, pattern(MQ_DEFAULT_MESSAGE_SIZE, 0), 0, "the first 8192-byte message", MQ_DEFAULT_MESSAGE_SIZE);
  });

  test("MQ-CAP-1", "a queue created with only one attribute gets the default for the other", async (t) => {
    const proc = (await t.system()).spawn(QUEUE_USERS.owner);
    const a = mq(proc).mqOpen("/depth-only", { access: "read", create: true, maxMessages: 3 });
    const b = mq(proc).mqOpen("/size-only", { access: "read", create: true, messageSize: 100 });
    expectEqual(a.getAttributes().maxMessages, 3, "maxMessages asked for");
    expectEqual(a.getAttributes().messageSize, MQ_DEFAULT_MESSAGE_SIZE, "messageSize when only maxMessages was given");
    expectEqual(b.getAttributes().maxMessages, MQ_DEFAULT_MAX_MESSAGES, "maxMessages when only messageSize was given");
    expectEqual(b.getAttributes().messageSize, 100, "messageSize asked for");
  });

  test("MQ-CAP-2", "a queue holds maxMessages messages and no more, and a receive makes room for one", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 3 });
    fill(q, 3);
    expectCount(q, 3, "currentMessages after three sends into a queue of three");
    expectThrowsCode(() => q.trySend(message(9), 0), "EAGAIN", "trySend of a fourth message into a queue of three");
    expectNext(q, message(100), 0, "the receive that makes room");
    sendNow(q, message(9), 0, "trySend after one receive");
    expectThrowsCode(() => q.trySend(message(10), 0), "EAGAIN", "trySend into the queue full again");
  });

  test("MQ-CAP-2", "blocking sends up to maxMessages complete at once, and the next one waits", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 2 });
    await expectSentNow(() => q.send(message(1), 0), "the first blocking send into a queue of two");
    await expectSentNow(() => q.send(message(2), 0), "the second blocking send into a queue of two");
    const s = start(() => q.send(message(3), 0), "a third blocking send");
    await expectPending(s, "a third blocking send into a queue of two");
    expectNext(q, message(1), 0, "the receive that makes room");
    await expectSentNow(s, "the third send, once there was room");
  });

  test("MQ-CAP-2", "a queue of one message is full after one send", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 1 });
    sendNow(q, message(1), 3, "trySend into an empty queue of one");
    expectThrowsCode(() => q.trySend(message(2), 3), "EAGAIN", "trySend into the full queue of one");
    expectCount(q, 1, "currentMessages of the full queue of one");
  });

  test("MQ-CAP-3", "a maxMessages that is not a positive integer fails with EINVAL and creates nothing", async (t) => {
    const api = mq((await t.system()).spawn());
    for (const { label, value } of badAttributes()) {
      expectThrowsCode(
        () => api.mqOpen(NAME, { access: "readwrite", create: true, maxMessages: value as number }),
        "EINVAL",
        `mqOpen with maxMessages ${label}`,
      );
    }
    expectThrowsCode(() => api.mqOpen(NAME, { access: "read" }), "ENOENT", "opening the name after the failed creates");
  });

  test("MQ-CAP-3", "a messageSize that is not a positive integer fails with EINVAL and creates nothing", async (t) => {
    const api = mq((await t.system()).spawn());
    for (const { label, value } of badAttributes()) {
      expectThrowsCode(
        () => api.mqOpen(NAME, { access: "readwrite", create: true, messageSize: value as number }),
        "EINVAL",
        `mqOpen with messageSize ${label}`,
      );
    }
    expectThrowsCode(() => api.mqOpen(NAME, { access: "read" }), "ENOENT", "opening the name after the failed creates");
  });

  test("MQ-CAP-3", "a malformed attribute fails with EINVAL even when the queue exists", async (t) => {
    const { proc, q } = await openQueue(t);
    sendNow(q, message(1), 0, "trySend of one message");
    expectThrowsCode(
      () => mq(proc).mqOpen(NAME, { access: "read", create: true, maxMessages: 0 }),
      "EINVAL",
      "mqOpen with create and maxMessages 0 on the existing queue",
    );
    expectThrowsCode(() => mq(proc).mqOpen(NAME, { access: "read", messageSize: -1 }), "EINVAL", "mqOpen with messageSize -1 on the existing queue");
    expectEqual(q.getAttributes().maxMessages, DEPTH, "maxMessages of the existing queue");
    expectCount(q, 1, "currentMessages of the existing queue");
  });

  test("MQ-CAP-4", "a process that is not root cannot create a queue above MQ_MAX_MESSAGES messages or MQ_MAX_MESSAGE_SIZE bytes", async (t) => {
    const api = mq((await t.system()).spawn(QUEUE_USERS.owner));
    expectThrowsCode(
      () => api.mqOpen(NAME, { access: "read", create: true, maxMessages: MQ_MAX_MESSAGES + 1 }),
      "EINVAL",
      `mqOpen by uid 1000 with maxMessages ${MQ_MAX_MESSAGES + 1}`,
    );
    expectThrowsCode(
      () => api.mqOpen(NAME, { access: "read", create: true, messageSize: MQ_MAX_MESSAGE_SIZE + 1 }),
      "EINVAL",
      `mqOpen by uid 1000 with messageSize ${MQ_MAX_MESSAGE_SIZE + 1}`,
    );
    expectThrowsCode(() => api.mqOpen(NAME, { access: "read" }), "ENOENT", "opening the name after the refused creates");
    const q = api.mqOpen(NAME, { access: "read", create: true, maxMessages: MQ_MAX_MESSAGES, messageSize: MQ_MAX_MESSAGE_SIZE });
    expectEqual(q.getAttributes().maxMessages, MQ_MAX_MESSAGES, "maxMessages at the unprivileged limit");
    expectEqual(q.getAttributes().messageSize, MQ_MAX_MESSAGE_SIZE, "messageSize at the unprivileged limit");
  });

  test("MQ-CAP-4", "root may create a queue up to the hard limits, and not beyond them", async (t) => {
    const api = mq((await t.system()).spawn(QUEUE_USERS.root));
    const deep = api.mqOpen("/deep", { access: "readwrite", create: true, maxMessages: MQ_HARD_MAX_MESSAGES, messageSize: 1 });
    expectEqual(deep.getAttributes().maxMessages, MQ_HARD_MAX_MESSAGES, "maxMessages of root's queue at the hard limit");
    const wide = api.mqOpen("/wide", { access: "readwrite", create: true, maxMessages: 1, messageSize: MQ_HARD_MAX_MESSAGE_SIZE });
    expectEqual(wide.getAttributes().messageSize, MQ_HARD_MAX_MESSAGE_SIZE, "messageSize of root's queue at the hard limit");
    const above = api.mqOpen("/above", { access: "readwrite", create: true, maxMessages: MQ_MAX_MESSAGES + 1 });
    expectEqual(above.getAttributes().maxMessages, MQ_MAX_MESSAGES + 1, "maxMessages of root's queue above the unprivileged limit");
    expectThrowsCode(
      () => api.mqOpen("/too-deep", { access: "read", create: true, maxMessages: MQ_HARD_MAX_MESSAGES + 1 }),
      "EINVAL",
      `mqOpen by root with maxMessages ${MQ_HARD_MAX_MESSAGES + 1}`,
    );
    expectThrowsCode(
      () => api.mqOpen("/too-wide", { access: "read", create: true, messageSize: MQ_HARD_MAX_MESSAGE_SIZE + 1 }),
      "EINVAL",
      `mqOpen by root with messageSize ${MQ_HARD_MAX_MESSAGE_SIZE + 1}`,
    );
  });

  test("MQ-CAP-5", "getAttributes reports the attributes the queue was created with and the messages in it now", async (t) => {
    const { system, q } = await openQueue(t, { maxMessages: 5, messageSize: 32 });
    const other = mq(system.spawn()).mqOpen(NAME, { access: "read" });
    const expectAttributes = (count: number, when: string): void => {
      for (const [label, handle] of [["the creator's handle", q], ["another process's handle", other]] as const) {
        const attributes = handle.getAttributes();
        expectEqual(attributes.maxMessages, 5, `maxMessages through ${label} ${when}`);
        expectEqual(attributes.messageSize, 32, `messageSize through ${label} ${when}`);
        expectEqual(attributes.currentMessages, count, `currentMessages through ${label} ${when}`);
      }
    };
    expectAttributes(0, "when new");
    sendNow(q, message(1), 0, "the first trySend");
    sendNow(q, message(2), 9, "the second trySend");
    expectAttributes(2, "after two sends");
    receiveNow(other, "a receive through the other handle", 32);
    expectAttributes(1, "after one receive");
  });

  test("MQ-CAP-5", "a message handed to a waiting receive is never counted, and one let in from a waiting send is", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 1 });
    const buffer = new Uint8Array(SIZE);
    const r = start(() => q.receive(buffer), "receive on the empty queue");
    await expectPending(r, "receive on the empty queue");
    sendNow(q, message(1), 0, "trySend while a receive waits");
    await expectReceivedNow(r, buffer, message(1), 0, "the waiting receive");
    expectCount(q, 0, "currentMessages after the message went straight to the waiting receive");
    sendNow(q, message(2), 0, "trySend filling the queue of one");
    const s = start(() => q.send(message(3), 0), "send on the full queue");
    await expectPending(s, "send on the full queue");
    receiveNow(q, "the receive that makes room");
    await expectSentNow(s, "the waiting send, once there was room");
    expectCount(q, 1, "currentMessages after the waiting send's message entered");
  });

  // ----- Permission ---------------------------------------------------------

  test("MQ-PERM-1", "the owner, a group member, another user and root get the access the mode bits of their class allow", async (t) => {
    const { owner, member, other, root } = await users(t, QUEUE_USERS);
    mq(owner).mqOpen(NAME, { access: "write", create: true, mode: 0o640 });
    for (const access of ["read", "write", "readwrite"] as const) mq(owner).mqOpen(NAME, { access });
    mq(member).mqOpen(NAME, { access: "read" });
    expectThrowsCode(() => mq(member).mqOpen(NAME, { access: "write" }), "EACCES", "a group member opening a 0o640 queue for write");
    expectThrowsCode(() => mq(member).mqOpen(NAME, { access: "readwrite" }), "EACCES", "a group member opening a 0o640 queue for readwrite");
    expectThrowsCode(() => mq(other).mqOpen(NAME, { access: "read" }), "EACCES", "another user opening a 0o640 queue for read");
    expectThrowsCode(() => mq(other).mqOpen(NAME, { access: "write" }), "EACCES", "another user opening a 0o640 queue for write");
    mq(root).mqOpen(NAME, { access: "readwrite" });
  });

  test("MQ-PERM-1", "only the first class the caller falls in counts: owner before group before other", async (t) => {
    const { owner, member, other } = await users(t, QUEUE_USERS);
    // 0o044: the owner may do nothing, the group and others may read.
    mq(owner).mqOpen("/not-owner", { access: "read", create: true, mode: 0o044 });
    expectThrowsCode(() => mq(owner).mqOpen("/not-owner", { access: "read" }), "EACCES", "the owner reading a 0o044 queue, which group and other may read");
    mq(member).mqOpen("/not-owner", { access: "read" });
    mq(other).mqOpen("/not-owner", { access: "read" });
    // 0o604: the group may do nothing, the owner read and write, others read.
    mq(owner).mqOpen("/not-group", { access: "read", create: true, mode: 0o604 });
    expectThrowsCode(() => mq(member).mqOpen("/not-group", { access: "read" }), "EACCES", "a group member reading a 0o604 queue, which others may read");
    mq(other).mqOpen("/not-group", { access: "read" });
    mq(owner).mqOpen("/not-group", { access: "readwrite" });
  });

  test("MQ-PERM-1", "root opens a queue whose mode allows nobody anything", async (t) => {
    const { owner, root } = await users(t, QUEUE_USERS);
    const q = mq(owner).mqOpen(NAME, { access: "write", create: true, mode: 0o000 });
    sendNow(q, message(1), 2, "trySend through the creator's handle");
    const forRoot = mq(root).mqOpen(NAME, { access: "readwrite" });
    expectNext(forRoot, message(1), 2, "root's receive from the 0o000 queue", MQ_DEFAULT_MESSAGE_SIZE);
    expectThrowsCode(() => mq(owner).mqOpen(NAME, { access: "read" }), "EACCES", "the owner reopening the 0o000 queue");
  });

  test("MQ-PERM-1", "an open with create of an existing queue is checked like any other", async (t) => {
    const { owner, other } = await users(t, QUEUE_USERS);
    mq(owner).mqOpen(NAME, { access: "read", create: true, mode: 0o600 });
    expectThrowsCode(
      () => mq(other).mqOpen(NAME, { access: "read", create: true, mode: 0o666 }),
      "EACCES",
      "another user opening an existing 0o600 queue with create",
    );
  });

  test("MQ-PERM-2", "a new queue belongs to its creator's uid and gid", async (t) => {
    const { system, owner, member, other } = await users(t, QUEUE_USERS);
    mq(owner).mqOpen(NAME, { access: "read", create: true, mode: 0o640 });
    // The same uid in another group is the owner: owner bits (rw).
    mq(system.spawn(OWNER_ELSEWHERE)).mqOpen(NAME, { access: "readwrite" });
    // A member of the creator's group (gid 100): group bits (r).
    mq(member).mqOpen(NAME, { access: "read" });
    expectThrowsCode(() => mq(member).mqOpen(NAME, { access: "write" }), "EACCES", "a member of the creator's group opening for write");
    // Neither: other bits (none).
    expectThrowsCode(() => mq(other).mqOpen(NAME, { access: "read" }), "EACCES", "a user outside the creator's uid and gid opening for read");
  });

  test("MQ-PERM-2", "a queue created without a mode has mode 0o600", async (t) => {
    const { system, owner, member, other } = await users(t, QUEUE_USERS);
    mq(owner).mqOpen(NAME, { access: "read", create: true });
    mq(system.spawn(OWNER_ELSEWHERE)).mqOpen(NAME, { access: "readwrite" });
    expectThrowsCode(() => mq(member).mqOpen(NAME, { access: "read" }), "EACCES", "a group member opening a queue created without a mode");
    expectThrowsCode(() => mq(other).mqOpen(NAME, { access: "read" }), "EACCES", "another user opening a queue created without a mode");
  });

  test(
    "MQ-PERM-2",
    "the creator's umask is cleared from the mode of a new queue",
    async (t) => {
      const { owner, member, other } = await users(t, QUEUE_USERS);
      const umask = owner.umask;
      if (typeof umask !== "function") throw new IpcError("ENOSYS", "umask");
      umask.call(owner, 0o026);
      mq(owner).mqOpen(NAME, { access: "read", create: true, mode: 0o666 }); // 0o640
      mq(member).mqOpen(NAME, { access: "read" });
      expectThrowsCode(() => mq(member).mqOpen(NAME, { access: "write" }), "EACCES", "a group member writing a 0o666 queue made under umask 0o026");
      expectThrowsCode(() => mq(other).mqOpen(NAME, { access: "read" }), "EACCES", "another user reading a 0o666 queue made under umask 0o026");
      umask.call(owner, 0o077);
      mq(owner).mqOpen("/private", { access: "read", create: true, mode: 0o666 }); // 0o600
      expectThrowsCode(() => mq(member).mqOpen("/private", { access: "read" }), "EACCES", "a group member reading a 0o666 queue made under umask 0o077");
    },
    { requires: UMASK },
  );

  test("MQ-PERM-2", "the creating open gets the access it asked for whatever the mode", async (t) => {
    const { owner } = await users(t, QUEUE_USERS);
    const q = mq(owner).mqOpen(NAME, { access: "readwrite", create: true, mode: 0o000, messageSize: SIZE });
    sendNow(q, message(1), 1, "trySend through the creating handle of a 0o000 queue");
    expectNext(q, message(1), 1, "tryReceive through the creating handle of a 0o000 queue");
    expectThrowsCode(() => mq(owner).mqOpen(NAME, { access: "read" }), "EACCES", "a second open of the 0o000 queue by its owner");
  });

  test("MQ-PERM-3", "only the owner or root may unlink a queue: anyone else fails with EPERM and the name stays", async (t) => {
    const { owner, member, other, root } = await users(t, QUEUE_USERS);
    mq(owner).mqOpen(NAME, { access: "read", create: true, mode: 0o777 });
    expectThrowsCode(() => mq(member).mqUnlink(NAME), "EPERM", "a group member unlinking the owner's queue");
    expectThrowsCode(() => mq(other).mqUnlink(NAME), "EPERM", "another user unlinking the owner's queue, though its mode allows everything");
    mq(other).mqOpen(NAME, { access: "read" });
    mq(owner).mqUnlink(NAME);
    expectThrowsCode(() => mq(owner).mqOpen(NAME, { access: "read" }), "ENOENT", "opening the name the owner unlinked");
    mq(owner).mqOpen(NAME, { access: "read", create: true });
    mq(root).mqUnlink(NAME);
    expectThrowsCode(() => mq(owner).mqOpen(NAME, { access: "read" }), "ENOENT", "opening the name root unlinked");
  });

  // ----- Blocking -----------------------------------------------------------

  test("MQ-BLK-1", "a receive on an empty queue stays pending until a message arrives", async (t) => {
    const { q } = await openQueue(t);
    const buffer = new Uint8Array(SIZE);
    const r = start(() => q.receive(buffer), "receive on the empty queue");
    await expectPending(r, "receive on the empty queue");
    sendNow(q, message(1), 6, "trySend of one message");
    await expectReceivedNow(r, buffer, message(1), 6, "the waiting receive, once a message arrived");
  });

  test("MQ-BLK-1", "a receive waits again once the queue is emptied", async (t) => {
    const { q } = await openQueue(t);
    sendNow(q, message(1), 0, "trySend of one message");
    const first = new Uint8Array(SIZE);
    await expectReceivedNow(() => q.receive(first), first, message(1), 0, "a receive with one message queued");
    const buffer = new Uint8Array(SIZE);
    const r = start(() => q.receive(buffer), "a receive on the emptied queue");
    await expectPending(r, "a receive on the emptied queue");
    sendNow(q, message(2), 0, "trySend of another message");
    await expectReceivedNow(r, buffer, message(2), 0, "the waiting receive");
  });

  test("MQ-BLK-1", "a receive waiting in one process is woken by a send from another", async (t) => {
    const { system, q } = await openQueue(t);
    const sender = mq(system.spawn()).mqOpen(NAME, { access: "write" });
    const buffer = new Uint8Array(SIZE);
    const r = start(() => q.receive(buffer), "receive on the empty queue");
    await expectPending(r, "receive on the empty queue");
    await expectSentNow(() => sender.send(message(1), 3), "a blocking send from another process");
    await expectReceivedNow(r, buffer, message(1), 3, "the waiting receive");
  });

  test("MQ-BLK-2", "a send on a full queue stays pending until a receive makes room, then its message enters", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 2 });
    fill(q, 2);
    const s = start(() => q.send(message(1), 0), "send on the full queue");
    await expectPending(s, "send on the full queue");
    expectCount(q, 2, "currentMessages while the send waits");
    expectNext(q, message(100), 0, "the receive that makes room");
    await expectSentNow(s, "the waiting send, once a receive made room");
    expectCount(q, 2, "currentMessages once the waiting send's message entered");
    expectNext(q, message(101), 0, "the second message");
    expectNext(q, message(1), 0, "the waiting send's message");
  });

  test("MQ-BLK-2", "a blocking receive wakes a send waiting on the full queue", async (t) => {
    const { system, q } = await openQueue(t, { maxMessages: 1 });
    const reader = mq(system.spawn()).mqOpen(NAME, { access: "read" });
    fill(q, 1);
    const s = start(() => q.send(message(1), 4), "send on the full queue");
    await expectPending(s, "send on the full queue");
    const buffer = new Uint8Array(SIZE);
    await expectReceivedNow(() => reader.receive(buffer), buffer, message(100), 0, "a blocking receive from another process");
    await expectSentNow(s, "the waiting send");
    expectNext(reader, message(1), 4, "the waiting send's message");
  });

  test("MQ-BLK-3", "aborting a pending receive rejects it with ECANCELED, and a message sent later stays for the next receive", async (t) => {
    const { q } = await openQueue(t);
    const controller = new AbortController();
    const r = start(() => q.receive(new Uint8Array(SIZE), { signal: controller.signal }), "receive on the empty queue");
    await expectPending(r, "receive on the empty queue");
    controller.abort();
    await expectRejectsNow(r, "ECANCELED", "the aborted receive");
    sendNow(q, message(1), 0, "trySend after the abort");
    expectCount(q, 1, "currentMessages after the abort and one send");
    expectNext(q, message(1), 0, "the message sent after the abort");
  });

  test("MQ-BLK-3", "after one of two waiting receives is aborted, the next message goes to the other", async (t) => {
    const { q } = await openQueue(t);
    const controller = new AbortController();
    const r1 = start(() => q.receive(new Uint8Array(SIZE), { signal: controller.signal }), "the first receive");
    const buffer = new Uint8Array(SIZE);
    const r2 = start(() => q.receive(buffer), "the second receive");
    await expectPending(r1, "the first receive");
    await expectPending(r2, "the second receive");
    controller.abort();
    await expectRejectsNow(r1, "ECANCELED", "the aborted first receive");
    await expectPending(r2, "the second receive, after the first was aborted");
    sendNow(q, message(1), 1, "trySend of one message");
    await expectReceivedNow(r2, buffer, message(1), 1, "the second receive");
  });

  test("MQ-BLK-3", "a message handed to a waiting receive just before its abort is not lost", async (t) => {
    const { q } = await openQueue(t);
    const controller = new AbortController();
    const buffer = new Uint8Array(SIZE);
    const r = start(() => q.receive(buffer, { signal: controller.signal }), "receive on the empty queue");
    await expectPending(r, "receive on the empty queue");
    sendNow(q, message(1), 5, "trySend while the receive waits");
    controller.abort();
    await drain();
    if (r.state === "fulfilled") {
      await expectReceivedNow(r, buffer, message(1), 5, "the receive that got the message before the abort");
      expectEmpty(q, "tryReceive after the message went to the receive");
    } else {
      await expectRejectsCode(r.promise, "ECANCELED", "the receive aborted before it took the message");
      expectNext(q, message(1), 5, "the message the aborted receive did not take");
    }
  });

  test("MQ-BLK-4", "aborting a pending send rejects it with ECANCELED, and its message never enters the queue", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 2 });
    fill(q, 2);
    const controller = new AbortController();
    const s = start(() => q.send(message(1), 9, { signal: controller.signal }), "send on the full queue");
    await expectPending(s, "send on the full queue");
    controller.abort();
    await expectRejectsNow(s, "ECANCELED", "the aborted send");
    expectNext(q, message(100), 0, "the first message");
    expectCount(q, 1, "currentMessages after one receive: the aborted message did not enter");
    expectNext(q, message(101), 0, "the second message");
    expectEmpty(q, "tryReceive: the aborted send's message is nowhere");
  });

  test("MQ-BLK-4", "after one of two waiting sends is aborted, the other enters when room appears", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 1 });
    fill(q, 1);
    const controller = new AbortController();
    const s1 = start(() => q.send(message(1), 0, { signal: controller.signal }), "the first waiting send");
    const s2 = start(() => q.send(message(2), 0), "the second waiting send");
    await expectPending(s1, "the first waiting send");
    await expectPending(s2, "the second waiting send");
    controller.abort();
    await expectRejectsNow(s1, "ECANCELED", "the aborted first send");
    await expectPending(s2, "the second send, the queue still full");
    expectNext(q, message(100), 0, "the receive that makes room");
    await expectSentNow(s2, "the second send");
    expectNext(q, message(2), 0, "the second send's message");
    expectEmpty(q, "tryReceive: the aborted send's message is nowhere");
  });

  test("MQ-BLK-5", "a send with an already aborted signal rejects with ECANCELED and sends nothing, though the queue has room", async (t) => {
    const { q } = await openQueue(t);
    const controller = new AbortController();
    controller.abort();
    await expectRejectsNow(() => q.send(message(1), 0, { signal: controller.signal }), "ECANCELED", "send with an aborted signal");
    expectCount(q, 0, "currentMessages after the aborted send");
    const buffer = new Uint8Array(SIZE);
    const r = start(() => q.receive(buffer), "a receive on the empty queue");
    await expectPending(r, "a receive on the empty queue");
    await expectRejectsNow(() => q.send(message(2), 0, { signal: controller.signal }), "ECANCELED", "send with an aborted signal while a receive waits");
    await expectPending(r, "the waiting receive, after the aborted send");
  });

  test("MQ-BLK-5", "a receive with an already aborted signal rejects with ECANCELED and takes nothing, though a message waits", async (t) => {
    const { q } = await openQueue(t);
    sendNow(q, message(1), 2, "trySend of one message");
    const controller = new AbortController();
    controller.abort();
    await expectRejectsNow(() => q.receive(new Uint8Array(SIZE), { signal: controller.signal }), "ECANCELED", "receive with an aborted signal");
    expectCount(q, 1, "currentMessages after the aborted receive");
    expectNext(q, message(1), 2, "the message the aborted receive did not take");
  });

  test("MQ-BLK-6", "a handler run while a receive waits ends it with EINTR, and a message sent afterwards stays for the next receive", async (t) => {
    const { system, proc, q } = await openQueue(t);
    const caught = catchSignal(proc, SIGUSR1);
    const r = start(() => q.receive(new Uint8Array(SIZE)), "a receive on the empty queue");
    await expectPending(r, "the receive before the signal");
    interrupt(system, proc, caught, "the receive waits");
    await expectRejectsNow(r, "EINTR", "the receive a handler interrupted");
    sendNow(q, message(1), 3, "trySend after the interruption");
    expectCount(q, 1, "currentMessages: the interrupted receive took nothing");
    expectNext(q, message(1), 3, "the message sent after the interruption");
  }, { requires: SIGNAL });

  test("MQ-BLK-6", "a handler run while a send waits on a full queue ends it with EINTR, and its message never enters", async (t) => {
    const { system, proc, q } = await openQueue(t, { maxMessages: 2 });
    fill(q, 2);
    const caught = catchSignal(proc, SIGUSR1);
    const s = start(() => q.send(message(1), 7), "a send on the full queue");
    await expectPending(s, "the send before the signal");
    interrupt(system, proc, caught, "the send waits");
    await expectRejectsNow(s, "EINTR", "the send a handler interrupted");
    expectNext(q, message(100), 0, "the first message");
    await drain();
    expectCount(q, 1, "currentMessages once room appeared: the interrupted message did not enter");
    expectNext(q, message(101), 0, "the second message");
    expectEmpty(q, "tryReceive: the interrupted send's message is nowhere");
  }, { requires: SIGNAL });

  test("MQ-BLK-6", "a handler ends a timed receive and a timed send with EINTR too, long before their deadlines, moving nothing", async (t) => {
    const { system, proc, q } = await openQueue(t, { maxMessages: 1 });
    const caught = catchSignal(proc, SIGUSR1);
    const r = start(() => q.receive(new Uint8Array(SIZE), { deadline: farDeadline() }), "a timed receive on the empty queue");
    await expectPending(r, "the timed receive before the signal");
    interrupt(system, proc, caught, "the timed receive waits");
    await expectRejectsNow(r, "EINTR", "the timed receive a handler interrupted");
    fill(q, 1);
    const s = start(() => q.send(message(1), 0, { deadline: farDeadline() }), "a timed send on the full queue");
    await expectPending(s, "the timed send before the signal");
    interrupt(system, proc, caught, "the timed send waits");
    await expectRejectsNow(s, "EINTR", "the timed send a handler interrupted");
    expectNext(q, message(100), 0, "the one message queued");
    expectEmpty(q, "tryReceive: neither interrupted call moved a message");
  }, { requires: SIGNAL });

  test("MQ-BLK-6", "an interrupted receive leaves the line: the next message goes to the receive of another process waiting behind it", async (t) => {
    const { system, proc, q } = await openQueue(t);
    const other = mq(system.spawn()).mqOpen(NAME, { access: "read" });
    const caught = catchSignal(proc, SIGUSR1);
    const r1 = start(() => q.receive(new Uint8Array(SIZE)), "the first receive, of the process signalled");
    const buffer = new Uint8Array(SIZE);
    const r2 = start(() => other.receive(buffer), "the second receive, of another process");
    await expectPending(r1, "the first receive");
    interrupt(system, proc, caught, "both receives wait");
    await expectRejectsNow(r1, "EINTR", "the first receive, interrupted");
    await expectPending(r2, "the other process's receive, which no handler touched");
    sendNow(q, message(2), 1, "trySend after the interruption");
    await expectReceivedNow(r2, buffer, message(2), 1, "the other process's receive");
  }, { requires: SIGNAL });

  test("MQ-BLK-7", "under restart a waiting receive goes on waiting through the handler and takes the next message", async (t) => {
    const { system, proc, q } = await openQueue(t);
    const caught = catchSignal(proc, SIGUSR1, { restart: true });
    const buffer = new Uint8Array(SIZE);
    const r = start(() => q.receive(buffer), "a receive on the empty queue");
    await expectPending(r, "the receive before the signal");
    interrupt(system, proc, caught, "the receive waits");
    await expectPending(r, "the receive after a handler with restart ran");
    sendNow(q, message(1), 4, "trySend after the handler");
    await expectReceivedNow(r, buffer, message(1), 4, "the restarted receive");
    expectEmpty(q, "tryReceive: the message went to the restarted receive");
  }, { requires: SIGNAL });

  test("MQ-BLK-7", "under restart a send waiting on a full queue goes on waiting and enters when a receive makes room", async (t) => {
    const { system, proc, q } = await openQueue(t, { maxMessages: 1 });
    fill(q, 1);
    const caught = catchSignal(proc, SIGUSR1, { restart: true });
    const s = start(() => q.send(message(1), 2, { deadline: farDeadline() }), "a timed send on the full queue");
    await expectPending(s, "the send before the signal");
    interrupt(system, proc, caught, "the send waits");
    await expectPending(s, "the send after a handler with restart ran");
    expectNext(q, message(100), 0, "the receive that makes room");
    await expectSentNow(s, "the restarted send");
    expectNext(q, message(1), 2, "the restarted send's message");
  }, { requires: SIGNAL });

  test("MQ-BLK-7", "under restart a timed receive keeps its deadline: it fails ETIMEDOUT once the deadline passes, having taken nothing", async (t) => {
    const { system, proc, q } = await openQueue(t);
    const caught = catchSignal(proc, SIGUSR1, { restart: true });
    const r = start(() => q.receive(new Uint8Array(SIZE), { deadline: Date.now() + 40 }), "a receive with a deadline 40 ms away");
    await expectPending(r, "the timed receive before the signal");
    interrupt(system, proc, caught, "the timed receive waits");
    await expectPending(r, "the timed receive after a handler with restart ran");
    await expectRejectsCode(r.promise, "ETIMEDOUT", "the restarted receive once its deadline passed");
    sendNow(q, message(1), 0, "trySend after the timeout");
    expectNext(q, message(1), 0, "the message sent after the timeout, still queued");
  }, { requires: SIGNAL });

  test("MQ-BLK-7", "under restart a receive keeps its place: the next message goes to it, not to a receive that started waiting after it", async (t) => {
    const { system, proc, q } = await openQueue(t);
    const other = mq(system.spawn()).mqOpen(NAME, { access: "read" });
    const caught = catchSignal(proc, SIGUSR1, { restart: true });
    const buffer = new Uint8Array(SIZE);
    const r1 = start(() => q.receive(buffer), "the first receive, of the process signalled");
    const r2 = start(() => other.receive(new Uint8Array(SIZE)), "the second receive, of another process");
    await expectPending(r1, "the first receive");
    interrupt(system, proc, caught, "both receives wait");
    sendNow(q, message(3), 0, "trySend after the handler");
    await expectReceivedNow(r1, buffer, message(3), 0, "the restarted first receive");
    await expectPending(r2, "the second receive");
  }, { requires: SIGNAL });

  // ----- Non-blocking -------------------------------------------------------

  test("MQ-NB-1", "tryReceive on a new, empty queue fails with EAGAIN", async (t) => {
    const { q } = await openQueue(t);
    expectEmpty(q, "tryReceive on a new queue");
  });

  test("MQ-NB-1", "tryReceive fails with EAGAIN once every message was received", async (t) => {
    const { q } = await openQueue(t);
    fill(q, 3);
    for (let i = 0; i < 3; i++) receiveNow(q, `receive #${i + 1}`);
    expectEmpty(q, "tryReceive after every message was received");
    expectEmpty(q, "tryReceive again");
  });

  test("MQ-NB-2", "trySend on a full queue fails with EAGAIN and adds nothing", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 2 });
    const sent = fill(q, 2);
    expectThrowsCode(() => q.trySend(message(1), 30), "EAGAIN", "trySend at priority 30 into the full queue");
    expectCount(q, 2, "currentMessages after the refused trySend");
    expectNext(q, sent[0]!, 0, "the first message");
    expectNext(q, sent[1]!, 0, "the second message");
    expectEmpty(q, "tryReceive: the refused message is nowhere");
  });

  test("MQ-NB-2", "trySend fails with EAGAIN while sends wait on the full queue", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 1 });
    fill(q, 1);
    const s = start(() => q.send(message(1), 0), "send on the full queue");
    await expectPending(s, "send on the full queue");
    expectThrowsCode(() => q.trySend(message(2), 0), "EAGAIN", "trySend while a send waits on the full queue");
    expectNext(q, message(100), 0, "the receive that makes room");
    await expectSentNow(s, "the waiting send");
    expectNext(q, message(1), 0, "the waiting send's message, not the refused one");
  });

  test("MQ-NB-3", "through a handle opened nonblocking, receive on an empty queue rejects with EAGAIN at once", async (t) => {
    const { q } = await openQueue(t, { nonblocking: true });
    expectEqual(q.getAttributes().nonblocking, true, "the nonblocking flag of a handle opened nonblocking");
    await expectRejectsNow(() => q.receive(new Uint8Array(SIZE)), "EAGAIN", "receive on the empty queue through a nonblocking handle");
    await expectRejectsNow(
      () => q.receive(new Uint8Array(SIZE), { deadline: Date.now() + 60_000 }),
      "EAGAIN",
      "timed receive on the empty queue through a nonblocking handle",
    );
  });

  test("MQ-NB-3", "through a handle opened nonblocking, send on a full queue rejects with EAGAIN at once and adds nothing", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 1, nonblocking: true });
    fill(q, 1);
    await expectRejectsNow(() => q.send(message(1), 0), "EAGAIN", "send on the full queue through a nonblocking handle");
    await expectRejectsNow(
      () => q.send(message(2), 0, { deadline: Date.now() + 60_000 }),
      "EAGAIN",
      "timed send on the full queue through a nonblocking handle",
    );
    expectCount(q, 1, "currentMessages after the refused sends");
    expectNext(q, message(100), 0, "the one message");
  });

  test("MQ-NB-3", "setAttributes makes a handle nonblocking and back: EAGAIN at once, then waiting again", async (t) => {
    const { q } = await openQueue(t);
    q.setAttributes({ nonblocking: true });
    await expectRejectsNow(() => q.receive(new Uint8Array(SIZE)), "EAGAIN", "receive on the empty queue once the handle is nonblocking");
    q.setAttributes({ nonblocking: false });
    const buffer = new Uint8Array(SIZE);
    const r = start(() => q.receive(buffer), "receive once the handle is blocking again");
    await expectPending(r, "receive once the handle is blocking again");
    sendNow(q, message(1), 0, "trySend of one message");
    await expectReceivedNow(r, buffer, message(1), 0, "the waiting receive");
  });

  test("MQ-NB-3", "a nonblocking handle's send and receive complete normally when they need not wait", async (t) => {
    const { q } = await openQueue(t, { nonblocking: true });
    await expectSentNow(() => q.send(message(1), 3), "send into a queue with room through a nonblocking handle");
    const buffer = new Uint8Array(SIZE);
    await expectReceivedNow(() => q.receive(buffer), buffer, message(1), 3, "receive of a queued message through a nonblocking handle");
  });

  test("MQ-NB-4", "trySend and tryReceive return synchronously, never a promise, and throw their errors synchronously", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 1 });
    expectSync(q.trySend(message(1), 0), "trySend's result");
    expectThrowsCode(() => q.trySend(message(2), 0), "EAGAIN", "trySend into the full queue");
    const result = expectSync(q.tryReceive(new Uint8Array(SIZE)), "tryReceive's result");
    checkReceived(result, SIZE, "tryReceive's result");
    expectThrowsCode(() => q.tryReceive(new Uint8Array(SIZE)), "EAGAIN", "tryReceive on the empty queue");
  });

  // ----- Timeouts -----------------------------------------------------------

  test("MQ-TMO-1", "a timed receive on an empty queue fails with ETIMEDOUT once its deadline passes, and takes nothing", async (t) => {
    const { q } = await openQueue(t);
    const deadline = Date.now() + 30;
    const r = start(() => q.receive(new Uint8Array(SIZE), { deadline }), "receive with a deadline 30 ms ahead");
    await expectRejectsCode(r.promise, "ETIMEDOUT", "the timed receive on the empty queue");
    expectTrue(Date.now() >= deadline, "when the timed receive failed", `at or after the deadline`, `${deadline - Date.now()} ms before it`);
    sendNow(q, message(1), 0, "trySend after the timeout");
    expectNext(q, message(1), 0, "the message sent after the timeout");
  });

  test("MQ-TMO-1", "a timed send on a full queue fails with ETIMEDOUT once its deadline passes, and its message never enters", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 1 });
    fill(q, 1);
    const deadline = Date.now() + 30;
    const s = start(() => q.send(message(1), 9, { deadline }), "send with a deadline 30 ms ahead");
    await expectRejectsCode(s.promise, "ETIMEDOUT", "the timed send on the full queue");
    expectTrue(Date.now() >= deadline, "when the timed send failed", `at or after the deadline`, `${deadline - Date.now()} ms before it`);
    expectNext(q, message(100), 0, "the one message");
    expectEmpty(q, "tryReceive: the timed-out message is nowhere");
  });

  test("MQ-TMO-1", "a timed call that would wait fails with ETIMEDOUT at once when its deadline has passed already", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 1 });
    await expectRejectsNow(() => q.receive(new Uint8Array(SIZE), { deadline: Date.now() - 1000 }), "ETIMEDOUT", "timed receive on the empty queue, deadline a second ago");
    await expectRejectsNow(() => q.receive(new Uint8Array(SIZE), { deadline: 0 }), "ETIMEDOUT", "timed receive on the empty queue, deadline 0");
    fill(q, 1);
    await expectRejectsNow(() => q.send(message(1), 0, { deadline: 0 }), "ETIMEDOUT", "timed send on the full queue, deadline 0");
    expectCount(q, 1, "currentMessages after the timed-out send");
  });

  test("MQ-TMO-1", "a timed receive or send stays pending before its deadline and completes as an untimed one would", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 1 });
    const buffer = new Uint8Array(SIZE);
    const r = start(() => q.receive(buffer, { deadline: Date.now() + 60_000 }), "receive with a deadline a minute ahead");
    await expectPending(r, "the timed receive on the empty queue");
    sendNow(q, message(1), 2, "trySend of one message");
    await expectReceivedNow(r, buffer, message(1), 2, "the timed receive, woken before its deadline");
    fill(q, 1);
    const s = start(() => q.send(message(2), 0, { deadline: Date.now() + 60_000 }), "send with a deadline a minute ahead");
    await expectPending(s, "the timed send on the full queue");
    receiveNow(q, "the receive that makes room");
    await expectSentNow(s, "the timed send, woken before its deadline");
    expectNext(q, message(2), 0, "the timed send's message");
  });

  test("MQ-TMO-2", "a timed receive with a message waiting completes even when its deadline has passed", async (t) => {
    const { q } = await openQueue(t);
    sendNow(q, message(1), 1, "trySend of one message");
    const buffer = new Uint8Array(SIZE);
    await expectReceivedNow(() => q.receive(buffer, { deadline: 0 }), buffer, message(1), 1, "timed receive with deadline 0 and a message queued");
  });

  test("MQ-TMO-2", "a timed send into a queue with room, or to a waiting receive, completes even when its deadline has passed", async (t) => {
    const { q } = await openQueue(t);
    await expectSentNow(() => q.send(message(1), 0, { deadline: Date.now() - 1000 }), "timed send with a past deadline into a queue with room");
    expectNext(q, message(1), 0, "the timed send's message");
    const buffer = new Uint8Array(SIZE);
    const r = start(() => q.receive(buffer), "an untimed receive on the empty queue");
    await expectPending(r, "the untimed receive");
    await expectSentNow(() => q.send(message(2), 3, { deadline: 0 }), "timed send with deadline 0 while a receive waits");
    await expectReceivedNow(r, buffer, message(2), 3, "the waiting receive");
  });

  test("MQ-TMO-3", "a deadline that is not a finite number of at least 0 fails with EINVAL even when the call could complete at once", async (t) => {
    const { q } = await openQueue(t);
    sendNow(q, message(1), 0, "trySend of one message");
    for (const { label, value } of badDeadlines("100")) {
      await expectRejectsNow(() => q.receive(new Uint8Array(SIZE), { deadline: value as number }), "EINVAL", `receive with a message queued and deadline ${label}`);
      await expectRejectsNow(() => q.send(message(2), 0, { deadline: value as number }), "EINVAL", `send into a queue with room and deadline ${label}`);
    }
    expectCount(q, 1, "currentMessages after the refused calls");
    expectNext(q, message(1), 0, "the one message, still there");
  });

  test("MQ-TMO-3", "a bad deadline fails with EINVAL at once when the call would wait, and through a nonblocking handle", async (t) => {
    const { system, q } = await openQueue(t, { maxMessages: 1 });
    await expectRejectsNow(() => q.receive(new Uint8Array(SIZE), { deadline: Number.NaN }), "EINVAL", "receive on the empty queue with deadline NaN");
    fill(q, 1);
    await expectRejectsNow(() => q.send(message(1), 0, { deadline: -5 }), "EINVAL", "send on the full queue with deadline -5");
    const nonblocking = mq(system.spawn()).mqOpen(NAME, { access: "readwrite", nonblocking: true });
    await expectRejectsNow(() => nonblocking.send(message(1), 0, { deadline: Number.NaN }), "EINVAL", "nonblocking send on the full queue with deadline NaN");
    receiveNow(q, "emptying the queue");
    await expectRejectsNow(
      () => nonblocking.receive(new Uint8Array(SIZE), { deadline: Number.POSITIVE_INFINITY }),
      "EINVAL",
      "nonblocking receive on the empty queue with deadline Infinity",
    );
  });

  // ----- Errors -------------------------------------------------------------

  test("MQ-ERR-1", "mqOpen and mqUnlink of a name that is not a string, lacks the leading slash or holds NUL fail with EINVAL", async (t) => {
    const api = mq((await t.system()).spawn());
    const names: { label: string; value: unknown }[] = [
      { label: "undefined", value: undefined },
      { label: "null", value: null },
      { label: "a number", value: 42 },
      { label: "an object", value: { name: "/q" } },
      { label: "the empty string", value: "" },
      { label: '"q"', value: "q" },
      { label: '"q/"', value: "q/" },
      { label: '"a/b"', value: "a/b" },
      { label: '"/a\\0b"', value: "/a\0b" },
    ];
    for (const { label, value } of names) {
      expectThrowsCode(() => api.mqOpen(value as string, { access: "readwrite", create: true }), "EINVAL", `mqOpen with create of ${label}`);
      expectThrowsCode(() => api.mqUnlink(value as string), "EINVAL", `mqUnlink of ${label}`);
    }
  });

  test("MQ-ERR-2", "a name with nothing after the slash fails with ENOENT, even with create", async (t) => {
    const api = mq((await t.system()).spawn());
    expectThrowsCode(() => api.mqOpen("/", { access: "readwrite", create: true }), "ENOENT", 'mqOpen with create of "/"');
    expectThrowsCode(() => api.mqOpen("/", { access: "read" }), "ENOENT", 'mqOpen of "/"');
    expectThrowsCode(() => api.mqUnlink("/"), "ENOENT", 'mqUnlink of "/"');
  });

  test("MQ-ERR-2", 'a name that is "." or ".." or holds another slash fails with EACCES', async (t) => {
    const api = mq((await t.system()).spawn());
    for (const name of ["/.", "/..", "/a/b", "/a/", "//a", "/a//"]) {
      expectThrowsCode(() => api.mqOpen(name, { access: "readwrite", create: true }), "EACCES", `mqOpen with create of ${JSON.stringify(name)}`);
      expectThrowsCode(() => api.mqUnlink(name), "EACCES", `mqUnlink of ${JSON.stringify(name)}`);
    }
    for (const name of ["/...", "/.hidden", "/a.b", "/a b", "/é"]) {
      api.mqOpen(name, { access: "read", create: true });
      api.mqUnlink(name);
    }
  });

  test("MQ-ERR-2", "a name longer than NAME_MAX (255) bytes after the slash fails with ENAMETOOLONG, and 255 bytes is fine", async (t) => {
    const api = mq((await t.system()).spawn());
    const longest = `/${"x".repeat(255)}`;
    api.mqOpen(longest, { access: "read", create: true });
    api.mqUnlink(longest);
    const longestUtf8 = `/${"é".repeat(127)}x`; // 255 bytes in UTF-8
    api.mqOpen(longestUtf8, { access: "read", create: true });
    api.mqUnlink(longestUtf8);
    for (const [label, name] of [
      ["256 ASCII bytes", `/${"x".repeat(256)}`],
      ["128 two-byte characters (256 bytes)", `/${"é".repeat(128)}`],
      ["86 three-byte characters (258 bytes)", `/${"€".repeat(86)}`],
    ] as const) {
      expectThrowsCode(() => api.mqOpen(name, { access: "read", create: true }), "ENAMETOOLONG", `mqOpen with create of a name of ${label}`);
      expectThrowsCode(() => api.mqUnlink(name), "ENAMETOOLONG", `mqUnlink of a name of ${label}`);
    }
  });

  test("MQ-ERR-3", "a message longer than messageSize fails with EMSGSIZE and queues nothing, while one of exactly messageSize is fine", async (t) => {
    const { q } = await openQueue(t);
    expectThrowsCode(() => q.trySend(new Uint8Array(SIZE + 1), 0), "EMSGSIZE", `trySend of ${SIZE + 1} bytes into a queue of ${SIZE}-byte messages`);
    await expectRejectsNow(() => q.send(new Uint8Array(SIZE + 1), 0), "EMSGSIZE", `send of ${SIZE + 1} bytes`);
    expectCount(q, 0, "currentMessages after the refused sends");
    sendNow(q, message(1, SIZE), 0, `trySend of exactly ${SIZE} bytes`);
    expectNext(q, message(1, SIZE), 0, `the ${SIZE}-byte message`);
  });

  test("MQ-ERR-3", "an oversized message fails with EMSGSIZE at once even on a full queue", async (t) => {
    const { q } = await openQueue(t, { maxMessages: 1 });
    fill(q, 1);
    await expectRejectsNow(() => q.send(new Uint8Array(SIZE + 1), 0), "EMSGSIZE", "send of an oversized message on the full queue");
    expectThrowsCode(() => q.trySend(new Uint8Array(SIZE + 1), 0), "EMSGSIZE", "trySend of an oversized message on the full queue");
  });

  test("MQ-ERR-3", "an empty message is sent and received as a message of length 0", async (t) => {
    const { q } = await openQueue(t);
    sendNow(q, new Uint8Array(0), 4, "trySend of an empty message");
    expectCount(q, 1, "currentMessages after sending an empty message");
    expectNext(q, new Uint8Array(0), 4, "the empty message");
    const buffer = new Uint8Array(SIZE);
    const r = start(() => q.receive(buffer), "receive on the empty queue");
    await expectPending(r, "receive on the empty queue");
    await expectSentNow(() => q.send(new Uint8Array(0), 2), "send of an empty message while a receive waits");
    await expectReceivedNow(r, buffer, new Uint8Array(0), 2, "the waiting receive");
  });

  test("MQ-ERR-4", "a receive into a buffer shorter than messageSize fails with EMSGSIZE and removes nothing, though the message would fit", async (t) => {
    const { q } = await openQueue(t);
    sendNow(q, message(1, 1), 3, "trySend of a 1-byte message");
    expectThrowsCode(() => q.tryReceive(new Uint8Array(SIZE - 1)), "EMSGSIZE", `tryReceive into a ${SIZE - 1}-byte buffer`);
    await expectRejectsNow(() => q.receive(new Uint8Array(SIZE - 1)), "EMSGSIZE", `receive into a ${SIZE - 1}-byte buffer`);
    await expectRejectsNow(() => q.receive(new Uint8Array(0)), "EMSGSIZE", "receive into an empty buffer");
    expectCount(q, 1, "currentMessages after the refused receives");
    expectNext(q, message(1, 1), 3, "the message, received with a buffer of messageSize");
  });

  test("MQ-ERR-4", "a receive into a short buffer fails with EMSGSIZE at once on an empty queue", async (t) => {
    const { q } = await openQueue(t);
    await expectRejectsNow(() => q.receive(new Uint8Array(SIZE - 1)), "EMSGSIZE", "receive into a short buffer on the empty queue");
    expectThrowsCode(() => q.tryReceive(new Uint8Array(SIZE - 1)), "EMSGSIZE", "tryReceive into a short buffer on the empty queue");
  });

  test("MQ-ERR-5", "a priority that is not an integer from 0 to 32767 fails with EINVAL and sends nothing", async (t) => {
    const { q } = await openQueue(t);
    const priorities: { label: string; value: unknown }[] = [
      { label: "-1", value: -1 },
      { label: "MQ_PRIO_MAX (32768)", value: MQ_PRIO_MAX },
      { label: "2^31", value: 2 ** 31 },
      { label: "1.5", value: 1.5 },
      { label: "NaN", value: Number.NaN },
      { label: "Infinity", value: Number.POSITIVE_INFINITY },
      { label: "a string", value: "1" },
      { label: "null", value: null },
      { label: "undefined", value: undefined },
    ];
    for (const { label, value } of priorities) {
      expectThrowsCode(() => q.trySend(message(1), value as number), "EINVAL", `trySend at priority ${label}`);
      await expectRejectsNow(() => q.send(message(1), value as number), "EINVAL", `send at priority ${label}`);
    }
    expectCount(q, 0, "currentMessages after the refused sends");
    sendNow(q, message(2), MQ_PRIO_MAX - 1, "trySend at priority 32767");
    expectNext(q, message(2), MQ_PRIO_MAX - 1, "the message at priority 32767");
  });

  test("MQ-ERR-6", "sending through a handle opened for read only fails with EBADF", async (t) => {
    const { proc, q } = await openQueue(t);
    const reader = mq(proc).mqOpen(NAME, { access: "read" });
    expectThrowsCode(() => reader.trySend(message(1), 0), "EBADF", "trySend through a read-only handle");
    await expectRejectsNow(() => reader.send(message(1), 0), "EBADF", "send through a read-only handle");
    expectCount(q, 0, "currentMessages after the refused sends");
  });

  test("MQ-ERR-6", "receiving through a handle opened for write only fails with EBADF", async (t) => {
    const { proc, q } = await openQueue(t);
    const writer = mq(proc).mqOpen(NAME, { access: "write" });
    sendNow(writer, message(1), 0, "trySend through the write-only handle");
    expectThrowsCode(() => writer.tryReceive(new Uint8Array(SIZE)), "EBADF", "tryReceive through a write-only handle");
    await expectRejectsNow(() => writer.receive(new Uint8Array(SIZE)), "EBADF", "receive through a write-only handle");
    expectNext(q, message(1), 0, "the message, still there for a readable handle");
  });

  test("MQ-ERR-7", "every operation on a closed handle fails with EBADF, and other handles keep working", async (t) => {
    const { proc, q } = await openQueue(t);
    const other = mq(proc).mqOpen(NAME, { access: "readwrite" });
    sendNow(q, message(1), 0, "trySend of one message");
    q.close();
    expectThrowsCode(() => q.trySend(message(2), 0), "EBADF", "trySend on a closed handle");
    await expectRejectsNow(() => q.send(message(2), 0), "EBADF", "send on a closed handle");
    expectThrowsCode(() => q.tryReceive(new Uint8Array(SIZE)), "EBADF", "tryReceive on a closed handle");
    await expectRejectsNow(() => q.receive(new Uint8Array(SIZE)), "EBADF", "receive on a closed handle");
    expectThrowsCode(() => q.getAttributes(), "EBADF", "getAttributes on a closed handle");
    expectThrowsCode(() => q.setAttributes({ nonblocking: true }), "EBADF", "setAttributes on a closed handle");
    expectThrowsCode(() => q.close(), "EBADF", "close of a closed handle");
    expectCount(other, 1, "currentMessages through another handle");
    expectNext(other, message(1), 0, "the message, through another handle");
  });

  test(
    "MQ-ERR-7",
    "notify on a closed handle fails with EBADF",
    async (t) => {
      const { q } = await openQueue(t);
      q.close();
      expectThrowsCode(() => q.notify(() => {}), "EBADF", "notify with a callback on a closed handle");
      expectThrowsCode(() => q.notify(null), "EBADF", "notify(null) on a closed handle");
    },
    { requires: NOTIFY },
  );

  test("MQ-ERR-8", "data that is not a Uint8Array fails with EINVAL and sends nothing", async (t) => {
    const { q } = await openQueue(t);
    for (const { label, value } of notByteArrays(SIZE, ["an Int8Array", "an array-like object"])) {
      expectThrowsCode(() => q.trySend(value as Uint8Array, 0), "EINVAL", `trySend of ${label}`);
      await expectRejectsNow(() => q.send(value as Uint8Array, 0), "EINVAL", `send of ${label}`);
    }
    expectCount(q, 0, "currentMessages after the refused sends");
  });

  test("MQ-ERR-8", "a buffer that is not a Uint8Array fails with EINVAL and takes nothing", async (t) => {
    const { q } = await openQueue(t);
    sendNow(q, message(1), 0, "trySend of one message");
    for (const { label, value } of notByteArrays(SIZE, ["an Int8Array", "an array-like object"])) {
      expectThrowsCode(() => q.tryReceive(value as Uint8Array), "EINVAL", `tryReceive into ${label}`);
      await expectRejectsNow(() => q.receive(value as Uint8Array), "EINVAL", `receive into ${label}`);
    }
    expectCount(q, 1, "currentMessages after the refused receives");
  });

  test("MQ-ERR-8", "options that are not an object, or a signal that is not an AbortSignal, fail with EINVAL and change nothing", async (t) => {
    const { q } = await openQueue(t);
    sendNow(q, message(1), 0, "trySend of one message");
    const options: { label: string; value: unknown }[] = [
      { label: "options null", value: null },
      { label: "options 5", value: 5 },
      { label: 'options "x"', value: "x" },
      { label: "a signal that is a plain object", value: { signal: { aborted: false } } },
      { label: "a signal that is a string", value: { signal: "abort" } },
    ];
    for (const { label, value } of options) {
      await expectRejectsNow(() => q.receive(new Uint8Array(SIZE), value as object), "EINVAL", `receive with ${label}`);
      await expectRejectsNow(() => q.send(message(2), 0, value as object), "EINVAL", `send with ${label}`);
    }
    expectCount(q, 1, "currentMessages after the refused calls");
  });

  test(
    "MQ-ERR-8",
    "notify with a callback that is neither a function nor null fails with EINVAL and registers nothing",
    async (t) => {
      const { system, q } = await openQueue(t);
      for (const value of [undefined, 5, "callback", {}, true]) {
        expectThrowsCode(() => q.notify(value as () => void), "EINVAL", `notify with ${describeValue(value)}`);
      }
      mq(system.spawn()).mqOpen(NAME, { access: "read" }).notify(() => {});
    },
    { requires: NOTIFY },
  );

  test("MQ-ERR-9", "mqOpen options that are not an object fail with EINVAL and create nothing", async (t) => {
    const api = mq((await t.system()).spawn());
    for (const value of [undefined, null, 5, "readwrite", true]) {
      expectThrowsCode(() => api.mqOpen(NAME, value as unknown as MqOpenOptions), "EINVAL", `mqOpen with options ${describeValue(value)}`);
    }
    expectThrowsCode(() => api.mqOpen(NAME, { access: "read" }), "ENOENT", "opening the name after the refused calls");
  });

  test("MQ-ERR-9", "an access other than read, write or readwrite fails with EINVAL and creates nothing", async (t) => {
    const api = mq((await t.system()).spawn());
    for (const access of [undefined, "rw", "READ", "readonly", 0, null]) {
      expectThrowsCode(
        () => api.mqOpen(NAME, { access: access as "read", create: true }),
        "EINVAL",
        `mqOpen with create and access ${describeValue(access)}`,
      );
    }
    expectThrowsCode(() => api.mqOpen(NAME, { access: "read" }), "ENOENT", "opening the name after the refused calls");
  });

  test("MQ-ERR-9", "create, exclusive and nonblocking flags that are not booleans fail with EINVAL and create nothing", async (t) => {
    const api = mq((await t.system()).spawn());
    for (const field of ["create", "exclusive", "nonblocking"] as const) {
      for (const value of ["yes", 1, null]) {
        expectThrowsCode(
          () => api.mqOpen(NAME, { access: "read", create: true, [field]: value } as MqOpenOptions),
          "EINVAL",
          `mqOpen with ${field} ${describeValue(value)}`,
        );
      }
    }
    expectThrowsCode(() => api.mqOpen(NAME, { access: "read" }), "ENOENT", "opening the name after the refused calls");
  });

  test("MQ-ERR-9", "a mode that is not an integer from 0 to 0o777 fails with EINVAL and creates nothing", async (t) => {
    const api = mq((await t.system()).spawn());
    for (const mode of [-1, 0o1000, 0o4755, 1.5, Number.NaN, "644", null]) {
      expectThrowsCode(() => api.mqOpen(NAME, { access: "read", create: true, mode: mode as number }), "EINVAL", `mqOpen with mode ${describeValue(mode)}`);
    }
    expectThrowsCode(() => api.mqOpen(NAME, { access: "read" }), "ENOENT", "opening the name after the refused calls");
  });

  // ----- Lifecycle ----------------------------------------------------------

  test("MQ-LIFE-1", "opening a name that does not exist without create fails with ENOENT", async (t) => {
    const api = mq((await t.system()).spawn());
    for (const access of ["read", "write", "readwrite"] as const) {
      expectThrowsCode(() => api.mqOpen(NAME, { access }), "ENOENT", `mqOpen for ${access} of an absent name`);
    }
    expectThrowsCode(() => api.mqOpen(NAME, { access: "read", create: false }), "ENOENT", "mqOpen with create false of an absent name");
  });

  test("MQ-LIFE-1", "opening with create makes a new, empty queue that later opens find", async (t) => {
    const { system, q } = await openQueue(t);
    expectCount(q, 0, "currentMessages of the new queue");
    expectEmpty(q, "tryReceive on the new queue");
    const reader = mq(system.spawn()).mqOpen(NAME, { access: "read" });
    sendNow(q, message(1), 0, "trySend through the creating handle");
    expectNext(reader, message(1), 0, "the message, through a later open");
  });

  test("MQ-LIFE-2", "create with exclusive on an existing name fails with EEXIST and leaves the queue as it was", async (t) => {
    const { proc, q } = await openQueue(t);
    sendNow(q, message(1), 0, "trySend of one message");
    expectThrowsCode(() => mq(proc).mqOpen(NAME, { access: "read", create: true, exclusive: true }), "EEXIST", "mqOpen with create and exclusive of an existing name");
    expectCount(q, 1, "currentMessages of the existing queue");
    expectEqual(q.getAttributes().maxMessages, DEPTH, "maxMessages of the existing queue");
    const fresh = mq(proc).mqOpen("/fresh", { access: "read", create: true, exclusive: true });
    expectCount(fresh, 0, "currentMessages of a queue made with create and exclusive");
  });

  test("MQ-LIFE-2", "EEXIST comes before the permission check", async (t) => {
    const { owner, other } = await users(t, QUEUE_USERS);
    mq(owner).mqOpen(NAME, { access: "read", create: true, mode: 0o600 });
    expectThrowsCode(
      () => mq(other).mqOpen(NAME, { access: "readwrite", create: true, exclusive: true }),
      "EEXIST",
      "another user's create with exclusive of an existing 0o600 queue",
    );
  });

  test("MQ-LIFE-2", "exclusive without create is ignored", async (t) => {
    const api = mq((await t.system()).spawn());
    expectThrowsCode(() => api.mqOpen(NAME, { access: "read", exclusive: true }), "ENOENT", "mqOpen with exclusive alone of an absent name");
    api.mqOpen(NAME, { access: "write", create: true });
    const q = api.mqOpen(NAME, { access: "read", exclusive: true });
    expectCount(q, 0, "currentMessages through a handle opened with exclusive alone");
  });

  test("MQ-LIFE-3", "create on an existing queue opens it as it is, ignoring the mode and attributes given", async (t) => {
    const { owner, member } = await users(t, QUEUE_USERS);
    const q = mq(owner).mqOpen(NAME, { access: "readwrite", create: true, mode: 0o600, maxMessages: 3, messageSize: SIZE });
    sendNow(q, message(1), 0, "trySend of one message");
    const again = mq(owner).mqOpen(NAME, { access: "readwrite", create: true, mode: 0o666, maxMessages: 5, messageSize: 2 * SIZE });
    expectEqual(again.getAttributes().maxMessages, 3, "maxMessages through the second open");
    expectEqual(again.getAttributes().messageSize, SIZE, "messageSize through the second open");
    expectNext(again, message(1), 0, "the message, through the second open");
    expectThrowsCode(
      () => mq(member).mqOpen(NAME, { access: "read", create: true, mode: 0o666 }),
      "EACCES",
      "a group member opening the 0o600 queue after an open with create asked for 0o666",
    );
  });

  test("MQ-LIFE-3", "the limits for new queues do not apply when the queue exists", async (t) => {
    const { owner, root } = await users(t, QUEUE_USERS);
    const q = mq(root).mqOpen(NAME, { access: "read", create: true, maxMessages: 2, mode: 0o666 });
    const opened = mq(owner).mqOpen(NAME, {
      access: "read",
      create: true,
      maxMessages: MQ_MAX_MESSAGES + 1,
      messageSize: MQ_MAX_MESSAGE_SIZE + 1,
    });
    expectEqual(opened.getAttributes().maxMessages, 2, "maxMessages of the existing queue, opened by uid 1000 asking for more");
    expectEqual(q.getAttributes().maxMessages, 2, "maxMessages of the existing queue");
  });

  test("MQ-LIFE-4", "after mqUnlink, opening the name without create fails with ENOENT", async (t) => {
    const { proc } = await openQueue(t);
    mq(proc).mqUnlink(NAME);
    expectThrowsCode(() => mq(proc).mqOpen(NAME, { access: "read" }), "ENOENT", "mqOpen of the unlinked name");
  });

  test("MQ-LIFE-4", "handles open before mqUnlink keep the queue and its messages, and keep working", async (t) => {
    const { system, proc, q } = await openQueue(t);
    const reader = mq(system.spawn()).mqOpen(NAME, { access: "read" });
    sendNow(q, message(1), 2, "trySend before the unlink");
    mq(proc).mqUnlink(NAME);
    expectCount(reader, 1, "currentMessages through another process's handle after the unlink");
    expectNext(reader, message(1), 2, "the message sent before the unlink");
    const buffer = new Uint8Array(SIZE);
    const r = start(() => reader.receive(buffer), "a receive on the unlinked, empty queue");
    await expectPending(r, "a receive on the unlinked, empty queue");
    sendNow(q, message(2), 1, "trySend after the unlink");
    await expectReceivedNow(r, buffer, message(2), 1, "the waiting receive, woken after the unlink");
  });

  test("MQ-LIFE-4", "create after mqUnlink makes a new, distinct queue", async (t) => {
    const { proc, q } = await openQueue(t);
    sendNow(q, message(1), 0, "trySend into the old queue");
    mq(proc).mqUnlink(NAME);
    const fresh = mq(proc).mqOpen(NAME, { access: "readwrite", create: true, maxMessages: 2, messageSize: SIZE });
    expectCount(fresh, 0, "currentMessages of the new queue");
    expectEqual(fresh.getAttributes().maxMessages, 2, "maxMessages of the new queue");
    sendNow(fresh, message(2), 0, "trySend into the new queue");
    expectCount(q, 1, "currentMessages of the old queue");
    expectNext(q, message(1), 0, "the old queue's message, through the old handle");
    expectNext(fresh, message(2), 0, "the new queue's message, through the new handle");
  });

  test("MQ-LIFE-5", "a queue with no handle open keeps its messages, and a later open finds them", async (t) => {
    const system = await t.system();
    const writer = mq(system.spawn()).mqOpen(NAME, { access: "write", create: true, messageSize: SIZE });
    sendNow(writer, message(1), 1, "the first trySend");
    sendNow(writer, message(2), 5, "the second trySend");
    writer.close();
    const reader = mq(system.spawn()).mqOpen(NAME, { access: "read" });
    expectCount(reader, 2, "currentMessages when reopened");
    expectNext(reader, message(2), 5, "the first message received after the reopen");
    expectNext(reader, message(1), 1, "the second message received after the reopen");
  });

  test(
    "MQ-LIFE-5",
    "messages outlive the process that sent them",
    async (t) => {
      const system = await t.system();
      const sender = system.spawn();
      mq(sender).mqOpen(NAME, { access: "write", create: true, messageSize: SIZE }).trySend(message(1), 0);
      sender.exit();
      const reader = mq(system.spawn()).mqOpen(NAME, { access: "read" });
      expectNext(reader, message(1), 0, "the message of the process that exited");
    },
    { requires: EXIT },
  );

  test("MQ-LIFE-6", "mqUnlink of a name no queue has fails with ENOENT, the second unlink of a name too", async (t) => {
    const { proc } = await openQueue(t);
    expectThrowsCode(() => mq(proc).mqUnlink("/never"), "ENOENT", "mqUnlink of a name that never existed");
    mq(proc).mqUnlink(NAME);
    expectThrowsCode(() => mq(proc).mqUnlink(NAME), "ENOENT", "a second mqUnlink of the same name");
  });

  test("MQ-LIFE-7", "setAttributes sets the nonblocking flag and returns the attributes as they were before", async (t) => {
    const { q } = await openQueue(t);
    sendNow(q, message(1), 0, "trySend of one message");
    const before = q.setAttributes({ nonblocking: true });
    expectEqual(before.nonblocking, false, "nonblocking returned by the first setAttributes");
    expectEqual(before.maxMessages, DEPTH, "maxMessages returned by setAttributes");
    expectEqual(before.messageSize, SIZE, "messageSize returned by setAttributes");
    expectEqual(before.currentMessages, 1, "currentMessages returned by setAttributes");
    expectEqual(q.getAttributes().nonblocking, true, "nonblocking after setting it");
    expectEqual(q.setAttributes({ nonblocking: false }).nonblocking, true, "nonblocking returned by the second setAttributes");
    expectEqual(q.getAttributes().nonblocking, false, "nonblocking after clearing it");
  });

  test("MQ-LIFE-7", "setAttributes with anything but exactly a boolean nonblocking fails with EINVAL and changes nothing", async (t) => {
    const { q } = await openQueue(t);
    const attempts: { label: string; value: unknown }[] = [
      { label: "nonblocking and maxMessages", value: { nonblocking: true, maxMessages: DEPTH + 1 } },
      { label: "nonblocking and messageSize", value: { nonblocking: true, messageSize: SIZE + 1 } },
      { label: "nonblocking and currentMessages", value: { nonblocking: true, currentMessages: 0 } },
      { label: "maxMessages alone", value: { maxMessages: DEPTH + 1 } },
      { label: "an empty object", value: {} },
      { label: 'nonblocking "yes"', value: { nonblocking: "yes" } },
      { label: "nonblocking 1", value: { nonblocking: 1 } },
      { label: "null", value: null },
      { label: "undefined", value: undefined },
      { label: "true", value: true },
    ];
    for (const { label, value } of attempts) {
      expectThrowsCode(() => q.setAttributes(value as { nonblocking: boolean }), "EINVAL", `setAttributes with ${label}`);
      const after = q.getAttributes();
      expectEqual(after.nonblocking, false, `nonblocking after setAttributes with ${label}`);
      expectEqual(after.maxMessages, DEPTH, `maxMessages after setAttributes with ${label}`);
      expectEqual(after.messageSize, SIZE, `messageSize after setAttributes with ${label}`);
    }
    fill(q, DEPTH);
    expectThrowsCode(() => q.trySend(message(1), 0), "EAGAIN", `trySend once ${DEPTH} messages are queued: maxMessages is unchanged`);
  });

  test("MQ-LIFE-8", "each open has its own nonblocking flag", async (t) => {
    const { proc, q } = await openQueue(t, { nonblocking: true });
    const blocking = mq(proc).mqOpen(NAME, { access: "readwrite" });
    expectEqual(q.getAttributes().nonblocking, true, "the flag of the handle opened nonblocking");
    expectEqual(blocking.getAttributes().nonblocking, false, "the flag of the handle opened without it");
    await expectRejectsNow(() => q.receive(new Uint8Array(SIZE)), "EAGAIN", "receive through the nonblocking handle");
    const buffer = new Uint8Array(SIZE);
    const r = start(() => blocking.receive(buffer), "receive through the blocking handle");
    await expectPending(r, "receive through the blocking handle");
    sendNow(q, message(1), 0, "trySend of one message");
    await expectReceivedNow(r, buffer, message(1), 0, "the waiting receive");
  });

  test("MQ-LIFE-8", "setting the flag through one handle leaves another open of the same queue as it was", async (t) => {
    const { system, q } = await openQueue(t);
    const other = mq(system.spawn()).mqOpen(NAME, { access: "read" });
    q.setAttributes({ nonblocking: true });
    expectEqual(other.getAttributes().nonblocking, false, "the other handle's flag");
    const buffer = new Uint8Array(SIZE);
    const r = start(() => other.receive(buffer), "receive through the other handle");
    await expectPending(r, "receive through the other handle");
    sendNow(q, message(1), 0, "trySend of one message");
    await expectReceivedNow(r, buffer, message(1), 0, "the waiting receive");
  });

  test("MQ-LIFE-9", "closing a handle rejects the receives waiting through it with EBADF, and leaves others waiting", async (t) => {
    const { proc, q } = await openQueue(t);
    const other = mq(proc).mqOpen(NAME, { access: "read" });
    const r1 = start(() => other.receive(new Uint8Array(SIZE)), "receive through the handle to be closed");
    const buffer = new Uint8Array(SIZE);
    const r2 = start(() => q.receive(buffer), "receive through the handle that stays open");
    await expectPending(r1, "the first receive");
    await expectPending(r2, "the second receive");
    other.close();
    await expectRejectsNow(r1, "EBADF", "the receive waiting through the closed handle");
    await expectPending(r2, "the receive waiting through the other handle");
    sendNow(q, message(1), 0, "trySend of one message");
    await expectReceivedNow(r2, buffer, message(1), 0, "the receive through the open handle");
  });

  test("MQ-LIFE-9", "a process killed by a signal while its receive waits takes nothing: the next message goes to another process's receive", async (t) => {
    const { system, proc, q } = await openQueue(t);
    const doomed = system.spawn();
    const theirs = mq(doomed).mqOpen(NAME, { access: "read" });
    const r1 = start(() => theirs.receive(new Uint8Array(SIZE)), "the receive of the process to be killed");
    const buffer = new Uint8Array(SIZE);
    const r2 = start(() => q.receive(buffer), "the receive of the process that stays");
    await expectPending(r1, "the first receive");
    signalProcess(proc).kill(doomed.pid, SIGKILL);
    await expectPending(r2, "the surviving process's receive");
    sendNow(q, message(1), 0, "trySend after the kill");
    await expectReceivedNow(r2, buffer, message(1), 0, "the surviving process's receive");
    expectTrue(r1.state !== "fulfilled", "the killed process's receive", "never served", "served");
  }, { requires: SIGNAL });

  test("MQ-LIFE-9", "closing a handle rejects the sends waiting through it with EBADF, and their messages never enter", async (t) => {
    const { proc, q } = await openQueue(t, { maxMessages: 1 });
    const other = mq(proc).mqOpen(NAME, { access: "write" });
    fill(q, 1);
    const s1 = start(() => other.send(message(1), 9), "send through the handle to be closed");
    const s2 = start(() => q.send(message(2), 0), "send through the handle that stays open");
    await expectPending(s1, "the first waiting send");
    await expectPending(s2, "the second waiting send");
    other.close();
    await expectRejectsNow(s1, "EBADF", "the send waiting through the closed handle");
    await expectPending(s2, "the send waiting through the other handle");
    expectNext(q, message(100), 0, "the receive that makes room");
    await expectSentNow(s2, "the send through the open handle");
    expectNext(q, message(2), 0, "the open handle's message");
    expectEmpty(q, "tryReceive: the closed handle's message is nowhere");
  });

  // ----- Notification -------------------------------------------------------

  /** Counts the calls of a notification callback and the arguments each got. */
  function recorder(): { readonly calls: unknown[][]; readonly callback: () => void } {
    const calls: unknown[][] = [];
    return { calls, callback: (...args: unknown[]) => void calls.push(args) };
  }

  test(
    "MQ-LIFE-10",
    "while a process is registered, a notify with a callback fails with EBUSY, from another process or its own",
    async (t) => {
      const { system, q } = await openQueue(t);
      const other = mq(system.spawn()).mqOpen(NAME, { access: "read" });
      q.notify(() => {});
      expectThrowsCode(() => other.notify(() => {}), "EBUSY", "another process's notify while one is registered");
      expectThrowsCode(() => q.notify(() => {}), "EBUSY", "the registered process's second notify");
      const second = mq(system.spawn()).mqOpen(NAME, { access: "read" });
      expectThrowsCode(() => second.notify(() => {}), "EBUSY", "a third process's notify while one is registered");
    },
    { requires: NOTIFY },
  );

  test(
    "MQ-LIFE-11",
    "a message arriving in the empty queue calls the callback once, and the registration is then removed",
    async (t) => {
      const { system, q } = await openQueue(t);
      const { calls, callback } = recorder();
      q.notify(callback);
      sendNow(q, message(1), 0, "the first message into the empty queue");
      await drain();
      expectEqual(calls.length, 1, "callback calls after a message arrived in the empty queue");
      sendNow(q, message(2), 0, "a second message");
      receiveNow(q, "the first receive");
      receiveNow(q, "the second receive");
      sendNow(q, message(3), 0, "a message into the empty queue again");
      await drain();
      expectEqual(calls.length, 1, "callback calls after later messages: the registration was removed");
      mq(system.spawn()).mqOpen(NAME, { access: "read" }).notify(() => {});
    },
    { requires: NOTIFY },
  );

  test(
    "MQ-LIFE-11",
    "a blocking send into the empty queue calls the callback too",
    async (t) => {
      const { q } = await openQueue(t);
      const { calls, callback } = recorder();
      q.notify(callback);
      await expectSentNow(() => q.send(message(1), 0), "a blocking send into the empty queue");
      await drain();
      expectEqual(calls.length, 1, "callback calls after a blocking send into the empty queue");
    },
    { requires: NOTIFY },
  );

  test(
    "MQ-LIFE-12",
    "a message arriving in a queue that is not empty calls nothing, and the registration stays",
    async (t) => {
      const { system, q } = await openQueue(t);
      const other = mq(system.spawn()).mqOpen(NAME, { access: "read" });
      sendNow(q, message(1), 0, "a first message");
      const { calls, callback } = recorder();
      q.notify(callback);
      sendNow(q, message(2), 9, "a message into the queue that is not empty");
      await drain();
      expectEqual(calls.length, 0, "callback calls after a message arrived in a queue that was not empty");
      expectThrowsCode(() => other.notify(() => {}), "EBUSY", "another process's notify: the registration stays");
      receiveNow(q, "the first receive");
      receiveNow(q, "the second receive");
      sendNow(q, message(3), 0, "a message into the emptied queue");
      await drain();
      expectEqual(calls.length, 1, "callback calls once a message arrived in the emptied queue");
    },
    { requires: NOTIFY },
  );

  test(
    "MQ-LIFE-12",
    "a message handed to a waiting receive calls nothing, and the registration stays",
    async (t) => {
      const { system, q } = await openQueue(t);
      const other = mq(system.spawn()).mqOpen(NAME, { access: "read" });
      const { calls, callback } = recorder();
      q.notify(callback);
      const buffer = new Uint8Array(SIZE);
      const r = start(() => other.receive(buffer), "a receive on the empty queue");
      await expectPending(r, "a receive on the empty queue");
      sendNow(q, message(1), 0, "a message while a receive waits");
      await expectReceivedNow(r, buffer, message(1), 0, "the waiting receive");
      expectEqual(calls.length, 0, "callback calls after the message went to the waiting receive");
      expectThrowsCode(() => other.notify(() => {}), "EBUSY", "another process's notify: the registration stays");
      sendNow(q, message(2), 0, "a message into the empty queue, nobody waiting");
      await drain();
      expectEqual(calls.length, 1, "callback calls once a message arrived with nobody waiting");
    },
    { requires: NOTIFY },
  );

  test(
    "MQ-LIFE-13",
    "notify(null) removes the caller's registration",
    async (t) => {
      const { system, q } = await openQueue(t);
      const { calls, callback } = recorder();
      q.notify(callback);
      q.notify(null);
      sendNow(q, message(1), 0, "a message into the empty queue");
      await drain();
      expectEqual(calls.length, 0, "callback calls after the registration was removed");
      mq(system.spawn()).mqOpen(NAME, { access: "read" }).notify(() => {});
    },
    { requires: NOTIFY },
  );

  test(
    "MQ-LIFE-13",
    "notify(null) from a process that is not registered does nothing",
    async (t) => {
      const { system, q } = await openQueue(t);
      const other = mq(system.spawn()).mqOpen(NAME, { access: "read" });
      q.notify(null);
      const { calls, callback } = recorder();
      q.notify(callback);
      other.notify(null);
      expectThrowsCode(() => other.notify(() => {}), "EBUSY", "another process's notify after its notify(null)");
      sendNow(q, message(1), 0, "a message into the empty queue");
      await drain();
      expectEqual(calls.length, 1, "callback calls: the registration survived another process's notify(null)");
    },
    { requires: NOTIFY },
  );

  test(
    "MQ-LIFE-14",
    "closing the handle the registered process registered through removes its registration",
    async (t) => {
      const { system, proc } = await openQueue(t);
      const registrant = mq(proc).mqOpen(NAME, { access: "read" });
      const writer = mq(system.spawn()).mqOpen(NAME, { access: "write" });
      const { calls, callback } = recorder();
      registrant.notify(callback);
      registrant.close();
      sendNow(writer, message(1), 0, "a message into the empty queue");
      await drain();
      expectEqual(calls.length, 0, "callback calls after the registrant's handle closed");
      mq(system.spawn()).mqOpen(NAME, { access: "read" }).notify(() => {});
    },
    { requires: NOTIFY },
  );

  test(
    "MQ-LIFE-14",
    "closing another handle of the queue in the registered process removes its registration too",
    async (t) => {
      const { system, proc, q } = await openQueue(t);
      const spare = mq(proc).mqOpen(NAME, { access: "read" });
      const { calls, callback } = recorder();
      q.notify(callback);
      spare.close();
      sendNow(q, message(1), 0, "a message into the empty queue");
      await drain();
      expectEqual(calls.length, 0, "callback calls after the registered process closed another handle of the queue");
      mq(system.spawn()).mqOpen(NAME, { access: "read" }).notify(() => {});
    },
    { requires: NOTIFY },
  );

  test(
    "MQ-LIFE-14",
    "a close in another process leaves the registration in place",
    async (t) => {
      const { system, q } = await openQueue(t);
      const other = mq(system.spawn()).mqOpen(NAME, { access: "read" });
      const { calls, callback } = recorder();
      q.notify(callback);
      other.close();
      sendNow(q, message(1), 0, "a message into the empty queue");
      await drain();
      expectEqual(calls.length, 1, "callback calls after another process closed its handle");
    },
    { requires: NOTIFY },
  );

  test(
    "MQ-LIFE-14",
    "the registered process's exit removes its registration",
    async (t) => {
      const { system, q } = await openQueue(t);
      const registrant = system.spawn();
      const { calls, callback } = recorder();
      mq(registrant).mqOpen(NAME, { access: "read" }).notify(callback);
      registrant.exit();
      sendNow(q, message(1), 0, "a message into the empty queue");
      await drain();
      expectEqual(calls.length, 0, "callback calls after the registered process exited");
      q.notify(() => {});
    },
    { requires: NOTIFY_EXIT },
  );

  test(
    "MQ-LIFE-15",
    "the callback is called with no arguments, after the send that triggers it has returned",
    async (t) => {
      const { q } = await openQueue(t);
      let sending = false;
      const calls: { args: number; duringSend: boolean }[] = [];
      q.notify((...args: unknown[]) => void calls.push({ args: args.length, duringSend: sending }));
      sending = true;
      q.trySend(message(1), 0);
      sending = false;
      expectEqual(calls.length, 0, "callback calls before trySend's caller continued");
      await drain();
      expectEqual(calls.length, 1, "callback calls once the task queue drained");
      expectEqual(calls[0]!.duringSend, false, "whether the callback ran inside trySend");
      expectEqual(calls[0]!.args, 0, "the number of arguments the callback got");
      receiveNow(q, "emptying the queue");
      q.notify((...args: unknown[]) => void calls.push({ args: args.length, duringSend: sending }));
      sending = true;
      const s = start(() => q.send(message(2), 0), "a blocking send into the empty queue");
      sending = false;
      expectEqual(calls.length, 1, "callback calls right after send returned its promise");
      await expectSentNow(s, "the blocking send");
      expectEqual(calls.length, 2, "callback calls once the task queue drained");
      expectEqual(calls[1]!.duringSend, false, "whether the callback ran inside send");
    },
    { requires: NOTIFY },
  );
}
