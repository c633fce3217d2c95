import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { ROLES } from "../../suites/core/config.js";
import { DOC_PAGES, renderDocPage } from "./doc-pages.js";
import { FAULT_MATRICES } from "./fault-matrix.js";

describe("the fault tables", () => {
  test.for(ROLES)("every %s fault has a unique id, a short description and, in a sentence, the one behaviour it changes", (role) => {
    const { faults } = FAULT_MATRICES[role];
    expect(new Set(faults.map((f) => f.id)).size).toBe(faults.length);
    for (const fault of faults) {
      expect(fault.id).toMatch(/^[a-z]+\.[a-z0-9-]+$/);
      expect(fault.description.length).toBeGreaterThan(3);
      expect(fault.description.length).toBeLessThan(fault.changes.length);
      expect(fault.changes).toMatch(/\.$/);
    }
  });
});

describe("the generated pages of docs/", () => {
  test.for(DOC_PAGES)("docs/%s is the tables and the matrices as rendered now", (page) => {
    const committed = readFileSync(new URL(`../../docs/${page}`, import.meta.url), "utf8");
    expect(committed).toBe(renderDocPage(page));
  });
});
