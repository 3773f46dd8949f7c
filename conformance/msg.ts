/**
 * Conformance tests for System V message queues: at least one test for every
 * clause of {@link MSG_CLAUSES}, each named by the clause it checks and
 * titled with the rule it checks, plus two property-based tests (the
 * non-blocking forms against a model queue, and blocked receivers against a
 * first-matching-waiter model).
 *
 * Blocking is proven without sleeps: an operation is {@link track}ed, the task
 * queue drained, and the operation found still pending; then the test acts and
 * checks that it settles. Every test builds a fresh system through its
 * {@link TestContext}. Permission tests use four users: the owner (uid 1000,
 * group 100), a member of group 100, another user, and root.
 *
 * @module
 */

import fc from "fast-check";

import { IPC_PRIVATE, MSGMAX, MSGMNB } from "../spec/msg.ts";
import type { MSG_CLAUSES, MsgApi, MsgQueueStat, MsgReceiveOptions, MsgReceived } from "../spec/msg.ts";
import { SIGKILL, SIGUSR1 } from "../spec/signal.ts";
import type { SignalInfo } from "../spec/signal.ts";
import type { IpcProcess, IpcSystem } from "../spec/system.ts";
import {
  AssertionFailure,
  describeValue,
  drain,
  expectBytes,
  expectEqual,
  expectPending,
  expectReturns,
  expectSync,
  expectThrowsCode,
  expectTrue,
  operationChecks,
  pattern,
  track,
} from "./assert.ts";
import type { Tracked } from "./assert.ts";
import { QUEUE_USERS, catchSignal, interruptWithSigusr1, notByteArrays, requireCalls, signalProcess, users } from "./fixtures/index.ts";
import type { BadValue } from "./fixtures/index.ts";
import type { Common, TestContext, TestFunction } from "./harness.ts";
import { checkProperty } from "./property.ts";

// ---------------------------------------------------------------------------
// Local helpers
// ---------------------------------------------------------------------------

/** A process that provides the System V queue calls. */
type MsgProcess = IpcProcess & MsgApi;

const EXIT = ["process.exit"] as const;
const EXCEPT = ["msg.except"] as const;
const SIGNAL = ["signal"] as const;

const MSG_METHODS = ["msgget", "msgsnd", "tryMsgsnd", "msgrcv", "tryMsgrcv", "msgctl"] as const;

/** Blocking calls must return promises: every operation started here is checked to be one. */
const { start, expectFulfilledNow, expectRejectsNow } = operationChecks({ requirePromise: true });

/** The process, checked to have every System V queue call. */
function msgOf(proc: IpcProcess): MsgProcess {
  return requireCalls<MsgProcess>(proc, MSG_METHODS, "msg", "a method (the implementation declares msg)");
}

/** A fresh system, one process of the owner, and a private queue of it. */
async function fresh(t: TestContext, mode = 0o600): Promise<{ readonly system: IpcSystem; readonly p: MsgProcess; readonly id: number }> {
  const system = await t.system();
  const p = msgOf(system.spawn(QUEUE_USERS.owner));
  const id = expectReturns(() => p.msgget(IPC_PRIVATE, { mode }), `msgget(IPC_PRIVATE, mode ${octal(mode)})`);
  return { system, p, id };
}

function octal(mode: number): string {
  return `0o${mode.toString(8).padStart(3, "0")}`;
}

/** The bytes given. */
function text(...bytes: number[]): Uint8Array {
  return Uint8Array.from(bytes);
}

/** Sends without waiting, failing the test if the send fails. */
function send(p: MsgProcess, id: number, type: number, data: Uint8Array, what = `tryMsgsnd(type ${type}, ${data.length} bytes)`): void {
  expectReturns(() => p.tryMsgsnd(id, type, data), what);
}

/** A message as received: its type and the bytes copied. */
interface Got {
  readonly type: number;
  readonly text: Uint8Array;
}

/** Receives without waiting, failing the test if the receive fails. */
function recv(p: MsgProcess, id: number, type: number, size = 64, options?: MsgReceiveOptions, what?: string): Got {
  const buffer = new Uint8Array(size);
  const label = what ?? `tryMsgrcv(type ${type}, ${size}-byte buffer${options === undefined ? "" : `, ${JSON.stringify(options)}`})`;
  const received = expectReturns(() => p.tryMsgrcv(id, buffer, type, options), label);
  return checkReceived(received, buffer, label);
}

function checkReceived(received: MsgReceived, buffer: Uint8Array, what: string): Got {
  expectTrue(
    typeof received === "object" && received !== null && typeof received.type === "number" && typeof received.length === "number",
    what,
    "a { type, length } result",
    describeValue(received),
  );
  expectTrue(
    Number.isInteger(received.length) && received.length >= 0 && received.length <= buffer.length,
    what,
    `a length from 0 to ${buffer.length}`,
    String(received.length),
  );
  return { type: received.type, text: buffer.slice(0, received.length) };
}

/** Receives without waiting and checks the message's type and text. */
function expectMessage(
  p: MsgProcess,
  id: number,
  type: number,
  expectedType: number,
  expectedText: Uint8Array,
  what: string,
  options?: MsgReceiveOptions,
): void {
  const got = recv(p, id, type, expectedText.length + 16, options, what);
  expectEqual(got.type, expectedType, `${what}: the type`);
  expectBytes(got.text, expectedText, `${what}: the text`);
}

/** Fails unless tryMsgrcv of `type` finds no match. */
function expectNoMessage(p: MsgProcess, id: number, type: number, what: string, options?: MsgReceiveOptions): void {
  expectThrowsCode(() => p.tryMsgrcv(id, new Uint8Array(MSGMAX), type, options), "ENOMSG", what);
}

/** The queue's state, which must be reported. */
function stat(p: MsgProcess, id: number, what = "msgctl stat"): MsgQueueStat {
  const value = expectReturns(() => p.msgctl(id, "stat"), what);
  expectTrue(typeof value === "object" && value !== null, what, "a state object", describeValue(value));
  return value;
}

/** Fails unless the queue holds `messages` messages and `bytes` bytes. */
function expectContents(p: MsgProcess, id: number, messages: number, bytes: number, what: string): void {
  const state = stat(p, id, `${what} (msgctl stat)`);
  expectEqual(state.messages, messages, `${what}: messages queued`);
  expectEqual(state.bytes, bytes, `${what}: bytes queued`);
}

/** Sets the capacity (as the owner, creator or root). */
function setMaxBytes(p: MsgProcess, id: number, maxBytes: number): void {
  expectReturns(() => p.msgctl(id, "set", { maxBytes }), `msgctl set maxBytes ${maxBytes}`);
}

/** A blocking receive and its buffer. */
interface Receiver {
  readonly op: Tracked<MsgReceived>;
  readonly buffer: Uint8Array;
  readonly label: string;
}

function receiver(
  p: MsgProcess,
  id: number,
  type: number,
  size = 64,
  options?: MsgReceiveOptions & { readonly signal?: AbortSignal },
  label = `msgrcv(type ${type})`,
): Receiver {
  const buffer = new Uint8Array(size);
  return { op: start(() => p.msgrcv(id, buffer, type, options), label), buffer, label };
}

function sender(p: MsgProcess, id: number, type: number, data: Uint8Array, signal?: AbortSignal, label = `msgsnd(type ${type}, ${data.length} bytes)`): Tracked<void> {
  return start(() => p.msgsnd(id, type, data, signal === undefined ? undefined : { signal }), label);
}

/** Fails unless the receive resolves now with this type and text. */
async function expectReceivedNow(r: Receiver, type: number, expected: Uint8Array, what = r.label): Promise<void> {
  const received = await expectFulfilledNow(r.op, `a message of type ${type}`, what);
  const got = checkReceived(received, r.buffer, what);
  expectEqual(got.type, type, `${what}: the type`);
  expectBytes(got.text, expected, `${what}: the text`);
}

/**
 * Has another process of `target`'s user send `SIGUSR1` to `target`, and
 * fails unless `target`'s handler ran for it, once, before `kill` returned.
 */
function interrupt(system: IpcSystem, target: IpcProcess, caught: readonly SignalInfo[], what: string): void {
  const { uid, gid } = target.credentials;
  interruptWithSigusr1(system.spawn({ uid, gid }), target, caught, what);
}

/** Values that are not safe integers. */
function notSafeIntegers(): BadValue[] {
  return [
    { label: "1.5", value: 1.5 },
    { label: "NaN", value: Number.NaN },
    { label: "Infinity", value: Number.POSITIVE_INFINITY },
    { label: "2^53", value: 2 ** 53 },
    { label: "the string '1'", value: "1" },
    { label: "null", value: null },
    { label: "undefined", value: undefined },
    { label: "1n", value: 1n },
  ];
}

/** Calls `fn` with arguments of the wrong type (through `unknown`). */
function loose<F extends (...args: never[]) => unknown>(fn: F): (...args: unknown[]) => ReturnType<F> {
  return fn as unknown as (...args: unknown[]) => ReturnType<F>;
}

// ---------------------------------------------------------------------------
// The model of a queue (MSG-ORD-5 property)
// ---------------------------------------------------------------------------

interface ModelMessage {
  readonly type: number;
  readonly text: Uint8Array;
}

/** The index of the message a receive of `type` takes in the model, or -1. */
function modelSelect(model: readonly ModelMessage[], type: number, except: boolean): number {
  if (type === 0) return model.length > 0 ? 0 : -1;
  if (type > 0) return model.findIndex((m) => (except ? m.type !== type : m.type === type));
  let best = -1;
  model.forEach((m, i) => {
    if (m.type <= -type && (best < 0 || m.type < model[best]!.type)) best = i;
  });
  return best;
}

/** Whether a receive of `type` (with `except`) matches a message of `messageType`. */
function modelMatches(type: number, except: boolean, messageType: number): boolean {
  if (type === 0) return true;
  if (type > 0) return except ? messageType !== type : messageType === type;
  return messageType <= -type;
}

type QueueOp =
  | { readonly kind: "send"; readonly type: number; readonly length: number; readonly seed: number }
  | { readonly kind: "recv"; readonly type: number; readonly except: boolean; readonly noerror: boolean; readonly size: number };

function describeOp(op: QueueOp): string {
  return op.kind === "send"
    ? `tryMsgsnd(type ${op.type}, ${op.length} bytes)`
    : `tryMsgrcv(type ${op.type}, ${op.size}-byte buffer${op.except ? ", except" : ""}${op.noerror ? ", noerror" : ""})`;
}

const MODEL_MAX_BYTES = 40;

async function runQueueModel(t: TestContext, ops: readonly QueueOp[]): Promise<void> {
  const system = await t.system();
  const p = msgOf(system.spawn(QUEUE_USERS.owner));
  const id = expectReturns(() => p.msgget(IPC_PRIVATE), "msgget(IPC_PRIVATE)");
  setMaxBytes(p, id, MODEL_MAX_BYTES);
  const model: ModelMessage[] = [];
  let bytes = 0;
  for (const [step, op] of ops.entries()) {
    const what = `step ${step + 1}, ${describeOp(op)} with ${model.length} messages (${bytes} bytes) queued`;
    if (op.kind === "send") {
      const data = pattern(op.length, op.seed);
      const fits = bytes + op.length <= MODEL_MAX_BYTES && model.length + 1 <= MODEL_MAX_BYTES;
      if (!fits) {
        expectThrowsCode(() => p.tryMsgsnd(id, op.type, data), "EAGAIN", what);
        continue;
      }
      expectReturns(() => p.tryMsgsnd(id, op.type, data), what);
      model.push({ type: op.type, text: data });
      bytes += op.length;
    } else {
      const index = modelSelect(model, op.type, op.except);
      const options = { except: op.except, noerror: op.noerror };
      if (index < 0) {
        expectThrowsCode(() => p.tryMsgrcv(id, new Uint8Array(op.size), op.type, options), "ENOMSG", what);
        continue;
      }
      const wanted = model[index]!;
      if (wanted.text.length > op.size && !op.noerror) {
        expectThrowsCode(() => p.tryMsgrcv(id, new Uint8Array(op.size), op.type, options), "E2BIG", what);
        continue;
      }
      const got = recv(p, id, op.type, op.size, options, what);
      expectEqual(got.type, wanted.type, `${what}: the type`);
      expectBytes(got.text, wanted.text.subarray(0, Math.min(op.size, wanted.text.length)), `${what}: the text`);
      model.splice(index, 1);
      bytes -= wanted.text.length;
    }
  }
  expectContents(p, id, model.length, bytes, "after the run, the queue against the model");
}

/** Lets queued microtasks run (promise reactions), without waiting for macrotasks. */
async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 16; i++) await Promise.resolve();
}


// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

/**
 * Registers the conformance tests of System V message queues: one or more
 * tests for each clause of {@link MSG_CLAUSES}, including a model-based
 * property test of the non-blocking forms and a property test of how blocked
 * receivers are served.
 *
 * Tests of MSG-ORD-3 require `"msg.except"` (`MSG_EXCEPT`, a Linux
 * extension); tests that exit a process require `"process.exit"`, tests of
 * signal handlers (and of a process killed by a signal) require `"signal"`,
 * and one test of the umask requires `"process.umask"`. Every other test uses only
 * `spawn` and the {@link MsgApi} methods.
 *
 * @param test - registers one test against a clause
 * @param common - what the implementation under test supports (used to leave
 *   `except` out of the property test when it is declined)
 * @returns nothing; the tests are registered through `test`
 *
 * @example Collect the System V queue tests
 * ```ts
 * import { collectTests, msgTests } from "ipckit/conformance";
 * const tests = collectTests([{ feature: "msg", suite: msgTests }], { supports: () => true });
 * console.assert(tests.some((entry) => entry.clause === "MSG-ORD-6"));
 * ```
 */
