/**
 * The harness's subscribers' side of the challenge: one loopback app where each registration has
 * its own callback URL (`<base>/subscribers/<label>`), so the registry calls
 * `<base>/subscribers/<label>/on_subscribe`. Every call is recorded as evidence; registrations
 * whose answer is "right" get the decrypted challenge, the wrong-answer probe gets another string.
 */
import { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";
import sjson from "secure-json-parse";
import { ERROR, nackBody } from "../../../protocol/ack.js";
import { decryptChallenge } from "../../../protocol/challenge.js";
import { jsonDepthExceeds } from "../../../protocol/json/depth.js";
import { MAX_JSON_DEPTH } from "../../../protocol/http/post.js";
import { retainedBytes, stringBytes, stringsBytes } from "../../../protocol/retained.js";
import { createBecknApp, flatHeaders } from "../../../mocks/common/beckn-receiver.js";
import { waitForEvent } from "../../../mocks/common/wait-for-event.js";
import { EvidenceBudget } from "../../core/evidence-budget.js";
import type { Registration } from "./registrations.js";

/** One on_subscribe call as it reached the harness. */
export interface ChallengeCall {
  readonly label: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: string;
  readonly body: unknown;
  readonly receivedAt: number;
  /** The harness's answer: 200 when the challenge decrypted with the registry's published key, 400 otherwise. */
  readonly reply: { readonly status: number; readonly note: string };
}

export interface SubscriberApp {
  /** The callback base URL of a registration. */
  urlOf(label: string): string;
  /** Every call received for a registration, in order. */
  calls(label: string): readonly ChallengeCall[];
  /** Resolves once a call for the label has been answered; undefined at the deadline. */
  answered(label: string, deadlineMs: number): Promise<ChallengeCall | undefined>;
  /** Calls for a registration dropped past the evidence budget (docs/limits.md "Stored bytes"). */
  dropped(): number;
  close(): Promise<void>;
}

/** The call's JSON, or undefined when it is not JSON or nests deeper than the harness judges (MAX_JSON_DEPTH). */
function parse(raw: string): unknown {
  if (jsonDepthExceeds(raw, MAX_JSON_DEPTH)) {
    return undefined;
  }
  try {
    return sjson.parse(raw, undefined, { protoAction: "remove", constructorAction: "remove" }) as unknown;
  } catch {
    return undefined;
  }
}

/** What a call holds, counted as held (protocol/retained.ts). */
const callBytes = (c: ChallengeCall): number =>
  stringBytes(c.rawBody) + stringsBytes(c.headers) + retainedBytes(c.body) + stringBytes(c.label) + stringBytes(c.reply.note);

function replyOf(plaintext: string | undefined, registration: Registration | undefined, key: string | undefined): ChallengeCall["reply"] {
  if (plaintext !== undefined) {
    return {
      status: 200,
      note:
        registration?.answer === "wrong"
          ? "The challenge decrypted; the harness answered a wrong plaintext on purpose."
          : "The challenge decrypted; the harness answered its plaintext.",
    };
  }
  const why = !registration
    ? "no registration has this callback URL"
    : !key
      ? "the registry publishes no encr_public_key at GET /"
      : "the challenge is missing, or does not decrypt with the subscriber's key and the registry's encr_public_key";
  return { status: 400, note: `The harness could not answer: ${why}.` };
}

export interface SubscriberAppOptions {
  readonly host: string;
  /** The base URL the registry can reach the app at (a tunnel, an ingress); the listen URL by default. */
  readonly publicUrl?: string;
  readonly registrations: readonly Registration[];
  /** The registry's X25519 public key from `GET /`; without one no challenge can be answered. */
  readonly registryEncryptionKey: string | undefined;
}

export async function startSubscriberApp(options: SubscriberAppOptions): Promise<SubscriberApp> {
  const byLabel = new Map(options.registrations.map((r) => [r.label, r]));
  const received = new Map<string, ChallengeCall[]>();
  const answered = new Map<string, ChallengeCall>();
  const events = new EventEmitter();
  const budget = new EvidenceBudget();
  const app = createBecknApp();
  app.post<{ Params: { label: string } }>("/subscribers/:label/on_subscribe", async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body.toString("utf8") : "";
    const body = parse(rawBody);
    const registration = byLabel.get(request.params.label);
    const challenge = (body as { challenge?: unknown } | undefined)?.challenge;
    const key = options.registryEncryptionKey;
    const plaintext =
      registration && key && typeof challenge === "string" ? decryptChallenge(challenge, registration.identity.encryptionPrivateKey, key) : undefined;
    const call: ChallengeCall = {
      label: request.params.label,
      headers: flatHeaders(request.headers),
      rawBody,
      body,
      receivedAt: Date.now(),
      reply: replyOf(plaintext, registration, key),
    };
    // Only calls for the run's own registrations are evidence; within the budget, the first ones are kept.
    const kept = registration !== undefined && budget.admit(callBytes(call));
    if (kept) {
      received.set(call.label, [...(received.get(call.label) ?? []), call]);
    }
    reply.raw.once("finish", () => {
      if (kept) {
        answered.set(call.label, call);
      }
      events.emit("answered", call);
    });
    if (plaintext === undefined) {
      return reply.code(400).send(
        nackBody({
          code: ERROR.invalidRequest,
          message: "The challenge does not decrypt with this subscriber's key and the registry's encr_public_key from GET /.",
        }),
      );
    }
    return reply.code(200).send({ answer: registration?.answer === "wrong" ? `not-${plaintext}` : plaintext });
  });
  await app.listen({ host: options.host, port: 0 });
  const { port } = app.server.address() as AddressInfo;
  // A wildcard bind is reached on loopback (the registry under test needs --public-url otherwise).
  const reachable = options.host === "0.0.0.0" ? "127.0.0.1" : options.host === "::" ? "::1" : options.host;
  const base = (options.publicUrl ?? `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`).replace(/\/+$/, "");
  return {
    urlOf: (label) => `${base}/subscribers/${label}`,
    calls: (label) => received.get(label) ?? [],
    answered: (label, deadlineMs) =>
      waitForEvent<ChallengeCall>({
        emitter: events,
        event: "answered",
        match: (c) => c.label === label,
        deadlineMs,
        what: `on_subscribe for ${label}`,
        already: answered.get(label),
      }).catch(() => undefined),
    dropped: () => budget.dropped,
    close: () => app.close(),
  };
}
