/**
 * Conformance tests for POSIX shared memory: at least one test for every
 * clause of {@link SHM_CLAUSES}, each named by the clause it checks and
 * titled with the rule it checks, plus a property-based test that runs
 * random stores, loads and resizes through several mappings against a single
 * byte array.
 *
 * Nothing in shared memory waits, so every test is synchronous at heart: a
 * store is made, and the very next statement checks that every mapping sees
 * it, with no await in between. Every test builds a fresh system through its
 * {@link TestContext}.
 *
 * Permission tests use five processes of one system: the owner (uid 1000,
 * gid 100), a member of the owning group by its primary gid (uid 1001), one
 * by a supplementary group (uid 1002), another user (uid 1003, gid 200) and
 * root. Their modes keep no group or other write bit, so the default umask
 * (0o022) leaves them as asked; tests that need other modes, or that check
 * the umask itself, require `"process.umask"`. Tests that fork or exit
 * require `"process.fork"` or `"process.exit"`.
 *
 * @module
 */

import fc from "fast-check";

import { PAGE_SIZE } from "../spec/constants.ts";
import { NAME_MAX } from "../spec/namespace.ts";
import { SHM_SIZE_MAX } from "../spec/shm.ts";
import type { Mapping, SHM_CLAUSES, SharedMemory, ShmAccess, ShmApi, ShmStat } from "../spec/shm.ts";
import type { IpcProcess, IpcSystem, SpawnOptions } from "../spec/system.ts";
import {
  AssertionFailure,
  describeValue,
  expectBytes,
  expectEqual,
  expectOutcomes,
  expectReturns,
  expectSync,
  expectThrowsCode,
  expectTrue,
  outcome,
  pattern,
} from "./assert.ts";
import type { OutcomeRow } from "./assert.ts";
import { PERMISSION_USERS, filled, notStrings, requireCalls, setUmask, users } from "./fixtures/index.ts";
import type { BadValue } from "./fixtures/index.ts";
import type { Common, TestContext, TestFunction } from "./harness.ts";
import { checkProperty } from "./property.ts";

// ---------------------------------------------------------------------------
// Local helpers
// ---------------------------------------------------------------------------

const NAME = "/shm";
const PAGE = PAGE_SIZE;
const UMASK = ["process.umask"] as const;
const FORK_EXIT = ["process.fork", "process.exit"] as const;
const EXIT = ["process.exit"] as const;

/** A process with the shared memory calls. */
type ShmProcess = IpcProcess & ShmApi;

/** Fails unless the process has the two shared memory calls. */
function withShm(proc: IpcProcess): ShmProcess {
  return requireCalls<ShmProcess>(proc, ["shmOpen", "shmUnlink"], "shm");
}

/** A fresh system and one process in it, uid 1000 gid 100 unless told. */
async function shmProcess(t: TestContext, options: SpawnOptions = { uid: 1000, gid: 100 }): Promise<ShmProcess> {
  return withShm(await t.process(options));
}

/** Two processes of the same user in one fresh system. */
async function twoProcesses(t: TestContext): Promise<{ readonly a: ShmProcess; readonly b: ShmProcess; readonly system: IpcSystem }> {
  const system = await t.system();
  return { system, a: withShm(system.spawn({ uid: 1000, gid: 100 })), b: withShm(system.spawn({ uid: 1000, gid: 100 })) };
}

/** Opens `name` for readwrite, creating it with `mode`, and sizes it to `size` when that is above 0. */
function create(proc: ShmProcess, name: string, size = 0, mode = 0o644): SharedMemory {
  const memory = expectSync(proc.shmOpen(name, { access: "readwrite", create: true, mode }), `shmOpen of ${name} with create`);
  if (size > 0) memory.truncate(size);
  return memory;
}

/** Rows opening `name` as `proc` for read and for readwrite, expecting `expected[0]` and `expected[1]`. */
function openRows(label: string, proc: ShmProcess, expected: readonly [string, string], name = NAME): OutcomeRow[] {
  return (["read", "readwrite"] as const).map(
    (access, i) => [`${label} opening for ${access}`, () => proc.shmOpen(name, { access }), expected[i]!] as const,
  );
}

/** Reads through a mapping, turning an error into a failure. */
function load(mapping: Mapping, offset: number, length: number, what: string): Uint8Array {
  const bytes = expectReturns(() => mapping.read(offset, length), what, `${length} bytes`);
  expectTrue(isByteArray(bytes) && bytes.length === length, what, `a Uint8Array of ${length} bytes`, describeValue(bytes));
  return bytes;
}

/** Writes through a mapping, turning an error into a failure. */
function store(mapping: Mapping, offset: number, data: Uint8Array, what: string): void {
  expectReturns(() => mapping.write(offset, data), what, "the bytes stored");
}

/** Whether a value is a `Uint8Array` (of any realm). */
function isByteArray(value: unknown): value is Uint8Array {
  return Object.prototype.toString.call(value) === "[object Uint8Array]";
}

/** The view of a read-write mapping: fails unless it is a `Uint8Array` of the mapping's length. */
function viewOf(mapping: Mapping, what: string): Uint8Array {
  const view = mapping.view;
  expectTrue(isByteArray(view), what, "a Uint8Array", describeValue(view));
  expectEqual(view.length, mapping.length, `${what}: its length`);
  return view;
}

/** Fails unless `stat()` reports the fields given. */
function expectStat(memory: SharedMemory, expected: Partial<ShmStat>, what: string): ShmStat {
  const stat = expectReturns(() => memory.stat(), what, "a stat");
  const wrong = Object.entries(expected).filter(([key, value]) => !Object.is(stat[key as keyof ShmStat], value));
  if (wrong.length > 0) {
    const show = (record: Partial<ShmStat>): string =>
      wrong.map(([key]) => `${key} ${key === "mode" ? `0o${(record[key as keyof ShmStat] ?? 0).toString(8)}` : String(record[key as keyof ShmStat])}`).join(", ");
    throw new AssertionFailure(what, show(expected), show(stat));
  }
  return stat;
}

/** Fails unless `length` bytes from `offset` are all zero. */
function expectZeros(bytes: Uint8Array, what: string): void {
  const at = bytes.findIndex((byte) => byte !== 0);
  expectTrue(at === -1, what, `${bytes.length} zero bytes`, `byte ${at} is ${bytes[at]}`);
}

/** Fails unless opening `name` without create fails ENOENT: nothing is there. */
function expectAbsent(proc: ShmProcess, name: string, what: string): void {
  expectThrowsCode(() => proc.shmOpen(name, { access: "read" }), "ENOENT", what);
}

/** Strings that are not well-formed names. */
const MALFORMED_NAMES: readonly string[] = ["", "shm", "shm/", "/", "//", "/a/b", "//shm", "/shm/", "/.", "/..", "/sh\0m", "\0/shm"];

/** Values that are not a valid size. */
const BAD_SIZES: readonly BadValue[] = [
  { label: "-1", value: -1 },
  { label: "1.5", value: 1.5 },
  { label: "NaN", value: Number.NaN },
  { label: "Infinity", value: Number.POSITIVE_INFINITY },
  { label: "the string \"100\"", value: "100" },
  { label: "null", value: null },
  { label: "undefined", value: undefined },
  { label: "100n", value: 100n },
  { label: "SHM_SIZE_MAX + 1", value: SHM_SIZE_MAX + 1 },
];

// ---------------------------------------------------------------------------
// The model (SHM-ORD-1 property)
// ---------------------------------------------------------------------------

/** The mappings of the model run: where they start, how long, what they allow, and which process holds them. */
const MODEL_MAPS: readonly { readonly offset: number; readonly length: number; readonly access: ShmAccess; readonly holder: 0 | 1 }[] = [
  { offset: 0, length: 3 * PAGE, access: "readwrite", holder: 0 },
  { offset: PAGE, length: PAGE, access: "readwrite", holder: 1 },
  { offset: 0, length: 2 * PAGE, access: "read", holder: 1 },
  { offset: 2 * PAGE, length: 2 * PAGE, access: "readwrite", holder: 1 },
];

type ModelOp =
  | { readonly kind: "write"; readonly map: number; readonly offset: number; readonly length: number; readonly seed: number }
  | { readonly kind: "read"; readonly map: number; readonly offset: number; readonly length: number }
  | { readonly kind: "truncate"; readonly size: number }
  | { readonly kind: "poke"; readonly map: number; readonly index: number; readonly value: number }
  | { readonly kind: "peek"; readonly map: number; readonly index: number };

function describeOp(op: ModelOp): string {
  switch (op.kind) {
    case "write":
      return `write(${op.offset}, ${op.length} bytes) through mapping #${op.map}`;
    case "read":
      return `read(${op.offset}, ${op.length}) through mapping #${op.map}`;
    case "truncate":
      return `truncate(${op.size})`;
    case "poke":
      return `view[${op.index}] = ${op.value} through mapping #${op.map}`;
    case "peek":
      return `view[${op.index}] of mapping #${op.map}`;
  }
}

const SPAN = 4 * PAGE;

