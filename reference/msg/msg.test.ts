import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IPC_PRIVATE, MSGMAX, MSGMNB } from "../../spec/msg.ts";
import { SIGUSR1 } from "../../spec/signal.ts";
import { codeOf, follow, microtasks, thrownCode } from "../../test/helpers.ts";
import { MSG_STATE, MsgTable, ReferenceMsgQueue, msgTableOf } from "./index.ts";
import { createSystem } from "../system.ts";
import type { ReferenceProcess } from "../system.ts";

function setup(uid = 1000): { caller: ReferenceProcess; id: number; queue: ReferenceMsgQueue } {
  const system = createSystem();
  const caller = system.spawn({ uid, gid: uid });
  const id = caller.msgget(IPC_PRIVATE);
  return { caller, id, queue: msgTableOf(system).byId(id)! };
}

describe("selection by type", () => {
  it("[MSG-ORD-5] agrees with a naive model over many types, long runs and every kind of receive", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            { arbitrary: fc.record({ send: fc.integer({ min: 1, max: 40 }) }), weight: 3 },
            { arbitrary: fc.record({ receive: fc.integer({ min: -45, max: 45 }), except: fc.boolean() }), weight: 2 },
          ),
          { maxLength: 300 },
        ),
        (ops) => {
          const { caller, id } = setup(0);
          const model: { type: number; seq: number }[] = [];
          let seq = 0;
          for (const op of ops) {
            if ("send" in op) {
              caller.tryMsgsnd(id, op.send, Uint8Array.of(seq & 0xff, seq >> 8));
              model.push({ type: op.send, seq });
              seq += 1;
              continue;
            }
            const type = op.receive;
            const except = op.except && type > 0;
            let index: number;
            if (type === 0) index = model.length > 0 ? 0 : -1;
            else if (type > 0) index = model.findIndex((m) => (except ? m.type !== type : m.type === type));
            else {
              index = -1;
              model.forEach((m, i) => {
                if (m.type <= -type && (index < 0 || m.type < model[index]!.type)) index = i;
              });
            }
            const buffer = new Uint8Array(2);
            if (index < 0) {
              expect(thrownCode(() => caller.tryMsgrcv(id, buffer, type, { except }))).toBe("ENOMSG");
              continue;
            }
            const [wanted] = model.splice(index, 1);
            const got = caller.tryMsgrcv(id, buffer, type, { except });
            expect(got.type).toBe(wanted!.type);
            expect(buffer[0]! | (buffer[1]! << 8)).toBe(wanted!.seq);
          }
          expect(caller.msgctl(id, "stat")?.messages).toBe(model.length);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  it("[MSG-ORD-1] keeps arrival order across thousands of types without a linear scan per receive", () => {
    const { caller, id, queue } = setup(0);
    caller.msgctl(id, "set", { maxBytes: 1 << 20 });
    const count = 20000;
    const empty = new Uint8Array(0);
    // Types in a scrambled order, so the heap by age and the heap by type disagree.
    for (let i = 0; i < count; i++) caller.tryMsgsnd(id, ((i * 7919) % count) + 1, empty);
    for (let i = 0; i < count; i++) {
      expect(caller.tryMsgrcv(id, empty, 0).type).toBe(((i * 7919) % count) + 1);
    }
    expect(queue.messages).toBe(0);
    // Its speed is measured by `ipckit bench`, not asserted here.
  });

  it("[MSG-ORD-4] takes the lowest type, then the next lowest, as messages leave", () => {
    const { caller, id } = setup();
    for (const type of [9, 4, 7, 4, 1, 12]) caller.tryMsgsnd(id, type, new Uint8Array(0));
    const order = Array.from({ length: 6 }, () => caller.tryMsgrcv(id, new Uint8Array(0), -100).type);
    expect(order).toEqual([1, 4, 4, 7, 9, 12]);
  });

  it("[MSG-ORD-3] except looks past the oldest type to the second-oldest head", () => {
    const { caller, id, queue } = setup();
    for (const type of [3, 3, 8, 5, 3, 2]) caller.tryMsgsnd(id, type, new Uint8Array(0));
    expect(queue.select(3, true)?.type).toBe(8);
    expect(queue.select(8, true)?.type).toBe(3);
    caller.tryMsgrcv(id, new Uint8Array(0), 8);
    expect(queue.select(3, true)?.type).toBe(5);
    expect(queue.messagesInOrder().map((m) => m.type)).toEqual([3, 3, 5, 3, 2]);
  });
});

