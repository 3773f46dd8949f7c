/**
 * The shape of a clause: one checkable rule of the specification, with a
 * stable ID that every layer (API docs, reference code, tests, reports) cites.
 *
 * @module
 */

import type { Mechanism } from "./features.ts";
import { MECHANISM_TAGS } from "./features.ts";

export type { Mechanism } from "./features.ts";
export { MECHANISM_TAGS } from "./features.ts";

/**
 * What kind of rule a clause states. The category is also the middle part of
 * the clause ID (see {@link CATEGORY_TAGS}).
 */
export type Category =
  | "ordering"
  | "capacity"
  | "eof"
  | "permission"
  | "blocking"
  | "nonblocking"
  | "timeout"
  | "lifecycle"
  | "errors"
  | "atomicity";

/**
 * How binding a clause is.
 *
 * - `core`: every implementation of the mechanism must satisfy it.
 * - `extended`: a complete implementation must satisfy it; an implementation
 *   that declines the feature it needs is reported NOT IMPLEMENTED.
 * - `optional`: an implementation may decline it (Linux extensions); declined,
 *   it is reported SKIPPED.
 * - `choice`: where POSIX allows a range of behaviours, the one ipckit picks
 *   (the reference does exactly this). A core clause beside it accepts every
 *   behaviour POSIX allows, so an implementation that picks otherwise (a
 *   faithful port of Linux, say) fails only the choice clause.
 */
export type Level = "core" | "extended" | "optional" | "choice";

/**
 * The ID segment for each category: `PIPE-EOF-1` is the first end-of-file
 * clause of the pipe.
 *
 * @example Build an ID prefix
 * ```ts
 * import { CATEGORY_TAGS } from "ipckit/spec";
 * console.assert(`PIPE-${CATEGORY_TAGS.eof}-1` === "PIPE-EOF-1");
 * ```
 */
export const CATEGORY_TAGS: Readonly<Record<Category, string>> = {
  ordering: "ORD",
  capacity: "CAP",
  eof: "EOF",
  permission: "PERM",
  blocking: "BLK",
  nonblocking: "NB",
  timeout: "TMO",
  lifecycle: "LIFE",
  errors: "ERR",
  atomicity: "ATOM",
};

/**
 * A clause's standing against Linux, as probed on a real kernel and libc.
 *
 * - `agrees`: Linux does what the clause says; a faithful port of Linux
 *   behaviour passes it.
 * - `departs`: Linux does otherwise; `note` says in one sentence what Linux
 *   does and why ipckit differs.
 * - `model`: the rule is about ipckit's model (AbortSignal, `try` forms,
 *   argument types) and has no kernel counterpart; `note` may say more.
 *
 * @example A departure
 * ```ts
 * import type { LinuxStanding } from "ipckit/spec";
 * const standing: LinuxStanding = { standing: "departs", note: "Linux counts a pipe's room in pages." };
 * console.assert(standing.standing === "departs");
 * ```
 */
export type LinuxStanding =
  | { readonly standing: "agrees"; readonly note?: string }
  | { readonly standing: "departs"; readonly note: string }
  | { readonly standing: "model"; readonly note?: string };

/**
 * One checkable rule of the specification.
 */
export interface Clause {
  /** Stable ID, `MECHANISM-CATEGORY-N` (for example `PIPE-EOF-1`). Never reused. */
  readonly id: string;
  /** The mechanism the rule governs. */
  readonly mechanism: Mechanism;
  /** What kind of rule it is. */
  readonly category: Category;
  /** How binding it is. */
  readonly level: Level;
  /** The rule, in one sentence. */
  readonly rule: string;
  /** Where the rule comes from: man pages, POSIX sections, kernel source. */
  readonly source: string;
  /**
   * Where POSIX leaves the behaviour open (or Linux departs from it): the
   * behaviour ipckit picked, and why. Absent when the rule is POSIX's own.
   */
  readonly choice?: string;
  /**
   * Its standing against Linux. Every registered clause has one (the spine
   * test checks it).
   */
  readonly linux?: LinuxStanding;
  /** Rows of the semantics catalogue (`shared/posix-ipc-semantics.md`) this clause draws on. */
  readonly catalogue?: readonly string[];
}

/** The pattern every clause ID follows. */
const CLAUSE_ID = /^([A-Z]+)-([A-Z]+)-([1-9][0-9]*)$/;

/**
 * Whether a clause's ID is well formed and agrees with its mechanism and category.
 *
 * @param clause - the clause to check
 * @returns a list of problems, empty when the clause is well formed
 *
 * @example A well-formed clause
 * ```ts
 * import { checkClauseShape, getClause } from "ipckit/spec";
 * console.assert(checkClauseShape(getClause("PIPE-EOF-1")).length === 0);
 * ```
 */
export function checkClauseShape(clause: Clause): string[] {
  const problems: string[] = [];
  const match = CLAUSE_ID.exec(clause.id);
  if (match === null) {
    problems.push(`${clause.id}: ID does not match MECHANISM-CATEGORY-N`);
    return problems;
  }
  if (match[1] !== MECHANISM_TAGS[clause.mechanism]) {
    problems.push(`${clause.id}: prefix ${match[1]} does not match mechanism ${clause.mechanism}`);
  }
  if (match[2] !== CATEGORY_TAGS[clause.category]) {
    problems.push(`${clause.id}: segment ${match[2]} does not match category ${clause.category}`);
  }
  if (clause.rule.trim().length === 0 || !/[.]$/.test(clause.rule.trim())) {
    problems.push(`${clause.id}: the rule must be one sentence ending in a full stop`);
  }
  if (clause.source.trim().length === 0) {
    problems.push(`${clause.id}: no source`);
  }
  return problems;
}
