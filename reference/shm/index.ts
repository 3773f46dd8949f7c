/**
 * POSIX shared memory: a transcription of the clauses in `spec/shm.ts`, in
 * layers, as in a kernel: the calls by name (`calls.ts`), the descriptor
 * (`descriptor.ts`) and the mappings (`mapping.ts`) a process holds, and the
 * object a name points to (`object.ts`) with the memory behind it
 * (`store.ts`). The options are checked in `options.ts`.
 *
 * @module
 */

export { SHM_STATE, shmNamespaceOf, shmOpen, shmUnlink } from "./calls.ts";
export { ReferenceSharedMemory, openShmDescriptor } from "./descriptor.ts";
export { ReferenceMapping, mapObject } from "./mapping.ts";
export { ReferenceShmObject } from "./object.ts";
export type { CheckedShmOpenOptions } from "./options.ts";
export { requireMapOptions, requireShmOpenOptions } from "./options.ts";
