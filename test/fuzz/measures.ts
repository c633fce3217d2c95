import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * What the fuzz suite measures of the process that runs the whole mock network: how long its event
 * loop was blocked while a request was handled, and its heap once garbage has been collected.
 */

/** The histogram's sampling interval: an idle loop reads about this much. */
const RESOLUTION_MS = 10;

/** The event loop's longest block, in ms, while `work` ran (beyond the sampling interval). */
export class LoopBlock {
  readonly #histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });

  constructor() {
    this.#histogram.enable();
  }

  async measure<T>(work: () => Promise<T>): Promise<{ value: T; blockMs: number }> {
    this.#histogram.reset();
    const value = await work();
    // Two more turns of the loop (each passes the timers phase), so a block that ended with the answer is sampled.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    return { value, blockMs: Math.max(0, this.#histogram.max / 1e6 - RESOLUTION_MS) };
  }

  close(): void {
    this.#histogram.disable();
  }
}

/** The block a request may cause on an idle machine (issue 19). */
export const MAX_BLOCK_MS = 100;
/** On a machine too busy for that, the budget is this many times the parse of the body's text. */
export const BUSY_PARSE_FACTOR = 25;

/**
 * The block a request with this body may cause: 100 ms, or, on a machine so busy that parsing the
 * body's text alone takes more than 4 ms, 25 times that parse (the best of three), so the budget
 * follows the machine's speed while still catching a super-linear block (seconds where the parse
 * takes ms). docs/limits.md "Validation work".
 */
export function blockBudgetMs(text: string): number {
  let parseMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    try {
      JSON.parse(text);
    } catch {
      // not JSON: its parse costs what it costs
    }
    parseMs = Math.min(parseMs, performance.now() - started);
  }
  return Math.max(MAX_BLOCK_MS, BUSY_PARSE_FACTOR * parseMs);
}

let collect: (() => void) | undefined;

/** The heap in use after a full garbage collection (gc exposed through v8 flags, no `--expose-gc` needed). */
export function heapAfterGc(): number {
  if (collect === undefined) {
    setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc") as () => void;
  }
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

export const MB = 1024 * 1024;
