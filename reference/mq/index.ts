/**
 * POSIX message queues: a transcription of the clauses in `spec/mq.ts`, in
 * three layers, as in a kernel: the calls by name (`open.ts`: `mq_open`,
 * `mq_unlink`), the descriptor (`descriptor.ts`: `mqd_t`, which checks and
 * calls the queue) and the queue object (`queue.ts`: its messages, in a
 * `PriorityQueue` over storage reused by `message-pool.ts`, its waiting
 * calls and its notification, `notify.ts`).
 *
 * @module
 */

export { ReferenceMqDescriptor, openMqDescriptor } from "./descriptor.ts";
export type { MqMessage } from "./message-pool.ts";
export { MQ_STATE, mqOpen, mqUnlink, mqueuesOf, requireMqName } from "./open.ts";
export type { MqHandle, MqQueueAttributes, MqWait } from "./queue.ts";
export { ReferenceMqQueue } from "./queue.ts";
