import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { CatalogueEntry } from "../core/catalogue-doc.js";
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

/** Every check the catalogue page lists: each role's, and the run-level RUN checks. */
const EVERY_CHECK: readonly CatalogueEntry[] = [...Object.values(CATALOGUE).flat(), ...RUN_CHECKS];

/** A ref's citations of a section of one of our docs: `docs/rules.md "Timing"`. */
const DOC_SECTION = /docs\/([\w-]+\.md) "([^"]+)"/g;

/** The headings of a page of docs/, as written after the #s. */
const headingsOf = (page: string): string[] =>
  readFileSync(new URL(`../../docs/${page}`, import.meta.url), "utf8")
    .split("\n")
    .flatMap((line) => /^#{1,6} (.+?)\s*$/.exec(line)?.[1] ?? []);

/** Each `docs/<page>.md "<Heading>"` of these refs that names no heading of that page. */
function unknownSections(refs: readonly string[], headings: (page: string) => readonly string[]): string[] {
  return refs.flatMap((ref) =>
    [...ref.matchAll(DOC_SECTION)].filter(([, page = "", heading = ""]) => !headings(page).includes(heading)).map(([cited]) => cited),
  );
}

describe("what the catalogue tells a developer", () => {
  test("every check of every role, and every RUN check, says in one line how to fix a failure, other than its title", () => {
    expect(EVERY_CHECK.length).toBeGreaterThan(150);
    const unfit = EVERY_CHECK.filter(({ fix, title }) => fix.trim() === "" || fix.includes("\n") || fix.length > 200 || fix === title);
    expect(unfit.map((c) => c.id)).toEqual([]);
  });

  test("no ref and no fix points at DESIGN, a document users do not have", () => {
    expect(EVERY_CHECK.filter(({ ref, fix }) => /DESIGN/.test(ref) || /DESIGN/.test(fix)).map((c) => c.id)).toEqual([]);
  });

  test('every ref of the form docs/<page>.md "<Heading>" names a heading of that page', () => {
    const refs = EVERY_CHECK.map((c) => c.ref);
    expect(refs.filter((ref) => ref.match(DOC_SECTION) !== null).length).toBeGreaterThan(40);
    expect(unknownSections(refs, headingsOf)).toEqual([]);
  });

  test("a ref naming a heading its page does not have is caught, and one naming a real heading is not", () => {
    const refs = ['core 1.1.0 Ack; docs/rules.md "Timing"', 'docs/rules.md "Timings" (the ACK deadline)', 'docs/registry.md "The `on_subscribe` challenge"'];
    expect(unknownSections(refs, headingsOf)).toEqual(['docs/rules.md "Timings"']);
  });

  test("docs/checks.md gives each check an anchor of its id in lower case, and its fix", () => {
    const page = readFileSync(new URL("../../docs/checks.md", import.meta.url), "utf8");
    for (const check of [ALL_CHECKS_BY_ID.get("SIG-003"), RUN_CHECKS[0]]) {
      expect(page).toContain(`<a id="${check?.id.toLowerCase()}"></a>`);
      expect(page).toContain(`How to fix: ${check?.fix}`);
    }
    expect(page).not.toContain("DESIGN");
  });
});
