/**
 * Fixtures shared by the conformance suites of the mechanisms: the users of
 * permission tests, a process checked to have a mechanism's calls, the
 * umask, values of the wrong type for argument checks, reading what a
 * pipe end holds, and catching signals.
 *
 * @module
 */

import type { UmaskApi } from "../spec/namespace.ts";
import type { PipeEnd } from "../spec/pipe.ts";
import type { SignalAction, SignalApi, SignalInfo } from "../spec/signal.ts";
import { SIGPIPE, SIGUSR1 } from "../spec/signal.ts";
import type { IpcProcess, IpcSystem, SpawnOptions } from "../spec/system.ts";
import { AssertionFailure, describeValue, expectThrowsCode } from "./assert.ts";
import type { TestContext } from "./harness.ts";

// ---------------------------------------------------------------------------
// Processes and users
// ---------------------------------------------------------------------------

/**
 * Fails unless the process has every call named, as functions: a process of
 * an implementation that declares `feature` must. Returns the process, typed
 * as having the calls.
 *
 * @param proc - the process
 * @param names - the calls it must have
 * @param feature - the feature that promises them, for the failure
 * @param expected - what each call should be, in words, for the failure;
 *   default `"a function (the manifest declares FEATURE)"`
 * @returns `proc`, typed as `P`
 * @throws {AssertionFailure} naming the first call that is not a function
 *
 * @example A process with the FIFO calls
 * ```ts
 * import { requireCalls } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * import type { FifoApi, IpcProcess } from "ipckit/spec";
 * const proc = requireCalls<IpcProcess & FifoApi>(createSystem().spawn(), ["mkfifo", "openFifo", "tryOpenFifo", "unlink"], "fifo");
 * proc.mkfifo("/tmp/fifo");
 * ```
 */
export function requireCalls<P extends IpcProcess>(
  proc: IpcProcess,
  names: readonly (keyof P & string)[],
  feature: string,
  expected = `a function (the manifest declares ${feature})`,
): P {
  const members = proc as unknown as Readonly<Record<string, unknown>>;
  for (const name of names) {
    if (typeof members[name] !== "function") {
      throw new AssertionFailure(`the process's ${name}`, expected, describeValue(members[name]));
    }
  }
  return proc as P;
}

/**
 * Sets a process's umask; only in tests that require `"process.umask"`.
 *
 * @param proc - the process
 * @param mask - the new umask
 * @throws {AssertionFailure} when the process has no `umask` call
 *
 * @example Create with the group write bit kept
 * ```ts
 * import { setUmask } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * const proc = createSystem().spawn({ uid: 1000, gid: 100 });
 * setUmask(proc, 0o002);
 * console.assert(proc.umask(0o022) === 0o002);
 * ```
 */
export function setUmask(proc: IpcProcess, mask: number): void {
  const umask = (proc as IpcProcess & Partial<UmaskApi>).umask;
  if (typeof umask !== "function") {
    throw new AssertionFailure("the process's umask", "a function (the manifest declares the umask feature)", describeValue(umask));
  }
  umask.call(proc, mask);
}

/**
 * The five users of the permission tests of FIFOs, shared memory and named
 * semaphores: the owner of the objects, a member of the owning group by its
 * primary gid, one by a supplementary group, another user, and root. Spawned
 * in this order by {@link users}.
 *
 * @example The owner and the supplementary member share group 100
 * ```ts
 * import { PERMISSION_USERS } from "ipckit/conformance";
 * console.assert(PERMISSION_USERS.owner.gid === 100 && PERMISSION_USERS.supplementary.groups.includes(100));
 * ```
 */
export const PERMISSION_USERS = {
  /** uid 1000, gid 100: makes the objects. */
  owner: { uid: 1000, gid: 100 },
  /** uid 1001, primary gid 100: in the owning group. */
  member: { uid: 1001, gid: 100 },
  /** uid 1002, gid 300, supplementary groups [100]: in the owning group too. */
  supplementary: { uid: 1002, gid: 300, groups: [100] },
  /** uid 1003, gid 200: neither owner nor in the group. */
  other: { uid: 1003, gid: 200 },
  /** uid 0. */
  root: { uid: 0, gid: 0 },
} as const satisfies Readonly<Record<string, SpawnOptions>>;

