/**
 * The signature debugger: verifies a BECKN-006 signature and, when it does not verify, tries the
 * mistakes signers make on the exact bytes received, and names the one that explains it. Pure: it
 * reads no clock but the one it is given, and it never throws.
 */
import { verify, type KeyObject } from "node:crypto";
import { importPublicKey } from "../../keys.js";
import { blake2b512Base64 } from "../digest.js";
import { parseSignatureHeader, shown, type SignatureParams } from "../header.js";
import { buildSigningString } from "../signing-string.js";
import { verifySignatureHeader, type VerifyFailure } from "../verify.js";
import { attempts, type SearchInput } from "./attempts.js";
import { millisecondMistake } from "./milliseconds.js";
import type { CandidateKey, DiagnoseOptions, FoundMistake, KeyNamed, SignatureDiagnosis } from "./types.js";

/** At most this many other keys are tried. */
export const MAX_CANDIDATE_KEYS = 16;

function verifies(key: KeyObject, text: string, signature: Buffer): boolean {
  try {
    return verify(null, Buffer.from(text, "utf8"), key, signature);
  } catch {
    return false;
  }
}

function imported(publicKey: string | undefined): KeyObject | undefined {
  try {
    return typeof publicKey === "string" && publicKey !== "" ? importPublicKey(publicKey) : undefined;
  } catch {
    return undefined;
  }
}

async function registeredKey(opts: DiagnoseOptions, params: SignatureParams): Promise<string | undefined> {
  try {
    const key = await opts.lookupPublicKey(params.keyId.subscriberId, params.keyId.uniqueKeyId);
    return typeof key === "string" ? key : undefined;
  } catch {
    return undefined;
  }
}

function otherKeys(candidates: readonly CandidateKey[], registered: string | undefined): SearchInput["others"] {
  const seen = new Set<string>(registered === undefined ? [] : [registered]);
  const others: Array<{ key: KeyObject; named: KeyNamed }> = [];
  for (const candidate of candidates.slice(0, MAX_CANDIDATE_KEYS)) {
    const key = seen.has(candidate.publicKey) ? undefined : imported(candidate.publicKey);
    seen.add(candidate.publicKey);
    if (key !== undefined) {
      const { subscriberId, uniqueKeyId, label } = candidate;
      others.push({ key, named: { subscriberId, uniqueKeyId, ...(label ? { label } : {}) } });
    }
  }
  return others;
}

/** The sender's own keys among the candidates, for a keyId that names someone else. */
function keyIdMistake(opts: DiagnoseOptions, params: SignatureParams, signature: Buffer, text: string): FoundMistake | undefined {
  const sender = opts.expectedSubscriberId;
  const named = params.keyId.subscriberId;
  if (opts.kind !== "authorization" || sender === undefined || sender === named) {
    return undefined;
  }
  const own = otherKeys(
    (opts.candidates ?? []).filter((c) => c.subscriberId === sender),
    undefined,
  ).find(({ key }) => verifies(key, text, signature));
  const verdict = own
    ? `; the signature verifies with the sender's key (unique_key_id ${shown(own.named.uniqueKeyId)}), so name it: keyId="${sender}|${own.named.uniqueKeyId}|ed25519"`
    : "; sign with the sender's own registered key and name it in the keyId";
  return {
    mistake: "keyid-other-subscriber",
    explanation: `the keyId names subscriber ${shown(named)}, but the sender the context names is ${shown(sender)}${verdict} (BECKN-006 step 2).`,
    evidence: own ? { key: own.named } : {},
  };
}

async function signatureMistake(opts: DiagnoseOptions, params: SignatureParams): Promise<FoundMistake | undefined> {
  const signature = Buffer.from(params.signature, "base64");
  if (signature.length !== 64) {
    return undefined;
  }
  const raw = Buffer.from(opts.rawBody);
  const digest = blake2b512Base64(raw);
  const { created, expires } = params;
  const keyIdMismatch = keyIdMistake(opts, params, signature, buildSigningString({ created, expires, digest }));
  if (keyIdMismatch !== undefined) {
    return keyIdMismatch;
  }
  const registeredText = await registeredKey(opts, params);
  const registered = imported(registeredText);
  if (registered !== undefined && verifies(registered, buildSigningString({ created, expires, digest }), signature)) {
    return undefined; // the signature is right: its time (or a claimed digest) is what fails, and the verifier says so
  }
  const input: SearchInput = {
    raw,
    created,
    expires,
    digest,
    keyIdText: `${params.keyId.subscriberId}|${params.keyId.uniqueKeyId}`,
    keyIdSubscriber: params.keyId.subscriberId,
    registered,
    others: otherKeys(opts.candidates ?? [], registeredText),
  };
  for (const attempt of attempts(input)) {
    if (verifies(attempt.key, attempt.text, signature)) {
      return attempt.explain();
    }
  }
  return undefined;
}

async function findMistake(opts: DiagnoseOptions, failure: VerifyFailure): Promise<FoundMistake | undefined> {
  if (failure.reason === "missing-header" || typeof opts.header !== "string") {
    return undefined;
  }
  const parsed = parseSignatureHeader(opts.header);
  if (!parsed.ok) {
    return failure.reason === "malformed-header" ? millisecondMistake(opts, registeredKey) : undefined;
  }
  return failure.reason === "unsupported-algorithm" ? undefined : signatureMistake(opts, parsed.params);
}

async function diagnoseOrThrow(opts: DiagnoseOptions): Promise<SignatureDiagnosis> {
  const at = opts.at ?? Date.now();
  const verdict = await verifySignatureHeader({ ...opts, now: () => at });
  if (verdict.ok) {
    return { verdict: "valid", keyId: verdict.keyId, created: verdict.created, expires: verdict.expires };
  }
  const found = await findMistake(opts, verdict);
  return { verdict: "invalid", reason: verdict.reason, detail: verdict.detail, ...found };
}

/** Verifies a signature header at `opts.at` and, when it fails, names the mistake that explains it. Never throws. */
export async function diagnoseSignature(opts: DiagnoseOptions): Promise<SignatureDiagnosis> {
  try {
    return await diagnoseOrThrow(opts);
  } catch (error) {
    const detail = `The signature could not be checked because of an unexpected error: ${(error as Error)?.message ?? String(error)}.`;
    return { verdict: "invalid", reason: "bad-signature", detail };
  }
}
