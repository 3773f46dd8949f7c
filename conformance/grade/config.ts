/**
 * The grading configuration of an assignment: which features and clauses it
 * covers, the points of each clause, which clauses stay hidden until after
 * the due date, the one seed of the class, and the time and memory each
 * submission gets. A JSON file an instructor writes (its JSON Schema is
 * `schema/grade-config.schema.json`), checked here with errors that name
 * the field and what was wrong. Runtime-neutral: no I/O.
 *
 * @module
 */

import type { Level } from "../../spec/clause.ts";
import { featureNames, isFeatureName, isOptionalFeature } from "../../spec/features.ts";
import type { FeatureName } from "../../spec/features.ts";
import { CLAUSES } from "../../spec/registry.ts";
import { hint } from "../harness.ts";

/** Gradescope's visibility of a test (or of the whole result). */
export type Visibility = "visible" | "hidden" | "after_due_date" | "after_published";

/**
 * How a clause with several tests earns its points: `all` (every test of
 * the clause must pass) or `proportional` (the points times the share of
 * its tests that passed).
 */
export type PartialCredit = "all" | "proportional";

/** Points per clause, as an instructor writes them. */
export interface PointsConfig {
  /** Points of a clause nothing more specific names; default 1. */
  readonly default?: number;
  /** Points by the clause's level (`core`, `extended`, `optional`). */
  readonly levels?: { readonly [L in Level]?: number };
  /**
   * Points by clause ID or ID prefix (`"PIPE-EOF-1"`, `"PIPE-ATOM"`,
   * `"MQ"`); the longest matching key wins, over levels and the default.
   */
  readonly clauses?: Readonly<Record<string, number>>;
}

/** Partial credit, as an instructor writes it. */
export interface PartialCreditConfig {
  /** For every clause nothing more specific names; default `all`. */
  readonly default?: PartialCredit;
  /** By clause ID or ID prefix; the longest matching key wins. */
  readonly clauses?: Readonly<Record<string, PartialCredit>>;
}

/**
 * The grading configuration as written in the JSON file. Every field is
 * optional; without a file every clause of the suite counts one point and
 * nothing is hidden.
 */
export interface GradeConfig {
  /** The schema's URL or path, for editors; ignored. */
  readonly $schema?: string;
  /** The assignment's title, shown in every report. */
  readonly title?: string;
  /**
   * The features the assignment asks for, as dotted names of the feature
   * registry: mechanisms (`"pipe"`, `"mq"`) and the optional parts it asks
   * for too (`"pipe.capacity"`). A mechanism brings its parts that are not
   * optional; the process operations (`fork`, `exit`, `umask`) always
   * count. A test that needs a feature the assignment does not ask for is
   * not run and not counted. Default: every feature and every part.
   */
  readonly features?: readonly string[];
  /** Only these clauses, by ID or ID prefix; default every clause of the features. */
  readonly clauses?: readonly string[];
  /** Leave these clauses out, by ID or ID prefix. */
  readonly exclude?: readonly string[];
  /** Points per clause: one number for every clause, or by level and by clause. */
  readonly points?: number | PointsConfig;
  /** Partial credit: one rule for every clause, or by clause. */
  readonly partialCredit?: PartialCredit | PartialCreditConfig;
  /** Clauses hidden from students until after the due date, by ID or ID prefix. */
  readonly hidden?: readonly string[];
  /** Gradescope's visibility for the hidden clauses; default `after_due_date`. */
  readonly hiddenVisibility?: "after_due_date" | "after_published" | "hidden";
  /** The one seed of the whole class, for the property-based tests; recorded in every output. */
  readonly seed?: number;
  /** Runs per property-based test; default 100. */
  readonly numRuns?: number;
  /** Time allowed per test in milliseconds, before the multiplier; default 2000. */
  readonly timeoutMs?: number;
  /** Multiplies every time limit (tests, loading, the budget), for slow machines; default 1. */
  readonly timeoutMultiplier?: number;
  /** Wall time one submission may take in seconds, loading included, before the multiplier; default 300. */
  readonly budgetSeconds?: number;
  /**
   * After this many TIMEOUTs in a row in one mechanism, or this many tests of
   * it stopped for spinning (in a row or not), its other tests are not run;
   * default 3.
   */
  readonly timeoutStreak?: number;
  /** Memory one submission may use, in MiB (heap and address space are capped from it); default 1024. */
  readonly memoryMb?: number;
  /** Time allowed to load a submission in milliseconds, before the multiplier; default 15000. */
  readonly loadTimeoutMs?: number;
  /** The file names of a submission's adapter in its folder, tried in order; default `adapter.ts`, `adapter.mts`, `adapter.js`, `adapter.mjs`. */
  readonly entry?: string | readonly string[];
}