/**
 * The four users of the permission tests of POSIX and System V message
 * queues: the owner (uid 1000, gid 100), a member of group 100 by a
 * supplementary group, another user, and root. Spawned in this order by
 * {@link users}.
 *
 * @example The member is in the owner's group by a supplementary group
 * ```ts
 * import { QUEUE_USERS } from "ipckit/conformance";
 * console.assert(QUEUE_USERS.member.gid !== QUEUE_USERS.owner.gid && QUEUE_USERS.member.groups.includes(QUEUE_USERS.owner.gid));
 * ```
 */
export const QUEUE_USERS = {
  /** uid 1000, gid 100: makes the queues. */
  owner: { uid: 1000, gid: 100 },
  /** uid 1001, gid 1001, supplementary groups [100]: in the owning group. */
  member: { uid: 1001, gid: 1001, groups: [100] },
  /** uid 1002, gid 1002: neither owner nor in the group. */
  other: { uid: 1002, gid: 1002 },
  /** uid 0. */
  root: { uid: 0, gid: 0 },
} as const satisfies Readonly<Record<string, SpawnOptions>>;

/**
 * The processes of a permission test, one per role of its cast, and their system.
 *
 * @example The type of the four users of the queue tests
 * ```ts
 * import type { Users } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * const system = createSystem();
 * const u: Users<"owner" | "other"> = { system, owner: system.spawn({ uid: 1000 }), other: system.spawn({ uid: 1001 }) };
 * console.assert(u.owner.credentials.uid === 1000);
 * ```
 */
export type Users<Role extends string, P extends IpcProcess = IpcProcess> = { readonly system: IpcSystem } & { readonly [R in Role]: P };

/**
 * Makes a fresh system and one process in it for each role of `cast`, in
 * the cast's order, each passed through `as` (a check that it has the
 * mechanism's calls, say).
 *
 * @param t - the test's context
 * @param cast - each role's credentials: {@link PERMISSION_USERS}, {@link QUEUE_USERS} or the test's own
 * @param as - applied to each process; by default the process as it is
 * @returns the system and a process for each role
 *
 * @example The five users of a permission test
 * ```ts
 * import { PERMISSION_USERS, users } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * const t = { system: async () => createSystem() };
 * const { owner, other, root } = await users(t, PERMISSION_USERS);
 * console.assert(owner.credentials.uid === 1000 && other.credentials.gid === 200 && root.credentials.uid === 0);
 * ```
 */
export async function users<Role extends string, P extends IpcProcess = IpcProcess>(
  t: Pick<TestContext, "system">,
  cast: Readonly<Record<Role, SpawnOptions>>,
  as: (proc: IpcProcess) => P = (proc) => proc as P,
): Promise<Users<Role, P>> {
  const system = await t.system();
  const processes: Partial<Record<Role, P>> = {};
  for (const role of Object.keys(cast) as Role[]) processes[role] = as(system.spawn(cast[role]));
  return { system, ...(processes as Record<Role, P>) };
}

/**
 * Makes a fresh system and `count` processes of one user in it, each passed
 * through `as`.
 *
 * @param t - the test's context
 * @param count - how many processes
 * @param as - applied to each process (a check that it has the mechanism's calls, say)
 * @param options - their credentials; default uid 1000, gid 100
 * @returns the processes, in the order they were spawned
 *
 * @example Three processes of one user
 * ```ts
 * import { spawnProcesses } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * const procs = await spawnProcesses({ system: async () => createSystem() }, 3, (proc) => proc);
 * console.assert(procs.length === 3 && procs.every((proc) => proc.credentials.uid === 1000));
 * ```
 */
export async function spawnProcesses<P extends IpcProcess>(
  t: Pick<TestContext, "system">,
  count: number,
  as: (proc: IpcProcess) => P,
  options: SpawnOptions = { uid: 1000, gid: 100 },
): Promise<P[]> {
  const system = await t.system();
  return Array.from({ length: count }, () => as(system.spawn(options)));
}

