// `ipckit demo`: every demonstration runs on the reference and narrates the
// facts it sets out to show, on Node (in this process), Deno and Bun (each
// spawned from node_modules/.bin, as test/runtimes.test.ts does); the command
// lists them, runs one by name and answers an unknown name with a hint.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDemoCommand, suggestDemo } from "../cli/demo.ts";
import { DEMOS } from "../examples/demos/index.ts";

const root = new URL("..", import.meta.url).pathname;

/** What each demonstration must say, in this order (each a substring of one line, or a pattern). */
const FACTS: Record<string, readonly (string | RegExp)[]> = {
  pipe: [
    "child     read: waits, the pipe is empty",
    'child     read 7 bytes: "line 1"',
    'child     read 14 bytes: "line 2\\nline 3\\n"',
    "child     read: waits, although the parent closed its write end",
    "child     the waiting read returns 0: end of file",
    "child     read again returns 0",
    "parent    the child's status: exited, exit status 0",
  ],
  fifo: [
    "mode is 0640",
    "eve       open for reading fails: EACCES",
    "bob       open for writing fails: EACCES",
    "bob       open for reading: waits",
    "alice     open for writing: completes at once",
    'bob       reads 9 bytes: "hello bob"',
    "bob       reads 0: end of file",
    "bob       unlink fails: EPERM",
  ],
  mq: [
    "consumer  mq_receive: waits, the queue is empty",
    'consumer  received "hello" at priority 1',
    "producer  the queue holds 4 of 4 messages",
    'producer  mq_send "defragment" at priority 0: waits, the queue is full',
    "producer  the non-blocking form fails at once: EAGAIN",
    'consumer  received "page the admin" at priority 9',
    "producer  the waiting send completes",
    'consumer  received "back up /home" at priority 3',
    'consumer  received "rebuild index" at priority 3',
    'consumer  received "rotate logs" at priority 1',
    'consumer  received "defragment" at priority 0',
    "consumer  mq_receive on the empty queue, non-blocking: EAGAIN",
  ],
  shm: [
    'reader    reads "ALPHA-ALPHA-0001"',
    'reader    reads "BRAVO-BRPHA-0001": a torn record',
    "writer    pthread_mutex_lock: takes the mutex at once",
    "reader    pthread_mutex_lock: waits, the writer holds the mutex",
    "reader    the waiting lock completes",
    'reader    reads "CHARLIE-CHAR0003": a whole record',
    'reader    still reads "CHARLIE-CHAR0003"',
  ],
  stream: [
    "server    accept: waits, no client has connected",
    "server    accept returns a new socket",
    /^server    recv \d+ bytes$/,
    'server    recv 0: end of file; the request is "GET /time please"',
    'client    recv 5 bytes: "12:00"',
    "client    recv returns 0: end of file",
  ],
  signal: [
    "worker    read: waits, the pipe is empty",
    "parent    kill(2, SIGUSR1)",
    "worker      handler runs for SIGUSR1 from pid 1",
    "worker    the read fails: EINTR, having read nothing",
    "worker    read: waits again",
    "worker      handler runs for SIGUSR1 from pid 1",
    "worker    the read goes on waiting",
    "worker    the read returns 4 bytes",
  ],
};

/** Checks a demonstration's narration: its facts in order, and no "did NOT" or "WRONG" line. */
function expectFacts(name: string, output: string): void {
  const lines = output.split("\n");
  const facts = FACTS[name];
  if (facts === undefined) throw new Error(`no facts listed for the demo ${name}`);
  let at = 0;
  for (const fact of facts) {
    const found = lines.findIndex((line, index) => index >= at && (typeof fact === "string" ? line.includes(fact) : fact.test(line)));
    expect(found, `${name}: "${String(fact)}" after line ${at} of:\n${output}`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
  expect(output, `${name}: a wait that did not happen, or a wrong outcome`).not.toMatch(/did NOT|WRONG/);
}

async function runCommand(name: string | undefined): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const status = await runDemoCommand(name, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { status, stdout, stderr };
}

describe("the demonstrations on Node", () => {
  it("every demonstration has its facts listed here", () => {
    expect(DEMOS.map((demo) => demo.name).sort()).toEqual(Object.keys(FACTS).sort());
  });

  it.each(DEMOS.map((demo) => demo.name))("ipckit demo %s narrates what it shows, and exits 0", async (name) => {
    const { status, stdout, stderr } = await runCommand(name);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expectFacts(name, stdout);
  });

  it("ipckit demo with no name lists every demonstration", async () => {
    const { status, stdout } = await runCommand(undefined);
    expect(status).toBe(0);
    for (const demo of DEMOS) expect(stdout).toMatch(new RegExp(`^  ${demo.name} +${demo.title}$`, "m"));
  });

  it("an unknown name is one line on stderr with a did-you-mean hint, and status 2", async () => {
    const { status, stdout, stderr } = await runCommand("sockets");
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toContain("did you mean stream?");
    expect(suggestDemo("mqueue")).toBe("mq");
    expect(suggestDemo("sgnal")).toBe("signal");
    expect(suggestDemo("xyzzy")).toBeUndefined();
    expect((await runCommand("xyzzy")).stderr).not.toContain("did you mean");
  });
});

/** Runs every demonstration through `runDemoCommand` under another runtime, from the TypeScript sources. */
const SCRIPT = `
const { runDemoCommand } = await import("./cli/demo.ts");
const { DEMOS } = await import("./examples/demos/index.ts");
let text = "";
for (const demo of DEMOS) {
  let out = "";
  const status = await runDemoCommand(demo.name, { stdout: (t) => { out += t; }, stderr: (t) => { out += t; } });
  text += "### " + demo.name + " " + status + "\\n" + out;
}
console.log(text);
`;

const RUNTIMES = {
  deno: (bin: string) => [bin, "eval", "--ext=ts", SCRIPT],
  bun: (bin: string) => [bin, "--eval", SCRIPT],
} as const;

function runIn(runtime: keyof typeof RUNTIMES): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const [command, ...args] = RUNTIMES[runtime](join(root, "node_modules", ".bin", runtime));
  return new Promise((resolve, reject) => {
    const child = spawn(command ?? runtime, args, { cwd: root, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe.each(["deno", "bun"] as const)("the demonstrations under %s", (runtime) => {
  it("every demonstration narrates what it shows, and exits 0", { timeout: 120_000 }, async () => {
    const { status, stdout, stderr } = await runIn(runtime);
    expect(status, `exit status; stderr:\n${stderr}`).toBe(0);
    const runs = stdout.split(/^### /m).slice(1);
    expect(runs.map((run) => run.split("\n")[0])).toEqual(DEMOS.map((demo) => `${demo.name} 0`));
    for (const run of runs) {
      const [header = "", ...rest] = run.split("\n");
      expectFacts(header.split(" ")[0] ?? "", rest.join("\n"));
    }
  });
});
