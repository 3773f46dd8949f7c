// The conformance suite against the reference implementation, through the
// vitest helper, exactly as a library author would run it against theirs.
// Set IPCKIT_SEED to replay a run's property-based tests, and
// IPCKIT_TIMEOUT_MULTIPLIER to scale every timeout on a loaded machine.
import { conformanceTests } from "../conformance/vitest.ts";
import { referenceAdapter } from "../reference/adapter.ts";

const seed = process.env["IPCKIT_SEED"];
const multiplier = process.env["IPCKIT_TIMEOUT_MULTIPLIER"];
conformanceTests(referenceAdapter, {
  ...(seed === undefined ? {} : { seed: Number(seed) }),
  ...(multiplier === undefined ? {} : { timeoutMultiplier: Number(multiplier) }),
});
