/**
 * The reference POSIX shared memory: a transcription of the clauses in
 * `spec/shm.ts`. Every step that enforces a clause cites its ID.
 *
 * Three layers, as in a kernel:
 *
 * - The calls ({@link shmOpen}, {@link shmUnlink}) check the arguments,
 *   resolve the name in the system's shared memory namespace
 *   ({@link shmNamespaceOf}) and check permission with the one rule of every
 *   named object (`requireAccess`, `reference/namespace.ts`).
 * - {@link ReferenceShmObject} is the object a name points to (the inode of
 *   a file in `/dev/shm`): its owner and mode, its size, the memory behind it
 *   and the count of its mappings.
 * - {@link ReferenceSharedMemory} is a descriptor of the object and
 *   {@link ReferenceMapping} a mapped range of it. Both sit in their
 *   process's descriptor table, so `fork` duplicates them and `exit` closes
 *   the one and unmaps the other.
 *
 * The memory is one growable `SharedArrayBuffer` per object (a resizable
 * `ArrayBuffer` where the runtime has no shared memory), made with
 * `maxByteLength` {@link SHM_SIZE_MAX}. It only grows, so an array made over
 * it stays valid for the object's life: every read-write mapping's view is a
 * `Uint8Array` over it, and every mapping of the object sees the same bytes
 * with no copying. The buffer is at least as long as the object's size and
 * every mapping's end; the bytes past the size are not the object's.
 *
 * Choices where the clauses are silent:
 *
 * - Shrinking the object clears nothing at once: the bytes past the new
 *   size are out of bounds for `read` and `write` (SHM-CAP-3), and they are
 *   cleared when the object grows over them again (SHM-CAP-2). A view shows
 *   whatever they hold meanwhile, stores through it past the end included;
 *   the spec leaves that unspecified, as C raises `SIGBUS` there.
 * - Reads and writes of zero bytes touch no memory: after the argument
 *   checks they succeed, even past the object's end.
 * - The error of a load or store through a mapping names the syscall
 *   `"load"` or `"store"`: there is no system call for a memory access.
 *
 * @module
 */

import { PAGE_SIZE, ROOT_UID } from "../spec/constants.ts";
import { IpcError } from "../spec/errors.ts";
import type { Ownership } from "../spec/namespace.ts";
import { PERMISSION_BITS } from "../spec/namespace.ts";
import { SHM_SIZE_MAX } from "../spec/shm.ts";
import type { Mapping, SharedMemory, ShmAccess, ShmMapOptions, ShmOpenOptions, ShmStat } from "../spec/shm.ts";
import { Namespace, creationMode, requireAccess } from "./base/namespace.ts";
import type { MutableOwnership } from "./base/namespace.ts";
import type { Descriptor, ProcessCore } from "./kernel/process.ts";
import { StateKey } from "./base/state-key.ts";
import { describeType, requireIntegerInRange, requireOptionalObject, requireShmName, requireUint8Array } from "./base/validate.ts";

/** The mode of an object made without one, before the umask (SHM-PERM-2). */
const DEFAULT_SHM_MODE = 0o600;

/** The accesses a descriptor or a mapping may have (SHM-ERR-2, SHM-ERR-4). */
const ACCESSES: ReadonlySet<unknown> = new Set<ShmAccess>(["read", "readwrite"]);

/** The key of a system's shared memory namespace, apart from file paths and queue names. */
export const SHM_STATE: StateKey<Namespace<string, ReferenceShmObject>> = new StateKey("shm", () => new Namespace<string, ReferenceShmObject>());

/**
 * The system's shared memory namespace: names to objects, one per system,
 * kept under {@link SHM_STATE_KEY}. Shared memory names live apart from
 * file paths and from message queue names.
 *
 * @param system - the system
 * @returns its shared memory namespace, made on first use
 *
 * @example A name appears with create and goes with unlink
 * ```ts
 * import { createSystem, shmNamespaceOf } from "ipckit/reference";
 * const process = createSystem().spawn();
 * process.shmOpen("/named", { access: "read", create: true });
 * console.assert(shmNamespaceOf(process.system).lookup("/named")?.size === 0);
 * process.shmUnlink("/named");
 * console.assert(shmNamespaceOf(process.system).lookup("/named") === undefined);
 * ```
 */
export function shmNamespaceOf(system: object): Namespace<string, ReferenceShmObject> {
  return SHM_STATE.of(system);
}

/** A `SharedArrayBuffer` made with `maxByteLength` (ES2024), as far as the code needs it. */
interface GrowableSharedArrayBuffer extends SharedArrayBuffer {
  readonly growable?: boolean;
  grow(length: number): void;
}

/** A resizable `ArrayBuffer` (ES2024), as far as the code needs it. */
interface ResizableArrayBuffer extends ArrayBuffer {
  readonly resizable?: boolean;
  resize(length: number): void;
}

/** The memory behind one object: a buffer that only grows, and how to grow it. */
interface Store {
  readonly buffer: ArrayBufferLike;
  readonly grow: (length: number) => void;
}

/**
 * Makes the memory of a new object: an empty growable `SharedArrayBuffer`
 * that may reach {@link SHM_SIZE_MAX} bytes, or a resizable `ArrayBuffer`
 * where the runtime has no shared memory (a browser page that is not
 * cross-origin isolated). Growing it never moves it, so the arrays made over
 * it stay valid.
 */
