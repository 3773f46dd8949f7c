/**
 * A stream socket client and server (`socket`, `bind`, `listen`, `accept`,
 * `connect`, `send`, `recv`, `shutdown`): a byte stream in each direction,
 * a half-close that the server reads as end of file, and a reply after it.
 *
 * Run it: `npx ipckit demo stream`.
 *
 * @module
 */

import { createSystem } from "../../reference/index.ts";
import type { Demo, Write } from "./demo.ts";
import { bytes, narrator, stillWaiting, text } from "./demo.ts";

async function run(write: Write): Promise<void> {
  const say = narrator(write);
  say.title("A stream socket client and server");
  const system = createSystem();
  const serverProcess = system.spawn({ uid: 1000, gid: 100 });
  const clientProcess = system.spawn({ uid: 1001, gid: 100 });
  const address = { family: "inet", host: "127.0.0.1", port: 7000 } as const;

  const listener = serverProcess.socket("inet", "stream");
  listener.bind(address);
  listener.listen(4);
  say("server", "socket, bind 127.0.0.1:7000, listen (backlog 4)");
  const accepting = listener.accept();
  say("server", `accept: ${(await stillWaiting(accepting)) ? "waits, no client has connected (ST-BLK-2)" : "did NOT wait"}`);

  const client = clientProcess.socket("inet", "stream");
  await client.connect(address);
  say("client", "socket, connect 127.0.0.1:7000");
  const connection = await accepting;
  say("server", "accept returns a new socket for this connection; the listener goes on listening");

  await client.send(bytes("GET /time"));
  await client.send(bytes(" please"));
  say("client", 'sends "GET /time" and " please" (two sends)');
  client.shutdown("write");
  say("client", "shutdown(write): no more requests (a half-close)");

  const buffer = new Uint8Array(64);
  let request = "";
  for (;;) {
    const count = await connection.recv(buffer);
    if (count === 0) break;
    request += text(buffer.subarray(0, count));
    say("server", `recv ${count} bytes`);
  }
  say("server", `recv 0: end of file; the request is "${request}" (a stream keeps no boundaries; ST-ORD-2)`);
  await connection.send(bytes("12:00"));
  say("server", 'sends "12:00": its direction is still open (ST-EOF-2)');
  connection.close();
  say("server", "closes the connection");

  const count = await client.recv(buffer);
  say("client", `recv ${count} bytes: "${text(buffer.subarray(0, count))}"`);
  const last = client.recv(buffer);
  say("client", `recv ${(await stillWaiting(last)) ? "waits" : `returns ${await last}`}: end of file, the server closed (ST-EOF-1)`);
  client.close();
  listener.close();
  say("server", "closes the listener");
}

/** The demonstration. */
export const streamDemo: Demo = {
  name: "stream",
  title: "a stream socket client and server",
  run,
};
