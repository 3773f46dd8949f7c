/**
 * The benchmark reports, each a view of the run's events: `pretty` for a
 * terminal (a line per measurement as it finishes, then the table, the
 * comparisons and the targets), `json` (the whole run as one document),
 * `markdown` (tables for docs and pull requests) and `html` (a page with
 * inline SVG charts and no external asset, viewable offline).
 *
 * @module
 */

import { formatBytesRate, formatDuration, formatRate, formatRatio } from "./format.ts";
import { collectBenchReport } from "./run.ts";
import type { BenchEvent, BenchMechanism, BenchReport, BenchResultEvent, BenchStartEvent, TargetCheck } from "./types.ts";
import { BENCH_MECHANISMS, BENCH_REPORTERS } from "./types.ts";

/** A view of a benchmark run's events in one format. */
export interface BenchReporter {
  /**
   * Takes the next event of the run.
   *
   * @param event - the event
   */
  event(event: BenchEvent): void;
}

/** Options of the benchmark reporters. */
export interface BenchReporterOptions {
  /** ANSI colours (pretty only); default false. */
  readonly color?: boolean;
}

/** The results with numbers. */
function measured(result: BenchResultEvent): result is BenchResultEvent & { opsPerSecond: number } {
  return result.status === "ok" && result.opsPerSecond !== undefined;
}

/** The workloads of a report, in order, each with its results (first subject first). */
function byWorkload(report: BenchReport): Map<string, BenchResultEvent[]> {
  const groups = new Map<string, BenchResultEvent[]>();
  for (const result of report.results) {
    const group = groups.get(result.workload);
    if (group === undefined) groups.set(result.workload, [result]);
    else group.push(result);
  }
  return groups;
}

/**
 * The first subject's operations/s divided by another result's: how many
 * times faster the subject the run is about is, on the same workload.
 */
function ratioTo(group: readonly BenchResultEvent[], result: BenchResultEvent, first: string): number | undefined {
  const own = group.find((r) => r.subject === first);
  if (own === undefined || result === own || !measured(own) || !measured(result) || result.opsPerSecond <= 0) return undefined;
  return own.opsPerSecond / result.opsPerSecond;
}

interface Row {
  readonly mechanism: string;
  readonly workload: string;
  readonly subject: string;
  readonly rate: string;
  readonly bytes: string;
  readonly median: string;
  readonly p99: string;
  readonly spread: string;
  readonly samples: string;
  readonly ratio: string;
}

function rowsOf(report: BenchReport): Row[] {
  const rows: Row[] = [];
  for (const group of byWorkload(report).values()) {
    for (const result of group) {
      const ratio = ratioTo(group, result, report.start.implementation);
      if (measured(result)) {
        rows.push({
          mechanism: result.mechanism,
          workload: result.workload,
          subject: result.subject,
          rate: `${formatRate(result.opsPerSecond)} ${result.unit}`,
          bytes: result.bytesPerSecond === undefined ? "" : formatBytesRate(result.bytesPerSecond),
          median: result.latency === undefined ? "" : formatDuration(result.latency.median),
          p99: result.latency === undefined ? "" : formatDuration(result.latency.p99),
          spread: result.rmePercent === undefined ? "" : `±${result.rmePercent.toFixed(1)}%`,
          samples: result.samples === undefined ? "" : `${result.samples} × ${result.batch ?? 1}`,
          ratio: ratio === undefined ? "" : formatRatio(ratio),
        });
      } else {
        rows.push({
          mechanism: result.mechanism,
          workload: result.workload,
          subject: result.subject,
          rate: result.status.toUpperCase(),
          bytes: "",
          median: "",
          p99: "",
          spread: "",
          samples: "",
          ratio: result.message ?? "",
        });
      }
    }
  }
  return rows;
}

function machineLine(start: BenchStartEvent): string {
  const parts = [`runtime ${start.runtime}`];
  if (start.version !== undefined) parts.push(`ipckit ${start.version}`);
  if (start.cpu !== undefined) parts.push(`CPU ${start.cpu}${start.cores === undefined ? "" : ` (${start.cores} logical CPUs)`}`);
  else if (start.cores !== undefined) parts.push(`${start.cores} logical CPUs`);
  parts.push(`profile ${start.profile}`);
  if (start.startedAt !== "") parts.push(start.startedAt.slice(0, 16).replace("T", " "));
  return parts.join(", ");
}

