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
  ref: "core 1.1.0 Ack; DESIGN Contracts: ACK and NACK",
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
  ref: "DESIGN Timing: unsolicited on_status during the energy transfer; core 1.1.0 on_status",
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
  appliesTo: (e) => inGroup(e, "forged"),
  run: (e) => refused401(e, `A callback whose signature is forged (${e.probe?.name ?? ""})`),
});

export const AUT_102 = defineCheck({
  id: "AUT-102",
  title: "A relayed on_search with a bad gateway signature gets a 401 NACK",
  severity: "MUST",
  ref: "BECKN-006 (X-Gateway-Authorization); DESIGN Contracts: Routing",
  appliesTo: (e) => inGroup(e, "gateway"),
  run: (e) => refused401(e, "An on_search whose X-Gateway-Authorization does not verify"),
});

export const AUT_103 = defineCheck({
  id: "AUT-103",
  title: "A 401 NACK says how to authenticate",
  severity: "SHOULD",
  ref: "BECKN-006 step 5: WWW-Authenticate (Proxy-Authenticate for the gateway header)",
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
  ref: "DESIGN Timing: the ACK deadline (3 s)",
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
