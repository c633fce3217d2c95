/**
 * Whether an observed message is a valid one, as its receiver must take it: signed under the
 * registered key of the sender its context names (BECKN-006), and valid under the profile. Between
 * real participants the harness knows nothing is valid in advance: a receiver that refuses an
 * invalid message is right to, so the checks and run-level checks about answering valid messages
 * judge only the valid ones.
 */
import { CLOCK_SKEW_SECONDS } from "../../../protocol/clock.js";
import { verifySignatureHeader, type PublicKeyLookup } from "../../../protocol/signing/index.js";
import { validate, type ProfileName } from "../../../schemas/index.js";
import { headerOf } from "../read.js";
import type { ObservedParty } from "./network.js";

export interface ObservedMessage {
  readonly headers?: Readonly<Record<string, string>>;
  readonly rawBody: string;
  readonly body: unknown;
  /** When it arrived (ms since the epoch): the signature must have been valid then. */
  readonly at: number;
}

/** The keys the observed parties registered, by subscriber id and key id: built once for an observation. */
export function registeredKeys(parties: readonly ObservedParty[]): PublicKeyLookup {
  const keys = new Map(parties.map((p) => [`${p.subscriberId}|${p.uniqueKeyId}`, p.publicKey]));
  return (subscriberId, uniqueKeyId) => keys.get(`${subscriberId}|${uniqueKeyId}`);
}

/**
 * Why `m` is not valid, or undefined when it is: its `Authorization` must verify under a
 * registered key, that of `sender` (the subscriber its context names), and its body must pass `profile`.
 */
export async function invalidityOf(m: ObservedMessage, sender: string | undefined, keys: PublicKeyLookup, profile: ProfileName): Promise<string | undefined> {
  const signature = await verifySignatureHeader({
    header: headerOf(m.headers, "authorization"),
    rawBody: m.rawBody,
    kind: "authorization",
    lookupPublicKey: keys,
    now: () => m.at,
    skewSeconds: CLOCK_SKEW_SECONDS,
  });
  if (!signature.ok) {
    return `its signature does not verify (${signature.reason}: ${signature.detail})`;
  }
  // BECKN-006 does not make it a MUST, but a receiver may refuse it (AUT-005, AUT-104): not one it owes an ACK.
  if (sender !== undefined && signature.keyId.subscriberId !== sender) {
    return `it is signed by ${JSON.stringify(signature.keyId.subscriberId)}, not by ${JSON.stringify(sender)}, the sender its context names, so a receiver may refuse it`;
  }
  const schema = validate(m.body, profile);
  return schema.valid ? undefined : `it breaks the ${profile} profile (${schema.findings.find((f) => f.severity === "error")?.message ?? "a schema error"})`;
}
