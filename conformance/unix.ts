/**
 * Conformance tests for Unix-path socket addresses: at least one test for
 * every clause of `UX_CLAUSES`, each titled with the rule it checks. They
 * use stream sockets, so every test requires `"stream"` besides `"unix"`;
 * tests that meet FIFOs or `unlink` require `"fifo"` too, and the umask
 * tests `"process.umask"`; the datagram tests need `"dgram"`, and those of
 * signal handlers (UX-BLK-2) `"signal"` too. Permission tests use an owner
 * (uid 1000, gid 100), a member of group 100, another user and root.
 *
 * @module
 */

import type { FifoApi } from "../spec/fifo.ts";
import { SIGUSR1 } from "../spec/signal.ts";
import type { Socket, SocketApi, UnixAddress } from "../spec/socket.ts";
import type { UX_CLAUSES } from "../spec/unix.ts";
import type { IpcProcess } from "../spec/system.ts";
import { drain, expectEqual, expectPending, expectRejectsCode, expectResolves, expectThrowsCode, expectTrue, pattern, track } from "./assert.ts";
import { PERMISSION_USERS, catchSignal, requireCalls, setUmask, signalProcess, users } from "./fixtures/index.ts";
import type { Common, TestContext, TestFunction } from "./harness.ts";
import { expectSettledCode, receiveAll } from "./stream.ts";

type UnixProcess = IpcProcess & SocketApi;
type UnixFifoProcess = UnixProcess & FifoApi;

const STREAM = ["stream"] as const;
const WITH_FIFO = ["stream", "fifo"] as const;
const WITH_UMASK = ["stream", "process.umask"] as const;
const DGRAM = ["dgram"] as const;
const BOTH = ["stream", "dgram"] as const;
const SIGNAL_DGRAM = ["dgram", "signal"] as const;

const PATH = "/tmp/server.sock";

function at(path: string): UnixAddress {
  return { family: "unix", path };
}

async function unixProcess(t: TestContext): Promise<UnixProcess> {
  return requireCalls<UnixProcess>(await t.process(), ["socket", "socketpair"], "unix");
}

async function unixFifoProcess(t: TestContext): Promise<UnixFifoProcess> {
  return requireCalls<UnixFifoProcess>(await t.process(), ["socket", "socketpair", "mkfifo", "tryOpenFifo", "unlink"], "unix");
}

/** A stream listener bound to `path`. */
function listenAt(proc: UnixProcess, path = PATH): Socket {
  const server = proc.socket("unix", "stream");
  server.bind(at(path));
  server.listen();
  return server;
}

/** A Unix datagram socket bound to PATH whose queue holds 11 datagrams (0 to 10), and their sender. */
function fullQueue(proc: UnixProcess): { readonly receiver: Socket; readonly sender: Socket } {
  const receiver = proc.socket("unix", "dgram");
  receiver.bind(at(PATH));
  const sender = proc.socket("unix", "dgram");
  for (let index = 0; index < 11; index += 1) {
    expectEqual(sender.trySendTo(new Uint8Array([index]), at(PATH)), 1, `trySendTo number ${index + 1}`);
  }
  expectThrowsCode(() => sender.trySendTo(new Uint8Array([11]), at(PATH)), "EAGAIN", "trySendTo number 12");
  return { receiver, sender };
}

/**
 * Registers the tests of Unix-path socket addresses.
 *
 * @param test - registers one test
 * @param _common - what the implementation supports
 *
 * @example Count the Unix-path tests
 * ```ts
 * import { unixTests } from "ipckit/conformance";
 * let count = 0;
 * unixTests(() => { count += 1; }, { supports: () => true });
 * console.assert(count > 8);
 * ```
 */
