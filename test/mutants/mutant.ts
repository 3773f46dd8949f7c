// What every corpus of deliberately wrong implementations holds.
import type { Adapter } from "../../conformance/adapter.ts";

/** A deliberately wrong implementation, and the clause that must reject it. */
export interface Mutant {
  /** A short, unique name. */
  readonly name: string;
  /** The clause ID whose conformance tests must reject it (FAIL, TIMEOUT or ERROR). */
  readonly breaks: string;
  /** The bug, in one sentence. */
  readonly bug: string;
  /** The wrong implementation. */
  readonly adapter: Adapter;
}
