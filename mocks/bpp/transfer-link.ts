import { endpoint } from "../common/send.js";
import type { Grid, TransferEvent } from "../grid/index.js";
import type { Deal, DealBook } from "./deals.js";
import type { FaultSet } from "./fault-set.js";
import { onStatusBody, shownOrderId } from "./order-view.js";
import type { Planner } from "./plan.js";
import { replyContext, type ReplyEnv } from "./reply-context.js";
import type { PlannedCallback } from "./types.js";
import type { BppVariants } from "./variants.js";

/** How many copies of its first on_status a transfer sends under tim.flood-unsolicited. */
export const FLOOD_COUNT = 150;

export interface TransferLinkOptions {
  readonly grid: Grid;
  readonly book: DealBook;
  readonly faults: FaultSet;
  readonly variants: BppVariants;
  readonly replyEnv: ReplyEnv;
  readonly planner: Planner;
  readonly dispatch: (key: string, callback: PlannedCallback) => void;
}

export interface TransferLink {
  /** Asks the grid to move the deal's energy from the prosumer's meter to the buyer's. */
  readonly start: (deal: Deal) => void;
  readonly cancel: (deal: Deal) => void;
  /** Drops the transfers still waiting for their window (bpp.future-window). */
  readonly close: () => void;
}

/**
 * Ties a confirmed order to the grid. On each state change the BPP records the grid's event on
 * the deal, closes the order at Completed, and sends an unsolicited on_status to the BAP: a new
 * message_id, the confirm's transaction_id, the transfer state and the two-way log as tags.
 * A cancelled transfer sends none: on_cancel already said so. Under ctx.unsolicited-reuses-message-id
 * the on_status carries the confirm's message_id; under tim.flood-unsolicited the first state change
 * goes out FLOOD_COUNT times, each with its own message_id.
 */
export function linkTransfers(opts: TransferLinkOptions): TransferLink {
  const { grid, book } = opts;
  const onEvent = (event: TransferEvent): void => {
    const deal = book.order(event.orderId);
    if (!deal?.orderId) {
      return;
    }
    const first = deal.transfer === undefined;
    deal.transfer = event;
    if (!deal.confirmContext || event.state === "Cancelled" || deal.state === "CANCELLED") {
      return;
    }
    if (event.state === "Completed") {
      deal.state = "COMPLETED";
    }
    const bapUri = deal.confirmContext["bap_uri"];
    if (typeof bapUri !== "string" || bapUri === "") {
      return;
    }
    const fresh = !opts.faults.has("ctx.unsolicited-reuses-message-id");
    const copies = first && opts.faults.has("tim.flood-unsolicited") ? FLOOD_COUNT : 1;
    for (let i = 0; i < copies; i++) {
      const context = replyContext(deal.confirmContext, "on_status", opts.replyEnv, fresh);
      const body = onStatusBody(context, deal, shownOrderId(deal.orderId, opts.faults));
      opts.dispatch(deal.transactionId, opts.planner.unsolicited(endpoint(bapUri, "on_status"), body));
    }
    if (event.state === "Completed" && opts.variants.has("bpp.unsolicited-on-update")) {
      // The delivered quantity, in the order's transfer log (Delivered_kWh), as an on_update of its own.
      const context = { ...replyContext(deal.confirmContext, "on_update", opts.replyEnv, true), action: "on_update" };
      const body = { ...onStatusBody(context, deal, deal.orderId), context };
      opts.dispatch(deal.transactionId, opts.planner.unsolicited(endpoint(bapUri, "on_update"), body));
    }
  };
  grid.on("state-change", onEvent);
  const transfer = (deal: Deal): void => {
    if (!deal.orderId) {
      return;
    }
    const { offer, endMeter, quantityKwh } = deal.terms;
    grid.startTransfer({
      orderId: deal.orderId,
      transactionId: deal.transactionId,
      sourceMeter: offer.sourceMeter,
      destinationMeter: endMeter,
      kwh: quantityKwh,
      window: deal.terms.window,
    });
  };
  // bpp.future-window: transfers waiting for their order's window to start, by order id.
  const waiting = new Map<string, NodeJS.Timeout>();
  return {
    start(deal) {
      const wait = opts.variants.has("bpp.future-window") ? Date.parse(deal.terms.window.start) - opts.replyEnv.now() : 0;
      if (wait > 0 && deal.orderId) {
        const orderId = deal.orderId;
        waiting.set(
          orderId,
          setTimeout(() => {
            waiting.delete(orderId);
            transfer(deal);
          }, wait).unref(),
        );
      } else {
        transfer(deal);
      }
    },
    cancel(deal) {
      if (deal.orderId) {
        clearTimeout(waiting.get(deal.orderId));
        waiting.delete(deal.orderId);
        grid.cancelTransfer(deal.orderId);
      }
    },
    close() {
      waiting.forEach((timer) => clearTimeout(timer));
      waiting.clear();
    },
  };
}
