/**
 * A conformance run as every report writer, the certificate and the CLI see it (DESIGN "Verdicts and
 * report.json"): the checks' rows, the exchanges they judged, the coverage, the exit code and the
 * verdict it stands for. Types and pure functions only.
 */
import type { CheckResult, ResultStatus } from "./check-result.js";
import type { Coverage } from "./coverage.js";
import type { Exchange } from "./exchange.js";

/** The four systems the guide names; each can be certified. */
export const ROLES = ["bpp", "bap", "gateway", "registry"] as const;
export type Role = (typeof ROLES)[number];

/** The system under test as the run knew it: where it was reached and the key it registered. */
export interface Sut {
  /** Where the harness sends its requests (`--target`). */
  readonly url: string;
  /** BPP: the SUT's public URL when it differs from `url` (`--sut-url`): its registered subscriber_url and its `bpp_uri`. */
  readonly publicUrl?: string;
  readonly subscriberId: string;
  readonly publicKey: string;
  readonly uniqueKeyId?: string;
  readonly embedded: boolean;
}

/** A scenario step the run did not take, and why. */
export interface SkippedStep {
  readonly scenario: string;
  readonly step: string;
  readonly reason: string;
}

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
  /** The checks the run did not exercise, sorted by why (docs/rules.md "Coverage"). */
  readonly coverage: Coverage;
  readonly exitCode: ExitCode;
}

export type ExitCode = 0 | 1 | 2;

/**
 * DESIGN "A run", step 6, with the coverage guard: any fail → 1; otherwise a check error, a run
 * that could not judge, or a gap the operator did not accept → 2; otherwise 0.
 */
export function exitCodeOf(results: readonly CheckResult[], infrastructureError?: string, coverage?: Coverage): ExitCode {
  if (results.some((r) => r.status === "fail")) {
    return 1;
  }
  return infrastructureError || results.some((r) => r.status === "error") || (coverage?.gaps.length ?? 0) > 0 ? 2 : 0;
}

/** report.json's `run.verdict`: what an exit code says of the SUT. */
export type Verdict = "conformant" | "not-conformant" | "error";

const VERDICT_OF_EXIT: Readonly<Record<ExitCode, Verdict>> = { 0: "conformant", 1: "not-conformant", 2: "error" };

export function verdictFor(exitCode: ExitCode): Verdict {
  return VERDICT_OF_EXIT[exitCode];
}

export type StatusCounts = Record<ResultStatus, number>;

/** How many result rows have each status (report.json's `summary`). */
export function countByStatus(results: readonly CheckResult[]): StatusCounts {
  const counts: StatusCounts = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const r of results) {
    counts[r.status] += 1;
  }
  return counts;
}
