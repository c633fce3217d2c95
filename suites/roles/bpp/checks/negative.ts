/**
 * NEG: how the SUT treats the broken bodies the harness sends (suites/core/probes/negatives.ts), and
 * the idempotency probe (a repeated message_id). A MUST negative is refused: a coded NACK and no
 * callback, or an ACK followed only by error callbacks; the three context fields core 1.1.0 leaves
 * optional are judged in negative-missing-field.ts.
 */
import { ackStatusOf, errorOf, SIGNATURE_REFUSAL_STATUS } from "../../../../protocol/ack.js";
import { asObject } from "../../../../protocol/shapes.js";
import { isCallbackOf } from "../drive/correlator.js";
import { defineCheck } from "../../../core/define-check.js";
import { NEGATIVES } from "../../../core/probes/negatives.js";
import type { Check, CheckContext, Exchange, CheckFinding } from "../../../core/check.js";
import {
  answerOf,
  bodyOf,
  isNegative,
  NACK_BODY,
  REFUSAL_EXPECTED,
  refusalEvidence,
  refusalFault,
  shouldRefusalFindings,
  type RefusalFault,
} from "../../../core/refusal.js";
import { CONTEXT_NEGATIVE_CHECKS } from "./negative-context.js";
import { missingFieldNegative } from "./negative-missing-field.js";
import { finding } from "../../../core/finding.js";
import { contextOf } from "../../../core/read.js";

const statusOf = (exchange: Exchange): number | undefined => (exchange.response.kind === "response" ? exchange.response.status : undefined);

/** One fixed sentence per way a broken request can be mishandled. */
const SAID = {
  noAnswer:
    'A request with a broken body got no HTTP answer; answer at once, with a NACK carrying error.code or with an ACK followed by an error callback (core 1.1.0 Ack; Error "can be sent either during Ack or with the callback").',
  notAck:
    'A request with a broken body got an answer without an Ack body; whatever the HTTP status, send {"message":{"ack":{"status":"NACK"}}} with error.code, or an ACK followed by an error callback (core 1.1.0 Ack, Error).',
  ackedSilence:
    "A request with a broken body was ACKed and no callback followed; an ACK commits the BPP to a callback, so follow it with an error callback (on_<action> with error and no message) or refuse with a NACK carrying error.code (core 1.1.0 Ack.status).",
  ackedThenProcessed:
    "A request with a broken body was ACKed and answered with a callback that is not an error (it carries a message, or no error); refuse it with a NACK carrying error.code, or with only error callbacks: on_<action> with error and no message (core 1.1.0 Ack, Error).",
  nackedThenCalled:
    "A request with a broken body got a NACK and then a callback; a NACK says no callback follows, so send none after it (core 1.1.0 Ack.status).",
  noCode: "The NACK carries no error.code; put a BECKN-005 code in the NACK's error.code so the sender knows what to fix (core 1.1.0 Error).",
  noPaths: "The NACK of a body that failed validation carries no error.paths; name the offending field in error.paths (core 1.1.0 Error.paths).",
  accepted: "A request with a broken body was accepted; refuse it with a NACK carrying error.code and error.paths, or with an error callback (core 1.1.0 Ack).",
  repeatAnswer: "A repeated message_id got neither an ACK nor a NACK with error.code; answer a repeat with an ACK, or a NACK carrying a code.",
  repeatCallbacks: "A repeated message_id got more than one callback; process a message_id once and send at most one callback for its repeat.",
  secondOrder: "A repeated message_id created a second order in the same transaction; recognise the repeat and keep the one order.",
} as const;

/** Where each way of failing to refuse shows, and what a refusal would have been there. */
const WHERE: Readonly<Record<RefusalFault, { path: string; expected: unknown }>> = {
  noAnswer: { path: "response", expected: REFUSAL_EXPECTED },
  notAck: { path: "response.body", expected: REFUSAL_EXPECTED },
  ackedSilence: { path: "callbacks", expected: "an error callback (on_<action> with error and no message) by the request's ttl" },
  ackedThenProcessed: { path: "callbacks", expected: "only error callbacks (on_<action> with error and no message)" },
  nackedThenCalled: { path: "callbacks", expected: "no callback after a NACK" },
};

/**
 * A MUST negative: refused by a NACK (any HTTP status; its error.code is NEG-009's) and no callback,
 * or by an ACK followed only by error callbacks (core 1.1.0 Error "can be sent either during Ack or
 * with the callback"; refusalFault is the one judgement).
 */
function refusalFindings(exchange: Exchange): CheckFinding[] {
  const fault = refusalFault(exchange);
  if (fault === undefined) {
    return [];
  }
  const { path, expected } = WHERE[fault];
  return [finding(SAID[fault], { path, expected, actual: refusalEvidence(exchange) })];
}

interface MustNegative {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly ref: string;
  readonly fix: string;
}

function mustNegative({ id, name, title, ref, fix }: MustNegative): Check {
  return defineCheck({
    id,
    title,
    severity: "MUST",
    ref,
    fix,
    appliesTo: (exchange) => isNegative(exchange, name),
    run: (exchange) => refusalFindings(exchange),
  });
}