describe("the order of checks", () => {
  it("an exited caller fails ESRCH before anything else", async () => {
    const system = createSystem();
    const caller = system.spawn();
    const id = caller.msgget(IPC_PRIVATE);
    caller.exit();
    expect(thrownCode(() => caller.msgget("bad" as unknown as number))).toBe("ESRCH");
    expect(thrownCode(() => caller.tryMsgsnd(id, 0, new Uint8Array(1)))).toBe("ESRCH");
    expect(thrownCode(() => caller.tryMsgrcv(id, new Uint8Array(1), 0))).toBe("ESRCH");
    expect(thrownCode(() => caller.msgctl(id, "stat"))).toBe("ESRCH");
    await expect(caller.msgsnd(id, 1, new Uint8Array(1))).rejects.toMatchObject({ code: "ESRCH" });
    await expect(caller.msgrcv(id, new Uint8Array(1), 0)).rejects.toMatchObject({ code: "ESRCH" });
  });

  it("[MSG-ERR-8] argument errors come before an unknown identifier, which comes before permission", () => {
    const system = createSystem();
    const owner = system.spawn({ uid: 1000, gid: 1000 });
    const other = system.spawn({ uid: 2000, gid: 2000 });
    const id = owner.msgget(IPC_PRIVATE);
    expect(thrownCode(() => other.tryMsgsnd(id, 1, new Uint8Array(1)))).toBe("EACCES");
    expect(thrownCode(() => other.tryMsgsnd(id + 1, 1, new Uint8Array(1)))).toBe("EINVAL");
    expect(thrownCode(() => other.tryMsgsnd(id, 1, new Uint8Array(MSGMAX + 1)))).toBe("EINVAL");
    expect(thrownCode(() => other.tryMsgrcv(id, new Uint8Array(1), 1, { except: false, noerror: 3 as unknown as boolean }))).toBe("EINVAL");
    expect(thrownCode(() => other.msgctl(id, "set", { mode: 0o1000 }))).toBe("EINVAL");
    expect(thrownCode(() => other.msgctl(id, "set", { mode: 0o777 }))).toBe("EPERM");
  });

  it("[MSG-BLK-5] permission comes before an aborted signal, and an aborted signal before the operation", async () => {
    const system = createSystem();
    const owner = system.spawn({ uid: 1000, gid: 1000 });
    const other = system.spawn({ uid: 2000, gid: 2000 });
    const id = owner.msgget(IPC_PRIVATE);
    const signal = AbortSignal.abort();
    await expect(other.msgsnd(id, 1, new Uint8Array(1), { signal })).rejects.toMatchObject({ code: "EACCES" });
    await expect(owner.msgsnd(id, 1, new Uint8Array(1), { signal })).rejects.toMatchObject({ code: "ECANCELED" });
    owner.tryMsgsnd(id, 1, new Uint8Array(5));
    // E2BIG would apply, but the aborted signal is checked first.
    await expect(owner.msgrcv(id, new Uint8Array(1), 0, { signal })).rejects.toMatchObject({ code: "ECANCELED" });
  });

  it("the blocking calls never throw synchronously", () => {
    const { caller } = setup();
    const bad = caller as unknown as { msgsnd(...args: unknown[]): unknown; msgrcv(...args: unknown[]): unknown };
    const sent = bad.msgsnd("x", 0, "y", 5);
    const received = bad.msgrcv("x", "y", 0.5, 5);
    expect(sent).toBeInstanceOf(Promise);
    expect(received).toBeInstanceOf(Promise);
    (sent as Promise<unknown>).catch(() => undefined);
    (received as Promise<unknown>).catch(() => undefined);
  });

  it("the try form of receive ignores a signal among its options", () => {
    const { caller, id } = setup();
    caller.tryMsgsnd(id, 1, new Uint8Array(1));
    const options = { signal: "not a signal" } as unknown as { noerror?: boolean };
    expect(caller.tryMsgrcv(id, new Uint8Array(1), 0, options).length).toBe(1);
  });
});

