import { randomBytes } from "node:crypto";
import type { SubscriberEntry } from "../../protocol/registry-client.js";
import { faultSet, type FaultSpec } from "../common/fault-set.js";
import type { LookupCriteria } from "./lookup.js";
import type { RegistryInfo } from "./types.js";

/**
 * The registry's faults. Each changes exactly one behaviour; `check` names the REG check that
 * must catch it. docs/faults-registry.md prints this table, and a test keeps the two in step.
 */
export const REGISTRY_FAULTS = [
  { id: "reg.wrapped-array", description: "Answers a lookup with an object {\"subscribers\": [...]} instead of a bare JSON array.", caughtBy: ["REG"], check: "REG-001 finds a lookup answer that is not a bare JSON array." },
  { id: "reg.empty-lookup-empty", description: "Answers a lookup with no filter ({}) with an empty array.", caughtBy: ["REG"], check: "REG-002 finds subscribed entries missing from the answer to {}." },
  { id: "reg.ignore-type-filter", description: "Ignores the type filter of a lookup.", caughtBy: ["REG"], check: "REG-003 finds an entry of another type in a lookup by type." },
  { id: "reg.ignore-domain-filter", description: "Ignores the domain filter of a lookup.", caughtBy: ["REG"], check: "REG-004 finds an entry of another domain in a lookup by domain." },
  { id: "reg.ignore-city-filter", description: "Ignores the city filter of a lookup.", caughtBy: ["REG"], check: "REG-005 finds an entry of another city in a lookup by city." },
  { id: "reg.ignore-country-filter", description: "Ignores the country filter of a lookup.", caughtBy: ["REG"], check: "REG-006 finds an entry of another country in a lookup by country." },
  { id: "reg.ignore-subscriber-id-filter", description: "Ignores the subscriber_id filter of a lookup.", caughtBy: ["REG"], check: "REG-007 finds another subscriber in a lookup by subscriber_id." },
  { id: "reg.ignore-key-id-filter", description: "Ignores the key id filter (unique_key_id, key_id, ukId) of a lookup.", caughtBy: ["REG"], check: "REG-008 finds another key in a lookup by key id." },
  { id: "reg.return-unsubscribed", description: "Returns entries whatever their status (INITIATED, UNDER_SUBSCRIPTION…), not only SUBSCRIBED ones.", caughtBy: ["REG"], check: "REG-009 finds an entry whose status is not SUBSCRIBED." },
  { id: "reg.ignore-validity", description: "Returns keys outside their validity (expired, or not valid yet).", caughtBy: ["REG"], check: "REG-010 finds a key outside valid_from..valid_until." },
  { id: "reg.drop-signing-key", description: "Leaves signing_public_key out of every lookup entry.", caughtBy: ["REG"], check: "REG-011 finds an entry without signing_public_key." },
  { id: "reg.no-validity-fields", description: "Leaves valid_from and valid_until out of every lookup entry.", caughtBy: ["REG"], check: "REG-012 warns about an entry without its validity." },
  { id: "reg.hex-signing-key", description: "Emits signing_public_key as hex instead of base64.", caughtBy: ["REG"], check: "REG-013 finds a signing key that is not base64 ed25519." },
  { id: "reg.leak-private-key", description: "Adds a signing_private_key field to every lookup entry.", caughtBy: ["REG"], check: "REG-014 finds a private-key field in an entry." },
  { id: "reg.unpublished-signing-key", description: "Leaves signing_public_key out of its own keys at GET /.", caughtBy: ["REG"], check: "REG-015 warns about no signing key at GET /." },
  { id: "reg.challenge-wrong-key", description: "Encrypts the on_subscribe challenge with another X25519 key than the one it publishes at GET /.", caughtBy: ["REG"], check: "REG-025 warns about a challenge the subscriber cannot decrypt with X25519 and AES-256-ECB." },
  { id: "reg.no-challenge", description: "Accepts a subscription but never calls the subscriber's on_subscribe.", caughtBy: ["REG"], check: "REG-016 finds a valid subscription that was never challenged." },
  { id: "reg.never-subscribe", description: "Leaves a subscriber UNDER_SUBSCRIPTION even after the right challenge answer.", caughtBy: ["REG"], check: "REG-017 finds a subscriber that answered its challenge missing from lookups." },
  { id: "reg.accept-wrong-challenge", description: "Accepts any challenge answer: a wrong answer makes the subscriber SUBSCRIBED.", caughtBy: ["REG"], check: "REG-018 finds the subscriber that answered wrongly in a lookup." },
  { id: "reg.unsigned-on-subscribe", description: "Sends on_subscribe without an Authorization header.", caughtBy: ["REG"], check: "REG-019 warns about an on_subscribe call without the registry's signature." },
  { id: "reg.500-on-malformed", description: "Answers a malformed lookup (not JSON, a filter of the wrong type) with HTTP 500.", caughtBy: ["REG"], check: "REG-020 finds a 5xx for a malformed lookup." },
  { id: "reg.not-json-as-empty", description: "Reads a lookup body that is not JSON as {} and answers every entry.", caughtBy: ["REG"], check: "REG-021 finds a 2xx for a lookup that is not JSON." },
  { id: "reg.ignore-bad-filter", description: "Ignores the filters of a lookup when one has the wrong JSON type, and answers every entry.", caughtBy: ["REG"], check: "REG-022 finds a 2xx for a filter of the wrong type." },
  { id: "reg.no-body-limit", description: "Reads lookup bodies of up to 16 MiB instead of 64 KiB.", caughtBy: ["REG"], check: "REG-023 warns about a 2xx for an oversized lookup." },
  { id: "reg.silent-400", description: "Refuses a malformed lookup with an empty 400 body, naming nothing.", caughtBy: ["REG"], check: "REG-024 warns about a refusal that does not say what is wrong." },
] as const satisfies readonly FaultSpec[];

