import { createHash, randomBytes, sign } from "node:crypto";
import { describe, expect, test } from "vitest";
import { generateSigningKeyPair, importPrivateKey } from "../../keys.js";
import { blake2b512Base64 } from "../digest.js";
import { formatSignatureHeader } from "../header.js";
import { signBody } from "../sign.js";
import { buildSigningString } from "../signing-string.js";
import { blake2b } from "@noble/hashes/blake2.js";
import { escapedExcerpt } from "./difference.js";
import { diagnoseSignature, MAX_CANDIDATE_KEYS } from "./diagnose.js";
import { SIGNATURE_MISTAKES, type CandidateKey, type DiagnoseOptions, type SignatureMistake } from "./types.js";

const NOW_S = 1_750_000_000;
const SENDER = generateSigningKeyPair();
const SENDER_K2 = generateSigningKeyPair();
const PARTICIPANT = generateSigningKeyPair();
const CONTEXT_S = NOW_S - 3;
const CONTEXT = { domain: "energy", action: "search", bap_id: "bap.example.com", timestamp: new Date(CONTEXT_S * 1000 + 250).toISOString(), ttl: "PT30S" };
const VALUE = { context: CONTEXT, message: { intent: { item: { name: "Café", quantity: 5 } } } };
const BODY = JSON.stringify(VALUE);
const CANDIDATES: CandidateKey[] = [
  { subscriberId: "bap.example.com", uniqueKeyId: "k2", publicKey: SENDER_K2.publicKey, label: "its second key" },
  { subscriberId: "bpp.example.com", uniqueKeyId: "b1", publicKey: PARTICIPANT.publicKey, label: "the BPP" },
];

interface Signing {
  readonly text?: string;
  readonly body?: string;
  readonly digest?: string;
  readonly created?: number | string;
  readonly expires?: number | string;
  readonly privateKey?: string;
  readonly keyId?: string;
}

/** A header whose signature is made over `text` (default: BECKN-006's string) with the given key, times and keyId. */
function header(s: Signing = {}): string {
  const created = Number(s.created ?? NOW_S);
  const expires = Number(s.expires ?? NOW_S + 30);
  const digest = s.digest ?? blake2b512Base64(s.body ?? BODY);
  const text = s.text ?? buildSigningString({ created, expires, digest });
  const signature = sign(null, Buffer.from(text), importPrivateKey(s.privateKey ?? SENDER.privateKey)).toString("base64");
  const [subscriberId = "", uniqueKeyId = ""] = (s.keyId ?? "bap.example.com|k1").split("|");
  return formatSignatureHeader({ subscriberId, uniqueKeyId, created: NOW_S, expires: NOW_S + 30, signature })
    .replace(`created="${NOW_S}"`, `created="${s.created ?? NOW_S}"`)
    .replace(`expires="${NOW_S + 30}"`, `expires="${s.expires ?? NOW_S + 30}"`);
}

function options(overrides: Partial<DiagnoseOptions>): DiagnoseOptions {
  return {
    header: header(),
    rawBody: BODY,
    kind: "authorization",
    lookupPublicKey: (subscriberId, uniqueKeyId) => (subscriberId === "bap.example.com" && uniqueKeyId === "k1" ? SENDER.publicKey : undefined),
    candidates: CANDIDATES,
    expectedSubscriberId: "bap.example.com",
    at: NOW_S * 1000,
    ...overrides,
  };
}

const LINES: [string, string, string] = [`(created): ${NOW_S}`, `(expires): ${NOW_S + 30}`, `digest: BLAKE-512=${blake2b512Base64(BODY)}`];
const SPACED = JSON.stringify(VALUE, null, 1);
const UNSORTED = JSON.stringify({ message: VALUE.message, context: CONTEXT });
const ESCAPED = BODY.replace("Café", "Caf\\u00e9");
const rawBlake = createHash("blake2b512").update(BODY).digest();

