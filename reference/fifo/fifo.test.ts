import { describe, expect, it, vi } from "vitest";
import { codeOf, follow, microtasks, thrownCode } from "../../test/helpers.ts";
import type { Outcome } from "../../test/helpers.ts";
import { ReferenceFifo, lookupFifo, requireOpenOptions } from "./index.ts";
import { filesOf } from "../kernel/files.ts";
import { ReferencePipe, openEnd } from "../pipe/index.ts";
import type { ReferencePipeEnd } from "../pipe/index.ts";
import { createSystem } from "../system.ts";
import type { ReferenceProcess } from "../system.ts";
import { requireFilePath } from "../base/validate.ts";

function setup(uid = 1000): { proc: ReferenceProcess; fifo: ReferenceFifo } {
  const proc = createSystem().spawn({ uid, gid: uid });
  proc.mkfifo("/tmp/fifo");
  return { proc, fifo: lookupFifo(proc.system, "/tmp/fifo", "open") };
}

describe("mkfifo", () => {
  it("[FIFO-PERM-2] records the creator's uid and gid and the mode less the umask", () => {
    const proc = createSystem().spawn({ uid: 1000, gid: 100, groups: [7] });
    proc.umask(0o027);
    proc.mkfifo("/tmp/fifo", 0o666);
    expect(lookupFifo(proc.system, "/tmp/fifo", "open").ownership).toEqual({ uid: 1000, gid: 100, mode: 0o640 });
  });

  it("[FIFO-ERR-1] binds nothing new at a taken name", () => {
    const { proc, fifo } = setup();
    expect(thrownCode(() => proc.mkfifo("/tmp/fifo", 0o600))).toBe("EEXIST");
    expect(lookupFifo(proc.system, "/tmp/fifo", "open")).toBe(fifo);
    expect(fifo.ownership.mode).toBe(0o644);
  });

  it("[FIFO-PERM-2] keeps its own copy of the ownership it was given", () => {
    const ownership = { uid: 1, gid: 2, mode: 0o600 };
    const fifo = new ReferenceFifo(ownership);
    ownership.mode = 0o777;
    expect(fifo.ownership.mode).toBe(0o600);
  });

  it("fails ESRCH for an exited process, before checking anything else", () => {
    const proc = createSystem().spawn();
    proc.exit();
    expect(thrownCode(() => proc.mkfifo("not a path"))).toBe("ESRCH");
    expect(thrownCode(() => proc.tryOpenFifo("/tmp/x", { access: "read" }))).toBe("ESRCH");
    expect(thrownCode(() => proc.unlink("/tmp/x"))).toBe("ESRCH");
  });
});

describe("the file namespace", () => {
  it("is one per system, shared by its processes", () => {
    const system = createSystem();
    system.spawn().mkfifo("/tmp/fifo");
    expect(filesOf(system).lookup("/tmp/fifo")).toBeInstanceOf(ReferenceFifo);
    expect(filesOf(createSystem()).lookup("/tmp/fifo")).toBeUndefined();
  });

  it("[FIFO-ERR-2] opens of a name bound to something else than a FIFO fail ENXIO", () => {
    const proc = createSystem().spawn();
    filesOf(proc.system).bind("/tmp/socket", { ownership: { uid: 0, gid: 0, mode: 0o777 } });
    expect(thrownCode(() => proc.tryOpenFifo("/tmp/socket", { access: "read" }))).toBe("ENXIO");
    proc.unlink("/tmp/socket");
    expect(filesOf(proc.system).lookup("/tmp/socket")).toBeUndefined();
  });
});

