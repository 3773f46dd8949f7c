// Deliberately wrong FIFO implementations: each is the reference with one
// step broken, and each must be rejected by the conformance tests of the
// clause it names (test/mutants/fifo.test.ts checks that it is).
//
// A mutant wraps every process of a reference system in a Proxy that replaces
// some of its FIFO calls (overrideProcess, in test/fixtures/wrap.ts). The
// broken calls are built from the reference's own steps (requireFilePath,
// requireOpenOptions, lookupFifo, requireAccess,
// ReferenceFifo.open/tryOpen/attach), with one step changed.
import { ReferenceFifo, lookupFifo, requireOpenOptions } from "../../reference/fifo/index.ts";
import { filesOf } from "../../reference/kernel/files.ts";
import type { FileNode } from "../../reference/kernel/files.ts";
import { requireAccess } from "../../reference/base/namespace.ts";
import { ReferencePipe, ReferencePipeEnd } from "../../reference/pipe/index.ts";
import type { ReferenceProcess, ReferenceSystem } from "../../reference/system.ts";
import { requireFilePath } from "../../reference/base/validate.ts";
import { IpcError } from "../../spec/errors.ts";
import type { FifoOpenOptions } from "../../spec/fifo.ts";
import type { Access, Ownership } from "../../spec/namespace.ts";
import type { Credentials } from "../../spec/system.ts";
import { rejecting } from "../fixtures/wrap.ts";
import { processMutant } from "./mutant.ts";
import type { Mutant } from "./mutant.ts";
import { neverRestarted, signalMutant, uninterruptible } from "./mutant.ts";


/** The FIFO calls a mutant may replace. */
interface FifoCalls {
  mkfifo(path: string, mode?: number): void;
  openFifo(path: string, options: FifoOpenOptions): Promise<ReferencePipeEnd>;
  tryOpenFifo(path: string, options: { readonly access: Access }): ReferencePipeEnd;
  unlink(path: string): void;
}

/** What a mutant's system shares between its processes. */
interface World {
  readonly system: ReferenceSystem;
  /** Every process made in the system, forks included. */
  readonly processes: ReferenceProcess[];
  /** Scratch state of the mutation. */
  readonly memory: Map<unknown, unknown>;
}

type Mutation = (target: ReferenceProcess, world: World) => Partial<FifoCalls>;

function mutant(name: string, breaks: string, bug: string, mutation: Mutation): Mutant {
  return processMutant(
    name,
    breaks,
    bug,
    (system): World => ({ system, processes: [], memory: new Map() }),
    (target, world) => {
      world.processes.push(target);
      return mutation(target, world);
    },
  );
}

/** The ECANCELED of an aborted open. */
function canceled(signal: AbortSignal): IpcError {
  return new IpcError("ECANCELED", "open", { cause: signal.reason });
}

/** Replaces the FIFO a path names with a new one of the given owner and mode (a FIFO's ownership is fixed at creation). */
function rebind(system: ReferenceSystem, path: string, ownership: Ownership): void {
  const files = filesOf(system);
  files.remove(path);
  files.bind(path, new ReferenceFifo(ownership));
}

/** Whether `caller` holds an open end of the FIFO's pipe. */
function holdsEnd(caller: ReferenceProcess, fifo: ReferenceFifo): boolean {
  return caller.descriptors.some((d) => d instanceof ReferencePipeEnd && !d.closed && d.pipe === fifo.pipe);
}

/**
 * The reference's openFifo and tryOpenFifo with the permission step replaced
 * by `check`.
 */
function withPermission(check: (caller: ReferenceProcess, fifo: ReferenceFifo, access: Access, path: string) => void): Mutation {
  return (target) => ({
    openFifo: (path, options) =>
      rejecting(() => {
        const name = requireFilePath(path, "open");
        const { access, signal } = requireOpenOptions(options, "open");
        const fifo = lookupFifo(target.system, name, "open");
        check(target, fifo, access, name);
        if (signal?.aborted === true) throw canceled(signal);
        return fifo.open(target, access, signal);
      }),
    tryOpenFifo: (path, options) => {
      const name = requireFilePath(path, "open");
      const { access } = requireOpenOptions(options, "open", false);
      const fifo = lookupFifo(target.system, name, "open");
      check(target, fifo, access, name);
      return fifo.tryOpen(target, access);
    },
  });
}

