// Prints what `npm test` ran, counted from the reports its steps wrote, and closes
// with one line "tests: N passed, N failed" so that CI (which reads a run's closing
// line) sees how many tests ran. Exits 1 if a report is missing or any test failed:
// a missing report means a step did not run, which must not pass as "0 failed".
import { readFileSync } from "node:fs";

const parts = [];
let missing = false;

function read(file) {
  try {
    return readFileSync(file, "utf8");
  } catch {
    console.error(`test-summary: ${file} is missing (did its step run?)`);
    missing = true;
    return undefined;
  }
}

// vitest's JSON report: the project's own tests (unit, spine, mutants, CLI, examples).
const vitest = read("reports/vitest.json");
if (vitest !== undefined) {
  const r = JSON.parse(vitest);
  parts.push({ name: "vitest", passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests });
}

// The conformance suite under Deno and Bun: the "end" event of ipckit's JSON report.
for (const runtime of ["deno", "bun"]) {
  const text = read(`reports/suite-${runtime}.ndjson`);
  if (text === undefined) continue;
  const end = text.trim().split("\n").map((line) => JSON.parse(line)).find((e) => e.type === "end");
  if (end === undefined) {
    console.error(`test-summary: the ${runtime} report has no end event (the run did not finish)`);
    missing = true;
    continue;
  }
  const c = end.counts;
  parts.push({
    name: `conformance on ${runtime}`,
    passed: c.PASS,
    failed: c.FAIL + c.TIMEOUT + c.ERROR,
    skipped: c["NOT IMPLEMENTED"] + c.SKIPPED,
  });
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const p of parts) {
  console.log(`  ${p.name}: ${p.passed} passed, ${p.failed} failed, ${p.skipped} skipped`);
  passed += p.passed;
  failed += p.failed;
  skipped += p.skipped;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(missing || failed > 0 ? 1 : 0);
