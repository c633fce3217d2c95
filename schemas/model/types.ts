/**
 * Public types of the validator. `validate(body, profile)` in `schemas/validate.ts`
 * takes the action from `context.action` and returns one finding per defect.
 */

/** The validation profiles; see docs/profiles.md. */
export const PROFILE_NAMES = ["p2p-trade-guide-v1", "core-1.1.0", "p2p-trade-strict"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];
export const DEFAULT_PROFILE: ProfileName = "p2p-trade-guide-v1";

export type FindingSeverity = "error" | "warning";

export interface ValidateOptions {
  /** `--closed`: also report every property core 1.1.0 does not define, as a warning (keyword `additionalProperties`). */
  readonly closed?: boolean;
}

export interface SchemaFinding {
  /** JSONPath of the offending value, e.g. `$.message.order.items[0].quantity`. */
  readonly path: string;
  /** The JSON Schema keyword that failed (`required`, `type`, …), or the rule id of a named rule. */
  readonly keyword: string;
  /** One sentence a developer can act on. */
  readonly message: string;
  readonly severity: FindingSeverity;
  /** The named rule this finding belongs to, when it comes from one (e.g. `guide-fulfillment-end`). */
  readonly rule?: string;
}

export interface ValidationResult {
  /** `context.action` when it is a known action, else null. */
  readonly action: string | null;
  readonly profile: ProfileName;
  /** True when no finding has severity `error`. Warnings never make a message invalid. */
  readonly valid: boolean;
  readonly findings: readonly SchemaFinding[];
}
