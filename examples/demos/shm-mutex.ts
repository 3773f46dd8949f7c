/**
 * A writer and a reader sharing memory, guarded by a process-shared mutex
 * (`shm_open`, `ftruncate`, `mmap`, `pthread_mutex_lock`): without the lock
 * the reader can see a record half written; with it, only whole records.
 *
 * Run it: `npx ipckit demo shm`.
 *
 * @module
 */

import { createSystem } from "../../reference/index.ts";
import type { Demo, Write } from "./demo.ts";
import { bytes, narrator, stillWaiting, text } from "./demo.ts";

/** One record: 16 bytes, written in two halves (as a long copy may be preempted halfway). */
const RECORD = 16;

async function run(write: Write): Promise<void> {
  const say = narrator(write);
  say.title("A writer and a reader over shared memory, guarded by a mutex");
  const system = createSystem();
  const writer = system.spawn({ uid: 1000, gid: 100 });
  const reader = system.spawn({ uid: 1001, gid: 100 });

  const board = writer.shmOpen("/board", { access: "readwrite", create: true, mode: 0o640 });
  board.truncate(4096);
  const mine = writer.shmOpen("/board", { access: "readwrite" }).map({ access: "readwrite" });
  say("writer", 'shm_open("/board", create, mode 0640), ftruncate to 4096 bytes, mmap read-write');
  const theirs = reader.shmOpen("/board", { access: "read" }).map({ access: "read" });
  say("reader", 'shm_open("/board", read-only), mmap read-only: its group may read (SHM-PERM-1)');
  const mutex = writer.mutexInit();
  say("writer", "pthread_mutex_init: a process-shared mutex both processes are handed");

  mine.write(0, bytes("ALPHA-ALPHA-0001"));
  say("writer", 'stores the record "ALPHA-ALPHA-0001"');
  say("reader", `reads "${text(theirs.read(0, RECORD))}": a store is seen at once through every mapping (SHM-ORD-1)`);

  // Without the lock: the writer is interrupted between the two halves.
  say.section("without the lock");
  mine.write(0, bytes("BRAVO-BR"));
  say("writer", 'stores the first half of "BRAVO-BRAVO-0002", then is preempted');
  const torn = text(theirs.read(0, RECORD));
  say("reader", `reads "${torn}": a torn record, half new and half old`);
  mine.write(8, bytes("AVO-0002"));
  say("writer", "stores the second half");

  // With the lock: the reader waits until the record is whole.
  say.section("with the lock");
  await writer.mutexLock(mutex);
  say("writer", "pthread_mutex_lock: takes the mutex at once, nobody holds it (MUTEX-BLK-1)");
  mine.write(0, bytes("CHARLIE-"));
  say("writer", 'stores the first half of "CHARLIE-CHAR0003", then is preempted');
  const reading = reader.mutexLock(mutex);
  say("reader", `pthread_mutex_lock: ${(await stillWaiting(reading)) ? "waits, the writer holds the mutex" : "did NOT wait"}`);
  mine.write(8, bytes("CHAR0003"));
  say("writer", "stores the second half, then pthread_mutex_unlock");
  writer.mutexUnlock(mutex);
  await reading;
  say("reader", "the waiting lock completes: the unlock handed the mutex over (MUTEX-ATOM-2)");
  say("reader", `reads "${text(theirs.read(0, RECORD))}": a whole record`);
  reader.mutexUnlock(mutex);
  say("reader", "pthread_mutex_unlock");

  writer.mutexDestroy(mutex);
  writer.shmUnlink("/board");
  say("writer", 'pthread_mutex_destroy, shm_unlink("/board"): the name goes; the mappings stay until unmapped');
  say("reader", `still reads "${text(theirs.read(0, RECORD))}"`);
}

/** The demonstration. */
export const shmDemo: Demo = {
  name: "shm",
  title: "a writer and a reader over shared memory guarded by a mutex",
  run,
};
