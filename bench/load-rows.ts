import type { LoadFigures } from "./load.bench.js";
import { ratioRow, type BenchRow } from "./table.js";

const MB = 2 ** 20;
/** The goal of the ACK latency under load: every action's p99 under 50 ms. */
export const LOAD_P99_ACK_GOAL_MS = 50;

/**
 * The load figure's rows: its throughput against the echo's (no goal of its own), no callback
 * lost, the worst action's p99 ACK against a raw loopback round trip, and memory flat past warm-up.
 */
export function loadRows(
  load: LoadFigures,
  concurrency: number,
  echo: { readonly name: string; readonly perSecond: number },
  rawRoundTripMs: number,
): BenchRow[] {
  const r = load.report;
  const label = `load, ${r.transactions.toLocaleString("en-US")} whole transactions at concurrency ${concurrency}`;
  const worst = r.actions.reduce((a, b) => (b.ack.p99 > a.ack.p99 ? b : a));
  const failed = Object.entries(r.failedChecks).map(([id, n]) => `${id} ×${n}`);
  return [
    ratioRow(`${label}: judged exchanges`, { name: `${r.throughput.toFixed(1)} tx/s, exchanges`, perSecond: r.throughput * r.actions.length }, echo, undefined),
    {
      figure: `${label}: lost callbacks`,
      ours: `${r.lostCallbacks} lost; checks failed: ${failed.join(", ") || "none"}`,
      baseline: "—",
      margin: "—",
      goal: "0 lost",
      pass: r.lostCallbacks === 0,
      raw: { lostCallbacks: r.lostCallbacks, failedChecks: r.failedChecks, lateCallbacks: r.lateCallbacks, errors: r.errors, durationMs: r.durationMs },
    },
    {
      figure: `${label}: p99 ACK (worst action)`,
      ours: `${worst.ack.p99} ms (${worst.action})`,
      baseline: `raw loopback round trip ${rawRoundTripMs.toFixed(2)} ms`,
      margin: `+${(worst.ack.p99 - rawRoundTripMs).toFixed(1)} ms`,
      goal: `< ${LOAD_P99_ACK_GOAL_MS} ms`,
      pass: worst.ack.p99 < LOAD_P99_ACK_GOAL_MS,
      raw: { actions: r.actions },
    },
    {
      figure: `${label}: memory flat (heap retained after GC)`,
      ours: `${(load.retainedAtEnd / MB).toFixed(1)} MB at ${r.transactions.toLocaleString("en-US")}`,
      baseline: `${(load.retainedAtCheckpoint / MB).toFixed(1)} MB at ${load.checkpoint.toLocaleString("en-US")}`,
      margin: `${(((load.retainedAtEnd - load.retainedAtCheckpoint) / load.retainedAtCheckpoint) * 100).toFixed(0)}%`,
      goal: `≤ ${(load.bound / MB).toFixed(1)} MB (+25% + 8 MB)`,
      pass: load.memoryBounded,
      raw: {
        retainedAtCheckpoint: load.retainedAtCheckpoint,
        retainedAtEnd: load.retainedAtEnd,
        bound: load.bound,
        peakRssBytes: r.peakRssBytes,
        peakHeapBytes: r.peakHeapBytes,
      },
    },
  ];
}
