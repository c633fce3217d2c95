import { expect, test as base } from "vitest";
import { buildTransaction } from "../../fixtures/builders/index.js";
import { createIdentity } from "../common/identity.js";
import { sendSigned } from "../common/send.js";
import { subscriberEntry } from "../common/testing/static-registry.js";
import { gatewayNetworkFixture, type GatewayNetwork } from "./testing/gateway-network.js";

const test = base.extend("net", { scope: "file" }, gatewayNetworkFixture());

/** A signed on_search from a registered BPP, for `bapId`, naming `bapUri`. */
function onSearchFor(net: GatewayNetwork, bapId: string, bapUri: string) {
  const bpp = net.bpps.a;
  return buildTransaction({ bapId, bapUri, bppId: bpp.identity.subscriberId, bppUri: bpp.server.url }).messages.on_search;
}

test("an on_search for an unregistered BAP whose bap_uri is the gateway gets a coded 400 NACK and is forwarded nowhere", async ({ net }) => {
  const gateway = await net.startGateway();
  const onSearch = onSearchFor(net, "bap.nowhere", gateway.url);
  const { outcome } = await sendSigned(net.bpps.a.identity, `${gateway.url}/on_search`, onSearch);
  expect(outcome).toMatchObject({ status: 400, body: { message: { ack: { status: "NACK" } }, error: { code: "30000", paths: "$.context.bap_id" } } });
  expect(gateway.forwarded.fanouts().filter((f) => f.messageId === onSearch.context.message_id)).toEqual([]);
});

test("an on_search for a BAP registered at the gateway's own URL comes back once and is refused: no second relay", async ({ net }) => {
  const gateway = await net.startGateway();
  const bap = createIdentity("BAP", "bap.at-gateway.test");
  net.registry.entries.push(subscriberEntry(bap, gateway.url));
  const onSearch = onSearchFor(net, bap.subscriberId, gateway.url);
  const { outcome } = await sendSigned(net.bpps.a.identity, `${gateway.url}/on_search`, onSearch);
  expect(outcome).toMatchObject({ status: 200 });
  const first = await gateway.forwarded.waitForFanout({ messageId: onSearch.context.message_id, action: "on_search" }, 2000);
  expect(first.forwards[0]?.outcome).toMatchObject({ kind: "response", status: 400, body: { error: { code: "30000" } } });
  expect(gateway.forwarded.fanouts().filter((f) => f.messageId === onSearch.context.message_id)).toHaveLength(1);
});
