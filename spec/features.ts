/**
 * The feature registry: every mechanism the specification covers, and the
 * process operations beyond `spawn`, with their optional parts and the
 * process calls each provides. Everything that lists mechanisms is derived
 * from this one table: the {@link Mechanism} union and clause ID prefixes,
 * the conformance suite's `Supports` manifest and the feature names a test
 * `requires`, the optional extensions that are SKIPPED rather than NOT
 * IMPLEMENTED when declined, the docs' mechanism tables and the spine test's
 * ID patterns. Adding a mechanism starts with its entry here.
 *
 * @module
 */

/** One optional part of a feature, such as the pipe's capacity extension. */
export interface PartEntry {
  /** What the part adds, in a phrase. */
  readonly summary: string;
  /**
   * `true` for an optional extension (a Linux extension POSIX does not
   * require): a test that needs it is SKIPPED when the implementation
   * declines it. Otherwise declining it makes its tests NOT IMPLEMENTED.
   */
  readonly optional: boolean;
  /** Process calls only this part provides. */
  readonly calls: readonly string[];
}

/** One feature: a mechanism with clauses of its own, or the process operations. */
export interface FeatureEntry {
  /** The feature, in a phrase, for tables and messages. */
  readonly title: string;
  /** The clause ID prefix of a mechanism (`PIPE`); empty for a feature without clauses. */
  readonly tag: string;
  /** The mechanism's guide, relative to the package root; empty when it has none. */
  readonly guide: string;
  /**
   * The calls on a process that a declared feature provides (besides those
   * of its parts). A call may belong to several features (`unlink` removes
   * FIFOs and Unix-path socket names alike).
   */
  readonly calls: readonly string[];
  /** Its parts, by name. */
  readonly parts: Readonly<Record<string, PartEntry>>;
}

/**
 * Every feature, in registry order (the order of the clause registry, the
 * suite and the docs' tables).
 *
 * @example The pipe's capacity extension is optional
 * ```ts
 * import { FEATURES } from "ipckit/spec";
 * console.assert(FEATURES.pipe.tag === "PIPE" && FEATURES.pipe.parts.capacity.optional);
 * ```
 */
export const FEATURES = {
  pipe: {
    title: "anonymous pipes",
    tag: "PIPE",
    guide: "docs/pipe.md",
    calls: ["pipe"],
    parts: {
      capacity: { summary: "the Linux capacity extension (F_GETPIPE_SZ / F_SETPIPE_SZ)", optional: true, calls: [] },
    },
  },
  fifo: {
    title: "named pipes (FIFOs)",
    tag: "FIFO",
    guide: "docs/fifo.md",
    calls: ["mkfifo", "openFifo", "tryOpenFifo", "unlink"],
    parts: {},
  },
  mq: {
    title: "POSIX message queues",
    tag: "MQ",
    guide: "docs/mq.md",
    calls: ["mqOpen", "mqUnlink"],
    parts: { notify: { summary: "mq_notify", optional: false, calls: [] } },
  },
  msg: {
    title: "System V message queues",
    tag: "MSG",
    guide: "docs/msg.md",
    calls: ["msgget", "msgsnd", "tryMsgsnd", "msgrcv", "tryMsgrcv", "msgctl"],
    parts: { except: { summary: "Linux's MSG_EXCEPT", optional: true, calls: [] } },
  },
  shm: {
    title: "POSIX shared memory",
    tag: "SHM",
    guide: "docs/shm.md",
    calls: ["shmOpen", "shmUnlink"],
    parts: {},
  },
  sem: {
    title: "POSIX semaphores",
    tag: "SEM",
    guide: "docs/sem.md",
    calls: ["semInit", "semWait", "semTryWait", "semPost", "semGetValue", "semDestroy"],
    parts: { named: { summary: "named semaphores (sem_open, sem_close, sem_unlink)", optional: false, calls: ["semOpen", "semClose", "semUnlink"] } },
  },
  mutex: {
    title: "process-shared mutexes",
    tag: "MUTEX",
    guide: "docs/mutex.md",
    calls: ["mutexInit", "mutexLock", "mutexTryLock", "mutexUnlock", "mutexDestroy"],
    parts: {},
  },
  signal: {
    title: "signals, and how they interrupt blocking calls",
    tag: "SIG",
    guide: "docs/signal.md",
    calls: ["kill", "sigqueue", "sigaction", "sigprocmask", "sigpending", "sigwait", "trySigwait"],
    parts: {},
  },
  stream: {
    title: "stream sockets",
    tag: "ST",
    guide: "docs/stream.md",
    calls: ["socket", "socketpair"],
    parts: {},
  },
  dgram: {
    title: "datagram sockets",
    tag: "DG",
    guide: "docs/dgram.md",
    calls: ["socket", "socketpair"],
    parts: {},
  },
  unix: {
    title: "Unix-path socket addresses",
    tag: "UX",
    guide: "docs/unix.md",
    calls: ["socket", "unlink"],
    parts: {},
  },
  process: {
    title: "process operations beyond spawn",
    tag: "",
    guide: "",
    calls: [],
    parts: {
      fork: { summary: "fork", optional: false, calls: ["fork"] },
      exit: { summary: "exit", optional: false, calls: ["exit"] },
      umask: { summary: "the file mode creation mask", optional: false, calls: ["umask"] },
    },
  },
} as const satisfies Readonly<Record<string, FeatureEntry>>;

