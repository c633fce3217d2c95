/**
 * How the harness sends the gateway one message and records it as an Exchange: a valid search (what
 * reached each BPP), a valid on_search (what reached the BAP), or a probe (what reached anyone in the
 * quiet window). The request is what the harness sent the gateway; the callbacks are what arrived at
 * the harness's participants, each with the participant it reached. Which messages: scenarios/*.json.
 */
import { randomUUID } from "node:crypto";
import type { HttpOutcome } from "../../../protocol/http/post.js";
import { asObject } from "../../../protocol/shapes.js";
import {
  buildContext,
  buildMeter,
  buildSearch,
  buildTimeWindow,
  buildTransaction,
  callbackContext,
  createFaker,
  type Context,
} from "../../../fixtures/builders/index.js";
import type { Identity } from "../../../mocks/common/identity.js";
import { forgeRequest, type ForgeryName } from "../../core/probes/forgeries.js";
import type { Exchange, ExchangeResponse, Probe, ReceivedCallback } from "../../core/check.js";
import { record, signedRequest, signingKeys } from "../../core/record.js";
import type { Arrival } from "./inbox.js";
import { declinesOnSearch } from "./checks/read.js";
import type { GatewayNetwork } from "./network.js";
import { ANSWERING_BPP, mustReach, ROSTER } from "./checks/roster.js";

/** The harness keeps listening this long past the ACK deadline, so a late ACK is judged late (GW-015), not missing (GW-008). */
export { LATE_ANSWER_GRACE_MS } from "../../core/ack-deadline.js";

export interface GatewayRunEnv {
  readonly network: GatewayNetwork;
  readonly ttlMs: number;
  readonly ttl: string;
  readonly answerTimeoutMs: number;
  readonly quietWindowMs: number;
  readonly runDeadline: number;
  readonly run: { readonly domain: string; readonly city: string; readonly country: string; readonly seed: number };
  readonly onOutcome: (outcome: HttpOutcome) => void;
  /** Called as each exchange settles (progress). */
  readonly onStepDone?: (scenario: string) => void;
}

export interface Outgoing {
  readonly scenario: string;
  readonly step: string;
  readonly action: "search" | "on_search";
  readonly rawBody: string;
  readonly headers: Record<string, string>;
  readonly probe?: Probe;
}

const contextOf = (body: unknown): Record<string, unknown> | undefined => asObject(asObject(body)?.["context"]);

/** Signs `body` as `identity` over the bytes `write` makes of it (compact JSON unless told). */
export function signed(
  identity: Identity,
  body: unknown,
  write: (body: unknown) => string = JSON.stringify,
): { rawBody: string; headers: Record<string, string> } {
  return signedRequest(identity, write(body));
}

export function forged(name: ForgeryName, identity: Identity, body: unknown): { rawBody: string; headers: Record<string, string> } {
  const forgery = forgeRequest(name, { body, identity: signingKeys(identity), now: Date.now });
  return { rawBody: forgery.rawBody, headers: Object.fromEntries(Object.entries(forgery.headers).map(([k, v]) => [k.toLowerCase(), v])) };
}

const neverConnected = (response: ExchangeResponse): boolean => response.kind === "failure" && !response.connected;

function callbackOf(arrival: Arrival, sentAt: number, matchedBy: ReceivedCallback["matchedBy"] = "message_id"): ReceivedCallback {
  const { action, headers, rawBody, body, receivedAt, receivedBy, reply } = arrival;
  return { action, headers, rawBody, body, atMs: receivedAt - sentAt, receivedAt, matchedBy, receivedBy, reply };
}

/** What an exchange waits for, and how long. */
export interface Wait {
  readonly matches: (a: Arrival) => boolean;
  /** Forgeries are matched by their transaction, since a tampered body may carry another message_id. */
  readonly matchedBy: ReceivedCallback["matchedBy"];
  readonly settled: (got: readonly Arrival[]) => boolean;
  readonly deadline: (sentAt: number) => number;
}

/** Sends one request, waits until `settled` holds for what arrived (or its deadline), and records the exchange. */
export async function exchange(env: GatewayRunEnv, out: Outgoing, wait: Wait): Promise<Exchange> {
  const url = `${env.network.sut.url}/${out.action}`;
  const { request, response } = await record(
    { url, rawBody: out.rawBody, headers: out.headers },
    { timeoutMs: () => Math.max(1, Math.min(env.answerTimeoutMs, env.runDeadline - Date.now())) },
  );
  const { sentAt } = request;
  env.onOutcome(response);
  const matching = (all: readonly Arrival[]): Arrival[] => all.filter(wait.matches);
  // A target that never connected, or says it does not relay on_search, forwards nothing: no wait.
  const deadline = neverConnected(response) || (!out.probe && declinesOnSearch(out.action, response)) ? 0 : Math.min(env.runDeadline, wait.deadline(sentAt));
  await env.network.arrivals.until((all) => wait.settled(matching(all)), deadline);
  env.onStepDone?.(out.scenario);
  return {
    id: randomUUID(),
    scenario: out.scenario,
    step: out.step,
    action: out.action,
    expectation: out.probe ? "nack" : "callback",
    ...(out.probe ? { probe: out.probe, quietWindowMs: env.quietWindowMs } : {}),
    viaGateway: false,
    ttlMs: env.ttlMs,
    request,
    response,
    callbacks: matching(env.network.arrivals.list()).map((a) => callbackOf(a, sentAt, wait.matchedBy)),
  };
}

