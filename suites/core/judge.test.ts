import { expect, test } from "vitest";
import { checkContext, flowExchange } from "./testing/signed-exchange.js";
import { FLOW_CHECKS } from "../roles/bpp/checks/flow.js";
import { judge, markNotApplicable, MAX_FINDINGS_PER_RESULT } from "./judge.js";
import type { Check, CheckResult } from "./check.js";

test("a check that cannot be exercised on an exchange is a skip with the reason, never a pass or a fail", async () => {
  const base = flowExchange("confirm");
  const transfer = {
    ...base,
    step: "transfer",
    callbacks: base.callbacks.slice(0, 1),
    transfer: { window: { start: "2026-01-01T10:00:05Z", end: "2026-01-01T10:00:09Z" }, notExercised: "the window ends after --transfer-timeout" },
  };
  const { scenarioExchanges: _unused, ...context } = checkContext();
  const results = await judge(
    FLOW_CHECKS.filter((c) => c.id === "FLW-004"),
    [transfer],
    { strict: true, context },
  );
  expect(results.map((r) => [r.id, r.status, r.exchange, r.findings[0]?.message])).toEqual([
    ["FLW-004", "skip", transfer.id, "Not exercised: the window ends after --transfer-timeout"],
  ]);
});

test("a check that applied to no exchange is one skip row: not applicable when the SUT took an option it names, else the generic row", async () => {
  const { scenarioExchanges: _unused, ...context } = checkContext();
  const exchange = flowExchange("confirm");
  const optional: Check = {
    id: "TST-001",
    title: "t",
    severity: "MUST",
    ref: "r",
    fix: "f",
    appliesTo: () => false,
    notApplicable: (e) => (e.action === "confirm" ? "the SUT left the optional field out (core 1.1.0 Context)" : undefined),
    run: () => [],
  };
  const never: Check = { ...optional, id: "TST-002", notApplicable: () => undefined };
  const results = await judge([optional, never], [exchange], { strict: true, context });
  expect(results.map((r) => [r.id, r.status, r.notApplicable, r.findings[0]?.message])).toEqual([
    ["TST-001", "skip", true, "Not applicable: the SUT left the optional field out (core 1.1.0 Context)"],
    ["TST-002", "skip", undefined, "No exchange of this run was one this check judges."],
  ]);
});

test("markNotApplicable marks only the skip rows of the named checks, with the reason", () => {
  const row = (id: string, status: "pass" | "skip"): CheckResult => ({
    id,
    status,
    severity: "MUST",
    title: "t",
    ref: "r",
    scenario: null,
    step: null,
    exchange: null,
    findings: [],
  });
  const marked = markNotApplicable(
    [row("GW-011", "skip"), row("GW-012", "pass"), row("GW-013", "skip")],
    new Set(["GW-011", "GW-012"]),
    "the gateway does not relay on_search",
  );
  expect(marked.map((r) => [r.id, r.notApplicable, r.findings[0]?.message])).toEqual([
    ["GW-011", true, "the gateway does not relay on_search"],
    ["GW-012", undefined, undefined],
    ["GW-013", undefined, undefined],
  ]);
});

test("a result keeps at most MAX_FINDINGS_PER_RESULT findings and counts the rest in one last finding", async () => {
  const { scenarioExchanges: _unused, ...context } = checkContext();
  const many: Check = {
    id: "TST-003",
    title: "t",
    severity: "MUST",
    ref: "r",
    fix: "f",
    appliesTo: () => true,
    run: () => Array.from({ length: 200_000 }, (_, i) => ({ message: `item ${i}` })),
  };
  const [row] = await judge([many], [flowExchange("select")], { strict: true, context });
  expect(row?.status).toBe("fail");
  expect(row?.findings).toHaveLength(MAX_FINDINGS_PER_RESULT + 1);
  expect(row?.findings.at(-1)?.message).toBe(
    `… and ${200_000 - MAX_FINDINGS_PER_RESULT} more findings of this check on this exchange, not listed (a result keeps at most ${MAX_FINDINGS_PER_RESULT}).`,
  );
});
