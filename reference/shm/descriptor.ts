/**
 * An open shared memory descriptor (`shm_open(3)`'s file descriptor). It sits
 * in its process's descriptor table, so `fork` duplicates it and `exit`
 * closes it; its mappings (`mapping.ts`) outlive it (SHM-LIFE-6).
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import { SHM_SIZE_MAX } from "../../spec/shm.ts";
import type { SharedMemory, ShmAccess, ShmMapOptions, ShmStat } from "../../spec/shm.ts";
import { closeOnDispose } from "../base/dispose.ts";
import { requireIntegerInRange } from "../base/validate.ts";
import type { Descriptor, ProcessCore } from "../kernel/process-core.ts";
import { mapObject } from "./mapping.ts";
import type { ReferenceMapping } from "./mapping.ts";
import type { ReferenceShmObject } from "./object.ts";
import { requireMapOptions } from "./options.ts";

/**
 * Opens a new descriptor of `object` held by `owner`: `shm_open(3)` and
 * `fork(2)` come down to this.
 *
 * @param object - the object
 * @param access - what the descriptor may do
 * @param owner - the process that holds it
 * @param name - the name it was opened by, for inspection
 * @returns the descriptor, registered in `owner`'s descriptor table
 * @throws {IpcError} `ESRCH` when `owner` has exited
 */
export function openShmDescriptor(object: ReferenceShmObject, access: ShmAccess, owner: ProcessCore, name: string): ReferenceSharedMemory {
  owner.requireAlive("open");
  const descriptor = new ReferenceSharedMemory(object, access, owner, name);
  owner.addDescriptor(descriptor);
  return descriptor;
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
   * `openShmDescriptor` calls it: that is where it is
   * registered with its process.
   *
   * @internal
   * @param object - the object it is a descriptor of
   * @param access - what it may do
   * @param owner - the process that holds it
   * @param name - the name it was opened by
   */
  constructor(object: ReferenceShmObject, access: ShmAccess, owner: ProcessCore, name: string) {
    this.#object = object;
    this.#access = access;
    this.#owner = owner;
    this.#name = name;
  }

  /** {@inheritDoc spec!SharedMemory.access} */
  get access(): ShmAccess {
    return this.#access;
  }

  /** {@inheritDoc spec!SharedMemory.closed} */
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
   * @internal
   * @returns the object, shared by every descriptor and mapping of it
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

  /** {@inheritDoc spec!SharedMemory.truncate} */
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

  /** {@inheritDoc spec!SharedMemory.stat} */
  stat(): ShmStat {
    // SHM-ERR-7
    this.#checkOpen("fstat");
    // SHM-CAP-1, SHM-LIFE-8: through any descriptor, named or not (SHM-LIFE-4).
    return this.#object.stat();
  }

  /** {@inheritDoc spec!SharedMemory.map} */
  map(options: ShmMapOptions): ReferenceMapping {
    // SHM-ERR-7
    this.#checkOpen("mmap");
    // SHM-ERR-4: the options, before the access.
    const { access, offset, length } = requireMapOptions(options, this.#object.size, "mmap");
    // SHM-PERM-4: MAP_SHARED with PROT_WRITE needs a descriptor open for writing.
    if (access === "readwrite" && this.#access !== "readwrite") {
      throw new IpcError("EACCES", "mmap", { path: this.#name, detail: "a read-write mapping through a descriptor open for reading only" });
    }
    return mapObject(this.#object, access, offset, length, this.#owner);
  }

  /** {@inheritDoc spec!SharedMemory.close} */
  close(): void {
    // SHM-ERR-7: closing twice fails EBADF.
    this.#checkOpen("close");
    this.#closed = true;
    this.#owner.removeDescriptor(this);
    // SHM-LIFE-5: the object stays, with its bytes, until unlinked.
    // SHM-LIFE-6: and the mappings made through this descriptor stay mapped.
  }

  /** {@inheritDoc Descriptor.dupInto} */
  dupInto(process: ProcessCore): ReferenceSharedMemory {
    this.#checkOpen("fork");
    return openShmDescriptor(this.#object, this.#access, process, this.#name);
  }

  #checkOpen(syscall: string): void {
    // SHM-ERR-7: every call on a closed descriptor fails EBADF.
    if (this.#closed) throw new IpcError("EBADF", syscall, { detail: "the shared memory descriptor is closed" });
  }
}


closeOnDispose(ReferenceSharedMemory);
