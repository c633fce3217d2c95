import { describe, expect, test } from "vitest";
import { runSuite } from "../../suites/core/run-suite.js";
import { GATEWAY_FAULTS } from "../../mocks/gateway/index.js";
import { RUN_CHECK_IDS } from "../../suites/roles/bpp/checks/index.js";
import { DEFAULT_RUN } from "../../suites/core/config.js";
import { GATEWAY_CHECKS } from "../../suites/roles/gateway/checks/index.js";
import { GATEWAY_SUITE } from "../../suites/roles/gateway/suite.js";
import { GATEWAY_MATRIX, UNPROVOKED } from "./gateway-matrix.js";
import { expectedExitCode } from "./bpp-matrix.js";

/**
 * Runs the gateway suite against the reference gateway with each fault switched on, and asserts the
 * exact set of failing and warning checks. A short ttl and quiet window keep each run near a second.
 */
const SELF_TEST_RUN = { ...DEFAULT_RUN, role: "gateway" as const, registryPort: 0, ttl: "PT2S", quietWindowMs: 500, maxTimeMs: 30_000 };

async function flagged(fault: string): Promise<{ ids: string[]; exitCode: number; ran: number }> {
  const result = await runSuite(GATEWAY_SUITE, { ...SELF_TEST_RUN, ...(fault === "clean" ? {} : { faults: [fault] }) });
  const ids = result.results.filter((r) => r.status === "fail" || r.status === "warn" || r.status === "error").map((r) => `${r.id}${r.status === "warn" ? "~" : r.status === "error" ? "!" : ""}`);
  return { ids: [...new Set(ids)].sort(), exitCode: result.exitCode, ran: result.results.filter((r) => r.status !== "skip").length };
}

describe("the gateway self-test matrix", () => {
  describe.concurrent("each fault fails exactly its checks", () => {
    test.for(GATEWAY_MATRIX)("$fault → $expected", { timeout: 30_000 }, async (row) => {
      const { ids, exitCode, ran } = await flagged(row.fault);
      expect(ids).toEqual([...row.expected].sort());
      expect(exitCode).toBe(expectedExitCode(row));
      expect(ran).toBeGreaterThan(GATEWAY_CHECKS.length);
    });
  });

  test("the matrix covers every fault of the reference gateway", () => {
    expect(GATEWAY_MATRIX.map((r) => r.fault).filter((f) => f !== "clean").sort()).toEqual(GATEWAY_FAULTS.map((f) => f.id).sort());
  });

  test("every gateway check is provoked by a fault, or the table says why it cannot be", () => {
    const provoked = new Set(GATEWAY_MATRIX.flatMap((r) => r.expected.map((id) => id.replace(/~$/, ""))));
    const missing = [...GATEWAY_CHECKS.map((c) => c.id), ...RUN_CHECK_IDS].filter((id) => !provoked.has(id) && UNPROVOKED[id] === undefined);
    expect(missing).toEqual([]);
  });

  test("the gateway catalogue has at least 10 checks, each with a severity and a ref", () => {
    expect(GATEWAY_CHECKS.length).toBeGreaterThanOrEqual(10);
    expect(GATEWAY_CHECKS.filter((c) => !/^GW-\d{3}$/.test(c.id) || c.ref.trim() === "" || !["MUST", "SHOULD"].includes(c.severity))).toEqual([]);
  });
});
