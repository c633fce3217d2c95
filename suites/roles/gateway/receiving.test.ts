import { expect, test } from "vitest";
import { inOtherBytes } from "./receiving.js";

const body = { context: { action: "search", bap_uri: "https://bap.example/beckn", timestamp: "2026-12-04T10:00:00Z" }, message: { intent: { item: { descriptor: { name: "Solar Türkiye" } } } } };

test("other bytes parse to the same value, with members reordered, indented and escaped", () => {
  const raw = inOtherBytes(body);
  expect(JSON.parse(raw)).toEqual(body);
  expect(raw).not.toBe(JSON.stringify(body));
  expect(raw.indexOf('"message"')).toBeLessThan(raw.indexOf('"context"'));
  expect(raw).toContain("\n  ");
  expect(raw).toContain("https:\\/\\/bap.example\\/beckn");
  expect(raw).toContain("2026-12-04\\u005410:00:00Z");
});
