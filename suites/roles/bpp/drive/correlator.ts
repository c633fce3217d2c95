import { retainedBytes, stringBytes, stringsBytes } from "../../../../protocol/retained.js";
import type { RawCallback } from "./receiver.js";
import type { ReceivedCallback } from "../../../core/check.js";

/** A request whose callbacks the correlator collects. */
export interface Pending {
  readonly exchangeId: string;
  readonly messageId: string;
  readonly transactionId: string;
  /** The request's action (its endpoint); its callback is `on_<action>`. */
  readonly action: string;
  /** The callback actions that answer it: `on_<action>`, and `on_<context.action>` where its body names another (rule 1). */
  readonly replyActions: readonly string[];
  /** Wall-clock ms since the epoch when it was sent. */
  readonly sentAt: number;
  readonly callbacks: ReceivedCallback[];
}

/** Evidence kept per transaction is capped, so a flood cannot exhaust memory (DESIGN "Timing"). */
export const MAX_CALLBACKS_KEPT = 500;
/**
 * And so are the bytes of all callbacks kept at once, counted as held: the text, the headers and
 * the parsed body (protocol/retained.ts; a 1 MB body of `{}` counts about 27 MiB). 128 MiB: a whole
 * run against the reference BPP counts 0.65 MiB (docs/limits.md "Stored bytes"), and even four
 * callbacks of 1 MiB that parse to 30 MiB each fit; past it callbacks are dropped and counted, and
 * a run that dropped any cannot be judged conformant (RunResult.evidenceDropped).
 */
export const MAX_CALLBACK_BYTES_KEPT = 128 * 1024 * 1024;

/** What a received callback holds in memory, counted conservatively: its text, headers and parsed body. */
export const callbackBytes = (raw: RawCallback): number =>
  stringBytes(raw.rawBody) + stringsBytes(raw.headers) + retainedBytes(raw.body) + stringBytes(raw.action);
/** Transactions released (load mode) whose late callbacks are still recognised and ignored. */
const RELEASED_REMEMBERED = 10_000;

const contextOf = (body: unknown): Record<string, unknown> => {
  const context = (body as { context?: unknown } | null | undefined)?.context;
  return typeof context === "object" && context !== null ? (context as Record<string, unknown>) : {};
};

/**
 * The callback actions that reply to a request sent to `action`'s endpoint with this body:
 * `on_<action>`, and `on_<context.action>` when the body names another action (the action-mismatch
 * probe): a SUT that takes the body's word answers with that action's callback, by the request's id.
 */
export function replyActionsOf(action: string, body: unknown): string[] {
  const named = contextOf(body)["action"];
  return typeof named === "string" && named !== action ? [`on_${action}`, `on_${named}`] : [`on_${action}`];
}

/** The action a callback's body names in `context.action`, whatever endpoint it came to; undefined when it names none. */
export function bodyActionOf(body: unknown): string | undefined {
  const action = contextOf(body)["action"];
  return typeof action === "string" ? action : undefined;
}

/**
 * Whether a callback is an `action` callback: it came to that endpoint, or its body names that
 * action (a callback posted to the wrong endpoint is still that action's; CTX-017 names the endpoint).
 */
export const isCallbackOf = (callback: { readonly action: string; readonly body: unknown }, action: string): boolean =>
  callback.action === action || bodyActionOf(callback.body) === action;

/** Whether a request already has its reply (any callback attributed to it but unsolicited ones). */
export const hasReply = (pending: Pending): boolean => pending.callbacks.some((c) => c.matchedBy !== "unsolicited");

/**
 * Attributes each callback to the request it answers (DESIGN "A run", step 4; docs/rules.md
 * "Callback attribution"). This is the one place the rule lives:
 * 1. A callback carrying a request's `message_id` is that request's reply only if its action (the
 *    endpoint it came to, or else the `context.action` its body names: a reply posted to the wrong
 *    endpoint is still the reply, and CTX-017 names the endpoint) is the request's `on_<action>` (or `on_` the action its body's `context.action` names, which
 *    differs only for the action-mismatch probe: `replyActionsOf`) and the request has no reply yet (or was sent twice: the repeat
 *    gets the second). More `on_search` for one search are replies too, and a byte-identical copy
 *    of a reply is a redelivery of it (TIM-006 judges both). Any other callback with an old id is
 *    unsolicited, and CTX-016 judges it.
 * 2. A callback other than `on_status` whose id matches nothing is claimed at once by the only
 *    open request (no reply, deadline not passed) of that action in its transaction.
 * 3. An `on_status` whose id matches nothing, after the transaction's confirm was ACKed, is
 *    unsolicited progress. At the deadline of a `status` request that got no reply, the first such
 *    `on_status` that arrived after the request becomes its reply (CTX-003 then fails it), until
 *    the request's own reply by id arrives late: then that is its reply (TIM-002 judges it late),
 *    and the progress goes back to the transfer.
 * 4. Anything else waits; at the deadline of a request without a reply it is claimed if the
 *    `transaction_id` and `on_<action>` match, else if the `transaction_id` alone matches, else
 *    (a body that is not JSON has no context) if it came to the request's `on_<action>` endpoint.
 *    What is still unclaimed when a scenario ends is unsolicited in its transaction.
 * Unsolicited callbacks go to the transaction's ACKed confirm (the transfer's exchange), or, before
 * one, to the request whose id they carry, or to the scenario's first request.
 */
