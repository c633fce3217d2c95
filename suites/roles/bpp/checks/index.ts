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
];

/** The catalogue by id. */
export const CHECKS_BY_ID: ReadonlyMap<string, Check> = (() => {
  const map = new Map<string, Check>();
  for (const check of BPP_CHECKS) {
    if (map.has(check.id)) {
      throw new Error(`Duplicate check id ${check.id} in the catalogue.`);
    }
    map.set(check.id, check);
  }
  return map;
})();

/** The run-level checks that keep a run from passing vacuously (suites/core/judge.ts). */
export const RUN_CHECKS = [
  { id: "RUN-001", title: "At least one check ran" },
  { id: "RUN-002", title: "Not every answer was a NACK" },
  { id: "RUN-003", title: "At least one callback arrived" },
] as const;
export const RUN_CHECK_IDS = RUN_CHECKS.map((c) => c.id);
