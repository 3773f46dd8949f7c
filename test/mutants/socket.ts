// Deliberately wrong socket implementations: each is the reference with one
// step broken, and each must be rejected by the conformance tests of the
// clause it names (test/mutants/socket.test.ts checks that it is).
//
// A mutant wraps every process of a reference system (processMutant) so that
// the sockets it makes (socket, socketpair, and those accept returns) are
// Proxies over the reference sockets with some calls replaced (overlay, in
// test/fixtures/wrap.ts). The replacements call the reference socket and
// change one step: what they return, an error they raise, or the state of the
// file namespace around the call.
import { filesOf } from "../../reference/kernel/files.ts";
import type { ReferenceProcess, ReferenceSystem } from "../../reference/system.ts";
import { IpcError } from "../../spec/errors.ts";
import type { BlockingOptions } from "../../spec/pipe.ts";
import type { Datagram, SendFlags, SendOptions, Socket, SocketAddress, SocketFamily, SocketType } from "../../spec/socket.ts";
import { overlay } from "../fixtures/wrap.ts";
import type { Overrides } from "../fixtures/wrap.ts";
import { processMutant } from "./mutant.ts";
import type { Mutant } from "./mutant.ts";
import { withoutSigpipe } from "./pipe.ts";
import { neverRestarted, signalMutant, uninterruptible } from "./mutant.ts";

/** What a mutant's system shares between its sockets. */
interface World {
  readonly system: ReferenceSystem;
  /** Scratch state of the mutation. */
  readonly memory: Map<unknown, unknown>;
}

/** The replacements for one socket. */
type SocketOverrides = (socket: Socket, world: World) => Overrides;

/** Wraps `socket` and the sockets its accepts return. */
function wrapSocket(socket: Socket, world: World, overrides: SocketOverrides): Socket {
  const own = overrides(socket, world);
  const accept = async (options?: BlockingOptions): Promise<Socket> => wrapSocket(await socket.accept(options), world, overrides);
  const tryAccept = (): Socket => wrapSocket(socket.tryAccept(), world, overrides);
  // The mutation's own replacements win; accepted sockets are wrapped too.
  return overlay(socket, { ...own, ...(own["accept"] === undefined ? { accept } : {}), ...(own["tryAccept"] === undefined ? { tryAccept } : {}) });
}

/** A mutant whose every socket is wrapped by `overrides`. */
function socketMutant(name: string, breaks: string, bug: string, overrides: SocketOverrides): Mutant {
  return processMutant(
    name,
    breaks,
    bug,
    (system): World => ({ system, memory: new Map() }),
    (target: ReferenceProcess, world: World) => ({
      socket: (family: SocketFamily, type: SocketType) => wrapSocket(target.socket(family, type), world, overrides),
      socketpair: (type: SocketType) => target.socketpair(type).map((socket) => wrapSocket(socket, world, overrides)),
    }),
  );
}

/** Whether `error` is an IpcError with `code`. */
function is(error: unknown, code: string): boolean {
  return IpcError.is(error, code as never);
}

/** Runs `call`, turning an error with code `from` into `replace()`'s result. */
function recover<T>(call: () => T, from: string, replace: () => T): T {
  try {
    return call();
  } catch (error) {
    if (is(error, from)) return replace();
    throw error;
  }
}

/** Byte length of a string in UTF-8. */
function bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** The send sizes a datagram-minded mutant remembers, oldest first. */
function sizes(world: World): number[] {
  let list = world.memory.get("sizes") as number[] | undefined;
  if (list === undefined) {
    list = [];
    world.memory.set("sizes", list);
  }
  return list;
}