function targetLine(check: TargetCheck): string {
  const peers = check.peers.map((peer) => `${formatRatio(peer.ratio)} ${peer.name}`).join(", ");
  return `${check.detail}${peers === "" ? "" : `; vs peers: ${peers}`}`;
}

const RATIO_NOTE = (first: string): string =>
  `ratio: ${first}'s operations/s divided by the row's, on the same workload in the same run (above 1: ${first} is faster)`;

// ---------------------------------------------------------------- pretty

const HEADERS: Record<keyof Row, string> = {
  mechanism: "mech",
  workload: "workload",
  subject: "subject",
  rate: "ops/s",
  bytes: "bytes/s",
  median: "median",
  p99: "p99",
  spread: "spread",
  samples: "samples",
  ratio: "ratio",
};

/**
 * Renders the report as the aligned text table the pretty reporter ends
 * with: one line per workload and subject, then the targets and notes.
 *
 * @param report - the run
 * @returns the text
 *
 * @example
 * ```ts
 * import { formatBenchTable } from "ipckit/conformance";
 * const text = formatBenchTable({
 *   start: { type: "bench-start", implementation: "ref", subjects: [], runtime: "node 20", profile: "quick", mechanisms: ["sem"], total: 1, startedAt: "" },
 *   results: [{ type: "bench-result", workload: "sem.uncontended", mechanism: "sem", title: "", unit: "wait+post", params: {}, subject: "ref", role: "reference", status: "ok", opsPerSecond: 5e7, durationMs: 1 }],
 *   end: { type: "bench-end", targets: [], notes: [], ok: true, durationMs: 1 },
 * });
 * console.assert(text.includes("50.0 M/s wait+post"));
 * ```
 */
