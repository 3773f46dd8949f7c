/**
 * The help text of `ipckit grade`.
 *
 * @module
 */

/** The configuration file a Gradescope bundle carries. */
export const CONFIG_FILE = "ipckit-grade.json";

/** The help text of `ipckit grade`. */
export const GRADE_USAGE = `Usage: ipckit grade <submissions> [options]
       ipckit grade --gradescope [--config FILE] [--autograder-root DIR]
       ipckit grade --github-classroom [FOLDER] [--config FILE] [--out DIR]
       ipckit grade init --gradescope | --github-classroom [--config FILE] [--out DIR] [--force]
       ipckit grade check RESULTS.json CLAUSE

Grades a class: every submission runs in child processes of its own, and the
grader writes <out>/<student>/results.json (Gradescope's format) and
feedback.md, and <out>/summary.csv and summary.html.

<submissions> is a folder with one folder per student (each holding
adapter.ts, adapter.mts, adapter.js or adapter.mjs), or a glob of adapter
modules such as "subs/*/lab2.ts".

Options:
  --config FILE          The assignment's configuration (JSON; see
                         schema/grade-config.schema.json). Without it every
                         clause counts one point and nothing is hidden.
  --out DIR              Where the results go (default: grades).
  -j, --jobs N           Submissions graded at once (default: the cores).
  --reveal-hidden        Show the hidden clauses in feedback.md too (after the
                         due date).
  --uid N                When the grader runs as root, submissions run as
                         unprivileged users N, N+1, ... (one per submission
                         running at once; default 61000).
  --gradescope           Grade the one submission of a Gradescope autograder
                         container: reads <root>/submission, writes
                         <root>/results/results.json (root: /autograder, or
                         --autograder-root; config default:
                         <root>/source/${CONFIG_FILE}).
  --github-classroom     Grade the repository's own adapter (FOLDER, default .)
                         into <out>/results.json (default out: .ipckit-grade).
  init --gradescope      Write Gradescope's autograder bundle into --out
                         (default: ipckit-autograder).
  init --github-classroom
                         Write GitHub Classroom's workflow into --out
                         (default: .), one step per counted clause.
  check FILE CLAUSE      Exit 0 when CLAUSE earned all its points in FILE
                         (the workflow's steps use it).

Exit status: 0 when every submission was graded (whatever its score), 1 when
the grader failed on one, 2 for a usage or configuration error.`;
