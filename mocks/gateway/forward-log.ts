import { EventEmitter } from "node:events";
import { BoundedLog, retainedBytes, stringBytes, stringsBytes } from "../../protocol/retained.js";
import { waitForEvent } from "../common/wait-for-event.js";

/** One forward: where the gateway sent a body, with the exact bytes and headers, and what came back. */
export interface ForwardRecord {
  readonly action: "search" | "on_search";
  readonly transactionId: string | undefined;
  readonly messageId: string | undefined;
  /** The recipient's subscriber id, or `bap_uri` when an on_search went to the context's URL. */
  readonly target: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: string;
  readonly outcome:
    | { readonly kind: "response"; readonly status: number; readonly body: unknown }
    | { readonly kind: "failure"; readonly failure: string; readonly detail: string };
  readonly atMs: number;
}

/** One received message and everything it was forwarded to, recorded when all forwards settled. */
export interface Fanout {
  readonly action: "search" | "on_search";
  readonly transactionId: string | undefined;
  readonly messageId: string | undefined;
  /** Recipients chosen, in order (subscriber ids, or `bap_uri`). */
  readonly targets: readonly string[];
  readonly forwards: readonly ForwardRecord[];
  /** Why nothing could be forwarded (a lookup that failed), when that happened. */
  readonly error?: string;
  readonly atMs: number;
}

export interface FanoutMatch {
  readonly messageId: string;
  readonly action?: "search" | "on_search";
}

export const DEFAULT_MAX_FORWARDS = 1000;
/**
 * The bytes all kept fan-outs may hold together (docs/limits.md "Stored bytes"): 64 MiB. A relayed
 * search of the guide counts a few KiB per recipient; an answer of 1 MiB that parses to 30 MiB
 * still fits; a flood of large ones evicts the oldest.
 */
export const DEFAULT_MAX_FORWARD_BYTES = 64 * 1024 * 1024;

/** What a forward holds, counted as held (protocol/retained.ts); the body it relays counts once per recipient. */
const forwardBytes = (f: ForwardRecord): number =>
  256 +
  stringBytes(f.url) +
  stringBytes(f.target) +
  stringsBytes(f.headers) +
  stringBytes(f.rawBody) +
  retainedBytes(f.outcome) +
  stringBytes(f.transactionId ?? "") +
  stringBytes(f.messageId ?? "");

/** What a fan-out holds: its forwards, its recipients' names, its error. */
export const fanoutBytes = (fanout: Fanout): number =>
  256 +
  fanout.forwards.reduce((sum, f) => sum + forwardBytes(f), 0) +
  retainedBytes(fanout.targets) +
  stringBytes(fanout.error ?? "") +
  stringBytes(fanout.transactionId ?? "") +
  stringBytes(fanout.messageId ?? "");

/** What the gateway forwarded, bounded in count and bytes: past either bound the oldest entries are dropped. */
export class ForwardLog {
  readonly events = new EventEmitter();
  readonly #log: BoundedLog<Fanout>;

  constructor(max: number = DEFAULT_MAX_FORWARDS, maxBytes: number = DEFAULT_MAX_FORWARD_BYTES) {
    this.#log = new BoundedLog(max, maxBytes);
    this.events.setMaxListeners(100);
  }

  add(fanout: Fanout): void {
    this.#log.push(fanout, fanoutBytes(fanout));
    this.events.emit("fanout", fanout);
  }

  /** Every fan-out kept, oldest first. */
  fanouts(): readonly Fanout[] {
    return this.#log.items();
  }

  /** Every single forward kept, oldest first. */
  list(): readonly ForwardRecord[] {
    return this.#log.items().flatMap((fanout) => fanout.forwards);
  }

  /** The bytes the kept fan-outs hold, as counted. */
  get keptBytes(): number {
    return this.#log.bytes;
  }

  /** Settles when the fan-out of a message has finished (every forward answered or failed). */
  waitForFanout(match: FanoutMatch, deadlineMs: number): Promise<Fanout> {
    const matches = (f: Fanout): boolean => f.messageId === match.messageId && (match.action === undefined || f.action === match.action);
    return waitForEvent<Fanout>({
      emitter: this.events,
      event: "fanout",
      match: matches,
      deadlineMs,
      what: `fan-out of message ${match.messageId}`,
      already: this.#log.items().find(matches),
    });
  }
}
