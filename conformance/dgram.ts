/**
 * Conformance tests for datagram sockets: at least one test for every clause
 * of `DG_CLAUSES`, each titled with the rule it checks. They use
 * internet-style addresses on the loopback host (the `dgram` feature only);
 * the Unix-path datagram rules are tested in conformance/unix.ts. Tests of
 * signal handlers (DG-BLK-2) require `"signal"`.
 *
 * @module
 */

import fc from "fast-check";

import { DGRAM_BUFFER_SIZE, DGRAM_MAX } from "../spec/dgram.ts";
import type { DG_CLAUSES } from "../spec/dgram.ts";
import { SIGUSR1 } from "../spec/signal.ts";
import type { InetAddress, Socket } from "../spec/socket.ts";
import { drain, expectBytes, expectEqual, expectPending, expectRejectsCode, expectResolves, expectThrowsCode, expectTrue, pattern, track } from "./assert.ts";
import { catchSignal, signalProcess } from "./fixtures/index.ts";
import type { Common, TestFunction } from "./harness.ts";
import { checkProperty } from "./property.ts";
import { expectSettledCode, socketProcess } from "./stream.ts";
import type { SocketProcess } from "./stream.ts";

function loopback(port: number): InetAddress {
  return { family: "inet", host: "127.0.0.1", port };
}

const PORT = 6000;
const SIGNAL = ["signal"] as const;

/** A datagram socket bound to the loopback address at `port`. */
function bound(proc: SocketProcess, port: number): Socket {
  const s = proc.socket("inet", "dgram");
  s.bind(loopback(port));
  return s;
}

/**
 * Registers the tests of datagram sockets.
 *
 * @param test - registers one test
 * @param _common - what the implementation supports
 *
 * @example Count the datagram tests
 * ```ts
 * import { dgramTests } from "ipckit/conformance";
 * let count = 0;
 * dgramTests(() => { count += 1; }, { supports: () => true });
 * console.assert(count > 8);
 * ```
 */
