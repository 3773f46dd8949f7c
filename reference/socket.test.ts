// Tests of the reference sockets beyond the conformance suite: descriptors
// shared by fork, exit closing sockets, and bulk transfer speed.
import { describe, expect, it } from "vitest";
import { IpcError } from "../spec/errors.ts";
import { createSystem } from "./system.ts";

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
});
