/**
 * report.html's findings grouped by check (results/check-groups.ts): the checks to fix first, then one
 * block per check with its spread, ref, how to fix it and its findings, the first expanded and the
 * others folded, each linking the evidence of its exchange (#ex-N).
 */
import { fixFirst, spreadOf, type CheckGroup, type CheckNotes, type CheckResult, type Finding, type ProblemStatus } from "../../results/index.js";
import { asText, esc, pre, statusCell } from "./text.js";

/** What the blocks say beyond the results (reports/json.ts `ReportMeta` gives it): each check's fix line, the repository. */
export interface CheckPageNotes {
  readonly checks?: Readonly<Record<string, CheckNotes>>;
  readonly repositoryUrl?: string;
}

/** How many checks the "Fix first" list names at most. */
export const FIX_FIRST_SHOWN = 5;

/** The anchor of a check's block. */
const anchorOf = (checkId: string): string => `check-${checkId.toLowerCase()}`;

const checkLink = (checkId: string): string => `<a href="#${esc(anchorOf(checkId))}"><code>${esc(checkId)}</code></a>`;

const VERB: Readonly<Record<ProblemStatus, string>> = { fail: "failed", error: "could not be judged", warn: "warned" };

/** "Failed on 34 exchanges in 9 scenarios", with the other statuses counted when a check has several. */
function spreadLine(g: CheckGroup): string {
  const mixed = (["fail", "error", "warn"] as const).filter((s) => g.counts[s] > 0);
  const counts = mixed.length > 1 ? ` (${mixed.map((s) => `${g.counts[s]} ${VERB[s]}`).join(", ")})` : "";
  const verb = VERB[g.status];
  return `${verb[0]?.toUpperCase() ?? ""}${verb.slice(1)} on ${spreadOf(g)}${counts}`;
}

/** The check's entry in docs/checks.md of the package's public repository, when it has one. */
function docsLink(checkId: string, repositoryUrl: string | undefined): string {
  if (repositoryUrl === undefined || !/^https?:\/\//i.test(repositoryUrl)) {
    return "";
  }
  const href = `${repositoryUrl.replace(/\/+$/, "")}/blob/HEAD/docs/checks.md#${checkId.toLowerCase()}`;
  return `<br>Docs: <a href="${esc(href)}">docs/checks.md#${esc(checkId.toLowerCase())}</a>`;
}

function findingItem(f: Finding): string {
  const parts = [`<p><strong>${esc(f.checkId)}</strong>: ${esc(f.message)}</p>`];
  if (f.path !== undefined) {
    parts.push(`<p>Path: <code>${esc(asText(f.path))}</code></p>`);
  }
  if ("expected" in f) {
    parts.push(`<p class="note">Expected</p>${pre(asText(f.expected))}`);
  }
  if ("actual" in f) {
    parts.push(`<p class="note">Actual</p>${pre(asText(f.actual))}`);
  }
  return `<li>${parts.join("")}</li>`;
}

/** One row of a check: where it was (scenario / step / exchange, linked to its evidence) and its findings. */
function rowDetails(r: CheckResult, exIndex: ReadonlyMap<string, number>, open: boolean): string {
  const idx = r.exchange === null ? undefined : exIndex.get(r.exchange);
  const exchange =
    r.exchange === null ? "" : ` · exchange ${idx === undefined ? `<code>${esc(r.exchange)}</code>` : `<a href="#ex-${idx}">${esc(r.exchange)}</a>`}`;
  const where = r.scenario === null ? "the run" : `${esc(r.scenario)} / ${esc(r.step ?? "–")}`;
  const findings = r.findings.length ? `<ul>${r.findings.map(findingItem).join("")}</ul>` : `<p class="note">No findings recorded.</p>`;
  return `<details class="finding"${open ? " open" : ""}><summary>${statusCell(r.status)} ${where}${exchange}</summary>${findings}</details>`;
}

/** Which checks `ids` name, as links to their blocks. */
const checkLinks = (ids: readonly string[]): string => ids.map(checkLink).join(", ");

/** How many checks an item of the fix-first list names as what it may explain; its block names them all. */
const MAY_EXPLAIN_LISTED = 8;

const someLinks = (ids: readonly string[]): string =>
  checkLinks(ids.slice(0, MAY_EXPLAIN_LISTED)) + (ids.length > MAY_EXPLAIN_LISTED ? ` and ${ids.length - MAY_EXPLAIN_LISTED} more` : "");

function checkBlock(g: CheckGroup, exIndex: ReadonlyMap<string, number>, meta: CheckPageNotes): string {
  const first = g.firstFinding?.row ?? (g.rows[0] as CheckResult);
  const rest = g.rows.filter((r) => r !== first);
  const fix = meta.checks?.[g.id]?.fix;
  return (
    `<div class="check ${g.status}" id="${esc(anchorOf(g.id))}">` +
    `<h3>${statusCell(g.status)} <code>${esc(g.id)}</code> ${esc(g.title)} <span class="note">(${esc(g.severity)})</span></h3>` +
    `<p class="spread">${esc(spreadLine(g))}</p>` +
    `<p>Ref: ${esc(g.ref)}${fix ? `<br>How to fix: ${esc(fix)}` : ""}${docsLink(g.id, meta.repositoryUrl)}</p>` +
    (g.mayExplain.length ? `<p class="note">May explain: ${checkLinks(g.mayExplain)}</p>` : "") +
    (g.explainedBy.length ? `<p class="note">May follow from: ${checkLinks(g.explainedBy)}</p>` : "") +
    rowDetails(first, exIndex, true) +
    (rest.length
      ? `<details class="more"><summary>${rest.length} more of ${esc(g.id)}</summary>${rest.map((r) => rowDetails(r, exIndex, false)).join("")}</details>`
      : "") +
    `</div>`
  );
}

/** The top of the report: the few checks to fix first, each linking its block. Empty when nothing failed. */
export function fixFirstSection(groups: readonly CheckGroup[], meta: CheckPageNotes): string {
  const top = fixFirst(groups, FIX_FIRST_SHOWN);
  if (top.length === 0) {
    return "";
  }
  const items = top.map((g) => {
    const fix = meta.checks?.[g.id]?.fix;
    return (
      `<li>${checkLink(g.id)} ${esc(g.title)}: ${esc(spreadLine(g).toLowerCase())}` +
      (fix ? `<br><span class="note">How to fix: ${esc(fix)}</span>` : "") +
      (g.mayExplain.length ? `<br><span class="note">May explain: ${someLinks(g.mayExplain)}</span>` : "") +
      `</li>`
    );
  });
  return `<h2>Fix first</h2><ol class="fix-first">${items.join("")}</ol>`;
}

/** One block per failing, erring or warning check, in the groups' order (fail, then error, then warn). */
export function checkBlocks(groups: readonly CheckGroup[], exIndex: ReadonlyMap<string, number>, meta: CheckPageNotes): string {
  const rows = groups.reduce((n, g) => n + g.rows.length, 0);
  const head = `<h2>Failures, errors and warnings (${groups.length} ${groups.length === 1 ? "check" : "checks"}, ${rows} ${rows === 1 ? "result" : "results"})</h2>`;
  return groups.length ? `${head}\n${groups.map((g) => checkBlock(g, exIndex, meta)).join("\n")}` : `${head}<p>None.</p>`;
}

/** The exchanges whose evidence opens with the page: those of each check's first finding. */
export function firstExchanges(groups: readonly CheckGroup[]): ReadonlySet<string> {
  return new Set(groups.map((g) => (g.firstFinding?.row ?? g.rows[0])?.exchange).filter((x): x is string => typeof x === "string"));
}
