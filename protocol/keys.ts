/**
 * Ed25519 signing keys and X25519 encryption keys, through node:crypto only.
 * Keys travel as standard base64: raw 32-byte keys as the registry publishes them, a 64-byte
 * libsodium secret key (seed‖public) as BECKN-006 prints it, or DER (SPKI / PKCS#8).
 * Error messages never repeat a private key.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";

/** Base64 keys: raw 32-byte public key and raw 32-byte private key (the seed, for ed25519). */
export interface KeyPair {
  readonly publicKey: string;
  readonly privateKey: string;
}

type OkpType = "ed25519" | "x25519";

const DER_PREFIX: Record<OkpType, { spki: Buffer; pkcs8: Buffer }> = {
  ed25519: {
    spki: Buffer.from("302a300506032b6570032100", "hex"),
    pkcs8: Buffer.from("302e020100300506032b657004220420", "hex"),
  },
  x25519: {
    spki: Buffer.from("302a300506032b656e032100", "hex"),
    pkcs8: Buffer.from("302e020100300506032b656e04220420", "hex"),
  },
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(b64: string, what: string): Buffer {
  const text = typeof b64 === "string" ? b64.trim() : "";
  if (text === "" || text.length % 4 !== 0 || !BASE64.test(text)) {
    throw new Error(`The ${what} is not standard padded base64.`);
  }
  return Buffer.from(text, "base64");
}

function rawOf(key: KeyObject, part: "x" | "d"): Buffer {
  const jwk = key.export({ format: "jwk" });
  return Buffer.from(jwk[part] ?? "", "base64url");
}

function pairOf(type: OkpType): KeyPair {
  const { privateKey } = type === "ed25519" ? generateKeyPairSync("ed25519") : generateKeyPairSync("x25519");
  return { publicKey: rawOf(privateKey, "x").toString("base64"), privateKey: rawOf(privateKey, "d").toString("base64") };
}

function checkType(key: KeyObject, type: OkpType, what: string): KeyObject {
  if (key.asymmetricKeyType !== type) {
    throw new Error(`The ${what} is a ${key.asymmetricKeyType ?? "unknown"} key; expected ${type}.`);
  }
  return key;
}

function importPublic(b64: string, type: OkpType, what: string): KeyObject {
  const bytes = decodeBase64(b64, what);
  const der = bytes.length === 32 ? Buffer.concat([DER_PREFIX[type].spki, bytes]) : bytes;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: der, format: "der", type: "spki" });
  } catch {
    throw new Error(`The ${what} is ${bytes.length} bytes; expected raw 32 bytes or DER SubjectPublicKeyInfo.`);
  }
  return checkType(key, type, what);
}

function importRawPrivate(seed: Buffer, type: OkpType): KeyObject {
  return createPrivateKey({ key: Buffer.concat([DER_PREFIX[type].pkcs8, seed]), format: "der", type: "pkcs8" });
}

/** A fresh ed25519 pair: base64 raw 32-byte public key and base64 32-byte seed. */
export function generateSigningKeyPair(): KeyPair {
  return pairOf("ed25519");
}

/**
 * An ed25519 private key from base64 of a 32-byte seed or a 64-byte seed‖public key.
 * Throws when the public half of a 64-byte key does not belong to its seed.
 */
export function importPrivateKey(b64: string): KeyObject {
  const what = "ed25519 private key";
  const bytes = decodeBase64(b64, what);
  if (bytes.length !== 32 && bytes.length !== 64) {
    throw new Error(`The ${what} is ${bytes.length} bytes; expected 32 (seed) or 64 (seed‖public key).`);
  }
  const key = importRawPrivate(bytes.subarray(0, 32), "ed25519");
  if (bytes.length === 64 && !rawOf(key, "x").equals(bytes.subarray(32))) {
    throw new Error(`The 64-byte ${what} is inconsistent: its last 32 bytes are not the public key of its first 32 (the seed).`);
  }
  return key;
}

/** An ed25519 public key from base64 of the raw 32 bytes or of DER SPKI (44 bytes). */
export function importPublicKey(b64: string): KeyObject {
  return importPublic(b64, "ed25519", "ed25519 public key");
}

/** The base64 raw 32-byte public key of a base64 32- or 64-byte ed25519 private key. */
export function publicKeyFromPrivate(b64: string): string {
  return rawOf(importPrivateKey(b64), "x").toString("base64");
}

/** A fresh X25519 pair: base64 raw 32-byte public and private keys. */
export function generateEncryptionKeyPair(): KeyPair {
  return pairOf("x25519");
}

/** An X25519 public key from base64 of the raw 32 bytes or of DER SPKI. */
export function importEncryptionPublicKey(b64: string): KeyObject {
  return importPublic(b64, "x25519", "X25519 public key");
}

/** An X25519 private key from base64 of the raw 32 bytes or of DER PKCS#8. */
export function importEncryptionPrivateKey(b64: string): KeyObject {
  const what = "X25519 private key";
  const bytes = decodeBase64(b64, what);
  if (bytes.length === 32) {
    return importRawPrivate(bytes, "x25519");
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: bytes, format: "der", type: "pkcs8" });
  } catch {
    throw new Error(`The ${what} is ${bytes.length} bytes; expected raw 32 bytes or DER PKCS#8.`);
  }
  return checkType(key, "x25519", what);
}
