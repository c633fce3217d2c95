import type { SkippedStep } from "../drive/run-scenario.js";
import type { CheckResult, Exchange } from "../../../core/check.js";
import { LatencyHistogram, type Percentiles } from "./histogram.js";

/** What a load run measured, per action and in total. Fixed-size, whatever the transaction count. */
export interface ActionFigures {
  readonly action: string;
  /** From sending the request to the ACK's response headers. */
  readonly ack: Percentiles;
  /** From sending the request to its first callback. */
  readonly callback: Percentiles;
}

export interface TallyFigures {
  readonly transactions: number;
  readonly failedTransactions: number;
  readonly lostCallbacks: number;
  readonly skippedSteps: number;
  /** Failing checks by id, with how many times each failed. */
  readonly failedChecks: Readonly<Record<string, number>>;
  readonly warnings: number;
  readonly errors: number;
  readonly actions: readonly ActionFigures[];
}

export class LoadTally {
  readonly #ack = new Map<string, LatencyHistogram>();
  readonly #callback = new Map<string, LatencyHistogram>();
  readonly #failed = new Map<string, number>();
  #transactions = 0;
  #failedTransactions = 0;
  #lost = 0;
  #skipped = 0;
  #warnings = 0;
  #errors = 0;

  constructor(readonly actions: readonly string[]) {
    for (const action of actions) {
      this.#ack.set(action, new LatencyHistogram());
      this.#callback.set(action, new LatencyHistogram());
    }
  }

  /** Adds one judged transaction. A lost callback is one a step waited for and never got. */
  add(exchanges: readonly Exchange[], results: readonly CheckResult[], skipped: readonly SkippedStep[]): void {
    this.#transactions += 1;
    let bad = skipped.length > 0;
    this.#skipped += skipped.length;
    for (const exchange of exchanges) {
      if (exchange.response.kind === "response") {
        this.#ack.get(exchange.action)?.record(exchange.response.headersMs);
      }
      const first = exchange.callbacks.find((c) => c.matchedBy !== "unsolicited");
      if (first) {
        this.#callback.get(exchange.action)?.record(first.atMs);
      } else if (exchange.expectation === "callback") {
        this.#lost += 1;
        bad = true;
      }
    }
    for (const result of results) {
      if (result.status === "fail") {
        this.#failed.set(result.id, (this.#failed.get(result.id) ?? 0) + 1);
        bad = true;
      }
      this.#warnings += result.status === "warn" ? 1 : 0;
      this.#errors += result.status === "error" ? 1 : 0;
    }
    this.#failedTransactions += bad ? 1 : 0;
  }

  get transactions(): number {
    return this.#transactions;
  }

  get lostCallbacks(): number {
    return this.#lost;
  }

  get failedTransactions(): number {
    return this.#failedTransactions;
  }

  figures(): TallyFigures {
    return {
      transactions: this.#transactions,
      failedTransactions: this.#failedTransactions,
      lostCallbacks: this.#lost,
      skippedSteps: this.#skipped,
      failedChecks: Object.fromEntries([...this.#failed].sort(([a], [b]) => a.localeCompare(b))),
      warnings: this.#warnings,
      errors: this.#errors,
      actions: this.actions.map((action) => ({
        action,
        ack: (this.#ack.get(action) as LatencyHistogram).percentiles(),
        callback: (this.#callback.get(action) as LatencyHistogram).percentiles(),
      })),
    };
  }
}