function modelOps(): fc.Arbitrary<ModelOp[]> {
  const map = fc.integer({ min: 0, max: MODEL_MAPS.length - 1 });
  const position = fc.oneof(
    fc.integer({ min: 0, max: SPAN + 8 }),
    fc.constantFrom(0, PAGE - 1, PAGE, 2 * PAGE - 1, 2 * PAGE, 3 * PAGE - 1, 3 * PAGE, SPAN),
  );
  const length = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: SPAN + 8 }));
  const size = fc.oneof(fc.constantFrom(0, PAGE, 2 * PAGE, 3 * PAGE, SPAN), fc.integer({ min: 0, max: SPAN }));
  const op: fc.Arbitrary<ModelOp> = fc.oneof(
    fc.record({ kind: fc.constant("write" as const), map, offset: position, length, seed: fc.integer({ min: 0, max: 250 }) }),
    fc.record({ kind: fc.constant("read" as const), map, offset: position, length }),
    fc.record({ kind: fc.constant("truncate" as const), size }),
    fc.record({ kind: fc.constant("poke" as const), map, index: position, value: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant("peek" as const), map, index: position }),
  );
  return fc.array(op, { maxLength: 30 });
}

/** Runs `ops` against a fresh object and against a byte array, failing at the first disagreement. */
async function runModel(t: TestContext, ops: readonly ModelOp[]): Promise<void> {
  const { a, b } = await twoProcesses(t);
  const memory = create(a, NAME, 0, 0o600);
  const other = b.shmOpen(NAME, { access: "readwrite" });
  const maps = MODEL_MAPS.map((spec) =>
    (spec.holder === 0 ? memory : other).map({ access: spec.access, offset: spec.offset, length: spec.length }),
  );
  const model = new Uint8Array(SPAN);
  let size = 0;
  const done: string[] = [];
  const fail = (op: ModelOp, expected: string, actual: string): never => {
    throw new AssertionFailure(`${describeOp(op)} after [${done.join("; ")}] (object size ${size})`, expected, actual);
  };
  for (const op of ops) {
    switch (op.kind) {
      case "truncate": {
        const got = outcome(() => memory.truncate(op.size));
        if (got !== "ok") fail(op, "ok", got);
        if (op.size > size) model.fill(0, size, op.size);
        size = op.size;
        break;
      }
      case "write": {
        const spec = MODEL_MAPS[op.map]!;
        const data = pattern(op.length, op.seed);
        let expected: string;
        if (spec.access === "read") expected = "EACCES";
        else if (op.offset > spec.length || op.offset + op.length > spec.length) expected = "EINVAL";
        else if (op.length > 0 && spec.offset + op.offset + op.length > size) expected = "EFAULT";
        else expected = "ok";
        const got = outcome(() => maps[op.map]!.write(op.offset, data));
        if (got !== expected) fail(op, expected, got);
        if (expected === "ok") model.set(data, spec.offset + op.offset);
        break;
      }
      case "read": {
        const spec = MODEL_MAPS[op.map]!;
        let expected: string;
        if (op.offset > spec.length || op.offset + op.length > spec.length) expected = "EINVAL";
        else if (op.length > 0 && spec.offset + op.offset + op.length > size) expected = "EFAULT";
        else expected = "ok";
        let bytes: unknown;
        const got = outcome(() => (bytes = maps[op.map]!.read(op.offset, op.length)));
        if (got !== expected) fail(op, expected, got);
        if (expected === "ok") {
          const want = model.subarray(spec.offset + op.offset, spec.offset + op.offset + op.length);
          if (!isByteArray(bytes)) fail(op, `${op.length} bytes`, describeValue(bytes));
          const at = (bytes as Uint8Array).length !== want.length ? -2 : (bytes as Uint8Array).findIndex((byte, i) => byte !== want[i]);
          if (at !== -1) fail(op, describeValue(want), describeValue(bytes));
        }
        break;
      }
      case "poke":
      case "peek": {
        const spec = MODEL_MAPS[op.map]!;
        // A view exists for read-write mappings; its bytes past the object's size are unspecified.
        if (spec.access !== "readwrite" || op.index >= spec.length || spec.offset + op.index >= size) continue;
        const view = maps[op.map]!.view;
        if (!isByteArray(view)) fail(op, "a Uint8Array view", describeValue(view));
        if (op.kind === "poke") {
          (view as Uint8Array)[op.index] = op.value;
          model[spec.offset + op.index] = op.value;
        } else if ((view as Uint8Array)[op.index] !== model[spec.offset + op.index]) {
          fail(op, String(model[spec.offset + op.index]), String((view as Uint8Array)[op.index]));
        }
        break;
      }
    }
    done.push(describeOp(op));
  }
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

/**
 * Registers the conformance tests of POSIX shared memory: one or more tests
 * for each clause of {@link SHM_CLAUSES}. Tests that check the umask, or use
 * modes it would change, require `"process.umask"`; tests that fork or exit
 * require `"process.fork"` or `"process.exit"`.
 *
 * @param test - registers one test against a clause
 * @param common - what the implementation under test supports (unused: every
 *   test states its needs in `requires`)
 * @returns nothing; the tests are registered through `test`
 *
 * @example Collect the shared memory tests
 * ```ts
 * import { collectTests, shmTests } from "ipckit/conformance";
 * const tests = collectTests([{ feature: "shm", suite: shmTests }], { supports: () => true });
 * console.assert(tests.some((entry) => entry.clause === "SHM-ORD-1"));
 * ```
 */
export function shmTests(test: TestFunction, common: Common): void {
  void common;

  // ----- Ordering (visibility) -----------------------------------------------

  test("SHM-ORD-1", "a store through one process's view is seen at once through another process's view and through read", async (t) => {
    const u = await users(t, PERMISSION_USERS, withShm);
    const mine = create(u.owner, NAME, 2 * PAGE);
    const theirs = u.root.shmOpen(NAME, { access: "readwrite" });
    const reader = u.member.shmOpen(NAME, { access: "read" }).map({ access: "read" });
    const a = viewOf(mine.map({ access: "readwrite" }), "the owner's view");
    const b = viewOf(theirs.map({ access: "readwrite" }), "root's view");
    a[100] = 7;
    expectEqual(b[100], 7, "byte 100 of root's view, right after the owner's view stored 7 there");
    expectEqual(load(reader, 100, 1, "the group member's read of byte 100")[0], 7, "byte 100 read by the group member");
    b.set([1, 2, 3], PAGE + 5);
    expectBytes(a.subarray(PAGE + 5, PAGE + 8), new Uint8Array([1, 2, 3]), "bytes 4101..4103 of the owner's view after root's view stored them");
    expectBytes(load(reader, PAGE + 5, 3, "the group member's read"), new Uint8Array([1, 2, 3]), "bytes 4101..4103 read by the group member");
  });

  test("SHM-ORD-1", "a store through write is seen through a mapping made before it and one made after it, in other processes", async (t) => {
    const { a, b, system } = await twoProcesses(t);
    const memory = create(a, NAME, PAGE);
    const before = b.shmOpen(NAME, { access: "read" }).map({ access: "read" });
    const writer = memory.map({ access: "readwrite" });
    const data = pattern(1000, 3);
    store(writer, 50, data, "write of 1000 bytes at offset 50");
    expectBytes(load(before, 50, 1000, "read through the earlier mapping"), data, "bytes seen through the mapping made before the write");
    const after = withShm(system.spawn({ uid: 0 })).shmOpen(NAME, { access: "read" }).map({ access: "read" });
    expectBytes(load(after, 50, 1000, "read through a later mapping"), data, "bytes seen through a mapping made after the write");
    expectBytes(viewOf(writer, "the writer's view").subarray(50, 1050), data, "the bytes in the writer's own view");
  });

  test(
    "SHM-ORD-1",
    "random stores, loads and resizes through four mappings in two processes agree with a single byte array",
    async (t) => {
      await checkProperty(
        t,
        fc.asyncProperty(modelOps(), (ops) => runModel(t, ops)),
        "a run of truncate, write, read and view accesses against a byte-array model",
        "every call to succeed or fail as the model says, and every byte read to match",
      );
    },
    { timeoutFactor: 4 },
  );

  test("SHM-ORD-2", "byte i of a mapping made at offset 4096 is byte 4096 + i of the object, in both directions", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, 3 * PAGE);
    const whole = memory.map({ access: "readwrite" });
    const second = memory.map({ access: "readwrite", offset: PAGE, length: PAGE });
    const third = memory.map({ access: "read", offset: 2 * PAGE });
    expectEqual(second.offset, PAGE, "the offset the mapping reports");
    expectEqual(third.length, PAGE, "the default length of a mapping at offset 8192 of a 12288-byte object");
    store(whole, PAGE + 10, new Uint8Array([11, 12]), "write at 4106 through the whole-object mapping");
    expectBytes(load(second, 10, 2, "read at 10 through the mapping at 4096"), new Uint8Array([11, 12]), "bytes 10..11 of the mapping at 4096");
    expectEqual(viewOf(second, "the view at 4096")[10], 11, "byte 10 of the view of the mapping at 4096");
    store(second, PAGE - 1, new Uint8Array([99]), "write at the last byte of the mapping at 4096");
    expectEqual(load(whole, 2 * PAGE - 1, 1, "read at 8191 of the whole mapping")[0], 99, "byte 8191 of the object");
    viewOf(whole, "the whole view")[2 * PAGE + 3] = 44;
    expectEqual(load(third, 3, 1, "read at 3 of the mapping at 8192")[0], 44, "byte 3 of the read-only mapping at 8192");
  });

  // ----- Capacity (size) ------------------------------------------------------

  test("SHM-CAP-1", "a new object has size 0, and truncate sets exactly the size asked, larger or smaller", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME);
    expectStat(memory, { size: 0 }, "stat of a new object");
    for (const size of [5000, 1, 0, 12345, PAGE, 3]) {
      memory.truncate(size);
      expectStat(memory, { size }, `stat after truncate(${size})`);
    }
  });

  test("SHM-CAP-1", "the size set through one descriptor is what stat reports through every descriptor, in every process", async (t) => {
    const u = await users(t, PERMISSION_USERS, withShm);
    const mine = create(u.owner, NAME);
    const theirs = u.member.shmOpen(NAME, { access: "read" });
    const roots = u.root.shmOpen(NAME, { access: "readwrite" });
    expectStat(theirs, { size: 0 }, "the group member's stat of the new object");
    mine.truncate(777);
    expectStat(theirs, { size: 777 }, "the group member's stat after the owner's truncate(777)");
    roots.truncate(PAGE);
    expectStat(mine, { size: PAGE }, "the owner's stat after root's truncate(4096)");
    expectStat(theirs, { size: PAGE }, "the group member's stat after root's truncate(4096)");
  });

  test("SHM-CAP-2", "the bytes of a new object grown by truncate read as zero, through read and through the view", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, 10000);
    const mapping = memory.map({ access: "readwrite" });
    expectZeros(load(mapping, 0, 10000, "read of all 10000 bytes"), "the bytes of the grown object, read");
    expectZeros(viewOf(mapping, "the view"), "the bytes of the grown object, in the view");
  });

  test("SHM-CAP-2", "shrinking discards the bytes past the new size: grown again, they read as zero while those before it stay", async (t) => {
    const { a, b } = await twoProcesses(t);
    const memory = create(a, NAME, 2 * PAGE);
    const data = pattern(2 * PAGE, 5);
    const writer = memory.map({ access: "readwrite" });
    const reader = b.shmOpen(NAME, { access: "read" }).map({ access: "read", length: 2 * PAGE });
    store(writer, 0, data, "write of 8192 bytes");
    memory.truncate(100);
    memory.truncate(2 * PAGE);
    expectBytes(load(reader, 0, 100, "read of the first 100 bytes"), data.subarray(0, 100), "the 100 bytes kept by the shrink");
    expectZeros(load(reader, 100, 2 * PAGE - 100, "read of the bytes past 100"), "the bytes past the shrunk size, after growing again (read)");
    expectZeros(viewOf(writer, "the view").subarray(100), "the bytes past the shrunk size, after growing again (view)");
  });

  test("SHM-CAP-2", "bytes stored through a view past the object's end read as zero once the object grows over them", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, PAGE);
    const mapping = memory.map({ access: "readwrite", length: 2 * PAGE });
    const view = viewOf(mapping, "the view of a mapping twice the object's size");
    view.fill(9, PAGE, PAGE + 100);
    memory.truncate(2 * PAGE);
    expectZeros(load(mapping, PAGE, 100, "read of the bytes the object grew over"), "bytes the object grew over");
  });

  test("SHM-CAP-3", "a mapping longer than the object fails EFAULT past the end, and works there once the object grows", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, 100);
    const mapping = memory.map({ access: "readwrite", length: 2 * PAGE });
    expectEqual(mapping.length, 2 * PAGE, "the mapping's length");
    expectEqual(load(mapping, 0, 100, "read of the object's 100 bytes").length, 100, "bytes read inside the object");
    expectThrowsCode(() => mapping.read(50, 100), "EFAULT", "read of bytes 50..149 of a 100-byte object");
    expectThrowsCode(() => mapping.write(100, new Uint8Array([1])), "EFAULT", "write of byte 100 of a 100-byte object");
    const view = viewOf(mapping, "the view");
    memory.truncate(2 * PAGE);
    store(mapping, 100, new Uint8Array([1]), "write of byte 100 once the object is 8192 bytes");
    expectEqual(load(mapping, 2 * PAGE - 1, 1, "read of the mapping's last byte")[0], 0, "the last byte");
    expectTrue(mapping.view === view && view.length === 2 * PAGE, "the view after the object grew", "the same view, 8192 bytes", `${mapping.view === view ? "the same" : "another"} view of ${mapping.view?.length} bytes`);
  });

  test("SHM-CAP-3", "shrinking leaves a mapping its length and view and puts its bytes past the new size out of bounds", async (t) => {
    const { a, b } = await twoProcesses(t);
    const memory = create(a, NAME, 2 * PAGE);
    const mapping = b.shmOpen(NAME, { access: "readwrite" }).map({ access: "readwrite" });
    const view = viewOf(mapping, "the view");
    memory.truncate(PAGE);
    expectEqual(mapping.length, 2 * PAGE, "the mapping's length after the object shrank");
    expectTrue(mapping.view === view && view.length === 2 * PAGE, "the view after the object shrank", "the same view, 8192 bytes", `${mapping.view === view ? "the same" : "another"} view of ${mapping.view?.length} bytes`);
    expectEqual(load(mapping, PAGE - 1, 1, "read of byte 4095").length, 1, "read of the last byte inside the object");
    expectThrowsCode(() => mapping.read(PAGE, 1), "EFAULT", "read of byte 4096 of a 4096-byte object");
    expectThrowsCode(() => mapping.write(PAGE - 2, new Uint8Array(4)), "EFAULT", "write of bytes 4094..4097 of a 4096-byte object");
  });

  test("SHM-CAP-3", "a mapping that starts past the end of the object is out of bounds until the object grows over it", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME);
    const mapping = memory.map({ access: "readwrite", offset: 2 * PAGE, length: PAGE });
    expectThrowsCode(() => mapping.read(0, 1), "EFAULT", "read of byte 0 of a mapping at 8192 of an empty object");
    expectThrowsCode(() => mapping.write(0, new Uint8Array([1])), "EFAULT", "write of byte 0 of a mapping at 8192 of an empty object");
    memory.truncate(2 * PAGE + 10);
    store(mapping, 9, new Uint8Array([1]), "write of byte 9 once the object reaches 8202 bytes");
    expectThrowsCode(() => mapping.read(9, 2), "EFAULT", "read of bytes 9..10, past the object's 8202 bytes");
  });

  test("SHM-CAP-4", "truncate to a negative, fractional, NaN, infinite or non-number size, or above SHM_SIZE_MAX, fails EINVAL and changes nothing", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, 100);
    const mapping = memory.map({ access: "readwrite" });
    const data = pattern(100, 8);
    store(mapping, 0, data, "write of 100 bytes");
    expectOutcomes(
      BAD_SIZES.map(({ label, value }) => [`truncate(${label})`, () => memory.truncate(value as number), "EINVAL"] as const),
      "truncate with bad sizes",
    );
    expectStat(memory, { size: 100 }, "stat after the failed truncates");
    expectBytes(load(mapping, 0, 100, "read after the failed truncates"), data, "the bytes after the failed truncates");
  });

  // ----- Permission -----------------------------------------------------------

  test("SHM-PERM-1", "opening a 0o640 object: the owner may read and write, a group member only read, another user nothing, root both", async (t) => {
    const u = await users(t, PERMISSION_USERS, withShm);
    create(u.owner, NAME, 0, 0o640);
    expectOutcomes(
      [
        ...openRows("the owner", u.owner, ["ok", "ok"]),
        ...openRows("a group member", u.member, ["ok", "EACCES"]),
        ...openRows("a member by a supplementary group", u.supplementary, ["ok", "EACCES"]),
        ...openRows("another user", u.other, ["EACCES", "EACCES"]),
        ...openRows("root", u.root, ["ok", "ok"]),
      ],
      "opens of a 0o640 object",
    );
  });

  test("SHM-PERM-1", "opening with create an existing object checks permission the same way", async (t) => {
    const u = await users(t, PERMISSION_USERS, withShm);
    create(u.owner, NAME, 0, 0o604);
    expectOutcomes(
      [
        ["a group member opening for read with create", () => u.member.shmOpen(NAME, { access: "read", create: true }), "EACCES"],
        ["another user opening for read with create", () => u.other.shmOpen(NAME, { access: "read", create: true }), "ok"],
        ["another user opening for readwrite with create", () => u.other.shmOpen(NAME, { access: "readwrite", create: true }), "EACCES"],
      ],
      "opens with create of a 0o604 object",
    );
  });

  test(
    "SHM-PERM-1",
    "with umask 0, the first matching class decides: an owner with no owner bits is denied though group and others may",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, withShm);
      setUmask(u.owner, 0);
      create(u.owner, NAME, 0, 0o066);
      create(u.owner, "/group", 0, 0o460);
      expectOutcomes(
        [
          ...openRows("the owner, 0o066", u.owner, ["EACCES", "EACCES"]),
          ...openRows("a group member, 0o066", u.member, ["ok", "ok"]),
          ...openRows("another user, 0o066", u.other, ["ok", "ok"]),
          ...openRows("the owner, 0o460", u.owner, ["ok", "EACCES"], "/group"),
          ...openRows("a member by a supplementary group, 0o460", u.supplementary, ["ok", "ok"], "/group"),
          ...openRows("another user, 0o460", u.other, ["EACCES", "EACCES"], "/group"),
          ...openRows("root, 0o066", u.root, ["ok", "ok"]),
        ],
        "opens of objects made with umask 0",
      );
    },
    { requires: UMASK },
  );

  test("SHM-PERM-2", "a new object is owned by the uid and gid of its creator, with the mode asked, 0o600 when none", async (t) => {
    const u = await users(t, PERMISSION_USERS, withShm);
    const given = create(u.owner, NAME, 0, 0o640);
    const byDefault = u.member.shmOpen("/default", { access: "read", create: true });
    const roots = u.root.shmOpen("/root", { access: "read", create: true, mode: 0o604 });
    expectStat(given, { uid: 1000, gid: 100, mode: 0o640 }, "stat of the owner's 0o640 object");
    expectStat(byDefault, { uid: 1001, gid: 100, mode: 0o600 }, "stat of the group member's object made without a mode");
    expectStat(roots, { uid: 0, gid: 0, mode: 0o604 }, "stat of root's 0o604 object");
    expectOutcomes(
      [
        ...openRows("the owner, on the member's 0o600 object", u.owner, ["EACCES", "EACCES"], "/default"),
        ...openRows("the member, on its own object", u.member, ["ok", "ok"], "/default"),
        ...openRows("the owner, on root's 0o604 object", u.owner, ["ok", "EACCES"], "/root"),
      ],
      "opens of objects made by other users",
    );
  });

  test("SHM-PERM-2", "the open that creates an object gets the access it asked even when the mode grants none", async (t) => {
    const u = await users(t, PERMISSION_USERS, withShm);
    const memory = u.owner.shmOpen(NAME, { access: "readwrite", create: true, mode: 0 });
    memory.truncate(PAGE);
    const mapping = memory.map({ access: "readwrite" });
    store(mapping, 0, new Uint8Array([1]), "write through the creating descriptor of a mode-0 object");
    expectStat(memory, { mode: 0, size: PAGE }, "stat of the mode-0 object");
    expectOutcomes(
      [...openRows("the owner, opening again", u.owner, ["EACCES", "EACCES"]), ...openRows("root", u.root, ["ok", "ok"])],
      "later opens of the mode-0 object",
    );
  });

  test(
    "SHM-PERM-2",
    "the mode is the one asked less the umask at creation: 0o666 gives 0o644 under the default umask, 0o600 under 0o077, 0o666 under 0",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, withShm);
      const plain = create(u.owner, "/default-umask", 0, 0o666);
      setUmask(u.owner, 0o077);
      const strict = create(u.owner, "/strict", 0, 0o666);
      setUmask(u.owner, 0);
      const open = create(u.owner, "/open", 0, 0o666);
      setUmask(u.owner, 0o022);
      expectStat(plain, { mode: 0o644 }, "stat of 0o666 made under umask 0o022");
      expectStat(strict, { mode: 0o600 }, "stat of 0o666 made under umask 0o077");
      expectStat(open, { mode: 0o666 }, "stat of 0o666 made under umask 0, after the umask changed back");
      expectOutcomes(
        [
          ...openRows("a group member, 0o644", u.member, ["ok", "EACCES"], "/default-umask"),
          ...openRows("another user, 0o600", u.other, ["EACCES", "EACCES"], "/strict"),
          ...openRows("another user, 0o666", u.other, ["ok", "ok"], "/open"),
        ],
        "opens of objects made under three umasks",
      );
    },
    { requires: UMASK },
  );

  test("SHM-PERM-3", "opening with truncate without write permission fails EACCES, for read access too, and truncates nothing", async (t) => {
    const u = await users(t, PERMISSION_USERS, withShm);
    const memory = create(u.owner, NAME, 100, 0o644);
    expectOutcomes(
      [
        ["a group member opening for read with truncate", () => u.member.shmOpen(NAME, { access: "read", truncate: true }), "EACCES"],
        ["another user opening for read with truncate", () => u.other.shmOpen(NAME, { access: "read", truncate: true }), "EACCES"],
        ["another user opening for read with create and truncate", () => u.other.shmOpen(NAME, { access: "read", create: true, truncate: true }), "EACCES"],
        ["a group member opening for read without truncate", () => u.member.shmOpen(NAME, { access: "read" }), "ok"],
      ],
      "opens of a 0o644 object with truncate",
    );
    expectStat(memory, { size: 100 }, "stat after the refused truncating opens");
    u.root.shmOpen(NAME, { access: "read", truncate: true });
    expectStat(memory, { size: 0 }, "stat after root's truncating open for read");
  });

  test("SHM-PERM-4", "map for readwrite through a read-only descriptor fails EACCES for every user, root included, and maps nothing, while map for read works through either", async (t) => {
    const u = await users(t, PERMISSION_USERS, withShm);
    const mine = create(u.owner, NAME, PAGE, 0o644);
    const ownReadOnly = u.owner.shmOpen(NAME, { access: "read" });
    const theirs = u.member.shmOpen(NAME, { access: "read" });
    expectThrowsCode(() => ownReadOnly.map({ access: "readwrite" }), "EACCES", "the owner's readwrite map through a read-only descriptor");
    expectThrowsCode(() => theirs.map({ access: "readwrite", length: PAGE }), "EACCES", "the group member's readwrite map through its read-only descriptor");
    const others = u.other.shmOpen(NAME, { access: "read" });
    expectThrowsCode(() => others.map({ access: "readwrite" }), "EACCES", "another user's readwrite map through its read-only descriptor");
    const roots = u.root.shmOpen(NAME, { access: "read" });
    expectThrowsCode(() => roots.map({ access: "readwrite" }), "EACCES", "root's readwrite map through a read-only descriptor (the descriptor decides, not the user)");
    expectStat(mine, { attachments: 0 }, "stat after the refused maps");
    expectEqual(ownReadOnly.map({ access: "read" }).access, "read", "access of a read map through the read-only descriptor");
    expectEqual(mine.map({ access: "read" }).access, "read", "access of a read map through the readwrite descriptor");
    expectEqual(mine.map({ access: "readwrite" }).access, "readwrite", "access of a readwrite map through the readwrite descriptor");
    expectStat(mine, { attachments: 3, readers: 2, writers: 1 }, "stat after three maps");
  });

  test("SHM-PERM-5", "a read-only mapping has no view, and its write fails EACCES and stores nothing while its read works", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, PAGE);
    const reader = memory.map({ access: "read" });
    const writer = memory.map({ access: "readwrite" });
    expectEqual(reader.view, undefined, "the view of a read-only mapping");
    store(writer, 0, new Uint8Array([1, 2, 3]), "write through the read-write mapping");
    expectThrowsCode(() => reader.write(0, new Uint8Array([9, 9, 9])), "EACCES", "write through the read-only mapping");
    expectBytes(load(reader, 0, 3, "read through the read-only mapping"), new Uint8Array([1, 2, 3]), "bytes after the refused write");
    expectBytes(viewOf(writer, "the read-write view").subarray(0, 3), new Uint8Array([1, 2, 3]), "bytes seen through the read-write view");
  });

  test("SHM-PERM-5", "a write through a read-only mapping fails EACCES even when the object is empty or the range is bad", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME);
    const reader = memory.map({ access: "read", length: PAGE });
    expectOutcomes(
      [
        ["write of 1 byte into an empty object", () => reader.write(0, new Uint8Array([1])), "EACCES"],
        ["write of 0 bytes", () => reader.write(0, new Uint8Array(0)), "EACCES"],
        ["write past the end of the mapping", () => reader.write(PAGE, new Uint8Array([1])), "EACCES"],
      ],
      "writes through a read-only mapping",
    );
  });

  test("SHM-PERM-6", "only the owner or root may unlink: group members and others fail EPERM and the name stays", async (t) => {
    const u = await users(t, PERMISSION_USERS, withShm);
    create(u.owner, NAME, 0, 0o666);
    create(u.owner, "/second", 0, 0o666);
    expectOutcomes(
      [
        ["a group member unlinking", () => u.member.shmUnlink(NAME), "EPERM"],
        ["a member by a supplementary group unlinking", () => u.supplementary.shmUnlink(NAME), "EPERM"],
        ["another user unlinking", () => u.other.shmUnlink(NAME), "EPERM"],
        ["the owner opening after the refused unlinks", () => u.owner.shmOpen(NAME, { access: "read" }), "ok"],
        ["root unlinking", () => u.root.shmUnlink(NAME), "ok"],
        ["the owner unlinking its second object", () => u.owner.shmUnlink("/second"), "ok"],
        ["the owner opening after root's unlink", () => u.owner.shmOpen(NAME, { access: "read" }), "ENOENT"],
      ],
      "unlinks by each user",
    );
  });

  // ----- Atomicity ------------------------------------------------------------

  test("SHM-ATOM-1", "the view is a Uint8Array of the mapping's length over shared memory at a byteOffset that is a multiple of 8", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, 3 * PAGE);
    for (const [offset, length] of [
      [0, 3 * PAGE],
      [PAGE, 100],
      [2 * PAGE, 5],
    ] as const) {
      const view = viewOf(memory.map({ access: "readwrite", offset, length }), `the view of the mapping at ${offset}`);
      expectTrue(view.byteOffset % 8 === 0, `byteOffset of the view at ${offset}`, "a multiple of 8", String(view.byteOffset));
      const kind = Object.prototype.toString.call(view.buffer);
      expectTrue(
        kind === "[object SharedArrayBuffer]" || kind === "[object ArrayBuffer]",
        `the buffer of the view at ${offset}`,
        "a SharedArrayBuffer (or an ArrayBuffer where there is no shared memory)",
        kind,
      );
    }
  });

  test("SHM-ATOM-1", "Atomics through two processes' views act on the same words", async (t) => {
    const { a, b } = await twoProcesses(t);
    const memory = create(a, NAME, PAGE);
    const viewA = viewOf(memory.map({ access: "readwrite" }), "process A's view");
    const viewB = viewOf(b.shmOpen(NAME, { access: "readwrite" }).map({ access: "readwrite" }), "process B's view");
    const wordsA = new Int32Array(viewA.buffer, viewA.byteOffset, 16);
    const wordsB = new Int32Array(viewB.buffer, viewB.byteOffset, 16);
    for (let i = 0; i < 100; i++) {
      Atomics.add(wordsA, 0, 1);
      Atomics.add(wordsB, 0, 2);
    }
    expectEqual(Atomics.load(wordsA, 0), 300, "word 0 after 100 adds of 1 through A and 100 adds of 2 through B");
    expectEqual(Atomics.compareExchange(wordsB, 1, 0, 42), 0, "compareExchange of word 1 through B (old value)");
    expectEqual(Atomics.load(wordsA, 1), 42, "word 1 read through A after B's compareExchange");
    const bigA = new BigInt64Array(viewA.buffer, viewA.byteOffset + 8, 1);
    const bigB = new BigInt64Array(viewB.buffer, viewB.byteOffset + 8, 1);
    Atomics.store(bigA, 0, 5n);
    Atomics.add(bigB, 0, 7n);
    expectEqual(Atomics.load(bigA, 0), 12n, "a 64-bit word after a store through A and an add through B");
  });

  test("SHM-ATOM-1", "an atomic store through a view at an offset is seen by an atomic load through the whole view at the matching word", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, 2 * PAGE);
    const whole = viewOf(memory.map({ access: "readwrite" }), "the whole view");
    const second = viewOf(memory.map({ access: "readwrite", offset: PAGE, length: PAGE }), "the view at 4096");
    Atomics.store(new Int32Array(second.buffer, second.byteOffset, PAGE / 4), 3, -17);
    expectEqual(Atomics.load(new Int32Array(whole.buffer, whole.byteOffset, (2 * PAGE) / 4), PAGE / 4 + 3), -17, "word 1027 of the whole view");
  });

  // ----- Lifecycle ------------------------------------------------------------

  test("SHM-LIFE-1", "opening an absent name without create fails ENOENT and creates nothing", async (t) => {
    const proc = await shmProcess(t);
    expectThrowsCode(() => proc.shmOpen(NAME, { access: "readwrite" }), "ENOENT", "opening an absent name for readwrite");
    expectThrowsCode(() => proc.shmOpen(NAME, { access: "read", exclusive: true, truncate: true }), "ENOENT", "opening an absent name with exclusive and truncate but no create");
    expectAbsent(proc, NAME, "opening the name again");
    expectThrowsCode(() => proc.shmUnlink(NAME), "ENOENT", "unlinking the name");
  });

  test("SHM-LIFE-1", "opening an absent name with create makes a new object of size 0 that other processes open by that name", async (t) => {
    const u = await users(t, PERMISSION_USERS, withShm);
    const memory = u.owner.shmOpen(NAME, { access: "readwrite", create: true, mode: 0o644 });
    expectStat(memory, { size: 0, attachments: 0 }, "stat of the new object");
    const theirs = u.other.shmOpen(NAME, { access: "read" });
    expectStat(theirs, { size: 0, uid: 1000 }, "another user's stat of the object by its name");
    memory.truncate(10);
    expectStat(theirs, { size: 10 }, "another user's stat after the creator's truncate(10)");
  });

  test("SHM-LIFE-2", "create with exclusive on an existing name fails EEXIST and leaves the object, truncate or not", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, 100, 0o640);
    const mapping = memory.map({ access: "readwrite" });
    store(mapping, 0, pattern(100, 2), "write of 100 bytes");
    expectOutcomes(
      [
        ["create exclusive for readwrite", () => proc.shmOpen(NAME, { access: "readwrite", create: true, exclusive: true }), "EEXIST"],
        ["create exclusive with truncate", () => proc.shmOpen(NAME, { access: "readwrite", create: true, exclusive: true, truncate: true }), "EEXIST"],
        ["create exclusive with another mode", () => proc.shmOpen(NAME, { access: "read", create: true, exclusive: true, mode: 0o666 }), "EEXIST"],
      ],
      "exclusive creates of an existing name",
    );
    expectStat(memory, { size: 100, mode: 0o640 }, "stat after the refused creates");
    expectBytes(load(mapping, 0, 100, "read after the refused creates"), pattern(100, 2), "the bytes after the refused creates");
  });

  test("SHM-LIFE-2", "EEXIST comes before the permission check: a user who may not open the object still gets EEXIST", async (t) => {
    const u = await users(t, PERMISSION_USERS, withShm);
    create(u.owner, NAME, 0, 0o600);
    expectThrowsCode(() => u.other.shmOpen(NAME, { access: "readwrite", create: true, exclusive: true }), "EEXIST", "another user's exclusive create of a 0o600 object");
    expectThrowsCode(() => u.member.shmOpen(NAME, { access: "read", create: true, exclusive: true }), "EEXIST", "a group member's exclusive create of a 0o600 object");
  });

  test("SHM-LIFE-2", "of several exclusive creates of one name by different processes exactly one succeeds", async (t) => {
    const system = await t.system();
    const results = [1000, 1001, 1002, 0, 1003].map((uid) =>
      outcome(() => withShm(system.spawn({ uid, gid: 100 })).shmOpen(NAME, { access: "readwrite", create: true, exclusive: true })),
    );
    expectEqual(results.filter((result) => result === "ok").length, 1, `successes among five exclusive creates (${results.join(", ")})`);
    expectEqual(results.filter((result) => result === "EEXIST").length, 4, `EEXIST among five exclusive creates (${results.join(", ")})`);
  });

  test("SHM-LIFE-2", "exclusive without create is ignored: it opens an existing object and fails ENOENT on an absent one", async (t) => {
    const proc = await shmProcess(t);
    create(proc, NAME, 10);
    expectEqual(outcome(() => proc.shmOpen(NAME, { access: "read", exclusive: true })), "ok", "exclusive open of an existing name without create");
    expectThrowsCode(() => proc.shmOpen("/absent", { access: "read", exclusive: true }), "ENOENT", "exclusive open of an absent name without create");
  });

  test("SHM-LIFE-3", "opening an existing name with create opens the same object, keeping its size, bytes, owner and mode", async (t) => {
    const u = await users(t, PERMISSION_USERS, withShm);
    const mine = create(u.owner, NAME, 10, 0o640);
    store(mine.map({ access: "readwrite" }), 0, new Uint8Array([4, 5, 6]), "the owner's write");
    const theirs = u.member.shmOpen(NAME, { access: "read", create: true, mode: 0o666 });
    expectStat(theirs, { size: 10, uid: 1000, gid: 100, mode: 0o640 }, "the group member's stat after its create of the existing name");
    const mapping = theirs.map({ access: "read" });
    expectBytes(load(mapping, 0, 3, "the group member's read"), new Uint8Array([4, 5, 6]), "the bytes the owner stored");
    const again = u.owner.shmOpen(NAME, { access: "readwrite", create: true, mode: 0o600 });
    expectStat(again, { size: 10, mode: 0o640 }, "the owner's stat after creating the existing name with mode 0o600");
    store(again.map({ access: "readwrite" }), 1, new Uint8Array([50]), "write through the owner's new descriptor");
    expectEqual(load(mapping, 1, 1, "the group member's read after the write")[0], 50, "byte 1 seen through the group member's mapping");
  });

  test("SHM-LIFE-3", "opening an existing name without create reaches the same object from every process", async (t) => {
    const { a, b } = await twoProcesses(t);
    const first = create(a, NAME, PAGE);
    const second = b.shmOpen(NAME, { access: "readwrite" });
    second.truncate(2 * PAGE);
    expectStat(first, { size: 2 * PAGE }, "the creator's stat after the other process resized");
    store(second.map({ access: "readwrite" }), PAGE, new Uint8Array([8]), "write through the other process");
    expectEqual(load(first.map({ access: "read" }), PAGE, 1, "the creator's read")[0], 8, "byte 4096 seen by the creator");
  });

  test("SHM-LIFE-4", "after unlink, opens without create fail ENOENT while descriptors and mappings keep the old object", async (t) => {
    const { a, b } = await twoProcesses(t);
    const memory = create(a, NAME, PAGE);
    const mapping = b.shmOpen(NAME, { access: "readwrite" }).map({ access: "readwrite" });
    store(mapping, 0, new Uint8Array([1, 2]), "write before the unlink");
    a.shmUnlink(NAME);
    expectAbsent(a, NAME, "the unlinking process opening the name");
    expectAbsent(b, NAME, "another process opening the name");
    expectThrowsCode(() => b.shmUnlink(NAME), "ENOENT", "unlinking the name again");
    store(mapping, 2, new Uint8Array([3]), "write through the mapping after the unlink");
    expectBytes(load(memory.map({ access: "read" }), 0, 3, "read through a new mapping of the unlinked object"), new Uint8Array([1, 2, 3]), "the unlinked object's bytes");
    memory.truncate(2 * PAGE);
    expectStat(memory, { size: 2 * PAGE, attachments: 2 }, "stat of the unlinked object after truncate(8192)");
  });

  test("SHM-LIFE-4", "a create after unlink makes a new, empty, distinct object, and the old one keeps its bytes", async (t) => {
    const proc = await shmProcess(t);
    const old = create(proc, NAME, 100);
    const oldMapping = old.map({ access: "readwrite" });
    store(oldMapping, 0, filled(100, 7), "write of 100 sevens");
    proc.shmUnlink(NAME);
    const fresh = create(proc, NAME);
    expectStat(fresh, { size: 0, attachments: 0 }, "stat of the new object under the name");
    fresh.truncate(100);
    const freshMapping = fresh.map({ access: "readwrite" });
    expectZeros(load(freshMapping, 0, 100, "read of the new object"), "the new object's bytes");
    store(freshMapping, 0, filled(100, 1), "write of 100 ones into the new object");
    expectBytes(load(oldMapping, 0, 100, "read of the old object"), filled(100, 7), "the old object's bytes");
    expectStat(old, { size: 100, attachments: 1 }, "stat of the old object");
  });

  test("SHM-LIFE-5", "with no descriptor or mapping open, an object keeps its size and bytes until it is unlinked", async (t) => {
    const { a, b } = await twoProcesses(t);
    const memory = create(a, NAME, 5000);
    const mapping = memory.map({ access: "readwrite" });
    store(mapping, 4000, pattern(1000, 9), "write of 1000 bytes at 4000");
    mapping.unmap();
    memory.close();
    const later = b.shmOpen(NAME, { access: "read" });
    expectStat(later, { size: 5000, attachments: 0 }, "stat by a later open");
    expectBytes(load(later.map({ access: "read" }), 4000, 1000, "read by a later mapping"), pattern(1000, 9), "the bytes kept with nothing open");
  });

  test(
    "SHM-LIFE-5",
    "an object outlives the process that made it",
    async (t) => {
      const { a, b } = await twoProcesses(t);
      const memory = create(a, NAME, 64);
      store(memory.map({ access: "readwrite" }), 0, filled(64, 3), "write of 64 threes");
      a.exit(0);
      const later = b.shmOpen(NAME, { access: "read" });
      expectStat(later, { size: 64, attachments: 0 }, "stat after the creator exited");
      expectBytes(load(later.map({ access: "read" }), 0, 64, "read after the creator exited"), filled(64, 3), "the bytes after the creator exited");
    },
    { requires: EXIT },
  );

  test("SHM-LIFE-6", "closing the descriptor leaves its mappings mapped, readable, writable and counted", async (t) => {
    const { a, b } = await twoProcesses(t);
    const memory = create(a, NAME, PAGE);
    const writer = memory.map({ access: "readwrite" });
    const reader = memory.map({ access: "read" });
    const view = viewOf(writer, "the view before close");
    memory.close();
    expectTrue(writer.mapped && reader.mapped, "the mappings after close", "both mapped", `mapped ${writer.mapped} and ${reader.mapped}`);
    expectTrue(writer.view === view, "the view after close", "the same view", describeValue(writer.view));
    store(writer, 10, new Uint8Array([5]), "write after close");
    view[11] = 6;
    expectBytes(load(reader, 10, 2, "read after close"), new Uint8Array([5, 6]), "bytes stored after close");
    expectStat(b.shmOpen(NAME, { access: "read" }), { attachments: 2, readers: 1, writers: 1 }, "stat by another process after the close");
  });

  test("SHM-LIFE-7", "opening with truncate empties an existing object, and its mappings see their bytes out of bounds", async (t) => {
    const { a, b } = await twoProcesses(t);
    const memory = create(a, NAME, 2 * PAGE);
    const mapping = memory.map({ access: "readwrite" });
    store(mapping, 0, filled(2 * PAGE, 4), "write of 8192 fours");
    const again = b.shmOpen(NAME, { access: "readwrite", truncate: true });
    expectStat(again, { size: 0, attachments: 1 }, "stat after the truncating open");
    expectThrowsCode(() => mapping.read(0, 1), "EFAULT", "read of byte 0 after the truncating open");
    again.truncate(2 * PAGE);
    expectZeros(load(mapping, 0, 2 * PAGE, "read after growing back"), "the bytes after the truncating open and regrowth");
  });

  test("SHM-LIFE-7", "opening with truncate for read access truncates too, as Linux does", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, 300);
    const reader = proc.shmOpen(NAME, { access: "read", truncate: true });
    expectEqual(reader.access, "read", "the access of the truncating open");
    expectStat(memory, { size: 0 }, "stat after a truncating open for read");
  });

  test("SHM-LIFE-7", "create with truncate of an absent name makes an object of size 0, and truncates an existing one", async (t) => {
    const proc = await shmProcess(t);
    const memory = proc.shmOpen(NAME, { access: "readwrite", create: true, truncate: true });
    expectStat(memory, { size: 0 }, "stat of an object made by a truncating create");
    memory.truncate(50);
    proc.shmOpen(NAME, { access: "readwrite", create: true, truncate: true });
    expectStat(memory, { size: 0 }, "stat after a truncating create of the existing name");
  });

  test("SHM-LIFE-8", "each map adds one attachment of its kind and each unmap removes one, in every process", async (t) => {
    const { a, b } = await twoProcesses(t);
    const memory = create(a, NAME, PAGE);
    const theirs = b.shmOpen(NAME, { access: "readwrite" });
    expectStat(memory, { attachments: 0, readers: 0, writers: 0 }, "stat before any map");
    const m1 = memory.map({ access: "readwrite" });
    const m2 = theirs.map({ access: "read" });
    const m3 = theirs.map({ access: "readwrite", length: 10 });
    const m4 = memory.map({ access: "read" });
    expectStat(theirs, { attachments: 4, readers: 2, writers: 2 }, "stat after four maps in two processes");
    m3.unmap();
    expectStat(memory, { attachments: 3, readers: 2, writers: 1 }, "stat after unmapping a read-write mapping");
    m2.unmap();
    m4.unmap();
    expectStat(memory, { attachments: 1, readers: 0, writers: 1 }, "stat after unmapping both read-only mappings");
    m1.unmap();
    expectStat(theirs, { attachments: 0, readers: 0, writers: 0 }, "stat after unmapping everything");
  });

  test("SHM-LIFE-8", "a map that fails adds no attachment", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, PAGE);
    const readOnly = proc.shmOpen(NAME, { access: "read" });
    outcome(() => readOnly.map({ access: "readwrite" }));
    outcome(() => memory.map({ access: "read", offset: 1 }));
    outcome(() => memory.map({ access: "read", length: 0 }));
    expectStat(memory, { attachments: 0, readers: 0, writers: 0 }, "stat after three failed maps");
  });

  test("SHM-LIFE-9", "unmap ends the mapping: mapped false, view undefined, read and write fail EFAULT", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, PAGE);
    const mapping = memory.map({ access: "readwrite" });
    const other = memory.map({ access: "readwrite" });
    mapping.unmap();
    expectEqual(mapping.mapped, false, "mapped after unmap");
    expectEqual(mapping.view, undefined, "the view after unmap");
    expectOutcomes(
      [
        ["read(0, 1) after unmap", () => mapping.read(0, 1), "EFAULT"],
        ["read() after unmap", () => mapping.read(), "EFAULT"],
        ["write(0, 1 byte) after unmap", () => mapping.write(0, new Uint8Array([1])), "EFAULT"],
        ["read(-1, 1) after unmap", () => mapping.read(-1, 1), "EFAULT"],
      ],
      "accesses through an unmapped mapping",
    );
    store(other, 0, new Uint8Array([1]), "write through another mapping of the object");
  });

  test("SHM-LIFE-9", "unmapping again does nothing and the attachments drop only once", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, PAGE);
    const mapping = memory.map({ access: "read" });
    memory.map({ access: "read" });
    mapping.unmap();
    expectEqual(outcome(() => mapping.unmap()), "ok", "a second unmap");
    expectStat(memory, { attachments: 1, readers: 1 }, "stat after unmapping one mapping twice");
  });

  test(
    "SHM-LIFE-10",
    "fork gives the child a copy of every mapping, counted among the attachments until the child exits",
    async (t) => {
      const proc = await shmProcess(t);
      const memory = create(proc, NAME, PAGE);
      memory.map({ access: "readwrite" });
      memory.map({ access: "read" });
      const child = proc.fork();
      expectStat(memory, { attachments: 4, readers: 2, writers: 2 }, "stat after fork");
      child.exit(0);
      expectStat(memory, { attachments: 2, readers: 1, writers: 1 }, "stat after the child exited");
    },
    { requires: FORK_EXIT },
  );

  test(
    "SHM-LIFE-10",
    "exit unmaps every mapping of the process, and the object keeps its bytes",
    async (t) => {
      const { a, b } = await twoProcesses(t);
      const memory = create(a, NAME, PAGE);
      const writer = memory.map({ access: "readwrite" });
      const reader = memory.map({ access: "read" });
      store(writer, 0, new Uint8Array([7]), "write before exit");
      const theirs = b.shmOpen(NAME, { access: "read" });
      a.exit(0);
      expectTrue(!writer.mapped && !reader.mapped, "the mappings after exit", "both unmapped", `mapped ${writer.mapped} and ${reader.mapped}`);
      expectThrowsCode(() => writer.read(0, 1), "EFAULT", "read through a mapping of the exited process");
      expectStat(theirs, { attachments: 0 }, "stat after the process exited");
      expectEqual(load(theirs.map({ access: "read" }), 0, 1, "another process's read")[0], 7, "the byte stored before exit");
    },
    { requires: EXIT },
  );

  // ----- Errors ---------------------------------------------------------------

  test("SHM-ERR-1", "names that are not strings, lack the leading slash, are empty, . or .., or hold another slash or NUL fail EINVAL", async (t) => {
    const proc = await shmProcess(t);
    const rows: OutcomeRow[] = [];
    for (const { label, value } of notStrings(NAME, "a name")) {
      rows.push([`shmOpen of ${label}`, () => proc.shmOpen(value as string, { access: "readwrite", create: true }), "EINVAL"]);
      rows.push([`shmUnlink of ${label}`, () => proc.shmUnlink(value as string), "EINVAL"]);
    }
    for (const name of MALFORMED_NAMES) {
      rows.push([`shmOpen of ${JSON.stringify(name)}`, () => proc.shmOpen(name, { access: "readwrite", create: true }), "EINVAL"]);
      rows.push([`shmUnlink of ${JSON.stringify(name)}`, () => proc.shmUnlink(name), "EINVAL"]);
    }
    expectOutcomes(rows, "calls with malformed names");
    expectAbsent(proc, "/a", "opening /a after the create of /a/b failed");
    expectAbsent(proc, NAME, "opening /shm after the creates of shm and /shm/ failed");
  });

  test("SHM-ERR-1", "a name of 255 bytes after its slash works, one of 256 bytes in UTF-8 fails ENAMETOOLONG", async (t) => {
    const proc = await shmProcess(t);
    const longest = `/${"x".repeat(NAME_MAX)}`;
    const accented = `/${"é".repeat(127)}x`;
    const tooLong = `/${"x".repeat(NAME_MAX + 1)}`;
    const accentedTooLong = `/${"é".repeat(128)}`;
    expectOutcomes(
      [
        ["shmOpen of a 255-byte name", () => proc.shmOpen(longest, { access: "readwrite", create: true }), "ok"],
        ["shmOpen of a 255-byte name of 128 characters", () => proc.shmOpen(accented, { access: "readwrite", create: true }), "ok"],
        ["shmOpen of a 256-byte name", () => proc.shmOpen(tooLong, { access: "readwrite", create: true }), "ENAMETOOLONG"],
        ["shmOpen of a 256-byte name of 128 characters", () => proc.shmOpen(accentedTooLong, { access: "readwrite", create: true }), "ENAMETOOLONG"],
        ["shmOpen of a 256-byte name with bad options", () => proc.shmOpen(tooLong, { access: "write" as ShmAccess }), "ENAMETOOLONG"],
        ["shmUnlink of a 256-byte name", () => proc.shmUnlink(tooLong), "ENAMETOOLONG"],
        ["shmUnlink of the 255-byte name", () => proc.shmUnlink(longest), "ok"],
        ["shmUnlink of the 255-byte name of 128 characters", () => proc.shmUnlink(accented), "ok"],
      ],
      "calls with names at and past NAME_MAX",
    );
  });

  test("SHM-ERR-2", "open options that are not an object, or with a bad access, flag or mode, fail EINVAL and create nothing", async (t) => {
    const proc = await shmProcess(t);
    const bad: readonly { readonly label: string; readonly value: unknown }[] = [
      { label: "no options", value: undefined },
      { label: "null", value: null },
      { label: "a string", value: "readwrite" },
      { label: "no access", value: { create: true } },
      { label: "access write", value: { access: "write", create: true } },
      { label: "access rw", value: { access: "rw", create: true } },
      { label: "create 1", value: { access: "readwrite", create: 1 } },
      { label: "create \"true\"", value: { access: "readwrite", create: "true" } },
      { label: "exclusive 1", value: { access: "readwrite", create: true, exclusive: 1 } },
      { label: "truncate \"yes\"", value: { access: "readwrite", create: true, truncate: "yes" } },
      { label: "mode -1", value: { access: "readwrite", create: true, mode: -1 } },
      { label: "mode 0o1000", value: { access: "readwrite", create: true, mode: 0o1000 } },
      { label: "mode 1.5", value: { access: "readwrite", create: true, mode: 1.5 } },
      { label: "mode \"600\"", value: { access: "readwrite", create: true, mode: "600" } },
      { label: "mode NaN", value: { access: "readwrite", create: true, mode: Number.NaN } },
    ];
    expectOutcomes(
      bad.map(({ label, value }) => [`shmOpen with ${label}`, () => proc.shmOpen(NAME, value as { access: ShmAccess }), "EINVAL"] as const),
      "creates with bad options",
    );
    expectAbsent(proc, NAME, "opening the name after the failed creates");
  });

  test("SHM-ERR-2", "bad options on an existing object fail EINVAL and truncate nothing", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, 100);
    expectOutcomes(
      [
        ["truncating open with mode 0o1000", () => proc.shmOpen(NAME, { access: "readwrite", truncate: true, mode: 0o1000 }), "EINVAL"],
        ["truncating open with access write", () => proc.shmOpen(NAME, { access: "write" as ShmAccess, truncate: true }), "EINVAL"],
        ["truncating open with create 0", () => proc.shmOpen(NAME, { access: "readwrite", truncate: true, create: 0 as unknown as boolean }), "EINVAL"],
      ],
      "truncating opens with bad options",
    );
    expectStat(memory, { size: 100 }, "stat after the failed opens");
  });

  test("SHM-ERR-3", "shmUnlink of a name no object has fails ENOENT, and so does a second unlink", async (t) => {
    const proc = await shmProcess(t);
    expectThrowsCode(() => proc.shmUnlink("/never"), "ENOENT", "unlinking a name never made");
    create(proc, NAME);
    proc.shmUnlink(NAME);
    expectThrowsCode(() => proc.shmUnlink(NAME), "ENOENT", "unlinking a name a second time");
  });

  test("SHM-ERR-4", "map with a length of 0, or a default length of 0, fails EINVAL and maps nothing", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME);
    const readOnly = proc.shmOpen(NAME, { access: "read" });
    expectOutcomes(
      [
        ["map of an empty object with no length", () => memory.map({ access: "read" }), "EINVAL"],
        ["map with length 0", () => memory.map({ access: "readwrite", length: 0 }), "EINVAL"],
        ["readwrite map with length 0 through a read-only descriptor", () => readOnly.map({ access: "readwrite", length: 0 }), "EINVAL"],
      ],
      "maps of nothing",
    );
    memory.truncate(PAGE);
    expectThrowsCode(() => memory.map({ access: "read", offset: PAGE }), "EINVAL", "map at offset 4096 of a 4096-byte object with no length");
    expectStat(memory, { attachments: 0 }, "stat after the failed maps");
  });

  test("SHM-ERR-4", "map at an offset that is not a non-negative multiple of 4096 fails EINVAL", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, 4 * PAGE);
    const offsets: readonly unknown[] = [1, 100, PAGE - 1, PAGE + 1, -PAGE, 1.5, Number.NaN, "0", null];
    expectOutcomes(
      offsets.map((offset) => [`map at offset ${describeValue(offset)}`, () => memory.map({ access: "read", offset: offset as number, length: 1 }), "EINVAL"] as const),
      "maps at bad offsets",
    );
    expectEqual(memory.map({ access: "read", offset: 3 * PAGE, length: 1 }).offset, 3 * PAGE, "the offset of a map at 12288");
  });

  test("SHM-ERR-4", "map with options that are not an object, a bad access or length, or a range past SHM_SIZE_MAX fails EINVAL", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, PAGE);
    const bad: readonly { readonly label: string; readonly value: unknown }[] = [
      { label: "no options", value: undefined },
      { label: "null", value: null },
      { label: "a string", value: "read" },
      { label: "no access", value: { length: 1 } },
      { label: "access write", value: { access: "write", length: 1 } },
      { label: "length -1", value: { access: "read", length: -1 } },
      { label: "length 1.5", value: { access: "read", length: 1.5 } },
      { label: "length \"10\"", value: { access: "read", length: "10" } },
      { label: "length Infinity", value: { access: "read", length: Number.POSITIVE_INFINITY } },
      { label: "length SHM_SIZE_MAX + 1", value: { access: "read", length: SHM_SIZE_MAX + 1 } },
      { label: "offset SHM_SIZE_MAX, length 1", value: { access: "read", offset: SHM_SIZE_MAX, length: 1 } },
      { label: "offset 4096, length SHM_SIZE_MAX - 4095", value: { access: "read", offset: PAGE, length: SHM_SIZE_MAX - PAGE + 1 } },
    ];
    expectOutcomes(
      bad.map(({ label, value }) => [`map with ${label}`, () => memory.map(value as { access: ShmAccess }), "EINVAL"] as const),
      "maps with bad options",
    );
    expectStat(memory, { attachments: 0 }, "stat after the failed maps");
  });

  test("SHM-ERR-5", "read and write of ranges outside the mapping fail EINVAL and change nothing, even where the object goes on", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, 2 * PAGE);
    const mapping = memory.map({ access: "readwrite", length: PAGE });
    const witness = memory.map({ access: "read" });
    expectOutcomes(
      [
        ["read(4096, 1)", () => mapping.read(PAGE, 1), "EINVAL"],
        ["read(0, 4097)", () => mapping.read(0, PAGE + 1), "EINVAL"],
        ["read(4097)", () => mapping.read(PAGE + 1), "EINVAL"],
        ["read(-1, 1)", () => mapping.read(-1, 1), "EINVAL"],
        ["read(1.5, 1)", () => mapping.read(1.5, 1), "EINVAL"],
        ["read(0, NaN)", () => mapping.read(0, Number.NaN), "EINVAL"],
        ["read(\"0\", 1)", () => mapping.read("0" as unknown as number, 1), "EINVAL"],
        ["read(0, -1)", () => mapping.read(0, -1), "EINVAL"],
        ["write(4096, 1 byte)", () => mapping.write(PAGE, new Uint8Array([1])), "EINVAL"],
        ["write(4090, 7 bytes)", () => mapping.write(PAGE - 6, filled(7, 1)), "EINVAL"],
        ["write(-1, 1 byte)", () => mapping.write(-1, new Uint8Array([1])), "EINVAL"],
        ["write(0.5, 1 byte)", () => mapping.write(0.5, new Uint8Array([1])), "EINVAL"],
        ["write(0, 4097 bytes)", () => mapping.write(0, filled(PAGE + 1, 1)), "EINVAL"],
      ],
      "accesses outside a 4096-byte mapping of an 8192-byte object",
    );
    expectZeros(load(witness, 0, 2 * PAGE, "read of the whole object"), "the object after the refused writes");
  });

  test("SHM-ERR-5", "write with data that is not a Uint8Array fails EINVAL and stores nothing", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, PAGE);
    const mapping = memory.map({ access: "readwrite" });
    const bad: readonly { readonly label: string; readonly value: unknown }[] = [
      { label: "null", value: null },
      { label: "an array of numbers", value: [1, 2, 3] },
      { label: "a string", value: "abc" },
      { label: "an ArrayBuffer", value: new Uint8Array([1, 2]).buffer },
      { label: "a DataView", value: new DataView(new Uint8Array([1, 2]).buffer) },
      { label: "a Uint16Array", value: new Uint16Array([1, 2]) },
      { label: "an Int8Array", value: new Int8Array([1, 2]) },
      { label: "a Uint8ClampedArray", value: new Uint8ClampedArray([1, 2]) },
    ];
    expectOutcomes(
      bad.map(({ label, value }) => [`write of ${label}`, () => mapping.write(0, value as Uint8Array), "EINVAL"] as const),
      "writes of values that are not byte arrays",
    );
    expectZeros(load(mapping, 0, 16, "read after the refused writes"), "the first 16 bytes after the refused writes");
  });

  test("SHM-ERR-5", "reads and writes that end exactly at the mapping's end work, and empty ones return nothing", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, 2 * PAGE);
    const mapping = memory.map({ access: "readwrite", length: PAGE });
    store(mapping, PAGE - 1, new Uint8Array([5]), "write of the mapping's last byte");
    expectEqual(load(mapping, PAGE - 1, 1, "read of the mapping's last byte")[0], 5, "the last byte");
    expectEqual(load(mapping, PAGE, 0, "read of 0 bytes at the mapping's end").length, 0, "bytes read at the end");
    expectEqual(load(mapping, 10, 0, "read of 0 bytes at offset 10").length, 0, "bytes read with length 0");
    store(mapping, PAGE, new Uint8Array(0), "write of 0 bytes at the mapping's end");
    expectEqual(expectSync(mapping.read(), "read()").length, PAGE, "the default read: the whole mapping");
    expectEqual(expectSync(mapping.read(PAGE - 10), "read(4086)").length, 10, "read(4086): the rest of the mapping");
  });

  test("SHM-ERR-6", "a read or write reaching past the object's size fails EFAULT and moves no byte", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, 100);
    const mapping = memory.map({ access: "readwrite", length: PAGE });
    expectThrowsCode(() => mapping.write(90, filled(20, 9)), "EFAULT", "write of bytes 90..109 of a 100-byte object");
    expectZeros(load(mapping, 80, 20, "read of bytes 80..99"), "bytes 90..99 after the refused write");
    expectThrowsCode(() => mapping.read(99, 2), "EFAULT", "read of bytes 99..100 of a 100-byte object");
    expectThrowsCode(() => mapping.read(), "EFAULT", "read() of a 4096-byte mapping of a 100-byte object");
    store(mapping, 99, new Uint8Array([1]), "write of byte 99");
    expectEqual(load(mapping, 99, 1, "read of byte 99")[0], 1, "byte 99");
  });

  test("SHM-ERR-6", "through a mapping at an offset, bounds are those of the object from the mapping's offset on", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, PAGE + 10);
    const mapping = memory.map({ access: "readwrite", offset: PAGE, length: PAGE });
    store(mapping, 0, filled(10, 2), "write of the object's last 10 bytes");
    expectThrowsCode(() => mapping.read(5, 10), "EFAULT", "read of bytes 5..14 of the mapping at 4096 of a 4106-byte object");
    expectThrowsCode(() => mapping.write(10, new Uint8Array([1])), "EFAULT", "write of byte 10 of the mapping at 4096 of a 4106-byte object");
  });

  test("SHM-ERR-7", "every call on a closed descriptor fails EBADF, before any other check", async (t) => {
    const proc = await shmProcess(t);
    const memory = create(proc, NAME, PAGE);
    memory.close();
    expectEqual(memory.closed, true, "closed after close");
    expectOutcomes(
      [
        ["truncate(10)", () => memory.truncate(10), "EBADF"],
        ["truncate(-1)", () => memory.truncate(-1), "EBADF"],
        ["stat()", () => memory.stat(), "EBADF"],
        ["map for read", () => memory.map({ access: "read" }), "EBADF"],
        ["map with no options", () => memory.map(undefined as unknown as { access: ShmAccess }), "EBADF"],
        ["close()", () => memory.close(), "EBADF"],
      ],
      "calls on a closed descriptor",
    );
    expectStat(proc.shmOpen(NAME, { access: "read" }), { size: PAGE }, "stat through a new descriptor");
  });

  test("SHM-ERR-8", "truncate through a read-only descriptor fails EINVAL and leaves the size", async (t) => {
    const proc = await shmProcess(t);
    create(proc, NAME, 100);
    const readOnly = proc.shmOpen(NAME, { access: "read" });
    expectThrowsCode(() => readOnly.truncate(200), "EINVAL", "truncate(200) through a read-only descriptor");
    expectThrowsCode(() => readOnly.truncate(0), "EINVAL", "truncate(0) through a read-only descriptor");
    expectThrowsCode(() => readOnly.truncate(100), "EINVAL", "truncate(100) through a read-only descriptor");
    expectStat(readOnly, { size: 100 }, "stat after the refused truncates");
  });
}

