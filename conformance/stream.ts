/**
 * Conformance tests for stream sockets. None written yet.
 *
 * @module
 */

import type { Common, TestFunction } from "./harness.ts";

/**
 * Registers the tests of stream sockets.
 *
 * @param _test - registers one test
 * @param _common - what the implementation supports
 */
export function streamTests(_test: TestFunction, _common: Common): void {}
