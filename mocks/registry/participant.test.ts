import { describe, expect, test } from "vitest";
import { generateEncryptionKeyPair, generateSigningKeyPair } from "../../protocol/keys.js";
import { buildRegistry } from "./server.js";
import type { PreloadInput } from "./types.js";

const T0 = Date.parse("2025-06-01T00:00:00Z");
const signing = generateSigningKeyPair().publicKey;
const encryption = generateEncryptionKeyPair().publicKey;
/** Raw 32 bytes do not say which curve they are on; DER SPKI does. */
const derOf = (prefixHex: string, raw: string): string => Buffer.concat([Buffer.from(prefixHex, "hex"), Buffer.from(raw, "base64")]).toString("base64");
const encryptionDer = derOf("302a300506032b656e032100", encryption);
const signingDer = derOf("302a300506032b6570032100", signing);

const VALID = {
  subscriber_id: "bpp.valid",
  url: "http://127.0.0.1:9",
  type: "BPP",
  domain: "energy",
  unique_key_id: "k1",
  signing_public_key: signing,
  encr_public_key: encryption,
  nonce: "6f1f2c52-7f8a-4c59-9a3a-5d2f1c7b9e10",
};

describe("POST /subscribe field validation", () => {
  test.for([
    ["no subscriber_id", { subscriber_id: undefined }, "$.subscriber_id", /`subscriber_id` is missing/],
    ["a subscriber_id with a |", { subscriber_id: "a|b" }, "$.subscriber_id", /cannot go in a signature keyId/],
    ["no url", { url: undefined }, "$.url", /`url` is missing.*subscriber_url/],
    ["a url that is not http", { url: "ftp://x" }, "$.url", /not an absolute http\(s\) URL/],
    ["an unknown type", { type: "REGISTRY" }, "$.type", /expected one of BAP, BPP, BG/],
    ["no domain", { domain: undefined }, "$.domain", /`domain` is missing/],
    ["no key id under any name", { unique_key_id: undefined }, "$.unique_key_id", /also accepted as key_id or ukId/],
    ["a DER X25519 key as the signing key", { signing_public_key: encryptionDer }, "$.signing_public_key", /x25519 key; expected ed25519/],
    ["a short signing key", { signing_public_key: "AAAA" }, "$.signing_public_key", /3 bytes; expected raw 32 bytes or DER/],
    ["no encryption key", { encr_public_key: undefined }, "$.encr_public_key", /`encr_public_key` is missing/],
    ["a DER ed25519 key as the encryption key", { encr_public_key: signingDer }, "$.encr_public_key", /ed25519 key; expected x25519/],
    ["a zone-less valid_from", { valid_from: "2025-01-01T00:00:00" }, "$.valid_from", /RFC 3339/],
    ["valid_until before valid_from", { valid_from: "2025-02-01T00:00:00Z", valid_until: "2025-01-01T00:00:00Z" }, "$.valid_until", /not after `valid_from`/],
    ["a numeric nonce", { nonce: 7 }, "$.nonce", /`nonce` is a number; expected a string/],
    ["a numeric city", { city: 80 }, "$.city", /`city` is a number/],
  ] as const)("a subscription with %s gets a 400 NACK naming the field", async ([, change, path, message]) => {
    const { app, registry } = buildRegistry();
    const response = await app.inject({ method: "POST", url: "/subscribe", payload: JSON.stringify({ ...VALID, ...change }) });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ message: unknown; error: { code: string; message: string; paths: string } }>();
    expect(body).toMatchObject({ message: { ack: { status: "NACK" } }, error: { code: "30000", paths: path } });
    expect(body.error.message).toMatch(message);
    expect(registry.entries()).toEqual([]);
    await app.close();
  });

  test("aliases and DER keys are accepted: subscriber_url, key_id, core's nested location, DER SPKI keys", async () => {
    const { app, registry } = buildRegistry({ onSubscribeTimeoutMs: 50 });
    const { url: _url, unique_key_id: _key, ...rest } = VALID;
    const payload = {
      ...rest,
      subscriber_url: "http://127.0.0.1:9",
      key_id: "k9",
      type: "bap",
      signing_public_key: signingDer,
      encr_public_key: encryptionDer,
      location: { city: { code: "std:080" }, country: { code: "IND" } },
    };
    const response = await app.inject({ method: "POST", url: "/subscribe", payload });
    expect(response.json()).toEqual({ status: "UNDER_SUBSCRIPTION" });
    expect(registry.entries()[0]).toMatchObject({
      url: "http://127.0.0.1:9",
      unique_key_id: "k9",
      type: "BAP",
      city: "std:080",
      country: "IND",
      signing_public_key: signingDer,
    });
    await app.close();
  });
});

describe("preload", () => {
  const input: PreloadInput = {
    subscriber_id: "bpp.p",
    url: "http://127.0.0.1:9",
    type: "BPP",
    domain: "energy",
    unique_key_id: "k1",
    signing_public_key: signing,
  };

  test("defaults to SUBSCRIBED, valid from now for a year, with no encryption key needed", () => {
    const { registry } = buildRegistry({ now: () => T0 });
    expect(registry.preload(input)).toEqual({
      ...input,
      encr_public_key: "",
      valid_from: "2025-06-01T00:00:00.000Z",
      valid_until: "2026-06-01T00:00:00.000Z",
      status: "SUBSCRIBED",
      created: "2025-06-01T00:00:00.000Z",
      updated: "2025-06-01T00:00:00.000Z",
    });
    expect(registry.lookup({})).toHaveLength(1);
  });

  test("keeps several keys of one subscriber, replaces a key preloaded again, and removes them all", () => {
    let clock = T0;
    const { registry } = buildRegistry({ now: () => clock });
    registry.preload(input);
    registry.preload({ ...input, unique_key_id: "k2" });
    clock = T0 + 1000;
    registry.preload({ ...input, url: "http://127.0.0.1:10" });
    expect(registry.entries().map((e) => [e.unique_key_id, e.url, e.created, e.updated])).toEqual([
      ["k1", "http://127.0.0.1:10", "2025-06-01T00:00:00.000Z", "2025-06-01T00:00:01.000Z"],
      ["k2", "http://127.0.0.1:9", "2025-06-01T00:00:00.000Z", "2025-06-01T00:00:00.000Z"],
    ]);
    expect(registry.remove("bpp.p")).toBe(2);
    expect(registry.entries()).toEqual([]);
  });

  test.for([
    ["a status", { status: "UNSUBSCRIBED" }, { status: "UNSUBSCRIBED", type: "BPP" }],
    ["a lower-case type", { type: "bap" }, { status: "SUBSCRIBED", type: "BAP" }],
  ] as const)("takes %s as given", ([, change, expected]) => {
    const { registry } = buildRegistry();
    expect(registry.preload({ ...input, ...change } as PreloadInput)).toMatchObject(expected);
  });

  test("throws naming the field for a key it cannot use", () => {
    const { registry } = buildRegistry();
    expect(() => registry.preload({ ...input, signing_public_key: "AAAA" })).toThrow(/participant\.signing_public_key: The ed25519 public key is 3 bytes/);
  });

  test("stores only the entry's fields, never anything else a caller passed", () => {
    const { registry } = buildRegistry();
    const entry = registry.preload({ ...input, signing_private_key: "c2VjcmV0" } as PreloadInput);
    expect(JSON.stringify(entry)).not.toContain("c2VjcmV0");
  });
});
