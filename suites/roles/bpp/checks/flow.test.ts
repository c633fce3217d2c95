import { expect, test } from "vitest";
import { checkCaseTables, type CheckCase } from "../../../core/testing/case-table.js";
import { ERROR } from "../../../../protocol/ack.js";
import type { Check, CheckContext, Exchange } from "../../../core/check.js";
import { FLOW_CHECKS } from "./flow.js";
import { nackBody } from "../../../../protocol/ack.js";
import {
  answer,
  checkContext,
  cleanScenario,
  COMPLETED,
  errorCallback,
  hostileCases,
  runAll,
  set,
  stepExchange,
  transaction,
  transferExchange,
  UNDER_WAY,
  type Mutation,
  type Progress,
  type RequestStep,
} from "../../../core/testing/exchange.js";

type Case = CheckCase;

const core = transaction("core");
const guide = transaction("guide", 11);
const OTHER_ORDER = "ord-someone-else";

/** One named change per failing case. */
const mutations = {
  noOrderId: set(["message", "order", "id"], undefined),
  otherOrderId: set(["message", "order", "id"], OTHER_ORDER),
  oldEndMeter: set(["message", "order", "fulfillments", 0, "stops", 0, "location", "address"], core.endMeter),
  noState: set(["message", "order"], { id: core.orderId }),
  orderIdAsked: set(["message", "order_id"], OTHER_ORDER),
} satisfies Record<string, Mutation>;

const PENDING: Progress = { status: "ACTIVE", fulfillment: { code: "Pending", name: "Waiting for the window" } };

/**
 * A transfer whose unsolicited callbacks state these orders (one per callback, replacing the
 * built order's `status` and fulfillment state), with an optional ordered window.
 */
function transferStating(orders: readonly { status?: string; code?: string; descriptorStatus?: string }[], transfer?: Exchange["transfer"]): Exchange {
  const exchange = transferExchange(
    core,
    "core",
    orders.map(() => UNDER_WAY),
  );
  exchange.callbacks
    .filter((c) => c.matchedBy === "unsolicited")
    .forEach((callback, i) => {
      const order = (callback.body as { message: { order: Record<string, unknown> & { fulfillments: { state: { descriptor: Record<string, unknown> } }[] } } })
        .message.order;
      const wanted = orders[i] ?? {};
      delete order["status"];
      Object.assign(order, wanted.status === undefined ? {} : { status: wanted.status });
      const descriptor: Record<string, unknown> = { name: "Energy transfer" };
      Object.assign(
        descriptor,
        wanted.code === undefined ? {} : { code: wanted.code },
        wanted.descriptorStatus === undefined ? {} : { status: wanted.descriptorStatus },
      );
      for (const fulfillment of order.fulfillments) {
        fulfillment.state = { descriptor };
      }
    });
  return transfer ? { ...exchange, transfer } : exchange;
}

const LAYER2 = [{ code: "ORDER_PROCESSING" }, { code: "ORDER_PARTIALLY_FULFILLED" }, { code: "ORDER_FULFILLED" }];
const DESCRIPTOR_STATUS = [{ descriptorStatus: "ORDER_PLACED" }, { descriptorStatus: "ORDER_PARTIALLY_FULFILLED" }, { descriptorStatus: "ORDER_FULFILLED" }];
const PAST_WINDOW = { start: "2000-01-01T00:00:00Z", end: "2000-01-01T00:00:10Z" };

/** The scenario so far: the confirm whose on_confirm gave the order its id. */
const confirmed = (t = core): CheckContext => checkContext({ scenarioExchanges: [stepExchange(t, "confirm")] });

/** A request the SUT must refuse: its on_<action> carries `error` (with `code`) and no message. */
function refused(action: RequestStep, code: string | undefined, answerCode = code ?? ERROR.invalidRequest): Exchange {
  return stepExchange(core, action, {
    expectation: "error-callback",
    ...(code === undefined ? {} : { expectedErrorCode: code }),
    callbackBody: errorCallback(core, action, answerCode),
  });
}

const ERROR_CHECKS = [
  { id: "FLW-006", code: ERROR.providerNotFound, action: "select" },
  { id: "FLW-007", code: ERROR.itemNotFound, action: "select" },
  { id: "FLW-008", code: ERROR.orderNotFound, action: "status" },
  { id: "FLW-009", code: ERROR.invalidUpdateTarget, action: "update" },
  { id: "FLW-010", code: ERROR.quantityUnavailable, action: "init" },
] as const;

/** The update beyond its target (fulfillments and a quantity): 30013 expected, or its target applied alone. */
const beyond = (opts: Parameters<typeof stepExchange>[2] = {}): Exchange =>
  stepExchange(core, "update", { step: "update-beyond-target", expectation: "error-callback", expectedErrorCode: ERROR.updateInconsistent, ...opts });
