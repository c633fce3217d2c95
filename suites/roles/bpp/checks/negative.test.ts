import { expect, test } from "vitest";
import { checkById, checkMutationTables, type MutationRow } from "../../../core/testing/case-table.js";
import type { CheckContext, Exchange, Probe } from "../../../core/check.js";
import { NEGATIVES } from "../../../core/probes/negatives.js";
import { NEGATIVE_CHECKS } from "./negative.js";
import {
  ackResponse,
  checkContext,
  findingsOf,
  flowExchange,
  messagesOf,
  nackResponse,
  probeExchange,
  rawResponse,
  runOnHostile,
  signedCallback,
  timeoutResponse,
  type ExchangeOptions,
} from "../../../core/testing/signed-exchange.js";

const messages = messagesOf();
const fixtures = {
  duplicate: { kind: "duplicate", name: "repeat-confirm", severity: "MUST" },
  onConfirm: messages.on_confirm,
  /** on_confirm for the same transaction with another order id. */
  secondOrder: { ...messages.on_confirm, message: { order: { ...messages.on_confirm.message.order, id: "second-order" } } },
  errorOnSelect: { context: messages.on_select.context, error: { code: "30004", message: "unit" } },
} as const satisfies Record<string, unknown>;

const negative = (name: string, severity: Probe["severity"] = "MUST"): Probe => ({ kind: "negative", name, severity });
const actionOf = (name: string): "search" | "select" | "init" | "confirm" | "status" | "update" => NEGATIVES.find((n) => n.name === name)?.action ?? "select";
const refused = (name: string, opts: ExchangeOptions = {}): Exchange => {
  const severity = NEGATIVES.find((n) => n.name === name)?.severity ?? "MUST";
  return probeExchange(negative(name, severity), actionOf(name), opts);
};
const duplicate = (opts: ExchangeOptions = {}): Exchange =>
  probeExchange(fixtures.duplicate, "confirm", { response: ackResponse(), callbacks: [signedCallback(fixtures.onConfirm)], ...opts });
/** The scenario so far: the first confirm, whose on_confirm gave the order id. */
const scenario = (): CheckContext => checkContext({ scenarioExchanges: [flowExchange("confirm", { id: "first-confirm" })] });
const core = (): CheckContext => checkContext({ profile: "core-1.1.0" });
const strict = (): CheckContext => checkContext({ profile: "p2p-trade-strict" });
/** A probe ACKed and answered with the given callbacks (none: ACKed, then silence). */
const acked = (name: string, ...callbacks: unknown[]): Exchange =>
  refused(name, { response: ackResponse({ status: 202 }), callbacks: callbacks.map((body) => signedCallback(body)) });

type Row = MutationRow;

const MUST_NAMES = [
  "no-context",
  "action-mismatch",
  "missing-transaction-id",
  "missing-message-id",
  "missing-bap-uri",
  "missing-order",
  "missing-order-id",
  "missing-update-target",
];

