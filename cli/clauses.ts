/**
 * The `ipckit clauses` listing: the registry as text, JSON or a Markdown table
 * (the table in each mechanism's guide under docs/ is this output).
 *
 * @module
 */

import type { Clause } from "../spec/clause.ts";

/**
 * Formats clauses for `ipckit clauses`.
 *
 * @param clauses - the clauses to list
 * @param format - `text` (one line each), `json` or `markdown` (a table)
 * @returns the listing, ending in a newline
 */
export function formatClauses(clauses: readonly Clause[], format: "text" | "json" | "markdown"): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(clauses, null, 2)}\n`;
    case "markdown": {
      const cell = (text: string): string => text.replaceAll("|", "\\|");
      const rows = clauses.map(
        (c) =>
          `| ${c.id} | ${c.level} | ${cell(c.rule)}${c.choice === undefined ? "" : `<br>*Choice:* ${cell(c.choice)}`} | ${cell(c.source)} |`,
      );
      return `| ID | Level | Rule | Source |\n|---|---|---|---|\n${rows.join("\n")}\n`;
    }
    case "text":
      return clauses.map((c) => `${c.id.padEnd(12)} ${c.level.padEnd(8)} ${c.rule}\n`).join("");
  }
}
