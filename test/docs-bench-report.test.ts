// The bench report explains its peers and shows the spread of its numbers
// (conformance/bench/report.ts, peers.ts): what a reader of docs/bench.md or
// of `ipckit bench --reporter html` needs to read a ratio.
import { describe, expect, it } from "vitest";
import { PEER_NAMES, PEER_NOTES } from "../conformance/bench/peers.ts";
import { formatBenchHtml, formatBenchMarkdown } from "../conformance/bench/report.ts";
import type { BenchReport } from "../conformance/bench/types.ts";

const report: BenchReport = {
  start: {
    type: "bench-start",
    implementation: "reference",
    subjects: [
      { name: "reference", role: "reference" },
      { name: PEER_NAMES.seedQueue, role: "peer", note: PEER_NOTES[PEER_NAMES.seedQueue] ?? "" },
    ],
    runtime: "node 20",
    profile: "quick",
    mechanisms: ["mq"],
    total: 2,
    startedAt: "",
  },
  results: [
    { type: "bench-result", workload: "mq.pair.64B.d0", mechanism: "mq", title: "pairs", unit: "send+receive", params: {}, subject: "reference", role: "reference", status: "ok", opsPerSecond: 1e7, rmePercent: 10, durationMs: 1 },
    { type: "bench-result", workload: "mq.pair.64B.d0", mechanism: "mq", title: "pairs", unit: "send+receive", params: {}, subject: PEER_NAMES.seedQueue, role: "peer", status: "ok", opsPerSecond: 4e6, rmePercent: 2.5, durationMs: 1 },
  ],
  end: { type: "bench-end", targets: [], notes: [], ok: true, durationMs: 1 },
};

describe("the bench report", () => {
  it("explains every peer in a sentence of its own, naming what it is", () => {
    for (const name of Object.values(PEER_NAMES)) {
      const note = PEER_NOTES[name] ?? "";
      expect(note, name).toMatch(/^[A-Z].{60,}\.$/s);
      expect(name, "a name a reader can place without the project's history").not.toMatch(/seed/);
    }
  });

  it("draws the spread of each bar as a whisker, in both charts, and prints it", () => {
    const html = formatBenchHtml(report);
    expect(html.match(/<g class="spread">/g)?.length, "one whisker per bar: 1 overview + 2 compared").toBe(3);
    expect(html).toContain("±10.0%");
    expect(html).toContain("±2.5%");
    expect(html).toContain("whisker is the spread");
    // 10 M/s ± 10%: the whisker spans 9 M/s to 11 M/s, wider than the 4 M/s ± 2.5% peer's.
    const spans = [...html.matchAll(/<g class="spread"><title>[^<]*<\/title><line x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"/g)].map((m) => Number(m[2]) - Number(m[1]));
    expect(spans[1]! > spans[2]!, `compared whiskers ${spans.join(", ")}`).toBe(true);
  });

  it("lists each peer with its explanation", () => {
    expect(formatBenchMarkdown(report)).toContain(`- ${PEER_NAMES.seedQueue}: ${PEER_NOTES[PEER_NAMES.seedQueue]}`);
  });
});
