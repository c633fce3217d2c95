import type { VariantSpec } from "../common/behaviour.js";
import { variantSet } from "../common/variant-set.js";

/**
 * The grid operator's variants (switched on with `run --role bpp --variant grid.…`): legitimate
 * ways to meter and report a transfer that differ from the default.
 */
export const GRID_VARIANTS = [
  {
    id: "grid.layer2-states",
    description: "Transfer states in the layer-2's codes",
    changes:
      "Reports a transfer's states with the P2P layer-2's codes: ORDER_PROCESSING when scheduled, ORDER_PARTIALLY_FULFILLED half way, ORDER_FULFILLED when delivered (the BPP writes them to the fulfillment's `state.descriptor.code`).",
    source:
      "P2P layer-2 (spec trade_1.1.0.yaml) on_status: `fulfillments[].state.descriptor.code` enum ORDER_PLACED, ORDER_PROCESSING, ORDER_PARTIALLY_FULFILLED, ORDER_FULFILLED.",
  },
  {
    id: "grid.state-in-descriptor-status",
    description: "Transfer state in descriptor.status",
    changes: "Reports a transfer's state in `state.descriptor.status` instead of `state.descriptor.code` (the BPP writes it there).",
    source:
      'Refined P2P guide (MISSIONS DEG2.0 implementation_guide-p2p, 2025-06-13): fulfillment state in `state.descriptor.status` ("ORDER_PLACED", "ORDER_PARTIALLY_FULFILLED"); core 1.1.0 Descriptor sets no additionalProperties: false.',
  },
] as const satisfies readonly VariantSpec[];

export type GridVariantId = (typeof GRID_VARIANTS)[number]["id"];

export function gridVariants(given?: Iterable<string>): ReadonlySet<GridVariantId> {
  return variantSet<GridVariantId>(GRID_VARIANTS, given, "grid");
}
