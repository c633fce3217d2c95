import { describe, expect, test } from "vitest";
import { ALL_VARIANTS, mockOfVariant, roleOfVariant } from "./index.js";

describe("the variant table", () => {
  test("every id is unique, starts with its mock and has a short description, what it changes and the text that allows it", () => {
    expect(new Set(ALL_VARIANTS.map((v) => v.id)).size).toBe(ALL_VARIANTS.length);
    for (const v of ALL_VARIANTS) {
      expect(v.id).toMatch(/^(bpp|bap|gateway|registry|grid)\.[a-z0-9-]+$/);
      expect(mockOfVariant(v.id)).toBe(v.mock);
      expect(roleOfVariant(v.id)).toBe(v.role);
      expect(v.description.length).toBeGreaterThan(3);
      expect(v.changes.length).toBeGreaterThan(10);
      expect(v.description.length).toBeLessThan(v.changes.length);
      expect(v.source).toMatch(/guide|core|BECKN|layer-2|RFC|cavage/);
    }
  });

  test("a grid variant runs under the BPP role, and an unknown prefix names no role", () => {
    expect(roleOfVariant("grid.anything")).toBe("bpp");
    expect(roleOfVariant("nope.anything")).toBeUndefined();
    expect(roleOfVariant("bpp")).toBeUndefined();
  });
});