describe("the queue object", () => {
  it("[MSG-LIFE-5] a queue held after removal fails EIDRM", async () => {
    const { caller, id, queue } = setup();
    caller.msgctl(id, "remove");
    expect(queue.removed).toBe(true);
    expect(thrownCode(() => queue.trySend(caller, 1, new Uint8Array(0)))).toBe("EIDRM");
    expect(thrownCode(() => queue.stat(caller))).toBe("EIDRM");
    expect(thrownCode(() => queue.requireAttach(caller))).toBe("EIDRM");
  });

  it("[MSG-LIFE-8] ends a blocked receive as its process exits, with EINTR, and a later message stays queued", async () => {
    const system = createSystem();
    const owner = system.spawn();
    const doomed = system.spawn();
    const id = owner.msgget(IPC_PRIVATE);
    const queue = msgTableOf(system).byId(id)!;
    const pending = follow(doomed.msgrcv(id, new Uint8Array(4), 0));
    doomed.exit();
    expect([...queue.waitingReceivers()].length).toBe(0);
    expect(doomed.oldestBlockedCall()).toBeUndefined();
    await microtasks();
    expect(codeOf(pending.current)).toBe("EINTR");
    owner.tryMsgsnd(id, 1, new Uint8Array(1));
    expect(owner.msgctl(id, "stat")?.messages).toBe(1);
  });

  it("[MSG-LIFE-8] a new blocking send does not queue behind the blocked send of an exited process", async () => {
    const system = createSystem();
    const owner = system.spawn();
    const doomed = system.spawn();
    const id = owner.msgget(IPC_PRIVATE);
    owner.msgctl(id, "set", { maxBytes: 4 });
    const stuck = follow(doomed.msgsnd(id, 1, new Uint8Array(5)));
    doomed.exit();
    const mine = follow(owner.msgsnd(id, 2, new Uint8Array(1)));
    await microtasks();
    expect(codeOf(stuck.current)).toBe("EINTR");
    expect(mine.current.state).toBe("fulfilled");
  });

  it("[MSG-BLK-6] registers blocked calls with their caller as never restarted, and a handler ends them EINTR", async () => {
    const { caller, id } = setup(0);
    caller.sigaction(SIGUSR1, { handler: () => undefined, restart: true });
    const receive = follow(caller.msgrcv(id, new Uint8Array(4), 7));
    expect(caller.oldestBlockedCall()).toMatchObject({ syscall: "msgrcv", restart: "never" });
    caller.kill(caller.pid, SIGUSR1);
    expect(caller.oldestBlockedCall()).toBeUndefined();
    await microtasks();
    expect(codeOf(receive.current)).toBe("EINTR");
    caller.msgctl(id, "set", { maxBytes: 1 });
    caller.tryMsgsnd(id, 1, new Uint8Array(1));
    const send = follow(caller.msgsnd(id, 2, new Uint8Array(1)));
    expect(caller.oldestBlockedCall()).toMatchObject({ syscall: "msgsnd", restart: "never" });
    caller.kill(caller.pid, SIGUSR1);
    await microtasks();
    expect(codeOf(send.current)).toBe("EINTR");
    expect(caller.msgctl(id, "stat")?.messages).toBe(1);
  });

  it("[MSG-BLK-6] an interrupted send leaves the line, so the send behind it is admitted", async () => {
    const system = createSystem();
    const owner = system.spawn();
    const other = system.spawn();
    const id = owner.msgget(IPC_PRIVATE);
    owner.msgctl(id, "set", { maxBytes: 6 });
    owner.tryMsgsnd(id, 1, new Uint8Array(3));
    other.sigaction(SIGUSR1, { handler: () => undefined });
    const long = follow(other.msgsnd(id, 2, new Uint8Array(5)));
    const short = follow(owner.msgsnd(id, 3, new Uint8Array(2)));
    await microtasks();
    expect(short.current.state).toBe("pending");
    owner.kill(other.pid, SIGUSR1);
    await microtasks();
    expect(codeOf(long.current)).toBe("EINTR");
    expect(short.current.state).toBe("fulfilled");
    expect(owner.msgctl(id, "stat")).toMatchObject({ messages: 2, bytes: 5 });
  });

  it("[MSG-ORD-8] tryMsgsnd may land while a longer blocking send waits", async () => {
    const { caller, id, queue } = setup(0);
    caller.msgctl(id, "set", { maxBytes: 10 });
    caller.tryMsgsnd(id, 1, new Uint8Array(8));
    const long = follow(caller.msgsnd(id, 2, new Uint8Array(5)));
    caller.tryMsgsnd(id, 3, new Uint8Array(2));
    await microtasks();
    expect(long.current.state).toBe("pending");
    expect(queue.pendingSends).toBe(1);
    expect(queue.messagesInOrder().map((m) => m.type)).toEqual([1, 3]);
  });

  it("[MSG-ATOM-2] keeps its own copy of each text", () => {
    const { caller, id, queue } = setup();
    const data = Uint8Array.of(1, 2, 3);
    caller.tryMsgsnd(id, 1, data);
    data[0] = 9;
    expect(queue.select(1, false)?.text[0]).toBe(1);
  });

  it("[MSG-ERR-4] noerror with a zero-length buffer takes the message and copies nothing", () => {
    const { caller, id, queue } = setup();
    caller.tryMsgsnd(id, 1, new Uint8Array(7));
    expect(caller.tryMsgrcv(id, new Uint8Array(0), 0, { noerror: true })).toEqual({ type: 1, length: 0 });
    expect(queue.bytes).toBe(0);
  });

  it("[MSG-PERM-9] a set that keeps everyone's permission wakes no one", async () => {
    const { caller, id, queue } = setup();
    const r = follow(caller.msgrcv(id, new Uint8Array(1), 5));
    caller.msgctl(id, "set", { mode: 0o644 });
    await microtasks();
    expect(r.current.state).toBe("pending");
    expect(queue.pendingReceives).toBe(1);
  });
});

