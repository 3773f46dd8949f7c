/**
 * Runtime edge: a bridge thread carrying the frames of a ring link over a
 * byte stream to another process, and back. Frames on the stream are the
 * ring's own: a 4-byte little-endian length and the bytes.
 *
 * In the client's process (`spawn` mode) it starts the server process with
 * the stream as that process's file descriptor 3, watches it, and when it
 * ends closes the rings with the reason (exit code or signal), so that a
 * call blocked on them fails instead of hanging. In the server's process
 * (`fd` mode) it opens descriptor 3; when the client goes, the server ends.
 *
 * @module
 */

import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { Socket } from "node:net";
import process from "node:process";
import { Duplex } from "node:stream";
import { parentPort, workerData } from "node:worker_threads";
import { ByteWriter, DEFAULT_MAX_FRAME_BYTES, FRAME } from "../../conformance/remote/codec.ts";
import { RingLink } from "../../conformance/remote/link.ts";
import type { RingBuffers } from "../../conformance/remote/link.ts";
import { runtimeKind } from "../load.ts";

/** What a bridge thread is started with. */
export type BridgeInput =
  | {
      readonly mode: "spawn";
      /** The bridge's view of the rings: its inbox is what the client sends. */
      readonly rings: RingBuffers;
      readonly command: string;
      readonly args: readonly string[];
      readonly env?: Record<string, string>;
      readonly cwd?: string;
      /** What becomes of the server's stdout and stderr. */
      readonly output: "inherit" | "ignore";
      readonly maxFrameBytes?: number;
    }
  | {
      readonly mode: "fd";
      readonly fd: number;
      readonly rings: RingBuffers;
      readonly maxFrameBytes?: number;
    };

/** What a bridge thread tells the thread that started it. */
export type BridgeMessage =
  | { readonly type: "spawned"; readonly pid: number | undefined }
  | { readonly type: "exit"; readonly reason: string }
  | { readonly type: "flushed" };

/** What the starting thread may tell a bridge. */
export type BridgeCommand = { readonly type: "kill"; readonly signal: NodeJS.Signals };

const input = workerData as BridgeInput;
const port = parentPort!;
const maxFrame = input.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
const link = new RingLink(input.rings, { maxFrameBytes: maxFrame });
let child: ChildProcess | undefined;
let socket: Duplex;
let finished = false;

/**
 * Ends the connection for the local end: a CLOSE frame with the reason,
 * then the rings' closed flag. In the client's process, the server's exit is
 * reported apart, once it has happened.
 */
function finish(reason: string): void {
  if (finished) return;
  finished = true;
  if (link.closed === undefined) {
    try {
      const writer = new ByteWriter();
      writer.u8(FRAME.CLOSE);
      writer.string(reason);
      link.send(writer.finish());
    } catch {
      // The local end is gone too.
    }
    link.close(reason);
  }
  if (child === undefined) port.postMessage({ type: "exit", reason } satisfies BridgeMessage);
  socket.destroy();
}

if (input.mode === "spawn") {
  const stdio = input.output === "inherit" ? "inherit" : "ignore";
  child = spawn(input.command, [...input.args], {
    stdio: ["ignore", stdio, stdio, "pipe"],
    ...(input.env === undefined ? {} : { env: input.env }),
    ...(input.cwd === undefined ? {} : { cwd: input.cwd }),
  });
  socket = child.stdio[3] as Socket;
  port.postMessage({ type: "spawned", pid: child.pid } satisfies BridgeMessage);
  const spawned = child;
  let exit: string | undefined;
  const reasonOf = (code: number | null, signal: NodeJS.Signals | null): string =>
    signal !== null ? `the server process was killed by ${signal}` : `the server process exited with code ${code}`;
  spawned.on("error", (error) => finish(`the server process could not start: ${error.message}`));
  spawned.on("exit", (code, signal) => {
    exit = reasonOf(code, signal);
    port.postMessage({ type: "exit", reason: exit } satisfies BridgeMessage);
    // Its last frames may still be in the pipe: let them through first.
    setTimeout(() => finish(exit!), 200).unref();
  });
  socket.on("close", () => {
    if (exit !== undefined) finish(exit);
    else setTimeout(() => finish(exit ?? "the server process closed its end of the connection"), 200).unref();
  });
  port.on("message", (command: BridgeCommand) => {
    if (command.type === "kill") spawned.kill(command.signal);
  });
} else {
  // Bun's net.Socket cannot take a descriptor, and Deno's fs streams cannot:
  // each gets the one that works there.
  socket =
    runtimeKind() === "bun"
      ? Duplex.from({ readable: createReadStream("", { fd: input.fd, autoClose: false, highWaterMark: 1 << 20 }), writable: createWriteStream("", { fd: input.fd, autoClose: false }) })
      : new Socket({ fd: input.fd, readable: true, writable: true });
  // The client is gone: the server ends, and if its thread is stuck in the
  // implementation (a loop that never returns), this thread ends the process.
  const gone = (): void => {
    finish("the client closed the connection");
    setTimeout(() => process.kill(process.pid, "SIGKILL"), 2000);
  };
  socket.on("close", gone);
  socket.on("end", gone);
}
socket.on("error", () => undefined);

// Stream to ring: cut the stream into frames.
let pending: Buffer = Buffer.alloc(0);
socket.on("data", (chunk: Buffer) => {
  pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
  while (pending.length >= 4) {
    const length = pending.readUInt32LE(0);
    if (length > maxFrame) {
      child?.kill("SIGKILL");
      finish(`protocol error: the other process sent a frame of ${length} bytes, over the limit of ${maxFrame}`);
      return;
    }
    if (pending.length < 4 + length) break;
    try {
      link.send(new Uint8Array(pending.buffer, pending.byteOffset + 4, length));
    } catch {
      finish("the local end closed the connection");
      return;
    }
    pending = pending.subarray(4 + length);
  }
});

// Ring to stream: frames from the local end, in batches.
async function forward(): Promise<void> {
  for (;;) {
    const batch: Uint8Array[] = [];
    let bytes = 0;
    for (let frame = link.receive(); frame !== undefined; frame = bytes < 1 << 20 ? link.receive() : undefined) {
      const header = Buffer.alloc(4);
      header.writeUInt32LE(frame.length, 0);
      batch.push(header, frame);
      bytes += 4 + frame.length;
    }
    if (batch.length > 0) {
      if (!socket.destroyed) socket.write(Buffer.concat(batch));
      continue;
    }
    if (link.closed !== undefined) break;
    await link.readable();
  }
  if (!socket.destroyed) {
    socket.end(() => port.postMessage({ type: "flushed" } satisfies BridgeMessage));
  } else {
    port.postMessage({ type: "flushed" } satisfies BridgeMessage);
  }
  if (child !== undefined) {
    // The client has gone: the server has a moment to end, then it is killed.
    const spawned = child;
    setTimeout(() => {
      if (spawned.exitCode === null && spawned.signalCode === null) spawned.kill("SIGKILL");
    }, 2000);
  }
}
void forward().catch((error: unknown) => finish(`the bridge failed: ${error instanceof Error ? error.message : String(error)}`));
