/** What the NEG checks share: the NACK they expect, the evidence of an answer, and what an error callback is. */
import { ackStatusOf, errorOf } from "../../protocol/ack.js";
import { asObject } from "../../protocol/shapes.js";
import type { Exchange, Finding, ReceivedCallback } from "../engine/types.js";

export const NACK_BODY = { message: { ack: { status: "NACK" } }, error: { code: "<code>", paths: "<path>" } };

export function finding(checkId: string, message: string, path: string, expected: unknown, actual: unknown): Finding {
  return { checkId, message, path, expected, actual };
}

export const isNegative = (exchange: Exchange, name: string): boolean => exchange.probe?.kind === "negative" && exchange.probe.name === name;
export const bodyOf = (exchange: Exchange): unknown => (exchange.response.kind === "response" ? exchange.response.body : undefined);

/** What came back, for evidence. */
export function answerOf(exchange: Exchange): Record<string, unknown> {
  const { response } = exchange;
  return response.kind === "response"
    ? { probe: exchange.probe?.name ?? null, status: response.status, body: response.rawBody.slice(0, 300) }
    : { probe: exchange.probe?.name ?? null, failure: response.failure, detail: response.detail };
}

/** An `on_*` that carries an error and no message: a refusal in business terms. */
export function isErrorCallback(callback: ReceivedCallback): boolean {
  const body = asObject(callback.body);
  return body !== undefined && body["message"] === undefined && errorOf(body) !== undefined;
}

/**
 * The one judgement of a probe the SUT should refuse: a NACK with no callback, or an ACK followed
 * only by error callbacks (an on_<action> with `error` and no message). `said` is the finding's text.
 */
export function shouldRefusalFindings(checkId: string, exchange: Exchange, said: string): Finding[] {
  const ack = ackStatusOf(bodyOf(exchange));
  const errorCallbacksOnly = exchange.callbacks.length > 0 && exchange.callbacks.every(isErrorCallback);
  if ((ack === "NACK" && exchange.callbacks.length === 0) || (ack === "ACK" && errorCallbacksOnly)) {
    return [];
  }
  return [
    finding(
      checkId,
      said,
      "response",
      { nack: NACK_BODY, or: "an ACK followed only by on_<action> with error and no message" },
      { ...answerOf(exchange), callbacks: exchange.callbacks.map((c) => ({ action: c.action, error: isErrorCallback(c) })) },
    ),
  ];
}