// ---------------------------------------------------------------------------
// Values of the wrong type
// ---------------------------------------------------------------------------

/**
 * A value an argument check must refuse, and how failures name it.
 *
 * @example A value that is not a byte array
 * ```ts
 * import type { BadValue } from "ipckit/conformance";
 * const bad: BadValue = { label: "an array of numbers", value: [1, 2, 3] };
 * console.assert(!(bad.value instanceof Uint8Array));
 * ```
 */
export interface BadValue {
  /** The value, in words ("null", "an ArrayBuffer"). */
  readonly label: string;
  /** The value. */
  readonly value: unknown;
}

/** Leaves out the values whose label is in `omit`. */
function without(values: BadValue[], omit: readonly string[]): BadValue[] {
  return omit.length === 0 ? values : values.filter(({ label }) => !omit.includes(label));
}

/**
 * Values that are not a `Uint8Array`, for the checks of data and buffer
 * arguments: `null`, `undefined`, an array of numbers, a string, a number,
 * an `ArrayBuffer`, a `DataView`, a `Uint16Array`, an `Int8Array`, a
 * `Uint8ClampedArray` and an array-like object, in this order.
 *
 * @param size - the byte length of the buffers and typed arrays among them; default 4
 * @param omit - the labels of values to leave out
 * @returns fresh values, each with its label
 *
 * @example Without the number
 * ```ts
 * import { notByteArrays } from "ipckit/conformance";
 * const values = notByteArrays(16, ["a number"]);
 * console.assert(values.length === 10 && !values.some(({ value }) => value instanceof Uint8Array));
 * ```
 */
export function notByteArrays(size = 4, omit: readonly string[] = []): BadValue[] {
  return without(
    [
      { label: "null", value: null },
      { label: "undefined", value: undefined },
      { label: "an array of numbers", value: [1, 2, 3] },
      { label: "a string", value: "abc" },
      { label: "a number", value: 3 },
      { label: "an ArrayBuffer", value: new ArrayBuffer(size) },
      { label: "a DataView", value: new DataView(new ArrayBuffer(size)) },
      { label: "a Uint16Array", value: new Uint16Array(size) },
      { label: "an Int8Array", value: new Int8Array(size) },
      { label: "a Uint8ClampedArray", value: new Uint8ClampedArray(size) },
      { label: "an array-like object", value: { length: 4, 0: 1, 1: 2, 2: 3, 3: 4 } },
    ],
    omit,
  );
}

/**
 * Deadlines that are not a finite number of at least 0: `NaN`, -1,
 * `-Infinity`, `Infinity`, a string, `null` and a `Date`, in this order.
 *
 * @param text - the string among them
 * @param omit - the labels of values to leave out
 * @returns fresh values, each with its label
 *
 * @example Without the Date
 * ```ts
 * import { badDeadlines } from "ipckit/conformance";
 * const values = badDeadlines("100", ["a Date"]);
 * console.assert(values.length === 6 && values.some(({ value }) => value === "100"));
 * ```
 */
export function badDeadlines(text: string, omit: readonly string[] = []): BadValue[] {
  return without(
    [
      { label: "NaN", value: Number.NaN },
      { label: "-1", value: -1 },
      { label: "-Infinity", value: Number.NEGATIVE_INFINITY },
      { label: "Infinity", value: Number.POSITIVE_INFINITY },
      { label: "a string", value: text },
      { label: "null", value: null },
      { label: "a Date", value: new Date() },
    ],
    omit,
  );
}

/**
 * Values that are not a string, for the checks of names and paths, some of
 * them close to `sample`: `undefined`, `null`, a number, an array holding
 * `sample`, a `String` object of it, and an object whose `toString` gives it.
 *
 * @param sample - a well-formed name or path
 * @param holding - what the array holds, in words ("the path", "a name")
 * @returns fresh values, each with its label
 *
 * @example Values that are not a path
 * ```ts
 * import { notStrings } from "ipckit/conformance";
 * const values = notStrings("/tmp/fifo", "the path");
 * console.assert(values.some(({ label }) => label === "an array holding the path"));
 * console.assert(values.every(({ value }) => typeof value !== "string"));
 * ```
 */