/** A feature of the registry: a mechanism, or `process`. */
export type Feature = keyof typeof FEATURES;

/** The IPC mechanisms the specification covers; each clause belongs to one. */
export type Mechanism = Exclude<Feature, "process">;

/** The names of a feature's parts. */
export type PartOf<F extends Feature> = keyof (typeof FEATURES)[F]["parts"] & string;

/**
 * A feature as a dotted name, as tests `require` it: `"pipe"`,
 * `"pipe.capacity"`, `"process.fork"`.
 */
export type FeatureName = { [F in Feature]: F | `${F}.${PartOf<F>}` }[Feature];

/** Every feature name, in registry order. */
export const FEATURE_NAMES: readonly Feature[] = Object.freeze(Object.keys(FEATURES) as Feature[]);

/** Every mechanism, in registry order. */
export const MECHANISMS: readonly Mechanism[] = Object.freeze(FEATURE_NAMES.filter((f): f is Mechanism => f !== "process"));

/**
 * The ID prefix for each mechanism.
 *
 * @example The pipe's prefix
 * ```ts
 * import { MECHANISM_TAGS } from "ipckit/spec";
 * console.assert(MECHANISM_TAGS.pipe === "PIPE");
 * ```
 */
export const MECHANISM_TAGS: Readonly<Record<Mechanism, string>> = Object.freeze(
  Object.fromEntries(MECHANISMS.map((m) => [m, FEATURES[m].tag])) as Record<Mechanism, string>,
);

/**
 * Every dotted feature name: each feature, then each of its parts.
 *
 * @returns the names, in registry order
 *
 * @example
 * ```ts
 * import { featureNames } from "ipckit/spec";
 * console.assert(featureNames().includes("process.fork") && featureNames().includes("pipe"));
 * ```
 */
export function featureNames(): FeatureName[] {
  const names: string[] = [];
  for (const feature of FEATURE_NAMES) {
    names.push(feature);
    for (const part of Object.keys(FEATURES[feature].parts)) names.push(`${feature}.${part}`);
  }
  return names as FeatureName[];
}

/**
 * Whether a string is a feature name of the registry.
 *
 * @param name - the candidate, such as `"pipe.capacity"`
 * @returns `true` for a registered feature or part
 *
 * @example
 * ```ts
 * import { isFeatureName } from "ipckit/spec";
 * console.assert(isFeatureName("pipe.capacity") && !isFeatureName("pipes"));
 * ```
 */
export function isFeatureName(name: string): name is FeatureName {
  return (featureNames() as string[]).includes(name);
}

/**
 * Whether a part is an optional extension (declined: SKIPPED).
 *
 * @param name - a dotted feature name
 * @returns `true` for an optional part
 *
 * @example
 * ```ts
 * import { isOptionalFeature } from "ipckit/spec";
 * console.assert(isOptionalFeature("pipe.capacity") && !isOptionalFeature("sem.named") && !isOptionalFeature("pipe"));
 * ```
 */
export function isOptionalFeature(name: FeatureName): boolean {
  const [feature, part] = name.split(".", 2) as [Feature, string | undefined];
  if (part === undefined) return false;
  const entry = (FEATURES[feature].parts as Readonly<Record<string, PartEntry>>)[part];
  return entry?.optional === true;
}

/**
 * The process calls a feature, or one of its parts, provides: a whole
 * feature's own calls (not those of its parts), or a part's.
 *
 * @param name - a dotted feature name
 * @returns the calls
 *
 * @example
 * ```ts
 * import { callsOf } from "ipckit/spec";
 * console.assert(callsOf("sem").includes("semWait") && !callsOf("sem").includes("semOpen"));
 * console.assert(callsOf("sem.named").includes("semOpen") && callsOf("process.fork").join() === "fork");
 * ```
 */
export function callsOf(name: FeatureName): readonly string[] {
  const [feature, part] = name.split(".", 2) as [Feature, string | undefined];
  const entry: FeatureEntry = FEATURES[feature];
  return part === undefined ? entry.calls : (entry.parts[part]?.calls ?? []);
}

/**
 * The mechanism whose clause ID prefix is `tag`.
 *
 * @param tag - a prefix such as `"PIPE"`
 * @returns the mechanism, or `undefined` when no mechanism has it
 *
 * @example
 * ```ts
 * import { mechanismOfTag } from "ipckit/spec";
 * console.assert(mechanismOfTag("SIG") === "signal" && mechanismOfTag("NOPE") === undefined);
 * ```
 */
export function mechanismOfTag(tag: string): Mechanism | undefined {
  return MECHANISMS.find((m) => FEATURES[m].tag === tag);
}
