/**
 * The standard workloads, written against the spec API through an adapter,
 * with fixed sizes and depths. Each prepares a fresh system, and checks at
 * the end that every byte and message arrived (which also keeps a JIT from
 * dropping work nobody reads). Synchronous workloads use the try forms, the
 * fast path that allocates no promise; the round trips and hand-offs use the
 * blocking forms, since waking a waiter is what they measure.
 *
 * @module
 */

import { IPC_PRIVATE } from "../../spec/msg.ts";
import type { PipeEnd } from "../../spec/pipe.ts";
import type { SignalInfo } from "../../spec/signal.ts";
import { SIGRTMIN, SIGUSR1 } from "../../spec/signal.ts";
import type { InetAddress, Socket } from "../../spec/socket.ts";
import type { IpcProcess } from "../../spec/system.ts";
import type { Adapter } from "../adapter.ts";
import type { BenchCase, BenchMechanism, Workload } from "./types.ts";
import { BENCH_MECHANISMS } from "./types.ts";

/**
 * A size in bytes as workload IDs and titles write it: `64B`, `4KiB`, `64KiB`.
 *
 * @param bytes - the size
 * @returns the label
 *
 * @example
 * ```ts
 * import { sizeLabel } from "ipckit/conformance";
 * console.assert(sizeLabel(65536) === "64KiB" && sizeLabel(64) === "64B");
 * ```
 */
export function sizeLabel(bytes: number): string {
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024}KiB`;
  return `${bytes}B`;
}

/**
 * The priorities the queue workloads send with, in turn: a fixed mix over
 * 0..31 (a linear congruential sequence), the same in every run.
 *
 * @example
 * ```ts
 * import { MIXED_PRIORITIES } from "ipckit/conformance";
 * console.assert(MIXED_PRIORITIES.length === 64 && MIXED_PRIORITIES.every((p) => p >= 0 && p < 32));
 * ```
 */
export const MIXED_PRIORITIES: readonly number[] = Object.freeze(
  Array.from({ length: 64 }, (_, i) => ((i * 1103515245 + 12345) >>> 16) & 31),
);

/** The bytes a stream workload lets pile up before the reader drains them: a default pipe's capacity. */
const STREAM_WINDOW = 65536;

function fail(message: string): never {
  throw new Error(`ipckit bench: ${message}`);
}

async function spawn(adapter: Adapter): Promise<IpcProcess> {
  return (await adapter.createSystem()).spawn();
}

function need<T>(method: T | undefined, name: string): T {
  if (method === undefined) fail(`the implementation's process has no ${name} method`);
  return method;
}

/**
 * The streaming case of a pipe or FIFO: writes of `size` bytes, with the
 * reader draining everything each time a pipe's worth (64 KiB) has piled up,
 * as a consumer that reads what is there would. The peers' `streamCase` runs
 * the same loop; this one calls `tryWrite` and `tryRead` directly, so the
 * peers never share (and slow down) its call sites.
 */
function pipeStreamCase(size: number, reader: PipeEnd, writer: PipeEnd): BenchCase {
  const chunk = new Uint8Array(size).fill(0x5a);
  const sink = new Uint8Array(STREAM_WINDOW);
  let buffered = 0;
  let written = 0;
  let read = 0;
  const drain = (): void => {
    while (buffered > 0) {
      const count = reader.tryRead(sink);
      if (!(count > 0)) fail(`a read returned ${count} while ${buffered} bytes were buffered`);
      buffered -= count;
      read += count;
    }
  };
  return {
    async: false,
    run(ops: number): void {
      for (let i = 0; i < ops; i++) {
        if (buffered + size > STREAM_WINDOW) drain();
        let offset = 0;
        for (;;) {
          const count = writer.tryWrite(offset === 0 ? chunk : chunk.subarray(offset));
          if (!(count >= 0)) fail(`a write returned ${count}`);
          if (count === 0 && buffered === 0) fail("a write into an empty pipe took nothing");
          buffered += count;
          written += count;
          offset += count;
          if (offset >= size) break;
          drain();
        }
      }
    },
    verify(): void {
      drain();
      if (read !== written || buffered !== 0) fail(`${written} bytes written but ${read} read`);
    },
  };
}

