// Bob: correct pipes, and no message queues at all (his manifest says so).
import { studentAdapter } from "../../lib/student.ts";

export default studentAdapter("bob's pipes", { pipe: true, signal: true, process: true });
