/**
 * The test participants the harness subscribes to a registry under test: several subscribers that
 * differ in type, domain, city, country and key id, so that every lookup filter has an entry it
 * must return and entries it must leave out; plus probes that must never be returned.
 */
import { randomUUID } from "node:crypto";
import { createIdentity, type Identity, type SubscriberType } from "../../../mocks/common/identity.js";
import type { Probe } from "../../core/check.js";

/** How the harness treats the registry's challenge for one registration. */
export type ChallengeAnswer = "right" | "wrong";

export interface Registration {
  /** Names the steps (`subscribe:<label>`, `confirm:<label>`) and the callback path. */
  readonly label: string;
  readonly identity: Identity;
  readonly domain: string;
  readonly city: string;
  readonly country: string;
  readonly answer: ChallengeAnswer;
  readonly validFrom?: string;
  readonly validUntil?: string;
  /** Set on registrations that must never appear in a lookup. */
  readonly probe?: Probe;
}

export interface Region {
  readonly domain: string;
  readonly city: string;
  readonly country: string;
}

const DAY_MS = 24 * 3600 * 1000;

/** Another value than `value`, from two fixed choices. */
const other = (value: string, a: string, b: string): string => (value === a ? b : a);

/** A short tag that keeps this run's subscribers apart from earlier runs' in a shared registry. */
export function runTag(): string {
  return randomUUID().slice(0, 8);
}

function identityOf(type: SubscriberType, name: string, tag: string, uniqueKeyId?: string): Identity {
  const identity = createIdentity(type, `${name}.${tag}.registry-test.p2p-conformance.local`);
  return uniqueKeyId ? { ...identity, uniqueKeyId } : identity;
}

/** The harness's registrations for one run. `now` dates the validity probes. */
export function registrationsFor(region: Region, tag: string, now: number): Registration[] {
  const { domain, city, country } = region;
  const domain2 = `${domain}-other`;
  const city2 = other(city, "std:080", "std:011");
  const country2 = other(country, "IND", "USA");
  const bpp = identityOf("BPP", "bpp-1", tag);
  const iso = (ms: number): string => new Date(ms).toISOString();
  const probe = (name: string): Probe => ({ kind: "negative", name, severity: "MUST" });
  return [
    { label: "bpp-1", identity: bpp, domain, city, country, answer: "right" },
    { label: "bpp-1-key-2", identity: createIdentity("BPP", bpp.subscriberId), domain, city, country, answer: "right" },
    { label: "bap-2", identity: identityOf("BAP", "bap-2", tag), domain, city: city2, country, answer: "right" },
    { label: "bg-3", identity: identityOf("BG", "bg-3", tag), domain: domain2, city, country: country2, answer: "right" },
    { label: "wrong-answer", identity: identityOf("BPP", "wrong-answer", tag), domain, city, country, answer: "wrong", probe: probe("wrong-challenge-answer") },
    {
      label: "expired-key",
      identity: identityOf("BPP", "expired-key", tag),
      domain,
      city,
      country,
      answer: "right",
      validFrom: iso(now - 2 * DAY_MS),
      validUntil: iso(now - DAY_MS),
      probe: probe("expired-key"),
    },
    {
      label: "future-key",
      identity: identityOf("BPP", "future-key", tag),
      domain,
      city,
      country,
      answer: "right",
      validFrom: iso(now + DAY_MS),
      validUntil: iso(now + 2 * DAY_MS),
      probe: probe("not-yet-valid-key"),
    },
  ];
}

/** The `/subscribe` body of a registration: a core Subscription plus nonce, public keys only. */
export function subscriptionBody(registration: Registration, url: string): Record<string, string> {
  const { identity } = registration;
  return {
    subscriber_id: identity.subscriberId,
    url,
    type: identity.type,
    domain: registration.domain,
    city: registration.city,
    country: registration.country,
    unique_key_id: identity.uniqueKeyId,
    signing_public_key: identity.signingPublicKey,
    encr_public_key: identity.encryptionPublicKey,
    ...(registration.validFrom ? { valid_from: registration.validFrom } : {}),
    ...(registration.validUntil ? { valid_until: registration.validUntil } : {}),
    nonce: randomUUID(),
  };
}