/** A wrong permission rule, for the credentials of the caller. */
function wrongRule(rule: (credentials: Credentials, object: Ownership, needed: number) => boolean) {
  return withPermission((caller, fifo, access) => {
    const needed = access === "read" ? 4 : access === "write" ? 2 : 6;
    if (!rule(caller.credentials, fifo.ownership, needed)) throw new IpcError("EACCES", "open");
  });
}

const bits = (mode: number, shift: number): number => (mode >> shift) & 7;
const allows = (granted: number, needed: number): boolean => (granted & needed) === needed;
const inGroup = (c: Credentials, o: Ownership): boolean => c.gid === o.gid || c.groups.includes(o.gid);

/** Moves what is buffered in `from` into `to`, at the pipe level. */
function carryOver(from: ReferencePipe, to: ReferencePipe): void {
  if (from.buffered === 0) return;
  const bytes = new Uint8Array(from.buffered);
  const count = from.tryRead(bytes);
  to.tryWrite(bytes.subarray(0, count));
}

/** A read end whose tryRead fails EAGAIN, and whose read never ends, while its pipe has never had a writer. */
function noEofBeforeWriter(end: ReferencePipeEnd, seen: WeakSet<ReferencePipe>): ReferencePipeEnd {
  const wroteOnce = (): boolean => {
    if (end.pipe.writers > 0) seen.add(end.pipe);
    return seen.has(end.pipe);
  };
  return new Proxy(end, {
    get(t, property) {
      if (property === "tryRead") {
        return (buffer: Uint8Array) => {
          if (!wroteOnce() && end.pipe.buffered === 0) throw new IpcError("EAGAIN", "read");
          return t.tryRead(buffer);
        };
      }
      if (property === "read") {
        return (buffer: Uint8Array, options?: { signal?: AbortSignal }) => {
          if (!wroteOnce() && end.pipe.buffered === 0) return new Promise<number>(() => undefined);
          return t.read(buffer, options);
        };
      }
      const value: unknown = Reflect.get(t, property, t);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(t) : value;
    },
  });
}

/**
 * The FIFO mutants: each names the clause whose tests must fail it.
 */
