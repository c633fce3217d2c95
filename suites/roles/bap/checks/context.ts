/** CTX: the context of every request the BAP sends (core 1.1.0 Context; DESIGN "Contracts": Routing). */
import { isRfc3339DateTime, parseIsoDuration } from "../../../../protocol/formats.js";
import { defineCheck } from "../../../core/define-check.js";
import type { Exchange } from "../../../core/check.js";
import { contextOf, text, withoutTrailingSlash } from "../../../core/read.js";
import { bapRequest, earlierRequests } from "./read.js";
import { finding } from "../../../core/finding.js";

const ctxValue = (e: Exchange, key: string): unknown => contextOf(e.request.body)[key];
const isSearch = (e: Exchange): boolean => e.action === "search";

function sameIdEarlier(e: Exchange, all: readonly Exchange[], key: string): Exchange | undefined {
  const value = ctxValue(e, key);
  return value === undefined ? undefined : earlierRequests(e, all).find((x) => ctxValue(x, key) === value);
}

export const CTX_101 = defineCheck({
  id: "CTX-101",
  title: "A search goes to the gateway unless it names a bpp_uri",
  severity: "MUST",
  ref: 'core 1.1.0 search; docs/rules.md "Contracts" (Routing)',
  fix: "Send search to the gateway's URL, unless its context names a bpp_uri: then send it to that BPP.",
  appliesTo: (e) => bapRequest(e) !== undefined && isSearch(e),
  run: (e) => {
    const named = bapRequest(e)?.namedBppUri ?? text(ctxValue(e, "bpp_uri")) !== undefined;
    return bapRequest(e)?.arrivedAt === "bpp" && !named
      ? [
          finding("A search without a bpp_uri went straight to a BPP; send it to the gateway, which multicasts it.", {
            path: "$.context.bpp_uri",
            expected: "the gateway",
            actual: e.request.url,
          }),
        ]
      : [];
  },
});

export const CTX_102 = defineCheck({
  id: "CTX-102",
  title: "Each new search starts a new transaction",
  severity: "MUST",
  ref: "core 1.1.0 Context.transaction_id",
  fix: "Mint a new `transaction_id` (a UUID) for each new search.",
  appliesTo: (e) => bapRequest(e) !== undefined && isSearch(e),
  run: (e, ctx) => {
    const earlier = sameIdEarlier(e, ctx.scenarioExchanges, "transaction_id");
    return earlier
      ? [
          finding(`This search reuses the transaction_id of an earlier ${earlier.action}; a new search must start a new transaction (a new UUID).`, {
            path: "$.context.transaction_id",
            expected: "a new transaction_id",
            actual: ctxValue(e, "transaction_id"),
          }),
        ]
      : [];
  },
});

export const CTX_103 = defineCheck({
  id: "CTX-103",
  title: "Requests after search keep the search's transaction_id (the one the trigger gives)",
  severity: "MUST",
  ref: 'core 1.1.0 Context.transaction_id ("a unique value which persists across all API calls from `search` through `confirm`"); docs/bap-trigger-contract.md (after search the trigger gives the search\'s transaction_id)',
  fix: "Use the `transaction_id` the trigger gives (the search's) in every request of that transaction.",
  appliesTo: (e) => bapRequest(e) !== undefined && !isSearch(e),
  run: (e, ctx) => {
    const id = ctxValue(e, "transaction_id");
    const given = bapRequest(e)?.givenTransactionId;
    if (given !== undefined) {
      return id === given
        ? []
        : [
            finding(
              `The trigger gave the search's transaction_id, but the ${e.action} carries another; send the request in the transaction_id of the trigger's context (or, when it gives none, the search's).`,
              { path: "$.context.transaction_id", expected: given, actual: id ?? null },
            ),
          ];
    }
    const started = earlierRequests(e, ctx.scenarioExchanges).some((x) => isSearch(x) && ctxValue(x, "transaction_id") === id);
    return started
      ? []
      : [
          finding(`The ${e.action}'s transaction_id was started by no search the BAP sent; keep the transaction_id of the search through the whole order.`, {
            path: "$.context.transaction_id",
            expected: "the search's transaction_id",
            actual: id,
          }),
        ];
  },
});

