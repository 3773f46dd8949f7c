/**
 * `ipckit demo [name]`: a placeholder until the demonstrations land (another
 * branch brings the real command with this signature). It runs nothing and
 * says so.
 *
 * @module
 */

/** Where the command writes. */
export interface DemoIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * Runs `ipckit demo [name]`. Not built yet: it says there are no demos and
 * fails.
 *
 * @param name - the demonstration to run; `undefined` lists them
 * @param io - where output goes
 * @returns 2: there is nothing to run
 */
export async function runDemoCommand(name: string | undefined, io: DemoIo): Promise<number> {
  io.stderr(`ipckit: no demos yet${name === undefined ? "" : ` (asked for ${JSON.stringify(name)})`}: the demonstrations are not built in this version\n`);
  return 2;
}
