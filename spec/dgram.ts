/**
 * The clauses of datagram sockets (the API is in spec/socket.ts). Not specified yet.
 *
 * @module
 */

import type { Clause } from "./clause.ts";

/**
 * The clauses of datagram sockets.
 */
export const DG_CLAUSES: readonly Clause[] = Object.freeze([]);
