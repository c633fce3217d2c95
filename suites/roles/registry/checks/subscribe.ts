/**
 * REG-015…REG-019 and REG-025: the registry's published keys and the subscription flow: subscribe,
 * the on_subscribe challenge, SUBSCRIBED after the right answer, and never after a wrong one. Core
 * 1.1.0 (registry.yaml: /lookup, /subscribe, /on_subscribe) says where neither the registry's keys
 * are nor how the challenge is encrypted: those two rules are SHOULDs (REG-015, REG-025).
 */
import { importEncryptionPublicKey } from "../../../../protocol/keys.js";
import type { FoundMistake } from "../../../../protocol/signing/diagnose/index.js";
import { verifySignatureHeader } from "../../../../protocol/signing/index.js";
import { candidateKeys, signatureMistake } from "../../../core/signature-diagnosis.js";
import { defineCheck } from "../../../core/define-check.js";
import type { CheckContext, Exchange, CheckFinding, ReceivedCallback } from "../../../core/check.js";
import { rawSigningKey } from "./entries.js";
import { entriesOf, isAnsweredLookup, isRegistration, KEYS_STEP, MAX_FINDINGS, registrationsOf } from "./read.js";
import { finding, type FindingDetail } from "../../../core/finding.js";

const SUBSCRIBE_REF = 'core 1.1.0 registry POST /subscribe, POST /on_subscribe; docs/registry.md "The rules the REG checks apply" (Subscription)';

/** What was expected and what came back, each only when known (a finding shows no empty Expected or Actual). */
const evidence = (expected: unknown, actual: unknown): FindingDetail => ({
  ...(expected === undefined ? {} : { expected }),
  ...(actual === undefined ? {} : { actual }),
});

function isEncryptionKey(value: unknown): boolean {
  try {
    return typeof value === "string" && importEncryptionPublicKey(value) !== undefined;
  } catch {
    return false;
  }
}

/** What is wrong with the registry's own keys at GET /, judged against --sut-id and --sut-key. */
function keyProblems(body: Readonly<Record<string, unknown>>, ctx: CheckContext): CheckFinding[] {
  const findings: CheckFinding[] = [];
  if (!isEncryptionKey(body["encr_public_key"])) {
    findings.push(
      finding(
        "GET / publishes no X25519 encr_public_key (base64, raw 32 bytes or DER SPKI); subscribers need it to decrypt the on_subscribe challenge.",
        evidence("an X25519 public key", body["encr_public_key"]),
      ),
    );
  }
  const signing = typeof body["signing_public_key"] === "string" ? rawSigningKey(body["signing_public_key"]) : undefined;
  if (!signing) {
    findings.push(
      finding(
        "GET / publishes no ed25519 signing_public_key; subscribers need it to verify the registry's on_subscribe calls.",
        evidence("an ed25519 public key", body["signing_public_key"]),
      ),
    );
  } else if (ctx.sut.publicKey !== "" && !signing.equals(rawSigningKey(ctx.sut.publicKey) ?? Buffer.alloc(0))) {
    findings.push(
      finding(
        "The signing_public_key at GET / is not the registry key given with --sut-key; publish the key the registry signs with.",
        evidence(ctx.sut.publicKey, body["signing_public_key"]),
      ),
    );
  }
  if (ctx.sut.subscriberId !== "" && body["subscriber_id"] !== undefined && body["subscriber_id"] !== ctx.sut.subscriberId) {
    findings.push(finding("The subscriber_id at GET / is not the registry id given with --sut-id.", evidence(ctx.sut.subscriberId, body["subscriber_id"])));
  }
  return findings;
}

export const REG_015 = defineCheck({
  id: "REG-015",
  title: "The registry publishes its encryption and signing keys at GET /",
  severity: "SHOULD",
  ref: 'docs/registry.md "The rules the REG checks apply" (Registry key: a harness policy, core 1.1.0 registry.yaml has no GET /; give --sut-encr-key instead)',
  fix: "Serve GET / with your encryption and signing public keys (else operators must give --sut-encr-key).",
  appliesTo: (exchange) => exchange.action === "registry-keys" && exchange.step === KEYS_STEP,
  run: (exchange, ctx) => {
    const { response } = exchange;
    if (response.kind === "failure" || response.status !== 200) {
      const got = response.kind === "failure" ? `no answer (${response.failure})` : `HTTP ${response.status}`;
      return [finding(`GET / got ${got}; answer HTTP 200 with the registry's subscriber_id, encr_public_key and signing_public_key.`, evidence(200, got))];
    }
    const body = response.body;
    return typeof body === "object" && body !== null && !Array.isArray(body)
      ? keyProblems(body as Record<string, unknown>, ctx)
      : [
          finding(
            "GET / did not answer a JSON object; answer the registry's subscriber_id, encr_public_key and signing_public_key.",
            evidence("a JSON object", response.rawBody.slice(0, 200)),
          ),
        ];
  },
});

