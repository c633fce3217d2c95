/**
 * How a SUT refuses a message it must not act on: the NACK expected, the evidence of an answer, and
 * what an error callback is. The BPP's NEG checks and the gateway's GW-018 judge refusals with it.
 */
import { ackStatusOf, errorOf } from "../../protocol/ack.js";
import { asObject } from "../../protocol/shapes.js";
import type { Exchange, CheckFinding, ReceivedCallback } from "./check.js";
import { finding } from "./finding.js";

export const NACK_BODY = { message: { ack: { status: "NACK" } }, error: { code: "<code>", paths: "<path>" } };

/** The exchange of the negative probe `name` (suites/core/probes/negatives.ts): a message the SUT must refuse. */
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

/** The callbacks that reply to the request (an unsolicited one that lands on its exchange is CTX-016's). */
export const repliesOf = (exchange: Exchange): Exchange["callbacks"] => exchange.callbacks.filter((c) => c.matchedBy !== "unsolicited");

/**
 * How an answer to a probe the SUT must refuse fails to be a refusal, or undefined for the two legal
 * ones (core 1.1.0 Error: "This object can be sent either during Ack or with the callback"): a NACK
 * and no reply, or an ACK followed only by error callbacks (an on_<action> with `error` and no
 * message). A NACK's error.code is NEG-009's to judge, not this.
 */
export type RefusalFault = "noAnswer" | "notAck" | "ackedSilence" | "ackedThenProcessed" | "nackedThenCalled";

export function refusalFault(exchange: Exchange): RefusalFault | undefined {
  const replies = repliesOf(exchange);
  if (exchange.response.kind === "failure") {
    return "noAnswer";
  }
  switch (ackStatusOf(bodyOf(exchange))) {
    case undefined:
      return "notAck";
    case "NACK":
      return replies.length === 0 ? undefined : "nackedThenCalled";
    case "ACK":
      if (replies.length === 0) {
        return "ackedSilence";
      }
      return replies.every(isErrorCallback) ? undefined : "ackedThenProcessed";
  }
}

/** What a refusal was expected to be, and what came back, for a finding's evidence. */
export const REFUSAL_EXPECTED = { nack: NACK_BODY, or: "an ACK followed only by on_<action> with error and no message" } as const;
export function refusalEvidence(exchange: Exchange): Record<string, unknown> {
  return { ...answerOf(exchange), callbacks: repliesOf(exchange).map((c) => ({ action: c.action, error: isErrorCallback(c) })) };
}

/** A probe the SUT should refuse (a SHOULD): one finding, with the text `said`, for any fault of refusalFault. */
export function shouldRefusalFindings(exchange: Exchange, said: string): CheckFinding[] {
  return refusalFault(exchange) === undefined ? [] : [finding(said, { path: "response", expected: REFUSAL_EXPECTED, actual: refusalEvidence(exchange) })];
}
