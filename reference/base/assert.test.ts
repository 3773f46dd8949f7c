import { describe, expect, it } from "vitest";
import { AssertionError, assert, setAssertions } from "./assert.ts";

describe("assert", () => {
  it("passes a true condition and fails a false one with its message", () => {
    expect(() => assert(1 + 1 === 2, "arithmetic")).not.toThrow();
    expect(() => assert(false, "the buffer is empty while reads wait")).toThrow(new AssertionError("the buffer is empty while reads wait"));
  });

  it("checks nothing while turned off", () => {
    const was = setAssertions(false);
    try {
      expect(() => assert(false, "ignored")).not.toThrow();
    } finally {
      setAssertions(was);
    }
    expect(() => assert(false, "checked again")).toThrow(AssertionError);
  });
});
