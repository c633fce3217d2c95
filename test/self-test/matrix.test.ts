import { describe, expect, test } from "vitest";
import { ALL_VARIANTS } from "../../mocks/variants/index.js";
import { CATALOGUE } from "../../suites/roles/catalogue.js";
import { ROLES } from "../../suites/core/config.js";
import { RUN_CHECK_IDS } from "../../suites/core/run-checks.js";
import { FAULT_MATRICES } from "./fault-matrix.js";
import { SELF_TEST, selfTestRun } from "./matrix-rows.js";
import { INCOMPATIBLE, VARIANT_MATRIX } from "./variant-matrix.js";

/**
 * The self-test matrices' own tables: every fault and variant of every reference has its row, every
 * check is provoked by a fault or says why not. The rows themselves run in matrix-bpp-faults,
 * matrix-bpp-variants and matrix-other-roles (test/self-test/matrix-rows.ts).
 */
describe("the fault matrices", () => {
  test.for(ROLES)("the %s matrix covers every fault of its reference", (role) => {
    const { faults, rows } = FAULT_MATRICES[role];
    expect(
      rows
        .map((r) => r.fault)
        .filter((f) => f !== "clean")
        .sort(),
    ).toEqual(faults.map((f) => f.id).sort());
  });

  test.for(ROLES)("every %s fault flags at least one check, and its note says in a sentence what the checks find", (role) => {
    const faulty = FAULT_MATRICES[role].rows.filter((r) => r.fault !== "clean");
    expect(faulty.filter((r) => r.expected.length === 0 || !/^[A-Z].*\.$/.test(r.note ?? "")).map((r) => r.fault)).toEqual([]);
  });

  test.for(ROLES)("every %s check is provoked by a fault, or the table says why it cannot be", (role) => {
    const { rows, unprovoked } = FAULT_MATRICES[role];
    const provoked = new Set(rows.flatMap((r) => r.expected.map((id) => id.replace(/~$/, ""))));
    const all = [...CATALOGUE[role].map((c) => c.id), ...RUN_CHECK_IDS];
    expect(all.filter((id) => !provoked.has(id) && unprovoked[id] === undefined)).toEqual([]);
  });

  test("the clean reference registry passes every registry check, none skipped", async () => {
    const result = await selfTestRun("registry", SELF_TEST.registry.faults);
    const byId = new Map<string, Set<string>>();
    for (const r of result.results) {
      byId.set(r.id, (byId.get(r.id) ?? new Set()).add(r.status));
    }
    expect([...byId.keys()].sort()).toEqual([...CATALOGUE.registry.map((c) => c.id), ...RUN_CHECK_IDS].sort());
    expect([...byId.values()].map((s) => [...s])).toEqual([...byId.values()].map(() => ["pass"]));
  });
});

describe("the variant matrix", () => {
  test("every variant of every mock has a row, and every row names a variant", () => {
    expect(VARIANT_MATRIX.map((r) => r.variant).sort()).toEqual(ALL_VARIANTS.map((v) => v.id).sort());
  });

  test("each row runs under the role whose reference the variant changes, and every warning has its reason", () => {
    for (const row of VARIANT_MATRIX) {
      expect(ALL_VARIANTS.find((v) => v.id === row.variant)?.role).toBe(row.role);
      expect(Object.values(row.warns ?? {}).every((reason) => reason.length > 10)).toBe(true);
    }
    expect(Object.keys(INCOMPATIBLE).every((id) => ALL_VARIANTS.some((v) => v.id === id))).toBe(true);
  });
});
