/**
 * Named pipes (FIFOs): a transcription of the clauses in `spec/fifo.ts`, in
 * three layers, as in a kernel: the calls (`calls.ts`), the FIFO a name points
 * to (`fifo.ts`), and the anonymous pipe's own pipe object and ends
 * (`reference/pipe/`): once open, a FIFO end is a pipe end and every pipe
 * clause holds (FIFO-LIFE-1). The names live in the file namespace
 * (`reference/kernel/files.ts`), shared with Unix-path sockets.
 *
 * A waiting open is registered with the process opening, so a handler run for
 * it interrupts the open with `EINTR` (FIFO-BLK-5), and the end of the process
 * drops it (with `EINTR`, a rejection marked handled, since nobody is left to
 * await it). Should a peer arrive while the process is ending, before its
 * blocked calls are dropped (a handler run as its descriptors close), the open
 * is rejected `ESRCH` instead and opens no end.
 *
 * @module
 */

export { lookupFifo, mkfifo, openFifo, requireOpenOptions, tryOpenFifo, unlink } from "./calls.ts";
export { ReferenceFifo } from "./fifo.ts";
