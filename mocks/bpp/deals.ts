import { createHash } from "node:crypto";
import type { Shape } from "../../fixtures/builders/index.js";
import { retainedBytes } from "../../protocol/retained.js";
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
/**
 * The bytes all deals may hold together (docs/limits.md "Stored bytes"): 128 MiB. A confirmed deal
 * of the guide's flow counts about 9 KiB, so 10,000 of them (the count bound, 88 MiB) fit; one whose
 * billing is a 1 MB body of `{}` counts about 27 MiB, so a flood of those evicts the oldest deals.
 */
export const MAX_DEAL_BYTES = 128 * 1024 * 1024;
/** Bytes counted for a deal's fixed fields and its map entries. */
const DEAL_BYTES = 512;

/**
 * What a deal holds beyond the catalogue it shares (the offer is the catalogue's own object):
 * what the requests put in it (ids, billing, meter, window, the confirm's context).
 */
export function dealBytes(deal: Deal): number {
  const { offer: _shared, ...fromRequests } = deal.terms;
  return (
    DEAL_BYTES + retainedBytes([deal.transactionId, deal.orderId ?? null, deal.owner ?? null, deal.confirmContext ?? null, deal.transfer ?? null, fromRequests])
  );
}

/** Sets the key as the newest; past `limit` drops the oldest entry and returns its value. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number): V | undefined {
  map.delete(key);
  map.set(key, value);
  const oldest = map.size > limit ? map.entries().next() : undefined;
  if (!oldest || oldest.done) {
    return undefined;
  }
  map.delete(oldest.value[0]);
  return oldest.value[1];
}

/**
 * The BPP's memory: deals by transaction, orders by id, and the requests already acted on
 * (transaction, action, message_id). Bounded in count and in bytes (the least recently stored
 * deals go first), so a flood cannot exhaust memory.
 */
export class DealBook {
  readonly #deals = new Map<string, Deal>();
  readonly #orders = new Map<string, Deal>();
  readonly #seen = new Map<string, true>();
  /** Every deal held (by transaction or by order id) with its counted bytes, least recently stored first. */
  readonly #sizes = new Map<Deal, number>();
  #bytes = 0;

  deal(transactionId: string): Deal | undefined {
    return this.#deals.get(transactionId);
  }

  /** Stores the deal (again, after a change: it is counted anew). */
  put(deal: Deal): void {
    this.#dropIfUnheld(remember(this.#deals, deal.transactionId, deal, MAX_DEALS));
    this.#count(deal);
  }

  /** Gives the deal its order id and makes it findable by that id. */
  assignOrder(deal: Deal, orderId: string): void {
    deal.orderId = orderId;
    this.#dropIfUnheld(remember(this.#orders, orderId, deal, MAX_DEALS));
    this.#count(deal);
  }

  /** Counts a held deal anew after a change (an update's new meter); a deal no longer held stays forgotten. */
  changed(deal: Deal): void {
    if (this.#sizes.has(deal)) {
      this.#count(deal);
    }
  }

  order(orderId: string): Deal | undefined {
    return this.#orders.get(orderId);
  }

  /** The bytes the deals held now count (dealBytes). */
  get keptBytes(): number {
    return this.#bytes;
  }

  /** True when this request was already acted on; otherwise records it and returns false. */
  repeated(transactionId: unknown, action: string, messageId: unknown): boolean {
    // A digest, so an id of any length costs the same 43 characters.
    const key = createHash("sha256")
      .update(JSON.stringify([transactionId, action, messageId]))
      .digest("base64url");
    if (this.#seen.has(key)) {
      return true;
    }
    remember(this.#seen, key, true, MAX_SEEN);
    return false;
  }

  #count(deal: Deal): void {
    this.#bytes -= this.#sizes.get(deal) ?? 0;
    this.#sizes.delete(deal);
    const bytes = dealBytes(deal);
    this.#sizes.set(deal, bytes);
    this.#bytes += bytes;
    for (const held of this.#sizes.keys()) {
      if (this.#bytes <= MAX_DEAL_BYTES || held === deal) {
        break;
      }
      this.#forget(held);
    }
  }

  /** A deal the count bound dropped from one map stops being counted once neither map holds it. */
  #dropIfUnheld(dropped: Deal | undefined): void {
    if (dropped && this.#deals.get(dropped.transactionId) !== dropped && (dropped.orderId === undefined || this.#orders.get(dropped.orderId) !== dropped)) {
      this.#forget(dropped);
    }
  }

  #forget(deal: Deal): void {
    if (this.#deals.get(deal.transactionId) === deal) {
      this.#deals.delete(deal.transactionId);
    }
    if (deal.orderId !== undefined && this.#orders.get(deal.orderId) === deal) {
      this.#orders.delete(deal.orderId);
    }
    this.#bytes -= this.#sizes.get(deal) ?? 0;
    this.#sizes.delete(deal);
  }
}
