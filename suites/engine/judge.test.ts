import { expect, test } from "vitest";
import { checkContext, flowExchange } from "../checks/testing/signed-exchange.js";
import { FLOW_CHECKS } from "../checks/flow.js";
import { judge } from "./judge.js";

test("a check that cannot be exercised on an exchange is a skip with the reason, never a pass or a fail", async () => {
  const base = flowExchange("confirm");
  const transfer = { ...base, step: "transfer", callbacks: base.callbacks.slice(0, 1), transfer: { window: { start: "2026-01-01T10:00:05Z", end: "2026-01-01T10:00:09Z" }, notExercised: "the window ends after --transfer-timeout" } };
  const { scenarioExchanges: _unused, ...context } = checkContext();
  const results = await judge(FLOW_CHECKS.filter((c) => c.id === "FLW-004"), [transfer], { strict: true, context });
  expect(results.map((r) => [r.id, r.status, r.exchange, r.findings[0]?.message])).toEqual([
    ["FLW-004", "skip", transfer.id, "Not exercised: the window ends after --transfer-timeout"],
  ]);
});
