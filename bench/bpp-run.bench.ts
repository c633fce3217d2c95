import { runSuite } from "../suites/core/run-suite.js";
import { DEFAULT_RUN } from "../suites/core/config.js";
import { BPP_SUITE } from "../suites/roles/bpp/suite.js";
import type { Exchange } from "../suites/core/check.js";
import { freePort, startChildBpp } from "./child-bpp.js";

/**
 * One full BPP certification (`run --role bpp` with the default settings, through the engine)
 * against the reference BPP running in its own process, so the harness's wall and CPU time can be
 * set against the SUT's own: its CPU time, and the time it took to answer (request → last callback).
 */
export interface RunFigures {
  readonly wallMs: number;
  /** CPU time of the harness's process (engine, checks, registry, gateway, receiver). */
  readonly cpuMs: number;
  /** CPU time of the SUT's process, where /proc can tell. */
  readonly sutCpuMs: number | undefined;
  /** Sum over exchanges of the SUT's answer span: from the request to its ACK or its last solicited callback. */
  readonly sutSpanMs: number;
  readonly exchanges: number;
  readonly results: number;
  /** Time spent by design waiting for nothing: the quiet window of the probe phase. */
  readonly quietWindowMs: number;
  readonly exitCode: number;
}

function sutSpan(exchange: Exchange): number {
  const ack = exchange.response.ms;
  const callbacks = exchange.callbacks.filter((c) => c.matchedBy !== "unsolicited").map((c) => c.atMs);
  return Math.max(ack, ...callbacks);
}

export async function benchBppRun(): Promise<RunFigures> {
  const port = await freePort();
  const bpp = await startChildBpp(`http://127.0.0.1:${port}`);
  try {
    const sutCpuBefore = bpp.cpuMs();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await runSuite(BPP_SUITE, { ...DEFAULT_RUN, registryPort: port, target: bpp.url, sutId: bpp.subscriberId, sutKey: bpp.publicKey });
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const sutCpuAfter = bpp.cpuMs();
    return {
      wallMs,
      cpuMs: (used.user + used.system) / 1000,
      sutCpuMs: sutCpuBefore === undefined || sutCpuAfter === undefined ? undefined : sutCpuAfter - sutCpuBefore,
      sutSpanMs: result.exchanges.reduce((sum, e) => sum + sutSpan(e), 0),
      exchanges: result.exchanges.length,
      results: result.results.length,
      quietWindowMs: DEFAULT_RUN.quietWindowMs,
      exitCode: result.exitCode,
    };
  } finally {
    await bpp.stop();
  }
}