function makeStore(): Store {
  const options = { maxByteLength: SHM_SIZE_MAX };
  const Shared = (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer as
    | (new (length: number, options: { maxByteLength: number }) => GrowableSharedArrayBuffer)
    | undefined;
  if (typeof Shared === "function") {
    const buffer = new Shared(0, options);
    if (buffer.growable === true) return { buffer, grow: (length) => buffer.grow(length) };
  }
  const buffer = new (ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => ResizableArrayBuffer)(0, options);
  if (buffer.resizable !== true) {
    throw new IpcError("ENOSYS", "shm_open", { detail: "the runtime has neither growable SharedArrayBuffers nor resizable ArrayBuffers" });
  }
  return { buffer, grow: (length) => buffer.resize(length) };
}

/**
 * A shared memory object: what a name made by `shmOpen` with `create`
 * points to. It records its owner and mode, its size, the memory behind it
 * and how many mappings it has.
 *
 * Its methods are the object's half of the calls: the descriptors and
 * mappings have already checked themselves and the arguments when they call
 * them. The getters are for inspection.
 *
 * @example Inspect an object through a descriptor
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const memory = createSystem().spawn().shmOpen("/inspect", { access: "readwrite", create: true });
 * memory.truncate(100);
 * memory.map({ access: "read" });
 * console.assert(memory.object.size === 100 && memory.object.readers === 1 && memory.object.buffer.byteLength >= 100);
 * ```
 */
export class ReferenceShmObject {
  /** The owner and the permission bits (SHM-PERM-1, SHM-PERM-2). */
  readonly ownership: MutableOwnership;
  /** The memory: at least as long as the size and as every mapping's end. */
  readonly #store: Store;
  /** Every byte of the store, tracking its length as it grows. */
  readonly #bytes: Uint8Array;
  /** The object's size: bytes from here on are not the object's (SHM-CAP-1, SHM-CAP-3). */
  #size = 0;
  /** Live read-only mappings, in every process (SHM-LIFE-8). */
  #readers = 0;
  /** Live read-write mappings, in every process (SHM-LIFE-8). */
  #writers = 0;

  /**
   * Makes an object of size 0 that nobody has open. Only `shmOpen` with
   * `create` calls it, which binds it to its name (SHM-LIFE-1).
   *
   * @param ownership - the owner's uid and gid and the mode, already checked and masked
   *
   * @example A new object is empty
   * ```ts
   * import { ReferenceShmObject } from "ipckit/reference";
   * const object = new ReferenceShmObject({ uid: 1000, gid: 100, mode: 0o600 });
   * console.assert(object.size === 0 && object.attachments === 0 && object.ownership.mode === 0o600);
   * ```
   */
  constructor(ownership: Ownership) {
    const { uid, gid, mode } = ownership;
    this.ownership = { uid, gid, mode };
    this.#store = makeStore();
    this.#bytes = new Uint8Array(this.#store.buffer);
  }

  /**
   * The object's size in bytes (SHM-CAP-1).
   *
   * @returns the size
   *
   * @example Set by truncate
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const memory = createSystem().spawn().shmOpen("/size", { access: "readwrite", create: true });
   * memory.truncate(10);
   * console.assert(memory.object.size === 10);
   * ```
   */
  get size(): number {
    return this.#size;
  }

  /**
   * The memory behind the object, for inspection: a growable
   * `SharedArrayBuffer` (or resizable `ArrayBuffer`) at least as long as the
   * size and every mapping's end. Its bytes past the size are not the
   * object's.
   *
   * @returns the buffer every view of the object is made over
   *
   * @example Views are made over it
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const memory = createSystem().spawn().shmOpen("/buffer", { access: "readwrite", create: true });
   * memory.truncate(4096);
   * console.assert(memory.map({ access: "readwrite" }).view?.buffer === memory.object.buffer);
   * ```
   */
  get buffer(): ArrayBufferLike {
    return this.#store.buffer;
  }

  /**
   * Live mappings of the object, in every process (SHM-LIFE-8).
   *
   * @returns the count
   *
   * @example Two mappings
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const memory = createSystem().spawn().shmOpen("/two", { access: "readwrite", create: true });
   * memory.truncate(1);
   * memory.map({ access: "read" });
   * memory.map({ access: "readwrite" });
   * console.assert(memory.object.attachments === 2);
   * ```
   */
  get attachments(): number {
    return this.#readers + this.#writers;
  }

  /**
   * Live read-only mappings (SHM-LIFE-8).
   *
   * @returns the count
   *
   * @example One read-only mapping
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const memory = createSystem().spawn().shmOpen("/ro", { access: "read", create: true });
   * memory.map({ access: "read", length: 4096 });
   * console.assert(memory.object.readers === 1 && memory.object.writers === 0);
   * ```
   */
  get readers(): number {
    return this.#readers;
  }

  /**
   * Live read-write mappings (SHM-LIFE-8).
   *
   * @returns the count
   *
   * @example One read-write mapping
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const memory = createSystem().spawn().shmOpen("/rw", { access: "readwrite", create: true });
   * memory.map({ access: "readwrite", length: 4096 });
   * console.assert(memory.object.writers === 1 && memory.object.readers === 0);
   * ```
   */
  get writers(): number {
    return this.#writers;
  }

  /**
   * The object's half of `fstat(2)`: size, owner, mode and attach counts.
   *
   * @returns a fresh object
   *
   * @example Stat the object directly
   * ```ts
   * import { ReferenceShmObject } from "ipckit/reference";
   * const stat = new ReferenceShmObject({ uid: 1, gid: 2, mode: 0o640 }).stat();
   * console.assert(stat.uid === 1 && stat.gid === 2 && stat.mode === 0o640 && stat.size === 0);
   * ```
   */
  stat(): ShmStat {
    const { uid, gid, mode } = this.ownership;
    // SHM-CAP-1: the size; SHM-PERM-2: the owner and mode; SHM-LIFE-8: the live mappings.
    return {
      size: this.#size,
      uid,
      gid,
      mode,
      attachments: this.#readers + this.#writers,
      readers: this.#readers,
      writers: this.#writers,
    };
  }

  /**
   * The object's half of `ftruncate(2)` (and of an open with `truncate`):
   * sets the size.
   *
   * @param size - the new size, already checked (SHM-CAP-4)
   *
   * @example Bytes grown over read as zero
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const memory = createSystem().spawn().shmOpen("/zero", { access: "readwrite", create: true });
   * memory.object.resize(8);
   * const mapping = memory.map({ access: "readwrite" });
   * mapping.write(4, new Uint8Array([1]));
   * memory.object.resize(0);
   * memory.object.resize(8);
   * console.assert(mapping.read(4, 1)[0] === 0);
   * ```
   */
  resize(size: number): void {
    const old = this.#size;
    if (size > old) {
      // SHM-CAP-2: the bytes the object grows over read as zero. Those the
      // store already holds may keep data from before a shrink (or stores made
      // through a view past the end): clear them. Past the store's end the
      // runtime's growth gives zeroed bytes.
      const held = Math.min(size, this.#store.buffer.byteLength);
      if (held > old) this.#bytes.fill(0, old, held);
      this.#reserve(size);
    }
    // SHM-CAP-1: exactly the size given. SHM-CAP-2: when smaller, the bytes
    // past it are discarded: out of bounds from now on (SHM-CAP-3), and
    // cleared above should the object grow over them again. Mappings keep
    // their length and views (SHM-CAP-3).
    this.#size = size;
  }

  /**
   * The object's half of a load through a mapping: a copy of `count` bytes
   * from `position`.
   *
   * @param position - where, in the object, already checked against the mapping
   * @param count - how many bytes, at least 1
   * @param syscall - the operation, for errors
   * @returns a new array with the bytes
   * @throws {IpcError} `EFAULT` when the range reaches past the size (SHM-ERR-6)
   *
   * @example Read past the end
   * ```ts
   * import { ReferenceShmObject } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const object = new ReferenceShmObject({ uid: 0, gid: 0, mode: 0o600 });
   * object.resize(4);
   * console.assert(object.read(0, 4, "load").length === 4);
   * try { object.read(2, 4, "load"); } catch (error) { console.assert(IpcError.is(error, "EFAULT")); }
   * ```
   */
  read(position: number, count: number, syscall: string): Uint8Array {
    this.#requireInside(position, count, syscall);
    // SHM-ORD-1: the bytes as they are now, whoever stored them, copied out.
    return this.#bytes.slice(position, position + count);
  }

  /**
   * The object's half of a store through a mapping: copies `data` in at
   * `position`, all of it or, when it reaches past the size, none.
   *
   * @param position - where, in the object, already checked against the mapping
   * @param data - the bytes, at least 1
   * @param syscall - the operation, for errors
   * @throws {IpcError} `EFAULT` when the range reaches past the size (SHM-ERR-6)
   *
   * @example Write, then read back
   * ```ts
   * import { ReferenceShmObject } from "ipckit/reference";
   * const object = new ReferenceShmObject({ uid: 0, gid: 0, mode: 0o600 });
   * object.resize(4);
   * object.write(1, new Uint8Array([9, 8]), "store");
   * console.assert(object.read(2, 1, "load")[0] === 8);
   * ```
   */
  write(position: number, data: Uint8Array, syscall: string): void {
    this.#requireInside(position, data.length, syscall);
    // SHM-ORD-1: straight into the shared memory every view is made over,
    // so every mapping sees it at once. (TypedArray.set copies correctly
    // even when data is itself a view of this memory.)
    this.#bytes.set(data, position);
  }

  /**
   * Opens a new descriptor of this object held by `owner`: `shm_open(3)`
   * and `fork(2)` come down to this.
   *
   * @param access - what the descriptor may do
   * @param owner - the process that holds it
   * @param name - the name it was opened by, for inspection
   * @returns the descriptor, registered in `owner`'s descriptor table
   * @throws {IpcError} `ESRCH` when `owner` has exited
   *
   * @example Another descriptor of the same object
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const memory = process.shmOpen("/again", { access: "readwrite", create: true });
   * const other = memory.object.openDescriptor("read", process, "/again");
   * console.assert(other.object === memory.object && other.access === "read");
   * ```
   */
  openDescriptor(access: ShmAccess, owner: ProcessCore, name: string): ReferenceSharedMemory {
    owner.requireAlive("open");
    const descriptor = new ReferenceSharedMemory(this, access, owner, name);
    owner.addDescriptor(descriptor);
    return descriptor;
  }

  /**
   * Maps a range of this object into `owner`: `mmap(2)` and `fork(2)` come
   * down to this. The mapping counts among the attachments until unmapped.
   *
   * @param access - what the mapping may do
   * @param offset - where it starts, already checked (a multiple of the page size)
   * @param length - its length, already checked (at least 1)
   * @param owner - the process that holds it
   * @returns the mapping, registered in `owner`'s descriptor table
   * @throws {IpcError} `ESRCH` when `owner` has exited
   *
   * @example A mapping past the end of the object
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const memory = process.shmOpen("/past", { access: "readwrite", create: true });
   * const mapping = memory.object.openMapping("readwrite", 4096, 4096, process);
   * console.assert(mapping.view?.length === 4096 && memory.object.size === 0 && memory.object.writers === 1);
   * ```
   */
  openMapping(access: ShmAccess, offset: number, length: number, owner: ProcessCore): ReferenceMapping {
    owner.requireAlive("mmap");
    // SHM-CAP-3: a mapping may reach past the object's end; the memory must
    // still cover it, so that its view can be made (the bytes past the size
    // stay out of bounds for read and write).
    this.#reserve(offset + length);
    // SHM-ORD-1, SHM-ORD-2: a read-write mapping's view is the object's own
    // memory from offset on, no copy: byte i of the view is byte offset + i.
    // SHM-ATOM-1: that memory is shared, and offset is a multiple of the
    // page size, so of 8: typed arrays over it work with Atomics.
    // SHM-PERM-5: a read-only mapping gets no view, since JavaScript cannot
    // protect one.
    const view = access === "readwrite" ? new Uint8Array(this.#store.buffer, offset, length) : undefined;
    const mapping = new ReferenceMapping(this, access, offset, length, owner, view);
    owner.addDescriptor(mapping);
    // SHM-LIFE-8: one more attachment, of its kind.
    if (access === "readwrite") this.#writers += 1;
    else this.#readers += 1;
    return mapping;
  }

  /**
   * The object's half of `munmap(2)`: one attachment fewer. Only
   * {@link ReferenceMapping.unmap} calls it, once per mapping.
   *
   * @param access - the access of the mapping going away
   *
   * @example Unmapping counts down
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const memory = createSystem().spawn().shmOpen("/down", { access: "readwrite", create: true });
   * memory.map({ access: "read", length: 1 }).unmap(); // calls closeMapping("read")
   * console.assert(memory.object.readers === 0);
   * ```
   */
  closeMapping(access: ShmAccess): void {
    // SHM-LIFE-8: one attachment fewer, of its kind.
    if (access === "readwrite") this.#writers -= 1;
    else this.#readers -= 1;
  }

  /** Grows the memory to at least `end` bytes; new bytes are zero. */
  #reserve(end: number): void {
    if (end > this.#store.buffer.byteLength) this.#store.grow(end);
  }

  /** SHM-ERR-6, SHM-CAP-3: a range reaching past the current size fails EFAULT (C raises SIGBUS), before any byte moves. */
  #requireInside(position: number, count: number, syscall: string): void {
    if (position + count > this.#size) {
      throw new IpcError("EFAULT", syscall, {
        detail: `bytes ${position} to ${position + count - 1} of the object reach past its size, ${this.#size}`,
      });
    }
  }
}

/**
 * An open shared memory descriptor: the reference implementation of
 * `SharedMemory` (from `ipckit/spec`). It sits in its process's
 * descriptor table, so `fork` duplicates it and `exit` closes it.
 *
 * @example Open, size, map
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const memory = createSystem().spawn().shmOpen("/descriptor", { access: "readwrite", create: true });
 * memory.truncate(4096);
 * const mapping = memory.map({ access: "readwrite" });
 * mapping.view![0] = 1;
 * console.assert(memory.stat().attachments === 1 && mapping.read(0, 1)[0] === 1);
 * ```
 */
export class ReferenceSharedMemory implements SharedMemory, Descriptor {
  readonly #object: ReferenceShmObject;
  readonly #access: ShmAccess;
  readonly #owner: ProcessCore;
  readonly #name: string;
  #closed = false;

  /**
   * Makes the descriptor object. Only
   * {@link ReferenceShmObject.openDescriptor} calls it: that is where it is
   * registered with its process.
   *
   * @param object - the object it is a descriptor of
   * @param access - what it may do
   * @param owner - the process that holds it
   * @param name - the name it was opened by
   *
   * @example Descriptors come from shmOpen
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const memory = process.shmOpen("/made", { access: "read", create: true });
   * console.assert(process.descriptors.includes(memory));
   * ```
   */
  constructor(object: ReferenceShmObject, access: ShmAccess, owner: ProcessCore, name: string) {
    this.#object = object;
    this.#access = access;
    this.#owner = owner;
    this.#name = name;
  }

  /**
   * What the descriptor was opened for (SHM-PERM-1).
   *
   * @returns `"read"` or `"readwrite"`
   *
   * @example A read-only descriptor
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * console.assert(createSystem().spawn().shmOpen("/access", { access: "read", create: true }).access === "read");
   * ```
   */
  get access(): ShmAccess {
    return this.#access;
  }

  /**
   * `true` once this descriptor is closed.
   *
   * @returns whether it is closed
   *
   * @example Closed after close
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const memory = createSystem().spawn().shmOpen("/closed", { access: "read", create: true });
   * memory.close();
   * console.assert(memory.closed);
   * ```
   */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The process holding this descriptor.
   *
   * @returns the owner
   *
   * @example The opener holds it
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * console.assert(process.shmOpen("/owner", { access: "read", create: true }).owner === process);
   * ```
   */
  get owner(): ProcessCore {
    return this.#owner;
  }

  /**
   * The object this is a descriptor of, for inspection; it may have lost its
   * name (SHM-LIFE-4).
   *
   * @returns the object, shared by every descriptor and mapping of it
   *
   * @example Two opens, one object
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const first = process.shmOpen("/one", { access: "readwrite", create: true });
   * console.assert(process.shmOpen("/one", { access: "read" }).object === first.object);
   * ```
   */
  get object(): ReferenceShmObject {
    return this.#object;
  }

  /**
   * The name the descriptor was opened by, for inspection (it may no longer
   * name the object: SHM-LIFE-4).
   *
   * @returns the name
   *
   * @example The name given to shmOpen
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * console.assert(createSystem().spawn().shmOpen("/called", { access: "read", create: true }).name === "/called");
   * ```
   */
  get name(): string {
    return this.#name;
  }

  /**
   * Sets the object's size (`ftruncate(2)`): see `SharedMemory.truncate`.
   *
   * @param size - an integer from 0 to {@link SHM_SIZE_MAX} (SHM-CAP-4)
   * @throws {IpcError} `EINVAL` (SHM-CAP-4, SHM-ERR-8), `EBADF` (SHM-ERR-7)
   *
   * @example Not through a read-only descriptor
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const memory = createSystem().spawn().shmOpen("/readonly", { access: "read", create: true });
   * try { memory.truncate(10); } catch (error) { console.assert(IpcError.is(error, "EINVAL")); }
   * console.assert(memory.stat().size === 0);
   * ```
   */
  truncate(size: number): void {
    // SHM-ERR-7
    this.#checkOpen("ftruncate");
    // SHM-CAP-4: an integer from 0 to SHM_SIZE_MAX, or EINVAL and nothing changes.
    const checked = requireIntegerInRange(size, 0, SHM_SIZE_MAX, "ftruncate", "size");
    // SHM-ERR-8: only through a descriptor open for writing (Linux: EINVAL).
    if (this.#access !== "readwrite") {
      throw new IpcError("EINVAL", "ftruncate", { detail: "the descriptor is open for reading only" });
    }
    // SHM-CAP-1, SHM-CAP-2, SHM-CAP-3: the object's half.
    this.#object.resize(checked);
  }

  /**
   * The object's size, owner, mode and attach counts (`fstat(2)`): see
   * `SharedMemory.stat`.
   *
   * @returns a fresh object
   * @throws {IpcError} `EBADF` when closed (SHM-ERR-7)
   *
   * @example Stat after truncate
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const memory = createSystem().spawn().shmOpen("/fstat", { access: "readwrite", create: true });
   * memory.truncate(123);
   * console.assert(memory.stat().size === 123);
   * ```
   */
  stat(): ShmStat {
    // SHM-ERR-7
    this.#checkOpen("fstat");
    // SHM-CAP-1, SHM-LIFE-8: through any descriptor, named or not (SHM-LIFE-4).
    return this.#object.stat();
  }

  /**
   * Maps a range of the object into the process holding this descriptor
   * (`mmap(2)`, `MAP_SHARED`): see `SharedMemory.map`.
   *
   * @param options - the access, offset and length (SHM-ERR-4)
   * @returns the mapping
   * @throws {IpcError} `EACCES` (SHM-PERM-4), `EINVAL` (SHM-ERR-4), `EBADF` (SHM-ERR-7)
   *
   * @example A read-write mapping needs a read-write descriptor
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const memory = createSystem().spawn().shmOpen("/protect", { access: "read", create: true });
   * let denied = false;
   * try { memory.map({ access: "readwrite", length: 4096 }); } catch (error) { denied = IpcError.is(error, "EACCES"); }
   * console.assert(denied && memory.map({ access: "read", length: 4096 }).access === "read");
   * ```
   */
  map(options: ShmMapOptions): ReferenceMapping {
    // SHM-ERR-7
    this.#checkOpen("mmap");
    // SHM-ERR-4: the options, before the access.
    const { access, offset, length } = requireMapOptions(options, this.#object.size, "mmap");
    // SHM-PERM-4: MAP_SHARED with PROT_WRITE needs a descriptor open for writing.
    if (access === "readwrite" && this.#access !== "readwrite") {
      throw new IpcError("EACCES", "mmap", { path: this.#name, detail: "a read-write mapping through a descriptor open for reading only" });
    }
    return this.#object.openMapping(access, offset, length, this.#owner);
  }

  /**
   * Closes the descriptor (`close(2)`): see `SharedMemory.close`.
   *
   * @throws {IpcError} `EBADF` when already closed (SHM-ERR-7)
   *
   * @example The object keeps its size
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const memory = process.shmOpen("/kept", { access: "readwrite", create: true });
   * memory.truncate(64);
   * memory.close();
   * console.assert(process.shmOpen("/kept", { access: "read" }).stat().size === 64);
   * ```
   */
  close(): void {
    // SHM-ERR-7: closing twice fails EBADF.
    this.#checkOpen("close");
    this.#closed = true;
    this.#owner.removeDescriptor(this);
    // SHM-LIFE-5: the object stays, with its bytes, until unlinked.
    // SHM-LIFE-6: and the mappings made through this descriptor stay mapped.
  }

  /**
   * Opens a duplicate of this descriptor in another process: what `fork(2)`
   * does for every descriptor the parent holds.
   *
   * @param process - the process that will hold the duplicate
   * @returns the new descriptor
   * @throws {IpcError} `EBADF` when this descriptor is closed; `ESRCH` when `process` has exited
   *
   * @example Duplicate into another process
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const memory = system.spawn().shmOpen("/dup", { access: "readwrite", create: true });
   * const other = system.spawn();
   * console.assert(memory.dupInto(other).owner === other);
   * ```
   */
  dupInto(process: ProcessCore): ReferenceSharedMemory {
    this.#checkOpen("fork");
    return this.#object.openDescriptor(this.#access, process, this.#name);
  }

  #checkOpen(syscall: string): void {
    // SHM-ERR-7: every call on a closed descriptor fails EBADF.
    if (this.#closed) throw new IpcError("EBADF", syscall, { detail: "the shared memory descriptor is closed" });
  }
}

/**
 * A mapped range of an object: the reference implementation of `Mapping`
 * (from `ipckit/spec`). It sits in its process's descriptor table, so
 * `fork` gives the child a copy and `exit` unmaps it (SHM-LIFE-10).
 *
 * @example Store through the view, load through read
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const memory = createSystem().spawn().shmOpen("/mapping", { access: "readwrite", create: true });
 * memory.truncate(4096);
 * const mapping = memory.map({ access: "readwrite" });
 * mapping.view!.set([1, 2, 3], 10);
 * console.assert(mapping.read(10, 3)[2] === 3);
 * ```
 */
export class ReferenceMapping implements Mapping, Descriptor {
  /** What the mapping allows (SHM-PERM-4, SHM-PERM-5). */
  readonly access: ShmAccess;
  /** Where it starts in the object (SHM-ORD-2). */
  readonly offset: number;
  /** Its length, fixed (SHM-CAP-3). */
  readonly length: number;
  readonly #object: ReferenceShmObject;
  readonly #owner: ProcessCore;
  #view: Uint8Array | undefined;
  #mapped = true;

  /**
   * Makes the mapping object. Only {@link ReferenceShmObject.openMapping}
   * calls it: that is where it is counted and registered with its process.
   *
   * @param object - the object it maps
   * @param access - what it allows
   * @param offset - where it starts in the object
   * @param length - its length
   * @param owner - the process that holds it
   * @param view - its view: the object's memory from `offset`, for a read-write mapping
   *
   * @example Mappings come from map
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const mapping = process.shmOpen("/made-map", { access: "read", create: true }).map({ access: "read", length: 1 });
   * console.assert(process.descriptors.includes(mapping) && mapping.owner === process);
   * ```
   */
  constructor(
    object: ReferenceShmObject,
    access: ShmAccess,
    offset: number,
    length: number,
    owner: ProcessCore,
    view: Uint8Array | undefined,
  ) {
    this.#object = object;
    this.access = access;
    this.offset = offset;
    this.length = length;
    this.#owner = owner;
    this.#view = view;
  }

  /**
   * `false` once unmapped (SHM-LIFE-9).
   *
   * @returns whether it is mapped
   *
   * @example Mapped until unmap
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const mapping = createSystem().spawn().shmOpen("/m", { access: "read", create: true }).map({ access: "read", length: 1 });
   * console.assert(mapping.mapped);
   * mapping.unmap();
   * console.assert(!mapping.mapped);
   * ```
   */
  get mapped(): boolean {
    return this.#mapped;
  }

  /**
   * `true` once unmapped: the mapping as a descriptor of its process.
   *
   * @returns whether it is unmapped
   *
   * @example Closed means unmapped
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const mapping = createSystem().spawn().shmOpen("/c", { access: "read", create: true }).map({ access: "read", length: 1 });
   * mapping.close();
   * console.assert(mapping.closed && !mapping.mapped);
   * ```
   */
  get closed(): boolean {
    return !this.#mapped;
  }

  /**
   * The mapped bytes of a read-write mapping: see `Mapping.view`.
   *
   * @returns the view, or `undefined` for a read-only mapping or once unmapped
   *
   * @example Read-only mappings have no view
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const memory = createSystem().spawn().shmOpen("/v", { access: "readwrite", create: true });
   * console.assert(memory.map({ access: "read", length: 8 }).view === undefined);
   * console.assert(memory.map({ access: "readwrite", length: 8 }).view?.length === 8);
   * ```
   */
  get view(): Uint8Array | undefined {
    return this.#view;
  }

  /**
   * The process holding this mapping.
   *
   * @returns the owner
   *
   * @example The mapping's process
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * console.assert(process.shmOpen("/o", { access: "read", create: true }).map({ access: "read", length: 1 }).owner === process);
   * ```
   */
  get owner(): ProcessCore {
    return this.#owner;
  }

  /**
   * The object this mapping maps, for inspection.
   *
   * @returns the object
   *
   * @example The same object as its descriptor's
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const memory = createSystem().spawn().shmOpen("/obj", { access: "read", create: true });
   * console.assert(memory.map({ access: "read", length: 1 }).object === memory.object);
   * ```
   */
  get object(): ReferenceShmObject {
    return this.#object;
  }

  /**
   * Copies bytes out of the mapping: see `Mapping.read`.
   *
   * @param offset - from the start of the mapping; default 0 (SHM-ERR-5)
   * @param length - how many bytes; default the rest of the mapping (SHM-ERR-5)
   * @returns a copy of the bytes
   * @throws {IpcError} `EFAULT` (SHM-LIFE-9, SHM-ERR-6), `EINVAL` (SHM-ERR-5)
   *
   * @example Past the end of the object
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const memory = createSystem().spawn().shmOpen("/end", { access: "readwrite", create: true });
   * memory.truncate(10);
   * const mapping = memory.map({ access: "read", length: 4096 });
   * console.assert(mapping.read(0, 10).length === 10);
   * try { mapping.read(5, 10); } catch (error) { console.assert(IpcError.is(error, "EFAULT")); }
   * ```
   */
  read(offset?: number, length?: number): Uint8Array {
    // SHM-LIFE-9: unmapped: EFAULT.
    this.#checkMapped("load");
    // SHM-ERR-5: a range inside the mapping, or EINVAL.
    const start = offset === undefined ? 0 : requireIntegerInRange(offset, 0, this.length, "load", "offset");
    const count = length === undefined ? this.length - start : requireIntegerInRange(length, 0, this.length - start, "load", "length");
    if (count === 0) return new Uint8Array(0);
    // SHM-ORD-2: byte i of the mapping is byte offset + i of the object.
    // SHM-ERR-6, SHM-CAP-3: EFAULT when the range reaches past the object's size.
    return this.#object.read(this.offset + start, count, "load");
  }

  /**
   * Copies `data` into the mapping at `offset`: see `Mapping.write`.
   *
   * @param offset - from the start of the mapping (SHM-ERR-5)
   * @param data - the bytes (SHM-ERR-5)
   * @throws {IpcError} `EFAULT` (SHM-LIFE-9, SHM-ERR-6), `EACCES` (SHM-PERM-5), `EINVAL` (SHM-ERR-5)
   *
   * @example Not through a read-only mapping
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const memory = createSystem().spawn().shmOpen("/ro-map", { access: "readwrite", create: true });
   * memory.truncate(1);
   * try { memory.map({ access: "read" }).write(0, new Uint8Array([1])); } catch (error) { console.assert(IpcError.is(error, "EACCES")); }
   * ```
   */
  write(offset: number, data: Uint8Array): void {
    // SHM-LIFE-9: unmapped: EFAULT.
    this.#checkMapped("store");
    // SHM-PERM-5: a store to a read-only mapping: EACCES (C raises SIGSEGV), nothing stored.
    if (this.access !== "readwrite") {
      throw new IpcError("EACCES", "store", { detail: "the mapping is read-only" });
    }
    // SHM-ERR-5: a Uint8Array, and a range inside the mapping, or EINVAL.
    requireUint8Array(data, "store", "data");
    const start = requireIntegerInRange(offset, 0, this.length, "store", "offset");
    if (start + data.length > this.length) {
      throw new IpcError("EINVAL", "store", {
        detail: `${data.length} bytes at offset ${start} reach past the end of the ${this.length}-byte mapping`,
      });
    }
    if (data.length === 0) return;
    // SHM-ORD-2, SHM-ORD-1: into the object's memory at offset + start, seen at once by every mapping.
    // SHM-ERR-6, SHM-CAP-3: EFAULT when the range reaches past the object's size; nothing stored.
    this.#object.write(this.offset + start, data, "store");
  }

  /**
   * Unmaps the range (`munmap(2)`): see `Mapping.unmap`. Unmapping again
   * does nothing.
   *
   * @example The view goes
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const mapping = createSystem().spawn().shmOpen("/u", { access: "readwrite", create: true }).map({ access: "readwrite", length: 8 });
   * mapping.unmap();
   * console.assert(mapping.view === undefined);
   * ```
   */
  unmap(): void {
    // SHM-LIFE-9: unmapping what is not mapped does nothing, as munmap succeeds.
    if (!this.#mapped) return;
    // SHM-LIFE-9: the mapping ends: no view, and read and write fail EFAULT.
    this.#mapped = false;
    this.#view = undefined;
    this.#owner.removeDescriptor(this);
    // SHM-LIFE-8: one attachment fewer.
    this.#object.closeMapping(this.access);
  }

  /**
   * Unmaps the range: the mapping's side of `Descriptor.close`, which is what
   * `exit` calls for everything the process holds (SHM-LIFE-10). Unlike a
   * descriptor's close it never fails.
   *
   * @example Exit unmaps
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const process = createSystem().spawn();
   * const mapping = process.shmOpen("/exit", { access: "read", create: true }).map({ access: "read", length: 1 });
   * process.exit(); // calls mapping.close()
   * console.assert(!mapping.mapped);
   * ```
   */
  close(): void {
    // SHM-LIFE-10: exit unmaps every mapping of the process.
    this.unmap();
  }

  /**
   * Maps the same range into another process: what `fork(2)` does for every
   * mapping of the parent (SHM-LIFE-10).
   *
   * @param process - the process that will hold the copy
   * @returns the new mapping, sharing the same bytes
   * @throws {IpcError} `EBADF` when this mapping is unmapped; `ESRCH` when `process` has exited
   *
   * @example The child's copy shares the bytes
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const memory = system.spawn().shmOpen("/fork", { access: "readwrite", create: true });
   * memory.truncate(4);
   * const mapping = memory.map({ access: "readwrite" });
   * const copy = mapping.dupInto(system.spawn());
   * mapping.write(0, new Uint8Array([6]));
   * console.assert(copy.read(0, 1)[0] === 6 && memory.stat().attachments === 2);
   * ```
   */
  dupInto(process: ProcessCore): ReferenceMapping {
    if (!this.#mapped) throw new IpcError("EBADF", "fork", { detail: "the mapping is unmapped" });
    // SHM-LIFE-10: the child's own copy of the mapping, counted, over the same shared bytes.
    return this.#object.openMapping(this.access, this.offset, this.length, process);
  }

  #checkMapped(syscall: string): void {
    // SHM-LIFE-9: a reference to an unmapped range: EFAULT (C raises SIGSEGV).
    if (!this.#mapped) throw new IpcError("EFAULT", syscall, { detail: "the mapping is unmapped" });
  }
}

/** Returns `value` when it is `"read"` or `"readwrite"`. */
function requireShmAccess(value: unknown, syscall: string, argName: string): ShmAccess {
  if (!ACCESSES.has(value)) {
    throw new IpcError("EINVAL", syscall, { detail: `${argName} must be "read" or "readwrite", got ${describeType(value)}` });
  }
  return value as ShmAccess;
}

/** Returns a flag when it is a boolean, `false` when absent. */
function requireFlag(value: unknown, syscall: string, argName: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") {
    throw new IpcError("EINVAL", syscall, { detail: `${argName} must be a boolean, got ${describeType(value)}` });
  }
  return value;
}

/**
 * The options of an open, checked and with their defaults filled in: what
 * {@link requireShmOpenOptions} returns.
 *
 * @example Absent flags are false
 * ```ts
 * import { requireShmOpenOptions } from "ipckit/reference";
 * import type { CheckedShmOpenOptions } from "ipckit/reference";
 * const checked: CheckedShmOpenOptions = requireShmOpenOptions({ access: "readwrite", create: true }, "shm_open");
 * console.assert(checked.create && !checked.exclusive && checked.mode === 0o600);
 * ```
 */
export interface CheckedShmOpenOptions {
  /** `"read"` or `"readwrite"` (SHM-ERR-2). */
  readonly access: ShmAccess;
  /** `O_CREAT` (SHM-LIFE-1); `false` when absent. */
  readonly create: boolean;
  /** `O_EXCL` (SHM-LIFE-2); `false` when absent. */
  readonly exclusive: boolean;
  /** `O_TRUNC` (SHM-LIFE-7); `false` when absent. */
  readonly truncate: boolean;
  /** The permission bits for a new object, before the umask; `0o600` when absent (SHM-PERM-2). */
  readonly mode: number;
}

/**
 * Checks the options of an open (SHM-ERR-2): an object with an `access` of
 * `"read"` or `"readwrite"`, flags that are booleans or absent, and a mode
 * from 0 to 0o777 (default 0o600) or absent.
 *
 * @param options - the argument
 * @param syscall - the operation, for errors
 * @returns the options with their defaults
 * @throws {IpcError} `EINVAL` when any of them is bad
 *
 * @example Defaults filled in
 * ```ts
 * import { requireShmOpenOptions } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const checked = requireShmOpenOptions({ access: "read" }, "shm_open");
 * console.assert(!checked.create && !checked.truncate && checked.mode === 0o600);
 * let bad = false;
 * try { requireShmOpenOptions({ access: "write" }, "shm_open"); } catch (error) { bad = IpcError.is(error, "EINVAL"); }
 * console.assert(bad);
 * ```
 */
export function requireShmOpenOptions(options: unknown, syscall: string): CheckedShmOpenOptions {
  const checked = requireOptionalObject(options, syscall, "options");
  if (checked === undefined) throw new IpcError("EINVAL", syscall, { detail: "options with an access are required" });
  // SHM-ERR-2: O_RDONLY or O_RDWR; shm_open has no write-only access.
  const access = requireShmAccess(checked["access"], syscall, "options.access");
  const create = requireFlag(checked["create"], syscall, "options.create");
  const exclusive = requireFlag(checked["exclusive"], syscall, "options.exclusive");
  const truncate = requireFlag(checked["truncate"], syscall, "options.truncate");
  // SHM-ERR-2: a plain permission mode, checked whether or not it is used.
  const mode = checked["mode"] === undefined ? DEFAULT_SHM_MODE : requireIntegerInRange(checked["mode"], 0, PERMISSION_BITS, syscall, "options.mode");
  return { access, create, exclusive, truncate, mode };
}

/**
 * Checks the options of a map (SHM-ERR-4): an object with an `access` of
 * `"read"` or `"readwrite"`, an offset that is a non-negative multiple of
 * the page size (default 0), and a positive length (default the object's
 * size less the offset), the range ending no further than
 * {@link SHM_SIZE_MAX}.
 *
 * @param options - the argument
 * @param size - the object's size now, for the default length
 * @param syscall - the operation, for errors
 * @returns the access, offset and length
 * @throws {IpcError} `EINVAL` when any of them is bad
 *
 * @example A whole object by default, and no empty mapping
 * ```ts
 * import { requireMapOptions } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * console.assert(requireMapOptions({ access: "read", offset: 4096 }, 10000, "mmap").length === 5904);
 * let empty = false;
 * try { requireMapOptions({ access: "read" }, 0, "mmap"); } catch (error) { empty = IpcError.is(error, "EINVAL"); }
 * console.assert(empty);
 * ```
 */
export function requireMapOptions(
  options: unknown,
  size: number,
  syscall: string,
): { readonly access: ShmAccess; readonly offset: number; readonly length: number } {
  const checked = requireOptionalObject(options, syscall, "options");
  if (checked === undefined) throw new IpcError("EINVAL", syscall, { detail: "options with an access are required" });
  // SHM-ERR-4: PROT_READ or PROT_READ | PROT_WRITE.
  const access = requireShmAccess(checked["access"], syscall, "options.access");
  // SHM-ERR-4: the offset is a non-negative multiple of the page size.
  const offset = checked["offset"] === undefined ? 0 : requireIntegerInRange(checked["offset"], 0, SHM_SIZE_MAX, syscall, "options.offset");
  if (offset % PAGE_SIZE !== 0) {
    throw new IpcError("EINVAL", syscall, { detail: `options.offset ${offset} is not a multiple of the page size, ${PAGE_SIZE}` });
  }
  // SHM-ERR-4: the length is at least 1, given or by default (the rest of the object).
  let length: number;
  if (checked["length"] === undefined) {
    length = size - offset;
    if (length <= 0) {
      throw new IpcError("EINVAL", syscall, { detail: `no length given, and the object's size ${size} leaves nothing past offset ${offset}` });
    }
  } else {
    length = requireIntegerInRange(checked["length"], 1, SHM_SIZE_MAX, syscall, "options.length");
  }
  // SHM-ERR-4: the range ends no further than SHM_SIZE_MAX.
  if (offset + length > SHM_SIZE_MAX) {
    throw new IpcError("EINVAL", syscall, { detail: `the range ends at ${offset + length}, past SHM_SIZE_MAX (${SHM_SIZE_MAX})` });
  }
  return { access, offset, length };
}

/**
 * `shm_open(3)` as `process`: the operation behind `ReferenceProcess.shmOpen`.
 *
 * @param caller - the process making the call
 * @param name - the object's name (SHM-ERR-1)
 * @param options - access, creation flags, truncation and mode (SHM-ERR-2)
 * @returns the descriptor, held by `caller`
 * @throws {IpcError} `ENOENT` (SHM-LIFE-1), `EEXIST` (SHM-LIFE-2), `EACCES`
 *   (SHM-PERM-1, SHM-PERM-3), `EINVAL` (SHM-ERR-1, SHM-ERR-2),
 *   `ENAMETOOLONG` (SHM-ERR-1), `ESRCH` when `caller` has exited
 *
 * @example Create exclusively, once
 * ```ts
 * import { createSystem, shmOpen } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const process = createSystem().spawn();
 * shmOpen(process, "/once", { access: "readwrite", create: true, exclusive: true });
 * let exists = false;
 * try { shmOpen(process, "/once", { access: "readwrite", create: true, exclusive: true }); } catch (error) { exists = IpcError.is(error, "EEXIST"); }
 * console.assert(exists);
 * ```
 */
export function shmOpen(caller: ProcessCore, name: string, options: ShmOpenOptions): ReferenceSharedMemory {
  caller.requireAlive("shm_open");
  // SHM-ERR-1: the name, first.
  const checkedName = requireShmName(name, "shm_open");
  // SHM-ERR-2: then every option, whether or not it will be used.
  const { access, create, exclusive, truncate, mode } = requireShmOpenOptions(options, "shm_open");
  const names = shmNamespaceOf(caller.system);
  // SHM-LIFE-2: the lookup and the creation below are one step: nothing else
  // runs between them, so of several exclusive creates exactly one succeeds.
  const existing = names.lookup(checkedName);
  if (existing !== undefined) {
    // SHM-LIFE-2: create and exclusive: EEXIST, before any permission check.
    // (Exclusive without create is ignored.)
    if (create && exclusive) throw new IpcError("EEXIST", "shm_open", { path: checkedName });
    // SHM-PERM-1: r for read, rw for readwrite, by the one rule.
    // SHM-PERM-3: truncate needs w as well, for read access too.
    requireAccess(caller.credentials, existing.ownership, truncate ? "readwrite" : access, "shm_open", checkedName);
    // SHM-LIFE-7: truncate empties the object, with read access too (Linux);
    // its mappings keep their length, all of it now past the end (SHM-CAP-3).
    if (truncate) existing.resize(0);
    // SHM-LIFE-3: otherwise the object as it is; the mode given is ignored.
    return existing.openDescriptor(access, caller, checkedName);
  }
  // SHM-LIFE-1: an absent name without create: ENOENT.
  if (!create) throw new IpcError("ENOENT", "shm_open", { path: checkedName });
  // SHM-LIFE-1: a new object of size 0 under the name.
  // SHM-PERM-2: owned by the caller's uid and gid, mode less the caller's umask;
  // the creating open gets the access it asked, whatever the mode.
  const { uid, gid } = caller.credentials;
  const object = new ReferenceShmObject({ uid, gid, mode: creationMode(mode, caller.currentUmask) });
  const descriptor = object.openDescriptor(access, caller, checkedName);
  names.bind(checkedName, object);
  return descriptor;
}

/**
 * `shm_unlink(3)` as `process`: the operation behind `ReferenceProcess.shmUnlink`.
 *
 * @param caller - the process making the call
 * @param name - the name to remove (SHM-ERR-1)
 * @throws {IpcError} `ENOENT` (SHM-ERR-3), `EPERM` (SHM-PERM-6), `EINVAL`,
 *   `ENAMETOOLONG` (SHM-ERR-1), `ESRCH` when `caller` has exited
 *
 * @example Another user may not unlink
 * ```ts
 * import { createSystem, shmUnlink } from "ipckit/reference";
 * import { IpcError } from "ipckit/spec";
 * const system = createSystem();
 * system.spawn({ uid: 1000, gid: 100 }).shmOpen("/mine", { access: "read", create: true, mode: 0o666 });
 * let refused = false;
 * try { shmUnlink(system.spawn({ uid: 1001, gid: 100 }), "/mine"); } catch (error) { refused = IpcError.is(error, "EPERM"); }
 * shmUnlink(system.spawn(), "/mine"); // root may
 * console.assert(refused);
 * ```
 */
export function shmUnlink(caller: ProcessCore, name: string): void {
  caller.requireAlive("shm_unlink");
  // SHM-ERR-1
  const checkedName = requireShmName(name, "shm_unlink");
  const names = shmNamespaceOf(caller.system);
  const object = names.lookup(checkedName);
  // SHM-ERR-3: no such name.
  if (object === undefined) throw new IpcError("ENOENT", "shm_unlink", { path: checkedName });
  // SHM-PERM-6: only the owner or root (/dev/shm is sticky).
  const { uid } = caller.credentials;
  if (uid !== ROOT_UID && uid !== object.ownership.uid) {
    throw new IpcError("EPERM", "shm_unlink", {
      path: checkedName,
      detail: `uid ${uid} is neither the owner (uid ${object.ownership.uid}) nor root`,
    });
  }
  // SHM-LIFE-4: only the name goes, at once. The object lives on, bytes and
  // all, for its descriptors and mappings, out of reach of any later open.
  names.remove(checkedName);
}
