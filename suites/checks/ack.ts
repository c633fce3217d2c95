import { ackStatusOf, errorOf } from "../../protocol/ack.js";
import { defineCheck } from "../engine/define-check.js";
import type { Check, Exchange, Finding } from "../engine/types.js";

/** ACK: the synchronous answer to each request the harness sent. */

const EVIDENCE_CHARS = 200;
const ACK_STATUSES: readonly number[] = [200, 202];

const expectsCallback = (exchange: Exchange): boolean =>
  exchange.expectation === "callback" || exchange.expectation === "error-callback";

const ACK_001 = defineCheck({
  id: "ACK-001",
  title: "A valid request gets HTTP 200 or 202 with an ACK",
  severity: "MUST",
  ref: "core 1.1.0 Ack; DESIGN Contracts: ACK and NACK",
  appliesTo: (exchange) => expectsCallback(exchange) && exchange.response.kind === "response",
  run: (exchange) => {
    const response = exchange.response;
    if (response.kind !== "response") {
      return [];
    }
    const findings: Finding[] = [];
    if (!ACK_STATUSES.includes(response.status)) {
      findings.push({
        checkId: "ACK-001",
        message: "A valid request must be answered with HTTP 200 or 202.",
        path: "$.response.status",
        expected: ACK_STATUSES,
        actual: response.status,
      });
    }
    const status = ackStatusOf(response.body);
    if (status !== "ACK") {
      findings.push({
        checkId: "ACK-001",
        message: 'A valid request must be acknowledged with `message.ack.status` "ACK".',
        path: "$.response.body.message.ack.status",
        expected: "ACK",
        actual: status === "NACK" ? { status, error: errorOf(response.body) } : (status ?? response.rawBody.slice(0, EVIDENCE_CHARS)),
      });
    }
    return findings;
  },
});

const ACK_002 = defineCheck({
  id: "ACK-002",
  title: "The synchronous answer is JSON",
  severity: "MUST",
  ref: "core 1.1.0 Ack (application/json response)",
  appliesTo: (exchange) => exchange.response.kind === "response",
  run: (exchange) =>
    exchange.response.kind === "response" && exchange.response.body === undefined
      ? [{
          checkId: "ACK-002",
          message: "The synchronous answer must be a JSON body: an Ack or a NACK as `application/json`.",
          path: "$.response.rawBody",
          expected: "a JSON object",
          actual: exchange.response.rawBody.slice(0, EVIDENCE_CHARS),
        }]
      : [],
});

const ACK_003 = defineCheck({
  id: "ACK-003",
  title: "The connection holds until the answer",
  severity: "MUST",
  ref: "DESIGN A run: once connected, whatever the SUT does is a finding",
  // A connection never made is the harness's to report (exit 2), not the SUT's finding.
  appliesTo: (exchange) => exchange.response.kind === "response" || exchange.response.connected,
  run: (exchange) =>
    exchange.response.kind === "failure"
      ? [{
          checkId: "ACK-003",
          message: "The SUT must send a complete HTTP answer on a connection it accepted, within the ACK deadline.",
          path: "$.response",
          expected: "an HTTP response",
          actual: { failure: exchange.response.failure, detail: exchange.response.detail },
        }]
      : [],
});

export const ACK_CHECKS: readonly Check[] = [ACK_001, ACK_002, ACK_003];
