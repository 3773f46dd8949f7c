/**
 * Opening and removing POSIX message queues by name: `mq_open(3)` and
 * `mq_unlink(3)`, the calls behind `ReferenceProcess.mqOpen` and `.mqUnlink`
 * (see the spec's `MqApi`). They check the name and the options, look the
 * name up in the system's queue namespace (apart from the file namespace of
 * FIFOs) and check permission with the one rule of every named object
 * (`requireAccess`, `reference/base/namespace.ts`).
 *
 * @module
 */

import { ROOT_UID } from "../../spec/constants.ts";
import { IpcError } from "../../spec/errors.ts";
import {
  MQ_DEFAULT_MAX_MESSAGES,
  MQ_DEFAULT_MESSAGE_SIZE,
  MQ_HARD_MAX_MESSAGES,
  MQ_HARD_MAX_MESSAGE_SIZE,
  MQ_MAX_MESSAGES,
  MQ_MAX_MESSAGE_SIZE,
} from "../../spec/mq.ts";
import type { MqOpenOptions } from "../../spec/mq.ts";
import { NAME_MAX, PERMISSION_BITS } from "../../spec/namespace.ts";
import type { Access, Ownership } from "../../spec/namespace.ts";
import { Namespace, creationMode, requireAccess } from "../base/namespace.ts";
import { StateKey } from "../base/state-key.ts";
import { describeType, requireIntegerInRange, requireOptionalObject, requirePositiveInteger, requirePosixName } from "../base/validate.ts";
import type { PosixNameRules } from "../base/validate.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import { openMqDescriptor } from "./descriptor.ts";
import type { ReferenceMqDescriptor } from "./descriptor.ts";
import { ReferenceMqQueue } from "./queue.ts";
import type { MqQueueAttributes } from "./queue.ts";

/** The mode of a queue created without one, before the umask (MQ-PERM-2). */
const DEFAULT_MQ_MODE = 0o600;

/** The accesses an open may ask for (MQ-ERR-9). */
const ACCESSES: ReadonlySet<unknown> = new Set<Access>(["read", "write", "readwrite"]);

/**
 * How queue names are checked (MQ-ERR-1, MQ-ERR-2): Linux's errors, from a
 * filesystem of queues, for "/" alone (ENOENT) and for ".", ".." or a further
 * "/" (EACCES); at most NAME_MAX bytes after the "/".
 */
const MQ_NAME_RULES: PosixNameRules = { noun: "a queue name", maxBytes: NAME_MAX, empty: "ENOENT", nested: "EACCES", dots: "EACCES" };


/** The key of a system's message queue namespace (apart from the file namespace). */
export const MQ_STATE = new StateKey("mqueue", () => new Namespace<string, ReferenceMqQueue>());

/**
 * The system's message queue namespace: names to queues, one per system,
 * kept under {@link MQ_STATE}. It is
 * apart from the file namespace of FIFOs.
 *
 * @param system - the system
 * @returns its queue namespace, made on first use
 */
export function mqueuesOf(system: object): Namespace<string, ReferenceMqQueue> {
  return MQ_STATE.of(system);
}

/**
 * Returns `value` when it is a well-formed queue name: `"/"` followed by 1
 * to `NAME_MAX` bytes (in UTF-8), none of them `"/"` or NUL, and not `.` or
 * `..`. The checks run in the order of the clauses' rules.
 *
 * @param value - the argument
 * @param syscall - the operation, for the error
 * @returns `value`, typed as a string
 * @throws {IpcError} `EINVAL` when it is not a string, does not begin with
 *   `"/"` or holds NUL (MQ-ERR-1); `ENOENT` when nothing follows the slash,
 *   `EACCES` for `.`, `..` or another slash, `ENAMETOOLONG` beyond
 *   `NAME_MAX` bytes (MQ-ERR-2)
 */
export function requireMqName(value: unknown, syscall: string): string {
  // MQ-ERR-1: a string that begins with "/" and holds no NUL (EINVAL).
  // MQ-ERR-2: Linux resolves the rest in the queue filesystem: nothing after
  // the slash is no name at all (getname of ""), ENOENT; ".", ".." or another
  // slash are not one file name there, EACCES; at most NAME_MAX bytes.
  return requirePosixName(value, syscall, MQ_NAME_RULES);
}

