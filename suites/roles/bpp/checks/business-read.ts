import { Decimal } from "../../../../fixtures/builders/decimal.js";
import { DECIMAL_STRING, isRfc3339DateTime, isZonelessDateTime } from "../../../../protocol/formats.js";
import { asArray, asObject, endStops, selectedMeasure, type PathSegment } from "../../../../protocol/shapes.js";
import { toJsonPath } from "../../../../schemas/json-path.js";
import type { CheckContext, Exchange } from "../../../core/check.js";

/**
 * What the BIZ checks read from an exchange: solicited callbacks with an order or a catalogue,
 * the SUT's offers, money in exact decimal, and time windows. Quantities, end meters and order
 * state go through protocol/shapes.ts, so both the guide's and core's forms are read.
 */

export type Json = Record<string, unknown>;

export const TOLERANCE = new Decimal("0.01");
export const DER_ADDRESS = /^der:\/\/\S+$/;
export const ORDER = ["message", "order"] as const;
export const ECHOING_ACTIONS: ReadonlySet<string> = new Set(["select", "init", "confirm"]);

export interface Body {
  readonly index: number;
  readonly body: Json;
}
export interface OrderCallback {
  readonly index: number;
  readonly order: Json;
}
export interface ItemAt {
  readonly index: number;
  readonly path: readonly PathSegment[];
  readonly item: Json;
}
/** A catalogue item and the provider that lists it. */
export interface Offer {
  readonly item: Json;
  readonly provider: Json;
}
export interface Window {
  readonly start: number;
  readonly end: number;
  /** Both bounds carry a zone. A zoneless window is local time in a zone nobody named, so it compares only with another zoneless one. */
  readonly zoned: boolean;
}

/** Solicited callbacks whose body is a JSON object. */
export function solicited(exchange: Exchange): Body[] {
  return exchange.callbacks.flatMap((callback, index) => {
    const body = asObject(callback.body);
    return body && callback.matchedBy !== "unsolicited" ? [{ index, body }] : [];
  });
}

export function orders(exchange: Exchange): OrderCallback[] {
  return solicited(exchange).flatMap(({ index, body }) => {
    const order = asObject(asObject(body["message"])?.["order"]);
    return order ? [{ index, order }] : [];
  });
}

export const pathOf = (index: number, segments: readonly PathSegment[]): string => toJsonPath(["callbacks", index, "body", ...segments]);
export const idOf = (item: unknown): unknown => asObject(item)?.["id"];
export const quoteOf = (order: Json): Json | undefined => asObject(order["quote"]);
export const hasQuote = (exchange: Exchange): boolean => orders(exchange).some(({ order }) => quoteOf(order) !== undefined);

export function decimalOf(value: unknown): Decimal | undefined {
  if (typeof value !== "string" || value.length > 64 || !DECIMAL_STRING.test(value)) {
    return undefined;
  }
  try {
    return new Decimal(value);
  } catch {
    return undefined;
  }
}

/** Within 0.01 of the expected amount, rounded to two decimals. */
export function close(expected: Decimal, actual: unknown): boolean {
  const amount = decimalOf(actual);
  return amount !== undefined && amount.minus(expected.toDecimalPlaces(2)).abs().lte(TOLERANCE);
}

export function sumOf(values: readonly unknown[]): Decimal | undefined {
  let sum = new Decimal(0);
  for (const value of values) {
    const amount = decimalOf(value);
    if (amount === undefined) {
      return undefined;
    }
    sum = sum.plus(amount);
  }
  return sum;
}

/** The catalogue items of the scenario's on_search callbacks, by item id (the first listing wins). */
export function catalogue(exchange: Exchange, ctx: CheckContext): Map<string, Offer> {
  const exchanges = ctx.scenarioExchanges.includes(exchange) ? ctx.scenarioExchanges : [...ctx.scenarioExchanges, exchange];
  const offers = new Map<string, Offer>();
  for (const { body } of exchanges.flatMap(solicited)) {
    for (const provider of asArray(asObject(asObject(body["message"])?.["catalog"])?.["providers"])) {
      for (const item of asArray(asObject(provider)?.["items"])) {
        const id = idOf(item);
        if (typeof id === "string" && !offers.has(id)) {
          offers.set(id, { item: asObject(item) ?? {}, provider: asObject(provider) ?? {} });
        }
      }
    }
  }
  return offers;
}

/** The price per kWh: the item's own, else the catalogue's for that item. */
export function unitPrice(item: unknown, offers: ReadonlyMap<string, Offer>): Decimal | undefined {
  const own = decimalOf(asObject(asObject(item)?.["price"])?.["value"]);
  const id = idOf(item);
  return own ?? (typeof id === "string" ? decimalOf(asObject(offers.get(id)?.item["price"])?.["value"]) : undefined);
}

/**
 * The quote's energy lines: breakup lines that name an ordered item (`item.id`), else those titled
 * for energy (the guide's "Energy Cost"). Other lines (wheeling, platform, tax) are not energy.
 */
