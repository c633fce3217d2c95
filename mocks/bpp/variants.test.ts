import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestNet, type TestNet } from "./testing/test-trade.js";

/** The reference BPP's variants that change its business behaviour, one by one (the variant matrix runs them against the suite). */
describe("bpp.finite-stock", () => {
  let net: TestNet;
  beforeAll(async () => {
    net = await startTestNet({ variants: ["bpp.finite-stock"] });
  });
  afterAll(async () => net.close());

  const availableIn = (body: Record<string, unknown>): unknown =>
    (body["message"] as { catalog: { providers: { items: { quantity: { available: { measure: { value: string } } } }[] }[] } }).catalog.providers[0]?.items[0]
      ?.quantity.available.measure.value;

  test("each confirmed order takes its kWh off the offer; a confirm beyond what is left gets 40002 and no order", async () => {
    await net.trade().confirmed({ quantityKwh: "20" });
    expect(availableIn((await net.trade().search()).callback.body)).toBe("10");
    const late = net.trade();
    await late.select({ quantityKwh: "8" });
    await late.init({ quantityKwh: "8" });
    await net.trade().confirmed({ quantityKwh: "5" }); // another buyer takes 5 of the 10 meanwhile
    const { callback } = await late.confirm({ quantityKwh: "8" });
    expect((callback.body["error"] as { code: string }).code).toBe("40002");
    expect((callback.body["message"] as { order?: unknown } | undefined)?.order).toBeUndefined();
    expect(availableIn((await net.trade().search()).callback.body)).toBe("5");
  });
});
