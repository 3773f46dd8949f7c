// Every link in README.md, docs/*.md and examples/README.md works: a relative
// link names a file that exists (not a folder, which the docs site cannot copy), and an anchor (#...) names a
// heading of the page it points into, as GitHub and typedoc slug them.
// test/package.test.ts checks that the package ships what these links reach.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";
import { PAGES, anchorsOf, linksOf } from "../scripts/markdown-links.ts";

const root = new URL("..", import.meta.url).pathname;

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
