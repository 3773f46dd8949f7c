/**
 * Signals (`signal(7)`): numbered notifications sent to a process, which
 * either runs a handler, takes the signal's default action (terminate, stop,
 * continue, ignore), or discards it; and how a handler interrupts the
 * process's blocking calls. The clauses in {@link SIG_CLAUSES} are the rules;
 * {@link SignalApi} (the calls of a process) is the API they govern. The
 * rules of interruption that belong to one mechanism (`EINTR` on a pipe
 * read, `SIGPIPE` on a write with no reader...) are clauses of that
 * mechanism.
 *
 * ## Delivery points (SIG-ATOM-2)
 *
 * A real kernel delivers a signal when the target next returns to user
 * space. This specification pins that moment down, so that tests are
 * deterministic: a signal is delivered (its handler run, or its default
 * action taken) synchronously, before the call that made it deliverable
 * returns, and at no other time. Those calls are:
 *
 * - `kill` and `sigqueue`, and a call that raises `SIGPIPE` (a write with
 *   no reader, or the close that leaves a waiting writer without one: PIPE-ERR-9),
 *   when the signal is not blocked in the target and the target is not stopped;
 * - `sigprocmask`, when it unblocks a pending signal;
 * - the return of a handler, when restoring the mask unblocks one;
 * - `kill` of `SIGCONT`, when it resumes a stopped process with signals pending.
 *
 * Handlers are synchronous functions. Like a real handler, which may call
 * only async-signal-safe functions (`signal-safety(7)`), a handler should
 * use only calls that never wait: try forms, posts, `kill`.
 *
 * @module
 */

import type { Clause } from "./clause.ts";
import type { BlockingOptions } from "./pipe.ts";

/** Hangup (`SIGHUP`, 1): terminates by default. */
export const SIGHUP = 1;
/** Interrupt (`SIGINT`, 2): terminates by default. */
export const SIGINT = 2;
/** Quit (`SIGQUIT`, 3): terminates with a core dump by default. */
export const SIGQUIT = 3;
/** Abort (`SIGABRT`, 6): terminates with a core dump by default. */
export const SIGABRT = 6;
/** Kill (`SIGKILL`, 9): terminates; cannot be caught, ignored or blocked (SIG-PERM-2, SIG-PERM-3). */
export const SIGKILL = 9;
/** User signal 1 (`SIGUSR1`, 10): terminates by default. */
export const SIGUSR1 = 10;
/** Segmentation fault (`SIGSEGV`, 11): terminates with a core dump by default. */
export const SIGSEGV = 11;
/** User signal 2 (`SIGUSR2`, 12): terminates by default. */
export const SIGUSR2 = 12;
/** Broken pipe (`SIGPIPE`, 13): raised by a write with no reader; terminates by default. */
export const SIGPIPE = 13;
/** Alarm (`SIGALRM`, 14): terminates by default. */
export const SIGALRM = 14;
/** Termination request (`SIGTERM`, 15): terminates by default. */
export const SIGTERM = 15;
/** Child status changed (`SIGCHLD`, 17): ignored by default. */
export const SIGCHLD = 17;
/** Continue (`SIGCONT`, 18): resumes a stopped process (SIG-LIFE-6). */
export const SIGCONT = 18;
/** Stop (`SIGSTOP`, 19): stops; cannot be caught, ignored or blocked. */
export const SIGSTOP = 19;
/** Terminal stop (`SIGTSTP`, 20): stops by default, and may be caught. */
export const SIGTSTP = 20;
/** Window size change (`SIGWINCH`, 28): ignored by default. */
export const SIGWINCH = 28;
/**
 * The lowest real-time signal applications use (`SIGRTMIN`, 34, as glibc
 * reports it: glibc keeps 32 and 33 for itself). Signals 32 to
 * {@link SIGRTMAX} are real-time: they queue and carry a value (SIG-ORD-2).
 */
export const SIGRTMIN = 34;
/** The highest real-time signal (`SIGRTMAX`, 64), and the highest signal number. */
export const SIGRTMAX = 64;

/**
 * The lowest real-time signal number as the kernel counts (32): every
 * signal from here to {@link SIGRTMAX} queues (SIG-ORD-2).
 *
 * @example Real-time or standard
 * ```ts
 * import { FIRST_REALTIME_SIGNAL, SIGRTMIN, SIGUSR1 } from "ipckit/spec";
 * console.assert(SIGRTMIN >= FIRST_REALTIME_SIGNAL && SIGUSR1 < FIRST_REALTIME_SIGNAL);
 * ```
 */
export const FIRST_REALTIME_SIGNAL = 32;