export function formatBenchTable(report: BenchReport): string {
  const rows = rowsOf(report);
  const keys = Object.keys(HEADERS) as (keyof Row)[];
  const widths = keys.map((key) => Math.max(HEADERS[key].length, ...rows.filter((r) => measuredRow(r)).map((r) => r[key].length)));
  const line = (row: Record<keyof Row, string>): string =>
    keys
      .map((key, i) => (key === "ratio" ? row[key] : ["rate", "bytes", "median", "p99", "spread", "samples"].includes(key) ? row[key].padStart(widths[i]!) : row[key].padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  let out = `${line(HEADERS)}\n`;
  let previous = "";
  for (const row of rows) {
    if (row.mechanism !== previous && previous !== "") out += "\n";
    previous = row.mechanism;
    out += measuredRow(row)
      ? `${line(row)}\n`
      : `${row.mechanism.padEnd(widths[0]!)}  ${row.workload.padEnd(widths[1]!)}  ${row.subject.padEnd(widths[2]!)}  ${row.rate}: ${row.ratio}\n`;
  }
  if (report.start.subjects.length > 1) out += `\n${RATIO_NOTE(report.start.implementation)}\n`;
  out += latencyNote();
  if (report.end.targets.length > 0) {
    out += `\nTargets (the reference's, for a 2-core machine)\n`;
    for (const check of report.end.targets) {
      const mark = check.met === true ? "MET   " : check.met === false ? "MISSED" : "  -   ";
      out += `  ${mark} ${check.description}\n         ${targetLine(check)}\n`;
    }
  }
  const peers = peerLines(report.start);
  if (peers.length > 0) out += `\nPeers\n${peers.map((line) => `  - ${line}\n`).join("")}`;
  if (report.end.notes.length > 0) out += `\nNot measured\n${report.end.notes.map((note) => `  - ${note}\n`).join("")}`;
  return out;
}

/** What each peer of the run does differently, one line each. */
function peerLines(start: BenchStartEvent): string[] {
  return start.subjects.filter((s) => s.note !== undefined).map((s) => `${s.name}: ${s.note}`);
}

function measuredRow(row: Row): boolean {
  return !["UNSUPPORTED", "TIMEOUT", "ERROR"].includes(row.rate);
}

function latencyNote(): string {
  return "latency: per operation, from samples of (samples × batch) operations timed together; spread: margin of error of the mean at 95%\n";
}

function prettyReporter(write: (text: string) => void, options: BenchReporterOptions): BenchReporter {
  const paint = (code: number, text: string): string => (options.color === true ? `\u001b[${code}m${text}\u001b[0m` : text);
  const events: BenchEvent[] = [];
  let done = 0;
  let total = 0;
  return {
    event(event: BenchEvent): void {
      events.push(event);
      switch (event.type) {
        case "bench-start":
          total = event.total;
          write(
            `${paint(1, "ipckit bench")}: ${event.implementation}${event.subjects.length > 1 ? ` compared with ${event.subjects.slice(1).map((s) => s.name).join(", ")}` : ""}\n` +
              `${machineLine(event)}\n${event.total} measurements\n\n`,
          );
          break;
        case "bench-result": {
          done += 1;
          const progress = `${String(done).padStart(String(total).length)}/${total}`;
          const what = `${event.workload} · ${event.subject}`;
          if (measured(event)) {
            const numbers = [
              `${formatRate(event.opsPerSecond)} ${event.unit}`,
              event.bytesPerSecond === undefined ? undefined : formatBytesRate(event.bytesPerSecond),
              event.latency === undefined ? undefined : `median ${formatDuration(event.latency.median)}, p99 ${formatDuration(event.latency.p99)}`,
              event.rmePercent === undefined ? undefined : `±${event.rmePercent.toFixed(1)}%`,
            ].filter((part): part is string => part !== undefined);
            write(`${progress} ${what}: ${numbers.join(", ")}\n`);
          } else {
            const code = event.status === "unsupported" ? 33 : 31;
            write(`${progress} ${what}: ${paint(code, event.status.toUpperCase())}${event.message === undefined ? "" : ` (${event.message})`}\n`);
          }
          break;
        }
        case "bench-end": {
          const report = collectBenchReport(events);
          write(`\n${formatBenchTable(report)}`);
          const failed = report.results.filter((r) => r.status === "timeout" || r.status === "error").length;
          write(`\n${report.results.filter(measured).length} measured, ${failed} failed in ${(event.durationMs / 1000).toFixed(1)} s\n`);
          break;
        }
      }
    },
  };
}

// ---------------------------------------------------------------- json

/**
 * Renders the report as one JSON document: the start event's fields, the
 * results and the end event's targets and notes.
 *
 * @param report - the run
 * @returns the JSON text, ending with a newline
 *
 * @example
 * ```ts
 * import { formatBenchJson } from "ipckit/conformance";
 * const json = formatBenchJson({
 *   start: { type: "bench-start", implementation: "x", subjects: [], runtime: "node 20", profile: "quick", mechanisms: [], total: 0, startedAt: "" },
 *   results: [],
 *   end: { type: "bench-end", targets: [], notes: [], ok: true, durationMs: 1 },
 * });
 * console.assert(JSON.parse(json).implementation === "x");
 * ```
 */
export function formatBenchJson(report: BenchReport): string {
  const { type: _start, ...start } = report.start;
  const { type: _end, ...end } = report.end;
  const results = report.results.map(({ type: _type, ...result }) => result);
  return `${JSON.stringify({ format: "ipckit-bench/1", ...start, results, ...end }, null, 2)}\n`;
}

// ---------------------------------------------------------------- markdown

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

/**
 * Renders the report as Markdown: the machine, a table of every result, the
 * targets and what was not measured.
 *
 * @param report - the run
 * @returns the Markdown text
 *
 * @example
 * ```ts
 * import { formatBenchMarkdown } from "ipckit/conformance";
 * const markdown = formatBenchMarkdown({
 *   start: { type: "bench-start", implementation: "ref", subjects: [], runtime: "node 20", profile: "full", mechanisms: ["sem"], total: 1, startedAt: "" },
 *   results: [{ type: "bench-result", workload: "sem.uncontended", mechanism: "sem", title: "", unit: "wait+post", params: {}, subject: "ref", role: "reference", status: "ok", opsPerSecond: 5e7, durationMs: 1 }],
 *   end: { type: "bench-end", targets: [], notes: [], ok: true, durationMs: 1 },
 * });
 * console.assert(markdown.includes("| sem | sem.uncontended | ref | 50.0 M/s wait+post |"));
 * ```
 */
export function formatBenchMarkdown(report: BenchReport): string {
  const { start, end } = report;
  let out = `### ipckit bench: ${start.implementation}\n\n${machineLine(start)}.\n\n`;
  out += "| mechanism | workload | subject | ops/s | bytes/s | median | p99 | spread | samples × batch | ratio |\n";
  out += "|---|---|---|--:|--:|--:|--:|--:|--:|--:|\n";
  for (const row of rowsOf(report)) {
    out += `| ${[row.mechanism, row.workload, row.subject, row.rate, row.bytes, row.median, row.p99, row.spread, row.samples, row.ratio].map(cell).join(" | ")} |\n`;
  }
  out += "\n";
  if (start.subjects.length > 1) out += `${RATIO_NOTE(start.implementation)}.\n`;
  out += `${latencyNote().trim()}.\n`;
  if (end.targets.length > 0) {
    out += "\n| target (the reference's, 2-core machine) | verdict | measured |\n|---|---|---|\n";
    for (const check of end.targets) {
      const verdict = check.met === true ? "met" : check.met === false ? "**missed**" : "not measured";
      out += `| ${cell(check.description)} | ${verdict} | ${cell(targetLine(check))} |\n`;
    }
  }
  const peers = peerLines(start);
  if (peers.length > 0) out += `\nPeers:\n\n${peers.map((line) => `- ${line}\n`).join("")}`;
  if (end.notes.length > 0) out += `\nNot measured:\n\n${end.notes.map((note) => `- ${note}\n`).join("")}`;
  return out;
}

// ---------------------------------------------------------------- html

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

const MECHANISM_COLORS: Readonly<Record<BenchMechanism, string>> = {
  pipe: "#4e79a7",
  fifo: "#59a14f",
  mq: "#f28e2b",
  msg: "#e15759",
  shm: "#76b7b2",
  sem: "#b6992d",
  mutex: "#b07aa1",
  stream: "#ff9da7",
  dgram: "#9c755f",
  signal: "#d37295",
};

const PEER_COLORS = ["#9c9c9c", "#c7c7c7", "#6f6f6f", "#b0b0b0"];

/**
 * The spread of a bar: a whisker from the rate less its margin of error to
 * the rate plus it (95%), with end ticks; nothing when there is no spread.
 */
function whisker(result: BenchResultEvent & { opsPerSecond: number }, x: (rate: number) => number, y: number): string {
  if (result.rmePercent === undefined || result.rmePercent <= 0) return "";
  const margin = result.opsPerSecond * (result.rmePercent / 100);
  const lo = x(Math.max(result.opsPerSecond - margin, 1)).toFixed(1);
  const hi = x(result.opsPerSecond + margin).toFixed(1);
  const title = `<title>spread: ±${result.rmePercent.toFixed(1)}% (margin of error of the mean at 95%)</title>`;
  return (
    `<g class="spread">${title}<line x1="${lo}" y1="${y}" x2="${hi}" y2="${y}"/>` +
    `<line x1="${lo}" y1="${y - 4}" x2="${lo}" y2="${y + 4}"/><line x1="${hi}" y1="${y - 4}" x2="${hi}" y2="${y + 4}"/></g>`
  );
}

/** A bar's label: the rate, the bytes, the spread. */
function barValue(result: BenchResultEvent & { opsPerSecond: number }): string {
  return (
    `${formatRate(result.opsPerSecond)}${result.bytesPerSecond === undefined ? "" : `, ${formatBytesRate(result.bytesPerSecond)}`}` +
    `${result.rmePercent === undefined ? "" : ` ±${result.rmePercent.toFixed(1)}%`}`
  );
}

/** A horizontal bar chart of every workload of the first subject, on a log scale of operations/s, with each bar's spread. */
function overviewChart(report: BenchReport): string {
  const results = report.results.filter((r) => r.subject === report.start.implementation && measured(r)) as (BenchResultEvent & { opsPerSecond: number })[];
  if (results.length === 0) return "<p>No measurement to chart.</p>";
  const label = 250;
  const plot = 520;
  const row = 22;
  const top = 28;
  const rates = results.map((r) => Math.max(r.opsPerSecond, 1));
  const low = Math.floor(Math.log10(Math.min(...rates)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...rates))));
  const x = (rate: number): number => label + ((Math.log10(Math.max(rate, 1)) - low) / (high - low)) * plot;
  const height = top + results.length * row + 10;
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${label + plot + 230}" height="${height}" role="img" aria-label="operations per second of every workload">`;
  for (let decade = low; decade <= high; decade++) {
    const gx = x(10 ** decade).toFixed(1);
    svg += `<line x1="${gx}" y1="${top - 6}" x2="${gx}" y2="${height - 8}" stroke="#ddd"/>`;
    svg += `<text x="${gx}" y="${top - 10}" text-anchor="middle" class="axis">${escapeHtml(formatRate(10 ** decade))}</text>`;
  }
  results.forEach((result, i) => {
    const y = top + i * row;
    const width = Math.max(1, x(result.opsPerSecond) - label);
    svg += `<text x="${label - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(result.workload)}</text>`;
    svg += `<rect x="${label}" y="${y + 3}" width="${width.toFixed(1)}" height="${row - 6}" fill="${MECHANISM_COLORS[result.mechanism]}"><title>${escapeHtml(`${result.title}: ${formatRate(result.opsPerSecond)} ${result.unit}`)}</title></rect>`;
    svg += whisker(result, x, y + row / 2);
    const end = Math.max(width, result.rmePercent === undefined ? 0 : x(result.opsPerSecond * (1 + result.rmePercent / 100)) - label);
    svg += `<text x="${(label + end + 6).toFixed(1)}" y="${y + 15}">${escapeHtml(barValue(result))}</text>`;
  });
  return `${svg}</svg>`;
}

