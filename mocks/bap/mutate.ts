import { asArray, asObject } from "../../protocol/shapes.js";
import type { RequestAction } from "../../schemas/index.js";
import type { BapFaultId } from "./faults.js";

const END_METER_ACTIONS: ReadonlySet<string> = new Set(["select", "init", "confirm"]);

/** A fulfillment without its end stop: `end` removed, and `stops[]` entries of type end. */
function withoutEnd(fulfillment: unknown): unknown {
  const f = asObject(fulfillment);
  if (!f) {
    return fulfillment;
  }
  const { end: _end, stops, ...rest } = f;
  const kept = asArray(stops).filter((stop) => String(asObject(stop)?.["type"] ?? "").toLowerCase() !== "end");
  return kept.length > 0 ? { ...rest, stops: kept } : rest;
}

/** The message as the faults make the BAP send it; a copy, never the caller's object. */
export function applyMessageFaults(faults: ReadonlySet<BapFaultId>, action: RequestAction, message: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(message);
  const order = asObject(copy["order"]);
  if (order && action === "init" && faults.has("bap.missing-billing")) {
    delete order["billing"];
  }
  if (order && END_METER_ACTIONS.has(action) && faults.has("bap.missing-end-meter") && Array.isArray(order["fulfillments"])) {
    order["fulfillments"] = order["fulfillments"].map(withoutEnd);
  }
  if (order && END_METER_ACTIONS.has(action) && faults.has("bap.missing-quantity")) {
    order["items"] = asArray(order["items"]).map((item) => {
      const { quantity: _quantity, ...rest } = asObject(item) ?? {};
      return rest;
    });
  }
  return copy;
}
