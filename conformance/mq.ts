/**
 * Conformance tests for POSIX message queues. None written yet.
 *
 * @module
 */

import type { Common, TestFunction } from "./harness.ts";

/**
 * Registers the tests of POSIX message queues.
 *
 * @param _test - registers one test
 * @param _common - what the implementation supports
 */
export function mqTests(_test: TestFunction, _common: Common): void {}
