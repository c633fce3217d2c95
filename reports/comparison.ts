/**
 * comparison.json and comparison.html of `run --compare-target`: the two runs (each with its own
 * reports in `a/` and `b/`), the exit code, and every difference with both sides' evidence. No
 * certificate is issued for a comparison. comparison.html is one self-contained page; every string
 * goes through `esc`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  countByKind,
  countByStatus,
  DIFFERENCE_KINDS,
  verdictFor,
  worseExitCode,
  type Difference,
  type DifferenceKind,
  type DifferenceSide,
  type ExitCode,
  type RunResult,
  type StatusCounts,
  type Verdict,
} from "../results/index.js";
import { VERDICTS } from "./html.js";
import { esc } from "./html/text.js";

export const COMPARISON_VERSION = "1.0.0";

/** One of the two runs, as the comparison names it. */
export interface ComparedRun {
  /** `a` (`--target`) or `b` (`--compare-target`): also the folder of its reports, beside the comparison. */
  readonly name: "a" | "b";
  readonly target: string;
  readonly subscriberId: string;
  readonly runId: string;
  readonly exitCode: ExitCode;
  readonly verdict: Verdict;
  readonly counts: StatusCounts;
  readonly exchanges: number;
  /** Its report.json and report.html, relative to the comparison's folder; null where not written. */
  readonly report: string | null;
  readonly reportHtml: string | null;
}

export interface Comparison {
  readonly version: typeof COMPARISON_VERSION;
  readonly generatedAt: string;
  /** The worse of the two runs' exit codes: 1 if either failed, else 2 if either could not be judged, else 0. */
  readonly exitCode: ExitCode;
  /** A comparison earns no certificate: each BPP is certified by a run of its own. */
  readonly certificate: null;
  /** Whether free values were compared (`--compare-values`). */
  readonly values: boolean;
  readonly a: ComparedRun;
  readonly b: ComparedRun;
  readonly counts: Readonly<Record<DifferenceKind, number>>;
  readonly differences: readonly Difference[];
}

/** A run's entry, with its reports' paths relative to the comparison's folder. */
export function comparedRun(name: "a" | "b", result: RunResult, reports: { readonly json: boolean; readonly html: boolean }): ComparedRun {
  return {
    name,
    target: result.sut.url,
    subscriberId: result.sut.subscriberId,
    runId: result.runId,
    exitCode: result.exitCode,
    verdict: verdictFor(result.exitCode),
    counts: countByStatus(result.results),
    exchanges: result.exchanges.length,
    report: reports.json ? `${name}/report.json` : null,
    reportHtml: reports.html ? `${name}/report.html` : null,
  };
}

export function buildComparison(a: ComparedRun, b: ComparedRun, differences: readonly Difference[], meta: { values: boolean; now?: Date }): Comparison {
  return {
    version: COMPARISON_VERSION,
    generatedAt: (meta.now ?? new Date()).toISOString(),
    exitCode: worseExitCode(a.exitCode, b.exitCode),
    certificate: null,
    values: meta.values,
    a,
    b,
    counts: countByKind(differences),
    differences,
  };
}

const MAX_VALUE_TEXT = 300;

/** A side's value as short text. */
export function valueText(side: DifferenceSide): string {
  const text = side.value === null ? "(none)" : typeof side.value === "string" ? side.value : (JSON.stringify(side.value) ?? String(side.value));
  return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT)}…` : text;
}

/** Where a difference is: `happy-path/select BIZ-001`, `happy-path on_select $.message.order.quote.price.value`, or `run RUN-002`. */
export function differencePlace(d: Difference): string {
  const step = d.scenario === null ? "run" : d.step === null ? d.scenario : `${d.scenario}/${d.step}`;
  return [step, d.check, d.part, d.path].filter((s): s is string => s !== undefined).join(" ");
}

/** One difference in one line: `check-status happy-path/select BIZ-001: a pass, b fail`. */
export function differenceLine(d: Difference): string {
  return `${d.kind} ${differencePlace(d)}: a ${valueText(d.a)}, b ${valueText(d.b)}`;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1300px;padding:16px;color:#1d232a}
h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:22px 0 6px}.note{color:#66707a;font-size:12px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #d6dbe0;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f3f5f7}
td.v{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all;max-width:420px}.ok{color:#1e6b31;font-weight:700}.bad{color:#9b1c1c;font-weight:700}.err{color:#8a5300;font-weight:700}
`;

