// The benchmark report formats, on synthetic results: what each shows, never
// how fast anything is.
import { describe, expect, it } from "vitest";
import { collectBenchReport } from "./run.ts";
import { createBenchReporter, formatBenchHtml, formatBenchJson, formatBenchMarkdown, formatBenchTable } from "./report.ts";
import { evaluateTargets } from "./targets.ts";
import type { BenchEvent, BenchReport, BenchResultEvent, BenchStartEvent } from "./types.ts";
import { formatBytesRate, formatDuration, formatRate, formatRatio } from "./format.ts";

const start: BenchStartEvent = {
  type: "bench-start",
  implementation: "ipckit reference",
  subjects: [
    { name: "ipckit reference", role: "reference" },
    { name: "node:stream PassThrough", role: "peer", note: "passes chunks by reference" },
  ],
  runtime: "node 20.20.2",
  version: "0.1.0",
  cpu: "Test CPU <fast> & co",
  cores: 2,
  profile: "full",
  mechanisms: ["pipe", "sem", "mutex"],
  total: 4,
  startedAt: "2026-11-24T10:00:00.000Z",
};

const base = { type: "bench-result", mechanism: "pipe", params: { size: 65536 }, durationMs: 900 } as const;
const latency = { median: 2500, p99: 4100, mean: 2600, min: 2400, max: 9000 };
const results: BenchResultEvent[] = [
  { ...base, workload: "pipe.stream.64KiB", title: "stream, 64KiB writes", unit: "write", subject: "ipckit reference", role: "reference", status: "ok", opsPerSecond: 400_000, bytesPerSecond: 400_000 * 65536, latency, samples: 120, rmePercent: 0.8, batch: 256 },
  { ...base, workload: "pipe.stream.64KiB", title: "stream, 64KiB writes", unit: "write", subject: "node:stream PassThrough", role: "peer", status: "ok", opsPerSecond: 100_000, bytesPerSecond: 100_000 * 65536, latency, samples: 80, rmePercent: 2.5, batch: 64 },
  { ...base, mechanism: "sem", params: {}, workload: "sem.uncontended", title: "semTryWait+semPost", unit: "wait+post", subject: "ipckit reference", role: "reference", status: "ok", opsPerSecond: 40e6, latency: { median: 25, p99: 30, mean: 25, min: 24, max: 80 }, samples: 300, rmePercent: 0.3, batch: 40960 },
  { ...base, mechanism: "mutex", params: {}, workload: "mutex.handoff", title: "turns", unit: "round trip", subject: "ipckit reference", role: "reference", status: "timeout", message: "killed: the workload did not finish within 1000 ms", durationMs: 1000 },
];
const events: BenchEvent[] = [
  start,
  ...results,
  {
    type: "bench-end",
    targets: evaluateTargets(results, "ipckit reference"),
    notes: ["sockets: not measured: ipckit has no socket workload yet"],
    ok: false,
    durationMs: 4200,
  },
];
const report: BenchReport = collectBenchReport(events);

function render(name: string): string {
  let out = "";
  const reporter = createBenchReporter(name, (text) => {
    out += text;
  });
  for (const event of events) reporter.event(event);
  return out;
}

describe("number formats", () => {
  it("scale rates, bytes, durations and ratios", () => {
    expect(formatRate(950), "below a thousand").toBe("950 /s");
    expect(formatRate(12_345_678), "millions").toBe("12.3 M/s");
    expect(formatBytesRate(26.2e9), "decimal gigabytes").toBe("26.2 GB/s");
    expect(formatDuration(35.2), "nanoseconds").toBe("35.2 ns");
    expect(formatDuration(2_500_000), "milliseconds").toBe("2.50 ms");
    expect(formatDuration(3e9), "seconds").toBe("3.00 s");
    expect(formatRatio(0.256), "a ratio below one").toBe("0.26×");
  });
});

