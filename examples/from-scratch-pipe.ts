/**
 * A small pipe implementation written from scratch against the ipckit spec
 * (nothing from reference/), with its adapter as the default export:
 * `node bin/ipckit.js test examples/from-scratch-pipe.ts`.
 *
 * - The buffer is a queue of byte chunks plus an offset into the head chunk;
 *   bytes are copied with `Uint8Array.prototype.set`/`subarray`, never one by one.
 * - Operations that cannot finish at once wait in first-come-first-served
 *   queues; after every change, `pump()` moves as many bytes as it can.
 * - No Linux capacity extension (`supports.pipe.capacity: false`): every pipe
 *   holds 65536 bytes and `setCapacity` fails `ENOSYS` ("not implemented").
 *
 * Comments name the clause each part satisfies (PIPE-xxx-n).
 */

import { defineAdapter } from "ipckit/conformance";
import { DEFAULT_PIPE_CAPACITY, IpcError, PIPE_BUF } from "ipckit/spec";
import type { BlockingOptions, Credentials, ErrorCode, IpcProcess, IpcSystem, PipeEnd, PipeOptions, SpawnOptions } from "ipckit/spec";

/** An operation waiting in a pipe's queue: a read into `bytes`, or a write of `bytes`. */
interface Waiter {
  readonly end: ExampleEnd;
  readonly bytes: Uint8Array;
  /** Bytes moved so far (only a large write moves bytes before it finishes). */
  done: number;
  finish(count: number): void;
  fail(code: ErrorCode, cause?: unknown): void;
  /** Ends a write early: resolves with the count moved if any, else fails with `code`. */
  stop(code: ErrorCode, cause?: unknown): void;
}

const cancelled = (syscall: string, signal: AbortSignal) => new IpcError("ECANCELED", syscall, { cause: signal.reason });

/** The shared state of one pipe: the bytes in flight, the open ends, the waiters. */
export class ExamplePipe {
  readonly capacity = DEFAULT_PIPE_CAPACITY; // PIPE-CAP-1: 65536 bytes, always
  protected readers = 0; // open read ends, counting duplicates
  protected writers = 0; // open write ends, counting duplicates
  protected size = 0; // bytes buffered
  #chunks: Uint8Array[] = [];
  #first = 0; // index of the head chunk in #chunks
  #offset = 0; // bytes of the head chunk already read
  readonly #reads: Waiter[] = [];
  readonly #writes: Waiter[] = [];

  protected room(): number { return this.capacity - this.size; }

  /** PIPE-EOF-1, PIPE-EOF-2: end of file once no write end is open anywhere and the buffer is drained. */
  protected atEndOfFile(): boolean {
    return this.writers === 0 && this.size === 0;
  }

  // --- Moving bytes -------------------------------------------------------

  /** Appends bytes the pipe owns (the caller made a private copy). */
  #put(bytes: Uint8Array): void { this.#chunks.push(bytes); this.size += bytes.length; }

