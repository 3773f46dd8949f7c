/**
 * A shared memory object: what a name made by `shmOpen` with `create` points
 * to (the inode of a file in `/dev/shm`): its owner and mode, its size, the
 * memory behind it (`store.ts`) and the count of its mappings. Every
 * read-write mapping's view is a `Uint8Array` over that memory, so every
 * mapping of the object sees the same bytes with no copying. The memory is at
 * least as long as the object's size and every mapping's end; the bytes past
 * the size are not the object's.
 *
 * Choices where the clauses are silent:
 *
 * - Shrinking the object clears nothing at once: the bytes past the new
 *   size are out of bounds for `read` and `write` (SHM-CAP-3), and they are
 *   cleared when the object grows over them again (SHM-CAP-2). A view shows
 *   whatever they hold meanwhile, stores through it past the end included;
 *   the spec leaves that unspecified, as C raises `SIGBUS` there.
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { Ownership } from "../../spec/namespace.ts";
import type { ShmAccess, ShmStat } from "../../spec/shm.ts";
import { assert } from "../base/assert.ts";
import { makeStore } from "./store.ts";
import type { Store } from "./store.ts";

/**
 * A shared memory object: what a name made by `shmOpen` with `create`
 * points to. It records its owner and mode, its size, the memory behind it
 * and how many mappings it has.
 *
 * Its methods are the object's half of the calls: the descriptors and
 * mappings have already checked themselves and the arguments when they call
 * them. The getters are for inspection.
 */
export class ReferenceShmObject {
  /** The owner and the permission bits (SHM-PERM-1, SHM-PERM-2), fixed at creation. */
  readonly ownership: Ownership;
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
   */
  constructor(ownership: Ownership) {
    const { uid, gid, mode } = ownership;
    this.ownership = Object.freeze({ uid, gid, mode });
    this.#store = makeStore();
    this.#bytes = new Uint8Array(this.#store.buffer);
  }

  /** The object's size in bytes (SHM-CAP-1). */
  get size(): number {
    return this.#size;
  }

  /** The memory behind the object, for inspection: a growable `SharedArrayBuffer` (or resizable `ArrayBuffer`) at least as long as the size and every mapping's end. Its bytes past the size are not the object's. */
  get buffer(): ArrayBufferLike {
    return this.#store.buffer;
  }

  /** Live mappings of the object, in every process (SHM-LIFE-8). */
  get attachments(): number {
    return this.#readers + this.#writers;
  }

  /** Live read-only mappings (SHM-LIFE-8). */
  get readers(): number {
    return this.#readers;
  }

  /** Live read-write mappings (SHM-LIFE-8). */
  get writers(): number {
    return this.#writers;
  }

  /**
   * The object's half of `fstat(2)`: size, owner, mode and attach counts.
   *
   * @returns a fresh object
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
   */
  write(position: number, data: Uint8Array, syscall: string): void {
    this.#requireInside(position, data.length, syscall);
    // SHM-ORD-1: straight into the shared memory every view is made over,
    // so every mapping sees it at once. (TypedArray.set copies correctly
    // even when data is itself a view of this memory.)
    this.#bytes.set(data, position);
  }

  /**
   * Counts a new mapping of a range of this object and gives a read-write
   * one its view: `mmap(2)` and `fork(2)` come down to this (through
   * `mapObject`, `reference/shm/mapping.ts`).
   *
   * @param access - what the mapping may do
   * @param offset - where it starts, already checked (a multiple of the page size)
   * @param length - its length, already checked (at least 1)
   * @returns the view of a read-write mapping, `undefined` for a read-only one
   */
  attachMapping(access: ShmAccess, offset: number, length: number): Uint8Array | undefined {
    // SHM-CAP-3: a mapping may reach past the object's end; the memory must
    // still cover it, so that its view can be made (the bytes past the size
    // stay out of bounds for read and write).
    this.#reserve(offset + length);
    // SHM-LIFE-8: one more attachment, of its kind.
    if (access === "readwrite") this.#writers += 1;
    else this.#readers += 1;
    // SHM-ORD-1, SHM-ORD-2: a read-write mapping's view is the object's own
    // memory from offset on, no copy: byte i of the view is byte offset + i.
    // SHM-ATOM-1: that memory is shared, and offset is a multiple of the
    // page size, so of 8: typed arrays over it work with Atomics.
    // SHM-PERM-5: a read-only mapping gets no view, since JavaScript cannot
    // protect one.
    return access === "readwrite" ? new Uint8Array(this.#store.buffer, offset, length) : undefined;
  }

  /**
   * The object's half of `munmap(2)`: one attachment fewer. Only
   * `ReferenceMapping.unmap` calls it, once per mapping.
   *
   * @param access - the access of the mapping going away
   */
  closeMapping(access: ShmAccess): void {
    // SHM-LIFE-8: one attachment fewer, of its kind.
    if (access === "readwrite") this.#writers -= 1;
    else this.#readers -= 1;
    assert(this.#readers >= 0 && this.#writers >= 0, "a mapping is unmapped at most once");
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

