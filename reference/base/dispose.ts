/**
 * Handles end with `using`: each handle class gets `[Symbol.dispose]()`, which
 * closes the handle unless it is closed already, where the runtime has
 * `Symbol.dispose` (ES2026 explicit resource management; Node 20 has the
 * symbol). It is installed at run time because the project's TypeScript
 * library (ES2023) does not declare the symbol; the method is therefore not
 * in the handles' declared types.
 *
 * @module
 */

/** What a disposable handle has: a way to close it, and whether it is. */
interface Closable {
  readonly closed: boolean;
  close(): void;
}

/**
 * Gives every instance of `handleClass` a `[Symbol.dispose]()` that closes it
 * when it is still open (so a handle closed by hand is disposed quietly).
 * Does nothing where the runtime has no `Symbol.dispose`.
 *
 * @param handleClass - the class of the handles
 */
export function closeOnDispose(handleClass: { readonly prototype: Closable }): void {
  const dispose = (Symbol as { readonly dispose?: unknown }).dispose;
  if (typeof dispose !== "symbol") return;
  Object.defineProperty(handleClass.prototype, dispose, {
    value: function dispose(this: Closable): void {
      if (!this.closed) this.close();
    },
    writable: true,
    configurable: true,
  });
}
