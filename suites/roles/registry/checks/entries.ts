/**
 * REG-009…REG-014: what every entry of every lookup answer must be: SUBSCRIBED, valid now,
 * complete enough for a lookup client, with a well-formed signing key, and free of private keys.
 */
import { importPublicKey } from "../../../../protocol/keys.js";
import { defineCheck } from "../../../core/define-check.js";
import type { Exchange, CheckFinding } from "../../../core/check.js";
import { entriesOf, isAnsweredLookup, isRegistration, keyIdOf, MAX_FINDINGS, nameOf, registrationsOf, subscriberIdOf, urlOf, type Entry } from "./read.js";
import { finding } from "../../../core/finding.js";

const ENTRY_REF = 'core 1.1.0 Subscription; docs/registry.md "The rules the REG checks apply"';

/** One finding per offending entry, at most MAX_FINDINGS. */
function perEntry(exchange: Exchange, judge: (entry: Entry) => CheckFinding | undefined): CheckFinding[] {
  return (entriesOf(exchange) ?? [])
    .flatMap((entry) => {
      const found = judge(entry);
      return found ? [found] : [];
    })
    .slice(0, MAX_FINDINGS);
}

export const REG_009 = defineCheck({
  id: "REG-009",
  title: "A lookup returns only SUBSCRIBED entries",
  severity: "MUST",
  ref: `${ENTRY_REF} (Entries: status)`,
  fix: "Return only entries whose `status` is SUBSCRIBED; leave INITIATED, UNDER_SUBSCRIPTION and the rest out.",
  appliesTo: isAnsweredLookup,
  run: (exchange) =>
    perEntry(exchange, (entry) =>
      entry["status"] === undefined || entry["status"] === "SUBSCRIBED"
        ? undefined
        : finding(
            `The lookup returned ${nameOf(entry)} with status ${JSON.stringify(entry["status"])}; return only SUBSCRIBED entries (a subscriber that is INITIATED, UNDER_SUBSCRIPTION, EXPIRED or UNSUBSCRIBED is not verified).`,
            { expected: "SUBSCRIBED", actual: entry["status"] },
          ),
    ),
});

const VALIDITY_PROBES = new Set(["expired-key", "not-yet-valid-key"]);

export const REG_010 = defineCheck({
  id: "REG-010",
  title: "A lookup returns only keys that are valid now",
  severity: "MUST",
  ref: `${ENTRY_REF} (Entries: valid_from, valid_until)`,
  fix: "Return only keys that are valid now: `valid_from` in the past and `valid_until` in the future.",
  appliesTo: isAnsweredLookup,
  run: (exchange, ctx) => {
    const now = exchange.request.sentAt;
    const skewMs = ctx.skewSeconds * 1000;
    const stale = perEntry(exchange, (entry) => {
      const from = typeof entry["valid_from"] === "string" ? Date.parse(entry["valid_from"]) : Number.NaN;
      const until = typeof entry["valid_until"] === "string" ? Date.parse(entry["valid_until"]) : Number.NaN;
      const outside = from > now + skewMs || until <= now - skewMs;
      return outside
        ? finding(
            `The lookup returned ${nameOf(entry)}, whose key is valid only from ${String(entry["valid_from"])} until ${String(entry["valid_until"])}; return only keys with valid_from ≤ now < valid_until.`,
            { expected: `valid at ${new Date(now).toISOString()}`, actual: { valid_from: entry["valid_from"], valid_until: entry["valid_until"] } },
          )
        : undefined;
    });
    const probes = registrationsOf(ctx).filter((r) => r.probe !== undefined && VALIDITY_PROBES.has(r.probe));
    const returned = probes
      .filter((r) => (entriesOf(exchange) ?? []).some((e) => isRegistration(e, r)))
      .map((r) =>
        finding(
          `The lookup returned ${r.subscription["subscriber_id"]}, which the harness registered with a key valid only from ${r.subscription["valid_from"]} until ${r.subscription["valid_until"]}; never return a key outside its validity.`,
          {
            expected: "absent",
            actual: "returned",
          },
        ),
      );
    return [...stale, ...returned];
  },
});

const REQUIRED: readonly (readonly [string, (entry: Entry) => unknown])[] = [
  ["subscriber_id", subscriberIdOf],
  ["url (or subscriber_url)", urlOf],
  ["type", (e) => (typeof e["type"] === "string" ? e["type"] : undefined)],
  ["domain", (e) => (typeof e["domain"] === "string" ? e["domain"] : undefined)],
  ["signing_public_key", (e) => (typeof e["signing_public_key"] === "string" && e["signing_public_key"] !== "" ? e["signing_public_key"] : undefined)],
  ["unique_key_id (or key_id, or ukId)", keyIdOf],
];

export const REG_011 = defineCheck({
  id: "REG-011",
  title: "Every entry has the fields a lookup client needs",
  severity: "MUST",
  ref: `${ENTRY_REF} (Entries: subscriber_id, url, type, domain, key id, signing_public_key)`,
  fix: "Give every entry subscriber_id, subscriber_url, type, domain, a key id (ukId or unique_key_id) and signing_public_key.",
  appliesTo: isAnsweredLookup,
  run: (exchange) =>
    perEntry(exchange, (entry) => {
      const absent = REQUIRED.filter(([, read]) => read(entry) === undefined).map(([name]) => name);
      return absent.length === 0
        ? undefined
        : finding(`The entry ${nameOf(entry)} has no ${absent.join(", ")}; a client needs each to verify a signature and to call the subscriber back.`, {
            expected: REQUIRED.map(([name]) => name),
            actual: Object.keys(entry),
          });
    }),
});

