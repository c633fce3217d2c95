import { parseIsoDuration } from "../../../protocol/formats.js";
import type { Exchange } from "../../core/check.js";
import type { Delivery } from "./deliveries.js";
import { expectationOf } from "./checks/probe-table.js";
import type { Arrival } from "./tap.js";
import { contextOf, messageIdOf } from "./tap.js";
import type { BapExchange, HarnessBpp } from "./checks/recorded.js";

/** Whether an arrival was sent by the BAP itself (a search the gateway forwarded to the BPP was not). */
export const fromBap = (a: Arrival): boolean =>
  !(a.at === "bpp" && (a.headers["x-gateway-authorization"] !== undefined || a.headers["proxy-authorization"] !== undefined));

const ttlOf = (body: unknown, fallback: number): number => parseIsoDuration(contextOf(body)["ttl"]) ?? fallback;

export interface ExchangeLabels {
  readonly scenario: (what: "request" | Delivery["phase"]) => string;
  readonly harnessBpp: HarnessBpp;
  readonly ttlMs: number;
  /** The trigger of a request (by message_id): its exchange id and whether it named a bpp_uri; none in passive mode. */
  readonly triggerOf: (
    messageId: string | undefined,
  ) => { readonly id: string; readonly namedBppUri: boolean; readonly givenTransactionId?: string | undefined } | undefined;
  nextId(): string;
}

/** A request the BAP sent: what arrived, and the harness's answer. */
export function requestExchange(a: Arrival, labels: ExchangeLabels): BapExchange {
  const trigger = labels.triggerOf(messageIdOf(a.body));
  return {
    id: labels.nextId(),
    kind: "bap-request",
    scenario: labels.scenario("request"),
    step: a.action,
    action: a.action,
    expectation: "answer",
    viaGateway: a.at === "gateway",
    ttlMs: ttlOf(a.body, labels.ttlMs),
    request: { url: a.url, headers: a.headers, rawBody: a.rawBody, body: a.body, sentAt: a.receivedAt },
    response: {
      kind: "response",
      status: a.response.status,
      headers: a.response.headers,
      rawBody: a.response.rawBody,
      body: a.response.body,
      headersMs: a.response.ms,
      ms: a.response.ms,
    },
    callbacks: [],
    arrivedAt: a.at,
    harnessBpp: labels.harnessBpp,
    ...(trigger
      ? { namedBppUri: trigger.namedBppUri, triggeredBy: trigger.id, ...(trigger.givenTransactionId ? { givenTransactionId: trigger.givenTransactionId } : {}) }
      : {}),
  };
}

/** `on_status expired` for a probe, `on_status spelled whitespace` for a respelled valid callback. */
const stepOf = (d: Delivery): string => (d.probe ? `${d.action} ${d.probe.name}` : d.spelling ? `${d.action} spelled ${d.spelling}` : d.action);

/** A callback the harness sent to the BAP, and the BAP's answer. */
export function deliveryExchange(d: Delivery, requestIds: ReadonlySet<string>, labels: ExchangeLabels): BapExchange {
  const messageId = messageIdOf(d.body);
  return {
    id: labels.nextId(),
    kind: "callback",
    scenario: labels.scenario(d.phase),
    step: stepOf(d),
    action: d.action,
    expectation: d.probe ? expectationOf(d.probe) : "callback",
    ...(d.probe ? { probe: d.probe } : {}),
    viaGateway: false,
    ttlMs: ttlOf(d.body, labels.ttlMs),
    request: { url: d.url, headers: d.headers, rawBody: d.rawBody, body: d.body, sentAt: d.sentAt },
    response: d.outcome,
    callbacks: [],
    harnessBpp: labels.harnessBpp,
    phase: d.phase,
    ...(d.spelling ? { spelling: d.spelling } : {}),
    ...(messageId !== undefined && requestIds.has(messageId) ? { inReplyTo: messageId } : {}),
  };
}

/** Every request the BAP sent and every callback delivered to it, as exchanges in time order. */
export function collectExchanges(arrivals: readonly Arrival[], deliveries: readonly Delivery[], labels: ExchangeLabels): Exchange[] {
  const requests = arrivals.filter(fromBap);
  const requestIds = new Set(requests.flatMap((a) => messageIdOf(a.body) ?? []));
  const timed = [
    ...requests.map((a) => ({ at: a.receivedAt, exchange: requestExchange(a, labels) })),
    ...deliveries.map((d) => ({ at: d.sentAt, exchange: deliveryExchange(d, requestIds, labels) })),
  ];
  return timed.sort((x, y) => x.at - y.at).map((t) => t.exchange);
}
