import { asObject, endStops, orderState, startStops } from "../../protocol/shapes.js";
import { isUuid, isZonelessDateTime } from "../../protocol/formats.js";
import { isCallbackAction } from "../model/actions.js";
import { DEPARTURE_LEVELS, P2P_SHOULD, type NamedRule, type RuleHit } from "./rule.js";
import { messageFulfillments, messageItems, objectsUnderKey } from "./walk.js";
import { show } from "./show.js";

/**
 * The guide's departures from core 1.1.0 that one message shows. Each is tolerated with a
 * warning by the guide profile and refused by `core-1.1.0` (see docs/profiles.md).
 */
export const fulfillmentEnd: NamedRule = {
  id: "guide-fulfillment-end",
  title: "Fulfillment meters in the guide's `end`/`start` form",
  levels: DEPARTURE_LEVELS,
  check: (body) =>
    messageFulfillments(body).flatMap(({ value, path }) =>
      [...startStops(value), ...endStops(value)]
        .filter((stop) => stop.form === "guide")
        .map((stop) => ({
          path: [...path, ...stop.path],
          message: `\`fulfillments[].${String(stop.path[0])}\` is the guide's form; core 1.1.0 has no start/end on Fulfillment: write it as a \`stops[]\` entry with \`"type": "${String(stop.path[0])}"\`.`,
        })),
    ),
};

export const quantityMeasure: NamedRule = {
  id: "guide-quantity-measure",
  title: "Item quantity in the guide's `quantity.measure` form",
  levels: DEPARTURE_LEVELS,
  check: (body) =>
    messageItems(body)
      .filter(({ value }) => asObject(asObject(value["quantity"])?.["measure"]) !== undefined)
      .map(({ path }) => ({
        path: [...path, "quantity", "measure"],
        message: "`quantity.measure` is the guide's form; core 1.1.0's ItemQuantity has no `measure`: write `quantity.selected.measure`.",
      })),
};

export const orderStateField: NamedRule = {
  id: "guide-order-state",
  title: "Order state in the guide's `order.state` form",
  levels: DEPARTURE_LEVELS,
  check: (body) => {
    const order = asObject(asObject(body["message"])?.["order"]);
    const state = orderState(order);
    return state?.form === "guide"
      ? [
          {
            path: ["message", "order", "state"],
            message: "`order.state` is the guide's form; core 1.1.0's Order has no `state`: write `order.status` (ACTIVE, COMPLETE or CANCELLED).",
          },
        ]
      : [];
  },
};

export const timeRangeWithoutZone: NamedRule = {
  id: "guide-time-range-without-zone",
  title: "`time.range` date-times without a zone",
  levels: DEPARTURE_LEVELS,
  check: (body) =>
    objectsUnderKey(body, "range")
      .filter(({ path }) => path[path.length - 2] === "time")
      .flatMap(({ value, path }) =>
        (["start", "end"] as const)
          .filter((bound) => isZonelessDateTime(value[bound]))
          .map((bound): RuleHit => ({
            path: [...path, bound],
            message: `\`time.range.${bound}\` ${show(value[bound])} has no zone; core 1.1.0 wants an RFC 3339 date-time with a zone, such as "${String(value[bound])}Z".`,
          })),
      ),
};

export const nonUuidIds: NamedRule = {
  id: "guide-non-uuid-id",
  title: "Transaction and message ids that are not UUIDs",
  levels: DEPARTURE_LEVELS,
  check: (body) => {
    const context = asObject(body["context"]);
    return (["transaction_id", "message_id"] as const)
      .filter((field) => typeof context?.[field] === "string" && !isUuid(context[field]))
      .map((field) => ({
        path: ["context", field],
        message: `\`context.${field}\` ${show(context?.[field])} is not a UUID; core 1.1.0 gives it \`format: uuid\`.`,
      }));
  },
};

export const requestWithoutBpp: NamedRule = {
  id: "guide-request-without-bpp-id",
  title: "A request after search without `bpp_id` and `bpp_uri`",
  levels: P2P_SHOULD,
  check: (body, action) => {
    if (action === "search" || isCallbackAction(action)) {
      return [];
    }
    const context = asObject(body["context"]);
    return (["bpp_id", "bpp_uri"] as const)
      .filter((field) => context?.[field] === undefined)
      .map((field) => ({
        path: ["context", field],
        message: `\`context.${field}\` is missing; the guide omits it on requests after search, but the receiving BPP needs it to know the request is for it. A live exchange requires it.`,
      }));
  },
};

export const DEPARTURE_RULES: readonly NamedRule[] = [fulfillmentEnd, quantityMeasure, orderStateField, timeRangeWithoutZone, nonUuidIds, requestWithoutBpp];
