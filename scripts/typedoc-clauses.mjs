// A typedoc plugin (loaded by typedoc.json) that gives every clause of the
// specification a page in the generated site and links every mention of a
// clause ID on every page to it.
//
// - Conversion: a "Clause index" document, one document per mechanism listing
//   its clauses, and one document per clause (scripts/clause-pages.ts writes
//   their Markdown from the registry, the suite and the reference's citations).
//   The `*_CLAUSES` constants lose their `= ...` initializer and list their
//   clauses instead.
// - Rendering: every page's text (guides, API pages, tables) gets a link
//   around each clause ID, outside existing links, code blocks and the head;
//   a clause page's "API it governs" lists the API members whose
//   documentation cites the clause.
//
// The data comes from the TypeScript sources through tsx, so the site is
// always that of the checked-out tree; nothing generated is checked in.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";
import {
  Comment,
  Converter,
  DocumentReflection,
  MinimalSourceFile,
  IndexEvent,
  PageEvent,
  ReflectionKind,
  RendererEvent,
} from "typedoc";

const root = fileURLToPath(new URL("..", import.meta.url));
const docsDir = resolve(root, "docs");

/** @param {import("typedoc").Application} app */
export async function load(app) {
  /** @type {typeof import("./clause-pages.ts")} */
  const pages = await tsImport("./clause-pages.ts", import.meta.url);
  const { FEATURES, MECHANISMS } = await tsImport("../spec/features.ts", import.meta.url);
  const pattern = pages.clauseIdPattern();

  const { CLAUSES } = await tsImport("../spec/registry.ts", import.meta.url);

  /** @type {import("typedoc").DocumentReflection | undefined} */
  let indexDoc;
  /** @type {Map<string, import("typedoc").DocumentReflection>} */
  const clauseDocs = new Map();
  /** @type {Map<string, import("typedoc").DocumentReflection>} */
  const mechanismDocs = new Map();
  /** @type {Set<string>} */
  const virtualPages = new Set();

  /**
   * @param {import("typedoc").ProjectReflection} project
   * @param {import("typedoc").ContainerReflection | import("typedoc").DocumentReflection} parent
   * @param {string} name
   * @param {string} fileName a path under docs/ (the page is parsed as if it were there; it is never written)
   * @param {string} markdown
   */
  const addDocument = (project, parent, name, fileName, markdown) => {
    const path = resolve(docsDir, fileName).split("\\").join("/");
    // The pages exist only in memory: their links to one another are resolved
    // by name, the rest (guides) by typedoc's own registry.
    const real = project.files;
    const files = new Proxy(real, {
      get(target, key) {
        if (key === "register") {
          return (sourcePath, relativePath) => {
            const absolute = resolve(dirname(sourcePath), relativePath).split("\\").join("/");
            return virtualPages.has(absolute.replace(/#.*/, "")) ? real.registerAbsolute(absolute) : real.register(sourcePath, relativePath);
          };
        }
        const value = Reflect.get(target, key);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const { content, frontmatter } = app.converter.parseRawComment(new MinimalSourceFile(markdown, path), files);
    const doc = new DocumentReflection(name, parent, content, frontmatter);
    parent.addChild(doc);
    project.registerReflection(doc, undefined, path);
    app.converter.trigger(Converter.EVENT_CREATE_DOCUMENT, undefined, doc);
    return doc;
  };

  app.converter.on(Converter.EVENT_BEGIN, (context) => {
    const project = context.project;
    clauseDocs.clear();
    mechanismDocs.clear();
    const entries = pages.gatherClauseEntries();
    virtualPages.clear();
    for (const name of ["clauses.md", ...MECHANISMS.map((m) => `clauses-${m}.md`), ...entries.map((e) => `clause-${e.clause.id}.md`)]) {
      virtualPages.add(resolve(docsDir, name).split("\\").join("/"));
    }
    const links = pages.repositoryLinks();
    const index = addDocument(project, project, "Clauses", "clauses.md", pages.clauseIndexMarkdown(entries));
    indexDoc = index;
    for (const mechanism of MECHANISMS) {
      const mine = entries.filter((entry) => entry.clause.mechanism === mechanism);
      const list = addDocument(
        project,
        index,
        pages.mechanismPageName(mechanism),
        `clauses-${mechanism}.md`,
        pages.mechanismPageMarkdown(mechanism, mine.map((entry) => entry.clause)),
      );
      mechanismDocs.set(mechanism, list);
      for (const entry of mine) {
        clauseDocs.set(entry.clause.id, addDocument(project, list, entry.clause.id, `clause-${entry.clause.id}.md`, pages.clausePageMarkdown(entry, links)));
      }
    }
  });

  // `PIPE_CLAUSES = ...` says nothing: show the clauses instead of the initializer.
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of context.project.getReflectionsByKind(ReflectionKind.Variable)) {
      const match = /^(?:([A-Z]+)_)?CLAUSES$/.exec(reflection.name);
      if (match === null || reflection.defaultValue === undefined) continue;
      delete reflection.defaultValue;
      const mechanism = match[1] === undefined ? undefined : MECHANISMS.find((m) => FEATURES[m].tag === match[1]);
      const target = mechanism === undefined ? undefined : mechanismDocs.get(mechanism);
      const clauses = mechanism === undefined ? CLAUSES : CLAUSES.filter((clause) => clause.mechanism === mechanism);
      reflection.comment ??= new Comment();
      const summary = reflection.comment.summary;
      summary.push({ kind: "text", text: `\n\nIts ${clauses.length} clauses (each ID leads to the clause's page; ` });
      summary.push({ kind: "inline-tag", tag: "@link", text: target === undefined ? "the clause index" : target.name, target: target ?? indexDoc });
      summary.push({ kind: "text", text: " lists them with their rules):\n\n" });
      summary.push({
        kind: "text",
        text:
          mechanism === undefined
            ? `${MECHANISMS.map((m) => `${FEATURES[m].tag}-*: ${CLAUSES.filter((c) => c.mechanism === m).length}`).join(", ")}.\n`
            : `| ID | Level | Rule |\n|---|---|---|\n${clauses.map((c) => `| ${c.id} | ${c.level} | ${c.rule.replaceAll("|", "\\|")} |`).join("\n")}\n`,
      });
    }
  });
  // The search finds a clause by words of its rule: the rule is a field of
  // its own, weighted above the rest of a page's text.
  const rules = new Map(CLAUSES.map((clause) => [clause.id, clause.rule]));
  app.renderer.on(IndexEvent.PREPARE_INDEX, (event) => {
    event.searchFieldWeights["rule"] = 20;
    event.searchResults.forEach((reflection, index) => {
      if (reflection.isDocument() && clauseDocs.get(reflection.name) === reflection) {
        event.searchFields[index] = { ...event.searchFields[index], rule: rules.get(reflection.name) ?? "" };
      }
    });
  });

  // Every clause ID on every page links to its page.
  /** @type {Map<string, import("typedoc").Reflection[]>} */
  const governing = new Map();
  app.renderer.on(RendererEvent.BEGIN, (event) => {
    governing.clear();
    for (const reflection of Object.values(event.project.reflections)) {
      if (reflection.isDocument()) continue;
      const target = reflection.kindOf(ReflectionKind.SomeSignature) ? reflection.parent : reflection;
      if (target === undefined || !inModule(target, "spec") || /^(?:[A-Z]+_)?CLAUSES$/.test(target.name)) continue;
      for (const id of new Set(commentText(reflection).match(pattern) ?? [])) {
        const list = governing.get(id) ?? [];
        if (!list.includes(target)) list.push(target);
        governing.set(id, list);
      }
    }
  });
  app.renderer.on(PageEvent.END, (page) => {
    if (page.contents === undefined) return;
    const router = app.renderer.router;
    const from = page.model;
    let html = page.contents;
    if (from instanceof DocumentReflection && clauseDocs.get(from.name) === from) {
      const id = from.name;
      const marker = pages.governsMarker(id);
      const members = (governing.get(id) ?? []).filter((member) => router.hasUrl(member));
      const list =
        members.length === 0
          ? "<p>No API member's documentation cites it.</p>"
          : `<ul>${members
              .map((member) => `<li><a href="${router.relativeUrl(from, member)}"><code>${escapeHtml(member.getFriendlyFullName())}</code></a></li>`)
              .join("")}</ul>`;
      html = html.replace(`<p>${marker}</p>`, list);
    }
    page.contents = pages.linkClauseIds(
      html,
      (id) => {
        const doc = clauseDocs.get(id);
        if (doc === undefined || doc === from) return undefined;
        return router.relativeUrl(from, doc);
      },
      pattern,
    );
  });
}

/** @param {import("typedoc").Reflection} reflection @param {string} name */
function inModule(reflection, name) {
  for (let r = reflection; r !== undefined; r = r.parent) {
    if (r.kindOf(ReflectionKind.Module) && r.name === name) return true;
  }
  return false;
}

/** @param {import("typedoc").Reflection} reflection */
function commentText(reflection) {
  const comment = reflection.comment;
  if (comment === undefined) return "";
  // Examples cite IDs as data (`getClause("PIPE-EOF-1")`), not as the rule the member follows.
  const tags = comment.blockTags.filter((tag) => tag.tag !== "@example");
  // Inline code names an ID as an example (`PIPE-EOF-1` is ...); a rule is cited in plain text.
  return [...comment.summary, ...tags.flatMap((tag) => tag.content)]
    .filter((part) => part.kind !== "code")
    .map((part) => part.text)
    .join(" ");
}

/** @param {string} text */
function escapeHtml(text) {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
