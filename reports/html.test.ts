import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckResult, Exchange, RunResult } from "../results/index.js";
import { renderHtml, writeHtmlReport } from "./html.js";
import { MAX_SHOWN } from "./html/text.js";

const XSS = "<script>alert(1)</script>";
const ATTR = `"><img src=x onerror=alert(1)>`;

const result = (id: string, status: CheckResult["status"], extra: Partial<CheckResult> = {}): CheckResult => ({
  id,
  status,
  severity: "MUST",
  title: `title of ${id}`,
  ref: `ref ${id}`,
  scenario: "s1",
  step: "search",
  exchange: "ex-1",
  findings: [],
  ...extra,
});

const exchanges: Exchange[] = [
  {
    id: "ex-1",
    scenario: "s1",
    step: "search",
    action: "search",
    expectation: "callback",
    viaGateway: false,
    ttlMs: 30_000,
    request: {
      url: "http://sut.example/search",
      headers: { authorization: `Signature keyId="${ATTR}"` },
      rawBody: '{"context":{"action":"search"}}',
      body: {},
      sentAt: 1_700_000_000_000,
    },
    response: {
      kind: "response",
      status: 200,
      headers: { "x-sut": XSS },
      rawBody: `{"message":{"ack":{"status":"ACK"}},"note":"${ATTR.replace(/"/g, '\\"')}"}`,
      body: {},
      headersMs: 42,
      ms: 45,
    },
    callbacks: [
      {
        action: "on_search",
        headers: { "x-evil": ATTR },
        rawBody: `{"error":"${XSS}"}`,
        body: {},
        atMs: 350,
        receivedAt: 1_700_000_000_350,
        matchedBy: "message_id",
      },
    ],
  },
  {
    id: "ex-2",
    scenario: "s1",
    step: "select",
    action: "select",
    expectation: "callback",
    viaGateway: false,
    ttlMs: 30_000,
    request: { url: "http://sut.example/select", headers: {}, rawBody: "x".repeat(MAX_SHOWN + 10), body: {}, sentAt: 1_700_000_001_000 },
    response: { kind: "failure", failure: "refused", detail: `ECONNREFUSED ${XSS}`, connected: false, ms: 3 },
    callbacks: [],
  },
];

const run: RunResult = {
  role: "bpp",
  runId: "run-123",
  startedAt: "2025-01-01T00:00:00.000Z",
  durationMs: 4321,
  exitCode: 1,
  coverage: {
    gaps: [{ checkId: "NEG-001", severity: "MUST", reason: `never ran ${XSS}` }],
    accepted: [{ checkId: "FLW-004", severity: "MUST", reason: "the run reached --max-time" }],
    notReachable: [],
    notApplicable: [{ checkId: "GW-011", severity: "MUST", reason: ATTR }],
  },
  sut: { url: "http://sut.example", subscriberId: XSS, publicKey: ATTR, embedded: false },
  results: [
    result("SCH-001", "pass"),
    result("SIG-002", "fail", { findings: [{ checkId: "SIG-002", message: "bad signature", path: "headers.authorization", expected: "valid", actual: ATTR }] }),
    result("TIM-003", "warn", { severity: "SHOULD", findings: [{ checkId: "TIM-003", message: "slow", actual: 350 }] }),
    result("RUN-001", "error", { exchange: "ex-2", findings: [{ checkId: "RUN-001", message: `connection refused: ${XSS}` }] }),
    result("BIZ-004", "skip"),
  ],
  exchanges,
  skipped: [{ scenario: "s1", step: "init", reason: "select failed" }],
};

const meta = { profile: "p2p-trade-guide-v1", tool: "p2p-energy-conformance" };

