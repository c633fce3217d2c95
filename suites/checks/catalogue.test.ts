import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { renderCatalogue } from "./catalogue-doc.js";
import { BPP_CHECKS, CHECKS_BY_ID, RUN_CHECKS } from "./index.js";

describe("the check catalogue", () => {
  test("has at least 60 checks, each with a well-formed id, a title and a ref", () => {
    expect(BPP_CHECKS.length).toBeGreaterThanOrEqual(60);
    expect(CHECKS_BY_ID.size).toBe(BPP_CHECKS.length);
    for (const check of BPP_CHECKS) {
      expect(check.id).toMatch(/^[A-Z]{2,3}-\d{3}$/);
      expect(check.title.length).toBeGreaterThan(5);
      expect(check.ref.length).toBeGreaterThan(3);
    }
  });

  test("docs/checks.md is the catalogue as rendered now", () => {
    const committed = readFileSync(new URL("../../docs/checks.md", import.meta.url), "utf8");
    expect(committed).toBe(renderCatalogue(BPP_CHECKS, RUN_CHECKS));
  });
});
