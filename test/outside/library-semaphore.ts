// An outside-style implementation: semaphores only, as a library author would
// adapt a popular counting-semaphore design to ipckit. The "library" (class
// CountingSemaphore below) is what such packages offer: acquire() returning a
// promise served first come first served, tryAcquire(), release(). The adapter
// maps the POSIX calls onto it, and makes the mistakes such an adapter makes:
// - no SEM_VALUE_MAX: release() past the limit just counts on (no EOVERFLOW);
// - destroy does not look for waiters (no EBUSY): it drops them;
// - an aborted or timed-out acquire is rejected but stays in the library's queue,
//   so the next release hands its unit to a wait nobody is awaiting: the unit is lost.
// Nothing else: pipes, fork, exit, signals are not provided.
import { IpcError } from "../../spec/errors.ts";
import type { IpcProcess, IpcSystem, SpawnOptions } from "../../spec/system.ts";
import type { Semaphore, SemWaitOptions } from "../../spec/sem.ts";
import type { Adapter } from "../../conformance/adapter.ts";

/** The "library": a counting semaphore with a FIFO of waiters. */
class CountingSemaphore {
  #count: number;
  readonly #waiters: (() => void)[] = [];
  constructor(count: number) {
    this.#count = count;
  }
  get count(): number {
    return this.#count;
  }
  get waiting(): number {
    return this.#waiters.length;
  }
  tryAcquire(): boolean {
    if (this.#count > 0 && this.#waiters.length === 0) {
      this.#count--;
      return true;
    }
    return false;
  }
  acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
  release(): void {
    const next = this.#waiters.shift();
    if (next !== undefined) next();
    else this.#count++;
  }
  clear(): void {
    this.#waiters.length = 0;
  }
}

/** The adapter's handle: the library object and whether it is destroyed. */
class LibrarySemaphore implements Semaphore {
  readonly name = undefined;
  destroyed = false;
  constructor(readonly lib: CountingSemaphore) {}
}

function semOf(value: unknown, syscall: string): LibrarySemaphore {
  if (!(value instanceof LibrarySemaphore) || value.destroyed) throw new IpcError("EINVAL", syscall);
  return value;
}

class LibraryProcess {
  constructor(readonly pid: number, readonly credentials: IpcProcess["credentials"]) {}
  get alive(): boolean {
    return true;
  }
  semInit(value: number): Semaphore {
    if (!Number.isSafeInteger(value) || value < 0 || value > 2147483647) throw new IpcError("EINVAL", "sem_init");
    return new LibrarySemaphore(new CountingSemaphore(value));
  }
  async semWait(sem: Semaphore, options: SemWaitOptions = {}): Promise<void> {
    const s = semOf(sem, "sem_wait");
    if (s.lib.tryAcquire()) return;
    const { signal, deadline } = options;
    if (signal?.aborted) throw new IpcError("ECANCELED", "sem_wait", { cause: signal.reason });
    if (deadline !== undefined && deadline <= Date.now()) throw new IpcError("ETIMEDOUT", "sem_timedwait");
    // The adapter's bug: giving up rejects, but the library's waiter stays queued.
    await new Promise<void>((resolve, reject) => {
      const timer = deadline === undefined ? undefined : setTimeout(() => reject(new IpcError("ETIMEDOUT", "sem_timedwait")), deadline - Date.now());
      signal?.addEventListener("abort", () => reject(new IpcError("ECANCELED", "sem_wait", { cause: signal.reason })), { once: true });
      void s.lib.acquire().then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  semTryWait(sem: Semaphore): void {
    if (!semOf(sem, "sem_trywait").lib.tryAcquire()) throw new IpcError("EAGAIN", "sem_trywait");
  }
  semPost(sem: Semaphore): void {
    semOf(sem, "sem_post").lib.release();
  }
  semGetValue(sem: Semaphore): number {
    return semOf(sem, "sem_getvalue").lib.count;
  }
  semDestroy(sem: Semaphore): void {
    const s = semOf(sem, "sem_destroy");
    s.lib.clear();
    s.destroyed = true;
  }
}

class LibrarySystem {
  #nextPid = 1;
  spawn(options: SpawnOptions = {}): IpcProcess {
    const credentials = { uid: options.uid ?? 0, gid: options.gid ?? 0, groups: [...(options.groups ?? [])] };
    return new LibraryProcess(this.#nextPid++, credentials) as unknown as IpcProcess;
  }
}

/** Semaphores over a counting-semaphore library; unnamed only. */
export const librarySemaphoreAdapter: Adapter = {
  name: "library semaphore",
  supports: { sem: {} },
  createSystem: () => new LibrarySystem() as unknown as IpcSystem,
};