/** Stream sockets done wrong. */
export const ST_MUTANTS: readonly Mutant[] = [
  socketMutant("st-keeps-boundaries", "ST-ORD-2", "A receive returns at most the bytes of one send, as if the stream kept message boundaries.", (socket, world) => {
    const limit = (buffer: Uint8Array): Uint8Array => {
      const size = sizes(world).shift();
      return size === undefined || size >= buffer.length ? buffer : buffer.subarray(0, size);
    };
    return {
      trySend: (data: Uint8Array) => {
        const count = socket.trySend(data);
        sizes(world).push(count);
        return count;
      },
      tryRecv: (buffer: Uint8Array) => socket.tryRecv(limit(buffer)),
      recv: (buffer: Uint8Array, options?: BlockingOptions) => socket.recv(limit(buffer), options),
    };
  }),
  socketMutant("st-eof-before-data", "ST-EOF-1", "After the peer shuts down writing, receives return 0 before the bytes still buffered.", (socket, world) => ({
    shutdown: (how: "read" | "write" | "both") => {
      socket.shutdown(how);
      if (how !== "read") world.memory.set("eof", true);
    },
    tryRecv: (buffer: Uint8Array) => (world.memory.get("eof") === true ? 0 : socket.tryRecv(buffer)),
    recv: (buffer: Uint8Array, options?: BlockingOptions) => (world.memory.get("eof") === true ? Promise.resolve(0) : socket.recv(buffer, options)),
  })),
  socketMutant("st-accept-newest-first", "ST-ORD-3", "accept returns the newest pending connection instead of the oldest.", (socket, world) => {
    const stash = (): Socket[] => {
      let list = world.memory.get(socket) as Socket[] | undefined;
      if (list === undefined) {
        list = [];
        world.memory.set(socket, list);
      }
      for (;;) {
        try {
          list.push(socket.tryAccept());
        } catch (error) {
          if (is(error, "EAGAIN")) return list;
          throw error;
        }
      }
    };
    return {
      tryAccept: () => {
        const newest = stash().pop();
        if (newest === undefined) throw new IpcError("EAGAIN", "accept");
        return newest;
      },
      accept: (options?: BlockingOptions) => {
        try {
          const newest = stash().pop();
          return newest === undefined ? socket.accept(options) : Promise.resolve(newest);
        } catch (error) {
          return Promise.reject(error);
        }
      },
    };
  }),
  socketMutant("st-backlog-ignored", "ST-CAP-1", "tryConnect on a full backlog reports success (and connects later) instead of failing with EAGAIN.", (socket) => ({
    tryConnect: (address: SocketAddress) =>
      recover(
        () => socket.tryConnect(address),
        "EAGAIN",
        () => {
          socket.connect(address).catch(() => undefined);
        },
      ),
  })),
  socketMutant("st-half-close-both", "ST-EOF-2", "shutdown of writing shuts down both directions.", (socket) => ({
    shutdown: (how: "read" | "write" | "both") => socket.shutdown(how === "write" ? "both" : how),
  })),
  socketMutant("st-send-after-close", "ST-ERR-1", "A send after the peer closed succeeds, its bytes silently dropped.", (socket) => ({
    trySend: (data: Uint8Array) => recover(() => socket.trySend(data), "EPIPE", () => data.length),
    send: (data: Uint8Array, options?: BlockingOptions) =>
      socket.send(data, options).catch((error: unknown) => (is(error, "EPIPE") ? data.length : Promise.reject(error))),
  })),
  socketMutant("st-no-reset", "ST-ERR-2", "A peer that closed with bytes unread gives end of file, never ECONNRESET.", (socket) => ({
    tryRecv: (buffer: Uint8Array) => recover(() => socket.tryRecv(buffer), "ECONNRESET", () => 0),
    recv: (buffer: Uint8Array, options?: BlockingOptions) =>
      socket.recv(buffer, options).catch((error: unknown) => (is(error, "ECONNRESET") ? 0 : Promise.reject(error))),
  })),
  socketMutant("st-trysend-claims-all", "ST-NB-2", "trySend reports the whole length even when only part of it fitted.", (socket) => ({
    trySend: (data: Uint8Array) => {
      socket.trySend(data);
      return data.length;
    },
  })),
  socketMutant("st-recv-never-waits", "ST-BLK-1", "A receive on an empty connection resolves 0 at once instead of waiting.", (socket) => ({
    recv: (buffer: Uint8Array, options?: BlockingOptions) => {
      try {
        return Promise.resolve(recover(() => socket.tryRecv(buffer), "EAGAIN", () => 0));
      } catch (error) {
        return socket.recv(buffer, options).catch(() => Promise.reject(error));
      }
    },
  })),
  signalMutant("st-recv-not-interruptible", "ST-BLK-5", "A waiting receive is not registered with its process, so a handler runs and it goes on waiting.", uninterruptible("recv")),
  signalMutant("st-accept-never-restarted", "ST-BLK-5", "A waiting accept is never restarted: a handler installed with restart interrupts it with EINTR.", neverRestarted("accept")),
  socketMutant("st-send-without-sigpipe", "ST-ERR-10", "A send that fails EPIPE raises no SIGPIPE, so the sender survives the default action.", (socket, world) => {
    const quietly = <T>(call: () => T): T => withoutSigpipe(world.system.processList().filter((each) => each.alive), call);
    return {
      trySend: (data: Uint8Array) => quietly(() => socket.trySend(data)),
      send: (data: Uint8Array, options?: BlockingOptions) => quietly(() => socket.send(data, options)),
    };
  }),
  socketMutant("st-nosignal-ignored", "ST-ERR-11", "noSignal is ignored: a send given it that fails EPIPE raises SIGPIPE all the same.", (socket) => {
    // noSignal: true is dropped; anything else (false, or a bad value to refuse) goes through.
    const ignored = <T extends SendFlags>(flags: T | undefined): T | undefined => (flags?.noSignal === true ? { ...flags, noSignal: false } : flags);
    return {
      trySend: (data: Uint8Array, flags?: SendFlags) => socket.trySend(data, ignored(flags)),
      send: (data: Uint8Array, options?: SendOptions) => socket.send(data, ignored(options)),
    };
  }),
];

