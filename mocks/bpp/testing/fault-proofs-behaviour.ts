import assert from "node:assert/strict";
import { buildSelect, Decimal } from "../../../fixtures/builders/index.js";
import { asArray, asObject, endStops, isOrderCompleted, selectedMeasure } from "../../../protocol/shapes.js";
import { validate } from "../../../schemas/index.js";
import { endMeterOf, errorOf, orderOf, quoteOf, settled, type FaultProof } from "./fault-proof-kit.js";
import { BAD_CERTIFICATION, BAD_SOURCE_TYPE } from "../outgoing-faults.js";
import { BUYER_METER, GUIDE_TERMS, NEW_METER, type TestNet } from "./test-trade.js";
import { FLOOD_COUNT } from "../transfer-link.js";
import { contextOf, type ReceivedCallback } from "./test-utils.js";

/** Proofs of the faults in behaviour: timing, business rules and order flow. */

const UNKNOWN = "00000000-0000-4000-8000-000000000000";
const ruleErrors = (callback: ReceivedCallback): string[] =>
  validate(callback.body)
    .findings.filter((f) => f.severity === "error")
    .map((f) => f.rule ?? f.keyword);
/** Every tag of every catalogue item of an on_search, with its group. */
const tagsOf = (callback: ReceivedCallback) =>
  asArray(asObject(asObject(callback.body["message"])?.["catalog"])?.["providers"])
    .flatMap((p) => asArray(asObject(p)?.["items"]))
    .flatMap((item) => asArray(asObject(item)?.["tags"]))
    .flatMap((group) => asArray(asObject(group)?.["list"]).map((tag) => ({ group, tag: asObject(tag) })));
const startOf = (range: unknown): number => Date.parse(String(asObject(range)?.["start"]));
const codeOf = (holder: unknown): unknown => asObject(asObject(holder)?.["descriptor"])?.["code"];
const unsolicited = (net: TestNet, transactionId: string, orderId: string) => (c: ReceivedCallback) =>
  c.action === "on_status" && contextOf(c)["transaction_id"] === transactionId && orderOf(c)["id"] === orderId;

/** A select sent without waiting for its callback. */
const unanswered = (net: TestNet) => {
  const trade = net.trade();
  return trade.exchange("select", buildSelect({ context: trade.context("select"), ...GUIDE_TERMS }), false);
};