/** The options of `mq_open`, checked and with their defaults. */
interface CheckedOpenOptions {
  readonly access: Access;
  readonly create: boolean;
  readonly exclusive: boolean;
  readonly nonblocking: boolean;
  readonly mode: number;
  readonly maxMessages: number;
  readonly messageSize: number;
}

/** An optional boolean option, checked (MQ-ERR-9). */
function optionalFlag(options: Readonly<Record<string, unknown>>, field: string): boolean {
  const value = options[field];
  if (value === undefined) return false;
  if (typeof value !== "boolean") {
    throw new IpcError("EINVAL", "mq_open", { detail: `options.${field} must be a boolean, got ${describeType(value)}` });
  }
  return value;
}

/** Checks every option of `mq_open`, whether or not the queue exists (MQ-ERR-9, MQ-CAP-3). */
function checkOpenOptions(options: unknown): CheckedOpenOptions {
  // MQ-ERR-9: the options are an object (they carry the access, so they are required).
  if (options === undefined) throw new IpcError("EINVAL", "mq_open", { detail: "options (with an access) are required" });
  const given = requireOptionalObject(options, "mq_open", "options")!;
  // MQ-ERR-9: an access of read, write or readwrite.
  const access = given["access"];
  if (!ACCESSES.has(access)) {
    throw new IpcError("EINVAL", "mq_open", { detail: `options.access must be "read", "write" or "readwrite", got ${describeType(access)}` });
  }
  // MQ-ERR-9: flags are booleans.
  const create = optionalFlag(given, "create");
  const exclusive = optionalFlag(given, "exclusive");
  const nonblocking = optionalFlag(given, "nonblocking");
  // MQ-ERR-9: a mode is an integer from 0 to 0o777; MQ-PERM-2: 0o600 when none.
  const mode = given["mode"] === undefined ? DEFAULT_MQ_MODE : requireIntegerInRange(given["mode"], 0, PERMISSION_BITS, "mq_open", "options.mode");
  // MQ-CAP-3: attributes are positive safe integers, on every call;
  // MQ-CAP-1: a missing one takes its default.
  const maxMessages =
    given["maxMessages"] === undefined ? MQ_DEFAULT_MAX_MESSAGES : requirePositiveInteger(given["maxMessages"], "mq_open", "options.maxMessages");
  const messageSize =
    given["messageSize"] === undefined ? MQ_DEFAULT_MESSAGE_SIZE : requirePositiveInteger(given["messageSize"], "mq_open", "options.messageSize");
  return { access: access as Access, create, exclusive, nonblocking, mode, maxMessages, messageSize };
}

/** Checks the attributes of a queue `caller` is about to create against the limits (MQ-CAP-4). */
function requireWithinLimits(caller: ProcessCore, { maxMessages, messageSize }: MqQueueAttributes): void {
  const root = caller.credentials.uid === ROOT_UID;
  // MQ-CAP-4: unprivileged up to msg_max and msgsize_max; root up to the hard ceilings.
  const messageLimit = root ? MQ_HARD_MAX_MESSAGES : MQ_MAX_MESSAGES;
  const sizeLimit = root ? MQ_HARD_MAX_MESSAGE_SIZE : MQ_MAX_MESSAGE_SIZE;
  if (maxMessages > messageLimit) {
    throw new IpcError("EINVAL", "mq_open", { detail: `maxMessages ${maxMessages} is above ${messageLimit}, the most uid ${caller.credentials.uid} may ask for` });
  }
  if (messageSize > sizeLimit) {
    throw new IpcError("EINVAL", "mq_open", { detail: `messageSize ${messageSize} is above ${sizeLimit}, the most uid ${caller.credentials.uid} may ask for` });
  }
}

/**
 * Opens (and with `create`, creates) a message queue as `caller`
 * (`mq_open(3)`): the operation behind `ReferenceProcess.mqOpen`. See
 * `MqApi.mqOpen` in `ipckit/spec` for the rules and the order of the checks.
 *
 * @param caller - the process opening the queue; it holds the descriptor
 * @param name - the queue's name (MQ-ERR-1, MQ-ERR-2)
 * @param options - access, flags, mode and attributes (MQ-ERR-9, MQ-CAP-3)
 * @returns the descriptor
 * @throws {IpcError} `ESRCH` when `caller` has exited; `EINVAL` (MQ-ERR-1,
 *   MQ-ERR-9, MQ-CAP-3, MQ-CAP-4); `ENOENT` (MQ-ERR-2, MQ-LIFE-1); `EACCES`
 *   (MQ-ERR-2, MQ-PERM-1); `ENAMETOOLONG` (MQ-ERR-2); `EEXIST` (MQ-LIFE-2)
 */
