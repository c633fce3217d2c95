import { ERROR, nackBody, type AckBody } from "../../protocol/ack.js";

/**
 * How many outgoing calls one mock may have waiting or in flight at once (docs/limits.md "Outgoing
 * calls"). Each call already has a deadline (postRaw, 3 s by default), so a budget of 256 lets a
 * mock sustain about 85 calls a second to a peer that never answers, and far more to one that does;
 * the guide's flows need one or two at a time per transaction.
 */
export const MAX_OUTGOING_IN_FLIGHT = 256;

/** How many BPPs one search is multicast to, at most (the first ones the registry lists). */
export const MAX_SEARCH_FANOUT = 64;

/** The `Retry-After` a busy mock answers with, in seconds: about one call deadline. */
export const BUSY_RETRY_AFTER_SECONDS = 3;

/**
 * A count of the outgoing calls a mock has waiting or in flight, with a ceiling: a call is taken
 * before it is sent (or scheduled) and given back when it has settled, whatever its outcome.
 */
export class OutgoingBudget {
  #inFlight = 0;

  constructor(readonly max: number = MAX_OUTGOING_IN_FLIGHT) {}

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Whether `count` more calls fit now. */
  fits(count = 1): boolean {
    return this.#inFlight + count <= this.max;
  }

  /** Takes `count` calls from the budget, or returns false (taking nothing) when they do not fit. */
  take(count = 1): boolean {
    if (!this.fits(count)) {
      return false;
    }
    this.#inFlight += count;
    return true;
  }

  /**
   * Takes `count` calls whether or not they fit: for calls a mock has already committed to (the
   * callbacks of a request it ACKed after checking `fits` on arrival).
   */
  hold(count = 1): void {
    this.#inFlight += count;
  }

  /** Gives back `count` calls taken earlier. */
  release(count = 1): void {
    this.#inFlight = Math.max(0, this.#inFlight - count);
  }

  /** Runs `call` within the budget; `undefined`, without calling, when the budget is spent. */
  async spend<T>(call: () => Promise<T>): Promise<T | undefined> {
    if (!this.take()) {
      return undefined;
    }
    try {
      return await call();
    } finally {
      this.release();
    }
  }
}

/** What a busy mock answers instead of acting: 429, `Retry-After`, and a coded NACK naming the limit. */
export interface BusyAnswer {
  readonly status: 429;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: AckBody;
}

export function busyAnswer(who: string, budget: OutgoingBudget): BusyAnswer {
  const message = `The ${who} has ${budget.inFlight} outgoing calls waiting or in flight, its limit of ${budget.max} (docs/limits.md "Outgoing calls"): retry after ${BUSY_RETRY_AFTER_SECONDS} s.`;
  return { status: 429, headers: { "retry-after": String(BUSY_RETRY_AFTER_SECONDS) }, body: nackBody({ code: ERROR.invalidRequest, message }) };
}
