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
