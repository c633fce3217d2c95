import { benchBppRun } from "./bpp-run.bench.js";
import { benchBppThroughput } from "./bpp-throughput.bench.js";
import { benchCrypto } from "./crypto.bench.js";
import { row } from "./measure.js";
import { benchValidate } from "./validate.bench.js";

/**
 * npm run bench: each figure next to a baseline measured in the same run, as a ratio
 * (ours ÷ baseline; 1.00 means as fast as the baseline). Absolute numbers drift on shared machines.
 */
const seconds = Number(process.env["BENCH_SECONDS"] ?? "1");

console.log(`p2p-energy-conformance bench (node ${process.version}, ${seconds}s per figure)\n`);
const crypto = await benchCrypto(seconds);
console.log(row(...crypto.sign));
console.log(row(...crypto.verify));
console.log(row(...(await benchValidate(seconds))));

const bpp = await benchBppThroughput(Number(process.env["BENCH_TRANSACTIONS"] ?? "500"));
console.log(row({ name: "mock BPP search→on_search (signed)", opsPerSecond: bpp.mockTps }, { name: "bare fastify echo + callback", opsPerSecond: bpp.echoTps }));
console.log(`\nguide flow search→on_update over HTTP: ${bpp.guideFlowMs.toFixed(0)} ms; grid transfer Pending→Completed: ${bpp.transferMs.toFixed(0)} ms (compressed clock)`);

const run = await benchBppRun();
console.log(
  `full BPP certification (reference BPP, defaults): wall ${(run.wallMs / 1000).toFixed(2)} s, CPU ${(run.cpuMs / 1000).toFixed(2)} s ` +
    `(harness and embedded BPP together), ${run.exchanges} exchanges, ${run.results} results, exit ${run.exitCode}; ` +
    `of the wall time, ${(run.transferMs / 1000).toFixed(1)} s is the BPP's own energy transfer and ${(run.quietWindowMs / 1000).toFixed(1)} s the probes' quiet window`,
);