/**
 * The most real-time signals that may be queued for one process at once
 * (the model's `RLIMIT_SIGPENDING`); beyond it `sigqueue` fails `EAGAIN`
 * (SIG-CAP-1).
 *
 * @example The queue limit
 * ```ts
 * import { SIGQUEUE_MAX } from "ipckit/spec";
 * console.assert(SIGQUEUE_MAX === 1024);
 * ```
 */
export const SIGQUEUE_MAX = 1024;

/**
 * What a signal does when its disposition is the default (SIG-LIFE-1):
 * `terminate` the process, terminate it with a `core` dump, `ignore` the
 * signal, `stop` the process, or `continue` it.
 */
export type DefaultAction = "terminate" | "core" | "ignore" | "stop" | "continue";

/** The names of the standard signals 1 to 31, as on Linux x86. */
const STANDARD_NAMES: readonly string[] = [
  "",
  "SIGHUP",
  "SIGINT",
  "SIGQUIT",
  "SIGILL",
  "SIGTRAP",
  "SIGABRT",
  "SIGBUS",
  "SIGFPE",
  "SIGKILL",
  "SIGUSR1",
  "SIGSEGV",
  "SIGUSR2",
  "SIGPIPE",
  "SIGALRM",
  "SIGTERM",
  "SIGSTKFLT",
  "SIGCHLD",
  "SIGCONT",
  "SIGSTOP",
  "SIGTSTP",
  "SIGTTIN",
  "SIGTTOU",
  "SIGURG",
  "SIGXCPU",
  "SIGXFSZ",
  "SIGVTALRM",
  "SIGPROF",
  "SIGWINCH",
  "SIGIO",
  "SIGPWR",
  "SIGSYS",
];

/** SIG-LIFE-1: the standard signals whose default is not to terminate. */
const DEFAULT_ACTIONS: ReadonlyMap<number, DefaultAction> = new Map<number, DefaultAction>([
  [3, "core"], // SIGQUIT
  [4, "core"], // SIGILL
  [5, "core"], // SIGTRAP
  [6, "core"], // SIGABRT
  [7, "core"], // SIGBUS
  [8, "core"], // SIGFPE
  [11, "core"], // SIGSEGV
  [17, "ignore"], // SIGCHLD
  [18, "continue"], // SIGCONT
  [19, "stop"], // SIGSTOP
  [20, "stop"], // SIGTSTP
  [21, "stop"], // SIGTTIN
  [22, "stop"], // SIGTTOU
  [23, "ignore"], // SIGURG
  [24, "core"], // SIGXCPU
  [25, "core"], // SIGXFSZ
  [28, "ignore"], // SIGWINCH
  [31, "core"], // SIGSYS
]);

/**
 * Whether `signal` is a signal number: an integer from 1 to {@link SIGRTMAX}.
 * (0 is not a signal; `kill` and `sigqueue` accept it as a check only.)
 *
 * @param signal - the value to check
 * @returns `true` for a valid signal number
 *
 * @example Valid and invalid numbers
 * ```ts
 * import { isSignal } from "ipckit/spec";
 * console.assert(isSignal(9) && isSignal(64) && !isSignal(0) && !isSignal(65) && !isSignal(1.5));
 * ```
 */
export function isSignal(signal: unknown): signal is number {
  return typeof signal === "number" && Number.isInteger(signal) && signal >= 1 && signal <= SIGRTMAX;
}

/**
 * Whether `signal` is a real-time signal (32 to {@link SIGRTMAX}): one that
 * queues and carries a value (SIG-ORD-2).
 *
 * @param signal - a valid signal number
 * @returns `true` for a real-time signal
 *
 * @example SIGRTMIN queues, SIGUSR1 does not
 * ```ts
 * import { SIGRTMIN, SIGUSR1, isRealtimeSignal } from "ipckit/spec";
 * console.assert(isRealtimeSignal(SIGRTMIN) && !isRealtimeSignal(SIGUSR1));
 * ```
 */
export function isRealtimeSignal(signal: number): boolean {
  return signal >= FIRST_REALTIME_SIGNAL && signal <= SIGRTMAX;
}

/**
 * The default action of a signal (SIG-LIFE-1): what it does while its
 * disposition is `"default"`.
 *
 * @param signal - a valid signal number
 * @returns the default action
 * @throws {RangeError} when `signal` is not a signal number
 *
 * @example Some defaults
 * ```ts
 * import { SIGCHLD, SIGSEGV, SIGSTOP, SIGTERM, defaultAction } from "ipckit/spec";
 * console.assert(defaultAction(SIGTERM) === "terminate" && defaultAction(SIGSEGV) === "core");
 * console.assert(defaultAction(SIGCHLD) === "ignore" && defaultAction(SIGSTOP) === "stop");
 * ```
 */
