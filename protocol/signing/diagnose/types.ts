import type { KeyId } from "../header.js";
import type { PublicKeyLookup, SignatureHeaderKind, VerifyFailureReason } from "../verify.js";

/** The mistakes the diagnoser knows, each a stable id that reports and tests may name. */
export const SIGNATURE_MISTAKES = [
  "body-compact",
  "body-pretty-printed",
  "body-keys-sorted",
  "body-reserialised",
  "body-trailing-whitespace",
  "digest-sha512",
  "digest-sha256",
  "digest-blake2b-256",
  "digest-hex",
  "digest-base64url",
  "digest-unpadded",
  "signing-string-crlf",
  "signing-string-order",
  "signing-string-spacing",
  "signing-string-trailing-newline",
  "signing-string-no-digest-prefix",
  "signing-string-no-digest-label",
  "times-in-milliseconds",
  "times-off-by-one-second",
  "times-from-context",
  "key-other-of-subscriber",
  "key-other-participant",
  "keyid-other-subscriber",
] as const;

export type SignatureMistake = (typeof SIGNATURE_MISTAKES)[number];

/** A public key the signer may have used instead of the registered one: never a private key. */
export interface CandidateKey {
  readonly subscriberId: string;
  /** Empty when not known (a SUT registered without --sut-key-id). */
  readonly uniqueKeyId: string;
  /** base64 of the raw 32-byte ed25519 public key (or its SPKI DER). */
  readonly publicKey: string;
  /** Who holds it, for a person: "the harness's BAP", "the gateway". */
  readonly label?: string;
}

export interface DiagnoseOptions {
  /** The `Authorization` (or `X-Gateway-Authorization`) value as received. */
  readonly header: string | undefined;
  /** The exact bytes received. */
  readonly rawBody: Uint8Array | string;
  readonly kind: SignatureHeaderKind;
  /** The key registered under a keyId: the one the signature must verify with. */
  readonly lookupPublicKey: PublicKeyLookup;
  /** Other public keys to try: the same subscriber's other keys, the run's other participants' keys. */
  readonly candidates?: readonly CandidateKey[];
  /** The sender the context names (`authorization` only). */
  readonly expectedSubscriberId?: string;
  /** When to judge the signature's window, in Unix milliseconds; defaults to now. */
  readonly at?: number;
  readonly skewSeconds?: number;
  readonly maxLifetimeSeconds?: number;
  readonly claimedDigest?: string;
}

/** Where two byte strings first differ, with a short escaped excerpt of each from there. */
export interface ByteDifference {
  /** 0-based byte offset of the first difference. */
  readonly offset: number;
  /** From the offset in what BECKN-006 asks for: the bytes received, or the signing string built from them. */
  readonly expected: string;
  /** From the offset in what the signature verifies over. */
  readonly signed: string;
}

export interface KeyNamed {
  readonly subscriberId: string;
  readonly uniqueKeyId: string;
  readonly label?: string;
}

/** What shows the mistake: what the signature verifies over, and how it differs from what it should. */
export interface MistakeEvidence {
  /** The signing string the signature verifies over (it holds no secret: times and a digest). */
  readonly signedString?: string;
  /** The signing string BECKN-006 builds from the header and the bytes received. */
  readonly expectedString?: string;
  /** The digest the signature covers, where it is not BECKN-006's. */
  readonly signedDigest?: string;
  readonly difference?: ByteDifference;
  /** The key the signature verifies with, where it is not the registered one. */
  readonly key?: KeyNamed;
  readonly created?: number;
  readonly expires?: number;
}

export interface FoundMistake {
  readonly mistake: SignatureMistake;
  /** What differs, as a person would say it, ending with what to do. */
  readonly explanation: string;
  readonly evidence: MistakeEvidence;
}

/** A signature that does not verify: the verifier's failure and, when one explains it, the mistake (all three fields or none). */
export interface InvalidSignature extends Partial<FoundMistake> {
  readonly verdict: "invalid";
  readonly reason: VerifyFailureReason;
  /** The verifier's own sentence. */
  readonly detail: string;
}

export type SignatureDiagnosis = { readonly verdict: "valid"; readonly keyId: KeyId; readonly created: number; readonly expires: number } | InvalidSignature;
