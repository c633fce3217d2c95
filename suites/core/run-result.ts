import { exitCodeOf, type CheckResult, type RunResult, type SkippedStep } from "../../results/index.js";
import type { RunConfig } from "./config.js";
import { coverageOf, runModeOf } from "./coverage.js";

export { exitCodeOf, type RunResult } from "../../results/index.js";

/** A run's coverage and exit code, from its results, the steps it did not take and the operator's accepted gaps. */
export function verdictOf(
  results: readonly CheckResult[],
  skipped: readonly SkippedStep[],
  config: Pick<RunConfig, "passive" | "scenarioOnly" | "allowUnexercised">,
  infrastructureError?: string,
  evidenceDropped?: string,
): Pick<RunResult, "coverage" | "exitCode" | "evidenceDropped"> {
  const coverage = coverageOf(results, skipped, { mode: runModeOf(config), ...(config.allowUnexercised ? { accepted: config.allowUnexercised } : {}) });
  return { coverage, exitCode: exitCodeOf(results, infrastructureError, coverage, evidenceDropped), ...(evidenceDropped ? { evidenceDropped } : {}) };
}
