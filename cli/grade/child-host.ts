/**
 * Runtime edge: one child process holding a submission, seen from the
 * grader. It starts the child in a process group of its own, under a
 * shell that caps its address space, under Node's permission model and,
 * when the grader runs as root, as an unprivileged user; it sends requests
 * on file descriptor 4, reads answers only from the child's report channel
 * (file descriptor 3), drops lines
 * that are not answers to the request in flight, and kills the whole group
 * when done. Standard output is discarded; the tail of standard error is
 * kept only to recognise an out-of-memory death.
 *
 * @module
 */

import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import process from "node:process";
import type { Readable, Writable } from "node:stream";
import type { ChildAnswer, GraderRequest } from "./protocol.ts";
import { REPORT_FD, REQUEST_FD } from "./protocol.ts";

/** How a child is started. */
export interface ChildSpec {
  /** The child entry module (`dist/cli/grade/child.js`). */
  readonly entry: string;
  /** Directories the child may read (ipckit, its dependencies, the prepared copy). */
  readonly readPaths: readonly string[];
  /** The child's working directory. */
  readonly cwd: string;
  /** The memory cap in MiB: the heap gets three quarters, the address space this plus {@link ADDRESS_SPACE_OVERHEAD_MB}. */
  readonly memoryMb: number;
  /** Run as this user and group (when the grader is root). */
  readonly uid?: number;
  readonly gid?: number;
}

/**
 * Address space a Node process reserves beyond what it uses (code range,
 * heap reservations, thread stacks): measured at about 1 GiB on Node 20.
 */
export const ADDRESS_SPACE_OVERHEAD_MB = 1280;

/** What waiting for an answer came to. */
export type Awaited =
  | { readonly kind: "answer"; readonly answer: ChildAnswer }
  | { readonly kind: "timeout" }
  | { readonly kind: "closed"; readonly detail: string; readonly outOfMemory: boolean };

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const CLOCK_TICKS = 100;

/** The most of standard error kept, in characters. */
const STDERR_TAIL = 16_384;

/** The longest line accepted on the report channel. */
const MAX_LINE = 8 * 1024 * 1024;

/** Node's flag for its permission model. */
function permissionFlag(): string {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  return major > 22 || (major === 22 && minor >= 13) ? "--permission" : "--experimental-permission";
}

/** Whether the runtime knows `--disable-warning` (Node 20.11 and later). */
function canDisableWarnings(): boolean {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  return major > 20 || (major === 20 && minor >= 11);
}

/** Signals by number, for exit statuses above 128 reported by the shell. */
const SIGNALS: Readonly<Record<number, string>> = { 1: "SIGHUP", 2: "SIGINT", 6: "SIGABRT", 9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 15: "SIGTERM" };

/** One child process and its answers. */
export class ChildHost {
  readonly #child: ChildProcess;
  readonly #requests: Writable;
  #stderr = "";
  #buffer = "";
  #closed = false;
  #exit: { code: number | null; signal: string | null } | undefined;
  #exitWaiters: (() => void)[] = [];
  #nonce = "";
  #waiting: ((result: Awaited) => void) | undefined;
  #early: ChildAnswer[] = [];
  /** Lines on the report channel that answered nothing asked. */
  dropped = 0;
  /** The child's own process ID, once it said (the shell's child). */
  pid: number | undefined;

