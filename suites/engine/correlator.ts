import type { RawCallback } from "./receiver.js";
import type { ReceivedCallback } from "./types.js";

/** A request whose callbacks the correlator collects. */
export interface Pending {
  readonly exchangeId: string;
  readonly messageId: string;
  readonly transactionId: string;
  /** The request's action; its callback is `on_<action>`. */
  readonly action: string;
  /** Wall-clock ms since the epoch when it was sent. */
  readonly sentAt: number;
  readonly callbacks: ReceivedCallback[];
}

/** Evidence kept per transaction is capped, so a flood cannot exhaust memory (DESIGN "Timing"). */
export const MAX_CALLBACKS_KEPT = 500;
/** And so are the bytes of all callbacks kept at once: 500 callbacks of 1 MiB each would not fit. */
export const MAX_CALLBACK_BYTES_KEPT = 32 * 1024 * 1024;
/** Transactions released (load mode) whose late callbacks are still recognised and ignored. */
const RELEASED_REMEMBERED = 10_000;

const contextOf = (body: unknown): Record<string, unknown> => {
  const context = (body as { context?: unknown } | null | undefined)?.context;
  return typeof context === "object" && context !== null ? (context as Record<string, unknown>) : {};
};

/**
 * Attributes each callback to the request it answers (DESIGN "A run", step 4):
 * 1. to the request whose `message_id` it carries (the first such request still without one, so a
 *    repeated message gets the second);
 * 2. else an `on_status` in a transaction with a confirmed order is unsolicited, and goes to the
 *    confirm request of that transaction;
 * 3. else it waits; at the deadline of a request that got nothing by id, it is claimed if the
 *    `transaction_id` and `on_<action>` match, else if the `transaction_id` alone matches, else
 *    (a body that is not JSON has no context) if it came to the request's `on_<action>` endpoint;
 * 4. what is still unclaimed when a scenario ends is unsolicited in its transaction, and judged so.
 */
export class Correlator {
  readonly #pending: Pending[] = [];
  readonly #confirmedBy = new Map<string, Pending>();
  readonly #orphans: RawCallback[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #released = new Set<string>();
  #dropped = 0;
  #late = 0;
  #bytes = 0;

  register(request: Omit<Pending, "callbacks">): Pending {
    const pending: Pending = { ...request, callbacks: [] };
    this.#pending.push(pending);
    return pending;
  }

  /** From now on, `on_status` of this transaction that answers no request is the transfer's progress. */
  markConfirmed(transactionId: string, confirm: Pending): void {
    this.#confirmedBy.set(transactionId, confirm);
  }

  /** How many callbacks were dropped past the evidence cap. */
  get dropped(): number {
    return this.#dropped;
  }

  /** How many callbacks arrived for a transaction already released (ignored, never kept). */
  get late(): number {
    return this.#late;
  }

  /** The bytes of callbacks held as evidence right now. */
  get keptBytes(): number {
    return this.#bytes;
  }

  /**
   * Forgets a finished transaction (load mode): its requests, its confirmed order and its waiting
   * callbacks. Its late callbacks (the energy transfer's on_status, say) are then counted, not kept.
   */
  release(transactionId: string): void {
    const gone = this.#pending.filter((p) => p.transactionId === transactionId);
    for (const pending of gone) {
      this.#pending.splice(this.#pending.indexOf(pending), 1);
      this.#bytes -= pending.callbacks.reduce((sum, c) => sum + c.rawBody.length, 0);
    }
    for (const raw of this.#orphans.filter((r) => contextOf(r.body)["transaction_id"] === transactionId)) {
      this.#orphans.splice(this.#orphans.indexOf(raw), 1);
      this.#bytes -= raw.rawBody.length;
    }
    this.#confirmedBy.delete(transactionId);
    this.#released.add(transactionId);
    if (this.#released.size > RELEASED_REMEMBERED) {
      this.#released.delete(this.#released.values().next().value as string);
    }
  }