/**
 * A ping-pong case over two byte channels: one side writes `size` bytes, the
 * other reads them and writes them back, and the first reads them again.
 * Both sides use the blocking forms, so each round trip wakes two waiters.
 */
function pingPongCase(size: number, forth: readonly [PipeEnd, PipeEnd], back: readonly [PipeEnd, PipeEnd]): BenchCase {
  const [forthReader, forthWriter] = forth;
  const [backReader, backWriter] = back;
  const message = new Uint8Array(size).fill(7);
  const echoBuffer = new Uint8Array(size);
  const replyBuffer = new Uint8Array(size);
  let trips = 0;
  let bytes = 0;
  const echo = async (ops: number): Promise<void> => {
    for (let i = 0; i < ops; i++) {
      let got = 0;
      while (got < size) {
        const count = await forthReader.read(echoBuffer.subarray(got));
        if (count === 0) fail("the echo side read end of file");
        got += count;
      }
      await backWriter.write(echoBuffer);
    }
  };
  return {
    async: true,
    async run(ops: number): Promise<void> {
      const echoing = echo(ops);
      for (let i = 0; i < ops; i++) {
        await forthWriter.write(message);
        let got = 0;
        while (got < size) {
          const count = await backReader.read(replyBuffer.subarray(got));
          if (count === 0) fail("the ping side read end of file");
          got += count;
        }
        bytes += got;
        trips += 1;
      }
      await echoing;
    },
    verify(): void {
      if (bytes !== trips * size || replyBuffer[size - 1] !== 7) fail(`${trips} round trips brought back ${bytes} bytes`);
    },
  };
}

function streamWorkload(mechanism: "pipe" | "fifo", size: number, quick: boolean): Workload {
  return {
    id: `${mechanism}.stream.${sizeLabel(size)}`,
    mechanism,
    title: `stream, ${sizeLabel(size)} writes`,
    unit: "write",
    bytesPerOp: size,
    params: { size },
    quick,
    requires: [mechanism],
    async prepare(adapter) {
      const proc = await spawn(adapter);
      const [reader, writer] = mechanism === "pipe" ? proc.pipe() : await openFifo(proc, "/ipckit-bench-stream");
      return pipeStreamCase(size, reader, writer);
    },
  };
}

async function openFifo(proc: IpcProcess, path: string): Promise<readonly [PipeEnd, PipeEnd]> {
  need(proc.mkfifo, "mkfifo").call(proc, path, 0o600);
  const open = need(proc.tryOpenFifo, "tryOpenFifo");
  // A read end opens at once; then a write end finds its reader.
  const reader = open.call(proc, path, { access: "read" });
  const writer = open.call(proc, path, { access: "write" });
  return [reader, writer];
}

function pingPongWorkload(mechanism: "pipe" | "fifo", quick: boolean): Workload {
  const size = 64;
  return {
    id: `${mechanism}.pingpong`,
    mechanism,
    title: `ping-pong, ${sizeLabel(size)} each way, over two ${mechanism === "pipe" ? "pipes" : "FIFOs"}`,
    unit: "round trip",
    params: { size },
    quick,
    requires: [mechanism],
    async prepare(adapter) {
      const proc = await spawn(adapter);
      if (mechanism === "pipe") return pingPongCase(size, proc.pipe(), proc.pipe());
      return pingPongCase(size, await openFifo(proc, "/ipckit-bench-ping"), await openFifo(proc, "/ipckit-bench-pong"));
    },
  };
}

