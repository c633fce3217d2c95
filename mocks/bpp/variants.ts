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
] as const satisfies readonly VariantSpec[];

export type BppVariantId = (typeof BPP_VARIANTS)[number]["id"];

/** The variants a reference BPP runs with. */
export type BppVariants = ReadonlySet<BppVariantId>;

export function bppVariants(given?: Iterable<string>): BppVariants {
  return variantSet(BPP_VARIANTS, given, "bpp");
}
