import { ackStatusOf, ERROR, errorOf } from "../../../../protocol/ack.js";
import { asArray, asObject, selectedMeasure } from "../../../../protocol/shapes.js";
import { toJsonPath } from "../../../../schemas/json-path.js";
import { defineCheck } from "../../../core/define-check.js";
import type { CheckContext, Exchange, CheckFinding, ReceivedCallback } from "../../../core/check.js";
import { sameAmount } from "./business-read.js";
import { isErrorCallback } from "../../../core/refusal.js";
import { finding } from "../../../core/finding.js";

/**
 * FLW-012: an update whose `update_target` is fulfillments but whose order also changes the item's
 * quantity (the step `update-beyond-target`, expecting 30013). A correct BPP refuses it with 30013
 * (a coded NACK, or an ACK and an error callback without an order), or applies only its target:
 * the order's quantity stays the one confirmed, in the on_update and in any later on_status. The
 * on_update's quote, states and fulfillments are never judged against the target.
 */

type Json = Record<string, unknown>;

const isBeyondTarget = (exchange: Exchange): boolean => exchange.action === "update" && exchange.expectedErrorCode === ERROR.updateInconsistent;
const pathOf = (index: number, ...segments: (string | number)[]): string => toJsonPath(["callbacks", index, "body", ...segments]);
const orderOf = (body: unknown): Json | undefined => asObject(asObject(asObject(body)?.["message"])?.["order"]);

/** The quantity each item of an order asks for, by item id. */
function quantities(order: Json | undefined): Map<unknown, unknown> {
  return new Map(asArray(order?.["items"]).map((item) => [asObject(item)?.["id"], selectedMeasure(item)?.value["value"]]));
}

/** The quantities the scenario's confirm asked for: what the order holds until an update within its target. */
function confirmedQuantities(ctx: CheckContext): Map<unknown, unknown> {
  const confirm = ctx.scenarioExchanges.find((e) => e.action === "confirm" && e.expectation === "callback");
  return quantities(orderOf(confirm?.request.body));
}

const wrongCode = (what: string, path: string, code: unknown): CheckFinding =>
  finding(
    `An update that changes the order beyond its update_target must be refused with \`error.code\` "${ERROR.updateInconsistent}" (BECKN-005), ${what}; or applied to its target alone.`,
    {
      path,
      expected: ERROR.updateInconsistent,
      actual: code ?? null,
    },
  );

/** A solicited on_update: a refusal (code 30013, no message), or the order with the confirmed quantities. */
function judgeReply(index: number, callback: ReceivedCallback, confirmed: Map<unknown, unknown>): CheckFinding[] {
  const error = errorOf(callback.body);
  if (error !== undefined) {
    const refusal = error.code === ERROR.updateInconsistent ? [] : [wrongCode("in the error callback", pathOf(index, "error", "code"), error.code)];
    const withMessage = isErrorCallback(callback)
      ? []
      : [
          finding("A refusal by callback carries `error` and no `message` (no order): the update was not applied.", {
            path: pathOf(index, "message"),
            expected: "no message",
            actual: orderOf(callback.body)?.["id"] ?? "a message",
          }),
        ];
    return [...refusal, ...withMessage];
  }
  return changedItems(orderOf(callback.body), confirmed).map(({ i, id, shown }) =>
    finding(
      "An update whose update_target is fulfillments must not change the item's quantity: the on_update shows the quantity the update asked for beyond its target.",
      {
        path: pathOf(index, "message", "order", "items", i),
        expected: { id, quantity: confirmed.get(id) },
        actual: { id, quantity: shown },
      },
    ),
  );
}

/** Items an order shows with another quantity than the one confirmed. */
function changedItems(order: Json | undefined, confirmed: Map<unknown, unknown>): { i: number; id: unknown; shown: unknown }[] {
  return asArray(order?.["items"]).flatMap((item, i) => {
    const id = asObject(item)?.["id"];
    const shown = selectedMeasure(item)?.value["value"];
    return confirmed.has(id) && shown !== undefined && !sameAmount(confirmed.get(id), shown) ? [{ i, id, shown }] : [];
  });
}

/** Later on_status of the scenario that show the order's items with a changed quantity. */
function laterStatus(exchange: Exchange, ctx: CheckContext, confirmed: Map<unknown, unknown>): CheckFinding[] {
  return ctx.scenarioExchanges
    .filter((e) => e.action === "status" && e.request.sentAt > exchange.request.sentAt)
    .flatMap((e) =>
      e.callbacks
        .filter((c) => c.matchedBy !== "unsolicited")
        .flatMap((c) =>
          changedItems(orderOf(c.body), confirmed).map(({ id, shown }) =>
            finding(
              `After an update whose update_target was fulfillments, the order's quantity must stay the one confirmed: the on_status of step ${e.step} shows it changed.`,
              {
                path: "$.callbacks",
                expected: { id, quantity: confirmed.get(id) },
                actual: { id, quantity: shown, step: e.step },
              },
            ),
          ),
        ),
    );
}

export const FLW_012 = defineCheck({
  id: "FLW-012",
  title: "An update that changes more than its update_target gets error 30013, or changes its target alone",
  severity: "MUST",
  ref: 'BECKN-005 30013 ("changes in the order object other than the update_target"); core 1.1.0 update: update_target lists the "order objects being updated"; core 1.1.0 Error ("sent either during Ack or with the callback")',
  fix: 'Change only what update_target names, or refuse the whole update with `error.code` "30013"; never change items or quantities beside it.',
  appliesTo: (exchange) => isBeyondTarget(exchange) && exchange.response.kind === "response",
  run: (exchange, ctx) => {
    const { response } = exchange;
    const confirmed = confirmedQuantities(ctx);
    const later = laterStatus(exchange, ctx, confirmed);
    if (response.kind === "response" && ackStatusOf(response.body) === "NACK") {
      const code = errorOf(response.body)?.code;
      return [...(code === ERROR.updateInconsistent ? [] : [wrongCode("in the NACK", "$.response.body.error.code", code)]), ...later];
    }
    const replies = exchange.callbacks.flatMap((callback, index) =>
      callback.matchedBy === "unsolicited" || callback.body === undefined ? [] : [{ index, callback }],
    );
    return [...replies.flatMap(({ index, callback }) => judgeReply(index, callback, confirmed)), ...later];
  },
});
