/** The mock registry's data: what it stores about each participant key, and what it publishes about itself. */

export const PARTICIPANT_TYPES = ["BAP", "BPP", "BG"] as const;
export type ParticipantType = (typeof PARTICIPANT_TYPES)[number];

/** Core 1.1.0 `Subscription.status`. */
export const PARTICIPANT_STATUSES = ["INITIATED", "UNDER_SUBSCRIPTION", "SUBSCRIBED", "EXPIRED", "UNSUBSCRIBED", "INVALID_SSL"] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

/**
 * One key of one participant, as the registry stores it. A subscriber may hold several entries:
 * one for each (unique_key_id, type, domain). Only public keys are ever stored.
 */
export interface ParticipantEntry {
  readonly subscriber_id: string;
  readonly url: string;
  readonly type: ParticipantType;
  readonly domain: string;
  readonly city?: string;
  readonly country?: string;
  readonly unique_key_id: string;
  readonly signing_public_key: string;
  /** Empty when a preloaded participant gave none (the harness knows only a SUT's signing key). */
  readonly encr_public_key: string;
  /** RFC 3339. */
  readonly valid_from: string;
  /** RFC 3339. */
  readonly valid_until: string;
  readonly status: ParticipantStatus;
  readonly created: string;
  readonly updated: string;
  /** Why the last subscription attempt failed (its challenge), when it did. Never emitted by lookup. */
  readonly reason?: string;
}

/** What `preload` takes: an entry without the bookkeeping, with defaults for status and validity. */
export interface PreloadInput {
  readonly subscriber_id: string;
  readonly url: string;
  readonly type: ParticipantType;
  readonly domain: string;
  readonly city?: string;
  readonly country?: string;
  readonly unique_key_id: string;
  readonly signing_public_key: string;
  /** Optional for preloads only; `/subscribe` and the config file require it. */
  readonly encr_public_key?: string;
  /** Defaults to now. */
  readonly valid_from?: string;
  /** Defaults to valid_from + 1 year. */
  readonly valid_until?: string;
  /** Defaults to SUBSCRIBED. */
  readonly status?: ParticipantStatus;
}

/** What `GET /` answers: the registry's own public keys. Not a lookup entry. */
export interface RegistryInfo {
  readonly subscriber_id: string;
  readonly type: "REGISTRY";
  /** The key id in the `Authorization` header of the registry's `on_subscribe` calls. */
  readonly unique_key_id: string;
  /** X25519, raw 32 bytes, base64: the key the subscriber uses to decrypt the challenge. */
  readonly encr_public_key: string;
  /** ed25519, raw 32 bytes, base64: verifies the registry's `on_subscribe` signatures. */
  readonly signing_public_key: string;
}

/** A problem with one field of a request or a config file, named by its JSON path. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}
