/**
 * A parent and a child over a pipe, to end of file (`pipe`, `fork`,
 * `close`, `read`, `write`): the child reads until the read returns 0, which
 * happens only once every write end is closed, the child's own copy
 * included.
 *
 * Run it: `npx ipckit demo pipe`.
 *
 * @module
 */

import { ReferencePipeEnd, createSystem } from "../../reference/index.ts";
import type { Demo, Write } from "./demo.ts";
import { bytes, narrator, stillWaiting, text } from "./demo.ts";

async function run(write: Write): Promise<void> {
  const say = narrator(write);
  say.title("A parent and a child over a pipe, to end of file");
  const system = createSystem();
  const parent = system.spawn({ uid: 1000, gid: 100 });
  const [readEnd, writeEnd] = parent.pipe();
  say("parent", "pipe(): a read end and a write end");
  const child = parent.fork();
  say("parent", `fork(): child ${child.pid} holds a copy of both ends`);
  // The reference lists a process's descriptors in the order they were
  // opened: the child's copies of the read end and of the write end.
  const [childRead, childWrite] = child.descriptors.filter((d): d is ReferencePipeEnd => d instanceof ReferencePipeEnd);
  if (childRead === undefined || childWrite === undefined) throw new Error("fork gave the child no copy of the pipe's ends");
  readEnd.close();
  say("parent", "closes its read end: it only writes");

  const buffer = new Uint8Array(64);
  const early = childRead.read(buffer);
  say("child", `read: ${(await stillWaiting(early)) ? "waits, the pipe is empty" : "did NOT wait"}`);
  await writeEnd.write(bytes("line 1\n"));
  say("parent", 'writes "line 1\\n"');
  say("child", `read ${await early} bytes: "${text(buffer.subarray(0, 7)).trimEnd()}"`);

  await writeEnd.write(bytes("line 2\n"));
  await writeEnd.write(bytes("line 3\n"));
  say("parent", 'writes "line 2\\n" and "line 3\\n", then closes its write end');
  writeEnd.close();
  const count = await childRead.read(buffer);
  say("child", `read ${count} bytes: "${text(buffer.subarray(0, count)).replaceAll("\n", "\\n")}": two writes in one read, a pipe keeps no boundaries (PIPE-ORD-2)`);

  const stuck = childRead.read(buffer);
  say("child", `read: ${(await stillWaiting(stuck)) ? "waits, although the parent closed its write end" : "did NOT wait"}`);
  say.why("the child still holds its own copy of the write end: end of file needs every write end closed (PIPE-EOF-1)");
  childWrite.close();
  say("child", "closes its copy of the write end");
  say("child", `the waiting read returns ${await stuck}: end of file (PIPE-EOF-3)`);
  say("child", `read again returns ${await childRead.read(buffer)}: end of file stays (PIPE-EOF-4)`);
  child.exit(0);
  say("child", "exit(0)");
  say("parent", `the child's status: ${child.status.state}, exit status ${child.status.exitStatus ?? "none"}`);
}

/** The demonstration. */
export const pipeDemo: Demo = {
  name: "pipe",
  title: "a parent and a child over a pipe, to end of file",
  run,
};
