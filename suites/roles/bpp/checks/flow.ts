import { ERROR, errorOf, isBusinessNack } from "../../../../protocol/ack.js";
import {
  asArray,
  asObject,
  endStops,
  fulfillmentStates,
  orderProgress,
  orderState,
  stopAddress,
  type OrderReading,
  type PathSegment,
} from "../../../../protocol/shapes.js";
import { toJsonPath } from "../../../../schemas/json-path.js";
import { defineCheck } from "../../../core/define-check.js";
import { FLW_012 } from "./flow-update.js";
import type { Check, CheckContext, Exchange, CheckFinding } from "../../../core/check.js";
import { finding } from "../../../core/finding.js";

/**
 * FLW: the order's life across the scenario: its id, its state, the energy transfer and the error
 * callbacks the SUT owes for requests it must refuse.
 */

type Json = Record<string, unknown>;

/** The confirm whose energy transfer the driver watched: its exchange holds the order's unsolicited on_status. */
export const watchesTransfer = (exchange: Exchange): boolean => exchange.transfer !== undefined;

const LATER_ACTIONS: ReadonlySet<string> = new Set(["status", "update", "cancel"]);

interface Body {
  readonly index: number;
  readonly body: unknown;
}

/** Solicited callbacks with a JSON body (a body that is not JSON is SCH-004's). */
function solicited(exchange: Exchange): Body[] {
  return exchange.callbacks.flatMap((callback, index) =>
    callback.body !== undefined && callback.matchedBy !== "unsolicited" ? [{ index, body: callback.body }] : [],
  );
}

const anySolicited = (exchange: Exchange): boolean => solicited(exchange).length > 0;

/**
 * An update refused as core 1.1.0 allows: every reply an error with 50002, "update not possible" (a policy, such as
 * an order that completed before the update came). There is no applied update to judge.
 */
const updateNotPossible = (exchange: Exchange): boolean => solicited(exchange).every(({ body }) => errorOf(body)?.code === ERROR.updateNotPossible);

/** The body of a synchronous NACK, which refuses an error step as well as an error callback does (docs/rules.md "ACK and NACK"). */
function nackOf(exchange: Exchange): unknown {
  const { response } = exchange;
  return response.kind === "response" && isBusinessNack(response.status, response.body) ? response.body : undefined;
}

/** What refused an error step: the NACK, or else each solicited callback; each with the JSONPath of its error. */
function refusals(exchange: Exchange): { readonly body: unknown; readonly errorPath: string; readonly orderPath?: string }[] {
  const nack = nackOf(exchange);
  if (nack !== undefined) {
    return [{ body: nack, errorPath: "$.response.body.error.code" }];
  }
  return solicited(exchange).map(({ index, body }) => ({ body, errorPath: pathOf(index, ["error", "code"]), orderPath: pathOf(index, ["message", "order"]) }));
}

const refused = (exchange: Exchange): boolean => refusals(exchange).length > 0;
const orderOf = (body: unknown): Json | undefined => asObject(asObject(asObject(body)?.["message"])?.["order"]);
const pathOf = (index: number, segments: readonly PathSegment[]): string => toJsonPath(["callbacks", index, "body", ...segments]);
const requestMessage = (exchange: Exchange): Json | undefined => asObject(asObject(exchange.request.body)?.["message"]);

function orderIdOf(body: unknown): string | undefined {
  const id = orderOf(body)?.["id"];
  return typeof id === "string" && id !== "" ? id : undefined;
}

/** The order id the scenario's on_confirm gave. */
function confirmedOrderId(exchange: Exchange, ctx: CheckContext): string | undefined {
  const exchanges = ctx.scenarioExchanges.includes(exchange) ? ctx.scenarioExchanges : [...ctx.scenarioExchanges, exchange];
  return exchanges
    .filter((e) => e.action === "confirm")
    .flatMap(solicited)
    .map(({ body }) => orderIdOf(body))
    .find((id) => id !== undefined);
}

function endMeters(order: unknown): string[] {
  return asArray(asObject(order)?.["fulfillments"]).flatMap((fulfillment) =>
    endStops(fulfillment).flatMap((stop) => {
      const address = stopAddress(stop.value)?.value;
      return typeof address === "string" ? [address] : [];
    }),
  );
}

