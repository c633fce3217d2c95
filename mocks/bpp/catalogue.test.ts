import { describe, expect, test } from "vitest";
import { buildOnSearch, buildContext } from "../../fixtures/builders/index.js";
import { validate } from "../../schemas/index.js";
import { buildCatalogue } from "./catalogue.js";
import { keepGuideWindowCurrent } from "./catalogue-variants.js";
import { bppVariants } from "./variants.js";
import { GUIDE_GRID_OPERATOR, GUIDE_SOURCE_METER, guideWindow } from "./guide-offer.js";

const at = (iso: string) => () => Date.parse(iso);

describe("BPP catalogue", () => {
  test("lists the guide's offer first: Ethan Maxwell's 30 kWh of rooftop solar at 5 USD/kWH", () => {
    const [ethan] = buildCatalogue({ now: at("2025-05-09T17:00:00Z") }).providers;
    expect(ethan?.id).toBe("p1072");
    expect(ethan?.descriptor.name).toBe("Ethan Maxwell");
    const item = ethan?.items[0];
    expect(item).toMatchObject({
      id: "uid_xyz",
      descriptor: { name: "Solar Surplus Energy" },
      price: { value: "5", currency: "USD/kWH" },
      quantity: { available: { measure: { value: "30", unit: "kWH" } } },
      time: { range: { start: "2025-05-09T10:00:00-07:00", end: "2025-05-09T18:00:00-07:00" } },
    });
    expect(item?.tags.map((g) => g.descriptor.code)).toEqual(["Energy_Attributes", "Certifications"]);
    expect(item?.tags[1]?.list.map((t) => [t.descriptor.code, t.value.startsWith("https://")])).toEqual([
      ["SPOC", true],
      ["P2PTL", true],
    ]);
    expect(ethan?.fulfillments[0]).toMatchObject({
      agent: { organization: { descriptor: { name: GUIDE_GRID_OPERATOR } } },
      stops: [{ type: "start", location: { address: GUIDE_SOURCE_METER } }],
    });
  });

  test.for([
    { now: "2025-05-09T17:00:00Z", start: "2025-05-09T10:00:00-07:00" },
    { now: "2025-01-15T20:00:00Z", start: "2025-01-15T10:00:00-08:00" },
  ])("the window is 10:00–18:00 of San Francisco's day at $now, with its zone offset", ({ now, start }) => {
    expect(guideWindow(new Date(now)).start).toBe(start);
  });

  test("outside San Francisco's 10:00–18:00 the window is the 8 hours from the present hour, so it always contains the present", () => {
    expect(guideWindow(new Date("2025-05-10T03:20:00Z"))).toEqual({ start: "2025-05-10T03:00:00Z", end: "2025-05-10T11:00:00Z" });
  });

  test("the same seed builds the same generated prosumers, with unique ids", () => {
    const a = buildCatalogue({ seed: 3, extraProviders: 5, now: at("2025-05-09T17:00:00Z") });
    const b = buildCatalogue({ seed: 3, extraProviders: 5, now: at("2025-05-09T17:00:00Z") });
    expect(a.providers).toEqual(b.providers);
    expect(new Set(a.providers.map((p) => p.id)).size).toBe(6);
  });

  test.for([0, 1, 4, 12])("with %i generated prosumers the on_search passes the guide profile with no finding", (extraProviders) => {
    const catalogue = buildCatalogue({ seed: 11, extraProviders });
    const body = buildOnSearch({
      context: buildContext({ action: "on_search", bppId: "bpp.example", bppUri: "http://bpp.example" }),
      providers: catalogue.providers,
    });
    expect(validate(body, "p2p-trade-guide-v1").findings).toEqual([]);
  });

  test("offer() finds an item with its source meter and available kWh, and nothing for unknown ids", () => {
    const catalogue = buildCatalogue({ extraProviders: 1 });
    expect(catalogue.offer("p1072", "uid_xyz")).toMatchObject({ sourceMeter: GUIDE_SOURCE_METER, availableKwh: "30" });
    const generated = catalogue.providers[1];
    expect(catalogue.offer(generated?.id ?? "", generated?.items[0]?.id ?? "")?.sourceMeter).toMatch(/^der:\/\//);
    expect(catalogue.offer("p1072", "nope")).toBeUndefined();
    expect(catalogue.offer("nope", "uid_xyz")).toBeUndefined();
  });
});

test("the guide's offer moves to the present once its window has ended, so it always contains the present", () => {
  const start = Date.parse("2025-05-10T03:20:00Z");
  const catalogue = buildCatalogue({ now: () => start });
  const window = () => catalogue.providers[0]?.items[0]?.time.range;
  keepGuideWindowCurrent(catalogue, bppVariants(), start + 3_600_000);
  expect(window()).toEqual({ start: "2025-05-10T03:00:00Z", end: "2025-05-10T11:00:00Z" });
  keepGuideWindowCurrent(catalogue, bppVariants(), Date.parse("2025-05-10T12:30:00Z"));
  expect(window()).toEqual({ start: "2025-05-10T12:00:00Z", end: "2025-05-10T20:00:00Z" });
  expect(catalogue.providers[0]?.fulfillments[0]?.stops[0]?.time.range).toEqual(window());
});
