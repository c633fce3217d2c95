import { Decimal } from "../../fixtures/builders/index.js";
import { allMeasures, asArray, asObject } from "../../protocol/shapes.js";
import type { ShapeOption } from "./types.js";
import type { BppVariants } from "./variants.js";

/**
 * The bpp.* variants that change what a callback says (the mirror of outgoing-faults.ts): each
 * rewrites a copy of the body in a way the guide or core 1.1.0 allows. The context and business
 * faults still apply on top, so a variant never hides a fault.
 */

type Json = Record<string, unknown>;

/** The order actions whose callbacks bpp.mixed-shapes writes in core's forms; the others keep the guide's. */
export const MIXED_CORE_ACTIONS: ReadonlySet<string> = new Set(["on_select", "on_confirm", "on_update"]);

/** The lines bpp.quote-with-charges adds beside the energy: fixed charges and a tax on the energy. */
export const WHEELING_CHARGE = "1.50";
export const PLATFORM_CHARGE = "0.50";
export const TAX_RATE = "0.05";

/** The forms the BPP writes: the variants that fix them win over the `shape` option. */
export function shapeWithVariants(option: ShapeOption, variants: BppVariants): ShapeOption {
  if (variants.has("bpp.core-shapes") || variants.has("bpp.stops-type-lowercase")) {
    return "core";
  }
  return variants.has("bpp.guide-shapes") || variants.has("bpp.mixed-shapes") ? "guide" : option;
}

function objects(value: unknown): Json[] {
  return asArray(value).flatMap((v): Json[] => {
    const object = asObject(v);
    return object ? [object] : [];
  });
}

/** Every fulfillment a callback carries: the order's and the catalogue's providers'. */
function fulfillmentsOf(message: Json | undefined): Json[] {
  const order = objects(asObject(message?.["order"])?.["fulfillments"]);
  const listed = objects(asObject(message?.["catalog"])?.["providers"]).flatMap((p) => objects(p["fulfillments"]));
  return [...order, ...listed];
}

/** Every item a callback carries: the order's and the catalogue's. */
function itemsOf(message: Json | undefined): Json[] {
  const order = objects(asObject(message?.["order"])?.["items"]);
  const listed = objects(asObject(message?.["catalog"])?.["providers"]).flatMap((p) => objects(p["items"]));
  return [...order, ...listed];
}

/** bpp.core-shapes: stop types in upper case (START, END), as the guide's taxonomy lists them. */
function upperCaseStopTypes(message: Json | undefined): void {
  for (const stop of fulfillmentsOf(message).flatMap((f) => objects(f["stops"]))) {
    if (typeof stop["type"] === "string") {
      stop["type"] = stop["type"].toUpperCase();
    }
  }
}

/** bpp.mixed-shapes: one order turned from the guide's forms into core's, in place (never both in one object). */
function orderToCore(order: Json): void {
  for (const item of objects(order["items"])) {
    const quantity = asObject(item["quantity"]);
    if (quantity && asObject(quantity["measure"])) {
      quantity["selected"] = { ...asObject(quantity["selected"]), measure: quantity["measure"] };
      delete quantity["measure"];
    }
  }
  for (const fulfillment of objects(order["fulfillments"])) {
    const stops = objects(fulfillment["stops"]);
    for (const [type, stop] of [
      ["start", asObject(fulfillment["start"])],
      ["end", asObject(fulfillment["end"])],
    ] as const) {
      if (stop) {
        stops.push({ type, ...stop });
      }
    }
    delete fulfillment["start"];
    delete fulfillment["end"];
    if (stops.length > 0) {
      fulfillment["stops"] = stops;
    }
  }
  if ("state" in order) {
    order["status"] = order["state"] === "COMPLETED" ? "COMPLETE" : order["state"];
    delete order["state"];
  }
}

function setUnits(message: Json | undefined, unit: string): void {
  itemsOf(message)
    .flatMap((item) => allMeasures(item))
    .forEach((measure) => (measure.value["unit"] = unit));
}

function perKwhWithLowerH(message: Json | undefined): void {
  for (const price of itemsOf(message).flatMap((item) => objects([item["price"]]))) {
    if (typeof price["currency"] === "string") {
      price["currency"] = price["currency"].replace(/\/kwh$/i, "/kWh");
    }
  }
}

/** bpp.quote-with-charges: wheeling, platform and tax lines beside the energy, and a total that is their sum. */
function addCharges(order: Json | undefined): void {
  const quote = asObject(order?.["quote"]);
  const total = asObject(quote?.["price"]);
  const energyValue = total?.["value"];
  if (!quote || !total || typeof energyValue !== "string") {
    return;
  }
  const currency = total["currency"];
  const itemId = objects(order?.["items"])[0]?.["id"];
  const energy = new Decimal(energyValue);
  const tax = energy.times(TAX_RATE).toDecimalPlaces(2);
  const line = (title: string, value: Decimal | string) => ({ title, price: { currency, value: new Decimal(value).toFixed() } });
  quote["breakup"] = [
    { ...line("Energy Cost", energy), ...(typeof itemId === "string" ? { item: { id: itemId } } : {}) },
    line("WHEELING_CHARGE", WHEELING_CHARGE),
    line("PLATFORM_CHARGE", PLATFORM_CHARGE),
    line("TAX", tax),
  ];
  total["value"] = energy.plus(WHEELING_CHARGE).plus(PLATFORM_CHARGE).plus(tax).toFixed();
}

/** The context variants: fields the guide's own callbacks leave out, and protocol-server's flat codes. */
function contextVariants(context: Json, variants: BppVariants): void {
  if (variants.has("bpp.callback-context-minimal")) {
    delete context["bap_uri"];
    delete context["version"];
    delete context["ttl"];
  }
  if (variants.has("bpp.flat-country-city")) {
    const location = asObject(context["location"]);
    const country = asObject(location?.["country"])?.["code"];
    const city = asObject(location?.["city"])?.["code"];
    if (typeof country === "string") {
      context["country"] = country;
    }
    if (typeof city === "string") {
      context["city"] = city;
    }
  }
}

/** Applies the outgoing bpp.* variants to a callback body (a copy; the body given is not changed). */
export function withOutgoingVariants(body: Json, variants: BppVariants): Json {
  if (variants.size === 0) {
    return body;
  }
  const copy = structuredClone(body);
  const message = asObject(copy["message"]);
  const order = asObject(message?.["order"]);
  const context = asObject(copy["context"]);
  if (variants.has("bpp.core-shapes")) {
    upperCaseStopTypes(message);
  }
  if (variants.has("bpp.mixed-shapes") && order && MIXED_CORE_ACTIONS.has(String(context?.["action"]))) {
    orderToCore(order);
  }
  if (variants.has("bpp.unit-kwh")) {
    setUnits(message, "kWh");
  }
  if (variants.has("bpp.unit-upper")) {
    setUnits(message, "KWH");
  }
  if (variants.has("bpp.price-currency-per-kwh")) {
    perKwhWithLowerH(message);
  }
  if (variants.has("bpp.quote-with-charges")) {
    addCharges(order);
  }
  if (context) {
    contextVariants(context, variants);
  }
  return copy;
}
