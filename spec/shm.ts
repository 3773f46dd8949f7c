/**
 * POSIX shared memory (`shm_overview(7)`): named objects of bytes that
 * processes open with `shm_open(3)`, size with `ftruncate(2)` and map with
 * `mmap(2)` (`MAP_SHARED`) to see the same bytes. The clauses in
 * {@link SHM_CLAUSES} are the rules; {@link ShmApi} (the calls of a
 * process), {@link SharedMemory} (an open descriptor) and {@link Mapping}
 * (a mapped range) are the API they govern.
 *
 * In C a mapping is a range of addresses, and touching a bad one raises a
 * signal: `SIGSEGV` for a write to a read-only page, `SIGBUS` for a page past
 * the end of the object. JavaScript cannot protect memory, so ipckit gives a
 * mapping two ways in: its {@link Mapping.view}, a real `Uint8Array` over the
 * shared bytes (for read-write mappings only), and the checked
 * {@link Mapping.read} and {@link Mapping.write}, which fail where C would
 * fault: `EACCES` for `SIGSEGV`, `EFAULT` for `SIGBUS`.
 *
 * @module
 */

import type { Clause } from "./clause.ts";
import type { PAGE_SIZE } from "./constants.ts";

/**
 * The largest size of a shared memory object, and the end of the furthest
 * byte a mapping may reach: 1 GiB (SHM-CAP-4, SHM-ERR-4). An ipckit limit:
 * JavaScript's growable shared buffers fix their largest length when made.
 *
 * @example Sizes up to the limit
 * ```ts
 * import { SHM_SIZE_MAX } from "ipckit/spec";
 * console.assert(SHM_SIZE_MAX === 2 ** 30);
 * ```
 */
export const SHM_SIZE_MAX = 1073741824;

/**
 * What a shared memory descriptor or a mapping allows: reading
 * (`O_RDONLY`, `PROT_READ`) or reading and writing (`O_RDWR`,
 * `PROT_READ | PROT_WRITE`). Shared memory has no write-only access.
 */
export type ShmAccess = "read" | "readwrite";

/**
 * Options for {@link ShmApi.shmOpen} (`shm_open(3)`'s `oflag` and `mode`).
 * Every field is checked on every call, whether or not the object exists
 * (SHM-ERR-2); `mode` is used only when the call creates the object
 * (SHM-LIFE-3).
 */
export interface ShmOpenOptions {
  /** `O_RDONLY` or `O_RDWR`: what the descriptor may do (SHM-PERM-1, SHM-PERM-4, SHM-ERR-8). */
  readonly access: ShmAccess;
  /** `O_CREAT`: create the object when the name is absent (SHM-LIFE-1). */
  readonly create?: boolean;
  /** `O_EXCL`: with `create`, fail `EEXIST` when the name exists; without it, ignored (SHM-LIFE-2). */
  readonly exclusive?: boolean;
  /** `O_TRUNC`: truncate an existing object to size 0; needs write permission (SHM-LIFE-7, SHM-PERM-3). */
  readonly truncate?: boolean;
  /** Permission bits for a new object, before the umask: an integer from 0 to 0o777; default `0o600` (SHM-PERM-2). */
  readonly mode?: number;
}

/**
 * Options for {@link SharedMemory.map} (`mmap(2)` with `MAP_SHARED`).
 */
export interface ShmMapOptions {
  /** `PROT_READ` or `PROT_READ | PROT_WRITE` (SHM-PERM-4, SHM-PERM-5). */
  readonly access: ShmAccess;
  /** Where the mapping starts in the object: a multiple of {@link PAGE_SIZE}; default 0 (SHM-ORD-2, SHM-ERR-4). */
  readonly offset?: number;
  /**
   * How many bytes to map, at least 1; default the object's size now less
   * `offset`. It may reach past the object's end (SHM-CAP-3, SHM-ERR-4).
   */
  readonly length?: number;
}

/**
 * What {@link SharedMemory.stat} reports (`fstat(2)`, with the attach counts
 * that System V's `shm_nattch` gives).
 */
export interface ShmStat {
  /** The object's size in bytes (SHM-CAP-1). */
  readonly size: number;
  /** The owner's uid (SHM-PERM-2). */
  readonly uid: number;
  /** The owning group's gid (SHM-PERM-2). */
  readonly gid: number;
  /** The permission bits, `0o000` to `0o777` (SHM-PERM-2). */
  readonly mode: number;
  /** Live mappings of the object, in every process (SHM-LIFE-8). */
  readonly attachments: number;
  /** Of those, the read-only mappings (SHM-LIFE-8). */
  readonly readers: number;
  /** Of those, the read-write mappings (SHM-LIFE-8). */
  readonly writers: number;
}

