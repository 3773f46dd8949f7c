/**
 * System V message queues: a transcription of the clauses in `spec/msg.ts`,
 * in three layers, as in a kernel: the calls (`calls.ts`), the system's table
 * of keys and identifiers (`table.ts`), and the queue (`queue.ts`), which
 * keeps its messages indexed by type and age (`messages.ts`).
 *
 * The queue's methods `select`, `fits`, `requirePermission`, `controls`,
 * `waitingReceivers` and `destroy` are the named steps of the rules; a
 * subclass may override one to model a different (or broken) implementation,
 * and a table made with a factory of such queues, put in a system under
 * `MSG_STATE` before anything else makes its table, gives the system those
 * queues.
 *
 * @module
 */

export { msgctl, msgget, msgrcv, msgsnd, tryMsgrcv, tryMsgsnd } from "./calls.ts";
export type { QueuedMessage } from "./messages.ts";
export type { MsgQueueInit, MsgReceiveFlags, PendingReceive, PendingSend } from "./queue.ts";
export { ReferenceMsgQueue } from "./queue.ts";
export { MSG_STATE, MsgTable, msgTableOf } from "./table.ts";