const NEG_001 = mustNegative({
  id: "NEG-001",
  name: "no-context",
  title: "A body without context is refused: a NACK (any HTTP status) and no callback, or an ACK and only error callbacks",
  ref: 'core 1.1.0 Context (required); core 1.1.0 Error ("This object can be sent either during Ack or with the callback"); Ack.status (NACK "If the request fails the validation criteria"; after an ACK "it is required to respond with a callback"); docs/rules.md "Contracts" (ACK and NACK)',
  fix: "Validate the body before acting: refuse one without `context` with a NACK carrying `error.code` (or an ACK and only error callbacks).",
});
const NEG_002 = mustNegative({
  id: "NEG-002",
  name: "action-mismatch",
  title: "A context.action that differs from the endpoint is refused: a NACK and no callback, or an ACK and only error callbacks",
  ref: 'core 1.1.0 Context.action; core 1.1.0 Error ("This object can be sent either during Ack or with the callback"); Ack.status (NACK "If the request fails the validation criteria"; after an ACK "it is required to respond with a callback"); docs/rules.md "Contracts" (ACK and NACK)',
  fix: "Compare `context.action` with the endpoint's action and refuse a mismatch with a coded NACK (or an ACK and only error callbacks); reply to neither action.",
});
const NEG_003 = missingFieldNegative({ id: "NEG-003", name: "missing-transaction-id", field: "transaction_id" });
const NEG_004 = missingFieldNegative({ id: "NEG-004", name: "missing-message-id", field: "message_id" });
const NEG_005 = missingFieldNegative({ id: "NEG-005", name: "missing-bap-uri", field: "bap_uri" });
const NEG_006 = mustNegative({
  id: "NEG-006",
  name: "missing-order",
  title: "A select, init or confirm without message.order is refused: a NACK and no callback, or an ACK and only error callbacks",
  ref: 'core 1.1.0 select/init/confirm message.order (required); core 1.1.0 Error ("This object can be sent either during Ack or with the callback"); Ack.status (NACK "If the request fails the validation criteria"; after an ACK "it is required to respond with a callback"); docs/rules.md "Contracts" (ACK and NACK)',
  fix: "Refuse a select, init or confirm without `message.order` with a coded NACK (or an ACK and only error callbacks).",
});
const NEG_007 = mustNegative({
  id: "NEG-007",
  name: "missing-order-id",
  title: "A status without message.order_id is refused: a NACK and no callback, or an ACK and only error callbacks",
  ref: 'core 1.1.0 status message.order_id (required); core 1.1.0 Error ("This object can be sent either during Ack or with the callback"); Ack.status (NACK "If the request fails the validation criteria"; after an ACK "it is required to respond with a callback"); docs/rules.md "Contracts" (ACK and NACK)',
  fix: "Refuse a status without `message.order_id` with a coded NACK (or an ACK and only error callbacks).",
});
const NEG_008 = mustNegative({
  id: "NEG-008",
  name: "missing-update-target",
  title: "An update without message.update_target is refused: a NACK and no callback, or an ACK and only error callbacks",
  ref: 'core 1.1.0 update message.update_target (required); core 1.1.0 Error ("This object can be sent either during Ack or with the callback"); Ack.status (NACK "If the request fails the validation criteria"; after an ACK "it is required to respond with a callback"); docs/rules.md "Contracts" (ACK and NACK)',
  fix: "Refuse an update without `message.update_target` with a coded NACK (or an ACK and only error callbacks).",
});

/**
 * A NACK that refuses the request itself, whatever its HTTP status: every NACK but BECKN-006's 401
 * for a bad signature, whose body it fixes as `{"message":{"ack":{"status":"NACK"}}}` (AUT judges it).
 */
const isRefusalNack = (exchange: Exchange): boolean => ackStatusOf(bodyOf(exchange)) === "NACK" && statusOf(exchange) !== SIGNATURE_REFUSAL_STATUS;

/** A negative whose body passes every schema (a stale or misaddressed request): its refusal owes no error.paths. */
const isSchemaValid = (exchange: Exchange): boolean => NEGATIVES.some((n) => n.name === exchange.probe?.name && "schemaValid" in n);

const NEG_009 = defineCheck({
  id: "NEG-009",
  title: "A NACK carries error.code (but a 401 for a bad signature)",
  severity: "MUST",
  ref: 'core 1.1.0 Error; docs/rules.md "Contracts" (ACK and NACK)',
  fix: 'Put an `error` object with a BECKN-005 code in every NACK but the 401 for a bad signature, e.g. {"code":"30001","message":"…"}.',
  appliesTo: isRefusalNack,
  run: (exchange) =>
    errorOf(bodyOf(exchange)) !== undefined
      ? []
      : [finding(SAID.noCode, { path: "response.body.error.code", expected: NACK_BODY.error, actual: answerOf(exchange) })],
});

