/**
 * The protocol engine: one end of a connection, the same code on both
 * sides. It keeps the tables of what crosses by reference (exports and
 * their proxies, promises, abort signals, shared memory), makes synchronous
 * calls by sending a CALL frame and blocking until its answer while serving
 * whatever the other end asks meanwhile (callbacks and the calls they make),
 * and serves the other end's calls. docs/protocol.md describes the frames
 * and the rules.
 *
 * Runtime-neutral: web-standard APIs only.
 *
 * @module
 */

import {
  ByteReader,
  ByteWriter,
  CALL_FLAGS,
  FRAME,
  PROTOCOL_VERSION,
  ProtocolError,
  TAG,
  byteKind,
  bytesOf,
  changedRanges,
  decodeValue,
  encodeValue,
} from "./codec.ts";
import type { ValueHooks } from "./codec.ts";
import type { Link } from "./link.ts";

/** Which end: the client drives (the suite's side), the server serves an implementation. */
export type PeerRole = "client" | "server";

/** Options of a {@link Peer}. */
export interface PeerOptions {
  /** Which end this is. A client exports functions only and serves calls of them only. */
  readonly role: PeerRole;
  /**
   * Server: lets queued work run before a call served from the event loop is
   * answered (a macrotask turn: every microtask the call queued has run, so
   * the settlements it caused travel before its answer). Default:
   * `setImmediate` where the runtime has it, else `setTimeout(0)`. Unused by
   * clients.
   */
  readonly yieldTask?: () => Promise<void>;
  /** Rounds of `setTimeout(0)` a server lets pass when asked to settle; default 3. */
  readonly settleRounds?: number;
  /** The longest a synchronous call may wait for its answer before the connection is declared dead; default forever. */
  readonly callTimeoutMs?: number;
  /** Told once when the connection ends, with the reason. */
  readonly onClose?: (reason: string) => void;
  /**
   * Told of an error the other end raised outside any call (FAULT frame).
   * Default: raised again here, as an unhandled rejection or an uncaught
   * exception, as it would be were the implementation in this thread.
   */
  readonly onFault?: (error: unknown, kind: "exception" | "rejection") => void;
  /** The largest shared memory buffer a client mirrors; default 2 GiB. */
  readonly maxSharedBytes?: number;
}

/** What the other end said in its hello frame. */
export interface Hello {
  /** Its protocol version. */
  readonly version: number;
  /** Its role. */
  readonly role: string;
  /** What it sent along (the server: its adapter's name, manifest and factory). */
  readonly info: unknown;
}

const METHOD = 0;
const PROPERTY = 1;
const CONSTANT = 2;
const EXPORT_FUNCTION = 0;
const EXPORT_HANDLE = 1;
const FAULT_EXCEPTION = 0;
const FAULT_REJECTION = 1;

/** The longest single block of a synchronous wait before checking the link again, in ms. */
const WAIT_SLICE_MS = 250;

interface ExportEntry {
  readonly value: object;
  readonly scope: number;
}

interface ImportEntry {
  readonly proxy: object;
  readonly scope: number;
}

interface Member {
  readonly name: string;
  readonly kind: number;
}

interface ShapeOut {
  readonly id: number;
  readonly className: string;
  readonly members: readonly Member[];
  sent: boolean;
}

interface ShapeIn {
  readonly prototype: object;
  readonly constants: readonly string[];
}

/** A promise this end sent (or is about to send), and how it stands. */
interface PromiseRecord {
  state: "pending" | "fulfilled" | "rejected";
  value: unknown;
  id: number;
  scope: number;
  views: readonly DecodedBytes[];
}

/** A promise the other end sent, still pending here. */
interface RemotePromise {
  readonly promise: Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
  readonly originals: readonly ByteTarget[];
  readonly scope: number;
}

type ByteTarget = ArrayBufferView | ArrayBufferLike;

/** A byte container made from a call's frame, and its bytes as last sent back. */
interface DecodedBytes {
  readonly value: ByteTarget;
  snapshot: Uint8Array;
}

/** A shared buffer a server exports, and its contents as the client last saw them. */
interface SharedRecord {
  readonly id: number;
  readonly scope: number;
  readonly buffer: SharedArrayBuffer;
  shadow: Uint8Array;
  announced: boolean;
  /** The length the client was last told. */
  sentLength: number;
  readonly views: Map<number, ArrayBufferView>;
}

/** A client's copy of a server's shared buffer. */
interface Mirror {
  readonly id: number;
  readonly scope: number;
  readonly buffer: SharedArrayBuffer;
  shadow: Uint8Array;
  readonly views: Map<number, ArrayBufferView>;
}

interface GrowableShared extends SharedArrayBuffer {
  readonly growable?: boolean;
  readonly maxByteLength?: number;
  grow?(length: number): void;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { then?: unknown }).then === "function";
}