  /**
   * Starts a child.
   *
   * @param spec - how
   */
  constructor(spec: ChildSpec) {
    const heapMb = Math.max(64, Math.floor((spec.memoryMb * 3) / 4));
    const addressKb = (spec.memoryMb + ADDRESS_SPACE_OVERHEAD_MB) * 1024;
    const flags = [
      permissionFlag(),
      ...spec.readPaths.map((path) => `--allow-fs-read=${path}`),
      `--max-old-space-size=${heapMb}`,
      "--enable-source-maps",
      "--no-addons",
      ...(canDisableWarnings() ? ["--disable-warning=ExperimentalWarning"] : []),
    ];
    // The shell stays as the child's parent (it does not exec: a command
    // follows), so a submission that signals its parent signals the shell.
    const script = 'ulimit -v "$1" 2>/dev/null; shift; "$@"; exit $?';
    this.#child = spawn("/bin/sh", ["-c", script, "ipckit-grade", String(addressKb), process.execPath, ...flags, spec.entry], {
      cwd: spec.cwd,
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", LANG: "C.UTF-8", TZ: "UTC", HOME: spec.cwd },
      // 0, 1: nothing; 2: kept only to recognise an out-of-memory death;
      // 3: the child's answers; 4: the grader's requests.
      stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"],
      detached: true,
      ...(spec.uid === undefined ? {} : { uid: spec.uid }),
      ...(spec.gid === undefined ? {} : { gid: spec.gid }),
    });
    this.#requests = this.#child.stdio[REQUEST_FD] as Writable;
    this.#requests.on("error", () => undefined);
    const stderr = this.#child.stderr!;
    stderr.setEncoding("utf8");
    stderr.on("data", (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-STDERR_TAIL);
    });
    stderr.on("error", () => undefined);
    const report = this.#child.stdio[REPORT_FD] as Readable;
    report.setEncoding("utf8");
    report.on("data", (chunk: string) => this.#receive(chunk));
    report.on("error", () => undefined);
    report.on("close", () => this.#close());
    this.#child.on("error", () => this.#close());
    this.#child.on("exit", (code, signal) => {
      this.#exit = { code, signal };
      for (const wake of this.#exitWaiters.splice(0)) wake();
    });
  }

  #receive(chunk: string): void {
    this.#buffer += chunk;
    let newline: number;
    while ((newline = this.#buffer.indexOf("\n")) !== -1) {
      const line = this.#buffer.slice(0, newline);
      this.#buffer = this.#buffer.slice(newline + 1);
      this.#line(line);
    }
    if (this.#buffer.length > MAX_LINE) {
      this.dropped++;
      this.#buffer = "";
    }
  }

  #line(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.dropped++;
      return;
    }
    const answer = message as Partial<ChildAnswer> | null;
    if (typeof answer !== "object" || answer === null || answer.nonce !== this.#nonce || this.#nonce === "") {
      this.dropped++;
      return;
    }
    const waiting = this.#waiting;
    if (waiting === undefined) {
      this.#early.push(answer as ChildAnswer);
      return;
    }
    this.#waiting = undefined;
    waiting({ kind: "answer", answer: answer as ChildAnswer });
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const waiting = this.#waiting;
    if (waiting === undefined) return;
    this.#waiting = undefined;
    void this.#closedResult().then(waiting);
  }

  /** Why the child is gone, after waiting a little for its exit status. */
  async #closedResult(): Promise<Awaited> {
    if (this.#exit === undefined) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 500);
        this.#exitWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const exit = this.#exit;
    const outOfMemory = /heap out of memory|Reached heap limit|Allocation failed|std::bad_alloc|out of memory/i.test(this.#stderr);
    let detail: string;
    if (exit === undefined) detail = "the submission's process closed its report channel";
    else if (exit.signal !== null) detail = `the submission's process was killed by ${exit.signal}`;
    else if (exit.code !== null && exit.code > 128) detail = `the submission's process was killed by ${SIGNALS[exit.code - 128] ?? `signal ${exit.code - 128}`}`;
    else detail = `the submission's process exited with status ${exit.code ?? "unknown"}`;
    return { kind: "closed", detail, outOfMemory };
  }

  /**
   * Sends a request with a fresh nonce; only an answer echoing it counts.
   *
   * @param request - the request, without its nonce
   */
  send(request: DistributiveOmit<GraderRequest, "nonce">): void {
    this.#nonce = randomBytes(12).toString("hex");
    this.#early = [];
    if (this.#closed) return;
    this.#requests.write(`${JSON.stringify({ ...request, nonce: this.#nonce })}\n`);
  }

  /**
   * Waits for the answer to the request in flight, the child's end, or the timeout.
   *
   * @param timeoutMs - how long to wait
   * @returns what happened first
   */
  next(timeoutMs: number): Promise<Awaited> {
    const early = this.#early.shift();
    if (early !== undefined) return Promise.resolve({ kind: "answer", answer: early });
    if (this.#closed) return this.#closedResult();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        resolve({ kind: "timeout" });
      }, Math.max(0, timeoutMs));
      this.#waiting = (result) => {
        clearTimeout(timer);
        resolve(result);
      };
    });
  }

  /**
   * The child's peak resident memory in MiB, as the kernel counts it, while
   * it runs (Linux only).
   *
   * @returns the figure, or `undefined`
   */
  peakRssMb(): number | undefined {
    if (this.pid === undefined || this.#closed) return undefined;
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, "utf8"));
      return match === null ? undefined : Number(match[1]) / 1024;
    } catch {
      return undefined;
    }
  }

  /**
   * The CPU time the child has used so far in milliseconds, as the kernel
   * counts it (Linux only).
   *
   * @returns the figure, or `undefined`
   */
  cpuMs(): number | undefined {
    if (this.pid === undefined || this.#closed) return undefined;
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, "utf8");
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    } catch {
      return undefined;
    }
  }

  /** Kills the child's whole process group, whatever it is doing, and waits for the shell to go. */
  async kill(): Promise<void> {
    this.#waiting = undefined;
    const pid = this.#child.pid;
    if (pid !== undefined) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // The group is gone already.
      }
    }
    this.#requests.destroy();
    if (this.#exit === undefined && pid !== undefined) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        this.#exitWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** `Omit` over each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