function mqPairWorkload(size: number, depth: number, quick: boolean): Workload {
  return {
    id: `mq.pair.${sizeLabel(size)}.d${depth}`,
    mechanism: "mq",
    title: `trySend+tryReceive, ${sizeLabel(size)}, mixed priorities, ${depth} queued`,
    unit: "send+receive",
    bytesPerOp: size,
    params: { size, depth },
    quick,
    requires: ["mq"],
    async prepare(adapter) {
      const proc = await spawn(adapter);
      const queue = need(proc.mqOpen, "mqOpen").call(proc, "/ipckit-bench", {
        access: "readwrite",
        create: true,
        mode: 0o600,
        maxMessages: depth + 1,
        messageSize: size,
      });
      const data = new Uint8Array(size).fill(3);
      const buffer = new Uint8Array(size);
      for (let i = 0; i < depth; i++) queue.trySend(data, MIXED_PRIORITIES[i % MIXED_PRIORITIES.length]!);
      let pairs = 0;
      let bytes = 0;
      let next = 0;
      return {
        async: false,
        run(ops: number): void {
          for (let i = 0; i < ops; i++) {
            queue.trySend(data, MIXED_PRIORITIES[next]!);
            next = (next + 1) & 63;
            bytes += queue.tryReceive(buffer).length;
          }
          pairs += ops;
        },
        verify(): void {
          if (bytes !== pairs * size) fail(`${pairs} receives brought ${bytes} bytes`);
          const current = queue.getAttributes().currentMessages;
          if (current !== depth) fail(`the queue holds ${current} messages, not ${depth}`);
        },
        close: () => queue.close(),
      };
    },
  };
}

function mqBlockingWorkload(size: number): Workload {
  return {
    id: `mq.blocking.${sizeLabel(size)}`,
    mechanism: "mq",
    title: `send+receive (blocking forms, awaited), ${sizeLabel(size)}, mixed priorities`,
    unit: "send+receive",
    bytesPerOp: size,
    params: { size, depth: 0 },
    quick: false,
    requires: ["mq"],
    async prepare(adapter) {
      const proc = await spawn(adapter);
      const queue = need(proc.mqOpen, "mqOpen").call(proc, "/ipckit-bench", {
        access: "readwrite",
        create: true,
        mode: 0o600,
        maxMessages: 1,
        messageSize: size,
      });
      const data = new Uint8Array(size).fill(3);
      const buffer = new Uint8Array(size);
      let pairs = 0;
      let bytes = 0;
      return {
        async: true,
        async run(ops: number): Promise<void> {
          for (let i = 0; i < ops; i++) {
            await queue.send(data, MIXED_PRIORITIES[i & 63]!);
            bytes += (await queue.receive(buffer)).length;
          }
          pairs += ops;
        },
        verify(): void {
          if (bytes !== pairs * size) fail(`${pairs} receives brought ${bytes} bytes`);
        },
        close: () => queue.close(),
      };
    },
  };
}

function msgWorkload(kind: "typed" | "any", size: number, quick: boolean): Workload {
  const types = 8;
  const depth = 64;
  return {
    id: `msg.${kind}.${sizeLabel(size)}`,
    mechanism: "msg",
    title:
      kind === "typed"
        ? `tryMsgsnd+tryMsgrcv by type, ${sizeLabel(size)}, ${depth} queued over ${types} types`
        : `tryMsgsnd+tryMsgrcv of the first message, ${sizeLabel(size)}, ${depth} queued`,
    unit: "send+receive",
    bytesPerOp: size,
    params: { size, depth, types },
    quick,
    requires: ["msg"],
    async prepare(adapter) {
      const proc = await spawn(adapter);
      const msgget = need(proc.msgget, "msgget");
      const send = need(proc.tryMsgsnd, "tryMsgsnd");
      const receive = need(proc.tryMsgrcv, "tryMsgrcv");
      const id = msgget.call(proc, IPC_PRIVATE, { create: true, mode: 0o600 });
      const data = new Uint8Array(size).fill(9);
      const buffer = new Uint8Array(size);
      for (let i = 0; i < depth; i++) send.call(proc, id, 1 + (i % types), data);
      let pairs = 0;
      let bytes = 0;
      let next = 0;
      return {
        async: false,
        run(ops: number): void {
          for (let i = 0; i < ops; i++) {
            const type = 1 + next;
            next = next + 1 === types ? 0 : next + 1;
            proc.tryMsgsnd!(id, type, data);
            const received = proc.tryMsgrcv!(id, buffer, kind === "typed" ? type : 0);
            if (kind === "typed" && received.type !== type) fail(`asked for type ${type}, got ${received.type}`);
            bytes += received.length;
          }
          pairs += ops;
        },
        verify(): void {
          if (bytes !== pairs * size) fail(`${pairs} receives brought ${bytes} bytes`);
        },
        close: () => void need(proc.msgctl, "msgctl").call(proc, id, "remove"),
      };
    },
  };
}

