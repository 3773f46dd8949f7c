// Deliberately wrong mutex implementations: each is the reference with one
// step broken, and each must be rejected by the conformance tests of the
// clause it names (test/mutants/mutex.test.ts checks that it is).
//
// A mutant wraps every process of a reference system in a Proxy that replaces
// some of its mutex calls (and, for one, `fork`), or makes its mutexes from a
// subclass of ReferenceMutex with one step broken; the Proxy is made by
// overrideProcess (test/fixtures/wrap.ts). The broken calls are built from the
// reference's own steps (requireMutex, and the mutex's lock/tryLock/unlock
// halves), with one step changed. No mutant spins: a broken lock is at worst a
// promise that never settles. The signal mutant registers locks with another
// restart rule instead (blockedCallMutant, in test/mutants/mq.ts).
import { ReferenceMutex, requireMutex } from "../../reference/mutex/index.ts";
import type { ReferenceProcess, ReferenceSystem } from "../../reference/system.ts";
import { IpcError } from "../../spec/errors.ts";
import type { Mutex, MutexLockOptions } from "../../spec/mutex.ts";
import { rejecting } from "../fixtures/wrap.ts";
import { blockedCallMutant } from "./mutant.ts";
import { processMutant } from "./mutant.ts";
import type { Mutant } from "./mutant.ts";

/** The calls a mutant may replace. */
interface MutexCalls {
  mutexInit(): Mutex;
  mutexLock(mutex: Mutex, options?: MutexLockOptions): Promise<void>;
  mutexTryLock(mutex: Mutex): unknown;
  mutexUnlock(mutex: Mutex): void;
  mutexDestroy(mutex: Mutex): void;
}

/** What a mutant's system shares between its processes. */
interface World {
  readonly system: ReferenceSystem;
  /** Each forked child's parent. */
  readonly parents: Map<ReferenceProcess, ReferenceProcess>;
  /** Scratch state of the mutation. */
  readonly memory: Map<unknown, unknown>;
}

type Mutation = (target: ReferenceProcess, world: World) => Partial<MutexCalls>;

function mutant(name: string, breaks: string, bug: string, mutation: Mutation): Mutant {
  return processMutant(
    name,
    breaks,
    bug,
    (system): World => ({ system, parents: new Map(), memory: new Map() }),
    mutation,
    (child, parent, world) => world.parents.set(child, parent),
  );
}

/**
 * A mutex whose unlock lets a tryLock barge in while the woken lock has not
 * run yet: for the rest of the task, tryLock "succeeds" without taking the
 * mutex, so two processes believe they hold it.
 */
class BargingMutex extends ReferenceMutex {
  #window = false;

