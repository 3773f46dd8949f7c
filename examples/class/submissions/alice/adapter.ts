// Alice: pipes and POSIX message queues, complete and correct.
import { studentAdapter } from "../../lib/student.ts";

export default studentAdapter("alice's pipes and queues", { pipe: true, mq: true, signal: true, process: true });
