/**
 * Anonymous pipes: a transcription of the clauses in `spec/pipe.ts`, in two
 * layers, as in a kernel: the pipe object (`pipe.ts`: a byte channel and the
 * counts of open ends) and the end each process holds (`end.ts`: the
 * descriptor, which checks and then calls the pipe). The capacity rules are
 * in `capacity.ts`.
 *
 * Signals: a waiting read or write is registered with the process holding
 * its end, so a handler run for that process interrupts it through the same
 * path as an abort (`EINTR` instead of `ECANCELED`, or the partial count:
 * PIPE-BLK-7), unless the handler restarts it (PIPE-BLK-8). A write that
 * fails for want of a reader raises `SIGPIPE` on its process first
 * (PIPE-ERR-8); a waiting write cut short by the last reader's close raises
 * it during that close, once the write has settled (PIPE-ERR-9).
 *
 * @module
 */

import { DEFAULT_PIPE_CAPACITY } from "../../spec/constants.ts";
import type { PipeOptions } from "../../spec/pipe.ts";
import { requireOptionalObject } from "../base/validate.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import { requestedCapacity } from "./capacity.ts";
import { ReferencePipeEnd, openEnd } from "./end.ts";
import { ReferencePipe } from "./pipe.ts";

export { roundPipeCapacity } from "./capacity.ts";
export { ReferencePipeEnd, openEnd } from "./end.ts";
export type { EndOfPipe, PipeDirection } from "./pipe.ts";
export { ReferencePipe } from "./pipe.ts";

/**
 * `pipe(2)` as `caller`, who holds both ends; see `IpcProcess.pipe` in the spec.
 *
 * @param caller - the process creating the pipe
 * @param options - the capacity to ask for (PIPE-CAP-1, PIPE-CAP-2)
 * @returns the read end and the write end, in that order
 * @throws {IpcError} `EINVAL` (PIPE-CAP-5, PIPE-CAP-3), `EPERM` (PIPE-CAP-3), `ESRCH` when `caller` has exited
 */
export function createPipe(caller: ProcessCore, options?: PipeOptions): readonly [ReferencePipeEnd, ReferencePipeEnd] {
  caller.requireAlive("pipe");
  const checked = requireOptionalObject(options, "pipe", "options");
  const asked = checked?.["capacity"];
  // PIPE-CAP-1: without a request the capacity is DEFAULT_PIPE_CAPACITY (65536).
  const capacity = asked === undefined ? DEFAULT_PIPE_CAPACITY : requestedCapacity(asked, caller, "pipe");
  const pipe = new ReferencePipe(capacity);
  return [openEnd(pipe, "read", caller, "pipe"), openEnd(pipe, "write", caller, "pipe")] as const;
}