function hasState(order: Json | undefined): boolean {
  const state = orderState(order)?.value;
  return (typeof state === "string" && state.trim() !== "") || fulfillmentStates(order).length > 0;
}

/** What an order's state reads as, for evidence. */
function stateOf(order: Json | undefined): unknown {
  return { order: orderState(order)?.value, fulfillments: fulfillmentStates(order) };
}

/** The profile's reading of `order.status`: core's enum alone under core-1.1.0, with the layer-2's values otherwise. */
export const orderReadingOf = (ctx: Pick<CheckContext, "profile">): OrderReading => ({ layer2: ctx.profile !== "core-1.1.0" });

/** Why the transfer of this exchange was not watched, when it was not (DESIGN "Timing"; docs/rules.md). */
export function transferNotExercised(exchange: Exchange): string | undefined {
  return exchange.transfer?.notExercised;
}

const FLW_001 = defineCheck({
  id: "FLW-001",
  title: "on_confirm carries an order id",
  severity: "MUST",
  ref: "core 1.1.0 Order.id; guide §on_confirm",
  fix: "Give the order an id when you confirm it and return it as `message.order.id` in on_confirm.",
  appliesTo: (exchange) => exchange.action === "confirm" && exchange.expectation === "callback" && anySolicited(exchange),
  run: (exchange) =>
    solicited(exchange)
      .filter(({ body }) => orderIdOf(body) === undefined)
      .map(({ index, body }) =>
        finding("on_confirm must give the confirmed order its id in `message.order.id`.", {
          path: pathOf(index, ["message", "order", "id"]),
          expected: "a non-empty order id",
          actual: orderOf(body)?.["id"],
        }),
      ),
});

const FLW_002 = defineCheck({
  id: "FLW-002",
  title: "The order id stays the one on_confirm gave",
  severity: "MUST",
  ref: "core 1.1.0 Order.id",
  fix: "Keep the id on_confirm gave in every later callback about that order; never mint a new one.",
  appliesTo: (exchange) =>
    ((LATER_ACTIONS.has(exchange.action) && exchange.expectation === "callback") || watchesTransfer(exchange)) &&
    exchange.callbacks.some((callback) => orderOf(callback.body) !== undefined),
  run: (exchange, ctx) => {
    const confirmed = confirmedOrderId(exchange, ctx);
    return exchange.callbacks.flatMap((callback, index): CheckFinding[] => {
      const order = orderOf(callback.body);
      return confirmed === undefined || order === undefined || order["id"] === confirmed
        ? []
        : [
            finding("`message.order.id` must stay the id on_confirm gave, in every later callback about the order.", {
              path: pathOf(index, ["message", "order", "id"]),
              expected: confirmed,
              actual: order["id"],
            }),
          ];
    });
  },
});

const FLW_003 = defineCheck({
  id: "FLW-003",
  title: "on_update shows the new end meter",
  severity: "MUST",
  ref: 'guide §update (update_target fulfillments); docs/rules.md "Answers, endpoints, content types, key ids and updates (issue 20, BPP)" (an update refused with 50002 is not judged)',
  fix: "Apply an update of fulfillments and return the new end meter in the on_update's fulfillment.",
  appliesTo: (exchange) =>
    exchange.action === "update" &&
    exchange.expectation === "callback" &&
    endMeters(requestMessage(exchange)?.["order"]).length > 0 &&
    anySolicited(exchange) &&
    !updateNotPossible(exchange),
  run: (exchange) => {
    const wanted = endMeters(requestMessage(exchange)?.["order"]);
    return solicited(exchange).flatMap(({ index, body }): CheckFinding[] => {
      const shown = endMeters(orderOf(body));
      return wanted.every((meter) => shown.includes(meter))
        ? []
        : [
            finding("on_update must show the new end meter in the order's end stop.", {
              path: pathOf(index, ["message", "order", "fulfillments"]),
              expected: wanted,
              actual: shown,
            }),
          ];
    });
  },
});

