/**
 * The BPP check catalogue: one ordered list, grouped by id prefix. Loading it throws on a
 * duplicate id, so an id can never mean two things. docs/checks.md is generated from it.
 */
import type { Check } from "../../../core/check.js";
import { ACK_CHECKS } from "./ack.js";
import { AUTH_CHECKS } from "./auth.js";
import { BUSINESS_CHECKS } from "./business.js";
import { CONTEXT_CHECKS } from "./context.js";
import { FLOW_CHECKS } from "./flow.js";
import { NEGATIVE_CHECKS } from "./negative.js";
import { SCHEMA_CHECKS } from "./schema.js";
import { SCENARIO_CHECKS } from "./scenario-values.js";
import { SIGNATURE_CHECKS } from "./signature.js";
import { TIMING_CHECKS } from "./timing.js";

export const BPP_CHECKS: readonly Check[] = [
  // SCH
  ...SCHEMA_CHECKS,
  // SIG
  ...SIGNATURE_CHECKS,
  // AUT
  ...AUTH_CHECKS,
  // CTX
  ...CONTEXT_CHECKS,
  // ACK
  ...ACK_CHECKS,
  // TIM
  ...TIMING_CHECKS,
  // BIZ
  ...BUSINESS_CHECKS,
  // FLW
  ...FLOW_CHECKS,
  // NEG
  ...NEGATIVE_CHECKS,
  // SCN
  ...SCENARIO_CHECKS,
];
