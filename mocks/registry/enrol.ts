import type { PublicIdentity } from "../common/identity.js";
import type { ParticipantEntry, PreloadInput } from "./types.js";

/** Where a participant trades: its city and country codes, when its entry names them. */
export interface Place {
  readonly city?: string | undefined;
  readonly country?: string | undefined;
}

/**
 * Puts a participant the network knows from the start in a registry, SUBSCRIBED: its identity's id,
 * type and keys at `url`, in `domain` (and `place`). The one way a mock network, a suite or a test
 * enrols a participant without the `/subscribe` challenge.
 */
export function enrol(
  registry: { preload(input: PreloadInput): ParticipantEntry },
  identity: Omit<PublicIdentity, "encryptionPublicKey"> & { readonly encryptionPublicKey?: string | undefined },
  url: string,
  domain: string,
  place: Place = {},
): ParticipantEntry {
  return registry.preload({
    subscriber_id: identity.subscriberId,
    url,
    type: identity.type,
    domain,
    unique_key_id: identity.uniqueKeyId,
    signing_public_key: identity.signingPublicKey,
    ...(identity.encryptionPublicKey ? { encr_public_key: identity.encryptionPublicKey } : {}),
    ...(place.city ? { city: place.city } : {}),
    ...(place.country ? { country: place.country } : {}),
  });
}
