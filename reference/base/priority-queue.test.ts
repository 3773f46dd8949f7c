import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PriorityQueue } from "./priority-queue.ts";

describe("PriorityQueue", () => {
  it("is empty when new", () => {
    const queue = new PriorityQueue<number>();
    expect(queue.size).toBe(0);
    expect(queue.highestPriority).toBeUndefined();
    expect(queue.shift()).toBeUndefined();
  });

  it("gives the oldest item of the highest priority, for any sequence of pushes and shifts", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ push: fc.integer({ min: 0, max: 40 }) }), fc.constant({ shift: true as const })), { maxLength: 400 }),
        (operations) => {
          const queue = new PriorityQueue<number>();
          const model: { priority: number; id: number }[] = [];
          let id = 0;
          for (const operation of operations) {
            if ("push" in operation) {
              queue.push(operation.push, id);
              model.push({ priority: operation.push, id });
              id += 1;
            } else {
              let best = -1;
              model.forEach((entry, index) => {
                if (best === -1 || entry.priority > model[best]!.priority) best = index;
              });
              const expected = best === -1 ? undefined : model.splice(best, 1)[0]!.id;
              expect(queue.shift()).toBe(expected);
            }
            expect(queue.size).toBe(model.length);
            expect(queue.highestPriority).toBe(model.length === 0 ? undefined : Math.max(...model.map((entry) => entry.priority)));
          }
        },
      ),
      { seed: 1, numRuns: 200 },
    );
  });

  it("keeps FIFO order within a priority across the compaction of a long bucket", () => {
    const queue = new PriorityQueue<number>();
    for (let i = 0; i < 1000; i++) queue.push(7, i);
    const out: number[] = [];
    for (let i = 0; i < 600; i++) out.push(queue.shift()!);
    for (let i = 1000; i < 1500; i++) queue.push(7, i);
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) out.push(item);
    expect(out).toEqual(Array.from({ length: 1500 }, (_, i) => i));
  });

  it("reuses a priority after its bucket emptied", () => {
    const queue = new PriorityQueue<string>();
    queue.push(3, "a");
    expect(queue.shift()).toBe("a");
    queue.push(1, "b");
    queue.push(3, "c");
    expect([queue.shift(), queue.shift(), queue.shift()]).toEqual(["c", "b", undefined]);
  });

  it("keeps order over many items and priorities", () => {
    const queue = new PriorityQueue<number>();
    const count = 200_000;
    for (let i = 0; i < count; i++) queue.push((i * 7919) % 32768, i);
    let previous = Number.POSITIVE_INFINITY;
    let ordered = true;
    for (let i = 0; i < count; i++) {
      const top = queue.highestPriority!;
      if (top > previous) ordered = false;
      previous = top;
      queue.shift();
    }
    expect(ordered).toBe(true);
    expect(queue.size).toBe(0);
  });
});
