import { allMeasures, asArray, asObject, meterAddresses } from "../../protocol/shapes.js";
import { DECIMAL_STRING } from "../../protocol/formats.js";
import { P2P_MUST, P2P_SHOULD, type NamedRule, type RuleHit } from "./rule.js";
import { messageFulfillments, messageItems, objectsUnderKey } from "./walk.js";
import { show } from "./show.js";

/** The energy layer of the P2P trade profiles: units, meters, prices and the guide's taxonomy. */
export const ENERGY_UNIT = "kWH";
/**
 * The unit of energy, in any case: the guide writes `kWH`, SI writes `kWh`, and neither the guide
 * nor core 1.1.0 fixes a spelling (Scalar.unit is a free string), so `kWh`, `KWH` and `kWH` are one unit.
 */
export function isEnergyUnit(unit: unknown): boolean {
  return typeof unit === "string" && unit.toLowerCase() === ENERGY_UNIT.toLowerCase();
}
export const SOURCE_TYPES = ["Rooftop Solar", "Wind", "Hydro"] as const;
export const CERTIFICATIONS = ["SPOC", "P2PTL"] as const;
const DER_ADDRESS = /^der:\/\/\S+$/;
const UNIT_PRICE_CURRENCY = /^[A-Z]{3}\/kwh$/i;
const PLAIN_CURRENCY = /^[A-Z]{3}$/;
const PRICE_AMOUNTS = ["value", "estimated_value", "computed_value", "listed_value", "offered_value", "minimum_value", "maximum_value"];

export const unitKwh: NamedRule = {
  id: "energy-unit-kwh",
  title: "Quantities are measured in kWh (any case)",
  levels: P2P_MUST,
  check: (body) =>
    messageItems(body).flatMap(({ value, path }) =>
      allMeasures(value)
        .filter((measure) => !isEnergyUnit(measure.value["unit"]))
        .map((measure) => ({
          path: [...path, ...measure.path, "unit"],
          message: `A quantity's unit must be kWh ("${ENERGY_UNIT}" in the guide, any case); got ${show(measure.value["unit"])}.`,
        })),
    ),
};

export const derMeter: NamedRule = {
  id: "energy-der-meter",
  title: "Meters are `der://` addresses",
  levels: P2P_MUST,
  check: (body) =>
    meterAddresses(body)
      .filter((meter) => typeof meter.value !== "string" || !DER_ADDRESS.test(meter.value))
      .map((meter) => ({
        path: meter.path,
        message: `A meter address must be a DER URI such as "der://ssf.meter/98765456"; got ${show(meter.value)}.`,
      })),
};

export const priceDecimal: NamedRule = {
  id: "energy-price-decimal",
  title: "Prices are decimal strings",
  levels: P2P_MUST,
  check: (body) =>
    objectsUnderKey(body, "price")
      .filter(({ path }) => path[0] === "message")
      .flatMap(({ value, path }) =>
        PRICE_AMOUNTS.filter((field) => field in value)
          .filter((field) => typeof value[field] !== "string" || !DECIMAL_STRING.test(value[field]))
          .map((field) => ({
            path: [...path, field],
            message: `\`price.${field}\` must be a decimal string such as "5" or "0.12"; got ${show(value[field])}.`,
          })),
      ),
};

type CodedTag = { value: unknown; descriptor: Record<string, unknown> | undefined; path: (string | number)[] };

/** The tags of an item whose own code or whose group's code is `code`; plain loops, no array per tag (an item may carry 1,000 groups of 1,000 tags). */
function tagsWithCode(item: Record<string, unknown>, code: string): CodedTag[] {
  const found: CodedTag[] = [];
  const groups = asArray(item["tags"]);
  for (let g = 0; g < groups.length; g += 1) {
    const group = asObject(groups[g]);
    const groupMatches = asObject(group?.["descriptor"])?.["code"] === code;
    const tags = asArray(group?.["list"]);
    for (let t = 0; t < tags.length; t += 1) {
      const tag = asObject(tags[t]);
      const descriptor = asObject(tag?.["descriptor"]);
      if (groupMatches || descriptor?.["code"] === code) {
        found.push({ value: tag?.["value"], descriptor, path: ["tags", g, "list", t] });
      }
    }
  }
  return found;
}

