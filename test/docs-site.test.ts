// The clause pages' generator and the clause-link post-processor
// (scripts/clause-pages.ts), without a browser: test/site.test.ts checks the
// built site in Chromium.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Clause } from "../spec/clause.ts";
import { CLAUSES, getClause } from "../spec/registry.ts";
import {
  clauseIdPattern,
  clausePageMarkdown,
  gatherClauseEntries,
  governsMarker,
  linkClauseIds,
  repositoryLinks,
} from "../scripts/clause-pages.ts";

const href = (id: string): string => `#to-${id}`;

describe("linkClauseIds", () => {
  it("links an ID in text and in inline code, and only whole IDs", () => {
    const out = linkClauseIds("<p>See PIPE-EOF-1, <code>PIPE-EOF-2</code> and PIPE-EOF-10x PIPE-EOF-12.</p>", href, clauseIdPattern(["PIPE-EOF-1", "PIPE-EOF-2"]));
    expect(out).toContain('<a href="#to-PIPE-EOF-1" class="ipckit-clause-link" style="white-space: nowrap">PIPE-EOF-1</a>,');
    expect(out).toContain('<code><a href="#to-PIPE-EOF-2"');
    expect(out, "PIPE-EOF-12 is not PIPE-EOF-1").toContain("PIPE-EOF-12.");
    expect(out.match(/<a /g)?.length).toBe(2);
  });

  it("leaves links, code blocks, attributes, the head and the page title alone", () => {
    const html =
      '<head><title>PIPE-EOF-1</title></head><h1>PIPE-EOF-1</h1><a href="x" title="PIPE-EOF-1">PIPE-EOF-1 <b>PIPE-EOF-1</b></a>' +
      "<pre><code>getClause(&quot;PIPE-EOF-1&quot;)</code></pre><!-- PIPE-EOF-1 --><img alt='PIPE-EOF-1'/>";
    expect(linkClauseIds(html, href)).toBe(html);
    expect(linkClauseIds(`${html}<td>PIPE-EOF-1</td>`, href)).toBe(`${html}<td><a href="#to-PIPE-EOF-1" class="ipckit-clause-link" style="white-space: nowrap">PIPE-EOF-1</a></td>`);
  });

  it("leaves an ID as text when it has no page", () => {
    expect(linkClauseIds("<p>PIPE-EOF-1</p>", () => undefined)).toBe("<p>PIPE-EOF-1</p>");
  });
});

describe("clause pages", () => {
  const entries = gatherClauseEntries();
  const links = { url: "https://github.com/ipckit/ipckit", revision: "abc" };

  it("has an entry per clause, each with its tests; every cited reference line names the clause", () => {
    expect(entries.map((entry) => entry.clause.id)).toEqual(CLAUSES.map((clause) => clause.id));
    for (const entry of entries) {
      expect(entry.tests.length, `${entry.clause.id} has tests`).toBeGreaterThan(0);
      for (const at of entry.citations) {
        const line = readFileSync(new URL(`../${at.file}`, import.meta.url), "utf8").split("\n")[at.line - 1] ?? "";
        expect(line.match(clauseIdPattern([entry.clause.id])), `${at.file}:${at.line}`).not.toBeNull();
      }
      for (const test of entry.tests) {
        if (test.at === undefined) continue;
        const line = readFileSync(new URL(`../${test.at.file}`, import.meta.url), "utf8").split("\n")[test.at.line - 1] ?? "";
        expect(line, `${test.key} is written at ${test.at.file}:${test.at.line}`).toContain(entry.clause.id);
      }
    }
    const eof = entries.find((entry) => entry.clause.id === "PIPE-EOF-1");
    expect(eof?.citations.some((at) => at.file === "reference/pipe/pipe.ts"), "PIPE-EOF-1 is cited in reference/pipe/pipe.ts").toBe(true);
  });

  it("a page says the Linux standing when recorded and 'not yet recorded' when not", () => {
    const entry = entries.find((e) => e.clause.id === "PIPE-EOF-1");
    if (entry === undefined) throw new Error("no PIPE-EOF-1");
    const bare: Clause = { ...getClause("PIPE-EOF-1"), linux: undefined };
    expect(clausePageMarkdown({ ...entry, clause: bare }, links)).toContain("**Standing against Linux:** not yet recorded");
    const departs: Clause = { ...bare, linux: { standing: "departs", note: "Linux counts pages." } };
    const page = clausePageMarkdown({ ...entry, clause: departs }, links);
    expect(page).toContain("**Standing against Linux:** departs: Linux does otherwise. Linux counts pages.");
    expect(page, "the governs placeholder").toContain(governsMarker("PIPE-EOF-1"));
    expect(page, "a test with its line").toMatch(/- \[PIPE-EOF-1\] .*\(\[conformance\/pipe\.ts:\d+\]\(https:\/\/github\.com\/ipckit\/ipckit\/blob\/abc\/conformance\/pipe\.ts#L\d+\)\)/);
    expect(page, "the guide").toContain("[anonymous pipes](./pipe.md)");
  });

  it("links point at the repository package.json names", () => {
    expect(repositoryLinks().url).toBe("https://github.com/ipckit/ipckit");
  });
});
