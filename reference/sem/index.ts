/**
 * POSIX semaphores: a transcription of the clauses in `spec/sem.ts`, in two
 * layers, as in a kernel: the calls (`calls.ts`, with their checks in
 * `checks.ts`) and the semaphore (`semaphore.ts`).
 *
 * @module
 */

export { SEM_STATE, semClose, semDestroy, semGetValue, semInit, semNamespaceOf, semOpen, semPost, semTryWait, semUnlink, semWait } from "./calls.ts";
export type { CheckedSemOpenOptions } from "./checks.ts";
export { requireSemName, requireSemOpenOptions, requireSemaphore } from "./checks.ts";
export type { NamedSemInit } from "./semaphore.ts";
export { ReferenceSemaphore } from "./semaphore.ts";
