/**
 * What a recording forwarder keeps of each exchange: the request and the answer with their raw
 * bytes (each body up to a cap: a longer one is passed on whole but recorded cut, with a note),
 * wall-clock and monotonic timings, and how it ended. The number of exchanges kept is bounded too:
 * past it, exchanges are still forwarded but only counted.
 */
export interface ForwarderLimits {
  /** The bytes of one body kept in the record (the body itself passes whole); default 1 MiB. */
  readonly maxRecordedBodyBytes?: number;
  /** Exchanges kept; later ones are forwarded and counted in `dropped()`; default 10,000. */
  readonly maxExchanges?: number;
  /** How long the target may stay silent (connecting, answering, or mid-answer); default 30 s. */
  readonly targetTimeoutMs?: number;
}

export const DEFAULT_FORWARDER_LIMITS: Required<ForwarderLimits> = {
  maxRecordedBodyBytes: 1024 * 1024,
  maxExchanges: 10_000,
  targetTimeoutMs: 30_000,
};

export interface RecordedHeader {
  readonly name: string;
  readonly value: string;
}

/** A body as recorded: its first bytes (all of them unless `truncated`) and its whole size. */
export interface RecordedBody {
  readonly bytes: Buffer;
  /** Every byte that passed, recorded or not. */
  readonly size: number;
  readonly truncated: boolean;
}

/**
 * How an exchange ended: `answered` (the target's answer passed back), `no-answer` (the target could
 * not be reached or stayed silent: the caller got a 502 NACK), `cut` (the target or the caller broke
 * off once the answer had started, or the caller left before it), `refused` (the forwarder refused
 * the request itself: not a path on this host).
 */
export type ForwardOutcome = "answered" | "no-answer" | "cut" | "refused";

export interface ForwardedExchange {
  /** 1, 2, 3… in the order the requests arrived (dropped ones count too). */
  readonly seq: number;
  readonly request: {
    readonly method: string;
    /** Path and query, exactly as received. */
    readonly path: string;
    /** As received, hop-by-hop ones included, in order and spelled as received. */
    readonly headers: readonly RecordedHeader[];
    readonly body: RecordedBody;
  };
  /** What went back to the caller: the target's answer, or the forwarder's 502 / 400 NACK. */
  readonly response?: {
    readonly status: number;
    readonly headers: readonly RecordedHeader[];
    readonly body: RecordedBody;
    /** Whether the forwarder wrote it (a NACK) rather than the target. */
    readonly fromForwarder: boolean;
  };
  readonly outcome: ForwardOutcome;
  /** Why a `no-answer`, `cut` or `refused`, e.g. `ECONNREFUSED`, `timeout after 30000 ms`. */
  readonly failure?: string;
  readonly timings: ForwardTimings;
  /** Sentences about the record itself, e.g. a body recorded cut. */
  readonly notes: readonly string[];
}

/** `startedAt` is the wall clock (ms since the epoch); the rest are monotonic ms since the request arrived. */
export interface ForwardTimings {
  readonly startedAt: number;
  /** The request's last byte received from the caller. */
  readonly requestEnd?: number;
  /** The target's status line and headers. */
  readonly responseStart?: number;
  /** The answer's last byte passed to the caller, or the moment the exchange ended otherwise. */
  readonly end: number;
}

/** Collects a body's bytes up to a cap while they stream past. */
export class BodyTap {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private seen = 0;

  constructor(private readonly cap: number) {}

  push(chunk: Buffer): void {
    this.seen += chunk.length;
    const room = this.cap - this.kept;
    if (room > 0) {
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.chunks.push(Buffer.from(part));
      this.kept += part.length;
    }
  }

  body(): RecordedBody {
    return { bytes: Buffer.concat(this.chunks, this.kept), size: this.seen, truncated: this.seen > this.kept };
  }
}

/** The note a body recorded cut gets. */
export function cutNote(which: "request" | "response", body: RecordedBody): string | undefined {
  return body.truncated ? `The ${which} body is recorded cut: its first ${body.bytes.length} of ${body.size} bytes (it passed whole).` : undefined;
}

/** The exchanges kept, bounded: past the bound, only counted. */
export class ExchangeLog {
  private readonly kept: ForwardedExchange[] = [];
  private droppedCount = 0;
  private nextSeq = 1;

  constructor(private readonly max: number) {}

  /** The next exchange's number, taken when its request arrives. */
  take(): number {
    return this.nextSeq++;
  }

  add(exchange: ForwardedExchange): void {
    if (this.kept.length < this.max) {
      this.kept.push(exchange);
    } else {
      this.droppedCount += 1;
    }
  }

  /** In the order the requests arrived. */
  all(): readonly ForwardedExchange[] {
    return [...this.kept].sort((a, b) => a.seq - b.seq);
  }

  dropped(): number {
    return this.droppedCount;
  }
}
