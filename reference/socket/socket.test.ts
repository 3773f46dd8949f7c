// Tests of the reference sockets beyond the conformance suite: descriptors
// shared by fork, exit closing sockets, and bulk transfer speed.
import { describe, expect, it } from "vitest";
import { IpcError } from "../../spec/errors.ts";
import { codeOf, follow, microtasks } from "../../test/helpers.ts";
import type { ReferenceSocket } from "./index.ts";
import { createSystem } from "../system.ts";

/** Sends until the peer's buffer is full. */
function fillUp(socket: { trySend(data: Uint8Array): number }): void {
  for (;;) {
    try {
      socket.trySend(new Uint8Array(65536));
    } catch (error) {
      if (IpcError.is(error, "EAGAIN")) return;
      throw error;
    }
  }
}

describe("reference sockets", () => {
  it("keep a connection open while a forked duplicate holds it", () => {
    const parent = createSystem().spawn();
    const [a, b] = parent.socketpair("stream");
    const child = parent.fork();
    a.close();
    expect(b.trySend(new Uint8Array([1]))).toBe(1);
    child.exit(0);
    // The byte b sent was never read: the reset, then end of file.
    expect(() => b.tryRecv(new Uint8Array(1))).toThrow(IpcError);
    expect(b.tryRecv(new Uint8Array(1))).toBe(0);
    expect(() => b.trySend(new Uint8Array([1]))).toThrow(IpcError);
  });

  it("release an internet-style port when the last descriptor closes", () => {
    const proc = createSystem().spawn();
    const server = proc.socket("inet", "stream");
    server.bind({ family: "inet", host: "127.0.0.1", port: 80 });
    server.close();
    proc.socket("inet", "stream").bind({ family: "inet", host: "127.0.0.1", port: 80 });
  });

  it("moves 64 MiB through a connection in whole chunks", async () => {
    const [a, b] = createSystem().spawn().socketpair("stream");
    const chunk = new Uint8Array(200_000).fill(7);
    const sink = new Uint8Array(1 << 20);
    const total = 64 * 1024 * 1024;
    let moved = 0;
    const sending = (async () => {
      for (let sent = 0; sent < total; sent += chunk.length) await a.send(chunk);
      a.shutdown("write");
    })();
    for (let got = await b.recv(sink); got > 0; got = await b.recv(sink)) moved += got;
    await sending;
    expect(moved).toBe(Math.ceil(total / chunk.length) * chunk.length);
  });

  it("accept in O(1) per connection with many queued", () => {
    const proc = createSystem().spawn();
    const server = proc.socket("inet", "stream");
    server.listen(128);
    const address = server.localAddress();
    if (address === undefined) throw new Error("unbound");
    for (let round = 0; round < 200; round += 1) {
      for (let index = 0; index < 100; index += 1) proc.socket("inet", "stream").tryConnect(address);
      for (let index = 0; index < 100; index += 1) server.tryAccept().close();
    }
    expect(() => server.tryAccept()).toThrow(IpcError);
  });

  it("[ST-BLK-5] drop, with an EINTR nobody must await, a receive whose process exits while a fork keeps the socket open", async () => {
    const parent = createSystem().spawn();
    const [a, b] = parent.socketpair("stream");
    const child = parent.fork();
    const waiting = follow(b.recv(new Uint8Array(4)));
    parent.exit(0);
    await microtasks();
    expect(codeOf(waiting.current)).toBe("EINTR");
    expect(child.alive).toBe(true);
    expect(a.closed).toBe(true);
  });

  it("[ST-BLK-5] register a waiting call with the descriptor's holder: the child's handler interrupts the child's receive only", async () => {
    const parent = createSystem().spawn();
    const [a, b] = parent.socketpair("stream");
    const child = parent.fork();
    const [, childB] = child.descriptors as readonly unknown[] as readonly [unknown, typeof b];
    const parentWaits = follow(b.recv(new Uint8Array(1)));
    const childWaits = follow(childB.recv(new Uint8Array(1)));
    child.sigaction(10, { handler: () => undefined });
    child.kill(child.pid, 10);
    await microtasks();
    expect(codeOf(childWaits.current)).toBe("EINTR");
    expect(parentWaits.current.state).toBe("pending");
    a.trySend(new Uint8Array([1]));
    await microtasks();
    expect(parentWaits.current).toEqual({ state: "fulfilled", value: 1 });
  });

  it("[ST-ERR-10] settle a send the peer's close cuts short before SIGPIPE terminates its sender: EPIPE, not EBADF", async () => {
    const system = createSystem();
    const sender = system.spawn();
    const [a, b] = sender.socketpair("stream") as readonly [ReferenceSocket, ReferenceSocket];
    const peerHolder = system.spawn();
    b.dupInto(peerHolder);
    b.close();
    fillUp(a);
    const sending = follow(a.send(new Uint8Array(10)));
    peerHolder.exit(0);
    expect(sender.status).toEqual({ state: "signaled", signal: 13, core: false });
    await microtasks();
    expect(codeOf(sending.current)).toBe("EPIPE");
  });

  it("[ST-ERR-10] raise SIGPIPE once per sender whose waiting send a shutdown of writing cuts short", () => {
    const system = createSystem();
    const parent = system.spawn();
    const [a] = parent.socketpair("stream");
    const child = parent.fork();
    const [childA] = child.descriptors as readonly unknown[] as readonly [typeof a];
    const seen: string[] = [];
    parent.sigaction(13, { handler: () => seen.push("parent") });
    child.sigaction(13, { handler: () => seen.push("child") });
    fillUp(a);
    follow(a.send(new Uint8Array(1)));
    follow(childA.send(new Uint8Array(1)));
    a.shutdown("both");
    expect(seen).toEqual(["parent", "child"]);
  });
});
