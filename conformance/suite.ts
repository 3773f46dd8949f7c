/**
 * The suite: every mechanism's test function, in one list, and the tests
 * they register.
 *
 * @module
 */

import type { Supports } from "./harness.ts";
import { collectTests, isSupported } from "./harness.ts";
import type { SuiteFunction, TestDefinition } from "./harness.ts";
import { fifoTests } from "./fifo.ts";
import { mqTests } from "./mq.ts";
import { msgTests } from "./msg.ts";
import { mutexTests } from "./mutex.ts";
import { semTests } from "./sem.ts";
import { shmTests } from "./shm.ts";
import { signalTests } from "./signal.ts";
import { dgramTests } from "./dgram.ts";
import { streamTests } from "./stream.ts";
import { unixTests } from "./unix.ts";
import { pipeTests } from "./pipe.ts";

/**
 * Each mechanism's tests with the feature name that gates them.
 */
export const SUITES: readonly { readonly feature: string; readonly suite: SuiteFunction }[] = [
  { feature: "pipe", suite: pipeTests },
  { feature: "fifo", suite: fifoTests },
  { feature: "mq", suite: mqTests },
  { feature: "msg", suite: msgTests },
  { feature: "shm", suite: shmTests },
  { feature: "sem", suite: semTests },
  { feature: "mutex", suite: mutexTests },
  { feature: "signal", suite: signalTests },
  { feature: "stream", suite: streamTests },
  { feature: "dgram", suite: dgramTests },
  { feature: "unix", suite: unixTests },
];

/**
 * Every test of the suite, in registration order. The list is the same for
 * every manifest; the manifest only decides what `common.supports` answers
 * while tests are registered.
 *
 * @param supports - the manifest of the implementation under test; default: everything
 * @returns the tests
 *
 * @example
 * ```ts
 * import { allTests } from "ipckit/conformance";
 * console.assert(allTests().every((test) => test.key.startsWith(`[${test.clause}]`)));
 * ```
 */
export function allTests(supports?: Supports): TestDefinition[] {
  return collectTests(SUITES, {
    supports: (feature) => supports === undefined || isSupported(supports, feature),
  });
}
