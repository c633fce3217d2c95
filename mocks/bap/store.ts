import { EventEmitter } from "node:events";
import type { BapRecord, CallbackRecord, ExchangesView, RequestRecord } from "./records.js";
import { waitForEvent } from "../common/wait-for-event.js";

export interface CallbackMatch {
  readonly transactionId: string;
  readonly messageId?: string;
  readonly action?: string;
  readonly bppId?: string;
  /** true: only ACKed callbacks; false: only flagged ones; unset: either. */
  readonly accepted?: boolean;
}

export type BapEvents = {
  "callback:received": [CallbackRecord];
  "request:sent": [RequestRecord];
};

export const DEFAULT_MAX_EXCHANGES = 1000;

function matches(record: CallbackRecord, match: CallbackMatch): boolean {
  return (
    record.transactionId === match.transactionId &&
    (match.messageId === undefined || record.messageId === match.messageId) &&
    (match.action === undefined || record.action === match.action) &&
    (match.bppId === undefined || record.bppId === match.bppId) &&
    (match.accepted === undefined || match.accepted !== record.flagged)
  );
}

/** Requests sent and callbacks received, bounded (the oldest dropped), with arrival events. */
export class ExchangeStore {
  readonly events = new EventEmitter<BapEvents>();
  readonly #records: BapRecord[] = [];
  readonly #max: number;
  #seq = 0;

  constructor(max: number = DEFAULT_MAX_EXCHANGES) {
    this.#max = Math.max(1, max);
    this.events.setMaxListeners(100);
  }

  nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  #keep(record: BapRecord): void {
    this.#records.push(record);
    while (this.#records.length > this.#max) {
      this.#records.shift();
    }
  }

  addRequest(record: RequestRecord): void {
    this.#keep(record);
    this.events.emit("request:sent", record);
  }

  addCallback(record: CallbackRecord): void {
    this.#keep(record);
    this.events.emit("callback:received", record);
  }

  /** The latest request carrying this message_id. */
  requestByMessageId(messageId: string): RequestRecord | undefined {
    return this.#records.findLast((r): r is RequestRecord => r.kind === "request" && r.messageId === messageId);
  }

  /** Whether the BAP sent any request in this transaction (among the records kept). */
  knowsTransaction(transactionId: string): boolean {
    return this.#records.some((r) => r.kind === "request" && r.transactionId === transactionId);
  }

  view(transactionId?: string): ExchangesView {
    const kept = transactionId === undefined ? this.#records : this.#records.filter((r) => r.transactionId === transactionId);
    return {
      transaction_id: transactionId ?? null,
      requests: kept.filter((r): r is RequestRecord => r.kind === "request"),
      callbacks: kept.filter((r): r is CallbackRecord => r.kind === "callback"),
    };
  }

  /** Settles on the first matching callback (one already kept counts), or rejects at the deadline. */
  waitForCallback(match: CallbackMatch, deadlineMs: number): Promise<CallbackRecord> {
    const what = [match.action ?? "callback", `in transaction ${match.transactionId}`, match.messageId ? `for message ${match.messageId}` : ""].join(" ").trim();
    return waitForEvent<CallbackRecord>({
      emitter: this.events as unknown as EventEmitter,
      event: "callback:received",
      match: (record) => matches(record, match),
      deadlineMs,
      what,
      already: this.#records.find((r): r is CallbackRecord => r.kind === "callback" && matches(r, match)),
    });
  }
}
