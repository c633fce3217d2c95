import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { ERROR_CODES } from "../protocol/errors.js";

const errorsDoc = readFileSync(new URL("../docs/errors.md", import.meta.url), "utf8");
const documentedCodes = [...errorsDoc.matchAll(/^\| `(P2PC_ERR_[A-Z_]+)` \| (.+?) \|/gm)];

describe("docs/errors.md", () => {
  test.for(Object.entries(ERROR_CODES))("documents %s with its meaning", ([code, meaning]) => {
    expect(documentedCodes.find((m) => m[1] === code)?.[2]).toBe(meaning);
  });
  test("documents no code the harness does not have", () => {
    expect(documentedCodes.map((m) => m[1]).sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });
});