/** The configuration with every default filled in. */
export interface ResolvedGradeConfig {
  readonly title: string;
  /** Every feature name the assignment asks for, parts included. */
  readonly features: readonly FeatureName[];
  readonly clauses: readonly string[];
  readonly exclude: readonly string[];
  readonly points: { readonly default: number; readonly levels: { readonly [L in Level]?: number }; readonly clauses: Readonly<Record<string, number>> };
  readonly partialCredit: { readonly default: PartialCredit; readonly clauses: Readonly<Record<string, PartialCredit>> };
  readonly hidden: readonly string[];
  readonly hiddenVisibility: "after_due_date" | "after_published" | "hidden";
  readonly seed: number;
  readonly numRuns: number;
  readonly timeoutMs: number;
  readonly timeoutMultiplier: number;
  readonly budgetSeconds: number;
  readonly timeoutStreak: number;
  readonly memoryMb: number;
  readonly loadTimeoutMs: number;
  readonly entry: readonly string[];
}

/** The seed of a class whose configuration sets none. */
export const DEFAULT_GRADE_SEED = 20240901;

/** Adapter file names tried in a submission's folder when the configuration names none. */
export const DEFAULT_ENTRIES: readonly string[] = ["adapter.ts", "adapter.mts", "adapter.js", "adapter.mjs"];

/** The fields a configuration may have. */
export const CONFIG_FIELDS: readonly string[] = [
  "$schema",
  "title",
  "features",
  "clauses",
  "exclude",
  "points",
  "partialCredit",
  "hidden",
  "hiddenVisibility",
  "seed",
  "numRuns",
  "timeoutMs",
  "timeoutMultiplier",
  "budgetSeconds",
  "timeoutStreak",
  "memoryMb",
  "loadTimeoutMs",
  "entry",
];

const LEVELS: readonly Level[] = ["core", "extended", "optional"];
const CREDITS: readonly PartialCredit[] = ["all", "proportional"];
const HIDDEN_VISIBILITIES = ["after_due_date", "after_published", "hidden"] as const;

/** A configuration that does not hold: every problem found, one a line. */
export class GradeConfigError extends Error {
  /** Each problem, naming the field. */
  readonly problems: readonly string[];