const RECOMMENDED = ["valid_from", "valid_until", "status", "encr_public_key"] as const;

export const REG_012 = defineCheck({
  id: "REG-012",
  title: "Every entry states its key's validity and its status",
  severity: "SHOULD",
  ref: `${ENTRY_REF} (Entries: valid_from, valid_until, status, encr_public_key)`,
  fix: "Give every entry `valid_from`, `valid_until`, `status` and `encr_public_key`.",
  appliesTo: isAnsweredLookup,
  run: (exchange) =>
    perEntry(exchange, (entry) => {
      const absent = RECOMMENDED.filter((name) => typeof entry[name] !== "string");
      return absent.length === 0
        ? undefined
        : finding(`The entry ${nameOf(entry)} has no ${absent.join(", ")}; give them so a client can tell how long to trust the key.`, {
            expected: [...RECOMMENDED],
            actual: Object.keys(entry),
          });
    }),
});

/** The raw 32 bytes of an ed25519 public key in base64 (raw or DER SPKI), or undefined. */
export function rawSigningKey(b64: string): Buffer | undefined {
  try {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
      return undefined;
    }
    const x = importPublicKey(b64).export({ format: "jwk" }).x;
    return x ? Buffer.from(x, "base64url") : undefined;
  } catch {
    return undefined;
  }
}

export const REG_013 = defineCheck({
  id: "REG-013",
  title: "Every signing key is base64 ed25519, and the key the subscriber registered",
  severity: "MUST",
  ref: `${ENTRY_REF} (Entries: signing_public_key); BECKN-006 key encoding`,
  fix: "Publish `signing_public_key` as base64 of the raw 32-byte ed25519 public key, exactly the one the subscriber registered.",
  appliesTo: isAnsweredLookup,
  run: (exchange, ctx) => {
    const registrations = registrationsOf(ctx);
    return perEntry(exchange, (entry) => {
      const key = entry["signing_public_key"];
      if (typeof key !== "string" || key === "") {
        return undefined; // REG-011 reports a missing key
      }
      const raw = rawSigningKey(key);
      if (!raw) {
        return finding(
          `The signing_public_key of ${nameOf(entry)} is not an ed25519 public key in base64 (raw 32 bytes or DER SubjectPublicKeyInfo); emit keys as they were registered.`,
          { expected: "base64 ed25519 public key", actual: key.slice(0, 100) },
        );
      }
      const mine = registrations.find((r) => isRegistration(entry, r));
      const registered = mine ? rawSigningKey(mine.subscription["signing_public_key"] ?? "") : undefined;
      return registered && !registered.equals(raw)
        ? finding(
            `The signing_public_key of ${nameOf(entry)} is not the key the harness registered for it; return the registered key, or signatures will not verify.`,
            { expected: mine?.subscription["signing_public_key"], actual: key },
          )
        : undefined;
    });
  },
});

const PRIVATE_NAME = /priv|secret|seed|passw/i;
/** DER PKCS#8 of an ed25519 or X25519 private key, in base64, and PEM. */
const PRIVATE_VALUE = /^MC4CAQAwBQYDK2V[wu]|PRIVATE KEY/;

/** Paths of fields that look like private keys, by name or by value, at any depth. */
function privateLooking(value: unknown, path: string, signingKey: Buffer | undefined): string[] {
  if (typeof value === "string") {
    const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, "base64") : undefined;
    const seedAndPublic = bytes?.length === 64 && signingKey !== undefined && bytes.subarray(32).equals(signingKey);
    return PRIVATE_VALUE.test(value) || seedAndPublic ? [path] : [];
  }
  if (typeof value !== "object" || value === null) {
    return [];
  }
  return Object.entries(value).flatMap(([name, inner]) =>
    PRIVATE_NAME.test(name) ? [`${path}.${name}`] : privateLooking(inner, `${path}.${name}`, signingKey),
  );
}

export const REG_014 = defineCheck({
  id: "REG-014",
  title: "No entry carries a private key",
  severity: "MUST",
  ref: 'BECKN-006 key management: only public keys are published; docs/registry.md "The rules the REG checks apply" (Entries)',
  fix: "Publish public keys only: strip every private key field from an entry before answering.",
  appliesTo: isAnsweredLookup,
  run: (exchange) =>
    perEntry(exchange, (entry) => {
      const key = typeof entry["signing_public_key"] === "string" ? rawSigningKey(entry["signing_public_key"]) : undefined;
      const paths = privateLooking(entry, "$", key);
      return paths.length === 0
        ? undefined
        : finding(
            `The entry ${nameOf(entry)} has private-key-looking fields (${paths.join(", ")}); a registry stores and returns public keys only. Remove them and rotate the exposed keys.`,
            { expected: "no private key", actual: paths },
          );
    }),
});