/** For each workload measured on more than one subject: a bar per subject, on a linear scale, with the ratios. */
function comparisonCharts(report: BenchReport): string {
  const first = report.start.implementation;
  const colors = new Map<string, string>();
  report.start.subjects.forEach((subject, i) => colors.set(subject.name, i === 0 ? "" : PEER_COLORS[(i - 1) % PEER_COLORS.length]!));
  let html = "";
  for (const [workload, group] of byWorkload(report)) {
    const bars = group.filter(measured) as (BenchResultEvent & { opsPerSecond: number })[];
    if (bars.length < 2) continue;
    const label = 250;
    const plot = 400;
    const row = 22;
    const max = Math.max(...bars.map((b) => b.opsPerSecond * (1 + (b.rmePercent ?? 0) / 100)));
    const x = (rate: number): number => label + (rate / max) * plot;
    let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${label + plot + 300}" height="${bars.length * row + 8}" role="img" aria-label="${escapeHtml(workload)} compared">`;
    bars.forEach((bar, i) => {
      const y = i * row;
      const width = Math.max(1, (bar.opsPerSecond / max) * plot);
      const ratio = ratioTo(group, bar, first);
      const fill = bar.subject === first ? MECHANISM_COLORS[bar.mechanism] : (colors.get(bar.subject) ?? PEER_COLORS[0]!);
      svg += `<text x="${label - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(bar.subject)}</text>`;
      svg += `<rect x="${label}" y="${y + 3}" width="${width.toFixed(1)}" height="${row - 6}" fill="${fill}"/>`;
      svg += whisker(bar, x, y + row / 2);
      const value = `${barValue(bar)}${ratio === undefined ? "" : ` (ratio ${formatRatio(ratio)})`}`;
      const end = x(bar.opsPerSecond * (1 + (bar.rmePercent ?? 0) / 100)) - label;
      svg += `<text x="${(label + Math.max(width, end) + 6).toFixed(1)}" y="${y + 15}">${escapeHtml(value)}</text>`;
    });
    html += `<h3>${escapeHtml(workload)}: ${escapeHtml(group[0]!.title)}</h3>\n${svg}</svg>\n`;
  }
  return html === "" ? "<p>No workload was measured on more than one subject (run with <code>--compare</code>).</p>" : html;
}

