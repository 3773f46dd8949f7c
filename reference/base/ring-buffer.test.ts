import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bytes } from "../../test/helpers.ts";
import { INITIAL_RING_STORAGE, RingBuffer } from "./ring-buffer.ts";

/** Bytes 0, 1, 2, ... offset by `start`, wrapping at 256. */
describe("RingBuffer", () => {
  it("reads back what was written, in order, and reports length and free", () => {
    const ring = new RingBuffer(16);
    expect(ring.write(bytes(5))).toBe(5);
    expect(ring.length).toBe(5);
    expect(ring.free).toBe(11);
    const out = new Uint8Array(3);
    expect(ring.read(out)).toBe(3);
    expect([...out]).toEqual([0, 1, 2]);
    const rest = new Uint8Array(10);
    expect(ring.read(rest)).toBe(2);
    expect([...rest.subarray(0, 2)]).toEqual([3, 4]);
    expect(ring.length).toBe(0);
  });

  it("writes only what fits and reads only what is held", () => {
    const ring = new RingBuffer(4);
    expect(ring.write(bytes(6))).toBe(4);
    expect(ring.write(bytes(1))).toBe(0);
    expect(ring.free).toBe(0);
    const out = new Uint8Array(8);
    expect(ring.read(out)).toBe(4);
    expect(ring.read(out)).toBe(0);
    expect(ring.read(new Uint8Array(0))).toBe(0);
    expect(ring.write(new Uint8Array(0))).toBe(0);
  });

  it("wraps around the end of the storage on write and on read", () => {
    const ring = new RingBuffer(8);
    ring.write(bytes(6, 0));
    ring.read(new Uint8Array(4)); // head at 4, two bytes held
    expect(ring.write(bytes(6, 6))).toBe(6); // two bytes to the end, four at the start
    expect(ring.length).toBe(8);
    const out = new Uint8Array(8);
    expect(ring.read(out)).toBe(8); // six bytes to the end, two from the start
    expect([...out]).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("allocates storage lazily: nothing at first, then one page, doubling up to the capacity", () => {
    const ring = new RingBuffer(2 ** 31);
    expect(ring.storageSize).toBe(0);
    ring.write(bytes(10));
    expect(ring.storageSize).toBe(INITIAL_RING_STORAGE);
    ring.write(bytes(INITIAL_RING_STORAGE));
    expect(ring.storageSize).toBe(2 * INITIAL_RING_STORAGE);
    ring.write(bytes(5 * INITIAL_RING_STORAGE));
    expect(ring.storageSize).toBe(8 * INITIAL_RING_STORAGE);
  });

  it("never allocates more than the capacity", () => {
    const small = new RingBuffer(100);
    small.write(bytes(1));
    expect(small.storageSize).toBe(100);
    const odd = new RingBuffer(5000);
    odd.write(bytes(4097));
    expect(odd.storageSize).toBe(5000);
  });

  it("keeps wrapped content in order when the storage grows", () => {
    const ring = new RingBuffer(1 << 16);
    ring.write(bytes(INITIAL_RING_STORAGE, 0));
    ring.read(new Uint8Array(4000)); // head near the end of the first page
    ring.write(bytes(3000, INITIAL_RING_STORAGE)); // wraps inside the first page
    expect(ring.storageSize).toBe(INITIAL_RING_STORAGE);
    ring.write(bytes(3000, INITIAL_RING_STORAGE + 3000)); // forces growth of wrapped content
    expect(ring.storageSize).toBeGreaterThan(INITIAL_RING_STORAGE);
    const out = new Uint8Array(ring.length);
    ring.read(out);
    expect(out).toEqual(bytes(96 + 6000, 4000));
  });

  it("grows its capacity, letting more bytes in", () => {
    const ring = new RingBuffer(4);
    ring.write(bytes(4));
    ring.setCapacity(8);
    expect(ring.capacity).toBe(8);
    expect(ring.write(bytes(6, 4))).toBe(4);
    const out = new Uint8Array(8);
    ring.read(out);
    expect(out).toEqual(bytes(8));
  });

  it("shrinks its capacity and storage, linearising wrapped content", () => {
    const ring = new RingBuffer(16384);
    ring.write(bytes(10000));
    ring.read(new Uint8Array(9000));
    ring.write(bytes(7000, 10000)); // wraps: 1000 + 7000 held, crossing the end
    ring.read(new Uint8Array(4000)); // 4000 held, still wrapped
    ring.setCapacity(4096);
    expect(ring.capacity).toBe(4096);
    expect(ring.storageSize).toBe(4096);
    expect(ring.length).toBe(4000);
    const out = new Uint8Array(4000);
    ring.read(out);
    expect(out).toEqual(bytes(4000, 13000));
  });

  it("refuses to shrink below the bytes held, changing nothing", () => {
    const ring = new RingBuffer(16);
    ring.write(bytes(10));
    expect(() => ring.setCapacity(9)).toThrow(RangeError);
    expect(ring.capacity).toBe(16);
    expect(ring.length).toBe(10);
    ring.setCapacity(10);
    expect(ring.free).toBe(0);
  });

  it("rejects capacities that are not non-negative safe integers", () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => new RingBuffer(bad)).toThrow(RangeError);
    }
    expect(() => new RingBuffer(8).setCapacity(-1)).toThrow(RangeError);
  });

  it("clear discards the content", () => {
    const ring = new RingBuffer(8);
    ring.write(bytes(5));
    ring.clear();
    expect(ring.length).toBe(0);
    expect(ring.free).toBe(8);
  });

  it("behaves as a bounded FIFO of bytes under any sequence of writes, reads and capacity changes", () => {
    type Op = { kind: "write"; length: number } | { kind: "read"; length: number } | { kind: "capacity"; capacity: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant("write" as const), length: fc.integer({ min: 0, max: 9000 }) }),
      fc.record({ kind: fc.constant("read" as const), length: fc.integer({ min: 0, max: 9000 }) }),
      fc.record({ kind: fc.constant("capacity" as const), capacity: fc.integer({ min: 1, max: 20000 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20000 }), fc.array(op, { maxLength: 40 }), (capacity, ops) => {
        const ring = new RingBuffer(capacity);
        const model: number[] = [];
        let modelCapacity = capacity;
        let next = 0;
        for (const step of ops) {
          if (step.kind === "write") {
            const data = bytes(step.length, next);
            const expected = Math.min(step.length, modelCapacity - model.length);
            expect(ring.write(data)).toBe(expected);
            for (let i = 0; i < expected; i++) model.push(data[i]!);
            next += expected;
          } else if (step.kind === "read") {
            const out = new Uint8Array(step.length);
            const expected = Math.min(step.length, model.length);
            expect(ring.read(out)).toBe(expected);
            expect([...out.subarray(0, expected)]).toEqual(model.splice(0, expected));
          } else if (step.capacity < model.length) {
            expect(() => ring.setCapacity(step.capacity)).toThrow(RangeError);
          } else {
            ring.setCapacity(step.capacity);
            modelCapacity = step.capacity;
          }
          expect(ring.length).toBe(model.length);
          expect(ring.capacity).toBe(modelCapacity);
          expect(ring.storageSize).toBeLessThanOrEqual(modelCapacity);
        }
      }),
      { numRuns: 200 },
    );
  });
});