/** Subscriptions that are valid and must be challenged: every registration but the validity probes. */
const isChallengedSubscription = (exchange: Exchange): boolean =>
  exchange.action === "subscribe" && (exchange.probe === undefined || exchange.probe.name === "wrong-challenge-answer");

export const REG_016 = defineCheck({
  id: "REG-016",
  title: "A valid subscription is accepted and challenged at <url>/on_subscribe",
  severity: "MUST",
  ref: SUBSCRIBE_REF,
  fix: "Accept a valid POST /subscribe and challenge the subscriber at <subscriber_url>/on_subscribe, encrypted for its encr_public_key.",
  appliesTo: isChallengedSubscription,
  run: (exchange) => {
    const { response } = exchange;
    if (response.kind === "failure" || response.status < 200 || response.status > 299) {
      const got = response.kind === "failure" ? `no answer (${response.failure})` : `HTTP ${response.status}: ${response.rawBody.slice(0, 200)}`;
      return [
        finding(`The valid subscription got ${got}; accept it with 2xx ({"status": "UNDER_SUBSCRIPTION"}) and challenge the subscriber.`, evidence("2xx", got)),
      ];
    }
    const call = exchange.callbacks[0];
    if (!call) {
      return [
        finding(
          `The registry never called ${exchange.request.url.replace(/\/subscribe$/, "")}'s subscriber at <url>/on_subscribe within the ttl; send {"subscriber_id", "challenge"} there after accepting a subscription.`,
          evidence("an on_subscribe call", "none"),
        ),
      ];
    }
    const challenge = (call.body as { challenge?: unknown } | undefined)?.challenge;
    return typeof challenge === "string"
      ? []
      : [
          finding(
            "The on_subscribe call has no `challenge` string; send the challenge encrypted for the subscriber's encr_public_key.",
            evidence("a challenge string", call.rawBody.slice(0, 200)),
          ),
        ];
  },
});

/** The challenge string of a subscription's first on_subscribe call, if any. */
const challengeOf = (exchange: Exchange): string | undefined => {
  const challenge = (exchange.callbacks[0]?.body as { challenge?: unknown } | undefined)?.challenge;
  return typeof challenge === "string" ? challenge : undefined;
};

export const REG_025 = defineCheck({
  id: "REG-025",
  title: "The challenge decrypts with X25519 and AES-256-ECB",
  severity: "SHOULD",
  ref: 'docs/registry.md "The `on_subscribe` challenge": the challenge scheme of ONDC and beckn-gateway (core 1.1.0 /on_subscribe: "encrypted with the subscriber\'s encryption public key", no algorithm named)',
  fix: "Encrypt the challenge with the X25519 shared key of your key and the subscriber's encr_public_key, in AES-256-ECB, base64-encoded.",
  appliesTo: (exchange) => isChallengedSubscription(exchange) && challengeOf(exchange) !== undefined,
  run: (exchange) => {
    const reply = exchange.callbacks[0]?.reply;
    return reply && reply.status !== 200
      ? [
          finding(
            `The challenge does not decrypt with X25519 (the subscriber's key, the registry's encr_public_key from GET / or --sut-encr-key) and AES-256-ECB, so the harness cannot answer it: ${reply.note}`,
            evidence("a challenge the subscriber can decrypt", challengeOf(exchange)),
          ),
        ]
      : [];
  },
});

