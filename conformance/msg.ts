/**
 * Conformance tests for System V message queues. None written yet.
 *
 * @module
 */

import type { Common, TestFunction } from "./harness.ts";

/**
 * Registers the tests of System V message queues.
 *
 * @param _test - registers one test
 * @param _common - what the implementation supports
 */
export function msgTests(_test: TestFunction, _common: Common): void {}
