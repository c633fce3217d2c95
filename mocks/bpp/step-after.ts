import { buildOnCancel, buildOnUpdate, quantityOf, type Shape } from "../../fixtures/builders/index.js";
import { ERROR } from "../../protocol/ack.js";
import { asArray, asObject, endStops, selectedMeasure, stopAddress } from "../../protocol/shapes.js";
import type { Deal } from "./deals.js";
import { errorOutcome, onStatusBody, resolveShape, setOrderState, shownOrderId } from "./order-view.js";
import type { Step, StepEnv, StepOutcome, StepRequest } from "./step-types.js";

/** status, update and cancel: what can happen to a confirmed order. */

/** A made-up order for an id the BPP never assigned (flw.unknown-order-accepted). */
export const MADE_UP_METER = "der://ssf.meter/00000000";

function unknownOrder(env: StepEnv, orderId: unknown): StepOutcome {
  return errorOutcome(env, { code: ERROR.orderNotFound, message: `Order ${JSON.stringify(orderId ?? null)} was not confirmed by this BPP.` });
}

function madeUpDeal(env: StepEnv, orderId: string, transactionId: string): Deal {
  const provider = env.catalogue.providers[0];
  const offer = provider?.items[0] ? env.catalogue.offer(provider.id, provider.items[0].id) : undefined;
  if (!offer) {
    throw new Error("The catalogue is empty.");
  }
  const terms = { offer, quantityKwh: "1", endMeter: MADE_UP_METER, window: offer.item.time.range };
  return { transactionId, step: "confirmed", terms, shape: resolveShape(env.shape), state: "ACTIVE", orderId };
}

/**
 * The deal an order id names when the requesting BAP confirmed it (another BAP's order is as
 * unknown to it as one never confirmed), a made-up one under the fault, or undefined.
 */
function findOrder(env: StepEnv, request: StepRequest, orderId: unknown): Deal | undefined {
  const id = typeof orderId === "string" ? orderId : "";
  const found = id ? env.book.order(id) : undefined;
  const deal = found && found.owner === request.requester ? found : undefined;
  return deal ?? (env.faults.has("flw.unknown-order-accepted") ? madeUpDeal(env, id || "unknown", String(request.context["transaction_id"])) : undefined);
}

export const status: Step = (request, env) => {
  const orderId = request.message["order_id"];
  const deal = findOrder(env, request, orderId);
  if (!deal?.orderId) {
    return unknownOrder(env, orderId);
  }
  return { body: onStatusBody(env.reply(), deal, shownOrderId(deal.orderId, env.faults)) };
};

const targetsOf = (value: unknown): string[] => (typeof value === "string" ? value.split(",").map((t) => t.trim()) : []);

export const update: Step = (request, env) => {
  const order = asObject(request.message["order"]);
  const deal = findOrder(env, request, order?.["id"]);
  if (!deal?.orderId) {
    return unknownOrder(env, order?.["id"]);
  }
  const target = request.message["update_target"];
  if (!targetsOf(target).includes("fulfillments") && !env.faults.has("flw.invalid-target-accepted")) {
    return errorOutcome(env, {
      code: ERROR.invalidUpdateTarget,
      message: `update_target ${JSON.stringify(target ?? null)} is not supported: this BPP updates "fulfillments" (the end meter) only.`,
      paths: "$.message.update_target",
    });
  }
  if (deal.state !== "ACTIVE") {
    return errorOutcome(env, { code: ERROR.updateNotPossible, message: `Order ${deal.orderId} is ${deal.state}; it can no longer be updated.` });
  }
  const end = endStops(asArray(order?.["fulfillments"])[0])[0];
  const meter = stopAddress(end?.value)?.value;
  if (typeof meter !== "string" || meter === "") {
    return errorOutcome(env, {
      code: ERROR.invalidRequest,
      message: "The update names no new end meter: give it in `fulfillments[0].end` or an end stop.",
      paths: "$.message.order.fulfillments",
    });
  }
  const changed = changedQuantity(order, deal);
  const refused = beyondTargetRefusal(env, deal, changed);
  if (refused) {
    return refused;
  }
  applyUpdate(env, deal, meter, changed);
  const shape = resolveShape(env.shape, end?.form, deal.shape);
  const body = buildOnUpdate({ context: env.reply(), orderId: shownOrderId(deal.orderId, env.faults), endMeter: deal.terms.endMeter, shape });
  // An update beyond its target gets the order's items back: the quantity the BPP now holds (changed under the fault).
  return { body: changed === undefined ? body : withItems(body, deal, shape) };
};

/** An update beyond its target is refused with 30013, unless the fault applies it whole or bpp.update-target-only its target alone. */
function beyondTargetRefusal(env: StepEnv, deal: Deal, changed: string | undefined): StepOutcome | undefined {
  if (changed === undefined || env.faults.has("flw.update-beyond-target-applied") || env.variants.has("bpp.update-target-only")) {
    return undefined;
  }
  const message = `update_target is "fulfillments", yet the update also changes the quantity of item ${deal.terms.offer.item.id} to ${changed} kWh: send one update per target.`;
  return errorOutcome(env, { code: ERROR.updateInconsistent, message, paths: "$.message.order.items" });
}

/** The new end meter (not under flw.update-ignored), and the new quantity too under flw.update-beyond-target-applied. */
function applyUpdate(env: StepEnv, deal: Deal, meter: string, changed: string | undefined): void {
  if (env.faults.has("flw.update-ignored")) {
    return;
  }
  const quantity = changed !== undefined && env.faults.has("flw.update-beyond-target-applied") ? { quantityKwh: changed } : {};
  deal.terms = { ...deal.terms, endMeter: meter, ...quantity };
  env.book.changed(deal);
}

/** The quantity an update's order asks for its item when it differs from the deal's: a change outside update_target "fulfillments". */
function changedQuantity(order: Record<string, unknown> | undefined, deal: Deal): string | undefined {
  const item = asArray(order?.["items"]).find((i) => asObject(i)?.["id"] === deal.terms.offer.item.id) ?? asArray(order?.["items"])[0];
  const asked = selectedMeasure(item)?.value["value"];
  return typeof asked === "string" && asked !== deal.terms.quantityKwh ? asked : undefined;
}

function withItems(body: ReturnType<typeof buildOnUpdate>, deal: Deal, shape: Shape): Record<string, unknown> {
  const items = [{ id: deal.terms.offer.item.id, quantity: quantityOf(deal.terms.quantityKwh, shape) }];
  return { ...body, message: { order: { ...body.message.order, items } } };
}

export const cancel: Step = (request, env) => {
  const orderId = request.message["order_id"];
  const deal = findOrder(env, request, orderId);
  if (!deal?.orderId) {
    return unknownOrder(env, orderId);
  }
  if (deal.state === "COMPLETED") {
    return errorOutcome(env, { code: "50001", message: `Order ${deal.orderId} is COMPLETED: the energy was delivered, so it cannot be cancelled.` });
  }
  deal.state = "CANCELLED";
  env.cancelTransfer(deal);
  const body = buildOnCancel({ context: env.reply(), orderId: shownOrderId(deal.orderId, env.faults), shape: deal.shape });
  setOrderState(body.message.order as Record<string, unknown>, deal.state, deal.shape, deal.layer2Status);
  return { body };
};
