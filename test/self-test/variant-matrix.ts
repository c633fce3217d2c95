import { SYNC_NACK_STATUSES } from "../../mocks/bpp/variants.js";
import { parseSignatureHeader } from "../../protocol/signing/index.js";
import { REFERENCE_REGISTRY_ENCRYPTION } from "../../mocks/registry/index.js";
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

const callbacks = (result: RunResult) => result.exchanges.flatMap((e) => e.callbacks);
const contextOf = (body: unknown): Record<string, unknown> | undefined => (body as { context?: Record<string, unknown> } | undefined)?.context;

/** Every callback's Signature header that parses, with when it arrived. */
function signatures(result: RunResult) {
  return callbacks(result).flatMap((c) => {
    const header = Object.entries(c.headers).find(([name]) => name.toLowerCase() === "authorization")?.[1] ?? "";
    const parsed = parseSignatureHeader(header);
    return parsed.ok ? [{ header, params: parsed.params, at: c.receivedAt }] : [];
  });
}

/** An error step refused by a NACK with a code and HTTP `status`, and no reply by its message_id. */
function refusedSynchronously(result: RunResult, status: number): boolean {
  return result.exchanges.some((e) =>
    e.expectation === "error-callback" && e.response.kind === "response" && e.response.status === status &&
    (e.response.body as { message?: { ack?: { status?: unknown } } } | undefined)?.message?.ack?.status === "NACK" &&
    typeof (e.response.body as { error?: { code?: unknown } } | undefined)?.error?.code === "string" &&
    !e.callbacks.some((c) => c.matchedBy === "message_id"));
}

const responses = (result: RunResult) => result.exchanges.flatMap((e) => (e.response.kind === "response" ? [e.response] : []));

type Json = Record<string, unknown>;
const object = (value: unknown): Json | undefined => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.flatMap((v): Json[] => (object(v) ? [object(v) as Json] : [])) : []);
/** Every JSON callback body of the run, with its action. */
const callbackBodies = (result: RunResult): { action: string; body: Json }[] =>
  result.exchanges.flatMap((e) => e.callbacks.flatMap((c) => (object(c.body) ? [{ action: c.action, body: object(c.body) as Json }] : [])));
const orderOf = (body: Json): Json | undefined => object(object(body["message"])?.["order"]);
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
const ackBodyOf = (body: unknown): { status?: unknown; tags?: unknown } | undefined => (body as { message?: { ack?: { status?: unknown; tags?: unknown } } } | undefined)?.message?.ack;
const codeOf = (body: unknown): unknown => (body as { error?: { code?: unknown } } | undefined)?.error?.code;

/** The BAP's answers to the harness's probes of these names, each at least once. */
function probeAnswers(result: RunResult, names: readonly string[], holds: (status: number, body: unknown) => boolean): boolean {
  return names.every((name) => {
    const answers = result.exchanges.filter((e) => e.probe?.name === name);
    return answers.length > 0 && answers.every((e) => e.response.kind === "response" && holds(e.response.status, e.response.body));
  });
}

/** The callbacks a BAP cannot place: unknown, late, repeated. */
const UNPLACEABLE = ["unknown-message", "unknown-transaction", "late", "duplicate"];
const codedNack = (status: number) => (got: number, body: unknown): boolean => got === status && ackBodyOf(body)?.status === "NACK" && typeof codeOf(body) === "string";
const ignoredDuplicate = (status: number, body: unknown): boolean =>
  status === 200 && ackBodyOf(body)?.status === "ACK" && JSON.stringify(ackBodyOf(body)?.tags ?? []).includes('"duplicate"');

/** The gateway's answer to the valid on_search, and whether GW-011…013 were reported not applicable, with the reason. */
function declinedRelay(result: RunResult, answered: (status: number, body: unknown) => boolean): boolean {
  const relay = result.exchanges.find((e) => e.action === "on_search" && e.probe === undefined);
  const relayChecks = result.results.filter((c) => ["GW-011", "GW-012", "GW-013"].includes(c.id));
  return relay?.response.kind === "response" && answered(relay.response.status, relay.response.body)
    && relayChecks.length === 3 && relayChecks.every((c) => c.status === "skip" && /does not relay on_search/.test(c.findings[0]?.message ?? ""));
}

/** Every forward the gateway made carries these gateway headers and no others. */
const forwardHeaders = (result: RunResult, has: string, hasNot: string): boolean => {
  const forwards = result.exchanges.filter((e) => e.action === "search" && e.probe === undefined).flatMap((e) => e.callbacks);
  return forwards.length > 0 && forwards.every((f) => f.headers[has] !== undefined && f.headers[hasNot] === undefined);
};

const KEY_ID_NAMES = ["key_id", "unique_key_id", "ukId"];

/** Every entry of every lookup answer names its key id `name` and no other way; at least one entry. */
function keyIdNamed(result: RunResult, name: string): boolean {
  const entries = result.exchanges.filter((e) => e.action === "lookup" && e.response.kind === "response" && Array.isArray(e.response.body))
    .flatMap((e) => (e.response.kind === "response" ? (e.response.body as Record<string, unknown>[]) : []));
  return entries.length > 0 && entries.every((entry) => KEY_ID_NAMES.every((n) => (n === name) === (typeof entry[n] === "string")));
}

/** GET / found nothing, and the harness still answered the registry's challenges, with the key given to it. */
function keysGivenNotPublished(result: RunResult): boolean {
  const keys = result.exchanges.find((e) => e.action === "registry-keys");
  const answered = result.exchanges.some((e) => e.action === "subscribe" && e.callbacks.some((c) => c.reply?.status === 200));
  return keys?.response.kind === "response" && keys.response.status === 404 && answered;
}

