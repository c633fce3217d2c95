/** ACK, AUT and TIM: how the BAP answers the callbacks the harness's BPP sends it. */
import { headerOf, isAck } from "../../../core/read.js";
import { defineCheck } from "../../../core/define-check.js";
import type { Exchange } from "../../../core/check.js";
import { answerText, callbackOf, inGroup, validCallback } from "./read.js";
import { finding } from "../../../core/finding.js";

const refused401 = (e: Exchange, what: string) =>
  e.response.kind === "response" && e.response.status === 401
    ? []
    : [
        finding(`${what} must get a 401 NACK (BECKN-006 step 5); the BAP answered ${answerText(e.response)}.`, {
          path: "response.status",
          expected: 401,
          actual: e.response.kind === "response" ? e.response.status : e.response.failure,
        }),
      ];

export const ACK_101 = defineCheck({
  id: "ACK-101",
  title: "A valid callback gets an ACK",
  severity: "MUST",
  ref: 'core 1.1.0 Ack; docs/rules.md "Contracts" (ACK and NACK)',
  fix: 'Answer every valid callback with HTTP 200 and {"message":{"ack":{"status":"ACK"}}}, then process it.',
  appliesTo: (e) => validCallback(e)?.inReplyTo !== undefined,
  run: (e) =>
    isAck(e.response)
      ? []
      : [
          finding(`A correctly signed, valid ${e.action} answering the BAP's own request must get HTTP 200 with an ACK; it got ${answerText(e.response)}.`, {
            expected: "HTTP 200 ACK",
            actual: answerText(e.response),
          }),
        ],
});

export const ACK_102 = defineCheck({
  id: "ACK-102",
  title: "An unsolicited on_status of a confirmed order gets an ACK",
  severity: "MUST",
  ref: 'core 1.1.0 on_status; Fulfillment.state ("fire an unsolicited on_status call"); docs/rules.md "Timing" (unsolicited callbacks)',
  fix: "ACK an unsolicited on_status about an order you confirmed, though its message_id matches none of your requests.",
  // The respelled on_status callbacks are ACK-103's.
  appliesTo: (e) =>
    e.action === "on_status" && validCallback(e) !== undefined && callbackOf(e)?.inReplyTo === undefined && callbackOf(e)?.spelling === undefined,
  run: (e) =>
    isAck(e.response)
      ? []
      : [
          finding(
            `An on_status the BPP sends on its own (the energy transfer's progress, a new message_id) must get an ACK; it got ${answerText(e.response)}.`,
            { expected: "HTTP 200 ACK", actual: answerText(e.response) },
          ),
        ],
});

export const AUT_101 = defineCheck({
  id: "AUT-101",
  title: "A callback with a forged signature gets a 401 NACK",
  severity: "MUST",
  ref: "BECKN-006 steps 2-5",
  fix: "Verify every callback's signature with the BPP's registry key before acting on it, and answer a failure with a 401 NACK.",
  appliesTo: (e) => inGroup(e, "forged"),
  run: (e) => refused401(e, `A callback whose signature is forged (${e.probe?.name ?? ""})`),
});

export const AUT_102 = defineCheck({
  id: "AUT-102",
  title: "A relayed on_search with a bad gateway signature gets a 401 NACK",
  severity: "MUST",
  ref: 'BECKN-006 step 5 (X-Gateway-Authorization); docs/rules.md "Contracts" (Routing: a receiver verifies the gateway header)',
  fix: "Verify X-Gateway-Authorization (or Proxy-Authorization) of a relayed on_search with the gateway's registry key; answer a failure with a 401 NACK.",
  appliesTo: (e) => inGroup(e, "gateway"),
  run: (e) => refused401(e, "An on_search whose X-Gateway-Authorization does not verify"),
});

export const AUT_103 = defineCheck({
  id: "AUT-103",
  title: "A 401 NACK says how to authenticate",
  severity: "SHOULD",
  ref: "BECKN-006 step 5: WWW-Authenticate (Proxy-Authenticate for the gateway header)",
  fix: 'Add `WWW-Authenticate: Signature realm="<your subscriber_id>",headers="(created) (expires) digest"` to the 401; Proxy-Authenticate when the gateway header failed.',
  appliesTo: (e) => inGroup(e, "forged", "gateway", "relayed") && e.response.kind === "response" && e.response.status === 401,
  run: (e) => {
    const name = inGroup(e, "gateway") ? "proxy-authenticate" : "www-authenticate";
    const headers = e.response.kind === "response" ? e.response.headers : {};
    return (headerOf(headers, name) ?? (name === "proxy-authenticate" ? headerOf(headers, "www-authenticate") : undefined))
      ? []
      : [
          finding(
            `A 401 NACK should carry a ${name === "proxy-authenticate" ? "Proxy-Authenticate" : "WWW-Authenticate"} header naming the signature scheme.`,
            { path: `response.headers.${name}`, expected: 'Signature realm="…",headers="(created) (expires) digest"', actual: null },
          ),
        ];
  },
});

export const TIM_101 = defineCheck({
  id: "TIM-101",
  title: "The BAP answers every callback within the ACK deadline",
  severity: "MUST",
  ref: 'docs/rules.md "Timing" (the ACK is due within 3 s)',
  fix: "Answer each callback with its ACK or NACK within 3 s; process it after answering.",
  appliesTo: (e) => callbackOf(e) !== undefined,
  run: (e) =>
    e.response.kind === "failure" && e.response.failure === "timeout"
      ? [
          finding(`The BAP did not answer the ${e.action} within the ACK deadline; answer at once and process the callback afterwards.`, {
            expected: "an answer within the ACK deadline",
            actual: `${Math.round(e.response.ms)} ms, no answer`,
          }),
        ]
      : [],
});
