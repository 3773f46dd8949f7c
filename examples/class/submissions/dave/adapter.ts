// Dave: tryReceive on an empty queue busy-waits for a message instead of
// failing EAGAIN (MQ-NB-1). Nothing else runs while it spins, so the message
// never comes: the grader stops the test, and after three such tests it stops
// running his queue tests.
import { studentAdapter } from "../../lib/student.ts";

export default studentAdapter(
  "dave's pipes and queues",
  { pipe: true, mq: true, signal: true, process: true },
  {
    queue: (real) => ({
      tryReceive: (buffer: Uint8Array) => {
        while (real.getAttributes().currentMessages === 0) {
          // wait for a message
        }
        return real.tryReceive(buffer);
      },
    }),
  },
);
