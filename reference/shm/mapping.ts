/**
 * A mapped range of a shared memory object (`mmap(2)`, `MAP_SHARED`). It sits
 * in its process's descriptor table, so `fork` gives the child a copy and
 * `exit` unmaps it (SHM-LIFE-10). Reads and writes of zero bytes touch no
 * memory: after the argument checks they succeed, even past the object's end.
 * The error of a load or store through a mapping names the syscall `"load"`
 * or `"store"`: there is no system call for a memory access.
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { Mapping, ShmAccess } from "../../spec/shm.ts";
import { closeOnDispose } from "../base/dispose.ts";
import { requireIntegerInRange, requireUint8Array } from "../base/validate.ts";
import type { Descriptor, ProcessCore } from "../kernel/process-core.ts";
import type { ReferenceShmObject } from "./object.ts";

/**
 * Maps a range of `object` into `owner`: `mmap(2)` and `fork(2)` come down to
 * this. The mapping counts among the attachments until unmapped.
 *
 * @param object - the object
 * @param access - what the mapping may do
 * @param offset - where it starts, already checked (a multiple of the page size)
 * @param length - its length, already checked (at least 1)
 * @param owner - the process that holds it
 * @returns the mapping, registered in `owner`'s descriptor table
 * @throws {IpcError} `ESRCH` when `owner` has exited
 */
export function mapObject(object: ReferenceShmObject, access: ShmAccess, offset: number, length: number, owner: ProcessCore): ReferenceMapping {
  owner.requireAlive("mmap");
  const view = object.attachMapping(access, offset, length);
  const mapping = new ReferenceMapping(object, access, offset, length, owner, view);
  owner.addDescriptor(mapping);
  return mapping;
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
   * @internal
   * @param object - the object it maps
   * @param access - what it allows
   * @param offset - where it starts in the object
   * @param length - its length
   * @param owner - the process that holds it
   * @param view - its view: the object's memory from `offset`, for a read-write mapping
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

  /** {@inheritDoc spec!Mapping.mapped} */
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

  /** {@inheritDoc spec!Mapping.view} */
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
   * @internal
   * @returns the object
   */
  get object(): ReferenceShmObject {
    return this.#object;
  }

  /** {@inheritDoc spec!Mapping.read} */
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

  /** {@inheritDoc spec!Mapping.write} */
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

  /** {@inheritDoc spec!Mapping.unmap} */
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

  /** {@inheritDoc Descriptor.dupInto} */
  dupInto(process: ProcessCore): ReferenceMapping {
    if (!this.#mapped) throw new IpcError("EBADF", "fork", { detail: "the mapping is unmapped" });
    // SHM-LIFE-10: the child's own copy of the mapping, counted, over the same shared bytes.
    return mapObject(this.#object, this.access, this.offset, this.length, process);
  }

  #checkMapped(syscall: string): void {
    // SHM-LIFE-9: a reference to an unmapped range: EFAULT (C raises SIGSEGV).
    if (!this.#mapped) throw new IpcError("EFAULT", syscall, { detail: "the mapping is unmapped" });
  }
}


closeOnDispose(ReferenceMapping);