  accept(raw: RawCallback): void {
    const context = contextOf(raw.body);
    if (this.#released.has(String(context["transaction_id"]))) {
      this.#late += 1;
      return;
    }
    const byId = this.#pending.filter((p) => p.messageId === context["message_id"]);
    const target = byId.find((p) => p.callbacks.length === 0) ?? byId[byId.length - 1];
    if (target) {
      this.#attach(target, raw, "message_id");
    } else if (raw.action === "on_status" && typeof context["transaction_id"] === "string" && this.#confirmedBy.has(context["transaction_id"])) {
      this.#attach(this.#confirmedBy.get(context["transaction_id"]) as Pending, raw, "unsolicited");
    } else if (this.#orphans.length < MAX_CALLBACKS_KEPT && this.#bytes + raw.rawBody.length <= MAX_CALLBACK_BYTES_KEPT) {
      this.#orphans.push(raw);
      this.#bytes += raw.rawBody.length;
    } else {
      this.#dropped += 1;
    }
    for (const listener of this.#listeners) {
      listener();
    }
  }

  /**
   * At a request's deadline: claim waiting callbacks of its transaction (rule 3). An unreadable body
   * is claimed by its endpoint only for a request that is owed a callback, never for a probe.
   */
  claimAtDeadline(pending: Pending, owedCallback: boolean): void {
    if (pending.callbacks.some((c) => c.matchedBy === "message_id")) {
      return;
    }
    const sameTransaction = this.#orphans.filter((raw) => contextOf(raw.body)["transaction_id"] === pending.transactionId);
    const sameAction = sameTransaction.filter((raw) => raw.action === `on_${pending.action}`);
    const claimed = sameAction.length > 0 ? sameAction : sameTransaction;
    for (const raw of claimed) {
      this.#orphans.splice(this.#orphans.indexOf(raw), 1);
      this.#attach(pending, raw, sameAction.length > 0 ? "transaction_and_action" : "transaction", true);
    }
    const unreadable = claimed.length === 0 && owedCallback ? this.#orphans.find((raw) => raw.body === undefined && raw.action === `on_${pending.action}`) : undefined;
    if (unreadable) {
      this.#orphans.splice(this.#orphans.indexOf(unreadable), 1);
      this.#attach(pending, unreadable, "endpoint", true);
    }
  }

  /** At the end of a scenario: its transaction's unclaimed callbacks are unsolicited (rule 4). */
  claimLeftovers(transactionId: string, pending: Pending): void {
    const leftovers = this.#orphans.filter((raw) => contextOf(raw.body)["transaction_id"] === transactionId);
    for (const raw of leftovers) {
      this.#orphans.splice(this.#orphans.indexOf(raw), 1);
      this.#attach(pending, raw, "unsolicited", true);
    }
  }

  /** Settles when `done()` holds after a callback arrives, or at `deadline` (epoch ms). Never polls. */
  waitUntil(done: () => boolean, deadline: number): Promise<void> {
    if (done() || Date.now() >= deadline) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        resolve();
      };
      const check = (): void => {
        if (done()) {
          finish();
        }
      };
      const timer = setTimeout(finish, Math.max(0, deadline - Date.now()));
      this.#listeners.add(check);
    });
  }

  /** `fromOrphans`: a waiting callback being claimed, whose bytes are already counted. */
  #attach(pending: Pending, raw: RawCallback, matchedBy: ReceivedCallback["matchedBy"], fromOrphans = false): void {
    const extra = fromOrphans ? 0 : raw.rawBody.length;
    if (pending.callbacks.length >= MAX_CALLBACKS_KEPT || this.#bytes + extra > MAX_CALLBACK_BYTES_KEPT) {
      this.#dropped += 1;
      this.#bytes -= raw.rawBody.length - extra;
      return;
    }
    this.#bytes += extra;
    pending.callbacks.push({ ...raw, atMs: raw.receivedAt - pending.sentAt, matchedBy });
  }
}
