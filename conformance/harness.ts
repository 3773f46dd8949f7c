/**
 * How conformance tests are written and plugged in. A mechanism's tests are
 * one function of `(test, common)`, in the manner of abstract-level's suite:
 * `test` registers a test against a clause, `common` tells what the
 * implementation supports. Test bodies receive a {@link TestContext} that
 * makes fresh systems from the adapter.
 *
 * @module
 */

import type { IpcProcess, IpcSystem, SpawnOptions } from "../spec/system.ts";

/**
 * What a test body receives.
 */
export interface TestContext {
  /**
   * Makes a fresh, independent system from the adapter's factory.
   *
   * @returns the new system
   */
  system(): Promise<IpcSystem>;
  /**
   * Makes a fresh system and one process in it: the usual start of a test.
   *
   * @param options - the process's credentials
   * @returns the process
   */
  process(options?: SpawnOptions): Promise<IpcProcess>;
  /** The seed for anything random in the test (fast-check's `seed`). */
  readonly seed: number;
  /** How many runs a property-based test makes (fast-check's `numRuns`). */
  readonly numRuns: number;
  /** The time this test has, in milliseconds (its timeout, factor included). */
  readonly timeoutMs: number;
  /** Aborted when the test runs out of time, so a body may stop early. */
  readonly signal: AbortSignal;
}

/** A test body. It fails by throwing; an {@link AssertionFailure} is a FAIL. */
export type TestBody = (t: TestContext) => Promise<void> | void;

/** Options for one registered test. */
export interface TestOptions {
  /**
   * Features the test needs, as dotted names from the {@link Supports}
   * manifest (`"pipe"`, `"pipe.capacity"`, `"process.fork"`). An
   * implementation that lacks one gets NOT IMPLEMENTED, or SKIPPED when the
   * clause is optional. Every test needs its mechanism; that one is implied.
   */
  readonly requires?: readonly string[];
  /** A multiplier on the per-test timeout, for tests that do more work. */
  readonly timeoutFactor?: number;
}

/**
 * Registers a test of one clause. The title is a sentence stating the rule
 * checked; reports show it as `[CLAUSE-ID] title`.
 */
export type TestFunction = (clause: string, title: string, body: TestBody, options?: TestOptions) => void;

/**
 * A feature manifest: which mechanisms, and which optional parts of them, an
 * implementation provides. `true` at any level means "everything below";
 * absent or `false` means "not provided".
 *
 * @example Pipes without the capacity extension, with fork and exit
 * ```ts
 * import type { Supports } from "ipckit/conformance";
 * const supports: Supports = { pipe: { capacity: false }, process: { fork: true, exit: true } };
 * ```
 */
export interface Supports {
  /** Anonymous pipes; `capacity`: the Linux capacity extension (PIPE-CAP-2..6). */
  readonly pipe?: boolean | { readonly capacity?: boolean };
  /** Process operations beyond spawning: `fork`, `exit` and `umask`. */
  readonly process?: boolean | { readonly fork?: boolean; readonly exit?: boolean; readonly umask?: boolean };
  /** Named pipes (FIFOs): `mkfifo`, `openFifo`, `tryOpenFifo`, `unlink`. */
  readonly fifo?: boolean;
  /** POSIX message queues: `mqOpen`, `mqUnlink`; `notify`: `mq_notify`. */
  readonly mq?: boolean | { readonly notify?: boolean };
  /** System V message queues: `msgget`, `msgsnd`, `msgrcv`, `msgctl`; `except`: Linux's `MSG_EXCEPT`. */
  readonly msg?: boolean | { readonly except?: boolean };
  /** POSIX shared memory: `shmOpen`, `shmUnlink` and mappings. */
  readonly shm?: boolean;
  /** POSIX semaphores, unnamed and (part `named`) named. */
  readonly sem?: boolean | { readonly named?: boolean };
  /** Process-shared error-checking mutexes. */
  readonly mutex?: boolean;
  /** Stream sockets with internet-style addresses, and `socketpair`. */
  readonly stream?: boolean;
  /** Datagram sockets with internet-style addresses. */
  readonly dgram?: boolean;
  /** Unix-path addresses for stream and datagram sockets. */
  readonly unix?: boolean;
  /**
   * Signals: `kill`, `sigqueue`, `sigaction`, `sigprocmask`, `sigpending`,
   * `sigwait`, `trySigwait`, `pgid` and `status`; with it, the EINTR and
   * SIGPIPE clauses of the other mechanisms run too.
   */
  readonly signal?: boolean;
  /** Further features, for mechanisms to come. */
  readonly [feature: string]: boolean | { readonly [part: string]: boolean | undefined } | undefined;
}

