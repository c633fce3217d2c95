import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { benchBppThroughput } from "./bpp-throughput.bench.js";
import { benchCrypto } from "./crypto.bench.js";
import { benchExchangeOverhead } from "./exchange-overhead.bench.js";
import { loadRows } from "./load-rows.js";
import { benchLoad } from "./load.bench.js";
import { formatTable, ratioRow, waitRow, type BenchRow } from "./table.js";
import { benchValidate, benchValidateWorstInLimit } from "./validate.bench.js";
import { benchWaits } from "./waits.bench.js";

/**
 * npm run bench: one table of every figure of issue 17's part 2, each beside a baseline measured in
 * the same run, with its goal, written also to reports/out/bench.json with the raw numbers.
 * Absolute numbers drift on shared machines; the ratios and margins are what to compare.
 * BENCH_SECONDS, BENCH_TRANSACTIONS, BENCH_LOAD_TRANSACTIONS and BENCH_LOAD_CONCURRENCY shorten or lengthen it.
 */
const seconds = Number(process.env["BENCH_SECONDS"] ?? "1");
const loadTransactions = Number(process.env["BENCH_LOAD_TRANSACTIONS"] ?? "10000");
const loadConcurrency = Number(process.env["BENCH_LOAD_CONCURRENCY"] ?? "100");
const started = performance.now();
const took: Record<string, number> = {};
async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const at = performance.now();
  process.stderr.write(`bench: ${name}…\n`);
  const result = await work();
  took[name] = Math.round(performance.now() - at);
  return result;
}
const ops = (t: { name: string; opsPerSecond: number }) => ({ name: t.name, perSecond: t.opsPerSecond });

const waits = await timed("waits", benchWaits);
const overhead = await timed("exchange overhead", () => benchExchangeOverhead());
const throughput = await timed("mock BPP throughput", () => benchBppThroughput(Number(process.env["BENCH_TRANSACTIONS"] ?? "500")));
const crypto = await timed("crypto", () => benchCrypto(seconds));
const validate = await timed("validate", async () => [await benchValidate(seconds), await benchValidateWorstInLimit(seconds)]);
const load = await timed("load", () => benchLoad(loadTransactions, loadConcurrency));
const echo = { name: "bare fastify echo + callback", perSecond: throughput.echoTps };

const overheadMs = overhead.oursMs - overhead.rawExchangeMs;
const rows: BenchRow[] = [
  ...waits.filter((w) => /BPP certification/.test(w.name)).map(waitRow),
  {
    figure: "harness overhead per exchange (signed request → judged callback, one at a time)",
    ours: `${overhead.oursMs.toFixed(2)} ms (harness CPU ${overhead.harnessCpuMs.toFixed(2)} ms, SUT CPU ${overhead.sutCpuMs?.toFixed(2) ?? "n/a"} ms)`,
    baseline: `raw POST + raw callback ${overhead.rawExchangeMs.toFixed(2)} ms`,
    margin: `+${overheadMs.toFixed(2)} ms`,
    goal: "≤ +1.00 ms",
    pass: overheadMs <= 1,
    raw: { ...overhead },
  },
  ratioRow("mock BPP, signed search → verified on_search", { name: "mock BPP", perSecond: throughput.mockTps }, echo, 0.5),
  ratioRow("sign (signBody)", ops(crypto.sign[0]), ops(crypto.sign[1]), 0.9),
  ratioRow("verify (verifySignatureHeader)", ops(crypto.verify[0]), ops(crypto.verify[1]), 0.9),
  ...loadRows(load, loadConcurrency, echo, overhead.rawRoundTripMs),
  ...waits.filter((w) => !/BPP certification/.test(w.name)).map(waitRow),
  ...validate.map(([ours, baseline]) => ratioRow(ours.name, ops(ours), ops(baseline), undefined)),
];

const durationMs = Math.round(performance.now() - started);
console.log(`p2p-energy-conformance bench (node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(2)})\n`);
console.log(formatTable(rows));
console.log(
  `\nmock guide flow search→on_update over HTTP ${throughput.guideFlowMs.toFixed(0)} ms; grid transfer Pending→Completed ${throughput.transferMs.toFixed(0)} ms (compressed clock)`,
);
for (const a of load.report.actions) {
  console.log(
    `load ${a.action.padEnd(8)} ACK p50/p95/p99 ${a.ack.p50}/${a.ack.p95}/${a.ack.p99} ms, callback ${a.callback.p50}/${a.callback.p95}/${a.callback.p99} ms`,
  );
}
console.log(
  `\nthe whole bench took ${(durationMs / 1000).toFixed(0)} s (${Object.entries(took)
    .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(0)} s`)
    .join(", ")})`,
);

const out = new URL("../reports/out/", import.meta.url);
mkdirSync(out, { recursive: true });
const machine = { node: process.version, cpus: availableParallelism(), cpuModel: cpus()[0]?.model, loadAverage: loadavg() };
writeFileSync(new URL("bench.json", out), `${JSON.stringify({ date: new Date().toISOString(), ...machine, durationMs, took, rows }, null, 2)}\n`);
console.log("written: reports/out/bench.json");
process.exitCode = rows.some((r) => r.pass === false) ? 1 : 0;
