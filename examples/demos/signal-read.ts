/**
 * A signal interrupting a blocking read (`sigaction`, `kill`, `read`,
 * `EINTR`, `SA_RESTART`): a handler installed without restart ends the
 * waiting read with EINTR; installed with restart, the read goes on waiting
 * and completes when data comes.
 *
 * Run it: `npx ipckit demo signal`.
 *
 * @module
 */

import { createSystem } from "../../reference/index.ts";
import { SIGUSR1 } from "../../spec/index.ts";
import type { Demo, Write } from "./demo.ts";
import { bytes, codeOf, narrator, stillWaiting } from "./demo.ts";

async function run(write: Write): Promise<void> {
  const say = narrator(write);
  say.title("A signal interrupting a blocking read");
  const system = createSystem();
  const parent = system.spawn({ uid: 1000, gid: 100 });
  const worker = parent.fork();
  const [reader, writer] = worker.pipe();
  say("worker", `process ${worker.pid}: makes a pipe and reads from it`);

  worker.sigaction(SIGUSR1, { handler: (info) => say("worker", `  handler runs for SIGUSR1 from pid ${info.pid}`) });
  say("worker", "sigaction(SIGUSR1, handler): without SA_RESTART");
  const buffer = new Uint8Array(16);
  const first = reader.read(buffer);
  say("worker", `read: ${(await stillWaiting(first)) ? "waits, the pipe is empty" : "did NOT wait"}`);
  say("parent", `kill(${worker.pid}, SIGUSR1)`);
  parent.kill(worker.pid, SIGUSR1);
  try {
    await first;
    say("worker", "the read returned: WRONG, the handler should have interrupted it");
  } catch (error) {
    say("worker", `the read fails: ${codeOf(error)}, having read nothing (PIPE-BLK-7)`);
  }
  say.why("a C program checks errno == EINTR and calls read again, or asks for SA_RESTART");

  worker.sigaction(SIGUSR1, { handler: (info) => say("worker", `  handler runs for SIGUSR1 from pid ${info.pid}`), restart: true });
  say("worker", "sigaction(SIGUSR1, handler, SA_RESTART)");
  const second = reader.read(buffer);
  say("worker", `read: ${(await stillWaiting(second)) ? "waits again" : "did NOT wait"}`);
  say("parent", `kill(${worker.pid}, SIGUSR1)`);
  parent.kill(worker.pid, SIGUSR1);
  say("worker", `the read ${(await stillWaiting(second)) ? "goes on waiting: the handler ran and the call restarted (PIPE-BLK-8)" : "ended: WRONG"}`);
  writer.tryWrite(bytes("data"));
  say("worker", 'something writes "data" into the pipe');
  say("worker", `the read returns ${await second} bytes`);
  worker.exit(0);
}

/** The demonstration. */
export const signalDemo: Demo = {
  name: "signal",
  title: "a signal interrupting a blocking read",
  run,
};
