import { describe, expect, test } from "vitest";
import { runSuite } from "../../suites/core/run-suite.js";
import { REGISTRY_FAULT_IDS } from "../../mocks/registry/index.js";
import { RUN_CHECK_IDS } from "../../suites/roles/bpp/checks/index.js";
import { DEFAULT_RUN } from "../../suites/core/config.js";
import { REGISTRY_CHECKS } from "../../suites/roles/registry/checks/index.js";
import { REGISTRY_SUITE } from "../../suites/roles/registry/suite.js";
import { REGISTRY_MATRIX, REGISTRY_UNPROVOKED } from "./registry-matrix.js";
import { expectedExitCode } from "./bpp-matrix.js";

/**
 * Runs the registry suite against the mock registry with each fault switched on, and asserts the
 * exact set of failing and warning checks. A short ttl and quiet window keep a run under a second
 * (the two faults that leave subscribers unsubscribed wait out the ttl).
 */
const SELF_TEST_RUN = { ...DEFAULT_RUN, role: "registry" as const, registryPort: 0, ttl: "PT3S", quietWindowMs: 400 };

async function flagged(fault: string): Promise<{ ids: string[]; exitCode: number; ran: number }> {
  const result = await runSuite(REGISTRY_SUITE, { ...SELF_TEST_RUN, ...(fault === "clean" ? {} : { faults: [fault] }) });
  const ids = result.results.filter((r) => r.status === "fail" || r.status === "warn" || r.status === "error").map((r) => `${r.id}${r.status === "warn" ? "~" : r.status === "error" ? "!" : ""}`);
  return { ids: [...new Set(ids)].sort(), exitCode: result.exitCode, ran: result.results.filter((r) => r.status !== "skip").length };
}

describe("the registry self-test matrix", () => {
  describe.concurrent("each fault fails exactly its checks", () => {
    test.for(REGISTRY_MATRIX)("$fault → $expected", { timeout: 30_000 }, async (row) => {
      const { ids, exitCode, ran } = await flagged(row.fault);
      expect(ids).toEqual([...row.expected].sort());
      expect(exitCode).toBe(expectedExitCode(row));
      expect(ran).toBeGreaterThan(0);
    });
  });

  test("the clean reference passes every registry check, none skipped", async () => {
    const result = await runSuite(REGISTRY_SUITE, SELF_TEST_RUN);
    const byId = new Map<string, Set<string>>();
    for (const r of result.results) {
      byId.set(r.id, (byId.get(r.id) ?? new Set()).add(r.status));
    }
    expect([...byId.keys()].sort()).toEqual([...REGISTRY_CHECKS.map((c) => c.id), ...RUN_CHECK_IDS].sort());
    expect([...byId.values()].map((s) => [...s])).toEqual([...byId.values()].map(() => ["pass"]));
  });

  test("the matrix covers every fault of the mock registry", () => {
    expect(REGISTRY_MATRIX.map((r) => r.fault).filter((f) => f !== "clean").sort()).toEqual([...REGISTRY_FAULT_IDS].sort());
  });

  test("every check is provoked by a fault, or the table says why it cannot be", () => {
    const provoked = new Set(REGISTRY_MATRIX.flatMap((r) => r.expected.map((id) => id.replace(/~$/, ""))));
    const missing = [...REGISTRY_CHECKS.map((c) => c.id), ...RUN_CHECK_IDS].filter((id) => !provoked.has(id) && REGISTRY_UNPROVOKED[id] === undefined);
    expect(missing).toEqual([]);
  });

  test("the registry catalogue has at least 10 checks, each MUST or SHOULD with a ref", () => {
    expect(REGISTRY_CHECKS.length).toBeGreaterThanOrEqual(10);
    for (const check of REGISTRY_CHECKS) {
      expect(check.id).toMatch(/^REG-\d{3}$/);
      expect(["MUST", "SHOULD"]).toContain(check.severity);
      expect(check.ref.length).toBeGreaterThan(3);
    }
  });
});
