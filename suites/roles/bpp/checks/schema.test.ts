import { expect, test } from "vitest";
import { checkCaseTables, type CheckCase } from "../../../core/testing/case-table.js";
import { nackBody } from "../../../../protocol/ack.js";
import { SCHEMA_CHECKS } from "./schema.js";
import type { Exchange } from "../../../core/check.js";
import {
  answer,
  checkContext,
  cleanScenario,
  errorCallback,
  hostileCases,
  notJson,
  runAll,
  stepExchange,
  transaction,
  withContext,
  type Mutation,
} from "../../../core/testing/exchange.js";

type Case = CheckCase;

const core = transaction("core");
const guide = transaction("guide");

const mutations = {
  noTransactionId: withContext({ transaction_id: undefined }) satisfies Mutation,
  noTtl: withContext({ ttl: undefined }) satisfies Mutation,
  /** protocol-server's flat country and city beside core's `location`. */
  flatCountryCity: withContext({ country: "USA", city: "NANP:628" }) satisfies Mutation,
};

/** An exchange whose answer and callbacks declare these Content-Types (undefined: the header is left out). */
function declared(exchange: Exchange, answerType: string | undefined, callbackType: string | undefined): Exchange {
  const typed = (type: string | undefined) => (type === undefined ? {} : { "content-type": type });
  const response = exchange.response.kind === "response" ? { ...exchange.response, headers: typed(answerType) } : exchange.response;
  return { ...exchange, response, callbacks: exchange.callbacks.map((c) => ({ ...c, headers: { ...typed(callbackType), authorization: "Signature x" } })) };
}
const select = stepExchange(core, "select");

const passing: Case[] = [
  { id: "SCH-001", case: "a core-shaped on_select", exchange: stepExchange(core, "select") },
  { id: "SCH-001", case: "a guide-shaped on_select, whose departures are warnings", exchange: stepExchange(guide, "select") },
  {
    id: "SCH-001",
    case: "an error callback with no message",
    exchange: stepExchange(core, "select", { callbackBody: errorCallback(core, "select", "30004"), expectation: "error-callback" }),
  },
  { id: "SCH-002", case: "a core-shaped on_confirm", exchange: stepExchange(core, "confirm") },
  {
    id: "SCH-001",
    case: "a guide-shaped callback under core-1.1.0, when the harness sent the guide's shapes",
    exchange: stepExchange(guide, "select"),
    ctx: checkContext({ profile: "core-1.1.0", requestShape: "guide" }),
  },
  {
    id: "SCH-001",
    case: "a guide-shaped callback under strict, when the harness sent the guide's shapes",
    exchange: stepExchange(guide, "select"),
    ctx: checkContext({ profile: "p2p-trade-strict", requestShape: "guide" }),
  },
  {
    id: "SCH-001",
    case: "flat context.country and city under core-1.1.0 (core sets no additionalProperties: false)",
    exchange: stepExchange(core, "select", { callback: mutations.flatCountryCity }),
    ctx: checkContext({ profile: "core-1.1.0", requestShape: "core" }),
  },
  {
    id: "SCH-002",
    case: "flat context.country and city without --closed",
    exchange: stepExchange(core, "select", { callback: mutations.flatCountryCity }),
    ctx: checkContext({ profile: "core-1.1.0", requestShape: "core" }),
  },
  { id: "SCH-003", case: "an ACK with HTTP 200", exchange: stepExchange(core, "select") },
  {
    id: "SCH-003",
    case: "a NACK with an error",
    exchange: stepExchange(core, "select", { response: answer(400, nackBody({ code: "30000", paths: "context" })), expectation: "nack", silent: true }),
  },
  { id: "SCH-004", case: "JSON callbacks", exchange: stepExchange(core, "status") },
  { id: "SCH-005", case: "an ACK and a callback as application/json", exchange: declared(select, "application/json", "application/json") },
  { id: "SCH-005", case: "JSON with a charset, in any case", exchange: declared(select, "application/json; charset=utf-8", "Application/JSON;Charset=UTF-8") },
];

