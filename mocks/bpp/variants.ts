import { variantSet, type VariantSpec } from "../common/variant-set.js";

/**
 * The reference BPP's variants: legitimate behaviours that differ from its default, each changing
 * one behaviour (the mirror of mocks/bpp/faults.ts). Every check must pass each of them; the
 * variant matrix (test/self-test/variant-matrix.ts) proves it and docs/variants.md prints this table.
 */
export const BPP_VARIANTS = [
  {
    id: "bpp.ack-202-with-context",
    description: "ACKs valid requests with HTTP 202 and echoes the request's context beside `message.ack`, plus a field of its own (`message.ack.tags`).",
    source: "core 1.1.0 transaction.yaml: every path answers only a `default` response (no status is fixed), and `Ack` sets no `additionalProperties: false`; protocol-server answers 202 with the context.",
  },
  {
    id: "bpp.finite-stock",
    description: "Sells from finite stock: each confirmed order takes its kWh off the offer's `quantity.available`, which its on_search then shows; a select, init or confirm beyond what is left gets error 40002.",
    source: "BECKN-005 40002 \"Item quantity unavailable\"; guide §search: the consumer discovers \"available energy offers matching location, time, and quantity\" (the guide's offer: \"30 kWh surplus available\").",
  },
  {
    id: "bpp.order-status-layer2",
    description: "States the order in `order.status` with the P2P layer-2's values: ACTIVE while the energy flows, COMPLETED once it is delivered (core 1.1.0's enum says COMPLETE).",
    source: "P2P layer-2 (spec trade_1.1.0.yaml) on_status: `order.status` enum COMPLETED, ACTIVE, CANCELLED, SOFT_CANCEL (required).",
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
    description: "Filters its catalogue by the search's intent: only in the search's city (the guide's NANP:628), offers whose window overlaps the intent's end-stop window (listed narrowed to that overlap), whose name contains the intent's item name, and with at least the intent's quantity. It also holds yesterday's expired offer, which the filter leaves out.",
    source: "guide §search: \"Search request is used by the consumer to discover available energy offers matching location, time, and quantity.\"; core 1.1.0 Intent: \"The intent to buy or avail a product or a service\".",
  },
] as const satisfies readonly VariantSpec[];

export type BppVariantId = (typeof BPP_VARIANTS)[number]["id"];

/** The variants a reference BPP runs with. */
export type BppVariants = ReadonlySet<BppVariantId>;

export function bppVariants(given?: Iterable<string>): BppVariants {
  return variantSet(BPP_VARIANTS, given, "bpp");
}
