import { describe, expect, test } from "vitest";
import { generateEncryptionKeyPair, generateSigningKeyPair } from "../keys.js";
import { blake2b512Base64 } from "./digest.js";
import { signBody, type SignBodyOptions } from "./sign.js";
import { VERIFY_FAILURE_REASONS, verifySignatureHeader, type VerifyFailureReason, type VerifyOptions } from "./verify.js";

const NOW_S = 1_750_000_000;
const NOW = (): number => NOW_S * 1000;
const SENDER = generateSigningKeyPair();
const STRANGER = generateSigningKeyPair();
const BODY = '{"context":{"action":"search","bap_id":"bap.example.com"},"message":{"intent":{}}}';
const TAMPERED = BODY.replace("search", "select");
const SIGN: SignBodyOptions = { rawBody: BODY, subscriberId: "bap.example.com", uniqueKeyId: "k1", privateKey: SENDER.privateKey, now: NOW };
const HEADER = signBody(SIGN).header;
const X25519_SPKI = Buffer.concat([Buffer.from("302a300506032b656e032100", "hex"), Buffer.from(generateEncryptionKeyPair().publicKey, "base64")]).toString(
  "base64",
);
const ED25519_SPKI = Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), Buffer.from(SENDER.publicKey, "base64")]).toString("base64");

function options(overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  return {
    header: HEADER,
    rawBody: BODY,
    kind: "authorization",
    lookupPublicKey: (subscriberId, uniqueKeyId) => (subscriberId === "bap.example.com" && uniqueKeyId === "k1" ? SENDER.publicKey : undefined),
    expectedSubscriberId: "bap.example.com",
    now: NOW,
    ...overrides,
  };
}

function signed(overrides: Partial<SignBodyOptions>): string {
  return signBody({ ...SIGN, ...overrides }).header;
}