export const BEHAVIOUR_PROOFS = {
  "tim.late-callback": async (net) => {
    const trade = net.trade({ ttl: "PT1S" });
    const sent = await trade.select();
    assert.ok(sent.callback.receivedAt >= Date.parse(sent.context.timestamp) + 1000, "the callback came within the ttl");
  },
  "tim.no-callback": async (net) => {
    const { response } = await unanswered(net);
    assert.equal(response.status, 200);
    assert.equal((await settled(net)).length, 0);
  },
  "tim.duplicate-callback": async (net) => {
    const { context } = await net.trade().select();
    const twice = await net.bap.waitForCount((c) => contextOf(c)["message_id"] === context.message_id, 2);
    assert.equal(twice.length, 2);
  },
  "tim.callback-before-ack": async (net) => {
    const { response } = await unanswered(net);
    assert.equal(response.status, 200);
    assert.equal(net.bap.received.length, 1, "the callback had arrived when the ACK came");
  },
  "tim.transfer-stalls": async (net) => {
    const trade = net.trade();
    const orderId = await trade.confirmed();
    await net.bap.waitFor((c) => unsolicited(net, trade.transactionId, orderId)(c) && JSON.stringify(c.body).includes("In-Progress"));
    await settled(net);
    assert.deepEqual(net.bpp.engine.grid.transfer(orderId), { ...net.bpp.engine.grid.transfer(orderId), state: "In-Progress", running: false });
    assert.equal(
      net.bap.received.some((c) => isOrderCompleted(orderOf(c))),
      false,
    );
  },
  "tim.unsolicited-on-search": async (net) => {
    const trade = net.trade();
    const { context } = await trade.search();
    const both = await net.bap.waitForCount((c) => c.action === "on_search" && contextOf(c)["transaction_id"] === trade.transactionId, 2);
    assert.deepEqual(
      both.map((c) => contextOf(c)["message_id"] === context.message_id),
      [true, false],
    );
  },
  "tim.flood-unsolicited": async (net) => {
    const trade = net.trade();
    const orderId = await trade.confirmed();
    const all = await net.bap.waitForCount(unsolicited(net, trade.transactionId, orderId), FLOOD_COUNT + 1, 10_000);
    assert.equal(new Set(all.map((c) => contextOf(c)["message_id"])).size, all.length, "each copy has its own message_id");
    await net.bap.waitFor((c) => unsolicited(net, trade.transactionId, orderId)(c) && isOrderCompleted(orderOf(c)), 10_000);
  },
  "biz.wrong-quote": async (net) => {
    const quote = quoteOf((await net.trade().select()).callback);
    assert.notEqual(quote.price.value, "50");
    assert.equal(quote.breakup[0]?.price.value, quote.price.value);
  },
  "biz.breakup-mismatch": async (net) => {
    const quote = quoteOf((await net.trade().select()).callback);
    assert.equal(quote.price.value, "50");
    assert.notEqual(quote.breakup.reduce((sum, line) => sum.plus(line.price.value), new Decimal(0)).toFixed(), "50");
  },
  "biz.over-quantity-accepted": async (net) => {
    const { callback } = await net.trade().select({ quantityKwh: "31" });
    assert.equal(errorOf(callback), undefined);
    assert.equal(quoteOf(callback).price.value, "155");
  },
  "biz.wrong-unit": async (net) => {
    const { callback } = await net.trade().select();
    assert.equal(selectedMeasure(asArray(orderOf(callback)["items"])[0])?.value["unit"], "Wh");
    assert.ok(ruleErrors(callback).includes("energy-unit-kwh"));
  },
  "biz.non-der-meter": async (net) => {
    const { callback } = await net.trade().select();
    assert.doesNotMatch(String(endMeterOf(callback)), /^der:\/\//);
    assert.ok(ruleErrors(callback).includes("energy-der-meter"));
  },
  "biz.currency-mismatch": async (net) => {
    const { callback } = await net.trade().select();
    assert.equal(quoteOf(callback).price.currency, "EUR");
    assert.equal(asObject(asObject(asArray(orderOf(callback)["items"])[0])?.["price"])?.["currency"], "USD/kWH");
  },
  "biz.bad-source-type": async (net) => {
    const { callback } = await net.trade().search();
    const values = tagsOf(callback)
      .filter(({ tag }) => codeOf(tag) === "Source_Type")
      .map(({ tag }) => tag?.["value"]);
    assert.ok(values.length > 0);
    assert.deepEqual(new Set(values), new Set([BAD_SOURCE_TYPE]));
  },
  "biz.bad-certification": async (net) => {
    const { callback } = await net.trade().search();
    const codes = tagsOf(callback)
      .filter(({ group }) => codeOf(group) === "Certifications")
      .map(({ tag }) => codeOf(tag));
    assert.ok(codes.length > 0);
    assert.deepEqual(new Set(codes), new Set([BAD_CERTIFICATION]));
  },
  "biz.items-not-echoed": async (net) => {
    const { callback } = await net.trade().select({ quantityKwh: "10" });
    assert.equal(selectedMeasure(asArray(orderOf(callback)["items"])[0])?.value["value"], "5");
    assert.equal(quoteOf(callback).price.value, "25");
  },
  "biz.window-outside-offer": async (net) => {
    const trade = net.trade();
    const catalog = asObject(asObject((await trade.search()).callback.body["message"])?.["catalog"]);
    const item = asArray(asObject(asArray(catalog?.["providers"])[0])?.["items"])
      .map(asObject)
      .find((i) => i?.["id"] === GUIDE_TERMS.itemId);
    const offered = startOf(asObject(item?.["time"])?.["range"]);
    const delivered = startOf(asObject(endStops(asArray(orderOf((await trade.select()).callback)["fulfillments"])[0])[0]?.value["time"])?.["range"]);
    assert.equal(delivered - offered, 24 * 60 * 60 * 1000);
  },
  "flw.order-id-changes": async (net) => {
    const trade = net.trade();
    const orderId = await trade.confirmed();
    assert.notEqual(orderOf((await trade.status(orderId)).callback)["id"], orderId);
  },
  "flw.update-ignored": async (net) => {
    const trade = net.trade();
    const { callback } = await trade.update(await trade.confirmed(), NEW_METER);
    assert.equal(endMeterOf(callback), BUYER_METER);
  },
  "flw.out-of-order-accepted": async (net) => {
    const { callback } = await net.trade().init();
    assert.equal(errorOf(callback), undefined);
    assert.equal(quoteOf(callback).price.value, "50");
  },
  "flw.unknown-order-accepted": async (net) => {
    const { callback } = await net.trade().status(UNKNOWN);
    assert.equal(errorOf(callback), undefined);
    assert.equal(orderOf(callback)["id"], UNKNOWN);
  },
  "flw.duplicate-creates-order": async (net) => {
    const trade = net.trade();
    await trade.select();
    await trade.init();
    const once = await trade.confirm();
    await net.send("confirm", once.body);
    const twice = await net.bap.waitForCount((c) => c.action === "on_confirm" && contextOf(c)["message_id"] === once.context.message_id, 2);
    assert.notEqual(orderOf(twice[1] as ReceivedCallback)["id"], orderOf(once.callback)["id"]);
  },
} satisfies Record<string, FaultProof>;
