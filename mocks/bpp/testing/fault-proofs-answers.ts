import assert from "node:assert/strict";
import { buildSelect, buildUpdate, quantityOf } from "../../../fixtures/builders/index.js";
import { ackStatusOf } from "../../../protocol/ack.js";
import { asArray, asObject, selectedMeasure } from "../../../protocol/shapes.js";
import { errorOf, orderOf, verify, type FaultProof } from "./fault-proof-kit.js";
import { GUIDE_TERMS, NEW_METER } from "./test-trade.js";
import { contextOf } from "./test-utils.js";

/** Proofs of the issue-20 faults of the BPP's answers: a quote or an offer's substance left out. */

const offersOf = (body: Record<string, unknown>): Record<string, unknown>[] =>
  asArray(asObject(asObject(body["message"])?.["catalog"])?.["providers"])
    .flatMap((provider) => asArray(asObject(provider)?.["items"]))
    .flatMap((item) => {
      const offer = asObject(item);
      return offer ? [offer] : [];
    });

export const ANSWER_PROOFS = {
  "biz.no-quote-on-select": async (net) => {
    const trade = net.trade();
    const selected = orderOf((await trade.select()).callback);
    assert.equal(selected["quote"], undefined);
    assert.ok(asArray(selected["items"]).length > 0);
    assert.notEqual(orderOf((await trade.init()).callback)["quote"], undefined);
  },
  "biz.no-quote-on-init": async (net) => {
    const trade = net.trade();
    assert.notEqual(orderOf((await trade.select()).callback)["quote"], undefined);
    const initialised = orderOf((await trade.init()).callback);
    assert.equal(initialised["quote"], undefined);
    assert.ok(asArray(initialised["items"]).length > 0);
  },
  "biz.incomplete-offer": async (net) => {
    const offers = offersOf((await net.trade().search()).callback.body);
    assert.ok(offers.length > 0);
    offers.forEach((offer) => {
      assert.equal(offer["tags"], undefined);
      assert.notEqual(offer["price"], undefined);
      assert.notEqual(offer["quantity"], undefined);
    });
  },
  "sch.text-content-type": async (net) => {
    const { response, callback } = await net.trade().select();
    assert.match(String(response.headers["content-type"]), /^text\/plain/);
    assert.equal(ackStatusOf(response.body), "ACK");
    assert.match(String(callback.headers["content-type"]), /^text\/plain/);
    assert.ok((await verify(net, callback)).ok);
  },
  "ctx.wrong-endpoint": async (net) => {
    const trade = net.trade();
    const { context } = await trade.exchange("select", buildSelect({ context: trade.context("select"), ...GUIDE_TERMS }), false);
    const misposted = await net.bap.waitFor((c) => c.action === "on_search" && contextOf(c)["message_id"] === context.message_id);
    assert.equal(contextOf(misposted)["action"], "on_select");
    assert.ok(asObject(misposted.body["message"])?.["order"]);
  },
  "flw.update-beyond-target-applied": async (net) => {
    const trade = net.trade();
    const orderId = await trade.confirmed();
    const update = buildUpdate({ context: trade.context("update"), orderId, endMeter: NEW_METER });
    const items = [{ id: GUIDE_TERMS.itemId, quantity: quantityOf("11") }];
    const { callback } = await trade.exchange("update", { ...update, message: { ...update.message, order: { ...update.message.order, items } } });
    assert.equal(errorOf(callback), undefined);
    assert.equal(selectedMeasure(asArray(orderOf(callback)["items"])[0])?.value["value"], "11");
  },
} satisfies Record<string, FaultProof>;
