// The clause pages of the docs site, generated at docs-build time from the
// registry (spec/), the suite (conformance/) and the reference's citations
// (reference/). scripts/typedoc-clauses.mjs, the typedoc plugin, turns the
// Markdown made here into documents and links every clause ID on every page
// to its entry. Nothing generated here is checked in.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Clause, Level } from "../spec/clause.ts";
import { FEATURES, MECHANISMS } from "../spec/features.ts";
import type { FeatureEntry, Mechanism } from "../spec/features.ts";
import { CLAUSES } from "../spec/registry.ts";
import { allTests } from "../conformance/suite.ts";

/** A place in the repository: a file relative to its root, and a 1-based line. */
export interface SourceLine {
  readonly file: string;
  readonly line: number;
  /** The line's text, trimmed. */
  readonly text: string;
}

/** Everything a clause page shows. */
export interface ClauseEntry {
  readonly clause: Clause;
  /** The conformance tests that check it, in suite order, with where each is written. */
  readonly tests: readonly { readonly title: string; readonly key: string; readonly at: SourceLine | undefined }[];
  /** Where the reference cites it (the step that enforces it). */
  readonly citations: readonly SourceLine[];
}

/** Where the site's links into the repository point. */
export interface RepositoryLinks {
  /** `https://github.com/owner/name`, no trailing slash. */
  readonly url: string;
  /** The commit (or branch) the line links point at. */
  readonly revision: string;
}

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * A pattern matching any registered clause ID as a whole word: `PIPE-EOF-1`
 * but not the start of `PIPE-EOF-10`.
 */
export function clauseIdPattern(ids: readonly string[] = CLAUSES.map((c) => c.id)): RegExp {
  const sorted = [...ids].sort((a, b) => b.length - a.length);
  return new RegExp(`(?<![A-Za-z0-9_-])(?:${sorted.join("|")})(?![0-9A-Za-z_])`, "g");
}

function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "mutants" && entry.name !== "bench") out.push(...sourceFiles(path));
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
      out.push(path);
    }
  }
  return out.sort();
}

function linesOf(files: readonly string[]): { file: string; lines: string[] }[] {
  return files.map((file) => ({ file: file.split("\\").join("/"), lines: readFileSync(join(root, file), "utf8").split("\n") }));
}

/**
 * Gathers every clause with its tests and the reference lines that cite it.
 *
 * @returns one entry per registered clause, in registry order
 */
