import type { Role } from "./config.js";
import type { Sut } from "./counterparts.js";
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
  readonly exitCode: 0 | 1 | 2;
}

/** DESIGN "A run", step 6: any fail → 1; otherwise an error → 2; otherwise 0. */
export function exitCodeOf(results: readonly CheckResult[], infrastructureError?: string): 0 | 1 | 2 {
  if (results.some((r) => r.status === "fail")) {
    return 1;
  }
  return infrastructureError || results.some((r) => r.status === "error") ? 2 : 0;
}
