/** The typed contract of a run, shared by suites (which produce it), reports and the CLI (which read it). */
export type { CheckResult, Finding, ResultStatus, Severity } from "./check-result.js";
export { fixFirst, groupByCheck, spreadOf, upstreamRank, type CheckGroup, type CheckNotes, type ProblemStatus } from "./check-groups.js";
export type { Coverage, CoverageEntry } from "./coverage.js";
export type { Exchange, ExchangeResponse, Expectation, ExpectedValues, NetworkFailure, Probe, RawForm, ReceivedCallback, TransferWatch } from "./exchange.js";
export { callbackDeadline } from "./exchange.js";
export {
  countByStatus,
  exitCodeOf,
  ROLES,
  verdictFor,
  type ExitCode,
  type Role,
  type RunResult,
  type SkippedStep,
  type StatusCounts,
  type Sut,
  type Verdict,
} from "./run-result.js";
export {
  compareRuns,
  countByKind,
  DIFFERENCE_KINDS,
  worseExitCode,
  type CompareOptions,
  type Difference,
  type DifferenceKind,
  type DifferenceSide,
  type TimingClass,
} from "./comparison.js";
