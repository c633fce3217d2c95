/**
 * GW-008, GW-009, GW-012, GW-014, GW-015: the gateway's synchronous answers. A valid search or
 * on_search gets an ACK at once; a forged one a 401 NACK naming the signature scheme (BECKN-006 step 5).
 */
import { ackStatusOf } from "../../../../protocol/ack.js";
import { ackDeadlineCheck } from "../../../core/ack-deadline.js";
import { defineCheck } from "../../../core/define-check.js";
import type { Exchange, CheckFinding } from "../../../core/check.js";
import { isAck } from "../../../core/read.js";
import { answerOf, isForgery, isOtherBytes, isValidFlow } from "./read.js";
import { finding } from "../../../core/finding.js";

export const GW_008 = defineCheck({
  id: "GW-008",
  title: "A valid search or on_search gets an ACK",
  severity: "MUST",
  ref: 'core 1.1.0 Ack; docs/rules.md "Contracts" (ACK and NACK)',
  fix: "Answer a validly signed search or on_search with HTTP 200 or 202 and an ACK.",
  // The valid messages in other bytes are GW-017's: one defect, one check.
  appliesTo: (exchange) => isValidFlow(exchange) && !isOtherBytes(exchange),
  run: (exchange) => {
    return isAck(exchange.response)
      ? []
      : [
          finding(
            `The gateway did not ACK a validly signed ${exchange.action}; answer HTTP 200 with {"message":{"ack":{"status":"ACK"}}} as soon as the signature verifies, and forward after answering (core 1.1.0 Ack).`,
            { path: "response", expected: { status: "200 or 202", body: { message: { ack: { status: "ACK" } } } }, actual: answerOf(exchange) },
          ),
        ];
  },
});

function refused(exchange: Exchange): CheckFinding[] {
  const { response } = exchange;
  if (response.kind === "response" && response.status === 401 && ackStatusOf(response.body) !== "ACK") {
    return [];
  }
  return [
    finding(
      `The gateway did not refuse a ${exchange.action} whose signature fails (${exchange.probe?.name ?? "forged"}) with a 401 NACK; verify the sender's Authorization against its registry key over the raw bytes before anything else (BECKN-006 step 5).`,
      { path: "response", expected: { status: 401, body: { message: { ack: { status: "NACK" } } } }, actual: answerOf(exchange) },
    ),
  ];
}

export const GW_009 = defineCheck({
  id: "GW-009",
  title: "A search with a bad signature gets a 401 NACK",
  severity: "MUST",
  ref: "BECKN-006 step 5",
  fix: "Verify the sender's signature with the registry's key for its keyId before anything else; answer a failure with a 401 NACK.",
  appliesTo: (exchange) => isForgery(exchange, "search"),
  run: (exchange) => refused(exchange),
});

export const GW_012 = defineCheck({
  id: "GW-012",
  title: "An on_search with a bad signature gets a 401 NACK",
  severity: "MUST",
  ref: "BECKN-006 step 5",
  fix: "Verify the BPP's signature of an on_search with its registry key; answer a failure with a 401 NACK.",
  appliesTo: (exchange) => isForgery(exchange, "on_search"),
  run: (exchange) => refused(exchange),
});

export const GW_014 = defineCheck({
  id: "GW-014",
  title: "A 401 NACK names the signature scheme in WWW-Authenticate or Proxy-Authenticate",
  severity: "SHOULD",
  ref: 'BECKN-006 step 5; docs/rules.md "Contracts" (ACK and NACK: a SHOULD in the default profile)',
  fix: 'Add `WWW-Authenticate: Signature realm="<your gateway subscriber_id>",headers="(created) (expires) digest"` to every 401 NACK you answer a bad signature with.',
  appliesTo: (exchange) => isForgery(exchange) && exchange.response.kind === "response" && exchange.response.status === 401,
  run: (exchange) => {
    const headers = exchange.response.kind === "response" ? exchange.response.headers : {};
    const value = headers["www-authenticate"] ?? headers["proxy-authenticate"];
    return value !== undefined && /^Signature\b/i.test(value)
      ? []
      : [
          finding(
            'The 401 NACK does not say which signature it wants; add WWW-Authenticate: Signature realm="<gateway id>",headers="(created) (expires) digest" (BECKN-006 step 5).',
            { path: "response.headers.www-authenticate", expected: 'Signature realm="…",headers="(created) (expires) digest"', actual: value ?? "(absent)" },
          ),
        ];
  },
});

/** The ACK deadline is one rule for every role: GW-015 judges a gateway's answers as TIM-001 judges a BPP's. */
export const GW_015 = ackDeadlineCheck("GW-015", "The gateway answers within the 3 s ACK deadline");
