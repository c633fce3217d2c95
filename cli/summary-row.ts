/**
 * One participant's row of a summary (reports/summary.ts) and its one-line verdict, from its run's
 * result and the reports written for it: what bulk runs and `observe` print and write alike.
 */
import { basename, relative } from "node:path";
import { countByStatus, verdictFor, type RunResult } from "../results/index.js";
import type { SummaryRow } from "../reports/summary.js";
import { fixFirstInline } from "./check-lines.js";

export interface RowBase {
  readonly name: string;
  readonly role: string;
  readonly target: string;
  /** The subscriber id as given, for a row whose run never told it. */
  readonly subscriberId: string;
}

/** The row of a participant the harness could not judge (exit 2). */
export function couldNotJudgeRow(base: RowBase, message: string): SummaryRow {
  return { ...base, verdict: "error", exitCode: 2, counts: { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 }, report: null, certificate: null, error: message };
}

/** The row of a judged participant; `paths` are its reports, report.json first. */
export function summaryRowOf(base: RowBase, result: RunResult, paths: readonly string[], outDir: string, certificate: string | null = null): SummaryRow {
  const [reportPath = "", ...others] = paths;
  const htmlPath = others.find((path) => basename(path) === "report.html");
  const { gaps, accepted, notReachable } = result.coverage;
  return {
    ...base,
    subscriberId: result.sut.subscriberId,
    verdict: verdictFor(result.exitCode),
    exitCode: result.exitCode,
    counts: countByStatus(result.results),
    report: relative(outDir, reportPath),
    ...(htmlPath ? { reportHtml: relative(outDir, htmlPath) } : {}),
    certificate: certificate === null ? null : relative(outDir, certificate),
    coverage: { gaps: gaps.map((e) => e.checkId), accepted: accepted.map((e) => e.checkId), notReachable: notReachable.length },
    ...(result.infrastructureError ? { error: result.infrastructureError } : {}),
  };
}

/** The lines that say a participant's verdict: counts and coverage, then the checks to fix first when some failed. */
export function verdictLines(name: string, result: RunResult): string[] {
  const counts = countByStatus(result.results);
  const { gaps, accepted, notReachable } = result.coverage;
  const uncovered = [
    gaps.length > 0 ? `${gaps.length} gaps: ${gaps.map((e) => e.checkId).join(",")}` : "",
    accepted.length > 0 ? `${accepted.length} accepted gaps` : "",
    notReachable.length > 0 ? `${notReachable.length} not reachable` : "",
  ].filter(Boolean);
  const fixFirst = fixFirstInline(result.results);
  return [
    `${name}: ${verdictFor(result.exitCode).toUpperCase()} (${counts.pass} passed, ${counts.fail} failed, ${counts.warn} warnings, ${counts.error} errors${uncovered.map((u) => `, ${u}`).join("")})`,
    ...(fixFirst ? [`${name}: ${fixFirst}`] : []),
  ];
}

/** The table line of a row, as bulk runs print it at the end. */
export const rowLine = (r: SummaryRow): string =>
  `${r.name.padEnd(20)} ${r.role.padEnd(8)} ${r.verdict.padEnd(15)} ${String(r.counts.pass).padStart(4)} pass ${String(r.counts.fail).padStart(3)} fail ${String(r.counts.warn).padStart(3)} warn ${String(r.coverage?.gaps.length ?? 0).padStart(3)} gaps  ${r.report ?? "-"}  ${r.certificate ?? "-"}`;