/** At most this many differences are shown in the page; comparison.json has them all. */
export const MAX_SHOWN_DIFFERENCES = 2000;

function runRow(run: ComparedRun): string {
  const v = VERDICTS[run.verdict];
  const link = run.reportHtml ?? run.report;
  return (
    `<tr><td>${esc(run.name)}</td><td>${esc(run.subscriberId)}<br><span class="note">${esc(run.target)}</span></td>` +
    `<td class="${esc(v.cls)}">${esc(v.text)}</td><td>${esc(run.counts.pass)}</td><td>${esc(run.counts.fail)}</td><td>${esc(run.counts.warn)}</td>` +
    `<td>${esc(run.exchanges)}</td><td>${link === null ? "—" : `<a href="${esc(link)}">${esc(link)}</a>`}</td></tr>`
  );
}

function sideCell(side: DifferenceSide): string {
  const findings = (side.findings ?? []).map((f) => `<br><span class="note">${esc(f.message)}</span>`).join("");
  const status = side.httpStatus === undefined ? "" : ` <span class="note">HTTP ${esc(side.httpStatus)}</span>`;
  return `<td class="v">${esc(valueText(side))}${status}${findings}<br><span class="note">exchange ${esc(side.exchange ?? "–")}</span></td>`;
}

function differenceRow(d: Difference): string {
  return `<tr><td>${esc(d.kind)}</td><td class="v">${esc(differencePlace(d))}</td>${sideCell(d.a)}${sideCell(d.b)}</tr>`;
}

export function comparisonHtml(c: Comparison): string {
  const overall = VERDICTS[verdictFor(c.exitCode)];
  const kinds = DIFFERENCE_KINDS.filter((k) => c.counts[k] > 0).map((k) => `<tr><td>${esc(k)}</td><td>${esc(c.counts[k])}</td></tr>`);
  const shown = c.differences.slice(0, MAX_SHOWN_DIFFERENCES);
  const cut =
    c.differences.length > shown.length ? `<p class="note">Shown: the first ${shown.length} of ${c.differences.length}; comparison.json has them all.</p>` : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>p2p-conformance: ${esc(c.a.subscriberId)} and ${esc(c.b.subscriberId)} side by side</title><style>${CSS}</style></head><body>
<h1>Two BPPs side by side: ${esc(c.differences.length)} differences · <span class="${esc(overall.cls)}">${esc(overall.text)}</span></h1>
<p class="note">Generated ${esc(c.generatedAt)} · exit code ${esc(c.exitCode)} (the worse of the two runs) · no certificate for a comparison · free values ${c.values ? "compared (run-bound values masked)" : "not compared (--compare-values compares them)"}</p>
<table><thead><tr><th>run</th><th>BPP</th><th>verdict</th><th>pass</th><th>fail</th><th>warn</th><th>exchanges</th><th>report</th></tr></thead>
<tbody>${runRow(c.a)}${runRow(c.b)}</tbody></table>
<h2>Differences by kind</h2>
${kinds.length > 0 ? `<table><tbody>${kinds.join("")}</tbody></table>` : "<p>None: the two BPPs answered every scenario alike.</p>"}
<h2>Differences</h2>${cut}
${shown.length > 0 ? `<table><thead><tr><th>kind</th><th>where</th><th>a</th><th>b</th></tr></thead><tbody>\n${shown.map(differenceRow).join("\n")}\n</tbody></table>` : ""}
</body></html>
`;
}

/** Writes comparison.json and comparison.html into `dir`; returns their paths. */
export function writeComparison(dir: string, comparison: Comparison): [string, string] {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, "comparison.json");
  const html = join(dir, "comparison.html");
  writeFileSync(json, `${JSON.stringify(comparison, null, 2)}\n`);
  writeFileSync(html, comparisonHtml(comparison));
  return [json, html];
}
