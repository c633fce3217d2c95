import type { Offer, Provider, TimeRange } from "../../fixtures/builders/index.js";

/** The prosumer of the guide's story: Ethan Maxwell in San Francisco, served by PG&E. */
export const GUIDE_PROVIDER_ID = "p1072";
export const GUIDE_ITEM_ID = "uid_xyz";
export const GUIDE_ZONE = "America/Los_Angeles";
export const GUIDE_GRID_OPERATOR = "PG&E Grid Services";
/** Ethan's meter, which exports the energy (the refined guide's start stop). */
export const GUIDE_SOURCE_METER = "der://pge.meter/100200300";

/** A fulfillment a provider offers: the grid operator as agent, and the prosumer's meter as start stop. */
export type CatalogueFulfillment = {
  id: string;
  agent: { organization: { descriptor: { name: string } } };
  stops: { type: string; location: { address: string }; time: { range: TimeRange } }[];
};
export type CatalogueItem = Offer & { fulfillment_ids: string[] };
export type CatalogueProvider = Omit<Provider, "items"> & { items: CatalogueItem[]; fulfillments: CatalogueFulfillment[] };

const pad = (n: number): string => String(n).padStart(2, "0");

/** Today's date in `zone` and the zone's UTC offset (`-07:00`), or UTC when the zone is unknown. */
function localDay(at: Date, zone: string): { date: string; offset: string } {
  try {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      timeZoneName: "longOffset",
    }).formatToParts(at);
    const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? "";
    const offset = /GMT([+-]\d{2}:\d{2})/.exec(part("timeZoneName"))?.[1] ?? "Z";
    return { date: `${part("year")}-${part("month")}-${part("day")}`, offset };
  } catch {
    return { date: at.toISOString().slice(0, 10), offset: "Z" };
  }
}

const HOUR_MS = 3_600_000;
const WINDOW_HOURS = 8;

/**
 * The guide's 8-hour window, 10:00–18:00 today in San Francisco, RFC 3339 with the zone's offset
 * (`2025-05-09T10:00:00-07:00`), when it contains `at`. Otherwise 8 hours from the start of `at`'s
 * hour, in UTC: the reference BPP's offer always contains the present, so the harness can order and
 * watch a transfer at any time of day (docs/rules.md "What the harness orders").
 */
export function guideWindow(at: Date, zone: string = GUIDE_ZONE): TimeRange {
  const { date, offset } = localDay(at, zone);
  const guide = { start: `${date}T${pad(10)}:00:00${offset}`, end: `${date}T${pad(18)}:00:00${offset}` };
  if (Date.parse(guide.start) <= at.getTime() && at.getTime() < Date.parse(guide.end)) {
    return guide;
  }
  const start = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
  return {
    start: new Date(start).toISOString().replace(/\.\d{3}Z$/, "Z"),
    end: new Date(start + WINDOW_HOURS * HOUR_MS).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

/** The guide's offer: 30 kWh of rooftop solar at 5 USD/kWH, 10 AM to 6 PM, certified SPOC and P2PTL. */
export function guideProvider(at: Date): CatalogueProvider {
  const range = guideWindow(at);
  const fulfillmentId = `f-${GUIDE_PROVIDER_ID}`;
  return {
    id: GUIDE_PROVIDER_ID,
    descriptor: { name: "Ethan Maxwell", images: [{ url: "https://p1072.in/images/logo.png" }] },
    fulfillments: [
      {
        id: fulfillmentId,
        agent: { organization: { descriptor: { name: GUIDE_GRID_OPERATOR } } },
        stops: [{ type: "start", location: { address: GUIDE_SOURCE_METER }, time: { range } }],
      },
    ],
    items: [
      {
        id: GUIDE_ITEM_ID,
        descriptor: { code: "energy", name: "Solar Surplus Energy", short_desc: "30 kWh surplus available between 10AM-6PM" },
        price: { value: "5", currency: "USD/kWH" },
        quantity: { available: { measure: { value: "30", unit: "kWH" } } },
        time: { range },
        fulfillment_ids: [fulfillmentId],
        tags: [
          {
            descriptor: { code: "Energy_Attributes" },
            list: [
              { descriptor: { code: "Source_Type" }, value: "Rooftop Solar" },
              { descriptor: { code: "Carbon_Offset_Certified" }, value: "Yes" },
            ],
          },
          {
            descriptor: { code: "Certifications" },
            list: [
              { descriptor: { code: "SPOC", name: "Solar Panel Ownership Certificate" }, value: "https://p1072.in/certificates/spoc.pdf" },
              { descriptor: { code: "P2PTL", name: "P2P Trading Licence" }, value: "https://p1072.in/certificates/p2ptl.pdf" },
            ],
          },
        ],
      },
    ],
  };
}
