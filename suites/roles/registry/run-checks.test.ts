import { expect, test } from "vitest";
import type { CheckResult, Exchange } from "../../core/check.js";
import { runCheckResults } from "../../core/run-checks.js";
import { REGISTRY_RUN_CHECKS } from "./run-checks.js";

const registryVacuityResults = (results: CheckResult[], exchanges: Exchange[]): CheckResult[] => runCheckResults(REGISTRY_RUN_CHECKS, results, exchanges);

const fixtures = {
  passed: {
    id: "REG-001",
    status: "pass",
    severity: "MUST",
    title: "t",
    ref: "r",
    scenario: "registry",
    step: "lookup:all",
    exchange: "ex-1",
    findings: [],
  } satisfies CheckResult,
  skipped: {
    id: "REG-002",
    status: "skip",
    severity: "MUST",
    title: "t",
    ref: "r",
    scenario: null,
    step: null,
    exchange: null,
    findings: [],
  } satisfies CheckResult,
};

function exchange(status: number, body: unknown, callbacks = 0, expectation: Exchange["expectation"] = "answer"): Exchange {
  const rawBody = JSON.stringify(body);
  return {
    id: "ex-1",
    scenario: "registry",
    step: "lookup:all",
    action: "lookup",
    expectation,
    viaGateway: false,
    ttlMs: 2000,
    request: { url: "http://127.0.0.1:9/lookup", headers: {}, rawBody: "{}", body: {}, sentAt: 0 },
    response: { kind: "response", status, headers: {}, rawBody, body, headersMs: 1, ms: 1 },
    callbacks: Array.from({ length: callbacks }, () => ({
      action: "on_subscribe",
      headers: {},
      rawBody: "{}",
      body: {},
      atMs: 5,
      receivedAt: 5,
      matchedBy: "endpoint" as const,
    })),
  };
}

const failing = (results: CheckResult[]): string[] => results.filter((r) => r.status === "fail").map((r) => r.id);

test("a run with a judged lookup, a 2xx answer and a challenge passes RUN-001…003", () => {
  expect(failing(registryVacuityResults([fixtures.passed], [exchange(200, [], 1)]))).toEqual([]);
});

test("RUN-001 fails when every check skipped", () => {
  expect(failing(registryVacuityResults([fixtures.skipped], [exchange(200, [], 1)]))).toEqual(["RUN-001"]);
});

test("RUN-002 fails when every valid request got an error, a NACK or a body that is not JSON; a malformed lookup does not count", () => {
  const nack = { message: { ack: { status: "NACK" } }, error: { code: "30000" } };
  const html: Exchange = {
    ...exchange(200, undefined, 1),
    response: { kind: "response", status: 200, headers: {}, rawBody: "<html>", body: undefined, headersMs: 1, ms: 1 },
  };
  expect(failing(registryVacuityResults([fixtures.passed], [exchange(500, {}, 1), exchange(200, nack), exchange(200, [], 0, "nack"), html]))).toEqual([
    "RUN-002",
  ]);
});

test("RUN-003 fails when the registry never called on_subscribe", () => {
  expect(failing(registryVacuityResults([fixtures.passed], [exchange(200, [])]))).toEqual(["RUN-003"]);
});
