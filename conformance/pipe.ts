/**
 * Conformance tests for anonymous pipes: at least one test for every clause
 * of {@link PIPE_CLAUSES}, each named by the clause it checks and titled with
 * the rule it checks, plus two property-based tests (a model-based run of the
 * non-blocking forms against a byte-queue model, and racing blocking writes
 * under fast-check's scheduler).
 *
 * Blocking is proven without sleeps: an operation is {@link track}ed, the task
 * queue drained, and the operation found still pending; then the test acts and
 * checks that it settles. Every test builds a fresh system through its
 * {@link TestContext}. Tests that need the capacity extension, `fork` or
 * `exit` say so in `requires`; the others use only `spawn`, `pipe()` without
 * options and the {@link PipeEnd} methods, and get a small pipe by filling the
 * default {@link DEFAULT_PIPE_CAPACITY}-byte one.
 *
 * @module
 */

import fc from "fast-check";
import type { Arbitrary, AsyncCommand, Scheduler } from "fast-check";

import type { ErrorCode } from "../spec/errors.ts";
import { IpcError } from "../spec/errors.ts";
import {
  DEFAULT_PIPE_CAPACITY,
  MIN_PIPE_CAPACITY,
  PIPE_BUF,
  PIPE_MAX_SIZE,
  PIPE_MAX_SIZE_PRIVILEGED,
} from "../spec/constants.ts";
import type { PIPE_CLAUSES, PipeEnd } from "../spec/pipe.ts";
import { SIGPIPE, SIGUSR1 } from "../spec/signal.ts";
import type { IpcProcess } from "../spec/system.ts";
import {
  AssertionFailure,
  describeValue,
  drain,
  expectBytes,
  expectEqual,
  expectPending,
  expectRejectsCode,
  expectResolves,
  expectSync,
  expectThrowsCode,
  expectTrue,
  operationChecks,
  pattern,
  track,
} from "./assert.ts";
import { catchSignal, expectPipeEmpty, filled, ignoreSigpipe, notByteArrays, signalProcess, takeBuffered } from "./fixtures/index.ts";
import type { Common, TestContext, TestFunction } from "./harness.ts";
import { checkProperty } from "./property.ts";

// ---------------------------------------------------------------------------
// Local helpers
// ---------------------------------------------------------------------------

const CAPACITY = DEFAULT_PIPE_CAPACITY;
const FORK = ["process.fork"] as const;
const FORK_EXIT = ["process.fork", "process.exit"] as const;
const EXIT = ["process.exit"] as const;
const CAPACITY_EXT = ["pipe.capacity"] as const;

const { expectFulfilledNow, expectRejectsNow, expectResolvesNow, expectSettledNow } = operationChecks();

const SIGNAL = ["signal"] as const;
const SIGNAL_FORK = ["signal", "process.fork"] as const;

/**
 * Sends SIGUSR1 to `proc` from itself: a handler it has for it runs before
 * kill returns, and interrupts the call it has waited in longest.
 */
function interrupt(proc: IpcProcess): void {
  signalProcess(proc).kill(proc.pid, SIGUSR1);
}

/** Fails unless `proc` was terminated by `signal`. */
function expectSignaled(proc: IpcProcess, signal: number, what: string): void {
  const status = signalProcess(proc).status;
  expectEqual(`${status.state} ${String(status.signal)}`, `signaled ${signal}`, what);
}

/** A fresh process and a pipe it holds. */
interface Fixture {
  readonly proc: IpcProcess;
  readonly reader: PipeEnd;
  readonly writer: PipeEnd;
}

async function openPipe(t: TestContext): Promise<Fixture> {
  const proc = await t.process();
  const [reader, writer] = proc.pipe();
  return { proc, reader, writer };
}

/** Concatenates byte arrays. */
function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Fills a new default-capacity pipe with tryWrite so that `room` bytes stay
 * free, and returns the bytes written.
 */
function fill(writer: PipeEnd, room = 0, seed = 100): Uint8Array {
  const data = pattern(CAPACITY - room, seed);
  expectEqual(
    writer.tryWrite(data),
    data.length,
    `tryWrite of ${data.length} bytes into an empty ${CAPACITY}-byte pipe (to leave ${room} bytes free)`,
  );
  return data;
}

/**
 * Reads exactly `length` bytes with tryRead, draining the task queue whenever
 * the pipe is empty so pending writers may land: fails when nothing more
 * arrives.
 */
async function collect(reader: PipeEnd, length: number, what: string, chunk = 16384): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let got = 0;
  let waited = false;
  while (got < length) {
    const buffer = new Uint8Array(Math.min(chunk, length - got));
    let n: number;
    try {
      n = reader.tryRead(buffer);
    } catch (error) {
      if (!IpcError.is(error, "EAGAIN") || waited) {
        throw new AssertionFailure(what, `${length} bytes`, `${got} bytes, then ${describeValue(error)}`);
      }
      waited = true;
      await drain();
      continue;
    }
    if (typeof n !== "number" || n <= 0 || n > buffer.length) {
      throw new AssertionFailure(what, `${length} bytes`, `${got} bytes, then tryRead returned ${describeValue(n)}`);
    }
    waited = false;
    out.set(buffer.subarray(0, n), got);
    got += n;
  }
  return out;
}

/** Reads everything buffered right now with tryRead, until EAGAIN or end of file. */
function takeAvailable(reader: PipeEnd, what: string): Uint8Array {
  const parts: Uint8Array[] = [];
  for (;;) {
    const buffer = new Uint8Array(16384);
    let n: number;
    try {
      n = reader.tryRead(buffer);
    } catch (error) {
      if (IpcError.is(error, "EAGAIN")) break;
      throw new AssertionFailure(what, "bytes or EAGAIN", describeValue(error));
    }
    if (n === 0) break;
    parts.push(buffer.slice(0, n));
  }
  return concat(...parts);
}

/** Fails unless, in `stream`, each value 1..n occurs exactly in one run of `sizes[value - 1]` bytes. */
function expectContiguous(stream: Uint8Array, sizes: readonly number[], what: string): void {
  sizes.forEach((size, index) => {
    const value = index + 1;
    const first = stream.indexOf(value);
    const last = stream.lastIndexOf(value);
    let count = 0;
    for (const byte of stream) if (byte === value) count++;
    expectTrue(
      first >= 0 && count === size && last - first + 1 === size,
      what,
      `write #${value} (${size} bytes of value ${value}) in one unbroken run`,
      `${count} bytes of value ${value} spread over offsets ${first}..${last}`,
    );
  });
}


// ---------------------------------------------------------------------------
// The byte-queue model (PIPE-ORD-1 property)
// ---------------------------------------------------------------------------

/** What the model knows: the bytes buffered and how many ends are open. */
interface QueueModel {
  bytes: number[];
  readers: number;
  writers: number;
}

/** The pipe under test: its open ends. */
interface PipeUnderTest {
  readonly readers: PipeEnd[];
  readonly writers: PipeEnd[];
}

type Expected = number | ErrorCode;

/** Checks a try form's outcome against the model's prediction. */
function agree(call: () => number, expected: Expected, what: string): number {
  if (typeof expected === "number") {
    let value: number;
    try {
      value = expectSync(call(), what);
    } catch (error) {
      if (error instanceof AssertionFailure) throw error;
      throw new AssertionFailure(what, String(expected), describeValue(error));
    }
    expectEqual(value, expected, what);
    return value;
  }
  expectThrowsCode(call, expected, what);
  return 0;
}

class TryWriteCommand implements AsyncCommand<QueueModel, PipeUnderTest> {
  readonly size: number;
  readonly seed: number;
  readonly end: number;
  constructor(size: number, seed: number, end: number) {
    this.size = size;
    this.seed = seed;
    this.end = end;
  }
  check(model: Readonly<QueueModel>): boolean {
    return model.writers > 0;
  }
  async run(model: QueueModel, real: PipeUnderTest): Promise<void> {
    const index = this.end % real.writers.length;
    const end = real.writers[index]!;
    const data = pattern(this.size, this.seed);
    const room = CAPACITY - model.bytes.length;
    let expected: Expected;
    if (this.size === 0) expected = 0;
    else if (model.readers === 0) expected = "EPIPE";
    else if (this.size <= PIPE_BUF) expected = room >= this.size ? this.size : "EAGAIN";
    else expected = room === 0 ? "EAGAIN" : Math.min(this.size, room);
    const n = agree(() => end.tryWrite(data), expected, `${this.toString()} with ${model.bytes.length} bytes buffered`);
    for (const byte of data.subarray(0, n)) model.bytes.push(byte);
  }
  toString(): string {
    return `tryWrite(${this.size} bytes, seed ${this.seed}, write end #${this.end})`;
  }
}

class TryReadCommand implements AsyncCommand<QueueModel, PipeUnderTest> {
  readonly size: number;
  readonly end: number;
  constructor(size: number, end: number) {
    this.size = size;
    this.end = end;
  }
  check(model: Readonly<QueueModel>): boolean {
    return model.readers > 0;
  }
  async run(model: QueueModel, real: PipeUnderTest): Promise<void> {
    const end = real.readers[this.end % real.readers.length]!;
    const buffer = new Uint8Array(this.size);
    let expected: Expected;
    if (this.size === 0) expected = 0;
    else if (model.bytes.length > 0) expected = Math.min(this.size, model.bytes.length);
    else if (model.writers > 0) expected = "EAGAIN";
    else expected = 0;
    const what = `${this.toString()} with ${model.bytes.length} bytes buffered and ${model.writers} write ends open`;
    const n = agree(() => end.tryRead(buffer), expected, what);
    if (n > 0) {
      const want = Uint8Array.from(model.bytes.splice(0, n));
      expectBytes(buffer.subarray(0, n), want, `bytes returned by ${this.toString()}`);
    }
  }
  toString(): string {
    return `tryRead(${this.size}-byte buffer, read end #${this.end})`;
  }
}

type Direction = "read" | "write";

class DupCommand implements AsyncCommand<QueueModel, PipeUnderTest> {
  readonly direction: Direction;
  readonly end: number;
  constructor(direction: Direction, end: number) {
    this.direction = direction;
    this.end = end;
  }
  check(model: Readonly<QueueModel>): boolean {
    const open = this.direction === "read" ? model.readers : model.writers;
    return open > 0 && open < 4;
  }
  async run(model: QueueModel, real: PipeUnderTest): Promise<void> {
    const list = this.direction === "read" ? real.readers : real.writers;
    const original = list[this.end % list.length]!;
    const copy = expectSync(original.dup(), `${this.toString()} result`);
    expectTrue(copy !== original, `${this.toString()} result`, "a new end", "the same end object");
    expectEqual(copy.readable, this.direction === "read", `readable flag of ${this.toString()}`);
    expectEqual(copy.writable, this.direction === "write", `writable flag of ${this.toString()}`);
    list.push(copy);
    if (this.direction === "read") model.readers++;
    else model.writers++;
  }
  toString(): string {
    return `dup(${this.direction} end #${this.end})`;
  }
}

class CloseCommand implements AsyncCommand<QueueModel, PipeUnderTest> {
  readonly direction: Direction;
  readonly end: number;
  constructor(direction: Direction, end: number) {
    this.direction = direction;
    this.end = end;
  }
  check(model: Readonly<QueueModel>): boolean {
    return (this.direction === "read" ? model.readers : model.writers) > 0;
  }
  async run(model: QueueModel, real: PipeUnderTest): Promise<void> {
    const list = this.direction === "read" ? real.readers : real.writers;
    const index = this.end % list.length;
    const end = list[index]!;
    end.close();
    expectEqual(end.closed, true, `closed flag after ${this.toString()}`);
    expectThrowsCode(
      () => (this.direction === "read" ? end.tryRead(new Uint8Array(1)) : end.tryWrite(new Uint8Array(1))),
      "EBADF",
      `use of the end after ${this.toString()}`,
    );
    list.splice(index, 1);
    if (this.direction === "read") model.readers--;
    else model.writers--;
  }
  toString(): string {
    return `close(${this.direction} end #${this.end})`;
  }
}

function modelCommands(): Arbitrary<AsyncCommand<QueueModel, PipeUnderTest>>[] {
  const writeSize = fc.oneof(
    fc.integer({ min: 0, max: 16 }),
    fc.integer({ min: 1, max: PIPE_BUF }),
    fc.integer({ min: PIPE_BUF + 1, max: CAPACITY + PIPE_BUF }),
  );
  // Mostly reads that leave bytes behind, so the buffer wraps around instead of emptying.
  const readSize = fc.oneof(
    fc.integer({ min: 0, max: 16 }),
    fc.integer({ min: 1, max: PIPE_BUF }),
    fc.integer({ min: 1, max: 4 * PIPE_BUF }),
    fc.integer({ min: 1, max: CAPACITY + PIPE_BUF }),
  );
  const end = fc.nat(3);
  const direction = fc.constantFrom<Direction>("read", "write");
  const write: Arbitrary<AsyncCommand<QueueModel, PipeUnderTest>> = fc
    .tuple(writeSize, fc.nat(250), end)
    .map(([size, seed, index]) => new TryWriteCommand(size, seed, index));
  const read: Arbitrary<AsyncCommand<QueueModel, PipeUnderTest>> = fc
    .tuple(readSize, end)
    .map(([size, index]) => new TryReadCommand(size, index));
  const dup: Arbitrary<AsyncCommand<QueueModel, PipeUnderTest>> = fc
    .tuple(direction, end)
    .map(([dir, index]) => new DupCommand(dir, index));
  const close: Arbitrary<AsyncCommand<QueueModel, PipeUnderTest>> = fc
    .tuple(direction, end)
    .map(([dir, index]) => new CloseCommand(dir, index));
  // Reads and writes are weighted up, closes down, so that runs move data through
  // wrap-around many times before the last end of either kind closes.
  return [
    fc.oneof(
      { arbitrary: write, weight: 8 },
      { arbitrary: read, weight: 8 },
      { arbitrary: dup, weight: 2 },
      { arbitrary: close, weight: 1 },
    ),
  ];
}

// ---------------------------------------------------------------------------
// The scheduled race of blocking writes (PIPE-ATOM-1 property)
// ---------------------------------------------------------------------------

