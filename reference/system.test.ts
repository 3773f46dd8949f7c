import { describe, expect, it } from "vitest";
import { thrownCode } from "../test/helpers.ts";
import type { ReferencePipeEnd } from "./pipe/index.ts";
import { ReferenceSystem, createSystem } from "./system.ts";
import type { Descriptor } from "./kernel/process-core.ts";
import type { ReferenceProcess } from "./system.ts";

/** A descriptor of no particular mechanism, to check the table is generic. */
class FakeDescriptor implements Descriptor {
  closed = false;
  readonly owner: ReferenceProcess;
  constructor(owner: ReferenceProcess) {
    this.owner = owner;
    owner.addDescriptor(this);
  }
  dupInto(process: ReferenceProcess): FakeDescriptor {
    return new FakeDescriptor(process);
  }
  close(): void {
    this.closed = true;
    this.owner.removeDescriptor(this);
  }
}

describe("ReferenceSystem", () => {
  it("gives pids from 1 upwards, never reused, independently per system", () => {
    const system = createSystem();
    const first = system.spawn();
    const second = system.spawn();
    first.exit();
    const third = system.spawn();
    expect([first.pid, second.pid, third.pid]).toEqual([1, 2, 3]);
    expect(third.fork().pid).toBe(4);
    expect(new ReferenceSystem().spawn().pid).toBe(1);
  });

  it("defaults credentials to root with no groups, and freezes them", () => {
    const process = createSystem().spawn();
    expect(process.credentials).toEqual({ uid: 0, gid: 0, groups: [] });
    expect(Object.isFrozen(process.credentials)).toBe(true);
    expect(Object.isFrozen(process.credentials.groups)).toBe(true);
  });

  it("copies the groups it is given", () => {
    const groups = [10, 20];
    const process = createSystem().spawn({ uid: 5, gid: 6, groups });
    groups.push(30);
    expect(process.credentials).toEqual({ uid: 5, gid: 6, groups: [10, 20] });
  });

  it("rejects ids that are not non-negative integers with EINVAL, using up no pid", () => {
    const system = createSystem();
    const bad: unknown[] = [
      { uid: -1 },
      { gid: 1.5 },
      { uid: "0" },
      { uid: Number.NaN },
      { groups: [1, -2] },
      { groups: "wheel" },
      null,
      42,
    ];
    for (const options of bad) expect(thrownCode(() => system.spawn(options as never))).toBe("EINVAL");
    expect(system.spawn().pid).toBe(1);
  });
});

describe("ReferenceProcess", () => {
  it("records the descriptors it opens and forgets those it closes", () => {
    const process = createSystem().spawn();
    const [reader, writer] = process.pipe();
    const copy = reader.dup();
    expect(process.descriptors).toEqual([reader, writer, copy]);
    reader.close();
    expect(process.descriptors).toEqual([writer, copy]);
  });

  it("[PIPE-LIFE-3] fork gives the child its own duplicate of every open descriptor, with the parent's credentials", () => {
    const parent = createSystem().spawn({ uid: 1000, gid: 100, groups: [7] });
    const [reader, writer] = parent.pipe();
    const closed = reader.dup();
    closed.close();
    const child = parent.fork();
    expect(child.alive).toBe(true);
    expect(child.credentials).toEqual(parent.credentials);
    const inherited = child.descriptors as ReferencePipeEnd[];
    expect(inherited).toHaveLength(2);
    expect(inherited[0]?.readable && inherited[0].pipe === reader.pipe && inherited[0].owner === child).toBe(true);
    expect(inherited[1]?.writable && inherited[1].pipe === writer.pipe && inherited[1].owner === child).toBe(true);
    expect([reader.pipe.readers, reader.pipe.writers]).toEqual([2, 2]);
    expect(parent.descriptors).toEqual([reader, writer]);
  });

  it("fork and exit work on any kind of descriptor", () => {
    const parent = createSystem().spawn();
    const fake = new FakeDescriptor(parent);
    const child = parent.fork();
    const [inherited] = child.descriptors;
    expect(inherited).toBeInstanceOf(FakeDescriptor);
    expect(inherited).not.toBe(fake);
    child.exit();
    expect((inherited as FakeDescriptor).closed).toBe(true);
    expect(fake.closed).toBe(false);
  });

  it("[PIPE-LIFE-2] exit closes every end it holds: readers see end of file, writers EPIPE", async () => {
    const system = createSystem();
    const parent = system.spawn();
    const [reader, writer] = parent.pipe();
    const [otherReader, otherWriter] = parent.pipe();
    const child = parent.fork();
    writer.close();
    otherReader.close();
    const pending = reader.read(new Uint8Array(1));
    child.exit();
    expect(await pending).toBe(0);
    expect(thrownCode(() => otherWriter.tryWrite(new Uint8Array(1)))).toBe("EPIPE");
    expect(child.descriptors).toHaveLength(0);
  });

  it("exit rejects the process's own pending operations with EBADF", async () => {
    const process = createSystem().spawn();
    const [reader] = process.pipe();
    const pending = reader.read(new Uint8Array(1));
    process.exit();
    await expect(pending).rejects.toMatchObject({ code: "EBADF" });
  });

  it("records the exit status; a second exit does nothing", () => {
    const process = createSystem().spawn();
    process.pipe();
    expect(process.exitStatus).toBeUndefined();
    process.exit(3);
    expect([process.alive, process.exitStatus, process.descriptors.length]).toEqual([false, 3, 0]);
    process.exit(4);
    expect(process.exitStatus).toBe(3);
  });

  it("exit fails EINVAL for a status that is not an integer from 0 to 255, and the process lives on", () => {
    const process = createSystem().spawn();
    for (const bad of [-1, 256, 1.5, Number.NaN, "0", null]) {
      expect(thrownCode(() => process.exit(bad as never))).toBe("EINVAL");
    }
    expect(process.alive).toBe(true);
    process.exit(255);
    expect(process.exitStatus).toBe(255);
  });

  it("an exited process fails pipe and fork with ESRCH", () => {
    const process = createSystem().spawn();
    process.exit();
    expect(thrownCode(() => process.pipe())).toBe("ESRCH");
    expect(thrownCode(() => process.fork())).toBe("ESRCH");
    expect(thrownCode(() => process.requireAlive("pipe"))).toBe("ESRCH");
  });

  it("an exited process cannot receive descriptors", () => {
    const system = createSystem();
    const [reader] = system.spawn().pipe();
    const dead = system.spawn();
    dead.exit();
    expect(thrownCode(() => reader.dupInto(dead))).toBe("ESRCH");
    expect(reader.pipe.readers).toBe(1);
  });
});

