// Deliberately wrong semaphore implementations: each is the reference with one
// step broken, and each must be rejected by the conformance tests of the
// clause it names (test/mutants/sem.test.ts checks that it is).
//
// A mutant wraps every process of a reference system in a Proxy that replaces
// some of its semaphore calls (and, for one, `exit`), with overrideProcess
// (test/fixtures/wrap.ts). The broken calls are built from the reference's own
// steps (requireSemaphore, requireSemName, requireSemOpenOptions,
// semNamespaceOf, requireAccess, and the semaphore's wait/tryWait/post/attach
// halves), with one step changed. State a mutation needs across processes lives
// in its world. No mutant spins: a broken wait is at worst a promise that never
// settles. The restart mutant registers waits with another restart rule
// instead (blockedCallMutant, in test/mutants/mq.ts).
import { requireAccess } from "../../reference/base/namespace.ts";
import { ReferenceSemaphore, requireSemName, requireSemOpenOptions, requireSemaphore, semNamespaceOf } from "../../reference/sem/index.ts";
import type { ReferenceProcess, ReferenceSystem } from "../../reference/system.ts";
import { IpcError } from "../../spec/errors.ts";
import { SEM_VALUE_MAX } from "../../spec/sem.ts";
import type { SemOpenOptions, SemWaitOptions, Semaphore } from "../../spec/sem.ts";
import { rejecting } from "../fixtures/wrap.ts";
import { blockedCallMutant } from "./mutant.ts";
import { processMutant } from "./mutant.ts";
import type { Mutant } from "./mutant.ts";

/** The calls a mutant may replace. */
interface SemCalls {
  semOpen(name: string, options?: SemOpenOptions): Semaphore;
  semUnlink(name: string): void;
  semWait(sem: Semaphore, options?: SemWaitOptions): Promise<void>;
  semTryWait(sem: Semaphore): unknown;
  semPost(sem: Semaphore): void;
  semGetValue(sem: Semaphore): number;
  semDestroy(sem: Semaphore): void;
  exit(status?: number): void;
}

/** What a mutant's system shares between its processes. */
interface World {
  readonly system: ReferenceSystem;
  /** Scratch counters of the mutation, by semaphore. */
  readonly counts: Map<ReferenceSemaphore, number>;
  /** Scratch state of the mutation. */
  readonly memory: Map<unknown, unknown>;
}

type Mutation = (target: ReferenceProcess, world: World) => Partial<SemCalls>;

function mutant(name: string, breaks: string, bug: string, mutation: Mutation): Mutant {
  return processMutant(name, breaks, bug, (system): World => ({ system, counts: new Map(), memory: new Map() }), mutation);
}

function count(world: World, sem: ReferenceSemaphore): number {
  return world.counts.get(sem) ?? 0;
}

function addCount(world: World, sem: ReferenceSemaphore, delta: number): void {
  world.counts.set(sem, count(world, sem) + delta);
}

/** A wait parked by a mutation outside the reference's queue. */
interface Parked {
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
}

