import { variantSet, type VariantSpec } from "../common/variant-set.js";

/**
 * The reference registry's variants: legitimate behaviours that differ from its default, each changing
 * one behaviour (the mirror of its faults). Every check must pass each of them; the variant matrix
 * (test/self-test/variant-matrix.ts) proves it and docs/variants.md prints this table.
 */
export const REGISTRY_VARIANTS = [] as const satisfies readonly VariantSpec[];

export type RegistryVariantId = (typeof REGISTRY_VARIANTS)[number]["id"];

export function registryVariants(given?: Iterable<string>): ReadonlySet<RegistryVariantId> {
  return variantSet<RegistryVariantId>(REGISTRY_VARIANTS, given, "registry");
}
