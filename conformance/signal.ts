/**
 * Conformance tests for signals: at least one test for every clause of
 * {@link SIG_CLAUSES}, each named by the clause it checks and titled with
 * the rule it checks, plus a model-based property test (random sequences of
 * kill, sigqueue, mask changes, dispositions and sigwait, checked against a
 * model of the mask, the dispositions and the pending set).
 *
 * Delivery is synchronous at the delivery points (SIG-ATOM-2), so most
 * tests need no waiting at all: a handler installed with
 * {@link catchSignal} has run, or not, when `kill` returns. Blocking is
 * proven without sleeps: a `sigwait` is {@link track}ed, the task queue
 * drained, and the wait found still pending; then the test acts. Only the
 * timeout tests use real time, a few milliseconds.
 *
 * Most tests use processes of uid 1000 in a fresh system; permission tests
 * add uid 1001 and root. Tests that fork require `"process.fork"`, tests
 * that exit `"process.exit"`, and tests that block in a pipe `"pipe"`.
 *
 * @module
 */

import fc from "fast-check";
import type { Arbitrary, AsyncCommand } from "fast-check";

import { IpcError } from "../spec/errors.ts";
import type { ProcessStatus, SIG_CLAUSES, SignalAction, SignalInfo } from "../spec/signal.ts";
import {
  FIRST_REALTIME_SIGNAL,
  SIGABRT,
  SIGALRM,
  SIGCHLD,
  SIGCONT,
  SIGHUP,
  SIGINT,
  SIGKILL,
  SIGPIPE,
  SIGQUEUE_MAX,
  SIGQUIT,
  SIGRTMAX,
  SIGRTMIN,
  SIGSEGV,
  SIGSTOP,
  SIGTERM,
  SIGTSTP,
  SIGUSR1,
  SIGUSR2,
  SIGWINCH,
  isSignal,
  signalName,
} from "../spec/signal.ts";
import type { SpawnOptions } from "../spec/system.ts";
import {
  AssertionFailure,
  describeValue,
  drain,
  expectEqual,
  expectOutcomes,
  expectPending,
  expectRejectsCode,
  expectReturns,
  expectSync,
  expectThrowsCode,
  expectTrue,
  operationChecks,
  outcome,
  track,
} from "./assert.ts";
import type { OutcomeRow, Tracked } from "./assert.ts";
import { catchSignal, signalProcess } from "./fixtures/index.ts";
import type { BadValue, SignalProcess } from "./fixtures/index.ts";
import type { Common, TestContext, TestFunction } from "./harness.ts";
import { checkProperty } from "./property.ts";

// ---------------------------------------------------------------------------
// Local helpers
// ---------------------------------------------------------------------------

const FORK = ["process.fork"] as const;
const EXIT = ["process.exit"] as const;
const PIPE = ["pipe"] as const;
const PIPE_FORK = ["pipe", "process.fork"] as const;

/** The signals the tests name by number: the spec exports only the common ones. */
const SIGILL = 4;
const SIGTRAP = 5;
const SIGBUS = 7;
const SIGFPE = 8;
const SIGSTKFLT = 16;
const SIGTTIN = 21;
const SIGTTOU = 22;
const SIGURG = 23;
const SIGXCPU = 24;
const SIGXFSZ = 25;
const SIGVTALRM = 26;
const SIGPROF = 27;
const SIGIO = 29;
const SIGPWR = 30;
const SIGSYS = 31;

/** The usual user of a test, and two others. */
const USER: SpawnOptions = { uid: 1000, gid: 100 };
const OTHER: SpawnOptions = { uid: 1001, gid: 100 };
const ROOT: SpawnOptions = { uid: 0, gid: 0 };

/** A pid no process has ever had: above Linux's largest pid_max, so never handed out. */
const NO_PID = 0x7fffffff;

/** sigwait must return a promise: every wait started here is checked to be one. */
const { start, expectFulfilledNow, expectRejectsNow, expectResolvesNow } = operationChecks({ requirePromise: true });

/** A signal's name for messages, or the value described when it is not a signal. */
function nameOf(signal: unknown): string {
  return isSignal(signal) ? signalName(signal) : describeValue(signal);
}

/** Signal numbers as names, in order: `"SIGUSR1, SIGUSR2"`, or `"none"`. */
function names(signals: readonly unknown[]): string {
  return signals.length === 0 ? "none" : signals.map(nameOf).join(", ");
}

/** One delivery or take, in words: the signal, code, sender and value. */
function describeInfo(info: unknown): string {
  if (typeof info !== "object" || info === null) return describeValue(info);
  const { signal, code, pid, uid, value } = info as Partial<Record<keyof SignalInfo, unknown>>;
  return `${nameOf(signal)} (${String(code)}, pid ${String(pid)}, uid ${String(uid)}, value ${String(value)})`;
}

/** A fresh system with one process per set of credentials given (uid 1000 by default). */
async function spawnAll(t: TestContext, ...credentials: SpawnOptions[]): Promise<SignalProcess[]> {
  const system = await t.system();
  return (credentials.length === 0 ? [USER] : credentials).map((options) => signalProcess(system.spawn(options)));
}

/** A fresh system and one process of uid 1000 in it. */
async function sigProcess(t: TestContext): Promise<SignalProcess> {
  return signalProcess(await t.process(USER));
}

/** The first two processes of a fresh system (uid 1000 unless told). */
async function twoProcesses(t: TestContext, a: SpawnOptions = USER, b: SpawnOptions = USER): Promise<[SignalProcess, SignalProcess]> {
  const [first, second] = await spawnAll(t, a, b);
  return [first!, second!];
}

/** A forked child, with the signal calls. */
function forkOf(proc: SignalProcess): SignalProcess {
  return signalProcess(proc.fork());
}

/** Fails unless the signals delivered (or taken) are `expected`, in order. */
function expectSignals(infos: readonly SignalInfo[], expected: readonly number[], what: string): void {
  expectEqual(names(infos.map((info) => info.signal)), names(expected), what);
}

/** Fails unless `info` is exactly the instance described. */
function expectInfo(info: unknown, expected: SignalInfo, what: string): void {
  expectEqual(describeInfo(info), describeInfo(expected), what);
}

/** The information a signal sent by `kill` from `sender` carries. */
function userInfo(signal: number, sender: SignalProcess): SignalInfo {
  return { signal, code: "user", pid: sender.pid, uid: sender.credentials.uid, value: undefined };
}

/** The information a signal sent by `sigqueue` from `sender` carries. */
function queueInfo(signal: number, sender: SignalProcess, value: number): SignalInfo {
  return { signal, code: "queue", pid: sender.pid, uid: sender.credentials.uid, value };
}

/** Fails unless the process's pending set is `expected` (ascending). */
function expectPendingSignals(proc: SignalProcess, expected: readonly number[], what: string): void {
  expectEqual(names(expectSync(proc.sigpending(), what)), names(expected), what);
}

/** Fails unless the process's mask, as `sigprocmask` reads it, is `expected` (ascending). */
function expectMask(proc: SignalProcess, expected: readonly number[], what: string): void {
  expectEqual(names(expectSync(proc.sigprocmask("block"), what)), names(expected), what);
}

/** A status in words, naming only the fields `shape` has (and always the state). */
function describeStatus(status: ProcessStatus | undefined, shape: ProcessStatus): string {
  if (status === undefined || status === null) return describeValue(status);
  const parts: string[] = [String(status.state)];
  if ("signal" in shape) parts.push(`signal ${nameOf(status.signal)}`);
  if ("core" in shape) parts.push(`core ${String(status.core)}`);
  if ("exitStatus" in shape) parts.push(`exit status ${String(status.exitStatus)}`);
  return parts.join(", ");
}

/** Fails unless the process's status matches `expected` in the fields `expected` has. */
function expectStatus(proc: SignalProcess, expected: ProcessStatus, what: string): void {
  expectEqual(describeStatus(proc.status, expected), describeStatus(expected, expected), what);
}

const RUNNING: ProcessStatus = { state: "running" };

function stopped(signal: number): ProcessStatus {
  return { state: "stopped", signal };
}

function signaled(signal: number, core: boolean): ProcessStatus {
  return { state: "signaled", signal, core };
}

/** Installs `handler` for each signal, recording every delivery in one shared log. */
function catchInto(proc: SignalProcess, log: SignalInfo[], signals: readonly number[], flags: Omit<SignalAction, "handler"> = {}): void {
  for (const signal of signals) catchSignal(proc, signal, { ...flags, onSignal: (info) => log.push(info) });
}

/** Blocks `signals` in the process. */
function block(proc: SignalProcess, ...signals: number[]): void {
  proc.sigprocmask("block", signals);
}

/** Fails unless the tracked wait has settled, fulfilled with an instance of `signal`; returns it. */
async function expectTakenNow(op: Tracked<SignalInfo> | (() => Promise<SignalInfo>), signal: number, what: string): Promise<SignalInfo> {
  const info = await expectFulfilledNow(op, `${nameOf(signal)} taken`, what);
  expectEqual(nameOf((info as Partial<SignalInfo> | undefined)?.signal), nameOf(signal), `the signal ${what} took`);
  return info;
}

/** Sends every signal of `signals` to a fresh process each, and compares their statuses with `expected`. */
async function expectDefaultActions(t: TestContext, signals: readonly number[], expected: (signal: number) => ProcessStatus, what: string): Promise<void> {
  const system = await t.system();
  const sender = signalProcess(system.spawn(USER));
  const wrong: string[] = [];
  const wanted: string[] = [];
  for (const signal of signals) {
    const target = signalProcess(system.spawn(USER));
    sender.kill(target.pid, signal);
    const shape = expected(signal);
    const got = describeStatus(target.status, shape);
    if (got !== describeStatus(shape, shape)) {
      wrong.push(`${nameOf(signal)}: ${got}`);
      wanted.push(`${nameOf(signal)}: ${describeStatus(shape, shape)}`);
    }
  }
  if (wrong.length > 0) throw new AssertionFailure(what, wanted.join("; "), wrong.join("; "));
}

/** Signal numbers a call must refuse (SIG-ERR-1), besides 0 where the call takes no check. */
function badSignals(): BadValue[] {
  return [
    { label: "-1", value: -1 },
    { label: "65", value: 65 },
    { label: "1.5", value: 1.5 },
    { label: "NaN", value: Number.NaN },
    { label: "Infinity", value: Number.POSITIVE_INFINITY },
    { label: 'the string "10"', value: "10" },
    { label: "null", value: null },
    { label: "undefined", value: undefined },
    { label: "the bigint 10n", value: BigInt(10) },
  ];
}

/** Sets of signals sigprocmask and sigwait must refuse (SIG-ERR-2). */
function badSets(): BadValue[] {
  return [
    { label: "a number", value: SIGUSR1 },
    { label: "a string", value: "10" },
    { label: "null", value: null },
    { label: "a Set", value: new Set([SIGUSR1]) },
    { label: "an array-like object", value: { length: 1, 0: SIGUSR1 } },
    { label: "[0]", value: [0] },
    { label: "[65]", value: [65] },
    { label: "[1.5]", value: [1.5] },
    { label: '["10"]', value: ["10"] },
    { label: "[SIGUSR1, 65]", value: [SIGUSR1, 65] },
    { label: "[SIGUSR1, null]", value: [SIGUSR1, null] },
  ];
}

/** A call taking arguments of any type, as a test of bad input must call it. */
type LooseCall = (...args: unknown[]) => unknown;

/** The process, its calls taking arguments of any type. */
function loose(proc: SignalProcess): Readonly<Record<"kill" | "sigqueue" | "sigaction" | "sigprocmask" | "sigwait" | "trySigwait", LooseCall>> {
  return proc as unknown as Readonly<Record<"kill" | "sigqueue" | "sigaction" | "sigprocmask" | "sigwait" | "trySigwait", LooseCall>>;
}

// ---------------------------------------------------------------------------
// The model (SIG-ORD-2 property): one process, two senders
// ---------------------------------------------------------------------------

/** Standard signals of the model: some terminate by default, SIGCHLD, SIGURG and SIGWINCH are ignored. */
const MODEL_STANDARD: readonly number[] = [SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGCHLD, SIGURG, SIGWINCH];
/** Real-time signals of the model. */
const MODEL_REALTIME: readonly number[] = [SIGRTMIN, SIGRTMIN + 1, SIGRTMAX];
const MODEL_SIGNALS: readonly number[] = [...MODEL_STANDARD, ...MODEL_REALTIME].sort((a, b) => a - b);
/** The model's signals whose default action is to ignore: only these may be set to default. */
const DEFAULT_IGNORED: ReadonlySet<number> = new Set([SIGCHLD, SIGURG, SIGWINCH]);

type Disposition = "handler" | "ignore" | "default";

/** What the model knows of the process: its mask, dispositions, pending signals, and a sigwait. */
interface SignalModel {
  /** The pids of the process (sender 0) and of the other sender (sender 1). */
  readonly pids: readonly [number, number];
  readonly mask: Set<number>;
  readonly dispositions: Map<number, Disposition>;
  /** Per signal, the pending instances: at most one for a standard signal. */
  readonly pending: Map<number, SignalInfo[]>;
  /** The set of the sigwait in progress, if any. */
  waiting: readonly number[] | undefined;
  /** How the sigwait in progress ended during the current command, if it did. */
  waitEnd: SignalInfo | "EINTR" | undefined;
  /** The deliveries to the handler the current command must cause, in order. */
  readonly delivered: SignalInfo[];
}

