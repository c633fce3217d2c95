import { afterEach, describe, expect, test } from "vitest";
import { buildUpdate, quantityOf } from "../../fixtures/builders/index.js";
import { asArray, asObject, endStops, selectedMeasure, stopAddress } from "../../protocol/shapes.js";
import { GUIDE_TERMS, NEW_METER, startTestNet, type TestNet } from "./testing/test-trade.js";

/** An update of `fulfillments` that also changes the quantity (BECKN-005 30013): refused by default; its target alone under bpp.update-target-only. */
let net: TestNet | undefined;
afterEach(() => net?.close());

async function updateBeyondTarget(variants: string[]) {
  net = await startTestNet({ variants });
  const trade = net.trade();
  const orderId = await trade.confirmed();
  const update = buildUpdate({ context: trade.context("update"), orderId, endMeter: NEW_METER });
  const items = [{ id: GUIDE_TERMS.itemId, quantity: quantityOf("11") }];
  return (await trade.exchange("update", { ...update, message: { ...update.message, order: { ...update.message.order, items } } })).callback.body;
}

describe("an update beyond its target", () => {
  test("is refused with 30013 by an error callback without an order", async () => {
    const body = await updateBeyondTarget([]);
    expect(body["error"]).toMatchObject({ code: "30013" });
    expect(body["message"]).toBeUndefined();
  });

  test("under bpp.update-target-only moves the meter and keeps the confirmed quantity", async () => {
    const order = asObject(asObject((await updateBeyondTarget(["bpp.update-target-only"]))["message"])?.["order"]);
    expect(selectedMeasure(asArray(order?.["items"])[0])?.value["value"]).toBe(GUIDE_TERMS.quantityKwh);
    expect(stopAddress(endStops(asArray(order?.["fulfillments"])[0])[0]?.value)?.value).toBe(NEW_METER);
  });
});