function shmWorkload(direction: "read" | "write", size: number, quick: boolean): Workload {
  const objectSize = 1 << 20;
  return {
    id: `shm.${direction}.${sizeLabel(size)}`,
    mechanism: "shm",
    title: `${direction === "read" ? "Mapping.read" : "Mapping.write"} of ${sizeLabel(size)} over a 1 MiB object`,
    unit: direction,
    bytesPerOp: size,
    params: { size, objectSize },
    quick,
    requires: ["shm"],
    async prepare(adapter) {
      const proc = await spawn(adapter);
      const memory = need(proc.shmOpen, "shmOpen").call(proc, "/ipckit-bench", { access: "readwrite", create: true, mode: 0o600 });
      memory.truncate(objectSize);
      const mapping = memory.map({ access: "readwrite" });
      const data = new Uint8Array(size).fill(0x11);
      mapping.write(0, new Uint8Array(objectSize).fill(0x11));
      let offset = 0;
      let bytes = 0;
      let ops = 0;
      let checksum = 0;
      return {
        async: false,
        run(count: number): void {
          for (let i = 0; i < count; i++) {
            if (direction === "write") {
              mapping.write(offset, data);
              bytes += size;
            } else {
              const copy = mapping.read(offset, size);
              checksum += copy[size - 1]!;
              bytes += copy.length;
            }
            offset += size;
            if (offset + size > objectSize) offset = 0;
          }
          ops += count;
        },
        verify(): void {
          if (bytes !== ops * size) fail(`${ops} ${direction}s moved ${bytes} bytes`);
          if (direction === "read" && checksum !== ops * 0x11) fail("the bytes read are not the bytes stored");
          if (direction === "write" && mapping.read(objectSize - size, size)[size - 1] !== 0x11) fail("the bytes stored are not there");
        },
        close: () => {
          mapping.unmap();
          memory.close();
        },
      };
    },
  };
}

const semUncontended: Workload = {
  id: "sem.uncontended",
  mechanism: "sem",
  title: "semTryWait+semPost on a free semaphore",
  unit: "wait+post",
  params: {},
  quick: true,
  requires: ["sem"],
  async prepare(adapter) {
    const proc = await spawn(adapter);
    const sem = need(proc.semInit, "semInit").call(proc, 1);
    const tryWait = need(proc.semTryWait, "semTryWait");
    const post = need(proc.semPost, "semPost");
    let pairs = 0;
    return {
      async: false,
      run(ops: number): void {
        for (let i = 0; i < ops; i++) {
          tryWait.call(proc, sem);
          post.call(proc, sem);
        }
        pairs += ops;
      },
      verify(): void {
        const value = need(proc.semGetValue, "semGetValue").call(proc, sem);
        if (value !== 1 || pairs === 0) fail(`after ${pairs} wait+post pairs the value is ${value}, not 1`);
      },
    };
  },
};

