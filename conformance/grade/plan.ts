/**
 * What an assignment grades: from its configuration, the tests to run (only
 * those of the clauses it covers, needing only features it asks for) and
 * each counted clause with its points, partial credit and visibility. The
 * same plan serves every submission of the class. Runtime-neutral.
 *
 * @module
 */

import type { Clause, Level, Mechanism } from "../../spec/clause.ts";
import type { FeatureName } from "../../spec/features.ts";
import type { TestDefinition } from "../harness.ts";
import { matchesClause, mostSpecific } from "./config.ts";
import type { PartialCredit, ResolvedGradeConfig, Visibility } from "./config.ts";

/** A test the plan runs, as plain data. */
export interface PlannedTest {
  /** `[CLAUSE] title`, unique. */
  readonly key: string;
  readonly clause: string;
  readonly title: string;
  /** The features it needs. */
  readonly requires: readonly FeatureName[];
}

/** A clause the assignment counts. */
export interface PlannedClause {
  readonly id: string;
  readonly mechanism: Mechanism;
  readonly level: Level;
  /** The rule, in one sentence. */
  readonly rule: string;
  /** The points it is worth. */
  readonly points: number;
  readonly partialCredit: PartialCredit;
  /** Gradescope's visibility: `visible`, or the configuration's hidden visibility. */
  readonly visibility: Visibility;
  /** Whether it is hidden from students until after the due date. */
  readonly hidden: boolean;
  /** The keys of its tests the plan runs, in suite order. */
  readonly tests: readonly string[];
}

/** What one assignment grades. */
export interface GradePlan {
  readonly config: ResolvedGradeConfig;
  /** The tests to run, in suite order. */
  readonly tests: readonly PlannedTest[];
  /** The clauses counted, in registry order. */
  readonly clauses: readonly PlannedClause[];
  /** The sum of the clauses' points. */
  readonly maxScore: number;
}

/**
 * Whether a test runs for an assignment: its clause is selected (by the
 * configuration's `clauses` and `exclude`) and every feature it needs is
 * one the assignment asks for.
 *
 * @param test - the test's clause and requirements
 * @param config - the assignment's configuration
 * @returns `true` when it runs and counts
 */
export function inScope(test: Pick<TestDefinition, "clause" | "requires">, config: ResolvedGradeConfig): boolean {
  if (config.clauses.length > 0 && !config.clauses.some((p) => matchesClause(test.clause, p))) return false;
  if (config.exclude.some((p) => matchesClause(test.clause, p))) return false;
  return test.requires.every((feature) => config.features.includes(feature));
}

/**
 * Plans an assignment's grading.
 *
 * @param config - the resolved configuration
 * @param tests - every test of the suite (`allTests()`)
 * @param clauses - every clause of the registry (`CLAUSES`)
 * @returns the tests to run and the clauses that count, with their points
 *
 * @example
 * ```ts
 * import { allTests } from "ipckit/conformance";
 * import { CLAUSES } from "ipckit/spec";
 * import { resolveGradeConfig } from "../../conformance/grade/config.ts";
 * import { planGrade } from "../../conformance/grade/plan.ts";
 * const plan = planGrade(resolveGradeConfig({ features: ["pipe"], points: { clauses: { "PIPE-EOF": 2 } } }), allTests(), CLAUSES);
 * console.assert(plan.clauses.every((c) => c.mechanism === "pipe") && plan.clauses.find((c) => c.id === "PIPE-EOF-1")?.points === 2);
 * // The capacity extension is optional and not asked for: its clauses do not count.
 * console.assert(!plan.clauses.some((c) => c.id === "PIPE-CAP-2") && plan.tests.every((t) => !t.requires.includes("pipe.capacity")));
 * ```
 */
export function planGrade(config: ResolvedGradeConfig, tests: readonly Pick<TestDefinition, "key" | "clause" | "title" | "requires">[], clauses: readonly Clause[]): GradePlan {
  const planned: PlannedTest[] = [];
  const byClause = new Map<string, string[]>();
  for (const test of tests) {
    if (!inScope(test, config)) continue;
    planned.push({ key: test.key, clause: test.clause, title: test.title, requires: [...test.requires] });
    const list = byClause.get(test.clause);
    if (list === undefined) byClause.set(test.clause, [test.key]);
    else list.push(test.key);
  }
  const counted: PlannedClause[] = [];
  for (const clause of clauses) {
    const keys = byClause.get(clause.id);
    if (keys === undefined) continue;
    const hidden = config.hidden.some((p) => matchesClause(clause.id, p));
    counted.push({
      id: clause.id,
      mechanism: clause.mechanism,
      level: clause.level,
      rule: clause.rule,
      points: pointsOf(config, clause),
      partialCredit: mostSpecific(config.partialCredit.clauses, clause.id) ?? config.partialCredit.default,
      visibility: hidden ? config.hiddenVisibility : "visible",
      hidden,
      tests: keys,
    });
  }
  const maxScore = roundPoints(counted.reduce((sum, c) => sum + c.points, 0));
  return { config, tests: planned, clauses: counted, maxScore };
}

/**
 * A clause's points under a configuration: the longest matching clause key,
 * else its level's, else the default.
 *
 * @param config - the resolved configuration
 * @param clause - the clause
 * @returns the points
 */
export function pointsOf(config: ResolvedGradeConfig, clause: Pick<Clause, "id" | "level">): number {
  return mostSpecific(config.points.clauses, clause.id) ?? config.points.levels[clause.level] ?? config.points.default;
}

/**
 * Rounds points to four decimals, so that sums of fractions print and
 * compare the same everywhere.
 *
 * @param points - a number of points
 * @returns it, rounded
 */
export function roundPoints(points: number): number {
  return Math.round(points * 10_000) / 10_000;
}
