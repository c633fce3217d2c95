/**
 * AUT: how the SUT treats the forged signatures the harness sends (suites/core/probes/forgeries.ts).
 * A MUST forgery must get a 401, a NACK and no callback within the quiet window.
 */
import { ackStatusOf } from "../../../../protocol/ack.js";
import { wwwAuthenticateValue } from "../../../../protocol/signing/index.js";
import { defineCheck } from "../../../core/define-check.js";
import type { Check, Exchange, CheckFinding } from "../../../core/check.js";
import { FORGERIES } from "../../../core/probes/forgeries.js";
import { RAW_BYTES_CHECKS } from "./auth-bytes.js";
import { headerOf } from "../../../core/read.js";
import { finding } from "../../../core/finding.js";

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

/** cavage-12, which BECKN-006 builds on, on the `algorithm` parameter (the wrong-algorithm forgery). */
const CAVAGE_ALGORITHM =
  'draft-cavage-http-signatures-12 §2.1.3: an `algorithm` that "differs from or is incompatible with the algorithm or key material identified by keyId" means "implementations MUST produce an error"';
const STEP_5 = "BECKN-006 step 5";

/** The text that makes refusing this forgery a MUST: BECKN-006, and cavage-12 too for the wrong algorithm. */
const sourceOf = (exchange: Exchange): string => (forgeryOf(exchange) === "wrong-algorithm" ? `${STEP_5}; ${CAVAGE_ALGORITHM}` : STEP_5);
const FORGERY_REF = `${STEP_5}; for the wrong-algorithm forgery also draft-cavage-http-signatures-12 §2.1.3 (an \`algorithm\` incompatible with the keyId's key: "implementations MUST produce an error")`;

const AUT_001 = defineCheck({
  id: "AUT-001",
  title: "A forged signature gets HTTP 401",
  severity: "MUST",
  ref: FORGERY_REF,
  fix: "Verify every request's signature (digest over the raw body, created/expires, the registry's key for the keyId, the algorithm) before acting, and answer a failure with HTTP 401.",
  appliesTo: isMustForgery,
  run: (exchange) =>
    statusOf(exchange) === UNAUTHORIZED
      ? []
      : [
          finding(
            `A request with a forged signature was not answered with HTTP 401; verify every signature over the raw bytes before anything else and answer a failure with 401 (${sourceOf(exchange)}).`,
            { path: "response.status", expected: UNAUTHORIZED, actual: answerOf(exchange) },
          ),
        ],
});

const AUT_002 = defineCheck({
  id: "AUT-002",
  title: "A forged signature gets a NACK body",
  severity: "MUST",
  ref: FORGERY_REF,
  fix: 'Answer a request whose signature fails with the NACK body {"message":{"ack":{"status":"NACK"}}} together with the 401.',
  appliesTo: isMustForgery,
  run: (exchange) =>
    exchange.response.kind === "response" && ackStatusOf(exchange.response.body) === "NACK"
      ? []
      : [
          finding(
            `A request with a forged signature did not get a NACK body; answer a signature failure with {"message":{"ack":{"status":"NACK"}}} (${sourceOf(exchange)}).`,
            { path: "response.body.message.ack.status", expected: NACK_BODY, actual: answerOf(exchange) },
          ),
        ],
});

const AUT_003 = defineCheck({
  id: "AUT-003",
  title: "A forged signature gets no callback",
  severity: "MUST",
  ref: FORGERY_REF,
  fix: "Drop a request whose signature fails: send no on_<action> for it, not even an error callback.",
  appliesTo: isMustForgery,
  run: (exchange) =>
    exchange.callbacks.length === 0
      ? []
      : [
          finding(`A request with a forged signature got a callback; drop a request whose signature fails instead of processing it (${sourceOf(exchange)}).`, {
            path: "callbacks",
            expected: quietWindow(exchange),
            actual: callbacksOf(exchange),
          }),
        ],
});

const AUT_004 = defineCheck({
  id: "AUT-004",
  title: "The 401 carries WWW-Authenticate, or Proxy-Authenticate for the gateway header",
  severity: "SHOULD",
  // The text says "must"; the default profile makes it a SHOULD by DESIGN's documented choice (widely used servers omit it).
  ref: 'BECKN-006 step 5.7 ("must return a NACK response with 401 Unauthorised response code with a WWW-Authenticate header") and step 4.8 (Proxy-Authenticate for the gateway signature): a "must" in the text, a SHOULD in the default profile by the harness\'s documented choice, since widely used servers (protocol-server among them) omit it, and so a MUST under p2p-trade-strict; docs/rules.md "Contracts" (ACK and NACK)',
  fix: 'Add `WWW-Authenticate: Signature realm="<your subscriber_id>",headers="(created) (expires) digest"` to the 401; use Proxy-Authenticate when the gateway header failed.',
  appliesTo: (exchange) => isForgery(exchange) && statusOf(exchange) === UNAUTHORIZED,
  run: (exchange, ctx) => {
    const inGateway = FORGERIES.some((f) => f.name === forgeryOf(exchange) && f.header === "gateway");
    const name = inGateway ? "proxy-authenticate" : "www-authenticate";
    const headers = exchange.response.kind === "response" ? exchange.response.headers : {};
    if (headerOf(headers, name) !== undefined) {
      return [];
    }
    return [
      finding(
        "The 401 for a forged signature carries no authentication challenge; add WWW-Authenticate (Proxy-Authenticate for a gateway signature) with Signature realm and headers (BECKN-006 step 5).",
        {
          path: `response.headers.${name}`,
          expected: { [name]: wwwAuthenticateValue(ctx.sut.subscriberId) },
          actual: { forgery: forgeryOf(exchange), headers: Object.keys(headers) },
        },
      ),
    ];
  },
});

