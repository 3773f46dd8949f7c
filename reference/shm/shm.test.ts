import { describe, expect, it } from "vitest";
import { PAGE_SIZE } from "../../spec/constants.ts";
import { IpcError } from "../../spec/errors.ts";
import { SHM_SIZE_MAX } from "../../spec/shm.ts";
import { thrownCode } from "../../test/helpers.ts";
import { ReferenceMapping, mapObject, ReferenceSharedMemory, ReferenceShmObject, requireMapOptions, requireShmOpenOptions, shmNamespaceOf } from "./index.ts";
import { createSystem } from "../system.ts";
import type { ReferenceProcess } from "../system.ts";
import { requireShmName } from "../base/validate.ts";

function setup(size = PAGE_SIZE): { proc: ReferenceProcess; memory: ReferenceSharedMemory } {
  const proc = createSystem().spawn({ uid: 1000, gid: 100 });
  const memory = proc.shmOpen("/test", { access: "readwrite", create: true });
  memory.truncate(size);
  return { proc, memory };
}

describe("the object's memory", () => {
  it("[SHM-ATOM-1] is one growable SharedArrayBuffer that every read-write view is made over", () => {
    const { memory } = setup(2 * PAGE_SIZE);
    const buffer = memory.object.buffer;
    expect(Object.prototype.toString.call(buffer)).toBe("[object SharedArrayBuffer]");
    const first = memory.map({ access: "readwrite" });
    const second = memory.map({ access: "readwrite", offset: PAGE_SIZE });
    expect(first.view?.buffer).toBe(buffer);
    expect(second.view?.buffer).toBe(buffer);
    expect(second.view?.byteOffset).toBe(PAGE_SIZE);
  });

  it("[SHM-CAP-3] grows in place, so views made before a resize stay the same arrays over the same memory", () => {
    const { memory } = setup(16);
    const mapping = memory.map({ access: "readwrite" });
    const view = mapping.view!;
    memory.truncate(10 * PAGE_SIZE);
    expect(memory.object.buffer.byteLength).toBeGreaterThanOrEqual(10 * PAGE_SIZE);
    view[3] = 1;
    expect(memory.map({ access: "read" }).read(3, 1)[0]).toBe(1);
    expect(mapping.view).toBe(view);
    expect(view.length).toBe(16);
  });

  it("[SHM-CAP-3] covers a mapping past the end of the object without changing the object's size", () => {
    const { memory } = setup(0);
    const mapping = memory.map({ access: "readwrite", offset: 2 * PAGE_SIZE, length: PAGE_SIZE });
    expect(memory.object.buffer.byteLength).toBeGreaterThanOrEqual(3 * PAGE_SIZE);
    expect(memory.stat().size).toBe(0);
    expect(mapping.view?.length).toBe(PAGE_SIZE);
  });

  it("[SHM-CAP-2] clears only what the object grows over, and leaves what lies before the old size", () => {
    const { memory } = setup(2 * PAGE_SIZE);
    const mapping = memory.map({ access: "readwrite" });
    mapping.view!.fill(7);
    memory.truncate(10);
    // Past the size the view still shows the old bytes (unspecified), until the object grows.
    expect(mapping.view![100]).toBe(7);
    memory.truncate(20);
    expect(Array.from(mapping.read(0, 20))).toEqual([...new Array(10).fill(7), ...new Array(10).fill(0)]);
    expect(mapping.view![100]).toBe(7);
    memory.truncate(2 * PAGE_SIZE);
    expect(mapping.read().every((byte, i) => (i < 10 ? byte === 7 : byte === 0))).toBe(true);
  });

  it("[SHM-ORD-1] falls back to a resizable ArrayBuffer where there is no SharedArrayBuffer", () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, "SharedArrayBuffer");
    delete (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer;
    try {
      const object = new ReferenceShmObject({ uid: 0, gid: 0, mode: 0o600 });
      expect(Object.prototype.toString.call(object.buffer)).toBe("[object ArrayBuffer]");
      const proc = createSystem().spawn();
      const view = mapObject(object, "readwrite", 0, 8, proc).view!;
      object.resize(8);
      view[0] = 5;
      expect(mapObject(object, "read", 0, 8, proc).read(0, 1)[0]).toBe(5);
      const words = new Int32Array(view.buffer, view.byteOffset, 2);
      expect(Atomics.add(words, 1, 3)).toBe(0);
      expect(Atomics.load(words, 1)).toBe(3);
    } finally {
      if (saved !== undefined) Object.defineProperty(globalThis, "SharedArrayBuffer", saved);
    }
  });

  it("[SHM-CAP-4] grows to SHM_SIZE_MAX without touching the memory", () => {
    const { memory } = setup(0);
    memory.truncate(SHM_SIZE_MAX);
    const mapping = memory.map({ access: "readwrite", offset: SHM_SIZE_MAX - PAGE_SIZE, length: PAGE_SIZE });
    mapping.write(PAGE_SIZE - 1, new Uint8Array([1]));
    expect(mapping.read(PAGE_SIZE - 1, 1)[0]).toBe(1);
    expect(thrownCode(() => memory.truncate(SHM_SIZE_MAX + 1))).toBe("EINVAL");
  });

  it("[SHM-ORD-1] copies out: a read returns a fresh array, not a view of the memory", () => {
    const { memory } = setup(8);
    const mapping = memory.map({ access: "readwrite" });
    const copy = mapping.read(0, 8);
    expect(copy.buffer).not.toBe(memory.object.buffer);
    copy[0] = 9;
    expect(mapping.read(0, 1)[0]).toBe(0);
  });

  it("[SHM-ORD-1] writes from a view of the same memory correctly even when the ranges overlap", () => {
    const { memory } = setup(16);
    const mapping = memory.map({ access: "readwrite" });
    mapping.view!.set([1, 2, 3, 4, 5, 6, 7, 8]);
    mapping.write(2, mapping.view!.subarray(0, 8));
    expect(Array.from(mapping.read(0, 10))).toEqual([1, 2, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe("descriptors and mappings in the process table", () => {
  it("[SHM-LIFE-10] registers descriptors and mappings, and exit closes and unmaps them all", () => {
    const { proc, memory } = setup();
    const mapping = memory.map({ access: "readwrite" });
    expect(proc.descriptors).toEqual([memory, mapping]);
    proc.exit();
    expect(memory.closed).toBe(true);
    expect(mapping.mapped).toBe(false);
    expect(memory.object.attachments).toBe(0);
  });

  it("[SHM-LIFE-10] fork duplicates descriptors and mappings into the child, over the same object", () => {
    const { proc, memory } = setup();
    memory.map({ access: "read" });
    const child = proc.fork();
    const [descriptor, mapping] = child.descriptors;
    expect(descriptor).toBeInstanceOf(ReferenceSharedMemory);
    expect(mapping).toBeInstanceOf(ReferenceMapping);
    expect((descriptor as ReferenceSharedMemory).object).toBe(memory.object);
    expect((mapping as ReferenceMapping).owner).toBe(child);
    expect(memory.object.readers).toBe(2);
  });

  it("[SHM-LIFE-9] takes an unmapped mapping out of the table; an unmapped one is not duplicated", () => {
    const { proc, memory } = setup();
    const mapping = memory.map({ access: "read" });
    mapping.unmap();
    expect(proc.descriptors).toEqual([memory]);
    expect(thrownCode(() => mapping.dupInto(proc))).toBe("EBADF");
  });

  it("[SHM-LIFE-6] takes a closed descriptor out of the table and leaves its mappings there", () => {
    const { proc, memory } = setup();
    const mapping = memory.map({ access: "read" });
    memory.close();
    expect(proc.descriptors).toEqual([mapping]);
  });

  it("refuses every call of a process that has exited with ESRCH", () => {
    const proc = createSystem().spawn();
    proc.exit();
    expect(thrownCode(() => proc.shmOpen("/x", { access: "read", create: true }))).toBe("ESRCH");
    expect(thrownCode(() => proc.shmUnlink("/x"))).toBe("ESRCH");
  });
});

describe("the namespace", () => {
  it("[SHM-LIFE-4] drops the name at unlink and keeps one object per system", () => {
    const system = createSystem();
    const proc = system.spawn();
    const memory = proc.shmOpen("/n", { access: "readwrite", create: true });
    expect(shmNamespaceOf(system).lookup("/n")).toBe(memory.object);
    expect(createSystem().spawn().shmOpen("/n", { access: "read", create: true }).object).not.toBe(memory.object);
    proc.shmUnlink("/n");
    expect(shmNamespaceOf(system).lookup("/n")).toBeUndefined();
  });

  it("[SHM-ERR-1] keeps shared memory names apart from FIFO paths", () => {
    const proc = createSystem().spawn();
    proc.mkfifo("/same");
    expect(thrownCode(() => proc.shmOpen("/same", { access: "read" }))).toBe("ENOENT");
    proc.shmOpen("/same", { access: "read", create: true });
  });
});

describe("argument checks", () => {
  it("[SHM-ERR-1] requireShmName accepts the portable form and counts bytes", () => {
    expect(requireShmName("/a", "shm_open")).toBe("/a");
    expect(requireShmName(`/${"€".repeat(85)}`, "shm_open")).toHaveLength(86);
    expect(thrownCode(() => requireShmName(`/${"€".repeat(85)}x`, "shm_open"))).toBe("ENAMETOOLONG");
    expect(thrownCode(() => requireShmName("/...", "shm_open"))).toBeUndefined();
    expect(thrownCode(() => requireShmName(`/${"x".repeat(252)}`, "sem_open", 251))).toBe("ENAMETOOLONG");
    for (const bad of ["", "a", "/", "/.", "/..", "/a/", "/a\0"]) expect(thrownCode(() => requireShmName(bad, "shm_open"))).toBe("EINVAL");
  });

  it("[SHM-ERR-2] requireShmOpenOptions fills in the defaults and rejects the rest", () => {
    expect(requireShmOpenOptions({ access: "readwrite" }, "shm_open")).toEqual({
      access: "readwrite",
      create: false,
      exclusive: false,
      truncate: false,
      mode: 0o600,
    });
    expect(thrownCode(() => requireShmOpenOptions({ access: "read", mode: 0o777 + 1 }, "shm_open"))).toBe("EINVAL");
    expect(thrownCode(() => requireShmOpenOptions(undefined, "shm_open"))).toBe("EINVAL");
  });

  it("[SHM-ERR-4] requireMapOptions defaults the length to the rest of the object", () => {
    expect(requireMapOptions({ access: "readwrite" }, 10, "mmap")).toEqual({ access: "readwrite", offset: 0, length: 10 });
    expect(requireMapOptions({ access: "read", offset: PAGE_SIZE, length: 1 }, 0, "mmap")).toEqual({ access: "read", offset: PAGE_SIZE, length: 1 });
    expect(thrownCode(() => requireMapOptions({ access: "read", offset: 2 * PAGE_SIZE }, PAGE_SIZE, "mmap"))).toBe("EINVAL");
    expect(requireMapOptions({ access: "read", offset: SHM_SIZE_MAX - PAGE_SIZE, length: PAGE_SIZE }, 0, "mmap").length).toBe(PAGE_SIZE);
  });

  it("[SHM-PERM-5] checks a read-only mapping's access before its arguments", () => {
    const { memory } = setup(0);
    const mapping = memory.map({ access: "read", length: 1 });
    expect(thrownCode(() => mapping.write(5, "x" as unknown as Uint8Array))).toBe("EACCES");
  });

  it("[SHM-ERR-6] names the load and the store in its errors", () => {
    const { memory } = setup(0);
    const mapping = memory.map({ access: "readwrite", length: 1 });
    for (const [call, syscall] of [
      [() => mapping.read(0, 1), "load"],
      [() => mapping.write(0, new Uint8Array(1)), "store"],
    ] as const) {
      try {
        call();
        expect.unreachable();
      } catch (error) {
        expect(IpcError.is(error, "EFAULT") && error.syscall).toBe(syscall);
      }
    }
  });
});
