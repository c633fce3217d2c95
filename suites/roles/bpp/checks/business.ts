import { allMeasures, asArray, asObject, availableMeasure, meterAddresses, selectedMeasure } from "../../../../protocol/shapes.js";
import { CERTIFICATIONS, ENERGY_UNIT, SOURCE_TYPES, isEnergyUnit } from "../../../../schemas/index.js";
import { defineCheck } from "../../../core/define-check.js";
import type { Check, Exchange, CheckFinding } from "../../../core/check.js";
import {
  DER_ADDRESS,
  ECHOING_ACTIONS,
  ORDER,
  TOLERANCE,
  callbackItems,
  catalogue,
  close,
  codeOf,
  decimalOf,
  deliveryWindows,
  energyLines,
  hasQuote,
  idOf,
  offerRanges,
  orderTotal,
  orders,
  pathOf,
  quoteOf,
  requestedItems,
  sameAmount,
  solicited,
  sumOf,
  tagsOf,
  windowOf,
  type Json,
} from "./business-read.js";
import type { Decimal } from "../../../../fixtures/builders/decimal.js";
import { SUBSTANCE_CHECKS } from "./business-substance.js";
import { finding } from "../../../core/finding.js";

/**
 * BIZ: the energy trade's business rules, on the solicited callbacks that carry an order
 * (on_select … on_update) or a catalogue (on_search). Money is exact in decimal and compared
 * within 0.01; what the rules read comes from ./business-read.ts.
 */

/** The energy a quote prices, or the whole quote when no breakup line is the energy's. */
function biz001Finding(index: number, order: Json, expected: Decimal): CheckFinding[] {
  const lines = energyLines(order);
  if (lines.length > 0) {
    const energy = sumOf(lines.map((line) => asObject(line["price"])?.["value"]));
    return energy !== undefined && close(expected, energy.toFixed())
      ? []
      : [
          finding(
            "The quote's energy line (`quote.breakup[]` for the item, or titled Energy Cost) must equal the unit price times the quantity ordered (within 0.01).",
            {
              path: pathOf(index, [...ORDER, "quote", "breakup"]),
              expected: expected.toDecimalPlaces(2).toFixed(),
              actual: lines.map((line) => asObject(line["price"])?.["value"]),
            },
          ),
        ];
  }
  const quoted = asObject(quoteOf(order)?.["price"])?.["value"];
  const amount = decimalOf(quoted);
  return amount !== undefined && amount.gte(expected.toDecimalPlaces(2).minus(TOLERANCE))
    ? []
    : [
        finding(
          "`quote.price.value` must be at least the unit price times the quantity ordered: other charges may add to the energy, nothing may take from it.",
          {
            path: pathOf(index, [...ORDER, "quote", "price", "value"]),
            expected: `>= ${expected.toDecimalPlaces(2).toFixed()}`,
            actual: quoted,
          },
        ),
      ];
}

const BIZ_001 = defineCheck({
  id: "BIZ-001",
  title: "The quote prices the energy at unit price times quantity",
  severity: "MUST",
  ref: 'core 1.1.0 Quotation (breakup lines beside the goods); docs/rules.md "Contracts" (Money); docs/rules.md "Context, quotes, units and windows" (The quote)',
  fix: "Price the item's energy line in quote.breakup at unit price × the quantity ordered (within 0.01), computed in decimals, not floats.",
  appliesTo: hasQuote,
  run: (exchange, ctx) => {
    const offers = catalogue(exchange, ctx);
    return orders(exchange).flatMap(({ index, order }): CheckFinding[] => {
      const expected = orderTotal(order, offers);
      return quoteOf(order) === undefined || expected === undefined ? [] : biz001Finding(index, order, expected);
    });
  },
});