export const CTX_104 = defineCheck({
  id: "CTX-104",
  title: "Every request has a fresh message_id",
  severity: "MUST",
  ref: "core 1.1.0 Context.message_id",
  fix: "Mint a new `message_id` (a UUID) for every request you send; never reuse one.",
  appliesTo: (e) => bapRequest(e) !== undefined,
  run: (e, ctx) => {
    const earlier = sameIdEarlier(e, ctx.scenarioExchanges, "message_id");
    return earlier
      ? [
          finding(`The ${e.action} repeats the message_id of an earlier ${earlier.action}; give every new request a new message_id.`, {
            path: "$.context.message_id",
            expected: "a new message_id",
            actual: ctxValue(e, "message_id"),
          }),
        ]
      : [];
  },
});

export const CTX_105 = defineCheck({
  id: "CTX-105",
  title: "bap_id and bap_uri are the BAP's registry entry",
  severity: "MUST",
  ref: "core 1.1.0 Context.bap_id, Context.bap_uri",
  fix: "Set `context.bap_id` and `context.bap_uri` to your registry entry's subscriber_id and subscriber_url.",
  appliesTo: (e) => bapRequest(e) !== undefined,
  run: (e, ctx) => [
    ...(ctxValue(e, "bap_id") === ctx.sut.subscriberId
      ? []
      : [
          finding("context.bap_id must be the BAP's subscriber id in the registry.", {
            path: "$.context.bap_id",
            expected: ctx.sut.subscriberId,
            actual: ctxValue(e, "bap_id"),
          }),
        ]),
    ...(withoutTrailingSlash(text(ctxValue(e, "bap_uri"))) === withoutTrailingSlash(ctx.sut.url)
      ? []
      : [
          finding("context.bap_uri must be the URL the BAP registered, where callbacks reach it.", {
            path: "$.context.bap_uri",
            expected: ctx.sut.url,
            actual: ctxValue(e, "bap_uri"),
          }),
        ]),
  ],
});

export const CTX_106 = defineCheck({
  id: "CTX-106",
  title: "Requests after search name the BPP they are sent to",
  severity: "MUST",
  ref: 'core 1.1.0 Context.bpp_id, Context.bpp_uri; docs/rules.md "The guide and core 1.1.0"',
  fix: "Put the `bpp_id` and `bpp_uri` of the BPP you address (from its on_search) in every request after search.",
  appliesTo: (e) => bapRequest(e) !== undefined && !isSearch(e),
  run: (e) => {
    const bpp = bapRequest(e)?.harnessBpp;
    return [
      ...(ctxValue(e, "bpp_id") === bpp?.id
        ? []
        : [
            finding(`context.bpp_id must name the BPP the ${e.action} is sent to.`, {
              path: "$.context.bpp_id",
              expected: bpp?.id,
              actual: ctxValue(e, "bpp_id") ?? null,
            }),
          ]),
      ...(withoutTrailingSlash(text(ctxValue(e, "bpp_uri"))) === withoutTrailingSlash(bpp?.uri)
        ? []
        : [
            finding(`context.bpp_uri must be the URL of the BPP the ${e.action} is sent to.`, {
              path: "$.context.bpp_uri",
              expected: bpp?.uri,
              actual: ctxValue(e, "bpp_uri") ?? null,
            }),
          ]),
    ];
  },
});