/** What a SHOULD forgery's refusal lacks, in the check's words: it was accepted, or it got a callback. */
interface AdvisedRefusal {
  readonly accepted: string;
  readonly callback: string;
}

/** A SHOULD forgery is refused by a 401 or a NACK, and gets no callback. */
function shouldForgeryFindings(exchange: Exchange, said: AdvisedRefusal): CheckFinding[] {
  const refused = statusOf(exchange) === UNAUTHORIZED || (exchange.response.kind === "response" && ackStatusOf(exchange.response.body) === "NACK");
  const findings: CheckFinding[] = [];
  if (!refused) {
    findings.push(finding(said.accepted, { path: "response", expected: { status: UNAUTHORIZED, body: NACK_BODY }, actual: answerOf(exchange) }));
  }
  if (exchange.callbacks.length > 0) {
    findings.push(finding(said.callback, { path: "callbacks", expected: quietWindow(exchange), actual: callbacksOf(exchange) }));
  }
  return findings;
}

const AUT_005 = defineCheck({
  id: "AUT-005",
  title: "A keyId that names another subscriber than the sender is refused",
  severity: "SHOULD",
  // No normative text: a SHOULD that never fails a run, not even under p2p-trade-strict.
  advisory: true,
  ref: 'No normative text: neither core 1.1.0 nor BECKN-006 requires that the keyId\'s subscriber be context.bap_id (ONIX checks it as AUT_UNAUTHORIZED_ACTION), so a SHOULD that warns in every profile, p2p-trade-strict included (advisory); docs/rules.md "Contracts" (Signatures the harness forges)',
  fix: "Refuse with 401 a request whose keyId names another subscriber than `context.bap_id`, even when that subscriber's registered key verifies it.",
  appliesTo: (exchange) => isForgery(exchange) && forgeryOf(exchange) === "keyid-not-sender",
  run: (exchange) =>
    shouldForgeryFindings(exchange, {
      accepted:
        "A request signed under another subscriber's keyId was accepted; check that the keyId's subscriber is the context's bap_id and answer 401 with a NACK when it is not (a recommendation: neither core 1.1.0 nor BECKN-006 requires it).",
      callback:
        "A request signed under another subscriber's keyId got a callback; refuse a request whose keyId does not name its sender instead of processing it (a recommendation: neither core 1.1.0 nor BECKN-006 requires it).",
    }),
});

const AUT_006 = defineCheck({
  id: "AUT-006",
  title: "A forged Proxy-Authorization beside a valid X-Gateway-Authorization is refused",
  severity: "SHOULD",
  // Core 1.1.0 knows no Proxy-Authorization: a receiver may ignore it, so this never fails a run.
  advisory: true,
  ref: "BECKN-006 names the gateway's signature X-Gateway-Authorization, and step 5 has a receiver verify it beside Authorization; Proxy-Authorization is core 0.9.4's name for it, marked there for deprecation, so a 1.1.0 receiver may ignore it, but one that reads it (as protocol-server does) must not trust a forgery: a SHOULD that warns in every profile (advisory); docs/rules.md \"A forged signature inside a valid gateway header\"",
  fix: "Ignore Proxy-Authorization, or verify it exactly as X-Gateway-Authorization and answer 401 when it fails; never trust it unverified.",
  appliesTo: (exchange) => isForgery(exchange) && forgeryOf(exchange) === "forged-proxy-header",
  run: (exchange) =>
    shouldForgeryFindings(exchange, {
      accepted:
        "A request whose Proxy-Authorization is signed by a key the registry does not have was accepted (its X-Gateway-Authorization was valid); verify every gateway header you receive, or ignore Proxy-Authorization altogether, never trust it unverified.",
      callback:
        "A request whose Proxy-Authorization is signed by a key the registry does not have got a callback; refuse a request with a gateway header that does not verify instead of processing it.",
    }),
});

/** The AUT checks, in id order. */
export const AUTH_CHECKS: readonly Check[] = [AUT_001, AUT_002, AUT_003, AUT_004, AUT_005, AUT_006, ...RAW_BYTES_CHECKS];