const semHandoff: Workload = {
  id: "sem.handoff",
  mechanism: "sem",
  title: "semPost to a proc waiting in semWait, and back",
  unit: "round trip",
  params: {},
  quick: true,
  requires: ["sem"],
  async prepare(adapter) {
    const system = await adapter.createSystem();
    const a = system.spawn();
    const b = system.spawn();
    const ping = need(a.semInit, "semInit").call(a, 0);
    const pong = need(a.semInit, "semInit").call(a, 0);
    let trips = 0;
    return {
      async: true,
      async run(ops: number): Promise<void> {
        const echo = (async () => {
          for (let i = 0; i < ops; i++) {
            await b.semWait!(ping);
            b.semPost!(pong);
          }
        })();
        for (let i = 0; i < ops; i++) {
          a.semPost!(ping);
          await a.semWait!(pong);
          trips += 1;
        }
        await echo;
      },
      verify(): void {
        const values = [a.semGetValue!(ping), a.semGetValue!(pong)];
        if (values[0] !== 0 || values[1] !== 0 || trips === 0) fail(`after ${trips} round trips the values are ${values.join(", ")}`);
      },
    };
  },
};

const mutexUncontended: Workload = {
  id: "mutex.uncontended",
  mechanism: "mutex",
  title: "mutexTryLock+mutexUnlock on a free mutex",
  unit: "lock+unlock",
  params: {},
  quick: true,
  requires: ["mutex"],
  async prepare(adapter) {
    const proc = await spawn(adapter);
    const mutex = need(proc.mutexInit, "mutexInit").call(proc);
    const tryLock = need(proc.mutexTryLock, "mutexTryLock");
    const unlock = need(proc.mutexUnlock, "mutexUnlock");
    let pairs = 0;
    return {
      async: false,
      run(ops: number): void {
        for (let i = 0; i < ops; i++) {
          tryLock.call(proc, mutex);
          unlock.call(proc, mutex);
        }
        pairs += ops;
      },
      verify(): void {
        // Free again: another lock succeeds at once.
        tryLock.call(proc, mutex);
        unlock.call(proc, mutex);
        if (pairs === 0) fail("no lock was taken");
      },
    };
  },
};

const mutexHandoff: Workload = {
  id: "mutex.handoff",
  mechanism: "mutex",
  title: "two processes taking turns in mutexLock (each unlock hands the mutex over)",
  unit: "round trip",
  params: {},
  quick: true,
  requires: ["mutex"],
  async prepare(adapter) {
    const system = await adapter.createSystem();
    const a = system.spawn();
    const b = system.spawn();
    const mutex = need(a.mutexInit, "mutexInit").call(a);
    let locks = 0;
    const turns = async (proc: IpcProcess, ops: number): Promise<void> => {
      for (let i = 0; i < ops; i++) {
        await proc.mutexLock!(mutex);
        locks += 1;
        proc.mutexUnlock!(mutex);
      }
    };
    let trips = 0;
    return {
      async: true,
      async run(ops: number): Promise<void> {
        await Promise.all([turns(a, ops), turns(b, ops)]);
        trips += ops;
      },
      verify(): void {
        if (locks !== 2 * trips || trips === 0) fail(`${trips} round trips took ${locks} locks`);
        a.mutexTryLock!(mutex);
        a.mutexUnlock!(mutex);
      },
    };
  },
};

/**
 * Deliveries to a handler: the process sends `SIGUSR1` to itself with
 * `kill`, and its handler runs before `kill` returns (SIG-ATOM-2). Counted at
 * both ends: the kills sent and the handler's runs, which must be equal at
 * the end of every batch, so a delivery put off to a later moment fails.
 */
