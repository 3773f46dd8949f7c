// Every link in README.md, docs/*.md and examples/README.md works: a relative
// link names a file that exists (not a folder, which the docs site cannot copy), and an anchor (#...) names a
// heading of the page it points into, as GitHub and typedoc slug them.
// test/package.test.ts checks that the package ships what these links reach.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;

/** The Markdown pages whose links are checked, relative to the root. */
export const PAGES: readonly string[] = [
  "README.md",
  "examples/README.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`),
];

/** A page's text without fenced code blocks and inline code, where brackets are not links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** The links of a page: Markdown `[text](target)` and HTML `href="target"`. */
export function linksOf(markdown: string): string[] {
  const text = prose(markdown);
  const links: string[] = [];
  for (const match of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push(match[1] ?? "");
  for (const match of text.matchAll(/href="([^"]+)"/g)) links.push(match[1] ?? "");
  return links;
}

/** The anchors of a page's headings, slugged as GitHub does (lower case, punctuation dropped, spaces to hyphens). */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  for (const match of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (match[1] ?? "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const seen = counts.get(base) ?? 0;
    anchors.add(seen === 0 ? base : `${base}-${seen}`);
    counts.set(base, seen + 1);
  }
  return anchors;
}

describe.each(PAGES)("the links of %s", (page) => {
  const markdown = readFileSync(join(root, page), "utf8");
  const links = linksOf(markdown);

  it("reach files that exist, and headings that exist", () => {
    const broken: string[] = [];
    for (const link of links) {
      if (/^(https?:|mailto:)/.test(link)) {
        if (link.startsWith("http:")) broken.push(`${link}: plain http`);
        continue;
      }
      const [path = "", anchor] = link.split("#", 2);
      const target = path === "" ? join(root, page) : normalize(join(root, dirname(page), decodeURI(path)));
      if (!target.startsWith(root)) {
        broken.push(`${link}: outside the repository`);
        continue;
      }
      if (!existsSync(target)) {
        broken.push(`${link}: no such file`);
        continue;
      }
      if (statSync(target).isDirectory()) {
        broken.push(`${link}: a folder (the docs site copies only files: link the folder's README.md)`);
        continue;
      }
      if (anchor !== undefined && anchor !== "") {
        if (!target.endsWith(".md") || statSync(target).isDirectory()) {
          if (!/^L\d+(-L\d+)?$/.test(anchor)) broken.push(`${link}: an anchor into a file that is not Markdown`);
          continue;
        }
        if (!anchorsOf(readFileSync(target, "utf8")).has(anchor)) broken.push(`${link}: no heading with anchor #${anchor}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe("the link checker", () => {
  it("finds links outside code and slugs headings as GitHub does", () => {
    const page = "See [a](docs/a.md#the-b-c), <a href=\"x.md\">x</a>.\n```sh\n[not](a link)\n```\n`[nor](this)`\n## The B: c!\n## The B: c!\n";
    expect(linksOf(page)).toEqual(["docs/a.md#the-b-c", "x.md"]);
    expect([...anchorsOf(page)]).toEqual(["the-b-c", "the-b-c-1"]);
  });

  it("catches a missing file and a missing heading in README.md", () => {
    expect(anchorsOf(readFileSync(join(root, "README.md"), "utf8")).has("benchmarks")).toBe(true);
    expect(anchorsOf(readFileSync(join(root, "README.md"), "utf8")).has("no-such-heading")).toBe(false);
    expect(existsSync(join(root, "docs", "no-such-guide.md"))).toBe(false);
  });
});
