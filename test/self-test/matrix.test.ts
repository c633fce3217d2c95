import { describe, expect, test } from "vitest";
import { ALL_VARIANTS } from "../../mocks/variants/index.js";
import type { ProfileName } from "../../schemas/index.js";
import { CATALOGUE } from "../../suites/roles/catalogue.js";
import { DEFAULT_RUN, ROLES, type Role, type RunConfig } from "../../suites/core/config.js";
import type { RunResult } from "../../suites/core/run-result.js";
import { RUN_CHECK_IDS } from "../../suites/core/run-checks.js";
import { runRole } from "../../suites/roles/index.js";
import { FAULT_MATRICES, expectedExitCode, type MatrixRow } from "./fault-matrix.js";
import { INCOMPATIBLE, VARIANT_MATRIX, type VariantRow } from "./variant-matrix.js";

/**
 * The self-test matrix of every role: each role's suite runs against its embedded reference with
 * each fault switched on, and must flag exactly the checks the fault's row lists; and with each
 * legitimate variant on (and all of a role's compatible variants at once), and must fail none.
 * Short ttls and quiet windows keep each run to a few seconds; vitest runs three rows at a time.
 */
interface RoleSelfTest {
  /** Run options of its fault rows. */
  readonly faults: Partial<RunConfig>;
  /** Run options of its variant rows. */
  readonly variants: Partial<RunConfig>;
  /** A fault row must judge more checks than this (not skipped), or it proves nothing. */
  readonly judgesMoreThan?: number;
}

const BPP_RUN = { ttl: "PT3S", quietWindowMs: 1000, transferTimeoutMs: 8000, maxTimeMs: 90_000 };
const BAP_RUN = { ttl: "PT2S", quietWindowMs: 1000, maxTimeMs: 60_000 };
const GATEWAY_RUN = { ttl: "PT2S", quietWindowMs: 500, maxTimeMs: 30_000 };

const SELF_TEST: Readonly<Record<Role, RoleSelfTest>> = {
  bpp: { faults: BPP_RUN, variants: BPP_RUN },
  // The BAP's late probe waits out the select's ttl.
  bap: { faults: BAP_RUN, variants: BAP_RUN },
  gateway: { faults: GATEWAY_RUN, variants: GATEWAY_RUN, judgesMoreThan: CATALOGUE.gateway.length },
  // The two faults that leave subscribers unsubscribed wait out the ttl.
  registry: { faults: { ttl: "PT3S", quietWindowMs: 400 }, variants: { ttl: "PT2S", quietWindowMs: 500, maxTimeMs: 30_000 }, judgesMoreThan: 0 },
};

const ROW_TIMEOUT_MS = 120_000;

function selfTestRun(role: Role, options: Partial<RunConfig>): Promise<RunResult> {
  return runRole({ ...DEFAULT_RUN, ...options, role, registryPort: 0 });
}

/** `ID` for a failing check, `ID~` for a warning, `ID!` for an error, each once, sorted. */
function flagged(result: RunResult): string[] {
  const marks: Record<string, string> = { fail: "", warn: "~", error: "!" };
  return [...new Set(result.results.filter((r) => marks[r.status] !== undefined).map((r) => `${r.id}${marks[r.status]}`))].sort();
}

const faultRows = ROLES.flatMap((role) => FAULT_MATRICES[role].rows.map((row) => ({ role, ...row })));

/** Every variant of a role at once, but those that cannot combine; the warnings are the union of theirs. */
function allAtOnce(role: Role): Omit<VariantRow, "seen"> & { readonly variants: readonly string[]; readonly seen: (r: RunResult) => boolean } {
  const rows = VARIANT_MATRIX.filter((r) => r.role === role && INCOMPATIBLE[r.variant] === undefined);
  return {
    role,
    variant: `every compatible ${role} variant`,
    variants: rows.map((r) => r.variant),
    options: Object.assign({}, ...rows.map((r) => r.options ?? {})) as Partial<RunConfig>,
    warns: Object.assign({}, ...rows.map((r) => r.warns ?? {})) as Record<string, string>,
    seen: (result) => rows.every((r) => r.seen(result)),
  };
}

const variantRows = [
  ...VARIANT_MATRIX.flatMap((row) =>
    [row.options?.profile ?? DEFAULT_RUN.profile, ...(row.alsoProfiles ?? [])].map((profile: ProfileName) => ({ ...row, variants: [row.variant], profile })),
  ),
  ...ROLES.filter((role) => VARIANT_MATRIX.some((r) => r.role === role)).map((role) => ({ ...allAtOnce(role), profile: DEFAULT_RUN.profile })),
];

describe.concurrent("the self-test matrix", () => {
  test.for(faultRows)("$role fault $fault → $expected", { timeout: ROW_TIMEOUT_MS }, async (row: MatrixRow & { role: Role }) => {
    const { role, fault } = row;
    const result = await selfTestRun(role, { ...SELF_TEST[role].faults, ...(fault === "clean" ? {} : { faults: [fault] }) });
    expect(flagged(result)).toEqual([...row.expected].sort());
    expect(result.exitCode).toBe(expectedExitCode(row));
    const judgesMoreThan = SELF_TEST[role].judgesMoreThan;
    if (judgesMoreThan !== undefined) {
      expect(result.results.filter((r) => r.status !== "skip").length).toBeGreaterThan(judgesMoreThan);
    }
  });

  test.for(variantRows)("$role variant $variant ($profile)", { timeout: ROW_TIMEOUT_MS }, async (row) => {
    const result = await selfTestRun(row.role, { ...SELF_TEST[row.role].variants, profile: row.profile, variants: row.variants, ...row.options });
    const failures = flagged(result).filter((id) => !id.endsWith("~"));
    const warnings = flagged(result)
      .filter((id) => id.endsWith("~"))
      .map((id) => id.slice(0, -1));
    expect(failures).toEqual([]);
    expect(warnings).toEqual(Object.keys(row.warns ?? {}).sort());
    expect(result.coverage.gaps, "a variant leaves no check unexercised but as not applicable, with its reason").toEqual([]);
    expect(result.coverage.notApplicable.every((e) => e.reason.length > 10)).toBe(true);
    expect(result.exitCode).toBe(0);
    expect(row.seen(result), "the run's evidence shows the variant").toBe(true);
  });
});

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