/** The system under test: the process, the senders, the handler's log and the sigwait in progress. */
interface SignalReal {
  readonly proc: SignalProcess;
  readonly senders: readonly [SignalProcess, SignalProcess];
  readonly log: SignalInfo[];
  readonly handler: (info: SignalInfo) => void;
  wait: { readonly tracked: Tracked<SignalInfo>; readonly controller: AbortController } | undefined;
}

function modelIgnores(model: SignalModel, signal: number): boolean {
  const disposition = model.dispositions.get(signal) ?? "default";
  return disposition === "ignore" || (disposition === "default" && DEFAULT_IGNORED.has(signal));
}

/** The lowest pending signal that `accept` accepts (SIG-ORD-3). */
function lowestPending(model: SignalModel, accept: (signal: number) => boolean): number | undefined {
  return MODEL_SIGNALS.find((signal) => (model.pending.get(signal)?.length ?? 0) > 0 && accept(signal));
}

/** SIG-ATOM-2: delivers what is deliverable, lowest first; a handler interrupts the sigwait (SIG-BLK-3). */
function modelDeliver(model: SignalModel): void {
  for (let next = lowestPending(model, (s) => !model.mask.has(s)); next !== undefined; next = lowestPending(model, (s) => !model.mask.has(s))) {
    const info = model.pending.get(next)!.shift()!;
    if ((model.dispositions.get(next) ?? "default") !== "handler") continue;
    model.delivered.push(info);
    if (model.waiting !== undefined) {
      model.waiting = undefined;
      model.waitEnd = "EINTR";
    }
  }
}

/** Generation: the sigwait takes it (SIG-BLK-2), or ignored and unblocked it goes (SIG-LIFE-3), or it becomes pending. */
function modelGenerate(model: SignalModel, info: SignalInfo): void {
  const { signal } = info;
  if (model.waiting?.includes(signal) === true) {
    model.waiting = undefined;
    model.waitEnd = info;
    return;
  }
  if (!model.mask.has(signal) && modelIgnores(model, signal)) return;
  const queue = model.pending.get(signal) ?? [];
  // SIG-ORD-1: a standard signal keeps its first instance; SIG-ORD-2: real-time ones queue.
  if (signal >= FIRST_REALTIME_SIGNAL || queue.length === 0) queue.push(info);
  model.pending.set(signal, queue);
  modelDeliver(model);
}

/** After each command: the deliveries, the pending set, the mask and the sigwait agree with the model. */
async function checkModel(model: SignalModel, real: SignalReal, what: string): Promise<void> {
  const delivered = real.log.splice(0);
  const expected = model.delivered.splice(0);
  expectEqual(delivered.map(describeInfo).join("; ") || "none", expected.map(describeInfo).join("; ") || "none", `the deliveries of ${what}`);
  expectPendingSignals(real.proc, MODEL_SIGNALS.filter((s) => (model.pending.get(s)?.length ?? 0) > 0), `sigpending after ${what}`);
  expectMask(real.proc, MODEL_SIGNALS.filter((s) => model.mask.has(s)), `the mask after ${what}`);
  const end = model.waitEnd;
  model.waitEnd = undefined;
  if (end === undefined) return;
  const wait = real.wait;
  real.wait = undefined;
  if (wait === undefined) throw new AssertionFailure(what, "a sigwait in progress", "none (the model and the run disagree)");
  // Settled by now: a microtask away, or a few turns for implementations that defer.
  const { tracked } = wait;
  await Promise.race([tracked.promise.then(ignore, ignore), drain()]);
  const wanted = end === "EINTR" ? "rejected with EINTR" : `fulfilled with ${describeInfo(end)}`;
  const got =
    tracked.state === "pending"
      ? "still pending"
      : tracked.state === "rejected"
        ? `rejected with ${IpcError.is(tracked.reason) ? tracked.reason.code : describeValue(tracked.reason)}`
        : `fulfilled with ${describeInfo(tracked.value)}`;
  expectEqual(got, wanted, `the sigwait in progress, after ${what}`);
}

function ignore(): void {}

class SendCommand implements AsyncCommand<SignalModel, SignalReal> {
  readonly sender: 0 | 1;
  readonly signal: number;
  readonly value: number | undefined;
  constructor(sender: 0 | 1, signal: number, value: number | undefined) {
    this.sender = sender;
    this.signal = signal;
    this.value = value;
  }
  check(): boolean {
    return true;
  }
  async run(model: SignalModel, real: SignalReal): Promise<void> {
    const sender = real.senders[this.sender];
    if (this.value === undefined) sender.kill(real.proc.pid, this.signal);
    else sender.sigqueue(real.proc.pid, this.signal, this.value);
    const base = { signal: this.signal, pid: model.pids[this.sender], uid: USER.uid! };
    modelGenerate(model, this.value === undefined ? { ...base, code: "user", value: undefined } : { ...base, code: "queue", value: this.value });
    await checkModel(model, real, this.toString());
  }
  toString(): string {
    const by = this.sender === 0 ? "itself" : "the other sender";
    return this.value === undefined ? `kill(${nameOf(this.signal)}) by ${by}` : `sigqueue(${nameOf(this.signal)}, ${this.value}) by ${by}`;
  }
}

class MaskCommand implements AsyncCommand<SignalModel, SignalReal> {
  readonly how: "block" | "unblock" | "set";
  readonly set: readonly number[];
  constructor(how: "block" | "unblock" | "set", set: readonly number[]) {
    this.how = how;
    this.set = set;
  }
  check(): boolean {
    return true;
  }
  async run(model: SignalModel, real: SignalReal): Promise<void> {
    real.proc.sigprocmask(this.how, this.set);
    if (this.how === "set") model.mask.clear();
    for (const signal of this.set) {
      if (this.how === "unblock") model.mask.delete(signal);
      else model.mask.add(signal);
    }
    modelDeliver(model);
    await checkModel(model, real, this.toString());
  }
  toString(): string {
    return `sigprocmask(${this.how}, [${names(this.set)}])`;
  }
}

class DispositionCommand implements AsyncCommand<SignalModel, SignalReal> {
  readonly signal: number;
  readonly disposition: Disposition;
  constructor(signal: number, disposition: Disposition) {
    this.signal = signal;
    this.disposition = disposition;
  }
  check(): boolean {
    return true;
  }
  async run(model: SignalModel, real: SignalReal): Promise<void> {
    real.proc.sigaction(this.signal, { handler: this.disposition === "handler" ? real.handler : this.disposition });
    model.dispositions.set(this.signal, this.disposition);
    // SIG-LIFE-4: ignoring discards what is pending.
    if (modelIgnores(model, this.signal)) model.pending.delete(this.signal);
    await checkModel(model, real, this.toString());
  }
  toString(): string {
    return `sigaction(${nameOf(this.signal)}, ${this.disposition})`;
  }
}

class TrySigwaitCommand implements AsyncCommand<SignalModel, SignalReal> {
  readonly set: readonly number[];
  constructor(set: readonly number[]) {
    this.set = set;
  }
  check(): boolean {
    return true;
  }
  async run(model: SignalModel, real: SignalReal): Promise<void> {
    const next = lowestPending(model, (s) => this.set.includes(s));
    if (next === undefined) expectThrowsCode(() => real.proc.trySigwait(this.set), "EAGAIN", `${this.toString()} with nothing of the set pending`);
    else expectInfo(real.proc.trySigwait(this.set), model.pending.get(next)!.shift()!, `what ${this.toString()} took`);
    await checkModel(model, real, this.toString());
  }
  toString(): string {
    return `trySigwait([${names(this.set)}])`;
  }
}

class SigwaitCommand implements AsyncCommand<SignalModel, SignalReal> {
  readonly set: readonly number[];
  constructor(set: readonly number[]) {
    this.set = set;
  }
  check(model: Readonly<SignalModel>): boolean {
    return model.waiting === undefined;
  }
  async run(model: SignalModel, real: SignalReal): Promise<void> {
    const controller = new AbortController();
    real.wait = { tracked: track(real.proc.sigwait(this.set, { signal: controller.signal })), controller };
    const next = lowestPending(model, (s) => this.set.includes(s));
    // SIG-BLK-2: a pending signal of the set is taken at once; otherwise the wait waits.
    if (next === undefined) model.waiting = this.set;
    else model.waitEnd = model.pending.get(next)!.shift()!;
    await checkModel(model, real, this.toString());
  }
  toString(): string {
    return `sigwait([${names(this.set)}])`;
  }
}

function modelCommands(): Arbitrary<AsyncCommand<SignalModel, SignalReal>>[] {
  const sender = fc.constantFrom<0 | 1>(0, 1);
  const standard = fc.constantFrom(...MODEL_STANDARD);
  const realtime = fc.constantFrom(...MODEL_REALTIME);
  const any = fc.constantFrom(...MODEL_SIGNALS);
  const set = fc.subarray([...MODEL_SIGNALS], { minLength: 1, maxLength: 4 });
  const value = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
  const disposition = any.chain((signal) => {
    // Only the signals ignored by default may be set to default: the others would end the process.
    const kinds: Disposition[] = DEFAULT_IGNORED.has(signal) ? ["handler", "ignore", "default"] : ["handler", "ignore"];
    return fc.constantFrom(...kinds).map((kind) => new DispositionCommand(signal, kind));
  });
  return [
    fc.tuple(sender, standard).map(([s, signal]) => new SendCommand(s, signal, undefined)),
    fc.tuple(sender, realtime).map(([s, signal]) => new SendCommand(s, signal, undefined)),
    fc.tuple(sender, realtime, value).map(([s, signal, v]) => new SendCommand(s, signal, v)),
    fc.tuple(sender, realtime, value).map(([s, signal, v]) => new SendCommand(s, signal, v)),
    fc.tuple(sender, standard, value).map(([s, signal, v]) => new SendCommand(s, signal, v)),
    fc.tuple(fc.constantFrom("block" as const, "unblock" as const, "set" as const), fc.subarray([...MODEL_SIGNALS], { maxLength: 5 })).map(
      ([how, signals]) => new MaskCommand(how, signals),
    ),
    disposition,
    set.map((signals) => new TrySigwaitCommand(signals)),
    set.map((signals) => new SigwaitCommand(signals)),
  ];
}

