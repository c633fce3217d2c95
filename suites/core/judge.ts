import { reportProgress } from "./progress.js";
import type { Check, CheckContext, CheckResult, Exchange, Finding, ResultStatus } from "./check.js";

export interface JudgeOptions {
  /** Under `p2p-trade-strict`, a SHOULD check that finds something fails instead of warning (unless it is `advisory`). */
  readonly strict: boolean;
  readonly context: Omit<CheckContext, "scenarioExchanges">;
}

function statusOf(check: Check, findings: readonly Finding[], strict: boolean): ResultStatus {
  if (findings.length === 0) {
    return "pass";
  }
  return check.severity === "MUST" || (strict && !check.advisory) ? "fail" : "warn";
}

/**
 * At most this many findings are kept in one result row; the rest are counted in one last finding.
 * A hostile or broken SUT can make a check find something in every element of a long array (a
 * 200,000-element one fits in a 1 MiB callback): the verdict needs one, the report stays readable.
 */
export const MAX_FINDINGS_PER_RESULT = 50;

function capped(checkId: string, findings: readonly Finding[]): Finding[] {
  if (findings.length <= MAX_FINDINGS_PER_RESULT) {
    return [...findings];
  }
  const left = findings.length - MAX_FINDINGS_PER_RESULT;
  return [
    ...findings.slice(0, MAX_FINDINGS_PER_RESULT),
    { checkId, message: `… and ${left} more findings of this check on this exchange, not listed (a result keeps at most ${MAX_FINDINGS_PER_RESULT}).` },
  ];
}

async function runOne(check: Check, exchange: Exchange, ctx: CheckContext, strict: boolean): Promise<CheckResult> {
  const base = {
    id: check.id,
    severity: check.severity,
    title: check.title,
    ref: check.ref,
    scenario: exchange.scenario,
    step: exchange.step,
    exchange: exchange.id,
  };
  try {
    const notExercised = check.notExercised?.(exchange);
    if (notExercised !== undefined) {
      return { ...base, status: "skip", findings: [{ checkId: check.id, message: `Not exercised: ${notExercised}` }] };
    }
    const findings = capped(
      check.id,
      (await check.run(exchange, ctx)).map((f) => ({ checkId: check.id, ...f })),
    );
    return { ...base, status: statusOf(check, findings, strict), findings };
  } catch (error) {
    // A check that throws is a bug of the harness: ERROR, never a pass and never a crash.
    return { ...base, status: "error", findings: [{ checkId: check.id, message: `The check itself failed: ${(error as Error).message}` }] };
  }
}

function applies(check: Check, exchange: Exchange): boolean {
  try {
    return check.appliesTo(exchange) || check.notExercised?.(exchange) !== undefined;
  } catch {
    return true; // let run() report the error
  }
}

/** Why a check that applied to no exchange does not apply: the first exchange on which the SUT took an option the spec allows. */
function notApplicableReason(check: Check, exchanges: readonly Exchange[]): string | undefined {
  for (const exchange of exchanges) {
    try {
      const reason = check.notApplicable?.(exchange);
      if (reason !== undefined) {
        return reason;
      }
    } catch {
      return undefined; // the generic row; run() never ran, so there is nothing to report as an error
    }
  }
  return undefined;
}

/** The one `skip` row of a check that applied to no exchange: not applicable when the check says why, else the generic row (a gap). */
function unappliedRow(check: Check, exchanges: readonly Exchange[]): CheckResult {
  const base = {
    id: check.id,
    severity: check.severity,
    title: check.title,
    ref: check.ref,
    scenario: null,
    step: null,
    exchange: null,
    status: "skip" as const,
  };
  const reason = notApplicableReason(check, exchanges);
  return reason === undefined
    ? { ...base, findings: [{ checkId: check.id, message: "No exchange of this run was one this check judges." }] }
    : { ...base, notApplicable: true, findings: [{ checkId: check.id, message: `Not applicable: ${reason}` }] };
}

/**
 * Runs every check on every exchange it applies to, in scenario order. A check that applied to no
 * exchange of the run gets one `skip` row, so it is visible, and never counted as a pass; the row
 * is marked not applicable when the check's `notApplicable` names an option the SUT took.
 */
export async function judge(checks: readonly Check[], exchanges: readonly Exchange[], options: JudgeOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const applied = new Set<string>();
  const plan = exchanges.map((exchange) => ({ exchange, checks: checks.filter((check) => applies(check, exchange)) }));
  const total = plan.reduce((sum, p) => sum + p.checks.length, 0);
  const byScenario = new Map<string, Exchange[]>();
  for (const e of exchanges) {
    const list = byScenario.get(e.scenario);
    if (list) {
      list.push(e);
    } else {
      byScenario.set(e.scenario, [e]);
    }
  }
  for (const { exchange, checks: applicable } of plan) {
    const ctx: CheckContext = { ...options.context, scenarioExchanges: byScenario.get(exchange.scenario) ?? [] };
    for (const check of applicable) {
      applied.add(check.id);
      results.push(await runOne(check, exchange, ctx, options.strict));
    }
    reportProgress({ phase: "judging", done: results.length, total });
  }
  for (const check of checks.filter((c) => !applied.has(c.id))) {
    results.push(unappliedRow(check, exchanges));
  }
  return results;
}

/**
 * The skip rows of `ids` marked not applicable, with `reason` in place of their finding: for a run
 * in which the SUT took an option the spec allows, so those checks had nothing to judge.
 */
export function markNotApplicable(results: readonly CheckResult[], ids: ReadonlySet<string>, reason: string): CheckResult[] {
  return results.map((r) => (r.status === "skip" && ids.has(r.id) ? { ...r, notApplicable: true, findings: [{ checkId: r.id, message: reason }] } : r));
}
