import { createPrivateKey, createPublicKey } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Finds private key material in text: PEM private key blocks, PKCS#8 DER in base64 (ed25519 and
 * X25519, v1 and v2), JWK private members, 64-byte ed25519 secret keys (seed‖public, which prove
 * themselves), and 32-byte seeds whose public key is one the text or the caller knows. A seed is
 * recognised by what it derives, so even a key the test never saw is caught once its public half
 * is published (a registry entry, `mock up`'s banner, report.json's SUT).
 */
export interface KeyFinding {
  readonly kind: string;
  readonly excerpt: string;
}

const PEM_PRIVATE = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/g;
/** base64 of the PKCS#8 headers of an ed25519 (2B6570) or X25519 (2B656E) private key, v1 and v2. */
const PKCS8_PREFIXES = ["MC4CAQAwBQYDK2Vw", "MC4CAQAwBQYDK2Vu", "MFECAQEwBQYDK2Vw", "MFECAQEwBQYDK2Vu"];
const JWK_PRIVATE = /"(?:d|p|q|dp|dq|qi)"\s*:\s*"[A-Za-z0-9_-]{20,}"/g;
const BASE64_TOKEN = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=|(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==/g;

const ED25519_PKCS8 = Buffer.from("302e020100300506032b657004220420", "hex");
const X25519_PKCS8 = Buffer.from("302e020100300506032b656e04220420", "hex");

function publicOf(seed: Buffer, prefix: Buffer): string {
  const der = createPublicKey(createPrivateKey({ key: Buffer.concat([prefix, seed]), format: "der", type: "pkcs8" })).export({ format: "der", type: "spki" });
  return der.subarray(der.length - 32).toString("base64");
}

/** Public keys (base64 of 32 raw bytes) that appear anywhere in the text. */
export function publicKeysIn(text: string): Set<string> {
  return new Set([...text.matchAll(BASE64_TOKEN)].map((m) => m[0]).filter((t) => t.length === 44));
}

function seedFindings(text: string, knownPublicKeys: ReadonlySet<string>): KeyFinding[] {
  const findings: KeyFinding[] = [];
  for (const token of new Set([...text.matchAll(BASE64_TOKEN)].map((m) => m[0]))) {
    const bytes = Buffer.from(token, "base64");
    if (bytes.length === 64 && publicOf(bytes.subarray(0, 32), ED25519_PKCS8) === bytes.subarray(32).toString("base64")) {
      findings.push({ kind: "ed25519 secret key (seed‖public)", excerpt: `${token.slice(0, 8)}…` });
    }
    if (bytes.length === 32 && [ED25519_PKCS8, X25519_PKCS8].some((prefix) => knownPublicKeys.has(publicOf(bytes, prefix)))) {
      findings.push({ kind: "32-byte private seed of a published public key", excerpt: `${token.slice(0, 8)}…` });
    }
  }
  return findings;
}

export function findKeyMaterial(text: string, knownPublicKeys: ReadonlySet<string> = new Set()): KeyFinding[] {
  const known = new Set([...knownPublicKeys, ...publicKeysIn(text)]);
  return [
    ...[...text.matchAll(PEM_PRIVATE)].map((m) => ({ kind: "PEM private key block", excerpt: m[0] })),
    ...PKCS8_PREFIXES.filter((prefix) => text.includes(prefix)).map((prefix) => ({ kind: "PKCS#8 private key (base64 DER)", excerpt: prefix })),
    ...[...text.matchAll(JWK_PRIVATE)].map((m) => ({ kind: "JWK private member", excerpt: m[0].slice(0, 12) })),
    ...seedFindings(text, known),
  ];
}

/** Every file under `dir`, recursively, as [path, text]. */
export function filesUnder(dir: string): [string, string][] {
  return readdirSync(dir).flatMap((name): [string, string][] => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [[path, readFileSync(path, "latin1")]];
  });
}