export function defaultAction(signal: number): DefaultAction {
  if (!isSignal(signal)) throw new RangeError(`not a signal number: ${String(signal)}`);
  return DEFAULT_ACTIONS.get(signal) ?? "terminate";
}

/**
 * The name of a signal as Linux x86 names it (`"SIGTERM"`), and
 * `SIGRTMIN+n` / `SIGRTMAX-n` for real-time signals, as `kill -l` writes them.
 *
 * @param signal - a valid signal number
 * @returns the name
 * @throws {RangeError} when `signal` is not a signal number
 *
 * @example Names
 * ```ts
 * import { signalName } from "ipckit/spec";
 * console.assert(signalName(15) === "SIGTERM" && signalName(34) === "SIGRTMIN" && signalName(35) === "SIGRTMIN+1");
 * console.assert(signalName(64) === "SIGRTMAX" && signalName(32) === "SIG32");
 * ```
 */
export function signalName(signal: number): string {
  if (!isSignal(signal)) throw new RangeError(`not a signal number: ${String(signal)}`);
  if (signal < FIRST_REALTIME_SIGNAL) return STANDARD_NAMES[signal] as string;
  if (signal < SIGRTMIN) return `SIG${signal}`;
  if (signal === SIGRTMIN) return "SIGRTMIN";
  if (signal === SIGRTMAX) return "SIGRTMAX";
  const fromMin = signal - SIGRTMIN;
  const fromMax = SIGRTMAX - signal;
  return fromMin <= fromMax ? `SIGRTMIN+${fromMin}` : `SIGRTMAX-${fromMax}`;
}

/**
 * What a handler learns of the signal it runs for (`siginfo_t`).
 */
export interface SignalInfo {
  /** The signal number (`si_signo`). */
  readonly signal: number;
  /**
   * How it was sent (`si_code`): `"user"` by `kill` (`SI_USER`), `"queue"`
   * by `sigqueue` (`SI_QUEUE`), `"kernel"` by the system itself, as
   * `SIGPIPE` on a write with no reader (`SI_KERNEL`).
   */
  readonly code: "user" | "queue" | "kernel";
  /** The sender's pid (`si_pid`); 0 for `"kernel"`. */
  readonly pid: number;
  /** The sender's uid (`si_uid`); 0 for `"kernel"`. */
  readonly uid: number;
  /** The value given to `sigqueue` (`si_value`); `undefined` for other codes. */
  readonly value: number | undefined;
}

/**
 * A signal handler: a synchronous function run at a delivery point
 * (SIG-ATOM-2) with the signal's information. What it returns is ignored.
 */
export type SignalHandler = (info: SignalInfo) => void;

/**
 * A signal's disposition and flags (`struct sigaction`).
 */
export interface SignalAction {
  /** `"default"` (`SIG_DFL`), `"ignore"` (`SIG_IGN`) or a handler. */
  readonly handler: "default" | "ignore" | SignalHandler;
  /** Signals blocked while the handler runs, besides its own (`sa_mask`; SIG-ATOM-1); default none. */
  readonly mask?: readonly number[];
  /** `SA_RESTART`: calls this handler interrupts are restarted where the call allows it; default `false`. */
  readonly restart?: boolean;
  /** `SA_RESETHAND`: the disposition returns to `"default"` as the handler is entered (SIG-LIFE-8); default `false`. */
  readonly resetHand?: boolean;
  /** `SA_NODEFER`: the signal is not blocked while its own handler runs (SIG-ATOM-1); default `false`. */
  readonly noDefer?: boolean;
}

/**
 * How `sigprocmask` changes the mask: add the set (`SIG_BLOCK`), remove it
 * (`SIG_UNBLOCK`) or replace the mask by it (`SIG_SETMASK`).
 */
export type MaskHow = "block" | "unblock" | "set";

/**
 * Where a process stands (what `waitpid(2)` would report): running, stopped
 * by a signal, exited with a status, or terminated by a signal.
 */
export interface ProcessStatus {
  /** `"running"`, `"stopped"`, `"exited"` (by `exit`) or `"signaled"` (terminated by a signal). */
  readonly state: "running" | "stopped" | "exited" | "signaled";
  /** The exit status, for `"exited"`. */
  readonly exitStatus?: number;
  /** The signal that stopped or terminated it, for `"stopped"` and `"signaled"`. */
  readonly signal?: number;
  /** For `"signaled"`: whether the default action was to dump core (SIG-LIFE-1). */
  readonly core?: boolean;
}

