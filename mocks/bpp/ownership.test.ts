import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { buildCancel, buildContext, buildStatus, buildUpdate } from "../../fixtures/builders/index.js";
import { createIdentity } from "../common/identity.js";
import { endpoint, sendSigned } from "../common/send.js";
import { BUYER_METER, NEW_METER, startTestNet, type TestNet } from "./testing/test-trade.js";
import { startReceiver, type Receiver } from "./testing/test-utils.js";

/**
 * issue 19 finding 4: an order belongs to the BAP that confirmed it. Another registered BAP that
 * knows the order id gets the unknown-order error (30010) for status, update and cancel, exactly as
 * for an id never confirmed, and the order is unchanged.
 */
const mallory = createIdentity("BAP", "mallory.bap.example");
let net: TestNet;
let inbox: Receiver;
let orderId: string;

beforeEach(async () => {
  inbox = await startReceiver();
  net = await startTestNet(
    { lookupSubscriberUrl: async (bapId) => (bapId === mallory.subscriberId ? inbox.url : bapId === net.bapIdentity.subscriberId ? net.bap.url : undefined) },
    [mallory],
  );
  orderId = await net.trade().confirmed();
});
afterEach(async () => {
  await net.close();
  await inbox.close();
});

/** Sends a request signed as mallory, in mallory's own transaction, and returns the error of its callback. */
async function asMallory(action: string, build: (context: ReturnType<typeof buildContext>) => unknown): Promise<unknown> {
  const context = buildContext({
    action,
    bapId: mallory.subscriberId,
    bapUri: inbox.url,
    bppId: net.bppIdentity.subscriberId,
    bppUri: net.bpp.publicUrl,
    ttl: "PT2S",
  });
  const { outcome } = await sendSigned(mallory, endpoint(net.bpp.url, action), build(context));
  expect(outcome.kind === "response" && outcome.status).toBe(200);
  const callback = await inbox.waitFor((c) => c.action === `on_${action}` && (c.body["context"] as { message_id?: unknown }).message_id === context.message_id);
  expect(callback.body["message"]).toBeUndefined();
  return callback.body["error"];
}

describe("another BAP's order", () => {
  test("status: mallory cannot read it (30010, no order)", async () => {
    expect(await asMallory("status", (context) => buildStatus({ context, orderId }))).toMatchObject({ code: "30010" });
  });

  test("update: mallory cannot redirect its end meter (30010, meter unchanged)", async () => {
    const error = await asMallory("update", (context) => {
      const body = buildUpdate({ context, orderId, endMeter: NEW_METER });
      return { ...body, message: { ...body.message, update_target: "fulfillments" } };
    });
    expect(error).toMatchObject({ code: "30010" });
    expect(net.bpp.engine.order(orderId)?.terms.endMeter).toBe(BUYER_METER);
  });

  test("cancel: mallory cannot cancel it (30010, still ACTIVE), and its owner still can", async () => {
    expect(await asMallory("cancel", (context) => buildCancel({ context, orderId }))).toMatchObject({ code: "30010" });
    expect(net.bpp.engine.order(orderId)?.state).not.toBe("CANCELLED");
    const owner = await net.trade().cancel(orderId);
    expect(owner.callback.body["error"]).toBeUndefined();
    expect(net.bpp.engine.order(orderId)?.state).toBe("CANCELLED");
  });
});

describe("a repeat under bpp.repeat-answered-twice", () => {
  test("mallory repeating the owner's status (same transaction and message_id) gets no copy of its answer", async () => {
    await net.close();
    net = await startTestNet(
      {
        variants: ["bpp.repeat-answered-twice"],
        lookupSubscriberUrl: async (bapId) => (bapId === mallory.subscriberId ? inbox.url : bapId === net.bapIdentity.subscriberId ? net.bap.url : undefined),
      },
      [mallory],
    );
    const trade = net.trade();
    orderId = await trade.confirmed();
    const asked = await trade.status(orderId);
    expect(asked.callback.body["message"]).toBeDefined();
    const context = { ...asked.context, bap_id: mallory.subscriberId, bap_uri: inbox.url };
    const { outcome } = await sendSigned(mallory, endpoint(net.bpp.url, "status"), buildStatus({ context, orderId }));
    expect(outcome.kind === "response" && outcome.status).toBe(200);
    await net.bpp.engine.idle();
    expect(inbox.received).toHaveLength(0);
  });
});