const ITEM_ID = core.messages.confirm.message.order.items?.[0]?.id ?? "";
const showing = (kwh: string): Mutation =>
  set(["message", "order", "items"], [{ id: ITEM_ID, quantity: { selected: { measure: { value: kwh, unit: "kWH" } } } }]);
const MORE = String(Number(core.quantityKwh) + 1);
/** The scenario: the confirm, and a status after the update whose on_status shows these items. */
const confirmedThenStatus = (mutation: Mutation): CheckContext =>
  checkContext({
    scenarioExchanges: [
      stepExchange(core, "confirm"),
      { ...stepExchange(core, "status", { callback: mutation }), request: { ...stepExchange(core, "status").request, sentAt: Date.now() + 60_000 } },
    ],
  });

const passing: Case[] = [
  { id: "FLW-001", case: "an on_confirm with an order id", exchange: stepExchange(core, "confirm") },
  { id: "FLW-002", case: "an on_status about the confirmed order", exchange: stepExchange(core, "status"), ctx: confirmed() },
  { id: "FLW-002", case: "an on_update about the confirmed order", exchange: stepExchange(guide, "update"), ctx: confirmed(guide) },
  { id: "FLW-002", case: "an on_cancel about the confirmed order", exchange: stepExchange(core, "cancel"), ctx: confirmed() },
  { id: "FLW-002", case: "the transfer's unsolicited on_status", exchange: transferExchange(core, "core"), ctx: confirmed() },
  { id: "FLW-003", case: "an on_update showing the new end meter", exchange: stepExchange(core, "update") },
  { id: "FLW-003", case: "a guide-shaped on_update showing the new end meter", exchange: stepExchange(guide, "update") },
  { id: "FLW-004", case: "a transfer under way, then completed", exchange: transferExchange(core, "core") },
  { id: "FLW-004", case: "a guide-shaped transfer that goes straight to completed", exchange: transferExchange(guide, "guide", [COMPLETED]) },
  {
    id: "FLW-004",
    case: "a transfer pending, under way, completed and completed again",
    exchange: transferExchange(core, "core", [PENDING, UNDER_WAY, COMPLETED, COMPLETED]),
  },
  { id: "FLW-004", case: "the layer-2 states ORDER_PROCESSING → ORDER_PARTIALLY_FULFILLED → ORDER_FULFILLED", exchange: transferStating(LAYER2) },
  { id: "FLW-004", case: "states in state.descriptor.status (the refined guide)", exchange: transferStating(DESCRIPTOR_STATUS) },
  {
    id: "FLW-004",
    case: "order.status ACTIVE then the layer-2's COMPLETED (default profile)",
    exchange: transferStating([{ status: "ACTIVE" }, { status: "COMPLETED" }]),
  },
  {
    id: "FLW-004",
    case: "order.status core's COMPLETE under core-1.1.0",
    exchange: transferStating([{ status: "ACTIVE" }, { status: "COMPLETE" }]),
    ctx: checkContext({ profile: "core-1.1.0" }),
  },
  { id: "FLW-005", case: "an error callback to a step out of order", exchange: refused("confirm", undefined) },
  ...ERROR_CHECKS.map(({ id, code, action }) => ({ id, case: `an error callback with ${code}`, exchange: refused(action, code) })),
  { id: "FLW-011", case: "an on_status with the order's state", exchange: stepExchange(core, "status"), ctx: confirmed() },
  { id: "FLW-011", case: "a guide-shaped on_status with order.state", exchange: stepExchange(guide, "status"), ctx: confirmed(guide) },
  {
    id: "FLW-012",
    case: "an update beyond its target refused by an error callback with 30013",
    exchange: beyond({ callbackBody: errorCallback(core, "update", ERROR.updateInconsistent) }),
    ctx: confirmed(),
  },
  { id: "FLW-012", case: "an update beyond its target applied to its target alone (on_update without items)", exchange: beyond(), ctx: confirmed() },
  {
    id: "FLW-012",
    case: "an update beyond its target applied to its target alone (on_update with the confirmed quantity)",
    exchange: beyond({ callback: showing(core.quantityKwh) }),
    ctx: confirmed(),
  },
  {
    id: "FLW-012",
    case: "an update beyond its target refused by a NACK with 30013",
    exchange: beyond({ response: answer(400, nackBody({ code: ERROR.updateInconsistent })), silent: true }),
    ctx: confirmed(),
  },
];

