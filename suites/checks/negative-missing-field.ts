/**
 * NEG-003…005: a request whose context lacks `transaction_id`, `message_id` or `bap_uri`. Core
 * 1.1.0's Context requires none of them; the P2P profiles do (docs/rules.md "Context fields core
 * leaves optional"). So what is owed depends on the profile, but one rule holds in all of them:
 * core 1.1.0 Ack.status, "If a BPP responds with status = `ACK` to a request, it is required to
 * respond with a callback."
 */
import { ackStatusOf } from "../../protocol/ack.js";
import { defineCheck } from "../engine/define-check.js";
import type { Check, CheckContext, Exchange, Finding } from "../engine/types.js";
import { answerOf, bodyOf, finding, isErrorCallback, isNegative, NACK_BODY } from "./negative-answer.js";

export type OptionalContextField = "transaction_id" | "message_id" | "bap_uri";

const REF_ACK =
  'core 1.1.0 Ack.status ("If a BPP responds with status = `ACK` to a request, it is required to respond with a callback"; NACK "If the request fails the validation criteria")';

const SAID = {
  noAnswer: 'The request got no HTTP answer; answer every request at once with an Ack (core 1.1.0 Ack: "Every API call to a BPP must be responded to with an Ack").',
  notAck: 'The request got an answer without an Ack body; answer every request with {"message":{"ack":{"status":"ACK"}}} or a NACK with error.code (core 1.1.0 Ack).',
  ackedSilence:
    "The request was ACKed and no callback followed; an ACK commits the BPP to a callback, so call back (an error callback will do) or answer a NACK (core 1.1.0 Ack.status).",
  nackedThenCalled: "The request got a NACK and then a callback; a NACK says no callback follows, so send none after it (core 1.1.0 Ack.status).",
  accepted: (field: OptionalContextField): string =>
    `The request without context.${field} was processed like a valid one; the P2P profile requires the field on every request, so refuse it with a NACK carrying error.code, or with an ACK and an error callback (P2P layer-2 Context; core 1.1.0 Error "can be sent either during Ack or with the callback").`,
} as const;

/** The callbacks that answer the request (an unsolicited one that reuses its id is CTX-016's). */
const repliesOf = (exchange: Exchange): Exchange["callbacks"] => exchange.callbacks.filter((c) => c.matchedBy !== "unsolicited");

/** The findings in every profile: an Ack, no callback after a NACK, a callback after an ACK. */
function ackFindings(checkId: string, exchange: Exchange): Finding[] {
  const replies = repliesOf(exchange);
  const actions = replies.map((c) => c.action);
  if (exchange.response.kind === "failure") {
    return [finding(checkId, SAID.noAnswer, "response", "an Ack", answerOf(exchange))];
  }
  switch (ackStatusOf(bodyOf(exchange))) {
    case undefined:
      return [finding(checkId, SAID.notAck, "response.body", NACK_BODY, answerOf(exchange))];
    case "NACK":
      return replies.length === 0 ? [] : [finding(checkId, SAID.nackedThenCalled, "callbacks", "no callback after a NACK", actions)];
    case "ACK":
      return replies.length > 0 ? [] : [finding(checkId, SAID.ackedSilence, "callbacks", `a callback by the request's ttl (${exchange.ttlMs} ms)`, answerOf(exchange))];
  }
}

/** In the P2P profiles an ACKed request without the field may be answered only by error callbacks. */
function p2pFindings(checkId: string, field: OptionalContextField, exchange: Exchange): Finding[] {
  const replies = repliesOf(exchange);
  if (ackStatusOf(bodyOf(exchange)) !== "ACK" || replies.length === 0 || replies.every(isErrorCallback)) {
    return [];
  }
  const evidence = replies.map((c) => ({ action: c.action, error: isErrorCallback(c) }));
  return [finding(checkId, SAID.accepted(field), "callbacks", { nack: NACK_BODY, or: "an ACK followed only by on_<action> with error and no message" }, evidence)];
}

/** Judges the probe: the Ack rule in every profile, the refusal of the missing field in the P2P profiles only. */
export function missingFieldFindings(checkId: string, field: OptionalContextField, exchange: Exchange, ctx: Pick<CheckContext, "profile">): Finding[] {
  const always = ackFindings(checkId, exchange);
  return always.length > 0 || ctx.profile === "core-1.1.0" ? always : p2pFindings(checkId, field, exchange);
}

export interface MissingFieldNegative {
  readonly id: string;
  /** The negative probe (suites/probes/negatives.ts). */
  readonly name: string;
  readonly field: OptionalContextField;
}

export function missingFieldNegative({ id, name, field }: MissingFieldNegative): Check {
  return defineCheck({
    id,
    title: `A request without context.${field} is refused in the P2P profiles; an ACK for it is followed by a callback in every profile`,
    severity: "MUST",
    ref: `${REF_ACK}; core's Context requires no field, the P2P layer-2 (trade_1.1.0 Context) and the default profile's p2p-required layer require ${field} on a request; docs/rules.md Contracts: Context fields core leaves optional`,
    appliesTo: (exchange) => isNegative(exchange, name),
    run: (exchange, ctx) => missingFieldFindings(id, field, exchange, ctx),
  });
}
