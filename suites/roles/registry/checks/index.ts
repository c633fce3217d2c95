/**
 * The registry check catalogue, in id order: lookup answers and filters (REG-001…008), the entries
 * (REG-009…014), keys and the subscription flow (REG-015…019, REG-025), malformed lookups (REG-020…024).
 */
import type { Check } from "../../../core/check.js";
import { REG_009, REG_010, REG_011, REG_012, REG_013, REG_014 } from "./entries.js";
import { FILTER_CHECKS, REG_001, REG_002 } from "./lookup.js";
import { REG_020, REG_021, REG_022, REG_023, REG_024 } from "./malformed.js";
import { REG_015, REG_016, REG_017, REG_018, REG_019, REG_025 } from "./subscribe.js";

export const REGISTRY_CHECKS: readonly Check[] = [
  // REG
  REG_001,
  REG_002,
  ...FILTER_CHECKS,
  REG_009,
  REG_010,
  REG_011,
  REG_012,
  REG_013,
  REG_014,
  REG_015,
  REG_016,
  REG_017,
  REG_018,
  REG_019,
  REG_020,
  REG_021,
  REG_022,
  REG_023,
  REG_024,
  REG_025,
];
