import { variantSet, type VariantSpec } from "../common/variant-set.js";

/**
 * The reference BPP's variants: legitimate behaviours that differ from its default, each changing
 * one behaviour (the mirror of mocks/bpp/faults.ts). Every check must pass each of them; the
 * variant matrix (test/self-test/variant-matrix.ts) proves it and docs/variants.md prints this table.
 */
/** The HTTP statuses a synchronous refusal is sent with by the bpp.sync-nack-* variants. */
export const SYNC_NACK_STATUSES = [200, 202, 400] as const;

/** A variant that refuses an error step synchronously, with HTTP `status`. */
function syncNack<const S extends (typeof SYNC_NACK_STATUSES)[number]>(status: S) {
  return [{
    id: `bpp.sync-nack-${status}`,
    description: `Refuses what it must refuse in business terms (an unknown provider, item or order, an invalid update target, too much quantity, an init without select) with a synchronous NACK carrying the BECKN-005 code, HTTP ${status}, instead of an ACK and an error callback; no callback follows.`,
    source: "core 1.1.0 Error: \"This object can be sent either during Ack or with the callback\"; Ack.status: \"If the request fails the validation criteria, then this is set to NACK\"; every path answers only a `default` response, so no HTTP status is fixed.",
  }] as const;
}

export const BPP_VARIANTS = [
  {
    id: "bpp.ack-202-with-context",
    description: "ACKs valid requests with HTTP 202 and echoes the request's context beside `message.ack`, plus a field of its own (`message.ack.tags`).",
    source: "core 1.1.0 transaction.yaml: every path answers only a `default` response (no status is fixed), and `Ack` sets no `additionalProperties: false`; protocol-server answers 202 with the context.",
  },
  ...syncNack(200),
  ...syncNack(202),
  ...syncNack(400),
  {
    id: "bpp.signature-created-past",
    description: "Signs every callback with `created` 60 s in the past and `expires` = `created` + 3600, as protocol-server does.",
    source: "BECKN-006 step 1: created is \"the time the signature was created\" and expires \"the time the signature expires\", with no bound on either beyond the receiver's clock; protocol-server src/utils/auth.utils.ts signs created = now − 60, expires = created + 3600.",
  },
  {
    id: "bpp.header-comma-space",
    description: "Separates the parameters of its Signature header with \", \" instead of \",\".",
    source: "BECKN-006: the BAP's example header separates its parameters with \",\" and the gateway's example in the same document with \", \"; the format fixes neither.",
  },
  {
    id: "bpp.signature-minimal-header",
    description: "Leaves `algorithm` and `headers` out of its Signature header (the keyId still ends in `|ed25519`; the signature covers (created) (expires) digest).",
    source: "BECKN-006 builds on draft-cavage-http-signatures-12, where §2.1.3 `algorithm` is RECOMMENDED (the verifier derives it from the keyId) and §2.1.6 `headers` is OPTIONAL; BECKN-006 fixes the signed list to (created) (expires) digest.",
  },
  {
    id: "bpp.callback-ttl-pt10m",
    description: "Stamps `ttl` PT10M on every callback, whatever the request's ttl (and signs for that ttl).",
    source: "core 1.1.0 Context.ttl: \"The duration in ISO8601 format after timestamp for which this message holds valid\" (the sender's choice for its own message); the generic guide's examples use PT10M; BECKN-006: expires − created \"should be equal to the TTL\".",
  },
  {
    id: "bpp.repeat-answered-twice",
    description: "Answers a repeated request again: a second ACK and a second callback carrying the same order (no second order is created).",
    source: "core 1.1.0 Context.message_id: the id \"can also be used to ignore duplicate messages coming from the BPP\" (the BAP may ignore a repeat; the BPP is not required to); protocol-server forwards both copies to its client.",
  },
  {
    id: "bpp.on-search-via-gateway",
    description: "Sends the on_search of a search that came through the gateway back through that gateway, which relays it to the BAP.",
    source: "core 1.1.0 /on_search is tagged for both the BAP and the Beckn Gateway (BG): \"BPP sends its catalog in response to a search request\" to either; the guide: \"Each participant must be registered with gateway and registry\"; both patterns exist in Beckn networks.",
  },
  {
    id: "bpp.finite-stock",
    description: "Sells from finite stock: each confirmed order takes its kWh off the offer's `quantity.available`, which its on_search then shows; a select, init or confirm beyond what is left gets error 40002.",
    source: "BECKN-005 40002 \"Item quantity unavailable\"; guide §search: the consumer discovers \"available energy offers matching location, time, and quantity\" (the guide's offer: \"30 kWh surplus available\").",
  },
  {
    id: "bpp.order-status-layer2",
    description: "States the order in `order.status` with the P2P layer-2's values: ACTIVE while the energy flows, COMPLETED once it is delivered (core 1.1.0's enum says COMPLETE).",
    source: "spec trade_1.1.0.yaml on_status: `order.status` enum COMPLETED, ACTIVE, CANCELLED, SOFT_CANCEL (required).",
  },
  {
    id: "bpp.unsolicited-on-update",
    description: "Once the energy is delivered, also sends an unsolicited on_update (a new message_id) with the order and the delivered quantity in its transfer log.",
    source: "core 1.1.0 Context.message_id: \"When sending unsolicited callbacks, BPPs must generate a new message_id.\" (no action is reserved for them); Context: \"during unsolicited callbacks, the BPP also sets the transaction context\".",
  },
  {
    id: "bpp.on-status-before-on-confirm",
    description: "Starts the energy transfer before it sends the on_confirm, so the transfer's first unsolicited on_status arrives before the on_confirm it follows.",
    source: "core 1.1.0 Fulfillment.state: \"The BPP must set this value whenever the state of the order fulfillment changes and fire an unsolicited `on_status` call\"; no text orders it after the on_confirm (callbacks travel over independent HTTP requests).",
  },
  {
    id: "bpp.future-window",
    description: "Its offer's delivery window opens 3 s after the BPP starts (and lasts 8 h): an order asks for a window in the future, and its energy transfer starts when that window starts, not at confirm.",
    source: "guide §on_search: the offer states its window (\"30 kWh surplus available between 10AM-6PM\", `time.range`); core 1.1.0 Stop.time: the time of the fulfillment's stop.",
  },
  {
    id: "bpp.filtered-catalogue",
    description: "Filters its catalogue by the search's intent: offers whose window overlaps the intent's end-stop window, whose name matches the intent's item name, and that have at least the intent's quantity; it also lists yesterday's expired offer, which the filter leaves out.",
    source: "guide §search: \"Search request is used by the consumer to discover available energy offers matching location, time, and quantity.\"; core 1.1.0 Intent: \"The intent to buy or avail a product or a service\".",
  },
] as const satisfies readonly VariantSpec[];

export type BppVariantId = (typeof BPP_VARIANTS)[number]["id"];

/** The variants a reference BPP runs with. */
export type BppVariants = ReadonlySet<BppVariantId>;

export function bppVariants(given?: Iterable<string>): BppVariants {
  return variantSet(BPP_VARIANTS, given, "bpp");
}
