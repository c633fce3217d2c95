import { expect, test as base } from "vitest";
import { endStops } from "../../protocol/shapes.js";
import { postRaw } from "../../protocol/http/post.js";
import { signBody, verifySignatureHeader } from "../../protocol/signing/index.js";
import { buildTransaction } from "../../fixtures/builders/index.js";
import { createIdentity } from "../common/identity.js";
import { endpoint, gatewayHeaders, sendSigned, type SentRequest } from "../common/send.js";
import { subscriberEntry } from "../common/testing/static-registry.js";
import { BAP_FAULTS, bapFaults, type BapFaultId } from "./faults.js";
import { callbackBody, sendCallback, type CallbackParties } from "./testing/callbacks.js";
import type { ReceivedRequest } from "../common/testing/fake-bpp.js";
import { triggerAt, type TriggerReply } from "./testing/http.js";
import { networkFixture, type TestNetwork } from "./testing/network.js";

type Bap = Awaited<ReturnType<TestNetwork["startBap"]>>;
type Observe = (net: TestNetwork, bap: Bap) => Promise<unknown>;

const messages = buildTransaction({ seed: 21 }).messages;
const test = base.extend("net", { scope: "file" }, networkFixture());

const toBpp = (net: TestNetwork) => ({ bpp_id: net.bppIdentity.subscriberId, bpp_uri: net.bpp.url });
const search = (bap: Bap, context = {}) => triggerAt(bap.url, "search", { context, message: messages.search.message });
const send = (net: TestNetwork, bap: Bap, action: "select" | "init" | "confirm") =>
  triggerAt(bap.url, action, { context: toBpp(net), message: messages[action].message });
const arrival = (net: TestNetwork, reply: TriggerReply): Promise<ReceivedRequest> =>
  net.bpp.waitForRequest(
    (r) =>
      (r.body?.["context"] as Record<string, unknown> | undefined)?.["message_id"] === reply.body.context["message_id"] &&
      r.action === reply.body.context["action"],
    2000,
  );
const parties = (net: TestNetwork, bap: Bap): CallbackParties => ({
  bapId: bap.identity.subscriberId,
  bapUrl: bap.url,
  bpp: net.bppIdentity,
  bppUrl: net.bpp.url,
});
const callbackStatus = async (net: TestNetwork, bap: Bap, body = callbackBody("on_select", parties(net, bap)), signer = net.bppIdentity) => {
  const { outcome } = await sendCallback(parties(net, bap), body, { signer });
  return outcome.kind === "response" ? outcome.status : outcome.failure;
};

