/**
 * AUT: how the SUT treats the forged signatures the harness sends (suites/probes/forgeries.ts).
 * A MUST forgery must get a 401, a NACK and no callback within the quiet window.
 */
import { ackStatusOf } from "../../protocol/ack.js";
import { wwwAuthenticateValue } from "../../protocol/signing/index.js";
import { defineCheck } from "../engine/define-check.js";
import type { Check, Exchange, Finding } from "../engine/types.js";
import { headerOf } from "./signature.js";

const UNAUTHORIZED = 401;
const NACK_BODY = { message: { ack: { status: "NACK" } } };

const isForgery = (exchange: Exchange): boolean => exchange.probe?.kind === "forgery";
const isMustForgery = (exchange: Exchange): boolean => isForgery(exchange) && exchange.probe?.severity === "MUST";
const statusOf = (exchange: Exchange): number | undefined => (exchange.response.kind === "response" ? exchange.response.status : undefined);
const forgeryOf = (exchange: Exchange): string => exchange.probe?.name ?? "unknown";

/** What came back, for evidence: the status or how the connection failed, and the ack status. */
function answerOf(exchange: Exchange): Record<string, unknown> {
  const { response } = exchange;
  return response.kind === "response"
    ? { forgery: forgeryOf(exchange), status: response.status, ack: ackStatusOf(response.body) ?? null, body: response.rawBody.slice(0, 200) }
    : { forgery: forgeryOf(exchange), failure: response.failure, detail: response.detail };
}

function callbacksOf(exchange: Exchange): { forgery: string; callbacks: string[] } {
  return { forgery: forgeryOf(exchange), callbacks: exchange.callbacks.map((callback) => callback.action) };
}

function quietWindow(exchange: Exchange): string {
  return `no callback within the quiet window (${exchange.quietWindowMs ?? "?"} ms)`;
}

function finding(checkId: string, message: string, path: string, expected: unknown, actual: unknown): Finding {
  return { checkId, message, path, expected, actual };
}

const AUT_001 = defineCheck({
  id: "AUT-001",
  title: "A forged signature gets HTTP 401",
  severity: "MUST",
  ref: "BECKN-006 step 5",
  appliesTo: isMustForgery,
  run: (exchange) =>
    statusOf(exchange) === UNAUTHORIZED
      ? []
      : [
          finding(
            "AUT-001",
            "A request with a forged signature was not answered with HTTP 401; verify every signature over the raw bytes before anything else and answer a failure with 401 (BECKN-006 step 5).",
            "response.status",
            UNAUTHORIZED,
            answerOf(exchange),
          ),
        ],
});

const AUT_002 = defineCheck({
  id: "AUT-002",
  title: "A forged signature gets a NACK body",
  severity: "MUST",
  ref: "BECKN-006 step 5",
  appliesTo: isMustForgery,
  run: (exchange) =>
    exchange.response.kind === "response" && ackStatusOf(exchange.response.body) === "NACK"
      ? []
      : [
          finding(
            "AUT-002",
            'A request with a forged signature did not get a NACK body; answer a signature failure with {"message":{"ack":{"status":"NACK"}}} (BECKN-006 step 5).',
            "response.body.message.ack.status",
            NACK_BODY,
            answerOf(exchange),
          ),
        ],
});

const AUT_003 = defineCheck({
  id: "AUT-003",
  title: "A forged signature gets no callback",
  severity: "MUST",
  ref: "BECKN-006 step 5",
  appliesTo: isMustForgery,
  run: (exchange) =>
    exchange.callbacks.length === 0
      ? []
      : [
          finding(
            "AUT-003",
            "A request with a forged signature got a callback; drop a request whose signature fails instead of processing it (BECKN-006 step 5).",
            "callbacks",
            quietWindow(exchange),
            callbacksOf(exchange),
          ),
        ],
});

const AUT_004 = defineCheck({
  id: "AUT-004",
  title: "The 401 carries WWW-Authenticate, or Proxy-Authenticate for the gateway header",
  severity: "SHOULD",
  ref: "BECKN-006 step 5",
  appliesTo: (exchange) => isForgery(exchange) && statusOf(exchange) === UNAUTHORIZED,
  run: (exchange, ctx) => {
    const name = forgeryOf(exchange) === "bad-gateway-header" ? "proxy-authenticate" : "www-authenticate";
    const headers = exchange.response.kind === "response" ? exchange.response.headers : {};
    if (headerOf(headers, name) !== undefined) {
      return [];
    }
    return [
      finding(
        "AUT-004",
        "The 401 for a forged signature carries no authentication challenge; add WWW-Authenticate (Proxy-Authenticate for a gateway signature) with Signature realm and headers (BECKN-006 step 5).",
        `response.headers.${name}`,
        { [name]: wwwAuthenticateValue(ctx.sut.subscriberId) },
        { forgery: forgeryOf(exchange), headers: Object.keys(headers) },
      ),
    ];
  },
});

const AUT_005 = defineCheck({
  id: "AUT-005",
  title: "A keyId that names another subscriber than the sender is refused",
  severity: "SHOULD",
  ref: "FACTS §3.2.6 (ONIX AUT_UNAUTHORIZED_ACTION; not in core 1.1.0)",
  appliesTo: (exchange) => isForgery(exchange) && forgeryOf(exchange) === "keyid-not-sender",
  run: (exchange) => {
    const refused =
      statusOf(exchange) === UNAUTHORIZED || (exchange.response.kind === "response" && ackStatusOf(exchange.response.body) === "NACK");
    const findings: Finding[] = [];
    if (!refused) {
      findings.push(
        finding(
          "AUT-005",
          "A request signed under another subscriber's keyId was accepted; check that the keyId's subscriber is the context's bap_id and answer 401 with a NACK when it is not.",
          "response",
          { status: UNAUTHORIZED, body: NACK_BODY },
          answerOf(exchange),
        ),
      );
    }
    if (exchange.callbacks.length > 0) {
      findings.push(
        finding(
          "AUT-005",
          "A request signed under another subscriber's keyId got a callback; refuse a request whose keyId does not name its sender instead of processing it.",
          "callbacks",
          quietWindow(exchange),
          callbacksOf(exchange),
        ),
      );
    }
    return findings;
  },
});

/** The AUT checks, in id order. */
export const AUTH_CHECKS: readonly Check[] = [AUT_001, AUT_002, AUT_003, AUT_004, AUT_005];