const FAILURES: ReadonlyArray<readonly [string, VerifyFailureReason, Partial<VerifyOptions>, RegExp]> = [
  ["no header", "missing-header", { header: undefined }, /no Authorization header/],
  ["an empty header", "missing-header", { header: "  " }, /no Authorization header/],
  ["an unparseable header", "malformed-header", { header: "Signature keyId" }, /malformed: expected "="/],
  [
    "a wrong headers list",
    "malformed-header",
    { header: HEADER.replace("(created) (expires) digest", "(created) digest") },
    /expected "\(created\) \(expires\) digest"/,
  ],
  ["expires before created", "malformed-header", { header: signed({ created: NOW_S, expires: NOW_S - 1 }) }, /before it was created/],
  [
    "an rsa algorithm param",
    "unsupported-algorithm",
    { header: HEADER.replace('algorithm="ed25519"', 'algorithm="rsa-sha256"') },
    /"rsa-sha256".*expected "ed25519"/,
  ],
  ["a keyId naming another algorithm", "unsupported-algorithm", { header: HEADER.replace("k1|ed25519", "k1|x25519") }, /keyId algorithm "x25519"/],
  [
    "a key the lookup does not know",
    "unknown-key",
    { lookupPublicKey: () => undefined },
    /No signing public key is registered for subscriber "bap.example.com" with unique_key_id "k1"/,
  ],
  ["an async lookup that finds nothing", "unknown-key", { lookupPublicKey: () => Promise.resolve(undefined) }, /No signing public key/],
  ["a lookup that throws", "unknown-key", { lookupPublicKey: () => Promise.reject(new Error("registry down")) }, /failed: registry down/],
  ["a registered key that is not base64", "unknown-key", { lookupPublicKey: () => "not a key!" }, /unusable: .*base64/],
  ["a registered key of 16 bytes", "unknown-key", { lookupPublicKey: () => Buffer.alloc(16).toString("base64") }, /16 bytes/],
  ["a registered X25519 key", "unknown-key", { lookupPublicKey: () => X25519_SPKI }, /x25519 key; expected ed25519/],
  [
    "a body changed after signing, with the sender's Digest",
    "digest-mismatch",
    { rawBody: TAMPERED, claimedDigest: `BLAKE-512=${blake2b512Base64(BODY)}` },
    /sender claimed/,
  ],
  ["a body changed after signing", "bad-signature", { rawBody: TAMPERED }, /the body or the signature was altered/],
  ["a body changed with a Digest that matches it", "bad-signature", { rawBody: TAMPERED, claimedDigest: blake2b512Base64(TAMPERED) }, /altered/],
  ["a signature by another key", "bad-signature", { header: signed({ privateKey: STRANGER.privateKey }) }, /does not verify/],
  [
    "a signature of 32 bytes",
    "bad-signature",
    { header: HEADER.replace(/signature="[^"]*"/, `signature="${Buffer.alloc(32).toString("base64")}"`) },
    /32 bytes; expected a 64-byte/,
  ],
  [
    "a signature that expired 300 s ago",
    "expired",
    { header: signed({ created: NOW_S - 360, expires: NOW_S - 300 }) },
    /300 s ago; expected expires > now − 5 s/,
  ],
  [
    "a signature created 300 s in the future",
    "not-yet-valid",
    { header: signed({ created: NOW_S + 300 }) },
    /300 s in the future; expected created ≤ now \+ 5 s/,
  ],
  [
    "a keyId that is not the context's sender",
    "keyid-mismatch",
    { expectedSubscriberId: "other-bap.example.com" },
    /"bap.example.com", but the context names "other-bap.example.com"/,
  ],
  [
    "a signature lasting from 0 to 999999999999 where a day is the most",
    "lifetime-too-long",
    { header: signed({ created: 0, expires: 999_999_999_999 }), maxLifetimeSeconds: 86_400 },
    /lasts 999999999999 s .*expected at most 86400 s/,
  ],
  [
    "a clock that throws",
    "bad-signature",
    {
      now: () => {
        throw new Error("no clock");
      },
    },
    /unexpected error: no clock/,
  ],
];

describe("verifySignatureHeader failures", () => {
  test.for(FAILURES)("reports %s as %s", async ([, reason, overrides, detail]) => {
    const result = await verifySignatureHeader(options(overrides));
    expect(result).toEqual({ ok: false, reason, detail: expect.stringMatching(detail) });
    expect(JSON.stringify(result)).not.toContain(SENDER.privateKey);
  });

  test("every failure reason has a case of its own", () => {
    expect(new Set(FAILURES.map(([, reason]) => reason))).toEqual(new Set(VERIFY_FAILURE_REASONS));
  });

  test("names the gateway header in a gateway failure", async () => {
    const result = await verifySignatureHeader(options({ kind: "gateway", header: undefined }));
    expect(result).toMatchObject({ ok: false, detail: expect.stringMatching(/X-Gateway-Authorization/) });
  });
});

describe("verifySignatureHeader acceptance", () => {
  test.for([
    ["a fresh signature", (o) => o],
    ["a raw Uint8Array body", (o) => ({ ...o, rawBody: new TextEncoder().encode(BODY) })],
    ["created exactly at the skew limit", (o) => ({ ...o, header: signed({ created: NOW_S + 5 }) })],
    ["expires just inside the skew", (o) => ({ ...o, header: signed({ created: NOW_S - 60, expires: NOW_S - 4 }) })],
    ["a gateway header whose signer is not the context's sender", (o) => ({ ...o, kind: "gateway", expectedSubscriberId: "someone-else" })],
    ["no expected sender", ({ expectedSubscriberId: _, ...o }) => o],
    ["a matching claimed digest", (o) => ({ ...o, claimedDigest: blake2b512Base64(BODY) })],
    ["a DER SPKI registered key", (o) => ({ ...o, lookupPublicKey: () => ED25519_SPKI })],
    ["a wider skew", (o) => ({ ...o, header: signed({ created: NOW_S + 30 }), skewSeconds: 30 })],
    [
      "a header without algorithm and headers (cavage-12 defaults)",
      (o) => ({ ...o, header: HEADER.replace('algorithm="ed25519",', "").replace('headers="(created) (expires) digest",', "") }),
    ],
    ["ONDC's unspaced header list", (o) => ({ ...o, header: HEADER.replace("(created) (expires) digest", "(created)(expires)digest") })],
    ["comma-space separators", (o) => ({ ...o, header: HEADER.replaceAll('",', '", ') })],
  ] as ReadonlyArray<readonly [string, (o: VerifyOptions) => VerifyOptions]>)("accepts %s", async ([, change]) => {
    const result = await verifySignatureHeader(change(options()));
    expect(result).toMatchObject({ ok: true, keyId: { subscriberId: "bap.example.com", uniqueKeyId: "k1", algorithm: "ed25519" } });
  });

  test.for([
    ["created one second past the skew", { created: NOW_S + 6 }, "not-yet-valid"],
    ["expires exactly at now minus the skew", { created: NOW_S - 60, expires: NOW_S - 5 }, "expired"],
  ] as const)("refuses %s", async ([, sign, reason]) => {
    const result = await verifySignatureHeader(options({ header: signed(sign) }));
    expect(result).toMatchObject({ ok: false, reason });
  });
});
