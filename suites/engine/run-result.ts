import type { Role, RunConfig } from "./config.js";
import type { Sut } from "./counterparts.js";
import { coverageOf, runModeOf, type Coverage } from "./coverage.js";
import type { SkippedStep } from "./run-scenario.js";
import type { CheckResult, Exchange } from "./types.js";

/** What one conformance run of any role produced: the input of every report writer. */
export interface RunResult {
  readonly role: Role;
  readonly runId: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly sut: Sut;
  readonly results: readonly CheckResult[];
  readonly exchanges: readonly Exchange[];
  readonly skipped: readonly SkippedStep[];
  /** BPP role: the forms the harness's requests used (`--request-shape`). */
  readonly requestShape?: "guide" | "core";
  /** Set when the harness could not judge: the target refused its first connection, or did not resolve. */
  readonly infrastructureError?: string;
  /**
   * Set when a harness server dropped some of what the SUT sent, past its bounds (docs/limits.md
   * "Stored bytes"): what was dropped was not judged, so the run is at best "could not judge" (2).
   */
  readonly evidenceDropped?: string;
  /** The checks the run did not exercise, sorted by why (docs/rules.md "Coverage"). */
  readonly coverage: Coverage;
  readonly exitCode: 0 | 1 | 2;
}

/**
 * DESIGN "A run", step 6, with the coverage guard: any fail → 1; otherwise a check error, a run
 * that could not judge, or a gap the operator did not accept → 2; otherwise 0.
 */
export function exitCodeOf(results: readonly CheckResult[], infrastructureError?: string, coverage?: Coverage, evidenceDropped?: string): 0 | 1 | 2 {
  if (results.some((r) => r.status === "fail")) {
    return 1;
  }
  return infrastructureError || evidenceDropped || results.some((r) => r.status === "error") || (coverage?.gaps.length ?? 0) > 0 ? 2 : 0;
}

/** A run's coverage and exit code, from its results, the steps it did not take and the operator's accepted gaps. */
export function verdictOf(
  results: readonly CheckResult[], skipped: readonly SkippedStep[], config: Pick<RunConfig, "passive" | "allowUnexercised">, infrastructureError?: string, evidenceDropped?: string,
): Pick<RunResult, "coverage" | "exitCode" | "evidenceDropped"> {
  const coverage = coverageOf(results, skipped, { mode: runModeOf(config), ...(config.allowUnexercised ? { accepted: config.allowUnexercised } : {}) });
  return { coverage, exitCode: exitCodeOf(results, infrastructureError, coverage, evidenceDropped), ...(evidenceDropped ? { evidenceDropped } : {}) };
}
