import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { latencyChart } from "./html/chart.js";
import { sequenceSection } from "./html/sequence.js";
import {
  verdictFor,
  groupByCheck,
  type CheckResult,
  type Coverage,
  type Exchange,
  type ExchangeResponse,
  type ReceivedCallback,
  type RunResult,
  type SkippedStep,
  type Verdict,
} from "../results/index.js";
import { checkBlocks, firstExchanges, fixFirstSection } from "./html/groups.js";
import { esc, headersText, ms, pre, prettyBody, statusCell, STATUSES } from "./html/text.js";
import type { ReportMeta } from "./json.js";

/** The check categories in catalogue order; a report shows those its results have. */
const CATEGORIES = ["SCH", "SIG", "AUT", "CTX", "ACK", "TIM", "BIZ", "FLW", "NEG", "GW", "REG", "RUN"] as const;
export const VERDICTS: Readonly<Record<Verdict, { text: string; cls: string }>> = {
  conformant: { text: "Conformant", cls: "ok" },
  "not-conformant": { text: "Not conformant", cls: "bad" },
  error: { text: "Could not judge", cls: "err" },
};

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1100px;padding:16px;color:#1d232a;background:#fff}
h1{font-size:22px;margin:0 0 8px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d6dbe0;padding-bottom:4px}h3{font-size:15px;margin:14px 0 6px}
.verdict{font-size:26px;font-weight:700;padding:12px 16px;border-radius:6px;margin:8px 0 16px}
.verdict.ok{background:#e3f4e6;color:#1e6b31}.verdict.bad{background:#fbe4e4;color:#9b1c1c}.verdict.err{background:#fff1d6;color:#8a5300}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #d6dbe0;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f3f5f7}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.s-pass{color:#1e6b31}.s-fail{color:#9b1c1c;font-weight:700}.s-warn{color:#8a5300;font-weight:700}.s-error{color:#6d2a8f;font-weight:700}.s-skip{color:#66707a}
pre.code{background:#f6f8fa;border:1px solid #e1e4e8;padding:8px;overflow:auto;max-height:480px;white-space:pre-wrap;word-break:break-all;margin:4px 0}
.note{color:#66707a;font-size:12px;margin:2px 0}
.check{border-left:4px solid #9b1c1c;padding:4px 10px;margin:10px 0;background:#fcfcfd}.check.warn{border-color:#c77b21}.check.error{border-color:#6d2a8f}
details.ex{border:1px solid #d6dbe0;border-radius:4px;margin:6px 0;padding:4px 10px}details.ex>summary{cursor:pointer;font-weight:600}
.check .spread{font-weight:600;margin:2px 0}details.finding{margin:4px 0}details.finding>summary,details.more>summary{cursor:pointer}
details.more{margin:4px 0}details.more>summary{color:#3b6ea5}details.more details.finding{margin-left:14px}ol.fix-first li{margin:4px 0}
details.seq{margin:6px 0}details.seq>summary{cursor:pointer;font-weight:600}.seq-scroll{overflow-x:auto}svg.sequence a{cursor:pointer}
.chart text{font:11px system-ui,sans-serif;fill:#1d232a}.chart text.none{fill:#99a1a9}.chart text.label{font-weight:600}
code{background:#f3f5f7;padding:0 3px;border-radius:3px}
@media print{details.ex{break-inside:avoid}pre.code{max-height:none}}
`;

function header(result: RunResult, meta: ReportMeta): string {
  const v = VERDICTS[verdictFor(result.exitCode)];
  const { sut } = result;
  const rows: [string, string][] = [
    ["Subscriber id", sut.subscriberId],
    ["Public key", sut.publicKey],
    ["Unique key id", sut.uniqueKeyId ?? "–"],
    ["URL", sut.url],
    ["Embedded (mock)", sut.embedded ? "yes" : "no"],
    ["Role", result.role],
    ["Profile", meta.profile],
    ["Run id", result.runId],
    ["Started", result.startedAt],
    ["Duration", ms(result.durationMs)],
    ["Exit code", String(result.exitCode)],
    ["Tool", meta.tool],
  ];
  const table = rows.map(([k, val]) => `<tr><th>${esc(k)}</th><td><code>${esc(val)}</code></td></tr>`).join("");
  return (
    `<div class="verdict ${v.cls}">${esc(v.text)}</div>` +
    (result.infrastructureError ? `<p><strong>Could not judge:</strong> ${esc(result.infrastructureError)}</p>` : "") +
    (result.evidenceDropped ? `<p><strong>Evidence dropped:</strong> ${esc(result.evidenceDropped)}</p>` : "") +
    `<table>${table}</table>`
  );
}

function summaryTable(results: readonly CheckResult[]): string {
  const counts = new Map<string, Record<string, number>>();
  const rank = (prefix: string): number => {
    const i = (CATEGORIES as readonly string[]).indexOf(prefix);
    return i < 0 ? CATEGORIES.length : i;
  };
  for (const r of [...results].sort((a, b) => rank(a.id.split("-")[0] ?? "") - rank(b.id.split("-")[0] ?? ""))) {
    const prefix = r.id.split("-")[0] ?? "";
    const row = counts.get(prefix) ?? { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
    row[r.status] = (row[r.status] ?? 0) + 1;
    counts.set(prefix, row);
  }
  const total: Record<string, number> = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  const body = [...counts]
    .map(([prefix, row]) => {
      const cells = STATUSES.map((s) => {
        const n = row[s] ?? 0;
        total[s] = (total[s] ?? 0) + n;
        return `<td class="n${n > 0 && s !== "pass" && s !== "skip" ? ` s-${s}` : ""}">${n}</td>`;
      }).join("");
      return `<tr><th>${esc(prefix || "(none)")}</th>${cells}</tr>`;
    })
    .join("");
  const foot = `<tr><th>All</th>${STATUSES.map((s) => `<td class="n">${total[s] ?? 0}</td>`).join("")}</tr>`;
  return `<table><tr><th>Category</th>${STATUSES.map((s) => `<th>${s}</th>`).join("")}</tr>${body}${foot}</table>`;
}

function allResults(results: readonly CheckResult[]): string {
  const rows = results
    .map(
      (r) =>
        `<tr><td><code>${esc(r.id)}</code></td><td>${statusCell(r.status)}</td><td>${esc(r.severity)}</td>` +
        `<td>${esc(r.title)}</td><td>${esc(r.scenario ?? "–")} / ${esc(r.step ?? "–")}</td></tr>`,
    )
    .join("");
  return `<details><summary>All ${results.length} results</summary><table><tr><th>Id</th><th>Status</th><th>Severity</th><th>Title</th><th>Scenario / step</th></tr>${rows}</table></details>`;
}

function responseSection(response: ExchangeResponse): string {
  if (response.kind === "failure") {
    return `<p><strong>Connection failure:</strong> ${esc(response.failure)} (connected: ${response.connected ? "yes" : "no"}, after ${esc(ms(response.ms))})</p>${pre(response.detail)}`;
  }
  return (
    `<p>Status <strong>${esc(String(response.status))}</strong> · headers after ${esc(ms(response.headersMs))} · complete after ${esc(ms(response.ms))}</p>` +
    `<p class="note">Headers</p>${pre(headersText(response.headers))}<p class="note">Body</p>${pre(prettyBody(response.rawBody))}`
  );
}

function callback(c: ReceivedCallback, i: number): string {
  return (
    `<h3>Callback ${i + 1}: ${esc(c.action)}</h3>` +
    `<p>At ${esc(ms(c.atMs))} after sending · matched by ${esc(c.matchedBy)}${c.receivedBy ? ` · received by ${esc(c.receivedBy.subscriberId)}` : ""}</p>` +
    `<p class="note">Headers</p>${pre(headersText(c.headers))}<p class="note">Body</p>${pre(prettyBody(c.rawBody))}`
  );
}

function exchange(e: Exchange, i: number, open: boolean): string {
  const { request, probe, callbacks } = e;
  const meta = [
    `expectation: ${e.expectation}`,
    probe ? `probe: ${probe.kind} ${probe.name} (${probe.severity})` : "",
    e.expectedErrorCode !== undefined ? `expected error code: ${e.expectedErrorCode}` : "",
    `via gateway: ${e.viaGateway ? "yes" : "no"}`,
    `ttl: ${ms(e.ttlMs)}`,
    e.quietWindowMs !== undefined ? `quiet window: ${ms(e.quietWindowMs)}` : "",
    `sent: ${new Date(request.sentAt).toISOString()}`,
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    `<details class="ex" id="ex-${i}"${open ? " open" : ""}><summary>${esc(e.action)} · ${esc(e.scenario)} / ${esc(e.step)} · <code>${esc(e.id)}</code></summary>` +
    `<p class="note">${esc(meta)}</p>` +
    `<h3>Request</h3><p>POST <code>${esc(request.url)}</code></p><p class="note">Headers</p>${pre(headersText(request.headers))}<p class="note">Body</p>${pre(prettyBody(request.rawBody))}` +
    `<h3>Response</h3>${responseSection(e.response)}` +
    `<h3>Callbacks (${callbacks.length})</h3>${callbacks.length ? callbacks.map(callback).join("") : `<p class="note">None received.</p>`}` +
    `</details>`
  );
}

function skippedList(skipped: readonly SkippedStep[]): string {
  if (skipped.length === 0) {
    return "";
  }
  const rows = skipped.map((s) => `<tr><td>${esc(s.scenario)}</td><td>${esc(s.step)}</td><td>${esc(s.reason)}</td></tr>`).join("");
  return `<h2>Skipped steps</h2><table><tr><th>Scenario</th><th>Step</th><th>Reason</th></tr>${rows}</table>`;
}

/** The coverage lists of report.json (docs/rules.md "Coverage"), each with what it means for the verdict. */
const COVERAGE_LISTS = [
  [
    "gaps",
    "Gaps: not exercised, not accepted",
    "No step that provokes these checks ran or got an answer, for a reason that is not the SUT's fault. The run cannot be conformant (exit 2) until they run, or the operator accepts them with --allow-unexercised.",
  ],
  ["accepted", "Accepted gaps", "Not exercised; the operator accepted them with --allow-unexercised. A certificate names each of them."],
  [
    "notReachable",
    "Not reachable in this mode",
    "The run's mode cannot provoke these checks. They are not gaps; a run with a MUST among them earns no certificate.",
  ],
  ["notApplicable", "Not applicable", "The SUT took an option the specification allows, so these checks had nothing to judge."],
] as const;

function coverageSection(coverage: Coverage): string {
  const lists = COVERAGE_LISTS.map(([key, title, meaning]) => ({ title, meaning, entries: coverage[key] })).filter((l) => l.entries.length > 0);
  if (lists.length === 0) {
    return `<h2>Coverage</h2><p>Every check was exercised.</p>`;
  }
  return `<h2>Coverage</h2>${lists
    .map(
      ({ title, meaning, entries }) =>
        `<h3>${esc(title)} (${entries.length})</h3><p class="note">${esc(meaning)}</p>` +
        `<table><tr><th>Check</th><th>Severity</th><th>Reason</th></tr>${entries.map((e) => `<tr><td><code>${esc(e.checkId)}</code></td><td>${esc(e.severity)}</td><td>${esc(e.reason)}</td></tr>`).join("")}</table>`,
    )
    .join("\n")}`;
}

/** The exchanges a check failed, erred or warned on: the sequence view shades them. */
function flaggedExchanges(results: readonly CheckResult[]): Set<string> {
  return new Set(results.filter((r) => r.status === "fail" || r.status === "error" || r.status === "warn").flatMap((r) => r.exchange ?? []));
}

/** report.html as one self-contained document: inline CSS and SVG, no script, no external requests. */
export function renderHtml(result: RunResult, meta: ReportMeta): string {
  const { results, exchanges, sut } = result;
  const exIndex = new Map<string, number>(exchanges.map((e, i) => [e.id, i]));
  const groups = groupByCheck(results);
  const opened = firstExchanges(groups);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conformance report: ${esc(sut.subscriberId || "SUT")}</title>
<style>${CSS}</style></head><body>
<h1>Conformance report</h1>
${header(result, meta)}
${fixFirstSection(groups, meta)}
<h2>Summary by category</h2>
${summaryTable(results)}
${checkBlocks(groups, exIndex, meta)}
${coverageSection(result.coverage)}
${allResults(results)}
${skippedList(result.skipped)}
<h2>Sequence of each scenario</h2>
${sequenceSection(result, flaggedExchanges(results))}
<h2>Latency</h2>
${latencyChart(exchanges)}
<h2>Exchanges (${exchanges.length})</h2>
${exchanges.map((e, i) => exchange(e, i, opened.has(e.id))).join("\n")}
</body></html>
`;
}

/** Writes report.html into `dir` (created if needed); returns its path. */
export function writeHtmlReport(result: RunResult, dir: string, meta: ReportMeta): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "report.html");
  writeFileSync(path, renderHtml(result, meta));
  return path;
}
