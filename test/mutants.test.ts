// The suite must catch bugs, not just pass the reference: every deliberately
// wrong implementation in the corpora of test/mutants/ is rejected by the tests
// of the clause it names (FAIL, ERROR, or TIMEOUT because something hung: not a
// property cut short, not UNRESOLVED, which blames another clause), and the same
// tests pass on the reference, so each rejection is the mutation's doing.
import { describe, expect, it } from "vitest";
import type { Adapter } from "../conformance/adapter.ts";
import type { TestResultEvent } from "../conformance/events.ts";
import { runSuite } from "../conformance/orchestrator.ts";
import { referenceAdapter } from "../reference/index.ts";
import { hasClause } from "../spec/registry.ts";
import { wrappedReference } from "./fixtures/wrap.ts";
import { FIFO_MUTANTS } from "./mutants/fifo.ts";
import { MQ_MUTANTS } from "./mutants/mq.ts";
import { MSG_MUTANTS } from "./mutants/msg.ts";
import type { Mutant } from "./mutants/mutant.ts";
import { MUTEX_MUTANTS } from "./mutants/mutex.ts";
import { PIPE_MUTANTS } from "./mutants/pipe.ts";
import { SEM_MUTANTS } from "./mutants/sem.ts";
import { SHM_MUTANTS } from "./mutants/shm.ts";
import { SIG_MUTANTS } from "./mutants/signal.ts";
import { DG_MUTANTS, ST_MUTANTS, UX_MUTANTS } from "./mutants/socket.ts";

/** Each mechanism's corpus, and the fewest mutants it may hold. */
const CORPORA: readonly { readonly prefix: string; readonly mutants: readonly Mutant[]; readonly least: number }[] = [
  { prefix: "PIPE", mutants: PIPE_MUTANTS, least: 16 },
  { prefix: "FIFO", mutants: FIFO_MUTANTS, least: 8 },
  { prefix: "MQ", mutants: MQ_MUTANTS, least: 8 },
  { prefix: "MSG", mutants: MSG_MUTANTS, least: 8 },
  { prefix: "SHM", mutants: SHM_MUTANTS, least: 8 },
  { prefix: "SEM", mutants: SEM_MUTANTS, least: 8 },
  { prefix: "MUTEX", mutants: MUTEX_MUTANTS, least: 8 },
  // Signals: at least 10, as the issue asks (the EINTR and SIGPIPE mutants of the
  // other mechanisms are in their corpora, under their clauses).
  { prefix: "SIG", mutants: SIG_MUTANTS, least: 10 },
  // Sockets: at least 12 over the three corpora, as the issue asks.
  { prefix: "ST", mutants: ST_MUTANTS, least: 4 },
  { prefix: "DG", mutants: DG_MUTANTS, least: 4 },
  { prefix: "UX", mutants: UX_MUTANTS, least: 4 },
];

/** Scales every timeout on a loaded machine, as `--timeout-multiplier` does. */
const timeoutMultiplier = Number(process.env["IPCKIT_TIMEOUT_MULTIPLIER"] ?? "1");

/** Whether a result rejects the implementation on the test's own clause. */
function rejects(result: TestResultEvent): boolean {
  if (result.status === "FAIL" || result.status === "ERROR") return true;
  return result.status === "TIMEOUT" && (result.cause?.kind === "timeout" || result.cause?.kind === "killed");
}

/**
 * Runs the tests of `clauses` in-process and returns their results, in order.
 * With `untilRejected`, it stops after the first test that fails, times out or
 * errors: one is enough, and the rest (fast-check shrinking a failed property,
 * say) would only cost time.
 */
async function results(adapter: Adapter, clauses: readonly string[], untilRejected = false): Promise<TestResultEvent[]> {
  // A mutant's run stops at its first rejection, so it gets short timeouts; a
  // control must pass every test, property tests included, so it gets the time to.
  const timeoutMs = untilRejected ? 500 : 2000;
  const out: TestResultEvent[] = [];
  for await (const event of runSuite(adapter, { clauses, seed: 1, numRuns: 20, timeoutMs, timeoutMultiplier })) {
    if (event.type !== "test") continue;
    out.push(event);
    if (untilRejected && rejects(event)) break;
  }
  return out;
}

for (const { prefix, mutants, least } of CORPORA) {
  const clauses = [...new Set(mutants.map((mutant) => mutant.breaks))];

  describe(`the ${prefix} mutant corpus`, () => {
    it(`holds at least ${least} mutants with distinct names, each naming a registered ${prefix} clause`, () => {
      expect(mutants.length, "mutants in the corpus").toBeGreaterThanOrEqual(least);
      expect(new Set(mutants.map((mutant) => mutant.name)).size, "distinct mutant names").toBe(mutants.length);
      for (const mutant of mutants) {
        expect(hasClause(mutant.breaks) && mutant.breaks.startsWith(`${prefix}-`), `clause ${mutant.breaks} of mutant "${mutant.name}" is a registered ${prefix} clause`).toBe(true);
      }
    });

    it("the reference passes every test of every clause the corpus names (the control)", async () => {
      const list = await results(referenceAdapter, clauses);
      for (const clause of clauses) {
        expect(list.some((result) => result.clause === clause), `tests selected for ${clause}`).toBe(true);
      }
      const notPassing = list.filter((result) => result.status !== "PASS").map((result) => `${result.status} ${result.key}`);
      expect(notPassing, "reference results other than PASS").toEqual([]);
    });

    for (const { name, breaks, bug, adapter } of mutants) {
      it(`[${breaks}] rejects the mutant "${name}": ${bug}`, async () => {
        const list = await results(adapter, [breaks], true);
        expect(list.length, `tests of ${breaks} run against "${name}"`).toBeGreaterThan(0);
        const rejected = list.filter(rejects);
        expect(rejected.length, `tests of ${breaks} that fail, time out or error on the mutant "${name}": ${list.map((r) => `${r.status} ${r.cause?.kind ?? ""}`).join(", ")}`).toBeGreaterThan(0);
      });
    }
  });
}

describe("the wrapping helper", () => {
  it("changes nothing when it replaces nothing: the wrapped reference passes every pipe clause the corpus names", async () => {
    const clauses = [...new Set(PIPE_MUTANTS.map((mutant) => mutant.breaks))];
    const list = await results(wrappedReference("reference, wrapped", () => ({})), clauses);
    const notPassing = list.filter((result) => result.status !== "PASS").map((result) => `${result.status} ${result.key}`);
    expect(notPassing, "wrapped reference results other than PASS").toEqual([]);
  });
});
