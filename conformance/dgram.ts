/**
 * Conformance tests for datagram sockets. None written yet.
 *
 * @module
 */

import type { Common, TestFunction } from "./harness.ts";

/**
 * Registers the tests of datagram sockets.
 *
 * @param _test - registers one test
 * @param _common - what the implementation supports
 */
export function dgramTests(_test: TestFunction, _common: Common): void {}
