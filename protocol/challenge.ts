/**
 * The registry's `on_subscribe` challenge (FACTS §4.4, as ONDC and the Beckn gateway do it):
 * X25519 key agreement between one side's encryption private key and the other side's encryption
 * public key; the raw 32-byte shared secret is the AES-256-ECB key (PKCS#7 padding); the
 * ciphertext travels as standard base64. Both sides derive the same secret, so the registry
 * encrypts with (its private key, the subscriber's public key) and the subscriber decrypts with
 * (its private key, the registry's public key).
 */
import { createCipheriv, createDecipheriv, diffieHellman } from "node:crypto";
import { importEncryptionPrivateKey, importEncryptionPublicKey } from "./keys.js";

const CIPHER = "aes-256-ecb";
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Keys are base64 of raw 32 bytes, or DER (SPKI for the public key, PKCS#8 for the private key). */
function sharedSecret(ourPrivateKeyB64: string, theirPublicKeyB64: string): Buffer {
  return diffieHellman({
    privateKey: importEncryptionPrivateKey(ourPrivateKeyB64),
    publicKey: importEncryptionPublicKey(theirPublicKeyB64),
  });
}

/** Encrypts a UTF-8 challenge; returns base64 ciphertext. Throws when a key does not import. */
export function encryptChallenge(plaintext: string, ourPrivateKeyB64: string, theirPublicKeyB64: string): string {
  const cipher = createCipheriv(CIPHER, sharedSecret(ourPrivateKeyB64, theirPublicKeyB64), null);
  return Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}

/**
 * Decrypts a base64 challenge to its UTF-8 plaintext. Returns undefined on any failure (a key
 * that does not import, text that is not base64, a wrong key showing as bad padding); never throws.
 */
export function decryptChallenge(ciphertextB64: string, ourPrivateKeyB64: string, theirPublicKeyB64: string): string | undefined {
  try {
    const text = typeof ciphertextB64 === "string" ? ciphertextB64.trim() : "";
    if (text === "" || text.length % 4 !== 0 || !BASE64.test(text)) {
      return undefined;
    }
    const decipher = createDecipheriv(CIPHER, sharedSecret(ourPrivateKeyB64, theirPublicKeyB64), null);
    const plain = Buffer.concat([decipher.update(Buffer.from(text, "base64")), decipher.final()]);
    return new TextDecoder("utf-8", { fatal: true }).decode(plain);
  } catch {
    return undefined;
  }
}
