/**
 * Sending signals: `kill(2)` and `sigqueue(3)`, the calls behind
 * `ReferenceProcess.kill` and `.sigqueue` (see the spec's `SignalApi`). They
 * check, then hand each instance to the kernel's `generateSignal`.
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { SignalInfo } from "../../spec/signal.ts";
import { SIGQUEUE_MAX, isRealtimeSignal } from "../../spec/signal.ts";
import { describeType } from "../base/validate.ts";
import type { ProcessCore } from "../kernel/process-core.ts";
import { generateSignal } from "../kernel/signal-delivery.ts";
import { requireSignalNumber } from "./checks.ts";

/** SIG-PERM-1: root may signal anyone; others only processes of their own uid. */
function maySignal(sender: ProcessCore, target: ProcessCore): boolean {
  return sender.credentials.uid === 0 || sender.credentials.uid === target.credentials.uid;
}

/** SIG-CAP-1: fails EAGAIN when a real-time signal would overflow a target's queue. */
function requireQueueRoom(targets: readonly ProcessCore[], signal: number, syscall: string): void {
  if (!isRealtimeSignal(signal)) return;
  for (const target of targets) {
    if (target.alive && target.signals.queued >= SIGQUEUE_MAX) {
      throw new IpcError("EAGAIN", syscall, { detail: `process ${target.pid} has ${SIGQUEUE_MAX} real-time signals queued` });
    }
  }
}

/**
 * The processes `kill(pid)` names (SIG-ORD-4): one process, the caller's
 * group (0), every process but the caller (-1) or a group (below -1).
 */
function targetsOf(caller: ProcessCore, pid: number): ProcessCore[] {
  const system = caller.system;
  if (pid > 0) {
    const target = system.processByPid(pid);
    return target === undefined ? [] : [target];
  }
  const all = system.processList();
  if (pid === -1) return all.filter((proc) => proc !== caller);
  const group = pid === 0 ? caller.pgid : -pid;
  return all.filter((proc) => proc.pgid === group);
}

/** `kill(2)` as `caller`; see `SignalApi.kill` in the spec. */
export function kill(caller: ProcessCore, pid: number, signal: number): void {
  caller.requireAlive("kill");
  if (typeof pid !== "number" || !Number.isInteger(pid)) {
    throw new IpcError("EINVAL", "kill", { detail: `pid must be an integer, got ${describeType(pid)}` });
  }
  const checked = requireSignalNumber(signal, "kill", true);
  const targets = targetsOf(caller, pid);
  // SIG-ERR-4, SIG-ORD-4: nobody matches.
  if (targets.length === 0) throw new IpcError("ESRCH", "kill", { detail: `no process matches pid ${pid}` });
  // SIG-PERM-1: only the targets the caller may signal; EPERM when there are none.
  const permitted = targets.filter((target) => maySignal(caller, target));
  if (permitted.length === 0) throw new IpcError("EPERM", "kill", { detail: `process ${caller.pid} may not signal pid ${pid}` });
  // SIG-ERR-5: signal 0 checks only.
  if (checked === 0) return;
  requireQueueRoom(permitted, checked, "kill");
  const info: SignalInfo = Object.freeze({ signal: checked, code: "user", pid: caller.pid, uid: caller.credentials.uid, value: undefined });
  for (const target of permitted) generateSignal(target, info);
}

/** `sigqueue(3)` as `caller`; see `SignalApi.sigqueue` in the spec. */
export function sigqueue(caller: ProcessCore, pid: number, signal: number, value: number): void {
  caller.requireAlive("sigqueue");
  // SIG-ERR-6: one process, and a 32-bit integer value.
  if (typeof pid !== "number" || !Number.isInteger(pid) || pid <= 0) {
    throw new IpcError("EINVAL", "sigqueue", { detail: `pid must be an integer above 0, got ${describeType(pid)}` });
  }
  const checked = requireSignalNumber(signal, "sigqueue", true);
  if (typeof value !== "number" || !Number.isInteger(value) || value < -(2 ** 31) || value > 2 ** 31 - 1) {
    throw new IpcError("EINVAL", "sigqueue", { detail: `value must be a 32-bit integer, got ${describeType(value)}` });
  }
  const target = caller.system.processByPid(pid);
  if (target === undefined) throw new IpcError("ESRCH", "sigqueue", { detail: `no process has pid ${pid}` });
  if (!maySignal(caller, target)) throw new IpcError("EPERM", "sigqueue", { detail: `process ${caller.pid} may not signal ${pid}` });
  if (checked === 0) return;
  requireQueueRoom([target], checked, "sigqueue");
  generateSignal(target, Object.freeze({ signal: checked, code: "queue", pid: caller.pid, uid: caller.credentials.uid, value }));
}
