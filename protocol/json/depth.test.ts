import { describe, expect, test } from "vitest";
import {
  becknShapeRefusal,
  jsonDepthExceeds,
  jsonShapeExcess,
  MAX_BECKN_ARRAY_LENGTH,
  MAX_BECKN_DEPTH,
  MAX_BECKN_OBJECT_KEYS,
  MAX_BECKN_VALUES,
  tooDeepForBeckn,
} from "./depth.js";

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
    const { guideMessages } = await import("../../fixtures/guide/index.js");
    for (const message of Object.values(guideMessages())) {
      expect(tooDeepForBeckn(JSON.stringify(message))).toBe(false);
    }
  });

  test("measures 100,000 levels without overflowing the stack", () => {
    expect(tooDeepForBeckn(arrays(100_000))).toBe(true);
  });
});

describe("jsonShapeExcess", () => {
  const limits = { depth: 64, arrayLength: 3, objectKeys: 2 };
  test.for([
    ["arrays and objects at their limits", `{"a":[1,2,3],"b":{"x":1,"y":[]}}`, undefined],
    [
      "an array one past its limit, with its full count",
      `{"message":{"order":{"items":[null,null,null,null,null]}}}`,
      { kind: "array-length", path: "$.message.order.items", count: 5, limit: 3 },
    ],
    ["an object one past its limit", `{"a":{"x":1,"y":2,"z":"w"}}`, { kind: "object-keys", path: "$.a", count: 3, limit: 2 }],
    ["a long array inside an array", `[[1],[1,2,3,[1,2,3,4]]]`, { kind: "array-length", path: "$[1]", count: 4, limit: 3 }],
    ["a key that is no identifier", `{"a b":[{"c":[1,2,3,4]}]}`, { kind: "array-length", path: `$["a b"][0].c`, count: 4, limit: 3 }],
    ["commas and brackets inside strings, whitespace between tokens", `{"a":"[[[,,,,]]]" , "b":[ 1 , "x,y" , 3 ]}`, undefined],
    ["the first excess wins", `{"a":[1,2,3,4],"b":[1,2,3,4,5]}`, { kind: "array-length", path: "$.a", count: 4, limit: 3 }],
    ["nesting within the depth limit", `{"a":[[1]]}`, undefined],
  ] as const)("%s", ([, text, expected]) => {
    expect(jsonShapeExcess(text, limits)).toEqual(expected);
  });

  test("depth is reported where the limit is passed", () => {
    expect(jsonShapeExcess(`{"a":[{"b":[]}]}`, { depth: 3, arrayLength: 10, objectKeys: 10 })).toEqual({ kind: "depth", path: "$.a[0].b", limit: 3 });
  });

  test("a mock's refusal names the path, the count and the limit", () => {
    const refusal = becknShapeRefusal(
      `{"message":{"order":{"items":[${Array(MAX_BECKN_ARRAY_LENGTH + 1)
        .fill("null")
        .join(",")}]}}}`,
    );
    expect(refusal?.path).toBe("$.message.order.items");
    expect(refusal?.message).toContain(`has ${MAX_BECKN_ARRAY_LENGTH + 1} elements`);
    expect(refusal?.message).toContain(`at most ${MAX_BECKN_ARRAY_LENGTH}`);
    expect(becknShapeRefusal(`{"a":{${Array.from({ length: MAX_BECKN_OBJECT_KEYS + 1 }, (_, i) => `"k${i}":1`).join(",")}}}`)?.message).toContain(
      `The object at $.a has ${MAX_BECKN_OBJECT_KEYS + 1} keys`,
    );
    expect(becknShapeRefusal(`{"a":[${Array(MAX_BECKN_ARRAY_LENGTH).fill("{}").join(",")}]}`)).toBeUndefined();
  });

  test("a body of more than MAX_BECKN_VALUES values is refused at $, however its arrays are cut", () => {
    const chunk = `[${Array(MAX_BECKN_ARRAY_LENGTH).fill("{}").join(",")}]`;
    const values = (chunks: number) => `{"message":{"x":[${Array(chunks).fill(chunk).join(",")}]}}`;
    // 1 root + message + x + per chunk: the array and its 1,000 objects.
    const within = Math.floor((MAX_BECKN_VALUES - 3) / (MAX_BECKN_ARRAY_LENGTH + 1));
    expect(jsonShapeExcess(values(within), { depth: 64, arrayLength: 1000, objectKeys: 1000, values: MAX_BECKN_VALUES })).toBeUndefined();
    const refusal = becknShapeRefusal(values(within + 1));
    expect(refusal).toEqual({ path: "$", message: expect.stringContaining(`holds more than ${MAX_BECKN_VALUES} values`) as string });
    // The root, the array, 1, 2, the object and "x,y": six values.
    expect(jsonShapeExcess('{"a":[1,2,{"b":"x,y"}]}', { depth: 64, arrayLength: 10, objectKeys: 10, values: 6 })).toBeUndefined();
    expect(jsonShapeExcess('{"a":[1,2,{"b":"x,y"}]}', { depth: 64, arrayLength: 10, objectKeys: 10, values: 5 })).toEqual({
      kind: "values",
      path: "$",
      limit: 5,
    });
  });

  test("every guide example fits the Beckn array and object limits", async () => {
    const { guideMessages } = await import("../../fixtures/guide/index.js");
    for (const message of Object.values(guideMessages())) {
      expect(becknShapeRefusal(JSON.stringify(message))).toBeUndefined();
    }
  });
});
