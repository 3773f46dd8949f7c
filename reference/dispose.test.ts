// Handles end with `using` where the runtime has Symbol.dispose: pipe ends, queue
// descriptors, sockets, shared memory descriptors and mappings close when
// disposed, and a handle closed by hand is disposed quietly.
import { describe, expect, it } from "vitest";
import { createSystem } from "./system.ts";

const dispose = (Symbol as { readonly dispose?: symbol }).dispose as symbol;

/** Disposes `handle` as `using` would at the end of its block. */
function disposeOf(handle: object): void {
  (handle as Record<symbol, () => void>)[dispose]!();
}

describe("handles and Symbol.dispose", () => {
  it("the runtime running the tests has Symbol.dispose", () => {
    expect(typeof dispose).toBe("symbol");
  });

  it("close every kind of handle once, quietly when already closed", () => {
    const process = createSystem().spawn();
    const [reader, writer] = process.pipe();
    const queue = process.mqOpen("/disposed", { access: "readwrite", create: true });
    const [a, b] = process.socketpair("stream");
    const memory = process.shmOpen("/disposed", { access: "readwrite", create: true });
    memory.truncate(4096);
    const mapping = memory.map({ access: "readwrite" });
    writer.close();
    for (const handle of [reader, writer, queue, a, b, memory, mapping]) disposeOf(handle);
    expect([reader.closed, writer.closed, queue.closed, a.closed, b.closed, memory.closed, mapping.closed]).toEqual([true, true, true, true, true, true, true]);
    expect(process.descriptors).toEqual([]);
    for (const handle of [reader, queue, a, memory, mapping]) expect(() => disposeOf(handle)).not.toThrow();
  });

  it("disposing a pipe end is its close: the reader sees end of file", () => {
    const [reader, writer] = createSystem().spawn().pipe();
    disposeOf(writer);
    expect(reader.tryRead(new Uint8Array(1))).toBe(0);
  });
});