const failing: Case[] = [
  { id: "SCH-001", case: "a callback without context.transaction_id", exchange: stepExchange(core, "select", { callback: mutations.noTransactionId }) },
  { id: "SCH-001", case: "a callback that is a JSON string", exchange: stepExchange(core, "select", { callbackBody: "on_select" }) },
  {
    id: "SCH-001",
    case: "a guide-shaped callback under core-1.1.0 when the harness sent core's shapes",
    exchange: stepExchange(guide, "select"),
    ctx: checkContext({ profile: "core-1.1.0", requestShape: "core" }),
  },
  {
    id: "SCH-001",
    case: "a guide-shaped callback under strict when the harness sent core's shapes",
    exchange: stepExchange(guide, "select"),
    ctx: checkContext({ profile: "p2p-trade-strict", requestShape: "core" }),
  },
  {
    id: "SCH-002",
    case: "flat context.country and city under --closed",
    exchange: stepExchange(core, "select", { callback: mutations.flatCountryCity }),
    ctx: checkContext({ profile: "core-1.1.0", requestShape: "core", closed: true }),
  },
  { id: "SCH-002", case: "a callback without a ttl", exchange: stepExchange(core, "status", { callback: mutations.noTtl }) },
  { id: "SCH-003", case: "an answer without message.ack", exchange: stepExchange(core, "select", { response: answer(200, { ack: "ACK" }) }) },
  {
    id: "SCH-003",
    case: "an ack status outside ACK and NACK",
    exchange: stepExchange(core, "select", { response: answer(200, { message: { ack: { status: "OK" } } }) }),
  },
  { id: "SCH-003", case: "an answer that is not JSON", exchange: stepExchange(core, "select", { response: notJson(502, "<html>Bad Gateway</html>") }) },
  { id: "SCH-004", case: "a callback that is not JSON", exchange: stepExchange(core, "select", { callbackBody: undefined }) },
  { id: "SCH-005", case: "an ACK declared text/plain", exchange: declared(select, "text/plain", "application/json") },
  { id: "SCH-005", case: "a callback with no Content-Type", exchange: declared(select, "application/json", undefined) },
];

const skipped: Case[] = [
  { id: "SCH-001", case: "an exchange without callbacks", exchange: stepExchange(core, "select", { silent: true }) },
  { id: "SCH-002", case: "a callback that is not JSON", exchange: stepExchange(core, "select", { callbackBody: undefined }) },
  {
    id: "SCH-003",
    case: "a request that got no answer",
    exchange: stepExchange(core, "select", { response: { kind: "failure", failure: "timeout", detail: "3000 ms", connected: true, ms: 3000 } }),
  },
  { id: "SCH-004", case: "an exchange without callbacks", exchange: stepExchange(core, "select", { silent: true }) },
  {
    id: "SCH-005",
    case: "a search through the harness's gateway, whose answer is the gateway's, without callbacks",
    exchange: declared(stepExchange(core, "search", { silent: true }), "text/plain", undefined),
  },
];

checkCaseTables("SCH", SCHEMA_CHECKS, { passing, failing, skipped, findingPath: /^\$\./ });

test("a clean core-shaped scenario passes every SCH check", async () => {
  const exchanges = cleanScenario(core, "core");
  expect(await runAll(SCHEMA_CHECKS, exchanges, checkContext({ scenarioExchanges: exchanges }))).toEqual([]);
});

test.for(hostileCases(core))("no SCH check throws on $case", async ({ exchanges, ctx }) => {
  const findings = await runAll(SCHEMA_CHECKS, exchanges, ctx);
  expect(findings.every((finding) => typeof finding.message === "string" && finding.message !== "")).toBe(true);
});

test("SCH-003 shows the offending value, not the schema's parameter: protocol-server's numeric error.code", async () => {
  const body = { message: { ack: { status: "NACK" } }, error: { code: 400, message: "Schema validation failed", type: "DOMAIN-ERROR" } };
  const exchange = stepExchange(core, "select", { response: answer(400, body), expectation: "nack", silent: true });
  const findings = await runAll(
    SCHEMA_CHECKS.filter((check) => check.id === "SCH-003"),
    [exchange],
    checkContext(),
  );
  expect(findings).toEqual([expect.objectContaining({ path: "$.response.body.error.code", expected: "must be string", actual: 400 })]);
});
