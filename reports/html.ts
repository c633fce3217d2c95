import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { latencyChart } from "./html/chart.js";
import { arr, asText, esc, headersText, ms, num, obj, pre, prettyBody, str } from "./html/text.js";
import type { buildReport } from "./json.js";

type Report = ReturnType<typeof buildReport>;

const STATUSES = ["pass", "fail", "warn", "error", "skip"] as const;
/** The check categories in catalogue order; a report shows those its results have. */
const CATEGORIES = ["SCH", "SIG", "AUT", "CTX", "ACK", "TIM", "BIZ", "FLW", "NEG", "GW", "REG", "RUN"] as const;
export const VERDICTS: Readonly<Record<string, { text: string; cls: string }>> = {
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
.chart text{font:11px system-ui,sans-serif;fill:#1d232a}.chart text.none{fill:#99a1a9}.chart text.label{font-weight:600}
code{background:#f3f5f7;padding:0 3px;border-radius:3px}
@media print{details.ex{break-inside:avoid}pre.code{max-height:none}}
`;

function statusCell(status: string): string {
  const cls = (STATUSES as readonly string[]).includes(status) ? ` class="s-${status}"` : "";
  return `<span${cls}>${esc(status)}</span>`;
}

function header(run: Record<string, unknown>, sut: Record<string, unknown>): string {
  const v = VERDICTS[str(run["verdict"])] ?? { text: `Unknown verdict: ${str(run["verdict"], "(none)")}`, cls: "err" };
  const infra = str(run["infrastructureError"]);
  const rows: [string, string][] = [
    ["Subscriber id", str(sut["subscriberId"])],
    ["Public key", str(sut["publicKey"])],
    ["Unique key id", str(sut["uniqueKeyId"], "–")],
    ["URL", str(sut["url"], str(run["target"]))],
    ["Embedded (mock)", sut["embedded"] === true ? "yes" : "no"],
    ["Role", str(run["role"])],
    ["Profile", str(run["profile"])],
    ["Run id", str(run["id"])],
    ["Started", str(run["startedAt"])],
    ["Duration", ms(num(run["durationMs"]))],
    ["Exit code", String(num(run["exitCode"]) ?? "–")],
    ["Tool", str(run["tool"], "–")],
  ];
  const table = rows.map(([k, val]) => `<tr><th>${esc(k)}</th><td><code>${esc(val)}</code></td></tr>`).join("");
  return `<div class="verdict ${v.cls}">${esc(v.text)}</div>` +
    (infra ? `<p><strong>Could not judge:</strong> ${esc(infra)}</p>` : "") +
    `<table>${table}</table>`;
}

function summaryTable(results: readonly Record<string, unknown>[]): string {
  const counts = new Map<string, Record<string, number>>();
  const rank = (prefix: string): number => {
    const i = (CATEGORIES as readonly string[]).indexOf(prefix);
    return i < 0 ? CATEGORIES.length : i;
  };
  for (const r of [...results].sort((a, b) => rank(str(a["id"]).split("-")[0] ?? "") - rank(str(b["id"]).split("-")[0] ?? ""))) {
    const prefix = str(r["id"]).split("-")[0] ?? "";
    const row = counts.get(prefix) ?? { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
    const status = str(r["status"]);
    row[status] = (row[status] ?? 0) + 1;
    counts.set(prefix, row);
  }
  const total: Record<string, number> = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  const body = [...counts].map(([prefix, row]) => {
    const cells = STATUSES.map((s) => {
      const n = row[s] ?? 0;
      total[s] = (total[s] ?? 0) + n;
      return `<td class="n${n > 0 && s !== "pass" && s !== "skip" ? ` s-${s}` : ""}">${n}</td>`;
    }).join("");
    return `<tr><th>${esc(prefix || "(none)")}</th>${cells}</tr>`;
  }).join("");
  const foot = `<tr><th>All</th>${STATUSES.map((s) => `<td class="n">${total[s] ?? 0}</td>`).join("")}</tr>`;
  return `<table><tr><th>Category</th>${STATUSES.map((s) => `<th>${s}</th>`).join("")}</tr>${body}${foot}</table>`;
}

function finding(f: unknown): string {
  const o = obj(f) ?? {};
  const parts = [`<p><strong>${esc(str(o["checkId"]))}</strong>: ${esc(str(o["message"]))}</p>`];
  if (o["path"] !== undefined) {
    parts.push(`<p>Path: <code>${esc(asText(o["path"]))}</code></p>`);
  }
  if ("expected" in o) {
    parts.push(`<p class="note">Expected</p>${pre(asText(o["expected"]))}`);
  }
  if ("actual" in o) {
    parts.push(`<p class="note">Actual</p>${pre(asText(o["actual"]))}`);
  }
  return `<li>${parts.join("")}</li>`;
}

function problem(r: Record<string, unknown>, exIndex: ReadonlyMap<string, number>): string {
  const status = str(r["status"]);
  const exId = typeof r["exchange"] === "string" ? r["exchange"] : undefined;
  const idx = exId === undefined ? undefined : exIndex.get(exId);
  const exLink = idx === undefined ? esc(exId ?? "–") : `<a href="#ex-${idx}">${esc(exId)}</a>`;
  const findings = arr(r["findings"]);
  return `<div class="check ${status === "warn" || status === "error" ? status : "fail"}">` +
    `<h3>${statusCell(status)} <code>${esc(str(r["id"]))}</code> ${esc(str(r["title"]))} <span class="note">(${esc(str(r["severity"]))})</span></h3>` +
    `<p>Ref: ${esc(str(r["ref"]))}<br>Scenario: ${esc(str(r["scenario"], "–"))} · step: ${esc(str(r["step"], "–"))} · exchange: ${exLink}</p>` +
    (findings.length ? `<ul>${findings.map(finding).join("")}</ul>` : `<p class="note">No findings recorded.</p>`) +
    `</div>`;
}

function allResults(results: readonly Record<string, unknown>[]): string {
  const rows = results.map((r) =>
    `<tr><td><code>${esc(str(r["id"]))}</code></td><td>${statusCell(str(r["status"]))}</td><td>${esc(str(r["severity"]))}</td>` +
    `<td>${esc(str(r["title"]))}</td><td>${esc(str(r["scenario"], "–"))} / ${esc(str(r["step"], "–"))}</td></tr>`).join("");
  return `<details><summary>All ${results.length} results</summary><table><tr><th>Id</th><th>Status</th><th>Severity</th><th>Title</th><th>Scenario / step</th></tr>${rows}</table></details>`;
}

function responseSection(response: Record<string, unknown> | undefined): string {
  if (!response) {
    return `<p class="note">No response recorded.</p>`;
  }
  if (response["kind"] === "failure") {
    return `<p><strong>Connection failure:</strong> ${esc(str(response["failure"]))} (connected: ${response["connected"] === true ? "yes" : "no"}, after ${esc(ms(num(response["ms"])))})</p>${pre(str(response["detail"]))}`;
  }
  return `<p>Status <strong>${esc(String(num(response["status"]) ?? "?"))}</strong> · headers after ${esc(ms(num(response["headersMs"])))} · complete after ${esc(ms(num(response["ms"])))}</p>` +
    `<p class="note">Headers</p>${pre(headersText(response["headers"]))}<p class="note">Body</p>${pre(prettyBody(str(response["rawBody"])))}`;
}

function callback(c: unknown, i: number): string {
  const o = obj(c) ?? {};
  return `<h3>Callback ${i + 1}: ${esc(str(o["action"]))}</h3>` +
    `<p>At ${esc(ms(num(o["atMs"])))} after sending · matched by ${esc(str(o["matchedBy"]))}${obj(o["receivedBy"]) ? ` · received by ${esc(str(obj(o["receivedBy"])?.["subscriberId"]))}` : ""}</p>` +
    `<p class="note">Headers</p>${pre(headersText(o["headers"]))}<p class="note">Body</p>${pre(prettyBody(str(o["rawBody"])))}`;
}

function exchange(e: Record<string, unknown>, i: number, open: boolean): string {
  const request = obj(e["request"]) ?? {};
  const response = obj(e["response"]);
  const probe = obj(e["probe"]);
  const callbacks = arr(e["callbacks"]);
  const sentAt = num(request["sentAt"]);
  const meta = [
    `expectation: ${str(e["expectation"], "–")}`,
    probe ? `probe: ${str(probe["kind"])} ${str(probe["name"])} (${str(probe["severity"])})` : "",
    e["expectedErrorCode"] !== undefined ? `expected error code: ${asText(e["expectedErrorCode"])}` : "",
    `via gateway: ${e["viaGateway"] === true ? "yes" : "no"}`,
    `ttl: ${ms(num(e["ttlMs"]))}`,
    num(e["quietWindowMs"]) !== undefined ? `quiet window: ${ms(num(e["quietWindowMs"]))}` : "",
    sentAt !== undefined ? `sent: ${new Date(sentAt).toISOString()}` : "",
  ].filter(Boolean).join(" · ");
  return `<details class="ex" id="ex-${i}"${open ? " open" : ""}><summary>${esc(str(e["action"]))} · ${esc(str(e["scenario"]))} / ${esc(str(e["step"]))} · <code>${esc(str(e["id"]))}</code></summary>` +
    `<p class="note">${esc(meta)}</p>` +
    `<h3>Request</h3><p>POST <code>${esc(str(request["url"]))}</code></p><p class="note">Headers</p>${pre(headersText(request["headers"]))}<p class="note">Body</p>${pre(prettyBody(str(request["rawBody"])))}` +
    `<h3>Response</h3>${responseSection(response)}` +
    `<h3>Callbacks (${callbacks.length})</h3>${callbacks.length ? callbacks.map(callback).join("") : `<p class="note">None received.</p>`}` +
    `</details>`;
}

function skippedList(skipped: readonly unknown[]): string {
  if (skipped.length === 0) {
    return "";
  }
  const rows = skipped.map((s) => {
    const o = obj(s) ?? {};
    return `<tr><td>${esc(str(o["scenario"]))}</td><td>${esc(str(o["step"]))}</td><td>${esc(str(o["reason"]))}</td></tr>`;
  }).join("");
  return `<h2>Skipped steps</h2><table><tr><th>Scenario</th><th>Step</th><th>Reason</th></tr>${rows}</table>`;
}

/** The coverage lists of report.json (docs/rules.md "Coverage"), each with what it means for the verdict. */
const COVERAGE_LISTS = [
  ["gaps", "Gaps: not exercised, not accepted", "No step that provokes these checks ran or got an answer, for a reason that is not the SUT's fault. The run cannot be conformant (exit 2) until they run, or the operator accepts them with --allow-unexercised."],
  ["accepted", "Accepted gaps", "Not exercised; the operator accepted them with --allow-unexercised. A certificate names each of them."],
  ["notReachable", "Not reachable in this mode", "The run's mode cannot provoke these checks. They are not gaps; a run with a MUST among them earns no certificate."],
  ["notApplicable", "Not applicable", "The SUT took an option the specification allows, so these checks had nothing to judge."],
] as const;

function coverageSection(coverage: Record<string, unknown> | undefined): string {
  const lists = COVERAGE_LISTS.map(([key, title, meaning]) => ({ title, meaning, entries: arr(coverage?.[key]).map((e) => obj(e) ?? {}) })).filter((l) => l.entries.length > 0);
  if (lists.length === 0) {
    return `<h2>Coverage</h2><p>Every check was exercised.</p>`;
  }
  return `<h2>Coverage</h2>${lists.map(({ title, meaning, entries }) =>
    `<h3>${esc(title)} (${entries.length})</h3><p class="note">${esc(meaning)}</p>` +
    `<table><tr><th>Check</th><th>Severity</th><th>Reason</th></tr>${entries.map((e) => `<tr><td><code>${esc(str(e["checkId"]))}</code></td><td>${esc(str(e["severity"], "–"))}</td><td>${esc(str(e["reason"]))}</td></tr>`).join("")}</table>`).join("\n")}`;
}

/** report.html as one self-contained document: inline CSS and SVG, no script, no external requests. */
export function renderHtml(report: Report): string {
  const run = obj(report["run"]) ?? {};
  const sut = obj(report["sut"]) ?? {};
  const results = arr(report["results"]).map((r) => obj(r) ?? {});
  const exchanges = arr(report["exchanges"]).map((e) => obj(e) ?? {});
  const exIndex = new Map<string, number>(exchanges.map((e, i) => [str(e["id"]), i]));
  const problems = results.filter((r) => r["status"] === "fail" || r["status"] === "error" || r["status"] === "warn");
  const order: Record<string, number> = { fail: 0, error: 1, warn: 2 };
  problems.sort((a, b) => (order[str(a["status"])] ?? 3) - (order[str(b["status"])] ?? 3));
  const flagged = new Set(problems.map((r) => r["exchange"]).filter((x): x is string => typeof x === "string"));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conformance report: ${esc(str(sut["subscriberId"], "SUT"))}</title>
<style>${CSS}</style></head><body>
<h1>Conformance report</h1>
${header(run, sut)}
<h2>Summary by category</h2>
${summaryTable(results)}
<h2>Failures, errors and warnings (${problems.length})</h2>
${problems.length ? problems.map((r) => problem(r, exIndex)).join("\n") : `<p>None.</p>`}
${coverageSection(obj(report["coverage"]))}
${allResults(results)}
${skippedList(arr(report["skipped"]))}
<h2>Latency</h2>
${latencyChart(exchanges)}
<h2>Exchanges (${exchanges.length})</h2>
${exchanges.map((e, i) => exchange(e, i, flagged.has(str(e["id"])))).join("\n")}
</body></html>
`;
}

/** Writes report.html into `dir` (created if needed); returns its path. */
export function writeHtmlReport(dir: string, report: Report): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "report.html");
  writeFileSync(path, renderHtml(report));
  return path;
}
