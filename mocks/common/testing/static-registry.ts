import type { LookupFilter, SubscriberEntry } from "../../../protocol/registry-client.js";
import type { Identity } from "../identity.js";

/**
 * An in-memory stand-in for a registry, for tests of the gateway and the BAP: lookups follow the
 * mock registry's rules (every filter optional, only SUBSCRIBED entries, an entry with no city
 * matches any city), with no HTTP in between.
 */
export interface StaticRegistry {
  readonly entries: SubscriberEntry[];
  lookup(filter: LookupFilter): Promise<SubscriberEntry[]>;
  lookupPublicKey(subscriberId: string, uniqueKeyId: string): Promise<string | undefined>;
}

export interface EntryOptions {
  readonly domain?: string;
  readonly city?: string;
  readonly status?: string;
}

/** A full registry entry for an identity reachable at `url`. */
export function subscriberEntry(identity: Identity, url: string, opts: EntryOptions = {}): SubscriberEntry {
  const now = new Date().toISOString();
  return {
    subscriber_id: identity.subscriberId,
    url,
    subscriber_url: url,
    type: identity.type,
    domain: opts.domain ?? "trade",
    ...(opts.city === undefined ? {} : { city: opts.city }),
    key_id: identity.uniqueKeyId,
    unique_key_id: identity.uniqueKeyId,
    ukId: identity.uniqueKeyId,
    signing_public_key: identity.signingPublicKey,
    encr_public_key: identity.encryptionPublicKey,
    valid_from: now,
    valid_until: new Date(Date.now() + 86_400_000).toISOString(),
    status: opts.status ?? "SUBSCRIBED",
    created: now,
    updated: now,
  };
}

function matches(entry: SubscriberEntry, filter: LookupFilter): boolean {
  const keyId = filter.unique_key_id ?? filter.key_id ?? filter.ukId;
  return (
    entry.status === "SUBSCRIBED" &&
    (filter.subscriber_id === undefined || entry.subscriber_id === filter.subscriber_id) &&
    (filter.type === undefined || entry.type === filter.type) &&
    (filter.domain === undefined || entry.domain === filter.domain) &&
    (filter.city === undefined || entry.city === undefined || entry.city === filter.city) &&
    (keyId === undefined || entry.unique_key_id === keyId)
  );
}

export function staticRegistry(entries: SubscriberEntry[] = []): StaticRegistry {
  return {
    entries,
    lookup: async (filter) => entries.filter((entry) => matches(entry, filter)),
    lookupPublicKey: async (subscriberId, uniqueKeyId) =>
      entries.find((entry) => matches(entry, { subscriber_id: subscriberId, unique_key_id: uniqueKeyId }))?.signing_public_key,
  };
}