const BIZ_002 = defineCheck({
  id: "BIZ-002",
  title: "The quote's breakup adds up to its price",
  severity: "MUST",
  ref: 'core 1.1.0 Quotation.breakup; docs/rules.md "Contracts" (Money)',
  fix: "Make `quote.price.value` the sum of `quote.breakup[].price.value`, computed in decimals, so rounding does not split them.",
  appliesTo: (exchange) => orders(exchange).some(({ order }) => asArray(quoteOf(order)?.["breakup"]).length > 0),
  run: (exchange) =>
    orders(exchange).flatMap(({ index, order }): CheckFinding[] => {
      const quote = quoteOf(order);
      const values = asArray(quote?.["breakup"]).map((line) => asObject(asObject(line)?.["price"])?.["value"]);
      const total = decimalOf(asObject(quote?.["price"])?.["value"]);
      const sum = sumOf(values);
      if (values.length === 0 || (sum !== undefined && total !== undefined && close(total, sum.toFixed()))) {
        return [];
      }
      return [
        finding("`quote.breakup[].price.value` must add up to `quote.price.value` (within 0.01).", {
          path: pathOf(index, [...ORDER, "quote", "breakup"]),
          expected: asObject(quote?.["price"])?.["value"],
          actual: sum?.toFixed() ?? values,
        }),
      ];
    }),
});

const BIZ_003 = defineCheck({
  id: "BIZ-003",
  title: "Prices and the quote share one currency",
  severity: "MUST",
  ref: "core 1.1.0 Price.currency; guide §on_select",
  fix: "Use one currency for the quote, every breakup line and every item's unit price (the catalogue's, such as USD).",
  appliesTo: hasQuote,
  run: (exchange) =>
    orders(exchange).flatMap(({ index, order }): CheckFinding[] => {
      const quote = quoteOf(order);
      if (quote === undefined) {
        return [];
      }
      const currency = asObject(quote["price"])?.["currency"];
      if (typeof currency !== "string") {
        return [
          finding("`quote.price.currency` must name the quote's currency, such as USD.", {
            path: pathOf(index, [...ORDER, "quote", "price", "currency"]),
            expected: "an ISO 4217 code",
            actual: currency,
          }),
        ];
      }
      const lines = asArray(quote["breakup"]).flatMap((line, i): CheckFinding[] => {
        const lineCurrency = asObject(asObject(line)?.["price"])?.["currency"];
        return lineCurrency === currency
          ? []
          : [
              finding("Every `quote.breakup[].price.currency` must be the quote's currency.", {
                path: pathOf(index, [...ORDER, "quote", "breakup", i, "price", "currency"]),
                expected: currency,
                actual: lineCurrency,
              }),
            ];
      });
      const items = asArray(order["items"]).flatMap((item, i): CheckFinding[] => {
        const unit = asObject(asObject(item)?.["price"])?.["currency"];
        return typeof unit !== "string" || unit.split("/")[0] === currency
          ? []
          : [
              finding("An item's per-kWh price must be in the quote's currency (USD/kWH for a quote in USD).", {
                path: pathOf(index, [...ORDER, "items", i, "price", "currency"]),
                expected: `${currency}/kWH`,
                actual: unit,
              }),
            ];
      });
      return [...lines, ...items];
    }),
});

const BIZ_004 = defineCheck({
  id: "BIZ-004",
  title: "No more is ordered than the catalogue has available",
  severity: "MUST",
  ref: "core 1.1.0 ItemQuantity.available; BECKN-005 40002",
  fix: "Quote no more than the item's `quantity.available`; refuse a larger order with error 40002 instead of accepting it.",
  appliesTo: (exchange) => orders(exchange).some(({ order }) => asArray(order["items"]).some((item) => selectedMeasure(item))),
  run: (exchange, ctx) => {
    const offers = catalogue(exchange, ctx);
    return orders(exchange).flatMap(({ index, order }) =>
      asArray(order["items"]).flatMap((item, i): CheckFinding[] => {
        const measure = selectedMeasure(item);
        const id = idOf(item);
        const offer = typeof id === "string" ? offers.get(id) : undefined;
        const ordered = decimalOf(measure?.value["value"]);
        const available = decimalOf(availableMeasure(offer?.item)?.value["value"]);
        if (measure === undefined || ordered === undefined || available === undefined || ordered.lte(available)) {
          return [];
        }
        return [
          finding("The quantity ordered must not exceed the quantity the catalogue offers for the item.", {
            path: pathOf(index, [...ORDER, "items", i, ...measure.path, "value"]),
            expected: `<= ${available.toFixed()}`,
            actual: measure.value["value"],
          }),
        ];
      }),
    );
  },
});

