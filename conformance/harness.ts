/**
 * How conformance tests are written and plugged in. A mechanism's tests are
 * one function of `(test, common)`, in the manner of abstract-level's suite:
 * `test` registers a test against a clause, `common` tells what the
 * implementation supports. Test bodies receive a {@link TestContext} that
 * makes fresh systems from the adapter.
 *
 * @module
 */

import type { Feature, FeatureName, PartOf } from "../spec/features.ts";
import { FEATURE_NAMES, FEATURES, featureNames, isOptionalFeature } from "../spec/features.ts";
import type { FifoApi } from "../spec/fifo.ts";
import type { UmaskApi } from "../spec/namespace.ts";
import type { MqApi } from "../spec/mq.ts";
import type { MsgApi } from "../spec/msg.ts";
import type { MutexApi } from "../spec/mutex.ts";
import type { SemApi } from "../spec/sem.ts";
import type { ShmApi } from "../spec/shm.ts";
import type { SignalApi } from "../spec/signal.ts";
import type { SocketApi } from "../spec/socket.ts";
import type { IpcProcess, IpcSystem, SpawnOptions } from "../spec/system.ts";

/**
 * A process as tests see it: every mechanism's calls typed as present. The
 * suite lets a test reach only the calls of the features it requires (or
 * asked about with {@link TestContext.supports}): a call of any other feature
 * ends the test as a fault of the suite, so a partial implementation never
 * needs calls it does not declare.
 */
export type TestProcess = IpcProcess & FifoApi & MqApi & MsgApi & ShmApi & SemApi & MutexApi & SocketApi & SignalApi & UmaskApi;

/** A system as tests see it: its processes are {@link TestProcess}es. */
export interface TestSystem extends IpcSystem {
  /**
   * Creates a process (see `IpcSystem.spawn`).
   *
   * @param options - its credentials
   * @returns the process
   */
  spawn(options?: SpawnOptions): TestProcess;
}

/**
 * What a test body receives.
 */
export interface TestContext {
  /**
   * Makes a fresh, independent system from the adapter's factory.
   *
   * @returns the new system
   */
  system(): Promise<TestSystem>;
  /**
   * Makes a fresh system and one process in it: the usual start of a test.
   *
   * @param options - the process's credentials
   * @returns the process
   */
  process(options?: SpawnOptions): Promise<TestProcess>;
  /**
   * Whether the implementation provides a feature. A test may use the calls
   * of a feature it did not require once this has answered `true` for it
   * (to ignore SIGPIPE when signals exist, say).
   *
   * @param feature - a dotted feature name
   * @returns `true` when provided
   */
  supports(feature: FeatureName): boolean;
  /**
   * A duration of the test scaled by the run's timeout multiplier: every
   * time constant in a test goes through it, so a slow machine run with
   * `--timeout-multiplier` gets proportionally more slack.
   *
   * @param ms - the duration on an unloaded machine, in milliseconds
   * @returns the scaled duration
   */
  ms(ms: number): number;
  /**
   * Records a fact about the run for the report ("62 of 100 runs").
   *
   * @param note - the fact, as a phrase
   */
  note(note: string): void;
  /** The seed for anything random in the test (fast-check's `seed`). */
  readonly seed: number;
  /** How many runs a property-based test makes (fast-check's `numRuns`). */
  readonly numRuns: number;
  /** The time this test has, in milliseconds (its timeout, factor included). */
  readonly timeoutMs: number;
  /** The run's timeout multiplier (1 unless told otherwise). */
  readonly timeoutMultiplier: number;
  /** Aborted when the test runs out of time, so a body may stop early. */
  readonly signal: AbortSignal;
}

/** A test body. It fails by throwing; an {@link AssertionFailure} is a FAIL. */
export type TestBody = (t: TestContext) => Promise<void> | void;

/** Options for one registered test. */
export interface TestOptions {
  /**
   * Features the test needs, as dotted names of the feature registry
   * (`"pipe"`, `"pipe.capacity"`, `"process.fork"`). An implementation that
   * lacks one gets NOT IMPLEMENTED, or SKIPPED when the clause is optional
   * or every missing feature is an optional extension. The suite's
   * mechanism is implied. A test may call only what these (and features it
   * asked about with `t.supports`) provide.
   */
  readonly requires?: readonly FeatureName[];
  /** A multiplier on the per-test timeout, for tests that do more work. */
  readonly timeoutFactor?: number;
}

/**
 * Registers a test of one clause. The title is a sentence stating the rule
 * checked; reports show it as `[CLAUSE-ID] title`.
 */
export type TestFunction = (clause: string, title: string, body: TestBody, options?: TestOptions) => void;

/**
 * A feature manifest: which mechanisms, and which parts of them, an
 * implementation provides. `true` means the feature and all its parts;
 * an object means the feature with exactly the parts it sets to `true`
 * (`{ fork: true, exit: true }` is fork and exit without umask); absent or
 * `false` means not provided. The names come from the feature
 * registry (`FEATURES` in `ipckit/spec`): a name that is not there is a
 * type error, and a load error when the manifest is read at run time.
 *
 * @example Pipes without the capacity extension, with fork and exit
 * ```ts
 * import type { Supports } from "ipckit/conformance";
 * const supports: Supports = { pipe: { capacity: false }, process: { fork: true, exit: true } };
 * console.assert(supports.pipe !== undefined);
 * ```
 */
export type Supports = {
  readonly [F in Feature]?: [PartOf<F>] extends [never] ? boolean : boolean | { readonly [P in PartOf<F>]?: boolean };
};