describe("ReferenceFifo", () => {
  it("[FIFO-LIFE-2] has a pipe only while an end is open or an open waits", async () => {
    const { proc, fifo } = setup();
    expect(fifo.pipe).toBeUndefined();
    const reader = proc.tryOpenFifo("/tmp/fifo", { access: "read" });
    const pipe = fifo.pipe;
    expect(pipe).toBeInstanceOf(ReferencePipe);
    const controller = new AbortController();
    const waiting = follow(proc.openFifo("/tmp/fifo", { access: "read", signal: controller.signal }));
    reader.close();
    expect(fifo.pipe).toBe(pipe);
    controller.abort();
    await microtasks();
    expect(codeOf(waiting.current)).toBe("ECANCELED");
    expect(fifo.pipe).toBeUndefined();
  });

  it("[FIFO-LIFE-2] gives a new pipe the default capacity", () => {
    const { proc, fifo } = setup();
    const end = proc.tryOpenFifo("/tmp/fifo", { access: "readwrite" });
    end.setCapacity(4096);
    end.close();
    const again = proc.tryOpenFifo("/tmp/fifo", { access: "readwrite" });
    expect(again.getCapacity()).toBe(65536);
    expect(fifo.pipe).toBe(again.pipe);
  });

  it("[FIFO-NB-2] counts waiting opens among its readers and writers", () => {
    const { proc, fifo } = setup();
    void proc.openFifo("/tmp/fifo", { access: "write" });
    expect([fifo.readers, fifo.writers, fifo.waitingReaders, fifo.waitingWriters]).toEqual([0, 1, 0, 1]);
    proc.tryOpenFifo("/tmp/fifo", { access: "read" });
    expect([fifo.readers, fifo.writers, fifo.waitingReaders, fifo.waitingWriters]).toEqual([1, 1, 0, 0]);
  });

  it("[FIFO-BLK-1] completes waiting opens synchronously, inside the peer's open", () => {
    const { proc, fifo } = setup();
    void proc.openFifo("/tmp/fifo", { access: "read" });
    void proc.openFifo("/tmp/fifo", { access: "read" });
    proc.tryOpenFifo("/tmp/fifo", { access: "write" });
    expect(fifo.waitingReaders).toBe(0);
    expect(fifo.pipe?.readers).toBe(2);
  });

  it("[FIFO-BLK-1] gives each waiting open an end held by its own process", async () => {
    const system = createSystem();
    const alice = system.spawn({ uid: 0 });
    const bob = system.spawn({ uid: 0 });
    alice.mkfifo("/tmp/fifo");
    const waiting = bob.openFifo("/tmp/fifo", { access: "read" });
    const writer = await alice.openFifo("/tmp/fifo", { access: "write" });
    const reader = await waiting;
    expect(reader.owner).toBe(bob);
    expect(writer.owner).toBe(alice);
    expect(bob.descriptors).toEqual([reader]);
  });

  it("drops a waiting open as its process exits, with an EINTR nobody must await, and counts it no more", async () => {
    const system = createSystem();
    const waiter = system.spawn();
    const other = system.spawn();
    waiter.mkfifo("/tmp/fifo");
    const fifo = lookupFifo(system, "/tmp/fifo", "open");
    const waiting = follow(waiter.openFifo("/tmp/fifo", { access: "read" }));
    waiter.exit();
    expect(fifo.waitingReaders).toBe(0);
    expect(fifo.pipe).toBeUndefined();
    expect(thrownCode(() => other.tryOpenFifo("/tmp/fifo", { access: "write" }))).toBe("ENXIO");
    await microtasks();
    expect(codeOf(waiting.current)).toBe("EINTR");
  });

  it("leaves no unhandled rejection behind when a process exits with an open waiting and nobody awaits it", async () => {
    const system = createSystem();
    const waiter = system.spawn();
    waiter.mkfifo("/tmp/fifo");
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      void waiter.openFifo("/tmp/fifo", { access: "write" });
      waiter.exit();
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      process.off("unhandledRejection", unhandled);
    }
    expect(unhandled).not.toHaveBeenCalled();
  });

  /**
   * A process `waiter` whose open for reading waits while it also holds the
   * only read end of a pipe that `other` waits to write into: when `waiter`
   * exits, closing that end raises SIGPIPE on `other`, whose handler runs
   * `inHandler` while `waiter` is ending but its open is not yet dropped.
   */
  function endingWithOpenWaiting(inHandler: (other: ReferenceProcess, fifo: ReferenceFifo) => void): {
    readonly waiting: { readonly current: Outcome<unknown> };
    readonly waiter: ReferenceProcess;
    readonly fifo: ReferenceFifo;
  } {
    const system = createSystem();
    const waiter = system.spawn();
    const other = system.spawn();
    waiter.mkfifo("/tmp/fifo");
    const fifo = lookupFifo(system, "/tmp/fifo", "open");
    const [reader, writer] = waiter.pipe();
    const otherWriter = openEnd(reader.pipe, "write", other, "dup");
    writer.close();
    otherWriter.tryWrite(new Uint8Array(65536));
    follow(otherWriter.write(new Uint8Array(1)));
    other.sigaction(13, { handler: () => inHandler(other, fifo) });
    const waiting = follow(waiter.openFifo("/tmp/fifo", { access: "read" }));
    waiter.exit();
    return { waiting, waiter, fifo };
  }

  it("drops, with ESRCH, the waiting open of a process that is ending when another open comes meanwhile", async () => {
    let opened: ReferencePipeEnd | undefined;
    const { waiting, fifo } = endingWithOpenWaiting((other) => {
      opened = other.tryOpenFifo("/tmp/fifo", { access: "read" });
    });
    await microtasks();
    expect(codeOf(waiting.current)).toBe("ESRCH");
    expect(opened?.readable).toBe(true);
    expect(fifo.waitingReaders).toBe(0);
    expect(fifo.readers).toBe(1);
  });

  it("skips the waiting open of a process that is ending when the peer arrives through attach meanwhile", async () => {
    const { waiting, fifo } = endingWithOpenWaiting((other, node) => {
      node.attach("write", other);
    });
    await microtasks();
    expect(codeOf(waiting.current)).toBe("ESRCH");
    expect(fifo.pipe?.readers).toBe(0);
    expect(fifo.pipe?.writers).toBe(1);
  });

  it("[FIFO-BLK-5] registers a waiting open with its process, and no longer once it completes", async () => {
    const { proc } = setup();
    void proc.openFifo("/tmp/fifo", { access: "read" });
    expect(proc.oldestBlockedCall()?.syscall).toBe("open");
    proc.tryOpenFifo("/tmp/fifo", { access: "write" });
    expect(proc.oldestBlockedCall()).toBeUndefined();
  });

  it("[FIFO-BLK-5] an interrupted open rejects EINTR and no longer counts as a writer", async () => {
    const { proc, fifo } = setup();
    proc.sigaction(10, { handler: () => undefined });
    const waiting = follow(proc.openFifo("/tmp/fifo", { access: "write" }));
    expect(fifo.writers).toBe(1);
    proc.kill(proc.pid, 10);
    await microtasks();
    expect(codeOf(waiting.current)).toBe("EINTR");
    expect(fifo.waitingWriters).toBe(0);
  });

  it("[FIFO-BLK-3] rejects an open given an aborted signal directly, leaving nothing waiting", async () => {
    const { proc, fifo } = setup();
    const controller = new AbortController();
    controller.abort("why");
    const outcome = follow(fifo.open(proc, "read", controller.signal));
    await microtasks();
    expect(codeOf(outcome.current)).toBe("ECANCELED");
    expect(outcome.current.state === "rejected" && (outcome.current.reason as Error).cause).toBe("why");
    expect(fifo.waitingReaders).toBe(0);
  });

  it("[FIFO-LIFE-3] lets waiting opens of an unlinked FIFO be completed only through the FIFO object", async () => {
    const { proc, fifo } = setup();
    const waiting = follow(proc.openFifo("/tmp/fifo", { access: "read" }));
    proc.unlink("/tmp/fifo");
    fifo.tryOpen(proc, "write");
    await microtasks();
    expect(waiting.current.state).toBe("fulfilled");
  });
});

