import { expect, test } from "vitest";
import { spell, SPELLINGS } from "./json-spellings.js";

const body = {
  context: { action: "on_status", bap_uri: "https://bap.example/beckn", note: 'café "q" \\ ✓ 😀', n: 1.5, ok: true, none: null },
  message: { order: { items: [{ id: "i-1" }, { id: "i_2" }] } },
};

test.for(SPELLINGS)("%s: the same value in other bytes", (spelling) => {
  const raw = spell(body, spelling);
  expect(JSON.parse(raw)).toEqual(body);
  expect(raw).not.toBe(JSON.stringify(body));
  // key-order survives a re-serialisation in parse order; it catches a verifier that canonicalises (sorts) keys.
  expect(raw !== JSON.stringify(JSON.parse(raw))).toBe(spelling !== "key-order");
});

test("key-order reverses members at every depth, arrays keep their order", () => {
  const parsed = JSON.parse(spell(body, "key-order")) as Record<string, Record<string, unknown>>;
  expect(Object.keys(parsed)).toEqual(["message", "context"]);
  expect(Object.keys(parsed["context"] ?? {})).toEqual(["none", "ok", "n", "note", "bap_uri", "action"]);
  expect(spell([1, 2], "key-order")).toBe("[1,2]");
});

test("escapes: / as \\/ and every other non-alphanumeric character as \\u", () => {
  expect(spell({ a_b: "x/y é" }, "escapes")).toBe('{"a\\u005fb":"x\\/y \\u00e9"}');
});