export function gatherClauseEntries(): ClauseEntry[] {
  const pattern = clauseIdPattern();
  const citations = new Map<string, SourceLine[]>();
  for (const { file, lines } of linesOf(sourceFiles("reference"))) {
    lines.forEach((text, index) => {
      for (const id of new Set(text.match(pattern) ?? [])) {
        const list = citations.get(id) ?? [];
        list.push({ file, line: index + 1, text: text.trim() });
        citations.set(id, list);
      }
    });
  }
  const suiteFiles = linesOf(sourceFiles("conformance"));
  const findTest = (clause: string, title: string): SourceLine | undefined => {
    const quoted = [`"${clause}"`, `\`${clause}\``, `'${clause}'`];
    let fallback: SourceLine | undefined;
    for (const { file, lines } of suiteFiles) {
      for (let i = 0; i < lines.length; i += 1) {
        const text = lines[i] ?? "";
        if (!/\btest\(/.test(text) || !quoted.some((q) => text.includes(q))) continue;
        const here = { file, line: i + 1, text: text.trim() };
        if (text.includes(JSON.stringify(title))) return here;
        fallback ??= here;
      }
    }
    return fallback;
  };
  const tests = new Map<string, ClauseEntry["tests"][number][]>();
  for (const test of allTests()) {
    const list = tests.get(test.clause) ?? [];
    list.push({ title: test.title, key: test.key, at: findTest(test.clause, test.title) });
    tests.set(test.clause, list);
  }
  return CLAUSES.map((clause) => ({ clause, tests: tests.get(clause.id) ?? [], citations: citations.get(clause.id) ?? [] }));
}

/**
 * The repository the site links to, from package.json `repository`, and the
 * revision: `IPCKIT_DOCS_REVISION`, else the checked-out commit, else `main`.
 *
 * @returns the links' base
 * @throws {Error} when package.json has no GitHub `repository` URL
 */
export function repositoryLinks(): RepositoryLinks {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { repository?: string | { url?: string } };
  const raw = typeof pkg.repository === "string" ? pkg.repository : (pkg.repository?.url ?? "");
  const match = /github\.com[/:]([^/]+)\/([^/#]+?)(?:\.git)?$/.exec(raw);
  if (match === null) throw new Error(`package.json repository is not a GitHub URL: ${JSON.stringify(raw)}`);
  let revision = process.env["IPCKIT_DOCS_REVISION"] ?? "";
  if (revision === "") {
    try {
      revision = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      revision = "main";
    }
  }
  return { url: `https://github.com/${match[1]}/${match[2]}`, revision };
}

/** A link to a line of a file in the repository. */
export function lineUrl(links: RepositoryLinks, at: SourceLine): string {
  return `${links.url}/blob/${links.revision}/${at.file}#L${at.line}`;
}

const LEVELS: Record<Level, string> = {
  core: "every implementation of the mechanism must satisfy it",
  extended: "a complete implementation must satisfy it; one that declines the feature it needs is reported NOT IMPLEMENTED",
  optional: "an implementation may decline it (a Linux extension); declined, its tests are SKIPPED",
  choice: "where POSIX allows a range of behaviours, the one ipckit picks; a core clause beside it accepts the whole range, so an implementation that picks otherwise fails only this clause",
};

const STANDINGS = {
  agrees: "agrees: Linux does what the clause says",
  departs: "departs: Linux does otherwise",
  model: "model: a rule of ipckit's model, with no kernel counterpart",
} as const;

/** Registry prose as Markdown text: no HTML, no emphasis by accident. */
function prose(text: string): string {
  return text.replaceAll("<", "&lt;").replaceAll("*", "\\*");
}

/** Registry prose as a Markdown table cell. */
function cell(text: string): string {
  return prose(text).replaceAll("|", "\\|").replaceAll("\n", " ");
}

/** Inline code that survives any backticks in the text. */
function code(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** The display name (and so the page title) of a mechanism's clause list. */
export function mechanismPageName(mechanism: Mechanism): string {
  return `${FEATURES[mechanism].tag} clauses`;
}

/** The placeholder the plugin replaces, on a clause page, with links to the API members citing the clause. */
export function governsMarker(id: string): string {
  return `ipckit-governs:${id}`;
}

/** The heading under which a clause page lists its tests (its anchor is the slug). */
export const TESTS_HEADING = "Tests that check it";

/** The anchor typedoc gives {@link TESTS_HEADING}. */
export const TESTS_ANCHOR = "tests-that-check-it";

/**
 * One clause's page, in Markdown. Relative links are written from `docs/`
 * (the plugin parses the page as if it were a file there).
 *
 * @param entry - the clause and what checks and implements it
 * @param links - where repository links point
 * @returns the page
 */
export function clausePageMarkdown(entry: ClauseEntry, links: RepositoryLinks): string {
  const { clause, tests, citations } = entry;
  const feature: FeatureEntry = FEATURES[clause.mechanism];
  const guide = feature.guide === "" ? feature.title : `[${feature.title}](./${feature.guide.replace(/^docs\//, "")})`;
  const linux =
    clause.linux === undefined
      ? "not yet recorded"
      : `${STANDINGS[clause.linux.standing]}${clause.linux.note === undefined ? "" : `. ${prose(clause.linux.note)}`}`;
  const out: string[] = [
    `# ${clause.id}`,
    "",
    `> ${prose(clause.rule)}`,
    "",
    `- **Mechanism:** ${guide} (all its clauses: [${mechanismPageName(clause.mechanism)}](./clauses-${clause.mechanism}.md))`,
    `- **Level:** ${clause.level}: ${LEVELS[clause.level]}`,
    `- **Category:** ${clause.category} (${code(clause.id.split("-")[1] ?? "")})`,
    `- **Standing against Linux:** ${linux}`,
    `- **Source:** ${prose(clause.source)}`,
    `- **Checked by:** [${tests.length === 1 ? "1 test" : `${tests.length} tests`}](#${TESTS_ANCHOR})`,
    "",
  ];
  if (clause.choice !== undefined) out.push("## Choice", "", prose(clause.choice), "");
  out.push("## API it governs", "", governsMarker(clause.id), "");
  out.push(`## ${TESTS_HEADING}`, "");
  if (tests.length === 0) out.push("No test checks it yet.", "");
  for (const test of tests) {
    const where = test.at === undefined ? "" : ` ([${test.at.file}:${test.at.line}](${lineUrl(links, test.at)}))`;
    out.push(`- ${test.key.replaceAll("<", "&lt;")}${where}`);
  }
  out.push("", "Run them: `npx ipckit test --clause " + clause.id + "`", "");
  out.push("## Reference code", "");
  if (citations.length === 0) out.push("The reference does not cite it on a line of its own.", "");
  for (const at of citations) out.push(`- [${at.file}:${at.line}](${lineUrl(links, at)}): ${code(at.text)}`);
  out.push("");
  return out.join("\n");
}

/**
 * A mechanism's clause list, in Markdown: the parent of its clause pages.
 *
 * @param mechanism - the mechanism
 * @param clauses - its clauses
 * @returns the page
 */
export function mechanismPageMarkdown(mechanism: Mechanism, clauses: readonly Clause[]): string {
  const feature: FeatureEntry = FEATURES[mechanism];
  const rows = clauses.map((c) => `| ${c.id} | ${c.level} | ${c.category} | ${cell(c.rule)} |`);
  return [
    `# ${mechanismPageName(mechanism)}`,
    "",
    `The clauses of ${feature.title}` + (feature.guide === "" ? "." : `; the [guide](./${feature.guide.replace(/^docs\//, "")}) explains the model.`),
    "Each ID leads to the clause's page: its rule, level, choice, standing against Linux, tests and reference code.",
    "",
    "| ID | Level | Category | Rule |",
    "|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}

/**
 * The clause index, in Markdown: the root of the clause pages.
 *
 * @param entries - every clause entry
 * @returns the page
 */
export function clauseIndexMarkdown(entries: readonly ClauseEntry[]): string {
  const rows = MECHANISMS.map((mechanism) => {
    const mine = entries.filter((e) => e.clause.mechanism === mechanism);
    const feature: FeatureEntry = FEATURES[mechanism];
    const recorded = mine.filter((e) => e.clause.linux !== undefined).length;
    const guide = feature.guide === "" ? "–" : `[guide](./${feature.guide.replace(/^docs\//, "")})`;
    return `| [${mechanismPageName(mechanism)}](./clauses-${mechanism}.md) | ${feature.title} | ${mine.length} | ${mine.reduce((n, e) => n + e.tests.length, 0)} | ${recorded} of ${mine.length} | ${guide} |`;
  });
  return [
    "# Clause index",
    "",
    "Every rule of the specification is a numbered clause, `MECHANISM-CATEGORY-N`. Each has a page here:",
    "its rule, level, category, the behaviour ipckit chose where POSIX leaves it open, its standing",
    "against Linux, its source, the conformance tests that check it, the reference code that",
    "implements it and the API it governs. Search the site for an ID (`PIPE-EOF-1`) or for words of a rule.",
    "",
    "| clauses | mechanism | count | tests | Linux standing recorded | guide |",
    "|---|---|--:|--:|--:|---|",
    ...rows,
    "",
    "`npx ipckit clauses` prints the same registry in a terminal; `npx ipckit test --clause ID` runs one clause's tests.",
    "",
  ].join("\n");
}

/** Elements whose text is never turned into clause links. */
const SKIP = new Set(["a", "pre", "script", "style", "title", "head", "textarea", "h1", "svg", "button", "option"]);

/**
 * Links every clause ID in an HTML page's text to its entry: text outside
 * tags and attributes, and outside links, code blocks, the head and the page
 * title. Inline code is linked too (the link goes around the ID inside it).
 *
 * @param html - the page
 * @param hrefFor - the link for an ID, or `undefined` to leave it as text
 * @param pattern - the IDs to look for (default: every registered clause)
 * @returns the page with links
 */
export function linkClauseIds(html: string, hrefFor: (id: string) => string | undefined, pattern: RegExp = clauseIdPattern()): string {
  const parts = html.split(/(<!--[\s\S]*?-->|<[^>]*>)/);
  const depth = new Map<string, number>();
  let skipping = 0;
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] ?? "";
    if (i % 2 === 1) {
      const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/.exec(part);
      if (tag === null) continue;
      const name = (tag[2] ?? "").toLowerCase();
      if (!SKIP.has(name) || part.endsWith("/>")) continue;
      const now = depth.get(name) ?? 0;
      const next = tag[1] === "/" ? Math.max(0, now - 1) : now + 1;
      depth.set(name, next);
      skipping += next - now;
      continue;
    }
    if (skipping > 0 || part === "") continue;
    parts[i] = part.replace(pattern, (id) => {
      const href = hrefFor(id);
      return href === undefined ? id : `<a href="${href}" class="ipckit-clause-link" style="white-space: nowrap">${id}</a>`;
    });
  }
  return parts.join("");
}

/** Paths, relative to the repository root, of files the generated pages point into (for tests). */
export function repoRelative(path: string): string {
  return relative(root, path).split("\\").join("/");
}