const NEG_010 = defineCheck({
  id: "NEG-010",
  title: "A NACK of a body that parsed but failed validation carries error.paths",
  severity: "SHOULD",
  // Core: paths is "Used only during json schema validation errors", so only the broken bodies the
  // harness sends on purpose (its negatives) owe one; a business refusal (30001, say) does not.
  ref: 'core 1.1.0 Error.paths ("Used only during json schema validation errors"); docs/rules.md "Contracts" (ACK and NACK)',
  fix: "Name the failing fields in `error.paths` of the NACK of a body that fails schema validation.",
  appliesTo: (exchange) =>
    isRefusalNack(exchange) && exchange.probe?.kind === "negative" && !isSchemaValid(exchange) && asObject(exchange.request.body) !== undefined,
  run: (exchange) => {
    const paths = errorOf(bodyOf(exchange))?.paths;
    return typeof paths === "string" && paths.trim() !== ""
      ? []
      : [finding(SAID.noPaths, { path: "response.body.error.paths", expected: NACK_BODY.error, actual: answerOf(exchange) })];
  },
});

// NEG-011 ("a search without message.intent is refused") is retired: core 1.1.0 requires no intent in a search (docs/rules.md). Its id is never reused.

const NEG_012 = defineCheck({
  id: "NEG-012",
  title: "A wrong type or unit deep in the order is refused",
  severity: "SHOULD",
  ref: "core 1.1.0 Item.id; P2P guide quantity unit kWh",
  fix: "Validate types and units deep in the order (string ids, quantities in kWh) and refuse a wrong one with a coded NACK or an error callback.",
  appliesTo: (exchange) => isNegative(exchange, "wrong-type-deep") || isNegative(exchange, "wrong-unit"),
  run: (exchange) => shouldRefusalFindings(exchange, SAID.accepted),
});

function transactionOf(body: unknown): unknown {
  return contextOf(body)["transaction_id"];
}

/** The distinct order ids that on_confirm callbacks gave for a transaction, across the scenario. */
function confirmedOrderIds(transactionId: unknown, exchange: Exchange, ctx: CheckContext): string[] {
  const exchanges = [...ctx.scenarioExchanges.filter((e) => e.id !== exchange.id), exchange];
  const ids = exchanges
    .flatMap((e) => e.callbacks)
    .flatMap((callback) => {
      const id = asObject(asObject(asObject(callback.body)?.["message"])?.["order"])?.["id"];
      const sameTransaction = transactionOf(callback.body) === transactionId;
      return isCallbackOf(callback, "on_confirm") && sameTransaction && typeof id === "string" ? [id] : [];
    });
  return [...new Set(ids)];
}

const NEG_013 = defineCheck({
  id: "NEG-013",
  title: "A repeated message_id gets an ACK or a coded NACK and creates no second order",
  // Core only says a BAP may ignore a BPP's repeats (message_id "can also be used to ignore duplicate messages");
  // it requires no idempotency, so this is the P2P profile's policy, a SHOULD.
  severity: "SHOULD",
  ref: 'core 1.1.0 Context.message_id ("can also be used to ignore duplicate messages coming from the BPP", said of the BAP); docs/rules.md "Contracts" (Idempotency, a P2P profile policy)',
  fix: "Key your processing by message_id: ACK (or NACK with a code) a repeat, and create no second order and change no state for it.",
  appliesTo: (exchange) => exchange.probe?.kind === "duplicate",
  run: (exchange, ctx) => {
    const findings: CheckFinding[] = [];
    const ack = ackStatusOf(bodyOf(exchange));
    if (!(ack === "ACK" || (ack === "NACK" && errorOf(bodyOf(exchange)) !== undefined))) {
      findings.push(finding(SAID.repeatAnswer, { path: "response", expected: "an ACK, or a NACK with error.code", actual: answerOf(exchange) }));
    }
    // A transfer's unsolicited on_status may land on this exchange; only replies to the repeat count.
    const replies = exchange.callbacks.filter((c) => c.matchedBy !== "unsolicited");
    if (replies.length > 1) {
      findings.push(finding(SAID.repeatCallbacks, { path: "callbacks", expected: "at most 1 callback", actual: replies.map((c) => c.action) }));
    }
    const transactionId = transactionOf(exchange.request.body);
    const orderIds = confirmedOrderIds(transactionId, exchange, ctx);
    if (transactionId !== undefined && orderIds.length > 1) {
      const evidence = { transactionId, orderIds };
      findings.push(finding(SAID.secondOrder, { path: "callbacks[].body.message.order.id", expected: "one order id per transaction", actual: evidence }));
    }
    return findings;
  },
});

/** The NEG checks, in id order. */
export const NEGATIVE_CHECKS: readonly Check[] = [
  NEG_001,
  NEG_002,
  NEG_003,
  NEG_004,
  NEG_005,
  NEG_006,
  NEG_007,
  NEG_008,
  NEG_009,
  NEG_010,
  NEG_012,
  NEG_013,
  ...CONTEXT_NEGATIVE_CHECKS,
];
