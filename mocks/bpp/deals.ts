import type { Shape } from "../../fixtures/builders/index.js";
import type { TransferEvent } from "../grid/index.js";
import type { AgreedTerms } from "./terms.js";

/** How far a transaction's order has come: select → init → confirm. */
export type DealStep = "selected" | "initialised" | "confirmed";
/** The order's state; written COMPLETED in the guide's `order.state`, COMPLETE in core's `order.status`. */
export type OrderLifecycle = "ACTIVE" | "COMPLETED" | "CANCELLED";

/** One transaction's order, as the BPP remembers it. */
export interface Deal {
  readonly transactionId: string;
  step: DealStep;
  terms: AgreedTerms;
  shape: Shape;
  state: OrderLifecycle;
  /** bpp.order-status-layer2: the state goes in `order.status` with the layer-2's values. */
  layer2Status?: boolean;
  orderId?: string;
  /** The BAP that confirmed the order: the only one that may ask about it (status, update, cancel). */
  owner?: unknown;
  /** The confirm's context: unsolicited on_status messages are built from it. */
  confirmContext?: Readonly<Record<string, unknown>>;
  /** The grid's latest event for this order's transfer. */
  transfer?: TransferEvent;
}

const MAX_DEALS = 10_000;
const MAX_SEEN = 50_000;

function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) {
    const oldest = map.keys().next();
    if (!oldest.done) {
      map.delete(oldest.value);
    }
  }
}

/**
 * The BPP's memory: deals by transaction, orders by id, and the requests already acted on
 * (transaction, action, message_id). Bounded, so a flood cannot exhaust memory.
 */
export class DealBook {
  readonly #deals = new Map<string, Deal>();
  readonly #orders = new Map<string, Deal>();
  readonly #seen = new Map<string, true>();

  deal(transactionId: string): Deal | undefined {
    return this.#deals.get(transactionId);
  }

  put(deal: Deal): void {
    remember(this.#deals, deal.transactionId, deal, MAX_DEALS);
  }

  /** Gives the deal its order id and makes it findable by that id. */
  assignOrder(deal: Deal, orderId: string): void {
    deal.orderId = orderId;
    remember(this.#orders, orderId, deal, MAX_DEALS);
  }

  order(orderId: string): Deal | undefined {
    return this.#orders.get(orderId);
  }

  /** True when this request was already acted on; otherwise records it and returns false. */
  repeated(transactionId: unknown, action: string, messageId: unknown): boolean {
    const key = JSON.stringify([transactionId, action, messageId]);
    if (this.#seen.has(key)) {
      return true;
    }
    remember(this.#seen, key, true, MAX_SEEN);
    return false;
  }
}
