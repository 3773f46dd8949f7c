// Measures the whole conformance suite against the reference run directly
// (in this thread) and through the implementation protocol's TypeScript
// server in a worker thread (and, with --process, in a child process), and
// prints both times and their ratio. Runs alternate, so that both kinds see
// the same load on a shared machine; the medians are compared.
//
//   node scripts/bench-protocol.mjs [--runs N] [--process] [--kinds direct,worker,process]
//                                   [--clause PREFIX,...] [--timeout-multiplier M] [--spin MICROSECONDS]
//                                   [--dist] [--json FILE]
//
// From source (through tsx on Node; Deno and Bun load TypeScript themselves:
// `deno run -A scripts/bench-protocol.mjs`, `bun scripts/bench-protocol.mjs`);
// --dist uses the built files (npm run build). The exit status is 1 when the
// kinds disagree on any test's status.
import { writeFileSync } from "node:fs";
import os from "node:os";
import process from "node:process";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
};
const runs = Number(option("--runs", "3"));
// The same for every kind: a call through a server costs a round trip between
// threads, and one property test makes over 100,000 of them.
const timeoutMultiplier = Number(option("--timeout-multiplier", "4"));
// How long a call polls for its answer before sleeping (RingLink's spinMicroseconds).
const spin = option("--spin", undefined);
const clause = option("--clause", undefined);
const clauses = clause === undefined ? undefined : clause.split(",");
const json = option("--json", undefined);
const withProcess = args.includes("--process");
const runtime = globalThis.Deno !== undefined ? "deno" : globalThis.Bun !== undefined ? "bun" : "node";
const fromDist = args.includes("--dist");
const root = new URL("..", import.meta.url);

async function load(path) {
  if (fromDist) return import(new URL(`dist/${path}.js`, root).href);
  if (runtime !== "node") return import(new URL(`${path}.ts`, root).href);
  const { tsImport } = await import("tsx/esm/api");
  return tsImport(new URL(`${path}.ts`, root).href, import.meta.url);
}

const { runSuite } = await load("conformance/orchestrator");
const { referenceAdapter } = await load("reference/adapter");
const { startProcessServer, startWorkerServer } = await load("cli/remote/worker");
const adapterModule = new URL(fromDist ? "dist/reference/adapter.js" : "reference/adapter.ts", root).href;

async function timeSuite(adapter) {
  const counts = {};
  const started = performance.now();
  for await (const event of runSuite(adapter, { seed: 1, timeoutMultiplier, ...(clauses === undefined ? {} : { clauses }) })) {
    if (event.type === "test") {
      counts[event.status] = (counts[event.status] ?? 0) + 1;
      if (event.status !== "PASS") console.log(`  ${event.status} ${event.key}: ${event.message ?? ""}`);
    }
  }
  return { ms: performance.now() - started, counts };
}

async function timeRemote(start) {
  const started = performance.now();
  const server = await start(adapterModule, { output: "ignore", ...(spin === undefined ? {} : { spinMicroseconds: Number(spin) }) });
  const startMs = performance.now() - started;
  try {
    return { ...(await timeSuite(server.adapter)), startMs };
  } finally {
    await server.close();
  }
}

const kindNames = option("--kinds", withProcess ? "direct,worker,process" : "direct,worker").split(",");
const kinds = Object.fromEntries(kindNames.map((kind) => [kind, []]));
for (let run = 1; run <= runs; run++) {
  for (const kind of Object.keys(kinds)) {
    const result =
      kind === "direct" ? await timeSuite(referenceAdapter) : await timeRemote(kind === "worker" ? startWorkerServer : startProcessServer);
    kinds[kind].push(result);
    const start = result.startMs === undefined ? "" : ` (+${(result.startMs / 1000).toFixed(2)} s to start the server)`;
    console.log(`run ${run}/${runs} ${kind.padEnd(7)} ${(result.ms / 1000).toFixed(2)} s${start} ${JSON.stringify(result.counts)}`);
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};
const direct = kinds.direct === undefined ? undefined : median(kinds.direct.map((r) => r.ms));
const summary = {
  cpu: os.cpus()[0]?.model ?? "unknown",
  cores: os.cpus().length,
  loadAverage: os.loadavg(),
  runtime: `${runtime} ${runtime === "deno" ? globalThis.Deno.version.deno : runtime === "bun" ? globalThis.Bun.version : process.versions.node}`,
  runs,
  timeoutMultiplier,
  spinMicroseconds: spin === undefined ? 0 : Number(spin),
  clause: clause ?? "all",
  medianSeconds: Object.fromEntries(Object.entries(kinds).map(([kind, results]) => [kind, median(results.map((r) => r.ms)) / 1000])),
  statuses: Object.fromEntries(Object.entries(kinds).map(([kind, results]) => [kind, results.map((r) => r.counts)])),
};
console.log(`\nthe whole suite${clause === undefined ? "" : ` (${clause})`} under ${summary.runtime}, median of ${runs} runs, on ${summary.cores} × ${summary.cpu} (load ${summary.loadAverage.map((l) => l.toFixed(1)).join(" ")}):`);
for (const [kind, results] of Object.entries(kinds)) {
  const ms = median(results.map((r) => r.ms));
  console.log(`  ${kind.padEnd(7)} ${(ms / 1000).toFixed(2)} s${kind === "direct" || direct === undefined ? "" : `  ${(ms / direct).toFixed(2)}× direct`}`);
}
const statuses = new Set(Object.values(kinds).flat().map((r) => JSON.stringify(r.counts)));
if (statuses.size !== 1) {
  console.log("the runs disagree on the statuses:", [...statuses].join(" / "));
  process.exitCode = 1;
}
if (json !== undefined) writeFileSync(json, `${JSON.stringify(summary, null, 2)}\n`);
