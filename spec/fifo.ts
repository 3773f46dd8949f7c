/**
 * Named pipes (FIFOs): a pipe with a name in the system's file namespace
 * (`fifo(7)`). `mkfifo` makes the name; opening it for reading or writing
 * gives a {@link PipeEnd} of the one pipe behind that name, and from then on
 * every pipe clause holds (FIFO-07 in the catalogue).
 *
 * @module
 */

import type { Clause } from "./clause.ts";
import type { Access } from "./namespace.ts";
import type { BlockingOptions, PipeEnd } from "./pipe.ts";

/**
 * Options for {@link FifoApi.openFifo} and {@link FifoApi.tryOpenFifo}.
 */
export interface FifoOpenOptions extends BlockingOptions {
  /** Read end, write end, or both through one descriptor (`O_RDWR`). */
  readonly access: Access;
}

/**
 * The FIFO calls of a process. An implementation that provides FIFOs (its
 * manifest says `fifo`) gives its processes these methods.
 */
export interface FifoApi {
  /**
   * Creates a FIFO named `path`, owned by the calling process's uid and gid,
   * with permission bits `mode & ~umask` (`mkfifo(3)`).
   *
   * @param path - an absolute path such as `"/tmp/fifo"`
   * @param mode - permission bits, `0o000` to `0o777`; default `0o666`
   * @throws {IpcError} `EEXIST` when the name exists, `EINVAL` for a bad path or mode
   */
  mkfifo(path: string, mode?: number): void;

  /**
   * Opens the FIFO named `path` (`open(2)` without `O_NONBLOCK`). Opening for
   * reading waits until a writer opens it too, and for writing until a reader
   * does; `readwrite` never waits.
   *
   * @param path - the FIFO's name
   * @param options - the access asked for, and a signal to stop waiting
   * @returns the end
   * @throws {IpcError} (as a rejection) `ENOENT`, `EACCES`, `ECANCELED`, `EINVAL`
   */
  openFifo(path: string, options: FifoOpenOptions): Promise<PipeEnd>;

  /**
   * Opens the FIFO named `path` without waiting (`open(2)` with
   * `O_NONBLOCK`): for reading it succeeds at once; for writing it fails
   * `ENXIO` when no reader has it open.
   *
   * @param path - the FIFO's name
   * @param options - the access asked for
   * @returns the end
   * @throws {IpcError} `ENXIO`, `ENOENT`, `EACCES`, `EINVAL`
   */
  tryOpenFifo(path: string, options: { readonly access: Access }): PipeEnd;

  /**
   * Removes the name `path` (`unlink(2)`); ends already open keep working.
   *
   * @param path - the name to remove
   * @throws {IpcError} `ENOENT` when no such name exists, `EINVAL` for a bad path
   */
  unlink(path: string): void;
}

/**
 * The clauses of FIFOs.
 */
export const FIFO_CLAUSES: readonly Clause[] = Object.freeze([]);