function defaultYield(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (typeof immediate === "function") return new Promise((resolve) => void immediate(resolve));
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The empty list every frame starts with (never written: a frame that needs a list makes its own). */
const NONE: readonly never[] = Object.freeze([]);

const VIEW_CONSTRUCTORS = [
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
] as const;

/**
 * The per-frame state of the value codec: the scope new exports join, the
 * byte containers written or read (for copy-back), and the shared buffers
 * the frame touched (for the memory update sent ahead of it).
 */
class FrameContext implements ValueHooks {
  /** The byte containers written (a call's arguments, to copy back into), made on first use. */
  originals: readonly ByteTarget[] = NONE;
  /** The byte containers read, with their bytes as last sent back. */
  decoded: readonly DecodedBytes[] = NONE;
  /** The shared buffers named. */
  touched: Set<number> | undefined;

  constructor(
    readonly peer: Peer,
    readonly scope: number,
    /** The decoded byte arguments of the call being answered: a promise sent in the answer copies back into them. */
    readonly callViews: readonly DecodedBytes[] = NONE,
    /** The caller's byte arguments: a promise received in the answer copies back into them. */
    readonly callOriginals: readonly ByteTarget[] = NONE,
    /** Whether byte containers read are a call's arguments, to copy back from. */
    readonly readsArguments = false,
  ) {}

  encodeReference(writer: ByteWriter, value: object, depth: number): boolean {
    return this.peer.encodeReference(writer, value, depth, this);
  }

  decodeReference(tag: number, reader: ByteReader): unknown {
    return this.peer.decodeReference(tag, reader, this);
  }

  errorOrigin(error: object): readonly [1 | 2, number] | undefined {
    return this.peer.errorOrigin(error);
  }

  errorDecoded(copy: Error, kind: 1 | 2, id: number): Error {
    return this.peer.errorDecoded(copy, kind, id);
  }

  bytesEncoded(value: ByteTarget): void {
    this.originals = this.originals === NONE ? [value] : [...this.originals, value];
  }

  bytesDecoded(value: ByteTarget, bytes: Uint8Array): void {
    if (!this.readsArguments) return;
    // The frame's own bytes are the snapshot: nothing else writes them.
    const record = { value, snapshot: bytes };
    this.decoded = this.decoded === NONE ? [record] : [...this.decoded, record];
  }

  touch(buffer: number): void {
    (this.touched ??= new Set()).add(buffer);
  }
}

/**
 * One end of a connection. Client and server are thin layers over it
 * ({@link connectRemote}, {@link serveAdapter}); use it directly only to
 * build another kind of end.
 *
 * @example Two ends in one thread, one calling a function the other exports
 * ```ts
 * import { Peer, linkPair } from "ipckit/conformance";
 * const [a, b] = linkPair();
 * const server = new Peer(b, { role: "server" });
 * const client = new Peer(a, { role: "client" });
 * server.start();
 * client.start();
 * server.sendHello({ twice: (n: number) => n * 2 });
 * client.sendHello(undefined);
 * const hello = await client.hello;
 * console.assert((hello.info as { twice: (n: number) => number }).twice(21) === 42);
 * ```
 */
export class Peer {
  readonly #link: Link;
  readonly #role: PeerRole;
  readonly #options: PeerOptions;
  readonly #yield: () => Promise<void>;
  readonly #exports = new Map<number, ExportEntry>();
  readonly #exportIds = new Map<object, number>();
  readonly #imports = new Map<number, ImportEntry>();
  readonly #importIds = new WeakMap<object, number>();
  readonly #shapesOut = new Map<string, ShapeOut>();
  readonly #shapesIn = new Map<number, ShapeIn>();
  readonly #promiseRecords = new WeakMap<object, PromiseRecord>();
  readonly #promisesOut = new Map<number, PromiseRecord>();
  readonly #promisesIn = new Map<number, RemotePromise>();
  readonly #signalIds = new WeakMap<AbortSignal, number>();
  readonly #controllers = new Map<number, { readonly controller: AbortController; readonly scope: number }>();
  readonly #shared = new Map<SharedArrayBuffer, SharedRecord>();
  readonly #sharedById = new Map<number, SharedRecord>();
  readonly #viewIds = new WeakMap<object, number>();
  readonly #mirrors = new Map<number, Mirror>();
  readonly #mirrorIds = new WeakMap<object, number>();
  /** The shared buffers (server) or mirrors (client) of each scope, by id. */
  readonly #memoryByScope = new Map<number, Set<number>>();
  readonly #settleRequests = new Map<number, { readonly resolve: () => void; readonly reject: (reason: unknown) => void }>();
  readonly #answers = new Map<number, ByteReader & { type?: number }>();
  readonly #waiting: number[] = [];
  readonly #writers: ByteWriter[] = [];
  /** Client: errors it sent, by origin id, while they live. */
  readonly #origins = new Map<number, WeakRef<object>>();
  readonly #originIds = new WeakMap<object, number>();
  readonly #originCleanup = typeof FinalizationRegistry === "undefined" ? undefined : new FinalizationRegistry<number>((id) => this.#origins.delete(id));
  /** Server: the client's origin id of each error copy it holds. */
  readonly #copyOrigins = new WeakMap<object, number>();
  #nextOrigin = 1;
  #hello: { resolve: (hello: Hello) => void; reject: (reason: unknown) => void } | undefined;
  /** Resolves with the other end's hello frame. */
  readonly hello: Promise<Hello>;
  #nextExport = 1;
  #nextCall = 1;
  #nextPromise = 1;
  #nextSignal = 1;
  #nextBuffer = 1;
  #nextView = 1;
  #nextShape = 1;
  #nextRequest = 1;
  /** The settle requests of the current turn, sent together in a microtask. */
  #settleBatch: { scopes: Set<number>; promise: Promise<void> } | undefined;
  #syncDepth = 0;
  #peerWaiting = 0;
  /** Rounds of the timer queue since the last call served (server), and those waiting for enough of them. */
  #quietRounds = 0;
  #ticking = false;
  #quietWaiters: (() => void)[] = [];
  #broken: ProtocolError | undefined;
  #closing = false;
  #started = false;
  #sharedBytes = 0;

  /**
   * @param link - this end of the link
   * @param options - the role and the timing rules
   */
  constructor(link: Link, options: PeerOptions) {
    this.#link = link;
    this.#role = options.role;
    this.#options = options;
    this.#yield = options.yieldTask ?? defaultYield;
    this.hello = new Promise<Hello>((resolve, reject) => {
      this.#hello = { resolve, reject };
    });
    this.hello.catch(() => undefined);
    link.attach?.(() => this.#pump());
  }

  /** The error that broke the connection, once it is broken. */
  get broken(): ProtocolError | undefined {
    return this.#broken;
  }

  /** Starts serving frames that arrive while this end is idle. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    void this.#run();
  }

  /**
   * Sends this end's hello frame: the protocol version, the role and `info`.
   *
   * @param info - what to send along (the server: its adapter's description)
   */
  sendHello(info: unknown): void {
    const writer = this.#writer();
    const context = new FrameContext(this, 0);
    writer.u8(FRAME.HELLO);
    writer.u16(PROTOCOL_VERSION);
    writer.string(this.#role);
    encodeValue(writer, info, context);
    this.#send(writer, context);
  }

  // ---------------------------------------------------------------- calls

  /**
   * Calls a function the other end exported (a proxy this end holds):
   * synchronously, or, when the other end waits for this one's answer to
   * its own call and this code runs after that call's synchronous part, as
   * fire-and-forget (the function runs there once its call has returned).
   */
  #invokeImport(proxy: object, args: readonly unknown[]): unknown {
    const id = this.#importIds.get(proxy);
    if (id === undefined || !this.#imports.has(id)) throw new ProtocolError("a function of the other end called after its release");
    if (this.#syncDepth > 0 || this.#peerWaiting === 0) return this.#call(id, "", args, 0);
    this.#fire(id, args);
    return undefined;
  }

  #callMember(proxy: unknown, member: string, args: readonly unknown[], flags: number): unknown {
    const id = typeof proxy === "object" && proxy !== null ? this.#importIds.get(proxy) : undefined;
    if (id === undefined) throw new TypeError(`ipckit remote: ${member} called on an object that is not a remote handle`);
    if (!this.#imports.has(id)) throw new ProtocolError(`ipckit remote: ${member} called on a handle released by its system's teardown`);
    return this.#call(id, member, args, flags);
  }

  #call(target: number, member: string, args: readonly unknown[], flags: number): unknown {
    if (this.#broken !== undefined) throw this.#broken;
    const scope = this.#imports.get(target)?.scope ?? 0;
    const callId = this.#nextCall;
    this.#nextCall = (this.#nextCall + 1) >>> 0 || 1;
    const context = new FrameContext(this, scope);
    const writer = this.#writer();
    writer.u8(FRAME.CALL);
    writer.u32(callId);
    writer.u8(flags);
    writer.u32(target);
    writer.string(member);
    try {
      encodeValue(writer, args, context);
    } catch (error) {
      this.#release(writer);
      throw error;
    }
    this.#waiting.push(callId);
    try {
      this.#send(writer, context);
      return this.#awaitAnswer(callId, context);
    } finally {
      this.#waiting.pop();
    }
  }

  #fire(target: number, args: readonly unknown[]): void {
    const scope = this.#imports.get(target)?.scope ?? 0;
    const context = new FrameContext(this, scope);
    const writer = this.#writer();
    writer.u8(FRAME.CALL);
    writer.u32(0);
    writer.u8(CALL_FLAGS.FIRE);
    writer.u32(target);
    writer.string("");
    encodeValue(writer, args, context);
    this.#send(writer, context);
  }

  /** Blocks until the answer to `callId` arrives, serving every other frame meanwhile. */
  #awaitAnswer(callId: number, context: FrameContext): unknown {
    this.#block(() => this.#answers.has(callId));
    const answer = this.#answers.get(callId)!;
    this.#answers.delete(callId);
    return this.#readAnswer(answer, context);
  }

  /** Blocks until `done()`, serving every frame that arrives meanwhile. */
  #block(done: () => boolean): void {
    const timeout = this.#options.callTimeoutMs ?? Number.POSITIVE_INFINITY;
    const started = timeout === Number.POSITIVE_INFINITY ? 0 : Date.now();
    for (;;) {
      if (this.#broken !== undefined) throw this.#broken;
      if (done()) return;
      let frame: Uint8Array | undefined;
      try {
        frame = this.#link.receive();
      } catch (error) {
        throw this.#fail(error);
      }
      if (frame === undefined) {
        const closed = this.#link.closed;
        if (closed !== undefined) throw this.#fail(new ProtocolError(`connection closed while a call waited for its answer: ${closed}`));
        const waited = timeout === Number.POSITIVE_INFINITY ? 0 : Date.now() - started;
        if (waited >= timeout) {
          throw this.#fail(new ProtocolError(`no answer to a call within ${timeout} ms: the other end is stuck or gone`));
        }
        try {
          this.#link.wait(Math.min(WAIT_SLICE_MS, timeout - waited));
        } catch (error) {
          throw this.#fail(error);
        }
        continue;
      }
      try {
        this.#process(frame, false);
      } catch (error) {
        throw this.#fail(error);
      }
    }
  }

  #readAnswer(reader: ByteReader & { type?: number }, context: FrameContext): unknown {
    let value: unknown;
    try {
      const answerContext = new FrameContext(this, context.scope, [], context.originals);
      value = decodeValue(reader, answerContext);
      this.#readCopyBack(reader, context.originals);
      reader.end();
    } catch (error) {
      throw this.#fail(error);
    }
    if (reader.type === FRAME.THROW) throw value;
    return value;
  }

  // -------------------------------------------------------------- frames

  /** Runs the frames that have arrived, here and now (the in-thread link's pump). */
  #pump(): void {
    for (;;) {
      if (this.#broken !== undefined) return;
      let frame: Uint8Array | undefined;
      try {
        frame = this.#link.receive();
        if (frame === undefined) return;
        this.#process(frame, false);
      } catch (error) {
        this.#fail(error);
        return;
      }
    }
  }

  async #run(): Promise<void> {
    while (this.#broken === undefined) {
      let frame: Uint8Array | undefined;
      try {
        frame = this.#link.receive();
      } catch (error) {
        this.#fail(error);
        return;
      }
      if (frame === undefined) {
        const closed = this.#link.closed;
        if (closed !== undefined) {
          this.#fail(new ProtocolError(`connection closed: ${closed}`), !this.#closing);
          return;
        }
        await this.#link.readable();
        continue;
      }
      try {
        const pending = this.#process(frame, true);
        if (pending !== undefined) await pending;
      } catch (error) {
        this.#fail(error);
        return;
      }
    }
  }

  /** Handles one frame; a call served from the event loop returns the promise of its answer. */
  #process(frame: Uint8Array, fromEventLoop: boolean): Promise<void> | undefined {
    const reader = new ByteReader(frame) as ByteReader & { type?: number };
    const type = reader.u8("the frame type");
    switch (type) {
      case FRAME.CALL:
        if (this.#role === "server") this.#activity();
        return this.#serveCall(reader, fromEventLoop);
      case FRAME.ABORT:
        if (this.#role === "server") this.#activity();
        return this.#serveAbort(reader, fromEventLoop);
      case FRAME.RETURN:
      case FRAME.THROW: {
        const callId = reader.u32("the call id");
        if (!this.#waiting.includes(callId) || this.#answers.has(callId)) {
          throw new ProtocolError(`an answer to call ${callId}, which nobody waits for`);
        }
        reader.type = type;
        this.#answers.set(callId, reader);
        return undefined;
      }
      case FRAME.SETTLE:
        this.#onSettle(reader);
        return undefined;
      case FRAME.SETTLE_REQUEST: {
        const requestId = reader.u32("the request id");
        const count = reader.u32("the scope count");
        if (count > reader.remaining / 4) throw new ProtocolError(`malformed frame: ${count} scopes in ${reader.remaining} bytes`);
        const scopes: number[] = [];
        for (let i = 0; i < count; i++) scopes.push(reader.u32("a scope"));
        reader.end();
        void this.#settle(requestId, scopes);
        return undefined;
      }
      case FRAME.SETTLED: {
        const requestId = reader.u32("the request id");
        reader.end();
        const request = this.#settleRequests.get(requestId);
        if (request === undefined) throw new ProtocolError(`settled: no request ${requestId}`);
        this.#settleRequests.delete(requestId);
        request.resolve();
        return undefined;
      }
      case FRAME.RELEASE: {
        const scope = reader.u32("the scope");
        reader.end();
        this.#dropScope(scope);
        return undefined;
      }
      case FRAME.MEMORY:
        this.#onMemory(reader);
        return undefined;
      case FRAME.FAULT:
        this.#onFault(reader);
        return undefined;
      case FRAME.HELLO:
        this.#onHello(reader);
        return undefined;
      case FRAME.CLOSE: {
        const reason = reader.string("the reason");
        this.#fail(new ProtocolError(`the other end closed the connection: ${reason}`), true);
        return undefined;
      }
      default:
        throw new ProtocolError(`malformed frame: unknown frame type ${type}`);
    }
  }

  #onHello(reader: ByteReader): void {
    const version = reader.u16("the protocol version");
    const role = reader.string("the role");
    if (version !== PROTOCOL_VERSION) {
      throw new ProtocolError(`the other end speaks protocol version ${version}; this end speaks ${PROTOCOL_VERSION}`);
    }
    if (role === this.#role || (role !== "client" && role !== "server")) {
      throw new ProtocolError(`the other end says it is a ${JSON.stringify(role.slice(0, 40))}; this end is the ${this.#role}`);
    }
    const info = decodeValue(reader, new FrameContext(this, 0));
    reader.end();
    const hello = this.#hello;
    if (hello === undefined) throw new ProtocolError("a second hello frame");
    this.#hello = undefined;
    hello.resolve({ version, role, info });
  }

  // -------------------------------------------------------------- serving

  #decodeCall(reader: ByteReader): { callId: number; flags: number; entry: ExportEntry; member: string; args: unknown[]; context: FrameContext } {
    const callId = reader.u32("the call id");
    const flags = reader.u8("the call flags");
    const target = reader.u32("the call target");
    const member = reader.string("the member name");
    const entry = this.#exports.get(target);
    if (entry === undefined) throw new ProtocolError(`a call of object ${target}, which this end never exported (or released)`);
    if (this.#role === "client" && (member !== "" || (flags & CALL_FLAGS.GET) !== 0 || typeof entry.value !== "function")) {
      throw new ProtocolError("the server may only call the functions the client sent it");
    }
    const context = new FrameContext(this, entry.scope, [], [], true);
    const args = decodeValue(reader, context);
    if (!Array.isArray(args)) throw new ProtocolError("malformed frame: a call's arguments are not an array");
    reader.end();
    return { callId, flags, entry, member, args, context };
  }

  #invoke(entry: ExportEntry, member: string, flags: number, args: readonly unknown[]): Outcome {
    this.#syncDepth += 1;
    let outcome: Outcome;
    try {
      const target = entry.value as Record<string, unknown> & ((...args: unknown[]) => unknown);
      let value: unknown;
      if ((flags & CALL_FLAGS.GET) !== 0) value = target[member];
      else if (member === "") {
        if (typeof target !== "function") throw new TypeError("ipckit remote: the object called is not a function");
        value = Reflect.apply(target, undefined, args);
      } else {
        const method = target[member];
        if (typeof method !== "function") throw new TypeError(`${member} is not a function`);
        value = Reflect.apply(method, target, args);
      }
      outcome = { ok: true, value };
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      this.#syncDepth -= 1;
    }
    // Follow a returned promise now, so that a settlement during the wait
    // before the answer goes inside it.
    if (outcome.ok && isThenable(outcome.value)) this.#record(outcome.value);
    return outcome;
  }

  #serveCall(reader: ByteReader, fromEventLoop: boolean): Promise<void> | undefined {
    const call = this.#decodeCall(reader);
    if ((call.flags & CALL_FLAGS.FIRE) !== 0) {
      const { entry, member, flags, args } = call;
      queueMicrotask(() => {
        const outcome = this.#invoke(entry, member, flags & ~CALL_FLAGS.FIRE, args);
        if (!outcome.ok) throw outcome.error;
      });
      return undefined;
    }
    this.#peerWaiting += 1;
    const outcome = this.#invoke(call.entry, call.member, call.flags, call.args);
    if (fromEventLoop && this.#role === "server") {
      return this.#yield().then(
        () => this.#answer(call.callId, outcome, call.context),
        () => this.#answer(call.callId, outcome, call.context),
      );
    }
    this.#answer(call.callId, outcome, call.context);
    return undefined;
  }

  #serveAbort(reader: ByteReader, fromEventLoop: boolean): Promise<void> | undefined {
    const callId = reader.u32("the call id");
    const signalId = reader.u32("the signal id");
    const entry = this.#controllers.get(signalId);
    const context = new FrameContext(this, entry?.scope ?? 0);
    const reason = decodeValue(reader, context);
    reader.end();
    this.#peerWaiting += 1;
    this.#syncDepth += 1;
    let outcome: Outcome = { ok: true, value: undefined };
    try {
      entry?.controller.abort(reason);
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      this.#syncDepth -= 1;
    }
    if (fromEventLoop && this.#role === "server") return this.#yield().then(() => this.#answer(callId, outcome, context));
    this.#answer(callId, outcome, context);
    return undefined;
  }

  #answer(callId: number, outcome: Outcome, context: FrameContext): void {
    this.#peerWaiting -= 1;
    if (this.#broken !== undefined) return;
    const replyContext = new FrameContext(this, context.scope, context.decoded);
    const writer = this.#writer();
    writer.u8(outcome.ok ? FRAME.RETURN : FRAME.THROW);
    writer.u32(callId);
    try {
      encodeValue(writer, outcome.ok ? outcome.value : outcome.error, replyContext);
    } catch (error) {
      writer.reset();
      writer.u8(FRAME.THROW);
      writer.u32(callId);
      const message = error instanceof Error ? error.message : String(error);
      encodeValue(writer, new TypeError(`ipckit remote: the answer cannot be sent: ${message}`), replyContext);
    }
    this.#writeCopyBack(writer, context.decoded);
    this.#send(writer, replyContext);
  }

  // ------------------------------------------------------------- promises

  #record(thenable: PromiseLike<unknown>): PromiseRecord {
    let record = this.#promiseRecords.get(thenable);
    if (record !== undefined) return record;
    const created: PromiseRecord = { state: "pending", value: undefined, id: 0, scope: 0, views: [] };
    record = created;
    this.#promiseRecords.set(thenable, created);
    const settle = (state: "fulfilled" | "rejected", value: unknown): void => {
      if (created.state !== "pending") return;
      created.state = state;
      created.value = value;
      if (created.id !== 0) this.#sendSettle(created);
    };
    try {
      thenable.then(
        (value) => settle("fulfilled", value),
        (reason: unknown) => settle("rejected", reason),
      );
    } catch (error) {
      settle("rejected", error);
    }
    return record;
  }

  #sendSettle(record: PromiseRecord): void {
    this.#promisesOut.delete(record.id);
    if (this.#broken !== undefined) return;
    const context = new FrameContext(this, record.scope, record.views);
    const writer = this.#writer();
    writer.u8(FRAME.SETTLE);
    writer.u32(record.id);
    writer.u8(record.state === "fulfilled" ? 1 : 0);
    try {
      encodeValue(writer, record.value, context);
    } catch (error) {
      writer.reset();
      writer.u8(FRAME.SETTLE);
      writer.u32(record.id);
      writer.u8(0);
      const message = error instanceof Error ? error.message : String(error);
      encodeValue(writer, new TypeError(`ipckit remote: the settlement cannot be sent: ${message}`), context);
    }
    this.#writeCopyBack(writer, record.views);
    try {
      this.#send(writer, context);
    } catch {
      // The connection broke; #send has recorded why.
    }
  }

  #onSettle(reader: ByteReader): void {
    const id = reader.u32("the promise id");
    const ok = reader.u8("the settlement kind") === 1;
    const pending = this.#promisesIn.get(id);
    if (pending === undefined) throw new ProtocolError(`a settlement of promise ${id}, which is not pending`);
    this.#promisesIn.delete(id);
    const value = decodeValue(reader, new FrameContext(this, pending.scope, [], pending.originals));
    this.#readCopyBack(reader, pending.originals);
    reader.end();
    if (ok) pending.resolve(value);
    else pending.reject(value);
  }

  // ----------------------------------------------------------- references

  /** Encodes what crosses by reference; `false` leaves `value` to the plain codec. @internal */
  encodeReference(writer: ByteWriter, value: object, depth: number, context: FrameContext): boolean {
    if (ArrayBuffer.isView(value)) {
      // Bytes: copied, unless they are shared memory.
      if (typeof SharedArrayBuffer !== "undefined" && value.buffer instanceof SharedArrayBuffer) return this.#encodeSharedView(writer, value, context);
      return false;
    }
    const imported = this.#importIds.get(value);
    if (imported !== undefined) {
      writer.u8(TAG.RECEIVER_REF);
      writer.u32(imported);
      return true;
    }
    const exported = this.#exportIds.get(value);
    if (exported !== undefined) {
      writer.u8(TAG.SENDER_REF);
      writer.u32(exported);
      return true;
    }
    if (typeof value === "function") {
      this.#export(writer, value, EXPORT_FUNCTION, context, depth);
      return true;
    }
    if (isThenable(value)) {
      this.#encodePromise(writer, value, depth, context);
      return true;
    }
    if (this.#role === "client" && typeof AbortSignal !== "undefined" && value instanceof AbortSignal) {
      this.#encodeSignal(writer, value, depth, context);
      return true;
    }
    if (this.#role === "server" && this.#isHandle(value)) {
      this.#export(writer, value, EXPORT_HANDLE, context, depth);
      return true;
    }
    return false;
  }

  /** Decodes what {@link Peer.encodeReference} wrote. @internal */
  decodeReference(tag: number, reader: ByteReader, context: FrameContext): unknown {
    switch (tag) {
      case TAG.EXPORT:
        return this.#import(reader, context);
      case TAG.SENDER_REF: {
        const id = reader.u32("an object id");
        const entry = this.#imports.get(id);
        if (entry === undefined) throw new ProtocolError(`a reference to object ${id} of the other end, never sent (or released)`);
        return entry.proxy;
      }
      case TAG.RECEIVER_REF: {
        const id = reader.u32("an object id");
        const entry = this.#exports.get(id);
        if (entry === undefined) throw new ProtocolError(`a reference to object ${id} of this end, never exported (or released)`);
        return entry.value;
      }
      case TAG.PROMISE: {
        const id = reader.u32("a promise id");
        const existing = this.#promisesIn.get(id);
        if (existing !== undefined) return existing.promise;
        let resolve!: (value: unknown) => void;
        let reject!: (reason: unknown) => void;
        const promise = new Promise<unknown>((yes, no) => {
          resolve = yes;
          reject = no;
        });
        this.#promisesIn.set(id, { promise, resolve, reject, originals: context.callOriginals, scope: context.scope });
        return promise;
      }
      case TAG.FULFILLED:
        return Promise.resolve(decodeValue(reader, context));
      case TAG.REJECTED: {
        const rejected = Promise.reject(decodeValue(reader, context));
        return rejected;
      }
      case TAG.SIGNAL:
        return this.#decodeSignal(reader, context);
      case TAG.SHARED_VIEW:
        return this.#decodeSharedView(reader, context);
      default:
        throw new ProtocolError(`malformed frame: unknown value tag ${tag}`);
    }
  }

  /** Whether a server-side object crosses by reference: a class instance, or a plain object with getters or methods of its own. */
  #isHandle(value: object): boolean {
    if (Array.isArray(value) || byteKind(value) >= 0 || value instanceof Error || value instanceof Date) return false;
    if (value instanceof String || value instanceof Number || value instanceof Boolean) return false;
    const prototype = Object.getPrototypeOf(value) as object | null;
    if (prototype !== null && prototype !== Object.prototype) return true;
    for (const key of Object.keys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor === undefined) continue;
      if (descriptor.get !== undefined || descriptor.set !== undefined) return true;
      if (typeof descriptor.value === "function" && !this.#importIds.has(descriptor.value as object)) return true;
    }
    return false;
  }

  #export(writer: ByteWriter, value: object, kind: number, context: FrameContext, depth: number): void {
    const id = this.#nextExport++;
    const scope = kind === EXPORT_HANDLE && context.scope === 0 ? id : context.scope;
    this.#exports.set(id, { value, scope });
    this.#exportIds.set(value, id);
    writer.u8(TAG.EXPORT);
    writer.u32(id);
    writer.u32(scope);
    writer.u8(kind);
    if (kind === EXPORT_FUNCTION) return;
    const shape = this.#shapeOf(value);
    writer.u32(shape.id);
    writer.u8(shape.sent ? 0 : 1);
    if (!shape.sent) {
      shape.sent = true;
      writer.string(shape.className);
      writer.u32(shape.members.length);
      for (const member of shape.members) {
        writer.u8(member.kind);
        writer.string(member.name);
      }
    }
    const inner = new FrameContext(this, scope, context.callViews, context.callOriginals);
    for (const member of shape.members) {
      if (member.kind === CONSTANT) encodeValue(writer, (value as Record<string, unknown>)[member.name], inner, depth + 1);
    }
    if (inner.touched !== undefined) for (const buffer of inner.touched) context.touch(buffer);
  }

  #shapeOf(value: object): ShapeOut {
    const members: Member[] = [];
    const seen = new Set<string>(["constructor"]);
    const frozen = Object.isFrozen(value);
    for (const name of Object.getOwnPropertyNames(value)) {
      seen.add(name);
      const descriptor = Object.getOwnPropertyDescriptor(value, name)!;
      let kind = PROPERTY;
      if (descriptor.get === undefined && descriptor.set === undefined) {
        if (typeof descriptor.value === "function" && !this.#importIds.has(descriptor.value as object)) kind = METHOD;
        else if (frozen || (descriptor.writable === false && descriptor.configurable === false)) kind = CONSTANT;
      }
      members.push({ name, kind });
    }
    for (let prototype = Object.getPrototypeOf(value) as object | null; prototype !== null && prototype !== Object.prototype; prototype = Object.getPrototypeOf(prototype) as object | null) {
      for (const name of Object.getOwnPropertyNames(prototype)) {
        if (seen.has(name)) continue;
        seen.add(name);
        const descriptor = Object.getOwnPropertyDescriptor(prototype, name)!;
        const method = descriptor.get === undefined && descriptor.set === undefined && typeof descriptor.value === "function";
        members.push({ name, kind: method ? METHOD : PROPERTY });
      }
    }
    const constructor = (value as { constructor?: { name?: unknown } }).constructor;
    const className = typeof constructor?.name === "string" && /^[A-Za-z_$][\w$]{0,100}$/.test(constructor.name) ? constructor.name : "RemoteObject";
    const key = `${className}|${members.map((member) => `${member.kind}${member.name}`).join("\u0000")}`;
    let shape = this.#shapesOut.get(key);
    if (shape === undefined) {
      shape = { id: this.#nextShape++, className, members, sent: false };
      this.#shapesOut.set(key, shape);
    }
    return shape;
  }

  #import(reader: ByteReader, context: FrameContext): object {
    const id = reader.u32("an export id");
    const scope = reader.u32("an export's scope");
    const kind = reader.u8("an export's kind");
    if (this.#imports.has(id)) throw new ProtocolError(`object ${id} exported twice`);
    let proxy: object;
    if (kind === EXPORT_FUNCTION) {
      const peer = this;
      proxy = function (...args: unknown[]): unknown {
        return peer.#invokeImport(proxy, args);
      };
    } else if (kind === EXPORT_HANDLE) {
      if (this.#role === "server") throw new ProtocolError("a client may not send handles, only functions");
      const shapeId = reader.u32("a shape id");
      const fresh = reader.u8("a shape flag") === 1;
      let shape = this.#shapesIn.get(shapeId);
      if (fresh) {
        if (shape !== undefined) throw new ProtocolError(`shape ${shapeId} defined twice`);
        shape = this.#defineShape(reader);
        this.#shapesIn.set(shapeId, shape);
      } else if (shape === undefined) {
        throw new ProtocolError(`an object of shape ${shapeId}, never defined`);
      }
      proxy = Object.create(shape.prototype) as object;
      for (const name of shape.constants) {
        const value = decodeValue(reader, new FrameContext(this, scope, [], context.callOriginals));
        Object.defineProperty(proxy, name, { value, enumerable: true, writable: false, configurable: false });
      }
    } else {
      throw new ProtocolError(`malformed frame: unknown export kind ${kind}`);
    }
    this.#imports.set(id, { proxy, scope });
    this.#importIds.set(proxy, id);
    return proxy;
  }

  #defineShape(reader: ByteReader): ShapeIn {
    const className = reader.string("a class name");
    const count = reader.u32("a member count");
    if (count > reader.remaining) throw new ProtocolError(`malformed frame: ${count} members in ${reader.remaining} bytes`);
    const safeName = /^[A-Za-z_$][\w$]{0,100}$/.test(className) ? className : "RemoteObject";
    const constructor = {
      [safeName]: function (): never {
        throw new TypeError("ipckit remote: a remote handle cannot be constructed here");
      },
    }[safeName]!;
    const prototype = constructor.prototype as object;
    const constants: string[] = [];
    const peer = this;
    for (let i = 0; i < count; i++) {
      const kind = reader.u8("a member kind");
      const name = reader.string("a member name");
      if (kind === METHOD) {
        Object.defineProperty(prototype, name, {
          value: function (this: unknown, ...args: unknown[]): unknown {
            return peer.#callMember(this, name, args, 0);
          },
          writable: true,
          enumerable: false,
          configurable: true,
        });
      } else if (kind === PROPERTY) {
        Object.defineProperty(prototype, name, {
          get(this: unknown): unknown {
            return peer.#callMember(this, name, [], CALL_FLAGS.GET);
          },
          enumerable: true,
          configurable: true,
        });
      } else if (kind === CONSTANT) {
        constants.push(name);
      } else {
        throw new ProtocolError(`malformed frame: unknown member kind ${kind}`);
      }
    }
    return { prototype, constants };
  }

  #encodePromise(writer: ByteWriter, thenable: PromiseLike<unknown>, depth: number, context: FrameContext): void {
    const record = this.#record(thenable);
    if (record.state === "fulfilled" || record.state === "rejected") {
      writer.u8(record.state === "fulfilled" ? TAG.FULFILLED : TAG.REJECTED);
      encodeValue(writer, record.value, context, depth + 1);
      return;
    }
    if (record.id === 0) {
      record.id = this.#nextPromise++;
      record.scope = context.scope;
      record.views = context.callViews;
      this.#promisesOut.set(record.id, record);
    }
    writer.u8(TAG.PROMISE);
    writer.u32(record.id);
  }

  // --------------------------------------------------------------- errors

  /** The origin an error carries: a client's own errors, and the server's copies of them. @internal */
  errorOrigin(error: object): readonly [1 | 2, number] | undefined {
    if (this.#role === "server") {
      const id = this.#copyOrigins.get(error);
      return id === undefined ? undefined : [2, id];
    }
    if (typeof WeakRef === "undefined") return undefined;
    let id = this.#originIds.get(error);
    if (id === undefined) {
      id = this.#nextOrigin++;
      this.#originIds.set(error, id);
      this.#origins.set(id, new WeakRef(error));
      this.#originCleanup?.register(error, id);
    }
    return [1, id];
  }

  /** An error read back as itself where it can be. @internal */
  errorDecoded(copy: Error, kind: 1 | 2, id: number): Error {
    if (this.#role === "server") {
      if (kind === 1) this.#copyOrigins.set(copy, id);
      return copy;
    }
    if (kind !== 2) return copy;
    const original = this.#origins.get(id)?.deref();
    return original instanceof Error ? original : copy;
  }

  // --------------------------------------------------------------- signals

  #encodeSignal(writer: ByteWriter, signal: AbortSignal, depth: number, context: FrameContext): void {
    let id = this.#signalIds.get(signal);
    if (id === undefined) {
      const assigned = this.#nextSignal++;
      id = assigned;
      this.#signalIds.set(signal, assigned);
      if (!signal.aborted) {
        signal.addEventListener("abort", () => this.#abort(assigned, signal.reason), { once: true });
      }
    }
    writer.u8(TAG.SIGNAL);
    writer.u32(id);
    writer.u8(signal.aborted ? 1 : 0);
    if (signal.aborted) {
      try {
        encodeValue(writer, signal.reason, context, depth + 1);
      } catch {
        writer.u8(TAG.UNDEFINED);
      }
    }
  }

  #decodeSignal(reader: ByteReader, context: FrameContext): AbortSignal {
    const id = reader.u32("a signal id");
    const aborted = reader.u8("a signal's state") === 1;
    const reason = aborted ? decodeValue(reader, context) : undefined;
    let entry = this.#controllers.get(id);
    if (entry === undefined) {
      entry = { controller: new AbortController(), scope: context.scope };
      this.#controllers.set(id, entry);
    }
    if (aborted && !entry.controller.signal.aborted) entry.controller.abort(reason);
    return entry.controller.signal;
  }

  /** Aborts the other end's copy of a signal, synchronously: its consequences have arrived when this returns. */
  #abort(signalId: number, reason: unknown): void {
    if (this.#broken !== undefined) return;
    const callId = this.#nextCall;
    this.#nextCall = (this.#nextCall + 1) >>> 0 || 1;
    const context = new FrameContext(this, 0);
    const writer = this.#writer();
    writer.u8(FRAME.ABORT);
    writer.u32(callId);
    writer.u32(signalId);
    try {
      encodeValue(writer, reason, context);
    } catch {
      writer.u8(TAG.UNDEFINED);
    }
    this.#waiting.push(callId);
    try {
      this.#send(writer, context);
      this.#awaitAnswer(callId, context);
    } catch {
      // A broken connection fails every pending call already.
    } finally {
      this.#waiting.pop();
    }
  }

  // --------------------------------------------------------- shared memory

  #encodeSharedView(writer: ByteWriter, view: ArrayBufferView, context: FrameContext): boolean {
    const buffer = view.buffer as SharedArrayBuffer;
    const kind = byteKind(view);
    const element = kind === 11 ? 1 : (view as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    const length = view.byteLength / element;
    if (this.#role === "client") {
      const mirrorId = this.#mirrorIds.get(buffer);
      if (mirrorId === undefined) return false;
      writer.u8(TAG.SHARED_VIEW);
      writer.u32(mirrorId);
      writer.u32(this.#viewIds.get(view) ?? 0);
      writer.u8(kind);
      writer.u32(view.byteOffset);
      writer.u32(length);
      context.touch(mirrorId);
      return true;
    }
    let record = this.#shared.get(buffer);
    if (record === undefined) {
      record = { id: this.#nextBuffer++, scope: context.scope, buffer, shadow: new Uint8Array(buffer.byteLength), announced: false, sentLength: 0, views: new Map() };
      this.#shared.set(buffer, record);
      this.#sharedById.set(record.id, record);
      this.#indexMemory(record.scope, record.id);
    }
    let viewId = this.#viewIds.get(view);
    if (viewId === undefined) {
      viewId = this.#nextView++;
      this.#viewIds.set(view, viewId);
      record.views.set(viewId, view);
    }
    writer.u8(TAG.SHARED_VIEW);
    writer.u32(record.id);
    writer.u32(viewId);
    writer.u8(kind);
    writer.u32(view.byteOffset);
    writer.u32(length);
    context.touch(record.id);
    return true;
  }

  #decodeSharedView(reader: ByteReader, context: FrameContext): ArrayBufferView {
    const bufferId = reader.u32("a shared buffer id");
    const viewId = reader.u32("a view id");
    const kind = reader.u8("a view kind");
    const byteOffset = reader.u32("a view's byte offset");
    const length = reader.u32("a view's length");
    const views = this.#role === "client" ? this.#mirrors.get(bufferId)?.views : this.#sharedById.get(bufferId)?.views;
    const buffer = this.#role === "client" ? this.#mirrors.get(bufferId)?.buffer : this.#sharedById.get(bufferId)?.buffer;
    if (views === undefined || buffer === undefined) throw new ProtocolError(`a view of shared buffer ${bufferId}, never described`);
    context.touch(bufferId);
    const known = viewId === 0 ? undefined : views.get(viewId);
    if (known !== undefined) return known;
    const name = VIEW_CONSTRUCTORS[kind];
    const Constructor = name === undefined ? undefined : (globalThis as unknown as Record<string, new (buffer: ArrayBufferLike, offset: number, length: number) => ArrayBufferView>)[name];
    if (Constructor === undefined) throw new ProtocolError(`malformed frame: unknown view kind ${kind}`);
    let view: ArrayBufferView;
    try {
      view = new Constructor(buffer, byteOffset, length);
    } catch (error) {
      throw new ProtocolError(`malformed frame: a view of ${length} elements at ${byteOffset} does not fit its shared buffer`, { cause: error });
    }
    if (viewId !== 0) {
      views.set(viewId, view);
      this.#viewIds.set(view, viewId);
    }
    return view;
  }

  /** Sends, ahead of a frame, what changed in the shared memory of its scope (and of the buffers it names). */
  #syncMemory(context: FrameContext): void {
    if (this.#memoryByScope.size === 0) return;
    const inScope = this.#memoryByScope.get(context.scope);
    if (inScope !== undefined) for (const id of inScope) this.#syncBuffer(id);
    if (context.touched !== undefined) for (const id of context.touched) if (inScope === undefined || !inScope.has(id)) this.#syncBuffer(id);
  }

  #syncBuffer(id: number): void {
    if (this.#role === "server") {
      const record = this.#sharedById.get(id);
      if (record === undefined) return;
      const length = record.buffer.byteLength;
      if (record.shadow.length < length) {
        const grown = new Uint8Array(length);
        grown.set(record.shadow);
        record.shadow = grown;
      }
      const ranges = changedRanges(new Uint8Array(record.buffer, 0, length), record.shadow, length);
      if (ranges.length === 0 && record.announced && record.sentLength === length) return;
      const grow = record.buffer as GrowableShared;
      this.#sendMemory(record.id, record.scope, length, grow.growable === true ? (grow.maxByteLength ?? length) : 0, new Uint8Array(record.buffer, 0, length), record.shadow, ranges);
      record.announced = true;
      record.sentLength = length;
      return;
    }
    const mirror = this.#mirrors.get(id);
    if (mirror === undefined) return;
    const length = mirror.buffer.byteLength;
    const ranges = changedRanges(new Uint8Array(mirror.buffer, 0, length), mirror.shadow, length);
    if (ranges.length === 0) return;
    this.#sendMemory(mirror.id, mirror.scope, length, 0, new Uint8Array(mirror.buffer, 0, length), mirror.shadow, ranges);
  }

  #indexMemory(scope: number, id: number): void {
    let ids = this.#memoryByScope.get(scope);
    if (ids === undefined) {
      ids = new Set();
      this.#memoryByScope.set(scope, ids);
    }
    ids.add(id);
  }

  #sendMemory(id: number, scope: number, byteLength: number, maxByteLength: number, bytes: Uint8Array, shadow: Uint8Array, ranges: readonly number[]): void {
    const writer = this.#writer();
    writer.u8(FRAME.MEMORY);
    writer.u32(id);
    writer.u32(scope);
    writer.u32(byteLength);
    writer.u32(maxByteLength);
    writer.u32(ranges.length / 2);
    for (let i = 0; i < ranges.length; i += 2) {
      const start = ranges[i]!;
      const end = ranges[i + 1]!;
      writer.u32(start);
      writer.u32(end - start);
      const part = bytes.slice(start, end);
      writer.raw(part);
      shadow.set(part, start);
    }
    this.#link.send(writer.finish());
    this.#release(writer);
  }

  #onMemory(reader: ByteReader): void {
    const id = reader.u32("a shared buffer id");
    const scope = reader.u32("a shared buffer's scope");
    const byteLength = reader.u32("a shared buffer's length");
    const maxByteLength = reader.u32("a shared buffer's largest length");
    const count = reader.u32("a range count");
    let target: Uint8Array;
    let shadow: Uint8Array;
    if (this.#role === "client") {
      let mirror = this.#mirrors.get(id);
      if (mirror === undefined) {
        mirror = this.#createMirror(id, scope, byteLength, maxByteLength);
        this.#mirrors.set(id, mirror);
        this.#mirrorIds.set(mirror.buffer, id);
        this.#indexMemory(scope, id);
      }
      const buffer = mirror.buffer as GrowableShared;
      if (byteLength > buffer.byteLength) {
        if (buffer.grow === undefined || byteLength > (buffer.maxByteLength ?? 0)) throw new ProtocolError(`shared buffer ${id} grew past its largest length`);
        this.#reserveShared(byteLength - buffer.byteLength);
        buffer.grow(byteLength);
      }
      if (mirror.shadow.length < buffer.byteLength) {
        const grown = new Uint8Array(buffer.byteLength);
        grown.set(mirror.shadow);
        mirror.shadow = grown;
      }
      target = new Uint8Array(buffer, 0, buffer.byteLength);
      shadow = mirror.shadow;
    } else {
      const record = this.#sharedById.get(id);
      if (record === undefined) throw new ProtocolError(`an update of shared buffer ${id}, never described`);
      target = new Uint8Array(record.buffer, 0, record.buffer.byteLength);
      shadow = record.shadow;
    }
    for (let i = 0; i < count; i++) {
      const start = reader.u32("a range start");
      const length = reader.u32("a range length");
      const bytes = reader.raw(length, "a range's bytes");
      if (start + length > target.length || start + length > shadow.length) throw new ProtocolError(`a memory range ${start}+${length} past the end of shared buffer ${id}`);
      target.set(bytes, start);
      shadow.set(bytes, start);
    }
    reader.end();
  }

  #createMirror(id: number, scope: number, byteLength: number, maxByteLength: number): Mirror {
    if (maxByteLength !== 0 && maxByteLength < byteLength) throw new ProtocolError(`shared buffer ${id}: length ${byteLength} over its largest length ${maxByteLength}`);
    const limit = this.#options.maxSharedBytes ?? 2 ** 31;
    if (maxByteLength > limit || byteLength > limit) throw new ProtocolError(`shared buffer ${id} of up to ${Math.max(maxByteLength, byteLength)} bytes is over the limit of ${limit}`);
    this.#reserveShared(byteLength);
    const Shared = SharedArrayBuffer as unknown as new (length: number, options?: { maxByteLength: number }) => SharedArrayBuffer;
    const buffer = maxByteLength === 0 ? new Shared(byteLength) : new Shared(byteLength, { maxByteLength });
    return { id, scope, buffer, shadow: new Uint8Array(byteLength), views: new Map() };
  }

  #reserveShared(bytes: number): void {
    this.#sharedBytes += bytes;
    const limit = this.#options.maxSharedBytes ?? 2 ** 31;
    if (this.#sharedBytes > limit) throw new ProtocolError(`the other end's shared memory passed the limit of ${limit} bytes`);
  }

  // ------------------------------------------------------------ copy-back

  #writeCopyBack(writer: ByteWriter, views: readonly DecodedBytes[]): void {
    let count = 0;
    const entries: number[] = [];
    for (let token = 0; token < views.length; token++) {
      const record = views[token]!;
      const current = bytesOf(record.value);
      const ranges = changedRanges(current, record.snapshot, Math.min(current.length, record.snapshot.length));
      for (let i = 0; i < ranges.length; i += 2) {
        entries.push(token, ranges[i]!, ranges[i + 1]!);
        count += 1;
      }
    }
    writer.u32(count);
    for (let i = 0; i < entries.length; i += 3) {
      const record = views[entries[i]!]!;
      const start = entries[i + 1]!;
      const end = entries[i + 2]!;
      const part = bytesOf(record.value).slice(start, end);
      writer.u32(entries[i]!);
      writer.u32(start);
      writer.u32(end - start);
      writer.raw(part);
      record.snapshot.set(part, start);
    }
  }

  #readCopyBack(reader: ByteReader, originals: readonly ByteTarget[]): void {
    const count = reader.u32("a copy-back count");
    for (let i = 0; i < count; i++) {
      const token = reader.u32("a copy-back target");
      const start = reader.u32("a copy-back start");
      const length = reader.u32("a copy-back length");
      const bytes = reader.raw(length, "copied-back bytes");
      const original = originals[token];
      if (original === undefined) throw new ProtocolError(`a copy-back into argument ${token}, which the call did not send`);
      const target = bytesOf(original);
      if (start + length > target.length) throw new ProtocolError(`a copy-back of ${length} bytes at ${start} past the end of a ${target.length}-byte argument`);
      target.set(bytes, start);
    }
  }

  // --------------------------------------------------------------- settling

  /**
   * Asks the other end to settle a scope (a system): resolves once it says
   * every operation it runs there is finished or asleep in a blocking wait,
   * the settlements that causes having arrived first. The requests made in
   * one turn of the caller (the suite settles every system of a test at
   * once) go as one, in a microtask that blocks until the answer, serving
   * whatever arrives meanwhile: one round trip per drain step, without the
   * wake-ups of an idle thread.
   *
   * @param scope - the system's scope
   * @returns a promise of the answer
   */
  requestSettle(scope: number): Promise<void> {
    if (this.#broken !== undefined) return Promise.reject(this.#broken);
    if (this.#link.inThread === true) return this.#settleLater([scope]);
    let batch = this.#settleBatch;
    if (batch === undefined) {
      const created: { scopes: Set<number>; promise: Promise<void> } = { scopes: new Set(), promise: Promise.resolve() };
      created.promise = new Promise<void>((resolve, reject) =>
        queueMicrotask(() => {
          this.#settleBatch = undefined;
          try {
            this.#settleNow([...created.scopes]);
            resolve();
          } catch (error) {
            reject(error);
          }
        }),
      );
      this.#settleBatch = batch = created;
    }
    batch.scopes.add(scope);
    return batch.promise;
  }

  /** Over an in-thread link: the answer comes after the other end's timers, so it is awaited. */
  #settleLater(scopes: readonly number[]): Promise<void> {
    const requestId = this.#nextRequest++;
    const promise = new Promise<void>((resolve, reject) => this.#settleRequests.set(requestId, { resolve, reject }));
    const writer = this.#writer();
    writer.u8(FRAME.SETTLE_REQUEST);
    writer.u32(requestId);
    writer.u32(scopes.length);
    for (const scope of scopes) writer.u32(scope);
    try {
      this.#send(writer, new FrameContext(this, scopes[0] ?? 0));
    } catch (error) {
      this.#settleRequests.delete(requestId);
      return Promise.reject(error);
    }
    return promise;
  }

  #settleNow(scopes: readonly number[]): void {
    if (this.#broken !== undefined) throw this.#broken;
    const requestId = this.#nextRequest++;
    let answered = false;
    this.#settleRequests.set(requestId, { resolve: () => (answered = true), reject: () => undefined });
    const writer = this.#writer();
    writer.u8(FRAME.SETTLE_REQUEST);
    writer.u32(requestId);
    writer.u32(scopes.length);
    for (const scope of scopes) writer.u32(scope);
    const context = new FrameContext(this, scopes.length === 1 ? scopes[0]! : 0);
    for (const scope of scopes) for (const id of this.#memoryByScope.get(scope) ?? []) context.touch(id);
    try {
      this.#send(writer, context);
      this.#block(() => answered);
    } finally {
      this.#settleRequests.delete(requestId);
    }
  }

  async #settle(requestId: number, scopes: readonly number[]): Promise<void> {
    await Promise.all(
      scopes.map(async (scope) => {
        const system = this.#exports.get(scope)?.value as { settle?: () => unknown } | undefined;
        try {
          if (typeof system?.settle === "function") await system.settle();
        } catch {
          // A system that fails to settle has settled as far as it can.
        }
      }),
    );
    // Quiet rounds of the timer queue since the last call served: usually
    // they have passed already, while the client drained its own queue.
    await this.#quiet();
    await this.#yield();
    if (this.#broken !== undefined) return;
    const writer = this.#writer();
    writer.u8(FRAME.SETTLED);
    writer.u32(requestId);
    const context = new FrameContext(this, scopes.length === 1 ? scopes[0]! : 0);
    for (const scope of scopes) for (const id of this.#memoryByScope.get(scope) ?? []) context.touch(id);
    try {
      this.#send(writer, context);
    } catch {
      // The connection broke; #send has recorded why.
    }
  }

  /** Notes a call served: the quiet rounds start again from none. */
  #activity(): void {
    this.#quietRounds = 0;
    if (this.#ticking) return;
    this.#ticking = true;
    const tick = (): void => {
      this.#quietRounds += 1;
      if (this.#quietRounds < (this.#options.settleRounds ?? 3)) {
        setTimeout(tick, 0);
        return;
      }
      this.#ticking = false;
      const waiters = this.#quietWaiters;
      this.#quietWaiters = [];
      for (const waiter of waiters) waiter();
    };
    setTimeout(tick, 0);
  }

  /** Resolves once `settleRounds` rounds of `setTimeout(0)` have passed since the last call served. */
  #quiet(): Promise<void> {
    if (!this.#ticking) return Promise.resolve();
    return new Promise((resolve) => this.#quietWaiters.push(resolve));
  }

  // ------------------------------------------------------------ scopes

  /**
   * The scope of a handle this end holds: the id of the system it came from.
   *
   * @param proxy - a remote handle
   * @returns its scope, or `undefined` for an object that is not one
   */
  scopeOf(proxy: object): number | undefined {
    const id = this.#importIds.get(proxy);
    return id === undefined ? undefined : this.#imports.get(id)?.scope;
  }

  /**
   * Releases every reference of a scope, here and at the other end: the
   * handles of a system after its teardown.
   *
   * @param scope - the system's scope
   */
  release(scope: number): void {
    if (scope === 0) return;
    this.#dropScope(scope);
    if (this.#broken !== undefined) return;
    const writer = this.#writer();
    writer.u8(FRAME.RELEASE);
    writer.u32(scope);
    try {
      this.#send(writer, new FrameContext(this, 0));
    } catch {
      // Nothing left to release over a broken connection.
    }
  }

  #dropScope(scope: number): void {
    if (scope === 0) return;
    for (const [id, entry] of this.#exports) {
      if (entry.scope !== scope) continue;
      this.#exports.delete(id);
      this.#exportIds.delete(entry.value);
    }
    for (const [id, entry] of this.#imports) if (entry.scope === scope) this.#imports.delete(id);
    for (const [id, entry] of this.#controllers) if (entry.scope === scope) this.#controllers.delete(id);
    for (const [id, record] of this.#sharedById) {
      if (record.scope !== scope) continue;
      this.#sharedById.delete(id);
      this.#shared.delete(record.buffer);
    }
    for (const [id, mirror] of this.#mirrors) {
      if (mirror.scope !== scope) continue;
      this.#mirrors.delete(id);
      this.#sharedBytes -= mirror.buffer.byteLength;
    }
    this.#memoryByScope.delete(scope);
  }

  // --------------------------------------------------------------- faults

  /**
   * Tells the other end of an error raised outside any call (an uncaught
   * exception or an unhandled rejection in the implementation).
   *
   * @param error - what was raised
   * @param kind - how
   */
  sendFault(error: unknown, kind: "exception" | "rejection"): void {
    if (this.#broken !== undefined) return;
    const context = new FrameContext(this, 0);
    const writer = this.#writer();
    writer.u8(FRAME.FAULT);
    writer.u8(kind === "exception" ? FAULT_EXCEPTION : FAULT_REJECTION);
    try {
      encodeValue(writer, error, context);
    } catch {
      encodeValue(writer, new Error(String(error)), context);
    }
    try {
      this.#send(writer, context);
    } catch {
      // The connection broke; #send has recorded why.
    }
  }

  #onFault(reader: ByteReader): void {
    const kind = reader.u8("a fault kind") === FAULT_EXCEPTION ? "exception" : "rejection";
    const error = decodeValue(reader, new FrameContext(this, 0));
    reader.end();
    if (this.#options.onFault !== undefined) {
      this.#options.onFault(error, kind);
      return;
    }
    if (kind === "rejection") void Promise.reject(error);
    else
      setTimeout(() => {
        throw error;
      }, 0);
  }

  // -------------------------------------------------------------- closing

  /**
   * Ends the connection: tells the other end why and closes the link. Calls
   * still waiting fail; promises still pending stay pending, as they would
   * in an implementation that is simply no longer used.
   *
   * @param reason - why, for the other end
   */
  close(reason: string): void {
    if (this.#broken !== undefined) return;
    this.#closing = true;
    try {
      const writer = this.#writer();
      writer.u8(FRAME.CLOSE);
      writer.string(reason);
      this.#link.send(writer.finish());
      this.#release(writer);
    } catch {
      // Closing anyway.
    }
    this.#fail(new ProtocolError(`connection closed: ${reason}`), false);
  }

  /**
   * Marks the connection broken: the link closes, every waiting call and
   * (unless the close was asked for) every pending promise fails.
   */
  #fail(error: unknown, rejectPending = true): ProtocolError {
    if (this.#broken !== undefined) return this.#broken;
    const broken = error instanceof ProtocolError ? error : new ProtocolError(`protocol engine failure: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    this.#broken = broken;
    const closedByPeer = /^the other end closed/.test(broken.message);
    if (!closedByPeer && !this.#closing && this.#link.closed === undefined) {
      try {
        const writer = this.#writer();
        writer.u8(FRAME.CLOSE);
        writer.string(broken.message);
        this.#link.send(writer.finish());
      } catch {
        // The other end may be gone already.
      }
    }
    this.#link.close(broken.message);
    this.#hello?.reject(broken);
    this.#hello = undefined;
    if (rejectPending && !this.#closing) {
      for (const pending of this.#promisesIn.values()) pending.reject(broken);
      this.#promisesIn.clear();
    }
    for (const request of this.#settleRequests.values()) request.reject(broken);
    this.#settleRequests.clear();
    this.#options.onClose?.(broken.message);
    return broken;
  }

  // --------------------------------------------------------------- plumbing

  #writer(): ByteWriter {
    const writer = this.#writers.pop() ?? new ByteWriter();
    writer.reset();
    return writer;
  }

  #release(writer: ByteWriter): void {
    if (this.#writers.length < 8) this.#writers.push(writer);
  }

  #send(writer: ByteWriter, context: FrameContext): void {
    try {
      this.#syncMemory(context);
      this.#link.send(writer.finish());
    } catch (error) {
      throw this.#fail(error);
    } finally {
      this.#release(writer);
    }
  }
}
