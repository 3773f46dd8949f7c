/**
 * `ipckit demo [name]`: the classic IPC demonstrations (examples/demos/),
 * run on the reference implementation with narrated output.
 *
 * @module
 */

import { DEMOS } from "../examples/demos/index.ts";

/** Where the command writes. */
export interface DemoIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The edit distance between two words (for the did-you-mean hint). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The demonstration closest to a mistyped name: one whose name starts with
 * it (or that it starts with), else one whose title has a word of four
 * letters or more within one edit of it (`sockets`), else the nearest name
 * by edit distance (at most 2 edits).
 *
 * @param name - what was typed
 * @returns the name to suggest, or `undefined`
 */
export function suggestDemo(name: string): string | undefined {
  const wanted = name.toLowerCase();
  if (wanted.length === 0) return undefined;
  const prefix = DEMOS.find((demo) => demo.name.startsWith(wanted) || wanted.startsWith(demo.name));
  if (prefix !== undefined) return prefix.name;
  const word = DEMOS.find((demo) => demo.title.split(/\W+/).some((w) => w.length >= 4 && distance(wanted, w) <= 1));
  if (word !== undefined) return word.name;
  let best: { name: string; cost: number } | undefined;
  for (const demo of DEMOS) {
    const cost = distance(wanted, demo.name);
    if (cost <= 2 && (best === undefined || cost < best.cost)) best = { name: demo.name, cost };
  }
  return best?.name;
}

/**
 * Runs `ipckit demo [name]`.
 *
 * @param name - the demonstration to run; `undefined` lists them
 * @param io - where output goes (each call is a whole line, newline included)
 * @returns the exit status: 0 after a listing or a demonstration that ran to
 *   its end, 2 for an unknown name
 * @throws whatever a demonstration throws (a bug in the reference)
 */
export async function runDemoCommand(name: string | undefined, io: DemoIo): Promise<number> {
  if (name === undefined) {
    const width = Math.max(...DEMOS.map((demo) => demo.name.length));
    io.stdout("Demonstrations, run on the reference implementation with narrated output:\n\n");
    for (const demo of DEMOS) io.stdout(`  ${demo.name.padEnd(width)}  ${demo.title}\n`);
    io.stdout("\nRun one: ipckit demo <name>. The sources are in examples/demos/.\n");
    return 0;
  }
  const demo = DEMOS.find((candidate) => candidate.name === name);
  if (demo === undefined) {
    const hint = suggestDemo(name);
    io.stderr(
      `ipckit: no demo named ${JSON.stringify(name)}; ${hint === undefined ? "" : `did you mean ${hint}? `}` +
        `the demos: ${DEMOS.map((d) => d.name).join(", ")}\n`,
    );
    return 2;
  }
  await demo.run((line) => io.stdout(`${line}\n`));
  return 0;
}