/** One run of the model: a fresh system, every model signal caught, then the commands. */
async function runModel(t: TestContext, commands: Iterable<AsyncCommand<SignalModel, SignalReal>>): Promise<void> {
  const [proc, other] = await twoProcesses(t);
  const log: SignalInfo[] = [];
  const handler = (info: SignalInfo): void => {
    log.push(info);
  };
  for (const signal of MODEL_SIGNALS) proc.sigaction(signal, { handler });
  const real: SignalReal = { proc, senders: [proc, other], log, handler, wait: undefined };
  const model: SignalModel = {
    pids: [proc.pid, other.pid],
    mask: new Set(),
    dispositions: new Map(MODEL_SIGNALS.map((signal) => [signal, "handler"])),
    pending: new Map(),
    waiting: undefined,
    waitEnd: undefined,
    delivered: [],
  };
  await fc.asyncModelRun(() => ({ model, real }), commands);
  if (real.wait !== undefined) {
    await expectPending(real.wait.tracked, "the sigwait the model says still waits, at the end of the run");
    real.wait.controller.abort();
    await expectRejectsCode(real.wait.tracked.promise, "ECANCELED", "the sigwait left waiting, aborted at the end of the run");
  }
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

/**
 * Registers the conformance tests of signals: one or more tests for each
 * clause of {@link SIG_CLAUSES}, including a model-based property test of
 * delivery (SIG-ORD-2).
 *
 * Tests that fork require `"process.fork"`, tests that exit
 * `"process.exit"`, and tests that block in a pipe `"pipe"`. Every other
 * test uses only `spawn` and the calls of `SignalApi`.
 *
 * @param test - registers one test against a clause
 * @param common - what the implementation under test supports (unused: every
 *   test states its needs in `requires`, and the runner skips what is missing)
 * @returns nothing; the tests are registered through `test`
 *
 * @example Collect the signal tests
 * ```ts
 * import { collectTests, signalTests } from "ipckit/conformance";
 * const tests = collectTests([{ feature: "signal", suite: signalTests }], { supports: () => true });
 * console.assert(tests.every((t) => t.clause.startsWith("SIG-")));
 * ```
 */
export function signalTests(test: TestFunction, common: Common): void {
  void common;

  // ----- Errors -------------------------------------------------------------

  test("SIG-ERR-1", "kill with a signal number that is not an integer from 0 to 64 fails EINVAL and delivers nothing", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const caught = catchSignal(target, SIGUSR1);
    const rows: OutcomeRow[] = badSignals().map(({ label, value }) => [`kill(pid, ${label})`, () => loose(sender).kill(target.pid, value), "EINVAL"]);
    expectOutcomes(rows, "kill with bad signal numbers");
    expectEqual(caught.length, 0, "deliveries to the target's SIGUSR1 handler");
    expectPendingSignals(target, [], "the target's pending signals");
    expectStatus(target, RUNNING, "the target's status");
  });

  test("SIG-ERR-1", "sigqueue with a bad signal number fails EINVAL and sends nothing", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const caught = catchSignal(target, SIGUSR1);
    const rows: OutcomeRow[] = badSignals().map(({ label, value }) => [`sigqueue(pid, ${label}, 1)`, () => loose(sender).sigqueue(target.pid, value, 1), "EINVAL"]);
    expectOutcomes(rows, "sigqueue with bad signal numbers");
    expectEqual(caught.length, 0, "deliveries to the target's SIGUSR1 handler");
    expectPendingSignals(target, [], "the target's pending signals");
  });

  test("SIG-ERR-1", "sigaction with a bad signal number, or 0, fails EINVAL and changes no disposition", async (t) => {
    const proc = await sigProcess(t);
    const values = [{ label: "0", value: 0 }, ...badSignals()];
    const rows: OutcomeRow[] = values.flatMap(({ label, value }): OutcomeRow[] => [
      [`sigaction(${label}) (read)`, () => loose(proc).sigaction(value), "EINVAL"],
      [`sigaction(${label}, ignore)`, () => loose(proc).sigaction(value, { handler: "ignore" }), "EINVAL"],
    ]);
    expectOutcomes(rows, "sigaction with bad signal numbers");
    expectEqual(proc.sigaction(SIGUSR1).handler, "default", "the disposition of SIGUSR1 (the string \"10\" was refused)");
    expectEqual(proc.sigaction(SIGHUP).handler, "default", "the disposition of SIGHUP (1.5 was refused)");
  });

  test("SIG-ERR-1", "a bad signal number fails EINVAL before the target is looked at: even for a pid nobody has", async (t) => {
    const proc = await sigProcess(t);
    expectThrowsCode(() => proc.kill(NO_PID, 65), "EINVAL", "kill of signal 65 to a pid nobody has");
    expectThrowsCode(() => proc.sigqueue(NO_PID, -1, 0), "EINVAL", "sigqueue of signal -1 to a pid nobody has");
  });

  test("SIG-ERR-1", "kill with a pid that is not an integer fails EINVAL and signals nobody", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const caught = catchSignal(target, SIGUSR1);
    const pids: BadValue[] = [
      { label: "1.5", value: 1.5 },
      { label: "NaN", value: Number.NaN },
      { label: "a string", value: String(target.pid) },
      { label: "null", value: null },
      { label: "undefined", value: undefined },
    ];
    expectOutcomes(
      pids.map(({ label, value }): OutcomeRow => [`kill(${label}, SIGUSR1)`, () => loose(sender).kill(value, SIGUSR1), "EINVAL"]),
      "kill with bad pids",
    );
    expectEqual(caught.length, 0, "deliveries to the target's SIGUSR1 handler");
  });

  test("SIG-ERR-2", "sigprocmask with a how other than block, unblock or set fails EINVAL and leaves the mask as it was", async (t) => {
    const proc = await sigProcess(t);
    block(proc, SIGUSR2);
    const hows: BadValue[] = [
      { label: '"BLOCK"', value: "BLOCK" },
      { label: '"add"', value: "add" },
      { label: "0", value: 0 },
      { label: "null", value: null },
      { label: "undefined", value: undefined },
    ];
    expectOutcomes(
      hows.map(({ label, value }): OutcomeRow => [`sigprocmask(${label}, [SIGUSR1])`, () => loose(proc).sigprocmask(value, [SIGUSR1]), "EINVAL"]),
      "sigprocmask with bad hows",
    );
    expectMask(proc, [SIGUSR2], "the mask after the refused calls");
  });

  test("SIG-ERR-2", "sigprocmask with a set that is not an array of signal numbers fails EINVAL, whatever the how, and changes nothing", async (t) => {
    const proc = await sigProcess(t);
    block(proc, SIGUSR2);
    const rows: OutcomeRow[] = badSets().flatMap(({ label, value }) =>
      (["block", "unblock", "set"] as const).map((how): OutcomeRow => [`sigprocmask(${how}, ${label})`, () => loose(proc).sigprocmask(how, value), "EINVAL"]),
    );
    expectOutcomes(rows, "sigprocmask with bad sets");
    expectMask(proc, [SIGUSR2], "the mask after the refused calls (SIGUSR1 of [SIGUSR1, 65] not blocked, SIGUSR2 not unblocked)");
  });

  test("SIG-ERR-2", "sigprocmask without a set only reads the mask, whatever the how", async (t) => {
    const proc = await sigProcess(t);
    block(proc, SIGUSR1);
    expectEqual(names(loose(proc).sigprocmask("bogus") as number[]), names([SIGUSR1]), "sigprocmask(\"bogus\") without a set");
    expectEqual(names(proc.sigprocmask("unblock")), names([SIGUSR1]), "sigprocmask(unblock) without a set");
    expectMask(proc, [SIGUSR1], "the mask after the reads");
  });

  test("SIG-ERR-2", "sigwait with a bad or empty set rejects EINVAL and takes nothing", async (t) => {
    const proc = await sigProcess(t);
    block(proc, SIGUSR1);
    proc.kill(proc.pid, SIGUSR1);
    const sets: BadValue[] = [...badSets(), { label: "[]", value: [] }, { label: "[SIGKILL, SIGSTOP]", value: [SIGKILL, SIGSTOP] }];
    for (const { label, value } of sets) {
      await expectRejectsNow(() => loose(proc).sigwait(value) as Promise<SignalInfo>, "EINVAL", `sigwait(${label})`);
      expectThrowsCode(() => loose(proc).trySigwait(value), "EINVAL", `trySigwait(${label})`);
    }
    expectPendingSignals(proc, [SIGUSR1], "the pending signals after the refused waits");
  });

  test("SIG-ERR-2", "sigwait with bad options or a timeout that is not a finite number of at least 0 rejects EINVAL, though a signal of the set is pending", async (t) => {
    const proc = await sigProcess(t);
    block(proc, SIGUSR1);
    proc.kill(proc.pid, SIGUSR1);
    const options: BadValue[] = [
      { label: "a number", value: 5 },
      { label: "a string", value: "timeout" },
      { label: "null", value: null },
      { label: "a signal that is not an AbortSignal", value: { signal: {} } },
      { label: "timeout -1", value: { timeout: -1 } },
      { label: "timeout NaN", value: { timeout: Number.NaN } },
      { label: "timeout Infinity", value: { timeout: Number.POSITIVE_INFINITY } },
      { label: 'timeout "5"', value: { timeout: "5" } },
      { label: "timeout null", value: { timeout: null } },
    ];
    for (const { label, value } of options) {
      await expectRejectsNow(() => loose(proc).sigwait([SIGUSR1], value) as Promise<SignalInfo>, "EINVAL", `sigwait([SIGUSR1], ${label})`);
    }
    expectPendingSignals(proc, [SIGUSR1], "the pending signals after the refused waits");
  });

  test("SIG-ERR-3", "sigaction with an action of the wrong shape fails EINVAL and leaves the disposition and its handler in place", async (t) => {
    const proc = await sigProcess(t);
    const caught = catchSignal(proc, SIGUSR1);
    const handler = proc.sigaction(SIGUSR1).handler;
    const actions: BadValue[] = [
      { label: "null", value: null },
      { label: "a number", value: 5 },
      { label: 'the string "ignore"', value: "ignore" },
      { label: "a bare function", value: () => undefined },
      { label: "an empty object", value: {} },
      { label: "handler undefined", value: { handler: undefined } },
      { label: 'handler "catch"', value: { handler: "catch" } },
      { label: "handler 5", value: { handler: 5 } },
      { label: "handler null", value: { handler: null } },
      { label: 'mask "12"', value: { handler: "ignore", mask: "12" } },
      { label: "mask [65]", value: { handler: "ignore", mask: [65] } },
      { label: "mask [0]", value: { handler: "ignore", mask: [0] } },
      { label: "restart 1", value: { handler: "ignore", restart: 1 } },
      { label: 'resetHand "yes"', value: { handler: "ignore", resetHand: "yes" } },
      { label: "noDefer null", value: { handler: "ignore", noDefer: null } },
    ];
    expectOutcomes(
      actions.map(({ label, value }): OutcomeRow => [`sigaction(SIGUSR1, ${label})`, () => loose(proc).sigaction(SIGUSR1, value), "EINVAL"]),
      "sigaction with bad actions",
    );
    expectEqual(proc.sigaction(SIGUSR1).handler, handler, "the handler of SIGUSR1 after the refused calls");
    proc.kill(proc.pid, SIGUSR1);
    expectEqual(caught.length, 1, "deliveries to the handler installed before the refused calls");
  });

  test("SIG-ERR-3", "a well-formed action is accepted and read back as given", async (t) => {
    const proc = await sigProcess(t);
    const handler = (): void => undefined;
    proc.sigaction(SIGUSR1, { handler, mask: [SIGUSR2, SIGHUP], restart: true, resetHand: false, noDefer: true });
    const action = proc.sigaction(SIGUSR1);
    expectEqual(action.handler, handler, "the handler read back");
    expectEqual(names([...(action.mask ?? [])].sort((a, b) => a - b)), names([SIGHUP, SIGUSR2]), "the mask read back");
    expectEqual(action.restart === true && action.noDefer === true && action.resetHand !== true, true, "the flags read back (restart, noDefer)");
  });

  test("SIG-ERR-4", "kill or sigqueue naming a pid no process ever had fails ESRCH", async (t) => {
    const proc = await sigProcess(t);
    expectThrowsCode(() => proc.kill(NO_PID, SIGUSR1), "ESRCH", "kill of a pid nobody has");
    expectThrowsCode(() => proc.sigqueue(NO_PID, SIGRTMIN, 1), "ESRCH", "sigqueue to a pid nobody has");
    expectStatus(proc, RUNNING, "the caller's status");
  });

  test("SIG-ERR-4", "a process terminated by a signal stays a zombie: it may be signalled, to no effect", async (t) => {
    const [sender, target] = await twoProcesses(t);
    sender.kill(target.pid, SIGKILL);
    expectReturns(() => sender.kill(target.pid, SIGTERM), "kill of the zombie");
    expectReturns(() => sender.sigqueue(target.pid, SIGRTMIN, 3), "sigqueue to the zombie");
    expectReturns(() => sender.kill(target.pid, 0), "kill(pid, 0) of the zombie");
    expectStatus(target, signaled(SIGKILL, false), "the zombie's status, unchanged by later signals");
  });

  test(
    "SIG-ERR-4",
    "a process that has exited may still be signalled, to no effect",
    async (t) => {
      const [sender, target] = await twoProcesses(t);
      target.exit(3);
      expectReturns(() => sender.kill(target.pid, SIGKILL), "kill of the exited process");
      expectStatus(target, { state: "exited", exitStatus: 3 }, "the exited process's status");
    },
    { requires: EXIT },
  );

  test("SIG-ERR-5", "kill(pid, 0) sends nothing: no handler runs, nothing is pending, a stopped process stays stopped", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const log: SignalInfo[] = [];
    catchInto(target, log, [SIGHUP, SIGUSR1, SIGCONT]);
    expectReturns(() => sender.kill(target.pid, 0), "kill(pid, 0)");
    expectEqual(log.length, 0, "handlers run by kill(pid, 0)");
    expectPendingSignals(target, [], "the target's pending signals");
    sender.kill(target.pid, SIGSTOP);
    sender.kill(target.pid, 0);
    expectStatus(target, stopped(SIGSTOP), "the stopped target after kill(pid, 0)");
  });

  test("SIG-ERR-5", "signal 0 checks the target: ESRCH for a pid nobody has, EPERM for another user's process", async (t) => {
    const [sender, other] = await twoProcesses(t, USER, OTHER);
    expectThrowsCode(() => sender.kill(NO_PID, 0), "ESRCH", "kill(pid nobody has, 0)");
    expectThrowsCode(() => sender.kill(other.pid, 0), "EPERM", "kill(another user's pid, 0)");
    expectThrowsCode(() => sender.sigqueue(NO_PID, 0, 1), "ESRCH", "sigqueue(pid nobody has, 0)");
    expectThrowsCode(() => sender.sigqueue(other.pid, 0, 1), "EPERM", "sigqueue(another user's pid, 0)");
  });

  test("SIG-ERR-5", "sigqueue(pid, 0, value) sends nothing, even to a process waiting in sigwait", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const caught = catchSignal(target, SIGUSR1);
    const wait = start(() => target.sigwait([SIGUSR2]), "sigwait([SIGUSR2])");
    expectReturns(() => sender.sigqueue(target.pid, 0, 7), "sigqueue(pid, 0, 7)");
    await expectPending(wait, "the sigwait after sigqueue(pid, 0, 7)");
    expectEqual(caught.length, 0, "deliveries to the target's SIGUSR1 handler");
    expectPendingSignals(target, [], "the target's pending signals");
    sender.kill(target.pid, SIGUSR2);
    await expectTakenNow(wait, SIGUSR2, "the sigwait");
  });

  test("SIG-ERR-6", "sigqueue with a pid not above 0 fails EINVAL and sends nothing, even to the caller's group", async (t) => {
    const proc = await sigProcess(t);
    const caught = catchSignal(proc, SIGUSR1);
    const pids: BadValue[] = [
      { label: "0", value: 0 },
      { label: "-1", value: -1 },
      { label: "minus the caller's group", value: -proc.pgid },
      { label: "1.5", value: 1.5 },
      { label: "a string", value: String(proc.pid) },
      { label: "null", value: null },
    ];
    expectOutcomes(
      pids.map(({ label, value }): OutcomeRow => [`sigqueue(${label}, SIGUSR1, 1)`, () => loose(proc).sigqueue(value, SIGUSR1, 1), "EINVAL"]),
      "sigqueue with bad pids",
    );
    expectEqual(caught.length, 0, "deliveries to the caller's SIGUSR1 handler");
  });

  test("SIG-ERR-6", "sigqueue with a value that is not a 32-bit integer fails EINVAL and sends nothing", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGRTMIN);
    const values: BadValue[] = [
      { label: "2^31", value: 2 ** 31 },
      { label: "-2^31 - 1", value: -(2 ** 31) - 1 },
      { label: "1.5", value: 1.5 },
      { label: "NaN", value: Number.NaN },
      { label: 'the string "1"', value: "1" },
      { label: "undefined", value: undefined },
      { label: "null", value: null },
    ];
    expectOutcomes(
      values.map(({ label, value }): OutcomeRow => [`sigqueue(pid, SIGRTMIN, ${label})`, () => loose(sender).sigqueue(target.pid, SIGRTMIN, value), "EINVAL"]),
      "sigqueue with bad values",
    );
    expectPendingSignals(target, [], "the target's pending signals");
  });

  test("SIG-ERR-6", "the extreme 32-bit values, -2^31 and 2^31 - 1, are sent and received as given", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const caught = catchSignal(target, SIGRTMIN);
    sender.sigqueue(target.pid, SIGRTMIN, -(2 ** 31));
    sender.sigqueue(target.pid, SIGRTMIN, 2 ** 31 - 1);
    expectEqual(caught.map((info) => String(info.value)).join(", "), `${-(2 ** 31)}, ${2 ** 31 - 1}`, "the values received");
  });

  // ----- Permission ---------------------------------------------------------

  test("SIG-PERM-1", "a process that is not root may signal only processes of its own uid: another uid fails EPERM and receives nothing", async (t) => {
    const [sender, same, other, root] = await spawnAll(t, USER, { uid: 1000, gid: 200 }, OTHER, ROOT);
    const caught = [same!, other!, root!].map((proc) => catchSignal(proc, SIGUSR1));
    expectOutcomes(
      [
        ["kill of the same uid in another group", () => sender!.kill(same!.pid, SIGUSR1), "ok"],
        ["kill of another uid in the same group", () => sender!.kill(other!.pid, SIGUSR1), "EPERM"],
        ["kill of root", () => sender!.kill(root!.pid, SIGUSR1), "EPERM"],
        ["sigqueue to another uid", () => sender!.sigqueue(other!.pid, SIGUSR1, 1), "EPERM"],
        ["SIGKILL to another uid", () => sender!.kill(other!.pid, SIGKILL), "EPERM"],
      ],
      "signals from uid 1000",
    );
    expectEqual(caught.map((c) => c.length).join(", "), "1, 0, 0", "deliveries to the same uid, another uid and root");
    expectStatus(other!, RUNNING, "the other uid's process after the refused SIGKILL");
    expectPendingSignals(other!, [], "the other uid's pending signals");
  });

  test("SIG-PERM-1", "root may signal every process", async (t) => {
    const [root, user, other] = await spawnAll(t, ROOT, USER, OTHER);
    const caught = [user!, other!].map((proc) => catchSignal(proc, SIGUSR1));
    root!.kill(user!.pid, SIGUSR1);
    root!.sigqueue(other!.pid, SIGUSR1, 5);
    expectEqual(caught.map((c) => c.length).join(", "), "1, 1", "deliveries to uid 1000 and uid 1001");
    expectInfo(caught[1]![0], queueInfo(SIGUSR1, root!, 5), "what uid 1001's handler received from root");
  });

  test("SIG-PERM-1", "SIGCONT is checked like any other signal: another uid cannot resume a stopped process", async (t) => {
    const [user, other, root] = await spawnAll(t, USER, OTHER, ROOT);
    root!.kill(other!.pid, SIGSTOP);
    expectThrowsCode(() => user!.kill(other!.pid, SIGCONT), "EPERM", "SIGCONT from another uid");
    expectStatus(other!, stopped(SIGSTOP), "the stopped process after the refused SIGCONT");
    root!.kill(other!.pid, SIGCONT);
    expectStatus(other!, RUNNING, "the process after root's SIGCONT");
  });

  test("SIG-PERM-1", "kill(-1) by a user reaches only the processes of that user", async (t) => {
    const [sender, same, other] = await spawnAll(t, USER, USER, OTHER);
    const caught = [same!, other!].map((proc) => catchSignal(proc, SIGUSR1));
    sender!.kill(-1, SIGUSR1);
    expectEqual(caught.map((c) => c.length).join(", "), "1, 0", "deliveries to the same uid and another uid");
  });

  test("SIG-PERM-2", "sigaction may read SIGKILL and SIGSTOP but changing either fails EINVAL, to any disposition", async (t) => {
    const proc = await sigProcess(t);
    const rows: OutcomeRow[] = [SIGKILL, SIGSTOP].flatMap((signal): OutcomeRow[] => [
      [`sigaction(${nameOf(signal)}) (read)`, () => proc.sigaction(signal), "ok"],
      [`sigaction(${nameOf(signal)}, a handler)`, () => proc.sigaction(signal, { handler: () => undefined }), "EINVAL"],
      [`sigaction(${nameOf(signal)}, ignore)`, () => proc.sigaction(signal, { handler: "ignore" }), "EINVAL"],
      [`sigaction(${nameOf(signal)}, default)`, () => proc.sigaction(signal, { handler: "default" }), "EINVAL"],
    ]);
    expectOutcomes(rows, "sigaction of SIGKILL and SIGSTOP");
    expectEqual(proc.sigaction(SIGKILL).handler, "default", "the disposition of SIGKILL");
    expectEqual(proc.sigaction(SIGSTOP).handler, "default", "the disposition of SIGSTOP");
  });

  test("SIG-PERM-2", "SIGKILL terminates and SIGSTOP stops even a process that tried to catch, ignore and block them", async (t) => {
    const [sender, killed, stoppedProc] = await spawnAll(t, USER, USER, USER);
    for (const proc of [killed!, stoppedProc!]) {
      for (const signal of [SIGKILL, SIGSTOP]) outcome(() => proc.sigaction(signal, { handler: "ignore" }));
      proc.sigprocmask("set", [SIGKILL, SIGSTOP, SIGTERM]);
    }
    sender!.kill(killed!.pid, SIGKILL);
    sender!.kill(stoppedProc!.pid, SIGSTOP);
    expectStatus(killed!, signaled(SIGKILL, false), "the process sent SIGKILL");
    expectStatus(stoppedProc!, stopped(SIGSTOP), "the process sent SIGSTOP");
  });

  test("SIG-PERM-2", "a sigwait whose set names SIGKILL does not take it: the process is terminated", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const wait = start(() => target.sigwait([SIGKILL, SIGUSR1]), "sigwait([SIGKILL, SIGUSR1])");
    await expectPending(wait, "the sigwait before SIGKILL");
    sender.kill(target.pid, SIGKILL);
    expectStatus(target, signaled(SIGKILL, false), "the waiting process after SIGKILL");
    await drain();
    expectTrue(wait.state !== "fulfilled", "the sigwait", "not served by SIGKILL", `fulfilled with ${describeInfo(wait.value)}`);
  });

  test("SIG-PERM-3", "SIGKILL and SIGSTOP in sigprocmask's set are left out silently, whatever the how", async (t) => {
    const proc = await sigProcess(t);
    expectReturns(() => proc.sigprocmask("block", [SIGKILL, SIGSTOP, SIGUSR1]), "sigprocmask(block, [SIGKILL, SIGSTOP, SIGUSR1])");
    expectMask(proc, [SIGUSR1], "the mask after blocking SIGKILL, SIGSTOP and SIGUSR1");
    proc.sigprocmask("set", [SIGSTOP, SIGKILL]);
    expectMask(proc, [], "the mask after setting it to [SIGSTOP, SIGKILL]");
  });

  test("SIG-PERM-3", "a process that tried to block SIGSTOP and SIGKILL is stopped and terminated by them", async (t) => {
    const [sender, target] = await twoProcesses(t);
    target.sigprocmask("set", [SIGKILL, SIGSTOP]);
    sender.kill(target.pid, SIGSTOP);
    expectStatus(target, stopped(SIGSTOP), "the process after SIGSTOP");
    expectPendingSignals(target, [], "the pending signals after SIGSTOP (it was not blocked)");
    sender.kill(target.pid, SIGKILL);
    expectStatus(target, signaled(SIGKILL, false), "the process after SIGKILL");
  });

  test("SIG-PERM-3", "SIGKILL and SIGSTOP in an action's mask are not blocked while the handler runs", async (t) => {
    const proc = await sigProcess(t);
    let during: readonly number[] = [];
    catchSignal(proc, SIGUSR1, {
      mask: [SIGKILL, SIGSTOP, SIGUSR2],
      onSignal: () => {
        during = proc.sigprocmask("block");
        proc.kill(proc.pid, SIGSTOP);
      },
    });
    proc.kill(proc.pid, SIGUSR1);
    expectEqual(names(during), names([SIGUSR1, SIGUSR2]), "the mask while the handler runs");
    expectStatus(proc, stopped(SIGSTOP), "the process after the handler sent itself SIGSTOP");
  });

  // ----- Lifecycle ----------------------------------------------------------

  test("SIG-LIFE-1", "every signal whose default is to terminate ends the process, without a core dump", async (t) => {
    const terminating = [SIGHUP, SIGINT, SIGKILL, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGSTKFLT, SIGVTALRM, SIGPROF, SIGIO, SIGPWR];
    await expectDefaultActions(t, terminating, (signal) => signaled(signal, false), "the status after each terminating signal");
  });

  test("SIG-LIFE-1", "every real-time signal, 32 to 64, terminates by default", async (t) => {
    const realtime = Array.from({ length: SIGRTMAX - FIRST_REALTIME_SIGNAL + 1 }, (_, i) => FIRST_REALTIME_SIGNAL + i);
    await expectDefaultActions(t, realtime, (signal) => signaled(signal, false), "the status after each real-time signal");
  });

  test("SIG-LIFE-1", "QUIT, ILL, TRAP, ABRT, BUS, FPE, SEGV, XCPU, XFSZ and SYS terminate with a core dump", async (t) => {
    const core = [SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS];
    await expectDefaultActions(t, core, (signal) => signaled(signal, true), "the status after each core-dumping signal");
  });

  test("SIG-LIFE-1", "CHLD, URG and WINCH are ignored by default, and CONT to a running process does nothing", async (t) => {
    await expectDefaultActions(t, [SIGCHLD, SIGURG, SIGWINCH, SIGCONT], () => RUNNING, "the status after each ignored signal");
  });

  test("SIG-LIFE-1", "STOP, TSTP, TTIN and TTOU stop the process by default", async (t) => {
    await expectDefaultActions(t, [SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU], (signal) => stopped(signal), "the status after each stop signal");
  });

  test("SIG-LIFE-1", "a signal set back to its default takes the default action again", async (t) => {
    const [sender, target] = await twoProcesses(t);
    target.sigaction(SIGTERM, { handler: "ignore" });
    sender.kill(target.pid, SIGTERM);
    expectStatus(target, RUNNING, "the process after an ignored SIGTERM");
    target.sigaction(SIGTERM, { handler: "default" });
    sender.kill(target.pid, SIGTERM);
    expectStatus(target, signaled(SIGTERM, false), "the process after SIGTERM with the default disposition");
  });

  test("SIG-LIFE-2", "a process terminated by a signal is no longer alive, reports the signal, and its calls fail ESRCH", async (t) => {
    const [sender, target] = await twoProcesses(t);
    sender.kill(target.pid, SIGTERM);
    expectEqual(target.alive, false, "alive after SIGTERM");
    expectStatus(target, signaled(SIGTERM, false), "the status after SIGTERM");
    expectThrowsCode(() => target.kill(sender.pid, SIGUSR1), "ESRCH", "kill by the terminated process");
    expectThrowsCode(() => target.sigprocmask("block", [SIGUSR1]), "ESRCH", "sigprocmask by the terminated process");
    if (t.supports("pipe")) expectThrowsCode(() => target.pipe(), "ESRCH", "pipe() by the terminated process");
  });

  test("SIG-LIFE-2", "the status says whether the signal dumped core: SIGQUIT does, SIGINT does not", async (t) => {
    const [sender, quit, interrupted] = await spawnAll(t, USER, USER, USER);
    sender!.kill(quit!.pid, SIGQUIT);
    sender!.kill(interrupted!.pid, SIGINT);
    expectStatus(quit!, signaled(SIGQUIT, true), "the status after SIGQUIT");
    expectStatus(interrupted!, signaled(SIGINT, false), "the status after SIGINT");
  });

  test(
    "SIG-LIFE-2",
    "when the process holding the last write end of a pipe is terminated by a signal, the reader sees end of file",
    async (t) => {
      const parent = await sigProcess(t);
      const [reader, writer] = parent.pipe();
      const child = forkOf(parent);
      writer.close();
      const read = start(() => reader.read(new Uint8Array(4)), "a read while the child holds the write end");
      await expectPending(read, "the read before the child is terminated");
      parent.kill(child.pid, SIGTERM);
      await expectResolvesNow(read, 0, "the read after the writer's process was terminated (end of file)");
    },
    { requires: PIPE_FORK },
  );

  test(
    "SIG-LIFE-2",
    "when the process holding the last read end of a pipe is terminated by a signal, the writer fails EPIPE",
    async (t) => {
      const parent = await sigProcess(t);
      const [reader, writer] = parent.pipe();
      const child = forkOf(parent);
      reader.close();
      parent.sigaction(SIGPIPE, { handler: "ignore" });
      parent.kill(child.pid, SIGKILL);
      expectThrowsCode(() => writer.tryWrite(new Uint8Array([1])), "EPIPE", "a write once the reader's process was terminated");
    },
    { requires: PIPE_FORK },
  );

  test("SIG-LIFE-3", "a signal ignored by its disposition and not blocked is discarded: it never becomes pending", async (t) => {
    const [sender, target] = await twoProcesses(t);
    target.sigaction(SIGUSR1, { handler: "ignore" });
    sender.kill(target.pid, SIGUSR1);
    expectPendingSignals(target, [], "the pending signals after an ignored SIGUSR1");
    const caught = catchSignal(target, SIGUSR1);
    target.sigprocmask("set", []);
    expectEqual(caught.length, 0, "deliveries of the discarded SIGUSR1 once a handler is installed");
  });

  test("SIG-LIFE-3", "a signal whose default action is to ignore is discarded when not blocked", async (t) => {
    const [sender, target] = await twoProcesses(t);
    sender.kill(target.pid, SIGCHLD);
    sender.kill(target.pid, SIGWINCH);
    expectPendingSignals(target, [], "the pending signals after SIGCHLD and SIGWINCH");
    const log: SignalInfo[] = [];
    catchInto(target, log, [SIGCHLD, SIGWINCH]);
    expectEqual(log.length, 0, "deliveries once handlers are installed");
  });

  test("SIG-LIFE-3", "an ignored real-time signal that is not blocked is discarded, every instance", async (t) => {
    const [sender, target] = await twoProcesses(t);
    target.sigaction(SIGRTMIN, { handler: "ignore" });
    for (const value of [1, 2, 3]) sender.sigqueue(target.pid, SIGRTMIN, value);
    expectPendingSignals(target, [], "the pending signals after three ignored SIGRTMIN");
    expectThrowsCode(() => target.trySigwait([SIGRTMIN]), "EAGAIN", "trySigwait([SIGRTMIN]) after they were discarded");
  });

  test("SIG-LIFE-3", "a blocked signal stays pending though it is ignored, and is discarded if still ignored when unblocked", async (t) => {
    const [sender, target] = await twoProcesses(t);
    target.sigaction(SIGUSR1, { handler: "ignore" });
    block(target, SIGUSR1, SIGCHLD);
    sender.kill(target.pid, SIGUSR1);
    sender.kill(target.pid, SIGCHLD);
    expectPendingSignals(target, [SIGUSR1, SIGCHLD], "the pending signals: blocked, though ignored");
    target.sigprocmask("set", []);
    expectPendingSignals(target, [], "the pending signals once unblocked while still ignored");
    expectStatus(target, RUNNING, "the process after they were discarded");
  });

  test("SIG-LIFE-3", "a blocked, ignored signal whose disposition changes to a handler before it is unblocked is delivered", async (t) => {
    const [sender, target] = await twoProcesses(t);
    target.sigaction(SIGWINCH, { handler: "default" });
    block(target, SIGWINCH);
    sender.kill(target.pid, SIGWINCH);
    const caught = catchSignal(target, SIGWINCH);
    expectEqual(caught.length, 0, "deliveries while blocked");
    target.sigprocmask("unblock", [SIGWINCH]);
    expectEqual(caught.length, 1, "deliveries once unblocked, the handler installed meanwhile");
  });

  test("SIG-LIFE-4", "setting a pending signal's disposition to ignore discards it, blocked as it is", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGUSR1, SIGUSR2);
    sender.kill(target.pid, SIGUSR1);
    sender.kill(target.pid, SIGUSR2);
    target.sigaction(SIGUSR1, { handler: "ignore" });
    expectPendingSignals(target, [SIGUSR2], "the pending signals after ignoring SIGUSR1");
    const caught = catchSignal(target, SIGUSR1);
    catchSignal(target, SIGUSR2);
    target.sigprocmask("set", []);
    expectEqual(caught.length, 0, "deliveries of the discarded SIGUSR1 once caught and unblocked");
  });

  test("SIG-LIFE-4", "ignoring a real-time signal discards every queued instance", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGRTMIN);
    for (const value of [1, 2, 3]) sender.sigqueue(target.pid, SIGRTMIN, value);
    target.sigaction(SIGRTMIN, { handler: "ignore" });
    expectPendingSignals(target, [], "the pending signals after ignoring SIGRTMIN");
    expectThrowsCode(() => target.trySigwait([SIGRTMIN]), "EAGAIN", "trySigwait([SIGRTMIN]) after ignoring it");
  });

  test("SIG-LIFE-4", "setting the default disposition discards a pending signal whose default is to ignore, and keeps others", async (t) => {
    const [sender, target] = await twoProcesses(t);
    catchSignal(target, SIGCHLD);
    catchSignal(target, SIGCONT);
    catchSignal(target, SIGUSR1);
    block(target, SIGCHLD, SIGCONT, SIGUSR1);
    for (const signal of [SIGCHLD, SIGCONT, SIGUSR1]) sender.kill(target.pid, signal);
    for (const signal of [SIGCHLD, SIGCONT, SIGUSR1]) target.sigaction(signal, { handler: "default" });
    expectPendingSignals(target, [SIGUSR1], "the pending signals after setting CHLD, CONT and USR1 to default");
  });

  test("SIG-LIFE-4", "installing a handler keeps a pending signal pending", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGUSR1);
    sender.kill(target.pid, SIGUSR1);
    const caught = catchSignal(target, SIGUSR1);
    expectPendingSignals(target, [SIGUSR1], "the pending signals after installing a handler");
    target.sigprocmask("unblock", [SIGUSR1]);
    expectEqual(caught.length, 1, "deliveries once unblocked");
  });

  test("SIG-LIFE-5", "a stop signal stops the process; while stopped its signals stay pending, and SIGCONT delivers them", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const log: SignalInfo[] = [];
    catchInto(target, log, [SIGUSR1, SIGRTMIN]);
    sender.kill(target.pid, SIGTSTP);
    expectStatus(target, stopped(SIGTSTP), "the process after SIGTSTP");
    sender.kill(target.pid, SIGUSR1);
    sender.sigqueue(target.pid, SIGRTMIN, 1);
    sender.kill(target.pid, SIGTERM);
    expectEqual(log.length, 0, "deliveries while stopped");
    expectPendingSignals(target, [SIGUSR1, SIGTERM, SIGRTMIN], "the pending signals while stopped");
    expectStatus(target, stopped(SIGTSTP), "the process after SIGTERM while stopped");
    sender.kill(target.pid, SIGCONT);
    expectSignals(log, [SIGUSR1], "the deliveries once continued (SIGTERM then terminated the process)");
    expectStatus(target, signaled(SIGTERM, false), "the process once continued, SIGTERM pending");
  });

  test("SIG-LIFE-5", "SIGKILL terminates a stopped process", async (t) => {
    const [sender, target] = await twoProcesses(t);
    sender.kill(target.pid, SIGSTOP);
    sender.kill(target.pid, SIGKILL);
    expectStatus(target, signaled(SIGKILL, false), "the stopped process after SIGKILL");
  });

  test("SIG-LIFE-5", "a stopped process's own calls still run, and its sigwait still takes signals", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const wait = start(() => target.sigwait([SIGUSR2]), "sigwait([SIGUSR2]) before the stop");
    sender.kill(target.pid, SIGSTOP);
    expectReturns(() => target.sigprocmask("block", [SIGUSR1]), "sigprocmask while stopped");
    sender.kill(target.pid, SIGUSR2);
    await expectTakenNow(wait, SIGUSR2, "the sigwait of the stopped process");
    expectStatus(target, stopped(SIGSTOP), "the process after its sigwait completed");
  });

  test("SIG-LIFE-6", "SIGCONT resumes a stopped process even when it is blocked or ignored", async (t) => {
    const [sender, blocked, ignored] = await spawnAll(t, USER, USER, USER);
    block(blocked!, SIGCONT);
    ignored!.sigaction(SIGCONT, { handler: "ignore" });
    for (const target of [blocked!, ignored!]) {
      sender!.kill(target.pid, SIGSTOP);
      sender!.kill(target.pid, SIGCONT);
    }
    expectStatus(blocked!, RUNNING, "the process that blocks SIGCONT");
    expectPendingSignals(blocked!, [SIGCONT], "the pending signals of the process that blocks SIGCONT");
    expectStatus(ignored!, RUNNING, "the process that ignores SIGCONT");
  });

  test("SIG-LIFE-6", "SIGCONT with a handler resumes the process and the handler runs, after lower pending signals", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const log: SignalInfo[] = [];
    catchInto(target, log, [SIGUSR1, SIGCONT]);
    sender.kill(target.pid, SIGSTOP);
    sender.kill(target.pid, SIGUSR1);
    sender.kill(target.pid, SIGCONT);
    expectStatus(target, RUNNING, "the process after SIGCONT");
    expectSignals(log, [SIGUSR1, SIGCONT], "the deliveries as SIGCONT resumed the process");
  });

  test("SIG-LIFE-6", "generating SIGCONT discards pending stop signals, even caught ones", async (t) => {
    const [sender, target] = await twoProcesses(t);
    catchSignal(target, SIGTTIN);
    block(target, SIGTSTP, SIGTTIN, SIGTTOU);
    for (const signal of [SIGTSTP, SIGTTIN, SIGTTOU]) sender.kill(target.pid, signal);
    expectPendingSignals(target, [SIGTSTP, SIGTTIN, SIGTTOU], "the pending signals before SIGCONT");
    sender.kill(target.pid, SIGCONT);
    expectPendingSignals(target, [], "the pending signals after SIGCONT");
    target.sigprocmask("set", []);
    expectStatus(target, RUNNING, "the process once the stop signals' block was lifted");
  });

  test("SIG-LIFE-6", "generating a stop signal discards a pending SIGCONT", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const caught = catchSignal(target, SIGCONT);
    catchSignal(target, SIGTSTP);
    block(target, SIGCONT, SIGTSTP);
    sender.kill(target.pid, SIGCONT);
    sender.kill(target.pid, SIGTSTP);
    expectPendingSignals(target, [SIGTSTP], "the pending signals after SIGCONT then SIGTSTP");
    target.sigprocmask("set", []);
    expectEqual(caught.length, 0, "deliveries of the discarded SIGCONT");
  });

  test("SIG-LIFE-6", "a stop signal pending while stopped is discarded by SIGCONT, so the process runs on", async (t) => {
    const [sender, target] = await twoProcesses(t);
    sender.kill(target.pid, SIGSTOP);
    sender.kill(target.pid, SIGTSTP);
    expectPendingSignals(target, [SIGTSTP], "the pending signals while stopped");
    sender.kill(target.pid, SIGCONT);
    expectStatus(target, RUNNING, "the process after SIGCONT");
    expectPendingSignals(target, [], "the pending signals after SIGCONT");
  });

  test(
    "SIG-LIFE-7",
    "a forked child has its parent's dispositions and mask",
    async (t) => {
      const parent = await sigProcess(t);
      const handler = (): void => undefined;
      parent.sigaction(SIGUSR1, { handler });
      parent.sigaction(SIGTERM, { handler: "ignore" });
      block(parent, SIGUSR2, SIGRTMIN);
      const child = forkOf(parent);
      expectEqual(child.sigaction(SIGUSR1).handler, handler, "the child's SIGUSR1 handler");
      expectEqual(child.sigaction(SIGTERM).handler, "ignore", "the child's SIGTERM disposition");
      expectMask(child, [SIGUSR2, SIGRTMIN], "the child's mask");
      parent.kill(child.pid, SIGTERM);
      expectStatus(child, RUNNING, "the child after SIGTERM, which it ignores");
    },
    { requires: FORK },
  );

  test(
    "SIG-LIFE-7",
    "a forked child has no pending signal, and the parent keeps its own",
    async (t) => {
      const parent = await sigProcess(t);
      block(parent, SIGUSR1, SIGRTMIN);
      parent.kill(parent.pid, SIGUSR1);
      parent.sigqueue(parent.pid, SIGRTMIN, 1);
      const child = forkOf(parent);
      expectPendingSignals(child, [], "the child's pending signals");
      expectThrowsCode(() => child.trySigwait([SIGUSR1, SIGRTMIN]), "EAGAIN", "trySigwait in the child");
      expectPendingSignals(parent, [SIGUSR1, SIGRTMIN], "the parent's pending signals after the fork");
    },
    { requires: FORK },
  );

  test(
    "SIG-LIFE-7",
    "changes after the fork are the child's own: the parent's dispositions and mask stay",
    async (t) => {
      const parent = await sigProcess(t);
      const caught = catchSignal(parent, SIGUSR1);
      const child = forkOf(parent);
      child.sigaction(SIGUSR1, { handler: "ignore" });
      block(child, SIGUSR2);
      parent.kill(parent.pid, SIGUSR1);
      expectEqual(caught.length, 1, "deliveries to the parent's handler after the child ignored SIGUSR1");
      expectMask(parent, [], "the parent's mask after the child blocked SIGUSR2");
    },
    { requires: FORK },
  );

  test("SIG-LIFE-8", "with resetHand the disposition is default inside the handler, so the next instance takes the default action", async (t) => {
    const [sender, target] = await twoProcesses(t);
    let inside: SignalAction["handler"] | undefined;
    const caught = catchSignal(target, SIGUSR1, { resetHand: true, onSignal: () => (inside = target.sigaction(SIGUSR1).handler) });
    sender.kill(target.pid, SIGUSR1);
    expectEqual(inside, "default", "the disposition read inside the handler");
    expectEqual(target.sigaction(SIGUSR1).handler, "default", "the disposition after the handler");
    sender.kill(target.pid, SIGUSR1);
    expectEqual(caught.length, 1, "deliveries to the handler");
    expectStatus(target, signaled(SIGUSR1, false), "the process after the second SIGUSR1");
  });

  test("SIG-LIFE-8", "an instance sent from inside a resetHand handler is blocked until it returns, then takes the default action", async (t) => {
    const proc = await sigProcess(t);
    let statusInside = "";
    const caught = catchSignal(proc, SIGUSR1, {
      resetHand: true,
      onSignal: () => {
        if (caught.length > 1) return; // a handler left installed must not loop
        proc.kill(proc.pid, SIGUSR1);
        statusInside = proc.status.state;
      },
    });
    proc.kill(proc.pid, SIGUSR1);
    expectEqual(statusInside, "running", "the status inside the handler after sending SIGUSR1 again");
    expectEqual(caught.length, 1, "deliveries to the handler");
    expectStatus(proc, signaled(SIGUSR1, false), "the process after the handler returned");
  });

  test("SIG-LIFE-8", "without resetHand the handler stays installed for every instance", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const caught = catchSignal(target, SIGUSR1);
    for (let i = 0; i < 3; i++) sender.kill(target.pid, SIGUSR1);
    expectEqual(caught.length, 3, "deliveries of three SIGUSR1 sent one after another");
    expectStatus(target, RUNNING, "the process");
  });

  // ----- Atomicity ----------------------------------------------------------

  test("SIG-ATOM-1", "while a handler runs, its own signal and its action's mask are blocked; the mask before is restored after", async (t) => {
    const proc = await sigProcess(t);
    block(proc, SIGWINCH);
    let during: readonly number[] = [];
    catchSignal(proc, SIGUSR1, { mask: [SIGHUP, SIGRTMIN], onSignal: () => (during = proc.sigprocmask("block")) });
    proc.kill(proc.pid, SIGUSR1);
    expectEqual(names(during), names([SIGHUP, SIGUSR1, SIGWINCH, SIGRTMIN]), "the mask while the handler runs");
    expectMask(proc, [SIGWINCH], "the mask after the handler returned");
  });

  test("SIG-ATOM-1", "an instance of the handler's own signal sent during the handler waits until it returns", async (t) => {
    const proc = await sigProcess(t);
    let depth = 0;
    let deepest = 0;
    const caught = catchSignal(proc, SIGUSR1, {
      onSignal: () => {
        depth += 1;
        deepest = Math.max(deepest, depth);
        if (caught.length === 1) {
          proc.kill(proc.pid, SIGUSR1);
          expectEqual(caught.length, 1, "deliveries inside the first handler, after sending SIGUSR1 again");
        }
        depth -= 1;
      },
    });
    proc.kill(proc.pid, SIGUSR1);
    expectEqual(caught.length, 2, "deliveries once kill returned");
    expectEqual(deepest, 1, "the deepest nesting of the handler");
  });

  test("SIG-ATOM-1", "with noDefer the handler's own signal is not blocked: an instance sent inside it runs at once", async (t) => {
    const proc = await sigProcess(t);
    let during: readonly number[] = [];
    let nested = 0;
    const caught = catchSignal(proc, SIGUSR1, {
      noDefer: true,
      onSignal: () => {
        if (caught.length > 1) return;
        during = proc.sigprocmask("block");
        proc.kill(proc.pid, SIGUSR1);
        nested = caught.length;
      },
    });
    proc.kill(proc.pid, SIGUSR1);
    expectEqual(names(during), names([]), "the mask inside the noDefer handler");
    expectEqual(nested, 2, "deliveries seen inside the first handler, after it sent SIGUSR1 again");
  });

  test("SIG-ATOM-1", "a signal of the action's mask sent during the handler is delivered as the handler returns, not before", async (t) => {
    const proc = await sigProcess(t);
    const log: string[] = [];
    catchSignal(proc, SIGUSR2, { onSignal: () => log.push("USR2") });
    catchSignal(proc, SIGUSR1, {
      mask: [SIGUSR2],
      onSignal: () => {
        log.push("USR1 start");
        proc.kill(proc.pid, SIGUSR2);
        log.push("USR1 end");
      },
    });
    proc.kill(proc.pid, SIGUSR1);
    expectEqual(log.join(", "), "USR1 start, USR1 end, USR2", "the order of events");
  });

  test("SIG-ATOM-1", "a mask change made inside a handler is undone when the handler returns", async (t) => {
    const proc = await sigProcess(t);
    catchSignal(proc, SIGUSR1, {
      onSignal: () => {
        proc.sigprocmask("block", [SIGTERM]);
        proc.sigprocmask("unblock", [SIGHUP]);
      },
    });
    block(proc, SIGHUP);
    proc.kill(proc.pid, SIGUSR1);
    expectMask(proc, [SIGHUP], "the mask after a handler that blocked SIGTERM and unblocked SIGHUP");
  });

  test("SIG-ATOM-2", "a handler runs before kill returns, and nothing is delivered after", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const caught = catchSignal(target, SIGUSR1);
    sender.kill(target.pid, SIGUSR1);
    expectEqual(caught.length, 1, "deliveries when kill returned");
    await drain();
    expectEqual(caught.length, 1, "deliveries once the task queue drained");
  });

  test("SIG-ATOM-2", "a handler runs before sigqueue returns", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const caught = catchSignal(target, SIGRTMIN);
    sender.sigqueue(target.pid, SIGRTMIN, 9);
    expectEqual(caught.length, 1, "deliveries when sigqueue returned");
    await drain();
    expectEqual(caught.length, 1, "deliveries once the task queue drained");
  });

  test("SIG-ATOM-2", "a blocked signal is delivered by the sigprocmask that unblocks it, never on a later turn", async (t) => {
    const proc = await sigProcess(t);
    const caught = catchSignal(proc, SIGUSR1);
    block(proc, SIGUSR1);
    proc.kill(proc.pid, SIGUSR1);
    await drain();
    expectEqual(caught.length, 0, "deliveries while blocked, the task queue drained");
    proc.sigprocmask("unblock", [SIGUSR1]);
    expectEqual(caught.length, 1, "deliveries when sigprocmask returned");
    await drain();
    expectEqual(caught.length, 1, "deliveries once the task queue drained again");
  });

  test("SIG-ATOM-2", "a signal held back by a handler's mask is delivered as the handler returns, before kill returns", async (t) => {
    const proc = await sigProcess(t);
    let insideCount = -1;
    const second = catchSignal(proc, SIGUSR2);
    catchSignal(proc, SIGUSR1, {
      mask: [SIGUSR2],
      onSignal: () => {
        proc.kill(proc.pid, SIGUSR2);
        insideCount = second.length;
      },
    });
    proc.kill(proc.pid, SIGUSR1);
    expectEqual(insideCount, 0, "deliveries of SIGUSR2 inside the SIGUSR1 handler");
    expectEqual(second.length, 1, "deliveries of SIGUSR2 when kill(SIGUSR1) returned");
  });

  test("SIG-ATOM-2", "signals pending in a stopped process are delivered by the SIGCONT that resumes it, and by no other call", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const first = catchSignal(target, SIGUSR1);
    sender.kill(target.pid, SIGSTOP);
    sender.kill(target.pid, SIGUSR1);
    const second = catchSignal(target, SIGUSR1);
    target.sigpending();
    target.sigprocmask("set", []);
    outcome(() => target.trySigwait([SIGUSR2]));
    await drain();
    expectEqual(first.length + second.length, 0, "deliveries while stopped, after sigaction, sigpending, sigprocmask and trySigwait");
    sender.kill(target.pid, SIGCONT);
    expectEqual(second.length, 1, "deliveries to the handler installed while stopped, when SIGCONT returned");
  });

  // ----- Ordering -----------------------------------------------------------

  test("SIG-ORD-1", "instances of a standard signal generated while one is pending give one delivery, with the first one's information", async (t) => {
    const [target, first, second] = await spawnAll(t, USER, USER, USER);
    const caught = catchSignal(target!, SIGUSR1);
    block(target!, SIGUSR1);
    first!.kill(target!.pid, SIGUSR1);
    second!.kill(target!.pid, SIGUSR1);
    target!.kill(target!.pid, SIGUSR1);
    expectPendingSignals(target!, [SIGUSR1], "the pending signals after three SIGUSR1");
    target!.sigprocmask("unblock", [SIGUSR1]);
    expectEqual(caught.length, 1, "deliveries once unblocked");
    expectInfo(caught[0], userInfo(SIGUSR1, first!), "the information delivered");
  });

  test("SIG-ORD-1", "a standard signal sent by sigqueue coalesces too, keeping the first value", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGUSR2);
    for (const value of [1, 2, 3]) sender.sigqueue(target.pid, SIGUSR2, value);
    expectInfo(target.trySigwait([SIGUSR2]), queueInfo(SIGUSR2, sender, 1), "the one instance taken");
    expectThrowsCode(() => target.trySigwait([SIGUSR2]), "EAGAIN", "a second trySigwait([SIGUSR2])");
  });

  test("SIG-ORD-1", "once delivered, a standard signal may be pending again: coalescing is only of instances pending together", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const caught = catchSignal(target, SIGHUP);
    block(target, SIGHUP);
    sender.kill(target.pid, SIGHUP);
    sender.kill(target.pid, SIGHUP);
    target.sigprocmask("unblock", [SIGHUP]);
    block(target, SIGHUP);
    sender.kill(target.pid, SIGHUP);
    target.sigprocmask("unblock", [SIGHUP]);
    expectEqual(caught.length, 2, "deliveries of two rounds of pending SIGHUP");
  });

  test("SIG-ORD-2", "every instance of a real-time signal is delivered, in the order sent, each with its own value", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const caught = catchSignal(target, SIGRTMIN);
    block(target, SIGRTMIN);
    for (const value of [5, -3, 5, 0]) sender.sigqueue(target.pid, SIGRTMIN, value);
    expectPendingSignals(target, [SIGRTMIN], "the pending signals (listed once)");
    target.sigprocmask("unblock", [SIGRTMIN]);
    expectEqual(caught.map(describeInfo).join("; "), [5, -3, 5, 0].map((v) => describeInfo(queueInfo(SIGRTMIN, sender, v))).join("; "), "the deliveries");
  });

  test("SIG-ORD-2", "real-time signals sent by kill queue too, with code user, in order among sigqueue's", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGRTMAX);
    sender.kill(target.pid, SIGRTMAX);
    sender.sigqueue(target.pid, SIGRTMAX, 8);
    sender.kill(target.pid, SIGRTMAX);
    const taken = [1, 2, 3].map((n) => expectReturns(() => target.trySigwait([SIGRTMAX]), `trySigwait #${n}`));
    const expected = [userInfo(SIGRTMAX, sender), queueInfo(SIGRTMAX, sender, 8), userInfo(SIGRTMAX, sender)];
    expectEqual(taken.map(describeInfo).join("; "), expected.map(describeInfo).join("; "), "the instances taken by trySigwait");
    expectThrowsCode(() => target.trySigwait([SIGRTMAX]), "EAGAIN", "a fourth trySigwait");
  });

  test("SIG-ORD-2", "sigwait takes queued real-time instances one at a time, oldest first", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGRTMIN + 1);
    for (const value of [10, 20]) sender.sigqueue(target.pid, SIGRTMIN + 1, value);
    const first = await expectTakenNow(() => target.sigwait([SIGRTMIN + 1]), SIGRTMIN + 1, "the first sigwait");
    const second = await expectTakenNow(() => target.sigwait([SIGRTMIN + 1]), SIGRTMIN + 1, "the second sigwait");
    expectEqual(`${String(first.value)}, ${String(second.value)}`, "10, 20", "the values taken");
    expectPendingSignals(target, [], "the pending signals after both were taken");
  });

  test(
    "SIG-ORD-2",
    "any sequence of kill, sigqueue, mask changes, dispositions and sigwaits agrees with a model: nothing lost or delivered twice, real-time in order, standard coalesced, lowest first",
    async (t) => {
      await checkProperty(
        t,
        fc.asyncProperty(fc.commands(modelCommands(), { maxCommands: 40, size: "max" }), (commands) => runModel(t, commands)),
        "model-based run",
        "every step to agree with the model of the mask, dispositions and pending signals",
      );
    },
    { timeoutFactor: 4 },
  );

  test("SIG-ORD-3", "signals unblocked together are delivered lowest number first, standard before real-time", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const order = [SIGRTMIN + 1, SIGTERM, SIGRTMIN, SIGHUP, SIGUSR1, FIRST_REALTIME_SIGNAL, SIGRTMAX];
    const log: SignalInfo[] = [];
    catchInto(target, log, order);
    block(target, ...order);
    for (const signal of order) sender.kill(target.pid, signal);
    target.sigprocmask("set", []);
    expectSignals(log, [...order].sort((a, b) => a - b), "the order of delivery");
  });

  test("SIG-ORD-3", "sigwait and trySigwait take the lowest pending signal of their set first", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const set = [SIGUSR2, SIGRTMIN, SIGUSR1, SIGALRM];
    block(target, ...set);
    for (const signal of [SIGRTMIN, SIGALRM, SIGUSR2, SIGUSR1]) sender.kill(target.pid, signal);
    const first = await expectTakenNow(() => target.sigwait(set), SIGUSR1, "the first sigwait");
    const rest = [2, 3, 4].map((n) => expectReturns(() => target.trySigwait(set), `trySigwait #${n}`));
    expectSignals([first, ...rest], [SIGUSR1, SIGUSR2, SIGALRM, SIGRTMIN], "the order taken");
  });

  test("SIG-ORD-3", "signals pending in a stopped process are delivered lowest first when it continues", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const log: SignalInfo[] = [];
    catchInto(target, log, [SIGRTMAX, SIGUSR2, SIGHUP]);
    sender.kill(target.pid, SIGSTOP);
    for (const signal of [SIGRTMAX, SIGUSR2, SIGHUP]) sender.kill(target.pid, signal);
    sender.kill(target.pid, SIGCONT);
    expectSignals(log, [SIGHUP, SIGUSR2, SIGRTMAX], "the order of delivery after SIGCONT");
  });

  test(
    "SIG-ORD-4",
    "a spawned process leads a new group and a forked child joins its parent's",
    async (t) => {
      const [a, b] = await twoProcesses(t);
      expectEqual(a.pgid, a.pid, "the pgid of a spawned process");
      expectEqual(b.pgid, b.pid, "the pgid of a second spawned process");
      const child = forkOf(a);
      const grandchild = forkOf(child);
      expectEqual(`${child.pgid}, ${grandchild.pgid}`, `${a.pid}, ${a.pid}`, "the pgids of a child and a grandchild");
    },
    { requires: FORK },
  );

  test(
    "SIG-ORD-4",
    "kill(0) signals every process of the caller's group, the caller included, and no other",
    async (t) => {
      const [leader, stranger] = await twoProcesses(t);
      const child = forkOf(leader);
      const caught = [leader, child, stranger].map((proc) => catchSignal(proc, SIGUSR1));
      child.kill(0, SIGUSR1);
      expectEqual(caught.map((c) => c.length).join(", "), "1, 1, 0", "deliveries to the leader, the child and a process of another group");
    },
    { requires: FORK },
  );

  test(
    "SIG-ORD-4",
    "kill(-g) signals every process of group g",
    async (t) => {
      const [sender, leader] = await twoProcesses(t);
      const child = forkOf(leader);
      const caught = [sender, leader, child].map((proc) => catchSignal(proc, SIGUSR2));
      sender.kill(-leader.pgid, SIGUSR2);
      expectEqual(caught.map((c) => c.length).join(", "), "0, 1, 1", "deliveries to the sender, the group's leader and its child");
    },
    { requires: FORK },
  );

  test("SIG-ORD-4", "kill(-1) signals every process the caller may signal but the caller itself", async (t) => {
    const [sender, a, b] = await spawnAll(t, USER, USER, USER);
    const caught = [sender!, a!, b!].map((proc) => catchSignal(proc, SIGUSR1));
    sender!.kill(-1, SIGUSR1);
    expectEqual(caught.map((c) => c.length).join(", "), "0, 1, 1", "deliveries to the caller and the two others");
  });

  test("SIG-ORD-4", "a group or broadcast kill fails ESRCH when no process matches and EPERM when the caller may signal none", async (t) => {
    const [sender, other] = await twoProcesses(t, USER, OTHER);
    const caught = catchSignal(other, SIGUSR1);
    expectOutcomes(
      [
        ["kill of a group nobody leads", () => sender.kill(-NO_PID, SIGUSR1), "ESRCH"],
        ["kill of another uid's group", () => sender.kill(-other.pgid, SIGUSR1), "EPERM"],
        ["kill(-1) with only another uid's process besides the caller", () => sender.kill(-1, SIGUSR1), "EPERM"],
      ],
      "group kills",
    );
    expectEqual(caught.length, 0, "deliveries to the other uid's process");
  });

  test("SIG-ORD-4", "kill(-1) by a process alone in its system fails ESRCH", async (t) => {
    const proc = await sigProcess(t);
    const caught = catchSignal(proc, SIGUSR1);
    expectThrowsCode(() => proc.kill(-1, SIGUSR1), "ESRCH", "kill(-1) with nobody else");
    expectEqual(caught.length, 0, "deliveries to the caller");
  });

  // ----- Capacity -----------------------------------------------------------

  test("SIG-CAP-1", "at most SIGQUEUE_MAX real-time signals queue for a process: one more fails EAGAIN and is not queued", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGRTMIN, SIGRTMAX);
    for (let i = 0; i < SIGQUEUE_MAX; i++) sender.sigqueue(target.pid, i % 2 === 0 ? SIGRTMIN : SIGRTMAX, i);
    expectThrowsCode(() => sender.sigqueue(target.pid, SIGRTMIN, -1), "EAGAIN", `sigqueue with ${SIGQUEUE_MAX} queued`);
    expectThrowsCode(() => sender.kill(target.pid, SIGRTMAX), "EAGAIN", `kill of a real-time signal with ${SIGQUEUE_MAX} queued`);
    let count = 0;
    let last = -2;
    let ordered = true;
    for (let taken = outcome(() => target.trySigwait([SIGRTMIN])); taken === "ok"; taken = outcome(() => target.trySigwait([SIGRTMIN]))) count += 1;
    for (;;) {
      let info: SignalInfo;
      try {
        info = target.trySigwait([SIGRTMAX]);
      } catch (error) {
        if (IpcError.is(error, "EAGAIN")) break;
        throw error;
      }
      ordered &&= (info.value ?? -2) > last;
      last = info.value ?? -2;
      count += 1;
    }
    expectEqual(count, SIGQUEUE_MAX, "the instances queued, the refused ones not among them");
    expectTrue(ordered, "the values of SIGRTMAX taken", "ascending, as sent", "out of order");
  });

  test("SIG-CAP-1", "taking one queued signal makes room for one more", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGRTMIN);
    for (let i = 0; i < SIGQUEUE_MAX; i++) sender.sigqueue(target.pid, SIGRTMIN, i);
    expectThrowsCode(() => sender.sigqueue(target.pid, SIGRTMIN, -1), "EAGAIN", "sigqueue with the queue full");
    expectEqual(target.trySigwait([SIGRTMIN]).value, 0, "the first value taken");
    expectReturns(() => sender.sigqueue(target.pid, SIGRTMIN, SIGQUEUE_MAX), "sigqueue after one was taken");
    expectThrowsCode(() => sender.sigqueue(target.pid, SIGRTMIN, -1), "EAGAIN", "sigqueue with the queue full again");
  });

  test("SIG-CAP-1", "standard signals and real-time signals delivered at once do not count against the limit", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const caught = catchSignal(target, SIGRTMAX);
    for (let i = 0; i < SIGQUEUE_MAX + 10; i++) sender.sigqueue(target.pid, SIGRTMAX, i);
    expectEqual(caught.length, SIGQUEUE_MAX + 10, "deliveries of signals delivered as sent");
    block(target, SIGRTMIN, SIGUSR1);
    for (let i = 0; i < SIGQUEUE_MAX; i++) sender.sigqueue(target.pid, SIGRTMIN, i);
    expectReturns(() => sender.kill(target.pid, SIGUSR1), "kill of a standard signal with the real-time queue full");
    expectPendingSignals(target, [SIGUSR1, SIGRTMIN], "the pending signals");
  });

  test("SIG-CAP-1", "the limit is per receiving process: another process's queue is not affected", async (t) => {
    const [sender, full, empty] = await spawnAll(t, USER, USER, USER);
    block(full!, SIGRTMIN);
    block(empty!, SIGRTMIN);
    for (let i = 0; i < SIGQUEUE_MAX; i++) sender!.sigqueue(full!.pid, SIGRTMIN, i);
    expectReturns(() => sender!.sigqueue(empty!.pid, SIGRTMIN, 1), "sigqueue to a process with nothing queued");
  });

  // ----- Blocking -----------------------------------------------------------

  test("SIG-BLK-1", "a blocked signal stays pending, listed by sigpending, and is delivered by the sigprocmask that unblocks it", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const caught = catchSignal(target, SIGUSR1);
    block(target, SIGUSR1);
    sender.kill(target.pid, SIGUSR1);
    expectEqual(caught.length, 0, "deliveries while blocked");
    expectPendingSignals(target, [SIGUSR1], "the pending signals while blocked");
    target.sigprocmask("unblock", [SIGUSR1]);
    expectEqual(caught.length, 1, "deliveries when sigprocmask(unblock) returned");
    expectPendingSignals(target, [], "the pending signals after delivery");
  });

  test("SIG-BLK-1", "setting the mask to one without the signal unblocks it too, and sigprocmask returns the mask before", async (t) => {
    const proc = await sigProcess(t);
    const caught = catchSignal(proc, SIGUSR2);
    block(proc, SIGUSR2, SIGHUP);
    proc.kill(proc.pid, SIGUSR2);
    const before = proc.sigprocmask("set", [SIGHUP]);
    expectEqual(names(before), names([SIGHUP, SIGUSR2]), "the mask sigprocmask(set) returned");
    expectEqual(caught.length, 1, "deliveries when sigprocmask(set) returned");
  });

  test("SIG-BLK-1", "a blocked signal with the default action takes it when unblocked", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGTERM);
    sender.kill(target.pid, SIGTERM);
    expectStatus(target, RUNNING, "the process while SIGTERM is blocked");
    target.sigprocmask("unblock", [SIGTERM]);
    expectStatus(target, signaled(SIGTERM, false), "the process once SIGTERM was unblocked");
  });

  test("SIG-BLK-1", "blocking or unblocking other signals leaves a blocked one pending", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const caught = catchSignal(target, SIGUSR1);
    block(target, SIGUSR1);
    sender.kill(target.pid, SIGUSR1);
    target.sigprocmask("block", [SIGUSR2]);
    target.sigprocmask("unblock", [SIGUSR2, SIGHUP]);
    expectEqual(caught.length, 0, "deliveries after changes to other signals");
    expectPendingSignals(target, [SIGUSR1], "the pending signals");
  });

  test("SIG-BLK-2", "sigwait takes a pending signal of its set at once, and it is no longer pending", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const caught = catchSignal(target, SIGUSR1);
    block(target, SIGUSR1);
    sender.kill(target.pid, SIGUSR1);
    const info = await expectTakenNow(() => target.sigwait([SIGUSR1, SIGUSR2]), SIGUSR1, "sigwait with SIGUSR1 pending");
    expectInfo(info, userInfo(SIGUSR1, sender), "what sigwait took");
    expectPendingSignals(target, [], "the pending signals after sigwait");
    target.sigprocmask("unblock", [SIGUSR1]);
    expectEqual(caught.length, 0, "deliveries to the handler: the wait took the signal");
  });

  test("SIG-BLK-2", "sigwait waits until a signal of its set is generated, and the handler never sees it", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const caught = catchSignal(target, SIGUSR2);
    block(target, SIGUSR2);
    const wait = start(() => target.sigwait([SIGUSR2]), "sigwait([SIGUSR2]) with nothing pending");
    await expectPending(wait, "the sigwait with nothing pending");
    sender.sigqueue(target.pid, SIGUSR2, 4);
    expectInfo(await expectTakenNow(wait, SIGUSR2, "the sigwait"), queueInfo(SIGUSR2, sender, 4), "what the sigwait took");
    target.sigprocmask("unblock", [SIGUSR2]);
    expectEqual(caught.length, 0, "deliveries to the handler");
  });

  test("SIG-BLK-2", "a signal of the set generated while the wait is in progress is taken by it even when unblocked and caught", async (t) => {
    const [sender, target] = await twoProcesses(t);
    const caught = catchSignal(target, SIGUSR1);
    const wait = start(() => target.sigwait([SIGUSR1]), "sigwait([SIGUSR1]), SIGUSR1 not blocked");
    await expectPending(wait, "the sigwait");
    sender.kill(target.pid, SIGUSR1);
    await expectTakenNow(wait, SIGUSR1, "the sigwait");
    expectEqual(caught.length, 0, "deliveries to the SIGUSR1 handler");
  });

  test("SIG-BLK-2", "a blocked signal outside the set stays pending and the wait goes on", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGUSR1, SIGUSR2);
    const wait = start(() => target.sigwait([SIGUSR2]), "sigwait([SIGUSR2])");
    sender.kill(target.pid, SIGUSR1);
    await expectPending(wait, "the sigwait after SIGUSR1, outside its set");
    expectPendingSignals(target, [SIGUSR1], "the pending signals");
    sender.kill(target.pid, SIGUSR2);
    await expectTakenNow(wait, SIGUSR2, "the sigwait");
  });

  test("SIG-BLK-2", "of two sigwaits for one signal, the one that has waited longest takes it", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGUSR1);
    const first = start(() => target.sigwait([SIGUSR1]), "the first sigwait");
    const second = start(() => target.sigwait([SIGUSR1, SIGUSR2]), "the second sigwait");
    sender.kill(target.pid, SIGUSR1);
    await expectTakenNow(first, SIGUSR1, "the first sigwait");
    await expectPending(second, "the second sigwait after one SIGUSR1");
    sender.kill(target.pid, SIGUSR1);
    await expectTakenNow(second, SIGUSR1, "the second sigwait");
  });

  test("SIG-BLK-2", "a sigwait takes only its own process's signals", async (t) => {
    const [a, b] = await twoProcesses(t);
    block(a, SIGUSR1);
    block(b, SIGUSR1);
    const wait = start(() => a.sigwait([SIGUSR1]), "a sigwait in process a");
    a.kill(b.pid, SIGUSR1);
    await expectPending(wait, "process a's sigwait after SIGUSR1 was sent to b");
    expectPendingSignals(b, [SIGUSR1], "process b's pending signals");
    b.kill(a.pid, SIGUSR1);
    await expectTakenNow(wait, SIGUSR1, "process a's sigwait");
  });

  test("SIG-BLK-3", "a handler for a signal outside the set interrupts sigwait with EINTR, even with restart", async (t) => {
    for (const restart of [false, true]) {
      const [sender, target] = await twoProcesses(t);
      const caught = catchSignal(target, SIGUSR1, { restart });
      block(target, SIGUSR2);
      const wait = start(() => target.sigwait([SIGUSR2]), `sigwait([SIGUSR2]) (handler restart ${restart})`);
      await expectPending(wait, "the sigwait before the handler runs");
      sender.kill(target.pid, SIGUSR1);
      expectEqual(caught.length, 1, "deliveries to the SIGUSR1 handler");
      await expectRejectsNow(wait, "EINTR", `the sigwait once the handler ran (restart ${restart})`);
    }
  });

  test("SIG-BLK-3", "an interrupted sigwait takes nothing: a signal of its set sent afterwards stays pending", async (t) => {
    const [sender, target] = await twoProcesses(t);
    catchSignal(target, SIGHUP);
    block(target, SIGUSR2);
    const wait = start(() => target.sigwait([SIGUSR2]), "sigwait([SIGUSR2])");
    sender.kill(target.pid, SIGHUP);
    await expectRejectsNow(wait, "EINTR", "the sigwait once the SIGHUP handler ran");
    sender.kill(target.pid, SIGUSR2);
    expectPendingSignals(target, [SIGUSR2], "the pending signals after the interrupted wait");
  });

  test("SIG-BLK-3", "a handler run by unblocking a pending signal interrupts the wait too; an ignored signal does not", async (t) => {
    const [sender, target] = await twoProcesses(t);
    catchSignal(target, SIGUSR1);
    target.sigaction(SIGHUP, { handler: "ignore" });
    block(target, SIGUSR1, SIGUSR2);
    sender.kill(target.pid, SIGUSR1);
    const wait = start(() => target.sigwait([SIGUSR2]), "sigwait([SIGUSR2])");
    sender.kill(target.pid, SIGHUP);
    await expectPending(wait, "the sigwait after an ignored SIGHUP");
    target.sigprocmask("unblock", [SIGUSR1]);
    await expectRejectsNow(wait, "EINTR", "the sigwait once unblocking ran the SIGUSR1 handler");
  });

  test("SIG-BLK-4", "an aborted sigwait fails ECANCELED with the reason, and a signal sent afterwards stays pending", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGUSR1);
    const controller = new AbortController();
    const wait = start(() => target.sigwait([SIGUSR1], { signal: controller.signal }), "sigwait([SIGUSR1]) with a signal");
    await expectPending(wait, "the sigwait before the abort");
    const reason = new Error("stop");
    controller.abort(reason);
    const error = await expectRejectsNow(wait, "ECANCELED", "the sigwait once aborted");
    expectEqual(error.cause, reason, "the cause of the ECANCELED (the signal's reason)");
    sender.kill(target.pid, SIGUSR1);
    expectPendingSignals(target, [SIGUSR1], "the pending signals after the aborted wait");
  });

  test("SIG-BLK-4", "a sigwait with an already aborted signal fails ECANCELED and leaves a pending signal of its set pending", async (t) => {
    const proc = await sigProcess(t);
    block(proc, SIGUSR2);
    proc.kill(proc.pid, SIGUSR2);
    await expectRejectsNow(() => proc.sigwait([SIGUSR2], { signal: AbortSignal.abort() }), "ECANCELED", "sigwait with an aborted signal");
    expectPendingSignals(proc, [SIGUSR2], "the pending signals after the refused wait");
  });

  test("SIG-BLK-4", "aborting one of two sigwaits passes the next signal to the other", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGUSR1);
    const controller = new AbortController();
    const first = start(() => target.sigwait([SIGUSR1], { signal: controller.signal }), "the first sigwait, with a signal");
    const second = start(() => target.sigwait([SIGUSR1]), "the second sigwait");
    controller.abort();
    await expectRejectsNow(first, "ECANCELED", "the first sigwait once aborted");
    sender.kill(target.pid, SIGUSR1);
    await expectTakenNow(second, SIGUSR1, "the second sigwait");
  });

  test("SIG-BLK-5", "a handler interrupts only the sigwait that has waited longest; the others go on waiting", async (t) => {
    const [sender, target] = await twoProcesses(t);
    catchSignal(target, SIGUSR1);
    block(target, SIGUSR2);
    const waits = [1, 2, 3].map((n) => start(() => target.sigwait([SIGUSR2]), `sigwait #${n}`));
    await expectPending(waits[2]!, "the third sigwait");
    sender.kill(target.pid, SIGUSR1);
    await expectRejectsNow(waits[0]!, "EINTR", "the oldest sigwait, once the handler ran");
    await expectPending(waits[1]!, "the second sigwait after one handler");
    sender.kill(target.pid, SIGUSR1);
    await expectRejectsNow(waits[1]!, "EINTR", "the second sigwait, once a second handler ran");
    await expectPending(waits[2]!, "the third sigwait after two handlers");
    sender.kill(target.pid, SIGUSR2);
    await expectTakenNow(waits[2]!, SIGUSR2, "the third sigwait");
  });

  test("SIG-BLK-5", "a handler interrupts no blocked call of another process", async (t) => {
    const [a, b] = await twoProcesses(t);
    catchSignal(a, SIGUSR1);
    const wait = start(() => b.sigwait([SIGUSR2]), "a sigwait in process b");
    a.kill(a.pid, SIGUSR1);
    await expectPending(wait, "process b's sigwait after a handler ran in process a");
    a.kill(b.pid, SIGUSR2);
    await expectTakenNow(wait, SIGUSR2, "process b's sigwait");
  });

  test(
    "SIG-BLK-5",
    "of two reads blocked on a pipe, a handler interrupts the older one: it fails EINTR and the other keeps its place",
    async (t) => {
      const proc = await sigProcess(t);
      const [reader, writer] = proc.pipe();
      catchSignal(proc, SIGUSR1);
      const first = start(() => reader.read(new Uint8Array(4)), "the first read on the empty pipe");
      const second = start(() => reader.read(new Uint8Array(4)), "the second read on the empty pipe");
      await expectPending(second, "the second read");
      proc.kill(proc.pid, SIGUSR1);
      await expectRejectsNow(first, "EINTR", "the older read once the handler ran");
      await expectPending(second, "the newer read after the handler");
      writer.tryWrite(new Uint8Array([7]));
      await expectResolvesNow(second, 1, "the newer read, served by the write");
    },
    { requires: PIPE },
  );

  test(
    "SIG-BLK-5",
    "when the oldest blocked call is restarted by the handler, no newer call is interrupted in its place",
    async (t) => {
      const proc = await sigProcess(t);
      const [reader, writer] = proc.pipe();
      catchSignal(proc, SIGUSR1, { restart: true });
      block(proc, SIGUSR2);
      const read = start(() => reader.read(new Uint8Array(4)), "a read on the empty pipe");
      const wait = start(() => proc.sigwait([SIGUSR2]), "a newer sigwait");
      await expectPending(wait, "the sigwait");
      proc.kill(proc.pid, SIGUSR1);
      await expectPending(read, "the read, restarted under restart");
      await expectPending(wait, "the newer sigwait, not interrupted in the read's place");
      writer.tryWrite(new Uint8Array([1]));
      await expectResolvesNow(read, 1, "the restarted read, served by the write");
      proc.kill(proc.pid, SIGUSR2);
      await expectTakenNow(wait, SIGUSR2, "the sigwait");
    },
    { requires: PIPE },
  );

  // ----- Timeouts -----------------------------------------------------------

  test("SIG-TMO-1", "sigwait with a timeout fails EAGAIN (not ETIMEDOUT) when it passes, taking nothing", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGUSR1);
    const wait = start(() => target.sigwait([SIGUSR1], { timeout: 5 }), "sigwait([SIGUSR1], timeout 5 ms)");
    await expectRejectsCode(wait.promise, "EAGAIN", "the sigwait whose timeout passed");
    sender.kill(target.pid, SIGUSR1);
    expectPendingSignals(target, [SIGUSR1], "the pending signals after the timed-out wait");
  });

  test("SIG-TMO-1", "a signal generated before the timeout is taken, and the wait does not fail later", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGUSR2);
    const wait = start(() => target.sigwait([SIGUSR2], { timeout: 10 }), "sigwait([SIGUSR2], timeout 10 ms)");
    await expectPending(wait, "the sigwait before its timeout");
    sender.kill(target.pid, SIGUSR2);
    await expectTakenNow(wait, SIGUSR2, "the sigwait");
    await expectRejectsCode(target.sigwait([SIGUSR1], { timeout: 20 }), "EAGAIN", "a later timed wait, to let the first timeout pass");
    expectEqual(wait.state, "fulfilled", "the first sigwait, once its timeout would have passed");
  });

  test("SIG-TMO-1", "a zero timeout polls: EAGAIN at once when nothing of the set is pending, else the lowest pending", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGUSR1, SIGHUP);
    sender.kill(target.pid, SIGHUP);
    await expectRejectsNow(() => target.sigwait([SIGUSR1], { timeout: 0 }), "EAGAIN", "sigwait([SIGUSR1], timeout 0) with only SIGHUP pending");
    sender.kill(target.pid, SIGUSR1);
    await expectTakenNow(() => target.sigwait([SIGUSR1, SIGHUP], { timeout: 0 }), SIGHUP, "sigwait([SIGUSR1, SIGHUP], timeout 0)");
    expectPendingSignals(target, [SIGUSR1], "the pending signals after the polls");
  });

  test("SIG-TMO-1", "trySigwait fails EAGAIN at once when nothing of its set is pending, and leaves other signals pending", async (t) => {
    const [sender, target] = await twoProcesses(t);
    block(target, SIGUSR2);
    expectThrowsCode(() => target.trySigwait([SIGUSR1]), "EAGAIN", "trySigwait([SIGUSR1]) with nothing pending");
    sender.kill(target.pid, SIGUSR2);
    expectThrowsCode(() => target.trySigwait([SIGUSR1, SIGRTMIN]), "EAGAIN", "trySigwait([SIGUSR1, SIGRTMIN]) with only SIGUSR2 pending");
    expectPendingSignals(target, [SIGUSR2], "the pending signals after the failed polls");
    expectInfo(expectReturns(() => target.trySigwait([SIGUSR2]), "trySigwait([SIGUSR2])"), userInfo(SIGUSR2, sender), "what trySigwait took");
  });

  // ----- Non-blocking -------------------------------------------------------

  test("SIG-NB-1", "kill, sigqueue, sigaction, sigprocmask, sigpending and trySigwait return their results synchronously", async (t) => {
    const [sender, target] = await twoProcesses(t);
    catchSignal(target, SIGUSR1);
    expectReturns(() => sender.kill(target.pid, SIGUSR1), "kill");
    expectReturns(() => sender.sigqueue(target.pid, SIGUSR1, 1), "sigqueue");
    expectReturns(() => target.sigaction(SIGUSR2, { handler: "ignore" }), "sigaction setting a disposition");
    expectReturns(() => target.sigaction(SIGUSR2), "sigaction reading a disposition");
    expectReturns(() => target.sigprocmask("block", [SIGHUP]), "sigprocmask");
    sender.kill(target.pid, SIGHUP);
    expectReturns(() => target.sigpending(), "sigpending");
    expectReturns(() => target.trySigwait([SIGHUP]), "trySigwait");
  });

  test("SIG-NB-1", "their failures are synchronous throws, never rejected promises", async (t) => {
    const proc = await sigProcess(t);
    expectThrowsCode(() => proc.kill(NO_PID, SIGUSR1), "ESRCH", "kill of a pid nobody has");
    expectThrowsCode(() => proc.sigqueue(0, SIGUSR1, 1), "EINVAL", "sigqueue to pid 0");
    expectThrowsCode(() => proc.sigaction(SIGKILL, { handler: "ignore" }), "EINVAL", "sigaction(SIGKILL, ignore)");
    expectThrowsCode(() => loose(proc).sigprocmask("bogus", [SIGUSR1]), "EINVAL", "sigprocmask with a bad how");
    expectThrowsCode(() => proc.trySigwait([SIGUSR1]), "EAGAIN", "trySigwait with nothing pending");
  });
}
