import { expect, test } from "vitest";
import { checkById, checkMutationTables, type MutationRow } from "../../../core/testing/case-table.js";
import type { CheckContext, Exchange, ReceivedCallback } from "../../../core/check.js";
import { TIMING_CHECKS } from "./timing.js";
import { judge } from "../../../core/judge.js";
import {
  ackResponse,
  checkContext,
  findingsOf,
  flowExchange,
  messagesOf,
  nackResponse,
  NOW,
  runOnHostile,
  signedCallback,
  timeoutResponse,
} from "../../../core/testing/signed-exchange.js";

const messages = messagesOf();
/** The status request goes out 1 s after the confirm; its on_confirm arrived 200 ms after the confirm. */
const STATUS_SENT_AT = NOW + 1000;

const fixtures = {
  onSelectAt: (atMs: number): ReceivedCallback => signedCallback(messages.on_select, { atMs }),
  unsolicited: (body: unknown = messages.on_status): ReceivedCallback => signedCallback(body, { sentAt: STATUS_SENT_AT, atMs: 500, matchedBy: "unsolicited" }),
};

/** A status exchange answered by its on_status, plus the unsolicited callbacks given. */
function statusWith(unsolicited: readonly ReceivedCallback[]): Exchange {
  const reply = signedCallback(messages.on_status, { sentAt: STATUS_SENT_AT });
  return flowExchange("status", { sentAt: STATUS_SENT_AT, callbacks: [reply, ...unsolicited] });
}

/** The scenario so far: a confirm whose on_confirm carried the order id. */
const confirmed = (): CheckContext => checkContext({ scenarioExchanges: [flowExchange("confirm", { id: "confirm" })] });
/** A confirm ACKed at once whose on_confirm came 3 s later, after the unsolicited on_status. */
const overtaken = (): CheckContext =>
  checkContext({ scenarioExchanges: [flowExchange("confirm", { id: "confirm", callbacks: [signedCallback(messages.on_confirm, { atMs: 3000 })] })] });
/** A confirm refused by its on_confirm: an error and no order. */
const refused = (): CheckContext =>
  checkContext({
    scenarioExchanges: [
      flowExchange("confirm", { id: "confirm", callbacks: [signedCallback({ context: { ...messages.on_confirm.context }, error: { code: "40002" } })] }),
    ],
  });

type Row = MutationRow;

const PASSING: readonly Row[] = [
  ...["TIM-001", "TIM-002", "TIM-003", "TIM-006"].map((id) => ({
    id,
    mutation: "an ACK in 40 ms and its on_select at 200 ms",
    exchange: () => flowExchange("select"),
  })),
  {
    id: "TIM-001",
    mutation: "an ACK whose headers arrive at exactly 3 s",
    exchange: () => flowExchange("select", { response: ackResponse({ headersMs: 3000 }) }),
  },
  { id: "TIM-002", mutation: "an on_select just within the ttl", exchange: () => flowExchange("select", { callbacks: [fixtures.onSelectAt(9_900)] }) },
  {
    id: "TIM-002",
    mutation: "an on_select posted to /on_search (CTX-017's finding, not a missing on_select)",
    exchange: () => flowExchange("select", { callbacks: [{ ...fixtures.onSelectAt(200), action: "on_search" }] }),
  },
  {
    id: "TIM-003",
    mutation: "an on_select 40 ms before the ACK's headers, within the tolerance",
    exchange: () => flowExchange("select", { response: ackResponse({ headersMs: 80 }), callbacks: [fixtures.onSelectAt(40)] }),
  },
  { id: "TIM-004", mutation: "an unsolicited on_status after the order was confirmed", exchange: () => statusWith([fixtures.unsolicited()]), ctx: confirmed },
  {
    id: "TIM-004",
    mutation: "an unsolicited on_update after the order was confirmed",
    exchange: () => statusWith([fixtures.unsolicited(messages.on_update)]),
    ctx: confirmed,
  },
  { id: "TIM-004", mutation: "an unsolicited on_status that overtakes its on_confirm", exchange: () => statusWith([fixtures.unsolicited()]), ctx: overtaken },
  {
    id: "TIM-005",
    mutation: "two unsolicited callbacks with --max-unsolicited 2",
    exchange: () => statusWith([fixtures.unsolicited(), fixtures.unsolicited()]),
    ctx: () => checkContext({ maxUnsolicited: 2 }),
  },
];

