import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { expect, onTestFinished, test as base } from "vitest";
import { verifySignatureHeader } from "../../protocol/signing/index.js";
import { buildTransaction } from "../../fixtures/builders/index.js";
import { startFakeBpp } from "../common/testing/fake-bpp.js";
import { triggerAt, type SentContext } from "./testing/http.js";
import { networkFixture } from "./testing/network.js";

const tx = buildTransaction({ seed: 5 });
const fixtures = {
  messages: { search: tx.messages.search.message, select: tx.messages.select.message, status: tx.messages.status.message },
  nack: { message: { ack: { status: "NACK" } }, error: { code: "30000", message: "no" } },
};

const test = base.extend("net", { scope: "file" }, networkFixture());

const messageIdOf = (r: { body?: Record<string, unknown> | undefined }): unknown => (r.body?.["context"] as SentContext | undefined)?.["message_id"];

test("a trigger signs the request, sends it to bpp_uri/<action> and answers 200 with context, ack and status", async ({ net }) => {
  const bap = await net.startBap();
  const reply = await triggerAt(bap.url, "select", {
    context: { bpp_id: net.bppIdentity.subscriberId, bpp_uri: net.bpp.url },
    message: fixtures.messages.select,
  });
  expect(reply.status).toBe(200);
  expect(reply.body.ack).toEqual({ message: { ack: { status: "ACK" } } });
  expect(reply.body.status).toBe(200);
  const received = await net.bpp.waitForRequest((r) => messageIdOf(r) === reply.body.context["message_id"], 2000);
  expect(received.action).toBe("select");
  expect(received.body).toEqual({ context: reply.body.context, message: fixtures.messages.select });
  const verdict = await verifySignatureHeader({
    header: received.headers["authorization"],
    rawBody: received.rawBody,
    kind: "authorization",
    lookupPublicKey: net.registry.lookupPublicKey,
    expectedSubscriberId: bap.identity.subscriberId,
  });
  expect(verdict).toMatchObject({ ok: true, keyId: { subscriberId: bap.identity.subscriberId, uniqueKeyId: bap.identity.uniqueKeyId } });
});

test("a trigger answers 200 with the NACK and its HTTP status when the BPP refuses", async ({ net }) => {
  const bpp = await startFakeBpp({ identity: net.bppIdentity, answer: () => ({ status: 401, body: fixtures.nack }) });
  onTestFinished(() => bpp.close());
  const bap = await net.startBap();
  const reply = await triggerAt(bap.url, "status", { context: { bpp_id: net.bppIdentity.subscriberId, bpp_uri: bpp.url }, message: fixtures.messages.status });
  expect(reply).toMatchObject({ status: 200, body: { ack: fixtures.nack, status: 401, context: { action: "status" } } });
});

async function deadServer(behaviour: "refused" | "timeout" | "reset"): Promise<string> {
  const server: Server = createServer((socket) => (behaviour === "reset" ? socket.resetAndDestroy() : undefined));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => sockets.add(socket));
  const close = (): Promise<void> => {
    sockets.forEach((socket) => socket.destroy());
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  if (behaviour === "refused") {
    await close();
  } else {
    onTestFinished(close);
  }
  return url;
}

test.for(["refused", "timeout", "reset"] as const)("a trigger answers 502 with a JSON error when the target is %s", async (behaviour, { net }) => {
  const bap = await net.startBap({ timeoutMs: 300 });
  const target = await deadServer(behaviour);
  const reply = await triggerAt(bap.url, "select", { context: { bpp_id: "bpp.dead", bpp_uri: target }, message: fixtures.messages.select });
  expect(reply.status).toBe(502);
  expect(reply.body.error?.code).toBe("TRIGGER_NO_ANSWER");
  expect(reply.body.error?.message).toContain(behaviour);
});

test.for([
  { name: "a search without bpp_uri goes through the gateway", direct: false },
  { name: "a search naming bpp_uri goes straight to the BPP", direct: true },
])("$name", async ({ direct }, { net }) => {
  const bap = await net.startBap();
  const context = direct ? { bpp_id: net.bppIdentity.subscriberId, bpp_uri: net.bpp.url } : {};
  const reply = await triggerAt(bap.url, "search", { context, message: fixtures.messages.search });
  const received = await net.bpp.waitForRequest((r) => messageIdOf(r) === reply.body.context["message_id"], 2000);
  expect(received.headers["x-gateway-authorization"] !== undefined).toBe(!direct);
  expect(bap.engine.exchanges().requests.at(-1)?.request.url).toBe(direct ? `${net.bpp.url}/search` : `${net.gateway.url}/search`);
});

test.for([
  { name: "by default a request after search takes the trigger's transaction_id", variants: [] as string[], from: "caller" },
  {
    name: "bap.trigger-remembers-transaction ignores the trigger's transaction_id and takes its last request's",
    variants: ["bap.trigger-remembers-transaction"],
    from: "last-request",
  },
])("$name, and says where it came from", async ({ variants, from }, { net }) => {
  const bap = await net.startBap({ variants });
  const searched = await triggerAt(bap.url, "search", { message: fixtures.messages.search });
  expect((searched.body as { transaction_from?: unknown }).transaction_from).toBe("new");
  const given = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
  const to = { bpp_id: net.bppIdentity.subscriberId, bpp_uri: net.bpp.url, transaction_id: given };
  const reply = await triggerAt(bap.url, "select", { context: to, message: fixtures.messages.select });
  expect((reply.body as { transaction_from?: unknown }).transaction_from).toBe(from);
  expect(reply.body.context["transaction_id"]).toBe(from === "caller" ? given : searched.body.context["transaction_id"]);
});

test("a select without transaction_id is sent in the transaction of the BAP's last request", async ({ net }) => {
  const bap = await net.startBap();
  const searched = await triggerAt(bap.url, "search", { message: fixtures.messages.search });
  const reply = await triggerAt(bap.url, "select", {
    context: { bpp_id: net.bppIdentity.subscriberId, bpp_uri: net.bpp.url },
    message: fixtures.messages.select,
  });
  expect([reply.body.context["transaction_id"], (reply.body as { transaction_from?: unknown }).transaction_from]).toEqual([
    searched.body.context["transaction_id"],
    "last-request",
  ]);
});
