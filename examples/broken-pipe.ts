/**
 * A deliberately broken pipe, to show what the suite's failures look like.
 * Run it with `node bin/ipckit.js test examples/broken-pipe.ts`: it exits
 * with status 1.
 *
 * It reuses the from-scratch implementation and overrides three places, each
 * a mistake students really make. Clauses it breaks:
 *
 * - PIPE-EOF-1: closing a write end wakes every waiting read with end of file
 *   (0) without checking whether another write end (a dup or a fork's copy)
 *   is still open. (tryRead still checks the count, so only waiting reads
 *   see the false end of file.)
 * - PIPE-NB-2: tryWrite of a small write (at most PIPE_BUF bytes) that does
 *   not fit writes the part that fits, instead of failing EAGAIN and writing
 *   nothing.
 * - PIPE-ERR-6: a zero-length blocking write to a pipe with no reader fails
 *   EPIPE instead of returning 0.
 *
 * Expect FAIL for those three clauses and exit status 1. The model-based
 * property test filed under PIPE-ORD-1 runs random sequences of tryWrite,
 * tryRead, dup and close, so on some seeds it catches the PIPE-NB-2 bug too;
 * the report prints the seed to replay it.
 */

import { defineAdapter } from "ipckit/conformance";
import { IpcError, PIPE_BUF } from "ipckit/spec";
import { ExamplePipe, ExampleSystem } from "./from-scratch-pipe.ts";
import type { ExampleEnd } from "./from-scratch-pipe.ts";

class BrokenPipe extends ExamplePipe {
  #closingAWriter = false;

  override detach(end: ExampleEnd): void {
    // BROKEN (PIPE-EOF-1): while a write end closes, the pipe believes it is at end of
    // file, so every waiting read is woken with 0, even if a duplicate write end is open.
    this.#closingAWriter = end.writable;
    try {
      super.detach(end);
    } finally {
      this.#closingAWriter = false;
    }
  }

  protected override atEndOfFile(): boolean {
    return this.size === 0 && (this.#closingAWriter || super.atEndOfFile());
  }

  override tryWrite(data: Uint8Array): number {
    const room = this.room();
    if (data.length > 0 && data.length <= PIPE_BUF && room > 0 && room < data.length && this.readers > 0) {
      // BROKEN (PIPE-NB-2): write the bytes that fit and report a short count, instead of EAGAIN.
      return super.tryWrite(data.subarray(0, room));
    }
    return super.tryWrite(data);
  }

  override write(end: ExampleEnd, data: Uint8Array, signal?: AbortSignal): Promise<number> {
    if (data.length === 0 && this.readers === 0) {
      // BROKEN (PIPE-ERR-6): EPIPE for a zero-length write, which must return 0.
      return Promise.reject(new IpcError("EPIPE", "write"));
    }
    return super.write(end, data, signal);
  }
}

class BrokenSystem extends ExampleSystem {
  override newPipe(): ExamplePipe {
    return new BrokenPipe();
  }
}

export default defineAdapter({
  name: "broken pipes (example)",
  supports: { pipe: { capacity: false }, process: { fork: true, exit: true } },
  createSystem: () => new BrokenSystem(),
});
