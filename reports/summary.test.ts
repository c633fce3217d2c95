import { describe, expect, test } from "vitest";
import { buildSummary, summaryExitCode, type SummaryRow } from "./summary.js";
import { summaryHtml } from "./summary-html.js";

const zero = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
const fixtures = {
  pass: {
    name: "acme",
    role: "bpp",
    target: "http://127.0.0.1:3000",
    subscriberId: "bpp.acme",
    verdict: "conformant",
    exitCode: 0,
    counts: { ...zero, pass: 70 },
    report: "acme/report.json",
    certificate: "acme/certificate.json",
  },
  fail: {
    name: "sunny",
    role: "bpp",
    target: "http://127.0.0.1:3001",
    subscriberId: "bpp.sunny",
    verdict: "not-conformant",
    exitCode: 1,
    counts: { ...zero, pass: 60, fail: 3 },
    report: "sunny/report.json",
    certificate: null,
  },
  error: {
    name: "gone",
    role: "bpp",
    target: "http://127.0.0.1:9",
    subscriberId: "bpp.gone",
    verdict: "error",
    exitCode: 2,
    counts: zero,
    report: null,
    certificate: null,
    error: "refused the first connection",
  },
  hostile: {
    name: "x",
    role: "bpp",
    target: 'http://127.0.0.1:3000/"><script>alert(1)</script>',
    subscriberId: "<img src=x onerror=alert(2)>",
    verdict: "error",
    exitCode: 2,
    counts: zero,
    report: 'x/report.json"><script>',
    certificate: null,
    error: "<script>alert(3)</script>",
  },
  gaps: {
    name: "late",
    role: "bpp",
    target: "http://127.0.0.1:3002",
    subscriberId: "bpp.late",
    verdict: "error",
    exitCode: 2,
    counts: { ...zero, pass: 50, skip: 2 },
    report: "late/report.json",
    certificate: null,
    coverage: { gaps: ["NEG-001", "FLW-004"], accepted: ["TIM-006"], notReachable: 0 },
  },
} satisfies Record<string, SummaryRow>;

describe("summary", () => {
  test.for([
    [[fixtures.pass], 0],
    [[fixtures.pass, fixtures.error], 2],
    [[fixtures.error, fixtures.fail, fixtures.pass], 1],
  ] as const)("exits %# as any fail → 1, else any error → 2, else 0", ([rows, code]) => {
    expect(summaryExitCode(rows)).toBe(code);
    expect(buildSummary(rows, { registryUrl: null, concurrency: 2 }).exitCode).toBe(code);
  });

  test("summary.html links each participant's report.html, with its report.json beside it", () => {
    const withPage = { ...fixtures.fail, reportHtml: "sunny/report.html" };
    const html = summaryHtml(buildSummary([withPage, fixtures.pass, { ...fixtures.hostile, reportHtml: "x/<b>.html" }], { registryUrl: null, concurrency: 2 }));
    expect(html).toContain(
      `<td><a href="sunny/report.html">sunny/report.html</a><br><span class="note"><a href="sunny/report.json">sunny/report.json</a></span></td>`,
    );
    // A run that wrote no report.html (--reporter json) keeps its report.json link.
    expect(html).toContain(`<td><a href="acme/report.json">acme/report.json</a></td>`);
    expect(html).toContain(`<a href="x/&lt;b&gt;.html">`);
  });

  test("summary.html names each participant's gaps and accepted gaps under its verdict", () => {
    const html = summaryHtml(buildSummary([fixtures.gaps, fixtures.pass], { registryUrl: null, concurrency: 2 }));
    expect(html).toContain('<span class="note">gaps: NEG-001, FLW-004</span>');
    expect(html).toContain('<span class="note">accepted gaps: TIM-006</span>');
    expect(html).not.toContain("not reachable");
  });

  test("summary.html writes every SUT string as escaped text and requests nothing", () => {
    const html = summaryHtml(buildSummary([fixtures.pass, fixtures.hostile], { registryUrl: "http://127.0.0.1:7300", concurrency: 2 }));
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain("&lt;img src=x onerror=alert(2)&gt;");
    expect(html).toContain("&lt;script&gt;alert(3)&lt;/script&gt;");
    expect(html).toContain('<a href="x/report.json&quot;&gt;&lt;script&gt;">');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toMatch(
      /<td>acme<\/td><td>bpp<\/td>.*Conformant.*<td class="n">70<\/td><td class="n">0<\/td><td class="n">0<\/td><td><a href="acme\/report.json">/,
    );
  });
});