const FLW_004 = defineCheck({
  id: "FLW-004",
  title: "Unsolicited callbacks move the order forward and reach completion by the end of its window",
  severity: "MUST",
  ref: 'core 1.1.0 Fulfillment.state ("The BPP must set this value whenever the state of the order fulfillment changes and fire an unsolicited on_status call"); spec trade_1.1.0 fulfillment states; docs/rules.md "Energy transfer"',
  fix: "Send unsolicited on_status as the transfer moves forward (In-Progress, then Completed), reaching completion by the window's end; never go back.",
  appliesTo: watchesTransfer,
  notExercised: transferNotExercised,
  run: (exchange, ctx) => {
    const reading = orderReadingOf(ctx);
    // Only callbacks that state the order's progress: an on_update with the delivered quantity and no state says nothing of it.
    const updates = exchange.callbacks
      .map((callback, index) => ({ callback, index, order: orderOf(callback.body) }))
      .filter(({ callback, order }) => callback.matchedBy === "unsolicited" && hasState(order))
      .sort((a, b) => a.callback.receivedAt - b.callback.receivedAt);
    const findings: CheckFinding[] = [];
    let reached = 0;
    let completedAt: number | undefined;
    for (const { callback, index, order } of updates) {
      const progress = orderProgress(order, reading);
      if (progress < reached) {
        findings.push(
          finding("An unsolicited callback must not move the order back to an earlier state.", {
            path: pathOf(index, ["message", "order"]),
            expected: reached === 2 ? "completed" : "in progress or completed",
            actual: stateOf(order),
          }),
        );
      }
      if (progress === 2) {
        completedAt ??= callback.receivedAt;
      }
      reached = Math.max(reached, progress);
    }
    const windowEnd = exchange.transfer?.window ? Date.parse(exchange.transfer.window.end) : Number.NaN;
    if (reached < 2) {
      const last = updates.at(-1);
      findings.push(
        finding(
          `The energy transfer must reach a completed state in an unsolicited on_status (${reading.layer2 ? "order.status COMPLETE or COMPLETED" : "order.status COMPLETE"}, or a fulfillment state Completed or ORDER_FULFILLED).`,
          {
            path: last === undefined ? "$.callbacks" : pathOf(last.index, ["message", "order"]),
            expected: "a completed state by the end of the order's delivery window",
            actual: last === undefined ? "no unsolicited callback stating the order's state" : stateOf(last.order),
          },
        ),
      );
    } else if (completedAt !== undefined && completedAt > windowEnd + ctx.skewSeconds * 1000) {
      // Completion may arrive up to the allowed clock skew after the window ends (DESIGN "Timing").
      findings.push(
        finding("The energy transfer must complete by the end of the order's delivery window.", {
          path: "$.callbacks",
          expected: `completed by ${exchange.transfer?.window?.end ?? "the window's end"}`,
          actual: new Date(completedAt).toISOString(),
        }),
      );
    }
    return findings;
  },
});

const FLW_005 = defineCheck({
  id: "FLW-005",
  title: "An init without select gets an error, not an order",
  // Core sets no precondition for init ("Initialize an order by providing billing and/or shipping
  // details"), and the guide none either: refusing it is the P2P profile's policy, a SHOULD.
  severity: "SHOULD",
  ref: 'docs/rules.md "Contracts" (Init without select: a P2P profile policy; core 1.1.0 sets no precondition for init)',
  fix: "Refuse an init whose transaction had no select with an `error.code` (in a NACK or an error on_init) and create no order.",
  appliesTo: (exchange) => exchange.expectation === "error-callback" && exchange.expectedErrorCode === undefined && refused(exchange),
  run: (exchange) =>
    refusals(exchange).flatMap(({ body, errorPath, orderPath }): CheckFinding[] => [
      ...(errorOf(body) === undefined
        ? [
            finding("An init without select should be refused with `error.code`, in the NACK or in the on_init.", {
              path: errorPath,
              expected: "an error code",
              actual: asObject(body)?.["error"],
            }),
          ]
        : []),
      ...(orderOf(body) === undefined || orderPath === undefined
        ? []
        : [
            finding("An init without select should not get an order back in `message.order`.", {
              path: orderPath,
              expected: "no order",
              actual: orderOf(body)?.["id"],
            }),
          ]),
    ]),
});

