/**
 * Conformance tests for Unix-path socket addresses. None written yet.
 *
 * @module
 */

import type { Common, TestFunction } from "./harness.ts";

/**
 * Registers the tests of Unix-path socket addresses.
 *
 * @param _test - registers one test
 * @param _common - what the implementation supports
 */
export function unixTests(_test: TestFunction, _common: Common): void {}
