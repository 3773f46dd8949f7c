/**
 * The System V message queue calls of the spec's `MsgApi`, as the process
 * layer calls them: `msgget`, `msgsnd`, `tryMsgsnd`, `msgrcv`, `tryMsgrcv` and
 * `msgctl`. Each checks that the caller is alive and every argument before
 * anything changes, then finds the queue by identifier in the system's table
 * (`table.ts`) and calls it (`queue.ts`).
 *
 * The checks run in this order, the first failing one deciding the error:
 * the caller has exited (`ESRCH`); the arguments (`EINVAL`: identifier, then
 * type, data or buffer, then options); the identifier names no queue
 * (`EINVAL`); permission (`EACCES`, or `EPERM` for `msgctl` set and remove);
 * an aborted signal (`ECANCELED`); then the operation itself (`E2BIG`,
 * `ENOMSG`, `EAGAIN`, or waiting).
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { MsgGetOptions, MsgQueueSet, MsgQueueStat, MsgReceiveOptions, MsgReceived } from "../../spec/msg.ts";
import { IPC_PRIVATE, MSGMAX } from "../../spec/msg.ts";
import { PERMISSION_BITS } from "../../spec/namespace.ts";
import type { BlockingOptions } from "../../spec/pipe.ts";
import { parseBlocking } from "../base/blocking.ts";
import { describeType, requireIdInteger, requireIntegerInRange, requireOptionalObject, requireUint8Array } from "../base/validate.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import type { MsgReceiveFlags, ReferenceMsgQueue } from "./queue.ts";
import { msgTableOf } from "./table.ts";

/** The mode of a queue created without one (MSG-PERM-7). */
const DEFAULT_MSG_MODE = 0o600;

/** An optional boolean flag, checked. */
function optionalFlag(value: unknown, syscall: string, argName: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") {
    throw new IpcError("EINVAL", syscall, { detail: `${argName} must be a boolean, got ${describeType(value)}` });
  }
  return value;
}

/** A safe integer (an identifier or a receive type), checked. */
function requireSafeInteger(value: unknown, syscall: string, argName: string): number {
  return requireIntegerInRange(value, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, syscall, argName);
}

/** The queue an identifier names. */
function queueOf(caller: ProcessCore, id: number, syscall: string): ReferenceMsgQueue {
  const queue = msgTableOf(caller.system).byId(id);
  // MSG-ERR-5: never issued, or removed: EINVAL.
  if (queue === undefined) throw new IpcError("EINVAL", syscall, { detail: `no queue has identifier ${id}` });
  return queue;
}

/**
 * `msgget(2)` as `caller`: the operation behind `ReferenceProcess.msgget`.
 *
 * @param caller - the calling process
 * @param key - a non-negative safe integer, or {@link IPC_PRIVATE}
 * @param options - `create`, `exclusive`, `mode`
 * @returns the queue's identifier
 * @throws {IpcError} `ENOENT`, `EEXIST` (MSG-ERR-6), `EACCES` (MSG-PERM-3),
 *   `EINVAL` (MSG-ERR-7), `ESRCH` when `caller` has exited
 */
export function msgget(caller: ProcessCore, key: number, options?: MsgGetOptions): number {
  caller.requireAlive("msgget");
  // MSG-ERR-7: every argument is checked before anything changes.
  const wanted = requireIdInteger(key, "msgget", "key");
  const checked = requireOptionalObject(options, "msgget", "options");
  const create = optionalFlag(checked?.["create"], "msgget", "options.create");
  const exclusive = optionalFlag(checked?.["exclusive"], "msgget", "options.exclusive");
  const mode =
    checked?.["mode"] === undefined ? DEFAULT_MSG_MODE : requireIntegerInRange(checked["mode"], 0, PERMISSION_BITS, "msgget", "options.mode");
  if (exclusive && !create) {
    throw new IpcError("EINVAL", "msgget", { detail: "options.exclusive needs options.create" });
  }
  const table = msgTableOf(caller.system);
  // MSG-LIFE-2: IPC_PRIVATE makes a new queue every time, whatever the flags.
  if (wanted === IPC_PRIVATE) return table.create(IPC_PRIVATE, caller.credentials, mode).id;
  const existing = table.byKey(wanted);
  if (existing !== undefined) {
    // MSG-ERR-6: create and exclusive on a key that has a queue: EEXIST.
    if (create && exclusive) throw new IpcError("EEXIST", "msgget", { detail: `key ${wanted} has a queue` });
    // MSG-PERM-3: an existing queue admits a caller with read or write permission.
    existing.requireAttach(caller);
    // MSG-LIFE-1: the same key gives the same identifier.
    return existing.id;
  }
  // MSG-ERR-6: no queue has the key, and no create: ENOENT.
  if (!create) throw new IpcError("ENOENT", "msgget", { detail: `no queue has key ${wanted}` });
  // MSG-LIFE-1, MSG-PERM-7: a new queue, owned by the caller, the mode as asked.
  return table.create(wanted, caller.credentials, mode).id;
}

