/**
 * Grading a class with the conformance suite: the configuration, the plan,
 * scoring, and the outputs (Gradescope results, feedback pages, the class
 * summary). Runtime-neutral: the command line (`cli/grade/`) runs the
 * submissions and writes the files.
 *
 * @module
 */

export type { GradeConfig, PartialCredit, PartialCreditConfig, PointsConfig, ResolvedGradeConfig, Visibility } from "./config.ts";
export { CONFIG_FIELDS, DEFAULT_ENTRIES, DEFAULT_GRADE_SEED, GradeConfigError, expandFeatures, matchesClause, mostSpecific, resolveGradeConfig } from "./config.ts";
export type { GradePlan, PlannedClause, PlannedTest } from "./plan.ts";
export { inScope, planGrade, pointsOf, roundPoints } from "./plan.ts";
export type { RunStop, Submission, SubmissionRun, SubmissionRunner } from "./runner.ts";
export type { ScoredClause, SubmissionScore } from "./score.ts";
export { rerunCommand, scoreSubmission, shellQuote, unreportedResult } from "./score.ts";
export { FIELD_LIMIT, clauseSummary, clauseText, clip, formatPoints, replayable, resultDetails } from "./describe.ts";
export type { GradescopeResults, GradescopeTest, ResultsMeta } from "./gradescope.ts";
export { formatResults, gradescopeResults } from "./gradescope.ts";
export type { FeedbackOptions } from "./feedback.ts";
export { escapeMarkdown, feedbackMarkdown } from "./feedback.ts";
export type { ClauseStanding, SummaryMeta } from "./summary.ts";
export { clauseStandings, csvField, escapeHtml, summaryCsv, summaryHtml } from "./summary.ts";
