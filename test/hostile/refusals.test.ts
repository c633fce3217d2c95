/**
 * Every server of `mock up` and every server the harness runs during a run answers what the
 * framework refuses (no Host, an over-long URL, an unknown route, a body too large) with a coded
 * Beckn NACK: a 4xx status and {"message":{"ack":{"status":"NACK"}},"error":{"code",...}}.
 * Raw sockets, because fetch always sends a Host header.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createIdentity } from "../../mocks/common/identity.js";
import { startNetwork, type RunningNetwork } from "../../mocks/network/index.js";
import { createCallbackReceiver, type CallbackReceiver } from "../../suites/roles/bpp/drive/receiver.js";
import { ArrivalLog, startInbox, type Inbox } from "../../suites/roles/gateway/inbox.js";
import { startSubscriberApp, type SubscriberApp } from "../../suites/roles/registry/subscriber-app.js";

let network: RunningNetwork;
let receiver: CallbackReceiver;
let inbox: Inbox;
let subscriberApp: SubscriberApp;
const urls: Record<string, string> = {};

beforeAll(async () => {
  network = await startNetwork();
  receiver = createCallbackReceiver();
  inbox = await startInbox(createIdentity("BPP", "inbox.refusals.test"), "127.0.0.1", new ArrivalLog(), async () => undefined);
  subscriberApp = await startSubscriberApp({ host: "127.0.0.1", registrations: [], registryEncryptionKey: undefined });
  Object.assign(urls, {
    registry: network.registry.url,
    gateway: network.gateway.url,
    bap: network.bap.url,
    bpp: network.bpp.url,
    grid: network.grid.url,
    "harness callback receiver": await receiver.listen("127.0.0.1", 0),
    "harness gateway-suite inbox": inbox.url,
    "harness registry-suite subscriber app": new URL(subscriberApp.urlOf("x")).origin,
  });
});

afterAll(async () => {
  await Promise.all([network?.stop(), receiver?.close(), inbox?.close(), subscriberApp?.close()]);
});

/** Sends `request` as bytes and reads the whole answer (every request says Connection: close). */
function rawExchange(baseUrl: string, request: string): Promise<{ status: number; body: unknown }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const [head = "", ...rest] = text.split("\r\n\r\n");
      const chunked = /transfer-encoding: chunked/i.test(head);
      const raw = rest.join("\r\n\r\n");
      const bodyText = chunked
        ? raw
            .split("\r\n")
            .filter((_line, i) => i % 2 === 1)
            .join("")
        : raw;
      let body: unknown = bodyText;
      try {
        body = JSON.parse(bodyText) as unknown;
      } catch {
        // not JSON: the assertion shows it
      }
      resolve({ status: Number(head.split(" ")[1]), body });
    });
  });
}

const CASES = [
  {
    name: "a request without Host",
    status: 400,
    request: () => "POST /search HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
  },
  {
    name: "an over-long trigger action",
    status: [414, 404],
    request: () => `POST /trigger/${"a".repeat(300)} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
  },
  {
    name: "an over-long path parameter",
    status: [414, 404],
    request: () => `GET /orders/${"o".repeat(300)}/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
  },
  {
    name: "an over-long single-segment path",
    status: [414, 404],
    request: () => `POST /${"s".repeat(300)} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
  },
  { name: "an unknown route", status: 404, request: () => "GET /no-such-route HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" },
  {
    name: "a body over the limit",
    status: [413, 404],
    request: () => `POST /search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${17 * 1024 * 1024}\r\nConnection: close\r\n\r\n{`,
  },
] as const;

const SERVERS = [
  "registry",
  "gateway",
  "bap",
  "bpp",
  "grid",
  "harness callback receiver",
  "harness gateway-suite inbox",
  "harness registry-suite subscriber app",
] as const;

test.for(SERVERS.flatMap((server) => CASES.map((c) => ({ server, ...c }))))("$server answers $name with a coded NACK", async ({ server, status, request }) => {
  const answer = await rawExchange(urls[server] ?? "", request());
  expect(Array.isArray(status) ? status : [status]).toContain(answer.status);
  expect(answer.body).toMatchObject({ message: { ack: { status: "NACK" } }, error: { code: expect.stringMatching(/^\d{5}$/), message: expect.any(String) } });
});

test("the BAP answers an over-long trigger action with 414 and a coded NACK", async () => {
  const answer = await rawExchange(urls["bap"] ?? "", CASES[1].request());
  expect(answer).toMatchObject({ status: 414, body: { message: { ack: { status: "NACK" } }, error: { code: "30000" } } });
});
