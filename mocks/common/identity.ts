import { randomUUID } from "node:crypto";
import { generateEncryptionKeyPair, generateSigningKeyPair } from "../../protocol/keys.js";

export type SubscriberType = "BAP" | "BPP" | "BG";

/**
 * Who a mock is on the network: its subscriber id, its key id and its keys. A fresh identity always
 * gets a fresh `uniqueKeyId`, so a peer that caches lookups by key id never sees a stale key.
 * The private keys never leave the process: `publicIdentity` is what may be printed or reported.
 */
export interface Identity {
  readonly subscriberId: string;
  readonly uniqueKeyId: string;
  readonly type: SubscriberType;
  readonly signingPublicKey: string;
  readonly signingPrivateKey: string;
  readonly encryptionPublicKey: string;
  readonly encryptionPrivateKey: string;
}

export type PublicIdentity = Pick<Identity, "subscriberId" | "uniqueKeyId" | "type" | "signingPublicKey" | "encryptionPublicKey">;

export function createIdentity(type: SubscriberType, subscriberId: string): Identity {
  const signing = generateSigningKeyPair();
  const encryption = generateEncryptionKeyPair();
  return {
    subscriberId,
    uniqueKeyId: randomUUID(),
    type,
    signingPublicKey: signing.publicKey,
    signingPrivateKey: signing.privateKey,
    encryptionPublicKey: encryption.publicKey,
    encryptionPrivateKey: encryption.privateKey,
  };
}

export function publicIdentity(identity: Identity): PublicIdentity {
  const { subscriberId, uniqueKeyId, type, signingPublicKey, encryptionPublicKey } = identity;
  return { subscriberId, uniqueKeyId, type, signingPublicKey, encryptionPublicKey };
}
