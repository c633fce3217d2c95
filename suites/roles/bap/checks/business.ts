/** BIZ: what the guide requires a buyer's select, init and confirm to carry (read through protocol/shapes). */
import { asArray, asObject, endStops, selectedMeasure, stopAddress } from "../../../../protocol/shapes.js";
import { defineCheck } from "../../../core/define-check.js";
import type { Exchange } from "../../../core/check.js";
import { bapRequest } from "./read.js";
import { finding } from "../../../core/finding.js";

const ORDER_ACTIONS = new Set(["select", "init", "confirm"]);
const orderOf = (e: Exchange): Record<string, unknown> | undefined => asObject(asObject(asObject(e.request.body)?.["message"])?.["order"]);
const isOrderRequest = (e: Exchange, actions: ReadonlySet<string> = ORDER_ACTIONS): boolean => bapRequest(e) !== undefined && actions.has(e.action);

export const BIZ_101 = defineCheck({
  id: "BIZ-101",
  title: "select, init and confirm say how much energy",
  severity: "MUST",
  ref: "P2P Trading guide: select (quantity in kWh); core 1.1.0 Item.quantity",
  fix: "State the quantity in kWh on each item of select, init and confirm (`quantity.selected.measure`, or the guide's `quantity.measure`).",
  appliesTo: (e) => isOrderRequest(e),
  run: (e) => {
    const items = asArray(orderOf(e)?.["items"]);
    const missing = items.flatMap((item, i) => {
      const value = Number(selectedMeasure(item)?.value["value"]);
      return Number.isFinite(value) && value > 0 ? [] : [i];
    });
    return items.length > 0 && missing.length === 0
      ? []
      : [
          finding(
            `Every item of the ${e.action}'s order must carry the quantity bought (quantity.measure, or quantity.selected.measure) with a positive value.`,
            {
              path: items.length === 0 ? "$.message.order.items" : `$.message.order.items[${missing[0] ?? 0}].quantity`,
              expected: "a positive kWh value",
              actual: items.length === 0 ? null : "no quantity",
            },
          ),
        ];
  },
});

export const BIZ_102 = defineCheck({
  id: "BIZ-102",
  title: "init and confirm carry the buyer's billing details",
  severity: "MUST",
  ref: "P2P Trading guide: init (billing); core 1.1.0 Order.billing",
  fix: "Fill `message.order.billing` with the buyer's name and contact in init and confirm.",
  appliesTo: (e) => isOrderRequest(e, new Set(["init", "confirm"])),
  run: (e) => {
    const billing = asObject(orderOf(e)?.["billing"]);
    return billing && Object.keys(billing).length > 0
      ? []
      : [
          finding(`The ${e.action} must carry message.order.billing (the buyer's name and contact).`, {
            path: "$.message.order.billing",
            expected: "an object",
            actual: null,
          }),
        ];
  },
});

export const BIZ_103 = defineCheck({
  id: "BIZ-103",
  title: "select, init and confirm name the buyer's end meter",
  severity: "MUST",
  ref: "P2P Trading guide: fulfillments end location (der:// meter); core 1.1.0 Fulfillment.stops",
  fix: "Name the buyer's meter as a der:// address in the end location of the fulfillment in select, init and confirm.",
  appliesTo: (e) => isOrderRequest(e),
  run: (e) => {
    const meters = asArray(orderOf(e)?.["fulfillments"])
      .flatMap((f) => endStops(f))
      .map((s) => stopAddress(s.value)?.value);
    return meters.some((m) => typeof m === "string" && m.startsWith("der://"))
      ? []
      : [
          finding(`The ${e.action} must name the buyer's meter as the fulfillment's end location (a der:// address).`, {
            path: "$.message.order.fulfillments",
            expected: "der://…",
            actual: meters.length > 0 ? meters : null,
          }),
        ];
  },
});
