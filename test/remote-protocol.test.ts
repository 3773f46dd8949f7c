// The implementation protocol piece by piece: the codec (round trips, and
// every malformed input a protocol error, never a crash or a hang), the ring
// link, the engine's semantics over an in-thread link and over a real worker
// (synchronous forms, identities, bytes, aborts, callbacks with nested calls,
// notifications, shared memory, settling, teardown), and the faults of a
// server in a worker or a process (a module that does not load, errors
// raised outside calls, a killed or stuck server, garbage on the wire).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processExecutor, workerExecutor } from "../cli/remote/executor.ts";
import { startProcessServer, startWorkerServer } from "../cli/remote/worker.ts";
import { orchestrate } from "../conformance/orchestrator.ts";
import { resolveRunOptions } from "../conformance/runner.ts";
import { allTests } from "../conformance/suite.ts";
import type { RemoteServer } from "../cli/remote/worker.ts";
import type { Adapter } from "../conformance/adapter.ts";
import { drain, track } from "../conformance/assert.ts";
import {
  ByteReader,
  ByteWriter,
  FRAME,
  PROTOCOL_VERSION,
  ProtocolError,
  RingLink,
  TAG,
  changedRanges,
  connectRemote,
  createRings,
  decodeValue,
  encodeValue,
  linkPair,
  serveAdapter,
  swapRings,
} from "../conformance/remote/index.ts";
import type { RemoteAdapter } from "../conformance/remote/index.ts";
import { referenceAdapter } from "../reference/adapter.ts";
import { IpcError } from "../spec/errors.ts";
import { SIGUSR1 } from "../spec/signal.ts";
import type { IpcProcess, IpcSystem } from "../spec/system.ts";

function roundTrip(value: unknown): unknown {
  const writer = new ByteWriter();
  encodeValue(writer, value);
  const reader = new ByteReader(writer.finish().slice());
  const back = decodeValue(reader);
  reader.end();
  return back;
}

/** What decoding `bytes` does: a value, or the name of the error it throws. */
function decodeOutcome(bytes: Uint8Array): "value" | string {
  try {
    const reader = new ByteReader(bytes);
    decodeValue(reader);
    reader.end();
    return "value";
  } catch (error) {
    return error instanceof Error ? error.name : typeof error;
  }
}

