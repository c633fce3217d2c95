import type { VariantSpec } from "../common/behaviour.js";
import { variantSet } from "../common/variant-set.js";

/**
 * The reference BPP's variants: legitimate behaviours that differ from its default, each changing
 * one behaviour (the mirror of mocks/bpp/faults.ts). Every check must pass each of them; the
 * variant matrix (test/self-test/variant-matrix.ts) proves it and docs/variants.md prints this table.
 */
/** The HTTP statuses a synchronous refusal is sent with by the bpp.sync-nack-* variants. */
export const SYNC_NACK_STATUSES = [200, 202, 400] as const;

/** A variant that refuses an error step synchronously, with HTTP `status`. */
function syncNack<const S extends (typeof SYNC_NACK_STATUSES)[number]>(status: S) {
  return [
    {
      id: `bpp.sync-nack-${status}`,
      description: `Business refusals as NACKs, HTTP ${status}`,
      changes: `Refuses what it must refuse in business terms (an unknown provider, item or order, an invalid update target, too much quantity, an init without select) with a synchronous NACK carrying the BECKN-005 code, HTTP ${status}, instead of an ACK and an error callback; no callback follows.`,
      source:
        'core 1.1.0 Error: "This object can be sent either during Ack or with the callback"; Ack.status: "If the request fails the validation criteria, then this is set to NACK"; every path answers only a `default` response, so no HTTP status is fixed.',
    },
  ] as const;
}

