// An outside-style implementation: a pipe made of a web TransformStream, as a
// library author who already has streams would write one. Each write end writes
// chunks into the stream's writable side (a byte-length strategy of 65536 gives
// the back-pressure), each read end reads chunks from the readable side and keeps
// what did not fit. What streams cannot do, it does not do:
// - the bytes inside the stream cannot be reached synchronously, so tryRead sees
//   only what a read already pulled out, and fails EAGAIN while bytes are in the pipe;
// - a chunk is handed over by reference, as streams do, so a writer that reuses
//   its array after the write changes what the reader gets.
import { IpcError } from "../../spec/errors.ts";
import type { BlockingOptions, PipeEnd } from "../../spec/pipe.ts";
import type { IpcProcess, IpcSystem, SpawnOptions } from "../../spec/system.ts";
import type { Adapter } from "../../conformance/adapter.ts";

class StreamPipe {
  readonly stream = new TransformStream<Uint8Array, Uint8Array>(undefined, new ByteLengthQueuingStrategy({ highWaterMark: 65536 }));
  readonly writer = this.stream.writable.getWriter();
  readonly reader = this.stream.readable.getReader();
  leftover: Uint8Array = new Uint8Array(0);
  pulling: Promise<Uint8Array | undefined> | undefined;
  ended = false;
  readers = 0;
  writers = 0;

  /** One chunk from the stream; a pull the caller gave up on keeps its chunk for the next read. */
  pull(): Promise<Uint8Array | undefined> {
    this.pulling ??= this.reader.read().then(({ value, done }) => {
      this.pulling = undefined;
      if (done) {
        this.ended = true;
        return undefined;
      }
      this.leftover = this.leftover.length === 0 ? value : concat(this.leftover, value);
      return value;
    });
    return this.pulling;
  }

  takeLeftover(buffer: Uint8Array): number {
    const n = Math.min(buffer.length, this.leftover.length);
    buffer.set(this.leftover.subarray(0, n));
    this.leftover = this.leftover.subarray(n);
    return n;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

class StreamEnd implements PipeEnd {
  closed = false;
  constructor(readonly pipe: StreamPipe, readonly readable: boolean) {
    if (readable) pipe.readers++;
    else pipe.writers++;
  }
  get writable(): boolean {
    return !this.readable;
  }
  #check(syscall: string, reading: boolean): void {
    if (this.closed || this.readable !== reading) throw new IpcError("EBADF", syscall);
  }
  async read(buffer: Uint8Array, options?: BlockingOptions): Promise<number> {
    this.#check("read", true);
    const signal = options?.signal;
    for (;;) {
      if (buffer.length === 0) return 0;
      if (this.pipe.leftover.length > 0) return this.pipe.takeLeftover(buffer);
      if (this.pipe.ended) return 0;
      if (signal?.aborted) throw new IpcError("ECANCELED", "read", { cause: signal.reason });
      const aborted = new Promise<"aborted">((resolve) => signal?.addEventListener("abort", () => resolve("aborted"), { once: true }));
      if ((await Promise.race([this.pipe.pull(), aborted])) === "aborted") throw new IpcError("ECANCELED", "read", { cause: signal?.reason });
    }
  }
  tryRead(buffer: Uint8Array): number {
    this.#check("read", true);
    if (buffer.length === 0) return 0;
    if (this.pipe.leftover.length > 0) return this.pipe.takeLeftover(buffer);
    if (this.pipe.ended) return 0;
    void this.pipe.pull();
    throw new IpcError("EAGAIN", "read");
  }
  async write(data: Uint8Array, options?: BlockingOptions): Promise<number> {
    this.#check("write", false);
    if (this.pipe.readers === 0) throw new IpcError("EPIPE", "write");
    if (options?.signal?.aborted) throw new IpcError("ECANCELED", "write", { cause: options.signal.reason });
    if (data.length === 0) return 0;
    await this.pipe.writer.ready;
    if (this.pipe.readers === 0) throw new IpcError("EPIPE", "write");
    void this.pipe.writer.write(data);
    return data.length;
  }
  tryWrite(data: Uint8Array): number {
    this.#check("write", false);
    if (this.pipe.readers === 0) throw new IpcError("EPIPE", "write");
    if (data.length === 0) return 0;
    if ((this.pipe.writer.desiredSize ?? 0) <= 0) throw new IpcError("EAGAIN", "write");
    void this.pipe.writer.write(data);
    return data.length;
  }
  dup(): PipeEnd {
    this.#check("dup", this.readable);
    return new StreamEnd(this.pipe, this.readable);
  }
  close(): void {
    if (this.closed) throw new IpcError("EBADF", "close");
    this.closed = true;
    if (this.readable) this.pipe.readers--;
    else if (--this.pipe.writers === 0) void this.pipe.writer.close();
  }
  getCapacity(): number {
    if (this.closed) throw new IpcError("EBADF", "fcntl");
    return 65536;
  }
  setCapacity(): number {
    throw new IpcError("ENOSYS", "fcntl");
  }
}

class StreamSystem {
  #next = 1;
  spawn(options: SpawnOptions = {}): IpcProcess {
    const credentials = { uid: options.uid ?? 0, gid: options.gid ?? 0, groups: [...(options.groups ?? [])] };
    return {
      pid: this.#next++,
      credentials,
      alive: true,
      pipe: () => {
        const pipe = new StreamPipe();
        return [new StreamEnd(pipe, true), new StreamEnd(pipe, false)] as const;
      },
    } as unknown as IpcProcess;
  }
}

/** Pipes over a web TransformStream. */
export const streamPipeAdapter: Adapter = {
  name: "TransformStream pipe",
  supports: { pipe: {} },
  createSystem: () => new StreamSystem() as unknown as IpcSystem,
};