describe("bench reports", () => {
  it("collect a run's events, and refuse a run without its end", () => {
    expect(report.results.length, "every result kept").toBe(4);
    expect(() => collectBenchReport([start]), "no end event").toThrow(Error);
  });

  it("pretty prints a line per measurement as it arrives, then the table, ratios, targets and notes", () => {
    const out = render("pretty");
    expect(out, "header names the subjects").toContain("ipckit reference compared with node:stream PassThrough");
    expect(out, "the machine").toContain("CPU Test CPU <fast> & co (2 logical CPUs)");
    expect(out, "progress line").toMatch(/1\/4 pipe\.stream\.64KiB · ipckit reference: 400 k\/s write, 26\.2 GB\/s, median 2\.50 µs, p99 4\.10 µs, ±0\.8%/);
    expect(out, "a timeout says so").toContain("4/4 mutex.handoff · ipckit reference: TIMEOUT (killed:");
    expect(out, "table row with the ratio to the peer").toMatch(/pipe\.stream\.64KiB\s+node:stream PassThrough\s+100 k\/s write.*4\.00×/);
    expect(out, "samples and batch").toContain("120 × 256");
    expect(out, "a target met").toMatch(/MET\s+pipe streaming, 64 KiB writes: ≥ 10 GB\/s/);
    expect(out, "a target missed, by how much").toMatch(/MISSED semaphore, uncontended[^\n]*\n\s+40\.0 M\/s: missed: 0\.80× the target, 20% short/);
    expect(out, "a target not measured").toContain("not measured: mq.pair.64B.d0 was not in this run");
    expect(out, "the ratio to the peer in a target").toContain("vs peers: 4.00× node:stream PassThrough");
    expect(out, "notes").toContain("sockets: not measured");
    expect(out, "what the peer does differently").toContain("Peers\n  - node:stream PassThrough: passes chunks by reference");
    expect(out, "closing count").toContain("3 measured, 1 failed in 4.2 s");
  });

  it("json writes the whole run as one document", () => {
    const document = JSON.parse(render("json")) as Record<string, unknown> & { results: unknown[]; targets: unknown[] };
    expect(document["format"], "format tag").toBe("ipckit-bench/1");
    expect(document["cpu"], "machine").toBe("Test CPU <fast> & co");
    expect(document.results.length, "results").toBe(4);
    expect(document.results[0], "a result without its event type").toEqual({ ...results[0], type: undefined });
    expect(document.targets.length, "targets").toBe(report.end.targets.length);
    expect(document["ok"], "end fields").toBe(false);
    expect(formatBenchJson(report), "the reporter and the formatter agree").toBe(render("json"));
  });

  it("markdown writes the machine, a table row per result, the targets and the notes", () => {
    const out = formatBenchMarkdown(report);
    expect(out, "machine line").toContain("runtime node 20.20.2, ipckit 0.1.0, CPU Test CPU <fast> & co (2 logical CPUs), profile full");
    expect(out, "table header").toContain("| mechanism | workload | subject | ops/s | bytes/s | median | p99 | spread | samples × batch | ratio |");
    expect(out, "a measured row").toContain("| pipe | pipe.stream.64KiB | node:stream PassThrough | 100 k/s write | 6.55 GB/s | 2.50 µs | 4.10 µs | ±2.5% | 80 × 64 | 4.00× |");
    expect(out, "a failed row").toContain("| mutex | mutex.handoff | ipckit reference | TIMEOUT |");
    expect(out, "a missed target").toMatch(/\| semaphore, uncontended: ≥ 50 M wait\+post pairs\/s \| \*\*missed\*\* \|/);
    expect(out, "notes").toContain("- sockets: not measured");
    expect(out, "peers").toContain("- node:stream PassThrough: passes chunks by reference");
    expect(render("markdown"), "the reporter writes the same").toBe(out);
  });

  it("html is one page with inline SVG charts of every mechanism and of the comparisons, escaped, with no external asset", () => {
    const out = formatBenchHtml(report);
    expect(out.startsWith("<!doctype html>"), "a document").toBe(true);
    expect(out.match(/<svg /g)?.length, "an overview chart and one comparison chart").toBe(2);
    expect(out, "bars of the overview, one per measured workload of the reference").toContain("sem.uncontended</text>");
    expect(out, "comparison chart with the ratio").toContain("(ratio 4.00×)");
    expect(out, "escaped text").toContain("Test CPU &lt;fast&gt; &amp; co");
    expect(out, "the escaped text is never raw").not.toContain("<fast>");
    expect(out, "no script, no external asset").not.toMatch(/<script|<link|src=|href=|url\(/);
    expect(out, "targets table").toContain('<span class="missed">missed</span>');
    expect(render("html"), "the reporter writes the same").toBe(out);
  });

  it("the table says when nothing was compared", () => {
    const alone = collectBenchReport([{ ...start, subjects: [start.subjects[0]!] }, results[2]!, { ...report.end, targets: [] }]);
    const table = formatBenchTable(alone);
    expect(table, "no ratio note without peers").not.toContain("ratio: ");
    expect(formatBenchHtml(alone), "html says to compare").toContain("run with <code>--compare</code>");
  });

  it("rejects an unknown format", () => {
    expect(() => createBenchReporter("xml", () => {}), "unknown reporter").toThrow(RangeError);
  });
});
