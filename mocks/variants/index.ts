/**
 * Every variant of every reference mock, in one table: what `p2p-conformance variants` lists and
 * docs/variants.md prints. A variant id starts with its mock (`bpp.`, `bap.`, `gateway.`,
 * `registry.`, `grid.`); grid variants ride with the BPP, whose transfers the grid meters.
 */
import { BAP_VARIANTS } from "../bap/variants.js";
import { BPP_VARIANTS } from "../bpp/variants.js";
import type { VariantSpec } from "../common/behaviour.js";
import { mockOfVariant, type VariantMock } from "../common/variant-set.js";
import { GATEWAY_VARIANTS } from "../gateway/variants.js";
import { GRID_VARIANTS } from "../grid/variants.js";
import { REGISTRY_VARIANTS } from "../registry/variants.js";

export { mockOfVariant, variantsOf, VARIANT_MOCKS, type VariantMock } from "../common/variant-set.js";
export type { VariantSpec } from "../common/behaviour.js";

/** A variant as listed: its spec, the mock it changes and the role whose run switches it on. */
export interface ListedVariant extends VariantSpec {
  readonly mock: VariantMock;
  /** The `--role` under which `run --variant` takes it (grid variants: bpp). */
  readonly role: "bpp" | "bap" | "gateway" | "registry";
}

const TABLES: readonly (readonly [VariantMock, readonly VariantSpec[]])[] = [
  ["bpp", BPP_VARIANTS],
  ["grid", GRID_VARIANTS],
  ["bap", BAP_VARIANTS],
  ["gateway", GATEWAY_VARIANTS],
  ["registry", REGISTRY_VARIANTS],
];

export const ALL_VARIANTS: readonly ListedVariant[] = TABLES.flatMap(([mock, table]) =>
  table.map((spec) => ({ id: spec.id, description: spec.description, changes: spec.changes, source: spec.source, mock, role: mock === "grid" ? "bpp" : mock })),
);

/** The role whose embedded reference a variant id changes, or undefined for an id that names no mock. */
export function roleOfVariant(id: string): ListedVariant["role"] | undefined {
  const mock = mockOfVariant(id);
  return mock === undefined ? undefined : mock === "grid" ? "bpp" : mock;
}
