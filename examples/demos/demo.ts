/**
 * What every demonstration shares: its shape, a narrator and two helpers.
 * The demonstrations are runtime-neutral: they use the reference
 * implementation and web-standard APIs only, and write their narration
 * through the function they are given (`ipckit demo` passes one that prints).
 *
 * In your own code, import from the package: `import { createSystem } from
 * "ipckit/reference"`; these files import by path so that the published
 * `ipckit demo` can run them from its build.
 *
 * @module
 */

import { drain, track } from "../../conformance/assert.ts";

/** Where a demonstration writes its narration, one line at a time. */
export type Write = (line: string) => void;

/** One demonstration. */
export interface Demo {
  /** Its name on the command line: `ipckit demo <name>`. */
  readonly name: string;
  /** What it shows, in a line. */
  readonly title: string;
  /**
   * Runs it on a fresh reference system.
   *
   * @param write - receives the narration, one line per call
   * @returns when it has finished
   */
  run(write: Write): Promise<void>;
}

/**
 * A narrator: `say("producer", "sends ...")` writes the actor in a column,
 * `say.why("...")` an explanation under it.
 *
 * @param write - where lines go
 * @returns the narrator
 */
export function narrator(write: Write): {
  (who: string, what: string): void;
  why(text: string): void;
  title(text: string): void;
  section(text: string): void;
} {
  const say = (who: string, what: string): void => write(`${who.padEnd(9)} ${what}`);
  say.why = (text: string): void => write(`${"".padEnd(9)}   (${text})`);
  say.title = (text: string): void => {
    write(text);
    write("=".repeat(text.length));
  };
  say.section = (text: string): void => write(`-- ${text} --`);
  return say;
}

/** UTF-8 bytes of a string. */
export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** A string from UTF-8 bytes. */
export function text(data: Uint8Array): string {
  return new TextDecoder().decode(data);
}

/**
 * Whether an operation is still waiting once every queued task has run:
 * how the suite proves that a call blocks, without sleeping.
 *
 * @param promise - the operation
 * @returns `true` when it is still pending
 */
export async function stillWaiting(promise: PromiseLike<unknown>): Promise<boolean> {
  const tracked = track(promise);
  tracked.promise.catch(() => undefined);
  await drain();
  return tracked.state === "pending";
}

/** The POSIX error code of a failure, or a description of anything else. */
export function codeOf(error: unknown): string {
  return typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : String(error);
}
