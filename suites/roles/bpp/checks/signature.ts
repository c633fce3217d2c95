/**
 * SIG: the signatures on what the SUT sends to the harness. Every callback attributed to an
 * exchange is judged, solicited or not, whatever the harness's receiver answered it.
 */
import { parseIsoDuration } from "../../../../protocol/formats.js";
import {
  formatSignatureHeader,
  parseSignatureHeader,
  verifySignatureHeader,
  type PublicKeyLookup,
  type SignatureParams,
} from "../../../../protocol/signing/index.js";
import { defineCheck } from "../../../core/define-check.js";
import type { Check, CheckContext, Exchange, CheckFinding, ReceivedCallback } from "../../../core/check.js";
import { finding } from "../../../core/finding.js";
import { contextOf, headerOf } from "../../../core/read.js";
import { candidateKeys, messageNaming, signatureMistake, withDiagnosis } from "../../../core/signature-diagnosis.js";

const ED25519 = "ed25519";
const MAX_LIFETIME_SECONDS = 3600;
const HEADER_FORMAT =
  'Signature keyId="<subscriber_id>|<unique_key_id>|ed25519",algorithm="ed25519",created="…",expires="…",headers="(created) (expires) digest",signature="…"';

interface Signed {
  readonly callback: ReceivedCallback;
  readonly params: SignatureParams;
  readonly path: string;
}

const pathOf = (index: number): string => `callbacks[${index}].headers.authorization`;

function authorizationOf(callback: ReceivedCallback): string | undefined {
  return headerOf(callback.headers, "authorization");
}

/** The callbacks whose Authorization parses; SIG-003..SIG-007 judge only these. */
function signedCallbacks(exchange: Exchange): Signed[] {
  return exchange.callbacks.flatMap((callback, index) => {
    const header = authorizationOf(callback);
    const parsed = header === undefined ? undefined : parseSignatureHeader(header);
    return parsed?.ok ? [{ callback, params: parsed.params, path: pathOf(index) }] : [];
  });
}

const hasSigned = (exchange: Exchange): boolean => signedCallbacks(exchange).length > 0;

/**
 * The same signature with algorithm ed25519, so SIG-003 and SIG-004 judge only their own part and
 * the algorithm stays SIG-007's. Everything else is the parsed header as it is (the one parser,
 * protocol/signing/header.ts, already normalised the header list and filled cavage-12's defaults).
 */
function normalized(params: SignatureParams): string {
  const { keyId, created, expires, signature } = params;
  return formatSignatureHeader({ subscriberId: keyId.subscriberId, uniqueKeyId: keyId.uniqueKeyId, created, expires, signature });
}

/** The SUT's registered key, under any key id when the SUT gave none. */
function sutKeyLookup(ctx: CheckContext): PublicKeyLookup {
  const { subscriberId, uniqueKeyId, publicKey } = ctx.sut;
  return (sub, ukid) => (sub === subscriberId && (uniqueKeyId === undefined || ukid === uniqueKeyId) ? publicKey : undefined);
}

/** The keyId names the SUT but another key id than the one it registered (`--sut-key-id`). */
function otherKeyId(params: SignatureParams, ctx: CheckContext): boolean {
  const { subscriberId, uniqueKeyId } = ctx.sut;
  return uniqueKeyId !== undefined && params.keyId.subscriberId === subscriberId && params.keyId.uniqueKeyId !== uniqueKeyId;
}

function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

const SIG_001 = defineCheck({
  id: "SIG-001",
  title: "Every callback carries an Authorization header",
  severity: "MUST",
  ref: "BECKN-006 step 1",
  fix: 'Send every callback with an `Authorization: Signature keyId="…",algorithm="ed25519",created=…,expires=…,headers="(created) (expires) digest",signature="…"` header.',
  appliesTo: (exchange) => exchange.callbacks.length > 0,
  run: (exchange) =>
    exchange.callbacks.flatMap((callback, index) =>
      authorizationOf(callback) !== undefined
        ? []
        : [
            finding(
              "The callback has no Authorization header; sign every callback with your registered ed25519 key and send the Signature header (BECKN-006 step 1).",
              { path: pathOf(index), expected: HEADER_FORMAT, actual: { action: callback.action, headers: Object.keys(callback.headers ?? {}) } },
            ),
          ],
    ),
});

const SIG_002 = defineCheck({
  id: "SIG-002",
  title: "The Authorization header is a BECKN-006 Signature header",
  severity: "MUST",
  ref: "BECKN-006 step 1",
  fix: 'Write the header as BECKN-006 step 1 does: `Signature` followed by keyId="<subscriber_id>|<unique_key_id>|ed25519", algorithm, created, expires, headers and signature.',
  appliesTo: (exchange) => exchange.callbacks.some((callback) => authorizationOf(callback) !== undefined),
  run: (exchange) =>
    exchange.callbacks.flatMap((callback, index) => {
      const header = authorizationOf(callback);
      const parsed = header === undefined ? undefined : parseSignatureHeader(header);
      if (parsed === undefined || parsed.ok) {
        return [];
      }
      return [
        finding(
          'The callback\'s Authorization header is not a BECKN-006 Signature header; send the scheme Signature with keyId, created, expires and signature, and algorithm and headers="(created) (expires) digest" if at all (BECKN-006 step 1).',
          { path: pathOf(index), expected: HEADER_FORMAT, actual: { header: header?.slice(0, 200), problem: parsed.detail } },
        ),
      ];
    }),
});

