import { DEFAULT_COMPRESSED_TRANSFER_MS } from "../mocks/grid/index.js";
import { benchBppRun } from "./bpp-run.bench.js";
import type { WaitFigure } from "./table.js";

/**
 * A stand-in for bench/waits.bench.ts (issue 17 part 2, written on another branch), of its shape:
 * it measures the full BPP certification only, with today's run, against the longest forced wait
 * (the transfer on its compressed clock, or the probes' quiet window) + 1 s. The BAP and faulty-SUT
 * rows are the waits bench's own. The integrator replaces this file's import in run.ts with it.
 */
export async function benchWaits(): Promise<WaitFigure[]> {
  const run = await benchBppRun();
  const forcedWaitMs = Math.max(DEFAULT_COMPRESSED_TRANSFER_MS, run.quietWindowMs);
  return [
    {
      name: "full BPP certification (defaults, reference BPP in its own process)",
      wallMs: run.wallMs,
      boundMs: forcedWaitMs + 1000,
      forcedWaitMs,
      note: `${run.exchanges} exchanges, ${run.results} results, exit ${run.exitCode}; harness CPU ${run.cpuMs.toFixed(0)} ms, SUT CPU ${run.sutCpuMs ?? "n/a"} ms`,
    },
  ];
}
