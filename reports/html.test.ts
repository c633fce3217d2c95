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
