/** What the checks made of a run (DESIGN "Verdicts and report.json"): one row per check and exchange. */

export type Severity = "MUST" | "SHOULD";
export type ResultStatus = "pass" | "fail" | "warn" | "error" | "skip";

/** What a check found wrong. The message says what to fix; expected/actual give the evidence. */
export interface Finding {
  readonly checkId: string;
  readonly message: string;
  readonly path?: string;
  readonly expected?: unknown;
  readonly actual?: unknown;
}

/** One result row of report.json (DESIGN "Verdicts and report.json"). */
export interface CheckResult {
  readonly id: string;
  readonly status: ResultStatus;
  readonly severity: Severity;
  readonly title: string;
  readonly ref: string;
  readonly scenario: string | null;
  readonly step: string | null;
  readonly exchange: string | null;
  readonly findings: readonly Finding[];
  /**
   * On a `skip` row only: the SUT took an option the spec allows, so the check does not apply
   * (docs/rules.md "Coverage"). A skip row without it is a gap, unless the run's mode cannot reach it.
   */
  readonly notApplicable?: true;
}
