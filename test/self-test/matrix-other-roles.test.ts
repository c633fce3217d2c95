/**
 * The fault and variant matrices of the BAP, the gateway and the registry (test/self-test/*-matrix.ts,
 * variant-matrix.ts), run as matrix-bpp-faults.test.ts runs the BPP's.
 */
import { describe, test } from "vitest";
import { ROW_TIMEOUT_MS, expectFaultRow, expectVariantRow, faultRowsOf, variantRowsOf } from "./matrix-rows.js";

const ROLES = ["bap", "gateway", "registry"] as const;

describe.concurrent("the self-test matrix", () => {
  test.for(faultRowsOf(ROLES))("$role fault $fault → $expected", { timeout: ROW_TIMEOUT_MS }, expectFaultRow);
  test.for(variantRowsOf(ROLES))("$role variant $variant ($profile)", { timeout: ROW_TIMEOUT_MS }, expectVariantRow);
});
