import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import type { CheckResult, Exchange, ResultStatus, RunResult } from "../results/index.js";
import { renderJunit, writeJunit, xmlAttr, xmlText } from "./junit.js";
import { writerExchange } from "./testing/exchange.js";

const HOSTILE = `<script>alert("x")</script> ]]> & 'q' \u0000\u0008\u000B\u000C\u001F\uD800 end`;
/** Whether any code point is one XML 1.0 forbids (iteration yields lone surrogates as single code points). */
const hasForbidden = (doc: string): boolean =>
  [...doc].some((ch) => {
    const cp = ch.codePointAt(0) ?? 0;
    return (cp < 0x20 && cp !== 0x9 && cp !== 0xa && cp !== 0xd) || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff;
  });

const exchange = (id: string, step: string, response: Exchange["response"], callbacks: Exchange["callbacks"] = []): Exchange =>
  writerExchange(
    id,
    step,
    { headers: { "content-type": "application/json", authorization: "Signature x" }, rawBody: "{}", body: {}, sentAt: 1_700_000_000_000 },
    response,
    callbacks,
  );

const ack = {
  kind: "response",
  status: 200,
  headers: { "content-type": "application/json" },
  rawBody: '{"message":{"ack":{"status":"ACK"}}}',
  body: {},
  headersMs: 12,
  ms: 15,
} as const;

const result = (id: string, status: ResultStatus, scenario: string | null, over: Partial<CheckResult> = {}): CheckResult => ({
  id,
  status,
  severity: "MUST",
  title: `${id} title`,
  ref: "core 1.1.0",
  scenario,
  step: scenario ? "select" : null,
  exchange: scenario ? "ex-1" : null,
  findings: [],
  ...over,
});

const RUN: RunResult = {
  role: "bpp",
  runId: "run-1",
  startedAt: "2025-05-09T10:00:00.000Z",
  durationMs: 4200,
  exitCode: 1,
  coverage: { gaps: [], accepted: [], notReachable: [], notApplicable: [] },
  skipped: [],
  sut: { url: "https://sut.example/bpp", subscriberId: "sut.example", publicKey: "AAAA", embedded: false },
  results: [
    result("CTX-001", "pass", "happy-path"),
    result("CTX-002", "fail", "happy-path", {
      findings: [{ checkId: "CTX-002", message: HOSTILE, path: "/context/bap_id", expected: "bap.example", actual: HOSTILE }],
    }),
    result("BIZ-003", "warn", "happy-path", { severity: "SHOULD", findings: [{ checkId: "BIZ-003", message: "intent is missing" }] }),
    result("SIG-004", "error", "forgery", { findings: [{ checkId: "SIG-004", message: "could not verify" }] }),
    result("VAC-001", "skip", null, { findings: [{ checkId: "VAC-001", message: "nothing to judge" }] }),
  ],
  exchanges: [
    exchange("ex-1", "select", ack, [
      {
        action: "on_select",
        headers: { authorization: "Signature y" },
        rawBody: HOSTILE,
        body: {},
        atMs: 80,
        receivedAt: 1_700_000_000_080,
        matchedBy: "message_id",
      },
    ]),
    exchange("ex-2", "init", { kind: "failure", failure: "refused", detail: "ECONNREFUSED", connected: false, ms: 3 }),
  ],
};