/** Options for {@link SignalApi.sigwait}: an abort signal and a timeout. */
export interface SigwaitOptions extends BlockingOptions {
  /**
   * `sigtimedwait(2)`: the longest wait, in milliseconds from the call
   * (relative, unlike the deadlines of queues and semaphores); on expiry the
   * wait fails `EAGAIN` (SIG-TMO-1). A finite number of at least 0.
   */
  readonly timeout?: number;
}

/**
 * The signal calls of a process. An implementation that provides them
 * (manifest `signal`) gives its processes these members. Every call is made
 * as the process: its credentials decide whom it may signal (SIG-PERM-1).
 *
 * Bad input (an unknown signal number, an invalid `how`, an action of the
 * wrong shape) fails `EINVAL` and changes nothing (SIG-ERR-1, SIG-ERR-2,
 * SIG-ERR-3). Every call but `sigwait` is synchronous (SIG-NB-1).
 *
 * When several signals are deliverable at once, the lowest number goes
 * first (SIG-ORD-3). A handler interrupts at most one blocked call of its
 * process, the one that has waited longest (SIG-BLK-5): it fails `EINTR`
 * unless the handler's `restart` applies to it (each mechanism's clauses
 * say which calls restart). A forked child has its parent's dispositions
 * and mask, and nothing pending (SIG-LIFE-7).
 */
export interface SignalApi {
  /**
   * The process group (`getpgrp(2)`): a spawned process leads a new group
   * (its pgid is its pid); a forked child joins its parent's (SIG-ORD-4).
   */
  readonly pgid: number;

  /**
   * Where the process stands: running, stopped, exited or terminated by a
   * signal (SIG-LIFE-2, SIG-LIFE-5).
   */
  readonly status: ProcessStatus;

  /**
   * Sends `signal` to a process or a group (`kill(2)`).
   *
   * `pid > 0` names a process; `0`, the caller's group; `-1`, every process
   * the caller may signal but itself; `pid < -1`, the group `-pid`
   * (SIG-ORD-4). Signal 0 sends nothing: it checks that the target exists
   * and may be signalled (SIG-ERR-5). A signal the target does not block is
   * delivered before `kill` returns (SIG-ATOM-2); one it ignores and does
   * not block is discarded (SIG-LIFE-3).
   *
   * @param pid - the target
   * @param signal - a signal number, or 0 to check only
   * @throws {IpcError} `EINVAL` for an unknown signal or a pid that is not
   *   an integer (SIG-ERR-1), `ESRCH` when no process matches (SIG-ERR-4), `EPERM` when the caller may
   *   signal none of them (SIG-PERM-1), `EAGAIN` for a real-time signal
   *   beyond the queue limit (SIG-CAP-1), `ESRCH` when the caller has exited
   *
   * @example A handler runs before kill returns
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { SIGUSR1 } from "ipckit/spec";
   * const process = createSystem().spawn();
   * const seen: number[] = [];
   * process.sigaction(SIGUSR1, { handler: (info) => seen.push(info.signal) });
   * process.kill(process.pid, SIGUSR1);
   * console.assert(seen[0] === SIGUSR1);
   * ```
   */
  kill(pid: number, signal: number): void;

  /**
   * Queues `signal` with a value for one process (`sigqueue(3)`). A
   * real-time signal queues every instance (SIG-ORD-2); a standard one
   * behaves as `kill` (SIG-ORD-1), keeping the first pending instance's value.
   *
   * @param pid - the target process, `> 0`
   * @param signal - a signal number, or 0 to check only
   * @param value - the value the handler receives, an integer from -2**31 to 2**31 - 1
   * @throws {IpcError} `EINVAL` for an unknown signal, a pid not above 0 or a
   *   bad value (SIG-ERR-1, SIG-ERR-6), `ESRCH` (SIG-ERR-4), `EPERM`
   *   (SIG-PERM-1), `EAGAIN` beyond the queue limit (SIG-CAP-1)
   *
   * @example The value reaches the handler
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { SIGRTMIN } from "ipckit/spec";
   * const process = createSystem().spawn();
   * let value: number | undefined;
   * process.sigaction(SIGRTMIN, { handler: (info) => { value = info.value; } });
   * process.sigqueue(process.pid, SIGRTMIN, 42);
   * console.assert(value === 42);
   * ```
   */
  sigqueue(pid: number, signal: number, value: number): void;