/** Verifies a callback's (ed25519-normalised) header as if at `atMs`, with the given key lookup. */
function verifyAt(rawBody: string, params: Parameters<typeof normalized>[0], lookupPublicKey: PublicKeyLookup, atMs: number, skewSeconds: number) {
  return verifySignatureHeader({ header: normalized(params), rawBody, kind: "authorization", lookupPublicKey, now: () => atMs, skewSeconds });
}

/** The mistake behind a callback signature that does not verify, judged like SIG-003 at its own created. */
function mistakeOf(rawBody: string, params: SignatureParams, ctx: CheckContext) {
  const lookupPublicKey = sutKeyLookup(ctx);
  return signatureMistake({
    header: normalized(params),
    rawBody,
    kind: "authorization",
    lookupPublicKey,
    candidates: candidateKeys(ctx),
    at: params.created * 1000,
    skewSeconds: ctx.skewSeconds,
  });
}

const SIG_003 = defineCheck({
  id: "SIG-003",
  title: "The signature verifies over the raw callback bytes with the SUT's registered key",
  severity: "MUST",
  ref: "BECKN-006 step 4",
  fix: "Sign the exact bytes you send with the private key of the keyId you name; compute the BLAKE2b-512 digest over those bytes, not over a re-serialisation.",
  appliesTo: hasSigned,
  run: async (exchange, ctx) => {
    const findings: CheckFinding[] = [];
    for (const { callback, params, path } of signedCallbacks(exchange)) {
      // Judged at its own `created`: validity in time is SIG-004's, the algorithm SIG-007's.
      const result = await verifyAt(callback.rawBody, params, sutKeyLookup(ctx), params.created * 1000, ctx.skewSeconds);
      if (!result.ok) {
        const otherKey = otherKeyId(params, ctx);
        const mistake = otherKey ? undefined : await mistakeOf(callback.rawBody, params, ctx);
        findings.push(
          finding(
            otherKey
              ? `The keyId names the key id "${params.keyId.uniqueKeyId}", but the key registered (--sut-key-id) is "${ctx.sut.uniqueKeyId ?? ""}"; a receiver looks the key up by that id (BECKN-006 step 2), so sign under the unique_key_id you registered.`
              : messageNaming(
                  "The callback's signature does not verify over the bytes received with the key you registered",
                  "sign the exact bytes you send, with the private key of the keyId you name (BECKN-006 step 4).",
                  mistake,
                ),
            {
              path,
              expected: { keyId: `${ctx.sut.subscriberId}|${ctx.sut.uniqueKeyId ?? "<any>"}`, publicKey: ctx.sut.publicKey },
              actual: withDiagnosis(
                { keyId: `${params.keyId.subscriberId}|${params.keyId.uniqueKeyId}`, reason: result.reason, detail: result.detail },
                mistake,
              ),
            },
          ),
        );
      }
    }
    return findings;
  },
});

const SIG_004 = defineCheck({
  id: "SIG-004",
  title: "The signature is valid when the callback arrives",
  severity: "MUST",
  ref: 'BECKN-006 receiver verification (a `created` in the future or an `expires` in the past is refused); docs/rules.md "Contracts" (Signatures the harness accepts: valid at receipt, 5 s of skew)',
  fix: "Stamp `created` with the current time from an NTP-synced clock (never ahead of it) and `expires` after it by the message's ttl, so the signature is valid on arrival.",
  appliesTo: hasSigned,
  run: async (exchange, ctx) => {
    const findings: CheckFinding[] = [];
    for (const { callback, params, path } of signedCallbacks(exchange)) {
      // Time comes before the key in verifySignatureHeader: any other reason means the times are fine.
      const result = await verifyAt(callback.rawBody, params, () => undefined, callback.receivedAt, ctx.skewSeconds);
      if (!result.ok && (result.reason === "expired" || result.reason === "not-yet-valid" || result.reason === "malformed-header")) {
        const at = callback.receivedAt / 1000;
        findings.push(
          finding(
            "The callback's signature was not valid when it arrived; stamp created with the time of signing and expires after it, from a synchronised clock (BECKN-006 step 4).",
            {
              path,
              expected: `created ≤ ${Math.floor(at + ctx.skewSeconds)} and expires > ${Math.floor(at - ctx.skewSeconds)} (arrival ${iso(callback.receivedAt)}, skew ${ctx.skewSeconds} s)`,
              actual: { created: params.created, expires: params.expires, reason: result.reason },
            },
          ),
        );
      }
    }
    return findings;
  },
});

