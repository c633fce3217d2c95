import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CheckResult, Exchange, Finding, RunResult } from "../results/index.js";

/**
 * junit.xml for CI viewers (GitLab, GitHub test reporters, Jenkins): one <testsuite> per scenario
 * (run-level results in `run`), one <testcase> per check result, and one per exchange in `exchanges`.
 * Every string may come from the SUT: all of it is escaped, and characters XML 1.0 forbids are dropped.
 */

/** Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE, U+FFFF). */
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/** Escapes text content (tabs and line breaks kept as they are). */
export function xmlText(value: string): string {
  return value.replace(FORBIDDEN, "").replace(/[&<>"']|\r/g, (c) => ENTITIES[c] ?? "");
}

/** Escapes an attribute value (tabs and line breaks as character references, so they survive normalisation). */
export function xmlAttr(value: string): string {
  return value.replace(FORBIDDEN, "").replace(/[&<>"'\t\n\r]/g, (c) => ENTITIES[c] ?? "");
}

interface Outcome {
  readonly kind: "failure" | "error" | "skipped";
  readonly message: string;
  readonly type: string;
  readonly text: string;
}

interface TestCase {
  readonly classname: string;
  readonly name: string;
  readonly seconds: number;
  readonly outcome?: Outcome;
  readonly out?: string;
}

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function describeFinding(f: Finding): string {
  return [
    `${f.checkId}: ${f.message}`,
    ...(f.path !== undefined ? [`  path: ${f.path}`] : []),
    ...(f.expected !== undefined ? [`  expected: ${show(f.expected)}`] : []),
    ...(f.actual !== undefined ? [`  actual: ${show(f.actual)}`] : []),
  ].join("\n");
}

const describeFindings = (findings: readonly Finding[]): string => findings.map(describeFinding).join("\n\n");

function resultCase(r: CheckResult, exchanges: ReadonlyMap<string, Exchange>): TestCase {
  const exchange = r.exchange === null ? undefined : exchanges.get(r.exchange);
  const base = {
    classname: r.scenario ?? "run",
    name: `${r.id} ${r.title}${r.step === null ? "" : ` [${r.step}]`}`,
    seconds: exchange?.response.ms ?? 0,
  };
  const text = describeFindings(r.findings);
  const message = r.findings[0]?.message ?? r.title;
  switch (r.status) {
    case "fail":
      return { ...base, outcome: { kind: "failure", message, type: r.id, text } };
    case "error":
      return { ...base, outcome: { kind: "error", message, type: r.id, text } };
    case "skip":
      return { ...base, outcome: { kind: "skipped", message, type: r.id, text } };
    case "warn":
      return { ...base, out: `WARN (${r.severity}) ${r.ref}\n${text}` };
    case "pass":
      return base;
  }
}

function exchangeCase(e: Exchange): TestCase {
  const base = { classname: e.scenario, name: `${e.scenario}/${e.step} ${e.action}`, seconds: e.response.ms };
  const r = e.response;
  if (r.kind === "failure") {
    const message = `${r.failure}: ${r.detail}`;
    return { ...base, outcome: { kind: "failure", message, type: "connection", text: `POST ${e.request.url}\n${message}` } };
  }
  const callbacks = e.callbacks.map((c) => `  ${c.action} at ${c.atMs} ms (${c.matchedBy})`);
  return { ...base, out: [`POST ${e.request.url} -> ${r.status} in ${r.ms} ms`, `${e.callbacks.length} callback(s)`, ...callbacks].join("\n") };
}

function renderCase(c: TestCase): string {
  const open = `    <testcase classname="${xmlAttr(c.classname)}" name="${xmlAttr(c.name)}" time="${seconds(c.seconds)}"`;
  const body: string[] = [];
  if (c.outcome?.kind === "skipped") {
    body.push(`      <skipped message="${xmlAttr(c.outcome.message)}"/>`);
  } else if (c.outcome) {
    const { kind, message, type, text } = c.outcome;
    body.push(`      <${kind} message="${xmlAttr(message)}" type="${xmlAttr(type)}">${xmlText(text)}</${kind}>`);
  }
  if (c.out !== undefined) {
    body.push(`      <system-out>${xmlText(c.out)}</system-out>`);
  }
  return body.length === 0 ? `${open}/>` : [`${open}>`, ...body, "    </testcase>"].join("\n");
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  seconds: number;
}

function countsOf(cases: readonly TestCase[]): Counts {
  const n = (kind: Outcome["kind"]) => cases.filter((c) => c.outcome?.kind === kind).length;
  return { tests: cases.length, failures: n("failure"), errors: n("error"), skipped: n("skipped"), seconds: cases.reduce((s, c) => s + c.seconds, 0) };
}

const countAttrs = (c: Counts): string =>
  `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${seconds(c.seconds)}"`;

/** The whole junit.xml document. Pure: same result, same bytes. */
export function renderJunit(result: RunResult): string {
  const byId = new Map(result.exchanges.map((e) => [e.id, e]));
  const suites = new Map<string, TestCase[]>();
  const add = (suite: string, c: TestCase): void => {
    const list = suites.get(suite) ?? [];
    list.push(c);
    suites.set(suite, list);
  };
  if (result.infrastructureError !== undefined) {
    const message = result.infrastructureError;
    add("run", {
      classname: "run",
      name: "infrastructure",
      seconds: result.durationMs,
      outcome: { kind: "error", message, type: "infrastructure", text: message },
    });
  }
  if (result.evidenceDropped !== undefined) {
    const message = result.evidenceDropped;
    add("run", { classname: "run", name: "evidence dropped", seconds: 0, outcome: { kind: "error", message, type: "evidence-dropped", text: message } });
  }
  for (const r of result.results) {
    add(r.scenario ?? "run", resultCase(r, byId));
  }
  // A gap not accepted makes the run exit 2 (docs/rules.md "Coverage"): an error case, as a check error is.
  for (const gap of result.coverage.gaps) {
    add("coverage", {
      classname: "coverage",
      name: `${gap.checkId} not exercised (gap)`,
      seconds: 0,
      outcome: {
        kind: "error",
        message: gap.reason,
        type: "gap",
        text: `${gap.checkId} (${gap.severity}) was not exercised: ${gap.reason}\nRun it, or accept it with --allow-unexercised ${gap.checkId}.`,
      },
    });
  }
  for (const e of result.exchanges) {
    add("exchanges", exchangeCase(e));
  }
  const rendered = [...suites].map(([name, cases]) =>
    [
      `  <testsuite name="${xmlAttr(name)}" ${countAttrs(countsOf(cases))} timestamp="${xmlAttr(result.startedAt)}">`,
      ...cases.map(renderCase),
      "  </testsuite>",
    ].join("\n"),
  );
  const total = countsOf([...suites.values()].flat());
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(`p2p-energy-conformance ${result.runId}`)}" ${countAttrs({ ...total, seconds: result.durationMs })}>`,
    ...rendered,
    "</testsuites>",
    "",
  ].join("\n");
}

/** Writes junit.xml into `dir` (created if needed); returns its path. */
export function writeJunit(result: RunResult, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "junit.xml");
  writeFileSync(path, renderJunit(result));
  return path;
}
