/**
 * The ipckit specification: the API every implementation provides, its error
 * type and constants, and the registry of numbered clauses that state the rules.
 *
 * @packageDocumentation
 */

export type { Category, Clause, Level, Mechanism } from "./clause.ts";
export { CATEGORY_TAGS, MECHANISM_TAGS, checkClauseShape } from "./clause.ts";
export {
  DEFAULT_PIPE_CAPACITY,
  MIN_PIPE_CAPACITY,
  PAGE_SIZE,
  PIPE_BUF,
  PIPE_MAX_SIZE,
  PIPE_MAX_SIZE_PRIVILEGED,
  ROOT_UID,
} from "./constants.ts";
export type { ErrorCode, IpcErrorOptions } from "./errors.ts";
export { ERRNO, IpcError, isErrorCode } from "./errors.ts";
export type { BlockingOptions, PipeEnd, PipeOptions } from "./pipe.ts";
export { PIPE_CLAUSES } from "./pipe.ts";
export { CLAUSES, clausesOf, getClause, hasClause } from "./registry.ts";
export type { Credentials, IpcProcess, IpcSystem, SpawnOptions } from "./system.ts";
