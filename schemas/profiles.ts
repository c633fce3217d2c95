import type { SchemaLayer } from "./compile.js";
import type { ProfileName } from "./model/types.js";
import { CONTEXT_RULES } from "./rules/context.js";
import { DEPARTURE_RULES } from "./rules/departures.js";
import { ENERGY_RULES } from "./rules/energy.js";
import type { NamedRule } from "./rules/rule.js";

export interface Profile {
  readonly name: ProfileName;
  readonly title: string;
  /** JSON Schema layers whose every error is an error of the message. */
  readonly schemaLayers: readonly SchemaLayer[];
}

/** The validation profiles. docs/profiles.md explains each, and a test keeps the two in step. */
export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  "p2p-trade-guide-v1": {
    name: "p2p-trade-guide-v1",
    title: "The P2P guide v1.0 on core 1.1.0, with the energy layer (default)",
    schemaLayers: ["core-open-layer2", "p2p-required"],
  },
  "core-1.1.0": {
    name: "core-1.1.0",
    title: "Beckn core 1.1.0 alone, as published: formats asserted, unknown properties allowed",
    schemaLayers: ["core"],
  },
  "p2p-trade-strict": {
    name: "p2p-trade-strict",
    title: "The default profile with every SHOULD raised to MUST",
    schemaLayers: ["core-open-layer2", "p2p-required"],
  },
};

/** Every named rule, in report order; each rule's levels say where it applies. */
export const NAMED_RULES: readonly NamedRule[] = [...CONTEXT_RULES, ...DEPARTURE_RULES, ...ENERGY_RULES];

const ids = new Set<string>();
for (const rule of NAMED_RULES) {
  if (ids.has(rule.id)) {
    throw new Error(`Duplicate named rule id: ${rule.id}`);
  }
  ids.add(rule.id);
}