const xml = renderJunit(RUN);
const attrs = (tag: string): Record<string, string>[] =>
  [...xml.matchAll(new RegExp(`<${tag} ([^>]*?)/?>`, "g"))].map((m) =>
    Object.fromEntries([...(m[1] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
  );
const suite = (name: string): Record<string, string> | undefined => attrs("testsuite").find((s) => s.name === name);

/** A tiny well-formedness check: declaration, balanced elements, only known entities, no stray markup characters. */
function wellFormed(doc: string): boolean {
  const body = doc.replace(/^<\?xml[^>]*\?>\s*/, "");
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([\w-]+)((?:\s+\w+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, close, name, , selfClose] = m;
    if (close) {
      if (stack.pop() !== name) {
        return false;
      }
    } else if (!selfClose && name) {
      stack.push(name);
    }
  }
  const text = body.replace(/<\/?[\w-]+(?:\s+\w+="[^"<]*")*\s*\/?>/g, "");
  return stack.length === 0 && !/[<>]/.test(text) && !/&(?!(?:amp|lt|gt|quot|apos|#\d+);)/.test(body);
}

test("the document is well-formed and holds no character XML 1.0 forbids", () => {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  expect(wellFormed(xml)).toBe(true);
  expect(hasForbidden(xml)).toBe(false);
  expect(hasForbidden(HOSTILE)).toBe(true);
});

test.for(["<a><b></a>", "<a>x & y</a>", "<a>1 < 2</a>", '<a b="1"></b>'])("the well-formedness check rejects %s", (doc) => {
  expect(wellFormed(doc)).toBe(false);
});

test("hostile SUT strings appear only escaped", () => {
  expect(xml).not.toContain("<script>");
  expect(xml).not.toContain("]]>");
  expect(xml).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; ]]&gt; &amp; &apos;q&apos;");
});

test("there is one testcase per result and per exchange", () => {
  expect(xml.match(/<testcase /g)).toHaveLength(RUN.results.length + RUN.exchanges.length);
});

test.for([
  { name: "happy-path", tests: 3, failures: 1, errors: 0, skipped: 0 },
  { name: "forgery", tests: 1, failures: 0, errors: 1, skipped: 0 },
  { name: "run", tests: 1, failures: 0, errors: 0, skipped: 1 },
  { name: "exchanges", tests: 2, failures: 1, errors: 0, skipped: 0 },
])("suite $name counts $tests tests, $failures failures, $errors errors, $skipped skipped", ({ name, ...counts }) => {
  expect(suite(name)).toMatchObject(Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, String(v)])));
});

test("the root counts every testcase", () => {
  expect(attrs("testsuites")[0]).toMatchObject({ tests: "7", failures: "2", errors: "1", skipped: "1", time: "4.200" });
});

test.for([
  {
    status: "fail",
    pattern:
      /<testcase classname="happy-path" name="CTX-002 CTX-002 title \[select\]" time="0\.015">\n\s*<failure message="[^"]*" type="CTX-002">CTX-002: [^<]*path: \/context\/bap_id\n\s*expected: &quot;bap\.example&quot;\n\s*actual: /,
  },
  { status: "error", pattern: /name="SIG-004 SIG-004 title \[select\]"[^>]*>\n\s*<error message="could not verify" type="SIG-004">/ },
  { status: "skip", pattern: /name="VAC-001 VAC-001 title" time="0\.000">\n\s*<skipped message="nothing to judge"\/>/ },
  { status: "warn", pattern: /name="BIZ-003 BIZ-003 title \[select\]"[^>]*>\n\s*<system-out>WARN \(SHOULD\)[^<]*intent is missing<\/system-out>/ },
  { status: "pass", pattern: /name="CTX-001 CTX-001 title \[select\]" time="0\.015"\/>/ },
  { status: "connection failure", pattern: /name="happy-path\/init init"[^>]*>\n\s*<failure message="refused: ECONNREFUSED" type="connection">/ },
  { status: "answered exchange", pattern: /name="happy-path\/select select"[^>]*>\n\s*<system-out>POST https:\/\/sut\.example\/bpp\/select -&gt; 200/ },
])("a $status result renders as its JUnit element", ({ pattern }) => {
  expect(xml).toMatch(pattern);
});

test("an infrastructure error becomes an error testcase in the run suite", () => {
  const doc = renderJunit({ ...RUN, results: [], exchanges: [], exitCode: 2, infrastructureError: "https://sut.example refused the first connection" });
  expect(doc.match(/<testcase /g)).toHaveLength(1);
  expect(doc).toMatch(/<testsuite name="run" tests="1" failures="0" errors="1" skipped="0"/);
});

test("escaping drops forbidden characters and keeps line breaks in attributes as references", () => {
  expect(xmlText("a\u0000b\uFFFE\uDC00c\n\u{1F600}")).toBe("abc\n\u{1F600}");
  expect(xmlAttr("a\nb\tc\"<'&>")).toBe("a&#10;b&#9;c&quot;&lt;&apos;&amp;&gt;");
});

test("writeJunit writes junit.xml and returns its path", () => {
  const dir = mkdtempSync(join(tmpdir(), "junit-"));
  try {
    const path = writeJunit(RUN, join(dir, "out"));
    expect(path).toBe(join(dir, "out", "junit.xml"));
    expect(readFileSync(path, "utf8")).toBe(xml);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("each gap not accepted is an error case of the coverage suite, as it makes the run exit 2; accepted gaps are not", () => {
  const gapped = renderJunit({
    ...RUN,
    exitCode: 2,
    results: [],
    coverage: {
      gaps: [{ checkId: "NEG-001", severity: "MUST", reason: "the run reached --max-time <&>" }],
      accepted: [{ checkId: "FLW-004", severity: "MUST", reason: "accepted" }],
      notReachable: [],
      notApplicable: [],
    },
  });
  expect(gapped).toContain('<testsuite name="coverage" tests="1" failures="0" errors="1"');
  expect(gapped).toContain('name="NEG-001 not exercised (gap)"');
  expect(gapped).toContain("the run reached --max-time &lt;&amp;&gt;");
  expect(gapped).not.toContain("FLW-004");
  expect(wellFormed(gapped)).toBe(true);
});
