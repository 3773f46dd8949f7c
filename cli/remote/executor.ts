/**
 * Runtime edge: an executor of the orchestrator that runs the suite against
 * an implementation through the implementation protocol, served from a
 * worker thread or a child process. A server whose connection breaks (it
 * crashed, was killed, or sent something malformed) fails the test that was
 * running, and the next test gets a fresh server.
 *
 * @module
 */

import { inThreadExecutor, LoadError } from "../../conformance/orchestrator.ts";
import type { Executor } from "../../conformance/orchestrator.ts";
import { errorInfo, executeTest } from "../../conformance/runner.ts";
import { startProcessServer, startWorkerServer } from "./worker.ts";
import type { ProcessServerOptions, RemoteServer, RemoteServerOptions } from "./worker.ts";

/** An executor over the protocol, and the server it talks to now. */
export interface RemoteExecutor extends Executor {
  /** The server in use, once loaded (a fresh one after a broken connection). */
  readonly server: RemoteServer | undefined;
  /** How many servers it has started. */
  readonly starts: number;
}

/**
 * An executor that runs each test against the adapter a server serves,
 * starting a new server when the connection to the last one broke.
 *
 * @param start - starts a server
 * @returns the executor
 */
export function remoteExecutor(start: () => Promise<RemoteServer>): RemoteExecutor {
  let server: RemoteServer | undefined;
  let starts = 0;
  const fresh = async (): Promise<RemoteServer> => {
    starts += 1;
    server = await start();
    return server;
  };
  return {
    get server(): RemoteServer | undefined {
      return server;
    },
    get starts(): number {
      return starts;
    },
    async load() {
      let started: RemoteServer;
      try {
        started = await fresh();
      } catch (error) {
        throw new LoadError(`the implementation's server did not start: ${error instanceof Error ? error.message : String(error)}`);
      }
      return inThreadExecutor(started.adapter).load();
    },
    async run(test, options) {
      let current = server;
      if (current === undefined || current.adapter.broken !== undefined) {
        const started = performance.now();
        try {
          await current?.close();
          current = await fresh();
        } catch (error) {
          const info = errorInfo(error);
          return {
            status: "ERROR",
            durationMs: performance.now() - started,
            cause: { kind: "crash", error: info },
            message: `the implementation's server did not start again after its connection broke: ${info.message}`,
          };
        }
      }
      return executeTest(test, current.adapter, options);
    },
    async close() {
      await server?.close();
    },
  };
}

/**
 * An executor over the TypeScript server in a worker thread.
 *
 * @param module - the adapter module's path or URL
 * @param options - timeouts, listeners and ring size
 * @returns the executor
 */
export function workerExecutor(module: string, options: RemoteServerOptions = {}): RemoteExecutor {
  return remoteExecutor(() => startWorkerServer(module, options));
}

/**
 * An executor over the TypeScript server in a child process: for code that
 * must not share a process with the suite.
 *
 * @param module - the adapter module's path or URL
 * @param options - timeouts, listeners, ring size, the child's output and environment
 * @returns the executor
 */
export function processExecutor(module: string, options: ProcessServerOptions = {}): RemoteExecutor {
  return remoteExecutor(() => startProcessServer(module, options));
}