  /**
   * Reads, and with `action` changes, a signal's disposition (`sigaction(2)`).
   * Ignoring a signal discards its pending instances (SIG-LIFE-4). With
   * `resetHand`, the disposition returns to default as the handler is
   * entered (SIG-LIFE-8); while a handler runs, its signal (unless
   * `noDefer`) and its `mask` are blocked (SIG-ATOM-1).
   *
   * @param signal - a signal number
   * @param action - the new action; without it, the call only reads
   * @returns the action in force before the call
   * @throws {IpcError} `EINVAL` for an unknown signal (SIG-ERR-1), an action
   *   of the wrong shape (SIG-ERR-3), or any action for `SIGKILL` or
   *   `SIGSTOP` (SIG-PERM-2)
   *
   * @example Ignore, then restore
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { SIGTERM } from "ipckit/spec";
   * const process = createSystem().spawn();
   * const previous = process.sigaction(SIGTERM, { handler: "ignore" });
   * process.kill(process.pid, SIGTERM);
   * process.sigaction(SIGTERM, previous);
   * console.assert(previous.handler === "default" && process.alive);
   * ```
   */
  sigaction(signal: number, action?: SignalAction): SignalAction;

  /**
   * Reads, and with `how` and `set` changes, the signal mask
   * (`sigprocmask(2)`). `SIGKILL` and `SIGSTOP` in `set` are left out
   * silently (SIG-PERM-3). A pending signal the change unblocks is
   * delivered before the call returns (SIG-BLK-1), the lowest number first
   * (SIG-ORD-3).
   *
   * @param how - how to change the mask; ignored without `set`
   * @param set - the signals; without it, the call only reads
   * @returns the mask in force before the call, in ascending order
   * @throws {IpcError} `EINVAL` for an unknown `how` or a bad set (SIG-ERR-2)
   *
   * @example Block, then unblock: the pending signal arrives
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { SIGUSR1 } from "ipckit/spec";
   * const process = createSystem().spawn();
   * let runs = 0;
   * process.sigaction(SIGUSR1, { handler: () => { runs += 1; } });
   * process.sigprocmask("block", [SIGUSR1]);
   * process.kill(process.pid, SIGUSR1);
   * console.assert(runs === 0 && process.sigpending()[0] === SIGUSR1);
   * process.sigprocmask("unblock", [SIGUSR1]);
   * console.assert(runs === 1);
   * ```
   */
  sigprocmask(how: MaskHow, set?: readonly number[]): readonly number[];

  /**
   * The signals pending for the process (`sigpending(2)`): generated, not
   * yet delivered, because blocked or because the process is stopped.
   *
   * @returns the pending signal numbers, each once, in ascending order
   *
   * @example Nothing pending at first
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * console.assert(createSystem().spawn().sigpending().length === 0);
   * ```
   */
  sigpending(): readonly number[];

  /**
   * Waits for a signal of `set` and takes it instead of delivering it
   * (`sigwaitinfo(2)`, and `sigtimedwait(2)` with `timeout`). A signal of the
   * set already pending is taken at once, the lowest first (SIG-BLK-2).
   * `SIGKILL` and `SIGSTOP` in the set are left out silently.
   *
   * @param set - the signals to wait for, not empty once `SIGKILL` and `SIGSTOP` are left out
   * @param options - a timeout and an abort signal
   * @returns what was taken
   * @throws {IpcError} (as a rejection) `EINVAL` for a bad set, options or
   *   timeout (SIG-ERR-2), `EAGAIN` when the timeout passes (SIG-TMO-1), `EINTR`
   *   when a handler for a signal outside the set runs (SIG-BLK-3),
   *   `ECANCELED` when `options.signal` fires (SIG-BLK-4)
   *
   * @example Take a blocked signal synchronously
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { SIGUSR2 } from "ipckit/spec";
   * const process = createSystem().spawn();
   * process.sigprocmask("block", [SIGUSR2]);
   * const waiting = process.sigwait([SIGUSR2]);
   * process.kill(process.pid, SIGUSR2);
   * console.assert((await waiting).signal === SIGUSR2);
   * ```
   */
  sigwait(set: readonly number[], options?: SigwaitOptions): Promise<SignalInfo>;

  /**
   * Takes a pending signal of `set` without waiting (`sigtimedwait(2)` with
   * a zero timeout).
   *
   * @param set - the signals to take, as for {@link SignalApi.sigwait}
   * @returns what was taken
   * @throws {IpcError} `EAGAIN` when none is pending (SIG-TMO-1, SIG-NB-1),
   *   `EINVAL` for a bad set (SIG-ERR-2)
   *
   * @example Poll
   * ```ts
   * import { createSystem } from "ipckit/reference";
   * import { IpcError, SIGUSR1 } from "ipckit/spec";
   * const process = createSystem().spawn();
   * let code = "";
   * try { process.trySigwait([SIGUSR1]); } catch (error) { code = (error as IpcError).code; }
   * console.assert(code === "EAGAIN");
   * ```
   */
  trySigwait(set: readonly number[]): SignalInfo;
}