const MISTAKES: ReadonlyArray<readonly [string, SignatureMistake, Partial<DiagnoseOptions>, RegExp]> = [
  ["a compact body signed, a spaced one sent", "body-compact", { rawBody: SPACED, header: header({ body: BODY }) }, /without its whitespace.*byte 1 \(`\\n/],
  ["the body pretty-printed with 2 spaces", "body-pretty-printed", { header: header({ body: JSON.stringify(VALUE, null, 2) }) }, /2 spaces.*byte 1 /],
  ["the body pretty-printed with 4 spaces", "body-pretty-printed", { header: header({ body: JSON.stringify(VALUE, null, 4) }) }, /4 spaces/],
  ["the body pretty-printed with tabs", "body-pretty-printed", { header: header({ body: JSON.stringify(VALUE, null, "\t") }) }, /tabs.*`\\n\\t/],
  [
    "the body with its keys sorted",
    "body-keys-sorted",
    {
      rawBody: UNSORTED,
      header: header({
        body: JSON.stringify({
          context: { action: "search", bap_id: "bap.example.com", domain: "energy", timestamp: CONTEXT.timestamp, ttl: "PT30S" },
          message: VALUE.message,
        }),
      }),
    },
    /keys sorted; the bytes you sent differ from those at byte 2 \(`message":\{"inten…` where the signature covers `context":\{"actio…`\)/,
  ],
  [
    "the body parsed and serialised again",
    "body-reserialised",
    { rawBody: ESCAPED, header: header({ body: BODY }) },
    /serialised again.*byte \d+ \(`\\\\u00e9/,
  ],
  [
    "a trailing newline signed but not sent",
    "body-trailing-whitespace",
    { header: header({ body: `${BODY}\n` }) },
    /with a trailing newline.*`\(the end\)` where the signature covers `\\n`/,
  ],
  [
    "a space added after signing",
    "body-trailing-whitespace",
    { rawBody: `${BODY} `, header: header({ body: BODY }) },
    /without its trailing whitespace; the bytes you sent differ from those at byte \d+ \(` ` where the signature covers `\(the end\)`\)/,
  ],
  ["SHA-512", "digest-sha512", { header: header({ digest: createHash("sha512").update(BODY).digest("base64") }) }, /SHA-512 in base64/],
  ["SHA-256", "digest-sha256", { header: header({ digest: createHash("sha256").update(BODY).digest("base64") }) }, /SHA-256 in base64/],
  [
    "BLAKE2b-256",
    "digest-blake2b-256",
    { header: header({ digest: Buffer.from(blake2b(Buffer.from(BODY), { dkLen: 32 })).toString("base64") }) },
    /BLAKE2b-256/,
  ],
  ["a hex digest", "digest-hex", { header: header({ digest: rawBlake.toString("hex") }) }, /BLAKE2b-512 in hex/],
  ["a base64url digest", "digest-base64url", { header: header({ digest: rawBlake.toString("base64url") }) }, /base64url/],
  ["an unpadded digest", "digest-unpadded", { header: header({ digest: rawBlake.toString("base64").replace(/=+$/, "") }) }, /without its == padding/],
  [
    "CRLF line breaks",
    "signing-string-crlf",
    { header: header({ text: LINES.join("\r\n") }) },
    /\\r\\n; BECKN-006's signing string differs from it at byte 21 \(`\\n\(expires\).*` where the signature covers `\\r\\n\(expires\)/,
  ],
  [
    "another line order",
    "signing-string-order",
    { header: header({ text: [LINES[1], LINES[0], LINES[2]].join("\n") }) },
    /another order.*byte 1 \(`created\).*covers `expires\)/,
  ],
  [
    "no space after the colons",
    "signing-string-spacing",
    { header: header({ text: LINES.map((l) => l.replace(": ", ":")).join("\n") }) },
    /without the space after each colon/,
  ],
  [
    "a trailing newline in the signing string",
    "signing-string-trailing-newline",
    { header: header({ text: `${LINES.join("\n")}\n` }) },
    /with a trailing newline.*`\(the end\)`/,
  ],
  [
    "no digest: prefix",
    "signing-string-no-digest-prefix",
    { header: header({ text: [LINES[0], LINES[1], LINES[2].slice(8)].join("\n") }) },
    /lacks `digest: `/,
  ],
  [
    "no BLAKE-512= label",
    "signing-string-no-digest-label",
    { header: header({ text: [LINES[0], LINES[1], LINES[2].replace("BLAKE-512=", "")].join("\n") }) },
    /lacks `BLAKE-512=`/,
  ],
  [
    "milliseconds signed under a header in seconds",
    "times-in-milliseconds",
    { header: header({ text: buildSigningString({ created: NOW_S * 1000, expires: (NOW_S + 30) * 1000, digest: blake2b512Base64(BODY) }) }) },
    /created and expires in milliseconds \(created 1750000000000/,
  ],
  [
    "milliseconds in the header",
    "times-in-milliseconds",
    { header: header({ created: NOW_S * 1000, expires: (NOW_S + 30) * 1000 }) },
    /header's created and expires are in milliseconds.*verifies over them as written/,
  ],
  [
    "created one second later",
    "times-off-by-one-second",
    { header: header({ text: buildSigningString({ created: NOW_S + 1, expires: NOW_S + 30, digest: blake2b512Base64(BODY) }) }) },
    /created 1750000001, expires 1750000030; the header says 1750000000/,
  ],
  [
    "the context's timestamp and ttl",
    "times-from-context",
    { header: header({ text: buildSigningString({ created: CONTEXT_S, expires: CONTEXT_S + 30, digest: blake2b512Base64(BODY) }) }) },
    /taken from the context's timestamp and ttl \(created 1749999997, expires 1750000027/,
  ],
  [
    "the subscriber's other key",
    "key-other-of-subscriber",
    { header: header({ privateKey: SENDER_K2.privateKey }) },
    /another key of "bap.example.com" \(unique_key_id "k2", its second key\)/,
  ],
  [
    "another participant's key",
    "key-other-participant",
    { header: header({ privateKey: PARTICIPANT.privateKey }) },
    /the key of "bpp.example.com" \(unique_key_id "b1", the BPP\), not with the key registered for the keyId "bap.example.com\|k1"/,
  ],
  [
    "a keyId naming another subscriber",
    "keyid-other-subscriber",
    {
      header: header({ keyId: "bpp.example.com|b1" }),
      candidates: [...CANDIDATES, { subscriberId: "bap.example.com", uniqueKeyId: "k1", publicKey: SENDER.publicKey }],
    },
    /names subscriber "bpp.example.com", but the sender the context names is "bap.example.com"; the signature verifies with the sender's key \(unique_key_id "k1"\)/,
  ],
];

describe("diagnoseSignature names the mistake behind a signature that does not verify", () => {
  test("the table covers every mistake the diagnoser knows", () => {
    expect(new Set(MISTAKES.map(([, mistake]) => mistake))).toEqual(new Set(SIGNATURE_MISTAKES));
  });

  test.each(MISTAKES)("%s → %s", async (_name, mistake, overrides, explanation) => {
    const diagnosis = await diagnoseSignature(options(overrides));
    expect(diagnosis.verdict).toBe("invalid");
    expect(diagnosis).toMatchObject({ mistake });
    expect(diagnosis.verdict === "invalid" && diagnosis.explanation).toMatch(explanation);
  });

  test("a correct signature is valid", async () => {
    expect(await diagnoseSignature(options({}))).toEqual({
      verdict: "valid",
      keyId: { subscriberId: "bap.example.com", uniqueKeyId: "k1", algorithm: "ed25519" },
      created: NOW_S,
      expires: NOW_S + 30,
    });
  });

  test("a real signature made by signBody is valid over the same bytes", async () => {
    const signed = signBody({
      rawBody: SPACED,
      subscriberId: "bap.example.com",
      uniqueKeyId: "k1",
      privateKey: SENDER.privateKey,
      created: NOW_S,
      expires: NOW_S + 30,
    });
    expect(await diagnoseSignature(options({ rawBody: SPACED, header: signed.header }))).toMatchObject({ verdict: "valid" });
  });

  test("random signature bytes get the plain failure and no invented mistake", async () => {
    const forged = header().replace(/signature="[^"]+"/, `signature="${randomBytes(64).toString("base64")}"`);
    const diagnosis = await diagnoseSignature(options({ header: forged }));
    expect(diagnosis).toMatchObject({ verdict: "invalid", reason: "bad-signature" });
    expect(diagnosis).not.toHaveProperty("mistake");
    expect(diagnosis).not.toHaveProperty("explanation");
  });

  test("a right signature outside its window is the time failure alone", async () => {
    const diagnosis = await diagnoseSignature(options({ at: (NOW_S + 3600) * 1000 }));
    expect(diagnosis).toMatchObject({ verdict: "invalid", reason: "expired" });
    expect(diagnosis).not.toHaveProperty("mistake");
  });

  test("a mistake is found even when the signature is also outside its window", async () => {
    const diagnosis = await diagnoseSignature(options({ header: header({ text: LINES.join("\r\n") }), at: (NOW_S + 3600) * 1000 }));
    expect(diagnosis).toMatchObject({ verdict: "invalid", reason: "expired", mistake: "signing-string-crlf" });
  });

  test("a gateway header is diagnosed the same way, without a sender check", async () => {
    const diagnosis = await diagnoseSignature(
      options({ kind: "gateway", header: header({ body: JSON.stringify(VALUE, null, 2), keyId: "bap.example.com|k1" }) }),
    );
    expect(diagnosis).toMatchObject({ mistake: "body-pretty-printed" });
  });

  test("no header, an unparseable header and a throwing lookup are plain failures, never a throw", async () => {
    expect(await diagnoseSignature(options({ header: undefined }))).toEqual(expect.objectContaining({ reason: "missing-header" }));
    expect(await diagnoseSignature(options({ header: "Signature keyId" }))).not.toHaveProperty("mistake");
    const throwing = await diagnoseSignature(
      options({
        header: header({ privateKey: PARTICIPANT.privateKey }),
        lookupPublicKey: () => {
          throw new Error("down");
        },
        candidates: [],
      }),
    );
    expect(throwing).toMatchObject({ verdict: "invalid", reason: "unknown-key" });
    expect(throwing).not.toHaveProperty("mistake");
  });

  test("the difference is at a byte offset (UTF-8), and its excerpts are escaped printable ASCII", async () => {
    const diagnosis = await diagnoseSignature(options({ header: header({ body: `${BODY}\n` }) }));
    expect(diagnosis.verdict === "invalid" && diagnosis.evidence?.difference).toEqual({
      offset: Buffer.byteLength(BODY),
      expected: "(the end)",
      signed: "\\n",
    });
    expect(escapedExcerpt(Buffer.from("a\u0007\u007f\té\\\r\n\u001b[31m"), 0)).toBe("a\\x07\\x7f\\t\\xc3\\xa9\\\\\\r\\n\\x1b[31m");
    expect(escapedExcerpt(Buffer.from("x".repeat(40)), 0)).toBe(`${"x".repeat(16)}…`);
  });

  test("a candidate key without a key id is named by its subscriber and label alone", async () => {
    const candidates = [{ subscriberId: "bpp.example.com", uniqueKeyId: "", publicKey: PARTICIPANT.publicKey, label: "the key you registered" }];
    const diagnosis = await diagnoseSignature(options({ header: header({ privateKey: PARTICIPANT.privateKey }), candidates }));
    expect(diagnosis.verdict === "invalid" && diagnosis.explanation).toMatch(
      /^the signature verifies with the key of "bpp.example.com" \(the key you registered\), not/,
    );
  });

  test("a body nested too deep to serialise again keeps the verifier's own failure", async () => {
    const deep = `${"[".repeat(50_000)}${"]".repeat(50_000)}`;
    const diagnosis = await diagnoseSignature(options({ rawBody: deep }));
    expect(diagnosis).toMatchObject({ verdict: "invalid", reason: "bad-signature", detail: expect.stringMatching(/does not verify with the registered key/) });
    expect(diagnosis).not.toHaveProperty("mistake");
  });

  test(`only the first ${MAX_CANDIDATE_KEYS} candidate keys are tried`, async () => {
    const filler = Array.from({ length: MAX_CANDIDATE_KEYS }, (_, i) => ({
      subscriberId: `p${i}`,
      uniqueKeyId: "k",
      publicKey: generateSigningKeyPair().publicKey,
    }));
    const diagnosis = await diagnoseSignature(options({ header: header({ privateKey: PARTICIPANT.privateKey }), candidates: [...filler, ...CANDIDATES] }));
    expect(diagnosis).toMatchObject({ reason: "bad-signature" });
    expect(diagnosis).not.toHaveProperty("mistake");
  });
});

test("the BLAKE2b-256 the diagnoser tries is RFC 7693's: the published digest of 'abc'", () => {
  expect(Buffer.from(blake2b(Buffer.from("abc"), { dkLen: 32 })).toString("hex")).toBe("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
});
