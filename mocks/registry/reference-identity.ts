/**
 * The identity of the reference registry a registry run starts when it has no --target. Its X25519
 * pair is fixed, derived from a public label, so that a self-test can give its public half with
 * `--sut-encr-key` exactly as an operator gives a real registry's (`registry.no-published-keys`).
 * It protects nothing: the embedded registry exists to be tested.
 */
import { createHash, createPrivateKey, createPublicKey } from "node:crypto";
import { createIdentity, type Identity } from "../common/identity.js";
import { DEFAULT_REGISTRY_ID } from "./server.js";

const X25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b656e04220420", "hex");

const seed = createHash("sha256").update("p2p-conformance: the embedded reference registry's X25519 key").digest();
const privateKey = createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });

/** The embedded reference registry's X25519 key pair, base64 of the raw 32 bytes. */
export const REFERENCE_REGISTRY_ENCRYPTION = {
  publicKey: Buffer.from(createPublicKey(privateKey).export({ format: "jwk" }).x ?? "", "base64url").toString("base64"),
  privateKey: seed.toString("base64"),
} as const;

/** A fresh signing identity for the embedded registry, with the fixed encryption pair. */
export function referenceRegistryIdentity(): Identity {
  const fresh = createIdentity("BG", DEFAULT_REGISTRY_ID);
  return { ...fresh, encryptionPublicKey: REFERENCE_REGISTRY_ENCRYPTION.publicKey, encryptionPrivateKey: REFERENCE_REGISTRY_ENCRYPTION.privateKey };
}
