import { isRfc3339DateTime, parseIsoDuration, sameUrl } from "../../../../protocol/formats.js";
import { asObject } from "../../../../protocol/shapes.js";
import { bodyActionOf, replyActionsOf } from "../drive/correlator.js";
import { defineCheck } from "../../../core/define-check.js";
import { transferNotExercised } from "./flow.js";
import type { Check, Exchange, CheckFinding, ReceivedCallback } from "../../../core/check.js";
import { finding } from "../../../core/finding.js";

/**
 * CTX: the context of what the SUT sends back. Echo rules (CTX-001…008) judge the solicited
 * callbacks against the request; the SUT's own stamps (CTX-009…015) are judged on every callback,
 * unsolicited ones included; CTX-016 judges the ids of unsolicited ones.
 */

type Json = Record<string, unknown>;
type Which = "solicited" | "unsolicited" | "all";

interface Judged {
  readonly index: number;
  readonly callback: ReceivedCallback;
  /** The callback's `context`, undefined when it has none (a finding for every rule). */
  readonly context: Json | undefined;
}

/** Callbacks with a JSON body (a body that is not JSON is SCH-004's). */
function judged(exchange: Exchange, which: Which): Judged[] {
  return exchange.callbacks.flatMap((callback, index) => {
    const unsolicited = callback.matchedBy === "unsolicited";
    const wanted = which === "all" || (which === "unsolicited") === unsolicited;
    return callback.body !== undefined && wanted ? [{ index, callback, context: asObject(asObject(callback.body)?.["context"]) }] : [];
  });
}

const requestContext = (exchange: Exchange): Json | undefined => asObject(asObject(exchange.request.body)?.["context"]);
const at = (index: number, field: string): string => `$.callbacks[${index}].body.context.${field}`;
const anyJudged =
  (which: Which) =>
  (exchange: Exchange): boolean =>
    judged(exchange, which).length > 0;

function locationCode(context: Json | undefined, part: "country" | "city"): unknown {
  return asObject(asObject(asObject(context?.["location"])?.[part]))?.["code"];
}

/** Milliseconds of a zoned RFC 3339 time, else undefined (CTX-011 judges the format). */
function timeOf(value: unknown): number | undefined {
  return isRfc3339DateTime(value) ? Date.parse(value) : undefined;
}

interface EchoRule {
  /** The field may be left out of a callback (the guide's own callbacks leave it out); only a present, different value fails. */
  readonly optional?: boolean;
  /** How two values are compared; strict equality by default. */
  readonly same?: (expected: unknown, actual: unknown) => boolean;
}

/** Why a rule about an optional context field had nothing to judge: the SUT's callbacks leave it out, as `ref` allows. */
const leftOut = (field: string, ref: string): string =>
  `the SUT's callbacks leave the optional \`context.${field}\` out (${ref}), so there was no value to judge.`;

/** A callback field that must equal the same field of the request's context. */
function echoCheck(id: string, field: string, ref: string, fix: string, rule: EchoRule = {}): Check {
  const same = rule.same ?? ((a: unknown, b: unknown) => a === b);
  const judges = ({ context }: Judged): boolean => !(rule.optional === true && context?.[field] === undefined);
  return defineCheck({
    id,
    title: rule.optional ? `Callbacks that carry \`context.${field}\` echo the request's` : `Callbacks echo the request's \`context.${field}\``,
    severity: "MUST",
    ref,
    fix,
    appliesTo: (exchange) => typeof requestContext(exchange)?.[field] === "string" && judged(exchange, "solicited").some(judges),
    ...(rule.optional ? { notApplicable: (exchange: Exchange) => (judged(exchange, "solicited").length > 0 ? leftOut(field, ref) : undefined) } : {}),
    run: (exchange) => {
      const expected = requestContext(exchange)?.[field];
      return judged(exchange, "solicited")
        .filter((callback) => judges(callback) && !same(expected, callback.context?.[field]))
        .map(({ index, context }) =>
          finding(`\`context.${field}\` must echo the request's \`context.${field}\`.`, {
            path: at(index, field),
            expected,
            actual: context?.[field],
          }),
        );
    },
  });
}