export const SEM_MUTANTS: readonly Mutant[] = [
  mutant("post-wakes-every-waiter", "SEM-BLK-2", "a post with waits pending resolves every one of them, inventing units", (target) => ({
    semPost: (sem) => {
      const semaphore = requireSemaphore(sem, target, "sem_post");
      const waiting = Math.max(1, semaphore.pendingWaits);
      for (let i = 0; i < waiting; i++) semaphore.post();
    },
  })),

  mutant("lost-wakeup", "SEM-BLK-1", "a post that finds waits pending wakes nobody and drops its unit", (target) => ({
    semPost: (sem) => {
      const semaphore = requireSemaphore(sem, target, "sem_post");
      if (semaphore.pendingWaits > 0) return;
      semaphore.post();
    },
  })),

  mutant("value-goes-negative", "SEM-NB-1", "tryWait at 0 succeeds and leaves a debt, so the value reads negative", (target, world) => ({
    semTryWait: (sem) => {
      const semaphore = requireSemaphore(sem, target, "sem_trywait");
      if (semaphore.value === 0) addCount(world, semaphore, 1);
      else semaphore.tryWait();
    },
    semGetValue: (sem) => {
      const semaphore = requireSemaphore(sem, target, "sem_getvalue");
      return semaphore.value - count(world, semaphore);
    },
    semPost: (sem) => {
      const semaphore = requireSemaphore(sem, target, "sem_post");
      if (count(world, semaphore) > 0) addCount(world, semaphore, -1);
      else semaphore.post();
    },
  })),

  mutant("trywait-blocks", "SEM-NB-2", "tryWait at 0 waits like semWait, returning a promise", (target) => ({
    semTryWait: (sem) => {
      const semaphore = requireSemaphore(sem, target, "sem_trywait");
      if (semaphore.value === 0) return semaphore.wait(target, undefined, undefined);
      semaphore.tryWait();
      return undefined;
    },
  })),

  mutant("post-at-max-succeeds", "SEM-CAP-1", "a post at SEM_VALUE_MAX succeeds silently instead of failing EOVERFLOW", (target) => ({
    semPost: (sem) => {
      const semaphore = requireSemaphore(sem, target, "sem_post");
      if (semaphore.value === SEM_VALUE_MAX) return;
      semaphore.post();
    },
  })),

  mutant("negative-value-with-waiters", "SEM-BLK-5", "semGetValue reports minus the number of pending waits", (target) => ({
    semGetValue: (sem) => {
      const semaphore = requireSemaphore(sem, target, "sem_getvalue");
      return semaphore.value - semaphore.pendingWaits;
    },
  })),

  mutant("abort-eats-a-unit", "SEM-BLK-3", "aborting a pending wait leaves a claim that swallows the next post", (target, world) => ({
    semWait: (sem, options) => {
      const promise = target.semWait(sem, options);
      const signal = options?.signal;
      if (ReferenceSemaphore.is(sem) && signal !== undefined && !signal.aborted) {
        let settled = false;
        promise.then(
          () => (settled = true),
          () => (settled = true),
        );
        signal.addEventListener("abort", () => {
          if (!settled) addCount(world, sem, 1);
        });
      }
      return promise;
    },
    semPost: (sem) => {
      const semaphore = requireSemaphore(sem, target, "sem_post");
      if (count(world, semaphore) > 0) addCount(world, semaphore, -1);
      else semaphore.post();
    },
  })),

  mutant("lifo-wakeups", "SEM-ORD-1", "pending waits are served last come, first served", (target, world) => {
    const stackOf = (semaphore: ReferenceSemaphore): Parked[] => {
      let stack = world.memory.get(semaphore) as Parked[] | undefined;
      if (stack === undefined) world.memory.set(semaphore, (stack = []));
      return stack;
    };
    return {
      semWait: (sem, options) =>
        rejecting(() => {
          const semaphore = requireSemaphore(sem, target, "sem_wait");
          const signal = options?.signal;
          if (signal?.aborted === true) throw new IpcError("ECANCELED", "sem_wait");
          if (semaphore.value > 0) return semaphore.wait(target, undefined, undefined);
          const stack = stackOf(semaphore);
          return new Promise<void>((resolve, reject) => {
            const parked: Parked = { resolve, reject };
            stack.push(parked);
            signal?.addEventListener("abort", () => {
              const index = stack.indexOf(parked);
              if (index === -1) return;
              stack.splice(index, 1);
              reject(new IpcError("ECANCELED", "sem_wait"));
            });
          });
        }),
      semPost: (sem) => {
        const semaphore = requireSemaphore(sem, target, "sem_post");
        const parked = stackOf(semaphore).pop();
        if (parked === undefined) semaphore.post();
        else parked.resolve();
      },
    };
  }),

  mutant("timed-wait-checks-deadline-first", "SEM-TMO-2", "a timed wait whose deadline has passed fails ETIMEDOUT even when a unit is there to take", (target) => ({
    semWait: (sem, options) => {
      const deadline = options?.deadline;
      if (typeof deadline === "number" && deadline <= Date.now()) {
        return rejecting(() => {
          requireSemaphore(sem, target, "sem_timedwait");
          throw new IpcError("ETIMEDOUT", "sem_timedwait");
        });
      }
      return target.semWait(sem, options);
    },
  })),

  mutant("destroy-with-waiters", "SEM-LIFE-3", "semDestroy with waits pending reports success (and leaves them hanging)", (target) => ({
    semDestroy: (sem) => {
      const semaphore = requireSemaphore(sem, target, "sem_destroy");
      if (semaphore.pendingWaits > 0) return;
      target.semDestroy(sem);
    },
  })),

  mutant("unlink-keeps-the-name", "SEM-LIFE-6", "semUnlink checks everything and then leaves the name in place", (target, world) => ({
    semUnlink: (name) => {
      const path = requireSemName(name, "sem_unlink");
      const semaphore = semNamespaceOf(world.system).lookup(path);
      if (semaphore === undefined) throw new IpcError("ENOENT", "sem_unlink", { path });
      const { uid } = target.credentials;
      if (uid !== 0 && uid !== semaphore.ownership?.uid) throw new IpcError("EPERM", "sem_unlink", { path });
    },
  })),

  mutant("open-needs-read-only", "SEM-PERM-1", "opening an existing semaphore checks read permission only, not write", (target, world) => ({
    semOpen: (name, options) => {
      const path = requireSemName(name, "sem_open");
      const { create, exclusive } = requireSemOpenOptions(options, "sem_open");
      const existing = semNamespaceOf(world.system).lookup(path);
      if (existing === undefined) return target.semOpen(name, options);
      if (create && exclusive) throw new IpcError("EEXIST", "sem_open", { path });
      requireAccess(target.credentials, existing.ownership!, "read", "sem_open", path);
      existing.attach(target);
      return existing;
    },
  })),

  mutant("exited-waiter-takes-a-unit", "SEM-LIFE-11", "the pending wait of a process that exits still takes the next post", (target, world) => {
    const mine = new Map<ReferenceSemaphore, number>();
    return {
      semWait: (sem, options) => {
        const promise = target.semWait(sem, options);
        if (ReferenceSemaphore.is(sem)) {
          mine.set(sem, (mine.get(sem) ?? 0) + 1);
          const done = (): void => void mine.set(sem, (mine.get(sem) ?? 1) - 1);
          promise.then(done, done);
        }
        return promise;
      },
      exit: (status) => {
        for (const [semaphore, waiting] of mine) if (waiting > 0) addCount(world, semaphore, waiting);
        target.exit(status);
      },
      semPost: (sem) => {
        const semaphore = requireSemaphore(sem, target, "sem_post");
        if (count(world, semaphore) > 0) addCount(world, semaphore, -1);
        else semaphore.post();
      },
    };
  }),

  mutant("interrupted-wait-eats-a-unit", "SEM-BLK-6", "a wait a handler interrupts fails EINTR but leaves a claim that swallows the next post", (target, world) => ({
    semWait: (sem, options) => {
      const promise = target.semWait(sem, options);
      if (ReferenceSemaphore.is(sem)) {
        promise.catch((error: unknown) => {
          if (IpcError.is(error, "EINTR")) addCount(world, sem, 1);
        });
      }
      return promise;
    },
    semPost: (sem) => {
      const semaphore = requireSemaphore(sem, target, "sem_post");
      if (count(world, semaphore) > 0) addCount(world, semaphore, -1);
      else semaphore.post();
    },
  })),

  blockedCallMutant("restart-ignored", "SEM-BLK-7", "waits are never restarted: a handler with restart still makes them fail EINTR", ["sem_wait", "sem_timedwait"], "never"),
];

