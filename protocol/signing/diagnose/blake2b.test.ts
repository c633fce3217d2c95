import { createHash, randomBytes } from "node:crypto";
import { expect, test } from "vitest";
import { blake2b } from "./blake2b.js";

test("BLAKE2b-512 equals node's blake2b512 across block boundaries", () => {
  for (const length of [0, 1, 127, 128, 129, 255, 256, 257, 4096]) {
    const data = randomBytes(length);
    expect(Buffer.from(blake2b(data, 64)).toString("hex")).toBe(createHash("blake2b512").update(data).digest("hex"));
  }
});

test("BLAKE2b-256 of the RFC 7693 input 'abc' is the published digest", () => {
  expect(Buffer.from(blake2b(Buffer.from("abc"), 32)).toString("hex")).toBe("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
});