export function msgTests(test: TestFunction, common: Common): void {
  // ----- Ordering and selection by type ---------------------------------------

  test("MSG-ORD-1", "a receive of type 0 takes the oldest message, whatever its type", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 3, text(30));
    send(p, id, 1, text(10));
    send(p, id, 2, text(20));
    expectMessage(p, id, 0, 3, text(30), "the first receive of type 0");
    expectMessage(p, id, 0, 1, text(10), "the second receive of type 0");
    expectMessage(p, id, 0, 2, text(20), "the third receive of type 0");
    expectNoMessage(p, id, 0, "a receive of type 0 once the queue is empty");
  });

  test("MSG-ORD-1", "type 0 takes the oldest message left once receives by type took others", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 1, text(1, 1));
    send(p, id, 2, text(2, 1));
    send(p, id, 1, text(1, 2));
    send(p, id, 2, text(2, 2));
    send(p, id, 3, text(3, 1));
    expectMessage(p, id, 1, 1, text(1, 1), "a receive of type 1 (the oldest message)");
    expectMessage(p, id, 0, 2, text(2, 1), "a receive of type 0 after that");
    expectMessage(p, id, 2, 2, text(2, 2), "a receive of type 2");
    expectMessage(p, id, 0, 1, text(1, 2), "a receive of type 0 passing over nothing");
    expectMessage(p, id, 0, 3, text(3, 1), "the last receive of type 0");
  });

  test("MSG-ORD-2", "a receive of a positive type takes the oldest message of that type and leaves older ones of other types", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 1, text(1, 1));
    send(p, id, 2, text(2, 1));
    send(p, id, 2, text(2, 2));
    send(p, id, 1, text(1, 2));
    expectMessage(p, id, 2, 2, text(2, 1), "the first receive of type 2");
    expectMessage(p, id, 2, 2, text(2, 2), "the second receive of type 2");
    expectNoMessage(p, id, 2, "a third receive of type 2");
    expectMessage(p, id, 0, 1, text(1, 1), "a receive of type 0: the type-1 messages kept their places");
    expectMessage(p, id, 0, 1, text(1, 2), "the next receive of type 0");
  });

  test("MSG-ORD-2", "a positive type with no message of that type finds no match though other types are queued", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 1, text(1));
    send(p, id, 3, text(3));
    expectNoMessage(p, id, 2, "a receive of type 2 with types 1 and 3 queued");
    expectContents(p, id, 2, 2, "after the failed receive");
    expectMessage(p, id, 3, 3, text(3), "a receive of type 3");
  });

  test("MSG-ORD-3", "a receive with except takes the oldest message of any other type", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 1, text(1, 1));
    send(p, id, 1, text(1, 2));
    send(p, id, 3, text(3, 1));
    send(p, id, 2, text(2, 1));
    expectMessage(p, id, 1, 3, text(3, 1), "a receive of type 1 with except (types 1, 1, 3, 2 queued)", { except: true });
    expectMessage(p, id, 1, 2, text(2, 1), "a second receive of type 1 with except", { except: true });
    expectNoMessage(p, id, 1, "a third receive of type 1 with except: only type 1 is left", { except: true });
    expectMessage(p, id, 0, 1, text(1, 1), "a receive of type 0: the type-1 messages stayed in order");
  }, { requires: EXCEPT });

  test("MSG-ORD-3", "except passes over a run of older messages of the excluded type, and takes the oldest of the rest", async (t) => {
    const { p, id } = await fresh(t);
    for (const [i, type] of [5, 5, 5, 7, 5, 2, 9].entries()) send(p, id, type, text(type, i));
    const got = (what: string): Got => recv(p, id, 5, 64, { except: true }, what);
    const first = got("the first receive of type 5 with except");
    expectEqual(first.type, 7, "the first receive of type 5 with except: the type");
    expectBytes(first.text, text(7, 3), "the first receive of type 5 with except: the text");
    const second = got("the second receive of type 5 with except");
    expectEqual(second.type, 2, "the second receive of type 5 with except: the type");
    const third = got("the third receive of type 5 with except");
    expectEqual(third.type, 9, "the third receive of type 5 with except: the type");
    expectContents(p, id, 4, 8, "the four type-5 messages left");
  }, { requires: EXCEPT });

  test("MSG-ORD-4", "a receive of a negative type takes the oldest message of the lowest type not above its absolute value", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 5, text(5, 1));
    send(p, id, 3, text(3, 1));
    send(p, id, 7, text(7, 1));
    send(p, id, 3, text(3, 2));
    send(p, id, 4, text(4, 1));
    expectMessage(p, id, -4, 3, text(3, 1), "the first receive of type -4");
    expectMessage(p, id, -4, 3, text(3, 2), "the second receive of type -4");
    expectMessage(p, id, -4, 4, text(4, 1), "the third receive of type -4");
    expectNoMessage(p, id, -4, "a fourth receive of type -4, with types 5 and 7 left");
    expectMessage(p, id, -5, 5, text(5, 1), "a receive of type -5");
    expectMessage(p, id, -100, 7, text(7, 1), "a receive of type -100");
  });

  test("MSG-ORD-4", "a negative type prefers a lower type sent later over a higher type sent earlier", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 3, text(3));
    send(p, id, 2, text(2));
    send(p, id, 1, text(1));
    expectMessage(p, id, -3, 1, text(1), "a receive of type -3 (types 3, 2, 1 sent in that order)");
    expectMessage(p, id, -3, 2, text(2), "a second receive of type -3");
    expectMessage(p, id, -3, 3, text(3), "a third receive of type -3");
  });

  test("MSG-ORD-4", "a negative type finds no match when every queued type is above its absolute value", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 9, text(9));
    send(p, id, 12, text(12));
    expectNoMessage(p, id, -8, "a receive of type -8 with types 9 and 12 queued");
    expectMessage(p, id, -9, 9, text(9), "a receive of type -9");
    expectMessage(p, id, -Number.MAX_SAFE_INTEGER, 12, text(12), "a receive of the most negative safe type");
  });

  test("MSG-ORD-5", "every message is received once with its type and text, and messages of one type leave in the order sent", async (t) => {
    const { p, id } = await fresh(t);
    const sent: ModelMessage[] = [];
    for (let i = 0; i < 60; i++) {
      const message = { type: (i % 4) + 1, text: pattern(i % 17, i) };
      send(p, id, message.type, message.text);
      sent.push(message);
    }
    const types = [2, 0, -3, 4, 0, 1, -1, 3];
    const model = [...sent];
    for (let k = 0; model.length > 0; k++) {
      const type = types[k % types.length]!;
      const index = modelSelect(model, type, false);
      const what = `receive #${k + 1} (type ${type})`;
      if (index < 0) {
        expectNoMessage(p, id, type, what);
        continue;
      }
      const wanted = model.splice(index, 1)[0]!;
      expectMessage(p, id, type, wanted.type, wanted.text, what);
    }
    expectNoMessage(p, id, 0, "a receive once all 60 messages were received");
  });

  test("MSG-ORD-5", "any sequence of tryMsgsnd and tryMsgrcv agrees with a model queue", async (t) => {
    const withExcept = t.supports("msg.except");
    const op: fc.Arbitrary<QueueOp> = fc.oneof(
      fc.record({
        kind: fc.constant("send" as const),
        type: fc.integer({ min: 1, max: 4 }),
        length: fc.integer({ min: 0, max: 12 }),
        seed: fc.nat(250),
      }),
      fc
        .record({
          kind: fc.constant("recv" as const),
          type: fc.integer({ min: -5, max: 5 }),
          except: fc.boolean(),
          noerror: fc.boolean(),
          size: fc.integer({ min: 0, max: 12 }),
        })
        .map((r) => ({ ...r, except: withExcept && r.except && r.type > 0 })),
    );
    await checkProperty(
      t,
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), (ops) => runQueueModel(t, ops)),
      "random sends and receives against a model queue",
      "every call's outcome as the model predicts",
    );
  });

  test("MSG-ORD-6", "processes receiving their own pid as the type get only the messages addressed to them, in order", async (t) => {
    const system = await t.system();
    const server = msgOf(system.spawn(QUEUE_USERS.owner));
    const alice = msgOf(system.spawn(QUEUE_USERS.owner));
    const bob = msgOf(system.spawn(QUEUE_USERS.owner));
    const id = expectReturns(() => server.msgget(0x5eed, { create: true, mode: 0o600 }), "msgget(0x5eed, create)");
    expectEqual(expectReturns(() => alice.msgget(0x5eed), "alice's msgget(0x5eed)"), id, "the identifier alice finds");
    expectEqual(expectReturns(() => bob.msgget(0x5eed), "bob's msgget(0x5eed)"), id, "the identifier bob finds");
    const waiting = receiver(alice, id, alice.pid, 64, undefined, "alice's msgrcv(alice's pid)");
    await expectPending(waiting.op, "alice's receive of her pid on an empty queue");
    send(server, id, bob.pid, text(66, 1), "a message to bob");
    send(server, id, bob.pid, text(66, 2), "a second message to bob");
    await expectPending(waiting.op, "alice's receive while only bob's messages are queued");
    send(server, id, alice.pid, text(65, 1), "a message to alice");
    send(server, id, alice.pid, text(65, 2), "a second message to alice");
    await expectReceivedNow(waiting, alice.pid, text(65, 1), "alice's pending receive");
    expectMessage(alice, id, alice.pid, alice.pid, text(65, 2), "alice's next receive of her pid");
    expectNoMessage(alice, id, alice.pid, "alice's third receive of her pid");
    expectContents(server, id, 2, 4, "bob's two messages, still queued");
    expectMessage(bob, id, bob.pid, bob.pid, text(66, 1), "bob's first receive of his pid");
    expectMessage(bob, id, bob.pid, bob.pid, text(66, 2), "bob's second receive of his pid");
  });

  test("MSG-ORD-6", "two receivers blocked on their own pids are each woken only by their own message", async (t) => {
    const system = await t.system();
    const server = msgOf(system.spawn(QUEUE_USERS.owner));
    const alice = msgOf(system.spawn(QUEUE_USERS.owner));
    const bob = msgOf(system.spawn(QUEUE_USERS.owner));
    const id = expectReturns(() => server.msgget(IPC_PRIVATE), "msgget(IPC_PRIVATE)");
    const a = receiver(alice, id, alice.pid, 64, undefined, "alice's msgrcv(alice's pid)");
    const b = receiver(bob, id, bob.pid, 64, undefined, "bob's msgrcv(bob's pid)");
    await expectPending(a.op, "alice's receive");
    send(server, id, bob.pid, text(2), "a message to bob");
    await expectReceivedNow(b, bob.pid, text(2), "bob's receive");
    await expectPending(a.op, "alice's receive after bob's message");
    send(server, id, alice.pid, text(1), "a message to alice");
    await expectReceivedNow(a, alice.pid, text(1), "alice's receive");
    expectContents(server, id, 0, 0, "the queue after both were served");
  });

  test("MSG-ORD-7", "a new message goes to the longest-waiting receiver among those whose type matches", async (t) => {
    const { p, id } = await fresh(t);
    const r1 = receiver(p, id, 2, 64, undefined, "receiver 1 (type 2)");
    const r2 = receiver(p, id, 1, 64, undefined, "receiver 2 (type 1)");
    const r3 = receiver(p, id, 1, 64, undefined, "receiver 3 (type 1)");
    const r4 = receiver(p, id, 0, 64, undefined, "receiver 4 (type 0)");
    await expectPending(r4.op, "receiver 4 on an empty queue");
    send(p, id, 1, text(1, 1));
    await expectReceivedNow(r2, 1, text(1, 1), "receiver 2, the first of type 1 to wait");
    await expectPending(r3.op, "receiver 3 after the first type-1 message");
    await expectPending(r4.op, "receiver 4 (type 0), which came after receiver 2");
    send(p, id, 1, text(1, 2));
    await expectReceivedNow(r3, 1, text(1, 2), "receiver 3, next of those matching type 1");
    send(p, id, 5, text(5));
    await expectReceivedNow(r4, 5, text(5), "receiver 4 (type 0), the only match for type 5");
    send(p, id, 2, text(2));
    await expectReceivedNow(r1, 2, text(2), "receiver 1 (type 2)");
    expectContents(p, id, 0, 0, "the queue: every message was handed over");
  });

  test("MSG-ORD-7", "blocked receivers of type 0 are served first come, first served", async (t) => {
    const { p, id } = await fresh(t);
    const rs = [0, 1, 2].map((i) => receiver(p, id, 0, 64, undefined, `receiver ${i + 1} (type 0)`));
    await expectPending(rs[2]!.op, "the last receiver on an empty queue");
    for (let i = 0; i < 3; i++) send(p, id, 7, text(i));
    for (let i = 0; i < 3; i++) await expectReceivedNow(rs[i]!, 7, text(i));
  });

  test("MSG-ORD-7", "a message no blocked receiver matches is queued, and the receivers keep waiting", async (t) => {
    const { p, id } = await fresh(t);
    const r1 = receiver(p, id, 2, 64, undefined, "a receiver of type 2");
    const r2 = receiver(p, id, -3, 64, undefined, "a receiver of type -3");
    await expectPending(r2.op, "the receiver of type -3 on an empty queue");
    send(p, id, 4, text(4));
    await expectPending(r1.op, "the receiver of type 2 after a type-4 message");
    await expectPending(r2.op, "the receiver of type -3 after a type-4 message");
    expectContents(p, id, 1, 1, "the type-4 message, queued");
    send(p, id, 3, text(3));
    await expectReceivedNow(r2, 3, text(3), "the receiver of type -3, woken by type 3");
    await expectPending(r1.op, "the receiver of type 2 after a type-3 message");
    expectMessage(p, id, 4, 4, text(4), "the queued type-4 message");
  });

  test("MSG-ORD-7", "any mix of blocked receivers is served as a first-matching-waiter model predicts", async (t) => {
    const receiverArb = fc.record({ type: fc.integer({ min: -3, max: 3 }), except: fc.boolean() });
    const caseArb = fc.record({
      receivers: fc.array(receiverArb, { minLength: 1, maxLength: 6 }),
      sends: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 8 }),
    });
    const withExcept = t.supports("msg.except");
    await checkProperty(
      t,
      fc.asyncProperty(caseArb, async ({ receivers, sends }) => {
        const { p, id } = await fresh(t);
        const blocked = receivers.map((r, i) => {
          const except = withExcept && r.except && r.type > 0;
          return { ...r, except, waiting: receiver(p, id, r.type, 8, except ? { except } : undefined, `receiver ${i + 1} (type ${r.type}${except ? ", except" : ""})`) };
        });
        await drain(1);
        const served = new Map<number, { type: number; index: number }>();
        const queued: number[] = [];
        sends.forEach((type, index) => {
          send(p, id, type, text(index));
          const first = blocked.findIndex((r, i) => !served.has(i) && modelMatches(r.type, r.except, type));
          if (first < 0) queued.push(index);
          else served.set(first, { type, index });
        });
        // Microtasks settle a synchronous implementation's receives; the task
        // queue is drained only when one expected to settle has not yet.
        await flushMicrotasks();
        if ([...served.keys()].some((i) => blocked[i]!.waiting.op.state === "pending")) await drain();
        for (const [i, r] of blocked.entries()) {
          const expected = served.get(i);
          const what = `${r.waiting.label}, ${expected === undefined ? "which no message sent matches first" : `served by send #${expected.index + 1}`}`;
          if (expected === undefined) {
            expectEqual(r.waiting.op.state, "pending", what);
            continue;
          }
          if (r.waiting.op.state !== "fulfilled") {
            throw new AssertionFailure(what, `a message of type ${expected.type}`, r.waiting.op.state === "pending" ? "still pending" : describeValue(r.waiting.op.reason));
          }
          const got = checkReceived(r.waiting.op.value!, r.waiting.buffer, what);
          expectEqual(got.type, expected.type, `${what}: the type`);
          expectBytes(got.text, text(expected.index), `${what}: the text`);
        }
        expectContents(p, id, queued.length, queued.length, "the messages no blocked receiver took");
      }),
      "blocked receivers against a first-matching-waiter model",
      "each message to the longest-waiting matching receiver, or queued",
    );
  });

  test("MSG-ORD-8", "sends blocked on a full queue are admitted in the order they started waiting", async (t) => {
    const { p, id } = await fresh(t);
    setMaxBytes(p, id, 10);
    send(p, id, 9, pattern(10, 9));
    const s1 = sender(p, id, 1, pattern(6, 1), undefined, "the first blocked send (6 bytes)");
    const s2 = sender(p, id, 2, pattern(6, 2), undefined, "the second blocked send (6 bytes)");
    await expectPending(s1, "the first send into a full queue");
    await expectPending(s2, "the second send into a full queue");
    expectMessage(p, id, 9, 9, pattern(10, 9), "the filler");
    await expectFulfilledNow(s1, "resolved", "the first send, once the filler was received");
    await expectPending(s2, "the second send, with 6 of 10 bytes taken");
    expectMessage(p, id, 0, 1, pattern(6, 1), "the first send's message");
    await expectFulfilledNow(s2, "resolved", "the second send, once the first's message was received");
    expectMessage(p, id, 0, 2, pattern(6, 2), "the second send's message");
  });

  test("MSG-ORD-8", "a later short send waits behind an earlier long pending send though it would fit", async (t) => {
    const { p, id } = await fresh(t);
    setMaxBytes(p, id, 10);
    send(p, id, 9, pattern(8, 9));
    const long = sender(p, id, 1, pattern(5, 1), undefined, "a blocked 5-byte send");
    await expectPending(long, "a 5-byte send with 2 bytes free");
    const short = sender(p, id, 2, pattern(1, 2), undefined, "a later 1-byte send");
    await expectPending(short, "a 1-byte send with 2 bytes free, behind the pending 5-byte send");
    expectContents(p, id, 1, 8, "the queue while both sends wait");
    expectMessage(p, id, 9, 9, pattern(8, 9), "the filler");
    await expectFulfilledNow(long, "resolved", "the 5-byte send");
    await expectFulfilledNow(short, "resolved", "the 1-byte send");
    expectMessage(p, id, 0, 1, pattern(5, 1), "the first message after the filler: the earlier send's");
    expectMessage(p, id, 0, 2, pattern(1, 2), "then the later send's");
  });

  // ----- Blocking -----------------------------------------------------------

  test("MSG-BLK-1", "a msgrcv with no matching message stays pending until a matching message is sent", async (t) => {
    const { p, id } = await fresh(t);
    const r = receiver(p, id, 3);
    await expectPending(r.op, "a receive of type 3 on an empty queue");
    send(p, id, 3, text(1, 2, 3));
    await expectReceivedNow(r, 3, text(1, 2, 3), "the pending receive, once a type-3 message was sent");
    expectContents(p, id, 0, 0, "the queue: the message went to the receiver");
  });

  test("MSG-BLK-1", "messages of other types do not wake a receiver blocked on its type", async (t) => {
    const { p, id } = await fresh(t);
    const r = receiver(p, id, 3);
    send(p, id, 1, text(1));
    send(p, id, 2, text(2));
    send(p, id, 4, text(4));
    await expectPending(r.op, "a receive of type 3 with types 1, 2 and 4 queued");
    send(p, id, 3, text(3));
    await expectReceivedNow(r, 3, text(3), "the receive of type 3, once one was sent");
    expectContents(p, id, 3, 3, "the other types, still queued");
  });

  test("MSG-BLK-1", "a receive of type 0 on an empty queue waits, and any message wakes it", async (t) => {
    const { p, id } = await fresh(t);
    const r = receiver(p, id, 0);
    await expectPending(r.op, "a receive of type 0 on an empty queue");
    send(p, id, 42, text(42));
    await expectReceivedNow(r, 42, text(42), "the receive of type 0");
  });

  test("MSG-BLK-2", "a msgsnd into a full queue stays pending until a receive makes room, then queues its whole message", async (t) => {
    const { p, id } = await fresh(t);
    setMaxBytes(p, id, 8);
    send(p, id, 1, pattern(8, 1));
    const s = sender(p, id, 2, pattern(5, 2));
    await expectPending(s, "a 5-byte send into a full 8-byte queue");
    expectContents(p, id, 1, 8, "the queue while the send waits");
    expectMessage(p, id, 1, 1, pattern(8, 1), "the filler");
    await expectFulfilledNow(s, "resolved", "the send, once the filler was received");
    expectContents(p, id, 1, 5, "the queue once the send went through");
    expectMessage(p, id, 2, 2, pattern(5, 2), "the sent message");
  });

  test("MSG-BLK-2", "a msgsnd into a new queue holding 16384 bytes waits until a receive makes room", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 1, pattern(MSGMAX, 1));
    send(p, id, 2, pattern(MSGMAX, 2));
    const s = sender(p, id, 3, text(3));
    await expectPending(s, "a 1-byte send into a queue holding 16384 bytes");
    await expectPending(s, "the same send after another drain (nothing else happened)");
    expectMessage(p, id, 2, 2, pattern(MSGMAX, 2), "a receive of 8192 bytes");
    await expectFulfilledNow(s, "resolved", "the 1-byte send, once room was made");
    expectContents(p, id, 2, MSGMAX + 1, "the queue afterwards");
  });

  test("MSG-BLK-3", "aborting a pending msgrcv rejects it with ECANCELED, and a message sent afterwards stays queued", async (t) => {
    const { p, id } = await fresh(t);
    const controller = new AbortController();
    const r = receiver(p, id, 0, 8, { signal: controller.signal });
    await expectPending(r.op, "a receive with a signal on an empty queue");
    controller.abort(new Error("test abort"));
    await expectRejectsNow(r.op, "ECANCELED", "the pending receive, once aborted");
    send(p, id, 1, text(1, 2, 3));
    await drain();
    expectBytes(r.buffer, new Uint8Array(8), "the aborted receive's buffer (left untouched)");
    expectMessage(p, id, 0, 1, text(1, 2, 3), "the message sent after the abort, still queued");
  });

  test("MSG-BLK-3", "an aborted receive leaves the line, so the next blocked receiver gets the message", async (t) => {
    const { p, id } = await fresh(t);
    const controller = new AbortController();
    const r1 = receiver(p, id, 0, 8, { signal: controller.signal }, "the first receive (with a signal)");
    const r2 = receiver(p, id, 0, 8, undefined, "the second receive");
    await expectPending(r1.op, "the first receive");
    controller.abort();
    await expectRejectsNow(r1.op, "ECANCELED", "the first receive, once aborted");
    await expectPending(r2.op, "the second receive, after the first was aborted");
    send(p, id, 4, text(4));
    await expectReceivedNow(r2, 4, text(4), "the second receive");
  });

  test("MSG-BLK-4", "aborting a pending msgsnd rejects it with ECANCELED, and its message is never queued", async (t) => {
    const { p, id } = await fresh(t);
    setMaxBytes(p, id, 4);
    send(p, id, 1, pattern(4, 1));
    const controller = new AbortController();
    const s = sender(p, id, 2, pattern(3, 2), controller.signal, "a send with a signal into a full queue");
    await expectPending(s, "the send into a full queue");
    controller.abort();
    await expectRejectsNow(s, "ECANCELED", "the pending send, once aborted");
    expectMessage(p, id, 0, 1, pattern(4, 1), "the filler");
    await drain();
    expectNoMessage(p, id, 0, "a receive once room appeared (the aborted send's message must not land)");
    expectContents(p, id, 0, 0, "the queue afterwards");
  });

  test("MSG-BLK-4", "an aborted send leaves the line, so the send waiting behind it proceeds", async (t) => {
    const { p, id } = await fresh(t);
    setMaxBytes(p, id, 10);
    send(p, id, 1, pattern(5, 1));
    send(p, id, 1, pattern(5, 2));
    const controller = new AbortController();
    const s1 = sender(p, id, 2, pattern(8, 3), controller.signal, "an 8-byte send with a signal");
    const s2 = sender(p, id, 3, pattern(2, 4), undefined, "a 2-byte send behind it");
    expectMessage(p, id, 1, 1, pattern(5, 1), "a receive freeing 5 bytes");
    await expectPending(s1, "the 8-byte send with 5 bytes free");
    await expectPending(s2, "the 2-byte send, waiting behind the 8-byte one");
    controller.abort();
    await expectRejectsNow(s1, "ECANCELED", "the 8-byte send, once aborted");
    await expectFulfilledNow(s2, "resolved", "the 2-byte send, once the send ahead of it left");
    expectContents(p, id, 2, 7, "the queue: the filler's second message and the 2-byte message");
  });

  for (const restart of [false, true]) {
    const how = restart ? "with restart" : "without restart";

    test("MSG-BLK-6", `a handler ${how} run while msgrcv waits ends it with EINTR, and a message sent afterwards stays queued`, async (t) => {
      const { system, p, id } = await fresh(t);
      const caught = catchSignal(p, SIGUSR1, { restart });
      const r = receiver(p, id, 0, 8);
      await expectPending(r.op, "the receive on an empty queue, before the signal");
      interrupt(system, p, caught, "the receive waits");
      await expectRejectsNow(r.op, "EINTR", `the receive a handler ${how} interrupted`);
      send(p, id, 1, text(1, 2));
      await drain();
      expectBytes(r.buffer, new Uint8Array(8), "the interrupted receive's buffer (left untouched)");
      expectMessage(p, id, 0, 1, text(1, 2), "the message sent after the interruption, still queued");
    }, { requires: SIGNAL });

    test("MSG-BLK-6", `a handler ${how} run while msgsnd waits ends it with EINTR, and its message is never queued`, async (t) => {
      const { system, p, id } = await fresh(t);
      setMaxBytes(p, id, 4);
      send(p, id, 1, pattern(4, 1));
      const caught = catchSignal(p, SIGUSR1, { restart });
      const s = sender(p, id, 2, pattern(3, 2), undefined, "a send into a full queue");
      await expectPending(s, "the send before the signal");
      interrupt(system, p, caught, "the send waits");
      await expectRejectsNow(s, "EINTR", `the send a handler ${how} interrupted`);
      expectMessage(p, id, 0, 1, pattern(4, 1), "the filler");
      await drain();
      expectNoMessage(p, id, 0, "a receive once room appeared (the interrupted send's message must not land)");
      expectContents(p, id, 0, 0, "the queue afterwards");
    }, { requires: SIGNAL });
  }

  test("MSG-BLK-6", "an interrupted msgrcv leaves the line, so the receiver of another process blocked behind it gets the message", async (t) => {
    const { system, p, id } = await fresh(t);
    const other = msgOf(system.spawn(QUEUE_USERS.owner));
    const caught = catchSignal(p, SIGUSR1, { restart: true });
    const r1 = receiver(p, id, 0, 8, undefined, "the first receive, of the process signalled");
    const r2 = receiver(other, id, 0, 8, undefined, "the second receive, of another process");
    await expectPending(r1.op, "the first receive");
    interrupt(system, p, caught, "both receives wait");
    await expectRejectsNow(r1.op, "EINTR", "the first receive, interrupted");
    await expectPending(r2.op, "the other process's receive, which no handler touched");
    send(p, id, 5, text(5));
    await expectReceivedNow(r2, 5, text(5), "the other process's receive");
  }, { requires: SIGNAL });

  test("MSG-BLK-5", "a msgrcv with an already aborted signal rejects with ECANCELED and takes nothing though a message matches", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 1, text(9));
    const controller = new AbortController();
    controller.abort();
    const r = receiver(p, id, 0, 8, { signal: controller.signal });
    await expectRejectsNow(r.op, "ECANCELED", "a receive with an aborted signal");
    expectContents(p, id, 1, 1, "the queue after the aborted receive");
    expectMessage(p, id, 0, 1, text(9), "the message, still there");
  });

  test("MSG-BLK-5", "a msgsnd with an already aborted signal rejects with ECANCELED and queues nothing though it fits", async (t) => {
    const { p, id } = await fresh(t);
    const controller = new AbortController();
    controller.abort();
    const s = sender(p, id, 1, text(1), controller.signal, "a send with an aborted signal");
    await expectRejectsNow(s, "ECANCELED", "a send with an aborted signal into an empty queue");
    expectContents(p, id, 0, 0, "the queue after the aborted send");
    const r = receiver(p, id, 0);
    const s2 = sender(p, id, 2, text(2), controller.signal, "a send with an aborted signal to a blocked receiver");
    await expectRejectsNow(s2, "ECANCELED", "a send with an aborted signal while a receiver waits");
    await expectPending(r.op, "the blocked receiver (nothing was sent)");
  });

  // ----- Non-blocking -------------------------------------------------------

  test("MSG-NB-1", "tryMsgrcv on an empty queue fails with ENOMSG, not EAGAIN", async (t) => {
    const { p, id } = await fresh(t);
    for (const type of [0, 1, -1]) expectNoMessage(p, id, type, `tryMsgrcv of type ${type} on an empty queue`);
  });

  test("MSG-NB-1", "tryMsgrcv with no message of the type asked fails with ENOMSG and takes nothing", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 2, text(2));
    send(p, id, 5, text(5));
    expectNoMessage(p, id, 3, "tryMsgrcv of type 3");
    expectNoMessage(p, id, -1, "tryMsgrcv of type -1");
    expectContents(p, id, 2, 2, "the queue after the failed receives");
  });

  test("MSG-NB-2", "tryMsgsnd into a full queue fails with EAGAIN and queues nothing", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 1, pattern(MSGMAX, 1));
    send(p, id, 1, pattern(MSGMAX, 2));
    expectThrowsCode(() => p.tryMsgsnd(id, 2, text(1)), "EAGAIN", "tryMsgsnd of 1 byte into a queue holding 16384 bytes");
    expectContents(p, id, 2, 2 * MSGMAX, "the queue after the refused send");
    expectNoMessage(p, id, 2, "a receive of the refused message's type");
  });

  test("MSG-NB-2", "tryMsgsnd fails with EAGAIN when its text is one byte more than the room, and fits exactly", async (t) => {
    const { p, id } = await fresh(t);
    setMaxBytes(p, id, 10);
    send(p, id, 1, pattern(6, 1));
    expectThrowsCode(() => p.tryMsgsnd(id, 2, pattern(5, 2)), "EAGAIN", "tryMsgsnd of 5 bytes with 4 free");
    expectContents(p, id, 1, 6, "the queue after the refused send");
    send(p, id, 2, pattern(4, 2), "tryMsgsnd of 4 bytes with 4 free");
    expectContents(p, id, 2, 10, "the full queue");
  });

  test("MSG-NB-3", "tryMsgsnd and tryMsgrcv return synchronously whether they succeed or fail", async (t) => {
    const { p, id } = await fresh(t);
    setMaxBytes(p, id, 1);
    expectEqual(expectSync(p.tryMsgsnd(id, 1, text(1)), "tryMsgsnd that succeeds"), undefined, "what tryMsgsnd returns");
    expectThrowsCode(() => p.tryMsgsnd(id, 1, text(1)), "EAGAIN", "tryMsgsnd into the full queue");
    const received = expectSync(p.tryMsgrcv(id, new Uint8Array(4), 0), "tryMsgrcv that succeeds");
    expectEqual(received.length, 1, "the length tryMsgrcv returns");
    expectThrowsCode(() => p.tryMsgrcv(id, new Uint8Array(4), 0), "ENOMSG", "tryMsgrcv on the empty queue");
  });

  test("MSG-NB-3", "try forms take effect within the call: each sees the previous one's work with no await between", async (t) => {
    const { p, id } = await fresh(t);
    for (let i = 0; i < 5; i++) {
      p.tryMsgsnd(id, 1, text(i));
      const got = p.tryMsgrcv(id, new Uint8Array(1), 1);
      expectEqual(got.length, 1, `round ${i + 1}: the length received at once`);
    }
    expectNoMessage(p, id, 0, "a receive after five rounds");
  });

  // ----- Capacity -------------------------------------------------------------

  test("MSG-CAP-1", "a new queue takes 16384 bytes of text with nobody receiving, and not one byte more", async (t) => {
    const { p, id } = await fresh(t);
    expectEqual(stat(p, id).maxBytes, MSGMNB, "the maxBytes of a new queue");
    send(p, id, 1, pattern(MSGMAX, 1));
    send(p, id, 1, pattern(MSGMAX - 1, 2));
    send(p, id, 1, pattern(1, 3));
    expectContents(p, id, 3, MSGMNB, "the queue holding 16384 bytes");
    expectThrowsCode(() => p.tryMsgsnd(id, 1, text(1)), "EAGAIN", "tryMsgsnd of one more byte");
    expectContents(p, id, 3, MSGMNB, "the queue after the refused byte");
  });

  test("MSG-CAP-1", "a new queue owned by an ordinary user has maxBytes 16384 too", async (t) => {
    const { owner } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x1234, { create: true }), "msgget(0x1234, create)");
    expectEqual(stat(owner, id).maxBytes, MSGMNB, "maxBytes");
  });

  test("MSG-CAP-2", "a queue holds at most maxBytes messages, even when their texts are empty", async (t) => {
    const { p, id } = await fresh(t);
    setMaxBytes(p, id, 5);
    for (let i = 0; i < 5; i++) send(p, id, 1, new Uint8Array(0), `empty message #${i + 1}`);
    expectThrowsCode(() => p.tryMsgsnd(id, 1, new Uint8Array(0)), "EAGAIN", "a sixth empty message with maxBytes 5");
    expectContents(p, id, 5, 0, "the queue of five empty messages");
    recv(p, id, 0);
    send(p, id, 1, new Uint8Array(0), "an empty message once one was received");
  });

  test("MSG-CAP-2", "a new queue takes 16384 empty messages and not one more", async (t) => {
    const { p, id } = await fresh(t);
    const empty = new Uint8Array(0);
    for (let i = 0; i < MSGMNB; i++) p.tryMsgsnd(id, 1, empty);
    expectThrowsCode(() => p.tryMsgsnd(id, 1, empty), "EAGAIN", "empty message #16385");
    expectContents(p, id, MSGMNB, 0, "the queue of 16384 empty messages");
  });

  test("MSG-CAP-2", "the count rule and the byte rule both apply: a message must fit both", async (t) => {
    const { p, id } = await fresh(t);
    setMaxBytes(p, id, 4);
    send(p, id, 1, text(1));
    send(p, id, 1, text(2));
    send(p, id, 1, new Uint8Array(0));
    expectThrowsCode(() => p.tryMsgsnd(id, 1, text(3, 3, 3)), "EAGAIN", "a 3-byte fourth message (2 + 3 bytes > 4: the byte rule)");
    send(p, id, 1, text(3), "a 1-byte fourth message (3 bytes, 4 messages)");
    expectThrowsCode(() => p.tryMsgsnd(id, 1, new Uint8Array(0)), "EAGAIN", "a fifth, empty message (3 bytes fit, but 5 messages > 4: the count rule)");
  });

  test("MSG-CAP-3", "raising maxBytes lets a pending send that now fits proceed at once", async (t) => {
    const { p, id } = await fresh(t);
    setMaxBytes(p, id, 4);
    send(p, id, 1, pattern(4, 1));
    const s = sender(p, id, 2, pattern(4, 2));
    await expectPending(s, "a 4-byte send into a full 4-byte queue");
    setMaxBytes(p, id, 6);
    await expectPending(s, "the send after raising maxBytes to 6 (still too small)");
    setMaxBytes(p, id, 8);
    await expectFulfilledNow(s, "resolved", "the send, once maxBytes was raised to 8");
    expectContents(p, id, 2, 8, "the queue afterwards");
    expectEqual(stat(p, id).maxBytes, 8, "maxBytes reported");
  });

  test("MSG-CAP-3", "root may raise maxBytes above MSGMNB, and the queue then holds that much", async (t) => {
    const { root } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => root.msgget(IPC_PRIVATE), "root's msgget(IPC_PRIVATE)");
    setMaxBytes(root, id, MSGMNB + 100);
    send(root, id, 1, pattern(MSGMAX, 1));
    send(root, id, 1, pattern(MSGMAX, 2));
    send(root, id, 1, pattern(100, 3));
    expectThrowsCode(() => root.tryMsgsnd(id, 1, text(1)), "EAGAIN", "one byte more than the raised maxBytes");
  });

  test("MSG-CAP-3", "cutting maxBytes below what is queued keeps every message, and sends wait until they fit", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 1, pattern(5, 1));
    send(p, id, 2, pattern(5, 2));
    setMaxBytes(p, id, 4);
    expectContents(p, id, 2, 10, "the queue after maxBytes was cut to 4");
    expectThrowsCode(() => p.tryMsgsnd(id, 3, text(1)), "EAGAIN", "tryMsgsnd of 1 byte over the new limit");
    const s = sender(p, id, 3, text(3));
    await expectPending(s, "a 1-byte send over the new limit");
    expectMessage(p, id, 1, 1, pattern(5, 1), "the first message");
    await expectPending(s, "the send with 5 bytes queued and maxBytes 4");
    expectMessage(p, id, 2, 2, pattern(5, 2), "the second message");
    await expectFulfilledNow(s, "resolved", "the send, once the queue drained below the limit");
  });

  // ----- Errors ---------------------------------------------------------------

  test("MSG-ERR-1", "a type that is not a positive safe integer fails with EINVAL and sends nothing", async (t) => {
    const { p, id } = await fresh(t);
    const bad = [
      { label: "0", value: 0 },
      { label: "-1", value: -1 },
      { label: "-0.5", value: -0.5 },
      ...notSafeIntegers(),
    ];
    for (const { label, value } of bad) {
      expectThrowsCode(() => loose(p.tryMsgsnd.bind(p))(id, value, text(1)), "EINVAL", `tryMsgsnd with type ${label}`);
      await expectRejectsNow(() => loose(p.msgsnd.bind(p))(id, value, text(1)), "EINVAL", `msgsnd with type ${label}`);
    }
    expectContents(p, id, 0, 0, "the queue after the refused sends");
  });

  test("MSG-ERR-1", "the largest safe integer is a valid type", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, Number.MAX_SAFE_INTEGER, text(1));
    send(p, id, 1, text(2));
    expectMessage(p, id, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, text(1), "a receive of type 2^53 - 1");
    expectMessage(p, id, -Number.MAX_SAFE_INTEGER, 1, text(2), "a receive of type -(2^53 - 1)");
  });

  test("MSG-ERR-2", "texts of 0 and of MSGMAX bytes are sent, and one of MSGMAX + 1 bytes fails with EINVAL", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 1, new Uint8Array(0), "tryMsgsnd of an empty text");
    send(p, id, 2, pattern(MSGMAX, 2), "tryMsgsnd of MSGMAX bytes");
    expectThrowsCode(() => p.tryMsgsnd(id, 3, new Uint8Array(MSGMAX + 1)), "EINVAL", "tryMsgsnd of MSGMAX + 1 bytes");
    await expectRejectsNow(() => p.msgsnd(id, 3, new Uint8Array(MSGMAX + 1)), "EINVAL", "msgsnd of MSGMAX + 1 bytes");
    expectContents(p, id, 2, MSGMAX, "the queue");
    expectMessage(p, id, 1, 1, new Uint8Array(0), "the empty message");
    expectMessage(p, id, 2, 2, pattern(MSGMAX, 2), "the MSGMAX-byte message");
  });

  test("MSG-ERR-2", "an empty message is received with length 0 and its type, into an empty buffer too", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 4, new Uint8Array(0));
    const received = expectReturns(() => p.tryMsgrcv(id, new Uint8Array(0), 4), "tryMsgrcv into a zero-length buffer");
    expectEqual(received.type, 4, "the type");
    expectEqual(received.length, 0, "the length");
    await expectFulfilledNow(sender(p, id, 5, new Uint8Array(0)), "resolved", "msgsnd of an empty text");
    expectContents(p, id, 1, 0, "one empty message");
  });

  test("MSG-ERR-3", "a tryMsgrcv with a buffer shorter than the text fails with E2BIG and the message stays in its place", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 1, pattern(5, 1));
    send(p, id, 1, pattern(1, 2));
    const short = new Uint8Array(4);
    expectThrowsCode(() => p.tryMsgrcv(id, short, 0), "E2BIG", "tryMsgrcv of a 5-byte text into 4 bytes");
    expectThrowsCode(() => p.tryMsgrcv(id, short, 1), "E2BIG", "tryMsgrcv of type 1 into 4 bytes");
    expectContents(p, id, 2, 6, "the queue after E2BIG");
    expectMessage(p, id, 0, 1, pattern(5, 1), "the oldest message, still first");
  });

  test("MSG-ERR-3", "a msgrcv that finds a text longer than its buffer rejects with E2BIG and takes nothing", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 1, pattern(9, 1));
    const r = receiver(p, id, 0, 8);
    await expectRejectsNow(r.op, "E2BIG", "msgrcv of a 9-byte text into 8 bytes");
    expectContents(p, id, 1, 9, "the queue after E2BIG");
  });

  test("MSG-ERR-3", "a blocked receiver woken by a text longer than its buffer fails with E2BIG, and the message goes to the next", async (t) => {
    const { p, id } = await fresh(t);
    const small = receiver(p, id, 0, 2, undefined, "a blocked receive with a 2-byte buffer");
    const large = receiver(p, id, 0, 16, undefined, "a blocked receive with a 16-byte buffer");
    await expectPending(large.op, "the second receive on an empty queue");
    send(p, id, 6, pattern(5, 6));
    await expectRejectsNow(small.op, "E2BIG", "the receive with the 2-byte buffer");
    await expectReceivedNow(large, 6, pattern(5, 6), "the receive with the 16-byte buffer");
  });

  test("MSG-ERR-3", "a blocked receiver woken by a text longer than its buffer fails with E2BIG, and the message is queued", async (t) => {
    const { p, id } = await fresh(t);
    const small = receiver(p, id, 0, 2, undefined, "a blocked receive with a 2-byte buffer");
    await expectPending(small.op, "the receive on an empty queue");
    send(p, id, 6, pattern(5, 6));
    await expectRejectsNow(small.op, "E2BIG", "the receive with the 2-byte buffer");
    expectMessage(p, id, 6, 6, pattern(5, 6), "the message, queued");
  });

  test("MSG-ERR-4", "with noerror a longer text is cut to the buffer, the message removed, and the length counts the bytes copied", async (t) => {
    const { p, id } = await fresh(t);
    const data = pattern(10, 4);
    send(p, id, 1, data);
    send(p, id, 1, pattern(3, 5));
    const got = recv(p, id, 0, 4, { noerror: true }, "tryMsgrcv of a 10-byte text into 4 bytes with noerror");
    expectEqual(got.type, 1, "the type");
    expectBytes(got.text, data.subarray(0, 4), "the first 4 bytes of the text");
    expectContents(p, id, 1, 3, "the queue: the cut message is gone, the rest of its text with it");
    expectMessage(p, id, 0, 1, pattern(3, 5), "the next message, whole");
  });

  test("MSG-ERR-4", "with noerror a blocked receiver gets the text cut to its buffer", async (t) => {
    const { p, id } = await fresh(t);
    const r = receiver(p, id, 2, 3, { noerror: true }, "a blocked msgrcv with a 3-byte buffer and noerror");
    await expectPending(r.op, "the receive on an empty queue");
    const data = pattern(8, 2);
    send(p, id, 2, data);
    await expectReceivedNow(r, 2, data.subarray(0, 3), "the receive, once an 8-byte text arrived");
    expectContents(p, id, 0, 0, "the queue: nothing of the message is left");
  });

  test("MSG-ERR-4", "with noerror a text that fits is received whole, and an empty buffer takes a message with length 0", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 1, pattern(3, 1));
    send(p, id, 2, pattern(3, 2));
    const whole = recv(p, id, 1, 8, { noerror: true }, "tryMsgrcv with noerror of a text that fits");
    expectBytes(whole.text, pattern(3, 1), "the whole text");
    const none = recv(p, id, 2, 0, { noerror: true }, "tryMsgrcv with noerror into an empty buffer");
    expectEqual(none.text.length, 0, "the length copied into an empty buffer");
    expectContents(p, id, 0, 0, "the queue: both messages removed");
  });

  test("MSG-ERR-5", "identifiers that name no queue fail with EINVAL in every call", async (t) => {
    const { p, id } = await fresh(t);
    for (const bad of [id + 1, id + 1000, 0, -1, -id]) {
      if (bad === id) continue;
      const what = (call: string): string => `${call} of identifier ${bad} (the only queue is ${id})`;
      expectThrowsCode(() => p.tryMsgsnd(bad, 1, text(1)), "EINVAL", what("tryMsgsnd"));
      expectThrowsCode(() => p.tryMsgrcv(bad, new Uint8Array(1), 0), "EINVAL", what("tryMsgrcv"));
      await expectRejectsNow(() => p.msgsnd(bad, 1, text(1)), "EINVAL", what("msgsnd"));
      await expectRejectsNow(() => p.msgrcv(bad, new Uint8Array(1), 0), "EINVAL", what("msgrcv"));
      expectThrowsCode(() => p.msgctl(bad, "stat"), "EINVAL", what("msgctl stat"));
      expectThrowsCode(() => p.msgctl(bad, "set", { mode: 0o666 }), "EINVAL", what("msgctl set"));
      expectThrowsCode(() => p.msgctl(bad, "remove"), "EINVAL", what("msgctl remove"));
    }
    expectContents(p, id, 0, 0, "the real queue, untouched");
  });

  test("MSG-ERR-5", "a removed queue's identifier fails with EINVAL in every call afterwards", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 1, text(1));
    expectReturns(() => p.msgctl(id, "remove"), "msgctl remove");
    expectThrowsCode(() => p.tryMsgsnd(id, 1, text(1)), "EINVAL", "tryMsgsnd after remove");
    expectThrowsCode(() => p.tryMsgrcv(id, new Uint8Array(1), 0), "EINVAL", "tryMsgrcv after remove");
    await expectRejectsNow(() => p.msgsnd(id, 1, text(1)), "EINVAL", "msgsnd after remove");
    await expectRejectsNow(() => p.msgrcv(id, new Uint8Array(1), 0), "EINVAL", "msgrcv after remove");
    expectThrowsCode(() => p.msgctl(id, "stat"), "EINVAL", "msgctl stat after remove");
    expectThrowsCode(() => p.msgctl(id, "remove"), "EINVAL", "a second msgctl remove");
  });

  test("MSG-ERR-6", "msgget of a key no queue has fails with ENOENT without create, and creates nothing", async (t) => {
    const { owner, other } = await users(t, QUEUE_USERS, msgOf);
    expectThrowsCode(() => owner.msgget(0x4242), "ENOENT", "msgget(0x4242) without create");
    expectThrowsCode(() => owner.msgget(0x4242, { mode: 0o666 }), "ENOENT", "msgget(0x4242) with a mode but no create");
    expectThrowsCode(() => other.msgget(0x4242, { create: false }), "ENOENT", "msgget(0x4242) with create false");
    const id = expectReturns(() => owner.msgget(0x4242, { create: true, exclusive: true }), "msgget(0x4242, create, exclusive) afterwards");
    expectTrue(id > 0, "the identifier", "a positive integer", String(id));
  });

  test("MSG-ERR-6", "msgget with create and exclusive of a key a queue has fails with EEXIST, for its owner and root alike", async (t) => {
    const { owner, root } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x77, { create: true, exclusive: true }), "the first msgget(0x77, create, exclusive)");
    send(owner, id, 1, text(1));
    expectThrowsCode(() => owner.msgget(0x77, { create: true, exclusive: true }), "EEXIST", "the owner's second msgget(0x77, create, exclusive)");
    expectThrowsCode(() => root.msgget(0x77, { create: true, exclusive: true }), "EEXIST", "root's msgget(0x77, create, exclusive)");
    expectEqual(expectReturns(() => owner.msgget(0x77, { create: true }), "msgget(0x77, create)"), id, "msgget with create but not exclusive");
    expectContents(owner, id, 1, 1, "the queue, untouched by the refused calls");
  });

  test("MSG-ERR-7", "msgget with a key that is not a non-negative safe integer fails with EINVAL and creates nothing", async (t) => {
    const { owner } = await users(t, QUEUE_USERS, msgOf);
    const bad = [{ label: "-1", value: -1 }, { label: "-7", value: -7 }, ...notSafeIntegers()];
    for (const { label, value } of bad) {
      expectThrowsCode(() => loose(owner.msgget.bind(owner))(value, { create: true }), "EINVAL", `msgget with key ${label}`);
    }
    expectThrowsCode(() => owner.msgget(1), "ENOENT", "msgget(1) afterwards: no queue was made for a key like 1");
  });

  test("MSG-ERR-7", "msgget with a bad mode, flag or options fails with EINVAL and creates nothing", async (t) => {
    const { owner } = await users(t, QUEUE_USERS, msgOf);
    const bad: { label: string; value: unknown }[] = [
      { label: "mode -1", value: { create: true, mode: -1 } },
      { label: "mode 0o1000", value: { create: true, mode: 0o1000 } },
      { label: "mode 1.5", value: { create: true, mode: 1.5 } },
      { label: "mode '600'", value: { create: true, mode: "600" } },
      { label: "create 'yes'", value: { create: "yes" } },
      { label: "create 1", value: { create: 1 } },
      { label: "exclusive 1", value: { create: true, exclusive: 1 } },
      { label: "options 'create'", value: "create" },
      { label: "options null", value: null },
      { label: "options 5", value: 5 },
    ];
    for (const { label, value } of bad) {
      expectThrowsCode(() => loose(owner.msgget.bind(owner))(0x99, value), "EINVAL", `msgget(0x99) with ${label}`);
      expectThrowsCode(() => loose(owner.msgget.bind(owner))(IPC_PRIVATE, value), "EINVAL", `msgget(IPC_PRIVATE) with ${label}`);
    }
    expectThrowsCode(() => owner.msgget(0x99), "ENOENT", "msgget(0x99) afterwards: nothing was created");
  });

  test("MSG-ERR-7", "msgget with exclusive but not create fails with EINVAL, whether or not the key has a queue", async (t) => {
    const { owner } = await users(t, QUEUE_USERS, msgOf);
    expectThrowsCode(() => owner.msgget(0x55, { exclusive: true }), "EINVAL", "msgget(0x55, exclusive) with no queue");
    expectReturns(() => owner.msgget(0x55, { create: true }), "msgget(0x55, create)");
    expectThrowsCode(() => owner.msgget(0x55, { exclusive: true }), "EINVAL", "msgget(0x55, exclusive) with a queue");
    expectThrowsCode(() => owner.msgget(0x55, { create: false, exclusive: true }), "EINVAL", "msgget(0x55, create false, exclusive)");
  });

  test("MSG-ERR-8", "msgsnd and tryMsgsnd with a bad identifier, data or options fail with EINVAL and send nothing", async (t) => {
    const { p, id } = await fresh(t);
    const trySend = loose(p.tryMsgsnd.bind(p));
    const blockingSend = loose(p.msgsnd.bind(p));
    for (const { label, value } of notSafeIntegers()) {
      expectThrowsCode(() => trySend(value, 1, text(1)), "EINVAL", `tryMsgsnd with identifier ${label}`);
      await expectRejectsNow(() => blockingSend(value, 1, text(1)), "EINVAL", `msgsnd with identifier ${label}`);
    }
    for (const { label, value } of notByteArrays(4, ["a number", "an Int8Array", "an array-like object"])) {
      expectThrowsCode(() => trySend(id, 1, value), "EINVAL", `tryMsgsnd of ${label}`);
      await expectRejectsNow(() => blockingSend(id, 1, value), "EINVAL", `msgsnd of ${label}`);
    }
    for (const { label, value } of [
      { label: "options 'x'", value: "x" },
      { label: "options null", value: null },
      { label: "a signal that is a string", value: { signal: "abort" } },
      { label: "a signal that is a plain object", value: { signal: { aborted: false } } },
    ]) {
      await expectRejectsNow(() => blockingSend(id, 1, text(1), value), "EINVAL", `msgsnd with ${label}`);
    }
    expectContents(p, id, 0, 0, "the queue after the refused sends");
  });

  test("MSG-ERR-8", "msgrcv and tryMsgrcv with a bad identifier, buffer, type or options fail with EINVAL and take nothing", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 1, text(1));
    const tryReceive = loose(p.tryMsgrcv.bind(p));
    const blockingReceive = loose(p.msgrcv.bind(p));
    for (const { label, value } of notSafeIntegers()) {
      expectThrowsCode(() => tryReceive(value, new Uint8Array(4), 0), "EINVAL", `tryMsgrcv with identifier ${label}`);
      expectThrowsCode(() => tryReceive(id, new Uint8Array(4), value), "EINVAL", `tryMsgrcv with type ${label}`);
      await expectRejectsNow(() => blockingReceive(id, new Uint8Array(4), value), "EINVAL", `msgrcv with type ${label}`);
    }
    for (const { label, value } of notByteArrays(4, ["a number", "an Int8Array", "an array-like object"])) {
      expectThrowsCode(() => tryReceive(id, value, 0), "EINVAL", `tryMsgrcv into ${label}`);
      await expectRejectsNow(() => blockingReceive(id, value, 0), "EINVAL", `msgrcv into ${label}`);
    }
    for (const { label, value } of [
      { label: "options 'x'", value: "x" },
      { label: "options null", value: null },
      { label: "noerror 'yes'", value: { noerror: "yes" } },
      { label: "except 1", value: { except: 1 } },
    ]) {
      expectThrowsCode(() => tryReceive(id, new Uint8Array(4), 1, value), "EINVAL", `tryMsgrcv with ${label}`);
      await expectRejectsNow(() => blockingReceive(id, new Uint8Array(4), 1, value), "EINVAL", `msgrcv with ${label}`);
    }
    await expectRejectsNow(() => blockingReceive(id, new Uint8Array(4), 1, { signal: 5 }), "EINVAL", "msgrcv with a signal that is a number");
    expectContents(p, id, 1, 1, "the queue after the refused receives");
  });

  test("MSG-ERR-8", "except with a type of 0 or below fails with EINVAL and takes nothing", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 1, text(1));
    for (const type of [0, -1, -5]) {
      expectThrowsCode(() => p.tryMsgrcv(id, new Uint8Array(4), type, { except: true }), "EINVAL", `tryMsgrcv of type ${type} with except`);
      await expectRejectsNow(() => p.msgrcv(id, new Uint8Array(4), type, { except: true }), "EINVAL", `msgrcv of type ${type} with except`);
    }
    expectContents(p, id, 1, 1, "the queue after the refused receives");
  });

  test("MSG-ERR-9", "msgctl with an unknown command fails with EINVAL", async (t) => {
    const { p, id } = await fresh(t);
    const control = loose(p.msgctl.bind(p));
    for (const command of ["STAT", "rm", "IPC_RMID", "", 0, undefined, null]) {
      expectThrowsCode(() => control(id, command), "EINVAL", `msgctl with command ${describeValue(command)}`);
    }
    expectContents(p, id, 0, 0, "the queue, still there");
  });

  test("MSG-ERR-9", "msgctl set without changes or with a bad field fails with EINVAL and changes nothing", async (t) => {
    const { p, id } = await fresh(t);
    const control = loose(p.msgctl.bind(p));
    const before = stat(p, id, "stat before");
    const bad: { label: string; value: unknown }[] = [
      { label: "no changes", value: undefined },
      { label: "changes null", value: null },
      { label: "changes 'x'", value: "x" },
      { label: "uid -1", value: { uid: -1 } },
      { label: "gid 1.5", value: { gid: 1.5 } },
      { label: "mode 0o1000", value: { mode: 0o1000 } },
      { label: "mode '644'", value: { mode: "644" } },
      { label: "maxBytes -1", value: { maxBytes: -1 } },
      { label: "maxBytes NaN", value: { maxBytes: Number.NaN } },
      { label: "a good uid with a bad mode", value: { uid: 1001, mode: -1 } },
      { label: "a good maxBytes with a bad gid", value: { maxBytes: 10, gid: "100" } },
    ];
    for (const { label, value } of bad) {
      expectThrowsCode(() => control(id, "set", value), "EINVAL", `msgctl set with ${label}`);
    }
    const after = stat(p, id, "stat after");
    for (const field of ["uid", "gid", "mode", "maxBytes"] as const) {
      expectEqual(after[field], before[field], `${field} after the refused sets`);
    }
  });

  test("MSG-ERR-9", "changes given to stat or remove fail with EINVAL, and the queue stays", async (t) => {
    const { p, id } = await fresh(t);
    const control = loose(p.msgctl.bind(p));
    expectThrowsCode(() => control(id, "stat", { mode: 0o666 }), "EINVAL", "msgctl stat with changes");
    expectThrowsCode(() => control(id, "remove", {}), "EINVAL", "msgctl remove with changes");
    expectEqual(stat(p, id).mode, 0o600, "the mode, unchanged");
  });

  // ----- Permissions ----------------------------------------------------------

  test("MSG-PERM-1", "sending needs write permission: the owner, a group member and others as the mode says, root always", async (t) => {
    const { owner, member, other, root } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x100, { create: true, mode: 0o620 }), "msgget(0x100, create, mode 0o620)");
    send(owner, id, 1, text(1), "the owner's tryMsgsnd (rw-)");
    send(member, id, 2, text(2), "a group member's tryMsgsnd (-w-)");
    expectThrowsCode(() => other.tryMsgsnd(id, 3, text(3)), "EACCES", "another user's tryMsgsnd (---)");
    await expectRejectsNow(() => other.msgsnd(id, 3, text(3)), "EACCES", "another user's msgsnd (---)");
    send(root, id, 4, text(4), "root's tryMsgsnd");
    expectContents(owner, id, 3, 3, "the queue: three messages, none from the other user");
  });

  test("MSG-PERM-1", "only the first matching class counts: an owner without write bits may not send though others may", async (t) => {
    const { owner, member, other } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x101, { create: true, mode: 0o462 }), "msgget(0x101, create, mode 0o462)");
    expectThrowsCode(() => owner.tryMsgsnd(id, 1, text(1)), "EACCES", "the owner's tryMsgsnd (r--)");
    send(member, id, 2, text(2), "a group member's tryMsgsnd (rw-)");
    send(other, id, 3, text(3), "another user's tryMsgsnd (-w-)");
    const blocked = sender(owner, id, 1, text(1), undefined, "the owner's msgsnd (r--)");
    await expectRejectsNow(blocked, "EACCES", "the owner's msgsnd (r--)");
    expectContents(member, id, 2, 2, "the queue");
  });

  test("MSG-PERM-2", "receiving needs read permission: the owner, a group member and others as the mode says, root always", async (t) => {
    const { owner, member, other, root } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x200, { create: true, mode: 0o640 }), "msgget(0x200, create, mode 0o640)");
    for (let i = 0; i < 3; i++) send(owner, id, 1, text(i));
    expectThrowsCode(() => other.tryMsgrcv(id, new Uint8Array(4), 0), "EACCES", "another user's tryMsgrcv (---)");
    await expectRejectsNow(() => other.msgrcv(id, new Uint8Array(4), 0), "EACCES", "another user's msgrcv (---)");
    expectContents(owner, id, 3, 3, "the queue after the refused receives");
    expectMessage(owner, id, 0, 1, text(0), "the owner's receive (rw-)");
    expectMessage(member, id, 0, 1, text(1), "a group member's receive (r--)");
    expectMessage(root, id, 0, 1, text(2), "root's receive");
  });

  test("MSG-PERM-2", "a group member with write but not read permission may send but not receive", async (t) => {
    const { owner, member } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x201, { create: true, mode: 0o620 }), "msgget(0x201, create, mode 0o620)");
    send(member, id, 1, text(1), "the group member's tryMsgsnd");
    expectThrowsCode(() => member.tryMsgrcv(id, new Uint8Array(4), 0), "EACCES", "the group member's tryMsgrcv");
    const blocked = receiver(member, id, 5, 4, undefined, "the group member's msgrcv of a type not queued");
    await expectRejectsNow(blocked.op, "EACCES", "the group member's msgrcv (EACCES, not a wait)");
    expectMessage(owner, id, 0, 1, text(1), "the owner's receive");
  });

  test("MSG-PERM-3", "msgget of an existing queue admits read or write permission and refuses neither", async (t) => {
    const { owner, member, other, root } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x300, { create: true, mode: 0o640 }), "msgget(0x300, create, mode 0o640)");
    expectEqual(expectReturns(() => member.msgget(0x300), "a group member's msgget (r--)"), id, "the identifier the group member gets");
    expectThrowsCode(() => other.msgget(0x300), "EACCES", "another user's msgget (---)");
    expectThrowsCode(() => other.msgget(0x300, { create: true }), "EACCES", "another user's msgget with create (---)");
    expectEqual(expectReturns(() => root.msgget(0x300), "root's msgget"), id, "the identifier root gets");
    const writeOnly = expectReturns(() => owner.msgget(0x301, { create: true, mode: 0o602 }), "msgget(0x301, create, mode 0o602)");
    expectEqual(expectReturns(() => other.msgget(0x301), "another user's msgget of a 0o602 queue (-w-)"), writeOnly, "the identifier");
  });

  test("MSG-PERM-3", "msgget refuses the owner of a queue whose owner bits grant nothing, and admits root", async (t) => {
    const { owner, member, root } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x302, { create: true, mode: 0o077 }), "msgget(0x302, create, mode 0o077)");
    expectThrowsCode(() => owner.msgget(0x302), "EACCES", "the owner's msgget (---)");
    expectEqual(expectReturns(() => member.msgget(0x302), "a group member's msgget (rwx)"), id, "the group member's identifier");
    expectEqual(expectReturns(() => root.msgget(0x302), "root's msgget"), id, "root's identifier");
  });

  test("MSG-PERM-4", "msgctl stat needs read permission", async (t) => {
    const { owner, member, other, root } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x400, { create: true, mode: 0o624 }), "msgget(0x400, create, mode 0o624)");
    stat(owner, id, "the owner's stat (rw-)");
    expectThrowsCode(() => member.msgctl(id, "stat"), "EACCES", "a group member's stat (-w-)");
    stat(other, id, "another user's stat (r--)");
    stat(root, id, "root's stat");
    expectReturns(() => owner.msgctl(id, "set", { mode: 0o200 }), "msgctl set mode 0o200");
    expectThrowsCode(() => owner.msgctl(id, "stat"), "EACCES", "the owner's stat (-w-)");
    expectEqual(stat(root, id, "root's stat").mode, 0o200, "the mode root reads");
  });

  test("MSG-PERM-5", "set and remove succeed only for the owner, the creator or root", async (t) => {
    const { system, owner, member, other, root } = await users(t, QUEUE_USERS, msgOf);
    const newOwner = msgOf(system.spawn({ uid: 2000, gid: 2000 }));
    const id = expectReturns(() => owner.msgget(0x500, { create: true, mode: 0o666 }), "msgget(0x500, create, mode 0o666)");
    expectReturns(() => owner.msgctl(id, "set", { uid: 2000 }), "the creator's set of the owner to uid 2000");
    for (const [who, p] of [["a group member", member], ["another user", other]] as const) {
      expectThrowsCode(() => p.msgctl(id, "set", { mode: 0o600 }), "EPERM", `${who}'s set`);
      expectThrowsCode(() => p.msgctl(id, "remove"), "EPERM", `${who}'s remove`);
    }
    const state = stat(root, id, "root's stat after the refused calls");
    expectEqual(state.mode, 0o666, "the mode, unchanged");
    expectEqual(state.uid, 2000, "the owner");
    expectReturns(() => newOwner.msgctl(id, "set", { mode: 0o644 }), "the new owner's set");
    expectReturns(() => owner.msgctl(id, "set", { mode: 0o640 }), "the creator's set, no longer the owner");
    expectReturns(() => root.msgctl(id, "set", { mode: 0o660 }), "root's set");
    expectReturns(() => newOwner.msgctl(id, "remove"), "the new owner's remove");
    expectThrowsCode(() => root.msgctl(id, "stat"), "EINVAL", "stat after the remove");
  });

  test("MSG-PERM-5", "the creator and root may remove, and permission bits grant no control", async (t) => {
    const { owner, member, root } = await users(t, QUEUE_USERS, msgOf);
    const a = expectReturns(() => owner.msgget(0x501, { create: true, mode: 0o666 }), "msgget(0x501, create, mode 0o666)");
    expectReturns(() => owner.msgctl(a, "set", { uid: 1001 }), "the creator hands the queue to uid 1001");
    expectReturns(() => owner.msgctl(a, "remove"), "the creator's remove");
    const b = expectReturns(() => owner.msgget(0x502, { create: true, mode: 0o666 }), "msgget(0x502, create, mode 0o666)");
    expectThrowsCode(() => member.msgctl(b, "remove"), "EPERM", "a group member's remove of a 0o666 queue");
    expectReturns(() => root.msgctl(b, "remove"), "root's remove");
    expectThrowsCode(() => owner.msgget(0x502), "ENOENT", "msgget(0x502) after root removed it");
  });

  test("MSG-PERM-6", "setting maxBytes above MSGMNB fails with EPERM for the owner and changes nothing, and root may", async (t) => {
    const { owner, root } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x600, { create: true }), "msgget(0x600, create)");
    expectThrowsCode(() => owner.msgctl(id, "set", { maxBytes: MSGMNB + 1, mode: 0o644 }), "EPERM", "the owner's set of maxBytes MSGMNB + 1");
    const state = stat(owner, id);
    expectEqual(state.maxBytes, MSGMNB, "maxBytes after the refused set");
    expectEqual(state.mode, 0o600, "the mode after the refused set (nothing changes)");
    expectReturns(() => owner.msgctl(id, "set", { maxBytes: MSGMNB }), "the owner's set of maxBytes MSGMNB");
    expectReturns(() => owner.msgctl(id, "set", { maxBytes: 100 }), "the owner's set of maxBytes 100");
    expectReturns(() => root.msgctl(id, "set", { maxBytes: MSGMNB * 4 }), "root's set of maxBytes 4 * MSGMNB");
    expectEqual(stat(owner, id).maxBytes, MSGMNB * 4, "maxBytes after root's set");
  });

  test("MSG-PERM-6", "after root raised maxBytes the owner may lower it, but not set it above MSGMNB again", async (t) => {
    const { owner, root } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x601, { create: true }), "msgget(0x601, create)");
    expectReturns(() => root.msgctl(id, "set", { maxBytes: MSGMNB * 2 }), "root's set of maxBytes 2 * MSGMNB");
    expectThrowsCode(() => owner.msgctl(id, "set", { maxBytes: MSGMNB * 2 }), "EPERM", "the owner's set of the same maxBytes");
    expectReturns(() => owner.msgctl(id, "set", { maxBytes: 10 }), "the owner's set of maxBytes 10");
    expectEqual(stat(owner, id).maxBytes, 10, "maxBytes");
  });

  test("MSG-PERM-7", "a new queue belongs to its creator with exactly the mode asked, the default umask not applying", async (t) => {
    const { owner } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x700, { create: true, mode: 0o666 }), "msgget(0x700, create, mode 0o666)");
    const state = stat(owner, id);
    expectEqual(state.mode, 0o666, "the mode (a umask of 0o022 would have made it 0o644)");
    expectEqual(state.uid, 1000, "the owner's uid");
    expectEqual(state.gid, 100, "the owner's gid");
    expectEqual(state.cuid, 1000, "the creator's uid");
    expectEqual(state.cgid, 100, "the creator's gid");
    const priv = expectReturns(() => owner.msgget(IPC_PRIVATE, { mode: 0o777 }), "msgget(IPC_PRIVATE, mode 0o777)");
    expectEqual(stat(owner, priv).mode, 0o777, "the mode of a private queue asked 0o777");
  });

  test("MSG-PERM-7", "a queue created without a mode gets 0o600, and a mode of 0 is kept as 0", async (t) => {
    const { owner, root } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x701, { create: true }), "msgget(0x701, create)");
    expectEqual(stat(owner, id).mode, 0o600, "the default mode");
    const none = expectReturns(() => owner.msgget(IPC_PRIVATE, { mode: 0 }), "msgget(IPC_PRIVATE, mode 0)");
    expectEqual(stat(root, none).mode, 0, "the mode of a queue asked 0");
  });

  test("MSG-PERM-7", "a umask of 0o077 does not change the mode of a new queue", async (t) => {
    const { owner } = await users(t, QUEUE_USERS, msgOf);
    const umask = owner.umask;
    expectTrue(typeof umask === "function", "the process's umask", "a method (the umask feature is declared)", describeValue(umask));
    umask.call(owner, 0o077);
    const id = expectReturns(() => owner.msgget(0x702, { create: true, mode: 0o644 }), "msgget(0x702, create, mode 0o644) with umask 0o077");
    expectEqual(stat(owner, id).mode, 0o644, "the mode");
  }, { requires: ["process.umask"] });

  test("MSG-PERM-8", "after set changes the owner, the new owner's bits decide and the creator is just another user", async (t) => {
    const { system, owner } = await users(t, QUEUE_USERS, msgOf);
    const heir = msgOf(system.spawn({ uid: 2000, gid: 200 }));
    const id = expectReturns(() => owner.msgget(0x800, { create: true, mode: 0o600 }), "msgget(0x800, create, mode 0o600)");
    expectReturns(() => owner.msgctl(id, "set", { uid: 2000, gid: 200 }), "the creator hands the queue to uid 2000, group 200");
    send(heir, id, 1, text(1), "the new owner's tryMsgsnd");
    expectThrowsCode(() => owner.tryMsgsnd(id, 1, text(2)), "EACCES", "the creator's tryMsgsnd, now under the other bits (---)");
    expectThrowsCode(() => owner.tryMsgrcv(id, new Uint8Array(4), 0), "EACCES", "the creator's tryMsgrcv (---)");
    expectReturns(() => owner.msgctl(id, "set", { mode: 0o606 }), "the creator's set of mode 0o606 (creators keep control)");
    send(owner, id, 1, text(3), "the creator's tryMsgsnd under the other bits (rw-)");
    expectContents(heir, id, 2, 2, "the queue");
  });

  test("MSG-PERM-8", "after set changes the mode, the new bits decide a group member's access", async (t) => {
    const { owner, member } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x801, { create: true, mode: 0o600 }), "msgget(0x801, create, mode 0o600)");
    expectThrowsCode(() => member.tryMsgsnd(id, 1, text(1)), "EACCES", "a group member's tryMsgsnd (---)");
    expectReturns(() => owner.msgctl(id, "set", { mode: 0o660 }), "msgctl set mode 0o660");
    send(member, id, 1, text(1), "a group member's tryMsgsnd (rw-)");
    expectReturns(() => owner.msgctl(id, "set", { gid: 999 }), "msgctl set gid 999");
    expectThrowsCode(() => member.tryMsgrcv(id, new Uint8Array(4), 0), "EACCES", "the former group member's tryMsgrcv (---)");
  });

  test("MSG-PERM-9", "a set that takes away a blocked receiver's read permission ends it with EACCES, while others keep waiting", async (t) => {
    const { owner, member } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x900, { create: true, mode: 0o660 }), "msgget(0x900, create, mode 0o660)");
    const theirs = receiver(member, id, 1, 8, undefined, "a group member's blocked msgrcv");
    const mine = receiver(owner, id, 1, 8, undefined, "the owner's blocked msgrcv");
    await expectPending(theirs.op, "the group member's receive");
    expectReturns(() => owner.msgctl(id, "set", { mode: 0o620 }), "msgctl set mode 0o620 (group loses read)");
    await expectRejectsNow(theirs.op, "EACCES", "the group member's receive, once read permission was taken away");
    await expectPending(mine.op, "the owner's receive, which kept its permission");
    send(owner, id, 1, text(1));
    await expectReceivedNow(mine, 1, text(1), "the owner's receive");
  });

  test("MSG-PERM-9", "a set that takes away a blocked sender's write permission ends it with EACCES, and its message is never queued", async (t) => {
    const { owner, member } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x901, { create: true, mode: 0o660 }), "msgget(0x901, create, mode 0o660)");
    setMaxBytes(owner, id, 1);
    send(owner, id, 1, text(1));
    const theirs = sender(member, id, 2, text(2), undefined, "a group member's blocked msgsnd");
    const mine = sender(owner, id, 3, text(3), undefined, "the owner's blocked msgsnd");
    await expectPending(theirs, "the group member's send into a full queue");
    expectReturns(() => owner.msgctl(id, "set", { mode: 0o640 }), "msgctl set mode 0o640 (group loses write)");
    await expectRejectsNow(theirs, "EACCES", "the group member's send, once write permission was taken away");
    await expectPending(mine, "the owner's send, which kept its permission");
    expectMessage(owner, id, 0, 1, text(1), "the filler");
    await expectFulfilledNow(mine, "resolved", "the owner's send");
    expectMessage(owner, id, 0, 3, text(3), "the owner's message");
    expectNoMessage(owner, id, 0, "a receive: the group member's message never landed");
  });

  // ----- Lifecycle ------------------------------------------------------------

  test("MSG-LIFE-1", "msgget with create makes a queue for a free key, and later calls of the key return the same identifier", async (t) => {
    const { owner, member, root } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0xabc, { create: true, mode: 0o660 }), "msgget(0xabc, create)");
    expectTrue(Number.isSafeInteger(id) && id > 0, "the identifier", "a positive integer", describeValue(id));
    expectEqual(expectReturns(() => owner.msgget(0xabc), "msgget(0xabc)"), id, "msgget without create");
    expectEqual(expectReturns(() => owner.msgget(0xabc, { create: true }), "msgget(0xabc, create) again"), id, "msgget with create again");
    expectEqual(expectReturns(() => member.msgget(0xabc), "a group member's msgget(0xabc)"), id, "another process's msgget");
    expectEqual(expectReturns(() => root.msgget(0xabc, { create: true, mode: 0o600 }), "root's msgget(0xabc, create)"), id, "root's msgget");
    send(member, id, 1, text(1));
    expectMessage(owner, id, 0, 1, text(1), "the owner's receive of the group member's message");
    expectEqual(stat(owner, id).mode, 0o660, "the mode (a later create does not change it)");
  });

  test("MSG-LIFE-1", "different keys name different queues", async (t) => {
    const { owner } = await users(t, QUEUE_USERS, msgOf);
    const a = expectReturns(() => owner.msgget(1, { create: true }), "msgget(1, create)");
    const b = expectReturns(() => owner.msgget(2, { create: true }), "msgget(2, create)");
    expectTrue(a !== b, "the identifiers of keys 1 and 2", "different", `both ${a}`);
    send(owner, a, 1, text(1));
    expectNoMessage(owner, b, 0, "a receive from key 2's queue");
    expectMessage(owner, a, 0, 1, text(1), "a receive from key 1's queue");
  });

  test("MSG-LIFE-2", "IPC_PRIVATE creates a new queue every time, whatever the flags", async (t) => {
    const { owner } = await users(t, QUEUE_USERS, msgOf);
    const ids = [
      expectReturns(() => owner.msgget(IPC_PRIVATE), "msgget(IPC_PRIVATE)"),
      expectReturns(() => owner.msgget(IPC_PRIVATE), "a second msgget(IPC_PRIVATE)"),
      expectReturns(() => owner.msgget(IPC_PRIVATE, { create: true }), "msgget(IPC_PRIVATE, create)"),
      expectReturns(() => owner.msgget(IPC_PRIVATE, { create: true, exclusive: true }), "msgget(IPC_PRIVATE, create, exclusive)"),
    ];
    expectEqual(new Set(ids).size, ids.length, `the number of distinct identifiers among ${ids.join(", ")}`);
    send(owner, ids[0]!, 1, text(1));
    for (const other of ids.slice(1)) expectNoMessage(owner, other, 0, `a receive from private queue ${other}`);
  });

  test("MSG-LIFE-2", "no msgget of a key finds a private queue", async (t) => {
    const { owner } = await users(t, QUEUE_USERS, msgOf);
    const priv = expectReturns(() => owner.msgget(IPC_PRIVATE), "msgget(IPC_PRIVATE)");
    expectThrowsCode(() => owner.msgget(priv), "ENOENT", "msgget of the private queue's identifier as a key");
    const keyed = expectReturns(() => owner.msgget(0x42, { create: true }), "msgget(0x42, create)");
    expectTrue(keyed !== priv, "the keyed queue's identifier", "not the private queue's", String(keyed));
  });

  test("MSG-LIFE-3", "identifiers are positive integers, distinct for every queue, private or keyed", async (t) => {
    const { owner } = await users(t, QUEUE_USERS, msgOf);
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) ids.push(expectReturns(() => owner.msgget(i % 2 === 0 ? IPC_PRIVATE : 1000 + i, { create: true }), `queue #${i + 1}`));
    for (const id of ids) expectTrue(Number.isSafeInteger(id) && id > 0, "an identifier", "a positive safe integer", describeValue(id));
    expectEqual(new Set(ids).size, ids.length, "the number of distinct identifiers");
  });

  test("MSG-LIFE-3", "identifiers are never reused after their queues are removed", async (t) => {
    const { owner } = await users(t, QUEUE_USERS, msgOf);
    const seen = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const id = expectReturns(() => owner.msgget(i % 2 === 0 ? IPC_PRIVATE : 0x3000, { create: true }), `queue #${i + 1}`);
      expectTrue(!seen.has(id), `queue #${i + 1}'s identifier`, "one never issued before", `${id}, issued before`);
      seen.add(id);
      expectReturns(() => owner.msgctl(id, "remove"), `remove of queue #${i + 1}`);
    }
  });

  test("MSG-LIFE-4", "remove destroys the queue at once with its messages, and frees its key for a new queue", async (t) => {
    const { owner, member } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x400a, { create: true, mode: 0o660 }), "msgget(0x400a, create)");
    send(member, id, 1, text(1));
    send(member, id, 2, text(2));
    expectReturns(() => owner.msgctl(id, "remove"), "msgctl remove");
    expectThrowsCode(() => member.tryMsgrcv(id, new Uint8Array(4), 0), "EINVAL", "a receive from the removed queue");
    expectThrowsCode(() => member.msgget(0x400a), "ENOENT", "msgget of the removed queue's key");
    const again = expectReturns(() => owner.msgget(0x400a, { create: true, exclusive: true }), "msgget(0x400a, create, exclusive) after remove");
    expectTrue(again !== id, "the new queue's identifier", `not ${id}`, String(again));
    expectContents(owner, again, 0, 0, "the new queue: none of the old messages");
  });

  test("MSG-LIFE-4", "removing a private queue with messages makes its identifier invalid at once", async (t) => {
    const { p, id } = await fresh(t);
    for (let i = 0; i < 5; i++) send(p, id, 1, pattern(100, i));
    expectReturns(() => p.msgctl(id, "remove"), "msgctl remove");
    expectThrowsCode(() => p.msgctl(id, "stat"), "EINVAL", "stat of the removed queue");
    expectThrowsCode(() => p.tryMsgsnd(id, 1, text(1)), "EINVAL", "a send to the removed queue");
  });

  test("MSG-LIFE-5", "remove ends every pending msgrcv with EIDRM", async (t) => {
    const { p, id } = await fresh(t);
    const rs = [0, 3, -2].map((type) => receiver(p, id, type, 8, undefined, `a blocked msgrcv of type ${type}`));
    await expectPending(rs[2]!.op, "the last receive on an empty queue");
    expectReturns(() => p.msgctl(id, "remove"), "msgctl remove");
    for (const r of rs) await expectRejectsNow(r.op, "EIDRM", `${r.label}, once the queue was removed`);
  });

  test("MSG-LIFE-5", "remove ends every pending msgsnd with EIDRM, and a new queue of the key gets none of their messages", async (t) => {
    const { owner } = await users(t, QUEUE_USERS, msgOf);
    const id = expectReturns(() => owner.msgget(0x5005, { create: true }), "msgget(0x5005, create)");
    setMaxBytes(owner, id, 2);
    send(owner, id, 1, text(1, 1));
    const senders = [1, 2].map((type) => sender(owner, id, type, text(type), undefined, `a blocked msgsnd of type ${type}`));
    await expectPending(senders[1]!, "the second send into a full queue");
    expectReturns(() => owner.msgctl(id, "remove"), "msgctl remove");
    for (const [i, s] of senders.entries()) await expectRejectsNow(s, "EIDRM", `blocked send #${i + 1}, once the queue was removed`);
    const again = expectReturns(() => owner.msgget(0x5005, { create: true }), "msgget(0x5005, create) after remove");
    await drain();
    expectContents(owner, again, 0, 0, "the new queue of the same key");
  });

  test("MSG-LIFE-6", "a queue and its messages outlive the process that created it and sent them", async (t) => {
    const system = await t.system();
    const creator = msgOf(system.spawn(QUEUE_USERS.owner));
    const id = expectReturns(() => creator.msgget(0x6006, { create: true, mode: 0o644 }), "msgget(0x6006, create)");
    send(creator, id, 1, text(1, 2, 3));
    const creatorPid = creator.pid;
    creator.exit(0);
    const later = msgOf(system.spawn(QUEUE_USERS.owner));
    expectEqual(expectReturns(() => later.msgget(0x6006), "a later process's msgget(0x6006)"), id, "the identifier found after the creator exited");
    const state = stat(later, id);
    expectEqual(state.lastSendPid, creatorPid, "the last sender, the exited creator");
    expectEqual(state.cuid, 1000, "the creator's uid");
    expectMessage(later, id, 0, 1, text(1, 2, 3), "the message the exited creator sent");
  }, { requires: EXIT });

  test("MSG-LIFE-7", "stat reports the owner, creator, mode, contents, capacity and the last pids", async (t) => {
    const { system, owner } = await users(t, QUEUE_USERS, msgOf);
    const client = msgOf(system.spawn(QUEUE_USERS.member));
    const id = expectReturns(() => owner.msgget(0x7007, { create: true, mode: 0o664 }), "msgget(0x7007, create, mode 0o664)");
    const fresh0 = stat(owner, id, "stat of a new queue");
    const expected: Partial<Record<keyof MsgQueueStat, number>> = {
      uid: 1000, gid: 100, cuid: 1000, cgid: 100, mode: 0o664, bytes: 0, messages: 0, maxBytes: MSGMNB, lastSendPid: 0, lastReceivePid: 0,
    };
    for (const [field, value] of Object.entries(expected)) expectEqual(fresh0[field as keyof MsgQueueStat], value, `${field} of a new queue`);
    send(owner, id, 1, pattern(3, 1));
    send(owner, id, 2, pattern(4, 2));
    const sent = stat(client, id, "stat after two sends");
    expectEqual(sent.bytes, 7, "bytes after two sends");
    expectEqual(sent.messages, 2, "messages after two sends");
    expectEqual(sent.lastSendPid, owner.pid, "lastSendPid after the owner's sends");
    expectEqual(sent.lastReceivePid, 0, "lastReceivePid before any receive");
    recv(client, id, 1);
    const received = stat(owner, id, "stat after a receive");
    expectEqual(received.bytes, 4, "bytes after a receive");
    expectEqual(received.messages, 1, "messages after a receive");
    expectEqual(received.lastReceivePid, client.pid, "lastReceivePid after the group member's receive");
    expectEqual(received.lastSendPid, owner.pid, "lastSendPid after a receive");
  });

  test("MSG-LIFE-7", "stat reports a receiver served while blocked, and a set changes owner and mode but not the creator", async (t) => {
    const { system, owner, root } = await users(t, QUEUE_USERS, msgOf);
    const client = msgOf(system.spawn(QUEUE_USERS.member));
    const id = expectReturns(() => owner.msgget(0x7008, { create: true, mode: 0o660 }), "msgget(0x7008, create, mode 0o660)");
    const r = receiver(client, id, 0, 8, undefined, "the group member's blocked msgrcv");
    await expectPending(r.op, "the receive on an empty queue");
    send(owner, id, 1, text(1));
    await expectReceivedNow(r, 1, text(1), "the group member's receive");
    const served = stat(owner, id);
    expectEqual(served.lastReceivePid, client.pid, "lastReceivePid of a receiver served while blocked");
    expectEqual(served.lastSendPid, owner.pid, "lastSendPid");
    expectEqual(served.messages, 0, "messages: it never entered the queue");
    expectReturns(() => owner.msgctl(id, "set", { uid: 3000, gid: 300, mode: 0o600, maxBytes: 512 }), "msgctl set of uid, gid, mode and maxBytes");
    const changed = stat(root, id);
    expectEqual(changed.uid, 3000, "uid after set");
    expectEqual(changed.gid, 300, "gid after set");
    expectEqual(changed.mode, 0o600, "mode after set");
    expectEqual(changed.maxBytes, 512, "maxBytes after set");
    expectEqual(changed.cuid, 1000, "cuid after set (unchanged)");
    expectEqual(changed.cgid, 100, "cgid after set (unchanged)");
  });

  test("MSG-LIFE-8", "a pending msgrcv of an exited process takes no message: it goes to the next receiver", async (t) => {
    const system = await t.system();
    const owner = msgOf(system.spawn(QUEUE_USERS.owner));
    const doomed = msgOf(system.spawn(QUEUE_USERS.owner));
    const id = expectReturns(() => owner.msgget(IPC_PRIVATE), "msgget(IPC_PRIVATE)");
    const first = receiver(doomed, id, 0, 8, undefined, "the doomed process's blocked msgrcv");
    const second = receiver(owner, id, 0, 8, undefined, "the owner's blocked msgrcv");
    await expectPending(second.op, "the owner's receive");
    doomed.exit(0);
    send(owner, id, 1, text(1));
    await expectReceivedNow(second, 1, text(1), "the owner's receive, the exited process's being skipped");
    expectEqual(first.op.state === "fulfilled", false, "whether the exited process's receive got the message");
  }, { requires: EXIT });

  test("MSG-LIFE-8", "a message sent after a blocked receiver exited stays queued when no one else waits", async (t) => {
    const system = await t.system();
    const owner = msgOf(system.spawn(QUEUE_USERS.owner));
    const doomed = msgOf(system.spawn(QUEUE_USERS.owner));
    const id = expectReturns(() => owner.msgget(IPC_PRIVATE), "msgget(IPC_PRIVATE)");
    const r = receiver(doomed, id, 0, 8, undefined, "the doomed process's blocked msgrcv");
    await expectPending(r.op, "the receive on an empty queue");
    doomed.exit(0);
    send(owner, id, 1, text(7));
    await drain();
    expectMessage(owner, id, 0, 1, text(7), "the message, still queued");
  }, { requires: EXIT });

  test("MSG-LIFE-8", "a pending msgrcv of a process killed by a signal takes no message: it goes to the next receiver", async (t) => {
    const system = await t.system();
    const owner = msgOf(system.spawn(QUEUE_USERS.owner));
    const doomed = msgOf(system.spawn(QUEUE_USERS.owner));
    const id = expectReturns(() => owner.msgget(IPC_PRIVATE), "msgget(IPC_PRIVATE)");
    const first = receiver(doomed, id, 0, 8, undefined, "the blocked msgrcv of the process to be killed");
    const second = receiver(owner, id, 0, 8, undefined, "the owner's blocked msgrcv");
    await expectPending(second.op, "the owner's receive");
    signalProcess(owner).kill(doomed.pid, SIGKILL);
    send(owner, id, 1, text(1));
    await expectReceivedNow(second, 1, text(1), "the owner's receive, the killed process's being skipped");
    expectEqual(first.op.state === "fulfilled", false, "whether the killed process's receive got the message");
  }, { requires: SIGNAL });

  test("MSG-LIFE-8", "a pending msgsnd of an exited process is never queued", async (t) => {
    const system = await t.system();
    const owner = msgOf(system.spawn(QUEUE_USERS.owner));
    const doomed = msgOf(system.spawn(QUEUE_USERS.owner));
    const id = expectReturns(() => owner.msgget(IPC_PRIVATE), "msgget(IPC_PRIVATE)");
    setMaxBytes(owner, id, 2);
    send(owner, id, 1, text(1, 1));
    const s = sender(doomed, id, 2, text(2), undefined, "the doomed process's blocked msgsnd");
    const mine = sender(owner, id, 3, text(3), undefined, "the owner's blocked msgsnd behind it");
    await expectPending(s, "the doomed process's send into a full queue");
    doomed.exit(0);
    expectMessage(owner, id, 0, 1, text(1, 1), "the filler");
    await expectFulfilledNow(mine, "resolved", "the owner's send, admitted in place of the exited process's");
    expectMessage(owner, id, 0, 3, text(3), "the owner's message");
    await drain();
    expectNoMessage(owner, id, 0, "a receive: the exited process's message never landed");
  }, { requires: EXIT });

  // ----- Atomicity ------------------------------------------------------------

  test("MSG-ATOM-1", "a receive takes exactly one message's text, never bytes of the next, and writes nothing past it", async (t) => {
    const { p, id } = await fresh(t);
    send(p, id, 1, text(1, 2, 3));
    send(p, id, 1, text(4, 5, 6, 7));
    const buffer = new Uint8Array(16).fill(0xee);
    const first = expectReturns(() => p.tryMsgrcv(id, buffer, 1), "the first receive into 16 bytes");
    expectEqual(first.length, 3, "the first length");
    expectBytes(buffer.subarray(0, 3), text(1, 2, 3), "the first text");
    expectBytes(buffer.subarray(3), new Uint8Array(13).fill(0xee), "the buffer past the first text (untouched)");
    expectMessage(p, id, 1, 1, text(4, 5, 6, 7), "the second message, whole");
  });

  test("MSG-ATOM-1", "a blocked send queues its whole message at once, never part of it", async (t) => {
    const { p, id } = await fresh(t);
    setMaxBytes(p, id, 10);
    send(p, id, 1, pattern(4, 1));
    send(p, id, 1, pattern(4, 2));
    const s = sender(p, id, 2, pattern(6, 3), undefined, "a 6-byte send with 2 bytes free");
    await expectPending(s, "the 6-byte send");
    expectContents(p, id, 2, 8, "the queue while the send waits (nothing of it queued)");
    expectMessage(p, id, 1, 1, pattern(4, 1), "a receive freeing 4 bytes");
    await expectFulfilledNow(s, "resolved", "the 6-byte send, once 6 bytes were free");
    expectContents(p, id, 2, 10, "the queue with the whole message");
    expectMessage(p, id, 2, 2, pattern(6, 3), "the 6-byte message, whole");
  });

  test("MSG-ATOM-2", "changing the array after tryMsgsnd or msgsnd does not change the message", async (t) => {
    const { p, id } = await fresh(t);
    const a = pattern(6, 1);
    const b = pattern(6, 2);
    send(p, id, 1, a);
    await expectFulfilledNow(sender(p, id, 2, b), "resolved", "msgsnd with room");
    a.fill(0);
    b.fill(0);
    expectMessage(p, id, 1, 1, pattern(6, 1), "the message of tryMsgsnd");
    expectMessage(p, id, 2, 2, pattern(6, 2), "the message of msgsnd");
  });

  test("MSG-ATOM-2", "changing the array while a send is pending does not change the message", async (t) => {
    const { p, id } = await fresh(t);
    setMaxBytes(p, id, 6);
    send(p, id, 1, pattern(6, 1));
    const data = pattern(6, 2);
    const s = sender(p, id, 2, data, undefined, "a blocked 6-byte send");
    await expectPending(s, "the send into a full queue");
    data.fill(0xff);
    expectMessage(p, id, 1, 1, pattern(6, 1), "the filler");
    await expectFulfilledNow(s, "resolved", "the send, once room was made");
    expectMessage(p, id, 2, 2, pattern(6, 2), "the message, as it was when msgsnd was called");
  });

  test("MSG-ATOM-2", "a message handed to a blocked receiver is the text as it was when msgsnd was called", async (t) => {
    const { p, id } = await fresh(t);
    const r = receiver(p, id, 0, 8);
    await expectPending(r.op, "a receive on an empty queue");
    const data = pattern(5, 9);
    send(p, id, 3, data);
    data.fill(0);
    await expectReceivedNow(r, 3, pattern(5, 9), "the receive");
  });
}