interface RaceCase {
  readonly room: number;
  readonly writes: readonly { readonly end: number; readonly size: number }[];
  readonly reads: readonly number[];
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 64; i++) await Promise.resolve();
}

async function runRace(t: TestContext, s: Scheduler, race: RaceCase): Promise<void> {
  const { reader, writer } = await openPipe(t);
  const ends = [writer, writer.dup(), writer.dup()];
  const filler = CAPACITY - race.room;
  if (filler > 0) expectEqual(writer.tryWrite(filled(filler, 0)), filler, "tryWrite of the zero-byte filler");
  const sizes = race.writes.map((w) => w.size);
  const total = filler + sizes.reduce((a, b) => a + b, 0);
  const writes = race.writes.map((w, i) =>
    track(
      s
        .schedule(Promise.resolve(), `write #${i + 1} (${w.size} bytes via end ${w.end})`)
        .then(() => ends[w.end % ends.length]!.write(filled(w.size, i + 1))),
    ),
  );
  const stream = new Uint8Array(total);
  let got = 0;
  const readerLoop = track(
    (async () => {
      for (let k = 0; got < total; k++) {
        const size = race.reads[k % race.reads.length]!;
        await s.schedule(Promise.resolve(), `read #${k + 1} (${size}-byte buffer)`);
        const buffer = new Uint8Array(Math.min(size, total - got));
        const n = await reader.read(buffer);
        if (n <= 0 || n > buffer.length) {
          throw new AssertionFailure(`read #${k + 1}`, `1 to ${buffer.length} bytes`, `${n} after ${got} of ${total} bytes`);
        }
        stream.set(buffer.subarray(0, n), got);
        got += n;
      }
    })(),
  );
  const finished = (): boolean => readerLoop.state !== "pending" && writes.every((w) => w.state !== "pending");
  for (;;) {
    await flushMicrotasks();
    if (finished()) break;
    if (s.count() === 0) {
      await drain();
      if (finished()) break;
      if (s.count() === 0) {
        throw new AssertionFailure(
          "racing blocking writes and reads",
          "every write and read to complete",
          `a stall after ${got} of ${total} bytes; writes: ${writes.map((w) => w.state).join(", ")}`,
        );
      }
    }
    await s.waitNext(1);
  }
  if (readerLoop.state === "rejected") throw readerLoop.reason;
  for (const [i, w] of writes.entries()) {
    await expectResolves(w, sizes[i], `blocking write #${i + 1} of ${sizes[i]} bytes`);
  }
  expectBytes(stream.subarray(0, filler), filled(filler, 0), "the filler, read first");
  expectContiguous(stream.subarray(filler), sizes, "the bytes of the racing writes");
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

/**
 * Registers the conformance tests of the anonymous pipe: one or more tests
 * for each clause of {@link PIPE_CLAUSES}, including a model-based property
 * test of the non-blocking forms and a scheduled race of blocking writes.
 *
 * Tests of PIPE-CAP-2 to PIPE-CAP-6 require `"pipe.capacity"`; tests that fork
 * or exit require `"process.fork"` or `"process.exit"`; tests of signals
 * (PIPE-BLK-7, PIPE-BLK-8, PIPE-ERR-8, PIPE-ERR-9) require `"signal"`. Every
 * other test uses only `spawn`, `pipe()` and the {@link PipeEnd} methods.
 *
 * @param test - registers one test against a clause
 * @param common - what the implementation under test supports: the tests of
 *   `EPIPE` ask it whether signals are, to ignore `SIGPIPE` (every test
 *   states its own needs in `requires`, and the runner skips what is missing)
 * @returns nothing; the tests are registered through `test`
 *
 * @example Collect the pipe tests
 * ```ts
 * import { collectTests, pipeTests } from "ipckit/conformance";
 * const tests = collectTests([{ feature: "pipe", suite: pipeTests }], { supports: () => true });
 * console.assert(tests.some((entry) => entry.clause === "PIPE-EOF-1"));
 * ```
 */
export function pipeTests(test: TestFunction, common: Common): void {

  // ----- Ordering -----------------------------------------------------------

  test("PIPE-ORD-1", "bytes of several writes are read back in the order written, none lost and none repeated", async (t) => {
    const { reader, writer } = await openPipe(t);
    const parts = [pattern(100, 1), pattern(5000, 2), pattern(1, 3), pattern(20000, 4)];
    for (const [i, part] of parts.entries()) {
      await expectResolves(writer.write(part), part.length, `blocking write #${i + 1} of ${part.length} bytes into a pipe with room`);
    }
    const out: Uint8Array[] = [];
    for (const size of [7, 93, 4096, 1, 50000]) {
      const buffer = new Uint8Array(size);
      const n = await reader.read(buffer);
      out.push(buffer.slice(0, n));
    }
    expectBytes(concat(...out), concat(...parts), "bytes read back with reads of 7, 93, 4096, 1 and 50000 bytes");
    expectPipeEmpty(reader, "tryRead once every written byte was read (no byte repeated)");
  });

  test("PIPE-ORD-1", "bytes keep their order when the buffer wraps around", async (t) => {
    const { reader, writer } = await openPipe(t);
    const first = pattern(60000, 1);
    const second = pattern(40000, 2);
    expectEqual(writer.tryWrite(first), 60000, "tryWrite of 60000 bytes into an empty pipe");
    expectBytes(takeBuffered(reader, 50000, "reading 50000 bytes"), first.subarray(0, 50000), "the first 50000 bytes read");
    expectEqual(writer.tryWrite(second), 40000, "tryWrite of 40000 bytes with 55536 bytes free (wrapping around)");
    const rest = takeBuffered(reader, 50000, "reading the 50000 bytes left, across the wrap");
    expectBytes(rest, concat(first.subarray(50000), second), "bytes read across the wrap-around");
    expectPipeEmpty(reader, "tryRead once everything was read");
  });

  test("PIPE-ORD-1", "a write several times the pipe's size arrives complete and in order through a pending reader", async (t) => {
    const { reader, writer } = await openPipe(t);
    const data = pattern(3 * CAPACITY + 777, 5);
    const pending = track(writer.write(data));
    const out = new Uint8Array(data.length);
    let got = 0;
    const sizes = [1, 4095, 4097, 65536, 12345, 30000];
    for (let k = 0; got < data.length; k++) {
      const buffer = new Uint8Array(Math.min(sizes[k % sizes.length]!, data.length - got));
      const n = await reader.read(buffer);
      expectTrue(n > 0, `read #${k + 1} while a long write is pending`, "at least one byte", `${n}`);
      out.set(buffer.subarray(0, n), got);
      got += n;
    }
    expectBytes(out, data, `the ${data.length} bytes of the long write`);
    await expectResolvesNow(pending, data.length, "the long write once every byte was read");
    expectPipeEmpty(reader, "tryRead after the long write was read whole");
  });

  test(
    "PIPE-ORD-1",
    "any sequence of writes, reads, duplicates and closes reads back the bytes written, in order",
    async (t) => {
      await checkProperty(
        t,
        fc.asyncProperty(fc.commands(modelCommands(), { maxCommands: 100, size: "max" }), async (commands) => {
          const { proc, reader, writer } = await openPipe(t);
          // The model expects EPIPE from a write with no reader, and the writer to live on.
          ignoreSigpipe(t, proc);
          await fc.asyncModelRun(
            () => ({
              model: { bytes: [], readers: 1, writers: 1 } as QueueModel,
              real: { readers: [reader], writers: [writer] } as PipeUnderTest,
            }),
            commands,
          );
        }),
        "model-based run",
        "every step to agree with the byte-queue model",
      );
    },
    { timeoutFactor: 4 },
  );

  test("PIPE-ORD-2", "one read returns the bytes of several writes together", async (t) => {
    const { reader, writer } = await openPipe(t);
    expectEqual(writer.tryWrite(new Uint8Array([1, 2, 3])), 3, "tryWrite of 3 bytes");
    expectEqual(writer.tryWrite(new Uint8Array([4, 5])), 2, "tryWrite of 2 more bytes");
    const buffer = new Uint8Array(10);
    await expectResolvesNow(() => reader.read(buffer), 5, "a 10-byte read after writes of 3 and 2 bytes");
    expectBytes(buffer.subarray(0, 5), new Uint8Array([1, 2, 3, 4, 5]), "the bytes of both writes, in one read");
  });

  test("PIPE-ORD-2", "the bytes of one write are split across several smaller reads", async (t) => {
    const { reader, writer } = await openPipe(t);
    const data = pattern(10, 7);
    expectEqual(writer.tryWrite(data), 10, "tryWrite of 10 bytes");
    const pieces: Uint8Array[] = [];
    for (const expected of [4, 4, 2]) {
      const buffer = new Uint8Array(4);
      await expectResolvesNow(() => reader.read(buffer), expected, `a 4-byte read of the 10-byte write (expecting ${expected})`);
      pieces.push(buffer.slice(0, expected));
    }
    expectBytes(concat(...pieces), data, "the 10-byte write read back in pieces of 4, 4 and 2");
    expectPipeEmpty(reader, "tryRead after the whole write was read");
  });

  test("PIPE-ORD-3", "reads pending on an empty pipe are served first come, first served", async (t) => {
    const { reader, writer } = await openPipe(t);
    const first = new Uint8Array(5);
    const second = new Uint8Array(5);
    const r1 = track(reader.read(first));
    const r2 = track(reader.read(second));
    await expectPending(r1, "the first read on an empty pipe");
    await expectPending(r2, "the second read on an empty pipe");
    expectEqual(writer.tryWrite(new Uint8Array([1, 2, 3])), 3, "tryWrite of 3 bytes");
    await expectResolvesNow(r1, 3, "the first pending read, once 3 bytes arrive");
    await expectPending(r2, "the second pending read, after the first took every byte");
    expectEqual(writer.tryWrite(new Uint8Array([4, 5])), 2, "tryWrite of 2 more bytes");
    await expectResolvesNow(r2, 2, "the second pending read, once 2 more bytes arrive");
    expectBytes(first.subarray(0, 3), new Uint8Array([1, 2, 3]), "bytes of the first read");
    expectBytes(second.subarray(0, 2), new Uint8Array([4, 5]), "bytes of the second read");
  });

  test("PIPE-ORD-3", "when bytes arrive for several waiting reads, the earliest takes the first bytes, across duplicated read ends", async (t) => {
    const { reader, writer } = await openPipe(t);
    const copy = reader.dup();
    const buffers = [new Uint8Array(5), new Uint8Array(5), new Uint8Array(5)];
    const reads = [track(copy.read(buffers[0]!)), track(reader.read(buffers[1]!)), track(copy.read(buffers[2]!))];
    for (const [i, r] of reads.entries()) await expectPending(r, `pending read #${i + 1} on an empty pipe`);
    const data = pattern(8, 9);
    expectEqual(writer.tryWrite(data), 8, "tryWrite of 8 bytes");
    await expectResolvesNow(reads[0]!, 5, "the earliest read, served first with 5 bytes");
    await expectResolvesNow(reads[1]!, 3, "the second read, served next with the 3 bytes left");
    await expectPending(reads[2]!, "the third read, with nothing left for it");
    expectBytes(buffers[0]!, data.subarray(0, 5), "the earliest read's bytes (the first 5)");
    expectBytes(buffers[1]!.subarray(0, 3), data.subarray(5), "the second read's bytes (the last 3)");
    writer.close();
    await expectResolvesNow(reads[2]!, 0, "the third read at end of file");
  });

  test("PIPE-ORD-4", "writes pending on a full pipe are served first come, first served", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer);
    const a = pattern(3000, 1);
    const b = pattern(3000, 2);
    const w1 = track(writer.write(a));
    const w2 = track(writer.write(b));
    await expectPending(w1, "the first write of 3000 bytes on a full pipe");
    await expectPending(w2, "the second write of 3000 bytes on a full pipe");
    const head = takeBuffered(reader, PIPE_BUF, "reading 4096 bytes to make room for one write");
    await expectResolvesNow(w1, 3000, "the first pending write, once 4096 bytes are free");
    await expectPending(w2, "the second pending write, with only 1096 bytes free after the first");
    const middle = takeBuffered(reader, CAPACITY - PIPE_BUF + 3000, "reading the rest of the filler and the first write");
    await expectResolvesNow(w2, 3000, "the second pending write, once the pipe emptied");
    const tail = takeBuffered(reader, 3000, "reading the second write");
    expectBytes(concat(head, middle, tail), concat(filler, a, b), "the filler, then the first write, then the second");
    expectPipeEmpty(reader, "tryRead after both writes were read");
  });

  test("PIPE-ORD-4", "a later blocking write that fits waits behind an earlier pending write", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer, 100);
    const a = pattern(200, 1);
    const b = pattern(50, 2);
    const w1 = track(writer.write(a));
    await expectPending(w1, "a 200-byte write with 100 bytes free");
    const w2 = track(writer.write(b));
    await expectPending(w2, "a 50-byte write started after the pending 200-byte write, though 100 bytes are free");
    const head = takeBuffered(reader, 200, "reading 200 bytes to make room for both writes");
    await expectResolvesNow(w1, 200, "the earlier write, once 300 bytes are free");
    await expectResolvesNow(w2, 50, "the later write, after the earlier one");
    const rest = takeBuffered(reader, CAPACITY - 100 - 200 + 250, "reading the rest of the filler and both writes");
    expectBytes(concat(head, rest), concat(filler, a, b), "the filler, then the earlier write, then the later one");
    expectPipeEmpty(reader, "tryRead after both writes were read");
  });

  // ----- Blocking -----------------------------------------------------------

  test("PIPE-BLK-1", "a read on an empty pipe stays pending until data arrives", async (t) => {
    const { reader, writer } = await openPipe(t);
    const buffer = new Uint8Array(4);
    const r = track(reader.read(buffer));
    await expectPending(r, "a read on an empty pipe with the write end open");
    expectEqual(writer.tryWrite(new Uint8Array([9])), 1, "tryWrite of 1 byte");
    await expectResolvesNow(r, 1, "the pending read, once 1 byte arrives");
    expectEqual(buffer[0], 9, "the byte read");
  });

  test("PIPE-BLK-1", "a read waits again once earlier bytes were consumed", async (t) => {
    const { reader, writer } = await openPipe(t);
    expectEqual(writer.tryWrite(new Uint8Array([1, 2, 3])), 3, "tryWrite of 3 bytes");
    await expectResolvesNow(() => reader.read(new Uint8Array(3)), 3, "a read of the 3 buffered bytes");
    const buffer = new Uint8Array(3);
    const r = track(reader.read(buffer));
    await expectPending(r, "a read on the pipe emptied by the previous read");
    expectEqual(writer.tryWrite(new Uint8Array([4])), 1, "tryWrite of 1 more byte");
    await expectResolvesNow(r, 1, "the pending read, once another byte arrives");
    expectEqual(buffer[0], 4, "the byte read");
  });

  test("PIPE-BLK-1", "a read on an empty pipe stays pending until the last write end closes", async (t) => {
    const { reader, writer } = await openPipe(t);
    const r = track(reader.read(new Uint8Array(4)));
    await expectPending(r, "a read on an empty pipe with the write end open");
    writer.close();
    await expectResolvesNow(r, 0, "the pending read, once the only write end closed");
  });

  test("PIPE-BLK-2", "a read resolves with the bytes available without waiting to fill its buffer", async (t) => {
    const { reader, writer } = await openPipe(t);
    expectEqual(writer.tryWrite(new Uint8Array([1, 2, 3])), 3, "tryWrite of 3 bytes");
    const buffer = new Uint8Array(100);
    await expectResolvesNow(() => reader.read(buffer), 3, "a 100-byte read with 3 bytes buffered");
    expectBytes(buffer.subarray(0, 3), new Uint8Array([1, 2, 3]), "the 3 bytes read");
  });

  test("PIPE-BLK-2", "a pending read resolves as soon as a few bytes arrive, with that count", async (t) => {
    const { reader, writer } = await openPipe(t);
    const buffer = new Uint8Array(10);
    const r = track(reader.read(buffer));
    await expectPending(r, "a 10-byte read on an empty pipe");
    expectEqual(writer.tryWrite(new Uint8Array([7, 8])), 2, "tryWrite of 2 bytes");
    await expectResolvesNow(r, 2, "the pending 10-byte read, once 2 bytes arrive");
    expectBytes(buffer.subarray(0, 2), new Uint8Array([7, 8]), "the 2 bytes read");
  });

  test("PIPE-BLK-2", "a read takes no more than its buffer's length and leaves the rest buffered", async (t) => {
    const { reader, writer } = await openPipe(t);
    const data = pattern(10, 3);
    expectEqual(writer.tryWrite(data), 10, "tryWrite of 10 bytes");
    const buffer = new Uint8Array(4);
    await expectResolvesNow(() => reader.read(buffer), 4, "a 4-byte read with 10 bytes buffered");
    expectBytes(buffer, data.subarray(0, 4), "the 4 bytes read");
    const rest = new Uint8Array(20);
    expectEqual(reader.tryRead(rest), 6, "tryRead of the bytes left");
    expectBytes(rest.subarray(0, 6), data.subarray(4), "the 6 bytes left");
  });

  test("PIPE-BLK-3", "a write into a full pipe stays pending until a read makes room", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer);
    const data = pattern(100, 1);
    const w = track(writer.write(data));
    await expectPending(w, "a 100-byte write into a full pipe");
    const head = takeBuffered(reader, 100, "reading 100 bytes from the full pipe");
    await expectResolvesNow(w, 100, "the pending write, once 100 bytes are free");
    const rest = takeBuffered(reader, CAPACITY, "reading the rest of the filler and the write");
    expectBytes(concat(head, rest), concat(filler, data), "the filler, then the write");
    expectPipeEmpty(reader, "tryRead after everything was read");
  });

  test("PIPE-BLK-3", "a write larger than the pipe stays pending until reads make room for its last bytes", async (t) => {
    const { reader, writer } = await openPipe(t);
    const data = pattern(CAPACITY + 4464, 2);
    const w = track(writer.write(data));
    await expectPending(w, `a ${data.length}-byte write into an empty ${CAPACITY}-byte pipe`);
    const out = await collect(reader, data.length, "reading the long write as it lands");
    await expectResolvesNow(w, data.length, "the long write, once reads made room for all of it");
    expectBytes(out, data, "the bytes of the long write");
  });

  test("PIPE-BLK-4", "aborting a pending read rejects it with ECANCELED and it takes no byte written later", async (t) => {
    const { reader, writer } = await openPipe(t);
    const controller = new AbortController();
    const buffer = new Uint8Array(8);
    const r = track(reader.read(buffer, { signal: controller.signal }));
    await expectPending(r, "a read on an empty pipe, with a signal");
    controller.abort(new Error("test abort"));
    await expectRejectsNow(r, "ECANCELED", "the pending read, once aborted");
    expectEqual(writer.tryWrite(new Uint8Array([1, 2, 3])), 3, "tryWrite of 3 bytes after the abort");
    await drain();
    const out = new Uint8Array(8);
    expectEqual(reader.tryRead(out), 3, "tryRead after the abort: every byte is still there");
    expectBytes(out.subarray(0, 3), new Uint8Array([1, 2, 3]), "the bytes written after the abort");
    expectBytes(buffer, new Uint8Array(8), "the aborted read's buffer (left untouched)");
  });

  test("PIPE-BLK-4", "an aborted read leaves the queue, so the next pending read gets the bytes", async (t) => {
    const { reader, writer } = await openPipe(t);
    const controller = new AbortController();
    const r1 = track(reader.read(new Uint8Array(8), { signal: controller.signal }));
    const second = new Uint8Array(8);
    const r2 = track(reader.read(second));
    await expectPending(r1, "the first read, with a signal, on an empty pipe");
    await expectPending(r2, "the second read on an empty pipe");
    controller.abort();
    await expectRejectsNow(r1, "ECANCELED", "the first read, once aborted");
    await expectPending(r2, "the second read, after the first was aborted");
    expectEqual(writer.tryWrite(new Uint8Array([4, 5, 6])), 3, "tryWrite of 3 bytes");
    await expectResolvesNow(r2, 3, "the second read: all 3 bytes, none taken by the aborted read");
    expectBytes(second.subarray(0, 3), new Uint8Array([4, 5, 6]), "the bytes of the second read");
  });

  test("PIPE-BLK-4", "an abort in the same step as the data's arrival either loses to it or consumes no byte", async (t) => {
    const { reader, writer } = await openPipe(t);
    const controller = new AbortController();
    const buffer = new Uint8Array(8);
    const r = track(reader.read(buffer, { signal: controller.signal }));
    await expectPending(r, "a read on an empty pipe, with a signal");
    expectEqual(writer.tryWrite(new Uint8Array([1, 2, 3])), 3, "tryWrite of 3 bytes");
    controller.abort();
    const settled = await expectSettledNow(r, "the read, after data arrived and it was aborted in the same step");
    let delivered = new Uint8Array(0);
    if (settled.state === "fulfilled") {
      delivered = buffer.slice(0, settled.value ?? 0);
    } else {
      await expectRejectsCode(settled.promise, "ECANCELED", "the read, if the abort won");
    }
    const left = takeAvailable(reader, "reading what the raced read left");
    expectBytes(concat(delivered, left), new Uint8Array([1, 2, 3]), "the bytes the read got plus those left (none lost, none repeated)");
  });

  test("PIPE-BLK-5", "an abort in the same step as a read making room reports exactly the bytes that landed", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer);
    const data = pattern(100, 4);
    const controller = new AbortController();
    const w = track(writer.write(data, { signal: controller.signal }));
    await expectPending(w, "a 100-byte write into a full pipe, with a signal");
    const head = takeBuffered(reader, 100, "reading 100 bytes to make room");
    controller.abort();
    const settled = await expectSettledNow(w, "the write, after room was made and it was aborted in the same step");
    let count = 0;
    if (settled.state === "fulfilled") {
      count = settled.value ?? 0;
      expectEqual(count, 100, "the write, if it won the race (all of a write of at most PIPE_BUF bytes)");
    } else {
      await expectRejectsCode(settled.promise, "ECANCELED", "the write, if the abort won");
    }
    const rest = takeAvailable(reader, "reading everything left");
    expectBytes(concat(head, rest), concat(filler, data.subarray(0, count)), `the filler, then exactly the ${count} bytes reported`);
    await drain();
    expectPipeEmpty(reader, "tryRead afterwards (no byte of the write lands late)");
  });

  test("PIPE-BLK-5", "aborting a pending write that moved nothing rejects it with ECANCELED, and its bytes never land", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer);
    const controller = new AbortController();
    const w = track(writer.write(pattern(100, 1), { signal: controller.signal }));
    await expectPending(w, "a 100-byte write into a full pipe, with a signal");
    controller.abort();
    await expectRejectsNow(w, "ECANCELED", "the pending write, once aborted");
    expectBytes(takeBuffered(reader, CAPACITY, "reading the full pipe"), filler, "the filler");
    await drain();
    expectPipeEmpty(reader, "tryRead once room appeared after the abort (the aborted write must not land)");
    expectEqual(writer.tryWrite(new Uint8Array([42])), 1, "tryWrite of 1 byte after the abort");
    const out = new Uint8Array(4);
    expectEqual(reader.tryRead(out), 1, "tryRead of the byte written after the abort");
    expectEqual(out[0], 42, "the byte written after the abort");
  });

  test("PIPE-BLK-5", "aborting a partly done write resolves with the count moved, and exactly those bytes are read once", async (t) => {
    const { reader, writer } = await openPipe(t);
    const data = pattern(CAPACITY + 10000, 3);
    const controller = new AbortController();
    const w = track(writer.write(data, { signal: controller.signal }));
    await expectPending(w, `a ${data.length}-byte write into an empty ${CAPACITY}-byte pipe, with a signal`);
    const head = await collect(reader, 1000, "reading the first 1000 bytes of the long write");
    await drain();
    controller.abort();
    const count = await expectFulfilledNow(
      w,
      "resolves with the count of bytes already written (at least 1000 were read)",
      "the partly done write, once aborted",
    );
    expectTrue(
      typeof count === "number" && count >= 1000 && count < data.length,
      "the count the aborted write resolved with",
      `between 1000 and ${data.length - 1}`,
      describeValue(count),
    );
    const rest = takeAvailable(reader, "reading what the aborted write left buffered");
    expectBytes(concat(head, rest), data.subarray(0, count), `the ${count} bytes the aborted write reported`);
    await drain();
    expectPipeEmpty(reader, "tryRead after the reported bytes were read (no more bytes of the aborted write)");
  });

  test("PIPE-BLK-6", "a read with an already aborted signal rejects with ECANCELED and takes no byte, though bytes are buffered", async (t) => {
    const { reader, writer } = await openPipe(t);
    expectEqual(writer.tryWrite(new Uint8Array([1, 2, 3])), 3, "tryWrite of 3 bytes");
    const buffer = new Uint8Array(8);
    await expectRejectsNow(() => reader.read(buffer, { signal: AbortSignal.abort() }), "ECANCELED", "a read with an aborted signal");
    expectBytes(buffer, new Uint8Array(8), "the buffer of the refused read (left untouched)");
    const out = new Uint8Array(8);
    expectEqual(reader.tryRead(out), 3, "tryRead after the refused read: all 3 bytes still there");
    expectBytes(out.subarray(0, 3), new Uint8Array([1, 2, 3]), "the bytes still buffered");
  });

  test("PIPE-BLK-6", "a write with an already aborted signal rejects with ECANCELED and writes nothing, though it fits", async (t) => {
    const { reader, writer } = await openPipe(t);
    await expectRejectsNow(
      () => writer.write(new Uint8Array([1, 2, 3]), { signal: AbortSignal.abort() }),
      "ECANCELED",
      "a 3-byte write with an aborted signal into an empty pipe",
    );
    await expectRejectsNow(
      () => writer.write(pattern(10000, 1), { signal: AbortSignal.abort() }),
      "ECANCELED",
      "a 10000-byte write with an aborted signal into an empty pipe",
    );
    expectPipeEmpty(reader, "tryRead after the refused writes (nothing written)");
  });

  test("PIPE-BLK-6", "a read with an already aborted signal rejects with ECANCELED even at end of file", async (t) => {
    const { reader, writer } = await openPipe(t);
    writer.close();
    await expectRejectsNow(() => reader.read(new Uint8Array(4), { signal: AbortSignal.abort() }), "ECANCELED", "a read with an aborted signal at end of file");
  });

  test("PIPE-BLK-7", "a handler interrupts a read waiting on an empty pipe: it rejects with EINTR and bytes written later stay in the pipe", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    const caught = catchSignal(proc, SIGUSR1);
    const r = track(reader.read(new Uint8Array(4)));
    await expectPending(r, "a read on the empty pipe");
    interrupt(proc);
    expectEqual(caught.length, 1, "SIGUSR1 deliveries once kill returned");
    await expectRejectsNow(r, "EINTR", "the read the handler interrupted");
    expectEqual(writer.tryWrite(new Uint8Array([1, 2])), 2, "tryWrite of 2 bytes after the interruption");
    expectBytes(takeAvailable(reader, "reading what is buffered"), new Uint8Array([1, 2]), "the bytes read (the interrupted read took none)");
  }, { requires: SIGNAL });

  test("PIPE-BLK-7", "a handler interrupts a write waiting on a full pipe that moved nothing: it rejects with EINTR and writes nothing", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    catchSignal(proc, SIGUSR1);
    const filler = fill(writer);
    const w = track(writer.write(pattern(100, 1)));
    await expectPending(w, "a 100-byte write into a full pipe");
    interrupt(proc);
    await expectRejectsNow(w, "EINTR", "the write the handler interrupted");
    expectBytes(await collect(reader, CAPACITY, "reading the filler"), filler, "the filler");
    expectPipeEmpty(reader, "tryRead once the filler was read: none of the interrupted write's bytes");
  }, { requires: SIGNAL });

  test("PIPE-BLK-7", "a handler interrupts a long write that moved bytes: it resolves with that count, and those bytes are read exactly once", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    catchSignal(proc, SIGUSR1);
    const data = pattern(2 * CAPACITY, 3);
    const w = track(writer.write(data));
    await expectPending(w, `a ${data.length}-byte write into an empty pipe`);
    // Reading 1000 bytes proves they were written; at most CAPACITY more fit, so the write still waits.
    expectBytes(await collect(reader, 1000, "reading the first 1000 bytes"), data.subarray(0, 1000), "the first 1000 bytes");
    await expectPending(w, "the long write after 1000 bytes were read");
    interrupt(proc);
    const count = await expectFulfilledNow(w, "resolves with the count already written", "the long write the handler interrupted");
    expectTrue(
      typeof count === "number" && Number.isInteger(count) && count >= 1000 && count < data.length,
      "the count the interrupted write resolved with",
      `from 1000 (the bytes read) to ${data.length - 1}`,
      describeValue(count),
    );
    expectBytes(takeAvailable(reader, "reading the rest of what the write moved"), data.subarray(1000, count), "the bytes the write moved, after the 1000 read");
    expectPipeEmpty(reader, "tryRead once they were read: nothing more of the interrupted write");
  }, { requires: SIGNAL });

  test("PIPE-BLK-8", "under restart, an interrupted read goes on waiting and returns the bytes written later", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    const caught = catchSignal(proc, SIGUSR1, { restart: true });
    const buffer = new Uint8Array(4);
    const r = track(reader.read(buffer));
    await expectPending(r, "a read on the empty pipe");
    interrupt(proc);
    expectEqual(caught.length, 1, "SIGUSR1 deliveries once kill returned");
    await expectPending(r, "the read after a handler installed with restart ran");
    expectEqual(writer.tryWrite(new Uint8Array([5, 6, 7])), 3, "tryWrite of 3 bytes");
    await expectResolvesNow(r, 3, "the restarted read once bytes came");
    expectBytes(buffer.subarray(0, 3), new Uint8Array([5, 6, 7]), "the bytes the restarted read returned");
  }, { requires: SIGNAL });

  test("PIPE-BLK-8", "under restart, an interrupted read keeps its place: it is served before a read that started after it", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    catchSignal(proc, SIGUSR1, { restart: true });
    const first = track(reader.read(new Uint8Array(1)));
    await expectPending(first, "the first read on the empty pipe");
    interrupt(proc);
    const second = track(reader.read(new Uint8Array(1)));
    await expectPending(second, "a second read, started after the handler ran");
    expectEqual(writer.tryWrite(new Uint8Array([9])), 1, "tryWrite of 1 byte");
    await expectResolvesNow(first, 1, "the restarted first read");
    await expectPending(second, "the second read (the one byte went to the first)");
  }, { requires: SIGNAL });

  test("PIPE-BLK-8", "under restart, an interrupted write goes on waiting and completes once reads make room", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    catchSignal(proc, SIGUSR1, { restart: true });
    const filler = fill(writer);
    const data = pattern(100, 4);
    const w = track(writer.write(data));
    await expectPending(w, "a 100-byte write into a full pipe");
    interrupt(proc);
    await expectPending(w, "the write after a handler installed with restart ran");
    expectBytes(await collect(reader, CAPACITY, "reading the filler"), filler, "the filler");
    await expectResolvesNow(w, 100, "the restarted write once the filler was read");
    expectBytes(takeAvailable(reader, "reading the write's bytes"), data, "the restarted write's bytes");
  }, { requires: SIGNAL });

  test("PIPE-BLK-8", "under restart, a long write interrupted after moving bytes completes with the full count, every byte once", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    catchSignal(proc, SIGUSR1, { restart: true });
    const data = pattern(2 * CAPACITY, 5);
    const w = track(writer.write(data));
    const head = await collect(reader, 1000, "reading the first 1000 bytes");
    await expectPending(w, "the long write after 1000 bytes were read");
    interrupt(proc);
    await expectPending(w, "the long write after a handler installed with restart ran");
    const rest = await collect(reader, data.length - 1000, "reading the rest of the long write");
    await expectResolvesNow(w, data.length, "the restarted long write once every byte was read");
    expectBytes(concat(head, rest), data, "every byte of the restarted write, in order, once");
  }, { requires: SIGNAL });

  // ----- Non-blocking -------------------------------------------------------

  test("PIPE-NB-1", "tryRead on a new, empty pipe fails with EAGAIN", async (t) => {
    const { reader } = await openPipe(t);
    expectThrowsCode(() => reader.tryRead(new Uint8Array(16)), "EAGAIN", "tryRead on a new pipe with its write end open");
  });

  test("PIPE-NB-1", "tryRead fails with EAGAIN once the buffered bytes were consumed", async (t) => {
    const { reader, writer } = await openPipe(t);
    expectEqual(writer.tryWrite(new Uint8Array([1, 2])), 2, "tryWrite of 2 bytes");
    expectEqual(reader.tryRead(new Uint8Array(16)), 2, "tryRead of the 2 bytes");
    expectThrowsCode(() => reader.tryRead(new Uint8Array(16)), "EAGAIN", "tryRead on the emptied pipe");
    expectThrowsCode(() => reader.tryRead(new Uint8Array(16)), "EAGAIN", "a second tryRead on the emptied pipe");
  });

  test("PIPE-NB-2", "tryWrite of at most PIPE_BUF bytes that does not fit fails with EAGAIN and writes nothing", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer, 100);
    expectThrowsCode(() => writer.tryWrite(pattern(200, 1)), "EAGAIN", "tryWrite of 200 bytes with 100 bytes free");
    expectThrowsCode(() => writer.tryWrite(pattern(101, 2)), "EAGAIN", "tryWrite of 101 bytes with 100 bytes free");
    expectBytes(takeBuffered(reader, CAPACITY - 100, "reading the filler"), filler, "the filler");
    expectPipeEmpty(reader, "tryRead after the filler (no part of the refused writes was written)");
  });

  test("PIPE-NB-2", "tryWrite of exactly PIPE_BUF bytes fails with EAGAIN when one byte short, and fits when the room is exact", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer, PIPE_BUF - 1);
    expectThrowsCode(() => writer.tryWrite(pattern(PIPE_BUF, 1)), "EAGAIN", `tryWrite of ${PIPE_BUF} bytes with ${PIPE_BUF - 1} free`);
    const fits = pattern(PIPE_BUF - 1, 2);
    expectEqual(writer.tryWrite(fits), PIPE_BUF - 1, `tryWrite of ${PIPE_BUF - 1} bytes with exactly that many free`);
    expectBytes(takeBuffered(reader, CAPACITY, "reading the full pipe"), concat(filler, fits), "the filler, then the write that fit");
  });

  test("PIPE-NB-2", "room is counted in bytes: a small tryWrite fits in the few bytes a read freed", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer);
    const head = takeBuffered(reader, 10, "reading 10 bytes from the full pipe");
    const data = pattern(10, 3);
    expectEqual(writer.tryWrite(data), 10, "tryWrite of 10 bytes with exactly 10 bytes free");
    expectThrowsCode(() => writer.tryWrite(new Uint8Array([1])), "EAGAIN", "tryWrite of 1 byte into the full pipe");
    const rest = takeBuffered(reader, CAPACITY, "reading the rest");
    expectBytes(concat(head, rest), concat(filler, data), "the filler, then the 10 bytes");
  });

  test("PIPE-NB-3", "tryWrite of more than PIPE_BUF bytes into a full pipe fails with EAGAIN", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer);
    expectThrowsCode(() => writer.tryWrite(pattern(PIPE_BUF + 1, 1)), "EAGAIN", `tryWrite of ${PIPE_BUF + 1} bytes into a full pipe`);
    expectThrowsCode(() => writer.tryWrite(pattern(CAPACITY, 2)), "EAGAIN", `tryWrite of ${CAPACITY} bytes into a full pipe`);
    expectBytes(takeBuffered(reader, CAPACITY, "reading the full pipe"), filler, "the filler");
    expectPipeEmpty(reader, "tryRead after the filler (nothing of the refused writes)");
  });

  test("PIPE-NB-4", "tryWrite of more than PIPE_BUF bytes writes as many as there is room for and returns that count", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer, 1000);
    const data = pattern(5000, 1);
    expectEqual(writer.tryWrite(data), 1000, "tryWrite of 5000 bytes with 1000 bytes free");
    expectBytes(takeBuffered(reader, CAPACITY, "reading the full pipe"), concat(filler, data.subarray(0, 1000)), "the filler, then the first 1000 bytes");
    expectPipeEmpty(reader, "tryRead after the 1000 bytes (no more of the write)");
  });

  test("PIPE-NB-4", "tryWrite of more than PIPE_BUF bytes writes one byte when one byte is free", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer, 1);
    const data = pattern(5000, 2);
    expectEqual(writer.tryWrite(data), 1, "tryWrite of 5000 bytes with 1 byte free");
    expectBytes(takeBuffered(reader, CAPACITY, "reading the full pipe"), concat(filler, data.subarray(0, 1)), "the filler, then the first byte");
  });

  test("PIPE-NB-4", "tryWrite of more than PIPE_BUF bytes writes all of them when they fit", async (t) => {
    const { reader, writer } = await openPipe(t);
    const data = pattern(10000, 4);
    expectEqual(writer.tryWrite(data), 10000, "tryWrite of 10000 bytes into an empty pipe");
    const more = pattern(CAPACITY, 5);
    expectEqual(writer.tryWrite(more), CAPACITY - 10000, `tryWrite of ${CAPACITY} bytes with ${CAPACITY - 10000} free`);
    expectBytes(takeBuffered(reader, CAPACITY, "reading the full pipe"), concat(data, more.subarray(0, CAPACITY - 10000)), "both writes' bytes");
  });

  test("PIPE-NB-5", "tryRead returns a number synchronously whether it reads, finds the pipe empty or meets end of file", async (t) => {
    const { reader, writer } = await openPipe(t);
    expectThrowsCode(() => reader.tryRead(new Uint8Array(4)), "EAGAIN", "tryRead on an empty pipe (thrown synchronously)");
    writer.tryWrite(new Uint8Array([1, 2]));
    const n = expectSync(reader.tryRead(new Uint8Array(4)), "tryRead with 2 bytes buffered");
    expectEqual(n, 2, "tryRead with 2 bytes buffered");
    writer.close();
    const eof = expectSync(reader.tryRead(new Uint8Array(4)), "tryRead at end of file");
    expectEqual(eof, 0, "tryRead at end of file");
    expectThrowsCode(() => writer.tryWrite(new Uint8Array(1)), "EBADF", "tryWrite on a closed end (thrown synchronously)");
  });

  test("PIPE-NB-5", "tryWrite returns a number synchronously whether it writes, finds the pipe full or has no reader", async (t) => {
    const { reader, writer } = await openPipe(t);
    const n = expectSync(writer.tryWrite(pattern(CAPACITY, 1)), "tryWrite into an empty pipe");
    expectEqual(n, CAPACITY, "tryWrite into an empty pipe");
    expectThrowsCode(() => writer.tryWrite(new Uint8Array(1)), "EAGAIN", "tryWrite into a full pipe (thrown synchronously)");
    expectThrowsCode(() => writer.tryWrite(pattern(PIPE_BUF + 1, 2)), "EAGAIN", "a long tryWrite into a full pipe (thrown synchronously)");
    reader.close();
    expectThrowsCode(() => writer.tryWrite(new Uint8Array(1)), "EPIPE", "tryWrite with no reader (thrown synchronously)");
    expectThrowsCode(() => reader.tryRead(new Uint8Array(1)), "EBADF", "tryRead on a closed end (thrown synchronously)");
  });

  test("PIPE-NB-5", "try forms take effect within the call: bytes and room are visible to the next call with no await between", async (t) => {
    const { reader, writer } = await openPipe(t);
    const out = new Uint8Array(8);
    expectEqual(writer.tryWrite(new Uint8Array([5, 6, 7])), 3, "tryWrite of 3 bytes");
    expectEqual(reader.tryRead(out), 3, "tryRead right after tryWrite, with no await between");
    expectBytes(out.subarray(0, 3), new Uint8Array([5, 6, 7]), "the bytes read");
    fill(writer);
    expectEqual(reader.tryRead(new Uint8Array(100)), 100, "tryRead of 100 bytes from the full pipe");
    expectEqual(writer.tryWrite(pattern(100, 2)), 100, "tryWrite of 100 bytes right after tryRead freed them, with no await between");
  });

  // ----- End of file --------------------------------------------------------

  test("PIPE-EOF-1", "a read waits while a duplicate of the write end is still open", async (t) => {
    const { reader, writer } = await openPipe(t);
    const copy = writer.dup();
    const r = track(reader.read(new Uint8Array(4)));
    await expectPending(r, "a read on an empty pipe");
    writer.close();
    await expectPending(r, "the pending read after the original write end closed, its duplicate still open");
    copy.close();
    await expectResolvesNow(r, 0, "the pending read once the duplicate, the last write end, closed");
  });

  test("PIPE-EOF-1", "tryRead fails with EAGAIN, not end of file, while a duplicate of the write end is open", async (t) => {
    const { reader, writer } = await openPipe(t);
    const copy = writer.dup();
    writer.close();
    expectThrowsCode(() => reader.tryRead(new Uint8Array(4)), "EAGAIN", "tryRead with only a duplicate of the write end open");
    expectEqual(copy.tryWrite(new Uint8Array([3])), 1, "tryWrite through the duplicate");
    expectEqual(reader.tryRead(new Uint8Array(4)), 1, "tryRead of the byte written through the duplicate");
    copy.close();
    expectEqual(reader.tryRead(new Uint8Array(4)), 0, "tryRead once the last write end closed");
  });

  test("PIPE-EOF-1", "end of file comes only when the last of several write ends closes", async (t) => {
    const { reader, writer } = await openPipe(t);
    const second = writer.dup();
    const third = second.dup();
    writer.close();
    third.close();
    const r = track(reader.read(new Uint8Array(4)));
    await expectPending(r, "a read with one of three write ends still open");
    second.close();
    await expectResolvesNow(r, 0, "the pending read once the third write end closed");
  });

  test("PIPE-EOF-2", "bytes buffered when the last write end closes are read before end of file", async (t) => {
    const { reader, writer } = await openPipe(t);
    expectEqual(writer.tryWrite(new Uint8Array([1, 2, 3, 4, 5])), 5, "tryWrite of 5 bytes");
    writer.close();
    const buffer = new Uint8Array(10);
    await expectResolvesNow(() => reader.read(buffer), 5, "a read after the write end closed, with 5 bytes buffered");
    expectBytes(buffer.subarray(0, 5), new Uint8Array([1, 2, 3, 4, 5]), "the buffered bytes");
    await expectResolvesNow(() => reader.read(buffer), 0, "the next read: end of file");
  });

  test("PIPE-EOF-2", "all buffered bytes are read, in pieces, before end of file", async (t) => {
    const { reader, writer } = await openPipe(t);
    const data = pattern(1000, 6);
    const copy = writer.dup();
    expectEqual(writer.tryWrite(data.subarray(0, 600)), 600, "tryWrite of 600 bytes");
    expectEqual(copy.tryWrite(data.subarray(600)), 400, "tryWrite of 400 bytes through a duplicate");
    writer.close();
    copy.close();
    const pieces: Uint8Array[] = [];
    for (const expected of [300, 300, 300, 100]) {
      const buffer = new Uint8Array(300);
      expectEqual(reader.tryRead(buffer), expected, `tryRead of 300 bytes after every write end closed (expecting ${expected})`);
      pieces.push(buffer.slice(0, expected));
    }
    expectBytes(concat(...pieces), data, "the 1000 buffered bytes");
    expectEqual(reader.tryRead(new Uint8Array(300)), 0, "tryRead after the buffered bytes: end of file");
  });

  test("PIPE-EOF-3", "closing the last write end resolves every pending read with 0", async (t) => {
    const { reader, writer } = await openPipe(t);
    const copy = reader.dup();
    const reads = [track(reader.read(new Uint8Array(4))), track(copy.read(new Uint8Array(100))), track(reader.read(new Uint8Array(1)))];
    for (const [i, r] of reads.entries()) await expectPending(r, `pending read #${i + 1} on an empty pipe`);
    writer.close();
    for (const [i, r] of reads.entries()) await expectResolvesNow(r, 0, `pending read #${i + 1} once the last write end closed`);
  });

  test("PIPE-EOF-4", "at end of file tryRead returns 0 rather than EAGAIN, and every later read returns 0", async (t) => {
    const { reader, writer } = await openPipe(t);
    writer.close();
    expectEqual(reader.tryRead(new Uint8Array(4)), 0, "tryRead at end of file");
    expectEqual(reader.tryRead(new Uint8Array(4)), 0, "a second tryRead at end of file");
    await expectResolvesNow(() => reader.read(new Uint8Array(4)), 0, "a read at end of file");
    expectEqual(reader.tryRead(new Uint8Array(4)), 0, "a tryRead after the read at end of file");
  });

  test("PIPE-EOF-4", "once the bytes left at close are drained, tryRead returns 0 and keeps returning 0", async (t) => {
    const { reader, writer } = await openPipe(t);
    expectEqual(writer.tryWrite(new Uint8Array([1, 2, 3])), 3, "tryWrite of 3 bytes");
    writer.close();
    expectEqual(reader.tryRead(new Uint8Array(10)), 3, "tryRead of the 3 buffered bytes");
    for (let i = 1; i <= 3; i++) expectEqual(reader.tryRead(new Uint8Array(10)), 0, `tryRead #${i} after the drain`);
    await expectResolvesNow(() => reader.read(new Uint8Array(10)), 0, "a read after the drain");
  });

  // ----- Errors -------------------------------------------------------------

  test("PIPE-ERR-1", "a write fails with EPIPE when the read end is closed", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    ignoreSigpipe(t, proc);
    reader.close();
    await expectRejectsNow(() => writer.write(new Uint8Array([1, 2, 3])), "EPIPE", "a 3-byte write with no read end");
    await expectRejectsNow(() => writer.write(pattern(CAPACITY + 1, 1)), "EPIPE", "a write longer than the pipe with no read end");
    expectThrowsCode(() => writer.tryWrite(new Uint8Array([1])), "EPIPE", "tryWrite of 1 byte with no read end");
    expectThrowsCode(() => writer.tryWrite(pattern(PIPE_BUF + 1, 2)), "EPIPE", "a long tryWrite with no read end");
  });

  test("PIPE-ERR-1", "writes fail with EPIPE once every duplicate of the read end is closed, and not before", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    ignoreSigpipe(t, proc);
    const copy = reader.dup();
    reader.close();
    expectEqual(writer.tryWrite(new Uint8Array([1])), 1, "tryWrite with a duplicate of the read end open");
    copy.close();
    expectThrowsCode(() => writer.tryWrite(new Uint8Array([2])), "EPIPE", "tryWrite once the last read end closed");
    await expectRejectsNow(() => writer.write(new Uint8Array([3])), "EPIPE", "a write once the last read end closed");
  });

  test("PIPE-ERR-1", "a write to a full pipe with no read end fails with EPIPE at once instead of waiting", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    ignoreSigpipe(t, proc);
    fill(writer);
    reader.close();
    expectThrowsCode(() => writer.tryWrite(new Uint8Array([1])), "EPIPE", "tryWrite into a full pipe with no read end");
    await expectRejectsNow(() => writer.write(new Uint8Array([1])), "EPIPE", "a write into a full pipe with no read end");
  });

  test("PIPE-ERR-2", "a write pending on a full pipe fails with EPIPE when the last read end closes", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    ignoreSigpipe(t, proc);
    fill(writer);
    const w = track(writer.write(pattern(100, 1)));
    await expectPending(w, "a 100-byte write into a full pipe");
    reader.close();
    await expectRejectsNow(w, "EPIPE", "the pending write once the last read end closed");
  });

  test("PIPE-ERR-2", "a write pending after moving some bytes resolves with that count when the last read end closes", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    ignoreSigpipe(t, proc);
    const data = pattern(2 * CAPACITY, 2);
    const w = track(writer.write(data));
    await expectPending(w, `a ${data.length}-byte write into an empty pipe`);
    // Reading 1000 bytes proves they were written; at most CAPACITY more can be buffered, so the write is still pending.
    const head = await collect(reader, 1000, "reading the first 1000 bytes of the long write");
    expectBytes(head, data.subarray(0, 1000), "the first 1000 bytes of the long write");
    await expectPending(w, "the long write after 1000 bytes were read");
    reader.close();
    const count = await expectFulfilledNow(
      w,
      "resolves with the count already written (at least the 1000 bytes read)",
      "the pending write once the last read end closed",
    );
    expectTrue(
      typeof count === "number" && Number.isInteger(count) && count >= 1000 && count <= 1000 + CAPACITY,
      "the count the cut-off write resolved with",
      `the bytes read (1000) plus those left buffered (at most ${CAPACITY})`,
      describeValue(count),
    );
  });

  test("PIPE-ERR-2", "a pending write keeps waiting while a duplicate of the read end is open", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    ignoreSigpipe(t, proc);
    fill(writer);
    const copy = reader.dup();
    const w = track(writer.write(pattern(100, 1)));
    await expectPending(w, "a 100-byte write into a full pipe");
    reader.close();
    await expectPending(w, "the pending write after one of two read ends closed");
    copy.close();
    await expectRejectsNow(w, "EPIPE", "the pending write once the last read end closed");
  });

  test("PIPE-ERR-3", "reading from the write end or writing to the read end fails with EBADF", async (t) => {
    const { reader, writer } = await openPipe(t);
    expectEqual(reader.readable, true, "readable flag of the read end");
    expectEqual(reader.writable, false, "writable flag of the read end");
    expectEqual(writer.readable, false, "readable flag of the write end");
    expectEqual(writer.writable, true, "writable flag of the write end");
    await expectRejectsNow(() => writer.read(new Uint8Array(4)), "EBADF", "read on the write end");
    expectThrowsCode(() => writer.tryRead(new Uint8Array(4)), "EBADF", "tryRead on the write end");
    await expectRejectsNow(() => reader.write(new Uint8Array([1])), "EBADF", "write on the read end");
    expectThrowsCode(() => reader.tryWrite(new Uint8Array([1])), "EBADF", "tryWrite on the read end");
  });

  test("PIPE-ERR-3", "a wrong-direction call moves no byte, and duplicates keep their direction", async (t) => {
    const { reader, writer } = await openPipe(t);
    expectEqual(writer.tryWrite(new Uint8Array([1, 2])), 2, "tryWrite of 2 bytes");
    expectThrowsCode(() => writer.tryRead(new Uint8Array(4)), "EBADF", "tryRead on the write end with 2 bytes buffered");
    expectThrowsCode(() => reader.tryWrite(new Uint8Array([9])), "EBADF", "tryWrite on the read end");
    const readCopy = reader.dup();
    const writeCopy = writer.dup();
    expectThrowsCode(() => readCopy.tryWrite(new Uint8Array([9])), "EBADF", "tryWrite on a duplicate of the read end");
    expectThrowsCode(() => writeCopy.tryRead(new Uint8Array(4)), "EBADF", "tryRead on a duplicate of the write end");
    const out = new Uint8Array(4);
    expectEqual(reader.tryRead(out), 2, "tryRead after the refused calls");
    expectBytes(out.subarray(0, 2), new Uint8Array([1, 2]), "the bytes buffered, untouched by the refused calls");
    expectPipeEmpty(reader, "tryRead after the 2 bytes");
  });

  test("PIPE-ERR-4", "every operation on a closed read end fails with EBADF", async (t) => {
    const { reader } = await openPipe(t);
    reader.close();
    expectEqual(reader.closed, true, "closed flag after close");
    await expectRejectsNow(() => reader.read(new Uint8Array(4)), "EBADF", "read on a closed read end");
    expectThrowsCode(() => reader.tryRead(new Uint8Array(4)), "EBADF", "tryRead on a closed read end");
    expectThrowsCode(() => reader.dup(), "EBADF", "dup of a closed read end");
    expectThrowsCode(() => reader.getCapacity(), "EBADF", "getCapacity on a closed read end");
    expectThrowsCode(() => reader.close(), "EBADF", "a second close of the read end");
  });

  test("PIPE-ERR-4", "every operation on a closed write end fails with EBADF", async (t) => {
    const { writer } = await openPipe(t);
    writer.close();
    expectEqual(writer.closed, true, "closed flag after close");
    await expectRejectsNow(() => writer.write(new Uint8Array([1])), "EBADF", "write on a closed write end (read end open)");
    expectThrowsCode(() => writer.tryWrite(new Uint8Array([1])), "EBADF", "tryWrite on a closed write end (read end open)");
    expectThrowsCode(() => writer.dup(), "EBADF", "dup of a closed write end");
    expectThrowsCode(() => writer.getCapacity(), "EBADF", "getCapacity on a closed write end");
    expectThrowsCode(() => writer.close(), "EBADF", "a second close of the write end");
  });

  test("PIPE-ERR-4", "a closed end fails with EBADF while its open duplicate still works", async (t) => {
    const { reader, writer } = await openPipe(t);
    const readCopy = reader.dup();
    const writeCopy = writer.dup();
    expectEqual(writer.tryWrite(new Uint8Array([1, 2])), 2, "tryWrite of 2 bytes");
    reader.close();
    writer.close();
    expectThrowsCode(() => reader.tryRead(new Uint8Array(4)), "EBADF", "tryRead on the closed read end, with bytes buffered");
    expectThrowsCode(() => writer.tryWrite(new Uint8Array([3])), "EBADF", "tryWrite on the closed write end, with a read end open");
    expectEqual(readCopy.closed, false, "closed flag of the read end's duplicate");
    expectEqual(writeCopy.tryWrite(new Uint8Array([3])), 1, "tryWrite through the open duplicate");
    const out = new Uint8Array(4);
    expectEqual(readCopy.tryRead(out), 3, "tryRead through the open duplicate");
    expectBytes(out.subarray(0, 3), new Uint8Array([1, 2, 3]), "the bytes read through the duplicate");
  });

  test("PIPE-ERR-4", "zero-length reads and writes on a closed end fail with EBADF", async (t) => {
    const { reader, writer } = await openPipe(t);
    // Duplicates keep both directions open, so EBADF is the only error these calls may give.
    const readCopy = reader.dup();
    const writeCopy = writer.dup();
    reader.close();
    writer.close();
    await expectRejectsNow(() => reader.read(new Uint8Array(0)), "EBADF", "a zero-length read on a closed read end");
    expectThrowsCode(() => reader.tryRead(new Uint8Array(0)), "EBADF", "a zero-length tryRead on a closed read end");
    await expectRejectsNow(() => writer.write(new Uint8Array(0)), "EBADF", "a zero-length write on a closed write end");
    expectThrowsCode(() => writer.tryWrite(new Uint8Array(0)), "EBADF", "a zero-length tryWrite on a closed write end");
    expectEqual(readCopy.closed || writeCopy.closed, false, "closed flags of the duplicates, still open");
  });

  test(
    "PIPE-ERR-4",
    "setCapacity on a closed end fails with EBADF",
    async (t) => {
      const { reader, writer } = await openPipe(t);
      reader.close();
      writer.close();
      expectThrowsCode(() => reader.setCapacity(8192), "EBADF", "setCapacity on a closed read end");
      expectThrowsCode(() => writer.setCapacity(8192), "EBADF", "setCapacity on a closed write end");
    },
    { requires: CAPACITY_EXT },
  );

  test("PIPE-ERR-5", "a read into a zero-length buffer returns 0 at once on an empty pipe", async (t) => {
    const { reader } = await openPipe(t);
    await expectResolvesNow(() => reader.read(new Uint8Array(0)), 0, "a zero-length read on an empty pipe with the write end open");
    expectEqual(reader.tryRead(new Uint8Array(0)), 0, "a zero-length tryRead on an empty pipe");
    expectPipeEmpty(reader, "a one-byte tryRead afterwards (the pipe is empty, not at end of file)");
  });

  test("PIPE-ERR-5", "a read into a zero-length buffer consumes nothing from a pipe holding bytes", async (t) => {
    const { reader, writer } = await openPipe(t);
    expectEqual(writer.tryWrite(new Uint8Array([1, 2, 3])), 3, "tryWrite of 3 bytes");
    await expectResolvesNow(() => reader.read(new Uint8Array(0)), 0, "a zero-length read with 3 bytes buffered");
    expectEqual(reader.tryRead(new Uint8Array(8).subarray(4, 4)), 0, "a zero-length tryRead (an empty view) with 3 bytes buffered");
    const out = new Uint8Array(8);
    expectEqual(reader.tryRead(out), 3, "tryRead after the zero-length reads");
    expectBytes(out.subarray(0, 3), new Uint8Array([1, 2, 3]), "the 3 bytes, none consumed by the zero-length reads");
  });

  test("PIPE-ERR-6", "a zero-length write returns 0 at once even when no read end is open", async (t) => {
    const { reader, writer } = await openPipe(t);
    reader.close();
    await expectResolvesNow(() => writer.write(new Uint8Array(0)), 0, "a zero-length write with no read end");
    expectEqual(writer.tryWrite(new Uint8Array(0)), 0, "a zero-length tryWrite with no read end");
  });

  test("PIPE-ERR-6", "a zero-length write returns 0 at once on a full pipe and adds nothing", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer);
    await expectResolvesNow(() => writer.write(new Uint8Array(0)), 0, "a zero-length write into a full pipe");
    expectEqual(writer.tryWrite(new Uint8Array(0)), 0, "a zero-length tryWrite into a full pipe");
    expectBytes(takeBuffered(reader, CAPACITY, "reading the full pipe"), filler, "the filler");
    await drain();
    expectPipeEmpty(reader, "tryRead after the filler");
  });

  test("PIPE-ERR-7", "a read or tryRead into something other than a Uint8Array fails with EINVAL and consumes nothing", async (t) => {
    const { reader, writer } = await openPipe(t);
    for (const { label, value } of notByteArrays()) {
      await expectRejectsNow(() => reader.read(value as Uint8Array), "EINVAL", `read into ${label} on an empty pipe`);
    }
    expectEqual(writer.tryWrite(new Uint8Array([1, 2, 3])), 3, "tryWrite of 3 bytes");
    for (const { label, value } of notByteArrays()) {
      expectThrowsCode(() => reader.tryRead(value as Uint8Array), "EINVAL", `tryRead into ${label}`);
      await expectRejectsNow(() => reader.read(value as Uint8Array), "EINVAL", `read into ${label} with 3 bytes buffered`);
    }
    const out = new Uint8Array(8);
    expectEqual(reader.tryRead(out), 3, "tryRead after the refused reads");
    expectBytes(out.subarray(0, 3), new Uint8Array([1, 2, 3]), "the 3 bytes, none consumed by the refused reads");
  });

  test("PIPE-ERR-7", "a write or tryWrite of something other than a Uint8Array fails with EINVAL and writes nothing", async (t) => {
    const { reader, writer } = await openPipe(t);
    for (const { label, value } of notByteArrays()) {
      expectThrowsCode(() => writer.tryWrite(value as Uint8Array), "EINVAL", `tryWrite of ${label}`);
      await expectRejectsNow(() => writer.write(value as Uint8Array), "EINVAL", `write of ${label}`);
    }
    expectPipeEmpty(reader, "tryRead after the refused writes (nothing written)");
    fill(writer);
    await expectRejectsNow(() => writer.write([1] as unknown as Uint8Array), "EINVAL", "write of an array into a full pipe (refused at once, not pending)");
  });

  test("PIPE-ERR-8", "by default, a write with no reader terminates the writer by SIGPIPE and closes every end it held", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    const [other] = proc.pipe();
    reader.close();
    expectThrowsCode(() => writer.tryWrite(new Uint8Array([1])), "EPIPE", "tryWrite with no read end");
    expectSignaled(proc, SIGPIPE, "the writer's status after its write with no reader");
    expectEqual(writer.closed, true, "closed flag of the terminated writer's write end");
    expectEqual(other.closed, true, "closed flag of another end the terminated writer held");
  }, { requires: SIGNAL });

  test("PIPE-ERR-8", "a blocking write with no reader terminates the writer by SIGPIPE before it returns", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    reader.close();
    const w = track(writer.write(pattern(CAPACITY + 1, 6)));
    expectSignaled(proc, SIGPIPE, "the writer's status as soon as write returned");
    await drain();
    expectTrue(w.state !== "pending", "the write of the terminated writer", "settled", "still pending");
  }, { requires: SIGNAL });

  test(
    "PIPE-ERR-8",
    "a child terminated by SIGPIPE closes its descriptors: a read waiting in the parent on the child's write end sees end of file",
    async (t) => {
      const { proc, reader, writer } = await openPipe(t);
      const child = proc.fork();
      writer.close();
      const r = track(reader.read(new Uint8Array(4)));
      await expectPending(r, "the parent's read while the child holds a write end");
      const [childReader, childWriter] = child.pipe();
      childReader.close();
      expectThrowsCode(() => childWriter.tryWrite(new Uint8Array([1])), "EPIPE", "the child's tryWrite with no reader");
      expectSignaled(child, SIGPIPE, "the child's status");
      await expectResolvesNow(r, 0, "the parent's read once the child was terminated");
      expectEqual(signalProcess(proc).status.state, "running", "the parent's status");
    },
    { requires: SIGNAL_FORK },
  );

  test("PIPE-ERR-8", "a caught SIGPIPE runs its handler before the write fails with EPIPE, and the writer lives on", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    const caught = catchSignal(proc, SIGPIPE);
    reader.close();
    expectThrowsCode(() => writer.tryWrite(new Uint8Array([1])), "EPIPE", "tryWrite with no read end");
    expectEqual(caught.length, 1, "SIGPIPE deliveries when tryWrite threw");
    expectEqual(caught[0]?.signal, SIGPIPE, "the signal the handler ran for");
    expectEqual(caught[0]?.code, "kernel", "how SIGPIPE was sent (by the system)");
    const w = track(writer.write(new Uint8Array([2])));
    expectEqual(caught.length, 2, "SIGPIPE deliveries as soon as write returned its promise");
    await expectRejectsNow(w, "EPIPE", "the write with no read end");
    expectEqual(signalProcess(proc).status.state, "running", "the writer's status");
  }, { requires: SIGNAL });

  test("PIPE-ERR-8", "with SIGPIPE ignored, a write with no reader fails with EPIPE alone", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    const signals = signalProcess(proc);
    signals.sigaction(SIGPIPE, { handler: "ignore" });
    reader.close();
    expectThrowsCode(() => writer.tryWrite(new Uint8Array([1])), "EPIPE", "tryWrite with no read end");
    await expectRejectsNow(() => writer.write(new Uint8Array([1])), "EPIPE", "a write with no read end");
    expectEqual(signals.status.state, "running", "the writer's status");
    expectEqual(signals.sigpending().includes(SIGPIPE), false, "SIGPIPE pending (an ignored signal is discarded)");
  }, { requires: SIGNAL });

  test("PIPE-ERR-8", "with SIGPIPE blocked, a write with no reader fails with EPIPE and SIGPIPE stays pending until unblocked", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    const signals = signalProcess(proc);
    signals.sigprocmask("block", [SIGPIPE]);
    reader.close();
    await expectRejectsNow(() => writer.write(new Uint8Array([1])), "EPIPE", "a write with no read end");
    expectEqual(signals.status.state, "running", "the writer's status while SIGPIPE is blocked");
    expectEqual(signals.sigpending().includes(SIGPIPE), true, "SIGPIPE pending while blocked");
    signals.sigprocmask("unblock", [SIGPIPE]);
    expectSignaled(proc, SIGPIPE, "the writer's status once SIGPIPE was unblocked");
  }, { requires: SIGNAL });

  test("PIPE-ERR-8", "a zero-length write with no reader returns 0 and raises no SIGPIPE", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    const signals = signalProcess(proc);
    const caught = catchSignal(proc, SIGPIPE);
    reader.close();
    expectEqual(writer.tryWrite(new Uint8Array(0)), 0, "a zero-length tryWrite with no read end");
    await expectResolvesNow(() => writer.write(new Uint8Array(0)), 0, "a zero-length write with no read end");
    expectEqual(caught.length, 0, "SIGPIPE deliveries after the zero-length writes");
    signals.sigaction(SIGPIPE, { handler: "default" });
    expectEqual(writer.tryWrite(new Uint8Array(0)), 0, "a zero-length tryWrite with the default SIGPIPE action");
    expectEqual(signals.status.state, "running", "the writer's status after it");
  }, { requires: SIGNAL });

  test("PIPE-ERR-9", "a write waiting on a full pipe raises SIGPIPE once, during the last reader's close, and fails with EPIPE", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    const caught = catchSignal(proc, SIGPIPE);
    fill(writer);
    const w = track(writer.write(pattern(100, 1)));
    await expectPending(w, "a 100-byte write into a full pipe");
    expectEqual(caught.length, 0, "SIGPIPE deliveries while the write waits");
    reader.close();
    expectEqual(caught.length, 1, "SIGPIPE deliveries once the last reader's close returned");
    await expectRejectsNow(w, "EPIPE", "the write the last reader's close cut short");
    expectEqual(caught.length, 1, "SIGPIPE deliveries once the write failed");
  }, { requires: SIGNAL });

  test("PIPE-ERR-9", "a write cut short after moving bytes resolves with that count and still raises SIGPIPE once", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    const caught = catchSignal(proc, SIGPIPE);
    const data = pattern(2 * CAPACITY, 2);
    const w = track(writer.write(data));
    await collect(reader, 1000, "reading the first 1000 bytes of the long write");
    await expectPending(w, "the long write after 1000 bytes were read");
    reader.close();
    expectEqual(caught.length, 1, "SIGPIPE deliveries once the last reader's close returned");
    const count = await expectFulfilledNow(w, "resolves with the count already written", "the long write the last reader's close cut short");
    expectTrue(
      typeof count === "number" && count >= 1000 && count < data.length,
      "the count the cut-off write resolved with",
      `from 1000 to ${data.length - 1}`,
      describeValue(count),
    );
    expectEqual(caught.length, 1, "SIGPIPE deliveries in all");
  }, { requires: SIGNAL });

  test("PIPE-ERR-9", "by default, the SIGPIPE of a write cut short terminates the writer", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    fill(writer);
    const w = track(writer.write(pattern(100, 1)));
    await expectPending(w, "a 100-byte write into a full pipe");
    reader.close();
    expectSignaled(proc, SIGPIPE, "the writer's status once the last reader's close returned");
    expectEqual(writer.closed, true, "closed flag of the terminated writer's end");
  }, { requires: SIGNAL });

  test(
    "PIPE-ERR-9",
    "when a child holding the last read end exits, SIGPIPE goes to the parent whose write waits, not to the child",
    async (t) => {
      const { proc, reader, writer } = await openPipe(t);
      fill(writer);
      const child = proc.fork();
      const caught = catchSignal(proc, SIGPIPE);
      reader.close();
      const w = track(writer.write(new Uint8Array([1])));
      await expectPending(w, "the parent's write into a full pipe while the child holds a read end");
      child.exit();
      expectEqual(caught.length, 1, "SIGPIPE deliveries in the parent once the child exited");
      await expectRejectsNow(w, "EPIPE", "the parent's write");
    },
    { requires: [...SIGNAL_FORK, "process.exit"] },
  );

  test("PIPE-ERR-9", "with SIGPIPE blocked, the write cut short fails with EPIPE and SIGPIPE stays pending; ignored, it is discarded", async (t) => {
    const { proc, reader, writer } = await openPipe(t);
    const signals = signalProcess(proc);
    signals.sigprocmask("block", [SIGPIPE]);
    fill(writer);
    const first = track(writer.write(new Uint8Array([1])));
    await expectPending(first, "a write into a full pipe");
    reader.close();
    await expectRejectsNow(first, "EPIPE", "the write the last reader's close cut short");
    expectEqual(signals.sigpending().includes(SIGPIPE), true, "SIGPIPE pending while blocked");
    signals.sigaction(SIGPIPE, { handler: "ignore" });
    expectEqual(signals.sigpending().includes(SIGPIPE), false, "SIGPIPE pending once ignored");
    signals.sigprocmask("unblock", [SIGPIPE]);
    expectEqual(signals.status.state, "running", "the writer's status");
  }, { requires: SIGNAL });

  // ----- Atomicity ----------------------------------------------------------

  test("PIPE-ATOM-1", "concurrent blocking writes of at most PIPE_BUF bytes are never interleaved as room frees in small steps", async (t) => {
    const { reader, writer } = await openPipe(t);
    expectEqual(writer.tryWrite(filled(CAPACITY, 0)), CAPACITY, "tryWrite of a zero-byte filler into an empty pipe");
    const sizes = [PIPE_BUF, 3000, PIPE_BUF, 1, 2500];
    const ends = [writer, writer.dup(), writer.dup(), writer.dup(), writer.dup()];
    const writes = sizes.map((size, i) => track(ends[i]!.write(filled(size, i + 1))));
    for (const [i, w] of writes.entries()) await expectPending(w, `blocking write #${i + 1} into a full pipe`);
    const total = CAPACITY + sizes.reduce((a, b) => a + b, 0);
    const stream = await collect(reader, total, "reading the filler and the racing writes 1000 bytes at a time", 1000);
    for (const [i, w] of writes.entries()) await expectResolvesNow(w, sizes[i], `blocking write #${i + 1}`);
    expectBytes(stream.subarray(0, CAPACITY), filled(CAPACITY, 0), "the filler, read first");
    expectContiguous(stream.subarray(CAPACITY), sizes, "the bytes of the concurrent writes");
  });

  test(
    "PIPE-ATOM-1",
    "under any interleaving of blocking writes and reads, no write of at most PIPE_BUF bytes is interleaved with another",
    async (t) => {
      const race = fc.record({
        room: fc.integer({ min: 0, max: 2 * PIPE_BUF }),
        writes: fc.array(fc.record({ end: fc.nat(2), size: fc.integer({ min: 1, max: PIPE_BUF }) }), { minLength: 2, maxLength: 10 }),
        // Read sizes shrink towards large reads, so that a shrunk counterexample has few steps.
        reads: fc.array(
          fc.integer({ min: 1, max: 3 * PIPE_BUF }).map((n) => 3 * PIPE_BUF + 1 - n),
          { minLength: 1, maxLength: 6 },
        ),
      });
      await checkProperty(
        t,
        fc.asyncProperty(fc.scheduler(), race, async (s, value) => runRace(t, s, value)),
        "scheduled race of blocking writes",
        "every write of at most PIPE_BUF bytes to land in one piece",
      );
    },
    { timeoutFactor: 4 },
  );

  test("PIPE-ATOM-2", "a blocking write of at most PIPE_BUF bytes writes nothing while it waits for room", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer, 100);
    const data = pattern(2000, 1);
    const w = track(writer.write(data));
    await expectPending(w, "a 2000-byte write with 100 bytes free");
    const head = takeBuffered(reader, 500, "reading 500 bytes, leaving 600 free: still too few for the write");
    await expectPending(w, "the 2000-byte write with 600 bytes free");
    const buffer = new Uint8Array(CAPACITY);
    expectEqual(reader.tryRead(buffer), CAPACITY - 600, "tryRead of everything buffered while the write waits (only the filler)");
    expectBytes(concat(head, buffer.subarray(0, CAPACITY - 600)), filler, "the filler");
    await expectResolvesNow(w, 2000, "the pending write once the pipe emptied");
    expectBytes(takeBuffered(reader, 2000, "reading the write"), data, "the write's bytes, all at once");
  });

  test("PIPE-ATOM-2", "a blocking write of exactly PIPE_BUF bytes one byte short of room writes nothing until it all fits", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer, PIPE_BUF - 1);
    const data = pattern(PIPE_BUF, 2);
    const w = track(writer.write(data));
    await expectPending(w, `a ${PIPE_BUF}-byte write with ${PIPE_BUF - 1} bytes free`);
    const head = takeBuffered(reader, 1, "reading 1 byte to make exactly enough room");
    await expectResolvesNow(w, PIPE_BUF, `the pending write once ${PIPE_BUF} bytes are free`);
    expectBytes(concat(head, takeBuffered(reader, CAPACITY, "reading the full pipe")), concat(filler, data), "the filler, then the whole write");
  });

  test("PIPE-ATOM-2", "aborting a pending write of at most PIPE_BUF bytes moves no byte, as it wrote none while waiting", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer, 1000);
    const controller = new AbortController();
    const w = track(writer.write(pattern(3000, 3), { signal: controller.signal }));
    await expectPending(w, "a 3000-byte write with 1000 bytes free");
    const head = takeBuffered(reader, 1000, "reading 1000 bytes, leaving 2000 free: still too few for the write");
    await expectPending(w, "the 3000-byte write with 2000 bytes free");
    controller.abort();
    await expectRejectsNow(w, "ECANCELED", "the aborted write (it must not have written any of the 2000 bytes that fit)");
    expectBytes(concat(head, takeBuffered(reader, CAPACITY - 2000, "reading the rest of the filler")), filler, "the filler");
    await drain();
    expectPipeEmpty(reader, "tryRead after the filler (nothing of the aborted write)");
  });

  test("PIPE-ATOM-3", "a blocking write of more than PIPE_BUF bytes resolves only once its last byte is written, with the full count", async (t) => {
    const { reader, writer } = await openPipe(t);
    const data = pattern(100000, 4);
    const w = track(writer.write(data));
    await expectPending(w, "a 100000-byte write into an empty pipe");
    const first = await collect(reader, 30000, "reading 30000 bytes");
    await drain();
    await expectPending(w, "the long write after 30000 bytes were read (4464 bytes still unwritten)");
    const second = await collect(reader, 10000, "reading 10000 more bytes");
    await expectResolvesNow(w, 100000, "the long write once room for its last bytes was made");
    const rest = await collect(reader, 60000, "reading the last 60000 bytes");
    expectBytes(concat(first, second, rest), data, "the bytes of the long write");
  });

  test("PIPE-ATOM-3", "a blocking write of PIPE_BUF + 1 bytes into a full pipe resolves with the full count once read", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer);
    const data = pattern(PIPE_BUF + 1, 5);
    const w = track(writer.write(data));
    await expectPending(w, `a ${PIPE_BUF + 1}-byte write into a full pipe`);
    const out = await collect(reader, CAPACITY + PIPE_BUF + 1, "reading the filler and the write", 3000);
    await expectResolvesNow(w, PIPE_BUF + 1, "the write once all of it was written");
    expectBytes(out, concat(filler, data), "the filler, then the write");
  });

  // ----- Capacity -----------------------------------------------------------

  test("PIPE-CAP-1", "a new pipe takes 65536 bytes with nobody reading, and not one more", async (t) => {
    const { reader, writer } = await openPipe(t);
    const data = pattern(CAPACITY, 1);
    expectEqual(writer.tryWrite(data), CAPACITY, `tryWrite of ${CAPACITY} bytes into a new pipe`);
    expectThrowsCode(() => writer.tryWrite(new Uint8Array([1])), "EAGAIN", "tryWrite of 1 more byte");
    const w = track(writer.write(new Uint8Array([2])));
    await expectPending(w, "a blocking write of 1 more byte");
    expectBytes(takeBuffered(reader, CAPACITY, "reading the full pipe"), data, `the ${CAPACITY} bytes`);
    await expectResolvesNow(w, 1, "the 1-byte write once the pipe emptied");
  });

  test("PIPE-CAP-1", "a new pipe takes sixteen PIPE_BUF-byte writes at once and makes the seventeenth wait", async (t) => {
    const { reader, writer } = await openPipe(t);
    for (let i = 0; i < CAPACITY / PIPE_BUF; i++) {
      await expectResolvesNow(() => writer.write(filled(PIPE_BUF, i + 1)), PIPE_BUF, `blocking write #${i + 1} of ${PIPE_BUF} bytes`);
    }
    const w = track(writer.write(filled(PIPE_BUF, 99)));
    await expectPending(w, `blocking write #${CAPACITY / PIPE_BUF + 1} of ${PIPE_BUF} bytes`);
    takeBuffered(reader, PIPE_BUF, `reading ${PIPE_BUF} bytes`);
    await expectResolvesNow(w, PIPE_BUF, `blocking write #${CAPACITY / PIPE_BUF + 1} once ${PIPE_BUF} bytes were read`);
  });

  test("PIPE-CAP-1", "getCapacity reports 65536 for a new pipe, from either end", async (t) => {
    const { reader, writer } = await openPipe(t);
    expectEqual(reader.getCapacity(), CAPACITY, "getCapacity of a new pipe's read end");
    expectEqual(writer.getCapacity(), CAPACITY, "getCapacity of a new pipe's write end");
  });

  test("PIPE-CAP-1", "a long tryWrite into a new pipe writes exactly 65536 bytes", async (t) => {
    const { writer } = await openPipe(t);
    expectEqual(writer.tryWrite(pattern(CAPACITY + PIPE_BUF, 2)), CAPACITY, `tryWrite of ${CAPACITY + PIPE_BUF} bytes into a new pipe`);
  });

  test(
    "PIPE-CAP-2",
    "setCapacity rounds up to a power-of-two number of pages, returns the size set, and both ends report it",
    async (t) => {
      const { reader, writer } = await openPipe(t);
      const cases: readonly [number, number][] = [
        [1, MIN_PIPE_CAPACITY],
        [4096, 4096],
        [4097, 8192],
        [5000, 8192],
        [8192, 8192],
        [12288, 16384],
        [65536, 65536],
        [65537, 131072],
        [100000, 131072],
        [PIPE_MAX_SIZE, PIPE_MAX_SIZE],
        [3 * MIN_PIPE_CAPACITY, 4 * MIN_PIPE_CAPACITY],
      ];
      for (const [asked, expected] of cases) {
        expectEqual(writer.setCapacity(asked), expected, `setCapacity(${asked}) result`);
        expectEqual(writer.getCapacity(), expected, `getCapacity of the write end after setCapacity(${asked})`);
        expectEqual(reader.getCapacity(), expected, `getCapacity of the read end after setCapacity(${asked})`);
      }
    },
    { requires: CAPACITY_EXT },
  );

  test(
    "PIPE-CAP-2",
    "a capacity asked of pipe() is rounded the same way and holds exactly that many bytes",
    async (t) => {
      const proc = await t.process();
      const [reader, writer] = proc.pipe({ capacity: 5000 });
      expectEqual(reader.getCapacity(), 8192, "getCapacity of a pipe made with capacity 5000");
      const data = pattern(10000, 1);
      expectEqual(writer.tryWrite(data), 8192, "tryWrite of 10000 bytes into the new 8192-byte pipe");
      expectThrowsCode(() => writer.tryWrite(new Uint8Array([1])), "EAGAIN", "tryWrite of 1 more byte");
      expectBytes(takeBuffered(reader, 8192, "reading the full pipe"), data.subarray(0, 8192), "the 8192 bytes");
      const [smallest] = proc.pipe({ capacity: 1 });
      expectEqual(smallest.getCapacity(), MIN_PIPE_CAPACITY, "getCapacity of a pipe made with capacity 1");
    },
    { requires: CAPACITY_EXT },
  );

  test(
    "PIPE-CAP-2",
    "a lowered capacity is the size the pipe then holds",
    async (t) => {
      const { reader, writer } = await openPipe(t);
      expectEqual(reader.setCapacity(4096), 4096, "setCapacity(4096) on an empty pipe, through the read end");
      const data = pattern(5000, 2);
      expectEqual(writer.tryWrite(data), 4096, "tryWrite of 5000 bytes into the 4096-byte pipe");
      expectThrowsCode(() => writer.tryWrite(new Uint8Array([1])), "EAGAIN", "tryWrite of 1 more byte");
      expectBytes(takeBuffered(reader, 4096, "reading the full pipe"), data.subarray(0, 4096), "the 4096 bytes");
    },
    { requires: CAPACITY_EXT },
  );

  test(
    "PIPE-CAP-3",
    "a process that is not root gets EPERM above PIPE_MAX_SIZE, and up to it is allowed",
    async (t) => {
      const proc = (await t.system()).spawn({ uid: 1000, gid: 1000 });
      const [reader, writer] = proc.pipe();
      expectEqual(writer.setCapacity(PIPE_MAX_SIZE), PIPE_MAX_SIZE, "setCapacity(PIPE_MAX_SIZE) by a non-root process");
      expectThrowsCode(() => writer.setCapacity(PIPE_MAX_SIZE + 1), "EPERM", "setCapacity(PIPE_MAX_SIZE + 1) by a non-root process");
      expectThrowsCode(() => reader.setCapacity(2 * PIPE_MAX_SIZE), "EPERM", "setCapacity(2 * PIPE_MAX_SIZE) by a non-root process");
      expectEqual(reader.getCapacity(), PIPE_MAX_SIZE, "getCapacity after the refused requests");
      expectThrowsCode(() => proc.pipe({ capacity: PIPE_MAX_SIZE + 1 }), "EPERM", "pipe({ capacity: PIPE_MAX_SIZE + 1 }) by a non-root process");
    },
    { requires: CAPACITY_EXT },
  );

  test(
    "PIPE-CAP-3",
    "root may go above PIPE_MAX_SIZE, but above PIPE_MAX_SIZE_PRIVILEGED everyone gets EINVAL",
    async (t) => {
      const system = await t.system();
      const root = system.spawn();
      const user = system.spawn({ uid: 1000, gid: 1000 });
      const [rootReader] = root.pipe();
      expectEqual(rootReader.setCapacity(PIPE_MAX_SIZE + 1), 2 * PIPE_MAX_SIZE, "setCapacity(PIPE_MAX_SIZE + 1) by root");
      expectThrowsCode(() => rootReader.setCapacity(PIPE_MAX_SIZE_PRIVILEGED + 1), "EINVAL", "setCapacity above PIPE_MAX_SIZE_PRIVILEGED by root");
      expectThrowsCode(() => rootReader.setCapacity(2 * PIPE_MAX_SIZE_PRIVILEGED), "EINVAL", "setCapacity(2 * PIPE_MAX_SIZE_PRIVILEGED) by root");
      expectEqual(rootReader.getCapacity(), 2 * PIPE_MAX_SIZE, "getCapacity after the refused requests");
      expectThrowsCode(() => root.pipe({ capacity: PIPE_MAX_SIZE_PRIVILEGED + 1 }), "EINVAL", "pipe() above PIPE_MAX_SIZE_PRIVILEGED by root");
      const [userReader] = user.pipe();
      expectThrowsCode(() => userReader.setCapacity(PIPE_MAX_SIZE_PRIVILEGED + 1), "EINVAL", "setCapacity above PIPE_MAX_SIZE_PRIVILEGED by a non-root process");
      expectThrowsCode(() => user.pipe({ capacity: PIPE_MAX_SIZE_PRIVILEGED + 1 }), "EINVAL", "pipe() above PIPE_MAX_SIZE_PRIVILEGED by a non-root process");
    },
    { requires: CAPACITY_EXT },
  );

  test(
    "PIPE-CAP-4",
    "setting a capacity below the bytes buffered fails with EBUSY and changes neither capacity nor bytes",
    async (t) => {
      const { reader, writer } = await openPipe(t);
      const data = pattern(10000, 1);
      expectEqual(writer.tryWrite(data), 10000, "tryWrite of 10000 bytes");
      expectThrowsCode(() => writer.setCapacity(8192), "EBUSY", "setCapacity(8192) with 10000 bytes buffered");
      expectThrowsCode(() => reader.setCapacity(4096), "EBUSY", "setCapacity(4096) with 10000 bytes buffered");
      expectEqual(reader.getCapacity(), CAPACITY, "getCapacity after the refused shrinks");
      expectEqual(writer.tryWrite(pattern(CAPACITY, 2)), CAPACITY - 10000, "tryWrite filling the rest of the unchanged capacity");
      expectBytes(takeBuffered(reader, 10000, "reading the first 10000 bytes"), data, "the bytes buffered before the refused shrinks");
    },
    { requires: CAPACITY_EXT },
  );

  test(
    "PIPE-CAP-4",
    "a capacity equal to the bytes buffered is allowed, and one below it is refused with EBUSY",
    async (t) => {
      const { reader, writer } = await openPipe(t);
      const data = pattern(8192, 3);
      expectEqual(writer.tryWrite(data), 8192, "tryWrite of 8192 bytes");
      expectEqual(writer.setCapacity(8192), 8192, "setCapacity(8192) with exactly 8192 bytes buffered");
      expectThrowsCode(() => writer.setCapacity(4096), "EBUSY", "setCapacity(4096) with 8192 bytes buffered");
      expectEqual(writer.getCapacity(), 8192, "getCapacity after the refused shrink");
      expectBytes(takeBuffered(reader, 8192, "reading the full pipe"), data, "the 8192 bytes");
    },
    { requires: CAPACITY_EXT },
  );

  test(
    "PIPE-CAP-5",
    "setCapacity with a value that is not a positive safe integer fails with EINVAL and changes nothing",
    async (t) => {
      const { reader, writer } = await openPipe(t);
      const values: readonly unknown[] = [0, -1, -4096, 1.5, 4096.5, Number.NaN, Infinity, -Infinity, 2 ** 53, "4096", null, undefined, 4096n, {}, true];
      for (const value of values) {
        expectThrowsCode(() => writer.setCapacity(value as number), "EINVAL", `setCapacity(${describeValue(value)})`);
      }
      expectEqual(reader.getCapacity(), CAPACITY, "getCapacity after the refused requests");
    },
    { requires: CAPACITY_EXT },
  );

  test(
    "PIPE-CAP-5",
    "pipe() with a capacity that is not a positive safe integer fails with EINVAL",
    async (t) => {
      const proc = await t.process();
      const values: readonly unknown[] = [0, -1, 1.5, Number.NaN, Infinity, 2 ** 53, "4096", null, 4096n];
      for (const value of values) {
        expectThrowsCode(() => proc.pipe({ capacity: value as number }), "EINVAL", `pipe({ capacity: ${describeValue(value)} })`);
      }
    },
    { requires: CAPACITY_EXT },
  );

  test(
    "PIPE-CAP-6",
    "raising the capacity of a full pipe lets a pending write proceed at once",
    async (t) => {
      const { reader, writer } = await openPipe(t);
      const filler = fill(writer);
      const data = pattern(1000, 1);
      const w = track(writer.write(data));
      await expectPending(w, "a 1000-byte write into a full pipe");
      expectEqual(reader.setCapacity(2 * CAPACITY), 2 * CAPACITY, `setCapacity(${2 * CAPACITY}) of the full pipe`);
      await expectResolvesNow(w, 1000, "the pending write once the capacity was raised (with no read)");
      expectBytes(takeBuffered(reader, CAPACITY + 1000, "reading the pipe"), concat(filler, data), "the filler, then the write");
    },
    { requires: CAPACITY_EXT },
  );

  test(
    "PIPE-CAP-6",
    "raising the capacity while the buffer wraps around keeps the bytes in order and lets a long pending write finish",
    async (t) => {
      const { reader, writer } = await openPipe(t);
      const a = pattern(60000, 1);
      const b = pattern(CAPACITY - 10000, 2);
      const c = pattern(30000, 3);
      expectEqual(writer.tryWrite(a), 60000, "tryWrite of 60000 bytes");
      const head = takeBuffered(reader, 50000, "reading 50000 bytes");
      expectEqual(writer.tryWrite(b), CAPACITY - 10000, `tryWrite of ${CAPACITY - 10000} bytes, filling the pipe across the wrap`);
      const w = track(writer.write(c));
      await expectPending(w, "a 30000-byte write into the full, wrapped pipe");
      expectEqual(writer.setCapacity(2 * CAPACITY), 2 * CAPACITY, `setCapacity(${2 * CAPACITY}) of the full, wrapped pipe`);
      await expectResolvesNow(w, 30000, "the pending write once the capacity was raised");
      const rest = takeBuffered(reader, 10000 + b.length + c.length, "reading everything left");
      expectBytes(concat(head, rest), concat(a, b, c), "every byte, in order, across the wrap and the resize");
    },
    { requires: CAPACITY_EXT },
  );

  // ----- Lifecycle ----------------------------------------------------------

  test("PIPE-LIFE-1", "a duplicate of the write end writes into the same pipe and keeps working after the original closes", async (t) => {
    const { reader, writer } = await openPipe(t);
    const copy = writer.dup();
    expectTrue(copy !== writer, "dup of the write end", "a new end", "the same end object");
    expectEqual(copy.writable, true, "writable flag of the duplicate");
    expectEqual(copy.readable, false, "readable flag of the duplicate");
    expectEqual(copy.closed, false, "closed flag of the duplicate");
    expectEqual(writer.tryWrite(new Uint8Array([1])), 1, "tryWrite through the original");
    expectEqual(copy.tryWrite(new Uint8Array([2])), 1, "tryWrite through the duplicate");
    writer.close();
    expectEqual(copy.closed, false, "closed flag of the duplicate after the original closed");
    expectEqual(copy.tryWrite(new Uint8Array([3])), 1, "tryWrite through the duplicate after the original closed");
    const out = new Uint8Array(8);
    expectEqual(reader.tryRead(out), 3, "tryRead of the bytes written through both");
    expectBytes(out.subarray(0, 3), new Uint8Array([1, 2, 3]), "the bytes, in the order written through either end");
  });

  test("PIPE-LIFE-1", "a duplicate of the read end reads from the same pipe and keeps working after the original closes", async (t) => {
    const { reader, writer } = await openPipe(t);
    const copy = reader.dup();
    expectEqual(copy.readable, true, "readable flag of the duplicate");
    expectEqual(copy.writable, false, "writable flag of the duplicate");
    expectEqual(writer.tryWrite(new Uint8Array([1, 2, 3, 4])), 4, "tryWrite of 4 bytes");
    const out = new Uint8Array(2);
    expectEqual(reader.tryRead(out), 2, "tryRead of 2 bytes through the original");
    expectBytes(out, new Uint8Array([1, 2]), "the first 2 bytes");
    reader.close();
    expectEqual(copy.tryRead(out), 2, "tryRead of 2 bytes through the duplicate after the original closed");
    expectBytes(out, new Uint8Array([3, 4]), "the last 2 bytes");
    expectEqual(writer.tryWrite(new Uint8Array([5])), 1, "tryWrite with only the duplicate reading");
  });

  test("PIPE-LIFE-1", "closing a duplicate leaves the original working, and a duplicate of a duplicate works too", async (t) => {
    const { reader, writer } = await openPipe(t);
    const readCopy = reader.dup();
    const writeCopy = writer.dup();
    const writeCopyCopy = writeCopy.dup();
    readCopy.close();
    writeCopy.close();
    expectEqual(reader.closed, false, "closed flag of the original read end after its duplicate closed");
    expectEqual(writer.tryWrite(new Uint8Array([1])), 1, "tryWrite through the original after its duplicate closed");
    expectEqual(writeCopyCopy.tryWrite(new Uint8Array([2])), 1, "tryWrite through a duplicate of the closed duplicate");
    const out = new Uint8Array(4);
    expectEqual(reader.tryRead(out), 2, "tryRead through the original after its duplicate closed");
    expectBytes(out.subarray(0, 2), new Uint8Array([1, 2]), "the bytes written");
  });

  test(
    "PIPE-LIFE-2",
    "exit closes every end the process holds, duplicates included",
    async (t) => {
      const { proc, reader, writer } = await openPipe(t);
      const copy = reader.dup();
      proc.exit();
      expectEqual(proc.alive, false, "alive flag after exit");
      expectEqual(reader.closed, true, "closed flag of the read end after exit");
      expectEqual(writer.closed, true, "closed flag of the write end after exit");
      expectEqual(copy.closed, true, "closed flag of the read end's duplicate after exit");
      expectThrowsCode(() => reader.tryRead(new Uint8Array(1)), "EBADF", "tryRead on an end of the exited process");
      expectThrowsCode(() => writer.tryWrite(new Uint8Array(1)), "EBADF", "tryWrite on an end of the exited process");
    },
    { requires: EXIT },
  );

  test(
    "PIPE-LIFE-2",
    "when a child holding the last other write end exits, a read waiting in the parent sees end of file",
    async (t) => {
      const { proc, reader, writer } = await openPipe(t);
      const child = proc.fork();
      writer.close();
      const r = track(reader.read(new Uint8Array(4)));
      await expectPending(r, "a read in the parent while the child holds a write end");
      child.exit();
      await expectResolvesNow(r, 0, "the parent's pending read once the child exited");
    },
    { requires: FORK_EXIT },
  );

  test(
    "PIPE-LIFE-2",
    "when a child holding the last read end exits, a write waiting in the parent fails with EPIPE",
    async (t) => {
      const { proc, reader, writer } = await openPipe(t);
      ignoreSigpipe(t, proc);
      fill(writer);
      const child = proc.fork();
      reader.close();
      const w = track(writer.write(new Uint8Array([1])));
      await expectPending(w, "a write into a full pipe while the child holds a read end");
      child.exit();
      await expectRejectsNow(w, "EPIPE", "the parent's pending write once the child exited");
      expectThrowsCode(() => writer.tryWrite(new Uint8Array([1])), "EPIPE", "tryWrite in the parent after the child exited");
    },
    { requires: FORK_EXIT },
  );

  test(
    "PIPE-LIFE-2",
    "a child's exit closes only its own copies, leaving the parent's ends working",
    async (t) => {
      const { proc, reader, writer } = await openPipe(t);
      const child = proc.fork();
      child.exit();
      expectEqual(child.alive, false, "alive flag of the exited child");
      expectEqual(reader.closed, false, "closed flag of the parent's read end");
      expectEqual(writer.closed, false, "closed flag of the parent's write end");
      expectEqual(writer.tryWrite(new Uint8Array([7])), 1, "tryWrite in the parent after the child exited");
      const out = new Uint8Array(4);
      expectEqual(reader.tryRead(out), 1, "tryRead in the parent after the child exited");
      expectEqual(out[0], 7, "the byte read");
      expectPipeEmpty(reader, "tryRead with the parent's write end still open");
    },
    { requires: FORK_EXIT },
  );

  test(
    "PIPE-LIFE-3",
    "the child's copy of the write end keeps the pipe open after the parent closes its own, until the child exits",
    async (t) => {
      const { proc, reader, writer } = await openPipe(t);
      const child = proc.fork();
      expectTrue(child.pid !== proc.pid, "the child's pid", "a pid different from the parent's", `the same pid ${proc.pid}`);
      expectEqual(child.alive, true, "alive flag of the new child");
      writer.close();
      expectThrowsCode(() => reader.tryRead(new Uint8Array(4)), "EAGAIN", "tryRead in the parent while the child's write end is open");
      child.exit();
      expectEqual(reader.tryRead(new Uint8Array(4)), 0, "tryRead once the child exited");
    },
    { requires: FORK_EXIT },
  );

  test(
    "PIPE-LIFE-3",
    "the child's copy of the read end keeps writes from failing with EPIPE after the parent closes its own",
    async (t) => {
      const { proc, reader, writer } = await openPipe(t);
      const child = proc.fork();
      reader.close();
      expectEqual(writer.tryWrite(new Uint8Array([1, 2])), 2, "tryWrite in the parent while the child's read end is open");
      await expectResolvesNow(() => writer.write(new Uint8Array([3])), 1, "a write in the parent while the child's read end is open");
      expectEqual(child.alive, true, "alive flag of the child");
    },
    { requires: FORK },
  );

  test(
    "PIPE-LIFE-3",
    "fork copies every open end, duplicates included, but not ends already closed",
    async (t) => {
      const { proc, reader, writer } = await openPipe(t);
      const copy = writer.dup();
      writer.close();
      const [otherReader, otherWriter] = proc.pipe();
      otherWriter.close();
      const child = proc.fork();
      copy.close();
      expectThrowsCode(() => reader.tryRead(new Uint8Array(4)), "EAGAIN", "tryRead while the child holds its copy of the duplicate");
      expectEqual(otherReader.tryRead(new Uint8Array(4)), 0, "tryRead on a pipe whose write end was closed before fork");
      child.exit();
      expectEqual(reader.tryRead(new Uint8Array(4)), 0, "tryRead once the child exited");
    },
    { requires: FORK_EXIT },
  );

  test("PIPE-LIFE-4", "closing a read end rejects its own pending read with EBADF and leaves a duplicate's pending", async (t) => {
    const { reader, writer } = await openPipe(t);
    const copy = reader.dup();
    const own = track(reader.read(new Uint8Array(4)));
    const other = track(copy.read(new Uint8Array(4)));
    await expectPending(own, "a read on the original read end");
    await expectPending(other, "a read on the duplicate read end");
    reader.close();
    await expectRejectsNow(own, "EBADF", "the pending read of the closed end");
    await expectPending(other, "the duplicate's pending read after the original closed");
    expectEqual(writer.tryWrite(new Uint8Array([5])), 1, "tryWrite of 1 byte");
    await expectResolvesNow(other, 1, "the duplicate's pending read once a byte arrived");
  });

  test("PIPE-LIFE-4", "closing a write end rejects its own pending write with EBADF and leaves a duplicate's pending", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer);
    const copy = writer.dup();
    const own = track(writer.write(pattern(100, 1)));
    const other = track(copy.write(pattern(100, 2)));
    await expectPending(own, "a write into a full pipe through the original write end");
    await expectPending(other, "a write into a full pipe through the duplicate");
    writer.close();
    await expectRejectsNow(own, "EBADF", "the pending write of the closed end");
    await expectPending(other, "the duplicate's pending write after the original closed");
    const head = takeBuffered(reader, 100, "reading 100 bytes to make room");
    await expectResolvesNow(other, 100, "the duplicate's pending write once room was made");
    const rest = takeBuffered(reader, CAPACITY, "reading the rest");
    expectBytes(concat(head, rest), concat(filler, pattern(100, 2)), "the filler, then only the duplicate's write");
    expectPipeEmpty(reader, "tryRead after everything (the duplicate's end is still open)");
  });

  test("PIPE-LIFE-4", "closing the last write end rejects its own pending write with EBADF, and its bytes never land", async (t) => {
    const { reader, writer } = await openPipe(t);
    const filler = fill(writer);
    const own = track(writer.write(pattern(100, 1)));
    await expectPending(own, "a write into a full pipe");
    writer.close();
    await expectRejectsNow(own, "EBADF", "the pending write of the closed end");
    expectBytes(takeBuffered(reader, CAPACITY, "reading the full pipe"), filler, "the filler");
    await drain();
    expectEqual(reader.tryRead(new Uint8Array(200)), 0, "tryRead after the filler: end of file, with no byte of the rejected write");
  });
}