/**
 * A range of a shared memory object mapped into a process (`mmap(2)` with
 * `MAP_SHARED`), made by {@link SharedMemory.map}. Byte `i` of the mapping is
 * byte `offset + i` of the object (SHM-ORD-2), and a store through any
 * mapping of the object is seen through all of them at once (SHM-ORD-1).
 *
 * A mapping keeps its `length` whatever happens to the object: the object
 * may be resized, its descriptor closed (SHM-LIFE-6), its name unlinked
 * (SHM-LIFE-4). The part of a mapping past the object's current size is out
 * of bounds (SHM-CAP-3).
 *
 * The checks of {@link Mapping.read} and {@link Mapping.write} run in this
 * order, the first failing one deciding the error: the mapping is mapped
 * (`EFAULT`, SHM-LIFE-9), its access allows the call (`EACCES`,
 * SHM-PERM-5), the arguments (`EINVAL`, SHM-ERR-5), and last the object's
 * size (`EFAULT`, SHM-ERR-6). A failed call changes nothing.
 */
export interface Mapping {
  /** What the mapping allows, as asked of `map` (SHM-PERM-4, SHM-PERM-5). */
  readonly access: ShmAccess;
  /** Where it starts in the object, in bytes (SHM-ORD-2). */
  readonly offset: number;
  /** Its length in bytes, fixed when it was made (SHM-CAP-3). */
  readonly length: number;
  /** `false` once unmapped, by {@link Mapping.unmap} or by the process's exit (SHM-LIFE-9, SHM-LIFE-10). */
  readonly mapped: boolean;

  /**
   * The mapped bytes themselves, for a read-write mapping: a `Uint8Array` of
   * {@link Mapping.length} bytes over shared memory, so stores through it
   * are seen by every mapping of the object (SHM-ORD-1), and typed arrays
   * made over its `buffer` at its `byteOffset` (a multiple of 8) work with
   * `Atomics` (SHM-ATOM-1). Its length never changes (SHM-CAP-3); its bytes
   * past the object's current size are not the object's, and what they hold
   * is unspecified (in C, touching them raises `SIGBUS`).
   *
   * `undefined` for a read-only mapping, which JavaScript cannot protect
   * (SHM-PERM-5), and once unmapped (SHM-LIFE-9). A view kept from before
   * the unmap still reaches the memory; ipckit cannot revoke it, and using it
   * is the counterpart of a dangling pointer.
   *
   * @example Count with Atomics through two processes' views
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const a = system.spawn().shmOpen("/counter", { access: "readwrite", create: true, mode: 0o666 });
   * a.truncate(4096);
   * const b = system.spawn().shmOpen("/counter", { access: "readwrite" });
   * const viewA = a.map({ access: "readwrite" }).view!;
   * const viewB = b.map({ access: "readwrite" }).view!;
   * Atomics.add(new Int32Array(viewA.buffer, viewA.byteOffset, 1), 0, 2);
   * Atomics.add(new Int32Array(viewB.buffer, viewB.byteOffset, 1), 0, 3);
   * console.assert(Atomics.load(new Int32Array(viewA.buffer, viewA.byteOffset, 1), 0) === 5);
   * ```
   */
  readonly view: Uint8Array | undefined;

  /**
   * Copies bytes out of the mapping: a load from memory.
   *
   * @param offset - where to start, from the start of the mapping: an
   *   integer from 0 to `length`; default 0 (SHM-ERR-5)
   * @param length - how many bytes: an integer from 0 to `length - offset`;
   *   default the rest of the mapping (SHM-ERR-5)
   * @returns a new array holding a copy of the bytes (SHM-ORD-1, SHM-ORD-2)
   * @throws {IpcError} `EFAULT` when unmapped (SHM-LIFE-9) or when the range
   *   reaches past the object's current size (SHM-ERR-6, SHM-CAP-3),
   *   `EINVAL` when it falls outside the mapping or an argument is not an
   *   integer (SHM-ERR-5)
   *
   * @example Read what another mapping stored
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const memory = createSystem().spawn().shmOpen("/read", { access: "readwrite", create: true });
   * memory.truncate(8);
   * const writer = memory.map({ access: "readwrite" });
   * const reader = memory.map({ access: "read" });
   * writer.view![3] = 42;
   * console.assert(reader.read(2, 2)[1] === 42);
   * ```
   */
  read(offset?: number, length?: number): Uint8Array;

