/**
 * The messages between the grader and the child process that holds one
 * submission (phase A: the tests run there too, beside the
 * implementation). Requests go on the child's file descriptor 4, answers
 * on its file descriptor 3, one JSON object a line; the child's standard
 * output and error are never read as results. (Not standard input: Node
 * closes a child's standard input when the child's own parent, the shell
 * that caps its memory, ends, which a submission could bring about.) Every request carries a nonce the
 * answer must echo, so that lines the submission writes on the channel
 * itself do not pass for answers.
 *
 * @module
 */

import type { Supports } from "../../conformance/harness.ts";
import type { ErrorInfo } from "../../conformance/events.ts";
import type { ResolvedRunOptions, TestOutcome } from "../../conformance/runner.ts";

/** The file descriptor the child answers on. */
export const REPORT_FD = 3;

/** The file descriptor the child reads requests from. */
export const REQUEST_FD = 4;

/** The grader's requests. */
export type GraderRequest =
  /** Load the submission's prepared module and say what it provides. */
  | { readonly type: "load"; readonly nonce: string; readonly moduleUrl: string; readonly options: ResolvedRunOptions }
  /** Run one test. */
  | { readonly type: "run"; readonly nonce: string; readonly key: string };

/** The child's answers. */
export type ChildAnswer =
  | {
      readonly type: "ready";
      readonly nonce: string;
      readonly name: string;
      readonly supports: Supports;
      readonly missing: readonly string[];
      /** The child's process ID, to measure its memory. */
      readonly pid: number;
    }
  | { readonly type: "load-error"; readonly nonce: string; readonly message: string }
  | { readonly type: "outcome"; readonly nonce: string; readonly key: string; readonly outcome: TestOutcome; readonly maxRssKb: number }
  /** An exception nobody caught ended the child; it exits after this line. */
  | { readonly type: "crash"; readonly nonce: string; readonly error: ErrorInfo };