export function mqOpen(caller: ProcessCore, name: string, options: MqOpenOptions): ReferenceMqDescriptor {
  caller.requireAlive("mq_open");
  // MQ-ERR-1, MQ-ERR-2: the name first.
  requireMqName(name, "mq_open");
  // MQ-ERR-9, MQ-CAP-3: then every option, before anything changes.
  const checked = checkOpenOptions(options);
  const names = mqueuesOf(caller.system);
  const existing = names.lookup(name);
  if (existing !== undefined) {
    // MQ-LIFE-2: create with exclusive on a name that exists: EEXIST, before permission.
    if (checked.create && checked.exclusive) throw new IpcError("EEXIST", "mq_open", { path: name });
    // MQ-PERM-1: the access asked must be allowed by the one permission rule.
    requireAccess(caller.credentials, existing.ownership, checked.access, "mq_open", name);
    // MQ-LIFE-3: the mode and attributes given are ignored: the queue is opened as it is.
    return openMqDescriptor(existing, caller, checked.access, checked.nonblocking);
  }
  // MQ-LIFE-1: an absent name without create: ENOENT. (MQ-LIFE-2: exclusive
  // without create is ignored, so it changes nothing here.)
  if (!checked.create) throw new IpcError("ENOENT", "mq_open", { path: name, detail: "no queue has this name" });
  const attributes: MqQueueAttributes = { maxMessages: checked.maxMessages, messageSize: checked.messageSize };
  // MQ-CAP-4: the limits bind whoever creates the queue.
  requireWithinLimits(caller, attributes);
  // MQ-PERM-2: owned by the creator, with the mode asked less its umask.
  const ownership: Ownership = {
    uid: caller.credentials.uid,
    gid: caller.credentials.gid,
    mode: creationMode(checked.mode, caller.currentUmask),
  };
  // MQ-LIFE-1: a new, empty queue under the name.
  const queue = new ReferenceMqQueue(ownership, attributes);
  names.bind(name, queue);
  // MQ-PERM-2: the creating open gets the access it asked, whatever the mode.
  return openMqDescriptor(queue, caller, checked.access, checked.nonblocking);
}

/**
 * Removes a queue's name as `caller` (`mq_unlink(3)`): the operation behind
 * `ReferenceProcess.mqUnlink`.
 *
 * @param caller - the process unlinking
 * @param name - the queue's name (MQ-ERR-1, MQ-ERR-2)
 * @throws {IpcError} `ESRCH` when `caller` has exited; `EINVAL`, `EACCES`,
 *   `ENAMETOOLONG`, `ENOENT` for a bad name (MQ-ERR-1, MQ-ERR-2); `ENOENT`
 *   when no queue has the name (MQ-LIFE-6); `EPERM` when `caller` is
 *   neither owner nor root (MQ-PERM-3)
 */
export function mqUnlink(caller: ProcessCore, name: string): void {
  caller.requireAlive("mq_unlink");
  // MQ-ERR-1, MQ-ERR-2
  requireMqName(name, "mq_unlink");
  const names = mqueuesOf(caller.system);
  const queue = names.lookup(name);
  // MQ-LIFE-6: no queue has the name.
  if (queue === undefined) throw new IpcError("ENOENT", "mq_unlink", { path: name, detail: "no queue has this name" });
  // MQ-PERM-3: only the owner or root may remove it (the sticky /dev/mqueue).
  const { uid } = caller.credentials;
  if (uid !== ROOT_UID && uid !== queue.ownership.uid) {
    throw new IpcError("EPERM", "mq_unlink", { path: name, detail: `uid ${uid} does not own the queue (owner uid ${queue.ownership.uid})` });
  }
  // MQ-LIFE-4: the name goes at once; the queue lives on for its open handles.
  names.remove(name);
}

