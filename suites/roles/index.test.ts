import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { ROLES } from "../../results/index.js";
import { CATALOGUE, ROLE_TITLES } from "./catalogue.js";
import { SUITES } from "./index.js";

/** Every `role` enum in a JSON Schema document. */
function roleEnums(node: unknown, found: unknown[][] = []): unknown[][] {
  if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      const values = key === "role" ? (value as { enum?: unknown }).enum : undefined;
      if (Array.isArray(values)) {
        found.push(values);
      }
      roleEnums(value, found);
    }
  }
  return found;
}

const schema = (path: string): unknown => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8"));

test.for(ROLES)("the %s role has its suite, its checks and its title", async (role) => {
  const suite = await SUITES[role]();
  expect(suite.role).toBe(role);
  expect(suite.checks).toBe(CATALOGUE[role]);
  expect(ROLE_TITLES[role].length).toBeGreaterThan(10);
});

test("the public schemas name exactly the roles there are (a new role adds its name to both)", () => {
  const enums = [...roleEnums(schema("../../schemas/config.schema.json")), ...roleEnums(schema("../../reports/report.schema.json"))];
  expect(enums.length).toBeGreaterThanOrEqual(2);
  for (const values of enums) {
    expect(values).toEqual([...ROLES]);
  }
});