describe("openFifo", () => {
  it("[FIFO-BLK-4] checks the name and permission before the signal", async () => {
    const system = createSystem();
    const owner = system.spawn({ uid: 1000, gid: 1000 });
    const other = system.spawn({ uid: 1001, gid: 1001 });
    owner.mkfifo("/tmp/fifo", 0o600);
    const controller = new AbortController();
    controller.abort();
    const missing = follow(owner.openFifo("/tmp/none", { access: "read", signal: controller.signal }));
    const denied = follow(other.openFifo("/tmp/fifo", { access: "read", signal: controller.signal }));
    const canceled = follow(owner.openFifo("/tmp/fifo", { access: "read", signal: controller.signal }));
    await microtasks();
    expect([codeOf(missing.current), codeOf(denied.current), codeOf(canceled.current)]).toEqual(["ENOENT", "EACCES", "ECANCELED"]);
  });

  it("never throws synchronously", async () => {
    const proc = createSystem().spawn();
    const result = follow(proc.openFifo(42 as unknown as string, { access: "read" }));
    await microtasks();
    expect(codeOf(result.current)).toBe("EINVAL");
  });
});

describe("readwrite ends", () => {
  function readwrite(): { proc: ReferenceProcess; end: ReferencePipeEnd } {
    const { proc } = setup(0);
    return { proc, end: proc.tryOpenFifo("/tmp/fifo", { access: "readwrite" }) };
  }

  it("[FIFO-EOF-2] count once as a reader and once as a writer", () => {
    const { end } = readwrite();
    expect([end.pipe.readers, end.pipe.writers]).toEqual([1, 1]);
    const copy = end.dup();
    expect([copy.readable, copy.writable, end.pipe.readers, end.pipe.writers]).toEqual([true, true, 2, 2]);
    end.close();
    copy.close();
    expect([end.pipe.readers, end.pipe.writers]).toEqual([0, 0]);
  });

  it("[PIPE-LIFE-4] closing one rejects its own pending read with EBADF and leaves another end's pending", async () => {
    const { proc, end } = readwrite();
    const other = proc.tryOpenFifo("/tmp/fifo", { access: "readwrite" });
    const own = follow(end.read(new Uint8Array(4)));
    const theirs = follow(other.read(new Uint8Array(4)));
    end.close();
    await microtasks();
    expect(codeOf(own.current)).toBe("EBADF");
    expect(theirs.current.state).toBe("pending");
    other.tryWrite(new Uint8Array([1]));
    await microtasks();
    expect(theirs.current).toEqual({ state: "fulfilled", value: 1 });
  });

  it("[PIPE-LIFE-4] closing one rejects its own pending write with EBADF, not EPIPE, and leaves another end's pending", async () => {
    const { proc, end } = readwrite();
    const other = proc.tryOpenFifo("/tmp/fifo", { access: "readwrite" });
    expect(end.tryWrite(new Uint8Array(65536))).toBe(65536);
    const own = follow(end.write(new Uint8Array(10)));
    const theirs = follow(other.write(new Uint8Array(10)));
    end.close();
    await microtasks();
    expect(codeOf(own.current)).toBe("EBADF");
    expect(theirs.current.state).toBe("pending");
    other.close();
    await microtasks();
    expect(codeOf(theirs.current)).toBe("EBADF");
  });

  it("[PIPE-ERR-2] closing the last reader among readwrite ends fails another end's pending write with EPIPE", async () => {
    const { proc, end } = readwrite();
    const writer = proc.tryOpenFifo("/tmp/fifo", { access: "write" });
    expect(writer.tryWrite(new Uint8Array(65536))).toBe(65536);
    const pending = follow(writer.write(new Uint8Array(10)));
    end.close();
    await microtasks();
    expect(codeOf(pending.current)).toBe("EPIPE");
  });

  it("[FIFO-EOF-2] closing the last one ends waiting reads with 0 and waiting writes with EPIPE elsewhere", async () => {
    const { proc } = setup(0);
    const both = proc.tryOpenFifo("/tmp/fifo", { access: "readwrite" });
    const reader = proc.tryOpenFifo("/tmp/fifo", { access: "read" });
    const pending = follow(reader.read(new Uint8Array(1)));
    both.close();
    await microtasks();
    expect(pending.current).toEqual({ state: "fulfilled", value: 0 });
  });

  it("[FIFO-LIFE-2] tell the pipe's keeper once, when the last end closes", () => {
    let calls = 0;
    const pipe = new ReferencePipe(4096, () => {
      calls += 1;
    });
    const proc = createSystem().spawn();
    const a = openEnd(pipe, "readwrite", proc, "open");
    const b = openEnd(pipe, "read", proc, "open");
    a.close();
    expect(calls).toBe(0);
    b.close();
    expect(calls).toBe(1);
  });
});

describe("requireOpenOptions and requireFilePath", () => {
  it("[FIFO-ERR-4] ignore a signal when the call takes none", () => {
    expect(requireOpenOptions({ access: "read", signal: "not a signal" }, "open", false)).toEqual({ access: "read", signal: undefined });
    expect(thrownCode(() => requireOpenOptions({ access: "read", signal: "not a signal" }, "open"))).toBe("EINVAL");
  });

  it("[FIFO-ERR-3] report malformed paths as EINVAL before long ones as ENAMETOOLONG", () => {
    expect(thrownCode(() => requireFilePath(`/${"x".repeat(5000)}/`, "open"))).toBe("EINVAL");
    expect(thrownCode(() => requireFilePath(`/${"x".repeat(5000)}`, "open"))).toBe("ENAMETOOLONG");
    expect(thrownCode(() => requireFilePath(`/${"x/".repeat(2047)}x`, "open"))).toBe("ENAMETOOLONG");
    expect(requireFilePath(`/${"x/".repeat(2046)}xy`, "open")).toHaveLength(4095);
  });
});
