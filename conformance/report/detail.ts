/**
 * The whole story of one test result, in words, shared by the pretty report
 * and the vitest helper (so both say the same): the rule, what was checked,
 * expected and actual, the clause a setup relied on, the implementation's
 * stack for an ERROR, the notes, and how to rerun that one test.
 *
 * @module
 */

import { mechanismOfTag } from "../../spec/features.ts";
import type { Status, TestResultEvent } from "../events.ts";

/** One labelled line (or block) of a result's story. */
export interface DetailLine {
  /** `rule`, `checked`, `expected`, `actual`, `setup`, `stack`, `notes` or `rerun`. */
  readonly label: string;
  /** The text; it may span lines (a stack). */
  readonly text: string;
}

/**
 * The frames of an implementation's stack worth showing: those above the
 * first frame of ipckit's membrane (the point where the suite called into
 * the implementation); below it is the suite's own code. A stack without
 * that frame is kept whole, up to `max` frames.
 *
 * @param stack - the error's stack, as the runtime wrote it
 * @param max - the most frames to keep
 * @returns the stack's lines to show
 *
 * @example
 * ```ts
 * import { implementationStack } from "ipckit/conformance";
 * const stack = "TypeError: x\n    at dup (/home/s/pipe.ts:12:30)\n    at #call (file:///n/ipckit/dist/conformance/membrane.js:311:30)\n    at body (file:///n/ipckit/dist/conformance/pipe.js:9:2)";
 * console.assert(implementationStack(stack).join("\n") === "TypeError: x\n    at dup (/home/s/pipe.ts:12:30)");
 * ```
 */
export function implementationStack(stack: string, max = 12): string[] {
  const lines = stack.split("\n");
  const cut = lines.findIndex((line) => /^\s+at .*[\\/]conformance[\\/]membrane\.[cm]?[jt]s\b/.test(line));
  const kept = cut === -1 ? lines : lines.slice(0, cut);
  return kept.slice(0, max + 1);
}

/** Whether a status counts against the implementation and is worth explaining. */
function explained(status: Status): boolean {
  return status === "FAIL" || status === "UNRESOLVED" || status === "TIMEOUT" || status === "ERROR";
}

/**
 * The labelled lines that tell what happened in a test: for a test that
 * did not pass, the rule, what was checked (the message), expected and
 * actual, the clause its setup relied on (UNRESOLVED), the implementation's
 * stack (ERROR from a crash), its notes and the rerun command; for any
 * other result, its notes and message only.
 *
 * @param result - the test's result
 * @param rerun - the command that reruns this one test, when known
 * @returns the lines, in the order to show them
 *
 * @example An UNRESOLVED test names the clause its setup relied on
 * ```ts
 * import { resultDetails } from "ipckit/conformance";
 * const lines = resultDetails({
 *   type: "test", clause: "PIPE-ORD-1", rule: "r.", level: "core", title: "t", key: "[PIPE-ORD-1] t",
 *   status: "UNRESOLVED", durationMs: 1, message: "the setup did not hold: the pipe is not empty",
 *   cause: { kind: "setup", clause: "PIPE-NB-1", what: "an empty pipe" },
 * }, "npx ipckit test --grep \"[PIPE-ORD-1] t\" --seed 1");
 * console.assert(lines.some((l) => l.label === "setup" && l.text.startsWith("relied on PIPE-NB-1")));
 * console.assert(lines.at(-1)?.label === "rerun");
 * ```
 */
