/**
 * The whole check catalogue: every role's checks, by role. An id means one thing across all roles
 * (loading throws on a duplicate), so a finding's id is enough to look its rule up.
 */
import { BPP_CHECKS } from "../roles/bpp/checks/index.js";
import type { Role } from "./config.js";
import type { Check } from "./check.js";
import { BAP_CHECKS } from "../roles/bap/checks/index.js";
import { GATEWAY_CHECKS } from "../roles/gateway/checks/index.js";
import { REGISTRY_CHECKS } from "../roles/registry/checks/index.js";

export const CATALOGUE: Readonly<Record<Role, readonly Check[]>> = { bpp: BPP_CHECKS, bap: BAP_CHECKS, gateway: GATEWAY_CHECKS, registry: REGISTRY_CHECKS };

/** Every check of every role, by id. */
export const ALL_CHECKS_BY_ID: ReadonlyMap<string, Check> = (() => {
  const map = new Map<string, Check>();
  for (const check of Object.values(CATALOGUE).flat()) {
    if (map.has(check.id)) {
      throw new Error(`Duplicate check id ${check.id} in the catalogue.`);
    }
    map.set(check.id, check);
  }
  return map;
})();
