// Deliberately wrong shared memory implementations: each is the reference
// with one step broken, and each must be rejected by the conformance tests of
// the clause it names (test/mutants/shm.test.ts checks that it is).
//
// A mutant wraps every process of a reference system in a Proxy that may
// replace its shared memory calls, and wraps the descriptors and mappings those
// calls return in Proxies that may replace theirs (overrideProcess and overlay,
// in test/fixtures/wrap.ts). The broken calls are built from the reference's
// own steps (requireShmName, requireShmOpenOptions, shmNamespaceOf,
// ReferenceShmObject's methods), with one step changed.
import { ReferenceMapping, openShmDescriptor, requireShmOpenOptions, shmNamespaceOf } from "../../reference/shm/index.ts";
import type { ReferenceSharedMemory, ReferenceShmObject } from "../../reference/shm/index.ts";
import type { ReferenceProcess, ReferenceSystem } from "../../reference/system.ts";
import { requireIntegerInRange, requireShmName, requireUint8Array } from "../../reference/base/validate.ts";
import { PAGE_SIZE } from "../../spec/constants.ts";
import { IpcError } from "../../spec/errors.ts";
import { SHM_SIZE_MAX } from "../../spec/shm.ts";
import type { Mapping, SharedMemory, ShmMapOptions, ShmOpenOptions, ShmStat } from "../../spec/shm.ts";
import { overlay } from "../fixtures/wrap.ts";
import type { Overrides } from "../fixtures/wrap.ts";
import { processMutant } from "./mutant.ts";
import type { Mutant } from "./mutant.ts";


/** What a mutant's system shares between its processes. */
interface World {
  readonly system: ReferenceSystem;
  /** Scratch state of the mutation. */
  readonly memory: Map<unknown, unknown>;
}

/** Where a mutation breaks the reference: the process calls, a descriptor's, a mapping's. */
interface Mutation {
  readonly process?: (target: ReferenceProcess, world: World) => Overrides;
  readonly descriptor?: (target: ReferenceSharedMemory, world: World) => Overrides;
  readonly mapping?: (target: ReferenceMapping, world: World) => Overrides;
}

function wrapMapping(target: Mapping, world: World, mutation: Mutation): Mapping {
  if (!(target instanceof ReferenceMapping)) return target;
  return overlay<Mapping>(target, mutation.mapping?.(target, world) ?? {});
}

function wrapDescriptor(target: SharedMemory, world: World, mutation: Mutation): SharedMemory {
  const real = target as ReferenceSharedMemory;
  const overrides: Overrides = mutation.descriptor?.(real, world) ?? {};
  const map = (overrides["map"] as SharedMemory["map"] | undefined) ?? ((options: ShmMapOptions) => real.map(options));
  return overlay<SharedMemory>(real, { ...overrides, map: (options: ShmMapOptions) => wrapMapping(map(options), world, mutation) });
}

/** The process calls of a mutant: its own, and a `shmOpen` that wraps the descriptors it returns. */
function processCalls(target: ReferenceProcess, world: World, mutation: Mutation): Overrides {
  const overrides: Overrides = mutation.process?.(target, world) ?? {};
  const shmOpen =
    (overrides["shmOpen"] as ((name: string, options: ShmOpenOptions) => SharedMemory) | undefined) ??
    ((name: string, options: ShmOpenOptions) => target.shmOpen(name, options));
  return { ...overrides, shmOpen: (name: string, options: ShmOpenOptions) => wrapDescriptor(shmOpen(name, options), world, mutation) };
}

function mutant(name: string, breaks: string, bug: string, mutation: Mutation): Mutant {
  return processMutant(name, breaks, bug, (system): World => ({ system, memory: new Map() }), (target, world) => processCalls(target, world, mutation));
}

/** The options with one field replaced, when they are an object (bad options still reach the reference's checks). */
function withField(options: ShmOpenOptions, field: keyof ShmOpenOptions, value: unknown): ShmOpenOptions {
  return typeof options === "object" && options !== null ? ({ ...options, [field]: value } as ShmOpenOptions) : options;
}

/** Every byte of an object's memory, past its size included. */
function rawBytes(object: ReferenceShmObject): Uint8Array {
  return new Uint8Array(object.buffer);
}

/** A mapping's range checks (SHM-ERR-5), as the reference makes them. */
function checkRange(target: ReferenceMapping, offset: number, length: number, syscall: string): void {
  requireIntegerInRange(offset, 0, target.length, syscall, "offset");
  requireIntegerInRange(length, 0, target.length - offset, syscall, "length");
}

