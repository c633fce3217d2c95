/**
 * Every request the harness sends a registry becomes an Exchange (the evidence of the reports):
 * the exact bytes sent, the answer or how the connection failed, and, for a subscription, the
 * on_subscribe calls the registry made.
 */
import type { Exchange, Expectation, Probe, ReceivedCallback } from "../../core/check.js";
import { record, type Recorded } from "../../core/record.js";
import type { ChallengeCall } from "./subscriber-app.js";

/** All registry exchanges belong to one scenario, so every check sees the whole run. */
export const REGISTRY_SCENARIO = "registry";

export interface RequestSpec {
  readonly step: string;
  readonly action: "lookup" | "subscribe" | "registry-keys";
  readonly expectation: Expectation;
  readonly probe?: Probe;
  readonly url: string;
  /** Absent for `GET /`. */
  readonly rawBody?: string;
}

/** What was sent and answered, before the callbacks are known. */
export interface SentRequest extends Recorded {
  readonly spec: RequestSpec;
}

/** A shared registry's `{}` may list many participants: answers are read up to 16 MiB. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** Sends one request (POST with a body, GET without) and records it. */
export async function sendRequest(spec: RequestSpec, timeoutMs: number): Promise<SentRequest> {
  const headers: Record<string, string> = spec.rawBody === undefined ? {} : { "content-type": "application/json" };
  const out = { url: spec.url, headers, ...(spec.rawBody === undefined ? {} : { rawBody: spec.rawBody }) };
  return { spec, ...(await record(out, { timeoutMs, maxResponseBytes: MAX_ANSWER_BYTES })) };
}

function callbackOf(call: ChallengeCall, sentAt: number): ReceivedCallback {
  return {
    action: "on_subscribe",
    headers: call.headers,
    rawBody: call.rawBody,
    body: call.body,
    atMs: call.receivedAt - sentAt,
    receivedAt: call.receivedAt,
    matchedBy: "endpoint",
    reply: call.reply,
  };
}

/** The Exchange of a sent request, with the on_subscribe calls that answer it. */
export function exchangeOf(sent: SentRequest, index: number, ttlMs: number, calls: readonly ChallengeCall[] = []): Exchange {
  const { spec } = sent;
  return {
    id: `ex-${String(index + 1).padStart(3, "0")}-${spec.step.replace(/[^a-z0-9-]+/gi, "-")}`,
    scenario: REGISTRY_SCENARIO,
    step: spec.step,
    action: spec.action,
    expectation: spec.expectation,
    ...(spec.probe ? { probe: spec.probe } : {}),
    viaGateway: false,
    ttlMs,
    request: sent.request,
    response: sent.response,
    callbacks: calls.map((c) => callbackOf(c, sent.request.sentAt)),
  };
}