export function dgramTests(test: TestFunction, _common: Common): void {
  const clause = (id: (typeof DG_CLAUSES)[number]["id"]): string => id;

  test(clause("DG-ORD-1"), "each receive returns one whole datagram, oldest first, never merged or split", async (t) => {
    const proc = await socketProcess(t, "dgram");
    const receiver = bound(proc, PORT);
    const sender = proc.socket("inet", "dgram");
    expectEqual(sender.trySendTo(pattern(3, 1), loopback(PORT)), 3, "trySendTo of 3 bytes");
    expectEqual(sender.trySendTo(pattern(5, 2), loopback(PORT)), 5, "trySendTo of 5 bytes");
    await sender.sendTo(pattern(2, 3), loopback(PORT));
    const buffer = new Uint8Array(100);
    expectEqual(receiver.tryRecvFrom(buffer).length, 3, "the first receive: the 3-byte datagram alone");
    expectBytes(buffer.subarray(0, 3), pattern(3, 1), "its bytes");
    expectEqual(receiver.tryRecv(buffer), 5, "the second receive: the 5-byte datagram alone");
    expectBytes(buffer.subarray(0, 5), pattern(5, 2), "its bytes");
    await expectResolves(receiver.recv(buffer), 2, "the third receive");
    expectThrowsCode(() => receiver.tryRecvFrom(buffer), "EAGAIN", "nothing more");
  });


  test(clause("DG-ORD-1"), "any interleaving of sends and receives returns the datagrams whole or truncated, one per receive, in order", async (t) => {
    const op = fc.record({ send: fc.boolean(), size: fc.integer({ min: 0, max: 3000 }) });
    await checkProperty(
      t,
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
        const proc = await socketProcess(t, "dgram");
        const receiver = bound(proc, PORT);
        const sender = proc.socket("inet", "dgram");
        const queue: Uint8Array[] = [];
        let counter = 0;
        for (const step of ops) {
          if (step.send) {
            const data = new Uint8Array(step.size).fill(counter & 0xff);
            counter += 1;
            expectEqual(sender.trySendTo(data, loopback(PORT)), step.size, "trySendTo's count");
            queue.push(data);
            continue;
          }
          const buffer = new Uint8Array(step.size);
          const head = queue.shift();
          if (head === undefined) {
            expectThrowsCode(() => receiver.tryRecvFrom(buffer), "EAGAIN", "tryRecvFrom on an empty queue");
            continue;
          }
          const got = receiver.tryRecvFrom(buffer);
          expectEqual(got.length, Math.min(head.length, step.size), "the datagram's length");
          expectEqual(got.truncated, head.length > step.size, "truncated");
          expectBytes(buffer.subarray(0, got.length), head.subarray(0, got.length), "the datagram's bytes");
        }
      }),
      "random datagram sends and receives",
      "one whole (or truncated) datagram per receive, in order",
    );
  }, { timeoutFactor: 4 });

  test(clause("DG-ERR-1"), "a datagram longer than the buffer is consumed whole, truncated, and says so", async (t) => {
    const proc = await socketProcess(t, "dgram");
    const receiver = bound(proc, PORT);
    const sender = proc.socket("inet", "dgram");
    sender.trySendTo(pattern(10, 4), loopback(PORT));
    sender.trySendTo(new Uint8Array([42]), loopback(PORT));
    const small = new Uint8Array(4);
    const first = receiver.tryRecvFrom(small);
    expectEqual(first.length, 4, "the bytes copied");
    expectEqual(first.truncated, true, "truncated");
    expectBytes(small, pattern(10, 4).subarray(0, 4), "the first 4 bytes");
    const second = receiver.tryRecvFrom(small);
    expectEqual(second.length, 1, "the next receive is the next datagram: the tail was discarded");
    expectEqual(second.truncated, false, "not truncated");
    expectEqual(small[0], 42, "the next datagram's byte");
  });

  test(clause("DG-EOF-1"), "a zero-length datagram is received as length 0 and later datagrams follow it", async (t) => {
    const proc = await socketProcess(t, "dgram");
    const receiver = bound(proc, PORT);
    const sender = proc.socket("inet", "dgram");
    expectEqual(sender.trySendTo(new Uint8Array(0), loopback(PORT)), 0, "trySendTo of 0 bytes");
    sender.trySendTo(new Uint8Array([1, 2]), loopback(PORT));
    const datagram = await receiver.recvFrom(new Uint8Array(8));
    expectEqual(datagram.length, 0, "the empty datagram's length");
    expectEqual(datagram.truncated, false, "not truncated");
    expectEqual(receiver.tryRecv(new Uint8Array(8)), 2, "the datagram after it");
    expectThrowsCode(() => receiver.tryRecv(new Uint8Array(8)), "EAGAIN", "then nothing: no end of file");
  });

  test(clause("DG-CAP-1"), "a datagram of 65507 bytes is sent and one of 65508 fails with EMSGSIZE", async (t) => {
    const proc = await socketProcess(t, "dgram");
    const receiver = bound(proc, PORT);
    const sender = proc.socket("inet", "dgram");
    expectThrowsCode(() => sender.trySendTo(new Uint8Array(DGRAM_MAX + 1), loopback(PORT)), "EMSGSIZE", "trySendTo of 65508 bytes");
    await expectRejectsCode(sender.sendTo(new Uint8Array(DGRAM_MAX + 1), loopback(PORT)), "EMSGSIZE", "sendTo of 65508 bytes");
    expectThrowsCode(() => receiver.tryRecv(new Uint8Array(1)), "EAGAIN", "nothing was sent");
    expectEqual(sender.trySendTo(new Uint8Array(DGRAM_MAX), loopback(PORT)), DGRAM_MAX, "trySendTo of 65507 bytes");
    expectEqual(receiver.tryRecv(new Uint8Array(DGRAM_MAX)), DGRAM_MAX, "received whole");
  });

  test(clause("DG-CAP-2"), "datagrams that do not fit the receiver's queue are dropped while the sends succeed", async (t) => {
    const proc = await socketProcess(t, "dgram");
    const receiver = bound(proc, PORT);
    const sender = proc.socket("inet", "dgram");
    const fits = Math.floor(DGRAM_BUFFER_SIZE / DGRAM_MAX);
    for (let index = 0; index <= fits + 1; index += 1) {
      const data = new Uint8Array(DGRAM_MAX).fill(index);
      expectEqual(sender.trySendTo(data, loopback(PORT)), DGRAM_MAX, `trySendTo number ${index + 1}`);
    }
    expectEqual(sender.trySendTo(new Uint8Array([7]), loopback(PORT + 1)), 1, "trySendTo a port nobody bound");
    const buffer = new Uint8Array(DGRAM_MAX);
    for (let index = 0; index < fits; index += 1) {
      expectEqual(receiver.tryRecv(buffer), DGRAM_MAX, `receive number ${index + 1}`);
      expectEqual(buffer[0], index, `datagram ${index + 1} in order`);
    }
    expectThrowsCode(() => receiver.tryRecv(buffer), "EAGAIN", `a receive after ${fits} datagrams: the rest were dropped`);
  });

  test(clause("DG-BLK-1"), "a receive on an empty queue waits for a datagram and tryRecvFrom fails with EAGAIN", async (t) => {
    const proc = await socketProcess(t, "dgram");
    const receiver = bound(proc, PORT);
    expectThrowsCode(() => receiver.tryRecvFrom(new Uint8Array(4)), "EAGAIN", "tryRecvFrom on an empty queue");
    const r = track(receiver.recvFrom(new Uint8Array(4)));
    await expectPending(r, "recvFrom on an empty queue");
    proc.socket("inet", "dgram").trySendTo(new Uint8Array([1, 2, 3]), loopback(PORT));
    await drain();
    expectEqual(r.state, "fulfilled", "the pending receive after a send");
    expectEqual(r.value?.length, 3, "the pending receive's length");
  });

  test(clause("DG-BLK-1"), "an aborted datagram receive rejects with ECANCELED and takes nothing", async (t) => {
    const proc = await socketProcess(t, "dgram");
    const receiver = bound(proc, PORT);
    const controller = new AbortController();
    const r = track(receiver.recvFrom(new Uint8Array(4), { signal: controller.signal }));
    await expectPending(r, "recvFrom on an empty queue");
    controller.abort();
    await expectRejectsCode(r.promise, "ECANCELED", "the aborted receive");
    proc.socket("inet", "dgram").trySendTo(new Uint8Array([1]), loopback(PORT));
    expectEqual(receiver.tryRecv(new Uint8Array(4)), 1, "the datagram sent after the abort is still there");
  });

  test(clause("DG-BLK-2"), "a handler interrupts a waiting datagram receive: it rejects with EINTR and the next datagram stays for a later receive", async (t) => {
    const proc = await socketProcess(t, "dgram");
    const receiver = bound(proc, PORT);
    const caught = catchSignal(proc, SIGUSR1);
    const r = track(receiver.recvFrom(new Uint8Array(4)));
    await expectPending(r, "recvFrom on an empty queue");
    signalProcess(proc).kill(proc.pid, SIGUSR1);
    expectEqual(caught.length, 1, "SIGUSR1 deliveries once kill returned");
    await expectSettledCode(r, "EINTR", "the receive the handler interrupted");
    proc.socket("inet", "dgram").trySendTo(new Uint8Array([1, 2]), loopback(PORT));
    expectEqual(receiver.tryRecvFrom(new Uint8Array(4)).length, 2, "the datagram sent after the interruption is still there");
  }, { requires: SIGNAL });

  test(clause("DG-BLK-2"), "under restart, an interrupted datagram receive goes on waiting and gets the next datagram", async (t) => {
    const proc = await socketProcess(t, "dgram");
    const receiver = bound(proc, PORT);
    catchSignal(proc, SIGUSR1, { restart: true });
    const r = track(receiver.recv(new Uint8Array(4)));
    await expectPending(r, "recv on an empty queue");
    signalProcess(proc).kill(proc.pid, SIGUSR1);
    await expectPending(r, "the receive after a handler installed with restart ran");
    proc.socket("inet", "dgram").trySendTo(new Uint8Array([1, 2, 3]), loopback(PORT));
    await drain();
    expectEqual(r.state, "fulfilled", "the restarted receive once a datagram came");
    expectEqual(r.value, 3, "the restarted receive's length");
  }, { requires: SIGNAL });

  test(clause("DG-ERR-2"), "send without an address on an unconnected socket fails with EDESTADDRREQ", async (t) => {
    const proc = await socketProcess(t, "dgram");
    const s = proc.socket("inet", "dgram");
    expectThrowsCode(() => s.trySend(new Uint8Array([1])), "EDESTADDRREQ", "trySend on an unconnected datagram socket");
    await expectRejectsCode(s.send(new Uint8Array([1])), "EDESTADDRREQ", "send on an unconnected datagram socket");
    expectThrowsCode(() => s.peerAddress(), "ENOTCONN", "peerAddress of an unconnected datagram socket");
  });

  test(clause("DG-ERR-3"), "listen, accept and shutdown on a datagram socket fail with EOPNOTSUPP", async (t) => {
    const proc = await socketProcess(t, "dgram");
    const s = bound(proc, PORT);
    expectThrowsCode(() => s.listen(), "EOPNOTSUPP", "listen");
    expectThrowsCode(() => s.tryAccept(), "EOPNOTSUPP", "tryAccept");
    await expectRejectsCode(s.accept(), "EOPNOTSUPP", "accept");
    expectThrowsCode(() => s.shutdown("write"), "EOPNOTSUPP", "shutdown");
  });

  test(clause("DG-LIFE-1"), "connect sets the default destination, recvFrom reports the sender, and a connected socket receives only from its peer", async (t) => {
    const proc = await socketProcess(t, "dgram");
    const a = bound(proc, PORT);
    const b = bound(proc, PORT + 1);
    const c = bound(proc, PORT + 2);
    a.tryConnect(loopback(PORT + 1));
    expectEqual((a.peerAddress() as InetAddress).port, PORT + 1, "a's peer address");
    expectEqual(a.trySend(new Uint8Array([1])), 1, "trySend to the connected peer");
    const from = b.tryRecvFrom(new Uint8Array(4)).from;
    expectTrue(from?.family === "inet" && from.port === PORT, "the sender b saw", `port ${PORT}`, JSON.stringify(from));
    c.trySendTo(new Uint8Array([2]), loopback(PORT));
    b.trySendTo(new Uint8Array([3]), loopback(PORT));
    const buffer = new Uint8Array(4);
    const got = a.tryRecvFrom(buffer);
    expectEqual(buffer[0], 3, "a receives only its peer's datagram");
    expectEqual((got.from as InetAddress | undefined)?.port, PORT + 1, "its sender");
    expectThrowsCode(() => a.tryRecv(buffer), "EAGAIN", "c's datagram was not received");
    await a.connect(loopback(PORT + 2));
    expectEqual((a.peerAddress() as InetAddress).port, PORT + 2, "a's peer after connecting again");
    c.trySendTo(new Uint8Array([4]), loopback(PORT));
    expectEqual(a.tryRecv(buffer), 1, "after connecting again, a receives from its new peer");
    expectEqual(buffer[0], 4, "the new peer's datagram");
  });
}
