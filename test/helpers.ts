// Helpers of the reference's unit tests (reference/*.test.ts): following a
// promise's settlement synchronously, letting microtasks run, reading the error
// code of a rejection or a throw, and making recognisable bytes. The reference
// wakes waiters synchronously, so none of these needs timers.
import { IpcError } from "../spec/errors.ts";
import type { ErrorCode } from "../spec/errors.ts";

/** Where a followed promise stands. */
export type Outcome<T> = { state: "pending" } | { state: "fulfilled"; value: T } | { state: "rejected"; reason: unknown };

/** Follows a promise's settlement; read `.current` after letting microtasks run. */
export function follow<T>(promise: Promise<T>): { readonly current: Outcome<T> } {
  const holder: { current: Outcome<T> } = { current: { state: "pending" } };
  promise.then(
    (value) => (holder.current = { state: "fulfilled", value }),
    (reason: unknown) => (holder.current = { state: "rejected", reason }),
  );
  return holder;
}

/** Lets every queued microtask run (no timers: waking is synchronous). */
export async function microtasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** The code of the `IpcError` an outcome was rejected with, if it was. */
export function codeOf(outcome: Outcome<unknown>): ErrorCode | undefined {
  return outcome.state === "rejected" && IpcError.is(outcome.reason) ? outcome.reason.code : undefined;
}

/** The code of the `IpcError` that calling `fn` throws, if it throws one. */
export function thrownCode(fn: () => unknown): ErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    return IpcError.is(error) ? error.code : undefined;
  }
  return undefined;
}

/** Bytes 0, 1, 2, ... offset by `start`, wrapping at 256. */
export function bytes(length: number, start = 0): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (start + i) & 0xff;
  return out;
}
