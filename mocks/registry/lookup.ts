/** `/lookup`: reading the filter, matching entries, and the entry shape the registry emits. */
import type { SubscriberEntry } from "../../protocol/registry-client.js";
import { aliased, isObject, optionalString, participantType, region, shown } from "./fields.js";
import { KEY_ID_NAMES } from "./participant.js";
import type { FieldError, ParticipantEntry, ParticipantType } from "./types.js";

/** A parsed lookup filter: every criterion optional; the key id under whichever name it came. */
export interface LookupCriteria {
  readonly subscriber_id?: string;
  readonly type?: ParticipantType;
  readonly domain?: string;
  readonly city?: string;
  readonly country?: string;
  readonly unique_key_id?: string;
}

export type ParseLookupResult = { readonly ok: true; readonly criteria: LookupCriteria } | { readonly ok: false; readonly errors: readonly FieldError[] };

/**
 * Reads a lookup body. Fields other than the filters are ignored (core sends a whole
 * `Subscription` as the filter); a filter of the wrong type, or an unknown `type`, is an error.
 */
export function parseLookupFilter(body: unknown): ParseLookupResult {
  if (!isObject(body)) {
    return {
      ok: false,
      errors: [{ path: "$", message: `The lookup body is ${shown(body)}; expected a JSON object of optional filters ({} for every entry).` }],
    };
  }
  const errors: FieldError[] = [];
  const subscriberId = optionalString(body, "subscriber_id", "$", errors);
  const type = participantType(optionalString(body, "type", "$", errors), "$.type", errors);
  const domain = optionalString(body, "domain", "$", errors);
  const where = region(body, "$", errors);
  const keyId = aliased(body, KEY_ID_NAMES, "$", errors);
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    criteria: {
      ...(subscriberId !== undefined ? { subscriber_id: subscriberId } : {}),
      ...(type !== undefined ? { type } : {}),
      ...(domain !== undefined ? { domain } : {}),
      ...where,
      ...(keyId !== undefined ? { unique_key_id: keyId } : {}),
    },
  };
}

/** An entry with no city (country) serves every city (country); a filter with none wants any. */
function sameOrWildcard(wanted: string | undefined, has: string | undefined): boolean {
  return wanted === undefined || has === undefined || wanted === has;
}

/** Whether the entry's key is valid at `nowMs`: valid_from ≤ now < valid_until. */
export function isCurrent(entry: ParticipantEntry, nowMs: number): boolean {
  return Date.parse(entry.valid_from) <= nowMs && nowMs < Date.parse(entry.valid_until);
}

/** What a faulty registry stops checking (mocks/registry/faults.ts); both false by default. */
export interface LookupLeniency {
  readonly anyStatus?: boolean;
  readonly anyTime?: boolean;
}

/** A lookup answers only SUBSCRIBED entries whose keys are valid now and that match every criterion. */
export function matchesLookup(entry: ParticipantEntry, criteria: LookupCriteria, nowMs: number, leniency: LookupLeniency = {}): boolean {
  return (
    (leniency.anyStatus === true || entry.status === "SUBSCRIBED") &&
    (leniency.anyTime === true || isCurrent(entry, nowMs)) &&
    (criteria.subscriber_id === undefined || criteria.subscriber_id === entry.subscriber_id) &&
    (criteria.type === undefined || criteria.type === entry.type) &&
    (criteria.domain === undefined || criteria.domain === entry.domain) &&
    (criteria.unique_key_id === undefined || criteria.unique_key_id === entry.unique_key_id) &&
    sameOrWildcard(criteria.city, entry.city) &&
    sameOrWildcard(criteria.country, entry.country)
  );
}

/** The emitted shape: core's names and the common variants side by side; never a private key or the failure reason. */
export function toSubscriberEntry(entry: ParticipantEntry): SubscriberEntry {
  return {
    subscriber_id: entry.subscriber_id,
    url: entry.url,
    subscriber_url: entry.url,
    type: entry.type,
    domain: entry.domain,
    ...(entry.city !== undefined ? { city: entry.city } : {}),
    ...(entry.country !== undefined ? { country: entry.country } : {}),
    key_id: entry.unique_key_id,
    unique_key_id: entry.unique_key_id,
    ukId: entry.unique_key_id,
    signing_public_key: entry.signing_public_key,
    encr_public_key: entry.encr_public_key,
    valid_from: entry.valid_from,
    valid_until: entry.valid_until,
    status: entry.status,
    created: entry.created,
    updated: entry.updated,
  };
}
