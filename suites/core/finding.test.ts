import { expect, test } from "vitest";
import { checkContext, flowExchange } from "./testing/signed-exchange.js";
import { finding } from "./finding.js";
import { judge } from "./judge.js";
import type { Check } from "./check.js";

test("a finding carries the message and only the detail given", () => {
  expect(Object.keys(finding("m"))).toEqual(["message"]);
  expect(Object.keys(finding("m", { path: "$.x", actual: null }))).toEqual(["message", "path", "actual"]);
});

test("judge stamps the check's id on each of its findings, first, as report.json shows it", async () => {
  const { scenarioExchanges: _unused, ...context } = checkContext();
  const check: Check = {
    id: "TST-004",
    title: "t",
    severity: "MUST",
    ref: "r",
    fix: "f",
    appliesTo: () => true,
    run: () => [finding("wrong", { path: "$.a", expected: 1, actual: 2 })],
  };
  const [row] = await judge([check], [flowExchange("confirm")], { strict: true, context });
  expect(JSON.stringify(row?.findings)).toBe('[{"checkId":"TST-004","message":"wrong","path":"$.a","expected":1,"actual":2}]');
});