  /**
   * Creates the error.
   *
   * @param source - where the configuration came from (a file name)
   * @param problems - what is wrong, one entry per problem
   */
  constructor(source: string, problems: readonly string[]) {
    super(`${source}: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n  - ${problems.join("\n  - ")}`}`);
    this.name = "GradeConfigError";
    this.problems = problems;
  }
}

/**
 * Whether a clause ID is selected by an ID or prefix: the ID itself, or a
 * prefix that ends at a dash (`PIPE` and `PIPE-EOF` select `PIPE-EOF-1`;
 * `PIPE-E` does not).
 *
 * @param id - a clause ID
 * @param pattern - an ID or prefix
 * @returns `true` when it matches
 *
 * @example
 * ```ts
 * import { matchesClause } from "../../conformance/grade/config.ts";
 * console.assert(matchesClause("PIPE-EOF-1", "PIPE") && matchesClause("PIPE-EOF-1", "PIPE-EOF-1") && !matchesClause("PIPE-EOF-1", "PIPE-E"));
 * ```
 */
export function matchesClause(id: string, pattern: string): boolean {
  return id === pattern || id.startsWith(pattern.endsWith("-") ? pattern : `${pattern}-`);
}

/**
 * The value of the most specific key of `table` that matches a clause (the
 * longest ID or prefix), or `undefined` when none does.
 *
 * @param table - values by clause ID or prefix
 * @param id - the clause ID
 * @returns the value of the longest matching key
 */
export function mostSpecific<T>(table: Readonly<Record<string, T>>, id: string): T | undefined {
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if (matchesClause(id, key) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : table[best];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks a configuration read from JSON and fills in its defaults.
 *
 * @param value - the parsed JSON (`undefined`: no configuration, every default)
 * @param source - where it came from, for the error message
 * @param clauseIds - the clause IDs that exist (default: the registry's)
 * @returns the configuration, resolved
 * @throws {GradeConfigError} listing every problem: unknown fields (with a
 *   did-you-mean), values of the wrong type or out of range, feature names
 *   and clause IDs or prefixes that name nothing
 *
 * @example
 * ```ts
 * import { GradeConfigError, resolveGradeConfig } from "../../conformance/grade/config.ts";
 * const config = resolveGradeConfig({ features: ["pipe"], points: { clauses: { "PIPE-ATOM": 3 } }, seed: 7 });
 * console.assert(config.seed === 7 && config.points.default === 1 && config.features.includes("pipe"));
 * let problems: readonly string[] = [];
 * try { resolveGradeConfig({ feature: ["pipe"], seed: 1.5 }); } catch (error) { if (error instanceof GradeConfigError) problems = error.problems; }
 * console.assert(problems.length === 2 && problems[0]!.includes('did you mean "features"'));
 * ```
 */
export function resolveGradeConfig(value: unknown, source = "grading configuration", clauseIds: readonly string[] = CLAUSES.map((c) => c.id)): ResolvedGradeConfig {
  const problems: string[] = [];
  const raw: Record<string, unknown> = value === undefined ? {} : isRecord(value) ? value : {};
  if (value !== undefined && !isRecord(value)) problems.push("the configuration must be a JSON object");
  for (const key of Object.keys(raw)) {
    if (!CONFIG_FIELDS.includes(key)) problems.push(`unknown field "${key}"${hint(key, CONFIG_FIELDS)}`);
  }

  const string = (field: string, fallback: string): string => {
    const v = raw[field];
    if (v === undefined) return fallback;
    if (typeof v !== "string") {
      problems.push(`${field} must be a string`);
      return fallback;
    }
    return v;
  };
  const number = (field: string, fallback: number, check: (n: number) => boolean, what: string): number => {
    const v = raw[field];
    if (v === undefined) return fallback;
    if (typeof v !== "number" || !Number.isFinite(v) || !check(v)) {
      problems.push(`${field} must be ${what} (got ${JSON.stringify(v)})`);
      return fallback;
    }
    return v;
  };
  const positive = (n: number): boolean => n > 0;
  const positiveInteger = (n: number): boolean => Number.isSafeInteger(n) && n > 0;
  const points = (where: string, v: unknown): number | undefined => {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      problems.push(`${where} must be a number of points, 0 or more (got ${JSON.stringify(v)})`);
      return undefined;
    }
    return v;
  };
  const patternProblem = (where: string, pattern: unknown): string | undefined => {
    if (typeof pattern !== "string" || pattern === "") return `${where} must be a clause ID or prefix (got ${JSON.stringify(pattern)})`;
    if (clauseIds.some((id) => matchesClause(id, pattern))) return undefined;
    const prefixes = new Set<string>();
    for (const id of clauseIds) {
      const parts = id.split("-");
      for (let i = 1; i <= parts.length; i++) prefixes.add(parts.slice(0, i).join("-"));
    }
    return `${where}: no clause has the ID or prefix "${pattern}"${hint(pattern, [...prefixes])}`;
  };
  const patterns = (field: string): string[] => {
    const v = raw[field];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      problems.push(`${field} must be a list of clause IDs or prefixes`);
      return [];
    }
    const kept: string[] = [];
    v.forEach((pattern, i) => {
      const problem = patternProblem(`${field}[${i}]`, pattern);
      if (problem === undefined) kept.push(pattern as string);
      else problems.push(problem);
    });
    return kept;
  };
  const clauseTable = <T>(where: string, v: unknown, read: (where: string, value: unknown) => T | undefined): Record<string, T> => {
    if (v === undefined) return {};
    if (!isRecord(v)) {
      problems.push(`${where} must be an object keyed by clause ID or prefix`);
      return {};
    }
    const table: Record<string, T> = {};
    for (const [key, entry] of Object.entries(v)) {
      const problem = patternProblem(`${where}: key "${key}"`, key);
      if (problem !== undefined) {
        problems.push(problem);
        continue;
      }
      const read_ = read(`${where}["${key}"]`, entry);
      if (read_ !== undefined) table[key] = read_;
    }
    return table;
  };
  const onlyFields = (where: string, v: Record<string, unknown>, fields: readonly string[]): void => {
    for (const key of Object.keys(v)) if (!fields.includes(key)) problems.push(`${where}: unknown field "${key}"${hint(key, fields)}`);
  };
  const credit = (where: string, v: unknown): PartialCredit | undefined => {
    if (typeof v === "string" && (CREDITS as readonly string[]).includes(v)) return v as PartialCredit;
    problems.push(`${where} must be "all" or "proportional" (got ${JSON.stringify(v)})`);
    return undefined;
  };

  // Features.
  let features: FeatureName[] = featureNames();
  if (raw["features"] !== undefined) {
    const v = raw["features"];
    if (!Array.isArray(v) || v.length === 0) {
      problems.push("features must be a non-empty list of feature names (such as \"pipe\", \"mq\", \"pipe.capacity\")");
    } else {
      const asked = new Set<FeatureName>();
      v.forEach((name, i) => {
        if (typeof name !== "string" || !isFeatureName(name)) {
          problems.push(`features[${i}]: unknown feature ${JSON.stringify(name)}${typeof name === "string" ? hint(name, featureNames()) : ""}`);
          return;
        }
        asked.add(name);
      });
      features = expandFeatures([...asked]);
    }
  }

  // Points.
  let pointsConfig: ResolvedGradeConfig["points"] = { default: 1, levels: {}, clauses: {} };
  const rawPoints = raw["points"];
  if (typeof rawPoints === "number") {
    const p = points("points", rawPoints);
    if (p !== undefined) pointsConfig = { default: p, levels: {}, clauses: {} };
  } else if (isRecord(rawPoints)) {
    onlyFields("points", rawPoints, ["default", "levels", "clauses"]);
    const base = rawPoints["default"] === undefined ? 1 : (points("points.default", rawPoints["default"]) ?? 1);
    const levels: { [L in Level]?: number } = {};
    const rawLevels = rawPoints["levels"];
    if (rawLevels !== undefined) {
      if (!isRecord(rawLevels)) problems.push("points.levels must be an object such as { \"core\": 2, \"extended\": 1 }");
      else {
        onlyFields("points.levels", rawLevels, LEVELS);
        for (const level of LEVELS) {
          if (rawLevels[level] !== undefined) {
            const p = points(`points.levels.${level}`, rawLevels[level]);
            if (p !== undefined) levels[level] = p;
          }
        }
      }
    }
    pointsConfig = { default: base, levels, clauses: clauseTable("points.clauses", rawPoints["clauses"], points) };
  } else if (rawPoints !== undefined) {
    problems.push("points must be a number or an object with default, levels and clauses");
  }

  // Partial credit.
  let creditConfig: ResolvedGradeConfig["partialCredit"] = { default: "all", clauses: {} };
  const rawCredit = raw["partialCredit"];
  if (typeof rawCredit === "string") {
    creditConfig = { default: credit("partialCredit", rawCredit) ?? "all", clauses: {} };
  } else if (isRecord(rawCredit)) {
    onlyFields("partialCredit", rawCredit, ["default", "clauses"]);
    creditConfig = {
      default: rawCredit["default"] === undefined ? "all" : (credit("partialCredit.default", rawCredit["default"]) ?? "all"),
      clauses: clauseTable("partialCredit.clauses", rawCredit["clauses"], credit),
    };
  } else if (rawCredit !== undefined) {
    problems.push("partialCredit must be \"all\", \"proportional\" or an object with default and clauses");
  }

  // Visibility.
  let hiddenVisibility: ResolvedGradeConfig["hiddenVisibility"] = "after_due_date";
  if (raw["hiddenVisibility"] !== undefined) {
    const v = raw["hiddenVisibility"];
    if (typeof v === "string" && (HIDDEN_VISIBILITIES as readonly string[]).includes(v)) hiddenVisibility = v as typeof hiddenVisibility;
    else problems.push(`hiddenVisibility must be one of ${HIDDEN_VISIBILITIES.map((s) => `"${s}"`).join(", ")} (got ${JSON.stringify(v)})`);
  }

  // Entry.
  let entry: readonly string[] = DEFAULT_ENTRIES;
  if (raw["entry"] !== undefined) {
    const v = raw["entry"];
    const list = typeof v === "string" ? [v] : Array.isArray(v) ? v : undefined;
    const bad = (name: unknown): boolean => typeof name !== "string" || name === "" || name.split(/[\\/]/).includes("..") || name.startsWith("/");
    if (list === undefined || list.length === 0 || list.some(bad)) {
      problems.push("entry must be a file name, or a list of them, relative to a submission's folder (no \"..\", not absolute)");
    } else {
      entry = list as string[];
    }
  }

  const resolved: ResolvedGradeConfig = {
    title: string("title", ""),
    features,
    clauses: patterns("clauses"),
    exclude: patterns("exclude"),
    points: pointsConfig,
    partialCredit: creditConfig,
    hidden: patterns("hidden"),
    hiddenVisibility,
    seed: number("seed", DEFAULT_GRADE_SEED, (n) => Number.isSafeInteger(n) && n >= 0, "a whole number, 0 or more"),
    numRuns: number("numRuns", 100, positiveInteger, "a whole number, 1 or more"),
    timeoutMs: number("timeoutMs", 2000, positive, "a number of milliseconds, more than 0"),
    timeoutMultiplier: number("timeoutMultiplier", 1, positive, "a number more than 0"),
    budgetSeconds: number("budgetSeconds", 300, positive, "a number of seconds, more than 0"),
    timeoutStreak: number("timeoutStreak", 3, positiveInteger, "a whole number, 1 or more"),
    memoryMb: number("memoryMb", 1024, (n) => Number.isSafeInteger(n) && n >= 128, "a whole number of MiB, 128 or more"),
    loadTimeoutMs: number("loadTimeoutMs", 15_000, positive, "a number of milliseconds, more than 0"),
    entry,
  };
  if (problems.length > 0) throw new GradeConfigError(source, problems);
  return resolved;
}

/**
 * The feature names an assignment asks for, from what its configuration
 * lists: each listed name, the parts of a listed mechanism that are not
 * optional, and the process operations with all their parts.
 *
 * @param listed - the names the configuration lists
 * @returns every feature name asked for, in registry order
 *
 * @example
 * ```ts
 * import { expandFeatures } from "../../conformance/grade/config.ts";
 * const asked = expandFeatures(["pipe", "mq"]);
 * console.assert(asked.includes("mq.notify") && asked.includes("process.fork") && !asked.includes("pipe.capacity"));
 * ```
 */
export function expandFeatures(listed: readonly FeatureName[]): FeatureName[] {
  const all = featureNames();
  const heads = new Set(listed.map((name) => name.split(".", 1)[0]));
  heads.add("process");
  return all.filter((name) => {
    if (listed.includes(name)) return true;
    const [head, part] = name.split(".", 2) as [string, string | undefined];
    if (head === "process") return true;
    if (!heads.has(head)) return false;
    // A mechanism the assignment names (itself, or through a part), with its
    // parts that are not optional extensions.
    return part === undefined || !isOptionalFeature(name);
  });
}
