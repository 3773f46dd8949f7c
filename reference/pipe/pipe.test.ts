import { describe, expect, it, vi } from "vitest";
import { PIPE_BUF, PIPE_MAX_SIZE, PIPE_MAX_SIZE_PRIVILEGED } from "../../spec/constants.ts";
import { bytes, codeOf, follow, microtasks, thrownCode } from "../../test/helpers.ts";
import { ReferencePipe, openEnd, roundPipeCapacity } from "./index.ts";
import type { ReferencePipeEnd } from "./index.ts";
import { createSystem } from "../system.ts";
import type { ReferenceProcess } from "../system.ts";

/** The index of the first differing byte, or -1 (quicker than a deep equality on a megabyte). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function setup(capacity?: number, uid = 1000): { process: ReferenceProcess; reader: ReferencePipeEnd; writer: ReferencePipeEnd } {
  const process = createSystem().spawn({ uid, gid: uid });
  const [reader, writer] = process.pipe(capacity === undefined ? undefined : { capacity });
  return { process, reader, writer };
}

describe("roundPipeCapacity", () => {
  it("[PIPE-CAP-2] rounds up to a power-of-two number of pages, at least one page", () => {
    expect(roundPipeCapacity(1)).toBe(4096);
    expect(roundPipeCapacity(4096)).toBe(4096);
    expect(roundPipeCapacity(4097)).toBe(8192);
    expect(roundPipeCapacity(3 * 4096)).toBe(4 * 4096);
    expect(roundPipeCapacity(65537)).toBe(131072);
    expect(roundPipeCapacity(PIPE_MAX_SIZE)).toBe(PIPE_MAX_SIZE);
    expect(roundPipeCapacity(PIPE_MAX_SIZE_PRIVILEGED - 1)).toBe(PIPE_MAX_SIZE_PRIVILEGED);
    expect(roundPipeCapacity(PIPE_MAX_SIZE_PRIVILEGED)).toBe(PIPE_MAX_SIZE_PRIVILEGED);
  });
});

describe("synchronous hand-off", () => {
  it("a write copies straight into a pending read, which is settled when tryWrite returns", async () => {
    const { reader, writer } = setup();
    const buffer = new Uint8Array(4);
    const read = follow(reader.read(buffer));
    expect(writer.tryWrite(bytes(3, 10))).toBe(3);
    expect(reader.pipe.pendingReads).toBe(0);
    expect(reader.pipe.buffered).toBe(0);
    await Promise.resolve();
    expect(read.current).toEqual({ state: "fulfilled", value: 3 });
    expect([...buffer]).toEqual([10, 11, 12, 0]);
  });

  it("[PIPE-ORD-3] bytes go to pending reads in the order they started waiting, the rest is buffered", async () => {
    const { reader, writer } = setup();
    const first = new Uint8Array(2);
    const second = new Uint8Array(3);
    const a = follow(reader.read(first));
    const b = follow(reader.read(second));
    expect(writer.tryWrite(bytes(7))).toBe(7);
    await microtasks();
    expect(a.current).toEqual({ state: "fulfilled", value: 2 });
    expect(b.current).toEqual({ state: "fulfilled", value: 3 });
    expect([...first]).toEqual([0, 1]);
    expect([...second]).toEqual([2, 3, 4]);
    expect(reader.pipe.buffered).toBe(2);
    const rest = new Uint8Array(8);
    expect(reader.tryRead(rest)).toBe(2);
    expect([...rest.subarray(0, 2)]).toEqual([5, 6]);
  });

  it("a read that frees room moves the pending write's bytes into the buffer before it returns", async () => {
    const { reader, writer } = setup(4096);
    writer.tryWrite(bytes(4096));
    const write = follow(writer.write(bytes(100, 50)));
    await microtasks();
    expect(write.current.state).toBe("pending");
    expect(reader.tryRead(new Uint8Array(100))).toBe(100);
    expect(reader.pipe.buffered).toBe(4096);
    expect(reader.pipe.pendingWrites).toBe(0);
    await Promise.resolve();
    expect(write.current).toEqual({ state: "fulfilled", value: 100 });
  });

  it("a read or write that can complete at once queues no waiter", async () => {
    const { reader, writer } = setup();
    const write = writer.write(bytes(10));
    expect(writer.pipe.pendingWrites).toBe(0);
    const read = reader.read(new Uint8Array(4));
    expect(reader.pipe.pendingReads).toBe(0);
    expect(await write).toBe(10);
    expect(await read).toBe(4);
  });

  it("tryRead fails EAGAIN while reads are pending rather than overtaking them", async () => {
    const { reader } = setup();
    const read = follow(reader.read(new Uint8Array(1)));
    expect(thrownCode(() => reader.tryRead(new Uint8Array(1)))).toBe("EAGAIN");
    await microtasks();
    expect(read.current.state).toBe("pending");
  });
});

describe("pending writes", () => {
  it("[PIPE-ORD-4] a blocking write queues behind a pending one even when it would fit", async () => {
    const { reader, writer } = setup(4096);
    writer.tryWrite(bytes(4000));
    const big = follow(writer.write(bytes(200, 1))); // 96 free: waits for all of its 200
    const small = follow(writer.write(bytes(50, 2))); // would fit, but waits behind it
    await microtasks();
    expect(big.current.state).toBe("pending");
    expect(small.current.state).toBe("pending");
    expect(writer.pipe.buffered).toBe(4000);
    const drained = new Uint8Array(4000);
    expect(reader.tryRead(drained)).toBe(4000);
    await microtasks();
    expect(big.current).toEqual({ state: "fulfilled", value: 200 });
    expect(small.current).toEqual({ state: "fulfilled", value: 50 });
    const out = new Uint8Array(250);
    expect(reader.tryRead(out)).toBe(250);
    expect(out).toEqual(new Uint8Array([...bytes(200, 1), ...bytes(50, 2)]));
  });

  it("[PIPE-ATOM-1] tryWrite may pass a pending short write but never splits it", async () => {
    const { reader, writer } = setup(4096);
    writer.tryWrite(bytes(4000));
    const pending = follow(writer.write(bytes(200, 100))); // needs 200, 96 free
    expect(writer.tryWrite(bytes(30, 7))).toBe(30); // fits in the 96: goes ahead
    expect(writer.pipe.buffered).toBe(4030);
    reader.tryRead(new Uint8Array(4000)); // 4000 free now: the pending write lands whole
    await microtasks();
    expect(pending.current).toEqual({ state: "fulfilled", value: 200 });
    const out = new Uint8Array(230);
    expect(reader.tryRead(out)).toBe(230);
    expect(out.subarray(0, 30)).toEqual(bytes(30, 7));
    expect(out.subarray(30)).toEqual(bytes(200, 100));
  });

  it("[PIPE-ATOM-3] a long write moves what fits, then the rest as reads make room, and resolves with its length", async () => {
    const { reader, writer } = setup(4096);
    const data = bytes(10000, 3);
    const write = follow(writer.write(data));
    expect(writer.pipe.buffered).toBe(4096);
    const out = new Uint8Array(10000);
    let got = 0;
    while (got < 10000) got += reader.tryRead(out.subarray(got, got + 3000));
    await microtasks();
    expect(write.current).toEqual({ state: "fulfilled", value: 10000 });
    expect(out).toEqual(data);
  });

  it("[PIPE-BLK-5] aborting a long write that moved bytes resolves with that count, and the next write proceeds", async () => {
    const { reader, writer } = setup(4096);
    const controller = new AbortController();
    const long = follow(writer.write(bytes(6000), { signal: controller.signal }));
    const next = follow(writer.write(bytes(10, 200)));
    reader.tryRead(new Uint8Array(1000)); // 1000 more of the long write move in
    controller.abort();
    await microtasks();
    expect(long.current).toEqual({ state: "fulfilled", value: 5096 });
    expect(next.current.state).toBe("pending"); // the buffer is full of the long write's bytes
    reader.tryRead(new Uint8Array(10));
    await microtasks();
    expect(next.current).toEqual({ state: "fulfilled", value: 10 });
  });

  it("[PIPE-BLK-5] aborting a pending write that moved nothing rejects ECANCELED with the reason as cause", async () => {
    const { writer } = setup(4096);
    writer.tryWrite(bytes(4096));
    const controller = new AbortController();
    const write = follow(writer.write(bytes(10), { signal: controller.signal }));
    const reason = new Error("enough");
    controller.abort(reason);
    await microtasks();
    expect(codeOf(write.current)).toBe("ECANCELED");
    expect(write.current.state === "rejected" && (write.current.reason as Error).cause).toBe(reason);
    expect(writer.pipe.buffered).toBe(4096);
    expect(writer.pipe.pendingWrites).toBe(0);
  });

  it("an aborted pending write at the head lets the one behind it in", async () => {
    const { reader, writer } = setup(4096);
    writer.tryWrite(bytes(4000));
    const controller = new AbortController();
    const head = follow(writer.write(bytes(200), { signal: controller.signal }));
    const behind = follow(writer.write(bytes(50)));
    controller.abort();
    await microtasks();
    expect(codeOf(head.current)).toBe("ECANCELED");
    expect(behind.current).toEqual({ state: "fulfilled", value: 50 });
    expect(reader.pipe.buffered).toBe(4050);
  });

  it("[PIPE-CAP-6] raising the capacity lets pending writes that now fit proceed at once", async () => {
    const { writer } = setup(4096);
    writer.tryWrite(bytes(4096));
    const write = follow(writer.write(bytes(3000)));
    expect(writer.setCapacity(8192)).toBe(8192);
    expect(writer.pipe.buffered).toBe(7096);
    await microtasks();
    expect(write.current).toEqual({ state: "fulfilled", value: 3000 });
  });

  it("[PIPE-ERR-2] when the last reader closes, a write that moved bytes resolves with the count and one that moved none fails EPIPE", async () => {
    const { reader, writer } = setup(4096);
    const long = follow(writer.write(bytes(5000)));
    const other = writer.dup();
    const short = follow(other.write(bytes(10)));
    reader.close();
    await microtasks();
    expect(long.current).toEqual({ state: "fulfilled", value: 4096 });
    expect(codeOf(short.current)).toBe("EPIPE");
  });
});

describe("close", () => {
  it("[PIPE-LIFE-4] closing an end rejects its own pending reads with EBADF and leaves a duplicate's pending", async () => {
    const { reader, writer } = setup();
    const copy = reader.dup();
    const own = follow(reader.read(new Uint8Array(1)));
    const others = follow(copy.read(new Uint8Array(1)));
    reader.close();
    await microtasks();
    expect(codeOf(own.current)).toBe("EBADF");
    expect(others.current.state).toBe("pending");
    writer.tryWrite(bytes(1));
    await microtasks();
    expect(others.current).toEqual({ state: "fulfilled", value: 1 });
  });

  it("[PIPE-LIFE-4] closing a write end rejects its pending write with EBADF even after it moved bytes, and the bytes stay", async () => {
    const { reader, writer } = setup(4096);
    const copy = writer.dup();
    const own = follow(writer.write(bytes(5000)));
    const others = follow(copy.write(bytes(10, 9)));
    writer.close();
    await microtasks();
    expect(codeOf(own.current)).toBe("EBADF");
    expect(others.current.state).toBe("pending");
    expect(reader.pipe.buffered).toBe(4096);
    reader.tryRead(new Uint8Array(4096));
    await microtasks();
    expect(others.current).toEqual({ state: "fulfilled", value: 10 });
  });

  it("closing the write end that owns the pending head write lets the next writer in", async () => {
    const { reader, writer } = setup(4096);
    writer.tryWrite(bytes(4000));
    const copy = writer.dup();
    const head = follow(writer.write(bytes(200)));
    const behind = follow(copy.write(bytes(50)));
    writer.close();
    await microtasks();
    expect(codeOf(head.current)).toBe("EBADF");
    expect(behind.current).toEqual({ state: "fulfilled", value: 50 });
    expect(reader.pipe.buffered).toBe(4050);
  });

  it("[PIPE-EOF-3] closing the last write end resolves every pending read with 0", async () => {
    const { reader, writer } = setup();
    const a = follow(reader.read(new Uint8Array(1)));
    const b = follow(reader.dup().read(new Uint8Array(1)));
    writer.close();
    await microtasks();
    expect(a.current).toEqual({ state: "fulfilled", value: 0 });
    expect(b.current).toEqual({ state: "fulfilled", value: 0 });
  });

  it("keeps the counts of open ends across duplicates and closes", () => {
    const { reader, writer } = setup();
    const pipe = reader.pipe;
    const copies = [reader.dup(), reader.dup(), writer.dup()];
    expect([pipe.readers, pipe.writers]).toEqual([3, 2]);
    for (const copy of copies) copy.close();
    expect([pipe.readers, pipe.writers]).toEqual([1, 1]);
    expect(thrownCode(() => copies[0]!.close())).toBe("EBADF");
    expect([pipe.readers, pipe.writers]).toEqual([1, 1]);
  });
});

describe("abort signals", () => {
  it("removes the abort listener when a pending read completes", async () => {
    const { reader, writer } = setup();
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, "addEventListener");
    const remove = vi.spyOn(controller.signal, "removeEventListener");
    const read = reader.read(new Uint8Array(1), { signal: controller.signal });
    writer.tryWrite(bytes(1));
    expect(await read).toBe(1);
    expect(add).toHaveBeenCalledTimes(1);
    expect(remove).toHaveBeenCalledTimes(1);
  });

  it("adds no listener when the operation completes at once", async () => {
    const { reader, writer } = setup();
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, "addEventListener");
    expect(await writer.write(bytes(2), { signal: controller.signal })).toBe(2);
    expect(await reader.read(new Uint8Array(2), { signal: controller.signal })).toBe(2);
    expect(add).not.toHaveBeenCalled();
  });

  it("[PIPE-BLK-4] an aborted pending read rejects ECANCELED and the next write goes to the read behind it", async () => {
    const { reader, writer } = setup();
    const controller = new AbortController();
    const aborted = follow(reader.read(new Uint8Array(4), { signal: controller.signal }));
    const behind = new Uint8Array(4);
    const next = follow(reader.read(behind));
    controller.abort();
    writer.tryWrite(bytes(3, 1));
    await microtasks();
    expect(codeOf(aborted.current)).toBe("ECANCELED");
    expect(next.current).toEqual({ state: "fulfilled", value: 3 });
    expect([...behind.subarray(0, 3)]).toEqual([1, 2, 3]);
  });

  it("[PIPE-BLK-6] an already aborted signal moves nothing even when the operation could complete", async () => {
    const { reader, writer } = setup();
    writer.tryWrite(bytes(5));
    const signal = AbortSignal.abort("no");
    await expect(reader.read(new Uint8Array(5), { signal })).rejects.toMatchObject({ code: "ECANCELED", cause: "no" });
    await expect(writer.write(bytes(5), { signal })).rejects.toMatchObject({ code: "ECANCELED" });
    expect(reader.pipe.buffered).toBe(5);
  });
});

describe("bad input changes nothing", () => {
  it("[PIPE-ERR-7] promise forms reject (never throw) EINVAL for a non-Uint8Array and bad options", async () => {
    const { reader, writer } = setup();
    const calls: Array<() => Promise<number>> = [
      () => reader.read("buffer" as never),
      () => reader.read([1, 2] as never),
      () => reader.read(new Uint8Array(1), "options" as never),
      () => reader.read(new Uint8Array(1), { signal: {} as never }),
      () => writer.write(new Uint16Array(2) as never),
      () => writer.write(new Uint8Array(1), null as never),
    ];
    for (const call of calls) {
      let promise: Promise<number> | undefined;
      expect(() => (promise = call())).not.toThrow();
      await expect(promise).rejects.toMatchObject({ code: "EINVAL" });
    }
    expect([reader.pipe.pendingReads, reader.pipe.pendingWrites, reader.pipe.buffered]).toEqual([0, 0, 0]);
  });

  it("[PIPE-CAP-5] setCapacity with a bad value fails EINVAL and keeps the capacity", () => {
    const { reader } = setup();
    for (const bad of [0, -4096, 1.5, Number.NaN, "4096", undefined, 2 ** 53]) {
      expect(thrownCode(() => reader.setCapacity(bad as never))).toBe("EINVAL");
    }
    expect(reader.getCapacity()).toBe(65536);
  });

  it("[PIPE-CAP-3] above PIPE_MAX_SIZE a non-root end fails EPERM, root may, and nobody above PIPE_MAX_SIZE_PRIVILEGED", () => {
    const user = setup(undefined, 1000);
    expect(thrownCode(() => user.reader.setCapacity(PIPE_MAX_SIZE + 1))).toBe("EPERM");
    expect(user.reader.setCapacity(PIPE_MAX_SIZE)).toBe(PIPE_MAX_SIZE);
    const root = setup(undefined, 0);
    expect(root.writer.setCapacity(PIPE_MAX_SIZE_PRIVILEGED)).toBe(PIPE_MAX_SIZE_PRIVILEGED);
    expect(thrownCode(() => root.writer.setCapacity(PIPE_MAX_SIZE_PRIVILEGED + 1))).toBe("EINVAL");
    expect(thrownCode(() => user.reader.setCapacity(PIPE_MAX_SIZE_PRIVILEGED + 1))).toBe("EINVAL");
    expect(root.writer.getCapacity()).toBe(PIPE_MAX_SIZE_PRIVILEGED);
    // The huge capacity costs nothing until used.
    expect(root.writer.tryWrite(bytes(10))).toBe(10);
  });

  it("[PIPE-CAP-3] pipe({ capacity }) applies the same rules to the calling process", () => {
    const system = createSystem();
    const user = system.spawn({ uid: 1000 });
    expect(thrownCode(() => user.pipe({ capacity: PIPE_MAX_SIZE * 2 }))).toBe("EPERM");
    expect(thrownCode(() => user.pipe({ capacity: 0 }))).toBe("EINVAL");
    expect(thrownCode(() => user.pipe("big" as never))).toBe("EINVAL");
    expect(user.descriptors).toHaveLength(0);
    expect(system.spawn().pipe({ capacity: PIPE_MAX_SIZE * 2 })[0].getCapacity()).toBe(PIPE_MAX_SIZE * 2);
  });

  it("[PIPE-CAP-4] shrinking below the bytes buffered fails EBUSY and keeps the capacity", () => {
    const { writer } = setup(16384);
    writer.tryWrite(bytes(5000));
    expect(thrownCode(() => writer.setCapacity(4096))).toBe("EBUSY");
    expect(writer.getCapacity()).toBe(16384);
    expect(writer.setCapacity(5000)).toBe(8192);
  });

  it("tryWrite's EAGAIN and EPIPE write nothing", () => {
    const { reader, writer } = setup(4096);
    writer.tryWrite(bytes(4000));
    expect(thrownCode(() => writer.tryWrite(bytes(PIPE_BUF)))).toBe("EAGAIN");
    expect(writer.pipe.buffered).toBe(4000);
    reader.close();
    expect(thrownCode(() => writer.tryWrite(bytes(1)))).toBe("EPIPE");
    expect(writer.pipe.buffered).toBe(4000);
  });
});

describe("ReferencePipe", () => {
  it("can be built with its ends opened one by one", () => {
    const process = createSystem().spawn();
    const pipe = new ReferencePipe(4096);
    const writer = openEnd(pipe, "write", process, "pipe");
    const reader = openEnd(pipe, "read", process, "pipe");
    expect(writer.tryWrite(bytes(2))).toBe(2);
    expect(reader.tryRead(new Uint8Array(2))).toBe(2);
    expect(process.descriptors).toEqual([writer, reader]);
  });

  it("moves a megabyte through a pipe intact, by blocks", async () => {
    const { reader, writer } = setup();
    const data = bytes(1 << 20, 5);
    const write = writer.write(data);
    const out = new Uint8Array(1 << 20);
    let got = 0;
    while (got < out.length) got += await reader.read(out.subarray(got));
    expect(await write).toBe(1 << 20);
    expect(firstDifference(out, data)).toBe(-1);
  });
});

describe("signals", () => {
  it("[PIPE-BLK-7] registers a waiting read and write with the end's owner, until they settle", async () => {
    const { process, reader, writer } = setup(4096);
    const read = follow(reader.read(new Uint8Array(1)));
    expect(process.oldestBlockedCall()?.syscall).toBe("read");
    writer.tryWrite(bytes(1));
    await microtasks();
    expect(read.current.state).toBe("fulfilled");
    expect(process.oldestBlockedCall()).toBeUndefined();
    writer.tryWrite(bytes(4096));
    const write = follow(writer.write(bytes(10)));
    expect(process.oldestBlockedCall()?.syscall).toBe("write");
    reader.tryRead(new Uint8Array(4096));
    await microtasks();
    expect(write.current).toEqual({ state: "fulfilled", value: 10 });
    expect(process.oldestBlockedCall()).toBeUndefined();
  });

  it("[PIPE-BLK-7] an interrupted write that moved nothing lets the writes behind it in", async () => {
    const { process, reader, writer } = setup(4096);
    process.sigaction(10, { handler: () => undefined });
    writer.tryWrite(bytes(4000));
    const first = follow(writer.write(bytes(200)));
    const second = follow(writer.write(bytes(50, 9)));
    process.kill(process.pid, 10);
    await microtasks();
    expect(codeOf(first.current)).toBe("EINTR");
    expect(second.current).toEqual({ state: "fulfilled", value: 50 });
    expect(reader.pipe.buffered).toBe(4050);
  });

  it("[PIPE-ERR-9] settles a write the last reader cuts short before SIGPIPE terminates its writer: EPIPE, not EBADF", async () => {
    const { process, reader, writer } = setup(4096);
    writer.tryWrite(bytes(4096));
    const write = follow(writer.write(bytes(10)));
    reader.close();
    expect(process.status).toEqual({ state: "signaled", signal: 13, core: false });
    expect(writer.closed).toBe(true);
    await microtasks();
    expect(codeOf(write.current)).toBe("EPIPE");
  });

  it("[PIPE-ERR-9] raises SIGPIPE on each writer whose write was cut short, in its own process", async () => {
    const system = createSystem();
    const first = system.spawn();
    const second = system.spawn();
    const [reader, writer] = first.pipe({ capacity: 4096 });
    const other = openEnd(reader.pipe, "write", second, "dup");
    const seen: string[] = [];
    first.sigaction(13, { handler: () => seen.push("first") });
    second.sigaction(13, { handler: () => seen.push("second") });
    writer.tryWrite(bytes(4096));
    const a = follow(writer.write(bytes(10)));
    const b = follow(other.write(bytes(10)));
    reader.close();
    expect(seen).toEqual(["first", "second"]);
    await microtasks();
    expect([codeOf(a.current), codeOf(b.current)]).toEqual(["EPIPE", "EPIPE"]);
  });

  it("[PIPE-ERR-8] raises SIGPIPE on the end's owner, not on the process that opened the pipe", () => {
    const system = createSystem();
    const maker = system.spawn();
    const holder = system.spawn();
    const [reader] = maker.pipe();
    const writer = openEnd(reader.pipe, "write", holder, "dup");
    reader.close();
    expect(thrownCode(() => writer.tryWrite(bytes(1)))).toBe("EPIPE");
    expect(holder.status.state).toBe("signaled");
    expect(maker.status.state).toBe("running");
  });
});
