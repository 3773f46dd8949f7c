/**
 * The clauses of Unix-path socket addresses (the API is in spec/socket.ts). Not specified yet.
 *
 * @module
 */

import type { Clause } from "./clause.ts";

/**
 * The clauses of Unix-path socket addresses.
 */
export const UX_CLAUSES: readonly Clause[] = Object.freeze([]);
