/**
 * The client end: an ordinary {@link Adapter} whose systems live at the
 * other end of a connection. Everything the suite and the benchmarks do with
 * an adapter works over it unchanged; a system it makes also has
 * `settle()` (the server's word that its work has settled) and `teardown()`
 * (releases the system's handles at both ends).
 *
 * Runtime-neutral: web-standard APIs only.
 *
 * @module
 */

import type { Adapter } from "../adapter.ts";
import { adapterProblem } from "../adapter.ts";
import type { IpcSystem } from "../../spec/system.ts";
import { ProtocolError } from "./codec.ts";
import type { Link } from "./link.ts";
import { Peer } from "./peer.ts";

/** An adapter reached over the protocol, and the connection's controls. */
export interface RemoteAdapter extends Adapter {
  /**
   * Ends the connection; the server ends with it. Calls waiting fail;
   * promises still pending stay pending.
   *
   * @param reason - why, for the server
   */
  close(reason?: string): void;
  /** The error that broke the connection, once it is broken. */
  readonly broken: ProtocolError | undefined;
}

/** Options of {@link connectRemote}. */
export interface ConnectOptions {
  /**
   * How long to wait for the server's hello (it loads the implementation
   * first), in ms; default 30 000.
   */
  readonly helloTimeoutMs?: number;
  /** The longest a synchronous call may wait for its answer; default forever (a stuck server is the caller's timeout to catch). */
  readonly callTimeoutMs?: number;
  /** Told once when the connection ends, with the reason. */
  readonly onClose?: (reason: string) => void;
  /** Told of errors the implementation raised outside any call; default: raised again in this thread. */
  readonly onFault?: (error: unknown, kind: "exception" | "rejection") => void;
  /** The most shared memory the server may have this end mirror, in bytes; default 2 GiB. */
  readonly maxSharedBytes?: number;
}

/** What a server says in its hello frame: `[name, supports, createSystem]`. */
interface ServerInfo {
  readonly name: string;
  readonly supports: Adapter["supports"];
  readonly createSystem: () => unknown;
}

function serverInfo(info: unknown): ServerInfo | undefined {
  if (!Array.isArray(info) || info.length !== 3) return undefined;
  const [name, supports, createSystem] = info as [unknown, unknown, unknown];
  return { name, supports, createSystem } as ServerInfo;
}

/**
 * Connects to a server over a link and returns its adapter, once the
 * server's hello has arrived.
 *
 * @param link - this end of the connection
 * @param options - timeouts and listeners
 * @returns the remote implementation's adapter
 * @throws {ProtocolError} when the server refuses (another protocol version,
 *   a module that does not load or exports no adapter), says nothing in time,
 *   or sends something malformed
 *
 * @example The reference, served at the other end of an in-thread link
 * ```ts
 * import { connectRemote, linkPair, serveAdapter } from "ipckit/conformance";
 * import { createSystem } from "ipckit/reference";
 * const [clientEnd, serverEnd] = linkPair();
 * serveAdapter({ name: "reference", supports: { pipe: true }, createSystem }, serverEnd, { keepAlive: false });
 * const adapter = await connectRemote(clientEnd);
 * const system = await adapter.createSystem();
 * const [reader, writer] = system.spawn().pipe();
 * writer.tryWrite(new Uint8Array([1, 2, 3]));
 * const buffer = new Uint8Array(8);
 * console.assert(adapter.name === "reference" && reader.tryRead(buffer) === 3 && buffer[2] === 3);
 * await system.settle?.();
 * adapter.close();
 * ```
 */
export async function connectRemote(link: Link, options: ConnectOptions = {}): Promise<RemoteAdapter> {
  const peer = new Peer(link, {
    role: "client",
    ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
    ...(options.onClose === undefined ? {} : { onClose: options.onClose }),
    ...(options.onFault === undefined ? {} : { onFault: options.onFault }),
    ...(options.maxSharedBytes === undefined ? {} : { maxSharedBytes: options.maxSharedBytes }),
  });
  peer.start();
  peer.sendHello(undefined);
  const timeoutMs = options.helloTimeoutMs ?? 30_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProtocolError(`the server sent no hello within ${timeoutMs} ms`)), timeoutMs);
  });
  let info: ServerInfo | undefined;
  try {
    const hello = await Promise.race([peer.hello, timedOut]);
    info = serverInfo(hello.info);
  } catch (error) {
    peer.close(error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const problem = info === undefined ? "not [name, supports, createSystem]" : adapterProblem(info);
  if (info === undefined || problem !== undefined) {
    const error = new ProtocolError(`the server's hello does not describe an adapter: ${problem}`);
    peer.close(error.message);
    throw error;
  }
  const factory = info.createSystem;
  return {
    name: info.name,
    supports: info.supports,
    async createSystem(): Promise<IpcSystem> {
      const system = (await factory()) as IpcSystem;
      const scope = typeof system === "object" && system !== null ? peer.scopeOf(system) : undefined;
      if (scope === undefined) throw new ProtocolError("the server's createSystem did not return a system handle");
      const prototype = Object.getPrototypeOf(system) as { teardown?: (this: IpcSystem) => unknown };
      const own = typeof prototype.teardown === "function" ? prototype.teardown : undefined;
      Object.defineProperty(system, "settle", { value: () => peer.requestSettle(scope), enumerable: false, configurable: true });
      Object.defineProperty(system, "teardown", {
        value: async (): Promise<void> => {
          try {
            if (own !== undefined) await own.call(system);
          } finally {
            peer.release(scope);
          }
        },
        enumerable: false,
        configurable: true,
      });
      return system;
    },
    close(reason = "the client closed the connection"): void {
      peer.close(reason);
    },
    get broken(): ProtocolError | undefined {
      return peer.broken;
    },
  };
}