  /**
   * Copies `data` into the mapping at `offset`: a store to memory. All of
   * it is written, or none (SHM-ERR-6).
   *
   * @param offset - where to start, from the start of the mapping: an
   *   integer from 0 to `length - data.length` (SHM-ERR-5)
   * @param data - the bytes, a `Uint8Array` (SHM-ERR-5)
   * @throws {IpcError} `EFAULT` when unmapped (SHM-LIFE-9) or when the range
   *   reaches past the object's current size (SHM-ERR-6, SHM-CAP-3),
   *   `EACCES` through a read-only mapping (SHM-PERM-5), `EINVAL` when the
   *   range falls outside the mapping or an argument has the wrong type
   *   (SHM-ERR-5)
   *
   * @example A store is seen by another process
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const memory = system.spawn().shmOpen("/store", { access: "readwrite", create: true, mode: 0o644 });
   * memory.truncate(4096);
   * memory.map({ access: "readwrite" }).write(100, new Uint8Array([1, 2, 3]));
   * const other = system.spawn().shmOpen("/store", { access: "read" }).map({ access: "read" });
   * console.assert(other.read(100, 3)[2] === 3);
   * ```
   */
  write(offset: number, data: Uint8Array): void;

  /**
   * Unmaps the range (`munmap(2)`): the mapping stops counting among the
   * object's attachments (SHM-LIFE-8), its view goes, and its reads and
   * writes fail `EFAULT` (SHM-LIFE-9). Unmapping again does nothing, as
   * `munmap` of a range with nothing mapped succeeds.
   *
   * @example Unmap, and the count drops
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const memory = createSystem().spawn().shmOpen("/unmap", { access: "readwrite", create: true });
   * memory.truncate(4096);
   * const mapping = memory.map({ access: "readwrite" });
   * mapping.unmap();
   * mapping.unmap();
   * console.assert(!mapping.mapped && mapping.view === undefined && memory.stat().attachments === 0);
   * ```
   */
  unmap(): void;
}

/**
 * An open shared memory descriptor, held by the process that opened it
 * (`shm_open(3)` returns a file descriptor). `fork` gives the child a
 * duplicate and `exit` closes it, like every descriptor.
 *
 * The object it names lives on after the descriptor closes, until its name
 * is unlinked (SHM-LIFE-5); mappings made through the descriptor outlive it
 * (SHM-LIFE-6). Every call on a closed descriptor fails `EBADF`
 * (SHM-ERR-7), before any other check.
 */
export interface SharedMemory {
  /** What the descriptor was opened for (SHM-PERM-1). */
  readonly access: ShmAccess;
  /** `true` once this descriptor is closed (SHM-ERR-7). */
  readonly closed: boolean;

  /**
   * Sets the object's size (`ftruncate(2)`). Growing adds bytes that read
   * as zero; shrinking discards the bytes past the new size, so they read as
   * zero if the object grows again (SHM-CAP-1, SHM-CAP-2). Mappings keep
   * their length: what lies past the new size is out of bounds for them,
   * what the object grew over is in bounds again (SHM-CAP-3).
   *
   * @param size - the new size: an integer from 0 to {@link SHM_SIZE_MAX} (SHM-CAP-4)
   * @throws {IpcError} `EINVAL` for a bad size (SHM-CAP-4) or through a
   *   descriptor opened read-only (SHM-ERR-8), `EBADF` when closed (SHM-ERR-7)
   *
   * @example Grow, shrink and grow again
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const memory = createSystem().spawn().shmOpen("/resize", { access: "readwrite", create: true });
   * memory.truncate(4096);
   * const mapping = memory.map({ access: "readwrite" });
   * mapping.write(1000, new Uint8Array([9]));
   * memory.truncate(100);
   * memory.truncate(4096);
   * console.assert(memory.stat().size === 4096 && mapping.read(1000, 1)[0] === 0);
   * ```
   */
  truncate(size: number): void;