describe("renderHtml", () => {
  const html = renderHtml(run, meta);

  it("shows the verdict, the identity and the failing checks", () => {
    expect(html).toContain("Not conformant");
    expect(html).toContain("run-123");
    for (const id of ["SIG-002", "TIM-003", "RUN-001"]) {
      expect(html).toContain(id);
    }
    expect(html).toContain("bad signature");
    expect(html).toContain("ECONNREFUSED");
    expect(html).toContain("on_search");
  });

  it("escapes everything that came from the SUT", () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  });

  it("makes no external requests", () => {
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?\s*https?:\/\//i);
    expect(html).not.toContain("@import");
    expect(html).not.toContain("url(");
  });

  it("is one document with an inline SVG chart, pretty-printed bodies and capped large ones", () => {
    expect(html.match(/<!doctype html>/gi)).toHaveLength(1);
    expect(html).toContain("<svg");
    expect(html).toContain("&quot;context&quot;: {\n");
    expect(html).toContain(`Shown: the first ${MAX_SHOWN} of ${MAX_SHOWN + 10} characters.`);
    expect(html).not.toContain("x".repeat(MAX_SHOWN + 1));
  });

  it("lists the coverage: gaps, accepted gaps and not applicable checks, with their reasons", () => {
    expect(html).toContain("Gaps: not exercised, not accepted (1)");
    expect(html).toContain("<code>NEG-001</code>");
    expect(html).toContain("Accepted gaps (1)");
    expect(html).toContain("<code>FLW-004</code>");
    expect(html).toContain("Not applicable (1)");
    expect(html).not.toContain("Not reachable in this mode");
    const full = renderHtml(
      { ...run, coverage: { gaps: [], accepted: [], notReachable: [], notApplicable: [] } },
      { profile: "p2p-trade-guide-v1", tool: "t" },
    );
    expect(full).toContain("Every check was exercised.");
  });

  it("says when the harness could not judge", () => {
    const errored = renderHtml(
      { ...run, results: [], exchanges: [], exitCode: 2, infrastructureError: `refused ${XSS}` },
      { profile: "core-1.1.0", tool: "t" },
    );
    expect(errored).toContain("Could not judge");
    const dropped = renderHtml({ ...run, exitCode: 2, evidenceDropped: `the receiver dropped 3 callbacks ${XSS}` }, { profile: "core-1.1.0", tool: "t" });
    expect(dropped).toContain("<strong>Evidence dropped:</strong> the receiver dropped 3 callbacks &lt;script&gt;");
    expect(errored).not.toMatch(/<script/i);
  });
});

