/**
 * The whole check catalogue: every role's checks, by role. An id means one thing across all roles
 * (loading throws on a duplicate), so a finding's id is enough to look its rule up.
 */
import type { Check } from "../core/check.js";
import { checksById } from "../core/catalogue.js";
import type { Role } from "../core/config.js";
import type { RoleDescription, RoleSetup } from "../core/role-suite.js";
import { BAP_ROLE } from "./bap/role.js";
import { BPP_ROLE } from "./bpp/role.js";
import { GATEWAY_ROLE } from "./gateway/role.js";
import { REGISTRY_ROLE } from "./registry/role.js";

/** Each role as its folder describes it (role.ts): title, checks in catalogue order, setup. Light: no suite is loaded. */
const ROLE_DESCRIPTIONS: Readonly<Record<Role, RoleDescription>> = { bpp: BPP_ROLE, bap: BAP_ROLE, gateway: GATEWAY_ROLE, registry: REGISTRY_ROLE };

const byRole = <T>(pick: (entry: RoleDescription) => T): Readonly<Record<Role, T>> =>
  Object.fromEntries(Object.entries(ROLE_DESCRIPTIONS).map(([role, entry]) => [role, pick(entry)])) as Record<Role, T>;

export const CATALOGUE: Readonly<Record<Role, readonly Check[]>> = byRole((entry) => entry.checks);
export const ROLE_TITLES: Readonly<Record<Role, string>> = byRole((entry) => entry.title);
/** What the CLI must know of each role before a run (ports the SUT is told, a registry shared in bulk runs). */
export const ROLE_SETUP: Readonly<Record<Role, RoleSetup>> = byRole((entry) => entry.setup);

/** Every check of every role, by id. */
export const ALL_CHECKS_BY_ID: ReadonlyMap<string, Check> = checksById(Object.values(CATALOGUE).flat());
