/**
 * How much a harness server keeps of what a system under test sends it during a run (docs/limits.md
 * "Stored bytes"): the first arrivals, up to a count and a number of bytes counted as held
 * (protocol/retained.ts); later ones are dropped and counted. A run that dropped evidence cannot be
 * judged conformant: what was dropped might have failed a check (RunResult.evidenceDropped).
 */
import { EventEmitter } from "node:events";

export const MAX_EVIDENCE_BYTES = 128 * 1024 * 1024;
/** The most arrivals one harness server keeps in a run. */
export const MAX_EVIDENCE_RECORDS = 1000;

export class EvidenceBudget {
  readonly #maxBytes: number;
  readonly #maxRecords: number;
  #bytes = 0;
  #records = 0;
  #dropped = 0;

  constructor(maxBytes = MAX_EVIDENCE_BYTES, maxRecords = MAX_EVIDENCE_RECORDS) {
    this.#maxBytes = maxBytes;
    this.#maxRecords = maxRecords;
  }

  /** True when a record of `bytes` may be kept (and counts it); false when it must be dropped (and counts that). */
  admit(bytes: number): boolean {
    if (this.#records >= this.#maxRecords || this.#bytes + bytes > this.#maxBytes) {
      this.#dropped += 1;
      return false;
    }
    this.#records += 1;
    this.#bytes += bytes;
    return true;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** How many arrivals were dropped past the bounds. */
  get dropped(): number {
    return this.#dropped;
  }
}

/**
 * What a harness server kept of what arrived, in order, within an EvidenceBudget, with an `arrival`
 * event for every arrival (kept or dropped) to await on.
 */
export class EvidenceLog<T> {
  readonly events = new EventEmitter();
  readonly #kept: T[] = [];
  readonly #budget = new EvidenceBudget();

  /** `bytesOf` counts what one arrival holds (protocol/retained.ts). */
  constructor(private readonly bytesOf: (arrival: T) => number) {
    this.events.setMaxListeners(100);
  }

  add(arrival: T): void {
    if (this.#budget.admit(this.bytesOf(arrival))) {
      this.#kept.push(arrival);
    }
    this.events.emit("arrival", arrival);
  }

  /** How many arrivals were dropped past the budget. */
  get dropped(): number {
    return this.#budget.dropped;
  }

  /** The arrivals kept so far, in order (the log's own array: read, never changed). */
  protected get kept(): readonly T[] {
    return this.#kept;
  }
}

const BOUNDS = `${MAX_EVIDENCE_RECORDS} messages or ${MAX_EVIDENCE_BYTES / (1024 * 1024)} MiB`;

/** The sentence a run reports when it dropped evidence, or undefined when it dropped none. */
export function evidenceDroppedNote(dropped: number, where: string, bounds = BOUNDS): string | undefined {
  return dropped === 0
    ? undefined
    : `The harness dropped ${dropped} ${dropped === 1 ? "message" : "messages"} the system under test sent to ${where}, past the ${bounds} it keeps (docs/limits.md "Stored bytes"). What was dropped was not judged, so the run cannot be judged conformant.`;
}
