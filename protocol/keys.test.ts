import { createPublicKey, diffieHellman, sign, verify } from "node:crypto";
import { describe, expect, test } from "vitest";
import {
  generateEncryptionKeyPair,
  generateSigningKeyPair,
  importEncryptionPrivateKey,
  importEncryptionPublicKey,
  importPrivateKey,
  importPublicKey,
  publicKeyFromPrivate,
} from "./keys.js";

/** BECKN-006 vector 1: a 64-byte libsodium secret key (seed‖public) and its public key. */
const PUBLIC_KEY = "awGPjRK6i/Vg/lWr+0xObclVxlwZXvTjWYtlu6NeOHk=";
const PRIVATE_KEY_64 = "lP3sHA+9gileOkXYJXh4Jg8tK0gEEMbf9yCPnFpbldhrAY+NErqL9WD+Vav7TE5tyVXGXBle9ONZi2W7o144eQ==";
const SEED_32 = Buffer.from(PRIVATE_KEY_64, "base64").subarray(0, 32).toString("base64");
const ED25519_SPKI = "302a300506032b6570032100";
const X25519_SPKI = "302a300506032b656e032100";
const X25519_PKCS8 = "302e020100300506032b656e04220420";

function der(prefixHex: string, rawB64: string): string {
  return Buffer.concat([Buffer.from(prefixHex, "hex"), Buffer.from(rawB64, "base64")]).toString("base64");
}

describe("ed25519 signing keys", () => {
  test("a generated pair is a raw 32-byte public key and a 32-byte seed that belong together", () => {
    const pair = generateSigningKeyPair();
    expect(Buffer.from(pair.publicKey, "base64")).toHaveLength(32);
    expect(Buffer.from(pair.privateKey, "base64")).toHaveLength(32);
    expect(publicKeyFromPrivate(pair.privateKey)).toBe(pair.publicKey);
  });

  test.for([
    ["the 64-byte seed‖public key", PRIVATE_KEY_64],
    ["the 32-byte seed", SEED_32],
  ] as const)("imports %s and derives the published public key", ([, privateKey]) => {
    const key = importPrivateKey(privateKey);
    expect(key.asymmetricKeyType).toBe("ed25519");
    expect(publicKeyFromPrivate(privateKey)).toBe(PUBLIC_KEY);
    const signature = sign(null, Buffer.from("hello"), key);
    expect(verify(null, Buffer.from("hello"), importPublicKey(PUBLIC_KEY), signature)).toBe(true);
  });

  test("a 64-byte key whose public half is another key's is refused", () => {
    const mismatched = Buffer.concat([Buffer.from(SEED_32, "base64"), Buffer.from(generateSigningKeyPair().publicKey, "base64")]).toString("base64");
    expect(() => importPrivateKey(mismatched)).toThrow(/last 32 bytes are not the public key of its first 32/);
  });

  test.for([
    ["48 bytes", Buffer.alloc(48).toString("base64"), /48 bytes; expected 32 \(seed\) or 64/],
    ["not base64", "not*base64", /not standard padded base64/],
    ["empty", "", /not standard padded base64/],
  ] as const)("a private key of %s is refused without repeating it", ([, b64, message]) => {
    expect(() => importPrivateKey(b64)).toThrow(message);
  });

  test.for([
    ["raw 32 bytes", PUBLIC_KEY],
    ["DER SPKI (44 bytes)", der(ED25519_SPKI, PUBLIC_KEY)],
  ] as const)("imports a public key given as %s", ([, b64]) => {
    const key = importPublicKey(b64);
    expect(key.asymmetricKeyType).toBe("ed25519");
    expect(key.export({ format: "jwk" }).x).toBe(Buffer.from(PUBLIC_KEY, "base64").toString("base64url"));
  });

  test.for([
    ["31 bytes", Buffer.alloc(31).toString("base64"), /31 bytes; expected raw 32 bytes or DER/],
    ["an X25519 SPKI", der(X25519_SPKI, generateEncryptionKeyPair().publicKey), /x25519 key; expected ed25519/],
  ] as const)("refuses a public key of %s", ([, b64, message]) => {
    expect(() => importPublicKey(b64)).toThrow(message);
  });
});

describe("X25519 encryption keys", () => {
  test("two generated pairs agree on the same shared secret both ways", () => {
    const alice = generateEncryptionKeyPair();
    const bob = generateEncryptionKeyPair();
    expect(Buffer.from(alice.publicKey, "base64")).toHaveLength(32);
    expect(Buffer.from(alice.privateKey, "base64")).toHaveLength(32);
    const ab = diffieHellman({ privateKey: importEncryptionPrivateKey(alice.privateKey), publicKey: importEncryptionPublicKey(bob.publicKey) });
    const ba = diffieHellman({ privateKey: importEncryptionPrivateKey(bob.privateKey), publicKey: importEncryptionPublicKey(alice.publicKey) });
    expect(ab).toHaveLength(32);
    expect(ab.equals(ba)).toBe(true);
  });

  test.for(["raw", "DER"] as const)("keys imported from %s base64 round-trip to the same raw keys", (form) => {
    const pair = generateEncryptionKeyPair();
    const publicB64 = form === "raw" ? pair.publicKey : der(X25519_SPKI, pair.publicKey);
    const privateB64 = form === "raw" ? pair.privateKey : der(X25519_PKCS8, pair.privateKey);
    const privateKey = importEncryptionPrivateKey(privateB64);
    expect(privateKey.export({ format: "jwk" }).d).toBe(Buffer.from(pair.privateKey, "base64").toString("base64url"));
    expect(createPublicKey(privateKey).export({ format: "jwk" }).x).toBe(importEncryptionPublicKey(publicB64).export({ format: "jwk" }).x);
  });

  test("an ed25519 key in DER is refused as an encryption key", () => {
    expect(() => importEncryptionPublicKey(der(ED25519_SPKI, PUBLIC_KEY))).toThrow(/ed25519 key; expected x25519/);
  });
});
