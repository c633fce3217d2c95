import { describe, expect, test } from "vitest";
import { ALL_VARIANTS } from "../../mocks/variants/index.js";
import type { ProfileName } from "../../schemas/index.js";
import { DEFAULT_RUN, ROLES, type Role, type RunConfig } from "../../suites/core/config.js";
import type { RunResult } from "../../suites/core/run-result.js";
import { runRole } from "../../suites/roles/index.js";
import { INCOMPATIBLE, VARIANT_MATRIX, type VariantRow } from "./variant-matrix.js";

/**
 * Runs each role's whole suite against its embedded reference with each legitimate variant on, and
 * asserts that no check fails it: the mirror of the fault matrices. Short ttls keep each run quick.
 */
const SELF_TEST_RUN: Readonly<Record<Role, Partial<RunConfig>>> = {
  bpp: { ttl: "PT3S", quietWindowMs: 1000, transferTimeoutMs: 8000, maxTimeMs: 90_000 },
  bap: { ttl: "PT2S", quietWindowMs: 1000, maxTimeMs: 60_000 },
  gateway: { ttl: "PT2S", quietWindowMs: 500, maxTimeMs: 30_000 },
  registry: { ttl: "PT2S", quietWindowMs: 500, maxTimeMs: 30_000 },
};

interface Verdict {
  readonly exitCode: number;
  /** Failing and erring checks, `ID` and `ID!`. */
  readonly failures: readonly string[];
  readonly warnings: readonly string[];
  readonly result: RunResult;
}

async function verdictOf(role: Role, variants: readonly string[], options: Partial<RunConfig>, profile: ProfileName): Promise<Verdict> {
  const result = await runRole({ ...DEFAULT_RUN, ...SELF_TEST_RUN[role], role, registryPort: 0, profile, variants, ...options });
  const ids = (status: string, mark = "") => [...new Set(result.results.filter((r) => r.status === status).map((r) => `${r.id}${mark}`))].sort();
  return { exitCode: result.exitCode, failures: [...ids("fail"), ...ids("error", "!")], warnings: ids("warn"), result };
}

/** Every variant of a role at once, but those that cannot combine; the warnings are the union of theirs. */
function allAtOnce(role: Role): Omit<VariantRow, "seen"> & { readonly variants: readonly string[]; readonly seen: (r: RunResult) => boolean } {
  const rows = VARIANT_MATRIX.filter((r) => r.role === role && INCOMPATIBLE[r.variant] === undefined);
  return {
    role, variant: `every compatible ${role} variant`, variants: rows.map((r) => r.variant),
    options: Object.assign({}, ...rows.map((r) => r.options ?? {})) as Partial<RunConfig>,
    warns: Object.assign({}, ...rows.map((r) => r.warns ?? {})) as Record<string, string>,
    seen: (result) => rows.every((r) => r.seen(result)),
  };
}

const rows = [
  ...VARIANT_MATRIX.flatMap((row) => [row.options?.profile ?? DEFAULT_RUN.profile, ...(row.alsoProfiles ?? [])].map((profile) => ({ ...row, variants: [row.variant], profile }))),
  ...ROLES.filter((role) => VARIANT_MATRIX.some((r) => r.role === role)).map((role) => ({ ...allAtOnce(role), profile: DEFAULT_RUN.profile })),
];

describe("the variant matrix", () => {
  describe.concurrent("no check fails a legitimate variant", () => {
    test.for(rows)("$role $variant ($profile)", { timeout: 120_000 }, async (row) => {
      const verdict = await verdictOf(row.role, row.variants, row.options ?? {}, row.profile);
      expect(verdict.failures).toEqual([]);
      expect(verdict.warnings).toEqual(Object.keys(row.warns ?? {}).sort());
      expect(verdict.result.coverage.gaps, "a variant leaves no check unexercised but as not applicable, with its reason").toEqual([]);
      expect(verdict.result.coverage.notApplicable.every((e) => e.reason.length > 10)).toBe(true);
      expect(verdict.exitCode).toBe(0);
      expect(row.seen(verdict.result), "the run's evidence shows the variant").toBe(true);
    });
  });

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
