/**
 * The clause registry: every clause of every mechanism, in one place, looked
 * up by ID. Tests, reports and docs cite clauses from here and nowhere else.
 *
 * @module
 */

import type { Clause, Mechanism } from "./clause.ts";
import { IpcError } from "./errors.ts";
import { FIFO_CLAUSES } from "./fifo.ts";
import { MQ_CLAUSES } from "./mq.ts";
import { MSG_CLAUSES } from "./msg.ts";
import { MUTEX_CLAUSES } from "./mutex.ts";
import { SEM_CLAUSES } from "./sem.ts";
import { SHM_CLAUSES } from "./shm.ts";
import { SIG_CLAUSES } from "./signal.ts";
import { DG_CLAUSES } from "./dgram.ts";
import { ST_CLAUSES } from "./stream.ts";
import { UX_CLAUSES } from "./unix.ts";
import { PIPE_CLAUSES } from "./pipe.ts";

/**
 * Every clause of the specification, grouped by mechanism in registry order.
 *
 * @example Count the pipe clauses
 * ```ts
 * import { CLAUSES } from "ipckit/spec";
 * console.assert(CLAUSES.filter((clause) => clause.mechanism === "pipe").length > 30);
 * ```
 */
export const CLAUSES: readonly Clause[] = Object.freeze([...PIPE_CLAUSES, ...FIFO_CLAUSES, ...MQ_CLAUSES, ...MSG_CLAUSES, ...SHM_CLAUSES, ...SEM_CLAUSES, ...MUTEX_CLAUSES, ...SIG_CLAUSES, ...ST_CLAUSES, ...DG_CLAUSES, ...UX_CLAUSES]);

const BY_ID: ReadonlyMap<string, Clause> = new Map(CLAUSES.map((clause) => [clause.id, clause]));

/**
 * Whether a clause with this ID exists.
 *
 * @param id - a clause ID such as `"PIPE-EOF-1"`
 * @returns `true` when the registry holds it
 *
 * @example Known and unknown IDs
 * ```ts
 * import { hasClause } from "ipckit/spec";
 * console.assert(hasClause("PIPE-EOF-1") && !hasClause("no such clause"));
 * ```
 */
export function hasClause(id: string): boolean {
  return BY_ID.has(id);
}

/**
 * Looks up a clause by ID.
 *
 * @param id - a clause ID such as `"PIPE-EOF-1"`
 * @returns the clause
 * @throws {IpcError} `ENOENT` when no clause has this ID
 *
 * @example Read a rule
 * ```ts
 * import { getClause } from "ipckit/spec";
 * console.assert(getClause("PIPE-EOF-1").category === "eof");
 * ```
 */
export function getClause(id: string): Clause {
  const clause = BY_ID.get(id);
  if (clause === undefined) {
    throw new IpcError("ENOENT", "getClause", { detail: `no clause ${id}` });
  }
  return clause;
}

/**
 * The clauses of one mechanism, in registry order.
 *
 * @param mechanism - the mechanism
 * @returns its clauses (empty when none is specified yet)
 *
 * @example The pipe's clauses
 * ```ts
 * import { clausesOf } from "ipckit/spec";
 * console.assert(clausesOf("pipe")[0]?.id === "PIPE-ORD-1");
 * ```
 */
export function clausesOf(mechanism: Mechanism): readonly Clause[] {
  return CLAUSES.filter((clause) => clause.mechanism === mechanism);
}