const CTX_001 = defineCheck({
  id: "CTX-001",
  title: "A callback's action is on_ and the request's action",
  severity: "MUST",
  ref: "core 1.1.0 Context.action",
  fix: "Set each reply's `context.action` to \"on_\" plus the request's action: on_select for select, on_init for init, on_status for status.",
  appliesTo: (exchange) => !exchange.action.startsWith("on_") && anyJudged("solicited")(exchange),
  run: (exchange) => {
    // The action-mismatch probe's body names another action: a reply to that is NEG-002's to judge, once.
    const replies = replyActionsOf(exchange.action, exchange.request.body);
    return judged(exchange, "solicited")
      .filter(({ context }) => !replies.includes(String(context?.["action"])))
      .map(({ index, context }) =>
        finding("`context.action` must be `on_` followed by the request's action.", {
          path: at(index, "action"),
          expected: replies.join(" or "),
          actual: context?.["action"],
        }),
      );
  },
});

const CTX_002 = echoCheck(
  "CTX-002",
  "transaction_id",
  "core 1.1.0 Context.transaction_id",
  "Copy `context.transaction_id` from the request into every callback unchanged; never mint a new one for a reply.",
);
/** Core semantics; the guide's fresh callback ids are a departure that is MUST on a live exchange. */
const CTX_003 = echoCheck(
  "CTX-003",
  "message_id",
  'core 1.1.0 Context.message_id; docs/rules.md "The guide and core 1.1.0"',
  "Copy the request's `context.message_id` into its reply; mint a new message_id only for unsolicited callbacks.",
);
const CTX_004 = echoCheck("CTX-004", "bap_id", "core 1.1.0 Context.bap_id", "Copy `context.bap_id` from the request into every callback unchanged.");
// The guide's own callbacks leave out bap_uri and version; core 1.1.0 requires neither in a Context (docs/rules.md).
const CTX_005 = echoCheck(
  "CTX-005",
  "bap_uri",
  "core 1.1.0 Context.bap_uri (not required)",
  "Copy `context.bap_uri` from the request into the callback, or leave it out; never write another URL there.",
  { optional: true, same: sameUrl },
);
const CTX_006 = echoCheck("CTX-006", "domain", "core 1.1.0 Context.domain", "Copy `context.domain` from the request into every callback unchanged.");

const CTX_007 = defineCheck({
  id: "CTX-007",
  title: "Callbacks echo the request's country and city codes",
  severity: "MUST",
  ref: 'core 1.1.0 Context.location ("The location where the transaction is intended to be fulfilled") and Context ("Typically, it is the BAP that sets the transaction context"): the BAP names the place, a callback does not move it; docs/rules.md "Context, quotes, units and windows" (The location)',
  fix: "Copy `context.location`'s country.code and city.code from the request into every callback; never answer with a fixed location of your own.",
  appliesTo: (exchange) => {
    const request = requestContext(exchange);
    const hasCode = ["country", "city"].some((part) => typeof locationCode(request, part as "country" | "city") === "string");
    return hasCode && anyJudged("solicited")(exchange);
  },
  run: (exchange) => {
    const request = requestContext(exchange);
    return (["country", "city"] as const).flatMap((part) => {
      const expected = locationCode(request, part);
      if (typeof expected !== "string") {
        return [];
      }
      return judged(exchange, "solicited")
        .filter(({ context }) => locationCode(context, part) !== expected)
        .map(({ index, context }) =>
          finding("`context.location` must echo the request's country and city codes.", {
            path: at(index, `location.${part}.code`),
            expected,
            actual: locationCode(context, part),
          }),
        );
    });
  },
});

const CTX_008 = echoCheck(
  "CTX-008",
  "version",
  "core 1.1.0 Context.version (not required)",
  "Copy `context.version` from the request into the callback (1.1.0), or leave it out.",
  { optional: true },
);

const CTX_009 = defineCheck({
  id: "CTX-009",
  title: "Callbacks carry the SUT's registered bpp_id",
  severity: "MUST",
  ref: "core 1.1.0 Context.bpp_id",
  fix: "Set `context.bpp_id` of every callback to the subscriber_id you registered in the registry.",
  appliesTo: anyJudged("all"),
  run: (exchange, ctx) =>
    judged(exchange, "all")
      .filter(({ context }) => context?.["bpp_id"] !== ctx.sut.subscriberId)
      .map(({ index, context }) =>
        finding("`context.bpp_id` must be the subscriber id the SUT registered.", {
          path: at(index, "bpp_id"),
          expected: ctx.sut.subscriberId,
          actual: context?.["bpp_id"],
        }),
      ),
});