  override unlock(caller: ReferenceProcess): void {
    if (this.pendingLocks > 0 && this.holder === caller) {
      this.#window = true;
      queueMicrotask(() => (this.#window = false));
    }
    super.unlock(caller);
  }

  override tryLock(caller: ReferenceProcess): void {
    if (this.#window) return;
    super.tryLock(caller);
  }
}

/** A lock parked by a mutation outside the reference's queue. */
interface Parked {
  readonly caller: ReferenceProcess;
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
}

export const MUTEX_MUTANTS: readonly Mutant[] = [
  mutant("stranger-may-unlock", "MUTEX-ERR-2", "an unlock by a process that does not hold the mutex releases it for the holder", (target) => ({
    mutexUnlock: (mutex) => {
      const checked = requireMutex(mutex, "pthread_mutex_unlock");
      const holder = checked.holder;
      checked.unlock(holder !== undefined && holder !== target ? holder : target);
    },
  })),

  mutant("unlock-of-unlocked-succeeds", "MUTEX-ERR-2", "an unlock of an unlocked mutex succeeds silently", (target) => ({
    mutexUnlock: (mutex) => {
      const checked = requireMutex(mutex, "pthread_mutex_unlock");
      if (!checked.locked) return;
      checked.unlock(target);
    },
  })),

  mutant("relock-deadlocks", "MUTEX-ERR-1", "the holder's second lock waits forever instead of failing EDEADLK", (target) => ({
    mutexLock: (mutex, options) =>
      rejecting(() => {
        const checked = requireMutex(mutex, "pthread_mutex_lock");
        if (checked.holder === target) return new Promise<void>(() => undefined);
        return target.mutexLock(mutex, options);
      }),
  })),

  mutant("trylock-blocks", "MUTEX-NB-2", "tryLock of a mutex another process holds waits like lock, returning a promise", (target) => ({
    mutexTryLock: (mutex) => {
      const checked = requireMutex(mutex, "pthread_mutex_trylock");
      if (checked.locked && checked.holder !== target) return checked.lock(target, undefined, undefined);
      checked.tryLock(target);
      return undefined;
    },
  })),

  mutant("barging-after-wakeup", "MUTEX-ATOM-2", "between an unlock and the woken lock, another process's tryLock also gets the mutex", (target) => ({
    mutexInit: () => {
      target.requireAlive("pthread_mutex_init");
      return new BargingMutex();
    },
  })),

  mutant("lifo-lockers", "MUTEX-ORD-1", "pending locks are served last come, first served", (target, world) => {
    const stackOf = (mutex: ReferenceMutex): Parked[] => {
      let stack = world.memory.get(mutex) as Parked[] | undefined;
      if (stack === undefined) world.memory.set(mutex, (stack = []));
      return stack;
    };
    return {
      mutexLock: (mutex, options) =>
        rejecting(() => {
          const checked = requireMutex(mutex, "pthread_mutex_lock");
          const signal = options?.signal;
          if (signal?.aborted === true) throw new IpcError("ECANCELED", "pthread_mutex_lock");
          if (!checked.locked || checked.holder === target) return checked.lock(target, undefined, undefined);
          const stack = stackOf(checked);
          return new Promise<void>((resolve, reject) => {
            const parked: Parked = { caller: target, resolve, reject };
            stack.push(parked);
            signal?.addEventListener("abort", () => {
              const index = stack.indexOf(parked);
              if (index === -1) return;
              stack.splice(index, 1);
              reject(new IpcError("ECANCELED", "pthread_mutex_lock"));
            });
          });
        }),
      mutexUnlock: (mutex) => {
        const checked = requireMutex(mutex, "pthread_mutex_unlock");
        checked.unlock(target);
        const parked = stackOf(checked).pop();
        if (parked === undefined) return;
        checked.tryLock(parked.caller);
        parked.resolve();
      },
    };
  }),

  mutant("destroy-while-locked", "MUTEX-LIFE-3", "mutexDestroy of a locked mutex reports success and leaves it as it was", (target) => ({
    mutexDestroy: (mutex) => {
      const checked = requireMutex(mutex, "pthread_mutex_destroy");
      if (checked.locked) return;
      checked.destroy();
    },
  })),

  mutant("timed-lock-never-times-out", "MUTEX-TMO-1", "a timed lock ignores its deadline and waits like an untimed one", (target) => ({
    mutexLock: (mutex, options) => {
      if (options?.deadline === undefined) return target.mutexLock(mutex, options);
      const { deadline, ...rest } = options;
      return rejecting(() => {
        if (!Number.isFinite(deadline) || deadline < 0) throw new IpcError("EINVAL", "pthread_mutex_timedlock");
        return target.mutexLock(mutex, rest);
      });
    },
  })),

  mutant("dead-holder-releases", "MUTEX-LIFE-4", "a mutex whose holder exited is released to the next tryLock or lock", (target) => {
    const release = (mutex: Mutex): void => {
      const checked = requireMutex(mutex, "pthread_mutex_lock");
      const holder = checked.holder;
      if (holder !== undefined && !holder.alive) checked.unlock(holder);
    };
    return {
      mutexTryLock: (mutex) => {
        release(mutex);
        target.mutexTryLock(mutex);
      },
      mutexLock: (mutex, options) =>
        rejecting(() => {
          release(mutex);
          return target.mutexLock(mutex, options);
        }),
    };
  }),

  mutant("child-inherits-the-lock", "MUTEX-LIFE-6", "a child made by fork may unlock the mutex its parent holds", (target, world) => ({
    mutexUnlock: (mutex) => {
      const checked = requireMutex(mutex, "pthread_mutex_unlock");
      const parent = world.parents.get(target);
      if (parent !== undefined && checked.holder === parent) checked.unlock(parent);
      else checked.unlock(target);
    },
  })),

  mutant("aborted-lock-still-acquires", "MUTEX-BLK-2", "an aborted pending lock stays queued in the background and later takes the mutex", (target) => ({
    mutexLock: (mutex, options) => {
      const promise = target.mutexLock(mutex, options);
      const signal = options?.signal;
      if (ReferenceMutex.is(mutex) && signal !== undefined && !signal.aborted) {
        signal.addEventListener("abort", () => {
          if (mutex.holder !== target) mutex.lock(target, undefined, undefined).catch(() => undefined);
        });
      }
      return promise;
    },
  })),

  blockedCallMutant(
    "lock-fails-eintr",
    "MUTEX-BLK-4",
    "a pending lock is interrupted by a handler as a read is: it fails EINTR unless the handler has restart",
    ["pthread_mutex_lock", "pthread_mutex_timedlock"],
    "restart",
  ),

  blockedCallMutant(
    "lock-never-restarted",
    "MUTEX-BLK-4",
    "a pending lock is interrupted by every handler, as msgrcv is: it fails EINTR even under restart",
    ["pthread_mutex_lock", "pthread_mutex_timedlock"],
    "never",
  ),
];