export const BPP_VARIANTS = [
  {
    id: "bpp.ack-202-with-context",
    description: "HTTP 202 ACK with the context",
    changes: "ACKs valid requests with HTTP 202 and echoes the request's context beside `message.ack`, plus a field of its own (`message.ack.tags`).",
    source:
      "core 1.1.0 transaction.yaml: every path answers only a `default` response (no status is fixed), and `Ack` sets no `additionalProperties: false`; protocol-server answers 202 with the context.",
  },
  {
    id: "bpp.core-shapes",
    description: "Core's forms",
    changes:
      "Writes core 1.1.0's forms in every callback, whatever the request used: `quantity.selected.measure`, `fulfillments[].stops[]` with `type` `END` (stop types in upper case, `START` in the catalogue too) and `order.status`.",
    source:
      "core 1.1.0 transaction.yaml: `ItemQuantity.selected.measure`, `Fulfillment.stops` (`Stop.type` is a free string) and `Order.status` (ACTIVE, COMPLETE, CANCELLED); the guide's taxonomy lists stop types START and END.",
  },
  {
    id: "bpp.stops-type-lowercase",
    description: "Core's forms, stop types in lower case",
    changes: "Writes core 1.1.0's forms in every callback, with stop types in lower case (`end`, `start`).",
    source:
      "core 1.1.0 transaction.yaml: `Stop.type` is `type: string` with no enum, so `end` and `END` are both core's; the guide's own `fulfillments[].end` names the stop in lower case.",
  },
  {
    id: "bpp.guide-shapes",
    description: "The guide's forms",
    changes: "Writes the guide's forms in every callback, whatever the request used: `quantity.measure`, `fulfillments[].end` and `order.state`.",
    source:
      "P2P guide v1.0 §on_select, §on_init, §on_confirm, §on_status: the guide's own callbacks print `quantity.measure`, `fulfillments[].end` and `order.state`; core 1.1.0 sets no `additionalProperties: false`, so they are open extensions there.",
  },
  {
    id: "bpp.mixed-shapes",
    description: "Core's and the guide's forms, by callback",
    changes: "Writes core's forms in on_select, on_confirm and on_update and the guide's in the other callbacks; one form per object, never both.",
    source:
      'Neither the guide nor core 1.1.0 ties the form of one callback to another\'s; the harness reads either through protocol/shapes.ts (docs/rules.md "The guide and core 1.1.0").',
  },
  {
    id: "bpp.unit-kwh",
    description: "Unit kWh",
    changes: "Writes every quantity's unit as `kWh` (the SI symbol) instead of the guide's `kWH`.",
    source: "core 1.1.0 `Scalar.unit` is a free string; the guide writes `kWH`, SI writes `kWh`: the same unit.",
  },
  {
    id: "bpp.unit-upper",
    description: "Unit KWH",
    changes: "Writes every quantity's unit as `KWH` instead of the guide's `kWH`.",
    source: "core 1.1.0 `Scalar.unit` is a free string; DEG's taxonomy writes `KWH`: the same unit as the guide's `kWH`.",
  },
  {
    id: "bpp.price-currency-per-kwh",
    description: "Currency USD/kWh",
    changes: "Writes an item's unit price currency as `USD/kWh` instead of the guide's `USD/kWH`.",
    source: "core 1.1.0 `Price.currency` is a free string; the guide's `USD/kWH` names the currency per unit of energy, whatever the case of the unit.",
  },
  {
    id: "bpp.quote-with-charges",
    description: "Quote with charges and tax",
    changes:
      "Quotes carry a wheeling charge (1.50), a platform charge (0.50) and a 5 % tax beside the energy line (which names its item); the total is their sum, so the breakup adds up.",
    source:
      "core 1.1.0 `Quotation.breakup` lists a quote's components (`item`, `title`, `price`); the P2P layer-2 (trade_1.1.0.yaml) requires breakup titles WHEELING_CHARGE and PLATFORM_CHARGE.",
  },
  {
    id: "bpp.callback-context-minimal",
    description: "Callback context without optional fields",
    changes: "Callbacks leave `context.bap_uri`, `context.version` and `context.ttl` out; what they carry is right.",
    source: "P2P guide v1.0: every printed callback (on_select … on_update) has no bap_uri, version or ttl; core 1.1.0 `Context` requires none of them.",
  },
  {
    id: "bpp.flat-country-city",
    description: "Flat country and city codes",
    changes: "Callbacks carry flat `context.country` and `context.city` codes beside `context.location`, as protocol-server sends them.",
    source:
      "core 1.1.0 `Context` sets no `additionalProperties: false`, so properties it does not name are allowed; Beckn's protocol-server writes `country` and `city` this way (the 1.0 context form).",
  },
  ...syncNack(200),
  ...syncNack(202),
  ...syncNack(400),
  {
    id: "bpp.signature-created-past",
    description: "Signature created 60 s ago, valid 1 h",
    changes: "Signs every callback with `created` 60 s in the past and `expires` = `created` + 3600, as protocol-server does.",
    source:
      'BECKN-006 step 1: created is "the time the signature was created" and expires "the time the signature expires", with no bound on either beyond the receiver\'s clock; protocol-server src/utils/auth.utils.ts signs created = now − 60, expires = created + 3600.',
  },
  {
    id: "bpp.header-comma-space",
    description: 'Signature parameters separated by ", "',
    changes: 'Separates the parameters of its Signature header with ", " instead of ",".',
    source:
      'BECKN-006: the BAP\'s example header separates its parameters with "," and the gateway\'s example in the same document with ", "; the format fixes neither.',
  },
  {
    id: "bpp.signature-minimal-header",
    description: "Signature header without algorithm and headers",
    changes:
      "Leaves `algorithm` and `headers` out of its Signature header (the keyId still ends in `|ed25519`; the signature covers (created) (expires) digest).",
    source:
      "BECKN-006 builds on draft-cavage-http-signatures-12, where §2.1.3 `algorithm` is RECOMMENDED (the verifier derives it from the keyId) and §2.1.6 `headers` is OPTIONAL; BECKN-006 fixes the signed list to (created) (expires) digest.",
  },
  {
    id: "bpp.callback-ttl-pt10m",
    description: "Callbacks with ttl PT10M",
    changes: "Stamps `ttl` PT10M on every callback, whatever the request's ttl (and signs for that ttl).",
    source:
      'core 1.1.0 Context.ttl: "The duration in ISO8601 format after timestamp for which this message holds valid" (the sender\'s choice for its own message); the generic guide\'s examples use PT10M; BECKN-006: expires − created "should be equal to the TTL".',
  },
  {
    id: "bpp.repeat-answered-twice",
    description: "Repeated request answered again",
    changes: "Answers a repeated request again: a second ACK and a second callback carrying the same order (no second order is created).",
    source:
      'core 1.1.0 Context.message_id: the id "can also be used to ignore duplicate messages coming from the BPP" (the BAP may ignore a repeat; the BPP is not required to); protocol-server forwards both copies to its client.',
  },
  {
    id: "bpp.on-search-via-gateway",
    description: "on_search through the gateway",
    changes: "Sends the on_search of a search that came through the gateway back through that gateway, which relays it to the BAP.",
    source:
      'core 1.1.0 /on_search is tagged for both the BAP and the Beckn Gateway (BG): "BPP sends its catalog in response to a search request" to either; the guide: "Each participant must be registered with gateway and registry"; both patterns exist in Beckn networks.',
  },
  {
    id: "bpp.finite-stock",
    description: "Finite stock",
    changes:
      "Sells from finite stock: each confirmed order takes its kWh off the offer's `quantity.available`, which its on_search then shows; a select, init or confirm beyond what is left gets error 40002.",
    source:
      'BECKN-005 40002 "Item quantity unavailable"; guide §search: the consumer discovers "available energy offers matching location, time, and quantity" (the guide\'s offer: "30 kWh surplus available").',
  },
  {
    id: "bpp.order-status-layer2",
    description: "Order status in the layer-2's values",
    changes:
      "States the order in `order.status` with the P2P layer-2's values: ACTIVE while the energy flows, COMPLETED once it is delivered (core 1.1.0's enum says COMPLETE).",
    source: "P2P layer-2 (spec trade_1.1.0.yaml) on_status: `order.status` enum COMPLETED, ACTIVE, CANCELLED, SOFT_CANCEL (required).",
  },
  {
    id: "bpp.unsolicited-on-update",
    description: "Unsolicited on_update on delivery",
    changes:
      "Once the energy is delivered, also sends an unsolicited on_update (a new message_id) with the order and the delivered quantity in its transfer log.",
    source:
      'core 1.1.0 Context.message_id: "When sending unsolicited callbacks, BPPs must generate a new message_id." (no action is reserved for them); Context: "during unsolicited callbacks, the BPP also sets the transaction context".',
  },
  {
    id: "bpp.on-status-before-on-confirm",
    description: "Transfer starts before on_confirm",
    changes:
      "Starts the energy transfer before it sends the on_confirm, so the transfer's first unsolicited on_status arrives before the on_confirm it follows.",
    source:
      'core 1.1.0 Fulfillment.state: "The BPP must set this value whenever the state of the order fulfillment changes and fire an unsolicited `on_status` call"; no text orders it after the on_confirm (callbacks travel over independent HTTP requests).',
  },
  {
    id: "bpp.future-window",
    description: "Delivery window in the future",
    changes:
      "Its offer's delivery window opens 3 s after the BPP starts (and lasts 8 h): an order asks for a window in the future, and its energy transfer starts when that window starts, not at confirm.",
    source:
      'guide §on_search: the offer states its window ("30 kWh surplus available between 10AM-6PM", `time.range`); core 1.1.0 Stop.time: the time of the fulfillment\'s stop.',
  },
  {
    id: "bpp.filtered-catalogue",
    description: "Catalogue filtered by the intent",
    changes:
      "Filters its catalogue by the search's intent: only in the search's city (the guide's NANP:628), offers whose window overlaps the intent's end-stop window (listed narrowed to that overlap), whose name contains the intent's item name, and with at least the intent's quantity. It also holds yesterday's expired offer, which the filter leaves out.",
    source:
      'guide §search: "Search request is used by the consumer to discover available energy offers matching location, time, and quantity."; core 1.1.0 Intent: "The intent to buy or avail a product or a service".',
  },
  {
    id: "bpp.missing-id-error-callback",
    description: "Missing id refused by an error callback",
    changes:
      "Refuses a request whose only defect is a missing `context.transaction_id` or `message_id` with an ACK and an error callback (code 30000, the missing field in `error.paths`) instead of a NACK; the callback's context carries a fresh id where the request had none.",
    source:
      'core 1.1.0 Error: "This object is sent when any request received by a network participant is unacceptable. This object can be sent either during Ack or with the callback"; Ack.status: "If a BPP responds with status = `ACK` to a request, it is required to respond with a callback".',
  },
  {
    id: "bpp.update-target-only",
    description: "Update applied to its target only",
    changes:
      "Applies an update only to its `update_target`: an update of `fulfillments` that also changes the item's quantity moves the end meter and leaves the quantity as confirmed (its on_update shows the items with that quantity), instead of refusing it with 30013.",
    source:
      'BECKN-005 30013 "Update inconsistency" ("changes in the order object other than the update_target") names the refusal; core 1.1.0 update: update_target is the "Comma separated values of order objects being updated", so a BPP that updates those alone does what was asked.',
  },
  {
    id: "bpp.context-refused-by-callback",
    description: "Context refusals by error callback",
    changes:
      "Refuses a valid request it must not act on for what its context says (a `bpp_id` naming another BPP, a `timestamp` + `ttl` long past) with an ACK and an error callback (code 30000, the field in `error.paths`) instead of a NACK.",
    source:
      'core 1.1.0 Error: "This object is sent when any request received by a network participant is unacceptable. This object can be sent either during Ack or with the callback"; Ack.status: "If a BPP responds with status = `ACK` to a request, it is required to respond with a callback".',
  },
  {
    id: "bpp.invalid-body-error-callback",
    description: "Invalid bodies refused by error callback",
    changes:
      "Refuses a request whose body fails validation but whose context names a `bap_uri`, `transaction_id` and `message_id` (a missing message.order, order_id or update_target, a context.action other than the endpoint's, a wrong type deep in the order) with an ACK and an error callback carrying the error it would have NACKed with (code 30000, the offending fields in `error.paths`) instead of a NACK. A body it cannot call back to (no context, no bap_uri) still gets a NACK.",
    source:
      'core 1.1.0 Error: "This object is sent when any request received by a network participant is unacceptable. This object can be sent either during Ack or with the callback"; Ack.status: "If a BPP responds with status = `ACK` to a request, it is required to respond with a callback".',
  },
] as const satisfies readonly VariantSpec[];

export type BppVariantId = (typeof BPP_VARIANTS)[number]["id"];

/** The variants a reference BPP runs with. */
export type BppVariants = ReadonlySet<BppVariantId>;

export function bppVariants(given?: Iterable<string>): BppVariants {
  return variantSet(BPP_VARIANTS, given, "bpp");
}