/** The name node at `path`, if any. */
function nodeAt(world: World, path: string): { ownership: { mode: number } } | undefined {
  return filesOf(world.system).lookup(path);
}

/** Unix-path names done wrong. */
const UX_NAME_MUTANTS: readonly Mutant[] = [
  socketMutant("ux-permission-skipped", "UX-PERM-1", "connect to a Unix path ignores the name's permission bits.", (socket, world) => {
    const opened = <T>(address: SocketAddress, call: () => T): T => {
      const node = address.family === "unix" ? nodeAt(world, address.path) : undefined;
      if (node === undefined) return call();
      const mode = node.ownership.mode;
      node.ownership.mode = 0o777;
      try {
        return call();
      } finally {
        node.ownership.mode = mode;
      }
    };
    return {
      tryConnect: (address: SocketAddress) => opened(address, () => socket.tryConnect(address)),
      connect: (address: SocketAddress, options?: BlockingOptions) => opened(address, () => socket.connect(address, options)),
    };
  }),
  socketMutant("ux-umask-ignored", "UX-LIFE-1", "bind makes the name with mode 0o777, ignoring the umask.", (socket, world) => ({
    bind: (address: SocketAddress) => {
      socket.bind(address);
      const node = address.family === "unix" ? nodeAt(world, address.path) : undefined;
      if (node !== undefined) node.ownership.mode = 0o777;
    },
  })),
  socketMutant("ux-bind-replaces", "UX-ERR-1", "bind to an existing path replaces the name instead of failing with EADDRINUSE.", (socket, world) => ({
    bind: (address: SocketAddress) =>
      recover(
        () => socket.bind(address),
        "EADDRINUSE",
        () => {
          if (address.family === "unix") filesOf(world.system).remove(address.path);
          socket.bind(address);
        },
      ),
  })),
  socketMutant("ux-missing-refused", "UX-ERR-2", "connect to a missing path fails with ECONNREFUSED instead of ENOENT.", (socket) => {
    const refused = (): never => {
      throw new IpcError("ECONNREFUSED", "connect");
    };
    return {
      tryConnect: (address: SocketAddress) => recover(() => socket.tryConnect(address), "ENOENT", refused),
      connect: (address: SocketAddress, options?: BlockingOptions) =>
        socket.connect(address, options).catch((error: unknown) => (is(error, "ENOENT") ? refused() : Promise.reject(error))),
    };
  }),
  socketMutant("ux-stale-missing", "UX-ERR-3", "connect to a stale name fails with ENOENT instead of ECONNREFUSED.", (socket) => {
    const missing = (): never => {
      throw new IpcError("ENOENT", "connect");
    };
    return {
      tryConnect: (address: SocketAddress) => recover(() => socket.tryConnect(address), "ECONNREFUSED", missing),
      connect: (address: SocketAddress, options?: BlockingOptions) =>
        socket.connect(address, options).catch((error: unknown) => (is(error, "ECONNREFUSED") ? missing() : Promise.reject(error))),
    };
  }),
  socketMutant("ux-path-truncated", "UX-CAP-1", "A path of 108 bytes or more is truncated to 107 instead of failing with EINVAL.", (socket) => {
    const clip = (address: SocketAddress): SocketAddress =>
      address.family === "unix" && typeof address.path === "string" && bytes(address.path) > 107 && /^[\x00-\x7f]*$/.test(address.path)
        ? { family: "unix", path: address.path.slice(0, 107) }
        : address;
    return {
      bind: (address: SocketAddress) => socket.bind(clip(address)),
      tryConnect: (address: SocketAddress) => socket.tryConnect(clip(address)),
    };
  }),
];

