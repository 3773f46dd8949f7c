/**
 * Process-shared, error-checking mutexes: a transcription of the clauses in
 * `spec/mutex.ts`, in two layers, as in a kernel: the calls (`calls.ts`) and
 * the mutex (`mutex.ts`).
 *
 * @module
 */

export { mutexDestroy, mutexInit, mutexLock, mutexTryLock, mutexUnlock, requireMutex } from "./calls.ts";
export { ReferenceMutex } from "./mutex.ts";
