/**
 * Conformance tests for named pipes (FIFOs). None written yet.
 *
 * @module
 */

import type { Common, TestFunction } from "./harness.ts";

/**
 * Registers the tests of named pipes (FIFOs).
 *
 * @param _test - registers one test
 * @param _common - what the implementation supports
 */
export function fifoTests(_test: TestFunction, _common: Common): void {}
