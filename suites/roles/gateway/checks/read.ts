/** What the gateway checks read from an exchange: its kind, what was forwarded, the gateway's key. */
import { ackStatusOf, ERROR, errorOf } from "../../../../protocol/ack.js";
import type { PublicKeyLookup } from "../../../../protocol/signing/index.js";
import type { CheckContext, Exchange, ExchangeResponse, ReceivedCallback } from "../../../core/check.js";

/**
 * How a gateway that does not relay on_search (the BPP answers the BAP directly: both patterns exist)
 * answers one: HTTP 404 or 405, or a NACK with BECKN-005's 40001 "Action not applicable" at any
 * status below 500 but 401 (the answer to a bad signature).
 */
export function declinesOnSearch(action: string, response: ExchangeResponse): boolean {
  if (action !== "on_search" || response.kind !== "response") {
    return false;
  }
  const { status, body } = response;
  return (
    status === 404 || status === 405 || (status < 500 && status !== 401 && ackStatusOf(body) === "NACK" && errorOf(body)?.code === ERROR.actionNotApplicable)
  );
}

/**
 * The step of a valid message the harness writes as other JSON for the same value (a step with a `spelling`, scenarios/*.json); it
 * runs in the scenario of its compact twin (multicast, relay), which GW-017 compares it with.
 */
export const otherBytesStep = (action: string, spelling: string): string => `${action} in other bytes (${spelling})`;
/** The probe name of a validly signed message whose timestamp + ttl had passed before it was sent (the `negative` of a step in scenarios/*.json). */
export const STALE = "stale";

/** A valid search or on_search in other bytes: GW-017 judges it against its compact twin. */
export const isOtherBytes = (exchange: Exchange): boolean => exchange.probe === undefined && exchange.step.startsWith(`${exchange.action} in other bytes`);

/** The valid on_search of a gateway that answered it does not relay on_search (its twin in other bytes is GW-017's). */
export const declinedRelay = (exchange: Exchange): boolean =>
  exchange.probe === undefined && !isOtherBytes(exchange) && declinesOnSearch(exchange.action, exchange.response);

/** A valid search or on_search the gateway must ACK and forward (not an on_search it says it does not relay). */
export const isValidFlow = (exchange: Exchange): boolean => exchange.expectation === "callback" && exchange.probe === undefined && !declinedRelay(exchange);

/** A forged search or on_search the gateway must refuse. */
export const isForgery = (exchange: Exchange, action?: string): boolean =>
  exchange.probe?.kind === "forgery" && (action === undefined || exchange.action === action);

/** A valid exchange with at least one forward to judge (the delivery checks judge the missing ones). */
export const hasForwards = (exchange: Exchange): boolean => isValidFlow(exchange) && exchange.callbacks.length > 0;

export const recipientOf = (callback: ReceivedCallback): string => callback.receivedBy?.subscriberId ?? "(unknown recipient)";

/** The gateway header of a forward: `X-Gateway-Authorization`, or the legacy `Proxy-Authorization`. */
export const gatewayHeaderOf = (callback: ReceivedCallback): string | undefined =>
  callback.headers["x-gateway-authorization"] ?? callback.headers["proxy-authorization"];

/** What the gateway answered, for evidence. */
export const answerOf = (exchange: Exchange): unknown =>
  exchange.response.kind === "response"
    ? { status: exchange.response.status, body: exchange.response.rawBody.slice(0, 300) }
    : { failure: exchange.response.failure, detail: exchange.response.detail };

/** The path of the i-th forward in the report. */
export const at = (i: number, suffix = ""): string => `callbacks[${i}]${suffix}`;

/** The gateway's registered key, for its keyId only (any key id unless the SUT pinned one). */
export function gatewayKey(ctx: CheckContext): PublicKeyLookup {
  return (subscriberId, uniqueKeyId) =>
    subscriberId === ctx.sut.subscriberId && (ctx.sut.uniqueKeyId === undefined || uniqueKeyId === ctx.sut.uniqueKeyId) ? ctx.sut.publicKey : undefined;
}

/** A header as the report shows it, bounded. */
export const shown = (value: string | undefined): string => (value === undefined ? "(absent)" : value.length > 200 ? `${value.slice(0, 200)}…` : value);