const BIZ_005 = defineCheck({
  id: "BIZ-005",
  title: "Every quantity is measured in kWh (any case)",
  severity: "MUST",
  ref: "guide §on_search (quantity unit kWH); core 1.1.0 Scalar.unit (a free string: the case is not fixed)",
  fix: "State every quantity's unit as kWh (kWH and KWH pass too), never Wh or MWh.",
  appliesTo: (exchange) => callbackItems(exchange).some(({ item }) => allMeasures(item).length > 0),
  run: (exchange) =>
    callbackItems(exchange).flatMap(({ index, path, item }) =>
      allMeasures(item)
        .filter((measure) => !isEnergyUnit(measure.value["unit"]))
        .map((measure) =>
          finding(`Every quantity must be measured in kWh ("${ENERGY_UNIT}" in the guide; the case does not matter).`, {
            path: pathOf(index, [...path, ...measure.path, "unit"]),
            expected: ENERGY_UNIT,
            actual: measure.value["unit"],
          }),
        ),
    ),
});

const BIZ_006 = defineCheck({
  id: "BIZ-006",
  title: "Every meter is a der:// address",
  severity: "MUST",
  ref: "guide §Taxonomy (DER URI meters)",
  fix: "Write every meter as a DER URI such as der://ssf.meter/98765456, as the guide does.",
  appliesTo: (exchange) => solicited(exchange).some(({ body }) => meterAddresses(body).length > 0),
  run: (exchange) =>
    solicited(exchange).flatMap(({ index, body }) =>
      meterAddresses(body)
        .filter((meter) => typeof meter.value !== "string" || !DER_ADDRESS.test(meter.value))
        .map((meter) =>
          finding("A meter address must be a DER URI such as der://ssf.meter/98765456.", {
            path: pathOf(index, meter.path),
            expected: "der://<meter id>",
            actual: meter.value,
          }),
        ),
    ),
});

const BIZ_007 = defineCheck({
  id: "BIZ-007",
  title: "The delivery window lies inside the offer's",
  severity: "MUST",
  ref: "core 1.1.0 Stop.time; guide §search (time.range)",
  fix: "Deliver within the offer's window: keep the end stop's `time.range` inside the item's (or provider's) `time.range`.",
  appliesTo: (exchange) => orders(exchange).some(({ order }) => deliveryWindows(order).length > 0),
  run: (exchange, ctx) => {
    const offers = catalogue(exchange, ctx);
    return orders(exchange).flatMap(({ index, order }) => {
      const offered = asArray(order["items"]).flatMap((item) => {
        const id = idOf(item);
        return offerRanges(item, typeof id === "string" ? offers.get(id) : undefined);
      });
      const windows = offered.flatMap((range) => windowOf(range) ?? []);
      // A zoneless window compares only with a zoneless one: with no zone, "10:00" is no instant (docs/rules.md).
      return deliveryWindows(order)
        .map((delivery) => ({ ...delivery, comparable: windows.filter((w) => w.zoned === delivery.window.zoned) }))
        .filter(({ window, comparable }) => comparable.length > 0 && !comparable.some((w) => window.start >= w.start && window.end <= w.end))
        .map(({ range, path }) =>
          finding("The delivery window (the end stop's `time.range`) must lie inside the window the offer states.", {
            path: pathOf(index, path),
            expected: offered,
            actual: range,
          }),
        );
    });
  },
});

/** Why a taxonomy check had nothing to judge: the SUT's items carry no such tag, which core 1.1.0 allows (BIZ-012 warns of the guide's SHOULD). */
function untagged(exchange: Exchange, tag: string): string | undefined {
  return callbackItems(exchange).length > 0
    ? `the SUT's items carry no ${tag}: core 1.1.0 Item.tags is optional (BIZ-012 warns where the guide's offers should have one), so there was no code to judge against the guide's taxonomy.`
    : undefined;
}

