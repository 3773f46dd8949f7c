/**
 * The demonstrations `ipckit demo` runs, by name, in the order it lists
 * them: the classic IPC exercises, each on a fresh reference system.
 *
 * @module
 */

import type { Demo } from "./demo.ts";
import { fifoDemo } from "./fifo-permissions.ts";
import { mqDemo } from "./mq-priorities.ts";
import { pipeDemo } from "./pipe-parent-child.ts";
import { shmDemo } from "./shm-mutex.ts";
import { signalDemo } from "./signal-read.ts";
import { streamDemo } from "./stream-socket.ts";

export type { Demo, Write } from "./demo.ts";

/** Every demonstration. */
export const DEMOS: readonly Demo[] = [pipeDemo, fifoDemo, mqDemo, shmDemo, streamDemo, signalDemo];