describe("the process table and the end of a process", () => {
  it("finds every process by pid, exited ones included, and lists them in pid order", () => {
    const system = createSystem();
    const first = system.spawn();
    const second = first.fork();
    first.exit();
    expect(system.processByPid(first.pid)).toBe(first);
    expect(system.processByPid(second.pid)).toBe(second);
    expect(system.processByPid(99)).toBeUndefined();
    expect(system.processList()).toEqual([first, second]);
  });

  it("puts a spawned process in a new group and a forked child in its parent's", () => {
    const system = createSystem();
    const parent = system.spawn();
    const child = parent.fork();
    const other = system.spawn();
    expect(parent.pgid).toBe(parent.pid);
    expect(child.pgid).toBe(parent.pid);
    expect(other.pgid).toBe(other.pid);
  });

  it("reports running, exited and signaled, and ends only once", () => {
    const system = createSystem();
    const exited = system.spawn();
    const killed = system.spawn();
    expect(exited.status).toEqual({ state: "running" });
    exited.exit(4);
    exited.terminate(9, false);
    expect(exited.status).toEqual({ state: "exited", exitStatus: 4 });
    killed.terminate(11, true);
    killed.exit(1);
    expect(killed.status).toEqual({ state: "signaled", signal: 11, core: true });
    expect(killed.exitStatus).toBeUndefined();
  });

  it("interrupts the calls still blocked when the process ends, so a gone process takes no unit", async () => {
    const system = createSystem();
    const doomed = system.spawn();
    const survivor = system.spawn();
    const sem = doomed.semInit(0);
    const lost = doomed.semWait(sem).catch((error: unknown) => error);
    const served = survivor.semWait(sem);
    expect(doomed.oldestBlockedCall()?.syscall).toBe("sem_wait");
    doomed.exit();
    expect(doomed.oldestBlockedCall()).toBeUndefined();
    expect(((await lost) as { code: string }).code).toBe("EINTR");
    survivor.semPost(sem);
    await served;
    expect(survivor.semGetValue(sem)).toBe(0);
  });

  it("keeps blocked calls in the order they blocked", () => {
    const process = createSystem().spawn();
    const first = { syscall: "read", restart: "restart" as const, interrupt: () => undefined };
    const second = { syscall: "write", restart: "restart" as const, interrupt: () => undefined };
    process.block(first);
    process.block(second);
    expect(process.oldestBlockedCall()).toBe(first);
    process.unblock(first);
    expect(process.oldestBlockedCall()).toBe(second);
  });
});