export const REG_017 = defineCheck({
  id: "REG-017",
  title: "A subscriber that answers its challenge is SUBSCRIBED",
  severity: "MUST",
  ref: SUBSCRIBE_REF,
  fix: "Mark the subscriber SUBSCRIBED once its on_subscribe answer equals the challenge you sent.",
  appliesTo: (exchange) => exchange.step.startsWith("confirm:") && exchange.probe === undefined && entriesOf(exchange) !== undefined,
  run: (exchange, ctx) => {
    const mine = registrationsOf(ctx).find((r) => `confirm:${r.label}` === exchange.step);
    if (!mine || (entriesOf(exchange) ?? []).some((e) => isRegistration(e, mine))) {
      return [];
    }
    const answers = mine.exchange.callbacks.map((c) => c.reply?.note ?? "(no reply recorded)");
    return [
      finding(
        `${mine.subscription["subscriber_id"]} key ${mine.subscription["unique_key_id"]} is not returned by a lookup within the ttl of its subscription; a subscriber that answers its challenge with the plaintext must become SUBSCRIBED.`,
        evidence("returned as SUBSCRIBED", answers.length > 0 ? answers : "the registry never challenged it"),
      ),
    ];
  },
});

export const REG_018 = defineCheck({
  id: "REG-018",
  title: "A wrong challenge answer leaves the subscriber unsubscribed",
  severity: "MUST",
  ref: SUBSCRIBE_REF,
  fix: "Compare the on_subscribe answer with the challenge you sent; leave a subscriber whose answer differs unsubscribed.",
  appliesTo: isAnsweredLookup,
  run: (exchange, ctx) => {
    const wrong = registrationsOf(ctx).filter((r) => r.probe === "wrong-challenge-answer");
    return (entriesOf(exchange) ?? [])
      .filter((e) => wrong.some((r) => isRegistration(e, r)) && (e["status"] === undefined || e["status"] === "SUBSCRIBED"))
      .slice(0, MAX_FINDINGS)
      .map((e) =>
        finding(
          `The lookup returned ${String(e["subscriber_id"])} as SUBSCRIBED, though the harness answered its challenge with a wrong plaintext; compare the answer with the challenge and leave a wrong answer unsubscribed.`,
          evidence("absent", e),
        ),
      );
  },
});

interface SignatureProblem {
  readonly text: string;
  readonly mistake?: FoundMistake;
}

async function signatureProblem(call: ReceivedCallback, ctx: CheckContext): Promise<SignatureProblem | undefined> {
  const lookupPublicKey = (subscriberId: string, uniqueKeyId: string): string | undefined =>
    subscriberId === ctx.sut.subscriberId && (ctx.sut.uniqueKeyId === undefined || ctx.sut.uniqueKeyId === uniqueKeyId) && ctx.sut.publicKey !== ""
      ? ctx.sut.publicKey
      : undefined;
  const options = {
    header: call.headers["authorization"],
    rawBody: call.rawBody,
    kind: "authorization" as const,
    lookupPublicKey,
    expectedSubscriberId: ctx.sut.subscriberId,
    skewSeconds: ctx.skewSeconds,
  };
  const result = await verifySignatureHeader({ ...options, now: () => call.receivedAt });
  if (result.ok) {
    return undefined;
  }
  const mistake = await signatureMistake({ ...options, candidates: candidateKeys(ctx), at: call.receivedAt });
  return { text: `${result.reason}: ${result.detail}`, ...(mistake ? { mistake } : {}) };
}

export const REG_019 = defineCheck({
  id: "REG-019",
  title: "The on_subscribe call is signed with the registry's key",
  severity: "SHOULD",
  ref: 'BECKN-006 Authorization header; docs/registry.md "The rules the REG checks apply" (Subscription: the on_subscribe call should be signed)',
  fix: "Sign your on_subscribe call with your registry's key in an Authorization header, as BECKN-006 signs any request.",
  appliesTo: (exchange) => exchange.action === "subscribe" && exchange.callbacks.length > 0,
  run: async (exchange, ctx) => {
    const problems = await Promise.all(exchange.callbacks.map((c) => signatureProblem(c, ctx)));
    const failed = `The on_subscribe call is not signed by ${ctx.sut.subscriberId} with the key given as --sut-key`;
    return problems
      .filter((p): p is SignatureProblem => p !== undefined)
      .slice(0, MAX_FINDINGS)
      .map((p) =>
        finding(
          p.mistake
            ? `${failed}: ${p.mistake.explanation}`
            : `${failed} (${p.text}); sign it like any Beckn request, so a subscriber can tell the registry's challenge from a forgery.`,
          evidence(`Signature keyId="${ctx.sut.subscriberId}|…|ed25519"`, p.mistake ? { problem: p.text, diagnosis: p.mistake } : p.text),
        ),
      );
  },
});