const CTX_010 = defineCheck({
  id: "CTX-010",
  title: "Callbacks carry the SUT's bpp_uri",
  severity: "MUST",
  ref: "core 1.1.0 Context.bpp_uri",
  fix: "Set `context.bpp_uri` of every callback to the subscriber_url you registered, the public URL the harness calls (--sut-url).",
  appliesTo: anyJudged("all"),
  run: (exchange, ctx) => {
    return judged(exchange, "all")
      .filter(({ context }) => !sameUrl(context?.["bpp_uri"], ctx.sut.url))
      .map(({ index, context }) =>
        finding(
          "`context.bpp_uri` must be the SUT's URL as registered (scheme and host in any case, a default port and a trailing slash make no difference).",
          {
            path: at(index, "bpp_uri"),
            expected: ctx.sut.url,
            actual: context?.["bpp_uri"],
          },
        ),
      );
  },
});

const CTX_011 = defineCheck({
  id: "CTX-011",
  title: "A callback's timestamp is RFC 3339 with a zone",
  severity: "MUST",
  ref: "core 1.1.0 Context.timestamp",
  fix: "Stamp `context.timestamp` in RFC 3339 with a zone, as new Date().toISOString() gives (2026-01-01T10:00:00.000Z).",
  appliesTo: anyJudged("all"),
  run: (exchange) =>
    judged(exchange, "all")
      .filter(({ context }) => !isRfc3339DateTime(context?.["timestamp"]))
      .map(({ index, context }) =>
        finding(
          "`context.timestamp` must be an RFC 3339 date-time with a zone, such as 2025-05-09T10:00:00.000Z (a space for the T is allowed, RFC 3339 §5.6).",
          {
            path: at(index, "timestamp"),
            expected: "RFC 3339 date-time with Z or an offset",
            actual: context?.["timestamp"],
          },
        ),
      ),
});

const CTX_012 = defineCheck({
  id: "CTX-012",
  title: "A callback's timestamp is not before its request's",
  severity: "MUST",
  ref: 'core 1.1.0 Context.timestamp; docs/rules.md "Timing"',
  fix: "Stamp each callback's `context.timestamp` when you send it, from an NTP-synced clock; never backdate it before its request's.",
  appliesTo: anyJudged("all"),
  run: (exchange, ctx) => {
    const sent = timeOf(requestContext(exchange)?.["timestamp"]) ?? exchange.request.sentAt;
    const earliest = sent - ctx.skewSeconds * 1000;
    return judged(exchange, "all").flatMap(({ index, context }): CheckFinding[] => {
      const stamped = timeOf(context?.["timestamp"]);
      return stamped !== undefined && stamped < earliest
        ? [
            finding("`context.timestamp` must not be earlier than the request's timestamp, beyond the allowed clock skew.", {
              path: at(index, "timestamp"),
              expected: `>= ${new Date(earliest).toISOString()}`,
              actual: context?.["timestamp"],
            }),
          ]
        : [];
    });
  },
});

const CTX_013 = defineCheck({
  id: "CTX-013",
  title: "A callback's timestamp is not in the future",
  severity: "MUST",
  ref: 'core 1.1.0 Context.timestamp; docs/rules.md "Timing"',
  fix: "Stamp `context.timestamp` at the moment you send, from an NTP-synced clock; never a time computed ahead.",
  appliesTo: anyJudged("all"),
  run: (exchange, ctx) =>
    judged(exchange, "all").flatMap(({ index, callback, context }): CheckFinding[] => {
      const latest = callback.receivedAt + ctx.skewSeconds * 1000;
      const stamped = timeOf(context?.["timestamp"]);
      return stamped !== undefined && stamped > latest
        ? [
            finding("`context.timestamp` must not be later than the callback's arrival, beyond the allowed clock skew.", {
              path: at(index, "timestamp"),
              expected: `<= ${new Date(latest).toISOString()}`,
              actual: context?.["timestamp"],
            }),
          ]
        : [];
    }),
});

const CTX_014 = defineCheck({
  id: "CTX-014",
  title: "A callback's ttl is an ISO 8601 duration",
  severity: "MUST",
  ref: 'core 1.1.0 Context.ttl; docs/rules.md "Timing"',
  fix: "Write `context.ttl` as an ISO 8601 duration such as PT30S, never a bare number of seconds.",
  appliesTo: (exchange) => judged(exchange, "all").some(({ context }) => context !== undefined && "ttl" in context),
  notApplicable: (exchange) => (anyJudged("all")(exchange) ? leftOut("ttl", "core 1.1.0 Context.ttl (not required)") : undefined),
  run: (exchange) =>
    judged(exchange, "all")
      .filter(({ context }) => context !== undefined && "ttl" in context && parseIsoDuration(context["ttl"]) === undefined)
      .map(({ index, context }) =>
        finding("`context.ttl` must be an ISO 8601 duration such as PT10S.", {
          path: at(index, "ttl"),
          expected: "ISO 8601 duration",
          actual: context?.["ttl"],
        }),
      ),
});

