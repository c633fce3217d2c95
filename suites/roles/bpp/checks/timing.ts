/**
 * TIM: when answers and callbacks arrive (DESIGN "Timing"). The ACK deadline is 3 s; callbacks are
 * due before the request's timestamp + ttl; unsolicited callbacks come only about a confirmed order,
 * and no more than `--max-unsolicited` of them.
 */
import { ackStatusOf } from "../../../../protocol/ack.js";
import { asObject } from "../../../../protocol/shapes.js";
import { isCallbackOf } from "../drive/correlator.js";
import { ackDeadlineCheck } from "../../../core/ack-deadline.js";
import { defineCheck } from "../../../core/define-check.js";
import { transferNotExercised } from "./flow.js";
import type { Check, CheckContext, Exchange, CheckFinding, ReceivedCallback } from "../../../core/check.js";
import { finding } from "../../../core/finding.js";
import { contextOf } from "../../../core/read.js";
import { callbackDeadline } from "../../../../results/index.js";

/** "A callback before its ACK" allows this much (DESIGN "Timing"). */
const EARLY_CALLBACK_TOLERANCE_MS = 50;

const isUnsolicited = (callback: ReceivedCallback): boolean => callback.matchedBy === "unsolicited";
const expectsCallback = (exchange: Exchange): boolean => exchange.expectation === "callback" || exchange.expectation === "error-callback";

function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

/**
 * The order is confirmed as of `at`: a confirm of the transaction was sent before `at`, and an
 * on_confirm of the transaction gave an order id, whenever it arrived (an on_status may overtake
 * the on_confirm it follows). Whether the confirm's ACK was well formed is ACK-001's to judge.
 */
function confirmedBy(transactionId: unknown, at: number, exchange: Exchange, ctx: CheckContext): boolean {
  const exchanges = [...ctx.scenarioExchanges, exchange];
  const sameTransaction = (body: unknown): boolean => transactionId !== undefined && contextOf(body)["transaction_id"] === transactionId;
  const sent = exchanges.some((e) => e.action === "confirm" && sameTransaction(e.request.body) && e.request.sentAt <= at);
  const ordered = exchanges.some((e) =>
    e.callbacks.some((callback) => {
      const orderId = asObject(asObject(asObject(callback.body)?.["message"])?.["order"])?.["id"];
      return isCallbackOf(callback, "on_confirm") && typeof orderId === "string" && orderId !== "" && sameTransaction(callback.body);
    }),
  );
  return sent && ordered;
}

const TIM_001 = ackDeadlineCheck("TIM-001", "The synchronous answer arrives within the 3 s ACK deadline");

/** A NACKed request owes no callback, and gets none: a reply by its message_id after a NACK is a finding. */
function callbackAfterNack(exchange: Exchange, expectedAction: string): CheckFinding[] {
  const replies = exchange.callbacks.filter((c) => c.matchedBy === "message_id" && isCallbackOf(c, expectedAction));
  if (replies.length === 0) {
    return [];
  }
  const message = `The request was NACKed, yet an ${expectedAction} followed; a NACK says no callback will come, so refuse either synchronously or in the callback, not both (core 1.1.0 Ack).`;
  return [
    finding(message, {
      path: "callbacks",
      expected: "no callback after a NACK",
      actual: { callbacks: replies.map((c) => ({ action: c.action, atMs: c.atMs })) },
    }),
  ];
}

const TIM_002 = defineCheck({
  id: "TIM-002",
  title: "The on_<action> arrives before the request's timestamp + ttl; none follows a NACK",
  severity: "MUST",
  ref: "core 1.1.0 Context.ttl; Ack (a NACK when the BPP will not call back)",
  fix: "Send the on_<action> before the request's timestamp + ttl (PT10S by default), and send no callback after a NACK.",
  appliesTo: expectsCallback,
  // A callback not awaited until its ttl is not missing: unless it came anyway, or the SUT NACKed (then none may come), the check has nothing to judge.
  notExercised: (exchange) =>
    exchange.cutShort !== undefined &&
    exchange.callbacks.every(isUnsolicited) &&
    !(exchange.response.kind === "response" && ackStatusOf(exchange.response.body) === "NACK")
      ? exchange.cutShort
      : undefined,
  run: (exchange) => {
    const expectedAction = `on_${exchange.action}`;
    if (exchange.response.kind === "response" && ackStatusOf(exchange.response.body) === "NACK") {
      return callbackAfterNack(exchange, expectedAction);
    }
    const deadline = callbackDeadline(exchange);
    // A reply posted to another endpoint than its action's still arrived: CTX-017 names the endpoint.
    const replies = exchange.callbacks.filter((c) => !isUnsolicited(c) && isCallbackOf(c, expectedAction));
    const expected = `${expectedAction} by ${iso(deadline)} (the request's timestamp + ttl of ${exchange.ttlMs} ms)`;
    if (replies.length === 0) {
      const message = `No ${expectedAction} arrived within the ttl; send the callback before the request's timestamp + ttl (core 1.1.0 Context.ttl).`;
      return [finding(message, { path: "callbacks", expected, actual: { callbacks: exchange.callbacks.map((c) => c.action) } })];
    }
    const first = Math.min(...replies.map((c) => c.receivedAt));
    if (first <= deadline) {
      return [];
    }
    const message = `The ${expectedAction} arrived after the request's timestamp + ttl; send the callback within the ttl (core 1.1.0 Context.ttl).`;
    return [finding(message, { path: "callbacks", expected, actual: { receivedAt: iso(first), lateByMs: first - deadline } })];
  },
});

