/**
 * A run's failures grouped by cause (presentation only: report.json keeps every row as it is). One
 * group per check that failed, erred or warned, with its rows, how far it spread, its first finding,
 * and which other groups its failure may explain. report.html and the terminal summary read the same
 * groups, so both tell one story.
 */
import type { CheckResult, Finding, ResultStatus, Severity } from "./check-result.js";

/** What the catalogue says of a check beyond its result rows, for the reports that group them. */
export interface CheckNotes {
  /** How to fix a failure, in one line. */
  readonly fix: string;
}

/** The statuses a group is made of, worst first: a group takes the worst status of its rows. */
export type ProblemStatus = Extract<ResultStatus, "fail" | "error" | "warn">;
const PROBLEM_STATUSES: readonly ProblemStatus[] = ["fail", "error", "warn"];

/** One check's failing, erring and warning rows of a run. */
export interface CheckGroup {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly ref: string;
  /** The worst status among its rows (fail, then error, then warn). */
  readonly status: ProblemStatus;
  /** Its fail, error and warn rows, in the run's order. */
  readonly rows: readonly CheckResult[];
  /** How many of its rows have each status. */
  readonly counts: Readonly<Record<ProblemStatus, number>>;
  /** How many distinct exchanges its rows are on (run-level rows have none). */
  readonly exchanges: number;
  /** How many distinct scenarios its rows are in. */
  readonly scenarios: number;
  /** Whether a row judged the run as a whole (its scenario and exchange are null). */
  readonly runLevel: boolean;
  /** The first finding of its rows, with the row it is on; none when no row recorded one. */
  readonly firstFinding?: { readonly row: CheckResult; readonly finding: Finding };
  /** The ids of the groups its failure may explain (see `mayExplain`), in group order. */
  readonly mayExplain: readonly string[];
  /** The ids of the failed groups that may explain it. */
  readonly explainedBy: readonly string[];
}

/**
 * How far upstream a check is, by its id's area: the run as a whole (RUN) first, then the signature
 * and its authentication (SIG, AUT), then the schema (SCH), then the context (CTX), then the rest. A
 * message whose signature, shape or context is wrong makes the checks that read further into it fail.
 */
export function upstreamRank(checkId: string): number {
  const area = checkId.split("-")[0] ?? "";
  const ranks: Readonly<Record<string, number>> = { RUN: 0, SIG: 1, AUT: 1, SCH: 2, CTX: 3 };
  return ranks[area] ?? 4;
}

/**
 * Where rows are: the exchanges of exchange rows, the scenarios of scenario-level rows (no exchange),
 * and the whole run for run-level rows (neither).
 */
interface Reach {
  readonly wholeRun: boolean;
  readonly scenarios: ReadonlySet<string>;
  readonly exchanges: ReadonlySet<string>;
}

const isRunLevel = (r: CheckResult): boolean => r.exchange === null && r.scenario === null;

function reachOf(rows: readonly CheckResult[]): Reach {
  const scenarioLevel = rows.filter((r) => r.exchange === null && r.scenario !== null);
  return {
    wholeRun: rows.some(isRunLevel),
    scenarios: new Set(scenarioLevel.map((r) => r.scenario as string)),
    exchanges: new Set(rows.map((r) => r.exchange).filter((x): x is string => x !== null)),
  };
}

/** Whether every row of `inner` is in a place of `outer`: on its exchange, in its scenario, or in the whole run. */
function within(inner: readonly CheckResult[], outer: Reach): boolean {
  return inner.every(
    (r) => outer.wholeRun || (r.scenario !== null && outer.scenarios.has(r.scenario)) || (r.exchange !== null && outer.exchanges.has(r.exchange)),
  );
}

/**
 * Whether check A's failure may explain check B's problems, decided on the run's data alone: A
 * failed (a `fail` row), A is upstream of B (`upstreamRank`), and every exchange B failed, erred or
 * warned on is an exchange A failed on. A scenario-level row of A stands for every exchange of its
 * scenario, and a run-level row for the whole run, so a failed run-level check (RUN-002: every answer
 * was a NACK) may explain every check that went wrong. A failed signature comes before everything it hides; checks of one area, and
 * checks whose failures lie elsewhere in the run, are never linked.
 */
function mayExplain(a: { id: string; failed: Reach | undefined }, b: { id: string; rows: readonly CheckResult[] }): boolean {
  return a.failed !== undefined && upstreamRank(a.id) < upstreamRank(b.id) && within(b.rows, a.failed);
}

