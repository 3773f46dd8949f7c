/**
 * The implementation protocol: drive an implementation that runs outside
 * the suite's thread (docs/protocol.md).
 *
 * @module
 */

export type { ValueHooks } from "./codec.ts";
export {
  ByteReader,
  ByteWriter,
  CALL_FLAGS,
  DEFAULT_MAX_FRAME_BYTES,
  FRAME,
  MAX_DEPTH,
  PROTOCOL_VERSION,
  ProtocolError,
  TAG,
  byteKind,
  bytesOf,
  changedRanges,
  decodeValue,
  encodeValue,
} from "./codec.ts";
export type { Link, RingBuffers, RingLinkOptions } from "./link.ts";
export { DEFAULT_RING_BYTES, DEFAULT_SPIN_MICROSECONDS, RingLink, closeRings, createRings, linkPair, swapRings } from "./link.ts";
export type { Hello, PeerOptions, PeerRole } from "./peer.ts";
export { Peer } from "./peer.ts";
export type { ConnectOptions, RemoteAdapter } from "./client.ts";
export { connectRemote } from "./client.ts";
export type { ServeOptions, ServedConnection } from "./server.ts";
export { refuseConnection, serveAdapter } from "./server.ts";
