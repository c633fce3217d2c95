import { variantSet, type VariantSpec } from "../common/variant-set.js";

/**
 * The reference gateway's variants: legitimate behaviours that differ from its default, each changing
 * one behaviour (the mirror of its faults). Every check must pass each of them; the variant matrix
 * (test/self-test/variant-matrix.ts) proves it and docs/variants.md prints this table.
 */
export const GATEWAY_VARIANTS = [] as const satisfies readonly VariantSpec[];

export type GatewayVariantId = (typeof GATEWAY_VARIANTS)[number]["id"];

export function gatewayVariants(given?: Iterable<string>): ReadonlySet<GatewayVariantId> {
  return variantSet<GatewayVariantId>(GATEWAY_VARIANTS, given, "gateway");
}
