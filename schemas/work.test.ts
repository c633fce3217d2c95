import { describe, expect, test } from "vitest";
import { loadGuideMessage } from "../fixtures/guide/index.js";
import { runAckLayer } from "./compile.js";
import { validate } from "./validate.js";
import { MAX_VALUES_FOR_ALL_ERRORS, NOT_COLLECTED_KEYWORD, valuesExceed } from "./work.js";

/** docs/limits.md "Validation work": every error of a body of ordinary size, the first of each layer past it. */
const selectWithItems = (items: unknown[]): Record<string, unknown> => {
  const select = loadGuideMessage("select") as { message: { order: Record<string, unknown> } };
  return { ...select, message: { order: { ...select.message.order, items } } };
};

describe("valuesExceed", () => {
  test.for([
    ["a scalar", 1, 1, false],
    ["a scalar at a limit of 0", 1, 0, true],
    ["an object and its two values", { a: 1, b: [] }, 3, false],
    ["an array and its four values, one nested", [1, [2], 3], 3, true],
  ] as const)("%s", ([, value, limit, expected]) => {
    expect(valuesExceed(value, limit)).toBe(expected);
  });

  test("stops counting past the limit: a million values are judged at once", () => {
    const started = performance.now();
    expect(valuesExceed(Array<null>(1_000_000).fill(null), MAX_VALUES_FOR_ALL_ERRORS)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("validate collects every error only of a body of ordinary size", () => {
  test("a body within MAX_VALUES_FOR_ALL_ERRORS: one finding per failing item, none about collection", () => {
    const items = Array<null>(1000).fill(null);
    expect(valuesExceed(selectWithItems(items), MAX_VALUES_FOR_ALL_ERRORS)).toBe(false);
    const findings = validate(selectWithItems(items)).findings;
    expect(findings.filter((f) => f.message.endsWith("must be object."))).toHaveLength(1000);
    expect(findings.some((f) => f.keyword === NOT_COLLECTED_KEYWORD)).toBe(false);
  });

  test("a larger invalid body: the first error of each layer and one error saying the rest were not collected", () => {
    const items = Array.from({ length: 200 }, () => ({ id: "x", tags: Array<null>(1000).fill(null) }));
    const result = validate(selectWithItems(items));
    const errors = result.findings.filter((f) => f.severity === "error");
    expect(result.valid).toBe(false);
    expect(errors.length).toBeLessThanOrEqual(3);
    expect(errors).toContainEqual(expect.objectContaining({ path: "$", keyword: NOT_COLLECTED_KEYWORD, severity: "error" }));
  });

  test("a larger valid body: valid, with no finding about collection", () => {
    const item = { id: "uid_xyz", quantity: { measure: { value: "10", unit: "kWH" } }, x: Array<number>(10).fill(1) };
    const result = validate(selectWithItems(Array.from({ length: 1000 }, () => structuredClone(item))));
    expect(result.valid).toBe(true);
    expect(result.findings.some((f) => f.keyword === NOT_COLLECTED_KEYWORD)).toBe(false);
  });

  test("--closed on a larger valid body with unknown properties: at most the first, and a warning that the rest were not collected", () => {
    const item = { id: "uid_xyz", quantity: { measure: { value: "10", unit: "kWH" } }, unknown: Array<number>(10).fill(1) };
    const result = validate(selectWithItems(Array.from({ length: 1000 }, () => structuredClone(item))), undefined, { closed: true });
    expect(result.valid).toBe(true);
    expect(result.findings.filter((f) => f.keyword === "additionalProperties").length).toBeLessThanOrEqual(1);
    expect(result.findings).toContainEqual(expect.objectContaining({ keyword: NOT_COLLECTED_KEYWORD, severity: "warning" }));
  });

  test("an ACK response past the limit gets its first error only", () => {
    const ack = { message: { ack: { status: "ACK" } }, error: { code: 1, paths: 2, message: 3 }, tags: Array<null>(10_000).fill(null) };
    expect(runAckLayer(ack).length).toBe(1);
  });
});
