// An outside-style implementation: mutexes only, as a library author would adapt
// a popular async-mutex design to ipckit. The "library" (class AsyncMutex below)
// offers what such packages offer: acquire() resolving to a release function,
// served first come first served, tryAcquire(), isLocked(). It knows no owners,
// so the adapter keeps the holder's pid to answer EPERM, but makes the mistakes
// such an adapter makes:
// - a relock by the holder queues behind itself (no EDEADLK): it waits forever;
// - destroy of a locked mutex succeeds (no EBUSY);
// - a timed lock gives up with ETIMEDOUT, but its turn stays queued, so the
//   mutex later goes to a lock nobody awaits and stays locked.
import { IpcError } from "../../spec/errors.ts";
import type { IpcProcess, IpcSystem, SpawnOptions } from "../../spec/system.ts";
import type { Mutex, MutexLockOptions } from "../../spec/mutex.ts";
import type { Adapter } from "../../conformance/adapter.ts";

/** The "library": a mutex whose acquire resolves to its release. */
class AsyncMutex {
  #locked = false;
  readonly #queue: ((release: () => void) => void)[] = [];
  isLocked(): boolean {
    return this.#locked;
  }
  tryAcquire(): (() => void) | undefined {
    if (this.#locked) return undefined;
    this.#locked = true;
    return () => this.#release();
  }
  acquire(): Promise<() => void> {
    const release = this.tryAcquire();
    if (release !== undefined) return Promise.resolve(release);
    return new Promise((resolve) => this.#queue.push(resolve));
  }
  #release(): void {
    const next = this.#queue.shift();
    if (next !== undefined) next(() => this.#release());
    else this.#locked = false;
  }
}

class LibraryMutex implements Mutex {
  readonly kind = "errorcheck" as const;
  holder: number | undefined;
  release: (() => void) | undefined;
  destroyed = false;
  constructor(readonly lib: AsyncMutex) {}
}

function mutexOf(value: unknown, syscall: string): LibraryMutex {
  if (!(value instanceof LibraryMutex) || value.destroyed) throw new IpcError("EINVAL", syscall);
  return value;
}

class LibraryProcess {
  constructor(readonly pid: number, readonly credentials: IpcProcess["credentials"]) {}
  get alive(): boolean {
    return true;
  }
  mutexInit(): Mutex {
    return new LibraryMutex(new AsyncMutex());
  }
  async mutexLock(mutex: Mutex, options: MutexLockOptions = {}): Promise<void> {
    const m = mutexOf(mutex, "pthread_mutex_lock");
    const { deadline, signal } = options;
    const take = (release: () => void): void => {
      m.holder = this.pid;
      m.release = release;
    };
    const now = m.lib.tryAcquire();
    if (now !== undefined) return take(now);
    if (deadline !== undefined && deadline <= Date.now()) throw new IpcError("ETIMEDOUT", "pthread_mutex_timedlock");
    if (signal?.aborted) throw new IpcError("ECANCELED", "pthread_mutex_lock", { cause: signal.reason });
    await new Promise<void>((resolve, reject) => {
      const timer = deadline === undefined ? undefined : setTimeout(() => reject(new IpcError("ETIMEDOUT", "pthread_mutex_timedlock")), deadline - Date.now());
      signal?.addEventListener("abort", () => reject(new IpcError("ECANCELED", "pthread_mutex_lock", { cause: signal.reason })), { once: true });
      void m.lib.acquire().then((release) => {
        clearTimeout(timer);
        take(release);
        resolve();
      });
    });
  }
  mutexTryLock(mutex: Mutex): void {
    const m = mutexOf(mutex, "pthread_mutex_trylock");
    const release = m.lib.tryAcquire();
    if (release === undefined) throw new IpcError("EBUSY", "pthread_mutex_trylock");
    m.holder = this.pid;
    m.release = release;
  }
  mutexUnlock(mutex: Mutex): void {
    const m = mutexOf(mutex, "pthread_mutex_unlock");
    if (m.holder !== this.pid || m.release === undefined) throw new IpcError("EPERM", "pthread_mutex_unlock");
    const release = m.release;
    m.holder = undefined;
    m.release = undefined;
    release();
  }
  mutexDestroy(mutex: Mutex): void {
    mutexOf(mutex, "pthread_mutex_destroy").destroyed = true;
  }
}

class LibrarySystem {
  #nextPid = 1;
  spawn(options: SpawnOptions = {}): IpcProcess {
    const credentials = { uid: options.uid ?? 0, gid: options.gid ?? 0, groups: [...(options.groups ?? [])] };
    return new LibraryProcess(this.#nextPid++, credentials) as unknown as IpcProcess;
  }
}

/** Mutexes over an async-mutex library. */
export const libraryMutexAdapter: Adapter = {
  name: "library mutex",
  supports: { mutex: true },
  createSystem: () => new LibrarySystem() as unknown as IpcSystem,
};
