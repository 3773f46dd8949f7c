/**
 * Conformance tests for named pipes (FIFOs): at least one test for every
 * clause of {@link FIFO_CLAUSES}, each named by the clause it checks and
 * titled with the rule it checks.
 *
 * As with pipes, blocking is proven without sleeps: an open is
 * {@link track}ed, the task queue drained, and the open found still pending;
 * then the test acts and checks that it settles. Every test builds a fresh
 * system through its {@link TestContext}.
 *
 * Permission tests use five processes of one system: the owner (uid 1000,
 * gid 100), a member of the owning group by its primary gid (uid 1001), one
 * by a supplementary group (uid 1002), another user (uid 1003, gid 200) and
 * root. Their modes keep no group or other write bit, so the default umask
 * (0o022) leaves them as asked; tests that need other modes, or that check
 * the umask itself, require `"process.umask"`. Tests that fork or exit
 * require `"process.fork"` or `"process.exit"`, and tests of signal handlers
 * and SIGPIPE `"signal"`.
 *
 * @module
 */

import { DEFAULT_PIPE_CAPACITY } from "../spec/constants.ts";
import type { FIFO_CLAUSES, FifoApi } from "../spec/fifo.ts";
import { PATH_MAX } from "../spec/fifo.ts";
import { NAME_MAX } from "../spec/namespace.ts";
import type { PipeEnd } from "../spec/pipe.ts";
import { SIGPIPE, SIGUSR1 } from "../spec/signal.ts";
import type { IpcProcess, SpawnOptions } from "../spec/system.ts";
import {
  describeValue,
  expectBytes,
  expectEqual,
  expectOutcomes,
  expectPending,
  expectRejectsCode,
  expectResolves,
  expectSync,
  expectThrowsCode,
  expectTrue,
  operationChecks,
  outcome,
  pattern,
  track,
} from "./assert.ts";
import type { Operation, OutcomeRow } from "./assert.ts";
import {
  PERMISSION_USERS,
  catchSignal,
  expectPipeEmpty,
  ignoreSigpipe,
  notStrings,
  requireCalls,
  setUmask,
  signalProcess,
  takeBuffered,
  users,
} from "./fixtures/index.ts";
import type { Common, TestContext, TestFunction } from "./harness.ts";

// ---------------------------------------------------------------------------
// Local helpers
// ---------------------------------------------------------------------------

const PATH = "/tmp/fifo";
const UMASK = ["process.umask"] as const;
const FORK_EXIT = ["process.fork", "process.exit"] as const;
const EXIT = ["process.exit"] as const;
const SIGNAL = ["signal"] as const;

const { start, expectFulfilledNow, expectRejectsNow } = operationChecks();

/** A process with the FIFO calls. */
type FifoProcess = IpcProcess & FifoApi;

/** Fails unless the process has the four FIFO calls. */
function withFifos(proc: IpcProcess): FifoProcess {
  return requireCalls<FifoProcess>(proc, ["mkfifo", "openFifo", "tryOpenFifo", "unlink"], "fifo");
}

/** A fresh system and one process in it, uid 1000 gid 100 unless told. */
async function fifoProcess(t: TestContext, options: SpawnOptions = { uid: 1000, gid: 100 }): Promise<FifoProcess> {
  return withFifos(await t.process(options));
}

/** Two processes of different users in one fresh system; `alice` (uid 1000) makes the FIFO, mode 0o644. */
async function twoUsers(t: TestContext): Promise<{ readonly alice: FifoProcess; readonly bob: FifoProcess }> {
  const system = await t.system();
  const alice = withFifos(system.spawn({ uid: 1000, gid: 100 }));
  const bob = withFifos(system.spawn({ uid: 1001, gid: 200 }));
  alice.mkfifo(PATH, 0o644);
  return { alice, bob };
}

/** The three accesses, and the opens to try with each. */
const ACCESSES = ["read", "write", "readwrite"] as const;

/** Rows trying `tryOpenFifo` for each access, expecting `expected[i]` for `ACCESSES[i]`. */
function openRows(
  name: string,
  proc: FifoProcess,
  expected: readonly [string, string, string],
  path = PATH,
): OutcomeRow[] {
  return ACCESSES.map((access, i) => [`${name} opening for ${access}`, () => proc.tryOpenFifo(path, { access }), expected[i]!] as const);
}

/** Fails unless the open resolves at once to an end; returns the end. */
async function opensNow(op: Operation<PipeEnd>, what: string): Promise<PipeEnd> {
  const end = await expectFulfilledNow(op, "an end", what);
  expectTrue(typeof end === "object" && end !== null, what, "an end", describeValue(end));
  return end;
}

/** Fails unless the read end is at end of file: tryRead returns 0. */
function expectEof(reader: PipeEnd, what: string): void {
  expectEqual(expectSync(reader.tryRead(new Uint8Array(16)), what), 0, what);
}

/** A connected pair on the FIFO at `path`: a read end then a write end, both opened without waiting. */
function openPair(proc: FifoProcess, path = PATH): { readonly reader: PipeEnd; readonly writer: PipeEnd } {
  const reader = proc.tryOpenFifo(path, { access: "read" });
  const writer = proc.tryOpenFifo(path, { access: "write" });
  return { reader, writer };
}

/** Strings that are not well-formed paths. */
const MALFORMED_PATHS: readonly string[] = [
  "",
  "tmp/fifo",
  "fifo",
  "./fifo",
  "/",
  "//tmp/fifo",
  "/tmp//fifo",
  "/tmp/fifo/",
  "/tmp/./fifo",
  "/tmp/../fifo",
  "/.",
  "/..",
  "/tmp/fi\0fo",
];

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

/**
 * Registers the conformance tests of named pipes: one or more tests for
 * each clause of {@link FIFO_CLAUSES}. Tests that check the umask, or use
 * modes it would change, require `"process.umask"`; tests that fork or exit
 * require `"process.fork"` or `"process.exit"`.
 *
 * @param test - registers one test against a clause
 * @param common - what the implementation under test supports: the tests of
 *   `EPIPE` ask it whether signals are, to ignore `SIGPIPE` (every test
 *   states its own needs in `requires`)
 * @returns nothing; the tests are registered through `test`
 *
 * @example Collect the FIFO tests
 * ```ts
 * import { collectTests, fifoTests } from "ipckit/conformance";
 * const tests = collectTests([{ feature: "fifo", suite: fifoTests }], { supports: () => true });
 * console.assert(tests.some((entry) => entry.clause === "FIFO-NB-2"));
 * ```
 */