const failing: Case[] = [
  { id: "FLW-001", case: "an on_confirm without an order id", exchange: stepExchange(core, "confirm", { callback: mutations.noOrderId }) },
  {
    id: "FLW-002",
    case: "an on_update that changes the order id",
    exchange: stepExchange(core, "update", { callback: mutations.otherOrderId }),
    ctx: confirmed(),
  },
  {
    id: "FLW-003",
    case: "an on_update still showing the old end meter",
    exchange: stepExchange(core, "update", { callback: mutations.oldEndMeter }),
    ctx: confirmed(),
  },
  {
    id: "FLW-003",
    case: "an update refused with an error other than 50002 (update not possible)",
    exchange: stepExchange(core, "update", { callbackBody: errorCallback(core, "update", ERROR.invalidRequest) }),
    ctx: confirmed(),
  },
  { id: "FLW-004", case: "a transfer that never completes", exchange: transferExchange(core, "core", [PENDING, UNDER_WAY]), ctx: confirmed() },
  {
    id: "FLW-004",
    case: "a transfer that goes back after completing",
    exchange: transferExchange(core, "core", [UNDER_WAY, COMPLETED, UNDER_WAY]),
    ctx: confirmed(),
  },
  { id: "FLW-004", case: "a transfer without any unsolicited on_status", exchange: transferExchange(core, "core", []), ctx: confirmed() },
  { id: "FLW-004", case: "ORDER_FULFILLED, then back to ORDER_PARTIALLY_FULFILLED", exchange: transferStating([LAYER2[2] ?? {}, LAYER2[1] ?? {}]) },
  {
    id: "FLW-004",
    case: "the layer-2's order.status COMPLETED under core-1.1.0, whose enum lacks it",
    exchange: transferStating([{ status: "ACTIVE" }, { status: "COMPLETED" }]),
    ctx: checkContext({ profile: "core-1.1.0" }),
  },
  { id: "FLW-004", case: "completion long after the ordered window ended", exchange: transferStating(LAYER2, { window: PAST_WINDOW }) },
  { id: "FLW-005", case: "an order given for a step out of order", exchange: stepExchange(core, "confirm", { expectation: "error-callback" }) },
  ...ERROR_CHECKS.map(({ id, code, action }) => ({
    id,
    case: `an error callback with 30000 instead of ${code}`,
    exchange: refused(action, code, ERROR.invalidRequest),
  })),
  { id: "FLW-011", case: "an on_status without any state", exchange: stepExchange(core, "status", { callback: mutations.noState }), ctx: confirmed() },
  { id: "FLW-011", case: "an on_status about another order than asked", exchange: stepExchange(core, "status", { request: mutations.orderIdAsked }) },
  {
    id: "FLW-012",
    case: "an update beyond its target applied whole: on_update shows the new quantity",
    exchange: beyond({ callback: showing(MORE) }),
    ctx: confirmed(),
  },
  {
    id: "FLW-012",
    case: "an update beyond its target refused with 30012 instead of 30013",
    exchange: beyond({ callbackBody: errorCallback(core, "update", ERROR.invalidUpdateTarget) }),
    ctx: confirmed(),
  },
  { id: "FLW-012", case: "an update beyond its target whose change a later on_status shows", exchange: beyond(), ctx: confirmedThenStatus(showing(MORE)) },
];

const skipped: Case[] = [
  { id: "FLW-001", case: "an error callback expected to a confirm", exchange: refused("confirm", undefined) },
  { id: "FLW-002", case: "an error callback to a status", exchange: refused("status", ERROR.orderNotFound) },
  {
    id: "FLW-003",
    case: "an update that names no end meter",
    exchange: stepExchange(core, "update", { request: set(["message", "order", "fulfillments"], undefined) }),
  },
  {
    id: "FLW-003",
    case: "an update refused with core's 50002, update not possible (an order already completed)",
    exchange: stepExchange(core, "update", { callbackBody: errorCallback(core, "update", ERROR.updateNotPossible) }),
  },
  { id: "FLW-004", case: "an exchange that is not the transfer", exchange: stepExchange(core, "confirm") },
  { id: "FLW-005", case: "an error callback with an expected code", exchange: refused("select", ERROR.itemNotFound) },
  ...ERROR_CHECKS.map(({ id, action }) => ({ id, case: "an exchange that expects another code", exchange: refused(action, ERROR.businessError) })),
  { id: "FLW-011", case: "an on_update", exchange: stepExchange(core, "update") },
  { id: "FLW-012", case: "an update within its target", exchange: stepExchange(core, "update") },
];

function check(id: string): Check {
  const found = FLOW_CHECKS.find((c) => c.id === id);
  if (!found) {
    throw new Error(`No check ${id}`);
  }
  return found;
}

checkCaseTables("FLW", FLOW_CHECKS, { passing, failing, skipped, findingPath: /^\$\.callbacks/ });

test("the transfer checks judge the exchange the driver marked as watched, whatever its step is named", () => {
  const { transfer: _mark, ...unmarked } = transferExchange(core, "core");
  const renamed = { ...transferExchange(core, "core"), step: "confirm-and-watch" };
  expect([renamed, unmarked].map((exchange) => check("FLW-004").appliesTo(exchange))).toEqual([true, false]);
});

