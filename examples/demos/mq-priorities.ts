/**
 * Producer and consumer over a POSIX message queue with priorities
 * (`mq_open`, `mq_send`, `mq_receive`): the consumer waits on an empty
 * queue, the highest priority is received first (first in, first out among
 * equals), and a full queue makes the producer wait.
 *
 * Run it: `npx ipckit demo mq`.
 *
 * @module
 */

import { createSystem } from "../../reference/index.ts";
import type { Demo, Write } from "./demo.ts";
import { bytes, codeOf, narrator, stillWaiting, text } from "./demo.ts";

async function run(write: Write): Promise<void> {
  const say = narrator(write);
  say.title("Producer and consumer over a POSIX message queue, with priorities");
  const system = createSystem();
  const producer = system.spawn({ uid: 1000, gid: 100 });
  const consumer = system.spawn({ uid: 1001, gid: 1001, groups: [100] });

  const out = producer.mqOpen("/jobs", { access: "write", create: true, mode: 0o640, maxMessages: 4, messageSize: 64 });
  say("producer", 'mq_open("/jobs", create, mode 0640): at most 4 messages of 64 bytes');
  const into = consumer.mqOpen("/jobs", { access: "read" });
  say("consumer", 'mq_open("/jobs", read-only): allowed, its group may read (MQ-PERM-1)');

  const buffer = new Uint8Array(64);
  const first = into.receive(buffer);
  say("consumer", `mq_receive: ${(await stillWaiting(first)) ? "waits, the queue is empty" : "did NOT wait"}`);
  out.trySend(bytes("hello"), 1);
  say("producer", 'mq_send "hello" at priority 1');
  const got = await first;
  say("consumer", `received "${text(buffer.subarray(0, got.length))}" at priority ${got.priority}: the send went straight to the waiting receive`);

  const jobs: readonly [string, number][] = [
    ["rotate logs", 1],
    ["back up /home", 3],
    ["page the admin", 9],
    ["rebuild index", 3],
  ];
  for (const [job, priority] of jobs) {
    out.trySend(bytes(job), priority);
    say("producer", `mq_send "${job}" at priority ${priority}`);
  }
  say("producer", `the queue holds ${out.getAttributes().currentMessages} of 4 messages`);
  const fifth = out.send(bytes("defragment"), 0);
  say("producer", `mq_send "defragment" at priority 0: ${(await stillWaiting(fifth)) ? "waits, the queue is full" : "did NOT wait"}`);
  try {
    out.trySend(bytes("defragment"), 0);
  } catch (error) {
    say("producer", `the non-blocking form fails at once: ${codeOf(error)}`);
  }

  for (let i = 0; i < 5; i++) {
    const message = into.tryReceive(buffer);
    say("consumer", `received "${text(buffer.subarray(0, message.length))}" at priority ${message.priority}`);
    if (i === 0) {
      await fifth;
      say("producer", "the waiting send completes: the first receive made room");
    }
  }
  say.why("highest priority first; among equal priorities, the order sent (MQ-ORD-1)");

  try {
    into.tryReceive(buffer);
  } catch (error) {
    say("consumer", `mq_receive on the empty queue, non-blocking: ${codeOf(error)}`);
  }
  out.close();
  into.close();
  producer.mqUnlink("/jobs");
  say("producer", 'mq_unlink("/jobs"): the name is gone');
}

/** The demonstration. */
export const mqDemo: Demo = {
  name: "mq",
  title: "producer and consumer over a POSIX message queue with priorities",
  run,
};
