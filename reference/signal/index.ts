/**
 * Signals: the calls of the spec's `SignalApi`, as the process layer calls
 * them. Generation and delivery are the kernel's
 * (`reference/kernel/signal-delivery.ts`), the per-process state too
 * (`reference/kernel/signal-state.ts`).
 *
 * @module
 */

export { sigaction, sigpending, sigprocmask } from "./mask.ts";
export { kill, sigqueue } from "./send.ts";
export { sigwait, trySigwait } from "./wait.ts";
