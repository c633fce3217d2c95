import { asArray, asObject, availableMeasure } from "../../protocol/shapes.js";
import type { Price } from "../../fixtures/builders/index.js";

/** The offer the guide's buyer picks: item `uid_xyz` of provider `p1072` ("Solar Surplus Energy"). */
export const GUIDE_OFFER = { providerId: "p1072", itemId: "uid_xyz", itemName: "Solar Surplus Energy", quantityKwh: 10 } as const;

export interface PickedOffer {
  readonly providerId: string;
  readonly itemId: string;
  readonly price: Price | undefined;
  /** Whole kWh available, when the offer says. */
  readonly availableKwh: number | undefined;
}

function priceOf(item: Record<string, unknown>): Price | undefined {
  const price = asObject(item["price"]);
  return typeof price?.["value"] === "string" && typeof price["currency"] === "string" ? { value: price["value"], currency: price["currency"] } : undefined;
}

/** The guide's offer when the catalogue has it, else its first offer; undefined when it has none. */
export function pickOffer(onSearchBody: unknown): PickedOffer | undefined {
  const catalog = asObject(asObject(asObject(onSearchBody)?.["message"])?.["catalog"]);
  const offers = asArray(catalog?.["providers"]).flatMap((provider) => {
    const p = asObject(provider);
    const providerId = p?.["id"];
    return typeof providerId === "string"
      ? asArray(p?.["items"]).flatMap((item) => {
          const i = asObject(item);
          return i && typeof i["id"] === "string" ? [{ providerId, item: i, itemId: i["id"] }] : [];
        })
      : [];
  });
  const chosen = offers.find((o) => o.itemId === GUIDE_OFFER.itemId) ?? offers[0];
  if (!chosen) {
    return undefined;
  }
  const available = Number(availableMeasure(chosen.item)?.value["value"]);
  return {
    providerId: chosen.providerId,
    itemId: chosen.itemId,
    price: priceOf(chosen.item),
    availableKwh: Number.isFinite(available) ? Math.floor(available) : undefined,
  };
}

/** The kWh to buy: the caller's, else the guide's 10 kWh, capped at what is available (at least 1). */
export function quantityFor(offer: PickedOffer, wanted: number | undefined): number {
  if (wanted !== undefined) {
    return wanted;
  }
  return Math.max(1, Math.min(GUIDE_OFFER.quantityKwh, offer.availableKwh ?? GUIDE_OFFER.quantityKwh));
}
