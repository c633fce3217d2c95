import { expect, test } from "vitest";
import type { Check } from "./check.js";
import { defineCheck } from "./define-check.js";

const check: Check = {
  id: "TST-010",
  title: "A test check",
  severity: "MUST",
  ref: 'docs/rules.md "Timing"',
  fix: "Answer within 3 s.",
  appliesTo: () => true,
  run: () => [],
};

test("defineCheck accepts a check with an id, a title, a ref and a fix", () => {
  expect(defineCheck(check)).toBe(check);
});

test.for([
  ["id", { id: "TST-10" }, /must match/],
  ["title", { title: " " }, /needs a title, a ref and a fix/],
  ["ref", { ref: "" }, /needs a title, a ref and a fix/],
  ["fix", { fix: "  " }, /needs a title, a ref and a fix/],
] as const)("defineCheck refuses a check whose %s is malformed or empty", ([, change, error]) => {
  expect(() => defineCheck({ ...check, ...change })).toThrow(error);
});