export class Correlator {
  readonly #pending: Pending[] = [];
  /** Per transaction, the confirm the SUT ACKed: from then on its on_status are the transfer's progress. */
  readonly #confirmed = new Map<string, Pending>();
  /** Requests past their deadline: no longer open to rule 2. */
  readonly #closed = new WeakSet<Pending>();
  /** Unsolicited on_status that matched no id (rule 3): a status request may still claim one. */
  readonly #progress = new WeakSet<ReceivedCallback>();
  /** Progress a status request took at its deadline (rule 3): its own reply by id, arriving late, takes its place. */
  readonly #guessed = new WeakSet<ReceivedCallback>();
  readonly #orphans: RawCallback[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #released = new Set<string>();
  /** Each callback's counted bytes, measured once when it arrived (callbackBytes walks the parsed body). */
  readonly #sizes = new WeakMap<object, number>();
  #dropped = 0;
  #late = 0;
  #bytes = 0;

  #sizeOf(callback: RawCallback): number {
    const known = this.#sizes.get(callback);
    if (known !== undefined) {
      return known;
    }
    const size = callbackBytes(callback);
    this.#sizes.set(callback, size);
    return size;
  }

  /** `body`: what was sent, whose `context.action` may name a second reply action (rule 1). */
  register(request: Omit<Pending, "callbacks" | "replyActions">, body?: unknown): Pending {
    const pending: Pending = { ...request, replyActions: replyActionsOf(request.action, body), callbacks: [] };
    this.#pending.push(pending);
    return pending;
  }

  /**
   * The SUT ACKed this confirm: from now on an on_status of its transaction that answers no request
   * is the transfer's progress (rule 3), those already waiting included (one may overtake the ACK).
   */
  confirmAcked(confirm: Pending): void {
    if (this.#confirmed.has(confirm.transactionId)) {
      return;
    }
    this.#confirmed.set(confirm.transactionId, confirm);
    for (const raw of this.#orphans.filter((r) => r.action === "on_status" && contextOf(r.body)["transaction_id"] === confirm.transactionId)) {
      this.#orphans.splice(this.#orphans.indexOf(raw), 1);
      this.#attach(confirm, raw, "unsolicited", true, true);
    }
    this.#notify();
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
      this.#bytes -= pending.callbacks.reduce((sum, c) => sum + this.#sizeOf(c), 0);
    }
    for (const raw of this.#orphans.filter((r) => contextOf(r.body)["transaction_id"] === transactionId)) {
      this.#orphans.splice(this.#orphans.indexOf(raw), 1);
      this.#bytes -= this.#sizeOf(raw);
    }
    this.#confirmed.delete(transactionId);
    this.#released.add(transactionId);
    if (this.#released.size > RELEASED_REMEMBERED) {
      this.#released.delete(this.#released.values().next().value as string);
    }
  }

  accept(raw: RawCallback): void {
    const context = contextOf(raw.body);
    const transactionId = context["transaction_id"];
    if (this.#released.has(String(transactionId))) {
      this.#late += 1;
      return;
    }
    const byId = this.#pending.filter((p) => p.messageId === context["message_id"]);
    const confirm = typeof transactionId === "string" ? this.#confirmed.get(transactionId) : undefined;
    if (byId.length > 0) {
      const reply = this.#replyTarget(byId, raw);
      if (reply) {
        this.#returnGuess(reply);
      }
      // Rule 1: a callback with an old id that is no reply is unsolicited.
      this.#attach(reply ?? confirm ?? (byId[0] as Pending), raw, reply ? "message_id" : "unsolicited");
    } else if (raw.action === "on_status" && confirm) {
      this.#attach(confirm, raw, "unsolicited", false, true); // rule 3
    } else if (raw.action !== "on_status" && this.#claimOpen(raw, transactionId)) {
      // rule 2: claimed at once
    } else if (this.#orphans.length < MAX_CALLBACKS_KEPT && this.#bytes + this.#sizeOf(raw) <= MAX_CALLBACK_BYTES_KEPT) {
      this.#orphans.push(raw);
      this.#bytes += this.#sizeOf(raw);
    } else {
      this.#dropped += 1;
    }
    this.#notify();
  }

  /** Rule 1: which of the requests carrying this id the callback answers, if any. */
  #replyTarget(byId: readonly Pending[], raw: RawCallback): Pending | undefined {
    const sameAction = byId.filter((p) => p.replyActions.some((action) => isCallbackOf(raw, action)));
    const open = sameAction.find((p) => !hasReply(p) || p.callbacks.every((c) => c.matchedBy === "unsolicited" || this.#guessed.has(c)));
    if (open || sameAction.length === 0) {
      return open;
    }
    const last = sameAction[sameAction.length - 1] as Pending;
    const redelivery = sameAction.find((p) => p.callbacks.some((c) => c.matchedBy === "message_id" && c.rawBody === raw.rawBody));
    return redelivery ?? (last.action === "search" ? last : undefined);
  }

  /** Rule 2: the only open request of the callback's action in its transaction claims it. */
  #claimOpen(raw: RawCallback, transactionId: unknown): boolean {
    const open = this.#pending.filter((p) => p.transactionId === transactionId && raw.action === `on_${p.action}` && !this.#closed.has(p) && !hasReply(p));
    if (open.length !== 1) {
      return false;
    }
    this.#attach(open[0] as Pending, raw, "transaction_and_action");
    return true;
  }

  /**
   * At a request's deadline: it is no longer open; a status request without a reply takes the first
   * unsolicited on_status that arrived after it (rule 3); otherwise waiting callbacks of its
   * transaction are claimed (rule 4). An unreadable body is claimed by its endpoint only for a
   * request that is owed a callback, never for a probe.
   */
  claimAtDeadline(pending: Pending, owedCallback: boolean): void {
    this.#closed.add(pending);
    if (hasReply(pending) || this.#claimProgress(pending)) {
      return;
    }
    const sameTransaction = this.#orphans.filter((raw) => contextOf(raw.body)["transaction_id"] === pending.transactionId);
    const sameAction = sameTransaction.filter((raw) => raw.action === `on_${pending.action}`);
    const claimed = sameAction.length > 0 ? sameAction : sameTransaction;
    for (const raw of claimed) {
      this.#orphans.splice(this.#orphans.indexOf(raw), 1);
      this.#attach(pending, raw, sameAction.length > 0 ? "transaction_and_action" : "transaction", true);
    }
    const unreadable =
      claimed.length === 0 && owedCallback ? this.#orphans.find((raw) => raw.body === undefined && raw.action === `on_${pending.action}`) : undefined;
    if (unreadable) {
      this.#orphans.splice(this.#orphans.indexOf(unreadable), 1);
      this.#attach(pending, unreadable, "endpoint", true);
    }
  }

  /** Rule 3, at a status request's deadline: moves the first progress on_status since it was sent to it. */
  #claimProgress(pending: Pending): boolean {
    const confirm = this.#confirmed.get(pending.transactionId);
    if (pending.action !== "status" || !confirm) {
      return false;
    }
    const index = confirm.callbacks.findIndex((c) => this.#progress.has(c) && c.receivedAt >= pending.sentAt);
    const [moved] = index < 0 ? [] : confirm.callbacks.splice(index, 1);
    if (!moved) {
      return false;
    }
    const guess: ReceivedCallback = { ...moved, atMs: moved.receivedAt - pending.sentAt, matchedBy: "transaction_and_action" };
    this.#guessed.add(guess);
    pending.callbacks.push(guess);
    return true;
  }

  /** A status request's late reply by id: the progress it took at its deadline goes back to the transfer. */
  #returnGuess(pending: Pending): void {
    const confirm = this.#confirmed.get(pending.transactionId);
    const index = pending.callbacks.findIndex((c) => this.#guessed.has(c));
    const [guess] = index < 0 || !confirm ? [] : pending.callbacks.splice(index, 1);
    if (guess && confirm) {
      const back: ReceivedCallback = { ...guess, atMs: guess.receivedAt - confirm.sentAt, matchedBy: "unsolicited" };
      this.#progress.add(back);
      confirm.callbacks.push(back);
    }
  }

  /**
   * At the end of a scenario: its transaction's unclaimed callbacks are unsolicited (rule 4), kept
   * with the transaction's ACKed confirm, or else with `first`.
   */
  claimLeftovers(transactionId: string, first: Pending): void {
    const leftovers = this.#orphans.filter((raw) => contextOf(raw.body)["transaction_id"] === transactionId);
    for (const raw of leftovers) {
      this.#orphans.splice(this.#orphans.indexOf(raw), 1);
      this.#attach(this.#confirmed.get(transactionId) ?? first, raw, "unsolicited", true);
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

  #notify(): void {
    for (const listener of this.#listeners) {
      listener();
    }
  }

  /** `fromOrphans`: a waiting callback being claimed, whose bytes are already counted. `progress`: rule 3's. */
  #attach(pending: Pending, raw: RawCallback, matchedBy: ReceivedCallback["matchedBy"], fromOrphans = false, progress = false): void {
    const size = this.#sizeOf(raw);
    const extra = fromOrphans ? 0 : size;
    if (pending.callbacks.length >= MAX_CALLBACKS_KEPT || this.#bytes + extra > MAX_CALLBACK_BYTES_KEPT) {
      this.#dropped += 1;
      this.#bytes -= size - extra;
      return;
    }
    this.#bytes += extra;
    const callback: ReceivedCallback = { ...raw, atMs: raw.receivedAt - pending.sentAt, matchedBy };
    this.#sizes.set(callback, size);
    if (progress) {
      this.#progress.add(callback);
    }
    pending.callbacks.push(callback);
  }
}
