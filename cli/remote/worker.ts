/**
 * Runtime edge: the TypeScript server in a worker thread or in a child
 * process, and the client adapter connected to it.
 *
 * @module
 */

import type { Worker } from "node:worker_threads";
import { connectRemote } from "../../conformance/remote/client.ts";
import type { ConnectOptions, RemoteAdapter } from "../../conformance/remote/client.ts";
import { RingLink, createRings, swapRings } from "../../conformance/remote/link.ts";
import type { RingLinkOptions } from "../../conformance/remote/link.ts";
import { toModuleUrl } from "../load.ts";
import type { BridgeCommand, BridgeInput, BridgeMessage } from "./bridge.ts";
import { moduleCommand, moduleWorker, remoteModuleUrl } from "./runtime.ts";
import type { ServerWorkerInput } from "./server-entry.ts";

/** A running server and the adapter that reaches it. */
export interface RemoteServer {
  /** The implementation, reached through the protocol. */
  readonly adapter: RemoteAdapter;
  /** The server process's pid (child process only). */
  readonly pid: number | undefined;
  /** Resolves with the reason once the server has ended. */
  readonly ended: Promise<string>;
  /**
   * Ends the connection, then the server: it has a moment to end by itself,
   * then its thread is terminated or its process killed.
   *
   * @returns a promise that resolves once it has ended
   */
  close(): Promise<void>;
}

/** Options of {@link startWorkerServer} and {@link startProcessServer}. */
export interface RemoteServerOptions extends ConnectOptions {
  /** Bytes per ring; default 1 MiB. */
  readonly ringBytes?: number;
  /** The largest frame accepted from the server, in bytes; default 64 MiB. */
  readonly maxFrameBytes?: number;
  /** How long a call polls for its answer before it sleeps, in microseconds; default none (see `RingLinkOptions`). */
  readonly spinMicroseconds?: number;
}

function linkOptions(options: RemoteServerOptions): RingLinkOptions {
  return {
    ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
    ...(options.spinMicroseconds === undefined ? {} : { spinMicroseconds: options.spinMicroseconds }),
  };
}

/** Options of {@link startProcessServer}. */
export interface ProcessServerOptions extends RemoteServerOptions {
  /** What becomes of the server process's stdout and stderr; default `"inherit"`. */
  readonly output?: "inherit" | "ignore";
  /** The server process's environment; default this process's. */
  readonly env?: Record<string, string>;
  /** The server process's working directory; default this process's. */
  readonly cwd?: string;
  /** Runtime options put before the entry point (`--max-old-space-size=...`). */
  readonly runtimeArgs?: readonly string[];
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Starts the TypeScript server in a worker thread, serving the adapter a
 * module exports, and connects to it.
 *
 * @param module - the adapter module's path or URL
 * @param options - timeouts, listeners and ring size
 * @returns the server and its adapter
 * @throws {ProtocolError} when the module cannot be loaded or exports no adapter
 */
export async function startWorkerServer(module: string, options: RemoteServerOptions = {}): Promise<RemoteServer> {
  const rings = createRings(options.ringBytes);
  const input: ServerWorkerInput = { mode: "worker", moduleUrl: toModuleUrl(module), rings: swapRings(rings) };
  const worker: Worker = moduleWorker(remoteModuleUrl("server-entry"), { workerData: input });
  const link = new RingLink(rings, linkOptions(options));
  let ended!: (reason: string) => void;
  const whenEnded = new Promise<string>((resolve) => (ended = resolve));
  worker.on("error", (error: unknown) => {
    const reason = `the server thread failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    link.close(reason);
  });
  worker.on("exit", (code: number) => {
    const reason = `the server thread ended (exit code ${code})`;
    link.close(reason);
    ended(reason);
  });
  let adapter: RemoteAdapter;
  try {
    adapter = await connectRemote(link, options);
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  return {
    adapter,
    pid: undefined,
    ended: whenEnded,
    async close(): Promise<void> {
      const broken = adapter.broken !== undefined;
      adapter.close();
      if (!broken) await Promise.race([whenEnded, delay(1000)]);
      await worker.terminate();
    },
  };
}

/**
 * Starts the TypeScript server in a child process, serving the adapter a
 * module exports, and connects to it. The protocol runs on the child's file
 * descriptor 3, never on its stdout or stderr; a bridge thread here carries
 * it to the rings, so that calls stay synchronous, and watches the child.
 *
 * @param module - the adapter module's path or URL
 * @param options - timeouts, listeners, ring size, the child's output and environment
 * @returns the server and its adapter
 * @throws {ProtocolError} when the process cannot start, the module cannot
 *   be loaded or exports no adapter
 */
export async function startProcessServer(module: string, options: ProcessServerOptions = {}): Promise<RemoteServer> {
  const rings = createRings(options.ringBytes);
  const { command, args } = moduleCommand(remoteModuleUrl("server-entry"));
  const input: BridgeInput = {
    mode: "spawn",
    rings: swapRings(rings),
    command,
    args: [...(options.runtimeArgs ?? []), ...args, "--fd", "3", toModuleUrl(module)],
    output: options.output ?? "inherit",
    ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  };
  const bridge = moduleWorker(remoteModuleUrl("bridge"), { workerData: input });
  bridge.unref();
  const link = new RingLink(rings, linkOptions(options));
  let ended!: (reason: string) => void;
  const whenEnded = new Promise<string>((resolve) => (ended = resolve));
  let pid: number | undefined;
  const spawned = new Promise<void>((resolve) => {
    bridge.on("message", (message: BridgeMessage) => {
      if (message.type === "spawned") {
        pid = message.pid;
        resolve();
      } else if (message.type === "exit") {
        ended(message.reason);
        resolve();
      }
    });
  });
  bridge.on("error", (error: unknown) => {
    const reason = `the bridge to the server process failed: ${error instanceof Error ? error.message : String(error)}`;
    link.close(reason);
    ended(reason);
  });
  bridge.on("exit", () => ended("the bridge to the server process ended"));
  await spawned;
  let adapter: RemoteAdapter;
  try {
    adapter = await connectRemote(link, options);
  } catch (error) {
    bridge.postMessage({ type: "kill", signal: "SIGKILL" } satisfies BridgeCommand);
    await Promise.race([whenEnded, delay(2000)]);
    await bridge.terminate();
    throw error;
  }
  return {
    adapter,
    get pid(): number | undefined {
      return pid;
    },
    ended: whenEnded,
    async close(): Promise<void> {
      // A connection that broke (a stuck or misbehaving server) gets no grace.
      const broken = adapter.broken !== undefined;
      adapter.close();
      let reason = broken ? undefined : await Promise.race([whenEnded, delay(3000).then(() => undefined)]);
      // Never leave the process behind: kill it, and wait for its end before
      // the bridge that watches it goes.
      for (let attempt = 0; reason === undefined && attempt < 3; attempt++) {
        bridge.postMessage({ type: "kill", signal: "SIGKILL" } satisfies BridgeCommand);
        reason = await Promise.race([whenEnded, delay(2000).then(() => undefined)]);
      }
      await bridge.terminate();
    },
  };
}