function htmlTable(report: BenchReport): string {
  let html = "<table>\n<thead><tr><th>mechanism</th><th>workload</th><th>subject</th><th>ops/s</th><th>bytes/s</th><th>median</th><th>p99</th><th>spread</th><th>samples × batch</th><th>ratio</th></tr></thead>\n<tbody>\n";
  for (const row of rowsOf(report)) {
    const cells = [row.mechanism, row.workload, row.subject, row.rate, row.bytes, row.median, row.p99, row.spread, row.samples, row.ratio];
    html += `<tr>${cells.map((text, i) => `<td${i >= 3 && i <= 8 ? ' class="num"' : ""}>${escapeHtml(text)}</td>`).join("")}</tr>\n`;
  }
  return `${html}</tbody>\n</table>\n`;
}

/**
 * Renders the report as a self-contained HTML page: the machine, a chart of
 * every mechanism's workloads (log scale), a chart per workload compared
 * with its peers, the targets, the full table and the notes. Inline SVG and
 * CSS only: no script, no external asset.
 *
 * @param report - the run
 * @returns the HTML document
 *
 * @example
 * ```ts
 * import { formatBenchHtml } from "ipckit/conformance";
 * const html = formatBenchHtml({
 *   start: { type: "bench-start", implementation: "ref", subjects: [{ name: "ref", role: "reference" }], runtime: "node 20", profile: "quick", mechanisms: ["sem"], total: 1, startedAt: "" },
 *   results: [{ type: "bench-result", workload: "sem.uncontended", mechanism: "sem", title: "", unit: "wait+post", params: {}, subject: "ref", role: "reference", status: "ok", opsPerSecond: 5e7, durationMs: 1 }],
 *   end: { type: "bench-end", targets: [], notes: [], ok: true, durationMs: 1 },
 * });
 * console.assert(html.startsWith("<!doctype html>") && html.includes("<svg") && !html.includes("http://cdn"));
 * ```
 */
