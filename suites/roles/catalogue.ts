/**
 * The whole check catalogue: every role's checks, by role. An id means one thing across all roles
 * (loading throws on a duplicate), so a finding's id is enough to look its rule up.
 */
import type { Check } from "../core/check.js";
import { checksById } from "../core/catalogue.js";
import type { Role } from "../core/config.js";
import { BAP_CHECKS } from "./bap/checks/index.js";
import { BPP_CHECKS } from "./bpp/checks/index.js";
import { GATEWAY_CHECKS } from "./gateway/checks/index.js";
import { REGISTRY_CHECKS } from "./registry/checks/index.js";

/** Each role's checks in catalogue order, and what the harness plays in its runs (docs/checks.md). */
const ROLE_CATALOGUES: Readonly<Record<Role, { readonly title: string; readonly checks: readonly Check[] }>> = {
  bpp: { title: "BPP (the prosumer's node): the harness plays the BAP, the gateway and the registry", checks: BPP_CHECKS },
  bap: { title: "BAP (the buyer's app): the harness plays the gateway, the BPPs and the registry", checks: BAP_CHECKS },
  gateway: { title: "Gateway: the harness plays the registry, several BPPs and a BAP", checks: GATEWAY_CHECKS },
  registry: { title: "Registry: the harness plays the subscribers and the lookup clients", checks: REGISTRY_CHECKS },
};

const byRole = <T>(pick: (entry: (typeof ROLE_CATALOGUES)[Role]) => T): Readonly<Record<Role, T>> =>
  Object.fromEntries(Object.entries(ROLE_CATALOGUES).map(([role, entry]) => [role, pick(entry)])) as Record<Role, T>;

export const CATALOGUE: Readonly<Record<Role, readonly Check[]>> = byRole((entry) => entry.checks);
export const ROLE_TITLES: Readonly<Record<Role, string>> = byRole((entry) => entry.title);

/** Every check of every role, by id. */
export const ALL_CHECKS_BY_ID: ReadonlyMap<string, Check> = checksById(Object.values(CATALOGUE).flat());
