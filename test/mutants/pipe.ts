// Deliberately wrong pipe implementations: each is the reference with one bug
// added by wrapping it (test/fixtures/wrap.ts), and each must be rejected by the
// conformance tests of the clause it names (test/mutants.test.ts checks that it is).
// The suite must catch bugs, not just pass the reference.
//
// The mutants of the signal clauses (at the end) break the reference's
// processes in place instead (signalMutant): a process that does not register
// some blocked calls cannot interrupt them, one that registers them as never
// restarted ignores SA_RESTART, and one whose SIGPIPE is ignored for the span
// of a call never takes the signal from it.
import { ReferencePipeEnd } from "../../reference/pipe/index.ts";
import { raiseSigpipe } from "../../reference/kernel/signal-delivery.ts";
import { ReferenceProcess } from "../../reference/system.ts";
import type { ReferenceSystem } from "../../reference/system.ts";
import { DEFAULT_PIPE_CAPACITY, PIPE_BUF } from "../../spec/constants.ts";
import { IpcError } from "../../spec/errors.ts";
import type { BlockingOptions, PipeEnd, PipeOptions } from "../../spec/pipe.ts";
import { SIGPIPE } from "../../spec/signal.ts";
import { forever, perPipe, wrappedReference } from "../fixtures/wrap.ts";
import type { EndOverrides, ProcessOverrides } from "../fixtures/wrap.ts";
import { neverRestarted, referenceMutant, registerBlockedCallsAs, signalMutant, uninterruptible } from "./mutant.ts";
import type { ProcessPatch } from "./mutant.ts";
import type { Mutant } from "./mutant.ts";


function mutant(name: string, breaks: string, bug: string, ends: EndOverrides, processes?: ProcessOverrides): Mutant {
  return { name, breaks, bug, adapter: wrappedReference(`mutant: ${name}`, ends, processes) };
}

/** A non-empty Uint8Array of at most PIPE_BUF bytes (the writes that must be atomic). */
function isSmall(data: Uint8Array): boolean {
  return data instanceof Uint8Array && data.length > 0 && data.length <= PIPE_BUF;
}

/** Runs a try form; EAGAIN gives `undefined`, any other error is thrown. */
function attempt(call: () => number): number | undefined {
  try {
    return call();
  } catch (error) {
    if (IpcError.is(error, "EAGAIN")) return undefined;
    throw error;
  }
}

