/**
 * REG-020…REG-024: malformed lookups. Never a 5xx or silence (REG-020); a 4xx for a body that is
 * not JSON, a filter of the wrong type and an oversized body (REG-021…REG-023, judged only when
 * the registry answered below 500, so a 5xx is reported once); and a refusal that says why.
 */
import { defineCheck } from "../../../core/define-check.js";
import type { Check, Exchange } from "../../../core/check.js";
import { finding } from "../../../core/finding.js";

const MALFORMED_REF =
  'docs/registry.md "The rules the REG checks apply" (Malformed lookups); docs/rules.md "A run" (once connected, whatever the SUT does is a finding)';

const isMalformed = (exchange: Exchange): boolean => exchange.action === "lookup" && exchange.expectation === "nack";
const answeredBelow500 = (exchange: Exchange): boolean => exchange.response.kind === "response" && exchange.response.status < 500;
/** A server may refuse a body too large by closing the connection mid-upload (nginx does): that is a refusal too. */
const resetOnOversized = (exchange: Exchange): boolean =>
  exchange.step === "malformed:oversized" && exchange.response.kind === "failure" && exchange.response.failure === "reset";

export const REG_020 = defineCheck({
  id: "REG-020",
  title: "A malformed lookup never gets a 5xx or no answer",
  severity: "MUST",
  ref: MALFORMED_REF,
  fix: "Refuse malformed lookups with a 4xx at once: catch parse and type errors so they never become a 5xx or a dropped connection.",
  appliesTo: isMalformed,
  run: (exchange) => {
    const { response } = exchange;
    const what = exchange.probe?.name ?? exchange.step;
    if (response.kind === "failure" && !resetOnOversized(exchange)) {
      return [
        finding(
          `The ${what} lookup got no answer (${response.failure}: ${response.detail}); refuse bad input with a 4xx at once, never hang or drop the connection.`,
          { expected: "a 4xx answer", actual: response.failure },
        ),
      ];
    }
    return response.kind === "response" && response.status >= 500
      ? [
          finding(`The ${what} lookup got HTTP ${response.status}; bad input is the client's error: refuse it with a 4xx that names the problem.`, {
            expected: "4xx",
            actual: response.status,
          }),
        ]
      : [];
  },
});

function refusedCheck(id: string, step: string, severity: "MUST" | "SHOULD", title: string, what: string, fix: string): Check {
  return defineCheck({
    id,
    title,
    severity,
    ref: MALFORMED_REF,
    fix,
    appliesTo: (exchange) => isMalformed(exchange) && exchange.step === step && (answeredBelow500(exchange) || resetOnOversized(exchange)),
    run: (exchange) => {
      const status = exchange.response.kind === "response" ? exchange.response.status : 0;
      return status >= 400 || resetOnOversized(exchange)
        ? []
        : [
            finding(`${what} got HTTP ${status}; refuse it with a 4xx (400, or 413 for a body too large) instead of answering it.`, {
              expected: "4xx",
              actual: status,
            }),
          ];
    },
  });
}

export const REG_024 = defineCheck({
  id: "REG-024",
  title: "A refused lookup says what is wrong",
  severity: "SHOULD",
  ref: 'core 1.1.0 Error (code, message); docs/registry.md "The rules the REG checks apply" (Malformed lookups)',
  fix: "Say in the body of every refused lookup what is wrong: an error with a code and a message.",
  appliesTo: (exchange) => isMalformed(exchange) && exchange.response.kind === "response" && exchange.response.status >= 400 && exchange.response.status < 500,
  run: (exchange) => {
    const raw = exchange.response.kind === "response" ? exchange.response.rawBody : "";
    return raw.trim() === ""
      ? [
          finding(
            `The ${exchange.probe?.name ?? exchange.step} lookup was refused with an empty body; say what is wrong, e.g. a NACK with error.code and error.message naming the field.`,
            { expected: '{"error": {"code", "message"}}', actual: "" },
          ),
        ]
      : [];
  },
});

export const REG_021 = refusedCheck(
  "REG-021",
  "malformed:not-json",
  "MUST",
  "A lookup that is not JSON gets a 4xx",
  "A lookup body that is not JSON",
  "Refuse a lookup body that is not JSON with 400.",
);
export const REG_022 = refusedCheck(
  "REG-022",
  "malformed:wrong-type",
  "MUST",
  "A lookup filter of the wrong JSON type gets a 4xx",
  'A lookup with {"subscriber_id": 42, "domain": ["trade"]}',
  "Check each filter's JSON type and refuse a wrong one (a number for domain, say) with 400.",
);
export const REG_023 = refusedCheck(
  "REG-023",
  "malformed:oversized",
  "SHOULD",
  "An oversized lookup (2 MiB) is refused with a 4xx",
  "A 2 MiB lookup body",
  "Cap the request body's size and refuse a larger one with 413 (or 400).",
);
