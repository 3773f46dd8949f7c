/**
 * The class summary: a CSV with one row per student and one column per
 * clause (the points earned), and an HTML page with the scores and each
 * clause's pass rate across the class, lowest first, so the instructor sees
 * which rules the class did not get. Runtime-neutral and pure.
 *
 * @module
 */

import { STATUSES } from "../events.ts";
import type { Status } from "../events.ts";
import { formatPoints } from "./describe.ts";
import type { GradePlan } from "./plan.ts";
import type { SubmissionScore } from "./score.ts";

/**
 * Quotes a CSV field when it needs it (RFC 4180), and defuses a leading
 * `=`, `+`, `-` or `@` that a spreadsheet would run as a formula.
 *
 * @param field - the field
 * @returns it, quoted as needed
 */
export function csvField(field: string): string {
  const safe = /^[=+\-@]/.test(field) && !/^-?\d/.test(field) ? `'${field}` : field;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The class's scores as CSV: `student,score,max_score,problem`, then one
 * column per counted clause with the points each student earned.
 *
 * @param scores - every student's score, in the order to list them
 * @param plan - the assignment's plan
 * @returns the CSV text, with a final newline
 *
 * @example
 * ```ts
 * import { summaryCsv } from "../../conformance/grade/summary.ts";
 * const plan = { clauses: [{ id: "A-B-1" }] } as never;
 * const score = { student: "ann", score: 1, maxScore: 1, clauses: [{ id: "A-B-1", earned: 1 }] } as never;
 * console.assert(summaryCsv([score], plan) === "student,score,max_score,problem,A-B-1\nann,1,1,,1\n");
 * ```
 */
export function summaryCsv(scores: readonly SubmissionScore[], plan: GradePlan): string {
  const header = ["student", "score", "max_score", "problem", ...plan.clauses.map((c) => c.id)];
  const rows = scores.map((s) => {
    const earned = new Map(s.clauses.map((c) => [c.id, c.earned]));
    return [s.student, formatPoints(s.score), formatPoints(s.maxScore), s.problem ?? "", ...plan.clauses.map((c) => formatPoints(earned.get(c.id) ?? 0))];
  });
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\n") + "\n";
}

/** A clause's results across the class. */
export interface ClauseStanding {
  readonly id: string;
  readonly rule: string;
  readonly points: number;
  readonly hidden: boolean;
  /** Students whose every counted test of the clause passed. */
  readonly passed: number;
  /** Students in the class. */
  readonly students: number;
  /** How many students got each status for the clause. */
  readonly statuses: Readonly<Record<Status, number>>;
}

/**
 * Each clause's standing across the class, lowest pass rate first (ties in
 * registry order).
 *
 * @param scores - every student's score
 * @param plan - the assignment's plan
 * @returns the standings
 */
export function clauseStandings(scores: readonly SubmissionScore[], plan: GradePlan): ClauseStanding[] {
  const standings = plan.clauses.map((clause, index) => {
    const statuses = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
    let passed = 0;
    for (const score of scores) {
      const scored = score.clauses.find((c) => c.id === clause.id);
      const status = scored?.status ?? "ERROR";
      statuses[status]++;
      if (status === "PASS") passed++;
    }
    return { index, standing: { id: clause.id, rule: clause.rule, points: clause.points, hidden: clause.hidden, passed, students: scores.length, statuses } };
  });
  const rate = (s: ClauseStanding): number => (s.students === 0 ? 1 : s.passed / s.students);
  standings.sort((a, b) => rate(a.standing) - rate(b.standing) || a.index - b.index);
  return standings.map((s) => s.standing);
}

/**
 * Escapes text for HTML.
 *
 * @param text - the text
 * @returns it, escaped
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** What the summary page records besides the scores. */
export interface SummaryMeta {
  /** ipckit's version. */
  readonly version: string;
}

/**
 * The class summary as a self-contained HTML page: the scores, then every
 * clause's pass rate across the class, lowest first.
 *
 * @param scores - every student's score, in the order to list them
 * @param plan - the assignment's plan
 * @param meta - the grader's version
 * @returns the HTML text
 *
 * @example
 * ```ts
 * import { summaryHtml } from "../../conformance/grade/summary.ts";
 * import { resolveGradeConfig } from "../../conformance/grade/config.ts";
 * const plan = { config: resolveGradeConfig({ title: "Lab <1>" }), tests: [], clauses: [], maxScore: 0 };
 * const html = summaryHtml([], plan, { version: "1.0.0" });
 * console.assert(html.includes("Lab &lt;1&gt;") && html.startsWith("<!doctype html>"));
 * ```
 */
export function summaryHtml(scores: readonly SubmissionScore[], plan: GradePlan, meta: SummaryMeta): string {
  const title = plan.config.title === "" ? "ipckit grade" : `ipckit grade: ${plan.config.title}`;
  const mean = scores.length === 0 ? 0 : scores.reduce((sum, s) => sum + s.score, 0) / scores.length;
  const percent = (part: number, whole: number): string => (whole === 0 ? "–" : `${Math.round((part / whole) * 100)}%`);
  const studentRows = scores
    .map((s) => {
      const problem = s.problem ?? (s.stopped === undefined ? "" : `${s.stopped.kind}: ${s.stopped.detail}`);
      const lost = s.clauses.filter((c) => c.status !== "PASS").map((c) => c.id);
      return `<tr><td><a href="${escapeHtml(encodeURIComponent(s.student))}/feedback.md">${escapeHtml(s.student)}</a></td><td class="n">${formatPoints(s.score)}</td><td class="n">${percent(s.score, s.maxScore)}</td><td>${escapeHtml(problem)}</td><td class="ids">${escapeHtml(lost.slice(0, 12).join(" "))}${lost.length > 12 ? ` … ${lost.length - 12} more` : ""}</td></tr>`;
    })
    .join("\n");
  const clauseRows = clauseStandings(scores, plan)
    .map((c) => {
      const others = STATUSES.filter((s) => s !== "PASS" && c.statuses[s] > 0).map((s) => `${c.statuses[s]} ${s}`).join(", ");
      const rate = c.students === 0 ? 1 : c.passed / c.students;
      return `<tr><td>${escapeHtml(c.id)}${c.hidden ? " <small>(hidden)</small>" : ""}</td><td>${escapeHtml(c.rule)}</td><td class="n">${formatPoints(c.points)}</td><td class="n"><span class="bar" style="width:${Math.round(rate * 60)}px"></span> ${percent(c.passed, c.students)}</td><td>${escapeHtml(others)}</td></tr>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin-bottom: 2em; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
td.n { text-align: right; white-space: nowrap; }
td.ids { font-family: ui-monospace, monospace; font-size: 12px; }
.bar { display: inline-block; height: 10px; background: #4a8; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${scores.length} ${scores.length === 1 ? "submission" : "submissions"}, ${plan.clauses.length} clauses worth ${formatPoints(plan.maxScore)} points, ${plan.tests.length} tests each. Seed ${plan.config.seed}. Mean score ${formatPoints(mean)} (${percent(mean, plan.maxScore)}). ipckit ${escapeHtml(meta.version)}.</p>
<h2>Clauses, lowest pass rate first</h2>
<table>
<tr><th>clause</th><th>rule</th><th>points</th><th>passed</th><th>other results</th></tr>
${clauseRows}
</table>
<h2>Scores</h2>
<table>
<tr><th>student</th><th>score of ${formatPoints(plan.maxScore)}</th><th>%</th><th>problem</th><th>clauses not passed</th></tr>
${studentRows}
</table>
</body>
</html>
`;
}
