import { benchBppRun } from "./bpp-run.bench.js";
import { benchBppThroughput } from "./bpp-throughput.bench.js";
import { benchCrypto } from "./crypto.bench.js";
import { benchExchangeOverhead } from "./exchange-overhead.bench.js";
import { benchLoad } from "./load.bench.js";
import { row } from "./measure.js";
import { benchValidate, benchValidateWorstInLimit } from "./validate.bench.js";

/**
 * npm run bench: each figure next to a baseline measured in the same run, as a ratio
 * (ours ÷ baseline; 1.00 means as fast as the baseline). Absolute numbers drift on shared machines.
 * BENCH_SECONDS, BENCH_TRANSACTIONS and BENCH_LOAD_TRANSACTIONS shorten or lengthen it.
 */
const seconds = Number(process.env["BENCH_SECONDS"] ?? "1");
const loadTransactions = Number(process.env["BENCH_LOAD_TRANSACTIONS"] ?? "10000");
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const ms = (n: number): string => `${n.toFixed(2)} ms`;
const ratio = (a: number, b: number | undefined): string => (b === undefined || b === 0 ? "n/a" : (a / b).toFixed(2));

console.log(`p2p-energy-conformance bench (node ${process.version}, ${seconds}s per figure)\n`);

console.log("4. crypto and schemas");
const crypto = await benchCrypto(seconds);
console.log(row(...crypto.sign));
console.log(row(...crypto.verify));
console.log(row(...(await benchValidate(seconds))));
console.log(row(...(await benchValidateWorstInLimit(seconds))));

console.log("\n3. mock BPP throughput");
const bpp = await benchBppThroughput(Number(process.env["BENCH_TRANSACTIONS"] ?? "500"));
const echo = { name: "bare fastify echo + callback", opsPerSecond: bpp.echoTps };
console.log(row({ name: "mock BPP search→on_search (signed)", opsPerSecond: bpp.mockTps }, echo));
console.log(
  `   guide flow search→on_update over HTTP: ${bpp.guideFlowMs.toFixed(0)} ms; grid transfer Pending→Completed: ${bpp.transferMs.toFixed(0)} ms (compressed clock)`,
);

console.log("\n2. harness overhead per exchange (signed request → judged callback, one at a time)");
const overhead = await benchExchangeOverhead();
console.log(
  `   ours ${ms(overhead.oursMs)} per exchange (harness CPU ${ms(overhead.harnessCpuMs)}, SUT CPU ${overhead.sutCpuMs === undefined ? "n/a" : ms(overhead.sutCpuMs)}) over ${overhead.exchanges} exchanges\n` +
    `   raw loopback POST round trip ${ms(overhead.rawRoundTripMs)}: ratio ${ratio(overhead.oursMs, overhead.rawRoundTripMs)}; ` +
    `raw POST + raw callback ${ms(overhead.rawExchangeMs)}: ratio ${ratio(overhead.oursMs, overhead.rawExchangeMs)}`,
);

console.log("\n1. full BPP certification (defaults; the reference BPP in its own process)");
const run = await benchBppRun();
console.log(
  `   wall ${s(run.wallMs)}, harness CPU ${s(run.cpuMs)}, SUT CPU ${run.sutCpuMs === undefined ? "n/a" : s(run.sutCpuMs)}; ` +
    `${run.exchanges} exchanges, ${run.results} results, exit ${run.exitCode}\n` +
    `   the SUT's own time (sum over exchanges of request → ACK or last callback): ${s(run.sutSpanMs)}; ` +
    `wall ÷ SUT time ${ratio(run.wallMs, run.sutSpanMs)}, harness CPU ÷ SUT CPU ${ratio(run.cpuMs, run.sutCpuMs)}\n` +
    `   (the wall time includes the energy transfer on its compressed clock and the probes' ${s(run.quietWindowMs)} quiet window, waits by design)`,
);

console.log(
  `\n5. load mode: ${loadTransactions.toLocaleString("en-US")} transactions (search → status, every check) against the reference BPP in its own process`,
);
const load = await benchLoad(loadTransactions, Number(process.env["BENCH_LOAD_CONCURRENCY"] ?? "8"));
const r = load.report;
console.log(row({ name: `load exchanges (${r.concurrency} at once, judged)`, opsPerSecond: r.throughput * 5 }, echo));
console.log(
  `   ${r.transactions} transactions in ${s(r.durationMs)}: ${r.throughput.toFixed(1)} tx/s; lost callbacks ${r.lostCallbacks}; failed checks ${Object.keys(r.failedChecks).length}; peak RSS ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MB, peak heap ${(r.peakHeapBytes / 2 ** 20).toFixed(0)} MB`,
);
for (const a of r.actions) {
  console.log(
    `   ${a.action.padEnd(8)} ACK p50/p95/p99 ${a.ack.p50}/${a.ack.p95}/${a.ack.p99} ms   callback p50/p95/p99 ${a.callback.p50}/${a.callback.p95}/${a.callback.p99} ms`,
  );
}
const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;
const failed = Object.entries(r.failedChecks)
  .map(([id, n]) => `${id} ×${n}`)
  .join(", ");
console.log(`   ${r.lostCallbacks === 0 ? "PASS" : "FAIL"}: no callback lost (${r.lostCallbacks} lost); checks that failed under load: ${failed || "none"}`);
console.log(
  `   ${load.memoryBounded ? "PASS" : "FAIL"}: memory bounded: heap retained after GC ${mb(load.retainedAtCheckpoint)} at ${load.checkpoint.toLocaleString("en-US")} transactions, ` +
    `${mb(load.retainedAtEnd)} at ${r.transactions.toLocaleString("en-US")} (bound ${mb(load.bound)})`,
);
process.exitCode = r.lostCallbacks === 0 && load.memoryBounded ? 0 : 1;
