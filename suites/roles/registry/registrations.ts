/**
 * The test participants the harness subscribes to a registry under test: several subscribers that
 * differ in type, domain, city, country and key id, so that every lookup filter has an entry it
 * must return and entries it must leave out; plus probes that must never be returned.
 */
import { randomUUID } from "node:crypto";
import { createIdentity, type Identity, type SubscriberType } from "../../../mocks/common/identity.js";
import type { Probe } from "../../core/check.js";
import { labelOf, probeOf, type RegistryStep } from "./scenario.js";

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

/** The harness's registrations for one run, one a subscribe step, in their order. `now` dates the validity probes. */
export function registrationsOf(steps: readonly RegistryStep[], region: Region, tag: string, now: number): Registration[] {
  const { domain, city, country } = region;
  const values = { domain: [domain, `${domain}-other`], city: [city, other(city, "std:080", "std:011")], country: [country, other(country, "IND", "USA")] };
  const pick = (field: keyof typeof values, choice: "run" | "other" = "run"): string => values[field][choice === "run" ? 0 : 1] ?? "";
  const iso = (days: number): string => new Date(now + days * DAY_MS).toISOString();
  const validity = { expired: { validFrom: iso(-2), validUntil: iso(-1) }, "not-yet-valid": { validFrom: iso(1), validUntil: iso(2) } };
  const registrations: Registration[] = [];
  for (const step of steps.filter((s) => s.action === "subscribe")) {
    const type = step.type ?? "BPP";
    const sameSubscriber = registrations.find((r) => r.label === step.keyOf);
    const probe = probeOf(step);
    registrations.push({
      label: labelOf(step),
      identity: sameSubscriber ? createIdentity(type, sameSubscriber.identity.subscriberId) : identityOf(type, labelOf(step), tag),
      domain: pick("domain", step.domain),
      city: pick("city", step.city),
      country: pick("country", step.country),
      answer: step.challenge ?? "right",
      ...(step.validity ? validity[step.validity] : {}),
      ...(probe ? { probe } : {}),
    });
  }
  return registrations;
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