/**
 * Whether a manifest provides a feature given as a dotted name. A mechanism
 * set to `true` provides all its parts; a mechanism given as an object is
 * provided, with every part it does not set to `false`.
 *
 * @param supports - the manifest
 * @param feature - a dotted name such as `"pipe.capacity"`
 * @returns `true` when provided
 *
 * @example
 * ```ts
 * import { isSupported } from "ipckit/conformance";
 * console.assert(isSupported({ pipe: true }, "pipe.capacity"));
 * console.assert(!isSupported({ pipe: { capacity: false } }, "pipe.capacity"));
 * console.assert(!isSupported({}, "pipe"));
 * ```
 */
export function isSupported(supports: Supports, feature: string): boolean {
  const [head, part] = feature.split(".", 2) as [string, string | undefined];
  const entry = supports[head];
  if (entry === undefined || entry === false) return false;
  if (entry === true || part === undefined) return true;
  return entry[part] !== false;
}

/**
 * Features that are optional extensions: an implementation may decline them,
 * and a test that needs one is SKIPPED (not NOT IMPLEMENTED) when declined,
 * whatever the level of the clause it checks.
 */
export const OPTIONAL_FEATURES: ReadonlySet<string> = new Set(["pipe.capacity", "msg.except"]);

/**
 * What the suite hands each mechanism's test function alongside `test`.
 */
export interface Common {
  /**
   * Whether the implementation under test provides a feature.
   *
   * @param feature - a dotted feature name
   * @returns `true` when provided
   */
  supports(feature: string): boolean;
}

/** A mechanism's tests, as registered by its test function. */
export type SuiteFunction = (test: TestFunction, common: Common) => void;

/** One registered test. */
export interface TestDefinition {
  /** The clause it checks. */
  readonly clause: string;
  /** The rule it checks, as a sentence. */
  readonly title: string;
  /** Unique key within the suite: `[CLAUSE] title`. */
  readonly key: string;
  /** Features it needs, its mechanism's first. */
  readonly requires: readonly string[];
  /** Timeout multiplier. */
  readonly timeoutFactor: number;
  /** The body. */
  readonly body: TestBody;
}

/**
 * Builds a test's display title and unique key.
 *
 * @param clause - the clause ID
 * @param title - the sentence
 * @returns `[CLAUSE] sentence`
 *
 * @example
 * ```ts
 * import { testKey } from "ipckit/conformance";
 * console.assert(testKey("PIPE-EOF-1", "read sees EOF") === "[PIPE-EOF-1] read sees EOF");
 * ```
 */
export function testKey(clause: string, title: string): string {
  return `[${clause}] ${title}`;
}

/**
 * Runs suite functions and collects their tests in registration order.
 *
 * @param suites - each mechanism's test function, with its mechanism's feature name
 * @param common - what the suite functions are given
 * @returns the tests
 * @throws {Error} when two tests have the same key
 *
 * @example
 * ```ts
 * import { collectTests } from "ipckit/conformance";
 * const tests = collectTests([{ feature: "pipe", suite: (test) => test("PIPE-EOF-1", "x", () => {}) }], { supports: () => true });
 * console.assert(tests[0]?.key === "[PIPE-EOF-1] x");
 * ```
 */
export function collectTests(
  suites: readonly { readonly feature: string; readonly suite: SuiteFunction }[],
  common: Common,
): TestDefinition[] {
  const tests: TestDefinition[] = [];
  const keys = new Set<string>();
  for (const { feature, suite } of suites) {
    suite((clause, title, body, options = {}) => {
      const key = testKey(clause, title);
      if (keys.has(key)) throw new Error(`duplicate conformance test: ${key}`);
      keys.add(key);
      tests.push({
        clause,
        title,
        key,
        requires: [feature, ...(options.requires ?? []).filter((r) => r !== feature)],
        timeoutFactor: options.timeoutFactor ?? 1,
        body,
      });
    }, common);
  }
  return tests;
}
