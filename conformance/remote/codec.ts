/**
 * The wire format of the implementation protocol (docs/protocol.md): frames
 * of bytes, each a frame type and its fields, values in a tagged binary
 * encoding. Everything read is checked: a frame that is truncated, holds an
 * unknown tag, nests too deeply or runs past its end is a
 * {@link ProtocolError}, never a crash.
 *
 * Runtime-neutral: `DataView`, `TextEncoder` and `TextDecoder` only.
 *
 * @module
 */

import { IpcError, isErrorCode } from "../../spec/errors.ts";

/**
 * The protocol version this code speaks, exchanged in the hello frames. A
 * peer speaking another version is refused with a {@link ProtocolError}.
 */
export const PROTOCOL_VERSION = 1;

/** The largest frame accepted by default: 64 MiB (a 16 MiB queue message and then some). */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** Values nest at most this deep (arrays, objects, errors); deeper is a protocol error. */
export const MAX_DEPTH = 64;

/**
 * A broken connection: a malformed, truncated or oversized frame, a peer
 * speaking another version, or a peer that is gone. Every call pending on
 * the connection fails with it, and so does every later call.
 *
 * @example
 * ```ts
 * import { ProtocolError } from "ipckit/conformance";
 * const error = new ProtocolError("truncated frame");
 * console.assert(error.name === "ProtocolError" && error instanceof Error);
 * ```
 */
