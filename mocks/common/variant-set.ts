import { namedSet } from "./fault-set.js";

/** The reference mocks whose behaviour a variant can change; a variant id starts with one of these and a dot. */
export const VARIANT_MOCKS = ["bpp", "bap", "gateway", "registry", "grid"] as const;
export type VariantMock = (typeof VARIANT_MOCKS)[number];

/** The variants a mock was asked for, checked against its table (an unknown id throws). */
export function variantSet<Id extends string>(table: readonly { readonly id: Id }[], given: Iterable<string> | undefined, mock: VariantMock): ReadonlySet<Id> {
  return namedSet(table, given, `${mock} variant`);
}

/** The mock a variant id belongs to (its prefix), or undefined when the prefix names none. */
export function mockOfVariant(id: string): VariantMock | undefined {
  const prefix = id.split(".", 1)[0];
  return (VARIANT_MOCKS as readonly string[]).includes(prefix ?? "") && id.includes(".") ? (prefix as VariantMock) : undefined;
}

/** The ids among `given` that belong to `mock`. */
export function variantsOf(mock: VariantMock, given: Iterable<string> | undefined): string[] {
  return [...(given ?? [])].filter((id) => mockOfVariant(id) === mock);
}
