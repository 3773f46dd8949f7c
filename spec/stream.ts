/**
 * The clauses of stream sockets (the API is in spec/socket.ts). Not specified yet.
 *
 * @module
 */

import type { Clause } from "./clause.ts";

/**
 * The clauses of stream sockets.
 */
export const ST_CLAUSES: readonly Clause[] = Object.freeze([]);
