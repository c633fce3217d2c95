/**
 * The lookups the harness sends once its registrations are settled: one per filter, each naming a
 * value that some registrations have and others lack; and the malformed lookups a registry must
 * refuse with a 4xx.
 */
import type { Probe } from "../../core/check.js";
import type { Registration } from "./registrations.js";

export interface PlannedLookup {
  /** `lookup:<filter>`: the checks find their exchange by it. */
  readonly step: string;
  readonly filter: Readonly<Record<string, string>>;
}

/** Bigger than any lookup filter has reason to be, and than common servers' default body limits. */
export const OVERSIZED_LOOKUP_BYTES = 2 * 1024 * 1024;

function find(registrations: readonly Registration[], label: string): Registration {
  const found = registrations.find((r) => r.label === label);
  if (!found) {
    throw new Error(`No registration ${label}.`);
  }
  return found;
}

/** One lookup per filter, with values taken from the registrations that differ in it. */
export function plannedLookups(registrations: readonly Registration[]): PlannedLookup[] {
  const bap = find(registrations, "bap-2");
  const bg = find(registrations, "bg-3");
  const bpp = find(registrations, "bpp-1");
  const secondKey = find(registrations, "bpp-1-key-2");
  return [
    { step: "lookup:all", filter: {} },
    { step: "lookup:type", filter: { type: "BAP" } },
    { step: "lookup:domain", filter: { domain: bg.domain } },
    { step: "lookup:city", filter: { city: bap.city } },
    { step: "lookup:country", filter: { country: bg.country } },
    { step: "lookup:subscriber-id", filter: { subscriber_id: bpp.identity.subscriberId } },
    { step: "lookup:key-id", filter: { subscriber_id: secondKey.identity.subscriberId, unique_key_id: secondKey.identity.uniqueKeyId } },
  ];
}

export interface MalformedLookup {
  readonly step: string;
  readonly probe: Probe;
  readonly rawBody: string;
}

const negative = (name: string, severity: Probe["severity"] = "MUST"): Probe => ({ kind: "negative", name, severity });

export function malformedLookups(): MalformedLookup[] {
  return [
    { step: "malformed:not-json", probe: negative("not-json"), rawBody: '{"subscriber_id": "bpp.example", ' },
    { step: "malformed:wrong-type", probe: negative("wrong-type"), rawBody: JSON.stringify({ subscriber_id: 42, domain: ["trade"] }) },
    { step: "malformed:oversized", probe: negative("oversized", "SHOULD"), rawBody: JSON.stringify({ subscriber_id: "x".repeat(OVERSIZED_LOOKUP_BYTES) }) },
  ];
}