  /**
   * The object's size, owner, mode and attach counts (`fstat(2)`;
   * SHM-CAP-1, SHM-PERM-2, SHM-LIFE-8). The object need not have a name
   * any more (SHM-LIFE-4).
   *
   * @returns a fresh object
   * @throws {IpcError} `EBADF` when closed (SHM-ERR-7)
   *
   * @example A new object
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const memory = createSystem().spawn({ uid: 1000, gid: 100 }).shmOpen("/stat", { access: "readwrite", create: true, mode: 0o640 });
   * const { size, uid, gid, mode, attachments } = memory.stat();
   * console.assert(size === 0 && uid === 1000 && gid === 100 && mode === 0o640 && attachments === 0);
   * ```
   */
  stat(): ShmStat;

  /**
   * Maps a range of the object into the calling process (`mmap(2)` with
   * `MAP_SHARED`). The mapping may reach past the object's end; that part is
   * out of bounds until the object grows over it (SHM-CAP-3). A mapping
   * counts among the object's attachments until it is unmapped (SHM-LIFE-8).
   *
   * The checks run in this order: the descriptor is open (`EBADF`,
   * SHM-ERR-7), the options (`EINVAL`, SHM-ERR-4), then the access
   * (`EACCES`, SHM-PERM-4).
   *
   * @param options - the access, and the offset and length of the range
   * @returns the mapping, held by the process holding this descriptor
   * @throws {IpcError} `EACCES` for a read-write mapping through a descriptor
   *   opened read-only (SHM-PERM-4), `EINVAL` for bad options: a length of 0,
   *   an offset that is not a multiple of {@link PAGE_SIZE}, a range ending
   *   past {@link SHM_SIZE_MAX} (SHM-ERR-4), `EBADF` when closed (SHM-ERR-7)
   *
   * @example Map the second page
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const memory = createSystem().spawn().shmOpen("/pages", { access: "readwrite", create: true });
   * memory.truncate(8192);
   * const whole = memory.map({ access: "readwrite" });
   * const second = memory.map({ access: "read", offset: 4096 });
   * whole.write(4096, new Uint8Array([5]));
   * console.assert(second.length === 4096 && second.read(0, 1)[0] === 5);
   * ```
   */
  map(options: ShmMapOptions): Mapping;

  /**
   * Closes the descriptor (`close(2)`). The object keeps its bytes
   * (SHM-LIFE-5), and mappings made through the descriptor stay mapped
   * (SHM-LIFE-6).
   *
   * @throws {IpcError} `EBADF` when already closed (SHM-ERR-7)
   *
   * @example A mapping outlives its descriptor
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const memory = createSystem().spawn().shmOpen("/close", { access: "readwrite", create: true });
   * memory.truncate(16);
   * const mapping = memory.map({ access: "readwrite" });
   * memory.close();
   * mapping.write(0, new Uint8Array([1]));
   * console.assert(mapping.mapped && mapping.read(0, 1)[0] === 1);
   * ```
   */
  close(): void;
}

/**
 * The POSIX shared memory calls of a process. An implementation that
 * provides them (manifest `shm`) gives its processes these methods.
 *
 * Objects live in a namespace of their own (Linux keeps them in `/dev/shm`).
 * Every call is made as the process, whose credentials decide permission
 * (SHM-PERM-1, SHM-PERM-3, SHM-PERM-6) and whose umask shapes a new object's
 * mode (SHM-PERM-2). Names are checked first (SHM-ERR-1), then the options
 * (SHM-ERR-2); bad input changes nothing.
 */
export interface ShmApi {
  /**
   * Opens the shared memory object named `name` (`shm_open(3)`), creating
   * it with `create`.
   *
   * An absent name fails `ENOENT` without `create`; with it, a new object of
   * size 0 is made (SHM-LIFE-1), owned by the caller with the mode asked less
   * the umask (SHM-PERM-2); the creating open gets the access it asked
   * whatever that mode. A name that exists fails `EEXIST` with `create` and
   * `exclusive` (SHM-LIFE-2); otherwise the object is opened as it is, the
   * mode given being ignored (SHM-LIFE-3), when the caller has the
   * permission the access needs (SHM-PERM-1), and write permission too for
   * `truncate` (SHM-PERM-3), which then empties it (SHM-LIFE-7).
   *
   * The checks run in this order: the process is alive (`ESRCH`), the name
   * (SHM-ERR-1), the options (SHM-ERR-2), then `EEXIST`, `EACCES` or
   * `ENOENT`.
   *
   * @param name - `"/"` followed by 1 to 255 bytes, none of them `"/"` (SHM-ERR-1)
   * @param options - access, creation flags, truncation and mode
   * @returns the descriptor, held by the calling process
   * @throws {IpcError} `ENOENT` (SHM-LIFE-1), `EEXIST` (SHM-LIFE-2), `EACCES`
   *   (SHM-PERM-1, SHM-PERM-3), `EINVAL` (SHM-ERR-1, SHM-ERR-2),
   *   `ENAMETOOLONG` (SHM-ERR-1), `ESRCH` when the process has exited
   *
   * @example Two users share a page
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * const system = createSystem();
   * const alice = system.spawn({ uid: 1000, gid: 100 });
   * const bob = system.spawn({ uid: 1001, gid: 100 });
   * const mine = alice.shmOpen("/board", { access: "readwrite", create: true, mode: 0o640 });
   * mine.truncate(4096);
   * const theirs = bob.shmOpen("/board", { access: "read" }); // group members may read
   * mine.map({ access: "readwrite" }).view![0] = 7;
   * console.assert(theirs.map({ access: "read" }).read(0, 1)[0] === 7);
   * ```
   */
  shmOpen(name: string, options: ShmOpenOptions): SharedMemory;

