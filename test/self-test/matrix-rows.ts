/**
 * The self-test matrix's rows and how each is judged, shared by the files that run them
 * (matrix-bpp-faults, matrix-bpp-variants, matrix-other-roles: one file each, so vitest runs them
 * in parallel workers). Each role's suite runs against its embedded reference with each fault
 * switched on, and must flag exactly the checks the fault's row lists; and with each legitimate
 * variant on (and all of a role's compatible variants at once), and must fail none.
 * Short ttls and quiet windows keep each run to a few seconds.
 */
import { expect } from "vitest";
import type { ProfileName } from "../../schemas/index.js";
import { CATALOGUE } from "../../suites/roles/catalogue.js";
import { DEFAULT_RUN, ROLES, type Role, type RunConfig } from "../../suites/core/config.js";
import type { RunResult } from "../../suites/core/run-result.js";
import { runRole } from "../../suites/roles/index.js";
import { FAULT_MATRICES, expectedExitCode, type MatrixRow } from "./fault-matrix.js";
import { INCOMPATIBLE, VARIANT_MATRIX, type VariantRow } from "./variant-matrix.js";

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

export const SELF_TEST: Readonly<Record<Role, RoleSelfTest>> = {
  bpp: { faults: BPP_RUN, variants: BPP_RUN },
  // The BAP's late probe waits out the select's ttl.
  bap: { faults: BAP_RUN, variants: BAP_RUN },
  gateway: { faults: GATEWAY_RUN, variants: GATEWAY_RUN, judgesMoreThan: CATALOGUE.gateway.length },
  // The two faults that leave subscribers unsubscribed wait out the ttl.
  registry: { faults: { ttl: "PT3S", quietWindowMs: 400 }, variants: { ttl: "PT2S", quietWindowMs: 500, maxTimeMs: 30_000 }, judgesMoreThan: 0 },
};

export const ROW_TIMEOUT_MS = 120_000;

export function selfTestRun(role: Role, options: Partial<RunConfig>): Promise<RunResult> {
  return runRole({ ...DEFAULT_RUN, ...options, role, registryPort: 0 });
}

/** `ID` for a failing check, `ID~` for a warning, `ID!` for an error, each once, sorted. */
function flagged(result: RunResult): string[] {
  const marks: Record<string, string> = { fail: "", warn: "~", error: "!" };
  return [...new Set(result.results.filter((r) => marks[r.status] !== undefined).map((r) => `${r.id}${marks[r.status]}`))].sort();
}

export type FaultRow = MatrixRow & { readonly role: Role };

/** The fault rows of the given roles. */
export const faultRowsOf = (roles: readonly Role[]): FaultRow[] => roles.flatMap((role) => FAULT_MATRICES[role].rows.map((row) => ({ role, ...row })));

/** Runs a fault row and checks it flags exactly its checks, with its exit code. */
export async function expectFaultRow(row: FaultRow): Promise<void> {
  const { role, fault } = row;
  const result = await selfTestRun(role, { ...SELF_TEST[role].faults, ...(fault === "clean" ? {} : { faults: [fault] }) });
  expect(flagged(result)).toEqual([...row.expected].sort());
  expect(result.exitCode).toBe(expectedExitCode(row));
  const judgesMoreThan = SELF_TEST[role].judgesMoreThan;
  if (judgesMoreThan !== undefined) {
    expect(result.results.filter((r) => r.status !== "skip").length).toBeGreaterThan(judgesMoreThan);
  }
}

export type VariantRun = Omit<VariantRow, "seen"> & {
  readonly variants: readonly string[];
  readonly profile: ProfileName;
  readonly seen: (r: RunResult) => boolean;
};

/** Every variant of a role at once, but those that cannot combine; the warnings are the union of theirs. */
function allAtOnce(role: Role): VariantRun {
  const rows = VARIANT_MATRIX.filter((r) => r.role === role && INCOMPATIBLE[r.variant] === undefined);
  return {
    role,
    variant: `every compatible ${role} variant`,
    variants: rows.map((r) => r.variant),
    options: Object.assign({}, ...rows.map((r) => r.options ?? {})) as Partial<RunConfig>,
    warns: Object.assign({}, ...rows.map((r) => r.warns ?? {})) as Record<string, string>,
    profile: DEFAULT_RUN.profile,
    seen: (result) => rows.every((r) => r.seen(result)),
  };
}

/** The variant rows of the given roles (each under its profiles), then each role's all-at-once row. */
export function variantRowsOf(roles: readonly Role[]): VariantRun[] {
  const mine = VARIANT_MATRIX.filter((row) => roles.includes(row.role));
  return [
    ...mine.flatMap((row) =>
      [row.options?.profile ?? DEFAULT_RUN.profile, ...(row.alsoProfiles ?? [])].map((profile: ProfileName) => ({ ...row, variants: [row.variant], profile })),
    ),
    ...ROLES.filter((role) => roles.includes(role) && mine.some((r) => r.role === role)).map(allAtOnce),
  ];
}

/** Runs a variant row and checks it fails nothing, warns exactly its warnings and shows the variant. */
export async function expectVariantRow(row: VariantRun): Promise<void> {
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
}
