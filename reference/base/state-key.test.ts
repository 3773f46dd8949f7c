import { describe, expect, it } from "vitest";
import { StateKey } from "./state-key.ts";

describe("StateKey", () => {
  it("makes an owner's state once, on first use, and keeps owners apart", () => {
    let made = 0;
    const key = new StateKey("count", () => ({ id: ++made }));
    const a = {};
    const b = {};
    expect(key.of(a)).toBe(key.of(a));
    expect(key.of(b).id).toBe(2);
    expect(made).toBe(2);
  });

  it("lets the first use choose the maker, as tests do to break a system's state", () => {
    const key = new StateKey("list", () => ["default"]);
    const owner = {};
    expect(key.of(owner, () => ["chosen"])).toEqual(["chosen"]);
    expect(key.of(owner, () => ["ignored"])).toEqual(["chosen"]);
  });
});