export function fifoTests(test: TestFunction, common: Common): void {

  // ----- Blocking -------------------------------------------------------------

  test("FIFO-BLK-1", "an open for reading waits until a writer opens the FIFO, and the writer's open completes at once", async (t) => {
    const { alice, bob } = await twoUsers(t);
    const reading = start(() => bob.openFifo(PATH, { access: "read" }), "bob's open for reading");
    await expectPending(reading, "an open for reading with no writer");
    const writer = await opensNow(() => alice.openFifo(PATH, { access: "write" }), "alice's open for writing while a reader waits");
    const reader = await opensNow(reading, "the waiting open for reading, once a writer opened");
    expectTrue(reader.readable && !reader.writable, "the end opened for reading", "a read end", `readable ${reader.readable}, writable ${reader.writable}`);
    expectTrue(writer.writable && !writer.readable, "the end opened for writing", "a write end", `readable ${writer.readable}, writable ${writer.writable}`);
    expectEqual(writer.tryWrite(new Uint8Array([1, 2, 3])), 3, "tryWrite of 3 bytes through the new write end");
    expectBytes(takeBuffered(reader, 3, "reading the 3 bytes"), new Uint8Array([1, 2, 3]), "the bytes read through the new read end");
  });

  test("FIFO-BLK-1", "an open for writing waits until a reader opens the FIFO, and then both ends share the pipe", async (t) => {
    const { alice, bob } = await twoUsers(t);
    const writing = start(() => alice.openFifo(PATH, { access: "write" }), "alice's open for writing");
    await expectPending(writing, "an open for writing with no reader");
    const reader = expectSync(bob.tryOpenFifo(PATH, { access: "read" }), "bob's tryOpenFifo for reading");
    const writer = await opensNow(writing, "the waiting open for writing, once a reader opened");
    expectPipeEmpty(reader, "tryRead once the writer's open completed (a writer is open, nothing written)");
    expectEqual(writer.tryWrite(new Uint8Array([9])), 1, "tryWrite of 1 byte");
    expectBytes(takeBuffered(reader, 1, "reading the byte"), new Uint8Array([9]), "the byte read");
  });

  test("FIFO-BLK-1", "an open completes at once when the peer already has the FIFO open", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const { writer } = openPair(proc);
    const reader = await opensNow(() => proc.openFifo(PATH, { access: "read" }), "an open for reading while a writer is open");
    const another = await opensNow(() => proc.openFifo(PATH, { access: "write" }), "an open for writing while a reader is open");
    expectEqual(another.tryWrite(new Uint8Array([4])), 1, "tryWrite through the second write end");
    expectEqual(writer.tryWrite(new Uint8Array([5])), 1, "tryWrite through the first write end");
    expectBytes(takeBuffered(reader, 2, "reading both bytes"), new Uint8Array([4, 5]), "the bytes of both writers");
  });

  test("FIFO-BLK-1", "one writer completes every open waiting for reading, across processes", async (t) => {
    const { alice, bob } = await twoUsers(t);
    const first = start(() => bob.openFifo(PATH, { access: "read" }), "bob's open for reading");
    const second = start(() => alice.openFifo(PATH, { access: "read" }), "alice's open for reading");
    await expectPending(first, "the first open for reading");
    await expectPending(second, "the second open for reading");
    const writer = expectSync(alice.tryOpenFifo(PATH, { access: "write" }), "tryOpenFifo for writing while readers wait");
    const r1 = await opensNow(first, "the first waiting open, once a writer opened");
    const r2 = await opensNow(second, "the second waiting open, once a writer opened");
    expectEqual(writer.tryWrite(new Uint8Array([1, 2])), 2, "tryWrite of 2 bytes");
    expectEqual(r2.tryRead(new Uint8Array(1)), 1, "tryRead of 1 byte through the second reader");
    expectEqual(r1.tryRead(new Uint8Array(1)), 1, "tryRead of the other byte through the first reader (one pipe)");
  });

  test("FIFO-BLK-1", "a reader does not complete an open waiting for reading, nor a writer one waiting for writing", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    proc.mkfifo("/tmp/other");
    const reading = start(() => proc.openFifo(PATH, { access: "read" }), "an open for reading");
    await expectPending(reading, "an open for reading with no writer");
    proc.tryOpenFifo(PATH, { access: "read" });
    await expectPending(reading, "the open for reading after another reader opened");
    const writing = start(() => proc.openFifo("/tmp/other", { access: "write" }), "an open for writing of another FIFO");
    await expectPending(writing, "an open for writing with no reader");
    const writing2 = start(() => proc.openFifo("/tmp/other", { access: "write" }), "a second open for writing");
    await expectPending(writing, "the first open for writing after another writer began to wait");
    await expectPending(writing2, "the second open for writing");
    proc.tryOpenFifo(PATH, { access: "write" });
    await opensNow(reading, "the open for reading, once a writer opened");
    await expectPending(writing, "the open for writing of the other FIFO, not woken by this one's writer");
  });

  test("FIFO-BLK-1", "an open completed by a writer that closes again at once then reads end of file", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const reading = start(() => proc.openFifo(PATH, { access: "read" }), "an open for reading");
    await expectPending(reading, "an open for reading with no writer");
    const writer = proc.tryOpenFifo(PATH, { access: "write" });
    writer.close();
    const reader = await opensNow(reading, "the open for reading, after a writer opened and closed");
    await expectResolves(reader.read(new Uint8Array(4)), 0, "a read once the only writer has closed");
  });

  test("FIFO-BLK-2", "an open for readwrite resolves at once on a FIFO nobody has open", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const end = await opensNow(() => proc.openFifo(PATH, { access: "readwrite" }), "openFifo for readwrite with no other end");
    expectTrue(end.readable && end.writable, "the readwrite end", "readable and writable", `readable ${end.readable}, writable ${end.writable}`);
    const again = expectSync(proc.tryOpenFifo(PATH, { access: "readwrite" }), "tryOpenFifo for readwrite");
    expectTrue(again.readable && again.writable, "the second readwrite end", "readable and writable", `readable ${again.readable}, writable ${again.writable}`);
  });

  test("FIFO-BLK-2", "tryOpenFifo for readwrite succeeds though no reader has the FIFO open", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const end = expectSync(proc.tryOpenFifo(PATH, { access: "readwrite" }), "tryOpenFifo for readwrite with no reader");
    expectEqual(end.writable, true, "writable flag of the readwrite end");
  });

  test("FIFO-BLK-2", "a readwrite open completes the opens waiting for reading and those waiting for writing", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    proc.mkfifo("/tmp/other");
    const reading = start(() => proc.openFifo(PATH, { access: "read" }), "an open for reading");
    const writing = start(() => proc.openFifo("/tmp/other", { access: "write" }), "an open for writing");
    await expectPending(reading, "an open for reading with no writer");
    await expectPending(writing, "an open for writing with no reader");
    await opensNow(() => proc.openFifo(PATH, { access: "readwrite" }), "a readwrite open while a reader waits");
    await opensNow(reading, "the open for reading, once a readwrite end opened");
    proc.tryOpenFifo("/tmp/other", { access: "readwrite" });
    await opensNow(writing, "the open for writing, once a readwrite end opened");
  });

  test("FIFO-BLK-3", "aborting an open waiting for reading rejects it with ECANCELED, and it no longer counts as a reader", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const controller = new AbortController();
    const reading = start(() => proc.openFifo(PATH, { access: "read", signal: controller.signal }), "an open for reading");
    await expectPending(reading, "an open for reading with no writer");
    controller.abort(new Error("stop"));
    await expectRejectsNow(reading, "ECANCELED", "the aborted open for reading");
    expectThrowsCode(() => proc.tryOpenFifo(PATH, { access: "write" }), "ENXIO", "tryOpenFifo for writing after the only reader's open was aborted");
  });

  test("FIFO-BLK-3", "aborting an open waiting for writing rejects it with ECANCELED, and a later reader sees no writer", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const controller = new AbortController();
    const writing = start(() => proc.openFifo(PATH, { access: "write", signal: controller.signal }), "an open for writing");
    await expectPending(writing, "an open for writing with no reader");
    controller.abort();
    await expectRejectsNow(writing, "ECANCELED", "the aborted open for writing");
    const reader = proc.tryOpenFifo(PATH, { access: "read" });
    expectEof(reader, "tryRead through a reader opened after the writer's open was aborted");
    await expectResolves(reader.read(new Uint8Array(1)), 0, "a read through that reader");
  });

  test("FIFO-BLK-3", "aborting one waiting open leaves the others waiting, and a writer completes them", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const controller = new AbortController();
    const first = start(() => proc.openFifo(PATH, { access: "read" }), "the first open for reading");
    const aborted = start(() => proc.openFifo(PATH, { access: "read", signal: controller.signal }), "the second open for reading");
    const third = start(() => proc.openFifo(PATH, { access: "read" }), "the third open for reading");
    await expectPending(aborted, "the second open for reading");
    controller.abort();
    await expectRejectsNow(aborted, "ECANCELED", "the aborted second open");
    await expectPending(first, "the first open after the second was aborted");
    await expectPending(third, "the third open after the second was aborted");
    proc.tryOpenFifo(PATH, { access: "write" });
    await opensNow(first, "the first open, once a writer opened");
    await opensNow(third, "the third open, once a writer opened");
  });

  test("FIFO-BLK-4", "openFifo with an aborted signal rejects ECANCELED though a writer is open, and opens nothing", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const { reader, writer } = openPair(proc);
    const controller = new AbortController();
    controller.abort();
    await expectRejectsNow(() => proc.openFifo(PATH, { access: "read", signal: controller.signal }), "ECANCELED", "an open for reading with an aborted signal");
    reader.close();
    expectThrowsCode(() => writer.tryWrite(new Uint8Array(1)), "EPIPE", "tryWrite once the only real reader closed (the aborted open must not count)");
  });

  test("FIFO-BLK-4", "a readwrite open with an aborted signal rejects ECANCELED and leaves no reader behind", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const controller = new AbortController();
    controller.abort();
    await expectRejectsNow(() => proc.openFifo(PATH, { access: "readwrite", signal: controller.signal }), "ECANCELED", "a readwrite open with an aborted signal");
    expectThrowsCode(() => proc.tryOpenFifo(PATH, { access: "write" }), "ENXIO", "tryOpenFifo for writing after the aborted readwrite open");
  });

  test("FIFO-BLK-4", "an open for writing with an aborted signal rejects ECANCELED instead of waiting, and counts as no writer", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const controller = new AbortController();
    controller.abort();
    await expectRejectsNow(() => proc.openFifo(PATH, { access: "write", signal: controller.signal }), "ECANCELED", "an open for writing with an aborted signal");
    const reading = start(() => proc.openFifo(PATH, { access: "read" }), "an open for reading afterwards");
    await expectPending(reading, "an open for reading (the aborted writer must not count)");
    proc.tryOpenFifo(PATH, { access: "write" });
    await opensNow(reading, "the open for reading, once a real writer opened");
  });

  test("FIFO-BLK-5", "a handler interrupts an open waiting for reading: it rejects with EINTR and no longer counts as a reader", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const caught = catchSignal(proc, SIGUSR1);
    const reading = start(() => proc.openFifo(PATH, { access: "read" }), "an open for reading");
    await expectPending(reading, "an open for reading with no writer");
    signalProcess(proc).kill(proc.pid, SIGUSR1);
    expectEqual(caught.length, 1, "SIGUSR1 deliveries once kill returned");
    await expectRejectsNow(reading, "EINTR", "the open the handler interrupted");
    expectThrowsCode(() => proc.tryOpenFifo(PATH, { access: "write" }), "ENXIO", "tryOpenFifo for writing after the only reader's open was interrupted");
  }, { requires: SIGNAL });

  test("FIFO-BLK-5", "a handler interrupts an open waiting for writing: it rejects with EINTR and a later reader sees no writer", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    catchSignal(proc, SIGUSR1);
    const writing = start(() => proc.openFifo(PATH, { access: "write" }), "an open for writing");
    await expectPending(writing, "an open for writing with no reader");
    signalProcess(proc).kill(proc.pid, SIGUSR1);
    await expectRejectsNow(writing, "EINTR", "the open the handler interrupted");
    expectEof(proc.tryOpenFifo(PATH, { access: "read" }), "tryRead through a reader opened after the writer's open was interrupted");
  }, { requires: SIGNAL });

  test("FIFO-BLK-5", "a handler interrupts only its own process's open: another process's open goes on waiting and completes", async (t) => {
    const { alice, bob } = await twoUsers(t);
    catchSignal(bob, SIGUSR1);
    const bobs = start(() => bob.openFifo(PATH, { access: "read" }), "bob's open for reading");
    const alices = start(() => alice.openFifo(PATH, { access: "read" }), "alice's open for reading");
    await expectPending(bobs, "bob's open for reading");
    signalProcess(bob).kill(bob.pid, SIGUSR1);
    await expectRejectsNow(bobs, "EINTR", "bob's interrupted open");
    await expectPending(alices, "alice's open, in a process no handler ran for");
    alice.tryOpenFifo(PATH, { access: "write" });
    await opensNow(alices, "alice's open, once a writer opened");
  }, { requires: SIGNAL });

  test("FIFO-BLK-5", "under restart, an interrupted open goes on waiting and completes when the peer opens", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const caught = catchSignal(proc, SIGUSR1, { restart: true });
    const reading = start(() => proc.openFifo(PATH, { access: "read" }), "an open for reading");
    await expectPending(reading, "an open for reading with no writer");
    signalProcess(proc).kill(proc.pid, SIGUSR1);
    expectEqual(caught.length, 1, "SIGUSR1 deliveries once kill returned");
    await expectPending(reading, "the open after a handler installed with restart ran");
    const writer = proc.tryOpenFifo(PATH, { access: "write" });
    const reader = await opensNow(reading, "the restarted open, once a writer opened");
    expectEqual(writer.tryWrite(new Uint8Array([3])), 1, "tryWrite of 1 byte");
    expectBytes(takeBuffered(reader, 1, "reading the byte"), new Uint8Array([3]), "the byte read through the restarted open's end");
  }, { requires: SIGNAL });

  // ----- Non-blocking -----------------------------------------------------------

  test("FIFO-NB-1", "tryOpenFifo for reading succeeds at once when no writer has the FIFO open", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const reader = expectSync(proc.tryOpenFifo(PATH, { access: "read" }), "tryOpenFifo for reading with no writer");
    expectTrue(reader.readable && !reader.writable, "the end", "a read end", `readable ${reader.readable}, writable ${reader.writable}`);
    const second = expectSync(proc.tryOpenFifo(PATH, { access: "read" }), "a second tryOpenFifo for reading");
    expectEqual(second.readable, true, "readable flag of the second read end");
  });

  test("FIFO-NB-1", "tryOpenFifo for reading succeeds while a writer has the FIFO open, and reads its bytes", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const { writer } = openPair(proc);
    expectEqual(writer.tryWrite(new Uint8Array([7, 8])), 2, "tryWrite of 2 bytes");
    const reader = expectSync(proc.tryOpenFifo(PATH, { access: "read" }), "tryOpenFifo for reading with a writer open");
    expectBytes(takeBuffered(reader, 2, "reading the 2 bytes through the new reader"), new Uint8Array([7, 8]), "the bytes read");
  });

  test("FIFO-NB-2", "tryOpenFifo for writing with no reader fails with ENXIO and opens nothing", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    expectThrowsCode(() => proc.tryOpenFifo(PATH, { access: "write" }), "ENXIO", "tryOpenFifo for writing with no reader");
    const reader = proc.tryOpenFifo(PATH, { access: "read" });
    expectEof(reader, "tryRead through a reader opened after the failed write open (no writer may count)");
  });

  test("FIFO-NB-2", "tryOpenFifo for writing succeeds while a reader is open and fails with ENXIO again once the last reader closed", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const reader = proc.tryOpenFifo(PATH, { access: "read" });
    const copy = reader.dup();
    const writer = expectSync(proc.tryOpenFifo(PATH, { access: "write" }), "tryOpenFifo for writing while a reader is open");
    writer.close();
    reader.close();
    expectSync(proc.tryOpenFifo(PATH, { access: "write" }), "tryOpenFifo for writing while a duplicate reader is open").close();
    copy.close();
    expectThrowsCode(() => proc.tryOpenFifo(PATH, { access: "write" }), "ENXIO", "tryOpenFifo for writing once every reader closed");
  });

  test("FIFO-NB-2", "an open for reading that still waits counts as a reader: tryOpenFifo for writing succeeds and completes it", async (t) => {
    const { alice, bob } = await twoUsers(t);
    const reading = start(() => bob.openFifo(PATH, { access: "read" }), "bob's open for reading");
    await expectPending(reading, "an open for reading with no writer");
    const writer = expectSync(alice.tryOpenFifo(PATH, { access: "write" }), "tryOpenFifo for writing while a reader waits");
    const reader = await opensNow(reading, "the waiting open for reading");
    expectEqual(writer.tryWrite(new Uint8Array([3])), 1, "tryWrite of 1 byte");
    expectBytes(takeBuffered(reader, 1, "reading it"), new Uint8Array([3]), "the byte read");
  });

  test("FIFO-NB-2", "a readwrite end counts as a reader for tryOpenFifo for writing", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const both = proc.tryOpenFifo(PATH, { access: "readwrite" });
    const writer = expectSync(proc.tryOpenFifo(PATH, { access: "write" }), "tryOpenFifo for writing while a readwrite end is open");
    expectEqual(writer.tryWrite(new Uint8Array([6])), 1, "tryWrite through the write end");
    expectBytes(takeBuffered(both, 1, "reading through the readwrite end"), new Uint8Array([6]), "the byte read");
    both.close();
    expectThrowsCode(() => proc.tryOpenFifo(PATH, { access: "write" }), "ENXIO", "tryOpenFifo for writing once the readwrite end closed");
  });

  test("FIFO-NB-3", "tryOpenFifo returns an end, not a promise, for every access", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    for (const access of ["read", "readwrite", "write"] as const) {
      const end = expectSync(proc.tryOpenFifo(PATH, { access }), `tryOpenFifo for ${access}`);
      expectTrue(typeof end.tryRead === "function" && typeof end.close === "function", `tryOpenFifo for ${access}`, "an end", describeValue(end));
    }
  });

  test("FIFO-NB-3", "tryOpenFifo throws its errors synchronously", async (t) => {
    const { owner, other } = await users(t, PERMISSION_USERS, withFifos);
    owner.mkfifo(PATH, 0o600);
    expectThrowsCode(() => owner.tryOpenFifo(PATH, { access: "write" }), "ENXIO", "tryOpenFifo for writing with no reader");
    expectThrowsCode(() => owner.tryOpenFifo("/tmp/missing", { access: "read" }), "ENOENT", "tryOpenFifo of a missing name");
    expectThrowsCode(() => other.tryOpenFifo(PATH, { access: "read" }), "EACCES", "tryOpenFifo by another user of a 0o600 FIFO");
    expectThrowsCode(() => owner.tryOpenFifo("relative", { access: "read" }), "EINVAL", "tryOpenFifo of a relative path");
  });

  // ----- End of file ------------------------------------------------------------

  test("FIFO-EOF-1", "a read end of a FIFO no writer has open reads end of file with tryRead and with read", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const reader = proc.tryOpenFifo(PATH, { access: "read" });
    expectEof(reader, "tryRead with no writer ever");
    await expectResolves(reader.read(new Uint8Array(8)), 0, "a read with no writer ever");
    expectEof(reader, "tryRead again");
  });

  test("FIFO-EOF-1", "once a writer opens, the empty FIFO fails tryRead with EAGAIN, and after the last writer closes it reads 0 again", async (t) => {
    const { alice, bob } = await twoUsers(t);
    const reader = bob.tryOpenFifo(PATH, { access: "read" });
    expectEof(reader, "tryRead before any writer");
    const writer = alice.tryOpenFifo(PATH, { access: "write" });
    const copy = writer.dup();
    expectPipeEmpty(reader, "tryRead with a writer open and nothing written");
    const pending = track(reader.read(new Uint8Array(4)));
    await expectPending(pending, "a read with a writer open and nothing written");
    writer.close();
    expectPipeEmpty(reader, "tryRead with a duplicate of the writer still open");
    copy.close();
    await expectResolves(pending, 0, "the pending read once the last writer closed");
    expectEof(reader, "tryRead once the last writer closed");
  });

  test("FIFO-EOF-1", "a writer's bytes are read before end of file returns after it closes", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const { reader, writer } = openPair(proc);
    expectEqual(writer.tryWrite(new Uint8Array([1, 2])), 2, "tryWrite of 2 bytes");
    writer.close();
    expectBytes(takeBuffered(reader, 2, "reading the 2 bytes"), new Uint8Array([1, 2]), "the bytes written before the writer closed");
    expectEof(reader, "tryRead once they were read");
  });

  test("FIFO-EOF-2", "a readwrite end writes bytes and reads them back itself", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const end = proc.tryOpenFifo(PATH, { access: "readwrite" });
    await expectResolves(end.write(new Uint8Array([1, 2, 3])), 3, "a write through the readwrite end");
    const buffer = new Uint8Array(8);
    await expectResolves(end.read(buffer), 3, "a read through the same end");
    expectBytes(buffer.subarray(0, 3), new Uint8Array([1, 2, 3]), "the bytes read back");
    expectPipeEmpty(end, "tryRead through the readwrite end once empty (it is a writer itself)");
  });

  test("FIFO-EOF-2", "while a readwrite end is open, reads of the empty FIFO wait instead of seeing end of file", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const both = proc.tryOpenFifo(PATH, { access: "readwrite" });
    const reader = proc.tryOpenFifo(PATH, { access: "read" });
    const own = track(both.read(new Uint8Array(4)));
    const other = track(reader.read(new Uint8Array(4)));
    await expectPending(own, "a read through the readwrite end of the empty FIFO");
    await expectPending(other, "a read through a read end while the readwrite end is open");
    expectPipeEmpty(reader, "tryRead through the read end while the readwrite end is open");
    both.close();
    await expectRejectsNow(own, "EBADF", "the readwrite end's own read once it closed");
    await expectResolves(other, 0, "the read end's read once the readwrite end, the only writer, closed");
  });

  test("FIFO-EOF-2", "while a readwrite end is open, writes never fail with EPIPE though every read end closed", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const reader = proc.tryOpenFifo(PATH, { access: "read" });
    const writer = proc.tryOpenFifo(PATH, { access: "write" });
    const both = proc.tryOpenFifo(PATH, { access: "readwrite" });
    reader.close();
    expectEqual(writer.tryWrite(new Uint8Array([5])), 1, "tryWrite with only the readwrite end left to read");
    await expectResolves(writer.write(new Uint8Array([6])), 1, "a write with only the readwrite end left to read");
    expectBytes(takeBuffered(both, 2, "reading through the readwrite end"), new Uint8Array([5, 6]), "the bytes read");
    both.close();
    expectThrowsCode(() => writer.tryWrite(new Uint8Array([7])), "EPIPE", "tryWrite once the readwrite end closed too");
  });

  test(
    "FIFO-EOF-2",
    "duplicates of a readwrite end, and a forked child's copy, read and write too",
    async (t) => {
      const proc = await fifoProcess(t);
      proc.mkfifo(PATH);
      const both = proc.tryOpenFifo(PATH, { access: "readwrite" });
      const copy = both.dup();
      const child = proc.fork();
      const reader = proc.tryOpenFifo(PATH, { access: "read" });
      expectTrue(copy.readable && copy.writable, "the duplicate", "readable and writable", `readable ${copy.readable}, writable ${copy.writable}`);
      expectEqual(copy.tryWrite(new Uint8Array([1])), 1, "tryWrite through the duplicate");
      expectEqual(both.tryRead(new Uint8Array(1)), 1, "tryRead through the original");
      both.close();
      copy.close();
      expectPipeEmpty(reader, "tryRead while the child's copy of the readwrite end is open");
      child.exit();
      expectEof(reader, "tryRead once the child exited");
    },
    { requires: FORK_EXIT },
  );

  // ----- Permission -------------------------------------------------------------

  test("FIFO-PERM-1", "each class is decided by its own bits: with mode 0o640 the owner reads and writes, the group only reads, others nothing", async (t) => {
    const u = await users(t, PERMISSION_USERS, withFifos);
    u.owner.mkfifo(PATH, 0o640);
    u.root.tryOpenFifo(PATH, { access: "readwrite" }); // a reader, so that opens for writing can succeed
    expectOutcomes(
      [
        ...openRows("the owner", u.owner, ["ok", "ok", "ok"]),
        ...openRows("a group member", u.member, ["ok", "EACCES", "EACCES"]),
        ...openRows("a member by a supplementary group", u.supplementary, ["ok", "EACCES", "EACCES"]),
        ...openRows("another user", u.other, ["EACCES", "EACCES", "EACCES"]),
      ],
      "opens of a 0o640 FIFO",
    );
  });

  test("FIFO-PERM-1", "only the first class that matches counts: with mode 0o604 the group is denied what others may do", async (t) => {
    const u = await users(t, PERMISSION_USERS, withFifos);
    u.owner.mkfifo(PATH, 0o604);
    u.root.tryOpenFifo(PATH, { access: "readwrite" });
    expectOutcomes(
      [
        ...openRows("the owner", u.owner, ["ok", "ok", "ok"]),
        ...openRows("a group member", u.member, ["EACCES", "EACCES", "EACCES"]),
        ...openRows("a member by a supplementary group", u.supplementary, ["EACCES", "EACCES", "EACCES"]),
        ...openRows("another user", u.other, ["ok", "EACCES", "EACCES"]),
      ],
      "opens of a 0o604 FIFO",
    );
  });

  test("FIFO-PERM-1", "the owner bits bind the owner: with mode 0o244 the owner may only write, though group and others may read", async (t) => {
    const u = await users(t, PERMISSION_USERS, withFifos);
    u.owner.mkfifo(PATH, 0o244);
    u.root.tryOpenFifo(PATH, { access: "readwrite" });
    expectOutcomes(
      [
        ...openRows("the owner", u.owner, ["EACCES", "ok", "EACCES"]),
        ...openRows("a group member", u.member, ["ok", "EACCES", "EACCES"]),
        ...openRows("another user", u.other, ["ok", "EACCES", "EACCES"]),
      ],
      "opens of a 0o244 FIFO",
    );
  });

  test("FIFO-PERM-1", "root opens for reading, writing and both whatever the mode, even 0o000, while the owner is denied", async (t) => {
    const u = await users(t, PERMISSION_USERS, withFifos);
    u.owner.mkfifo(PATH, 0o000);
    expectOutcomes(
      [
        ["root opening for reading", () => u.root.tryOpenFifo(PATH, { access: "read" }), "ok"],
        ["root opening for writing", () => u.root.tryOpenFifo(PATH, { access: "write" }), "ok"],
        ["root opening for readwrite", () => u.root.tryOpenFifo(PATH, { access: "readwrite" }), "ok"],
        ...openRows("the owner", u.owner, ["EACCES", "EACCES", "EACCES"]),
      ],
      "opens of a 0o000 FIFO",
    );
    await opensNow(() => u.root.openFifo(PATH, { access: "read" }), "root's blocking open for reading (a writer is open)");
  });

  test("FIFO-PERM-1", "a blocking open is checked too: it rejects EACCES at once instead of waiting", async (t) => {
    const u = await users(t, PERMISSION_USERS, withFifos);
    u.owner.mkfifo(PATH, 0o640);
    await expectRejectsNow(() => u.other.openFifo(PATH, { access: "read" }), "EACCES", "another user's blocking open for reading of a 0o640 FIFO");
    await expectRejectsNow(() => u.member.openFifo(PATH, { access: "write" }), "EACCES", "a group member's blocking open for writing of a 0o640 FIFO");
    await expectRejectsNow(() => u.member.openFifo(PATH, { access: "readwrite" }), "EACCES", "a group member's readwrite open of a 0o640 FIFO");
    expectThrowsCode(() => u.owner.tryOpenFifo(PATH, { access: "write" }), "ENXIO", "the owner's tryOpenFifo for writing (the denied opens must not count as readers)");
  });

  test("FIFO-PERM-1", "holding an end grants nothing: a process with the FIFO open for reading is still denied writing by the mode", async (t) => {
    const u = await users(t, PERMISSION_USERS, withFifos);
    u.owner.mkfifo(PATH, 0o644);
    const reader = expectSync(u.other.tryOpenFifo(PATH, { access: "read" }), "another user's open for reading of a 0o644 FIFO");
    expectThrowsCode(() => u.other.tryOpenFifo(PATH, { access: "write" }), "EACCES", "the same process's tryOpenFifo for writing");
    expectThrowsCode(() => u.other.tryOpenFifo(PATH, { access: "readwrite" }), "EACCES", "the same process's tryOpenFifo for readwrite");
    await expectRejectsNow(() => u.other.openFifo(PATH, { access: "write" }), "EACCES", "the same process's blocking open for writing");
    expectEqual(reader.readable, true, "readable flag of the read end it holds");
  });

  test(
    "FIFO-PERM-1",
    "with umask 0, group write bits let a group member write, and an owner with no owner bits is denied though the group may",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, withFifos);
      setUmask(u.owner, 0);
      u.owner.mkfifo(PATH, 0o660);
      u.owner.mkfifo("/tmp/group-only", 0o066);
      u.root.tryOpenFifo(PATH, { access: "readwrite" });
      u.root.tryOpenFifo("/tmp/group-only", { access: "readwrite" });
      expectOutcomes(
        [
          ...openRows("a group member, 0o660", u.member, ["ok", "ok", "ok"]),
          ...openRows("a member by a supplementary group, 0o660", u.supplementary, ["ok", "ok", "ok"]),
          ...openRows("another user, 0o660", u.other, ["EACCES", "EACCES", "EACCES"]),
          ...openRows("the owner, 0o066", u.owner, ["EACCES", "EACCES", "EACCES"], "/tmp/group-only"),
          ...openRows("a group member, 0o066", u.member, ["ok", "ok", "ok"], "/tmp/group-only"),
          ...openRows("another user, 0o066", u.other, ["ok", "ok", "ok"], "/tmp/group-only"),
        ],
        "opens of FIFOs made with umask 0",
      );
    },
    { requires: UMASK },
  );

  test("FIFO-PERM-2", "a new FIFO is owned by the uid and gid of the process that made it", async (t) => {
    const u = await users(t, PERMISSION_USERS, withFifos);
    u.owner.mkfifo(PATH, 0o640);
    u.root.mkfifo("/tmp/roots", 0o640);
    const sameUser = withFifos(u.system.spawn({ uid: 1000, gid: 999 }));
    u.root.tryOpenFifo(PATH, { access: "readwrite" });
    u.root.tryOpenFifo("/tmp/roots", { access: "readwrite" });
    expectOutcomes(
      [
        ...openRows("another process of the owner's uid", sameUser, ["ok", "ok", "ok"]),
        ...openRows("a process of the owner's gid", u.member, ["ok", "EACCES", "EACCES"]),
        ...openRows("the owner, on root's FIFO", u.owner, ["EACCES", "EACCES", "EACCES"], "/tmp/roots"),
        ...openRows("a gid 0 process, on root's FIFO", withFifos(u.system.spawn({ uid: 1005, gid: 0 })), ["ok", "EACCES", "EACCES"], "/tmp/roots"),
      ],
      "opens of FIFOs made by uid 1000 gid 100 and by root",
    );
  });

  test(
    "FIFO-PERM-2",
    "without a mode a FIFO gets 0o666 less the umask: the default umask 0o022 lets the group and others read but not write",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, withFifos);
      u.owner.mkfifo(PATH);
      u.root.tryOpenFifo(PATH, { access: "readwrite" });
      expectOutcomes(
        [
          ...openRows("the owner", u.owner, ["ok", "ok", "ok"]),
          ...openRows("a group member", u.member, ["ok", "EACCES", "EACCES"]),
          ...openRows("another user", u.other, ["ok", "EACCES", "EACCES"]),
        ],
        "opens of a FIFO made without a mode under the default umask",
      );
    },
    { requires: UMASK },
  );

  test(
    "FIFO-PERM-2",
    "umask 0o077 leaves only the owner's bits, and umask 0 keeps every bit asked for",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, withFifos);
      setUmask(u.owner, 0o077);
      u.owner.mkfifo(PATH, 0o666);
      setUmask(u.owner, 0);
      u.owner.mkfifo("/tmp/open", 0o666);
      u.root.tryOpenFifo(PATH, { access: "readwrite" });
      u.root.tryOpenFifo("/tmp/open", { access: "readwrite" });
      expectOutcomes(
        [
          ...openRows("the owner, umask 0o077", u.owner, ["ok", "ok", "ok"]),
          ...openRows("a group member, umask 0o077", u.member, ["EACCES", "EACCES", "EACCES"]),
          ...openRows("another user, umask 0o077", u.other, ["EACCES", "EACCES", "EACCES"]),
          ...openRows("another user, umask 0", u.other, ["ok", "ok", "ok"], "/tmp/open"),
        ],
        "opens of 0o666 FIFOs made under umask 0o077 and umask 0",
      );
    },
    { requires: UMASK },
  );

  test(
    "FIFO-PERM-2",
    "the umask at creation counts: changing it later leaves an existing FIFO's mode alone",
    async (t) => {
      const u = await users(t, PERMISSION_USERS, withFifos);
      setUmask(u.owner, 0o027);
      u.owner.mkfifo(PATH, 0o666);
      setUmask(u.owner, 0);
      u.root.tryOpenFifo(PATH, { access: "readwrite" });
      expectOutcomes(
        [
          ...openRows("a group member", u.member, ["ok", "EACCES", "EACCES"]),
          ...openRows("another user", u.other, ["EACCES", "EACCES", "EACCES"]),
        ],
        "opens of a 0o666 FIFO made under umask 0o027, after the umask became 0",
      );
    },
    { requires: UMASK },
  );

  test("FIFO-PERM-3", "tryOpenFifo for writing with no reader fails EACCES for a process without write permission and ENXIO for one with it", async (t) => {
    const u = await users(t, PERMISSION_USERS, withFifos);
    u.owner.mkfifo(PATH, 0o644);
    expectOutcomes(
      [
        ["another user opening for writing", () => u.other.tryOpenFifo(PATH, { access: "write" }), "EACCES"],
        ["a group member opening for writing", () => u.member.tryOpenFifo(PATH, { access: "write" }), "EACCES"],
        ["the owner opening for writing", () => u.owner.tryOpenFifo(PATH, { access: "write" }), "ENXIO"],
        ["root opening for writing", () => u.root.tryOpenFifo(PATH, { access: "write" }), "ENXIO"],
      ],
      "non-blocking opens for writing of a 0o644 FIFO nobody reads",
    );
  });

  test("FIFO-PERM-4", "only the owner or root may unlink: a group member and another user fail with EPERM and the name stays", async (t) => {
    const u = await users(t, PERMISSION_USERS, withFifos);
    u.owner.mkfifo(PATH, 0o644);
    expectThrowsCode(() => u.member.unlink(PATH), "EPERM", "unlink by a group member");
    expectThrowsCode(() => u.supplementary.unlink(PATH), "EPERM", "unlink by a member by a supplementary group");
    expectThrowsCode(() => u.other.unlink(PATH), "EPERM", "unlink by another user");
    expectSync(u.other.tryOpenFifo(PATH, { access: "read" }), "another user's open for reading after the refused unlinks");
    u.owner.unlink(PATH);
    expectThrowsCode(() => u.owner.tryOpenFifo(PATH, { access: "read" }), "ENOENT", "an open once the owner unlinked it");
  });

  test("FIFO-PERM-4", "root may unlink a FIFO it does not own, and even the owner's other processes may unlink it", async (t) => {
    const u = await users(t, PERMISSION_USERS, withFifos);
    u.owner.mkfifo(PATH, 0o600);
    u.owner.mkfifo("/tmp/second", 0o000);
    u.root.unlink(PATH);
    expectThrowsCode(() => u.owner.tryOpenFifo(PATH, { access: "read" }), "ENOENT", "an open once root unlinked it");
    withFifos(u.system.spawn({ uid: 1000, gid: 555 })).unlink("/tmp/second");
    expectThrowsCode(() => u.root.tryOpenFifo("/tmp/second", { access: "read" }), "ENOENT", "an open once another process of the owner's uid unlinked it");
  });

  // ----- Lifecycle ----------------------------------------------------------------

  test("FIFO-LIFE-1", "bytes written through one process's write end are read, in order, through another process's read end", async (t) => {
    const { alice, bob } = await twoUsers(t);
    const reading = start(() => bob.openFifo(PATH, { access: "read" }), "bob's open for reading");
    const writer = await opensNow(() => alice.openFifo(PATH, { access: "write" }), "alice's open for writing");
    const reader = await opensNow(reading, "bob's open for reading");
    const parts = [pattern(100, 1), pattern(5000, 2), pattern(3, 3)];
    for (const part of parts) await expectResolves(writer.write(part), part.length, `a write of ${part.length} bytes`);
    const all = new Uint8Array(5103);
    let got = 0;
    while (got < all.length) {
      const buffer = new Uint8Array(1000);
      const n = await reader.read(buffer);
      expectTrue(n > 0, "a read with bytes buffered", "at least one byte", String(n));
      all.set(buffer.subarray(0, n), got);
      got += n;
    }
    const expected = new Uint8Array(5103);
    expected.set(parts[0]!, 0);
    expected.set(parts[1]!, 100);
    expected.set(parts[2]!, 5100);
    expectBytes(all, expected, "the bytes read, in the order written");
    writer.close();
    await expectResolves(reader.read(new Uint8Array(1)), 0, "a read once the writer closed");
  });

  test("FIFO-LIFE-1", "ends opened separately share one pipe: end of file comes only once every writer closed", async (t) => {
    const { alice, bob } = await twoUsers(t);
    const reader = bob.tryOpenFifo(PATH, { access: "read" });
    const w1 = alice.tryOpenFifo(PATH, { access: "write" });
    const w2 = alice.tryOpenFifo(PATH, { access: "write" });
    expectEqual(w1.tryWrite(new Uint8Array([1])), 1, "tryWrite through the first writer");
    expectEqual(w2.tryWrite(new Uint8Array([2])), 1, "tryWrite through the second writer");
    w1.close();
    expectBytes(takeBuffered(reader, 2, "reading both writers' bytes"), new Uint8Array([1, 2]), "the bytes of both writers, in order");
    const pending = track(reader.read(new Uint8Array(1)));
    await expectPending(pending, "a read while the second writer is still open");
    w2.close();
    await expectResolves(pending, 0, "the pending read once both writers closed");
  });

  test("FIFO-LIFE-1", "a write fails with EPIPE once every read end of the FIFO is closed", async (t) => {
    const proc = await fifoProcess(t);
    ignoreSigpipe(t, proc);
    proc.mkfifo(PATH);
    const { reader, writer } = openPair(proc);
    const second = proc.tryOpenFifo(PATH, { access: "read" });
    reader.close();
    expectEqual(writer.tryWrite(new Uint8Array([1])), 1, "tryWrite with one reader left");
    second.close();
    expectThrowsCode(() => writer.tryWrite(new Uint8Array([1])), "EPIPE", "tryWrite once every reader closed");
    await expectRejectsCode(writer.write(new Uint8Array([1])), "EPIPE", "a write once every reader closed");
  });

  test("FIFO-LIFE-1", "as with a pipe, SIGPIPE goes to the writer's process when a reader in another process closes, and then with each write", async (t) => {
    const { alice, bob } = await twoUsers(t);
    const caught = catchSignal(alice, SIGPIPE);
    const reader = bob.tryOpenFifo(PATH, { access: "read" });
    const writer = alice.tryOpenFifo(PATH, { access: "write" });
    expectEqual(writer.tryWrite(pattern(DEFAULT_PIPE_CAPACITY, 5)), DEFAULT_PIPE_CAPACITY, "tryWrite filling the FIFO");
    const pending = track(writer.write(new Uint8Array([1])));
    await expectPending(pending, "alice's write into the full FIFO");
    reader.close();
    expectEqual(caught.length, 1, "SIGPIPE deliveries in alice's process once bob's reader closed");
    await expectRejectsNow(pending, "EPIPE", "alice's write the close cut short");
    expectThrowsCode(() => writer.tryWrite(new Uint8Array([2])), "EPIPE", "alice's tryWrite with no reader");
    expectEqual(caught.length, 2, "SIGPIPE deliveries once that tryWrite threw");
    expectEqual(signalProcess(bob).status.state, "running", "bob's status (the closer gets no SIGPIPE)");
  }, { requires: SIGNAL });

  test("FIFO-LIFE-1", "FIFO ends are one-way like pipe ends, and closed ends fail with EBADF", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const { reader, writer } = openPair(proc);
    expectThrowsCode(() => reader.tryWrite(new Uint8Array(1)), "EBADF", "tryWrite through the read end");
    expectThrowsCode(() => writer.tryRead(new Uint8Array(1)), "EBADF", "tryRead through the write end");
    await expectRejectsCode(writer.read(new Uint8Array(1)), "EBADF", "a read through the write end");
    reader.close();
    expectThrowsCode(() => reader.tryRead(new Uint8Array(1)), "EBADF", "tryRead through the closed read end");
    expectThrowsCode(() => reader.close(), "EBADF", "closing the read end twice");
  });

  test("FIFO-LIFE-1", "a FIFO holds DEFAULT_PIPE_CAPACITY bytes, and a blocking write waits for the reader to make room", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const { reader, writer } = openPair(proc);
    const data = pattern(DEFAULT_PIPE_CAPACITY, 4);
    expectEqual(writer.tryWrite(data), DEFAULT_PIPE_CAPACITY, `tryWrite of ${DEFAULT_PIPE_CAPACITY} bytes into the empty FIFO`);
    expectThrowsCode(() => writer.tryWrite(new Uint8Array(1)), "EAGAIN", "tryWrite of one more byte");
    const pending = track(writer.write(new Uint8Array([77])));
    await expectPending(pending, "a blocking write into the full FIFO");
    expectBytes(takeBuffered(reader, 10, "reading 10 bytes"), data.subarray(0, 10), "the first 10 bytes");
    await expectResolves(pending, 1, "the pending write once room was made");
  });

  test(
    "FIFO-LIFE-1",
    "a forked child's copy of a FIFO write end keeps readers from end of file until the child exits",
    async (t) => {
      const proc = await fifoProcess(t);
      proc.mkfifo(PATH);
      const { reader, writer } = openPair(proc);
      const child = proc.fork();
      writer.close();
      expectPipeEmpty(reader, "tryRead while the child's copy of the write end is open");
      child.exit();
      expectEof(reader, "tryRead once the child exited");
    },
    { requires: FORK_EXIT },
  );

  test(
    "FIFO-LIFE-1",
    "a process's exit closes the FIFO ends it opened",
    async (t) => {
      const system = await t.system();
      const writerProc = withFifos(system.spawn({ uid: 1000, gid: 100 }));
      const readerProc = withFifos(system.spawn({ uid: 1000, gid: 100 }));
      writerProc.mkfifo(PATH);
      const reader = readerProc.tryOpenFifo(PATH, { access: "read" });
      const writer = writerProc.tryOpenFifo(PATH, { access: "write" });
      expectEqual(writer.tryWrite(new Uint8Array([8])), 1, "tryWrite of 1 byte");
      writerProc.exit();
      expectEqual(writer.closed, true, "closed flag of the exited process's end");
      expectBytes(takeBuffered(reader, 1, "reading the byte"), new Uint8Array([8]), "the byte written before exit");
      expectEof(reader, "tryRead once the writer's process exited");
    },
    { requires: EXIT },
  );

  test("FIFO-LIFE-2", "bytes still in the FIFO when its last end closes are dropped: a later open starts empty", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const { reader, writer } = openPair(proc);
    expectEqual(writer.tryWrite(new Uint8Array([1, 2, 3])), 3, "tryWrite of 3 bytes");
    writer.close();
    reader.close();
    const again = openPair(proc);
    expectPipeEmpty(again.reader, "tryRead through a new reader after every end had closed");
    expectEqual(again.writer.tryWrite(new Uint8Array([4])), 1, "tryWrite of a new byte");
    expectBytes(takeBuffered(again.reader, 1, "reading"), new Uint8Array([4]), "only the new byte");
  });

  test("FIFO-LIFE-2", "bytes stay while any end is open, even after every writer left and a new one came", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const { reader, writer } = openPair(proc);
    expectEqual(writer.tryWrite(new Uint8Array([1, 2])), 2, "tryWrite of 2 bytes");
    writer.close();
    const later = proc.tryOpenFifo(PATH, { access: "write" });
    expectEqual(later.tryWrite(new Uint8Array([3])), 1, "tryWrite through a new writer");
    expectBytes(takeBuffered(reader, 3, "reading"), new Uint8Array([1, 2, 3]), "the old bytes, then the new one");
  });

  test("FIFO-LIFE-2", "an open still waiting keeps the FIFO's bytes though every end closed, and reads them once a writer comes", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const { reader, writer } = openPair(proc);
    expectEqual(writer.tryWrite(new Uint8Array([5, 6])), 2, "tryWrite of 2 bytes");
    writer.close();
    const reading = start(() => proc.openFifo(PATH, { access: "read" }), "an open for reading with no writer");
    await expectPending(reading, "the open for reading");
    reader.close();
    proc.tryOpenFifo(PATH, { access: "write" });
    const late = await opensNow(reading, "the waiting open, once a writer opened");
    expectBytes(takeBuffered(late, 2, "reading through the late reader"), new Uint8Array([5, 6]), "the bytes kept by the waiting open");
  });

  test("FIFO-LIFE-2", "once the last waiting open is aborted with no end open, the bytes are dropped", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const { reader, writer } = openPair(proc);
    expectEqual(writer.tryWrite(new Uint8Array([5, 6])), 2, "tryWrite of 2 bytes");
    writer.close();
    const controller = new AbortController();
    const reading = start(() => proc.openFifo(PATH, { access: "read", signal: controller.signal }), "an open for reading");
    await expectPending(reading, "the open for reading");
    reader.close();
    controller.abort();
    await expectRejectsNow(reading, "ECANCELED", "the aborted open");
    const fresh = proc.tryOpenFifo(PATH, { access: "read" });
    expectEof(fresh, "tryRead through a new reader (no bytes left, no writer)");
  });

  test("FIFO-LIFE-3", "after unlink, ends already open keep moving bytes and see end of file as before", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const { reader, writer } = openPair(proc);
    expectEqual(writer.tryWrite(new Uint8Array([1])), 1, "tryWrite before unlink");
    proc.unlink(PATH);
    expectEqual(writer.tryWrite(new Uint8Array([2])), 1, "tryWrite after unlink");
    await expectResolves(writer.write(new Uint8Array([3])), 1, "a write after unlink");
    expectBytes(takeBuffered(reader, 3, "reading after unlink"), new Uint8Array([1, 2, 3]), "every byte, before and after unlink");
    const copy = writer.dup();
    writer.close();
    expectPipeEmpty(reader, "tryRead while a duplicate writer is open");
    copy.close();
    expectEof(reader, "tryRead once every writer closed");
  });

  test("FIFO-LIFE-3", "after unlink, openFifo and tryOpenFifo of the path fail with ENOENT, and unlink again too", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    proc.tryOpenFifo(PATH, { access: "readwrite" });
    proc.unlink(PATH);
    expectThrowsCode(() => proc.tryOpenFifo(PATH, { access: "read" }), "ENOENT", "tryOpenFifo for reading after unlink");
    expectThrowsCode(() => proc.tryOpenFifo(PATH, { access: "write" }), "ENOENT", "tryOpenFifo for writing after unlink (a reader is open)");
    await expectRejectsNow(() => proc.openFifo(PATH, { access: "readwrite" }), "ENOENT", "openFifo for readwrite after unlink");
    expectThrowsCode(() => proc.unlink(PATH), "ENOENT", "unlink a second time");
  });

  test("FIFO-LIFE-4", "a FIFO made at an unlinked FIFO's path is new: its ends and the old ones share no bytes", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const old = openPair(proc);
    expectEqual(old.writer.tryWrite(new Uint8Array([1])), 1, "tryWrite into the old FIFO");
    proc.unlink(PATH);
    proc.mkfifo(PATH);
    const fresh = openPair(proc);
    expectPipeEmpty(fresh.reader, "tryRead through the new FIFO's reader (the old byte is not there)");
    expectEqual(fresh.writer.tryWrite(new Uint8Array([2])), 1, "tryWrite into the new FIFO");
    expectBytes(takeBuffered(old.reader, 1, "reading the old FIFO"), new Uint8Array([1]), "the old FIFO's byte only");
    expectPipeEmpty(old.reader, "tryRead through the old reader after its byte");
    expectBytes(takeBuffered(fresh.reader, 1, "reading the new FIFO"), new Uint8Array([2]), "the new FIFO's byte");
    old.writer.close();
    expectEof(old.reader, "tryRead through the old reader once the old writer closed");
    expectPipeEmpty(fresh.reader, "tryRead through the new reader (its writer is still open)");
  });

  test("FIFO-LIFE-4", "the new FIFO counts none of the old one's ends or waiting opens", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    proc.tryOpenFifo(PATH, { access: "read" });
    const reading = start(() => proc.openFifo(PATH, { access: "read" }), "an open for reading of the old FIFO");
    await expectPending(reading, "the open for reading of the old FIFO");
    proc.unlink(PATH);
    proc.mkfifo(PATH);
    expectThrowsCode(() => proc.tryOpenFifo(PATH, { access: "write" }), "ENXIO", "tryOpenFifo for writing of the new FIFO (the old reader does not count)");
    const writing = start(() => proc.openFifo(PATH, { access: "write" }), "a blocking open for writing of the new FIFO");
    await expectPending(writing, "the open for writing of the new FIFO");
    proc.tryOpenFifo(PATH, { access: "readwrite" });
    await opensNow(writing, "the new FIFO's open for writing, once a reader of it opened");
    await expectPending(reading, "the old FIFO's open for reading, not woken by the new FIFO's writers");
  });

  test("FIFO-LIFE-4", "the new FIFO takes its owner and mode from its own mkfifo", async (t) => {
    const u = await users(t, PERMISSION_USERS, withFifos);
    u.owner.mkfifo(PATH, 0o600);
    u.owner.unlink(PATH);
    u.other.mkfifo(PATH, 0o604);
    u.root.tryOpenFifo(PATH, { access: "readwrite" });
    expectOutcomes(
      [
        ...openRows("the old owner", u.owner, ["ok", "EACCES", "EACCES"]),
        ...openRows("the new owner", u.other, ["ok", "ok", "ok"]),
      ],
      "opens of the new FIFO (uid 1003, mode 0o604)",
    );
  });

  // ----- Errors -------------------------------------------------------------------

  test("FIFO-ERR-1", "mkfifo at a path that names a FIFO fails with EEXIST, whoever asks and whatever the mode", async (t) => {
    const u = await users(t, PERMISSION_USERS, withFifos);
    u.owner.mkfifo(PATH, 0o644);
    expectOutcomes(
      [
        ["the owner again", () => u.owner.mkfifo(PATH, 0o644), "EEXIST"],
        ["the owner with another mode", () => u.owner.mkfifo(PATH, 0o600), "EEXIST"],
        ["the owner without a mode", () => u.owner.mkfifo(PATH), "EEXIST"],
        ["another user", () => u.other.mkfifo(PATH, 0o666), "EEXIST"],
        ["root", () => u.root.mkfifo(PATH, 0o777), "EEXIST"],
      ],
      "mkfifo at a taken path",
    );
  });

  test("FIFO-ERR-1", "a failed mkfifo leaves the FIFO's owner, mode, bytes and open ends as they were", async (t) => {
    const u = await users(t, PERMISSION_USERS, withFifos);
    u.owner.mkfifo(PATH, 0o600);
    const { reader, writer } = openPair(u.owner);
    expectEqual(writer.tryWrite(new Uint8Array([1, 2])), 2, "tryWrite of 2 bytes");
    expectThrowsCode(() => u.root.mkfifo(PATH, 0o666), "EEXIST", "root's mkfifo at the taken path");
    expectThrowsCode(() => u.other.tryOpenFifo(PATH, { access: "read" }), "EACCES", "another user's open (the mode is still 0o600)");
    expectThrowsCode(() => u.other.unlink(PATH), "EPERM", "another user's unlink (the owner is still uid 1000)");
    expectEqual(writer.tryWrite(new Uint8Array([3])), 1, "tryWrite through the old writer");
    expectBytes(takeBuffered(reader, 3, "reading"), new Uint8Array([1, 2, 3]), "the bytes from before and after the failed mkfifo");
  });

  test("FIFO-ERR-2", "openFifo, tryOpenFifo and unlink of a path that names nothing fail with ENOENT", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    for (const path of ["/tmp/missing", "/tmp/fif", "/tmp/fifo2", "/tmp/fifo/inside", "/fifo"]) {
      expectThrowsCode(() => proc.tryOpenFifo(path, { access: "read" }), "ENOENT", `tryOpenFifo of ${path}`);
      await expectRejectsNow(() => proc.openFifo(path, { access: "write" }), "ENOENT", `openFifo of ${path}`);
      expectThrowsCode(() => proc.unlink(path), "ENOENT", `unlink of ${path}`);
    }
    const root = withFifos(await t.process({ uid: 0 }));
    expectThrowsCode(() => root.tryOpenFifo(PATH, { access: "read" }), "ENOENT", "root's open of a path in a fresh system");
  });

  test("FIFO-ERR-3", "malformed paths and values that are not strings fail with EINVAL in every call, changing nothing", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const values: { readonly label: string; readonly value: unknown }[] = [
      ...notStrings(PATH, "the path"),
      ...MALFORMED_PATHS.map((path) => ({ label: JSON.stringify(path), value: path })),
    ];
    const rows: (readonly [string, () => unknown, string])[] = [];
    for (const { label, value } of values) {
      const path = value as string;
      rows.push([`mkfifo(${label})`, () => proc.mkfifo(path), "EINVAL"]);
      rows.push([`tryOpenFifo(${label})`, () => proc.tryOpenFifo(path, { access: "read" }), "EINVAL"]);
      rows.push([`unlink(${label})`, () => proc.unlink(path), "EINVAL"]);
    }
    expectOutcomes(rows, "calls with bad paths");
    for (const { label, value } of values) {
      await expectRejectsNow(() => proc.openFifo(value as string, { access: "readwrite" }), "EINVAL", `openFifo(${label})`);
    }
    expectThrowsCode(() => proc.tryOpenFifo(PATH, { access: "write" }), "ENXIO", "tryOpenFifo for writing (no bad open may have counted)");
    expectThrowsCode(() => proc.mkfifo(PATH), "EEXIST", "mkfifo at the real path (no bad unlink may have removed it)");
    expectThrowsCode(() => proc.tryOpenFifo("/tmp/fifo/x", { access: "read" }), "ENOENT", "an open of a path a bad mkfifo might have made");
  });

  test("FIFO-ERR-3", "a component over NAME_MAX bytes, or a path of PATH_MAX bytes or more, fails with ENAMETOOLONG", async (t) => {
    const proc = await fifoProcess(t);
    const longestName = `/${"n".repeat(NAME_MAX)}`;
    const tooLongName = `/${"n".repeat(NAME_MAX + 1)}`;
    const dirs = `/${Array.from({ length: 16 }, () => "d".repeat(NAME_MAX - 1)).join("/")}/`;
    const longestPath = dirs + "p".repeat(PATH_MAX - 1 - dirs.length);
    const tooLongPath = `${longestPath}q`;
    expectEqual(longestPath.length, PATH_MAX - 1, "length of the longest path (a test check)");
    expectOutcomes(
      [
        [`mkfifo of a ${NAME_MAX}-byte name`, () => proc.mkfifo(longestName), "ok"],
        [`mkfifo of a ${NAME_MAX + 1}-byte name`, () => proc.mkfifo(tooLongName), "ENAMETOOLONG"],
        [`mkfifo of a ${NAME_MAX + 1}-byte name in a directory`, () => proc.mkfifo(`/tmp${tooLongName}`), "ENAMETOOLONG"],
        [`mkfifo of a ${PATH_MAX - 1}-byte path`, () => proc.mkfifo(longestPath), "ok"],
        [`mkfifo of a ${PATH_MAX}-byte path`, () => proc.mkfifo(tooLongPath), "ENAMETOOLONG"],
        [`mkfifo of a path of ${PATH_MAX * 4} bytes`, () => proc.mkfifo(`/${"x/".repeat(PATH_MAX * 2)}x`), "ENAMETOOLONG"],
        [`tryOpenFifo of a ${NAME_MAX + 1}-byte name`, () => proc.tryOpenFifo(tooLongName, { access: "read" }), "ENAMETOOLONG"],
        [`tryOpenFifo of a ${PATH_MAX}-byte path`, () => proc.tryOpenFifo(tooLongPath, { access: "read" }), "ENAMETOOLONG"],
        [`unlink of a ${NAME_MAX + 1}-byte name`, () => proc.unlink(tooLongName), "ENAMETOOLONG"],
        [`tryOpenFifo of the ${NAME_MAX}-byte name`, () => proc.tryOpenFifo(longestName, { access: "read" }), "ok"],
        [`tryOpenFifo of the ${PATH_MAX - 1}-byte path`, () => proc.tryOpenFifo(longestPath, { access: "read" }), "ok"],
      ],
      "calls with long names",
    );
    await expectRejectsNow(() => proc.openFifo(tooLongPath, { access: "readwrite" }), "ENAMETOOLONG", `openFifo of a ${PATH_MAX}-byte path`);
    expectThrowsCode(() => proc.mkfifo(longestName), "EEXIST", `mkfifo of the ${NAME_MAX}-byte name again (it was made once)`);
  });

  test("FIFO-ERR-3", "lengths count UTF-8 bytes: 128 two-byte characters make a name too long", async (t) => {
    const proc = await fifoProcess(t);
    expectOutcomes(
      [
        ["a name of 127 two-byte characters (254 bytes)", () => proc.mkfifo(`/${"é".repeat(127)}`), "ok"],
        ["a name of 128 two-byte characters (256 bytes)", () => proc.mkfifo(`/${"é".repeat(128)}`), "ENAMETOOLONG"],
        ["a name of 85 three-byte characters (255 bytes)", () => proc.mkfifo(`/${"€".repeat(85)}`), "ok"],
        ["a name of 86 three-byte characters (258 bytes)", () => proc.mkfifo(`/${"€".repeat(86)}`), "ENAMETOOLONG"],
        ["a name of 64 four-byte characters (256 bytes)", () => proc.mkfifo(`/${"😀".repeat(64)}`), "ENAMETOOLONG"],
      ],
      "mkfifo of names counted in bytes",
    );
  });

  test("FIFO-ERR-3", "any character but slash and NUL may appear in a name, dots included", async (t) => {
    const proc = await fifoProcess(t);
    const names = ["/tmp/.hidden", "/tmp/...", "/tmp/..x", "/a b/c\td", "/tmp/日本語", "/tmp/-", "/x"];
    for (const name of names) {
      expectEqual(outcome(() => proc.mkfifo(name)), "ok", `mkfifo(${JSON.stringify(name)})`);
      expectSync(proc.tryOpenFifo(name, { access: "readwrite" }), `tryOpenFifo(${JSON.stringify(name)})`);
      expectEqual(outcome(() => proc.unlink(name)), "ok", `unlink(${JSON.stringify(name)})`);
    }
  });

  test("FIFO-ERR-4", "mkfifo with a mode that is not an integer from 0 to 0o777 fails with EINVAL and makes nothing", async (t) => {
    const proc = await fifoProcess(t);
    const modes: readonly (readonly [string, unknown])[] = [
      ["-1", -1],
      ["0o1000", 0o1000],
      ["0o4755 (set-user-ID)", 0o4755],
      ["1.5", 1.5],
      ["NaN", Number.NaN],
      ["Infinity", Number.POSITIVE_INFINITY],
      ['"0644"', "0644"],
      ["null", null],
      ["420n", 420n],
      ["true", true],
    ];
    expectOutcomes(
      modes.map(([label, mode]) => [`mkfifo with mode ${label}`, () => proc.mkfifo(PATH, mode as number), "EINVAL"] as const),
      "mkfifo with bad modes",
    );
    expectThrowsCode(() => proc.tryOpenFifo(PATH, { access: "read" }), "ENOENT", "an open after the failed mkfifos");
    expectOutcomes(
      [
        ["mkfifo with mode 0", () => proc.mkfifo("/tmp/zero", 0), "ok"],
        ["mkfifo with mode 0o777", () => proc.mkfifo("/tmp/all", 0o777), "ok"],
        ["mkfifo with mode undefined", () => proc.mkfifo("/tmp/default", undefined), "ok"],
      ],
      "mkfifo with modes at the bounds",
    );
  });

  test("FIFO-ERR-4", "opens with options that are not an object, or with a bad access, fail with EINVAL and open nothing", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    const options: readonly (readonly [string, unknown])[] = [
      ["undefined", undefined],
      ["null", null],
      ['"read"', "read"],
      ["1", 1],
      ["{}", {}],
      ['{ access: "rw" }', { access: "rw" }],
      ['{ access: "READ" }', { access: "READ" }],
      ["{ access: undefined }", { access: undefined }],
      ["{ access: 0 }", { access: 0 }],
    ];
    expectOutcomes(
      options.map(([label, value]) => [`tryOpenFifo with options ${label}`, () => proc.tryOpenFifo(PATH, value as { access: "read" }), "EINVAL"] as const),
      "tryOpenFifo with bad options",
    );
    for (const [label, value] of options) {
      await expectRejectsNow(() => proc.openFifo(PATH, value as { access: "read" }), "EINVAL", `openFifo with options ${label}`);
    }
    expectThrowsCode(() => proc.tryOpenFifo(PATH, { access: "write" }), "ENXIO", "tryOpenFifo for writing (no bad open may have counted as a reader)");
  });

  test("FIFO-ERR-4", "openFifo with a signal that is not an AbortSignal fails with EINVAL and opens nothing", async (t) => {
    const proc = await fifoProcess(t);
    proc.mkfifo(PATH);
    for (const [label, signal] of [
      ['"abort"', "abort"],
      ["{}", {}],
      ["{ aborted: false }", { aborted: false }],
      ["1", 1],
      ["null", null],
    ] as const) {
      await expectRejectsNow(
        () => proc.openFifo(PATH, { access: "readwrite", signal: signal as unknown as AbortSignal }),
        "EINVAL",
        `openFifo with signal ${label}`,
      );
    }
    expectThrowsCode(() => proc.tryOpenFifo(PATH, { access: "write" }), "ENXIO", "tryOpenFifo for writing (no bad open may have counted as a reader)");
  });
}