const FAILING: readonly Row[] = [
  { id: "TIM-001", mutation: "the ACK's headers arrive after 3.5 s", exchange: () => flowExchange("select", { response: ackResponse({ headersMs: 3500 }) }) },
  { id: "TIM-001", mutation: "no answer arrives before the deadline", exchange: () => flowExchange("select", { response: timeoutResponse() }) },
  { id: "TIM-002", mutation: "no on_select arrives", exchange: () => flowExchange("select", { callbacks: [] }) },
  {
    id: "TIM-002",
    mutation: "the on_select arrives 16 s after the request (ttl PT10S)",
    exchange: () => flowExchange("select", { callbacks: [fixtures.onSelectAt(16_000)] }),
  },
  { id: "TIM-002", mutation: "only an unsolicited on_status arrives", exchange: () => flowExchange("select", { callbacks: [fixtures.unsolicited()] }) },
  {
    id: "TIM-003",
    mutation: "the on_select arrives at 10 ms, the ACK's headers at 200 ms",
    exchange: () => flowExchange("select", { response: ackResponse({ headersMs: 200 }), callbacks: [fixtures.onSelectAt(10)] }),
  },
  {
    id: "TIM-004",
    mutation: "an unsolicited on_select arrives before any confirm",
    exchange: () => flowExchange("select", { callbacks: [fixtures.unsolicited(messages.on_select)] }),
  },
  {
    id: "TIM-004",
    mutation: "an unsolicited on_status after a confirm refused with 40002",
    exchange: () => statusWith([fixtures.unsolicited()]),
    ctx: refused,
  },
  { id: "TIM-004", mutation: "an unsolicited on_status arrives with no confirmed order", exchange: () => statusWith([fixtures.unsolicited()]) },
  {
    id: "TIM-005",
    mutation: "three unsolicited callbacks with --max-unsolicited 2",
    exchange: () => statusWith([fixtures.unsolicited(), fixtures.unsolicited(), fixtures.unsolicited()]),
    ctx: () => checkContext({ maxUnsolicited: 2 }),
  },
  {
    id: "TIM-006",
    mutation: "a select answered by two on_select",
    exchange: () => flowExchange("select", { callbacks: [fixtures.onSelectAt(200), fixtures.onSelectAt(300)] }),
  },
];

const checkOf = checkById(TIMING_CHECKS);

checkMutationTables("TIM", TIMING_CHECKS, PASSING, FAILING);

test("TIM-002 names the missing callback", async () => {
  const [finding] = await findingsOf(checkOf("TIM-002"), flowExchange("select", { callbacks: [] }));
  expect(finding?.message).toMatch(/^No on_select arrived within the ttl;/);
});

test("TIM-002 expects no callback after a NACK, and finds one that came", async () => {
  const nack = nackResponse(202, { code: "30001" });
  await expect(findingsOf(checkOf("TIM-002"), flowExchange("select", { response: nack, callbacks: [] }))).resolves.toEqual([]);
  const [finding] = await findingsOf(checkOf("TIM-002"), flowExchange("select", { response: nack, callbacks: [fixtures.onSelectAt(200)] }));
  expect(finding?.message).toMatch(/^The request was NACKed, yet an on_select followed/);
});

test("TIM-006 skips a search, which many BPPs answer", () => {
  const exchange = flowExchange("search", { callbacks: [signedCallback(messages.on_search), signedCallback(messages.on_search)] });
  expect(checkOf("TIM-006").appliesTo(exchange)).toBe(false);
});

test("TIM-001 skips a connection that was refused", () => {
  const refused = { kind: "failure", failure: "refused", detail: "ECONNREFUSED", connected: false, ms: 1 } as const;
  expect(checkOf("TIM-001").appliesTo(flowExchange("select", { response: refused }))).toBe(false);
});

test("TIM checks judge hostile exchanges without throwing", async () => {
  expect(await runOnHostile(TIMING_CHECKS)).toBeGreaterThan(0);
});

test("TIM-003 compares two wall-clock times: the ACK's headersAt and the callback's receivedAt", async () => {
  // headersMs (monotonic) would say 200 ms, yet on the wall clock the ACK came 5 ms after sending.
  const response = { ...ackResponse({ headersMs: 200 }), headersAt: NOW + 5 };
  await expect(findingsOf(checkOf("TIM-003"), flowExchange("select", { response, callbacks: [fixtures.onSelectAt(10)] }))).resolves.toEqual([]);
  const late = { ...ackResponse({ headersMs: 5 }), headersAt: NOW + 300 };
  await expect(findingsOf(checkOf("TIM-003"), flowExchange("select", { response: late, callbacks: [fixtures.onSelectAt(10)] }))).resolves.toHaveLength(1);
});

test("TIM-003 is advisory: a warning even under p2p-trade-strict", async () => {
  const exchange = flowExchange("select", { response: ackResponse({ headersMs: 200 }), callbacks: [fixtures.onSelectAt(10)] });
  const context = checkContext();
  const [strict] = await judge([checkOf("TIM-003")], [exchange], { strict: true, context });
  const [tim006] = await judge([checkOf("TIM-006")], [flowExchange("select", { callbacks: [fixtures.onSelectAt(200), fixtures.onSelectAt(300)] })], {
    strict: true,
    context,
  });
  expect({ tim003: strict?.status, tim006: tim006?.status }).toEqual({ tim003: "warn", tim006: "fail" });
});

test("TIM-002 is not exercised on a request whose callback --max-time did not let the harness await, unless one came or the SUT NACKed", async () => {
  const cut = "the run reached --max-time before this request's callback was due";
  const { scenarioExchanges: _unused, ...context } = checkContext();
  const unanswered = { ...flowExchange("select", { callbacks: [] }), cutShort: cut };
  const [skipped] = await judge([checkById(TIMING_CHECKS)("TIM-002")], [unanswered], { strict: true, context });
  expect([skipped?.status, skipped?.findings[0]?.message]).toEqual(["skip", `Not exercised: ${cut}`]);
  const tim002 = checkById(TIMING_CHECKS)("TIM-002");
  expect(tim002.notExercised?.({ ...flowExchange("select"), cutShort: cut })).toBeUndefined();
  expect(tim002.notExercised?.({ ...flowExchange("select", { callbacks: [], response: nackResponse(200) }), cutShort: cut })).toBeUndefined();
  expect(tim002.notExercised?.(flowExchange("select", { callbacks: [] }))).toBeUndefined();
});
