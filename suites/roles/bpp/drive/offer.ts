import type { TimeRange } from "../../../../fixtures/builders/index.js";
import { asArray, asObject, availableMeasure, startStops } from "../../../../protocol/shapes.js";

/** An offer taken from the SUT's own catalogue: what every later step of a scenario orders. */
export interface SutOffer {
  readonly providerId: string;
  readonly itemId: string;
  /** Whole kWh available, when the offer states it. */
  readonly availableKwh?: number;
  /** The offer's delivery window: the item's `time.range`, else its provider's start stop's. */
  readonly window?: TimeRange;
}

function rangeOf(value: unknown): TimeRange | undefined {
  const range = asObject(asObject(value)?.["range"]);
  return typeof range?.["start"] === "string" && typeof range["end"] === "string" ? { start: range["start"], end: range["end"] } : undefined;
}

function windowOf(provider: unknown, item: unknown): TimeRange | undefined {
  const fromItem = rangeOf(asObject(item)?.["time"]);
  if (fromItem) {
    return fromItem;
  }
  const stops = asArray(asObject(provider)?.["fulfillments"]).flatMap((f) => startStops(f));
  return stops.map((stop) => rangeOf(asObject(stop.value)?.["time"])).find((range) => range !== undefined);
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
        const window = windowOf(provider, item);
        return { providerId, itemId, ...(Number.isFinite(available) ? { availableKwh: Math.floor(available) } : {}), ...(window ? { window } : {}) };
      }
    }
  }
  return undefined;
}

/** Every provider id and item id an on_search's catalogue names (a scenario made from a capture keeps the captured ones it finds here). */
export function catalogueIdsOf(onSearchBody: unknown): Set<string> {
  const catalog = asObject(asObject(asObject(onSearchBody)?.["message"])?.["catalog"]);
  const ids = new Set<string>();
  for (const provider of asArray(catalog?.["providers"])) {
    const add = (value: unknown): void => void (typeof value === "string" && ids.add(value));
    add(asObject(provider)?.["id"]);
    asArray(asObject(provider)?.["items"]).forEach((item) => add(asObject(item)?.["id"]));
  }
  return ids;
}

/** The most one order asks for. */
const MOST_KWH = 10;

/**
 * How much each order of a run asks for (DESIGN "Contracts"; docs/rules.md "What the harness
 * orders"): whole kWh, and together no more than the offer's available quantity, so a BPP with
 * finite stock can honour every order the run's scenarios place. The share is fixed by the first
 * quantity seen: an equal share for each order, at most 10 kWh; when that is under 1 kWh, 1 kWh
 * each while the quantity lasts.
 */
export class OrderBudget {
  #share?: number;
  #left?: number;

  /** `orders`: how many orders the run's scenarios place against the offer. */
  constructor(readonly orders: number) {}

  /** Whole kWh for one more order, or undefined when what is left cannot give it one. */
  take(offer: SutOffer): number | undefined {
    if (offer.availableKwh === undefined) {
      return 1;
    }
    this.#left ??= offer.availableKwh;
    this.#share ??= Math.min(MOST_KWH, Math.floor(offer.availableKwh / Math.max(1, this.orders)));
    const kwh = Math.min(this.#share >= 1 ? this.#share : 1, this.#left);
    if (kwh < 1) {
      return undefined;
    }
    this.#left -= kwh;
    return kwh;
  }
}

/** How much one order asks for when it shares the offer with no other (load mode, one transaction at a time). */
export function someKwh(offer: SutOffer): number {
  return Math.max(1, Math.min(MOST_KWH, offer.availableKwh ?? 1));
}
