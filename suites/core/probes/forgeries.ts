/**
 * The forged signatures the harness sends to a system under test (DESIGN "Contracts": Signatures
 * the harness forges). Each is unambiguous: a correct receiver with a normal clock skew refuses
 * every MUST forgery. Pure functions of their inputs; a fresh key is generated only when the
 * caller gives none.
 */
import { createHash, type KeyObject } from "node:crypto";
import { parseIsoDuration } from "../../../protocol/formats.js";
import { generateSigningKeyPair, publicKeyFromPrivate } from "../../../protocol/keys.js";
import { asObject } from "../../../protocol/shapes.js";
import { SIGNED_HEADERS, signBody, type SignatureHeaderKind, type VerifyFailureReason } from "../../../protocol/signing/index.js";
import type { Severity } from "../check.js";

export interface Forgery {
  readonly name: string;
  readonly severity: Severity;
  readonly description: string;
  /** The reason `verifySignatureHeader` gives when it refuses the forgery. */
  readonly reason: VerifyFailureReason;
  /** The header that carries the forgery. */
  readonly header: SignatureHeaderKind;
  /**
   * Relayed as the harness's registered gateway relays a search: the gateway headers the forgery
   * leaves alone are valid signatures of that gateway (`ForgeOptions.registeredGateway`).
   */
  readonly relayed?: true;
  /** A gateway forgery in this one gateway header; the other one is the registered gateway's valid signature. */
  readonly only?: GatewayHeaderName;
}

/** The two names a gateway's signature is sent under (FACTS §3.1.6): BECKN-006's, and core 0.9.4's. */
export type GatewayHeaderName = "X-Gateway-Authorization" | "Proxy-Authorization";

export const FORGERIES = [
  {
    name: "tampered-body",
    severity: "MUST",
    reason: "bad-signature",
    header: "authorization",
    description: "A valid signature, then one character of context.message_id changed; the body is still valid JSON.",
  },
  {
    name: "expired",
    severity: "MUST",
    reason: "expired",
    header: "authorization",
    description: "A signature whose expires is 3 hours in the past (created 60 s before it).",
  },
  {
    name: "future-created",
    severity: "MUST",
    reason: "not-yet-valid",
    header: "authorization",
    description: "A signature whose created is 3 hours in the future.",
  },
  {
    name: "unknown-key",
    severity: "MUST",
    reason: "unknown-key",
    header: "authorization",
    description: "Signed by a fresh key under a unique_key_id the registry does not have.",
  },
  {
    name: "wrong-algorithm",
    severity: "MUST",
    reason: "unsupported-algorithm",
    header: "authorization",
    description: 'algorithm="rsa-sha256" and a keyId ending in |rsa-sha256; the signature is otherwise well-formed.',
  },
  {
    name: "keyid-not-sender",
    severity: "SHOULD",
    reason: "keyid-mismatch",
    header: "authorization",
    description:
      "A valid signature whose keyId names another subscriber registered with the same key (<bap_id>.other); ONIX refuses it, core 1.1.0 does not require it.",
  },
  {
    name: "missing-header",
    severity: "MUST",
    reason: "missing-header",
    header: "authorization",
    description: "No Authorization header at all.",
  },
  {
    name: "bad-gateway-header",
    severity: "MUST",
    reason: "unknown-key",
    header: "gateway",
    description: "A valid Authorization plus an X-Gateway-Authorization (and Proxy-Authorization) signed by a key the registry does not have.",
  },
  {
    name: "forged-bap-under-gateway",
    severity: "MUST",
    reason: "bad-signature",
    header: "authorization",
    relayed: true,
    description:
      "A search as the harness's registered gateway relays it (valid X-Gateway-Authorization and Proxy-Authorization), whose Authorization names the BAP's keyId but is signed by a key the registry does not have for it.",
  },
  {
    name: "forged-x-gateway-header",
    severity: "MUST",
    reason: "unknown-key",
    header: "gateway",
    relayed: true,
    only: "X-Gateway-Authorization",
    description:
      "A valid Authorization and a valid Proxy-Authorization of the registered gateway, but an X-Gateway-Authorization signed by a key the registry does not have.",
  },
  {
    name: "forged-proxy-header",
    severity: "SHOULD",
    reason: "unknown-key",
    header: "gateway",
    relayed: true,
    only: "Proxy-Authorization",
    description:
      "A valid Authorization and a valid X-Gateway-Authorization of the registered gateway, but a Proxy-Authorization (core 0.9.4's name for the gateway header) signed by a key the registry does not have.",
  },
] as const satisfies readonly Forgery[];

