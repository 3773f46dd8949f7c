/**
 * Runtime edge: a runnable entry for `ipckit grade` until the command line
 * routes `ipckit grade` to {@link runGradeCommand}:
 * `node dist/cli/grade/bin.js <arguments after "grade">`.
 *
 * @module
 */

import process from "node:process";
import { runGradeCommand } from "./index.ts";

process.exitCode = await runGradeCommand(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
});