export function notStrings(sample: string, holding: string): BadValue[] {
  return [
    { label: "undefined", value: undefined },
    { label: "null", value: null },
    { label: "a number", value: 42 },
    { label: `an array holding ${holding}`, value: [sample] },
    { label: "a String object", value: new String(sample) },
    { label: "an object with toString", value: { toString: () => sample } },
  ];
}

// ---------------------------------------------------------------------------
// Bytes and pipe ends
// ---------------------------------------------------------------------------

/**
 * `length` bytes all equal to `value`.
 *
 * @param length - how many bytes
 * @param value - the byte
 * @returns the bytes
 *
 * @example Three equal bytes
 * ```ts
 * import { filled } from "ipckit/conformance";
 * console.assert(filled(3, 7).join() === "7,7,7");
 * ```
 */
export function filled(length: number, value: number): Uint8Array {
  return new Uint8Array(length).fill(value);
}

/**
 * Reads exactly `length` bytes that are already buffered, with `tryRead`
 * only, at most `chunk` bytes a call.
 *
 * @param reader - the read end
 * @param length - how many bytes
 * @param what - the check, as a phrase
 * @param chunk - the most bytes one `tryRead` asks for; default 16384
 * @returns the bytes
 * @throws {AssertionFailure} when `tryRead` fails, or returns something other
 *   than a count from 1 to its buffer's length, before `length` bytes came
 *
 * @example Read back what was written
 * ```ts
 * import { takeBuffered } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * const [reader, writer] = createSystem().spawn().pipe();
 * writer.tryWrite(new Uint8Array([1, 2, 3]));
 * console.assert(takeBuffered(reader, 3, "the 3 bytes").join() === "1,2,3");
 * ```
 */
export function takeBuffered(reader: PipeEnd, length: number, what: string, chunk = 16384): Uint8Array {
  const out = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const buffer = new Uint8Array(Math.min(chunk, length - got));
    let n: number;
    try {
      n = reader.tryRead(buffer);
    } catch (error) {
      throw new AssertionFailure(what, `${length} bytes buffered`, `${got} bytes, then ${describeValue(error)}`);
    }
    if (typeof n !== "number" || n <= 0 || n > buffer.length) {
      throw new AssertionFailure(what, `${length} bytes buffered`, `${got} bytes, then tryRead returned ${describeValue(n)}`);
    }
    out.set(buffer.subarray(0, n), got);
    got += n;
  }
  return out;
}

/**
 * Fails unless the pipe is empty with a write end open: `tryRead` fails `EAGAIN`.
 *
 * @param reader - the read end
 * @param what - the check, as a phrase
 * @throws {AssertionFailure} when `tryRead` reads bytes, sees end of file or fails otherwise
 *
 * @example A new pipe is empty
 * ```ts
 * import { expectPipeEmpty } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * const [reader] = createSystem().spawn().pipe();
 * expectPipeEmpty(reader, "a new pipe");
 * ```
 */
export function expectPipeEmpty(reader: PipeEnd, what: string): void {
  expectThrowsCode(() => reader.tryRead(new Uint8Array(1)), "EAGAIN", what);
}

// ---------------------------------------------------------------------------
// Signals
// ---------------------------------------------------------------------------

/** A process with the signal calls (manifest `signal`). */
export type SignalProcess = IpcProcess & SignalApi;

/** The calls a process of an implementation that declares `signal` has. */
export const SIGNAL_CALLS: readonly (keyof SignalApi & string)[] = Object.freeze([
  "kill",
  "sigqueue",
  "sigaction",
  "sigprocmask",
  "sigpending",
  "sigwait",
  "trySigwait",
]);

/**
 * Fails unless the process has the signal calls; returns it typed as having them.
 *
 * @param proc - the process
 * @returns `proc`, as a {@link SignalProcess}
 * @throws {AssertionFailure} naming the first signal call that is missing
 *
 * @example
 * ```ts
 * import { signalProcess } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * const proc = signalProcess(createSystem().spawn());
 * console.assert(proc.sigpending().length === 0);
 * ```
 */
