import { randomUUID } from "node:crypto";
import { buildOnStatus, withAction, type Context, type Shape, type TagGroup } from "../../fixtures/builders/index.js";
import type { BecknError } from "../../protocol/ack.js";
import { TRANSFER_STATE_NAMES, type TransferEvent } from "../grid/index.js";
import type { Deal, OrderLifecycle } from "./deals.js";
import type { FaultSet } from "./fault-set.js";
import type { StepEnv, StepOutcome } from "./step-types.js";
import type { ShapeOption } from "./types.js";

/** The form to write: the one set in the options, else the request's, else the deal's, else the guide's. */
export function resolveShape(option: ShapeOption, requestForm?: Shape, dealShape?: Shape): Shape {
  return option === "follow" ? (requestForm ?? dealShape ?? "guide") : option;
}

/** An error callback: the context and an `error`, no `message`. */
export function errorOutcome(env: StepEnv, error: BecknError): StepOutcome {
  return { body: { context: env.reply(), error: { ...error } } };
}

/**
 * Writes the order's state: `order.state` (guide, COMPLETED) or `order.status` (core, COMPLETE),
 * or under bpp.order-status-layer2 `order.status` with the layer-2's COMPLETED.
 */
export function setOrderState(order: Record<string, unknown>, lifecycle: OrderLifecycle, shape: Shape, layer2 = false): void {
  delete order["state"];
  delete order["status"];
  if (layer2) {
    order["status"] = lifecycle;
  } else if (shape === "core") {
    order["status"] = lifecycle === "COMPLETED" ? "COMPLETE" : lifecycle;
  } else {
    order["state"] = lifecycle;
  }
}

/** The order id a post-confirm callback shows: the assigned one, or a fresh one under flw.order-id-changes. */
export function shownOrderId(orderId: string, faults: FaultSet): string {
  return faults.has("flw.order-id-changes") ? randomUUID() : orderId;
}

/** The grid's two-way log entry as a fulfillment tag group (`Transfer_Log`). */
export function transferLog(event: TransferEvent): TagGroup {
  const tag = (code: string, value: string) => ({ descriptor: { code }, value });
  return {
    descriptor: { code: "Transfer_Log", name: "Energy transfer log" },
    list: [
      tag("Transfer_State", event.state),
      tag("Delivered_kWh", event.deliveredKwh),
      tag("Source_Meter", event.readings[0].meter),
      tag("Source_Reading_kWh", event.sourceReading),
      tag("Destination_Meter", event.readings[1].meter),
      tag("Destination_Reading_kWh", event.destinationReading),
      tag("Logged_At", event.at),
    ],
  };
}

/**
 * on_status for a deal: the order's state, the transfer's state as the fulfillment's
 * `state.descriptor` (Pending until the grid reports), the end meter and the transfer log.
 */
export function onStatusBody(context: Context, deal: Deal, orderId: string): Record<string, unknown> {
  const state = deal.state === "CANCELLED" ? "Cancelled" : (deal.transfer?.state ?? "Pending");
  const built = buildOnStatus({
    context: withAction(context, "on_status"),
    orderId,
    endMeter: deal.terms.endMeter,
    shape: deal.shape,
    fulfillmentState: { code: deal.state === "CANCELLED" ? state : (deal.transfer?.report.code ?? state), name: TRANSFER_STATE_NAMES[state] },
  });
  const order = built.message.order as Record<string, unknown>;
  setOrderState(order, deal.state, deal.shape, deal.layer2Status);
  const [fulfillment] = built.message.order.fulfillments ?? [];
  const descriptor = fulfillment?.state?.descriptor;
  if (descriptor && deal.transfer?.report.field === "status") {
    // grid.state-in-descriptor-status: the refined guide's `state.descriptor.status`.
    Object.assign(descriptor, { status: descriptor.code });
    delete descriptor.code;
  }
  if (fulfillment && deal.transfer) {
    Object.assign(fulfillment, { tags: [transferLog(deal.transfer)] });
  }
  return built;
}