export const sourceType: NamedRule = {
  id: "energy-source-type",
  title: "`Source_Type` comes from the guide's taxonomy",
  levels: P2P_SHOULD,
  check: (body) =>
    messageItems(body).flatMap(({ value, path }) =>
      tagsWithCode(value, "Source_Type")
        .filter((tag) => !(SOURCE_TYPES as readonly unknown[]).includes(tag.value))
        .map((tag) => ({
          path: [...path, ...tag.path, "value"],
          message: `Source_Type must be one of ${SOURCE_TYPES.join(", ")}; got ${show(tag.value)}.`,
        })),
    ),
};

export const certification: NamedRule = {
  id: "energy-certification",
  title: "Certifications come from the guide's taxonomy",
  levels: P2P_SHOULD,
  check: (body) =>
    messageItems(body).flatMap(({ value, path }) =>
      tagsWithCode(value, "Certifications")
        .filter((tag) => !(CERTIFICATIONS as readonly unknown[]).includes(tag.descriptor?.["code"]))
        .map((tag) => ({
          path: [...path, ...tag.path, "descriptor", "code"],
          message: `A certification code must be one of ${CERTIFICATIONS.join(", ")}; got ${show(tag.descriptor?.["code"])}.`,
        })),
    ),
};

export const unitPriceCurrency: NamedRule = {
  id: "energy-unit-price-currency",
  title: "An item's price is per kWh",
  levels: P2P_SHOULD,
  check: (body) =>
    messageItems(body)
      .map(({ value, path }) => ({ price: asObject(value["price"]), path }))
      .filter(({ price }) => price !== undefined && !UNIT_PRICE_CURRENCY.test(String(price["currency"])))
      .map(({ price, path }) => ({
        path: [...path, "price", "currency"],
        message: `An item's price is per kWh: its currency must read like "USD/kWH" (kWh in any case); got ${show(price?.["currency"])}.`,
      })),
};

export const quoteCurrency: NamedRule = {
  id: "energy-quote-currency",
  title: "A quote is in a plain currency",
  levels: P2P_SHOULD,
  check: (body) => {
    const quote = asObject(asObject(asObject(body["message"])?.["order"])?.["quote"]);
    const base = ["message", "order", "quote"];
    const prices: { price: Record<string, unknown> | undefined; path: (string | number)[] }[] = [
      { price: asObject(quote?.["price"]), path: [...base, "price"] },
      ...asArray(quote?.["breakup"]).map((line, i) => ({ price: asObject(asObject(line)?.["price"]), path: [...base, "breakup", i, "price"] })),
    ];
    return prices
      .filter(({ price }) => price !== undefined && !PLAIN_CURRENCY.test(String(price["currency"])))
      .map(({ price, path }): RuleHit => ({
        path: [...path, "currency"],
        message: `A quote's amounts are totals: the currency must be an ISO 4217 code such as "USD"; got ${show(price?.["currency"])}.`,
      }));
  },
};

export const gridAgent: NamedRule = {
  id: "energy-grid-agent",
  title: "The fulfillment agent is the grid operator",
  levels: P2P_SHOULD,
  check: (body) =>
    messageFulfillments(body)
      .filter(({ value }) => value["agent"] !== undefined)
      .filter(({ value }) => typeof asObject(asObject(asObject(value["agent"])?.["organization"])?.["descriptor"])?.["name"] !== "string")
      .map(({ path }) => ({
        path: [...path, "agent"],
        message: 'The fulfillment agent is the grid operator: name it in `agent.organization.descriptor.name` (e.g. "PG&E Grid Services").',
      })),
};

export const ENERGY_RULES: readonly NamedRule[] = [unitKwh, derMeter, priceDecimal, sourceType, certification, unitPriceCurrency, quoteCurrency, gridAgent];