test("FLW-004 names the state it went back to", async () => {
  const exchange = transferExchange(core, "core", [COMPLETED, UNDER_WAY, COMPLETED]);
  expect(await check("FLW-004").run(exchange, checkContext())).toEqual([
    {
      message: "An unsolicited callback must not move the order back to an earlier state.",
      path: "$.callbacks[1].body.message.order",
      expected: "completed",
      actual: { order: "ACTIVE", fulfillments: ["In-Progress"] },
    },
  ]);
});

test("FLW-004 is not exercised, neither passed nor failed, when the order's window cannot end within --transfer-timeout", () => {
  const exchange = transferStating([], { window: PAST_WINDOW, notExercised: "the window ends after --transfer-timeout" });
  expect(check("FLW-004").notExercised?.(exchange)).toBe("the window ends after --transfer-timeout");
  expect(check("FLW-004").notExercised?.(transferExchange(core, "core"))).toBeUndefined();
});

test("FLW-004 does not read an unsolicited on_update without a state as a step back", async () => {
  const exchange = transferStating([{ code: "ORDER_PROCESSING" }, { code: "ORDER_FULFILLED" }]);
  const [last] = exchange.callbacks.slice(-1);
  expect(last).toBeDefined();
  const stateless = { ...(last as Exchange["callbacks"][number]), action: "on_update", body: { context: {}, message: { order: { id: core.orderId } } } };
  expect(await check("FLW-004").run({ ...exchange, callbacks: [...exchange.callbacks, stateless] }, checkContext())).toEqual([]);
});

test("FLW-002 has nothing to compare before an order is confirmed", async () => {
  const exchange = stepExchange(core, "status", { callback: mutations.otherOrderId });
  expect(await check("FLW-002").run(exchange, checkContext())).toEqual([]);
});

test.for(["core", "guide"] as const)("a clean %s-shaped scenario passes every FLW check", async (shape) => {
  const t = shape === "core" ? core : guide;
  const exchanges = cleanScenario(t, shape);
  expect(await runAll(FLOW_CHECKS, exchanges, checkContext({ scenarioExchanges: exchanges }))).toEqual([]);
});

test.for(hostileCases(core))("no FLW check throws on $case", async ({ exchanges, ctx }) => {
  const findings = await runAll(FLOW_CHECKS, exchanges, ctx);
  expect(findings.every((finding) => typeof finding.message === "string" && finding.message !== "")).toBe(true);
});

/** An error step refused synchronously: a NACK with `code` (or none) and HTTP `status`, and no callback. */
function nacked(action: RequestStep, expected: string | undefined, code: string | undefined, status = 400): Exchange {
  const body = code === undefined ? { message: { ack: { status: "NACK" } } } : nackBody({ code, message: "refused" });
  return stepExchange(core, action, {
    expectation: "error-callback",
    ...(expected === undefined ? {} : { expectedErrorCode: expected }),
    response: answer(status, body),
    silent: true,
  });
}

test.for(ERROR_CHECKS)("$id reads the code of a synchronous NACK, whatever its HTTP status", async ({ id, code, action }) => {
  const findings = async (exchange: Exchange) => (await check(id).run(exchange, checkContext())).map((f) => f.path);
  expect({
    right200: await findings(nacked(action, code, code, 200)),
    right202: await findings(nacked(action, code, code, 202)),
    right400: await findings(nacked(action, code, code, 400)),
    other: await findings(nacked(action, code, ERROR.invalidRequest)),
    none: await findings(nacked(action, code, undefined)),
  }).toEqual({ right200: [], right202: [], right400: [], other: ["$.response.body.error.code"], none: ["$.response.body.error.code"] });
});

test("FLW-005 (a SHOULD: core sets no precondition for init) takes a coded NACK as the refusal, and finds one without a code", async () => {
  const flw005 = check("FLW-005");
  expect(flw005.severity).toBe("SHOULD");
  expect(flw005.appliesTo(nacked("init", undefined, ERROR.businessError))).toBe(true);
  expect(await flw005.run(nacked("init", undefined, ERROR.businessError), checkContext())).toEqual([]);
  expect(await flw005.run(nacked("init", undefined, undefined), checkContext())).toHaveLength(1);
});

test("FLW-012 fails a NACK of the update beyond its target with another code than 30013", async () => {
  const exchange = beyond({ response: answer(400, nackBody({ code: ERROR.invalidRequest })), silent: true });
  expect(await check("FLW-012").run(exchange, confirmed())).toEqual([
    expect.objectContaining({ path: "$.response.body.error.code", expected: "30013", actual: "30000" }),
  ]);
});