const PASSING: readonly Row[] = [
  ...MUST_NAMES.map((name, i) => ({ id: `NEG-00${i + 1}`, mutation: `${name} refused with a 400 NACK`, exchange: () => refused(name) })),
  { id: "NEG-001", mutation: "no-context refused with a 401 NACK", exchange: () => refused("no-context", { response: nackResponse(401, { code: "10001" }) }) },
  {
    id: "NEG-001",
    mutation: "no-context refused with a 202 NACK (judged by its body)",
    exchange: () => refused("no-context", { response: nackResponse(202, { code: "30000" }) }),
  },
  {
    id: "NEG-002",
    mutation: "action-mismatch refused with a 200 NACK",
    exchange: () => refused("action-mismatch", { response: nackResponse(200, { code: "30000" }) }),
  },
  // NEG-001, 002, 006…008: an ACK followed only by error callbacks refuses too (core 1.1.0 Error "either during Ack or with the callback").
  ...(["no-context", "action-mismatch", "missing-order", "missing-order-id", "missing-update-target"] as const).map((name) => ({
    id: `NEG-00${MUST_NAMES.indexOf(name) + 1}`,
    mutation: `${name} ACKed, then refused by an error callback`,
    exchange: () => acked(name, fixtures.errorOnSelect),
  })),
  {
    id: "NEG-006",
    mutation: "missing-order NACKed; a transfer's unsolicited on_status on its exchange is not a reply",
    exchange: () => refused("missing-order", { callbacks: [signedCallback(messages.on_status, { matchedBy: "unsolicited" })] }),
  },
  // NEG-003…005: core 1.1.0 requires none of the three fields; an ACK is then owed a callback, any callback (Ack.status).
  {
    id: "NEG-003",
    mutation: "missing-transaction-id ACKed, then refused by an error callback",
    exchange: () => acked("missing-transaction-id", fixtures.errorOnSelect),
  },
  {
    id: "NEG-004",
    mutation: "missing-message-id ACKed, then refused by an error callback (strict)",
    exchange: () => acked("missing-message-id", fixtures.errorOnSelect),
    ctx: strict,
  },
  {
    id: "NEG-005",
    mutation: "missing-bap-uri refused with a 200 NACK",
    exchange: () => refused("missing-bap-uri", { response: nackResponse(200, { code: "30000" }) }),
  },
  {
    id: "NEG-003",
    mutation: "missing-transaction-id ACKed and answered with an on_select (core-1.1.0)",
    exchange: () => acked("missing-transaction-id", messages.on_select),
    ctx: core,
  },
  {
    id: "NEG-004",
    mutation: "missing-message-id ACKed and answered with an on_select (core-1.1.0)",
    exchange: () => acked("missing-message-id", messages.on_select),
    ctx: core,
  },
  {
    id: "NEG-005",
    mutation: "missing-bap-uri ACKed and answered with an error callback (core-1.1.0)",
    exchange: () => acked("missing-bap-uri", fixtures.errorOnSelect),
    ctx: core,
  },
  { id: "NEG-005", mutation: "missing-bap-uri refused with a 400 NACK (core-1.1.0)", exchange: () => refused("missing-bap-uri"), ctx: core },
  { id: "NEG-009", mutation: "a 400 NACK with error.code", exchange: () => refused("missing-order") },
  { id: "NEG-010", mutation: "a 400 NACK with error.paths", exchange: () => refused("missing-order") },
  { id: "NEG-012", mutation: "wrong-unit refused with a NACK", exchange: () => refused("wrong-unit") },
  {
    id: "NEG-012",
    mutation: "wrong-type-deep ACKed, then refused by an error callback",
    exchange: () => refused("wrong-type-deep", { response: ackResponse(), callbacks: [signedCallback(fixtures.errorOnSelect)] }),
  },
  { id: "NEG-013", mutation: "a repeat ACKed with the same order", exchange: () => duplicate(), ctx: scenario },
  { id: "NEG-013", mutation: "a repeat ACKed with no callback", exchange: () => duplicate({ callbacks: [] }), ctx: scenario },
  {
    id: "NEG-013",
    mutation: "a repeat NACKed with a code",
    exchange: () => duplicate({ response: nackResponse(409, { code: "30000" }), callbacks: [] }),
    ctx: scenario,
  },
  { id: "NEG-014", mutation: "stale-request refused with a 400 NACK", exchange: () => refused("stale-request") },
  { id: "NEG-014", mutation: "stale-request ACKed, then refused by an error callback", exchange: () => acked("stale-request", fixtures.errorOnSelect) },
  {
    id: "NEG-015",
    mutation: "other-bpp-id refused with a 403 NACK",
    exchange: () => refused("other-bpp-id", { response: nackResponse(403, { code: "30000" }) }),
  },
  { id: "NEG-015", mutation: "other-bpp-id ACKed, then refused by an error callback", exchange: () => acked("other-bpp-id", fixtures.errorOnSelect) },
];

