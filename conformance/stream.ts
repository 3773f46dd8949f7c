/**
 * Conformance tests for stream sockets: at least one test for every clause
 * of `ST_CLAUSES`, each titled with the rule it checks. They use
 * internet-style addresses on the loopback host, so they need only the
 * `stream` feature; the rules of Unix paths and `socketpair` are tested in
 * conformance/unix.ts.
 *
 * Blocking is proven without sleeps: a call is {@link track}ed, the task
 * queue drained, and the call found still pending; then the test acts and
 * checks that it settles. Tests of signal handlers and SIGPIPE (ST-BLK-5,
 * ST-ERR-10) require `"signal"`.
 *
 * @module
 */

import fc from "fast-check";

import type { ErrorCode } from "../spec/errors.ts";
import type { InetAddress, Socket, SocketApi } from "../spec/socket.ts";
import { SIGPIPE, SIGUSR1 } from "../spec/signal.ts";
import { STREAM_BUFFER_SIZE } from "../spec/stream.ts";
import type { ST_CLAUSES } from "../spec/stream.ts";
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
  expectThrowsCode,
  expectTrue,
  pattern,
  track,
} from "./assert.ts";
import type { Tracked } from "./assert.ts";
import { catchSignal, ignoreSigpipe, requireCalls, signalProcess } from "./fixtures/index.ts";
import type { Common, TestContext, TestFunction } from "./harness.ts";
import { checkProperty } from "./property.ts";

/** A process with the socket calls (shared by the stream, datagram and Unix-path suites). */
export type SocketProcess = IpcProcess & SocketApi;

/** The loopback address at `port`. */
function loopback(port: number): InetAddress {
  return { family: "inet", host: "127.0.0.1", port };
}

const PORT = 5000;
const SIGNAL = ["signal"] as const;

/**
 * Sends SIGUSR1 to `proc` from itself: a handler it has for it runs before
 * kill returns, and interrupts the call it has waited in longest.
 */
function interrupt(proc: IpcProcess): void {
  signalProcess(proc).kill(proc.pid, SIGUSR1);
}

/**
 * A fresh process with the socket calls.
 *
 * @param t - the test's context
 * @param feature - the feature named when the calls are missing
 * @returns the process
 * @throws {AssertionFailure} when the process lacks `socket` or `socketpair`
 */
export async function socketProcess(t: TestContext, feature = "stream"): Promise<SocketProcess> {
  return requireCalls<SocketProcess>(await t.process(), ["socket", "socketpair"], feature);
}

/** A listener on the loopback address at `port`. */
function listener(proc: SocketProcess, port = PORT, backlog?: number): Socket {
  const server = proc.socket("inet", "stream");
  server.bind(loopback(port));
  if (backlog === undefined) server.listen();
  else server.listen(backlog);
  return server;
}

/** A connected pair: `client` connected to `server`, accepted as `peer`. */
interface Connection {
  readonly proc: SocketProcess;
  readonly server: Socket;
  readonly client: Socket;
  readonly peer: Socket;
}

async function connected(t: TestContext): Promise<Connection> {
  const proc = await socketProcess(t);
  const server = listener(proc);
  const client = proc.socket("inet", "stream");
  await client.connect(loopback(PORT));
  const peer = await server.accept();
  return { proc, server, client, peer };
}

/**
 * Waits for the task queue to drain, then expects the call to have resolved to `expected`.
 *
 * @param tracked - the call
 * @param expected - its value
 * @param what - the call, for the report
 * @throws {AssertionFailure} when it is still pending, rejected or resolved to another value
 */
export async function expectSettled<T>(tracked: Tracked<T>, expected: T, what: string): Promise<void> {
  await drain();
  expectTrue(tracked.state !== "pending", what, "settled", "still pending");
  await expectResolves(tracked, expected, what);
}

/**
 * Waits for the task queue to drain, then expects the call to have rejected with `code`.
 *
 * @param tracked - the call
 * @param code - the error code expected
 * @param what - the call, for the report
 * @throws {AssertionFailure} when it is still pending, resolved or rejected otherwise
 */
export async function expectSettledCode(tracked: Tracked<unknown>, code: ErrorCode, what: string): Promise<void> {
  await drain();
  expectTrue(tracked.state !== "pending", what, `rejected with ${code}`, "still pending");
  await expectRejectsCode(tracked.promise, code, what);
}

/**
 * Sends with trySend until the peer's buffer is full.
 *
 * @param socket - a connected stream socket
 * @returns the count sent
 * @throws {AssertionFailure} when no limit shows after 64 MiB
 */
export function fill(socket: Socket): number {
  const chunk = new Uint8Array(65536);
  let total = 0;
  for (;;) {
    let sent: number;
    try {
      sent = socket.trySend(chunk);
    } catch (error) {
      if (error instanceof Error && (error as { code?: unknown }).code === "EAGAIN") return total;
      throw error;
    }
    total += sent;
    if (total > 64 * 1024 * 1024) throw new AssertionFailure("trySend", "EAGAIN once the peer's buffer is full", "no limit after 64 MiB");
  }
}

/**
 * Receives with tryRecv until `count` bytes came.
 *
 * @param socket - a connected stream socket
 * @param count - the bytes expected
 * @returns the bytes
 * @throws {AssertionFailure} at end of file first; `EAGAIN` when fewer are buffered
 */
export function receiveAll(socket: Socket, count: number): Uint8Array {
  const out = new Uint8Array(count);
  let offset = 0;
  while (offset < count) {
    const got = socket.tryRecv(out.subarray(offset));
    if (got === 0) throw new AssertionFailure("tryRecv", `${count} bytes`, `end of file after ${offset}`);
    offset += got;
  }
  return out;
}

/**
 * Registers the tests of stream sockets.
 *
 * @param test - registers one test
 * @param common - what the implementation supports: the tests of `EPIPE`
 *   ask it whether signals are, to ignore `SIGPIPE`
 *
 * @example Count the stream tests
 * ```ts
 * import { streamTests } from "ipckit/conformance";
 * let count = 0;
 * streamTests(() => { count += 1; }, { supports: () => true });
 * console.assert(count > 20);
 * ```
 */
