import type { VariantRow } from "./variants/row.js";
import { BPP_FLOW_ROWS } from "./variants/bpp-flow.js";
import { BPP_SHAPE_ROWS } from "./variants/bpp-shapes.js";
import { BPP_WIRE_ROWS } from "./variants/bpp-wire.js";
import { ROLE_ROWS } from "./variants/roles.js";

export type { VariantRow } from "./variants/row.js";

export const VARIANT_MATRIX: readonly VariantRow[] = [...BPP_WIRE_ROWS, ...BPP_SHAPE_ROWS, ...BPP_FLOW_ROWS, ...ROLE_ROWS];

/** Variants left out of their role's all-at-once row, each with the reason it cannot combine. */
export const INCOMPATIBLE: Readonly<Record<string, string>> = {
  "bpp.on-status-before-on-confirm":
    "with bpp.future-window the transfer waits for the order's window, so its first on_status can no longer come before the on_confirm",
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
