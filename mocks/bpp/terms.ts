import { Decimal, type Billing, type Shape, type TimeRange } from "../../fixtures/builders/index.js";
import { ERROR, type BecknError } from "../../protocol/ack.js";
import { asArray, asObject, endStops, selectedMeasure, stopAddress } from "../../protocol/shapes.js";
import type { Catalogue, CatalogueOffer } from "./catalogue.js";

/** What a select, init or confirm asks for; each part is missing when the request left it out. */
export interface RequestedTerms {
  readonly providerId?: string;
  readonly itemId?: string;
  /** The quantity as the request wrote it (a decimal string or a number). */
  readonly quantity?: unknown;
  readonly endMeter?: string;
  readonly billing?: Billing;
  /** The form the request used for quantity or meter, when it showed one. */
  readonly form?: Shape;
  /** The delivery window the order asks for: its end stop's `time.range`. */
  readonly window?: TimeRange;
}

/** Terms that passed the catalogue. */
export interface AgreedTerms {
  readonly offer: CatalogueOffer;
  readonly quantityKwh: string;
  readonly endMeter: string;
  readonly billing?: Billing;
  /** The order's delivery window: the one asked for when it lies inside the offer's, else the offer's. */
  readonly window: TimeRange;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** `{ window }`: a stop's `time.range`, when both ends are strings; else nothing. */
function windowOf(stop: unknown): { window?: TimeRange } {
  const range = asObject(asObject(asObject(stop)?.["time"])?.["range"]);
  return typeof range?.["start"] === "string" && typeof range["end"] === "string" ? { window: { start: range["start"], end: range["end"] } } : {};
}

/** Reads provider, item, quantity, end meter and billing through protocol/shapes.ts. */
export function readTerms(message: unknown): RequestedTerms {
  const order = asObject(asObject(message)?.["order"]);
  const item = asArray(order?.["items"])[0];
  const measure = selectedMeasure(item);
  const end = endStops(asArray(order?.["fulfillments"])[0])[0];
  const billing = asObject(order?.["billing"]);
  const form = measure?.form ?? end?.form;
  const providerId = text(asObject(order?.["provider"])?.["id"]);
  const itemId = text(asObject(item)?.["id"]);
  const endMeter = text(stopAddress(end?.value)?.value);
  return {
    ...windowOf(end?.value),
    ...(providerId ? { providerId } : {}),
    ...(itemId ? { itemId } : {}),
    ...(measure ? { quantity: measure.value["value"] } : {}),
    ...(endMeter ? { endMeter } : {}),
    ...(billing ? { billing: billing as Billing } : {}),
    ...(form ? { form } : {}),
  };
}

/** The window asked for when it lies inside the offer's, else the offer's own. */
function windowWithin(asked: TimeRange | undefined, offered: TimeRange): TimeRange {
  const [start, end, from, to] = [asked?.start, asked?.end, offered.start, offered.end].map((t) => Date.parse(String(t)));
  return asked && (start as number) >= (from as number) && (end as number) <= (to as number) && (start as number) < (end as number)
    ? { ...asked }
    : { ...offered };
}

/** A positive decimal quantity, normalised (`"10"`, `"2.5"`), or undefined. */
export function quantityKwh(value: unknown): string | undefined {
  if ((typeof value !== "string" && typeof value !== "number") || String(value).trim() === "") {
    return undefined;
  }
  try {
    const d = new Decimal(value);
    return d.isFinite() && d.greaterThan(0) ? d.toFixed() : undefined;
  } catch {
    return undefined;
  }
}

export type TermsCheck = { readonly ok: true; readonly terms: AgreedTerms } | { readonly ok: false; readonly error: BecknError };

const refuse = (code: string, message: string, paths?: string): TermsCheck => ({ ok: false, error: { code, message, ...(paths ? { paths } : {}) } });

/**
 * Checks requested terms against the catalogue, in BECKN-005's order: provider (30001), item
 * (30004), quantity (30000 when unreadable, 40002 over what is available), end meter (30000).
 */
export function checkTerms(catalogue: Catalogue, t: RequestedTerms, opts: { allowOverQuantity: boolean }): TermsCheck {
  if (!t.providerId || !catalogue.provider(t.providerId)) {
    return refuse(ERROR.providerNotFound, `Provider ${JSON.stringify(t.providerId ?? null)} is not in this BPP's catalogue.`, "$.message.order.provider.id");
  }
  const offer = t.itemId ? catalogue.offer(t.providerId, t.itemId) : undefined;
  if (!offer) {
    return refuse(ERROR.itemNotFound, `Item ${JSON.stringify(t.itemId ?? null)} is not offered by provider ${t.providerId}.`, "$.message.order.items[0].id");
  }
  const kwh = quantityKwh(t.quantity);
  if (kwh === undefined) {
    return refuse(
      ERROR.invalidRequest,
      "The order item's quantity must be a positive number of kWh in `quantity.measure` or `quantity.selected.measure`.",
      "$.message.order.items[0].quantity",
    );
  }
  if (!opts.allowOverQuantity && new Decimal(kwh).greaterThan(offer.availableKwh)) {
    return refuse(
      ERROR.quantityUnavailable,
      `Item ${offer.item.id} has ${offer.availableKwh} kWH available; ${kwh} kWH were asked for.`,
      "$.message.order.items[0].quantity",
    );
  }
  if (!t.endMeter) {
    return refuse(
      ERROR.invalidRequest,
      "The order names no end meter: give the buyer's `der://` meter in `fulfillments[].end` or an end stop.",
      "$.message.order.fulfillments",
    );
  }
  return {
    ok: true,
    terms: {
      offer,
      quantityKwh: kwh,
      endMeter: t.endMeter,
      window: windowWithin(t.window, offer.item.time.range),
      ...(t.billing ? { billing: t.billing } : {}),
    },
  };
}
