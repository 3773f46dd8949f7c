import { describe, expect, it } from "vitest";
import { thrownCode } from "../../test/helpers.ts";
import { parseBlocking } from "./blocking.ts";

describe("parseBlocking", () => {
  it("reads the signal of any blocking call, and nothing else unless the call is timed", () => {
    const signal = new AbortController().signal;
    expect(parseBlocking(undefined, "read")).toEqual({ signal: undefined, deadline: undefined });
    expect(parseBlocking({ signal, deadline: 5 }, "read")).toEqual({ signal, deadline: undefined });
    expect(parseBlocking({ signal, deadline: 5 }, "sem_wait", { deadline: "sem_timedwait" })).toEqual({ signal, deadline: 5 });
  });

  it("turns a timeout into a deadline from now", () => {
    const before = Date.now();
    const { deadline } = parseBlocking({ timeout: 100 }, "sigtimedwait", { timeout: true });
    expect(deadline).toBeGreaterThanOrEqual(before + 100);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 100);
  });

  it("fails EINVAL for options that are not an object, a signal that is not one, and bad timings, naming the right call", () => {
    expect(thrownCode(() => parseBlocking(5, "read"))).toBe("EINVAL");
    expect(thrownCode(() => parseBlocking({ signal: {} }, "read"))).toBe("EINVAL");
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, "1"]) {
      expect(thrownCode(() => parseBlocking({ timeout: bad }, "sigtimedwait", { timeout: true }))).toBe("EINVAL");
      expect(thrownCode(() => parseBlocking({ deadline: bad }, "sem_wait", { deadline: "sem_timedwait" }))).toBe("EINVAL");
    }
    let syscall = "";
    try {
      parseBlocking({ deadline: -1 }, "sem_wait", { deadline: "sem_timedwait" });
    } catch (error) {
      syscall = (error as { syscall: string }).syscall;
    }
    expect(syscall).toBe("sem_timedwait");
  });
});