const SIG_005 = defineCheck({
  id: "SIG-005",
  title: "The keyId names the sender: the callback's bpp_id and the SUT's subscriber id",
  severity: "MUST",
  ref: "BECKN-006 step 2",
  fix: 'Name yourself in the keyId: "<subscriber_id>|<unique_key_id>|ed25519" with the subscriber_id you registered, the same one as the callback\'s `context.bpp_id`.',
  appliesTo: hasSigned,
  run: (exchange, ctx) =>
    signedCallbacks(exchange).flatMap(({ callback, params, path }) => {
      const context = contextOf(callback.body);
      const sender = callback.action.startsWith("on_") ? context["bpp_id"] : context["bap_id"];
      const signer = params.keyId.subscriberId;
      // A body that is not JSON names no sender (SCH-004 judges it); the keyId must still be the SUT.
      if (signer === ctx.sut.subscriberId && (signer === sender || callback.body === undefined)) {
        return [];
      }
      return [
        finding(
          "The callback's keyId names a subscriber other than its sender; sign with your own registry entry, the subscriber id you put in context.bpp_id (BECKN-006 step 2).",
          {
            path,
            expected: { keyIdSubscriber: ctx.sut.subscriberId, contextSender: ctx.sut.subscriberId },
            actual: { keyIdSubscriber: signer, contextSender: sender ?? null },
          },
        ),
      ];
    }),
});

/**
 * How long a callback's signature may last: BECKN-006 says expires − created "should be equal to
 * the TTL", and DESIGN caps a lifetime at 1 h. An on_search's ttl may be a catalogue's cache
 * duration (core 1.1.0 Catalog), a day say, so neither bound alone can hold for it: a lifetime
 * between the two, or equal to either, is right.
 */
export function lifetimeBounds(ttlSeconds: number): { readonly min: number; readonly max: number } {
  return { min: Math.min(ttlSeconds, MAX_LIFETIME_SECONDS), max: Math.max(ttlSeconds, MAX_LIFETIME_SECONDS) };
}

const SIG_006 = defineCheck({
  id: "SIG-006",
  title: "The signature lasts between the callback's ttl and 1 hour",
  severity: "SHOULD",
  ref: 'BECKN-006 (expires − created "should be equal to the TTL"); core 1.1.0 Catalog (an on_search ttl is a cache duration); docs/rules.md "Contracts" (Signatures the harness accepts)',
  fix: "Sign for the message's ttl: make `expires` − `created` at least the shorter and at most the longer of the ttl and one hour (3600 s).",
  appliesTo: hasSigned,
  run: (exchange) =>
    signedCallbacks(exchange).flatMap(({ callback, params, path }) => {
      const ttl = contextOf(callback.body)["ttl"];
      const ttlSeconds = Math.ceil((parseIsoDuration(ttl) ?? 0) / 1000);
      const { min, max } = lifetimeBounds(ttlSeconds);
      const lifetime = params.expires - params.created;
      if (lifetime >= min && lifetime <= max) {
        return [];
      }
      return [
        finding(
          "The callback's signature lasts less than its ttl (up to an hour) or more than both an hour and its ttl; set expires − created to the message's ttl, or to an hour (BECKN-006).",
          { path, expected: `${min} s ≤ expires − created ≤ ${max} s`, actual: { lifetimeSeconds: lifetime, ttl: typeof ttl === "string" ? ttl : null } },
        ),
      ];
    }),
});

const SIG_007 = defineCheck({
  id: "SIG-007",
  title: "The signature's algorithm is ed25519",
  severity: "MUST",
  ref: 'BECKN-006 step 1; draft-cavage-http-signatures-12 §2.1.3: an `algorithm` that "differs from or is incompatible with the algorithm or key material identified by keyId" (the registry\'s ed25519 key) means the receiver "MUST produce an error"',
  fix: 'Sign with ed25519 and say so: `algorithm="ed25519"` and ed25519 as the keyId\'s third part, matching the key type you registered.',
  appliesTo: hasSigned,
  run: (exchange) =>
    signedCallbacks(exchange).flatMap(({ params, path }) =>
      params.algorithm.toLowerCase() === ED25519 && params.keyId.algorithm.toLowerCase() === ED25519
        ? []
        : [
            finding(
              'The callback\'s signature names an algorithm other than ed25519; sign with ed25519 and write algorithm="ed25519" and a keyId ending in |ed25519 (BECKN-006 step 1).',
              {
                path,
                expected: { algorithm: ED25519, keyIdAlgorithm: ED25519 },
                actual: { algorithm: params.algorithm, keyIdAlgorithm: params.keyId.algorithm },
              },
            ),
          ],
    ),
});

/** The SIG checks, in id order. */
export const SIGNATURE_CHECKS: readonly Check[] = [SIG_001, SIG_002, SIG_003, SIG_004, SIG_005, SIG_006, SIG_007];
