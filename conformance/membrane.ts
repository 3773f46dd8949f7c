/**
 * The membrane between a test and the implementation under test. Every
 * object the implementation hands a test (its system, processes, handles)
 * reaches the test wrapped, so that whatever happens at the boundary is
 * seen, wherever in the test it happens and whatever the test's helpers do
 * with it:
 *
 * - an `IpcError` with code `ENOSYS` from any call: the test is NOT
 *   IMPLEMENTED;
 * - anything else thrown or rejected that is not an `IpcError` (a
 *   `TypeError` in the implementation's code, a throw of a string): the
 *   implementation crashed, and the test is ERROR with that error's stack;
 * - a blocking call (one with a `try` twin, as `read` has `tryRead`) that
 *   returns a plain value instead of a promise: a FAIL;
 * - a call of a feature the test did not require: a fault of the suite.
 *
 * The implementation sees its own objects (arguments are unwrapped, methods
 * run with their own `this`), and the test sees its own callbacks when they
 * come back. Identity holds on both sides: the same object always wraps to
 * the same proxy.
 *
 * @module
 */

import { IpcError } from "../spec/errors.ts";
import { AssertionFailure, isThenable } from "./assert.ts";
import { SetupFailure, SuiteFault } from "./setup.ts";

/** A call that crossed the membrane, for reports: `write`, `spawn`. */
type CallName = string;

/** What the membrane saw during one test. */
export interface Observations {
  /** The first `ENOSYS`, and the call it came from. */
  readonly enosys?: { readonly call: CallName; readonly error: IpcError };
  /** The first crash: a throw or rejection that is not an `IpcError`, and the call it came from. */
  readonly crash?: { readonly call: CallName; readonly error: unknown };
  /** The first blocking call that returned a plain value. */
  readonly notAPromise?: { readonly call: CallName; readonly value: unknown };
  /** The first call the test made of a feature it does not require. */
  readonly suiteFault?: string;
}

/**
 * Decides whether a test may make a call on a process.
 *
 * @param call - the method's name
 * @returns `undefined` when allowed, else what is wrong, in words
 */
export type CallGate = (call: CallName) => string | undefined;

/** The kind of an implementation object, for the gate: calls on processes are checked. */
type Kind = "process" | "other";

/** Calls whose results are processes. */
const PROCESS_MAKERS: ReadonlySet<string> = new Set(["spawn", "fork"]);

/** Whether a value is a plain data object (an object literal, or of a null prototype). */
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Values that cross as they are: bytes, buffers, dates, errors. */
function crossesAsIs(value: object): boolean {
  return (
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer === "function" && value instanceof SharedArrayBuffer) ||
    value instanceof Error ||
    value instanceof Date ||
    value instanceof RegExp
  );
}

/**
 * The `try` twin of a blocking call's name: `read` → `tryRead`,
 * `semWait` → `semTryWait`, `sigwait` → `trySigwait`.
 */
function tryTwins(name: string): string[] {
  const twins = [`try${name.charAt(0).toUpperCase()}${name.slice(1)}`];
  const hump = /[A-Z]/.exec(name);
  if (hump !== null && hump.index > 0) twins.push(`${name.slice(0, hump.index)}Try${name.slice(hump.index)}`);
  return twins;
}

/** How deep argument objects are searched for handles and callbacks. */
const MAX_DEPTH = 4;

/**
 * One test's membrane.
 */
export class Membrane {
  readonly #gate: CallGate | undefined;
  /** Implementation object → its proxy. */
  readonly #proxies = new WeakMap<object, object>();
  /** Proxy → the implementation object. */
  readonly #targets = new WeakMap<object, object>();
  /** Kinds of implementation objects. */
  readonly #kinds = new WeakMap<object, Kind>();
  /** Per implementation object, its methods wrapped, by name. */
  readonly #methods = new WeakMap<object, Map<PropertyKey, { readonly fn: unknown; readonly wrapped: unknown }>>();
  /** Test callback → the function the implementation gets. */
  readonly #inbound = new WeakMap<object, object>();
  /** The function the implementation got → the test's callback. */
  readonly #outbound = new WeakMap<object, object>();
  /** Errors a test's callback threw: the test's, not the implementation's. */
  readonly #testErrors = new WeakSet<object>();
  #observations: { -readonly [K in keyof Observations]: Observations[K] } = {};
  #open = true;

  /**
   * Creates a membrane.
   *
   * @param gate - decides whether the test may make a call on a process; default: every call
   */
  constructor(gate?: CallGate) {
    this.#gate = gate;
  }

  /** What the membrane has seen so far. */
  get observations(): Observations {
    return this.#observations;
  }