export function streamTests(test: TestFunction, common: Common): void {
  const clause = (id: (typeof ST_CLAUSES)[number]["id"]): string => id;

  test(clause("ST-ORD-1"), "bytes arrive in the order sent, none lost or repeated, in both directions at once", async (t) => {
    const { client, peer } = await connected(t);
    const up = pattern(10000, 1);
    const down = pattern(7000, 2);
    expectEqual(client.trySend(up.subarray(0, 4000)), 4000, "first trySend from the client");
    expectEqual(peer.trySend(down), 7000, "trySend from the accepted socket");
    expectEqual(client.trySend(up.subarray(4000)), 6000, "second trySend from the client");
    expectBytes(receiveAll(peer, 10000), up, "the bytes the accepted socket received");
    expectBytes(receiveAll(client, 7000), down, "the bytes the client received");
    expectThrowsCode(() => peer.tryRecv(new Uint8Array(1)), "EAGAIN", "tryRecv once everything was received");
  });

  test(clause("ST-ORD-1"), "a pending receive gets the first bytes sent and the rest stay in order", async (t) => {
    const { client, peer } = await connected(t);
    const buffer = new Uint8Array(3);
    const r = track(peer.recv(buffer));
    await expectPending(r, "a receive on an empty connection");
    expectEqual(client.trySend(pattern(8, 3)), 8, "trySend of 8 bytes");
    await expectSettled(r, 3, "the pending receive");
    expectBytes(buffer, pattern(8, 3).subarray(0, 3), "the first 3 bytes");
    expectBytes(receiveAll(peer, 5), pattern(8, 3).subarray(3), "the remaining 5 bytes");
  });


  test(clause("ST-ORD-1"), "any interleaving of sends, receives and half-closes on both ends moves every byte once, in order", async (t) => {
    type Op =
      | { readonly kind: "send"; readonly up: boolean; readonly size: number }
      | { readonly kind: "recv"; readonly up: boolean; readonly size: number }
      | { readonly kind: "shut"; readonly up: boolean };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant("send" as const), up: fc.boolean(), size: fc.integer({ min: 1, max: 5000 }) }),
      fc.record({ kind: fc.constant("recv" as const), up: fc.boolean(), size: fc.integer({ min: 1, max: 5000 }) }),
      fc.record({ kind: fc.constant("shut" as const), up: fc.boolean() }),
    );
    await checkProperty(
      t,
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
        const { proc, client, peer } = await connected(t);
        ignoreSigpipe(t, proc);
        // Per direction ("up": client to peer): bytes sent, bytes received, shut down.
        const model = { up: { sent: [] as number[], got: [] as number[], shut: false }, down: { sent: [] as number[], got: [] as number[], shut: false } };
        let counter = 0;
        for (const step of ops) {
          const lane = step.up ? model.up : model.down;
          const from = step.up ? client : peer;
          const to = step.up ? peer : client;
          if (step.kind === "send") {
            const data = new Uint8Array(step.size);
            for (let index = 0; index < data.length; index += 1) data[index] = (counter + index) & 0xff;
            if (lane.shut) {
              expectThrowsCode(() => from.trySend(data), "EPIPE", "trySend after shutdown of writing");
              continue;
            }
            const sent = from.trySend(data);
            for (let index = 0; index < sent; index += 1) lane.sent.push(data[index] ?? 0);
            counter += sent;
          } else if (step.kind === "recv") {
            const buffer = new Uint8Array(step.size);
            const waiting = lane.sent.length - lane.got.length;
            if (waiting === 0 && !lane.shut) {
              expectThrowsCode(() => to.tryRecv(buffer), "EAGAIN", "tryRecv with nothing buffered");
              continue;
            }
            const got = to.tryRecv(buffer);
            expectEqual(got, Math.min(step.size, waiting), "tryRecv's count");
            for (let index = 0; index < got; index += 1) lane.got.push(buffer[index] ?? 0);
          } else if (!lane.shut) {
            from.shutdown("write");
            lane.shut = true;
          }
        }
        for (const lane of [model.up, model.down]) {
          expectEqual(lane.got.join(","), lane.sent.slice(0, lane.got.length).join(","), "the bytes received, against those sent");
        }
        client.close();
        peer.close();
      }),
      "random sends, receives and shutdowns",
      "every byte to arrive once, in order",
    );
  }, { timeoutFactor: 4 });

  test(clause("ST-ORD-2"), "one receive returns the bytes of several sends together", async (t) => {
    const { client, peer } = await connected(t);
    client.trySend(new Uint8Array([1, 2]));
    client.trySend(new Uint8Array([3]));
    client.trySend(new Uint8Array([4, 5, 6]));
    const buffer = new Uint8Array(10);
    await expectResolves(peer.recv(buffer), 6, "a receive after three sends of 2, 1 and 3 bytes");
    expectBytes(buffer.subarray(0, 6), new Uint8Array([1, 2, 3, 4, 5, 6]), "the bytes received");
  });

  test(clause("ST-ORD-2"), "a receive with a short buffer takes part of one send and leaves the rest", async (t) => {
    const { client, peer } = await connected(t);
    client.trySend(new Uint8Array([1, 2, 3, 4, 5]));
    expectEqual(peer.tryRecv(new Uint8Array(2)), 2, "tryRecv into 2 bytes");
    const rest = new Uint8Array(8);
    expectEqual(peer.tryRecv(rest), 3, "tryRecv of the rest");
    expectBytes(rest.subarray(0, 3), new Uint8Array([3, 4, 5]), "the rest of the send");
  });

  test(clause("ST-ORD-3"), "accept returns pending connections oldest first and the listener keeps listening", async (t) => {
    const proc = await socketProcess(t);
    const server = listener(proc);
    for (const index of [0, 1, 2]) {
      const client = proc.socket("inet", "stream");
      client.tryConnect(loopback(PORT));
      client.trySend(new Uint8Array([index]));
    }
    for (let index = 0; index < 3; index += 1) {
      const accepted = await server.accept();
      const buffer = new Uint8Array(1);
      expectEqual(accepted.tryRecv(buffer), 1, `tryRecv on accepted connection ${index}`);
      expectEqual(buffer[0], index, `the byte of accepted connection ${index} (the client that connected ${index === 0 ? "first" : "next"})`);
    }
    const late = proc.socket("inet", "stream");
    late.tryConnect(loopback(PORT));
    expectEqual(server.tryAccept().peerAddress().family, "inet", "a fourth connection accepted by the same listener");
  });

  test(clause("ST-BLK-1"), "a receive on an empty connection waits until bytes arrive", async (t) => {
    const { client, peer } = await connected(t);
    const r = track(peer.recv(new Uint8Array(4)));
    await expectPending(r, "a receive with nothing buffered");
    await client.send(new Uint8Array([9, 9]));
    await expectSettled(r, 2, "the receive after a send of 2 bytes");
  });

  test(clause("ST-BLK-1"), "a pending receive resolves 0 when the peer shuts down writing or closes", async (t) => {
    const { client, peer } = await connected(t);
    const first = track(peer.recv(new Uint8Array(4)));
    const second = track(client.recv(new Uint8Array(4)));
    await expectPending(first, "a receive on the accepted socket");
    await expectPending(second, "a receive on the client");
    client.shutdown("write");
    await expectSettled(first, 0, "the accepted socket's receive after the client shut down writing");
    await expectPending(second, "the client's receive (the other direction is open)");
    peer.close();
    await expectSettled(second, 0, "the client's receive after the accepted socket closed");
  });

  test(clause("ST-BLK-2"), "accept waits until a client connects", async (t) => {
    const proc = await socketProcess(t);
    const server = listener(proc);
    const a = track(server.accept());
    await expectPending(a, "accept with no pending connection");
    const client = proc.socket("inet", "stream");
    await client.connect(loopback(PORT));
    await drain();
    expectEqual(a.state, "fulfilled", "the pending accept after a connect");
    const accepted = a.value;
    if (accepted === undefined) throw new AssertionFailure("accept", "a socket", "nothing");
    client.trySend(new Uint8Array([7]));
    expectEqual(accepted.tryRecv(new Uint8Array(1)), 1, "tryRecv on the accepted socket");
  });

  test(clause("ST-BLK-3"), "a send waits while the peer's buffer is full and completes once receives make room", async (t) => {
    const { client, peer } = await connected(t);
    const filled = fill(client);
    expectTrue(filled > 0, "bytes sent before the buffer filled", "more than 0", "0");
    const data = pattern(1000, 5);
    const s = track(client.send(data));
    await expectPending(s, "a send into a full buffer");
    const first = receiveAll(peer, filled);
    expectEqual(first.length, filled, "bytes received");
    await expectSettled(s, 1000, "the pending send once the buffer was drained");
    expectBytes(receiveAll(peer, 1000), data, "the pending send's bytes, after the others");
  });

  test(clause("ST-BLK-4"), "an aborted receive rejects with ECANCELED and takes no byte", async (t) => {
    const { client, peer } = await connected(t);
    const controller = new AbortController();
    const r = track(peer.recv(new Uint8Array(4), { signal: controller.signal }));
    await expectPending(r, "a receive on an empty connection");
    controller.abort();
    await expectSettledCode(r, "ECANCELED", "the aborted receive");
    client.trySend(new Uint8Array([1, 2]));
    expectEqual(peer.tryRecv(new Uint8Array(4)), 2, "tryRecv of the bytes sent after the abort");
  });

  test(clause("ST-BLK-4"), "calls made with an aborted signal reject with ECANCELED and change nothing", async (t) => {
    const { proc, server, client, peer } = await connected(t);
    const signal = AbortSignal.abort();
    client.trySend(new Uint8Array([1]));
    await expectRejectsCode(peer.recv(new Uint8Array(4), { signal }), "ECANCELED", "recv with an aborted signal");
    await expectRejectsCode(client.send(new Uint8Array([2]), { signal }), "ECANCELED", "send with an aborted signal");
    await expectRejectsCode(server.accept({ signal }), "ECANCELED", "accept with an aborted signal");
    const other = proc.socket("inet", "stream");
    await expectRejectsCode(other.connect(loopback(PORT), { signal }), "ECANCELED", "connect with an aborted signal");
    expectThrowsCode(() => server.tryAccept(), "EAGAIN", "tryAccept: the aborted connect made no connection");
    expectEqual(peer.tryRecv(new Uint8Array(4)), 1, "tryRecv: only the byte sent before");
  });

  test(clause("ST-BLK-4"), "an aborted accept rejects with ECANCELED and a later connection goes to the next accept", async (t) => {
    const proc = await socketProcess(t);
    const server = listener(proc);
    const controller = new AbortController();
    const a = track(server.accept({ signal: controller.signal }));
    await expectPending(a, "accept with nothing pending");
    controller.abort();
    await expectSettledCode(a, "ECANCELED", "the aborted accept");
    proc.socket("inet", "stream").tryConnect(loopback(PORT));
    expectEqual(server.tryAccept().type, "stream", "tryAccept of the later connection");
  });

  test(clause("ST-BLK-5"), "a handler interrupts a waiting receive: it rejects with EINTR and the bytes sent later stay for the next receive", async (t) => {
    const { proc, client, peer } = await connected(t);
    const caught = catchSignal(proc, SIGUSR1);
    const r = track(peer.recv(new Uint8Array(4)));
    await expectPending(r, "a receive with nothing buffered");
    interrupt(proc);
    expectEqual(caught.length, 1, "SIGUSR1 deliveries once kill returned");
    await expectSettledCode(r, "EINTR", "the receive the handler interrupted");
    client.trySend(new Uint8Array([1, 2]));
    expectBytes(receiveAll(peer, 2), new Uint8Array([1, 2]), "the bytes sent after the interruption");
  }, { requires: SIGNAL });

  test(clause("ST-BLK-5"), "a handler interrupts a waiting accept, and the connection that comes later goes to the next accept", async (t) => {
    const proc = await socketProcess(t);
    const server = listener(proc);
    catchSignal(proc, SIGUSR1);
    const a = track(server.accept());
    await expectPending(a, "accept with nothing pending");
    interrupt(proc);
    await expectSettledCode(a, "EINTR", "the accept the handler interrupted");
    proc.socket("inet", "stream").tryConnect(loopback(PORT));
    expectEqual(server.tryAccept().type, "stream", "tryAccept of the later connection");
  }, { requires: SIGNAL });

  test(clause("ST-BLK-5"), "a handler interrupts a connect waiting on a full backlog: it rejects with EINTR and makes no connection", async (t) => {
    const proc = await socketProcess(t);
    const server = listener(proc, PORT, 0);
    catchSignal(proc, SIGUSR1);
    proc.socket("inet", "stream").tryConnect(loopback(PORT));
    const client = proc.socket("inet", "stream");
    const c = track(client.connect(loopback(PORT)));
    await expectPending(c, "connect on a full backlog");
    interrupt(proc);
    await expectSettledCode(c, "EINTR", "the connect the handler interrupted");
    expectThrowsCode(() => client.peerAddress(), "ENOTCONN", "the interrupted client is not connected");
    server.tryAccept();
    expectThrowsCode(() => server.tryAccept(), "EAGAIN", "tryAccept: the interrupted connect made no connection");
  }, { requires: SIGNAL });

  test(clause("ST-BLK-5"), "a handler interrupts a send waiting on a full buffer that moved nothing: it rejects with EINTR and sends nothing", async (t) => {
    const { proc, client, peer } = await connected(t);
    catchSignal(proc, SIGUSR1);
    const filled = fill(client);
    const s = track(client.send(pattern(100, 1)));
    await expectPending(s, "a send into a full buffer");
    interrupt(proc);
    await expectSettledCode(s, "EINTR", "the send the handler interrupted");
    receiveAll(peer, filled);
    expectThrowsCode(() => peer.tryRecv(new Uint8Array(1)), "EAGAIN", "tryRecv once the filler was received: nothing of the interrupted send");
  }, { requires: SIGNAL });

  test(clause("ST-BLK-5"), "a handler interrupts a send that moved bytes: it resolves with that count, and the peer receives them once", async (t) => {
    const { proc, client, peer } = await connected(t);
    catchSignal(proc, SIGUSR1);
    const data = pattern(2 * STREAM_BUFFER_SIZE, 2);
    const s = track(client.send(data));
    await expectPending(s, `a send of ${data.length} bytes`);
    // Receiving 1000 bytes proves they were sent; at most a buffer more fit, so the send still waits.
    expectBytes(receiveAll(peer, 1000), data.subarray(0, 1000), "the first 1000 bytes");
    await expectPending(s, "the send after 1000 bytes were received");
    interrupt(proc);
    await drain();
    expectEqual(s.state, "fulfilled", "the send the handler interrupted");
    const count = s.value ?? 0;
    expectTrue(count >= 1000 && count < data.length, "the count the interrupted send resolved with", `from 1000 to ${data.length - 1}`, String(s.value));
    expectBytes(receiveAll(peer, count - 1000), data.subarray(1000, count), "the rest of the bytes the send moved");
    expectThrowsCode(() => peer.tryRecv(new Uint8Array(1)), "EAGAIN", "tryRecv once they were received: nothing more of the interrupted send");
  }, { requires: SIGNAL });

  test(clause("ST-BLK-5"), "under restart, an interrupted receive, accept and send go on waiting and complete", async (t) => {
    const { proc, server, client, peer } = await connected(t);
    catchSignal(proc, SIGUSR1, { restart: true });
    const r = track(peer.recv(new Uint8Array(4)));
    await expectPending(r, "a receive with nothing buffered");
    interrupt(proc);
    await expectPending(r, "the receive after a handler installed with restart ran");
    client.trySend(new Uint8Array([7]));
    await expectSettled(r, 1, "the restarted receive once a byte came");
    const a = track(server.accept());
    await expectPending(a, "accept with nothing pending");
    interrupt(proc);
    await expectPending(a, "the accept after a handler installed with restart ran");
    proc.socket("inet", "stream").tryConnect(loopback(PORT));
    await drain();
    expectEqual(a.state, "fulfilled", "the restarted accept once a client connected");
    const filled = fill(client);
    const s = track(client.send(pattern(100, 3)));
    await expectPending(s, "a send into a full buffer");
    interrupt(proc);
    await expectPending(s, "the send after a handler installed with restart ran");
    receiveAll(peer, filled);
    await expectSettled(s, 100, "the restarted send once the buffer was drained");
    expectBytes(receiveAll(peer, 100), pattern(100, 3), "the restarted send's bytes");
  }, { requires: SIGNAL });

  test(clause("ST-NB-1"), "tryRecv on an empty connection and tryAccept with nothing pending fail with EAGAIN", async (t) => {
    const { server, client, peer } = await connected(t);
    expectThrowsCode(() => peer.tryRecv(new Uint8Array(4)), "EAGAIN", "tryRecv with nothing buffered");
    expectThrowsCode(() => client.tryRecv(new Uint8Array(4)), "EAGAIN", "tryRecv on the client with nothing buffered");
    expectThrowsCode(() => server.tryAccept(), "EAGAIN", "tryAccept with nothing pending");
    client.trySend(new Uint8Array([1]));
    expectEqual(peer.tryRecv(new Uint8Array(4)), 1, "tryRecv once a byte was sent");
  });

  test(clause("ST-NB-2"), "trySend sends as many bytes as fit and fails with EAGAIN when none fit", async (t) => {
    const { client, peer } = await connected(t);
    const filled = fill(client);
    expectThrowsCode(() => client.trySend(new Uint8Array(1)), "EAGAIN", "trySend into a full buffer");
    expectEqual(peer.tryRecv(new Uint8Array(100)), 100, "tryRecv of 100 bytes");
    expectEqual(client.trySend(new Uint8Array(1000)), 100, "trySend of 1000 bytes with room for 100");
    expectTrue(filled > 100, "the buffer's size", "more than 100 bytes", String(filled));
  });

  test(clause("ST-CAP-1"), "a listener holds backlog + 1 unaccepted connections, then connects wait until an accept", async (t) => {
    const proc = await socketProcess(t);
    const server = listener(proc, PORT, 1);
    const first = proc.socket("inet", "stream");
    first.tryConnect(loopback(PORT));
    const second = proc.socket("inet", "stream");
    second.tryConnect(loopback(PORT));
    const third = proc.socket("inet", "stream");
    expectThrowsCode(() => third.tryConnect(loopback(PORT)), "EAGAIN", "tryConnect with backlog 1 and 2 unaccepted connections");
    const c = track(third.connect(loopback(PORT)));
    await expectPending(c, "connect on a full backlog");
    server.tryAccept();
    await expectSettled(c, undefined, "the pending connect after an accept made room");
    expectEqual(third.peerAddress().family, "inet", "the third client's peer address");
    server.tryAccept();
    server.tryAccept();
    expectThrowsCode(() => server.tryAccept(), "EAGAIN", "tryAccept after three connections were accepted");
  });

  test(clause("ST-CAP-1"), "backlog 0 holds one unaccepted connection", async (t) => {
    const proc = await socketProcess(t);
    listener(proc, PORT, 0);
    proc.socket("inet", "stream").tryConnect(loopback(PORT));
    expectThrowsCode(() => proc.socket("inet", "stream").tryConnect(loopback(PORT)), "EAGAIN", "a second tryConnect with backlog 0");
  });

  test(clause("ST-EOF-1"), "after the peer shuts down writing, receives return the buffered bytes, then 0 every time", async (t) => {
    const { client, peer } = await connected(t);
    client.trySend(new Uint8Array([1, 2, 3]));
    client.shutdown("write");
    const buffer = new Uint8Array(8);
    await expectResolves(peer.recv(buffer), 3, "the receive after the shutdown, 3 bytes buffered");
    await expectResolves(peer.recv(buffer), 0, "the next receive: end of file");
    expectEqual(peer.tryRecv(buffer), 0, "tryRecv at end of file");
    await expectResolves(peer.recv(buffer), 0, "end of file again");
  });

  test(clause("ST-EOF-1"), "after the peer closes, receives return the buffered bytes, then 0", async (t) => {
    const { client, peer } = await connected(t);
    peer.trySend(new Uint8Array([4, 5]));
    peer.close();
    const buffer = new Uint8Array(8);
    expectEqual(client.tryRecv(buffer), 2, "tryRecv of the bytes sent before the close");
    expectEqual(client.tryRecv(buffer), 0, "tryRecv after: end of file");
    await expectResolves(client.recv(buffer), 0, "recv after: end of file");
  });

  test(clause("ST-EOF-2"), "after shutdown of writing, sends fail with EPIPE while the other direction keeps working", async (t) => {
    const { proc, client, peer } = await connected(t);
    ignoreSigpipe(t, proc);
    client.shutdown("write");
    expectThrowsCode(() => client.trySend(new Uint8Array([1])), "EPIPE", "trySend after shutdown of writing");
    await expectRejectsCode(client.send(new Uint8Array([1])), "EPIPE", "send after shutdown of writing");
    expectEqual(peer.trySend(new Uint8Array([6, 7])), 2, "the peer's trySend after the half-close");
    const buffer = new Uint8Array(4);
    await expectResolves(client.recv(buffer), 2, "the half-closed socket's receive");
    expectBytes(buffer.subarray(0, 2), new Uint8Array([6, 7]), "the bytes received");
    expectEqual(peer.tryRecv(buffer), 0, "the peer reads end of file");
  });

  test(clause("ST-EOF-2"), "a send pending when writing is shut down fails with EPIPE", async (t) => {
    const { proc, client } = await connected(t);
    ignoreSigpipe(t, proc);
    fill(client);
    const s = track(client.send(new Uint8Array(10)));
    await expectPending(s, "a send into a full buffer");
    client.shutdown("write");
    await expectSettledCode(s, "EPIPE", "the pending send after shutdown of writing");
  });

  test(clause("ST-EOF-3"), "shutdown of reading drains what is buffered, then receives return 0 and peer sends fail with EPIPE", async (t) => {
    const { proc, client, peer } = await connected(t);
    ignoreSigpipe(t, proc);
    client.trySend(new Uint8Array([1, 2]));
    peer.shutdown("read");
    const buffer = new Uint8Array(4);
    expectEqual(peer.tryRecv(buffer), 2, "tryRecv of the bytes buffered before the shutdown");
    expectEqual(peer.tryRecv(buffer), 0, "tryRecv after: 0");
    await expectResolves(peer.recv(buffer), 0, "recv after: 0");
    expectThrowsCode(() => client.trySend(new Uint8Array([3])), "EPIPE", "the peer's trySend");
    expectEqual(peer.trySend(new Uint8Array([5])), 1, "the shut-down side still sends");
    expectEqual(client.tryRecv(buffer), 1, "and the peer receives it");
  });

  test(clause("ST-ERR-1"), "a send after the peer closed fails with EPIPE at once", async (t) => {
    const { proc, client, peer } = await connected(t);
    ignoreSigpipe(t, proc);
    peer.close();
    expectThrowsCode(() => client.trySend(new Uint8Array([1])), "EPIPE", "trySend after the peer closed");
    await expectRejectsCode(client.send(new Uint8Array([1])), "EPIPE", "send after the peer closed");
  });

  test(clause("ST-ERR-1"), "a send pending when the peer closes fails with EPIPE", async (t) => {
    const { proc, client, peer } = await connected(t);
    ignoreSigpipe(t, proc);
    fill(client);
    const s = track(client.send(new Uint8Array(10)));
    await expectPending(s, "a send into a full buffer");
    peer.close();
    await expectSettledCode(s, "EPIPE", "the pending send after the peer closed");
  });

  test(clause("ST-ERR-2"), "closing with unread bytes makes the peer's next receive fail with ECONNRESET once, then 0", async (t) => {
    const { client, peer } = await connected(t);
    client.trySend(new Uint8Array([1, 2, 3]));
    peer.close();
    await expectRejectsCode(client.recv(new Uint8Array(4)), "ECONNRESET", "the receive after the peer closed with bytes unread");
    await expectResolves(client.recv(new Uint8Array(4)), 0, "the next receive");
    expectEqual(client.tryRecv(new Uint8Array(4)), 0, "tryRecv after");
  });

  test(clause("ST-ERR-2"), "a receive pending when the peer closes with unread bytes fails with ECONNRESET", async (t) => {
    const { client, peer } = await connected(t);
    client.trySend(new Uint8Array([1]));
    const r = track(client.recv(new Uint8Array(4)));
    await expectPending(r, "the client's receive");
    peer.close();
    await expectSettledCode(r, "ECONNRESET", "the pending receive");
  });

  test(clause("ST-ERR-2"), "closing with every byte read gives the peer end of file, not ECONNRESET", async (t) => {
    const { client, peer } = await connected(t);
    client.trySend(new Uint8Array([1]));
    expectEqual(peer.tryRecv(new Uint8Array(4)), 1, "tryRecv of the byte");
    peer.close();
    expectEqual(client.tryRecv(new Uint8Array(4)), 0, "the client's tryRecv");
  });

  test(clause("ST-ERR-3"), "send, receive, shutdown and peerAddress on an unconnected socket fail with ENOTCONN", async (t) => {
    const proc = await socketProcess(t);
    const fresh = proc.socket("inet", "stream");
    const server = listener(proc);
    for (const [name, socket] of [["a new socket", fresh], ["a listener", server]] as const) {
      await expectRejectsCode(socket.send(new Uint8Array([1])), "ENOTCONN", `send on ${name}`);
      expectThrowsCode(() => socket.trySend(new Uint8Array([1])), "ENOTCONN", `trySend on ${name}`);
      await expectRejectsCode(socket.recv(new Uint8Array(1)), "ENOTCONN", `recv on ${name}`);
      expectThrowsCode(() => socket.tryRecv(new Uint8Array(1)), "ENOTCONN", `tryRecv on ${name}`);
      expectThrowsCode(() => socket.shutdown("both"), "ENOTCONN", `shutdown on ${name}`);
      expectThrowsCode(() => socket.peerAddress(), "ENOTCONN", `peerAddress on ${name}`);
    }
  });

  test(clause("ST-ERR-4"), "connect where nobody listens fails with ECONNREFUSED", async (t) => {
    const proc = await socketProcess(t);
    const client = proc.socket("inet", "stream");
    await expectRejectsCode(client.connect(loopback(PORT)), "ECONNREFUSED", "connect to a port nobody bound");
    const bound = proc.socket("inet", "stream");
    bound.bind(loopback(PORT));
    expectThrowsCode(() => client.tryConnect(loopback(PORT)), "ECONNREFUSED", "tryConnect to a bound socket that does not listen");
    const closed = listener(proc, PORT + 1);
    closed.close();
    await expectRejectsCode(client.connect(loopback(PORT + 1)), "ECONNREFUSED", "connect to a listener that closed");
    expectThrowsCode(() => client.peerAddress(), "ENOTCONN", "the refused client is not connected");
  });

  test(clause("ST-ERR-5"), "connect on a connected socket fails with EISCONN, and on a listener with EINVAL", async (t) => {
    const { proc, server, client, peer } = await connected(t);
    listener(proc, PORT + 1);
    await expectRejectsCode(client.connect(loopback(PORT + 1)), "EISCONN", "connect on a connected client");
    expectThrowsCode(() => peer.tryConnect(loopback(PORT + 1)), "EISCONN", "tryConnect on an accepted socket");
    expectThrowsCode(() => server.tryConnect(loopback(PORT + 1)), "EINVAL", "tryConnect on a listener");
    expectEqual((client.peerAddress() as InetAddress).port, PORT, "the client's peer is unchanged");
  });

  test(clause("ST-ERR-6"), "bind twice fails with EINVAL and bind to a port in use fails with EADDRINUSE", async (t) => {
    const proc = await socketProcess(t);
    const a = proc.socket("inet", "stream");
    a.bind(loopback(PORT));
    expectThrowsCode(() => a.bind(loopback(PORT + 1)), "EINVAL", "bind of a bound socket");
    const b = proc.socket("inet", "stream");
    expectThrowsCode(() => b.bind(loopback(PORT)), "EADDRINUSE", "bind to the port a bound the same port");
    expectThrowsCode(() => b.bind({ family: "inet", host: "0.0.0.0", port: PORT }), "EADDRINUSE", "bind to the port on another host address");
    expectEqual(b.localAddress(), undefined, "the refused socket is still unbound");
    a.close();
    b.bind(loopback(PORT));
    expectEqual((b.localAddress() as InetAddress | undefined)?.port, PORT, "bind once the holder closed");
  });

  test(clause("ST-ERR-7"), "accept on a socket that is not listening fails with EINVAL", async (t) => {
    const { client } = await connected(t);
    const proc = await socketProcess(t);
    const fresh = proc.socket("inet", "stream");
    await expectRejectsCode(fresh.accept(), "EINVAL", "accept on a new socket");
    expectThrowsCode(() => fresh.tryAccept(), "EINVAL", "tryAccept on a new socket");
    expectThrowsCode(() => client.tryAccept(), "EINVAL", "tryAccept on a connected socket");
  });

  test(clause("ST-ERR-8"), "malformed addresses, ports out of range and bad families or types fail with EINVAL and change nothing", async (t) => {
    const proc = await socketProcess(t);
    const s = proc.socket("inet", "stream");
    const bad: unknown[] = [
      undefined,
      null,
      "127.0.0.1:80",
      { family: "inet", host: "127.0.0.1", port: 65536 },
      { family: "inet", host: "127.0.0.1", port: -1 },
      { family: "inet", host: "127.0.0.1", port: 1.5 },
      { family: "inet", host: "127.0.0.1", port: Number.NaN },
      { family: "inet", host: "127.0.0.1", port: "80" },
      { family: "inet", host: "256.0.0.1", port: 80 },
      { family: "inet", host: "localhost", port: 80 },
      { family: "inet", host: "1.2.3", port: 80 },
      { family: "unix", path: "/tmp/s" },
      { family: "inet6", host: "::1", port: 80 },
    ];
    for (const address of bad) {
      expectThrowsCode(() => s.bind(address as InetAddress), "EINVAL", `bind(${JSON.stringify(address) ?? "undefined"})`);
      expectThrowsCode(() => s.tryConnect(address as InetAddress), "EINVAL", `tryConnect(${JSON.stringify(address) ?? "undefined"})`);
    }
    expectEqual(s.localAddress(), undefined, "the socket is still unbound");
    expectThrowsCode(() => proc.socket("inet6" as "inet", "stream"), "EINVAL", "socket of an unknown family");
    expectThrowsCode(() => proc.socket("inet", "seqpacket" as "stream"), "EINVAL", "socket of an unknown type");
    expectThrowsCode(() => s.listen(-1), "EINVAL", "listen(-1)");
    expectThrowsCode(() => s.listen(1.5), "EINVAL", "listen(1.5)");
  });

  test(clause("ST-ERR-8"), "data that is not a Uint8Array and a bad shutdown direction fail with EINVAL and move nothing", async (t) => {
    const { client, peer } = await connected(t);
    for (const data of [[1, 2], "ab", new Uint16Array(2), null]) {
      expectThrowsCode(() => client.trySend(data as unknown as Uint8Array), "EINVAL", `trySend(${String(data)})`);
      await expectRejectsCode(client.send(data as unknown as Uint8Array), "EINVAL", `send(${String(data)})`);
      expectThrowsCode(() => peer.tryRecv(data as unknown as Uint8Array), "EINVAL", `tryRecv(${String(data)})`);
    }
    expectThrowsCode(() => client.shutdown("sideways" as "read"), "EINVAL", "shutdown(\"sideways\")");
    expectThrowsCode(() => peer.tryRecv(new Uint8Array(1)), "EAGAIN", "nothing was sent");
    expectEqual(client.trySend(new Uint8Array([1])), 1, "the client still sends");
  });

  test(clause("ST-ERR-9"), "every call on a closed socket fails with EBADF", async (t) => {
    const { client } = await connected(t);
    client.close();
    expectTrue(client.closed, "closed", "true", "false");
    expectThrowsCode(() => client.close(), "EBADF", "close twice");
    expectThrowsCode(() => client.trySend(new Uint8Array(1)), "EBADF", "trySend");
    await expectRejectsCode(client.recv(new Uint8Array(1)), "EBADF", "recv");
    expectThrowsCode(() => client.localAddress(), "EBADF", "localAddress");
    expectThrowsCode(() => client.bind(loopback(PORT + 3)), "EBADF", "bind");
    expectThrowsCode(() => client.shutdown("both"), "EBADF", "shutdown");
  });

  test(clause("ST-ERR-9"), "closing a socket rejects its own pending receive and accept with EBADF", async (t) => {
    const { server, peer } = await connected(t);
    const r = track(peer.recv(new Uint8Array(1)));
    const a = track(server.accept());
    await expectPending(r, "a receive");
    await expectPending(a, "an accept");
    peer.close();
    server.close();
    await expectSettledCode(r, "EBADF", "the receive pending on the closed socket");
    await expectSettledCode(a, "EBADF", "the accept pending on the closed listener");
  });

  test(clause("ST-ERR-9"), "closing a socket whose connect waits on a full backlog rejects the connect with EBADF and makes no connection", async (t) => {
    const proc = await socketProcess(t);
    const server = listener(proc, PORT, 0);
    proc.socket("inet", "stream").tryConnect(loopback(PORT));
    const client = proc.socket("inet", "stream");
    const c = track(client.connect(loopback(PORT)));
    await expectPending(c, "connect on a full backlog");
    client.close();
    await expectSettledCode(c, "EBADF", "the waiting connect of the closed socket");
    server.tryAccept();
    expectThrowsCode(() => server.tryAccept(), "EAGAIN", "tryAccept: the closed socket made no connection");
  });

  test(clause("ST-ERR-10"), "by default, a send after the peer closed terminates the sender by SIGPIPE and closes its sockets", async (t) => {
    const { proc, client, peer } = await connected(t);
    const other = proc.socket("inet", "stream");
    peer.close();
    expectThrowsCode(() => client.trySend(new Uint8Array([1])), "EPIPE", "trySend after the peer closed");
    const status = signalProcess(proc).status;
    expectEqual(`${status.state} ${String(status.signal)}`, `signaled ${SIGPIPE}`, "the sender's status");
    expectEqual(client.closed, true, "closed flag of the terminated sender's socket");
    expectEqual(other.closed, true, "closed flag of another socket the sender held");
  }, { requires: SIGNAL });

  test(clause("ST-ERR-10"), "a sender terminated by SIGPIPE closes its other connections: their peers in another process read end of file", async (t) => {
    const system = await t.system();
    const server = requireCalls<SocketProcess>(system.spawn(), ["socket", "socketpair"], "stream");
    const sender = requireCalls<SocketProcess>(system.spawn(), ["socket", "socketpair"], "stream");
    const listening = listener(server);
    const first = sender.socket("inet", "stream");
    await first.connect(loopback(PORT));
    const second = sender.socket("inet", "stream");
    await second.connect(loopback(PORT));
    const firstPeer = await listening.accept();
    const secondPeer = await listening.accept();
    const r = track(secondPeer.recv(new Uint8Array(4)));
    await expectPending(r, "the server's receive on the second connection");
    firstPeer.close();
    await expectRejectsCode(first.send(new Uint8Array([1])), "EPIPE", "the sender's send after the server closed the first connection");
    expectEqual(signalProcess(sender).status.state, "signaled", "the sender's status");
    await expectSettled(r, 0, "the server's receive on the second connection once the sender was terminated");
    expectEqual(signalProcess(server).status.state, "running", "the server's status");
  }, { requires: SIGNAL });

  test(clause("ST-ERR-10"), "a caught SIGPIPE runs its handler before a send after shutdown of writing fails with EPIPE", async (t) => {
    const { proc, client, peer } = await connected(t);
    const caught = catchSignal(proc, SIGPIPE);
    client.shutdown("write");
    expectThrowsCode(() => client.trySend(new Uint8Array([1])), "EPIPE", "trySend after shutdown of writing");
    expectEqual(caught.length, 1, "SIGPIPE deliveries when trySend threw");
    expectEqual(caught[0]?.code, "kernel", "how SIGPIPE was sent (by the system)");
    const s = track(client.send(new Uint8Array([1])));
    expectEqual(caught.length, 2, "SIGPIPE deliveries as soon as send returned its promise");
    await expectSettledCode(s, "EPIPE", "the send after shutdown of writing");
    expectEqual(peer.trySend(new Uint8Array([5])), 1, "the peer still sends (half-close)");
    expectEqual(client.tryRecv(new Uint8Array(4)), 1, "and the sender, alive, receives it");
  }, { requires: SIGNAL });

  test(clause("ST-ERR-10"), "with SIGPIPE ignored a send to a closed peer fails with EPIPE alone; blocked, SIGPIPE stays pending", async (t) => {
    const { proc, client, peer } = await connected(t);
    const signals = signalProcess(proc);
    signals.sigaction(SIGPIPE, { handler: "ignore" });
    peer.close();
    await expectRejectsCode(client.send(new Uint8Array([1])), "EPIPE", "send with SIGPIPE ignored");
    expectEqual(signals.sigpending().includes(SIGPIPE), false, "SIGPIPE pending while ignored");
    signals.sigaction(SIGPIPE, { handler: "default" });
    signals.sigprocmask("block", [SIGPIPE]);
    expectThrowsCode(() => client.trySend(new Uint8Array([1])), "EPIPE", "trySend with SIGPIPE blocked");
    expectEqual(signals.sigpending().includes(SIGPIPE), true, "SIGPIPE pending while blocked");
    expectEqual(signals.status.state, "running", "the sender's status while SIGPIPE is blocked");
  }, { requires: SIGNAL });

  test(clause("ST-ERR-10"), "a send waiting when the peer closes raises SIGPIPE during the close and fails with EPIPE", async (t) => {
    const { proc, client, peer } = await connected(t);
    const caught = catchSignal(proc, SIGPIPE);
    fill(client);
    const s = track(client.send(new Uint8Array(10)));
    await expectPending(s, "a send into a full buffer");
    expectEqual(caught.length, 0, "SIGPIPE deliveries while the send waits");
    peer.close();
    expectEqual(caught.length, 1, "SIGPIPE deliveries once the peer's close returned");
    await expectSettledCode(s, "EPIPE", "the send the peer's close cut short");
  }, { requires: SIGNAL });

  test(clause("ST-ERR-10"), "a send waiting when its own socket shuts down writing raises SIGPIPE and fails with EPIPE", async (t) => {
    const { proc, client } = await connected(t);
    const caught = catchSignal(proc, SIGPIPE);
    fill(client);
    const s = track(client.send(new Uint8Array(10)));
    await expectPending(s, "a send into a full buffer");
    client.shutdown("write");
    expectEqual(caught.length, 1, "SIGPIPE deliveries once shutdown returned");
    await expectSettledCode(s, "EPIPE", "the send the shutdown cut short");
  }, { requires: SIGNAL });

  test(clause("ST-ERR-10"), "a send cut short by the peer's close after moving bytes resolves with that count and raises no SIGPIPE", async (t) => {
    const { proc, client, peer } = await connected(t);
    const caught = catchSignal(proc, SIGPIPE);
    const data = pattern(2 * STREAM_BUFFER_SIZE, 4);
    const s = track(client.send(data));
    receiveAll(peer, 1000);
    await expectPending(s, "the send after 1000 bytes were received");
    peer.close();
    await drain();
    expectEqual(s.state, "fulfilled", "the send the peer's close cut short after moving bytes");
    expectTrue((s.value ?? 0) >= 1000, "the count it resolved with", "at least the 1000 bytes received", String(s.value));
    expectEqual(caught.length, 0, "SIGPIPE deliveries");
  }, { requires: SIGNAL });

  test(clause("ST-ERR-11"), "with noSignal, a send or trySend to a closed peer fails with EPIPE and the sender, with SIGPIPE's default action, lives on", async (t) => {
    const { proc, client, peer } = await connected(t);
    peer.close();
    expectThrowsCode(() => client.trySend(new Uint8Array([1]), { noSignal: true }), "EPIPE", "trySend with noSignal after the peer closed");
    await expectRejectsCode(client.send(new Uint8Array([1]), { noSignal: true }), "EPIPE", "send with noSignal after the peer closed");
    expectEqual(signalProcess(proc).status.state, "running", "the sender's status");
    expectEqual(client.closed, false, "closed flag of the sender's socket");
    expectEqual(signalProcess(proc).sigpending().length, 0, "signals pending for the sender");
  }, { requires: SIGNAL });

  test(clause("ST-ERR-11"), "with noSignal, a send after its own shutdown of writing fails with EPIPE and runs no SIGPIPE handler", async (t) => {
    const { proc, client } = await connected(t);
    const caught = catchSignal(proc, SIGPIPE);
    client.shutdown("write");
    expectThrowsCode(() => client.trySend(new Uint8Array([1]), { noSignal: true }), "EPIPE", "trySend with noSignal after shutdown of writing");
    expectEqual(caught.length, 0, "SIGPIPE deliveries");
    expectThrowsCode(() => client.trySend(new Uint8Array([1]), { noSignal: false }), "EPIPE", "trySend with noSignal false");
    expectEqual(caught.length, 1, "SIGPIPE deliveries once a send without noSignal failed");
  }, { requires: SIGNAL });

  test(clause("ST-ERR-11"), "a send with noSignal waiting when the peer closes fails with EPIPE and raises no SIGPIPE", async (t) => {
    const { proc, client, peer } = await connected(t);
    fill(client);
    const s = track(client.send(new Uint8Array(10), { noSignal: true }));
    await expectPending(s, "a send with noSignal into a full buffer");
    peer.close();
    await expectSettledCode(s, "EPIPE", "the send the peer's close cut short");
    expectEqual(signalProcess(proc).status.state, "running", "the sender's status");
  }, { requires: SIGNAL });

  test(clause("ST-ERR-11"), "a noSignal that is not a boolean fails with EINVAL and sends nothing", async (t) => {
    const { client, peer } = await connected(t);
    for (const bad of [1, "yes", null, {}]) {
      expectThrowsCode(() => client.trySend(new Uint8Array([1]), { noSignal: bad as never }), "EINVAL", `trySend with noSignal ${describeValue(bad)}`);
      await expectRejectsCode(client.send(new Uint8Array([1]), { noSignal: bad as never }), "EINVAL", `send with noSignal ${describeValue(bad)}`);
    }
    expectThrowsCode(() => peer.tryRecv(new Uint8Array(4)), "EAGAIN", "the peer's tryRecv: nothing was sent");
  });

  test(clause("ST-LIFE-1"), "port 0, listen and connect take ephemeral ports and the two ends name each other", async (t) => {
    const proc = await socketProcess(t);
    const server = proc.socket("inet", "stream");
    server.bind(loopback(0));
    const local = server.localAddress();
    expectTrue(local?.family === "inet" && local.port >= 1024, "the port bind(0) picked", "a port of 1024 or more", JSON.stringify(local));
    if (local?.family !== "inet") return;
    server.listen();
    const client = proc.socket("inet", "stream");
    expectEqual(client.localAddress(), undefined, "a new socket's local address");
    await client.connect(loopback(local.port));
    const clientLocal = client.localAddress();
    expectTrue(clientLocal?.family === "inet" && clientLocal.port !== 0 && clientLocal.port !== local.port, "the client's port", "a new ephemeral port", JSON.stringify(clientLocal));
    const peer = await server.accept();
    expectEqual(JSON.stringify(peer.peerAddress()), JSON.stringify(clientLocal), "the accepted socket's peer is the client's local address");
    expectEqual((client.peerAddress() as InetAddress).port, local.port, "the client's peer port");
    expectEqual((peer.localAddress() as InetAddress | undefined)?.port, local.port, "the accepted socket's local port");
    const other = proc.socket("inet", "stream");
    other.listen();
    const otherLocal = other.localAddress();
    expectTrue(otherLocal?.family === "inet" && otherLocal.port !== local.port && otherLocal.port !== 0, "listen on an unbound socket", "a fresh port", JSON.stringify(otherLocal));
  });
}
