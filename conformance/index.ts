/**
 * The ipckit conformance suite: plug an implementation in through an
 * {@link Adapter}, run the tests of every clause, and read the results as an
 * event stream or a report.
 *
 * @packageDocumentation
 */

export type { Adapter } from "./adapter.ts";
export { adapterFromModule, adapterProblem, defineAdapter } from "./adapter.ts";
export type { Operation, OperationCheckOptions, OperationChecks, OutcomeRow, Tracked } from "./assert.ts";
export {
  AssertionFailure,
  describeValue,
  drain,
  expectBytes,
  expectEqual,
  expectOutcomes,
  expectPending,
  expectRejectsCode,
  expectResolves,
  expectReturns,
  expectServedInOrder,
  expectSync,
  expectThrowsCode,
  expectTrue,
  isThenable,
  operationChecks,
  outcome,
  pattern,
  track,
} from "./assert.ts";
export type { Cause, ClauseVerdict, ErrorInfo, RunEndEvent, RunEvent, RunStartEvent, Status, TestResultEvent } from "./events.ts";
export { FAILING_STATUSES, STATUSES, clauseVerdicts, describeVerdict, plural, summarize, worseStatus } from "./events.ts";
export type { BadValue, SignalProcess, Users } from "./fixtures/index.ts";
export {
  DEADLINE_SLACK_MS,
  PERMISSION_USERS,
  QUEUE_USERS,
  SIGNAL_CALLS,
  badDeadlines,
  beyondTimerRange,
  catchSignal,
  expectExpiresOnTime,
  expectPipeEmpty,
  filled,
  ignoreSigpipe,
  interruptWithSigusr1,
  notByteArrays,
  notStrings,
  requireCalls,
  setUmask,
  signalProcess,
  spawnProcesses,
  takeBuffered,
  users,
} from "./fixtures/index.ts";
export type {
  Common,
  SuiteFunction,
  Supports,
  TestBody,
  TestContext,
  TestDefinition,
  TestFunction,
  TestOptions,
  TestProcess,
  TestSystem,
} from "./harness.ts";
export { OPTIONAL_FEATURES, collectTests, hint, isSupported, manifestProblems, testKey } from "./harness.ts";
export { SetupFailure, SuiteFault, given } from "./setup.ts";
export type { Observations } from "./membrane.ts";
export { declaredCallsMissing } from "./manifest.ts";
export type { Executor, LoadedImplementation } from "./orchestrator.ts";
export { LoadError, inThreadExecutor, orchestrate, runSuite } from "./orchestrator.ts";
export { pipeTests } from "./pipe.ts";
export { fifoTests } from "./fifo.ts";
export { mqTests } from "./mq.ts";
export { msgTests } from "./msg.ts";
export { shmTests } from "./shm.ts";
export { semTests } from "./sem.ts";
export { mutexTests } from "./mutex.ts";
export { streamTests } from "./stream.ts";
export { dgramTests } from "./dgram.ts";
export { unixTests } from "./unix.ts";
export { signalTests } from "./signal.ts";
export type { DetailLine, Reporter, ReporterName, ReporterOptions, Write } from "./report/index.ts";
export {
  REPORTERS,
  createReporter,
  formatDetails,
  implementationStack,
  jsonReporter,
  junitReporter,
  prettyReporter,
  rerunCommand,
  resultDetails,
  shellWord,
  tapReporter,
} from "./report/index.ts";
export type { ResolvedRunOptions, RunOptions, Selection, TestOutcome } from "./runner.ts";
export {
  DEFAULT_NUM_RUNS,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_TIMEOUT_STREAK,
  MAX_TIMER_MS,
  classifyOutcome,
  errorInfo,
  executeTest,
  isFailure,
  isSelected,
  resolveRunOptions,
  resultFor,
  runTest,
  runtimeName,
  unsupportedOutcome,
} from "./runner.ts";
export { SUITES, allTests } from "./suite.ts";
export type { PropertyCheckOptions } from "./property.ts";
export { RunsShortfall, checkProperty, minimumRuns } from "./property.ts";
export type {
  BenchCase,
  BenchEndEvent,
  BenchEvent,
  BenchMeasurement,
  BenchMechanism,
  BenchProfile,
  BenchReport,
  BenchReporterName,
  BenchResultEvent,
  BenchStartEvent,
  BenchStatus,
  BenchSubject,
  LatencyStats,
  SubjectRole,
  TargetCheck,
  Workload,
} from "./bench/types.ts";
export { BENCH_MECHANISMS, BENCH_REPORTERS, NOT_MEASURED } from "./bench/types.ts";
export { FULL_PROFILE, QUICK_PROFILE, measureCase, measureWorkload } from "./bench/harness.ts";
export type { WorkloadSelection } from "./bench/workloads.ts";
export { MIXED_PRIORITIES, WORKLOADS, selectWorkloads, sizeLabel } from "./bench/workloads.ts";
export type { PeerCases, SyncByteChannel } from "./bench/peers.ts";
export { PEER_NAMES, PEER_NOTES, SeedQueue, peerSubject, streamCase, webPeers } from "./bench/peers.ts";
export type { BenchTarget } from "./bench/targets.ts";
export { TARGETS, evaluateTargets } from "./bench/targets.ts";
export type { BenchRunOptions } from "./bench/run.ts";
export { adapterSubject, collectBenchReport, runBench } from "./bench/run.ts";
export { formatBytesRate, formatDuration, formatRate, formatRatio } from "./bench/format.ts";
export type { BenchReporter, BenchReporterOptions } from "./bench/report.ts";
export {
  createBenchReporter,
  formatBenchHtml,
  formatBenchJson,
  formatBenchMarkdown,
  formatBenchTable,
} from "./bench/report.ts";
export * from "./remote/index.ts";