export type ForgeryName = (typeof FORGERIES)[number]["name"];

export interface SigningIdentity {
  readonly subscriberId: string;
  readonly uniqueKeyId: string;
  /** Base64 32-byte seed or 64-byte seed‖public key, or an imported ed25519 key. */
  readonly privateKey: string | KeyObject;
}

export interface ForgeOptions {
  /** The request body; serialised with JSON.stringify (a string is taken as the raw bytes). */
  readonly body: unknown;
  /** The sender the body names (the harness BAP), registered with the SUT's registry. */
  readonly identity: SigningIdentity;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** The unregistered key `unknown-key` and `bad-gateway-header` sign with (base64); fresh when absent. */
  readonly otherPrivateKey?: string;
  /** The subscriber `keyid-not-sender` names, registered with the sender's key and unique_key_id; defaults to `<subscriberId>.other`. */
  readonly otherSubscriberId?: string;
  /** The gateway `bad-gateway-header` claims to be; defaults to `<subscriberId>.gateway`. */
  readonly gatewayIdentity?: { readonly subscriberId: string };
  /** The gateway registered with the SUT's registry, whose valid signatures a `relayed` forgery carries. */
  readonly registeredGateway?: SigningIdentity;
}

export interface ForgedRequest {
  readonly rawBody: string;
  readonly headers: Record<string, string>;
}

/**
 * How far outside its window an expired or future signature is: hours, so that a receiver that
 * deliberately allows minutes of clock skew (±5 min is common) still refuses it, and a refusal
 * proves the receiver checks time at all.
 */
const SKEW_PROOF_SECONDS = 3 * 3600;
const MIN_VALIDITY_SECONDS = 60;
const CONTENT_TYPE = { "Content-Type": "application/json" } as const;

function rawOf(body: unknown): string {
  return typeof body === "string" ? body : (JSON.stringify(body) ?? "null");
}

/** DESIGN "A run": the harness signs for max(ttl, 60 s). */
function validityOf(rawBody: string): number {
  let ttl: unknown;
  try {
    ttl = asObject(asObject(JSON.parse(rawBody))?.["context"])?.["ttl"];
  } catch {
    ttl = undefined;
  }
  return Math.max(MIN_VALIDITY_SECONDS, Math.ceil((parseIsoDuration(ttl) ?? 0) / 1000));
}

/** Changes one character of context.message_id (or adds a member when there is none); still valid JSON. */
function tamper(rawBody: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return `${rawBody} `;
  }
  const root = asObject(parsed);
  const context = asObject(root?.["context"]);
  const id = context?.["message_id"];
  if (context && typeof id === "string" && id !== "") {
    context["message_id"] = `${id.slice(0, -1)}${id.endsWith("0") ? "1" : "0"}`;
    return JSON.stringify(parsed);
  }
  return root ? JSON.stringify({ ...root, tampered: true }) : `${rawBody} `;
}

/** A unique_key_id no registry has: derived from the fresh key, so the same key gives the same id. */
function unregisteredKeyId(privateKey: string): string {
  const hash = createHash("sha256").update(publicKeyFromPrivate(privateKey)).digest("hex");
  return `unregistered-${hash.slice(0, 16)}`;
}

function signWith(rawBody: string, identity: SigningIdentity, seconds: number, validity: number): string {
  return signBody({ ...identity, rawBody, created: seconds, expires: seconds + validity }).header;
}

function wrongAlgorithm(rawBody: string, identity: SigningIdentity, seconds: number, validity: number): string {
  const { signature } = signBody({ ...identity, rawBody, created: seconds, expires: seconds + validity });
  return (
    `Signature keyId="${identity.subscriberId}|${identity.uniqueKeyId}|rsa-sha256",algorithm="rsa-sha256",` +
    `created="${seconds}",expires="${seconds + validity}",headers="${SIGNED_HEADERS}",signature="${signature}"`
  );
}

