/**
 * The registry's side of the subscription challenge: POST `<url>/on_subscribe` with
 * `{ subscriber_id, challenge }`, signed by the registry like any Beckn request, and judge the
 * `{ answer }`. The right answer makes the entry SUBSCRIBED; anything else (a wrong answer, no
 * answer, an HTTP error, a timeout) moves it to INITIATED with the reason recorded.
 */
import { randomBytes } from "node:crypto";
import { encryptChallenge } from "../../protocol/challenge.js";
import type { HttpOutcome } from "../../protocol/http/post.js";
import { generateEncryptionKeyPair } from "../../protocol/keys.js";
import type { Identity } from "../common/identity.js";
import { forbiddenTarget } from "../common/targets.js";
import { endpoint, sendSigned } from "../common/send.js";
import type { RegistryFaults } from "./faults.js";
import type { RegistryStore } from "./store.js";
import type { ParticipantEntry } from "./types.js";

export const DEFAULT_ON_SUBSCRIBE_TIMEOUT_MS = 3000;

/** The status a failed challenge leaves: registered, not verified, and absent from lookups. */
export const FAILED_CHALLENGE_STATUS = "INITIATED";

export interface ChallengeOptions {
  readonly identity: Identity;
  readonly timeoutMs: number;
  /** Faults switched on (mocks/registry/faults.ts); none by default. */
  readonly faults?: RegistryFaults;
}

function snippet(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}...` : text);
}

/** Why the subscriber's answer is not acceptable, or undefined when it is the plaintext. */
function judge(outcome: HttpOutcome, plaintext: string, url: string, acceptAnyAnswer: boolean): string | undefined {
  if (outcome.kind === "failure") {
    return `POST ${url} failed (${outcome.failure}): ${outcome.detail}`;
  }
  if (outcome.status < 200 || outcome.status > 299) {
    return `POST ${url} answered HTTP ${outcome.status} with ${snippet(outcome.rawBody)}; expected 200 with {"answer": "<decrypted challenge>"}`;
  }
  const answer = (outcome.body as { answer?: unknown } | undefined)?.answer;
  if (typeof answer !== "string") {
    return `POST ${url} answered ${snippet(outcome.rawBody)}; expected {"answer": "<decrypted challenge>"}`;
  }
  if (answer !== plaintext && !acceptAnyAnswer) {
    return `POST ${url} answered ${snippet(answer)}, which is not the challenge's plaintext; expected the challenge decrypted with X25519 + AES-256-ECB`;
  }
  return undefined;
}

/** Runs one challenge to its end and records the result on the entry. Never throws. */
export async function challengeSubscriber(store: RegistryStore, entry: ParticipantEntry, options: ChallengeOptions): Promise<void> {
  const faults: RegistryFaults = options.faults ?? new Set();
  if (faults.has("reg.no-challenge")) {
    return;
  }
  const url = endpoint(entry.url, "on_subscribe");
  const forbidden = forbiddenTarget(url, []);
  if (forbidden !== undefined) {
    store.transition(entry, FAILED_CHALLENGE_STATUS, `The challenge was not sent to ${url}: ${forbidden}`);
    return;
  }
  let reason: string | undefined;
  try {
    const plaintext = randomBytes(24).toString("base64url");
    const encryptWith = faults.has("reg.challenge-wrong-key") ? generateEncryptionKeyPair().privateKey : options.identity.encryptionPrivateKey;
    const challenge = encryptChallenge(plaintext, encryptWith, entry.encr_public_key);
    const body = { subscriber_id: entry.subscriber_id, challenge };
    const unsigned = faults.has("reg.unsigned-on-subscribe");
    const { outcome } = await sendSigned(options.identity, url, body, {
      timeoutMs: options.timeoutMs,
      ...(unsigned ? { afterSigning: ({ headers: { authorization: _dropped, ...headers }, ...rest }) => ({ ...rest, headers }) } : {}),
    });
    reason = judge(outcome, plaintext, url, faults.has("reg.accept-wrong-challenge"));
  } catch (error) {
    reason = `The challenge for ${url} could not be made: ${(error as Error)?.message ?? String(error)}`;
  }
  if (reason === undefined && faults.has("reg.never-subscribe")) {
    return;
  }
  store.transition(entry, reason === undefined ? "SUBSCRIBED" : FAILED_CHALLENGE_STATUS, reason);
}
