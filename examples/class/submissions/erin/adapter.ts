// Erin: only the non-blocking half. The blocking calls (pipe read and write,
// queue send and receive) throw ENOSYS, which the suite counts as NOT
// IMPLEMENTED wherever a test reaches one.
import { IpcError } from "ipckit/spec";
import { studentAdapter } from "../../lib/student.ts";

const notYet = (call: string) => () => {
  throw new IpcError("ENOSYS", call);
};

export default studentAdapter(
  "erin's non-blocking pipes and queues",
  { pipe: true, mq: true, signal: true, process: true },
  {
    end: () => ({ read: notYet("read"), write: notYet("write") }),
    queue: () => ({ send: notYet("mq_send"), receive: notYet("mq_receive") }),
  },
);
