/**
 * The memory behind a shared memory object: one growable `SharedArrayBuffer`
 * per object (a resizable `ArrayBuffer` where the runtime has no shared
 * memory), made with `maxByteLength` `SHM_SIZE_MAX`. It only grows, so an
 * array made over it stays valid for the object's life.
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import { SHM_SIZE_MAX } from "../../spec/shm.ts";

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
export interface Store {
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
export function makeStore(): Store {
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

