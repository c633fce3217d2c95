import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { ALL_CHECKS_BY_ID, CATALOGUE, ROLE_TITLES } from "./catalogue.js";
import { renderCatalogue } from "../core/catalogue-doc.js";
import { checksById } from "../core/catalogue.js";
import { RUN_CHECKS } from "../core/run-checks.js";
import { BPP_CHECKS } from "./bpp/checks/index.js";

describe("the check catalogue", () => {
  test("has at least 60 BPP checks, each with a well-formed id, a title and a ref", () => {
    expect(BPP_CHECKS.length).toBeGreaterThanOrEqual(60);
    expect(checksById(BPP_CHECKS).size).toBe(BPP_CHECKS.length);
  });

  test("every check of every role has a well-formed id, a title and a ref, and an id means one check", () => {
    const all = Object.values(CATALOGUE).flat();
    expect(ALL_CHECKS_BY_ID.size).toBe(all.length);
    for (const check of all) {
      expect(check.id).toMatch(/^[A-Z]{2,3}-\d{3}$/);
      expect(check.title.length).toBeGreaterThan(5);
      expect(check.ref.length).toBeGreaterThan(3);
    }
  });

  test.for([
    ["gateway", /^GW-\d{3}$/],
    ["registry", /^REG-\d{3}$/],
  ] as const)("the %s catalogue has at least 10 checks, each with its role's id, MUST or SHOULD, with a ref", ([role, id]) => {
    expect(CATALOGUE[role].length).toBeGreaterThanOrEqual(10);
    expect(CATALOGUE[role].filter((c) => !id.test(c.id) || c.ref.trim() === "" || !["MUST", "SHOULD"].includes(c.severity))).toEqual([]);
  });

  test("docs/checks.md is the catalogue as rendered now", () => {
    const committed = readFileSync(new URL("../../docs/checks.md", import.meta.url), "utf8");
    expect(committed).toBe(renderCatalogue(CATALOGUE, ROLE_TITLES, RUN_CHECKS));
  });
});
