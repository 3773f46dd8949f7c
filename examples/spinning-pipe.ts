/**
 * A pipe whose tryRead hangs, to show how the suite contains an
 * implementation that never returns. Run it with
 * `node bin/ipckit.js test examples/spinning-pipe.ts`.
 *
 * It reuses the from-scratch implementation, except that tryRead on an
 * EMPTY pipe (a write end still open) spins forever in a synchronous loop
 * instead of failing EAGAIN (PIPE-NB-1). No promise or timer can interrupt
 * that loop; the CLI runs the implementation in a worker thread, kills the
 * worker when a test overruns, reports that test TIMEOUT, starts a fresh
 * worker and carries on. Every other method works, so every other test passes.
 *
 * Expect TIMEOUT for every test that calls tryRead on an empty pipe. That is
 * more than the PIPE-NB-1 tests: many tests check "nothing is left to read"
 * with a tryRead that must fail EAGAIN. Each TIMEOUT costs the test's timeout
 * plus a second's grace, so the run takes a minute or two, then exits with status 1.
 */

import { defineAdapter } from "ipckit/conformance";
import { ExamplePipe, ExampleSystem } from "./from-scratch-pipe.ts";

class SpinningPipe extends ExamplePipe {
  override tryRead(buffer: Uint8Array): number {
    if (buffer.length > 0 && this.size === 0 && !this.atEndOfFile()) {
      // BROKEN (PIPE-NB-1, PIPE-NB-5): busy-wait for data that can never come,
      // since nothing else runs while this thread spins.
      for (;;) {
        // spin
      }
    }
    return super.tryRead(buffer);
  }
}

class SpinningSystem extends ExampleSystem {
  override newPipe(): ExamplePipe {
    return new SpinningPipe();
  }
}

export default defineAdapter({
  name: "spinning pipes (example)",
  supports: { pipe: { capacity: false }, process: { fork: true, exit: true } },
  createSystem: () => new SpinningSystem(),
});
