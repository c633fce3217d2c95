import { ackStatusOf, errorOf, isBusinessNack } from "../../../../protocol/ack.js";
import { defineCheck } from "../../../core/define-check.js";
import type { Check, Exchange, CheckFinding } from "../../../core/check.js";
import { finding } from "../../../core/finding.js";

/** ACK: the synchronous answer to each request the harness sent. */

const EVIDENCE_CHARS = 200;
const ACK_STATUSES: readonly number[] = [200, 202];

const expectsCallback = (exchange: Exchange): boolean => exchange.expectation === "callback" || exchange.expectation === "error-callback";

/**
 * A request the SUT must refuse in business terms (an error step) may be refused synchronously:
 * core 1.1.0 Error "can be sent either during Ack or with the callback", and Ack.status is NACK
 * when "the request fails the validation criteria". Such a NACK is judged by its body, whatever
 * its HTTP status but a 5xx (the receiver failed) and 401 (BECKN-006's answer to a bad signature);
 * which code it carries is the step's FLW check's.
 */
function refusalFindings(response: Extract<Exchange["response"], { kind: "response" }>): CheckFinding[] {
  const error = errorOf(response.body);
  if (error !== undefined && isBusinessNack(response.status, response.body)) {
    return [];
  }
  const message =
    error === undefined
      ? "A request refused with a NACK must say why: put the BECKN-005 code in the NACK's `error.code` (core 1.1.0 Error), or ACK it and send the error in the callback."
      : "A request refused in business terms must not be answered with a 5xx (the receiver failing) or 401 (a bad signature, BECKN-006); send the NACK body with a 2xx or another 4xx.";
  return [
    finding(message, {
      path: error === undefined ? "$.response.body.error.code" : "$.response.status",
      expected: error === undefined ? "a NACK with error.code" : "a status from 200 to 499, other than 401",
      actual: { status: response.status, error: error ?? null },
    }),
  ];
}

const ACK_001 = defineCheck({
  id: "ACK-001",
  title: "A valid request gets HTTP 200 or 202 with an ACK; one it must refuse, an ACK or a NACK with error.code",
  severity: "MUST",
  ref: 'core 1.1.0 Ack ("If the request fails the validation criteria, then this is set to NACK"), Error ("sent either during Ack or with the callback"); docs/rules.md "Contracts" (ACK and NACK)',
  fix: "Answer a valid request with HTTP 200 or 202 and an ACK; refuse what you must with a NACK carrying the BECKN-005 `error.code`, or an ACK and an error callback.",
  appliesTo: (exchange) => expectsCallback(exchange) && exchange.response.kind === "response",
  run: (exchange) => {
    const response = exchange.response;
    if (response.kind !== "response") {
      return [];
    }
    const status = ackStatusOf(response.body);
    if (status === "NACK" && exchange.expectation === "error-callback") {
      return refusalFindings(response);
    }
    if (status !== "ACK") {
      return [
        finding('A valid request must be acknowledged with `message.ack.status` "ACK".', {
          path: "$.response.body.message.ack.status",
          expected: "ACK",
          actual:
            status === "NACK" ? { status, httpStatus: response.status, error: errorOf(response.body) } : (status ?? response.rawBody.slice(0, EVIDENCE_CHARS)),
        }),
      ];
    }
    return ACK_STATUSES.includes(response.status)
      ? []
      : [
          finding("A valid request must be answered with HTTP 200 or 202.", {
            path: "$.response.status",
            expected: ACK_STATUSES,
            actual: response.status,
          }),
        ];
  },
});

const ACK_002 = defineCheck({
  id: "ACK-002",
  title: "The synchronous answer is JSON",
  severity: "MUST",
  ref: "core 1.1.0 Ack (application/json response)",
  fix: "Send the synchronous answer as a JSON Ack body, from error handlers and proxies too; never HTML or plain text.",
  appliesTo: (exchange) => exchange.response.kind === "response",
  run: (exchange) =>
    exchange.response.kind === "response" && exchange.response.body === undefined
      ? [
          finding("The synchronous answer must be a JSON body: an Ack or a NACK as `application/json`.", {
            path: "$.response.rawBody",
            expected: "a JSON object",
            actual: exchange.response.rawBody.slice(0, EVIDENCE_CHARS),
          }),
        ]
      : [],
});

const ACK_003 = defineCheck({
  id: "ACK-003",
  title: "The connection holds until the answer",
  severity: "MUST",
  ref: 'docs/rules.md "A run" (once connected, whatever the SUT does is a finding); docs/rules.md "Contracts" (The ACK deadline: an answer after it is TIM-001\'s)',
  fix: "Write the whole answer before closing the connection: send the Ack before slow work, and catch every exception in the handler.",
  // A connection never made is the harness's to report (exit 2), not the SUT's finding.
  appliesTo: (exchange) => exchange.response.kind === "response" || exchange.response.connected,
  run: (exchange) =>
    exchange.response.kind === "failure"
      ? [
          finding(
            "The SUT must send a complete HTTP answer on a connection it accepted, before the request's ttl ends (the harness reads that long; an answer after the 3 s ACK deadline is only late, TIM-001).",
            {
              path: "$.response",
              expected: "an HTTP response",
              actual: { failure: exchange.response.failure, detail: exchange.response.detail },
            },
          ),
        ]
      : [],
});

export const ACK_CHECKS: readonly Check[] = [ACK_001, ACK_002, ACK_003];
