/**
 * Latencies in fixed buckets, so the memory a load run uses does not grow with its number of
 * transactions: 0.1 ms wide below 1 s, 1 ms wide from 1 s to 60 s (slower counts as 60 s).
 */
const FINE_LIMIT_MS = 1000;
const FINE_BUCKETS = FINE_LIMIT_MS * 10;
const MAX_MS = 60_000;

const bucketOf = (ms: number): number => (ms < FINE_LIMIT_MS ? Math.round(ms * 10) : FINE_BUCKETS + Math.round(ms - FINE_LIMIT_MS));
const valueOf = (bucket: number): number => (bucket < FINE_BUCKETS ? bucket / 10 : FINE_LIMIT_MS + (bucket - FINE_BUCKETS));

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export class LatencyHistogram {
  readonly #buckets = new Uint32Array(bucketOf(MAX_MS) + 1);
  #count = 0;
  #max = 0;

  record(ms: number): void {
    const clamped = Math.min(MAX_MS, Math.max(0, ms));
    const bucket = bucketOf(clamped);
    this.#buckets[bucket] = (this.#buckets[bucket] ?? 0) + 1;
    this.#count += 1;
    this.#max = Math.max(this.#max, clamped);
  }

  get count(): number {
    return this.#count;
  }

  /** The smallest latency at or below which `fraction` of the samples lie (0 with no samples). */
  quantile(fraction: number): number {
    const rank = Math.ceil(fraction * this.#count);
    let seen = 0;
    for (let i = 0; i < this.#buckets.length && rank > 0; i += 1) {
      seen += this.#buckets[i] ?? 0;
      if (seen >= rank) {
        return valueOf(i);
      }
    }
    return 0;
  }

  percentiles(): Percentiles {
    return { count: this.#count, p50: this.quantile(0.5), p95: this.quantile(0.95), p99: this.quantile(0.99), max: Math.round(this.#max * 10) / 10 };
  }
}
