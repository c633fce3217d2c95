/** NEG: how the BAP treats callbacks that are broken, unknown, late or repeated. */
import { defineCheck } from "../../../core/define-check.js";
import type { Exchange, CheckFinding } from "../../../core/check.js";
import { isAck, isCodedNack } from "../../../core/read.js";
import { answerText, callbackOf, inGroup, isRefusal } from "./read.js";
import { finding } from "../../../core/finding.js";

/** A well-formed ACK or a coded NACK, never a 5xx, a hang or a reset (DESIGN "Contracts": Idempotency). */
function ackOrCodedNack(e: Exchange, what: string): CheckFinding[] {
  return isAck(e.response) || isCodedNack(e.response)
    ? []
    : [
        finding(`${what} must get a well-formed ACK, or a NACK with error.code, at once; the BAP answered ${answerText(e.response)}.`, {
          expected: "an ACK, or a NACK with error.code (any HTTP status below 500)",
          actual: answerText(e.response),
        }),
      ];
}

function refusal(e: Exchange, what: string): CheckFinding[] {
  return isRefusal(e.response)
    ? []
    : [
        finding(`${what} must be refused with a NACK (a NACK body at any HTTP status below 500, or a 4xx); the BAP answered ${answerText(e.response)}.`, {
          expected: "a NACK (HTTP 400, or 200/202 with a NACK body)",
          actual: answerText(e.response),
        }),
      ];
}

const recoveryOnSearch = (e: Exchange): boolean =>
  callbackOf(e)?.phase === "recovery" && e.action === "on_search" && !e.probe && callbackOf(e)?.inReplyTo !== undefined;
const flowOnSearch = (e: Exchange): boolean =>
  callbackOf(e)?.phase === "flow" && e.action === "on_search" && !e.probe && callbackOf(e)?.inReplyTo !== undefined;

export const NEG_101 = defineCheck({
  id: "NEG-101",
  title: "A callback with a broken structure gets a NACK",
  severity: "MUST",
  ref: 'core 1.1.0 schemas (context, message or error); docs/rules.md "The BAP, the gateway and the registry suites: what they accept" (A BAP\'s NACK)',
  fix: "Check each callback's structure (`context`, and `message` or `error`) and NACK a broken one with `error.code`.",
  appliesTo: (e) => inGroup(e, "structure"),
  run: (e) => refusal(e, `A callback with a broken structure (${e.probe?.name ?? ""})`),
});

export const NEG_102 = defineCheck({
  id: "NEG-102",
  title: "A callback that breaks the schema deep inside gets a NACK",
  severity: "SHOULD",
  ref: "core 1.1.0 schemas; the run's profile",
  fix: "Validate callbacks against the schemas all the way down and NACK one that fails with `error.code` (and `error.paths`).",
  appliesTo: (e) => inGroup(e, "schema"),
  run: (e) => refusal(e, `A callback whose message breaks the schema (${e.probe?.name ?? ""})`),
});

export const NEG_103 = defineCheck({
  id: "NEG-103",
  title: "A callback for an unknown transaction or message gets an ACK or a coded NACK",
  severity: "MUST",
  ref: 'core 1.1.0 Ack; docs/rules.md "The BAP, the gateway and the registry suites: what they accept" (A BAP\'s NACK)',
  fix: "ACK, or NACK with `error.code`, a callback for a transaction or message_id you do not know; never answer 5xx or nothing.",
  appliesTo: (e) => inGroup(e, "unknown"),
  run: (e) => ackOrCodedNack(e, `A callback the BAP cannot place (${e.probe?.name ?? ""})`),
});

export const NEG_104 = defineCheck({
  id: "NEG-104",
  title: "A late callback gets an ACK or a coded NACK",
  severity: "MUST",
  ref: 'core 1.1.0 Ack; docs/rules.md "Timing" (callbacks are due before timestamp + ttl)',
  fix: "ACK, or NACK with `error.code`, a callback that comes after its request's ttl; never answer 5xx or nothing.",
  appliesTo: (e) => inGroup(e, "late"),
  run: (e) => ackOrCodedNack(e, "A callback arriving after its request's ttl"),
});

export const NEG_105 = defineCheck({
  id: "NEG-105",
  title: "A repeated callback gets an ACK or a coded NACK",
  severity: "MUST",
  ref: 'core 1.1.0 Context.message_id ("can also be used to ignore duplicate messages"); docs/rules.md "The BAP, the gateway and the registry suites: what they accept" (A BAP\'s NACK)',
  fix: "ACK, or NACK with `error.code`, a callback whose message_id you have processed already, and act on it only once.",
  appliesTo: (e) => inGroup(e, "duplicate"),
  run: (e) => ackOrCodedNack(e, "A callback delivered twice"),
});

export const NEG_106 = defineCheck({
  id: "NEG-106",
  title: "After the adversarial callbacks, the next flow still works",
  severity: "MUST",
  ref: 'docs/rules.md "A run" (bad input never breaks a participant)',
  fix: "Refuse each bad callback on its own and keep no state from it, so the on_search of your next search still gets an ACK.",
  appliesTo: (e) => recoveryOnSearch(e),
  run: (e, ctx) => {
    const before = ctx.scenarioExchanges.find(flowOnSearch);
    // Judged against the BAP's own first flow, so a BAP that never ACKed an on_search fails ACK-101, not this.
    return isAck(e.response) || (before !== undefined && !isAck(before.response))
      ? []
      : [
          finding(
            `After the forged, broken, unknown and late callbacks, the BAP no longer ACKs the on_search of a new search (it answered ${answerText(e.response)}); a bad callback must not change how later ones are handled.`,
            { expected: "HTTP 200 ACK", actual: answerText(e.response) },
          ),
        ];
  },
});