describe("the value codec", () => {
  it("gives back what it was given, for any plain value", () => {
    const values = fc.anything({
      withBigInt: true,
      withDate: true,
      withTypedArray: true,
      withBoxedValues: true,
      withNullPrototype: true,
      withSparseArray: false,
      withMap: false,
      withSet: false,
      withObjectString: false,
      withUnicodeString: true,
    });
    fc.assert(
      fc.property(values, (value) => {
        expect(roundTrip(value)).toStrictEqual(value);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it("keeps -0, NaN, bigints, byte containers by kind, and frozen objects frozen", () => {
    const back = roundTrip({ zero: -0, nan: Number.NaN, big: -(2n ** 70n), words: new Uint16Array([1, 65535]), view: new DataView(new ArrayBuffer(3)), frozen: Object.freeze([1]) }) as Record<string, unknown>;
    expect(Object.is(back["zero"], -0)).toBe(true);
    expect(back["nan"]).toBeNaN();
    expect(back["big"]).toBe(-(2n ** 70n));
    expect(back["words"]).toBeInstanceOf(Uint16Array);
    expect(back["view"]).toBeInstanceOf(DataView);
    expect(Object.isFrozen(back["frozen"])).toBe(true);
  });

  it("carries an IpcError as data: code, errno, syscall, path and message", () => {
    const error = new IpcError("ENOENT", "open", { path: "/tmp/none", detail: "no such FIFO" });
    const back = roundTrip(error) as IpcError;
    expect(IpcError.is(back, "ENOENT")).toBe(true);
    expect(back).toBeInstanceOf(IpcError);
    expect([back.errno, back.syscall, back.path, back.message]).toEqual([error.errno, "open", "/tmp/none", error.message]);
    const typeError = roundTrip(new TypeError("bad")) as Error;
    expect(typeError).toBeInstanceOf(TypeError);
    expect(typeError.message).toBe("bad");
  });

  it("never lets a key named __proto__ change a prototype", () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}') as object;
    const back = roundTrip(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("refuses to send what cannot cross without a peer, or is cyclic", () => {
    expect(() => encodeValue(new ByteWriter(), () => 1)).toThrow(TypeError);
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => encodeValue(new ByteWriter(), cyclic)).toThrow(/nested deeper/);
  });

  it("reads every truncation of a frame as a protocol error", () => {
    const writer = new ByteWriter();
    encodeValue(writer, { text: "héllo", list: [1, 2.5, 3n, null, true], bytes: new Uint8Array([1, 2, 3]), error: new IpcError("EPIPE", "write") });
    const frame = writer.finish().slice();
    const outcomes = new Set<string>();
    for (let length = 0; length < frame.length; length++) outcomes.add(decodeOutcome(frame.subarray(0, length)));
    expect([...outcomes]).toEqual(["ProtocolError"]);
    expect(decodeOutcome(frame)).toBe("value");
    expect(decodeOutcome(new Uint8Array([...frame, 0]))).toBe("ProtocolError");
  });

  it("reads any bytes as a value or a protocol error, nothing else", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(["value", "ProtocolError"]).toContain(decodeOutcome(bytes));
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it("refuses values nested too deeply, counts larger than the frame, bad UTF-8 and unknown tags", () => {
    expect(decodeOutcome(new Uint8Array(200).fill(TAG.ARRAY).map((v, i) => (i % 6 === 0 ? TAG.ARRAY : i % 6 === 1 ? 0 : i % 6 === 2 ? 1 : 0)))).toBe("ProtocolError");
    const huge = new ByteWriter();
    huge.u8(TAG.ARRAY);
    huge.u8(0);
    huge.u32(0xffffffff);
    expect(decodeOutcome(huge.finish().slice())).toBe("ProtocolError");
    const badText = new ByteWriter();
    badText.u8(TAG.STRING);
    badText.u32(2);
    badText.raw(new Uint8Array([0xc3, 0x28]));
    expect(decodeOutcome(badText.finish().slice())).toBe("ProtocolError");
    expect(decodeOutcome(new Uint8Array([TAG.EXPORT, 0, 0, 0, 1]))).toBe("ProtocolError");
  });

  it("finds the changed ranges a word at a time, tail bytes included", () => {
    const before = new Uint8Array(37);
    const after = before.slice();
    after[0] = 1;
    after[36] = 2;
    expect(changedRanges(after, before, 37)).toEqual([0, 4, 36, 37]);
    expect(changedRanges(before, before.slice(), 37)).toEqual([]);
  });
});

describe("the ring link", () => {
  it("carries frames in order across the ring's end many times over", () => {
    const rings = createRings(64);
    const a = new RingLink(rings);
    const b = new RingLink(swapRings(rings));
    for (let i = 0; i < 100; i++) {
      const frame = new Uint8Array(1 + (i % 40)).fill(i);
      a.send(frame);
      expect(b.receive()).toEqual(frame);
    }
    expect(b.receive()).toBeUndefined();
  });

  it("refuses a frame over the size limit as a protocol error and closes", () => {
    const rings = createRings(1024);
    const a = new RingLink(rings);
    const b = new RingLink(swapRings(rings), { maxFrameBytes: 100 });
    a.send(new Uint8Array(200));
    expect(() => b.receive()).toThrow(/oversized frame/);
    expect(a.closed).toBeDefined();
    expect(() => a.send(new Uint8Array(1))).toThrow(ProtocolError);
  });

  it("returns from a wait at once once closed", () => {
    const rings = createRings(64);
    const a = new RingLink(rings);
    new RingLink(swapRings(rings)).close("gone");
    const started = performance.now();
    a.wait(5000);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(a.closed).toBeDefined();
  });
});

/** A connection to the reference over an in-thread link, or through a worker-thread server. */
type Connect = () => Promise<{ adapter: RemoteAdapter; close(): Promise<void> }>;

const CONNECTIONS: [string, Connect][] = [
  [
    "an in-thread link",
    async () => {
      const [clientEnd, serverEnd] = linkPair();
      serveAdapter(referenceAdapter, serverEnd, { keepAlive: false });
      const adapter = await connectRemote(clientEnd);
      return { adapter, close: async () => adapter.close() };
    },
  ],
  [
    "a worker-thread server",
    async () => {
      const server = await startWorkerServer(new URL("../reference/adapter.ts", import.meta.url).href);
      return { adapter: server.adapter, close: () => server.close() };
    },
  ],
];

describe.each(CONNECTIONS)("the reference through %s", (_, connect) => {
  let connection: Awaited<ReturnType<Connect>>;
  let system: IpcSystem;
  let proc: IpcProcess;

  beforeAll(async () => {
    connection = await connect();
  }, 60_000);
  afterAll(async () => connection.close());

  const fresh = async (): Promise<IpcProcess> => {
    system = await connection.adapter.createSystem();
    proc = system.spawn();
    return proc;
  };

  it("keeps synchronous forms synchronous, and errors as IpcError data", async () => {
    const p = await fresh();
    expect(typeof p.pid).toBe("number");
    expect(p.alive).toBe(true);
    const ends = p.pipe();
    expect(Array.isArray(ends)).toBe(true);
    const [reader, writer] = ends;
    expect(writer.tryWrite(new Uint8Array([1, 2, 3]))).toBe(3);
    const buffer = new Uint8Array(8);
    expect(reader.tryRead(buffer)).toBe(3);
    expect([...buffer.subarray(0, 3)]).toEqual([1, 2, 3]);
    let thrown: unknown;
    try {
      reader.tryRead(buffer);
    } catch (error) {
      thrown = error;
    }
    expect(IpcError.is(thrown, "EAGAIN")).toBe(true);
    expect((thrown as IpcError).syscall).toBe("read");
    let missing: unknown;
    try {
      p.tryOpenFifo!("/no/such/fifo", { access: "read" });
    } catch (error) {
      missing = error;
    }
    expect(IpcError.is(missing, "ENOENT")).toBe(true);
    expect((missing as IpcError).path).toBe("/no/such/fifo");
    expect(reader.closed).toBe(false);
    reader.close();
    expect(reader.closed).toBe(true);
  });

  it("gives the same object for the same remote object, and the caller's own functions back as themselves", async () => {
    const p = await fresh();
    const handler = (): void => undefined;
    p.sigaction!(SIGUSR1, { handler });
    expect(p.sigaction!(SIGUSR1).handler).toBe(handler);
    const memory = p.shmOpen!("/identity", { access: "readwrite", create: true });
    memory.truncate(64);
    const mapping = memory.map({ access: "readwrite" });
    expect(mapping.view).toBe(mapping.view);
    expect(mapping.view).toBeInstanceOf(Uint8Array);
  });

  it("fills the caller's buffer on a read that completes later, and leaves a pending write's data alone", async () => {
    const p = await fresh();
    const [reader, writer] = p.pipe();
    const buffer = new Uint8Array(4);
    const read = track(reader.read(buffer));
    await drain();
    expect(read.state).toBe("pending");
    writer.tryWrite(new Uint8Array([9, 8, 7]));
    expect(await read.promise).toBe(3);
    expect([...buffer]).toEqual([9, 8, 7, 0]);
    const big = new Uint8Array(70_000).fill(5);
    const write = track(writer.write(big));
    await drain();
    expect(write.state).toBe("pending");
    big.fill(6);
    const sink = new Uint8Array(70_000);
    let got = 0;
    while (got < 70_000) {
      got += await reader.read(sink.subarray(got));
    }
    expect(await write.promise).toBe(70_000);
    expect(sink.every((byte) => byte === 5)).toBe(true);
    expect(big.every((byte) => byte === 6)).toBe(true);
  });

  it("aborts a pending call: rejected ECANCELED with the signal's reason as its cause by the time abort returns", async () => {
    const p = await fresh();
    const [reader] = p.pipe();
    const controller = new AbortController();
    const read = track(reader.read(new Uint8Array(4), { signal: controller.signal }));
    await drain();
    expect(read.state).toBe("pending");
    const reason = new Error("stop");
    controller.abort(reason);
    await Promise.resolve();
    await Promise.resolve();
    expect(read.state).toBe("rejected");
    expect(IpcError.is(read.reason, "ECANCELED")).toBe(true);
    expect((read.reason as Error).cause).toBe(reason);
  });

  it("runs a signal handler during kill, and the calls it makes, before kill returns", async () => {
    const p = await fresh();
    const [reader, writer] = p.pipe();
    const order: string[] = [];
    p.sigaction!(SIGUSR1, {
      handler: (info) => {
        order.push(`handler ${info.signal}`);
        order.push(`wrote ${writer.tryWrite(new Uint8Array([42]))}`);
      },
    });
    p.kill!(p.pid, SIGUSR1);
    order.push("kill returned");
    expect(order).toEqual([`handler ${SIGUSR1}`, "wrote 1", "kill returned"]);
    const buffer = new Uint8Array(1);
    expect(reader.tryRead(buffer)).toBe(1);
    expect(buffer[0]).toBe(42);
  });

  it("runs a queue's notification after the send that causes it returns, never inside it", async () => {
    const p = await fresh();
    const queue = p.mqOpen!("/notify", { access: "readwrite", create: true });
    let calls = 0;
    let argumentsSeen = -1;
    queue.notify(function (this: unknown, ...args: unknown[]) {
      calls += 1;
      argumentsSeen = args.length;
    });
    queue.trySend(new Uint8Array([1]), 0);
    expect(calls).toBe(0);
    await drain();
    expect(calls).toBe(1);
    expect(argumentsSeen).toBe(0);
  });

  it("shares memory: stores through a view are seen by the implementation, and its stores by the view", async () => {
    const p = await fresh();
    const memory = p.shmOpen!("/shared", { access: "readwrite", create: true });
    memory.truncate(4096);
    const a = memory.map({ access: "readwrite" });
    const b = memory.map({ access: "readwrite", offset: 0, length: 4096 });
    a.view![100] = 7;
    expect(b.read(100, 1)[0]).toBe(7);
    b.write(200, new Uint8Array([1, 2, 3]));
    expect([...a.view!.subarray(200, 203)]).toEqual([1, 2, 3]);
    Atomics.add(new Int32Array(a.view!.buffer, a.view!.byteOffset, 1), 0, 5);
    expect(Atomics.load(new Int32Array(b.view!.buffer, b.view!.byteOffset, 1), 0)).toBe(5);
    memory.truncate(8192);
    expect(a.view!.length).toBe(4096);
    const c = memory.map({ access: "readwrite" });
    c.view![8000] = 3;
    expect(memory.map({ access: "read" }).read(8000, 1)[0]).toBe(3);
  });

  it("settles, and releases a system's handles at teardown", async () => {
    const p = await fresh();
    const [, writer] = p.pipe();
    await system.settle!();
    await system.teardown!();
    expect(() => writer.tryWrite(new Uint8Array(1))).toThrow(/released/);
    expect(() => system.spawn()).toThrow(/released/);
  });
});

// ---------------------------------------------------------------------------
// Faults, with small adapter modules written for the purpose
// ---------------------------------------------------------------------------

const modules = mkdtempSync(join(tmpdir(), "ipckit-remote-"));
const moduleUrl = (name: string, source: string): string => {
  const path = join(modules, name);
  writeFileSync(path, source);
  return pathToFileURL(path).href;
};

const FAULTS = moduleUrl(
  "faults.mjs",
  `import process from "node:process";
import { writeSync } from "node:fs";
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
class FaultyProcess {
  pid = 1;
  later() { return new Promise((resolve) => setTimeout(() => setTimeout(() => resolve("late"), 0), 0)); }
  leak() { setTimeout(() => { Promise.reject(new Error("leaked rejection")); }, 0); return true; }
  pending() { return new Promise(() => {}); }
  spin() { for (;;) {} }
  die() { process.kill(process.pid, "SIGKILL"); sleep(10000); }
  garbage() { writeSync(3, new Uint8Array([0xff, 0xff, 0xff, 0x7f])); sleep(10000); }
  shout() { console.log("noise on stdout"); process.stdout.write("more noise\\n"); console.error("noise on stderr"); return "quiet"; }
  big(data) { return data.length; }
  echo(data) { return data; }
}
class FaultySystem { spawn() { return new FaultyProcess(); } }
export default { name: "faults", supports: { pipe: true }, createSystem: () => new FaultySystem() };
`,
);

interface Faulty extends IpcProcess {
  later(): Promise<string>;
  leak(): boolean;
  pending(): Promise<never>;
  spin(): never;
  die(): never;
  garbage(): never;
  shout(): string;
  big(data: Uint8Array): number;
  echo(data: Uint8Array): Uint8Array;
}

/** Whether a process exists. */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function faulty(server: RemoteServer): Promise<Faulty> {
  return (await server.adapter.createSystem()).spawn() as Faulty;
}

describe("servers and their faults", () => {
  it("refuses a module that does not load, saying why, in a worker and in a process", async () => {
    const broken = moduleUrl("broken.mjs", `throw new Error("this module is broken");\n`);
    await expect(startWorkerServer(broken)).rejects.toThrow(/could not load the implementation: .*this module is broken/);
    await expect(startProcessServer(broken, { output: "ignore" })).rejects.toThrow(/could not load the implementation: .*this module is broken/);
    const empty = moduleUrl("empty.mjs", `export const nothing = 1;\n`);
    await expect(startWorkerServer(empty)).rejects.toThrow(ProtocolError);
  }, 60_000);

  it("lets work queued by timers finish before settle() resolves", async () => {
    const server = await startWorkerServer(FAULTS);
    try {
      const system = await server.adapter.createSystem();
      const p = system.spawn() as Faulty;
      const later = track(p.later());
      for (let i = 0; i < 5; i++) await Promise.resolve();
      expect(later.state).toBe("pending");
      await system.settle!();
      expect(later.state).toBe("fulfilled");
      expect(later.value).toBe("late");
    } finally {
      await server.close();
    }
  }, 60_000);

  it("raises in the client an error the implementation raised outside any call", async () => {
    const faults: unknown[] = [];
    const server = await startWorkerServer(FAULTS, { onFault: (error, kind) => faults.push([kind, (error as Error).message]) });
    try {
      const p = await faulty(server);
      expect(p.leak()).toBe(true);
      await expect.poll(() => faults, { timeout: 5000 }).toEqual([["rejection", "leaked rejection"]]);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("carries frames far larger than its rings, both ways", async () => {
    const server = await startWorkerServer(FAULTS, { ringBytes: 1 << 16 });
    try {
      const p = await faulty(server);
      const data = new Uint8Array(3 << 20).map((_, i) => i & 0xff);
      expect(p.big(data)).toBe(3 << 20);
      const back = p.echo(data);
      expect(back.length).toBe(data.length);
      expect(back[12345]).toBe(12345 & 0xff);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("fails the calls pending on a server process that is killed, and every later call, without hanging", async () => {
    const server = await startProcessServer(FAULTS, { output: "ignore" });
    const p = await faulty(server);
    const pending = p.pending();
    process.kill(server.pid!, "SIGKILL");
    await expect(pending).rejects.toThrow(/killed by SIGKILL/);
    expect(() => p.shout()).toThrow(ProtocolError);
    expect(await server.ended).toMatch(/SIGKILL/);
    await server.close();
  }, 60_000);

  it("fails a call blocked on a server process that dies in it", async () => {
    const server = await startProcessServer(FAULTS, { output: "ignore" });
    const p = await faulty(server);
    expect(p.shout()).toBe("quiet");
    expect(() => p.die()).toThrow(/killed by SIGKILL/);
    await server.close();
  }, 60_000);

  it("ends the connection when the server process writes garbage on the protocol's descriptor", async () => {
    const server = await startProcessServer(FAULTS, { output: "ignore" });
    const p = await faulty(server);
    expect(() => p.garbage()).toThrow(/over the limit/);
    await server.close();
  }, 60_000);

  it("leaves no server process behind when the client's process is killed while a call is stuck in the server", async () => {
    const worker = new URL("../cli/remote/worker.ts", import.meta.url).href;
    const client = moduleUrl(
      "client.mts",
      `import { startProcessServer } from ${JSON.stringify(worker)};
const server = await startProcessServer(${JSON.stringify(FAULTS)}, { output: "ignore" });
const proc = (await server.adapter.createSystem()).spawn();
process.stdout.write(\`server \${server.pid}\\n\`);
proc.spin();
`,
    );
    const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    const child = spawn(process.execPath, ["--import", loader, new URL(client).pathname], { stdio: ["ignore", "pipe", "inherit"] });
    const serverPid = await new Promise<number>((resolve, reject) => {
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        const match = /server (\d+)/.exec(text);
        if (match !== null) resolve(Number(match[1]));
      });
      child.on("exit", () => reject(new Error(`the client ended early: ${text}`)));
    });
    expect(exists(serverPid), "the server process, while the client waits").toBe(true);
    child.kill("SIGKILL");
    await expect.poll(() => exists(serverPid), { timeout: 15_000, interval: 200 }).toBe(false);
  }, 60_000);

  it("gives up on a call the server never answers, when a call timeout is set", async () => {
    const server = await startProcessServer(FAULTS, { output: "ignore", callTimeoutMs: 500 });
    const p = await faulty(server);
    expect(() => p.spin()).toThrow(/no answer to a call within 500 ms/);
    await server.close();
    expect(await server.ended).toMatch(/SIGKILL/);
    expect(exists(server.pid!), "the stuck server process, after close").toBe(false);
  }, 60_000);
});

describe("the orchestrator's executors over the protocol", () => {
  const reference = new URL("../reference/adapter.ts", import.meta.url).href;

  it("run the selected tests through a worker-thread server", async () => {
    const statuses: string[] = [];
    for await (const event of orchestrate(workerExecutor(reference), { clauses: ["PIPE-EOF", "SIG-LIFE"], seed: 3 })) {
      if (event.type === "test") statuses.push(event.status);
      if (event.type === "end") expect(event.ok).toBe(true);
    }
    expect(statuses.length).toBeGreaterThan(20);
    expect(new Set(statuses)).toEqual(new Set(["PASS"]));
  }, 60_000);

  it("start a fresh server for the next test once the connection to a killed one broke", async () => {
    const executor = processExecutor(reference, { output: "ignore" });
    const options = resolveRunOptions({ seed: 1 });
    const [first, second] = allTests().filter((test) => test.clause === "PIPE-EOF-1");
    try {
      const loaded = await executor.load();
      expect(loaded.missing).toEqual([]);
      expect((await executor.run(first!, options)).status).toBe("PASS");
      const killed = executor.server!;
      process.kill(killed.pid!, "SIGKILL");
      await expect.poll(() => killed.adapter.broken?.message, { timeout: 10_000 }).toMatch(/SIGKILL/);
      expect((await executor.run(second!, options)).status).toBe("PASS");
      expect(executor.starts).toBe(2);
      expect(executor.server).not.toBe(killed);
    } finally {
      await executor.close();
    }
  }, 60_000);
});

describe("a peer that breaks the protocol", () => {
  /** A hand-made server: its hello, then whatever frames the test sends. */
  function fakeServer(version = PROTOCOL_VERSION, factory = true): { clientEnd: ReturnType<typeof linkPair>[0]; send(frame: Uint8Array): void } {
    const [clientEnd, serverEnd] = linkPair();
    const hello = new ByteWriter();
    hello.u8(FRAME.HELLO);
    hello.u16(version);
    hello.string("server");
    // [name, supports, createSystem], the factory as export 1 (a function).
    hello.u8(TAG.ARRAY);
    hello.u8(0);
    hello.u32(3);
    encodeValue(hello, "fake");
    encodeValue(hello, { pipe: true });
    if (factory) {
      hello.u8(TAG.EXPORT);
      hello.u32(1);
      hello.u32(0);
      hello.u8(0);
    } else {
      encodeValue(hello, undefined);
    }
    serverEnd.send(hello.finish());
    return { clientEnd, send: (frame) => serverEnd.send(frame) };
  }

  it("is refused when it speaks another protocol version", async () => {
    const { clientEnd } = fakeServer(PROTOCOL_VERSION + 1);
    await expect(connectRemote(clientEnd)).rejects.toThrow(/protocol version/);
  });

  it("is refused when its hello describes no adapter", async () => {
    const { clientEnd } = fakeServer(PROTOCOL_VERSION, false);
    await expect(connectRemote(clientEnd)).rejects.toThrow(/does not describe an adapter/);
  });

  it("breaks the connection with a protocol error on an unknown frame, and every call fails with it", async () => {
    const [clientEnd, serverEnd] = linkPair();
    serveAdapter(referenceAdapter as Adapter, serverEnd, { keepAlive: false });
    const adapter = await connectRemote(clientEnd);
    const system = await adapter.createSystem();
    const p = system.spawn();
    const [reader] = p.pipe();
    const pending = reader.read(new Uint8Array(1));
    serverEnd.send(new Uint8Array([250, 1, 2]));
    await expect(pending).rejects.toThrow(/unknown frame type 250/);
    expect(adapter.broken).toBeInstanceOf(ProtocolError);
    expect(() => p.pipe()).toThrow(/unknown frame type 250/);
  });

  it("ends a server that receives garbage, saying why, and its client learns it", async () => {
    const [clientEnd, serverEnd] = linkPair();
    const served = serveAdapter(referenceAdapter as Adapter, serverEnd, { keepAlive: false });
    const adapter = await connectRemote(clientEnd);
    const call = new ByteWriter();
    call.u8(FRAME.CALL);
    call.u32(7);
    call.u8(0);
    call.u32(4242);
    call.string("spawn");
    encodeValue(call, []);
    clientEnd.send(call.finish());
    expect(await served.closed).toMatch(/object 4242, which this end never exported/);
    await expect.poll(() => adapter.broken?.message).toMatch(/object 4242/);
  });

  it("breaks the connection on a truncated frame, and on a reference to an object never sent", async () => {
    const truncated = fakeServer();
    const adapter = await connectRemote(truncated.clientEnd);
    expect(adapter.name).toBe("fake");
    const frame = new ByteWriter();
    frame.u8(FRAME.SETTLE);
    frame.u8(1);
    truncated.send(frame.finish());
    await expect.poll(() => adapter.broken?.message).toMatch(/truncated frame/);
    const unknown = fakeServer();
    const other = await connectRemote(unknown.clientEnd);
    const fire = new ByteWriter();
    fire.u8(FRAME.SETTLE);
    fire.u32(99);
    fire.u8(1);
    encodeValue(fire, 1);
    fire.u32(0);
    unknown.send(fire.finish());
    await expect.poll(() => other.broken?.message).toMatch(/promise 99, which is not pending/);
  });
});