export function resultDetails(result: TestResultEvent, rerun?: string): DetailLine[] {
  const lines: DetailLine[] = [];
  const notes = result.notes !== undefined && result.notes.length > 0 ? result.notes.join("; ") : undefined;
  if (!explained(result.status)) {
    if (result.message !== undefined) lines.push({ label: "why", text: result.message });
    if (notes !== undefined) lines.push({ label: "notes", text: notes });
    return lines;
  }
  const cause = result.cause;
  lines.push({ label: "rule", text: `${result.clause}: ${result.rule}` });
  if (cause?.kind === "setup") {
    lines.push({
      label: "setup",
      text: `relied on ${cause.clause} (${cause.what}), which did not hold; ${result.clause} itself was not checked`,
    });
  }
  if (result.message !== undefined) lines.push({ label: result.status === "FAIL" ? "checked" : "what", text: result.message });
  if (result.expected !== undefined) lines.push({ label: "expected", text: result.expected });
  if (result.actual !== undefined) lines.push({ label: "actual", text: result.actual });
  if ((cause?.kind === "crash" || cause?.kind === "unhandled-rejection") && cause.error.stack !== undefined) {
    lines.push({ label: "stack", text: implementationStack(cause.error.stack).join("\n") });
  }
  if (notes !== undefined) lines.push({ label: "notes", text: notes });
  if (rerun !== undefined) lines.push({ label: "rerun", text: rerun });
  return lines;
}

/**
 * A result's story as text: `label: text` lines, continuation lines
 * indented under the text.
 *
 * @param lines - from {@link resultDetails}
 * @param indent - put before every line
 * @returns the text, one line per entry (no final newline)
 *
 * @example
 * ```ts
 * import { formatDetails } from "ipckit/conformance";
 * console.assert(formatDetails([{ label: "rule", text: "A: r." }, { label: "stack", text: "E\n  at f" }], "  ") === "  rule:     A: r.\n  stack:    E\n              at f");
 * ```
 */
export function formatDetails(lines: readonly DetailLine[], indent = ""): string {
  const width = 10;
  return lines
    .map(({ label, text }) => `${indent}${`${label}:`.padEnd(width)}${text.replaceAll("\n", `\n${indent}${" ".repeat(width)}`)}`)
    .join("\n");
}

/**
 * Quotes a word for a POSIX shell when it needs it: left bare when it is
 * made of safe characters only, else in double quotes with `\`, `"`, `$`
 * and backquote escaped.
 *
 * @param word - the word
 * @returns the word as a shell reads it back
 *
 * @example
 * ```ts
 * import { shellWord } from "ipckit/conformance";
 * console.assert(shellWord("./my-adapter.ts") === "./my-adapter.ts" && shellWord('[A-1] a "b"') === '"[A-1] a \\"b\\""');
 * ```
 */
export function shellWord(word: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(word)) return word;
  return `"${word.replace(/["\\$`]/g, (c) => `\\${c}`)}"`;
}

/**
 * The command that reruns one test:
 * `npx ipckit test ./my-adapter.ts --grep "[PIPE-EOF-1] ..." --seed 7`.
 *
 * @param key - the test's key, `[CLAUSE] title`
 * @param seed - the run's seed
 * @param module - the module argument as the shell should read it (already
 *   quoted; see {@link shellWord}); absent: the reference
 * @param extra - more arguments, already quoted (`--timeout 500`)
 * @returns the command
 *
 * @example
 * ```ts
 * import { rerunCommand } from "ipckit/conformance";
 * console.assert(rerunCommand("[PIPE-EOF-1] t", 7) === 'npx ipckit test --grep "[PIPE-EOF-1] t" --seed 7');
 * ```
 */
export function rerunCommand(key: string, seed: number, module?: string, extra: readonly string[] = []): string {
  return ["npx ipckit test", ...(module === undefined ? [] : [module]), "--grep", `"${key.replace(/["\\$`]/g, (c) => `\\${c}`)}"`, "--seed", String(seed), ...extra].join(" ");
}

/**
 * The mechanism a clause belongs to, from its ID's prefix (`PIPE-EOF-1`:
 * `pipe`); the prefix itself, lower-cased, when no mechanism has it.
 * Internal: the reporters group by it.
 *
 * @param clause - a clause ID
 * @returns the mechanism's name
 */
export function mechanismOfClause(clause: string): string {
  const tag = clause.split("-", 1)[0] ?? clause;
  return mechanismOfTag(tag) ?? tag.toLowerCase();
}