/** The same, as a blocking form's result: a promise, rejected for any error but EAGAIN. */
function attemptAsync(call: () => number): Promise<number | undefined> {
  try {
    return Promise.resolve(attempt(call));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Writes as much of a write of at most PIPE_BUF bytes as fits now (the rule for
 * long writes), returning the count, or `undefined` when the pipe is full.
 */
function writeWhatFits(end: PipeEnd, data: Uint8Array): number | undefined {
  const whole = attempt(() => end.tryWrite(data));
  if (whole !== undefined) return whole;
  // It does not fit whole, so the room is less than data.length: padded past
  // PIPE_BUF it is a long write, which fills the room with bytes of `data` only.
  const padded = new Uint8Array(PIPE_BUF + 1);
  padded.set(data);
  return attempt(() => end.tryWrite(padded));
}

// ----- Signal mutants: reference processes patched in place -----------------

/** The action that ignores a signal, set straight into a process's table (no discarding, unlike sigaction). */
const IGNORED = Object.freeze({ handler: "ignore" as const });

/** Runs `call` with SIGPIPE ignored in `processes` (straight in their tables), then restores their actions. */
export function withoutSigpipe<T>(processes: readonly ReferenceProcess[], call: () => T): T {
  const saved = processes.map((process) => process.signals.action(SIGPIPE));
  for (const process of processes) process.signals.setAction(SIGPIPE, IGNORED);
  try {
    return call();
  } finally {
    processes.forEach((process, index) => {
      process.signals.setAction(SIGPIPE, saved[index]);
    });
  }
}

/** A patch that changes the two ends of every pipe the process makes (not their dups or fork copies). */
function patchPipeEnds(change: (end: ReferencePipeEnd, process: ReferenceProcess, system: ReferenceSystem) => void): ProcessPatch {
  return (process, system) => {
    process.pipe = (options?: PipeOptions) => {
      const ends = ReferenceProcess.prototype.pipe.call(process, options);
      for (const end of ends) change(end, process, system);
      return ends;
    };
  };
}

/** The reference's own write and tryWrite, whatever an end's own properties say. */
const realWrite = (end: ReferencePipeEnd, data: Uint8Array, options?: BlockingOptions): Promise<number> =>
  ReferencePipeEnd.prototype.write.call(end, data, options);
const realTryWrite = (end: ReferencePipeEnd, data: Uint8Array): number => ReferencePipeEnd.prototype.tryWrite.call(end, data);

/** A waiting read parked by the last-come-first-served mutant. */
interface Parked {
  readonly buffer: Uint8Array;
  readonly resolve: (count: number) => void;
  readonly reject: (reason: unknown) => void;
}

export const PIPE_MUTANTS: readonly Mutant[] = [
  // ----- Ordering ---------------------------------------------------------

  // Bytes lost on wrap-around: once a buffer's worth was read, one byte vanishes.
  mutant(
    "loses a byte on wrap-around",
    "PIPE-ORD-1",
    "once 65536 bytes have been read, the next read silently discards one byte",
    (() => {
      const dropped = perPipe(() => ({ done: false }));
      return (end, { pipe }) => {
        const dropOnce = (): void => {
          const state = dropped(pipe);
          if (state.done || pipe.bytesRead < DEFAULT_PIPE_CAPACITY) return;
          if (attempt(() => end.tryRead(new Uint8Array(1))) !== undefined) state.done = true;
        };
        return {
          read: (buffer: Uint8Array, options?: BlockingOptions) => {
            dropOnce();
            return end.read(buffer, options);
          },
          tryRead: (buffer: Uint8Array) => {
            dropOnce();
            return end.tryRead(buffer);
          },
        };
      };
    })(),
  ),

  // Message boundaries kept: a read that fills its buffer throws away the rest.
  mutant(
    "truncates like a datagram",
    "PIPE-ORD-2",
    "a read that fills its buffer throws away whatever else is buffered, as if each read took one datagram",
    (end) => ({
      read: async (buffer: Uint8Array, options?: BlockingOptions) => {
        const n = await end.read(buffer, options);
        if (n > 0 && n === buffer.length) attempt(() => end.tryRead(new Uint8Array(2 * DEFAULT_PIPE_CAPACITY)));
        return n;
      },
    }),
  ),

  // Readers served last come, first served: the wrapper parks waiting reads on a
  // stack and feeds the newest one from a one-byte probe read.
  mutant(
    "serves waiting readers last-come-first-served",
    "PIPE-ORD-3",
    "when bytes arrive for several waiting reads, the most recent read gets them first",
    (() => {
      const parked = perPipe(() => ({ stack: [] as Parked[], probing: false }));
      const probe = (end: PipeEnd, state: { stack: Parked[]; probing: boolean }): void => {
        if (state.probing || state.stack.length === 0) return;
        state.probing = true;
        const first = new Uint8Array(1);
        end.read(first).then(
          (n) => {
            state.probing = false;
            if (n === 0) {
              for (const waiter of state.stack.splice(0)) waiter.resolve(0);
              return;
            }
            // The byte, and what else is buffered, goes to the newest waiting read.
            const newest = state.stack.pop()!;
            newest.buffer[0] = first[0]!;
            newest.resolve(1 + (attempt(() => end.tryRead(newest.buffer.subarray(1))) ?? 0));
            probe(end, state);
          },
          (error: unknown) => {
            state.probing = false;
            for (const waiter of state.stack.splice(0)) waiter.reject(error);
          },
        ).catch(() => undefined); // (the end closed between the probe and the tryRead: leave the rest waiting)
      };
      return (end, { pipe }) => ({
        read: (buffer: Uint8Array) =>
          attemptAsync(() => end.tryRead(buffer)).then(
            (n) =>
              n ??
              new Promise<number>((resolve, reject) => {
                const state = parked(pipe);
                state.stack.push({ buffer, resolve, reject });
                probe(end, state);
              }),
          ),
      });
    })(),
  ),

  // A blocking write that fits is not queued behind earlier pending writes.
  mutant(
    "lets a later write overtake",
    "PIPE-ORD-4",
    "a blocking write of at most PIPE_BUF bytes that fits lands at once, ahead of earlier writes still pending",
    (end) => ({
      write: (data: Uint8Array, options?: BlockingOptions) =>
        isSmall(data)
          ? attemptAsync(() => end.tryWrite(data)).then((n) => n ?? end.write(data, options))
          : end.write(data, options),
    }),
  ),

  // ----- Blocking ---------------------------------------------------------

  // Reads never wait: an empty pipe reads as end of file.
  mutant(
    "read never waits",
    "PIPE-BLK-1",
    "a read on an empty pipe with a write end open resolves 0 at once instead of waiting",
    (end) => ({
      read: (buffer: Uint8Array) => attemptAsync(() => end.tryRead(buffer)).then((n) => n ?? 0),
    }),
  ),

  // Short reads wait for the full count.
  mutant(
    "read waits to fill its buffer",
    "PIPE-BLK-2",
    "a read loops until its buffer is full or end of file, instead of returning the bytes available",
    (end) => ({
      read: async (buffer: Uint8Array, options?: BlockingOptions) => {
        let got = 0;
        while (got < buffer.length) {
          const n = await end.read(buffer.subarray(got), options);
          if (n === 0) break;
          got += n;
        }
        return got;
      },
    }),
  ),

  // Writes that never block: what does not fit is dropped.
  mutant(
    "write never blocks",
    "PIPE-BLK-3",
    "a blocking write that would wait writes what tryWrite takes now, drops the rest and resolves with the full count",
    (end) => ({
      write: async (data: Uint8Array) => {
        attempt(() => end.tryWrite(data));
        return data.length;
      },
    }),
  ),

  // Abort that loses bytes: the aborted read's underlying read stays queued.
  mutant(
    "abort leaves the read queued",
    "PIPE-BLK-4",
    "aborting a pending read rejects it ECANCELED but leaves its underlying read queued, which later swallows bytes",
    (end) => ({
      read: (buffer: Uint8Array, options?: BlockingOptions) => {
        const signal = options?.signal;
        if (signal === undefined || signal.aborted) return end.read(buffer, options);
        const underlying = end.read(buffer);
        return new Promise<number>((resolve, reject) => {
          signal.addEventListener("abort", () => reject(new IpcError("ECANCELED", "read", { cause: signal.reason })), { once: true });
          underlying.then(resolve, reject);
        });
      },
    }),
  ),

  // An aborted write that moved bytes pretends it moved none.
  mutant(
    "aborted partial write reports nothing",
    "PIPE-BLK-5",
    "aborting a write that already moved bytes rejects it ECANCELED, though those bytes stay in the pipe",
    (end) => ({
      write: (data: Uint8Array, options?: BlockingOptions) =>
        end.write(data, options).then((n) =>
          n < data.length && options?.signal?.aborted === true ? Promise.reject(new IpcError("ECANCELED", "write")) : n,
        ),
    }),
  ),

  // The signal is checked only when the read has to wait.
  mutant(
    "fast path ignores an aborted signal",
    "PIPE-BLK-6",
    "a read given an already aborted signal still takes the buffered bytes when it need not wait",
    (end) => ({
      read: (buffer: Uint8Array, options?: BlockingOptions) =>
        attemptAsync(() => end.tryRead(buffer)).then((n) => n ?? end.read(buffer, options)),
    }),
  ),

  // ----- Non-blocking -----------------------------------------------------

  // tryRead on an empty pipe reports end of file.
  mutant(
    "tryRead returns 0 when empty",
    "PIPE-NB-1",
    "tryRead on an empty pipe with a write end open returns 0 instead of failing EAGAIN",
    (end) => ({ tryRead: (buffer: Uint8Array) => attempt(() => end.tryRead(buffer)) ?? 0 }),
  ),

  // tryWrite of a small write that writes partially instead of EAGAIN.
  mutant(
    "small tryWrite writes partially",
    "PIPE-NB-2",
    "tryWrite of at most PIPE_BUF bytes that does not fit writes what fits instead of failing EAGAIN",
    (end) => ({
      tryWrite: (data: Uint8Array) => (isSmall(data) ? (writeWhatFits(end, data) ?? end.tryWrite(data)) : end.tryWrite(data)),
    }),
  ),

  // A long tryWrite into a full pipe reports 0 instead of EAGAIN.
  mutant(
    "long tryWrite returns 0 when full",
    "PIPE-NB-3",
    "tryWrite of more than PIPE_BUF bytes into a full pipe returns 0 instead of failing EAGAIN",
    (end) => ({
      tryWrite: (data: Uint8Array) => (data.length > PIPE_BUF ? (attempt(() => end.tryWrite(data)) ?? 0) : end.tryWrite(data)),
    }),
  ),

  // tryWrite of a large write capped at PIPE_BUF bytes.
  mutant(
    "long tryWrite capped at PIPE_BUF",
    "PIPE-NB-4",
    "tryWrite of more than PIPE_BUF bytes writes at most PIPE_BUF of them",
    (end) => ({
      tryWrite: (data: Uint8Array) => end.tryWrite(data.length > PIPE_BUF ? data.subarray(0, PIPE_BUF) : data),
    }),
  ),

  // Try forms returning promises.
  mutant(
    "try forms return promises",
    "PIPE-NB-5",
    "tryRead and tryWrite return a promise of their count instead of the count",
    (end) => ({
      tryRead: (buffer: Uint8Array) => Promise.resolve(end.tryRead(buffer)),
      tryWrite: (data: Uint8Array) => Promise.resolve(end.tryWrite(data)),
    }),
  ),

  // ----- End of file ------------------------------------------------------

  // EOF while a writer remains: closing any write end closes them all.
  mutant(
    "closing one write end closes them all",
    "PIPE-EOF-1",
    "closing any write end also closes every other write end of the pipe, so readers see end of file early",
    (() => {
      const writeEnds = perPipe(() => new Set<PipeEnd>());
      return (end, { pipe }) => {
        if (!end.writable) return {};
        writeEnds(pipe).add(end);
        return {
          close: () => {
            end.close();
            for (const other of writeEnds(pipe)) if (!other.closed) other.close();
          },
        };
      };
    })(),
  ),

  // EOF while a writer remains: the write-end count ignores duplicates.
  mutant(
    "duplicates do not count as writers",
    "PIPE-EOF-1",
    "the count of write ends starts at 1 and is not raised by dup, so end of file comes once the original closes",
    (() => {
      const count = perPipe(() => ({ writers: 1 }));
      return (end, { pipe }) => {
        const atEof = (): boolean => count(pipe).writers <= 0;
        // "No writer" by that count: what is buffered, then 0 where the pipe would say EAGAIN or wait.
        return {
          read: (buffer: Uint8Array, options?: BlockingOptions) =>
            atEof() ? attemptAsync(() => end.tryRead(buffer)).then((n) => n ?? 0) : end.read(buffer, options),
          tryRead: (buffer: Uint8Array) => (atEof() ? (attempt(() => end.tryRead(buffer)) ?? 0) : end.tryRead(buffer)),
          close: () => {
            end.close();
            if (end.writable) count(pipe).writers -= 1;
          },
        };
      };
    })(),
  ),

  // EOF before buffered data.
  mutant(
    "end of file before the buffered bytes",
    "PIPE-EOF-2",
    "once no write end is open, reads report end of file although bytes are still buffered",
    (end, { pipe }) => ({
      read: (buffer: Uint8Array, options?: BlockingOptions) => (pipe.writers === 0 ? Promise.resolve(0) : end.read(buffer, options)),
      tryRead: (buffer: Uint8Array) => (pipe.writers === 0 ? 0 : end.tryRead(buffer)),
    }),
  ),

  // Pending reads not woken at EOF.
  mutant(
    "pending reads sleep through end of file",
    "PIPE-EOF-3",
    "reads already waiting when the last write end closes are never resolved",
    (end, { pipe }) => ({
      read: (buffer: Uint8Array, options?: BlockingOptions) => {
        const writerOpen = pipe.writers > 0;
        return end.read(buffer, options).then((n) => (n === 0 && writerOpen && buffer.length > 0 ? forever<number>() : n));
      },
    }),
  ),

  // tryRead at end of file fails EAGAIN.
  mutant(
    "tryRead fails EAGAIN at end of file",
    "PIPE-EOF-4",
    "tryRead at end of file fails EAGAIN instead of returning 0",
    (end) => ({
      tryRead: (buffer: Uint8Array) => {
        const n = end.tryRead(buffer);
        if (n === 0 && buffer.length > 0) throw new IpcError("EAGAIN", "read");
        return n;
      },
    }),
  ),

  // ----- Errors -----------------------------------------------------------

  // No EPIPE: a write with no reader pretends success.
  mutant(
    "no EPIPE",
    "PIPE-ERR-1",
    "a write when no read end is open reports every byte written instead of failing EPIPE",
    (end, { pipe }) => {
      const orphan = (): boolean => pipe.readers === 0 && !end.closed;
      return {
        write: (data: Uint8Array, options?: BlockingOptions) => (orphan() ? Promise.resolve(data.length) : end.write(data, options)),
        tryWrite: (data: Uint8Array) => (orphan() ? data.length : end.tryWrite(data)),
      };
    },
  ),

  // The writer is left blocked forever when the last reader closes.
  mutant(
    "writer left blocked when the last reader leaves",
    "PIPE-ERR-2",
    "a write pending when the last read end closes is never ended: no EPIPE, no partial count",
    (end, { pipe }) => ({
      write: (data: Uint8Array, options?: BlockingOptions) => {
        const readerOpen = pipe.readers > 0;
        return end.write(data, options).then(
          (n) => (n < data.length && pipe.readers === 0 ? forever<number>() : n),
          (error: unknown) => (readerOpen && IpcError.is(error, "EPIPE") ? forever<number>() : Promise.reject(error)),
        );
      },
    }),
  ),

  // The read end is writable: the wrong direction is not refused.
  mutant(
    "read end accepts writes",
    "PIPE-ERR-3",
    "writing to the read end reports success (and drops the bytes) instead of failing EBADF",
    (end) =>
      end.readable
        ? { write: (data: Uint8Array) => Promise.resolve(data.length), tryWrite: (data: Uint8Array) => data.length }
        : {},
  ),

  // Use after close works.
  mutant(
    "closed ends keep working",
    "PIPE-ERR-4",
    "after close, reads on the end return 0 and writes report success, instead of failing EBADF",
    (end) => ({
      read: (buffer: Uint8Array, options?: BlockingOptions) => (end.closed ? Promise.resolve(0) : end.read(buffer, options)),
      tryRead: (buffer: Uint8Array) => (end.closed ? 0 : end.tryRead(buffer)),
      write: (data: Uint8Array, options?: BlockingOptions) => (end.closed ? Promise.resolve(data.length) : end.write(data, options)),
      tryWrite: (data: Uint8Array) => (end.closed ? data.length : end.tryWrite(data)),
    }),
  ),

  // A zero-length read is treated as a one-byte read.
  mutant(
    "zero-length read waits and eats a byte",
    "PIPE-ERR-5",
    "a read into a zero-length buffer reads one byte into scratch space, waiting for it on an empty pipe",
    (end) => ({
      read: (buffer: Uint8Array, options?: BlockingOptions) =>
        buffer.length === 0 ? end.read(new Uint8Array(1), options).then(() => 0) : end.read(buffer, options),
    }),
  ),

  // Zero-length write with no reader fails EPIPE.
  mutant(
    "zero-length write raises EPIPE",
    "PIPE-ERR-6",
    "a zero-length write when no read end is open fails EPIPE instead of returning 0",
    (end, { pipe }) => {
      const refuse = (data: Uint8Array): boolean => data.length === 0 && pipe.readers === 0 && !end.closed;
      return {
        write: (data: Uint8Array, options?: BlockingOptions) =>
          refuse(data) ? Promise.reject(new IpcError("EPIPE", "write")) : end.write(data, options),
        tryWrite: (data: Uint8Array) => {
          if (refuse(data)) throw new IpcError("EPIPE", "write");
          return end.tryWrite(data);
        },
      };
    },
  ),

  // Arguments coerced instead of checked.
  mutant(
    "coerces array-likes to bytes",
    "PIPE-ERR-7",
    "a write of an array or other array-like is converted with Uint8Array.from instead of failing EINVAL",
    (end) => {
      const bytes = (data: unknown): Uint8Array =>
        typeof data === "object" && data !== null && !(data instanceof Uint8Array) && "length" in data
          ? Uint8Array.from(data as ArrayLike<number>)
          : (data as Uint8Array);
      return {
        write: (data: Uint8Array, options?: BlockingOptions) => end.write(bytes(data), options),
        tryWrite: (data: Uint8Array) => end.tryWrite(bytes(data)),
      };
    },
  ),

  // ----- Atomicity --------------------------------------------------------

  // Small writes split in two, so concurrent writes interleave.
  mutant(
    "small write done in two halves",
    "PIPE-ATOM-1",
    "a blocking write of at most PIPE_BUF bytes is done as two blocking writes of half the bytes each",
    (end) => ({
      write: async (data: Uint8Array, options?: BlockingOptions) => {
        if (!isSmall(data) || data.length < 2) return end.write(data, options);
        const half = data.length >> 1;
        const first = await end.write(data.subarray(0, half), options);
        return first + (await end.write(data.subarray(half), options));
      },
    }),
  ),

  // A small write that waits moves what fits while it waits.
  mutant(
    "small write trickles in",
    "PIPE-ATOM-2",
    "a blocking write of at most PIPE_BUF bytes that does not fit writes what fits now and waits only for the rest",
    (end) => ({
      write: async (data: Uint8Array, options?: BlockingOptions) => {
        if (!isSmall(data)) return end.write(data, options);
        const now = writeWhatFits(end, data) ?? 0;
        return now === data.length ? now : now + (await end.write(data.subarray(now), options));
      },
    }),
  ),

  // A long blocking write resolves early with a short count.
  mutant(
    "long write truncated to PIPE_BUF",
    "PIPE-ATOM-3",
    "a blocking write of more than PIPE_BUF bytes writes only its first PIPE_BUF bytes and resolves with that count",
    (end) => ({
      write: (data: Uint8Array, options?: BlockingOptions) => end.write(data.length > PIPE_BUF ? data.subarray(0, PIPE_BUF) : data, options),
    }),
  ),

  // ----- Capacity ---------------------------------------------------------

  // New pipes are half the default size (the ends are the reference's, unwrapped).
  mutant(
    "default capacity halved",
    "PIPE-CAP-1",
    "a pipe made without options holds 32768 bytes instead of DEFAULT_PIPE_CAPACITY",
    () => ({}),
    (process) => ({ pipe: (options?: PipeOptions) => process.pipe(options ?? { capacity: DEFAULT_PIPE_CAPACITY / 2 }) }),
  ),

  // Capacity not rounded.
  mutant(
    "capacity not rounded",
    "PIPE-CAP-2",
    "setCapacity reports the number asked for, not the rounded size it set",
    (end) => ({
      setCapacity: (bytes: number) => {
        end.setCapacity(bytes);
        return bytes;
      },
    }),
  ),

  // The wrong error for a capacity above the limit.
  mutant(
    "EINVAL instead of EPERM",
    "PIPE-CAP-3",
    "a capacity above PIPE_MAX_SIZE asked by a process that is not root fails EINVAL instead of EPERM",
    (end) => ({
      setCapacity: (bytes: number) => {
        try {
          return end.setCapacity(bytes);
        } catch (error) {
          throw IpcError.is(error, "EPERM") ? new IpcError("EINVAL", "fcntl") : error;
        }
      },
    }),
  ),

  // A shrink below the bytes buffered is silently ignored.
  mutant(
    "refused shrink reported as success",
    "PIPE-CAP-4",
    "setCapacity below the bytes buffered leaves the capacity alone and returns it instead of failing EBUSY",
    (end) => ({
      setCapacity: (bytes: number) => {
        try {
          return end.setCapacity(bytes);
        } catch (error) {
          if (IpcError.is(error, "EBUSY")) return end.getCapacity();
          throw error;
        }
      },
    }),
  ),

  // A fractional capacity is rounded instead of refused.
  mutant(
    "fractional capacity accepted",
    "PIPE-CAP-5",
    "setCapacity of a fractional number rounds it up instead of failing EINVAL",
    (end) => ({
      setCapacity: (bytes: number) => end.setCapacity(Number.isFinite(bytes) && bytes > 0 ? Math.ceil(bytes) : bytes),
    }),
  ),

  // Pending writes are woken only by reads, so a capacity raise does not wake them.
  mutant(
    "raise does not wake writers",
    "PIPE-CAP-6",
    "a write of at most PIPE_BUF bytes that must wait is retried only after a read, so raising the capacity does not let it proceed",
    (() => {
      const sleepers = perPipe(() => [] as (() => void)[]);
      return (end, { pipe }) => {
        const wake = <T>(result: T): T => {
          sleepers(pipe).splice(0).forEach((retry) => retry());
          return result;
        };
        return {
          write: (data: Uint8Array, options?: BlockingOptions) =>
            isSmall(data)
              ? attemptAsync(() => end.tryWrite(data)).then(
                  (n) => n ?? new Promise<void>((retry) => sleepers(pipe).push(retry)).then(() => end.write(data, options)),
                )
              : end.write(data, options),
          read: (buffer: Uint8Array, options?: BlockingOptions) => end.read(buffer, options).then(wake),
          tryRead: (buffer: Uint8Array) => wake(end.tryRead(buffer)),
        };
      };
    })(),
  ),

  // ----- Lifecycle --------------------------------------------------------

  // dup hands back the same end.
  mutant(
    "dup returns the same end",
    "PIPE-LIFE-1",
    "dup returns the end it was called on instead of a new one",
    (_end, { self }) => ({ dup: () => self }),
  ),

  // Exit that does not close ends.
  mutant(
    "exit keeps the ends open",
    "PIPE-LIFE-2",
    "exit marks the process dead but closes none of the ends it holds",
    () => ({}),
    () => {
      let exited = false;
      return {
        exit: () => {
          exited = true;
        },
        get alive() {
          return !exited;
        },
      };
    },
  ),

  // Fork that does not duplicate ends.
  mutant(
    "fork copies no ends",
    "PIPE-LIFE-3",
    "fork makes a fresh process with the parent's credentials but no copies of its ends",
    () => ({}),
    (process, { spawn }) => ({ fork: () => spawn(process.credentials) }),
  ),

  // Closing an end does not end its own pending operations.
  mutant(
    "close leaves its own operations hanging",
    "PIPE-LIFE-4",
    "closing an end leaves the reads and writes pending through it waiting forever instead of rejecting them EBADF",
    (end) => {
      // An operation started on an open end that fails EBADF failed because its end closed: swallow that.
      const keepWaiting = (start: () => Promise<number>): Promise<number> => {
        const wasOpen = !end.closed;
        return start().catch((error: unknown) => (wasOpen && IpcError.is(error, "EBADF") ? forever<number>() : Promise.reject(error)));
      };
      return {
        read: (buffer: Uint8Array, options?: BlockingOptions) => keepWaiting(() => end.read(buffer, options)),
        write: (data: Uint8Array, options?: BlockingOptions) => keepWaiting(() => end.write(data, options)),
      };
    },
  ),
  // ----- Signals ----------------------------------------------------------

  signalMutant(
    "reads not interruptible",
    "PIPE-BLK-7",
    "a read waiting on an empty pipe is not registered with its process, so a handler runs and the read goes on waiting",
    uninterruptible("read"),
  ),

  signalMutant(
    "interrupted write loses its partial count",
    "PIPE-BLK-7",
    "a write a handler interrupts after it moved bytes rejects EINTR instead of resolving with the count moved",
    (() => {
      const interrupted = new WeakSet<ReferenceProcess>();
      return (process: ReferenceProcess, system: ReferenceSystem) => {
        registerBlockedCallsAs(process, (call) =>
          call.syscall === "write"
            ? { syscall: call.syscall, restart: call.restart, interrupt: (reason) => { interrupted.add(process); call.interrupt(reason); } }
            : call,
        );
        patchPipeEnds((end) => {
          end.write = (data: Uint8Array, options?: BlockingOptions) =>
            realWrite(end, data, options).then((count) => {
              if (!interrupted.has(process)) return count;
              interrupted.delete(process);
              return Promise.reject(new IpcError("EINTR", "write", { detail: "mutant: the partial count is lost" }));
            });
        })(process, system);
      };
    })(),
  ),

  signalMutant(
    "restart ignored",
    "PIPE-BLK-8",
    "pipe reads and writes are never restarted: a handler installed with restart interrupts them with EINTR",
    neverRestarted("read", "write"),
  ),

  signalMutant(
    "no SIGPIPE on a write with no reader",
    "PIPE-ERR-8",
    "a write or tryWrite with no read end fails EPIPE without raising SIGPIPE, so the writer survives the default action",
    patchPipeEnds((end, process) => {
      end.write = (data: Uint8Array, options?: BlockingOptions) => withoutSigpipe([process], () => realWrite(end, data, options));
      end.tryWrite = (data: Uint8Array) => withoutSigpipe([process], () => realTryWrite(end, data));
    }),
  ),

  signalMutant(
    "SIGPIPE on a zero-length write",
    "PIPE-ERR-8",
    "a zero-length write with no read end returns 0 but raises SIGPIPE first",
    patchPipeEnds((end, process) => {
      const raiseIfEmpty = (data: Uint8Array): void => {
        if (data.length === 0 && end.pipe.readers === 0) raiseSigpipe(process);
      };
      end.write = (data: Uint8Array, options?: BlockingOptions) => {
        raiseIfEmpty(data);
        return realWrite(end, data, options);
      };
      end.tryWrite = (data: Uint8Array) => {
        raiseIfEmpty(data);
        return realTryWrite(end, data);
      };
    }),
  ),

  signalMutant(
    "no SIGPIPE for a blocked writer",
    "PIPE-ERR-9",
    "a write waiting when the last reader closes fails EPIPE (or returns its count) without raising SIGPIPE",
    patchPipeEnds((end, _process, system) => {
      end.close = () => withoutSigpipe(system.processList().filter((each) => each.alive), () => ReferencePipeEnd.prototype.close.call(end));
    }),
  ),
];