export const FIFO_MUTANTS: readonly Mutant[] = [
  // ----- Permission -----
  mutant(
    "seed-opened-not-mode",
    "FIFO-PERM-1",
    "the seed's bug: asks whether this process has opened the FIFO before (and lets a first open in) instead of reading the mode bits",
    (target, world) => {
      const opened = new Set<string>();
      world.memory.set(target, opened);
      return withPermission((caller, fifo, _access, path) => {
        if (holdsEnd(caller, fifo) || opened.has(path)) return;
        opened.add(path);
      })(target, world);
    },
  ),
  mutant(
    "holding-grants-access",
    "FIFO-PERM-1",
    "a process that already holds an end of the FIFO may open it again any way it likes",
    withPermission((caller, fifo, access, path) => {
      if (holdsEnd(caller, fifo)) return;
      requireAccess(caller.credentials, fifo.ownership, access, "open", path);
    }),
  ),
  mutant(
    "group-bits-ignored",
    "FIFO-PERM-1",
    "members of the owning group are judged by the other bits",
    wrongRule((c, o, needed) => c.uid === 0 || allows(c.uid === o.uid ? bits(o.mode, 6) : bits(o.mode, 0), needed)),
  ),
  mutant(
    "owner-uses-other-bits",
    "FIFO-PERM-1",
    "the owner is judged by the other bits",
    wrongRule((c, o, needed) => c.uid === 0 || allows(c.uid !== o.uid && inGroup(c, o) ? bits(o.mode, 3) : bits(o.mode, 0), needed)),
  ),
  mutant(
    "root-not-bypassing",
    "FIFO-PERM-1",
    "root is judged by the mode bits like anyone else",
    wrongRule((c, o, needed) => allows(c.uid === o.uid ? bits(o.mode, 6) : inGroup(c, o) ? bits(o.mode, 3) : bits(o.mode, 0), needed)),
  ),
  mutant(
    "any-class-may-allow",
    "FIFO-PERM-1",
    "access is allowed when any class that matches allows it, not only the first",
    wrongRule(
      (c, o, needed) =>
        c.uid === 0 ||
        (c.uid === o.uid && allows(bits(o.mode, 6), needed)) ||
        (inGroup(c, o) && allows(bits(o.mode, 3), needed)) ||
        allows(bits(o.mode, 0), needed),
    ),
  ),
  mutant("umask-ignored", "FIFO-PERM-2", "the FIFO gets the mode asked for, the umask not cleared from it", (target) => ({
    mkfifo: (path, mode) => {
      target.mkfifo(path, mode);
      const { uid, gid } = lookupFifo(target.system, path, "mkfifo").ownership;
      rebind(target.system, path, { uid, gid, mode: mode ?? 0o666 });
    },
  })),
  mutant("owned-by-root", "FIFO-PERM-2", "a new FIFO is owned by root, not by its creator", (target) => ({
    mkfifo: (path, mode) => {
      target.mkfifo(path, mode);
      const { mode: bits } = lookupFifo(target.system, path, "mkfifo").ownership;
      rebind(target.system, path, { uid: 0, gid: 0, mode: bits });
    },
  })),
  mutant("enxio-before-eacces", "FIFO-PERM-3", "a non-blocking open for writing checks for a reader before the permission", (target) => ({
    tryOpenFifo: (path, options) => {
      const name = requireFilePath(path, "open");
      const { access } = requireOpenOptions(options, "open", false);
      const fifo = lookupFifo(target.system, name, "open");
      if (access === "write" && fifo.readers === 0) throw new IpcError("ENXIO", "open");
      requireAccess(target.credentials, fifo.ownership, access, "open", name);
      return fifo.tryOpen(target, access);
    },
  })),
  mutant("anyone-may-unlink", "FIFO-PERM-4", "any process may unlink any FIFO", (target) => ({
    unlink: (path) => {
      const name = requireFilePath(path, "unlink");
      if (filesOf(target.system).remove(name) === undefined) throw new IpcError("ENOENT", "unlink");
    },
  })),
  mutant("group-may-unlink", "FIFO-PERM-4", "members of the owning group may unlink the FIFO too", (target) => ({
    unlink: (path) => {
      const name = requireFilePath(path, "unlink");
      const node = filesOf(target.system).lookup(name);
      if (node !== undefined && target.credentials.gid === node.ownership.gid) {
        filesOf(target.system).remove(name);
        return;
      }
      target.unlink(path);
    },
  })),
  // ----- Blocking -----
  mutant("read-open-does-not-wait", "FIFO-BLK-1", "a blocking open for reading completes at once, writer or not", (target) => ({
    openFifo: (path, options) =>
      rejecting(() => (options?.access === "read" ? target.tryOpenFifo(path, options) : target.openFifo(path, options))),
  })),
  mutant("write-open-waits-for-open-reader", "FIFO-BLK-1", "a blocking open for writing ignores readers still waiting, so both wait forever", (target) => ({
    openFifo: (path, options) =>
      rejecting(() => {
        if (options?.access !== "write") return target.openFifo(path, options);
        const fifo = lookupFifo(target.system, requireFilePath(path, "open"), "open");
        if ((fifo.pipe?.readers ?? 0) > 0) return target.openFifo(path, options);
        return new Promise<ReferencePipeEnd>(() => undefined);
      }),
  })),
  mutant("readwrite-open-waits", "FIFO-BLK-2", "an open for readwrite waits for a writer as an open for reading does, and tryOpenFifo fails ENXIO", (target) => ({
    openFifo: (path, options) =>
      rejecting(async () => {
        if (options?.access !== "readwrite") return target.openFifo(path, options);
        const reader = await target.openFifo(path, { ...options, access: "read" });
        const end = target.tryOpenFifo(path, { access: "readwrite" });
        reader.close();
        return end;
      }),
    tryOpenFifo: (path, options) => {
      if (options?.access === "readwrite") {
        const fifo = lookupFifo(target.system, requireFilePath(path, "open"), "open");
        if (fifo.readers === 0) throw new IpcError("ENXIO", "open");
      }
      return target.tryOpenFifo(path, options);
    },
  })),
  mutant("abort-keeps-open-counted", "FIFO-BLK-3", "an aborted open rejects, but goes on waiting inside and counts as a reader or writer", (target) => ({
    openFifo: (path, options) => {
      const signal = options?.signal;
      if (signal === undefined || signal.aborted) return target.openFifo(path, options);
      const inner = target.openFifo(path, { access: options.access });
      return new Promise<ReferencePipeEnd>((resolve, reject) => {
        signal.addEventListener("abort", () => reject(canceled(signal)), { once: true });
        inner.then(resolve, reject);
      });
    },
  })),
  mutant("aborted-signal-ignored", "FIFO-BLK-4", "an open given an already aborted signal opens anyway", (target) => ({
    openFifo: (path, options) =>
      rejecting(() => (options?.signal?.aborted === true ? target.openFifo(path, { access: options.access }) : target.openFifo(path, options))),
  })),
  // ----- Non-blocking -----
  mutant("try-write-without-reader", "FIFO-NB-2", "tryOpenFifo for writing succeeds with no reader", (target) => ({
    tryOpenFifo: (path, options) => {
      const name = requireFilePath(path, "open");
      const { access } = requireOpenOptions(options, "open", false);
      const fifo = lookupFifo(target.system, name, "open");
      requireAccess(target.credentials, fifo.ownership, access, "open", name);
      return fifo.attach(access, target);
    },
  })),
  mutant("waiting-reader-not-counted", "FIFO-NB-2", "tryOpenFifo for writing counts only open read ends, not readers waiting in open", (target) => ({
    tryOpenFifo: (path, options) => {
      const name = requireFilePath(path, "open");
      const { access } = requireOpenOptions(options, "open", false);
      const fifo = lookupFifo(target.system, name, "open");
      requireAccess(target.credentials, fifo.ownership, access, "open", name);
      if (access === "write" && (fifo.pipe?.readers ?? 0) === 0) throw new IpcError("ENXIO", "open");
      return fifo.tryOpen(target, access);
    },
  })),
  mutant("try-open-returns-promise", "FIFO-NB-3", "tryOpenFifo returns a promise of the end", (target) => ({
    tryOpenFifo: (path, options) => rejecting(() => target.tryOpenFifo(path, options)) as unknown as ReferencePipeEnd,
  })),
  // ----- End of file -----
  mutant("eof-needs-writer", "FIFO-EOF-1", "a read end of a FIFO that never had a writer fails EAGAIN (and read waits) instead of reading end of file", (target, world) => {
    const seen = (world.memory.get("seen") as WeakSet<ReferencePipe> | undefined) ?? new WeakSet<ReferencePipe>();
    world.memory.set("seen", seen);
    const wrapEnd = (end: ReferencePipeEnd): ReferencePipeEnd => (end.readable ? noEofBeforeWriter(end, seen) : end);
    return {
      tryOpenFifo: (path, options) => wrapEnd(target.tryOpenFifo(path, options)),
      openFifo: (path, options) => target.openFifo(path, options).then(wrapEnd),
    };
  }),
  mutant("readwrite-close-keeps-writer", "FIFO-EOF-2", "closing a readwrite end leaves its writer half open", (target) => ({
    tryOpenFifo: (path, options) => {
      const end = target.tryOpenFifo(path, options);
      if (options.access === "readwrite") lookupFifo(target.system, path, "open").attach("write", target);
      return end;
    },
  })),
  // ----- Lifecycle -----
  mutant("unlink-closes-ends", "FIFO-LIFE-3", "unlink closes every open end of the FIFO", (target, world) => ({
    unlink: (path) => {
      const node = filesOf(target.system).lookup(path);
      target.unlink(path);
      if (!(node instanceof ReferenceFifo)) return;
      for (const proc of world.processes) {
        for (const d of proc.descriptors) if (d instanceof ReferencePipeEnd && d.pipe === node.pipe) d.close();
      }
    },
  })),
  mutant("unlink-keeps-name", "FIFO-LIFE-3", "unlink of a FIFO that is open leaves its name in place", (target) => ({
    unlink: (path) => {
      const node = filesOf(target.system).lookup(path);
      if (node instanceof ReferenceFifo && node.pipe !== undefined) {
        requireFilePath(path, "unlink");
        return;
      }
      target.unlink(path);
    },
  })),
  mutant("data-kept-after-last-close", "FIFO-LIFE-2", "bytes left when the last end closes are still there for the next open", (target, world) => {
    const last = (world.memory.get("last") as WeakMap<ReferenceFifo, ReferencePipe> | undefined) ?? new WeakMap();
    world.memory.set("last", last);
    const keep = (path: string, end: ReferencePipeEnd): ReferencePipeEnd => {
      const node = filesOf(target.system).lookup(path);
      if (node instanceof ReferenceFifo && node.pipe !== undefined) {
        const previous = last.get(node);
        if (previous !== undefined && previous !== node.pipe) carryOver(previous, node.pipe);
        last.set(node, node.pipe);
      }
      return end;
    };
    return {
      tryOpenFifo: (path, options) => keep(path, target.tryOpenFifo(path, options)),
      openFifo: (path, options) => target.openFifo(path, options).then((end) => keep(path, end)),
    };
  }),
  mutant("new-fifo-shares-old-one", "FIFO-LIFE-4", "mkfifo at an unlinked FIFO's path brings the old FIFO back", (target, world) => ({
    unlink: (path) => {
      const node = filesOf(target.system).lookup(path);
      target.unlink(path);
      if (node !== undefined) world.memory.set(path, node);
    },
    mkfifo: (path, mode) => {
      target.mkfifo(path, mode);
      const old = world.memory.get(path) as FileNode | undefined;
      if (old === undefined) return;
      const files = filesOf(target.system);
      files.remove(path);
      files.bind(path, old);
    },
  })),
  // ----- Errors -----
  mutant("eexist-not-raised", "FIFO-ERR-1", "mkfifo at a taken name replaces the FIFO", (target) => ({
    mkfifo: (path, mode) => {
      if (typeof path === "string") filesOf(target.system).remove(path);
      target.mkfifo(path, mode);
    },
  })),
  mutant("unlink-missing-is-silent", "FIFO-ERR-2", "unlink of a name that does not exist succeeds", (target) => ({
    unlink: (path) => {
      if (typeof path === "string" && filesOf(target.system).lookup(path) === undefined) return;
      target.unlink(path);
    },
  })),
  mutant("relative-paths-accepted", "FIFO-ERR-3", "a relative path is taken as relative to /", (target) => {
    const absolute = (path: string): string => (typeof path === "string" && path.length > 0 && !path.startsWith("/") ? `/${path}` : path);
    return {
      mkfifo: (path, mode) => target.mkfifo(absolute(path), mode),
      openFifo: (path, options) => target.openFifo(absolute(path), options),
      tryOpenFifo: (path, options) => target.tryOpenFifo(absolute(path), options),
      unlink: (path) => target.unlink(absolute(path)),
    };
  }),
  mutant("mode-masked-not-rejected", "FIFO-ERR-4", "a numeric mode outside 0..0o777 is masked to its permission bits instead of rejected", (target) => ({
    mkfifo: (path, mode) => target.mkfifo(path, typeof mode === "number" && Number.isInteger(mode) ? mode & 0o777 : mode),
  })),
  signalMutant(
    "open-not-interruptible",
    "FIFO-BLK-5",
    "a waiting open is not registered with its process, so a handler runs and the open goes on waiting",
    uninterruptible("open"),
  ),
  signalMutant("open-never-restarted", "FIFO-BLK-5", "a waiting open is never restarted: a handler installed with restart interrupts it with EINTR", neverRestarted("open")),
];