const signalHandler: Workload = {
  id: "signal.handler",
  mechanism: "signal",
  title: "kill of SIGUSR1 to itself, run by its handler before kill returns",
  unit: "delivery",
  params: {},
  quick: true,
  requires: ["signal"],
  async prepare(adapter) {
    const proc = await spawn(adapter);
    const kill = need(proc.kill, "kill");
    const pid = proc.pid;
    let delivered = 0;
    let last: SignalInfo | undefined;
    need(proc.sigaction, "sigaction").call(proc, SIGUSR1, {
      handler: (info) => {
        delivered += 1;
        last = info;
      },
    });
    let sent = 0;
    return {
      async: false,
      run(ops: number): void {
        for (let i = 0; i < ops; i++) kill.call(proc, pid, SIGUSR1);
        sent += ops;
        if (delivered !== sent) fail(`${sent} kills returned but the handler ran ${delivered} times`);
      },
      verify(): void {
        if (delivered !== sent || sent === 0) fail(`${sent} kills, ${delivered} deliveries`);
        if (last?.signal !== SIGUSR1 || last.code !== "user" || last.pid !== pid) fail(`the handler was given ${JSON.stringify(last)}`);
        const pending = need(proc.sigpending, "sigpending").call(proc);
        if (pending.length !== 0) fail(`signals ${pending.join(", ")} were left pending`);
      },
    };
  },
};

/**
 * A real-time signal as a queue of values: `SIGRTMIN` is blocked, so each
 * `sigqueue` leaves an instance pending, and `trySigwait` takes the oldest
 * (SIG-ORD-2). `depth` instances stay queued throughout, so each take must
 * bring back the value sent `depth` operations before.
 */
function signalQueueWorkload(depth: number, quick: boolean): Workload {
  return {
    id: `signal.queue.d${depth}`,
    mechanism: "signal",
    title: `sigqueue of SIGRTMIN (blocked) with a value + trySigwait, ${depth} queued`,
    unit: "send+take",
    params: { depth },
    quick,
    requires: ["signal"],
    async prepare(adapter) {
      const proc = await spawn(adapter);
      const sigqueue = need(proc.sigqueue, "sigqueue");
      const trySigwait = need(proc.trySigwait, "trySigwait");
      const pid = proc.pid;
      const set = [SIGRTMIN];
      need(proc.sigprocmask, "sigprocmask").call(proc, "block", set);
      // Values count up from 0, wrapping within the 32-bit range sigqueue takes.
      let sent = 0;
      let taken = 0;
      for (; sent < depth; sent++) sigqueue.call(proc, pid, SIGRTMIN, sent);
      return {
        async: false,
        run(ops: number): void {
          for (let i = 0; i < ops; i++) {
            sigqueue.call(proc, pid, SIGRTMIN, sent & 0x7fffffff);
            sent += 1;
            const info = trySigwait.call(proc, set);
            if (info.value !== (taken & 0x7fffffff) || info.code !== "queue") fail(`took ${info.code} ${info.value}, expected queue ${taken & 0x7fffffff}`);
            taken += 1;
          }
        },
        verify(): void {
          if (taken + depth !== sent || taken === 0) fail(`${sent} sent, ${taken} taken, ${depth} should remain`);
          const pending = need(proc.sigpending, "sigpending").call(proc);
          if (pending.join() !== (depth === 0 ? "" : String(SIGRTMIN))) fail(`pending: ${pending.join(", ") || "nothing"}`);
        },
      };
    },
  };
}

/**
 * An interruption: the process waits in a pipe `read` with nothing to read,
 * then signals itself; the handler (installed without `restart`) runs inside
 * `kill` and interrupts the read, which fails `EINTR`. An operation is one
 * read started, interrupted and its rejection awaited.
 */
