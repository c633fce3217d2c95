import { expect, test as base } from "vitest";
import { verifySignatureHeader } from "../../protocol/signing/index.js";
import { buildTransaction } from "../../fixtures/builders/index.js";
import { createIdentity } from "../common/identity.js";
import { sendSigned } from "../common/send.js";
import type { RunningGateway } from "./server.js";
import { gatewayNetworkFixture, RECEIVERS, searchBody, sendSearch, type GatewayNetwork, type ReceiverName } from "./testing/gateway-network.js";

const test = base.extend("net", { scope: "file" }, gatewayNetworkFixture());
const NAMES = Object.keys(RECEIVERS) as ReceiverName[];
const nameOf = (subscriberId: string): string => subscriberId.replace(/^bpp-(\w)\.test$/, "$1");
const carrying = (messageId: string) => (r: { body?: Record<string, unknown> | undefined }) =>
  (r.body?.["context"] as { message_id?: string } | undefined)?.message_id === messageId;

async function multicast(net: GatewayNetwork, gateway: RunningGateway, where: Parameters<typeof searchBody>[1]) {
  const body = searchBody(net, where);
  const { request, outcome } = await sendSearch(net, gateway.url, body);
  const fanout = await gateway.forwarded.waitForFanout({ messageId: body.context.message_id, action: "search" }, 2000);
  const reached = NAMES.filter((name) => net.bpps[name].server.received.some(carrying(body.context.message_id)));
  return { request, outcome, fanout, reached, messageId: body.context.message_id };
}

test.for([
  { name: "a search in the guide's city reaches the trade BPPs of that city and of no city", where: {}, expected: ["a", "b"] },
  { name: "a search in another city reaches that city's BPPs and those of no city", where: { city: "std:080" }, expected: ["b", "c"] },
  { name: "a search with no city reaches every trade BPP", where: { city: null }, expected: ["a", "b", "c"] },
  { name: "a search in another domain reaches that domain's subscribed BPPs only", where: { domain: "mobility" }, expected: ["d"] },
  { name: "a search naming bpp_id reaches that BPP only", where: { bppId: "bpp-b.test" }, expected: ["b"] },
  { name: "a search naming a BPP of another city reaches none", where: { bppId: "bpp-c.test" }, expected: [] },
])("$name", async ({ where, expected }, { net }) => {
  const gateway = await net.startGateway();
  const { outcome, fanout, reached } = await multicast(net, gateway, where);
  expect(outcome).toMatchObject({ status: 200, body: { message: { ack: { status: "ACK" } } } });
  expect(fanout.targets.map(nameOf)).toEqual(expected);
  expect(reached).toEqual(expected);
});

test("the gateway forwards the exact bytes with the BAP's Authorization and its own two headers", async ({ net }) => {
  const gateway = await net.startGateway();
  const { request, messageId } = await multicast(net, gateway, {});
  for (const name of ["a", "b"] as const) {
    const received = await net.bpps[name].server.waitForRequest(carrying(messageId), 0);
    expect(received.rawBody).toBe(request.rawBody);
    expect(received.headers["authorization"]).toBe(request.headers["authorization"]);
    expect(received.headers["proxy-authorization"]).toBe(received.headers["x-gateway-authorization"]);
    const verdict = await verifySignatureHeader({
      header: received.headers["x-gateway-authorization"],
      rawBody: received.rawBody,
      kind: "gateway",
      lookupPublicKey: net.registry.lookupPublicKey,
    });
    expect(verdict).toMatchObject({ ok: true, keyId: { subscriberId: gateway.identity.subscriberId, uniqueKeyId: gateway.identity.uniqueKeyId } });
  }
});

test("a search no BPP serves is ACKed and forwarded nowhere", async ({ net }) => {
  const gateway = await net.startGateway();
  const body = searchBody(net, { domain: "nothing-here" });
  const { outcome } = await sendSearch(net, gateway.url, body);
  expect(outcome).toMatchObject({ status: 200 });
  expect((await gateway.forwarded.waitForFanout({ messageId: body.context.message_id }, 2000)).targets).toEqual([]);
});

test("a search with a bad BAP signature gets a 401 NACK and is forwarded nowhere", async ({ net }) => {
  const gateway = await net.startGateway();
  const forged = searchBody(net);
  const { outcome } = await sendSearch(net, gateway.url, forged, { signer: createIdentity("BAP", net.bap.subscriberId) });
  expect(outcome).toMatchObject({
    status: 401,
    headers: { "www-authenticate": expect.stringMatching(/^Signature realm="gateway-\d+\.test"/) },
    body: { error: { code: "10001" } },
  });
  await multicast(net, gateway, {});
  expect(gateway.forwarded.fanouts().some((f) => f.messageId === forged.context.message_id)).toBe(false);
  expect(NAMES.filter((name) => net.bpps[name].server.received.some(carrying(forged.context.message_id)))).toEqual([]);
});

async function relayOnSearch(net: GatewayNetwork, gateway: RunningGateway, bapId: string, signer = net.bpps.a.identity) {
  const bpp = net.bpps.a;
  const onSearch = buildTransaction({ bapId, bapUri: net.bapInbox.url, bppId: bpp.identity.subscriberId, bppUri: bpp.server.url }).messages.on_search;
  const sent = await sendSigned(signer, `${gateway.url}/on_search`, onSearch);
  return { ...sent, messageId: onSearch.context.message_id };
}

test("the gateway relays an on_search to the BAP's registered URL with the BPP's Authorization and its gateway headers", async ({ net }) => {
  const [bapId, target] = ["bap.gw-test", "bap.gw-test"];
  const gateway = await net.startGateway();
  const { request, outcome, messageId } = await relayOnSearch(net, gateway, bapId);
  expect(outcome).toMatchObject({ status: 200 });
  const fanout = await gateway.forwarded.waitForFanout({ messageId, action: "on_search" }, 2000);
  expect(fanout.targets).toEqual([target]);
  const received = await net.bapInbox.waitForRequest(carrying(messageId), 0);
  expect([received.action, received.rawBody, received.headers["authorization"]]).toEqual(["on_search", request.rawBody, request.headers["authorization"]]);
  const verdict = await verifySignatureHeader({
    header: received.headers["x-gateway-authorization"],
    rawBody: received.rawBody,
    kind: "gateway",
    lookupPublicKey: net.registry.lookupPublicKey,
  });
  expect(verdict.ok).toBe(true);
});

test("an on_search with a bad BPP signature gets a 401 NACK and is relayed nowhere", async ({ net }) => {
  const gateway = await net.startGateway();
  const { outcome, messageId } = await relayOnSearch(net, gateway, "bap.gw-test", net.bpps.b.identity);
  expect(outcome).toMatchObject({ status: 401 });
  expect(gateway.forwarded.fanouts().some((f) => f.messageId === messageId)).toBe(false);
});