/** Every request the BAP sent arrived more than 5 s after its timestamp (the old CTX-107 skew), within its ttl. */
function queuedRequests(result: RunResult): boolean {
  const requests = result.exchanges.filter((e) => (e as { kind?: unknown }).kind === "bap-request");
  const ageOf = (e: (typeof requests)[number]): number => e.request.sentAt - Date.parse(String((e.request.body as { context?: { timestamp?: unknown } } | undefined)?.context?.timestamp));
  return requests.length > 0 && requests.every((e) => ageOf(e) > 5000);
}

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
  ...SYNC_NACK_STATUSES.map((status): VariantRow => ({
    role: "bpp", variant: `bpp.sync-nack-${status}`,
    seen: (r) => refusedSynchronously(r, status),
  })),
  { role: "bpp", variant: "bpp.signature-created-past", seen: (r) => signatures(r).some(({ params, at }) => params.expires - params.created === 3600 && params.created <= at / 1000 - 55) },
  { role: "bpp", variant: "bpp.header-comma-space", seen: (r) => signatures(r).some(({ header }) => header.includes('", ')) },
  { role: "bpp", variant: "bpp.signature-minimal-header", seen: (r) => signatures(r).some(({ header }) => !/algorithm=|headers=/i.test(header)) },
  { role: "bpp", variant: "bpp.callback-ttl-pt10m", seen: (r) => callbacks(r).some((c) => contextOf(c.body)?.["ttl"] === "PT10M") },
  {
    role: "bpp", variant: "bpp.repeat-answered-twice",
    seen: (r) => r.exchanges.some((e) => e.step.endsWith("-repeat") && e.callbacks.some((c) => c.action === `on_${e.action}` && c.matchedBy === "message_id")),
  },
  {
    role: "bpp", variant: "bpp.on-search-via-gateway",
    seen: (r) => r.exchanges.some((e) => e.viaGateway && e.callbacks.some((c) => c.action === "on_search" && Object.keys(c.headers).some((h) => h.toLowerCase() === "x-gateway-authorization"))),
  },
  { role: "bap", variant: "bap.nack-200", seen: (r) => probeAnswers(r, [...UNPLACEABLE, "no-context"], codedNack(200)) },
  { role: "bap", variant: "bap.nack-202", seen: (r) => probeAnswers(r, [...UNPLACEABLE, "no-context"], codedNack(202)) },
  // The late on_select repeats the flow's message_id in other bytes: ignoring it too shows the BAP dedupes by message_id.
  { role: "bap", variant: "bap.ignore-duplicates", seen: (r) => probeAnswers(r, ["duplicate", "late"], ignoredDuplicate) },
  { role: "bap", variant: "bap.queued-requests", seen: (r) => queuedRequests(r) },
  { role: "gateway", variant: "gateway.no-on-search-relay-nack", seen: (r) => declinedRelay(r, (status, body) => status === 200 && codeOf(body) === "40001") },
  { role: "gateway", variant: "gateway.no-on-search-relay-404", seen: (r) => declinedRelay(r, (status) => status === 404) },
  { role: "gateway", variant: "gateway.x-gateway-authorization-only", seen: (r) => forwardHeaders(r, "x-gateway-authorization", "proxy-authorization") },
  { role: "registry", variant: "registry.key-id-as-ukid", seen: (r) => keyIdNamed(r, "ukId") },
  { role: "registry", variant: "registry.key-id-as-unique-key-id", seen: (r) => keyIdNamed(r, "unique_key_id") },
  { role: "registry", variant: "registry.key-id-as-key-id", seen: (r) => keyIdNamed(r, "key_id") },
  { role: "registry", variant: "registry.no-published-keys", options: { sutEncrKey: REFERENCE_REGISTRY_ENCRYPTION.publicKey }, seen: keysGivenNotPublished },
];

/** Variants left out of their role's all-at-once row, each with the reason it cannot combine. */
export const INCOMPATIBLE: Readonly<Record<string, string>> = {
  "bpp.stops-type-lowercase": "a BPP writes its stop types in one case: bpp.core-shapes writes them in upper case",
  "bpp.guide-shapes": "a BPP that always writes the guide's forms cannot also always write core's (bpp.core-shapes)",
  "bpp.mixed-shapes": "mixes the guide's forms with core's, which bpp.core-shapes writes throughout",
  "bpp.unit-kwh": "a quantity has one unit spelling: bpp.unit-upper writes KWH",
  "bpp.callback-context-minimal": "leaves context.ttl out of callbacks, where bpp.callback-ttl-pt10m writes PT10M",
  "bpp.sync-nack-200": "a synchronous refusal has one HTTP status; the all-at-once row refuses with bpp.sync-nack-202",
  "bpp.sync-nack-400": "a synchronous refusal has one HTTP status; the all-at-once row refuses with bpp.sync-nack-202",
  "bap.nack-202": "the same NACKs as bap.nack-200 with another HTTP status: one BAP answers with one status",
  "bap.ignore-duplicates": "a repeated callback gets either a NACK (bap.nack-200) or an ACK that drops it, never both",
  "gateway.no-on-search-relay-404": "the other answer of a gateway that does not relay on_search (gateway.no-on-search-relay-nack): one gateway gives one",
  "registry.key-id-as-unique-key-id": "names the key id one way, as registry.key-id-as-ukid does another: one registry uses one name",
  "registry.key-id-as-key-id": "names the key id one way, as registry.key-id-as-ukid does another: one registry uses one name",
};
