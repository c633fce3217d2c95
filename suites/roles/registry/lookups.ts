/**
 * The lookups the harness sends once its registrations are settled (scenarios/registry.json): one per
 * filter, each naming a value that some registrations have and others lack; and the malformed lookups
 * a registry must refuse with a 4xx.
 */
import type { Probe } from "../../core/check.js";
import type { Registration } from "./registrations.js";
import { lookupKind, probeOf, type FilterField, type RegistryStep } from "./scenario.js";

export interface PlannedLookup {
  /** `lookup:<filter>`: the checks find their exchange by it. */
  readonly step: string;
  readonly filter: Readonly<Record<string, string>>;
}

function find(registrations: readonly Registration[], label: string | undefined): Registration {
  const found = registrations.find((r) => r.label === label);
  if (!found) {
    throw new Error(`No registration ${String(label)}.`);
  }
  return found;
}

/** A registration's value of a filter field. */
function valueOf(registration: Registration, field: FilterField): string {
  switch (field) {
    case "subscriber_id":
      return registration.identity.subscriberId;
    case "unique_key_id":
      return registration.identity.uniqueKeyId;
    default:
      return registration[field];
  }
}

/** One lookup per filter step, its values taken from the registration it names. */
export function plannedLookups(steps: readonly RegistryStep[], registrations: readonly Registration[]): PlannedLookup[] {
  return steps
    .filter((s) => lookupKind(s) === "filter")
    .map((s) => ({
      step: s.id,
      filter: s.filter ?? Object.fromEntries((s.fields ?? []).map((field) => [field, valueOf(find(registrations, s.of), field)])),
    }));
}

export interface MalformedLookup {
  readonly step: string;
  readonly probe: Probe;
  readonly rawBody: string;
}

export function malformedLookups(steps: readonly RegistryStep[]): MalformedLookup[] {
  return steps.flatMap((s) => {
    const probe = probeOf(s);
    if (lookupKind(s) !== "malformed" || !probe) {
      return [];
    }
    return [{ step: s.id, probe, rawBody: s.rawBody ?? JSON.stringify({ subscriber_id: "x".repeat(s.oversizedBytes ?? 0) }) }];
  });
}
