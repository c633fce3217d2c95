/**
 * NEG: requests whose body is valid but whose context says the SUT must not act on them
 * (suites/core/probes/negatives.ts: stale-request, other-bpp-id). Either is refused by a NACK, or by an
 * ACK followed only by an error callback (docs/rules.md "Stale and misaddressed requests").
 */
import { defineCheck } from "../../../core/define-check.js";
import type { Check } from "../../../core/check.js";
import { isNegative, shouldRefusalFindings } from "../../../core/refusal.js";

const NEG_014 = defineCheck({
  id: "NEG-014",
  title: "A request whose timestamp + ttl has passed is refused",
  severity: "SHOULD",
  ref: 'core 1.1.0 Context.ttl ("The duration in ISO8601 format after timestamp for which this message holds valid"); the MISSIONS generic implementation guide (Key Fields in Context): receivers check timestamp + ttl and reject stale messages; docs/rules.md "Stale and misaddressed requests"',
  fix: "Refuse a request whose `context.timestamp` + ttl has passed (allow a few seconds of skew) with a coded NACK or only an error callback.",
  appliesTo: (exchange) => isNegative(exchange, "stale-request"),
  run: (exchange) =>
    shouldRefusalFindings(
      exchange,
      'A request whose context.timestamp + ttl had passed hours before it arrived was acted on; compare timestamp + ttl with your clock (allowing for skew) and refuse a stale request with a NACK or an error callback (core 1.1.0 Context.ttl: the message "holds valid" only for the ttl after its timestamp).',
    ),
});

const NEG_015 = defineCheck({
  id: "NEG-015",
  title: "A request whose bpp_id names another BPP is refused",
  severity: "SHOULD",
  ref: 'core 1.1.0 Context.bpp_id ("Subscriber ID of the BPP") and Context ("Addressing details like the sending and receiving platform\'s ID and API URL"); docs/rules.md "Contracts" (Routing: "a BPP checks the `bpp_id` it receives"); docs/rules.md "Stale and misaddressed requests"',
  fix: "Compare `context.bpp_id` with your own subscriber_id and refuse a request addressed to another BPP with a coded NACK or only an error callback.",
  appliesTo: (exchange) => isNegative(exchange, "other-bpp-id"),
  run: (exchange) =>
    shouldRefusalFindings(
      exchange,
      "A request whose context.bpp_id names another BPP was acted on as if it were for this one; compare bpp_id with your own subscriber id and refuse a request for another BPP with a NACK or an error callback.",
    ),
});

/** NEG-014 and NEG-015, in id order. */
export const CONTEXT_NEGATIVE_CHECKS: readonly Check[] = [NEG_014, NEG_015];