  /** Moves up to `buffer.length` bytes out of the pipe; PIPE-ORD-1: in order, none lost or repeated. */
  #take(buffer: Uint8Array): number {
    let copied = 0;
    while (copied < buffer.length && this.size > 0) {
      const head = this.#chunks[this.#first]!;
      const n = Math.min(buffer.length - copied, head.length - this.#offset);
      buffer.set(head.subarray(this.#offset, this.#offset + n), copied);
      copied += n;
      this.#offset += n;
      this.size -= n;
      if (this.#offset === head.length) {
        this.#first++;
        this.#offset = 0;
      }
    }
    // Drop consumed chunks now and then so the array does not grow forever.
    if (this.#first > 1024 && this.#first * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#first);
      this.#first = 0;
    }
    return copied;
  }

  /**
   * How many bytes of a waiting write can land now. PIPE-ATOM-1, PIPE-ATOM-2: a write of
   * at most PIPE_BUF bytes lands whole or not at all; a longer one fills the room there is.
   */
  #landable(write: Waiter): number {
    const left = write.bytes.length - write.done;
    if (write.bytes.length <= PIPE_BUF) return this.room() >= left ? left : 0;
    return Math.min(left, this.room());
  }

  /** Serves waiters until nothing more can move. Called after every change. */
  protected pump(): void {
    for (let moved = true; moved; ) {
      moved = false;
      // PIPE-BLK-2, PIPE-ORD-3: the oldest waiting read takes what is there, without waiting to fill up.
      while (this.size > 0 && this.#reads.length > 0) {
        const read = this.#reads.shift()!;
        read.finish(this.#take(read.bytes));
        moved = true;
      }
      // PIPE-EOF-3: no writer left and nothing buffered: every waiting read gets 0.
      if (this.atEndOfFile()) for (const read of this.#reads.splice(0)) read.finish(0);
      // PIPE-ORD-4, PIPE-BLK-3: only the oldest waiting write may land, so later ones never overtake it.
      const write = this.#writes[0];
      const n = write === undefined ? 0 : this.#landable(write);
      if (write !== undefined && n > 0) {
        this.#put(write.bytes.subarray(write.done, write.done + n));
        write.done += n;
        moved = true;
        if (write.done === write.bytes.length) {
          this.#writes.shift();
          write.finish(write.done); // PIPE-ATOM-3: the full count, once every byte is in
        }
      }
    }
  }

  /** Queues an operation that cannot finish yet; the promise settles when `pump` or `close` serves it. */
  #wait(queue: Waiter[], end: ExampleEnd, bytes: Uint8Array, syscall: string, signal?: AbortSignal): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const onAbort = (): void => {
        queue.splice(queue.indexOf(waiter), 1);
        // PIPE-BLK-4, PIPE-BLK-5: ECANCELED if nothing moved, otherwise the count moved (it stays readable).
        waiter.stop("ECANCELED", signal?.reason);
        this.pump(); // a write behind the one that left may fit now
      };
      const waiter: Waiter = {
        end,
        bytes,
        done: 0,
        finish: (count) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(count);
        },
        fail: (code, cause) => {
          signal?.removeEventListener("abort", onAbort);
          reject(new IpcError(code, syscall, cause === undefined ? {} : { cause }));
        },
        stop: (code, cause) => (waiter.done > 0 ? waiter.finish(waiter.done) : waiter.fail(code, cause)),
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      queue.push(waiter);
      this.pump(); // it may be served at once
    });
  }

  // --- Operations (the end has already checked EBADF and EINVAL) ----------

  read(end: ExampleEnd, buffer: Uint8Array, signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(cancelled("read", signal)); // PIPE-BLK-6
    if (buffer.length === 0) return Promise.resolve(0); // PIPE-ERR-5
    if (this.size > 0 || this.atEndOfFile()) return Promise.resolve(this.tryRead(buffer)); // PIPE-BLK-2, PIPE-EOF-2
    return this.#wait(this.#reads, end, buffer, "read", signal); // PIPE-BLK-1
  }

  tryRead(buffer: Uint8Array): number {
    if (buffer.length === 0) return 0; // PIPE-ERR-5
    if (this.size > 0) {
      const n = this.#take(buffer); // PIPE-BLK-2
      this.pump(); // room was made: waiting writes may land
      return n;
    }
    if (this.atEndOfFile()) return 0; // PIPE-EOF-4
    throw new IpcError("EAGAIN", "read"); // PIPE-NB-1
  }

  write(end: ExampleEnd, data: Uint8Array, signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(cancelled("write", signal)); // PIPE-BLK-6
    if (data.length === 0) return Promise.resolve(0); // PIPE-ERR-6
    if (this.readers === 0) return Promise.reject(new IpcError("EPIPE", "write")); // PIPE-ERR-1
    // The pipe keeps its own copy, so the caller may reuse `data` at once.
    return this.#wait(this.#writes, end, data.slice(), "write", signal);
  }

  tryWrite(data: Uint8Array): number {
    if (data.length === 0) return 0; // PIPE-ERR-6
    if (this.readers === 0) throw new IpcError("EPIPE", "write"); // PIPE-ERR-1
    const room = this.room();
    if (data.length <= PIPE_BUF && room < data.length) throw new IpcError("EAGAIN", "write"); // PIPE-NB-2
    if (room === 0) throw new IpcError("EAGAIN", "write"); // PIPE-NB-3
    const n = Math.min(data.length, room); // PIPE-NB-4 (all of it when it is at most PIPE_BUF)
    this.#put(data.slice(0, n));
    this.pump(); // waiting reads take the new bytes
    return n;
  }

  // --- Ends opening and closing --------------------------------------------

  attach(end: ExampleEnd): void {
    if (end.readable) this.readers++; else this.writers++;
  }

  detach(end: ExampleEnd): void {
    // PIPE-LIFE-4: this end's own waiting operations fail EBADF; other ends' stay.
    for (const queue of [this.#reads, this.#writes]) {
      for (const waiter of queue.filter((w) => w.end === end)) {
        queue.splice(queue.indexOf(waiter), 1);
        waiter.fail("EBADF");
      }
    }
    if (end.readable) this.readers--; else this.writers--;
    // PIPE-ERR-2: the last reader left: waiting writes end with their partial count, or EPIPE.
    if (this.readers === 0) for (const write of this.#writes.splice(0)) write.stop("EPIPE");
    this.pump(); // PIPE-EOF-3 when the last writer left; room for others when a blocked write left
  }
}

/** One descriptor: a read end or a write end of a pipe, held by one process. */
export class ExampleEnd implements PipeEnd {
  readonly pipe: ExamplePipe;
  readonly readable: boolean;
  readonly owner: ExampleProcess;
  #closed = false;

  constructor(pipe: ExamplePipe, readable: boolean, owner: ExampleProcess) {
    this.pipe = pipe;
    this.readable = readable;
    this.owner = owner;
    pipe.attach(this);
    owner.ends.add(this);
  }

  get writable(): boolean { return !this.readable; }
  get closed(): boolean { return this.#closed; }

  /** The checks every operation starts with. Throws; the async methods turn that into a rejection. */
  #check(syscall: string, direction?: "read" | "write", bytes?: unknown): void {
    if (this.#closed) throw new IpcError("EBADF", syscall); // PIPE-ERR-4
    if (direction === "read" && !this.readable) throw new IpcError("EBADF", syscall); // PIPE-ERR-3
    if (direction === "write" && !this.writable) throw new IpcError("EBADF", syscall); // PIPE-ERR-3
    if (direction !== undefined && !(bytes instanceof Uint8Array)) {
      throw new IpcError("EINVAL", syscall, { detail: "expected a Uint8Array" }); // PIPE-ERR-7
    }
  }

  async read(buffer: Uint8Array, options?: BlockingOptions): Promise<number> {
    this.#check("read", "read", buffer);
    return this.pipe.read(this, buffer, options?.signal);
  }

  // PIPE-NB-5: the try forms are plain synchronous methods: they return a number or throw.
  tryRead(buffer: Uint8Array): number {
    this.#check("read", "read", buffer);
    return this.pipe.tryRead(buffer);
  }

  async write(data: Uint8Array, options?: BlockingOptions): Promise<number> {
    this.#check("write", "write", data);
    return this.pipe.write(this, data, options?.signal);
  }

  tryWrite(data: Uint8Array): number {
    this.#check("write", "write", data);
    return this.pipe.tryWrite(data);
  }

  /** PIPE-LIFE-1: a new descriptor for the same pipe and direction, in the same process. */
  dup(): PipeEnd {
    this.#check("dup");
    return new ExampleEnd(this.pipe, this.readable, this.owner);
  }

  close(): void {
    this.#check("close");
    this.#closed = true;
    this.owner.ends.delete(this);
    this.pipe.detach(this);
  }

  getCapacity(): number {
    this.#check("fcntl");
    return this.pipe.capacity; // PIPE-CAP-1
  }

  setCapacity(_bytes: number): number {
    this.#check("fcntl"); // PIPE-ERR-4 applies even to what we do not implement
    throw new IpcError("ENOSYS", "fcntl"); // the capacity extension (PIPE-CAP-2..6) is not offered
  }
}

const isId = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;

/** A process: holds descriptors, makes pipes, forks and exits. */
export class ExampleProcess implements IpcProcess {
  readonly pid: number;
  readonly credentials: Credentials;
  readonly ends = new Set<ExampleEnd>();
  readonly system: ExampleSystem;
  #alive = true;

  constructor(system: ExampleSystem, pid: number, credentials: Credentials) {
    this.system = system;
    this.pid = pid;
    this.credentials = credentials;
  }

  get alive(): boolean { return this.#alive; }

  pipe(options?: PipeOptions): readonly [PipeEnd, PipeEnd] {
    if (!this.#alive) throw new IpcError("ESRCH", "pipe");
    if (options?.capacity !== undefined) throw new IpcError("ENOSYS", "pipe"); // no capacity extension
    const pipe = this.system.newPipe();
    return [new ExampleEnd(pipe, true, this), new ExampleEnd(pipe, false, this)];
  }

  /** PIPE-LIFE-3: the child gets its own duplicate of every open end. */
  fork(): IpcProcess {
    if (!this.#alive) throw new IpcError("ESRCH", "fork");
    const child = this.system.newProcess(this.credentials);
    for (const end of this.ends) new ExampleEnd(end.pipe, end.readable, child); // registers itself with the child
    return child;
  }

  /** PIPE-LIFE-2: exit closes every end the process holds. */
  exit(status = 0): void {
    if (!Number.isInteger(status) || status < 0 || status > 255) throw new IpcError("EINVAL", "exit");
    if (!this.#alive) return;
    this.#alive = false;
    for (const end of [...this.ends]) end.close();
  }
}

/** A simulated machine: makes processes (and, for the factories, pipes). */
export class ExampleSystem implements IpcSystem {
  #nextPid = 1;

  spawn(options: SpawnOptions = {}): IpcProcess {
    const { uid = 0, gid = 0, groups = [] } = options;
    if (!isId(uid) || !isId(gid) || !Array.isArray(groups) || !groups.every(isId)) {
      throw new IpcError("EINVAL", "spawn");
    }
    return this.newProcess({ uid, gid, groups: Object.freeze([...groups]) });
  }

  newProcess(credentials: Credentials): ExampleProcess {
    return new ExampleProcess(this, this.#nextPid++, Object.freeze({ ...credentials }));
  }

  /** Subclasses override this to swap in a different pipe (see broken-pipe.ts). */
  newPipe(): ExamplePipe {
    return new ExamplePipe();
  }
}

export default defineAdapter({
  name: "from-scratch pipes (example)",
  supports: { pipe: { capacity: false }, process: { fork: true, exit: true } },
  createSystem: () => new ExampleSystem(),
});
