import type { Check } from "./check.js";

/** Checks by id; throws on a duplicate, so an id can never mean two things (the catalogue's one guard). */
export function checksById(checks: readonly Check[]): ReadonlyMap<string, Check> {
  const map = new Map<string, Check>();
  for (const check of checks) {
    if (map.has(check.id)) {
      throw new Error(`Duplicate check id ${check.id} in the catalogue.`);
    }
    map.set(check.id, check);
  }
  return map;
}