export function searchBody(env: GatewayRunEnv, seed: number): { context: Context } {
  const faker = createFaker(seed);
  const { domain, city, country } = env.run;
  const context = buildContext({
    action: "search",
    ttl: env.ttl,
    domain,
    city,
    country,
    bapId: env.network.bap.identity.subscriberId,
    bapUri: env.network.bap.url,
  });
  return buildSearch({ context, itemName: "Solar Surplus Energy", endMeter: buildMeter(faker), window: buildTimeWindow(faker) });
}

export function onSearchBody(env: GatewayRunEnv, search: Context): unknown {
  const bpp = env.network.bpps.find((b) => b.subscriberId === ANSWERING_BPP.subscriberId);
  const bppUri = bpp?.inbox.url ?? "";
  const { on_search } = buildTransaction({ bapId: String(search.bap_id), bapUri: String(search.bap_uri), bppId: ANSWERING_BPP.subscriberId, bppUri }).messages;
  return { ...on_search, context: callbackContext(search, { bppId: ANSWERING_BPP.subscriberId, bppUri }) };
}

export const idIs =
  (key: string, value: unknown) =>
  (a: Arrival): boolean =>
    contextOf(a.body)?.[key] === value;
const bpps = new Set(ROSTER.map((b) => b.subscriberId));
export const mustReachIds = ROSTER.filter((b) => mustReach(b.placement)).map((b) => b.subscriberId);

/**
 * Sends a valid search and waits until every BPP in `expected` has it (by the ttl), then the quiet
 * window for those that must not; the exchange holds every BPP it reached by then.
 */
export async function multicast(
  env: GatewayRunEnv,
  scenario: string,
  search: { context: Context },
  expected: readonly string[],
  how: { write?: (body: unknown) => string; step?: string } = {},
): Promise<Exchange> {
  const atBpp = (a: Arrival): boolean => a.action === "search" && bpps.has(a.receivedBy.subscriberId) && idIs("message_id", search.context.message_id)(a);
  const sent = await exchange(
    env,
    { scenario, step: how.step ?? "search", action: "search", ...signed(env.network.bap.identity, search, how.write) },
    {
      matches: atBpp,
      matchedBy: "message_id",
      settled: (got) => expected.every((id) => got.some((a) => a.receivedBy.subscriberId === id)),
      deadline: (sentAt) => sentAt + env.ttlMs,
    },
  );
  await env.network.arrivals.until(() => false, neverConnected(sent.response) ? 0 : Math.min(env.runDeadline, Date.now() + env.quietWindowMs));
  return {
    ...sent,
    callbacks: env.network.arrivals
      .list()
      .filter(atBpp)
      .map((a) => callbackOf(a, sent.request.sentAt)),
  };
}

/** Sends a valid on_search and waits, by the ttl, for it to reach the BAP. */
export function relay(env: GatewayRunEnv, out: Omit<Outgoing, "action">, messageId: unknown): Promise<Exchange> {
  const bapId = env.network.bap.identity.subscriberId;
  return exchange(
    env,
    { ...out, action: "on_search" },
    {
      matches: (a) => a.action === "on_search" && a.receivedBy.subscriberId === bapId && idIs("message_id", messageId)(a),
      matchedBy: "message_id",
      settled: (got) => got.length > 0,
      deadline: (sentAt) => sentAt + env.ttlMs,
    },
  );
}

/** Sends a probe: it must get a NACK and reach nobody within the quiet window (its transaction is watched, not its message_id). */
export function probe(env: GatewayRunEnv, out: Outgoing & { probe: Probe }, transactionId: unknown): Promise<Exchange> {
  return exchange(env, out, {
    matches: idIs("transaction_id", transactionId),
    matchedBy: "transaction",
    settled: () => false,
    deadline: () => Date.now() + env.quietWindowMs,
  });
}

/** The answering BPP, which signs the harness's on_search. */
export function answering(env: GatewayRunEnv): Identity {
  return env.network.bpps.find((b) => b.subscriberId === ANSWERING_BPP.subscriberId)?.inbox.identity ?? env.network.bap.identity;
}
