import { asObject } from "../../../protocol/shapes.js";
import type { ExchangeResponse } from "../../core/check.js";
import { record } from "../../core/record.js";
import type { BapNetwork } from "./network.js";
import type { Arrival } from "./tap.js";
import { messageIdOf } from "./tap.js";
import type { BapExchange } from "./checks/recorded.js";

/** One trigger, and the request that arrived for it. */
export interface Triggered {
  readonly exchange: BapExchange;
  readonly arrival: Arrival | undefined;
}

export interface TriggerEnv {
  readonly net: BapNetwork;
  readonly ackTimeoutMs: number;
  readonly ttlMs: number;
  /** How long to wait for a request the trigger answer names but that has not arrived. */
  readonly graceMs: number;
  readonly claimed: Set<Arrival>;
  /** The run's budget (--max-time), in ms since the epoch: no step starts after it. */
  readonly runDeadline: number;
  nextId(): string;
}

/** The message_id the trigger's answer says was sent (DESIGN "Contracts": `{ context, ack, status }`). */
function answeredMessageId(response: ExchangeResponse): string | undefined {
  return response.kind === "response" ? messageIdOf(asObject(response.body)) : undefined;
}

/**
 * `POST <target>/trigger/<action>`, then the request that arrived for it: the one with the message_id
 * the answer names, else the first unclaimed one of that action that arrived since the trigger.
 */
export async function trigger(
  env: TriggerEnv,
  scenario: string,
  action: string,
  input: { context?: Record<string, unknown>; message: unknown },
): Promise<Triggered> {
  const url = `${env.net.sut.triggerUrl}/trigger/${action}`;
  const { request, response } = await record(
    { url, rawBody: JSON.stringify(input), headers: { "content-type": "application/json" } },
    { timeoutMs: 2 * env.ackTimeoutMs + 1000 },
  );
  const { sentAt } = request;
  const named = answeredMessageId(response);
  const match = (a: Arrival): boolean =>
    !env.claimed.has(a) &&
    a.action === action &&
    (named !== undefined ? messageIdOf(a.body) === named : a.receivedAt >= sentAt - 5) &&
    !(a.at === "bpp" && a.headers["x-gateway-authorization"] !== undefined);
  const arrival =
    response.kind === "response" ? await env.net.arrivals.waitFor(match, env.graceMs, `${action} from the BAP`).catch(() => undefined) : undefined;
  if (arrival) {
    env.claimed.add(arrival);
  }
  const namedBppUri = typeof input.context?.["bpp_uri"] === "string";
  const given = input.context?.["transaction_id"];
  const exchange: BapExchange = {
    id: env.nextId(),
    kind: "trigger",
    scenario,
    step: `trigger ${action}`,
    action,
    expectation: "answer",
    viaGateway: false,
    ttlMs: env.ttlMs,
    request: { ...request, body: input },
    response,
    callbacks: [],
    harnessBpp: { id: env.net.bpp.identity.subscriberId, uri: env.net.bpp.url },
    link: {
      arrivedMessageId: arrival ? messageIdOf(arrival.body) : undefined,
      namedBppUri,
      ...(typeof given === "string" ? { givenTransactionId: given } : {}),
    },
  };
  return { exchange, arrival };
}
