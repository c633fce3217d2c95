import { CLOCK_SKEW_SECONDS } from "../clock.js";
import { verify, type KeyObject } from "node:crypto";
import { systemClock, type Clock } from "../clock.js";
import { BoundedCache } from "../bounded-cache.js";
import { importPublicKey } from "../keys.js";

/** Imported public keys by their base64 text: importing costs more than verifying. */
const publicKeys = new BoundedCache<string, KeyObject>(256);
import { blake2b512Base64 } from "./digest.js";
import { parseSignatureHeader, shown, type KeyId, type SignatureParams } from "./header.js";
import { buildSigningString } from "./signing-string.js";

export const VERIFY_FAILURE_REASONS = [
  "missing-header",
  "malformed-header",
  "unsupported-algorithm",
  "unknown-key",
  "digest-mismatch",
  "bad-signature",
  "expired",
  "not-yet-valid",
  "keyid-mismatch",
  "lifetime-too-long",
] as const;

/**
 * The longest a signature may last (expires − created) where a receiver bounds it: one day, the
 * longest ttl a message may carry (MAX_TTL_MS). Every signature the harness and the mocks make lasts
 * max(ttl, 60 s) or an hour (SIG-006), so all of them fit.
 */
export const MAX_SIGNATURE_LIFETIME_SECONDS = 86_400;

export type VerifyFailureReason = (typeof VERIFY_FAILURE_REASONS)[number];

/** `authorization`: the sender's `Authorization`; `gateway`: `X-Gateway-Authorization` (or `Proxy-Authorization`). */
export type SignatureHeaderKind = "authorization" | "gateway";

/** Returns the base64 ed25519 public key registered under a keyId, or undefined. */
export type PublicKeyLookup = (subscriberId: string, uniqueKeyId: string) => Promise<string | undefined> | string | undefined;

export interface VerifyOptions {
  readonly header: string | undefined;
  readonly rawBody: Uint8Array | string;
  readonly kind: SignatureHeaderKind;
  readonly lookupPublicKey: PublicKeyLookup;
  /** The sender the context names; checked against the keyId only for kind `authorization`. */
  readonly expectedSubscriberId?: string;
  /** A digest the sender claimed separately (a `Digest: BLAKE-512=...` header), bare or prefixed. */
  readonly claimedDigest?: string;
  readonly now?: Clock;
  /** Defaults to 5. */
  readonly skewSeconds?: number;
  /** The longest expires − created accepted ("lifetime-too-long" beyond it); unbounded when absent. */
  readonly maxLifetimeSeconds?: number;
}

export type VerifyFailure = { readonly ok: false; readonly reason: VerifyFailureReason; readonly detail: string };

export type VerifyResult = { readonly ok: true; readonly keyId: KeyId; readonly created: number; readonly expires: number } | VerifyFailure;

const ED25519 = "ed25519";

function fail(reason: VerifyFailureReason, detail: string): VerifyFailure {
  return { ok: false, reason, detail };
}

function headerName(kind: SignatureHeaderKind): string {
  return kind === "gateway" ? "X-Gateway-Authorization header" : "Authorization header";
}

function at(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : `${seconds} (${date.toISOString()})`;
}

/** Checks that need neither the clock nor the key (the header list is the parser's: only BECKN-006's parses). */
function checkParams(p: SignatureParams, opts: VerifyOptions, name: string): VerifyFailure | undefined {
  if (p.expires < p.created) {
    return fail("malformed-header", `The ${name} expires at ${p.expires}, before it was created at ${p.created}; expected expires ≥ created.`);
  }
  const max = opts.maxLifetimeSeconds;
  if (max !== undefined && p.expires - p.created > max) {
    return fail("lifetime-too-long", `The ${name} lasts ${p.expires - p.created} s (created ${p.created}, expires ${p.expires}); expected at most ${max} s.`);
  }
  if (p.algorithm.toLowerCase() !== ED25519 || p.keyId.algorithm.toLowerCase() !== ED25519) {
    return fail(
      "unsupported-algorithm",
      `The ${name} names algorithm ${shown(p.algorithm)} and keyId algorithm ${shown(p.keyId.algorithm)}; expected "ed25519" for both.`,
    );
  }
  const expected = opts.expectedSubscriberId;
  if (opts.kind === "authorization" && expected !== undefined && expected !== p.keyId.subscriberId) {
    return fail(
      "keyid-mismatch",
      `The ${name}'s keyId names subscriber ${shown(p.keyId.subscriberId)}, but the context names ${shown(expected)} as the sender; expected the sender to sign with its own key.`,
    );
  }
  return undefined;
}

