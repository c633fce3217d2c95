import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import type { Difference } from "../results/index.js";
import { buildComparison, comparisonHtml, differenceLine, writeComparison, type ComparedRun } from "./comparison.js";

const dir = mkdtempSync(join(tmpdir(), "p2pc-comparison-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const zero = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
const fixtures = {
  a: {
    name: "a",
    target: "http://127.0.0.1:4101",
    subscriberId: "bpp.one.example",
    runId: "run-a",
    exitCode: 0,
    verdict: "conformant",
    counts: { ...zero, pass: 70 },
    exchanges: 58,
    report: "a/report.json",
    reportHtml: "a/report.html",
  },
  b: {
    name: "b",
    target: "http://127.0.0.1:4202",
    subscriberId: "bpp.<b>two</b>.example",
    runId: "run-b",
    exitCode: 1,
    verdict: "not-conformant",
    counts: { ...zero, pass: 69, fail: 1 },
    exchanges: 58,
    report: "b/report.json",
    reportHtml: null,
  },
  statusDifference: {
    kind: "check-status",
    scenario: "happy-path",
    step: "select",
    check: "BIZ-001",
    a: { exchange: "ea", value: "pass" },
    b: { exchange: "eb", value: "fail", findings: [{ checkId: "BIZ-001", message: "The quote is <script>alert(1)</script> off." }] },
  },
  valueDifference: {
    kind: "value",
    scenario: "happy-path",
    step: "select",
    part: "on_select",
    path: "$.message.order.quote.price.value",
    a: { exchange: "ea", value: ['"25"'] },
    b: { exchange: "eb", value: ['"<img src=x onerror=alert(1)>"'] },
  },
  runLevel: { kind: "check-status", scenario: null, step: null, check: "RUN-002", a: { exchange: null, value: "pass" }, b: { exchange: null, value: null } },
} satisfies Record<string, ComparedRun | Difference>;

const DIFFERENCES: readonly Difference[] = [fixtures.statusDifference, fixtures.valueDifference, fixtures.runLevel];
const NOW = new Date("2026-12-05T12:00:00.000Z");

describe("comparison.json", () => {
  test("holds both runs, the worse exit code, no certificate, the counts by kind and every difference", () => {
    const [json] = writeComparison(dir, buildComparison(fixtures.a, fixtures.b, DIFFERENCES, { values: true, now: NOW }));
    const written = JSON.parse(readFileSync(json, "utf8")) as Record<string, unknown>;
    expect(written).toEqual({
      version: "1.0.0",
      generatedAt: "2026-12-05T12:00:00.000Z",
      exitCode: 1,
      certificate: null,
      values: true,
      a: fixtures.a,
      b: fixtures.b,
      counts: { exchange: 0, ack: 0, "error-code": 0, callbacks: 0, timing: 0, "check-status": 2, paths: 0, "enum-value": 0, value: 1 },
      differences: DIFFERENCES,
    });
  });
});

describe("a difference in one line", () => {
  test.for([
    { difference: fixtures.statusDifference, line: "check-status happy-path/select BIZ-001: a pass, b fail" },
    {
      difference: fixtures.valueDifference,
      line: 'value happy-path/select on_select $.message.order.quote.price.value: a ["\\"25\\""], b ["\\"<img src=x onerror=alert(1)>\\""]',
    },
    { difference: fixtures.runLevel, line: "check-status run RUN-002: a pass, b (none)" },
  ] satisfies { difference: Difference; line: string }[])("$line", ({ difference, line }) => {
    expect(differenceLine(difference)).toBe(line);
  });
});

describe("comparison.html", () => {
  const html = comparisonHtml(buildComparison(fixtures.a, fixtures.b, DIFFERENCES, { values: false, now: NOW }));

  test("escapes every string from the SUTs: ids, values, findings", () => {
    expect(html).not.toMatch(/<script>|<img|<b>two/);
    expect(html).toContain("bpp.&lt;b&gt;two&lt;/b&gt;.example");
    expect(html).toContain("The quote is &lt;script&gt;alert(1)&lt;/script&gt; off.");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  test("says the verdict, that no certificate is issued, and links the run that has a page", () => {
    expect(html).toContain("3 differences");
    expect(html).toContain("no certificate for a comparison");
    expect(html).toContain('<a href="a/report.html">a/report.html</a>');
    expect(html).toContain('<a href="b/report.json">b/report.json</a>');
    expect(html).toMatch(/<span class="bad">Not conformant<\/span>/);
  });

  test("says so when the two differ in nothing", () => {
    const none = comparisonHtml(buildComparison(fixtures.a, { ...fixtures.b, exitCode: 0, verdict: "conformant" }, [], { values: true, now: NOW }));
    expect(none).toContain("None: the two BPPs answered every scenario alike.");
    expect(none).toMatch(/0 differences · <span class="ok">Conformant<\/span>/);
  });
});
