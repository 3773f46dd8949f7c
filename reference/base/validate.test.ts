// The argument checks every call shares (the assertions the TSDoc examples of
// validate.ts and namespace.ts made before those modules left the public entry
// point).
import { describe, expect, it } from "vitest";
import { thrownCode } from "../../test/helpers.ts";
import { Namespace, creationMode, requireAccess } from "./namespace.ts";
import {
  byteLengthOf,
  describeType,
  isUint8Array,
  requireFilePath,
  requireIdInteger,
  requireIdList,
  requireIntegerInRange,
  requireOptionalObject,
  requireOptionalSignal,
  requirePositiveInteger,
  requirePosixName,
  requireShmName,
  requireUint8Array,
} from "./validate.ts";
import type { PosixNameRules } from "./validate.ts";

describe("the argument checks", () => {
  it("describe types and recognise byte arrays", () => {
    expect(describeType([1])).toBe("an Array");
    expect(describeType(null)).toBe("null");
    expect(isUint8Array(new Uint8Array(1)) && !isUint8Array([1])).toBe(true);
    expect(thrownCode(() => requireUint8Array("text", "write", "data"))).toBe("EINVAL");
  });

  it("check integers, ids, lists, options and signals", () => {
    expect(requirePositiveInteger(4096, "fcntl", "bytes")).toBe(4096);
    expect(thrownCode(() => requirePositiveInteger(0, "fcntl", "bytes"))).toBe("EINVAL");
    expect(requireIdInteger(0, "spawn", "uid")).toBe(0);
    expect(thrownCode(() => requireIdInteger(-1, "spawn", "uid"))).toBe("EINVAL");
    expect(requireIntegerInRange(255, 0, 255, "exit", "status")).toBe(255);
    expect(thrownCode(() => requireIntegerInRange(256, 0, 255, "exit", "status"))).toBe("EINVAL");
    expect(requireIdList([10, 20], "spawn", "groups")).toHaveLength(2);
    expect(requireOptionalObject(undefined, "pipe", "options")).toBeUndefined();
    expect(thrownCode(() => requireOptionalObject(5, "pipe", "options"))).toBe("EINVAL");
    const signal = new AbortController().signal;
    expect(requireOptionalSignal(signal, "read", "options.signal")).toBe(signal);
    expect(thrownCode(() => requireOptionalSignal({}, "read", "options.signal"))).toBe("EINVAL");
  });

  it("check paths and POSIX names by their rules", () => {
    expect(requireFilePath("/tmp/fifo", "mkfifo")).toBe("/tmp/fifo");
    expect(thrownCode(() => requireFilePath("tmp/fifo", "mkfifo"))).toBe("EINVAL");
    expect(thrownCode(() => requireFilePath(`/${"x".repeat(256)}`, "mkfifo"))).toBe("ENAMETOOLONG");
    const rules: PosixNameRules = { noun: "a queue name", maxBytes: 255, empty: "ENOENT", nested: "EACCES", dots: "EACCES" };
    expect(requirePosixName("/jobs", "mq_open", rules)).toBe("/jobs");
    expect([thrownCode(() => requirePosixName("jobs", "mq_open", rules)), thrownCode(() => requirePosixName("/", "mq_open", rules)), thrownCode(() => requirePosixName("/a/b", "mq_open", rules))]).toEqual(["EINVAL", "ENOENT", "EACCES"]);
    expect(requireShmName("/board", "shm_open")).toBe("/board");
    expect(thrownCode(() => requireShmName("/a/b", "shm_open"))).toBe("EINVAL");
    expect(thrownCode(() => requireShmName(`/${"x".repeat(256)}`, "shm_open"))).toBe("ENAMETOOLONG");
  });
});

describe("the namespace and the permission rule", () => {
  it("binds, looks up and removes names, refusing a taken one", () => {
    const names = new Namespace<string, { id: number }>();
    names.bind("/q", { id: 1 });
    expect(names.lookup("/q")?.id).toBe(1);
    expect(thrownCode(() => names.bind("/q", { id: 2 }))).toBe("EEXIST");
    expect(names.remove("/q")?.id).toBe(1);
    expect(names.lookup("/q")).toBeUndefined();
  });

  it("allows the owner of a 0600 object and denies others EACCES; a new mode loses the umask's bits", () => {
    const object = { uid: 1000, gid: 1000, mode: 0o600 };
    expect(() => requireAccess({ uid: 1000, gid: 1000, groups: [] }, object, "readwrite", "open", "/f")).not.toThrow();
    expect(thrownCode(() => requireAccess({ uid: 1001, gid: 1001, groups: [] }, object, "read", "open", "/f"))).toBe("EACCES");
    expect(creationMode(0o666, 0o022)).toBe(0o644);
  });
});

describe("argument checks never let bad input's own exceptions escape", () => {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const throwing = new Proxy({}, { get() { throw new Error("trap"); }, ownKeys() { throw new Error("trap"); } });

  it("describes any value without throwing", () => {
    for (const value of [revoked.proxy, throwing, Symbol("s"), 10n, Object.create(null)]) {
      expect(typeof describeType(value), "a description").toBe("string");
    }
  });

  it("turns a throwing or revoked options object or signal into EINVAL", () => {
    for (const value of [revoked.proxy, throwing, { get signal() { throw new Error("getter"); } }]) {
      expect(thrownCode(() => requireOptionalObject(value, "read", "options")), "options").toBe("EINVAL");
    }
    const badSignal = { get aborted(): boolean { throw new Error("getter"); }, addEventListener() {}, removeEventListener() {} };
    expect(thrownCode(() => requireOptionalSignal(badSignal, "read", "signal")), "signal whose aborted throws").toBe("EINVAL");
    expect(thrownCode(() => requireOptionalSignal(revoked.proxy, "read", "signal")), "revoked signal").toBe("EINVAL");
  });

  it("reads a view's real length, not one the caller overrode", () => {
    const view = new Uint8Array(3);
    Object.defineProperty(view, "length", { get: () => 60 });
    Object.defineProperty(view, "byteLength", { get: () => 60 });
    expect(byteLengthOf(view), "the real length").toBe(3);
    const moved = new Uint8Array(8);
    structuredClone(moved.buffer, { transfer: [moved.buffer] });
    expect(byteLengthOf(moved), "a detached view").toBe(0);
  });
});
