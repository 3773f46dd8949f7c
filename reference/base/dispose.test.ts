import { describe, expect, it } from "vitest";
import { closeOnDispose } from "./dispose.ts";

describe("closeOnDispose", () => {
  it("closes an open handle on dispose, and leaves a closed one alone", () => {
    class Handle {
      closes = 0;
      get closed(): boolean {
        return this.closes > 0;
      }
      close(): void {
        if (this.closed) throw new Error("EBADF");
        this.closes += 1;
      }
    }
    closeOnDispose(Handle);
    const dispose = (Symbol as { readonly dispose?: symbol }).dispose;
    expect(typeof dispose, "the runtime running the tests has Symbol.dispose").toBe("symbol");
    const handle = new Handle() as Handle & Record<symbol, () => void>;
    handle[dispose as symbol]!();
    expect(handle.closes).toBe(1);
    handle[dispose as symbol]!();
    expect(handle.closes).toBe(1);
  });
});
