/**
 * certificate.json: a signed statement that a SUT passed a run (exit code 0).
 *
 * The signature is ed25519 over the canonical JSON of the whole document without its `signature`
 * field (sorted keys, no whitespace; see `canonicalJson`), so any edit breaks it: a changed value,
 * an added field or a removed one. The document carries the issuer's public key; `--trust` (or a
 * caller's `trust`) pins which issuer is accepted. It never holds a private key.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { importPublicKey } from "../protocol/keys.js";

export const CERTIFICATE_FORMAT = "p2p-conformance-certificate/1";

/** What a certificate binds, besides its issuer. */
export interface CertificateSubject {
  readonly sut: { readonly subscriberId: string; readonly role: string; readonly publicKey: string; readonly uniqueKeyId?: string; readonly url?: string };
  readonly profile: string;
  /** sha-256 (hex) of the canonical check catalogue the SUT was judged by, and how many checks it holds. */
  readonly catalogue: { readonly sha256: string; readonly checks: number };
  readonly tool: { readonly name: string; readonly version: string };
  readonly runId: string;
  /** sha-256 (hex) of report.json's bytes as written. */
  readonly report: { readonly file: string; readonly sha256: string };
  /**
   * The checks the run did not exercise and the operator accepted (`--allow-unexercised`), each
   * with why it was not exercised (docs/rules.md "Coverage"). Absent when there were none.
   */
  readonly acceptedGaps?: readonly { readonly checkId: string; readonly severity: string; readonly reason: string }[];
}

export interface Certificate extends CertificateSubject {
  readonly format: typeof CERTIFICATE_FORMAT;
  readonly issuedAt: string;
  readonly issuer: { readonly algorithm: "ed25519"; readonly publicKey: string; readonly fingerprint: string; readonly selfIssued: boolean };
  /** base64 ed25519 signature of `canonicalJson(document without signature)`. */
  readonly signature: string;
}

/**
 * Canonical JSON: object keys sorted by UTF-16 code units (JavaScript's default sort), no
 * whitespace, arrays in order, strings and numbers as JSON.stringify writes them; for the strings,
 * integers and booleans a certificate holds this is RFC 8785 (JCS). Throws on values JSON cannot
 * hold (undefined, functions, non-finite numbers), so a signature never covers a lossy form.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "string" || typeof value === "boolean") {
    return JSON.stringify(value);
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new Error(`Canonical JSON cannot hold the number ${value}.`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item)).join(",")}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(",")}}`;
  }
  throw new Error(`Canonical JSON cannot hold a ${typeof value}.`);
}

export const sha256Hex = (bytes: string | Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** An issuer key's fingerprint: `sha256:` and the hex sha-256 of the raw 32-byte public key. */
export function fingerprintOf(publicKeyB64: string): string {
  return `sha256:${sha256Hex(rawPublicKey(importPublicKey(publicKeyB64)))}`;
}

function rawPublicKey(key: KeyObject): Buffer {
  return Buffer.from(key.export({ format: "jwk" }).x ?? "", "base64url");
}

/** The bytes a certificate's signature covers: every field but `signature`, canonical. */
export function signedBytes(document: Record<string, unknown>): Buffer {
  const rest = Object.fromEntries(Object.entries(document).filter(([key]) => key !== "signature"));
  return Buffer.from(canonicalJson(rest), "utf8");
}

/** Issues a certificate for `subject`, signed with `issuerKey` (an ed25519 private KeyObject). */
export function issueCertificate(subject: CertificateSubject, issuerKey: KeyObject, options: { selfIssued: boolean; now?: Date }): Certificate {
  if (issuerKey.asymmetricKeyType !== "ed25519" || issuerKey.type !== "private") {
    throw new Error("The issuer key must be an ed25519 private key.");
  }
  const publicKey = rawPublicKey(createPublicKey(issuerKey)).toString("base64");
  const unsigned = {
    format: CERTIFICATE_FORMAT as typeof CERTIFICATE_FORMAT,
    ...subject,
    issuedAt: (options.now ?? new Date()).toISOString(),
    issuer: { algorithm: "ed25519" as const, publicKey, fingerprint: fingerprintOf(publicKey), selfIssued: options.selfIssued },
  };
  return { ...unsigned, signature: sign(null, signedBytes(unsigned), issuerKey).toString("base64") };
}

