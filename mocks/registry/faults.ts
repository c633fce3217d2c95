import { randomBytes } from "node:crypto";
import type { SubscriberEntry } from "../../protocol/registry-client.js";
import type { FaultSpec } from "../common/behaviour.js";
import { faultSet } from "../common/fault-set.js";
import type { LookupCriteria } from "./lookup.js";
import type { RegistryInfo } from "./types.js";

/**
 * The registry's faults. Each changes exactly one behaviour; the self-test matrix
 * (test/self-test/registry-matrix.ts) lists the checks that catch each, and docs/faults-registry.md
 * is generated from the two.
 */
export const REGISTRY_FAULTS = [
  {
    id: "reg.wrapped-array",
    description: "Lookup answer wrapped in an object",
    changes: 'Answers a lookup with an object {"subscribers": [...]} instead of a bare JSON array.',
  },
  { id: "reg.empty-lookup-empty", description: "Empty answer to an empty lookup", changes: "Answers a lookup with no filter ({}) with an empty array." },
  { id: "reg.ignore-type-filter", description: "type filter ignored", changes: "Ignores the type filter of a lookup." },
  { id: "reg.ignore-domain-filter", description: "domain filter ignored", changes: "Ignores the domain filter of a lookup." },
  { id: "reg.ignore-city-filter", description: "city filter ignored", changes: "Ignores the city filter of a lookup." },
  { id: "reg.ignore-country-filter", description: "country filter ignored", changes: "Ignores the country filter of a lookup." },
  { id: "reg.ignore-subscriber-id-filter", description: "subscriber_id filter ignored", changes: "Ignores the subscriber_id filter of a lookup." },
  { id: "reg.ignore-key-id-filter", description: "Key id filter ignored", changes: "Ignores the key id filter (unique_key_id, key_id, ukId) of a lookup." },
  {
    id: "reg.return-unsubscribed",
    description: "Entries not SUBSCRIBED returned",
    changes: "Returns entries whatever their status (INITIATED, UNDER_SUBSCRIPTION…), not only SUBSCRIBED ones.",
  },
  {
    id: "reg.ignore-validity",
    description: "Keys outside their validity returned",
    changes: "Returns keys outside their validity (expired, or not valid yet).",
  },
  { id: "reg.drop-signing-key", description: "Entries without signing key", changes: "Leaves signing_public_key out of every lookup entry." },
  { id: "reg.no-validity-fields", description: "Entries without validity", changes: "Leaves valid_from and valid_until out of every lookup entry." },
  { id: "reg.hex-signing-key", description: "Signing key in hex", changes: "Emits signing_public_key as hex instead of base64." },
  { id: "reg.leak-private-key", description: "Private key in entries", changes: "Adds a signing_private_key field to every lookup entry." },
  { id: "reg.unpublished-signing-key", description: "No signing key at GET /", changes: "Leaves signing_public_key out of its own keys at GET /." },
  {
    id: "reg.challenge-wrong-key",
    description: "Challenge encrypted with another key",
    changes: "Encrypts the on_subscribe challenge with another X25519 key than the one it publishes at GET /.",
  },
  { id: "reg.no-challenge", description: "No challenge", changes: "Accepts a subscription but never calls the subscriber's on_subscribe." },
  { id: "reg.never-subscribe", description: "Never SUBSCRIBED", changes: "Leaves a subscriber UNDER_SUBSCRIPTION even after the right challenge answer." },
  {
    id: "reg.accept-wrong-challenge",
    description: "Wrong challenge answer accepted",
    changes: "Accepts any challenge answer: a wrong answer makes the subscriber SUBSCRIBED.",
  },
  { id: "reg.unsigned-on-subscribe", description: "Unsigned on_subscribe", changes: "Sends on_subscribe without an Authorization header." },
  {
    id: "reg.500-on-malformed",
    description: "HTTP 500 for a malformed lookup",
    changes: "Answers a malformed lookup (not JSON, a filter of the wrong type) with HTTP 500.",
  },
  {
    id: "reg.not-json-as-empty",
    description: "Body that is not JSON read as {}",
    changes: "Reads a lookup body that is not JSON as {} and answers every entry.",
  },
  {
    id: "reg.ignore-bad-filter",
    description: "Filter of the wrong type ignored",
    changes: "Ignores the filters of a lookup when one has the wrong JSON type, and answers every entry.",
  },
  { id: "reg.no-body-limit", description: "No body limit", changes: "Reads lookup bodies of up to 16 MiB instead of 64 KiB." },
  { id: "reg.silent-400", description: "Refusal naming nothing", changes: "Refuses a malformed lookup with an empty 400 body, naming nothing." },
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
    ...(faults.has("reg.drop-signing-key")
      ? {}
      : { signing_public_key: faults.has("reg.hex-signing-key") ? Buffer.from(signing_public_key, "base64").toString("hex") : signing_public_key }),
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