function checkTime(p: SignatureParams, opts: VerifyOptions, name: string): VerifyFailure | undefined {
  const now = (opts.now ?? systemClock)() / 1000;
  const skew = opts.skewSeconds ?? CLOCK_SKEW_SECONDS;
  const nowText = (): string => at(Math.floor(now)); // only a failure's detail needs it
  if (p.created > now + skew) {
    return fail(
      "not-yet-valid",
      `The ${name} was created at ${at(p.created)}, ${Math.round(p.created - now)} s in the future; expected created ≤ now + ${skew} s (now is ${nowText()}).`,
    );
  }
  if (p.expires <= now - skew) {
    return fail(
      "expired",
      `The ${name} expired at ${at(p.expires)}, ${Math.round(now - p.expires)} s ago; expected expires > now − ${skew} s (now is ${nowText()}).`,
    );
  }
  return undefined;
}

async function resolveKey(lookup: PublicKeyLookup, keyId: KeyId, name: string): Promise<KeyObject | VerifyFailure> {
  const who = `subscriber ${shown(keyId.subscriberId)} with unique_key_id ${shown(keyId.uniqueKeyId)}`;
  let b64: unknown;
  try {
    b64 = await lookup(keyId.subscriberId, keyId.uniqueKeyId);
  } catch (error) {
    return fail("unknown-key", `Looking up the key of ${who} named by the ${name} failed: ${(error as Error)?.message ?? String(error)}.`);
  }
  if (typeof b64 !== "string" || b64 === "") {
    return fail("unknown-key", `No signing public key is registered for ${who}, named by the ${name}; expected a registered key.`);
  }
  try {
    return publicKeys.getOrCreate(b64, importPublicKey);
  } catch (error) {
    return fail("unknown-key", `The key registered for ${who} is unusable: ${(error as Error).message}`);
  }
}

function bareDigest(claimed: string | undefined): string | undefined {
  const text = claimed?.trim();
  return text?.toUpperCase().startsWith("BLAKE-512=") ? text.slice("BLAKE-512=".length) : text;
}

function checkSignature(p: SignatureParams, key: KeyObject, opts: VerifyOptions, name: string): VerifyResult {
  const digest = blake2b512Base64(opts.rawBody);
  const signature = Buffer.from(p.signature, "base64");
  if (signature.length !== 64) {
    return fail("bad-signature", `The ${name}'s signature is ${signature.length} bytes; expected a 64-byte ed25519 signature in base64.`);
  }
  const signingString = buildSigningString({ created: p.created, expires: p.expires, digest });
  if (verify(null, Buffer.from(signingString, "utf8"), key, signature)) {
    return { ok: true, keyId: p.keyId, created: p.created, expires: p.expires };
  }
  const claimed = bareDigest(opts.claimedDigest);
  if (claimed !== undefined && claimed !== digest) {
    return fail(
      "digest-mismatch",
      `The received body's BLAKE-512 digest is ${digest}, but the sender claimed ${shown(claimed)}; expected them equal: the body was changed after signing.`,
    );
  }
  const keyText = `${p.keyId.subscriberId}|${p.keyId.uniqueKeyId}`;
  return fail(
    "bad-signature",
    `The ${name}'s signature does not verify with the registered key of ${shown(keyText)} over the received body (BLAKE-512 ${digest}), created ${p.created} and expires ${p.expires}; either the body or the signature was altered, or another key signed it.`,
  );
}

async function verifyOrThrow(opts: VerifyOptions): Promise<VerifyResult> {
  const name = headerName(opts.kind);
  if (typeof opts.header !== "string" || opts.header.trim() === "") {
    return fail("missing-header", `The request has no ${name}; expected "Signature keyId=\\"subscriber_id|unique_key_id|ed25519\\",...".`);
  }
  const parsed = parseSignatureHeader(opts.header);
  if (!parsed.ok) {
    return fail("malformed-header", `The ${name} is malformed: ${parsed.detail}.`);
  }
  const failure = checkParams(parsed.params, opts, name) ?? checkTime(parsed.params, opts, name);
  if (failure) {
    return failure;
  }
  const key = await resolveKey(opts.lookupPublicKey, parsed.params.keyId, name);
  return "ok" in key ? key : checkSignature(parsed.params, key, opts, name);
}

/** Verifies a BECKN-006 signature header over the raw body. Never throws. */
export async function verifySignatureHeader(opts: VerifyOptions): Promise<VerifyResult> {
  try {
    return await verifyOrThrow(opts);
  } catch (error) {
    return fail("bad-signature", `The signature could not be checked because of an unexpected error: ${(error as Error)?.message ?? String(error)}.`);
  }
}
