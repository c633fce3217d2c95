import { Decimal } from "../../fixtures/builders/decimal.js";
import { DECIMAL_STRING, isRfc3339DateTime, isZonelessDateTime } from "../../protocol/formats.js";
import {
  allMeasures, asArray, asObject, availableMeasure, endStops, meterAddresses, selectedMeasure, type PathSegment,
} from "../../protocol/shapes.js";
import { CERTIFICATIONS, ENERGY_UNIT, SOURCE_TYPES } from "../../schemas/index.js";
import { toJsonPath } from "../../schemas/json-path.js";
import { defineCheck } from "../engine/define-check.js";
import type { Check, CheckContext, Exchange, Finding } from "../engine/types.js";

/**
 * BIZ: the energy trade's business rules, on the solicited callbacks that carry an order
 * (on_select … on_update) or a catalogue (on_search). Quantities, end meters and order state are
 * read through protocol/shapes.ts; money is exact in decimal and compared within 0.01.
 */

type Json = Record<string, unknown>;

const TOLERANCE = new Decimal("0.01");
const DER_ADDRESS = /^der:\/\/\S+$/;
const ORDER = ["message", "order"] as const;
const ECHOING_ACTIONS: ReadonlySet<string> = new Set(["select", "init", "confirm"]);

interface Body {
  readonly index: number;
  readonly body: Json;
}
interface OrderCallback {
  readonly index: number;
  readonly order: Json;
}
interface ItemAt {
  readonly index: number;
  readonly path: readonly PathSegment[];
  readonly item: Json;
}
/** A catalogue item and the provider that lists it. */
interface Offer {
  readonly item: Json;
  readonly provider: Json;
}
interface Window {
  readonly start: number;
  readonly end: number;
}

/** Solicited callbacks whose body is a JSON object. */
function solicited(exchange: Exchange): Body[] {
  return exchange.callbacks.flatMap((callback, index) => {
    const body = asObject(callback.body);
    return body && callback.matchedBy !== "unsolicited" ? [{ index, body }] : [];
  });
}

function orders(exchange: Exchange): OrderCallback[] {
  return solicited(exchange).flatMap(({ index, body }) => {
    const order = asObject(asObject(body["message"])?.["order"]);
    return order ? [{ index, order }] : [];
  });
}

const pathOf = (index: number, segments: readonly PathSegment[]): string => toJsonPath(["callbacks", index, "body", ...segments]);
const idOf = (item: unknown): unknown => asObject(item)?.["id"];
const quoteOf = (order: Json): Json | undefined => asObject(order["quote"]);
const hasQuote = (exchange: Exchange): boolean => orders(exchange).some(({ order }) => quoteOf(order) !== undefined);

