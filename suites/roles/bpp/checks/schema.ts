import { runAckLayer, validate } from "../../../../schemas/index.js";
import { pointerToSegments, toJsonPath } from "../../../../schemas/json-path.js";
import type { FindingSeverity, ValidationResult } from "../../../../schemas/index.js";
import { defineCheck } from "../../../core/define-check.js";
import { DECLARED_JSON_REF, undeclaredJsonFindings, type DeclaredJson } from "../../../core/declared-json.js";
import { headerOf } from "../../../core/read.js";
import type { Check, CheckContext, Exchange, CheckFinding } from "../../../core/check.js";
import { finding } from "../../../core/finding.js";

/** SCH: every message the SUT sends, judged by the validator under the run's profile. */

const EVIDENCE_CHARS = 200;

/** The value at a path in a JSON document, or undefined where the path leads nowhere. */
function valueAt(document: unknown, segments: readonly (string | number)[]): unknown {
  let value = document;
  for (const segment of segments) {
    if (typeof value !== "object" || value === null) {
      return undefined;
    }
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

const hasJsonCallback = (exchange: Exchange): boolean => exchange.callbacks.some((c) => c.body !== undefined);

/** `$.message.order` of callback 2 → `$.callbacks[2].body.message.order`. */
function callbackPath(index: number, jsonPath: string): string {
  return `$.callbacks[${index}].body${jsonPath.slice(1)}`;
}

/** The named rules that flag a guide form the harness itself writes when it sends the guide's shapes. */
const REQUEST_SHAPE_RULES: ReadonlySet<string> = new Set(["guide-fulfillment-end", "guide-quantity-measure", "guide-order-state"]);

/**
 * In the guide profile the guide's own shapes are accepted (DESIGN "The guide and core 1.1.0"): a
 * BPP that answers in them earns no finding on a live exchange. In every profile, a callback is never
 * flagged for a form the harness's own requests used (`--request-shape guide`): the BPP answered in
 * the forms it was asked in. `validate` still names the core form.
 */
function acceptedShape(rule: string | undefined, ctx: CheckContext): boolean {
  if (rule === undefined || !rule.startsWith("guide-")) {
    return false;
  }
  return ctx.profile === "p2p-trade-guide-v1" || ((ctx.requestShape ?? "guide") === "guide" && REQUEST_SHAPE_RULES.has(rule));
}

/** Each callback's validation by profile and `--closed`: SCH-001 and SCH-002 read the same one, computed once. */
const validations = new WeakMap<object, Map<string, ValidationResult>>();

function validationOf(body: unknown, ctx: CheckContext): ValidationResult {
  const closed = ctx.closed === true;
  if (typeof body !== "object" || body === null) {
    return validate(body, ctx.profile, { closed });
  }
  const key = `${ctx.profile} ${closed}`;
  let byKey = validations.get(body);
  if (!byKey) {
    byKey = new Map<string, ValidationResult>();
    validations.set(body, byKey);
  }
  const result = byKey.get(key) ?? validate(body, ctx.profile, { closed });
  byKey.set(key, result);
  return result;
}

function schemaFindings(severity: FindingSeverity, exchange: Exchange, ctx: CheckContext): CheckFinding[] {
  return exchange.callbacks.flatMap((callback, index) =>
    callback.body === undefined
      ? []
      : validationOf(callback.body, ctx)
          .findings.filter((found) => found.severity === severity && !acceptedShape(found.rule, ctx))
          .map((found) => finding(found.message, { path: callbackPath(index, found.path) })),
  );
}

const SCH_001 = defineCheck({
  id: "SCH-001",
  title: "Callbacks pass the profile's schemas",
  severity: "MUST",
  ref: 'core 1.1.0 transaction.yaml; docs/profiles.md "Layers"',
  fix: "Make each callback pass core 1.1.0's schema and the profile's layers: correct the field at each path the finding names (`p2p-conformance validate` shows them offline).",
  appliesTo: hasJsonCallback,
  run: (exchange, ctx) => schemaFindings("error", exchange, ctx),
});

const SCH_002 = defineCheck({
  id: "SCH-002",
  title: "Callbacks raise no schema warning",
  severity: "SHOULD",
  ref: 'docs/profiles.md "The guide\'s departures from core 1.1.0"; docs/profiles.md "Named rules"; docs/rules.md "The guide and core 1.1.0"',
  fix: "Send the core 1.1.0 form each warning names instead of the guide's (docs/profiles.md), and drop properties core does not define when running --closed.",
  appliesTo: hasJsonCallback,
  run: (exchange, ctx) => schemaFindings("warning", exchange, ctx),
});

const SCH_003 = defineCheck({
  id: "SCH-003",
  title: "The synchronous response is a core 1.1.0 ACK or NACK",
  severity: "MUST",
  ref: "core 1.1.0 Ack",
  fix: 'Answer every request with a core 1.1.0 Ack body, {"message":{"ack":{"status":"ACK"}}} or a NACK with an `error` object; never an empty or custom body.',
  appliesTo: (exchange) => exchange.response.kind === "response",
  run: (exchange) => {
    const response = exchange.response;
    if (response.kind !== "response") {
      return [];
    }
    return runAckLayer(response.body).map((error) => {
      const at = pointerToSegments(error.instancePath);
      return finding('The synchronous response must be a core 1.1.0 Ack: `{"message":{"ack":{"status":"ACK"}}}`, or NACK with an optional `error`.', {
        path: toJsonPath(["response", "body", ...at]),
        expected: error.message,
        actual: response.body === undefined ? response.rawBody.slice(0, EVIDENCE_CHARS) : valueAt(response.body, at),
      });
    });
  },
});

const SCH_004 = defineCheck({
  id: "SCH-004",
  title: "Every callback body is JSON",
  severity: "MUST",
  ref: "core 1.1.0 transaction.yaml (application/json request bodies)",
  fix: "Send every callback body as JSON text (one JSON.stringify of the message), never empty, truncated, form-encoded or plain text.",
  appliesTo: (exchange) => exchange.callbacks.length > 0,
  run: (exchange) =>
    exchange.callbacks.flatMap((callback, index) =>
      callback.body === undefined
        ? [
            finding("A callback body must be JSON: send a Beckn message as `application/json`.", {
              path: `$.callbacks[${index}].rawBody`,
              expected: "a JSON object",
              actual: callback.rawBody.slice(0, EVIDENCE_CHARS),
            }),
          ]
        : [],
    ),
});

/** What the SUT sent as JSON and how it declared it: its synchronous answer (not the harness gateway's) and its callbacks. */
function declaredJson(exchange: Exchange): DeclaredJson[] {
  const { response } = exchange;
  const answer =
    response.kind === "response" && response.body !== undefined && !exchange.viaGateway
      ? [{ path: "$.response.headers.content-type", what: "The synchronous answer", contentType: headerOf(response.headers, "content-type") }]
      : [];
  const callbacks = exchange.callbacks.flatMap((callback, index) =>
    callback.body === undefined
      ? []
      : [
          {
            path: `$.callbacks[${index}].headers.content-type`,
            what: `The ${callback.action} callback`,
            contentType: headerOf(callback.headers, "content-type"),
          },
        ],
  );
  return [...answer, ...callbacks];
}

const SCH_005 = defineCheck({
  id: "SCH-005",
  title: "The synchronous answer and every callback declare Content-Type application/json",
  severity: "SHOULD",
  ref: DECLARED_JSON_REF,
  fix: "Set `Content-Type: application/json` (a charset parameter is fine) on your synchronous answers and on every callback you POST.",
  appliesTo: (exchange) => declaredJson(exchange).length > 0,
  run: (exchange) => undeclaredJsonFindings(declaredJson(exchange)),
});

export const SCHEMA_CHECKS: readonly Check[] = [SCH_001, SCH_002, SCH_003, SCH_004, SCH_005];