/** The checked arguments of a send (the queue is looked up afterwards). */
function sendArguments(id: unknown, type: unknown, data: unknown): { id: number; type: number; data: Uint8Array } {
  // MSG-ERR-8: the identifier is a safe integer.
  const msqid = requireSafeInteger(id, "msgsnd", "id");
  // MSG-ERR-1: the type is a positive safe integer.
  if (typeof type !== "number" || !Number.isSafeInteger(type) || type < 1) {
    throw new IpcError("EINVAL", "msgsnd", { detail: `type must be a positive integer, got ${describeType(type)}` });
  }
  // MSG-ERR-8: the data is a Uint8Array.
  requireUint8Array(data, "msgsnd", "data");
  // MSG-ERR-2: 0 to MSGMAX bytes, empty included.
  if (data.length > MSGMAX) {
    throw new IpcError("EINVAL", "msgsnd", { detail: `the text is ${data.length} bytes, more than MSGMAX (${MSGMAX})` });
  }
  return { id: msqid, type, data };
}

/**
 * `msgsnd(2)` as `caller`: the operation behind `ReferenceProcess.msgsnd`.
 * Every failure is a rejection, never a synchronous throw.
 *
 * @param caller - the sending process
 * @param id - the queue's identifier
 * @param type - a positive safe integer
 * @param data - 0 to `MSGMAX` bytes
 * @param options - a signal to stop waiting
 * @returns a promise that resolves once the message is queued or received
 * @throws {IpcError} (as a rejection) `EINVAL` (MSG-ERR-1, MSG-ERR-2,
 *   MSG-ERR-5, MSG-ERR-8), `EACCES` (MSG-PERM-1, MSG-PERM-9), `EIDRM`
 *   (MSG-LIFE-5), `ECANCELED` (MSG-BLK-4, MSG-BLK-5), `EINTR` (MSG-BLK-6), `ESRCH`
 */