function decimalOf(value: unknown): Decimal | undefined {
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
function close(expected: Decimal, actual: unknown): boolean {
  const amount = decimalOf(actual);
  return amount !== undefined && amount.minus(expected.toDecimalPlaces(2)).abs().lte(TOLERANCE);
}

function sumOf(values: readonly unknown[]): Decimal | undefined {
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
function catalogue(exchange: Exchange, ctx: CheckContext): Map<string, Offer> {
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
function unitPrice(item: unknown, offers: ReadonlyMap<string, Offer>): Decimal | undefined {
  const own = decimalOf(asObject(asObject(item)?.["price"])?.["value"]);
  const id = idOf(item);
  return own ?? (typeof id === "string" ? decimalOf(asObject(offers.get(id)?.item["price"])?.["value"]) : undefined);
}

/** Σ unit price × quantity over the order's items, or undefined when a price or quantity is unknown. */
function orderTotal(order: Json, offers: ReadonlyMap<string, Offer>): Decimal | undefined {
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
function callbackItems(exchange: Exchange): ItemAt[] {
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

const codeOf = (holder: unknown): unknown => asObject(asObject(holder)?.["descriptor"])?.["code"];

/** The tags of an item, each with its group's code. */
function tagsOf(item: Json): { groupCode: unknown; tag: Json | undefined; path: PathSegment[] }[] {
  return asArray(item["tags"]).flatMap((group, g) =>
    asArray(asObject(group)?.["list"]).map((tag, t) => ({ groupCode: codeOf(group), tag: asObject(tag), path: ["tags", g, "list", t] })),
  );
}

function instant(value: unknown): number | undefined {
  if (isRfc3339DateTime(value)) {
    return Date.parse(value);
  }
  // The guide writes ranges without a zone; read them as UTC on both sides of the comparison.
  return isZonelessDateTime(value) ? Date.parse(`${value}Z`) : undefined;
}

const rangeOf = (holder: unknown): unknown => asObject(asObject(holder)?.["time"])?.["range"];

function windowOf(range: unknown): Window | undefined {
  const start = instant(asObject(range)?.["start"]);
  const end = instant(asObject(range)?.["end"]);
  return start !== undefined && end !== undefined ? { start, end } : undefined;
}

/** The order's delivery windows: each end stop's `time.range`. */
function deliveryWindows(order: Json): { window: Window; range: unknown; path: PathSegment[] }[] {
  return asArray(order["fulfillments"]).flatMap((fulfillment, f) =>
    endStops(fulfillment).flatMap((stop) => {
      const range = rangeOf(stop.value);
      const window = windowOf(range);
      return window ? [{ window, range, path: [...ORDER, "fulfillments", f, ...stop.path, "time", "range"] }] : [];
    }),
  );
}

/** The offer's windows: the item's `time.range` (callback or catalogue) and its catalogue fulfillments' stops. */
function offerRanges(item: unknown, offer: Offer | undefined): unknown[] {
  const ids = asArray(offer?.item["fulfillment_ids"]);
  const fulfillments = asArray(offer?.provider["fulfillments"]).filter((f) => ids.length === 0 || ids.includes(idOf(f)));
  const stops = fulfillments.flatMap((f) => asArray(asObject(f)?.["stops"]).map(rangeOf));
  return [rangeOf(item), rangeOf(offer?.item), ...stops].filter((range) => windowOf(range) !== undefined);
}

function sameAmount(a: unknown, b: unknown): boolean {
  const x = decimalOf(a);
  const y = decimalOf(b);
  return x !== undefined && y !== undefined ? x.eq(y) : a === b;
}

function requestedItems(exchange: Exchange): Json[] {
  const order = asObject(asObject(asObject(exchange.request.body)?.["message"])?.["order"]);
  return asArray(order?.["items"]).flatMap((item) => {
    const value = asObject(item);
    return value ? [value] : [];
  });
}

const BIZ_001 = defineCheck({
  id: "BIZ-001",
  title: "The quote is the unit price times the quantity",
  severity: "MUST",
  ref: "core 1.1.0 Quotation; DESIGN Contracts: Money",
  appliesTo: hasQuote,
  run: (exchange, ctx) => {
    const offers = catalogue(exchange, ctx);
    return orders(exchange).flatMap(({ index, order }): Finding[] => {
      const expected = orderTotal(order, offers);
      const quoted = asObject(quoteOf(order)?.["price"])?.["value"];
      if (quoteOf(order) === undefined || expected === undefined || close(expected, quoted)) {
        return [];
      }
      return [{
        checkId: "BIZ-001",
        message: "`quote.price.value` must equal the unit price times the quantity ordered (within 0.01).",
        path: pathOf(index, [...ORDER, "quote", "price", "value"]),
        expected: expected.toDecimalPlaces(2).toFixed(),
        actual: quoted,
      }];
    });
  },
});

const BIZ_002 = defineCheck({
  id: "BIZ-002",
  title: "The quote's breakup adds up to its price",
  severity: "MUST",
  ref: "core 1.1.0 Quotation.breakup; DESIGN Contracts: Money",
  appliesTo: (exchange) => orders(exchange).some(({ order }) => asArray(quoteOf(order)?.["breakup"]).length > 0),
  run: (exchange) =>
    orders(exchange).flatMap(({ index, order }): Finding[] => {
      const quote = quoteOf(order);
      const values = asArray(quote?.["breakup"]).map((line) => asObject(asObject(line)?.["price"])?.["value"]);
      const total = decimalOf(asObject(quote?.["price"])?.["value"]);
      const sum = sumOf(values);
      if (values.length === 0 || (sum !== undefined && total !== undefined && close(total, sum.toFixed()))) {
        return [];
      }
      return [{
        checkId: "BIZ-002",
        message: "`quote.breakup[].price.value` must add up to `quote.price.value` (within 0.01).",
        path: pathOf(index, [...ORDER, "quote", "breakup"]),
        expected: asObject(quote?.["price"])?.["value"],
        actual: sum?.toFixed() ?? values,
      }];
    }),
});

const BIZ_003 = defineCheck({
  id: "BIZ-003",
  title: "Prices and the quote share one currency",
  severity: "MUST",
  ref: "core 1.1.0 Price.currency; guide §on_select",
  appliesTo: hasQuote,
  run: (exchange) =>
    orders(exchange).flatMap(({ index, order }): Finding[] => {
      const quote = quoteOf(order);
      if (quote === undefined) {
        return [];
      }
      const currency = asObject(quote["price"])?.["currency"];
      if (typeof currency !== "string") {
        return [{
          checkId: "BIZ-003",
          message: "`quote.price.currency` must name the quote's currency, such as USD.",
          path: pathOf(index, [...ORDER, "quote", "price", "currency"]),
          expected: "an ISO 4217 code",
          actual: currency,
        }];
      }
      const lines = asArray(quote["breakup"]).flatMap((line, i): Finding[] => {
        const lineCurrency = asObject(asObject(line)?.["price"])?.["currency"];
        return lineCurrency === currency ? [] : [{
          checkId: "BIZ-003",
          message: "Every `quote.breakup[].price.currency` must be the quote's currency.",
          path: pathOf(index, [...ORDER, "quote", "breakup", i, "price", "currency"]),
          expected: currency,
          actual: lineCurrency,
        }];
      });
      const items = asArray(order["items"]).flatMap((item, i): Finding[] => {
        const unit = asObject(asObject(item)?.["price"])?.["currency"];
        return typeof unit !== "string" || unit.split("/")[0] === currency ? [] : [{
          checkId: "BIZ-003",
          message: "An item's per-kWh price must be in the quote's currency (USD/kWH for a quote in USD).",
          path: pathOf(index, [...ORDER, "items", i, "price", "currency"]),
          expected: `${currency}/kWH`,
          actual: unit,
        }];
      });
      return [...lines, ...items];
    }),
});

const BIZ_004 = defineCheck({
  id: "BIZ-004",
  title: "No more is ordered than the catalogue has available",
  severity: "MUST",
  ref: "core 1.1.0 ItemQuantity.available; BECKN-005 40002",
  appliesTo: (exchange) => orders(exchange).some(({ order }) => asArray(order["items"]).some((item) => selectedMeasure(item))),
  run: (exchange, ctx) => {
    const offers = catalogue(exchange, ctx);
    return orders(exchange).flatMap(({ index, order }) =>
      asArray(order["items"]).flatMap((item, i): Finding[] => {
        const measure = selectedMeasure(item);
        const id = idOf(item);
        const offer = typeof id === "string" ? offers.get(id) : undefined;
        const ordered = decimalOf(measure?.value["value"]);
        const available = decimalOf(availableMeasure(offer?.item)?.value["value"]);
        if (measure === undefined || ordered === undefined || available === undefined || ordered.lte(available)) {
          return [];
        }
        return [{
          checkId: "BIZ-004",
          message: "The quantity ordered must not exceed the quantity the catalogue offers for the item.",
          path: pathOf(index, [...ORDER, "items", i, ...measure.path, "value"]),
          expected: `<= ${available.toFixed()}`,
          actual: measure.value["value"],
        }];
      }),
    );
  },
});

const BIZ_005 = defineCheck({
  id: "BIZ-005",
  title: "Every quantity is measured in kWH",
  severity: "MUST",
  ref: "guide §on_search (quantity unit kWH)",
  appliesTo: (exchange) => callbackItems(exchange).some(({ item }) => allMeasures(item).length > 0),
  run: (exchange) =>
    callbackItems(exchange).flatMap(({ index, path, item }) =>
      allMeasures(item)
        .filter((measure) => measure.value["unit"] !== ENERGY_UNIT)
        .map((measure) => ({
          checkId: "BIZ-005",
          message: `Every quantity must be measured in "${ENERGY_UNIT}".`,
          path: pathOf(index, [...path, ...measure.path, "unit"]),
          expected: ENERGY_UNIT,
          actual: measure.value["unit"],
        })),
    ),
});

const BIZ_006 = defineCheck({
  id: "BIZ-006",
  title: "Every meter is a der:// address",
  severity: "MUST",
  ref: "guide §Taxonomy (DER URI meters)",
  appliesTo: (exchange) => solicited(exchange).some(({ body }) => meterAddresses(body).length > 0),
  run: (exchange) =>
    solicited(exchange).flatMap(({ index, body }) =>
      meterAddresses(body)
        .filter((meter) => typeof meter.value !== "string" || !DER_ADDRESS.test(meter.value))
        .map((meter) => ({
          checkId: "BIZ-006",
          message: "A meter address must be a DER URI such as der://ssf.meter/98765456.",
          path: pathOf(index, meter.path),
          expected: "der://<meter id>",
          actual: meter.value,
        })),
    ),
});

const BIZ_007 = defineCheck({
  id: "BIZ-007",
  title: "The delivery window lies inside the offer's",
  severity: "MUST",
  ref: "core 1.1.0 Stop.time; guide §search (time.range)",
  appliesTo: (exchange) => orders(exchange).some(({ order }) => deliveryWindows(order).length > 0),
  run: (exchange, ctx) => {
    const offers = catalogue(exchange, ctx);
    return orders(exchange).flatMap(({ index, order }) => {
      const offered = asArray(order["items"]).flatMap((item) => {
        const id = idOf(item);
        return offerRanges(item, typeof id === "string" ? offers.get(id) : undefined);
      });
      const windows = offered.flatMap((range) => windowOf(range) ?? []);
      return deliveryWindows(order)
        .filter(({ window }) => windows.length > 0 && !windows.some((w) => window.start >= w.start && window.end <= w.end))
        .map(({ range, path }) => ({
          checkId: "BIZ-007",
          message: "The delivery window (the end stop's `time.range`) must lie inside the window the offer states.",
          path: pathOf(index, path),
          expected: offered,
          actual: range,
        }));
    });
  },
});

const BIZ_008 = defineCheck({
  id: "BIZ-008",
  title: "Source_Type tags come from the guide's taxonomy",
  severity: "SHOULD",
  ref: "guide §Taxonomy (source_type)",
  appliesTo: (exchange) => callbackItems(exchange).some(({ item }) => tagsOf(item).some(({ tag }) => codeOf(tag) === "Source_Type")),
  run: (exchange) =>
    callbackItems(exchange).flatMap(({ index, path, item }) =>
      tagsOf(item)
        .filter(({ tag }) => codeOf(tag) === "Source_Type" && !(SOURCE_TYPES as readonly unknown[]).includes(tag?.["value"]))
        .map(({ tag, path: tagPath }) => ({
          checkId: "BIZ-008",
          message: `A Source_Type tag should be one of the guide's sources: ${SOURCE_TYPES.join(", ")}.`,
          path: pathOf(index, [...path, ...tagPath, "value"]),
          expected: SOURCE_TYPES,
          actual: tag?.["value"],
        })),
    ),
});

const BIZ_009 = defineCheck({
  id: "BIZ-009",
  title: "Certification codes come from the guide's taxonomy",
  severity: "SHOULD",
  ref: "guide §Taxonomy (certifications)",
  appliesTo: (exchange) => callbackItems(exchange).some(({ item }) => tagsOf(item).some(({ groupCode }) => groupCode === "Certifications")),
  run: (exchange) =>
    callbackItems(exchange).flatMap(({ index, path, item }) =>
      tagsOf(item)
        .filter(({ groupCode, tag }) => groupCode === "Certifications" && !(CERTIFICATIONS as readonly unknown[]).includes(codeOf(tag)))
        .map(({ tag, path: tagPath }) => ({
          checkId: "BIZ-009",
          message: `A certification code should be one of the guide's: ${CERTIFICATIONS.join(", ")}.`,
          path: pathOf(index, [...path, ...tagPath, "descriptor", "code"]),
          expected: CERTIFICATIONS,
          actual: codeOf(tag),
        })),
    ),
});

const BIZ_010 = defineCheck({
  id: "BIZ-010",
  title: "on_select, on_init and on_confirm echo the items and quantities asked for",
  severity: "MUST",
  ref: "core 1.1.0 Order.items; guide §on_select",
  appliesTo: (exchange) => ECHOING_ACTIONS.has(exchange.action) && requestedItems(exchange).length > 0 && orders(exchange).length > 0,
  run: (exchange) =>
    orders(exchange).flatMap(({ index, order }) =>
      requestedItems(exchange).flatMap((wanted): Finding[] => {
        const items = asArray(order["items"]);
        const position = items.findIndex((item) => idOf(item) === wanted["id"]);
        if (position < 0) {
          return [{
            checkId: "BIZ-010",
            message: "The callback must echo every item id the request asked for in `order.items`.",
            path: pathOf(index, [...ORDER, "items"]),
            expected: wanted["id"],
            actual: items.map(idOf),
          }];
        }
        const asked = selectedMeasure(wanted)?.value["value"];
        const got = selectedMeasure(items[position]);
        return asked === undefined || sameAmount(asked, got?.value["value"]) ? [] : [{
          checkId: "BIZ-010",
          message: "The callback must echo the quantity the request asked for each item.",
          path: pathOf(index, [...ORDER, "items", position, ...(got?.path ?? ["quantity"])]),
          expected: asked,
          actual: got?.value["value"],
        }];
      }),
    ),
});

export const BUSINESS_CHECKS: readonly Check[] = [
  BIZ_001, BIZ_002, BIZ_003, BIZ_004, BIZ_005, BIZ_006, BIZ_007, BIZ_008, BIZ_009, BIZ_010,
];