export type Verification =
  | { readonly ok: true; readonly fingerprint: string; readonly selfIssued: boolean; readonly certificate: Certificate }
  | { readonly ok: false; readonly reason: string; readonly fingerprint?: string };

const obj = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** The issuer's public key as a KeyObject, or why not. */
function issuerOf(document: Record<string, unknown>): { key: KeyObject; publicKey: string; fingerprint: string } | string {
  const issuer = obj(document["issuer"]);
  const publicKey = issuer?.["publicKey"];
  if (typeof publicKey !== "string") {
    return "it names no issuer public key (issuer.publicKey)";
  }
  if (issuer?.["algorithm"] !== "ed25519") {
    return `its issuer.algorithm is ${JSON.stringify(issuer?.["algorithm"])}; only "ed25519" is accepted`;
  }
  try {
    const fingerprint = fingerprintOf(publicKey);
    return issuer["fingerprint"] === fingerprint
      ? { key: importPublicKey(publicKey), publicKey, fingerprint }
      : `its issuer.fingerprint does not match issuer.publicKey (${fingerprint})`;
  } catch (error) {
    return `its issuer.publicKey is unusable: ${(error as Error).message}`;
  }
}

/** The 64 signature bytes, only from canonical base64: a re-encoded signature is an edit too. */
function signatureBytes(value: unknown): Buffer | undefined {
  const bytes = typeof value === "string" ? Buffer.from(value, "base64") : undefined;
  return bytes && bytes.length === 64 && bytes.toString("base64") === value ? bytes : undefined;
}

/** A `--trust` value: a base64 ed25519 public key (raw or DER) or a fingerprint `sha256:<hex>`. */
export function trustedFingerprint(trust: string): string {
  return /^sha256:[0-9a-f]{64}$/i.test(trust.trim()) ? trust.trim().toLowerCase() : fingerprintOf(trust.trim());
}

/**
 * Checks a parsed certificate offline: its format, that the signature holds over everything but
 * `signature`, that the fingerprint is the key's, and (when given) that the issuer is `trust`
 * and that `reportBytes` hash to the bound report hash.
 */
export function verifyCertificate(value: unknown, options: { trust?: string; reportBytes?: Uint8Array } = {}): Verification {
  const document = obj(value);
  if (!document) {
    return { ok: false, reason: "it is not a JSON object" };
  }
  if (document["format"] !== CERTIFICATE_FORMAT) {
    return { ok: false, reason: `its format is ${JSON.stringify(document["format"])}; expected "${CERTIFICATE_FORMAT}"` };
  }
  const issuer = issuerOf(document);
  if (typeof issuer === "string") {
    return { ok: false, reason: issuer };
  }
  const signature = signatureBytes(document["signature"]);
  if (!signature || !verify(null, signedBytes(document), issuer.key, signature)) {
    return {
      ok: false,
      reason: "the signature does not hold: the certificate was changed after it was issued, or was not signed by the key it names",
      fingerprint: issuer.fingerprint,
    };
  }
  if (options.trust !== undefined && trustedFingerprint(options.trust) !== issuer.fingerprint) {
    return {
      ok: false,
      reason: `it was issued by ${issuer.fingerprint}, not by the trusted issuer ${trustedFingerprint(options.trust)}`,
      fingerprint: issuer.fingerprint,
    };
  }
  const reportHash = obj(document["report"])?.["sha256"];
  if (options.reportBytes && reportHash !== sha256Hex(options.reportBytes)) {
    return {
      ok: false,
      reason: `the report's sha-256 is ${sha256Hex(options.reportBytes)}, not the ${String(reportHash)} the certificate binds`,
      fingerprint: issuer.fingerprint,
    };
  }
  const certificate = document as unknown as Certificate;
  return { ok: true, fingerprint: issuer.fingerprint, selfIssued: certificate.issuer.selfIssued === true, certificate };
}
