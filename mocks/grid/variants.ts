import { variantSet, type VariantSpec } from "../common/variant-set.js";

/**
 * The grid operator's variants (switched on with `run --role bpp --variant grid.…`): legitimate
 * ways to meter and report a transfer that differ from the default.
 */
export const GRID_VARIANTS = [] as const satisfies readonly VariantSpec[];

export type GridVariantId = (typeof GRID_VARIANTS)[number]["id"];

export function gridVariants(given?: Iterable<string>): ReadonlySet<GridVariantId> {
  return variantSet<GridVariantId>(GRID_VARIANTS, given, "grid");
}