const signalInterrupt: Workload = {
  id: "signal.interrupt",
  mechanism: "signal",
  title: "a pipe read waiting, interrupted by a SIGUSR1 handler (EINTR), awaited",
  unit: "interruption",
  params: {},
  quick: false,
  requires: ["signal", "pipe"],
  async prepare(adapter) {
    const proc = await spawn(adapter);
    const kill = need(proc.kill, "kill");
    const pid = proc.pid;
    const [reader, writer] = proc.pipe();
    const buffer = new Uint8Array(64);
    let delivered = 0;
    need(proc.sigaction, "sigaction").call(proc, SIGUSR1, { handler: () => void (delivered += 1) });
    const code = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;
    let interrupted = 0;
    return {
      async: true,
      async run(ops: number): Promise<void> {
        for (let i = 0; i < ops; i++) {
          const reading = reader.read(buffer).then((count) => `read ${count} bytes`, code);
          kill.call(proc, pid, SIGUSR1);
          const outcome = await reading;
          if (outcome !== "EINTR") fail(`an interrupted read ended with ${String(outcome)}, not EINTR`);
          interrupted += 1;
        }
      },
      verify(): void {
        if (delivered !== interrupted || interrupted === 0) fail(`${delivered} deliveries, ${interrupted} reads interrupted`);
        // The pipe is intact: a byte written now is read back.
        if (writer.tryWrite(new Uint8Array([5])) !== 1 || reader.tryRead(buffer) !== 1 || buffer[0] !== 5) fail("the pipe lost its byte after the interruptions");
      },
      close(): void {
        reader.close();
        writer.close();
      },
    };
  },
};

/**
 * Every standard workload, in report order: by mechanism, then size and depth.
 *
 * @example The quick profile's pipe workloads
 * ```ts
 * import { WORKLOADS } from "ipckit/conformance";
 * const ids = WORKLOADS.filter((w) => w.quick && w.mechanism === "pipe").map((w) => w.id);
 * console.assert(ids.includes("pipe.stream.64KiB") && ids.includes("pipe.pingpong"));
 * ```
 */
/** The loopback address with port 0: bind picks an ephemeral port. */
const LOOPBACK: InetAddress = { family: "inet", host: "127.0.0.1", port: 0 };

/** A connected stream socket as the byte channel the pipe cases drive: `[reading side, writing side]`. */
function socketChannel(from: Socket, to: Socket): readonly [PipeEnd, PipeEnd] {
  const reader = { tryRead: (buffer: Uint8Array) => to.tryRecv(buffer), read: (buffer: Uint8Array) => to.recv(buffer) };
  const writer = { tryWrite: (data: Uint8Array) => from.trySend(data), write: (data: Uint8Array) => from.send(data) };
  // The pipe cases call only these four methods.
  return [reader as unknown as PipeEnd, writer as unknown as PipeEnd];
}

/** Two connected internet-style stream sockets in one process: `[client, server]`. */
async function connectedStreams(proc: IpcProcess): Promise<readonly [Socket, Socket]> {
  const open = need(proc.socket, "socket");
  const listener = open.call(proc, "inet", "stream");
  listener.bind(LOOPBACK);
  listener.listen();
  const address = listener.localAddress() ?? fail("a bound listener has no address");
  const client = open.call(proc, "inet", "stream");
  const connecting = client.connect(address);
  const server = await listener.accept();
  await connecting;
  return [client, server];
}

function socketStreamWorkload(size: number, quick: boolean): Workload {
  return {
    id: `stream.${sizeLabel(size)}`,
    mechanism: "stream",
    title: `stream socket, ${sizeLabel(size)} sends`,
    unit: "send",
    bytesPerOp: size,
    params: { size },
    quick,
    requires: ["stream"],
    async prepare(adapter) {
      const [client, server] = await connectedStreams(await spawn(adapter));
      const [reader, writer] = socketChannel(client, server);
      return pipeStreamCase(size, reader, writer);
    },
  };
}

const socketPingPong: Workload = {
  id: "stream.pingpong",
  mechanism: "stream",
  title: "ping-pong, 64B each way, over one stream connection",
  unit: "round trip",
  params: { size: 64 },
  quick: true,
  requires: ["stream"],
  async prepare(adapter) {
    const [client, server] = await connectedStreams(await spawn(adapter));
    return pingPongCase(64, socketChannel(client, server), socketChannel(server, client));
  },
};

