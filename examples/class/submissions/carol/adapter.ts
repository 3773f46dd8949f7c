// Carol: a write to a pipe whose read ends are all closed fails with EBADF
// instead of EPIPE (PIPE-ERR-1); everything else is right.
import { IpcError } from "ipckit/spec";
import { studentAdapter } from "../../lib/student.ts";

const badCode = (error: unknown): unknown => (IpcError.is(error, "EPIPE") ? new IpcError("EBADF", error.syscall) : error);

export default studentAdapter(
  "carol's pipes and queues",
  { pipe: true, mq: true, signal: true, process: true },
  {
    end: (real) => ({
      write: (data: Uint8Array, options?: Parameters<typeof real.write>[1]) => real.write(data, options).catch((error: unknown) => Promise.reject(badCode(error))),
      tryWrite: (data: Uint8Array) => {
        try {
          return real.tryWrite(data);
        } catch (error) {
          throw badCode(error);
        }
      },
    }),
  },
);
