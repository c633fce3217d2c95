/**
 * A participant's RunResult from observed traffic (`observe`): the rows its role's checks gave on
 * what it sent and received, one `skip` row for each check that judged nothing (with why
 * observation cannot judge it, when it cannot), the run-level checks, and the coverage of the
 * `observe` mode, where what it cannot reach is listed and never passed. No certificate follows.
 */
import { randomUUID } from "node:crypto";
import type { CheckResult, Exchange, Role, RunResult, SkippedStep, Sut } from "../../../results/index.js";
import type { Check } from "../check.js";
import { coverageOf } from "../coverage.js";
import { runCheckResults, type RunChecks } from "../run-checks.js";
import { exitCodeOf } from "../run-result.js";

export interface ObservedJudgement {
  readonly role: Role;
  /** The role's whole catalogue, in order. */
  readonly checks: readonly Check[];
  /** Why observation cannot judge a check, by id (it needs a trigger, a forgery, a probe…). */
  readonly notJudged: ReadonlyMap<string, string>;
  /** The judge's rows; a check with none gets one skip row here. */
  readonly rows: readonly CheckResult[];
  readonly exchanges: readonly Exchange[];
  readonly runChecks: RunChecks;
  readonly sut: Sut;
  /** When the observation started and ended (ms since the epoch). */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly skipped?: readonly SkippedStep[];
  /** Set when a forwarder recorded only part of the traffic (past its bound): what it dropped was not judged. */
  readonly evidenceDropped?: string;
}

function skipRow(check: Check, message: string): CheckResult {
  const { id, severity, title, ref } = check;
  return { id, severity, title, ref, scenario: null, step: null, exchange: null, status: "skip", findings: [{ checkId: id, message }] };
}

/** Every check's rows in catalogue order: a check with no row gets one skip row saying why. */
function rowsInCatalogueOrder(j: ObservedJudgement): CheckResult[] {
  const byCheck = new Map<string, CheckResult[]>();
  for (const r of j.rows) {
    byCheck.set(r.id, [...(byCheck.get(r.id) ?? []), r]);
  }
  return j.checks.flatMap((check) => {
    const rows = byCheck.get(check.id) ?? [];
    if (rows.length > 0) {
      return rows;
    }
    const why = j.notJudged.get(check.id);
    return [skipRow(check, why === undefined ? "No observed exchange was one this check judges." : `Not judged from observed traffic: this check ${why}`)];
  });
}

export function observedRunResult(j: ObservedJudgement): RunResult {
  const judged = rowsInCatalogueOrder(j);
  const results = [...judged, ...runCheckResults(j.runChecks, judged, j.exchanges)];
  const skipped = j.skipped ?? [];
  const coverage = coverageOf(results, skipped, { mode: "observe" });
  return {
    role: j.role,
    runId: randomUUID(),
    startedAt: new Date(j.startedAt).toISOString(),
    durationMs: Math.max(0, j.endedAt - j.startedAt),
    sut: j.sut,
    results,
    exchanges: j.exchanges,
    skipped,
    coverage,
    exitCode: exitCodeOf(results, undefined, coverage, j.evidenceDropped),
    ...(j.evidenceDropped ? { evidenceDropped: j.evidenceDropped } : {}),
  };
}