function datagramWorkload(size: number, quick: boolean): Workload {
  return {
    id: `dgram.pair.${sizeLabel(size)}`,
    mechanism: "dgram",
    title: `sendTo+recvFrom pairs, ${sizeLabel(size)} datagrams`,
    unit: "send+receive",
    bytesPerOp: size,
    params: { size },
    quick,
    requires: ["dgram"],
    async prepare(adapter) {
      const proc = await spawn(adapter);
      const open = need(proc.socket, "socket");
      const receiver = open.call(proc, "inet", "dgram");
      receiver.bind(LOOPBACK);
      const address = receiver.localAddress() ?? fail("a bound socket has no address");
      const sender = open.call(proc, "inet", "dgram");
      const message = new Uint8Array(size).fill(3);
      const buffer = new Uint8Array(size);
      let received = 0;
      let sent = 0;
      return {
        async: false,
        run(ops: number): void {
          for (let i = 0; i < ops; i++) {
            sent += sender.trySendTo(message, address);
            const datagram = receiver.tryRecvFrom(buffer);
            if (datagram.length !== size) fail(`a ${size}-byte datagram came back as ${datagram.length} bytes`);
            received += datagram.length;
          }
        },
        verify(): void {
          if (received !== sent || buffer[size - 1] !== 3) fail(`${sent} bytes sent but ${received} received`);
        },
      };
    },
  };
}

export const WORKLOADS: readonly Workload[] = Object.freeze([
  streamWorkload("pipe", 64, true),
  streamWorkload("pipe", 4096, true),
  streamWorkload("pipe", 65536, true),
  pingPongWorkload("pipe", true),
  streamWorkload("fifo", 64, false),
  streamWorkload("fifo", 4096, true),
  streamWorkload("fifo", 65536, false),
  pingPongWorkload("fifo", false),
  mqPairWorkload(64, 0, true),
  mqPairWorkload(64, 16, true),
  mqPairWorkload(64, 4096, true),
  mqPairWorkload(4096, 0, true),
  mqPairWorkload(4096, 16, false),
  mqPairWorkload(4096, 4096, false),
  mqBlockingWorkload(64),
  msgWorkload("typed", 64, true),
  msgWorkload("any", 64, false),
  shmWorkload("write", 4096, false),
  shmWorkload("write", 65536, true),
  shmWorkload("read", 4096, false),
  shmWorkload("read", 65536, true),
  semUncontended,
  semHandoff,
  mutexUncontended,
  mutexHandoff,
  socketStreamWorkload(64, false),
  socketStreamWorkload(4096, true),
  socketStreamWorkload(65536, false),
  socketPingPong,
  datagramWorkload(64, true),
  datagramWorkload(4096, false),
  signalHandler,
  signalQueueWorkload(0, true),
  signalQueueWorkload(16, false),
  signalInterrupt,
]);

/** Which workloads to run. */
export interface WorkloadSelection {
  /** Only the quick profile's workloads. */
  readonly quick?: boolean;
  /** Only these mechanisms; empty or absent: all. */
  readonly mechanisms?: readonly string[];
}

/**
 * Selects workloads by profile and mechanism, in report order.
 *
 * @param selection - quick or not, and the mechanisms
 * @returns the workloads
 * @throws {RangeError} for a mechanism that is not benchmarked
 *
 * @example Only the semaphores
 * ```ts
 * import { selectWorkloads } from "ipckit/conformance";
 * console.assert(selectWorkloads({ mechanisms: ["sem"] }).every((w) => w.mechanism === "sem"));
 * ```
 */
export function selectWorkloads(selection: WorkloadSelection = {}): Workload[] {
  const wanted = selection.mechanisms ?? [];
  for (const mechanism of wanted) {
    if (!(BENCH_MECHANISMS as readonly string[]).includes(mechanism)) {
      throw new RangeError(`ipckit: no benchmarks for "${mechanism}" (choose from ${BENCH_MECHANISMS.join(", ")})`);
    }
  }
  return WORKLOADS.filter(
    (workload) => (selection.quick !== true || workload.quick) && (wanted.length === 0 || wanted.includes(workload.mechanism as BenchMechanism)),
  );
}