/**
 * The clauses of signals.
 *
 * @example Every signal clause names its mechanism
 * ```ts
 * import { SIG_CLAUSES } from "ipckit/spec";
 * console.assert(SIG_CLAUSES.every((clause) => clause.mechanism === "signal"));
 * ```
 */
export const SIG_CLAUSES: readonly Clause[] = Object.freeze([
  {
    id: "SIG-ERR-1",
    mechanism: "signal",
    category: "errors",
    level: "core",
    rule: "A signal number that is not an integer from 1 to 64 (or 0, where the call accepts it as a check), or a kill pid that is not an integer, fails EINVAL and changes nothing, before any check of the target.",
    source: "kill(2); sigaction(2); sigqueue(3)",
    catalogue: ["SIG-02"],
  },
  {
    id: "SIG-ERR-2",
    mechanism: "signal",
    category: "errors",
    level: "core",
    rule: "sigprocmask with a how other than block, unblock or set, or a set that is not an array of signal numbers, fails EINVAL and changes nothing; so does sigwait (or trySigwait) with such a set or an empty one, options that are not an object, an abort signal that is not an AbortSignal, or a timeout that is not a finite number of at least 0, taking nothing.",
    source: "sigprocmask(2); sigwaitinfo(2)",
    catalogue: ["SIG-02"],
  },
  {
    id: "SIG-ERR-3",
    mechanism: "signal",
    category: "errors",
    level: "core",
    rule: "sigaction with an action of the wrong shape (a handler that is not \"default\", \"ignore\" or a function, a bad mask, flags that are not booleans) fails EINVAL and changes nothing.",
    source: "sigaction(2)",
  },
  {
    id: "SIG-ERR-4",
    mechanism: "signal",
    category: "errors",
    level: "core",
    rule: "kill or sigqueue naming a pid no process ever had fails ESRCH; a process that has exited still exists (as a zombie) and may be signalled, to no effect.",
    source: "kill(2)",
    choice: "The model has no wait(): an exited process is never reaped, so it stays a zombie and only pids never used give ESRCH.",
    catalogue: ["SIG-04"],
  },
  {
    id: "SIG-ERR-5",
    mechanism: "signal",
    category: "errors",
    level: "core",
    rule: "Signal 0 sends nothing: kill(pid, 0) and sigqueue(pid, 0, v) only check that the target exists (ESRCH) and may be signalled (EPERM).",
    source: "kill(2); sigqueue(3)",
    catalogue: ["SIG-04"],
  },
  {
    id: "SIG-ERR-6",
    mechanism: "signal",
    category: "errors",
    level: "core",
    rule: "sigqueue with a pid not above 0 or a value that is not a 32-bit integer fails EINVAL and sends nothing.",
    source: "sigqueue(3)",
    choice: "sigqueue(3) names a single process; ipckit refuses group pids with EINVAL rather than passing them on as Linux does.",
  },
  {
    id: "SIG-PERM-1",
    mechanism: "signal",
    category: "permission",
    level: "core",
    rule: "A process that is not root may signal only processes of its own uid; any other target fails EPERM and receives nothing, while root may signal every process of the system.",
    source: "kill(2)",
    choice: "Sessions are not modelled, so SIGCONT gets no same-session exception: it is checked as every other signal.",
    catalogue: ["SIG-03"],
  },
  {
    id: "SIG-PERM-2",
    mechanism: "signal",
    category: "permission",
    level: "core",
    rule: "SIGKILL and SIGSTOP cannot be caught or ignored: sigaction given an action for either fails EINVAL, even the default one (reading them works), and they always take their default action, a sigwait naming them never taking them.",
    source: "signal(7); sigaction(2)",
    choice: "POSIX requires EINVAL only for an attempt to catch or ignore them; ipckit, as Linux, refuses every action for them.",
    catalogue: ["SIG-01"],
  },
  {
    id: "SIG-PERM-3",
    mechanism: "signal",
    category: "permission",
    level: "core",
    rule: "SIGKILL and SIGSTOP cannot be blocked: listed in sigprocmask's set or an action's mask they are left out silently.",
    source: "signal(7); sigprocmask(2)",
    catalogue: ["SIG-01"],
  },
  {
    id: "SIG-LIFE-1",
    mechanism: "signal",
    category: "lifecycle",
    level: "core",
    rule: "A signal with the default disposition takes its default action: terminate (HUP, INT, KILL, USR1, USR2, PIPE, ALRM, TERM, real-time...), terminate with core (QUIT, ILL, TRAP, ABRT, BUS, FPE, SEGV, XCPU, XFSZ, SYS), ignore (CHLD, URG, WINCH), stop (STOP, TSTP, TTIN, TTOU) or continue (CONT).",
    source: "signal(7)",
    catalogue: ["SIG-13"],
  },
  {
    id: "SIG-LIFE-2",
    mechanism: "signal",
    category: "lifecycle",
    level: "core",
    rule: "A process terminated by a signal reports it (status signaled, with the signal, and core for the core-dumping ones), and every descriptor it held closes as at exit, so pipe readers see end of file.",
    source: "signal(7); wait(2)",
  },
  {
    id: "SIG-LIFE-3",
    mechanism: "signal",
    category: "lifecycle",
    level: "core",
    rule: "A signal that is ignored when generated (by disposition, or by a default action of ignore) and not blocked is discarded: it never becomes pending. A blocked one stays pending whatever its disposition, and is discarded when unblocked if still ignored then.",
    source: "POSIX §2.4.3; signal(7); Linux kernel/signal.c sig_ignored",
    choice: "POSIX leaves a signal both blocked and ignored when generated unspecified; ipckit keeps it pending, as the Linux kernel does (its sig_ignored never ignores a blocked signal, since the disposition may change before it is unblocked). The catalogue's SIG-10 says Linux discards it; the kernel source says otherwise.",
    catalogue: ["SIG-10"],
  },
  {
    id: "SIG-LIFE-4",
    mechanism: "signal",
    category: "lifecycle",
    level: "core",
    rule: "Setting a signal's disposition to ignore (or to default when its default action is ignore) discards its pending instances, blocked or not.",
    source: "POSIX §2.4.3; sigpending(2)",
    catalogue: ["SIG-10"],
  },
  {
    id: "SIG-LIFE-5",
    mechanism: "signal",
    category: "lifecycle",
    level: "core",
    rule: "A stop signal taking its default action stops the process (status stopped); while stopped, signals stay pending and only SIGKILL (which terminates) and SIGCONT act.",
    source: "signal(7)",
    choice: "The model stops delivery, not execution: the stopped process's calls still run and its blocked calls still complete.",
    catalogue: ["SIG-13"],
  },
  {
    id: "SIG-LIFE-6",
    mechanism: "signal",
    category: "lifecycle",
    level: "core",
    rule: "Generating SIGCONT resumes a stopped process and discards its pending stop signals, even when SIGCONT is blocked or ignored; generating a stop signal discards a pending SIGCONT.",
    source: "POSIX §2.4.1",
    catalogue: ["SIG-14"],
  },
  {
    id: "SIG-LIFE-7",
    mechanism: "signal",
    category: "lifecycle",
    level: "core",
    rule: "A forked child has its parent's dispositions and mask, and no pending signal.",
    source: "signal(7); fork(2)",
    catalogue: ["SIG-16"],
  },
  {
    id: "SIG-LIFE-8",
    mechanism: "signal",
    category: "lifecycle",
    level: "core",
    rule: "With resetHand (SA_RESETHAND) the disposition returns to default as the handler is entered, so the next instance takes the default action; the signal stays blocked while the handler runs unless noDefer is set too.",
    source: "sigaction(2)",
    choice: "POSIX lets SA_RESETHAND imply SA_NODEFER; ipckit, as Linux, does not: an instance sent during the handler waits for it to return, then takes the default action.",
    catalogue: ["SIG-11"],
  },
  {
    id: "SIG-ATOM-1",
    mechanism: "signal",
    category: "atomicity",
    level: "core",
    rule: "While a handler runs, its own signal (unless noDefer) and its action's mask are blocked, and the mask in force before is restored when it returns; an instance generated during the handler waits until then.",
    source: "signal(7); sigaction(2)",
    catalogue: ["SIG-11"],
  },
  {
    id: "SIG-ATOM-2",
    mechanism: "signal",
    category: "atomicity",
    level: "core",
    rule: "Signals are delivered only at the delivery points: before kill, sigqueue or the raising call returns (when not blocked), before sigprocmask returns (when it unblocks), as a handler returns, and as SIGCONT resumes; never later, on a timer or another turn of the event loop.",
    source: "signal-safety(7); kill(2) NOTES; sigprocmask(2)",
    choice: "A real kernel delivers on the target's next return to user space; ipckit fixes that moment to the call that makes the signal deliverable, so tests are deterministic.",
    catalogue: ["SIG-17", "SIG-20"],
  },
  {
    id: "SIG-ORD-1",
    mechanism: "signal",
    category: "ordering",
    level: "core",
    rule: "Standard signals do not queue: any number of instances generated while one is pending give one delivery, with the first instance's information.",
    source: "signal(7)",
    catalogue: ["SIG-05"],
  },
  {
    id: "SIG-ORD-2",
    mechanism: "signal",
    category: "ordering",
    level: "core",
    rule: "Real-time signals queue: every instance is delivered, the same signal in the order sent, each with its own value and code queue when sent by sigqueue.",
    source: "signal(7); sigqueue(3)",
    catalogue: ["SIG-06"],
  },
  {
    id: "SIG-ORD-3",
    mechanism: "signal",
    category: "ordering",
    level: "core",
    rule: "When several signals are deliverable at once, the lowest number goes first: standard signals before real-time ones, real-time ones lowest first.",
    source: "signal(7)",
    choice: "POSIX leaves the order among standard signals unspecified; ipckit takes Linux's, lowest number first.",
    catalogue: ["SIG-06", "SIG-08"],
  },
  {
    id: "SIG-ORD-4",
    mechanism: "signal",
    category: "ordering",
    level: "core",
    rule: "kill(0) signals every process of the caller's group, kill(-g) the group g, kill(-1) every process the caller may signal except itself; a spawned process leads a new group and a forked child joins its parent's. ESRCH when no process matches; EPERM when the caller may signal none.",
    source: "kill(2); setpgid(2)",
    choice: "There is no init process in the model, so kill(-1) leaves out only the caller.",
    catalogue: ["SIG-19"],
  },
  {
    id: "SIG-CAP-1",
    mechanism: "signal",
    category: "capacity",
    level: "core",
    rule: "At most SIGQUEUE_MAX (1024) real-time signals are queued for one process; one more (by sigqueue or kill) fails EAGAIN and is not queued.",
    source: "sigqueue(3); getrlimit(2) RLIMIT_SIGPENDING",
    choice: "Linux counts queued signals per user of the receiver (RLIMIT_SIGPENDING) and, for kill, sends a real-time signal beyond it without its data; ipckit counts per process and refuses both with EAGAIN.",
    catalogue: ["SIG-07"],
  },
  {
    id: "SIG-BLK-1",
    mechanism: "signal",
    category: "blocking",
    level: "core",
    rule: "A blocked signal stays pending (sigpending lists it) and is delivered when unblocked, before the sigprocmask that unblocks it returns.",
    source: "signal(7); sigprocmask(2)",
    catalogue: ["SIG-09"],
  },
  {
    id: "SIG-BLK-2",
    mechanism: "signal",
    category: "blocking",
    level: "core",
    rule: "sigwait takes a pending signal of its set at once (lowest first) and otherwise waits until one is generated; a signal of the set generated while it waits is taken by the wait (the one of the process that has waited longest, when several wait for it), never delivered to a handler, whatever the mask and disposition.",
    source: "sigwaitinfo(2)",
    choice: "POSIX asks the caller to block the set first and leaves a wait for an unblocked signal undefined; ipckit lets the wait take it all the same.",
    catalogue: ["SIG-18"],
  },
  {
    id: "SIG-BLK-3",
    mechanism: "signal",
    category: "blocking",
    level: "core",
    rule: "A handler that runs while a process waits in sigwait interrupts the wait: it fails EINTR, even when the handler was installed with restart.",
    source: "sigwaitinfo(2); signal(7)",
    catalogue: ["SIG-12", "SIG-18"],
  },
  {
    id: "SIG-BLK-4",
    mechanism: "signal",
    category: "blocking",
    level: "core",
    rule: "An aborted sigwait fails ECANCELED and takes nothing: a signal generated afterwards stays pending; one called with an already aborted signal fails ECANCELED at once, even when a signal of its set is pending, which stays pending.",
    source: "ipckit (AbortSignal)",
  },
  {
    id: "SIG-BLK-5",
    mechanism: "signal",
    category: "blocking",
    level: "core",
    rule: "A handler interrupts at most one blocked call of its process: the one that has waited longest; the process's other blocked calls go on waiting.",
    source: "signal(7)",
    choice: "A process-directed signal goes to one thread, which POSIX leaves unspecified; the model's blocked calls stand for threads, and ipckit picks the oldest.",
    catalogue: ["SIG-15"],
  },
  {
    id: "SIG-TMO-1",
    mechanism: "signal",
    category: "timeout",
    level: "core",
    rule: "sigwait with a timeout fails EAGAIN (not ETIMEDOUT) when the timeout passes, taking nothing; trySigwait, the zero timeout, fails EAGAIN at once when nothing of the set is pending.",
    source: "sigwaitinfo(2)",
    catalogue: ["SIG-18"],
  },
  {
    id: "SIG-NB-1",
    mechanism: "signal",
    category: "nonblocking",
    level: "core",
    rule: "kill, sigqueue, sigaction, sigprocmask, sigpending and trySigwait are synchronous: they return or throw, never a promise.",
    source: "ipckit (blocking is observable)",
  },
]);
