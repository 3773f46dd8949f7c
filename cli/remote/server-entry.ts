/**
 * Runtime edge: the TypeScript server's entry point. It loads an adapter
 * module by URL and serves it over the implementation protocol, either in a
 * worker thread (rings in `workerData`) or in a child process (frames on
 * file descriptor 3, carried to the rings by a bridge thread, so that the
 * process's stdout and stderr stay the implementation's own).
 *
 * In a child process: `server-entry --fd 3 <module URL>`.
 *
 * @module
 */

import process from "node:process";
import { isMainThread, workerData } from "node:worker_threads";
import { RingLink, closeRings, createRings, swapRings } from "../../conformance/remote/link.ts";
import type { RingBuffers } from "../../conformance/remote/link.ts";
import { refuseConnection, serveAdapter } from "../../conformance/remote/server.ts";
import { loadAdapter } from "../load.ts";
import type { BridgeInput, BridgeMessage } from "./bridge.ts";
import { moduleWorker, remoteModuleUrl } from "./runtime.ts";

/** What a server worker is started with. */
export interface ServerWorkerInput {
  readonly mode: "worker";
  /** The adapter module's URL. */
  readonly moduleUrl: string;
  /** The server's rings. */
  readonly rings: RingBuffers;
}

let rings: RingBuffers;
let moduleUrl: string;
/** In a child process: resolves once the bridge has written the last frames to the client. */
let flushed: Promise<void> = Promise.resolve();
if (isMainThread) {
  const at = process.argv.indexOf("--fd");
  const fd = Number(process.argv[at + 1]);
  moduleUrl = process.argv[at + 2] ?? "";
  if (at < 0 || !Number.isInteger(fd) || moduleUrl === "") {
    process.stderr.write("usage: server-entry --fd <fd> <module URL>\n");
    process.exit(2);
  }
  rings = createRings();
  const input: BridgeInput = { mode: "fd", fd, rings: swapRings(rings) };
  const bridge = moduleWorker(remoteModuleUrl("bridge"), { workerData: input });
  bridge.unref();
  bridge.on("error", () => process.exit(70));
  flushed = new Promise<void>((resolve) => {
    bridge.on("message", (message: BridgeMessage) => {
      if (message.type === "flushed") resolve();
    });
    bridge.on("exit", () => resolve());
    setTimeout(resolve, 2000).unref();
  });
} else {
  const input = workerData as ServerWorkerInput;
  rings = input.rings;
  moduleUrl = input.moduleUrl;
}

const link = new RingLink(rings);
// However this thread ends, a client blocked on the rings wakes up.
process.on("exit", () => closeRings(rings));

const adapter = await loadAdapter(moduleUrl, (message) => refuseConnection(link, `could not load the implementation: ${message}`));
if (adapter !== undefined) {
  const served = serveAdapter(adapter, link, { yieldTask: () => new Promise<void>((resolve) => setImmediate(resolve)) });
  process.on("uncaughtException", (error) => served.fault(error, "exception"));
  process.on("unhandledRejection", (reason) => served.fault(reason, "rejection"));
  await served.closed;
}
await flushed;
// Timers the implementation left behind do not keep the server alive.
process.exit(0);