export function energyLines(order: Json): Json[] {
  const ids = new Set(asArray(order["items"]).map(idOf));
  const lines = asArray(quoteOf(order)?.["breakup"]).flatMap((line): Json[] => {
    const value = asObject(line);
    return value ? [value] : [];
  });
  const byItem = lines.filter((line) => ids.has(idOf(line["item"])));
  return byItem.length > 0 ? byItem : lines.filter((line) => typeof line["title"] === "string" && /energy/i.test(line["title"]));
}

/** Σ unit price × quantity over the order's items, or undefined when a price or quantity is unknown. */
export function orderTotal(order: Json, offers: ReadonlyMap<string, Offer>): Decimal | undefined {
  const items = asArray(order["items"]);
  let total = new Decimal(0);
  for (const item of items) {
    const quantity = decimalOf(selectedMeasure(item)?.value["value"]);
    const price = unitPrice(item, offers);
    if (quantity === undefined || price === undefined) {
      return undefined;
    }
    total = total.plus(price.times(quantity));
  }
  return items.length > 0 ? total : undefined;
}

/** The items of order and catalogue callbacks, with their paths in the body. */
export function callbackItems(exchange: Exchange): ItemAt[] {
  return solicited(exchange).flatMap(({ index, body }) => {
    const message = asObject(body["message"]);
    const ordered = asArray(asObject(message?.["order"])?.["items"]).map((item, i) => ({ item, path: [...ORDER, "items", i] }));
    const listed = asArray(asObject(message?.["catalog"])?.["providers"]).flatMap((provider, p) =>
      asArray(asObject(provider)?.["items"]).map((item, i) => ({ item, path: ["message", "catalog", "providers", p, "items", i] })),
    );
    return [...ordered, ...listed].flatMap(({ item, path }) => {
      const value = asObject(item);
      return value ? [{ index, path, item: value }] : [];
    });
  });
}

export const codeOf = (holder: unknown): unknown => asObject(asObject(holder)?.["descriptor"])?.["code"];

/** The tags of an item, each with its group's code. */
export function tagsOf(item: Json): { groupCode: unknown; tag: Json | undefined; path: PathSegment[] }[] {
  return asArray(item["tags"]).flatMap((group, g) =>
    asArray(asObject(group)?.["list"]).map((tag, t) => ({ groupCode: codeOf(group), tag: asObject(tag), path: ["tags", g, "list", t] })),
  );
}

/**
 * A bound of a window: a zoned instant, or a zoneless local time (the guide writes ranges without
 * a zone). A zoneless time is read on a UTC scale only to order it against other zoneless times;
 * it is never compared with a zoned one (docs/rules.md, "Zoneless times").
 */
function instant(value: unknown): { at: number; zoned: boolean } | undefined {
  if (isRfc3339DateTime(value)) {
    return { at: Date.parse(value), zoned: true };
  }
  return isZonelessDateTime(value) ? { at: Date.parse(`${value}Z`), zoned: false } : undefined;
}

export const rangeOf = (holder: unknown): unknown => asObject(asObject(holder)?.["time"])?.["range"];

export function windowOf(range: unknown): Window | undefined {
  const start = instant(asObject(range)?.["start"]);
  const end = instant(asObject(range)?.["end"]);
  // A window with one zoned and one zoneless bound has no length anybody can compute.
  return start !== undefined && end !== undefined && start.zoned === end.zoned ? { start: start.at, end: end.at, zoned: start.zoned } : undefined;
}

/** The order's delivery windows: each end stop's `time.range`. */
export function deliveryWindows(order: Json): { window: Window; range: unknown; path: PathSegment[] }[] {
  return asArray(order["fulfillments"]).flatMap((fulfillment, f) =>
    endStops(fulfillment).flatMap((stop) => {
      const range = rangeOf(stop.value);
      const window = windowOf(range);
      return window ? [{ window, range, path: [...ORDER, "fulfillments", f, ...stop.path, "time", "range"] }] : [];
    }),
  );
}

/** The offer's windows: the item's `time.range` (callback or catalogue) and its catalogue fulfillments' stops. */
export function offerRanges(item: unknown, offer: Offer | undefined): unknown[] {
  const ids = asArray(offer?.item["fulfillment_ids"]);
  const fulfillments = asArray(offer?.provider["fulfillments"]).filter((f) => ids.length === 0 || ids.includes(idOf(f)));
  const stops = fulfillments.flatMap((f) => asArray(asObject(f)?.["stops"]).map(rangeOf));
  return [rangeOf(item), rangeOf(offer?.item), ...stops].filter((range) => windowOf(range) !== undefined);
}

export function sameAmount(a: unknown, b: unknown): boolean {
  const x = decimalOf(a);
  const y = decimalOf(b);
  return x !== undefined && y !== undefined ? x.eq(y) : a === b;
}

export function requestedItems(exchange: Exchange): Json[] {
  const order = asObject(asObject(asObject(exchange.request.body)?.["message"])?.["order"]);
  return asArray(order?.["items"]).flatMap((item) => {
    const value = asObject(item);
    return value ? [value] : [];
  });
}
