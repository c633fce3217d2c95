import type { ProfileName } from "../../schemas/index.js";
import type { Role, RunConfig } from "../../suites/engine/config.js";
import type { RunResult } from "../../suites/engine/run-result.js";

/**
 * The variant matrix: each legitimate variant of a reference mock, and what the suite of its role
 * must say of it: exit 0, no failure, no error, and no warning but those the row lists, each with
 * its reason. A row names any run option it needs and any other profile it must also pass. Per
 * role, one more row switches on every variant at once except those `INCOMPATIBLE` names.
 */
export interface VariantRow {
  readonly role: Role;
  readonly variant: string;
  /** Run options the row needs (for example the request shape). */
  readonly options?: Partial<RunConfig>;
  /** Other profiles the variant must pass as well (the default profile always runs). */
  readonly alsoProfiles?: readonly ProfileName[];
  /** Warnings the variant earns, check id → why a SHOULD still holds against this behaviour. */
  readonly warns?: Readonly<Record<string, string>>;
  /**
   * Proof that the variant really ran: what the run's evidence shows of it. A variant that changed
   * nothing would pass vacuously; this makes the row fail instead.
   */
  readonly seen: (result: RunResult) => boolean;
}

const responses = (result: RunResult) => result.exchanges.flatMap((e) => (e.response.kind === "response" ? [e.response] : []));

type Json = Record<string, unknown>;
const object = (value: unknown): Json | undefined => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.flatMap((v): Json[] => (object(v) ? [object(v) as Json] : [])) : []);
/** Every JSON callback body of the run, with its action. */
const callbackBodies = (result: RunResult): { action: string; body: Json }[] =>
  result.exchanges.flatMap((e) => e.callbacks.flatMap((c) => (object(c.body) ? [{ action: c.action, body: object(c.body) as Json }] : [])));
const orderOf = (body: Json): Json | undefined => object(object(body["message"])?.["order"]);
const contextOf = (body: Json): Json | undefined => object(body["context"]);
/** The orders of the run's callbacks, with the callback's action. */
const callbackOrders = (result: RunResult) => callbackBodies(result).flatMap(({ action, body }) => (orderOf(body) ? [{ action, order: orderOf(body) as Json }] : []));
const items = (order: Json): Json[] => list(order["items"]);
const quantityOf = (item: Json): Json | undefined => object(item["quantity"]);
const hasGuideQuantity = (order: Json): boolean => items(order).some((i) => object(quantityOf(i)?.["measure"]) !== undefined);
const hasCoreQuantity = (order: Json): boolean => items(order).some((i) => object(object(quantityOf(i)?.["selected"])?.["measure"]) !== undefined);
const hasGuideEnd = (order: Json): boolean => list(order["fulfillments"]).some((f) => object(f["end"]) !== undefined);
const stopTypes = (order: Json): unknown[] => list(order["fulfillments"]).flatMap((f) => list(f["stops"]).map((s) => s["type"]));
const guideForms = (order: Json): boolean => hasGuideQuantity(order) || hasGuideEnd(order) || "state" in order;
const coreForms = (order: Json): boolean => hasCoreQuantity(order) || stopTypes(order).length > 0 || "status" in order;
/** Some request of the run carried core's quantity form: the harness sent `--request-shape core`. */
const sentCore = (result: RunResult): boolean => result.exchanges.some((e) => {
  const order = object(object(object(e.request.body)?.["message"])?.["order"]);
  return order !== undefined && hasCoreQuantity(order);
});
/** Every unit of every quantity in the callbacks' orders and catalogues. */
const units = (result: RunResult): unknown[] =>
  callbackBodies(result).flatMap(({ body }) => {
    const message = object(body["message"]);
    const listed = list(object(message?.["catalog"])?.["providers"]).flatMap((p) => list(p["items"]));
    return [...items(orderOf(body) ?? {}), ...listed].flatMap((item) =>
      Object.values(quantityOf(item) ?? {}).flatMap((slot) => [object(slot)?.["unit"], object(object(slot)?.["measure"])?.["unit"]]).filter((u) => u !== undefined),
    );
  });
/** Every callback order's shape is one form per object, never both. */
const oneFormPerOrder = (result: RunResult): boolean => callbackOrders(result).every(({ order }) => !(hasGuideQuantity(order) && hasCoreQuantity(order)) && !("state" in order && "status" in order));

