import { EventEmitter } from "node:events";
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

/** What the gateway forwarded, bounded: past the limit the oldest entries are dropped. */
export class ForwardLog {
  readonly events = new EventEmitter();
  readonly #fanouts: Fanout[] = [];
  readonly #max: number;

  constructor(max: number = DEFAULT_MAX_FORWARDS) {
    this.#max = Math.max(1, max);
    this.events.setMaxListeners(100);
  }

  add(fanout: Fanout): void {
    this.#fanouts.push(fanout);
    while (this.#fanouts.length > this.#max) {
      this.#fanouts.shift();
    }
    this.events.emit("fanout", fanout);
  }

  /** Every fan-out kept, oldest first. */
  fanouts(): readonly Fanout[] {
    return [...this.#fanouts];
  }

  /** Every single forward kept, oldest first. */
  list(): readonly ForwardRecord[] {
    return this.#fanouts.flatMap((fanout) => fanout.forwards);
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
      already: this.#fanouts.find(matches),
    });
  }
}
