/**
 * `run --role all` (what `npm start` runs): every role the suites cover, each against its embedded
 * reference implementation, as a bulk run of four participants, so each role gets its own report
 * folder and the whole gets summary.json and summary.html. `--bpp-fault` goes to the BPP's run
 * alone, which is how a newcomer sees a failing run (exit 1); each `--variant` goes to the run of
 * the role whose reference it changes.
 */
import { join, resolve } from "node:path";
import { HarnessError } from "../protocol/errors.js";
import { ROLES } from "../suites/core/config.js";
import { runBulk } from "./bulk-run.js";
import type { FlagValues, LoadedConfig } from "./config-file.js";
import type { RunValues } from "./run-config.js";
import { roleOfVariant } from "../mocks/variants/index.js";

/** Flags that name one SUT, or one role's embedded reference, and so cannot apply to all four. */
const ONE_SUT_FLAGS = [
  "target",
  "sut-id",
  "sut-key",
  "sut-key-id",
  "sut-command",
  "sut-image",
  "sut-encr-key",
  "fault",
  "registry-url",
  "sut-callback-url",
  "passive",
  "config",
] as const;

export async function runAllRoles(flags: RunValues, out: (line: string) => void): Promise<number> {
  for (const flag of ONE_SUT_FLAGS) {
    if ((flags as FlagValues)[flag] !== undefined) {
      throw new HarnessError(
        "P2PC_ERR_USAGE",
        `--${flag} cannot be given with --role all, which runs the embedded reference of every role; run one role with --role <role> instead.`,
      );
    }
  }
  const { "bpp-fault": bppFaults, variant: variants, role: _all, ...shared } = flags;
  const unknown = (variants ?? []).filter((id) => roleOfVariant(id) === undefined);
  if (unknown.length > 0) {
    throw new HarnessError(
      "P2PC_ERR_USAGE",
      `--variant "${unknown[0]}" names no mock; a variant id starts with bpp., grid., bap., gateway. or registry. (p2p-conformance variants lists them).`,
    );
  }
  const variantsOf = (role: string) => (variants ?? []).filter((id) => roleOfVariant(id) === role);
  const participants = ROLES.map((role) => ({
    name: role,
    // Each run starts its own registry on a free port: embedded references need no fixed one.
    values: {
      ...shared,
      role,
      "registry-port": "0",
      ...(role === "bpp" && bppFaults ? { "bpp-fault": bppFaults } : {}),
      ...(variantsOf(role).length > 0 ? { variant: variantsOf(role) } : {}),
    } as RunValues,
  }));
  const file: LoadedConfig = { path: "(run --role all)", values: {} as RunValues, participants };
  const outDir = flags.out ?? join("reports", "out", `all-roles-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  const exitCode = await runBulk(file, { ...shared, out: outDir } as RunValues, out);
  for (const role of ROLES) {
    out(`reports of ${role}: ${resolve(outDir, role)}/ (report.json, report.html, junit.xml, evidence.har, allure-results/)`);
  }
  return exitCode;
}
