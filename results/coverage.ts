/** Which checks a run did not exercise, and why (docs/rules.md "Coverage"); suites/core/coverage.ts sorts them. */
import type { Severity } from "./check-result.js";

/** One check that was not exercised, and why. */
export interface CoverageEntry {
  readonly checkId: string;
  readonly severity: Severity;
  readonly reason: string;
}

export interface Coverage {
  /** Not exercised for a reason that is not the SUT's fault, and not accepted: exit 2. */
  readonly gaps: readonly CoverageEntry[];
  /** Gaps the operator accepted with `--allow-unexercised`: named on the certificate. */
  readonly accepted: readonly CoverageEntry[];
  /** Checks the run's mode cannot reach: listed, never gaps; a run with a MUST among them earns no certificate. */
  readonly notReachable: readonly CoverageEntry[];
  /** Checks the SUT's allowed options left nothing to judge. */
  readonly notApplicable: readonly CoverageEntry[];
}
