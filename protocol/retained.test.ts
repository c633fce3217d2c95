import { expect, test } from "vitest";
import { denseJson, heapAfterGc } from "../test/memory/heap.js";
import { BoundedLog, excerptOf, keptId, retainedBytes } from "./retained.js";

/** Parses `text` and returns what the parsed value holds on the heap, measured. */
function measured(text: string): { value: unknown; heap: number } {
  const before = heapAfterGc();
  const value = JSON.parse(text) as unknown;
  const heap = heapAfterGc() - before;
  return { value, heap };
}

const SHAPES: Record<string, () => string> = {
  "empty objects (the worst case, 21 bytes per character)": () => denseJson(100),
  "empty arrays": () => `[${Array(100_000).fill("[]").join(",")}]`,
  "arrays of one object": () => `[${Array(100_000).fill("[{}]").join(",")}]`,
  "objects with many keys (dictionary mode)": () => `{${Array.from({ length: 50_000 }, (_, i) => `"k${i}":{}`).join(",")}}`,
  "small objects": () => `[${Array(50_000).fill('{"a":1,"b":"x","c":[1.5]}').join(",")}]`,
  strings: () => `[${Array(50_000).fill('"abcdefghijklmnopqrstuvwxyz"').join(",")}]`,
};

test.for(Object.entries(SHAPES))("retainedBytes counts at least what V8 holds: %s", ([, make]) => {
  const text = make();
  const { value, heap } = measured(text);
  expect(retainedBytes(value)).toBeGreaterThanOrEqual(heap);
  // …and not wildly more: a budget in these bytes is a budget of the heap, not a guess.
  expect(retainedBytes(value)).toBeLessThan(Math.max(4 * heap, 64 * text.length));
});

test("retainedBytes walks deep values without recursion and stops counting past its bound", () => {
  let deep: unknown = {};
  for (let i = 0; i < 100_000; i += 1) {
    deep = [deep];
  }
  expect(retainedBytes(deep)).toBeGreaterThan(100_000 * 48);
  const stopped = retainedBytes(JSON.parse(denseJson(300)), 1000);
  expect(stopped).toBeGreaterThan(1000);
  expect(stopped).toBeLessThan(5000); // the outer array and one more node, not 20 MB of them
});

test("an excerpt is the first 4 KiB of a longer text, marked truncated; a short text is whole", () => {
  const long = "x".repeat(1_000_000);
  expect(excerptOf(long)).toEqual({ text: "x".repeat(4096), truncated: true });
  expect(excerptOf("{}")).toEqual({ text: "{}", truncated: false });
  expect(keptId("t".repeat(10_000))).toHaveLength(256);
  expect(keptId("abc")).toBe("abc");
  expect(keptId(undefined)).toBeUndefined();
});

test("a BoundedLog drops its oldest records past its count or its bytes, and keeps the newest", () => {
  const log = new BoundedLog<string>(3, 100);
  ["a", "b", "c", "d"].forEach((item) => log.push(item, 10));
  expect(log.items()).toEqual(["b", "c", "d"]);
  log.push("big", 90);
  expect(log.items()).toEqual(["d", "big"]);
  expect(log.bytes).toBe(100);
  expect(log.evicted).toBe(3);
  log.push("huge", 500); // one record over the budget is still kept, alone
  expect(log.items()).toEqual(["huge"]);
});
