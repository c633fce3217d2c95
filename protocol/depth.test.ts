import { describe, expect, test } from "vitest";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./depth.js";

const objects = (depth: number): unknown => JSON.parse(`${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`);
const arrays = (depth: number): unknown => JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`);

describe("nestsDeeperThan", () => {
  test.for([
    ["a scalar", 1, 0, false],
    ["{} at a limit of 0", {}, 0, true],
    ["{} at a limit of 1", {}, 1, false],
    ["objects exactly at the limit", objects(MAX_JSON_DEPTH), MAX_JSON_DEPTH, false],
    ["objects one past the limit", objects(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH, true],
    ["arrays one past the limit", arrays(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH, true],
    ["a deep branch beside shallow ones", { a: 1, b: [2, 3], c: objects(10) }, 10, true],
  ] as const)("%s", ([, value, max, expected]) => {
    expect(nestsDeeperThan(value, max)).toBe(expected);
  });

  test("measures 100,000 levels without overflowing the stack", () => {
    expect(nestsDeeperThan(arrays(100_000))).toBe(true);
  });
});