const FAILING: readonly Row[] = [
  {
    id: "NEG-001",
    mutation: "no-context gets an HTML 400 page",
    exchange: () => refused("no-context", { response: rawResponse(400, "<h1>Bad request</h1>") }),
  },
  { id: "NEG-002", mutation: "action-mismatch is ACKed", exchange: () => refused("action-mismatch", { response: ackResponse() }) },
  {
    id: "NEG-003",
    mutation: "missing-transaction-id gets a 422 HTML page",
    exchange: () => refused("missing-transaction-id", { response: rawResponse(422, "<h1>Unprocessable</h1>") }),
  },
  {
    id: "NEG-004",
    mutation: "missing-message-id gets a NACK and then an on_select",
    exchange: () => refused("missing-message-id", { callbacks: [signedCallback(messages.on_select)] }),
  },
  {
    id: "NEG-005",
    mutation: "missing-bap-uri gets no answer before the deadline",
    exchange: () => refused("missing-bap-uri", { response: timeoutResponse() }),
  },
  {
    id: "NEG-003",
    mutation: "missing-transaction-id ACKed and answered with an on_select (the P2P profile requires the field)",
    exchange: () => acked("missing-transaction-id", messages.on_select),
  },
  {
    id: "NEG-005",
    mutation: "missing-bap-uri ACKed and answered with an on_select under strict",
    exchange: () => acked("missing-bap-uri", messages.on_select),
    ctx: strict,
  },
  {
    id: "NEG-004",
    mutation: "missing-message-id ACKed, then an error callback and an on_select",
    exchange: () => acked("missing-message-id", fixtures.errorOnSelect, messages.on_select),
  },
  { id: "NEG-005", mutation: "missing-bap-uri ACKed, then silence (every profile: Ack.status)", exchange: () => acked("missing-bap-uri") },
  { id: "NEG-005", mutation: "missing-bap-uri ACKed, then silence under core-1.1.0", exchange: () => acked("missing-bap-uri"), ctx: core },
  { id: "NEG-003", mutation: "missing-transaction-id ACKed, then silence under core-1.1.0", exchange: () => acked("missing-transaction-id"), ctx: core },
  {
    id: "NEG-004",
    mutation: "missing-message-id gets a NACK and then an on_select under core-1.1.0",
    exchange: () => refused("missing-message-id", { callbacks: [signedCallback(messages.on_select)] }),
    ctx: core,
  },
  {
    id: "NEG-003",
    mutation: "missing-transaction-id gets a 400 HTML page under core-1.1.0",
    exchange: () => refused("missing-transaction-id", { response: rawResponse(400, "<h1>Bad</h1>") }),
    ctx: core,
  },
  { id: "NEG-006", mutation: "missing-order is ACKed", exchange: () => refused("missing-order", { response: ackResponse() }) },
  {
    id: "NEG-007",
    mutation: "missing-order-id gets a 400 with an empty body",
    exchange: () => refused("missing-order-id", { response: rawResponse(400, "") }),
  },
  {
    id: "NEG-008",
    mutation: "missing-update-target is ACKed with 202",
    exchange: () => refused("missing-update-target", { response: ackResponse({ status: 202 }) }),
  },
  { id: "NEG-006", mutation: "missing-order ACKed and answered with an on_select", exchange: () => acked("missing-order", messages.on_select) },
  {
    id: "NEG-007",
    mutation: "missing-order-id ACKed, then an error callback and an on_status",
    exchange: () => acked("missing-order-id", fixtures.errorOnSelect, messages.on_status),
  },
  { id: "NEG-001", mutation: "no-context ACKed, then silence", exchange: () => acked("no-context") },
  {
    id: "NEG-008",
    mutation: "missing-update-target NACKed, then an error callback",
    exchange: () => refused("missing-update-target", { callbacks: [signedCallback(fixtures.errorOnSelect)] }),
  },
  { id: "NEG-009", mutation: "the 400 NACK carries no error", exchange: () => refused("missing-order", { response: nackResponse(400) }) },
  { id: "NEG-009", mutation: "a 202 NACK without error.code", exchange: () => refused("no-context", { response: nackResponse(202, undefined) }) },
  {
    id: "NEG-010",
    mutation: "the 400 NACK's error has a code but no paths",
    exchange: () => refused("missing-order", { response: nackResponse(400, { code: "30000" }) }),
  },
  {
    id: "NEG-012",
    mutation: "wrong-unit is ACKed with an on_select",
    exchange: () => refused("wrong-unit", { response: ackResponse(), callbacks: [signedCallback(messages.on_select)] }),
  },
  {
    id: "NEG-013",
    mutation: "the repeat gets a NACK without a code",
    exchange: () => duplicate({ response: nackResponse(409), callbacks: [] }),
    ctx: scenario,
  },
  {
    id: "NEG-013",
    mutation: "the repeat gets two on_confirm",
    exchange: () => duplicate({ callbacks: [signedCallback(fixtures.onConfirm), signedCallback(fixtures.onConfirm)] }),
    ctx: scenario,
  },
  {
    id: "NEG-013",
    mutation: "the repeat's on_confirm carries a second order id",
    exchange: () => duplicate({ callbacks: [signedCallback(fixtures.secondOrder)] }),
    ctx: scenario,
  },
  { id: "NEG-014", mutation: "stale-request ACKed and answered with an on_select", exchange: () => acked("stale-request", messages.on_select) },
  { id: "NEG-014", mutation: "stale-request ACKed, then silence", exchange: () => acked("stale-request") },
  { id: "NEG-015", mutation: "other-bpp-id ACKed and answered with an on_select", exchange: () => acked("other-bpp-id", messages.on_select) },
  {
    id: "NEG-015",
    mutation: "other-bpp-id NACKed, then answered with an on_select",
    exchange: () => refused("other-bpp-id", { callbacks: [signedCallback(messages.on_select)] }),
  },
];

