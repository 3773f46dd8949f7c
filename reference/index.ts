/**
 * The ipckit reference implementation: the specification in `ipckit/spec`,
 * transcribed into running code. Every step that enforces a clause cites
 * the clause's ID, so the code can be read beside the rules.
 *
 * The entry point holds what a user of the reference meets: the system and
 * its processes, the handles their calls return, and the adapter. The layers
 * underneath (`base/`, `kernel/`, one folder per mechanism) are importable by
 * path for the project's own tests; they are not part of the published API.
 *
 * @example Make a system, a process and a pipe
 * ```ts
 * import { createSystem } from "ipckit/reference";
 * const [reader, writer] = createSystem().spawn().pipe();
 * await writer.write(new Uint8Array([1, 2, 3]));
 * console.assert((await reader.read(new Uint8Array(8))) === 3);
 * ```
 *
 * @packageDocumentation
 */

export { referenceAdapter } from "./adapter.ts";
export type { Descriptor, ProcessCore, ProcessTable } from "./kernel/process-core.ts";
export { ReferenceMqDescriptor } from "./mq/index.ts";
export { ReferenceMutex } from "./mutex/index.ts";
export { ReferencePipeEnd } from "./pipe/index.ts";
export { ReferenceSemaphore } from "./sem/index.ts";
export { ReferenceMapping, ReferenceSharedMemory } from "./shm/index.ts";
export { ReferenceSocket } from "./socket/index.ts";
export { ReferenceProcess, ReferenceSystem, createSystem } from "./system.ts";
