/**
 * How the BAP receives a signed callback: it refuses one that no longer holds valid, one for
 * another BAP, one another subscriber signed and a forged BPP signature inside a valid gateway
 * header; it verifies over the bytes it received; and its answers declare JSON. A BAP sends no
 * callback of its own, so a NACK is its only refusal.
 */
import { ackStatusOf } from "../../../../protocol/ack.js";
import { DECLARED_JSON_REF, undeclaredJsonFindings } from "../../../core/declared-json.js";
import { headerOf, isAck, isCodedNack } from "../../../core/read.js";
import { defineCheck } from "../../../core/define-check.js";
import type { Exchange, CheckFinding } from "../../../core/check.js";
import { answerText, callbackOf, inGroup } from "./read.js";
import { finding } from "../../../core/finding.js";

const CODED_NACK = "a NACK with error.code (any HTTP status below 500)";

function codedRefusal(e: Exchange, what: string, also401 = false): CheckFinding[] {
  const refused = isCodedNack(e.response) || (also401 && e.response.kind === "response" && e.response.status === 401 && ackStatusOf(e.response.body) !== "ACK");
  return refused
    ? []
    : [
        finding(
          `${what} should be refused with a coded NACK (a BAP sends no callback, so a NACK is its only refusal); the BAP answered ${answerText(e.response)}.`,
          { expected: also401 ? `HTTP 401, or ${CODED_NACK}` : CODED_NACK, actual: answerText(e.response) },
        ),
      ];
}

/** An answer whose body is an ACK or a NACK (what the Content-Type check judges). */
const ackOrNackAnswer = (e: Exchange): boolean => e.response.kind === "response" && ackStatusOf(e.response.body) !== undefined;

export const NEG_107 = defineCheck({
  id: "NEG-107",
  title: "A stale callback gets a coded NACK",
  severity: "SHOULD",
  ref: 'core 1.1.0 Context.ttl: "The duration in ISO8601 format after timestamp for which this message holds valid"; docs/rules.md "How a BAP receives signed callbacks"',
  fix: "NACK with `error.code` a callback whose `context.timestamp` + ttl has passed (allow a few seconds of skew).",
  appliesTo: (e) => inGroup(e, "stale"),
  run: (e) => codedRefusal(e, "A callback whose context.timestamp + ttl passed an hour ago"),
});

export const NEG_108 = defineCheck({
  id: "NEG-108",
  title: "A callback addressed to another BAP gets a coded NACK",
  severity: "SHOULD",
  ref: 'core 1.1.0 Context.bap_id: "Subscriber ID of the BAP"; docs/rules.md "How a BAP receives signed callbacks"',
  fix: "NACK with `error.code` a callback whose `context.bap_id` is not your subscriber_id.",
  appliesTo: (e) => inGroup(e, "misaddressed"),
  run: (e) => codedRefusal(e, "A callback whose context.bap_id names another BAP"),
});

export const AUT_104 = defineCheck({
  id: "AUT-104",
  title: "A callback signed by another subscriber than its bpp_id is refused",
  severity: "SHOULD",
  advisory: true,
  ref: 'No normative text: neither core 1.1.0 nor BECKN-006 requires that the keyId\'s subscriber be context.bpp_id (ONIX checks it as AUT_UNAUTHORIZED_ACTION), so a SHOULD that warns in every profile (advisory), as AUT-005 for the BPP; docs/rules.md "How a BAP receives signed callbacks"',
  fix: "Refuse (401, or a coded NACK) a callback whose keyId names another subscriber than `context.bpp_id`.",
  appliesTo: (e) => inGroup(e, "other-signer"),
  run: (e) => codedRefusal(e, "A callback whose keyId names another registered subscriber than its context.bpp_id", true),
});

export const AUT_105 = defineCheck({
  id: "AUT-105",
  title: "A relayed callback with a forged BPP signature gets a 401 NACK, whatever its gateway header",
  severity: "MUST",
  ref: "BECKN-006 step 5: when both headers are present, the receiver verifies both (Authorization and X-Gateway-Authorization)",
  fix: "Verify Authorization as well as the gateway header of a relayed callback: a valid gateway signature does not vouch for the BPP's.",
  appliesTo: (e) => inGroup(e, "relayed"),
  run: (e) =>
    e.response.kind === "response" && e.response.status === 401
      ? []
      : [
          finding(
            `An on_search relayed with a valid X-Gateway-Authorization but a forged Authorization must get a 401 NACK: the gateway's signature does not vouch for the BPP's; the BAP answered ${answerText(e.response)}.`,
            { path: "response.status", expected: 401, actual: e.response.kind === "response" ? e.response.status : e.response.failure },
          ),
        ],
});

export const ACK_103 = defineCheck({
  id: "ACK-103",
  title: "A valid callback gets an ACK whatever its JSON spelling",
  severity: "MUST",
  ref: "BECKN-006 steps 4-5: the digest is BLAKE-512 of the body as received; core 1.1.0 Ack",
  fix: "Verify a callback's digest over the raw bytes received, before parsing; never over a re-serialised or key-sorted copy.",
  appliesTo: (e) => callbackOf(e)?.spelling !== undefined,
  run: (e) =>
    isAck(e.response)
      ? []
      : [
          finding(
            `A valid on_status sent as other JSON for the same value (${callbackOf(e)?.spelling ?? ""}), signed over those bytes, must get an ACK; verify the signature over the bytes received, not a re-serialisation; it got ${answerText(e.response)}.`,
            { expected: "HTTP 200 ACK", actual: answerText(e.response) },
          ),
        ],
});

export const ACK_104 = defineCheck({
  id: "ACK-104",
  title: "The BAP's ACKs and NACKs declare JSON",
  severity: "SHOULD",
  ref: DECLARED_JSON_REF,
  fix: "Set `Content-Type: application/json` on every ACK and NACK you answer with.",
  appliesTo: (e) => callbackOf(e) !== undefined && ackOrNackAnswer(e),
  run: (e) => {
    const contentType = e.response.kind === "response" ? headerOf(e.response.headers, "content-type") : undefined;
    return undeclaredJsonFindings([{ path: "response.headers.content-type", what: `The BAP's answer to ${e.step}`, contentType }]);
  },
});
