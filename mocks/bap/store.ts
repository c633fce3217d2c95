import { EventEmitter } from "node:events";
import type { BapRecord, CallbackRecord, ExchangesView, RequestRecord } from "./records.js";
import { BoundedLog, retainedBytes, stringBytes, stringsBytes } from "../../protocol/retained.js";
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

/**
 * The most one `GET /exchanges` answer (or a flow's view of its transaction) shows, in bytes counted
 * as held: 8 MiB, so serialising it stays a matter of milliseconds however full the store is.
 */
export const EXCHANGES_VIEW_BYTES = 8 * 1024 * 1024;
/**
 * The bytes all kept records may hold together (docs/limits.md "Stored bytes"): 64 MiB. The
 * guide's whole flow keeps about 0.2 MiB, so 1000 records of ordinary size stay within it, and
 * even a callback of 1 MiB that parses to 30 MiB fits; a flood of large ones evicts the oldest.
 */
export const DEFAULT_MAX_EXCHANGE_BYTES = 64 * 1024 * 1024;
/** Bytes counted for a record's fixed fields (numbers, flags, the object itself). */
const RECORD_BYTES = 512;

/** What a record holds, counted conservatively (protocol/retained.ts): its texts, its headers and its parsed bodies. */
export function recordBytes(record: BapRecord): number {
  if (record.kind === "callback") {
    const texts = [record.rawBody, record.transactionId, record.messageId, record.bppId, record.verification.detail];
    return (
      RECORD_BYTES +
      texts.reduce((sum: number, t) => sum + (t === undefined ? 0 : stringBytes(t)), 0) +
      stringsBytes(record.headers) +
      retainedBytes(record.body) +
      retainedBytes(record.answer)
    );
  }
  const { request, response, failure } = record;
  const sent = stringBytes(request.url) + stringsBytes(request.headers) + stringBytes(request.rawBody) + retainedBytes(request.body);
  const answered = response ? stringsBytes(response.headers) + stringBytes(response.rawBody) + retainedBytes(response.body) : 0;
  return RECORD_BYTES + stringBytes(record.transactionId) + stringBytes(record.messageId) + sent + answered + (failure ? stringBytes(failure.detail) : 0);
}

function matches(record: CallbackRecord, match: CallbackMatch): boolean {
  return (
    record.transactionId === match.transactionId &&
    (match.messageId === undefined || record.messageId === match.messageId) &&
    (match.action === undefined || record.action === match.action) &&
    (match.bppId === undefined || record.bppId === match.bppId) &&
    (match.accepted === undefined || match.accepted !== record.flagged)
  );
}

/** Requests sent and callbacks received, bounded in count and bytes (the oldest dropped), with arrival events. */
export class ExchangeStore {
  readonly events = new EventEmitter<BapEvents>();
  readonly #log: BoundedLog<BapRecord>;
  #seq = 0;

  constructor(max: number = DEFAULT_MAX_EXCHANGES, maxBytes: number = DEFAULT_MAX_EXCHANGE_BYTES) {
    this.#log = new BoundedLog(max, maxBytes);
    this.events.setMaxListeners(100);
  }

  /** The kept records, oldest first, read in place (no copy: this runs for every callback). */
  get #records(): readonly { readonly item: BapRecord }[] {
    return this.#log.entries();
  }

  /** The bytes the kept records hold, as counted by recordBytes. */
  get keptBytes(): number {
    return this.#log.bytes;
  }

  nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  #keep(record: BapRecord): void {
    this.#log.push(record, recordBytes(record));
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
    const found = this.#records.findLast(({ item }) => item.kind === "request" && item.messageId === messageId)?.item;
    return found?.kind === "request" ? found : undefined;
  }

  /** Whether the BAP sent any request in this transaction (among the records kept). */
  knowsTransaction(transactionId: string): boolean {
    return this.#records.some(({ item }) => item.kind === "request" && item.transactionId === transactionId);
  }

  /**
   * Everything kept, or one transaction's records, in arrival order: the newest of them that fit in
   * EXCHANGES_VIEW_BYTES (at least one), with `omitted` counting the older ones left out.
   */
  view(transactionId?: string): ExchangesView {
    const all = this.#log.entries().filter((e) => transactionId === undefined || e.item.transactionId === transactionId);
    let first = all.length;
    for (let bytes = 0; first > 0; first -= 1) {
      bytes += (all[first - 1] as { bytes: number }).bytes;
      if (bytes > EXCHANGES_VIEW_BYTES && first < all.length) {
        break;
      }
    }
    const shown = all.slice(first).map((e) => e.item);
    return {
      transaction_id: transactionId ?? null,
      requests: shown.filter((r): r is RequestRecord => r.kind === "request"),
      callbacks: shown.filter((r): r is CallbackRecord => r.kind === "callback"),
      ...(first > 0
        ? {
            omitted: first,
            note: `The ${first} oldest records are left out: one answer shows at most ${EXCHANGES_VIEW_BYTES / (1024 * 1024)} MiB of them, counted as held (docs/limits.md "Stored bytes"); ask for one transaction with ?transaction_id=<id>.`,
          }
        : {}),
    };
  }

  /** Settles on the first matching callback (one already kept counts), or rejects at the deadline. */
  waitForCallback(match: CallbackMatch, deadlineMs: number): Promise<CallbackRecord> {
    const what = [match.action ?? "callback", `in transaction ${match.transactionId}`, match.messageId ? `for message ${match.messageId}` : ""]
      .join(" ")
      .trim();
    return waitForEvent<CallbackRecord>({
      emitter: this.events as unknown as EventEmitter,
      event: "callback:received",
      match: (record) => matches(record, match),
      deadlineMs,
      what,
      already: this.#log.items().find((r): r is CallbackRecord => r.kind === "callback" && matches(r, match)),
    });
  }
}
