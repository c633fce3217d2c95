import { variantSet, type VariantSpec } from "../common/variant-set.js";

/**
 * The reference bap's variants: legitimate behaviours that differ from its default, each changing
 * one behaviour (the mirror of its faults). Every check must pass each of them; the variant matrix
 * (test/self-test/variant-matrix.ts) proves it and docs/variants.md prints this table.
 */
export const BAP_VARIANTS = [] as const satisfies readonly VariantSpec[];

export type BapVariantId = (typeof BAP_VARIANTS)[number]["id"];

export function bapVariants(given?: Iterable<string>): ReadonlySet<BapVariantId> {
  return variantSet<BapVariantId>(BAP_VARIANTS, given, "bap");
}
