import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Decimal } from "../../fixtures/builders/index.js";
import { isRfc3339DateTime, parseIsoDuration } from "../../protocol/formats.js";
import { asArray, asObject, endStops, orderState, selectedMeasure, stopAddress } from "../../protocol/shapes.js";
import { verifySignatureHeader } from "../../protocol/signing/index.js";
import { validate } from "../../schemas/index.js";
import { guideProvider } from "./guide-offer.js";
import { NEW_METER, startTestNet, type TestNet } from "./testing/test-trade.js";
import type { ReceivedCallback } from "./testing/test-utils.js";

const cheap = { ...guideProvider(new Date()), id: "p0001" };
cheap.items = cheap.items.map((item) => ({ ...item, id: "cheap", price: { value: "0.1", currency: "USD/kWH" } }));

let net: TestNet;
beforeAll(async () => {
  net = await startTestNet({ catalogue: { providers: [cheap], extraProviders: 2, seed: 7 } });
});
afterAll(async () => net.close());

const orderOf = (c: ReceivedCallback) => asObject(asObject(c.body["message"])?.["order"]) ?? {};
const endMeterOf = (c: ReceivedCallback) => stopAddress(endStops(asArray(orderOf(c)["fulfillments"])[0])[0]?.value)?.value;

describe("BPP: ACK and signed callbacks", () => {
  test.for(["search", "select"] as const)("%s gets a 200 ACK and a signed callback that passes validate()", async (action) => {
    const trade = net.trade();
    const { response, callback } = action === "search" ? await trade.search() : await trade.select();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ message: { ack: { status: "ACK" } } });
    const verified = await verifySignatureHeader({
      header: callback.headers["authorization"],
      rawBody: callback.rawBody,
      kind: "authorization",
      lookupPublicKey: net.lookup,
      expectedSubscriberId: net.bppIdentity.subscriberId,
    });
    expect(verified.ok).toBe(true);
    expect(validate(callback.body).findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  test("on_search passes the guide profile with no errors and no warnings", async () => {
    const { callback } = await net.trade().search();
    expect(validate(callback.body, "p2p-trade-guide-v1").findings).toEqual([]);
  });
});

describe("BPP: callback context", () => {
  test("a callback echoes the request's ids, domain, location, version and BAP, and names the BPP", async () => {
    const { context, callback } = await net.trade().select();
    const got = callback.body["context"] as Record<string, unknown>;
    for (const key of ["transaction_id", "message_id", "domain", "location", "version", "bap_id", "bap_uri"] as const) {
      expect(got[key], key).toEqual(context[key]);
    }
    expect(got["action"]).toBe("on_select");
    expect(got["bpp_id"]).toBe(net.bppIdentity.subscriberId);
    expect(got["bpp_uri"]).toBe(net.bpp.publicUrl);
    expect(isRfc3339DateTime(got["timestamp"]) && String(got["timestamp"]).endsWith("Z")).toBe(true);
    expect(Math.abs(Date.parse(String(got["timestamp"])) - Date.now())).toBeLessThan(5000);
    expect(parseIsoDuration(got["ttl"])).toBe(10_000);
  });
});

describe("BPP: quotes in decimal", () => {
  test.for([
    { provider: "p1072", item: "uid_xyz", kwh: "10", total: "50" },
    { provider: "p0001", item: "cheap", kwh: "3", total: "0.3" },
    { provider: "p0001", item: "cheap", kwh: "7", total: "0.7" },
    { provider: "p1072", item: "uid_xyz", kwh: "2.5", total: "12.5" },
  ])("$kwh kWh of $item is quoted $total exactly, with a breakup that sums to it", async ({ provider, item, kwh, total }) => {
    const { callback } = await net.trade().select({ providerId: provider, itemId: item, quantityKwh: kwh });
    const quote = orderOf(callback)["quote"] as {
      price: { value: string; currency: string };
      breakup: { title: string; price: { value: string; currency: string } }[];
    };
    expect(quote.price).toEqual({ value: total, currency: "USD" });
    expect(quote.breakup.map((line) => line.title)).toEqual(["Energy Cost"]);
    expect(quote.breakup.reduce((sum, line) => sum.plus(line.price.value), new Decimal(0)).toFixed()).toBe(total);
    const [orderItem] = asArray(orderOf(callback)["items"]);
    expect(asObject(orderItem)?.["price"]).toEqual({ value: provider === "p1072" ? "5" : "0.1", currency: "USD/kWH" });
    expect(selectedMeasure(orderItem)?.value).toEqual({ value: kwh, unit: "kWH" });
  });
});

describe("BPP: order flow", () => {
  test("confirm assigns an order id that status, update and cancel keep", async () => {
    const trade = net.trade();
    const orderId = await trade.confirmed();
    expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
    const later = [await trade.status(orderId), await trade.update(orderId), await trade.cancel(orderId)];
    expect(later.map(({ callback }) => orderOf(callback)["id"])).toEqual([orderId, orderId, orderId]);
  });

  test("on_confirm states the order ACTIVE", async () => {
    const trade = net.trade();
    await trade.select();
    await trade.init();
    const { callback } = await trade.confirm();
    expect(orderState(orderOf(callback))?.value).toBe("ACTIVE");
  });

  test("update of fulfillments moves the end meter, and status then shows the new meter", async () => {
    const trade = net.trade();
    const orderId = await trade.confirmed();
    const { callback } = await trade.update(orderId, NEW_METER);
    expect(endMeterOf(callback)).toBe(NEW_METER);
    expect(endMeterOf((await trade.status(orderId)).callback)).toBe(NEW_METER);
    expect(net.bpp.engine.order(orderId)?.terms.endMeter).toBe(NEW_METER);
  });

  test("cancel makes the order CANCELLED, and status says so", async () => {
    const trade = net.trade();
    const orderId = await trade.confirmed();
    expect(orderState(orderOf((await trade.cancel(orderId)).callback))?.value).toBe("CANCELLED");
    expect(orderState(orderOf((await trade.status(orderId)).callback))?.value).toBe("CANCELLED");
  });

  test("a request in the core forms gets callbacks in the core forms that pass core-1.1.0", async () => {
    const trade = net.trade();
    const { callback } = await trade.select({ shape: "core" });
    const [item] = asArray(orderOf(callback)["items"]);
    expect(selectedMeasure(item)?.form).toBe("core");
    expect(endStops(asArray(orderOf(callback)["fulfillments"])[0])[0]?.form).toBe("core");
    expect(validate(callback.body, "core-1.1.0").findings).toEqual([]);
  });
});

describe("BPP: idempotency and addressing", () => {
  test.for(["select", "confirm"] as const)("a repeated %s message_id gets an ACK, no callback and no state change", async (action) => {
    const trade = net.trade();
    await trade.select();
    await trade.init();
    const first = action === "select" ? await trade.select({ quantityKwh: "4" }) : await trade.confirm();
    const before = structuredClone(net.bpp.engine.order(String(orderOf(first.callback)["id"] ?? "")) ?? null);
    const repeat = await net.send(action, first.body);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual({ message: { ack: { status: "ACK" } } });
    await net.bpp.engine.idle();
    const answers = net.bap.received.filter(
      (c) => c.action === `on_${action}` && (c.body["context"] as Record<string, unknown>)["transaction_id"] === trade.transactionId,
    );
    expect(answers).toHaveLength(action === "select" ? 2 : 1);
    if (before) {
      expect(net.bpp.engine.order(before.orderId ?? "")?.orderId).toBe(before.orderId);
    }
  });

  test("a request for another BPP gets a 400 NACK that names both BPPs", async () => {
    const trade = net.trade();
    const context = { ...trade.context("status"), bpp_id: "someone-else.example" };
    const response = await net.send("status", { context, message: { order_id: "x" } });
    expect(response.status).toBe(400);
    const body = response.body as { message: { ack: { status: string } }; error: { code: string; message: string } };
    expect(body.message.ack.status).toBe("NACK");
    expect(body.error.code).toBe("30000");
    expect(body.error.message).toContain("someone-else.example");
    expect(body.error.message).toContain(net.bppIdentity.subscriberId);
  });

  test.for(["track", "rating", "support"] as const)("%s is ACKed and answered with error 40001", async (action) => {
    const trade = net.trade();
    const message =
      action === "track"
        ? { order_id: "x" }
        : action === "rating"
          ? { ratings: [{ rating_category: "Order", id: "x", value: "5" }] }
          : { support: { ref_id: "x" } };
    const { response, callback } = await trade.exchange(action, { context: trade.context(action), message });
    expect(response.status).toBe(200);
    expect(callback.body["error"]).toMatchObject({ code: "40001" });
    expect(callback.body["message"]).toBeUndefined();
  });
});