const CTX_015 = defineCheck({
  id: "CTX-015",
  title: "Callbacks carry a ttl",
  severity: "SHOULD",
  ref: 'core 1.1.0 Context.ttl; docs/rules.md "Timing"',
  fix: "Put a `ttl` in every callback's context, an ISO 8601 duration such as PT30S.",
  appliesTo: anyJudged("all"),
  run: (exchange) =>
    judged(exchange, "all")
      .filter(({ context }) => context?.["ttl"] === undefined)
      .map(({ index }) =>
        finding("`context.ttl` should be present: give an ISO 8601 duration such as PT10S.", {
          path: at(index, "ttl"),
          expected: "ISO 8601 duration",
          actual: undefined,
        }),
      ),
});

const CTX_016 = defineCheck({
  id: "CTX-016",
  title: "Unsolicited callbacks carry a new message_id and the transaction's id",
  severity: "MUST",
  ref: 'core 1.1.0 Context.message_id ("When sending unsolicited callbacks, BPPs must generate a new message_id"); docs/rules.md "Timing"',
  fix: "Give each unsolicited callback a new `message_id`, never one of the transaction's requests', and the transaction's `transaction_id`.",
  appliesTo: anyJudged("unsolicited"),
  notExercised: transferNotExercised,
  run: (exchange, ctx) => {
    const request = requestContext(exchange);
    // Every request of the scenario: an unsolicited callback may reuse any of their ids (DESIGN "A run", step 4, rule 1).
    const requests = [exchange, ...ctx.scenarioExchanges].map((e) => ({ action: e.action, messageId: requestContext(e)?.["message_id"] }));
    return judged(exchange, "unsolicited").flatMap(({ index, context }) => {
      const findings: CheckFinding[] = [];
      const messageId = context?.["message_id"];
      const reused = requests.find((r) => r.messageId === messageId);
      if (typeof messageId !== "string" || messageId === "" || reused) {
        const whose = reused
          ? ` It carries the id of the ${reused.action} request; if it is that request's reply, its action must be on_${reused.action}.`
          : "";
        findings.push(
          finding(`An unsolicited callback must carry a new \`context.message_id\` of its own, not a request's.${whose}`, {
            path: at(index, "message_id"),
            expected: "a new id, not one of the transaction's requests",
            actual: messageId,
          }),
        );
      }
      if (context?.["transaction_id"] !== request?.["transaction_id"]) {
        findings.push(
          finding("An unsolicited callback must carry the transaction's `context.transaction_id`.", {
            path: at(index, "transaction_id"),
            expected: request?.["transaction_id"],
            actual: context?.["transaction_id"],
          }),
        );
      }
      return findings;
    });
  },
});

/**
 * Callbacks whose body names another action than the endpoint they came to, where the body is the
 * one to believe: a solicited callback whose body is its request's reply (a body of the wrong action
 * is CTX-001's), and any unsolicited one.
 */
function misposted(exchange: Exchange): { index: number; named: string; endpoint: string }[] {
  const replies = replyActionsOf(exchange.action, exchange.request.body);
  return judged(exchange, "all").flatMap(({ index, callback }) => {
    const named = bodyActionOf(callback.body);
    const believed = callback.matchedBy === "unsolicited" || (named !== undefined && replies.includes(named));
    return named !== undefined && named !== callback.action && believed ? [{ index, named, endpoint: callback.action }] : [];
  });
}

const CTX_017 = defineCheck({
  id: "CTX-017",
  title: "Each callback is posted to the endpoint of its action",
  severity: "MUST",
  ref: "core 1.1.0 transaction.yaml: each callback has its own path (/on_select, /on_search …), whose body's `context.action` is pinned to that path's action",
  fix: "POST each callback to the path of its own action under bap_uri: an on_select body to <bap_uri>/on_select, never to /on_search.",
  appliesTo: anyJudged("all"),
  run: (exchange) =>
    misposted(exchange).map(({ index, named, endpoint }) =>
      finding(`An ${named} body was posted to /${endpoint}: post each callback to the endpoint of its action (<bap_uri>/${named}).`, {
        path: at(index, "action"),
        expected: `/${named}`,
        actual: `/${endpoint}`,
      }),
    ),
});

export const CONTEXT_CHECKS: readonly Check[] = [
  CTX_001,
  CTX_002,
  CTX_003,
  CTX_004,
  CTX_005,
  CTX_006,
  CTX_007,
  CTX_008,
  CTX_009,
  CTX_010,
  CTX_011,
  CTX_012,
  CTX_013,
  CTX_014,
  CTX_015,
  CTX_016,
  CTX_017,
];
