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

export const CATALOGUE: Readonly<Record<Role, readonly Check[]>> = { bpp: BPP_CHECKS, bap: BAP_CHECKS, gateway: GATEWAY_CHECKS, registry: REGISTRY_CHECKS };

/** Every check of every role, by id. */
export const ALL_CHECKS_BY_ID: ReadonlyMap<string, Check> = checksById(Object.values(CATALOGUE).flat());
