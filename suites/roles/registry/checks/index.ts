/**
 * The registry check catalogue, in id order: lookup answers and filters (REG-001…008), the entries
 * (REG-009…014), keys and the subscription flow (REG-015…019, REG-025), malformed lookups (REG-020…024).
 */
import type { Check } from "../../../core/check.js";
import { ENTRY_CHECKS } from "./entries.js";
import { LOOKUP_CHECKS } from "./lookup.js";
import { MALFORMED_CHECKS } from "./malformed.js";
import { SUBSCRIBE_CHECKS } from "./subscribe.js";

export const REGISTRY_CHECKS: readonly Check[] = [
  // REG
  ...LOOKUP_CHECKS,
  ...ENTRY_CHECKS,
  ...SUBSCRIBE_CHECKS,
  ...MALFORMED_CHECKS,
].sort((a, b) => a.id.localeCompare(b.id));
