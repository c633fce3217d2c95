import { expect, test as base } from "vitest";
import { ackStatusOf } from "../../protocol/ack.js";
import { postRaw } from "../../protocol/http/post.js";
import { signBody, verifySignatureHeader } from "../../protocol/signing/index.js";
import { buildTransaction } from "../../fixtures/builders/index.js";
import { sendSigned } from "../common/send.js";
import { SLOW_ACK_MS } from "./app.js";
import { createIdentity } from "../common/identity.js";
import { GATEWAY_FAULTS, gatewayFaults, type GatewayFaultId } from "./faults.js";
import { ForwardLog, type Fanout } from "./forward-log.js";
import type { RunningGateway } from "./server.js";
import { gatewayNetworkFixture, searchBody, sendSearch, type GatewayNetwork } from "./testing/gateway-network.js";

const test = base.extend("net", { scope: "file" }, gatewayNetworkFixture());
type Observe = (net: GatewayNetwork, gateway: RunningGateway) => Promise<unknown>;

async function searchOnce(net: GatewayNetwork, gateway: RunningGateway) {
  const body = searchBody(net);
  const { request } = await sendSearch(net, gateway.url, body);
  const fanout = await gateway.forwarded.waitForFanout({ messageId: body.context.message_id }, 2000);
  const atB = await net.bpps.b.server.waitForRequest(
    (r) => (r.body?.["context"] as { message_id?: string } | undefined)?.message_id === body.context.message_id,
    2000,
  );
  return { request, fanout, atB };
}

const targets: Observe = async (net, gateway) => (await searchOnce(net, gateway)).fanout.targets.map((id) => id.replace(/^bpp-(\w)\.test$/, "$1"));
const verifies = (net: GatewayNetwork, header: string | undefined, rawBody: string, kind: "authorization" | "gateway") =>
  verifySignatureHeader({ header, rawBody, kind, lookupPublicKey: net.registry.lookupPublicKey }).then((v) => v.ok);

