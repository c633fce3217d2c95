import { describe, expect, test } from "vitest";
import { runSuite } from "../../suites/core/run-suite.js";
import { FAULT_IDS } from "../../mocks/bpp/index.js";
import { BPP_CHECKS, RUN_CHECK_IDS } from "../../suites/roles/bpp/checks/index.js";
import { DEFAULT_RUN } from "../../suites/core/config.js";
import { BPP_SUITE } from "../../suites/roles/bpp/suite.js";
import { BPP_MATRIX, UNPROVOKED, expectedExitCode } from "./bpp-matrix.js";

/**
 * Runs the BPP suite against the reference BPP with each fault switched on, and asserts the exact
 * set of failing and warning checks. Short ttls and quiet windows keep it quick; faults run four at a time.
 */
const SELF_TEST_RUN = { ...DEFAULT_RUN, registryPort: 0, ttl: "PT3S", quietWindowMs: 1000, transferTimeoutMs: 8000, maxTimeMs: 90_000 };

async function flagged(fault: string): Promise<{ ids: string[]; exitCode: number }> {
  const result = await runSuite(BPP_SUITE, { ...SELF_TEST_RUN, ...(fault === "clean" ? {} : { faults: [fault] }) });
  const ids = result.results.filter((r) => r.status === "fail" || r.status === "warn" || r.status === "error").map((r) => `${r.id}${r.status === "warn" ? "~" : r.status === "error" ? "!" : ""}`);
  return { ids: [...new Set(ids)].sort(), exitCode: result.exitCode };
}

describe("the BPP self-test matrix", () => {
  describe.concurrent("each fault fails exactly its checks", () => {
    test.for(BPP_MATRIX)("$fault → $expected", { timeout: 120_000 }, async (row) => {
      const { ids, exitCode } = await flagged(row.fault);
      expect(ids).toEqual([...row.expected].sort());
      expect(exitCode).toBe(expectedExitCode(row));
    });
  });

  test("the matrix covers every fault of the reference BPP", () => {
    expect(BPP_MATRIX.map((r) => r.fault).filter((f) => f !== "clean").sort()).toEqual([...FAULT_IDS].sort());
  });

  test("every check is provoked by a fault, or the table says why it cannot be", () => {
    const provoked = new Set(BPP_MATRIX.flatMap((r) => r.expected.map((id) => id.replace(/~$/, ""))));
    const all = [...BPP_CHECKS.map((c) => c.id), ...RUN_CHECK_IDS];
    const missing = all.filter((id) => !provoked.has(id) && UNPROVOKED[id] === undefined);
    expect(missing).toEqual([]);
  });
});
