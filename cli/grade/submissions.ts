/**
 * Runtime edge: finding a class's submissions. A folder holds one folder
 * per student, each with its adapter (`adapter.ts`, `adapter.mts`,
 * `adapter.js` or `adapter.mjs`, or the names the configuration gives); a
 * folder that holds an adapter itself is one submission; anything else is
 * a glob of adapter modules (`subs/*\/lab2.ts`, `subs/**\/adapter.ts`),
 * each student named after the module's folder when those differ, else
 * after the module's file.
 *
 * @module
 */

import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve, sep } from "node:path";
import type { Submission } from "../../conformance/grade/runner.ts";

/** Code points order, so the class is listed the same everywhere. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The adapter of a submission's folder: the first of the entry names that
 * is a file there, or (with `depth`) in a folder below, shallowest first.
 *
 * @param folder - the submission's folder
 * @param entries - the file names to try, in order
 * @param depth - how many levels of folders below to search too
 * @returns the path relative to `folder`, or `undefined`
 */
export function findEntry(folder: string, entries: readonly string[], depth = 0): string | undefined {
  for (const name of entries) {
    const path = join(folder, name);
    if (existsSync(path) && statSync(path).isFile()) return name;
  }
  if (depth <= 0) return undefined;
  const children = readdirSync(folder, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith(".") && d.name !== "node_modules")
    .map((d) => d.name)
    .sort(byName);
  for (const child of children) {
    const found = findEntry(join(folder, child), entries, 0);
    if (found !== undefined) return `${child}/${found}`;
  }
  for (const child of children) {
    const found = findEntry(join(folder, child), entries, depth - 1);
    if (found !== undefined) return `${child}/${found}`;
  }
  return undefined;
}

/**
 * One submission from its folder.
 *
 * @param folder - the folder
 * @param entries - the adapter file names to try
 * @param student - its name (default: the folder's name)
 * @param depth - how many levels below to search for the adapter
 * @returns the submission (with a problem when it has no adapter)
 */
export function submissionOf(folder: string, entries: readonly string[], student = basename(resolve(folder)), depth = 0): Submission {
  const found = findEntry(folder, entries, depth);
  if (found === undefined) {
    return { student, entryName: entries[0] ?? "adapter.ts", problem: `no ${entries.join(", ")} in its folder` };
  }
  return { student, entry: resolve(folder, found), entryName: found };
}

/** A glob pattern's segment as a regular expression (`*`, `?`, `{a,b}`). */
function segmentPattern(segment: string): RegExp {
  let source = "";
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else if (c === "{") {
      const close = segment.indexOf("}", i);
      if (close === -1) source += "\\{";
      else {
        source += `(?:${segment
          .slice(i + 1, close)
          .split(",")
          .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join("|")})`;
        i = close;
      }
    } else source += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/**
 * The files a glob matches, sorted (`*`, `?` and `{a,b}` within one path
 * segment; `**` for any folders; a wildcard does not match a leading dot). Folders whose names start with a dot and
 * `node_modules` are not searched.
 *
 * @param pattern - the glob, relative to the working directory or absolute
 * @returns absolute paths of the files matched
 */
export function expandGlob(pattern: string): string[] {
  const absolute = resolve(pattern);
  const segments = absolute.split(sep).filter((s) => s !== "");
  const firstMagic = segments.findIndex((s) => /[*?{]/.test(s));
  if (firstMagic === -1) return existsSync(absolute) && statSync(absolute).isFile() ? [absolute] : [];
  const base = sep + segments.slice(0, firstMagic).join(sep);
  const matches: string[] = [];
  const walk = (dir: string, rest: readonly string[]): void => {
    if (rest.length === 0) return;
    const [head, ...tail] = rest as [string, ...string[]];
    if (head === "**") {
      walk(dir, tail);
      for (const d of safeList(dir)) if (d.isDirectory() && !d.name.startsWith(".") && d.name !== "node_modules") walk(join(dir, d.name), rest);
      return;
    }
    const regex = segmentPattern(head);
    for (const d of safeList(dir)) {
      // As in a shell, a wildcard does not match a leading dot.
      if (!regex.test(d.name) || (d.name.startsWith(".") && !head.startsWith("."))) continue;
      const path = join(dir, d.name);
      if (tail.length === 0) {
        if (d.isFile()) matches.push(path);
      } else if (d.isDirectory()) walk(path, tail);
    }
  };
  walk(base, segments.slice(firstMagic));
  return [...new Set(matches)].sort(byName);
}

function safeList(dir: string): import("node:fs").Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Two submissions would share a name. */
export class SubmissionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SubmissionsError";
  }
}

/**
 * The submissions a command-line argument names (see the module's summary).
 *
 * @param target - a folder of submissions, one submission's folder, or a glob
 * @param entries - the adapter file names to try in each folder
 * @returns the submissions, sorted by student
 * @throws {SubmissionsError} when nothing matches, or two submissions would have the same name
 */
export function findSubmissions(target: string, entries: readonly string[]): Submission[] {
  const path = resolve(target);
  let found: Submission[];
  if (existsSync(path) && statSync(path).isDirectory()) {
    if (findEntry(path, entries) !== undefined) {
      found = [submissionOf(path, entries)];
    } else {
      found = readdirSync(path, { withFileTypes: true })
        .filter((d) => d.isDirectory() && !d.name.startsWith(".") && d.name !== "node_modules")
        .map((d) => d.name)
        .sort(byName)
        .map((name) => submissionOf(join(path, name), entries, name));
      if (found.length === 0) throw new SubmissionsError(`${target}: no submission folders in it`);
    }
  } else {
    const files = expandGlob(target);
    if (files.length === 0) throw new SubmissionsError(`${target}: no such folder, and no file matches it as a glob`);
    // Students are named after the files' folders when those tell them
    // apart, else after the files, else after the paths.
    const distinct = (names: string[]): boolean => new Set(names).size === names.length;
    const folders = files.map((file) => basename(dirname(file)));
    const stems = files.map((file) => basename(file, extname(file)));
    const names = distinct(folders) ? folders : distinct(stems) ? stems : files.map((file) => file.replace(/^\/+/, "").replace(/[/\\]/g, "_"));
    found = files.map((file, i) => ({ student: names[i]!, entry: file, entryName: basename(file) }));
  }
  const seen = new Set<string>();
  for (const submission of found) {
    if (seen.has(submission.student)) throw new SubmissionsError(`two submissions would both be named "${submission.student}"; name them apart (one folder per student)`);
    seen.add(submission.student);
  }
  return found.sort((a, b) => byName(a.student, b.student));
}
