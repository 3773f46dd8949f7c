/**
 * The server end: serves any ordinary {@link Adapter} over a link, so that
 * the suite, in another thread or process, drives the implementation
 * through the protocol. The runtime edges put it in a worker thread or in a
 * child process (cli/remote/).
 *
 * Runtime-neutral: web-standard APIs only.
 *
 * @module
 */

import type { Adapter } from "../adapter.ts";
import { adapterProblem } from "../adapter.ts";
import type { Link } from "./link.ts";
import { Peer } from "./peer.ts";

/** Options of {@link serveAdapter}. */
export interface ServeOptions {
  /**
   * Lets queued work run before a call is answered (a macrotask turn);
   * default `setImmediate` where the runtime has it, else `setTimeout(0)`.
   */
  readonly yieldTask?: () => Promise<void>;
  /** Rounds of `setTimeout(0)` to let pass when asked to settle; default 3. */
  readonly settleRounds?: number;
  /** Keep the runtime alive until the connection ends (a timer); default `true`. */
  readonly keepAlive?: boolean;
}

/** A connection being served. */
export interface ServedConnection {
  /** Resolves with the reason once the connection has ended. */
  readonly closed: Promise<string>;
  /**
   * Ends the connection.
   *
   * @param reason - why, for the client
   */
  close(reason: string): void;
  /**
   * Tells the client of an error the implementation raised outside any call.
   *
   * @param error - the error
   * @param kind - an uncaught exception or an unhandled rejection
   */
  fault(error: unknown, kind: "exception" | "rejection"): void;
}

/**
 * Serves an adapter over a link: sends the hello (the adapter's name,
 * manifest and factory, as `[name, supports, createSystem]`) and answers calls until the connection ends.
 *
 * @param adapter - the implementation
 * @param link - the server's end of the connection
 * @param options - timing rules
 * @returns the connection
 *
 * @example A server refuses a module that exports no valid adapter (see connectRemote for a client)
 * ```ts
 * import { connectRemote, linkPair, serveAdapter } from "ipckit/conformance";
 * const [clientEnd, serverEnd] = linkPair();
 * const served = serveAdapter({ name: "", supports: {}, createSystem: () => { throw new Error("no"); } }, serverEnd);
 * let refused = "";
 * try { await connectRemote(clientEnd); } catch (error) { refused = (error as Error).message; }
 * console.assert(/name must be a non-empty string/.test(refused));
 * console.assert(/name/.test(await served.closed));
 * ```
 */
export function serveAdapter(adapter: Adapter, link: Link, options: ServeOptions = {}): ServedConnection {
  let closed!: (reason: string) => void;
  const whenClosed = new Promise<string>((resolve) => (closed = resolve));
  const keepAlive = options.keepAlive === false ? undefined : setInterval(() => undefined, 1 << 30);
  const peer = new Peer(link, {
    role: "server",
    ...(options.yieldTask === undefined ? {} : { yieldTask: options.yieldTask }),
    ...(options.settleRounds === undefined ? {} : { settleRounds: options.settleRounds }),
    onClose: (reason) => {
      if (keepAlive !== undefined) clearInterval(keepAlive);
      closed(reason);
    },
  });
  peer.start();
  const problem = adapterProblem(adapter);
  if (problem !== undefined) {
    peer.close(`the module does not export an adapter: ${problem}`);
  } else {
    // An array: plain data, whatever the rule for objects holding functions.
    peer.sendHello([adapter.name, JSON.parse(JSON.stringify(adapter.supports ?? {})) as unknown, () => adapter.createSystem()]);
  }
  return {
    closed: whenClosed,
    close: (reason) => peer.close(reason),
    fault: (error, kind) => peer.sendFault(error, kind),
  };
}

/**
 * Refuses a connection with a reason the client reports: what a server
 * does when it cannot load the implementation.
 *
 * @param link - the server's end of the connection
 * @param reason - why, for the client
 *
 * @example
 * ```ts
 * import { connectRemote, linkPair, refuseConnection } from "ipckit/conformance";
 * const [clientEnd, serverEnd] = linkPair();
 * refuseConnection(serverEnd, "could not load ./missing.ts");
 * let message = "";
 * try { await connectRemote(clientEnd); } catch (error) { message = (error as Error).message; }
 * console.assert(message.includes("could not load ./missing.ts"));
 * ```
 */
export function refuseConnection(link: Link, reason: string): void {
  const peer = new Peer(link, { role: "server" });
  peer.close(reason);
}