export function signalProcess(proc: IpcProcess): SignalProcess {
  return requireCalls<SignalProcess>(proc, SIGNAL_CALLS, "signal");
}

/**
 * Installs a handler for `signal` that records every delivery, and returns
 * the record: the information of each delivery, in order. `options` are the
 * action's flags and mask; `onSignal` runs inside the handler, after the
 * record is made (to act at the delivery point).
 *
 * @param proc - the process
 * @param signal - the signal to catch
 * @param options - the action's mask and flags, and what else the handler does
 * @returns the deliveries so far (the array grows as signals arrive)
 * @throws {AssertionFailure} when the process has no signal calls
 *
 * @example Catch SIGUSR1
 * ```ts
 * import { catchSignal } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * import { SIGUSR1 } from "ipckit/spec";
 * const proc = createSystem().spawn();
 * const caught = catchSignal(proc, SIGUSR1);
 * proc.kill(proc.pid, SIGUSR1);
 * console.assert(caught.length === 1 && caught[0]?.signal === SIGUSR1);
 * ```
 */
export function catchSignal(
  proc: IpcProcess,
  signal: number,
  options: Omit<SignalAction, "handler"> & { readonly onSignal?: (info: SignalInfo) => void } = {},
): SignalInfo[] {
  const caught: SignalInfo[] = [];
  const { onSignal, ...flags } = options;
  signalProcess(proc).sigaction(signal, {
    ...flags,
    handler: (info) => {
      caught.push(info);
      onSignal?.(info);
    },
  });
  return caught;
}

/**
 * When the implementation supports signals, sets `SIGPIPE` to ignore in
 * each process, so that a write with no reader fails `EPIPE` and the writer
 * lives on: what the `EPIPE` tests that are not about the signal need
 * (with the default action, the writer would be terminated: PIPE-05).
 * Without signal support it does nothing.
 *
 * @param t - the test's context, to ask whether signals are supported
 * @param procs - the writers
 * @throws {AssertionFailure} when signals are supported but a process has no signal calls
 *
 * @example
 * ```ts
 * import { ignoreSigpipe } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * const proc = createSystem().spawn();
 * ignoreSigpipe({ supports: () => true }, proc);
 * console.assert(proc.sigaction(13).handler === "ignore");
 * ```
 */
export function ignoreSigpipe(t: Pick<TestContext, "supports">, ...procs: readonly IpcProcess[]): void {
  if (!t.supports("signal")) return;
  for (const proc of procs) signalProcess(proc).sigaction(SIGPIPE, { handler: "ignore" });
}

/**
 * Sends `SIGUSR1` from `killer` to `target`, whose handler records into
 * `caught` (see {@link catchSignal}), and fails unless the handler ran once
 * before `kill` returned: how the EINTR tests interrupt a blocked call.
 *
 * @param killer - the sending process (of the target's uid, or root)
 * @param target - the process blocked in a call
 * @param caught - the record of the target's SIGUSR1 handler
 * @param what - what the target is doing, for the failure
 * @throws {AssertionFailure} when the handler did not run exactly once
 *
 * @example Interrupt a blocked read
 * ```ts
 * import { catchSignal, interruptWithSigusr1 } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * import { SIGUSR1 } from "ipckit/spec";
 * const system = createSystem();
 * const target = system.spawn();
 * const caught = catchSignal(target, SIGUSR1);
 * const [reader] = target.pipe();
 * const read = reader.read(new Uint8Array(1)).catch((error: { code: string }) => error.code);
 * interruptWithSigusr1(system.spawn(), target, caught, "a read waits");
 * console.assert((await read) === "EINTR");
 * ```
 */
export function interruptWithSigusr1(killer: IpcProcess, target: IpcProcess, caught: readonly SignalInfo[], what: string): void {
  const before = caught.length;
  signalProcess(killer).kill(target.pid, SIGUSR1);
  if (caught.length !== before + 1) {
    throw new AssertionFailure(`runs of the SIGUSR1 handler sent while ${what}`, String(before + 1), String(caught.length));
  }
}