export function msgsnd(caller: ProcessCore, id: number, type: number, data: Uint8Array, options?: BlockingOptions): Promise<void> {
  try {
    caller.requireAlive("msgsnd");
    const send = sendArguments(id, type, data);
    // MSG-ERR-8: options that are not an object, or a signal that is not one.
    const { signal } = parseBlocking(options, "msgsnd");
    const queue = queueOf(caller, send.id, "msgsnd");
    // MSG-ATOM-2: the text is copied now; later changes to data do not reach it.
    return queue.send(caller, send.type, send.data.slice(), signal);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `msgsnd(2)` with `IPC_NOWAIT` as `caller`: the operation behind
 * `ReferenceProcess.tryMsgsnd`. Synchronous on every path (MSG-NB-3).
 *
 * @param caller - the sending process
 * @param id - the queue's identifier
 * @param type - a positive safe integer
 * @param data - 0 to `MSGMAX` bytes
 * @throws {IpcError} `EAGAIN` (MSG-NB-2), `EINVAL` (MSG-ERR-1, MSG-ERR-2,
 *   MSG-ERR-5, MSG-ERR-8), `EACCES` (MSG-PERM-1), `ESRCH`
 */
export function tryMsgsnd(caller: ProcessCore, id: number, type: number, data: Uint8Array): void {
  caller.requireAlive("msgsnd");
  const send = sendArguments(id, type, data);
  const queue = queueOf(caller, send.id, "msgsnd");
  // MSG-NB-3: no promise on any path. MSG-ATOM-2: the text is copied.
  queue.trySend(caller, send.type, send.data.slice());
}

/** The checked arguments of a receive. */
function receiveArguments(
  caller: ProcessCore,
  id: unknown,
  buffer: unknown,
  type: unknown,
  options: unknown,
  blocking: boolean,
): { queue: ReferenceMsgQueue; buffer: Uint8Array; type: number; flags: MsgReceiveFlags; signal: AbortSignal | undefined } {
  // MSG-ERR-8: identifier, buffer, type and options, all before anything changes.
  const msqid = requireSafeInteger(id, "msgrcv", "id");
  requireUint8Array(buffer, "msgrcv", "buffer");
  const wanted = requireSafeInteger(type, "msgrcv", "type");
  const checked = requireOptionalObject(options, "msgrcv", "options");
  const noerror = optionalFlag(checked?.["noerror"], "msgrcv", "options.noerror");
  const except = optionalFlag(checked?.["except"], "msgrcv", "options.except");
  // The try form takes no signal: it never waits, so one given is ignored.
  const signal = blocking ? parseBlocking(checked, "msgrcv").signal : undefined;
  // MSG-ERR-8: except goes with a positive type only.
  if (except && wanted <= 0) {
    throw new IpcError("EINVAL", "msgrcv", { detail: `options.except needs a positive type, got ${wanted}` });
  }
  const queue = queueOf(caller, msqid, "msgrcv");
  return { queue, buffer, type: wanted, flags: { noerror, except }, signal };
}

/**
 * `msgrcv(2)` as `caller`: the operation behind `ReferenceProcess.msgrcv`.
 * Every failure is a rejection, never a synchronous throw.
 *
 * @param caller - the receiving process
 * @param id - the queue's identifier
 * @param buffer - where the text goes
 * @param type - which message to take
 * @param options - `noerror`, `except`, and a signal to stop waiting
 * @returns the message's type and the length copied
 * @throws {IpcError} (as a rejection) `E2BIG` (MSG-ERR-3), `EINVAL`
 *   (MSG-ERR-5, MSG-ERR-8), `EACCES` (MSG-PERM-2, MSG-PERM-9), `EIDRM`
 *   (MSG-LIFE-5), `ECANCELED` (MSG-BLK-3, MSG-BLK-5), `EINTR` (MSG-BLK-6), `ESRCH`
 */
export function msgrcv(
  caller: ProcessCore,
  id: number,
  buffer: Uint8Array,
  type: number,
  options?: MsgReceiveOptions & BlockingOptions,
): Promise<MsgReceived> {
  try {
    caller.requireAlive("msgrcv");
    const receive = receiveArguments(caller, id, buffer, type, options, true);
    return receive.queue.receive(caller, receive.buffer, receive.type, receive.flags, receive.signal);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `msgrcv(2)` with `IPC_NOWAIT` as `caller`: the operation behind
 * `ReferenceProcess.tryMsgrcv`. Synchronous on every path (MSG-NB-3).
 *
 * @param caller - the receiving process
 * @param id - the queue's identifier
 * @param buffer - where the text goes
 * @param type - which message to take
 * @param options - `noerror` and `except`
 * @returns the message's type and the length copied
 * @throws {IpcError} `ENOMSG` (MSG-NB-1), `E2BIG` (MSG-ERR-3), `EINVAL`
 *   (MSG-ERR-5, MSG-ERR-8), `EACCES` (MSG-PERM-2), `ESRCH`
 */
export function tryMsgrcv(caller: ProcessCore, id: number, buffer: Uint8Array, type: number, options?: MsgReceiveOptions): MsgReceived {
  caller.requireAlive("msgrcv");
  const receive = receiveArguments(caller, id, buffer, type, options, false);
  // MSG-NB-3: no promise on any path.
  return receive.queue.tryReceive(caller, receive.buffer, receive.type, receive.flags);
}

/** The checked changes of `msgctl` set (MSG-ERR-9). */
function setChanges(changes: unknown): MsgQueueSet {
  if (changes === undefined) throw new IpcError("EINVAL", "msgctl", { detail: "set needs the changes to make" });
  const checked = requireOptionalObject(changes, "msgctl", "changes")!;
  const field = (name: string, check: (value: unknown) => number): Record<string, number> =>
    checked[name] === undefined ? {} : { [name]: check(checked[name]) };
  return {
    ...field("uid", (value) => requireIdInteger(value, "msgctl", "changes.uid")),
    ...field("gid", (value) => requireIdInteger(value, "msgctl", "changes.gid")),
    ...field("mode", (value) => requireIntegerInRange(value, 0, PERMISSION_BITS, "msgctl", "changes.mode")),
    ...field("maxBytes", (value) => requireIdInteger(value, "msgctl", "changes.maxBytes")),
  };
}

/**
 * `msgctl(2)` as `caller`: the operation behind `ReferenceProcess.msgctl`.
 *
 * @param caller - the calling process
 * @param id - the queue's identifier
 * @param command - `"stat"`, `"set"` or `"remove"`
 * @param changes - for `"set"` only, what to change
 * @returns the state for `"stat"`, otherwise `undefined`
 * @throws {IpcError} `EACCES` (MSG-PERM-4), `EPERM` (MSG-PERM-5,
 *   MSG-PERM-6), `EINVAL` (MSG-ERR-5, MSG-ERR-9), `ESRCH`
 */
export function msgctl(caller: ProcessCore, id: number, command: "stat" | "set" | "remove", changes?: MsgQueueSet): MsgQueueStat | undefined {
  caller.requireAlive("msgctl");
  // MSG-ERR-9, MSG-ERR-5: the arguments, then the identifier.
  const msqid = requireSafeInteger(id, "msgctl", "id");
  if (command !== "stat" && command !== "set" && command !== "remove") {
    throw new IpcError("EINVAL", "msgctl", { detail: `command must be "stat", "set" or "remove", got ${describeType(command)}` });
  }
  if (command !== "set" && changes !== undefined) {
    throw new IpcError("EINVAL", "msgctl", { detail: `${command} takes no changes` });
  }
  const checkedChanges = command === "set" ? setChanges(changes) : undefined;
  const queue = queueOf(caller, msqid, "msgctl");
  switch (command) {
    case "stat":
      return queue.stat(caller);
    case "set":
      queue.set(caller, checkedChanges!);
      return undefined;
    case "remove":
      // MSG-PERM-5, MSG-LIFE-5: checked, then destroyed, waking everyone with EIDRM...
      queue.remove(caller);
      // MSG-LIFE-4: ...and forgotten: the identifier is dead, the key free.
      msgTableOf(caller.system).forget(queue);
      return undefined;
  }
}