function authorization(name: ForgeryName, rawBody: string, opts: ForgeOptions, other: string): string {
  const seconds = Math.floor(opts.now() / 1000);
  const validity = validityOf(rawBody);
  const { identity } = opts;
  switch (name) {
    case "expired":
      return signWith(rawBody, identity, seconds - SKEW_PROOF_SECONDS - MIN_VALIDITY_SECONDS, MIN_VALIDITY_SECONDS);
    case "future-created":
      return signWith(rawBody, identity, seconds + SKEW_PROOF_SECONDS, validity);
    case "unknown-key":
      return signWith(rawBody, { ...identity, uniqueKeyId: unregisteredKeyId(other), privateKey: other }, seconds, validity);
    case "wrong-algorithm":
      return wrongAlgorithm(rawBody, identity, seconds, validity);
    case "keyid-not-sender":
      return signWith(rawBody, { ...identity, subscriberId: opts.otherSubscriberId ?? `${identity.subscriberId}.other` }, seconds, validity);
    case "forged-bap-under-gateway":
      // The BAP's own keyId, so only the signature itself can give it away.
      return signWith(rawBody, { ...identity, privateKey: other }, seconds, validity);
    default:
      return signWith(rawBody, identity, seconds, validity);
  }
}

/** A gateway signature by a key the registry does not have, under the claimed gateway's id. */
function forgedGatewayHeader(rawBody: string, opts: ForgeOptions, other: string, subscriberId: string): string {
  return signWith(rawBody, { subscriberId, uniqueKeyId: unregisteredKeyId(other), privateKey: other }, Math.floor(opts.now() / 1000), validityOf(rawBody));
}

/** The gateway headers of a forgery: both forged (bad-gateway-header), or the registered gateway's with at most one forged. */
function gatewayHeaders(forgery: Forgery, rawBody: string, opts: ForgeOptions, other: string): Partial<Record<GatewayHeaderName, string>> {
  if (forgery.name === "bad-gateway-header") {
    const forged = forgedGatewayHeader(rawBody, opts, other, opts.gatewayIdentity?.subscriberId ?? `${opts.identity.subscriberId}.gateway`);
    // FACTS §3.1.6: receivers read either header, so the forgery is in both.
    return { "X-Gateway-Authorization": forged, "Proxy-Authorization": forged };
  }
  if (!forgery.relayed) {
    return {};
  }
  const gateway = opts.registeredGateway;
  if (!gateway) {
    throw new Error(`The ${forgery.name} forgery is relayed as the registered gateway relays a search: give forgeRequest the registeredGateway.`);
  }
  const valid = signWith(rawBody, gateway, Math.floor(opts.now() / 1000), validityOf(rawBody));
  const headers: Record<GatewayHeaderName, string> = { "X-Gateway-Authorization": valid, "Proxy-Authorization": valid };
  if (forgery.only) {
    headers[forgery.only] = forgedGatewayHeader(rawBody, opts, other, gateway.subscriberId);
  }
  return headers;
}

/**
 * Builds one forged request: the raw bytes to send and the headers to send them with.
 *
 * @example
 * const { rawBody, headers } = forgeRequest("expired", { body, identity, now: Date.now });
 */
export function forgeRequest(name: ForgeryName, opts: ForgeOptions): ForgedRequest {
  const forgery: Forgery = FORGERIES.find((f) => f.name === name) ?? FORGERIES[0];
  const rawBody = rawOf(opts.body);
  const other = opts.otherPrivateKey ?? generateSigningKeyPair().privateKey;
  if (name === "missing-header") {
    return { rawBody, headers: { ...CONTENT_TYPE } };
  }
  const header = authorization(name, rawBody, opts, other);
  if (name === "tampered-body") {
    return { rawBody: tamper(rawBody), headers: { ...CONTENT_TYPE, Authorization: header } };
  }
  return { rawBody, headers: { ...CONTENT_TYPE, Authorization: header, ...gatewayHeaders(forgery, rawBody, opts, other) } };
}
