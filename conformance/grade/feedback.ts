/**
 * The feedback page a student reads, in Markdown: every point lost, with its
 * clause, the rule, what was expected and what happened, and the command
 * that replays the test on their machine. Hidden clauses are summed up,
 * not shown, unless the page is written after the due date. Runtime-neutral
 * and pure.
 *
 * @module
 */

import { clauseSummary, failedItems, formatPoints, resultDetails } from "./describe.ts";
import type { GradePlan } from "./plan.ts";
import { rerunCommand } from "./score.ts";
import type { SubmissionScore } from "./score.ts";

/**
 * Escapes text for Markdown prose, so that a title or message is shown as
 * written.
 *
 * @param text - the text
 * @returns it, escaped
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|#])/g, "\\$1");
}

/** A code span that holds any text, backticks included. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

/** A fenced block that holds any text, backtick fences included. */
function codeBlock(lines: readonly string[], indent: string): string {
  const text = lines.join("\n");
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return [`${fence}text`, ...lines, fence].map((line) => `${indent}${line}`).join("\n");
}

/** Options of the feedback page. */
export interface FeedbackOptions {
  /** Show the hidden clauses in full (after the due date); default `false`. */
  readonly revealHidden?: boolean;
}

/**
 * Writes a student's feedback page.
 *
 * @param score - the submission's score
 * @param plan - the assignment's plan
 * @param options - whether hidden clauses are shown
 * @returns the Markdown text
 *
 * @example
 * ```ts
 * import { resolveGradeConfig } from "../../conformance/grade/config.ts";
 * import { feedbackMarkdown } from "../../conformance/grade/feedback.ts";
 * import { scoreSubmission } from "../../conformance/grade/score.ts";
 * const plan = { config: resolveGradeConfig({ seed: 9 }), tests: [{ key: "[A-B-1] t", clause: "A-B-1", title: "t", requires: [] }], clauses: [{ id: "A-B-1", mechanism: "pipe", level: "core", rule: "r.", points: 1, partialCredit: "all", visibility: "visible", hidden: false, tests: ["[A-B-1] t"] }], maxScore: 1 } as const;
 * const failed = { type: "test", clause: "A-B-1", rule: "r.", level: "core", title: "t", key: "[A-B-1] t", status: "FAIL", durationMs: 1, message: "wrong", expected: "3", actual: "2" } as const;
 * const score = scoreSubmission(plan, { student: "ann", entryName: "adapter.ts" }, { events: [failed], durationMs: 1, notes: [] });
 * const page = feedbackMarkdown(score, plan);
 * console.assert(page.includes("A-B-1") && page.includes("expected: 3") && page.includes('--grep "[A-B-1] t" --seed 9'));
 * ```
 */
export function feedbackMarkdown(score: SubmissionScore, plan: GradePlan, options: FeedbackOptions = {}): string {
  const reveal = options.revealHidden === true;
  const shown = score.clauses.filter((c) => reveal || !c.hidden);
  const hidden = score.clauses.filter((c) => !reveal && c.hidden);
  const out: string[] = [];
  const title = plan.config.title === "" ? "" : `: ${escapeMarkdown(plan.config.title)}`;
  out.push(`# Feedback for ${escapeMarkdown(score.student)}${title}`, "");
  out.push(`**Score: ${formatPoints(score.score)} of ${formatPoints(score.maxScore)} points.** Seed ${score.seed} (the rerun commands below use it).`, "");
  if (score.problem !== undefined) {
    out.push(`Your submission could not be graded: ${escapeMarkdown(score.problem)}`, "");
    out.push(`Check it on your machine with ${codeSpan(`npx ipckit test ./${score.entryName}`)}.`, "");
  }
  const lost = shown.filter((c) => c.earned < c.points || c.status !== "PASS");
  // Clauses none of whose failed tests ran (no time left, the submission
  // stopped or did not load) are listed together under the reason.
  const ranOf = (clause: (typeof lost)[number]): boolean => failedItems(clause.results).some((item) => item.kind === "ran");
  const detailed = lost.filter(ranOf);
  const notRun = new Map<string, typeof lost>();
  for (const clause of lost.filter((c) => !ranOf(c))) {
    const first = failedItems(clause.results)[0];
    const reason = first?.kind === "not-run" ? `${first.status}: ${first.message}` : clause.status;
    notRun.set(reason, [...(notRun.get(reason) ?? []), clause]);
  }
  if (lost.length > 0) {
    out.push("## Points lost", "");
    for (const clause of detailed) {
      const hiddenNote = clause.hidden ? " (hidden until after the due date)" : "";
      out.push(`### ${clause.id}: ${formatPoints(clause.earned)} of ${formatPoints(clause.points)} ${clause.points === 1 ? "point" : "points"}${hiddenNote}`, "");
      out.push(`Rule: ${escapeMarkdown(clause.rule)}`, "");
      out.push(`Result: ${clauseSummary(clause)}${clause.partialCredit === "proportional" ? " (points in proportion to the tests passed)" : clause.results.length > 1 ? " (every test of the clause must pass)" : ""}.`, "");
      for (const item of failedItems(clause.results)) {
        if (item.kind === "not-run") {
          const what = item.titles.length === 1 ? escapeMarkdown(item.titles[0]!) : `${item.titles.length} more tests`;
          out.push(`- **${item.status}**: ${what}: ${escapeMarkdown(item.message)}`, "");
          continue;
        }
        const { result } = item;
        out.push(`- **${result.status}**: ${escapeMarkdown(result.title)}`, "");
        const details = resultDetails(result);
        if (details.length > 0) out.push(codeBlock(details, "  "), "");
        out.push(`  Rerun: ${codeSpan(rerunCommand(plan, score.entryName, result.key))}`, "");
      }
    }
    for (const [reason, clauses] of notRun) {
      const points = clauses.reduce((sum, c) => sum + c.points - c.earned, 0);
      out.push(`### Not run: ${formatPoints(points)} ${points === 1 ? "point" : "points"} over ${clauses.length} ${clauses.length === 1 ? "clause" : "clauses"}`, "");
      out.push(escapeMarkdown(reason), "");
      out.push(clauses.map((c) => `${c.id}${c.hidden ? " (hidden)" : ""}`).join(", "), "");
    }
  } else if (score.problem === undefined) {
    out.push(hidden.length > 0 ? "Every visible clause passed." : "Every clause passed.", "");
  }
  if (hidden.length > 0) {
    const points = hidden.reduce((sum, c) => sum + c.points, 0);
    out.push("## Hidden clauses", "");
    out.push(`${hidden.length} ${hidden.length === 1 ? "clause" : "clauses"} worth ${formatPoints(points)} ${points === 1 ? "point is" : "points are"} graded too and shown after the due date.`, "");
  }
  const passed = shown.filter((c) => c.status === "PASS" && c.earned >= c.points);
  if (passed.length > 0) {
    const points = passed.reduce((sum, c) => sum + c.earned, 0);
    out.push("## Passed", "");
    out.push(`${passed.length} ${passed.length === 1 ? "clause" : "clauses"}, ${formatPoints(points)} ${points === 1 ? "point" : "points"}: ${passed.map((c) => c.id).join(", ")}.`, "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