export type RegistryFaultId = (typeof REGISTRY_FAULTS)[number]["id"];
export type RegistryFaults = ReadonlySet<RegistryFaultId>;

export const REGISTRY_FAULT_IDS: readonly RegistryFaultId[] = REGISTRY_FAULTS.map((f) => f.id);

/** The fault set of a registry; an unknown id is refused with the list of known ones. */
export function registryFaults(given?: Iterable<string>): RegistryFaults {
  return faultSet(REGISTRY_FAULTS, given, "registry");
}

const IGNORED_FILTERS: readonly (readonly [RegistryFaultId, keyof LookupCriteria])[] = [
  ["reg.ignore-type-filter", "type"],
  ["reg.ignore-domain-filter", "domain"],
  ["reg.ignore-city-filter", "city"],
  ["reg.ignore-country-filter", "country"],
  ["reg.ignore-subscriber-id-filter", "subscriber_id"],
  ["reg.ignore-key-id-filter", "unique_key_id"],
];

/** The criteria a faulty registry actually applies: the ignored filters dropped. */
export function appliedCriteria(criteria: LookupCriteria, faults: RegistryFaults): LookupCriteria {
  const dropped = new Set(IGNORED_FILTERS.filter(([fault]) => faults.has(fault)).map(([, name]) => name));
  return Object.fromEntries(Object.entries(criteria).filter(([name]) => !dropped.has(name as keyof LookupCriteria))) as LookupCriteria;
}

/** One emitted entry as a faulty registry shapes it. */
function faultyEntry(entry: SubscriberEntry, faults: RegistryFaults): Record<string, unknown> {
  const { signing_public_key, valid_from, valid_until, ...rest } = entry;
  return {
    ...rest,
    ...(faults.has("reg.drop-signing-key") ? {} : { signing_public_key: faults.has("reg.hex-signing-key") ? Buffer.from(signing_public_key, "base64").toString("hex") : signing_public_key }),
    ...(faults.has("reg.no-validity-fields") ? {} : { valid_from, valid_until }),
    ...(faults.has("reg.leak-private-key") ? { signing_private_key: randomBytes(32).toString("base64") } : {}),
  };
}

/** The body of a lookup answer under the faults (the entries unchanged without any). */
export function lookupAnswer(criteria: LookupCriteria, entries: readonly SubscriberEntry[], faults: RegistryFaults): unknown {
  if (faults.size === 0) {
    return entries;
  }
  const shown = faults.has("reg.empty-lookup-empty") && Object.keys(criteria).length === 0 ? [] : entries.map((e) => faultyEntry(e, faults));
  return faults.has("reg.wrapped-array") ? { subscribers: shown } : shown;
}

/** What `GET /` publishes under the faults. */
export function publishedInfo(info: RegistryInfo, faults: RegistryFaults): Partial<RegistryInfo> {
  if (!faults.has("reg.unpublished-signing-key")) {
    return info;
  }
  const { signing_public_key: _hidden, ...rest } = info;
  return rest;
}