const checkOf = checkById(NEGATIVE_CHECKS);

checkMutationTables("NEG", NEGATIVE_CHECKS, PASSING, FAILING);

test.for(NEGATIVES)("the $name negative on $action is judged by exactly one of NEG-001..NEG-008, NEG-012, NEG-014, NEG-015", ({ name, action, severity }) => {
  const exchange = probeExchange(negative(name, severity), action, { response: ackResponse() });
  const applied = NEGATIVE_CHECKS.filter((check) => check.appliesTo(exchange) && check.id !== "NEG-013").map((check) => check.id);
  expect(applied).toHaveLength(1);
});

test("NEG-009 judges every NACK, probe or not, whatever its status but 401; NEG-010 only a negative's", () => {
  const applying = (exchange: Exchange): string[] => NEGATIVE_CHECKS.filter((check) => check.appliesTo(exchange)).map((check) => check.id);
  expect({
    business400: applying(flowExchange("select", { response: nackResponse(400, { code: "30001" }) })),
    business200: applying(flowExchange("select", { response: nackResponse(200, { code: "30001" }) })),
    signature401: applying(flowExchange("select", { response: nackResponse(401, undefined) })),
    negative202: applying(refused("missing-order", { response: nackResponse(202, { code: "30000" }) })),
  }).toEqual({ business400: ["NEG-009"], business200: ["NEG-009"], signature401: [], negative202: ["NEG-006", "NEG-009", "NEG-010"] });
});

test("NEG-010 skips the refusal of a schema-valid negative (stale, misaddressed): error.paths is for schema errors", () => {
  const exchanges = ["stale-request", "other-bpp-id"].map((name) => refused(name, { response: nackResponse(400, { code: "30000" }) }));
  expect(exchanges.map((exchange) => checkOf("NEG-010").appliesTo(exchange))).toEqual([false, false]);
});

test("NEG-010 skips a 400 for a body that did not parse", () => {
  const exchange = flowExchange("select", { response: nackResponse(400, { code: "30000" }), rawBody: "{not json" });
  expect(checkOf("NEG-010").appliesTo({ ...exchange, request: { ...exchange.request, body: undefined } })).toBe(false);
});

test("NEG-013 ignores a transfer's unsolicited on_status on the repeat", async () => {
  const onStatus = signedCallback(messages.on_status, { matchedBy: "unsolicited" });
  await expect(findingsOf(checkOf("NEG-013"), duplicate({ callbacks: [signedCallback(fixtures.onConfirm), onStatus] }), scenario())).resolves.toEqual([]);
});

test("NEG-003…005 name what is owed: a callback after an ACK in every profile, the refusal only in the P2P profiles", async () => {
  const messagesFor = async (exchange: Exchange, ctx: CheckContext): Promise<string[]> =>
    (await findingsOf(checkOf("NEG-005"), exchange, ctx)).map((f) => f.message.split(";")[0] ?? "");
  expect({
    silenceCore: await messagesFor(acked("missing-bap-uri"), core()),
    processedDefault: await messagesFor(acked("missing-bap-uri", messages.on_select), checkContext()),
    processedCore: await messagesFor(acked("missing-bap-uri", messages.on_select), core()),
  }).toEqual({
    silenceCore: ["The request was ACKed and no callback followed"],
    processedDefault: ["The request without context.bap_uri was processed like a valid one"],
    processedCore: [],
  });
});

test("NEG-001…002 and NEG-006…008 name how the refusal failed", async () => {
  const said = async (exchange: Exchange): Promise<string[]> =>
    (await findingsOf(checkOf("NEG-006"), exchange, checkContext())).map((f) => f.message.split(";")[0] ?? "");
  expect({
    silence: await said(acked("missing-order")),
    processed: await said(acked("missing-order", messages.on_select)),
    nackThenCalled: await said(refused("missing-order", { callbacks: [signedCallback(fixtures.errorOnSelect)] })),
    noAnswer: await said(refused("missing-order", { response: timeoutResponse() })),
    uncodedNack: await said(refused("missing-order", { response: nackResponse(400) })),
  }).toEqual({
    silence: ["A request with a broken body was ACKed and no callback followed"],
    processed: ["A request with a broken body was ACKed and answered with a callback that is not an error (it carries a message, or no error)"],
    nackThenCalled: ["A request with a broken body got a NACK and then a callback"],
    noAnswer: ["A request with a broken body got no HTTP answer"],
    uncodedNack: [],
  });
});

test("NEG checks judge hostile answers without throwing", async () => {
  expect(await runOnHostile(NEGATIVE_CHECKS)).toBeGreaterThan(0);
});