describe("the summary by category", () => {
  it("shows the categories the results have, in catalogue order, GW and REG included", () => {
    const gateway = renderHtml(
      { ...run, role: "gateway", results: [result("RUN-001", "pass"), result("GW-004", "fail"), result("GW-001", "pass")] },
      { profile: "p2p-trade-guide-v1", tool: "t" },
    );
    const rows = [...gateway.matchAll(/<tr><th>([A-Z]+)<\/th><td class="n/g)].map((m) => m[1]);
    expect(rows).toEqual(["GW", "RUN"]);
  });
});

describe("writeHtmlReport", () => {
  it("writes report.html", () => {
    const dir = mkdtempSync(join(tmpdir(), "html-report-"));
    try {
      const path = writeHtmlReport(run, dir, meta);
      expect(path).toBe(join(dir, "report.html"));
      expect(readFileSync(path, "utf8")).toBe(renderHtml(run, meta));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("findings grouped by check", () => {
  /** 34 exchanges over 9 scenarios, each failing CTX-003 with a hostile actual value; one SIG-003 fail on ex-0 and 2. */
  const many: Exchange[] = Array.from({ length: 34 }, (_, i) => ({
    ...(exchanges[0] as Exchange),
    id: `ex-${i}`,
    scenario: `scenario-${i % 9}`,
    step: `step-${i}`,
  }));
  const ctx003 = many.map((e) =>
    result("CTX-003", "fail", {
      scenario: e.scenario,
      step: e.step,
      exchange: e.id,
      findings: [{ checkId: "CTX-003", message: `message_id must echo the request (${e.id})`, actual: XSS }],
    }),
  );
  const systematic: RunResult = {
    ...run,
    exchanges: many,
    results: [
      ...ctx003,
      result("SIG-003", "fail", { exchange: "ex-0", scenario: "scenario-0", findings: [{ checkId: "SIG-003", message: "no verify" }] }),
      result("BIZ-001", "fail", { exchange: "ex-0", scenario: "scenario-0", findings: [{ checkId: "BIZ-001", message: `quote ${ATTR}` }] }),
      result("SCH-002", "warn", { severity: "SHOULD", exchange: "ex-5", scenario: "scenario-5" }),
    ],
  };
  const withNotes = {
    ...meta,
    checks: { "CTX-003": { fix: `Echo the request's message_id ${XSS}` } },
    repositoryUrl: "https://github.com/example/p2p-energy-conformance",
  };
  const html = renderHtml(systematic, withNotes);
  const blockOf = (page: string, id: string): string => {
    const start = page.indexOf(`<div class="check `, page.indexOf(`id="check-${id.toLowerCase()}"`) - 40);
    return page.slice(start, page.indexOf("</div>", start));
  };

  it("renders 34 findings of one check as one block with its count, the first expanded and the rest folded", () => {
    expect(html.match(/<div class="check [a-z]+" id="check-ctx-003">/g)).toHaveLength(1);
    const block = blockOf(html, "CTX-003");
    expect(block).toContain(`<p class="spread">Failed on 34 exchanges in 9 scenarios</p>`);
    expect(block.match(/<details class="finding" open>/g)).toHaveLength(1);
    expect(block.match(/<details class="finding">/g)).toHaveLength(33);
    expect(block).toContain(`<details class="more"><summary>33 more of CTX-003</summary>`);
    // The expanded one is the first finding; every folded one names its scenario, step and exchange, linked to its evidence.
    expect(block).toMatch(
      /<details class="finding" open><summary><span class="s-fail">fail<\/span> scenario-0 \/ step-0 · exchange <a href="#ex-0">ex-0<\/a><\/summary>/,
    );
    expect(block).toContain(`<summary><span class="s-fail">fail</span> scenario-7 / step-16 · exchange <a href="#ex-16">ex-16</a></summary>`);
    expect(html.match(/message_id must echo the request/g)).toHaveLength(34);
    expect(html).toContain("Failures, errors and warnings (4 checks, 37 results)");
  });

  it("shows the ref, how to fix and the docs link inline, and escapes every string", () => {
    const block = blockOf(html, "CTX-003");
    expect(block).toContain("Ref: ref CTX-003<br>How to fix: Echo the request&#39;s message_id &lt;script&gt;");
    expect(block).toContain(`<a href="https://github.com/example/p2p-energy-conformance/blob/HEAD/docs/checks.md#ctx-003">docs/checks.md#ctx-003</a>`);
    expect(html).not.toMatch(/<script|<img/i);
    expect(blockOf(html, "BIZ-001")).toContain("quote &quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    // Without notes or a repository, the block says neither.
    const bare = blockOf(renderHtml(systematic, meta), "CTX-003");
    expect(bare).not.toContain("How to fix");
    expect(bare).not.toContain("docs/checks.md");
    expect(blockOf(renderHtml(systematic, { ...meta, repositoryUrl: "javascript:alert(1)" }), "CTX-003")).not.toContain("docs/checks.md");
  });

  it("lists the checks to fix first at the top, linked to their blocks, the root cause with what it may explain", () => {
    const top = html.slice(html.indexOf("<h2>Fix first</h2>"), html.indexOf("<h2>Summary by category</h2>"));
    const listed = [...top.matchAll(/<li><a href="#check-([a-z0-9-]+)"><code>([A-Z0-9-]+)<\/code><\/a>/g)].map((m) => [m[1], m[2]]);
    expect(listed).toEqual([
      ["ctx-003", "CTX-003"],
      ["sig-003", "SIG-003"],
    ]);
    expect(top).toContain("failed on 34 exchanges in 9 scenarios");
    // SIG-003 and CTX-003 failed on ex-0, where BIZ-001 failed too: either may explain BIZ-001, which is then not listed.
    expect(top).toContain(`May explain: <a href="#check-biz-001"><code>BIZ-001</code></a>`);
    expect(blockOf(html, "BIZ-001")).toContain(
      `May follow from: <a href="#check-ctx-003"><code>CTX-003</code></a>, <a href="#check-sig-003"><code>SIG-003</code></a>`,
    );
    expect(blockOf(html, "SCH-002")).not.toContain("May follow from");
    expect(html.indexOf('id="check-ctx-003"')).toBeLessThan(html.indexOf('id="check-sig-003"'));
    expect(html.indexOf('id="check-biz-001"')).toBeLessThan(html.indexOf('id="check-sch-002"'));
    expect(renderHtml({ ...run, results: [result("SCH-001", "pass"), result("SCH-002", "warn")] }, meta)).not.toContain("Fix first");
  });

  it("names at most eight checks a root cause may explain in the fix-first list, and all of them in its block", () => {
    const hidden = Array.from({ length: 10 }, (_, i) => result(`BIZ-${String(i + 1).padStart(3, "0")}`, "fail", { exchange: "ex-0" }));
    const page = renderHtml({ ...systematic, results: [result("SIG-003", "fail", { exchange: "ex-0" }), ...hidden] }, meta);
    const top = page.slice(page.indexOf("<h2>Fix first</h2>"), page.indexOf("<h2>Summary by category</h2>"));
    expect(top.match(/href="#check-biz-/g)).toHaveLength(8);
    expect(top).toContain(`<a href="#check-biz-008"><code>BIZ-008</code></a> and 2 more</span>`);
    expect(blockOf(page, "SIG-003").match(/href="#check-biz-/g)).toHaveLength(10);
  });

  it("opens the evidence of each check's first finding only", () => {
    const opened = [...html.matchAll(/<details class="ex" id="(ex-\d+)" open>/g)].map((m) => m[1]);
    expect(opened).toEqual(["ex-0", "ex-5"]);
  });
});
