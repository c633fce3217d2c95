import type { PathSegment } from "../../protocol/shapes.js";
import type { BecknAction } from "../model/actions.js";
import type { ProfileName } from "../model/types.js";

/** MUST breaks make a message invalid; SHOULD breaks warn (and fail under `p2p-trade-strict`). */
export type RuleLevel = "MUST" | "SHOULD";

export interface RuleHit {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/**
 * A named rule that a JSON Schema cannot express well: a departure of the guide from core
 * 1.1.0, or a rule of the energy layer. `levels` says in which profiles it applies, and how hard.
 */
export interface NamedRule {
  readonly id: string;
  readonly title: string;
  /** Levels in the two base profiles; `p2p-trade-strict` is derived (see `levelIn`). */
  readonly levels: Readonly<Partial<Record<BaseProfile, RuleLevel>>>;
  readonly check: (body: Readonly<Record<string, unknown>>, action: BecknAction) => RuleHit[];
}

type BaseProfile = Exclude<ProfileName, "p2p-trade-strict">;

/** Level table shared by the guide's departures: tolerated by the guide profile, refused by core. */
export const DEPARTURE_LEVELS = { "core-1.1.0": "MUST", "p2p-trade-guide-v1": "SHOULD" } as const;
/** Level table of a P2P rule that the default profile requires. */
export const P2P_MUST = { "p2p-trade-guide-v1": "MUST" } as const;
/** Level table of a P2P recommendation: a warning by default. */
export const P2P_SHOULD = { "p2p-trade-guide-v1": "SHOULD" } as const;

/**
 * The level of a rule in a profile, or undefined when it does not apply there.
 * `p2p-trade-strict` is the default profile with every SHOULD raised to MUST.
 */
export function levelIn(rule: NamedRule, profile: ProfileName): RuleLevel | undefined {
  if (profile === "p2p-trade-strict") {
    return rule.levels["p2p-trade-guide-v1"] === undefined ? undefined : "MUST";
  }
  return rule.levels[profile];
}
