/** summary.html: one self-contained page (no external requests); every string goes through `esc`. */
import { VERDICTS } from "./html.js";
import { esc } from "./html/text.js";
import type { Summary, SummaryRow } from "./summary.js";

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:16px;color:#1d232a;background:#fff}
h1{font-size:22px;margin:0 0 8px}.note{color:#66707a;font-size:12px}
table{border-collapse:collapse;margin:10px 0}th,td{border:1px solid #d6dbe0;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f3f5f7}
td.n{text-align:right;font-variant-numeric:tabular-nums}.ok{color:#1e6b31;font-weight:700}.bad{color:#9b1c1c;font-weight:700}.err{color:#8a5300;font-weight:700}
`;

/** A link to a file beside the summary, or a dash when there is none. */
function link(path: string | null): string {
  return path === null ? "—" : `<a href="${esc(path)}">${esc(path)}</a>`;
}

/** The participant's report: report.html to read, with report.json beside it; report.json alone when no page was written. */
function reportLinks(r: SummaryRow): string {
  return r.reportHtml === undefined ? link(r.report) : `${link(r.reportHtml)}${r.report === null ? "" : `<br><span class="note">${link(r.report)}</span>`}`;
}

/** Gaps, accepted gaps and checks out of the mode's reach, under the verdict (docs/rules.md "Coverage"). */
function coverageNote(r: SummaryRow): string {
  const c = r.coverage;
  const parts = [
    ...(c && c.gaps.length > 0 ? [`gaps: ${c.gaps.join(", ")}`] : []),
    ...(c && c.accepted.length > 0 ? [`accepted gaps: ${c.accepted.join(", ")}`] : []),
    ...(c && c.notReachable > 0 ? [`${c.notReachable} checks not reachable in this mode`] : []),
  ];
  return parts.map((p) => `<br><span class="note">${esc(p)}</span>`).join("");
}

function row(r: SummaryRow): string {
  const v = r.verdict === "missing" ? { text: "MISSING: no shard judged it", cls: "err" } : VERDICTS[r.verdict];
  const counts = (["pass", "fail", "warn"] as const).map((k) => `<td class="n">${esc(r.counts[k])}</td>`).join("");
  return (
    `<tr><td>${esc(r.name)}</td><td>${esc(r.role)}</td><td>${esc(r.subscriberId)}<br><span class="note">${esc(r.target)}</span></td>` +
    `<td class="${v.cls}">${esc(v.text)}${r.error ? `<br><span class="note">${esc(r.error)}</span>` : ""}${coverageNote(r)}</td>${counts}` +
    `<td>${reportLinks(r)}</td><td>${link(r.certificate)}</td></tr>`
  );
}

export function summaryHtml(summary: Summary): string {
  const overall = summary.exitCode === 0 ? VERDICTS["conformant"] : summary.exitCode === 1 ? VERDICTS["not-conformant"] : VERDICTS["error"];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>p2p-conformance: ${esc(summary.participants.length)} participants</title><style>${CSS}</style></head><body>
<h1>Certification of ${esc(summary.participants.length)} participants: <span class="${esc(overall?.cls ?? "err")}">${esc(overall?.text ?? "")}</span></h1>
<p class="note">${summary.shard ? `Shard ${esc(summary.shard.index)} of ${esc(summary.shard.count)} · ` : ""}Generated ${esc(summary.generatedAt)} · exit code ${esc(summary.exitCode)} · registry ${esc(summary.registryUrl ?? "each run's own")} · ${esc(summary.concurrency)} at once</p>
<table><thead><tr><th>participant</th><th>role</th><th>SUT</th><th>verdict</th><th>pass</th><th>fail</th><th>warn</th><th>report</th><th>certificate</th></tr></thead>
<tbody>
${summary.participants.map(row).join("\n")}
</tbody></table>
</body></html>
`;
}
