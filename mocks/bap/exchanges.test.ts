import { expect, test as base } from "vitest";
import { buildTransaction } from "../../fixtures/builders/index.js";
import type { ExchangesView } from "./records.js";
import { callbackBody, sendCallback, type CallbackParties } from "./testing/callbacks.js";
import { triggerAt } from "./testing/http.js";
import { networkFixture } from "./testing/network.js";

const test = base.extend("net", { scope: "file" }, networkFixture());
const select = buildTransaction({ seed: 11 }).messages.select.message;

async function getExchanges(url: string, transactionId?: string): Promise<{ status: number; body: ExchangesView }> {
  const response = await fetch(`${url}/exchanges${transactionId ? `?transaction_id=${encodeURIComponent(transactionId)}` : ""}`);
  return { status: response.status, body: (await response.json()) as ExchangesView };
}

test("GET /exchanges?transaction_id= returns that transaction's requests, answers and callbacks", async ({ net }) => {
  const bap = await net.startBap();
  const { body: sent } = await triggerAt(bap.url, "select", { context: { bpp_id: net.bppIdentity.subscriberId, bpp_uri: net.bpp.url }, message: select });
  const transactionId = String(sent.context["transaction_id"]);
  await bap.engine.waitForCallback({ transactionId, action: "on_select" }, 2000);
  await triggerAt(bap.url, "search", { message: buildTransaction({ seed: 12 }).messages.search.message });
  const { status, body } = await getExchanges(bap.url, transactionId);
  expect(status).toBe(200);
  expect(body.transaction_id).toBe(transactionId);
  expect(body.requests).toHaveLength(1);
  expect(body.requests[0]).toMatchObject({
    action: "select",
    transactionId,
    messageId: sent.context["message_id"],
    request: {
      url: `${net.bpp.url}/select`,
      headers: { authorization: expect.stringMatching(/^Signature keyId="bap-\d+\.test\|/) },
      rawBody: expect.any(String),
    },
    response: { status: 200, body: { message: { ack: { status: "ACK" } } } },
  });
  expect(body.callbacks).toHaveLength(1);
  expect(body.callbacks[0]).toMatchObject({
    action: "on_select",
    headers: { authorization: expect.stringMatching(/^Signature keyId="bpp\.test\|/) },
    rawBody: expect.any(String),
    verification: { signature: "verified", gateway: "absent" },
    unsolicited: false,
    atMs: expect.any(Number),
  });
});

test("GET /exchanges without a query returns everything kept", async ({ net }) => {
  const bap = await net.startBap();
  await triggerAt(bap.url, "search", { message: buildTransaction({ seed: 13 }).messages.search.message });
  await triggerAt(bap.url, "search", { message: buildTransaction({ seed: 14 }).messages.search.message });
  const { body } = await getExchanges(bap.url);
  expect(body.transaction_id).toBeNull();
  expect(new Set(body.requests.map((r) => r.transactionId)).size).toBe(2);
});

test("the BAP keeps at most maxExchanges records, dropping the oldest", async ({ net }) => {
  const bap = await net.startBap({ maxExchanges: 3 });
  const parties: CallbackParties = { bapId: bap.identity.subscriberId, bapUrl: bap.url, bpp: net.bppIdentity, bppUrl: net.bpp.url };
  const bodies = Array.from({ length: 5 }, () => callbackBody("on_status", parties));
  for (const body of bodies) {
    await sendCallback(parties, body);
  }
  const { body } = await getExchanges(bap.url);
  expect(body.callbacks.map((c) => c.messageId)).toEqual(bodies.slice(2).map((b) => b.context.message_id));
});