export function unixTests(test: TestFunction, _common: Common): void {
  const clause = (id: (typeof UX_CLAUSES)[number]["id"]): string => id;
  const cast = { owner: PERMISSION_USERS.owner, member: PERMISSION_USERS.member, other: PERMISSION_USERS.other, root: PERMISSION_USERS.root };
  const asUnix = (proc: IpcProcess): UnixProcess => requireCalls<UnixProcess>(proc, ["socket", "socketpair"], "unix");

  test(clause("UX-LIFE-1"), "a bound name takes mode 0o777 less the umask and the owner's identity, seen through who may connect", async (t) => {
    const { owner, member, other, root } = await users(t, cast, asUnix);
    setUmask(owner, 0o002);
    listenAt(owner);
    await owner.socket("unix", "stream").connect(at(PATH));
    await member.socket("unix", "stream").connect(at(PATH));
    await expectRejectsCode(other.socket("unix", "stream").connect(at(PATH)), "EACCES", "connect by another user (mode 0o775)");
    await root.socket("unix", "stream").connect(at(PATH));
    setUmask(owner, 0o022);
    listenAt(owner, "/tmp/second.sock");
    await expectRejectsCode(member.socket("unix", "stream").connect(at("/tmp/second.sock")), "EACCES", "connect by a group member (mode 0o755)");
  }, { requires: WITH_UMASK });

  test(clause("UX-LIFE-1"), "the name outlives the socket: binding its path again fails until it is unlinked", async (t) => {
    const proc = await unixFifoProcess(t);
    const server = listenAt(proc);
    server.close();
    expectThrowsCode(() => proc.socket("unix", "stream").bind(at(PATH)), "EADDRINUSE", "bind to the name of a closed socket");
    proc.unlink(PATH);
    proc.socket("unix", "stream").bind(at(PATH));
  }, { requires: WITH_FIFO });

  test(clause("UX-LIFE-2"), "unlinking the name leaves connections working, new connects fail with ENOENT, and the path may be bound again", async (t) => {
    const proc = await unixFifoProcess(t);
    const server = listenAt(proc);
    const client = proc.socket("unix", "stream");
    await client.connect(at(PATH));
    proc.unlink(PATH);
    const peer = await server.accept();
    expectEqual(client.trySend(pattern(100, 1)).valueOf(), 100, "trySend after unlink");
    expectEqual(receiveAll(peer, 100).length, 100, "bytes received after unlink");
    expectEqual(peer.trySend(new Uint8Array([1])), 1, "the other direction after unlink");
    await expectRejectsCode(proc.socket("unix", "stream").connect(at(PATH)), "ENOENT", "connect after unlink");
    const second = listenAt(proc);
    await proc.socket("unix", "stream").connect(at(PATH));
    expectEqual(second.tryAccept().type, "stream", "a new listener at the path accepts");
    expectThrowsCode(() => server.tryAccept(), "EAGAIN", "the old listener gets nothing");
  }, { requires: WITH_FIFO });

  test(clause("UX-LIFE-3"), "socketpair gives two connected unnamed Unix sockets, each sending to the other", async (t) => {
    const proc = await unixProcess(t);
    const [a, b] = proc.socketpair("stream");
    expectEqual(a.family, "unix", "the first socket's family");
    expectEqual(b.type, "stream", "the second socket's type");
    expectEqual(a.trySend(new Uint8Array([1, 2])), 2, "a sends");
    expectEqual(b.trySend(new Uint8Array([3])), 1, "b sends");
    const buffer = new Uint8Array(4);
    await expectResolves(b.recv(buffer), 2, "b receives a's bytes");
    await expectResolves(a.recv(buffer), 1, "a receives b's byte");
    expectEqual(buffer[0], 3, "the byte a received");
    const peer = a.peerAddress();
    expectTrue(peer.family === "unix" && peer.path === "", "a's peer address", "unnamed ({ family: unix, path: \"\" })", JSON.stringify(peer));
    await expectRejectsCode(a.connect(at(PATH)), "EISCONN", "connect on a socketpair socket");
    b.close();
    expectEqual(a.tryRecv(buffer), 0, "a reads end of file once b closed");
  }, { requires: STREAM });

  test(clause("UX-LIFE-3"), "a datagram socketpair delivers whole datagrams each way from unnamed senders", async (t) => {
    const proc = await unixProcess(t);
    const [a, b] = proc.socketpair("dgram");
    expectEqual(a.trySend(new Uint8Array([1, 2])), 2, "a sends a 2-byte datagram");
    expectEqual(a.trySend(new Uint8Array([3])), 1, "a sends a 1-byte datagram");
    expectEqual(b.trySend(new Uint8Array([4, 5, 6])), 3, "b sends a 3-byte datagram");
    const buffer = new Uint8Array(8);
    const first = b.tryRecvFrom(buffer);
    expectEqual(first.length, 2, "b receives a's first datagram alone");
    expectEqual(first.from, undefined, "from an unnamed sender");
    expectEqual(b.tryRecv(buffer), 1, "then a's second");
    expectEqual(a.tryRecv(buffer), 3, "a receives b's datagram");
  }, { requires: DGRAM });

  test(clause("UX-ERR-1"), "bind to an existing path fails with EADDRINUSE and changes nothing", async (t) => {
    const proc = await unixFifoProcess(t);
    listenAt(proc);
    const s = proc.socket("unix", "stream");
    expectThrowsCode(() => s.bind(at(PATH)), "EADDRINUSE", "bind to a listening socket's path");
    expectEqual(s.localAddress(), undefined, "the socket is still unbound");
    proc.mkfifo("/tmp/fifo");
    expectThrowsCode(() => s.bind(at("/tmp/fifo")), "EADDRINUSE", "bind to a FIFO's path");
    expectEqual(proc.tryOpenFifo("/tmp/fifo", { access: "read" }).readable, true, "the FIFO is untouched");
    await proc.socket("unix", "stream").connect(at(PATH));
  }, { requires: WITH_FIFO });

  test(clause("UX-ERR-2"), "connect to a path that does not exist fails with ENOENT", async (t) => {
    const proc = await unixProcess(t);
    const s = proc.socket("unix", "stream");
    await expectRejectsCode(s.connect(at("/tmp/missing")), "ENOENT", "connect to a missing path");
    expectThrowsCode(() => s.tryConnect(at("/tmp/missing")), "ENOENT", "tryConnect to a missing path");
    expectThrowsCode(() => s.peerAddress(), "ENOTCONN", "the socket stays unconnected");
  }, { requires: STREAM });

  test(clause("UX-ERR-3"), "connect to a stale name or a socket that does not listen fails with ECONNREFUSED", async (t) => {
    const proc = await unixProcess(t);
    listenAt(proc).close();
    await expectRejectsCode(proc.socket("unix", "stream").connect(at(PATH)), "ECONNREFUSED", "connect to a stale name");
    proc.socket("unix", "stream").bind(at("/tmp/bound"));
    expectThrowsCode(() => proc.socket("unix", "stream").tryConnect(at("/tmp/bound")), "ECONNREFUSED", "tryConnect to a bound socket that does not listen");
  }, { requires: STREAM });

  test(clause("UX-ERR-3"), "connect to a FIFO's name fails with ECONNREFUSED and opening a socket's name as a FIFO fails with ENXIO", async (t) => {
    const proc = await unixFifoProcess(t);
    proc.mkfifo("/tmp/fifo", 0o666);
    await expectRejectsCode(proc.socket("unix", "stream").connect(at("/tmp/fifo")), "ECONNREFUSED", "connect to a FIFO");
    listenAt(proc);
    expectThrowsCode(() => proc.tryOpenFifo(PATH, { access: "read" }), "ENXIO", "tryOpenFifo of a socket's name");
  }, { requires: WITH_FIFO });

  test(clause("UX-PERM-1"), "connect needs write permission on the name: owner, group and other bits apply and root bypasses them", async (t) => {
    const { owner, member, other, root } = await users(t, cast, asUnix);
    listenAt(owner);
    await owner.socket("unix", "stream").connect(at(PATH));
    const refused = member.socket("unix", "stream");
    await expectRejectsCode(refused.connect(at(PATH)), "EACCES", "connect by a group member (mode 0o755)");
    expectThrowsCode(() => other.socket("unix", "stream").tryConnect(at(PATH)), "EACCES", "tryConnect by another user (mode 0o755)");
    await root.socket("unix", "stream").connect(at(PATH));
    expectThrowsCode(() => refused.peerAddress(), "ENOTCONN", "the refused socket is not connected");
  }, { requires: STREAM });

  test(clause("UX-PERM-1"), "with the group write bit set a group member may connect and another user still may not", async (t) => {
    const { owner, member, other } = await users(t, cast, asUnix);
    setUmask(owner, 0o002);
    const server = listenAt(owner);
    await member.socket("unix", "stream").connect(at(PATH));
    await expectRejectsCode(other.socket("unix", "stream").connect(at(PATH)), "EACCES", "connect by another user (mode 0o775)");
    expectEqual(server.tryAccept().type, "stream", "the member's connection");
    expectThrowsCode(() => server.tryAccept(), "EAGAIN", "no connection from the other user");
  }, { requires: WITH_UMASK });

  test(clause("UX-CAP-1"), "a path of 107 bytes binds and one of 108 bytes or a malformed one fails with EINVAL", async (t) => {
    const proc = await unixProcess(t);
    const longest = "/" + "a".repeat(106);
    const s = proc.socket("unix", "stream");
    const bad = ["/" + "a".repeat(107), "relative.sock", "", "/tmp//s", "/tmp/s/", "/é".repeat(36)];
    for (const path of bad) {
      expectThrowsCode(() => s.bind(at(path)), "EINVAL", `bind to a ${new TextEncoder().encode(path).length}-byte path ${JSON.stringify(path.slice(0, 12))}`);
      expectThrowsCode(() => s.tryConnect(at(path)), "EINVAL", `tryConnect to ${JSON.stringify(path.slice(0, 12))}`);
    }
    expectThrowsCode(() => s.bind({ family: "inet", host: "127.0.0.1", port: 1 } as unknown as UnixAddress), "EINVAL", "bind of a Unix socket to an inet address");
    expectEqual(s.localAddress(), undefined, "the socket is still unbound");
    s.bind(at(longest));
    s.listen();
    await proc.socket("unix", "stream").connect(at(longest));
    expectEqual(s.tryAccept().type, "stream", "a connection to the 107-byte path");
  }, { requires: STREAM });

  test(clause("UX-BLK-1"), "a Unix datagram queue takes 11 datagrams, then trySendTo fails with EAGAIN and sendTo waits for a receive", async (t) => {
    const { receiver, sender } = fullQueue(await unixProcess(t));
    const s = track(sender.sendTo(new Uint8Array([12]), at(PATH)));
    await expectPending(s, "sendTo to a full queue");
    const buffer = new Uint8Array(1);
    expectEqual(receiver.tryRecv(buffer), 1, "a receive");
    expectEqual(buffer[0], 0, "the oldest datagram");
    await drain();
    expectEqual(s.state, "fulfilled", "the pending sendTo after a receive made room");
    for (let index = 1; index <= 10; index += 1) {
      receiver.tryRecv(buffer);
      expectEqual(buffer[0], index, `datagram ${index + 1}, none dropped, in order`);
    }
    receiver.tryRecv(buffer);
    expectEqual(buffer[0], 12, "the datagram of the send that waited");
  }, { requires: DGRAM });

  test(clause("UX-BLK-1"), "unnamed senders reach a Unix datagram socket and its recvFrom reports no address", async (t) => {
    const proc = await unixProcess(t);
    const receiver = proc.socket("unix", "dgram");
    receiver.bind(at(PATH));
    const r = track(receiver.recvFrom(new Uint8Array(4)));
    await expectPending(r, "recvFrom on an empty queue");
    await proc.socket("unix", "dgram").sendTo(new Uint8Array([5, 6]), at(PATH));
    await drain();
    expectEqual(r.value?.length, 2, "the datagram's length");
    expectEqual(r.value?.from, undefined, "an unnamed sender's address");
  }, { requires: DGRAM });

  test(clause("UX-BLK-2"), "a handler interrupts a send waiting on a full Unix datagram queue: it rejects with EINTR and sends nothing", async (t) => {
    const proc = await unixProcess(t);
    const { receiver, sender } = fullQueue(proc);
    const caught = catchSignal(proc, SIGUSR1);
    const s = track(sender.sendTo(new Uint8Array([11]), at(PATH)));
    await expectPending(s, "sendTo to a full queue");
    signalProcess(proc).kill(proc.pid, SIGUSR1);
    expectEqual(caught.length, 1, "SIGUSR1 deliveries once kill returned");
    await expectSettledCode(s, "EINTR", "the send the handler interrupted");
    const buffer = new Uint8Array(1);
    for (let index = 0; index < 11; index += 1) receiver.tryRecv(buffer);
    expectEqual(buffer[0], 10, "the last datagram queued before the interrupted send");
    expectThrowsCode(() => receiver.tryRecv(buffer), "EAGAIN", "tryRecv once the 11 were received: the interrupted send sent nothing");
  }, { requires: SIGNAL_DGRAM });

  test(clause("UX-BLK-2"), "under restart, an interrupted send to a full Unix datagram queue goes on waiting and sends once a receive makes room", async (t) => {
    const proc = await unixProcess(t);
    const { receiver, sender } = fullQueue(proc);
    catchSignal(proc, SIGUSR1, { restart: true });
    const s = track(sender.sendTo(new Uint8Array([11]), at(PATH)));
    await expectPending(s, "sendTo to a full queue");
    signalProcess(proc).kill(proc.pid, SIGUSR1);
    await expectPending(s, "the send after a handler installed with restart ran");
    const buffer = new Uint8Array(1);
    receiver.tryRecv(buffer);
    await expectResolves(s, 1, "the restarted send once a receive made room");
    for (let index = 1; index <= 11; index += 1) receiver.tryRecv(buffer);
    expectEqual(buffer[0], 11, "the restarted send's datagram, last");
  }, { requires: SIGNAL_DGRAM });

  test(clause("UX-ERR-4"), "connect or sendTo to the name of a socket of the other type fails with EPROTOTYPE", async (t) => {
    const proc = await unixProcess(t);
    listenAt(proc);
    const datagrams = proc.socket("unix", "dgram");
    datagrams.bind(at("/tmp/dgram.sock"));
    expectThrowsCode(() => proc.socket("unix", "dgram").trySendTo(new Uint8Array([1]), at(PATH)), "EPROTOTYPE", "trySendTo a stream socket's name");
    expectThrowsCode(() => proc.socket("unix", "dgram").tryConnect(at(PATH)), "EPROTOTYPE", "datagram tryConnect to a stream socket's name");
    await expectRejectsCode(proc.socket("unix", "stream").connect(at("/tmp/dgram.sock")), "EPROTOTYPE", "stream connect to a datagram socket's name");
    expectThrowsCode(() => datagrams.tryRecv(new Uint8Array(1)), "EAGAIN", "nothing reached the datagram socket");
  }, { requires: BOTH });
}