const BIZ_008 = defineCheck({
  id: "BIZ-008",
  title: "Source_Type tags come from the guide's taxonomy",
  severity: "SHOULD",
  ref: "guide §Taxonomy (source_type)",
  fix: "Tag Source_Type with one of the guide's sources (the finding lists them), spelt as the guide spells it.",
  appliesTo: (exchange) => callbackItems(exchange).some(({ item }) => tagsOf(item).some(({ tag }) => codeOf(tag) === "Source_Type")),
  notApplicable: (exchange) => untagged(exchange, "a Source_Type tag"),
  run: (exchange) =>
    callbackItems(exchange).flatMap(({ index, path, item }) =>
      tagsOf(item)
        .filter(({ tag }) => codeOf(tag) === "Source_Type" && !(SOURCE_TYPES as readonly unknown[]).includes(tag?.["value"]))
        .map(({ tag, path: tagPath }) =>
          finding(`A Source_Type tag should be one of the guide's sources: ${SOURCE_TYPES.join(", ")}.`, {
            path: pathOf(index, [...path, ...tagPath, "value"]),
            expected: SOURCE_TYPES,
            actual: tag?.["value"],
          }),
        ),
    ),
});

const BIZ_009 = defineCheck({
  id: "BIZ-009",
  title: "Certification codes come from the guide's taxonomy",
  severity: "SHOULD",
  ref: "guide §Taxonomy (certifications)",
  fix: "Use certification codes from the guide's taxonomy (the finding lists them) in the Certifications tags.",
  appliesTo: (exchange) => callbackItems(exchange).some(({ item }) => tagsOf(item).some(({ groupCode }) => groupCode === "Certifications")),
  notApplicable: (exchange) => untagged(exchange, "a Certifications group"),
  run: (exchange) =>
    callbackItems(exchange).flatMap(({ index, path, item }) =>
      tagsOf(item)
        .filter(({ groupCode, tag }) => groupCode === "Certifications" && !(CERTIFICATIONS as readonly unknown[]).includes(codeOf(tag)))
        .map(({ tag, path: tagPath }) =>
          finding(`A certification code should be one of the guide's: ${CERTIFICATIONS.join(", ")}.`, {
            path: pathOf(index, [...path, ...tagPath, "descriptor", "code"]),
            expected: CERTIFICATIONS,
            actual: codeOf(tag),
          }),
        ),
    ),
});

const BIZ_010 = defineCheck({
  id: "BIZ-010",
  title: "on_select, on_init and on_confirm echo the items and quantities asked for",
  severity: "MUST",
  ref: "core 1.1.0 Order.items; guide §on_select",
  fix: "Return in on_select, on_init and on_confirm every item id the request asked for, each with the quantity asked for.",
  appliesTo: (exchange) => ECHOING_ACTIONS.has(exchange.action) && requestedItems(exchange).length > 0 && orders(exchange).length > 0,
  run: (exchange) =>
    orders(exchange).flatMap(({ index, order }) =>
      requestedItems(exchange).flatMap((wanted): CheckFinding[] => {
        const items = asArray(order["items"]);
        const position = items.findIndex((item) => idOf(item) === wanted["id"]);
        if (position < 0) {
          return [
            finding("The callback must echo every item id the request asked for in `order.items`.", {
              path: pathOf(index, [...ORDER, "items"]),
              expected: wanted["id"],
              actual: items.map(idOf),
            }),
          ];
        }
        const asked = selectedMeasure(wanted)?.value["value"];
        const got = selectedMeasure(items[position]);
        return asked === undefined || sameAmount(asked, got?.value["value"])
          ? []
          : [
              finding("The callback must echo the quantity the request asked for each item.", {
                path: pathOf(index, [...ORDER, "items", position, ...(got?.path ?? ["quantity"])]),
                expected: asked,
                actual: got?.value["value"],
              }),
            ];
      }),
    ),
});

export const BUSINESS_CHECKS: readonly Check[] = [
  BIZ_001,
  BIZ_002,
  BIZ_003,
  BIZ_004,
  BIZ_005,
  BIZ_006,
  BIZ_007,
  BIZ_008,
  BIZ_009,
  BIZ_010,
  ...SUBSTANCE_CHECKS,
];