  /**
   * Removes the name (`shm_unlink(3)`). The object lives on, with its
   * bytes, for the descriptors and mappings already open; a later open of
   * the name fails `ENOENT` and a later create makes a new object
   * (SHM-LIFE-4). Only the object's owner or root may remove it
   * (SHM-PERM-6).
   *
   * @param name - the object's name (SHM-ERR-1)
   * @throws {IpcError} `ENOENT` when no object has the name (SHM-ERR-3),
   *   `EPERM` when the caller is neither owner nor root (SHM-PERM-6),
   *   `EINVAL`, `ENAMETOOLONG` for a bad name (SHM-ERR-1), `ESRCH` when the
   *   process has exited
   *
   * @example Unlink, and the mapping keeps working
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError } from "ipckit/spec";
   * const process = createSystem().spawn();
   * const memory = process.shmOpen("/gone", { access: "readwrite", create: true });
   * memory.truncate(4);
   * const mapping = memory.map({ access: "readwrite" });
   * process.shmUnlink("/gone");
   * mapping.write(0, new Uint8Array([1]));
   * let missing = false;
   * try { process.shmOpen("/gone", { access: "read" }); } catch (error) { missing = IpcError.is(error, "ENOENT"); }
   * console.assert(missing && mapping.read(0, 1)[0] === 1);
   * ```
   */
  shmUnlink(name: string): void;
}

/** Shorthand for a shared memory clause's fixed fields. */
type ShmClause = Omit<Clause, "mechanism"> & { readonly mechanism?: "shm" };

function shmClauses(list: readonly ShmClause[]): readonly Clause[] {
  return Object.freeze(list.map((clause) => Object.freeze({ ...clause, mechanism: "shm" as const })));
}

/**
 * The clauses of POSIX shared memory. IDs are stable and never reused.
 *
 * @example Find the visibility rule
 * ```ts
 * import { SHM_CLAUSES } from "ipckit/spec";
 * console.assert(SHM_CLAUSES.some((clause) => clause.id === "SHM-ORD-1" && clause.category === "ordering"));
 * ```
 */
