/**
 * A FIFO writer and reader, with permissions (`mkfifo`, `open`, `unlink`):
 * a named pipe in the file namespace, opened by unrelated processes; its
 * mode decides who may open it for what, and an open waits for the other
 * side.
 *
 * Run it: `npx ipckit demo fifo`.
 *
 * @module
 */

import { createSystem } from "../../reference/index.ts";
import type { Demo, Write } from "./demo.ts";
import { bytes, codeOf, narrator, stillWaiting, text } from "./demo.ts";

async function run(write: Write): Promise<void> {
  const say = narrator(write);
  say.title("A FIFO writer and reader, with permissions");
  const system = createSystem();
  const alice = system.spawn({ uid: 1000, gid: 100 });
  const bob = system.spawn({ uid: 1001, gid: 100 });
  const eve = system.spawn({ uid: 1002, gid: 200 });

  alice.mkfifo("/tmp/chat", 0o660);
  say("alice", 'mkfifo("/tmp/chat", 0660): her umask 022 takes away group write, so the mode is 0640, rw-r----- (FIFO-PERM-2)');
  say.why("alice (uid 1000) owns it; bob shares her group 100; eve is in group 200");

  try {
    eve.tryOpenFifo("/tmp/chat", { access: "read" });
    say("eve", "opened it for reading: WRONG, others have no permission");
  } catch (error) {
    say("eve", `open for reading fails: ${codeOf(error)} (others have no permission; FIFO-PERM-1)`);
  }
  try {
    bob.tryOpenFifo("/tmp/chat", { access: "write" });
    say("bob", "opened it for writing: WRONG, the group may only read");
  } catch (error) {
    say("bob", `open for writing fails: ${codeOf(error)} (the group may only read)`);
  }

  const opening = bob.openFifo("/tmp/chat", { access: "read" });
  say("bob", `open for reading: ${(await stillWaiting(opening)) ? "waits, nobody has it open for writing (FIFO-BLK-1)" : "did NOT wait"}`);
  const writer = await alice.openFifo("/tmp/chat", { access: "write" });
  say("alice", "open for writing: completes at once, a reader is waiting");
  const reader = await opening;
  say("bob", "his waiting open completes with it");

  await writer.write(bytes("hello bob"));
  say("alice", 'writes "hello bob"');
  const buffer = new Uint8Array(32);
  const count = await reader.read(buffer);
  say("bob", `reads ${count} bytes: "${text(buffer.subarray(0, count))}"`);
  writer.close();
  say("alice", "closes her end");
  say("bob", `reads ${await reader.read(buffer)}: end of file, no writer is left`);
  reader.close();

  try {
    bob.unlink("/tmp/chat");
  } catch (error) {
    say("bob", `unlink fails: ${codeOf(error)} (only the owner or root may remove it; FIFO-PERM-4)`);
  }
  alice.unlink("/tmp/chat");
  say("alice", 'unlink("/tmp/chat"): the name is gone');
}

/** The demonstration. */
export const fifoDemo: Demo = {
  name: "fifo",
  title: "a FIFO writer and reader, with permissions",
  run,
};
