import { describe, expect, test } from "vitest";
import { loadGuideMessage } from "../../fixtures/guide/index.js";
import { buildTransaction } from "../../fixtures/builders/index.js";
import { validate } from "../../schemas/index.js";

/**
 * Each row takes one valid message, breaks exactly one thing, and names the JSONPath where the
 * default profile must report an error. Bases are the guide's messages (cancel and on_cancel,
 * which the guide lacks, are built).
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Kind = Parameters<typeof loadGuideMessage>[0] | "cancel" | "on_cancel";

interface Variant {
  readonly kind: Kind;
  readonly name: string;
  readonly path: string;
  readonly mutate: (m: Json) => void;
}

const built = buildTransaction({ seed: 7 }).messages;

function base(kind: Kind): Json {
  return structuredClone(kind === "cancel" || kind === "on_cancel" ? built[kind] : loadGuideMessage(kind)) as Json;
}

const END = (i = 0) => `$.message.order.fulfillments[${i}].end.location.address`;
const variants: Variant[] = [
  // search
  { kind: "search", name: "no context", path: "$.context", mutate: (m) => delete m.context },
  { kind: "search", name: "unknown action", path: "$.context.action", mutate: (m) => (m.context.action = "serch") },
  { kind: "search", name: "no intent", path: "$.message.intent", mutate: (m) => delete m.message.intent },
  { kind: "search", name: "numeric transaction_id", path: "$.context.transaction_id", mutate: (m) => (m.context.transaction_id = 42) },
  { kind: "search", name: "timestamp not RFC 3339", path: "$.context.timestamp", mutate: (m) => (m.context.timestamp = "2025-05-09 10:00") },
  {
    kind: "search",
    name: "meter not der://",
    path: "$.message.intent.fulfillment.stops[0].location.address",
    mutate: (m) => (m.message.intent.fulfillment.stops[0].location.address = "meter-98765456"),
  },
  { kind: "search", name: "no bap_uri", path: "$.context.bap_uri", mutate: (m) => delete m.context.bap_uri },
  {
    kind: "search",
    name: "time.range that is not a date",
    path: "$.message.intent.fulfillment.stops[0].time.range.end",
    mutate: (m) => (m.message.intent.fulfillment.stops[0].time.range.end = "6pm"),
  },
  // on_search
  { kind: "on_search", name: "no catalog", path: "$.message.catalog", mutate: (m) => delete m.message.catalog },
  { kind: "on_search", name: "providers not an array", path: "$.message.catalog.providers", mutate: (m) => (m.message.catalog.providers = {}) },
  {
    kind: "on_search",
    name: "unit kVAh",
    path: "$.message.catalog.providers[0].items[0].quantity.available.measure.unit",
    mutate: (m) => (m.message.catalog.providers[0].items[0].quantity.available.measure.unit = "kVAh"),
  },
  {
    kind: "on_search",
    name: "numeric price",
    path: "$.message.catalog.providers[0].items[0].price.value",
    mutate: (m) => (m.message.catalog.providers[0].items[0].price.value = 5),
  },
  {
    kind: "on_search",
    name: "price with a unit in it",
    path: "$.message.catalog.providers[0].items[0].price.value",
    mutate: (m) => (m.message.catalog.providers[0].items[0].price.value = "5 USD"),
  },
  { kind: "on_search", name: "no bap_id", path: "$.context.bap_id", mutate: (m) => delete m.context.bap_id },
  // select
  { kind: "select", name: "no order", path: "$.message.order", mutate: (m) => delete m.message.order },
  { kind: "select", name: "no items", path: "$.message.order.items", mutate: (m) => delete m.message.order.items },
  { kind: "select", name: "items not an array", path: "$.message.order.items", mutate: (m) => (m.message.order.items = "uid_xyz") },
  {
    kind: "select",
    name: "unit MWh",
    path: "$.message.order.items[0].quantity.measure.unit",
    mutate: (m) => (m.message.order.items[0].quantity.measure.unit = "MWh"),
  },
  { kind: "select", name: "meter without scheme", path: END(), mutate: (m) => (m.message.order.fulfillments[0].end.location.address = "ssf.meter/65432100") },
  { kind: "select", name: "no message_id", path: "$.context.message_id", mutate: (m) => delete m.context.message_id },
  // on_select
  { kind: "on_select", name: "no order", path: "$.message.order", mutate: (m) => delete m.message.order },
  { kind: "on_select", name: "quote in words", path: "$.message.order.quote.price.value", mutate: (m) => (m.message.order.quote.price.value = "fifty") },
  {
    kind: "on_select",
    name: "unit Wh",
    path: "$.message.order.items[0].quantity.measure.unit",
    mutate: (m) => (m.message.order.items[0].quantity.measure.unit = "Wh"),
  },
  { kind: "on_select", name: "timestamp in words", path: "$.context.timestamp", mutate: (m) => (m.context.timestamp = "yesterday") },
  { kind: "on_select", name: "neither message nor error", path: "$.error", mutate: (m) => delete m.message },
  // init
  { kind: "init", name: "no items", path: "$.message.order.items", mutate: (m) => delete m.message.order.items },
  { kind: "init", name: "meter over http", path: END(), mutate: (m) => (m.message.order.fulfillments[0].end.location.address = "http://ssf.meter/65432100") },
  { kind: "init", name: "no bap_uri", path: "$.context.bap_uri", mutate: (m) => delete m.context.bap_uri },
  { kind: "init", name: "numeric domain", path: "$.context.domain", mutate: (m) => (m.context.domain = 7) },
  { kind: "init", name: "message not an object", path: "$.message", mutate: (m) => (m.message = "order") },
  // on_init
  {
    kind: "on_init",
    name: "numeric breakup price",
    path: "$.message.order.quote.breakup[0].price.value",
    mutate: (m) => (m.message.order.quote.breakup[0].price.value = 50),
  },
  { kind: "on_init", name: "order as an array", path: "$.message.order", mutate: (m) => (m.message.order = []) },
  { kind: "on_init", name: "no domain", path: "$.context.domain", mutate: (m) => delete m.context.domain },
  { kind: "on_init", name: "meter without der://", path: END(), mutate: (m) => (m.message.order.fulfillments[0].end.location.address = "65432100") },
  // confirm
  { kind: "confirm", name: "no items", path: "$.message.order.items", mutate: (m) => delete m.message.order.items },
  { kind: "confirm", name: "item without id", path: "$.message.order.items[0].id", mutate: (m) => delete m.message.order.items[0].id },
  { kind: "confirm", name: "empty items", path: "$.message.order.items", mutate: (m) => (m.message.order.items = []) },
  {
    kind: "confirm",
    name: "unit kW",
    path: "$.message.order.items[0].quantity.measure.unit",
    mutate: (m) => (m.message.order.items[0].quantity.measure.unit = "kW"),
  },
  { kind: "confirm", name: "meter as a number", path: END(), mutate: (m) => (m.message.order.fulfillments[0].end.location.address = 65432100) },
  // on_confirm
  { kind: "on_confirm", name: "no order id", path: "$.message.order.id", mutate: (m) => delete m.message.order.id },
  {
    kind: "on_confirm",
    name: "unit missing",
    path: "$.message.order.items[0].quantity.measure.unit",
    mutate: (m) => delete m.message.order.items[0].quantity.measure.unit,
  },
  { kind: "on_confirm", name: "meter with spaces", path: END(), mutate: (m) => (m.message.order.fulfillments[0].end.location.address = "der:// ssf meter") },
  { kind: "on_confirm", name: "null transaction_id", path: "$.context.transaction_id", mutate: (m) => (m.context.transaction_id = null) },
  // status
  { kind: "status", name: "no order_id", path: "$.message.order_id", mutate: (m) => delete m.message.order_id },
  { kind: "status", name: "numeric order_id", path: "$.message.order_id", mutate: (m) => (m.message.order_id = 123) },
  { kind: "status", name: "no action", path: "$.context.action", mutate: (m) => delete m.context.action },
  { kind: "status", name: "context as a string", path: "$.context", mutate: (m) => (m.context = "status") },
  { kind: "status", name: "no message", path: "$.message", mutate: (m) => delete m.message },
  // on_status
  {
    kind: "on_status",
    name: "meter without der://",
    path: END(),
    mutate: (m) => (m.message.order.fulfillments[0].end.location.address = "ssf.meter/65432100"),
  },
  { kind: "on_status", name: "no order", path: "$.message.order", mutate: (m) => delete m.message.order },
  { kind: "on_status", name: "fulfillments not an array", path: "$.message.order.fulfillments", mutate: (m) => (m.message.order.fulfillments = {}) },
  { kind: "on_status", name: "timestamp without zone", path: "$.context.timestamp", mutate: (m) => (m.context.timestamp = "2025-05-09T10:04:15") },
  // update
  { kind: "update", name: "no update_target", path: "$.message.update_target", mutate: (m) => delete m.message.update_target },
  { kind: "update", name: "update_target as an array", path: "$.message.update_target", mutate: (m) => (m.message.update_target = ["fulfillments"]) },
  { kind: "update", name: "no order", path: "$.message.order", mutate: (m) => delete m.message.order },
  { kind: "update", name: "no order id", path: "$.message.order.id", mutate: (m) => delete m.message.order.id },
  { kind: "update", name: "new meter without der://", path: END(), mutate: (m) => (m.message.order.fulfillments[0].end.location.address = "000NEWDEST") },
  // on_update
  { kind: "on_update", name: "no order", path: "$.message.order", mutate: (m) => delete m.message.order },
  {
    kind: "on_update",
    name: "meter without der://",
    path: END(),
    mutate: (m) => (m.message.order.fulfillments[0].end.location.address = "ssf.meter/000NEWDEST"),
  },
  { kind: "on_update", name: "numeric message_id", path: "$.context.message_id", mutate: (m) => (m.context.message_id = 1) },
  { kind: "on_update", name: "bpp_uri not a URI", path: "$.context.bpp_uri", mutate: (m) => (m.context.bpp_uri = "not a uri") },
  // cancel
  { kind: "cancel", name: "no order_id", path: "$.message.order_id", mutate: (m) => delete m.message.order_id },
  { kind: "cancel", name: "order_id as an object", path: "$.message.order_id", mutate: (m) => (m.message.order_id = {}) },
  { kind: "cancel", name: "no transaction_id", path: "$.context.transaction_id", mutate: (m) => delete m.context.transaction_id },
  { kind: "cancel", name: "no bap_uri", path: "$.context.bap_uri", mutate: (m) => delete m.context.bap_uri },
  // on_cancel
  { kind: "on_cancel", name: "no order", path: "$.message.order", mutate: (m) => delete m.message.order },
  {
    kind: "on_cancel",
    name: "status outside core's enum",
    path: "$.message.order.status",
    mutate: (m) => {
      delete m.message.order.state;
      m.message.order.status = "GONE";
    },
  },
  { kind: "on_cancel", name: "no bap_id", path: "$.context.bap_id", mutate: (m) => delete m.context.bap_id },
  { kind: "on_cancel", name: "ttl in words", path: "$.context.ttl", mutate: (m) => (m.context.ttl = "10 seconds") },
];

describe("invalid variants under the default profile", () => {
  test("the table covers at least 60 variants and 4 of each message kind", () => {
    const perKind = new Map<Kind, number>();
    for (const v of variants) {
      perKind.set(v.kind, (perKind.get(v.kind) ?? 0) + 1);
    }
    expect(variants.length).toBeGreaterThanOrEqual(60);
    expect(perKind.size).toBe(14);
    expect(Math.min(...perKind.values())).toBeGreaterThanOrEqual(4);
  });

  test.for(variants)("$kind: $name is an error at $path", (variant) => {
    const message = base(variant.kind);
    expect(validate(message).valid, "the base message is valid").toBe(true);
    variant.mutate(message);
    const result = validate(message);
    expect(result.valid).toBe(false);
    const errorsAtPath = result.findings.filter((f) => f.severity === "error" && f.path === variant.path);
    expect(errorsAtPath, JSON.stringify(result.findings, null, 1)).not.toHaveLength(0);
  });
});
