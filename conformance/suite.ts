/**
 * The suite: every mechanism's test function, keyed by the feature registry,
 * and the tests they register.
 *
 * @module
 */

import type { Mechanism } from "../spec/features.ts";
import { MECHANISMS } from "../spec/features.ts";
import { collectTests } from "./harness.ts";
import type { SuiteFunction, TestDefinition } from "./harness.ts";
import { dgramTests } from "./dgram.ts";
import { fifoTests } from "./fifo.ts";
import { mqTests } from "./mq.ts";
import { msgTests } from "./msg.ts";
import { mutexTests } from "./mutex.ts";
import { pipeTests } from "./pipe.ts";
import { semTests } from "./sem.ts";
import { shmTests } from "./shm.ts";
import { signalTests } from "./signal.ts";
import { streamTests } from "./stream.ts";
import { unixTests } from "./unix.ts";

/**
 * Each mechanism's test function. Keyed by the feature registry's
 * mechanisms, so a mechanism without tests is a type error.
 */
export const SUITES: Readonly<Record<Mechanism, SuiteFunction>> = {
  pipe: pipeTests,
  fifo: fifoTests,
  mq: mqTests,
  msg: msgTests,
  shm: shmTests,
  sem: semTests,
  mutex: mutexTests,
  signal: signalTests,
  stream: streamTests,
  dgram: dgramTests,
  unix: unixTests,
};

let tests: readonly TestDefinition[] | undefined;

/**
 * Every test of the suite, in registration order (the registry's order of
 * mechanisms). The list is computed once and is the same whatever the
 * implementation under test provides: the manifest decides only which of
 * them run.
 *
 * @returns the tests
 *
 * @example
 * ```ts
 * import { allTests } from "ipckit/conformance";
 * console.assert(allTests().every((test) => test.key.startsWith(`[${test.clause}]`)));
 * console.assert(allTests() === allTests());
 * ```
 */
export function allTests(): readonly TestDefinition[] {
  tests ??= Object.freeze(collectTests(MECHANISMS.map((feature) => ({ feature, suite: SUITES[feature] }))));
  return tests;
}