/** For each fault: what to observe, and what a clean gateway and the faulty one show. */
const observations: Record<GatewayFaultId, { observe: Observe; clean: unknown; faulty: unknown }> = {
  "gw.drop-matching-bpp": { observe: targets, clean: ["a", "b"], faulty: ["b"] },
  "gw.forward-non-matching": { observe: targets, clean: ["a", "b"], faulty: ["a", "b", "d"] },
  "gw.alter-body": {
    observe: async (net, gateway) => {
      const { request, atB } = await searchOnce(net, gateway);
      return [atB.rawBody === request.rawBody, await verifies(net, atB.headers["authorization"], atB.rawBody, "authorization")];
    },
    clean: [true, true],
    faulty: [false, false],
  },
  "gw.no-gateway-header": {
    observe: async (net, gateway) => {
      const { atB } = await searchOnce(net, gateway);
      return [atB.headers["x-gateway-authorization"] !== undefined, atB.headers["proxy-authorization"] !== undefined];
    },
    clean: [true, true],
    faulty: [false, false],
  },
  "gw.bad-gateway-signature": {
    observe: async (net, gateway) => {
      const { atB } = await searchOnce(net, gateway);
      return verifies(net, atB.headers["x-gateway-authorization"], atB.rawBody, "gateway");
    },
    clean: true,
    faulty: false,
  },
  "gw.strip-authorization": {
    observe: async (net, gateway) => (await searchOnce(net, gateway)).atB.headers["authorization"] !== undefined,
    clean: true,
    faulty: false,
  },
  "gw.accept-bad-signature": {
    observe: async (net, gateway) => {
      const { outcome } = await sendSearch(net, gateway.url, searchBody(net), { signer: createIdentity("BAP", net.bap.subscriberId) });
      return outcome.kind === "response" ? outcome.status : outcome.failure;
    },
    clean: 401,
    faulty: 200,
  },
  "gw.ignore-city": { observe: targets, clean: ["a", "b"], faulty: ["a", "b", "c"] },
  "gw.ignore-bpp-id": {
    observe: async (net, gateway) => {
      const body = searchBody(net, { bppId: "bpp-b.test" });
      await sendSearch(net, gateway.url, body);
      return (await gateway.forwarded.waitForFanout({ messageId: body.context.message_id }, 2000)).targets.map((id) => id.replace(/^bpp-(\w)\.test$/, "$1"));
    },
    clean: ["b"],
    faulty: ["a", "b"],
  },
  "gw.drop-on-search": {
    observe: async (net, gateway) => {
      const onSearch = buildTransaction({
        bapId: net.bap.subscriberId,
        bapUri: net.bapInbox.url,
        bppId: net.bpps.a.identity.subscriberId,
        bppUri: net.bpps.a.server.url,
      }).messages.on_search;
      const { outcome } = await sendSigned(net.bpps.a.identity, `${gateway.url}/on_search`, onSearch);
      const relayed = await gateway.forwarded.waitForFanout({ messageId: onSearch.context.message_id, action: "on_search" }, 1000).then(
        () => true,
        () => false,
      );
      return [outcome.kind === "response" ? outcome.status : outcome.failure, relayed];
    },
    clean: [200, true],
    faulty: [200, false],
  },
  "gw.empty-ack": {
    observe: async (net, gateway) => {
      const { outcome } = await sendSearch(net, gateway.url, searchBody(net));
      return outcome.kind === "response" ? [outcome.status, ackStatusOf(outcome.body)] : outcome.failure;
    },
    clean: [200, "ACK"],
    faulty: [200, undefined],
  },
  "gw.no-authenticate-header": {
    observe: async (net, gateway) => {
      const { outcome } = await sendSearch(net, gateway.url, searchBody(net), { signer: createIdentity("BAP", net.bap.subscriberId) });
      return outcome.kind === "response" ? [outcome.status, outcome.headers["www-authenticate"] !== undefined] : outcome.failure;
    },
    clean: [401, true],
    faulty: [401, false],
  },
  "gw.slow-ack": {
    observe: async (net, gateway) => {
      const { outcome } = await sendSearch(net, gateway.url, searchBody(net), { timeoutMs: SLOW_ACK_MS + 2000 });
      return outcome.kind === "response" ? [ackStatusOf(outcome.body), outcome.headersMs >= SLOW_ACK_MS - 100] : outcome.failure;
    },
    clean: ["ACK", false],
    faulty: ["ACK", true],
  },
  "gw.accept-stale": {
    observe: async (net, gateway) => {
      const body = searchBody(net);
      const stale = { ...body, context: { ...body.context, timestamp: new Date(Date.now() - 3_600_000).toISOString(), ttl: "PT10S" } };
      const { outcome } = await sendSearch(net, gateway.url, stale);
      return outcome.kind === "response" ? [outcome.status, ackStatusOf(outcome.body)] : outcome.failure;
    },
    clean: [400, "NACK"],
    faulty: [200, "ACK"],
  },
  "gw.verify-reserialised": {
    observe: async (net, gateway) => {
      const rawBody = `${JSON.stringify(searchBody(net), null, 2)}\n`;
      const { header } = signBody({ rawBody, subscriberId: net.bap.subscriberId, uniqueKeyId: net.bap.uniqueKeyId, privateKey: net.bap.signingPrivateKey });
      const outcome = await postRaw(`${gateway.url}/search`, rawBody, { "content-type": "application/json", authorization: header }, { timeoutMs: 2000 });
      return outcome.kind === "response" ? outcome.status : outcome.failure;
    },
    clean: 200,
    faulty: 401,
  },
  "gw.text-content-type": {
    observe: async (net, gateway) => {
      const body = searchBody(net);
      const { outcome } = await sendSearch(net, gateway.url, body);
      const atB = await net.bpps.b.server.waitForRequest(
        (r) => (r.body?.["context"] as { message_id?: string } | undefined)?.message_id === body.context.message_id,
        2000,
      );
      const forged = await sendSearch(net, gateway.url, searchBody(net), { signer: createIdentity("BAP", net.bap.subscriberId) });
      const declared = (o: typeof outcome): unknown => (o.kind === "response" ? [o.status, o.headers["content-type"]] : o.failure);
      return [declared(outcome), atB.headers["content-type"], declared(forged.outcome)];
    },
    clean: [[200, "application/json; charset=utf-8"], "application/json", [401, "application/json; charset=utf-8"]],
    faulty: [[200, "text/plain"], "text/plain", [401, "text/plain"]],
  },
};

const rows = GATEWAY_FAULTS.map((fault) => ({ ...fault, ...observations[fault.id] }));

test.for(rows)("$id shows its effect on a gateway", async (row, { net }) => {
  const clean = await net.startGateway();
  const faulty = await net.startGateway([row.id]);
  expect(await row.observe(net, clean)).toEqual(row.clean);
  expect(await row.observe(net, faulty)).toEqual(row.faulty);
});

test("an unknown gateway fault id is refused", () => {
  expect(() => gatewayFaults(["gw.nope"])).toThrow(/Unknown gateway fault "gw\.nope"/);
});

test("the forward log keeps the newest fan-outs up to its limit", () => {
  const log = new ForwardLog(2);
  const fanout = (messageId: string): Fanout => ({ action: "search", transactionId: "t", messageId, targets: [], forwards: [], atMs: 0 });
  ["m1", "m2", "m3"].forEach((id) => log.add(fanout(id)));
  expect(log.fanouts().map((f) => f.messageId)).toEqual(["m2", "m3"]);
});
