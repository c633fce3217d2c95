/** A time-boxed throughput measurement: warm up, then count operations for a fixed wall time. */
export interface Throughput {
  readonly name: string;
  readonly opsPerSecond: number;
}

export async function measure(name: string, op: () => unknown, seconds = 1): Promise<Throughput> {
  const warmupEnd = performance.now() + 200;
  while (performance.now() < warmupEnd) {
    await op();
  }
  let count = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i += 1) {
      await op();
    }
    count += 50;
  }
  return { name, opsPerSecond: count / ((performance.now() - start) / 1000) };
}

/** One bench row: our figure, its baseline measured in the same run, and their ratio. */
export function row(ours: Throughput, baseline: Throughput): string {
  const ratio = ours.opsPerSecond / baseline.opsPerSecond;
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(10);
  return `${ours.name.padEnd(34)} ${fmt(ours.opsPerSecond)} ops/s   ${baseline.name.padEnd(30)} ${fmt(baseline.opsPerSecond)} ops/s   ratio ${ratio.toFixed(2)}`;
}
