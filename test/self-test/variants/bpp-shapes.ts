import type { RunResult } from "../../../suites/core/run-result.js";
import type { VariantRow } from "./row.js";
import { contextOf, list, object, orderOfBody, type Json } from "./evidence.js";

/** The BPP's variants of form: core's shapes or the guide's, units, quote lines, the callback context. */

/** Every JSON callback body of the run, with its action. */
const callbackBodies = (result: RunResult): { action: string; body: Json }[] =>
  result.exchanges.flatMap((e) => e.callbacks.flatMap((c) => (object(c.body) ? [{ action: c.action, body: object(c.body) as Json }] : [])));
const orderOf = (body: Json): Json | undefined => orderOfBody(body);
/** The orders of the run's callbacks, with the callback's action. */
const callbackOrders = (result: RunResult) =>
  callbackBodies(result).flatMap(({ action, body }) => (orderOf(body) ? [{ action, order: orderOf(body) as Json }] : []));
const items = (order: Json): Json[] => list(order["items"]);
const quantityOf = (item: Json): Json | undefined => object(item["quantity"]);
const hasGuideQuantity = (order: Json): boolean => items(order).some((i) => object(quantityOf(i)?.["measure"]) !== undefined);
const hasCoreQuantity = (order: Json): boolean => items(order).some((i) => object(object(quantityOf(i)?.["selected"])?.["measure"]) !== undefined);
const hasGuideEnd = (order: Json): boolean => list(order["fulfillments"]).some((f) => object(f["end"]) !== undefined);
const stopTypes = (order: Json): unknown[] => list(order["fulfillments"]).flatMap((f) => list(f["stops"]).map((s) => s["type"]));
const guideForms = (order: Json): boolean => hasGuideQuantity(order) || hasGuideEnd(order) || "state" in order;
const coreForms = (order: Json): boolean => hasCoreQuantity(order) || stopTypes(order).length > 0 || "status" in order;
/** Some request of the run carried core's quantity form: the harness sent `--request-shape core`. */
const sentCore = (result: RunResult): boolean =>
  result.exchanges.some((e) => {
    const order = object(object(object(e.request.body)?.["message"])?.["order"]);
    return order !== undefined && hasCoreQuantity(order);
  });
/** Every unit of every quantity in the callbacks' orders and catalogues. */
const units = (result: RunResult): unknown[] =>
  callbackBodies(result).flatMap(({ body }) => {
    const message = object(body["message"]);
    const listed = list(object(message?.["catalog"])?.["providers"]).flatMap((p) => list(p["items"]));
    return [...items(orderOf(body) ?? {}), ...listed].flatMap((item) =>
      Object.values(quantityOf(item) ?? {})
        .flatMap((slot) => [object(slot)?.["unit"], object(object(slot)?.["measure"])?.["unit"]])
        .filter((u) => u !== undefined),
    );
  });
/** Every callback order's shape is one form per object, never both. */
const oneFormPerOrder = (result: RunResult): boolean =>
  callbackOrders(result).every(({ order }) => !(hasGuideQuantity(order) && hasCoreQuantity(order)) && !("state" in order && "status" in order));

export const BPP_SHAPE_ROWS: readonly VariantRow[] = [
  {
    role: "bpp",
    variant: "bpp.core-shapes",
    alsoProfiles: ["core-1.1.0", "p2p-trade-strict"],
    // Core's forms throughout, also where the harness sent the guide's (the default profile), and END in upper case.
    seen: (r) =>
      callbackOrders(r).some(({ order }) => hasCoreQuantity(order)) &&
      callbackOrders(r).some(({ order }) => stopTypes(order).includes("END")) &&
      callbackOrders(r).some(({ order }) => "status" in order) &&
      callbackOrders(r).every(({ order }) => !guideForms(order)),
  },
  {
    role: "bpp",
    variant: "bpp.stops-type-lowercase",
    alsoProfiles: ["core-1.1.0"],
    seen: (r) =>
      callbackOrders(r).some(({ order }) => hasCoreQuantity(order) && stopTypes(order).includes("end")) &&
      callbackOrders(r).every(({ order }) => !guideForms(order) && !stopTypes(order).includes("END")),
  },
  {
    role: "bpp",
    variant: "bpp.guide-shapes",
    options: { requestShape: "core" },
    seen: (r) =>
      sentCore(r) &&
      callbackOrders(r).some(({ order }) => hasGuideQuantity(order)) &&
      callbackOrders(r).some(({ order }) => hasGuideEnd(order)) &&
      callbackOrders(r).some(({ order }) => "state" in order) &&
      callbackOrders(r).every(({ order }) => !coreForms(order)),
  },
  {
    role: "bpp",
    variant: "bpp.mixed-shapes",
    seen: (r) =>
      oneFormPerOrder(r) &&
      callbackOrders(r).some(({ action, order }) => action === "on_select" && hasCoreQuantity(order)) &&
      callbackOrders(r).some(({ action, order }) => action === "on_init" && hasGuideQuantity(order)),
  },
  {
    role: "bpp",
    variant: "bpp.unit-kwh",
    seen: (r) => units(r).includes("kWh") && !units(r).includes("kWH"),
  },
  {
    role: "bpp",
    variant: "bpp.unit-upper",
    seen: (r) => units(r).includes("KWH") && !units(r).includes("kWH"),
  },
  {
    role: "bpp",
    variant: "bpp.price-currency-per-kwh",
    seen: (r) => callbackOrders(r).some(({ order }) => items(order).some((i) => object(i["price"])?.["currency"] === "USD/kWh")),
  },
  {
    role: "bpp",
    variant: "bpp.quote-with-charges",
    seen: (r) =>
      callbackOrders(r).some(({ order }) => {
        const titles = list(object(order["quote"])?.["breakup"]).map((line) => line["title"]);
        return titles.includes("WHEELING_CHARGE") && titles.includes("PLATFORM_CHARGE") && titles.includes("TAX");
      }),
  },
  {
    role: "bpp",
    variant: "bpp.callback-context-minimal",
    warns: {
      "CTX-015":
        "a callback without ttl: core 1.1.0 and the guide allow it, but a ttl tells the BAP how long the callback holds, so the harness keeps it a SHOULD (a fail only under strict)",
      "SCH-002": "the same ttl, and version, as the default profile's SHOULD rules p2p-context-ttl-missing and p2p-context-version-missing name them",
    },
    seen: (r) =>
      callbackBodies(r).length > 0 &&
      callbackBodies(r).every(({ body }) => {
        const context = contextOf(body);
        return context !== undefined && !("bap_uri" in context) && !("version" in context) && !("ttl" in context);
      }),
  },
  {
    role: "bpp",
    variant: "bpp.flat-country-city",
    alsoProfiles: ["core-1.1.0"],
    seen: (r) =>
      callbackBodies(r).some(
        ({ body }) =>
          typeof contextOf(body)?.["country"] === "string" &&
          typeof contextOf(body)?.["city"] === "string" &&
          object(contextOf(body)?.["location"]) !== undefined,
      ),
  },
];