/** Datagram sockets done wrong. */
export const DG_MUTANTS: readonly Mutant[] = [
  socketMutant("dg-merges", "DG-ORD-1", "A receive with room left takes the next datagram too, merging them.", (socket) => {
    const merged = (buffer: Uint8Array): number => {
      const first = socket.tryRecv(buffer);
      if (socket.type !== "dgram" || first >= buffer.length) return first;
      return first + recover(() => socket.tryRecv(buffer.subarray(first)), "EAGAIN", () => 0);
    };
    return {
      tryRecv: merged,
      tryRecvFrom: (buffer: Uint8Array): Datagram => {
        if (socket.type !== "dgram") return socket.tryRecvFrom(buffer);
        const first = socket.tryRecvFrom(buffer);
        const more = first.length >= buffer.length ? 0 : recover(() => socket.tryRecv(buffer.subarray(first.length)), "EAGAIN", () => 0);
        return { ...first, length: first.length + more };
      },
    };
  }),
  socketMutant("dg-silent-truncation", "DG-ERR-1", "A truncated datagram does not say so.", (socket) => ({
    tryRecvFrom: (buffer: Uint8Array): Datagram => ({ ...socket.tryRecvFrom(buffer), truncated: false }),
    recvFrom: async (buffer: Uint8Array, options?: BlockingOptions): Promise<Datagram> => ({ ...(await socket.recvFrom(buffer, options)), truncated: false }),
  })),
  socketMutant("dg-empty-dropped", "DG-EOF-1", "A zero-length datagram is reported sent but never delivered.", (socket) => ({
    trySendTo: (data: Uint8Array, address: SocketAddress) => (data.length === 0 ? 0 : socket.trySendTo(data, address)),
    sendTo: (data: Uint8Array, address: SocketAddress, options?: BlockingOptions) => (data.length === 0 ? Promise.resolve(0) : socket.sendTo(data, address, options)),
  })),
  socketMutant("dg-oversize-clipped", "DG-CAP-1", "An oversize datagram is cut to 65507 bytes and sent instead of failing with EMSGSIZE.", (socket) => ({
    trySendTo: (data: Uint8Array, address: SocketAddress) => recover(() => socket.trySendTo(data, address), "EMSGSIZE", () => socket.trySendTo(data.subarray(0, 65507), address)),
    sendTo: (data: Uint8Array, address: SocketAddress, options?: BlockingOptions) =>
      socket.sendTo(data, address, options).catch((error: unknown) => (is(error, "EMSGSIZE") ? socket.sendTo(data.subarray(0, 65507), address, options) : Promise.reject(error))),
  })),
  socketMutant("dg-send-without-destination", "DG-ERR-2", "send on an unconnected datagram socket reports success instead of failing with EDESTADDRREQ.", (socket) => ({
    trySend: (data: Uint8Array) => recover(() => socket.trySend(data), "EDESTADDRREQ", () => data.length),
    send: (data: Uint8Array, options?: BlockingOptions) =>
      socket.send(data, options).catch((error: unknown) => (is(error, "EDESTADDRREQ") ? data.length : Promise.reject(error))),
  })),
  socketMutant("dg-anonymous-senders", "DG-LIFE-1", "recvFrom never reports the sender's address.", (socket) => ({
    tryRecvFrom: (buffer: Uint8Array): Datagram => ({ ...socket.tryRecvFrom(buffer), from: undefined }),
    recvFrom: async (buffer: Uint8Array, options?: BlockingOptions): Promise<Datagram> => ({ ...(await socket.recvFrom(buffer, options)), from: undefined }),
  })),
  signalMutant("dg-recv-not-interruptible", "DG-BLK-2", "A waiting datagram receive is not registered with its process, so a handler runs and it goes on waiting.", uninterruptible("recv", "recvfrom")),
  socketMutant("dg-recv-never-waits", "DG-BLK-1", "A datagram receive on an empty queue resolves an empty datagram instead of waiting.", (socket) => ({
    recvFrom: (buffer: Uint8Array, options?: BlockingOptions): Promise<Datagram> => {
      try {
        return Promise.resolve(recover(() => socket.tryRecvFrom(buffer), "EAGAIN", (): Datagram => ({ length: 0, truncated: false, from: undefined })));
      } catch {
        return socket.recvFrom(buffer, options);
      }
    },
  })),
];

