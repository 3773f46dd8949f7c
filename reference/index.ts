/**
 * The ipckit reference implementation: the specification in `ipckit/spec`,
 * transcribed into running code. Every step that enforces a clause cites
 * the clause's ID, so the code can be read beside the rules.
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
export type { FileNode } from "./kernel/files.ts";
export { filesOf } from "./kernel/files.ts";
export { ReferenceFifo, lookupFifo, requireOpenOptions } from "./fifo/index.ts";
export type { MsgQueueInit, MsgReceiveFlags, PendingReceive, PendingSend, QueuedMessage } from "./msg/index.ts";
export { MSG_STATE, MsgTable, ReferenceMsgQueue, msgTableOf } from "./msg/index.ts";
export type { MqMessage, MqQueueAttributes, MqWait } from "./mq/index.ts";
export { ReferenceMqDescriptor, ReferenceMqQueue, mqOpen, mqUnlink, mqueuesOf, requireMqName } from "./mq/index.ts";
export type { MessageStore } from "./base/priority-queue.ts";
export { PriorityQueue } from "./base/priority-queue.ts";
export type { MutableOwnership } from "./base/namespace.ts";
export { Namespace, creationMode, requireAccess } from "./base/namespace.ts";
export type { PipeDirection } from "./pipe/index.ts";
export { ReferencePipe, ReferencePipeEnd, createPipe, roundPipeCapacity } from "./pipe/index.ts";
export { ReferenceSocket, socket, socketpair } from "./socket/index.ts";
export { INITIAL_RING_STORAGE, RingBuffer } from "./base/ring-buffer.ts";
export type { CheckedSemOpenOptions, NamedSemInit } from "./sem/index.ts";
export {
  ReferenceSemaphore,
  SEM_STATE,
  requireSemName,
  requireSemOpenOptions,
  requireSemaphore,
  semNamespaceOf,
} from "./sem/index.ts";
export { ReferenceMutex, requireMutex } from "./mutex/index.ts";
export { DeadlineTimer, deadlinePassed, requireOptionalDeadline } from "./base/deadline.ts";
export type { Descriptor, ProcessCore, ProcessTable } from "./kernel/process.ts";
export type { CheckedShmOpenOptions } from "./shm/index.ts";
export {
  ReferenceMapping,
  ReferenceSharedMemory,
  ReferenceShmObject,
  SHM_STATE,
  requireMapOptions,
  requireShmOpenOptions,
  shmNamespaceOf,
  shmOpen,
  shmUnlink,
} from "./shm/index.ts";
export { ReferenceProcess, ReferenceSystem, createSystem } from "./system.ts";
export { requireShmName } from "./base/validate.ts";
export type { PosixNameRules } from "./base/validate.ts";
export {
  describeType,
  isUint8Array,
  requireFilePath,
  requireIdInteger,
  requireIdList,
  requireIntegerInRange,
  requireOptionalObject,
  requireOptionalSignal,
  requirePositiveInteger,
  requirePosixName,
  requireUint8Array,
} from "./base/validate.ts";
export type { BlockedCall, Blocker, RestartRule } from "./base/interrupt.ts";
export { Interruption, canceled } from "./base/interrupt.ts";
export type { WaitSet } from "./kernel/signal-state.ts";
export { ProcessSignals } from "./kernel/signal-state.ts";
export { deliverPending, generateSignal, raiseSigpipe } from "./kernel/signal-delivery.ts";
export { kill, sigaction, sigpending, sigprocmask, sigqueue, sigwait, trySigwait } from "./signal/index.ts";
export type { WaitOptions, Waiter } from "./base/wait-queue.ts";
export { WaitQueue } from "./base/wait-queue.ts";
