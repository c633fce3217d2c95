/**
 * The terminal's account of what went wrong, grouped by check like report.html (results/check-groups.ts):
 * the checks to fix first, then one block per failing, erring or warning check with its count, its
 * first finding and how to fix it. Bounded, and every string through `printable`.
 */
import { fixFirst, groupByCheck, spreadOf, type CheckGroup, type CheckNotes, type CheckResult } from "../results/index.js";
import { printable } from "./output.js";

/** The most check blocks printed; report.html has them all. */
export const MAX_CHECK_BLOCKS = 30;
/** The most checks the fix-first list names. */
export const FIX_FIRST_PRINTED = 5;
const MAX_TEXT = 300;
const INDENT = "        ";

/** A string for the terminal: control characters escaped, cut at MAX_TEXT characters with an ellipsis. */
function text(value: string): string {
  const shown = printable(value);
  return shown.length > MAX_TEXT ? `${shown.slice(0, MAX_TEXT - 1)}…` : shown;
}

/** "CTX-003 ×34 on 34 exchanges in 9 scenarios". */
export function countLine(g: CheckGroup): string {
  return `${g.id} ×${g.rows.length} on ${spreadOf(g)}`;
}

const whereOf = (r: CheckResult): string => `[${r.scenario ?? "run"}${r.step ? `/${r.step}` : ""}]`;

function block(g: CheckGroup, notes: Readonly<Record<string, CheckNotes>>): string[] {
  const first = g.firstFinding;
  const fix = notes[g.id]?.fix;
  return [
    `${g.status.toUpperCase().padEnd(5)} ${text(countLine(g))}: ${text(g.title)} (${text(g.ref)})`,
    ...(first ? [`${INDENT}${text(whereOf(first.row))} ${text(first.finding.message)}`] : []),
    ...(fix ? [`${INDENT}fix: ${text(fix)}`] : []),
  ];
}

/** How many checks a fix-first line names as what it may explain. */
const MAY_EXPLAIN_PRINTED = 6;

const someIds = (ids: readonly string[]): string =>
  ids.slice(0, MAY_EXPLAIN_PRINTED).join(", ") + (ids.length > MAY_EXPLAIN_PRINTED ? ` and ${ids.length - MAY_EXPLAIN_PRINTED} more` : "");

/** The checks to fix first, numbered, each with what its failure may explain. */
export function fixFirstLines(groups: readonly CheckGroup[]): string[] {
  const top = fixFirst(groups, FIX_FIRST_PRINTED);
  if (top.length === 0) {
    return [];
  }
  return [
    "Fix first:",
    ...top.map((g, i) => `  ${i + 1}. ${text(countLine(g))}: ${text(g.title)}${g.mayExplain.length ? `; may explain ${text(someIds(g.mayExplain))}` : ""}`),
  ];
}

/** The fix-first list on one line ("fix first: CTX-003 ×34 on …; BIZ-001 ×3 on …"), for a run among many; empty when nothing failed. */
export function fixFirstInline(results: readonly CheckResult[]): string {
  const top = fixFirst(groupByCheck(results), FIX_FIRST_PRINTED);
  return top.length > 0 ? `fix first: ${top.map((g) => text(countLine(g))).join("; ")}` : "";
}

/** The fix-first list, then a block per check that went wrong (fail, then error, then warn), at most MAX_CHECK_BLOCKS. */
export function checkLines(results: readonly CheckResult[], notes: Readonly<Record<string, CheckNotes>> = {}): string[] {
  const groups = groupByCheck(results);
  const more = groups.length - MAX_CHECK_BLOCKS;
  return [
    ...fixFirstLines(groups),
    ...groups.slice(0, MAX_CHECK_BLOCKS).flatMap((g) => block(g, notes)),
    ...(more > 0 ? [`… and ${more} more checks that went wrong: see report.html or report.json`] : []),
  ];
}
