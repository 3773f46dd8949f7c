// The byte channel pipes and stream sockets share: what its parameters change
// (atomic short writes, what an empty read gets) and what they do not (order,
// partial counts, the settling of waiting calls by the owner).
import { describe, expect, it } from "vitest";
import { bytes, codeOf, follow, microtasks, thrownCode } from "../../test/helpers.ts";
import { ByteChannel } from "./byte-channel.ts";
import type { ChannelRules } from "./byte-channel.ts";
import type { BlockedCall, Blocker } from "./interrupt.ts";
import { Interruption } from "./interrupt.ts";

/** A process stand-in that records its blocked calls. */
function blocker(): Blocker & { readonly calls: Set<BlockedCall> } {
  const calls = new Set<BlockedCall>();
  return { calls, block: (call) => calls.add(call), unblock: (call) => calls.delete(call) };
}

function channel(capacity: number, rules: Partial<ChannelRules> = {}): ByteChannel<string, string> {
  return new ByteChannel<string, string>(capacity, {
    atomic: 0,
    read: "read",
    write: "write",
    empty: "empty",
    full: "full",
    whenEmpty: () => undefined,
    ...rules,
  });
}

describe("ByteChannel", () => {
  it("moves short writes whole or not at all under an atomic limit, and in parts without one", () => {
    const atomic = channel(8, { atomic: 4 });
    atomic.tryWrite(bytes(6));
    expect(thrownCode(() => atomic.tryWrite(bytes(3)))).toBe("EAGAIN");
    expect(atomic.buffered).toBe(6);
    const partial = channel(8);
    partial.tryWrite(bytes(6));
    expect(partial.tryWrite(bytes(3))).toBe(2);
    expect(thrownCode(() => partial.tryWrite(bytes(1)))).toBe("EAGAIN");
  });

  it("asks the rules what an empty read gets: a count, or a wait, or an error they throw", () => {
    let outcome: number | undefined = 0;
    const eof = channel(8, { whenEmpty: () => outcome });
    expect(eof.tryRead(new Uint8Array(1))).toBe(0);
    outcome = undefined;
    expect(thrownCode(() => eof.tryRead(new Uint8Array(1)))).toBe("EAGAIN");
    const reset = channel(8, {
      whenEmpty: () => {
        throw new Error("reset");
      },
    });
    expect(() => reset.tryRead(new Uint8Array(1))).toThrow("reset");
  });

  it("hands a write to the waiting reads in order, then buffers the rest, and lets waiting writes in as reads make room", async () => {
    const bytesChannel = channel(4);
    const process = blocker();
    const first = follow(bytesChannel.read(new Uint8Array(2), undefined, process, "a"));
    const second = follow(bytesChannel.read(new Uint8Array(2), undefined, process, "b"));
    expect(process.calls.size).toBe(2);
    const write = follow(bytesChannel.write(bytes(10), undefined, process, "w"));
    await microtasks();
    expect([first.current, second.current]).toEqual([
      { state: "fulfilled", value: 2 },
      { state: "fulfilled", value: 2 },
    ]);
    expect([bytesChannel.buffered, bytesChannel.pendingWrites, write.current.state]).toEqual([4, 1, "pending"]);
    const sink = new Uint8Array(10);
    expect(bytesChannel.tryRead(sink)).toBe(4);
    expect(bytesChannel.tryRead(sink)).toBe(2);
    await microtasks();
    expect(write.current).toEqual({ state: "fulfilled", value: 10 });
    expect(process.calls.size).toBe(0);
  });

  it("resolves a cut-short write with the count it moved, and rejects one that moved nothing EINTR or ECANCELED", async () => {
    const bytesChannel = channel(4);
    const process = blocker();
    const moved = follow(bytesChannel.write(bytes(6), undefined, process, "moved"));
    const controller = new AbortController();
    const none = follow(bytesChannel.write(bytes(1), controller.signal, process, "none"));
    for (const call of [...process.calls]) if (call.syscall === "write") call.interrupt(new Interruption("signal"));
    controller.abort();
    await microtasks();
    expect(moved.current).toEqual({ state: "fulfilled", value: 4 });
    expect(codeOf(none.current)).toBe("EINTR");
  });

  it("lets its owner settle the waiting calls it chooses", async () => {
    const bytesChannel = channel(1);
    const process = blocker();
    const mine = follow(bytesChannel.read(new Uint8Array(1), undefined, process, "mine"));
    const theirs = follow(bytesChannel.read(new Uint8Array(1), undefined, process, "theirs"));
    bytesChannel.settleReads((read) => (read.tag === "mine" ? 0 : undefined));
    bytesChannel.tryWrite(bytes(1));
    const stuck = follow(bytesChannel.write(bytes(2), undefined, process, "stuck"));
    bytesChannel.settleWrites((write) => write.written);
    await microtasks();
    expect([mine.current, theirs.current, stuck.current]).toEqual([
      { state: "fulfilled", value: 0 },
      { state: "fulfilled", value: 1 },
      { state: "fulfilled", value: 1 },
    ]);
  });
});