/** An error step that must be refused with one BECKN-005 code: in a synchronous NACK or in the error callback. */
function errorCodeCheck(id: string, code: string, what: string, fix: string): Check {
  return defineCheck({
    id,
    title: `${what} gets error ${code}`,
    severity: "MUST",
    ref: `BECKN-005 ${code}; core 1.1.0 Error ("sent either during Ack or with the callback")`,
    fix,
    appliesTo: (exchange) => exchange.expectedErrorCode === code && refused(exchange),
    run: (exchange) =>
      refusals(exchange)
        .filter(({ body }) => errorOf(body)?.code !== code)
        .map(({ body, errorPath }) =>
          finding(`${what} must be refused with \`error.code\` "${code}", in the NACK or in the on_<action>.`, {
            path: errorPath,
            expected: code,
            actual: errorOf(body)?.code,
          }),
        ),
  });
}

const FLW_006 = errorCodeCheck(
  "FLW-006",
  ERROR.providerNotFound,
  "An unknown provider",
  'Look `provider.id` up in your catalogue; refuse an unknown one with `error.code` "30001", in a NACK or in an error on_<action>.',
);
const FLW_007 = errorCodeCheck(
  "FLW-007",
  ERROR.itemNotFound,
  "An unknown item",
  'Look every item id up in your catalogue; refuse an unknown one with `error.code` "30004", in a NACK or in an error on_<action>.',
);
const FLW_008 = errorCodeCheck(
  "FLW-008",
  ERROR.orderNotFound,
  "An unknown order",
  'Look `message.order_id` up among your orders; refuse an unknown one with `error.code` "30010", in a NACK or in an error on_<action>.',
);
const FLW_009 = errorCodeCheck(
  "FLW-009",
  ERROR.invalidUpdateTarget,
  "An invalid update target",
  'Accept only update_target values you support; refuse any other with `error.code` "30012", in a NACK or in an error on_update.',
);
const FLW_010 = errorCodeCheck(
  "FLW-010",
  ERROR.quantityUnavailable,
  "A quantity beyond what is available",
  'Compare the ordered quantity with what is available; refuse more with `error.code` "40002", in a NACK or in an error on_<action>.',
);

const FLW_011 = defineCheck({
  id: "FLW-011",
  title: "on_status reports the order's state for the same order",
  severity: "MUST",
  ref: "core 1.1.0 Order.status; guide §on_status",
  fix: "Answer a status with on_status about the order_id asked for, carrying that order's id and its current state.",
  appliesTo: (exchange) => exchange.action === "status" && exchange.expectation === "callback" && anySolicited(exchange),
  run: (exchange, ctx) => {
    const asked = requestMessage(exchange)?.["order_id"];
    const expected = typeof asked === "string" ? asked : confirmedOrderId(exchange, ctx);
    return solicited(exchange).flatMap(({ index, body }): CheckFinding[] => {
      const order = orderOf(body);
      const findings: CheckFinding[] = [];
      if (!hasState(order)) {
        findings.push(
          finding(
            "on_status must report the order's state in `order.status` (the guide's `order.state`) or a fulfillment's `state.descriptor.code` (or `state.descriptor.status`, the refined guide's form).",
            {
              path: pathOf(index, ["message", "order"]),
              expected: "an order or fulfillment state",
              actual: stateOf(order),
            },
          ),
        );
      }
      if (expected !== undefined && order?.["id"] !== expected) {
        findings.push(
          finding("on_status must be about the order asked for: `message.order.id` must equal the request's `order_id`.", {
            path: pathOf(index, ["message", "order", "id"]),
            expected,
            actual: order?.["id"],
          }),
        );
      }
      return findings;
    });
  },
});

export const FLOW_CHECKS: readonly Check[] = [FLW_001, FLW_002, FLW_003, FLW_004, FLW_005, FLW_006, FLW_007, FLW_008, FLW_009, FLW_010, FLW_011, FLW_012];