/**
 * The shared memory mutants: each names the clause whose tests must fail it.
 */
export const SHM_MUTANTS: readonly Mutant[] = [
  mutant("read-only-mapping-writable", "SHM-PERM-5", "a store through a read-only mapping lands in the object instead of failing EACCES", {
    mapping: (target) =>
      target.access === "read"
        ? {
            write: (offset: number, data: Uint8Array) => {
              requireUint8Array(data, "store", "data");
              checkRange(target, offset, data.length, "store");
              if (data.length > 0) target.object.write(target.offset + offset, data, "store");
            },
          }
        : {},
  }),
  mutant("unlink-destroys", "SHM-LIFE-4", "shmUnlink empties the object, so the descriptors and mappings still open lose its bytes", {
    process: (target) => ({
      shmUnlink: (name: string) => {
        const object = shmNamespaceOf(target.system).lookup(name);
        target.shmUnlink(name);
        object?.resize(0);
      },
    }),
  }),
  mutant("growth-not-zeroed", "SHM-CAP-2", "growing the object leaves the bytes discarded by an earlier shrink (or stored past the end) in place instead of zeroing them", {
    descriptor: (target) => ({
      truncate: (size: number) => {
        const object = target.object;
        const old = object.size;
        const stale = typeof size === "number" && size > old ? rawBytes(object).slice(old, Math.min(size, object.buffer.byteLength)) : undefined;
        target.truncate(size);
        if (stale !== undefined) rawBytes(object).set(stale, old);
      },
    }),
  }),
  mutant("private-copies", "SHM-ORD-1", "each mapping gets its own copy of the bytes (MAP_PRIVATE), so stores are not seen through other mappings", {
    descriptor: (target) => ({
      map: (options: ShmMapOptions): Mapping => {
        const real = target.map(options);
        const copy = new Uint8Array(real.length);
        const inside = Math.max(0, Math.min(real.length, target.object.size - real.offset));
        copy.set(rawBytes(target.object).subarray(real.offset, real.offset + inside));
        return overlay<Mapping>(real, {
          get view() {
            return real.mapped && real.access === "readwrite" ? copy : undefined;
          },
          read: (offset = 0, length?: number) => {
            const bytes = real.read(offset, length);
            return copy.slice(offset, offset + bytes.length);
          },
          write: (offset: number, data: Uint8Array) => {
            if (real.access === "readwrite") real.read(offset, data.length);
            real.write(offset, new Uint8Array(0));
            copy.set(data, offset);
          },
        });
      },
    }),
  }),
  mutant("permission-skipped", "SHM-PERM-1", "opening an existing object checks no permission", {
    process: (target) => ({
      shmOpen: (name: string, options: ShmOpenOptions): SharedMemory => {
        const checkedName = requireShmName(name, "shm_open");
        const { access, create, exclusive, truncate } = requireShmOpenOptions(options, "shm_open");
        const existing = shmNamespaceOf(target.system).lookup(checkedName);
        if (existing === undefined) return target.shmOpen(name, options);
        if (create && exclusive) throw new IpcError("EEXIST", "shm_open", { path: checkedName });
        if (truncate) existing.resize(0);
        return openShmDescriptor(existing, access, target, checkedName);
      },
    }),
  }),
  mutant("exclusive-ignored", "SHM-LIFE-2", "create with exclusive opens an existing object instead of failing EEXIST", {
    process: (target) => ({
      shmOpen: (name: string, options: ShmOpenOptions) => target.shmOpen(name, withField(options, "exclusive", false)),
    }),
  }),
  mutant("bounds-unchecked", "SHM-ERR-6", "read and write check the mapping's bounds but not the object's size, touching the memory past its end", {
    mapping: (target) => ({
      read: (offset = 0, length?: number) => {
        const count = length ?? target.length - offset;
        checkRange(target, offset, count, "load");
        return rawBytes(target.object).slice(target.offset + offset, target.offset + offset + count);
      },
      write: (offset: number, data: Uint8Array) => {
        if (target.access !== "readwrite") throw new IpcError("EACCES", "store");
        requireUint8Array(data, "store", "data");
        checkRange(target, offset, data.length, "store");
        rawBytes(target.object).set(data, target.offset + offset);
      },
    }),
  }),
  mutant("close-unmaps", "SHM-LIFE-6", "closing a descriptor unmaps the mappings made through it", {
    descriptor: (target) => {
      const made: Mapping[] = [];
      return {
        map: (options: ShmMapOptions) => {
          const mapping = target.map(options);
          made.push(mapping);
          return mapping;
        },
        close: () => {
          target.close();
          for (const mapping of made) mapping.unmap();
        },
      };
    },
  }),
  mutant("unmap-keeps-count", "SHM-LIFE-8", "unmap does not take the mapping off the object's attach counts", {
    mapping: (target, world) => ({
      unmap: () => {
        if (target.mapped) {
          const counts = (world.memory.get(target.object) as { readers: number; writers: number } | undefined) ?? { readers: 0, writers: 0 };
          if (target.access === "readwrite") counts.writers += 1;
          else counts.readers += 1;
          world.memory.set(target.object, counts);
        }
        target.unmap();
      },
    }),
    descriptor: (target, world) => ({
      stat: (): ShmStat => {
        const stat = target.stat();
        const counts = (world.memory.get(target.object) as { readers: number; writers: number } | undefined) ?? { readers: 0, writers: 0 };
        return {
          ...stat,
          attachments: stat.attachments + counts.readers + counts.writers,
          readers: stat.readers + counts.readers,
          writers: stat.writers + counts.writers,
        };
      },
    }),
  }),
  mutant("truncate-flag-ignored", "SHM-LIFE-7", "opening with truncate leaves an existing object's size and bytes as they were", {
    process: (target) => ({
      shmOpen: (name: string, options: ShmOpenOptions) => target.shmOpen(name, withField(options, "truncate", false)),
    }),
  }),
  mutant("offset-rounded", "SHM-ERR-4", "map rounds an offset that is not a multiple of the page size down instead of failing EINVAL", {
    descriptor: (target) => ({
      map: (options: ShmMapOptions) =>
        typeof options === "object" && options !== null && typeof options.offset === "number" && Number.isInteger(options.offset) && options.offset > 0
          ? target.map({ ...options, offset: Math.floor(options.offset / PAGE_SIZE) * PAGE_SIZE })
          : target.map(options),
    }),
  }),
  mutant("read-only-truncate", "SHM-ERR-8", "truncate through a descriptor opened read-only resizes the object", {
    descriptor: (target) => ({
      truncate: (size: number) => {
        if (target.access === "readwrite") return target.truncate(size);
        target.object.resize(requireIntegerInRange(size, 0, SHM_SIZE_MAX, "ftruncate", "size"));
      },
    }),
  }),
  mutant("umask-ignored", "SHM-PERM-2", "a new object gets the mode asked for without the umask cleared from it", {
    process: (target) => ({
      shmOpen: (name: string, options: ShmOpenOptions) => {
        // The reference's own open, made with no umask: a new object gets the mode asked as it is.
        const umask = target.umask(0);
        try {
          return target.shmOpen(name, options);
        } finally {
          target.umask(umask);
        }
      },
    }),
  }),
  mutant("exit-keeps-mappings", "SHM-LIFE-10", "exit closes the process's descriptors but leaves its mappings mapped and counted", {
    process: (target) => ({
      exit: (status?: number) => {
        for (const descriptor of target.descriptors) if (descriptor instanceof ReferenceMapping) target.removeDescriptor(descriptor);
        target.exit(status);
      },
    }),
  }),
  mutant("nested-names", "SHM-ERR-1", "names with more slashes are accepted, each further slash read as part of one name", {
    process: (target) => {
      const flat = (name: string): string => (typeof name === "string" && name.startsWith("/") && name.length > 1 ? `/${name.slice(1).replaceAll("/", "\u2215")}` : name);
      return {
        shmOpen: (name: string, options: ShmOpenOptions) => target.shmOpen(flat(name), options),
        shmUnlink: (name: string) => target.shmUnlink(flat(name)),
      };
    },
  }),
  mutant("unmap-keeps-view", "SHM-LIFE-9", "an unmapped mapping still hands out its view and serves reads", {
    mapping: (target) => {
      const view = target.view;
      const read = (offset?: number, length?: number) => target.read(offset, length);
      let unmapped = false;
      return {
        get view() {
          return view;
        },
        get mapped() {
          return !unmapped;
        },
        unmap: () => {
          unmapped = true;
          target.unmap();
        },
        read: (offset?: number, length?: number) => {
          if (!unmapped) return read(offset, length);
          const start = offset ?? 0;
          return rawBytes(target.object).slice(target.offset + start, target.offset + start + (length ?? target.length - start));
        },
      };
    },
  }),
];
