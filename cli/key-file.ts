/**
 * The key file `keys generate` writes and `run --issuer-key` reads.
 *
 * JSON, mode 0600, with the Beckn registry's field names so the public parts can be pasted into a
 * subscription: `format`, `created`, `unique_key_id`, `signing_public_key`, `signing_private_key`
 * (base64 of the 32-byte ed25519 seed), `encr_public_key`, `encr_private_key` (base64 raw X25519)
 * and `fingerprint`. An issuer key may also be a PKCS#8 PEM ed25519 private key
 * (`openssl genpkey -algorithm ed25519`). Error messages never repeat the file's contents.
 */
import { createPrivateKey, randomUUID, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { HarnessError } from "../protocol/errors.js";
import { generateEncryptionKeyPair, generateSigningKeyPair, importPrivateKey, publicKeyFromPrivate } from "../protocol/keys.js";
import { fingerprintOf } from "../reports/certificate.js";

export const KEY_FILE_FORMAT = "p2p-conformance-keys/1";

export interface KeyFile {
  readonly format: typeof KEY_FILE_FORMAT;
  readonly created: string;
  readonly unique_key_id: string;
  readonly signing_public_key: string;
  readonly signing_private_key: string;
  readonly encr_public_key: string;
  readonly encr_private_key: string;
  readonly fingerprint: string;
}

/** The public parts only: what may be printed, registered or handed to a verifier. */
export type PublicKeys = Pick<KeyFile, "unique_key_id" | "signing_public_key" | "encr_public_key" | "fingerprint">;

/** A fresh participant or issuer key set: ed25519 for signing, X25519 for encryption, a fresh key id. */
export function generateKeyFile(now: Date = new Date()): KeyFile {
  const signing = generateSigningKeyPair();
  const encryption = generateEncryptionKeyPair();
  return {
    format: KEY_FILE_FORMAT,
    created: now.toISOString(),
    unique_key_id: randomUUID(),
    signing_public_key: signing.publicKey,
    signing_private_key: signing.privateKey,
    encr_public_key: encryption.publicKey,
    encr_private_key: encryption.privateKey,
    fingerprint: fingerprintOf(signing.publicKey),
  };
}

export function publicKeysOf(keys: KeyFile): PublicKeys {
  return {
    unique_key_id: keys.unique_key_id,
    signing_public_key: keys.signing_public_key,
    encr_public_key: keys.encr_public_key,
    fingerprint: keys.fingerprint,
  };
}

function keyFileError(path: string, what: string): never {
  throw new HarnessError(
    "P2PC_ERR_KEY_FILE",
    `The key file ${path} ${what}. Give a file written by \`p2p-conformance keys generate\` or a PKCS#8 PEM ed25519 private key.`,
  );
}

function fromPem(path: string, text: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch {
    return keyFileError(path, "is PEM but not a readable private key");
  }
  return key.asymmetricKeyType === "ed25519" ? key : keyFileError(path, `holds a ${key.asymmetricKeyType ?? "unknown"} key, not ed25519`);
}

function fromJson(path: string, text: string): KeyObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return keyFileError(path, "is neither JSON nor PEM");
  }
  const file = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const seed = file["signing_private_key"];
  if (typeof seed !== "string") {
    return keyFileError(path, "has no signing_private_key");
  }
  let key: KeyObject;
  try {
    key = importPrivateKey(seed);
  } catch (error) {
    return keyFileError(path, `has an unusable signing_private_key (${(error as Error).message})`);
  }
  if (typeof file["signing_public_key"] === "string" && file["signing_public_key"] !== publicKeyFromPrivate(seed)) {
    return keyFileError(path, "has a signing_public_key that is not the public key of its signing_private_key");
  }
  return key;
}

/** Reads an ed25519 private key from a key file (JSON or PEM); throws P2PC_ERR_KEY_FILE naming the path. */
export function readSigningKey(path: string): KeyObject {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return keyFileError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return text.trimStart().startsWith("-----BEGIN") ? fromPem(path, text) : fromJson(path, text);
}
