/**
 * Every request the harness sends a registry becomes an Exchange (the evidence of the reports):
 * the exact bytes sent, the answer or how the connection failed, and, for a subscription, the
 * on_subscribe calls the registry made.
 */
import { postRaw, type HttpOutcome } from "../../../protocol/http/post.js";
import type { Exchange, ExchangeResponse, Expectation, Probe, ReceivedCallback } from "../../core/check.js";
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
export interface SentRequest {
  readonly spec: RequestSpec;
  readonly request: Exchange["request"];
  readonly response: ExchangeResponse;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A shared registry's `{}` may list many participants: answers are read up to 16 MiB. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** A bounded GET with the same typed outcome as postRaw; never throws. */
async function getRaw(url: string, timeoutMs: number): Promise<HttpOutcome> {
  const started = performance.now();
  const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
  try {
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    const headersMs = elapsed();
    const text = (await response.text()).slice(0, MAX_ANSWER_BYTES);
    return { kind: "response", status: response.status, headers: Object.fromEntries(response.headers.entries()), rawBody: text, body: parseJson(text), headersMs, ms: elapsed() };
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? "";
    const refused = code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
    const failure = (error as Error).name === "TimeoutError" ? "timeout" : code === "ECONNREFUSED" ? "refused" : refused ? "dns" : "other";
    return { kind: "failure", failure, detail: `${(error as Error).message}${code ? `: ${code}` : ""}`, connected: !refused, ms: elapsed() };
  }
}

/** Sends one request (POST with a body, GET without) and records it. */
export async function sendRequest(spec: RequestSpec, timeoutMs: number): Promise<SentRequest> {
  const sentAt = Date.now();
  const headers: Record<string, string> = spec.rawBody === undefined ? {} : { "content-type": "application/json" };
  const outcome = spec.rawBody === undefined ? await getRaw(spec.url, timeoutMs) : await postRaw(spec.url, spec.rawBody, headers, { timeoutMs, maxResponseBytes: MAX_ANSWER_BYTES });
  const rawBody = spec.rawBody ?? "";
  return { spec, request: { url: spec.url, headers, rawBody, body: parseJson(rawBody), sentAt }, response: outcome };
}

function callbackOf(call: ChallengeCall, sentAt: number): ReceivedCallback {
  return { action: "on_subscribe", headers: call.headers, rawBody: call.rawBody, body: call.body, atMs: call.receivedAt - sentAt, receivedAt: call.receivedAt, matchedBy: "endpoint", reply: call.reply };
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
