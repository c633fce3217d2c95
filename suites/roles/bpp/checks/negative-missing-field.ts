/**
 * NEG-003…005: a request whose context lacks `transaction_id`, `message_id` or `bap_uri`. Core
 * 1.1.0's Context requires none of them; the P2P profiles do (docs/rules.md "Context fields core
 * leaves optional"). So what is owed depends on the profile, but one rule holds in all of them:
 * core 1.1.0 Ack.status, "If a BPP responds with status = `ACK` to a request, it is required to
 * respond with a callback."
 */
import { defineCheck } from "../../../core/define-check.js";
import type { Check, CheckContext, Exchange, CheckFinding } from "../../../core/check.js";
import { answerOf, isNegative, NACK_BODY, REFUSAL_EXPECTED, refusalEvidence, refusalFault, repliesOf } from "../../../core/refusal.js";
import { finding } from "../../../core/finding.js";

export type OptionalContextField = "transaction_id" | "message_id" | "bap_uri";

const REF_ACK =
  'core 1.1.0 Ack.status ("If a BPP responds with status = `ACK` to a request, it is required to respond with a callback"; NACK "If the request fails the validation criteria")';

const SAID = {
  noAnswer:
    'The request got no HTTP answer; answer every request at once with an Ack (core 1.1.0 Ack: "Every API call to a BPP must be responded to with an Ack").',
  notAck:
    'The request got an answer without an Ack body; answer every request with {"message":{"ack":{"status":"ACK"}}} or a NACK with error.code (core 1.1.0 Ack).',
  ackedSilence:
    "The request was ACKed and no callback followed; an ACK commits the BPP to a callback, so call back (an error callback will do) or answer a NACK (core 1.1.0 Ack.status).",
  nackedThenCalled: "The request got a NACK and then a callback; a NACK says no callback follows, so send none after it (core 1.1.0 Ack.status).",
  accepted: (field: OptionalContextField): string =>
    `The request without context.${field} was processed like a valid one; the P2P profile requires the field on every request, so refuse it with a NACK carrying error.code, or with an ACK and an error callback (P2P layer-2 Context; core 1.1.0 Error "can be sent either during Ack or with the callback").`,
} as const;

/**
 * Judges the probe by the one refusal judgement (refusalFault): in the P2P profiles, which require the
 * field, it is refused; under core-1.1.0, which does not, an ACK may also be followed by a normal
 * callback, but an ACK still owes one (Ack.status) and a NACK still ends the exchange.
 */
export function missingFieldFindings(field: OptionalContextField, exchange: Exchange, ctx: Pick<CheckContext, "profile">): CheckFinding[] {
  const fault = refusalFault(exchange);
  const actions = repliesOf(exchange).map((c) => c.action);
  switch (fault) {
    case undefined:
      return [];
    case "noAnswer":
      return [finding(SAID.noAnswer, { path: "response", expected: "an Ack", actual: answerOf(exchange) })];
    case "notAck":
      return [finding(SAID.notAck, { path: "response.body", expected: NACK_BODY, actual: answerOf(exchange) })];
    case "nackedThenCalled":
      return [finding(SAID.nackedThenCalled, { path: "callbacks", expected: "no callback after a NACK", actual: actions })];
    case "ackedSilence":
      return [
        finding(SAID.ackedSilence, { path: "callbacks", expected: `a callback by the request's ttl (${exchange.ttlMs} ms)`, actual: answerOf(exchange) }),
      ];
    case "ackedThenProcessed":
      return ctx.profile === "core-1.1.0"
        ? []
        : [finding(SAID.accepted(field), { path: "callbacks", expected: REFUSAL_EXPECTED, actual: refusalEvidence(exchange).callbacks })];
  }
}

export interface MissingFieldNegative {
  readonly id: string;
  /** The negative probe (suites/core/probes/negatives.ts). */
  readonly name: string;
  readonly field: OptionalContextField;
}

export function missingFieldNegative({ id, name, field }: MissingFieldNegative): Check {
  return defineCheck({
    id,
    title: `A request without context.${field} is refused in the P2P profiles; an ACK for it is followed by a callback in every profile`,
    severity: "MUST",
    ref: `${REF_ACK}; core's Context requires no field, the P2P layer-2 (trade_1.1.0 Context) and the default profile's p2p-required layer require ${field} on a request; docs/rules.md "Contracts" (Context fields core leaves optional)`,
    fix: `Refuse a request without context.${field} with a coded NACK (or an ACK and only error callbacks); and whenever you ACK a request, send a callback.`,
    appliesTo: (exchange) => isNegative(exchange, name),
    run: (exchange, ctx) => missingFieldFindings(field, exchange, ctx),
  });
}