export const VARIANT_MATRIX: readonly VariantRow[] = [
  {
    role: "bpp", variant: "bpp.ack-202-with-context",
    seen: (r) => responses(r).some((a) => a.status === 202 && typeof (a.body as { context?: unknown } | undefined)?.context === "object"),
  },
  {
    role: "bpp", variant: "bpp.core-shapes", alsoProfiles: ["core-1.1.0", "p2p-trade-strict"],
    // Core's forms throughout, also where the harness sent the guide's (the default profile), and END in upper case.
    seen: (r) => callbackOrders(r).some(({ order }) => hasCoreQuantity(order)) && callbackOrders(r).some(({ order }) => stopTypes(order).includes("END")) &&
      callbackOrders(r).some(({ order }) => "status" in order) && callbackOrders(r).every(({ order }) => !guideForms(order)),
  },
  {
    role: "bpp", variant: "bpp.stops-type-lowercase", alsoProfiles: ["core-1.1.0"],
    seen: (r) => callbackOrders(r).some(({ order }) => hasCoreQuantity(order) && stopTypes(order).includes("end")) && callbackOrders(r).every(({ order }) => !guideForms(order) && !stopTypes(order).includes("END")),
  },
  {
    role: "bpp", variant: "bpp.guide-shapes", options: { requestShape: "core" },
    seen: (r) => sentCore(r) && callbackOrders(r).some(({ order }) => hasGuideQuantity(order)) && callbackOrders(r).some(({ order }) => hasGuideEnd(order)) &&
      callbackOrders(r).some(({ order }) => "state" in order) && callbackOrders(r).every(({ order }) => !coreForms(order)),
  },
  {
    role: "bpp", variant: "bpp.mixed-shapes",
    seen: (r) => oneFormPerOrder(r) && callbackOrders(r).some(({ action, order }) => action === "on_select" && hasCoreQuantity(order)) &&
      callbackOrders(r).some(({ action, order }) => action === "on_init" && hasGuideQuantity(order)),
  },
  {
    role: "bpp", variant: "bpp.unit-kwh",
    seen: (r) => units(r).includes("kWh") && !units(r).includes("kWH"),
  },
  {
    role: "bpp", variant: "bpp.unit-upper",
    seen: (r) => units(r).includes("KWH") && !units(r).includes("kWH"),
  },
  {
    role: "bpp", variant: "bpp.price-currency-per-kwh",
    seen: (r) => callbackOrders(r).some(({ order }) => items(order).some((i) => object(i["price"])?.["currency"] === "USD/kWh")),
  },
  {
    role: "bpp", variant: "bpp.quote-with-charges",
    seen: (r) => callbackOrders(r).some(({ order }) => {
      const titles = list(object(order["quote"])?.["breakup"]).map((line) => line["title"]);
      return titles.includes("WHEELING_CHARGE") && titles.includes("PLATFORM_CHARGE") && titles.includes("TAX");
    }),
  },
  {
    role: "bpp", variant: "bpp.callback-context-minimal",
    warns: {
      "CTX-015": "a callback without ttl: core 1.1.0 and the guide allow it, but a ttl tells the BAP how long the callback holds, so the harness keeps it a SHOULD (a fail only under strict)",
      "SCH-002": "the same ttl, and version, as the default profile's SHOULD rules p2p-context-ttl-missing and p2p-context-version-missing name them",
    },
    seen: (r) => callbackBodies(r).length > 0 && callbackBodies(r).every(({ body }) => {
      const context = contextOf(body);
      return context !== undefined && !("bap_uri" in context) && !("version" in context) && !("ttl" in context);
    }),
  },
  {
    role: "bpp", variant: "bpp.flat-country-city", alsoProfiles: ["core-1.1.0"],
    seen: (r) => callbackBodies(r).some(({ body }) => typeof contextOf(body)?.["country"] === "string" && typeof contextOf(body)?.["city"] === "string" && object(contextOf(body)?.["location"]) !== undefined),
  },
];

/** Variants left out of their role's all-at-once row, each with the reason it cannot combine. */
export const INCOMPATIBLE: Readonly<Record<string, string>> = {
  "bpp.stops-type-lowercase": "a BPP writes its stop types in one case: bpp.core-shapes writes them in upper case",
  "bpp.guide-shapes": "a BPP that always writes the guide's forms cannot also always write core's (bpp.core-shapes)",
  "bpp.mixed-shapes": "mixes the guide's forms with core's, which bpp.core-shapes writes throughout",
  "bpp.unit-kwh": "a quantity has one unit spelling: bpp.unit-upper writes KWH",
};
