import assert from "node:assert/strict";
import { buildSelect } from "../../../fixtures/builders/index.js";
import { allMeasures, asArray, asObject } from "../../../protocol/shapes.js";
import { validate } from "../../../schemas/index.js";
import { endMeterOf, errorOf, first, orderOf, quoteOf, type FaultProof } from "./fault-proof-kit.js";
import { GUIDE_TERMS, NEW_METER } from "./test-trade.js";

/** Proofs of the order-flow faults added for the self-test matrix, and of neg.accept-wrong-unit. */

const itemOf = (order: Record<string, unknown>): Record<string, unknown> | undefined => asObject(asArray(order["items"])[0]);

/** A select of the guide's offer with every quantity in `unit`, and `change` applied to its first item. */
function selectIn(context: ReturnType<typeof buildSelect>["context"], unit: string, change: (item: Record<string, unknown>) => void = () => undefined) {
  const body = buildSelect({ context, ...GUIDE_TERMS });
  const item = asObject(asArray(asObject(body.message.order)?.["items"])[0]) ?? {};
  allMeasures(item).forEach((m) => (m.value["unit"] = unit));
  change(item);
  return body;
}

export const FLOW_PROOFS = {
  "flw.no-order-id": async (net) => {
    const trade = net.trade();
    await trade.select();
    await trade.init();
    const { callback } = await trade.confirm();
    assert.equal(errorOf(callback), undefined);
    assert.equal("id" in orderOf(callback), false);
    assert.equal(quoteOf(callback).price.value, "50");
  },
  "flw.unknown-provider-accepted": async (net) => {
    const { callback } = await net.trade().select({ providerId: "no-such-provider" });
    assert.equal(errorOf(callback), undefined);
    assert.equal(asObject(orderOf(callback)["provider"])?.["id"], "no-such-provider");
    assert.equal(quoteOf(callback).price.value, "50");
  },
  "flw.unknown-item-accepted": async (net) => {
    const { callback } = await net.trade().select({ itemId: "no-such-item" });
    assert.equal(errorOf(callback), undefined);
    assert.equal(itemOf(orderOf(callback))?.["id"], "no-such-item");
    assert.equal(quoteOf(callback).price.value, "50");
  },
  "flw.invalid-target-accepted": async (net) => {
    const trade = net.trade();
    const { callback } = await trade.update(await trade.confirmed(), NEW_METER, "no-such-target");
    assert.equal(errorOf(callback), undefined);
    assert.equal(endMeterOf(callback), NEW_METER);
  },
  "neg.accept-wrong-unit": async (net) => {
    const wrongUnit = selectIn(net.context("select"), "MWh");
    const rules = validate(wrongUnit)
      .findings.filter((f) => f.severity === "error")
      .map((f) => f.rule);
    assert.ok(rules.length > 0 && rules.every((rule) => rule === "energy-unit-kwh"));
    assert.equal((await net.send("select", wrongUnit)).status, 200);
    // Processed as kWh: 10 of the guide's offer at 5 USD.
    assert.equal(quoteOf(await first(net, "on_select")).price.value, "50");
    // Only that case: another error beside the unit is still refused.
    const worse = selectIn(net.context("select"), "MWh", (item) => (item["id"] = 42));
    assert.equal((await net.send("select", worse)).status, 400);
  },
} satisfies Record<string, FaultProof>;
