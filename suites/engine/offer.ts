import { asArray, asObject, availableMeasure } from "../../protocol/shapes.js";

/** An offer taken from the SUT's own catalogue: what every later step of a scenario orders. */
export interface SutOffer {
  readonly providerId: string;
  readonly itemId: string;
  /** Whole kWh available, when the offer states it. */
  readonly availableKwh?: number;
}

/**
 * The first item, of the first provider, that states a price: the scenario buys from the SUT's
 * real catalogue, whatever its ids. Undefined when the on_search carries no usable item.
 */
export function pickOffer(onSearchBody: unknown): SutOffer | undefined {
  const catalog = asObject(asObject(asObject(onSearchBody)?.["message"])?.["catalog"]);
  for (const provider of asArray(catalog?.["providers"])) {
    const providerId = asObject(provider)?.["id"];
    for (const item of asArray(asObject(provider)?.["items"])) {
      const itemId = asObject(item)?.["id"];
      if (typeof providerId === "string" && typeof itemId === "string") {
        const available = Number(availableMeasure(item)?.value["value"]);
        return { providerId, itemId, ...(Number.isFinite(available) ? { availableKwh: Math.floor(available) } : {}) };
      }
    }
  }
  return undefined;
}

/** How much a scenario orders: whole kWh, a little of what is available (DESIGN "Contracts"). */
export function someKwh(offer: SutOffer): number {
  return Math.max(1, Math.min(10, offer.availableKwh ?? 1));
}
