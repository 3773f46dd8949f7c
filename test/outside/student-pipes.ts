// An outside-style implementation: a student's anonymous pipes, written from the
// assignment text, working for the most part, with the mistakes students make:
// - the capacity is 4096 bytes (PIPE_BUF taken for the pipe's size): the clause
//   on capacity fails, and tests that fill a 65536-byte pipe to set their scene
//   are UNRESOLVED, not failures of their own clauses;
// - a write keeps the caller's array instead of copying it, so a writer that
//   reuses its buffer changes what the reader gets;
// - a call on a closed end throws a plain Error, not an IpcError EBADF: the
//   implementation did not answer, so those tests are ERROR, with its stack.
// No capacity extension, no fork, no exit, no signals.
import { IpcError } from "../../spec/errors.ts";
import type { BlockingOptions, PipeEnd } from "../../spec/pipe.ts";
import type { IpcProcess, IpcSystem, SpawnOptions } from "../../spec/system.ts";
import type { Adapter } from "../../conformance/adapter.ts";

const CAPACITY = 4096;

interface Pending {
  readonly bytes: Uint8Array;
  done: number;
  resolve(n: number): void;
  reject(error: unknown): void;
}

class StudentPipe {
  readonly chunks: Uint8Array[] = [];
  size = 0;
  readers = 0;
  writers = 0;
  readonly reads: Pending[] = [];
  readonly writes: Pending[] = [];

  take(buffer: Uint8Array): number {
    let n = 0;
    while (n < buffer.length && this.chunks.length > 0) {
      const head = this.chunks[0]!;
      const part = Math.min(head.length, buffer.length - n);
      buffer.set(head.subarray(0, part), n);
      n += part;
      if (part === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(part);
    }
    this.size -= n;
    return n;
  }

  put(data: Uint8Array): void {
    // The student's mistake: the caller's array itself is queued, not a copy.
    this.chunks.push(data);
    this.size += data.length;
  }

  pump(): void {
    for (let moved = true; moved; ) {
      moved = false;
      while (this.reads.length > 0 && this.size > 0) {
        const r = this.reads.shift()!;
        r.resolve(this.take(r.bytes));
        moved = true;
      }
      while (this.writes.length > 0 && this.size < CAPACITY) {
        const w = this.writes[0]!;
        const part = Math.min(CAPACITY - this.size, w.bytes.length - w.done);
        if (w.bytes.length <= 4096 && part < w.bytes.length - w.done) break;
        this.put(w.bytes.subarray(w.done, w.done + part));
        w.done += part;
        if (w.done === w.bytes.length) {
          this.writes.shift();
          w.resolve(w.done);
        }
        moved = true;
      }
    }
    if (this.writers === 0) for (const r of this.reads.splice(0)) r.resolve(0);
    if (this.readers === 0) for (const w of this.writes.splice(0)) w.done > 0 ? w.resolve(w.done) : w.reject(new IpcError("EPIPE", "write"));
  }
}

class StudentEnd implements PipeEnd {
  closed = false;
  constructor(readonly pipe: StudentPipe, readonly readable: boolean) {
    if (readable) pipe.readers++;
    else pipe.writers++;
  }
  get writable(): boolean {
    return !this.readable;
  }
  #open(): void {
    if (this.closed) throw new Error("pipe end is closed");
  }
  #wait(queue: Pending[], bytes: Uint8Array, syscall: string, options?: BlockingOptions): Promise<number> {
    return new Promise((resolve, reject) => {
      const p: Pending = { bytes, done: 0, resolve, reject };
      const signal = options?.signal;
      if (signal?.aborted) return reject(new IpcError("ECANCELED", syscall));
      signal?.addEventListener("abort", () => {
        const i = queue.indexOf(p);
        if (i < 0) return;
        queue.splice(i, 1);
        if (p.done > 0) resolve(p.done);
        else reject(new IpcError("ECANCELED", syscall));
      });
      queue.push(p);
      this.pipe.pump();
    });
  }
  async read(buffer: Uint8Array, options?: BlockingOptions): Promise<number> {
    this.#open();
    if (!this.readable) throw new IpcError("EBADF", "read");
    if (buffer.length === 0) return 0;
    if (this.pipe.size > 0) return this.pipe.take(buffer);
    if (this.pipe.writers === 0) return 0;
    const n = await this.#wait(this.pipe.reads, buffer, "read", options);
    this.pipe.pump();
    return n;
  }
  tryRead(buffer: Uint8Array): number {
    this.#open();
    if (!this.readable) throw new IpcError("EBADF", "read");
    if (buffer.length === 0) return 0;
    if (this.pipe.size > 0) {
      const n = this.pipe.take(buffer);
      this.pipe.pump();
      return n;
    }
    if (this.pipe.writers === 0) return 0;
    throw new IpcError("EAGAIN", "read");
  }
  async write(data: Uint8Array, options?: BlockingOptions): Promise<number> {
    this.#open();
    if (this.readable) throw new IpcError("EBADF", "write");
    if (this.pipe.readers === 0) throw new IpcError("EPIPE", "write");
    if (data.length === 0) return 0;
    return this.#wait(this.pipe.writes, data, "write", options);
  }
  tryWrite(data: Uint8Array): number {
    this.#open();
    if (this.readable) throw new IpcError("EBADF", "write");
    if (this.pipe.readers === 0) throw new IpcError("EPIPE", "write");
    const room = CAPACITY - this.pipe.size;
    if (data.length === 0) return 0;
    if (room === 0 || (data.length <= 4096 && room < data.length)) throw new IpcError("EAGAIN", "write");
    const n = Math.min(room, data.length);
    this.pipe.put(data.subarray(0, n));
    this.pipe.pump();
    return n;
  }
  dup(): PipeEnd {
    this.#open();
    return new StudentEnd(this.pipe, this.readable);
  }
  close(): void {
    this.#open();
    this.closed = true;
    if (this.readable) this.pipe.readers--;
    else this.pipe.writers--;
    this.pipe.pump();
  }
  getCapacity(): number {
    this.#open();
    return CAPACITY;
  }
  setCapacity(): number {
    throw new IpcError("ENOSYS", "fcntl");
  }
}

class StudentSystem {
  #next = 1;
  spawn(options: SpawnOptions = {}): IpcProcess {
    const credentials = { uid: options.uid ?? 0, gid: options.gid ?? 0, groups: [...(options.groups ?? [])] };
    return {
      pid: this.#next++,
      credentials,
      alive: true,
      pipe: () => {
        const pipe = new StudentPipe();
        return [new StudentEnd(pipe, true), new StudentEnd(pipe, false)] as const;
      },
    } as unknown as IpcProcess;
  }
}

/** A student's pipes. */
export const studentPipesAdapter: Adapter = {
  name: "student pipes",
  supports: { pipe: {} },
  createSystem: () => new StudentSystem() as unknown as IpcSystem,
};
