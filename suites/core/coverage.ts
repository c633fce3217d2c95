/**
 * The coverage guard (docs/rules.md "Coverage"): a MUST that never ran earns nothing.
 *
 * A check is exercised when a step that exists to provoke it ran and was answered: it then has a
 * pass, fail or warn row. A check with only `skip` rows is one of:
 * - not applicable: the SUT took an option the spec allows (its rows are marked `notApplicable`);
 * - not reachable: the run's mode cannot provoke it (a `--passive` BAP run triggers nothing);
 * - a gap: its step never ran or got no answer for a reason that is not the SUT's fault (the
 *   budget ran out, a prerequisite the harness needed was missing). A gap the operator did not
 *   accept (`--allow-unexercised`) makes the run exit 2; an accepted one is named on the certificate.
 */
import type { RunConfig } from "./config.js";
import type { SkippedStep } from "../../results/index.js";
import type { CheckResult, Coverage, CoverageEntry } from "../../results/index.js";

export type { Coverage, CoverageEntry } from "../../results/index.js";

/**
 * How the harness met the SUT. `active`: it drove every scenario and probe. `passive`: it only
 * recorded what a person drove through a BAP. `observe`: it stood between real participants and
 * judged their traffic with each other. `scenario-only`: it played only the scenario files given.
 */
export type RunMode = "active" | "passive" | "observe" | "scenario-only";

/** Why a mode cannot reach a check it left unexercised; undefined for a mode that reaches every check. */
const UNREACHABLE_IN: Readonly<Record<RunMode, string | undefined>> = {
  active: undefined,
  passive: "a --passive run triggers nothing and sends no probe: it judges only what a person drove through the BAP",
  observe: "`observe` sends nothing of its own (no trigger, forgery or probe): it judges only the traffic between the participants",
  "scenario-only": "a --scenario-only run plays only the scenario files given, not the built-in scenarios that provoke every check",
};

export function runModeOf(config: Pick<RunConfig, "passive" | "scenarioOnly">): RunMode {
  return config.passive ? "passive" : config.scenarioOnly ? "scenario-only" : "active";
}

/** The steps that did not run, in a few words: each distinct reason once, with how many steps it kept back. */
function stepsNotRun(skipped: readonly SkippedStep[]): string {
  const byReason = new Map<string, SkippedStep[]>();
  for (const s of skipped) {
    byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s]);
  }
  return [...byReason]
    .map(
      ([reason, steps]) =>
        `${steps
          .slice(0, 3)
          .map((s) => `${s.scenario}/${s.step}`)
          .join(", ")}${steps.length > 3 ? ` and ${steps.length - 3} more` : ""} (${reason})`,
    )
    .join("; ");
}

/** Why a check had only skip rows: its first row's reason, with the steps the run did not take when that reason is the judge's generic one. */
function reasonOf(rows: readonly CheckResult[], skipped: readonly SkippedStep[], genericOnly: boolean): string {
  const reason = rows[0]?.findings[0]?.message ?? "it was not exercised";
  return genericOnly && skipped.length > 0 ? `${reason} Steps that did not run: ${stepsNotRun(skipped)}.` : reason;
}

/** The judge's row for a check that applied to no exchange (suites/core/judge.ts). */
const isGeneric = (r: CheckResult): boolean =>
  r.exchange === null && r.findings.length === 1 && (r.findings[0]?.message.startsWith("No exchange of this run") ?? false);

export interface CoverageOptions {
  readonly mode: RunMode;
  /** Check ids the operator accepts as gaps (`--allow-unexercised`). */
  readonly accepted?: readonly string[];
}

/** Sorts every check the run did not exercise into gaps, accepted gaps, not reachable and not applicable. */
export function coverageOf(results: readonly CheckResult[], skipped: readonly SkippedStep[], options: CoverageOptions): Coverage {
  const rowsOf = new Map<string, CheckResult[]>();
  for (const r of results) {
    rowsOf.set(r.id, [...(rowsOf.get(r.id) ?? []), r]);
  }
  const accepted = new Set(options.accepted ?? []);
  const unreachable = UNREACHABLE_IN[options.mode];
  const coverage = { gaps: [] as CoverageEntry[], accepted: [] as CoverageEntry[], notReachable: [] as CoverageEntry[], notApplicable: [] as CoverageEntry[] };
  for (const [checkId, rows] of rowsOf) {
    if (rows.some((r) => r.status !== "skip")) {
      continue;
    }
    const severity = rows[0]?.severity ?? "MUST";
    const notApplicable = rows.find((r) => r.notApplicable);
    if (notApplicable) {
      coverage.notApplicable.push({ checkId, severity, reason: reasonOf([notApplicable], [], false) });
    } else if (unreachable) {
      coverage.notReachable.push({ checkId, severity, reason: `${unreachable}. ${reasonOf(rows, [], false)}` });
    } else {
      const entry = { checkId, severity, reason: reasonOf(rows, skipped, rows.every(isGeneric)) };
      (accepted.has(checkId) ? coverage.accepted : coverage.gaps).push(entry);
    }
  }
  return coverage;
}

/** A run earns a certificate only when its mode reached every MUST check. */
export function unreachableMusts(coverage: Coverage): readonly CoverageEntry[] {
  return coverage.notReachable.filter((e) => e.severity === "MUST");
}
