import { describe, expect, test } from "vitest";
import { jsonDepthExceeds, MAX_BECKN_DEPTH, tooDeepForBeckn } from "./depth.js";

const objects = (depth: number): string => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
const arrays = (depth: number): string => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("jsonDepthExceeds", () => {
  test.for([
    ["a scalar", "1", 0, false],
    ["{} at a limit of 0", "{}", 0, true],
    ["{} at a limit of 1", "{}", 1, false],
    ["brackets inside a string", `{"a":"[[[{{{\\"[[["}`, 1, false],
    ["a deep branch beside shallow ones", `{"a":1,"b":[2,3],"c":${objects(10)}}`, 10, true],
  ] as const)("%s", ([, text, limit, expected]) => {
    expect(jsonDepthExceeds(text, limit)).toBe(expected);
  });

  test("a Beckn body may nest exactly MAX_BECKN_DEPTH levels, not one more", () => {
    expect(tooDeepForBeckn(objects(MAX_BECKN_DEPTH))).toBe(false);
    expect(tooDeepForBeckn(objects(MAX_BECKN_DEPTH + 1))).toBe(true);
    expect(tooDeepForBeckn(arrays(MAX_BECKN_DEPTH + 1))).toBe(true);
  });

  test("every guide example fits the Beckn limit", async () => {
    const { guideMessages } = await import("../fixtures/guide/index.js");
    for (const message of Object.values(guideMessages())) {
      expect(tooDeepForBeckn(JSON.stringify(message))).toBe(false);
    }
  });

  test("measures 100,000 levels without overflowing the stack", () => {
    expect(tooDeepForBeckn(arrays(100_000))).toBe(true);
  });
});