/** When the ACK's headers arrived, on the wall clock callbacks are stamped on. */
function ackArrival(exchange: Exchange): number {
  const { response } = exchange;
  if (response.kind !== "response") {
    return Number.POSITIVE_INFINITY;
  }
  return response.headersAt ?? exchange.request.sentAt + response.headersMs;
}

const TIM_003 = defineCheck({
  id: "TIM-003",
  title: "No callback arrives before its ACK",
  severity: "SHOULD",
  // Core asks only that the Ack come "in the same session"; it orders nothing between Ack and callback.
  ref: 'docs/rules.md "Timing" (a callback before its ACK); a warning in every profile',
  fix: "Write the synchronous ACK first and send the callback only after the answer has gone out.",
  advisory: true,
  // Only callbacks matched by message_id: one attributed by the deadline fallback may answer another request.
  appliesTo: (exchange) => exchange.response.kind === "response" && exchange.callbacks.some((c) => c.matchedBy === "message_id"),
  run: (exchange) => {
    const ackAt = ackArrival(exchange);
    return exchange.callbacks.flatMap((callback, index) =>
      callback.matchedBy === "message_id" && callback.receivedAt < ackAt - EARLY_CALLBACK_TOLERANCE_MS
        ? [
            finding('A callback arrived before the ACK of its request; send the synchronous answer first and the callback after it (docs/rules.md "Timing").', {
              path: `callbacks[${index}]`,
              expected: `at or after ${iso(ackAt - EARLY_CALLBACK_TOLERANCE_MS)} (ACK headers at ${iso(ackAt)}, ${EARLY_CALLBACK_TOLERANCE_MS} ms tolerance)`,
              actual: { action: callback.action, receivedAt: iso(callback.receivedAt), beforeAckMs: ackAt - callback.receivedAt },
            }),
          ]
        : [],
    );
  },
});

const TIM_004 = defineCheck({
  id: "TIM-004",
  title: "Unsolicited callbacks come only after the order was confirmed",
  severity: "MUST",
  ref: 'core 1.1.0 Context.message_id ("When sending unsolicited callbacks, BPPs must generate a new message_id"); Fulfillment.state ("fire an unsolicited on_status call"); docs/rules.md "Timing" (unsolicited callbacks)',
  fix: "Send unsolicited callbacks only about an order you confirmed in that transaction, after its on_confirm.",
  appliesTo: (exchange) => exchange.callbacks.some(isUnsolicited),
  notExercised: transferNotExercised,
  run: (exchange, ctx) =>
    exchange.callbacks.flatMap((callback, index) => {
      const transactionId = contextOf(callback.body)["transaction_id"];
      if (!isUnsolicited(callback) || confirmedBy(transactionId, callback.receivedAt, exchange, ctx)) {
        return [];
      }
      const message = `An unsolicited ${callback.action} arrived in a transaction with no confirmed order; send callbacks only in reply to a request, and unsolicited ones only about an order you confirmed in that transaction (docs/rules.md).`;
      return [
        finding(message, {
          path: `callbacks[${index}]`,
          expected: "after a confirm of the same transaction whose on_confirm gave an order id",
          actual: { action: callback.action, transactionId: transactionId ?? null, receivedAt: iso(callback.receivedAt) },
        }),
      ];
    }),
});

const TIM_005 = defineCheck({
  id: "TIM-005",
  title: "No more unsolicited callbacks than --max-unsolicited",
  severity: "MUST",
  ref: 'docs/rules.md "Timing" (--max-unsolicited)',
  fix: "Send an unsolicited on_status when the transfer's state changes, not on a timer or for every meter reading.",
  appliesTo: (exchange) => exchange.callbacks.some(isUnsolicited),
  notExercised: transferNotExercised,
  run: (exchange, ctx) => {
    const count = exchange.callbacks.filter(isUnsolicited).length;
    return count <= ctx.maxUnsolicited
      ? []
      : [
          finding('More unsolicited callbacks arrived than the run allows; send on_status only when the transfer\'s state changes (docs/rules.md "Timing").', {
            path: "callbacks",
            expected: `≤ ${ctx.maxUnsolicited} unsolicited callbacks`,
            actual: { unsolicited: count },
          }),
        ];
  },
});

const TIM_006 = defineCheck({
  id: "TIM-006",
  title: "At most one callback per request, except search",
  severity: "SHOULD",
  ref: 'docs/rules.md "Callback attribution"',
  fix: "Send one on_<action> per request; report later progress as unsolicited on_status with a new message_id.",
  appliesTo: (exchange) => exchange.action !== "search" && exchange.callbacks.some((c) => c.matchedBy === "message_id"),
  run: (exchange) => {
    // Callbacks with the request's own message_id: those claimed by the deadline fallback are CTX-003's.
    const replies = exchange.callbacks.filter((c) => c.matchedBy === "message_id");
    return replies.length <= 1
      ? []
      : [
          finding(
            'A request got more than one callback; send one on_<action> per request and report later progress as on_status (docs/rules.md "Callback attribution").',
            {
              path: "callbacks",
              expected: "at most 1 callback",
              actual: { callbacks: replies.map((c) => ({ action: c.action, matchedBy: c.matchedBy, atMs: c.atMs })) },
            },
          ),
        ];
  },
});

/** The TIM checks, in id order. */
export const TIMING_CHECKS: readonly Check[] = [TIM_001, TIM_002, TIM_003, TIM_004, TIM_005, TIM_006];
