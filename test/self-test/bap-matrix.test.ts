import { describe, expect, test } from "vitest";
import { runSuite } from "../../suites/core/run-suite.js";
import { BAP_FAULTS } from "../../mocks/bap/index.js";
import { DEFAULT_RUN } from "../../suites/core/config.js";
import { BAP_CHECKS } from "../../suites/roles/bap/checks/index.js";
import { BAP_SUITE } from "../../suites/roles/bap/suite.js";
import { BAP_MATRIX, BAP_UNPROVOKED } from "./bap-matrix.js";
import { expectedExitCode } from "./bpp-matrix.js";

/**
 * Runs the BAP suite against the reference BAP with each fault switched on, and asserts the exact
 * set of failing and warning checks. A short ttl (the late probe waits out the select's ttl) and a
 * short grace keep each run to a few seconds; vitest runs a few rows at a time.
 */
const SELF_TEST_RUN = { ...DEFAULT_RUN, role: "bap" as const, registryPort: 0, ttl: "PT2S", quietWindowMs: 1000, maxTimeMs: 60_000 };

async function flagged(fault: string): Promise<{ ids: string[]; exitCode: number }> {
  const result = await runSuite(BAP_SUITE, { ...SELF_TEST_RUN, ...(fault === "clean" ? {} : { faults: [fault] }) });
  const ids = result.results.filter((r) => r.status === "fail" || r.status === "warn" || r.status === "error").map((r) => `${r.id}${r.status === "warn" ? "~" : r.status === "error" ? "!" : ""}`);
  return { ids: [...new Set(ids)].sort(), exitCode: result.exitCode };
}

describe("the BAP self-test matrix", () => {
  describe.concurrent("each fault fails exactly its checks", () => {
    test.for(BAP_MATRIX)("$fault → $expected", { timeout: 60_000 }, async (row) => {
      const { ids, exitCode } = await flagged(row.fault);
      expect(ids).toEqual([...row.expected].sort());
      expect(exitCode).toBe(expectedExitCode(row));
    });
  });

  test("the matrix covers every fault of the reference BAP", () => {
    expect(BAP_MATRIX.map((r) => r.fault).filter((f) => f !== "clean").sort()).toEqual(BAP_FAULTS.map((f) => f.id).sort());
  });

  test("every check is provoked by a fault, or the table says why it cannot be", () => {
    const provoked = new Set(BAP_MATRIX.flatMap((r) => r.expected.map((id) => id.replace(/~$/, ""))));
    const all = [...BAP_CHECKS.map((c) => c.id), "RUN-001", "RUN-002", "RUN-003"];
    expect(all.filter((id) => !provoked.has(id) && BAP_UNPROVOKED[id] === undefined)).toEqual([]);
  });

  test("each fault's own check is among the ids it fails", () => {
    for (const fault of BAP_FAULTS) {
      const row = BAP_MATRIX.find((r) => r.fault === fault.id);
      const own = [...fault.check.matchAll(/[A-Z]{2,3}-\d{3}/g)].map((m) => m[0]);
      expect(own.every((id) => row?.expected.some((e) => e.replace(/~$/, "") === id)), `${fault.id}: ${fault.check}`).toBe(true);
    }
  });
});
