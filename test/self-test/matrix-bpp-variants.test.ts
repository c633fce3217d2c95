/**
 * The BPP's variant matrix (test/self-test/variant-matrix.ts): the BPP suite against its embedded reference
 * with each legitimate variant on, and with every compatible variant at once, must fail no check.
 * About 40 runs of a few seconds each, three at a time.
 */
import { describe, test } from "vitest";
import { ROW_TIMEOUT_MS, expectVariantRow, variantRowsOf } from "./matrix-rows.js";

describe.concurrent("the self-test matrix", () => {
  test.for(variantRowsOf(["bpp"]))("$role variant $variant ($profile)", { timeout: ROW_TIMEOUT_MS }, expectVariantRow);
});
