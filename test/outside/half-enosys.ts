// An outside-style implementation: one that declares everything but answers
// ENOSYS ("not implemented") for half its calls, as work in progress does. The
// calls are the reference's; which half throws is decided by the call's name, so
// it is the same in every run. Whatever a test touches that throws ENOSYS, the test
// is NOT IMPLEMENTED: never FAIL, ERROR or UNRESOLVED.
import { IpcError } from "../../spec/errors.ts";
import type { IpcSystem } from "../../spec/system.ts";
import type { Adapter } from "../../conformance/adapter.ts";
import { referenceAdapter } from "../../reference/adapter.ts";
import { createSystem } from "../../reference/system.ts";

/** Calls that always work, so that a test can start at all. */
const KEPT = new Set(["spawn", "then", "constructor", "close", "pid", "credentials", "alive"]);

/** Whether the call `name` answers ENOSYS: every other name, by a stable hash. */
export function unimplemented(name: string): boolean {
  if (KEPT.has(name)) return false;
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;
  return (h & 1) === 1;
}

function wrap<T extends object>(target: T, seen: WeakMap<object, object>): T {
  const known = seen.get(target);
  if (known !== undefined) return known as T;
  const proxy = new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key, object);
      if (typeof value !== "function" || typeof key !== "string") return value;
      return (...args: unknown[]) => {
        if (unimplemented(key)) throw new IpcError("ENOSYS", key);
        const result: unknown = Reflect.apply(value, object, args);
        return wrapResult(result, seen);
      };
    },
  });
  seen.set(target, proxy);
  return proxy;
}

function wrapResult(result: unknown, seen: WeakMap<object, object>): unknown {
  if (Array.isArray(result)) return result.map((item: unknown) => wrapResult(item, seen));
  if (typeof result === "object" && result !== null && !(result instanceof Uint8Array) && !(result instanceof Promise)) {
    return Object.getPrototypeOf(result) === Object.prototype ? result : wrap(result, seen);
  }
  return result;
}

/** The reference, half of whose calls answer ENOSYS. */
export const halfEnosysAdapter: Adapter = {
  name: "half ENOSYS",
  supports: referenceAdapter.supports,
  createSystem: () => wrap(createSystem(), new WeakMap()) as unknown as IpcSystem,
};