  /** Stops recording: what happens after the test ended is not its doing. */
  close(): void {
    this.#open = false;
  }

  /**
   * Wraps a value the implementation hands out.
   *
   * @param value - the value
   * @param call - the call it came from
   * @returns what the test gets
   */
  out(value: unknown, call: CallName, kind: Kind = "other"): unknown {
    if ((typeof value !== "object" && typeof value !== "function") || value === null) return value;
    try {
      const back = this.#outbound.get(value);
      if (back !== undefined) return back;
      const proxy = this.#proxies.get(value);
      if (proxy !== undefined) return proxy;
      if (isThenable(value)) return this.#outPromise(value, call);
      if (typeof value === "function") return this.#proxy(value, kind);
      if (crossesAsIs(value)) return value;
      if (Array.isArray(value)) return this.#mapArray(value, (v) => this.out(v, call, kind));
      if (isPlainObject(value) && this.#isData(value)) return this.#mapObject(value, (v) => this.out(v, call, kind), MAX_DEPTH);
      return this.#proxy(value, kind);
    } catch {
      // A value whose inspection throws (a revoked proxy, say) crosses as it is.
      return value;
    }
  }

  /**
   * Unwraps a value the test hands the implementation: proxies become the
   * implementation's objects, the test's callbacks become functions whose
   * arguments are wrapped and whose throws are marked as the test's.
   *
   * @param value - the value
   * @param depth - how much deeper to look inside plain objects and arrays
   * @returns what the implementation gets
   */
  in(value: unknown, depth = MAX_DEPTH): unknown {
    if ((typeof value !== "object" && typeof value !== "function") || value === null) return value;
    try {
      const target = this.#targets.get(value);
      if (target !== undefined) return target;
      if (typeof value === "function") return this.#inboundFunction(value as (...args: unknown[]) => unknown);
      if (depth <= 0 || crossesAsIs(value) || isThenable(value)) return value;
      if (Array.isArray(value)) return this.#mapArray(value, (v) => this.in(v, depth - 1));
      if (isPlainObject(value)) return this.#mapObject(value, (v) => this.in(v, depth - 1), depth);
      return value;
    } catch {
      return value;
    }
  }

  /** Records what a call threw or rejected with. */
  #observe(thrown: unknown, call: CallName): void {
    if (!this.#open) return;
    if (typeof thrown === "object" && thrown !== null && this.#testErrors.has(thrown)) return;
    if (thrown instanceof AssertionFailure || thrown instanceof SetupFailure || thrown instanceof SuiteFault) return;
    if (IpcError.is(thrown)) {
      if (thrown.code === "ENOSYS" && this.#observations.enosys === undefined) this.#observations.enosys = { call, error: thrown };
      return;
    }
    if (this.#observations.crash === undefined) this.#observations.crash = { call, error: thrown };
  }

  #outPromise(value: PromiseLike<unknown>, call: CallName): Promise<unknown> {
    return Promise.resolve(value).then(
      (resolved) => this.out(resolved, call),
      (reason: unknown) => {
        this.#observe(reason, call);
        throw reason;
      },
    );
  }

  /** Whether a plain object is data: no functions but the test's own callbacks, no accessors. */
  #isData(value: object): boolean {
    for (const descriptor of Object.values(Object.getOwnPropertyDescriptors(value))) {
      if (!("value" in descriptor)) return false;
      const v: unknown = descriptor.value;
      if (typeof v === "function" && !this.#outbound.has(v)) return false;
    }
    return true;
  }

  #mapArray(array: readonly unknown[], map: (value: unknown) => unknown): unknown[] {
    let copy: unknown[] | undefined;
    for (let i = 0; i < array.length; i++) {
      const mapped = map(array[i]);
      if (mapped !== array[i]) {
        copy ??= array.slice();
        copy[i] = mapped;
      }
    }
    return copy ?? (array as unknown[]);
  }

  /** Maps a plain object's data properties; an object with accessors stays as it is. */
  #mapObject(object: object, map: (value: unknown) => unknown, depth: number): object {
    if (depth <= 0) return object;
    const descriptors = Object.getOwnPropertyDescriptors(object);
    let changed = false;
    for (const key of Reflect.ownKeys(descriptors)) {
      const descriptor = descriptors[key as keyof typeof descriptors]!;
      if (!("value" in descriptor)) return object;
      const mapped = map(descriptor.value);
      if (mapped !== descriptor.value) {
        descriptor.value = mapped;
        changed = true;
      }
    }
    return changed ? Object.create(Object.getPrototypeOf(object) as object | null, descriptors) : object;
  }

  #inboundFunction(fn: (...args: unknown[]) => unknown): object {
    const known = this.#inbound.get(fn);
    if (known !== undefined) return known;
    const membrane = this;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      try {
        return membrane.in(Reflect.apply(fn, membrane.out(this, "a callback"), args.map((a) => membrane.out(a, "a callback"))));
      } catch (thrown) {
        if (typeof thrown === "object" && thrown !== null) membrane.#testErrors.add(thrown);
        throw thrown;
      }
    };
    this.#inbound.set(fn, wrapped);
    this.#outbound.set(wrapped, fn);
    return wrapped;
  }

  #proxy(target: object, kind: Kind): object {
    const shadow: object = typeof target === "function" ? () => undefined : {};
    const membrane = this;
    this.#kinds.set(target, kind);
    const proxy = new Proxy(shadow, {
      get(_shadow, key) {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value === "function" && key !== "constructor") return membrane.#method(target, key, value as (...args: unknown[]) => unknown);
        return membrane.out(value, String(key));
      },
      set(_shadow, key, value) {
        return Reflect.set(target, key, membrane.in(value), target);
      },
      has: (_shadow, key) => Reflect.has(target, key),
      ownKeys: () => Reflect.ownKeys(target),
      getOwnPropertyDescriptor(_shadow, key) {
        const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
        if (descriptor === undefined) return undefined;
        if ("value" in descriptor) descriptor.value = membrane.out(descriptor.value, String(key));
        return { ...descriptor, configurable: true };
      },
      defineProperty: (_shadow, key, descriptor) => Reflect.defineProperty(target, key, descriptor),
      deleteProperty: (_shadow, key) => Reflect.deleteProperty(target, key),
      getPrototypeOf: () => Reflect.getPrototypeOf(target),
      setPrototypeOf: () => false,
      isExtensible: () => true,
      preventExtensions: () => false,
      apply(_shadow, self, args) {
        return membrane.#call(target as (...a: unknown[]) => unknown, membrane.in(self), args, "a function");
      },
    });
    this.#proxies.set(target, proxy);
    this.#targets.set(proxy, target);
    return proxy;
  }

  /** A method of an implementation object, as the test calls it. */
  #method(target: object, key: PropertyKey, fn: (...args: unknown[]) => unknown): unknown {
    let methods = this.#methods.get(target);
    if (methods === undefined) {
      methods = new Map();
      this.#methods.set(target, methods);
    }
    const known = methods.get(key);
    if (known !== undefined && known.fn === fn) return known.wrapped;
    const name = String(key);
    const membrane = this;
    const wrapped = function (...args: unknown[]): unknown {
      if (membrane.#kinds.get(target) === "process" && membrane.#gate !== undefined) {
        const fault = membrane.#gate(name);
        if (fault !== undefined) {
          if (membrane.#open) membrane.#observations.suiteFault ??= fault;
          throw new SuiteFault(fault);
        }
      }
      const result = membrane.#call(fn, target, args, name);
      if (!isThenable(result) && membrane.#isBlocking(target, name)) {
        if (membrane.#open) membrane.#observations.notAPromise ??= { call: name, value: result };
        return Promise.resolve(result);
      }
      return result;
    };
    methods.set(key, { fn, wrapped });
    return wrapped;
  }

  #call(fn: (...args: unknown[]) => unknown, self: unknown, args: readonly unknown[], name: CallName): unknown {
    let result: unknown;
    try {
      result = Reflect.apply(fn, self, args.map((a) => this.in(a)));
    } catch (thrown) {
      this.#observe(thrown, name);
      throw thrown;
    }
    return this.out(result, name, PROCESS_MAKERS.has(name) ? "process" : "other");
  }

  /** Whether `name` is a blocking call of `target`: one with a `try` twin. */
  #isBlocking(target: object, name: string): boolean {
    if (name.startsWith("try")) return false;
    return tryTwins(name).some((twin) => {
      try {
        return typeof Reflect.get(target, twin, target) === "function";
      } catch {
        return false;
      }
    });
  }

  /**
   * Wraps a system the implementation made.
   *
   * @param system - the implementation's system
   * @returns the system as the test sees it
   */
  system<S extends object>(system: S): S {
    return this.out(system, "createSystem") as S;
  }

  /**
   * Runs the adapter's factory through the membrane, so that what it throws
   * is seen too.
   *
   * @param create - the factory
   * @returns the system as the test sees it
   */
  async createSystem<S extends object>(create: () => S | Promise<S>): Promise<S> {
    let system: S;
    try {
      system = await create();
    } catch (thrown) {
      this.#observe(thrown, "createSystem");
      throw thrown;
    }
    return this.system(system);
  }
}