/** For each fault: what to observe, and what a clean BAP and the faulty one show. */
const observations: Record<BapFaultId, { observe: Observe; clean: unknown; faulty: unknown }> = {
  "bap.reuse-transaction-id": {
    observe: async (_n, bap) => (await search(bap)).body.context["transaction_id"] === (await search(bap)).body.context["transaction_id"],
    clean: false,
    faulty: true,
  },
  "bap.reuse-message-id": {
    observe: async (net, bap) => (await send(net, bap, "select")).body.context["message_id"] === (await send(net, bap, "select")).body.context["message_id"],
    clean: false,
    faulty: true,
  },
  "bap.search-direct": {
    observe: async (net, bap) => {
      await send(net, bap, "select");
      const reply = await search(bap);
      return (await arrival(net, reply)).headers["x-gateway-authorization"] === undefined ? "direct" : "via gateway";
    },
    clean: "via gateway",
    faulty: "direct",
  },
  "bap.missing-bpp-id": {
    observe: async (net, bap) => (await arrival(net, await send(net, bap, "select"))).body?.["context"],
    clean: expect.objectContaining({ bpp_id: "bpp.test" }),
    faulty: expect.not.objectContaining({ bpp_id: expect.anything() }),
  },
  "bap.wrong-bap-uri": { observe: async (net, bap) => (await send(net, bap, "select")).body.context["bap_uri"] === bap.url, clean: true, faulty: false },
  "bap.unsigned-request": {
    observe: async (net, bap) => "authorization" in (await arrival(net, await send(net, bap, "select"))).headers,
    clean: true,
    faulty: false,
  },
  "bap.expired-signature": {
    observe: async (net, bap) => {
      const received = await arrival(net, await send(net, bap, "select"));
      const verdict = await verifySignatureHeader({
        header: received.headers["authorization"],
        rawBody: received.rawBody,
        kind: "authorization",
        lookupPublicKey: net.registry.lookupPublicKey,
      });
      return verdict.ok ? "valid" : verdict.reason;
    },
    clean: "valid",
    faulty: "expired",
  },
  "bap.nack-valid-callback": { observe: (net, bap) => callbackStatus(net, bap), clean: 200, faulty: 400 },
  "bap.accept-forged-callback": { observe: (net, bap) => callbackStatus(net, bap, undefined, createIdentity("BPP", "bpp.test")), clean: 401, faulty: 200 },
  "bap.500-on-unknown-transaction": { observe: (net, bap) => callbackStatus(net, bap), clean: 200, faulty: 500 },
  "bap.no-ack-unsolicited": { observe: (net, bap) => callbackStatus(net, bap, callbackBody("on_status", parties(net, bap))), clean: 200, faulty: 400 },
  "bap.missing-billing": {
    observe: async (net, bap) => "billing" in ((await arrival(net, await send(net, bap, "init"))).body?.["message"] as { order: object }).order,
    clean: true,
    faulty: false,
  },
  "bap.missing-end-meter": {
    observe: async (net, bap) => {
      const sent = await Promise.all((["select", "init", "confirm"] as const).map(async (action) => arrival(net, await send(net, bap, action))));
      return sent.map((r) => endStops((r.body?.["message"] as { order: { fulfillments?: unknown[] } }).order.fulfillments?.[0]).length);
    },
    clean: [1, 1, 1],
    faulty: [0, 0, 0],
  },
  "bap.stale-timestamp": {
    observe: async (_n, bap) => Date.now() - Date.parse(String((await search(bap)).body.context["timestamp"])) > 60_000,
    clean: false,
    faulty: true,
  },
  "bap.transaction-id-changes": {
    observe: async (net, bap) => (await search(bap)).body.context["transaction_id"] === (await send(net, bap, "select")).body.context["transaction_id"],
    clean: true,
    faulty: false,
  },
  "bap.bad-ttl": { observe: async (_n, bap) => (await search(bap)).body.context["ttl"], clean: "PT10S", faulty: "10 seconds" },
  "bap.missing-quantity": {
    observe: async (net, bap) =>
      "quantity" in (((await arrival(net, await send(net, bap, "select"))).body?.["message"] as { order: { items: object[] } }).order.items[0] ?? {}),
    clean: true,
    faulty: false,
  },
  "bap.no-www-authenticate": {
    observe: async (net, bap) => {
      const { outcome } = await sendCallback(parties(net, bap), callbackBody("on_select", parties(net, bap)), { signer: createIdentity("BPP", "bpp.test") });
      return outcome.kind === "response" ? [outcome.status, outcome.headers["www-authenticate"] !== undefined] : outcome.failure;
    },
    clean: [401, true],
    faulty: [401, false],
  },
  "bap.skip-callback-validation": {
    observe: (net, bap) => {
      const { context, ...noContext } = callbackBody("on_select", parties(net, bap));
      return sendSigned(net.bppIdentity, endpoint(bap.url, context.action), noContext).then(({ outcome }) =>
        outcome.kind === "response" ? outcome.status : outcome.failure,
      );
    },
    clean: 400,
    faulty: 200,
  },
  "bap.500-on-late-callback": {
    observe: async (net, bap) => {
      const reply = await triggerAt(bap.url, "select", { context: { ...toBpp(net), ttl: "PT0S" }, message: messages.select.message });
      const ids = { transactionId: String(reply.body.context["transaction_id"]), messageId: String(reply.body.context["message_id"]) };
      return callbackStatus(net, bap, callbackBody("on_select", parties(net, bap), ids));
    },
    clean: 200,
    faulty: 500,
  },
  "bap.500-on-duplicate-callback": {
    observe: async (net, bap) => {
      const body = callbackBody("on_select", parties(net, bap));
      return [await callbackStatus(net, bap, body), await callbackStatus(net, bap, body)];
    },
    clean: [200, 200],
    faulty: [200, 500],
  },
  "bap.wedged-after-unknown-transaction": {
    observe: async (net, bap) => [await callbackStatus(net, bap), await callbackStatus(net, bap, callbackBody("on_search", parties(net, bap)))],
    clean: [200, 200],
    faulty: [200, 500],
  },
  "bap.slow-ack-on-confirm": { observe: (net, bap) => callbackStatus(net, bap, callbackBody("on_confirm", parties(net, bap))), clean: 200, faulty: "timeout" },
  "bap.drop-status": {
    observe: async (net, bap) => {
      const reply = await triggerAt(bap.url, "status", { context: toBpp(net), message: messages.status.message });
      const arrived = await net.bpp
        .waitForRequest((r) => (r.body?.["context"] as Record<string, unknown> | undefined)?.["message_id"] === reply.body.context["message_id"], 500)
        .then(
          () => true,
          () => false,
        );
      return [reply.status, arrived];
    },
    clean: [200, true],
    faulty: [200, false],
  },
  // The gateway has no /select: the trigger reports the 404 it got there.
  "bap.select-to-gateway": { observe: async (net, bap) => (await send(net, bap, "select")).body.status, clean: 200, faulty: 404 },
  "bap.accept-stale-callback": {
    observe: (net, bap) => {
      const body = callbackBody("on_status", parties(net, bap));
      return callbackStatus(net, bap, { ...body, context: { ...body.context, timestamp: new Date(Date.now() - 3_600_000).toISOString() } });
    },
    clean: 400,
    faulty: 200,
  },
  "bap.accept-misaddressed-callback": {
    observe: (net, bap) => {
      const body = callbackBody("on_status", parties(net, bap));
      return callbackStatus(net, bap, { ...body, context: { ...body.context, bap_id: "bap.other.test" } });
    },
    clean: 400,
    faulty: 200,
  },
  "bap.accept-other-signer": {
    observe: (net, bap) => {
      const other = createIdentity("BPP", "bpp.other.test");
      net.registry.entries.push(subscriberEntry(other, net.bpp.url));
      return callbackStatus(net, bap, callbackBody("on_status", parties(net, bap)), other);
    },
    clean: 401,
    faulty: 200,
  },
  "bap.trust-gateway-header": {
    observe: async (net, bap) => {
      const forged = createIdentity("BPP", "bpp.test"); // its key is not the registered one
      const relayed = (request: SentRequest): SentRequest => ({
        ...request,
        headers: { ...request.headers, ...gatewayHeaders(net.gatewayIdentity, request.rawBody) },
      });
      const { outcome } = await sendCallback(parties(net, bap), callbackBody("on_search", parties(net, bap)), { signer: forged, afterSigning: relayed });
      return outcome.kind === "response" ? outcome.status : outcome.failure;
    },
    clean: 401,
    faulty: 200,
  },
  "bap.verify-reserialised": {
    observe: async (net, bap) => {
      const rawBody = `${JSON.stringify(callbackBody("on_status", parties(net, bap)), null, 2)}\n`;
      const { header } = signBody({
        rawBody,
        subscriberId: net.bppIdentity.subscriberId,
        uniqueKeyId: net.bppIdentity.uniqueKeyId,
        privateKey: net.bppIdentity.signingPrivateKey,
      });
      const outcome = await postRaw(endpoint(bap.url, "on_status"), rawBody, { "content-type": "application/json", authorization: header });
      return outcome.kind === "response" ? outcome.status : outcome.failure;
    },
    clean: 200,
    faulty: 401,
  },
  "bap.ack-text-plain": {
    observe: async (net, bap) => {
      const { outcome } = await sendCallback(parties(net, bap), callbackBody("on_status", parties(net, bap)));
      return outcome.kind === "response" ? outcome.headers["content-type"]?.split(";")[0] : outcome.failure;
    },
    clean: "application/json",
    faulty: "text/plain",
  },
};

const rows = BAP_FAULTS.map((fault) => ({ ...fault, ...observations[fault.id] }));

test.for(rows)("$id shows its effect on a BAP", async (row, { net }) => {
  const clean = await net.startBap();
  const faulty = await net.startBap({ faults: [row.id] });
  expect(await row.observe(net, clean)).toEqual(row.clean);
  expect(await row.observe(net, faulty)).toEqual(row.faulty);
});

test("an unknown fault id is refused with the list of known ones", () => {
  expect(() => bapFaults(["bap.no-such-fault"])).toThrow(/Unknown BAP fault "bap\.no-such-fault"; expected one of: bap\.reuse-transaction-id, /);
});