export function formatBenchHtml(report: BenchReport): string {
  const { start, end } = report;
  const title = `ipckit bench: ${start.implementation}`;
  const legend = BENCH_MECHANISMS.filter((m) => start.mechanisms.includes(m))
    .map((m) => `<span class="key" style="background:${MECHANISM_COLORS[m]}"></span>${m}`)
    .join(" ");
  let targets = "";
  if (end.targets.length > 0) {
    targets = "<h2>Targets (the reference's, for a 2-core machine)</h2>\n<table>\n<thead><tr><th>target</th><th>verdict</th><th>measured</th></tr></thead>\n<tbody>\n";
    for (const check of end.targets) {
      const verdict = check.met === true ? '<span class="met">met</span>' : check.met === false ? '<span class="missed">missed</span>' : "not measured";
      targets += `<tr><td>${escapeHtml(check.description)}</td><td>${verdict}</td><td>${escapeHtml(targetLine(check))}</td></tr>\n`;
    }
    targets += "</tbody>\n</table>\n";
  }
  const peers = peerLines(start);
  const notes =
    (peers.length === 0 ? "" : `<h2>Peers</h2>\n<ul>${peers.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>\n`) +
    (end.notes.length === 0 ? "" : `<h2>Not measured</h2>\n<ul>${end.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join("")}</ul>\n`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; max-width: 1100px; }
svg { font: 12px system-ui, sans-serif; display: block; margin: 0.5em 0 1.5em; }
svg .axis { fill: #777; font-size: 11px; }
svg .spread line { stroke: #222; stroke-width: 1.5; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
.key { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; }
.met { color: #2a7a2a; font-weight: bold; }
.missed { color: #b22; font-weight: bold; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(machineLine(start))}</p>
<h2>Every mechanism (operations per second, log scale)</h2>
<p>${legend}</p>
<p>Each bar is the mean rate; its whisker is the spread, the margin of error of the mean at 95% (the same ±% as in the table).</p>
${overviewChart(report)}
<h2>Compared with peers</h2>
${start.subjects.length > 1 ? `<p>${escapeHtml(RATIO_NOTE(start.implementation))}.</p>` : ""}
${comparisonCharts(report)}
${targets}<h2>Every result</h2>
<p>${escapeHtml(latencyNote().trim())}.</p>
${htmlTable(report)}${notes}</body>
</html>
`;
}

// ---------------------------------------------------------------- reporters

/**
 * Creates a benchmark reporter by name. Every format but `pretty` writes once,
 * when the run ends.
 *
 * @param name - `pretty`, `json`, `markdown` or `html`
 * @param write - where text goes
 * @param options - colour (pretty)
 * @returns the reporter
 * @throws {RangeError} for an unknown name
 *
 * @example Collect a Markdown report
 * ```ts
 * import { createBenchReporter } from "ipckit/conformance";
 * let out = "";
 * const reporter = createBenchReporter("markdown", (text) => { out += text; });
 * reporter.event({ type: "bench-start", implementation: "x", subjects: [], runtime: "node 20", profile: "quick", mechanisms: [], total: 0, startedAt: "" });
 * reporter.event({ type: "bench-end", targets: [], notes: ["sockets: not yet"], ok: true, durationMs: 1 });
 * console.assert(out.includes("sockets: not yet"));
 * ```
 */
export function createBenchReporter(name: string, write: (text: string) => void, options: BenchReporterOptions = {}): BenchReporter {
  const atEnd = (render: (report: BenchReport) => string): BenchReporter => {
    const events: BenchEvent[] = [];
    return {
      event(event: BenchEvent): void {
        events.push(event);
        if (event.type === "bench-end") write(render(collectBenchReport(events)));
      },
    };
  };
  switch (name) {
    case "pretty":
      return prettyReporter(write, options);
    case "json":
      return atEnd(formatBenchJson);
    case "markdown":
      return atEnd(formatBenchMarkdown);
    case "html":
      return atEnd(formatBenchHtml);
    default:
      throw new RangeError(`ipckit: unknown bench reporter "${name}" (choose one of ${BENCH_REPORTERS.join(", ")})`);
  }
}
