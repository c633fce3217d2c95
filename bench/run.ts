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
