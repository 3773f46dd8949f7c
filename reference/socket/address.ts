/**
 * Socket addresses: internet-style (`{ family: "inet", host, port }`) and
 * Unix-path (`{ family: "unix", path }`), checked (ST-ERR-8, UX-CAP-1) and
 * compared.
 *
 * @module
 */

import { IpcError } from "../../spec/errors.ts";
import type { SendFlags, SocketAddress, SocketFamily } from "../../spec/socket.ts";
import { UNIX_PATH_MAX } from "../../spec/unix.ts";
import { describeType, requireFilePath, requireIntegerInRange, requireOptionalObject } from "../base/validate.ts";

/** The peer address of an unnamed Unix socket (UX-LIFE-3). */
export const UNNAMED: SocketAddress = Object.freeze({ family: "unix", path: "" });

const encoder = new TextEncoder();

/** Whether two addresses are the same. */
export function sameAddress(a: SocketAddress | undefined, b: SocketAddress | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.family === "inet" && b.family === "inet") return a.port === b.port;
  return a.family === "unix" && b.family === "unix" && a.path === b.path;
}

/** Checks an address for a socket of `family` (ST-ERR-8, UX-CAP-1). */
export function requireAddress(value: unknown, family: SocketFamily, syscall: string): SocketAddress {
  const checked = requireOptionalObject(value, syscall, "address");
  if (checked === undefined) throw new IpcError("EINVAL", syscall, { detail: "an address is required" });
  const given = checked["family"];
  // ST-ERR-8: the socket's own family.
  if (given !== family) throw new IpcError("EINVAL", syscall, { detail: `the address must be of family ${family}, got ${String(given)}` });
  if (family === "inet") {
    const host = checked["host"];
    // ST-ERR-8: a dotted IPv4 address.
    if (typeof host !== "string" || !isDottedQuad(host)) throw new IpcError("EINVAL", syscall, { detail: "host must be a dotted IPv4 address" });
    // ST-ERR-8: a port from 0 to 65535.
    const port = requireIntegerInRange(checked["port"], 0, 65535, syscall, "port");
    return { family: "inet", host, port };
  }
  const path = checked["path"];
  // UX-CAP-1: at most 107 bytes, then a well-formed absolute path.
  if (typeof path === "string" && encoder.encode(path).length > UNIX_PATH_MAX) {
    throw new IpcError("EINVAL", syscall, { detail: `a Unix path is at most ${UNIX_PATH_MAX} bytes` });
  }
  try {
    return { family: "unix", path: requireFilePath(path, syscall) };
  } catch (error) {
    // UX-CAP-1: every malformed path is EINVAL.
    if (error instanceof IpcError && error.code !== "EINVAL") throw new IpcError("EINVAL", syscall, { cause: error });
    throw error;
  }
}

function isDottedQuad(host: string): boolean {
  const parts = host.split(".");
  return parts.length === 4 && parts.every((part) => /^(0|[1-9][0-9]{0,2})$/.test(part) && Number(part) <= 255);
}

/** ST-ERR-11: the `noSignal` flag of a send, a boolean when given (`EINVAL` otherwise). */
export function noSignalOf(options: SendFlags | undefined): boolean {
  const checked = requireOptionalObject(options, "send", "options");
  const noSignal = checked?.["noSignal"];
  if (noSignal !== undefined && typeof noSignal !== "boolean") {
    throw new IpcError("EINVAL", "send", { detail: `options.noSignal must be a boolean, got ${describeType(noSignal)}` });
  }
  return noSignal === true;
}