export const SHM_CLAUSES: readonly Clause[] = shmClauses([
  // Ordering (visibility)
  {
    id: "SHM-ORD-1",
    category: "ordering",
    level: "core",
    rule: "A store through a read-write mapping, by its view or its write method, is seen at once through every mapping of the object in every process, by their views and by read, with no copy, flush or synchronising call in between.",
    source: "mmap(2) MAP_SHARED (updates are visible to other processes that map the same region); shm_overview(7)",
    catalogue: ["SHM-06"],
  },
  {
    id: "SHM-ORD-2",
    category: "ordering",
    level: "core",
    rule: "Byte i of a mapping is byte offset + i of the object, so mappings made at different offsets see each other's stores at the matching places.",
    source: "mmap(2) (the mapping starts at offset in the file)",
    catalogue: ["SHM-06"],
  },
  // Capacity (size)
  {
    id: "SHM-CAP-1",
    category: "capacity",
    level: "core",
    rule: "A new object has size 0, and truncate sets its size to exactly the size given, larger or smaller, as stat then reports through every descriptor of the object.",
    source: "shm_open(3) (a new object has length zero); ftruncate(2)",
    catalogue: ["SHM-02"],
  },
  {
    id: "SHM-CAP-2",
    category: "capacity",
    level: "core",
    rule: "Bytes added by growing an object read as zero, those that held data before a shrink included: shrinking discards the bytes past the new size.",
    source: "ftruncate(2) (the extended part reads as null bytes; the extra data is lost)",
    catalogue: ["SHM-02"],
  },
  {
    id: "SHM-CAP-3",
    category: "capacity",
    level: "core",
    rule: "A mapping keeps its length and its view when the object is resized, and may be longer than the object: reads and writes of its bytes past the object's current size fail with EFAULT until the object grows over them again.",
    source: "mmap(2) (a mapping may extend past the end of the file; SIGBUS for pages past it)",
    choice: "POSIX leaves resizing a mapped object open; ipckit keeps every mapping as it was made, as Linux does, and checks bounds against the size at each access, byte by byte rather than page by page.",
    catalogue: ["SHM-09"],
  },
  {
    id: "SHM-CAP-4",
    category: "capacity",
    level: "core",
    rule: "truncate to a size that is not an integer from 0 to SHM_SIZE_MAX (1 GiB) fails with EINVAL and leaves the size and the bytes unchanged.",
    source: "ftruncate(2) EINVAL (length is negative or larger than the maximum file size)",
    choice: "ipckit's objects hold at most SHM_SIZE_MAX bytes: a growable SharedArrayBuffer fixes its largest length when it is made. A size that is not an integer is EINVAL rather than being converted.",
  },
  // Permission
  {
    id: "SHM-PERM-1",
    category: "permission",
    level: "core",
    rule: "Opening an existing object needs read permission for read and read and write permission for readwrite, as the one permission rule of named objects decides them (root always; otherwise the owner, group or other bits of the first class the caller falls in), and a denied open fails with EACCES.",
    source: "shm_open(3) EACCES; open(2); credentials(7)",
    catalogue: ["SHM-03"],
  },
  {
    id: "SHM-PERM-2",
    category: "permission",
    level: "core",
    rule: "A new object is owned by the uid and gid of the process that made it, its permission bits are the mode asked for (0o600 when none) less that process's umask, and the open that creates it gets the access it asked for whatever the mode.",
    source: "shm_open(3) (O_CREAT: owner, group and mode & ~umask); open(2) (mode applies only to future accesses)",
    choice: "shm_open takes the mode as a required argument with O_CREAT; ipckit defaults it to 0o600, as it does for message queues. The group is always the creator's gid.",
    catalogue: ["SHM-03"],
  },
  {
    id: "SHM-PERM-3",
    category: "permission",
    level: "core",
    rule: "Opening an existing object with truncate needs write permission as well, for read access too: without it the open fails with EACCES and truncates nothing.",
    source: "shm_open(3) EACCES (O_TRUNC without write permission); Linux fs/namei.c build_open_flags (O_TRUNC asks MAY_WRITE)",
    catalogue: ["SHM-03"],
  },
  {
    id: "SHM-PERM-4",
    category: "permission",
    level: "core",
    rule: "map for readwrite through a descriptor opened read-only fails with EACCES and maps nothing, while map for read works through either kind of descriptor.",
    source: "mmap(2) EACCES (MAP_SHARED with PROT_WRITE on a descriptor not open O_RDWR)",
    catalogue: ["SHM-05"],
  },
  {
    id: "SHM-PERM-5",
    category: "permission",
    level: "core",
    rule: "A read-only mapping has no view (undefined) and its write fails with EACCES and stores nothing, while its read works.",
    source: "mmap(2) PROT_READ; signal(7) SIGSEGV (a store to a page without write permission)",
    choice: "JavaScript cannot make memory read-only, so a read-only mapping hands out no array to store into; a store through write, the analogue of the SIGSEGV C would raise, fails with EACCES rather than being ignored.",
    catalogue: ["SHM-09"],
  },
  {
    id: "SHM-PERM-6",
    category: "permission",
    level: "core",
    rule: "Only the object's owner or root may unlink it; any other process fails with EPERM and the name stays.",
    source: "shm_unlink(3); unlink(2) EPERM (sticky directory)",
    choice: "POSIX leaves who may unlink to the implementation; Linux keeps objects in /dev/shm, a world-writable directory with the sticky bit, where only the owner or a privileged process may remove one; ipckit follows Linux, as for FIFOs and message queues.",
    catalogue: ["SHM-08"],
  },
  // Atomicity
  {
    id: "SHM-ATOM-1",
    category: "atomicity",
    level: "core",
    rule: "The view of a read-write mapping is a Uint8Array of the mapping's length over shared memory at a byteOffset that is a multiple of 8, so typed arrays made over its buffer work with Atomics, and atomic operations through any mapping of the object act on the same bytes.",
    source: "shm_overview(7) (access must be synchronised by the processes); ECMAScript Atomics on shared memory",
    choice: "Shared memory implies no synchronisation; in JavaScript it is done with Atomics, which ipckit makes possible by handing out the shared bytes themselves rather than a copy.",
    catalogue: ["SHM-07"],
  },
  // Lifecycle
  {
    id: "SHM-LIFE-1",
    category: "lifecycle",
    level: "core",
    rule: "Opening a name that does not exist fails with ENOENT without create, and with create makes a new object of size 0 under that name.",
    source: "shm_open(3) ENOENT; O_CREAT",
    catalogue: ["SHM-01", "SHM-02"],
  },
  {
    id: "SHM-LIFE-2",
    category: "lifecycle",
    level: "core",
    rule: "With create and exclusive, opening a name that exists fails with EEXIST, before any permission check and leaving the object as it was, so of several such opens exactly one succeeds, while exclusive without create is ignored.",
    source: "shm_open(3) EEXIST (O_CREAT and O_EXCL; the check and the creation are atomic)",
    catalogue: ["SHM-01"],
  },
  {
    id: "SHM-LIFE-3",
    category: "lifecycle",
    level: "core",
    rule: "Opening a name that exists, with or without create, opens the same object with its size, bytes, owner and mode as they are, the mode given being ignored.",
    source: "shm_open(3); open(2) O_CREAT (no effect on an existing file)",
    catalogue: ["SHM-01"],
  },
  {
    id: "SHM-LIFE-4",
    category: "lifecycle",
    level: "core",
    rule: "shmUnlink removes the name at once: later opens without create fail with ENOENT and a later create makes a new, empty, distinct object, while descriptors and mappings already open keep the old object and its bytes.",
    source: "shm_unlink(3); shm_overview(7)",
    catalogue: ["SHM-08"],
  },
  {
    id: "SHM-LIFE-5",
    category: "lifecycle",
    level: "core",
    rule: "An object outlives its descriptors and mappings: with none open it keeps its size and bytes until it is unlinked, and a later open of its name finds them.",
    source: "shm_overview(7) (objects persist until unlinked or the system shuts down)",
    catalogue: ["SHM-08"],
  },
  {
    id: "SHM-LIFE-6",
    category: "lifecycle",
    level: "core",
    rule: "Closing a descriptor does not unmap: mappings made through it stay mapped, readable, writable and counted.",
    source: "mmap(2) (closing the file descriptor does not unmap the region)",
    catalogue: ["SHM-08"],
  },
  {
    id: "SHM-LIFE-7",
    category: "lifecycle",
    level: "core",
    rule: "Opening an existing object with truncate empties it to size 0, with read or readwrite access alike, and the mappings it has see their bytes out of bounds.",
    source: "shm_open(3) O_TRUNC and NOTES",
    choice: "POSIX leaves O_RDONLY with O_TRUNC undefined; ipckit follows Linux, which truncates (given write permission: SHM-PERM-3).",
    catalogue: ["SHM-04"],
  },
  {
    id: "SHM-LIFE-8",
    category: "lifecycle",
    level: "core",
    rule: "stat counts the object's live mappings in every process: attachments all of them, readers the read-only ones and writers the read-write ones, each map adding one and each unmap removing one.",
    source: "shmctl(2) IPC_STAT shm_nattch (the System V count of attaches)",
    choice: "fstat on a POSIX object reports no such count; ipckit reports one, modelled on System V's shm_nattch, so that mapping and unmapping are observable.",
    catalogue: ["SHM-10"],
  },
  {
    id: "SHM-LIFE-9",
    category: "lifecycle",
    level: "core",
    rule: "unmap ends a mapping: mapped becomes false, view undefined, read and write fail with EFAULT, and unmapping again does nothing.",
    source: "munmap(2) (later references to the range are invalid; no error when nothing is mapped)",
    choice: "In C a reference to an unmapped address raises SIGSEGV; ipckit's calls fail with EFAULT, the error a system call gives for a bad address.",
  },
  {
    id: "SHM-LIFE-10",
    category: "lifecycle",
    level: "extended",
    rule: "fork gives the child its own copy of every mapping of the parent, counted among the object's attachments until the child unmaps it, and exit unmaps every mapping the exiting process holds.",
    source: "fork(2) (the child inherits the parent's mappings; MAP_SHARED stays shared); _exit(2), munmap(2) (mappings are unmapped when the process terminates)",
  },
  // Errors
  {
    id: "SHM-ERR-1",
    category: "errors",
    level: "core",
    rule: "A name that is not a string, does not begin with \"/\", contains NUL, or after its \"/\" is empty, \".\" or \"..\" or holds another \"/\" fails with EINVAL, and one longer than NAME_MAX (255) bytes in UTF-8 after its \"/\" fails with ENAMETOOLONG, in shmOpen and shmUnlink alike and changing nothing.",
    source: "shm_open(3) EINVAL, ENAMETOOLONG; glibc posix/shm-directory.c __shm_get_name",
    choice: "POSIX leaves names without a leading slash or with more slashes implementation-defined; ipckit accepts only the portable form and follows glibc's errors (EINVAL, ENAMETOOLONG), \".\" and \"..\" included, which name directories under /dev/shm.",
    catalogue: ["SHM-01"],
  },
  {
    id: "SHM-ERR-2",
    category: "errors",
    level: "core",
    rule: "Open options that are not an object, an access other than read or readwrite, a create, exclusive or truncate that is neither a boolean nor absent, or a mode that is not an integer from 0 to 0o777 fail with EINVAL and create, open and truncate nothing.",
    source: "shm_open(3) (O_RDONLY or O_RDWR); open(2) EINVAL",
    choice: "C takes any int; ipckit rejects what is not one of the documented values rather than masking or converting it, and write-only access, which shm_open does not offer, is EINVAL.",
    catalogue: ["SHM-01"],
  },
  {
    id: "SHM-ERR-3",
    category: "errors",
    level: "core",
    rule: "shmUnlink of a name that no object has fails with ENOENT.",
    source: "shm_unlink(3) ENOENT",
    catalogue: ["SHM-08"],
  },
  {
    id: "SHM-ERR-4",
    category: "errors",
    level: "core",
    rule: "map with options that are not an object, an access other than read or readwrite, an offset that is not a non-negative multiple of PAGE_SIZE (4096), a length that is not a positive integer (0 included, or a default length that would be 0), or a range ending past SHM_SIZE_MAX fails with EINVAL and maps nothing.",
    source: "mmap(2) EINVAL (length 0; offset not a multiple of the page size; too large)",
    choice: "JavaScript has no flags word to get wrong: a MAP_SHARED mapping is the only kind, and the other EINVAL cases are bad values.",
    catalogue: ["SHM-05"],
  },
  {
    id: "SHM-ERR-5",
    category: "errors",
    level: "core",
    rule: "read or write with an offset or length that is not an integer or a range outside the mapping, or write with data that is not a Uint8Array, fails with EINVAL and changes nothing.",
    source: "signal(7) SIGSEGV (an address outside any mapping); write(2) EFAULT (analogue)",
    choice: "A C program that misses its mapping touches some other address; ipckit's calls know the mapping's bounds and report the bad argument with EINVAL, keeping EFAULT for an access the object's size forbids.",
  },
  {
    id: "SHM-ERR-6",
    category: "errors",
    level: "core",
    rule: "read or write of a range inside the mapping that reaches past the object's current size fails with EFAULT and reads or writes no byte.",
    source: "mmap(2) SIGBUS (an access to a part of the mapping past the end of the object)",
    choice: "EFAULT stands for the SIGBUS C would raise; bounds are checked byte by byte against the size, not page by page, and a write that would cross the end stores nothing rather than stopping part way.",
    catalogue: ["SHM-09"],
  },
  {
    id: "SHM-ERR-7",
    category: "errors",
    level: "core",
    rule: "Every call on a closed descriptor (truncate, stat, map, close) fails with EBADF.",
    source: "close(2); ftruncate(2), fstat(2), mmap(2) EBADF",
  },
  {
    id: "SHM-ERR-8",
    category: "errors",
    level: "core",
    rule: "truncate through a descriptor opened read-only fails with EINVAL and leaves the size unchanged.",
    source: "ftruncate(2) (EBADF or EINVAL: not open for writing); Linux fs/open.c do_sys_ftruncate",
    choice: "POSIX allows EBADF or EINVAL; ipckit follows Linux, which returns EINVAL.",
  },
]);