/** Unix-path addresses done wrong: names, and Unix-path datagrams. */
export const UX_MUTANTS: readonly Mutant[] = [
  ...UX_NAME_MUTANTS,
  signalMutant("ux-dgram-send-not-interruptible", "UX-BLK-2", "A send waiting on a full Unix datagram queue is not registered with its process, so a handler runs and it goes on waiting.", uninterruptible("sendto")),
  socketMutant("ux-dgram-drops", "UX-BLK-1", "A Unix datagram to a full queue is dropped, as UDP would, instead of waiting or failing with EAGAIN.", (socket) => ({
    trySendTo: (data: Uint8Array, address: SocketAddress) => recover(() => socket.trySendTo(data, address), "EAGAIN", () => data.length),
  })),
  socketMutant("ux-prototype-refused", "UX-ERR-4", "A name of the other socket type gives ECONNREFUSED instead of EPROTOTYPE.", (socket) => {
    const refused = (): never => {
      throw new IpcError("ECONNREFUSED", "connect");
    };
    return {
      tryConnect: (address: SocketAddress) => recover(() => socket.tryConnect(address), "EPROTOTYPE", refused),
      trySendTo: (data: Uint8Array, address: SocketAddress) => recover(() => socket.trySendTo(data, address), "EPROTOTYPE", refused),
      connect: (address: SocketAddress, options?: BlockingOptions) =>
        socket.connect(address, options).catch((error: unknown) => (is(error, "EPROTOTYPE") ? refused() : Promise.reject(error))),
    };
  }),
];