function isProblem(r: CheckResult): r is CheckResult & { status: ProblemStatus } {
  return (PROBLEM_STATUSES as readonly string[]).includes(r.status);
}

function countsOf(rows: readonly CheckResult[]): Record<ProblemStatus, number> {
  const counts: Record<ProblemStatus, number> = { fail: 0, error: 0, warn: 0 };
  for (const r of rows) {
    if (isProblem(r)) {
      counts[r.status] += 1;
    }
  }
  return counts;
}

function firstFindingOf(rows: readonly CheckResult[]): CheckGroup["firstFinding"] {
  const row = rows.find((r) => r.findings.length > 0);
  const finding = row?.findings[0];
  return row && finding ? { row, finding } : undefined;
}

type Unlinked = Omit<CheckGroup, "mayExplain" | "explainedBy">;

function unlinkedGroup(rows: readonly CheckResult[]): Unlinked {
  const head = rows[0] as CheckResult;
  const counts = countsOf(rows);
  const first = firstFindingOf(rows);
  return {
    id: head.id,
    title: head.title,
    severity: head.severity,
    ref: head.ref,
    status: PROBLEM_STATUSES.find((s) => counts[s] > 0) ?? "warn",
    rows,
    counts,
    exchanges: reachOf(rows).exchanges.size,
    scenarios: new Set(rows.map((r) => r.scenario).filter((s) => s !== null)).size,
    runLevel: rows.some(isRunLevel),
    ...(first ? { firstFinding: first } : {}),
  };
}

/**
 * The run's failing, erring and warning rows grouped by check: fail groups first, then error, then
 * warn; within a status, the groups with most rows first, then in the order the run first met them.
 * Each group says which others its failure may explain (`mayExplain` above) and which may explain it.
 */
export function groupByCheck(results: readonly CheckResult[]): CheckGroup[] {
  const rowsById = new Map<string, CheckResult[]>();
  for (const r of results.filter(isProblem)) {
    rowsById.set(r.id, [...(rowsById.get(r.id) ?? []), r]);
  }
  const groups = [...rowsById.values()].map(unlinkedGroup);
  const rank = (g: Unlinked): number => PROBLEM_STATUSES.indexOf(g.status);
  const sorted = groups.map((g, i) => ({ g, i })).sort((x, y) => rank(x.g) - rank(y.g) || y.g.rows.length - x.g.rows.length || x.i - y.i);
  const places = sorted.map(({ g }) => {
    const failed = g.rows.filter((r) => r.status === "fail");
    return { id: g.id, failed: failed.length > 0 ? reachOf(failed) : undefined, rows: g.rows };
  });
  return sorted.map(({ g }, i) => {
    const own = places[i] as (typeof places)[number];
    return {
      ...g,
      mayExplain: places.filter((b) => b !== own && mayExplain(own, b)).map((b) => b.id),
      explainedBy: places.filter((a) => a !== own && mayExplain(a, own)).map((a) => a.id),
    };
  });
}

/**
 * The few checks to fix first: the failed checks no other failed check on their exchanges may explain
 * (the root causes), those that reach furthest first: their own failures plus those of the checks they
 * may explain. Ties go upstream first, then by id. Fixing one of them fixes, or at least uncovers, the
 * rest. A failed run-level check (RUN) names a symptom of the whole run, so the checks it alone may
 * explain stay in the list, after it: they say where the run went wrong.
 */
export function fixFirst(groups: readonly CheckGroup[], limit = 5): CheckGroup[] {
  const rowsOf = new Map(groups.map((g) => [g.id, g.rows.length]));
  const reach = (g: CheckGroup): number => g.rows.length + g.mayExplain.reduce((n, id) => n + (rowsOf.get(id) ?? 0), 0);
  const isRoot = (g: CheckGroup): boolean => g.explainedBy.every((id) => upstreamRank(id) === 0);
  return groups
    .filter((g) => g.status === "fail" && isRoot(g))
    .sort((a, b) => reach(b) - reach(a) || upstreamRank(a.id) - upstreamRank(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, limit);
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? "" : "s"}`;

/** Where a group's rows are, in words: "34 exchanges in 9 scenarios", "2 scenarios", "the run as a whole", or two of them. */
export function spreadOf(group: CheckGroup): string {
  const inScenarios = group.scenarios > 0 ? plural(group.scenarios, "scenario") : "";
  const parts = [
    group.exchanges > 0 ? `${plural(group.exchanges, "exchange")}${inScenarios ? ` in ${inScenarios}` : ""}` : inScenarios,
    group.runLevel ? "the run as a whole" : "",
  ].filter(Boolean);
  return parts.join(" and ");
}
