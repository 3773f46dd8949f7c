// The docs site in a real browser: build it, serve it on 127.0.0.1, open it
// in headless Chromium (Debian's `chromium`, driven by playwright-core; no
// browser is downloaded) and do what a reader does: search for a clause ID,
// follow the result to the clause's page, follow its link to the tests that
// check it, and follow a clause link from an API page and from a guide.
// Nothing is written to the repository (the site and the browser profile go
// to a temporary folder; no screenshots are taken).
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium } from "playwright-core";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allTests } from "../conformance/suite.ts";
import { getClause } from "../spec/registry.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = process.env["IPCKIT_CHROMIUM"] ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".png": "image/png",
};

/** A static file server for one folder, on 127.0.0.1 and a port the system picks. */
async function serve(folder: string): Promise<{ server: Server; base: string }> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname));
    const file = join(folder, path.endsWith("/") ? `${path}index.html` : path);
    if (!file.startsWith(folder)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe("the docs site in headless Chromium", () => {
  const id = "PIPE-EOF-1";
  const clause = getClause(id);
  const titles = allTests()
    .filter((test) => test.clause === id)
    .map((test) => test.title);
  let work = "";
  let server: Server | undefined;
  let base = "";
  let context: BrowserContext | undefined;
  const failures: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is missing (${CHROMIUM}): the site test drives Debian's chromium package. ` +
          "Install it with `apt-get install -y chromium` (as root; .ci/run does this in CI), or point IPCKIT_CHROMIUM at a Chromium binary.",
      );
    }
    work = mkdtempSync(join(tmpdir(), "ipckit-site-"));
    const site = join(work, "site");
    const typedoc = join(root, "node_modules", "typedoc", "bin", "typedoc");
    await promisify(execFile)(process.execPath, [typedoc, "--out", site, "--logLevel", "Warn"], { cwd: root, maxBuffer: 16 << 20 });
    ({ server, base } = await serve(site));
    context = await chromium.launchPersistentContext(join(work, "profile"), { executablePath: CHROMIUM, headless: true, args: FLAGS });
    context.on("response", (response) => {
      if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
    });
    context.on("request", (request) => {
      if (!request.url().startsWith(base) && !request.url().startsWith("data:")) failures.push(`left the site: ${request.url()}`);
    });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  async function open(path: string): Promise<Page> {
    if (context === undefined) throw new Error("no browser");
    const page = await context.newPage();
    await page.goto(new URL(path, base).href);
    return page;
  }

  async function search(page: Page, text: string): Promise<string[]> {
    await page.click("#tsd-search-trigger");
    await page.fill("#tsd-search-input", text);
    await page.waitForSelector("#tsd-search-results li a");
    return page.$$eval("#tsd-search-results li a", (links) => links.map((link) => (link.textContent ?? "").replace(/\s+/g, " ").trim()));
  }

  async function headingIsOnScreen(page: Page, anchor: string): Promise<boolean> {
    return page.evaluate((anchor) => {
      const box = document.getElementById(anchor)?.getBoundingClientRect();
      return box !== undefined && box.top >= 0 && box.top < window.innerHeight;
    }, anchor);
  }

  it("search finds a clause by its ID; the result is its page, with rule, level, standing and source", async () => {
    const page = await open("index.html");
    const results = await search(page, id);
    expect(results[0], "the first result is the clause").toMatch(new RegExp(`(^|\\.)${id}$`));
    await page.click("#tsd-search-results li:first-child a");
    await page.waitForURL(new RegExp(`${id}\\.html$`));
    expect(await page.textContent("h1"), "the page's title").toContain(id);
    const text = (await page.textContent(".col-content")) ?? "";
    expect(text.replace(/\s+/g, " "), "the rule").toContain(clause.rule);
    expect(text, "the level").toContain(`Level: ${clause.level}`);
    expect(text, "the standing against Linux").toMatch(/Standing against Linux: (agrees|departs|model|not yet recorded)/);
    expect(text.replace(/\s+/g, " "), "the source").toContain(clause.source);
    await page.close();
  });

  it("the clause's page links to the tests that check it, and lists each by title", async () => {
    expect(titles.length, "the clause has tests").toBeGreaterThan(0);
    const page = await open("index.html");
    await search(page, id);
    await page.click("#tsd-search-results li:first-child a");
    await page.waitForURL(new RegExp(`${id}\\.html$`));
    await page.click(`a:text("${titles.length} tests")`);
    await page.waitForURL(/#tests-that-check-it$/);
    expect(await headingIsOnScreen(page, "tests-that-check-it"), "the tests heading is on screen").toBe(true);
    const listed = await page.$$eval("#tests-that-check-it + ul > li", (items) => items.map((item) => item.textContent ?? ""));
    expect(listed.length, "one entry per test").toBe(titles.length);
    for (const title of titles) expect(listed.some((entry) => entry.includes(`[${id}] ${title}`)), title).toBe(true);
    const reference = await page.$$eval("#reference-code + ul > li > a:first-child", (links) => links.map((link) => link.getAttribute("href") ?? ""));
    expect(reference.length, "reference lines").toBeGreaterThan(0);
    for (const href of reference) expect(href).toMatch(/^https:\/\/github\.com\/ipckit\/ipckit\/blob\/[^/]+\/reference\/[a-z/-]+\.ts#L\d+$/);
    await page.close();
  });

  it("search finds a clause by words of its rule", async () => {
    const page = await open("index.html");
    const results = await search(page, "duplicate keeps readers waiting");
    expect(results.slice(0, 3).some((result) => result.endsWith(id)), results.join(" | ")).toBe(true);
    await page.close();
  });

  it("an API page's clause link lands on the clause", async () => {
    const page = await open("interfaces/spec.PipeEnd.html");
    const link = page.locator("a.ipckit-clause-link", { hasText: new RegExp(`^${id}$`) }).first();
    await link.click();
    await page.waitForURL(new RegExp(`${id}\\.html$`));
    expect(await page.textContent("h1")).toContain(id);
    expect(await page.$$eval("#api-it-governs + ul a", (links) => links.map((a) => a.textContent)), "it lists the member back").toContain(
      "spec.PipeEnd.read",
    );
    await page.close();
  });

  it("a guide's clause table links every ID, and PIPE_CLAUSES lists its clauses instead of `= ...`", async () => {
    const guide = await open("documents/pipe.html");
    const linked = await guide.$$eval("table a.ipckit-clause-link", (links) => links.map((a) => a.textContent));
    expect(linked, "the guide's table").toContain(id);
    await guide.close();
    const constant = await open("variables/spec.PIPE_CLAUSES.html");
    expect(await constant.textContent(".tsd-signature"), "no initializer").not.toContain("= ...");
    const rows = await constant.$$eval("table a.ipckit-clause-link", (links) => links.map((a) => a.textContent));
    expect(rows, "a row per clause").toContain(id);
    await constant.close();
  });

  it("every page the reader opened loaded from the local site, with no missing file", () => {
    expect(failures).toEqual([]);
  });
});