/**
 * Whether a manifest provides a feature given as a dotted name. A feature
 * set to `true` provides all its parts; a feature given as an object is
 * provided, with the parts it sets to `true`.
 *
 * @param supports - the manifest
 * @param feature - a dotted name such as `"pipe.capacity"`
 * @returns `true` when provided
 *
 * @example
 * ```ts
 * import { isSupported } from "ipckit/conformance";
 * console.assert(isSupported({ pipe: true }, "pipe.capacity"));
 * console.assert(!isSupported({ pipe: { capacity: false } }, "pipe.capacity") && isSupported({ pipe: {} }, "pipe"));
 * console.assert(isSupported({ process: { fork: true } }, "process.fork") && !isSupported({ process: { fork: true } }, "process.umask"));
 * console.assert(!isSupported({}, "pipe"));
 * ```
 */
export function isSupported(supports: Supports, feature: FeatureName): boolean {
  const [head, part] = feature.split(".", 2) as [Feature, string | undefined];
  const entry = (supports as Readonly<Record<string, boolean | Readonly<Record<string, boolean | undefined>> | undefined>>)[head];
  if (entry === undefined || entry === false) return false;
  if (entry === true || part === undefined) return true;
  return entry[part] === true;
}

/**
 * Features that are optional extensions: an implementation may decline them,
 * and a test that needs one is SKIPPED (not NOT IMPLEMENTED) when declined,
 * whatever the level of the clause it checks. Derived from the feature
 * registry.
 */
export const OPTIONAL_FEATURES: ReadonlySet<FeatureName> = new Set(featureNames().filter(isOptionalFeature));

/**
 * What is wrong with a manifest read at run time: names that are not in the
 * feature registry (with the nearest registered name as a hint), and values
 * that are neither booleans nor objects of booleans.
 *
 * @param supports - the manifest, as the adapter gave it
 * @returns the problems, empty when the manifest is well formed
 *
 * @example A typo
 * ```ts
 * import { manifestProblems } from "ipckit/conformance";
 * console.assert(manifestProblems({ pipes: true })[0] === 'unknown feature "pipes" (did you mean "pipe"?)');
 * console.assert(manifestProblems({ pipe: { capacity: false }, process: true }).length === 0);
 * ```
 */
export function manifestProblems(supports: unknown): string[] {
  if (typeof supports !== "object" || supports === null || Array.isArray(supports)) return ["supports must be an object"];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(supports)) {
    if (!(FEATURE_NAMES as readonly string[]).includes(name)) {
      problems.push(`unknown feature "${name}"${hint(name, FEATURE_NAMES)}`);
      continue;
    }
    if (value === undefined || typeof value === "boolean") continue;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problems.push(`feature "${name}" must be true, false or an object of its parts`);
      continue;
    }
    const parts = Object.keys(FEATURES[name as Feature].parts);
    for (const [part, flag] of Object.entries(value as Record<string, unknown>)) {
      if (!parts.includes(part)) {
        problems.push(
          parts.length === 0
            ? `feature "${name}" has no parts (found "${part}"); use true or false`
            : `unknown part "${name}.${part}"${hint(part, parts, `${name}.`)}`,
        );
      } else if (flag !== undefined && typeof flag !== "boolean") {
        problems.push(`part "${name}.${part}" must be true or false`);
      }
    }
  }
  return problems;
}

/**
 * ` (did you mean "X"?)` for the known name closest to `name`, or nothing
 * when none is close.
 *
 * @param name - what was given
 * @param known - the names it should have been one of
 * @param prefix - put before the suggestion (`"pipe."`)
 * @returns the hint, or an empty string
 *
 * @example
 * ```ts
 * import { hint } from "ipckit/conformance";
 * console.assert(hint("pipes", ["pipe", "fifo"]) === ' (did you mean "pipe"?)' && hint("zzzzzz", ["pipe"]) === "");
 * ```
 */
export function hint(name: string, known: readonly string[], prefix = ""): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const close = best !== undefined && (bestDistance <= 2 || bestDistance <= Math.floor(best.length / 3) || best.toLowerCase().startsWith(name.toLowerCase()));
  return close ? ` (did you mean "${prefix}${best}"?)` : "";
}

/** Levenshtein distance, two rows. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * What the suite hands each mechanism's test function alongside `test`: the
 * mechanism it registers tests for. Whether the implementation provides a
 * feature is known only when a test runs: ask `t.supports` there.
 */
export interface Common {
  /** The feature whose tests are being registered. */
  readonly feature: Feature;
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
  readonly requires: readonly FeatureName[];
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
 * Runs suite functions and collects their tests in registration order. The
 * list depends on nothing but the suites: it is the same whatever the
 * implementation under test provides.
 *
 * @param suites - each mechanism's test function, with its mechanism's feature name
 * @returns the tests
 * @throws {Error} when two tests have the same key
 *
 * @example
 * ```ts
 * import { collectTests } from "ipckit/conformance";
 * const tests = collectTests([{ feature: "pipe", suite: (test) => test("PIPE-EOF-1", "x", () => {}) }]);
 * console.assert(tests[0]?.key === "[PIPE-EOF-1] x" && tests[0]?.requires[0] === "pipe");
 * ```
 */
export function collectTests(suites: readonly { readonly feature: Feature; readonly suite: SuiteFunction }[]): TestDefinition[] {
  const tests: TestDefinition[] = [];
  const keys = new Set<string>();
  for (const { feature, suite } of suites) {
    suite(
      (clause, title, body, options = {}) => {
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
      },
      { feature },
    );
  }
  return tests;
}
