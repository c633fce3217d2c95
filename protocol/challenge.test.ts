import { createCipheriv, diffieHellman } from "node:crypto";
import { describe, expect, test } from "vitest";
import { decryptChallenge, encryptChallenge } from "./challenge.js";
import { generateEncryptionKeyPair, importEncryptionPrivateKey, importEncryptionPublicKey, type KeyPair } from "./keys.js";

const X25519_SPKI = "302a300506032b656e032100";
const X25519_PKCS8 = "302e020100300506032b656e04220420";

function der(prefixHex: string, rawB64: string): string {
  return Buffer.concat([Buffer.from(prefixHex, "hex"), Buffer.from(rawB64, "base64")]).toString("base64");
}

const derPair = (pair: KeyPair): KeyPair => ({ publicKey: der(X25519_SPKI, pair.publicKey), privateKey: der(X25519_PKCS8, pair.privateKey) });

const registry = generateEncryptionKeyPair();
const subscriber = generateEncryptionKeyPair();
const PLAINTEXT = "f3b1c2d4-challenge-ü-✓";

describe("the on_subscribe challenge", () => {
  test.for([
    ["raw 32-byte keys", registry, subscriber],
    ["DER SPKI / PKCS#8 keys", derPair(registry), derPair(subscriber)],
    ["a DER registry pair and a raw subscriber pair", derPair(registry), subscriber],
  ] as const)("round-trips from registry to subscriber with %s", ([, reg, sub]) => {
    const challenge = encryptChallenge(PLAINTEXT, reg.privateKey, sub.publicKey);
    expect(challenge).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(decryptChallenge(challenge, sub.privateKey, reg.publicKey)).toBe(PLAINTEXT);
  });

  test("round-trips the other way, from subscriber to registry", () => {
    const challenge = encryptChallenge(PLAINTEXT, subscriber.privateKey, registry.publicKey);
    expect(decryptChallenge(challenge, registry.privateKey, subscriber.publicKey)).toBe(PLAINTEXT);
  });

  test("is AES-256-ECB with PKCS#7 padding under the raw X25519 shared secret", () => {
    const secret = diffieHellman({
      privateKey: importEncryptionPrivateKey(registry.privateKey),
      publicKey: importEncryptionPublicKey(subscriber.publicKey),
    });
    const cipher = createCipheriv("aes-256-ecb", secret, null);
    const expected = Buffer.concat([cipher.update("0123456789abcdef", "utf8"), cipher.final()]);
    expect(expected).toHaveLength(32);
    expect(encryptChallenge("0123456789abcdef", registry.privateKey, subscriber.publicKey)).toBe(expected.toString("base64"));
  });

  test.for([
    [
      "a stranger's private key",
      () =>
        decryptChallenge(encryptChallenge(PLAINTEXT, registry.privateKey, subscriber.publicKey), generateEncryptionKeyPair().privateKey, registry.publicKey),
    ],
    [
      "the wrong peer public key",
      () =>
        decryptChallenge(encryptChallenge(PLAINTEXT, registry.privateKey, subscriber.publicKey), subscriber.privateKey, generateEncryptionKeyPair().publicKey),
    ],
    ["a ciphertext that is not base64", () => decryptChallenge("not base64!", subscriber.privateKey, registry.publicKey)],
    ["a ciphertext that is not whole blocks", () => decryptChallenge(Buffer.alloc(5).toString("base64"), subscriber.privateKey, registry.publicKey)],
    ["an empty ciphertext", () => decryptChallenge("", subscriber.privateKey, registry.publicKey)],
    ["a private key that does not import", () => decryptChallenge("AAAA", "bm90IGEga2V5", registry.publicKey)],
  ] as const)("decrypting with %s gives undefined without throwing", ([, attempt]) => {
    expect(attempt()).toBeUndefined();
  });

  test("encrypting with a key that does not import throws", () => {
    expect(() => encryptChallenge(PLAINTEXT, registry.privateKey, "c2hvcnQ=")).toThrow(/X25519 public key/);
  });
});