describe("the table", () => {
  it("[MSG-LIFE-3] hands out increasing identifiers and forgets removed queues", () => {
    const system = createSystem();
    const caller = system.spawn();
    const table = msgTableOf(system);
    const a = caller.msgget(5, { create: true });
    const b = caller.msgget(IPC_PRIVATE);
    expect(b).toBeGreaterThan(a);
    caller.msgctl(a, "remove");
    expect(table.size).toBe(1);
    expect(table.byKey(5)).toBeUndefined();
    expect(caller.msgget(5, { create: true })).toBeGreaterThan(b);
  });

  it("[MSG-ERR-6] refuses to create over a taken key without spending an identifier", () => {
    const table = new MsgTable();
    const credentials = { uid: 0, gid: 0, groups: [] };
    table.create(3, credentials, 0o600);
    expect(thrownCode(() => table.create(3, credentials, 0o600))).toBe("EEXIST");
    expect(table.create(IPC_PRIVATE, credentials, 0o600).id).toBe(2);
  });

  it("[MSG-CAP-1] a table with a custom factory is used by msgget", () => {
    class Marked extends ReferenceMsgQueue {}
    const system = createSystem();
    MSG_STATE.of(system, () => new MsgTable((init) => new Marked(init)));
    const id = system.spawn().msgget(IPC_PRIVATE);
    const queue = msgTableOf(system).byId(id);
    expect(queue).toBeInstanceOf(Marked);
    expect(queue?.maxBytes).toBe(MSGMNB);
  });
});
