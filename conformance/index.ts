/**
 * The ipckit conformance suite: plug an implementation in through an
 * {@link Adapter}, run the tests of every clause, and read the results as an
 * event stream or a report.
 *
 * @packageDocumentation
 */

export type { Adapter } from "./adapter.ts";
export { adapterFromModule, adapterProblem, defineAdapter } from "./adapter.ts";
export type { Tracked } from "./assert.ts";
export {
  AssertionFailure,
  describeValue,
  drain,
  expectBytes,
  expectEqual,
  expectPending,
  expectRejectsCode,
  expectResolves,
  expectSync,
  expectThrowsCode,
  expectTrue,
  isThenable,
  pattern,
  track,
} from "./assert.ts";
export type { RunEndEvent, RunEvent, RunStartEvent, Status, TestResultEvent } from "./events.ts";
export { FAILING_STATUSES, STATUSES, summarize } from "./events.ts";
export type {
  Common,
  SuiteFunction,
  Supports,
  TestBody,
  TestContext,
  TestDefinition,
  TestFunction,
  TestOptions,
} from "./harness.ts";
export { OPTIONAL_FEATURES, collectTests, isSupported, testKey } from "./harness.ts";
export { pipeTests } from "./pipe.ts";
export { fifoTests } from "./fifo.ts";
export { mqTests } from "./mq.ts";
export { msgTests } from "./msg.ts";
export { shmTests } from "./shm.ts";
export { semTests } from "./sem.ts";
export { mutexTests } from "./mutex.ts";
export type { Reporter, ReporterName, ReporterOptions, Write } from "./report/index.ts";
export { REPORTERS, createReporter, jsonReporter, junitReporter, prettyReporter, tapReporter } from "./report/index.ts";
export type { ResolvedRunOptions, RunOptions, Selection } from "./runner.ts";
export {
  DEFAULT_NUM_RUNS,
  DEFAULT_TIMEOUT_MS,
  classifyThrown,
  isFailure,
  isSelected,
  resolveRunOptions,
  resultFor,
  runSuite,
  runTest,
  runtimeName,
  unsupportedResult,
} from "./runner.ts";
export { SUITES, allTests } from "./suite.ts";
export { checkProperty } from "./property.ts";
