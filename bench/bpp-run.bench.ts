import { BPP_CHECKS } from "../suites/checks/index.js";
import { DEFAULT_RUN } from "../suites/engine/config.js";
import { runBpp } from "../suites/engine/run-bpp.js";

export interface RunFigures {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly exchanges: number;
  readonly results: number;
  /** Time spent by design waiting for nothing: the quiet window of the probe phase. */
  readonly quietWindowMs: number;
  /** The reference BPP's own energy transfer on its compressed clock. */
  readonly transferMs: number;
  readonly exitCode: number;
}

/** One full BPP certification against the embedded reference BPP, with the default settings. */
export async function benchBppRun(): Promise<RunFigures> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await runBpp({ ...DEFAULT_RUN, registryPort: 0 }, BPP_CHECKS);
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    exchanges: result.exchanges.length,
    results: result.results.length,
    quietWindowMs: DEFAULT_RUN.quietWindowMs,
    transferMs: 3000,
    exitCode: result.exitCode,
  };
}
