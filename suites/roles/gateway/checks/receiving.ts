/**
 * GW-017, GW-018: how the gateway reads what it receives. A valid message is valid in any JSON bytes
 * its sender signed (BECKN-006 hashes the body as received); a message whose timestamp + ttl has
 * passed no longer holds (core 1.1.0 Context.ttl).
 */
import { shouldRefusalFindings } from "../../../core/refusal.js";
import { defineCheck } from "../../../core/define-check.js";
import type { CheckContext, Exchange, CheckFinding } from "../../../core/check.js";
import { isAck } from "../../../core/read.js";
import { answerOf, isOtherBytes, recipientOf, STALE } from "./read.js";
import { finding } from "../../../core/finding.js";

/**
 * The message in other bytes must fare as its compact twin did: ACKed when the twin was, and at every
 * participant the twin reached. What the twin itself got wrong is GW-001, GW-008 and GW-011's.
 */
function asItsTwin(exchange: Exchange, ctx: CheckContext): CheckFinding[] {
  const twin = ctx.scenarioExchanges.find((e) => e.action === exchange.action && e.probe === undefined && !isOtherBytes(e));
  if (!twin) {
    return [];
  }
  if (isAck(twin.response) && !isAck(exchange.response)) {
    return [
      finding(
        `A validly signed ${exchange.action} written as other JSON for the same value (${exchange.step}) was not ACKed, where the same ${exchange.action} in compact JSON was; verify the signature over the bytes received, never over a re-serialisation of the parsed body (BECKN-006: the digest is of the body as sent).`,
        { path: "response", expected: answerOf(twin), actual: answerOf(exchange) },
      ),
    ];
  }
  const reached = new Set(exchange.callbacks.map(recipientOf));
  return [...new Set(twin.callbacks.map(recipientOf))]
    .filter((id) => !reached.has(id))
    .map((id) =>
      finding(
        `The ${exchange.action} written as other JSON bytes never reached ${id}, which the same ${exchange.action} in compact JSON reached; forward it as any valid ${exchange.action}, with the bytes received.`,
        { path: "callbacks[*].receivedBy", expected: { recipient: id }, actual: "nothing arrived" },
      ),
    );
}

export const GW_017 = defineCheck({
  id: "GW-017",
  title: "A validly signed search or on_search in other JSON bytes (whitespace, key order, escapes) is ACKed and forwarded as in compact JSON",
  severity: "MUST",
  ref: "BECKN-006 (the digest is computed over the request body as sent, and the receiver verifies it over the body received); core 1.1.0 Ack; BECKN-003 search multicast. GW-004 judges that the forwards carry the bytes received.",
  fix: "Verify the digest over the raw bytes received and forward those bytes; never verify a re-serialised body (whitespace, key order and escapes are the sender's).",
  appliesTo: isOtherBytes,
  run: asItsTwin,
});

export const GW_018 = defineCheck({
  id: "GW-018",
  title: "A validly signed search or on_search whose timestamp + ttl has passed is refused",
  severity: "SHOULD",
  ref: 'core 1.1.0 Context.ttl ("The duration in ISO8601 format after timestamp for which this message holds valid"); no text says what a receiver does with an expired message, hence SHOULD: a NACK (any status; error.code asked for) or an ACK followed only by an error callback',
  fix: "Refuse a search or on_search whose `context.timestamp` + ttl has passed (a few seconds of skew) with a coded NACK, and forward nothing.",
  appliesTo: (exchange) => exchange.probe?.name === STALE,
  run: (exchange) =>
    shouldRefusalFindings(
      exchange,
      `The gateway accepted a ${exchange.action} that had expired before it arrived (context.timestamp + context.ttl in the past); refuse it with a NACK carrying error.code, and forward nothing.`,
    ),
});