export const CTX_107 = defineCheck({
  id: "CTX-107",
  title: "context.timestamp is RFC 3339, not in the future, and the request had not expired on arrival",
  severity: "MUST",
  ref: 'core 1.1.0 Context.timestamp ("Time of request generation in RFC3339 format") and Context.ttl ("the duration … after timestamp for which this message holds valid"); docs/rules.md "Timing" (5 s of skew)',
  fix: "Stamp `context.timestamp` in RFC 3339 from an NTP-synced clock when you create the request, and send it before timestamp + ttl.",
  appliesTo: (e) => bapRequest(e) !== undefined,
  run: (e, ctx) => {
    const skewMs = ctx.skewSeconds * 1000;
    const stamp = ctxValue(e, "timestamp");
    if (!isRfc3339DateTime(stamp)) {
      return [
        finding("context.timestamp must be an RFC 3339 date-time with a zone.", {
          path: "$.context.timestamp",
          expected: "e.g. 2026-11-24T10:00:00.000Z",
          actual: stamp ?? null,
        }),
      ];
    }
    const arrived = new Date(e.request.sentAt).toISOString();
    const age = e.request.sentAt - Date.parse(stamp);
    if (age < -skewMs) {
      return [
        finding(
          `context.timestamp is ${Math.round(-age / 1000)} s after the request arrived; stamp the time the request was generated (${ctx.skewSeconds} s skew allowed).`,
          { path: "$.context.timestamp", expected: `at most ${arrived} + ${ctx.skewSeconds} s`, actual: stamp },
        ),
      ];
    }
    // A queue may delay a request after it was generated: it is stale only once its own ttl has run out.
    const validMs = parseIsoDuration(ctxValue(e, "ttl")) ?? e.ttlMs;
    return age <= validMs + skewMs
      ? []
      : [
          finding(
            `context.timestamp is ${Math.round(age / 1000)} s before the request arrived, past its ttl of ${Math.round(validMs / 1000)} s: the request had expired on arrival. Stamp the time the request was generated, and send it within its ttl.`,
            { path: "$.context.timestamp", expected: `after ${new Date(e.request.sentAt - validMs).toISOString()} (arrival − ttl)`, actual: stamp },
          ),
        ];
  },
});

export const CTX_108 = defineCheck({
  id: "CTX-108",
  title: "context.ttl is an ISO 8601 duration",
  severity: "MUST",
  ref: 'core 1.1.0 Context.ttl; docs/rules.md "Timing"',
  fix: "Write `context.ttl` as an ISO 8601 duration such as PT30S, never a bare number.",
  appliesTo: (e) => bapRequest(e) !== undefined && ctxValue(e, "ttl") !== undefined,
  run: (e) =>
    parseIsoDuration(ctxValue(e, "ttl")) === undefined
      ? [finding("context.ttl must be an ISO 8601 duration such as PT10S.", { path: "$.context.ttl", expected: "PT10S", actual: ctxValue(e, "ttl") })]
      : [],
});

export const CTX_109 = defineCheck({
  id: "CTX-109",
  title: "Requests after search go to the bpp_uri of the BPP they name, never to the gateway",
  severity: "MUST",
  ref: 'core 1.1.0 Context.bpp_uri ("Subscriber URL of the BPP for accepting calls from BAPs"); BECKN-003 and FACTS §5 (only search and on_search involve the gateway; every other action is peer to peer, sent to bpp_uri); the guide\'s flow (select … update are answered by the BPP)',
  fix: "Send every request but search to the `bpp_uri` of the BPP it names, never to the gateway.",
  appliesTo: (e) => bapRequest(e) !== undefined && !isSearch(e),
  run: (e) => {
    const request = bapRequest(e);
    return request?.arrivedAt === "gateway"
      ? [
          finding(
            `The ${e.action} was sent to the gateway; only a search goes there. Send every other request to <context.bpp_uri>/${e.action}, the BPP it names.`,
            { path: "$.context.bpp_uri", expected: `${request.harnessBpp.uri}/${e.action}`, actual: e.request.url },
          ),
        ]
      : [];
  },
});