export class ProtocolError extends Error {
  /**
   * @param message - what went wrong, for the report
   * @param options - the cause, if any
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ProtocolError";
  }
}

/**
 * Frame types: the first byte of every frame. See docs/protocol.md for the
 * fields of each.
 */
export const FRAME = {
  /** Opens the connection: `u16 version`, `string role`, `value info`. */
  HELLO: 1,
  /** A call: `u32 callId`, `u8 flags`, `u32 target`, `string member`, `value args`. */
  CALL: 2,
  /** A call's result: `u32 callId`, `value result`, copy-back. */
  RETURN: 3,
  /** A call's error: `u32 callId`, `value error`, copy-back. */
  THROW: 4,
  /** A promise's settlement: `u32 promiseId`, `u8 ok`, `value`, copy-back. */
  SETTLE: 5,
  /** Aborts a signal, answered by RETURN: `u32 callId`, `u32 signalId`, `value reason`. */
  ABORT: 6,
  /** Asks for settling: `u32 requestId`, `u32 scope`. */
  SETTLE_REQUEST: 7,
  /** Answers SETTLE_REQUEST: `u32 requestId`. */
  SETTLED: 8,
  /** Drops every reference of a scope: `u32 scope`. */
  RELEASE: 9,
  /** Shared memory contents: `u32 buffer`, `u32 scope`, `u32 byteLength`, `u32 maxByteLength`, ranges. */
  MEMORY: 10,
  /** An error the implementation raised outside any call: `u8 kind`, `value error`. */
  FAULT: 11,
  /** The end of the connection: `string reason`. */
  CLOSE: 12,
} as const;

/** Bits of a CALL frame's flags. */
export const CALL_FLAGS = {
  /** Read the property `member` instead of calling it. */
  GET: 1,
  /** Fire and forget: run the function later, as a microtask, and send no answer. */
  FIRE: 2,
} as const;

/** Value tags: the first byte of every encoded value. */
export const TAG = {
  UNDEFINED: 0,
  NULL: 1,
  FALSE: 2,
  TRUE: 3,
  INT: 4,
  NUMBER: 5,
  STRING: 6,
  BIGINT: 7,
  ARRAY: 8,
  OBJECT: 9,
  BYTES: 10,
  DATE: 11,
  BOXED: 12,
  SYMBOL: 13,
  ERROR: 14,
  /** An object or function the sender exports, first sent now: `u32 id`, `u32 scope`, `u8 kind`, shape or nothing. */
  EXPORT: 16,
  /** An object or function the sender exported before: `u32 id`. */
  SENDER_REF: 17,
  /** One of the receiver's own exports, coming back: `u32 id`. */
  RECEIVER_REF: 18,
  /** A promise still pending: `u32 promiseId`. */
  PROMISE: 19,
  /** A promise already fulfilled: `value`. */
  FULFILLED: 20,
  /** A promise already rejected: `value`. */
  REJECTED: 21,
  /** An `AbortSignal`: `u32 id`, `u8 aborted`, `value reason`. */
  SIGNAL: 22,
  /** A view of shared memory: `u32 buffer`, `u32 view`, `u8 kind`, `u32 byteOffset`, `u32 length`. */
  SHARED_VIEW: 23,
} as const;

/** Byte containers, by the kind number the wire uses. */
const BYTE_KINDS = [
  "Uint8Array",
  "Int8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
  "DataView",
  "ArrayBuffer",
  "SharedArrayBuffer",
] as const;

/** Kind number of `ArrayBuffer` and `SharedArrayBuffer` (the others are views). */
const KIND_ARRAY_BUFFER = 12;
const KIND_SHARED_ARRAY_BUFFER = 13;
const KIND_DATA_VIEW = 11;

type ViewConstructor = new (buffer: ArrayBufferLike, byteOffset?: number, length?: number) => ArrayBufferView;

function viewConstructor(kind: number): ViewConstructor | undefined {
  const name = BYTE_KINDS[kind];
  if (name === undefined || kind >= KIND_ARRAY_BUFFER) return undefined;
  return (globalThis as unknown as Record<string, ViewConstructor | undefined>)[name];
}

/**
 * The wire kind of a byte container: a typed array, a `DataView`, an
 * `ArrayBuffer` or a `SharedArrayBuffer`.
 *
 * @param value - anything
 * @returns its kind number, or `-1` when it holds no bytes
 *
 * @example
 * ```ts
 * import { byteKind } from "ipckit/conformance";
 * console.assert(byteKind(new Uint8Array(1)) === 0 && byteKind(new ArrayBuffer(1)) === 12 && byteKind([1]) === -1);
 * ```
 */
export function byteKind(value: unknown): number {
  // Uint8ClampedArray is not a Uint8Array; Node's Buffer is one.
  if (value instanceof Uint8Array) return 0;
  if (typeof value !== "object" || value === null) return -1;
  if (ArrayBuffer.isView(value)) {
    const tag = Object.prototype.toString.call(value).slice(8, -1);
    if (value instanceof Uint8Array && tag !== "Uint8ClampedArray") return 0;
    const kind = BYTE_KINDS.indexOf(tag as (typeof BYTE_KINDS)[number]);
    return kind >= 0 && kind < KIND_ARRAY_BUFFER ? kind : 0;
  }
  if (value instanceof ArrayBuffer) return KIND_ARRAY_BUFFER;
  if (typeof SharedArrayBuffer !== "undefined" && value instanceof SharedArrayBuffer) return KIND_SHARED_ARRAY_BUFFER;
  return -1;
}

/**
 * The bytes of a byte container, as a `Uint8Array` over the same memory.
 *
 * @param value - a typed array, `DataView` or buffer
 * @returns a `Uint8Array` sharing its memory
 *
 * @example
 * ```ts
 * import { bytesOf } from "ipckit/conformance";
 * const words = new Uint16Array([0x0102]);
 * console.assert(bytesOf(words).length === 2);
 * ```
 */
export function bytesOf(value: ArrayBufferView | ArrayBufferLike): Uint8Array {
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return new Uint8Array(value);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Builds one frame: a growable byte buffer with typed writes. Reused, it
 * keeps its memory ({@link ByteWriter.reset}).
 *
 * @example
 * ```ts
 * import { ByteReader, ByteWriter } from "ipckit/conformance";
 * const writer = new ByteWriter();
 * writer.u8(7);
 * writer.string("héllo");
 * const reader = new ByteReader(writer.finish());
 * console.assert(reader.u8() === 7 && reader.string() === "héllo");
 * reader.end();
 * ```
 */
export class ByteWriter {
  #bytes: Uint8Array;
  #view: DataView;
  #position = 0;

  /** @param initialBytes - the starting capacity */
  constructor(initialBytes = 256) {
    this.#bytes = new Uint8Array(initialBytes);
    this.#view = new DataView(this.#bytes.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#position;
  }

  /** Forgets what was written, keeping the memory. */
  reset(): void {
    this.#position = 0;
  }

  #room(bytes: number): void {
    const needed = this.#position + bytes;
    if (needed <= this.#bytes.length) return;
    let size = this.#bytes.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.#bytes.subarray(0, this.#position));
    this.#bytes = grown;
    this.#view = new DataView(grown.buffer);
  }

  /** @param value - an integer from 0 to 255 */
  u8(value: number): void {
    this.#room(1);
    this.#bytes[this.#position++] = value;
  }

  /** @param value - an integer from 0 to 65535 */
  u16(value: number): void {
    this.#room(2);
    this.#view.setUint16(this.#position, value, true);
    this.#position += 2;
  }

  /** @param value - an integer from 0 to 2^32 - 1 */
  u32(value: number): void {
    this.#room(4);
    this.#view.setUint32(this.#position, value, true);
    this.#position += 4;
  }

  /** @param value - a 32-bit signed integer */
  i32(value: number): void {
    this.#room(4);
    this.#view.setInt32(this.#position, value, true);
    this.#position += 4;
  }

  /** @param value - any number, NaN and -0 included */
  f64(value: number): void {
    this.#room(8);
    this.#view.setFloat64(this.#position, value, true);
    this.#position += 8;
  }

  /** @param value - a string, written as its UTF-8 byte length and bytes */
  string(value: string): void {
    this.#room(4 + value.length * 3);
    const { written } = encoder.encodeInto(value, this.#bytes.subarray(this.#position + 4));
    this.#view.setUint32(this.#position, written, true);
    this.#position += 4 + written;
  }

  /**
   * Pads with zero bytes to a multiple of `boundary` from the frame's start.
   *
   * @param boundary - a power of two
   */
  align(boundary: number): void {
    const pad = (boundary - (this.#position % boundary)) % boundary;
    this.#room(pad);
    this.#bytes.fill(0, this.#position, this.#position + pad);
    this.#position += pad;
  }

  /** @param bytes - raw bytes, written as they are (no length) */
  raw(bytes: Uint8Array): void {
    this.#room(bytes.length);
    this.#bytes.set(bytes, this.#position);
    this.#position += bytes.length;
  }

  /**
   * The bytes written, as a view of the writer's memory: valid until the
   * next write or reset.
   *
   * @returns the frame
   */
  finish(): Uint8Array {
    return this.#bytes.subarray(0, this.#position);
  }
}

/**
 * Reads one frame, checking every read against its end: reading past it is
 * a {@link ProtocolError} naming the field.
 *
 * @example A truncated frame is a protocol error
 * ```ts
 * import { ByteReader, ProtocolError } from "ipckit/conformance";
 * let error: unknown;
 * try { new ByteReader(new Uint8Array([1, 2])).u32("call id"); } catch (caught) { error = caught; }
 * console.assert(error instanceof ProtocolError);
 * ```
 */
export class ByteReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #position = 0;

  /** @param bytes - the frame */
  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes not read yet. */
  get remaining(): number {
    return this.#bytes.length - this.#position;
  }

  #need(bytes: number, what: string): number {
    const at = this.#position;
    if (bytes > this.#bytes.length - at) {
      throw new ProtocolError(`truncated frame: ${what} needs ${bytes} bytes at offset ${at} of ${this.#bytes.length}`);
    }
    this.#position = at + bytes;
    return at;
  }

  /** @param what - the field, for the error @returns the byte */
  u8(what = "a byte"): number {
    return this.#bytes[this.#need(1, what)]!;
  }

  /** @param what - the field, for the error @returns the integer */
  u16(what = "a 16-bit integer"): number {
    return this.#view.getUint16(this.#need(2, what), true);
  }

  /** @param what - the field, for the error @returns the integer */
  u32(what = "a 32-bit integer"): number {
    return this.#view.getUint32(this.#need(4, what), true);
  }

  /** @param what - the field, for the error @returns the integer */
  i32(what = "a 32-bit integer"): number {
    return this.#view.getInt32(this.#need(4, what), true);
  }

  /** @param what - the field, for the error @returns the number */
  f64(what = "a number"): number {
    return this.#view.getFloat64(this.#need(8, what), true);
  }

  /** @param what - the field, for the error @returns the string */
  string(what = "a string"): string {
    const length = this.u32(`the length of ${what}`);
    const at = this.#need(length, what);
    try {
      return decoder.decode(this.#bytes.subarray(at, at + length));
    } catch (error) {
      throw new ProtocolError(`${what} is not valid UTF-8`, { cause: error });
    }
  }

  /**
   * Skips the padding {@link ByteWriter.align} wrote.
   *
   * @param boundary - the same power of two
   */
  align(boundary: number): void {
    this.#need((boundary - (this.#position % boundary)) % boundary, "padding");
  }

  /**
   * @param length - how many bytes
   * @param what - the field, for the error
   * @returns a view of the frame's bytes (not a copy)
   */
  raw(length: number, what = "bytes"): Uint8Array {
    const at = this.#need(length, what);
    return this.#bytes.subarray(at, at + length);
  }

  /** @throws {ProtocolError} when bytes are left over */
  end(): void {
    if (this.#position !== this.#bytes.length) {
      throw new ProtocolError(`malformed frame: ${this.#bytes.length - this.#position} bytes left over after its last field`);
    }
  }
}

/**
 * What the value codec cannot write alone: references (functions, handles,
 * promises, signals, shared memory) and byte arrays to copy back. A peer
 * implements it; without one, only plain data crosses.
 */
export interface ValueHooks {
  /**
   * Writes an object or function that is not plain data, tag included.
   *
   * @param writer - the frame
   * @param value - the object or function
   * @param depth - how deep it sits
   * @returns `true` when written, `false` to encode it as plain data
   */
  encodeReference(writer: ByteWriter, value: object, depth: number): boolean;
  /**
   * Reads a value written by {@link ValueHooks.encodeReference}.
   *
   * @param tag - its tag
   * @param reader - the frame, after the tag
   * @returns the value
   */
  decodeReference(tag: number, reader: ByteReader): unknown;
  /**
   * Told of each byte container written, in order: the caller's buffers that
   * the answer may copy bytes back into.
   *
   * @param value - the container
   */
  bytesEncoded?(value: ArrayBufferView | ArrayBufferLike): void;
  /**
   * Told of each byte container read, in order.
   *
   * @param value - the container made from the frame
   * @param bytes - its bytes in the frame itself (4-byte aligned from the
   *   frame's start), which nothing else writes: a snapshot for free
   */
  bytesDecoded?(value: ArrayBufferView | ArrayBufferLike, bytes: Uint8Array): void;
  /**
   * The identity an error carries across, so that it comes back as itself:
   * `[1, id]` for one of the sender's own, `[2, id]` for a copy of one of the
   * receiver's, `undefined` for none.
   *
   * @param error - the error being written
   * @returns its origin
   */
  errorOrigin?(error: object): readonly [1 | 2, number] | undefined;
  /**
   * Maps an error read back to its identity: the receiver's original for an
   * origin of kind 2 still alive, else the copy (noted for kind 1).
   *
   * @param copy - the error made from the frame
   * @param kind - the origin's kind
   * @param id - the origin's id
   * @returns the error to use
   */
  errorDecoded?(copy: Error, kind: 1 | 2, id: number): Error;
}

const ERROR_CONSTRUCTORS: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

const OBJECT_FROZEN = 1;
const OBJECT_NULL_PROTOTYPE = 2;
const OBJECT_OTHER_CLASS = 4;

/** Prototypes of objects that stood for class instances of the other side, by class name. */
const foreignClasses = new Map<string, object>();

function foreignPrototype(name: string): object {
  let prototype = foreignClasses.get(name);
  if (prototype === undefined) {
    const constructor = { [name]: function () {} }[name]!;
    prototype = constructor.prototype as object;
    foreignClasses.set(name, prototype);
  }
  return prototype;
}

/**
 * Writes a value: primitives (NaN, -0 and bigints included), arrays, plain
 * objects, byte containers (copied), dates, boxed primitives, symbols (by
 * description), errors (an `IpcError` keeps its code, syscall, errno and
 * path), and, through `hooks`, everything that crosses by reference.
 *
 * @param writer - the frame
 * @param value - the value
 * @param hooks - references and byte tracking; without them a function or
 *   promise is a `TypeError`
 * @param depth - nesting so far
 * @throws {TypeError} for a value that cannot be sent (too deep or cyclic,
 *   or a reference without hooks)
 *
 * @example Round trip of plain data
 * ```ts
 * import { ByteReader, ByteWriter, decodeValue, encodeValue } from "ipckit/conformance";
 * const writer = new ByteWriter();
 * encodeValue(writer, { n: -0, big: 5n, list: [NaN, "x", undefined], bytes: new Uint8Array([1, 2]) });
 * const back = decodeValue(new ByteReader(writer.finish())) as { n: number; big: bigint; list: unknown[]; bytes: Uint8Array };
 * console.assert(Object.is(back.n, -0) && back.big === 5n && Number.isNaN(back.list[0]) && back.bytes[1] === 2);
 * ```
 */
export function encodeValue(writer: ByteWriter, value: unknown, hooks?: ValueHooks, depth = 0): void {
  switch (typeof value) {
    case "undefined":
      writer.u8(TAG.UNDEFINED);
      return;
    case "boolean":
      writer.u8(value ? TAG.TRUE : TAG.FALSE);
      return;
    case "number":
      if ((value | 0) === value && !Object.is(value, -0)) {
        writer.u8(TAG.INT);
        writer.i32(value);
      } else {
        writer.u8(TAG.NUMBER);
        writer.f64(value);
      }
      return;
    case "string":
      writer.u8(TAG.STRING);
      writer.string(value);
      return;
    case "bigint":
      writer.u8(TAG.BIGINT);
      writer.string(value.toString(16));
      return;
    case "symbol":
      writer.u8(TAG.SYMBOL);
      writer.u8(value.description === undefined ? 0 : 1);
      if (value.description !== undefined) writer.string(value.description);
      return;
    case "function":
      if (hooks?.encodeReference(writer, value, depth)) return;
      throw new TypeError("ipckit remote: a function cannot cross without a peer");
  }
  if (value === null) {
    writer.u8(TAG.NULL);
    return;
  }
  if (depth >= MAX_DEPTH) throw new TypeError(`ipckit remote: a value nested deeper than ${MAX_DEPTH} levels (or cyclic) cannot cross`);
  const object = value as object;
  if (hooks?.encodeReference(writer, object, depth)) return;
  const kind = byteKind(object);
  if (kind >= 0) {
    const bytes = bytesOf(object as ArrayBufferView);
    writer.u8(TAG.BYTES);
    writer.u8(kind);
    writer.u32(bytes.length);
    writer.align(4);
    writer.raw(bytes);
    hooks?.bytesEncoded?.(object as ArrayBufferView);
    return;
  }
  if (Array.isArray(object)) {
    writer.u8(TAG.ARRAY);
    writer.u8(Object.isFrozen(object) ? OBJECT_FROZEN : 0);
    writer.u32(object.length);
    for (let i = 0; i < object.length; i++) encodeValue(writer, object[i], hooks, depth + 1);
    return;
  }
  if (object instanceof Error || IpcErrorShape(object)) {
    encodeError(writer, object as Error, hooks, depth);
    return;
  }
  if (object instanceof Date) {
    writer.u8(TAG.DATE);
    writer.f64(object.getTime());
    return;
  }
  if (object instanceof String || object instanceof Number || object instanceof Boolean) {
    writer.u8(TAG.BOXED);
    encodeValue(writer, object.valueOf(), hooks, depth + 1);
    return;
  }
  const prototype = Object.getPrototypeOf(object) as object | null;
  let flags = Object.isFrozen(object) ? OBJECT_FROZEN : 0;
  if (prototype === null) flags |= OBJECT_NULL_PROTOTYPE;
  else if (prototype !== Object.prototype) flags |= OBJECT_OTHER_CLASS;
  writer.u8(TAG.OBJECT);
  writer.u8(flags);
  if ((flags & OBJECT_OTHER_CLASS) !== 0) writer.string(className(object));
  const keys = Object.keys(object);
  writer.u32(keys.length);
  for (const key of keys) {
    writer.string(key);
    encodeValue(writer, (object as Record<string, unknown>)[key], hooks, depth + 1);
  }
}

function IpcErrorShape(value: object): boolean {
  return IpcError.is(value);
}

function className(object: object): string {
  const constructor = (object as { constructor?: { name?: unknown } }).constructor;
  return typeof constructor?.name === "string" && constructor.name.length > 0 ? constructor.name : "Object";
}

function encodeError(writer: ByteWriter, error: Error, hooks: ValueHooks | undefined, depth: number): void {
  writer.u8(TAG.ERROR);
  const origin = hooks?.errorOrigin?.(error);
  writer.u8(origin?.[0] ?? 0);
  if (origin !== undefined) writer.u32(origin[1]);
  const ipc = IpcError.is(error);
  writer.u8(ipc ? 1 : 0);
  writer.string(typeof error.name === "string" ? error.name : "Error");
  writer.string(typeof error.message === "string" ? error.message : "");
  if (ipc) {
    writer.string(error.code);
    writer.string(error.syscall);
    const path = (error as { path?: unknown }).path;
    writer.u8(typeof path === "string" ? 1 : 0);
    if (typeof path === "string") writer.string(path);
  }
  const cause = (error as { cause?: unknown }).cause;
  writer.u8(cause === undefined ? 0 : 1);
  if (cause !== undefined) {
    try {
      encodeValue(writer, cause, hooks, depth + 1);
    } catch {
      writer.u8(TAG.UNDEFINED);
    }
  }
}

/**
 * Reads a value written by {@link encodeValue}.
 *
 * @param reader - the frame
 * @param hooks - references and byte tracking; without them a reference tag
 *   is a protocol error
 * @param depth - nesting so far
 * @returns the value
 * @throws {ProtocolError} for a truncated value, an unknown tag or one nested too deeply
 *
 * @example An unknown tag is a protocol error
 * ```ts
 * import { ByteReader, ProtocolError, decodeValue } from "ipckit/conformance";
 * let error: unknown;
 * try { decodeValue(new ByteReader(new Uint8Array([250]))); } catch (caught) { error = caught; }
 * console.assert(error instanceof ProtocolError && /tag/.test(error.message));
 * ```
 */
export function decodeValue(reader: ByteReader, hooks?: ValueHooks, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new ProtocolError(`malformed frame: a value nested deeper than ${MAX_DEPTH} levels`);
  const tag = reader.u8("a value tag");
  switch (tag) {
    case TAG.UNDEFINED:
      return undefined;
    case TAG.NULL:
      return null;
    case TAG.FALSE:
      return false;
    case TAG.TRUE:
      return true;
    case TAG.INT:
      return reader.i32("an integer");
    case TAG.NUMBER:
      return reader.f64("a number");
    case TAG.STRING:
      return reader.string("a string value");
    case TAG.BIGINT: {
      const text = reader.string("a bigint");
      if (!/^-?[0-9a-f]{1,100000}$/.test(text)) throw new ProtocolError(`malformed frame: ${JSON.stringify(text.slice(0, 40))} is not a bigint`);
      return text.startsWith("-") ? -BigInt(`0x${text.slice(1)}`) : BigInt(`0x${text}`);
    }
    case TAG.SYMBOL:
      return reader.u8("a symbol's flag") === 0 ? Symbol() : Symbol(reader.string("a symbol's description"));
    case TAG.ARRAY: {
      const flags = reader.u8("an array's flags");
      const length = reader.u32("an array's length");
      if (length > reader.remaining) throw new ProtocolError(`malformed frame: an array of ${length} elements in ${reader.remaining} bytes`);
      const array: unknown[] = new Array<unknown>(length);
      for (let i = 0; i < length; i++) array[i] = decodeValue(reader, hooks, depth + 1);
      return (flags & OBJECT_FROZEN) !== 0 ? Object.freeze(array) : array;
    }
    case TAG.OBJECT:
      return decodeObject(reader, hooks, depth);
    case TAG.BYTES:
      return decodeBytes(reader, hooks);
    case TAG.DATE:
      return new Date(reader.f64("a date"));
    case TAG.BOXED: {
      const inner = decodeValue(reader, hooks, depth + 1);
      if (typeof inner !== "string" && typeof inner !== "number" && typeof inner !== "boolean") {
        throw new ProtocolError("malformed frame: a boxed primitive that is not a string, number or boolean");
      }
      return Object(inner) as object;
    }
    case TAG.ERROR:
      return decodeError(reader, hooks, depth);
    default:
      if (hooks !== undefined && tag >= TAG.EXPORT && tag <= TAG.SHARED_VIEW) return hooks.decodeReference(tag, reader);
      throw new ProtocolError(`malformed frame: unknown value tag ${tag}`);
  }
}

function decodeObject(reader: ByteReader, hooks: ValueHooks | undefined, depth: number): object {
  const flags = reader.u8("an object's flags");
  let object: Record<string, unknown>;
  if ((flags & OBJECT_NULL_PROTOTYPE) !== 0) object = Object.create(null) as Record<string, unknown>;
  else if ((flags & OBJECT_OTHER_CLASS) !== 0) object = Object.create(foreignPrototype(reader.string("a class name"))) as Record<string, unknown>;
  else object = {};
  const count = reader.u32("an object's key count");
  if (count > reader.remaining) throw new ProtocolError(`malformed frame: an object of ${count} keys in ${reader.remaining} bytes`);
  for (let i = 0; i < count; i++) {
    const key = reader.string("a key");
    const value = decodeValue(reader, hooks, depth + 1);
    // Never through the __proto__ setter: a key is only ever a property.
    if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    else object[key] = value;
  }
  return (flags & OBJECT_FROZEN) !== 0 ? Object.freeze(object) : object;
}

function decodeBytes(reader: ByteReader, hooks: ValueHooks | undefined): ArrayBufferView | ArrayBufferLike {
  const kind = reader.u8("a byte container's kind");
  if (kind >= BYTE_KINDS.length) throw new ProtocolError(`malformed frame: unknown byte container kind ${kind}`);
  const length = reader.u32("a byte container's length");
  reader.align(4);
  const bytes = reader.raw(length, "a byte container's bytes");
  let result: ArrayBufferView | ArrayBufferLike;
  if (kind === KIND_ARRAY_BUFFER) {
    result = bytes.slice().buffer;
  } else if (kind === KIND_SHARED_ARRAY_BUFFER) {
    if (typeof SharedArrayBuffer === "undefined") result = bytes.slice().buffer;
    else {
      const shared = new SharedArrayBuffer(length);
      new Uint8Array(shared).set(bytes);
      result = shared;
    }
  } else if (kind === 0) {
    result = bytes.slice();
  } else {
    const Constructor = viewConstructor(kind);
    if (Constructor === undefined) throw new ProtocolError(`malformed frame: this runtime has no ${BYTE_KINDS[kind]}`);
    const element = kind === KIND_DATA_VIEW ? 1 : (Constructor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    if (length % element !== 0) throw new ProtocolError(`malformed frame: ${length} bytes do not make a ${BYTE_KINDS[kind]}`);
    result = new Constructor(bytes.slice().buffer);
  }
  hooks?.bytesDecoded?.(result, bytes);
  return result;
}

function decodeError(reader: ByteReader, hooks: ValueHooks | undefined, depth: number): Error {
  const originKind = reader.u8("an error's origin kind");
  if (originKind > 2) throw new ProtocolError(`malformed frame: unknown error origin kind ${originKind}`);
  const originId = originKind === 0 ? 0 : reader.u32("an error's origin");
  const ipc = reader.u8("an error's kind") === 1;
  const name = reader.string("an error's name");
  const message = reader.string("an error's message");
  let error: Error;
  if (ipc) {
    const code = reader.string("an error code");
    const syscall = reader.string("an error's syscall");
    const path = reader.u8("an error's path flag") === 1 ? reader.string("an error's path") : undefined;
    if (!isErrorCode(code)) throw new ProtocolError(`malformed frame: ${JSON.stringify(code.slice(0, 40))} is not an error code`);
    error = new IpcError(code, syscall, path === undefined ? {} : { path });
  } else {
    const Constructor = Object.hasOwn(ERROR_CONSTRUCTORS, name) ? ERROR_CONSTRUCTORS[name]! : Error;
    error = new Constructor();
  }
  Object.defineProperty(error, "message", { value: message, writable: true, enumerable: false, configurable: true });
  if (error.name !== name) Object.defineProperty(error, "name", { value: name, writable: true, enumerable: false, configurable: true });
  if (reader.u8("an error's cause flag") === 1) {
    Object.defineProperty(error, "cause", { value: decodeValue(reader, hooks, depth + 1), writable: true, enumerable: false, configurable: true });
  }
  if (originKind !== 0 && hooks?.errorDecoded !== undefined) return hooks.errorDecoded(error, originKind as 1 | 2, originId);
  return error;
}

/**
 * Byte ranges where two arrays of the same length differ, found a 32-bit
 * word at a time and merged across small gaps: what a copy-back or a
 * shared-memory update sends.
 *
 * @param current - the bytes now (4-byte aligned)
 * @param shadow - the bytes last sent (4-byte aligned, at least as long)
 * @param length - how many bytes to compare
 * @returns start and end offsets, flat: `[start0, end0, start1, end1, ...]`
 *
 * @example
 * ```ts
 * import { changedRanges } from "ipckit/conformance";
 * const before = new Uint8Array(64);
 * const after = before.slice();
 * after[5] = 1;
 * after[60] = 2;
 * console.assert(changedRanges(after, before, 64).join() === "4,8,60,64");
 * ```
 */
export function changedRanges(current: Uint8Array, shadow: Uint8Array, length: number): number[] {
  const ranges: number[] = [];
  const words = length >>> 2;
  const aligned = current.byteOffset % 4 === 0 && shadow.byteOffset % 4 === 0;
  const gap = 16;
  let start = -1;
  let end = -1;
  const mark = (from: number, to: number): void => {
    if (start >= 0 && from - end <= gap) {
      end = to;
      return;
    }
    if (start >= 0) ranges.push(start, end);
    start = from;
    end = to;
  };
  if (aligned && words > 0) {
    const a = new Int32Array(current.buffer, current.byteOffset, words);
    const b = new Int32Array(shadow.buffer, shadow.byteOffset, words);
    for (let i = 0; i < words; i++) {
      if (a[i] !== b[i]) mark(i * 4, i * 4 + 4);
    }
  } else {
    for (let i = 0; i < words * 4; i += 4) {
      if (current[i] !== shadow[i] || current[i + 1] !== shadow[i + 1] || current[i + 2] !== shadow[i + 2] || current[i + 3] !== shadow[i + 3]) mark(i, i + 4);
    }
  }
  for (let i = words * 4; i < length; i++) {
    if (current[i] !== shadow[i]) mark(i, i + 1);
  }
  if (start >= 0) ranges.push(start, end);
  return ranges;
}
