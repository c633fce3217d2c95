import { expect, test as base } from "vitest";
import { buildTransaction } from "../../fixtures/builders/index.js";
import type { CallbackRecord } from "./records.js";
import { DeadlineError } from "../common/wait-for-event.js";
import { callbackBody, sendCallback, type CallbackParties } from "./testing/callbacks.js";
import { triggerAt } from "./testing/http.js";
import { networkFixture, type TestNetwork } from "./testing/network.js";

const test = base.extend("net", { scope: "file" }, networkFixture());

async function partiesFor(net: TestNetwork) {
  const bap = await net.startBap();
  const parties: CallbackParties = { bapId: bap.identity.subscriberId, bapUrl: bap.url, bpp: net.bppIdentity, bppUrl: net.bpp.url };
  return { bap, parties };
}

test("waitForCallback resolves when the callback arrives, and emits callback:received", async ({ net }) => {
  const { bap, parties } = await partiesFor(net);
  const body = callbackBody("on_select", parties);
  const seen: CallbackRecord[] = [];
  bap.engine.events.on("callback:received", (record) => seen.push(record));
  const waiting = bap.engine.waitForCallback({ transactionId: body.context.transaction_id, action: "on_select" }, 2000);
  await sendCallback(parties, body);
  const record = await waiting;
  expect(record.messageId).toBe(body.context.message_id);
  expect(seen).toEqual([record]);
  expect(bap.engine.events.listenerCount("callback:received")).toBe(1);
});

test("waitForCallback resolves at once for a callback already received", async ({ net }) => {
  const { bap, parties } = await partiesFor(net);
  const body = callbackBody("on_init", parties);
  await sendCallback(parties, body);
  const record = await bap.engine.waitForCallback({ transactionId: body.context.transaction_id, messageId: body.context.message_id }, 0);
  expect(record.action).toBe("on_init");
});

test("waitForCallback rejects at its deadline and leaves no listener behind", async ({ net }) => {
  const { bap } = await partiesFor(net);
  const started = performance.now();
  const error = await bap.engine.waitForCallback({ transactionId: "never", action: "on_confirm" }, 80).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DeadlineError);
  expect((error as Error).message).toBe("No on_confirm in transaction never arrived within 80 ms.");
  expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  expect(bap.engine.events.listenerCount("callback:received")).toBe(0);
});

test("waitForCallback with accepted: true passes over a refused callback", async ({ net }) => {
  const { bap, parties } = await partiesFor(net);
  const body = callbackBody("on_select", parties);
  await sendCallback(parties, body, { signer: net.gatewayIdentity });
  const waiting = bap.engine.waitForCallback({ transactionId: body.context.transaction_id, accepted: true }, 2000);
  await sendCallback(parties, body);
  expect(await waiting).toMatchObject({ flagged: false, messageId: body.context.message_id });
});

test("a solicited on_status is tied to its request and an unsolicited one is ACKed and stored", async ({ net }) => {
  const { bap, parties } = await partiesFor(net);
  const status = buildTransaction({ seed: 4 }).messages.status.message;
  const { body: sent } = await triggerAt(bap.url, "status", { context: { bpp_id: net.bppIdentity.subscriberId, bpp_uri: net.bpp.url }, message: status });
  const transactionId = String(sent.context["transaction_id"]);
  const solicited = await bap.engine.waitForCallback({ transactionId, action: "on_status" }, 2000);
  const request = bap.engine.exchanges(transactionId).requests[0];
  expect(solicited).toMatchObject({ unsolicited: false, inReplyTo: request?.seq, flagged: false });
  const unsolicitedBody = callbackBody("on_status", parties, { transactionId });
  const { outcome } = await sendCallback(parties, unsolicitedBody);
  expect(outcome).toMatchObject({ status: 200, body: { message: { ack: { status: "ACK" } } } });
  const unsolicited = await bap.engine.waitForCallback({ transactionId, messageId: unsolicitedBody.context.message_id }, 0);
  expect(unsolicited).toMatchObject({ unsolicited: true, inReplyTo: undefined, flagged: false });
});

test("a callback for a transaction the BAP never started is ACKed and stored as unsolicited", async ({ net }) => {
  const { bap, parties } = await partiesFor(net);
  const body = callbackBody("on_confirm", parties);
  const { outcome } = await sendCallback(parties, body);
  expect(outcome).toMatchObject({ status: 200 });
  expect(bap.engine.exchanges(body.context.transaction_id).callbacks).toMatchObject([{ unsolicited: true, flagged: false }]);
});
