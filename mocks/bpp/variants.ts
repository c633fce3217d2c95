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
    id: "bpp.core-shapes",
    description: "Writes core 1.1.0's forms in every callback, whatever the request used: `quantity.selected.measure`, `fulfillments[].stops[]` with `type` `END` (stop types in upper case, `START` in the catalogue too) and `order.status`.",
    source: "core 1.1.0 transaction.yaml: `ItemQuantity.selected.measure`, `Fulfillment.stops` (`Stop.type` is a free string) and `Order.status` (ACTIVE, COMPLETE, CANCELLED); the guide's taxonomy lists stop types START and END.",
  },
  {
    id: "bpp.stops-type-lowercase",
    description: "Writes core 1.1.0's forms in every callback, with stop types in lower case (`end`, `start`).",
    source: "core 1.1.0 transaction.yaml: `Stop.type` is `type: string` with no enum, so `end` and `END` are both core's; the guide's own `fulfillments[].end` names the stop in lower case.",
  },
  {
    id: "bpp.guide-shapes",
    description: "Writes the guide's forms in every callback, whatever the request used: `quantity.measure`, `fulfillments[].end` and `order.state`.",
    source: "P2P guide v1.0 §on_select, §on_init, §on_confirm, §on_status: the guide's own callbacks print `quantity.measure`, `fulfillments[].end` and `order.state`; core 1.1.0 sets no `additionalProperties: false`, so they are open extensions there.",
  },
  {
    id: "bpp.mixed-shapes",
    description: "Writes core's forms in on_select, on_confirm and on_update and the guide's in the other callbacks; one form per object, never both.",
    source: "Neither the guide nor core 1.1.0 ties the form of one callback to another's; the harness reads either through protocol/shapes.ts (DESIGN \"The guide and core 1.1.0\").",
  },
  {
    id: "bpp.unit-kwh",
    description: "Writes every quantity's unit as `kWh` (the SI symbol) instead of the guide's `kWH`.",
    source: "core 1.1.0 `Scalar.unit` is a free string; the guide writes `kWH`, SI writes `kWh`: the same unit.",
  },
  {
    id: "bpp.unit-upper",
    description: "Writes every quantity's unit as `KWH` instead of the guide's `kWH`.",
    source: "core 1.1.0 `Scalar.unit` is a free string; DEG's taxonomy writes `KWH`: the same unit as the guide's `kWH`.",
  },
  {
    id: "bpp.price-currency-per-kwh",
    description: "Writes an item's unit price currency as `USD/kWh` instead of the guide's `USD/kWH`.",
    source: "core 1.1.0 `Price.currency` is a free string; the guide's `USD/kWH` names the currency per unit of energy, whatever the case of the unit.",
  },
  {
    id: "bpp.quote-with-charges",
    description: "Quotes carry a wheeling charge (1.50), a platform charge (0.50) and a 5 % tax beside the energy line (which names its item); the total is their sum, so the breakup adds up.",
    source: "core 1.1.0 `Quotation.breakup` lists a quote's components (`item`, `title`, `price`); the P2P layer-2 (trade_1.1.0.yaml) requires breakup titles WHEELING_CHARGE and PLATFORM_CHARGE.",
  },
  {
    id: "bpp.callback-context-minimal",
    description: "Callbacks leave `context.bap_uri`, `context.version` and `context.ttl` out; what they carry is right.",
    source: "P2P guide v1.0: every printed callback (on_select … on_update) has no bap_uri, version or ttl; core 1.1.0 `Context` requires none of them.",
  },
  {
    id: "bpp.flat-country-city",
    description: "Callbacks carry flat `context.country` and `context.city` codes beside `context.location`, as protocol-server sends them.",
    source: "core 1.1.0 `Context` sets no `additionalProperties: false`, so properties it does not name are allowed; Beckn's protocol-server writes `country` and `city` this way (the 1.0 context form).",
  },
] as const satisfies readonly VariantSpec[];

export type BppVariantId = (typeof BPP_VARIANTS)[number]["id"];

/** The variants a reference BPP runs with. */
export type BppVariants = ReadonlySet<BppVariantId>;

export function bppVariants(given?: Iterable<string>): BppVariants {
  return variantSet(BPP_VARIANTS, given, "bpp");
}
